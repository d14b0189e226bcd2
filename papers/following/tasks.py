"""The worker's schedule: send the email digests that are due, every day at LECTERN_DIGEST_HOUR.

procrastinate (PostgreSQL is its only broker) runs this on every worker
(`python manage.py procrastinate worker`, which `make run` starts beside the web
server). Each tick (LECTERN_WORKER_TICK, every ten minutes) defers one job, once for
all workers on all machines; the job sends when the local hour (TIME_ZONE) is the
digest hour or later, so a worker that was down at the hour catches up the same day.
send_due_digests decides who is due (daily: 20 hours since the last email; weekly:
6.5 days), so ticks after the first send nothing more.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from papers.following.digests import send_due_digests


def digest_time(now=None) -> bool:
    """Whether it is the digest hour or later today, in TIME_ZONE."""
    return timezone.localtime(now or timezone.now()).hour >= settings.LECTERN_DIGEST_HOUR


@app.periodic(cron=settings.LECTERN_WORKER_TICK, periodic_id="digests")
@app.task(queue="digests", queueing_lock="send-digests")
def send_digests(timestamp: int) -> None:
    if not digest_time():
        return
    report = send_due_digests()  # logs its one line
    if report.failed:
        # The job fails so the failure shows in procrastinate's records; the next tick retries the readers.
        raise RuntimeError(f"digests not sent to {', '.join(report.failed)}")
