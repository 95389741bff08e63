"""ACLED's naming conventions, read from coded data: country names and regime periods.

ACLED names state forces after the regime they serve ("Military Forces of Kenya (2013-2022)",
"Police Forces of Burkina Faso (2015-)") and writes countries its own way ("Democratic Republic
of Congo", "Ivory Coast"). Both tables are facts of the human-coded training table
(``training/DATA_CARD.md``), written by ``training/train_event_model.py``:

- ``data/acled_countries.tsv``: ISO2 -> the country name ACLED codes;
- ``data/acled_actor_periods.tsv``: a base name -> its period-named forms, each with the first and
  last event date it was coded on;
- ``data/acled_regions.tsv``: ACLED's region of each country (its exports' ``region`` column);
- ``data/acled_inter.json``: the words of an actor's type or name that give its ACLED inter code.
- ``data/acled_notes_en.json``: the English phrases of the CSV's ACLED-style notes.

:func:`with_period` gives a base name the period its coded name states for the event's year
("(2013-2020)", "(2021-)"); in a year of transition, the form coded nearest to the day. A name
or a year the table does not cover stays without a period rather than take a wrong one.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from functools import lru_cache
from typing import Optional

from veille.resources import DATA
from veille.text import strip_accents

PERIOD = r"\((\d{4})-(\d{4})?\)"  # a regime period in an actor name: "(2013-2020)", "(2021-)"
NOTE_TAG = re.compile(r"\s*\[[^\]]*\]\s*$")  # a coder note's trailing "[size=...]", "[women targeted: ...]"


def note_text(notes: str) -> str:
    """A coder note without its trailing bracketed tag."""
    return NOTE_TAG.sub("", (notes or "").strip())


def _rows(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        return []
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO2 -> the country name in ACLED's actor names."""
    return {r["iso2"]: r["name"] for r in _rows("acled_countries.tsv")}


@lru_cache(maxsize=1)
def _periods() -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for r in _rows("acled_actor_periods.tsv"):
        out.setdefault(r["base"], []).append((r["coded"], r["first"], r["last"]))
    return out


_YEARS = re.compile(PERIOD + r"\s*$")


def _years(coded: str) -> tuple[int, int]:
    """The regime period a coded name states: "(2013-2020)" -> (2013, 2020); "(2021-)" -> (2021, 9999)."""
    m = _YEARS.search(coded)
    return (int(m.group(1)), int(m.group(2) or 9999)) if m else (0, 9999)


_ANY_PERIOD = re.compile(r"\s*" + PERIOD)


def without_period(name: str) -> str:
    """An actor name without its regime period ("Military Forces of Mali (2021-)" -> "Military Forces of Mali")."""
    return _ANY_PERIOD.sub("", name).strip()


def with_period(name: str, day: Optional[date]) -> str:
    """``name`` with ACLED's regime period for an event on ``day`` (unchanged when unknown)."""
    forms = _periods().get(name)
    if not forms:
        return name
    if day is None:
        return _latest(forms)
    covering = [f for f in forms if _years(f[0])[0] <= day.year <= _years(f[0])[1]]
    if not covering:
        return name  # a regime the coded data does not show: no period rather than a wrong one
    iso = day.isoformat()
    # in a year of transition two periods cover the day: the one coded nearest to it
    return min(covering, key=lambda f: 0 if f[1] <= iso <= f[2] else min(abs(_days(iso, f[1])), abs(_days(iso, f[2]))))[0]


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(a) - date.fromisoformat(b)).days


def _latest(forms: list[tuple[str, str, str]]) -> str:
    return max(forms, key=lambda f: (_years(f[0])[1], _years(f[0])[0]))[0]


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    return {code: r["region"] for r in _rows("acled_regions.tsv") for code in r["iso2"].split()}


def region(iso2: Optional[str]) -> str:
    """ACLED's region of the country ``iso2`` ("Western Africa"); "" when unknown."""
    return _regions().get((iso2 or "").upper(), "")


@lru_cache(maxsize=1)
def _inter_rules() -> dict:
    return json.loads((DATA / "acled_inter.json").read_text("utf-8"))


