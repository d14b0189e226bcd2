"""python manage.py send_digests: email every reader whose followed searches have new papers and are due.

Prints how many emails and papers it sent; exits non-zero when an email could not be
sent (that reader is tried again on the next run; the others were sent). The worker
runs the same service on its schedule (papers.following.tasks).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from papers.following.digests import send_due_digests


class Command(BaseCommand):
    help = "Email the new papers of every followed search that is due (daily, weekly)."

    def handle(self, *args, **options):
        report = send_due_digests()
        self.stdout.write(
            f"sent {report.emails} email{'s' if report.emails != 1 else ''} "
            f"with {report.papers} paper{'s' if report.papers != 1 else ''}"
        )
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} email(s) not sent, tried again on the next run: {', '.join(report.failed)}"
            )
