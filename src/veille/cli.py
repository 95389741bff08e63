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


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
