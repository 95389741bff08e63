"""``veille eval --set hipe2020-fr``: French NER on CLEF HIPE 2020 (historical Swiss press, OCR).

Reads the HIPE TSV (one token per line, ``# document_id`` comments open a document), rebuilds
each document's text from the tokens (``NoSpaceAfter`` glues; line ends become spaces), runs
the full pipeline with the document's publication date, and scores the NE-COARSE-LIT column
the way the HIPE scorer does: mentions are token ranges; *strict* needs the same range and
type, *fuzzy* the same type and any token overlap (one-to-one); micro P/R/F1.

Veille's predictions: entity mentions of kind name/alias (PERSON -> pers, ORG -> org, PLACE and
FACILITY -> loc), toponyms of the places layer not already covered (-> loc), and absolute dates
(TIMEX3 DATE, not relative -> time). HIPE person mentions include titles and appositive functions
("M. de Luze", "Jean Schlatter, fermier") while Veille's mentions are the names (titles and
roles are separate fields), so strict person scores are low by convention; fuzzy shows more. Veille has no ``prod`` (products: newspapers, laws) type.

Keys: ``all_*`` cover all five coarse types (what the published 0.840 strict F1 covers);
``veille_types_*`` cover pers, org and loc only; ``<type>_strict_f1`` etc. per type.
Values are fractions in [0, 1] like the HIPE scorer's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from veille.ingest.article import normalise_text

COARSE_TYPES = ("pers", "org", "loc", "time", "prod")
VEILLE_TYPES = ("pers", "org", "loc")
ENTITY_TO_HIPE = {"PERSON": "pers", "ORG": "org", "PLACE": "loc", "FACILITY": "loc"}

Mention = tuple[int, int, str]  # first token, last token (inclusive), coarse type


@dataclass
class HipeDocument:
    id: str
    published: date | None
    tokens: list[str] = field(default_factory=list)
    glue: list[bool] = field(default_factory=list)  # True: no space after this token
    tags: list[str] = field(default_factory=list)  # NE-COARSE-LIT IOB tag
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def build_text(self) -> None:
        parts: list[str] = []
        pos = 0
        self.offsets = []
        for k, tok in enumerate(self.tokens):
            self.offsets.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            if k < len(self.tokens) - 1 and not self.glue[k]:
                parts.append(" ")
                pos += 1
        self.text = "".join(parts)

    def gold(self) -> set[Mention]:
        """Mentions of the NE-COARSE-LIT column (IOB; an I- without a B- opens a mention too)."""
        out: set[Mention] = set()
        start, typ = None, None
        for k, tag in enumerate([*self.tags, "O"]):
            if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != typ):
                out.add((start, k - 1, cast(str, typ)))  # a mention open since start has its type
                start, typ = None, None
            if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                start, typ = k, tag[2:]
        return out

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Tokens overlapping the character span [start, end)."""
        hit = [k for k, (s, e) in enumerate(self.offsets) if s < end and start < e]
        return (hit[0], hit[-1]) if hit else None


def _clean_token(tok: str) -> str:
    tok = unicodedata.normalize("NFC", tok)
    return "".join(" " if (ord(c) < 32 or ord(c) == 127) else c for c in tok).strip() or "_"


def read_hipe(path: str | Path, limit: int | None = None) -> list[HipeDocument]:
    docs: list[HipeDocument] = []
    pending: dict[str, str] = {}
    cur: HipeDocument | None = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition("=")
                key, value = key.strip(), value.strip()
                if key == "document_id":
                    if limit is not None and len(docs) >= limit:
                        break
                    pub = pending.get("date")
                    try:
                        published = date.fromisoformat(pub) if pub else None
                    except ValueError:
                        published = None
                    cur = HipeDocument(id=value, published=published)
                    docs.append(cur)
                else:
                    pending[key] = value
                continue
            cols = line.split("\t")
            if cols[0] == "TOKEN" or cur is None or len(cols) < 10:
                continue
            misc = cols[9].split("|")
            cur.tokens.append(_clean_token(cols[0]))
            cur.glue.append("NoSpaceAfter" in misc)
            cur.tags.append(cols[1])
    for d in docs:
        d.build_text()
        if normalise_text(d.text) != d.text:
            raise ValueError(f"{d.id}: rebuilt text changes under normalisation; offsets would drift")
    return [d for d in docs if d.tokens]


