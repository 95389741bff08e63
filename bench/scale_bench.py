"""Scaling: the local engine and Ray local, 1 and 2 workers, on N real news texts.

    python bench/scale_bench.py [--n 1000 | --n 10000] [--workers 1,2] [--engines local,ray]

The corpus is made from the texts under ``../shared/data`` (WikiEvents dev news, French TimeBank
dev, PolNeAR dev; see its README) repeated under new ids until there are N records. Each copy gets
its own whitespace (line breaks, doubled spaces, indentation) and a reference line (``Ref. 00042``)
at the end: the text hash collapses whitespace runs by design, so whitespace alone would make the
copies "already stored".

Each run (engine x workers) is a child process ingesting the corpus into a fresh SQLite store,
so that model loading and memory are measured per run. It prints, per run:

- end-to-end articles/s (including Ray's start and each worker's model loading),
- steady articles/s (from the first article stored to the last) and per worker (per core),
- peak RSS of each worker process (VmHWM of the pool's processes, of Ray's ``ray::Extractor`` actors,
  or of the process itself when the local engine runs with 1 worker),
- articles per CPU-second of the workers (model loading included): what a dedicated core gives,
  whatever else the machine runs,
- the store's write rate (articles stored per second spent writing),

then the 1 -> 2 worker scaling factor of each engine (steady rates) and Ray's throughput relative
to the local engine's. Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


# ---------------------------------------------------------------------- corpus
def base_texts() -> list[tuple[str, str]]:
    """(text, published) of real news texts from ../shared/data."""
    out: list[tuple[str, str]] = []
    wiki = SHARED / "wikievents-dev" / "dev.jsonl"
    if wiki.exists():
        for line in wiki.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if doc.get("text"):
                out.append((doc["text"], "2018-06-01"))
    for tml in sorted((SHARED / "fr-timebank-dev" / "Data").glob("*.tml")):
        raw = tml.read_text(encoding="utf-8")
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        dct = re.search(r'CREATION_TIME"[^>]*value="([\d-]+)"', raw) or re.search(r'value="(\d{4}-\d\d-\d\d)"', raw)
        if body:
            out.append((re.sub(r"<[^>]+>", "", body.group(1)).strip(), dct.group(1) if dct else "1999-05-20"))
    for txt in sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt")):
        day = re.search(r"(\d{4}-\d\d-\d\d)", txt.name)
        out.append((txt.read_text(encoding="utf-8"), day.group(1) if day else "2016-10-01"))
    if not out:
        sys.exit(f"no texts under {SHARED}: the bench reads ../shared/data")
    return out


def vary(text: str, i: int) -> str:
    """The same text with its own whitespace and a reference line, so that its hash is its own."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    sep = ["\n\n", "\n", "\n\n\n", "\n \n"][i % 4]
    indent = " " * (i % 3)
    body = sep.join(indent + (p.replace(". ", ".  ") if i % 5 == 1 else p) for p in paras)
    return f"{body}{sep}Ref. {i:05d}"


def make_corpus(n: int, path: Path) -> None:
    texts = base_texts()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text, published = texts[i % len(texts)]
            fh.write(json.dumps({"id": f"scale-{i}", "text": vary(text, i), "published": published}, ensure_ascii=False) + "\n")


def make_warc(corpus: Path, path: Path, limit: int) -> int:
    """The first ``limit`` records of the corpus as HTML pages in a WARC file (the driver's read rate)."""
    import html
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    with path.open("wb") as fh, corpus.open(encoding="utf-8") as src:
        w = WARCWriter(fh, gzip=True)
        for line in src:
            if n >= limit:
                break
            rec = json.loads(line)
            paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
            body = f"<html><head><title>{rec['id']}</title></head><body><nav>Home | World</nav><article>{paras}</article></body></html>"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://example.org/{rec['id']}", "response", payload=io.BytesIO(body.encode()),
                                                http_headers=http, warc_headers_dict={"WARC-Date": f"{rec['published']}T08:00:00Z"}))
            n += 1
    return n


def read_rates(corpus: Path, tmp: Path) -> dict:
    """What one driver core reads: articles/s from JSONL and from WARC (HTML to text), with hashing."""
    from veille.ingest.readers import read_path

    out = {}
    warc = tmp / "corpus.warc.gz"
    n_warc = make_warc(corpus, warc, 300)
    for name, path in (("jsonl", corpus), ("warc", warc)):
        t0 = time.monotonic()
        n = sum(1 for a in read_path(path) if getattr(a, "hash", None))
        out[name] = n / (time.monotonic() - t0)
    out["warc_records"] = n_warc
    return out


