"""Trending pages: every card twice, AI summaries, GitHub buttons, "[Upvote" and no date of their own."""

import datetime as dt
import random

import pytest

from papers.parsing import Format, parse_digest
from papers.parsing.links import find_code_url
from tests.digests import papers_by_date
from tests.shapes import trending_copy

DAYS = papers_by_date()
TODAY = dt.date(2026, 11, 30)


def read(text, **kwargs):
    result = parse_digest(text.encode(), today=TODAY, **kwargs)
    assert result.ok, result.problems[:5]
    assert result.format is Format.TRENDING
    return result


@pytest.mark.parametrize("day", sorted(DAYS))
def test_each_paper_once_with_its_full_abstract_when_any_card_had_it(day):
    rows = DAYS[day]
    text, want = trending_copy(rows, random.Random(day))
    result = read(text, digest_date=dt.date.fromisoformat(day))
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == want
    summaries = {t for (t, a, _), row in zip(want, rows) if a != row["abstract_oneline"]}
    assert {p.title for p in result.papers if p.summary_only} == summaries
    # One warning for the repeated cards (and one naming the summaries), never one per card.
    assert len([w for w in result.warnings if "listed again" in w.message]) == 1
    assert len(result.warnings) == 1 + bool(summaries)


def test_no_upvote_button_placeholder_or_anchor_becomes_a_title():
    rows = DAYS["2026-05-19"]
    text, _ = trending_copy(rows, random.Random(5))
    assert "[Upvote" in text and "[图片：无替代文本]" in text and '<a id="' in text
    titles = [p.title for p in read(text).papers]
    assert titles == [r["title_oneline"] for r in rows]


def test_the_github_button_is_the_code_link_only_when_the_abstract_has_none():
    rows = [r for day in DAYS.values() for r in day if r.get("github_url")][:40]
    text, _ = trending_copy(rows, random.Random(7))
    for paper, row in zip(read(text).papers, rows):
        in_abstract = find_code_url(row["abstract_oneline"])
        button = find_code_url(row["github_url"])
        assert paper.code_url == (in_abstract or button), paper.title


def test_a_trending_page_has_no_date_of_its_own_so_it_is_dated_today_with_a_warning():
    rows = DAYS["2026-06-01"][:6]
    text, _ = trending_copy(rows, random.Random(2))
    assert "Published on" in text  # the cards' own dates are no digest date
    result = read(text)
    assert result.digest_date == TODAY and not result.date_has_year
    assert any("dated today" in w.message for w in result.warnings)
    assert read(text, digest_date=dt.date(2026, 6, 1)).digest_date == dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    "header",
    [
        ["## Papers with Code Trends", "", "Discover the most popular papers, ranked by GitHub stars over the last days."],
        ["# Trending This Week", "", "The papers the community read most this week, with their code and scores."],
        ["Top Research Highlights", "", "The papers the community read most this week, with their code and scores."],
    ],
    ids=["other-level-heading", "h1", "plain-title"],
)
def test_a_misleading_header_with_a_title_and_a_blurb_is_no_paper(header):
    rows = DAYS["2025-10-14"][:8]
    text, want = trending_copy(rows, random.Random(9))
    lines = text.split("\n")
    at = lines.index("## Trending Papers")
    lines[at:at] = header + [""]
    result = read("\n".join(lines), digest_date=dt.date(2025, 10, 14))
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == want
