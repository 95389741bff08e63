"""Cross-source event merging: one event told by several articles becomes one stored event.

Each article event is reduced to *features* (:func:`event_features`): type, date interval and
precision, coordinates, country, actor names, and language-independent evidence features
(numbers in the evidence sentences, casualty counts, named entities, gazetteer ids of the places
named there) plus the evidence text itself. :func:`decide` compares a new event with every
source of a stored event.

Hard rules (any one refuses the merge, checked against *every* source of the stored event):

- the ACLED event type differs;
- both dates are day-precise and differ: two reports of the same place on different days are
  two events, never one (a one-day tolerance would join a Monday raid and a Tuesday raid);
- an imprecise date (week, month, ...) that does not cover the other date; an imprecise date
  that does cover it is allowed, but only with a stricter score threshold;
- an undated event can only join an event whose article was published within two days of its
  own, again with the stricter threshold;
- known countries differ, or two town-precise places are more than 150 km apart;
- the stored event already has a source from the same article (the extractor already kept two
  events of one article apart).

Passing the rules, a score in [0, 1] weighs place (0.2), date (0.15), actors (0.25) and evidence
similarity (0.4), minus small penalties for a different sub-event type or clearly different actors
(place and date mostly gate: two events can share both; tolls count inside the evidence score
only, since later reports update them); the merge needs :data:`THRESHOLD`, or
:data:`STRICT_THRESHOLD` when the date or place is coarse. The decision (components, score, rule that refused) is stored with each source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Optional, cast

from rapidfuzz import fuzz

from veille.geo import distance_km
from veille.resources import DATA
from veille.schema import Event, Report, Span
from veille.text import word_key

THRESHOLD = 0.62
STRICT_THRESHOLD = 0.72
WEIGHTS = {"place": 0.2, "date": 0.15, "actors": 0.25, "evidence": 0.4}
CONFLICT_PENALTY = {"actors": 0.05}
MAX_TOWN_KM = 150.0
UNDATED_PUBLISHED_DAYS = 2
COARSE_PLACE = {"region", "country"}
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ .,\u202f\u00a0]\d{3})*(?:[.,]\d+)?(?![\w])|\d+")


def _overlaps(a_start: int, a_end: int, spans: list[Span]) -> bool:
    return any(a_start < s.end and s.start < a_end for s in spans)


def _event_spans(ev: Event) -> list[Span]:
    spans = list(ev.evidence)
    for part in (ev.actor1, ev.actor2, ev.date, ev.place, ev.fatalities_detail, ev.injuries_detail):
        if part is not None:
            spans.extend(part.evidence)
    if ev.trigger_span is not None:
        spans.append(ev.trigger_span)
    return spans


def _sentences(text: str, spans: list[Span]) -> str:
    """The evidence text: the event's own evidence spans, in order, without repeats."""
    seen: list[tuple[int, int]] = []
    ordered = sorted({(s.start, s.end) for s in spans if 0 <= s.start < s.end <= len(text)}, key=lambda p: (p[0], -p[1]))
    for start, end in ordered:
        if any(start >= a and end <= b for a, b in seen):
            continue
        seen.append((start, end))
    return " … ".join(text[a:b] for a, b in seen)[:1200]


@lru_cache(maxsize=None)
def _number_words(lang: str) -> dict[str, int]:
    """Spelled-out numbers (two and up: "un"/"a" are articles) from the casualty lexicons."""
    path = DATA / f"casualty_terms_{lang}.json"
    try:
        table = json.loads(path.read_text(encoding="utf-8")).get("numbers", {})
    except (OSError, ValueError):
        return {}
    return {w.casefold(): int(v) for w, v in table.items() if isinstance(v, (int, float)) and v >= 2}


_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _numbers(text: str, exclude: list[tuple[int, int]], lang: str = "") -> set[str]:
    """Numbers in ``text`` as digit strings, written in digits or spelled out, outside ``exclude``."""
    found = set()
    words = _number_words(lang) if lang else {}
    if words:
        for m in _WORDS.finditer(text):
            value = words.get(m.group().casefold())
            if value is not None and not any(m.start() < b and a < m.end() for a, b in exclude):
                found.add(str(value))
    for m in _NUMBER.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in exclude):
            continue
        digits = re.sub(r"[ .,\u202f\u00a0]", "", m.group())
        if digits and len(digits) <= 7:
            found.add(str(int(digits)))
    return found


