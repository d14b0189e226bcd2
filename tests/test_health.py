"""GET /healthz: 200 when the database answers and nothing is pending, 503 naming the part
that fails; no login, no cookie, nothing about settings or versions."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from portal import health
from tests.admin_import_helpers import migrated_data_back  # noqa: F401 (fixture)

OK = {"status": "ok", "database": "ok", "migrations": "ok"}


@pytest.mark.django_db
@pytest.mark.private_reading
def test_ok_without_login_or_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == OK
    assert not response.cookies and "no-cache" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_a_pending_migration_is_a_503_naming_it(client, migrated_data_back):
    call_command("migrate", "papers", "0015", verbosity=0)
    health._migrated.clear()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "error", "database": "ok", "migrations": "pending"}
    finally:
        call_command("migrate", "papers", verbosity=0)
    assert client.get("/healthz").json() == OK
