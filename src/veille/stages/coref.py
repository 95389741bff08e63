"""In-document coreference for the entities stage, by rules.

Gazetteer names and aliases group by actor; national bodies by (kind, country); acronyms defined
in the text ("Forces démocratiques syriennes (FDS)") join their expansion; a surname-only mention
joins the full name ("Morato" -> "Wayne Morato"); nominal mentions ("le porte-parole", "the
spokesman") join the one person holding that title or role. Titles, roles and gender come from
pre-name titles, appositions and French agreement.
"""

from __future__ import annotations

from itertools import pairwise
from collections import Counter
from typing import Literal, Optional, cast

from veille.schema import Entity, EntityType, Mention, MentionKind, Span
from veille.stages.entity_base import (
    ARTICLES,
    Cand,
    Resources,
    Title,
    acronym_of,
    big_places,
    is_cap,
    load_actors,
    load_lexicon,
    looks_acronym,
    match_title,
    match_title_at,
)
from veille.text import fold

PLAIN_HONORIFICS = {"m.", "mm.", "monsieur", "mme", "madame", "mlle", "mademoiselle", "mr", "mister", "mrs", "ms", "miss"}
CLAUSE_STOP = {",", ".", ";", ":", "!", "?", '"', "«", "»", "“", "”", "(", ")", "—", "–"}
NAME_PREFIXES = ("al-", "el-", "ad-", "as-", "ar-", "at-", "an-", "az-")


def _text(doc, c: Cand) -> str:
    return doc[c.start : c.end].text


def _name_tokens(doc, c: Cand) -> list[str]:
    out = []
    for t in doc[c.start : c.end]:
        w = fold(t.text)
        if w in {"-", "."}:
            continue
        out.append(w)
    return out


def _strip_prefix(w: str) -> str:
    for p in NAME_PREFIXES:
        if w.startswith(p) and len(w) > len(p) + 2:
            return w[len(p) :]
    return w


# --------------------------------------------------------------------------- persons
def _cluster_persons(doc, persons: list[Cand]) -> list[list[Cand]]:
    """Full names first; a one-word mention joins the (nearest preceding) full name it ends or starts."""
    clusters: list[list[Cand]] = []
    names: list[list[str]] = []

    def find_full(tokens: list[str]) -> Optional[int]:
        for idx, nm in enumerate(names):
            if nm == tokens:
                return idx
            a, b = (tokens, nm) if len(tokens) <= len(nm) else (nm, tokens)
            if len(a) >= 2 and [_strip_prefix(x) for x in b[-len(a) :]] == [_strip_prefix(x) for x in a]:
                return idx
        return None

    multi = [c for c in persons if len(_name_tokens(doc, c)) >= 2]
    single = [c for c in persons if len(_name_tokens(doc, c)) < 2]
    for c in multi:
        toks = _name_tokens(doc, c)
        idx = find_full(toks)
        if idx is None:
            clusters.append([c])
            names.append(toks)
        else:
            clusters[idx].append(c)
            if len(toks) > len(names[idx]):
                names[idx] = toks
    for c in single:
        toks = _name_tokens(doc, c)
        if not toks:
            continue
        w = _strip_prefix(toks[0])
        idx = _surname_cluster(w, c.start, clusters, names)
        if idx is None:
            for j, nm in enumerate(names):
                if nm == toks:
                    idx = j
                    break
        if idx is None:
            clusters.append([c])
            names.append(toks)
        else:
            clusters[idx].append(c)
    return clusters


def _surname_cluster(word: str, pos: int, clusters, names) -> Optional[int]:
    last = [j for j, nm in enumerate(names) if len(nm) >= 2 and _strip_prefix(nm[-1]) == word]
    if not last:
        last = [j for j, nm in enumerate(names) if len(nm) >= 2 and _strip_prefix(nm[0]) == word]
    if not last:
        return None
    if len(last) == 1:
        return last[0]

    def nearest(j):
        before = [c.start for c in clusters[j] if c.start < pos]
        return max(before) if before else -1

    return max(last, key=nearest)


