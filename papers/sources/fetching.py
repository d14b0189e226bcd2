"""Fetch a digest and import it: the Hugging Face daily papers of a day, or arXiv's RSS of
a category. One function per source; both go through `_fetch`, which

- takes a PostgreSQL advisory lock on the address, so two fetches of it never overlap;
- does nothing for a day already imported from that address once the day was over (an
  undone import aside; a list fetched during its own day may still grow);
- asks the server conditionally (ETag / Last-Modified) and takes 304 as "nothing new";
- treats a list of no papers (a day without any, a weekend's feed) as nothing to do;
- records a fetch that got no file as a failed import run with the reason;
- imports everything else through the importer, recorded with the source URL, so a
  fetch killed half-way and run again imports once (the import is one transaction).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from papers.models import ImportRun
from papers.parsing import parse_digest
from papers.services.importing import import_digest, record_failed_fetch
from papers.sources import http
from papers.sources.models import FetchedSource

JSON = "application/json"
logger = logging.getLogger(__name__)
FEEDS = "application/rss+xml, application/atom+xml;q=0.9, application/xml;q=0.8, */*;q=0.1"


@dataclass
class FetchOutcome:
    url: str
    result: str  # imported, already-imported, not-modified, nothing-new, busy, invalid, failed
    message: str
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return self.result not in ("invalid", "failed")


def hf_url(day: dt.date) -> str:
    return f"{settings.LECTERN_HF_API_URL}?date={day.isoformat()}"


def arxiv_url(category: str) -> str:
    return settings.LECTERN_ARXIV_RSS_URL.rstrip("/") + "/" + category


def fetch_hf(day: dt.date, *, user=None) -> FetchOutcome:
    """The Hugging Face daily papers of `day`, as one digest of that day."""
    return _fetch(hf_url(day), filename=f"hf-daily-papers-{day.isoformat()}.json", day=day, accept=JSON, user=user)


def fetch_arxiv(category: str, *, user=None) -> FetchOutcome:
    """arXiv's latest announcement in `category` (its RSS): the new and cross-listed papers."""
    return _fetch(arxiv_url(category), filename=f"arxiv-{category}.xml", day=None, accept=FEEDS, user=user)


def _fetch(url: str, *, filename: str, day: dt.date | None, accept: str, user) -> FetchOutcome:
    outcome = _fetch_once(url, filename=filename, day=day, accept=accept, user=user)
    # One line per fetch; an import that raised was logged by the importer.
    logger.log(logging.INFO if outcome.ok else logging.WARNING, "fetch %s: %s; %s", url, outcome.result, outcome.message)
    return outcome


def _fetch_once(url: str, *, filename: str, day: dt.date | None, accept: str, user) -> FetchOutcome:
    with _exclusive(url) as mine:
        if not mine:
            return FetchOutcome(url, "busy", "another fetch of this address is running; nothing done")
        if day is not None and (earlier := _imported(url, day, grows=True)):
            _remember(url, ok=True, outcome="already imported")
            return _already(url, earlier)
        state = FetchedSource.objects.filter(url=url).first()
        try:
            fetched = http.get(
                url, etag=state.etag if state else "", last_modified=state.last_modified if state else "", accept=accept
            )
        except http.FetchError as error:
            run = record_failed_fetch(url=url, filename=filename, reason=str(error), user=user, digest_date=day)
            _remember(url, ok=False, outcome=f"failed: {error}")
            return FetchOutcome(url, "failed", str(error), run)
        if fetched.not_modified:
            _remember(url, ok=True, outcome="not modified")
            return FetchOutcome(url, "not-modified", "not changed since the last fetch; nothing to do")
        result = parse_digest(fetched.data, filename=filename, digest_date=day)
        if result.listed_nothing:
            what = "no papers listed for that day (yet)" if day else "the feed announces no new papers today"
            _remember(url, fetched, ok=True, outcome=what)
            return FetchOutcome(url, "nothing-new", what)
        if day is None and result.digest_date is not None:
            if earlier := _imported(url, result.digest_date):
                _remember(url, fetched, ok=True, outcome="already imported")
                return _already(url, earlier)
            stem, _, ext = filename.rpartition(".")
            filename = f"{stem}-{result.digest_date.isoformat()}.{ext}"
        try:
            outcome = import_digest(
                fetched.data, filename=filename, user=user, source=ImportRun.Source.FETCH, digest_date=day, source_url=url
            )
        except Exception:
            _remember(url, ok=False, outcome="failed: the import failed (see the server's log)")
            raise
        _remember(url, fetched, ok=True, outcome=outcome.status)
        run = outcome.run
        if outcome.status == ImportRun.Status.INVALID:
            return FetchOutcome(url, "invalid", f"the file is not a digest Lectern can read ({len(result.errors)} errors)", run)
        if outcome.status == ImportRun.Status.ALREADY_IMPORTED:
            return FetchOutcome(url, "already-imported", "the same file was imported before; nothing changed", run)
        message = f"{run.papers_found} papers, {run.papers_new} new, {run.papers_known} known"
        if day is not None and day >= timezone.localdate():
            message += "; the day's list may still grow: fetch it again tomorrow"
        return FetchOutcome(url, "imported", message, run)


def _imported(url: str, day: dt.date, *, grows: bool = False) -> ImportRun | None:
    """The import of `day` from this address. A list that `grows` during its day (the
    daily papers) counts only when it was fetched once the day was over, in TIME_ZONE."""
    runs = ImportRun.objects.filter(source_url=url, digest_date=day, status=ImportRun.Status.IMPORTED)
    for run in runs.select_related("user").order_by("-started_at"):
        if not grows or timezone.localtime(run.started_at).date() > day:
            return run
    return None


def _already(url: str, earlier: ImportRun) -> FetchOutcome:
    when = timezone.localtime(earlier.started_at)
    return FetchOutcome(
        url, "already-imported", f"{earlier.digest_date} was imported on {when:%Y-%m-%d %H:%M} (import #{earlier.pk}); nothing changed", earlier
    )


def _remember(url: str, fetched: http.Fetched | None = None, *, ok: bool, outcome: str) -> None:
    values = {"checked_at": timezone.now(), "ok": ok, "outcome": outcome[:300]}
    if fetched is not None and not fetched.not_modified:
        values.update(etag=fetched.etag[:500], last_modified=fetched.last_modified[:100])
    FetchedSource.objects.update_or_create(url=url[:1000], defaults=values)


def _lock_key(url: str) -> int:
    return int.from_bytes(hashlib.sha256(f"lectern-fetch:{url}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def _exclusive(url: str):
    """A session-level advisory lock on the address: True when this process holds it."""
    key = _lock_key(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (mine,) = cursor.fetchone()
    try:
        yield mine
    finally:
        if mine:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
