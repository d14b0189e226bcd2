"""Parse a ``DATABASE_URL`` into a Django ``DATABASES`` entry (PostgreSQL only).

Accepted forms (libpq URI style)::

    postgresql://user:secret@db.example.org:5432/lectern?sslmode=require
    postgres://user@/lectern?host=/var/run/postgresql
    postgresql://%2Fvar%2Frun%2Fpostgresql/lectern

User, password, host and database name are percent-decoded.  The query
parameters ``host``, ``port``, ``user``, ``password`` and ``dbname`` override
the corresponding URL parts; every other parameter (``sslmode``,
``connect_timeout``, ``application_name``, ...) is passed to psycopg through
``OPTIONS``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

POSTGRES_SCHEMES = frozenset({"postgres", "postgresql"})
ENGINE = "django.db.backends.postgresql"


def _fail(message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"DATABASE_URL: {message}")


def parse_database_url(url: str) -> dict[str, Any]:
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. malformed IPv6 brackets
        raise _fail(f"cannot parse URL ({exc}).") from None

    scheme = parts.scheme.lower()
    if scheme not in POSTGRES_SCHEMES:
        shown = scheme or "(none)"
        raise _fail(
            f"unsupported scheme {shown!r}; Lectern only runs on PostgreSQL "
            "(use postgres:// or postgresql://)."
        )

    # urlsplit().hostname lower-cases and strips IPv6 brackets; keep the raw
    # host so percent-encoded socket paths survive.
    netloc_host = parts.netloc.rpartition("@")[2]
    if netloc_host.startswith("["):
        host = netloc_host[1 : netloc_host.find("]")]
    else:
        host = unquote(netloc_host.partition(":")[0])

    try:
        port: int | None = parts.port
    except ValueError:
        raise _fail("port must be an integer between 0 and 65535.") from None

    config: dict[str, Any] = {
        "ENGINE": ENGINE,
        "NAME": unquote(parts.path[1:]) if parts.path.startswith("/") else "",
        "USER": unquote(parts.username) if parts.username else "",
        "PASSWORD": unquote(parts.password) if parts.password else "",
        "HOST": host,
        "PORT": str(port) if port is not None else "",
        "OPTIONS": {},
    }

    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "host":
            config["HOST"] = value
        elif key == "port":
            if not value.isdigit():
                raise _fail(f"query parameter port must be an integer, got {value!r}.")
            config["PORT"] = value
        elif key == "user":
            config["USER"] = value
        elif key == "password":
            config["PASSWORD"] = value
        elif key == "dbname":
            config["NAME"] = value
        else:
            config["OPTIONS"][key] = value

    if not config["NAME"]:
        raise _fail("no database name given (expected postgresql://.../<dbname>).")
    if "/" in config["NAME"]:
        raise _fail(f"invalid database name {config['NAME']!r}.")
    return config
