"""First-run setup called by `make run`: idempotent, safe to run on every start."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the initial administrator (once) and other first-run data."

    def handle(self, *args, **options):
        self.ensure_admin()

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
