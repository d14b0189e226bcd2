"""A search's facet counts read its matches through the GIN index, whatever the planner
guesses, and the planner setting that ensures it never outlives the statement."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.selectors import PaperQuery, facets, search_papers
from papers.selectors.facets import _fetch_search_scan


pytestmark = pytest.mark.django_db


def _setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        return cursor.fetchone()[0]


def _plan(sql: str, params, run) -> str:
    return "\n".join(row[0] for row in run("EXPLAIN " + sql, params))


def test_the_statement_runs_without_sequential_scans_and_the_setting_is_put_back():
    assert _setting() == "on"
    assert _fetch_search_scan("SELECT current_setting('enable_seqscan')", []) == [("off",)]
    assert _setting() == "on"


@pytest.mark.parametrize("most", [1.0, 0.0], ids=["matches", "complement"])
def test_counts_of_a_word_in_most_papers_read_the_search_index(corpus, monkeypatch, most):
    """Whether the matches are counted or, for a word in most papers, the papers it
    misses (MOST pins the choice, which otherwise follows the column statistics)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE search_vector @@ to_tsquery('english', 'model'))::float / count(*)"
            " FROM papers_paper"
        )
        assert cursor.fetchone()[0] > 0.5  # "model" is in most of the real papers
    monkeypatch.setattr(facets, "MOST", most)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = search_papers(PaperQuery(q="model"))
    assert page.total > 300
    counting = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH m AS") and "@@" in q["sql"]]
    assert len(counting) == 1
    assert ("NOT IN (SELECT p.id" in counting[0]) == (most == 0.0)  # the path MOST pinned was taken
    # The statement as logged has its parameters inlined; EXPLAIN it as it was run.
    plan = _plan(counting[0], [], _fetch_search_scan)
    assert "paper_search_gin" in plan and "Seq Scan on papers_paper" not in plan
    assert _setting() == "on"
