"""Read a digest as text: the plain digest and text copied from the live papers page.

The file is a run of paragraphs. Each paper is a title paragraph followed by one or
more abstract paragraphs. Page chrome (counts, paper URLs, "Submitted by", dates,
navigation) may stand between papers, alone or inside a paragraph; it splits text
into blocks and never becomes part of a title or an abstract.
"""

from __future__ import annotations

import bisect
import functools
import datetime as dt
import re
from dataclasses import dataclass, field

from .chrome import PROSE_MIN_WORDS, Kind, Line, classify, is_one_line_paragraph
from .links import find_code_url
from .normalize import one_line
from .records import Format, PaperRecord, ParseResult

# A title is short (under PROSE_MIN_WORDS words) and does not end like a sentence; an abstract is prose.
_CLOSERS = "'\"”’)]}"


def ends_sentence(text: str) -> bool:
    """Ends with a full stop, perhaps inside quotes or brackets ("... (Fig. 2).", "…”)."""
    return text.rstrip(_CLOSERS).endswith((".", "。"))  # not a $-anchored regex: O(1) on an abstract
_URL = re.compile(
    r"https?://|www\.|\b(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/"
    r"|\b[\w-]+\.(?:github|gitlab)\.io\b",  # project pages written without a scheme
    re.I,
)
_LINK_ONLY = re.compile(r"^\S*(?:https?://|www\.|\.(?:com|org|io|ai|dev|net)/)\S*$", re.I)


@dataclass
class Block:
    """Consecutive lines of text, between blank lines or chrome."""

    lines: list[Line]
    index: int  # position among all blocks and markers, to place markers between papers

    @property
    def start(self) -> int:
        return self.lines[0].number

    @functools.cached_property
    def text(self) -> str:
        return one_line(" ".join(line.text for line in self.lines))

    @property
    def is_prose(self) -> bool:
        """Long, or carrying a link: an abstract or a paragraph of one, never a title."""
        text = self.text
        return len(text.split()) >= PROSE_MIN_WORDS or bool(_URL.search(text))

    @functools.cached_property
    def authors(self) -> tuple[str, ...]:
        """The names, when the block is an author list ("A. Name, B. Name and C. Name")."""
        return author_names(self.text)

    @property
    def is_sentence(self) -> bool:
        """Short but ending like a sentence: an abstract after a title, else card text."""
        return ends_sentence(self.text)


# An author's name: capitalised words, initials and the particles of surnames.
_PARTICLES = r"(?:de|da|di|del|der|den|van|von|le|la|du|dos|bin|al)"
_NAME = re.compile(
    rf"^(?:[A-Z\u00c0-\u024f][\w'’.\-]*|{_PARTICLES}|[A-Z]\.)"
    rf"(?:\s+(?:[A-Z\u00c0-\u024f][\w'’.\-]*|{_PARTICLES}|[A-Z]\.))*$"
)
_PARTICLE = re.compile(rf"\b{_PARTICLES}\b")
_NAME_SEPARATOR = re.compile(r",|;|&|\band\b")
# Footnote marks after a name; the look-behind starts a match only where a run of marks
# starts, so a long run of digits is read once, not once per digit.
_FOOTNOTE_MARKS = re.compile(r"(?<![\d*†‡§¶])[\d*†‡§¶]+(?=[,;&\s]|$)")
# Words of machine-learning titles that are no one's name: "The Good, the Bad, and the
# World Representation", "Diffusion Transformers A Dataset and Large Language Model
# Evaluator" read like names otherwise.
_TITLE_WORDS = frozenset(
    "model models learning language languages dataset datasets data transformer transformers diffusion "
    "network networks neural benchmark benchmarks evaluation evaluator generation generative vision video "
    "image images reasoning agent agents training efficient scaling representation representations world "
    "attention llm llms multimodal reinforcement robot robots robotic graph graphs towards toward via using "
    "with for from the survey system systems framework frameworks".split()  # not "An", "In", "To": surnames
)


def author_names(text: str) -> tuple[str, ...]:
    """The names of an author list of two or more; () for anything else (titles above all).

    A title has a colon or few capitalised comma-separated parts; in the real data no
    title reads as an author list and every list of two or more authors does. A lone
    name cannot be told from a short title.
    """
    if any(c in text for c in ":?!()[]{}") or ends_sentence(text):
        return ()
    parts = [p.strip() for p in _NAME_SEPARATOR.split(_FOOTNOTE_MARKS.sub("", text)) if p.strip()]
    if any(word.lower() in _TITLE_WORDS for part in parts for word in part.split() if word[0].isupper()):
        return ()
    names = [p for p in parts if len(p.split()) <= 5 and _NAME.match(p)]
    full = [n for n in names if len(n.split()) >= 2]  # a first name and a surname, mostly
    if len(names) >= 3 and len(names) >= 0.8 * len(parts) and len(full) >= 0.8 * len(names):
        return tuple(parts)
    if len(parts) == 2 and len(names) == 2 and all(2 <= len(_PARTICLE.sub("", n).split()) <= 3 for n in names):
        return tuple(parts)  # "Dan Jacobellis, Neeraja Yadwadkar", "Rian Touchent, Eric de la Clergerie"
    return ()


