"""A database holding every real paper of tests/data, imported the way teams do."""

from __future__ import annotations

import datetime as dt

from papers.services.importing import import_digest
from tests.digests import API_FILES, page_copy, papers_by_date, plain_digest


def ensure_seeded_labels() -> None:
    """The topics and datasets of migration 0003, which a transactional test's flush removes."""
    import importlib

    from django.apps import apps

    from papers.models import Topic

    if not Topic.objects.exists():
        importlib.import_module("papers.migrations.0003_default_labels").seed(apps, None)


def import_all_real_papers() -> None:
    """The 16 days (alternately plain digests and page copies) and the two API files."""
    ensure_seeded_labels()
    for number, (day, rows) in enumerate(papers_by_date().items()):
        text = plain_digest(rows, day, year=True) if number % 2 else page_copy(rows, day)
        outcome = import_digest(text.encode(), filename=f"{day}.txt", today=dt.date.fromisoformat(day))
        assert outcome.ok, outcome.plan.result.problems
    for path in API_FILES:
        assert import_digest(path.read_bytes(), filename=path.name).ok
