"""Exports of stored events: ACLED-style CSV, GeoJSON and JSONL of full reports.

- CSV: ACLED's 31 columns in ACLED's order, then ``iso3`` and Veille's ``veille_*`` columns. ACLED's
  values: numeric ``iso``, ACLED's ``region`` and country names, an inter code for every actor
  (``data/acled_inter.json``; ``inter2`` 0 without a second actor) and ``interaction`` from them,
  admin names without diacritics, ``source`` the outlet or the dateline's agency, ``time_precision``
  blank for an undated event, ``notes`` one English sentence in ACLED's style built from the event's
  fields (who did what to whom, where, when, the toll). Background events are left out unless the filter includes them
  (``veille_background`` 1 then). One row per (merged) event, ``fatalities``
  0 when no toll was reported (Veille keeps null; the extra column
  ``veille_fatalities_reported`` keeps that distinction), ``event_id_cnty`` = ISO alpha-3 +
  Veille's event id, ``event_date`` the first day of the event's date range (ISO), ``source`` the
  article sources joined by "; ". No cell starts a formula: a text cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return (other than a negative number) gets a leading ``'`` (OWASP's rule
  against CSV injection), on the CLI and the API alike.
- GeoJSON: a FeatureCollection of Point features ([longitude, latitude], WGS 84) for the events
  that have coordinates; properties keep Veille's nulls.
- JSONL: one full report per line, for the articles behind the matching events (every article
  when there is no filter).

Each format's generator runs its first query before it yields its first chunk, so
:func:`started` surfaces a failing query before anything is sent; :func:`export_to_file` writes a
temporary file and renames it only when the export is complete.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Iterator, Optional, TextIO, TypeVar

from veille import acled
from veille.store.filters import EventFilter

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# After ACLED's 31 columns: the alpha-3 code, then Veille's own columns
CSV_COLUMNS = ACLED_COLUMNS + [
    "iso3", "veille_event_id", "veille_source_count", "veille_fatalities_reported", "veille_date_end",
    "veille_background",
]

DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def _country(code: Optional[str]):
    if not code:
        return None
    import pycountry

    try:
        return pycountry.countries.get(alpha_2=code.upper())
    except (KeyError, LookupError):
        return None


def _inter(ev: dict) -> tuple[int, int, int]:
    """inter1, inter2 (0: no second actor) and interaction, ACLED's codes for every event."""
    i1 = acled.inter_code(ev.get("actor1_type"), ev.get("actor1"), ev["event_type"])
    i2 = acled.inter_code(ev.get("actor2_type"), ev.get("actor2"), ev["event_type"]) if ev.get("actor2") else 0
    return i1, i2, acled.interaction(i1, i2)


def _admin23(geonameid: Optional[int]) -> tuple[Optional[str], Optional[str]]:
    """ACLED's admin2/admin3 of the event's place, from the deep gazetteer (blank without one)."""
    if not geonameid:
        return None, None
    from veille.gazetteer import get_gazetteer

    return get_gazetteer().admin_names_of(geonameid)


def acled_row(ev: dict, sources: list[str]) -> dict:
    c = _country(ev.get("country_code"))
    i1, i2, interaction = _inter(ev)
    civ = "Civilian targeting" if ev["event_type"] == "Violence against civilians" or i2 == 7 else ""
    date = ev.get("date_start")
    updated = ev.get("updated_at")
    stamp = int(datetime.fromisoformat(updated).timestamp()) if updated else ""
    lat, lon = ev.get("latitude"), ev.get("longitude")
    code = (ev.get("country_code") or "").upper()
    adm2, adm3 = _admin23(ev.get("geonameid"))
    return {
        "event_id_cnty": f"{c.alpha_3 if c else 'XXX'}{ev['id']}",
        "event_date": date or "",
        "year": date[:4] if date else "",
        # ACLED's 1 (day), 2 (week), 3 (month or vaguer); blank for an event with no date at all
        "time_precision": (ev.get("time_precision") or 3) if date else "",
        "disorder_type": DISORDER.get(ev["event_type"], ""),
        "event_type": ev["event_type"],
        "sub_event_type": ev.get("sub_event_type") or "",
        "actor1": ev.get("actor1") or "",
        "assoc_actor_1": "",
        "inter1": i1,
        "actor2": ev.get("actor2") or "",
        "assoc_actor_2": "",
        "inter2": i2,
        "interaction": interaction,
        "civilian_targeting": civ,
        "iso": int(c.numeric) if c else "",
        "region": acled.region(code),
        "country": acled.country_names().get(code) or ev.get("country") or (c.name if c else ""),
        "admin1": acled.ascii_name(ev.get("admin1")),
        "admin2": acled.ascii_name(adm2) or "",
        "admin3": acled.ascii_name(adm3) or "",
        "location": acled.ascii_name(ev.get("location")),
        "latitude": f"{lat:.4f}" if lat is not None else "",
        "longitude": f"{lon:.4f}" if lon is not None else "",
        "geo_precision": ev.get("geo_precision") or "",
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": acled.note(ev, acled.country_names().get(code) or ev.get("country") or (c.name if c else "")),
        "fatalities": ev.get("fatalities") or 0,
        "tags": "",
        "timestamp": stamp,
        "iso3": c.alpha_3 if c else "",
        "veille_event_id": ev["id"],
        "veille_source_count": ev.get("source_count") or 0,
        "veille_fatalities_reported": "" if ev.get("fatalities") is None else ev["fatalities"],
        "veille_date_end": ev.get("date_end") or "",
        "veille_background": int(bool(ev.get("background"))),
    }


FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")  # a longitude: data, not a formula


def safe_cell(value):
    """``value`` made inert for spreadsheets: a formula-leading text gets a ``'`` in front (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_LEAD) and not _NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _batched_events(store, f: EventFilter, size: int = 500) -> Iterator[tuple[list[dict], dict[int, list[str]]]]:
    batch: list[dict] = []
    for ev in store.iter_events(f):
        batch.append(ev)
        if len(batch) >= size:
            yield batch, store.source_names([e["id"] for e in batch])
            batch = []
    if batch:
        yield batch, store.source_names([e["id"] for e in batch])


T = TypeVar("T")


def started(items: Iterator[T]) -> Iterator[T]:
    """``items`` with its first element already computed: a failing query fails here, before a byte is out."""
    items = iter(items)
    return itertools.chain(list(itertools.islice(items, 1)), items)


def acled_date(day: str) -> str:
    """A day as ACLED's downloads write it: "2021-03-08" -> "08 March 2021"."""
    if not day:
        return ""
    d = datetime.strptime(day[:10], "%Y-%m-%d")
    return f"{d.day:02d} {acled.MONTHS[d.month - 1]} {d.year}"  # English months whatever the locale


def csv_chunks(store, f: EventFilter, date_format: str = "iso") -> Iterator[str]:
    """``date_format`` "iso" (2021-03-08) or "acled" (08 March 2021) for event_date and veille_date_end."""
    batches = started(_batched_events(store, f))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield buf.getvalue()
    for batch, names in batches:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        for ev in batch:
            row = acled_row(ev, names.get(ev["id"], []))
            if date_format == "acled":
                row["event_date"], row["veille_date_end"] = acled_date(row["event_date"]), acled_date(row["veille_date_end"])
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
        yield buf.getvalue()


def geojson_feature(ev: dict, sources: list[str]) -> Optional[dict]:
    lat, lon = ev.get("latitude"), ev.get("longitude")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    props = {
        "event_id": ev["id"], "event_date": ev.get("date_start"), "date_end": ev.get("date_end"),
        "time_precision": ev.get("time_precision"), "event_type": ev["event_type"],
        "sub_event_type": ev.get("sub_event_type"), "actor1": ev.get("actor1"), "actor2": ev.get("actor2"),
        "location": ev.get("location"), "admin1": ev.get("admin1"), "country": ev.get("country"),
        "country_code": ev.get("country_code"), "geo_precision": ev.get("geo_precision"),
        "fatalities": ev.get("fatalities"), "injuries": ev.get("injuries"), "source_count": ev.get("source_count"),
        "sources": "; ".join(sources), "notes": ev.get("summary"), "background": bool(ev.get("background")),
    }
    return {"type": "Feature", "id": ev["id"], "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": props}


def geojson_chunks(store, f: EventFilter) -> Iterator[str]:
    batches = started(_batched_events(store, f))
    yield '{"type": "FeatureCollection", "name": "veille_events", "features": ['
    first = True
    for batch, names in batches:
        parts = []
        for ev in batch:
            feat = geojson_feature(ev, names.get(ev["id"], []))
            if feat is None:
                continue
            parts.append(("" if first else ",\n") + json.dumps(feat, ensure_ascii=False))
            first = False
        if parts:
            yield "".join(parts)
    yield "]}\n"


def jsonl_chunks(store, f: EventFilter) -> Iterator[str]:
    for report_json in store.iter_reports(f):
        yield report_json.strip() + "\n"


FORMATS = {
    "csv": (csv_chunks, "text/csv; charset=utf-8"),
    "geojson": (geojson_chunks, "application/geo+json"),
    "jsonl": (jsonl_chunks, "application/x-ndjson"),
}


def format_chunks(store, fmt: str, f: EventFilter, date_format: str = "iso") -> Iterator[str]:
    """The export's chunks; ``date_format`` ("iso" or "acled") applies to the CSV."""
    chunks, _ = FORMATS[fmt]
    return csv_chunks(store, f, date_format) if fmt == "csv" else chunks(store, f)


def export(store, fmt: str, f: EventFilter, out: TextIO, date_format: str = "iso") -> None:
    """Write the events matching ``f`` in format ``fmt`` (csv, geojson, jsonl) to ``out``."""
    for chunk in format_chunks(store, fmt, f, date_format):
        out.write(chunk)


def export_to_file(store, fmt: str, f: EventFilter, path: Path, date_format: str = "iso") -> None:
    """:func:`export` into ``path``, all or nothing: a temporary file beside it, renamed when complete."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            export(store, fmt, f, fh, date_format)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
