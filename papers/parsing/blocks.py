"""Lines into blocks: runs of text between blank lines and page chrome.

A block is a paragraph (a title, an abstract or part of one, a card's text) and a
chrome line is a marker between blocks. Some copies leave no blank line between
paragraphs; `_paragraphs` splits those runs at their one-line paragraphs.
"""

from __future__ import annotations

import re

from .authors import author_names
from .chrome import PROSE_MIN_WORDS, Kind, Line, classify, is_one_line_paragraph
from .source import SourceLine
from .wrapping import ends_sentence, join_wrapped, looks_finished

URL = re.compile(
    r"https?://|www\.|\b(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/"
    r"|\b[\w-]+\.(?:github|gitlab)\.io\b",  # project pages written without a scheme
    re.I,
)


class Block:
    """Consecutive lines of text, between blank lines or chrome."""

    __slots__ = ("lines", "index", "text", "_authors")

    def __init__(self, lines: list[Line], index: int):
        self.lines = lines
        self.index = index  # position among all blocks and markers, to place markers between papers
        # Every block's text is read; functools.cached_property costs a lock per read on Python 3.11.
        self.text = join_wrapped([line.text for line in lines])
        self._authors: tuple[str, ...] | None = None

    @property
    def start(self) -> int:
        return self.lines[0].number

    @property
    def heading(self) -> int:
        """The level of a heading block, 0 for text."""
        return self.lines[0].heading

    @property
    def arxiv_id(self) -> str | None:
        """The paper a line of the block links to (a Markdown or HTML title or abstract)."""
        return next((line.arxiv_id for line in self.lines if line.arxiv_id), None)

    @property
    def links(self) -> list[str]:
        return [url for line in self.lines for url in line.links]

    @property
    def is_prose(self) -> bool:
        """Long, or carrying a link: an abstract or a paragraph of one, never a title."""
        text = self.text  # single-spaced (join_wrapped): its words are its spaces plus one
        return text.count(" ") + 1 >= PROSE_MIN_WORDS or bool(URL.search(text))

    @property
    def authors(self) -> tuple[str, ...]:
        """The names, when the block is an author list ("A. Name, B. Name and C. Name")."""
        if self._authors is None:
            self._authors = () if self.heading else author_names(self.text)
        return self._authors

    @property
    def is_sentence(self) -> bool:
        """Short but ending like a sentence: an abstract after a title, else card text."""
        return not self.heading and ends_sentence(self.text)


def scan(lines: list[SourceLine]) -> tuple[list[Block], list[tuple[int, Line]]]:
    """Split lines into text blocks and chrome markers, each with its position."""
    items: list[list[Line] | Line] = []  # runs of text lines (between blank lines or chrome) and markers
    current: list[Line] = []
    previous: Line | None = None
    for source in lines:
        if source.blank:
            if current:
                items.append(current)
                current = []
            previous = None
            continue
        line = classify(source, previous)
        if line.kind is Kind.TEXT and (not current or line.heading == current[0].heading):
            current.append(line)  # a heading's lines make a block of their own
        elif line.kind is Kind.TEXT:
            items.append(current)
            current = [line]
        else:
            if current:
                items.append(current)
                current = []
            items.append(line)
        previous = line
    if current:
        items.append(current)
    # Paragraphs with no blank line between them (the whole list one run of lines) are
    # split at their one-line paragraphs; where runs already separate the paragraphs
    # (two or more runs hold a one-line paragraph), only a title run into the abstract
    # below it is split off, so a short line inside an abstract stays in it.
    runs_with_long = sum(
        1 for item in items if isinstance(item, list) and any(is_one_line_paragraph(line.text) for line in item)
    )
    separated = runs_with_long >= 2
    blocks: list[Block] = []
    markers: list[tuple[int, Line]] = []
    for item in items:
        if isinstance(item, Line):
            markers.append((len(blocks) + len(markers), item))
            continue
        for group in _paragraphs(item, separated=separated):
            blocks.append(Block(group, len(blocks) + len(markers)))
    return blocks, markers


