"""The digest parser: bytes or text in; the digest date, paper records and problems out.

Pure Python, no Django: the importer service and the tests call `parse_digest`.
`formats` picks the reader for the file's shape; whatever it read, each paper is
kept once (`duplicates`), a paper the file was cut off in is left out, and a record
still holding page syntax is an error, never a paper (`checks`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc

from . import formats
from .checks import refuse_syntax_left
from .decoding import UndecodableError, decode
from .duplicates import merge_duplicates
from .normalize import title_key
from .records import Format, PaperRecord, ParseResult, Problem, ReadContext, Severity
from .source import VISIBLE
from .trending import mark_trending

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
    if not VISIBLE.search(text):
        result = ParseResult(format=None)  # white space of any kind, zero-width characters
        result.error("the file is empty")
        return result
    with _no_gc_pauses():
        result = formats.read(text, ReadContext(today=today, digest_date=digest_date, filename=filename))
    listed = len(result.papers)
    merge_duplicates(result)
    mark_trending(result, text, listed)
    refuse_syntax_left(result)
    _date_when_missing(result, today)
    return result


@contextlib.contextmanager
def _no_gc_pauses():
    """Reading a large file makes a few hundred thousand small objects and no cycles; the
    cycle collector would walk them all again and again (a third of the time at 10,000 papers)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _date_when_missing(result: ParseResult, today: dt.date) -> None:
    """A file with papers needs a digest date. A trending page has none of its own: it
    is the list of the day it was saved, so it is dated today, with a warning."""
    if result.digest_date is not None or not result.missing_date or not result.papers:
        return
    if result.format is Format.TRENDING:
        result.digest_date = today
        result.warn(f"a trending page has no date of its own: dated today ({today.isoformat()}); give the date to change it")
    else:
        result.error(result.missing_date)
