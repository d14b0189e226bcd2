"""Find the papers in lines of text: the plain digest, copied pages, and what the
Markdown and HTML readers make of their files.

The file is a run of paragraphs. Each paper is a title paragraph followed by one or
more abstract paragraphs. Page chrome (counts, paper URLs, "Submitted by", dates,
navigation) may stand between papers, alone or inside a paragraph; it splits text
into blocks and never becomes part of a title or an abstract.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .blocks import Block, scan
from .chrome import Kind, Line
from .inline import has_link_syntax, link_lines
from .links import code_repository, find_code_url
from .records import Format, PaperRecord, ParseResult, ReadContext
from .source import SourceLine, plain_lines, split_lines
from .wrapping import looks_finished

_LINK_ONLY = re.compile(r"^\S*(?:https?://|www\.|\.(?:com|org|io|ai|dev|net)/)\S*$", re.I)
_URL_LINE_PER_PAPER = 2  # a copy with a link under every line has several URL lines per paper
_CARD_DATE = re.compile(r"^\W*(?:published|submitted|updated)\s+on\b", re.I)


def detect(text: str) -> float:
    """Any text can be a digest; the marked-up shapes score higher when they fit."""
    return 0.1


def parse(text: str, context: ReadContext) -> ParseResult:
    lines = split_lines(text)
    source = link_lines(lines) if has_link_syntax(text) else plain_lines(lines)
    result = parse_lines(source, context)
    url_lines = sum(1 for line in lines if line.startswith(("http://", "https://")))
    if result.format is Format.PAGE_TEXT and url_lines >= _URL_LINE_PER_PAPER * max(1, len(result.papers)):
        result.format = Format.LINKED_TEXT
    return result


@dataclass
class Draft:
    title: Block
    abstract: list[Block] = field(default_factory=list)
    arxiv_ids: list[str] = field(default_factory=list)  # of the paper URLs around the paper
    authors: tuple[str, ...] = ()
    code_buttons: list[str] = field(default_factory=list)  # a card's "GitHub" link

    @property
    def first_index(self) -> int:
        return self.title.index

    @property
    def last_index(self) -> int:
        return self.abstract[-1].index

    @property
    def linked_id(self) -> str | None:
        """The paper its title or abstract links to: no guessing which card a URL is in."""
        return self.title.arxiv_id or next((b.arxiv_id for b in self.abstract if b.arxiv_id), None)


def parse_lines(lines: list[SourceLine], context: ReadContext, *, format: Format | None = None) -> ParseResult:
    """The papers of lines of plain text (with the links and headings of marked-up files)."""
    blocks, markers = scan(lines)
    result = ParseResult(format=format or Format.DIGEST_TEXT)
    drafts, leftovers = _pair(blocks, markers, result)
    drafts = _header_pairs_left_out(drafts, leftovers, result)
    first_title = drafts[0].first_index if drafts else None

    if format is None and any(
        m.kind in (Kind.PAPER_URL, Kind.CHROME, Kind.SUBMITTED_BY, Kind.DATE)
        for index, m in markers
        if first_title is not None and index > first_title
    ):
        result.format = Format.PAGE_TEXT

    _header_and_date(result, blocks, markers, first_title, context, need_date=bool(drafts))
    _assign_arxiv_ids(drafts, markers, result)
    _assign_code_buttons(drafts, markers)
    open_end = lines[-1].number if lines and not lines[-1].blank else None  # no line break at the end
    drafts = _drop_cut_off(drafts, blocks, markers, result, open_end)
    _report_leftovers(leftovers, drafts, markers, result)

    for draft in drafts:
        abstract = "\n\n".join(block.text for block in draft.abstract)
        linked_code = next(filter(None, map(code_repository, (u for b in draft.abstract for u in b.links))), None)
        buttons = next(filter(None, map(code_repository, draft.code_buttons)), None)
        result.papers.append(
            PaperRecord(
                title=draft.title.text,
                abstract=abstract,
                line=draft.title.start,
                arxiv_id=draft.linked_id or (draft.arxiv_ids[0] if draft.arxiv_ids else None),
                code_url=find_code_url(abstract) or linked_code or buttons,
                authors=draft.authors,
            )
        )
    if not result.papers and not any("abstract" in p.message for p in result.errors):
        result.error("no papers found: a paper is a title paragraph followed by an abstract paragraph")
    return result


def _title_level(blocks: list[Block]) -> int:
    """The heading level of the file's titles, 0 when titles are no headings: the level
    most of whose headings come before prose (an abstract) rather than another heading.
    A heading of another level ("# Daily Papers", "## Trending") is the page's own."""
    headings: dict[int, int] = {}
    before_prose: dict[int, int] = {}
    waiting = 0
    for block in blocks:
        if block.heading:
            headings[block.heading] = headings.get(block.heading, 0) + 1
            waiting = block.heading
        elif waiting and (block.is_prose or block.is_sentence):
            before_prose[waiting] = before_prose.get(waiting, 0) + 1
            waiting = 0
    level = max(before_prose, key=before_prose.get, default=0)
    return level if headings.get(level, 0) >= 2 and before_prose[level] * 2 >= headings[level] else 0


