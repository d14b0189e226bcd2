"""The reading pages: list (newest digest first, paged) and the paper page."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.models import Paper
from papers.services.importing import import_digest
from papers.selectors import PAGE_SIZES, facets

PAGE_SIZE = PAGE_SIZES[0]
from tests.digests import API_FILES, SEED, papers_by_date, plain_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(page):
    return [a.get_text(strip=True) for a in page.select(".paper-card h2 a")]


def test_empty_state(client):
    page = soup(client.get("/"))
    assert "No papers yet" in page.get_text()


def test_list_shows_newest_digest_first_with_paging(client, sample):
    import_digest(API_FILES[1].read_bytes(), filename=API_FILES[1].name)  # 2026-06-01, newer
    newest = Paper.objects.filter(last_listed_on=dt.date(2026, 6, 1)).order_by("-id")
    first = soup(client.get("/"))
    assert len(titles(first)) == PAGE_SIZE
    assert titles(first)[0] == newest[0].title
    assert first.select_one(".total").get_text(" ", strip=True).startswith("121 papers")
    last = soup(client.get("/?page=5"))  # 121 papers, 25 a page
    assert len(titles(last)) == 121 - 4 * PAGE_SIZE
    assert titles(last)[-1] == Paper.objects.filter(last_listed_on=dt.date(2026, 3, 12)).order_by("id")[0].title
    every = [t for n in range(1, 6) for t in titles(soup(client.get(f"/?page={n}")))]
    assert len(every) == len(set(every)) == 121


@pytest.mark.parametrize("value", ["abc", "-1", "0", "99999", "1.5", "%00"])
def test_bad_page_numbers_never_fail(client, sample, value):
    assert len(titles(soup(client.get("/", {"page": value})))) > 0


def _queries(client, params=None):
    cache.clear()  # measure the uncached path: facet counts computed, not read back
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", params or {}).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_rows_or_page_size(client, monkeypatch):
    day = "2024-06-14"
    rows = papers_by_date()[day]
    import_digest(plain_digest(rows[:3], day, year=True).encode(), filename="a.txt")
    few = _queries(client)
    import_digest(plain_digest(rows[3:], "2024-06-15", year=True).encode(), filename="b.txt")
    more = _queries(client)
    # data version, facet counts, page ids, the papers, topic names, dataset names
    assert few == more == 6
    # A search also asks the planner how much it matches (counted directly here: MOST
    # pins it), and its counts price out sequential scans for their statement, putting
    # the setting back: the test runs inside a transaction (selectors.facets._fetch_search_scan).
    monkeypatch.setattr(facets, "MOST", 1.0)
    assert _queries(client, {"page_size": 100, "q": "model"}) == _queries(client, {"page_size": 25, "q": "model"}) == 9


def test_facet_counts_are_cached_until_papers_change(client):
    rows = papers_by_date()["2024-06-14"]
    import_digest(plain_digest(rows[:3], "2024-06-14", year=True).encode(), filename="a.txt")
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        page = soup(client.get("/"))
    assert len(second) == len(first) - 1  # the counts came from the cache
    assert page.select_one(".total").get_text(" ", strip=True).startswith("3 papers")
    import_digest(plain_digest(rows[3:6], "2024-06-15", year=True).encode(), filename="b.txt")
    page = soup(client.get("/"))  # a new data version: counted again
    assert page.select_one(".total").get_text(" ", strip=True).startswith("6 papers")
    digest_counts = [a.select_one(".count").get_text() for a in page.select('.facet[aria-labelledby="facet-digest"] a')]
    assert digest_counts == ["3", "3"]


def test_each_facet_is_cached_under_the_other_facets_selections(client):
    """Choosing another digest reuses the digest counts: they depend on the other facets only."""
    rows = papers_by_date()["2024-06-14"]
    import_digest(plain_digest(rows[:4], "2024-06-14", year=True).encode(), filename="a.txt")
    import_digest(plain_digest(rows[2:7], "2024-06-15", year=True).encode(), filename="b.txt")
    cache.clear()
    client.get("/", {"has_code": "false"})
    with CaptureQueriesContext(connection) as picked:
        page = soup(client.get("/", {"has_code": "false", "digest": "2024-06-15"}))
    counts_sql = next(q["sql"] for q in picked.captured_queries if "GROUP BY" in q["sql"])
    assert "unnest(p.listed_on)" not in counts_sql  # the digest part came from the cache
    assert "topic_bits" in counts_sql  # the others are counted under the new digest
    digests = {a.select_one(".label").get_text(): a.select_one(".count").get_text()
               for a in page.select('.facet[aria-labelledby="facet-digest"] a')}
    assert set(digests.values()) != {"0"}
    without = Paper.objects.filter(code_host="")
    assert digests == {
        "Jun 15, 2024": str(without.filter(listed_on__contains=["2024-06-15"]).count()),
        "Jun 14, 2024": str(without.filter(listed_on__contains=["2024-06-14"]).count()),
    }


def test_cached_counts_belong_to_one_database(client):
    """Version numbers restart in every database; the cache key names the database too."""
    rows = papers_by_date()["2024-06-14"]
    import_digest(plain_digest(rows[:3], "2024-06-14", year=True).encode(), filename="a.txt")
    client.get("/")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE papers_data_version SET instance = gen_random_uuid()")  # as a restored backup
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert any("GROUP BY" in q["sql"] for q in after.captured_queries)  # counted again, not read back


def test_detail_page(client, sample):
    import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name)
    paper = Paper.objects.get(arxiv_id="2505.22653")
    page = soup(client.get(reverse("papers:detail", args=[paper.pk])))
    assert page.h1.get_text(strip=True) == paper.title
    links = {a.get_text(strip=True): a["href"] for a in page.select(".links a")}
    assert links["arXiv 2505.22653"] == "https://arxiv.org/abs/2505.22653"
    assert links["PDF"] == "https://arxiv.org/pdf/2505.22653"
    assert links["Code: github.com/trestad/Noisy-Rewards-in-Learning-to-Reason"] == paper.code_url
    abstract_links = [a["href"] for a in page.select(".abstract a")]
    assert "https://github.com/trestad/Noisy-Rewards-in-Learning-to-Reason" in abstract_links
    assert "Sat, May 31, 2025" not in page.get_text() and "Fri, May 30, 2025" in page.get_text()


def test_detail_lists_every_digest(client):
    day = "2024-06-14"
    rows = papers_by_date()[day][:2]
    import_digest(plain_digest(rows, day, year=True).encode(), filename="first.txt")
    import_digest(plain_digest(rows, "2024-06-21", year=True).encode(), filename="second.txt")
    paper = Paper.objects.get(title=rows[0]["title_oneline"])
    text = soup(client.get(paper.get_absolute_url())).select_one(".digests").get_text(" ", strip=True)
    assert text.index("Jun 21, 2024") < text.index("Jun 14, 2024")


def test_imported_text_is_escaped(client):
    row = papers_by_date()["2024-06-14"][0]
    hostile = (
        "Jun 14, 2024\n\n<script>alert('title')</script> Depth\n\n"
        + row["abstract"]
        # Markup a paper can name as text ("<svg onload=…>"); an <img> tag would be refused as page syntax.
        + " <svg onload=alert(1)> see https://github.com/o/r\"onmouseover=alert(1)\n"
    )
    import_digest(hostile.encode(), filename="hostile.txt")
    paper = Paper.objects.get()
    for url in ("/", paper.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<svg onload" not in html
        assert "&lt;script&gt;" in html
    page = soup(client.get(paper.get_absolute_url()))
    assert all(not a.get("onmouseover") for a in page.select("a"))


def test_unknown_paper_is_404(client):
    assert client.get("/papers/999999/").status_code == 404


def test_facet_links_toggle_their_value_and_keep_the_rest_of_the_state(client, sample):
    from urllib.parse import parse_qsl

    params = {"q": "model", "digest": "2026-03-12", "has_code": "true", "page": "2", "sort": "title"}
    page = soup(client.get("/", params))
    links = page.select(".facet a")
    assert len(links) > 20
    for link in links:
        facet = link.find_parent("section")["aria-labelledby"].removeprefix("facet-")
        got = parse_qsl(link["href"].removeprefix("?"), keep_blank_values=True)
        assert ("page", "2") not in got  # a new filter starts at page one
        others = [(k, v) for k, v in got if k != facet]
        assert others == [(k, v) for k, v in params.items() if k not in (facet, "page")], link["href"]
        mine = [v for k, v in got if k == facet]
        if link.get("aria-current") == "true":
            assert params[facet] not in mine  # a selected value's link removes it
        else:
            assert len(mine) == (2 if facet in params else 1)  # added beside the selected one
