"""The store: articles, their extracted layers and merged events in SQLite or PostgreSQL.

Every article is written in one transaction with all its rows (entities, mentions, places,
quotes, event sources, the merged events they join), keyed by ``Report.text_hash``: a crash
leaves either the whole article or nothing, and ingesting it again adds nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Optional

from veille import cluster
from veille.schema import Report
from veille.store import migrations
from veille.store.filters import EventFilter, name_pattern, where_clause
from veille.text import word_key

DEFAULT_DB = "veille.db"
EVENT_COLUMNS = (
    "event_type", "sub_event_type", "date_start", "date_end", "date_precision", "time_precision", "location",
    "geonameid", "country_code", "country", "admin1", "latitude", "longitude", "geo_precision", "actor1", "actor2",
    "actor1_type", "actor2_type", "fatalities", "injuries", "summary", "first_published",
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def resolve_url(url: Optional[str] = None) -> str:
    """The database URL: the argument, else ``VEILLE_DB``, else ``veille.db`` in the working folder."""
    return url or os.environ.get("VEILLE_DB") or DEFAULT_DB


@dataclass
class AddResult:
    article_id: int
    created: bool
    event_ids: list[int] = field(default_factory=list)


class Store:
    """One connection to a Veille database (use one Store per thread or process)."""

    dialect = "sqlite"

    def __init__(self, conn, url: str):
        self.conn = conn
        self.url = url
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ plumbing
    def sql(self, text: str) -> str:
        return text

    def execute(self, text: str, params: Iterable = ()):
        return self.conn.execute(self.sql(text), tuple(params))

    def execute_many(self, text: str, rows: Iterable[Iterable]) -> None:
        """One statement for many rows (PostgreSQL sends them in one pipeline, not one round trip each)."""
        rows = [tuple(r) for r in rows]
        if rows:
            self.conn.cursor().executemany(self.sql(text), rows)

    def all(self, text: str, params: Iterable = ()) -> list[dict]:
        return [dict(r) for r in self.execute(text, params).fetchall()]

    def one(self, text: str, params: Iterable = ()) -> Optional[dict]:
        row = self.execute(text, params).fetchone()
        return dict(row) if row is not None else None

    def scalar(self, text: str, params: Iterable = ()):
        row = self.execute(text, params).fetchone()
        return None if row is None else list(dict(row).values())[0]

    @contextmanager
    def transaction(self):  # pragma: no cover - per dialect
        raise NotImplementedError
        yield

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ migrations
    def schema_version(self) -> int:
        return int(self.scalar("SELECT coalesce(max(version), 0) AS v FROM schema_migrations") or 0)

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction; the versions applied."""
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT)"
        )
        applied = []
        current = self.schema_version()
        for version, description, stmts in migrations.MIGRATIONS[self.dialect]:
            if version <= current:
                continue
            with self.transaction():
                if self.scalar("SELECT count(*) AS n FROM schema_migrations WHERE version = ?", (version,)):
                    continue  # another process applied it meanwhile
                for stmt in migrations.statements(self.dialect, stmts):
                    self.execute(stmt)
                step = migrations.PYTHON_STEPS.get(version)
                if step:
                    getattr(self, step)()
                self.execute(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                    (version, description, _now()),
                )
            applied.append(version)
        return applied

    # ------------------------------------------------------------------ writes
    def has_article(self, text_hash: str) -> bool:
        return self.scalar("SELECT count(*) AS n FROM articles WHERE text_hash = ?", (text_hash,)) > 0

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        hashes = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r["text_hash"] for r in self.all(f"SELECT text_hash FROM articles WHERE text_hash IN ({marks})", chunk))
        return found

    def log_error(self, record: Optional[str], reason: str) -> None:
        """Record a bad input once per (record, reason); a repeat bumps its count."""
        now = _now()
        with self.transaction():
            self.execute(
                "INSERT INTO ingest_errors (record, reason, count, first_seen, last_seen) VALUES (?, ?, 1, ?, ?) "
                "ON CONFLICT (record, reason) DO UPDATE SET count = ingest_errors.count + 1, last_seen = excluded.last_seen",
                (record or "<unnamed>", reason, now, now),
            )

    def add_report(self, report: Report) -> AddResult:
        """Store one report with all its rows and merge its events, in one transaction."""
        with self.transaction():
            # The write lock comes first, before the article's row: a writer holding the row of an
            # article another writer is also inserting, while waiting for the lock that writer
            # holds, would deadlock (two batches holding the same articles in opposite orders).
            self._serialise_merges()
            row = self.one(
                "INSERT INTO articles (text_hash, record_id, title, url, source, published, language, text, report,"
                " veille_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (text_hash) DO NOTHING RETURNING id",
                (
                    report.text_hash, report.id, report.title, report.url, report.source,
                    report.published.isoformat() if report.published else None, report.language, report.text,
                    report.model_dump_json(), report.veille_version, _now(),
                ),
            )
            if row is None:
                existing = self.scalar("SELECT id FROM articles WHERE text_hash = ?", (report.text_hash,))
                return AddResult(int(existing), False)
            article_id = int(row["id"])
            self._insert_layers(article_id, report)
            event_ids = [self._merge_event(article_id, report, ev) for ev in report.events]
            return AddResult(article_id, True, event_ids)

    def add_reports(self, reports: Iterable[Report]) -> list[AddResult]:
        """Store several reports in one transaction, in order (one commit for a batch of articles:
        the Ray engine's driver writes this way). Each is idempotent by text hash like
        :meth:`add_report`; on any failure none of the batch is kept."""
        with self.transaction():
            self._serialise_merges()
            return [self.add_report(r) for r in reports]

    def _serialise_merges(self) -> None:
        """Hold, until the transaction ends, the right to write articles and merge events (one writer
        at a time), so that two writers cannot both find no candidate and create the same event
        twice, nor deadlock on each other's articles. SQLite's ``BEGIN IMMEDIATE`` already
        serialises writers."""

    def _insert_layers(self, article_id: int, r: Report) -> None:
        ids: dict[str, int] = {}  # entity local id -> row id
        for i in range(0, len(r.entities), 100):  # one statement per 100 entities (a round trip each on PostgreSQL)
            part = r.entities[i : i + 100]
            rows = self.all(
                "INSERT INTO entities (article_id, local_id, type, name, name_key, country, actor_type, confidence) VALUES "
                + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(part)) + " RETURNING id, local_id",
                [v for ent in part for v in (article_id, ent.id, ent.type, ent.name, word_key(ent.name), ent.country,
                                             ent.actor_type, ent.confidence)],
            )
            ids.update((row["local_id"], int(row["id"])) for row in rows)
        mentions = [(ids[ent.id], m.start, m.end, m.text, m.kind) for ent in r.entities for m in ent.mentions]
        self.execute_many("INSERT INTO mentions (entity_id, start_char, end_char, text, kind) VALUES (?, ?, ?, ?, ?)", mentions)
        self.execute_many(
            "INSERT INTO places (article_id, local_id, text, geonameid, name, feature, country_code, country, admin1,"
            " latitude, longitude, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, p.id, p.text, p.geonameid, p.name, p.feature, p.country_code, p.country, p.admin1,
              p.latitude, p.longitude, p.precision) for p in r.places],
        )
        self.execute_many(
            "INSERT INTO quotes (article_id, local_id, text, direct, speaker, speaker_key, speaker_entity_id, verb,"
            " start_char, end_char, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, q.id, q.text, int(q.direct), q.speaker, word_key(q.speaker) if q.speaker else None,
              q.speaker_entity_id, q.verb, q.start, q.end, q.confidence) for q in r.quotes],
        )

    def _candidates(self, f: dict) -> list[dict]:
        window = cluster.candidate_window(f)
        if window is None:
            return []
        lo, hi = window
        conds = ["event_type = ?", "((date_start IS NOT NULL AND date_start <= ? AND date_end >= ?)"
                 " OR (date_start IS NULL AND first_published BETWEEN ? AND ?))"]
        params: list = [f["event_type"], hi, lo, lo, hi]
        if f.get("latitude") is not None:
            conds.append("(latitude IS NULL OR country_code = ? OR (latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?))")
            params += [f.get("country_code") or "", f["latitude"] - 2, f["latitude"] + 2, f["longitude"] - 2, f["longitude"] + 2]
        elif f.get("country_code"):
            conds.append("(country_code IS NULL OR country_code = ?)")
            params.append(f["country_code"])
        return self.all(f"SELECT id FROM events WHERE {' AND '.join(conds)} ORDER BY id LIMIT 200", params)

    def _merge_event(self, article_id: int, report: Report, ev) -> int:
        feats = cluster.event_features(report, ev)
        best: Optional[tuple[int, cluster.Decision]] = None
        considered: list[dict] = []
        for cand in self._candidates(feats):
            srcs = self.all("SELECT article_id, features FROM event_sources WHERE event_id = ?", (cand["id"],))
            if any(s["article_id"] == article_id for s in srcs):
                continue
            d = cluster.decide(feats, [json.loads(s["features"]) for s in srcs])
            considered.append({"event_id": cand["id"], **d.as_dict()})
            if d.merge and (best is None or d.score > best[1].score):
                best = (cand["id"], d)
        now = _now()
        if best is not None:
            event_id, d = best
            decision = {**d.as_dict(), "event_id": event_id, "candidates": considered[:10]}
        else:
            event_id = int(self.scalar(
                "INSERT INTO events (event_type, source_count, created_at, updated_at) VALUES (?, 0, ?, ?) RETURNING id",
                (feats["event_type"], now, now),
            ))
            decision = {"merged": False, "reason": "new event" if not considered else "no stored event close enough",
                        "event_id": event_id, "candidates": considered[:10]}
        self.execute(
            "INSERT INTO event_sources (event_id, article_id, local_id, event_type, sub_event_type, date_start, date_end,"
            " latitude, longitude, location, country_code, actor1, actor2, fatalities, background, confidence, features,"
            " decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, article_id, ev.id, feats["event_type"], feats["sub_event_type"], feats["date_start"],
             feats["date_end"], feats["latitude"], feats["longitude"], feats["location"], feats["country_code"],
             feats["actor1"], feats["actor2"], feats["fatalities"], int(bool(ev.background)), ev.confidence,
             json.dumps(feats, ensure_ascii=False), json.dumps(decision, ensure_ascii=False)),
        )
        self._refresh_event(event_id, now)
        return event_id

    def _refresh_event(self, event_id: int, now: str) -> None:
        rows = self.all(
            "SELECT s.features, a.title FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE s.event_id = ?",
            (event_id,),
        )
        sources = [json.loads(r["features"]) for r in rows]
        agg = cluster.aggregate(sources)
        n_articles = self.scalar("SELECT count(DISTINCT article_id) AS n FROM event_sources WHERE event_id = ?", (event_id,))
        text = cluster.search_text(agg, sources, [r["title"] for r in rows])
        sets = ", ".join(f"{c} = ?" for c in EVENT_COLUMNS)
        self.execute(
            f"UPDATE events SET {sets}, source_count = ?, search_text = ?, actors_key = ?, updated_at = ? WHERE id = ?",
            [agg[c] for c in EVENT_COLUMNS] + [n_articles, text, self._actors_key(event_id), now, event_id],
        )
        self._index_event(event_id, text)

    def backfill_actors_key(self) -> None:
        """Migration 3: fill ``events.actors_key`` from the stored sources."""
        for row in self.all("SELECT id FROM events"):
            self.execute("UPDATE events SET actors_key = ? WHERE id = ?", (self._actors_key(row["id"]), row["id"]))

    def _actors_key(self, event_id: int) -> str:
        names = []
        for r in self.all("SELECT actor1, actor2 FROM event_sources WHERE event_id = ?", (event_id,)):
            for a in (r["actor1"], r["actor2"]):
                if a and word_key(a) not in names:
                    names.append(word_key(a))
        return "|" + "|".join(names) + "|"

    def _index_event(self, event_id: int, text: str) -> None:
        """Keep the full-text index in step (PostgreSQL indexes ``search_text`` itself)."""

    # ------------------------------------------------------------------ reads
    def counts(self) -> dict[str, int]:
        tables = ("articles", "entities", "mentions", "places", "quotes", "events", "event_sources", "ingest_errors")
        return {t: int(self.scalar(f"SELECT count(*) AS n FROM {t}")) for t in tables}

    def find_events(self, f: EventFilter, limit: int = 100, offset: int = 0, order: str = "date") -> tuple[int, list[dict]]:
        where, params = where_clause(f, self.dialect)
        total = int(self.scalar(f"SELECT count(*) AS n FROM events e WHERE {where}", params))
        order_by = "e.date_start DESC NULLS LAST, e.id DESC" if order == "date" else "e.source_count DESC, e.id DESC"
        cols = ", ".join(f"e.{c}" for c in ("id",) + EVENT_COLUMNS + ("source_count", "updated_at"))
        cols += ", (SELECT min(bs.background) FROM event_sources bs WHERE bs.event_id = e.id) AS background"
        rows = self.all(
            f"SELECT {cols} FROM events e WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
            params + [int(limit), int(offset)],
        )
        for r in rows:  # background: every source tells the event as context only
            r["background"] = bool(r["background"])
        return total, rows

    def iter_events(self, f: EventFilter, batch: int = 1000) -> Iterator[dict]:
        offset = 0
        while True:
            _, rows = self.find_events(f, limit=batch, offset=offset)
            yield from rows
            if len(rows) < batch:
                return
            offset += batch

    def timeline(self, f: EventFilter) -> list[dict]:
        """Events per start day for the events matching ``f``."""
        where, params = where_clause(f, self.dialect)
        return self.all(
            f"SELECT e.date_start AS day, count(*) AS events FROM events e WHERE {where} AND e.date_start IS NOT NULL"
            " GROUP BY e.date_start ORDER BY e.date_start",
            params,
        )

    def facets(self) -> dict[str, list]:
        return {
            "event_types": [r["event_type"] for r in self.all("SELECT DISTINCT event_type FROM events ORDER BY event_type")],
            "countries": self.all(
                "SELECT country_code, max(country) AS country, count(*) AS events FROM events WHERE country_code IS NOT NULL"
                " GROUP BY country_code ORDER BY country_code"
            ),
        }

    def get_event(self, event_id: int) -> Optional[dict]:
        cols = ", ".join(("id",) + EVENT_COLUMNS + ("source_count", "created_at", "updated_at"))
        ev = self.one(f"SELECT {cols} FROM events WHERE id = ?", (event_id,))
        if ev is None:
            return None
        rows = self.all(
            "SELECT s.id, s.article_id, s.local_id, s.background, s.confidence, s.features, s.decision, a.title, a.url,"
            " a.source, a.published, a.language, a.report FROM event_sources s JOIN articles a ON a.id = s.article_id"
            " WHERE s.event_id = ? ORDER BY s.id",
            (event_id,),
        )
        sources = []
        for r in rows:
            report = json.loads(r["report"])
            article_event = next((e for e in report.get("events", []) if e.get("id") == r["local_id"]), None)
            text = report.get("text", "")
            evidence = [
                {"start": s["start"], "end": s["end"], "text": text[s["start"] : s["end"]]}
                for s in (article_event or {}).get("evidence", [])
            ]
            sources.append({
                "source_id": r["id"], "article_id": r["article_id"], "event_local_id": r["local_id"],
                "title": r["title"], "url": r["url"], "source": r["source"], "published": r["published"],
                "language": r["language"], "background": bool(r["background"]), "confidence": r["confidence"],
                "merge_decision": json.loads(r["decision"]), "features": json.loads(r["features"]),
                "event": article_event, "evidence": evidence,
            })
        ev["sources"] = sources
        return ev

    def source_names(self, event_ids: list[int]) -> dict[int, list[str]]:
        """The outlets or agencies of the articles behind each event: the article's ``source``
        metadata, else the agency its dateline names ("BAMAKO, 7 mars (AFP) -"); never a title
        or a file path (an article with neither adds no name)."""
        from veille.ingest.dateline import SEARCH_CHARS, find_dateline

        out: dict[int, list[str]] = {i: [] for i in event_ids}
        for i in range(0, len(event_ids), 500):
            chunk = event_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.all(
                f"SELECT s.event_id, a.source, substr(a.text, 1, {SEARCH_CHARS}) AS head, a.language"
                f" FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE s.event_id IN ({marks})"
                " ORDER BY s.id",
                chunk,
            ):
                name = r["source"]
                if not name and r["head"]:
                    line = find_dateline(r["head"], r["language"] or "fr")
                    name = line.agency.strip() if line and line.agency else None
                if name and name not in out[r["event_id"]]:
                    out[r["event_id"]].append(name)
        return out

    def get_article(self, article_id: int) -> Optional[dict]:
        row = self.one(
            "SELECT id, text_hash, record_id, title, url, source, published, language, ingested_at, report FROM articles"
            " WHERE id = ?",
            (article_id,),
        )
        if row is None:
            return None
        row["report"] = json.loads(row["report"])
        row["events"] = self.all(
            "SELECT local_id, event_id FROM event_sources WHERE article_id = ? ORDER BY id", (article_id,)
        )
        return row

    def iter_reports(self, f: EventFilter, batch: int = 200) -> Iterator[str]:
        """Report JSON of the articles behind the events matching ``f`` (every article when no filter)."""
        params: list
        if f.is_empty():
            sel, params = "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", []
        else:
            where, params = where_clause(f, self.dialect)
            sel = (f"SELECT DISTINCT s.article_id AS id FROM event_sources s JOIN events e ON e.id = s.event_id"
                   f" WHERE {where} AND s.article_id > ? ORDER BY s.article_id LIMIT ?")
        last = 0
        while True:
            ids = [r["id"] for r in self.all(sel, list(params) + [last, batch])]
            if not ids:
                return
            marks = ",".join("?" * len(ids))
            for r in self.all(f"SELECT report FROM articles WHERE id IN ({marks}) ORDER BY id", ids):
                yield r["report"]
            last = ids[-1]

    def entities(self, name: Optional[str] = None, type: Optional[str] = None, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
        conds, params = ["1 = 1"], []
        if name:
            conds.append("name_key LIKE ?")
            params.append(name_pattern(name))
        if type:
            conds.append("type = ?")
            params.append(type.upper())
        where = " AND ".join(conds)
        total = int(self.scalar(f"SELECT count(*) AS n FROM (SELECT name_key, type FROM entities WHERE {where} GROUP BY name_key, type) t", params))
        rows = self.all(
            f"SELECT min(name) AS name, type, name_key, count(DISTINCT article_id) AS articles, max(country) AS country,"
            f" max(actor_type) AS actor_type FROM entities WHERE {where} GROUP BY name_key, type"
            f" ORDER BY count(DISTINCT article_id) DESC, name_key LIMIT ? OFFSET ?",
            params + [int(limit), int(offset)],
        )
        return total, rows

    def quotes(self, speaker: Optional[str] = None, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
        conds, params = ["1 = 1"], []
        if speaker:
            conds.append("q.speaker_key LIKE ?")
            params.append(name_pattern(speaker))
        where = " AND ".join(conds)
        total = int(self.scalar(f"SELECT count(*) AS n FROM quotes q WHERE {where}", params))
        rows = self.all(
            f"SELECT q.id, q.article_id, q.local_id, q.text, q.direct, q.speaker, q.verb, q.start_char, q.end_char,"
            f" q.confidence, a.title, a.published, a.source FROM quotes q JOIN articles a ON a.id = q.article_id"
            f" WHERE {where} ORDER BY a.published DESC NULLS LAST, q.id LIMIT ? OFFSET ?",
            params + [int(limit), int(offset)],
        )
        for r in rows:
            r["direct"] = bool(r["direct"])
        return total, rows

    def errors(self, limit: int = 100) -> list[dict]:
        return self.all("SELECT record, reason, count, first_seen, last_seen FROM ingest_errors ORDER BY id DESC LIMIT ?", (limit,))


# ---------------------------------------------------------------------- SQLite
def _dict_row(cursor, row):
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


class SQLiteStore(Store):
    dialect = "sqlite"

    @classmethod
    def connect(cls, path: str) -> "SQLiteStore":
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.row_factory = _dict_row
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 30000")
        store = cls(conn, path)
        store.migrate()
        return store

    @contextmanager
    def transaction(self):
        with self._lock:
            if self.conn.in_transaction:  # nested: join the outer transaction
                yield
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _index_event(self, event_id: int, text: str) -> None:
        self.execute("DELETE FROM events_fts WHERE rowid = ?", (event_id,))
        self.execute("INSERT INTO events_fts (rowid, search_text) VALUES (?, ?)", (event_id, text))


# ---------------------------------------------------------------------- PostgreSQL
MIGRATION_LOCK = 7426  # advisory lock keys (transaction-scoped)
MERGE_LOCK = 7427
class PostgresStore(Store):
    dialect = "postgres"

    @classmethod
    def connect(cls, url: str) -> "PostgresStore":
        import psycopg
        from psycopg.rows import dict_row

        conn = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)
        store = cls(conn, url)
        store.migrate()
        return store

    def migrate(self) -> list[int]:
        with self.transaction():  # one migrator at a time; each migration a savepoint
            self.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            return super().migrate()

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def _serialise_merges(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (MERGE_LOCK,))

    @contextmanager
    def transaction(self):
        with self._lock:
            with self.conn.transaction():
                yield


def open_store(url: Optional[str] = None) -> Store:
    """A migrated store for ``url`` (``postgresql://...``, ``sqlite:///path``, or a file path)."""
    url = resolve_url(url)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresStore.connect(url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///") :]
    elif url.startswith("sqlite://"):
        url = url[len("sqlite://") :] or ":memory:"
    return SQLiteStore.connect(url)
