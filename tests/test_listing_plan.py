"""With digests selected, a list page finds its papers through the digests' GIN index and
tests a selected topic on Paper.topic_bits (selectors.listing.ordered_ids): the planner
otherwise ANDs in paper_topics_gin's bitmap, which for a broad topic holds half the
library. The rows are the same either way."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from papers.selectors import PaperQuery, search_papers

pytestmark = pytest.mark.django_db

DAYS = (dt.date(2026, 6, 1), dt.date(2026, 5, 13))


def _ids_query(query):
    with CaptureQueriesContext(connection) as queries:
        page = search_papers(query)
    (sql,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT p.id FROM")]
    return page, sql


@pytest.mark.parametrize("sort", ["newest", "oldest", "title"])
def test_digests_and_a_topic_list_by_the_topic_bits(corpus, sort):
    query = PaperQuery(digests=DAYS, topics=("language-models", "computer-vision"), sort=sort, page_size=100)
    page, sql = _ids_query(query)
    assert "topic_bits &" in sql and "p.topics &&" not in sql
    expected = Paper.objects.filter(listed_on__overlap=list(DAYS), topics__overlap=["language-models", "computer-vision"])
    assert page.total == expected.count() > 0
    assert {p.pk for p in page.papers} <= set(expected.values_list("pk", flat=True))
    assert len(page.papers) == min(100, page.total)


def test_a_topic_alone_lists_by_its_gin_index(corpus):
    _, sql = _ids_query(PaperQuery(topics=("robotics",)))
    assert "p.topics &&" in sql and "topic_bits" not in sql
