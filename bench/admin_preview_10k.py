"""Time the admin import pages on a 10,000-paper file, in a scratch database.

    .venv/bin/python bench/admin_preview_10k.py [--papers 10000] [--data-dir tests/data]

Creates the database `lectern_bench_admin` on the configured server (dropped at the
end, whatever happens), so the portal's own data is never read or written. Requests
go through Django's test client in this process, as an administrator: upload,
preview, confirm, the results page, then a second file (half of it papers of the
first) previewed and confirmed, and an undo of the first import. Prints timings,
not pass/fail; the targets (issue) are a preview in under 5 s and an import in
under 10 s for 10,000 papers.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LECTERN_STATIC_MANIFEST", "false")  # pages render without `collectstatic`

import django  # noqa: E402

django.setup()

from bench.digest_files import DAY_2, two_files  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from papers.corpus import DEFAULT_DATA_DIR  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402


BENCH_DB = "lectern_bench_admin"
PREVIEW_TARGET, IMPORT_TARGET = 5.0, 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with scratch_database(BENCH_DB):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model

    from papers.models import Appearance, Digest, ImportRun, Paper, StagedUpload

    n = args.papers
    first, second, file_1, file_2 = two_files(args.data_dir, n, args.seed)
    if max(len(file_1), len(file_2)) > settings.LECTERN_MAX_UPLOAD_BYTES:
        raise SystemExit(f"a file is over the upload limit ({settings.LECTERN_MAX_UPLOAD_MB} MB); use fewer --papers")

    user = get_user_model().objects.create_superuser("bench-admin", password=None)
    client = Client()
    client.force_login(user)
    rows: list[tuple[str, int, float]] = []

    def step(name: str, papers: int, call: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        value = call()
        rows.append((name, papers, time.perf_counter() - t0))
        return value

    def upload(name: str, data: bytes):
        response = client.post("/admin/papers/digest/import/", {"files": [SimpleUploadedFile(name, data)]})
        assert response.status_code == 302, response.content[:500]
        return response["Location"]

    def confirm(preview_url: str):
        files = preview_url.split("files=")[1]
        form = {"files": files, "upload": files.split(","), "_import": "Import the ticked files"}
        response = client.post("/admin/papers/digest/import/confirm/", form)
        assert response.status_code == 302, response.content[:500]
        return response["Location"]

    # File 1: every paper new.
    preview_url = step("upload file 1", n, lambda: upload("bench-1.txt", file_1))
    page = step("preview file 1 (all new)", n, lambda: client.get(preview_url))
    html = page.content.decode()
    shown = html.count('<td class="num">', html.find("papers-table"))  # one line-number cell per listed row
    check("preview 1", page.status_code == 200 and f"Papers: {n} ({n} new, 0 already known)" in html and shown == 200,
          f"HTTP {page.status_code}, {len(html) / 1e3:.0f} kB of HTML, {shown} rows listed")
    results_url = step("confirm file 1 (import)", n, lambda: confirm(preview_url))
    page = step("results page", n, lambda: client.get(results_url))
    counts = (Paper.objects.count(), Appearance.objects.count(), Digest.objects.count())
    check("import 1", "1 file imported." in page.content.decode() and counts == (n, n, 1),
          f"papers, appearances, digests = {counts}")

    # File 2: half of it papers of file 1 (the known-paper path).
    new = len(second) - len(first[::2])
    preview_url = step("upload file 2", len(second), lambda: upload("bench-2.txt", file_2))
    page = step("preview file 2 (half known)", len(second), lambda: client.get(preview_url))
    html = page.content.decode()
    summary = re.search(r"Papers: (\d+) \((\d+) new, (\d+) already known\)", html)
    check("preview 2", summary is not None and summary.groups() == (str(len(second)), str(new), str(len(first[::2]))),
          summary.group(0) if summary else "no summary")
    step("confirm file 2 (import)", len(second), lambda: confirm(preview_url))
    counts = (Paper.objects.count(), Appearance.objects.count())
    check("import 2", counts == (n + new, n + len(second)), f"papers, appearances = {counts}")

    # Undo the first import: its papers not in file 2 go, the others stay, recomputed.
    run_1 = ImportRun.objects.get(filename="bench-1.txt")
    page = step("undo import 1", n, lambda: client.post(f"/admin/papers/importrun/{run_1.pk}/undo/"))
    counts = (Paper.objects.count(), Appearance.objects.count(), Paper.objects.filter(first_listed_on=DAY_2).count())
    expected = (len(second), len(second), len(second))
    check("undo 1", page.status_code == 200 and counts == expected and not StagedUpload.objects.exists(),
          f"papers, appearances, first listed on day 2 = {counts}")

    print(f"\n{'step':<32} {'papers':>7} {'seconds':>8} {'papers/s':>9}")
    for name, papers, seconds in rows:
        print(f"{name:<32} {papers:>7} {seconds:>8.2f} {papers / seconds:>9.0f}")
    scale = 10000 / n
    timings = {name: seconds for name, _papers, seconds in rows}
    for what, name, target in (
        ("preview", "preview file 1 (all new)", PREVIEW_TARGET),
        ("import", "confirm file 1 (import)", IMPORT_TARGET),
    ):
        scaled = timings[name] * scale
        verdict = "met" if scaled < target else "NOT met"
        print(f"target: {what} < {target:.0f} s for 10,000 papers — {verdict} ({scaled:.2f} s"
              f"{' scaled from ' + str(n) if n != 10000 else ''})")


def check(what: str, ok: bool, detail: str) -> None:
    print(f"{'ok  ' if ok else 'DIFF'} {what}: {detail}")


if __name__ == "__main__":
    main()
