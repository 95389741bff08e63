"""Calendar logic for the times stage: features of a tagged expression -> interval and TIMEX3 value.

Pure functions over :class:`Features` (filled by :mod:`veille.stages.times` from the matched
tokens) and the publication date (``dct``, document creation time). Nothing here reads today's
date: without a ``dct`` a relative expression stays unresolved.

Intervals are inclusive ``(start, end)`` dates. Periods: day, ISO week (Monday..Sunday), weekend
(Saturday..Sunday), month, season (meteorological: SP Mar-May, SU Jun-Aug, FA Sep-Nov, WI the
Dec(y-1)..Feb(y) winter), quarter, year, decade, century. A modifier start/mid/end keeps the
TIMEX3 value of the whole period and narrows the interval to its first/middle/last third, one
precision step finer (year -> season, season -> month, month -> week, century -> decade).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}
POD_NAMES = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": None, "MI": "afternoon"}
FINER = {"year": "season", "season": "month", "month": "week", "week": "week", "day": "day", "decade": "decade"}
DURATION_UNITS = {"D": "D", "W": "W", "M": "M", "Y": "Y", "DE": "DE", "CE": "CE", "H": "TH", "MIN": "TM", "S": "TS"}
# a fractional count in the next smaller unit: "a minute and a half" PT1M30S, "two and a half years" P2Y6M
FRACTION_UNITS = {"Y": ("M", 12), "M": ("D", 30), "D": ("TH", 24), "H": ("M", 60), "MIN": ("S", 60)}


@dataclass
class Features:
    """What the matched tokens say, by role; filled left to right."""

    days: list[int] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)
    season: Optional[str] = None
    pod: Optional[str] = None
    mod: Optional[str] = None
    approx: bool = False
    direction: Optional[int] = None  # -1 last/dernier, +1 next/prochain
    this: bool = False
    deictic: Optional[int] = None  # day offset of hier/today/...
    anaphoric: Optional[int] = None  # day offset from the previous date (la veille, the next day)
    unit: Optional[str] = None
    count: Optional[float] = None
    fuzzy: bool = False
    plural: bool = False
    decade: Optional[int] = None  # first year of the decade, or 2-digit (60 -> 1960 by context)
    century: Optional[int] = None  # 19 for "XIXe siècle" (years 1801..1900 -> value 18XX)
    hour: Optional[int] = None
    minute: int = 0
    ampm: Optional[str] = None
    ref: Optional[str] = None
    quant: bool = False
    set_unit: Optional[str] = None
    fixed_value: Optional[str] = None  # a duration noun's own value: quinquennat -> P5Y
    clip: int = 0  # -1 "earlier this ...", +1 "later this ..."
    quarter: Optional[int] = None  # "the third quarter": 3
    nth_weekday: Optional[tuple[int, int]] = None  # a holiday on the nth weekday of its month: Thanksgiving (4, 3)
    week_of: bool = False  # "the week of March 6": the ISO week of the day named
    day_of: bool = False  # "the day before last Tuesday": the anaphoric offset from the day named
    told_past: bool = False  # a month set by a preposition on a finite past verb: "it changed ... in December"


@dataclass
class Resolved:
    type: str = "DATE"  # TIMEX3 type: DATE, TIME, DURATION, SET
    value: Optional[str] = None
    start: Optional[date] = None
    end: Optional[date] = None
    precision: str = "unresolved"
    relative: bool = False
    modifier: Optional[str] = None
    weekday: Optional[int] = None
    time_of_day: Optional[str] = None
    confidence: float = 0.8


# --------------------------------------------------------------------------- periods
def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def safe_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def day_period(d: date):
    return d, d, "day", d.isoformat()


def week_period(d: date):
    start = d - timedelta(days=d.weekday())
    iso = d.isocalendar()
    return start, start + timedelta(days=6), "week", f"{iso[0]}-W{iso[1]:02d}"


def weekend_period(d: date):
    start = d - timedelta(days=d.weekday()) + timedelta(days=5)
    iso = d.isocalendar()
    return start, start + timedelta(days=1), "week", f"{iso[0]}-W{iso[1]:02d}-WE"


def month_period(y: int, m: int):
    return date(y, m, 1), date(y, m, last_day(y, m)), "month", f"{y:04d}-{m:02d}"


def season_period(y: int, s: str):
    if s == "WI":
        return date(y - 1, 12, 1), date(y, 2, last_day(y, 2)), "season", f"{y:04d}-WI"
    a, b = SEASON_MONTHS[s]
    return date(y, a, 1), date(y, b, last_day(y, b)), "season", f"{y:04d}-{s}"


def quarter_period(y: int, q: int):
    a = 3 * (q - 1) + 1
    return date(y, a, 1), date(y, a + 2, last_day(y, a + 2)), "season", f"{y:04d}-Q{q}"


def year_period(y: int):
    return date(y, 1, 1), date(y, 12, 31), "year", f"{y:04d}"


def decade_period(y0: int):
    return date(y0, 1, 1), date(y0 + 9, 12, 31), "decade", f"{y0 // 10:03d}X"


def century_period(c: int):
    # "XIXe siècle" = 1801..1900; TIMEX3 writes the hundreds: 18XX
    return date(100 * (c - 1) + 1, 1, 1), date(100 * c, 12, 31), "decade", f"{c - 1:02d}XX"


def shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def apply_mod(period, mod: Optional[str]):
    """Narrow a period to its start/mid/end: months cut at the 10th and 20th, years in quarters
    (start = Jan-Mar, mid = May-Aug, end = Oct-Dec), other periods in thirds."""
    start, end, precision, value = period
    if mod not in ("start", "mid", "end") or precision == "day":
        return period
    if precision == "month":
        cut = {"start": (1, 10), "mid": (11, 20), "end": (21, end.day)}[mod]
        return start.replace(day=cut[0]), start.replace(day=cut[1]), "week", value
    if precision == "year":
        y = start.year
        a, b = {"start": ((1, 1), (3, 31)), "mid": ((5, 1), (8, 31)), "end": ((10, 1), (12, 31))}[mod]
        return date(y, *a), date(y, *b), "season", value
    total = (end - start).days + 1
    third = max(1, total // 3)
    if mod == "start":
        start, end = start, start + timedelta(days=third - 1)
    elif mod == "end":
        start, end = end - timedelta(days=third - 1), end
    else:
        start, end = start + timedelta(days=third), end - timedelta(days=third)
    return start, end, FINER.get(precision, precision), value


# --------------------------------------------------------------------------- anchoring
def expand_year2(yy: int, dct: Optional[date]) -> int:
    """'98' -> 1998, '05' -> 2005: the century that puts the year at most 10 years after the DCT."""
    ref = dct.year if dct else 2000
    y = 2000 + yy
    return y - 100 if y > ref + 10 else y


NEAR_AHEAD_DAYS = 75  # a date this close after the DCT keeps its year under a past tense ("payable Dec. 15")


def infer_year(month: int, day: Optional[int], dct: date, direction: Optional[int], tense: int) -> int:
    """Year of a month (and day) written without one, from the DCT, 'dernier/prochain' and the tense."""
    y = dct.year

    def key(yr):
        return (yr, month, day or (last_day(yr, month) if direction == -1 else 1))

    ref = (dct.year, dct.month, dct.day if day else dct.day)
    if day is None:
        ref = (dct.year, dct.month, 0)
        cand = (y, month, 0)
        if direction == -1:
            return y if cand < ref else y - 1
        if direction == 1:
            return y if cand > ref else y + 1
    else:
        cand = key(y)
        if direction == -1:
            return y if cand < ref else y - 1
        if direction == 1:
            return y if cand > ref else y + 1
    if tense < 0 and cand > ref:
        # "extended the offer to Nov. 20", "payable Dec. 1": a day or month just ahead stays in the DCT's year
        near = safe_date(y, month, day or 1)
        return y if near is not None and (near - dct).days <= NEAR_AHEAD_DAYS else y - 1
    if tense > 0 and cand < ref:
        return y + 1
    if tense == 0:
        # nearest occurrence to the DCT, news being mostly about the past: future gaps count double
        best, gap = y, None
        for yr in (y - 1, y, y + 1):
            d = safe_date(yr, month, day or 15)
            if d is None:
                continue
            g = (d - dct).days
            g = 2 * g if g > 0 else -g
            if gap is None or g < gap:
                best, gap = yr, g
        return best
    return y


def resolve_weekday(wd: int, dct: date, direction: Optional[int], this: bool, tense: int) -> date:
    """News convention: the most recent such day on or before the DCT, the next one with a future tense."""
    back = (dct.weekday() - wd) % 7
    fwd = (wd - dct.weekday()) % 7
    if direction == -1:
        return dct - timedelta(days=back or 7)
    if direction == 1:
        return dct + timedelta(days=fwd or 7)
    if tense > 0:
        return dct + timedelta(days=fwd)
    if this and tense == 0:
        return dct + timedelta(days=fwd) if fwd < back else dct - timedelta(days=back)
    return dct - timedelta(days=back)


def time_of_day_from_hour(h: int) -> str:
    if 5 <= h < 12:
        return "morning"
    if 12 <= h < 18:
        return "afternoon"
    if 18 <= h < 22:
        return "evening"
    return "night"


def fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# --------------------------------------------------------------------------- kinds
def resolve(kind: str, f: Features, dct: Optional[date], tense: int, anchor: Optional[date]) -> Optional[Resolved]:
    """Interval, precision and value for one expression. ``anchor``: the previous day-precision date."""
    fn = {
        "date": _resolve_date,
        "range": _resolve_range,
        "night": _resolve_night,
        "ago": _resolve_shift,
        "later": _resolve_shift,
        "duration": _resolve_duration,
        "recent": _resolve_duration,
        "after_anchor": _resolve_anchor_shift,
        "before_anchor": _resolve_anchor_shift,
        "clock": _resolve_clock,
        "set": _resolve_set,
        "ref": _resolve_ref,
    }[kind]
    return fn(kind, f, dct, tense, anchor)


def _finish(r: Resolved, period, f: Features) -> Resolved:
    period = apply_mod(period, f.mod)
    r.start, r.end, r.precision, r.value = period
    r.modifier = f.mod if f.mod else ("approx" if f.approx else None)
    if f.pod and r.precision == "day":
        r.type = "TIME"
        r.time_of_day = POD_NAMES.get(f.pod)
        r.value = f"{r.value}T{f.pod}"
    elif f.pod:
        r.time_of_day = POD_NAMES.get(f.pod)
    return r


def _resolve_date(_kind, f: Features, dct, tense, anchor) -> Optional[Resolved]:
    """A calendar date: the first named rule of ``_DATE_RULES`` whose features are present decides."""
    for applies, rule in _DATE_RULES:
        if applies(f):
            r = rule(f, dct, tense, anchor)
            if r is not None and f.day_of and f.anaphoric and r.precision == "day" and r.start is not None:
                r = _finish(r, day_period(r.start + timedelta(days=f.anaphoric)), f)  # "the day after Christmas"
            return r
    return None


def _deictic(f: Features, dct, _tense, _anchor) -> Optional[Resolved]:
    """hier, demain, yesterday, tonight: a day offset from the DCT."""
    r = Resolved(relative=True)
    if dct is None:
        return _unresolved(r, f)
    r.confidence = 0.9
    return _finish(r, day_period(dct + timedelta(days=f.deictic or 0)), f)


def _is_anaphoric(f: Features) -> bool:
    explicit = f.weekdays or f.days or f.months or f.years
    return (f.anaphoric is not None or (f.direction is not None and f.unit == "D")) and not explicit


def _anaphoric(f: Features, dct, _tense, anchor) -> Optional[Resolved]:
    """la veille, le lendemain, the day before: a day offset from the previous date (else the DCT)."""
    off = f.anaphoric if f.anaphoric is not None else f.direction
    assert off is not None  # _is_anaphoric: anaphoric, else a direction with unit D
    base = anchor or dct
    r = Resolved(relative=True)
    if base is None:
        return _unresolved(r, f)
    r.confidence = 0.6
    return _finish(r, day_period(base + timedelta(days=off)), f)


def _day_month(f: Features, dct, tense, _anchor) -> Optional[Resolved]:
    """An explicit day and month, the year stated, said relative to the DCT, or inferred."""
    r = Resolved()
    m, d = f.months[0], f.days[0]
    if f.years:
        y = f.years[0]
        r.confidence = 0.95
    elif f.unit == "Y" and (f.direction is not None or f.this) and dct is not None:
        y = dct.year + (f.direction or 0)  # "June 5 last year"
        r.relative = True
        r.confidence = 0.9
    elif dct is not None:
        y = infer_year(m, d, dct, f.direction, tense)
        if f.weekdays:  # "Monday, Oct. 26": the year near the DCT that puts the day on that weekday
            fits = [yr for yr in (dct.year - 1, dct.year, dct.year + 1)
                    if (dd := safe_date(yr, m, d)) is not None and dd.weekday() == f.weekdays[0]]
            y = y if y in fits or len(fits) != 1 else fits[0]
        r.relative = True
        r.confidence = 0.85
    else:
        r.relative = True
        r.value = f"XXXX-{m:02d}-{d:02d}"
        return _unresolved(r, f, keep_value=True)
    if f.nth_weekday:  # Thanksgiving: the fourth Thursday of November of the year found
        n, wd = f.nth_weekday
        d = 1 + (wd - date(y, m, 1).weekday()) % 7 + 7 * (n - 1)
    dd = safe_date(y, m, d)
    if dd is None:
        return None
    return _finish(r, week_period(dd) if f.week_of else day_period(dd), f)


def _quarter(f: Features, dct, tense, _anchor) -> Optional[Resolved]:
    """A quarter of a year: "the third quarter" is the latest one so numbered, up to the DCT's."""
    assert f.quarter is not None
    r = Resolved()
    if f.years:
        y = f.years[0]
    elif dct is not None and (f.direction is not None or f.this):  # "next year's first quarter"
        y = dct.year + (f.direction or 0)
        r.relative = True
    elif dct is not None:
        y = dct.year if quarter_period(dct.year, f.quarter)[0] <= dct or tense > 0 else dct.year - 1
        r.relative = True
    else:
        r.value = f"XXXX-Q{f.quarter}"
        return _unresolved(r, f, keep_value=True)
    return _finish(r, quarter_period(y, f.quarter), f)


