"""GET a file the way a polite client does: a User-Agent naming Lectern, a timeout, retries
with backoff on 429, 5xx and dropped connections (a server's Retry-After wins, up to five
minutes), a conditional request when the server gave an ETag or Last-Modified, and a cap
on the size (LECTERN_MAX_UPLOAD_MB, as for uploads)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import takewhile

import requests
import urllib3
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 300  # seconds: longer asks are cut to this
CHUNK = 64 * 1024


class FetchError(Exception):
    """Why a file could not be fetched, in words for the import history."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int  # 200, or 304 (not modified: no data)
    data: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retry(Retry):
    """urllib3's Retry, pausing backoff_factor seconds before the first retry (not none),
    doubling after, and believing a Retry-After of at most five minutes."""

    def get_backoff_time(self) -> float:
        errors = len(list(takewhile(lambda attempt: attempt.redirect_location is None, reversed(self.history))))
        if errors == 0:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * 2 ** (errors - 1)))

    def get_retry_after(self, response):
        try:
            after = super().get_retry_after(response)
        except urllib3.exceptions.InvalidHeader:  # "Retry-After: soon": the usual backoff then
            return None
        return None if after is None else min(after, MAX_RETRY_AFTER)


def user_agent() -> str:
    return f"Lectern/1 (self-hosted paper reader; +{settings.LECTERN_BASE_URL})"


def session() -> requests.Session:
    retry = _Retry(
        total=settings.LECTERN_FETCH_RETRIES,
        connect=settings.LECTERN_FETCH_RETRIES,
        read=settings.LECTERN_FETCH_RETRIES,
        status=settings.LECTERN_FETCH_RETRIES,
        backoff_factor=settings.LECTERN_FETCH_BACKOFF_MS / 1000,
        backoff_max=MAX_RETRY_AFTER,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    http = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    http.headers["User-Agent"] = user_agent()
    return http


def get(url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*") -> Fetched:
    """The file at `url`, or 304 when it has not changed since the validators given."""
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = settings.LECTERN_FETCH_TIMEOUT
    try:
        with session() as http, http.get(url, headers=headers, timeout=(timeout, timeout), stream=True) as response:
            if response.status_code == 304:
                return Fetched(url, 304, etag=etag, last_modified=last_modified)
            if response.status_code != 200:
                tries = "" if response.status_code not in RETRY_STATUSES else (
                    f" after {settings.LECTERN_FETCH_RETRIES + 1} tries"
                )
                raise FetchError(f"the server answered {response.status_code} {response.reason or ''}".rstrip() + tries)
            data = _read(response, timeout)
            return Fetched(
                url, 200, data, etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except requests.exceptions.RetryError as exc:
        raise FetchError(f"the server kept answering with errors ({_reason(exc)})") from exc
    except requests.exceptions.Timeout as exc:
        raise FetchError(f"no answer within {timeout} s (LECTERN_FETCH_TIMEOUT)") from exc
    except requests.exceptions.ConnectionError as exc:
        if _timed_out(exc):  # a read timeout comes wrapped in a ConnectionError once retries are on
            raise FetchError(f"no answer within {timeout} s (LECTERN_FETCH_TIMEOUT)") from exc
        raise FetchError(f"could not connect: {_reason(exc)}") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"the request failed: {_reason(exc)}") from exc


def _read(response: requests.Response, timeout: int) -> bytes:
    """The body, at most the upload limit, in at most a few timeouts' time: a server that
    sends a byte now and then never times out a read, but does not hold a worker forever.
    read1 returns whatever has arrived, so the clock is looked at after every read."""
    limit = settings.LECTERN_MAX_UPLOAD_BYTES
    allowed = 4 * timeout
    deadline = time.monotonic() + allowed
    chunks, size = [], 0
    while True:
        try:
            chunk = response.raw.read1(CHUNK, decode_content=True)
        except urllib3.exceptions.HTTPError as exc:
            raise requests.exceptions.ConnectionError(exc) from exc
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError(f"the file is over the {settings.LECTERN_MAX_UPLOAD_MB} MB limit (LECTERN_MAX_UPLOAD_MB)")
        if time.monotonic() > deadline:
            raise FetchError(f"the file took over {allowed} s to arrive")
        chunks.append(chunk)


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        inner = getattr(exc, "reason", None)
        exc = exc.__cause__ or (inner if isinstance(inner, BaseException) else None) or (
            exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        )


def _timed_out(exc: BaseException) -> bool:
    # urllib3's NewConnectionError (refused, unreachable) is a ConnectTimeoutError by descent: not a timeout.
    return any(
        isinstance(e, (TimeoutError, urllib3.exceptions.TimeoutError))
        and not isinstance(e, urllib3.exceptions.NewConnectionError)
        for e in _causes(exc)
    )


def _reason(exc: Exception) -> str:
    """The innermost cause, without urllib3's pool and object names."""
    *_, innermost = _causes(exc)
    text = str(innermost)
    return text.split(": ", 1)[-1] if "object at 0x" in text else text
