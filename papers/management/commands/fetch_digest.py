"""python manage.py fetch_digest hf [--date YYYY-MM-DD]
python manage.py fetch_digest arxiv CATEGORY [CATEGORY ...]"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from papers.management.commands.import_digest import iso_date
from papers.sources.fetching import FetchOutcome, fetch_arxiv, fetch_hf


class Command(BaseCommand):
    help = (
        "Fetch a digest and import it: the Hugging Face daily papers of a day (LECTERN_HF_API_URL), "
        "or the latest announcements of arXiv categories (LECTERN_ARXIV_RSS_URL). "
        "A day already imported changes nothing; a failed fetch is recorded and stores nothing."
    )

    def add_arguments(self, parser):
        sources = parser.add_subparsers(dest="source", required=True, metavar="{hf,arxiv}")
        hf = sources.add_parser("hf", help="the Hugging Face daily papers of a day")
        hf.add_argument("--date", type=iso_date, help="the day (YYYY-MM-DD); default: today in TIME_ZONE")
        arxiv = sources.add_parser("arxiv", help="arXiv's RSS of one or more categories")
        arxiv.add_argument("categories", nargs="+", metavar="CATEGORY", help="e.g. cs.LG cs.CL")

    def handle(self, *args, source: str, **options):
        if source == "hf":
            day: dt.date = options.get("date") or timezone.localdate()
            outcomes = [fetch_hf(day)]
        else:
            outcomes = [fetch_arxiv(category) for category in options["categories"]]
        for outcome in outcomes:
            self._report(outcome)
        failed = [o for o in outcomes if not o.ok]
        if failed:
            raise CommandError(f"{len(failed)} of {len(outcomes)} fetches failed or were refused")

    def _report(self, outcome: FetchOutcome) -> None:
        out = self.stdout if outcome.ok else self.stderr
        out.write(f"{outcome.url}: {outcome.result}: {outcome.message}")
        run = outcome.run
        if run is not None and outcome.result in ("imported", "invalid"):
            out.write(f"  import #{run.pk}: {run.filename}, format {run.format or 'unknown'}, digest date {run.digest_date}")
            if run.papers_replaced:
                out.write(f"  new versions of known papers: {run.papers_replaced} (unchanged)")
            for problem in run.problems[:20]:
                where = f"line {problem['line']}: " if problem.get("line") else ""
                out.write(f"    {problem['severity']}: {where}{problem['message']}")
            if len(run.problems) > 20:
                out.write(f"    … and {len(run.problems) - 20} more (see the import history)")
