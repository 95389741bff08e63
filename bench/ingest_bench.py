"""Ingest throughput (1 and 2 worker processes) and /events query latency on a 10,000-article store.

    python bench/ingest_bench.py [--articles 80] [--store-size 10000] [--queries 40]

Part 1 ingests the same synthetic wire-style corpus (French and English) into a fresh SQLite store
with the real pipeline, once per worker count; the time includes loading the spaCy models in each
worker. Part 2 builds a store of ``--store-size`` synthetic reports inserted directly (events are
merged as in a real ingest) and times ``GET /events`` with each filter through the ASGI app.
Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from veille.ingest.article import text_hash
from veille.ingest.batch import ingest, iter_records
from veille.schema import Event, EventActor, EventDate, EventPlace, Report, Span, TimeExpression
from veille.store import open_store

CITIES = [  # name, lat, lon, country code, country
    ("Gao", 16.27, -0.04, "ML", "Mali"), ("Kidal", 18.44, 1.41, "ML", "Mali"), ("Mopti", 14.48, -4.18, "ML", "Mali"),
    ("Ménaka", 15.92, 2.40, "ML", "Mali"), ("Tombouctou", 16.77, -3.01, "ML", "Mali"),
    ("Djibo", 14.10, -1.63, "BF", "Burkina Faso"), ("Dori", 14.03, -0.03, "BF", "Burkina Faso"),
    ("Ouahigouya", 13.58, -2.42, "BF", "Burkina Faso"), ("Diffa", 13.32, 12.61, "NE", "Niger"),
    ("Tillabéri", 14.21, 1.45, "NE", "Niger"), ("Maiduguri", 11.85, 13.16, "NG", "Nigeria"),
    ("Bagdad", 33.34, 44.40, "IQ", "Iraq"), ("Erbil", 36.19, 44.01, "IQ", "Iraq"), ("Mossoul", 36.34, 43.13, "IQ", "Iraq"),
    ("Idleb", 35.93, 36.63, "SY", "Syria"), ("Alep", 36.20, 37.16, "SY", "Syria"), ("El Fasher", 13.63, 25.35, "SD", "Sudan"),
    ("Goma", -1.68, 29.23, "CD", "DR Congo"), ("Beni", 0.49, 29.47, "CD", "DR Congo"), ("Mogadiscio", 2.04, 45.34, "SO", "Somalia"),
]
TYPES = [
    ("Battles", "Armed clash", "affrontements"), ("Explosions/Remote violence", "Air/drone strike", "frappe de drone"),
    ("Violence against civilians", "Attack", "attaque contre des civils"), ("Protests", "Peaceful protest", "manifestation"),
    ("Riots", "Violent demonstration", "émeute"), ("Strategic developments", "Arrests", "arrestations"),
]
ACTORS = ["JNIM", "État islamique au Sahel", "Forces armées maliennes", "Armée burkinabè", "Boko Haram", "RSF",
          "Forces armées soudanaises", "M23", "Al-Shabaab", "Manifestants", "Police", "Milice locale"]


def wire_article(i: int, rng: random.Random) -> dict:
    city = rng.choice(CITIES)[0]
    n, m = rng.randint(2, 40), rng.randint(1, 20)
    if i % 2:
        text = (f"Au moins {n} personnes ont été tuées et {m} blessées lors d'une attaque contre un marché de {city}, "
                f"a annoncé le gouverneur de la région. Des hommes armés à moto ont ouvert le feu sur la foule avant de "
                f"prendre la fuite, selon des témoins joints par téléphone. « La situation est sous contrôle », a déclaré "
                f"un porte-parole de l'armée. L'attaque n'a pas été revendiquée dans l'immédiat (dépêche {i}).")
    else:
        text = (f"Gunmen killed at least {n} people and wounded {m} in an attack on a market in {city} on Sunday, "
                f"the regional governor said. Witnesses said the attackers arrived on motorbikes and fired on the crowd "
                f"before fleeing. \"The situation is under control,\" an army spokesman told reporters. No group "
                f"immediately claimed responsibility (dispatch {i}).")
    return {"id": f"bench-{i}", "text": text, "published": "2024-05-12"}


def synthetic_report(i: int, rng: random.Random, start: date) -> Report:
    name, lat, lon, cc, country = rng.choice(CITIES)
    etype, sub, word = rng.choice(TYPES)
    day = start + timedelta(days=rng.randint(0, 729))
    a1, a2 = rng.sample(ACTORS, 2)
    deaths = rng.choice([None, 0, rng.randint(1, 60)])
    text = (f"Des {word} ont opposé le {day.isoformat()} {a1} et {a2} à {name} ({country}), faisant "
            f"{deaths if deaths is not None else 'un nombre inconnu de'} morts, selon des sources locales. "
            f"Dépêche numéro {i} de l'agence de synthèse.")
    sent = Span(start=0, end=text.index(".") + 1)
    ps = text.index(name)
    ds = text.index(day.isoformat())
    t = TimeExpression(id="t1", text=day.isoformat(), start_date=day, end_date=day, precision="day",
                       value=day.isoformat(), evidence=[Span(start=ds, end=ds + 10)])
    ev = Event(
        id="v1", event_type=etype, sub_event_type=sub, trigger=word, evidence=[sent],
        trigger_span=Span(start=text.index(word), end=text.index(word) + len(word)),
        actor1=EventActor(name=a1, evidence=[Span(start=text.index(a1), end=text.index(a1) + len(a1))]),
        actor2=EventActor(name=a2, evidence=[Span(start=text.index(a2), end=text.index(a2) + len(a2))]),
        date=EventDate(time_id="t1", start_date=day, end_date=day, precision="day", text=day.isoformat(),
                       evidence=t.evidence),
        place=EventPlace(name=name, country_code=cc, country=country, latitude=lat + rng.uniform(-0.05, 0.05),
                         longitude=lon + rng.uniform(-0.05, 0.05), precision="exact",
                         evidence=[Span(start=ps, end=ps + len(name))]),
        fatalities=deaths, time_precision=1, geo_precision=1,
        summary=f"{etype} at {name}: {a1} vs {a2}.",
    )
    return Report(id=f"syn-{i}", language="fr", title=f"{word.capitalize()} à {name}", source=rng.choice(["AFP", "Reuters", "AP"]),
                  published=day + timedelta(days=1), text=text, text_hash=text_hash(text), times=[t], events=[ev])


def _cpu() -> float:
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bench_ingest(n: int, workers: int, corpus: Path, tmp: Path) -> tuple[float, float, float, dict]:
    """(articles/s overall, articles/s once every worker has loaded its models, CPU s/article, counts)."""
    from veille.ingest.batch import CHUNK

    warm = {"at": None, "done": 0}
    threshold = 2 * workers * CHUNK

    def progress(stats) -> None:
        if warm["at"] is None and stats.done >= threshold:
            warm["at"], warm["done"] = time.perf_counter(), stats.done

    with open_store(str(tmp / f"ingest_{workers}.db")) as st:
        c0, t0 = _cpu(), time.perf_counter()
        stats = ingest(iter_records([str(corpus)]), st, workers=workers, on_progress=progress)
        t1 = time.perf_counter()
        elapsed, cpu = t1 - t0, _cpu() - c0
    steady = (n - warm["done"]) / (t1 - warm["at"]) if warm["at"] and t1 > warm["at"] and n > warm["done"] else float("nan")
    return n / elapsed, steady, cpu / n, stats.as_dict()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=80, help="articles for the ingest throughput part")
    ap.add_argument("--store-size", type=int, default=10000, help="reports in the query-latency store")
    ap.add_argument("--queries", type=int, default=40, help="requests per filter")
    ap.add_argument("--skip-ingest", action="store_true", help="only the query-latency part")
    args = ap.parse_args()
    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp(prefix="veille-bench-"))

    corpus = tmp / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(args.articles):
            fh.write(json.dumps(wire_article(i, rng), ensure_ascii=False) + "\n")
    import os

    if args.skip_ingest:
        args.articles = 0
    print(f"# ingest throughput: {args.articles} wire articles (fr/en), real pipeline, SQLite, models loaded per worker")
    print(f"# {os.cpu_count()} cores, load average before: {os.getloadavg()[0]:.1f} (other processes skew wall-clock rates)")
    for workers in (1, 2) if args.articles else ():
        rate, steady, cpu, stats = bench_ingest(args.articles, workers, corpus, tmp)
        print(f"workers={workers}: {rate:.2f} articles/s overall (with model loading), {steady:.2f} articles/s after"
              f" warm-up, {cpu:.2f} CPU s/article  {stats}")
    sys.stdout.flush()

    db = str(tmp / "big.db")
    start = date(2023, 1, 1)
    t0 = time.perf_counter()
    with open_store(db) as st:
        for i in range(args.store_size):
            st.add_report(synthetic_report(i, rng, start))
        counts = st.counts()
    t_insert = time.perf_counter() - t0
    print(f"\n# store: {args.store_size} synthetic reports inserted directly (with event merging) in {t_insert:.1f}s "
          f"({args.store_size / t_insert:.0f} reports/s): {counts['events']} events, {counts['event_sources']} sources")

    from fastapi.testclient import TestClient

    from veille.api import create_app

    client = TestClient(create_app(db, token=""))
    filters = {
        "none": {},
        "date range (1 month)": {"start": "2023-06-01", "end": "2023-06-30"},
        "bbox (Sahel)": {"bbox": "-6,10,16,20"},
        "type": {"type": "Battles"},
        "country": {"country": "ML"},
        "actor": {"actor": "jnim"},
        "free text": {"q": "Gao"},
        "combined": {"start": "2023-01-01", "end": "2023-12-31", "country": "ML", "type": "Battles", "q": "JNIM"},
        "deep page": {"offset": 5000, "limit": 100},
    }
    print(f"\n# GET /events latency over {args.queries} requests per filter (limit 100, in-process ASGI)")
    print(f"{'filter':<22} {'total':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, params in filters.items():
        times = []
        total = None
        for _ in range(args.queries):
            t = time.perf_counter()
            r = client.get("/events", params={"limit": 100, **params})
            times.append((time.perf_counter() - t) * 1000)
            total = r.json()["total"]
        print(f"{name:<22} {total:>7} {pct(times, 0.5):>8.1f} {pct(times, 0.95):>8.1f}")


if __name__ == "__main__":
    main()
