"""A file cut off inside its last paper: that paper is left out with a warning naming its line, never stored half."""

import datetime as dt
import random

import pytest

from papers.parsing import parse_digest
from tests.digests import page_copy, papers_by_date, plain_digest

DAYS = papers_by_date()
DAY = "2026-04-14"
ROWS = DAYS[DAY]
TODAY = dt.date(2026, 4, 14)


def cut_inside_last_abstract(text: str, seed: int) -> str:
    abstract = ROWS[-1]["abstract"]
    start = text.rindex(abstract)
    # Anywhere inside a word of the abstract, as a size limit or a broken download cuts.
    inside = [i for i in range(start + 20, start + len(abstract) - 1) if text[i - 1].isalnum() and text[i].isalnum()]
    return text[: random.Random(seed).choice(inside)]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("layout", ["plain", "card-before"])
def test_the_paper_cut_mid_abstract_is_left_out(layout, seed):
    text = plain_digest(ROWS, DAY, year=True) if layout == "plain" else page_copy(ROWS, DAY, urls_first=True)
    result = parse_digest(cut_inside_last_abstract(text, seed).encode(), today=TODAY)
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [r["title_oneline"] for r in ROWS[:-1]]
    (warning,) = result.warnings
    assert "left out" in warning.message and ROWS[-1]["title_oneline"][:40] in warning.message
    title_line = text.split("\n").index(ROWS[-1]["title"].split("\n")[0]) + 1
    assert warning.line == title_line


def test_a_whole_file_keeps_its_last_paper():
    result = parse_digest(plain_digest(ROWS, DAY, year=True).encode(), today=TODAY)
    assert len(result.papers) == len(ROWS) and not result.warnings


@pytest.mark.parametrize("marker", ["[Content truncated]", "(output truncated)", "[…]", "... truncated ..."])
def test_a_truncation_mark_cuts_the_paper_before_it(marker):
    text = plain_digest(ROWS, DAY, year=True)
    at = text.rindex(ROWS[-1]["abstract"]) + len(ROWS[-1]["abstract"]) // 2
    result = parse_digest((text[:at] + "\n\n" + marker + "\n").encode(), today=TODAY)
    assert result.ok, result.problems
    assert len(result.papers) == len(ROWS) - 1
    assert "cut off at line" in result.warnings[0].message and marker in result.warnings[0].message


def test_a_truncation_mark_after_a_card_s_chrome_leaves_the_whole_paper_in():
    text = page_copy(ROWS, DAY) + "\n[Content truncated]\n"  # cards after their abstracts: the last one was whole
    result = parse_digest(text.encode(), today=TODAY)
    assert result.ok and len(result.papers) == len(ROWS)


def test_a_file_whose_only_paper_is_cut_off_imports_nothing():
    text = plain_digest(ROWS[:1], DAY, year=True)
    cut = text[: text.rindex(ROWS[0]["abstract"]) + 400]  # long enough to read as an abstract
    result = parse_digest(cut.encode(), today=TODAY)
    assert not result.ok and not result.papers
    assert [w.line for w in result.warnings] == [text.split("\n").index(ROWS[0]["title"].split("\n")[0]) + 1]
    assert "no papers found" in result.errors[0].message