def pg_write_rates(source_db: Path, url: str, batch: int = 4) -> dict:
    """Articles/s written to PostgreSQL at ``url`` (emptied first!) by 1 and by 2 concurrent writers,
    one transaction per batch of ``batch`` reports (as the Ray engine's driver writes), with the
    reports of ``source_db``."""
    from veille.schema import Report
    from veille.store import open_store

    with open_store(str(source_db)) as src:
        reports = [Report.model_validate_json(r["report"]) for r in src.all("SELECT report FROM articles ORDER BY id")]
    out = {}
    for writers in (1, 2):
        with open_store(url) as pg:
            for t in ("event_sources", "events", "quotes", "places", "mentions", "entities", "articles"):
                pg.execute(f"DELETE FROM {t}")
        stores = [open_store(url) for _ in range(writers)]
        shares = [reports[i::writers] for i in range(writers)]

        def write(st, share):
            for i in range(0, len(share), batch):
                st.add_reports(share[i:i + batch])

        threads = [threading.Thread(target=write, args=(st, share)) for st, share in zip(stores, shares, strict=True)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        out[writers] = len(reports) / (time.monotonic() - t0)
        for st in stores:
            st.close()
    return out


# ---------------------------------------------------------------------- one run (child process)
def run_one(engine: str, workers: int, corpus: str, db: str) -> None:
    from veille.ingest.engines import Run
    from veille.store import open_store

    stamps: list[float] = []

    def progress(s) -> None:
        if s.done > (len(stamps)):
            stamps.append(time.monotonic())

    t0 = time.monotonic()
    with open_store(db) as st:
        stats = Run(workers=workers, engine=engine).ingest([corpus], st, on_progress=progress)
    elapsed = time.monotonic() - t0
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 and stamps[-1] > stamps[0] else 0.0
    print(json.dumps({"added": stats.added, "errors": stats.errors, "skipped": stats.skipped, "events": stats.events, "seconds": elapsed,
                      "first_article_s": (stamps[0] - t0) if stamps else None, "steady_rate": steady,
                      "write_seconds": stats.write_seconds}))


# ---------------------------------------------------------------------- parent: RSS sampling
def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(p.name))
    return kids


def _descendants(pid: int) -> list[int]:
    kids, out, todo = _children(), [], [pid]
    while todo:
        cur = todo.pop()
        for k in kids.get(cur, []):
            out.append(k)
            todo.append(k)
    return out


TICK = os.sysconf("SC_CLK_TCK")


def _hwm_kb(pid: int) -> tuple[str, int, float]:
    """Command line, peak RSS (KiB) and CPU seconds used so far of a process."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return cmd, int(line.split()[1]), cpu
    except (OSError, IndexError, ValueError):
        pass
    return "", 0, 0.0


class PeakRSS(threading.Thread):
    """Samples the peak RSS (VmHWM) of a child's worker processes every half second."""

    def __init__(self, pid: int, engine: str, workers: int):
        super().__init__(daemon=True)
        self.pid, self.engine, self.workers = pid, engine, workers
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.driver_cpu = 0.0  # the ingesting process itself, when it is not a worker
        self.stop = threading.Event()

    def is_worker(self, pid: int, cmd: str) -> bool:
        if self.engine == "ray":
            return "ray::Extractor" in cmd
        if self.workers <= 1:
            return pid == self.pid
        return "multiprocessing" in cmd and "spawn" in cmd

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in [self.pid, *_descendants(self.pid)]:
                cmd, kb, cpu = _hwm_kb(pid)
                if kb and self.is_worker(pid, cmd):
                    self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)
                elif pid == self.pid:
                    self.driver_cpu = max(self.driver_cpu, cpu)
            self.stop.wait(0.5)


