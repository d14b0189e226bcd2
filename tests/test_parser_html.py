"""Saved HTML: the data a papers page embeds, else the page's headings, paragraphs and links."""

import dataclasses
import datetime as dt
import json
import random

import pytest

from papers.parsing import Format, parse_digest
from tests.digests import API_FILES, papers_by_date
from tests.shapes import saved_papers_page, structured_html

DAYS = papers_by_date()


@pytest.mark.parametrize("path", API_FILES, ids=lambda p: p.name)
def test_a_saved_papers_page_reads_its_embedded_data_like_the_api(path):
    items = json.loads(path.read_text(encoding="utf-8"))
    day = items[0]["paper"]["submittedOnDailyAt"][:10]
    page = saved_papers_page(items, day)
    assert "data-target=\"DailyPapers\"" in page and "&quot;" in page  # escaped JSON in an attribute
    result = parse_digest(page.encode(), filename="Daily Papers - Hugging Face.html")
    api = parse_digest(path.read_bytes(), filename=path.name)
    assert result.ok, result.problems[:3]
    assert result.format is Format.HTML_DATA
    fields = lambda p: dataclasses.replace(p, line=0)  # noqa: E731 - the page's items all stand on one line
    assert list(map(fields, result.papers)) == list(map(fields, api.papers))  # titles, abstracts, ids, code...
    assert result.digest_date == api.digest_date == dt.date.fromisoformat(day)


def test_a_saved_page_is_read_as_html_whatever_its_name():
    items = json.loads(API_FILES[0].read_text(encoding="utf-8"))
    result = parse_digest(saved_papers_page(items, "2025-05-30").encode(), filename="download")
    assert result.format is Format.HTML_DATA and len(result.papers) == len(items)


@pytest.mark.parametrize("day", sorted(DAYS))
def test_other_html_is_read_through_its_structure(day):
    rows = DAYS[day]
    html = structured_html(rows, day, random.Random(day))
    result = parse_digest(html.encode(), filename="list.html")
    assert result.ok, result.problems[:3]
    assert result.format is Format.HTML
    assert result.digest_date == dt.date.fromisoformat(day)
    assert [(p.title, p.abstract, p.arxiv_id) for p in result.papers] == [
        (r["title_oneline"], r["abstract_oneline"], r["arxiv_id"]) for r in rows
    ]


def test_broken_embedded_data_falls_back_to_the_page_structure():
    """The hydration attribute cut short: the page's own text is read, and refused when it holds no abstracts."""
    items = json.loads(API_FILES[1].read_text(encoding="utf-8"))
    page = saved_papers_page(items, "2026-06-01").replace("dailyPapers&quot;: [", "dailyPapers&quot;: [[", 1)
    result = parse_digest(page.encode(), filename="x.html")
    assert result.format is Format.HTML
    assert not result.ok and not result.papers  # titles without abstracts: nothing doubtful stored


def test_script_style_and_navigation_text_never_become_papers():
    row = DAYS["2026-06-01"][0]
    html = (
        "<html><head><title>A Title That Is Not A Paper</title><style>h2{color:red}</style></head><body>"
        "<nav><p>Models</p><p>Datasets</p></nav><p>Jun 1, 2026</p>"
        f"<script>var abstract = 'we propose a script that reads like an abstract but is code';</script>"
        f"<h2>{row['title_oneline']}</h2><p>{row['abstract_oneline']}</p></body></html>"
    )
    result = parse_digest(html.encode())
    assert result.ok, result.problems
    assert [(p.title, p.abstract) for p in result.papers] == [(row["title_oneline"], row["abstract_oneline"])]