def _surname_words(doc, clusters) -> dict[str, int]:
    words: dict[str, list[int]] = {}
    for j, cl in enumerate(clusters):
        longest = max(cl, key=lambda c: c.end - c.start)
        toks = _name_tokens(doc, longest)
        if len(toks) >= 2:
            for w in {toks[-1], _strip_prefix(toks[-1])}:
                words.setdefault(w, []).append(j)
    return {w: js[0] for w, js in words.items() if len(set(js)) == 1}


def _person_named(doc, c: Cand, clusters, surnames: dict[str, int]) -> int | None:
    """The person cluster a several-word name typed ORG/PLACE names in full: its last word is
    the cluster's surname and every word of it is a word of the cluster's names."""
    words = _name_tokens(doc, c)
    if not 2 <= len(words) <= 4:
        return None
    j = surnames.get(words[-1])
    if j is None:
        return None
    known = {w for m in clusters[j] for w in _name_tokens(doc, m)}
    return j if all(w in known for w in words) else None


def _cluster_names(doc, clusters, skip: int) -> list[list[str]]:
    """Name words of the other person clusters."""
    return [_name_tokens(doc, c) for j, cl in enumerate(clusters) if j != skip for c in cl]


# --------------------------------------------------------------------------- titles, roles, gender
def _det_gender(tok) -> Optional[str]:
    g = tok.morph.get("Gender")
    if tok.pos_ == "DET" and g:
        return "m" if g[0] == "Masc" else "f" if g[0] == "Fem" else None
    return None


def _adj_gender(tok) -> Optional[str]:
    g = tok.morph.get("Gender")
    return ("m" if g[0] == "Masc" else "f") if g and g[0] in ("Masc", "Fem") else None


def _segment_after(doc, i: int, limit: int = 16) -> int:
    """End of a comma-delimited segment starting at token i (exclusive)."""
    n = len(doc)
    j = i
    while j < n and j - i < limit:
        t = doc[j]
        if t.text in CLAUSE_STOP or t.is_space:
            break
        if t.pos_ in ("VERB", "AUX") and j > i:
            break
        j += 1
    return j


def _segment_before(doc, i: int, limit: int = 12) -> int:
    """Start of a segment ending at token i (exclusive), bounded by punctuation or the sentence start."""
    j = i
    sent_start = doc[i - 1].sent.start if i > 0 else 0
    while j > sent_start and i - j < limit:
        t = doc[j - 1]
        if t.text in CLAUSE_STOP or t.is_space:
            break
        if t.pos_ in ("VERB", "AUX"):
            break
        j -= 1
    return j


def _title_in(doc, s: int, e: int, res: Resources) -> Optional[tuple[int, int, Title]]:
    """The first title (not a plain honorific) inside tokens [s, e)."""
    for i in range(s, e):
        m = match_title_at(doc, i, res, e)
        if m and m[1].canonical not in PLAIN_HONORIFICS:
            return i, m[0], m[1]
    return None


