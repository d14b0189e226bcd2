"""Lectern under load: `make run`'s gunicorn on 100,000 papers, driven by locust, headless.

    .venv/bin/pip install -r bench/requirements.txt     # locust, once
    .venv/bin/python bench/load.py [--users 32] [--seconds 90] [--papers 100000] [--no-think]

What it does, in order:

1. Uses the benchmarks' 100,000-paper database `lectern_bench_search` (built once with
   `manage.py build_corpus`, kept for later runs, as bench/search.py does). Gives it
   `--users` reader accounts (`load-01`, ...), each with an API token, a feed key and a
   followed search, and an administrator; writes what the locustfile needs to a file.
2. Starts `make run` (migrate, bootstrap, the worker, gunicorn with its 2 workers and
   portal/gunicorn.conf.py) on that database on a free port of 127.0.0.1, with a var/
   folder of its own, and waits for GET /healthz to answer 200.
3. Runs bench/locustfile.py: `--users` readers (each logs in, then reads, searches,
   saves, calls the API, reads a feed, 0.5-2.5 s apart, or with no pause: --no-think) and one administrator who
   imports a 1,000-paper digest through the admin pages half-way through the run. At
   most 2 minutes; only 127.0.0.1.
4. Prints requests per second, p50/p95/p99 per kind of request, every error, and the
   5xx answers counted in gunicorn's access log; checks the import was stored and
   undoes it, so the database is left with the papers it had.

Prints numbers; passes or fails nothing (it exits 1 when there were errors or 5xx).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from bench.search import bench_database, use_bench_database, words_by_share  # noqa: E402
from papers.corpus import DEFAULT_DATA_DIR, digest_text, load_real_papers, make_papers  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

MAX_SECONDS = 120
PASSWORD = "load-test-password-not-secret"
LOCUST = Path(sys.executable).with_name("locust")
ACCESS = re.compile(r'^\S+ "(?P<request>[A-Z]+ \S+) HTTP/[\d.]+" (?P<status>\d{3}) ')


def prepare(users: int, workdir: Path, seconds: int, think: tuple[float, float], only: str) -> dict:
    """Accounts, tokens, feeds, a followed search each, and the 1,000-paper file to import."""
    from papers.api.models import ApiToken
    from papers.api.tokens import create_token
    from papers.following.services import follow, issue_feed_key
    from papers.following.models import SavedSearch
    from papers.models import Dataset, Paper, Topic

    model = get_user_model()
    broad, selective, _ = words_by_share()
    selective = selective[:20]
    readers = []
    for n in range(1, users + 1):
        user, _ = model.objects.get_or_create(username=f"load-{n:02d}")
        user.set_password(PASSWORD)
        user.save()
        ApiToken.objects.filter(user=user).delete()  # the last run's tokens: this run makes its own
        _, key = create_token(user, "bench/load.py")
        feed = issue_feed_key(user)
        search = SavedSearch.objects.filter(user=user).first() or follow(user, f"q={broad[n % len(broad)]}", "Load test")
        readers.append({
            "username": user.username, "password": PASSWORD, "api_token": key, "session": _session_of(user),
            "feeds": [f"/feeds/{feed}/latest/", f"/feeds/{feed}/team/", f"/feeds/{feed}/searches/{search.pk}/"],
        })
    admin, _ = model.objects.get_or_create(username="load-admin", defaults={"is_staff": True, "is_superuser": True})
    admin.set_password(PASSWORD)
    admin.is_staff = admin.is_superuser = True
    admin.save()

    ids = list(Paper.objects.order_by("?").values_list("id", flat=True)[:20_000])
    # New papers for the import: the corpus's generator with a seed of this run, dated today.
    papers = make_papers(load_real_papers(DEFAULT_DATA_DIR), 1_000, seed=int(time.time()))
    import_file = workdir / f"load-import-{int(time.time())}.txt"
    import_file.write_text(digest_text(papers, dt.date.today(), style="page"), encoding="utf-8")
    setup = {
        "readers": readers,
        "administrator": {"username": admin.username, "password": PASSWORD},
        "paper_ids": ids,
        "topics": list(Topic.objects.values_list("slug", flat=True)),
        "datasets": list(Dataset.objects.values_list("slug", flat=True)),
        "selective_words": selective,
        "broad_words": broad,
        "import_file": str(import_file),
        "import_at": seconds / 2,
        "think": think,
        "only": only,
    }
    path = workdir / "setup.json"
    path.write_text(json.dumps(setup), encoding="utf-8")
    return {"path": path, "import_file": import_file, "papers": len(papers)}


def _session_of(user) -> str:
    """A signed-in session for `user`, as logging in makes one (for --only: no log-in traffic)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def database_url(papers: int) -> str:
    params = connection.get_connection_params()
    return "postgresql://{user}@/{name}?host={host}&port={port}".format(
        user=quote(params.get("user") or "", safe=""), name=quote(bench_database(papers), safe=""),
        host=quote(str(params.get("host") or ""), safe="/"), port=params.get("port") or 5432,
    )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_portal(port: int, workdir: Path, log, papers: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    from django.conf import settings

    # This process's secret key: the feed addresses prepare() made carry its signature.
    env.update(
        DATABASE_URL=database_url(papers), LECTERN_VAR_DIR=str(workdir / "var"), LECTERN_BASE_URL=f"http://127.0.0.1:{port}",
        SECRET_KEY=settings.SECRET_KEY,
    )
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"], cwd=REPO, env=env, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    waited = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "wait_for_health.py"), f"http://127.0.0.1:{port}/healthz", "--timeout", "180"],
        capture_output=True, text=True,
    )
    if waited.returncode != 0:
        stop_portal(process)
        raise SystemExit(f"the portal did not come up: {waited.stderr}")
    return process


