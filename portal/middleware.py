"""A database that does not answer is a 503 with a plain message, not a traceback.

While PostgreSQL is down or unreachable every page would fail with a 500; this
middleware answers 503 instead (JSON under /api/), with Retry-After, and logs one
line. Nothing is kept: each request connects afresh, so the portal works again as
soon as the database is back, without a restart.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.views import defaults

logger = logging.getLogger("portal.database")
MESSAGE = "Lectern cannot reach its database just now. Try again in a minute."
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lectern is unavailable</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>Temporarily unavailable</h1><p>{MESSAGE}</p></body></html>
"""


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        """A view's database error (DEBUG or not)."""
        if isinstance(exc, (OperationalError, InterfaceError)):
            return unavailable(request, exc)
        return None


def server_error(request):
    """handler500: an error raised outside the views (a middleware saving the session)
    is the same 503 when it is the database's; any other error is the plain 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        return unavailable(request, exc)
    return defaults.server_error(request)


def unavailable(request, exc) -> HttpResponse:
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    logger.error("database unavailable: %s %s: %s", request.method, request.path, first_line)
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": MESSAGE}, status=503)
    else:
        response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
