"""Server time of the reading pages on a 100,000-paper corpus: median and p95 per request kind.

    .venv/bin/python bench/search.py [--papers 100000] [--runs 60] [--cold] [--only KIND ...] [--rebuild]

Works in its own database, `lectern_bench_search`, built once with
`manage.py build_corpus` (minutes) and kept for later runs; the portal's own
database is never touched. Requests go through Django's test client in this
process, so the figures are server time (URL routing, queries, templates), not
network. Prints numbers, passes or fails nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from bench.scratch import switch_to  # noqa: E402
from papers.corpus import DEFAULT_DATA_DIR  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

BENCH_DB = "lectern_bench_search"
TARGETS_MS = {
    "first page": 60, "filtered page": 60, "selective search": 150, "broad search": 150,
    "very broad search": 150, "paper page": 30,
}
# Issue 15's targets at 1,000,000 papers, counted cold (--cold).
TARGETS_1M_MS = {
    "first page": 100, "filtered page": 100, "selective search": 150, "broad search": 300,
    "paper page": 30,
}


def bench_database(papers: int) -> str:
    """The database of a corpus size: lectern_bench_search for 100,000 papers, else
    lectern_bench_search_<thousands>k, so a million-paper corpus never replaces it."""
    return BENCH_DB if papers == 100_000 else f"{BENCH_DB}_{papers // 1000}k"


def use_bench_database(rebuild: bool, papers: int, data_dir: Path) -> None:
    name = bench_database(papers)
    switch_to(name, fresh=rebuild)
    from papers.models import Paper

    have = Paper.objects.count()
    if have and abs(have - papers) > papers // 100:
        raise SystemExit(f"{name} holds {have} papers, not about {papers}: run with --rebuild")
    if not have:
        # Built once into an empty database: rebuilding over the papers would only
        # re-import them (the corpus is deterministic) and leave the table bloated.
        print(f"building the corpus: {papers} papers ...", flush=True)
        started = time.perf_counter()
        call_command("build_corpus", papers=papers, data_dir=data_dir, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE papers_paper")
            cursor.execute("SELECT pg_database_size(current_database())")
            (size,) = cursor.fetchone()
        print(f"built in {time.perf_counter() - started:.0f} s; database {size / 2**30:.2f} GiB, "
              f"{size / papers / 1024:.1f} KiB a paper", flush=True)


def words_by_share() -> tuple[list[str], list[str], list[str]]:
    """Lexemes in about half the papers (broad), in 0.2-1% of them (selective), and the
    five most common (very broad: "model" is in nearly every paper)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM papers_paper")
        (total,) = cursor.fetchone()
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM papers_paper') "
            "WHERE length(word) > 3 AND word ~ '^[a-z]+$' ORDER BY ndoc DESC"
        )
        rows = cursor.fetchall()
    broad = sorted(rows, key=lambda r: abs(r[1] / total - 0.5))[:5]
    selective = [w for w, n in rows if 0.002 * total <= n <= 0.01 * total]
    very = rows[:5]
    print("broad words: " + ", ".join(f"{w} ({n / total:.0%})" for w, n in broad))
    print("very broad words: " + ", ".join(f"{w} ({n / total:.0%})" for w, n in very))
    return [w for w, _ in broad], selective, [w for w, _ in very]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--cold", action="store_true",
        help="count every request's facets anew: clear the cache before each (then count the first page,"
        " as the portal does after every change, except when timing the first page itself)",
    )
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--only", nargs="+", metavar="KIND", help='time these kinds only, e.g. --only "filtered page"')
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    use_bench_database(args.rebuild, args.papers, args.data_dir)

    from papers.models import Digest, Paper, Topic
    from papers.selectors import warm_first_page

    rng = random.Random(7)
    searching = not args.only or any("search" in kind for kind in args.only)
    broad, selective, very_broad = words_by_share() if searching else ([], [], [])
    topics = list(Topic.objects.values_list("slug", flat=True))
    days = [d.isoformat() for d in Digest.objects.values_list("date", flat=True)]
    ids = list(Paper.objects.values_list("id", flat=True))
    print(f"{len(ids)} papers, {len(days)} digests, {len(topics)} topics")

    kinds = {
        "first page": lambda: ("/", {}),
        "filtered page": lambda: ("/", {"topic": rng.choice(topics), "digest": rng.sample(days, 2), "has_code": "true"}),
        "selective search": lambda: ("/", {"q": rng.choice(selective)}),
        "broad search": lambda: ("/", {"q": rng.choice(broad)}),
        "very broad search": lambda: ("/", {"q": rng.choice(very_broad)}),
        "paper page": lambda: (f"/papers/{rng.choice(ids)}/", {}),
        "api search": lambda: ("/api/papers/", {"q": rng.choice(selective), "page_size": 100}),
    }
    if args.only:
        unknown = set(args.only) - kinds.keys()
        if unknown:
            raise SystemExit(f"unknown kinds {sorted(unknown)}; known: {', '.join(kinds)}")
        kinds = {kind: make for kind, make in kinds.items() if kind in args.only}
    # Anonymous reading, as every earlier run timed it: without it the portal (reading needs
    # an account by default) answers each request with a redirect to the log-in page.
    settings.LECTERN_PUBLIC_READING = True
    client = Client()
    cache.clear()  # counts cached by an earlier run (same seed, same states) would flatter this one
    for _ in range(3):  # warm caches and connections
        for make in kinds.values():
            client.get(*make())
    print(f"\nfacet counts {'computed for every request (--cold)' if args.cold else 'cached per state, as served'}")
    print(f"{'request':<20} {'median ms':>10} {'p95 ms':>8} {'target p95':>11}")
    for kind, make in kinds.items():
        times = []
        for _ in range(args.runs):
            path, params = make()
            if args.cold:
                cache.clear()
                if kind != "first page":
                    # What the portal keeps after every import, undo or relabelling: the
                    # first page counted (searches in most papers start from it).
                    warm_first_page()
            began = time.perf_counter()
            response = client.get(path, params)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, params, response.status_code)
        p95 = statistics.quantiles(times, n=20)[-1]
        target = (TARGETS_1M_MS if args.papers >= 1_000_000 else TARGETS_MS).get(kind)
        verdict = "" if target is None else f"< {target} {'met' if p95 < target else 'NOT met'}"
        print(f"{kind:<20} {statistics.median(times):>10.1f} {p95:>8.1f} {verdict:>11}")


if __name__ == "__main__":
    main()