def _pair(blocks: list[Block], markers: list[tuple[int, Line]], result: ParseResult) -> tuple[list[Draft], list[Block]]:
    """Give each abstract the short block just before it as its title (the heading
    just before it, in a file whose titles are headings)."""
    marker_positions = sorted(index for index, _ in markers)
    title_level = _title_level(blocks)
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
        if block.heading or (not block.is_prose and not block.is_sentence):
            if authors is not None:
                result.skipped.append((authors.start, authors.text))
                authors = None
            pending.append(block)
            continue
        if pending and title_level and not drafts and not any(b.heading == title_level for b in pending):
            leftovers.extend(pending)  # the page's own heading and blurb before the first card
            pending = []
            leftovers.append(block)
            continue
        if pending:
            at = len(pending) - 1
            if title_level:  # a card's text between its heading and its abstract is not the title
                at = next((i for i in range(len(pending) - 1, -1, -1) if pending[i].heading == title_level), at)
            title = pending[at]
            leftovers.extend(pending[:at] + pending[at + 1 :])
            pending = []
            drafts.append(Draft(title=title, abstract=[block], authors=authors.authors if authors else ()))
            authors = None
        elif (
            drafts
            and not _chrome_between(marker_positions, drafts[-1].last_index, block.index)
            and not _links_elsewhere(block, drafts[-1])
        ):
            drafts[-1].abstract.append(block)  # a further paragraph of the same abstract
        elif drafts and (not block.is_prose or _link_only(block.text)):
            # a short sentence between cards ("HYU NLP Lab."), a card's bare link: card text
            leftovers.append(block)
        elif drafts:
            result.error(
                f"this paragraph reads like an abstract but no title stands before it: {quote(block.text)}",
                block.start,
            )
        else:
            leftovers.append(block)  # prose in the page header
    leftovers.extend(pending)
    return drafts, leftovers


def _links_elsewhere(block: Block, draft: Draft) -> bool:
    """A block that is all link, and not to the paper before it: a card's link
    ("[HYU NLP Lab.](https://huggingface.co/hyu)"), never more of that abstract."""
    return bool(block.links) and all(line.links for line in block.lines) and block.arxiv_id != draft.linked_id


_LINKED_SHARE = 0.8


def _header_pairs_left_out(drafts: list[Draft], leftovers: list[Block], result: ParseResult) -> list[Draft]:
    """In a file whose papers link to their pages, a title and blurb before the first
    linked paper are the page's header ("Trending Papers" / "Discover the papers ..."),
    left out with a warning rather than stored as a paper."""
    linked = [index for index, draft in enumerate(drafts) if draft.linked_id]
    if len(drafts) < 3 or len(linked) < _LINKED_SHARE * len(drafts) or not linked or linked[0] == 0:
        return drafts
    for draft in drafts[: linked[0]]:
        leftovers.extend([draft.title, *draft.abstract])
        result.warn(
            f"{quote(draft.title.text)} stands before the first paper and links to no paper page: "
            "read as the page's header, not imported",
            draft.title.start,
        )
    leftovers.sort(key=lambda block: block.index)
    return drafts[linked[0] :]


