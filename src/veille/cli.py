"""Command line: ``veille extract | schema | ...``."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Veille: news reports to evidenced events.")
err_console = Console(stderr=True)


class Format(str, Enum):
    json = "json"
    table = "table"


class Lang(str, Enum):
    auto = "auto"
    fr = "fr"
    en = "en"


@app.command()
def extract(
    path: str = typer.Argument(..., help="A .txt, .html or .jsonl file, a folder, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (relative dates resolve against it)."),
    lang: Lang = typer.Option(Lang.auto, help="Language, or auto to detect it."),
    format: Format = typer.Option(Format.json, "--format", "-f", help="json: one report per line; table: readable."),
) -> None:
    """Extract events, entities, places, times and quotes from articles."""
    from veille.errors import InputError
    from veille.ingest.article import parse_published
    from veille.ingest.readers import read_path
    from veille.pipeline import extract_articles

    try:
        pub = parse_published(published, "--published")
    except InputError as err:
        err_console.print(f"[red]error:[/red] {err}")
        raise typer.Exit(2)
    n_ok = n_err = 0
    out = Console()
    for item in extract_articles(read_path(path, published=pub), lang=lang.value):
        if isinstance(item, InputError):
            n_err += 1
            err_console.print(f"[red]error:[/red] {item}", markup=True, highlight=False)
            continue
        n_ok += 1
        if format is Format.json:
            sys.stdout.write(item.model_dump_json(exclude_none=False) + "\n")
        else:
            from veille.render import print_report

            print_report(item, out)
    if n_ok == 0 and n_err:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a report."""
    from veille.schema import Report

    sys.stdout.write(json.dumps(Report.model_json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command("eval")
def eval_(
    path: Optional[str] = typer.Argument(None, help="Gold JSONL file, or with --set the data set's path (default: ../shared/data/...)."),
    data_set: Optional[str] = typer.Option(None, "--set", help="Shared data set: fr-timebank, geovirus, wikievents, hipe2020-fr."),
    by_field: bool = typer.Option(False, "--by-field", help="Add matched-pair accuracy and per-language / per-type breakdowns."),
    errors: bool = typer.Option(False, "--errors", help="List every miss with its evidence."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON for machines."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N articles / documents."),
    thresholds: Optional[str] = typer.Option(None, "--thresholds", help="Fail (exit 1) when a field's F1 is below this file's thresholds (data/gold/thresholds.json)."),
) -> None:
    """Score the pipeline against gold annotations: per-field precision, recall and F1."""
    from veille.eval.runner import main as run_eval

    code = run_eval(path, data_set=data_set, by_field=by_field, errors=errors, as_json=as_json, limit=limit, thresholds=thresholds)
    if code:
        raise typer.Exit(code)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
