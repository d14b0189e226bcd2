"""Author lists between a title and its abstract: never the title, kept as the paper's authors."""

import datetime as dt

import pytest

from papers.parsing import parse_digest
from papers.parsing.authors import author_names
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


NAME_LIKE = (  # bench-corpus titles (real halves recombined) an earlier rule read as names
    "The Good, the Bad, and the World Representation",
    "Diffusion Transformers A Dataset and Large Language Model Evaluator",
    "Efficient Pre-Training Embeddings, LM Heads, SwiGLU MLPs, and MoE Routers",
)


def _corpus(n: int, seed: int) -> list[dict]:
    from papers.corpus import load_real_papers, make_papers
    from tests.digests import DATA

    return make_papers(load_real_papers(DATA), n, seed)


def test_no_title_of_the_bench_corpus_reads_as_an_author_list():
    titles = [p["title"] for seed in (1, 7) for p in _corpus(3000, seed)]
    assert set(NAME_LIKE) <= set(titles)
    assert [t for t in titles if author_names(t)] == []


def test_real_author_lists_still_read_as_names():
    lists = [row["authors"] for rows in DAYS.values() for row in rows if len(row["authors"]) >= 2]
    found = [names for names in lists if author_names(", ".join(names))]
    assert len(lists) == 635 and len(found) >= 634  # one list in the data splits "Carl" from "Putterman"


@pytest.mark.parametrize("layout", ["plain", "page"])
def test_a_title_that_once_read_like_names_parses_as_a_title(layout):
    from papers.corpus import digest_text

    papers = [p for seed in (1, 7) for p in _corpus(3000, seed)]
    chosen = [p for p in papers if p["title"] in NAME_LIKE] + papers[:10]
    # A title whose abstract is missing stands just before the first: it must not take
    # the next title for its authors (the next paper's abstract with them).
    text = digest_text(chosen, dt.date(2025, 3, 12), style=layout)
    result = parse_digest(text.encode(), today=dt.date(2026, 11, 28))
    assert result.ok, result.problems
    assert [p.title for p in result.papers] == [p["title"] for p in chosen]
    assert all(p.authors == () for p in result.papers)


def test_an_orphan_title_does_not_take_the_next_title_for_authors():
    papers = [p for seed in (1, 7) for p in _corpus(3000, seed)]
    first, orphan, named = papers[0], papers[1], next(p for p in papers if p["title"] == NAME_LIKE[0])
    # The second paper's abstract went missing.
    text = "\n\n".join(
        ["Mar 12, 2025", first["title"], first["abstract"], orphan["title"], named["title"], named["abstract"]]
    )
    result = parse_digest(text.encode(), today=dt.date(2026, 11, 28))
    assert [(p.title, p.authors) for p in result.papers] == [(first["title"], ()), (named["title"], ())]
    assert any(orphan["title"][:40] in problem.message for problem in result.errors)
