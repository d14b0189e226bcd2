"""Databases of the benchmarks' own on the configured server; the portal's is never touched."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from psycopg import sql


def switch_to(name: str, *, fresh: bool) -> None:
    """Point the default connection at database `name` (created if missing, emptied if fresh), migrated."""
    params = {**connections["default"].get_connection_params(), "dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        if cursor.fetchone()[0] != name:
            raise SystemExit(f"not connected to the scratch database {name}; stopping")
    call_command("migrate", verbosity=0)


@contextmanager
def scratch_database(name: str) -> Iterator[None]:
    """A new, migrated database for the block, dropped afterwards whatever happens."""
    maintenance = {**connections["default"].get_connection_params(), "dbname": "postgres"}
    try:
        switch_to(name, fresh=True)
        yield
    finally:
        connections.close_all()
        with psycopg.connect(**maintenance, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
