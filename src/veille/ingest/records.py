"""One record to one article: HTML pages (main text with trafilatura) and structured records
(JSON objects, Parquet rows). Shared by the readers of every input format."""

from __future__ import annotations

from typing import Mapping, Union

from veille.errors import InputError
from veille.ingest.article import Article

Record = Union[Article, InputError]


def html_to_text(html: str, record: str | None = None) -> tuple[str, dict]:
    """Main text and metadata of an HTML page (trafilatura); scripts and markup never survive."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on hostile markup
        raise InputError(f"HTML could not be parsed ({type(exc).__name__})", record) from None
    if doc is None:
        raise InputError("no article text found in the HTML page", record)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        raise InputError("no article text found in the HTML page", record)
    meta = {k: data.get(k) for k in ("title", "url", "date", "sitename")}
    return text, meta


def article_from_html(html: str, record: str | None, label: str | None = None, **meta) -> Article:
    """An article from an HTML page; ``record`` is its id, ``label`` where it came from (for errors)."""
    text, found = html_to_text(html, label or record)
    return Article.build(
        text,
        id=record,
        record=label,
        title=meta.get("title") or found.get("title"),
        url=meta.get("url") or found.get("url"),
        published=meta.get("published") or found.get("date"),
        source=meta.get("source") or found.get("sitename"),
    )


def record_to_article(obj: Mapping, where: str, published=None, dates_ok: bool = False) -> Record:
    """An article from one structured record (a JSON object, a Parquet row) with the fields id, text
    or html, title, url, published and source; an :class:`InputError` naming the record when bad.

    ``published`` stands in when the record has no date; ``dates_ok`` accepts date objects for
    ``published`` (Parquet's date and timestamp columns) besides strings."""
    rid = obj.get("id")
    label = f"{where} (id={rid})" if rid is not None else where
    try:
        meta = {k: obj.get(k) for k in ("title", "url", "published", "source")}
        for k, v in meta.items():
            if v is not None and not isinstance(v, str) and not (dates_ok and k == "published"):
                raise InputError(f"field {k!r} must be a string", label)
        if meta["published"] is None and published is not None:
            meta["published"] = published
        if obj.get("text") is not None:
            return Article.build(obj["text"], id=str(rid) if rid is not None else where, record=label, **meta)
        if obj.get("html") is not None:
            if not isinstance(obj["html"], str):
                raise InputError("field 'html' must be a string", label)
            return article_from_html(obj["html"], str(rid) if rid is not None else where, label, **meta)
        raise InputError("record has neither 'text' nor 'html'", label)
    except InputError as err:
        return InputError(err.reason, label)
