"""French TimeBank adapter: the times stage against ISO-TimeML TIMEX3 gold.

Metric (TempEval-3 style, as in HeidelTime's published French TimeBank figures): each
document's ``<TEXT>`` is tagged by :func:`veille.stages.times.tag` with the document creation
time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``) as publication date. System and
gold TIMEX3 are paired one to one on character overlap (largest overlap first).

- ``strict_*``: precision / recall / F1 of spans with identical character offsets;
- ``relaxed_*``: the same for overlapping spans;
- ``type_accuracy`` / ``value_accuracy``: share of relaxed pairs whose TIMEX3 type / value agree;
- ``type_f1`` / ``value_f1``: F1 where a pair counts only when it overlaps *and* the attribute
  agrees (precision over system expressions, recall over gold ones). HeidelTime 1.8 reaches
  value F1 73.63 and type F1 82.66 on the full 108-document corpus.
- ``docs_per_s``: throughput of the times stage alone (tagging + resolution, parse excluded).

``--split a`` / ``--split b``: one of two fixed halves of the documents (sha1 of the file name);
rules are developed on ``a`` and ``b`` checks that they carry over.

Only the spaCy parse is run (the bare French model), not the whole pipeline.
"""

from __future__ import annotations

import hashlib
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: Optional[str]


@dataclass
class TmlDoc:
    id: str
    text: str
    dct: Optional[date]
    gold: list[Timex] = field(default_factory=list)


def read_tml(path: Path) -> TmlDoc:
    """Plain text of ``<TEXT>`` with the gold TIMEX3 as character offsets into it."""
    root = ET.parse(path).getroot()
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            m = re.match(r"(\d{4})-(\d\d)-(\d\d)", t.get("value", ""))
            if m:
                dct = date(*map(int, m.groups()))
            break
    text_el = root.find("TEXT")
    parts: list[str] = []
    gold: list[Timex] = []

    def walk(el, top=False):
        start = sum(map(len, parts))
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if el.tag == "TIMEX3" and not top:
            end = sum(map(len, parts))
            gold.append(Timex(start, end, "", el.get("type", ""), el.get("value")))

    walk(text_el, top=True)
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start : g.end]
    docid = root.findtext("DOCID") or path.stem
    return TmlDoc(docid, text, dct, sorted(gold, key=lambda g: g.start))


HALVES = ("a", "b")  # --split: two fixed halves of the documents, by a stable hash of the file name


def half_of(name: str) -> str:
    """The fixed half ("a" or "b") a document belongs to: the parity of the sha1 of its file name."""
    return HALVES[hashlib.sha1(name.encode("utf-8")).digest()[0] % 2]


def tml_files(path: Path, split: str | None = None) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    data = path / "Data" if (path / "Data").is_dir() else path
    return sorted(f for f in data.rglob("*.tml") if split is None or half_of(f.name) == split)


def _strip(g: Timex) -> tuple[int, int]:
    """Offsets without surrounding blanks or trailing punctuation kept inside some gold tags."""
    s, e = g.start, g.end
    while e > s and not g.text[e - g.start - 1].strip(" \n\t,;"):
        e -= 1
    while s < e and not g.text[s - g.start].strip():
        s += 1
    return s, e


def pair(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs on character overlap, largest overlap first."""
    cands = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > 0:
                cands.append((ov, gi, si))
    used_g, used_s, pairs = set(), set(), []
    for _ov, gi, si in sorted(cands, reverse=True):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def _prf(correct: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_sys if n_sys else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def system_timexes(doc: TmlDoc, nlp, lang: str = "fr") -> tuple[list[Timex], float]:
    from veille.stages.times import tag

    sdoc = nlp(doc.text)
    t0 = time.perf_counter()
    found = tag(sdoc, lang, doc.dct)
    elapsed = time.perf_counter() - t0
    return [Timex(s, e, doc.text[s:e], r.type, r.value) for s, e, _k, r in found], elapsed


def run(path: Path, limit: int | None = None, split: str | None = None, lang: str = "fr"):
    """(document, gold, system, pairs) per file, and the stage time."""
    from veille.nlp import load_bare

    nlp = load_bare(lang)
    out, stage_time = [], 0.0
    for f in tml_files(path, split)[: limit or None]:
        doc = read_tml(f)
        system, t = system_timexes(doc, nlp, lang)
        stage_time += t
        out.append((doc, doc.gold, system, pair(doc.gold, system)))
    return out, stage_time


def evaluate(path: Path, limit: int | None = None, split: str | None = None, lang: str = "fr") -> dict[str, float]:
    """TempEval-3 style scores of the times stage on TimeML files under ``path`` (one fixed half
    with ``split``)."""
    results, stage_time = run(Path(path), limit, split, lang)
    n_gold = sum(len(g) for _, g, _, _ in results)
    n_sys = sum(len(s) for _, _, s, _ in results)
    pairs = [p for *_, ps in results for p in ps]
    strict = sum(1 for g, s in pairs if _strip(g) == (s.start, s.end))
    type_ok = sum(1 for g, s in pairs if g.type == s.type)
    value_ok = sum(1 for g, s in pairs if (g.value or "") == (s.value or ""))
    sp, sr, sf = _prf(strict, n_sys, n_gold)
    rp, rr, rf = _prf(len(pairs), n_sys, n_gold)
    _, _, tf = _prf(type_ok, n_sys, n_gold)
    vp, vr, vf = _prf(value_ok, n_sys, n_gold)
    return {
        "documents": float(len(results)),
        "gold": float(n_gold),
        "system": float(n_sys),
        "strict_precision": sp,
        "strict_recall": sr,
        "strict_f1": sf,
        "relaxed_precision": rp,
        "relaxed_recall": rr,
        "relaxed_f1": rf,
        "type_accuracy": type_ok / len(pairs) if pairs else 0.0,
        "type_f1": tf,
        "value_accuracy": value_ok / len(pairs) if pairs else 0.0,
        "value_precision": vp,
        "value_recall": vr,
        "value_f1": vf,
        "docs_per_s": len(results) / stage_time if stage_time else 0.0,
    }


def errors(path: Path, limit: int | None = None, split: str | None = None, lang: str = "fr") -> list[str]:
    """Readable lines for missed, spurious and wrongly valued expressions (for development)."""
    results, _ = run(Path(path), limit, split, lang)
    lines = []
    for doc, gold, system, pairs in results:
        paired_g = {id(g) for g, _ in pairs}
        paired_s = {id(s) for _, s in pairs}
        for g in gold:
            if id(g) not in paired_g:
                lines.append(f"{doc.id} dct={doc.dct} MISSED {g.text!r} {g.type} {g.value}")
        for s in system:
            if id(s) not in paired_s:
                lines.append(f"{doc.id} dct={doc.dct} SPURIOUS {s.text!r} {s.type} {s.value}")
        for g, s in pairs:
            if (g.value or "") != (s.value or "") or g.type != s.type or _strip(g) != (s.start, s.end):
                lines.append(
                    f"{doc.id} dct={doc.dct} DIFF gold {g.text!r} {g.type} {g.value} | sys {s.text!r} {s.type} {s.value}"
                )
    return lines


if __name__ == "__main__":  # pragma: no cover
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/fr-timebank-dev")
    half = next((a for a in sys.argv[2:] if a in HALVES), None)
    lang = "en" if "--en" in sys.argv else "fr"
    if "--errors" in sys.argv:
        print("\n".join(errors(target, split=half, lang=lang)))
    for k, v in evaluate(target, split=half, lang=lang).items():
        print(f"{k:20s} {v:.3f}")
