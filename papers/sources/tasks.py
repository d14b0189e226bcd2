"""The worker's fetching schedule, off unless configured (the portal works offline).

Each tick (LECTERN_WORKER_TICK) from LECTERN_FETCH_HOUR on, in TIME_ZONE:
- LECTERN_FETCH_HF=true: the Hugging Face daily papers of the three days before today
  (a day's list is complete the next morning; three days catch up after a worker was
  down). A day imported from its address is never downloaded again.
- LECTERN_FETCH_ARXIV=cs.LG,cs.CL: each category's RSS.
An address is asked once a day after it answered (a 304, a list with no papers, an
import) and again an hour after a failure, so most ticks do nothing and send nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from papers.sources.fetching import FetchOutcome, arxiv_url, fetch_arxiv, fetch_hf, hf_url
from papers.sources.models import FetchedSource

logger = logging.getLogger(__name__)
HF_DAYS = 3
RETRY_AFTER_FAILURE = dt.timedelta(hours=1)


def due(url: str, now: dt.datetime) -> bool:
    state = FetchedSource.objects.filter(url=url).first()
    if state is None or state.checked_at is None:
        return True
    if not state.ok:
        return now - state.checked_at >= RETRY_AFTER_FAILURE
    return timezone.localtime(state.checked_at).date() < timezone.localtime(now).date()


def fetch_due_sources(now: dt.datetime | None = None) -> list[FetchOutcome]:
    """Fetch what is due now. A fetch that raises (the import itself failed) is logged and
    the others still run; the job then fails, so procrastinate records it."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < settings.LECTERN_FETCH_HOUR:
        return []
    jobs = []
    if settings.LECTERN_FETCH_HF:
        today = timezone.localtime(now).date()
        for back in range(1, HF_DAYS + 1):
            day = today - dt.timedelta(days=back)
            jobs.append((hf_url(day), lambda day=day: fetch_hf(day)))
    for category in settings.LECTERN_FETCH_ARXIV:
        jobs.append((arxiv_url(category), lambda category=category: fetch_arxiv(category)))
    done, broken = [], []
    for url, job in jobs:
        if not due(url, now):
            continue
        try:
            done.append(job())
        except Exception:
            logger.exception("fetch %s failed", url)
            broken.append(url)
    if broken:
        raise FetchJobError(f"fetches failed: {', '.join(broken)}", done)
    return done


class FetchJobError(RuntimeError):
    def __init__(self, message: str, done: list[FetchOutcome]):
        super().__init__(message)
        self.done = done


@app.periodic(cron=settings.LECTERN_WORKER_TICK, periodic_id="fetch-sources")
@app.task(queue="sources", queueing_lock="fetch-sources")
def fetch_sources(timestamp: int) -> None:
    if not settings.LECTERN_FETCH_HF and not settings.LECTERN_FETCH_ARXIV:
        return
    try:
        outcomes = fetch_due_sources()
    except FetchJobError as error:
        outcomes = error.done
        _log(outcomes)
        raise
    _log(outcomes)


def _log(outcomes: list[FetchOutcome]) -> None:
    for outcome in outcomes:
        level = logging.INFO if outcome.ok else logging.WARNING
        logger.log(level, "fetch %s: %s: %s", outcome.url, outcome.result, outcome.message)
