"""A real SMTP server in the test process (aiosmtpd on 127.0.0.1), and commands run as
separate processes against the test database, for the email digest tests."""

from __future__ import annotations

import email
import email.policy
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parent.parent


class Mailbox:
    """What the server accepted. `refuse` holds addresses it answers 550 for; `on_data`,
    called with the message's number before it is accepted, may return a refusal."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self.on_data = None
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # a slow server: runs started together overlap
        with self.lock:
            refusal = self.on_data(len(self.messages)) if self.on_data else None
            if refusal:
                return refusal
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(message)
        return "250 2.0.0 accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A running SMTP server; the portal's mail settings point at it."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    box.port = controller.port
    yield box
    controller.stop()


def command_env(port: int | None = None, **extra: str) -> dict[str, str]:
    """The environment for a manage.py process that uses the test database (and the test
    SMTP server on `port`, when given)."""
    from django.db import connection

    params = connection.get_connection_params()
    url = "postgresql://{user}:{password}@/{name}?host={host}&port={port}".format(
        user=quote(params.get("user") or "", safe=""),
        password=quote(params.get("password") or "", safe=""),
        name=quote(params["dbname"], safe=""),
        host=quote(str(params.get("host") or ""), safe="/"),
        port=params.get("port") or 5432,
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "LECTERN_TEST"))}
    env.update(DATABASE_URL=url, LECTERN_BASE_URL="http://testserver", **extra)
    if port is not None:
        env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_USE_TLS="false")
    return env


def manage(*args: str, env: dict[str, str], timeout: int = 60) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
