"""Bytes to text: UTF-8 first, then a detected legacy encoding; binary data is refused.

UTF-16 is read with a BOM, and without one when every other byte is NUL (Latin-script text),
so that such a file is not mistaken for binary data.
"""

from __future__ import annotations

from veille.errors import InputError

MIB = 1024 * 1024
MAX_BYTES = 20 * MIB  # a single article file larger than this is refused, not loaded
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "mac_roman")


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16/32 text has NULs too: only call it binary when no BOM says otherwise
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def too_large(size: int, record: str | None = None) -> InputError:
    """The error for an input over :data:`MAX_BYTES`, in the unit the limit is set in."""
    return InputError(f"file too large ({size / MIB:.1f} MiB, limit {MAX_BYTES // MIB} MiB)", record)


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` reads as BOM-less UTF-16 text, else None."""
    head = data[:8192]
    pairs = len(head) // 2
    if pairs < 4 or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    even, odd = head[0:pairs * 2:2].count(0) / pairs, head[1:pairs * 2:2].count(0) / pairs
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str, record: str | None) -> str:
    try:
        text = data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-16 text without a byte-order mark ({exc.reason})", record) from None
    if looks_binary(text.encode("utf-8")):
        raise InputError("binary data, not text (no encoding decodes it as an article)", record)
    return text


def decode_bytes(data: bytes, record: str | None = None) -> str:
    """Decode article bytes; raise :class:`InputError` naming ``record`` when impossible."""
    if not data.strip():
        raise InputError("empty input", record)
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        return _decode_utf16(data, utf16, record)
    if looks_binary(data):
        raise InputError("binary data, not text (no encoding decodes it as an article)", record)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 text ({exc.reason})", record) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if not matches:
        raise InputError("text is not UTF-8 and no other encoding decodes it", record)
    # Several candidates often decode without any mess (cp1250/cp1252/cp1257 on French text)
    # and the language-coherence score is unreliable on short texts: among the cleanest
    # candidates prefer the Western encodings of the supported languages (fr, en).
    least = min(m.chaos for m in matches)
    tied = [m.encoding for m in matches if m.chaos <= least + 0.01]
    encoding = next((e for e in _WESTERN if e in tied), tied[0])
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"text is not UTF-8 and does not decode as {encoding}", record) from None
