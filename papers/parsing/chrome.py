"""Recognise the page chrome that text copied from a papers page carries.

A line is classified on its own ("[-] 12", "6 authors", a paper URL, "Submitted by")
or, for words that can also end a wrapped title ("Models", "Code"), only when it
does not continue a line of text.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from enum import Enum

from .dates import WrittenDate, parse_written_date
from .links import linked_arxiv_id, paper_page_arxiv_id
from .source import SourceLine


class Kind(Enum):
    TEXT = "text"
    CHROME = "chrome"  # always page furniture, wherever it stands
    WEAK = "weak"  # page furniture unless it continues a line of text
    DATE = "date"
    PAPER_URL = "paper-url"
    SUBMITTED_BY = "submitted-by"  # "Submitted by" alone: the next line is a user name
    TRUNCATED = "truncated"  # "[Content truncated]": the file was cut off here


class Line(NamedTuple):  # a tuple: one per line of a file, 100,000 in a 10,000-paper copy
    number: int
    text: str
    kind: Kind
    arxiv_id: str | None = None  # of a paper URL line, or of the paper a Markdown/HTML line links to
    date: WrittenDate | None = None
    links: tuple[str, ...] = ()  # the addresses a Markdown or HTML line links to
    heading: int = 0  # the level of a heading (SourceLine.heading)


# No chrome line is longer than this (the longest patterns: "Published on September 30,
# 2025", "Log in or sign up to upvote" and the like); a longer line with a space is text.
LONGEST_CHROME = 60
# How the real abstracts' lines end before a wrapped link ("available at", "Code:", "in").
_LEADS_TO_A_LINK = re.compile(r"(?:[:,(]|\b(?:at|on|in|via|from|to|and|or|see|under|here|by|is|are|of))$")
# A title is short; a paragraph of this many words is prose (an abstract or part of one).
PROSE_MIN_WORDS = 30

_STRONG = [
    # upvote and other counts: "12", "[-] 12", "▲ 1.2k", "Upvote 3", "💬 4", "👍 12"
    re.compile(r"^(?:\[[-+]\]|[^\w\s]{1,3}|upvote[sd]?)?\s*\d[\d,]*(?:\.\d+)?\s*[km]?$", re.I),
    # "© 2026 Hugging Face", "Copyright 2026, Inc."; not "(c)Painter-Commenter loop refines"
    re.compile(r"^(?:©|\(c\)|copyright\b)\s*(?:\d{4}\b|hugging\s*face\b|all rights).{0,50}$", re.I),
    re.compile(r"^[\W_]+$"),  # "·", "-", "—", "•", lone emoji
    re.compile(r"^(?:\[[^\[\]]{1,40}\]\s*)+$"),  # images as their alt text: "[avatar][avatar]" (w3m)
    re.compile(r"^(?:[-*+•]\s+)?\d[\d,]*\s+(?:authors?|comments?|upvotes?|likes?|replies|citations?|models?|datasets?|spaces?|collections?)$", re.I),
    re.compile(r"^(?:github|stars?|⭐|★)\s*:?\s*\d[\d,]*(?:\.\d+)?\s*[km]?$", re.I),
    re.compile(r"^(?:log ?in|sign ?(?:up|in)|log ?out)\b.{0,40}$", re.I),
    re.compile(r"^by\s*ak\s+and\s+the\s+research\s+community$", re.I),
    re.compile(r"^daily\s*/\s*weekly\s*/\s*monthly$", re.I),
    re.compile(r"^(?:view|show|see)\s+(?:all|more|less)\b.{0,30}$", re.I),
    re.compile(r"^(?:published|submitted|updated)\s+on\b.{0,30}$", re.I),
]
# Links to the site itself (log-in, datasets): chrome alone, text when they end a wrapped line.
_SITE_LINK = re.compile(r"^(?:https?://)?(?:[\w-]+\.)*huggingface\.co(?:/\S*)?$", re.I)
_TRAILING_PUNCTUATION = re.compile(r"^[.,;:!?)\]}'\"”’]+$")
_SUBMITTED_BY = re.compile(r"^submitted\s+by\s*:?\s*(?P<user>\S+)?$", re.I)
_PART_SEPARATOR = re.compile(r"[·•\t|]")
_ROW_SEPARATOR = re.compile(r"[·•\t]")  # not "|", which abstracts' tables of numbers use
_USER_NAME = re.compile(r"^@?[\w.\-]{1,64}$")

# Words of the site's navigation, header and footer. Matched case-insensitively on
# the whole line; only chrome when they do not continue a line of text.
_VOCABULARY = {
    "new", "subscribe", "papers", "daily papers", "trending papers", "daily", "weekly", "monthly",
    "trending", "previous", "next", "models", "datasets", "spaces", "posts", "docs", "enterprise",
    "pricing", "community", "collections", "search", "hugging face", "huggingface", "upvote",
    "upvoted", "follow", "github", "arxiv", "pdf", "code", "project page", "page", "website", "tos",
    "privacy", "about", "jobs", "company", "blog", "forum", "status", "learn", "resources",
    "solutions", "system theme", "more", "authors", "paper", "submit", "submitted", "ak", "by",
    "and the research community", "get trending papers in your email inbox!",
    "get trending papers in your email inbox", "search models, datasets, users...",
    "join the community", "copy link", "share", "star", "stars", "comments", "organization",
    "organizations", "abstract", "ai-generated summary", "citation", "cite", "bibtex", "open",
    "home", "menu", "back", "close", "trending papers of the day", "this week", "this month",
    "today", "yesterday", "all papers", "submit a paper", "go to page", "page 1",
    "ak and the research community", "abstract:", "authors:", "arxiv page", "view arxiv page", "view pdf",
    "trending papers ranked by github stars activity", "ranked by github stars activity", "ai summary",
    "add to collection", "upvote this paper", "paper page", "huggingface papers", "hugging face papers",
}
# "[Content truncated]", "(output truncated)", "... truncated ...", "[…]": a tool cut the file
# here. Bracketed, or with what was cut named, or the mark alone; never a sentence that
# starts with the word ("omitted. Based on this" is a wrapped line of an abstract).
_TRUNCATED = re.compile(
    r"""^\s*(?:
        [\[(<{]\s*[^\[\](){}<>]{0,40}?\b(?:truncated|cut\s+off|omitted)\b[^\[\](){}<>]{0,60}[\])>}]
      | (?:\.\.\.|…)?\s*(?:the\s+)?(?:rest\s+of\s+(?:the\s+)?)?
        (?:content|output|text|page|message|response|document|file|results?)\s+
        (?:was\s+|has\s+been\s+|is\s+)?(?:truncated|cut\s+off|omitted)\b
        (?:\s+(?:due\s+to|because\s+of|for|at)\b[^.]{0,40})?\s*(?:\.\.\.|…|\.)?
      | (?:\.\.\.|…)\s*(?:truncated|omitted)\s*(?:\.\.\.|…)?
      | truncated\.? | \[(?:\.\.\.|…)\] | \.\.\. | …
    )\s*$""",
    re.I | re.X,
)


def classify(source: SourceLine, previous: Line | None) -> Line:
    """Classify one line given the line before it in its paragraph.

    A line that links somewhere (Markdown, HTML) is classified by the text a reader
    sees; the paper it links to travels with it, whatever it turns out to be.
    """
    line = _classify(source.number, source.text.strip(), previous)
    linked = linked_arxiv_id(source.links) if source.links else None
    if source.links or source.heading:
        kind = line.kind
        if not line.text:
            kind = Kind.CHROME  # a link with no text: a thumbnail or an avatar
        elif source.heading and kind is Kind.WEAK:
            kind = Kind.CHROME  # "# Daily Papers": a heading of the page, not of a paper
        line = Line(line.number, line.text, kind, line.arxiv_id or linked, line.date, source.links, source.heading)
    return line


def _classify(number: int, text: str, previous: Line | None) -> Line:
    if text[:1] in "*_" and text[-1:] in "*_" and len(text) <= LONGEST_CHROME:
        bare = text.strip("*_ ")  # "**6 authors**": chrome in bold is chrome
        if bare and bare != text and _classify(number, bare, previous).kind is not Kind.TEXT:
            return _classify(number, bare, previous)._replace(text=text)
    if _mostly_chrome_parts(text):
        return Line(number, text, Kind.CHROME)
    if len(text) > LONGEST_CHROME and " " in text:
        return Line(number, text, Kind.TEXT)  # chrome is short: counts, dates, names, links
    arxiv_id = paper_page_arxiv_id(text)
    if arxiv_id:
        return Line(number, text, Kind.PAPER_URL, arxiv_id=arxiv_id)
    date = parse_written_date(text)
    if date:
        return Line(number, text, Kind.DATE, date=date)
    match = _SUBMITTED_BY.match(text)
    if match:
        return Line(number, text, Kind.CHROME if match["user"] else Kind.SUBMITTED_BY)
    if previous is not None and previous.kind is Kind.SUBMITTED_BY and _USER_NAME.match(text):
        return Line(number, text, Kind.CHROME)
    if _TRUNCATED.match(text):
        return Line(number, text, Kind.TRUNCATED)
    if previous is not None and previous.kind is Kind.TEXT and _TRAILING_PUNCTUATION.match(text):
        return Line(number, text, Kind.TEXT)  # "github.com/o/r ." wrapped: the full stop ends the text
    if _is_strong(text) or _all_parts_chrome(text):
        return Line(number, text, Kind.CHROME)
    if text.casefold() in _VOCABULARY:
        continues_text = previous is not None and previous.kind is Kind.TEXT and not is_one_line_paragraph(previous.text)
        return Line(number, text, Kind.TEXT if continues_text else Kind.WEAK)
    if _SITE_LINK.match(text):
        # The end of a wrapped line of prose ("... available at" / "https://huggingface.co/x"),
        # not the link under an organisation's name ("NVIDIA" / "https://huggingface.co/NVIDIA").
        continues_text = (
            previous is not None
            and previous.kind is Kind.TEXT
            and not is_one_line_paragraph(previous.text)
            and _LEADS_TO_A_LINK.search(previous.text) is not None
        )
        return Line(number, text, Kind.TEXT if continues_text else Kind.WEAK)
    return Line(number, text, Kind.TEXT)


# A line of this many words is a whole paragraph written on one line: hard wrapping,
# even at 200-300 characters, makes lines of 30-50 words, and the shortest of the 649
# real abstracts has 65.
ONE_LINE_MIN_WORDS = 60


def is_one_line_paragraph(text: str) -> bool:
    """A line this long is a whole paragraph: hard wrapping never makes one, so the next line does not continue it."""
    # Splitting the first ONE_LINE_MIN_WORDS words at most; a line too short to hold them is not split at all.
    return len(text) >= 2 * ONE_LINE_MIN_WORDS - 1 and len(text.split(None, ONE_LINE_MIN_WORDS - 1)) >= ONE_LINE_MIN_WORDS


def _is_strong(text: str) -> bool:
    return any(pattern.match(text) for pattern in _STRONG)


def _mostly_chrome_parts(text: str) -> bool:
    """A card's row whose one other part is a name: "NVIDIA · May 18, 2026 · 3"."""
    if len(text) > 300 or not _ROW_SEPARATOR.search(text):  # a row: a name, a date, counts
        return False
    parts = [p.strip() for p in _ROW_SEPARATOR.split(text) if p.strip()]
    others = [p for p in parts if not (_is_strong(p) or parse_written_date(p))]
    return len(parts) - len(others) >= 2 and len(others) <= 1 and all(len(p) <= 100 and not p.endswith(".") for p in others)


def _all_parts_chrome(text: str) -> bool:
    """'6 authors · Oct 7, 2024' and the like: every part separated by a dot is chrome.

    A tab or a bar separates the parts too: a browser copies a card's row of counts
    as one line with a tab between them ("209\t42 authors").
    """
    if not _PART_SEPARATOR.search(text):
        return False
    parts = [p.strip() for p in _PART_SEPARATOR.split(text) if p.strip()]
    return bool(parts) and all(
        _is_strong(p) or parse_written_date(p) or p.casefold() in _VOCABULARY or _SUBMITTED_BY.match(p)
        for p in parts
    )
