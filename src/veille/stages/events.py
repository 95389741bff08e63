"""Stage: events. ACLED-typed events with actors, date, place, casualties and evidence.

1. **Mentions.** Each sentence is matched against the trigger lexicon
   (``data/event_triggers_<lang>.tsv``). A trigger counts only when it reports an event that
   happened: not negated, not under a modal or intention ("threatened to attack", "pourrait
   frapper", "mission de combat"), not a generic or habitual statement ("les forces mènent les
   batailles", "chaque attaque"), not in a sports/economy sense ("market crash", "l'attaque de
   Mbappé"). Weak triggers (land, fall, hit, atterrir, tomber) need a weapon in the sentence;
   ambiguous ones (attack, strike, battle) need conflict context (weapon, armed or civilian
   actor, casualties). Verbs in the simple present count only in the first sentence (headline or
   lead) or with a time expression; nouns need an anchor (a past-tense governing verb, a time
   expression, casualties, or the lead). Very short texts (a snippet, an ACLED note) with no
   event by these rules get a second, relaxed pass (tense and anchor not required).
2. **Merging.** ACLED codes one event per day and place. A mention joins the latest event
   when its own date and place (if any) agree with it and nothing marks it as separate
   ("separately", "par ailleurs"); an anaphoric noun ("the attack", "l'attaque") without its own
   date or place always joins the latest event. Sentences that only report casualties join the
   event of the previous two sentences.
3. **Typing** (``event_types.classify``) over the cues of all the event's sentences, with the
   codebook's precedence.
4. **Arguments.** actor1/actor2 from the dependency parse (subject / agent vs object /
   passive subject / "on, against, contre, sur" phrases), named by the entities layer (canonical
   name, actor_type) or by ACLED's generic names ("Unidentified Armed Group (Iraq)",
   "Civilians (Mali)", "Protesters (Kenya)"); the target of a remote attack with no object is the
   named site it hit. Date: the time expression of the sentence nearest the trigger; else the
   event's other sentences; else, for a fresh event in a dated article, the week ending on the
   publication date (precision "week", ACLED time_precision 2, confidence 0.3); an article
   without a publication date gets no date rather than a guess. Place: the most specific place
   of the sentence (town > region > country), nearest the trigger; the named site comes from
   FACILITY entities. Fatalities and injuries come from the casualties layer: 0 when the text
   says there were none, None when it is silent.
5. **Background.** An event is background when its date ends more than 30 days before
   publication, when it or the previous sentence carries a background cue ("not the first
   time", "last year", "l'an dernier"), or when it is told in the pluperfect without a day of its
   own or with one more than a week old ("des missiles avaient atterri", "des élèves s'étaient
   lancés dans une mobilisation"; "la veille, ... s'étaient rassemblés" stays current). Pluperfect under a reporting verb
   ("a annoncé qu'un missile avait atterri") is reported speech, not background.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal, Optional

from veille.acled import country_names as acled_country_names
from veille.acled import with_period, without_period
from veille.document import CasualtyMention, Document
from veille.geo import distance_km
from veille.resources import load_json
from veille.schema import Casualties, Event, EventActor, EventDate, EventPlace, Span, TimeExpression
from veille.stages import event_model
from veille.stages import event_filter
from veille.stages.places import names_road, told_as_origin
from veille.stages.event_types import (
    PROTEST,
    VIOLENT,
    Cues,
    Entry,
    Hit,
    Lexicon,
    cameo_root,
    classify,
    defining_words,
    state_actor_unit,
    event_type_of,
    lexicon,
)

BACKGROUND_DAYS = 30
SAME_WEEK_DAYS = 7  # an event at most this many days before the article's (main event's) day is not background
_CLOCK = re.compile(r"^(?:vers |à |at |around |about |peu avant |peu après |shortly (?:before|after) )?\d{1,2}(?: ?h(?:eures?)?\b| ?[ap]\.?m\.?|:\d\d| ?o'clock)", re.I)
_PAST_RELATIVE = re.compile(r"\b(?:last|previous|earlier|dernier|dernière|passé|passée|précédent|précédente)\b", re.I)
_WAR_TOTAL = re.compile(r"\b(?:war|conflict|insurgency|insurrection|since|guerre|conflit|depuis|au total|in total)\b", re.I)


@lru_cache(maxsize=None)
def _word_set(name: str) -> frozenset[str]:
    """A word list of the trigger lexicons (kind "word"), French and English together: the parse
    rules below read both languages' words, as a French text may quote English and the reverse."""
    return lexicon("fr").words.get(name, frozenset()) | lexicon("en").words.get(name, frozenset())


_NAMED_DAY = re.compile(r"^XXXX-\d\d-\d\d$")  # a day and month whose year nothing gives
SHORT_TEXT = 700  # characters: below this, a text with no event gets the relaxed pass

_REPORTING = _word_set("reporting_verb")
_ATTEMPT = _word_set("attempt_verb")
_PERPETRATE = _word_set("perpetrate_verb")
_DEFINITE = _word_set("definite_determiner")
_NEG_WORDS = _word_set("negation")
_TARGET_PREPS = _word_set("target_preposition")
_AGENT_PREPS = _word_set("agent_preposition")
_WITH_VERBS = _word_set("with_verb")
_NP_CUT = {"prep", "acl", "relcl", "advcl", "appos", "acl:relcl", "punct", "cc", "conj", "parataxis", "obl", "obl:mod"}
_PLACE_NOUNS = _word_set("place_noun")
_OCCURRENCE_VERBS = _word_set("occurrence_verb")  # "se tenir", "se dérouler", "occur", "be held"
_OCCURRENCE_LIGHT_VERBS = _word_set("occurrence_light_verb")  # "avoir" (lieu), "take" (place)
_OCCURRENCE_OBJECTS = _word_set("occurrence_object")  # "lieu", "place"
_PERSON_CLASSES = {"civilians", "protesters", "rioters", "armed", "state"}
Precision = Literal[1, 2, 3]  # ACLED's time_precision and geo_precision codes
_FEATURE_RANK = {"site": 0, "city": 0, None: 1, "region": 2, "admin1": 2, "country": 3}


# --------------------------------------------------------------------------- small helpers
def _is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and "Part" in tok.morph.get("VerbForm"))


def _is_noun(tok) -> bool:
    return tok.pos_ in ("NOUN", "PROPN")


def _aux(tok) -> list:
    return [c for c in tok.children if c.dep_.startswith("aux")]


def _present(tok) -> bool:
    """A finite simple-present verb, or a present passive ("are killed", "sont visés")."""
    if "Fin" in tok.morph.get("VerbForm") and "Pres" in tok.morph.get("Tense"):
        return not _aux(tok) or all("Pres" in a.morph.get("Tense") and a.lemma_ not in ("have", "avoir") for a in _aux(tok))
    if tok.tag_ in ("VBZ", "VBP"):
        return True
    aux = _aux(tok)
    if aux and tok.tag_ == "VBN" or aux and "Part" in tok.morph.get("VerbForm"):
        if any(a.lemma_ in ("have", "avoir") for a in aux):
            return False
        return all("Pres" in a.morph.get("Tense") or a.tag_ in ("VBZ", "VBP") for a in aux)
    return False


def _pluperfect(tok) -> bool:
    aux = _aux(tok)
    if any(a.lower_ in ("had", "'d") for a in aux):
        return True
    return any(a.lemma_ in ("avoir", "être") and "Imp" in a.morph.get("Tense") for a in aux) and "Part" in tok.morph.get("VerbForm")


def _negated(tok) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "advmod:neg") and c.lower_ in _NEG_WORDS):
            return True
    for a in _aux(tok):
        if any(c.dep_ == "neg" for c in a.children):
            return True
    return False


def _under_reporting(tok) -> bool:
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return False
        if t.dep_ in ("ccomp", "obj", "dobj", "parataxis", "conj") and t.head.lemma_.lower() in _REPORTING:
            return True
        t = t.head
    return False


def _head_token(sent, hit: Hit):
    toks = [sent.doc[i] for i in range(hit.start, hit.end)]
    toks.sort(key=lambda t: t.pos_ != "VERB")  # "drone struck": the verb heads the phrase
    for t in toks:
        if t.pos_ in ("VERB", "NOUN", "PROPN", "ADJ") and not (hit.start <= t.head.i < hit.end and t.head.i != t.i):
            return t
    return next((t for t in toks if t.pos_ in ("VERB", "NOUN", "PROPN")), toks[0])


def _country_name(code: Optional[str]) -> Optional[str]:
    if not code:
        return None
    return _country_names().get(code.upper())


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    out = {}
    for c in pycountry.countries:
        out[c.alpha_2] = getattr(c, "common_name", None) or c.name
    out.update({"CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "SY": "Syria", "IR": "Iran",
                "RU": "Russia", "TR": "Turkey", "KR": "South Korea", "KP": "North Korea", "TZ": "Tanzania", "VE": "Venezuela",
                "BO": "Bolivia", "PS": "Palestine", "LA": "Laos", "VN": "Vietnam", "MD": "Moldova"})
    out.update(acled_country_names())  # the names ACLED's coders write, where the coded data shows them
    return out


_OF_THE = {"CD", "US", "GB", "CF", "PH", "NL", "CG", "AE", "GM", "BS", "KM", "MV", "SC", "SB", "MH"}


def _country_phrase(code: Optional[str]) -> Optional[str]:
    name = _country_name(code)
    if name and code and code.upper() in _OF_THE:
        return "the " + name
    return name


def _acled_name(e) -> str:
    """ACLED's name for a state actor ("Military Forces of Mali", "Police Forces of Chad"); others keep their name."""
    cls = _actor_class(e.actor_type)
    if cls != "state" or not e.country or e.type != "ORG":
        return e.name
    words = " ".join([e.name, *e.aliases]).lower()
    of = _country_phrase(e.country)
    if any(k in words for k in ("police", "gendarm", "garde nationale", "national guard", "intelligence", "renseignement", "agence nationale de sécurité", "security agency", "security service")):
        return f"Police Forces of {of}"
    if any(k in words for k in ("government", "gouvernement", "ministry", "ministère", "presidency", "présidence", "junta", "junte", "authorities", "autorités")):
        return f"Government of {of}"
    if any(k in words for k in ("army", "armée", "forces", "military", "militaire", "troops", "air force", "navy", "marine", "defence", "défense", "fama", "fardc")):
        return f"Military Forces of {of}"
    return e.name


@lru_cache(maxsize=1)
def _nationalities() -> dict[str, str]:
    """Nationality adjective (lower case, EN and FR forms) -> ISO2, from the entities stage's data file."""
    import unicodedata

    from veille.resources import nationality_rows, plural_form

    out: dict[str, str] = {}
    for iso, *columns in nationality_rows():
        for col in columns:
            for form in col:
                f = form.strip().lower()
                if not f:
                    continue
                for v in {f, plural_form(f)}:
                    out[v] = iso
                    out["".join(ch for ch in unicodedata.normalize("NFD", v) if unicodedata.category(ch) != "Mn")] = iso
    return out


def _national_forces(toks) -> Optional["ActorGuess"]:
    """ "Russian missiles", "frappes aériennes russes", "a Turkish drone": the state behind a weapon."""
    nat = _nationalities()
    for t in toks:
        for c in [*t.children, *(g for ch in t.children if ch.dep_ in ("compound",) for g in ch.children)]:
            if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in nat:
                code = nat[c.lower_]
                return ActorGuess(f"Military Forces of {_country_phrase(code) or code}", "state", span=(c.idx, c.idx + len(c)), confidence=0.6)
    return None


def _fill(template: str, code: Optional[str]) -> str:
    """Fill an ACLED name template for country ``code``: "Civilians (Mali)", "Military Forces of the United States"."""
    name, phrase = _country_name(code), _country_phrase(code)
    if name and phrase:
        return template.replace(" of {country}", " of " + phrase).replace("{country}", name)
    return template.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "").strip()


def _actor_class(actor_type: Optional[str]) -> Optional[str]:
    if not actor_type:
        return None
    a = actor_type.lower()
    if any(k in a for k in ("protest",)):
        return "protesters"
    if "riot" in a:
        return "rioters"
    if "civilian" in a:
        return "civilians"
    if any(k in a for k in ("state", "military", "police", "government", "external")):
        return "state"
    if any(k in a for k in ("rebel", "militia", "armed", "jihad", "terror", "insurg", "political")):
        return "armed"
    return None


# --------------------------------------------------------------------------- working data
@dataclass
class ActorGuess:
    name: str
    cls: Optional[str]
    template: bool = False  # name still has a {country} slot
    entity_id: Optional[str] = None
    actor_type: Optional[str] = None
    span: Optional[tuple[int, int]] = None
    confidence: float = 0.6


@dataclass
class PlaceRef:
    start: int
    end: int
    place: Any  # veille.schema.Place or None
    name: str
    feature: Optional[str]
    near: bool = False


@dataclass
class Mention:
    si: int
    span: tuple[int, int]
    triggers: list[tuple[Hit, Any]]  # (hit, head token)
    cues: Cues
    time: Optional[TimeExpression] = None
    place: Optional[PlaceRef] = None
    site: Optional[tuple[str, Optional[str], tuple[int, int]]] = None  # (name, entity_id, span)
    agent: Optional[ActorGuess] = None
    target: Optional[ActorGuess] = None
    background: bool = False
    separate: bool = False
    anaphoric: bool = False
    casualties: list[CasualtyMention] = field(default_factory=list)
    relaxed: bool = False
    confidence: float = 0.7
    report_time: Optional[TimeExpression] = None  # the date of the report, when the event has none
    headline: bool = False
    proposed: bool = False  # no trigger word: the event model read an event in the sentence


@dataclass
class Cluster:
    mentions: list[Mention]
    placed_by_article: bool = False  # no place told near the event: the article's town stands in

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def time(self) -> Optional[TimeExpression]:
        own = next((m.time for m in self.mentions if m.time is not None), None)
        return own if own is not None else self.first.report_time

    def place(self) -> Optional[PlaceRef]:
        return _best_place([m.place for m in self.mentions if m.place is not None])

    @property
    def background(self) -> bool:
        return self.first.background


def _best_place(refs: list[PlaceRef]) -> Optional[PlaceRef]:
    if not refs:
        return None
    return min(refs, key=lambda r: (_FEATURE_RANK.get(r.feature, 1) + (0 if r.place is not None and getattr(r.place, "geonameid", None) else 0.5)))


