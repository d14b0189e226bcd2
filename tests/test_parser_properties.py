"""Properties of the parser over every shape, found by Hypothesis (issue #11).

Good input: digests made from real papers in every shape people save (tests/shapes.py
and tests/tool_copies.py), with random
page chrome, line ends, wrapping widths, reference lists cut off, repeated cards and
truncation, read back as exactly the real titles, abstracts and ids. Mangled input
(random bytes, files cut anywhere, deep brackets, giant lines, shuffled lines): the
parser never raises, answers with papers or line-numbered problems, stores nothing
that still holds page syntax, and finishes in time linear in the input.

The examples are derandomised (tests/conftest.py) so CI sees the same ones each run;
HYPOTHESIS_PROFILE=thorough explores many more.
"""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.parsing import parse_digest, title_key
from papers.parsing.checks import syntax_left
from papers.parsing.wrapping import looks_finished
from tests.conftest import EXAMPLES_SCALE
from tests.digests import all_papers, page_copy, plain_digest, written_date
from tests.shapes import (
    expected,
    hyphen_wrapped_digest,
    linked_text_export,
    markdown_copy,
    structured_html,
    text_browser_dump,
    trending_copy,
    wrap_safe,
)
from tests.timeouts import at_most
from tests.tool_copies import TOOLS

# Real papers any wrapping reads back exactly, minus the 3 of 649 whose abstracts do
# not end like a sentence: last in a file, those read as cut off (wrapping.looks_finished).
ROWS = [row for row in wrap_safe(all_papers()) if looks_finished(row["abstract_oneline"])]
BY_TITLE = {row["title_oneline"]: row for row in ROWS}
CHROME = [
    "Hugging Face", "Models", "Datasets", "Spaces", "Docs", "Pricing", "Log In", "Sign Up", "new",
    "Get trending papers in your email inbox!", "Subscribe", "Daily Papers", "by AK and the research community",
    "Daily / Weekly / Monthly", "Trending Papers", "Search models, datasets, users...",
]
TODAY = dt.date(2026, 11, 30)


def _plain(rows, day, rng, draw):
    text = plain_digest(rows, day, year=True)
    header = draw(st.lists(st.sampled_from(CHROME), max_size=6))
    return "\n\n".join(header + [text]), [(t, a, None) for t, a, _ in expected(rows)]


def _wrapped(rows, day, rng, draw):
    text = hyphen_wrapped_digest(rows, day, draw(st.integers(30, 110)))
    return text, [(t, a, None) for t, a, _ in expected(rows)]


def _page(rows, day, rng, draw):
    return page_copy(rows, day, urls_first=draw(st.booleans())), expected(rows)


def _markdown(rows, day, rng, draw):
    return markdown_copy(rows, day, rng), expected(rows)


def _text_browser(rows, day, rng, draw):
    keep = draw(st.sampled_from([1.0, 0.5, 0.0]))
    truncate = len(rows) > 1 and draw(st.booleans())
    text = text_browser_dump(rows, day, rng, keep_refs=keep, truncate=truncate)
    want = expected(rows[:-1] if truncate else rows)
    return text, want if keep == 1.0 and not truncate else [(t, a, "?") for t, a, _ in want]


def _linked(rows, day, rng, draw):
    return linked_text_export(rows, day, rng, blank_lines=draw(st.booleans())), expected(rows)


def _trending(rows, day, rng, draw):
    return trending_copy(rows, rng)


def _html(rows, day, rng, draw):
    return structured_html(rows, day, rng), expected(rows)


def _tool(name):
    def shape(rows, day, rng, draw):
        text, has_ids = TOOLS[name](rows, day, rng)
        return text, [(t, a, i if has_ids else None) for t, a, i in expected(rows)]

    return shape


SHAPES = {
    "plain": _plain, "wrapped": _wrapped, "page": _page, "markdown": _markdown, "text-browser": _text_browser,
    "linked": _linked, "trending": _trending, "html": _html, **{f"tool:{name}": _tool(name) for name in TOOLS},
}


