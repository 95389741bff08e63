"""Throughput and peak memory of the full Veille pipeline next to bare spaCy ``nlp.pipe``.

Both run on the same corpus in the same invocation, each in a fresh subprocess so peak RSS is
its own. Model loading is timed apart from processing. Usage:

    python bench/extract_bench.py [--corpus FILE_OR_DIR ...] [--repeat N]

The default corpus is the repo's own articles (data/gold/dev.jsonl and samples/), repeated.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_corpus(paths: list[str], repeat: int) -> list[tuple[str, str]]:
    from veille.ingest.article import Article
    from veille.ingest.language import detect_language
    from veille.ingest.readers import read_path

    texts = []
    for p in paths:
        for art in read_path(p):
            if isinstance(art, Article):
                try:
                    texts.append((detect_language(art.text)[0], art.text))
                except Exception:
                    pass
    return texts * repeat


def worker(mode: str, paths: list[str], repeat: int) -> None:
    corpus = load_corpus(paths, repeat)
    t0 = time.perf_counter()
    if mode == "bare":
        from veille.nlp import load_bare

        nlps = {lang: load_bare(lang) for lang in sorted({lang for lang, _ in corpus})}
    else:
        import veille

        # warm-up: loads the models and every lazily built resource (gazetteer, lexicons)
        nlps = {}
        for lang, text in corpus:
            if lang not in nlps:
                veille.extract(text, lang=lang)
                nlps[lang] = True
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_chars = sum(len(t) for _, t in corpus)
    if mode == "bare":
        for lang, nlp in nlps.items():
            for _ in nlp.pipe((t for code, t in corpus if code == lang), batch_size=16):
                pass
        n_events = None
    else:
        from veille.ingest.article import Article
        from veille.pipeline import extract_articles

        n_events = 0
        for lang in nlps:
            arts = [Article.build(t) for code, t in corpus if code == lang]
            for rep in extract_articles(arts, lang=lang):
                n_events += len(getattr(rep, "events", []))
    elapsed = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mode": mode, "articles": len(corpus), "chars": n_chars, "load_s": load_s,
                      "elapsed_s": elapsed, "peak_rss_mb": rss_mb, "events": n_events}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="*", default=[str(REPO / "data" / "gold" / "dev.jsonl"), str(REPO / "samples")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--worker", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.corpus, args.repeat)
        return
    results = {}
    for mode in ("bare", "full"):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", mode, "--repeat", str(args.repeat), "--corpus", *args.corpus],
            capture_output=True, text=True, check=True,
        )
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Extraction throughput ({results['bare']['articles']} articles, "
                    f"{results['bare']['chars'] / 1e6:.2f} M chars, 1 process)")
    for col in ("pipeline", "load s", "articles/s", "k chars/s", "peak RSS MB"):
        t.add_column(col, justify="right")
    for mode, label in (("bare", "bare spaCy nlp.pipe"), ("full", "Veille full pipeline")):
        r = results[mode]
        t.add_row(label, f"{r['load_s']:.1f}", f"{r['articles'] / r['elapsed_s']:.1f}",
                  f"{r['chars'] / r['elapsed_s'] / 1e3:.0f}", f"{r['peak_rss_mb']:.0f}")
    Console().print(t)
    b, f = results["bare"], results["full"]
    ratio = (f["articles"] / f["elapsed_s"]) / (b["articles"] / b["elapsed_s"])
    print(f"full / bare throughput ratio: {ratio:.2f}  "
          f"(peak RSS ratio {f['peak_rss_mb'] / b['peak_rss_mb']:.2f}; events found: {f['events']})")


if __name__ == "__main__":
    main()
