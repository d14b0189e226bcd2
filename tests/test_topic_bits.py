"""Paper.topic_bits mirror Paper.topics on every write path (migration 0010's triggers),
and the topic facet counts the same from bits as from the arrays."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from papers.models import Paper, Topic
from papers.selectors import PaperQuery, search_papers
from papers.services.importing import import_digest
from tests.digests import API_FILES

pytestmark = pytest.mark.django_db


def _bits_of(topics):
    bit = dict(Topic.objects.values_list("slug", "bit"))
    return sum(1 << bit[slug] for slug in topics if bit.get(slug) is not None)


def _all_consistent():
    rows = list(Paper.objects.values_list("topics", "topic_bits"))
    return rows and all(bits == _bits_of(topics) for topics, bits in rows)


@pytest.fixture
def papers():
    import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name)


def test_seeded_topics_have_distinct_bits_and_imports_set_them(papers):
    bits = list(Topic.objects.values_list("bit", flat=True))
    assert None not in bits and len(set(bits)) == len(bits) == Topic.objects.count()
    assert _all_consistent()
    assert Paper.objects.exclude(topic_bits=0).count() == Paper.objects.exclude(topics=[]).count() > 0


def test_a_new_topic_takes_the_lowest_free_bit_and_relabelling_sets_it(papers):
    freed = Topic.objects.get(slug="reinforcement-learning")
    bit = freed.bit
    freed.delete()  # its papers lose the bit at once, before any relabelling
    assert _all_consistent()
    topic = Topic.objects.create(slug="noisy-rewards", name="Noisy rewards", patterns=r"\bnoisy rewards?\b")
    assert topic.bit is None  # the trigger fills it in the database
    topic.refresh_from_db()
    assert topic.bit == bit
    call_command("recompute_labels", stdout=io.StringIO())
    assert Paper.objects.filter(topics__contains=["noisy-rewards"]).exists() and _all_consistent()


def test_raw_sql_writes_keep_the_bits(papers):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE papers_paper SET topics = ARRAY['robotics']::varchar[] WHERE id = (SELECT min(id) FROM papers_paper)")
    assert _all_consistent()


def _topic_counts(query):
    return {v.value: v.count for v in search_papers(query).facets["topic"]}


def test_without_a_bit_for_every_topic_the_arrays_are_counted_alike(papers):
    queries = [PaperQuery(), PaperQuery(q="model"), PaperQuery(has_code=(True,))]
    with_bits = [_topic_counts(q) for q in queries]
    free = 63 - Topic.objects.count()
    Topic.objects.bulk_create(
        Topic(slug=f"extra-{n}", name=f"Extra {n}", patterns=r"\bno such words here\b") for n in range(free + 1)
    )
    assert Topic.objects.filter(bit__isnull=True).count() == 1  # the 64th topic
    cache.clear()
    assert [_topic_counts(q) for q in queries] == with_bits
    assert all(with_bits)


def test_a_selected_slug_without_a_bit_is_counted_from_the_arrays(papers):
    """A slug no Topic has (a topic deleted without relabelling) still counts as listed."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE papers_paper SET topics = topics || ARRAY['gone-topic']::varchar[] "
                       "WHERE id IN (SELECT id FROM papers_paper ORDER BY id LIMIT 3)")
    page = search_papers(PaperQuery(topics=("gone-topic",), page_size=100))
    assert page.total == len(page.papers) == 3
    counts = {v.value: v.count for v in page.facets["has_code"]}
    assert sum(counts.values()) == 3
