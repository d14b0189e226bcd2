"""The benchmark corpus stays importable at any size: when recombined titles collide, the
numbered ones read back whole in every digest style (a bare number wrapped onto its own
line read as a card's upvotes, and stopped a million-paper build at 180,000)."""

from __future__ import annotations

import datetime as dt

import pytest

from papers.corpus import DEFAULT_DATA_DIR, STYLES, digest_text, load_real_papers, make_papers
from papers.parsing import parse_digest


@pytest.mark.parametrize("style", STYLES)
def test_numbered_titles_read_back_whole(style):
    papers = make_papers(load_real_papers(DEFAULT_DATA_DIR)[:40], 2500, seed=3)  # few halves: many titles collide
    numbered = [p["title"] for p in papers if p["title"].rsplit(" ", 1)[-1].startswith("V")]
    assert len(numbered) > 20
    result = parse_digest(digest_text(papers, dt.date(2025, 3, 12), style=style).encode(), filename="c.txt")
    assert result.ok, result.problems[:3]
    assert [p.title for p in result.papers] == [p["title"] for p in papers]
