"""Time a 10,000-paper import into a large library (issue 15: < 15 s at 1,000,000 papers).

    .venv/bin/python bench/import_large.py [--papers 1000000] [--import 10000]

Works in the corpus database of bench/search.py (`lectern_bench_search_1000k` for
1,000,000 papers; built first if missing). Imports one plain digest of new papers,
the corpus generator's next ones after the library's, dated the day after the
corpus's newest digest, through import_digest as the command and the admin do. The
time includes everything the command waits for: parsing, planning against the
library, the write and the first-page counts warmed after the commit. It then undoes
the import (papers_paper back to the same rows) and vacuums, so later runs time the
same library. Prints numbers, passes or fails nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from bench.search import use_bench_database  # noqa: E402
from papers.corpus import DEFAULT_DATA_DIR, digest_text, iter_papers, load_real_papers  # noqa: E402

from django.db import connection  # noqa: E402

TARGET_SECONDS = 15.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000, help="the library's size")
    parser.add_argument("--import", dest="count", type=int, default=10_000, help="papers in the imported file")
    args = parser.parse_args()
    use_bench_database(False, args.papers, DEFAULT_DATA_DIR)

    from papers.models import Digest, Paper
    from papers.services.importing import import_digest
    from papers.services.undo import undo_import

    before = Paper.objects.count()
    day = Digest.objects.order_by("-date").values_list("date", flat=True).first() + dt.timedelta(days=1)
    # The corpus's own generator (build_corpus's seed, 1) continued past the library: papers
    # new to it, as a real day's digest mostly is. Another seed would give mostly papers the
    # library has (at 1,000,000 the generated arXiv ids and titles collide).
    fresh = itertools.islice(iter_papers(load_real_papers(DEFAULT_DATA_DIR), before + args.count, 1), before, None)
    data = digest_text(list(fresh), day).encode()
    print(f"{before} papers; importing {args.count} papers ({len(data) / 1e6:.1f} MB, plain digest of {day})", flush=True)

    started = time.perf_counter()
    outcome = import_digest(data, filename=f"bench-large-{before}-{args.count}.txt", today=day)
    seconds = time.perf_counter() - started
    plan = outcome.plan
    print(f"import: {outcome.status}; {plan.new_count} new, {plan.known_count} known, "
          f"{len(plan.result.problems)} problems; {seconds:.2f} s, {args.count / seconds:.0f} papers/s")
    print(f"this process's peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    verdict = "met" if seconds < TARGET_SECONDS and outcome.status == "imported" else "NOT met"
    print(f"target: a {args.count}-paper import into {before} papers < {TARGET_SECONDS:.0f} s — {verdict}")

    if outcome.run is not None and outcome.status == "imported":
        started = time.perf_counter()
        undo_import(outcome.run.pk)
        print(f"undone in {time.perf_counter() - started:.2f} s; {Paper.objects.count()} papers")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE papers_paper")


if __name__ == "__main__":
    main()
