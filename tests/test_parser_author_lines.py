"""Author lists between a title and its abstract: never the title, kept as the paper's authors."""

import datetime as dt

import pytest

from papers.parsing import parse_digest
from papers.parsing.text_format import author_names
from tests.digests import SEED, papers_by_date

DAYS = papers_by_date()
DAY = "2026-06-01"
ROWS = [row for row in DAYS[DAY] if len(row["authors"]) >= 2]  # a lone name reads like a short title


@pytest.mark.parametrize("blank", ["\n\n", "\n"], ids=["blank-lines", "no-blank-lines"])
def test_author_line_between_title_and_abstract(blank):
    text = "Jun 1, 2026" + blank + blank.join(
        f"{row['title']}{blank}{', '.join(row['authors'])}{blank}{row['abstract_oneline']}" for row in ROWS
    )
    result = parse_digest(text.encode())
    assert result.ok, result.problems
    assert [(p.title, p.abstract) for p in result.papers] == [(r["title_oneline"], r["abstract_oneline"]) for r in ROWS]
    assert [list(p.authors) for p in result.papers] == [row["authors"] for row in ROWS]


def test_hard_wrapped_author_list_with_and_and_footnote_marks():
    rows = [row for row in DAYS["2024-06-14"] if len(row["authors"]) >= 4][:5]
    lines = ["Jun 14, 2024", ""]
    for row in rows:
        names = [f"{name}{n % 3 + 1}" if n % 2 else name for n, name in enumerate(row["authors"])]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        half = listed.index(", ", len(listed) // 2) + 1
        lines += [row["title"], "", listed[:half], listed[half:].strip(), "", row["abstract"], ""]
    result = parse_digest("\n".join(lines).encode())
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [row["title_oneline"] for row in rows]
    assert [list(p.authors) for p in result.papers] == [row["authors"] for row in rows]


def test_no_real_title_or_abstract_reads_as_an_author_list():
    rows = [row for rows in DAYS.values() for row in rows]
    seed = parse_digest(SEED.read_bytes(), today=dt.date(2026, 11, 28)).papers
    texts = [row["title_oneline"] for row in rows] + [row["abstract_oneline"] for row in rows]
    texts += [p.title for p in seed] + [p.abstract for p in seed]
    assert len(texts) == 2 * (649 + 72)
    assert [t for t in texts if author_names(t)] == []


def _name_like_titles() -> list[dict]:
    """Papers of the bench corpus (real title halves recombined) whose titles read like
    names: "Efficient Pre-Training Embeddings, LM Heads, SwiGLU MLPs, and MoE Routers"."""
    from papers.corpus import load_real_papers, make_papers
    from tests.digests import DATA

    papers = make_papers(load_real_papers(DATA), 10_000, 7)
    found = [p for p in papers if author_names(p["title"])]
    assert len(found) >= 3
    return found[:8]


@pytest.mark.parametrize("layout", ["plain", "page"])
def test_a_title_that_reads_like_names_is_a_title_where_no_title_stands_before_it(layout):
    from papers.corpus import digest_text

    papers = _name_like_titles()
    text = digest_text(papers, dt.date(2025, 3, 12), style=layout)
    result = parse_digest(text.encode(), today=dt.date(2026, 11, 28))
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [p["title"] for p in papers]
    assert all(p.authors == () for p in result.papers)
