"""Fetching on the worker's schedule: off by default; from LECTERN_FETCH_HOUR, the Hugging
Face days before today and the arXiv categories configured, each address once a day
(again an hour after a failure); the worker itself, and a fetch killed half-way."""

from __future__ import annotations

import datetime as dt
import signal
import time
from zoneinfo import ZoneInfo

import pytest

from django.db.models import F

from papers.models import Digest, ImportRun, Paper
from papers.sources.models import FetchedSource
from papers.sources.tasks import fetch_due_sources
from tests.arxiv_feeds import rss
from tests.digests import API_FILES, papers_by_date
from tests.smtp import command_env, manage
from tests.test_digest_runs import zone_before
from tests.web import Answer, web  # noqa: F401 (fixture)

FEED_DAY = "2026-05-19"
ROWS = papers_by_date()[FEED_DAY]


def days_back(n: int) -> str:
    from django.utils import timezone

    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def time_passes(delta: dt.timedelta) -> None:
    """As if the last fetches were `delta` earlier (the schedule compares them with now)."""
    FetchedSource.objects.update(checked_at=F("checked_at") - delta)


def zone_at_midday() -> str:
    """A time zone whose clock now reads 10:00-13:59: an hour earlier is the same day there."""
    now = dt.datetime.now(dt.timezone.utc)
    for offset in range(-12, 13):
        zone = "Etc/GMT" + ("" if offset == 0 else f"{'-' if offset > 0 else '+'}{abs(offset)}")  # POSIX signs
        if 10 <= now.astimezone(ZoneInfo(zone)).hour < 14:
            return zone
    raise AssertionError("no zone at midday")


@pytest.fixture
def scheduled(web, settings):
    settings.TIME_ZONE = zone_at_midday()
    settings.LECTERN_FETCH_HOUR = 0
    settings.LECTERN_FETCH_HF = True
    settings.LECTERN_FETCH_ARXIV = ["cs.LG"]
    settings.LECTERN_HF_API_URL = f"{web.url}/hf"
    settings.LECTERN_ARXIV_RSS_URL = f"{web.url}/rss/"
    settings.LECTERN_FETCH_RETRIES = 0
    web.route(f"/hf?date={days_back(1)}", Answer(200, API_FILES[0].read_bytes()))  # real papers (of another day)
    web.route(f"/hf?date={days_back(2)}", Answer(200, b"[]"))  # a day without papers
    web.route(f"/hf?date={days_back(3)}", Answer(503, b"down"), Answer(200, b"[]"))  # fails once
    web.route("/rss/cs.LG", Answer(200, rss(ROWS[:4], FEED_DAY).encode()))
    return web


def results(outcomes) -> list[tuple[str, str]]:
    return sorted((o.url.rsplit("/", 1)[-1], o.result) for o in outcomes)


@pytest.mark.django_db
def test_off_by_default(web, settings):
    assert settings.LECTERN_FETCH_HF is False and settings.LECTERN_FETCH_ARXIV == []
    assert fetch_due_sources() == [] and not web.requests


@pytest.mark.django_db
def test_before_the_hour_nothing_is_fetched(scheduled, settings):
    settings.LECTERN_FETCH_HOUR = 23
    settings.TIME_ZONE = zone_before(23)
    assert fetch_due_sources() == [] and not scheduled.requests


@pytest.mark.django_db
def test_each_address_once_a_day_and_a_failure_again_an_hour_later(scheduled):
    hf = [f"hf?date={days_back(n)}" for n in (1, 2, 3)]
    assert results(fetch_due_sources()) == sorted(
        [("cs.LG", "imported"), (hf[0], "imported"), (hf[1], "nothing-new"), (hf[2], "failed")]
    )
    assert Digest.objects.count() == 2
    assert fetch_due_sources() == []  # the next tick: nothing is due
    time_passes(dt.timedelta(minutes=61))
    assert results(fetch_due_sources()) == [(hf[2], "nothing-new")]  # only the failure, an hour on
    time_passes(dt.timedelta(days=1))
    # The imported day is not downloaded again; the others are asked again (papers may have come).
    assert results(fetch_due_sources()) == sorted(
        [("cs.LG", "already-imported"), (hf[0], "already-imported"), (hf[1], "nothing-new"), (hf[2], "nothing-new")]
    )
    assert len(scheduled.asked(f"/{hf[0]}")) == 1
    assert Digest.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_fetches_on_its_own(web):
    web.route("/rss/cs.LG", Answer(200, rss(ROWS[:4], FEED_DAY).encode()))
    env = command_env(
        LECTERN_WORKER_TICK="* * * * * *", LECTERN_FETCH_HOUR="0", LECTERN_FETCH_ARXIV="cs.LG",
        LECTERN_ARXIV_RSS_URL=f"{web.url}/rss/",
    )
    worker = manage("procrastinate", "worker", env=env)
    try:
        deadline = time.monotonic() + 60
        while not ImportRun.objects.exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
        time.sleep(3)  # more ticks: the feed is not asked again today
    finally:
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=30)
    run = ImportRun.objects.get()
    assert (run.status, run.source, run.papers_new) == ("imported", "fetch", 4), err[-2000:]
    assert len(web.asked("/rss/cs.LG")) == 1


@pytest.mark.django_db(transaction=True)
def test_a_fetch_killed_half_way_and_run_again_imports_once(web):
    feed = rss(ROWS[:4], FEED_DAY).encode()
    web.route("/rss/cs.LG", Answer(200, feed, delay=30), Answer(200, feed))
    env = command_env(LECTERN_ARXIV_RSS_URL=f"{web.url}/rss/")
    first = manage("fetch_digest", "arxiv", "cs.LG", env=env)
    deadline = time.monotonic() + 30
    while not web.asked("/rss/cs.LG") and time.monotonic() < deadline:
        time.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert not ImportRun.objects.exists() and not Paper.objects.exists()
    again = manage("fetch_digest", "arxiv", "cs.LG", env=env)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    third = manage("fetch_digest", "arxiv", "cs.LG", env=env)
    out3, err3 = third.communicate(timeout=60)
    assert "already-imported" in out3, (out3, err3)
    assert Paper.objects.count() == 4 and ImportRun.objects.filter(status="imported").count() == 1
