"""Readers who follow searches, and the real papers they follow: shared by the following tests."""

from __future__ import annotations

import datetime as dt

import pytest

from papers.services.importing import import_digest
from tests.digests import page_copy, papers_by_date

DAY = "2025-09-30"
ROWS = papers_by_date()[DAY]


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", email="ada@example.org", password="x", first_name="Ada")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", email="bob@example.org", password="x", first_name="Bob")


def import_page(rows, day: str = DAY, name: str = "digest.txt") -> None:
    """Real papers as a copy of the papers page (it carries their arXiv ids), imported."""
    outcome = import_digest(page_copy(rows, day).encode(), filename=name, today=dt.date.fromisoformat(day))
    assert outcome.ok, outcome.plan.result.problems[:3]
