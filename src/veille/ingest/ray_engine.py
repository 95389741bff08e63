"""``veille ingest --engine ray``: extraction on Ray actors, storage by the driver.

The driver (the ``veille ingest`` process) reads the inputs as a stream, drops the records already
stored (same text hash) and cuts the rest into partitions of a few articles. Each partition goes to
an :class:`Extractor` actor: one per worker, each loads the spaCy pipelines once and keeps them.
The driver stores each partition's reports in one transaction, in input order, so that the events
merge across sources exactly as with the local engine (same events, same order of merging).

Ray runs on this machine by default (``ray.init(num_cpus=workers)``, no dashboard, a small object
store); ``address`` joins a running cluster (``ray://head:10001`` or ``auto``), where every node
needs Veille installed (``pip install 'veille[ray]'``).

A worker that dies (killed, out of memory, its node lost) is restarted by Ray and its partitions
are run again (``max_restarts`` / ``max_task_retries``); only the driver writes, and only once it
has a partition's results, so nothing is lost or stored twice. When a worker keeps dying the run
stops with everything already stored kept: run the same command again to finish.

Ray is imported here only, so that Veille works without it.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from typing import Callable, Iterable, Optional

from veille.errors import InputError
from veille.ingest.article import Article
from veille.ingest.batch import CHUNK, IngestStats, Sink, _chunks, extract_chunk

OBJECT_STORE_BYTES = 512 * 1024 * 1024  # local mode: partitions and results are small (text and JSON)
MAX_RETRIES = 3  # restarts of a dead worker, and runs of a partition whose worker died
IN_FLIGHT_PER_WORKER = 2  # partitions queued on each worker: one running, one waiting


class Extractor:
    """A Ray actor: one worker process that loads the models once and extracts partitions."""

    def __init__(self, lang: str = "auto", extract: Optional[Callable] = None):
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.lang = lang
        self.extract_fn = extract or extract_chunk

    def pid(self) -> int:
        return os.getpid()

    def extract(self, chunk: list[Article]) -> list[tuple]:
        return self.extract_fn(chunk, self.lang)


def start_ray(workers: int, address: Optional[str] = None, object_store_memory: int = OBJECT_STORE_BYTES) -> bool:
    """Connect to Ray unless already connected; True when this call started it (and must shut it down)."""
    import ray

    if ray.is_initialized():
        return False
    if address:
        ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    else:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report from an offline machine
        ray.init(num_cpus=max(1, workers), object_store_memory=object_store_memory, include_dashboard=False,
                 logging_level=logging.WARNING, log_to_driver=False)
    return True


def cluster_workers() -> int:
    """One worker per CPU Ray knows of (the whole cluster when joined)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def ingest_ray(
    records: Iterable[Article | InputError],
    store,
    workers: int = 0,
    lang: str = "auto",
    on_progress: Optional[Callable[[IngestStats], None]] = None,
    chunk_size: int = CHUNK,
    on_error: Optional[Callable[[InputError], None]] = None,
    address: Optional[str] = None,
    extract: Optional[Callable] = None,
    max_retries: int = MAX_RETRIES,
    object_store_memory: int = OBJECT_STORE_BYTES,
) -> IngestStats:
    """:func:`veille.ingest.batch.ingest` on Ray: ``workers`` actors (0: one per CPU of the cluster).

    ``extract`` replaces :func:`extract_chunk` in the workers (tests)."""
    import ray

    started = start_ray(workers or (os.cpu_count() or 1), address, object_store_memory)
    actors: list = []
    try:
        workers = workers or cluster_workers()
        remote = ray.remote(num_cpus=1, max_restarts=max_retries, max_task_retries=max_retries)(Extractor)
        actors = [remote.remote(lang, extract) for _ in range(workers)]
        sink = Sink(records, store, on_progress, on_error)
        _run(sink, actors, chunk_size, max_retries)
        return sink.stats
    finally:
        for actor in actors:
            ray.kill(actor)
        if started:
            ray.shutdown()


def _run(sink: Sink, actors: list, chunk_size: int, max_retries: int) -> None:
    """Keep every actor busy; store the partitions' results in input order as they come back."""
    import ray
    from ray.exceptions import RayActorError, RayTaskError

    load = {i: 0 for i in range(len(actors))}
    inflight: deque = deque()  # (object ref, partition, actor index), in input order
    source = _chunks(sink.fresh(), chunk_size)
    exhausted = False
    while True:
        while not exhausted and len(inflight) < IN_FLIGHT_PER_WORKER * len(actors):
            chunk = next(source, None)
            if chunk is None:
                exhausted = True
                break
            idx = min(load, key=lambda i: load[i])  # the least busy worker
            load[idx] += 1
            inflight.append((actors[idx].extract.remote(chunk), chunk, idx))
        if not inflight:
            return
        ref, chunk, idx = inflight.popleft()
        try:
            results = ray.get(ref)
        except RayActorError as exc:
            raise RuntimeError(
                f"a Ray worker died {1 + max_retries} times on one partition (out of memory? node lost?);"
                " everything stored so far is kept: run the same command again to finish"
            ) from exc
        except RayTaskError as exc:
            raise RuntimeError(
                f"a Ray worker failed ({exc.cause!r}); everything stored so far is kept: run the same command again to finish"
            ) from exc
        load[idx] -= 1
        sink.absorb_batch(results, chunk)
