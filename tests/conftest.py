"""Shared pytest fixtures (pytest-django provides db, client, settings, ...)."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without `collectstatic`: the manifest storage is for serving."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """LECTERN_TEST_DB_SUFFIX=x runs the suite on test_lectern_x, so two runs can share a server."""
    import os

    from django.conf import settings

    suffix = os.environ.get("LECTERN_TEST_DB_SUFFIX")
    if suffix:
        for db in settings.DATABASES.values():
            db.setdefault("TEST", {})["NAME"] = f"test_{db['NAME']}_{suffix}"
