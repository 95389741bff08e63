"""Batch ingest: read files, folders and stdin, extract in worker processes, store in the parent.

Each worker process loads its spaCy pipelines once (``veille.pipeline.get_nlp`` caches them) and
turns chunks of articles into report JSON; only the parent writes to the store, one transaction
per article. Articles already stored (same ``text_hash``) are skipped before extraction, so
running the same command after a crash finishes the job without redoing it; bad records are
logged in ``ingest_errors`` and the batch goes on.

Workers die with their parent: on Linux the kernel sends them SIGTERM when it dies (even by
SIGKILL), and a watchdog thread in each worker checks the parent's pid as a fallback. Ctrl-C and
SIGTERM (see :func:`sigterm_as_exit`) stop the workers; the article being written is rolled back,
so the store holds whole articles only.
"""

from __future__ import annotations

import ctypes
import gzip
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional, Sequence

from veille.errors import InputError
from veille.ingest.article import Article
from veille.ingest.readers import ALL_SUFFIXES, JSONL_SUFFIXES, PARQUET_SUFFIXES, WARC_SUFFIXES, read_path
from veille.schema import Report

CHUNK = 4  # articles per task sent to a worker
EXIT_NOTHING_READ = 1
EXIT_SOME_FAILED = 3


@dataclass
class IngestStats:
    seen: int = 0  # records read
    added: int = 0  # new articles stored
    skipped: int = 0  # already in the store (or twice in this run)
    errors: int = 0  # bad records, logged in ingest_errors
    events: int = 0  # article events stored
    write_seconds: float = 0.0  # time spent writing reports to the store
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.added + self.skipped + self.errors

    @property
    def exit_code(self) -> int:
        """``veille ingest``'s exit code: 0 all went in (or was already stored), 3 some records
        failed, 1 nothing could be read (no such path, no records, or every record failed)."""
        if self.added + self.skipped == 0:
            return EXIT_NOTHING_READ
        return EXIT_SOME_FAILED if self.errors else 0

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def as_dict(self) -> dict:
        return {"read": self.seen, "added": self.added, "skipped": self.skipped, "errors": self.errors,
                "events": self.events, "seconds": round(time.monotonic() - self.started, 2)}


ARTICLES_PER_EXTRA_WORKER = 25  # a worker costs ~10 CPU s of model loading: worth it past a few dozen articles