def _link_only(text: str) -> bool:
    """A card's bare link ("github.com/o/r", "https://…"): one word that is an address."""
    return bool(_LINK_ONLY.match(text))


def _chrome_between(marker_positions: list[int], start: int, end: int) -> bool:
    """Whether a marker stands strictly between two positions (marker_positions sorted)."""
    at = bisect.bisect_right(marker_positions, start)
    return at < len(marker_positions) and marker_positions[at] < end


def _header_and_date(
    result: ParseResult,
    blocks: list[Block],
    markers: list[tuple[int, Line]],
    first_title: int | None,
    context: ReadContext,
    need_date: bool,
) -> None:
    before = [m for index, m in markers if first_title is None or index < first_title]
    header_lines = sorted(
        [m for m in before]
        + [line for b in blocks if first_title is None or b.index < first_title for line in b.lines],
        key=lambda line: line.number,
    )
    result.header = [line.text for line in header_lines if line.text]
    # A card's own date ("Published on Oct 4, 2026") is never the digest's.
    written = next((m.date for m in before if m.kind is Kind.DATE and m.date and not _CARD_DATE.match(m.text)), None)
    if written:
        result.date_text = written.text
        result.date_has_year = written.year is not None
    if context.digest_date is not None:
        result.digest_date = context.digest_date
    elif written:
        result.digest_date = written.resolve(context.today)
        if result.digest_date is None:
            result.error(f"{written.text!r} is not a date in any recent year")
    elif need_date:
        result.missing_date = "no digest date found before the first paper: give the date (YYYY-MM-DD) when importing"


def _owner(drafts: list[Draft], firsts: list[int], index: int, leading: bool) -> Draft | None:
    """The paper a marker at `index` belongs to: the one it stands inside, else the one
    after it when cards start with their chrome (`leading`), else the one before it."""
    at = bisect.bisect_left(firsts, index)
    before = drafts[at - 1] if at else None
    if before is not None and index < before.last_index:
        return before  # between its title and its abstract
    if leading:
        return drafts[at] if at < len(drafts) else None
    return before


def _assign_arxiv_ids(drafts: list[Draft], markers: list[tuple[int, Line]], result: ParseResult) -> None:
    """Give each paper the arXiv id of the paper URL that belongs to it.

    A URL inside a paper (between title and abstract) is that paper's. A URL between
    two papers belongs to the one after it when the page puts URLs before titles (some
    URL stands before the first title) and to the one before it otherwise. A paper
    whose title or abstract links to its page has that id, whatever stands around it.
    """
    urls = [(index, m) for index, m in markers if m.arxiv_id]
    if not drafts or not urls:
        return
    leading = any(index < drafts[0].first_index for index, _ in urls)
    firsts = [draft.first_index for draft in drafts]  # ascending, as drafts are in file order
    # An id is one paper's: a card's trailing link ("15 comments") must not give the next
    # card the id the card before already has.
    placed = {draft.linked_id for draft in drafts if draft.linked_id}
    for index, marker in urls:
        if marker.arxiv_id in placed:
            continue
        owner = _owner(drafts, firsts, index, leading)
        if owner is None or owner.linked_id:
            continue
        placed.add(marker.arxiv_id)
        if owner.arxiv_ids and owner.arxiv_ids[0] != marker.arxiv_id:
            result.warn(
                f"a second paper URL ({marker.arxiv_id}) next to {quote(owner.title.text)}; kept {owner.arxiv_ids[0]}",
                marker.number,
            )
        owner.arxiv_ids.append(marker.arxiv_id or "")


