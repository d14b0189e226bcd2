"""Log lines without the secrets of addresses: gunicorn's access log (one readable line
per request, portal/gunicorn.conf.py) and Django's own lines ("Not Found: /feeds/…").

Some addresses carry a secret in their path: a member's feed key (/feeds/<key>/...), a
one-click unsubscribe token and a password-reset token. A log line is read by more people,
and kept longer, than the secret should be: those parts are written as "…".
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

SECRET_PARTS = [
    (re.compile(r"^(/feeds/)[^/?#]+"), r"\1…"),
    (re.compile(r"^(/following/unsubscribe/)[^/?#]+"), r"\1…"),
    (re.compile(r"^(/accounts/reset/[^/?#]+/)[^/?#]+"), r"\1…"),
]


def redact(path: str) -> str:
    for pattern, replacement in SECRET_PARTS:
        path = pattern.sub(replacement, path, count=1)
    return path


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        method, _, rest = atoms["r"].partition(" ")
        uri, _, protocol = rest.rpartition(" ")
        atoms["r"] = f"{method} {redact(uri)} {protocol}"
        atoms["U"] = redact(atoms["U"] or "")
        return atoms


class RedactPaths(logging.Filter):
    """For Django's handlers (settings.LOGGING): the same cut in a record's address arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, str) and a.startswith("/") for a in record.args):
            record.args = tuple(redact(a) if isinstance(a, str) and a.startswith("/") else a for a in record.args)
        return True
