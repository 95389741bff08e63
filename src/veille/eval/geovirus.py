"""``veille eval --set geovirus``: toponym resolution on GeoVirus (Gritta et al. 2018).

GeoVirus: 229 English Wikinews passages, 2,170 gold toponyms with coordinates (offsets 1-based
in the XML). Metrics (percentages are 0-100, distances km):

Resolution given the gold spans (how CamCoder's published 82 % is reported), through
:func:`veille.stages.places.resolve_spans`, one call per passage:

- ``acc_161km``: share of gold toponyms resolved within 161 km (100 miles) of the gold point,
- ``mean_error_km`` / ``median_error_km``: great-circle error; an unresolved toponym counts
  as 20,039 km (half the Earth's circumference), as in Gritta's evaluation,
- ``auc_log_error``: area under the curve of sorted ln(1 + error) / ln(20039) (0 is perfect,
  lower is better),
- ``coverage``: share of gold toponyms given a reading at all; ``mean_error_resolved_km``,
- ``acc_161km_country_as_point_in``: diagnostic, not CamCoder's metric: like ``acc_161km``
  but a country reading also counts when the gold point lies in that country (the country of
  the gazetteer town nearest the gold point). Gold country points are Wikipedia's (United
  States 40 N 100 W); Veille's country centres come from another source (38 N 97 W), so a right
  country can be "wrong" by 300 km.

End-to-end recognition (spaCy parse, entities stage when it produces entities, then the places
stage's own toponym collection) against the gold spans:

- ``ner_precision`` / ``ner_recall`` / ``ner_f1``: exact span match,
- ``ner_overlap_recall``: gold spans overlapped by a predicted toponym,
- ``e2e_acc_161km``: matched (exact) toponyms resolved within 161 km, over all gold toponyms.

``resolve_toponyms_per_s`` and ``e2e_docs_per_s`` report throughput.
"""

from __future__ import annotations

from itertools import pairwise
import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

MAX_ERROR_KM = 20039.0
ACC_KM = 161.0


@dataclass
class Toponym:
    start: int  # 0-based, end exclusive
    end: int
    name: str
    lat: float
    lon: float


@dataclass
class Passage:
    source: str
    text: str
    toponyms: list[Toponym] = field(default_factory=list)


