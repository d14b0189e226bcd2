"""The team's facets (saved=me|team|none, saved_by=<username>) and sort=most_saved.

The same property as the papers' own facets: every count equals the number of
results of clicking it, in states that mix search, paper facets and saved facets.
"""

import datetime as dt
from dataclasses import replace

import pytest
from django.core.cache import cache

from papers.models import Bookmark, Paper
from papers.selectors import PaperQuery, facets_for, search_papers
from papers.services.bookmarks import remove_bookmark, save_bookmark

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(corpus, django_user_model):
    """Three readers with overlapping lists over the real corpus."""
    make = django_user_model.objects.create_user
    ada = make("ada", first_name="Ada", last_name="Lovelace")
    bob = make("bob")
    cyd = make("cyd.k", first_name="Cyd")
    papers = list(Paper.objects.order_by("id"))
    diffusion = list(Paper.objects.filter(title__icontains="diffusion").order_by("id"))
    for paper in papers[:40] + diffusion[:6]:
        save_bookmark(ada, paper, status="read" if paper.id % 3 == 0 else None)
    for paper in papers[20:70]:
        save_bookmark(bob, paper, status="reading")
    for paper in papers[60:75] + diffusion[3:9]:
        save_bookmark(cyd, paper)
    return ada, bob, cyd


def _states(viewer):
    day = dt.date(2026, 6, 1)
    return [
        PaperQuery(viewer=viewer),
        PaperQuery(viewer=viewer, saved=("me",)),
        PaperQuery(viewer=viewer, saved=("none",), has_code=(True,)),
        PaperQuery(viewer=viewer, saved=("me", "none"), q="model"),
        PaperQuery(viewer=viewer, saved_by=("bob", "cyd.k")),
        PaperQuery(viewer=viewer, saved=("team",), saved_by=("bob",), q="diffusion"),
        PaperQuery(viewer=viewer, digests=(day,), saved=("none",)),
    ]


def _with_only(query, facet, value):
    parsed = {"digest": dt.date.fromisoformat, "has_code": lambda v: v == "true"}.get(facet.name, str)(value)
    return replace(query, **{facet.attr: (parsed,)}, page=1)


@pytest.mark.parametrize("number", range(7))
def test_every_count_equals_the_results_of_clicking_it(team, number):
    ada = team[0]
    state = _states(ada.pk)[number]
    page = search_papers(state)
    checked = 0
    for facet in facets_for(state):
        for value in page.facets[facet.name]:
            assert search_papers(_with_only(state, facet, value.value)).total == value.count, (facet.name, value)
            checked += 1
    assert page.facets["saved"] and checked > 10


def test_saved_counts_match_the_bookmarks(team):
    ada, bob, cyd = team
    facets = search_papers(PaperQuery(viewer=ada.pk)).facets
    saved = {v.value: v.count for v in facets["saved"]}
    anyone = Bookmark.objects.values("paper").distinct().count()
    assert saved == {
        "me": Bookmark.objects.filter(user=ada).count(),
        "team": anyone,
        "none": Paper.objects.count() - anyone,
    }
    assert [v.value for v in facets["saved"]] == ["me", "team", "none"]
    people = {v.value: (v.label, v.count) for v in facets["saved_by"]}
    assert people == {
        "ada": ("Ada Lovelace", ada.bookmarks.count()),
        "bob": ("bob", 50),
        "cyd.k": ("Cyd", cyd.bookmarks.count()),
    }


def test_saved_values_combine_with_or_and_with_other_facets_with_and(team):
    ada, bob, _ = team
    mine = set(ada.bookmarks.values_list("paper_id", flat=True))
    bobs = set(bob.bookmarks.values_list("paper_id", flat=True))
    both = search_papers(PaperQuery(viewer=ada.pk, saved=("me",), saved_by=("bob",), page_size=100))
    assert {p.id for p in both.papers} == mine & bobs and both.total == len(mine & bobs) >= 20
    unsaved = Paper.objects.exclude(bookmarks__isnull=False).count()
    either = search_papers(PaperQuery(viewer=ada.pk, saved=("me", "none")))
    assert either.total == len(mine) + unsaved


