"""Gold articles for ``veille eval``: load a JSONL file, validate it, locate its substrings.

One article per line (format in ``docs/evaluation.md``). Every substring the annotator wrote
(event evidence, quote text, entity mentions, time and place mentions) must occur in the
article text; the loader records all its occurrences as character spans so the scorer can
use whichever one a system item overlaps best. The text is normalised exactly as the
pipeline normalises it (``veille.ingest.article.normalise_text``) so offsets agree.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from veille.ingest.article import normalise_text
from veille.text import strip_accents

TAXONOMY_FILE = Path(__file__).resolve().parents[1] / "data" / "acled_taxonomy.json"


@lru_cache(maxsize=1)
def acled_taxonomy() -> dict[str, tuple[str, ...]]:
    """ACLED event type -> its sub-event types, from the pipeline's taxonomy data file."""
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    return {t["name"]: tuple(s["name"] for s in t["sub_event_types"]) for t in data["event_types"]}


def norm_label(label: str | None) -> str:
    """Case-, space- and accent-insensitive form of a taxonomy label."""
    if not label:
        return ""
    return " ".join(strip_accents(label).casefold().replace(" / ", "/").split())


def check_taxonomy(event_type: str, sub_event_type: str) -> None:
    """Raise ValueError unless the pair is an ACLED type and one of its sub-types."""
    tax = acled_taxonomy()
    types = {norm_label(t): t for t in tax}
    t = types.get(norm_label(event_type))
    if t is None:
        raise ValueError(f"unknown ACLED event_type {event_type!r} (known: {', '.join(tax)})")
    if norm_label(sub_event_type) not in {norm_label(s) for s in tax[t]}:
        raise ValueError(f"unknown sub_event_type {sub_event_type!r} for {t!r} (known: {', '.join(tax[t])})")


class GoldError(ValueError):
    """A gold file that cannot be used: names the line, the article and the problem."""


# --------------------------------------------------------------------------- models
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldDate(_Model):
    start: date
    end: date
    precision: Literal["day", "week", "month", "season", "year", "decade"] = "day"

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"date end {self.end} is before start {self.start}")
        return self


class GoldPlace(_Model):
    name: str
    country_code: Optional[str] = None
    admin1: Optional[str] = None
    lat: Optional[float] = Field(default=None, ge=-90, le=90)
    lon: Optional[float] = Field(default=None, ge=-180, le=180)
    site: Optional[str] = None

    @model_validator(mode="after")
    def _both_coords(self):
        if (self.lat is None) != (self.lon is None):
            raise ValueError("place needs both lat and lon, or neither")
        return self


class GoldEvent(_Model):
    event_type: str
    sub_event_type: str
    date: Optional[GoldDate] = None
    place: Optional[GoldPlace] = None
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    fatalities: Optional[int] = Field(default=None, ge=0)
    injuries: Optional[int] = Field(default=None, ge=0)
    background: bool = False
    evidence: str

    @model_validator(mode="after")
    def _taxonomy(self):
        check_taxonomy(self.event_type, self.sub_event_type)
        return self


class GoldQuote(_Model):
    text: str
    speaker: Optional[str] = None
    direct: bool = True


class GoldEntity(_Model):
    name: str
    type: Literal["PERSON", "ORG", "PLACE", "FACILITY"]
    mentions: list[str] = Field(default_factory=list)


class GoldTime(_Model):
    text: str
    start: Optional[date] = None
    end: Optional[date] = None
    precision: Optional[str] = None


class GoldPlaceMention(_Model):
    text: str
    name: Optional[str] = None
    country_code: Optional[str] = None
    lat: Optional[float] = Field(default=None, ge=-90, le=90)
    lon: Optional[float] = Field(default=None, ge=-180, le=180)
    geonameid: Optional[int] = None


