"""``veille ingest --engine ray`` in Ray local mode: the same events as the local engine, a killed
worker's partition retried with nothing lost or stored twice.

One Ray instance for the module (2 CPUs, a 300 MB object store, no dashboard), shut down at the end.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from veille.ingest.batch import extract_chunk, ingest, iter_records
from veille.store import open_store

ray = pytest.importorskip("ray")

REPO = Path(__file__).resolve().parents[1]
WIRE = REPO / "samples" / "corpus" / "wire.jsonl"


@pytest.fixture(scope="module")
def ray_local():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, object_store_memory=300 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()
    assert not ray.is_initialized()


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Five wire reports of two events (Baidoa car bomb x3, Erbil rockets x2), English and French."""
    root = tmp_path_factory.mktemp("ray-corpus")
    lines = WIRE.read_text(encoding="utf-8").splitlines()[:5]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def events(db: str) -> list[tuple]:
    with open_store(db) as st:
        return sorted((r["event_type"], r["date_start"], r["location"], r["fatalities"], r["source_count"]) for r in st.all(
            "SELECT event_type, date_start, location, fatalities, source_count FROM events"))


@pytest.fixture(scope="module")
def local_run(small_corpus, tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    with open_store(db) as st:
        stats = ingest(iter_records([str(small_corpus)]), st, workers=1)
    assert stats.added == 5
    return db


def test_cli_engine_ray_gives_the_local_engines_events(ray_local, small_corpus, local_run, tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    db = str(tmp_path / "ray.db")
    res = CliRunner().invoke(app, ["ingest", str(small_corpus), "--db", db, "--engine", "ray", "--workers", "1"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "5 new articles stored" in out and "ingest: 5/5 articles" in out  # progress reported
    assert ray_local.is_initialized()  # Ray started by someone else is left running
    got = events(db)
    assert got == events(local_run)
    assert max(e[-1] for e in got) >= 2  # merged across sources, in the store, as with the local engine


@pytest.mark.usefixtures("ray_local")
def test_killed_worker_partition_is_retried_nothing_lost_or_doubled(small_corpus, local_run, tmp_path):
    """The first partition kills its worker process; Ray restarts it and runs the partition again."""
    from veille.ingest.ray_engine import ingest_ray

    arts = [a for a in iter_records([str(small_corpus)])]
    reports = {a.hash: res for a, res in zip(arts, extract_chunk(arts), strict=True)}  # models of this process
    marker = str(tmp_path / "killed-once")

    def dies_once(chunk, _lang):  # runs in the Ray worker (pickled by value)
        if not os.path.exists(marker):
            Path(marker).write_text(str(os.getpid()))
            os._exit(1)
        return [reports[a.hash] for a in chunk]

    db = str(tmp_path / "retry.db")
    seen = []
    with open_store(db) as st:
        stats = ingest_ray(iter_records([str(small_corpus)]), st, workers=2, chunk_size=2, extract=dies_once,
                           on_progress=lambda s: seen.append(s.done))
        assert (stats.added, stats.skipped, stats.errors) == (5, 0, 0)
        assert st.scalar("SELECT count(*) AS n FROM articles") == 5
        ids = [r["record_id"] for r in st.all("SELECT record_id FROM articles ORDER BY id")]
        assert ids == [json.loads(x)["id"] for x in WIRE.read_text(encoding="utf-8").splitlines()[:5]]  # input order
    assert Path(marker).exists()
    assert seen[-1] == 5
    assert events(db) == events(local_run)


@pytest.mark.usefixtures("ray_local")
def test_worker_dying_every_time_stops_the_run_keeping_what_is_stored(small_corpus, tmp_path):
    from veille.ingest.ray_engine import ingest_ray

    def always_dies(_chunk, _lang):
        os._exit(1)

    with open_store(str(tmp_path / "dead.db")) as st:
        with pytest.raises(RuntimeError, match="died 2 times on one partition"):
            ingest_ray(iter_records([str(small_corpus)]), st, workers=1, extract=always_dies, max_retries=1)
        assert st.scalar("SELECT count(*) AS n FROM articles") == 0


def test_ray_and_pyarrow_are_imported_only_when_used():
    import subprocess
    import sys

    code = ("import sys, veille.cli, veille.ingest.batch, veille.ingest.readers, veille.ingest.streams;"
            " print(sorted(m for m in ('ray', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.strip() == "[]"


def test_address_needs_the_ray_engine(tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    res = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--address", "auto"])
    assert res.exit_code == 2 and "--engine ray" in res.output
