"""No junk rows, ever: a title or abstract still holding page syntax is a problem with its line, not a paper."""

import dataclasses
import json

import pytest

from papers.parsing import PaperRecord, parse_digest
from papers.parsing.checks import syntax_left
from tests.digests import API_FILES, all_papers, papers_by_date

DAYS = papers_by_date()
ROW = DAYS["2026-06-01"][3]
CLEAN = PaperRecord(title=ROW["title_oneline"], abstract=ROW["abstract_oneline"], line=1)


@pytest.mark.parametrize(
    "title, abstract",
    [
        ("### [{t}](https://huggingface.co/papers/2605.1)", None),
        ("### [Distilling Conversations: {t}][177]", None),
        ("### {t}", None),
        ("[{t}", None),
        ("{t} [", None),
        ("Upvote", None),
        ("[Upvote 117", None),
        ("[图片：无替代文本] {t}", None),
        ("{t} https://huggingface.co/papers/2605.1", None),
        ("{t} huggingface.co/papers/2605.1", None),
        ('<a id="2605.1"></a>{t}', None),
        ("- 3 authors", None),
        (None, "[{a}](https://huggingface.co/papers/2605.1)"),
        (None, "{a} ][33]"),
        (None, "![](https://cdn.example/x.png) {a}"),
        (None, "## {a}"),
        (None, "[ {a}"),
        (None, "{a} \\\\"),
        (None, "https://huggingface.co/papers/2605.1"),
        (None, "Upvote 117 {a}"),
        (None, "{a} <img src=x onerror=alert(1)>"),
    ],
)
def test_page_syntax_left_in_a_record_is_found(title, abstract):
    record = dataclasses.replace(
        CLEAN,
        title=title.format(t=CLEAN.title) if title else CLEAN.title,
        abstract=abstract.format(a=CLEAN.abstract) if abstract else CLEAN.abstract,
    )
    assert syntax_left(record)


def test_no_real_paper_reads_as_junk():
    """Real titles and abstracts hold brackets ("[CLS] token", "Alayrac et al. [2022]"), "**C**hinese", URLs."""
    records = [PaperRecord(r["title_oneline"], r["abstract_oneline"], 1) for r in all_papers()]
    for path in API_FILES:
        records += [PaperRecord(i["paper"]["title"], i["paper"]["summary"], 1) for i in json.loads(path.read_text())]
    assert len(records) == 649 + 91
    assert [(r.title, syntax_left(r)) for r in records if syntax_left(r)] == []


def test_a_file_whose_shape_leaves_syntax_is_refused_with_the_line_of_the_doubtful_paper():
    """One "### " heading mark and an "[Upvote" title: no reader undoes them, so nothing is stored."""
    rows = DAYS["2026-06-01"][:3]
    lines = ["Jun 1, 2026", ""]
    for row, title in zip(rows, [rows[0]["title_oneline"], f"### {rows[1]['title_oneline']}", f"[Upvote {rows[2]['title_oneline']}"]):
        lines += [title, "", row["abstract_oneline"], ""]
    result = parse_digest("\n".join(lines))
    assert [(e.line, "not a clean paper" in e.message) for e in result.errors] == [(7, True), (11, True)]
    assert "heading mark" in result.errors[0].message
    assert [p.title for p in result.papers] == [rows[0]["title_oneline"]]  # and the file cannot be imported
    assert not result.ok
