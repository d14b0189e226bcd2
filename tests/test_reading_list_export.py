"""Exporting my reading list as BibTeX, CSV and JSON: my papers only, my notes,
the page's filters and order, and nothing a spreadsheet would run."""

import csv
import io
import json

import pytest

from papers.services.bookmarks import save_bookmark
from tests.readers import import_seed, login

pytestmark = pytest.mark.django_db

FORMULA_NOTE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def papers():
    return import_seed()


@pytest.fixture
def ada(django_user_model, papers):
    user = django_user_model.objects.create_user("ada")
    for n, paper in enumerate(papers[:6]):
        save_bookmark(user, paper, status=("to_read", "reading", "read")[n % 3])
    save_bookmark(user, papers[0], note=FORMULA_NOTE)
    return user


@pytest.fixture
def bob(django_user_model, papers):
    user = django_user_model.objects.create_user("bob")
    for paper in papers[10:14]:
        save_bookmark(user, paper, note="bob's note")
    return user


def _get(user, fmt, **params):
    return login(user).get(f"/reading-list/export.{fmt}", params)


def test_json_export_holds_my_papers_with_status_and_note(papers, ada, bob):
    response = _get(ada, "json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="reading-list-')
    assert "no-store" in response["Cache-Control"]
    rows = json.loads(response.content)
    assert [r["title"] for r in rows] == [p.title for p in reversed(papers[:6])]  # newest save first
    first = rows[-1]
    assert first["note"] == FORMULA_NOTE and first["status"] == "to_read"
    assert first["url"] == f"http://testserver/papers/{papers[0].id}/"
    assert first["digests"] == ["2026-03-12"] and first["arxiv_id"] == papers[0].arxiv_id
    assert "bob's note" not in response.content.decode()


def test_csv_export_quotes_what_a_spreadsheet_would_run(papers, ada):
    response = _get(ada, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    note = next(r["note"] for r in rows if r["title"] == papers[0].title)
    assert note == "'" + FORMULA_NOTE  # a spreadsheet shows it as text instead of running it
    assert all(r[c][:1] not in ("=", "+", "-", "@") for r in rows for c in r)


def test_bibtex_export_has_one_entry_per_paper_with_unique_keys(papers, ada):
    text = _get(ada, "bib").content.decode()
    keys = [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@misc{")]
    assert len(keys) == 6 == len(set(keys))
    assert text.count("{") == text.count("}")
    assert FORMULA_NOTE not in text  # notes stay out of citations


def test_export_follows_the_filters_of_the_page(papers, ada):
    rows = json.loads(_get(ada, "json", status="read").content)
    assert [r["title"] for r in rows] == [papers[5].title, papers[2].title]
    rows = json.loads(_get(ada, "json", sort="title").content)
    assert [r["title"] for r in rows] == [p.title for p in sorted(papers[:6], key=lambda p: (p.title_key, p.id))]


def test_an_unknown_format_is_not_found(ada):
    assert _get(ada, "xlsx").status_code == 404


def test_an_empty_list_exports_empty_files(django_user_model, papers):
    nobody = django_user_model.objects.create_user("nobody")
    assert json.loads(_get(nobody, "json").content) == []
    assert _get(nobody, "csv").content.decode().splitlines()[0].startswith("title,authors")
    assert _get(nobody, "bib").content == b""