def _sentences(sdoc) -> list:
    """spaCy's sentences, split again at line breaks (a paragraph end always ends a sentence)."""
    out = []
    for sent in sdoc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text and tok.i > start:
                out.append(sdoc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(sdoc[start : sent.end])
    return [s for s in out if s.text.strip()]


class _Context:
    """Per-document lookups: sentences, lexicon hits, times, places, entities, casualties."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.lex: Lexicon = lexicon(doc.lang)
        self.sents = _sentences(doc.doc)
        self.hits = [self.lex.match(s) for s in self.sents]
        self._readings: dict[int, event_model.Reading] = {}
        self.casualties = doc.casualties
        text = doc.text
        # "OUAGADOUGOU, 18 avril 2024 (Veille) -": the dateline gives the publication, not an event date
        line = doc.dateline
        self.dateline = (line.start, line.end) if line is not None else None
        first_nl = text.find("\n")
        first_line = text[:first_nl].strip() if first_nl > 0 else ""
        self.headline_end = first_nl if first_line and len(first_line) < 250 and first_line[-1] not in ".!?»\"”" else -1
        self.times = []
        self.named_days: list = []
        for t in doc.times:
            if self.dateline and t.evidence and self.dateline[0] <= t.evidence[0].start < self.dateline[1]:
                continue
            # a dated or at least named reference (weekday), not "now" / "for three days" / "every Friday"
            specific = t.start_date is not None or t.weekday is not None
            clock = bool(_CLOCK.match((t.text or "").strip()))
            if t.evidence and t.kind == "date" and t.type in ("DATE", "TIME") and specific and not clock:
                self.times.append((t.evidence[0].start, t.evidence[0].end, t))
            elif t.evidence and t.kind == "date" and _NAMED_DAY.match(t.value or ""):
                # "le 30 juillet" in an article with no publication date: no year, so no date, but a
                # named day still anchors the event the sentence tells
                self.named_days.append((t.evidence[0].start, t.evidence[0].end, t))
        # without a publication date, the latest day the article names stands in for it when
        # telling background from current events (an article reports its latest events)
        ends = [t.end_date for _, _, t in self.times if t.end_date is not None]
        self.reference_day: Optional[date] = doc.published or (max(ends) if ends else None)
        self.places = self._places()
        self.facilities = self._facilities()
        # toponyms told with the areas they lie in ("X village (District, Province)")
        self.told_within = {r["start"] for r in doc.place_mentions or [] if r.get("within_place_id")}
        # toponyms a coder's note says the event is coded to ("coded to X", "(coded as X, Province)")
        self.coded = {r["start"] for r in doc.place_mentions or [] if r.get("coded")}
        # toponyms told as where the actors come from ("youths from Siaya", "residents of Nayeni")
        self.origin = {r.start for r in self.places if told_as_origin(doc.doc, r.start, r.end)}
        self.quotes = [(q.start, q.end) for q in doc.quotes if q.direct]
        # names of people and organisations: "Loretta Lynch", "Centre pour les victimes de la torture"
        self.names = [(m.start, m.end) for e in doc.entities if e.type in ("PERSON", "ORG") for m in e.mentions]

    def _places(self) -> list[PlaceRef]:
        refs: list[PlaceRef] = []
        for p in self.doc.places:
            spans = [(m.start, m.end) for m in p.mentions] or [(s.start, s.end) for s in p.evidence]
            for a, b in spans:
                refs.append(PlaceRef(a, b, p, p.name or p.text, p.feature))
        if not refs and not self.doc.places:
            labels = ("GPE", "LOC") if self.doc.lang == "en" else ("LOC", "GPE")
            for ent in self.doc.doc.ents:
                if ent.label_ in labels and ent.text[:1].isupper():
                    refs.append(PlaceRef(ent.start_char, ent.end_char, None, ent.text, None))
        text = self.doc.text
        if self.dateline:
            refs = [r for r in refs if not (self.dateline[0] <= r.start < self.dateline[1])]
        # a nationality word the places stage reads as its country ("Ukrainian forces") names an
        # actor, not where the event happened
        nat = _nationalities()
        refs = [r for r in refs if text[r.start:r.end].strip().lower() not in nat]
        near_words = [h for hits in self.hits for h in hits if h.entry.kind == "cue" and h.entry.value == "near"]
        for r in refs:
            for h in near_words:
                tok_end = self.doc.doc[h.end - 1].idx + len(self.doc.doc[h.end - 1])
                gap = text[tok_end : r.start]
                if 0 <= r.start - tok_end <= 25 and not any(ch in gap for ch in ".,;:()\"«»"):
                    r.near = True
            if r.place is not None and getattr(r.place, "precision", None) == "near":
                r.near = True
        return refs

    def _facilities(self) -> list[tuple[int, int, str, Optional[str]]]:
        out: list[tuple[int, int, str, Optional[str]]] = []
        for e in self.doc.entities:
            if e.type == "FACILITY":
                for m in e.mentions:
                    out.append((m.start, m.end, e.name, e.id))
        if not out and not any(e.type == "FACILITY" for e in self.doc.entities):
            for ent in self.doc.doc.ents:
                if ent.label_ == "FAC":
                    out.append((ent.start_char, ent.end_char, ent.text, None))
        return out

    def in_sentence(self, items, si):
        s = self.sents[si]
        return [x for x in items if s.start_char <= x[0] < s.end_char]

    def in_quote(self, char: int) -> bool:
        return any(a <= char < b for a, b in self.quotes)

    def reading(self, si: int) -> event_model.Reading:
        """The models' reading of sentence ``si`` alone (computed once)."""
        if si not in self._readings:
            self._readings[si] = event_model.read([self.sents[si]], self.doc.lang, [self.hits[si]])
        return self._readings[si]


# --------------------------------------------------------------------------- eventivity
@dataclass
class _SentInfo:
    weapons: set[str]
    actors: list[tuple[Hit, str]]  # (hit, class)
    cues: set[str]
    domain: list[Hit]
    has_time: bool
    casualties: list[CasualtyMention]
    conflict: bool
    triggers_strong: bool


def _sent_info(ctx: _Context, si: int) -> _SentInfo:
    hits = ctx.hits[si]
    sent = ctx.sents[si]
    actor_hits = [h for h in hits if h.entry.kind == "actor" and _flag_ok(h, sent)]
    # "base aérienne", "air base": a weapon word inside a longer actor phrase is no weapon; "grenade
    # launcher": nor is one inside a longer weapon phrase
    weapon_hits = [h for h in hits if h.entry.kind == "weapon" and _flag_ok(h, sent)]
    weapons = {h.entry.value for h in weapon_hits
               if not any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o in actor_hits + weapon_hits)}
    actors = [(h, h.entry.value.split(":", 1)[0]) for h in actor_hits]
    cues = {h.entry.value for h in hits if h.entry.kind == "cue" and "weak" not in h.entry.flags}
    cues |= {"weak_" + h.entry.value for h in hits if h.entry.kind == "cue" and "weak" in h.entry.flags}
    domain = [h for h in hits if h.entry.kind == "domain" and _flag_ok(h, sent)]
    has_time = bool(ctx.in_sentence(ctx.times, si) or ctx.in_sentence(ctx.named_days, si))
    cas = [c for c in ctx.casualties if sent.start_char <= c["start"] < sent.end_char]
    ents = [e for e in ctx.doc.entities if e.type == "ORG" and _actor_class(e.actor_type) in ("armed", "state")
            and any(sent.start_char <= m.start < sent.end_char for m in e.mentions)]
    strong = any(h.entry.kind == "trigger" and not h.entry.flags & {"amb", "weak"} for h in hits)
    conflict = bool(weapons or [a for a in actors if a[1] != "civilians" or "weak" not in a[0].entry.flags]
                    or [c for c in cas if not c["negated"]] or ents or strong)
    return _SentInfo(weapons, actors, cues, domain, has_time, cas, conflict, strong)


def _flag_ok(h: Hit, sent) -> bool:
    tok = _head_token(sent, h)
    if "noun" in h.entry.flags and not _is_noun(tok):
        return False
    if "verb" in h.entry.flags and not _is_verb(tok):
        return False
    return True


# A trigger hit becomes an event mention when no veto and no gate holds. Vetoes are what the
# words say against an event (negation, modality, a generic or ongoing reading, a wrong sense
# of the word); gates ask for corroboration the sentence lacks (a weapon, an armed actor, a
# date or a toll as anchor). A gated trigger is rescued when the event model, reading the
# sentence, is sure it reports an ACLED event (``rescued``): the rules' cues work as evidence,
# the model has the last word, as the ACLED-trained data teaches. Vetoes are never rescued.


def _sense_veto(ctx: _Context, si: int, hit: Hit, tok) -> Optional[str]:
    """The trigger's word is not used in its event sense here."""
    e = hit.entry
    sent = ctx.sents[si]
    if not _flag_ok(hit, sent):
        return "part_of_speech"
    # "violer les accords", "violate the ceasefire"; "seized weapons" is no territory
    objs = [c for c in tok.children if c.dep_ in ("obj", "dobj", "nsubjpass", "nsubj:pass")]
    obj_cues = {x.entry.value for x in ctx.hits[si] if x.entry.kind == "cue" for o in objs if x.start <= o.i < x.end}
    if "legal_object" in obj_cues and e.value in ("sexual", "attack", "kill"):
        return "legal_object"
    if "place" in e.flags and not _place_object(ctx, tok):
        return "not_a_place_object"
    if "person" in e.flags and _is_verb(tok) and not _human_object(ctx, si, tok):
        return "not_a_person_object"  # "a arrêté son direct", "je m'étais arrêté": stopping, not arresting
    if "crowd" in e.flags and _is_verb(tok) and not _noun_of_crowd(ctx, tok):
        return "not_a_crowd"  # "la jeune fille marchait sur le bord de la route": walking, not marching
    if e.value == "protest" and _festive(ctx, si, tok):
        return "festive"  # "L'accès à cette manifestation, ouverte à tous, est gratuit": a fair, not a protest
    if e.value == "arrest" and not _political_setting(ctx, si):
        return "policing"  # "dix personnes interpellées dans un réseau de recel": policing of crime
    if any(a <= tok.idx < b for a, b in ctx.names):
        return "in_a_name"  # "Loretta Lynch", "le Centre pour les victimes de la torture"
    return None


def _festive(ctx: _Context, si: int, tok) -> bool:
    """A protest word told among a fair's or a show's words (cue festive, in its sentence or the one
    before) with no protesters and no protest purpose: a public event, not a demonstration."""
    near = _sent_info(ctx, si).cues | (_sent_info(ctx, si - 1).cues if si > 0 else set())
    if "festive" not in near:
        return False
    info = _sent_info(ctx, si)
    return not any(c in ("protesters", "rioters") for _, c in info.actors) and not _protest_purpose(ctx, tok)


def _is_crowd(ctx: _Context, tok) -> bool:
    return ("Plur" in tok.morph.get("Number") or tok.lemma_.lower() in _cue_words(ctx.lex.lang, "crowd")
            or tok.lower_ in _cue_words(ctx.lex.lang, "crowd") or any(c.pos_ == "NUM" for c in tok.children))


def _plural_third_person(verb) -> bool:
    """The verb (or its finite auxiliary) agrees with a plural third-person subject."""
    forms = [verb] + _aux(verb)
    return any("Plur" in f.morph.get("Number") and "3" in f.morph.get("Person") for f in forms) or (
        "Part" in verb.morph.get("VerbForm") and "Plur" in verb.morph.get("Number") and not _aux(verb))


def _noun_of_crowd(ctx: _Context, tok) -> bool:
    """The verb's subject is a crowd: its own subject, or the governing verb's ("ils ont décidé de
    marcher"), or the noun it qualifies ("plusieurs milliers à marcher")."""
    t = tok
    for _ in range(3):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")]
        if subj:
            return _is_crowd(ctx, subj[0])
        if _is_verb(t) and _plural_third_person(t):
            return True  # "des milliers de personnes se sont mobilisées" parsed without a subject: the verb agrees
        if t.head.i == t.i:
            return False
        if t.dep_.startswith("acl") and _is_noun(t.head):
            return _is_crowd(ctx, t.head)
        t = t.head
    return False


