"""Callers of the API in tests: a token's headers, and JSON requests with them."""

from __future__ import annotations

import json

from django.test import Client

from papers.api import tokens


def token_for(user, name: str = "tests") -> str:
    _, key = tokens.create_token(user, name)
    return key


def auth(key: str, keyword: str = "Token") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"{keyword} {key}"}


def send(client: Client, method: str, url: str, data=None, **headers):
    """A JSON request (method: get, put, post, patch, delete)."""
    if data is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, json.dumps(data), content_type="application/json", **headers)
