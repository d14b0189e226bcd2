"""python manage.py import_digest: a report per file, exit status for scripts."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from papers.models import Digest, ImportRun, Paper
from papers.parsing import parse_digest
from tests.digests import API_FILES, SEED

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_digest", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = 1
    return code, out.getvalue(), err.getvalue()


def test_prints_format_date_and_counts_per_file():
    code, out, err = run(SEED, API_FILES[0])
    assert code == 0, err
    assert "format:        digest text" in out
    assert "digest date:   " in out and "(written 'Mar 12', no year)" in out
    assert "papers found:  72" in out and "new:           72" in out
    assert "format:        API JSON" in out and "digest date:   2025-05-30" in out
    assert "papers found:  42" in out
    assert Paper.objects.count() == 72 + 42


def test_second_run_reports_already_imported_and_changes_nothing():
    run(SEED)
    code, out, _ = run(SEED)
    assert code == 0
    assert "already imported on" in out and "by the command line" in out
    assert Paper.objects.count() == 72 and Digest.objects.count() == 1


def test_invalid_file_fails_alone_with_its_error_on_stderr(tmp_path):
    broken = tmp_path / "broken.txt"
    lines = SEED.read_text(encoding="utf-8").split("\n")
    at = parse_digest(SEED.read_bytes()).papers[5].line  # a title in the middle of the file
    lines[at - 1 : at - 1] = ["A Title Left Without Its Abstract", ""]
    broken.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(broken, SEED)
    assert code == 1
    assert f"line {at}: the title “A Title Left Without Its Abstract” has no abstract" in err
    assert "broken.txt: NOT imported" in err and "1 of 2 file(s) not imported" in err
    assert f"{SEED.name}: imported" in out  # the good file still imports
    assert Digest.objects.get().filename == SEED.name
    assert ImportRun.objects.filter(status=ImportRun.Status.INVALID, filename="broken.txt").exists()


def test_missing_file(tmp_path):
    code, _, err = run(tmp_path / "nope.txt")
    assert code == 1 and "no such file" in err


def test_dry_run_stores_nothing():
    code, out, _ = run(SEED, "--dry-run")
    assert code == 0 and "would import" in out and "new:           72" in out
    assert not Paper.objects.exists() and not ImportRun.objects.exists()


def test_date_option_sets_the_digest_date():
    code, _, _ = run(SEED, "--date", "2024-03-12")
    assert code == 0
    assert Digest.objects.get().date == dt.date(2024, 3, 12)


def test_bad_date_option():
    code, _, err = run(SEED, "--date", "12/03/2024")
    assert code == 1 and "YYYY-MM-DD" in err


def test_file_over_the_size_limit_is_refused_before_parsing(settings, tmp_path):
    settings.LECTERN_MAX_UPLOAD_MB = 1
    settings.LECTERN_MAX_UPLOAD_BYTES = 2**20
    big = tmp_path / "big.txt"
    big.write_bytes(SEED.read_bytes() * 10)
    code, _, err = run(big)
    assert code == 1 and "over the 1 MB limit" in err
    assert not ImportRun.objects.exists()
