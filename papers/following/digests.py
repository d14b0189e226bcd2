"""send_digests: email every reader whose followed searches have new papers and are due.

One email per reader and run, grouping their due searches. Never twice, never lost:
for each reader, one transaction locks the reader (SELECT … FOR UPDATE SKIP LOCKED,
so two runs at once share the readers out), works out the new papers, sends the
email, records it (DigestEmail, SentPaper) and marks the searches sent, then commits.
A run killed between two readers leaves the first one's record and nothing of the
second, so the next run sends the second once. An SMTP failure rolls that reader
back (logged, retried on the next run); the other readers are still sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from papers.following import mail, queries
from papers.following.models import DigestEmail, SavedSearch, SentPaper

logger = logging.getLogger(__name__)


@dataclass
class Report:
    emails: int = 0
    papers: int = 0
    failed: list[str] = field(default_factory=list)  # usernames whose email could not be sent

    @property
    def ok(self) -> bool:
        return not self.failed


def due_filter(now: dt.datetime) -> Q:
    """Searches whose frequency is due at `now` (never sent counts as due)."""
    due = Q(last_sent_at__isnull=True)
    for email, after in SavedSearch.DUE_AFTER.items():
        due |= Q(email=email, last_sent_at__lte=now - after)
    return ~Q(email=SavedSearch.Email.OFF) & due


def readers_due(now: dt.datetime) -> list[int]:
    """Readers with an email address and at least one search due."""
    users = SavedSearch.objects.filter(due_filter(now), user__is_active=True).exclude(user__email="")
    return sorted(set(users.values_list("user_id", flat=True)))


def send_due_digests(now: dt.datetime | None = None) -> Report:
    now = now or timezone.now()
    report = Report()
    for user_id in readers_due(now):
        try:
            sent = send_to_reader(user_id, now)
        except Exception:  # SMTP refused, timed out...: this reader next run, the others now
            logger.exception("digest for reader %s not sent; it is tried again on the next run", user_id)
            report.failed.append(get_user_model().objects.filter(pk=user_id).values_list("username", flat=True).first() or str(user_id))
            continue
        if sent is not None:
            report.emails += 1
            report.papers += sent.papers
    if report.emails or report.failed:  # one line per batch; a run with nothing due says nothing
        logger.info("digests: %d emails with %d papers sent; %d failed", report.emails, report.papers, len(report.failed))
    return report


def send_to_reader(user_id: int, now: dt.datetime) -> DigestEmail | None:
    """Send one reader their digest, in one transaction; None when another run has them or nothing is new."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update(skip_locked=True).filter(pk=user_id, is_active=True).first()
        if user is None or not user.email:
            return None  # another run is sending this reader's digest, or they left
        searches = list(SavedSearch.objects.filter(due_filter(now), user=user).order_by("name", "id"))
        sections = []
        for search in searches:
            papers, total = queries.new_papers(search)
            if papers:
                sections.append(mail.Section(search, papers, total))
        if not sections:
            return None  # nothing new: nothing sent, and the searches stay due
        message = mail.build(user, sections)
        record = DigestEmail.objects.create(
            user=user, sent_at=now, papers=sum(len(s.papers) for s in sections), message_id=message.extra_headers["Message-ID"]
        )
        SentPaper.objects.bulk_create(
            [SentPaper(search=s.search, paper=paper, email=record) for s in sections for paper in s.papers]
        )
        SavedSearch.objects.filter(pk__in=[s.search.pk for s in sections]).update(last_sent_at=now)
        message.send()  # last: a refusal rolls all of this back, and the next run tries again
    return record