def event_features(report: Report, ev: Event) -> dict[str, Any]:
    """The language-independent description of one article event used to merge it."""
    text = report.text
    spans = _event_spans(ev)
    evidence_text = _sentences(text, spans)
    time_spans = [(s.start, s.end) for t in report.times for s in t.evidence]
    numbers: set[str] = set()
    for s in ev.evidence:
        if 0 <= s.start < s.end <= len(text):
            local = [(a - s.start, b - s.start) for a, b in time_spans if a < s.end and s.start < b]
            numbers |= _numbers(text[s.start : s.end], local, report.language)
    for count in (ev.fatalities, ev.injuries):
        if count is not None:
            numbers.add(str(count))
    names = set()
    for ent in report.entities:
        if ent.type == "PLACE":
            continue
        if any(_overlaps(m.start, m.end, spans) for m in ent.mentions):
            names.add(word_key(ent.name))
    actors = []
    for actor in (ev.actor1, ev.actor2):
        if actor is not None and actor.name:
            actors.append(word_key(actor.name))
            actor_ent = report.entity(actor.entity_id)
            if actor_ent is not None:
                names.add(word_key(actor_ent.name))
                names.update(word_key(a) for a in actor_ent.aliases)
    place_ids = set()
    for p in report.places:
        if p.geonameid is not None and any(_overlaps(m.start, m.end, spans) for m in p.mentions or []):
            place_ids.add(p.geonameid)
    pl = ev.place
    if pl is not None and pl.geonameid is not None:
        place_ids.add(pl.geonameid)
    d = ev.date
    start = d.start_date if d and d.start_date else None
    end = (d.end_date or d.start_date) if d and d.start_date else None
    return {
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "date_start": start.isoformat() if start else None,
        "date_end": end.isoformat() if end else None,
        "date_precision": d.precision if d and start else "unresolved",
        "time_precision": ev.time_precision,
        "published": report.published.isoformat() if report.published else None,
        "latitude": pl.latitude if pl else None,
        "longitude": pl.longitude if pl else None,
        "geonameid": pl.geonameid if pl else None,
        "place_precision": pl.precision if pl else None,
        "geo_precision": ev.geo_precision,
        "location": (pl.name or pl.site) if pl else None,
        "site": pl.site if pl else None,
        "country_code": pl.country_code if pl else None,
        "country": pl.country if pl else None,
        "admin1": pl.admin1 if pl else None,
        "actor1": ev.actor1.name if ev.actor1 else None,
        "actor2": ev.actor2.name if ev.actor2 else None,
        "actor1_type": ev.actor1.actor_type if ev.actor1 else None,
        "actor2_type": ev.actor2.actor_type if ev.actor2 else None,
        "actors": actors,
        "fatalities": ev.fatalities,
        "injuries": ev.injuries,
        "numbers": sorted(numbers),
        "names": sorted(n for n in names if n),
        "place_ids": sorted(place_ids),
        "text": evidence_text,
        "summary": ev.summary,
        "language": report.language,
        "background": ev.background,
        "confidence": ev.confidence,
    }


# --------------------------------------------------------------------------- comparison
def _d(value: Optional[str]) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def _overlap(a, b) -> Optional[float]:
    """Overlap coefficient |A ∩ B| / min(|A|, |B|): a short report naming fewer things is not penalised."""
    a, b = set(a), set(b)
    if not a or not b:
        return None
    return len(a & b) / min(len(a), len(b))


def _date_component(a: dict, b: dict) -> tuple[Optional[float], Optional[str], bool]:
    """(score, refusal, strict) for the dates of two events."""
    sa, ea, sb, eb = _d(a["date_start"]), _d(a["date_end"]), _d(b["date_start"]), _d(b["date_end"])
    if sa and sb:
        ea, eb = cast(date, ea), cast(date, eb)  # an event date has both ends or none
        day_a, day_b = sa == ea, sb == eb
        if day_a and day_b:
            if sa == sb:
                return 1.0, None, False
            return None, f"different days ({sa} / {sb})", False
        if sa <= eb and sb <= ea:
            covers = (sa <= sb and eb <= ea) or (sb <= sa and ea <= eb)
            if covers:
                return 0.5, None, True
            return 0.3, None, True
        return None, f"date ranges do not overlap ({sa}..{ea} / {sb}..{eb})", False
    pa, pb = _d(a.get("published")), _d(b.get("published"))
    if pa and pb and abs((pa - pb).days) <= UNDATED_PUBLISHED_DAYS:
        return 0.3, None, True
    return None, "an undated event and no publication dates within two days", False


