"""Links on a paragraph of their own after an abstract: never a title, never an orphan abstract."""

import re

from papers.parsing import parse_digest
from tests.digests import papers_by_date

DAYS = papers_by_date()
PAGE = re.compile(r"https?://([\w.-]+\.github\.io/?[\w/-]*)")


def test_a_card_s_github_label_and_bare_repository_link_after_the_abstract():
    rows = [row for row in DAYS["2026-06-01"] if row.get("github_url")]
    assert len(rows) >= 5
    lines = ["Jun 1, 2026", ""]
    for row in rows:
        lines += [row["title"], "", row["abstract"], "", "GitHub", row["github_url"].removeprefix("https://"), ""]
    result = parse_digest("\n".join(lines).encode())
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [row["title_oneline"] for row in rows]
    assert [p.abstract for p in result.papers] == [row["abstract_oneline"] for row in rows]


def test_project_page_without_a_scheme_on_its_own_paragraph_stays_in_the_abstract():
    rows = [row for rows in DAYS.values() for row in rows if PAGE.search(row["abstract_oneline"])][:6]
    assert len(rows) == 6
    lines = ["Jun 1, 2026", ""]
    for row in rows:
        page = PAGE.search(row["abstract_oneline"]).group(1)
        lines += [row["title"], "", row["abstract"], "", f"Project page: {page}", ""]
    result = parse_digest("\n".join(lines).encode())
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [row["title_oneline"] for row in rows]
    assert all(p.abstract.endswith(PAGE.search(r["abstract_oneline"]).group(1)) for p, r in zip(result.papers, rows))
