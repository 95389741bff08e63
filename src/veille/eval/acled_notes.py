"""``veille eval --set acled-notes``: Veille against human coders, on ACLED coder notes (English).

An ACLED row's ``notes`` is a one-to-three sentence summary of one event, written by the coder
("On 3 March 2021, unidentified gunmen killed 2 civilians in X village (Y, Z)."), with the
coded event type, sub-event type, actors, date, coordinates and fatalities beside it. The table
is built by ``training/build_acled_table.py`` (``training/DATA_CARD.md``): rows are split by
country and year into train / dev / test, the event model is trained on ``train`` only, and
this adapter reads ``dev`` (``--split test`` for the final check).

Each note runs through the whole pipeline in English without a publication date. The
system's event is its first non-background event (else its first event); a note with no
event counts as wrong on every field (fatalities then read as 0, as in ACLED's CSV).

Metrics (fractions of notes): ``event_found``; ``event_type_acc``; ``sub_event_type_acc``;
``fatalities_exact`` (``null`` reads as 0, as ACLED exports it); ``actor1_exact`` (the coded
name, case-insensitive) and ``actor1_loose`` (also ignoring a regime period such as
"(2021-)"); ``date_exact`` (over the notes with a coded date); ``date_exact_stated`` (over the
notes whose words give the coded day with its year: the part a reader can get right from the
note alone, since the notes come without a publication date); ``place_25km`` and
``place_161km`` (distance to the coded point).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Optional

from veille.acled import note_text, without_period
from veille.geo import distance_km

DEFAULT_TABLE = Path(os.environ.get("VEILLE_ACLED_TABLE", "/work/cache/acled/acled_rows.csv.gz"))


def actor_key(name: Optional[str], loose: bool) -> str:
    name = (name or "").strip().lower()
    return without_period(name) if loose else name


def read_notes(path: Path, split: str, limit: Optional[int]) -> list[dict]:
    """Rows of one split, in a stable order (sha1 of the notes), at most ``limit``."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("split") == split and (r.get("notes") or "").strip()]
    rows.sort(key=lambda r: hashlib.sha1(r["notes"].encode("utf-8")).hexdigest())
    return rows[:limit] if limit else rows


def _int(value: str) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def _float(value: Any) -> Optional[float]:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def primary_event(report):
    events = list(report.events) if report is not None else []
    current = [e for e in events if not e.background]
    return (current or events or [None])[0]


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def states_day(notes: str, day: str) -> bool:
    """Whether the note's own words give the coded day in full: its day number, month name and
    year ("On 5 March 2021", "March 5, 2021"). Older notes often give no year ("On 29 June") or no
    date at all, and with no publication date beside them no reader can recover the day."""
    try:
        y, m, d = (int(x) for x in day.split("-"))
    except ValueError:
        return False
    low = (notes or "").lower()
    month = rf"\b{_MONTHS[m - 1]}[a-z]*\.?"
    dd = rf"\b0?{d}(?:st|nd|rd|th)?\b"
    return bool(re.search(rf"{dd}\s+{month}\s*,?\s*{y}\b|{month}\s+{dd}\s*,?\s*{y}\b", low))


def score_note(row: dict, ev) -> dict[str, Optional[bool]]:
    """Which fields of the note Veille got right."""
    coded_day = (row.get("event_date") or "")[:10]
    stated = bool(coded_day) and states_day(row.get("notes", ""), coded_day)
    if ev is None:
        return {"event_found": False, "fatalities_exact": _int(row.get("fatalities", "")) == 0,
                "date_exact": False if coded_day else None, "date_exact_stated": False if stated else None}
    lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
    km = None
    if lat is not None and lon is not None and ev.place is not None and ev.place.latitude is not None:
        km = distance_km(lat, lon, ev.place.latitude, ev.place.longitude)
    day_ok = ev.date is not None and ev.date.start_date is not None and ev.date.start_date.isoformat() == coded_day
    return {
        "event_found": True,
        "event_type_acc": ev.event_type.lower() == (row.get("event_type") or "").strip().lower(),
        "sub_event_type_acc": ev.sub_event_type.lower() == (row.get("sub_event_type") or "").strip().lower(),
        "fatalities_exact": (ev.fatalities or 0) == _int(row.get("fatalities", "")),
        "actor1_exact": actor_key(ev.actor1.name if ev.actor1 else None, False) == actor_key(row.get("actor1"), False),
        "actor1_loose": actor_key(ev.actor1.name if ev.actor1 else None, True) == actor_key(row.get("actor1"), True),
        # notes without a coded date (older exports) do not count for the date
        "date_exact": day_ok if coded_day else None,
        "date_exact_stated": day_ok if stated else None,  # over the notes that state the day in full
        "place_25km": km is not None and km <= 25,
        "place_161km": km is not None and km <= 161,
    }


FIELDS = ("event_found", "event_type_acc", "sub_event_type_acc", "fatalities_exact", "actor1_exact", "actor1_loose",
          "date_exact", "date_exact_stated", "place_25km", "place_161km")


def run(path: Path, limit: Optional[int] = None, split: Optional[str] = None) -> tuple[list[dict], list]:
    from veille.errors import InputError
    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    split = split or "dev"
    rows = read_notes(path, split, limit or 1000)
    articles = [Article.build(note_text(r["notes"]), id=r.get("event_id_cnty") or f"row{i}")
                for i, r in enumerate(rows)]
    reports = [None if isinstance(x, InputError) else x for x in extract_articles(articles, lang="en")]
    return rows, reports


def evaluate(path: Path, limit: Optional[int] = None, split: Optional[str] = None) -> dict[str, float]:
    rows, reports = run(path, limit, split)
    totals = dict.fromkeys(FIELDS, 0)
    counted = dict.fromkeys(FIELDS, 0)  # notes a field applies to (a field scored None does not count)
    for row, report in zip(rows, reports, strict=True):
        scores = score_note(row, primary_event(report))
        for k in FIELDS:
            ok = scores.get(k, False)
            if ok is not None:
                totals[k] += bool(ok)
                counted[k] += 1
    out: dict[str, float] = {"notes": float(len(rows)), "notes_with_date": float(counted["date_exact"]),
                             "notes_stating_date": float(counted["date_exact_stated"])}
    out.update({k: round(totals[k] / (counted[k] or 1), 4) for k in FIELDS})
    return out


def confusion(path: Path, limit: Optional[int] = None) -> list[tuple[str, str, int]]:
    """(coded sub-type, Veille sub-type, count), most frequent first: where typing goes wrong."""
    rows, reports = run(path, limit)
    pairs: dict[tuple[str, str], int] = {}
    for row, report in zip(rows, reports, strict=True):
        ev = primary_event(report)
        key = (row.get("sub_event_type", ""), ev.sub_event_type if ev else "(none)")
        pairs[key] = pairs.get(key, 0) + 1
    return sorted(((g, s, n) for (g, s), n in pairs.items() if g.lower() != s.lower()), key=lambda t: -t[2])
