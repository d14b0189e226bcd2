"""The bookmark service: create, update, remove; one bookmark per user and paper."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from papers.models import Bookmark, Paper
from papers.services.bookmarks import remove_bookmark, save_bookmark
from papers.services.importing import import_digest
from tests.digests import SEED


def _import_seed():
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    return Paper.objects.order_by("pk").first()


@pytest.fixture
def paper(db):
    return _import_seed()


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", password="pw-ada-12345", first_name="Ada", last_name="Lovelace")


@pytest.mark.django_db
def test_save_creates_then_updates_one_bookmark(paper, ada):
    bookmark, created = save_bookmark(ada, paper)
    assert created and bookmark.status == Bookmark.Status.TO_READ and bookmark.note == ""
    bookmark, created = save_bookmark(ada, paper, status="reading", note="Section 3 first.")
    assert not created and bookmark.status == "reading" and bookmark.note == "Section 3 first."
    bookmark, created = save_bookmark(ada, paper, status="read")  # no note given: the note stays
    assert bookmark.status == "read" and bookmark.note == "Section 3 first."
    bookmark, _ = save_bookmark(ada, paper, note="")  # an empty note clears it; status stays
    assert bookmark.status == "read" and bookmark.note == ""
    assert Bookmark.objects.filter(user=ada, paper=paper).count() == 1
    assert bookmark.updated_at >= bookmark.created_at


@pytest.mark.django_db
def test_unknown_status_is_refused(paper, ada):
    with pytest.raises(ValueError):
        save_bookmark(ada, paper, status="skimmed")
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
def test_remove(paper, ada):
    save_bookmark(ada, paper)
    assert remove_bookmark(ada, paper) is True
    assert remove_bookmark(ada, paper) is False
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
def test_database_refuses_a_second_bookmark(paper, ada):
    Bookmark.objects.create(user=ada, paper=paper)
    with pytest.raises(IntegrityError, match="bookmark_unique_user_paper"), transaction.atomic():
        Bookmark.objects.create(user=ada, paper=paper, status="read")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_store_one_bookmark(django_user_model):
    paper = _import_seed()
    user = django_user_model.objects.create_user("ada", password="pw-ada-12345")
    statuses = ["reading", "read"] * 4
    barrier = threading.Barrier(len(statuses))
    outcomes, errors = [], []

    def worker(status):
        try:
            barrier.wait()
            outcomes.append(save_bookmark(user, paper, status=status, note=f"from {status}"))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(s,)) for s in statuses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert [created for _, created in outcomes].count(True) == 1
    stored = Bookmark.objects.get(user=user, paper=paper)
    assert stored.status in ("reading", "read") and stored.note == f"from {stored.status}"
