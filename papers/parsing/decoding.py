"""Bytes to text, refusing binary data and text in no encoding we can name."""

from __future__ import annotations

import codecs


class UndecodableError(ValueError):
    """The bytes are not text we can read; the message says why, for the user."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 control characters other than tab, line feed, vertical tab (a word processor's line
# break), form feed and carriage return.
_CONTROL = {c for c in range(32) if c not in (9, 10, 11, 12, 13)} | {127}


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raise UndecodableError with a readable reason."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise UndecodableError(
                    f"the file starts with a {encoding.upper()} byte-order mark "
                    f"but is not valid {encoding.upper()} (byte {exc.start})"
                ) from exc
    sample = data[:65536]
    if sample and _looks_like_bomless_utf16(sample):
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    if b"\x00" in sample or _control_ratio(sample) > 0.01:
        raise UndecodableError("this is binary data, not a text or JSON digest")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise UndecodableError(
                f"the text is in no encoding we can read: not UTF-8 (invalid byte "
                f"0x{data[utf8_error.start]:02x} on line {line}) and not Windows-1252 either"
            ) from utf8_error
        if _control_ratio(text.encode("utf-8", "replace")) > 0.01:
            raise UndecodableError("this is binary data, not a text or JSON digest")
        return text, "cp1252"


def _looks_like_bomless_utf16(sample: bytes) -> bool:
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    # ASCII text in UTF-16 has a zero in every other byte.
    return odd.count(0) > 0.9 * len(odd) or even.count(0) > 0.9 * len(even)


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    return sum(1 for b in sample if b in _CONTROL) / len(sample)
