"""The digest parser: bytes or text in; the digest date, paper records and problems out.

Pure Python, no Django: the importer service and the tests call `parse_digest`.
"""

from __future__ import annotations

import datetime as dt
import re

from .api_json import looks_like_json, parse_json
from .decoding import UndecodableError, decode
from .normalize import title_key
from .records import Format, PaperRecord, ParseResult, Problem, Severity
from .text_format import parse_text

_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")

__all__ = [
    "Format",
    "PaperRecord",
    "ParseResult",
    "Problem",
    "Severity",
    "parse_digest",
    "title_key",
]


def parse_digest(
    data: bytes | str,
    *,
    filename: str = "",
    today: dt.date | None = None,
    digest_date: dt.date | None = None,
) -> ParseResult:
    """Parse one digest file.

    `today` anchors a date written without a year (the latest such date not after it);
    `digest_date`, when given, is the digest's date whatever the file says.
    """
    today = today or dt.date.today()
    if isinstance(data, bytes):
        try:
            text, _encoding = decode(data)
        except UndecodableError as exc:
            result = ParseResult(format=None)
            result.error(f"cannot read the file: {exc}")
            return result
    else:
        text = data
    if not _INVISIBLE.sub("", text).strip():  # white space of any kind, zero-width characters
        result = ParseResult(format=None)
        result.error("the file is empty")
        return result
    if looks_like_json(text):
        result = parse_json(text, filename=filename, digest_date=digest_date)
    else:
        result = parse_text(text, today=today, digest_date=digest_date)
    _check_duplicates(result)
    return result


def _check_duplicates(result: ParseResult) -> None:
    """The same paper listed twice in one file is kept once, with a warning."""
    seen: dict[str, PaperRecord] = {}
    kept: list[PaperRecord] = []
    for paper in result.papers:
        keys = [f"title:{title_key(paper.title)}"] + ([f"arxiv:{paper.arxiv_id}"] if paper.arxiv_id else [])
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            result.warn(f"“{paper.title[:60]}” is listed again (first on line {first.line}); kept once", paper.line)
            continue
        for key in keys:
            seen[key] = paper
        kept.append(paper)
    result.papers = kept