@dataclass
class Draft:
    title: Block
    abstract: list[Block] = field(default_factory=list)
    arxiv_ids: list[str] = field(default_factory=list)
    authors: tuple[str, ...] = ()

    @property
    def first_index(self) -> int:
        return self.title.index

    @property
    def last_index(self) -> int:
        return self.abstract[-1].index


# Invisible characters a browser's copy can leave anywhere in a line: zero-width space,
# word joiner, byte-order marks (a BOM mid-file when files were pasted together) and soft
# hyphens. None is ever part of a title or an abstract.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")  # a regex: str.translate took 2 s on 15 MB
# Zero-width (non-)joiners belong inside some scripts' words, but never at a line's edges.
_EDGE_JOINERS = "\u200c\u200d"
# Line and paragraph separators of word processors and some browsers' copy: the paragraph
# separator is a blank line, the others line ends.
_LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x85": "\n"}
_LINE_BREAK = re.compile("[" + "".join(_LINE_BREAKS) + "]")


def split_lines(text: str) -> list[str]:
    """Lines without line ends, invisible characters or surrounding white space at the end."""
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_BREAK.sub(lambda match: _LINE_BREAKS[match[0]], text)
    return [line.rstrip().strip(_EDGE_JOINERS).rstrip() for line in text.split("\n")]


def parse_text(text: str, *, today: dt.date, digest_date: dt.date | None = None) -> ParseResult:
    blocks, markers = _scan(split_lines(text))
    result = ParseResult(format=Format.DIGEST_TEXT)
    drafts, leftovers = _pair(blocks, markers, result)
    first_title = drafts[0].first_index if drafts else None

    page_like = any(
        m.kind in (Kind.PAPER_URL, Kind.CHROME, Kind.SUBMITTED_BY) or (m.kind is Kind.DATE)
        for index, m in markers
        if first_title is not None and index > first_title
    )
    if page_like:
        result.format = Format.PAGE_TEXT

    _header_and_date(result, blocks, markers, first_title, today, digest_date, need_date=bool(drafts))
    _assign_arxiv_ids(drafts, markers, result)
    _report_leftovers(leftovers, drafts, markers, result)

    for draft in drafts:
        abstract = "\n\n".join(block.text for block in draft.abstract)
        result.papers.append(
            PaperRecord(
                title=draft.title.text,
                abstract=abstract,
                line=draft.title.start,
                arxiv_id=draft.arxiv_ids[0] if draft.arxiv_ids else None,
                code_url=find_code_url(abstract),
                authors=draft.authors,
            )
        )
    if not result.papers and not any("abstract" in p.message for p in result.errors):
        result.error("no papers found: a paper is a title paragraph followed by an abstract paragraph")
    return result


def _scan(lines: list[str]) -> tuple[list[Block], list[tuple[int, Line]]]:
    """Split lines into text blocks and chrome markers, each with its position."""
    items: list[list[Line] | Line] = []  # runs of text lines (between blank lines or chrome) and markers
    current: list[Line] = []
    previous: Line | None = None
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            if current:
                items.append(current)
                current = []
            previous = None
            continue
        line = classify(number, raw, previous)
        if line.kind is Kind.TEXT:
            current.append(line)
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
            return [lines]  # prose: a paragraph wrapped unevenly
        return [*_title_and_authors(head), lines[first:]]
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
        if end == len(lines):  # short lines closing the block: the end of its paragraph
            current.extend(lines[at:end])
            break
        start = at
        if current:  # after a long line, lines ending a sentence or holding a link end that paragraph
            while start < end and (ends_sentence(lines[start].text) or _URL.search(lines[start].text)):
                start += 1
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


# A title line ending like this goes on in the next line: "DFIR-Metric: ... in" over
# "Digital Forensics and Incident Response" is one title, not a title and two names.
_UNFINISHED = re.compile(r"(?::|\b(?:a|an|and|for|from|in|of|on|or|the|to|via|with))$", re.I)


def _title_and_authors(lines: list[Line]) -> list[list[Line]]:
    """Short lines before an abstract: the title, and a last line of names as its own block."""
    if len(lines) > 1 and author_names(lines[-1].text) and not _UNFINISHED.search(lines[-2].text):
        return [lines[:-1], lines[-1:]]
    return [lines]


