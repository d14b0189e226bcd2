"""One place decides the format: each shape people save is read by its own reader, and says so."""

import json
import random

import pytest

from papers.parsing import Format, formats, parse_digest
from tests.arxiv_feeds import atom, rss
from tests.digests import API_FILES, page_copy, papers_by_date, plain_digest
from tests.shapes import (
    linked_text_export,
    markdown_copy,
    saved_papers_page,
    structured_html,
    text_browser_dump,
    trending_copy,
)

DAY = "2026-05-13"
ROWS = papers_by_date()[DAY]


def shapes():
    rng = random.Random(4)
    items = json.loads(API_FILES[1].read_text(encoding="utf-8"))
    return {
        Format.DIGEST_TEXT: plain_digest(ROWS, DAY),
        Format.PAGE_TEXT: page_copy(ROWS, DAY),
        Format.LINKED_TEXT: linked_text_export(ROWS, DAY, rng),
        Format.MARKDOWN: markdown_copy(ROWS, DAY, rng),
        Format.TEXT_BROWSER: text_browser_dump(ROWS, DAY, rng),
        Format.TRENDING: trending_copy(ROWS, rng)[0],
        Format.HTML_DATA: saved_papers_page(items, "2026-06-01"),
        Format.HTML: structured_html(ROWS, DAY, rng),
        Format.API_JSON: API_FILES[1].read_text(encoding="utf-8"),
        Format.ARXIV_RSS: rss(ROWS, DAY),
        Format.ARXIV_ATOM: atom(ROWS, DAY),
    }


@pytest.mark.parametrize("expected", list(Format), ids=lambda f: f.value)
def test_each_shape_is_read_as_its_format(expected):
    text = shapes()[expected]
    result = parse_digest(text.encode())
    assert result.ok, result.problems[:3]
    assert result.format is expected
    assert len(expected.value) <= 20 and expected.label  # stored in ImportRun.format; shown in the preview


@pytest.mark.parametrize("start", [" [-] 12\nhttps://huggingface.co/login", "[101](https://huggingface.co/login?next=x)", "[-] 5"])
def test_text_starting_with_a_bracket_is_not_taken_for_json(start):
    assert formats.choose(start + "\nA title\n\nAn abstract.") is not formats.api_json


def test_every_reader_has_the_same_small_interface():
    for reader in formats.READERS:
        assert callable(reader.detect) and callable(reader.parse)
        assert 0.0 <= reader.detect(plain_digest(ROWS, DAY)) <= 1.0
