"""Terminal views of the store for the CLI (``veille events``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from veille.store.filters import EventFilter


def print_events(store, f: EventFilter, limit: int = 50, console: Console | None = None) -> int:
    """A table of stored (merged) events, newest first, with their sources; returns the number matched."""
    console = console or Console()
    total, rows = store.find_events(f, limit=limit, offset=0)
    names = store.source_names([r["id"] for r in rows])
    title = f"{total} events" + (f" told by {f.min_sources}+ sources" if f.min_sources else "")
    title += f" (showing {len(rows)})" if len(rows) < total else ""
    t = Table(title=title, expand=True)
    for col in ("id", "date", "type / sub-type", "place", "actors", "deaths", "sources"):
        t.add_column(col, overflow="fold")
    for r in rows:
        date = r["date_start"] or "?"
        if r["date_end"] and r["date_end"] != r["date_start"]:
            date += f"..{r['date_end']}"
        place = ", ".join(x for x in (r["location"], r["country_code"]) if x)
        actors = " vs ".join(x for x in (r["actor1"], r["actor2"]) if x)
        deaths = "" if r["fatalities"] is None else str(r["fatalities"])
        src = f"{r['source_count']}: " + "; ".join(names.get(r["id"], []))
        t.add_row(str(r["id"]), date, f"{r['event_type']} / {r['sub_event_type'] or ''}", place, actors, deaths, src)
    console.print(t)
    return total
