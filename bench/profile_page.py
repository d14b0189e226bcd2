"""Where one page's time goes: server time per request, its SQL, and the top functions.

    .venv/bin/python bench/profile_page.py PATH [--runs 40] [--user load-01] [--top 30]

In `lectern_bench_search` (100,000 papers; `bench/search.py` builds it, `bench/load.py`
makes the `load-NN` readers), through Django's test client in this process, signed in
as --user, after three warm-up requests. Prints the mean time per request and the SQL
time and query count in it (timed around every query), then the functions cProfile
finds costliest (cumulative), for --top > 0. Prints numbers, passes or fails nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from bench.scratch import switch_to  # noqa: E402
from bench.search import BENCH_DB  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--user", default="load-01")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    switch_to(BENCH_DB, fresh=False)
    settings.ALLOWED_HOSTS = ["*"]
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise SystemExit(f"no user {args.user!r} in {BENCH_DB}: run bench/load.py once, or pass --user")
    client = Client()
    client.force_login(user)
    for _ in range(3):
        status = client.get(args.path).status_code
    sql = {"seconds": 0.0, "queries": 0}

    def timed(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql["seconds"] += time.perf_counter() - started
            sql["queries"] += 1

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        for _ in range(args.runs):
            client.get(args.path)
    each = (time.perf_counter() - started) / args.runs
    print(f"{args.path}: {status}, {each * 1000:.1f} ms a request, of which SQL {sql['seconds'] / args.runs * 1000:.1f} ms "
          f"in {sql['queries'] / args.runs:.0f} queries ({args.runs} runs)")
    if args.top > 0:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            client.get(args.path)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
