"""Inspect or control the embedded PostgreSQL server (used when DATABASE_URL is unset)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.embedded_pg import server


class Command(BaseCommand):
    help = "Show status of, stop or start the embedded PostgreSQL server."
    # Must not touch the database: `stop` would otherwise start it first.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "stop", "start"])

    def handle(self, *args, action, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "portal.embedded_pg":
            raise CommandError(
                "DATABASE_URL is set: the app uses an external PostgreSQL server, "
                "not the embedded one."
            )
        pgdata = db["PGDATA"]
        if action == "stop":
            if server.stop(pgdata):
                self.stdout.write(self.style.SUCCESS(f"Stopped embedded PostgreSQL ({pgdata})."))
            else:
                self.stdout.write(f"Embedded PostgreSQL is not running ({pgdata}).")
            return
        if action == "start":
            server.ensure_running(pgdata)
        self._print_status(server.status(pgdata))

    def _print_status(self, st):
        state = self.style.SUCCESS("running") if st.running else self.style.WARNING("stopped")
        rows = [
            ("status", state),
            ("pid", st.pid if st.pid is not None else "-"),
            ("data dir", st.pgdata),
            ("socket dir", st.socket_dir or "-"),
            ("version", st.version or "not initialised"),
            ("uri", st.uri or "-"),
        ]
        for label, value in rows:
            self.stdout.write(f"{label + ':':<12} {value}")
