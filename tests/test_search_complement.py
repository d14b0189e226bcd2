"""A search matching most papers is counted as the counts without it less those of the
papers it misses (selectors.facets._counts_by_complement): the same counts, exactly, in
every state, as counting its matches directly."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.selectors import PaperQuery, facet_counts, facets
from tests.test_saved_facets import team  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)


def _states(viewer):
    return [
        PaperQuery(q="model"),
        PaperQuery(q="language model reasoning"),
        PaperQuery(q='"large language" -vision'),
        PaperQuery(q="model", digests=(DAY,)),
        PaperQuery(q="model", topics=("computer-vision", "language-models"), has_code=(True,)),
        PaperQuery(q="model", datasets=("imagenet",), code_hosts=("github.com",)),
        PaperQuery(q="model", has_code=(False,), digests=(DAY, dt.date(2026, 5, 13))),
        PaperQuery(q="model", viewer=viewer),
        PaperQuery(q="model", viewer=viewer, saved=("me", "none")),
        PaperQuery(q="model", viewer=viewer, saved_by=("bob",), topics=("language-models",)),
    ]


def _counted(state, monkeypatch, most: float):
    monkeypatch.setattr(facets, "MOST", most)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        counts = facet_counts(state)
    complement = any("NOT IN (SELECT p.id FROM papers_paper p WHERE" in q["sql"] for q in queries.captured_queries)
    return counts, complement


@pytest.mark.parametrize("number", range(10))
def test_complement_counts_equal_the_direct_counts(team, monkeypatch, number):
    state = _states(team[0].pk)[number]
    direct, used = _counted(state, monkeypatch, most=1.0)  # never by complement
    assert not used
    by_complement, used = _counted(state, monkeypatch, most=0.0)  # always
    assert used
    assert by_complement == direct
    assert direct[1] > 0 and any(direct[0].values())


def test_only_a_search_in_most_papers_is_counted_by_its_complement(corpus):
    """The choice rests on the planner's estimate from the column statistics, which
    autovacuum's ANALYZE keeps (without them it expects few matches: counted directly)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE papers_paper")
        cursor.execute(
            "SELECT count(*) FILTER (WHERE search_vector @@ websearch_to_tsquery('english', 'model')),"
            " count(*) FILTER (WHERE search_vector @@ websearch_to_tsquery('english', 'diffusion')), count(*)"
            " FROM papers_paper"
        )
        model, diffusion, papers = cursor.fetchone()
    assert model > facets.MOST * papers > diffusion  # 604 and 127 of the 649 real papers
    assert facets._matches_most("model") is True
    assert facets._matches_most("diffusion") is False


def test_no_complement_when_the_matches_ids_would_not_fit_in_work_mem(corpus, monkeypatch):
    """Past work_mem the NOT IN list is not hashed and each paper would scan it."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE papers_paper")
        cursor.execute("SELECT pg_size_bytes(current_setting('work_mem'))")
        (work_mem,) = cursor.fetchone()
    assert facets._matches_most("model") is True
    monkeypatch.setattr(facets, "HASHED_ID_BYTES", work_mem // 100)  # 604 ids: over work_mem
    assert facets._matches_most("model") is False