def inter_code(actor_type: Optional[str], actor_name: Optional[str] = None, event_type: Optional[str] = None) -> int:
    """ACLED's inter code of an actor: from the words of its type, else of its name, else from the
    event type (an unnamed actor of a protest is a protester). Never blank: ACLED codes every actor."""
    rules = _inter_rules()
    for text in (actor_type, actor_name):
        low = (text or "").lower()
        if low:
            code = next((c for word, c in rules["by_words"] if word in low), None)
            if code is not None:
                return code
    return rules["by_event_type"].get(event_type or "", rules["default"])


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, lower first (13); one actor alone: inter1 * 10."""
    if not inter2:
        return inter1 * 10
    return min(inter1, inter2) * 10 + max(inter1, inter2)


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss", "’": "'", "‘": "'", "ø": "o", "Ø": "O", "đ": "d", "ł": "l", "Ł": "L"})


def ascii_name(name: Optional[str]) -> str:
    """A place name as ACLED spells it, without diacritics: "Ségou" -> "Segou", "Tombouctou"."""
    return strip_accents((name or "").translate(_LIGATURES)).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    """ACLED's six event types, in the taxonomy's order."""
    raw = json.loads((DATA / "acled_taxonomy.json").read_text("utf-8"))
    return tuple(t["name"] for t in raw["event_types"])


@lru_cache(maxsize=1)
def _country_names_to_codes() -> dict[str, str]:
    """Folded country names -> ISO2: ACLED's names and the curated French/English exonyms."""
    out = {ascii_name(name).lower(): code for code, name in country_names().items()}
    for line in (DATA / "places_exonyms.tsv").read_text("utf-8").splitlines():
        cols = line.split("\t")
        if not line.startswith("#") and len(cols) >= 3 and cols[1] == "country" and len(cols[2]) == 2:
            out.setdefault(ascii_name(cols[0]).lower(), cols[2].upper())
    return out


def country_code(value: str) -> Optional[str]:
    """The ISO alpha-2 code of a country given as an alpha-2 or alpha-3 code or a name (ISO's or
    ACLED's: "ML", "MLI", "Mali", "Ivory Coast"); None when it is none of those."""
    import pycountry

    v = value.strip()
    if not v:
        return None
    known = _country_names_to_codes()
    if ascii_name(v).lower() in known:
        return known[ascii_name(v).lower()]
    try:
        return pycountry.countries.lookup(v).alpha_2
    except LookupError:
        pass
    if len(v) <= 3:
        return None  # a code ISO does not have
    try:  # a short form of ISO's name ("Russia": Russian Federation, "Iran", "Syria"), never a mere likeness
        hit = pycountry.countries.search_fuzzy(v)[0]
    except LookupError:
        return None
    names = (hit.name, getattr(hit, "official_name", ""), getattr(hit, "common_name", ""))
    return hit.alpha_2 if any(ascii_name(n).lower().startswith(ascii_name(v).lower()) for n in names) else None


@lru_cache(maxsize=1)
def _note_phrases() -> dict:
    return json.loads((DATA / "acled_notes_en.json").read_text("utf-8"))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _when(day: Optional[str], precision: Optional[str]) -> str:
    """"On 8 March 2021", "In March 2021", "In 2021", "On an unknown date" from an ISO day and its precision."""
    if not day:
        return "On an unknown date"
    d = date.fromisoformat(day[:10])
    if precision == "year":
        return f"In {d.year}"
    if precision in ("month", "season", "quarter"):
        return f"In {MONTHS[d.month - 1]} {d.year}"
    if precision == "week":
        return f"In the week of {d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"On {d.day} {MONTHS[d.month - 1]} {d.year}"


def note(ev: dict, country: str = "") -> str:
    """An English note in ACLED's style from a stored event's fields: "On 8 March 2021, {actor1}
    attacked {actor2} in Gao (Gao, Mali). 3 fatalities." (phrases: ``data/acled_notes_en.json``)."""
    p = _note_phrases()
    phrase = p["sub_event_types"].get(ev.get("sub_event_type") or "") or p["event_types"].get(ev["event_type"], {})
    unknown = p["unknown_actor"]
    actor1 = ev.get("actor1") or unknown.get(ev["event_type"], unknown["default"])
    actor2 = ev.get("actor2")
    act = f"{actor1} {phrase.get('pair', 'acted against')} {actor2}" if actor2 else f"{actor1} {phrase.get('solo', 'acted')}"
    where = ""
    location = ascii_name(ev.get("location"))
    if location:
        area = [x for x in (ascii_name(ev.get("admin1")), country or ev.get("country")) if x and x != location]
        where = f" in {location}" + (f" ({', '.join(area)})" if area else "")
    n = ev.get("fatalities")
    toll = p["fatalities"]
    tail = toll["unknown"] if n is None else toll.get(str(n)) or toll["many"].format(n=n)
    return f"{_when(ev.get('date_start'), ev.get('date_precision'))}, {act}{where}. {tail}"