def _annotate_person(doc, c: Cand, res: Resources, lang: str) -> None:
    """Titles, roles, gender votes and nominal title tokens for one PERSON name mention."""
    articles = ARTICLES[lang]
    # pre-name titles: "le colonel", "Defence Minister", "Lt. Gen."
    pos = c.start
    while pos > 0:
        m = match_title(doc, pos, res, max(0, pos - res.max_title_len))
        adj_end = pos
        if m is None and pos > 1 and fold(doc[pos - 1].text) in res.demonyms:
            # "le président français Emmanuel Macron"
            m = match_title(doc, pos - 1, res, max(0, pos - 1 - res.max_title_len))
            if m is not None and m[1].cls == "function":
                c.genders.append(_adj_gender(doc[pos - 1]) or "")
            else:
                m = None
        if m is None:
            break
        tstart, title = m
        if title.gender:
            c.genders.append(title.gender)
        if title.canonical not in PLAIN_HONORIFICS:
            c.titles.append(title.canonical)
        c.title_tokens.update(range(tstart, pos))
        rstart = tstart
        while rstart > 0 and _role_modifier(doc, rstart - 1, res, lang):
            rstart -= 1  # "Hamas leader", "RSF commander", "Police spokesman"
        if title.cls == "function" or (rstart < tstart and title.cls == "rank"):
            c.roles.append(doc[rstart:adj_end].text)
            tstart = rstart
        pos = tstart
        if pos > 0 and fold(doc[pos - 1].text) in articles:
            g = _det_gender(doc[pos - 1]) if lang == "fr" else None
            if g:
                c.genders.append(g)
            c.title_tokens.add(pos - 1)
            pos -= 1
            break
    # apposition after the name: "X, the army spokesman, said" / "X, porte-parole de l'armée,"
    n = len(doc)
    if c.end < n and doc[c.end].text == ",":
        s = c.end + 1
        e = _segment_after(doc, s)
        if e > s:
            _apposition(doc, s, e, c, res, lang)
    # apposition before the name: "Le porte-parole de la coalition, le colonel Wayne Morato"
    if pos > 1 and doc[pos - 1].text == ",":
        e = pos - 1
        s = _segment_before(doc, e)
        if s >= 0 and e > s:
            _apposition(doc, s, e, c, res, lang, before=True)
    # French agreement: "X a été tuée", "X est arrivée"
    if lang == "fr":
        root = doc[c.start : c.end].root
        head = root.head
        if root.dep_.startswith("nsubj") and head.pos_ in ("VERB", "ADJ"):
            if any(ch.lemma_ == "être" and ch.dep_.startswith("aux") for ch in head.children) or head.dep_ == "cop":
                g = head.morph.get("Gender")
                if g and head.morph.get("Number") != ["Plur"]:
                    c.genders.append("m" if g[0] == "Masc" else "f")


def _role_modifier(doc, i: int, res: Resources, lang: str) -> bool:
    """Token i modifies the title after it ("army" in "army spokesman") and is not itself a title."""
    t = doc[i]
    if t.is_punct or t.pos_ not in ("NOUN", "PROPN", "ADJ") or fold(t.text) in ARTICLES[lang]:
        return False
    if match_title(doc, i + 1, res, max(0, i + 1 - res.max_title_len)) is not None:
        return False
    return is_cap(t) or (lang == "en" and t.dep_ in ("compound", "amod"))


def _apposition(doc, s: int, e: int, c: Cand, res: Resources, lang: str, before: bool = False) -> None:
    articles = ARTICLES[lang]
    while s < e and (fold(doc[s].text) in articles or doc[s].pos_ in ("ADP", "SCONJ", "CCONJ", "ADV") or doc[s].text in {"according"}):
        s += 1  # "Selon le ministre ...", "according to the ..."
    if s >= e:
        return
    found = _title_in(doc, s, e, res)
    if found is None or (not before and found[0] - s > 3):
        return
    # the role starts at the title or its noun modifiers ("army spokesman", "coalition's spokesman"),
    # not at what precedes ("a déclaré à l'AFP le porte-parole de l'armée")
    first = s
    s = found[0]
    while s > first and s > found[0] - 3 and (
        doc[s - 1].pos_ in ("NOUN", "PROPN", "ADJ") or doc[s - 1].text in {"'s", "’s"}
    ) and fold(doc[s - 1].text) not in articles and not doc[s - 1].is_punct:
        s -= 1
    if e - s > 14:
        return
    ts, te, title = found
    if any(t.ent_type_ in ("PER", "PERSON") and t.i not in range(c.start, c.end) for t in doc[s:e]):
        return
    if title.gender:
        c.genders.append(title.gender)
    if lang == "fr" and s > 0:
        g = _det_gender(doc[s - 1])
        if g:
            c.genders.append(g)
    c.roles.append(doc[s:e].text)
    if title.cls in ("rank",):
        c.titles.append(title.canonical)
    det = s - 1 if s > 0 and fold(doc[s - 1].text) in articles else s
    c.title_tokens.update(range(det, te))
    c.appos_nominal = (det, te)


