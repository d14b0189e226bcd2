"""A reading list as a file: BibTeX for a reference manager, CSV for a spreadsheet,
JSON for scripts. Pure formatting over (paper, bookmark) rows; the view picks the rows.

The export is the owner's own, so it carries their private notes.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urljoin

from django.http import HttpResponse
from django.utils import timezone

from papers.citation import bibtex, citation_key, paper_year
from papers.models import Bookmark, Paper

EXPORT_FORMATS = ("bib", "csv", "json")
MAX_ROWS = 10_000  # a reading list is far shorter; this bounds one response
CSV_COLUMNS = (
    "title", "authors", "arxiv_id", "url", "code_url", "digests", "topics", "datasets",
    "status", "saved_at", "note",
)
_CONTENT_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def record(paper: Paper, bookmark: Bookmark, base_url: str) -> dict:
    return {
        "title": paper.title,
        "authors": list(paper.authors),
        "arxiv_id": paper.arxiv_id or None,
        "url": urljoin(base_url, paper.get_absolute_url()),
        "code_url": paper.code_url or None,
        "digests": [d.isoformat() for d in sorted(paper.listed_on, reverse=True)],
        "topics": list(paper.topics),
        "datasets": list(paper.datasets),
        "status": bookmark.status,
        "saved_at": bookmark.created_at.isoformat(),
        "note": bookmark.note,
    }


def as_json(rows, base_url: str) -> str:
    return json.dumps([record(p, b, base_url) for p, b in rows], ensure_ascii=False, indent=2) + "\n"


def _cell(value) -> str:
    if isinstance(value, list):
        value = "; ".join(value)
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell starting with = + - @ (or a tab/CR) as a formula:
    # imported titles and notes are untrusted, so such a cell is quoted as text.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def as_csv(rows, base_url: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for paper, bookmark in rows:
        data = record(paper, bookmark, base_url)
        writer.writerow([_cell(data[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def as_bibtex(rows, base_url: str) -> str:
    entries, used = [], set()
    for paper, _ in rows:
        year = paper_year(paper.arxiv_id, paper.first_listed_on.year)
        key = citation_key(paper.title, paper.authors, year)
        unique, n = key, 1
        while unique in used:  # two papers by one surname, year and first word
            n += 1
            unique = f"{key}{n}"
        used.add(unique)
        entries.append(
            bibtex(
                title=paper.title, authors=paper.authors, arxiv_id=paper.arxiv_id, year=year,
                url=urljoin(base_url, paper.get_absolute_url()), code_url=paper.code_url, key=unique,
            )
        )
    return "\n\n".join(entries) + ("\n" if entries else "")


_WRITERS = {"bib": as_bibtex, "csv": as_csv, "json": as_json}


def response(fmt: str, rows, *, base_url: str) -> HttpResponse:
    body = _WRITERS[fmt](rows, base_url)
    result = HttpResponse(body, content_type=_CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    result["Content-Disposition"] = f'attachment; filename="reading-list-{stamp}.{fmt}"'
    result["Cache-Control"] = "private, no-store"  # it holds private notes
    return result