def _paragraphs(lines: list[Line], *, separated: bool = False) -> list[list[Line]]:
    """Split lines with no blank line between paragraphs, as some browsers copy a page.

    A line of ONE_LINE_MIN_WORDS words or more is a whole paragraph written on one line
    (hard wrapping never makes one that long). Short lines between two such lines, or
    before the first, are a paragraph of their own (a title, perhaps wrapped), except
    those that end the paragraph before them: a sentence's end or a link.
    Hard-wrapped text, where no line is that long, stays as it is.
    """
    long = [is_one_line_paragraph(line.text) for line in lines]
    if len(lines) < 2 or not any(long) or all(long):
        return [lines] if lines else []
    if separated:  # only the short lines before the first long one, when they read as a title
        first = long.index(True)
        head = lines[:first]
        if not head or any(len(line.text.split()) >= PROSE_MIN_WORDS or ends_sentence(line.text) for line in head):
            return _card_text_after(lines, long)  # prose: a paragraph wrapped unevenly
        return [*_title_and_authors(head), *_card_text_after(lines[first:], long[first:])]
    groups: list[list[Line]] = []
    current: list[Line] = []
    at = 0
    while at < len(lines):
        if long[at]:
            current.append(lines[at])
            at += 1
            continue
        end = at
        while end < len(lines) and not long[end]:
            end += 1
        if end == len(lines):  # short lines closing the block: the end of its paragraph, or card text
            paragraph, *rest = _card_text_after(current + lines[at:end], [True] * len(current) + long[at:end])
            groups += [paragraph, *rest]
            current = []
            break
        start = at
        if current:  # after a long line, lines ending a sentence or holding a link end that paragraph
            while start < end and (ends_sentence(lines[start].text) or URL.search(lines[start].text)):
                start += 1
        elif any(ends_sentence(line.text) for line in lines[at:end]):
            current.extend(lines[at:end])  # sentences before the first long line: the paragraph's start, no title
            at = end
            continue
        current.extend(lines[at:start])
        if start < end:
            groups.append(current)
            *head, current = _title_and_authors(lines[start:end])
            groups.extend(head)
        groups.append(current)
        current = []
        at = end
    if current:
        groups.append(current)
    return [group for group in groups if group]


_TRAILING_MARK = re.compile(r"^[.,;:!?)\]}'\"”’]+$")  # punctuation wrapped onto a line of its own


def _card_text_after(lines: list[Line], long: list[bool]) -> list[list[Line]]:
    """Short lines after the last one-line paragraph end it when it was not finished
    (a wide-wrapped abstract's last line); after a finished one, what goes on stays
    with it and the rest is card text of its own ("…/ZeroGUI." / "OpenGVLab")."""
    last = max((i for i, is_long in enumerate(long) if is_long), default=-1)
    if last < 0 or last == len(lines) - 1 or not looks_finished(lines[last].text):
        return [lines]
    start = last + 1
    while start < len(lines) and _goes_on(lines[start].text):
        start += 1
    return [lines[:start], lines[start:]] if start < len(lines) else [lines]


def _goes_on(text: str) -> bool:
    """A short line after a whole paragraph that still belongs to it: a stray mark, a
    link, or a sentence of its own (abstracts hold line breaks: "...tree.\n  Our ...")."""
    return bool(_TRAILING_MARK.match(text) or URL.search(text)) or ends_sentence(text) or len(text.split()) >= PROSE_MIN_WORDS

# A title line ending like this goes on in the next line: "DFIR-Metric: ... in" over
# "Digital Forensics and Incident Response" is one title, not a title and two names.
_UNFINISHED = re.compile(r"(?::|\b(?:a|an|and|for|from|in|of|on|or|the|to|via|with))$", re.I)


def _title_and_authors(lines: list[Line]) -> list[list[Line]]:
    """Short lines before an abstract: the title, and a last line of names as its own block."""
    if len(lines) > 1 and author_names(lines[-1].text) and not _UNFINISHED.search(lines[-2].text):
        return [lines[:-1], lines[-1:]]
    return [lines]
