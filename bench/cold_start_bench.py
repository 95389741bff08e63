"""Cold start: a one-article ``veille extract`` next to bare spaCy loading its model and parsing
the same text, each in a fresh process, timed from one run of this script.

    python bench/cold_start_bench.py [ARTICLE] [--repeat N]

(a) ``veille extract ARTICLE --format json`` (stdout to /dev/null), the command a user types;
(b) ``python -c 'import spacy; nlp = spacy.load("fr_core_news_md"); nlp(text)'``.

Both are wall times of the whole process (interpreter start to exit). One untimed run of each
comes first, so both find the files in the OS page cache and Veille finds its place indexes
(built once per install, here in bench/out/cache: ``--cache-dir``); then the two alternate ``--repeat`` times and the
medians are compared. The issue's target is a ratio of at most 1.5. CPU time (user + system) is
printed too: on a machine shared with other work it varies less than wall time.

With PYTHONDONTWRITEBYTECODE set, Python recompiles every module that has no bytecode on disk at
each start; ``make install`` compiles Veille's sources once (as a wheel install does).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ARTICLE = REPO.parent / "shared" / "examples" / "fr_baghdad_missile.txt"
if not DEFAULT_ARTICLE.exists():
    DEFAULT_ARTICLE = REPO / "samples" / "article_fr.txt"

BARE = """
import sys
import spacy
nlp = spacy.load(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    doc = nlp(f.read())
assert len(doc) > 0
"""


def commands(article: Path, model: str) -> dict[str, list[str]]:
    veille = Path(sys.executable).with_name("veille")
    veille_cmd = [str(veille)] if veille.exists() else [sys.executable, "-m", "veille.cli"]
    return {
        "veille": [*veille_cmd, "extract", str(article), "--format", "json"],
        "bare": [sys.executable, "-c", BARE, model, str(article)],
    }


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article", nargs="?", default=str(DEFAULT_ARTICLE), help="a French article (.txt)")
    ap.add_argument("--model", default="fr_core_news_md", help="the spaCy model bare spaCy loads")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each (after one untimed run)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--cache-dir", type=Path, default=REPO / "bench" / "out" / "cache",
                    help="VEILLE_CACHE_DIR for the Veille runs (built by the untimed run when empty)")
    args = ap.parse_args()
    cmds = commands(Path(args.article), args.model)
    # Veille's own cache folder: another Veille version sharing ~/.cache/veille (another checkout)
    # would rebuild its indexes under our feet
    env = {**os.environ, "VEILLE_CACHE_DIR": str(args.cache_dir)}
    for cmd in cmds.values():  # untimed: page cache, Veille's place index cache
        timed(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    cpu: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(args.repeat):
        for name, cmd in cmds.items():
            wall, used = timed(cmd, env)
            times[name].append(wall)
            cpu[name].append(used)
    veille_s, bare_s = statistics.median(times["veille"]), statistics.median(times["bare"])
    veille_cpu, bare_cpu = statistics.median(cpu["veille"]), statistics.median(cpu["bare"])
    result = {
        "article": str(args.article),
        "veille_s": round(veille_s, 2),
        "bare_spacy_s": round(bare_s, 2),
        "ratio": round(veille_s / bare_s, 2),
        "veille_cpu_s": round(veille_cpu, 2),
        "bare_spacy_cpu_s": round(bare_cpu, 2),
        "cpu_ratio": round(veille_cpu / bare_cpu, 2),
        "runs": {name: [round(t, 2) for t in ts] for name, ts in times.items()},
    }
    if args.json:
        print(json.dumps(result))
        return
    runs = {name: ", ".join(f"{t:.2f}" for t in ts) for name, ts in times.items()}
    print(f"article: {args.article}  (median of {args.repeat} runs each, alternating)")
    print(f"veille extract, one article:        {veille_s:6.2f} s wall  {veille_cpu:6.2f} s CPU  (wall runs {runs['veille']})")
    print(f"bare spaCy: load {args.model} + parse: {bare_s:6.2f} s wall  {bare_cpu:6.2f} s CPU  (wall runs {runs['bare']})")
    print(f"cold-start ratio veille / bare spaCy: {veille_s / bare_s:.2f} wall, {veille_cpu / bare_cpu:.2f} CPU  (target <= 1.5)")


if __name__ == "__main__":
    main()
