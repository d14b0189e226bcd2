"""A file whose titles and abstracts went out of step is refused, not half believed."""

import pytest

from papers.parsing import parse_digest
from tests.digests import papers_by_date, plain_digest

DAY = "2025-05-30"
ROWS = papers_by_date()[DAY][:4]


def test_the_same_title_with_two_different_abstracts_is_an_error_naming_both_lines():
    text = plain_digest(ROWS, DAY, year=True) + f"\n\n{ROWS[0]['title']}\n\n{ROWS[2]['abstract']}\n"
    result = parse_digest(text.encode())
    assert not result.ok
    (error,) = [e for e in result.errors if "another abstract" in e.message]
    assert error.line == text.split("\n").index(ROWS[0]["title"].split("\n")[0], 11) + 1  # the second one


def test_one_abstract_under_two_titles_is_an_error():
    """A pasted block that repeats an abstract under the next card's title."""
    lines = plain_digest(ROWS, DAY, year=True).split("\n")
    at = lines.index(ROWS[3]["abstract"].split("\n")[0])
    lines[at : at + len(ROWS[3]["abstract"].split("\n"))] = ROWS[1]["abstract"].split("\n")
    result = parse_digest("\n".join(lines).encode())
    assert not result.ok
    assert any("stands again under" in e.message and ROWS[3]["title_oneline"][:30] in e.message for e in result.errors)


@pytest.mark.parametrize("mark", ["**{} authors**", "_{} authors_", "*· {} authors*"])
def test_chrome_in_bold_or_italics_is_still_chrome(mark):
    lines = ["May 30, 2025", ""]
    for row in ROWS:
        lines += [row["title"], "", mark.format(len(row["authors"])), "", row["abstract"], ""]
    result = parse_digest("\n".join(lines).encode())
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [r["title_oneline"] for r in ROWS]
