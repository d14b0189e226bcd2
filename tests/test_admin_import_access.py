"""Who may use the import pages: staff with the import permission, and no one else; CSRF on every step."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from papers.models import Digest, ImportRun, Paper, StagedUpload
from papers.services.importing import import_digest
from tests.admin_import_helpers import PASSWORD, confirm, importer, importer_client, staged_ids, upload  # noqa: F401
from tests.digests import API_FILES

pytestmark = pytest.mark.django_db
PAGES = [
    ("get", "/admin/papers/digest/import/"),
    ("post", "/admin/papers/digest/import/"),
    ("get", "/admin/papers/digest/import/preview/?files=1"),
    ("post", "/admin/papers/digest/import/confirm/"),
    ("get", "/admin/papers/digest/import/results/?runs=1"),
    ("get", "/admin/papers/importrun/1/undo/"),
    ("post", "/admin/papers/importrun/1/undo/"),
]


@pytest.fixture
def staged_and_imported(importer_client):
    """A staged upload waiting for confirmation and an imported run: what refusals must not touch."""
    run = import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name).run
    upload(importer_client, SimpleUploadedFile(API_FILES[1].name, API_FILES[1].read_bytes()))
    importer_client.logout()
    return run


def snapshot():
    return (
        Paper.objects.count(),
        list(Digest.objects.values_list("pk", flat=True)),
        list(ImportRun.objects.values_list("pk", "status")),
        StagedUpload.objects.count(),
    )


def attempt(client, run):
    """Every step of the import pages, with real ids: upload, preview, confirm, results, undo."""
    staged = staged_ids()
    api = API_FILES[1]
    return [
        client.get("/admin/papers/digest/import/"),
        client.post("/admin/papers/digest/import/", {"files": [SimpleUploadedFile(api.name, api.read_bytes())]}),
        client.get(f"/admin/papers/digest/import/preview/?files={staged[0]}"),
        confirm(client, staged),
        client.get(f"/admin/papers/digest/import/results/?runs={run.pk}"),
        client.get(f"/admin/papers/importrun/{run.pk}/undo/"),
        client.post(f"/admin/papers/importrun/{run.pk}/undo/"),
    ]


def test_anonymous_gets_the_login_page_and_changes_nothing(client, staged_and_imported):
    before = snapshot()
    for response in attempt(client, staged_and_imported):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/admin/papers/")
    assert snapshot() == before


@pytest.mark.parametrize(
    "kind",
    ["not staff, with the permission", "staff without the permission", "staff with every other papers permission"],
)
def test_signed_in_without_staff_and_permission_gets_403_and_changes_nothing(
    client, django_user_model, staged_and_imported, kind
):
    user = django_user_model.objects.create_user("someone", password=PASSWORD, is_staff=kind.startswith("staff"))
    if kind.startswith("not staff"):
        user.user_permissions.add(Permission.objects.get(codename="import_digests"))
    if kind.endswith("every other papers permission"):
        others = Permission.objects.filter(content_type__app_label="papers").exclude(codename="import_digests")
        user.user_permissions.add(*others)
    client.force_login(user)
    before = snapshot()
    for response in attempt(client, staged_and_imported):
        assert response.status_code == 403
    assert snapshot() == before


def test_staff_without_permission_sees_no_import_link(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_digest", "view_importrun"]))
    client.force_login(user)
    for url in ("/admin/", "/admin/papers/digest/", "/admin/papers/importrun/"):
        page = client.get(url)
        assert page.status_code == 200
        assert not BeautifulSoup(page.content, "html.parser").find("a", href="/admin/papers/digest/import/"), url


def test_a_superuser_may_import(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password=PASSWORD))
    assert client.get("/admin/papers/digest/import/").status_code == 200


def test_every_step_needs_the_csrf_token(importer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(importer)
    api = API_FILES[0]
    refused = browser.post("/admin/papers/digest/import/", {"files": [SimpleUploadedFile(api.name, api.read_bytes())]})
    assert refused.status_code == 403 and not StagedUpload.objects.exists()

    page = BeautifulSoup(browser.get("/admin/papers/digest/import/").content, "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    sent = browser.post(
        "/admin/papers/digest/import/",
        {"files": [SimpleUploadedFile(api.name, api.read_bytes())], "csrfmiddlewaretoken": token},
    )
    assert sent.status_code == 302
    preview = BeautifulSoup(browser.get(sent["Location"]).content, "html.parser")
    assert preview.select_one("#confirm-form input[name=csrfmiddlewaretoken]")
    (pk,) = staged_ids()
    no_token = {"files": str(pk), "upload": [str(pk)], "_import": "Import the ticked files"}
    assert browser.post("/admin/papers/digest/import/confirm/", no_token).status_code == 403
    assert not Digest.objects.exists()
    token = preview.select_one("input[name=csrfmiddlewaretoken]")["value"]
    with_token = browser.post("/admin/papers/digest/import/confirm/", {**no_token, "csrfmiddlewaretoken": token})
    assert with_token.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "imported"

    assert browser.post(f"/admin/papers/importrun/{run.pk}/undo/").status_code == 403
    run.refresh_from_db()
    assert run.status == "imported" and Digest.objects.exists()


def test_no_view_is_csrf_exempt():
    from django.urls import get_resolver

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    # The one exception: RFC 8058's one-click unsubscribe, posted by a mail client with
    # no token; its signed link is its authority, and it can only turn emails off.
    exempt = {"unsubscribe"}
    for pattern in walk(get_resolver().url_patterns):
        if _api_view_checking_csrf_itself(pattern.callback):
            continue
        assert not getattr(pattern.callback, "csrf_exempt", False) or pattern.name in exempt, pattern


def _api_view_checking_csrf_itself(callback) -> bool:
    """Django REST framework's views are exempt from the middleware and check CSRF in their
    session authentication instead (a token needs none: a browser never sends one by itself).
    True only when every way the view authenticates is one of those two."""
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.views import APIView

    from papers.api.auth import TokenAuthentication

    view = getattr(callback, "cls", None)
    if view is None or not issubclass(view, APIView):
        return False
    for auth in view.authentication_classes:
        if auth is TokenAuthentication:
            continue
        if not issubclass(auth, SessionAuthentication) or auth.enforce_csrf is not SessionAuthentication.enforce_csrf:
            return False
    return True