def default_workers(total: Optional[int] = None) -> int:
    """One worker per core, fewer for small inputs (each worker loads its own models)."""
    cores = max(1, os.cpu_count() or 1)
    if total is None:
        return cores
    return max(1, min(cores, total // ARTICLES_PER_EXTRA_WORKER))


def estimate_total(paths: Sequence[str]) -> Optional[int]:
    """How many records ``paths`` hold (lines of JSONL files, rows of Parquet files, one per other
    file); None for stdin and WARC files (counting their records means reading them whole)."""
    total = 0
    for path in paths:
        if str(path) == "-":
            return None
        p = Path(path)
        files = [c for c in sorted(p.rglob("*")) if c.is_file() and c.name.lower().endswith(ALL_SUFFIXES)] if p.is_dir() else [p]
        for f in files:
            low = f.name.lower()
            if not f.is_file():
                total += 1
            elif low.endswith(WARC_SUFFIXES):
                return None
            elif low.endswith(PARQUET_SUFFIXES):
                total += _parquet_rows(f)
            elif low.endswith(JSONL_SUFFIXES):
                try:
                    opener = gzip.open if f.name.lower().endswith(".gz") else open
                    with opener(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except (OSError, EOFError):
                    total += 1
            else:
                total += 1
    return total


def _parquet_rows(path: Path) -> int:
    try:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(str(path)).metadata.num_rows)
    except Exception:  # no pyarrow, not Parquet: the reader will name the problem
        return 1


def iter_records(paths: Iterable[str], published=None, columns: Optional[Mapping[str, str]] = None) -> Iterator[Article | InputError]:
    for path in paths:
        yield from read_path(path, published=published, columns=columns)


# ---------------------------------------------------------------------- worker side
PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_SECONDS = 1.0


def _init_worker(parent_pid: int) -> None:
    """Runs once in each worker process (models load lazily, once, on first use)."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops the pool
    _die_with_parent(parent_pid)


def _die_with_parent(parent_pid: int) -> None:
    """Exit when ``parent_pid`` dies: the kernel's parent-death signal, and a watchdog thread."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass  # the watchdog below still works
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # orphaned: the worker holds nothing that needs saving


def extract_chunk(articles: list[Article], lang: str = "auto") -> list[tuple]:
    """``("ok", report_json)`` or ``("error", reason, record)`` per article, in order.

    An unexpected failure inside a stage is isolated to its article and reported as an error.
    """
    from veille.pipeline import extract_articles, internal_error

    def one_by_one() -> list[tuple]:
        out: list[tuple] = []
        for art in articles:
            try:
                out.extend(_wrap(extract_articles([art], lang=lang)))
            except Exception as exc:  # a failure outside the stages: keep the batch going, name the record
                out.extend(_wrap([internal_error(exc, art)]))
        return out

    try:
        return list(_wrap(extract_articles(articles, lang=lang)))
    except Exception:
        return one_by_one()


def _wrap(results) -> Iterator[tuple]:
    for item in results:
        if isinstance(item, InputError):
            yield ("error", item.reason, item.record)
        else:
            yield ("ok", item.model_dump_json())


# ---------------------------------------------------------------------- parent side
def _chunks(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Sink:
    """The parent's side of a batch, whatever the engine: drop known articles before extraction,
    then store the extracted reports and count everything.

    Only the parent writes to the store. :meth:`absorb` writes one article per transaction (the
    local engine); :meth:`absorb_batch` writes a whole chunk in one transaction (the Ray engine)."""

    def __init__(self, records: Iterable[Article | InputError], store, on_progress=None, on_error=None):
        self.records = records
        self.store = store
        self.stats = IngestStats()
        self.seen_hashes: set[str] = set()
        self.notify: Callable[[IngestStats], None] = on_progress or (lambda _s: None)
        self.on_error = on_error

    def fail(self, err: InputError) -> None:
        self.store.log_error(err.record, err.reason)
        self.stats.errors += 1
        if self.on_error is not None:
            self.on_error(err)

    def fresh(self) -> Iterator[Article]:
        """The records to extract: bad ones are logged, known ones (same text hash) skipped."""
        stats = self.stats
        for rec in self.records:
            stats.seen += 1
            if isinstance(rec, InputError):
                self.fail(rec)
                self.notify(stats)
                continue
            h = rec.hash
            if h in self.seen_hashes or self.store.has_article(h):
                stats.skipped += 1
                self.notify(stats)
                continue
            self.seen_hashes.add(h)
            yield rec

    def _count(self, result) -> None:
        if result.created:
            self.stats.added += 1
            self.stats.events += len(result.event_ids)
        else:
            self.stats.skipped += 1

    def absorb(self, results: list[tuple], chunk: list[Article]) -> None:
        for res, art in zip(results, chunk, strict=True):
            if res[0] == "error":
                self.fail(InputError(res[1], res[2] or art.label))
            else:
                report = Report.model_validate_json(res[1])
                t0 = time.monotonic()
                result = self.store.add_report(report)
                self.stats.write_seconds += time.monotonic() - t0
                self._count(result)
            self.notify(self.stats)

    def absorb_batch(self, results: list[tuple], chunk: list[Article]) -> None:
        """Like :meth:`absorb`, the chunk's reports stored in one transaction, in input order."""
        reports = []
        for res, art in zip(results, chunk, strict=True):
            if res[0] == "error":
                self.fail(InputError(res[1], res[2] or art.label))
                self.notify(self.stats)
            else:
                reports.append(Report.model_validate_json(res[1]))
        if not reports:
            return
        t0 = time.monotonic()
        written = self.store.add_reports(reports)
        self.stats.write_seconds += time.monotonic() - t0
        for result in written:
            self._count(result)
            self.notify(self.stats)


def ingest(
    records: Iterable[Article | InputError],
    store,
    workers: int = 1,
    lang: str = "auto",
    on_progress: Optional[Callable[[IngestStats], None]] = None,
    chunk_size: int = CHUNK,
    on_error: Optional[Callable[[InputError], None]] = None,
) -> IngestStats:
    """Extract and store ``records``; returns counts. ``workers`` > 1 uses that many processes.

    Each bad record is logged in ``ingest_errors`` and passed to ``on_error``."""
    sink = Sink(records, store, on_progress, on_error)
    stats = sink.stats

    if workers <= 1:
        for chunk in _chunks(sink.fresh(), chunk_size):
            sink.absorb(extract_chunk(chunk, lang), chunk)
        return stats

    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(os.getpid(),))
    try:
        pending: dict[Future, list[Article]] = {}
        queue: deque[Future] = deque()
        source = _chunks(sink.fresh(), chunk_size)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                todo = next(source, None)
                if todo is None:
                    exhausted = True
                    break
                pending[pool.submit(extract_chunk, todo, lang)] = todo
            if not pending:
                break
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            queue.extend(done)
            while queue:
                fut = queue.popleft()
                chunk = pending.pop(fut)
                try:
                    results = fut.result()
                except BrokenProcessPool as exc:
                    raise RuntimeError(
                        "a worker process died (out of memory?); everything stored so far is kept:"
                        " run the same command again to finish"
                    ) from exc
                sink.absorb(results, chunk)
    except BaseException:  # Ctrl-C, SIGTERM or a failure: stop the workers, keep what is committed
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return stats


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued work and end the workers now rather than after their current chunk."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()


class Terminated(SystemExit):
    """SIGTERM, raised in the main thread so that transactions roll back and workers stop."""


@contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """While active, SIGTERM raises :class:`Terminated` (exit 143) instead of killing the process outright."""
    def handler(signum, _frame):
        raise Terminated(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