def _place_component(a: dict, b: dict) -> tuple[Optional[float], Optional[str], bool, Optional[float]]:
    """(score, refusal, strict, distance_km) for the places of two events."""
    ca, cb = a.get("country_code"), b.get("country_code")
    if ca and cb and ca != cb:
        return None, f"different countries ({ca} / {cb})", False, None
    if a.get("geonameid") and a.get("geonameid") == b.get("geonameid"):
        return 1.0, None, (a.get("place_precision") in COARSE_PLACE), 0.0
    coarse = a.get("place_precision") in COARSE_PLACE or b.get("place_precision") in COARSE_PLACE
    if a.get("latitude") is not None and b.get("latitude") is not None:
        km = distance_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
        if coarse:
            return 0.5, None, True, round(km, 1)
        if km > MAX_TOWN_KM:
            return None, f"places {km:.0f} km apart", False, round(km, 1)
        score = 1.0 if km <= 10 else 0.8 if km <= 30 else 0.5 if km <= 80 else 0.2
        return score, None, km > 30, round(km, 1)
    if ca and cb:
        return 0.4, None, True, None
    return 0.2, None, True, None


def _actor_component(a: dict, b: dict) -> Optional[float]:
    if not a["actors"] or not b["actors"]:
        return None
    best = 0.0
    for x in a["actors"]:
        for y in b["actors"]:
            best = max(best, fuzz.token_set_ratio(x, y) / 100.0)
    return best


def _evidence_component(a: dict, b: dict) -> tuple[float, dict]:
    parts: dict[str, float] = {}
    for key in ("numbers", "names", "place_ids"):
        j = _overlap(a[key], b[key])
        if j is not None:
            parts[key] = round(j, 3)
    if a["text"] and b["text"] and a.get("language") == b.get("language"):
        parts["text"] = round(fuzz.token_set_ratio(a["text"], b["text"]) / 100.0, 3)
    if a.get("fatalities") is not None and b.get("fatalities") is not None:
        fa, fb = a["fatalities"], b["fatalities"]
        parts["fatalities"] = 1.0 if fa == fb else 0.5 if abs(fa - fb) <= max(2, 0.5 * max(fa, fb)) else 0.0
    if not parts:
        return 0.3, parts
    return sum(parts.values()) / len(parts), parts


def compare(new: dict, old: dict) -> dict[str, Any]:
    """Compare two article events: ``{"score", "refused", "strict", "components"}``."""
    out: dict[str, Any] = {"score": 0.0, "refused": None, "strict": False, "components": {}}
    if new["event_type"] != old["event_type"]:
        out["refused"] = f"different event types ({new['event_type']} / {old['event_type']})"
        return out
    date_score, refusal, strict_d = _date_component(new, old)
    if refusal:
        out["refused"] = refusal
        return out
    place_score, refusal, strict_p, km = _place_component(new, old)
    if refusal:
        out["refused"] = refusal
        out["components"]["distance_km"] = km
        return out
    actor_score = _actor_component(new, old)
    evidence_score, evidence_parts = _evidence_component(new, old)
    comps: dict[str, float] = {  # both scores are set when nothing was refused
        "place": cast(float, place_score),
        "date": cast(float, date_score),
        "actors": round(actor_score, 3) if actor_score is not None else 0.5,
        "evidence": round(evidence_score, 3),
    }
    score: float = sum(WEIGHTS[k] * comps[k] for k in WEIGHTS)
    if new.get("sub_event_type") != old.get("sub_event_type"):
        score -= 0.05
    if actor_score is not None and actor_score < 0.5:
        score -= CONFLICT_PENALTY["actors"]
    out["score"] = round(max(0.0, min(1.0, score)), 3)
    out["strict"] = strict_d or strict_p
    out["components"] = {**comps, "actors_known": actor_score is not None, "distance_km": km, **{f"evidence_{k}": v for k, v in evidence_parts.items()}}
    return out


@dataclass
class Decision:
    merge: bool
    score: float
    reason: str
    matched: Optional[int] = None  # index of the best-matching source
    components: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"merged": self.merge, "score": self.score, "reason": self.reason, "components": self.components}


def decide(new: dict, sources: list[dict]) -> Decision:
    """Whether ``new`` joins the stored event whose sources' features are ``sources``."""
    best: Optional[tuple[int, dict]] = None
    strict = False
    for i, src in enumerate(sources):
        c = compare(new, src)
        if c["refused"]:
            return Decision(False, 0.0, f"refused: {c['refused']}", i, c["components"])
        strict = strict or c["strict"]
        if best is None or c["score"] > best[1]["score"]:
            best = (i, c)
    if best is None:
        return Decision(False, 0.0, "no sources to compare")
    i, c = best
    need = STRICT_THRESHOLD if strict else THRESHOLD
    if c["score"] >= need:
        return Decision(True, c["score"], f"score {c['score']:.2f} >= {need:.2f}", i, c["components"])
    return Decision(False, c["score"], f"score {c['score']:.2f} < {need:.2f}", i, c["components"])


