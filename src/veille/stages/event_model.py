"""Learned ACLED typing for the events stage: a linear model trained on human-coded ACLED notes.

The event model scores an event's sentences (or a whole short text) over ACLED's 25 sub-event
types plus ``NONE`` (news text that reports no ACLED event); beside it, the actor model names
actor1 the way ACLED's coders do and the country model tells the event's country from its words. It is a multinomial logistic regression
over sparse features; ``training/train_event_model.py`` rebuilds it from the coded notes
(see ``training/DATA_CARD.md``) and writes ``data/models/{event,actor,country}_model_<lang>.npz``.

Features (:func:`features`), the same at training and at run time:

- ``w:<lemma>``: content words, lower-cased lemmas, numbers folded to ``<num>``;
- ``b:<lemma>_<lemma>``: adjacent content-word pairs (English model only);
- ``lex:<kind>=<value>``: the trigger lexicon's hits (``data/event_triggers_<lang>.tsv``):
  event classes, weapons, actor classes and cues, which mean the same in every language.

French text is carried into the English model's feature space: each French lemma becomes
its English equivalents from ``data/fr/glossary_en.tsv`` (conflict-news words, written here),
else ``data/fr/freedict_en.tsv`` (the FreeDict dictionaries, GPL-2+), and the French model is trained without word
pairs on the same notes. Inference is a sparse dot product in NumPy: scikit-learn is needed
only to train.
"""

from __future__ import annotations

import json
import math
import re
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

import numpy as np

from veille.acled import PERIOD
from veille.resources import DATA
from veille.stages.event_types import lexicon

MODELS = DATA / "models"
NONE = "NONE"  # event model: the text reports no ACLED event
OTHER = "OTHER"  # actor model: an actor1 outside the templates it knows
FEATURE_KINDS = frozenset({"trigger", "weapon", "actor", "cue", "domain"})  # lexicon kinds the models read
_REGIME_PERIOD = re.compile(r"\s*" + PERIOD + r".*$")
_SKIP_POS = {"PUNCT", "SPACE", "DET", "ADP", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "SYM", "X"}


TRANSLATION_FILES = ("glossary_en.tsv", "freedict_en.tsv")  # first file that has a lemma wins


@lru_cache(maxsize=None)
def translations(lang: str) -> dict[str, tuple[str, ...]]:
    """Lemma -> English lemmas, for a language carried into the English feature space."""
    table: dict[str, tuple[str, ...]] = {}
    for name in TRANSLATION_FILES:
        path = DATA / lang / name
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            src, _, tgt = line.partition("\t")
            if line.startswith("#") or not tgt or src in table:
                continue
            table[src] = tuple(w for w in tgt.split("|") if w)
    return table


PROPN = "<propn>"  # a masked proper noun


@lru_cache(maxsize=None)
def kept_names() -> frozenset[str]:
    """Proper-noun words a masked model keeps (see :func:`features`): the words of the actor
    gazetteer's names and aliases (``data/actors.tsv``: "boko", "haram", "shabaab") and the
    nationality adjectives (``data/nationalities.tsv``: "nigerian"), lower-cased. They name
    actors and sides the same way in every country; towns, people and local parties do not."""
    from veille.resources import nationality_rows
    from veille.stages.entity_base import load_actors

    forms = [form for actor in load_actors().values() for form, _ in actor.aliases]
    forms += [form for row in nationality_rows() for forms_ in row[1:] for form in forms_]
    words = {w.lower().replace("’", "'") for form in forms for w in re.split(r"[\s\-]+", form)}
    return frozenset(w for w in words if len(w) >= 3 and w.isalpha())


MASKS: dict[str, Callable[[], Optional[frozenset[str]]]] = {
    "": lambda: None,  # proper nouns read as they are
    "names": kept_names,  # masked but for the actor gazetteer's and nationality words
    "all": frozenset,  # all masked
}


