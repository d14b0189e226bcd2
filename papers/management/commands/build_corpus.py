"""python manage.py build_corpus --papers 100000: a large realistic corpus, for benchmarks.

Papers are recombined from the real Hugging Face papers in tests/data (titles
joined from real halves, abstracts from real sentences, real code links) and
imported digest by digest through the importer service, as teams import them;
each digest also lists again some papers of earlier digests.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from papers.corpus import DEFAULT_DATA_DIR, digest_text, iter_papers, load_real_papers
from papers.models import Paper
from papers.services.importing import import_digest


class Command(BaseCommand):
    help = "Import a large corpus recombined from the real papers in tests/data (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--papers", type=int, default=100_000)
        parser.add_argument("--per-digest", type=int, default=1000, help="new papers per digest")
        parser.add_argument("--relist", type=float, default=0.1, help="share of earlier papers listed again")
        parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
        parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2023, 1, 2))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="add to a database that already holds papers")

    def handle(self, *args, papers: int, per_digest: int, relist: float, data_dir: Path, start, seed, force, **opts):
        if Paper.objects.exists() and not force:
            raise CommandError("the database already holds papers; use a scratch database or --force")
        if not (data_dir / "hf-daily-papers").is_dir():
            raise CommandError(f"no real data in {data_dir} (expected hf-daily-papers/*.jsonl)")
        rng = random.Random(seed)
        generated = iter_papers(load_real_papers(data_dir), papers, seed)
        earlier: list[dict] = []
        began = time.perf_counter()
        day, made = start, 0
        while made < papers:
            batch = [next(generated) for _ in range(min(per_digest, papers - made))]
            again = rng.sample(earlier, min(len(earlier), int(len(batch) * relist)))
            listed = batch + again
            rng.shuffle(listed)
            style = "page" if rng.random() < 0.5 else "plain"
            outcome = import_digest(digest_text(listed, day, style=style).encode(), filename=f"corpus-{day}.txt")
            if not outcome.ok:
                raise CommandError(f"{day}: {outcome.plan.result.problems[:3]}")
            made += len(batch)
            earlier += batch
            self.stdout.write(
                f"{day}: {len(batch)} new, {len(again)} listed again; {made} papers, "
                f"{time.perf_counter() - began:.0f} s"
            )
            day += dt.timedelta(days=1 if day.weekday() < 4 else 3)  # weekdays, as the daily lists
        self.stdout.write(f"{Paper.objects.count()} papers in {time.perf_counter() - began:.1f} s")
