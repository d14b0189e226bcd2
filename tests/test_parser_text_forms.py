"""Plain digest text in the shapes files really come in."""

import datetime as dt

import pytest

from papers.parsing import Format, parse_digest
from papers.parsing.normalize import one_line
from tests.digests import SEED, papers_by_date, plain_digest

TODAY = dt.date(2026, 11, 28)
DAYS = papers_by_date()


def test_windows_line_ends_bom_trailing_space_and_blank_runs():
    clean = parse_digest(SEED.read_bytes(), today=TODAY)
    text = SEED.read_text(encoding="utf-8")
    messy = "\ufeff" + text.replace("\n\n", "\n \t\n\n\n").replace("\n", "  \t\r\n")
    result = parse_digest(messy.encode("utf-8"), today=TODAY)
    assert result.ok, result.problems
    assert [(p.title, p.abstract) for p in result.papers] == [(p.title, p.abstract) for p in clean.papers]
    assert result.digest_date == clean.digest_date


def test_old_mac_line_ends_and_utf16_with_bom():
    text = SEED.read_text(encoding="utf-8")
    for data in (text.replace("\n", "\r").encode(), text.encode("utf-16")):
        assert len(parse_digest(data, today=TODAY).papers) == 72


@pytest.mark.parametrize("day", sorted(DAYS))
def test_hard_wrapped_titles_and_abstracts_are_joined(day):
    rows = DAYS[day]
    result = parse_digest(plain_digest(rows, day, year=True).encode(), today=TODAY)
    assert result.ok, result.problems
    assert result.format is Format.DIGEST_TEXT
    assert result.digest_date == dt.date.fromisoformat(day)
    assert [p.title for p in result.papers] == [row["title_oneline"] for row in rows]
    assert [p.abstract for p in result.papers] == [one_line(row["abstract"]) for row in rows]


def test_wrapped_data_really_is_wrapped():
    """Guard for the test above: the data does carry hard-wrapped titles and abstracts."""
    rows = [row for rows in DAYS.values() for row in rows]
    assert sum("\n" in row["title"] for row in rows) > 100
    assert sum("\n" in row["abstract"] for row in rows) > 300


def test_abstract_paragraph_breaks_are_kept():
    row = DAYS["2026-06-01"][0]
    first, second = row["abstract_oneline"].split(". ", 1)
    text = f"Jun 1, 2026\n\n{row['title']}\n\n{first}.\n\n{second}\n"
    (paper,) = parse_digest(text).papers
    assert paper.abstract == f"{first}.\n\n{second}"


def test_a_title_left_without_abstract_at_the_end_is_left_out_with_a_warning_naming_its_line():
    """A file cut off after a title: the papers before it import, the title does not."""
    rows = DAYS["2024-06-14"][:3]
    text = plain_digest(rows, "2024-06-14", year=True) + "\n" + DAYS["2024-06-14"][5]["title_oneline"] + "\n"
    result = parse_digest(text)
    assert result.ok
    assert [p.title for p in result.papers] == [r["title_oneline"] for r in rows]
    (warning,) = result.warnings
    assert warning.line == len(text.split("\n")) - 1  # the last line, after the final newline's split
    assert "has no abstract" in warning.message and "left out" in warning.message


def test_title_without_abstract_between_papers_is_an_error():
    rows = DAYS["2024-06-14"][:3]
    lines = plain_digest(rows, "2024-06-14", year=True).split("\n")
    at = lines.index(rows[1]["title"].split("\n")[0])
    lines[at:at] = ["A Title Whose Abstract Went Missing", ""]
    result = parse_digest("\n".join(lines))
    assert [(e.line, "has no abstract" in e.message) for e in result.errors] == [(at + 1, True)]


def test_no_date_needs_a_given_date():
    rows = DAYS["2024-06-14"][:2]
    text = "\n\n".join(f"{r['title']}\n\n{r['abstract']}" for r in rows)
    result = parse_digest(text)
    assert not result.ok and "no digest date" in result.errors[0].message
    given = parse_digest(text, digest_date=dt.date(2024, 6, 14))
    assert given.ok and given.digest_date == dt.date(2024, 6, 14) and len(given.papers) == 2


def test_the_same_paper_twice_in_one_file_is_kept_once_with_a_warning():
    rows = DAYS["2024-06-14"][:2]
    result = parse_digest(plain_digest(rows + rows[:1], "2024-06-14", year=True))
    assert result.ok
    assert len(result.papers) == 2
    assert "listed again" in result.warnings[0].message


def test_a_full_stop_wrapped_onto_its_own_line_stays_in_the_abstract():
    row = next(r for r in DAYS["2024-12-06"] if r["arxiv_id"] == "2412.04467")  # "...VisionZip ."
    assert row["abstract_oneline"].endswith(" .")
    wrapped = row["abstract_oneline"][:-2] + "\n."
    (paper,) = parse_digest(f"Dec 6, 2024\n\n{row['title']}\n\n{wrapped}\n").papers
    assert paper.abstract == row["abstract_oneline"]
    assert paper.code_url == "https://github.com/dvlab-research/VisionZip"
