"""Typed helpers for reading configuration from environment variables.

Every helper raises ``ImproperlyConfigured`` naming the variable when its value
cannot be interpreted, so a typo in deployment config fails loudly at start-up
instead of silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _raw(name: str) -> str | None:
    """Return the variable's value, or None when it is unset or blank."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name} must be a boolean "
        f"(true/false, 1/0, yes/no, on/off), got {value!r}."
    )


def env_int(
    name: str, default: int, min_value: int | None = None, max_value: int | None = None
) -> int:
    value = _raw(name)
    if value is None:
        result = default
    else:
        try:
            result = int(value.strip())
        except ValueError:
            raise ImproperlyConfigured(
                f"Environment variable {name} must be an integer, got {value!r}."
            ) from None
    if min_value is not None and result < min_value:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be >= {min_value}, got {result}."
        )
    if max_value is not None and result > max_value:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be <= {max_value}, got {result}."
        )
    return result


def env_list(name: str, default: str | Iterable[str]) -> list[str]:
    """Comma-separated list; items are stripped and empty items dropped.

    ``default`` may be a comma-separated string or an iterable of strings.
    """
    value = os.environ.get(name)
    if value is None:
        if isinstance(default, str):
            value = default
        else:
            return [item.strip() for item in default if item.strip()]
    return [item.strip() for item in value.split(",") if item.strip()]