def _pair(blocks: list[Block], markers: list[tuple[int, Line]], result: ParseResult) -> tuple[list[Draft], list[Block]]:
    """Give each abstract the short block just before it as its title."""
    marker_positions = sorted(index for index, _ in markers)
    drafts: list[Draft] = []
    pending: list[Block] = []  # short blocks not yet claimed
    leftovers: list[Block] = []
    authors: Block | None = None  # an author list after the last pending block
    for block in blocks:
        if block.authors and pending and not _chrome_between(marker_positions, pending[-1].index, block.index):
            # Names right after a title: that paper's authors. Anywhere else a block that
            # reads like names is a title: real ones do ("Efficient Pre-Training
            # Embeddings, LM Heads, SwiGLU MLPs, and MoE Routers").
            authors = block
            continue
        if not block.is_prose and not block.is_sentence:
            if authors is not None:
                result.skipped.append((authors.start, authors.text))
                authors = None
            pending.append(block)
            continue
        if pending:
            title = pending.pop()
            leftovers.extend(pending)
            pending = []
            drafts.append(Draft(title=title, abstract=[block], authors=authors.authors if authors else ()))
            authors = None
        elif drafts and not _chrome_between(marker_positions, drafts[-1].last_index, block.index):
            drafts[-1].abstract.append(block)  # a further paragraph of the same abstract
        elif drafts and (not block.is_prose or _LINK_ONLY.match(block.text)):
            # a short sentence between cards ("HYU NLP Lab.") or a card's bare link: card text
            leftovers.append(block)
        elif drafts:
            result.error(
                f"this paragraph reads like an abstract but no title stands before it: {_quote(block.text)}",
                block.start,
            )
        else:
            leftovers.append(block)  # prose in the page header
    leftovers.extend(pending)
    return drafts, leftovers


def _chrome_between(marker_positions: list[int], start: int, end: int) -> bool:
    """Whether a marker stands strictly between two positions (marker_positions sorted)."""
    at = bisect.bisect_right(marker_positions, start)
    return at < len(marker_positions) and marker_positions[at] < end


def _header_and_date(
    result: ParseResult,
    blocks: list[Block],
    markers: list[tuple[int, Line]],
    first_title: int | None,
    today: dt.date,
    given: dt.date | None,
    need_date: bool,
) -> None:
    before = [m for index, m in markers if first_title is None or index < first_title]
    header_lines = sorted(
        [m for m in before]
        + [line for b in blocks if first_title is None or b.index < first_title for line in b.lines],
        key=lambda line: line.number,
    )
    result.header = [line.text for line in header_lines]
    written = next((m.date for m in before if m.kind is Kind.DATE and m.date), None)
    if written:
        result.date_text = written.text
        result.date_has_year = written.year is not None
    if given is not None:
        result.digest_date = given
    elif written:
        result.digest_date = written.resolve(today)
        if result.digest_date is None:
            result.error(f"{written.text!r} is not a date in any recent year")
    elif need_date:
        result.error("no digest date found before the first paper: give the date (YYYY-MM-DD) when importing")


def _assign_arxiv_ids(drafts: list[Draft], markers: list[tuple[int, Line]], result: ParseResult) -> None:
    """Give each paper the arXiv id of the paper URL that belongs to it.

    A URL inside a paper (between title and abstract) is that paper's. A URL between
    two papers belongs to the one after it when the page puts URLs before titles (some
    URL stands before the first title) and to the one before it otherwise.
    """
    urls = [(index, m) for index, m in markers if m.kind is Kind.PAPER_URL]
    if not drafts or not urls:
        return
    leading = any(index < drafts[0].first_index for index, _ in urls)
    firsts = [draft.first_index for draft in drafts]  # ascending, as drafts are in file order
    for index, marker in urls:
        # The last paper starting before the URL, and the first one starting after it.
        at = bisect.bisect_left(firsts, index)
        before = drafts[at - 1] if at else None
        if before is not None and index < before.last_index:
            owner = before  # between its title and its abstract
        elif leading:
            owner = drafts[at] if at < len(drafts) else None
        else:
            owner = before
        if owner is None:
            continue
        if owner.arxiv_ids and owner.arxiv_ids[0] != marker.arxiv_id:
            result.warn(
                f"a second paper URL ({marker.arxiv_id}) next to {_quote(owner.title.text)}; kept {owner.arxiv_ids[0]}",
                marker.number,
            )
        owner.arxiv_ids.append(marker.arxiv_id or "")


def _report_leftovers(
    leftovers: list[Block], drafts: list[Draft], markers: list[tuple[int, Line]], result: ParseResult
) -> None:
    first = drafts[0].first_index if drafts else None
    last = drafts[-1].last_index if drafts else None
    last_card_marker = max((index for index, m in markers if m.kind is not Kind.WEAK), default=-1)
    for block in leftovers:
        if first is None or block.index < first:
            continue  # page header: kept in result.header
        if _LINK_ONLY.match(block.text):
            result.skipped.append((block.start, block.text))  # a card's link ("GitHub", then its URL): no title
            continue
        if last is not None and block.index > last:
            # After the last paper, text followed by a card's chrome belongs to that card.
            in_card = last_card_marker > block.index
            if _looks_like_title(block) and not in_card and not block.is_sentence:
                result.error(f"the title {_quote(block.text)} has no abstract after it", block.start)
            else:
                result.skipped.append((block.start, block.text))
        elif result.format is Format.DIGEST_TEXT:
            result.error(f"the title {_quote(block.text)} has no abstract after it", block.start)
        else:
            result.skipped.append((block.start, block.text))  # organisation names and other card text


def _looks_like_title(block: Block) -> bool:
    return len(block.text.split()) >= 2 and all(line.kind is Kind.TEXT for line in block.lines)


def _quote(text: str, limit: int = 80) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"
