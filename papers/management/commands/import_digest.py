"""python manage.py import_digest PATH [PATH ...] [--date YYYY-MM-DD] [--dry-run]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from papers.models import ImportRun
from papers.services.importing import ImportOutcome, first_line, import_digest


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date takes a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Import digest files (digest text, copied page text or API JSON). Each file imports whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--date", type=iso_date, help="the digest's date (YYYY-MM-DD), whatever the file says")
        parser.add_argument("--dry-run", action="store_true", help="parse and compare, store nothing")

    def handle(self, *args, paths: list[Path], date: dt.date | None, dry_run: bool, **options):
        failed = 0
        for path in paths:
            try:
                data = self._read(path)
            except CommandError as exc:
                self.stderr.write(f"{path}: {exc}")
                failed += 1
                continue
            try:
                outcome = import_digest(data, filename=path.name, digest_date=date, dry_run=dry_run)
            except (OperationalError, InterfaceError) as exc:
                # The files after this one would fail the same way: stop here.
                raise CommandError(
                    f"{path}: NOT imported: Lectern lost its connection to the database ({first_line(exc)}); "
                    "nothing of it was stored. Import it again once the database answers."
                ) from exc
            self._report(path, outcome, dry_run)
            failed += not outcome.ok
        if failed:
            raise CommandError(f"{failed} of {len(paths)} file(s) not imported")

    def _read(self, path: Path) -> bytes:
        if not path.is_file():
            raise CommandError("no such file")
        size = path.stat().st_size
        if size > settings.LECTERN_MAX_UPLOAD_BYTES:
            raise CommandError(
                f"the file is {size / 2**20:.1f} MB, over the {settings.LECTERN_MAX_UPLOAD_MB} MB limit "
                "(LECTERN_MAX_UPLOAD_MB)"
            )
        return path.read_bytes()

    def _report(self, path: Path, outcome: ImportOutcome, dry_run: bool) -> None:
        plan, result = outcome.plan, outcome.plan.result
        out = self.stdout if outcome.ok else self.stderr
        verdict = {
            ImportRun.Status.IMPORTED: "would import" if dry_run else "imported",
            ImportRun.Status.ALREADY_IMPORTED: "already imported",
            ImportRun.Status.INVALID: "NOT imported: invalid file",
            ImportRun.Status.FAILED: "NOT imported: failed",
        }[outcome.status]
        out.write(f"{path}: {verdict}")
        out.write(f"  format:        {result.format.label if result.format else 'unknown'}")
        when = result.digest_date.isoformat() if result.digest_date else "unknown"
        if result.date_text and not result.date_has_year and result.digest_date:
            when += f" (written {result.date_text!r}, no year)"
        out.write(f"  digest date:   {when}")
        out.write(f"  papers found:  {len(result.papers)}")
        if outcome.status == ImportRun.Status.ALREADY_IMPORTED and plan.already_imported:
            earlier = plan.already_imported
            who = earlier.by
            out.write(f"  already imported on {earlier.started_at:%Y-%m-%d %H:%M} by {who}; nothing changed")
        else:
            out.write(f"  new:           {plan.new_count}")
            out.write(f"  already known: {plan.known_count}")
        out.write(f"  problems:      {len(result.problems)}")
        for problem in result.problems:
            out.write(f"    {problem.severity.value}: {problem}")
