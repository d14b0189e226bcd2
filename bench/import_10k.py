"""Time the importer on a 10,000-paper digest, in a scratch database.

    .venv/bin/python bench/import_10k.py [--papers 10000] [--data-dir tests/data] [--profile]

Creates the database `lectern_bench` on the configured server (dropped at the end,
whatever happens), so the portal's own data is never read or written. Prints
timings, not pass/fail. Targets (issues #2 and #11): a 10,000-paper file parsed in
under 2 s and imported in under 10 s, in each shape timed: a page copy, a plain
digest (half of it known papers), a Markdown copy and a saved HTML page.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from bench.digest_files import DAY_2, marked_up_files, two_files  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from papers.corpus import DEFAULT_DATA_DIR  # noqa: E402



BENCH_DB = "lectern_bench"
TARGET_SECONDS = 10.0
PARSE_TARGET_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="profile imports 1 and 2 (slows them down)")
    args = parser.parse_args()

    with scratch_database(BENCH_DB):
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from papers.models import Appearance, Paper
    from papers.parsing import parse_digest
    from papers.services.importing import import_digest, plan_import

    n = args.papers
    first, second, file_1, file_2 = two_files(args.data_dir, n, args.seed)

    rows: list[tuple[str, int, float]] = []

    def step(name: str, papers: int, call: Callable[[], Any], profile: bool = False) -> Any:
        profiler = cProfile.Profile() if profile else None
        t0 = time.perf_counter()
        value = profiler.runcall(call) if profiler else call()
        rows.append((name + (" (profiled)" if profiler else ""), papers, time.perf_counter() - t0))
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
        return value

    parsed = step("parse only (file 1)", n, lambda: parse_digest(file_1, filename="bench-1.txt", today=DAY_2))
    differ = _differences(parsed.papers, first)
    check("parse gives back the corpus", not differ, f"{len(parsed.papers)} papers, {len(parsed.problems)} problems"
          + (f", {len(differ)} differ; first: {differ[0]}" if differ else ""))
    plan = step("plan, empty db (file 1)", n, lambda: plan_import(file_1, filename="bench-1.txt", today=DAY_2))
    check("plan: all new", plan.new_count == n and plan.can_import, f"new {plan.new_count}, known {plan.known_count}")

    out = step("import 1: all new", n, lambda: import_digest(file_1, filename="bench-1.txt", today=DAY_2), args.profile)
    expected = (n, n, sum(1 for p in first if p["arxiv_id"]))
    counts = (Paper.objects.count(), Appearance.objects.count(), Paper.objects.exclude(arxiv_id=None).count())
    check("import 1", out.status == "imported" and counts == expected, f"{out.status}; papers, appearances, with id = {counts}")

    out = step("import 2: half known", len(second), lambda: import_digest(file_2, filename="bench-2.txt", today=DAY_2), args.profile)
    new = len(second) - len(first[::2])
    counts = (Paper.objects.count(), Appearance.objects.count(), Paper.objects.filter(last_listed_on=DAY_2).count())
    check(
        "import 2",
        out.status == "imported" and out.plan.new_count == new and counts == (n + new, n + len(second), len(second)),
        f"{out.status}; new {out.plan.new_count}, known {out.plan.known_count}; "
        f"papers, appearances, listed on day 2 = {counts}",
    )

    out = step("import 1 again", n, lambda: import_digest(file_1, filename="bench-1.txt", today=DAY_2))
    counts = (Paper.objects.count(), Appearance.objects.count())
    check("re-import", out.status == "already-imported" and counts == (n + new, n + len(second)), f"{out.status}; {counts}")

    # The marked-up shapes: a Markdown copy and a saved HTML page, n new papers each, each
    # imported into an emptied database as file 1 was, so the rows compare.
    for style, (papers, data) in marked_up_files(args.data_dir, n, args.seed).items():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE papers_appearance, papers_digest, papers_importrun, papers_paper CASCADE")
        name = f"bench-{style}.{'md' if style == 'markdown' else 'html'}"
        parsed = step(f"parse only ({style})", n, lambda: parse_digest(data, filename=name, today=DAY_2))
        differ = _differences(parsed.papers, papers)
        check(f"parse {style}", not differ and parsed.ok, f"{len(parsed.papers)} papers, {len(parsed.problems)} problems"
              + (f", {len(differ)} differ; first: {differ[0]}" if differ else ""))
        out = step(f"import: {style}, all new", n, lambda: import_digest(data, filename=name, today=DAY_2))
        check(f"import {style}", out.status == "imported" and Paper.objects.count() == n, f"{out.status}; {Paper.objects.count()} papers")

    print(f"\n{'step':<32} {'papers':>7} {'seconds':>8} {'papers/s':>9}")
    for name, papers, seconds in rows:
        print(f"{name:<32} {papers:>7} {seconds:>8.2f} {papers / seconds:>9.0f}")
    scale = 10000 / n
    for kind, target in (("parse only", PARSE_TARGET_SECONDS), ("import", TARGET_SECONDS)):
        worst = max((seconds, name) for name, _, seconds in rows if name.startswith(kind) and "again" not in name)
        verdict = "met" if worst[0] * scale < target else "NOT met"
        print(f"target: {kind} < {target:.0f} s for 10,000 papers — {verdict} (slowest: {worst[1]}, "
              f"{worst[0] * scale:.2f} s{' scaled from ' + str(n) if n != 10000 else ''}{', profiled' if args.profile else ''})")


def _differences(records: list, papers: list[dict]) -> list[str]:
    """Where the parsed records are not the corpus papers (title, abstract, id)."""
    if len(records) != len(papers):
        return [f"{len(records)} records for {len(papers)} papers"]
    found = []
    for position, (record, paper) in enumerate(zip(records, papers), start=1):
        for name, got in (("title", record.title), ("abstract", record.abstract), ("arxiv_id", record.arxiv_id)):
            if got != paper[name]:
                found.append(f"paper {position} {name} ends {str(got)[-40:]!r}, expected {str(paper[name])[-40:]!r}")
    return found


def check(what: str, ok: bool, detail: str) -> None:
    print(f"{'ok  ' if ok else 'DIFF'} {what}: {detail}")


if __name__ == "__main__":
    main()
