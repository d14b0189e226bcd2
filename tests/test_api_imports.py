"""POST /api/imports/: staff with the import permission import a file through the admin
page's importer (same rows stored), invalid files are a 400 storing nothing, ?dry_run=1
previews; GET /api/imports/ and /<id>/ read the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from papers.models import Appearance, Digest, ImportRun, Paper
from tests.admin_import_helpers import PASSWORD, broken_digest, confirm, importer, staged_ids, upload  # noqa: F401
from tests.api_clients import auth, token_for
from tests.digests import API_FILES, page_copy, papers_by_date, plain_digest
from tests.followers import ada  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
DAY = "2024-06-14"
ROWS = papers_by_date()[DAY]
BODY = {"id", "status", "format", "digest_date", "papers_found", "papers_new", "papers_known", "problems"}


def post_file(client, data: bytes, name: str = "digest.txt", query: str = "", fields: dict | None = None, **headers):
    payload = {"file": SimpleUploadedFile(name, data, content_type="text/plain"), **(fields or {})}
    return client.post(f"/api/imports/{query}", payload, **headers)


@pytest.fixture
def key(importer):
    return token_for(importer)


def stored() -> dict:
    """What the database holds, without ids or times: to compare two ways of importing."""
    papers = sorted(
        Paper.objects.values_list(
            "title", "abstract", "arxiv_id", "code_url", "authors", "upvotes", "listed_on", "topics", "datasets",
            "abstract_is_summary",
        )
    )
    digests = sorted(Digest.objects.values_list("date", "filename", "sha256", "format", "header"))
    appearances = sorted(Appearance.objects.values_list("digest__sha256", "paper__title", "position"))
    return {"papers": papers, "digests": digests, "appearances": appearances}


def test_import_answers_201_with_the_run(client, key):
    data = plain_digest(ROWS, DAY, year=True).encode()
    response = post_file(client, data, "jun14.txt", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 201, response.content
    body = response.json()
    assert BODY <= set(body)
    assert (body["status"], body["format"], body["digest_date"]) == ("imported", "digest-text", DAY)
    assert (body["papers_found"], body["papers_new"], body["papers_known"]) == (len(ROWS), len(ROWS), 0)
    run = ImportRun.objects.get(pk=body["id"])
    assert (run.source, run.user.username, run.filename) == ("api", "importer", "jun14.txt")
    assert Paper.objects.count() == len(ROWS)
    again = post_file(client, data, "again.txt", HTTP_AUTHORIZATION=f"Token {key}")
    assert again.status_code == 200 and again.json()["status"] == "already-imported"
    assert Paper.objects.count() == len(ROWS) and Digest.objects.count() == 1


def test_the_api_stores_exactly_what_the_admin_page_stores(client, importer, key):
    files = [
        ("jun14.txt", page_copy(ROWS, DAY).encode()),
        (API_FILES[0].name, API_FILES[0].read_bytes()),
        ("oct10.txt", plain_digest(papers_by_date()["2024-10-10"], "2024-10-10", year=True).encode()),
    ]
    admin = Client()
    admin.force_login(importer)
    for name, data in files:
        upload(admin, SimpleUploadedFile(name, data))
    assert confirm(admin, staged_ids()).status_code == 302
    by_admin = stored()
    assert len(by_admin["digests"]) == 3
    Paper.objects.all().delete()
    Digest.objects.all().delete()
    ImportRun.objects.all().delete()
    for name, data in files:
        assert post_file(client, data, name, HTTP_AUTHORIZATION=f"Token {key}").status_code == 201
    assert stored() == by_admin


def test_an_invalid_file_is_a_400_with_the_run_s_body_and_stores_nothing(client, key):
    text, line = broken_digest()
    response = post_file(client, text.encode(), "broken.txt", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400
    body = response.json()
    assert BODY <= set(body) and body["status"] == "invalid"
    errors = [p for p in body["problems"] if p["severity"] == "error"]
    assert errors and line in [p["line"] for p in errors]
    assert not Paper.objects.exists() and not Digest.objects.exists()
    assert ImportRun.objects.get(pk=body["id"]).status == "invalid"


def test_a_dry_run_previews_and_records_nothing(client, key):
    response = post_file(client, page_copy(ROWS, DAY).encode(), query="?dry_run=1", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] is None and body["dry_run"] is True
    assert (body["status"], body["papers_new"]) == ("imported", len(ROWS))
    assert not Paper.objects.exists() and not ImportRun.objects.exists()


def test_the_date_field_dates_a_file_without_a_year(client, key):
    text = plain_digest(ROWS[:3], DAY, year=False)
    response = post_file(client, text.encode(), fields={"date": "2023-06-14"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 201 and response.json()["digest_date"] == "2023-06-14"
    assert Digest.objects.get().date == dt.date(2023, 6, 14)


@pytest.mark.parametrize(
    "fields, query, field",
    [
        ({"date": "14 June"}, "", "date"),
        ({}, "?dry_run=maybe", "dry_run"),
    ],
)
def test_bad_fields_are_a_400_naming_them(client, key, fields, query, field):
    response = post_file(client, b"x", query=query, fields=fields, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not ImportRun.objects.exists()


def test_a_missing_or_oversized_file_is_a_400_naming_file(client, key, settings):
    missing = client.post("/api/imports/", {"date": "2024-06-14"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert missing.status_code == 400 and "file" in missing.json()["errors"]
    settings.LECTERN_MAX_UPLOAD_BYTES = 1000
    settings.LECTERN_MAX_UPLOAD_MB = 0.001
    big = post_file(client, page_copy(ROWS, DAY).encode(), HTTP_AUTHORIZATION=f"Token {key}")
    assert big.status_code == 400 and "limit" in big.json()["errors"]["file"][0]
    assert not ImportRun.objects.exists()


def test_only_staff_with_the_permission_may_import(client, ada, importer, django_user_model):
    data = page_copy(ROWS[:2], DAY).encode()
    assert post_file(Client(), data).status_code == 401
    assert post_file(client, data, HTTP_AUTHORIZATION=f"Token {token_for(ada)}").status_code == 403
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    assert post_file(client, data, HTTP_AUTHORIZATION=f"Token {token_for(staff)}").status_code == 403
    permitted = django_user_model.objects.create_user("permitted", password="x")
    permitted.user_permissions.add(Permission.objects.get(codename="import_digests"))
    assert post_file(client, data, HTTP_AUTHORIZATION=f"Token {token_for(permitted)}").status_code == 403
    assert not ImportRun.objects.exists() and not Paper.objects.exists()


def test_a_session_import_needs_csrf(importer):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(importer)
    refused = post_file(strict, page_copy(ROWS[:2], DAY).encode())
    assert refused.status_code == 403 and not ImportRun.objects.exists()
    strict.get("/")
    ok = post_file(strict, page_copy(ROWS[:2], DAY).encode(), HTTP_X_CSRFTOKEN=strict.cookies["csrftoken"].value)
    assert ok.status_code == 201


def test_the_history_newest_first_and_one_run(client, key, importer):
    for day in ("2024-06-14", "2024-10-10"):
        post_file(client, page_copy(papers_by_date()[day][:3], day).encode(), f"{day}.txt", HTTP_AUTHORIZATION=f"Token {key}")
    history = client.get("/api/imports/", **auth(key)).json()
    assert history["count"] == 2 and history["pages"] == 1
    assert [r["filename"] for r in history["results"]] == ["2024-10-10.txt", "2024-06-14.txt"]
    one = client.get(f"/api/imports/{history['results'][1]['id']}/", **auth(key)).json()
    assert one == history["results"][1]
    assert client.get("/api/imports/999999/", **auth(key)).status_code == 404
    assert client.get("/api/imports/?page=0", **auth(key)).status_code == 400


def test_the_history_s_queries_do_not_grow_with_the_page(client, key):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for runs in (2, 30):
        while ImportRun.objects.count() < runs:
            post_file(client, b"not a digest %d" % ImportRun.objects.count(), HTTP_AUTHORIZATION=f"Token {key}")
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get("/api/imports/", **auth(key)).json()["results"]) == runs
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