def _negation_veto(tok) -> Optional[str]:
    """"Nobody was killed", "personne n'a été blessé", "no one was hurt", "did not attack"."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and c.lower_ in ("nobody", "none", "personne", "aucun", "aucune")
           or c.lower_ == "one" and any(d.lower_ == "no" for d in c.children) for c in tok.children):
        return "nobody"
    if _negated(tok) and _is_verb(tok):
        return "negated"
    return None


def _noun_modality_veto(ctx: _Context, si: int, tok) -> Optional[str]:
    """A generic, planned or hypothetical noun: "any attack", "a planned rally", "capability to strike"."""
    sent = ctx.sents[si]
    modal_lemmas = _cue_words(ctx.lex.lang, "modal")
    generic = _cue_words(ctx.lex.lang, "generic_det")
    dets = [c for c in tok.children if c.dep_ in ("det", "det:poss", "nummod")]
    if any(d.lemma_.lower() in generic or d.lower_ in generic for d in dets):
        return "generic_determiner"
    # "a planned rally", "une attaque prévue"
    if any(c.dep_ in ("amod", "acl") and c.lemma_.lower() in modal_lemmas for c in tok.children):
        return "modal_modifier"
    # "mission ... du combat direct", "capability to strike": a mission or capability nearby
    window = sent.doc[max(sent.start, tok.i - 12) : tok.i]
    if any(w.pos_ == "NOUN" and w.lemma_.lower() in modal_lemmas for w in window):
        return "modal_noun_nearby"
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            break
        t = t.head
        if t.lemma_.lower() in modal_lemmas and t.lemma_.lower() not in _REPORTING:
            return "modal_head"
        if _is_verb(t):
            if _negated(t) and t.lemma_.lower() in ("happen", "occur", "take", "produire", "avoir"):
                return "negated_occurrence"
            # "après les attentats de Paris, on gardera le souvenir ...": the known event is past
            if _verb_modality_veto(ctx, t) == "future" and not _after_known_event(ctx, tok):
                return "future_governor"  # "manifestera à la tête du cortège", "une marche aura lieu samedi"
            break
    return None


def _verb_modality_veto(ctx: _Context, tok) -> Optional[str]:
    """A verb under a modal, a plan or an infinitive, or in the future: "could attack",
    "threatened to strike", "manifestera", "vont être pillés"."""
    modal_lemmas = _cue_words(ctx.lex.lang, "modal")
    if any("Fut" in t.morph.get("Tense") for t in (tok, *_aux(tok))):
        return "future"
    if "Imp" in tok.morph.get("Mood"):
        return "imperative"  # a call, not a report: "bloquons tout", "Découvrez ses chroniques"
    h = tok.head
    if (h.i != tok.i and tok.dep_ == "xcomp" and h.lemma_.lower() in _cue_words(ctx.lex.lang, "future_auxiliary")
            and ({"Pres", "Imp"} & set(h.morph.get("Tense")))):
        return "future"  # "ils vont être pillés", "allait attaquer"
    for c in tok.children:
        if c.dep_.startswith("aux") and (c.lemma_.lower() in modal_lemmas or c.lower_ in modal_lemmas):
            return "modal_auxiliary"
    if h.i != tok.i and h.lemma_.lower() in modal_lemmas and tok.dep_ in ("xcomp", "ccomp", "advcl", "acl", "obj", "dobj", "pcomp", "pobj", "nmod", "obl:arg", "acl:relcl"):
        if h.lemma_.lower() not in _ATTEMPT:
            return "modal_head"
    # English marks the infinitive with "to": a bare VB is a headline's present ("Gunmen kill three")
    to_marked = any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)
    infinitive = to_marked or ("Inf" in tok.morph.get("VerbForm") and tok.lang_ != "en")
    if infinitive and h.lemma_.lower() not in _ATTEMPT and not _is_noun(h):
        return "infinitive"
    if infinitive and h.i != tok.i and _is_verb(h) and h.lemma_.lower() in _ATTEMPT:
        return _verb_modality_veto(ctx, h)  # "permettre de continuer de bombarder": the attempt verb's own mood decides
    if infinitive and _is_noun(h) and h.lemma_.lower() in modal_lemmas:
        return "infinitive_of_modal_noun"
    if infinitive and _is_noun(h) and h.lemma_.lower() in _cue_words(ctx.lex.lang, "instead_of"):
        return "instead_of"  # "au lieu de bombarder des civils, ...": what was not done
    return None


def _state_veto(ctx: _Context, si: int, tok, relaxed: bool) -> Optional[str]:
    """An ongoing state or a habit, not one event: "has fought since 2007", "les attaques étaient fréquentes"."""
    own_day = any(t.precision == "day" for _, _, t in ctx.in_sentence(ctx.times, si))
    durations = [x for x in ctx.hits[si] if x.entry.kind == "cue" and x.entry.value == "duration" and tok.i - 12 <= x.start <= tok.i + 12]
    # "depuis les attentats du 7 janvier": the event is the landmark the state runs from, no state itself
    if durations and not own_day and not _after_known_event(ctx, tok):
        if _is_noun(tok) or _present(tok) or any(a.lower_ in ("has", "have", "'s", "'ve") for a in _aux(tok)):
            return "duration"
    if _is_noun(tok) and "Plur" in tok.morph.get("Number"):
        head = tok.head
        cop = [c for c in head.children if c.dep_ in ("cop",)] if head.i != tok.i else []
        habitual = any("Imp" in x.morph.get("Tense") or ("Pres" in x.morph.get("Tense") and "Fin" in x.morph.get("VerbForm"))
                       or x.tag_ in ("VBZ", "VBP") for x in [head, *cop] if _is_verb(x) or x.dep_ == "cop")
        # told as happening is no habit ("des affrontements avaient lieu devant le tribunal"), unless a
        # generic word says it recurs ("des manifestations avaient lieu chaque samedi")
        generic = _cue_words(ctx.lex.lang, "generic_det")
        occurred = _takes_place(tok) and not any(t.lower_ in generic for t in ctx.sents[si])
        if habitual and not own_day and tok.dep_ in ("nsubj", "obj", "dobj") and not occurred:
            return "habitual_plural"
    # "has been fighting since 2007"
    if not relaxed and _is_verb(tok) and not _is_noun(tok) and tok.tag_ == "VBG" and any(a.lower_ == "been" for a in _aux(tok)):
        return "ongoing"
    return None


def _veto(ctx: _Context, si: int, hit: Hit, tok, relaxed: bool) -> Optional[str]:
    """Why the words rule out an event at this trigger (None: they do not)."""
    return (_sense_veto(ctx, si, hit, tok) or _negation_veto(tok)
            or (_noun_modality_veto(ctx, si, tok) if _is_noun(tok) else _verb_modality_veto(ctx, tok))
            or _state_veto(ctx, si, tok, relaxed))


def _corroboration_gate(ctx: _Context, si: int, hit: Hit, tok, info: _SentInfo, recent_event: bool) -> Optional[str]:
    """An ambiguous trigger needs a weapon, an armed actor or a conflict context; a trigger of
    a sports / economy / health sentence needs violence."""
    e = hit.entry
    if (e.value == "land" or "weapon" in e.flags) and not info.weapons:
        return "no_weapon"
    # a crowd verb with its crowd subject (checked by the vetoes) and a protest's purpose: "des
    # milliers de personnes ont marché samedi contre la loi travail", "hundreds rallied to demand ..."
    if "crowd" in e.flags and _is_verb(tok) and _protest_purpose(ctx, tok):
        return None
    # a protest verb with protesters in the sentence: "des militants CGT ont bloqué le dépôt"
    protesters = e.value == "protest" and any(c == "protesters" for _, c in info.actors)
    if "weak" in e.flags and not (info.weapons or any(c in ("armed", "state") for _, c in info.actors) or protesters):
        return "no_armed_actor"
    if "amb" in e.flags and not (info.conflict or recent_event or _takes_place(tok) or _specific_occurrence(ctx, si, hit, tok)
                                 or (e.value == "protest" and _is_noun(tok) and (_protest_purpose(ctx, tok) or _own_day(ctx, si)))):
        return "no_conflict"  # "une manifestation contre la loi El Khomri" says what the crowd stood against
    crowd = any(c in ("protesters", "rioters") for _, c in info.actors)
    if info.domain and not (e.value == "protest" or crowd):
        # protests over prices stay protests; "a battle for market share" is no battle
        near = {t.i for t in (tok, tok.head, *tok.children)} | {g.i for c in tok.children if c.dep_ in ("prep", "nmod") for g in c.children}
        # the dead of an accident (domain accident) are no sign of violence, a weapon or an armed actor is
        accident = any(h.entry.value == "accident" for h in info.domain)
        armed = (info.weapons or (not accident and [c for c in info.casualties if not c["negated"]])
                 or any(c in ("armed", "state") for _, c in info.actors))
        if any(h.start <= i < h.end for h in info.domain for i in near):
            return "other_domain"
        if not armed and ("amb" in e.flags or not info.conflict):
            return "other_domain"
    return None


def _own_day(ctx: _Context, si: int) -> bool:
    """Does the sentence name a day ("Le 14 avril, lorsque le cortège ... a rejoint")?"""
    return any(t.precision == "day" for _, _, t in ctx.in_sentence(ctx.times, si)) or bool(ctx.in_sentence(ctx.named_days, si))


def _protest_purpose(ctx: _Context, tok) -> bool:
    """Does the verb say what a crowd stands against or for ("contre la loi", "against the war",
    "pour dénoncer", "to demand")? Words: lexicon lists protest_preposition, protest_purpose_verb."""
    preps = ctx.lex.words.get("protest_preposition", frozenset())
    verbs = ctx.lex.words.get("protest_purpose_verb", frozenset())
    for c in tok.children:
        if c.dep_ not in ("obl", "obl:arg", "obl:mod", "nmod", "prep", "advcl", "xcomp"):
            continue
        if c.lower_ in preps or c.lemma_.lower() in verbs or any(g.dep_ in ("case", "mark") and g.lower_ in preps for g in c.children):
            return True
    return False


def _specific_occurrence(ctx: _Context, si: int, hit: Hit, tok) -> bool:
    """An ambiguous trigger told as one dated or placed occurrence: an event noun whose own modifier
    is a date or a place ("les attaques du 13 novembre", "le massacre de Nice", "la manifestation du
    31 mars"), or a killing verb whose object is a person ("une avocate assassinée à Benghazi"). A
    country or a world region names no one occurrence ("une offensive commerciale en Europe")."""
    if _is_noun(tok):
        mods = [c for c in tok.children if c.dep_ in ("nmod", "amod", "obl", "obl:mod", "nmod:poss", "compound")]
        for c in mods:
            if any(a <= c.idx < b for a, b, _ in ctx.times + ctx.named_days):
                return True
            if any(p.start <= c.idx < p.end for p in ctx.places if p.feature not in ("country", "region")):
                return True
        return False
    return hit.entry.value == "kill" and _is_verb(tok) and _human_object(ctx, si, tok)


def _takes_place(tok) -> bool:
    """An event noun told as happening: the subject of an occurrence verb ("un rassemblement s'est
    tenu à Paris", "des heurts ont éclaté", "a protest took place", "the rally was held"), in a
    relative clause too ("le défilé qui s'est tenu dans le centre")."""
    if not _is_noun(tok):
        return False
    # "le défilé qui s'est tenu dans le centre", "the rally that took place"
    rel = [c for c in tok.children if c.dep_ in ("acl:relcl", "relcl") and any(g.dep_.startswith("nsubj") and g.pos_ == "PRON" for g in c.children)]
    if tok.dep_ not in ("nsubj", "nsubj:pass", "nsubjpass") and not rel:
        return False
    verb = rel[0] if rel else tok.head
    if verb.lemma_.lower() in _OCCURRENCE_VERBS:
        return True
    return verb.lemma_.lower() in _OCCURRENCE_LIGHT_VERBS and any(c.lower_ in _OCCURRENCE_OBJECTS for c in verb.children)


def _anchor_gate(ctx: _Context, si: int, tok, info: _SentInfo) -> Optional[str]:
    """Outside the lead, an event is told with an anchor: a date, a toll, a past-tense verb, a determiner."""
    sent = ctx.sents[si]
    if _is_noun(tok) and "Plur" in tok.morph.get("Number"):
        # bare plurals: "attacks on villages have displaced thousands" (a headline may use them)
        has_det = any(c.dep_ in ("det", "nummod", "det:poss", "poss") for c in tok.children)
        if not has_det and not info.has_time and si > 0:
            return "bare_plural"
    if _is_verb(tok) and not _is_noun(tok):
        if _present(tok) and si > 0 and not info.has_time:
            return "present_tense"
        return None
    # noun: needs an anchor (told as happening is one: "le défilé qui s'est tenu dans le centre"; so is
    # a protest's stated purpose: "lors d'une manifestation contre la loi El Khomri")
    if info.has_time or [c for c in info.casualties if not c["negated"]] or si == 0 or _takes_place(tok):
        return None
    if _is_noun(tok) and not ("Plur" in tok.morph.get("Number")) and _protest_purpose(ctx, tok) and any(
            h.entry.value == "protest" and h.start <= tok.i < h.end for h in ctx.hits[si]):
        return None
    t = tok
    if t.head.i != t.i and t.head.pos_ == "ADP":
        t = t.head
    h = t.head
    if h.i != t.i and _is_verb(h) and t.dep_ not in ("nmod", "compound"):
        if _present(h):
            return "present_tense"
        return None if "Inf" not in h.morph.get("VerbForm") or h.lemma_.lower() in _PERPETRATE else "infinitive"
    if not any(_is_verb(x) for x in sent):
        return None  # a verbless headline
    return None if info.casualties else "no_anchor"


def _gate(ctx: _Context, si: int, hit: Hit, tok, info: _SentInfo, relaxed: bool, recent_event: bool) -> Optional[str]:
    """What corroboration the sentence lacks for an event at this trigger (None: nothing)."""
    return _corroboration_gate(ctx, si, hit, tok, info, recent_event) or (None if relaxed else _anchor_gate(ctx, si, tok, info))


# When the event model's reading of a sentence stands for the rules (chosen on the dev splits of
# the ACLED notes, the French news set and the French TimeBank's event-free documents):
# (probability of its best ACLED sub-type at least, probability of "no event" at most), per
# language; None: never. A gated trigger is *rescued*; a sentence with no trigger word at all
# is *proposed* as an event only in English, where the model reads the language it learned
# from (French reaches it through a dictionary, too loosely to find events on its own).
# A short text in which the strict pass found no event (a brief, a coder's note) is read again,
# relaxed: there, both rescue and proposal take the ``relaxed`` bounds (on short event-free English
# text, PolNeAR dev leads, the hand-set ones add 1 false event in 84). The values and their
# provenance are data: ``data/event_cutoffs.json`` (training/tune_event_cutoffs.py).
def _cutoffs(key: str) -> dict[str, Any]:
    table = load_json("event_cutoffs.json")
    return {lang: (tuple(v[key]) if isinstance(v[key], list) else v[key]) for lang, v in table.items() if isinstance(v, dict)}


RESCUE = _cutoffs("rescue")
PROPOSE = _cutoffs("propose")
RELAXED = _cutoffs("relaxed")
MODEL_TRIGGER = Entry(words=(), kind="trigger", value="model")  # the class of a model-proposed event's predicate


def _sure(pred: Optional[event_model.Prediction], bounds: Optional[tuple[float, float]]) -> bool:
    if pred is None or bounds is None or pred.label == event_model.NONE:
        return False
    return pred.probability >= bounds[0] and pred.p(event_model.NONE) <= bounds[1]


def rescued(pred: Optional[event_model.Prediction], lang: str, relaxed: bool = False) -> bool:
    """The event model is sure the sentence reports an ACLED event, whatever the gates said."""
    return _sure(pred, RELAXED.get(lang) if relaxed else RESCUE.get(lang))


def proposes(pred: Optional[event_model.Prediction], lang: str, relaxed: bool = False) -> bool:
    """The event model alone is sure a sentence without a trigger word reports an ACLED event."""
    return _sure(pred, RELAXED.get(lang) if relaxed else PROPOSE.get(lang))


def _model_trigger(ctx: _Context, si: int) -> list:
    """The predicate of a sentence the model reads as an event: its main verb (or noun, in a
    verbless headline), unless negated, modal or ongoing."""
    sent = ctx.sents[si]
    root = sent.root
    tok = root if _is_verb(root) or _is_noun(root) else next((t for t in sent if _is_verb(t)), None)
    if tok is None:
        return []
    hit = Hit(MODEL_TRIGGER, tok.i, tok.i + 1)
    if _negation_veto(tok) or (_verb_modality_veto(ctx, tok) if _is_verb(tok) else None) or _state_veto(ctx, si, tok, False):
        return []
    return [(hit, tok)]


_HUMAN = _word_set("human_noun")


_REFLEXIVE = _word_set("reflexive_pronoun")
_CAUSATIVE = _word_set("causative_verb")  # "se faire arrêter": the subject is the one arrested
_NOT_HUMAN_PRONOUNS = _word_set("non_human_pronoun")


_POLITICAL_CLASSES = {"armed", "protesters", "rioters"}
_POLITICAL_TRIGGERS = {"protest", "riot", "clash", "airstrike", "shell", "explode", "suicide", "grenade"}


def _political_setting(ctx: "_Context", si: int) -> bool:
    """ACLED codes arrests of political and armed actors, not the policing of crime: the sentence or
    the one before names a political or armed party ("opposants", "jihadistes", an armed group),
    soldiers making the arrests, a protest or fighting."""
    for i in (si, si - 1):
        if i < 0:
            continue
        for h in ctx.hits[i]:
            kind, value = h.entry.kind, h.entry.value
            if kind == "political" or (kind == "actor" and value.split(":", 1)[0] in _POLITICAL_CLASSES) \
                    or (kind == "actor" and value.startswith("state:Military")) or (kind == "trigger" and value in _POLITICAL_TRIGGERS):
                return True
        sent = ctx.sents[i]
        if any(e.type == "ORG" and _actor_class(e.actor_type) == "armed" and any(sent.start_char <= m.start < sent.end_char for m in e.mentions)
               for e in ctx.doc.entities):
            return True
    return False


def _human_object(ctx: "_Context", si: int, tok) -> bool:
    """Does the verb ``tok`` act on people ("arrêté trois suspects", "X a été interpellé") rather than
    on a thing or itself ("a arrêté son direct", "je m'étais arrêté", "appréhender les situations")?"""
    kids = list(tok.children)
    shared = []
    if tok.dep_ == "conj":  # "a été molesté et interpellé": the first verb's subject is the second's
        kids += [c for c in tok.head.children if c.dep_ in ("nsubjpass", "nsubj:pass")]
        if any(c.dep_ in ("aux:pass", "auxpass") for c in tok.children):
            # "ces 151 jeunes, dont ..., ont été interpellés" parsed as a conjunct of the relative's verb:
            # the subject it shares undergoes the passive
            shared = [c for c in tok.head.children if c.dep_ == "nsubj"]
    causative = any(c.lemma_.lower() in _CAUSATIVE for c in kids) or tok.head.lemma_.lower() in _CAUSATIVE
    if not causative and any(c.lower_ in _REFLEXIVE and c.dep_.startswith(("expl", "obj", "dobj")) for c in kids):
        return False
    objs = [c for c in kids if c.dep_ in ("obj", "dobj", "nsubjpass", "nsubj:pass") and c.lower_ not in _REFLEXIVE] + shared
    around = kids + list(tok.head.children)
    if causative and any(c.lower_ in _REFLEXIVE for c in around):
        # "Mohammad se fait arrêter", "des manifestants se sont fait interpeller": the subject undergoes it
        objs += [c for c in around if c.dep_ == "nsubj"]
    crowd = _cue_words(ctx.lex.lang, "crowd")
    # "une centaine d'homosexuels", "dozens of activists": the people counted by a collective noun
    objs += [g for c in objs if c.lemma_.lower() in crowd or c.lower_ in crowd for g in c.children if g.dep_ in ("nmod", "prep", "pobj")]
    objs += [g for c in objs if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(
        (c.pos_ == "PRON" and c.lower_ not in _NOT_HUMAN_PRONOUNS and c.lower_ not in _REFLEXIVE)
        or c.lemma_.lower() in _HUMAN or c.ent_type_ in ("PERSON", "PER", "NORP")
        or any(x.entry.kind == "actor" and x.start <= c.i < x.end for x in ctx.hits[si])
        for c in objs
    )


def _refine_class(ctx: "_Context", si: int, h: Hit, tok) -> str:
    """A capture of people is an arrest or abduction; a capture of weapons disrupts their use."""
    cls = h.entry.value
    if cls not in ("capture", "regain") or len(h.entry.words) > 1 or "place" in h.entry.flags:
        return cls
    objs = [c for c in tok.children if c.dep_ in ("obj", "dobj", "nsubjpass", "nsubj:pass")]
    if any(c.lemma_.lower() in _PLACE_NOUNS or c.ent_type_ in ("GPE", "LOC") or any(p.start <= c.idx < p.end for p in ctx.places) for c in objs):
        return cls
    cue = {x.entry.value for x in ctx.hits[si] if x.entry.kind == "cue" for o in objs if x.start <= o.i < x.end}
    if "arms_object" in cue:
        return "weapons_disrupted"
    people = [e for e in ctx.doc.entities if e.type == "PERSON"]
    for c in objs:
        if c.pos_ == "PROPN" and not any(m.start <= c.idx < m.end for e in people for m in e.mentions):
            return cls  # "captured Goma": a proper name that is no person is a place
    if _human_object(ctx, si, tok):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "agent", "obl:agent")]
        state = any(x.entry.kind == "actor" and x.entry.value.startswith("state") and any(x.start <= sj.i < x.end for sj in subj) for x in ctx.hits[si])
        return "arrest" if state else "abduct"
    return cls


_OF_PREPS = {"de", "d'", "du", "des", "of"}


def _place_object(ctx: "_Context", tok) -> bool:
    """Does a territorial trigger ("prendre", "take", "la prise de") have a town or area as object?
    A noun's object is its "de" complement ("la prise de Mossoul", not "prises ... sur la Voie
    Romaine"); a participle's is the noun it qualifies ("la ville conquise", not "des institutions
    conquises")."""
    cands = [c for c in tok.children if c.dep_ in ("obj", "dobj", "nsubjpass", "nsubj:pass")]
    cands += [c for c in tok.children if c.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ in _OF_PREPS for g in c.children)]
    # "ont repris Kidal samedi": the small parser takes a bare name after the verb for an adjunct
    cands += [c for c in tok.children if c.dep_ in ("obl", "obl:mod", "obl:arg") and c.pos_ == "PROPN" and not any(g.dep_ == "case" for g in c.children)]
    if tok.dep_.startswith("acl") and _is_noun(tok.head):
        cands.append(tok.head)
    for c in list(cands):
        if c.lemma_.lower() in ("control", "contrôle"):
            cands.extend(g for g in c.subtree if g is not c)
    for c in cands:
        if c.lemma_.lower() in _PLACE_NOUNS or c.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        if any(p.start <= c.idx < p.end for p in ctx.places):
            return True
    return False


@lru_cache(maxsize=None)
def _cue_words(lang: str, value: str) -> frozenset[str]:
    """The one-word cues of the lexicon with this value: "modal" ("threaten", "vouloir"),
    "generic_det" ("any", "chaque"), "future_auxiliary" ("aller": "ils vont manifester")."""
    return frozenset(e.words[0] for es in lexicon(lang).by_first.values() for e in es
                     if e.kind == "cue" and e.value == value and len(e.words) == 1)


# --------------------------------------------------------------------------- arguments
def _arg_tokens(tok) -> tuple[list, list]:
    """(agent tokens, target tokens) of a trigger from the dependency parse."""
    agents, targets = [], []
    passive = any(c.dep_ in ("nsubjpass", "nsubj:pass", "auxpass", "aux:pass") for c in tok.children)
    for c in tok.children:
        d = c.dep_
        if d in ("nsubj",) and not passive:
            agents.append(c)
        elif d in ("nsubjpass", "nsubj:pass", "dobj", "obj"):
            targets.append(c)
        elif d in ("agent", "obl:agent"):
            agents.extend([g for g in c.children if g.dep_ == "pobj"] or [c])
        elif d == "prep" and (c.lower_ in _TARGET_PREPS or c.lower_ == "with" and tok.lemma_.lower() in _WITH_VERBS):
            targets.extend(g for g in c.children if g.dep_ == "pobj")
        elif d == "prep" and c.lower_ in _AGENT_PREPS:
            agents.extend(g for g in c.children if g.dep_ == "pobj")
        elif d in ("obl", "obl:arg", "obl:mod", "nmod") and any(
            k.lower_ in _TARGET_PREPS or k.lower_ == "avec" and tok.lemma_.lower() in _WITH_VERBS for k in c.children if k.dep_ == "case"
        ):
            targets.append(c)
        elif d in ("obl", "obl:arg", "obl:mod", "nmod") and any(k.lower_ in _AGENT_PREPS for k in c.children if k.dep_ == "case"):
            agents.append(c)
        elif d in ("poss", "nmod:poss"):
            agents.append(c)
        elif d == "nmod" and any(k.lower_ in ("de", "d'", "du", "des") for k in c.children if k.dep_ == "case"):
            agents.append(c)  # "l'attaque de Boko Haram" vs "l'attaque d'un convoi": sorted by class in _mention
        elif d == "compound" and _is_noun(tok):
            agents.append(c)
    h = tok.head
    if not agents and h.i != tok.i:
        if tok.dep_ in ("conj", "advcl", "xcomp") and _is_verb(h):
            agents.extend(c for c in h.children if c.dep_ == "nsubj")
        elif _is_noun(tok) and h.lemma_.lower() in _PERPETRATE:
            agents.extend(c for c in h.children if c.dep_ == "nsubj")
    return agents, targets


def _guess(ctx: _Context, tok, si: int) -> Optional[ActorGuess]:
    """Name an argument token: entity layer, then spaCy entities, then the actor lexicon."""
    doc = ctx.doc
    # the noun phrase without its prepositional / clausal modifiers ("a farmer [in his field near X]")
    cut = {i for c in tok.children if c.dep_ in _NP_CUT for i in (t.i for t in c.subtree)}
    sub = [t for t in tok.subtree if t.i not in cut] or [tok]
    a, b = sub[0].idx, sub[-1].idx + len(sub[-1])
    if b - a > 120:
        a, b = tok.idx, tok.idx + len(tok)
    place_spans = [(p.start, p.end) for p in ctx.places if p.feature != "site"]
    for w in ctx.hits[si]:
        if w.entry.kind == "weapon" and w.start <= tok.i < w.end:
            return None
    best = None
    for e in doc.entities:
        if e.type not in ("ORG", "PERSON", "FACILITY"):
            continue
        for m in e.mentions:
            if e.type != "FACILITY" and any(ps < m.end and m.start < pe for ps, pe in place_spans):
                continue
            if a <= m.start and m.end <= b:
                rank = 0 if m.start <= tok.idx < m.end else 1
                if best is None or rank < best[0]:
                    best = (rank, e, m)
    if best is not None:
        _, e, m = best
        cls = _actor_class(e.actor_type)
        if e.type == "FACILITY":
            cls = "site"
        return ActorGuess(_acled_name(e), cls, entity_id=e.id, actor_type=e.actor_type, span=(m.start, m.end), confidence=0.8)
    lex_hits = [h for h in ctx.hits[si] if h.entry.kind == "actor" and sub[0].i <= h.start and h.end <= sub[-1].i + 1]
    if lex_hits:
        h = min(lex_hits, key=lambda h: (0 if h.start <= tok.i < h.end else 1, -(h.end - h.start)))
        cls, template = h.entry.value.split(":", 1)
        span = (doc.doc[h.start].idx, doc.doc[h.end - 1].idx + len(doc.doc[h.end - 1]))
        if cls == "state" and _is_noun(tok) and tok.lemma_.lower() in ("base", "camp", "position", "convoy", "patrol", "checkpoint"):
            pass
        return ActorGuess(template, cls, template=True, span=span, confidence=0.6)
    if not doc.entities:
        labels = ("ORG", "NORP", "PERSON") if doc.lang == "en" else ("ORG", "PER")
        for ent in doc.doc.ents:
            if ent.label_ in labels and a <= ent.start_char and ent.end_char <= b:
                cls = None
                return ActorGuess(ent.text, cls, span=(ent.start_char, ent.end_char), confidence=0.5)
    return None


# --------------------------------------------------------------------------- mentions
def _trigger_candidates(ctx: _Context, si: int, info: _SentInfo, relaxed: bool, recent_event: bool) -> tuple[list, list]:
    """The sentence's trigger hits with their head tokens: (those that stand, those only gated)."""
    sent = ctx.sents[si]
    triggers, gated = [], []
    seen: set[int] = set()
    others = [o for o in ctx.hits[si] if o.entry.kind in ("actor", "weapon", "domain") or "masks" in o.entry.flags]
    for h in ctx.hits[si]:
        if h.entry.kind != "trigger":
            continue
        # "riot police", "suicide bomber", "without a fight": part of a longer actor / weapon / domain
        # phrase, or of a cue flagged as masking the words inside it
        if any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o in others):
            continue
        tok = _head_token(sent, h)
        if tok.i in seen or tok.ent_type_ in ("DATE", "TIME") or any(a <= tok.idx < b for a, b, _ in ctx.times):
            continue
        if _veto(ctx, si, h, tok, relaxed) is not None:
            continue
        if _gate(ctx, si, h, tok, info, relaxed, recent_event) is None:
            triggers.append((h, tok))
            seen.add(tok.i)
        else:
            gated.append((h, tok))
    return triggers, [(h, t) for h, t in gated if t.i not in seen]


