"""The digest facet counts the newest DIGESTS_COUNTED digest days and the selected ones
(selectors.versions, selectors.facets._digest_window): on every counting path (indexed,
one scan, by complement) it shows exactly those dates, each count what a click on it shows, and an
older digest is picked by its date on the list page."""

import datetime as dt
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Digest, Paper
from papers.selectors import PaperQuery, facets, search_papers, versions
from tests.test_search_facets import STATES

pytestmark = pytest.mark.django_db

WINDOW = 5
OLD = dt.date(2026, 2, 3)  # one of the days, older than the newest five


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setattr(versions, "DIGESTS_COUNTED", WINDOW)
    cache.clear()


def _newest():
    return set(Digest.objects.order_by("-date").values_list("date", flat=True).distinct()[:WINDOW])


def _shown_and_checked(state):
    page = search_papers(state)
    shown = {dt.date.fromisoformat(v.value): v.count for v in page.facets["digest"]}
    for day, count in shown.items():
        assert search_papers(replace(state, digests=(day,), page=1)).total == count, day
    return shown


@pytest.mark.parametrize("state", STATES, ids=lambda s: repr(s)[10:60])
def test_window_and_selected_days_are_counted_truly(corpus, narrow, state):
    assert OLD not in _newest()
    shown = _shown_and_checked(state)
    assert set(shown) - set(state.digests) <= _newest()
    assert set(state.digests) <= set(shown)
    # Every newest day with papers in the state is there (a day without any is left out).
    for day in _newest():
        if search_papers(replace(state, digests=(day,), page=1)).total:
            assert day in shown


def test_an_old_digest_selected_is_counted(corpus, narrow):
    shown = _shown_and_checked(PaperQuery(digests=(OLD,), has_code=(True,)))
    assert shown[OLD] > 0


def test_the_complement_path_keeps_the_window(corpus, narrow, monkeypatch):
    monkeypatch.setattr(facets, "MOST", 0.0)  # "model" is then counted by its complement
    with CaptureQueriesContext(connection) as queries:
        shown = _shown_and_checked(PaperQuery(q="model", has_code=(True,)))
    assert any("NOT IN (SELECT p.id" in q["sql"] for q in queries.captured_queries)
    assert set(shown) <= _newest() and len(shown) == WINDOW


def test_the_full_window_shows_every_digest(corpus):
    assert versions.DIGESTS_COUNTED >= 16
    days = Digest.objects.values_list("date", flat=True).distinct().count()
    assert len(search_papers(PaperQuery()).facets["digest"]) == days >= 15


def test_the_list_page_offers_an_older_digest_by_date(corpus, narrow, client, settings):
    settings.LECTERN_PUBLIC_READING = True
    page = BeautifulSoup(client.get("/", {"topic": "language-models"}).content, "html.parser")
    form = page.select_one("form.digest-date")
    assert form["method"] == "get"
    assert form.select_one("input[type=date][name=digest]")
    assert [(i["name"], i["value"]) for i in form.select("input[type=hidden]")] == [("topic", "language-models")]
    page = BeautifulSoup(client.get("/", {"topic": "language-models", "digest": OLD.isoformat()}).content, "html.parser")
    chosen = page.select_one("#facet-digest").find_parent("section").select_one("a.on")
    assert chosen.select_one(".label").get_text() == OLD.strftime("%b %-d, %Y")


def test_a_paper_listed_on_a_new_and_an_old_day_counts_only_in_the_window(corpus, narrow):
    newest = max(_newest())
    paper = Paper.objects.filter(listed_on__contains=[newest]).order_by("pk").first()
    Paper.objects.filter(pk=paper.pk).update(listed_on=[OLD, newest])  # listed again, months apart
    shown = _shown_and_checked(PaperQuery())
    assert OLD not in shown and newest in shown
    shown = _shown_and_checked(PaperQuery(topics=tuple(paper.topics[:1]) or ("language-models",)))
    assert OLD not in shown