def _assign_code_buttons(drafts: list[Draft], markers: list[tuple[int, Line]]) -> None:
    """A card's code button ("GitHub 131" linking to the repository) goes to the paper
    whose links stand nearest it between the same two papers; with no paper link
    there to tell whose card it is in, to none."""
    if not drafts:
        return
    firsts = [draft.first_index for draft in drafts]
    ids = [(index, m.arxiv_id) for index, m in markers if m.arxiv_id]
    by_id = {draft.linked_id or (draft.arxiv_ids[0] if draft.arxiv_ids else None): draft for draft in drafts}
    for index, marker in markers:
        if marker.kind is Kind.TEXT or not any(code_repository(url) for url in marker.links):
            continue
        at = bisect.bisect_left(firsts, index)
        before = drafts[at - 1] if at else None
        if before is not None and index < before.last_index:
            before.code_buttons.extend(marker.links)  # inside the card
            continue
        low = before.last_index if before else -1
        high = drafts[at].first_index if at < len(drafts) else float("inf")
        near = [(abs(i - index), paper) for i, paper in ids if low < i < high and paper in by_id]
        if near:
            by_id[min(near)[1]].code_buttons.extend(marker.links)


def _drop_cut_off(
    drafts: list[Draft], blocks: list[Block], markers: list[tuple[int, Line]], result: ParseResult, open_end: int | None
) -> list[Draft]:
    """Leave out a paper the file was cut off in, with a warning naming its line.

    A tool's "[Content truncated]" cuts the paper before it; a file that simply ends
    inside an abstract (the last thing in it, ending mid-sentence) cuts its last paper.
    A last line with no line break after it may itself be cut ("7" of "75% accuracy"
    reads as a count), so it proves nothing about the abstract before it.
    """
    if not drafts:
        return drafts
    cut: dict[int, Line] = {}
    firsts = [draft.first_index for draft in drafts]
    positions = sorted(index for index, _ in markers)
    for index, marker in markers:
        if marker.kind is not Kind.TRUNCATED:
            continue
        at = bisect.bisect_left(firsts, index)
        # The paper before the mark, unless its card's chrome stands between: then it was whole.
        if at and not _chrome_between(positions, drafts[at - 1].last_index, index):
            cut.setdefault(id(drafts[at - 1]), marker)
    last = drafts[-1]
    nothing_after = not any(index > last.last_index and m.number != open_end for index, m in markers) and (
        blocks[-1] is last.abstract[-1]
    )
    if id(last) not in cut and nothing_after and not looks_finished(last.abstract[-1].text):
        cut[id(last)] = last.abstract[-1].lines[-1]
    for draft in drafts:
        marker = cut.get(id(draft))
        if marker is None:
            continue
        how = f"cut off at line {marker.number} ({quote(marker.text, 40)})" if marker.kind is Kind.TRUNCATED else (
            f"cut off in its abstract, which ends mid-sentence on line {marker.number}: …{quote(marker.text[-40:], 40)}"
        )
        result.warn(f"{quote(draft.title.text)} is left out: the file is {how}", draft.title.start)
    return [draft for draft in drafts if id(draft) not in cut]


def _report_leftovers(
    leftovers: list[Block], drafts: list[Draft], markers: list[tuple[int, Line]], result: ParseResult
) -> None:
    first = drafts[0].first_index if drafts else None
    last = drafts[-1].last_index if drafts else None
    last_card_marker = max((index for index, m in markers if m.kind not in (Kind.WEAK, Kind.TRUNCATED)), default=-1)
    for block in leftovers:
        if first is None or block.index < first:
            continue  # page header: kept in result.header
        if _link_only(block.text) or (block.links and not _looks_like_title(block)):
            result.skipped.append((block.start, block.text))  # a card's link ("GitHub", then its URL): no title
            continue
        if last is not None and block.index > last:
            # After the last paper, text followed by a card's chrome belongs to that card;
            # a title with nothing after it is a paper the file was cut off in.
            in_card = last_card_marker > block.index
            if _looks_like_title(block) and not in_card and not block.is_sentence:
                result.warn(
                    f"the title {quote(block.text)} has no abstract after it: the file seems cut off there, "
                    "so it is left out",
                    block.start,
                )
            else:
                result.skipped.append((block.start, block.text))
        elif result.format is Format.DIGEST_TEXT:
            result.error(f"the title {quote(block.text)} has no abstract after it", block.start)
        else:
            result.skipped.append((block.start, block.text))  # organisation names and other card text


def _looks_like_title(block: Block) -> bool:
    return len(block.text.split()) >= 2 and all(line.kind is Kind.TEXT for line in block.lines)


def quote(text: str, limit: int = 80) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"

