"""Readers: .txt, .html, .jsonl(.gz), .warc(.gz) and .parquet files, folders and stdin -> Articles.

Each reader yields :class:`Article` objects, or :class:`InputError` objects for records that
could not be read, so a batch goes on past a bad record. Errors name the record
(``file.jsonl:17``, ``file.jsonl:17 (id=abc)``, ``crawl.warc.gz:3 (url=...)``, ``dump.parquet:row 5 (id=abc)``).

WARC and Parquet files are streamed (one WARC record, one Parquet record batch at a time), so
memory stays bounded however large the file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path
from typing import Iterator, Mapping, Optional, Union

from veille.errors import InputError
from veille.ingest.article import Article
from veille.ingest.decode import MAX_BYTES, decode_bytes, too_large
from veille.ingest.records import article_from_html, html_to_text, record_to_article  # noqa: F401 (html_to_text: public here)

Record = Union[Article, InputError]
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
PARQUET_SUFFIXES = (".parquet",)
ALL_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES + PARQUET_SUFFIXES


def _kind(name: str) -> str:
    low = name.lower()
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    return "txt"


def read_text_bytes(data: bytes, record: str, kind: str = "txt", published=None) -> Article:
    if len(data) > MAX_BYTES:
        raise too_large(len(data), record)
    text = decode_bytes(data, record)
    if kind == "html":
        return article_from_html(text, record, published=published)
    return Article.build(text, id=record, published=published)


def read_jsonl_lines(lines: Iterator[bytes], name: str) -> Iterator[Record]:
    """Records of a JSON-lines stream; each bad line becomes an InputError naming it."""
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            line = decode_bytes(raw, where) if isinstance(raw, bytes) else raw
            obj = json.loads(line)
        except InputError as err:
            yield err
            continue
        except json.JSONDecodeError as exc:
            yield InputError(f"malformed JSON ({exc.msg} at column {exc.colno})", where)
            continue
        if not isinstance(obj, dict):
            yield InputError(f"a record must be a JSON object, got {type(obj).__name__}", where)
            continue
        yield record_to_article(obj, where)


def read_path(path: Union[str, os.PathLike], published=None, columns: Optional[Mapping[str, str]] = None) -> Iterator[Record]:
    """Articles of one file, a folder (recursively) or ``-`` (stdin).

    ``columns`` maps Parquet columns to article fields (:func:`parse_columns`)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        stripped = data.lstrip()
        if stripped.startswith(b"{"):
            yield from read_jsonl_lines(io.BytesIO(data), "<stdin>")
        else:
            kind = "html" if stripped[:200].lower().startswith((b"<!doctype", b"<html")) else "txt"
            try:
                yield read_text_bytes(data, "<stdin>", kind, published)
            except InputError as err:
                yield err
        return
    p = Path(path)
    if p.is_dir():
        for child in sorted(p.rglob("*")):
            if child.is_file() and child.name.lower().endswith(ALL_SUFFIXES):
                yield from read_path(child, published, columns)
        return
    if not p.exists():
        yield InputError("no such file", str(p))
        return
    kind = _kind(p.name)
    if kind == "jsonl":
        try:
            opener = gzip.open if p.name.lower().endswith(".gz") else open
            with opener(p, "rb") as fh:
                yield from read_jsonl_lines(fh, str(p))
        except (OSError, EOFError) as exc:
            yield InputError(f"cannot read ({exc})", str(p))
        return
    if kind == "warc":
        from veille.ingest.streams import read_warc

        yield from read_warc(p, published)
        return
    if kind == "parquet":
        from veille.ingest.streams import read_parquet

        yield from read_parquet(p, columns, published)
        return
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise too_large(size, str(p))
        yield read_text_bytes(p.read_bytes(), str(p), kind, published)
    except InputError as err:
        yield err
    except OSError as exc:
        yield InputError(f"cannot read ({exc.strerror or exc})", str(p))