def load(path: Path) -> list[Passage]:
    """Passages and gold toponyms (offsets converted to 0-based, end exclusive; empty names skipped)."""
    root = ET.parse(path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        p = Passage(source=art.findtext("source") or "", text=text)
        for loc in art.iter("location"):
            name = loc.findtext("name") or ""
            try:
                # a missing field is None: int(None) raises the TypeError caught below
                s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1  # type: ignore[arg-type]
                lat, lon = float(loc.findtext("lat")), float(loc.findtext("lon"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            if not name.strip() or text[s:e] != name:
                continue
            p.toponyms.append(Toponym(s, e, name, lat, lon))
        out.append(p)
    return out


def auc_log_error(errors: list[float]) -> float:
    """Gritta et al.'s AUC: the mean of sorted ln(1 + error) scaled by ln(MAX_ERROR_KM), trapezoid rule."""
    if not errors:
        return float("nan")
    ys = sorted(math.log(1 + min(e, MAX_ERROR_KM)) / math.log(MAX_ERROR_KM) for e in errors)
    if len(ys) == 1:
        return ys[0]
    area = sum((a + b) / 2 for a, b in pairwise(ys))
    return area / (len(ys) - 1)


def _country_of_point():
    """A function (lat, lon) -> ISO2 of the nearest gazetteer town (numpy, equirectangular)."""
    import numpy as np

    from veille.gazetteer import CITY, get_gazetteer

    g = get_gazetteer()
    idx = [i for i, f in enumerate(g.feat) if f == CITY]
    lat = np.radians(np.array([g.lat[i] for i in idx]))
    lon = np.radians(np.array([g.lon[i] for i in idx]))
    cc = [g.cc[i] for i in idx]

    def country(la: float, lo: float) -> str:
        la, lo = math.radians(la), math.radians(lo)
        dlon = np.abs(lon - lo)
        dlon = np.minimum(dlon, 2 * math.pi - dlon)
        d2 = (dlon * math.cos(la)) ** 2 + (lat - la) ** 2
        return cc[int(np.argmin(d2))]

    return country


def _errors(passages: list[Passage], countries: list | None = None) -> tuple[list[float], list[bool], float]:
    from veille.geo import distance_km
    from veille.stages.places import resolve_spans

    errors, resolved = [], []
    t0 = time.perf_counter()
    for p in passages:
        if not p.toponyms:
            continue
        res = resolve_spans(p.text, [(t.start, t.end) for t in p.toponyms], lang="en")
        for t, r in zip(p.toponyms, res, strict=True):
            c = r.candidate
            if c is None or c.latitude is None:
                errors.append(MAX_ERROR_KM)
                resolved.append(False)
            else:
                errors.append(distance_km(t.lat, t.lon, c.latitude, cast(float, c.longitude)))
                resolved.append(True)
            if countries is not None:
                countries.append((t, c.country_code if c is not None and c.feature == "country" else None))
    return errors, resolved, time.perf_counter() - t0


def _recognition(passages: list[Passage]) -> dict[str, float]:
    from veille.document import Document
    from veille.geo import distance_km
    from veille.ingest.article import Article
    from veille.pipeline import get_nlp
    from veille.stages import entities, places

    nlp = get_nlp("en")
    tp = fp = fn = overlap = close = total = 0
    t0 = time.perf_counter()
    articles = [Article.build(p.text) for p in passages]
    kept = [(p, a) for p, a in zip(passages, articles, strict=True) if a.text == p.text]  # same offsets only
    skipped = len(passages) - len(kept)
    for (p, art), sdoc in zip(kept, nlp.pipe((a.text for _, a in kept), batch_size=16), strict=True):
        doc = Document(article=art, lang="en", doc=sdoc)
        try:
            entities.run(doc)
        except Exception:  # the entities stage is optional here: fall back to spaCy's entities
            doc.entities = []
        mentions = places.collect_mentions(doc)
        resolutions = places.resolve(doc.text, mentions, "en")
        pred = {(r.mention.start, r.mention.end): r.candidate for r in resolutions}
        gold = {(t.start, t.end): t for t in p.toponyms}
        total += len(gold)
        tp += len(pred.keys() & gold.keys())
        fp += len(pred.keys() - gold.keys())
        fn += len(gold.keys() - pred.keys())
        overlap += sum(1 for (gs, ge) in gold if any(s < ge and gs < e for s, e in pred))
        for span, c in pred.items():
            t = gold.get(span)
            if t is not None and c is not None and distance_km(t.lat, t.lon, cast(float, c.latitude), cast(float, c.longitude)) <= ACC_KM:
                close += 1
    seconds = time.perf_counter() - t0
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "ner_precision": round(100 * prec, 2),
        "ner_recall": round(100 * rec, 2),
        "ner_f1": round(100 * (2 * prec * rec / (prec + rec) if prec + rec else 0.0), 2),
        "ner_overlap_recall": round(100 * overlap / max(total, 1), 2),
        "e2e_acc_161km": round(100 * close / max(total, 1), 2),
        "e2e_docs_per_s": round(len(kept) / seconds, 2) if seconds else 0.0,
        "ner_passages_skipped": float(skipped),
    }


def evaluate(path: Path, limit: int | None = None) -> dict[str, float]:
    """GeoVirus metrics (see the module docstring); ``limit`` keeps the first N passages."""
    passages = load(Path(path))
    return evaluate_passages(passages[:limit] if limit is not None else passages)


def evaluate_passages(passages: list[Passage]) -> dict[str, float]:
    """The metrics over passages with gold toponyms (also LGL's, :mod:`veille.eval.lgl`)."""
    from veille.gazetteer import get_gazetteer
    from veille.stages.places import _word_lists

    get_gazetteer()  # load outside the timed part
    _word_lists("en")  # (loads the English spaCy model for its word lists)
    readings: list = []
    errors, resolved, seconds = _errors(passages, readings)
    n = len(errors)
    country_of = _country_of_point()
    lenient = sum(
        e <= ACC_KM or (cc is not None and country_of(t.lat, t.lon) == cc) for e, (t, cc) in zip(errors, readings, strict=True)
    )
    out = {
        "passages": float(len(passages)),
        "toponyms": float(n),
        "acc_161km": round(100 * sum(e <= ACC_KM for e in errors) / max(n, 1), 2),
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else float("nan"),
        "median_error_km": round(statistics.median(errors), 1) if errors else float("nan"),
        "auc_log_error": round(auc_log_error(errors), 4),
        "coverage": round(100 * sum(resolved) / max(n, 1), 2),
        "acc_161km_country_as_point_in": round(100 * lenient / max(n, 1), 2),
        "mean_error_resolved_km": round(statistics.fmean([e for e, r in zip(errors, resolved, strict=True) if r]), 1)
        if any(resolved) else float("nan"),
        "resolve_toponyms_per_s": round(n / seconds, 1) if seconds else 0.0,
    }
    out.update(_recognition(passages))
    return out
