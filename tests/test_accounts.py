"""Accounts: log in and out, password change and reset, optional sign-up, CSRF."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.test_settings import probe, run

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", PASSWORD, first_name="Alice")


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def csrf_from(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]


def test_login_page_in_portal_look(client):
    page = BeautifulSoup(client.get(reverse("login")).content, "html.parser")
    assert page.select_one("header.site-header")
    assert page.select_one("form.auth-form input[name=username]")
    assert page.select_one("form.auth-form input[type=password]")
    assert page.select_one(f"a[href='{reverse('password_reset')}']")
    assert not page.select_one(f"a[href='{reverse('signup')}']")  # sign-up is off


def test_login_then_logout(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("papers:list")
    assert logged_in(client)
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.select_one(".account .who").get_text(strip=True) == "Alice"
    logout_form = page.select_one(f".account form[action='{reverse('logout')}']")
    assert logout_form["method"] == "post" and logout_form.select_one("input[name=csrfmiddlewaretoken]")

    assert client.get(reverse("logout")).status_code == 405  # no log-out by GET (a link or an <img>)
    assert logged_in(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not logged_in(client)


def test_login_follows_next_but_not_offsite(client, alice):
    response = client.post(reverse("login") + "?next=/papers/1/", {"username": "alice", "password": PASSWORD, "next": "/papers/1/"})
    assert response["Location"] == "/papers/1/"
    client.logout()
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("papers:list")


def test_wrong_password_is_refused(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert not logged_in(client)


def test_csrf_enforced_on_login_and_logout(alice):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code == 403
    assert not logged_in(browser)
    token = csrf_from(browser.get(reverse("login")))
    response = browser.post(reverse("login"), {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and logged_in(browser)

    assert browser.post(reverse("logout")).status_code == 403
    assert logged_in(browser)
    token = csrf_from(browser.get("/"))  # the header's log-out form carries a token
    assert browser.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert not logged_in(browser)


def test_password_change(client, alice):
    url = reverse("password_change")
    assert client.get(url)["Location"].startswith(reverse("login") + "?next=")
    client.force_login(alice)
    page = client.get(url)
    assert page.status_code == 200 and b"site-header" in page.content
    response = client.post(url, {"old_password": "wrong", "new_password1": "n3w-Secret-pass", "new_password2": "n3w-Secret-pass"})
    assert response.status_code == 200  # form redisplayed with an error
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "n3w-Secret-pass", "new_password2": "n3w-Secret-pass"})
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200
    alice.refresh_from_db()
    assert alice.check_password("n3w-Secret-pass")


def test_password_reset_by_email(client, alice, settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"  # pytest-django's
    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert client.get(reverse("password_reset_done")).status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Reset your Lectern password"
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)

    response = client.get(link)  # Django swaps the token for a session value and redirects
    assert response.status_code == 302
    set_url = response["Location"]
    page = client.get(set_url)
    assert b"Choose a new password" in page.content
    response = client.post(set_url, {"new_password1": "fresh-Pass-2026", "new_password2": "fresh-Pass-2026"})
    assert response["Location"] == reverse("password_reset_complete")
    assert client.get(reverse("password_reset_complete")).status_code == 200
    alice.refresh_from_db()
    assert alice.check_password("fresh-Pass-2026")
    assert b"Link expired" in client.get(link, follow=True).content  # used once


def test_password_reset_for_unknown_address_sends_nothing(client, alice):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")  # no hint whether the address exists
    assert mail.outbox == []


def test_signup_is_404_when_off(client):
    assert client.get(reverse("signup")).status_code == 404
    assert client.post(reverse("signup"), {"username": "mallory"}).status_code == 404
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_signup_when_on(client, settings):
    settings.LECTERN_SELF_REGISTRATION = True
    assert b"Create an account" in client.get(reverse("login")).content
    assert client.get(reverse("signup")).status_code == 200
    response = client.post(
        reverse("signup"),
        {"username": "bob", "email": "bob@example.org", "password1": "B0b-reads-papers", "password2": "B0b-reads-papers"},
    )
    assert response["Location"] == reverse("papers:list")
    bob = get_user_model().objects.get(username="bob")
    assert bob.email == "bob@example.org" and not bob.is_staff and not bob.is_superuser
    assert logged_in(client)


def test_signup_rejects_weak_password(client, settings):
    settings.LECTERN_SELF_REGISTRATION = True
    response = client.post(
        reverse("signup"), {"username": "eve", "email": "eve@example.org", "password1": "password", "password2": "password"}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="eve").exists()


# --- Settings read from the environment (fresh interpreter per case, as in test_settings) ---


def test_account_settings_default_to_closed_and_console_mail(tmp_path):
    values = probe(tmp_path, "LECTERN_PUBLIC_READING", "LECTERN_SELF_REGISTRATION", "EMAIL_BACKEND", "LOGIN_URL")
    assert values == {
        "LECTERN_PUBLIC_READING": False,
        "LECTERN_SELF_REGISTRATION": False,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOGIN_URL": "login",
    }


def test_smtp_from_environment(tmp_path):
    values = probe(
        tmp_path, "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL",
        EMAIL_HOST="smtp.example.org", EMAIL_PORT="465", EMAIL_USE_SSL="true", LECTERN_PUBLIC_READING="yes",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 465,
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
    }


@pytest.mark.parametrize(
    "env, named",
    [
        ({"LECTERN_PUBLIC_READING": "maybe"}, "LECTERN_PUBLIC_READING"),
        ({"LECTERN_SELF_REGISTRATION": "2"}, "LECTERN_SELF_REGISTRATION"),
        ({"LECTERN_LOGIN_MAX_FAILURES": "0"}, "LECTERN_LOGIN_MAX_FAILURES"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "EMAIL_USE_SSL"),
    ],
)
def test_bad_values_stop_start_up(tmp_path, env, named):
    result = run(tmp_path, ["-c", "import django; django.setup()"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr
