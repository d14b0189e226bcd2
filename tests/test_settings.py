"""Settings are read from the environment; each case runs in a fresh interpreter."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PROD_SECRET = "x7#kQ2!vR9$mZp4&Lw8^Tn3*Hc6@Jd1%Yb5(Gf0)Se2-Ua9+Ko4=Xi7_Nq3Vr8Bt"
PROBE = (
    "import json; from django.conf import settings as s; print(json.dumps({k: "
    "(list(v) if isinstance(v, tuple) else v) for k in %r "
    "for v in [getattr(s, k, None)]}))"
)
MANAGED = (
    "SECRET_KEY DEBUG ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS LECTERN_HTTPS SECURE_HSTS_SECONDS "
    "LECTERN_PORT LECTERN_MAX_UPLOAD_MB DATABASE_URL LECTERN_PGDATA LECTERN_STATIC_MANIFEST "
    "DJANGO_ALLOW_ASYNC_UNSAFE LECTERN_DB_WORK_MEM"
).split()


def run(tmp_path, args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in MANAGED}
    clean.update(DJANGO_SETTINGS_MODULE="portal.settings", LECTERN_VAR_DIR=str(tmp_path / "var"))
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


def probe(tmp_path, *names, **env):
    result = run(tmp_path, ["-c", PROBE % (names,)], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=PROD_SECRET,
        DEBUG="false",
        LECTERN_HTTPS="true",
        ALLOWED_HOSTS="papers.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults(tmp_path):
    s = probe(
        tmp_path,
        "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "LECTERN_PORT",
        "LECTERN_MAX_UPLOAD_BYTES", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "DATABASES",
    )
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert s["CSRF_TRUSTED_ORIGINS"] == []
    assert s["SECURE_SSL_REDIRECT"] is False and s["SESSION_COOKIE_SECURE"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["LECTERN_PORT"] == 8000
    assert s["LECTERN_MAX_UPLOAD_BYTES"] == 20 * 1024 * 1024
    assert (s["X_FRAME_OPTIONS"], s["SECURE_REFERRER_POLICY"]) == ("DENY", "same-origin")
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "portal.embedded_pg"
    assert db["PGDATA"] == str((tmp_path / "var" / "pgdata").resolve())
    # Reading settings must not start the embedded server.
    assert not (tmp_path / "var" / "pgdata").exists()


def test_https_turns_on_secure_settings(tmp_path):
    s = probe(
        tmp_path,
        "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        LECTERN_HTTPS="yes",
    )
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and s["SECURE_HSTS_PRELOAD"]
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_database_url_is_used(tmp_path):
    s = probe(tmp_path, "DATABASES", DATABASE_URL="postgresql://u:p@db.example.org/lectern")
    db = s["DATABASES"]["default"]
    assert (db["ENGINE"], db["HOST"], db["NAME"]) == (
        "django.db.backends.postgresql", "db.example.org", "lectern",
    )


def test_secret_key_generated_once_private_and_reused(tmp_path):
    first = probe(tmp_path, "SECRET_KEY")["SECRET_KEY"]
    key_file = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 50
    assert probe(tmp_path, "SECRET_KEY")["SECRET_KEY"] == first
    assert probe(tmp_path, "SECRET_KEY", SECRET_KEY="from-env")["SECRET_KEY"] == "from-env"


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "sometimes"), ("LECTERN_PORT", "http"), ("LECTERN_PORT", "70000"),
     ("LECTERN_HTTPS", "2"), ("DATABASE_URL", "mysql://h/db"), ("LECTERN_DB_WORK_MEM", "16MB; DROP")],
)
def test_bad_values_fail_naming_the_variable(tmp_path, name, value):
    result = run(tmp_path, ["manage.py", "check"], **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_connections_ask_for_work_mem_unless_the_url_brings_options(tmp_path):
    default = probe(tmp_path, "DATABASES")["DATABASES"]["default"]["OPTIONS"]
    assert default == {"options": "-c work_mem=16MB"}
    url = "postgresql://u@h/db?options=-c%20statement_timeout%3D5000"
    own = probe(tmp_path, "DATABASES", DATABASE_URL=url, LECTERN_DB_WORK_MEM="64MB")["DATABASES"]["default"]
    assert own["OPTIONS"] == {"options": "-c statement_timeout=5000"}
    assert probe(tmp_path, "DATABASES", LECTERN_DB_WORK_MEM="64MB")["DATABASES"]["default"]["OPTIONS"] == {
        "options": "-c work_mem=64MB"
    }
