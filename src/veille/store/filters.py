"""Event filters shared by the API, the exports and the CLI, compiled to SQL for either dialect.

Background events (every source mentions the event only as context for the news, e.g. an attack
"last year") are left out unless ``include_background`` asks for them: they are not current events,
and would stretch the timeline and the map.

Every parameter has a bound (:data:`MAX_TEXT`, :data:`MAX_SOURCES`, :data:`MAX_OFFSET`,
:data:`MAX_ID`); a value outside it, or a text filter with no letter or digit (it cannot match a
word, and used to match everything), is a ValueError naming the parameter (422 in the API).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from datetime import date
from typing import Optional

from veille.resources import DATA
from veille.text import word_key


@dataclass
class EventFilter:
    start: Optional[date] = None  # events whose date range touches [start, end]
    end: Optional[date] = None
    bbox: Optional[tuple[float, float, float, float]] = None  # min_lon, min_lat, max_lon, max_lat
    event_type: Optional[str] = None
    actor: Optional[str] = None  # part of an actor name of any source, case- and accent-insensitive
    country: Optional[str] = None  # ISO alpha-2/alpha-3 codes or country names, "|"-separated (any of them)
    q: Optional[str] = None  # free text (FTS5 / PostgreSQL full text)
    min_sources: Optional[int] = None  # events told by at least this many articles
    include_background: bool = False  # also events every source mentions only as background (context)

    def is_empty(self) -> bool:
        """No filter on the events (whether background events count is not a filter on articles)."""
        return all(getattr(self, f.name) in (None, "") for f in fields(self) if f.name != "include_background")

    @staticmethod
    def parse_bbox(value: Optional[str]) -> Optional[tuple[float, float, float, float]]:
        """``min_lon,min_lat,max_lon,max_lat``; ValueError when malformed or out of range."""
        if value in (None, ""):
            return None
        try:
            parts = [float(x) for x in value.split(",")]
        except ValueError:
            raise ValueError("bbox needs four numbers: min_lon,min_lat,max_lon,max_lat") from None
        if len(parts) != 4:
            raise ValueError("bbox needs four numbers: min_lon,min_lat,max_lon,max_lat")
        w, s, e, n = parts
        if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
            raise ValueError("bbox out of range (lon in [-180, 180], lat in [-90, 90], min_lat <= max_lat)")
        return w, s, e, n


MAX_TEXT = 200  # characters of a text filter (q, actor, name, ...)
MAX_SOURCES = 100_000  # min_sources
MAX_OFFSET = 1_000_000_000  # pagination offset
MAX_ID = 2**63 - 1  # the largest row id either database stores (BIGINT)
_WORD = re.compile(r"\w+", re.UNICODE)
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def word_filter(value: Optional[str], name: str) -> Optional[str]:
    """``value`` as a text filter over words: None when empty, ValueError when it has no word at all."""
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT:
        raise ValueError(f"{name} is too long ({len(value):,} characters, at most {MAX_TEXT})")
    if not _LETTER_OR_DIGIT.search(value):
        raise ValueError(f"{name} {value!r} has no letter or digit, so it cannot match any word")
    return value


def build_filter(
    start: Optional[str] = None,
    end: Optional[str] = None,
    bbox: Optional[str] = None,
    event_type: Optional[str] = None,
    actor: Optional[str] = None,
    country: Optional[str] = None,
    q: Optional[str] = None,
    min_sources: Optional[int] = None,
    include_background: bool = False,
) -> EventFilter:
    """An :class:`EventFilter` from text options; ValueError names the bad one."""
    def day(value: Optional[str], name: str) -> Optional[date]:
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None

    for name, value in (("type", event_type), ("country", country), ("bbox", bbox)):
        if value is not None and len(value) > MAX_TEXT:
            raise ValueError(f"{name} is too long ({len(value):,} characters, at most {MAX_TEXT})")
    if min_sources is not None and not 1 <= min_sources <= MAX_SOURCES:
        raise ValueError(f"min_sources must be between 1 and {MAX_SOURCES:,}, got {min_sources}")
    return EventFilter(
        start=day(start, "start"), end=day(end, "end"), bbox=EventFilter.parse_bbox(bbox),
        event_type=known_event_type(event_type), actor=word_filter(actor, "actor"),
        country=known_countries(country), q=word_filter(q, "q"),
        min_sources=min_sources if min_sources and min_sources > 1 else None,
        include_background=include_background,
    )


def known_event_type(value: Optional[str]) -> Optional[str]:
    """``value`` as one of ACLED's event types (any case); ValueError listing them when it is none."""
    from veille.acled import event_types

    if value is None or not value.strip():
        return None
    hit = next((t for t in event_types() if t.lower() == value.strip().lower()), None)
    if hit is None:
        raise ValueError(f"unknown event type {value!r}; ACLED's event types are: " + ", ".join(event_types()))
    return hit


