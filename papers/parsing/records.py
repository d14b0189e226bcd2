"""Typed records the parser produces. Plain dataclasses: no Django here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Format(str, Enum):
    """How a file was read; shown to the administrator in the import preview.

    The values are stored (ImportRun.format, Digest.format): 20 characters at most.
    """

    DIGEST_TEXT = "digest-text"  # the plain digest: header, date, title / abstract paragraphs
    PAGE_TEXT = "page-text"  # text copied from the live papers page, with its chrome
    LINKED_TEXT = "linked-text"  # a plain-text export with a link under every line
    MARKDOWN = "markdown"  # a page-to-Markdown tool's copy (clippers, scrapers, reader modes)
    TEXT_BROWSER = "text-browser"  # a text browser's dump: numbered reference links
    TRENDING = "trending-page"  # a copy of /papers/trending: every card twice, AI summaries
    HTML_DATA = "html-data"  # a saved papers page, read from the data it embeds
    HTML = "html"  # other HTML, read through its headings, paragraphs and links
    API_JSON = "api-json"  # the raw JSON of the daily-papers API (or JSON lines of papers)
    ARXIV_RSS = "arxiv-rss"  # arXiv's per-category RSS (rss.arxiv.org)
    ARXIV_ATOM = "arxiv-atom"  # the Atom of arXiv's query API (export.arxiv.org/api/query)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Format.DIGEST_TEXT: "digest text",
    Format.PAGE_TEXT: "copied page text",
    Format.LINKED_TEXT: "page text with links",
    Format.MARKDOWN: "Markdown page copy",
    Format.TEXT_BROWSER: "text-browser dump",
    Format.TRENDING: "trending page copy",
    Format.HTML_DATA: "saved papers page (its data)",
    Format.HTML: "HTML page",
    Format.API_JSON: "API JSON",
    Format.ARXIV_RSS: "arXiv RSS feed",
    Format.ARXIV_ATOM: "arXiv API feed (Atom)",
}


@dataclass(frozen=True)
class ReadContext:
    """What a reader knows besides the text."""

    today: dt.date
    digest_date: dt.date | None = None  # given by the importer: wins over the file's
    filename: str = ""


class Severity(str, Enum):
    ERROR = "error"  # the file cannot be imported
    WARNING = "warning"  # imported, but somebody should look


@dataclass(frozen=True)
class Problem:
    line: int | None  # 1-based line in the file; None when the problem is the whole file
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class PaperRecord:
    title: str
    abstract: str
    line: int  # where the title starts (1-based)
    arxiv_id: str | None = None
    code_url: str | None = None
    authors: tuple[str, ...] = ()
    upvotes: int | None = None
    summary_only: bool = False  # the abstract is a page's one-sentence AI summary: the file had no more


@dataclass
class ParseResult:
    format: Format | None
    digest_date: dt.date | None = None
    date_text: str = ""  # the date as written in the file ("Mar 12"), empty when none
    date_has_year: bool = False
    header: list[str] = field(default_factory=list)
    papers: list[PaperRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # page chrome we could not name
    missing_date: str = ""  # why no digest date was found, when papers were (parse_digest decides)
    # A well-formed file that lists no papers at all (a day without papers, a weekend's
    # feed): a fetch has nothing to import; an upload of it is still refused.
    listed_nothing: bool = False
    # arXiv feeds: new versions of earlier papers (line, arXiv id), counted, never imported
    replaced: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(line, message, Severity.ERROR))

    def warn(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(line, message, Severity.WARNING))