def candidate_window(f: dict) -> Optional[tuple[str, str]]:
    """The date range a stored event must touch to be compared with ``f`` (None: no candidates)."""
    if f["date_start"]:  # a few days either side, so that near misses are recorded as refusals
        lo, hi = date.fromisoformat(f["date_start"]), date.fromisoformat(f["date_end"])
        return (lo - timedelta(days=3)).isoformat(), (hi + timedelta(days=3)).isoformat()
    if f.get("published"):
        pub = date.fromisoformat(f["published"])
        return (pub - timedelta(days=31)).isoformat(), (pub + timedelta(days=1)).isoformat()
    return None


# --------------------------------------------------------------------------- aggregation
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5, "unresolved": 9}
_PLACE_RANK = {"exact": 0, "near": 1, "region": 2, "country": 3, None: 9}


def aggregate(sources: list[dict]) -> dict[str, Any]:
    """The stored event's columns from its sources: the most precise date and place; the actors
    named most often; ACLED's rule for tolls (the most conservative reported figure)."""
    dated = [s for s in sources if s["date_start"]]
    best_date = min(dated, key=lambda s: (_PRECISION_RANK.get(s["date_precision"], 9), s["date_start"])) if dated else None
    placed = [s for s in sources if s.get("latitude") is not None or s.get("location")]
    best_place = min(placed, key=lambda s: (_PLACE_RANK.get(s.get("place_precision"), 9), s.get("latitude") is None)) if placed else None

    def most_common(key: str) -> Optional[str]:
        counts: dict[str, int] = {}
        for s in sources:
            if s.get(key):
                counts[s[key]] = counts.get(s[key], 0) + 1
        return max(counts, key=lambda k: (counts[k], -len(k))) if counts else None

    def conservative(key: str) -> Optional[int]:
        vals = [s[key] for s in sources if s.get(key) is not None]
        return min(vals) if vals else None

    types = [s["sub_event_type"] for s in sources if s.get("sub_event_type")]
    published = sorted(s["published"] for s in sources if s.get("published"))
    summary = next((s["summary"] for s in sources if s.get("summary")), None)
    if summary is None:
        summary = next((s["text"] for s in sources if s.get("text")), None)
    bd, bp = best_date or {}, best_place or {}
    precision = bd.get("date_precision")
    time_precision = bd.get("time_precision") or (
        {"day": 1, "week": 2}.get(precision, 3) if precision and precision != "unresolved" else None
    )
    return {
        "event_type": sources[0]["event_type"],
        "sub_event_type": max(dict.fromkeys(types), key=types.count) if types else None,  # ties: first told
        "date_start": bd.get("date_start"),
        "date_end": bd.get("date_end"),
        "date_precision": precision,
        "time_precision": time_precision,
        "location": bp.get("location"),
        "geonameid": bp.get("geonameid"),
        "country_code": bp.get("country_code") or most_common("country_code"),
        "country": bp.get("country") or most_common("country"),
        "admin1": bp.get("admin1"),
        "latitude": bp.get("latitude"),
        "longitude": bp.get("longitude"),
        "geo_precision": bp.get("geo_precision") or {"exact": 1, "near": 2, "region": 3, "country": 3}.get(bp.get("place_precision") or ""),
        "actor1": most_common("actor1"),
        "actor2": most_common("actor2"),
        "actor1_type": most_common("actor1_type"),
        "actor2_type": most_common("actor2_type"),
        "fatalities": conservative("fatalities"),
        "injuries": conservative("injuries"),
        "summary": (summary or "")[:500] or None,
        "first_published": published[0] if published else None,
    }


def search_text(agg: dict, sources: list[dict], titles: list[str]) -> str:
    """What full-text search looks at for one event."""
    parts = [agg.get(k) or "" for k in ("event_type", "sub_event_type", "actor1", "actor2", "location", "country", "admin1")]
    for s in sources:
        parts.extend([s.get("text") or "", s.get("actor1") or "", s.get("actor2") or "", s.get("location") or ""])
        parts.extend(s.get("names") or [])
    parts.extend(t for t in titles if t)
    return " ".join(p for p in parts if p)