def _month(f: Features, dct, tense, _anchor) -> Optional[Resolved]:
    """A month, with or without its year."""
    r = Resolved()
    m = f.months[0]
    if f.years:
        y = f.years[0]
        r.confidence = 0.9
    elif f.unit == "Y" and (f.direction is not None or f.this) and dct is not None:
        y = dct.year + (f.direction or 0)  # "June last year", "January this year", "April next year"
        r.relative = True
        r.confidence = 0.85
    elif dct is not None:
        y = dct.year if f.this else infer_year(m, None, dct, f.direction, tense)  # "this September"
        if f.told_past and not f.this and f.direction is None and tense < 0 and (y, m) > (dct.year, dct.month):
            y -= 1  # "changed to a calendar year in December" (DCT October): a month told in the simple past is past
        r.relative = True
        r.confidence = 0.8
    else:
        r.relative = True
        r.value = f"XXXX-{m:02d}"
        r.modifier = f.mod
        return _unresolved(r, f, keep_value=True)
    return _finish(r, month_period(y, m), f)


def _season(f: Features, dct, tense, _anchor) -> Optional[Resolved]:
    """A season: the year stated, or picked by dernier/prochain/ce, else by the tense."""
    assert f.season is not None
    r = Resolved()
    if f.years:
        y = f.years[0]
    elif dct is not None and (f.direction is not None or f.this or tense != 0):
        y = _season_year(f, f.season, dct, tense)
        r.relative = True
        r.confidence = 0.75
    else:
        r.value = f"XXXX-{f.season}"
        r.modifier = f.mod
        r.confidence = 0.6
        return r
    return _finish(r, season_period(y, f.season), f)


