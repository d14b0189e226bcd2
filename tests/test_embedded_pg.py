"""The app always talks to PostgreSQL; by default to the embedded server."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from portal.embedded_pg import server

embedded_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "portal.embedded_pg",
    reason="DATABASE_URL points at an external PostgreSQL server",
)


@pytest.mark.django_db
def test_connection_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    assert version.startswith("PostgreSQL ")


@pytest.mark.django_db
def test_runs_on_test_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (name,) = cursor.fetchone()
    assert name.startswith("test_lectern")  # test_lectern, or test_lectern_<LECTERN_TEST_DB_SUFFIX>


@embedded_only
@pytest.mark.django_db
def test_embedded_server_reports_running(capsys):
    pgdata = settings.DATABASES["default"]["PGDATA"]
    status = server.status(pgdata)
    assert status.running and status.pid
    assert str(status.socket_dir) == connection.get_connection_params()["host"]

    call_command("embedded_db", "status")
    out = capsys.readouterr().out
    assert "running" in out
    assert f"host={status.socket_dir}" in out


@embedded_only
@pytest.mark.django_db
def test_application_database_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'lectern'")
        assert cursor.fetchone() == (1,)


def test_stop_never_starts_a_server(tmp_path):
    pgdata = tmp_path / "pgdata"
    assert server.stop(pgdata) is False
    assert not pgdata.exists()
    assert server.status(pgdata).running is False
