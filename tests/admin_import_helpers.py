"""Fixtures and steps shared by the admin import tests (real data from tests.digests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from papers.models import Paper, StagedUpload
from papers.services.importing import import_digest, title_key
from tests.digests import page_copy, papers_by_date, plain_digest

BROKEN_DAY = "2024-06-14"
DAY_A, DAY_B = "2024-06-14", "2024-10-10"
A, B = dt.date(2024, 6, 14), dt.date(2024, 10, 10)
PASSWORD = "pw-for-tests-only"


@pytest.fixture(scope="module")
def migrated_data_back(django_db_blocker):
    """After a module of transactional tests, put back the rows migrations seed.

    pytest-django empties every table after a transactional test, the topics and
    datasets of migration 0003 included; a later test that reads them (the reading
    browser test) would find none. A module-scoped teardown runs after the last
    test's flush, so the database is left as migrations left it.
    """
    yield
    import importlib

    from django.apps import apps

    with django_db_blocker.unblock():
        importlib.import_module("papers.migrations.0003_default_labels").seed(apps, None)


@pytest.fixture
def importer(django_user_model):
    """Staff with the import permission and nothing else: not a superuser."""
    user = django_user_model.objects.create_user("importer", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="import_digests"),
        Permission.objects.get(codename="view_importrun"),
        Permission.objects.get(codename="view_digest"),
    )
    return user


@pytest.fixture
def importer_client(client, importer):
    client.force_login(importer)
    return client


def broken_digest(day: str = BROKEN_DAY, drop: int = 2) -> tuple[str, int]:
    """A real plain digest with one title left without its abstract; and that title's line."""
    rows = papers_by_date()[day]
    text = plain_digest(rows, day, year=True)
    broken = text.replace("\n\n" + rows[drop]["abstract"] + "\n", "\n", 1)
    assert broken != text
    return broken, broken.split("\n").index(rows[drop]["title"].split("\n")[0]) + 1


def upload(client, *files, text: str = ""):
    return client.post("/admin/papers/digest/import/", {"files": list(files), "text": text})


def staged_ids() -> list[int]:
    return list(StagedUpload.objects.order_by("created_at", "id").values_list("pk", flat=True))


def preview_soup(client, upload_response) -> BeautifulSoup:
    assert upload_response.status_code == 302, upload_response.content.decode()[:2000]
    page = client.get(upload_response["Location"])
    assert page.status_code == 200
    return BeautifulSoup(page.content, "html.parser")


def confirm(client, ids: Iterable[int], *, action: str = "import", dates: dict[int, str] | None = None, files=None):
    ids = list(ids)
    data = {
        "files": ",".join(str(i) for i in (files if files is not None else staged_ids() or ids)),
        "upload": [str(i) for i in ids],
        f"_{action}": "yes",
    }
    data.update({f"date-{pk}": value for pk, value in (dates or {}).items()})
    return client.post("/admin/papers/digest/import/confirm/", data)


@pytest.fixture
def two_digests():
    """Digest A: the 28 papers of Jun 14. Digest B (later): 5 of them again and 3 papers of its own."""
    rows_a = papers_by_date()[DAY_A]
    rows_b = rows_a[:5] + papers_by_date()[DAY_B][:3]
    run_a = import_digest(plain_digest(rows_a, DAY_A, year=True).encode(), filename="a.txt").run
    run_b = import_digest(page_copy(rows_b, DAY_B).encode(), filename="b.txt", today=B).run
    shared = [p.pk for p in Paper.objects.filter(title_key__in=[title_key(r["title_oneline"]) for r in rows_a[:5]])]
    assert len(shared) == 5 and (run_a.papers_new, run_b.papers_new, run_b.papers_known) == (28, 3, 5)
    return run_a, run_b, shared