def worker_memory(process: subprocess.Popen) -> list[tuple[int, str, int, int]]:
    """Each gunicorn process of the portal (its process group): pid, master or worker,
    resident and peak resident KiB (VmRSS, VmHWM), read before it stops."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            pid = int(status.parent.name)
            command = (status.parent / "cmdline").read_bytes().split(b"\0")
            # gunicorn's own processes run python; make's shell that started it only names it
            if os.getpgid(pid) != process.pid or b"gunicorn" not in b" ".join(command) or command[0].endswith(b"sh"):
                continue
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except (OSError, ValueError):  # gone meanwhile
            continue
        found[pid] = (int(fields["PPid"]), int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0]))
    return [
        (pid, "worker" if parent in found else "master", rss, peak)
        for pid, (parent, rss, peak) in sorted(found.items())
    ]


def stop_portal(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_locust(url: str, setup: Path, users: int, seconds: int, workdir: Path, only: str | None, name: str = "locust") -> Path:
    prefix = workdir / name
    classes = ["Focused"] if only else ["Reader", "Administrator"]
    command = [
        str(LOCUST), "-f", str(REPO / "bench" / "locustfile.py"), *classes, "--headless", "--host", url,
        "--users", str(users if only else users + 1), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
        "--stop-timeout", "10", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
    ]
    log = workdir / f"{name}.log"
    with open(log, "w", encoding="utf-8") as output:  # its own summary: the CSV files say it all
        done = subprocess.run(
            command, env={**os.environ, "LECTERN_LOAD_SETUP": str(setup)}, stdout=output, stderr=subprocess.STDOUT,
            timeout=seconds + 60, check=False,
        )
    if done.returncode not in (0, 1):  # 1: some requests failed, reported below
        raise SystemExit(f"locust stopped with {done.returncode}:\n" + log.read_text(encoding="utf-8")[-3000:])
    return prefix


def report(prefix: Path, seconds: int) -> tuple[int, list[tuple[str, str, int]]]:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    print(f"\n{'kind':38} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    errors = 0
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        failures = int(row["Failure Count"])
        errors += failures if row["Name"] == "Aggregated" else 0
        print(
            f"{name:38} {int(row['Request Count']):8} {failures:6} {float(row['Requests/s']):7.1f} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {float(row['Max Response Time']):7.0f}"
        )
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))
    for row in failures:
        print(f"error: {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']} times)")
    return errors, failures


def server_errors(log_path: Path) -> list[str]:
    lines = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = ACCESS.match(line)
        if match and match["status"].startswith("5"):
            lines.append(line)
    return lines


def check_and_undo_import(import_file: Path, papers: int) -> None:
    from papers.models import ImportRun
    from papers.services.undo import undo_import

    run = ImportRun.objects.filter(filename=import_file.name).first()
    if run is None:
        print("admin import: NOT stored (see the errors above)")
        return
    print(f"admin import: {run.status}, {run.papers_new} new of {papers} papers at {run.started_at:%H:%M:%S} "
          "(its time is the confirm row above); undone now, to leave the database as it was")
    if run.status == ImportRun.Status.IMPORTED:
        undo_import(run.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32, help="concurrent readers (one administrator besides)")
    parser.add_argument("--seconds", type=int, default=90, help=f"length of the run, at most {MAX_SECONDS}")
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="build the corpus database again")
    parser.add_argument("--only", choices=["list", "search", "paper", "api"],
                        help="one kind of request, no pauses, no log-ins, no import: its requests per second (warm)")
    parser.add_argument("--no-think", action="store_true",
                        help="readers send their next request as soon as the last one answered (the most the server does)")
    args = parser.parse_args()
    if not 1 <= args.seconds <= MAX_SECONDS:
        raise SystemExit(f"--seconds must be between 1 and {MAX_SECONDS}")
    if not LOCUST.exists():
        raise SystemExit("locust is missing: .venv/bin/pip install -r bench/requirements.txt")

    use_bench_database(args.rebuild, args.papers, DEFAULT_DATA_DIR)
    from papers.models import Paper

    workdir = Path(tempfile.mkdtemp(prefix="lectern-load-"))
    think = (0.0, 0.0) if args.no_think else (0.5, 2.5)
    prepared = prepare(args.users, workdir, args.seconds, think, args.only or "")
    connection.close()
    port = free_port()
    log_path = workdir / "portal.log"
    print(f"{Paper.objects.count()} papers; {args.users} readers ({think[0]}-{think[1]} s between steps) "
          f"and 1 administrator for {args.seconds} s "
          f"against make run on 127.0.0.1:{port} (log: {log_path})", flush=True)
    with open(log_path, "w", encoding="utf-8") as log:
        portal = start_portal(port, workdir, log, args.papers)
        try:
            started = time.monotonic()
            if args.only:  # measured warm, as the targets are: workers started, caches filled; not counted
                run_locust(f"http://127.0.0.1:{port}", prepared["path"], args.users, 10, workdir, args.only, "warm-up")
            prefix = run_locust(f"http://127.0.0.1:{port}", prepared["path"], args.users, args.seconds, workdir, args.only)
            elapsed = time.monotonic() - started
            memory = worker_memory(portal)
        finally:
            stop_portal(portal)
    errors, _ = report(prefix, args.seconds)
    fives = server_errors(log_path)
    for pid, role, rss, peak in memory:
        print(f"gunicorn {role} {pid}: resident {rss / 1024:.0f} MiB, peak {peak / 1024:.0f} MiB")
    print(f"\n{elapsed:.0f} s of load; errors: {errors}; 5xx answers in the access log: {len(fives)}")
    for line in fives[:20]:
        print("  " + line)
    if not args.only:
        check_and_undo_import(prepared["import_file"], prepared["papers"])
    sys.exit(1 if errors or fives else 0)


if __name__ == "__main__":
    main()
