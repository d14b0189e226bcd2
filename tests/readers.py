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