def _nominals(doc, kept: list[Cand], used: set[int], res: Resources, lang: str) -> list[dict]:
    """Noun phrases headed by a function or rank title, with no name: "le porte-parole", "the spokesman"."""
    articles = ARTICLES[lang]
    covered = {i for c in kept for i in range(c.start, c.end)}
    out = []
    n = len(doc)
    i = 0
    while i < n:
        if i in used or i in covered:
            i += 1
            continue
        m = match_title_at(doc, i, res, min(n, i + res.max_title_len))
        if m is None or m[1].cls == "honorific":
            i += 1
            continue
        te, title = m
        head = doc[te - 1]
        if head.pos_ not in ("NOUN", "PROPN") or "Plur" in head.morph.get("Number") or fold(head.text).endswith("men"):
            i = te
            continue
        if te < n and doc[te].pos_ == "PROPN" and is_cap(doc[te]):
            i = te  # a title before a name: handled with the name
            continue
        # noun-phrase start: determiner, possibly after English modifiers ("the army spokesman")
        s = i
        if lang == "en":
            while s > 0 and doc[s - 1].pos_ in ("NOUN", "PROPN", "ADJ") and not doc[s - 1].is_punct and (s - 1) not in used:
                s -= 1
        det = None
        if s > 0 and fold(doc[s - 1].text) in articles:
            det = doc[s - 1]
        elif s > 1 and doc[s - 1].text in {"'s", "’s"}:
            det = None
        if det is None and lang == "fr":
            i = te
            continue  # a bare French title is a predicate or a list item, not a mention
        start = det.i if det is not None else s
        # complement: "de la coalition", "for the coalition"
        ce = te
        if te < n and fold(doc[te].text) in {"de", "du", "des", "d'", "of", "for", "at"}:
            ce = _segment_after(doc, te, limit=10)
        role = doc[s:ce].text if ce > s else doc[s:te].text
        gender = title.gender
        if lang == "fr" and det is not None:
            gender = _det_gender(det) or gender
        definite = det is None or fold(det.text) in {"le", "la", "l'", "the", "ce", "cette", "this"}
        out.append(
            {
                "start": doc[start].idx,
                "end": doc[te - 1].idx + len(doc[te - 1].text),
                "tok": (start, te),
                "text": doc[start:te].text,
                "title": title.canonical,
                "role": role,
                "gender": gender,
                "definite": definite,
                "entity_id": None,
            }
        )
        i = te
    return out


def _content_words(text: str) -> set[str]:
    stop = {"de", "du", "des", "d'", "la", "le", "les", "l'", "of", "the", "for", "a", "an", "un", "une", "at", "'s"}
    return {w for w in fold(text).replace("'", "' ").split() if w not in stop and len(w) > 1}


# --------------------------------------------------------------------------- entities
def _body_country_name(iso: str) -> str:
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=iso)
    except Exception:  # pragma: no cover
        c = None
    if c is None:
        return iso
    override = load_lexicon().get("acled_country_names", {}).get(iso)
    if override:
        return override
    name = getattr(c, "common_name", None) or c.name
    return name.split(",")[0]


def _clean_nominal_text(text: str, lang: str) -> str:
    words = text.split()
    while words and fold(words[0]) in ARTICLES[lang]:
        words = words[1:]
    out = " ".join(words)
    for art in ("l'", "l’"):
        if out.lower().startswith(art):
            out = out[len(art) :]
    return out


