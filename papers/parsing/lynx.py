"""A text browser's own dump: lynx's numbered link marks and its list of references.

`lynx -dump` writes each link as a number in brackets glued to its text
(`[17]AI for Auto-Research`, `[18]· 20 authors`) and ends the page with
`References` and a numbered list of the addresses (`  17. https://…`). The marks
are taken out of the text and each line keeps the addresses its marks name, so a
title line links to its paper page as in Markdown. The list itself is no paper.
(`lynx -dump -nonumbers` and w3m write plain text, which the text reader reads.)
"""

from __future__ import annotations

import re

from .records import Format, ParseResult, ReadContext
from .source import SourceLine, split_lines
from .text_format import parse_lines

_REFERENCES = re.compile(r"^\s*(?:References|Visible links:?|Hidden links:?)\s*$")
_REFERENCE = re.compile(r"^\s*(\d{1,5})\.\s+(\S+)\s*$")
# A link mark: "[17]" glued to the link's text ("[17]AI for", "[18]· 20 authors"); never
# a citation, which a space or a comma follows ("as in [12], we"), nor Markdown's "][32]".
_MARK = re.compile(r"(?<!\])\[(\d{1,5})\](?=[^\s,.;:)\]\[(])")
# An image lynx shows by its file name: "[avatar.png]", "[IMG]".
_IMAGE = re.compile(r"\[(?:[^\[\]\s]{1,80}\.(?:png|jpe?g|gif|svg|webp)|IMG|INLINE)\]\s?", re.I)
_MIN_REFERENCES = 3
_MIN_MARKS = 10  # without a list of references (lynx -nolist): marks enough that they are no citations


def _references_start(lines: list[str]) -> int | None:
    """Where the list of references at the end starts: the trailing run of headings
    ("References", "Visible links:", "Hidden links:"), numbered addresses and blank lines."""
    at = len(lines)
    while at and (not lines[at - 1].strip() or _REFERENCE.match(lines[at - 1]) or _REFERENCES.match(lines[at - 1])):
        at -= 1
    tail = lines[at:]
    if sum(1 for line in tail if _REFERENCE.match(line)) < _MIN_REFERENCES or not any(map(_REFERENCES.match, tail)):
        return None
    return at


def detect(text: str) -> float:
    head = text[:200_000]
    marks = len(_MARK.findall(head))
    if marks < _MIN_REFERENCES:
        return 0.0
    if _references_start(split_lines(text[-200_000:])) is not None or marks >= _MIN_MARKS:
        return 0.7
    return 0.0


def parse(text: str, context: ReadContext) -> ParseResult:
    lines = split_lines(text)
    start = _references_start(lines)
    refs: dict[str, str] = {}
    if start is not None:
        for line in lines[start:]:
            if match := _REFERENCE.match(line):
                refs.setdefault(match[1], match[2])
        lines = lines[:start]  # the list of addresses is no part of the page's text
    source = []
    for number, line in enumerate(lines, start=1):
        if "[" not in line:
            source.append(SourceLine(number, line))
            continue
        links = tuple(refs[m[1]] for m in _MARK.finditer(line) if m[1] in refs)
        source.append(SourceLine(number, _IMAGE.sub("", _MARK.sub("", line)), links))
    return parse_lines(source, context, format=Format.TEXT_BROWSER)
