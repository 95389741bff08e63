"""Command line: ``veille extract | schema | ...``."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Veille: news reports to evidenced events.")
err_console = Console(stderr=True)


def _print_version(value: bool) -> None:
    if value:
        from veille.version import __version__

        sys.stdout.write(f"veille {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Veille: news reports to evidenced events."""


def status(message: str) -> None:
    """A status line on stderr (dim on a terminal, plain otherwise), never on stdout's data."""
    err_console.print(message, style="dim", soft_wrap=True, highlight=False, markup=False)


def print_error(message: object) -> None:
    """One error on stderr, on one line (never wrapped, no markup read from the message)."""
    from rich.markup import escape

    err_console.print(f"[red]error:[/red] {escape(str(message))}", soft_wrap=True, highlight=False)


class Format(str, Enum):
    json = "json"
    table = "table"


class Lang(str, Enum):
    auto = "auto"
    fr = "fr"
    en = "en"


def _published_or_exit(value: Optional[str]):
    """The --published option as a date; a clear usage error (exit 2) when it is not one."""
    from veille.errors import InputError
    from veille.ingest.article import parse_published

    try:
        return parse_published(value, "--published")
    except InputError as err:
        print_error(err)
        raise typer.Exit(2) from None


@app.command()
def extract(
    path: str = typer.Argument(..., help="A .txt, .html, .jsonl, .warc(.gz) or .parquet file, a folder, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (relative dates resolve against it)."),
    lang: Lang = typer.Option(Lang.auto, help="Language, or auto to detect it."),
    format: Format = typer.Option(Format.json, "--format", "-f", help="json: one report per line; table: readable."),
) -> None:
    """Extract events, entities, places, times and quotes from articles."""
    from veille.errors import InputError
    from veille.ingest.readers import read_path
    from veille.pipeline import extract_articles

    pub = _published_or_exit(published)
    n_ok = n_err = 0
    out = Console()
    status("loading language models (spaCy, gazetteer); the first article takes a few seconds")
    for item in extract_articles(read_path(path, published=pub), lang=lang.value):
        if isinstance(item, InputError):
            n_err += 1
            print_error(item)
            continue
        n_ok += 1
        if format is Format.json:
            sys.stdout.write(item.model_dump_json(exclude_none=False) + "\n")
        else:
            from veille.render import print_report

            print_report(item, out)
    if n_err:
        raise typer.Exit(3 if n_ok else 1)  # as ingest: 3 some records failed, 1 nothing extracted


