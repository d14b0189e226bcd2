"""python manage.py api_token USERNAME [--name NAME]: a new API token; its key is the last line."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from papers.api import tokens


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (shown once; Lectern keeps only its hash)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for (default: 'command line' and the time)")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"{username} is disabled: a token of theirs would not work")
        name = name or f"command line {timezone.localtime():%Y-%m-%d %H:%M:%S}"
        try:
            token, key = tokens.create_token(user, name)
        except tokens.TokenError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"Token “{token.name}” for {username}; its key is below and is not shown again.")
        self.stdout.write(key)
