"""Persisted fallback SECRET_KEY for installs that do not set one in the environment."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key


def load_or_create_secret_key(path: Path) -> str:
    """Return the key stored in ``path``, generating it (mode 0600) on first use.

    Safe against concurrent first starts (several gunicorn workers): the key is
    written to a private temp file and hard-linked into place, so readers never
    see a half-written file and exactly one generated key wins.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(get_random_secret_key() + "\n")
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process created it first; use theirs
        finally:
            os.unlink(tmp)
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"Secret key file {path} is empty; delete it to regenerate.")
    return key