@st.composite
def digests(draw, max_papers: int = 8):
    """(text, the papers it must give, the digest's day)."""
    rows = draw(st.lists(st.sampled_from(ROWS), min_size=1, max_size=max_papers, unique_by=lambda r: title_key(r["title_oneline"])))
    rows = list({row["arxiv_id"]: row for row in rows}.values())
    day = rows[0]["date"]
    shape = draw(st.sampled_from(sorted(SHAPES)))
    text, want = SHAPES[shape](rows, day, random.Random(draw(st.integers(0, 2**32))), draw)
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return text.replace("\n", line_end), want, day


def parse(data, **kwargs):
    size = len(data)
    with at_most(2 + size // 100_000, f"parsing {size} characters"):  # linear: a small fraction of it
        result = parse_digest(data, today=TODAY, **kwargs)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = text.count("\n") + text.count("\r") + 2
    assert result.papers or result.problems  # an answer, never silence
    assert all(p.line is None or 1 <= p.line <= lines for p in result.problems), result.problems
    assert [(p.title, syntax_left(p)) for p in result.papers if syntax_left(p)] == []
    return result


@settings(max_examples=120 * EXAMPLES_SCALE, suppress_health_check=[HealthCheck.too_slow])
@given(digests())
def test_every_shape_reads_back_exactly_the_real_papers(case):
    text, want, day = case
    result = parse(text.encode(), digest_date=dt.date.fromisoformat(day))
    assert result.ok, result.problems[:3]
    got = [(p.title, p.abstract, p.arxiv_id) for p in result.papers]
    assert [(t, a) for t, a, _ in got] == [(t, a) for t, a, _ in want]
    for (_, _, found), (_, _, real) in zip(got, want):
        assert found == real or (real == "?" and found in (None, *(r["arxiv_id"] for r in ROWS)))


@settings(max_examples=150 * EXAMPLES_SCALE)
@given(st.binary(max_size=4000))
def test_random_bytes_never_raise(data):
    parse(data)


@settings(max_examples=150 * EXAMPLES_SCALE, suppress_health_check=[HealthCheck.too_slow])
@given(digests(max_papers=5), st.data())
def test_a_file_cut_anywhere_stores_only_whole_papers(case, data):
    """Every paper kept is a real one, whole; the one exception no reader can see is a
    cut that falls right after a sentence of the last abstract."""
    text, want, day = case
    cut = text[: data.draw(st.integers(0, len(text)))]
    if not cut.strip():
        return
    result = parse(cut.encode(), digest_date=dt.date.fromisoformat(day))
    real = {title: abstract for title, abstract, _ in want}
    for number, paper in enumerate(result.papers):
        assert paper.title in real, paper.title
        whole = real[paper.title]
        if paper.abstract == whole or (paper.summary_only and paper.abstract == BY_TITLE[paper.title]["ai_summary"]):
            continue  # whole; or a trending page cut before the card with the full abstract
        last = number == len(result.papers) - 1
        assert last and whole.startswith(paper.abstract) and looks_finished(paper.abstract), paper.abstract[-80:]


BRACKETY = st.lists(st.sampled_from(list("[]()!#*_\\<>`|-: \n") + ["word", "http://x", "](", "]["]), max_size=1500).map("".join)


@settings(max_examples=100 * EXAMPLES_SCALE)
@given(BRACKETY, st.integers(0, 4000))
def test_deep_and_unclosed_brackets_never_raise(noise, depth):
    row = ROWS[depth % len(ROWS)]
    text = "\n\n".join([written_date(row["date"]), "[" * depth + noise + "]" * (depth // 2), row["title"], row["abstract"], noise])
    parse(text)


@settings(max_examples=25 * EXAMPLES_SCALE, suppress_health_check=[HealthCheck.too_slow])
@given(digests(max_papers=4), st.integers(50_000, 400_000), st.sampled_from(["x", "word ", "[", "](", "-", " ", "\\"]))
def test_a_giant_line_never_raises(case, size, unit):
    text, _, _ = case
    lines = text.split("\n")
    lines.insert(len(lines) // 2, unit * (size // len(unit)))
    parse("\n".join(lines))


@settings(max_examples=100 * EXAMPLES_SCALE, suppress_health_check=[HealthCheck.too_slow])
@given(digests(max_papers=6), st.randoms(use_true_random=False))
def test_shuffled_lines_never_raise(case, rng):
    text, _, _ = case
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rng.shuffle(lines)
    parse("\n".join(lines))