def _kept_triggers(ctx: _Context, si: int, triggers: list, info: _SentInfo, relaxed: bool) -> list:
    """The triggers that speak for the sentence."""
    sent = ctx.sents[si]
    # a longer phrase covering a shorter one keeps only the longer
    triggers = [(h, t) for h, t in triggers if not any(o is not h and o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o, _ in triggers)]
    # a spaCy sentence running from the headline into the lead: the lead's triggers speak
    if ctx.headline_end > 0 and sent.start_char < ctx.headline_end < sent.end_char:
        body = [(h, t) for h, t in triggers if t.idx > ctx.headline_end]
        if body:
            triggers = body
    # "two days after his arrest", "arbitrary detentions since 2022": arrests are told with verbs
    # (unless the noun is told as happening: "the arrests occurred in the Kasarani neighbourhood")
    if si > 0:
        triggers = [(h, t) for h, t in triggers if not (h.entry.value == "arrest" and _is_noun(t) and not _takes_place(t))]
    # minor strategic developments (deployments, appointments, curfews) count in the lead or with a date
    minor = {"group_change", "other", "base", "agreement"}
    if not (si <= 2 or relaxed or info.has_time):
        triggers = [(h, t) for h, t in triggers if h.entry.value not in minor]
    return triggers


def _mention(ctx: _Context, si: int, relaxed: bool, recent_event: bool) -> Optional[Mention]:
    """The event mention of sentence ``si``, if its words report one: triggers, arguments, toll,
    time, place, background and anaphora, each read by its own rule below."""
    sent = ctx.sents[si]
    info = _sent_info(ctx, si)
    triggers, learned, proposed = _mention_triggers(ctx, si, info, relaxed, recent_event)
    if not triggers:
        return None
    cues, agent, target = _mention_arguments(ctx, si, info, triggers)
    cas = _mention_casualties(sent, info, cues)
    m = Mention(si=si, span=(sent.start_char, sent.end_char), triggers=triggers, cues=cues, agent=agent, target=target,
                casualties=cas, relaxed=relaxed, proposed=proposed)
    _mention_time(ctx, si, m, triggers)
    t0 = triggers[0][1]
    _mention_place(ctx, si, m, t0)
    m.separate = "separate" in info.cues
    _mention_background(ctx, si, m, info, triggers)
    _mention_anaphoric(ctx, si, m, triggers)
    if "weak_background" in info.cues and any(_pluperfect(t) for _, t in triggers if _is_verb(t)):
        m.background = True  # "avaient déjà été interpellés", "had already attacked"
    if _told_before(triggers) and _undated_or_past_week(ctx, m):
        m.background = True  # "des élèves s'étaient lancés dans une mobilisation", "the protesters had attacked"
    m.headline = ctx.headline_end > 0 and t0.idx < ctx.headline_end
    if t0.idx < len(ctx.doc.text) and ctx.in_quote(t0.idx) and not m.anaphoric and not info.has_time:
        m.confidence = 0.5
    if relaxed or learned:
        m.confidence = 0.5
    # future-dated mention: a planned event is not an event
    pub = ctx.doc.published
    if m.time is not None and pub is not None and m.time.start_date and m.time.start_date > pub + timedelta(days=1):
        if not _told_as_past(ctx, t0):
            return None
        m.time = None  # "la veille ... ont été tués" read forward: a past event whose day is unknown
    if _bare_fragment(sent, m, info, recent_event):
        return None
    return m


def _mention_triggers(ctx: _Context, si: int, info: _SentInfo, relaxed: bool, recent_event: bool) -> tuple[list, bool, bool]:
    """The sentence's kept triggers, and whether the event model rescued gated ones (learned) or
    proposed the sentence's predicate itself (proposed)."""
    triggers, gated = _trigger_candidates(ctx, si, info, relaxed, recent_event)
    triggers = _kept_triggers(ctx, si, triggers, info, relaxed)
    learned = proposed = False
    if not triggers and gated:
        triggers = _kept_triggers(ctx, si, gated, info, relaxed)
        learned = bool(triggers) and rescued(ctx.reading(si).event, ctx.doc.lang, relaxed)
        if not learned:
            triggers = []
    if not triggers and not gated and proposes(ctx.reading(si).event, ctx.doc.lang, relaxed):
        triggers = _model_trigger(ctx, si)
        learned = proposed = bool(triggers)
    return triggers, learned, proposed


def _mention_arguments(ctx: _Context, si: int, info: _SentInfo, triggers: list) -> tuple[Cues, Optional[ActorGuess], Optional[ActorGuess]]:
    """The cues of the sentence's triggers, and their agent and target from the parse."""
    sent = ctx.sents[si]
    cues = Cues()
    cues.classes = [_refine_class(ctx, si, h, t) for h, t in triggers]
    cues.weapons = set(info.weapons)
    cues.cues = set(info.cues)
    protest_here = any(h.entry.value == "protest" for h, _ in triggers)
    cues.participants = {c for a, c in info.actors if "weak" not in a.entry.flags or protest_here}
    agent = target = None
    for h, tok in triggers:
        ags, tgs = _arg_tokens(tok)
        if h.entry.value in ("capture", "regain") and _place_object(ctx, tok):
            cues.object_is_place = True  # "ont pris Tombouctou", "la ville conquise"
        for t in ags:
            g = _guess(ctx, t, si)
            if g is None:
                if _is_noun(tok) and t.dep_ == "nmod" and t.lemma_.lower() in _PLACE_NOUNS:
                    cues.object_is_place = True
                continue
            of_complement = _is_noun(tok) and t.dep_ == "nmod"
            if of_complement and g.cls not in ("armed", None, "named"):
                # "l'attaque d'un convoi / du camp militaire": the de-complement is the target
                if target is None:
                    target = g
                cues.targets.add(g.cls)
                continue
            if g.cls in ("civilians", "site") and _is_noun(tok):
                # "l'attaque du village": a de-complement naming a victim is a target
                if target is None:
                    target = g
                cues.targets.add(g.cls)
                continue
            cues.agents.add(g.cls or "named")
            if h.entry.value in ("capture", "regain"):
                cues.territory_agents.add(g.cls or "named")
            if agent is None or (agent.entity_id is None and g.entity_id is not None and agent.cls == g.cls):
                agent = g
        # "seize control of X": the object of "control" is the territory
        tgs = [g for t in tgs for g in ([t] + [p for c in t.children if c.dep_ in ("prep", "nmod") for p in ([c] if c.dep_ == "nmod" else c.children) if p.dep_ in ("pobj", "nmod")] if t.lemma_.lower() in ("control", "contrôle") else [t])]
        for t in tgs:
            g = _guess(ctx, t, si)
            if g is None:
                if _is_noun(t) and t.lemma_.lower() in _PLACE_NOUNS:
                    cues.object_is_place = True
                continue
            cues.targets.add(g.cls or "named")
            if h.entry.value in ("capture", "regain"):
                if t.lemma_.lower() in _PLACE_NOUNS or t.ent_type_ in ("GPE", "LOC") or g.cls == "site":
                    cues.object_is_place = True
                elif g.cls in _PERSON_CLASSES:
                    cues.object_is_person = True
            if target is None:
                target = g
        for t in tgs:
            if t.ent_type_ in ("GPE", "LOC") or any(p.start <= t.idx < p.end for p in ctx.places):
                cues.object_is_place = True
                cues.object_is_person = False
    if agent is None:
        weapon_toks = [sent.doc[i] for x in ctx.hits[si] if x.entry.kind == "weapon" for i in range(x.start, x.end)]
        agent = _national_forces([t for _, t in triggers] + weapon_toks)
        if agent is not None:
            cues.agents.add("state")
    agent, target = _clash_sides(ctx, si, triggers, cues, agent, target)
    return cues, agent, target


