"""Undo from the admin: the run's page offers it, the page says what stayed and why."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from papers.models import Appearance, Digest, ImportRun, Paper
from tests.admin_import_helpers import confirm, importer, importer_client, staged_ids, two_digests, upload  # noqa: F401
from tests.digests import API_FILES

pytestmark = pytest.mark.django_db


def test_admin_undo_page_says_what_stayed_and_why(importer_client, two_digests, importer):
    _run_a, run_b, shared = two_digests
    detail = BeautifulSoup(importer_client.get(f"/admin/papers/importrun/{run_b.pk}/change/").content, "html.parser")
    undo_url = detail.select_one("a.undo-link")["href"]
    ask = importer_client.get(undo_url)
    assert ask.status_code == 200
    text = " ".join(BeautifulSoup(ask.content, "html.parser").get_text(" ").split())
    assert "removes the digest of Oct 10, 2024 and its 8 listings" in text
    assert Digest.objects.count() == 2  # asking changes nothing

    done = importer_client.post(undo_url)
    soup = BeautifulSoup(done.content, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert "The import of b.txt is undone." in text
    assert "3 papers that only this digest listed were removed; 5 papers stayed." in text
    rows = soup.select("#kept-papers tbody tr")
    assert len(rows) == 5
    assert {r.a["href"] for r in rows} == {f"/papers/{pk}/" for pk in shared}
    assert all("also listed in the digest of Jun 14, 2024" in r.get_text() for r in rows)
    run_b.refresh_from_db()
    assert run_b.status == "undone" and run_b.undone_by == importer

    # The run's page no longer offers an undo, and a second POST is refused with a message.
    detail = BeautifulSoup(importer_client.get(f"/admin/papers/importrun/{run_b.pk}/change/").content, "html.parser")
    assert detail.select_one("a.undo-link") is None
    again = importer_client.post(undo_url, follow=True)
    assert "Not undone: this run's status is “undone”" in BeautifulSoup(again.content, "html.parser").get_text()
    assert Digest.objects.count() == 1


def test_undo_from_the_admin_after_an_admin_import(importer_client):
    api = API_FILES[0]
    upload(importer_client, SimpleUploadedFile(api.name, api.read_bytes()))
    confirm(importer_client, staged_ids())
    run = ImportRun.objects.get()
    importer_client.post(f"/admin/papers/importrun/{run.pk}/undo/")
    assert not Paper.objects.exists() and not Digest.objects.exists() and not Appearance.objects.exists()
    assert ImportRun.objects.get().status == "undone"
    listing = importer_client.get("/admin/papers/importrun/?status__exact=undone").content.decode()
    assert api.name in listing
