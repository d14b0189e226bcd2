"""Upload limits: file size, number of files and pasted text, each refused before any parsing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from papers.corpus import digest_text, load_real_papers, make_papers
from papers.models import StagedUpload
from papers.services import planning
from tests.admin_import_helpers import confirm, importer, importer_client, staged_ids, upload  # noqa: F401
from tests.digests import API_FILES, DATA, REPO, SEED, papers_by_date, plain_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if anything is parsed."""

    def refuse(*args, **kwargs):
        raise AssertionError("parsed although the upload was refused")

    monkeypatch.setattr(planning, "parse_digest", refuse)


def test_a_file_over_the_size_limit_is_refused_by_name(importer_client, settings, no_parsing):
    settings.LECTERN_MAX_UPLOAD_MB = 1
    settings.LECTERN_MAX_UPLOAD_BYTES = 40_000
    big, small = SEED.read_bytes(), API_FILES[0].read_bytes()
    assert len(big) > 40_000 > len(small[:30_000])
    response = upload(importer_client, SimpleUploadedFile(SEED.name, big), SimpleUploadedFile("ok.json", small[:30_000]))
    assert response.status_code == 200
    assert f"{SEED.name} is {len(big) / 2**20:.1f} MB, over the 1 MB limit (LECTERN_MAX_UPLOAD_MB)." in response.content.decode()
    assert not StagedUpload.objects.exists()


def test_more_files_than_allowed_are_refused(importer_client, settings, no_parsing):
    settings.LECTERN_MAX_UPLOAD_FILES = 2
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in (*API_FILES, SEED)]
    response = upload(importer_client, *files)
    assert response.status_code == 200
    assert "You chose 3 files; at most 2 can be uploaded at once (LECTERN_MAX_UPLOAD_FILES)." in response.content.decode()
    assert not StagedUpload.objects.exists()


def test_the_default_limit_of_20_files_is_a_clear_message_not_a_bare_400(importer_client, no_parsing):
    assert settings.LECTERN_MAX_UPLOAD_FILES == 20
    rows = papers_by_date()["2024-06-14"]
    files = [SimpleUploadedFile(f"day-{n}.txt", plain_digest(rows[n : n + 1], "2024-06-14").encode()) for n in range(21)]
    response = upload(importer_client, *files)
    assert response.status_code == 200 and "You chose 21 files; at most 20" in response.content.decode()


def test_pasted_text_over_the_limit_is_refused(importer_client, settings, no_parsing):
    settings.LECTERN_MAX_UPLOAD_MB = 1
    settings.LECTERN_MAX_UPLOAD_BYTES = 40_000
    response = upload(importer_client, text=SEED.read_text())
    assert response.status_code == 200
    assert "The pasted text is 0.1 MB, over the 1 MB limit (LECTERN_MAX_UPLOAD_MB)." in response.content.decode()
    assert not StagedUpload.objects.exists()


def test_pasted_text_up_to_the_limit_is_accepted(importer_client):
    """Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) must not refuse it first,
    even with the CRLF line ends browsers send."""
    limit = settings.LECTERN_MAX_UPLOAD_BYTES
    papers = make_papers(load_real_papers(DATA), 30_000, seed=2)
    text, used = "", 0
    lines = digest_text(papers, dt.date(2025, 3, 12)).split("\n")
    kept = []
    for line in lines:  # as many real lines as fit under the limit
        used += len(line.encode()) + 1
        if used > limit:
            break
        kept.append(line)
    text = "\n".join(kept)
    assert limit - 2000 < len(text.encode()) <= limit
    response = upload(importer_client, text=text.replace("\n", "\r\n"))
    assert response.status_code == 302, response.content.decode()[:500]
    assert StagedUpload.objects.get().size == len(text.encode())


def test_max_files_setting_is_read_from_the_environment(tmp_path):
    def probe(**env):
        clean = {k: v for k, v in os.environ.items() if not k.startswith("LECTERN_MAX_UPLOAD")}
        clean.update(DJANGO_SETTINGS_MODULE="portal.settings", LECTERN_VAR_DIR=str(tmp_path / "var"), **env)
        code = (
            "import json; from django.conf import settings as s; print(json.dumps([s.LECTERN_MAX_UPLOAD_FILES, "
            "s.LECTERN_MAX_UPLOAD_BYTES, s.DATA_UPLOAD_MAX_MEMORY_SIZE, s.DATA_UPLOAD_MAX_NUMBER_FILES]))"
        )
        return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=clean, capture_output=True, text=True, timeout=60)

    files, size, memory, number = json.loads(probe().stdout)
    assert (files, size) == (20, 20 * 2**20) and memory > 2 * size and number >= 100
    files, size, memory, number = json.loads(probe(LECTERN_MAX_UPLOAD_FILES="300", LECTERN_MAX_UPLOAD_MB="50").stdout)
    assert (files, size) == (300, 50 * 2**20) and memory > 2 * size and number > 300
    bad = probe(LECTERN_MAX_UPLOAD_FILES="many")
    assert bad.returncode != 0 and "LECTERN_MAX_UPLOAD_FILES must be an integer, got 'many'" in bad.stderr
    zero = probe(LECTERN_MAX_UPLOAD_FILES="0")
    assert zero.returncode != 0 and "LECTERN_MAX_UPLOAD_FILES must be >= 1" in zero.stderr
