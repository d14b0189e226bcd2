"""The bookmark admin lists who saved what and never shows the private notes."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from papers.models import Paper
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.digests import SEED

pytestmark = pytest.mark.django_db


def test_changelist_and_change_page_hide_notes(client):
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    reader = get_user_model().objects.create_user("reader", password="pw-for-tests-only")
    paper = Paper.objects.order_by("id").first()
    bookmark, _ = save_bookmark(reader, paper, status="reading", note="my private thoughts on this")
    client.force_login(get_user_model().objects.create_superuser("boss", password="pw-for-tests-only"))
    listing = client.get("/admin/papers/bookmark/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "reader" in html and paper.title[:40] in html
    change = client.get(f"/admin/papers/bookmark/{bookmark.pk}/change/").content.decode()
    assert "my private thoughts" not in html + change
    assert client.get("/admin/papers/bookmark/add/").status_code == 403
