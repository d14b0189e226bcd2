"""Bookmark routes and the bookmark state on the list and the paper page.

Refusals (anonymous, GET, missing CSRF token, another user's note), the no-JavaScript
path (redirect back to ``next``) and the JavaScript path (JSON).
"""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.models import Bookmark, Paper
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.digests import SEED, papers_by_date, plain_digest
from tests.readers import login, three_papers_saved_by

pytestmark = pytest.mark.django_db

NOTE = "Private: compare with the ablation in table 4."
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def paper():
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    return Paper.objects.order_by("pk").first()


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", password="pw-ada-12345", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="pw-bob-12345", first_name="Bob", last_name="Kahn")


def save_url(paper):
    return reverse("papers:bookmark", args=[paper.pk])


def delete_url(paper):
    return reverse("papers:bookmark-delete", args=[paper.pk])


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# Refusals


@pytest.mark.private_reading
def test_anonymous_post_redirects_to_login_and_changes_nothing(client, paper, ada):
    save_bookmark(ada, paper, status="reading")
    for url in (save_url(paper), delete_url(paper)):
        response = client.post(url, {"status": "read", "next": "/?topic=vision"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    assert list(Bookmark.objects.values_list("user__username", "status")) == [("ada", "reading")]
    assert client.post(save_url(paper), {"status": "read"}, **JSON).status_code == 401


def test_get_is_refused_with_405(paper, ada):
    client = login(ada)
    assert client.get(save_url(paper)).status_code == 405
    assert client.get(delete_url(paper)).status_code == 405
    assert not Bookmark.objects.exists()


def test_post_without_csrf_token_is_refused(paper, ada):
    client = login(ada, enforce_csrf_checks=True)
    assert client.post(save_url(paper), {"status": "read"}).status_code == 403
    save_bookmark(ada, paper)
    assert client.post(delete_url(paper)).status_code == 403
    assert Bookmark.objects.get().status == "to_read"


def test_post_with_csrf_token_from_the_page_works(paper, ada):
    client = login(ada, enforce_csrf_checks=True)
    page = soup(client.get(reverse("papers:detail", args=[paper.pk])))
    token = page.select_one(".bm-save input[name=csrfmiddlewaretoken]")["value"]
    response = client.post(save_url(paper), {"csrfmiddlewaretoken": token, "status": "reading"})
    assert response.status_code == 302
    assert Bookmark.objects.get().status == "reading"


def test_invalid_status_is_a_400_and_changes_nothing(paper, ada):
    client = login(ada)
    assert client.post(save_url(paper), {"status": "skimmed"}).status_code == 400
    assert client.post(save_url(paper), {"status": "skimmed"}, **JSON).status_code == 400
    assert not Bookmark.objects.exists()


def test_unknown_paper_is_404(ada):
    assert login(ada).post("/papers/999999/bookmark/").status_code == 404


def test_nobody_sees_another_users_note(paper, ada, bob):
    save_bookmark(ada, paper, status="reading", note=NOTE)
    detail = reverse("papers:detail", args=[paper.pk])
    as_bob = login(bob)
    html = as_bob.get(detail).content.decode()
    assert NOTE not in html and "Ada Lovelace" in html  # bob sees that Ada saves it, not what she wrote
    assert NOTE not in as_bob.get("/").content.decode()
    response = as_bob.post(save_url(paper), {"status": "to_read"}, **JSON)
    assert NOTE not in response.content.decode()
    assert NOTE not in as_bob.get(reverse("papers:api-detail", args=[paper.pk])).content.decode()
    # Bob's save made his own bookmark; Ada's is untouched.
    assert Bookmark.objects.get(user=ada).note == NOTE and Bookmark.objects.get(user=bob).note == ""
    # Ada sees her own note on the paper page.
    textarea = soup(login(ada).get(detail)).select_one("textarea[name=note]")
    assert textarea.get_text() == NOTE


def test_removing_only_removes_my_own(paper, ada, bob):
    save_bookmark(ada, paper, note=NOTE)
    login(bob).post(delete_url(paper))
    assert Bookmark.objects.filter(user=ada).exists()


# The no-JavaScript path


def test_save_redirects_back_to_next_with_filters_kept(paper, ada):
    client = login(ada)
    back = f"/?q=diffusion&topic=vision&page=1#paper-{paper.pk}"
    response = client.post(save_url(paper), {"status": "to_read", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Bookmark.objects.get(user=ada, paper=paper).status == "to_read"
    page = client.get("/?q=diffusion&topic=vision")
    assert "Saved to your reading list" in page.content.decode()
    response = client.post(save_url(paper), {"status": "read", "next": back})
    assert response["Location"] == back and Bookmark.objects.get().status == "read"
    response = client.post(delete_url(paper), {"next": back})
    assert response["Location"] == back and not Bookmark.objects.exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_off_site_next_falls_back_to_the_paper_page(paper, ada, next_url):
    response = login(ada).post(save_url(paper), {"next": next_url})
    assert response["Location"] == reverse("papers:detail", args=[paper.pk])


def test_list_row_form_keeps_the_note(paper, ada):
    save_bookmark(ada, paper, note=NOTE)
    login(ada).post(save_url(paper), {"status": "read"})  # a list row sends no note field
    assert Bookmark.objects.get().note == NOTE


# The JavaScript path


def test_json_answers_the_new_state(paper, ada, bob):
    save_bookmark(bob, paper, status="read", note="bob's own")
    client = login(ada)
    data = client.post(save_url(paper), {"status": "reading", "note": NOTE}, **JSON).json()
    assert data["saved"] is True and data["status"] == "reading" and data["note_present"] is True
    assert [(s["initials"], s["status"]) for s in data["savers"]] == [("BK", "read"), ("AL", "reading")]
    assert "bob's own" not in json.dumps(data) and NOTE not in json.dumps(data)
    data = client.post(delete_url(paper), **JSON).json()
    assert data == {"saved": False, "status": None, "note_present": False, "savers": data["savers"]}
    assert [s["username"] for s in data["savers"]] == ["bob"]


# Showing the state


def test_rows_and_paper_page_show_my_state_and_the_team(paper, ada, bob):
    save_bookmark(bob, paper, status="reading")
    client = login(ada)
    card = next(c for c in soup(client.get("/", {"page_size": 100})).select(".paper-card") if c.select_one(f"#paper-{paper.pk}"))
    assert not card.select_one(".bm-new").has_attr("hidden")  # Ada has not saved it
    saver = card.select_one(".saver")
    assert saver["title"] == "Bob Kahn — reading" and "Bob Kahn (reading)" in saver.get_text()
    client.post(save_url(paper), {"status": "read"})
    page = soup(client.get(reverse("papers:detail", args=[paper.pk])))
    assert page.select_one(".bm-new").has_attr("hidden")
    assert page.select_one("select[name=status] option[selected]")["value"] == "read"
    assert [li["title"] for li in page.select(".saver")] == ["Bob Kahn — reading", "Ada Lovelace — read"]


def test_every_row_posts_to_its_own_paper(paper, ada):
    cards = soup(login(ada).get("/", {"page_size": 100})).select(".paper-card")
    assert len(cards) == 72
    for card in cards:
        pk = int(card.select_one("h2")["id"].removeprefix("paper-"))
        assert card.select_one("form.bm-save")["action"] == save_url(Paper(pk=pk))
        assert card.select_one("form.bm-remove")["action"] == delete_url(Paper(pk=pk))


def test_anonymous_public_reading_shows_no_bookmarks(client, paper, ada):
    save_bookmark(ada, paper)
    page = soup(client.get("/"))
    assert not page.select(".bookmark") and not page.select(".saver")


def _queries(client):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", {"page_size": 100}).status_code == 200
    return len(queries)


def test_logged_in_list_query_count_does_not_grow_with_rows(ada, bob):
    rows = papers_by_date()["2024-06-14"]
    three_papers_saved_by(ada, bob)
    client = login(ada)
    few = _queries(client)
    import_digest(plain_digest(rows[3:9], "2024-06-15", year=True).encode(), filename="b.txt")
    for paper in Paper.objects.all():
        save_bookmark(ada, paper, status="reading")
        save_bookmark(bob, paper)
    assert Paper.objects.count() >= 6
    more = _queries(client)
    # session and user, then the anonymous list's 6, then the saved facets' counts
    # (one query from the bookmarks), who saved the page's papers, and whether the
    # reader follows this search ("Follow this search" or the name it is followed under)
    assert few == more == 2 + 6 + 1 + 1 + 1
