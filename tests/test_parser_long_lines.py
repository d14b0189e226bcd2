"""Pathological lines stay linear: a pattern that retries from every position of a long
run took minutes (a run of 80,000 digits: 78 s; 40,000 spaces after a middle dot: 130 s)."""

import pytest

from papers.parsing import parse_digest
from tests.digests import SEED
from tests.timeouts import at_most


@pytest.mark.parametrize(
    "line",
    [
        "We study things " + "7" * 80_000 + "x and more words",  # footnote marks after names
        "a · b" + " " * 40_000 + "c",  # a card row's parts, one read as a date with a weekday
        "Tue" + " " * 40_000 + "x",
    ],
    ids=["digit-run", "spaces-in-a-row", "spaces-after-a-weekday"],
)
def test_a_pathological_line_in_a_real_digest_parses_in_linear_time(line):
    text = SEED.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\n\n")
    with at_most(10):
        result = parse_digest((head + sep + line + "\n\n" + tail).encode())
    assert len(result.papers) >= 72