def _word(tok, mask: Optional[frozenset[str]] = None) -> Optional[str]:
    """The feature word of a token: its lower-cased lemma, ``<num>`` for numbers, None to skip;
    with ``mask``, ``<propn>`` for a proper noun whose lemma is not in ``mask``."""
    if tok.pos_ in _SKIP_POS or tok.is_punct or tok.is_space:
        return None
    if tok.like_num or any(ch.isdigit() for ch in tok.text):
        return "<num>"
    lemma = (tok.lemma_ or tok.text).lower().replace("’", "'")
    if len(lemma) < 2 or not any(ch.isalpha() for ch in lemma):
        return None
    if mask is not None and tok.pos_ == "PROPN" and lemma not in mask and tok.lower_ not in mask:
        return PROPN
    return lemma


def features(tokens, lang: str, pairs: Optional[bool] = None, hits: Optional[list] = None,
             mask: Optional[frozenset[str]] = None) -> dict[str, float]:
    """The raw feature counts of a token sequence (a spaCy Doc or Span); :func:`bag` scales them.
    ``hits``: the trigger lexicon's matches over ``tokens`` when the caller already has them.
    ``mask``: proper nouns become one ``<propn>`` per name (adjacent ones count once), except the
    words in ``mask`` (:func:`kept_names`), so that town and person names of the training
    countries do not stand for a sub-type."""
    pairs = (lang == "en") if pairs is None else pairs
    table = translations(lang) if lang != "en" else {}
    feats: dict[str, float] = {}
    prev: Optional[str] = None
    for tok in tokens:
        w = _word(tok, mask)
        if w is None or (w == PROPN and prev == PROPN):
            continue
        if lang != "en" and w not in ("<num>", PROPN):
            words = table.get(w) or table.get(tok.lower_) or ()
            for e in words:
                feats["w:" + e] = feats.get("w:" + e, 0.0) + 1.0 / len(words)
            w = words[0] if words else None
        else:
            feats["w:" + w] = feats.get("w:" + w, 0.0) + 1.0
        if pairs and w is not None and prev is not None:
            key = f"b:{prev}_{w}"
            feats[key] = feats.get(key, 0.0) + 1.0
        prev = w
    for hit in lexicon(lang).match(tokens) if hits is None else hits:
        if hit.entry.kind not in FEATURE_KINDS:
            continue
        key = f"lex:{hit.entry.kind}={hit.entry.value}"
        feats[key] = feats.get(key, 0.0) + 1.0
    return feats


def bag(spans: Iterable, lang: str, pairs: Optional[bool] = None, hits: Optional[list[list]] = None,
        mask: Optional[frozenset[str]] = None) -> dict[str, float]:
    """The model input for some sentences (with their lexicon ``hits``, when known): their summed
    feature counts, scaled."""
    counts: dict[str, float] = {}
    spans = list(spans)
    for span, span_hits in zip(spans, hits if hits is not None else [None] * len(spans), strict=True):
        for k, v in features(span, lang, pairs, span_hits, mask).items():
            counts[k] = counts.get(k, 0.0) + v
    return scale(counts)


def scale(values: dict[str, float], counts: bool = True) -> dict[str, float]:
    """Sub-linear counts (1 + log n; ``counts=False``: values already are), then unit length, so
    that long and short texts score on one scale."""
    out = {k: 1.0 + math.log(v) if counts and v >= 1 else v for k, v in values.items()}
    norm = math.sqrt(sum(v * v for v in out.values())) or 1.0
    return {k: v / norm for k, v in out.items()}


@dataclass
class Prediction:
    label: str  # an ACLED sub-event type or NONE (event model); an actor template or OTHER (actor model)
    probability: float
    ranked: list[tuple[str, float]]  # the five best labels

    def p(self, label: str) -> float:
        return next((q for lab, q in self.ranked if lab == label), 0.0)


VECTOR_MIN_ROWS = 12  # below this many known features a loop is as fast as array operations


