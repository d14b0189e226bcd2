"""My reading list and a team member's list: the list page over one user's saves.

Same search, facets and sorting as the main list (one selector), plus a status
facet and the date saved; my notes on mine, never another member's note on theirs.
"""

import datetime as dt
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Bookmark
from papers.selectors import PaperQuery, facets_for, search_papers
from papers.services.bookmarks import save_bookmark
from tests.readers import import_seed, login

pytestmark = pytest.mark.django_db

ADA_NOTE = "Ada's private note: check the scaling curve."
BOB_NOTE = "Bob's private note: reproduce table 2."


@pytest.fixture
def papers():
    return import_seed()


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob")


def _save(user, papers, statuses=("to_read", "reading", "read")):
    for n, paper in enumerate(papers):
        save_bookmark(user, paper, status=statuses[n % len(statuses)])


def _ids(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [int(h2["id"].removeprefix("paper-")) for h2 in soup.select(".paper-card h2")]


@pytest.mark.private_reading
def test_reading_lists_need_an_account_even_with_public_reading(client, settings, bob):
    settings.LECTERN_PUBLIC_READING = True
    for url in ("/reading-list/", "/team/bob/", "/reading-list/export.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_my_list_holds_my_papers_newest_save_first_with_my_notes(papers, ada, bob):
    _save(ada, papers[:5])
    _save(bob, papers[3:9])
    Bookmark.objects.filter(user=ada, paper=papers[2]).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    save_bookmark(ada, papers[0], note=ADA_NOTE)
    save_bookmark(bob, papers[3], note=BOB_NOTE)
    response = login(ada).get("/reading-list/")
    assert response.status_code == 200
    assert _ids(response) == [p.id for p in (papers[4], papers[3], papers[1], papers[0], papers[2])]
    html = response.content.decode()
    assert "My reading list" in html and ADA_NOTE.replace("'", "&#x27;") in html
    assert "Bob&#x27;s private note" not in html
    assert 'value="saved" selected' in html  # the default order is the date saved


def test_status_facet_counts_equal_clicking_them(papers, ada):
    _save(ada, papers[:12])
    query = PaperQuery(viewer=ada.pk, owner=ada.pk)
    page = search_papers(query)
    assert [(v.value, v.count) for v in page.facets["status"]] == [("to_read", 4), ("reading", 4), ("read", 4)]
    for state in (query, replace(query, q="model"), replace(query, statuses=("read",))):
        page = search_papers(state)
        for facet in facets_for(state):
            for value in page.facets[facet.name]:
                clicked = replace(state, **{facet.attr: (value.value,)})
                if facet.name == "digest":
                    clicked = replace(state, digests=(dt.date.fromisoformat(value.value),))
                elif facet.name == "has_code":
                    clicked = replace(state, has_code=(value.value == "true",))
                assert search_papers(clicked).total == value.count, (facet.name, value)


def test_status_filter_search_and_sort_work_on_the_list(papers, ada):
    _save(ada, papers[:9])
    client = login(ada)
    read = _ids(client.get("/reading-list/", {"status": "read"}))
    assert read == [papers[8].id, papers[5].id, papers[2].id]
    by_title = _ids(client.get("/reading-list/", {"sort": "title"}))
    assert by_title == [p.id for p in sorted(papers[:9], key=lambda p: (p.title_key, p.id))]
    # A title word of a saved paper finds it; the same search on the main list finds more.
    searched = _ids(client.get("/reading-list/", {"q": "convolution"}))
    everywhere = {p.id for p in search_papers(PaperQuery(q="convolution", page_size=100)).papers}
    assert set(searched) == {p.id for p in papers[:9]} & everywhere != set()
    assert len(everywhere) > len(searched)


def test_the_main_list_ignores_a_status_and_lists_ignore_saved(papers, ada):
    _save(ada, papers[:3])
    client = login(ada)
    page = client.get("/", {"status": "read"})
    assert len(_ids(page)) == 25  # no status facet outside a reading list
    assert len(_ids(client.get("/reading-list/", {"saved": "none"}))) == 3


def test_an_empty_list_says_how_to_fill_it(papers, ada):
    html = login(ada).get("/reading-list/").content.decode()
    assert "Your reading list is empty" in html


def test_a_members_list_shows_their_papers_and_statuses_never_their_notes(papers, ada, bob):
    _save(bob, papers[:4])
    save_bookmark(bob, papers[0], note=BOB_NOTE)
    response = login(ada).get("/team/bob/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "bob’s reading list" in html and len(_ids(response)) == 4
    assert "reproduce table 2" not in html and "My note" not in html
    assert "reading-list/export" not in html  # exports are of my own list only


def test_unknown_or_inactive_members_are_not_found_and_my_own_name_is_my_list(papers, ada, bob, client):
    client = login(ada)
    assert client.get("/team/nobody/").status_code == 404
    bob.is_active = False
    bob.save()
    assert client.get("/team/bob/").status_code == 404
    response = client.get("/team/ada/", {"status": "read"})
    assert response.status_code == 302 and response["Location"] == "/reading-list/?status=read"


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page_size": 100}).status_code == 200
    return len(queries)


def test_reading_list_query_count_does_not_grow_with_rows(papers, ada, bob):
    _save(ada, papers[:3])
    _save(bob, papers[:3])
    client = login(ada)
    few, few_member = _queries(client, "/reading-list/"), _queries(client, "/team/bob/")
    _save(ada, papers[3:60])
    _save(bob, papers[3:60])
    more, more_member = _queries(client, "/reading-list/"), _queries(client, "/team/bob/")
    assert few == more and few_member == more_member
    # session, user; version, counts, page ids, papers, topics, datasets; savers; my notes
    assert more == 2 + 6 + 1 + 1
    assert more_member == 2 + 1 + 6 + 1  # the member is looked up; no notes are read
