"""Bytes to text: UTF-8 first, then a detected legacy encoding; binary data is refused."""

from __future__ import annotations

from veille.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a single article file larger than this is refused, not loaded


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16/32 text has NULs too: only call it binary when no BOM says otherwise
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, record: str | None = None) -> str:
    """Decode article bytes; raise :class:`InputError` naming ``record`` when impossible."""
    if not data.strip():
        raise InputError("empty input", record)
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

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("text is not UTF-8 and no other encoding decodes it", record)
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"text is not UTF-8 and does not decode as {best.encoding}", record) from None
