"""GET /healthz: whether this server can serve, for load balancers, `make run` and monitors.

200 {"status": "ok", "database": "ok", "migrations": "ok"} when the database answers
and no migration is pending; else 503 naming the failing part ("unavailable",
"pending", "unknown"). No login, no session, no cache; it says nothing of settings
or versions. A check that passed is not made again by this process: migrations do
not change under running code (a deploy restarts it), so only the database is
asked every time.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
_migrated = threading.Event()


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except DatabaseError:
        logger.warning("health: the database does not answer", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return False


def migrations_applied() -> bool:
    if _migrated.is_set():
        return True
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return False
    _migrated.set()
    return True


@never_cache
@require_safe
def healthz(request):
    report = {"status": "ok", "database": "ok", "migrations": "ok"}
    if not database_answers():
        report.update(status="error", database="unavailable", migrations="unknown")
    else:
        try:
            applied = migrations_applied()
        except DatabaseError:
            report.update(status="error", database="unavailable", migrations="unknown")
        else:
            if not applied:
                report.update(status="error", migrations="pending")
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
