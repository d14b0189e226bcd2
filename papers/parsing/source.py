"""Lines of a file as every reader hands them to the paper finder (`text_format`).

A reader of a marked-up shape (Markdown, HTML) undoes its markup and yields
`SourceLine`s: the plain text a reader of the page sees, the line of the file it
starts on (so problems name real line numbers), the addresses it links to and
whether it was a heading. Plain text becomes one `SourceLine` per line.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class SourceLine(NamedTuple):  # a tuple: a 10,000-paper file makes 200,000 of them
    number: int  # 1-based line of the file where this text starts
    text: str  # plain text without markup; "" for a blank line
    links: tuple[str, ...] = ()  # the addresses the text links to, in order
    heading: int = 0  # a heading's level (1 to 6), 0 for text: a heading stands alone, a title if anything

    @property
    def blank(self) -> bool:
        return not self.links and not self.text.strip()


# Invisible characters a browser's copy can leave anywhere in a line: zero-width space,
# word joiner, byte-order marks (a BOM mid-file when files were pasted together) and soft
# hyphens. None is ever part of a title or an abstract.
_INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad"
INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")  # a regex: str.translate took 2 s on 15 MB
# Anything a reader can see: an empty file has none (white space and zero-width marks only).
VISIBLE = re.compile(r"[^\s\u200b-\u200d\u2060\ufeff\u00ad]")
# Zero-width (non-)joiners belong inside some scripts' words, but never at a line's edges.
_EDGE_JOINERS = "\u200c\u200d"
# Line and paragraph separators of word processors and some browsers' copy: the paragraph
# separator is a blank line, the others line ends.
_LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x85": "\n"}
_LINE_BREAK = re.compile("[" + "".join(_LINE_BREAKS) + "]")


def split_lines(text: str) -> list[str]:
    """Lines without line ends, invisible characters or surrounding white space at the end."""
    if any(mark in text for mark in _INVISIBLE_CHARS):
        text = INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(mark in text for mark in _LINE_BREAKS):
        text = _LINE_BREAK.sub(lambda match: _LINE_BREAKS[match[0]], text)
    return [line.rstrip().strip(_EDGE_JOINERS).rstrip() for line in text.split("\n")]


def plain_lines(lines: list[str]) -> list[SourceLine]:
    return [SourceLine(number, line) for number, line in enumerate(lines, start=1)]
