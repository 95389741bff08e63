"""Score Veille reports against gold articles, field by field.

Events, quotes, entities, time and place mentions are each paired one-to-one between system
and gold by an optimal assignment (``scipy.optimize.linear_sum_assignment`` over a similarity
matrix), never by order. A field is then scored end to end: *predicted* counts the system
items that fill the field, *gold* the gold items that fill it, *correct* the assigned pairs
whose values agree. So an event that was missed costs recall on every field it carries, and
a spurious event costs precision on every field it fills. ``matched`` and ``matched_correct``
give the accuracy of a field over assigned pairs only (where the gold fills it).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Iterable, Optional, Sequence, cast

from veille.eval.gold import GoldArticle, GoldEvent, Spans, norm_label
from veille.geo import distance_km
from veille.schema import Entity, Event, Quote, Report
from veille.text import strip_accents

TOKEN_MATCH = 85  # rapidfuzz ratio (0-100) at or above which two name words are the same word
NAME_MATCH = 90  # rapidfuzz ratio (0-100) at or above which two whole names are the same name
QUOTE_COVER = 0.5  # a quote pair must cover this share of both the gold and the system span

# Fields in display order, with a one-line meaning (docs/evaluation.md explains each).
FIELDS: dict[str, str] = {
    "event": "event detected (assignment on evidence overlap, type and place)",
    "event_current": "current event detected (background events left out on both sides)",
    "event_type": "ACLED event type",
    "sub_event_type": "ACLED sub-event type",
    "date_exact": "event date interval equal to gold",
    "date_1day": "event date start and end each within 1 day",
    "place_25km": "event place within 25 km",
    "place_161km": "event place within 161 km (100 miles)",
    "actor1": "actor1 name (word-based fuzzy match)",
    "actor2": "actor2 / target name (word-based fuzzy match)",
    "fatalities": "fatalities exact (0 and null differ)",
    "injuries": "injuries exact (0 and null differ)",
    "background": "background flag (positive class: background event)",
    "quote": "quote span (each side covers >= 50 % of the other)",
    "quote_speaker": "quote speaker (same name rule as actors)",
    "entity": "entity with the same type (mention overlap or name)",
    "entity_untyped": "entity, type ignored",
    "time": "time expression span (overlap)",
    "time_value": "time expression start and end dates",
    "place_mention": "toponym span (overlap)",
    "place_mention_161km": "toponym resolved within 161 km",
}


@dataclass
class Count:
    gold: int = 0
    pred: int = 0
    correct: int = 0
    matched: int = 0  # assigned pairs whose gold fills the field
    matched_correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def matched_accuracy(self) -> float:
        return self.matched_correct / self.matched if self.matched else 0.0

    def add(self, other: "Count") -> None:
        for k in ("gold", "pred", "correct", "matched", "matched_correct"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update(precision=self.precision, recall=self.recall, f1=self.f1, matched_accuracy=self.matched_accuracy)
        return d


@dataclass
class Miss:
    """One error, for ``--errors``: what gold expected, what the system gave, and the text."""

    article: str
    field: str
    kind: str  # "missed" (false negative), "spurious" (false positive), "wrong" (value differs)
    gold: str
    system: str
    evidence: str


@dataclass
class Result:
    counts: dict[str, Count] = field(default_factory=lambda: {f: Count() for f in FIELDS})
    by_event_type: dict[str, Count] = field(default_factory=dict)
    by_entity_type: dict[str, Count] = field(default_factory=dict)
    errors: list[Miss] = field(default_factory=list)
    articles: int = 0

    def merge(self, other: "Result") -> None:
        self.articles += other.articles
        for k, c in other.counts.items():
            self.counts.setdefault(k, Count()).add(c)
        for mine, theirs in ((self.by_event_type, other.by_event_type), (self.by_entity_type, other.by_entity_type)):
            for k, c in theirs.items():
                mine.setdefault(k, Count()).add(c)
        self.errors.extend(other.errors)

    def metrics(self) -> dict[str, dict]:
        return {k: c.as_dict() for k, c in self.counts.items()}

    def f1(self) -> dict[str, float]:
        return {k: c.f1 for k, c in self.counts.items()}


# --------------------------------------------------------------------------- helpers
def assign(sim: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs (i, j) maximising total similarity; pairs with sim <= 0 are dropped."""
    if not sim or not sim[0]:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    m = np.asarray(sim, dtype=float)
    rows, cols = linear_sum_assignment(m, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if m[i, j] > 0]


