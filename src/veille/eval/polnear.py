"""``veille eval --set polnear --split dev``: English quotes and speakers on PolNeAR (political news).

PolNeAR (Newell et al., LREC 2018) annotates attribution relations in BRAT standoff: a
``Source`` span (who), a ``Cue`` (``said``, ``according to``, ``:``) and a ``Content`` span
(what), tied by ``E`` lines. Only the ``train`` and ``dev`` splits are here (the test split is
held out); an article annotated twice is read from its first annotation file.

What is scored, and how:

- **Direct quotes**: every quotation-marked segment (``“…”``, ``"…"``, ``''…''``) of two words or
  more inside a ``Content`` span is one gold direct quote (a content holding two fragments gives
  two). Veille's direct quotes pair one-to-one with them when each covers at least half of the
  other (the rule of the gold scorer). ``direct_p``/``_r``/``_f1``. A Veille quote that
  overlaps a one-word quoted term of a content is neither right nor wrong.
- **Speakers, counted right only for the right name**: the gold speaker of a direct quote is the
  source span when it names someone (a capitalised word other than a pronoun or a determiner);
  a third-person pronoun or ``who`` source takes the name of the nearest named source before it
  in the article (a personal pronoun) or the name just before it (``who``). Sources that are
  descriptions with no name ("a source", "experts") and first-person sources are not scored.
  Veille is right when its speaker (canonical name, entity names or speaker mention, never a
  bare pronoun) matches that name by the gold scorer's name rule. ``speaker_acc`` counts all
  matched direct quotes with a gold name; ``speaker_named_acc`` only those whose source span
  itself is a name.
- **Indirect speech**: contents without quotation marks whose cue is a speech cue
  (:data:`SPEECH_CUE`: say, tell, according to, add, note, …; beliefs, findings and wishes are
  left out). Recall: a Veille quote (direct or not) covering at least half of the content and
  lying at least half inside it. ``indirect_p`` counts Veille indirect quotes that overlap no
  gold content of any kind as wrong.

``python -m veille.eval.polnear [--split dev] [--limit N] [--errors]`` prints the misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from veille.ingest.article import normalise_text

QUOTED = re.compile(r"“([^“”]*)”|\"([^\"]*)\"|''((?:(?!'')[^\n])*)''|‘‘([^’]*)’’")
SPEECH_CUE = re.compile(
    r"\b(say|said|says|saying|tell|told|tells|telling|add|added|adds|adding|according|state[sd]?|stating|"
    r"statement|announce[sd]?|announcing|ask(?:s|ed|ing)?|claim(?:s|ed|ing)?|argue[sd]?|arguing|"
    r"explain(?:s|ed|ing)?|note[sd]?|noting|write|writes|wrote|writing|written|report(?:s|ed|ing)?|"
    r"declare[sd]?|insist(?:s|ed|ing)?|warn(?:s|ed|ing)?|suggest(?:s|ed|ing)?|respond(?:s|ed|ing)?|"
    r"repl(?:y|ies|ied|ying)|acknowledge[sd]?|admit(?:s|ted)?|den(?:y|ies|ied|ying)|tweet(?:s|ed|ing)?|"
    r"predict(?:s|ed|ing)?|promise[sd]?|recall(?:s|ed|ing)?|complain(?:s|ed|ing)?|contend(?:s|ed)?|"
    r"concede[sd]?|confirm(?:s|ed|ing)?|assert(?:s|ed)?|reiterate[sd]?|remark(?:s|ed)?|comment(?:s|ed)?|"
    r"observe[sd]?|testif(?:y|ied|ies)|vow(?:s|ed)?|pledge[sd]?|charge[sd]?|accuse[sd]?|boast(?:s|ed)?|"
    r"joke[sd]?|quip(?:s|ped)?|shout(?:s|ed)?|yell(?:s|ed)?|stress(?:es|ed)?|emphasi[sz]e[sd]?|"
    r"point(?:s|ed)? out|describe[sd]?|urge[sd]?|demand(?:s|ed)?|threaten(?:s|ed)?|reveal(?:s|ed)?|"
    r"disclose[sd]?|mention(?:s|ed)?|conclude[sd]?|allege[sd]?|maintain(?:s|ed)?|counter(?:s|ed)?|"
    r"retort(?:s|ed)?|post(?:s|ed)|continue[sd]?|called|call(?:s|ing)? for|announcement|interview)\b|^[:―—]$",
    re.I,
)
PRONOUNS = frozenset("he she him her his hers they them their it its i we me us my our you".split())
THIRD = frozenset("he she him her his hers they them their".split())
RELATIVE = frozenset(["who", "whom", "whose"])
NOT_NAMES = frozenset(
    "the a an this that these those he she it they his her its their i we you who which "
    "mr mrs ms dr sen rep gov pres".split()
)
MIN_WORDS = 2


@dataclass
class Attribution:
    source: Optional[tuple[int, int]]
    source_text: str
    cue: str
    content: list[tuple[int, int]]  # BRAT fragments
    content_text: str


@dataclass
class PolnearDoc:
    id: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    direct: list[tuple[int, int, Optional[str], bool]] = field(default_factory=list)  # start, end, name, named source
    indirect: list[tuple[int, int]] = field(default_factory=list)
    contents: list[tuple[int, int]] = field(default_factory=list)
    terms: list[tuple[int, int]] = field(default_factory=list)  # one-word quoted terms inside contents


# --------------------------------------------------------------------------- reading
def _offset_map(raw: str, norm: str) -> list[int]:
    """Raw offset -> normalised offset; normalisation only deletes characters (strip, trailing
    blanks, CR) or replaces one by one."""
    out, j = [], 0
    for ch in raw:
        out.append(j)
        if j < len(norm) and (ch == norm[j] or (ch not in " \t\r\n" and not ch.isspace())):
            j += 1
    out.append(j)
    return out


def _spans(field_: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (frag.split() for frag in field_.split(";"))]


def read_ann(path: Path) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, _, where = parts[1].partition(" ")
            spans[parts[0]] = (kind, _spans(where), parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            rels.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    out = []
    for r in rels:
        if "Content" not in r or r["Content"] not in spans:
            continue
        src = spans.get(r.get("Source", ""))
        cue = spans.get(r.get("Cue", ""))
        content = spans[r["Content"]]
        out.append(Attribution(
            source=(src[1][0][0], src[1][-1][1]) if src else None,
            source_text=src[2] if src else "",
            cue=cue[2] if cue else "",
            content=content[1],
            content_text=content[2],
        ))
    return out


def is_name(source: str) -> bool:
    words = re.findall(r"[A-Za-z][\w.'’-]*", source)
    return any(w[0].isupper() and w.lower().rstrip(".") not in NOT_NAMES for w in words)


def _name_before(text: str, pos: int) -> Optional[str]:
    """The capitalised word run just before ``pos`` (the antecedent of ``who``)."""
    m = re.search(r"((?:[A-Z][\w.'’-]*\s+)*[A-Z][\w'’-]*)[^\w]{0,3}(?:\([^)]*\)[^\w]{0,3})?$", text[max(0, pos - 80) : pos])
    return m.group(1) if m and is_name(m.group(1)) else None


def gold_speakers(doc: PolnearDoc) -> list[tuple[Optional[str], bool]]:
    """Per attribution: (name, the source span itself is a name)."""
    named: list[tuple[int, str]] = sorted(
        (a.source[0], a.source_text) for a in doc.attributions if a.source and is_name(a.source_text)
    )
    out: list[tuple[Optional[str], bool]] = []
    for a in doc.attributions:
        if a.source is None:
            out.append((None, False))
            continue
        s = a.source_text.strip()
        low = s.lower()
        if is_name(s):
            out.append((s, True))
        elif low in RELATIVE:
            out.append((_name_before(doc.text, a.source[0]), False))
        elif low in THIRD:
            before = [n for p, n in named if p < a.source[0]]
            out.append((before[-1] if before else None, False))
        else:
            out.append((None, False))
    return out


def _mapped(m: list[int], span: tuple[int, int]) -> tuple[int, int]:
    return m[span[0]], m[span[1]]


def read_doc(text_path: Path, ann_path: Path) -> PolnearDoc:
    raw = text_path.read_text(encoding="utf-8")
    text = normalise_text(raw)
    m = _offset_map(raw, text)
    atts = []
    for a in read_ann(ann_path):
        a.source = _mapped(m, a.source) if a.source else None
        a.content = [_mapped(m, c) for c in a.content]
        atts.append(a)
    doc = PolnearDoc(text_path.stem, text, atts)
    for a, (name, named) in zip(atts, gold_speakers(doc), strict=True):
        quoted = False
        for cs, ce in a.content:
            doc.contents.append((cs, ce))
            for q in QUOTED.finditer(text, cs, ce):
                qs, qe = next((q.start(g), q.end(g)) for g in range(1, 5) if q.group(g) is not None)
                quoted = True
                if len(text[qs:qe].split()) >= MIN_WORDS:
                    doc.direct.append((qs, qe, name, named))
                else:
                    doc.terms.append((qs, qe))
        if not quoted and SPEECH_CUE.search(a.cue.strip()):
            doc.indirect.append((a.content[0][0], a.content[-1][1]))
    doc.direct = sorted(set(doc.direct), key=lambda g: (g[0], g[1], g[2] or "", g[3]))
    return doc


def read_split(path: Path, split: str = "dev", limit: Optional[int] = None) -> list[PolnearDoc]:
    root = Path(path) / split if (Path(path) / split).is_dir() else Path(path)
    docs = []
    for tp in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(tp.stem + "_*.ann"))
        if anns:
            docs.append(read_doc(tp, anns[0]))
        if limit and len(docs) >= limit:
            break
    return docs


# --------------------------------------------------------------------------- scoring
def _inter(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _cover(gold: tuple[int, int], sys: tuple[int, int]) -> float:
    n = _inter(gold, sys)
    if not n:
        return 0.0
    cg, cs = n / max(1, gold[1] - gold[0]), n / max(1, sys[1] - sys[0])
    return cg + cs if min(cg, cs) >= 0.5 else 0.0


def system_names(q, report) -> list[str]:
    """Veille's names for a quote's speaker, bare pronouns left out."""
    from veille.eval.scorer import _quote_names

    return [n for n in _quote_names(q, report) if n.strip().lower() not in PRONOUNS]


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _snip(text: str, a: int, b: int) -> str:
    return " ".join((text[max(0, a - 90) : a] + "⟦" + text[a:b] + "⟧" + text[b : b + 60]).split())


def score_doc(doc: PolnearDoc, report, t: Tally) -> None:
    from veille.eval.scorer import assign, names_match

    sys_direct = [q for q in report.quotes if q.direct]
    sys_indirect = [q for q in report.quotes if not q.direct]
    pairs = assign([[_cover((g[0], g[1]), (q.start, q.end)) for q in sys_direct] for g in doc.direct])
    g2s = dict(pairs)
    t.add("direct_gold", len(doc.direct))
    t.add("direct_correct", len(pairs))
    ignored = {j for j, q in enumerate(sys_direct) if j not in g2s.values()
               and any(_inter(s, (q.start, q.end)) for s in doc.terms)}
    t.add("direct_pred", len(sys_direct) - len(ignored))
    for k, (gs, ge, name, named) in enumerate(doc.direct):
        j = g2s.get(k)
        if j is None:
            t.errors.append(f"{doc.id} direct missed [{name}]: {_snip(doc.text, gs, ge)}")
            continue
        if not name:
            continue
        q = sys_direct[j]
        ok = names_match(name, system_names(q, report))
        t.add("speaker_gold")
        t.add("speaker_correct", ok)
        if named:
            t.add("speaker_named_gold")
            t.add("speaker_named_correct", ok)
        if not ok:
            t.errors.append(f"{doc.id} speaker {name!r} got {q.speaker!r}: {_snip(doc.text, gs, ge)}")
    for j, q in enumerate(sys_direct):
        if j not in g2s.values() and j not in ignored:
            t.errors.append(f"{doc.id} direct spurious [{q.speaker}]: {_snip(doc.text, q.start, q.end)}")
    spans = [(q.start, q.end) for q in report.quotes]
    t.add("indirect_gold", len(doc.indirect))
    for gs, ge in doc.indirect:
        if any(_cover((gs, ge), s) for s in spans):
            t.add("indirect_found")
        else:
            t.errors.append(f"{doc.id} indirect missed: {_snip(doc.text, gs, ge)}")
    t.add("indirect_pred", len(sys_indirect))
    t.add("indirect_in_gold", sum(1 for q in sys_indirect if any(_inter(c, (q.start, q.end)) for c in doc.contents)))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def metrics(t: Tally) -> dict[str, float]:
    c = t.counts.get
    p, r = _ratio(c("direct_correct", 0), c("direct_pred", 0)), _ratio(c("direct_correct", 0), c("direct_gold", 0))
    return {
        "direct_p": p,
        "direct_r": r,
        "direct_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "indirect_p": _ratio(c("indirect_in_gold", 0), c("indirect_pred", 0)),
        "indirect_r": _ratio(c("indirect_found", 0), c("indirect_gold", 0)),
        "speaker_acc": _ratio(c("speaker_correct", 0), c("speaker_gold", 0)),
        "speaker_named_acc": _ratio(c("speaker_named_correct", 0), c("speaker_named_gold", 0)),
        **{k: float(v) for k, v in sorted(t.counts.items())},
    }


def run(path: Path, split: str = "dev", limit: Optional[int] = None) -> Tally:
    from veille.errors import InputError
    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    if split == "test":
        raise ValueError("the PolNeAR test split is held out (../shared/data/heldout/README.md)")
    docs = read_split(Path(path), split, limit)
    t = Tally()
    arts = [Article.build(d.text, id=d.id) for d in docs]
    for d, rep in zip(docs, extract_articles(arts, lang="en"), strict=True):
        if isinstance(rep, InputError):
            t.add("pipeline_failures")
            continue
        score_doc(d, rep, t)
    return t


def evaluate(path: Path, limit: Optional[int] = None, split: str = "dev") -> dict[str, float]:
    """Direct-quote P/R/F1, name-resolved speaker accuracy and indirect recall on a PolNeAR split."""
    return metrics(run(path, split, limit))


def main(argv: Optional[list[str]] = None) -> int:  # pragma: no cover - thin command line
    import argparse

    ap = argparse.ArgumentParser(prog="python -m veille.eval.polnear", description=__doc__.split("\n\n")[0])
    ap.add_argument("--path", default=str(Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polnear"))
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    t = run(Path(args.path), args.split, args.limit)
    if args.errors:
        print("\n".join(t.errors))
    for k, v in metrics(t).items():
        print(f"{k}\t{v:.3f}" if v < 1.5 else f"{k}\t{int(v)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