def _clash_sides(ctx: _Context, si: int, triggers: list, cues: Cues, agent: Optional[ActorGuess],
                 target: Optional[ActorGuess]) -> tuple[Optional[ActorGuess], Optional[ActorGuess]]:
    # the other side of a battle: "clashes between X and Y", "fought ISWAP fighters"
    if any(h.entry.value == "clash" for h, _ in triggers) and target is None:
        for _h, tok in triggers:
            for c in tok.children:
                pobjs = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ in ("between", "with") else (
                    [c] if c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod") and any(k.lower_ in ("entre", "avec") for k in c.children if k.dep_ == "case") else [])
                for p in pobjs:
                    first = _guess(ctx, p, si)
                    conj = [x for x in p.children if x.dep_ == "conj"]
                    second = _guess(ctx, conj[0], si) if conj else None
                    if c.lower_ in ("between", "entre") and first is not None and second is not None:
                        if agent is None or agent.entity_id is None:
                            agent = first
                        target = second
                    elif first is not None and (agent is None or first.name != agent.name):
                        target = first
        if target is not None:
            cues.targets.add(target.cls or "named")
    return agent, target


def _mention_casualties(sent, info: _SentInfo, cues: Cues) -> list[CasualtyMention]:
    """The sentence's tolls that count for its event (not a war's total), noted in the cues."""
    cas = info.casualties
    if _WAR_TOTAL.search(sent.text):
        # "la guerre a fait des centaines de milliers de morts": a war's toll, not this event's
        cas = [c for c in cas if c["count"] < 1000 and not (c["approximate"] and c["count"] >= 100)]
    for c in cas:
        if c["kind"] == "killed" and not c["negated"]:
            cues.killed = max(cues.killed, c["count"])
            who = c.get("who")
            if who:
                cues.killed_who.add(who)
    # persons named only in casualties: "3 soldiers were killed" marks armed targets
    for c in cas:
        if c.get("who") == "soldiers":
            cues.targets.add("state")
        elif c.get("who") == "civilians":
            cues.targets.add("civilians")
    return cas


def _mention_time(ctx: _Context, si: int, m: Mention, triggers: list) -> None:
    """The mention's own time (and the time of its reporting), from the times the sentence holds."""
    sent = ctx.sents[si]
    first_tok = triggers[0][1]
    own, reported = [], []
    trigger_ids = {t.i for _, t in triggers}
    spans = [(h.start, h.end) for h, _ in triggers]
    in_time = {t.i for t in sent if any(a <= t.idx < b for a, b, _ in ctx.times) or t.ent_type_ in ("DATE", "TIME")}
    other_triggers = {_head_token(sent, x).i for x in ctx.hits[si] if x.entry.kind == "trigger"
                      and not any(a < x.end and x.start < b for a, b in spans)} - trigger_ids - in_time
    t0 = triggers[0][1]
    gov = _governing_verb(t0)
    if len(triggers) == 1 and _is_noun(t0):
        other_triggers.discard(gov.i)  # "took part in a protest": took carries the protest's date
    frame = _frame_time(ctx, si)
    for item in ctx.in_sentence(ctx.times, si):
        owner = _time_owner(ctx, item[0], trigger_ids | other_triggers)
        if item is frame and not (owner is not None and owner.i not in trigger_ids and owner.lemma_.lower() in _REPORTING):
            own.append(item)  # "On 5 March 2021, X attacked Y, who ...": a fronted date frames the whole sentence
            continue
        if owner is not None and owner.i in other_triggers and not _conjoined(owner, trigger_ids):
            continue  # "the strikes followed Moscow's withdrawal last week": the date of another word
        if (len(triggers) == 1 and _is_noun(t0) and owner is not None and owner.i not in trigger_ids
                and owner.i != gov.i and owner.lemma_.lower() not in _REPORTING):
            continue  # "had driven overnight to join the protest": the drive's time, not the protest's
        if owner is not None and owner.i not in trigger_ids and owner.lemma_.lower() in _REPORTING:
            reported.append(item)
        else:
            own.append(item)
    if frame in own and frame[2].start_date is not None:
        own = [x for x in own if x[2].start_date is not None]  # an unplaced "Friday" does not beat the dated frame
    chosen = min(own, key=lambda x: abs(x[0] - first_tok.idx)) if own else None
    # the trigger the date hangs on says whether it is past ("les bougies qui brûlent depuis les
    # attentats du 7 janvier": the attacks are the known, earlier event, not the burning candles)
    owner = _time_owner(ctx, chosen[0], trigger_ids | other_triggers) if chosen is not None else None
    past_tok = owner if owner is not None and owner.i in trigger_ids else first_tok
    m.time = _past_reading(ctx, chosen[2] if chosen is not None else None, past_tok)
    m.report_time = _nearest(reported, first_tok.idx)


def _told_as_past(ctx: _Context, tok) -> bool:
    """The trigger reports something that has happened: a past-tense verb, or an event noun named
    as a landmark ("après les attentats de janvier")."""
    if _is_noun(tok):
        return _after_known_event(ctx, tok)
    if "Fut" in tok.morph.get("Tense") or "Cnd" in tok.morph.get("Mood") or "Inf" in tok.morph.get("VerbForm"):
        return False
    aux = _aux(tok)
    return ("Past" in tok.morph.get("Tense") and not aux) or _pluperfect(tok) or (
        bool(aux) and "Part" in tok.morph.get("VerbForm") and any(a.lemma_ in ("avoir", "have") for a in aux))


def _past_reading(ctx: _Context, t: Optional[TimeExpression], tok) -> Optional[TimeExpression]:
    """A date without its year ("en janvier", "le 13 novembre") that the times stage read forward
    of the publication date, on a trigger told as past: the same date a year earlier (a week
    earlier for a weekday), the occurrence the past tense speaks of."""
    pub = ctx.doc.published
    if t is None or pub is None:
        return t
    if not (t.relative and t.start_date and t.end_date and t.start_date > pub and t.precision in ("day", "week", "month")):
        return t
    if not _told_as_past(ctx, tok):
        return t
    if t.precision == "week" or (t.precision == "day" and not any(ch.isdigit() for ch in t.text or "")):
        step = timedelta(days=7)
        start, end = t.start_date - step, t.end_date - step
    else:
        try:
            start, end = t.start_date.replace(year=t.start_date.year - 1), t.end_date.replace(year=t.end_date.year - 1)
        except ValueError:  # 29 February
            return t
    if end > pub:
        return t
    value = start.isoformat()[:7] if t.precision == "month" else start.isoformat() if t.precision == "day" else t.value
    return t.model_copy(update={"start_date": start, "end_date": end, "value": value})


def _mention_place(ctx: _Context, si: int, m: Mention, first_tok) -> None:
    """The place and named site nearest the trigger in the sentence."""
    sent = ctx.sents[si]
    places = [p for p in ctx.places if sent.start_char <= p.start < sent.end_char]
    if places:
        # "in X village (District, Province)": the toponym told with the areas it lies in is where
        # the event happened, before those areas and the other places of the sentence
        # a town that names a road ("held a protest on the Galle Road" in Colombo) comes after the
        # other towns of the sentence
        # a toponym told as the actors' origin ("residents from Sook, West Pokot County held a protest
        # in Kapenguria") comes after the other towns of the sentence, even told with its areas
        rank = lambda p: (p.start not in ctx.coded, p.start not in ctx.told_within or p.start in ctx.origin,
                          _FEATURE_RANK.get(p.feature, 1), names_road(ctx.doc.text, p.end), p.start in ctx.origin,
                          abs(p.start - first_tok.idx))
        m.place = min(places, key=rank)
        # a town named in the sentence beats the country; keep the region only without a town
    fac = [f for f in ctx.facilities if sent.start_char <= f[0] < sent.end_char]
    if fac:
        f = min(fac, key=lambda f: abs(f[0] - first_tok.idx))
        m.site = (f[2], f[3], (f[0], f[1]))


def _mention_background(ctx: _Context, si: int, m: Mention, info: _SentInfo, triggers: list) -> None:
    """Is the mention an earlier event told as context? (its age, past-relative words, cues)"""
    prev_cues = _sent_info(ctx, si - 1).cues if si > 0 else set()
    pub = ctx.doc.published
    ref_day = ctx.reference_day
    age = (ref_day - m.time.end_date).days if m.time is not None and ref_day is not None and m.time.end_date is not None else None
    if age is not None and age > BACKGROUND_DAYS:
        m.background = True
    if m.time is not None and _PAST_RELATIVE.search(m.time.text or "") and si > 1:
        m.background = True  # "last week", "earlier this month", "l'an dernier"
    if "background" in info.cues or ("background" in prev_cues and m.time is None) or (
        "background" in prev_cues and m.time is not None and pub is not None and m.time.end_date and m.time.end_date < pub
    ):
        m.background = True
    if "background" in prev_cues and pub is None and _told_before(triggers):
        # "Ce n'est pas la première fois ... ; fin 2020, des missiles avaient atterri": with no
        # publication date to measure the age against, the cue and the pluperfect tell it
        m.background = True
    if age is None and _after_known_event(ctx, triggers[0][1]):
        m.background = True  # "les mesures décidées après les attentats de Paris": a landmark for another act


def _mention_anaphoric(ctx: _Context, si: int, m: Mention, triggers: list) -> None:
    """Does the mention refer back to the event just told ("l'attaque", "the blast", a witness)?"""
    # anaphoric: "l'attaque", "the blast" without its own date or place
    h0, t0 = triggers[0]
    if _is_noun(t0) and m.time is None:
        # "l'attentat de Nice", "l'attaque de Kidal": a noun named by its own place is that event, told anew
        if any(c.lower_ in _DEFINITE for c in t0.children if c.dep_ in ("det",)) and not _specific_occurrence(ctx, si, h0, t0):
            m.anaphoric = True
    elif m.time is None:
        # "The shells struck ...", "Les assaillants ont ouvert le feu": a definite subject naming
        # the weapon or the attackers of the event just told
        subj = [c for c in t0.children if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")]
        for sj in subj:
            definite = any(c.lower_ in _DEFINITE | {"les", "these", "ces"} for c in sj.children if c.dep_ == "det")
            named = [x for x in ctx.hits[si] if x.start <= sj.i < x.end and x.entry.kind in ("weapon", "actor", "trigger")]
            if definite and named and not (named[0].entry.kind == "actor" and named[0].entry.value.startswith("civilians")):
                m.anaphoric = True
    if m.time is None and ctx.in_quote(t0.idx):
        m.anaphoric = True  # a witness's words about the event just told


def _after_known_event(ctx: _Context, tok) -> bool:
    """A trigger noun with a definite determiner after a preposition of sequence ("après les
    attentats de Paris", "depuis l'attentat", "suite aux attentats", "since the attack"): an
    event already known, named as the landmark of another act."""
    if not _is_noun(tok):
        return False
    preps = ctx.lex.words.get("sequence_preposition", frozenset())
    case = any(c.dep_ == "case" and c.lemma_.lower() in preps for c in tok.children)
    definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE | {"les", "aux", "ces", "these", "those"} for c in tok.children)
    return case and definite


# At most this many tokens: a heading or a phrase, not a telegraphic sentence. None for English,
# whose small model tags a headline's verb as a noun ("Rebel commander defects to government side").
FRAGMENT_TOKENS = {"fr": 15}


def _bare_fragment(sent, m: Mention, info: _SentInfo, recent_event: bool) -> bool:
    """A short verbless fragment with no day, place or toll, outside a narrative: a heading or a
    phrase ("Un attentat aveugle contre des civils", "Un feu d'artifice de gaz lacrymogènes")."""
    limit = FRAGMENT_TOKENS.get(sent.doc.lang_, 0)
    return (m.time is None and m.place is None and not info.casualties and not recent_event
            and len(sent) <= limit and not any(_is_verb(x) for x in sent))


def _told_before(triggers: list) -> bool:
    """Is the event told in the pluperfect, as before the narrative ("avait déjà attaqué", "avait
    dérogé ... après les attentats de New York", "had stormed")? The verb of a noun trigger is the
    one governing it; under a reporting verb the pluperfect is reported speech ("a annoncé qu'un
    missile avait atterri"), not an earlier event."""
    for _, t in triggers:
        v = t if _is_verb(t) else _governing_verb(t)
        if _is_verb(v) and _pluperfect(v) and not _under_reporting(v):
            return True
    return False


def _undated_or_past_week(ctx: _Context, m: Mention) -> bool:
    """Has the mention no day of its own, or one more than a week before the article's day? ("la
    veille, des centaines de personnes s'étaient rassemblées" is the day before: a current event)"""
    ref = ctx.reference_day
    end = m.time.end_date if m.time is not None else None
    return end is None or ref is None or (ref - end).days > SAME_WEEK_DAYS


def _governing_verb(tok):
    """The first verb above a (noun) trigger, through prepositions and nouns ("took part in a
    protest" -> took; "carried out an attack" -> carried); the root when there is none."""
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return t
        t = t.head
        if _is_verb(t):
            return t
    return t


def _conjoined(tok, trigger_ids: set[int]) -> bool:
    """``tok`` is a verb coordinated with one of the triggers ("ont incendié des pneus et lancé
    des pierres lundi"): one act told in two verbs shares its date."""
    return (tok.dep_ == "conj" and tok.head.i in trigger_ids) or any(
        c.dep_ == "conj" and c.i in trigger_ids for c in tok.children)


FRAME_LEAD_TOKENS = 4  # "On", "Around", "Dans la nuit du": words that may open a sentence before its date


def _frame_time(ctx: _Context, si: int):
    """The time expression that opens sentence ``si`` and is set off by a comma ("On 5 March
    2021, ...", "Le 4 juillet, ..."): it frames every clause of the sentence."""
    sent = ctx.sents[si]
    text = ctx.doc.text
    for item in ctx.in_sentence(ctx.times, si):
        lead = [t for t in sent if t.idx < item[0] and not t.is_punct and not t.is_space]
        if len(lead) <= FRAME_LEAD_TOKENS and not any(_is_verb(t) for t in lead) and text[item[1]:].lstrip().startswith(","):
            return item
    return None


def _time_owner(ctx: _Context, char: int, stop_ids: set[int]):
    """The trigger or verb a time expression hangs on ("told reporters on Monday" -> told)."""
    tok = next((t for t in ctx.doc.doc if t.idx <= char < t.idx + len(t)), None)
    start = tok
    sent = next((s for s in ctx.sents if s.start_char <= char < s.end_char), None)
    t_end = next((b for a, b, _ in ctx.times if a == char), char + 1)
    while tok is not None and tok.head.i != tok.i and char <= tok.head.idx < t_end:
        tok = tok.head  # climb out of the time expression itself ("15 March 2020")
    start = tok
    if start is None:
        return None
    for _ in range(5):
        if tok is None or (sent is not None and not (sent.start <= tok.i < sent.end)):
            return None
        if tok.i != start.i and (tok.i in stop_ids or _is_verb(tok)):
            return tok
        if tok.head.i == tok.i:
            return tok if _is_verb(tok) else None
        tok = tok.head
    return None


def _nearest(items, char: int):
    if not items:
        return None
    return min(items, key=lambda x: abs(x[0] - char))[2]


# --------------------------------------------------------------------------- merging
def _overlap(a: Optional[TimeExpression], b: Optional[TimeExpression]) -> bool:
    if a is None or b is None or a is b:
        return True
    if a.start_date is None or b.start_date is None:
        return (a.text or "").lower() == (b.text or "").lower() or a.start_date is None and b.start_date is None
    ae, be = a.end_date or a.start_date, b.end_date or b.start_date
    return a.start_date <= be and b.start_date <= ae


def _same_place(a: Optional[PlaceRef], b: Optional[PlaceRef]) -> bool:
    if a is None or b is None:
        return True
    if a.place is not None and b.place is not None:
        if a.place is b.place:
            return True
        ga, gb = getattr(a.place, "geonameid", None), getattr(b.place, "geonameid", None)
        if ga and gb and ga == gb:
            return True
        # a region or country containing the other place
        if a.feature in ("country", "admin1", "region") or b.feature in ("country", "admin1", "region"):
            return (a.place.country_code or "") == (b.place.country_code or "")
        return False
    return a.name.lower() == b.name.lower() or a.feature in ("country",) or b.feature in ("country",)


def _other_town(a: Optional[PlaceRef], b: Optional[PlaceRef]) -> bool:
    """Two different resolved towns (a lake, a region or an unresolved name does not count)."""
    if a is None or b is None or a.place is None or b.place is None:
        return False
    if a.feature not in ("city", "site") or b.feature not in ("city", "site"):
        return False
    return getattr(a.place, "geonameid", None) != getattr(b.place, "geonameid", None)


ANAPHOR_MAX_KM = 100.0  # "the attack" told in a town this far from the event's is another attack


def _far_town(a: Optional[PlaceRef], b: Optional[PlaceRef]) -> bool:
    """Two resolved towns more than ANAPHOR_MAX_KM apart ("l'attentat de Suruç" after a car bomb near
    Lice); a road or front named after a nearby town ("sur la route de Bafut") is not."""
    if not _other_town(a, b) or a is None or b is None:
        return False
    if a.feature not in ("city", "site") or b.feature not in ("city", "site"):
        return False
    pa, pb = a.place, b.place
    if None in (pa.latitude, pa.longitude, pb.latitude, pb.longitude):
        return False
    return distance_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude) > ANAPHOR_MAX_KM