@app.command()
def schema() -> None:
    """Print the JSON Schema of a report."""
    from veille.schema import Report

    sys.stdout.write(json.dumps(Report.model_json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command("eval")
def eval_(
    path: Optional[str] = typer.Argument(None, help="Gold JSONL file, or with --set the data set's path (default: ../shared/data/...)."),
    data_set: Optional[str] = typer.Option(None, "--set", help="Shared data set: fr-timebank, geovirus, lgl, wikievents, hipe2020-fr, acled-notes, polnear; or a gold set rebuilt from data/eval: fr-news, fr-quotes, fr-timebank-events."),
    split: Optional[str] = typer.Option(None, "--split", help="With --set fr-news / fr-quotes / fr-timebank-events / polnear / acled-notes: only that split."),
    by_field: bool = typer.Option(False, "--by-field", help="Add matched-pair accuracy and per-language / per-type breakdowns."),
    errors: bool = typer.Option(False, "--errors", help="List every miss with its evidence."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON for machines."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N articles / documents."),
    thresholds: Optional[str] = typer.Option(None, "--thresholds", help="Fail (exit 1) when a field's F1 is below this file's thresholds (data/gold/thresholds.json)."),
    raise_thresholds: Optional[str] = typer.Option(None, "--raise-thresholds", help="Raise this thresholds file to just below the measured F1 (never lowers a threshold)."),
) -> None:
    """Score the pipeline against gold annotations: per-field precision, recall and F1."""
    from veille.eval.runner import main as run_eval

    code = run_eval(path, data_set=data_set, by_field=by_field, errors=errors, as_json=as_json, limit=limit, thresholds=thresholds, raise_thresholds=raise_thresholds, split=split)
    if code:
        raise typer.Exit(code)


# --------------------------------------------------------------------------- store, API, exports
DB_HELP = "Database: a SQLite file path or postgresql://... URL (default: $VEILLE_DB, else ./veille.db)."


def _existing_store_or_exit(db: Optional[str]) -> str:
    """The store URL for a read command; a SQLite file that does not exist is an error (exit 2)
    rather than a new empty store (only `veille ingest` creates one)."""
    from veille.store import resolve_url

    url = resolve_url(db)
    if "://" not in url and url != ":memory:" and not Path(url).exists():
        print_error(f"no store at {url}: give --db (or $VEILLE_DB) an existing database, or create one with veille ingest")
        raise typer.Exit(2)
    return url


def _filter_or_exit(**kw):
    from veille.store.filters import build_filter

    try:
        return build_filter(**kw)
    except ValueError as err:
        print_error(err)
        raise typer.Exit(2) from None


class Engine(str, Enum):
    local = "local"
    ray = "ray"


def _columns_or_exit(spec: Optional[str]) -> dict[str, str]:
    from veille.ingest.streams import parse_columns

    try:
        return parse_columns(spec)
    except ValueError as err:
        print_error(f"--columns: {err}")
        raise typer.Exit(2) from None


def _ray_or_exit(engine: Engine, address: Optional[str]) -> None:
    if address and engine is not Engine.ray:
        print_error("--address joins a Ray cluster: use it with --engine ray")
        raise typer.Exit(2)
    if engine is Engine.ray:
        try:
            import ray  # noqa: F401
        except ImportError:
            print_error("--engine ray needs Ray: pip install 'veille[ray]'")
            raise typer.Exit(2) from None


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursively: .txt, .html, .jsonl, .jsonl.gz, .warc, .warc.gz, .parquet) or - for stdin."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    workers: int = typer.Option(0, "--workers", "-w", min=0, max=4096, help="Extraction processes (0: one per core, fewer for small inputs; with --address, one per CPU of the cluster)."),
    lang: Lang = typer.Option(Lang.auto, help="Language, or auto to detect it per article."),
    published: Optional[str] = typer.Option(None, help="Publication date for inputs that carry none (YYYY-MM-DD)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: a process pool on this machine; ray: Ray actors (pip install 'veille[ray]')."),
    address: Optional[str] = typer.Option(None, "--address", help="With --engine ray: join this Ray cluster (auto, or ray://head:10001) instead of starting Ray here."),
    columns: Optional[str] = typer.Option(None, "--columns", help="Parquet columns of the fields id, text, html, title, url, published, source when named otherwise: text=body,id=doc_id."),
) -> None:
    """Extract articles and store them; already stored articles are skipped, bad records logged.

    Exit codes: 0 every record went in (or was already stored); 3 some records failed (each one is
    named on the error log: `GET /ingest-errors`); 1 nothing could be read (no such path, no records,
    every record failed, or a worker process died); 2 a bad option. SIGTERM and Ctrl-C stop the
    workers and keep every article already stored whole; run the same command again to finish.
    """
    from veille.ingest.batch import sigterm_as_exit
    from veille.ingest.engines import run_with_progress
    from veille.store import open_store

    pub = _published_or_exit(published)
    mapping = _columns_or_exit(columns)
    _ray_or_exit(engine, address)
    with sigterm_as_exit(), open_store(db) as store:
        before = store.counts()
        status("loading language models (spaCy, gazetteer) in each worker; the first articles take a few seconds")
        try:
            stats = run_with_progress(paths, store, workers=workers, lang=lang.value, published=pub,
                                      console=err_console, on_error=print_error, engine=engine.value,
                                      address=address, columns=mapping or None)
        except RuntimeError as err:
            print_error(err)
            raise typer.Exit(1) from None
        summary = ingest_summary(stats, before, store)
    for line in summary:
        err_console.print(line, soft_wrap=True, highlight=False, markup=False)
    if stats.exit_code:
        raise typer.Exit(stats.exit_code)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def ingest_summary(stats, before: dict[str, int], store) -> list[str]:
    """What `veille ingest` did, in words that explain its counts: records read and what became of
    them; the new articles' events and how many of them joined an event another article already
    told (the store keeps one event per happening, with its sources); the store's totals, with the
    events the map, the timeline or the exports leave out and why."""
    after = store.counts()
    new_events = max(0, after["events"] - before["events"])
    lines = [
        f"read {_n(stats.done, 'record')}: {stats.added} new articles stored, {stats.skipped} already stored (skipped),"
        f" {stats.errors} failed" + (" (each named above and logged: veille serve, GET /ingest-errors)" if stats.errors else ""),
    ]
    if stats.added:
        lines.append(
            f"the new articles report {_n(stats.events, 'event')}: {new_events} new in the store, the other"
            f" {max(0, stats.events - new_events)} merged into events that another article also reports (one event, several sources)"
        )
    background = int(store.scalar(
        "SELECT count(*) AS n FROM events e WHERE (SELECT min(s.background) FROM event_sources s WHERE s.event_id = e.id) = 1"))
    unmapped = int(store.scalar("SELECT count(*) AS n FROM events WHERE latitude IS NULL OR longitude IS NULL"))
    undated = int(store.scalar("SELECT count(*) AS n FROM events WHERE date_start IS NULL"))
    lines.append(
        f"store: {_n(after['articles'], 'article')}, {_n(after['events'], 'event')} ({background} background only: left out of"
        f" the map, the timeline and the exports unless asked for; {unmapped} without coordinates; {undated} undated),"
        f" {after['ingest_errors']} logged errors"
    )
    return lines


