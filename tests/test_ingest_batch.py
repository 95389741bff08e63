"""Batch ingest with the real pipeline: every input kind, bad records, idempotency, resume after kill -9."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from veille.ingest.batch import estimate_total, ingest, iter_records
from veille.store import open_store

VEILLE = [sys.executable, "-m", "veille.cli"]
PLACES = ["Gao", "Kidal", "Mopti", "Tombouctou", "Ménaka", "Ségou", "Sévaré", "Douentza", "Ansongo", "Bourem"]


def fr_article(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"{i + 2} civils ont été tués et {i % 7 + 1} autres blessés dans l'attaque d'un marché à {place}, "
        f"a annoncé mardi le gouverneur de la région. Selon une source locale, des hommes armés à moto ont ouvert le feu "
        f"vers 10 heures avant de prendre la fuite. Le bilan numéro {i} reste provisoire."
    )


def en_article(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"Gunmen on motorbikes killed {i + 3} villagers near {place} on Sunday, local officials said, in the latest "
        f"of a string of attacks in central Mali. Report number {i} says that the army sent reinforcements."
    )


@pytest.fixture()
def corpus_dir(tmp_path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(fr_article(1), encoding="utf-8")
    (root / "sub" / "b.html").write_text(
        "<html><head><title>Attaque</title><script>alert(1)</script></head><body><article><h1>Attaque près de Gao</h1>"
        f"<p>{fr_article(2)}</p><p>{fr_article(3)}</p></article></body></html>", encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "text": en_article(4), "published": "2021-03-07", "source": "Wire"}),
        "{not json",
        json.dumps({"id": "j2", "text": fr_article(5), "published": "2021-03-08"}),
        json.dumps({"id": "de", "text": "Bewaffnete Männer haben am Sonntag in einem Dorf im Zentrum von Mali viele Menschen getötet."}),
        json.dumps({"id": "dup", "text": "  " + fr_article(1) + "  "}),  # same article as a.txt
    ]
    (root / "sub" / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(root / "sub" / "deeper" / "d.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": en_article(6), "published": "2021-03-09"}) + "\n")
    (root / "ignored.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return root


def test_folder_ingest_every_kind_then_nothing_new(corpus_dir, tmp_path):
    assert estimate_total([str(corpus_dir)]) == 8
    with open_store(str(tmp_path / "v.db")) as st:
        stats = ingest(iter_records([str(corpus_dir)]), st, workers=1)
        assert (stats.added, stats.skipped, stats.errors) == (5, 1, 2)
        ids = {r["record_id"] for r in st.all("SELECT record_id FROM articles")}
        assert {"j1", "j2", "g1"} <= ids and any(i.endswith("a.txt") for i in ids) and any(i.endswith("b.html") for i in ids)
        reasons = {e["record"]: e["reason"] for e in st.errors()}
        assert any("malformed JSON" in r for r in reasons.values())
        assert any("unsupported language: de" in r for k, r in reasons.items() if "id=de" in k)
        html = st.one("SELECT text FROM articles WHERE record_id LIKE '%b.html'")
        assert "alert" not in html["text"] and "marché" in html["text"]
        before = st.counts()
        again = ingest(iter_records([str(corpus_dir)]), st, workers=1)
        assert (again.added, again.skipped) == (0, 6)
        after = st.counts()
        assert {k: v for k, v in after.items() if k != "ingest_errors"} == {k: v for k, v in before.items() if k != "ingest_errors"}
        assert after["ingest_errors"] == before["ingest_errors"]  # same (record, reason) is counted, not duplicated


def run_cli(args, **kw):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(VEILLE + args, capture_output=True, text=True, timeout=300, env=env, **kw)


def test_cli_ingest_two_workers_and_stdin(corpus_dir, tmp_path):
    db = str(tmp_path / "cli.db")
    res = run_cli(["ingest", str(corpus_dir), "-", "--db", db, "--workers", "2"], input=en_article(40))
    assert res.returncode == 3, res.stderr  # some records failed
    assert "read 9 records: 6 new articles stored, 1 already stored (skipped), 2 failed" in res.stderr
    # the summary explains its counts: the new articles' events, how many merged, what the map leaves out
    assert re.search(r"^the new articles report \d+ events?: \d+ new in the store, the other \d+ merged into events", res.stderr, re.M)
    assert re.search(r"^store: 6 articles, \d+ events? \(\d+ background only: .*; \d+ without coordinates; \d+ undated\)", res.stderr, re.M)
    # stderr is a pipe here: plain progress lines, no bar's control codes
    assert "\x1b[" not in res.stderr and "\r" not in res.stderr
    assert re.search(r"^ingest: 9(/\d+)? articles, [\d.]+ art/s, 6 new, 1 already stored, 2 errors$", res.stderr, re.M), res.stderr
    # the same inputs again: everything is known before extraction, nothing is added
    res = run_cli(["ingest", str(corpus_dir), "-", "--db", db], input=en_article(40))
    assert res.returncode == 3, res.stderr
    assert "0 new articles stored, 7 already stored" in res.stderr.replace("\n", " ")
    res = run_cli(["events", "--db", db])
    assert res.returncode == 0 and "events" in res.stdout


def _article_count(db: str) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_resume_after_kill_9(tmp_path):
    n = 40
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = fr_article(i) if i % 2 else en_article(i)
            fh.write(json.dumps({"id": f"r{i}", "text": text, "published": "2021-03-09"}) + "\n")
    db = str(tmp_path / "kill.db")
    proc = subprocess.Popen(VEILLE + ["ingest", str(feed), "--db", db, "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while _article_count(db) < 5 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    partial = _article_count(db)
    assert 5 <= partial < n
    with open_store(db) as st:  # whatever was committed is whole: every article has all its rows
        assert st.scalar("PRAGMA integrity_check") == "ok"
        for row in st.all("SELECT id, report FROM articles"):
            report = json.loads(row["report"])
            assert st.scalar("SELECT count(*) AS n FROM entities WHERE article_id = ?", (row["id"],)) == len(report["entities"])
            assert st.scalar("SELECT count(*) AS n FROM event_sources WHERE article_id = ?", (row["id"],)) == len(report["events"])
    res = run_cli(["ingest", str(feed), "--db", db, "--workers", "1"])
    assert res.returncode == 0, res.stderr
    with open_store(db) as st:
        assert st.scalar("SELECT count(*) AS n FROM articles") == n
        assert st.scalar("SELECT count(DISTINCT record_id) AS n FROM articles") == n
    res = run_cli(["ingest", str(feed), "--db", db, "--workers", "1"])
    assert "0 new articles stored" in res.stderr
    # the same as one clean run: same articles, same merged events
    clean = str(tmp_path / "clean.db")
    with open_store(clean) as st:
        ingest(iter_records([str(feed)]), st, workers=1)
    assert _merged(db) == _merged(clean)


def _merged(db: str) -> tuple:
    with open_store(db) as st:
        counts = {k: v for k, v in st.counts().items() if k != "ingest_errors"}
        events = sorted(tuple(str(r[k]) for k in r) for r in st.all(
            "SELECT event_type, sub_event_type, date_start, location, country_code, fatalities, source_count FROM events"))
        return counts, events


def test_ingest_exit_codes_when_nothing_can_be_read(tmp_path):
    """0 all went in, 3 some records failed (above), 1 nothing could be read; all documented in --help."""
    from typer.testing import CliRunner

    from veille.cli import app

    db = str(tmp_path / "codes.db")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--db", db])
    assert res.exit_code == 1 and "no such file" in res.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{oops\n{"id": "x"}\n', encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(bad), "--db", db]).exit_code == 1
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["ingest", str(tmp_path / "empty"), "--db", db]).exit_code == 1
    help_text = " ".join(runner.invoke(app, ["ingest", "--help"], terminal_width=200).output.split())
    assert "Exit codes: 0 every record went in" in help_text and "3 some records failed" in help_text
    assert "1 nothing could be read" in help_text


# ---------------------------------------------------------------------- workers die with their parent
def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in ("Z", "X") else int(fields[1])  # a zombie is dead, only not yet reaped


def _workers_of(pid: int) -> set[int]:
    return {int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent_of(int(p.name)) == pid}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(tmp_path, sig):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"r{i}", "text": fr_article(i)}) + "\n" for i in range(40)), encoding="utf-8")
    proc = subprocess.Popen(VEILLE + ["ingest", str(feed), "--db", str(tmp_path / "w.db"), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = _workers_of(proc.pid)
        assert len(workers) >= 2, "the workers did not start"
        time.sleep(1.0)  # let them get into their initializer and model loading
        os.kill(proc.pid, sig)  # the parent only, not its process group
        code = proc.wait(timeout=30)
        if sig == signal.SIGTERM:
            assert code == 143
        deadline = time.monotonic() + 10
        while any(_parent_of(w) is not None for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _parent_of(w) is not None], "a worker outlived its parent by 10 s"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    with open_store(str(tmp_path / "w.db")) as st:  # nothing half-written
        assert st.scalar("PRAGMA integrity_check") == "ok"
        for row in st.all("SELECT id, report FROM articles"):
            assert st.scalar("SELECT count(*) AS n FROM event_sources WHERE article_id = ?", (row["id"],)) == \
                len(json.loads(row["report"])["events"])
