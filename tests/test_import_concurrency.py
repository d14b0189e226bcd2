"""Two imports of the same file at the same moment store it once."""

import threading

import pytest
from django.db import connection

from papers.models import Appearance, Digest, ImportRun, Paper
from papers.services.importing import import_digest
from tests.digests import API_FILES, page_copy, papers_by_date


def _race(payloads):
    barrier = threading.Barrier(len(payloads))
    outcomes, errors = [], []

    def worker(data, name):
        try:
            barrier.wait()
            outcomes.append(import_digest(data, filename=name))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=payload) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_same_file_twice_at_once_is_stored_once():
    data = API_FILES[1].read_bytes()
    outcomes = _race([(data, "a.json"), (data, "b.json")])
    assert sorted(o.status for o in outcomes) == [ImportRun.Status.ALREADY_IMPORTED, ImportRun.Status.IMPORTED]
    assert Digest.objects.count() == 1
    assert Paper.objects.count() == 49 and Appearance.objects.count() == 49


@pytest.mark.django_db(transaction=True)
def test_two_files_sharing_papers_at_once_store_each_paper_once():
    rows = papers_by_date()["2026-06-01"]
    first = page_copy(rows, "2026-06-01").encode()
    second = API_FILES[1].read_bytes()  # the same 49 papers, as API JSON
    outcomes = _race([(first, "page.txt"), (second, "api.json")])
    assert all(o.status == ImportRun.Status.IMPORTED for o in outcomes)
    assert Paper.objects.count() == 49
    assert Digest.objects.count() == 2 and Appearance.objects.count() == 98