# Event filters shared by `veille events` and `veille export` (the API takes the same ones).
StartOpt = Annotated[Optional[str], typer.Option(help="Events on or after this date.")]
EndOpt = Annotated[Optional[str], typer.Option(help="Events on or before this date.")]
TypeOpt = Annotated[Optional[str], typer.Option("--type", help="ACLED event type (Battles, Protests, ...; any case).")]
ActorOpt = Annotated[Optional[str], typer.Option(help="Actor name (substring).")]
CountryOpt = Annotated[Optional[str], typer.Option(help="Country: ISO code (ML, MLI) or English name; A|B for any of them.")]
TextOpt = Annotated[Optional[str], typer.Option("--q", "-q", help="Free text.")]
BboxOpt = Annotated[Optional[str], typer.Option(help="min_lon,min_lat,max_lon,max_lat")]
MinSourcesOpt = Annotated[int, typer.Option(help="Only events told by at least this many articles.")]
BackgroundOpt = Annotated[bool, typer.Option(
    "--include-background", help="Also events every source mentions only as background (context, e.g. an earlier "
    "attack); left out by default.")]


@app.command()
def events(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    start: StartOpt = None,
    end: EndOpt = None,
    type: TypeOpt = None,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    q: TextOpt = None,
    bbox: BboxOpt = None,
    min_sources: MinSourcesOpt = 1,
    include_background: BackgroundOpt = False,
    limit: int = typer.Option(50, min=1, max=10_000, help="Rows to show."),
) -> None:
    """List stored (merged) events with their source count."""
    from veille.store import open_store
    from veille.store.console import print_events

    f = _filter_or_exit(start=start, end=end, bbox=bbox, event_type=type, actor=actor, country=country, q=q,
                        min_sources=min_sources, include_background=include_background)
    url = _existing_store_or_exit(db)
    with open_store(url) as store:
        print_events(store, f, limit=limit)


class DateFormat(str, Enum):
    iso = "iso"
    acled = "acled"


