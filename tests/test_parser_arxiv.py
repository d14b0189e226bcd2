"""arXiv's feeds: the per-category RSS (new and cross-listed papers read, new versions
counted) and the query API's Atom; broken, foreign and empty feeds refused with a line."""

from __future__ import annotations

import datetime as dt
import textwrap
from xml.sax.saxutils import escape

import pytest

from papers.parsing import formats, parse_digest
from papers.parsing import arxiv_feed
from papers.parsing.wrapping import single_spaced
from tests.arxiv_feeds import atom, rss
from tests.digests import papers_by_date

DAY = "2026-05-19"
ROWS = papers_by_date()[DAY]


def read(text: str, **kwargs):
    return parse_digest(text.encode(), filename="feed.xml", today=dt.date(2026, 12, 1), **kwargs)


def test_an_rss_feed_reads_every_paper_exactly():
    result = read(rss(ROWS, DAY))
    assert result.ok, result.problems[:3]
    assert result.format.value == "arxiv-rss"
    assert result.digest_date == dt.date(2026, 5, 19)
    assert result.header == ["cs.LG updates on arXiv.org"]
    assert [p.title for p in result.papers] == [r["title_oneline"] for r in ROWS]
    assert [p.abstract for p in result.papers] == [single_spaced(r["abstract_oneline"]) for r in ROWS]
    assert [p.arxiv_id for p in result.papers] == [r["arxiv_id"] for r in ROWS]
    assert [list(p.authors) for p in result.papers] == [list(r["authors"]) for r in ROWS]
    # text that XML escapes ("&", "<") comes back as plain text
    assert any("&" in p.title for p in result.papers) and any("<" in p.abstract for p in result.papers)


def test_new_and_cross_are_read_replacements_only_counted():
    rows = ROWS[:6]
    text = rss(rows, DAY, types={1: "cross", 2: "replace", 3: "replace-cross", 4: "withdrawn"})
    result = read(text)
    assert result.ok
    assert [p.arxiv_id for p in result.papers] == [rows[0]["arxiv_id"], rows[1]["arxiv_id"], rows[5]["arxiv_id"]]
    items = [number for number, line in enumerate(text.split("\n"), start=1) if line == "    <item>"]
    assert result.replaced == [(items[2], rows[2]["arxiv_id"]), (items[3], rows[3]["arxiv_id"])]
    assert [w.message for w in result.warnings if "withdrawn" in w.message]


def test_a_feed_of_replacements_only_or_of_nothing_is_refused():
    only = read(rss(ROWS[:3], DAY, types={0: "replace", 1: "replace", 2: "replace-cross"}))
    assert not only.ok and "only 3 new versions" in only.errors[0].message
    empty = read(rss([], DAY))
    assert not empty.ok and "no papers" in empty.errors[0].message and not empty.papers


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace("</item>", "", 1),  # a tag left open
        lambda text: text[: len(text) // 2],  # cut off half-way
        lambda text: text.replace("<title>", "<title>a & b ", 3),  # an unescaped ampersand
    ],
    ids=["open tag", "cut off", "bare ampersand"],
)
def test_xml_that_is_not_well_formed_is_refused_with_its_line(damage):
    text = damage(rss(ROWS[:5], DAY))
    result = read(text)
    assert not result.ok and not result.papers
    error = result.errors[0]
    assert "not well-formed XML" in error.message and 1 <= error.line <= text.count("\n") + 1


def test_a_feed_that_is_not_arxiv_s_is_refused():
    text = rss(ROWS[:2], DAY).replace("arxiv.org", "example.org").replace("arXiv.org", "example.org")
    result = read(text)
    assert not result.ok and "not one of arXiv's" in result.errors[0].message


def test_a_description_not_in_arxiv_s_shape_is_an_error_on_its_line():
    text = rss(ROWS[:3], DAY)
    text = text.replace(f"arXiv:{ROWS[1]['arxiv_id']}v1 Announce Type: new \nAbstract: ", "", 1)
    result = read(text)
    assert not result.ok
    line = text.split("\n").index("    <item>", text.split("\n").index("    <item>") + 1) + 1
    assert [e.line for e in result.errors] == [line]


def test_the_query_api_s_atom_feed():
    rows = ROWS[:8]
    result = read(atom(rows, "2026-05-20"))
    assert result.ok, result.problems[:3]
    assert result.format.value == "arxiv-atom" and result.digest_date == dt.date(2026, 5, 20)
    assert [p.title for p in result.papers] == [r["title_oneline"] for r in rows]  # wrapped titles joined
    assert [p.abstract for p in result.papers] == [single_spaced(r["abstract_oneline"]) for r in rows]
    assert [p.arxiv_id for p in result.papers] == [r["arxiv_id"] for r in rows]  # the version dropped
    assert [list(p.authors) for p in result.papers] == [list(r["authors"]) for r in rows]


def test_a_given_date_wins_and_feeds_are_told_from_pages():
    assert read(rss(ROWS[:2], DAY), digest_date=dt.date(2026, 5, 1)).digest_date == dt.date(2026, 5, 1)
    assert formats.choose(rss(ROWS[:2], DAY)) is arxiv_feed
    assert formats.choose(atom(ROWS[:2], DAY)) is arxiv_feed
    assert formats.choose("<html><body><p>x</p></body></html>") is not arxiv_feed


def test_entities_are_never_expanded():
    text = rss(ROWS[:1], DAY).replace(
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ).replace("<title>", "<title>&secret;&b;", 2)
    result = read(text)
    assert not result.ok and not result.papers
    assert "aaaaaaaaaa" not in str(result.problems)


def test_the_line_of_an_xml_error_in_a_file_without_a_declaration():
    text = rss(ROWS[:3], DAY).split("\n", 1)[1]  # no <?xml …?> line
    lines = text.split("\n")
    broken_at = lines.index("    <item>", lines.index("    <item>") + 1) + 2  # the second item's <title> line
    lines[broken_at - 1] = lines[broken_at - 1].replace("</title>", "</titel>")
    result = read("\n".join(lines))
    assert not result.ok and result.errors[0].line == broken_at


def test_atom_fields_marked_as_html_are_read_as_text():
    rows = [r for r in ROWS if "&" in r["abstract_oneline"] or "<" in r["abstract_oneline"]][:1] + ROWS[:1]
    text = atom(rows, DAY)
    wrapped = "\n".join(textwrap.wrap(rows[0]["abstract_oneline"], 78, break_on_hyphens=False, break_long_words=False))
    as_html = "<p>" + escape(wrapped) + "</p>"  # HTML, then escaped again as the XML's text
    text = text.replace(f"<summary>  {escape(wrapped)}\n</summary>", f'<summary type="html">{escape(as_html)}</summary>', 1)
    assert 'type="html"' in text
    result = read(text)
    assert result.ok, result.problems[:3]
    assert result.papers[0].abstract == single_spaced(rows[0]["abstract_oneline"])
