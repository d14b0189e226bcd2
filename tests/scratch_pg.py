"""A PostgreSQL server of a test's own (the embedded one, in a folder of its own), to kill and start again.

The fault tests SIGKILL it, or stop it, under a running portal; the test database's
server is never touched. The folder is under var/ (a server run as root drops to the
`pgserver` user, who cannot enter pytest's private temporary folders).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg

from portal.embedded_pg import server as embedded
from tests.smtp import REPO


class ScratchServer:
    def __init__(self) -> None:
        self.pgdata = REPO / "var" / f"test-faults-{uuid.uuid4().hex[:8]}"
        self.start()

    def start(self) -> None:
        self.socket_dir = embedded.ensure_running(self.pgdata)  # creates the `lectern` database too
        self.port = embedded.status(self.pgdata).port or 5432

    @property
    def url(self) -> str:
        return f"postgresql://{embedded.SUPERUSER}@/{embedded.DATABASE_NAME}?host={quote(str(self.socket_dir), safe='/')}&port={self.port}"

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(host=str(self.socket_dir), port=self.port, user=embedded.SUPERUSER,
                               dbname=embedded.DATABASE_NAME, autocommit=True)

    def kill(self) -> None:
        """SIGKILL the postmaster and every process of the server at once: a crash, not a shutdown."""
        postmaster = embedded.status(self.pgdata).pid
        assert postmaster, "the scratch server is not running"
        pids = [postmaster, *_children(postmaster)]
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while any(psutil.pid_exists(pid) for pid in pids):  # gone and reaped, as after a real crash
            assert time.monotonic() < deadline, "the killed server's processes did not go"
            time.sleep(0.05)
        embedded._ready.pop(self.pgdata.resolve(), None)

    def stop(self) -> None:
        embedded.stop(self.pgdata)

    def remove(self) -> None:
        if embedded.status(self.pgdata).running:
            try:
                embedded.stop(self.pgdata)
            except Exception:  # a test that failed half-way may leave it in any state
                self.kill()
        shutil.rmtree(self.pgdata, ignore_errors=True)


def _children(pid: int) -> list[int]:
    return [child.pid for child in psutil.Process(pid).children(recursive=True)]


def migrate(url: str) -> None:
    """The portal's tables in the scratch database, by manage.py in its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LECTERN_TEST"))}
    done = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO,
                          env={**env, "DATABASE_URL": url}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