def measure(engine: str, workers: int, corpus: Path, tmp: Path) -> dict:
    db = tmp / f"{engine}-{workers}.db"
    cmd = [sys.executable, __file__, "--one", engine, str(workers), str(corpus), str(db)]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = PeakRSS(proc.pid, engine, workers)
    sampler.start()
    out, err = proc.communicate()
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"{engine} x{workers} failed ({proc.returncode}):\n{err[-3000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    res.update(engine=engine, workers=workers, peak_rss_mb=sorted(round(v / 1024) for v in sampler.peaks.values()),
               worker_cpu_s=round(sum(sampler.cpu.values()), 1), driver_cpu_s=round(sampler.driver_cpu, 1))
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles (1000 or 10000 for the reference figures)")
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    ap.add_argument("--engines", default="local,ray", help="engines, comma-separated")
    ap.add_argument("--json", action="store_true", help="print the runs as JSON too")
    ap.add_argument("--read-only", action="store_true", help="only the driver's read rates (JSONL, WARC)")
    ap.add_argument("--pg-url", help="also time writes of the reports to this PostgreSQL database (emptied!) by 1 and 2 writers")
    ap.add_argument("--one", nargs=4, metavar=("ENGINE", "WORKERS", "CORPUS", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        run_one(args.one[0], int(args.one[1]), args.one[2], args.one[3])
        return 0
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    runs = []
    with tempfile.TemporaryDirectory(prefix="veille-scale-") as tmpdir:
        tmp = Path(tmpdir)
        corpus = tmp / "corpus.jsonl"
        make_corpus(args.n, corpus)
        print(f"N={args.n} articles ({corpus.stat().st_size / 1e6:.1f} MB), {os.cpu_count()} cores,"
              f" load average {os.getloadavg()[0]:.1f} at the start", flush=True)
        rates = read_rates(corpus, tmp)
        print(f"driver read rate (one core, with hashing): JSONL {rates['jsonl']:.0f} articles/s,"
              f" WARC of HTML pages {rates['warc']:.0f} articles/s", flush=True)
        if args.read_only:
            return 0
        print(f"{'engine':<6} {'w':>2} {'added':>6} {'errors':>6} {'events':>6} {'total s':>8} {'1st art s':>9} {'e2e a/s':>8}"
              f" {'steady a/s':>10} {'a/s/core':>8} {'a/CPU-s':>7} {'drv CPU s':>9} {'write a/s':>9}  peak RSS per worker (MB)", flush=True)
        for engine in engines:
            for w in counts:
                r = measure(engine, w, corpus, tmp)
                runs.append(r)
                write_rate = r["added"] / r["write_seconds"] if r["write_seconds"] else 0.0
                r["write_rate"] = write_rate
                print(f"{engine:<6} {w:>2} {r['added']:>6} {r['errors']:>6} {r['events']:>6} {r['seconds']:>8.1f} {r['first_article_s'] or 0:>9.1f}"
                      f" {r['added'] / r['seconds']:>8.2f} {r['steady_rate']:>10.2f} {r['steady_rate'] / w:>8.2f}"
                      f" {r['added'] / r['worker_cpu_s'] if r['worker_cpu_s'] else 0:>7.2f} {r['driver_cpu_s']:>9.1f}"
                      f" {write_rate:>9.0f}  {r['peak_rss_mb']}", flush=True)
        if args.pg_url and runs:
            rates = pg_write_rates(tmp / f"{runs[0]['engine']}-{runs[0]['workers']}.db", args.pg_url)
            print(f"PostgreSQL write rate (batches of 4 reports): 1 writer {rates[1]:.0f} articles/s,"
                  f" 2 concurrent writers {rates[2]:.0f} articles/s in all", flush=True)
    by = {(r["engine"], r["workers"]): r for r in runs}
    for engine in engines:
        one, two = by.get((engine, 1)), by.get((engine, 2))
        if one and two and one["steady_rate"]:
            print(f"{engine}: 1 -> 2 workers scaling x{two['steady_rate'] / one['steady_rate']:.2f} (steady),"
                  f" x{(two['added'] / two['seconds']) / (one['added'] / one['seconds']):.2f} (end to end)")
    for w in counts:
        loc, ray = by.get(("local", w)), by.get(("ray", w))
        if loc and ray and loc["steady_rate"]:
            print(f"{w} workers: Ray / local throughput {ray['steady_rate'] / loc['steady_rate']:.2f} (steady),"
                  f" {(ray['added'] / ray['seconds']) / (loc['added'] / loc['seconds']):.2f} (end to end)")
    if args.json:
        print(json.dumps(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
