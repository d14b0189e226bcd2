"""python manage.py backup [PATH]: a consistent dump of the whole database (pg_dump, custom format)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Dump the whole database (PostgreSQL custom format) to PATH, or to a dated file in PATH "
        "when it is a folder (default: var/backups/). The portal may keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="a file, or a folder for a dated file")

    def handle(self, *args, path: Path | None, **options):
        path = path or settings.VAR_DIR / "backups"
        if path.suffix == "" and not path.exists():
            path.mkdir(parents=True)
        try:
            written = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = written.stat().st_size
        self.stdout.write(f"{written} ({size / 2**20:.1f} MB)" if size >= 2**20 else f"{written} ({size / 1024:.0f} kB)")
