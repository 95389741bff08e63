"""Engines of ``veille ingest``: the local process pool (:mod:`veille.ingest.batch`) or Ray
(:mod:`veille.ingest.ray_engine`), with a progress bar or plain progress lines."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Optional, Sequence

from veille.errors import InputError
from veille.ingest.article import Article
from veille.ingest.batch import IngestStats, default_workers, estimate_total, ingest, iter_records

ENGINES = ("local", "ray")


@dataclass
class Run:
    """How to run a batch: the engine (``local`` process pool or ``ray``), its workers, and the inputs' options."""

    workers: int = 0  # 0: one per core (per CPU of the Ray cluster), fewer for small inputs
    lang: str = "auto"
    published: object = None
    engine: str = "local"
    address: Optional[str] = None  # ray: join this cluster instead of starting Ray on this machine
    columns: Optional[Mapping[str, str]] = None  # Parquet column mapping

    def records(self, paths: Sequence[str]) -> Iterator[Article | InputError]:
        return iter_records(paths, self.published, self.columns)

    def ingest(self, paths: Sequence[str], store, on_progress=None, on_error=None) -> IngestStats:
        if self.engine == "ray":
            from veille.ingest.ray_engine import ingest_ray

            return ingest_ray(self.records(paths), store, workers=self.workers, lang=self.lang, on_progress=on_progress,
                              on_error=on_error, address=self.address)
        if self.engine != "local":
            raise ValueError(f"unknown engine {self.engine!r}: one of {', '.join(ENGINES)}")
        return ingest(self.records(paths), store, workers=self.workers, lang=self.lang, on_progress=on_progress,
                      on_error=on_error)


def run_with_progress(paths: Sequence[str], store, workers: int, lang: str = "auto", published=None, console=None,
                      on_error: Optional[Callable[[InputError], None]] = None, engine: str = "local",
                      address: Optional[str] = None, columns: Optional[Mapping[str, str]] = None) -> IngestStats:
    """:func:`ingest` with a rich progress bar (articles, articles/s, ETA, errors) on stderr.

    ``workers`` 0 picks :func:`default_workers` for the size of the input (with ``address``, one
    per CPU of the Ray cluster); ``on_error`` sees each bad record (print it through ``console``
    to keep the bar intact). ``engine`` is ``local`` (a process pool) or ``ray``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = console or Console(stderr=True)
    total = estimate_total(paths)
    if not (workers or (engine == "ray" and address)):
        workers = default_workers(total)
    run = Run(workers, lang, published, engine, address, columns)
    if not console.is_terminal:  # a log file or a pipe: plain lines, no control codes
        return _run_with_lines(paths, store, run, console, on_error, total)
    bar = [
        SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
        TextColumn("{task.fields[rate]:.1f} art/s"), TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn(),
        TextColumn("[green]+{task.fields[added]}[/] new  [dim]{task.fields[skipped]} known[/]  [red]{task.fields[errors]} errors[/]"),
    ]
    with Progress(*bar, console=console, transient=False, refresh_per_second=4) as progress:
        task = progress.add_task("ingest", total=total, rate=0.0, added=0, skipped=0, errors=0)

        def update(s: IngestStats) -> None:
            progress.update(task, completed=s.done, rate=s.rate, added=s.added, skipped=s.skipped, errors=s.errors)

        stats = run.ingest(paths, store, on_progress=update, on_error=on_error)
        update(stats)
        if total is None:
            progress.update(task, total=stats.done)
    return stats


PLAIN_PROGRESS_EVERY = 10.0  # seconds between two progress lines when stderr is not a terminal


def _progress_line(s: IngestStats, total: Optional[int]) -> str:
    of = f"/{total}" if total else ""
    return (f"ingest: {s.done}{of} articles, {s.rate:.1f} art/s, {s.added} new, {s.skipped} already stored,"
            f" {s.errors} errors")


def _run_with_lines(paths, store, run: Run, console, on_error, total) -> IngestStats:
    """:func:`run_with_progress` for a console that is not a terminal: one plain progress line every
    :data:`PLAIN_PROGRESS_EVERY` seconds, and one at the end."""
    last = [time.monotonic()]

    def update(s: IngestStats) -> None:
        now = time.monotonic()
        if now - last[0] >= PLAIN_PROGRESS_EVERY:
            last[0] = now
            console.print(_progress_line(s, total), soft_wrap=True, highlight=False, markup=False)

    stats = run.ingest(paths, store, on_progress=update, on_error=on_error)
    console.print(_progress_line(stats, total), soft_wrap=True, highlight=False, markup=False)
    return stats
