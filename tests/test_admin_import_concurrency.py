"""Two administrators confirming the same file at the same moment store it once."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from papers.models import Appearance, Digest, ImportRun, Paper, StagedUpload
from tests.admin_import_helpers import PASSWORD, migrated_data_back  # noqa: F401
from tests.digests import API_FILES

# Transactional tests empty the tables; leave them as migrations did for the tests after.
pytestmark = pytest.mark.usefixtures("migrated_data_back")


@pytest.mark.django_db(transaction=True)
def test_two_admins_confirming_the_same_file_at_once_store_it_once(django_user_model):
    data = API_FILES[1].read_bytes()
    clients, staged = [], []
    for name in ("alice", "bob"):
        user = django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="import_digests"))
        client = Client()
        client.force_login(user)
        response = client.post("/admin/papers/digest/import/", {"files": [SimpleUploadedFile(f"{name}.json", data)]})
        assert response.status_code == 302
        clients.append(client)
        staged.append(StagedUpload.objects.get(owner=user).pk)

    barrier = threading.Barrier(2)
    responses, errors = [], []

    def confirm(client, pk):
        try:
            barrier.wait()
            responses.append(
                client.post(
                    "/admin/papers/digest/import/confirm/",
                    {"files": str(pk), "upload": [str(pk)], "_import": "Import the ticked files"},
                )
            )
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=pair) for pair in zip(clients, staged)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert [r.status_code for r in responses] == [302, 302]
    assert sorted(ImportRun.objects.values_list("status", flat=True)) == ["already-imported", "imported"]
    assert Digest.objects.count() == 1
    assert Paper.objects.count() == 49 and Appearance.objects.count() == 49
    # Both administrators are told: one imported it, the other finds it already imported.
    pages = [clients[i].get(r["Location"]).content.decode() for i, r in enumerate(responses)]
    assert sum("1 file imported." in page for page in pages) == 1
    assert sum("already imported on" in page for page in pages) == 1