def _placeless(m: Mention) -> Mention:
    from copy import copy

    c = copy(m)
    c.place = None
    return c


def _violent(m: Mention) -> bool:
    return bool(set(m.cues.classes) & (VIOLENT | PROTEST))


def _can_join(c: Cluster, m: Mention) -> bool:
    if m.separate or c.background != m.background:
        return False
    if not _overlap(c.time(), m.time) or not _same_place(c.place(), m.place):
        return False
    cv = any(_violent(x) for x in c.mentions)
    if cv and not _violent(m):
        # arrests or looting after a violent event: ACLED keeps them apart unless anaphoric
        only = set(m.cues.classes)
        if only <= {"arrest", "group_change", "agreement", "base", "withdraw", "other", "weapons_disrupted"} and not m.anaphoric:
            protest = any(set(x.cues.classes) & PROTEST for x in c.mentions)
            return protest and only <= {"arrest"}
    return True


def _merge(mentions: list[Mention]) -> list[Cluster]:
    clusters: list[Cluster] = []
    for m in mentions:
        target = None
        if clusters:
            last = clusters[-1]
            if m.anaphoric and not m.separate and not _far_town(last.place(), m.place) and (
                    m.time is None or _same_place(last.place(), m.place)):
                target = last if not last.background or m.background else next(
                    (c for c in reversed(clusters) if not c.background), last)
                m.background = target.background
            elif _can_join(last, m):
                target = last
            elif (m.time is None and not m.separate and m.si - max(x.si for x in last.mentions) <= 2
                  and last.background == m.background and not _other_town(last.place(), m.place)
                  and _can_join(Cluster(list(last.mentions)), _placeless(m))):
                target = last  # "Fighter jets struck the attackers as they retreated towards Lake Chad"
            else:
                for c in reversed(clusters[:-1]):
                    if m.time is not None and m.place is not None and c.time() is not None and c.place() is not None and _can_join(c, m):
                        target = c
                        break
        if target is None:
            clusters.append(Cluster([m]))
        else:
            target.mentions.append(m)
    # one event per day and place
    out: list[Cluster] = []
    for c in clusters:
        twin = next((o for o in out if _same_day_and_place(o, c)), None)
        if twin is not None:
            twin.mentions.extend(c.mentions)
        else:
            out.append(c)
    return out


# Between two toponyms of one list: "à Diyarbakir, Siirt, Mardin", "à Paris et à Lyon", "in Homs and Hama"
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+(?:et|ou|and|or|puis|then|et puis|and then))\s+(?:(?:à|a|au|aux|en|in|at)\s+)?$", re.I)
_ENDPOINTS = re.compile(r"\b(?:between|from|entre)\s+(?:(?:the|la|le|les|l')\s*)?(?:(?:towns?|villages?|cities|villes?)\s+(?:of|de|d')\s*)?$", re.I)
_TOWN_FEATURES = {"city", "site", "admin1", "admin2", "admin3"}


def _listed_places(ctx: _Context, ref: PlaceRef) -> list[PlaceRef]:
    """The towns listed with ``ref`` in its sentence ("des commissariats ont été mitraillés à
    Diyarbakir, Siirt, Mardin"), ``ref`` included, in text order; [ref] when it stands alone."""
    towns = sorted((p for p in ctx.places if p.feature in _TOWN_FEATURES and p.place is not None), key=lambda p: p.start)
    if ref not in towns:
        return [ref]
    i = towns.index(ref)
    lo = hi = i
    text = ctx.doc.text
    while lo > 0 and _LIST_GAP.match(text[towns[lo - 1].end:towns[lo].start]):
        lo -= 1
    while hi + 1 < len(towns) and _LIST_GAP.match(text[towns[hi].end:towns[hi + 1].start]):
        hi += 1
    listed = towns[lo:hi + 1]
    if _ENDPOINTS.search(text[max(0, listed[0].start - 40):listed[0].start]):
        return [ref]  # "on the road between Dori and Seytenga": the ends of one place
    # "à Lyon, dans le Rhône": a province holding another listed town is that town's address
    held = {(getattr(p.place, "country_code", None), getattr(p.place, "admin1_code", None)) for p in listed if p.feature != "admin1"}
    listed = [p for p in listed if p is ref or p.feature != "admin1"
              or (getattr(p.place, "country_code", None), getattr(p.place, "admin1_code", None)) not in held]
    ids = {getattr(p.place, "geonameid", None) for p in listed}
    return listed if len(ids) == len(listed) and len(listed) > 1 else [ref]


def _split_listed_places(ctx: _Context, clusters: list[Cluster]) -> list[Cluster]:
    """ACLED codes one event per location: an event told at a list of towns gets one event at each
    further town, from the mention that lists them (a list sharing a toll is left whole, unless the
    toll is none: "sans faire de victimes")."""
    out: list[Cluster] = []
    for c in clusters:
        out.append(c)
        own = c.place()
        for m in c.mentions:
            if m.place is None or not m.triggers or any(cm.get("count") for cm in m.casualties):
                continue  # a toll counted over the list stays whole; "sans faire de victimes" holds at each town
            listed = _listed_places(ctx, m.place)
            if len(listed) < 2:
                continue
            out.extend(replace(c, mentions=[replace(m, place=other)]) for other in listed
                       if own is None or getattr(other.place, "geonameid", None) != getattr(own.place, "geonameid", None))
            break
    return out


def _conjoined_occurrences(ctx: _Context, m: Mention) -> list[Optional[PlaceRef]]:
    """The further occurrences a violent event noun names by conjoined complements, each with its own
    day or place ("les attentats de Madrid en 2004, de Londres en 2005, d'Utoya en 2011", "les attentats
    de janvier et de novembre 2015", "les attentats de Paris et Saint-Denis"): the place of each
    complement after the first (None when it names a day or a target). Words: lexicon lists
    occurrence_preposition, occurrence_coordinator."""
    best: list[Optional[PlaceRef]] = []
    for h, tok in m.triggers:
        if h.entry.value in VIOLENT and _is_noun(tok):
            found = _occurrences_after(ctx, m.si, tok)
            best = found if len(found) > len(best) else best
    return best


def _occurrences_after(ctx: _Context, si: int, tok) -> list[Optional[PlaceRef]]:
    preps = ctx.lex.words.get("occurrence_preposition", frozenset())
    coords = ctx.lex.words.get("occurrence_coordinator", frozenset())
    months = ctx.lex.words.get("month", frozenset())
    sent = ctx.sents[si]
    doc = sent.doc
    parts: list[list] = []
    j = tok.i + 1
    while j < sent.end and (doc[j].lower_ in preps or (parts and doc[j].pos_ == "PROPN")):
        k = j + 1 if doc[j].lower_ in preps else j
        chunk: list = []
        while (k < sent.end and doc[k].lower_ not in coords and not doc[k].is_punct and doc[k].pos_ not in ("VERB", "AUX")
               and len(chunk) < 5):
            chunk.append(doc[k])
            k += 1
        if not chunk:
            break
        parts.append(chunk)
        if k < sent.end and doc[k].lower_ in coords:
            k += 1
            while k < sent.end and doc[k].lower_ in coords:
                k += 1
        else:
            break
        j = k
    if len(parts) < 2:
        return []
    out: list[Optional[PlaceRef]] = []
    for chunk in parts:
        a, b = chunk[0].idx, chunk[-1].idx + len(chunk[-1])
        place = next((p for p in ctx.places if a <= p.start < b), None)
        named = any(a <= x < b for x, _, _ in ctx.times + ctx.named_days) or any(
            t.lower_ in months or t.pos_ == "PROPN" for t in chunk)
        actor = any(x.entry.kind == "actor" and chunk[0].i <= x.start < chunk[-1].i + 1 for x in ctx.hits[si])
        if not (place is not None or named) or actor:
            return []
        out.append(place)
    return out[1:]


def _split_conjoined_occurrences(ctx: _Context, clusters: list[Cluster]) -> list[Cluster]:
    """ACLED codes each occurrence: a cluster whose event noun names several by conjoined complements
    gets one more event for each further complement (at its place, when it names one)."""
    out: list[Cluster] = []
    for c in clusters:
        out.append(c)
        m = next((x for x in c.mentions if x.triggers), None)
        if m is None or any(x.place is not None and x.place is not m.place for x in c.mentions):
            continue  # the cluster's mentions tell other places
        if m.place is not None and len(_listed_places(ctx, m.place)) > 1:
            continue  # split by its listed towns already
        out.extend(replace(c, mentions=[replace(m, place=p)]) for p in _conjoined_occurrences(ctx, m))
    return out


def _same_day_and_place(o: Cluster, c: Cluster) -> bool:
    """Two clusters telling one event: same side of the background line, overlapping days (the
    first one's a day), the same place at the same scale, and the second not told as separate."""
    ot, ct, op, cp = o.time(), c.time(), o.place(), c.place()
    return (o.background == c.background and ot is not None and ct is not None and _overlap(ot, ct)
            and ot.precision == "day" and op is not None and cp is not None and _same_place(op, cp)
            and op.feature == cp.feature and not any(x.separate for x in c.mentions))


def _only_quoted(ctx: _Context, c: Cluster) -> bool:
    """An event told only inside direct quotes, without a date of its own ("« Ils ont tué mon
    mari ! »"): a witness's or a speaker's words, not the report of an event."""
    return all(ctx.in_quote(m.triggers[0][1].idx) and m.time is None for m in c.mentions)


def _background_by_main_date(clusters: list[Cluster]) -> None:
    """Events told as context: well before the article's main event, or earlier and elsewhere."""
    main = next((c for c in clusters if not c.background and _day_of(c) is not None), None)
    d = _day_of(main) if main is not None else None
    if main is None or d is None:
        return
    for c in clusters:
        t = c.time()
        if c is main or c.background or t is None or t.start_date is None:
            continue
        end = t.end_date or t.start_date
        if (d - end).days > SAME_WEEK_DAYS or ((d - end).days > 1 and _other_town(main.place(), c.place())):
            for m in c.mentions:
                m.background = True


def _day_of(c: Cluster) -> Optional[date]:
    """The cluster's day, when its time is resolved to a day."""
    t = c.time()
    return t.start_date if t is not None and t.start_date and t.precision == "day" else None


def _attach_casualty_sentences(ctx: _Context, clusters: list[Cluster], event_sents: set[int]) -> None:
    """A sentence that only reports a toll joins the event told in the sentence just before it."""
    for c in clusters:
        for si in sorted({m.si + 1 for m in c.mentions if m.triggers}):
            if si >= len(ctx.sents) or si in event_sents:
                continue
            sent = ctx.sents[si]
            cas = [x for x in ctx.casualties if sent.start_char <= x["start"] < sent.end_char]
            info = _sent_info(ctx, si)
            if not cas or info.has_time or "duration" in info.cues or "background" in info.cues or _WAR_TOTAL.search(sent.text):
                continue  # a toll of another period ("depuis 2017, plus de 6 000 morts")
            cues = Cues()
            for x in cas:
                if x["kind"] == "killed" and not x["negated"]:
                    cues.killed = max(cues.killed, x["count"])
                    who = x.get("who")
                    if who:
                        cues.killed_who.add(who)
            c.mentions.append(Mention(si=si, span=(sent.start_char, sent.end_char), triggers=[], cues=cues,
                                      casualties=cas, background=c.background))
            event_sents.add(si)


# --------------------------------------------------------------------------- building events
def _combine(mentions: list[CasualtyMention], kind: str) -> Optional[Casualties]:
    ms = [m for m in mentions if m["kind"] == kind]
    if not ms:
        return None
    pos = [m for m in ms if not m["negated"] and m["count"] is not None]
    if not pos:
        m = ms[0]
        return Casualties(count=0, approximate=False, evidence=[Span(start=m["start"], end=m["end"])], confidence=m["confidence"])
    by_who: dict[Optional[str], CasualtyMention] = {}
    for m in pos:
        w = m.get("who")
        if w not in by_who or m["count"] > by_who[w]["count"]:
            by_who[w] = m
    specific = sum(m["count"] for w, m in by_who.items() if w is not None)
    generic = by_who[None]["count"] if None in by_who else 0
    total = max(generic, specific)
    used = list(by_who.values())
    return Casualties(
        count=total,
        approximate=any(m["approximate"] for m in used),
        evidence=[Span(start=m["start"], end=m["end"]) for m in used],
        confidence=min(m["confidence"] for m in used),
    )


def _country_of(ctx: _Context, place: Optional[PlaceRef]) -> Optional[str]:
    if place is not None and place.place is not None and getattr(place.place, "country_code", None):
        return place.place.country_code
    # the country named most often; ties go to the one mentioned first, then to the code
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for p in ctx.doc.places:
        if p.country_code:
            counts[p.country_code] = counts.get(p.country_code, 0) + 1
            start = min((m.start for m in p.mentions), default=len(ctx.doc.article.text))
            first[p.country_code] = min(first.get(p.country_code, start), start)
    return min(counts, key=lambda c: (-counts[c], first[c], c)) if counts else None


