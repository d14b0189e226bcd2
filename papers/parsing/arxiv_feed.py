"""Read arXiv's feeds: the per-category RSS of rss.arxiv.org and the Atom of its query API.

RSS items carry the paper's title, `link` https://arxiv.org/abs/<id>, a description
"arXiv:<id>v<n> Announce Type: new Abstract: <abstract>", `dc:creator` (the authors,
comma-separated) and `arxiv:announce_type`. New papers (`new`) and papers listed from
another category (`cross`) are read; new versions of earlier papers (`replace`,
`replace-cross`) are only counted (ParseResult.replaced). Atom entries from the query
API are papers with their authors, each `summary` hard-wrapped.

feedparser reads the XML (without sanitising: the text is plain text, and is escaped
wherever it is shown). XML that is not well-formed is refused with its line; so is a
feed that is not arXiv's.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.sax
from html.parser import HTMLParser

import feedparser

from .links import clean_arxiv_id, find_code_url, linked_arxiv_id
from .normalize import one_line
from .records import Format, PaperRecord, ParseResult, ReadContext
from .wrapping import join_wrapped, unwrap_paragraphs

_FEED_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_ENTRY_TAG = re.compile(r"<(?:item|entry)(?=[\s>/])")
_DESCRIPTION = re.compile(
    r"^\s*arXiv:(?P<id>\S+?)\s+Announce\s+Type:\s*(?P<type>[\w-]+)\s+Abstract:\s*(?P<abstract>.*)$", re.S | re.I
)
IMPORTED = ("new", "cross")
REPLACED = ("replace", "replace-cross")


def detect(text: str) -> float:
    return 0.97 if _FEED_START.match(text[:5000].lstrip("\ufeff")) else 0.0


def parse(text: str, context: ReadContext) -> ParseResult:
    feed = feedparser.parse(text.lstrip("\ufeff"), sanitize_html=False, resolve_relative_uris=False)
    atom = feed.get("version", "").startswith("atom")
    result = ParseResult(format=Format.ARXIV_ATOM if atom else Format.ARXIV_RSS)
    error = feed.get("bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):
        # feedparser puts an XML declaration before a file that has none: one line more.
        shift = 0 if text.lstrip("\ufeff").startswith("<?xml") else 1
        line = (error.getLineNumber() or 0) - shift
        result.error(f"the feed is not well-formed XML: {error.getMessage()}", line if line > 0 else None)
        return result
    if not _is_arxiv(feed):
        result.error("this is a news feed, but not one of arXiv's: only arXiv's RSS and API feeds can be imported", 1)
        return result
    title = one_line(feed.feed.get("title", ""))
    if title:
        result.header.append(title)
    lines = _entry_lines(text, len(feed.entries))
    for entry, line in zip(feed.entries, lines):
        _read_entry(entry, line, atom, result)
    if not result.papers:
        if result.ok:
            result.listed_nothing = True
            if result.replaced:
                result.error(f"the feed announces no new papers, only {len(result.replaced)} new versions of earlier ones")
            else:
                result.error("the feed lists no papers (arXiv announces none on weekends and holidays)")
        return result
    result.digest_date = context.digest_date or _feed_date(feed, atom)
    if result.digest_date is not None:
        result.date_has_year = True
        result.date_text = result.digest_date.isoformat()
    else:
        result.missing_date = "the feed says no date: give the date (YYYY-MM-DD) when importing"
    return result


def _is_arxiv(feed) -> bool:
    places = [feed.feed.get("link", ""), feed.feed.get("id", "")]
    places += [link.get("href", "") for link in feed.feed.get("links", [])]
    places += [entry.get("link", "") or entry.get("id", "") for entry in feed.entries[:20]]
    return any(re.search(r"(?:^|[/.])arxiv\.org(?:[/:]|$)", place or "", re.I) for place in places)


def _entry_lines(text: str, count: int) -> list[int | None]:
    """The line each item or entry starts on; None for all when the tags cannot be told apart
    (an `<item` inside CDATA or a comment)."""
    starts = [m.start() for m in _ENTRY_TAG.finditer(text)]
    if len(starts) != count:
        return [None] * count
    lines, line, position = [], 1, 0
    for start in starts:
        line += text.count("\n", position, start)
        position = start
        lines.append(line)
    return lines


def _text(entry, name: str, atom: bool) -> str:
    """A field as plain text. Atom may say a field is HTML (type="html" or "xhtml"): its
    tags go and its entities are read. RSS says nothing, and arXiv's RSS is plain text."""
    value = entry.get(name, "")
    kind = entry.get(f"{name}_detail", {}).get("type", "")
    if atom and kind in ("text/html", "application/xhtml+xml"):
        collector = _TextOf()
        collector.feed(value)
        collector.close()
        return "".join(collector.parts)
    return value


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _read_entry(entry, line: int | None, atom: bool, result: ParseResult) -> None:
    title = join_wrapped(_text(entry, "title", atom).split("\n"))
    label = f"“{title[:60]}”" if title else "an entry"
    if atom:
        announce, summary = "new", _text(entry, "summary", atom)
        arxiv_id = linked_arxiv_id([entry.get("id", ""), entry.get("link", "")])
    else:
        match = _DESCRIPTION.match(entry.get("summary", ""))
        if match is None:
            result.error(f"{label}: the description is not arXiv's “arXiv:<id> Announce Type: … Abstract: …”", line)
            return
        announce = (entry.get("arxiv_announce_type") or match["type"]).strip().lower()
        summary = match["abstract"]
        arxiv_id = clean_arxiv_id(match["id"]) or linked_arxiv_id([entry.get("link", "")])
    if announce in REPLACED:
        result.replaced.append((line, arxiv_id or re.sub(r"v\d+$", "", match["id"])))
        return
    if announce not in IMPORTED:
        result.warn(f"{label}: announcement type “{announce}” is not one Lectern knows; not imported", line)
        return
    abstract = unwrap_paragraphs(summary)
    if not title:
        result.error("an entry has no title", line)
        return
    if not abstract:
        result.error(f"{label} has no abstract", line)
        return
    if arxiv_id is None:
        result.error(f"{label}: no arXiv id in its link", line)
        return
    result.papers.append(
        PaperRecord(
            title=title,
            abstract=abstract,
            line=line or len(result.papers) + 1,
            arxiv_id=arxiv_id,
            code_url=find_code_url(abstract),
            authors=_authors(entry, atom),
        )
    )


def _authors(entry, atom: bool) -> tuple[str, ...]:
    names = [one_line(a.get("name", "")) for a in entry.get("authors", [])]
    if not atom:  # one dc:creator with every name: "A. Smith, B. Jones, C. Wu"
        names = [part for name in names for part in re.split(r",\s*|\s+and\s+", name)]
    return tuple(name.strip() for name in names if name.strip())


def _feed_date(feed, atom: bool) -> dt.date | None:
    """RSS: the channel's pubDate (the announcement day, in arXiv's own time zone);
    Atom: when the query ran (`updated`), else the newest entry's."""
    if atom:
        stamps = [feed.feed.get("updated", "")] + sorted(
            (e.get("published", "") for e in feed.entries), reverse=True
        )
        for stamp in stamps:
            try:
                return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
            except ValueError:
                continue
        return None
    for stamp in (feed.feed.get("published", ""), feed.feed.get("updated", "")):
        try:
            return email.utils.parsedate_to_datetime(stamp).date()
        except (TypeError, ValueError, IndexError):
            continue
    return None
