"""Streaming readers for news-crawl formats: WARC (``warcio``) and Parquet (``pyarrow``).

Both read one record (WARC) or one record batch (Parquet) at a time, so memory stays bounded
whatever the size of the file. Like the other readers they yield :class:`Article` objects, or
:class:`InputError` objects naming the bad record: ``crawl.warc.gz:3 (url=https://...)`` (the
third record of the file, counting from 1) or ``dump.parquet:row 5 (id=abc)`` (rows count from 1).

WARC: ``response`` records of HTML pages with a 2xx status become articles (main text through the
HTML reader, trafilatura); the URL is the record's ``WARC-Target-URI`` and the publication date the
record's ``WARC-Date`` (news crawls such as CC-NEWS fetch an article within hours of its
publication). Other records (requests, metadata, images, redirects) are skipped silently.

Parquet: the columns ``id``, ``text`` (or ``html``), ``title``, ``url``, ``published`` and
``source`` by default; ``columns`` maps other names (``text=body,id=doc_id``). ``published`` may be a
string, a date or a timestamp column.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Mapping, Optional, Union

from veille.errors import InputError
from veille.ingest.article import Article
from veille.ingest.decode import MAX_BYTES, decode_bytes, too_large
from veille.ingest.records import html_to_text, record_to_article

Record = Union[Article, InputError]
FIELDS = ("id", "text", "html", "title", "url", "published", "source")
PARQUET_BATCH = 256  # rows per record batch read from a Parquet file


def parse_columns(spec: Optional[str]) -> dict[str, str]:
    """``"text=body,id=doc_id"`` -> ``{"text": "body", "id": "doc_id"}``; ValueError on a bad spec."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field, sep, column = (x.strip() for x in part.partition("="))
        if not sep or not field or not column:
            raise ValueError(f"bad column mapping {part.strip()!r}: expected FIELD=COLUMN (e.g. text=body)")
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r} in the column mapping: one of {', '.join(FIELDS)}")
        out[field] = column
    return out


def _brief(exc: BaseException) -> str:
    """An exception on one printable line of at most 200 characters (messages may quote binary data)."""
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: " + "".join(c if c.isprintable() else "?" for c in text)


# ---------------------------------------------------------------------- WARC
def _charset(content_type: str) -> Optional[str]:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _decode_page(data: bytes, content_type: str, label: str) -> str:
    charset = _charset(content_type)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declared charset: detect it like any other file
    return decode_bytes(data, label)


def _warc_article(rec, name: str, number: int, published) -> Optional[Record]:
    """The article of one WARC record, None when the record is not an HTML page."""
    if rec.rec_type != "response" or rec.http_headers is None:
        return None
    status = rec.http_headers.get_statuscode() or ""
    content_type = rec.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2") or "html" not in content_type.lower():
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI")
    rid = (rec.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or None
    label = f"{name}:{number} (url={url})" if url else f"{name}:{number}"
    try:
        data = rec.content_stream().read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise too_large(len(data), label)
        text, found = html_to_text(_decode_page(data, content_type, label), label)
        return Article.build(
            text,
            id=rid or label,
            record=label,
            title=found.get("title"),
            url=url or found.get("url"),
            published=rec.rec_headers.get_header("WARC-Date") or found.get("date") or published,
            source=found.get("sitename"),
        )
    except InputError as err:
        return InputError(err.reason, label)
    except Exception as exc:  # a broken chunked or gzip payload, a bad header: name the record, go on
        return InputError(f"malformed WARC record payload ({_brief(exc)})", label)


def read_warc(path: Union[str, os.PathLike], published=None) -> Iterator[Record]:
    """Articles of a ``.warc`` or ``.warc.gz`` file, one record at a time."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is a dependency
        yield InputError("reading WARC files needs warcio (pip install warcio)", str(path))
        return
    name = str(path)
    number = 0
    try:
        with Path(path).open("rb") as fh:
            records = iter(ArchiveIterator(fh))
            while True:
                try:
                    rec = next(records)
                except StopIteration:
                    return
                except Exception as exc:  # warcio's ArchiveLoadFailed, zlib errors, a cut-off file
                    where = f"{name}:{number + 1}" if number else name
                    what = "not a WARC file" if not number else "malformed WARC record"
                    yield InputError(f"{what} ({_brief(exc)}); the rest of the file is skipped", where)
                    return
                number += 1
                if getattr(rec, "format", "warc") != "warc":  # warcio reads anything line-shaped as an old ARC record
                    where = f"{name}:{number}" if number > 1 else name
                    yield InputError(f"not a WARC record (read as {rec.format}; ARC files are not supported);"
                                     " the rest of the file is skipped", where)
                    return
                item = _warc_article(rec, name, number, published)
                if item is not None:
                    yield item
    except OSError as exc:
        yield InputError(f"cannot read ({exc.strerror or exc})", name)


# ---------------------------------------------------------------------- Parquet
def read_parquet(path: Union[str, os.PathLike], columns: Optional[Mapping[str, str]] = None, published=None,
                 batch_size: int = PARQUET_BATCH) -> Iterator[Record]:
    """Articles of a Parquet file, one record batch at a time; ``columns`` maps fields to columns."""
    name = str(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError("reading Parquet files needs pyarrow: pip install 'veille[parquet]'", name)
        return
    try:
        pf = pq.ParquetFile(str(path))
    except Exception as exc:  # pyarrow's ArrowInvalid and friends, OSError
        yield InputError(f"not a readable Parquet file ({_brief(exc)})", name)
        return
    present = set(pf.schema_arrow.names)
    given = dict(columns or {})
    missing = [f"{f}={c}" for f, c in given.items() if c not in present]
    if missing:
        yield InputError(f"column mapping names missing columns: {', '.join(missing)} (the file has: {', '.join(sorted(present))})", name)
        return
    mapping = {f: given.get(f, f) for f in FIELDS}
    wanted = {f: c for f, c in mapping.items() if c in present}
    if "text" not in wanted and "html" not in wanted:
        yield InputError(f"no text column (looked for {mapping['text']!r} and {mapping['html']!r}; the file has:"
                         f" {', '.join(sorted(present))}); map one with --columns text=NAME", name)
        return
    row = 0
    try:
        for batch in pf.iter_batches(batch_size=batch_size, columns=sorted(set(wanted.values()))):
            values = {f: batch.column(c).to_pylist() for f, c in wanted.items()}
            for i in range(batch.num_rows):
                row += 1
                yield record_to_article({f: v[i] for f, v in values.items()}, f"{name}:row {row}", published, dates_ok=True)
    except Exception as exc:  # a corrupt page or row group: name where it stopped
        yield InputError(f"malformed Parquet data after row {row} ({_brief(exc)});"
                         " the rest of the file is skipped", name)