def _actor(g: Optional[ActorGuess], country: Optional[str], day: Optional[date] = None) -> Optional[EventActor]:
    if g is None:
        return None
    name = with_period(_fill(g.name, country) if g.template else g.name, day)
    ev = [Span(start=g.span[0], end=g.span[1])] if g.span else []
    atype = g.actor_type or {"armed": "Unidentified armed group", "state": "State forces", "civilians": "Civilians",
                             "protesters": "Protesters", "rioters": "Rioters"}.get(g.cls or "")
    return EventActor(name=name, entity_id=g.entity_id, actor_type=atype, evidence=ev, confidence=round(g.confidence, 2))


def _default_actor(cls: str, conf: float = 0.4) -> ActorGuess:
    names = {
        "armed": "Unidentified Armed Group ({country})",
        "civilians": "Civilians ({country})",
        "protesters": "Protesters ({country})",
        "rioters": "Rioters ({country})",
        "state": "Police Forces of {country}",
        "military": "Military Forces of {country}",
    }
    return ActorGuess(names[cls], "state" if cls == "military" else cls, template=True, confidence=conf)


PRECEDING_SENTENCES = 2  # an event told without a date takes one stated this many sentences before


def _preceding_time(ctx: _Context, si: int) -> Optional[TimeExpression]:
    """The last date stated in the few sentences before sentence ``si``, in the same paragraph
    ("On 8 April, Russian forces tried to advance on X. They were repelled ...")."""
    for prev in range(si - 1, max(-1, si - 1 - PRECEDING_SENTENCES), -1):
        if "\n" in ctx.doc.text[ctx.sents[prev].end_char : ctx.sents[si].start_char]:
            return None  # another paragraph
        items = ctx.in_sentence(ctx.times, prev)
        if items:
            return max(items, key=lambda item: item[0])[2]
    return None


def _overnight(t: TimeExpression) -> bool:
    """A night told across two days ("la nuit du 20 au 21 janvier", "the night of 9-10 May")."""
    night = t.time_of_day == "night" or (t.value or "").endswith("TNI")
    return night and t.start_date is not None and t.end_date is not None and (t.end_date - t.start_date).days == 1


def _event_date(ctx: _Context, c: Cluster, inherited: Optional[TimeExpression]) -> tuple[Optional[EventDate], Optional[Precision]]:
    t = c.time()
    conf = 0.8
    if t is None:
        t, conf = _preceding_time(ctx, c.first.si), 0.6
    if t is None and inherited is not None and not c.background:
        t, conf = inherited, 0.5
    if t is not None:
        ev = list(t.evidence[:1])
        start, end, precision = t.start_date, t.end_date, t.precision
        if _overnight(t):
            start, precision = end, "day"  # "dans la nuit de samedi à dimanche": coded on the night's morning (fr-news, ACLED)
        d = EventDate(time_id=t.id, start_date=start, end_date=end, precision=precision, text=t.text,
                      evidence=ev, confidence=round(min(conf, t.confidence), 2))
        tp: Optional[Precision] = 1 if precision == "day" else 2 if precision == "week" else 3 if start else None
        return d, tp
    pub = ctx.doc.published
    if pub is not None and not c.background:
        return EventDate(start_date=pub - timedelta(days=6), end_date=pub, precision="week", confidence=0.3), 2
    return None, None


def _area_of(ctx: _Context, ref: Optional[PlaceRef]) -> Any:
    """The resolved area an unresolved toponym is said to lie in ("Ikata village (Fako,
    Sud-Ouest)": the region), from the places layer's mention rows; else None."""
    if ref is None or ref.place is None or getattr(ref.place, "latitude", None) is not None:
        return None
    row = next((r for r in ctx.doc.place_mentions if r["start"] == ref.start), None)
    pid = row.get("within_place_id") if row else None
    return next((p for p in ctx.doc.places if p.id == pid and p.latitude is not None), None)


NEIGHBOUR_SENTENCES = 1  # an event told without a place takes a town named this many sentences away, same paragraph


def _paragraph_neighbours(ctx: _Context, c: Cluster) -> list[int]:
    """The sentences after, then before, the event's (NEIGHBOUR_SENTENCES each way) that are in
    its paragraph."""
    sis = sorted(m.si for m in c.mentions)
    text = ctx.doc.text
    out = []
    for si in [sis[-1] + k for k in range(1, NEIGHBOUR_SENTENCES + 1)] + [sis[0] - k for k in range(1, NEIGHBOUR_SENTENCES + 1)]:
        if not 0 <= si < len(ctx.sents):
            continue
        lo, hi = sorted((si, sis[-1] if si > sis[-1] else sis[0]))
        if "\n\n" not in text[ctx.sents[lo].end_char : ctx.sents[hi].start_char]:
            out.append(si)
    return out


def _places_in(ctx: _Context, si: int) -> list[PlaceRef]:
    sent = ctx.sents[si]
    return [r for r in ctx.places if sent.start_char <= r.start < sent.end_char]


def _neighbour_place(ctx: _Context, c: Cluster) -> Optional[PlaceRef]:
    """A resolved place named in the sentence after (or before) the event's, in its paragraph:
    "Russian forces tried to advance. They were repelled near Izium." """
    for si in _paragraph_neighbours(ctx, c):
        refs = [r for r in _places_in(ctx, si) if r.place is not None]
        if refs:
            return _best_place(refs)
    return None


def _is_town(p: Any, country: Optional[str]) -> bool:
    return (p is not None and getattr(p, "latitude", None) is not None and getattr(p, "feature", None) == "city"
            and (country is None or p.country_code == country))


def _main_town(ctx: _Context, country: Optional[str]) -> Any:
    """The town the article is about: the resolved town its dateline names, else the one it
    names most often (at least twice, ties to the first named); None when there is none."""
    places = [p for p in ctx.doc.places if _is_town(p, country)]
    if ctx.dateline:
        lo, hi = ctx.dateline
        on_line = [p for p in places if any(lo <= m.start < hi for m in p.mentions)]
        if on_line:
            return on_line[0]
    if not places:
        return None
    best = min(places, key=lambda p: (-len(p.mentions), min((m.start for m in p.mentions), default=0)))
    return best if len(best.mentions) >= 2 else None


def _paragraph_town(ctx: _Context, c: Cluster, country: Optional[str]) -> Any:
    """The only resolved town named in the event's paragraph, when the event's sentences and their
    neighbours attach none ("Russian forces fired at Ukrainians leaving from Makariv, Kyiv, by bus":
    a coder's note names one town); None when the paragraph names none or several."""
    text = ctx.doc.text
    at = c.first.span[0]
    lo = text.rfind("\n\n", 0, at)
    hi = text.find("\n\n", at)
    lo, hi = (0 if lo < 0 else lo), (len(text) if hi < 0 else hi)
    towns = {p.id: p for p in ctx.doc.places if _is_town(p, country) and any(lo <= m.start < hi for m in p.mentions)}
    return next(iter(towns.values())) if len(towns) == 1 else None


def _containing_town(ctx: _Context, c: Cluster, ref: PlaceRef) -> Any:
    """The resolved town that an unplaced quarter, street or site lies in ("Paris XIIe", "place
    Hoche", "Rennes 2", "quartier de Ngagara"): a town named in the event's own sentences, else
    in the sentence before or after in its paragraph, else the town the article is about; always
    in the site's country, else the article's ("base d'Aïn al-Assad" is not in Washington). The
    site has no coordinates of its own, so coders place such an event at its town."""
    country = (getattr(ref.place, "country_code", None) if ref.place is not None else None) or _country_of(ctx, None)
    own = sorted({m.si for m in c.mentions})
    for group in (own, own + sorted(_paragraph_neighbours(ctx, c))):
        towns = [r for si in group for r in _places_in(ctx, si) if _is_town(r.place, country)]
        if towns:
            return min(towns, key=lambda r: abs(r.start - ref.start)).place
    return _main_town(ctx, country)


def _at_town(town: Any, confidence: float, evidence: list[Span], site: Optional[str] = None) -> EventPlace:
    """An event place at a resolved town's point (precision near): the town stands in for a site
    without a point, or for a place the event's sentences do not name."""
    return EventPlace(place_id=town.id, name=town.name, site=site, geonameid=town.geonameid, country_code=town.country_code,
                      country=town.country, admin1=town.admin1, latitude=town.latitude, longitude=town.longitude,
                      precision="near", confidence=confidence, evidence=evidence)


def _in_event_country(ctx: _Context, c: Cluster, ref: Optional[PlaceRef], guessed: Optional[str]) -> Optional[PlaceRef]:
    """A town read in a country nothing else in the text names ("the Sivan kovil in Chunnagam
    (Jaffna)" read as Siwān, India; "Justin Zongo" as a town) is a namesake: the nearest town of the
    country the text is about (the event model's guess, else the other places' majority), told in the
    event's own sentences, stands in."""
    if ref is None or ref.place is None or ref.feature in ("country", None):
        return ref
    cc = getattr(ref.place, "country_code", None)
    own = getattr(ref.place, "geonameid", None)
    others = [p for p in ctx.places if p.place is not None and getattr(p.place, "geonameid", None) != own]
    counts = Counter(k for p in others if (k := getattr(p.place, "country_code", None)))
    if cc is None or cc == guessed or counts.get(cc) or not counts:
        return ref
    if guessed is not None:
        want: Optional[str] = guessed if guessed in counts else None
    else:  # no guess from the words: two other places at least must agree on the country
        top = max(sorted(counts), key=lambda k: counts[k])
        want = top if counts[top] >= 2 else None
    # the town told beside it, in the event's own sentences ("Justin Zongo in Diebougou")
    spans = [m.span for m in c.mentions]
    towns = [p for p in others if getattr(p.place, "country_code", None) == want and p.feature not in ("country", None)
             and any(a <= p.start < b for a, b in spans)]
    if want is None or not towns:
        return ref
    at = c.first.triggers[0][1].idx if c.first.triggers else c.first.span[0]
    return min(towns, key=lambda p: (p.feature in ("admin1", "region"), abs(p.start - at)))


def _coded_place(ctx: _Context, c: Cluster) -> Optional[PlaceRef]:
    """The resolved place a coder's note says the event is coded to ("This event is coded to
    Nadiagou", "(coded to Izium as the exact location is unknown)"), told anywhere in the note: it
    is the event's place, whatever the sentence of the trigger names; None for a background event."""
    if c.background or not ctx.coded:
        return None
    return next((r for r in ctx.places if r.start in ctx.coded and getattr(r.place, "latitude", None) is not None), None)


def _event_place(ctx: _Context, c: Cluster, guessed_country: Optional[str]) -> tuple[Optional[EventPlace], Optional[Precision]]:
    ref = _coded_place(ctx, c) or _in_event_country(ctx, c, c.place(), guessed_country)
    if ref is not None and ref.feature == "country" and ref.place is not None:
        # "attacks on two villages in northern Cameroon ... in the Cameroonian town of Kumbo": the one
        # town of that country the paragraph names is where the event is coded
        town = _paragraph_town(ctx, c, getattr(ref.place, "country_code", None))
        if town is not None:
            m = town.mentions[0]
            ref = PlaceRef(m.start, m.end, town, town.name or town.text, town.feature)
    site = next((m.site for m in c.mentions if m.site), None)
    if ref is None and site is None:
        ref = _neighbour_place(ctx, c)
    if ref is None and site is None:
        country = _country_of(ctx, None)
        town = _main_town(ctx, country) or _paragraph_town(ctx, c, country)
        if town is None:
            return None, None
        c.placed_by_article = True
        return _at_town(town, 0.4, [Span(start=m.start, end=m.end) for m in town.mentions[:1]]), 2
    p = ref.place if ref is not None else None
    area = _area_of(ctx, ref)
    ep = EventPlace(
        place_id=getattr(p, "id", None),
        name=(getattr(p, "name", None) or getattr(p, "text", None)) if p is not None else (ref.name if ref else None),
        site=site[0] if site else None,
        geonameid=getattr(p, "geonameid", None),
        country_code=getattr(p, "country_code", None),
        country=getattr(p, "country", None),
        admin1=getattr(p, "admin1", None),
        latitude=getattr(p, "latitude", None),
        longitude=getattr(p, "longitude", None),
        precision=("near" if ref is not None and ref.near and (ref.feature in ("city", "site", None)) else getattr(p, "precision", None)),
        evidence=[Span(start=ref.start, end=ref.end)] if ref is not None else [Span(start=site[2][0], end=site[2][1])] if site else [],
        confidence=round(getattr(p, "confidence", 0.6) if p is not None else 0.4, 2),
    )
    if area is not None:  # the village's own point is unknown: its district or region stands in
        ep.country_code, ep.country, ep.admin1 = area.country_code, area.country, area.admin1
        ep.latitude, ep.longitude = area.latitude, area.longitude
        ep.precision = "near" if area.feature in ("city", "site") else "region"
    town = None
    if area is None and ep.latitude is None and ref is not None and getattr(p, "feature", None) in (None, "site", "city"):
        town = _containing_town(ctx, c, ref)
    if town is not None:  # "Paris XIIe", "place Hoche": the event is placed at its town, the site named
        ep = _at_town(town, round(min(ep.confidence, 0.5), 2), ep.evidence, site=ep.site or ep.name)
    if area is None and p is not None and getattr(p, "feature", None) == "admin1":
        # a region-level event sits at the region's seat, as coders place it, not at its centroid
        # (an unknown village inside the region keeps the centroid: the nearer guess on average)
        from veille.gazetteer import get_gazetteer

        seat = get_gazetteer().admin1_seat(p.country_code, p.admin1_code)
        if seat is not None:
            ep.latitude, ep.longitude = seat.latitude, seat.longitude
    if ep.country_code is None:
        # an unresolved toponym ("Aïn al-Assad") lies in the country the article is about
        code = _country_of(ctx, None) or guessed_country
        if code:
            ep.country_code, ep.country = code, _country_name(code)
    gp: Optional[Precision]
    if ref is None:
        gp = None
    elif area is not None:
        gp = 2 if area.feature in ("city", "site") else 3
    elif town is not None:
        gp = 2
    elif ref.feature in ("city", "site", None):
        gp = 2 if ref.near else 1
    elif ref.feature in ("admin1", "region"):
        gp = 3
    else:
        gp = 3
    return ep, gp


def _summary(ev: Event) -> str:
    parts = []
    if ev.date and ev.date.start_date:
        d = ev.date.start_date.isoformat() if ev.date.precision == "day" else (ev.date.text or ev.date.start_date.isoformat())
        parts.append(f"{d}:")
    parts.append(ev.sub_event_type)
    if ev.actor1:
        parts.append(f"by {ev.actor1.name}")
    if ev.actor2:
        parts.append(f"against {ev.actor2.name}")
    if ev.place and (ev.place.name or ev.place.site):
        where = ev.place.name or ""
        if ev.place.site:
            where = f"{ev.place.site}, {where}" if where else ev.place.site
        parts.append(f"{'near' if ev.place.precision == 'near' else 'in'} {where}")
    s = " ".join(parts)
    if ev.fatalities is not None:
        s += f"; {ev.fatalities} fatalities"
    if ev.background:
        s += " (background)"
    return s


# How far the codebook rules are trusted against the learned sub-type, per language: the English
# model reads the words it was trained on; other languages reach it through a dictionary, so
# their rules count for more (chosen on the dev splits of the ACLED notes and French news).
RULES_BONUS = _cutoffs("rules_bonus")  # the rules' sub-type counts as this much extra model probability (data/event_cutoffs.json)
OTHER_LANGUAGES = "fr"  # the setting for a language not listed


