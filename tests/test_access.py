"""Who may read: an account by default, anyone read-only when LECTERN_PUBLIC_READING is on."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from papers.models import Paper
from papers.services.importing import import_digest
from tests.digests import SEED

pytestmark = [pytest.mark.django_db, pytest.mark.private_reading]


@pytest.fixture
def paper():
    import_digest(SEED.read_bytes(), filename=SEED.name, today=dt.date(2026, 11, 28))
    return Paper.objects.order_by("pk").first()


@pytest.fixture
def reader(client, django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.org", "pw-for-reading-1")
    client.force_login(user)
    return user


def pages(paper):
    return ["/?q=diffusion&topic=vision", reverse("papers:detail", args=[paper.pk])]


def apis(paper):
    return ["/api/papers/?q=diffusion", reverse("papers:api-detail", args=[paper.pk])]


def test_default_setting_is_closed():
    from django.conf import settings

    # The autouse fixture opens reading for other tests; this one runs with the default.
    assert settings.LECTERN_PUBLIC_READING is False


def test_anonymous_pages_redirect_to_login_with_next(client, paper):
    for url in pages(paper):
        response = client.get(url)
        assert response.status_code == 302, url
        login = reverse("login")
        assert response["Location"].startswith(f"{login}?next="), response["Location"]
        follow = client.get(response["Location"])
        assert follow.status_code == 200
        next_field = BeautifulSoup(follow.content, "html.parser").select_one("form input[name=next]")
        assert next_field["value"] == url


def test_anonymous_api_gets_401_json_not_a_redirect(client, paper):
    for url in apis(paper):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == "authentication required"
        assert response.json()["login_url"] == reverse("login")


def test_logged_in_reader_reads_everything(client, reader, paper):
    for url in pages(paper) + apis(paper):
        assert client.get(url).status_code == 200, url


def test_public_reading_opens_read_only_browsing(client, paper, settings):
    settings.LECTERN_PUBLIC_READING = True
    for url in pages(paper) + apis(paper):
        assert client.get(url).status_code == 200, url
    assert client.head("/").status_code == 200
    # Read-only: the API answers 405 to anything but GET, as for members.
    assert client.post("/api/papers/").status_code == 405


def test_public_reading_shows_log_in_link(client, paper, settings):
    settings.LECTERN_PUBLIC_READING = True
    html = client.get("/?topic=vision").content.decode()
    assert 'href="/accounts/login/?next=/%3Ftopic%3Dvision"' in html
    assert "Log out" not in html


def test_admin_keeps_its_own_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
