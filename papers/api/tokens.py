"""Writes and the lookup for API tokens: create (the key returned once), revoke, and
find the live token of a key. Callers pass the reader from the request, never an id."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from papers.api.models import ApiToken

KEY_PREFIX = "lct_"
SHOWN = 12  # characters of the key kept in clear: the prefix and 8 more
MAX_TOKENS = 50  # live tokens per reader
LAST_USED_STEP = dt.timedelta(minutes=1)  # last_used_at is written at most this often


class TokenError(ValueError):
    """What is wrong with a new token, for the reader; `field` names the input."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new live token for the user and its key (which nothing stores)."""
    name = " ".join((name or "").split())
    if not name:
        raise TokenError("name", "give the token a name, to know later what uses it")
    if len(name) > 100:
        raise TokenError("name", "a token's name has at most 100 characters")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise TokenError("name", f"you have {MAX_TOKENS} tokens already; revoke one first")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(user=user, name=name, prefix=key[:SHOWN], digest=digest_of(key))
    except IntegrityError as exc:
        raise TokenError("name", f"you have a token named “{name}” already") from exc
    return token, key


def revoke_token(user, pk: int) -> ApiToken | None:
    """Revoke the user's token; None when the user has no live token of that id."""
    token = ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).first()
    if token is None:
        return None
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def tokens_of(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def live_token(key: str) -> ApiToken | None:
    """The live token of a key, with its user; notes when it was used (once a minute at most)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(key), revoked_at__isnull=True).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