_TERRITORY_TAKEN = ("Non-state actor overtakes territory", "Government regains territory")
# Languages whose event model reads territory taken only through a dictionary: there a town or
# area taken defines the sub-type (in English the model learned it from the coded notes; letting
# the rules decide there lost 6 ACLED notes dev sub-types in 1000)
TERRITORY_BY_RULES = frozenset({"fr"})


def defined_by_cues(cues: Cues, sub: str, lang: str = "en") -> bool:
    """Does the text name what ACLED defines the sub-type by: the weapon of a remote attack
    ("grenade", "roadside bomb", "drone strike", a suicide bomber), lethal force on protesters,
    or a trigger the taxonomy lists as defining it ("established a base", "arms cache seized"), or
    a town or area taken ("ont pris Tombouctou")?"""
    return (sub in cues.weapons or (sub == "Suicide bomb" and "suicide" in cues.classes)
            or (lang in TERRITORY_BY_RULES and sub in _TERRITORY_TAKEN and cues.object_is_place and bool({"capture", "regain"} & set(cues.classes)))
            or (sub == "Excessive force against protesters" and ("lethal_force" in cues.cues or cues.killed > 0))
            or bool(defining_words(sub, "triggers") & set(cues.classes)) or bool(defining_words(sub, "cues") & cues.cues))


def typed(rules: tuple[str, str, float], pred: Optional[event_model.Prediction], defined: bool = False,
          lang: str = "en") -> tuple[str, str, float]:
    """The event's (type, sub-type, confidence). When the text names what the codebook defines the
    rules' sub-type by (``defined``), the rules decide; otherwise the sub-type with the highest
    learned probability, the rules' choice (``event_types.classify``) counting ``RULES_BONUS`` more.
    Chosen on the dev splits of the ACLED notes and the French news set (docs/evaluation.md)."""
    if pred is None or defined:
        return rules
    probs = {label: p for label, p in pred.ranked if label != event_model.NONE}
    score = dict(probs)
    score[rules[1]] = probs.get(rules[1], 0.0) + RULES_BONUS.get(lang, RULES_BONUS[OTHER_LANGUAGES])
    sub = max(score, key=lambda s: (score[s], s == rules[1]))
    if sub == rules[1]:
        return rules[0], sub, round(max(rules[2], 0.5 + 0.45 * probs.get(sub, 0.0)), 2)
    return event_type_of(sub), sub, round(0.5 + 0.45 * probs[sub], 2)


COUNTRY_TRUST = 0.6  # the country model's guess stands in for an unresolved place's country at this probability


def learned_country(pred: Optional[event_model.Prediction]) -> Optional[str]:
    """The event's country read from its words ("Batticaloa", "Luhansk", "Ambazonian"), when no
    place in the text resolves to one and the country model is confident."""
    return event_model.confident(pred, COUNTRY_TRUST)


ACTOR_TRUST = 0.5  # the learned actor1 name wins over the parse's at this probability or above
_TEMPLATE_TYPES = (("Protesters", "Protesters"), ("Rioters", "Rioters"), ("Civilians", "Civilians"),
                   ("Military Forces", "State forces"), ("Police Forces", "State forces"), ("Government", "State forces"),
                   ("Unidentified Armed Group", "Unidentified armed group"))


def with_unit(actor: Optional[EventActor], sub: str) -> Optional[EventActor]:
    """A state's military forces as ACLED names them for this sub-type ("... Air Force" for an air strike)."""
    unit = state_actor_unit(sub)
    if actor is None or not unit or not actor.name.startswith("Military Forces of ") or actor.name.endswith(unit):
        return actor
    return actor.model_copy(update={"name": f"{actor.name} {unit}"})


def _same_template(label: str, name: Optional[str]) -> bool:
    """Is ``name`` the template ``label`` filled with some country ("Military Forces of Russia
    (2000-)" for "Military Forces of {country}")?"""
    if not name or "{country}" not in label:
        return False
    head, _, tail = label.partition("{country}")
    name = without_period(name)
    return name.startswith(head) and name.endswith(tail) and len(name) > len(head) + len(tail)


def learned_actor1(rules: Optional[EventActor], pred: Optional[event_model.Prediction], country: Optional[str],
                   day: Optional[date], evidence: list[Span]) -> Optional[EventActor]:
    """actor1 as ACLED would name it: the actor model's template ("Rioters ({country})", "Al Shabaab")
    filled for the event's country and date when the model is confident, except that a generic
    template never replaces a group the text names; else the parse's actor.
    The evidence stays the parse's span when it names the same actor, else the event's sentences."""
    label = event_model.confident(pred, ACTOR_TRUST)
    if label is None or pred is None:
        return rules
    if rules is not None and rules.entity_id is not None and "{country}" in label:
        return rules  # a group the text names ("Al Shabaab", "le M23") beats a generic template
    if rules is not None and _same_template(label, rules.name):
        return rules  # "Russian forces shelled ..." in Ukraine: the forces the text names, not the event country's
    name = with_period(_fill(label, country), day)
    if rules is not None and rules.name == name:
        return rules
    atype = next((t for prefix, t in _TEMPLATE_TYPES if label.startswith(prefix)), None)
    same = rules is not None and atype is not None and rules.actor_type == atype
    kept = rules if same else None  # the parse's actor, when the template names the same kind
    return EventActor(name=name, actor_type=atype or (rules.actor_type if rules else None),
                      entity_id=kept.entity_id if kept else None, evidence=kept.evidence if kept and kept.evidence else evidence,
                      confidence=round(pred.probability, 2))


def _following_cues(ctx: _Context, c: Cluster) -> set[str]:
    """Cues flagged ``next_sentence`` in the sentence after one of the event's, which qualify the
    event just told ("... regained control over X. No information on whether fighting took place.")."""
    own = {m.si for m in c.mentions}
    return {h.entry.value for si in own if si + 1 < len(ctx.sents) and si + 1 not in own
            for h in ctx.hits[si + 1] if h.entry.kind == "cue" and "next_sentence" in h.entry.flags}


def _build(ctx: _Context, c: Cluster, idx: int, inherited: Optional[TimeExpression]) -> Event:
    cues = Cues()
    for m in c.mentions:
        cues.update(m.cues)
    cues.cues |= _following_cues(ctx, c)
    reading = event_model.read([ctx.sents[m.si] for m in c.mentions], ctx.doc.lang, [ctx.hits[m.si] for m in c.mentions])
    if all(m.proposed for m in c.mentions) and reading.event is not None:
        # no trigger word: the model's reading is all there is (proposes() made sure it names one)
        best = next(lab for lab, _ in reading.event.ranked if lab != event_model.NONE)
        rules = (event_type_of(best), best, round(0.5 + 0.3 * reading.event.p(best), 2))
    else:
        rules = classify(cues)
    etype, sub, tconf = typed(rules, reading.event, defined_by_cues(cues, rules[1], ctx.doc.lang), ctx.doc.lang)
    guessed = learned_country(reading.country)
    place, gp = _event_place(ctx, c, guessed)
    country = _country_of(ctx, c.place()) or guessed
    date_, tp = _event_date(ctx, c, inherited)
    day = date_.start_date if date_ is not None else None
    agent = next((m.agent for m in c.mentions if m.agent is not None and m.agent.cls not in ("civilians", "site")), None)
    target = next((m.target for m in c.mentions if m.target is not None), None)
    site_guess = None
    site = next((m.site for m in c.mentions if m.site), None)
    if site is not None:
        site_guess = ActorGuess(site[0], "site", entity_id=site[1], span=site[2], confidence=0.5)
    # ACLED's conventions for the two sides
    if etype == "Protests":
        a1 = agent if agent is not None and agent.cls == "protesters" else _default_actor("protesters", 0.5)
        a2 = agent if agent is not None and agent.cls == "state" else (target if target is not None and target.cls == "state" else None)
        if a2 is None and sub != "Peaceful protest":
            a2 = _default_actor("state", 0.4)
        # ACLED: excessive force is coded with the state forces as actor1, protesters as actor2
        agent, target = (a2, a1) if sub == "Excessive force against protesters" else (a1, a2)
    elif etype == "Riots":
        if agent is None or agent.cls not in ("rioters", "protesters", "armed", "named", None):
            agent = _default_actor("rioters", 0.5)
    elif etype == "Strategic developments" and sub == "Arrests":
        if agent is None:
            agent = _default_actor("state", 0.4)
    elif etype in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        if agent is None or agent.cls in ("civilians", "site"):
            agent = _default_actor("armed", 0.4)
        if target is None or (target.cls == agent.cls and target.name == agent.name):
            if etype == "Violence against civilians" or "civilians" in cues.killed_who:
                target = _default_actor("civilians", 0.4)
            elif etype == "Battles" and agent.cls == "armed" and cues.killed_who & {"soldiers"}:
                target = _default_actor("military", 0.4)
            elif site_guess is not None:
                target = site_guess
    if agent is not None and target is not None and _fill(agent.name, country) == _fill(target.name, country):
        target = None
    cas_mentions = [x for m in c.mentions for x in m.casualties]
    fat = _combine(cas_mentions, "killed")
    inj = _combine(cas_mentions, "injured")
    main = next(m for m in c.mentions if m.triggers)
    h, tok = main.triggers[0]
    first_tok, last_tok = ctx.doc.doc[h.start], ctx.doc.doc[h.end - 1]
    tspan = Span(start=first_tok.idx, end=last_tok.idx + len(last_tok))
    evidence = []
    for m in sorted(c.mentions, key=lambda m: m.si):
        sp = Span(start=m.span[0], end=m.span[1])
        if sp not in evidence:
            evidence.append(sp)
    conf = tconf * max(m.confidence for m in c.mentions if m.triggers) / 0.7
    ev = Event(
        id=f"v{idx}",
        event_type=etype,
        sub_event_type=sub,
        cameo_root=cameo_root(sub),
        trigger=ctx.doc.text[tspan.start : tspan.end],
        trigger_span=tspan,
        actor1=with_unit(learned_actor1(_actor(agent, country, day), reading.actor1, country, day, evidence), sub),
        actor2=_actor(target, country, day),
        date=date_,
        place=place,
        fatalities=fat.count if fat else None,
        fatalities_detail=fat,
        injuries=inj.count if inj else None,
        injuries_detail=inj,
        background=c.background,
        time_precision=tp,
        geo_precision=gp,
        evidence=evidence,
        confidence=round(max(0.05, min(conf, 0.95)), 2),
    )
    ev.summary = _summary(ev)
    return ev


def detect(ctx: _Context, relaxed: bool) -> list[Mention]:
    mentions: list[Mention] = []
    for si in range(len(ctx.sents)):
        recent = bool(mentions) and si - mentions[-1].si <= 2
        m = _mention(ctx, si, relaxed, recent)
        if m is not None:
            mentions.append(m)
    return mentions


def run(doc: Document) -> None:
    """Add the events layer to ``doc``."""
    ctx = _Context(doc)
    mentions = detect(ctx, relaxed=False)
    if not mentions and len(doc.text) < SHORT_TEXT:
        mentions = detect(ctx, relaxed=True)
    # a headline sums up the events its body tells: it only counts when the body tells none
    if any(not m.headline for m in mentions):
        mentions = [m for m in mentions if not m.headline]
    clusters = _split_listed_places(ctx, [c for c in _merge(mentions) if not _only_quoted(ctx, c)])
    clusters = _split_conjoined_occurrences(ctx, clusters)
    _attach_casualty_sentences(ctx, clusters, {m.si for m in mentions})
    _background_by_main_date(clusters)
    events: list[Event] = []
    inherited = None
    for c in clusters:
        t = c.time()
        if not c.background and t is not None and t.start_date is not None and inherited is None:
            inherited = t
    for i, c in enumerate(clusters, 1):
        events.append(_build(ctx, c, i, inherited))
    doc.events = _filtered(ctx, clusters, events)


def _filter_features(ctx: _Context, c: Cluster, ev: Event, n_events: int) -> dict[str, float]:
    """What the stage knows about one proposed event, as the event filter's features."""
    main = next(m for m in c.mentions if m.triggers)
    h, tok = main.triggers[0]
    info = _sent_info(ctx, main.si)
    names = [f"trig={tok.lemma_.lower()}", f"class={h.entry.value}", f"pos={tok.pos_}", f"dep={tok.dep_}",
             f"type={ev.event_type}", f"sub={ev.sub_event_type}", f"mentions={event_filter.bucket(len(c.mentions), (1, 2, 3))}",
             f"sent={event_filter.bucket(main.si, (0, 2, 5, 10, 20))}", f"events={event_filter.bucket(n_events, (1, 2, 4, 8))}",
             f"words={event_filter.bucket(len(ctx.sents[main.si]), (10, 20, 40))}"]
    names += [f"flag={x}" for x in h.entry.flags]
    names += [f"{key}={v}" for key in ("Tense", "VerbForm", "Mood", "Number") for v in tok.morph.get(key)]
    det = [ch.lower_ for ch in tok.children if ch.dep_ == "det"]
    names.append(f"det={det[0] if det else '-'}")
    names += [f"cue={x}" for x in info.cues] + [f"weapon={x}" for x in info.weapons] + [f"actor={a}" for _, a in info.actors]
    flags = {"dated": ev.date is not None, "placed": ev.place is not None and not c.placed_by_article, "background": ev.background,
             "toll": ev.fatalities is not None, "killed": bool(ev.fatalities), "named_actor": bool(ev.actor1 and ev.actor1.entity_id),
             "quoted": ctx.in_quote(tok.idx), "headline": main.headline, "anaphoric": main.anaphoric, "relaxed": main.relaxed,
             "proposed": main.proposed, "rescued": main.confidence <= 0.5, "sent_time": info.has_time, "conflict": info.conflict,
             "strong": info.triggers_strong, "published": ctx.doc.published is not None}
    names += [k for k, v in flags.items() if v]
    if ev.date is not None:
        names.append(f"precision={ev.date.precision}")
    feats = {n: 1.0 for n in names}
    pred = ctx.reading(main.si).event
    if pred is not None:
        feats["model_none"] = pred.p(event_model.NONE)
        feats["model_sub"] = pred.p(ev.sub_event_type)
        feats["model_type"] = sum(q for lab, q in pred.ranked if lab != event_model.NONE and event_type_of(lab) == ev.event_type)
    feats["confidence"] = ev.confidence
    return feats



def _named_occurrence(ctx: _Context, c: Cluster) -> bool:
    """A violent event named by its own day or place ("les attentats de Madrid en 2004", "les attaques
    du 13 novembre", "le massacre de Nice") or as a known landmark with its own name ("après les attentats de New York"):
    one known occurrence, whatever the sentence around it says; the filter's words (a plural, a
    definite article, a later sentence) speak against it."""
    for m in c.mentions:
        for h, tok in m.triggers[:1]:
            if h.entry.value not in VIOLENT:
                continue
            if _is_noun(tok) and (_specific_occurrence(ctx, m.si, h, tok) or (
                    _after_known_event(ctx, tok) and any(ch.dep_ in ("nmod", "amod") for ch in tok.children))):
                return True
    return False


def _filtered(ctx: _Context, clusters: list[Cluster], events: list[Event]) -> list[Event]:
    """The events the learned filter keeps (all of them for a language without a filter model)."""
    fm = event_filter.model(ctx.doc.lang)
    record = event_filter.mode() == "record"
    if fm is None and not record:
        return events
    kept = []
    for c, ev in zip(clusters, events, strict=True):
        feats = _filter_features(ctx, c, ev, len(events))
        if record:
            ctx.doc.event_features.append(feats)
        elif fm is not None and fm.probability(feats) < fm.threshold and not _named_occurrence(ctx, c):
            continue
        kept.append(ev)
    for i, ev in enumerate(kept, 1):
        ev.id = f"v{i}"
    return kept
