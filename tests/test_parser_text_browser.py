"""Text-browser dumps: numbered reference links, wrapped ### titles, abstracts between "[" and "][N]"."""

import datetime as dt
import random

import pytest

from papers.parsing import Format, parse_digest
from tests.digests import papers_by_date
from tests.shapes import expected, text_browser_dump, wrap_safe

DAYS = papers_by_date()


def read(text, day):
    result = parse_digest(text.encode(), today=dt.date.fromisoformat(day))
    assert result.ok, result.problems[:5]
    assert result.format is Format.TEXT_BROWSER
    return result


@pytest.mark.parametrize("day", sorted(DAYS))
def test_a_dump_imports_exactly_the_papers_with_their_ids(day):
    rows = wrap_safe(DAYS[day])
    result = read(text_browser_dump(rows, day, random.Random(day)), day)
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == expected(rows)
    assert not result.warnings


@pytest.mark.parametrize("kept", [0.0, 0.5])
def test_a_cut_off_reference_list_loses_ids_not_papers(kept):
    day = "2025-09-30"
    rows = wrap_safe(DAYS[day])
    result = read(text_browser_dump(rows, day, random.Random(3), keep_refs=kept), day)
    assert [(p.title, p.abstract) for p in result.papers] == [(t, a) for t, a, _ in expected(rows)]
    ids = [p.arxiv_id for p in result.papers]
    assert all(i in (None, row["arxiv_id"]) for i, row in zip(ids, rows))  # never another paper's id
    if kept == 0.0:
        assert ids == [None] * len(rows)


def test_titles_wrapped_onto_a_second_heading_line_are_one_title():
    day = "2024-10-10"
    rows = [r for r in wrap_safe(DAYS[day]) if len(f"[{r['title_oneline']}][99]") > 74]
    assert rows, "some real titles are longer than a line"
    text = text_browser_dump(rows, day, random.Random(0))
    assert any(line.startswith("### ") and not line.endswith("]") for line in text.split("\n"))
    assert [p.title for p in read(text, day).papers] == [r["title_oneline"] for r in rows]


def test_a_last_paper_cut_by_content_truncated_is_left_out_with_a_warning_naming_its_line():
    day = "2026-01-09"
    rows = wrap_safe(DAYS[day])
    text = text_browser_dump(rows, day, random.Random(1), truncate=True)
    assert "[Content truncated]" in text
    result = read(text, day)
    assert [p.title for p in result.papers] == [r["title_oneline"] for r in rows[:-1]]
    (warning,) = result.warnings
    title_line = next(n for n, line in enumerate(text.split("\n"), 1) if rows[-1]["title_oneline"][:30] in line)
    assert warning.line == title_line
    assert "left out" in warning.message and "cut off" in warning.message
