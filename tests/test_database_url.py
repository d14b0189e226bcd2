import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.database import parse_database_url


def test_full_url():
    cfg = parse_database_url("postgresql://alice:s3cret@db.example.org:6543/lectern")
    assert cfg == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "lectern",
        "USER": "alice",
        "PASSWORD": "s3cret",
        "HOST": "db.example.org",
        "PORT": "6543",
        "OPTIONS": {},
    }


def test_postgres_scheme_alias_and_defaults():
    cfg = parse_database_url("postgres://db/lectern")
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg["HOST"], cfg["PORT"], cfg["USER"], cfg["PASSWORD"]) == ("db", "", "", "")


def test_scheme_is_case_insensitive():
    assert parse_database_url("PostgreSQL://h/d")["NAME"] == "d"


def test_percent_decoding():
    cfg = parse_database_url("postgresql://us%40er:p%3Aw%2Fd%40x@host/my%20db")
    assert cfg["USER"] == "us@er"
    assert cfg["PASSWORD"] == "p:w/d@x"
    assert cfg["NAME"] == "my db"


def test_socket_dir_in_query():
    cfg = parse_database_url("postgresql://postgres@/lectern?host=/run/postgresql")
    assert cfg["HOST"] == "/run/postgresql"
    assert cfg["OPTIONS"] == {}


def test_socket_dir_percent_encoded_in_netloc():
    cfg = parse_database_url("postgresql://%2Fvar%2Frun%2Fpostgresql/lectern")
    assert cfg["HOST"] == "/var/run/postgresql"


def test_ipv6_host():
    cfg = parse_database_url("postgresql://u@[::1]:5433/lectern")
    assert cfg["HOST"] == "::1"
    assert cfg["PORT"] == "5433"


def test_options_from_query():
    cfg = parse_database_url(
        "postgresql://u:p@h/lectern?sslmode=require&connect_timeout=5&application_name=lectern"
    )
    assert cfg["OPTIONS"] == {
        "sslmode": "require",
        "connect_timeout": "5",
        "application_name": "lectern",
    }


def test_query_overrides_url_parts():
    cfg = parse_database_url("postgresql://u:p@h:1/a?port=5544&user=bob&password=pw&dbname=b")
    assert (cfg["PORT"], cfg["USER"], cfg["PASSWORD"], cfg["NAME"]) == ("5544", "bob", "pw", "b")


@pytest.mark.parametrize(
    "url",
    ["mysql://u:p@h/db", "http://h/db", "lectern", "", "oracle://h/db"],
)
def test_non_postgres_scheme_rejected(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url(url)


def test_missing_database_name():
    with pytest.raises(ImproperlyConfigured, match="database name"):
        parse_database_url("postgresql://u@h:5432/")


@pytest.mark.parametrize("url", ["postgresql://h:notaport/db", "postgresql://h/db?port=x"])
def test_bad_port(url):
    with pytest.raises(ImproperlyConfigured, match="port"):
        parse_database_url(url)
