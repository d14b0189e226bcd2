"""One error shape for the whole API: {"error": "what went wrong", "errors": {field: [...]}}.

"errors" appears on a 400 and names every bad field (or "body" for the request as a
whole); a 401 adds "login_url" for people who read the answer in a browser.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import resolve_url
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out = {}
        for name, value in detail.items():
            name = "body" if name == "non_field_errors" else str(name)
            if isinstance(value, dict):
                for inner, messages in _flatten(value).items():
                    out[f"{name}.{inner}"] = messages
            else:
                out[name] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    return {"body": [str(v) for v in (detail if isinstance(detail, list) else [detail])]}


def _first_message(errors: dict[str, list[str]]) -> str:
    for name, messages in errors.items():
        if messages:
            return messages[0] if name == "body" else f"{name}: {messages[0]}"
    return "invalid request"


def handle(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        response.data = {"error": _first_message(errors), "errors": errors}
    elif isinstance(exc, exceptions.ParseError):
        response.data = {"error": str(exc.detail), "errors": {"body": [str(exc.detail)]}}
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = {"error": "authentication required"}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"error": str(detail)}
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response.data["login_url"] = resolve_url(settings.LOGIN_URL)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        seconds = max(1, math.ceil(exc.wait))  # the header and the body say the same
        response["Retry-After"] = str(seconds)
        response.data["retry_after"] = seconds
    return response


def invalid(errors: dict[str, list[str]], message: str | None = None, code: int = 400) -> Response:
    """A 400 in the shared shape, for views that check input themselves."""
    return Response({"error": message or _first_message(errors), "errors": errors}, status=code)