def _season_year(f: Features, season: str, dct: date, tense: int) -> int:
    """Explicit dernier/prochain exclude the current season; a tense only picks the side."""
    y = dct.year + (1 if season == "WI" and dct.month == 12 else 0)
    cur = season_period(y, season)
    if f.direction == -1 and cur[0] <= dct:
        y -= 0 if cur[1] < dct else 1
    elif f.direction == -1:
        y -= 1
    elif f.direction == 1:
        y += 1 if cur[0] <= dct else 0
    elif not f.this and tense < 0 and cur[0] > dct:
        y -= 1
    elif not f.this and tense > 0 and cur[1] < dct:
        y += 1
    return y


def _year(f: Features, _dct, _tense, _anchor) -> Optional[Resolved]:
    return _finish(Resolved(confidence=0.9), year_period(f.years[0]), f)


def _decade(f: Features, dct, _tense, _anchor) -> Optional[Resolved]:
    y0 = f.decade
    assert y0 is not None
    if y0 < 100:
        ref = dct.year if dct else 2000
        y0 = 2000 + y0 if 2000 + y0 + 9 < ref else 1900 + y0  # "années 60" -> 1960s
    return _finish(Resolved(), decade_period(y0), f)


def _century(f: Features, _dct, _tense, _anchor) -> Optional[Resolved]:
    assert f.century is not None
    return _finish(Resolved(), century_period(f.century), f)


