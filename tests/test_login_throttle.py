"""Failed logins are throttled per username and per client address (portal.throttle)."""

import pytest
from django.urls import reverse

from portal import throttle

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"
REFUSED = "Too many failed log-in attempts"


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD) for name in ("alice", "bob")]


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        response = attempt(client, username, "wrong", ip)
        assert response.status_code == 200 and REFUSED not in response.content.decode()


def test_five_failures_for_a_username_lock_it_even_from_elsewhere(client, users):
    fail(client, "alice", 5)
    response = attempt(client, "alice", PASSWORD, ip="10.9.9.9")  # right password, other address
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "Try again in 15 minute(s)" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert attempt(client, "bob", PASSWORD, ip="10.9.9.9").status_code == 302  # others unaffected


def test_username_ignores_case_and_spaces(client, users):
    fail(client, "Alice", 2, ip="10.0.0.1")
    fail(client, " alice ", 3, ip="10.0.0.2")
    assert REFUSED in attempt(client, "alice", PASSWORD, ip="10.0.0.3").content.decode()


def test_five_failures_from_an_address_lock_it_for_every_username(client, users):
    for name in ("alice", "bob", "carol", "dave", "erin"):
        fail(client, name, 1)
    assert REFUSED in attempt(client, "bob", PASSWORD).content.decode()
    assert attempt(client, "bob", PASSWORD, ip="10.0.0.2").status_code == 302


def test_four_failures_then_success_clears_the_username_only(client, users):
    fail(client, "alice", 4)
    assert attempt(client, "alice", PASSWORD, ip="10.0.0.2").status_code == 302  # below the limit: allowed
    client.logout()
    fail(client, "alice", 4, ip="10.0.0.2")  # the username's count started again
    assert attempt(client, "alice", PASSWORD, ip="10.0.0.3").status_code == 302
    client.logout()
    # The first address kept its four failures: one more (any username) locks it.
    fail(client, "bob", 1)
    assert REFUSED in attempt(client, "bob", PASSWORD).content.decode()


def test_success_does_not_clear_the_address(client, users):
    fail(client, "bob", 4)
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.logout()
    fail(client, "bob", 1)
    assert REFUSED in attempt(client, "bob", PASSWORD).content.decode()


def test_lock_ends_with_the_window(client, users, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    fail(client, "alice", 5)
    now[0] += 14 * 60
    response = attempt(client, "alice", PASSWORD, ip="10.0.0.2")
    assert REFUSED in response.content.decode() and "1 minute(s)" in response.content.decode()
    now[0] += 61  # refused attempts did not extend the window
    assert attempt(client, "alice", PASSWORD, ip="10.0.0.2").status_code == 302


def test_limit_and_window_are_settings(client, users, settings):
    settings.LECTERN_LOGIN_MAX_FAILURES = 2
    fail(client, "alice", 2)
    assert REFUSED in attempt(client, "alice", PASSWORD, ip="10.0.0.2").content.decode()


def test_behind_the_tls_proxy_the_forwarded_address_counts(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert throttle.client_address(request) == "127.0.0.1"
    settings.LECTERN_HTTPS = True
    assert throttle.client_address(request) == "5.6.7.8"


def test_admin_login_is_throttled_too(client, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "root", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
        assert "staff account" in response.content.decode()  # the admin's own message
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 200 and REFUSED in response.content.decode()
    # Failures on either page count together.
    assert REFUSED in attempt(client, "root", PASSWORD, ip="10.0.0.3").content.decode()
