"""The logs a person reads: one line per request from gunicorn (with the secrets of feed,
unsubscribe and password-reset addresses cut), and one line per import, email batch and
fetch with its counts."""

from __future__ import annotations

import logging
import re

import pytest
import requests

from papers.following import services
from papers.following.digests import send_due_digests
from papers.services.importing import import_digest
from papers.sources import fetching
from portal.logs import redact
from tests.digests import API_FILES, SEED
from tests.followers import ROWS, ada, import_page  # noqa: F401 (fixtures)
from tests.servers import Server
from tests.smtp import command_env, smtp  # noqa: F401 (fixture)
from tests.web import Answer, web  # noqa: F401 (fixture)

ACCESS_LINE = re.compile(r'^127\.0\.0\.1 "(?P<method>[A-Z]+) (?P<uri>\S+) HTTP/1\.1" (?P<status>\d{3}) \d+ B \d+ ms "(?P<agent>[^"]*)"$')


def lines(caplog, logger: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger]


@pytest.mark.django_db
def test_an_import_is_one_line_with_its_counts(caplog):
    caplog.set_level(logging.INFO, logger="papers.services.importing")
    first = import_digest(SEED.read_bytes(), filename="sample.txt")
    import_digest(SEED.read_bytes(), filename="sample-again.txt")
    import_digest(b"nothing here", filename="empty.txt")
    found = lines(caplog, "papers.services.importing")
    assert found[0] == f"import #{first.run.pk} sample.txt (command): imported; 72 papers read, 72 new, 0 known; 0 errors, 0 warnings"
    assert found[1].startswith(f"import #{first.run.pk + 1} sample-again.txt (command): already-imported; 72 papers read, 0 new, 0 known")
    assert re.match(r"import #\d+ empty\.txt \(command\): invalid; 0 papers read, 0 new, 0 known; [1-9]\d* errors", found[2])
    assert len(found) == 3


@pytest.mark.django_db
def test_an_email_batch_is_one_line_and_a_run_with_nothing_due_is_silent(smtp, ada, caplog):
    caplog.set_level(logging.INFO, logger="papers.following.digests")
    services.follow(ada, "q=reasoning", "Reasoning")
    import_page(ROWS)
    report = send_due_digests()
    assert report.emails == 1 and report.papers > 0
    assert lines(caplog, "papers.following.digests") == [f"digests: 1 emails with {report.papers} papers sent; 0 failed"]
    send_due_digests()
    assert len(lines(caplog, "papers.following.digests")) == 1


@pytest.mark.django_db
def test_a_fetch_is_one_line_with_what_it_did(web, settings, caplog):
    import datetime as dt

    settings.LECTERN_HF_API_URL = f"{web.url}/api/daily_papers"
    settings.LECTERN_FETCH_BACKOFF_MS = 10
    caplog.set_level(logging.INFO, logger="papers.sources.fetching")
    web.route("/api/daily_papers?date=2026-06-01", Answer(200, API_FILES[1].read_bytes(), {"Content-Type": "application/json"}))
    web.route("/api/daily_papers?date=2026-06-02", Answer(404, b"no", {}), Answer(404, b"no", {}), Answer(404, b"no", {}))
    fetching.fetch_hf(dt.date(2026, 6, 1))
    fetching.fetch_hf(dt.date(2026, 6, 2))
    url = f"{web.url}/api/daily_papers?date=2026-06-0"
    (imported, failed) = [r for r in caplog.records if r.name == "papers.sources.fetching"]
    assert imported.levelno == logging.INFO
    assert imported.getMessage() == f"fetch {url}1: imported; 49 papers, 49 new, 0 known"
    assert failed.levelno == logging.WARNING and failed.getMessage().startswith(f"fetch {url}2: failed; ")


def test_secret_parts_of_addresses_are_cut():
    assert redact("/feeds/abc.def/searches/3/?x=1") == "/feeds/…/searches/3/?x=1"
    assert redact("/following/unsubscribe/tok-en_1/") == "/following/unsubscribe/…/"
    assert redact("/accounts/reset/MQ/set-password/") == "/accounts/reset/MQ/…/"
    assert redact("/accounts/reset/MQ/c9x-1a2b3c/") == "/accounts/reset/MQ/…/"
    assert redact("/papers/12/?q=feeds") == "/papers/12/?q=feeds"


@pytest.mark.django_db(transaction=True)
def test_gunicorn_writes_one_readable_line_per_request_without_secrets(tmp_path):
    server = Server(command_env(LECTERN_VAR_DIR=str(tmp_path), LECTERN_STATIC_MANIFEST="false"))
    try:
        server.wait_healthy()
        secret = "k3y-0f-a-m3mb3r.s1gn4tur3"
        asked = [
            ("/healthz", 200),
            ("/accounts/login/?next=/team/", 200),
            (f"/feeds/{secret}/latest/", 404),
            (f"/following/unsubscribe/{secret}/", 404),
        ]
        for path, status in asked:
            assert requests.get(server.url + path, headers={"User-Agent": "log-test/1"}, timeout=10).status_code == status
    finally:
        server.stop()
    output = server.output()
    assert secret not in output
    access = [m for m in map(ACCESS_LINE.match, output.splitlines()) if m and m["agent"] == "log-test/1"]
    assert [(m["method"], m["uri"], int(m["status"])) for m in access] == [
        ("GET", "/healthz", 200),
        ("GET", "/accounts/login/?next=/team/", 200),
        ("GET", "/feeds/…/latest/", 404),
        ("GET", "/following/unsubscribe/…/", 404),
    ]
