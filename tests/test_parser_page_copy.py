"""Text copied from the live papers pages: chrome never becomes a title or an abstract."""

import datetime as dt

import pytest

from papers.parsing import Format, parse_digest
from papers.parsing.normalize import one_line
from tests.digests import API_FILES, api_page_copy, page_copy, papers_by_date

DAYS = papers_by_date()


@pytest.mark.parametrize("urls_first", [False, True], ids=["card-after", "card-before"])
@pytest.mark.parametrize("day", sorted(DAYS))
def test_page_copy_yields_exactly_the_papers(day, urls_first):
    rows = DAYS[day]
    result = parse_digest(page_copy(rows, day, urls_first=urls_first), today=dt.date.fromisoformat(day))
    assert result.ok, result.problems
    assert result.format is Format.PAGE_TEXT
    assert result.digest_date == dt.date.fromisoformat(day)
    assert [p.title for p in result.papers] == [row["title_oneline"] for row in rows]
    assert [p.abstract for p in result.papers] == [one_line(row["abstract"]) for row in rows]
    assert [p.arxiv_id for p in result.papers] == [row["arxiv_id"] for row in rows]


def test_organisations_and_users_are_skipped_not_imported():
    day = "2026-05-19"
    rows = DAYS[day]
    result = parse_digest(page_copy(rows, day), today=dt.date(2026, 5, 19))
    organisations = {row["organization"].strip() for row in rows if row.get("organization")}
    assert organisations, "the data for this day names organisations"
    skipped = {text for _, text in result.skipped}
    assert organisations <= skipped
    for paper in result.papers:
        assert "Submitted by" not in paper.abstract and "huggingface.co/papers" not in paper.abstract


def test_header_navigation_and_split_byline_are_not_papers():
    day = "2024-10-10"
    result = parse_digest(page_copy(DAYS[day][:2], day), today=dt.date(2024, 12, 1))
    assert "Daily / Weekly / Monthly" in result.header
    assert {"by", "AK and the research community"} <= set(result.header)
    assert len(result.papers) == 2


@pytest.mark.parametrize("path", API_FILES, ids=lambda p: p.name)
def test_copy_of_api_day_with_star_counts(path):
    result = parse_digest(api_page_copy(path), today=dt.date(2026, 11, 28))
    assert result.ok, result.problems
    json_result = parse_digest(path.read_bytes())
    assert [(p.title, p.arxiv_id) for p in result.papers] == [(p.title, p.arxiv_id) for p in json_result.papers]
    assert all(not p.title.startswith("GitHub") for p in result.papers)


def test_hugging_face_link_that_ends_a_wrapped_abstract_line_stays_in_the_abstract():
    day = "2024-12-06"
    row = next(r for r in DAYS[day] if "\nhttps://huggingface.co/" in r["abstract"])
    (paper,) = parse_digest(f"Dec 6, 2024\n\n{row['title']}\n\n{row['abstract']}\n").papers
    assert paper.abstract == one_line(row["abstract"])
