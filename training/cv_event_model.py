"""Held-out-country cross-validation of the sub-type model (``veille.stages.event_model``), the model alone.

The table's ``dev`` and ``test`` splits share their countries with ``train`` (they are later
periods), so they do not say how the model does on notes from a country it never saw. Here the
``train`` notes (capped per sub-type as ``train_event_model.py`` caps them) are split into
``--folds`` folds grouped by country, the PolNeAR ``NONE`` passages by article; each fold is
predicted by a model fitted on the others, with ``train_event_model.py``'s features and settings.
No dev or test row is read.

Views compared (``--views``): ``plain`` (the words as they are), ``propn`` (every proper noun
read as ``<propn>``), ``names`` (proper nouns masked except the actor gazetteer's and the
nationality table's words, ``event_model.kept_names``: the shipped masking).

    python training/cv_event_model.py [--folds 3] [--views plain,propn,names] [--lang en,fr]

Prints, per view and language, the out-of-fold sub-type and type accuracy over the notes, each
fold's (its countries), and the fraction of NONE passages read as NONE.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import train_event_model as T  # noqa: E402
from tune_event_cutoffs import folds_of, polnear_passages  # noqa: E402

from veille.stages.event_model import MASKS, NONE  # noqa: E402

VIEWS = {"plain": "", "propn": "all", "names": "names"}  # view -> event_model.MASKS key


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--table", type=Path, default=T.DEFAULT_TABLE)
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--views", default="plain,propn,names")
    ap.add_argument("--lang", default="en", help="en (word pairs, --event-C) and/or fr (no pairs, --C), comma-separated")
    ap.add_argument("--per-class", type=int, default=6000)
    ap.add_argument("--none", type=int, default=12000)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--event-C", type=float, default=30.0)
    ap.add_argument("--C", type=float, default=10.0)
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args()

    masks = {v: MASKS[k]() for v, k in VIEWS.items()}
    views = [v for v in args.views.split(",") if v]
    notes = T.capped(T.read_rows(args.table, "train"), args.per_class)
    none = polnear_passages(T.POLNEAR, args.none)
    f_notes = folds_of([r["row"]["country"] for r in notes], args.folds)
    f_none = folds_of([r["article"] for r in none], args.folds)
    t0 = time.time()
    X_notes = T.featurize_views([r["text"] for r in notes], {v: masks[v] for v in views})
    X_none = T.featurize_views([r["text"] for r in none], {v: masks[v] for v in views})
    print(f"{len(notes)} notes, {len(none)} NONE passages featurized in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    sub = T.taxonomy()["sub"]
    typ = lambda s: sub[s][0] if s in sub else s  # noqa: E731
    gold = [r["label"] for r in notes]
    results: dict = {}
    for lang in args.lang.split(","):
        view_fn = (lambda X: X) if lang == "en" else T.unpaired
        c = args.event_C if lang == "en" else args.C
        for v in views:
            Xn, Xp = view_fn(X_notes[v]), view_fn(X_none[v])
            pred: list[str] = [""] * len(notes)
            none_ok = 0
            per_fold = []
            for i in range(args.folds):
                tr_n = [j for j in range(len(notes)) if f_notes[j] != i]
                tr_p = [j for j in range(len(none)) if f_none[j] != i]
                vec, clf = T.fit([Xn[j] for j in tr_n] + [Xp[j] for j in tr_p], [gold[j] for j in tr_n] + [NONE] * len(tr_p), args.min_df, c)
                te_n = [j for j in range(len(notes)) if f_notes[j] == i]
                te_p = [j for j in range(len(none)) if f_none[j] == i]
                for j, p in zip(te_n, clf.predict(vec.transform([Xn[j] for j in te_n])), strict=True):
                    pred[j] = p
                none_ok += int(np.sum(clf.predict(vec.transform([Xp[j] for j in te_p])) == NONE))
                countries = sorted({notes[j]["row"]["country"] for j in te_n}, key=lambda k: -sum(notes[j]["row"]["country"] == k for j in te_n))
                per_fold.append({"countries": countries[:4], "n": len(te_n),
                                 "sub": round(float(np.mean([pred[j] == gold[j] for j in te_n])), 4),
                                 "type": round(float(np.mean([typ(pred[j]) == typ(gold[j]) for j in te_n])), 4)})
                print(f"[{lang} {v}] fold {i} {per_fold[-1]} ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
            res = {"sub": round(float(np.mean([p == g for p, g in zip(pred, gold, strict=True)])), 4),
                   "type": round(float(np.mean([typ(p) == typ(g) for p, g in zip(pred, gold, strict=True)])), 4),
                   "none_kept": round(none_ok / (len(none) or 1), 4), "folds": per_fold}
            results[f"{lang}/{v}"] = res
            print(f"{lang} {v}: sub-type {res['sub']:.4f} type {res['type']:.4f} NONE kept {res['none_kept']:.4f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
