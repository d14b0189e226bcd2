"""Bad input gets a clear message, never papers."""

import pytest

from papers.parsing import parse_digest
from tests.digests import SEED


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\r\n", "\ufeff".encode()], ids=["empty", "blank", "bom-only"])
def test_empty_file(data):
    result = parse_digest(data)
    assert not result.ok and not result.papers
    assert result.errors[0].message == "the file is empty"


def test_binary_data():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    result = parse_digest(png)
    assert not result.papers
    assert "binary data" in result.errors[0].message


def test_text_in_no_decodable_encoding():
    # Invalid as UTF-8 and holding bytes Windows-1252 leaves undefined (0x81, 0x8d).
    data = "Mar 12\n\nA title\n\n".encode() + b"An abstract \x81\x8d\x90 with bytes no codec reads.\n"
    result = parse_digest(data)
    assert not result.papers
    message = result.errors[0].message
    assert "no encoding we can read" in message and "line 5" in message


def test_windows_1252_text_is_read():
    text = SEED.read_text(encoding="utf-8").replace("—", "-").replace("’", "'")
    text = "".join(c for c in text if ord(c) < 256)
    assert len(parse_digest(text.encode("cp1252")).papers) == 72


def test_file_with_no_papers():
    result = parse_digest(b"new\n\nSubscribe\n\nMar 12\n")
    assert not result.papers
    assert "no papers found" in result.errors[0].message


def test_json_with_no_papers():
    result = parse_digest(b"[]")
    assert "no papers found" in result.errors[0].message
