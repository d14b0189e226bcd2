"""Faults, each with what it proves.

- The PostgreSQL server SIGKILLed in the middle of a large import, then started again:
  the import stops with a clear message (no traceback), nothing of it is stored, and the
  same import then succeeds.
- A gunicorn worker SIGKILLed while it serves a request: the other worker keeps
  answering, gunicorn starts a new one, and only that one request is lost.
- The database gone under a running portal: pages answer 503 with a plain message and
  /healthz says the database is the problem; when the server is back, everything works
  again without restarting the portal.

Each runs on a PostgreSQL server of its own (tests.scratch_pg) or, for the worker, on the
test database with one table locked, so the request is caught mid-way every time.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest
import requests
from django.db import connection, transaction

from papers.corpus import DEFAULT_DATA_DIR, digest_text, load_real_papers, make_papers
from tests.admin_import_helpers import migrated_data_back  # noqa: F401 (fixture)
from tests.scratch_pg import ScratchServer, migrate
from tests.servers import Server
from tests.smtp import REPO, command_env

LARGE = 10_000


@pytest.fixture
def scratch():
    server = ScratchServer()
    try:
        yield server
    finally:
        server.remove()


def _counts(server: ScratchServer) -> tuple[int, int, list[str]]:
    with server.connect() as conn:
        papers = conn.execute("SELECT count(*) FROM papers_paper").fetchone()[0]
        digests = conn.execute("SELECT count(*) FROM papers_digest").fetchone()[0]
        runs = [status for (status,) in conn.execute("SELECT status FROM papers_importrun ORDER BY id")]
    return papers, digests, runs


def _writing_papers(server: ScratchServer) -> bool:
    """Whether another session has begun writing rows of papers_paper (the import's transaction)."""
    with server.connect() as conn:
        return bool(conn.execute(
            "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'papers_paper' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
        ).fetchone())


def test_postgresql_killed_mid_import_stores_nothing_and_the_import_then_succeeds(scratch, tmp_path):
    migrate(scratch.url)
    papers = make_papers(load_real_papers(DEFAULT_DATA_DIR), LARGE, seed=14)
    digest = tmp_path / "large.txt"
    digest.write_text(digest_text(papers, dt.date(2025, 3, 12), style="page"), encoding="utf-8")
    env = {**command_env(), "DATABASE_URL": scratch.url}
    command = [sys.executable, "manage.py", "import_digest", str(digest)]

    importing = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _writing_papers(scratch):  # parsed and planned; its transaction has begun inserting
        assert importing.poll() is None, importing.communicate()
        assert time.monotonic() < deadline, "the import never began writing"
        time.sleep(0.02)
    scratch.kill()
    out, err = importing.communicate(timeout=60)

    assert importing.returncode == 1
    assert "Traceback" not in err, err
    assert "lost its connection to the database" in err and "nothing of it was stored" in err, err
    assert "large.txt" in err

    scratch.start()  # crash recovery: the killed transaction is rolled back
    assert _counts(scratch) == (0, 0, [])

    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _counts(scratch) == (LARGE, 1, ["imported"])


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_request_loses_only_that_request(tmp_path, migrated_data_back, django_user_model):
    from papers.api.tokens import create_token

    reader = django_user_model.objects.create_user("reader", password="pw-reader-faults-1")
    _, key = create_token(reader, "faults")
    headers = {"Authorization": f"Token {key}"}
    server = Server(command_env(LECTERN_VAR_DIR=str(tmp_path), LECTERN_STATIC_MANIFEST="false"), workers=2)
    try:
        server.wait_healthy()
        workers = psutil.Process(server.process.pid).children()
        assert len(workers) == 2
        # Catch a request mid-way: /api/searches/ reads the followed searches, which this
        # transaction holds locked; the worker serving it waits inside the request.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("LOCK TABLE papers_savedsearch IN ACCESS EXCLUSIVE MODE")
            caught: dict[str, object] = {}

            def held_request():
                try:
                    caught["response"] = requests.get(f"{server.url}/api/searches/", headers=headers, timeout=30)
                except requests.RequestException as error:
                    caught["error"] = error

            held = threading.Thread(target=held_request)
            held.start()
            busy = _busy_worker(workers, server.port)
            busy.send_signal(signal.SIGKILL)
            held.join(timeout=30)
            # Meanwhile the other worker answers, before and after gunicorn replaces the dead one.
            answers = [requests.get(f"{server.url}{path}", headers=headers, timeout=10).status_code
                       for _ in range(10) for path in ("/healthz", "/api/papers/", "/api/")]
        assert "error" in caught and "response" not in caught  # the killed worker's one request
        assert answers == [200] * len(answers)
        deadline = time.monotonic() + 30
        while len(psutil.Process(server.process.pid).children()) < 2:
            assert time.monotonic() < deadline, "gunicorn did not start a new worker"
            time.sleep(0.1)
        assert busy.pid not in {w.pid for w in psutil.Process(server.process.pid).children()}
        after = [requests.get(f"{server.url}/api/searches/", headers=headers, timeout=10).status_code for _ in range(6)]
        assert after == [200] * 6
    finally:
        server.stop()
    assert f"Worker (pid:{busy.pid}) was sent SIGKILL" in server.output()  # gunicorn saw it, and said so


def _busy_worker(workers: list[psutil.Process], port: int) -> psutil.Process:
    """The worker holding an open connection from a client on the server's port."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for worker in workers:
            if any(c.laddr and c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED
                   for c in worker.net_connections(kind="tcp")):
                return worker
        time.sleep(0.02)
    raise AssertionError("no worker took the request")


def test_the_database_gone_is_a_503_and_back_is_served_without_a_restart(scratch, tmp_path):
    migrate(scratch.url)
    env = {**command_env(LECTERN_VAR_DIR=str(tmp_path), LECTERN_STATIC_MANIFEST="false"), "DATABASE_URL": scratch.url,
           "LECTERN_PUBLIC_READING": "true"}
    server = Server(env, workers=2)
    try:
        server.wait_healthy()
        assert requests.get(server.url + "/", timeout=10).status_code == 200

        scratch.kill()
        for path in ("/", "/papers/1/", "/?q=diffusion"):
            page = requests.get(server.url + path, timeout=10)
            assert page.status_code == 503, path
            assert page.headers["Content-Type"].startswith("text/html") and page.headers["Retry-After"]
            assert "Lectern cannot reach its database just now" in page.text and "Traceback" not in page.text
        api = requests.get(server.url + "/api/papers/", timeout=10)
        assert api.status_code == 503 and "database" in api.json()["error"]
        health = requests.get(server.url + "/healthz", timeout=10)
        assert health.status_code == 503
        assert health.json() == {"status": "error", "database": "unavailable", "migrations": "unknown"}

        scratch.start()  # the same server again, after crash recovery; the portal is not restarted
        deadline = time.monotonic() + 30
        while requests.get(server.url + "/healthz", timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "the portal did not come back"
            time.sleep(0.2)
        assert requests.get(server.url + "/healthz", timeout=10).json() == {"status": "ok", "database": "ok", "migrations": "ok"}
        assert requests.get(server.url + "/", timeout=10).status_code == 200
        assert requests.get(server.url + "/api/papers/", timeout=10).status_code == 200
        assert os.path.exists(f"/proc/{server.process.pid}")  # the same gunicorn throughout
    finally:
        server.stop()
