import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

VAR = "LECTERN_TEST_ENV_VALUE"


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)


def test_str_default_and_value(monkeypatch):
    assert env_str(VAR, "fallback") == "fallback"
    monkeypatch.setenv(VAR, "hello")
    assert env_str(VAR, "fallback") == "hello"


def test_str_blank_uses_default(monkeypatch):
    monkeypatch.setenv(VAR, "   ")
    assert env_str(VAR, "fallback") == "fallback"


@pytest.mark.parametrize("raw", ["true", "TRUE", "True", "1", "yes", "YES", "on", " On "])
def test_bool_true(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, False) is True


@pytest.mark.parametrize("raw", ["false", "FALSE", "0", "no", "No", "off", "OFF"])
def test_bool_false(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, True) is False


@pytest.mark.parametrize("default", [True, False])
def test_bool_default(monkeypatch, default):
    assert env_bool(VAR, default) is default
    monkeypatch.setenv(VAR, "")
    assert env_bool(VAR, default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "enabled", "-1"])
def test_bool_invalid_names_variable(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_bool(VAR, False)


def test_int(monkeypatch):
    assert env_int(VAR, 42) == 42
    monkeypatch.setenv(VAR, " 17 ")
    assert env_int(VAR, 42) == 17
    monkeypatch.setenv(VAR, "-3")
    assert env_int(VAR, 42) == -3


@pytest.mark.parametrize("raw", ["abc", "1.5", "10MB", "0x10"])
def test_int_invalid_names_variable(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_int(VAR, 1)


def test_int_min_value(monkeypatch):
    monkeypatch.setenv(VAR, "0")
    with pytest.raises(ImproperlyConfigured, match=rf"{VAR}.*>= 1"):
        env_int(VAR, 5, min_value=1)
    monkeypatch.setenv(VAR, "1")
    assert env_int(VAR, 5, min_value=1) == 1


def test_int_min_value_applies_to_default():
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_int(VAR, 0, min_value=1)


def test_int_max_value(monkeypatch):
    monkeypatch.setenv(VAR, "70000")
    with pytest.raises(ImproperlyConfigured, match=rf"{VAR}.*<= 65535"):
        env_int(VAR, 8000, max_value=65535)


def test_list_default_string():
    assert env_list(VAR, "a, b,,c ") == ["a", "b", "c"]


def test_list_default_iterable():
    assert env_list(VAR, ["x", " ", "y "]) == ["x", "y"]


def test_list_value(monkeypatch):
    monkeypatch.setenv(VAR, " papers.example.org , ,localhost,")
    assert env_list(VAR, "ignored") == ["papers.example.org", "localhost"]


def test_list_explicitly_empty(monkeypatch):
    monkeypatch.setenv(VAR, "")
    assert env_list(VAR, "a,b") == []
