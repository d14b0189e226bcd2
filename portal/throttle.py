"""Throttle repeated failed logins, per username and per client address.

Each failure counts against two keys in Django's cache: the username (case and
surrounding spaces ignored) and the client address. A key's window opens at its
first failure and lasts ``LECTERN_LOGIN_WINDOW_SECONDS``; once a key has
``LECTERN_LOGIN_MAX_FAILURES`` failures, every attempt that involves it, even with
the right password, is refused until the window ends. Refused attempts do not
extend the window.

A successful login clears its username's count only: the address keeps its
count, or whoever holds one account could wipe the address count between guesses
at other accounts.

The window's end is stored with the count (rather than relying on ``cache.incr``,
which on the file cache rewrites the entry with the default timeout). Two
failures at the same instant in two processes may count as one; a throttle does
not need to be exact.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_PREFIX = "login-failures"


@dataclass(frozen=True)
class Lockout:
    """Why an attempt is refused and how long the refusal lasts."""

    seconds_left: int

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil(self.seconds_left / 60))


def client_address(request) -> str:
    """The client's IP address. Behind the TLS proxy (LECTERN_HTTPS) every request
    comes from the proxy, so the address it appends to X-Forwarded-For is used."""
    if getattr(settings, "LECTERN_HTTPS", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(username: str, address: str) -> list[str]:
    keys = [_key("addr", address)]
    if username.strip():
        keys.append(_key("user", username.strip().lower()))
    return keys


def _key(kind: str, value: str) -> str:
    # Hashed: usernames may hold characters some cache backends refuse in keys.
    return f"{_PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _entry(key: str, now: float) -> tuple[int, float] | None:
    entry = cache.get(key)
    if entry is None or entry[1] <= now:
        return None
    return entry


def lockout(username: str, address: str) -> Lockout | None:
    """A Lockout when the username or the address has used up its failures."""
    now = time.time()
    limit = settings.LECTERN_LOGIN_MAX_FAILURES
    ends = [
        entry[1] for key in _keys(username, address) if (entry := _entry(key, now)) and entry[0] >= limit
    ]
    if not ends:
        return None
    return Lockout(seconds_left=math.ceil(max(ends) - now))


def record_failure(username: str, address: str) -> None:
    now = time.time()
    for key in _keys(username, address):
        count, end = _entry(key, now) or (0, now + settings.LECTERN_LOGIN_WINDOW_SECONDS)
        cache.set(key, (count + 1, end), timeout=max(1, math.ceil(end - now)))


def record_success(username: str) -> None:
    if username.strip():
        cache.delete(_key("user", username.strip().lower()))