def _vote_place_types(sdoc, kept: list[Cand]) -> None:
    """Types of ambiguous spaCy names: a text typed PLACE somewhere is a place everywhere."""
    votes: dict[str, Counter] = {}
    for c in kept:
        if c.source == "spacy" and c.type in ("ORG", "PLACE"):
            votes.setdefault(fold(_text(sdoc, c)), Counter())[c.type] += 1
    for c in kept:
        if c.source == "spacy" and c.type in ("ORG", "PLACE"):
            v = votes[fold(_text(sdoc, c))]
            c.type = "PLACE" if v["PLACE"] >= v["ORG"] or fold(_text(sdoc, c)) in big_places() else "ORG"


def _retype_surnames(sdoc, kept: list[Cand], clusters: list[list[Cand]], surnames: dict[str, int]) -> None:
    """spaCy names typed ORG/PLACE that are a known surname, or that name a clustered person, join that person."""
    for c in kept:
        if c.source == "spacy" and c.type != "PERSON" and c.end - c.start == 1:
            w = fold(sdoc[c.start].text)
            if w in surnames:
                c.type = "PERSON"
                clusters[surnames[w]].append(c)
        elif c.source == "spacy" and c.type != "PERSON":
            j = _person_named(sdoc, c, clusters, surnames)
            if j is not None:  # "gouvernement de Tayyip Erdogan" (LOC) beside "le premier ministre, Tayyip Erdogan"
                c.type = "PERSON"
                clusters[j].append(c)


def _add_surname_cands(sdoc, kept: list[Cand], covered: set[int], clusters: list[list[Cand]],
                       surnames: dict[str, int]) -> None:
    """Capitalised surnames no candidate covers join their person."""
    for tok in sdoc:
        if tok.i in covered or not is_cap(tok) or tok.pos_ not in ("PROPN", "NOUN", "X"):
            continue
        j = surnames.get(fold(tok.text))
        if j is not None:
            c = Cand(tok.i, tok.i + 1, "PERSON", "surname", 1.0)
            kept.append(c)
            clusters[j].append(c)


def _drop_place_persons(sdoc, clusters: list[list[Cand]]) -> list[list[Cand]]:
    """A lone one-word "person" that is a large city or a country (en_core_web_sm: "shelled Kharkiv") is a place."""
    places = big_places()
    for j, cl in enumerate(clusters):
        if all(c.source == "spacy" and c.end - c.start <= 2 for c in cl) and len({fold(_text(sdoc, c)) for c in cl}) == 1:
            word = fold(_text(sdoc, cl[0]))
            if word in places and word not in {w for nm in _cluster_names(sdoc, clusters, j) for w in nm}:
                for c in cl:
                    c.type = "PLACE"
                    c.key = None
                cl.clear()
    return [cl for cl in clusters if cl]


def _key_persons(sdoc, kept: list[Cand], res: Resources, lang: str) -> None:
    """Person clusters, each keyed P0, P1...; surnames and misnamed places settled first."""
    persons = [c for c in kept if c.type == "PERSON"]
    clusters = _cluster_persons(sdoc, persons)
    surnames = _surname_words(sdoc, clusters)
    covered = {i for c in kept for i in range(c.start, c.end)}
    _retype_surnames(sdoc, kept, clusters, surnames)
    _add_surname_cands(sdoc, kept, covered, clusters, surnames)
    clusters = _drop_place_persons(sdoc, clusters)
    for j, cl in enumerate(clusters):
        for c in cl:
            c.key = f"P{j}"
            _annotate_person(sdoc, c, res, lang)


def _key_others(sdoc, kept: list[Cand]) -> None:
    """Keys for the candidates that are not persons: actor, national body, or type and folded text."""
    for c in kept:
        if c.key:
            continue
        if c.actor:
            c.key = "A:" + c.actor
        elif c.body:
            c.key = f"B:{c.body[0]}:{c.body[1]}"
        else:
            c.key = f"{c.type}:{fold(_text(sdoc, c))}"


