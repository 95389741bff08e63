"""Train the event filter (``veille.stages.event_filter``) on real news annotated with ACLED events.

Every article of the training sets goes through the whole pipeline with the filter recording
(``VEILLE_EVENT_FILTER=record``): each event the stage proposes gives its features and a label,
1 when its evidence overlaps the evidence of an annotated event, else 0. A logistic regression
(scikit-learn, L2) learns the label; its threshold is the one that maximises event F1 over the
training articles' cross-validated probabilities (grouped by article), counting every annotated
event as a possible true positive.

French training sets (annotations in ``data/eval/``, texts read from their sources):
- ``fr_news_train.jsonl``: the ``train`` split of real French news (never scored);
- ``fr_timebank_events.jsonl`` ``dev`` split: French TimeBank documents, mostly event-free.
The ``dev`` split of ``fr_news_dev.jsonl`` is where the result is measured, and ``test`` is
measured once; neither is trained on.

    python training/train_event_filter.py [--lang fr] [--cv-only] [--sets fr-news:train,fr-timebank-events:dev]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ["VEILLE_EVENT_FILTER"] = "record"

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from veille.eval.fr_news import gold_records  # noqa: E402
from veille.ingest.article import Article  # noqa: E402
from veille.pipeline import get_nlp  # noqa: E402
from veille.pipeline import STAGES, new_document, parse_all  # noqa: E402

OUT = REPO / "src" / "veille" / "data" / "models"
METRICS = REPO / "training" / "event_filter_metrics.json"


def _spans(text: str, evidence: str) -> list[tuple[int, int]]:
    out, start = [], 0
    while evidence:
        i = text.find(evidence, start)
        if i < 0:
            break
        out.append((i, i + len(evidence)))
        start = i + 1
    return out


def candidates(records: list[dict], lang: str) -> tuple[list[dict], list[int], list[int], int]:
    """Features, labels and article index of every proposed event; and the number of annotated events."""
    nlp = get_nlp(lang)
    feats, labels, groups, n_gold = [], [], [], 0
    for gi, r in enumerate(records):
        art = Article.build(r["text"], published=r.get("published"), title=r.get("title"))
        doc = new_document(art, lang, parse_all(nlp, [art], 1)[0], None)
        for stage in STAGES:
            stage.run(doc)
        gold = [sp for g in r["events"] for sp in _spans(r["text"], g.get("evidence") or "")]
        n_gold += len(r["events"])
        for ev, f in zip(doc.events, doc.event_features, strict=True):
            hit = any(a < e.end and e.start < b for e in ev.evidence for a, b in gold)
            feats.append(f)
            labels.append(int(hit))
            groups.append(gi)
    return feats, labels, groups, n_gold


def best_threshold(probs, labels, n_gold: int) -> tuple[float, float]:
    """The threshold maximising 2·TP / (gold + kept), over the candidates' probabilities."""
    best = (0.0, -1.0)
    for t in sorted({0.0} | {round(p, 3) for p in probs}):
        kept = [y for p, y in zip(probs, labels, strict=True) if p >= t]
        f1 = 2 * sum(kept) / (n_gold + len(kept)) if n_gold + len(kept) else 0.0
        if f1 > best[1]:
            best = (t, f1)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--sets", default="fr-news:train,fr-timebank-events:dev")
    ap.add_argument("--C", type=float, default=0.3)
    ap.add_argument("--cv-only", action="store_true", help="report cross-validated scores, write nothing")
    args = ap.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    t0 = time.time()
    records = []
    for item in args.sets.split(","):
        name, _, split = item.partition(":")
        records += gold_records(name, split=split or None)
    feats, labels, groups, n_gold = candidates(records, args.lang)
    print(f"{len(records)} articles, {n_gold} annotated events, {len(feats)} proposed ({sum(labels)} true) "
          f"in {time.time() - t0:.0f} s", file=sys.stderr)
    vec = DictVectorizer()
    X = vec.fit_transform(feats)
    clf = LogisticRegression(C=args.C, max_iter=2000, class_weight="balanced")
    folds = min(5, len(set(groups)))
    probs = cross_val_predict(clf, X, labels, groups=groups, cv=GroupKFold(folds), method="predict_proba")[:, 1]
    threshold, f1 = best_threshold(list(probs), labels, n_gold)
    base = 2 * sum(labels) / (n_gold + len(labels))
    report = {"sets": args.sets, "articles": len(records), "annotated_events": n_gold, "proposed": len(labels),
              "proposed_true": sum(labels), "event_f1_without_filter": round(base, 3),
              "event_f1_cross_validated": round(f1, 3), "threshold": threshold, "C": args.C}
    print(json.dumps(report, indent=1))
    if args.cv_only:
        return
    clf.fit(X, labels)
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True) if abs(w) > 1e-6}
    model = {"about": "veille.stages.event_filter: logistic regression over proposed events "
                      "(training/train_event_filter.py)", "trained_on": args.sets, "threshold": threshold,
             "bias": round(float(clf.intercept_[0]), 5), "weights": dict(sorted(weights.items()))}
    (OUT / f"event_filter_{args.lang}.json").write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", "utf-8")
    METRICS.write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    print(f"wrote {OUT / f'event_filter_{args.lang}.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
