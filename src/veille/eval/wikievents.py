"""``veille eval --set wikievents``: event detection and arguments on WikiEvents (KAIROS, English).

WikiEvents (Li, Ji & Han 2021; ``../shared/data/wikievents-dev``) annotates every event
*mention* (trigger) of attack/bombing news with KAIROS types and arguments. Veille codes ACLED
events (one per day and place, merged across sentences), so the comparison is made at the
level of sentences within a document.

Text. Each document is rebuilt from its ``sentences`` (one per line, NFC, inner newlines as
spaces) so that gold sentence ``k`` has a known character span; the pipeline runs in English
without a publication date.

Gold events. KAIROS types mapped to ACLED (others are not ACLED events and are ignored;
``Life.Die``/``Life.Injure`` are casualties of an event, not events)::

    Conflict.Attack.DetonateExplode    -> Explosions/Remote violence
    Conflict.Attack.* (other)          -> Battles | Explosions/Remote violence | Violence against civilians
    Conflict.Demonstrate.DemonstrateWithViolence -> Riots
    Conflict.Demonstrate.*             -> Protests | Riots
    Justice.ArrestJailDetain.*         -> Strategic developments (Arrests)

Event detection (``event_*``). A gold mention is *found* when a Veille event's evidence
sentences overlap the gold trigger's sentence and the Veille event type is one the gold type
maps to; recall = found gold mentions / gold mentions. A Veille event is *correct* when one of
its evidence sentences holds a gold mention of a mapped type compatible with the Veille type;
precision = correct Veille events / Veille events. ``event_untyped_*`` ignores the type (any
mapped gold mention in the sentence). Several gold mentions may be found by one merged Veille
event, so recall and precision count different units (mentions vs events); F1 is their
harmonic mean.

Arguments (``actor1_*``, ``actor2_*``, ``place_*``), per document, as sets. Gold: the entity
coreference clusters (``coref/dev.jsonlines``) filling ``Attacker`` (actor1), ``Target`` or
``Victim`` (actor2; Victims of ``Life.Die``/``Life.Injure`` mentions that share a sentence
with a mapped event count too) and ``Place`` of mapped events. System: the distinct actor1,
actor2 and place values of Veille's events; each value is known by its name, the text at its
evidence spans, and the mentions of its entity/place. A value matches a gold cluster when the
head word (last word) of a gold mention is one of the value's words, or their fuzzy
token-set ratio is at least 85. Precision = matched system values / system values; recall =
matched gold clusters / gold clusters. Values are fractions in [0, 1].
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from veille.schema import Report

ACLED_OF = {
    "Conflict.Attack.DetonateExplode": {"Explosions/Remote violence"},
    "Conflict.Attack": {"Battles", "Explosions/Remote violence", "Violence against civilians"},
    "Conflict.Demonstrate.DemonstrateWithViolence": {"Riots"},
    "Conflict.Demonstrate": {"Protests", "Riots"},
    "Justice.ArrestJailDetain": {"Strategic developments"},
}
ACTOR1_ROLES = {"Attacker"}
ACTOR2_ROLES = {"Target", "Victim"}
PLACE_ROLES = {"Place"}
FUZZY = 85


def acled_types(kairos: str) -> set[str]:
    """ACLED event types a KAIROS event type maps to (empty: not an ACLED event)."""
    if kairos in ACLED_OF:
        return ACLED_OF[kairos]
    parts = kairos.split(".")
    return ACLED_OF.get(".".join(parts[:2]), set())


@dataclass
class WikiDoc:
    id: str
    text: str
    sent_spans: list[tuple[int, int]]
    events: list[dict]
    entities: dict[str, dict]
    clusters: dict[str, str] = field(default_factory=dict)  # entity id -> cluster id
    cluster_texts: dict[str, set[str]] = field(default_factory=dict)  # cluster id -> mention texts


def _clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s.replace("\r", " ").replace("\n", " "))
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", s).strip()


def read_wikievents(path: Path, limit: int | None = None) -> list[WikiDoc]:
    coref_path = path.parent / "coref" / path.name.replace(".jsonl", ".jsonlines")
    coref: dict[str, list[list[str]]] = {}
    if coref_path.exists():
        for line in coref_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                coref[rec["doc_key"]] = rec["clusters"]
    docs: list[WikiDoc] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        parts, spans, pos = [], [], 0
        for sent in rec["sentences"]:
            s = _clean(sent[1] if isinstance(sent[1], str) else " ".join(t[0] for t in sent[0]))
            spans.append((pos, pos + len(s)))
            parts.append(s)
            pos += len(s) + 1
        doc = WikiDoc(rec["doc_id"], "\n".join(parts), spans, rec["event_mentions"],
                      {e["id"]: e for e in rec["entity_mentions"]})
        for k, cluster in enumerate(coref.get(rec["doc_id"], [])):
            for eid in cluster:
                doc.clusters[eid] = f"c{k}"
        for eid, ent in doc.entities.items():
            cid = doc.clusters.setdefault(eid, eid)
            doc.cluster_texts.setdefault(cid, set()).add(ent["text"])
        docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


def _words(s: str) -> list[str]:
    return re.findall(r"[^\W_]+", s.casefold())


def value_matches(gold_texts: set[str], system_texts: set[str]) -> bool:
    """A system value matches a gold cluster: a gold head word among its words, or fuzzy equality."""
    from rapidfuzz import fuzz

    sys_words = {w for s in system_texts for w in _words(s)}
    for g in gold_texts:
        gw = _words(g)
        if gw and gw[-1] in sys_words:
            return True
        if any(fuzz.token_set_ratio(g.casefold(), s.casefold()) >= FUZZY for s in system_texts):
            return True
    return False


def _sent_of(doc: WikiDoc, start: int, end: int) -> set[int]:
    return {k for k, (a, b) in enumerate(doc.sent_spans) if a < end and start < b}


def _gold_arguments(doc: WikiDoc) -> dict[str, set[str]]:
    mapped_sents = {e["trigger"]["sent_idx"] for e in doc.events if acled_types(e["event_type"])}
    out: dict[str, set[str]] = {"actor1": set(), "actor2": set(), "place": set()}
    for e in doc.events:
        mapped = bool(acled_types(e["event_type"]))
        life = e["event_type"].startswith(("Life.Die", "Life.Injure")) and e["trigger"]["sent_idx"] in mapped_sents
        if not (mapped or life):
            continue
        for a in e["arguments"]:
            cid = doc.clusters.get(a["entity_id"], a["entity_id"])
            if a["role"] in ACTOR1_ROLES and mapped:
                out["actor1"].add(cid)
            elif a["role"] in ACTOR2_ROLES:
                out["actor2"].add(cid)
            elif a["role"] in PLACE_ROLES and mapped:
                out["place"].add(cid)
    return out


def _system_values(report) -> dict[str, list[set[str]]]:
    def texts(item, names: list[str]) -> set[str]:
        out = {n for n in names if n}
        for s in getattr(item, "evidence", []) or []:
            out.add(report.text[s.start : s.end])
        return out

    vals: dict[str, dict[str, set[str]]] = {"actor1": {}, "actor2": {}, "place": {}}
    for ev in report.events:
        for key in ("actor1", "actor2"):
            a = getattr(ev, key)
            if a is None:
                continue
            ent = report.entity(a.entity_id)
            names = [a.name] + ([ent.name, *ent.aliases, *(m.text for m in ent.mentions)] if ent else [])
            vals[key].setdefault(a.name, set()).update(texts(a, names))
        if ev.place is not None and (ev.place.name or ev.place.site):
            p = ev.place
            pl = report.place(p.place_id)
            names = [p.name, p.site] + ([pl.text, *(m.text for m in pl.mentions)] if pl else [])
            vals["place"].setdefault(p.name or p.site, set()).update(texts(p, names))
    return {k: list(v.values()) for k, v in vals.items()}


def _prf(correct_p: int, n_p: int, correct_r: int, n_r: int, prefix: str) -> dict[str, float]:
    p = correct_p / n_p if n_p else 0.0
    r = correct_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {f"{prefix}_p": round(p, 4), f"{prefix}_r": round(r, 4), f"{prefix}_f1": round(f, 4)}


def score(docs: list[WikiDoc], reports: list) -> dict[str, float]:
    ev = {"gold": 0, "found": 0, "found_untyped": 0, "sys": 0, "correct": 0, "correct_untyped": 0}
    args = {k: {"gold": 0, "found": 0, "sys": 0, "correct": 0} for k in ("actor1", "actor2", "place")}
    for doc, rep in zip(docs, reports, strict=True):
        gold = [(e["trigger"]["sent_idx"], acled_types(e["event_type"])) for e in doc.events if acled_types(e["event_type"])]
        sys_events = []
        if rep is not None:
            for e in rep.events:
                sents = set()
                for s in e.evidence:
                    sents |= _sent_of(doc, s.start, s.end)
                sys_events.append((sents, e.event_type))
        ev["gold"] += len(gold)
        ev["sys"] += len(sys_events)
        for si, types in gold:
            ev["found"] += any(si in sents and et in types for sents, et in sys_events)
            ev["found_untyped"] += any(si in sents for sents, _ in sys_events)
        for sents, et in sys_events:
            ev["correct"] += any(si in sents and et in types for si, types in gold)
            ev["correct_untyped"] += any(si in sents for si, _ in gold)
        gold_args = _gold_arguments(doc)
        sys_vals = _system_values(rep) if rep is not None else {"actor1": [], "actor2": [], "place": []}
        for key in args:
            gclusters = [doc.cluster_texts.get(c, set()) for c in gold_args[key]]
            args[key]["gold"] += len(gclusters)
            args[key]["sys"] += len(sys_vals[key])
            args[key]["found"] += sum(any(value_matches(g, v) for v in sys_vals[key]) for g in gclusters)
            args[key]["correct"] += sum(any(value_matches(g, v) for g in gclusters) for v in sys_vals[key])
    out: dict[str, float] = {
        "documents": float(len(docs)),
        "gold_event_mentions": float(ev["gold"]),
        "system_events": float(ev["sys"]),
    }
    out.update(_prf(ev["correct"], ev["sys"], ev["found"], ev["gold"], "event"))
    out.update(_prf(ev["correct_untyped"], ev["sys"], ev["found_untyped"], ev["gold"], "event_untyped"))
    for key, c in args.items():
        out[f"{key}_gold"] = float(c["gold"])
        out[f"{key}_system"] = float(c["sys"])
        out.update(_prf(c["correct"], c["sys"], c["found"], c["gold"], key))
    return out


def evaluate(path: Path, limit: int | None = None) -> dict[str, float]:
    """Event detection and actor1 / actor2 / place argument P/R/F1 of Veille on WikiEvents at ``path``."""
    from veille.errors import InputError
    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    path = Path(path)
    docs = read_wikievents(path, limit=limit)
    arts = [Article.build(d.text, id=d.id) for d in docs]
    reports: list[Optional[Report]] = []
    failed = 0
    for rep in extract_articles(arts, lang="en"):
        if isinstance(rep, InputError):
            failed += 1
            reports.append(None)
        else:
            reports.append(rep)
    out = score(docs, reports)
    out["pipeline_failures"] = float(failed)
    return out
