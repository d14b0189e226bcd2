"""A database holding every real paper of ../shared/data, imported the way teams do."""

from __future__ import annotations

import datetime as dt

from papers.services.importing import import_digest
from tests.digests import API_FILES, page_copy, papers_by_date, plain_digest


def import_all_real_papers() -> None:
    """The 16 days (alternately plain digests and page copies) and the two API files."""
    for number, (day, rows) in enumerate(papers_by_date().items()):
        text = plain_digest(rows, day, year=True) if number % 2 else page_copy(rows, day)
        outcome = import_digest(text.encode(), filename=f"{day}.txt", today=dt.date.fromisoformat(day))
        assert outcome.ok, outcome.plan.result.problems
    for path in API_FILES:
        assert import_digest(path.read_bytes(), filename=path.name).ok
