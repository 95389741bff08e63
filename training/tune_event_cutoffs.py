"""Set the events stage's model cut-offs (``data/event_cutoffs.json``) from out-of-fold predictions
on the ACLED table's ``train`` split, for a given English sub-type model (``--balance``).

The cut-offs say when the event model's reading stands for the rules (``veille.stages.events``):

- ``rescue`` / ``propose`` / ``relaxed``: (probability of the best sub-type at least, probability
  of ``NONE`` at most) for a gated trigger, a sentence without a trigger word, and a short text
  read again;
- ``rules_bonus``: how much extra model probability the rules' sub-type counts for in ``typed``.

Out-of-fold (OOF) predictions: the train notes are split into ``--folds`` folds grouped by
country and year (as the table's splits are by country and period), the PolNeAR ``NONE``
passages by article; each fold is read by the sub-type model fitted on the other folds, with
``train_event_model.py``'s features and settings.

Criteria (no dev or test row is read here):

1. ``rules_bonus`` maximises the OOF sub-type accuracy of the pipeline's final decision
   (``events.typed``) over ``--pipeline-notes`` train notes per fold, each run through the whole
   pipeline with its fold's model (ties: the event type's accuracy, then the bonus closest to the
   shipped one);
2. the (probability, NONE) bounds keep the *operating point* of the shipped bounds: the
   reference model (``--reference-balance``, the unweighted one the bounds were chosen for on
   dev) passes a fraction of the OOF ``NONE`` passages through each pair of bounds; for the
   model being tuned, the best-sub-type bound (on a 0.05 grid, at the same ``NONE`` bound) is
   the one that passes the nearest fraction of ``NONE`` passages (ties: nearest the shipped bound). Those passages are the
   false events the bounds guard against; a model that spreads less probability on ``NONE``
   (class weights) needs stricter bounds for the same false-event rate.

    python training/tune_event_cutoffs.py --balance 0.3 [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import train_event_model as T  # noqa: E402

from veille.stages.event_model import NONE  # noqa: E402

CUTOFFS = REPO / "src" / "veille" / "data" / "event_cutoffs.json"
GRID = [round(0.05 * i, 2) for i in range(8, 20)]  # 0.40 .. 0.95
BONUS_GRID = [round(0.05 * i, 2) for i in range(0, 13)]  # 0 .. 0.6


def polnear_passages(folder: Path, limit: int) -> list[dict]:
    """``train_event_model.polnear_passages`` with each passage's article (to fold by article)."""
    out: list[dict] = []
    for path in sorted(folder.glob("*.txt")):
        sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+", path.read_text("utf-8")) if len(s.strip()) > 30]
        for i in range(0, len(sents) - 1, 2):
            out.append({"text": " ".join(sents[i : i + 2]), "label": NONE, "article": path.stem})
    return sorted(out, key=lambda r: T.stable_key(r["text"]))[:limit]


def folds_of(groups: list[str], k: int) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    fold = np.zeros(len(groups), dtype=int)
    for i, (_, test) in enumerate(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups)):
        fold[test] = i
    return fold


