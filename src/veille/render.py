"""A readable summary of a report for a person (``veille extract --format table``)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
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
    parts: list[RenderableType] = [head]

    if r.events:
        parts.append(f"[bold]Events[/bold] ({len(r.events)})")
        for e in r.events:
            g = Table.grid(padding=(0, 2))
            g.add_column(style="dim", no_wrap=True)
            g.add_column(overflow="fold")
            g.add_row("type", f"[bold]{e.event_type}[/bold] / {e.sub_event_type}" + ("  [yellow](background)[/yellow]" if e.background else ""))
            if e.actor1:
                g.add_row("actor1", e.actor1.name)
            if e.actor2:
                g.add_row("actor2", e.actor2.name)
            if e.date:
                when = e.date.start_date.isoformat() if e.date.start_date else "unresolved"
                if e.date.end_date and e.date.end_date != e.date.start_date:
                    when += f" … {e.date.end_date.isoformat()}"
                g.add_row("date", f"{when} ({e.date.precision}{', ' + repr(e.date.text) if e.date.text else ''})")
            if e.place:
                where = ", ".join(x for x in (e.place.name, e.place.admin1, e.place.country) if x)
                if e.place.site:
                    where = f"{e.place.site} — {where}" if where else e.place.site
                if e.place.latitude is not None:
                    where += f"  ({e.place.latitude:.3f}, {e.place.longitude:.3f}; {e.place.precision or '?'})"
                g.add_row("place", where)
            g.add_row(
                "toll",
                f"fatalities {'not reported' if e.fatalities is None else e.fatalities}, "
                f"injuries {'not reported' if e.injuries is None else e.injuries}",
            )
            g.add_row("evidence", _short(" … ".join(r.text[s.start : s.end] for s in e.evidence), 300))
            g.add_row("confidence", f"{e.confidence:.2f}")
            parts.append(Panel(g, title=e.id, title_align="left", expand=True))
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
