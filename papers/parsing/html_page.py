"""Saved HTML pages ("Save page as…"): the data a papers page embeds, else its structure.

The live papers pages carry their data in the HTML for the page's script: an element
with `data-target="DailyPapers"` (or another component) and an HTML-escaped
`data-props` JSON whose `dailyPapers` array holds the same objects as the
daily-papers API. When a page has such data it is read like the API's JSON. Any
other HTML is read through its structure (headings, paragraphs, links) into lines
for the text reader. Python's own HTML parser does the reading; no regexes on markup.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from .api_json import papers_from_items
from .records import Format, ParseResult, ReadContext
from .source import SourceLine
from .text_format import parse_lines

_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_BLOCK_TAG = re.compile(r"<(?:p|div|h[1-6]|li|article|section|table|tr|br)\b", re.I)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "select", "textarea",
                      "iframe", "nav", "footer", "aside", "form", "button", "math"})
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "main", "h1", "h2", "h3", "h4", "h5", "h6",
                     "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
                     "figure", "figcaption", "hr", "details", "summary", "body", "html", "center"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_MAX_PROPS_DEPTH = 6


def detect(text: str) -> float:
    head = text[:20_000]
    if _START.match(head.lstrip("\ufeff")) or "data-props=" in head:
        return 0.95
    lines = head.count("\n") + 1
    blocks = len(_BLOCK_TAG.findall(head))
    return 0.8 if blocks >= 10 and blocks * 2 >= lines else 0.0


def parse(text: str, context: ReadContext) -> ParseResult:
    reader = _PageReader()
    if text.rfind("<") > text.rfind(">"):  # a file cut inside a tag ("…</p" or "<"): not text
        text = text[: text.rfind("<")]
    reader.feed(text)
    reader.close()
    items = _embedded_papers(reader.props)
    if items:
        result = ParseResult(format=Format.HTML_DATA)
        return papers_from_items(items, result, filename=context.filename, digest_date=context.digest_date)
    return parse_lines(reader.finish(), context, format=Format.HTML)


class _PageReader(HTMLParser):
    """Collects every component's `data-props` and the page's text, block by block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.props: list[tuple[int, str, str]] = []  # (line, data-target, props JSON)
        self.lines: list[SourceLine] = []
        self.skipping: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.number = 0
        self.heading = 0  # the level of the heading being read, 0 outside headings

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("data-props"):
            self.props.append((self.getpos()[0], found.get("data-target") or "", found["data-props"] or ""))
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED:
            self.skipping.append(tag)
            return
        if tag in _BLOCKS or tag == "br":
            self._flush(paragraph=tag != "br")
        if tag in _HEADINGS:
            self.heading = int(tag[1])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:  # close up to the matching open tag (HTML leaves some unclosed)
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in _BLOCKS:
            self._flush(paragraph=True)
        if tag in _HEADINGS:
            self.heading = 0

    def handle_data(self, data: str) -> None:
        if self.skipping or not data.strip():
            if data and self.text and not self.skipping:
                self.text.append(" ")
            return
        if not self.text:  # the line where the text starts, past the white space before it
            self.number = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self.text.append(data)

    def _flush(self, *, paragraph: bool) -> None:
        text = " ".join("".join(self.text).split())
        if text:
            self.lines.append(SourceLine(self.number, text, tuple(self.links), heading=self.heading))
        if text or self.links:
            self.links = []
        self.text = []
        if paragraph and self.lines and not self.lines[-1].blank:
            self.lines.append(SourceLine(self.lines[-1].number, ""))

    def finish(self) -> list[SourceLine]:
        self._flush(paragraph=True)
        return self.lines


def _embedded_papers(props: list[tuple[int, str, str]]) -> list[tuple[int, Any]]:
    """The paper objects of the page's components: the daily list first, else the longest list."""
    found: list[tuple[bool, int, int, list[Any]]] = []
    for line, target, raw in props:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for papers in _paper_lists(data, 0):
            found.append((target == "DailyPapers", len(papers), line, papers))
    if not found:
        return []
    _, _, line, papers = max(found, key=lambda f: (f[0], f[1]))
    return [(line, item) for item in papers]


def _paper_lists(data: Any, depth: int):
    """Lists of paper objects (an API item {"paper": {...}} or a paper with a title and a summary)."""
    if depth > _MAX_PROPS_DEPTH:
        return
    if isinstance(data, list):
        if data and all(isinstance(item, dict) for item in data) and any(_is_paper(item) for item in data[:5]):
            yield data
            return
        for item in data[:50]:
            yield from _paper_lists(item, depth + 1)
    elif isinstance(data, dict):
        if _is_paper(data) and depth == 0:
            yield [data]
            return
        for value in data.values():
            yield from _paper_lists(value, depth + 1)


def _is_paper(item: dict) -> bool:
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
    return isinstance(paper.get("title"), str) and isinstance(paper.get("summary") or paper.get("abstract"), str)
