"""A readable summary of a report for a person (``veille extract --format table``)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from veille.schema import Report


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def report_renderable(r: Report):
    head = f"[bold]{r.title or r.id or 'article'}[/bold]  lang={r.language}"
    if r.published:
        head += f"  published={r.published.isoformat()}"
    parts = [head]

    if r.events:
        t = Table(title="Events", show_lines=True, expand=True)
        for col in ("type / sub-type", "actor1", "actor2", "date", "place", "deaths", "inj.", "bg", "evidence"):
            t.add_column(col)
        for e in r.events:
            place = ""
            if e.place:
                place = " · ".join(x for x in (e.place.site, e.place.name, e.place.country_code) if x)
            date = ""
            if e.date:
                date = (e.date.start_date.isoformat() if e.date.start_date else (e.date.text or "?")) + (
                    f" ({e.date.precision})"
                )
            ev = _short(" ".join(r.text[s.start : s.end] for s in e.evidence[:1]), 80)
            t.add_row(
                f"{e.event_type}\n{e.sub_event_type}",
                e.actor1.name if e.actor1 else "",
                e.actor2.name if e.actor2 else "",
                date,
                place,
                "?" if e.fatalities is None else str(e.fatalities),
                "?" if e.injuries is None else str(e.injuries),
                "yes" if e.background else "",
                ev,
            )
        parts.append(t)
    else:
        parts.append("[dim]No events.[/dim]")

    if r.entities:
        t = Table(title="Entities", expand=True)
        for col in ("type", "name", "titles / roles", "mentions"):
            t.add_column(col)
        for ent in r.entities:
            t.add_row(ent.type, ent.name, _short(", ".join(ent.titles + ent.roles), 60), str(len(ent.mentions)))
        parts.append(t)

    if r.places:
        t = Table(title="Places", expand=True)
        for col in ("as written", "resolved", "country", "admin1", "lat, lon", "geonameid"):
            t.add_column(col)
        for p in r.places:
            t.add_row(
                p.text,
                p.name or "[dim]unresolved[/dim]",
                p.country_code or "",
                p.admin1 or "",
                f"{p.latitude:.3f}, {p.longitude:.3f}" if p.latitude is not None else "",
                str(p.geonameid or ""),
            )
        parts.append(t)

    if r.times:
        t = Table(title="Times", expand=True)
        for col in ("as written", "value", "interval", "precision"):
            t.add_column(col)
        for tm in r.times:
            interval = ""
            if tm.start_date:
                interval = tm.start_date.isoformat() + (
                    f" … {tm.end_date.isoformat()}" if tm.end_date and tm.end_date != tm.start_date else ""
                )
            t.add_row(tm.text, tm.value or "", interval, tm.precision)
        parts.append(t)

    if r.quotes:
        t = Table(title="Quotes", expand=True)
        for col in ("speaker", "verb", "direct", "quote"):
            t.add_column(col)
        for q in r.quotes:
            t.add_row(q.speaker or "[dim]?[/dim]", q.verb or "", "yes" if q.direct else "no", _short(q.text, 90))
        parts.append(t)

    if r.warnings:
        parts.append("[yellow]" + "\n".join(r.warnings) + "[/yellow]")
    return Panel(Group(*parts), title="Veille report", expand=True)


def print_report(r: Report, console: Console | None = None) -> None:
    (console or Console()).print(report_renderable(r))
