"""send_digests as separate processes on the test database: killed half-way, two at once,
and the worker that runs it on its schedule. Each reader gets each email once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from zoneinfo import ZoneInfo

import pytest

from papers.following import services
from papers.following.models import DigestEmail
from papers.services.importing import import_digest
from tests.digests import page_copy, papers_by_date
from tests.smtp import command_env, manage, smtp  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
DAY = "2025-09-30"
ROWS = papers_by_date()[DAY]


@pytest.fixture
def readers(django_user_model):
    """Six readers following a search, and a digest with new papers for all of them."""
    users = [
        django_user_model.objects.create_user(f"reader{i}", email=f"reader{i}@example.org", password="x")
        for i in range(6)
    ]
    for user in users:
        services.follow(user, "q=model", "Models")
    import_digest(page_copy(ROWS, DAY).encode(), filename="d.txt", today=dt.date.fromisoformat(DAY))
    return users


def addresses(smtp):
    return sorted(m["To"] for m in smtp.messages)


def test_a_run_killed_between_two_readers_is_finished_by_the_next_with_no_second_copy(smtp, readers):
    env = command_env(smtp.port)
    process = manage("send_digests", env=env)

    def kill_on_the_third(number):
        if number == 2:  # two readers sent and committed; the third is being sent
            os.kill(process.pid, signal.SIGKILL)
            return "451 4.3.0 try again later"
        return None

    smtp.on_data = kill_on_the_third
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert len(smtp.messages) == 2 and DigestEmail.objects.count() == 2
    smtp.on_data = None
    rerun = manage("send_digests", env=env)
    out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err
    assert "sent 4 emails" in out
    assert addresses(smtp) == sorted(u.email for u in readers)  # each once


def test_two_runs_started_together_send_each_email_once(smtp, readers):
    smtp.delay = 0.3  # a slow server: the runs overlap and must share the readers out
    env = command_env(smtp.port)
    first, second = manage("send_digests", env=env), manage("send_digests", env=env)
    outputs = [p.communicate(timeout=90) for p in (first, second)]
    assert first.returncode == second.returncode == 0, outputs
    assert addresses(smtp) == sorted(u.email for u in readers)
    sent = [int(out.split()[1]) for out, _ in outputs]
    assert sum(sent) == 6 and all(n > 0 for n in sent), outputs  # both did some of the work


def test_the_worker_sends_the_digests_on_its_own_at_the_digest_hour(smtp, readers):
    """The worker started as `make run` starts it; its clock ticks every second here."""
    env = command_env(smtp.port, LECTERN_WORKER_TICK="* * * * * *", LECTERN_DIGEST_HOUR="0")
    worker = manage("procrastinate", "worker", env=env)
    try:
        deadline = time.monotonic() + 60
        while len(smtp.messages) < 6 and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
        time.sleep(3)  # more ticks: nothing more goes out
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert addresses(smtp) == sorted(u.email for u in readers), err[-2000:]


def zone_before(hour: int) -> str:
    """A time zone whose clock now reads before `hour`, whatever the time of day."""
    now = dt.datetime.now(dt.timezone.utc)
    for offset in range(-12, 13):
        zone = "Etc/GMT" + ("" if offset == 0 else f"{'-' if offset > 0 else '+'}{abs(offset)}")  # POSIX signs
        if now.astimezone(ZoneInfo(zone)).hour < hour:
            return zone
    raise AssertionError("every zone is past the hour")


def test_before_the_digest_hour_the_worker_sends_nothing(smtp, readers):
    env = command_env(smtp.port, LECTERN_WORKER_TICK="* * * * * *", LECTERN_DIGEST_HOUR="23", TIME_ZONE=zone_before(22))
    worker = manage("procrastinate", "worker", env=env)
    time.sleep(8)
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=30)
    assert smtp.messages == []
