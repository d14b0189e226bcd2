"""The admin import pages: upload, preview (nothing stored), confirm, results, re-import."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from papers.models import Appearance, Digest, ImportRun, Paper, StagedUpload
from papers.services.importing import import_digest
from tests.admin_import_helpers import importer, importer_client  # noqa: F401 (fixtures)
from tests.admin_import_helpers import broken_digest, confirm, preview_soup, staged_ids, upload
from tests.digests import API_FILES, SEED, page_copy, papers_by_date, plain_digest

pytestmark = pytest.mark.django_db
DAY = "2024-06-14"


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def stored_counts() -> tuple[int, int, int, int]:
    return Paper.objects.count(), Digest.objects.count(), Appearance.objects.count(), ImportRun.objects.count()


def test_upload_shows_a_preview_and_stores_nothing(importer_client):
    api = API_FILES[0]
    response = upload(
        importer_client, SimpleUploadedFile(SEED.name, SEED.read_bytes()), SimpleUploadedFile(api.name, api.read_bytes())
    )
    assert response.status_code == 302 and "/admin/papers/digest/import/preview/?files=" in response["Location"]
    soup = preview_soup(importer_client, response)

    rows = soup.select("#import-files tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [SEED.name, api.name]
    seed_row, api_row = (text_of(r) for r in rows)
    assert "digest text" in seed_row and "72 72 0" in seed_row and "ready" in seed_row
    assert "API JSON" in api_row and "May 30, 2025" in api_row and "42 42 0" in api_row
    assert api_row.split()[-2] == "0"  # no problems
    # Nothing but the staged uploads is stored.
    assert stored_counts() == (0, 0, 0, 0)
    assert StagedUpload.objects.count() == 2
    # Each file's papers, marked new; the API file's code links listed.
    api_section = soup.select_one(f"#file-{staged_ids()[1]}")
    assert len(api_section.select(".papers-table tbody tr")) == 42
    assert len(api_section.select(".status-new")) == 42
    assert api_section.select(".code-link a")
    assert "Papers: 42 (42 new, 0 already known)" in text_of(api_section)


def test_known_papers_link_to_the_stored_ones(importer_client):
    rows = papers_by_date()[DAY]
    import_digest(plain_digest(rows, DAY, year=True).encode(), filename="plain.txt")
    later = page_copy(rows[:5] + papers_by_date()["2024-10-10"][:3], "2024-10-10")
    soup = preview_soup(importer_client, upload(importer_client, SimpleUploadedFile("later.txt", later.encode())))
    assert "copied page text" in text_of(soup.select_one("#import-files tbody tr"))
    known = soup.select(".papers-table a.status-known")
    assert len(known) == 5 and len(soup.select(".papers-table .status-new")) == 3
    stored = {f"/papers/{p.pk}/" for p in Paper.objects.all()}
    assert {a["href"] for a in known} <= stored


def test_confirm_imports_through_the_service_and_links_the_digest(importer_client, importer):
    api = API_FILES[0]
    preview = upload(importer_client, SimpleUploadedFile(api.name, api.read_bytes()))
    response = confirm(importer_client, staged_ids())
    assert response.status_code == 302 and "/admin/papers/digest/import/results/?runs=" in response["Location"]
    run = ImportRun.objects.get()
    assert (run.status, run.source, run.user, run.filename) == ("imported", "admin", importer, api.name)
    assert (run.papers_found, run.papers_new, Digest.objects.get().date) == (42, 42, dt.date(2025, 5, 30))
    assert not StagedUpload.objects.exists()  # confirmed uploads are not kept

    page = importer_client.get(response["Location"])
    soup = BeautifulSoup(page.content, "html.parser")
    assert "1 file imported." in text_of(soup)
    assert soup.select_one("a.digest-link")["href"] == "/?digest=2025-05-30"
    assert soup.find("a", href=f"/admin/papers/importrun/{run.pk}/change/")
    portal = BeautifulSoup(importer_client.get("/?digest=2025-05-30").content, "html.parser")
    assert portal.select_one(".total strong").get_text() == "42"
    assert Paper.objects.order_by("-id").first().title in text_of(portal)
    # The preview link is spent: its upload was imported.
    again = importer_client.get(preview["Location"])
    assert again.status_code == 302 and again["Location"] == "/admin/papers/digest/import/"


def test_a_broken_file_cannot_be_confirmed_and_stores_nothing(importer_client):
    broken, line = broken_digest()
    soup = preview_soup(importer_client, upload(importer_client, SimpleUploadedFile("broken.txt", broken.encode())))
    row = soup.select_one("#import-files tbody tr")
    assert row.select_one("input[type=checkbox]").has_attr("disabled")
    assert "cannot be imported" in text_of(row)
    problem = soup.select_one("table.problems tr.problem-error")
    assert problem.td.get_text(strip=True) == str(line)
    assert "has no abstract after it" in text_of(problem)

    # Posting its id anyway: the service refuses it, records the attempt, stores nothing.
    response = confirm(importer_client, staged_ids())
    assert (Paper.objects.count(), Digest.objects.count(), Appearance.objects.count()) == (0, 0, 0)
    run = ImportRun.objects.get()
    assert run.status == "invalid" and run.problems[0]["line"] == line
    page = text_of(BeautifulSoup(importer_client.get(response["Location"]).content, "html.parser"))
    assert "Nothing was imported." in page and f"line {line}: the title" in page
    assert StagedUpload.objects.count() == 1  # kept, so its preview still explains why


def test_one_valid_and_one_broken_file_import_the_valid_one(importer_client):
    rows = papers_by_date()[DAY]
    good = plain_digest(rows, DAY, year=True).encode()
    broken, _ = broken_digest()
    soup = preview_soup(
        importer_client,
        upload(importer_client, SimpleUploadedFile("good.txt", good), SimpleUploadedFile("broken.txt", broken.encode())),
    )
    boxes = soup.select("#import-files input[type=checkbox]")
    assert boxes[0].has_attr("checked") and boxes[1].has_attr("disabled")
    assert "1 of 2 files can be imported" in text_of(soup)
    good_id, _broken_id = staged_ids()
    confirm(importer_client, [good_id])
    assert Digest.objects.get().date == dt.date(2024, 6, 14)
    assert Paper.objects.count() == len(rows)
    assert list(ImportRun.objects.values_list("status", flat=True)) == ["imported"]


def test_a_date_without_year_is_editable_and_used(importer_client):
    soup = preview_soup(importer_client, upload(importer_client, SimpleUploadedFile(SEED.name, SEED.read_bytes())))
    (pk,) = staged_ids()
    field = soup.select_one(f"input[name=date-{pk}]")
    assert field["type"] == "date" and re.fullmatch(r"\d{4}-03-12", field["value"])
    assert "written “Mar 12”, no year" in text_of(soup)

    bad = confirm(importer_client, [pk], action="check", dates={pk: "12/03/2025"})
    assert bad.status_code == 200 and "Enter the date as YYYY-MM-DD." in bad.content.decode()
    checked = confirm(importer_client, [pk], action="check", dates={pk: "2025-03-12"})
    assert checked.status_code == 302 and not Digest.objects.exists()
    soup = preview_soup(importer_client, checked)
    assert soup.select_one(f"input[name=date-{pk}]")["value"] == "2025-03-12"
    confirm(importer_client, [pk], dates={pk: "2025-03-12"})
    assert Digest.objects.get().date == dt.date(2025, 3, 12)


def test_a_date_sent_for_a_file_with_a_year_is_ignored(importer_client):
    api = API_FILES[0]
    soup = preview_soup(importer_client, upload(importer_client, SimpleUploadedFile(api.name, api.read_bytes())))
    (pk,) = staged_ids()
    assert soup.select_one(f"input[name=date-{pk}]") is None
    confirm(importer_client, [pk], dates={pk: "2020-01-01"})
    assert Digest.objects.get().date == dt.date(2025, 5, 30)


def test_the_same_file_again_is_answered_already_imported(importer_client, importer):
    api = API_FILES[1]
    first = import_digest(api.read_bytes(), filename=api.name)  # from the command line
    soup = preview_soup(importer_client, upload(importer_client, SimpleUploadedFile("renamed.json", api.read_bytes())))
    row = soup.select_one("#import-files tbody tr")
    assert row.select_one("input[type=checkbox]").has_attr("disabled")
    when = timezone.localtime(first.run.started_at).strftime("%b %d, %Y %H:%M")
    assert f"already imported on {when} by the command line" in text_of(row)
    assert row.find("a", href=f"/admin/papers/importrun/{first.run.pk}/change/")

    response = confirm(importer_client, staged_ids())
    assert Digest.objects.count() == 1 and Appearance.objects.count() == 49
    run = ImportRun.objects.get(user=importer)
    assert run.status == "already-imported"
    page = BeautifulSoup(importer_client.get(response["Location"]).content, "html.parser")
    assert f"already imported on {when} by the command line" in text_of(page)
    assert page.find("a", href=f"/admin/papers/importrun/{first.run.pk}/change/")
    assert page.select_one("a.digest-link")["href"] == "/?digest=2026-06-01"


def test_a_long_file_lists_the_first_200_papers_and_counts_all(importer_client):
    from papers.corpus import digest_text, load_real_papers, make_papers
    from tests.digests import DATA

    papers = make_papers(load_real_papers(DATA), 260, seed=3)
    text = digest_text(papers, dt.date(2025, 3, 12), style="plain")
    soup = preview_soup(importer_client, upload(importer_client, SimpleUploadedFile("long.txt", text.encode())))
    assert len(soup.select(".papers-table tbody tr")) == 200
    assert "Papers: 260 (260 new, 0 already known) — the first 200 are listed, 60 more are not shown" in text_of(soup)


def test_pasted_text_is_previewed_like_a_file(importer_client):
    text = plain_digest(papers_by_date()[DAY], DAY, year=True).replace("\n", "\r\n")  # as a browser sends it
    soup = preview_soup(importer_client, upload(importer_client, text=text))
    row = text_of(soup.select_one("#import-files tbody tr"))
    assert row.startswith("pasted text digest text Jun 14, 2024")
    staged = StagedUpload.objects.get()
    assert b"\r" not in staged.data and staged.filename == "pasted text"


def test_imported_text_is_escaped(importer_client):
    rows = [dict(r) for r in papers_by_date()[DAY][:3]]
    rows[0]["title"] = rows[0]["title"] + ' <script>alert("x")</script>'
    name = "digest <img src=x onerror=alert(1)>.txt"
    response = upload(importer_client, SimpleUploadedFile(name, plain_digest(rows, DAY, year=True).encode()))
    html = importer_client.get(response["Location"]).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "digest &lt;img src=x onerror=alert(1)&gt;.txt" in html
    response = confirm(importer_client, staged_ids())
    results = importer_client.get(response["Location"]).content.decode()
    assert "<img src=x" not in results and "digest &lt;img src=x onerror=alert(1)&gt;.txt" in results


def test_binary_and_undecodable_files_are_refused_with_a_reason(importer_client):
    import gzip

    soup = preview_soup(
        importer_client,
        upload(
            importer_client,
            SimpleUploadedFile("seed.txt.gz", gzip.compress(SEED.read_bytes())),
            SimpleUploadedFile("latin.txt", "Caf\u00e9 \u2014 na\u00efve".encode("utf-16-le")[1:] + b"\x81\x8d\x8f"),
        ),
    )
    problems = [text_of(t) for t in soup.select("table.problems")]
    assert "cannot read the file: this is binary data, not a text or JSON digest" in problems[0]
    assert "cannot read the file" in problems[1]
    assert all(box.has_attr("disabled") for box in soup.select("#import-files input[type=checkbox]"))


def test_nothing_chosen_is_refused(importer_client):
    response = upload(importer_client, text="   \n")
    assert response.status_code == 200
    assert "Choose at least one file, or paste the text of a digest." in response.content.decode()
    api = API_FILES[0]
    upload(importer_client, SimpleUploadedFile(api.name, api.read_bytes()))
    response = confirm(importer_client, [])
    assert response.status_code == 200 and "Tick at least one file to import." in response.content.decode()
    assert not Digest.objects.exists()


def test_another_users_staged_upload_is_out_of_reach(importer_client, client, django_user_model):
    api = API_FILES[0]
    preview = upload(importer_client, SimpleUploadedFile(api.name, api.read_bytes()))
    other = django_user_model.objects.create_superuser("other", password="pw-for-tests-only")
    client.force_login(other)
    assert client.get(preview["Location"])["Location"] == "/admin/papers/digest/import/"
    confirm(client, staged_ids())
    assert not Digest.objects.exists() and not ImportRun.objects.exists()


def test_expired_uploads_are_gone(importer_client):
    api = API_FILES[0]
    preview = upload(importer_client, SimpleUploadedFile(api.name, api.read_bytes()))
    StagedUpload.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert importer_client.get(preview["Location"])["Location"] == "/admin/papers/digest/import/"
    confirm(importer_client, staged_ids())
    assert not Digest.objects.exists()
    upload(importer_client, SimpleUploadedFile(SEED.name, SEED.read_bytes()))  # purges the expired one
    assert list(StagedUpload.objects.values_list("filename", flat=True)) == [SEED.name]


def test_the_import_page_is_linked_from_the_admin_index_and_the_digest_list(importer_client):
    for url in ("/admin/", "/admin/papers/digest/", "/admin/papers/importrun/"):
        soup = BeautifulSoup(importer_client.get(url).content, "html.parser")
        assert soup.find("a", href="/admin/papers/digest/import/"), url


def test_import_runs_list_is_read_only_and_filters_by_status_and_user(importer_client, importer):
    broken, _ = broken_digest()
    import_digest(broken.encode(), filename="broken.txt", user=importer)
    run = import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name).run
    page = importer_client.get("/admin/papers/importrun/")
    soup = BeautifulSoup(page.content, "html.parser")
    assert "By status" in text_of(soup) and "By user" in text_of(soup)
    assert soup.find("code", title=run.sha256)
    filtered = importer_client.get("/admin/papers/importrun/?status__exact=invalid")
    assert "broken.txt" in filtered.content.decode() and API_FILES[0].name not in filtered.content.decode()
    by_user = importer_client.get(f"/admin/papers/importrun/?user__id__exact={importer.pk}")
    assert "broken.txt" in by_user.content.decode() and API_FILES[0].name not in by_user.content.decode()
    detail = BeautifulSoup(importer_client.get(f"/admin/papers/importrun/{run.pk}/change/").content, "html.parser")
    assert detail.find("a", href="/?digest=2025-05-30")
    assert detail.select_one("a.undo-link")["href"] == f"/admin/papers/importrun/{run.pk}/undo/"
    assert not detail.select("input[type=submit][name=_save]")
    assert importer_client.post(f"/admin/papers/importrun/{run.pk}/change/", {"status": "failed"}).status_code == 403
    assert importer_client.post(f"/admin/papers/importrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    assert importer_client.get("/admin/papers/importrun/add/").status_code == 403
    run.refresh_from_db()
    assert run.status == "imported"


def test_a_file_failing_mid_import_is_rolled_back_and_the_others_still_import(importer_client, monkeypatch):
    from papers.services import importing

    real_update_known, calls = importing._update_known, []

    def fail_first(*args, **kwargs):  # the first file breaks after its papers are written
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real_update_known(*args, **kwargs)

    monkeypatch.setattr(importing, "_update_known", fail_first)
    first, second = (SimpleUploadedFile(p.name, p.read_bytes()) for p in API_FILES)
    upload(importer_client, first, second)
    response = confirm(importer_client, staged_ids())
    runs = dict(ImportRun.objects.values_list("filename", "status"))
    assert runs == {API_FILES[0].name: "failed", API_FILES[1].name: "imported"}
    assert list(Digest.objects.values_list("date", flat=True)) == [dt.date(2026, 6, 1)]
    assert Paper.objects.count() == 49  # nothing of the failed file
    page = text_of(BeautifulSoup(importer_client.get(response["Location"]).content, "html.parser"))
    assert "1 file imported." in page and "not imported: failed" in page
    assert list(StagedUpload.objects.values_list("filename", flat=True)) == [API_FILES[0].name]
