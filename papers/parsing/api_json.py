"""Read the JSON of the daily-papers API (a list of {paper: {...}, ...} items).

Also accepted: a list of flat paper objects, {"papers": [...]}, and JSON lines with one
paper per line; each needs a title and an abstract ("summary" or "abstract").
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import json
import re
from typing import Any

from .links import clean_arxiv_id, clean_code_url, find_code_url
from .normalize import one_line
from .records import Format, PaperRecord, ParseResult, ReadContext
from .wrapping import join_wrapped, unwrap_paragraphs

_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A JSON document starts with an object, or with an array of objects, strings or nothing;
# "[-] 12" and "[101](https://…)", which start Markdown and page copies, do not.
_JSON_START = re.compile(r"^\s*(?:\{|\[\s*(?:[{\]\[\"]|$))")


def detect(text: str) -> float:
    return 0.9 if _JSON_START.match(text[:2000].lstrip("\ufeff")) else 0.0


def parse(text: str, context: ReadContext) -> ParseResult:
    result = ParseResult(format=Format.API_JSON)
    items = _load_items(text, result)
    if items is None:
        return result
    return papers_from_items(items, result, filename=context.filename, digest_date=context.digest_date)


def papers_from_items(
    items: list[tuple[int, Any]], result: ParseResult, *, filename: str = "", digest_date: dt.date | None = None
) -> ParseResult:
    """Records of the items (line in the file, paper object), and the digest's date."""
    dates: collections.Counter[dt.date] = collections.Counter()
    for number, (line, item) in enumerate(items, start=1):
        record, day = _read_item(item, line, number, result)
        if record is not None:
            result.papers.append(record)
        if day is not None:
            dates[day] += 1

    if not result.papers:
        if result.ok:
            result.listed_nothing = not items
            result.error("no papers found in the JSON")
        return result
    if digest_date is not None:
        result.digest_date = digest_date
    elif dates:
        # The day most items were submitted to the daily list is the digest's day.
        result.digest_date = dates.most_common(1)[0][0]
        result.date_has_year = True
        result.date_text = result.digest_date.isoformat()
    elif match := _FILE_DATE.search(filename):
        result.digest_date = _date(*match.groups())
        result.date_has_year = True
        result.date_text = match.group(0)
    if result.digest_date is None:
        result.missing_date = "no digest date in the JSON or the file name: give the date (YYYY-MM-DD) when importing"
    return result


def _load_items(text: str, result: ParseResult) -> list[tuple[int, Any]] | None:
    text = text.lstrip("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        items = _json_lines(text)
        if items is not None:
            return items
        result.error(f"the file looks like JSON but is not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return None
    except RecursionError:  # "[[[[…": Python's decoder gives up past ~1,000 levels
        result.error("the file looks like JSON but is nested too deeply to be a list of papers", 1)
        return None
    if isinstance(data, dict) and isinstance(data.get("papers"), list):
        data = data["papers"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        result.error("the JSON is not a list of papers", 1)
        return None
    starts = _element_offsets(text) if text.lstrip().startswith("[") else []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return [
        (bisect.bisect_right(line_starts, starts[index]) if index < len(starts) else 0, item)
        for index, item in enumerate(data)
    ]


def _json_lines(text: str) -> list[tuple[int, Any]] | None:
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, json.loads(line)))
        except (json.JSONDecodeError, RecursionError):
            return None
    return items if len(items) > 1 else None


def _element_offsets(text: str) -> list[int]:
    """Character offsets where each element of the top-level JSON array starts."""
    decoder = json.JSONDecoder()
    offsets = []
    position = text.index("[") + 1
    whitespace = re.compile(r"[\s,]*")
    while True:
        position = whitespace.match(text, position).end()
        if position >= len(text) or text[position] == "]":
            return offsets
        offsets.append(position)
        _, position = decoder.raw_decode(text, position)


def _read_item(item: Any, line: int, number: int, result: ParseResult) -> tuple[PaperRecord | None, dt.date | None]:
    where = line or None
    label = f"item {number}"
    if not isinstance(item, dict):
        result.error(f"{label} is not an object", where)
        return None, None
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
    title = join_wrapped((_text(paper.get("title")) or _text(item.get("title"))).split("\n"))
    abstract = unwrap_paragraphs(
        _text(paper.get("summary")) or _text(paper.get("abstract")) or _text(item.get("summary"))
    )
    if not title:
        result.error(f"{label} has no title", where)
        return None, None
    if not abstract:
        result.error(f"{label} (“{title[:60]}”) has no abstract", where)
        return None, None
    arxiv_id = clean_arxiv_id(paper.get("id")) or clean_arxiv_id(paper.get("arxiv_id"))
    code_url = clean_code_url(_text(paper.get("githubRepo")) or _text(paper.get("github_url"))) or find_code_url(abstract)
    authors = tuple(
        name
        for name in (
            one_line(a.get("name", "")) if isinstance(a, dict) else one_line(a) if isinstance(a, str) else ""
            for a in paper.get("authors") or []
        )
        if name
    )
    upvotes = paper.get("upvotes")
    record = PaperRecord(
        title=title,
        abstract=abstract,
        line=line or number,
        arxiv_id=arxiv_id,
        code_url=code_url,
        authors=authors,
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
    )
    day_text = _text(paper.get("submittedOnDailyAt")) or _text(item.get("date"))
    match = _FILE_DATE.match(day_text)
    return record, _date(*match.groups()) if match else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