def _link_defined_acronyms(sdoc, kept: list[Cand], acr_defs) -> None:
    """Acronyms defined in the text: every occurrence joins the expansion."""
    for exp, acr in acr_defs:
        key = exp.key
        if key is None:
            continue
        for c in kept:
            if c is not exp and _text(sdoc, c) == acr:
                c.key = key
                c.kind = "alias"
                c.type = exp.type
        spans = {(c.start, c.end) for c in kept}
        for tok in sdoc:
            if tok.text == acr and (tok.i, tok.i + 1) not in spans and not any(c.start <= tok.i < c.end for c in kept):
                kept.append(Cand(tok.i, tok.i + 1, exp.type, "acronym", 4.5, key=key, kind="alias"))


def _link_initials(sdoc, kept: list[Cand]) -> None:
    """Unlinked acronyms that spell the initials of an ORG named in the text."""
    org_initials: dict[str, Optional[str]] = {}
    for c in kept:
        if c.type == "ORG" and c.end - c.start >= 2:
            org_initials.setdefault(acronym_of([t.text for t in sdoc[c.start : c.end]]), c.key)
    for c in kept:
        t = _text(sdoc, c)
        if c.type == "ORG" and c.source == "spacy" and looks_acronym(t):
            key = org_initials.get("".join(ch for ch in t if ch.isupper()))
            if key and key != c.key:
                c.key = key
                c.kind = "alias"


def _group_entities(sdoc, kept: list[Cand], actors, lang: str) -> tuple[list[Entity], dict[str, Entity]]:
    """One entity per key, in order of first mention, and the entity of each key."""
    groups: dict[str, list[Cand]] = {}
    for c in sorted(kept, key=lambda c: (c.start, -c.end)):
        groups.setdefault(cast(str, c.key), []).append(c)  # every kept candidate has its key by now

    entities: list[Entity] = []
    key_to_entity: dict[str, Entity] = {}
    for key, cs in sorted(groups.items(), key=lambda kv: min(c.start for c in kv[1])):
        ent = _make_entity(sdoc, key, cs, actors, lang)
        if ent is None:
            continue
        entities.append(ent)
        key_to_entity[key] = ent
    return entities, key_to_entity


def _attach_appositions(sdoc, kept: list[Cand], key_to_entity: dict[str, Entity]) -> None:
    """Nominals made by appositions belong to their person."""
    for c in kept:
        ap = getattr(c, "appos_nominal", None)
        if ap and c.key in key_to_entity:
            s, e = ap
            ent = key_to_entity[c.key]
            span = sdoc[s:e]
            if not any(m.start == span.start_char for m in ent.mentions):
                ent.mentions.append(Mention(start=span.start_char, end=span.end_char, text=span.text, kind="nominal"))


def _nominal_person(nom: dict, persons_ents: list[Entity]) -> Optional[Entity]:
    """The one person whose titles match a nominal mention, the best role overlap deciding; None if not one."""
    cands = []
    for ent in persons_ents:
        heads = {fold(t) for t in ent.titles} | {fold(r) for r in ent.roles}
        if not any(nom["title"] == h or nom["title"] in h.split() or h.startswith(nom["title"] + " ") or fold(nom["title"]) in h for h in heads):
            continue
        overlap = max((len(_content_words(nom["role"]) & _content_words(r)) for r in ent.roles), default=0)
        cands.append((overlap, ent))
    if not cands:
        return None
    best = max(o for o, _ in cands)
    top = [e for o, e in cands if o == best]
    if len(top) != 1:
        return None
    return top[0]


def _attach_nominals(nominals: list[dict], persons_ents: list[Entity]) -> None:
    for nom in nominals:
        ent = _nominal_person(nom, persons_ents)
        if ent is None:
            continue
        nom["entity_id"] = ent.id
        ent.mentions.append(Mention(start=nom["start"], end=nom["end"], text=nom["text"], kind="nominal"))


