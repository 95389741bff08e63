"""ACLED's naming conventions, read from coded data: country names and regime periods.

ACLED names state forces after the regime they serve ("Military Forces of Kenya (2013-2022)",
"Police Forces of Burkina Faso (2015-)") and writes countries its own way ("Democratic Republic
of Congo", "Ivory Coast"). Both tables are facts of the human-coded training table
(``training/DATA_CARD.md``), written by ``training/train_event_model.py``:

- ``data/acled_countries.tsv``: ISO2 -> the country name ACLED codes;
- ``data/acled_actor_periods.tsv``: a base name -> its period-named forms, each with the first and
  last event date it was coded on.

:func:`with_period` gives a base name the period its coded name states for the event's year
("(2013-2020)", "(2021-)"); in a year of transition, the form coded nearest to the day. A name
or a year the table does not cover stays without a period rather than take a wrong one.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

DATA = Path(__file__).resolve().parent / "data"
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
