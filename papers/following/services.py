"""Writes for followed searches: follow, change, stop; unsubscribe links; feed keys.

Every page and the API call these; each takes the reader from the request, never
from a form, so one reader cannot touch another's searches.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import QueryDict

from papers.filters import PaperFilterSet
from papers.following.models import FeedKey, SavedSearch

MAX_SEARCHES = 100  # a reader's followed searches: each costs a read per email run
# The list page's parameters a search keeps: its state, not where the reader was in it.
KEPT = ("q", "digest", "topic", "dataset", "has_code", "code_host", "saved", "saved_by", "sort")
UNSUBSCRIBE_SALT = "lectern.following.unsubscribe"
FEED_TOKEN_LENGTH = 32  # characters of HMAC after the public id


class FollowError(ValueError):
    """What is wrong with a follow or a change, for the reader; `field` names the input."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def canonical_query(params: QueryDict | str) -> str:
    """The list page's state as a stable query string: the parameters a search keeps,
    valid values only, in a fixed order ("q=…&topic=a&topic=b"); page and size dropped."""
    if isinstance(params, str):
        params = QueryDict(params)
    filterset = PaperFilterSet(params)
    filterset.is_valid()
    valid = filterset.form.cleaned_data
    pairs: list[tuple[str, str]] = []
    for name in KEPT:
        if name in filterset.errors or name not in params:
            continue
        value = valid.get(name)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item in (None, "", []):
                continue
            text = item.isoformat() if hasattr(item, "isoformat") else ("true" if item is True else "false" if item is False else str(item))
            pairs.append((name, text))
    return urlencode(pairs)


def default_name(query: str) -> str:
    """A name for a search nobody named: its words, else its first filters."""
    params = QueryDict(query)
    if params.get("q"):
        return params["q"][:100]
    parts = [f"{name} {value}" for name, values in params.lists() for value in values if name != "sort"]
    return (", ".join(parts) or "All papers")[:100]


def follow(user, query: str, name: str = "", email: str = SavedSearch.Email.DAILY) -> SavedSearch:
    """Follow a list-page state under a name; FollowError names what is wrong."""
    query = canonical_query(query)
    if len(query) > SavedSearch._meta.get_field("query").max_length:
        raise FollowError("query", "this search has too many filters to follow; remove some")
    name = " ".join((name or default_name(query)).split())[:100]
    _check(name=name, email=email)
    if SavedSearch.objects.filter(user=user).count() >= MAX_SEARCHES:
        raise FollowError("query", f"you follow {MAX_SEARCHES} searches already; stop following one first")
    existing = SavedSearch.objects.filter(user=user, query=query).first()
    if existing is not None:
        raise FollowError("query", f"you follow this search already, as “{existing.name}”")
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(user=user, query=query, name=name, email=email)
    except IntegrityError:
        raise FollowError("name", f"you have a search named “{name}” already") from None


def change(search: SavedSearch, *, name: str | None = None, email: str | None = None) -> SavedSearch:
    """Rename a search or change how often it is mailed."""
    if name is not None:
        search.name = " ".join(name.split())[:100]
    if email is not None:
        search.email = email
    _check(name=search.name, email=search.email)
    try:
        with transaction.atomic():
            search.save(update_fields=["name", "email"])
    except IntegrityError:
        raise FollowError("name", f"you have a search named “{search.name}” already") from None
    return search


def _check(*, name: str, email: str) -> None:
    if not name:
        raise FollowError("name", "give the search a name")
    if email not in SavedSearch.Email.values:
        raise FollowError("email", f"email must be one of {', '.join(SavedSearch.Email.values)}")


def stop(search: SavedSearch) -> None:
    search.delete()


# --- Unsubscribe links: signed, so they work without logging in and cannot be forged.

def unsubscribe_token(user_id: int, search_ids: list[int]) -> str:
    return signing.dumps({"u": user_id, "s": sorted(search_ids)}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe(token: str) -> list[SavedSearch]:
    """Turn off the emails of the searches a link names (theirs only); BadSignature if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    searches = list(SavedSearch.objects.filter(user_id=data["u"], pk__in=data["s"]))
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(email=SavedSearch.Email.OFF)
    for search in searches:
        search.email = SavedSearch.Email.OFF
    return searches


# --- Feed keys: the URL token is the public id and an HMAC of it; only the id is stored.

def _mac(public_id: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"lectern-feed:{public_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:FEED_TOKEN_LENGTH]


def feed_token(user) -> str | None:
    key = FeedKey.objects.filter(user=user).first()
    return f"{key.public_id}{_mac(key.public_id)}" if key else None


def issue_feed_key(user) -> str:
    """A fresh feed key: the reader's feed addresses change, the old ones answer 404."""
    with transaction.atomic():
        FeedKey.objects.filter(user=user).delete()
        key = FeedKey.objects.create(user=user, public_id=secrets.token_hex(8))
    return f"{key.public_id}{_mac(key.public_id)}"


def revoke_feed_key(user) -> None:
    FeedKey.objects.filter(user=user).delete()


def feed_user(token: str):
    """The active member a feed token belongs to, or None: wrong, forged and revoked alike."""
    public_id, mac = token[:16], token[16:]
    if len(public_id) != 16 or not hmac.compare_digest(mac, _mac(public_id)):
        return None
    key = FeedKey.objects.select_related("user").filter(public_id=public_id, user__is_active=True).first()
    return key.user if key else None