def _fold(s: str) -> str:
    return " ".join(strip_accents(s).casefold().replace("’", "'").split())


# Function words left out when comparing names word by word (French and English).
_NAME_STOP = frozenset("a an the of and de du des la le les l d un une et".split())


def _name_words(s: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", _fold(s)) if w not in _NAME_STOP]


def _words_within(small: list[str], big: list[str]) -> bool:
    from rapidfuzz import fuzz

    return bool(small) and all(any(w == b or fuzz.ratio(w, b) >= TOKEN_MATCH for b in big) for w in small)


def name_match(a: str | None, b: str | None) -> bool:
    """Two names denote the same actor: every content word of one is in the other (fuzzily,
    so "Morato" ~ "colonel Wayne Morato", "Houthis" ~ "Houthis (Ansar Allah)", "al-Shabab" ~
    "Al Shabaab"), or the whole names are near-identical. "Military Forces of Mali" and "Police
    Forces of Mali", or the same group in two countries, do not match."""
    from rapidfuzz import fuzz

    if not a or not b:
        return False
    wa, wb = _name_words(a), _name_words(b)
    if _words_within(wa, wb) or _words_within(wb, wa):
        return True
    return fuzz.ratio(_fold(a), _fold(b)) >= NAME_MATCH


def names_match(gold: str | None, candidates: Iterable[str | None]) -> bool:
    return any(name_match(gold, c) for c in candidates)


def _inter(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_inter(gold: Spans, system: Iterable[tuple[int, int]]) -> tuple[int, tuple[int, int] | None, tuple[int, int] | None]:
    """The largest overlap between any gold occurrence and any system span, with both spans."""
    best, bg, bs = 0, None, None
    system = list(system)
    for g in gold:
        for s in system:
            n = _inter(g, s)
            if n > best:
                best, bg, bs = n, g, s
    return best, bg, bs


def _snip(text: str, span: tuple[int, int] | None, n: int = 240) -> str:
    """The sentence around ``span`` with the span itself marked ⟦…⟧, on one line."""
    if span is None:
        return ""
    a, b = span
    left = max(text.rfind(". ", 0, a) + 2 if text.rfind(". ", 0, a) >= 0 else 0, text.rfind("\n", 0, a) + 1, a - n // 2)
    ends = [i for i in (text.find(". ", b), text.find("\n", b)) if i >= 0]
    right = min([*(i + 1 for i in ends), len(text), b + n // 2])
    out = text[left:a] + "⟦" + text[a:b] + "⟧" + text[b:right]
    out = " ".join(out.split())
    if len(out) > 2 * n:
        out = out[: 2 * n - 1] + "…"
    return ("…" if left > 0 and text[left - 1] not in ".\n " else "") + out


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _interval(a, b) -> str:
    if a is None:
        return "unresolved"
    return a.isoformat() if b is None or b == a else f"{a}..{b}"


def _entity_names(report: Report, entity_id: str | None) -> list[str]:
    ent = report.entity(entity_id) if entity_id else None
    if ent is None:
        return []
    return [ent.name, *ent.aliases, *(m.text for m in ent.mentions if m.kind in ("name", "alias"))]


# --------------------------------------------------------------------------- events
def _event_spans(e: Event) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in e.evidence]
    if e.trigger_span is not None:
        spans.append((e.trigger_span.start, e.trigger_span.end))
    return spans


def _sys_dates(e: Event) -> tuple[date, date] | None:
    if e.date is None or e.date.start_date is None:
        return None
    return e.date.start_date, e.date.end_date or e.date.start_date


def _dates_ok(g: GoldEvent, e: Event, tol_days: int) -> bool:
    sd = _sys_dates(e)
    if g.date is None or sd is None:
        return False
    return abs((sd[0] - g.date.start).days) <= tol_days and abs((sd[1] - g.date.end).days) <= tol_days


def _sys_has_place(e: Event) -> bool:
    p = e.place
    return p is not None and (p.latitude is not None or bool(p.name) or bool(p.site))


def place_distance(g: GoldEvent, e: Event) -> float | None:
    if g.place is None or e.place is None or g.place.lat is None or e.place.latitude is None:
        return None
    return distance_km(g.place.lat, cast(float, g.place.lon), e.place.latitude, cast(float, e.place.longitude))


def _place_ok(g: GoldEvent, e: Event, km: float) -> bool:
    if g.place is None or e.place is None or not _sys_has_place(e):
        return False
    if g.place.lat is None:  # gold could not geocode: compare names
        return names_match(g.place.name, [e.place.name, e.place.site])
    d = place_distance(g, e)
    return d is not None and d <= km


def _actor_ok(gold: str | None, actor, report: Report) -> bool:
    if not gold or actor is None:
        return False
    return names_match(gold, [actor.name, *_entity_names(report, actor.entity_id)])


def event_similarity(art: GoldArticle, k: int, e: Event) -> float:
    """How well system event ``e`` fits gold event ``k``; 0 when they cannot be the same event.

    Eligible when the evidence overlaps, or when type and place (161 km) agree. Among eligible
    pairs the score prefers evidence overlap, then type, sub-type, place and date agreement.
    """
    g = art.record.events[k]
    n, gspan, _ = best_inter(art.event_spans[k], _event_spans(e))
    cover = n / (gspan[1] - gspan[0]) if gspan else 0.0
    same_type = norm_label(g.event_type) == norm_label(e.event_type)
    same_sub = same_type and norm_label(g.sub_event_type) == norm_label(e.sub_event_type)
    place = _place_ok(g, e, 161)
    if n == 0 and not (same_type and place):
        return 0.0
    score = (2.0 + cover if n else 0.0) + 1.0 * same_type + 0.5 * same_sub + 1.0 * place
    score += 0.5 * _dates_ok(g, e, 1) + 0.25 * (g.background == e.background)
    return score


def _describe_gold_event(g: GoldEvent) -> str:
    parts = [f"{g.event_type} / {g.sub_event_type}"]
    if g.date:
        parts.append(g.date.start.isoformat() + ("" if g.date.end == g.date.start else f"..{g.date.end}"))
    if g.place:
        parts.append(f"@{g.place.name}")
    if g.background:
        parts.append("(background)")
    return " ".join(parts)


def _describe_sys_event(e: Event) -> str:
    parts = [f"{e.event_type} / {e.sub_event_type}"]
    sd = _sys_dates(e)
    if sd:
        parts.append(sd[0].isoformat() + ("" if sd[1] == sd[0] else f"..{sd[1]}"))
    if e.place:
        parts.append(f"@{e.place.name or e.place.site}")
    if e.background:
        parts.append("(background)")
    return " ".join(parts)


def _gold_value(g: GoldEvent, f: str):
    return {
        "event_type": g.event_type,
        "sub_event_type": g.sub_event_type,
        "date_exact": g.date,
        "date_1day": g.date,
        "place_25km": g.place,
        "place_161km": g.place,
        "actor1": g.actor1,
        "actor2": g.actor2,
        "fatalities": g.fatalities,
        "injuries": g.injuries,
        "background": True if g.background else None,
    }[f]


def _sys_value(e: Event, f: str):
    return {
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "date_exact": _sys_dates(e),
        "date_1day": _sys_dates(e),
        "place_25km": e.place if _sys_has_place(e) else None,
        "place_161km": e.place if _sys_has_place(e) else None,
        "actor1": e.actor1,
        "actor2": e.actor2,
        "fatalities": e.fatalities,
        "injuries": e.injuries,
        "background": True if e.background else None,
    }[f]


def _field_ok(f: str, g: GoldEvent, e: Event, report: Report) -> bool:
    if f == "event_type":
        return norm_label(g.event_type) == norm_label(e.event_type)
    if f == "sub_event_type":
        return norm_label(g.event_type) == norm_label(e.event_type) and norm_label(g.sub_event_type) == norm_label(
            e.sub_event_type
        )
    if f == "date_exact":
        return _dates_ok(g, e, 0)
    if f == "date_1day":
        return _dates_ok(g, e, 1)
    if f == "place_25km":
        return _place_ok(g, e, 25)
    if f == "place_161km":
        return _place_ok(g, e, 161)
    if f == "actor1":
        return _actor_ok(g.actor1, e.actor1, report)
    if f == "actor2":
        return _actor_ok(g.actor2, e.actor2, report)
    if f == "fatalities":
        return g.fatalities is not None and e.fatalities == g.fatalities
    if f == "injuries":
        return g.injuries is not None and e.injuries == g.injuries
    if f == "background":
        return g.background and e.background
    raise KeyError(f)


def _show(f: str, v) -> str:
    if v is None:
        return "—"
    if f.startswith("date"):
        if isinstance(v, tuple):
            return v[0].isoformat() + ("" if v[1] == v[0] else f"..{v[1]}")
        return v.start.isoformat() + ("" if v.end == v.start else f"..{v.end}") + f" ({v.precision})"
    if f.startswith("place"):
        name = getattr(v, "name", None) or getattr(v, "site", None)
        lat = getattr(v, "lat", None) if hasattr(v, "lat") else getattr(v, "latitude", None)
        lon = getattr(v, "lon", None) if hasattr(v, "lon") else getattr(v, "longitude", None)
        return f"{name} ({lat:.2f}, {lon:.2f})" if lat is not None and lon is not None else f"{name} (no coordinates)"
    if f.startswith("actor"):
        return v if isinstance(v, str) else v.name
    return str(v)


EVENT_FIELDS = (
    "event_type",
    "sub_event_type",
    "date_exact",
    "date_1day",
    "place_25km",
    "place_161km",
    "actor1",
    "actor2",
    "fatalities",
    "injuries",
    "background",
)


def score_events(art: GoldArticle, report: Report, res: Result) -> None:
    gold, sys = art.record.events, report.events
    text = art.text
    pairs = assign([[event_similarity(art, k, e) for e in sys] for k in range(len(gold))])
    g2s = dict(pairs)
    s_matched = {j for _, j in pairs}
    c = res.counts
    c["event"].gold += len(gold)
    c["event"].pred += len(sys)
    c["event"].correct += len(pairs)
    c["event"].matched += len(pairs)
    c["event"].matched_correct += len(pairs)
    cur_g = [g for g in range(len(gold)) if not gold[g].background]
    cur_s = [e for e in sys if not e.background]
    cur_pairs = assign([[event_similarity(art, k, e) for e in cur_s] for k in cur_g])
    cc = c["event_current"]
    cc.gold += len(cur_g)
    cc.pred += len(cur_s)
    cc.correct += len(cur_pairs)
    cc.matched += len(cur_pairs)
    cc.matched_correct += len(cur_pairs)
    for g in gold:
        res.by_event_type.setdefault(g.event_type, Count()).gold += 1
    for e in sys:
        res.by_event_type.setdefault(e.event_type, Count()).pred += 1
    for k, g in enumerate(gold):
        j = g2s.get(k)
        if j is None:
            res.errors.append(
                Miss(art.id, "event", "missed", _describe_gold_event(g), "", _snip(text, art.event_spans[k][0]))
            )
        elif norm_label(g.event_type) == norm_label(sys[j].event_type):
            res.by_event_type[g.event_type].correct += 1
    for j, e in enumerate(sys):
        if j not in s_matched:
            ev = _event_spans(e)
            res.errors.append(Miss(art.id, "event", "spurious", "", _describe_sys_event(e), _snip(text, ev[0] if ev else None)))
    for f in EVENT_FIELDS:
        cnt = c[f]
        cnt.gold += sum(1 for g in gold if _gold_value(g, f) is not None)
        cnt.pred += sum(1 for e in sys if _sys_value(e, f) is not None)
        for k, j in pairs:
            g, e = gold[k], sys[j]
            gv, sv = _gold_value(g, f), _sys_value(e, f)
            ok = gv is not None and _field_ok(f, g, e, report)
            if gv is not None:
                cnt.matched += 1
                cnt.matched_correct += ok
            cnt.correct += ok
            if not ok and (gv is not None or sv is not None):
                shown = _show(f, sv)
                if f.startswith("place") and gv is not None and sv is not None:
                    d = place_distance(g, e)
                    if d is not None:
                        shown += f" [{d:.0f} km]"
                res.errors.append(
                    Miss(art.id, f, "wrong" if gv is not None and sv is not None else ("missed" if sv is None else "spurious"),
                         _show(f, gv), shown, _snip(text, art.event_spans[k][0]))
                )


# --------------------------------------------------------------------------- quotes
def _quote_names(q: Quote, report: Report) -> list[str]:
    names = [q.speaker, *_entity_names(report, q.speaker_entity_id)]
    if q.speaker_mention is not None:
        names.append(report.text[q.speaker_mention.start : q.speaker_mention.end])
    return [n for n in names if n]


def quote_similarity(gold: Spans, q: Quote) -> float:
    n, best, _ = best_inter(gold, [(q.start, q.end)])
    if not n:
        return 0.0
    g = cast(tuple[int, int], best)  # an overlap has its gold span
    cover_g, cover_s = n / (g[1] - g[0]), n / max(1, q.end - q.start)
    if cover_g < QUOTE_COVER or cover_s < QUOTE_COVER:
        return 0.0
    return cover_g + cover_s


def score_quotes(art: GoldArticle, report: Report, res: Result) -> None:
    gold, sys = art.record.quotes, report.quotes
    if "quotes:direct" in art.record.tags:  # only direct quotes are annotated (fr-quotes)
        sys = [q for q in sys if q.direct]
    text = art.text
    pairs = assign([[quote_similarity(art.quote_spans[k], q) for q in sys] for k in range(len(gold))])
    c, cs = res.counts["quote"], res.counts["quote_speaker"]
    c.gold += len(gold)
    c.pred += len(sys)
    c.correct += len(pairs)
    c.matched += len(pairs)
    c.matched_correct += len(pairs)
    cs.gold += sum(1 for g in gold if g.speaker)
    cs.pred += sum(1 for q in sys if q.speaker or q.speaker_entity_id)
    g2s = dict(pairs)
    for k, g in enumerate(gold):
        j = g2s.get(k)
        if j is None:
            res.errors.append(
                Miss(art.id, "quote", "missed", f"{g.speaker or '?'}: «{_short(g.text)}»", "",
                     _snip(text, art.quote_spans[k][0]))
            )
            continue
        q = sys[j]
        if g.speaker:
            ok = names_match(g.speaker, _quote_names(q, report))
            cs.matched += 1
            cs.matched_correct += ok
            cs.correct += ok
            if not ok:
                res.errors.append(
                    Miss(art.id, "quote_speaker", "wrong" if q.speaker else "missed", g.speaker, q.speaker or "—",
                         _snip(text, (q.start, q.end)))
                )
    matched = set(g2s.values())
    for j, q in enumerate(sys):
        if j not in matched:
            res.errors.append(
                Miss(art.id, "quote", "spurious", "", f"{q.speaker or '?'}: «{_short(q.text)}»",
                     _snip(text, (q.start, q.end)))
            )


# --------------------------------------------------------------------------- entities
def entity_similarity(art: GoldArticle, k: int, ent: Entity) -> float:
    """Mentions overlapping the gold mentions' occurrences, or a matching name; 0 if neither."""
    g = art.record.entities[k]
    occ = [s for spans in art.entity_spans[k] for s in spans]
    hits = sum(1 for m in ent.mentions if any(_inter(o, (m.start, m.end)) for o in occ))
    same_name = name_match(g.name, ent.name)
    if not hits and not same_name:
        return 0.0
    return hits / max(1, len(ent.mentions)) + (1.0 if hits else 0.5) + 0.25 * same_name


def score_entities(art: GoldArticle, report: Report, res: Result) -> None:
    gold, sys = art.record.entities, report.entities
    text = art.text
    sim = [[entity_similarity(art, k, e) for e in sys] for k in range(len(gold))]
    untyped = assign(sim)
    typed = assign([[s if gold[k].type == sys[j].type else 0.0 for j, s in enumerate(row)] for k, row in enumerate(sim)])
    for f, pairs in (("entity_untyped", untyped), ("entity", typed)):
        c = res.counts[f]
        c.gold += len(gold)
        c.pred += len(sys)
        c.correct += len(pairs)
        c.matched += len(pairs)
        c.matched_correct += len(pairs)
    for g in gold:
        res.by_entity_type.setdefault(g.type, Count()).gold += 1
    for e in sys:
        res.by_entity_type.setdefault(e.type, Count()).pred += 1
    for k, _ in typed:
        res.by_entity_type[gold[k].type].correct += 1
    g2s_typed, g2s_any = dict(typed), dict(untyped)
    for k, g in enumerate(gold):
        if k in g2s_typed:
            continue
        where = _snip(text, art.entity_spans[k][0][0]) if art.entity_spans[k] else ""
        j = g2s_any.get(k)
        if j is not None:
            res.errors.append(Miss(art.id, "entity", "wrong", f"{g.name} [{g.type}]", f"{sys[j].name} [{sys[j].type}]", where))
        else:
            res.errors.append(Miss(art.id, "entity", "missed", f"{g.name} [{g.type}]", "", where))
    matched_any = set(g2s_any.values())
    for j, e in enumerate(sys):
        if j not in matched_any:
            where = _snip(text, (e.mentions[0].start, e.mentions[0].end)) if e.mentions else ""
            res.errors.append(Miss(art.id, "entity", "spurious", "", f"{e.name} [{e.type}]", where))


# --------------------------------------------------------------------------- times and toponyms
def _spans_of(item) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in getattr(item, "evidence", [])]
    spans += [(m.start, m.end) for m in getattr(item, "mentions", [])]
    return spans


def _score_mentions(art: GoldArticle, res: Result, field: str, value_field: str, gold: list, gold_spans: list,
                    sys: list, gold_label, sys_label, gold_has_value, sys_has_value, check) -> None:
    """Span-paired mentions (times, toponyms): ``field`` counts the pairs found by optimal assignment on
    span overlap; ``value_field`` counts the pairs whose gold carries a value and ``check(g, s)``
    returns ``(correct, system description)`` for them."""
    sim = [[best_inter(gold_spans[k], _spans_of(s))[0] for s in sys] for k in range(len(gold))]
    pairs = assign(sim)
    c, cv = res.counts[field], res.counts[value_field]
    c.gold += len(gold)
    c.pred += len(sys)
    c.correct += len(pairs)
    c.matched += len(pairs)
    c.matched_correct += len(pairs)
    cv.gold += sum(1 for g in gold if gold_has_value(g))
    cv.pred += sum(1 for s in sys if sys_has_value(s))
    g2s = dict(pairs)
    for k, g in enumerate(gold):
        j = g2s.get(k)
        if j is None:
            res.errors.append(Miss(art.id, field, "missed", gold_label(g), "", _snip(art.text, gold_spans[k][0])))
            continue
        if not gold_has_value(g):
            continue
        ok, sysv = check(g, sys[j])
        cv.matched += 1
        cv.matched_correct += ok
        cv.correct += ok
        if not ok:
            res.errors.append(Miss(art.id, value_field, "wrong", gold_label(g), sysv, _snip(art.text, gold_spans[k][0])))
    matched = set(g2s.values())
    for j, s in enumerate(sys):
        if j not in matched:
            sp = _spans_of(s)
            res.errors.append(Miss(art.id, field, "spurious", "", sys_label(s), _snip(art.text, sp[0] if sp else None)))


def score_times(art: GoldArticle, report: Report, res: Result) -> None:
    def check(g, t):
        ok = t.start_date == g.start and (t.end_date or t.start_date) == (g.end or g.start)
        return ok, f"{t.text} = {_interval(t.start_date, t.end_date)} ({t.precision})"

    _score_mentions(
        art, res, "time", "time_value", art.record.times, art.time_spans, [t for t in report.times if t.kind == "date"],
        gold_label=lambda g: f"{g.text} = {_interval(g.start, g.end)}",
        sys_label=lambda t: f"{t.text} = {_interval(t.start_date, t.end_date)}",
        gold_has_value=lambda g: g.start is not None,
        sys_has_value=lambda t: t.start_date is not None,
        check=check,
    )


def score_places(art: GoldArticle, report: Report, res: Result) -> None:
    def check(g, p):
        d = distance_km(g.lat, g.lon, p.latitude, p.longitude) if p.latitude is not None else None
        ok = d is not None and d <= 161
        return ok, f"{p.name} ({p.latitude}, {p.longitude})" + (f" [{d:.0f} km]" if d is not None else " unresolved")

    _score_mentions(
        art, res, "place_mention", "place_mention_161km", art.record.places, art.place_spans, report.places,
        gold_label=lambda g: f"{g.text} -> {g.name} ({g.lat}, {g.lon})",
        sys_label=lambda p: f"{p.text} -> {p.name}",
        gold_has_value=lambda g: g.lat is not None,
        sys_has_value=lambda p: p.latitude is not None,
        check=check,
    )


# --------------------------------------------------------------------------- articles
def score_article(art: GoldArticle, report: Report) -> Result:
    """Counts and errors for one gold article and the system's report on it."""
    if report.text != art.text:
        raise ValueError(f"{art.id}: the report's text differs from the gold text; offsets would not agree")
    res = Result(articles=1)
    score_events(art, report, res)
    score_quotes(art, report, res)
    score_entities(art, report, res)
    score_times(art, report, res)
    score_places(art, report, res)
    return res


def score(pairs: Iterable[tuple[GoldArticle, Optional[Report]]]) -> Result:
    """Micro-averaged counts over articles; a missing report (pipeline error) scores as empty."""
    total = Result()
    for art, report in pairs:
        if report is None:
            report = Report(language=art.record.lang, text=art.text, text_hash="")
        total.merge(score_article(art, report))
    return total
