"""The raw JSON of the daily-papers API, detected automatically."""

import datetime as dt
import json

import pytest

from papers.parsing import Format, parse_digest
from papers.parsing.normalize import one_line
from tests.digests import API_FILES

DATES = {API_FILES[0]: dt.date(2025, 5, 30), API_FILES[1]: dt.date(2026, 6, 1)}


@pytest.mark.parametrize("path", API_FILES, ids=lambda p: p.name)
def test_reads_every_item(path):
    items = json.loads(path.read_text(encoding="utf-8"))
    result = parse_digest(path.read_bytes(), filename=path.name)
    assert result.ok, result.problems
    assert result.format is Format.API_JSON
    assert result.digest_date == DATES[path]
    assert len(result.papers) == len(items)
    for paper, item in zip(result.papers, items):
        source = item["paper"]
        assert paper.arxiv_id == source["id"]
        assert paper.title == one_line(source["title"])
        assert paper.abstract == one_line(source["summary"])
        assert list(paper.authors) == [a["name"] for a in source["authors"]]
        assert paper.upvotes == source["upvotes"]
        if source.get("githubRepo"):
            # https://github.com/owner/repo, sub-paths such as /tree/main/sub dropped
            assert paper.code_url == "/".join(source["githubRepo"].split("/")[:5]).removesuffix(".git")


def test_item_line_numbers_point_into_the_file():
    path = API_FILES[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    for paper in parse_digest(path.read_bytes()).papers:
        assert lines[paper.line - 1].strip() == "{"


def test_broken_json_names_its_line():
    text = API_FILES[0].read_text(encoding="utf-8")
    broken = text.replace('"title":', '"title"', 1)
    result = parse_digest(broken.encode())
    (error,) = result.errors
    line = broken[: broken.index('"title"')].count("\n") + 1
    assert error.line == line
    assert "not valid JSON" in error.message


def test_item_without_abstract_is_reported_with_its_line():
    items = json.loads(API_FILES[1].read_text(encoding="utf-8"))[:3]
    items[1]["paper"]["summary"] = items[1]["summary"] = ""
    text = json.dumps(items, indent=2)
    result = parse_digest(text.encode())
    (error,) = result.errors
    assert "item 2" in error.message and "no abstract" in error.message
    assert text.split("\n")[error.line - 1].strip() == "{"
