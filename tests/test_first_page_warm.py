"""Every service that changes the papers counts the first page's facets once it commits,
so the first reader after an import, an undo or a relabelling does not wait for them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper, Topic
from papers.selectors import PaperQuery, search_papers
from papers.services.classification import recompute_all
from papers.services.importing import import_digest
from papers.services.undo import undo_import
from tests.digests import API_FILES

pytestmark = pytest.mark.django_db


def _counting_statements() -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        page = search_papers(PaperQuery())
    assert page.total == Paper.objects.count()
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH m AS")]


def _committed(change, django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = change()
    return result


def test_an_import_counts_the_first_page(django_capture_on_commit_callbacks):
    _committed(lambda: import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name), django_capture_on_commit_callbacks)
    assert _counting_statements() == []


def test_an_undo_counts_the_first_page(django_capture_on_commit_callbacks):
    runs = [import_digest(f.read_bytes(), filename=f.name).run for f in API_FILES[:2]]
    _committed(lambda: undo_import(runs[1].pk), django_capture_on_commit_callbacks)
    assert _counting_statements() == []


def test_a_relabelling_that_changes_papers_counts_the_first_page(django_capture_on_commit_callbacks):
    import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name)
    Topic.objects.create(slug="noisy-rewards", name="Noisy rewards", patterns=r"\bnoisy rewards?\b", position=99)
    result = _committed(recompute_all, django_capture_on_commit_callbacks)
    assert result.changed == 1
    assert _counting_statements() == []


def test_without_warming_the_first_reader_counts(django_capture_on_commit_callbacks):
    """The check above can fail: a change that commits without warming leaves the counting to the reader."""
    import_digest(API_FILES[0].read_bytes(), filename=API_FILES[0].name)
    cache.clear()
    assert len(_counting_statements()) == 1