def _weekday(f: Features, dct, tense, _anchor) -> Optional[Resolved]:
    """A weekday alone: its direction from last/next/this, else from the tense."""
    wd = f.weekdays[0]
    r = Resolved(relative=True)
    if dct is None:
        r.weekday = wd
        r.value = f"XXXX-WXX-{wd + 1}"
        return _unresolved(r, f, keep_value=True)
    r.confidence = 0.85 if (f.direction is not None or tense != 0) else 0.8
    return _finish(r, day_period(resolve_weekday(wd, dct, f.direction, f.this, tense)), f)


def _is_calendar_unit(f: Features) -> bool:
    return f.unit in ("W", "M", "Y", "WE", "Q") and bool(f.direction is not None or f.this or f.mod or f.unit == "WE")


def _calendar_unit(f: Features, dct, tense, _anchor) -> Optional[Resolved]:
    """cette semaine, l'an dernier, last month, ce week-end: the DCT's period shifted by the direction."""
    r = Resolved(relative=True)
    if dct is None:
        return _unresolved(r, f)
    k = f.direction or 0
    if f.unit == "W":
        period = week_period(dct + timedelta(days=7 * k))
    elif f.unit == "WE":
        base = dct + timedelta(days=7 * k)
        if k == 0 and tense < 0 and dct.weekday() < 5:
            base = dct - timedelta(days=7)
        period = weekend_period(base)
    elif f.unit == "M":
        period = month_period(*shift_month(dct.year, dct.month, k))
    elif f.unit == "Q":
        y, m = shift_month(dct.year, dct.month, 3 * k)
        period = quarter_period(y, (m - 1) // 3 + 1)
    else:
        period = year_period(dct.year + k)
    r.confidence = 0.85
    if f.clip and k == 0 and not f.mod:
        # "earlier this month": the part of the period before the DCT; "later this year": after it
        a, b, prec, val = period
        if f.clip < 0 and a < dct:
            period = (a, dct - timedelta(days=1), prec, val)
        elif f.clip > 0 and dct < b:
            period = (dct + timedelta(days=1), b, prec, val)
    return _finish(r, period, f)


def _part_of_day(f: Features, dct, tense, anchor) -> Optional[Resolved]:
    """ce matin, cette nuit, la nuit dernière, overnight, la soirée: the DCT's day (or the eve's),
    else the previous date's."""
    r = Resolved(relative=True)
    if f.this or f.direction is not None:
        base = dct
        if base is None:
            return _unresolved(r, f)
        if f.direction == -1 or (f.pod == "NI" and tense < 0):
            base = dct - timedelta(days=1)
        r.confidence = 0.85
    else:
        base = anchor or dct
        if base is None:
            return _unresolved(r, f)
        r.confidence = 0.6
    return _finish(r, day_period(base), f)


# The date rules in order: the first that applies decides (a rule may still give no date).
_DATE_RULES = (
    (lambda f: f.deictic is not None, _deictic),
    (_is_anaphoric, _anaphoric),
    (lambda f: bool(f.days and f.months), _day_month),
    (lambda f: bool(f.quarter), _quarter),
    (lambda f: bool(f.months), _month),
    (lambda f: bool(f.season), _season),
    (lambda f: bool(f.years), _year),
    (lambda f: f.decade is not None, _decade),
    (lambda f: f.century is not None, _century),
    (lambda f: bool(f.weekdays), _weekday),
    (_is_calendar_unit, _calendar_unit),
    (lambda f: bool(f.pod), _part_of_day),
)


def _unresolved(r: Resolved, f: Features, keep_value: bool = False) -> Resolved:
    r.start = r.end = None
    r.precision = "unresolved"
    if not keep_value:
        r.value = None
    r.modifier = r.modifier or f.mod or ("approx" if f.approx else None)
    if f.pod:
        r.time_of_day = POD_NAMES.get(f.pod)
        r.type = "TIME"
    if f.weekdays and r.weekday is None:
        r.weekday = f.weekdays[0]
    r.confidence = 0.6
    return r


def _resolve_range(_kind, f: Features, dct, tense, _anchor) -> Optional[Resolved]:
    if len(f.days) < 2 or not f.months:
        return None
    m2 = f.months[-1]
    m1 = f.months[0] if len(f.months) > 1 else m2
    r = Resolved(confidence=0.9)
    if f.years:
        y2 = f.years[-1]
    elif dct is not None:
        y2 = infer_year(m2, f.days[-1], dct, f.direction, tense)
        r.relative = True
    else:
        r.relative = True
        r.value = f"XXXX-{m1:02d}-{f.days[0]:02d}/XXXX-{m2:02d}-{f.days[-1]:02d}"
        return _unresolved(r, f, keep_value=True)
    y1 = f.years[0] if len(f.years) > 1 else (y2 - 1 if m1 > m2 else y2)
    a, b = safe_date(y1, m1, f.days[0]), safe_date(y2, m2, f.days[-1])
    if a is None or b is None or b < a:
        return None
    r.start, r.end, r.precision = a, b, "day"
    r.value = f"{a.isoformat()}/{b.isoformat()}"
    return r


def _resolve_night(kind, f: Features, dct, tense, anchor) -> Optional[Resolved]:
    f.pod = "NI"
    r = Resolved(type="TIME", time_of_day="night", confidence=0.85)
    if f.days and f.months:
        if len(f.days) >= 2:
            rr = _resolve_range(kind, f, dct, tense, anchor)
            if rr is None:
                return None
            rr.type, rr.time_of_day = "TIME", "night"
            if rr.start:
                rr.value = f"{rr.start.isoformat()}TNI"
            return rr
        base = _resolve_date("date", Features(days=f.days[:1], months=f.months[:1], years=f.years[:1]), dct, tense, anchor)
        if base is None or base.start is None:
            return base
        r.start = r.end = base.start
        r.relative = base.relative
        r.precision, r.value = "day", f"{base.start.isoformat()}TNI"
        return r
    elif f.weekdays:
        r.relative = True
        if dct is None:
            r.weekday = f.weekdays[0]
            r.value = f"XXXX-WXX-{f.weekdays[0] + 1}TNI"
            return _unresolved(r, f, keep_value=True)
        if len(f.weekdays) >= 2:
            w1, w2 = f.weekdays[0], f.weekdays[1]
            second = resolve_weekday(w2, dct, f.direction, f.this, tense)
            start = second - timedelta(days=(w2 - w1) % 7 or 1)
        else:
            # "Saturday night", "la nuit de samedi": the night is dated by its day
            start = resolve_weekday(f.weekdays[0], dct, f.direction, f.this, tense)
            r.start = r.end = start
            r.precision, r.value = "day", f"{start.isoformat()}TNI"
            return r
    else:
        # "overnight" alone: the night before the DCT (past) or the coming one
        r.relative = True
        if dct is None:
            return _unresolved(r, f)
        start = dct if tense > 0 else dct - timedelta(days=1)
    r.start, r.end, r.precision = start, start + timedelta(days=1), "day"
    r.value = f"{start.isoformat()}TNI"
    return r


def _resolve_shift(kind, f: Features, dct, _tense, _anchor) -> Optional[Resolved]:
    sign = -1 if kind == "ago" else 1
    r = Resolved(relative=True, confidence=0.85)
    if f.unit is None:
        return None
    if f.count is None or f.fuzzy:
        r.value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        r.confidence = 0.6
        return r
    if dct is None:
        return _unresolved(r, f)
    n = int(f.count) if float(f.count).is_integer() else None
    if n is None:
        return None
    if f.unit == "D":
        period = day_period(dct + timedelta(days=sign * n))
    elif f.unit == "W":
        period = week_period(dct + timedelta(days=sign * 7 * n))
    elif f.unit == "M":
        period = month_period(*shift_month(dct.year, dct.month, sign * n))
    elif f.unit == "Y":
        period = year_period(dct.year + sign * n)
    elif f.unit == "DE":
        period = year_period(dct.year + sign * 10 * n)
    elif f.unit in ("H", "MIN", "S"):
        period = _shift_period(dct, f.unit, sign * n)
    else:
        return None
    return _finish(r, period, f)


def _shift_period(base: date, unit: str, n: int):
    if unit == "D":
        return day_period(base + timedelta(days=n))
    if unit == "W":
        return week_period(base + timedelta(days=7 * n))
    if unit == "M":
        return month_period(*shift_month(base.year, base.month, n))
    if unit == "Y":
        return year_period(base.year + n)
    if unit == "DE":
        return year_period(base.year + 10 * n)
    if unit in ("H", "MIN", "S"):  # "48 heures plus tard" moves the day
        return day_period(base + timedelta(**{{"H": "hours", "MIN": "minutes", "S": "seconds"}[unit]: n}))
    return None


def _resolve_anchor_shift(kind, f: Features, dct, _tense, anchor) -> Optional[Resolved]:
    """'six months later', 'trois jours plus tôt': counted from the previous date of the text."""
    r = Resolved(relative=True, confidence=0.6)
    base = anchor or dct
    if f.unit is None:
        return None
    if f.count is None or f.fuzzy or base is None or not float(f.count).is_integer():
        return _unresolved(r, f)
    period = _shift_period(base, f.unit, int(f.count) * (1 if kind == "after_anchor" else -1))
    return _finish(r, period, f) if period else None


def _recent_interval(r: Resolved, f: Features, dct: Optional[date]) -> Resolved:
    """'ces deux dernières années', 'the past three days': the duration ending at the DCT."""
    if dct is None or f.fuzzy or f.unit not in ("D", "W", "M", "Y", "DE"):
        return r
    n = int(f.count) if f.count is not None and float(f.count).is_integer() else (1 if not f.plural else None)
    if n is None:
        return r
    start: Optional[date]
    if f.unit in ("D", "W"):
        start = dct - timedelta(days=n * (7 if f.unit == "W" else 1))
    else:
        months = n * {"M": 1, "Y": 12, "DE": 120}[f.unit]
        y, m = shift_month(dct.year, dct.month, -months)
        start = safe_date(y, m, min(dct.day, last_day(y, m)))
    r.start, r.end = start, dct
    r.precision = {"D": "day", "W": "week", "M": "month", "Y": "year", "DE": "decade"}[f.unit]
    r.relative = True
    return r


def _resolve_duration(kind, f: Features, dct, _tense, _anchor) -> Optional[Resolved]:
    if f.fixed_value:
        return Resolved(type="DURATION", value=f.fixed_value, confidence=0.7)
    if f.unit not in DURATION_UNITS:
        return None
    u = DURATION_UNITS[f.unit]
    if f.count is not None and not f.fuzzy and not float(f.count).is_integer() and f.unit in FRACTION_UNITS:
        value = _fractional_duration(f.count, f.unit)
        r = Resolved(type="DURATION", value=value, modifier="approx" if f.approx else None, confidence=0.8)
        return _recent_interval(r, f, dct) if kind == "recent" else r
    if f.count is not None and not f.fuzzy:
        n = fmt_num(f.count)
    elif f.direction is not None and not f.plural and not f.fuzzy:
        n = "1"
    else:
        n = "X"
    if f.unit == "Q":
        value = "PXM" if n == "X" else f"P{fmt_num(3 * float(n))}M"
    elif u.startswith("T"):
        value = f"PT{n}{u[1:]}"
    else:
        value = f"P{n}{u}"
    r = Resolved(type="DURATION", value=value, modifier="approx" if f.approx else None, confidence=0.8)
    return _recent_interval(r, f, dct) if kind == "recent" else r


def _fractional_duration(count: float, unit: str) -> str:
    """1.5 minutes -> PT1M30S, 2.5 years -> P2Y6M, 1.5 days -> P1DT12H: the fraction in the next unit."""
    whole = int(count)
    small, k = FRACTION_UNITS[unit]
    rest = round((count - whole) * k)
    big = DURATION_UNITS[unit]
    if big.startswith("T"):  # hours, minutes: PT1H30M, PT1M30S
        return f"PT{whole}{big[1:]}{rest}{small}"
    if small.startswith("T"):  # days: P1DT12H
        return f"P{whole}{big}T{rest}{small[1:]}"
    return f"P{whole}{big}{rest}{small}"


def resolve_quarter(ref, dct: Optional[date], anchor_q: Optional[tuple[int, int]], fallback: str,
                    completed: bool = False) -> Optional[Resolved]:
    """A quarter told by the narrative ("the quarter", "the year-ago quarter", "a year earlier" in
    an earnings report): ``ref`` quarters after the last quarter the text named, or "dct" for the
    quarter of the publication date. Without a quarter in the text, ``fallback`` "latest" takes
    the last quarter completed before the DCT, "year" the year ``ref`` quarters from the DCT's; any
    other fallback gives None (the rule's own reading). ``completed`` ("the latest quarter"): never
    later than the last quarter completed before the DCT, whatever quarter the text named last."""
    if ref == "dct":
        if dct is None:
            return None
        y, q = dct.year, (dct.month - 1) // 3 + 1
    else:
        if anchor_q is None:
            if fallback == "year" and dct is not None:  # "year-earlier results" outside an earnings report
                r = Resolved(relative=True, confidence=0.6)
                r.start, r.end, r.precision, r.value = year_period(dct.year + int(ref) // 4)
                return r
            if fallback != "latest" or dct is None:
                return None
            y, q = dct.year, (dct.month - 1) // 3  # the quarter before the DCT's
            if q == 0:
                y, q = y - 1, 4
        else:
            y, q = anchor_q
        n = y * 4 + (q - 1) + int(ref)
        if completed and dct is not None:  # the quarter before the DCT's, at the latest
            n = min(n, dct.year * 4 + (dct.month - 1) // 3 - 1)
        y, q = n // 4, n % 4 + 1
    r = Resolved(relative=True, confidence=0.6)
    r.start, r.end, r.precision, r.value = quarter_period(y, q)
    return r


def _resolve_clock(_kind, f: Features, dct, tense, anchor) -> Optional[Resolved]:
    if f.hour is None:
        return None
    h = f.hour
    if f.ampm == "pm" and h < 12:
        h += 12
    elif f.ampm == "am" and h == 12:
        h = 0
    if h == 24:
        h = 0
    r = Resolved(type="TIME", modifier="approx" if f.approx else None, time_of_day=time_of_day_from_hour(h))
    if f.deictic is not None:  # "hier à 10 h": the day is named
        anchor = dct + timedelta(days=f.deictic) if dct is not None else None
    elif f.weekdays:  # "9 a.m. Tuesday"
        anchor = resolve_weekday(f.weekdays[0], dct, f.direction, f.this, tense) if dct is not None else None
    base = anchor or dct
    hm = f"T{h:02d}:{f.minute:02d}"
    if base is None:
        r.value = f"XXXX-XX-XX{hm}"
        r.confidence = 0.6
        return r
    r.relative = anchor is None
    r.start = r.end = base
    r.precision = "day"
    r.value = f"{base.isoformat()}{hm}"
    r.confidence = 0.7
    return r


def _resolve_set(_kind, f: Features, _dct, _tense, _anchor) -> Optional[Resolved]:
    r = Resolved(type="SET", confidence=0.7)
    if f.weekdays:
        r.value = f"XXXX-WXX-{f.weekdays[0] + 1}" + (f"T{f.pod}" if f.pod else "")  # "Tuesday nights": XXXX-WXX-2TNI
    elif f.months:
        r.value = f"XXXX-{f.months[0]:02d}"
    elif f.fixed_value:  # "par semestre": P6M
        r.value = f.fixed_value
    elif (f.set_unit or f.unit) == "Q":  # "par trimestre", "every quarter"
        r.value = "P3M"
    elif f.set_unit or f.unit in DURATION_UNITS:
        unit = f.set_unit or f.unit
        assert unit is not None  # set_unit if set, else unit, which the test above found in DURATION_UNITS
        u = DURATION_UNITS[unit]
        r.value = f"PT1{u[1:]}" if u.startswith("T") else f"P1{u}"
    else:
        return None
    return r


def _resolve_ref(_kind, f: Features, _dct, _tense, _anchor) -> Optional[Resolved]:
    if not f.ref:
        return None
    return Resolved(type="TIME", value=f.ref, relative=True, confidence=0.5)
