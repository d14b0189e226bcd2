"""manage.py backup and restore: every table's rows come back, into a fresh database; a
database holding data is refused without --force; a broken dump changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import stat

import psycopg
import pytest
from django.db import connection

from papers.api import tokens
from papers.following import services as following
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.admin_import_helpers import migrated_data_back  # noqa: F401 (fixture)
from tests.digests import API_FILES
from tests.readers import import_seed
from tests.smtp import command_env, manage

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args, env) -> tuple[int, str, str]:
    process = manage(*args, env=env)
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


@pytest.fixture
def fresh_database(migrated_data_back):
    """An empty database beside the test database, and the environment of a command using it."""
    name = connection.settings_dict["NAME"] + "_restored"
    env = command_env()
    source = connection.get_connection_params()["dbname"]
    env["DATABASE_URL"] = env["DATABASE_URL"].replace(f"@/{source}?", f"@/{name}?")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name, env
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def team_data(django_user_model):
    """What a team keeps: papers, readers, bookmarks with notes, searches, tokens, imports."""
    papers = import_seed()
    import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name)
    import_digest(b"not a digest at all", filename="broken.txt")  # an invalid run in the history
    ada = django_user_model.objects.create_user("ada", email="ada@example.org", password="pw-ada-12345")
    bob = django_user_model.objects.create_user("bob", password="pw-bob-12345")
    for paper in papers[:10]:
        save_bookmark(ada, paper, status="reading", note=f"ada's note on {paper.pk}: <b>table 4</b>")
    save_bookmark(bob, papers[3], status="read")
    following.follow(ada, "q=diffusion&topic=robotics", "Robot diffusion", "weekly")
    following.issue_feed_key(ada)
    tokens.create_token(bob, "chat bot")


def table_rows(params: dict) -> dict[str, list[str]]:
    """Every table of the public schema, its rows as text, sorted; and where each sequence stands
    (so ids made after a restore do not collide)."""
    with psycopg.connect(**params) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        rows = {t: sorted(r[0] for r in conn.execute(f'SELECT t::text FROM "{t}" t')) for t in tables}
        rows["(sequences)"] = [
            f"{name}={value}"
            for name, value in conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return rows


def connection_params(dbname: str) -> dict:
    params = {k: v for k, v in connection.get_connection_params().items() if k in ("host", "port", "user", "password")}
    return {**params, "dbname": dbname}


def test_backup_then_restore_into_a_fresh_database_brings_every_row_back(tmp_path, team_data, fresh_database):
    name, restored_env = fresh_database
    code, out, err = run("backup", str(tmp_path), env=command_env())
    assert code == 0, err
    (dump,) = tmp_path.iterdir()
    assert dump.name.startswith(f"lectern-{dt.date.today():%Y-%m-%d}") and dump.suffix == ".dump"
    assert str(dump) in out and ("kB" in out or "MB" in out)
    assert stat.S_IMODE(os.stat(dump).st_mode) == 0o600  # it holds password hashes and private notes
    code, out, err = run("restore", str(dump), env=restored_env)
    assert code == 0, err
    source = table_rows(connection_params(connection.get_connection_params()["dbname"]))
    copy = table_rows(connection_params(name))
    assert set(source) == set(copy) and "papers_bookmark" in source
    for table in source:
        assert copy[table] == source[table], table
    assert len(source["papers_paper"]) == 72 + 42 and len(source["papers_bookmark"]) == 11


def test_a_database_holding_data_is_refused_unless_forced(tmp_path, team_data):
    dump = tmp_path / "lectern.dump"
    assert run("backup", str(dump), env=command_env())[0] == 0
    code, out, err = run("restore", str(dump), env=command_env())
    assert code != 0 and "the database is not empty" in err and "papers_paper" in err
    code, out, err = run("restore", str(dump), "--force", env=command_env())
    assert code == 0, err


def test_a_broken_dump_changes_nothing(tmp_path, team_data):
    dump = tmp_path / "lectern.dump"
    assert run("backup", str(dump), env=command_env())[0] == 0
    cut = tmp_path / "cut.dump"
    cut.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    before = table_rows(connection_params(connection.get_connection_params()["dbname"]))
    code, out, err = run("restore", str(cut), "--force", env=command_env())
    assert code != 0 and "changed nothing" in err
    assert table_rows(connection_params(connection.get_connection_params()["dbname"])) == before
    not_a_dump = tmp_path / "notes.txt"
    not_a_dump.write_text("hello")
    code, out, err = run("restore", str(not_a_dump), "--force", env=command_env())
    assert code != 0 and "not a PostgreSQL custom-format dump" in err
