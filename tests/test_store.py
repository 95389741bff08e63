"""The store: migrations, idempotent article keying, atomic writes, queries and filters."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from report_factory import corpus, gao_en, gao_fr

from veille.store import EventFilter, SQLiteStore, open_store
from veille.store import migrations


@pytest.fixture()
def store(tmp_path):
    st = open_store(str(tmp_path / "veille.db"))
    yield st
    st.close()


@pytest.fixture()
def filled(store):
    for r in corpus():
        store.add_report(r)
    return store


def test_migrations_are_versioned_and_applied_once(tmp_path):
    path = tmp_path / "m.db"
    st = open_store(f"sqlite:///{path}")
    assert st.schema_version() == migrations.latest("sqlite") >= 2
    versions = [r["version"] for r in st.all("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == list(range(1, migrations.latest("sqlite") + 1))
    st.close()
    again = open_store(str(path))
    assert again.migrate() == []
    assert again.scalar("PRAGMA journal_mode") == "wal"
    assert again.scalar("PRAGMA foreign_keys") == 1
    again.close()


def test_default_location_and_env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VEILLE_DB", raising=False)
    open_store().close()
    assert (tmp_path / "veille.db").exists()
    monkeypatch.setenv("VEILLE_DB", str(tmp_path / "other.db"))
    open_store().close()
    assert (tmp_path / "other.db").exists()


def test_same_text_is_one_article(store):
    first = store.add_report(gao_fr())
    assert first.created and first.event_ids
    again = store.add_report(gao_fr())
    assert not again.created and again.article_id == first.article_id
    counts = store.counts()
    assert counts["articles"] == 1 and counts["event_sources"] == 1 and counts["entities"] == len(gao_fr().entities)


def test_all_rows_of_an_article_are_stored(store):
    r = gao_fr()
    res = store.add_report(r)
    c = store.counts()
    assert c["entities"] == len(r.entities)
    assert c["mentions"] == sum(len(e.mentions) for e in r.entities)
    assert c["places"] == len(r.places) and c["quotes"] == len(r.quotes)
    art = store.get_article(res.article_id)
    assert art["report"]["text"] == r.text and art["text_hash"] == r.text_hash
    assert art["events"][0]["event_id"] == res.event_ids[0]


def test_a_failed_article_leaves_nothing(store, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("crash in the middle of an article")

    monkeypatch.setattr(SQLiteStore, "_merge_event", boom)
    with pytest.raises(RuntimeError):
        store.add_report(gao_fr())
    assert all(n == 0 for n in store.counts().values())


def test_foreign_keys_cascade(filled):
    filled.execute("DELETE FROM articles")
    c = filled.counts()
    assert c["entities"] == c["mentions"] == c["quotes"] == c["event_sources"] == 0
    with pytest.raises(sqlite3.IntegrityError):
        filled.execute("INSERT INTO entities (article_id, local_id, type, name, name_key) VALUES (999, 'e1', 'ORG', 'x', 'x')")


def test_errors_are_logged_once_per_record_and_reason(store):
    store.log_error("feed.jsonl:3", "malformed JSON")
    store.log_error("feed.jsonl:3", "malformed JSON")
    store.log_error("feed.jsonl:4", "empty text")
    rows = {(e["record"], e["reason"]): e["count"] for e in store.errors()}
    assert rows == {("feed.jsonl:3", "malformed JSON"): 2, ("feed.jsonl:4", "empty text"): 1}


def _ids(store, **kw):
    total, rows = store.find_events(EventFilter(**kw), limit=100)
    assert total == len(rows)
    return {r["location"] for r in rows}


def test_event_filters(filled):
    assert _ids(filled) == {"Gao", "Kidal", "Bagdad", "Ménaka"}
    assert _ids(filled, start=date(2021, 3, 8), end=date(2021, 3, 8)) == {"Gao"}
    assert _ids(filled, start=date(2021, 3, 9)) == {"Gao", "Ménaka"}
    assert _ids(filled, event_type="protests") == {"Kidal"}
    assert _ids(filled, country="IQ") == {"Bagdad"}
    assert _ids(filled, country="mali") == {"Gao", "Kidal", "Ménaka"}
    assert _ids(filled, bbox=(40.0, 30.0, 50.0, 36.0)) == {"Bagdad"}
    assert _ids(filled, actor="JNIM") == {"Gao"}  # the acronym finds its French and English names (actors.tsv)
    assert _ids(filled, actor="Boko Haram") == set()
    assert _ids(filled, actor="support of islam") == {"Gao"}
    assert _ids(filled, q="électricité") == {"Kidal"}
    assert _ids(filled, q="electricite") == {"Kidal"}  # accents folded
    assert _ids(filled, q='roquette"') == {"Bagdad"}  # quotes cannot break the query
    assert _ids(filled, q="roquette OR Kidal") == set()  # words are all required, OR is a word
    assert _ids(filled, q="   ") == {"Gao", "Kidal", "Bagdad", "Ménaka"}


def test_actor_filter_is_accent_free_and_backfilled_by_migration_3(filled):
    assert _ids(filled, actor="ARMEE malienne") == {"Gao"}
    filled.execute("UPDATE events SET actors_key = NULL")
    assert _ids(filled, actor="armée malienne") == set()
    filled.backfill_actors_key()
    assert _ids(filled, actor="armée malienne") == {"Gao"}
    assert _ids(filled, actor="%") == _ids(filled)  # a lone wildcard is no name: no actor filter


def test_pagination_and_order(filled):
    total, first = filled.find_events(EventFilter(), limit=2, offset=0)
    _, rest = filled.find_events(EventFilter(), limit=10, offset=2)
    assert total == 5 and len(first) == 2 and len(rest) == 3
    dates = [r["date_start"] for r in first + rest]
    assert dates == sorted(dates, reverse=True)
    assert len({r["id"] for r in first + rest}) == 5


def test_entities_and_quotes(filled):
    total, rows = filled.entities(name="armee malienne")
    assert total >= 1 and rows[0]["articles"] >= 1
    total, rows = filled.quotes(speaker="dembele")
    assert total == 1 and rows[0]["text"] == "Nos hommes ont riposté avec vigueur" and rows[0]["direct"] is True
    assert filled.quotes(speaker="nobody")[0] == 0


def test_timeline_counts_events_per_day(filled):
    days = {d["day"]: d["events"] for d in filled.timeline(EventFilter())}
    assert days == {"2021-03-07": 2, "2021-03-08": 1, "2021-03-09": 2}


def test_event_detail_has_sources_evidence_and_decisions(filled):
    total, rows = filled.find_events(EventFilter(start=date(2021, 3, 8), end=date(2021, 3, 8)))
    ev = filled.get_event(rows[0]["id"])
    assert ev["source_count"] == 2 and len(ev["sources"]) == 2
    langs = {s["language"] for s in ev["sources"]}
    assert langs == {"fr", "en"}
    for s in ev["sources"]:
        assert s["evidence"] and all(e["text"] for e in s["evidence"])
    joined = [s for s in ev["sources"] if s["merge_decision"]["merged"]]
    assert len(joined) == 1 and joined[0]["merge_decision"]["score"] > 0
    assert {"place", "date", "actors", "evidence"} <= set(joined[0]["merge_decision"]["components"])


# ---------------------------------------------------------------------- PostgreSQL
def _pg_bin(name: str):
    import glob
    import shutil

    found = shutil.which(name)
    if found:
        return found
    cands = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return cands[-1] if cands else None


@pytest.fixture(scope="module")
def pg_url():
    """A throwaway PostgreSQL on loopback (or $VEILLE_TEST_PG_URL); skipped when none can be started."""
    import os
    import pwd
    import shutil
    import socket
    import subprocess
    import tempfile

    if os.environ.get("VEILLE_TEST_PG_URL"):
        yield os.environ["VEILLE_TEST_PG_URL"]
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    run_as: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: use the postgres account
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' account to run the server")
        run_as = ["runuser", "-u", "postgres", "--"] if shutil.which("runuser") else []
        if not run_as:
            pytest.skip("running as root without runuser")
    base = tempfile.mkdtemp(prefix="veille-pg-")
    data = os.path.join(base, "data")
    if run_as:
        os.chown(base, pw.pw_uid, pw.pw_gid)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def run(cmd, timeout=60):
        return subprocess.run(run_as + cmd, capture_output=True, text=True, timeout=timeout)

    try:
        r = run([initdb, "-D", data, "-A", "trust", "-U", "veille", "-E", "UTF8", "--no-sync"])
        if r.returncode != 0:
            pytest.skip(f"initdb failed: {r.stderr.strip()[:200]}")
        r = run([pg_ctl, "-D", data, "-l", os.path.join(base, "log"), "-w", "-t", "30",
                 "-o", f"-h 127.0.0.1 -p {port} -k {base} -F", "start"])
        if r.returncode != 0:
            pytest.skip(f"PostgreSQL did not start: {r.stderr.strip()[:200]}")
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started ({exc})")
    try:
        import psycopg

        with psycopg.connect(f"postgresql://veille@127.0.0.1:{port}/postgres", autocommit=True, connect_timeout=10) as c:
            c.execute("CREATE DATABASE veille_test")
        yield f"postgresql://veille@127.0.0.1:{port}/veille_test"
    finally:
        try:
            run([pg_ctl, "-D", data, "-m", "immediate", "-w", "-t", "30", "stop"])
        finally:
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture()
def pg(pg_url):
    st = open_store(pg_url)
    for t in ("event_sources", "events", "quotes", "places", "mentions", "entities", "articles", "ingest_errors"):
        st.execute(f"DELETE FROM {t}")
    yield st
    st.close()


def test_postgres_store_matches_sqlite(pg, pg_url):
    assert pg.dialect == "postgres" and pg.schema_version() == migrations.latest("postgres")
    for r in corpus():
        assert pg.add_report(r).created
    assert not pg.add_report(gao_fr()).created
    c = pg.counts()
    assert c["articles"] == 6 and c["events"] == 5 and c["event_sources"] == 6
    assert _ids(pg, start=date(2021, 3, 8), end=date(2021, 3, 8)) == {"Gao"}
    assert _ids(pg, bbox=(40.0, 30.0, 50.0, 36.0)) == {"Bagdad"}
    assert _ids(pg, country="mali", event_type="protests") == {"Kidal"}
    assert _ids(pg, actor="support of islam") == {"Gao"}
    assert _ids(pg, q="manifestants") == {"Kidal"}
    total, rows = pg.find_events(EventFilter(start=date(2021, 3, 8), end=date(2021, 3, 8)))
    ev = pg.get_event(rows[0]["id"])
    assert ev["source_count"] == 2 and ev["sources"][1]["merge_decision"]["merged"] is True
    assert pg.quotes(speaker="dembele")[0] == 1 and pg.entities(name="gao")[0] >= 1
    assert len(list(pg.iter_reports(EventFilter(country="ML")))) == 5
    pg.log_error("x", "bad")
    pg.log_error("x", "bad")
    assert pg.errors()[0]["count"] == 2
    assert open_store(pg_url).migrate() == []


def test_postgres_via_env_and_api(pg, pg_url, monkeypatch):
    from fastapi.testclient import TestClient

    from veille.api import create_app

    for r in corpus():
        pg.add_report(r)
    monkeypatch.setenv("VEILLE_DB", pg_url)
    client = TestClient(create_app())
    page = client.get("/events", params={"country": "ML", "q": "embuscade"}).json()
    assert page["total"] == 2
    assert client.get("/export.geojson").json()["features"]
    assert client.get("/timeline").json()["days"]


def test_postgres_search_folds_accents(pg):
    for r in corpus():
        pg.add_report(r)
    assert _ids(pg, q="menaka") == _ids(pg, q="Ménaka") == _ids(pg, q="MÉNAKA") == {"Ménaka"}
    assert _ids(pg, q="armee malienne") == _ids(pg, q="armée malienne")


def _race(pg, pg_url, payloads, write) -> list[BaseException]:
    """Empty the store, then let two connections ``write(store, payload)`` at the same moment;
    the errors they raised."""
    import threading

    for t in ("event_sources", "events", "quotes", "places", "mentions", "entities", "articles"):
        pg.execute(f"DELETE FROM {t}")
    writers = [open_store(pg_url), open_store(pg_url)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(st, payload):
        try:
            start.wait(timeout=30)
            write(st, payload)
        except BaseException as exc:  # reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(st, p)) for st, p in zip(writers, payloads, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for st in writers:
        st.close()
    return errors


def test_postgres_two_concurrent_writers_make_one_event_per_cluster(pg, pg_url):
    """Two reports of one event written at the same moment by two connections: one merged event."""
    for attempt in range(3):
        assert not _race(pg, pg_url, (gao_fr(), gao_en()), lambda st, report: st.add_report(report))
        assert pg.counts()["events"] == 1, f"attempt {attempt}: the same event was created twice"
        assert pg.scalar("SELECT source_count FROM events") == 2


def test_postgres_concurrent_batches_overlapping_articles(pg, pg_url):
    """Many writers storing batches (the Ray engine's driver writes one transaction per partition):
    two batches holding the same articles in opposite orders neither deadlock nor double anything."""
    a, b = gao_fr(), gao_en()
    for attempt in range(3):
        errors = _race(pg, pg_url, ([a, b], [b, a]), lambda st, batch: st.add_reports(batch))
        assert not errors, f"attempt {attempt}: {errors}"
        assert pg.counts()["articles"] == 2
        assert pg.counts()["events"] == 1 and pg.scalar("SELECT source_count FROM events") == 2