class GoldRecord(_Model):
    id: str
    lang: Literal["fr", "en"]
    published: Optional[date] = None
    title: Optional[str] = None
    source: Optional[str] = None
    text: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    events: list[GoldEvent] = Field(default_factory=list)
    quotes: list[GoldQuote] = Field(default_factory=list)
    entities: list[GoldEntity] = Field(default_factory=list)
    times: list[GoldTime] = Field(default_factory=list)
    places: list[GoldPlaceMention] = Field(default_factory=list)


# --------------------------------------------------------------------------- located article
Spans = tuple[tuple[int, int], ...]


def occurrences(text: str, sub: str) -> Spans:
    """All (start, end) occurrences of ``sub`` in ``text``, overlapping ones included."""
    sub = unicodedata.normalize("NFC", sub)
    out, i = [], text.find(sub)
    while sub and i >= 0:
        out.append((i, i + len(sub)))
        i = text.find(sub, i + 1)
    return tuple(out)


def _locate(text: str, sub: str, what: str) -> Spans:
    spans = occurrences(text, sub)
    if not spans:
        # The annotator may have copied the substring with different inner whitespace.
        squeezed = " ".join(sub.split())
        spans = occurrences(text, squeezed) if squeezed != sub else ()
    if not spans:
        raise ValueError(f"{what} {sub[:80]!r} is not a substring of the text")
    return spans


@dataclass
class GoldArticle:
    """A validated gold record with every substring located in the normalised text."""

    record: GoldRecord
    text: str
    event_spans: list[Spans] = field(default_factory=list)
    quote_spans: list[Spans] = field(default_factory=list)
    entity_spans: list[list[Spans]] = field(default_factory=list)
    time_spans: list[Spans] = field(default_factory=list)
    place_spans: list[Spans] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id


def build_article(record: GoldRecord) -> GoldArticle:
    text = normalise_text(record.text)
    art = GoldArticle(record=record, text=text)
    for k, ev in enumerate(record.events):
        art.event_spans.append(_locate(text, ev.evidence, f"events[{k}].evidence"))
    for k, q in enumerate(record.quotes):
        art.quote_spans.append(_locate(text, q.text, f"quotes[{k}].text"))
    for k, ent in enumerate(record.entities):
        art.entity_spans.append([_locate(text, m, f"entities[{k}] ({ent.name}) mention") for m in ent.mentions])
    for k, t in enumerate(record.times):
        art.time_spans.append(_locate(text, t.text, f"times[{k}].text"))
    for k, p in enumerate(record.places):
        art.place_spans.append(_locate(text, p.text, f"places[{k}].text"))
    return art


def _problem(err: Exception) -> str:
    if isinstance(err, ValidationError):
        parts = []
        for e in err.errors():
            loc = ".".join(str(x) for x in e["loc"])
            msg = e["msg"].removeprefix("Value error, ")
            parts.append(f"{loc}: {msg}" if loc else msg)
        return "; ".join(parts)
    return str(err)


def parse_line(line: str, where: str = "") -> GoldArticle:
    """One gold article from one JSON line; raises :class:`GoldError` saying what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise GoldError(f"{where}: not valid JSON ({err.msg})") from None
    rid = obj.get("id") if isinstance(obj, dict) else None
    label = f"{where} ({rid})" if rid else where
    try:
        return build_article(GoldRecord.model_validate(obj))
    except (ValidationError, ValueError) as err:
        raise GoldError(f"{label}: {_problem(err)}") from None


def load_gold(path: str | Path, limit: int | None = None) -> list[GoldArticle]:
    """Every article of a gold JSONL file, validated; all problems are reported at once."""
    path = Path(path)
    if not path.exists():
        raise GoldError(f"{path}: no such gold file")
    articles: list[GoldArticle] = []
    problems: list[str] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                art = parse_line(line, f"{path.name}:{n}")
            except GoldError as err:
                problems.append(str(err))
                continue
            if art.id in seen:
                problems.append(f"{path.name}:{n}: duplicate id {art.id!r}")
                continue
            seen.add(art.id)
            articles.append(art)
            if limit is not None and len(articles) >= limit:
                break
    if problems:
        raise GoldError(f"{len(problems)} invalid gold record(s):\n  " + "\n  ".join(problems))
    return articles
