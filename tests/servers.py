"""Lectern's gunicorn started by a test, as `make run` starts it, on the test database."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from tests.smtp import REPO

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str], workers: int = 1, timeout: int = 30) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(GUNICORN), "portal.wsgi", "-c", "portal/gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--timeout", str(timeout), "--no-control-socket"],
            cwd=REPO, env={**env, "LECTERN_PORT": str(self.port)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        done = subprocess.run(
            [sys.executable, str(REPO / "scripts" / "wait_for_health.py"), f"{self.url}/healthz", "--timeout", str(timeout)],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            self.stop()
            raise AssertionError(f"{self.url} did not come up: {done.stderr}\n{self.output()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        if self.process.poll() is None:
            return ""
        return self.process.stdout.read() if self.process.stdout else ""