def fold_models(notes, none, X_notes, X_none, f_notes, f_none, k, c, balance, min_df, out: Path, stem: str):
    """Fit the English sub-type model on all folds but one, k times; OOF probabilities of notes and
    passages (columns: the model's labels)."""
    labels = None
    P_notes = P_none = None
    for i in range(k):
        tr_n = [j for j in range(len(notes)) if f_notes[j] != i]
        tr_p = [j for j in range(len(none)) if f_none[j] != i]
        feats = [X_notes[j] for j in tr_n] + [X_none[j] for j in tr_p]
        y = [notes[j]["label"] for j in tr_n] + [NONE] * len(tr_p)
        t0 = time.time()
        vec, clf = T.fit(feats, y, min_df, c, balance)
        print(f"[{stem}] fold {i}: fitted in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
        (out / f"{stem}{i}").mkdir(parents=True, exist_ok=True)
        T.save(vec, clf, out / f"{stem}{i}" / "event_model_en.npz", {"fold": i, "balance": balance})
        if labels is None:
            labels = list(clf.classes_)
            P_notes = np.zeros((len(notes), len(labels)))
            P_none = np.zeros((len(none), len(labels)))
        te_n = [j for j in range(len(notes)) if f_notes[j] == i]
        te_p = [j for j in range(len(none)) if f_none[j] == i]
        P_notes[te_n] = clf.predict_proba(vec.transform([X_notes[j] for j in te_n]))
        P_none[te_p] = clf.predict_proba(vec.transform([X_none[j] for j in te_p]))
    return labels, P_notes, P_none


def passes(P: np.ndarray, labels: list[str], top: float, none_max: float) -> np.ndarray:
    """Which rows ``events._sure`` passes: best label not NONE, its probability >= top, NONE's <= none_max."""
    ni = labels.index(NONE)
    best = P.argmax(axis=1)
    return (best != ni) & (P.max(axis=1) >= top) & (P[:, ni] <= none_max)


def transfer(bounds, ref, new) -> tuple[float, float]:
    """The best-sub-type bound (same NONE bound, on the grid) at which ``new`` passes the fraction of
    OOF NONE passages nearest to the one ``ref`` passes at ``bounds``; ties go to the bound nearest
    the shipped one (so a model tuned against itself keeps its bounds)."""
    top, none_max = bounds
    target = passes(ref[1], ref[0], top, none_max).mean()
    rate = {t: passes(new[1], new[0], t, none_max).mean() for t in GRID + [top]}
    best = min(rate, key=lambda t: (round(abs(rate[t] - target), 6), abs(t - top)))
    return (best, none_max)


def run_pipeline(notes_by_fold: dict[int, list[dict]], model_dirs: dict[int, Path], shipped: Path) -> list[dict]:
    """Each fold's sample of train notes through the pipeline with that fold's sub-type model (the
    shipped actor and country models beside it); the inputs of ``typed`` for each note's primary event."""
    from veille.eval.acled_notes import primary_event
    from veille.ingest.article import Article
    from veille.pipeline import extract_articles
    from veille.stages import event_model, events

    calls: dict[str, dict] = {}
    state: dict = {}
    orig_build, orig_typed = events._build, events.typed

    def typed(rules, pred, defined=False, lang="en"):
        state["typed"] = {"rules": list(rules), "ranked": pred.ranked if pred is not None else None, "defined": defined, "lang": lang}
        return orig_typed(rules, pred, defined, lang)

    def build(ctx, c, idx, inherited):
        state.pop("typed", None)
        ev = orig_build(ctx, c, idx, inherited)
        if "typed" in state:
            calls[f"{ctx.doc.article.id}/{ev.id}"] = state["typed"]
        return ev

    events._build, events.typed = build, typed
    out = []
    try:
        for i, rows in notes_by_fold.items():
            for kind in ("actor", "country"):
                target = model_dirs[i] / f"{kind}_model_en.npz"
                if not target.exists():
                    target.symlink_to(shipped / f"{kind}_model_en.npz")
            os.environ["VEILLE_EVENT_MODEL"] = str(model_dirs[i])
            event_model.model.cache_clear()
            arts = [Article.build(r["text"], id=f"n{i}_{j}") for j, r in enumerate(rows)]
            for a, r, rep in zip(arts, rows, extract_articles(arts, lang="en"), strict=True):
                ev = primary_event(rep) if not isinstance(rep, Exception) else None
                call = calls.get(f"{a.id}/{ev.id}") if ev is not None else None
                out.append({"fold": i, "gold": r["label"], "found": ev is not None, "sub": ev.sub_event_type if ev else None, "typed": call})
            print(f"pipeline fold {i}: {len(rows)} notes", file=sys.stderr, flush=True)
    finally:
        events._build, events.typed = orig_build, orig_typed
        os.environ.pop("VEILLE_EVENT_MODEL", None)
        event_model.model.cache_clear()
    return out


def decide(call: dict, bonus: float) -> str:
    """``events.typed``'s sub-type for a recorded call at ``bonus``."""
    from veille.stages.event_model import Prediction
    from veille.stages.events import RULES_BONUS, typed

    rules = tuple(call["rules"])
    if call["ranked"] is None:
        return rules[1]
    ranked = [(lab, p) for lab, p in call["ranked"]]
    old = dict(RULES_BONUS)
    RULES_BONUS[call["lang"]] = bonus
    try:
        return typed(rules, Prediction(ranked[0][0], ranked[0][1], ranked), call["defined"], call["lang"])[1]
    finally:
        RULES_BONUS.clear()
        RULES_BONUS.update(old)


def bonus_scores(records: list[dict]) -> dict[float, tuple[float, float]]:
    from veille.stages.event_types import taxonomy

    sub_type = {s: v[0] for s, v in taxonomy()["sub"].items()}
    scored = [r for r in records if r["typed"] is not None]
    out = {}
    for b in BONUS_GRID:
        subs = [decide(r["typed"], b) for r in scored]
        out[b] = (float(np.mean([s == r["gold"] for s, r in zip(subs, scored, strict=True)])),
                  float(np.mean([sub_type.get(s) == sub_type.get(r["gold"]) for s, r in zip(subs, scored, strict=True)])))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--table", type=Path, default=T.DEFAULT_TABLE)
    ap.add_argument("--balance", type=float, default=0.0, help="class weight power of the English sub-type model to tune for")
    ap.add_argument("--reference-balance", type=float, default=0.0, help="the model the current bounds were chosen for")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--pipeline-notes", type=int, default=400, help="train notes per fold run through the pipeline")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "veille-cutoffs")
    ap.add_argument("--fit-only", action="store_true", help="only fit the --balance model's folds (their OOF predictions are cached in --work)")
    ap.add_argument("--write", action="store_true", help="write the chosen cut-offs to data/event_cutoffs.json")
    args = ap.parse_args()

    notes = T.capped(T.read_rows(args.table, "train"), 6000)
    none = polnear_passages(T.POLNEAR, 12000)
    X_notes, X_none = T.featurize([r["text"] for r in notes]), T.featurize([r["text"] for r in none])
    f_notes = folds_of([f"{r['row'].get('country')}|{(r['row'].get('event_date') or '')[:4]}" for r in notes], args.folds)
    f_none = folds_of([r["article"] for r in none], args.folds)
    args.work.mkdir(parents=True, exist_ok=True)
    oof = {}
    for b in [args.balance] if args.fit_only else sorted({args.reference_balance, args.balance}):
        cache = args.work / f"oof_b{b}.npz"
        if cache.exists():
            z = np.load(cache, allow_pickle=False)
            oof[b] = ([str(x) for x in z["labels"]], z["notes"], z["none"])
        else:
            labels, pn, pp = fold_models(notes, none, X_notes, X_none, f_notes, f_none, args.folds, 30.0, b, 2, args.work, f"b{b}_fold")
            np.savez(cache, labels=np.array(labels), notes=pn, none=pp)
            oof[b] = (labels, pn, pp)
    if args.fit_only:
        return 0
    cur = json.loads(CUTOFFS.read_text("utf-8"))
    en = cur["en"]
    ref, new = (oof[args.reference_balance][0], oof[args.reference_balance][2]), (oof[args.balance][0], oof[args.balance][2])
    chosen = {name: list(transfer(tuple(en[name]), ref, new)) for name in ("rescue", "propose", "relaxed")}
    report: dict = {"balance": args.balance, "reference_balance": args.reference_balance, "folds": args.folds,
                    "train_notes": len(notes), "none_passages": len(none)}
    for name in ("rescue", "propose", "relaxed"):
        ln, pn = oof[args.balance][0], oof[args.balance][1]
        report[name] = {"reference": en[name], "chosen": chosen[name],
                        "none_passed_reference": round(float(passes(ref[1], ref[0], *en[name]).mean()), 4),
                        "none_passed_chosen": round(float(passes(new[1], new[0], *chosen[name]).mean()), 4),
                        "notes_passed_chosen": round(float(passes(pn, ln, *chosen[name]).mean()), 4)}
    # OOF accuracy of the model alone, for the record
    for b, (labels, pn, _) in oof.items():
        pred = [labels[j] for j in pn.argmax(axis=1)]
        report[f"model_oof_b{b}"] = T.type_accuracy(pred, [r["label"] for r in notes])
    # the pipeline's typing decision on a sample of each fold
    rec_path = args.work / f"pipeline_b{args.balance}_n{args.pipeline_notes}.json"
    if rec_path.exists():
        records = json.loads(rec_path.read_text())
    else:
        by_fold: dict[int, list[dict]] = defaultdict(list)
        for j in sorted(range(len(notes)), key=lambda j: T.stable_key(notes[j]["text"])):  # the first n of each fold, in hash order
            r = notes[j]
            if len(by_fold[int(f_notes[j])]) < args.pipeline_notes:
                by_fold[int(f_notes[j])].append(r)
        dirs = {i: args.work / f"b{args.balance}_fold{i}" for i in by_fold}
        records = run_pipeline(by_fold, dirs, T.OUT)
        rec_path.write_text(json.dumps(records))
    scores = bonus_scores(records)
    best = max(scores, key=lambda b: (round(scores[b][0], 6), round(scores[b][1], 6), -abs(b - en["rules_bonus"])))
    report["rules_bonus"] = {"reference": en["rules_bonus"], "chosen": best, "notes": len(records),
                             "typed_calls": sum(r["typed"] is not None for r in records),
                             "found": round(float(np.mean([r["found"] for r in records])), 4),
                             "sub_type_acc_by_bonus": {str(b): round(s[0], 4) for b, s in scores.items()},
                             "type_acc_by_bonus": {str(b): round(s[1], 4) for b, s in scores.items()}}
    print(json.dumps(report, indent=1))
    if args.write:
        cur["en"].update({**chosen, "rules_bonus": best})
        cur["en"]["provenance"] = (f"training/tune_event_cutoffs.py --balance {args.balance} --reference-balance "
                                   f"{args.reference_balance} --folds {args.folds} --pipeline-notes {args.pipeline_notes}")
        cur["en"]["oof"] = report
        CUTOFFS.write_text(json.dumps(cur, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
