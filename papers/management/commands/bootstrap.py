"""First-run setup called by `make run`: idempotent, safe to run on every start."""

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from papers.models import Paper
from papers.services.importing import import_digest

ADMIN_USERNAME = "admin"
# The real sample digest (72 papers, "Mar 12"), shipped so a fresh clone has something to read.
SAMPLE_DIGEST = Path(__file__).resolve().parents[2] / "sample" / "sample-digest.txt"


class Command(BaseCommand):
    help = "Create the initial administrator and import the sample digest, once each."

    def add_arguments(self, parser):
        parser.add_argument("--no-sample", action="store_true", help="do not import the sample digest")

    def handle(self, *args, no_sample=False, **options):
        self.ensure_admin()
        if not no_sample:
            self.ensure_papers()

    def ensure_papers(self) -> None:
        """Import the sample digest when the portal holds no papers at all."""
        if Paper.objects.exists():
            return
        outcome = import_digest(SAMPLE_DIGEST.read_bytes(), filename=SAMPLE_DIGEST.name)
        if outcome.ok:
            self.stdout.write(
                f"Imported the sample digest: {len(outcome.plan.result.papers)} papers "
                f"({outcome.plan.result.digest_date:%b %d, %Y})."
            )
        else:
            self.stderr.write(f"The sample digest was not imported: {outcome.plan.result.problems}")

    def ensure_admin(self) -> None:
        User = get_user_model()
        with transaction.atomic():
            if User.objects.filter(is_superuser=True).exists():
                return
            if User.objects.filter(username=ADMIN_USERNAME).exists():
                self.stderr.write(
                    f"No superuser exists but user {ADMIN_USERNAME!r} does; not touching it. "
                    "Create one with `python manage.py createsuperuser`."
                )
                return
            password = secrets.token_urlsafe(15)
            User.objects.create_superuser(ADMIN_USERNAME, email="", password=password)
        self._print_box(
            [
                "Lectern administrator account created.",
                "",
                f"  username: {ADMIN_USERNAME}",
                f"  password: {password}",
                "",
                "This password is shown ONLY ONCE. Log in at /admin/ and change it.",
            ]
        )

    def _print_box(self, lines: list[str]) -> None:
        width = max(len(line) for line in lines)
        border = "+" + "-" * (width + 2) + "+"
        self.stdout.write(border)
        for line in lines:
            self.stdout.write(f"| {line:<{width}} |")
        self.stdout.write(border)
