"""Shared pytest fixtures (pytest-django provides db, client, settings, ...)."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without `collectstatic`: the manifest storage is for serving."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
