"""Shared pytest fixtures (pytest-django provides db, client, settings, ...)."""

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests see the same examples on every run (CI stays green or red for a reason);
# HYPOTHESIS_PROFILE=thorough draws fresh ones, ten times as many (tests/test_parser_properties.py).
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
hypothesis_settings.register_profile("thorough", deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
EXAMPLES_SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1


def pytest_configure(config):
    """Tests never use the portal's file cache under var/, not even from module-scoped
    fixtures that run before the per-test settings fixture."""
    from django.conf import settings

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without `collectstatic`: the manifest storage is for serving."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test gets its own empty in-memory cache: rolled-back tests reuse data versions,
    and the portal's file cache under var/ must not see test data."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """LECTERN_TEST_DB_SUFFIX=x runs the suite on test_lectern_x, so two runs can share a server."""
    import os

    from django.conf import settings

    suffix = os.environ.get("LECTERN_TEST_DB_SUFFIX")
    if suffix:
        for db in settings.DATABASES.values():
            db.setdefault("TEST", {})["NAME"] = f"test_{db['NAME']}_{suffix}"


@pytest.fixture(autouse=True)
def _seeded_labels(request):
    """pytest-django empties every table after a transactional test (live server,
    threads), the topics and datasets migration 0003 seeds included; a test that
    uses the database finds them again, whichever tests ran before it."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_db:
        from tests.corpus import ensure_seeded_labels

        request.getfixturevalue("_django_db_helper")  # inside the test's database access
        ensure_seeded_labels()
    yield


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """Every real paper of tests/data, imported once for a module of read-only tests."""
    from papers.models import Digest, ImportRun, Paper
    from tests.corpus import import_all_real_papers

    with django_db_blocker.unblock():
        import_all_real_papers()
        yield
        Paper.objects.all().delete()
        Digest.objects.all().delete()
        ImportRun.objects.all().delete()


@pytest.fixture(autouse=True)
def _public_reading(request, settings):
    """Reading needs an account by default, but most tests read pages anonymously: they
    run with LECTERN_PUBLIC_READING on. Tests of access control are marked
    ``@pytest.mark.private_reading`` and get the production default."""
    settings.LECTERN_PUBLIC_READING = request.node.get_closest_marker("private_reading") is None
