"""Plain-text exports with a link under every line: the split author link and the footer are chrome."""

import datetime as dt
import random

import pytest

from papers.parsing import Format, parse_digest
from tests.digests import papers_by_date
from tests.shapes import expected, linked_text_export

DAYS = papers_by_date()


@pytest.mark.parametrize("blank_lines", [False, True], ids=["packed", "blank-lines"])
@pytest.mark.parametrize("day", sorted(DAYS))
def test_an_export_imports_exactly_the_papers(day, blank_lines):
    rows = DAYS[day]
    text = linked_text_export(rows, day, random.Random(day), blank_lines=blank_lines)
    result = parse_digest(text.encode(), today=dt.date.fromisoformat(day))
    assert result.ok, result.problems[:5]
    assert result.format is Format.LINKED_TEXT
    assert result.digest_date == dt.date.fromisoformat(day)
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == expected(rows)
    assert not result.warnings  # the footer ("System theme", "Trending Papers ranked by ...") is no paper


def test_organisation_names_over_their_links_are_skipped_not_abstracts():
    day = "2026-05-13"
    rows = [r for r in DAYS[day] if r.get("organization")]
    text = linked_text_export(rows, day, random.Random(0), blank_lines=True)
    result = parse_digest(text.encode(), today=dt.date(2026, 5, 13))
    assert result.ok, result.problems[:3]
    assert {r["organization"] for r in rows} <= {text for _, text in result.skipped}
