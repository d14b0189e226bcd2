"""Signed-in readers and the sample papers they read: shared by the bookmark, reading-list and team tests."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from papers.models import Paper
from papers.services.importing import import_digest
from tests.digests import SEED


def login(user, **kwargs) -> Client:
    """A test client signed in as `user` (kwargs go to Client, e.g. enforce_csrf_checks)."""
    client = Client(**kwargs)
    client.force_login(user)
    return client


def import_seed() -> list[Paper]:
    """The real sample digest (72 papers) imported as on 2026-11-28; its papers by id."""
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    return list(Paper.objects.defer("search_vector").order_by("id"))


def three_papers_saved_by(ada, bob) -> None:
    """Three real papers of 2024-06-14 imported, each saved by ada and read by bob:
    the small state of the query-count tests, which then add more rows."""
    from papers.services.bookmarks import save_bookmark
    from tests.digests import papers_by_date, plain_digest

    day = "2024-06-14"
    import_digest(plain_digest(papers_by_date()[day][:3], day, year=True).encode(), filename="a.txt")
    for paper in Paper.objects.all():
        save_bookmark(ada, paper)
        save_bookmark(bob, paper, status="read")
