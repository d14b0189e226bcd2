"""A `next` address that leaves the site is never followed: an open redirect would let a
link to Lectern send a reader, just signed in, to a look-alike page.

Each form that redirects to `next` (log in, the admin's log in, log out, save and
remove a bookmark, follow a search) is sent the usual tricks: another host, a
protocol-relative address, backslashes browsers read as slashes, a javascript:
address. Each must redirect to a page of this site, the form's own fallback. A local
`next` is still followed, so a form that ignored `next` altogether would fail too.

Covered elsewhere and not repeated here: log in with next=https://evil.example/
(test_accounts); save with https://, // and javascript: (test_bookmark_views).
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from papers.following.models import SavedSearch
from papers.models import Bookmark, Paper
from papers.services.bookmarks import save_bookmark
from papers.services.importing import import_digest
from tests.digests import papers_by_date, plain_digest
from tests.readers import login

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"
OFF_SITE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example/",
    "/\\/evil.example",
    "https:evil.example",
    " //evil.example",
    "javascript:alert(1)",
]
# test_bookmark_views sends these to the save form already.
NOT_YET_FOR_SAVE = [n for n in OFF_SITE if n not in ("https://evil.example/", "//evil.example", "javascript:alert(1)")]


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Password hashing is not under test here: a cheap hasher keeps 70 log-ins quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada", "ada@example.org", PASSWORD)


@pytest.fixture
def paper():
    day = "2024-06-14"
    import_digest(plain_digest(papers_by_date()[day][:1], day, year=True).encode(), filename="one.txt")
    return Paper.objects.get()


@pytest.mark.parametrize("form", ["log in", "admin log in", "log out", "remove bookmark", "follow"])
def test_a_local_next_is_followed(client, django_user_model, ada, paper, form):
    """Without this, every test below would pass for a form that ignored `next` altogether."""
    assert send(form, client, django_user_model, ada, paper, "/team/?page=2")["Location"] == "/team/?page=2"


def send(form, client, django_user_model, ada, paper, target):
    """Post `form` with `target` as its next address, as the reader it needs."""
    if form == "log in":
        return client.post(reverse("login"), {"username": "ada", "password": PASSWORD, "next": target})
    if form == "admin log in":
        django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
        return client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD, "next": target})
    if form == "log out":
        return login(ada).post(reverse("logout"), {"next": target})
    if form == "remove bookmark":
        save_bookmark(ada, paper)
        return login(ada).post(reverse("papers:bookmark-delete", args=[paper.pk]), {"next": target})
    return login(ada).post(reverse("papers:following"), {"query": "q=diffusion", "next": target})


@pytest.mark.parametrize("where", ["query", "form"])
@pytest.mark.parametrize("target", OFF_SITE)
def test_log_in_goes_to_the_papers_list(client, ada, target, where):
    address = reverse("login") + ("?" + urlencode({"next": target}) if where == "query" else "")
    data = {"username": "ada", "password": PASSWORD, **({"next": target} if where == "form" else {})}
    response = client.post(address, data)
    assert response.status_code == 302 and response["Location"] == reverse("papers:list")
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_log_in_page_sends_a_signed_in_reader_home(ada, target):
    response = login(ada).get(reverse("login"), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("papers:list")


@pytest.mark.parametrize("target", OFF_SITE)
def test_admin_log_in_goes_to_the_papers_list(client, django_user_model, target):
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    response = client.post(
        reverse("admin:login") + "?" + urlencode({"next": target}),
        {"username": "root", "password": PASSWORD, "next": target},
    )
    # Django's admin falls back to LOGIN_REDIRECT_URL, the papers list.
    assert response.status_code == 302 and response["Location"] == reverse("papers:list")
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("target", OFF_SITE)
def test_log_out_stays_on_the_site(ada, target):
    client = login(ada)
    response = client.post(reverse("logout"), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("papers:list")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", NOT_YET_FOR_SAVE)
def test_saving_a_bookmark_goes_back_to_the_paper(ada, paper, target):
    response = login(ada).post(reverse("papers:bookmark", args=[paper.pk]), {"next": target})
    assert response["Location"] == paper.get_absolute_url()
    assert Bookmark.objects.filter(user=ada, paper=paper).exists()


@pytest.mark.parametrize("target", OFF_SITE)
def test_removing_a_bookmark_goes_back_to_the_paper(ada, paper, target):
    save_bookmark(ada, paper)
    response = login(ada).post(reverse("papers:bookmark-delete", args=[paper.pk]), {"next": target})
    assert response["Location"] == paper.get_absolute_url()
    assert not Bookmark.objects.filter(user=ada, paper=paper).exists()


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_signed_out_save_logs_in_to_come_back_to_the_paper(paper, target):
    response = Client().post(reverse("papers:bookmark", args=[paper.pk]), {"next": target})
    assert response["Location"] == f"{reverse('login')}?next={paper.get_absolute_url()}"


@pytest.mark.parametrize("target", OFF_SITE)
def test_following_a_search_goes_back_to_the_list(ada, paper, target):
    response = login(ada).post(reverse("papers:following"), {"query": "q=diffusion", "name": "", "next": target})
    assert response["Location"] == "/?q=diffusion"
    assert SavedSearch.objects.get(user=ada).query == "q=diffusion"
