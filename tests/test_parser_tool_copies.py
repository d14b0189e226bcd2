"""More tools' copies of a papers page (tests/tool_copies.py): each reads back exactly the real papers."""

import datetime as dt
import random

import pytest

from papers.parsing import Format, parse_digest
from tests.digests import papers_by_date
from tests.shapes import expected, wrap_safe
from tests.tool_copies import TOOLS

DAYS = papers_by_date()
FORMATS = {
    "lynx": Format.TEXT_BROWSER, "lynx-visible-hidden": Format.TEXT_BROWSER, "lynx-nolist": Format.TEXT_BROWSER,
    "pandoc-markdown": Format.MARKDOWN, "turndown-setext": Format.MARKDOWN,
}


@pytest.mark.parametrize("day", sorted(DAYS)[::3])
@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_tool_s_copy_reads_back_exactly(tool, day):
    rows = wrap_safe(DAYS[day])[:15]
    text, has_ids = TOOLS[tool](rows, day, random.Random(day))
    result = parse_digest(text.encode(), today=dt.date.fromisoformat(day), digest_date=dt.date.fromisoformat(day))
    assert result.ok, result.problems[:3]
    got = [(p.title, p.abstract, p.arxiv_id) for p in result.papers]
    assert got == [(t, a, i if has_ids else None) for t, a, i in expected(rows)]
    assert not result.warnings
    if tool in FORMATS:
        assert result.format is FORMATS[tool]


def test_a_numbered_link_mark_left_in_a_title_is_refused():
    """lynx's marks undone only where the file is lynx's: a stray '[17]Title' is no title."""
    row = DAYS["2026-05-19"][0]
    result = parse_digest(f"May 19, 2026\n\n[17]{row['title_oneline']}\n\n{row['abstract_oneline']}\n".encode())
    assert not result.ok and "numbered link mark" in result.errors[0].message