def known_countries(value: Optional[str]) -> Optional[str]:
    """``value`` ("ML", "MLI", "Mali", "Mali|Niger") as "|"-separated ISO alpha-2 codes; ValueError
    naming a value that is no country code or name."""
    from veille.acled import country_code

    if value is None or not value.strip():
        return None
    codes = []
    for part in value.split("|"):
        if not part.strip():
            continue
        code = country_code(part)
        if code is None:
            raise ValueError(f"unknown country {part.strip()!r}: give an ISO 3166 code (ML or MLI) or an English name")
        codes.append(code)
    return "|".join(dict.fromkeys(codes)) or None


@lru_cache(maxsize=1)
def _actor_gazetteer() -> dict[str, tuple[str, ...]]:
    """Name key -> every name of the curated actor it names unambiguously (``data/actors.tsv``)."""
    out: dict[str, tuple[str, ...]] = {}
    path = DATA / "actors.tsv"
    for line in path.read_text("utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 6:
            continue
        aliases = cols[6].split("|") if len(cols) > 6 else []
        names = tuple(dict.fromkeys(n.rstrip("?").strip() for n in [cols[4], cols[5], *aliases] if n.strip()))
        for n in [cols[4], cols[5], *aliases]:
            if n.strip() and not n.endswith("?") and word_key(n):  # an ambiguous alias names no one actor
                out.setdefault(word_key(n), names)
    return out


def actor_names(actor: str) -> list[str]:
    """``actor`` and, when it is a name of a curated actor, that actor's other names."""
    return list(dict.fromkeys([actor, *_actor_gazetteer().get(word_key(actor), ())]))[:20]


def fts5_query(text: str) -> Optional[str]:
    """A safe FTS5 query: every word quoted (so no operator syntax from users), all required."""
    words = _WORD.findall(text)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '') + '"' for w in words[:20])


def name_pattern(name: str) -> str:
    """A LIKE pattern matching ``name`` inside a stored name key (case- and accent-free)."""
    return "%" + word_key(name).replace("_", " ") + "%"


def where_clause(f: EventFilter, dialect: str, alias: str = "e") -> tuple[str, list]:
    """SQL condition (with ``?`` placeholders) and parameters selecting events of ``alias``."""
    conds: list[str] = []
    params: list = []
    a = alias
    if f.start:
        conds.append(f"{a}.date_end >= ?")
        params.append(f.start.isoformat())
    if f.end:
        conds.append(f"{a}.date_start <= ?")
        params.append(f.end.isoformat())
    if f.bbox:
        w, s, e, n = f.bbox
        conds.append(f"{a}.latitude BETWEEN ? AND ?")
        params += [s, n]
        if w <= e:
            conds.append(f"{a}.longitude BETWEEN ? AND ?")
            params += [w, e]
        else:  # crosses the antimeridian
            conds.append(f"({a}.longitude >= ? OR {a}.longitude <= ?)")
            params += [w, e]
    if f.event_type:
        conds.append(f"lower({a}.event_type) = ?")
        params.append(f.event_type.strip().lower())
    if f.actor and word_key(f.actor):
        # actors_key holds every source's actor names, case- and accent-free ("|"-separated); a
        # name of a known actor also finds its other names (JNIM: GSIM, its English and French names)
        names = actor_names(f.actor)
        conds.append("(" + " OR ".join(f"{a}.actors_key LIKE ?" for _ in names) + ")")
        params += [name_pattern(n) for n in names]
    if f.country:  # codes or names, "|"-separated: any of them
        parts = [c.strip() for c in f.country.split("|") if c.strip()]
        marks = ", ".join("?" * len(parts))
        conds.append(f"(upper({a}.country_code) IN ({marks}) OR lower({a}.country) IN ({marks}))")
        params += [c.upper() for c in parts] + [c.lower() for c in parts]
    if not f.include_background:  # an event stays when one of its sources tells it as current
        conds.append(f"EXISTS (SELECT 1 FROM event_sources bs WHERE bs.event_id = {a}.id AND bs.background = 0)")
    if f.min_sources:
        conds.append(f"{a}.source_count >= ?")
        params.append(int(f.min_sources))
    if f.q and f.q.strip():
        if dialect == "sqlite":
            query = fts5_query(f.q)
            if query is None:
                conds.append("1 = 0")
            else:
                conds.append(f"{a}.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
                params.append(query)
        else:
            conds.append(f"to_tsvector('simple', veille_unaccent(coalesce({a}.search_text, '')))"
                         " @@ plainto_tsquery('simple', veille_unaccent(?))")
            params.append(f.q)
    return (" AND ".join(conds) if conds else "1 = 1"), params
