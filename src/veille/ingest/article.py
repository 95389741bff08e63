"""An input article: normalised text plus optional metadata, and its identity hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from veille.errors import InputError

# Longer texts are refused, not truncated silently. spaCy's ``nlp.max_length`` is set from this
# same constant (veille.nlp), so the reader never admits a text the parser would refuse. Long
# texts are slow (100,000 characters took about a minute on one core, 300,000 over three).
MAX_CHARS = 1_000_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_WS = re.compile(r"[ \t]+\n")


def normalise_text(text: str) -> str:
    """NFC, unix newlines, no BOM or control characters, no trailing blanks.

    Offsets in a report always refer to this normalised text (``Report.text``).
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _TRAILING_WS.sub("\n", text)
    return text.strip()


def text_hash(text: str) -> str:
    """Identity of an article: sha256 of its normalised text with whitespace runs collapsed."""
    canon = " ".join(text.split()).casefold()
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def parse_published(value: object, record: str | None = None) -> date | None:
    """A publication date from ``YYYY-MM-DD``, an ISO datetime, or a date object."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s[:10])
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(f"published date {value!r} is not an ISO date (YYYY-MM-DD)", record)


@dataclass
class Article:
    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    record: str | None = None  # where it came from, for errors: "feed.jsonl:17 (id=abc)", a path

    @property
    def label(self) -> str | None:
        """How errors name this record: its origin when known, else its id."""
        return self.record or self.id

    @classmethod
    def build(
        cls,
        text: object,
        *,
        id: str | None = None,
        title: str | None = None,
        url: str | None = None,
        published: object = None,
        source: str | None = None,
        record: str | None = None,
    ) -> "Article":
        """Validate and normalise one record; raise :class:`InputError` naming it when bad.

        ``record`` names where the record came from (``file.jsonl:17 (id=abc)``); errors use it
        and fall back to ``id``."""
        label = record or id
        if text is None:
            raise InputError("no text", label)
        if isinstance(text, bytes):
            raise InputError("text must be decoded before building an article", label)
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}", label)
        if "\x00" in text:
            raise InputError("text contains NUL bytes: binary data, not an article", label)
        norm = normalise_text(text)
        if not norm:
            raise InputError("empty text", label)
        if len(norm) > MAX_CHARS:
            raise InputError(
                f"text too long ({len(norm):,} characters, limit {MAX_CHARS:,}); split it into articles",
                label,
            )
        return cls(
            text=norm,
            id=id,
            title=normalise_text(title) if isinstance(title, str) and title.strip() else None,
            url=url if isinstance(url, str) and url.strip() else None,
            published=parse_published(published, label),
            source=source if isinstance(source, str) and source.strip() else None,
            record=record,
        )

    @property
    def hash(self) -> str:
        return text_hash(self.text)
