"""The faceted list: counts equal what a click shows, OR within a facet, AND across."""

import datetime as dt
from dataclasses import replace

import pytest

from papers.models import Paper
from papers.selectors import FACETS, PaperQuery, search_papers


pytestmark = pytest.mark.django_db

STATES = [
    PaperQuery(),
    PaperQuery(q="diffusion"),
    PaperQuery(q="language model reasoning"),
    PaperQuery(digests=(dt.date(2026, 6, 1),)),
    PaperQuery(has_code=(True,)),
    PaperQuery(q="video", digests=(dt.date(2026, 5, 13), dt.date(2026, 4, 21))),
    # Topic selections are tested on Paper.topic_bits when counting, on the arrays when listing.
    PaperQuery(topics=("language-models",), has_code=(True,)),
    PaperQuery(topics=("reinforcement-learning", "robotics"), digests=(dt.date(2026, 6, 1),)),
    PaperQuery(q="model", topics=("computer-vision",)),
]


def _with_only(query: PaperQuery, facet, value) -> PaperQuery:
    parsed = {
        "digest": dt.date.fromisoformat,
        "has_code": lambda v: v == "true",
    }.get(facet.name, str)(value)
    return replace(query, **{facet.attr: (parsed,)}, page=1)


@pytest.mark.parametrize("state", STATES, ids=lambda s: repr(s)[10:60])
def test_every_count_equals_the_results_of_clicking_it(corpus, state):
    page = search_papers(state)
    checked = 0
    for facet in FACETS:
        for value in page.facets[facet.name]:
            assert search_papers(_with_only(state, facet, value.value)).total == value.count, (facet.name, value)
            checked += 1
    assert checked > 0


def test_the_corpus_is_labelled(corpus):
    page = search_papers(PaperQuery())
    assert len(page.facets["topic"]) >= 20 and len(page.facets["dataset"]) >= 10


def test_total_matches_the_orm(corpus):
    assert search_papers(PaperQuery()).total == Paper.objects.count() == 649
    with_code = Paper.objects.exclude(code_host="").count()
    assert search_papers(PaperQuery(has_code=(True,))).total == with_code
    assert search_papers(PaperQuery(has_code=(True, False))).total == 649


def test_values_within_a_facet_combine_with_or(corpus):
    days = (dt.date(2026, 6, 1), dt.date(2024, 6, 14))
    expected = Paper.objects.filter(listed_on__overlap=list(days)).count()
    assert search_papers(PaperQuery(digests=days)).total == expected == 49 + 28


def test_facets_combine_with_and(corpus):
    day = dt.date(2026, 6, 1)
    expected = Paper.objects.filter(listed_on__contains=[day]).exclude(code_host="").count()
    assert 0 < search_papers(PaperQuery(digests=(day,), has_code=(True,))).total == expected < 49


def test_a_facet_ignores_its_own_selection(corpus):
    unfiltered = {v.value: v.count for v in search_papers(PaperQuery()).facets["digest"]}
    chosen = search_papers(PaperQuery(digests=(dt.date(2026, 6, 1),))).facets["digest"]
    assert {v.value: v.count for v in chosen} == unfiltered
    assert [v.value for v in chosen if v.selected] == ["2026-06-01"]
    assert len(unfiltered) == 16


def test_selected_value_without_papers_stays_visible(corpus):
    page = search_papers(PaperQuery(digests=(dt.date(2020, 1, 1),)))
    assert page.total == 0
    (stale,) = [v for v in page.facets["digest"] if v.selected]
    assert (stale.value, stale.count) == ("2020-01-01", 0)


def test_digest_facet_newest_first(corpus):
    values = [v.value for v in search_papers(PaperQuery()).facets["digest"]]
    assert values == sorted(values, reverse=True)


def test_pages_cover_every_result_once_in_each_sort(corpus):
    for sort in ("newest", "oldest", "title", "relevance"):
        query = PaperQuery(q="model", sort=sort, page_size=100)
        first = search_papers(query)
        seen = [p.id for n in range(1, first.pages + 1) for p in search_papers(replace(query, page=n)).papers]
        assert len(seen) == len(set(seen)) == first.total


def test_title_sort_is_alphabetical(corpus):
    titles = [p.title_key for p in search_papers(PaperQuery(sort="title", page_size=100)).papers]
    assert titles == sorted(titles)
    assert titles[0] == Paper.objects.order_by("title_key", "id").first().title_key


def test_oldest_and_newest_are_reverse(corpus):
    newest = search_papers(PaperQuery(sort="newest", page_size=25)).papers
    assert all(a.last_listed_on >= b.last_listed_on for a, b in zip(newest, newest[1:]))
    oldest = search_papers(PaperQuery(sort="oldest", page_size=25)).papers
    assert oldest[0].last_listed_on == min(Paper.objects.values_list("last_listed_on", flat=True))


def test_orders_with_a_digest_selected_match_the_orm(corpus):
    """With a digest selected the list orders by expressions the indexes do not serve;
    the order must be the same."""
    days = (dt.date(2026, 6, 1), dt.date(2025, 5, 30))
    listed = Paper.objects.filter(listed_on__overlap=list(days))
    expected = {
        "newest": listed.order_by("-last_listed_on", "-id"),
        "oldest": listed.order_by("last_listed_on", "id"),
        "title": listed.order_by("title_key", "id"),
    }
    for sort, papers in expected.items():
        page = search_papers(PaperQuery(digests=days, sort=sort, page_size=100))
        assert [p.id for p in page.papers] == list(papers.values_list("id", flat=True)[:100]), sort


def test_page_past_the_end_shows_the_last_page(corpus):
    page = search_papers(PaperQuery(page=999))
    assert page.number == page.pages == 26 and len(page.papers) == 649 - 25 * 25
