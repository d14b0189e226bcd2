"""API tokens: made on the account page or by the command, used as Token or Bearer, hashed
at rest, revoked for good; every refusal is a 401 JSON; a token has its user's permissions."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client

from papers.api import tokens
from papers.api.models import ApiToken
from tests.api_clients import auth, send, token_for
from tests.followers import ada, bob  # noqa: F401 (fixtures)
from tests.readers import login
from tests.smtp import REPO, command_env

pytestmark = pytest.mark.django_db


def test_a_token_reads_and_writes_as_its_user(client, ada):
    key = token_for(ada)
    assert key.startswith("lct_") and len(key) > 40
    for keyword in ("Token", "Bearer", "token"):
        response = client.get("/api/searches/", **auth(key, keyword))
        assert response.status_code == 200, (keyword, response.content)
    created = send(client, "post", "/api/searches/", {"query": "q=diffusion"}, **auth(key))
    assert created.status_code == 201
    assert ada.saved_searches.get().query == "q=diffusion"


def test_the_key_is_stored_hashed_and_nowhere_in_clear(ada):
    token, key = tokens.create_token(ada, "bot")
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:12] and token.prefix != key
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM papers_apitoken t")
        (row,) = cursor.fetchone()
    assert key not in row and key[12:] not in row


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Token lct_wrong",
        "Token",
        "Token two words",
        "Bearer " + "lct_" + "x" * 43,
        "Token not-our-prefix",
    ],
)
def test_missing_or_wrong_tokens_get_401_json(client, ada, header):
    token_for(ada)
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/bookmarks/", **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["error"]


def test_a_revoked_token_stops_working_and_stays_listed(client, ada):
    token, key = tokens.create_token(ada, "old bot")
    assert client.get("/api/bookmarks/", **auth(key)).status_code == 200
    assert tokens.revoke_token(ada, token.pk) is not None
    response = client.get("/api/bookmarks/", **auth(key))
    assert response.status_code == 401 and "revoked" in response.json()["error"]
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert tokens.revoke_token(ada, token.pk) is None  # once


def test_a_wrong_token_is_refused_even_beside_a_session(ada):
    client = login(ada)
    assert client.get("/api/bookmarks/").status_code == 200
    assert client.get("/api/bookmarks/", **auth("lct_wrong")).status_code == 401


def test_a_disabled_account_s_tokens_stop_working(client, ada):
    key = token_for(ada)
    ada.is_active = False
    ada.save()
    assert client.get("/api/bookmarks/", **auth(key)).status_code == 401


def test_last_used_is_noted(client, ada):
    token, key = tokens.create_token(ada, "bot")
    assert token.last_used_at is None
    client.get("/api/bookmarks/", **auth(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_has_exactly_its_user_s_permissions(client, ada, bob):
    reader = token_for(ada)
    assert client.get("/api/imports/", **auth(reader)).status_code == 403
    bob.is_staff = True
    bob.save()
    staff_without_permission = token_for(bob)
    assert client.get("/api/imports/", **auth(staff_without_permission)).status_code == 403
    bob.user_permissions.add(Permission.objects.get(codename="import_digests"))
    assert client.get("/api/imports/", **auth(staff_without_permission)).status_code == 200


def test_token_writes_need_no_csrf_but_session_writes_do(ada):
    strict = Client(enforce_csrf_checks=True)
    assert send(strict, "post", "/api/searches/", {"query": "q=a"}, **auth(token_for(ada))).status_code == 201
    session = login(ada, enforce_csrf_checks=True)
    refused = send(session, "post", "/api/searches/", {"query": "q=b"})
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]


def test_names_are_required_and_distinct_among_live_tokens(ada):
    with pytest.raises(tokens.TokenError):
        tokens.create_token(ada, "   ")
    first, _ = tokens.create_token(ada, "bot")
    with pytest.raises(tokens.TokenError, match="already"):
        tokens.create_token(ada, "bot")
    tokens.revoke_token(ada, first.pk)
    tokens.create_token(ada, "bot")  # the name is free again once revoked


def test_the_account_page_shows_a_new_key_once_and_revokes(ada, bob):
    client = login(ada)
    response = client.post("/account/", {"action": "new-token", "name": "chat <bot>"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    key = page.select_one("#new-key").get_text()
    assert key.startswith("lct_")
    assert "chat <bot>" in page.select_one("table.tokens").get_text()  # escaped, shown as text
    assert "<bot>" not in response.content.decode().replace("&lt;bot&gt;", "")
    assert Client().get("/api/bookmarks/", **auth(key)).status_code == 200
    again = client.get("/account/").content.decode()
    assert key not in again and key[:12] in again  # the prefix only
    token = ApiToken.objects.get(user=ada)
    assert client.post("/account/", {"action": "revoke-token", "token": token.pk}).status_code == 302
    assert Client().get("/api/bookmarks/", **auth(key)).status_code == 401
    # bob cannot revoke ada's token, nor see it
    other, _ = tokens.create_token(ada, "second")
    as_bob = login(bob)
    as_bob.post("/account/", {"action": "revoke-token", "token": other.pk})
    assert as_bob.post("/account/", {"action": "revoke-token", "token": "²"}).status_code == 302  # not a number
    other.refresh_from_db()
    assert other.live and "second" not in as_bob.get("/account/").content.decode()


def test_the_account_page_refuses_a_nameless_token_and_needs_csrf(ada):
    client = login(ada)
    response = client.post("/account/", {"action": "new-token", "name": ""})
    assert response.status_code == 400 and "give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()
    strict = login(ada, enforce_csrf_checks=True)
    assert strict.post("/account/", {"action": "new-token", "name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_only_the_key_as_its_last_line(django_user_model):
    django_user_model.objects.create_user("carol", password="x")
    env = command_env()
    done = subprocess.run(
        [sys.executable, "manage.py", "api_token", "carol", "--name", "cron"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip().splitlines()[-1]
    assert done.stdout.strip() == key
    assert Client().get("/api/bookmarks/", **auth(key)).status_code == 200
    assert ApiToken.objects.get().name == "cron"
    missing = subprocess.run(
        [sys.executable, "manage.py", "api_token", "nobody"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert missing.returncode != 0 and "no user named 'nobody'" in missing.stderr