@dataclass
class LinearModel:
    labels: list[str]
    index: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    mask: str = ""  # trained with proper nouns masked (meta "mask_propn"): "" none, "names" (kept_names kept), "all"

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as z:
            labels = [str(x) for x in z["labels"]]
            vocab = [str(x) for x in z["vocab"]]
            meta = json.loads(str(z["meta"])) if "meta" in z.files else {}
            return cls(labels, {f: i for i, f in enumerate(vocab)}, z["weights"].astype(np.float32), z["bias"].astype(np.float32),
                       str(meta.get("mask_propn") or ""))

    def predict(self, feats: dict[str, float]) -> Prediction:
        rows, values = [], []
        for f, v in feats.items():
            i = self.index.get(f)
            if i is not None:
                rows.append(i)
                values.append(v)
        if len(rows) < VECTOR_MIN_ROWS:
            logits = self.bias.copy()
            for i, v in zip(rows, values, strict=True):
                logits += v * self.weights[i]
        else:
            # the same float32 sums in the same order, in three array operations instead of two per feature
            terms = np.empty((len(rows) + 1, len(self.bias)), dtype=np.float32)
            terms[0] = self.bias
            np.multiply(np.array(values, dtype=np.float32)[:, None], self.weights[rows], out=terms[1:])
            logits = np.add.accumulate(terms, axis=0)[-1]
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        order = np.argsort(-probs, kind="stable")[:5]
        ranked = [(self.labels[i], float(probs[i])) for i in order]
        return Prediction(ranked[0][0], ranked[0][1], ranked)


def actor_template(actor: str, country: str) -> str:
    """An ACLED actor name as a template: the regime period dropped, the event's country as
    ``{country}`` ("Police Forces of Kenya (2013-)" in Kenya -> "Police Forces of {country}")."""
    name = _REGIME_PERIOD.sub("", (actor or "").strip())
    if country and country in name:
        name = name.replace(country, "{country}")
    return name


@lru_cache(maxsize=None)
def model(kind: str, lang: str) -> Optional[LinearModel]:
    """The shipped ``kind`` model (event, actor) for ``lang``; None when none is shipped, or with
    ``VEILLE_EVENT_MODEL=off`` (the rules alone, for ablations). ``VEILLE_EVENT_MODEL=DIR`` loads
    the models of another folder."""
    setting = os.environ.get("VEILLE_EVENT_MODEL", "")
    if setting == "off":
        return None
    path = (Path(setting) if setting else MODELS) / f"{kind}_model_{lang}.npz"
    return LinearModel.load(path) if path.exists() else None


@dataclass
class Reading:
    """What the models read in an event's sentences."""

    event: Optional[Prediction] = None  # sub-event type or NONE
    actor1: Optional[Prediction] = None  # actor1 template or OTHER
    country: Optional[Prediction] = None  # ISO2 of the event's country, or OTHER


KINDS = ("event", "actor", "country")


def confident(pred: Optional[Prediction], trust: float) -> Optional[str]:
    """The predicted label when it names something (not NONE or OTHER) with probability ``trust`` or more."""
    if pred is None or pred.label in (NONE, OTHER) or pred.probability < trust:
        return None
    return pred.label


def read(spans: Iterable, lang: str, hits: Optional[list[list]] = None) -> Reading:
    """The models' reading of some sentences (with their lexicon ``hits``, when known), taken as one
    bag of features."""
    models = [model(kind, lang) for kind in KINDS]
    if not any(models):
        return Reading()
    spans = list(spans)
    views: dict[str, dict[str, float]] = {}  # a model's mask -> its features (a masked model reads proper nouns as <propn>)
    for m in models:
        if m is not None and m.mask not in views:
            views[m.mask] = bag(spans, lang, hits=hits, mask=MASKS[m.mask]())
    if not any(views.values()):
        return Reading()
    return Reading(*(m.predict(views[m.mask]) if m is not None and views[m.mask] else None for m in models))
