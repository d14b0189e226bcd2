"""Hard-wrapped lines ending in a hyphen join as the writer wrote them: "Multi-" / "Resolution" is "Multi-Resolution"."""

import datetime as dt

import pytest

from papers.parsing import parse_digest
from papers.parsing.wrapping import join_wrapped
from tests.digests import all_papers, papers_by_date, plain_digest
from tests.shapes import hyphen_wrapped_digest, wrap_safe

DAYS = papers_by_date()


@pytest.mark.parametrize("width", [36, 50, 64, 79])
@pytest.mark.parametrize("day", sorted(DAYS))
def test_text_wrapped_after_the_hyphens_of_words_reads_back_exactly(day, width):
    rows = wrap_safe(DAYS[day])
    text = hyphen_wrapped_digest(rows, day, width)
    result = parse_digest(text.encode(), today=dt.date.fromisoformat(day))
    assert result.ok, result.problems[:3]
    assert [(p.title, p.abstract) for p in result.papers] == [(r["title_oneline"], r["abstract_oneline"]) for r in rows]


def test_the_wrapping_really_breaks_inside_hyphenated_words():
    rows = wrap_safe(all_papers())
    lines = [line for row in rows[:200] for line in hyphen_wrapped_digest([row], row["date"], 50).split("\n")]
    assert sum(1 for line in lines if line[-2:-1].isalpha() and line.endswith("-")) > 50


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["Multi-", "Resolution"], "Multi-Resolution"),
        (["high-", "fidelity"], "high-fidelity"),
        (["self-", "attention"], "self-attention"),
        (["state-of-the-", "art"], "state-of-the-art"),
        (["GPT-4o-", "mini"], "GPT-4o-mini"),
        (["open-", "and closed-source"], "open- and closed-source"),  # a suspended hyphen
        (["high-", "or low-level"], "high- or low-level"),
        (["the model -", "which"], "the model - which"),  # a dash
        (["critic --", "scoring"], "critic -- scoring"),
        (["screenshots--", "and"], "screenshots--and"),  # a double-hyphen dash broken after
        (["screenshots", "--and"], "screenshots--and"),  # ... or before
        (["rock-", "and-roll"], "rock-and-roll"),
    ],
)
def test_join_rules(lines, joined):
    assert join_wrapped(lines) == joined


def test_the_real_abstracts_wrapped_by_arxiv_read_back_as_published():
    """arXiv wraps at spaces: its eight line-final hyphens are dashes and suspended hyphens."""
    wrapped = [r for r in all_papers() if "-\n" in r["abstract"] or "-\n" in r["title"]]
    assert len(wrapped) >= 6
    for day in {r["date"] for r in wrapped}:
        rows = DAYS[day]
        result = parse_digest(plain_digest(rows, day, year=True).encode())
        assert [p.abstract for p in result.papers] == [r["abstract_oneline"] for r in rows]
