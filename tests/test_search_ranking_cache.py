"""A search's ranked list is computed once per data version: the next page, or the next
reader with the same search, slices the cached list; an import ranks again, and the new
papers take their place."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.services.importing import import_digest
from tests.digests import papers_by_date, plain_digest

pytestmark = pytest.mark.django_db
WORD = "model"


def _search(client, page: int = 1) -> tuple[list[str], int]:
    """The titles shown, and how many ranking queries the request ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", {"q": WORD, "page": page, "page_size": 25})
    assert response.status_code == 200
    titles = [" ".join(h.get_text().split()) for h in BeautifulSoup(response.content, "html.parser").select(".paper-card h2")]
    return titles, sum("ts_rank(" in q["sql"] for q in queries.captured_queries)


def test_the_ranked_list_is_reused_until_the_papers_change(client, django_user_model):
    days = papers_by_date()
    rows = days["2024-06-14"] + days["2024-10-10"]
    import_digest(plain_digest(rows[:-5], "2024-10-10", year=True).encode(), filename="a.txt")
    first, ranked = _search(client)
    assert ranked == 1 and len(first) == 25
    second_page, ranked = _search(client, page=2)
    assert ranked == 0 and second_page and not set(second_page) & set(first)
    again, ranked = _search(client)
    assert (again, ranked) == (first, 0)

    other = django_user_model.objects.create_user("other", password="pw-other-ranking-1")
    client.force_login(other)  # another reader: the same papers, the same list
    assert _search(client) == (first, 0)

    new = [r for r in rows[-5:] if WORD in (r["title_oneline"] + r["abstract_oneline"]).lower()]
    assert new, "the last papers of the day should match the word"
    import_digest(plain_digest(rows[-5:], "2024-10-11", year=True).encode(), filename="b.txt")
    after, ranked = _search(client)
    assert ranked == 1  # a new data version: ranked again
    shown = set(after) | set(_search(client, page=2)[0]) | set(_search(client, page=3)[0])
    assert {r["title_oneline"] for r in new} <= shown