def predictions(doc: HipeDocument, report) -> set[Mention]:
    """Veille's mentions of one document as HIPE coarse-typed token ranges."""
    out: set[Mention] = set()
    covered: list[tuple[int, int]] = []
    for ent in report.entities:
        typ = ENTITY_TO_HIPE.get(ent.type)
        for m in ent.mentions:
            if typ and m.kind in ("name", "alias"):
                r = doc.token_range(m.start, m.end)
                if r:
                    out.add((r[0], r[1], typ))
                    covered.append(r)
    for place in report.places:
        spans = [(m.start, m.end) for m in place.mentions] or [(s.start, s.end) for s in place.evidence]
        for s, e in spans:
            r = doc.token_range(s, e)
            if r and not any(a <= r[1] and r[0] <= b for a, b in covered):
                out.add((r[0], r[1], "loc"))
                covered.append(r)
    for t in report.times:
        if t.relative or getattr(t, "type", "DATE") != "DATE":  # HIPE's time class holds absolute dates only
            continue
        for s in t.evidence[:1]:
            r = doc.token_range(s.start, s.end)
            if r:
                out.add((r[0], r[1], "time"))
    return out


@dataclass
class PRF:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def values(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fuzzy_tp(pred: list[Mention], gold: list[Mention]) -> int:
    """One-to-one pairs of same-type mentions sharing at least one token (optimal assignment)."""
    from veille.eval.scorer import assign

    sim = [[(min(p[1], g[1]) - max(p[0], g[0]) + 1) if p[2] == g[2] and p[0] <= g[1] and g[0] <= p[1] else 0 for p in pred] for g in gold]
    return len(assign(sim))


def score_documents(docs_pred_gold: list[tuple[set[Mention], set[Mention]]]) -> dict[str, float]:
    groups = {"all": COARSE_TYPES, "veille_types": VEILLE_TYPES, **{t: (t,) for t in COARSE_TYPES}}
    strict = {g: PRF() for g in groups}
    fuzzy = {g: PRF() for g in groups}
    for pred, gold in docs_pred_gold:
        for g, types in groups.items():
            p = [m for m in pred if m[2] in types]
            gl = [m for m in gold if m[2] in types]
            strict[g].add(len(set(p) & set(gl)), len(p), len(gl))
            fuzzy[g].add(fuzzy_tp(p, gl), len(p), len(gl))
    out: dict[str, float] = {}
    for g in groups:
        for mode, table in (("strict", strict), ("fuzzy", fuzzy)):
            prec, rec, f1 = table[g].values()
            out[f"{g}_{mode}_p"], out[f"{g}_{mode}_r"], out[f"{g}_{mode}_f1"] = prec, rec, f1
    for t in COARSE_TYPES:
        out[f"{t}_gold"] = float(strict[t].gold)
        out[f"{t}_system"] = float(strict[t].pred)
    return out


def evaluate(path: Path, limit: int | None = None) -> dict[str, float]:
    """Strict and fuzzy micro P/R/F1 of Veille's NER on the HIPE 2020 French file at ``path``."""
    from veille.errors import InputError
    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    docs = read_hipe(path, limit=limit)
    arts = [Article.build(d.text, id=d.id, published=d.published) for d in docs]
    pairs: list[tuple[set[Mention], set[Mention]]] = []
    failed = 0
    for doc, rep in zip(docs, extract_articles(arts, lang="fr"), strict=True):
        if isinstance(rep, InputError):
            failed += 1
            pairs.append((set(), doc.gold()))
        else:
            pairs.append((predictions(doc, rep), doc.gold()))
    out = {"documents": float(len(docs)), "pipeline_failures": float(failed)}
    out.update(score_documents(pairs))
    return out
