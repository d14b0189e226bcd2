"""A trending card's AI summary is stored, marked, only when the file has nothing more, and replaced later."""

import datetime as dt
import random

import pytest

from papers.models import Paper
from papers.services.classification import load_rules
from papers.services.importing import import_digest
from tests.digests import papers_by_date, plain_digest
from tests.shapes import trending_copy

pytestmark = pytest.mark.django_db
DAY = "2025-09-30"
ROWS = [r for r in papers_by_date()[DAY] if r.get("ai_summary")][:12]


def summaries_only_copy():
    """A trending copy in which some papers have only their summary in both cards."""
    for seed in range(50):
        text, want = trending_copy(ROWS, random.Random(seed))
        if any(a != r["abstract_oneline"] for (_, a, _), r in zip(want, ROWS)):
            return text, want
    raise AssertionError("no seed left a paper with its summary only")


def test_a_summary_is_stored_as_the_abstract_and_marked(client):
    text, want = summaries_only_copy()
    outcome = import_digest(text.encode(), filename="trending.md", digest_date=dt.date(2025, 9, 30))
    assert outcome.ok
    stored = {p.arxiv_id: p for p in Paper.objects.all()}
    assert len(stored) == len(ROWS)
    for (title, abstract, arxiv_id), row in zip(want, ROWS):
        paper = stored[arxiv_id]
        assert (paper.title, paper.abstract) == (title, abstract)
        assert paper.abstract_is_summary == (abstract == row["ai_summary"])
    marked = next(p for p in stored.values() if p.abstract_is_summary)
    page = client.get(marked.get_absolute_url()).content.decode()
    assert "one-sentence AI summary" in page and "<h2 id=\"abstract-h\">Summary</h2>" in page


def test_a_later_digest_with_the_full_abstract_replaces_the_summary_and_its_labels():
    text, _ = summaries_only_copy()
    import_digest(text.encode(), filename="trending.md", digest_date=dt.date(2025, 9, 30))
    summarised = list(Paper.objects.filter(abstract_is_summary=True).values_list("arxiv_id", flat=True))
    assert summarised
    import_digest(plain_digest(ROWS, DAY, year=True).encode(), filename="daily.txt")
    rules = load_rules()
    for paper in Paper.objects.filter(arxiv_id__in=summarised):
        row = next(r for r in ROWS if r["arxiv_id"] == paper.arxiv_id)
        assert paper.abstract == row["abstract_oneline"] and not paper.abstract_is_summary
        assert (paper.topics, paper.datasets) == rules.label(paper.title, paper.abstract)  # as a new paper's
    assert not Paper.objects.filter(abstract_is_summary=True).exists()


def test_a_summary_never_replaces_a_full_abstract():
    import_digest(plain_digest(ROWS, DAY, year=True).encode(), filename="daily.txt")
    text, _ = summaries_only_copy()
    import_digest(text.encode(), filename="trending.md", digest_date=dt.date(2025, 10, 1))
    assert sorted(Paper.objects.values_list("abstract", flat=True)) == sorted(r["abstract_oneline"] for r in ROWS)
    assert not Paper.objects.filter(abstract_is_summary=True).exists()