def _number_entities(entities: list[Entity]) -> None:
    """Mentions in order with their evidence, entities in order of first mention, ids e1, e2..."""
    for ent in entities:
        ent.mentions.sort(key=lambda m: (m.start, m.end))
        ent.evidence = [Span(start=m.start, end=m.end) for m in ent.mentions]
    entities.sort(key=lambda e: e.mentions[0].start)
    for i, ent in enumerate(entities, 1):
        ent.id = f"e{i}"


def build_entities(doc, kept: list[Cand], acr_defs, res: Resources, lang: str):
    sdoc = doc.doc
    actors = load_actors()
    _vote_place_types(sdoc, kept)
    _key_persons(sdoc, kept, res, lang)
    _key_others(sdoc, kept)
    _link_defined_acronyms(sdoc, kept, acr_defs)
    _link_initials(sdoc, kept)
    entities, key_to_entity = _group_entities(sdoc, kept, actors, lang)

    # ---- nominal mentions
    used = set()
    for c in kept:
        used |= c.title_tokens
    nominals = _nominals(sdoc, kept, used, res, lang)
    persons_ents = [e for e in entities if e.type == "PERSON"]
    _attach_appositions(sdoc, kept, key_to_entity)
    _attach_nominals(nominals, persons_ents)

    # ---- gender still unknown: a subject pronoun opening the next sentence when one person was named
    _pronoun_gender(sdoc, entities, lang)
    _number_entities(entities)
    return entities


PRONOUNS = {"fr": {"il": "m", "elle": "f"}, "en": {"he": "m", "she": "f"}}


def _pronoun_gender(sdoc, entities: list[Entity], lang: str) -> None:
    """Gender from "Il a souligné" / "She added" right after a sentence naming exactly one person."""
    unknown = [e for e in entities if e.type == "PERSON" and e.gender is None]
    if not unknown:
        return
    sents = list(sdoc.sents)
    votes: dict[str, Counter] = {}
    for prev, sent in pairwise(sents):
        subj = next((t for t in sent if t.dep_.startswith("nsubj") and fold(t.text) in PRONOUNS[lang]), None)
        if subj is None or subj.i - sent.start > 3:
            continue
        named = {
            e.id
            for e in entities
            if e.type == "PERSON"
            for m in e.mentions
            if m.kind == "name" and prev.start_char <= m.start < prev.end_char
        }
        if len(named) == 1:
            votes.setdefault(named.pop(), Counter())[PRONOUNS[lang][fold(subj.text)]] += 1
    for e in unknown:
        v = votes.get(e.id)
        if v and len(v) == 1:
            e.gender = next(iter(v))


def _entity_mentions(sdoc, cs: list[Cand]) -> list[Mention]:
    """One mention per distinct character span of the candidates."""
    mentions = []
    seen = set()
    for c in cs:
        span = sdoc[c.start : c.end]
        if (span.start_char, span.end_char) in seen:
            continue
        seen.add((span.start_char, span.end_char))
        mentions.append(Mention(start=span.start_char, end=span.end_char, text=span.text, kind=cast(MentionKind, c.kind)))
    return mentions


def _actor_attrs(actor, cs: list[Cand], mentions: list[Mention], lang: str) -> tuple[str, str, Optional[str], Optional[str], float]:
    """Name, type, actor type, country and confidence of a known actor's entity; its other names become aliases."""
    name = actor.name(lang) or actor.name_en
    typ = actor.type
    actor_type = actor.family or None
    country = actor.country or None
    conf = 0.95 if any(not c.weak for c in cs) else 0.8
    for m in mentions:
        if fold(m.text) != fold(name):
            m.kind = "alias"
    return name, typ, actor_type, country, conf