class ExportFormat(str, Enum):
    csv = "csv"
    geojson = "geojson"
    jsonl = "jsonl"


@app.command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="csv (ACLED columns), geojson, jsonl (reports)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
    start: StartOpt = None,
    end: EndOpt = None,
    type: TypeOpt = None,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    q: TextOpt = None,
    bbox: BboxOpt = None,
    min_sources: MinSourcesOpt = 1,
    include_background: BackgroundOpt = False,
    date_format: DateFormat = typer.Option(DateFormat.iso, "--date-format", help="CSV event_date: iso (2021-03-08) or acled (08 March 2021)."),
) -> None:
    """Export stored events: ACLED-style CSV, GeoJSON, or JSONL of full reports.

    The CSV has ACLED's 31 columns in ACLED's order, then iso3 and Veille's veille_* columns.
    Background events are left out unless --include-background (veille_background is 1 for them).

    With --output the file appears only when the export is complete (a temporary file is renamed);
    a failure exits 1 and leaves no partial file.
    """
    from veille.exports import export as run_export
    from veille.exports import export_to_file
    from veille.store import open_store

    f = _filter_or_exit(start=start, end=end, bbox=bbox, event_type=type, actor=actor, country=country, q=q,
                        min_sources=min_sources, include_background=include_background)
    url = _existing_store_or_exit(db)
    try:
        with open_store(url) as store:
            if output is None:
                run_export(store, format.value, f, sys.stdout, date_format.value)
            else:
                export_to_file(store, format.value, f, output, date_format.value)
    except Exception as exc:
        print_error(f"export failed ({exc.__class__.__name__}: {exc})" + ("; no file written" if output else ""))
        raise typer.Exit(1) from None


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Serve the REST API (OpenAPI docs at /docs) and the map page at /."""
    import uvicorn

    from veille.api import create_app

    db = _existing_store_or_exit(db)
    err_console.print(f"Veille at http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="info")


gazetteer_app = typer.Typer(no_args_is_help=True, help="The deep GeoNames index (villages, districts, sites).")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build(
    paths: list[Path] = typer.Argument(..., help="GeoNames dump files (allCountries.zip, XX.zip/XX.txt, admin1CodesASCII.txt, "
                                                 "admin2Codes.txt, alternateNamesV2.zip, postal XX.txt) or folders holding them."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Index file to write (default: the cache folder's geonames.sqlite, "
                                                                  "which Veille then uses instead of the shipped subset)."),
    countries: Optional[str] = typer.Option(None, help="Keep only these ISO 3166-1 alpha-2 codes, comma-separated."),
) -> None:
    """Build the deep gazetteer index (SQLite) from GeoNames dump files."""
    from veille.resources import cache_dir
    from veille.gazetteer_deep import build_index

    target = out or cache_dir() / "geonames.sqlite"
    keep = [c.strip() for c in countries.split(",") if c.strip()] if countries else None
    try:
        stats = build_index(paths, target, keep)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print_error(f"gazetteer build failed ({exc.__class__.__name__}: {exc}); no index written")
        raise typer.Exit(1) from None
    size = target.stat().st_size / 1e6
    status(f"{target}: {stats.places} places, {stats.names} names, {stats.admin} admin codes, "
           f"{stats.alternate_names} alternate names; {size:.1f} MB in {stats.seconds} s")
    sys.stdout.write(json.dumps({"path": str(target), "places": stats.places, "names": stats.names, "admin": stats.admin,
                                 "alternate_names": stats.alternate_names, "seconds": stats.seconds, "mb": round(size, 1)}) + "\n")


@gazetteer_app.command("info")
def gazetteer_info() -> None:
    """Which deep index is in use, and what it holds."""
    from veille.gazetteer_deep import get_deep_index

    deep = get_deep_index()
    if deep is None:
        sys.stdout.write(json.dumps({"path": None}) + "\n")
        return
    sys.stdout.write(json.dumps({"path": str(deep.path), "places": deep.count(), **deep.meta()}) + "\n")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