def test_a_save_shows_in_the_counts_at_once(team):
    """Counts that depend on bookmarks are cached under the bookmarks version."""
    ada = team[0]
    query = PaperQuery(viewer=ada.pk, saved=("me",), has_code=(True,))
    before = search_papers(query)
    unsaved = Paper.objects.exclude(code_host="").exclude(bookmarks__user=ada).order_by("id").first()
    save_bookmark(ada, unsaved)
    after = search_papers(query)
    assert after.total == before.total + 1
    remove_bookmark(ada, unsaved)
    assert search_papers(query).total == before.total


def test_a_save_keeps_the_cached_paper_counts(team):
    """Saving a paper must not throw away counts that depend on papers alone."""
    ada = team[0]
    search_papers(PaperQuery(viewer=ada.pk))
    keys = set(cache._cache)  # LocMemCache in tests
    save_bookmark(ada, Paper.objects.exclude(bookmarks__user=ada).first())
    search_papers(PaperQuery(viewer=ada.pk))
    assert set(cache._cache) == keys


def test_anonymous_queries_offer_no_team_facets(team):
    assert "saved" not in search_papers(PaperQuery()).facets
    assert "saved_by" not in search_papers(PaperQuery()).facets


def test_most_saved_orders_by_saves_then_newest(team):
    ada = team[0]
    page = search_papers(PaperQuery(viewer=ada.pk, sort="most_saved", page_size=100))
    saves = {p: 0 for p in Paper.objects.values_list("id", flat=True)}
    for paper_id in Bookmark.objects.values_list("paper_id", flat=True):
        saves[paper_id] += 1
    counts = [saves[p.id] for p in page.papers]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3
    assert page.query.effective_sort == "most_saved"
    # Anonymous readers cannot sort by the team's saves: the default order applies.
    assert PaperQuery(sort="most_saved").effective_sort == "newest"


def test_the_api_takes_the_saved_facets_from_a_signed_in_reader(team, client):
    ada = team[0]
    client.force_login(ada)
    data = client.get("/api/papers/", {"saved": "me", "sort": "most_saved"}).json()
    assert data["count"] == ada.bookmarks.count()
    assert {f["value"]: f["count"] for f in data["facets"]["saved"]}["me"] == data["count"]
    assert {f["value"] for f in data["facets"]["saved_by"]} == {"ada", "bob", "cyd.k"}
    assert client.get("/api/papers/", {"saved": "mine"}).status_code == 400


def test_anonymous_readers_get_a_clear_400_or_the_params_ignored(team, client):
    response = client.get("/api/papers/", {"saved_by": "bob"})
    assert response.status_code == 400 and "sign in" in response.json()["errors"]["saved_by"][0]
    assert client.get("/api/papers/", {"sort": "most_saved"}).status_code == 400
    page = client.get("/", {"saved": "me"})
    assert page.status_code == 200 and b"Ignored parameters that were not understood: saved" in page.content
    assert b'id="facet-saved"' not in page.content


def test_the_list_page_shows_the_saved_facets_and_chips(team, client):
    client.force_login(team[0])
    html = client.get("/", {"saved_by": "bob"}).content.decode()
    assert 'id="facet-saved"' in html and 'id="facet-saved_by"' in html
    assert "Saved by: bob" in html and "<strong>50</strong> papers" in html


def test_counts_cached_for_an_anonymous_reader_serve_a_signed_in_one(team):
    """The paper counts are shared (the key has no reader); the team's are added per reader."""
    ada = team[0]
    search_papers(PaperQuery())  # as an import warms the first page
    page = search_papers(PaperQuery(viewer=ada.pk))
    assert {v.value: v.count for v in page.facets["saved"]}["me"] == ada.bookmarks.count()