def _plain_attrs(cs: list[Cand], mentions: list[Mention], typ: str, aliases: list[str],
                 lang: str) -> tuple[str, Optional[str], Optional[str], float]:
    """Name, actor type, country and confidence of an entity that is no known actor (a national body's ACLED
    name added to ``aliases``)."""
    actor_type = None
    country = None
    conf = 0.7
    name_m = [m for m in mentions if m.kind == "name"] or mentions
    name = max(name_m, key=lambda m: (len(m.text), -m.start)).text
    if cs[0].body:
        kind, iso = cs[0].body
        info: dict = next((b for b in load_lexicon()["national_bodies"] if b["kind"] == kind), {})
        actor_type = info.get("family") or None
        country = iso
        name = _clean_nominal_text(name, lang)
        if info.get("acled"):
            aliases.append(info["acled"].format(country=_body_country_name(iso)))
        for m in mentions:
            m.kind = "nominal"
        conf = 0.75
    elif typ == "PERSON":
        conf = 0.9 if len(mentions) > 1 or any(c.source == "title" for c in cs) else 0.8
    elif any(c.source in ("facility", "acronym") for c in cs):
        conf = 0.8
    elif len(mentions) > 1:
        conf = 0.85
    return name, actor_type, country, conf


def _name_words(text: str) -> set[str]:
    return {_strip_prefix(w) for w in fold(text).replace("-", " ").split()}


def _add_aliases(aliases: list[str], mentions: list[Mention], name: str, typ: str, actor, lang: str) -> None:
    """The mentions that are other names (not part of a person's name), and a known actor's name in the other
    language."""
    name_words = _name_words(name)
    for m in mentions:
        if fold(m.text) == fold(name) or m.text in aliases or m.kind == "nominal":
            continue
        if typ == "PERSON" and _name_words(m.text) <= name_words:
            continue  # "Morato" is part of "Wayne Morato", not an alias
        aliases.append(m.text)
    if actor is not None:
        other = actor.name_en if lang == "fr" else actor.name_fr
        if other and fold(other) != fold(name) and other not in aliases:
            aliases.append(other)


def _titles_roles_gender(cs: list[Cand], typ: str) -> tuple[list[str], list[str], Optional[str]]:
    """The candidates' titles and roles (first seen first), and a person's majority gender."""
    titles: list[str] = []
    roles: list[str] = []
    genders: list[str] = []
    for c in cs:
        c.genders = [g for g in c.genders if g]
        for t in c.titles:
            if t not in titles:
                titles.append(t)
        for r in c.roles:
            if r not in roles:
                roles.append(r)
        genders.extend(c.genders)
    gender = None
    if genders:
        g = Counter(genders).most_common()
        if len(g) == 1 or g[0][1] > g[1][1]:
            gender = g[0][0]
    if typ != "PERSON":
        gender = None
    return titles, roles, gender


def _make_entity(sdoc, key: str, cs: list[Cand], actors, lang: str) -> Optional[Entity]:
    typ = Counter(c.type for c in cs).most_common(1)[0][0]
    mentions = _entity_mentions(sdoc, cs)
    if not mentions:
        return None
    actor = actors.get(cs[0].actor) if cs[0].actor and key.startswith("A:") else None
    aliases: list[str] = []
    if actor is not None:
        name, typ, actor_type, country, conf = _actor_attrs(actor, cs, mentions, lang)
    else:
        name, actor_type, country, conf = _plain_attrs(cs, mentions, typ, aliases, lang)
    for m in mentions:
        if m.kind == "name" and len(m.text) < len(name) and typ in ("ORG",) and m.text.isupper():
            m.kind = "alias"
    _add_aliases(aliases, mentions, name, typ, actor, lang)
    titles, roles, gender = _titles_roles_gender(cs, typ)
    return Entity(
        id=key,
        type=cast(EntityType, typ),
        name=name,
        mentions=mentions,
        titles=titles,
        roles=roles,
        aliases=aliases,
        gender=cast(Optional[Literal["m", "f"]], gender),
        actor_type=actor_type,
        country=country,
        confidence=conf,
    )
