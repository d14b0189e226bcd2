"""Markdown from page-to-Markdown tools: the plain text a reader sees, never the syntax."""

import datetime as dt
import random

import pytest

from papers.parsing import Format, parse_digest
from tests.digests import papers_by_date
from tests.shapes import expected, markdown_copy, md_escape, paper_url, wrap_safe

DAYS = papers_by_date()


def read(text, day):
    result = parse_digest(text.encode(), today=dt.date.fromisoformat(day))
    assert result.ok, result.problems[:5]
    return result


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("day", sorted(DAYS))
def test_a_markdown_copy_imports_exactly_the_papers(day, seed):
    rows = wrap_safe(DAYS[day])
    result = read(markdown_copy(rows, day, random.Random(seed)), day)
    assert result.format is Format.MARKDOWN
    assert result.digest_date == dt.date.fromisoformat(day)
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == expected(rows)
    assert not result.warnings


def test_escapes_are_undone_and_latex_backslashes_kept():
    """\\_ \\[ \\- 2024\\. are a converter's escapes; "88\\%" in an abstract is LaTeX and stays."""
    rows = [r for day in DAYS.values() for r in day if "\\%" in r["abstract_oneline"] and "_" in r["abstract_oneline"]]
    assert rows, "the real data has abstracts with both"
    row = rows[0]
    text = markdown_copy([row], row["date"], random.Random(0))
    assert "\\\\%" in text and "\\_" in text
    (paper,) = read(text, row["date"]).papers
    assert paper.abstract == row["abstract_oneline"]


@pytest.mark.parametrize("marker", ["\\\\", "\\  "])
def test_kept_line_breaks_join_as_spaces(marker):
    row = next(r for r in DAYS["2024-10-10"] if "\n" in r["abstract"])
    lines = [md_escape(line) for line in row["abstract"].split("\n")]
    text = "\n\n".join(
        ["Oct 10, 2024", f"### [{md_escape(row['title_oneline'])}]({paper_url(row)})", f"[{(marker + chr(10)).join(lines)}]({paper_url(row)})"]
    )
    (paper,) = read(text, "2024-10-10").papers
    assert paper.abstract == row["abstract_oneline"]
    assert paper.arxiv_id == row["arxiv_id"]


def test_the_author_list_link_that_was_refused_is_card_chrome():
    """The report: 'this paragraph reads like an abstract but no title stands before it: [- 5 authors](…)'."""
    rows = DAYS["2025-05-30"][:5]
    text = markdown_copy(rows, "2025-05-30", random.Random(1))
    assert "- 3 authors](" in text or "authors](" in text
    result = read(text, "2025-05-30")
    assert [p.title for p in result.papers] == [r["title_oneline"] for r in rows]
    assert not any("authors" in p.abstract[:20] for p in result.papers)


def test_titles_never_keep_link_syntax():
    rows = DAYS["2026-06-01"]
    result = read(markdown_copy(rows, "2026-06-01", random.Random(2)), "2026-06-01")
    assert not [p.title for p in result.papers if "[" in p.title or "](" in p.title or p.title.startswith("#")]


def test_a_heading_title_wins_over_card_text_between_it_and_the_abstract():
    """An organisation's name between the heading and the abstract is not the title."""
    row = DAYS["2026-06-01"][0]
    text = "\n\n".join(
        [
            "Jun 1, 2026",
            f"### [{md_escape(row['title_oneline'])}]({paper_url(row)})",
            "[Hugging Face Research](https://huggingface.co/hf-research)",
            f"[{md_escape(row['abstract_oneline'])}]({paper_url(row)})",
            f"### [{md_escape(DAYS['2026-06-01'][1]['title_oneline'])}]({paper_url(DAYS['2026-06-01'][1])})",
            md_escape(DAYS["2026-06-01"][1]["abstract_oneline"]),
        ]
    )
    result = read(text, "2026-06-01")
    assert [p.title for p in result.papers] == [row["title_oneline"], DAYS["2026-06-01"][1]["title_oneline"]]


def test_a_header_title_and_blurb_before_linked_titles_is_left_out_with_a_warning():
    """Titles written as links, not headings: a header pair before the first linked title is no paper."""
    rows = wrap_safe(DAYS["2026-04-21"])[:6]
    text = markdown_copy(rows, "2026-04-21", random.Random(4)).replace("### [", "[")
    blurb = ["Research Digest Weekly", "", "The papers the community read most this week, with their code and scores.", ""]
    at = text.index("[![](")
    result = read(text[:at] + "\n".join(blurb) + "\n" + text[at:], "2026-04-21")
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == expected(rows)
    (warning,) = result.warnings
    assert "Research Digest Weekly" in warning.message and "header" in warning.message
