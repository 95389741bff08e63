"""Stage: quotes. Direct quotes (all quotation marks) and indirect speech, with speaker and verb.

Direct quotes are found on the characters (every French and English quotation mark, quotes
running across sentences, paragraph-continued quotes), then kept only with a reporting frame:
a reporting verb before (``X a déclaré : « … »``, ``X said that "…"``), an incise after or
inside (``« … », a-t-il ajouté``, ``"…," said X``), a source preposition (``selon X``,
``according to X``), a participle continuing the previous speaker (``ajoutant : « … »``), or a
clause-length quote following a framed one. Quoted names and titles (scare quotes) are not
quotes. Indirect speech is a reporting verb with a content clause (``que`` / ``that`` / an
English complement clause), a sentence-final incise (``…, police said``) or a source preposition.

Speakers come from the parse where it is right (subject of the verb), from token patterns
where spaCy's parse is known to fail (French clitic inversion ``a-t-il``, whose ``-il`` is
``expl:subj``), and pronouns resolve to the nearest gender/number-compatible speaker or
PERSON/ORG mention outside quoted text. Entities come from the entities stage
(``doc.entities``) when present, else from spaCy's named entities.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Optional

from veille.document import Document
from veille.schema import Quote, Span
from veille.resources import load_json
from veille.stages.entity_base import first_name_genders

# ------------------------------------------------------------------------------ lexicons


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]  # single-word lemmas
    phrasal: dict[str, tuple[tuple[str, ...], ...]]  # first lemma -> following words
    source_markers: tuple[tuple[str, ...], ...]  # ("selon",), ("d'après",), ("according", "to")
    source_rejected: frozenset[str]
    pronouns: dict[str, tuple[Optional[str], str]]  # form -> (gender, number)
    titles_f: frozenset[str]
    titles_m: frozenset[str]
    naming: frozenset[str]
    org_heads: frozenset[str]  # generic heads naming an organisation ("l'organisation", "the agency")
    press_heads: frozenset[str] = frozenset()  # heads naming a newspaper or channel ("l'hebdomadaire")
    press_titles: frozenset[str] = frozenset()  # casefolded press titles (entities lexicon)
    lemma_repairs: tuple[tuple[str, str], ...] = ()  # (form suffix, lemma suffix) for lemmatiser misses
    description_heads: frozenset[str] = frozenset()  # nouns of descriptions standing for a named person
    lead_markers: frozenset[str] = frozenset()  # source prepositions only at a sentence start ("Pour X, …")
    latter: dict[str, tuple[Optional[str], str]] = field(default_factory=dict)  # "ce dernier" -> last person named
    latter_after_det: frozenset[str] = frozenset()  # latter forms that need a determiner before them
    latter_dets: frozenset[str] = frozenset()
    possessives: dict[str, tuple[Optional[str], str]] = field(default_factory=dict)  # "ses" (explications) -> possessor
    speech_nouns: frozenset[str] = frozenset()
    possessive_intensifiers: frozenset[str] = frozenset()
    stressed: frozenset[str] = frozenset()  # stressed pronouns ("lui", "eux") that repeat a subject
    relative_demonstratives: dict[str, tuple[Optional[str], str]] = field(default_factory=dict)  # "celle" (qui …) -> (gender, number)
    relative_words: frozenset[str] = frozenset()
    complement: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)  # lemma -> (preps, need)
    complement_min_words: dict[str, int] = field(default_factory=dict)  # lemma (or "" for all) -> alphabetic words of such a complement
    complement_rejected: frozenset[str] = frozenset()  # object heads that report nothing ("said ⟦nothing⟧")
    answer_verbs: frozenset[str] = frozenset()  # "said", "answered": verbs reporting a one-word answer
    answer_words: tuple[str, ...] = ()  # "yes", "so", "the same": such answers, longest first
    free_relatives: frozenset[str] = frozenset()  # "what": a free relative holding the reporting verb ("what she said is …")
    complement_anonymous: frozenset[str] = frozenset()  # "asked ⟦not to be named⟧": a request for anonymity, no content
    clause_cuts: bool = True  # reported content ends at ", which …" and at "and that …"
    agent_markers: frozenset[str] = frozenset()  # "par", "by": a passive's agent speaks
    member_heads: frozenset[str] = frozenset()  # "les humanitaires", "ses responsables": an organisation's people
    document_nouns: frozenset[str] = frozenset()  # "a statement", "un communiqué": its issuer speaks
    temporal: frozenset[str] = frozenset()  # "samedi", "janvier", "ans": times do not speak
    quantities: frozenset[str] = frozenset()  # "percent", "half": a share of a polled group speaks
    first_person: frozenset[str] = frozenset()  # "I", "we": a writer reporting their own speech
    first_person_beliefs: frozenset[str] = frozenset()  # "I think …": an opinion, no reported speech
    headline_rubrics: Optional[frozenset[str]] = None  # title prefixes before ":" that name no speaker; None: no headline frame
    headline_words: int = 5
    question_verbs: frozenset[str] = frozenset()  # "asked whether …": an indirect question is the content
    question_openers: frozenset[str] = frozenset()
    question_wh: frozenset[str] = frozenset()  # "asked Sanders ⟦how he is feeling⟧": only a complement clause
    question_preps: frozenset[str] = frozenset()  # "asked Trump about ⟦…⟧"
    as_markers: frozenset[str] = frozenset()  # "As the Times noted, …": the main clause is the content
    participle_subject_markers: frozenset[str] = frozenset()  # "with X saying": X is the participle's subject
    headline_verbs: tuple[tuple[str, ...], ...] = ()  # "says", "calls for": a title line's reporting verb
    headline_speaker_words: int = 6
    speaker_line_rejected: Optional[frozenset[str]] = None  # labels before a paragraph's colon that name no speaker; None: no such frame
    speaker_line_words: int = 4
    idioms: tuple[str, ...] = ()  # "c'est-à-dire": a verb inside one reports nothing
    person_nouns: frozenset[str] = frozenset()  # "un agent", "a witness": someone a later pronoun may name
    group_heads: frozenset[str] = frozenset()  # "les membres", "les internautes": a group a plural pronoun may name
    locutions: frozenset[str] = frozenset()  # "en effet", "de son côté": adverbials between an incise verb and its subject
    partitive_heads: frozenset[str] = frozenset()  # "un" (des parlementaires), "one" (of the attorneys)
    partitive_preps: frozenset[str] = frozenset()
    noun_frames: dict[str, frozenset[str]] = field(default_factory=dict)  # "call" -> {"for"}: "Pence's call for ⟦…⟧"
    noun_frame_verbs: frozenset[str] = frozenset()  # "sounded a call for …": the verb's subject speaks
    noun_frame_min_words: int = 2
    passive_subject_verbs: frozenset[str] = frozenset()  # "⟦X⟧ was first reported by Politico"
    signed_posts: bool = False  # "⟦TEXT⟧ — Name (@handle) Date": an embedded post
    contrast_markers: frozenset[str] = frozenset()  # ", while …": a contrasting clause reporting someone else ends a content


def _data_text(name: str) -> str:
    return resources.files("veille.data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """Reporting verbs and quote patterns for ``lang`` ("fr" or "en"), loaded once."""
    lang = lang if lang in ("fr", "en") else "en"
    verbs: set[str] = set()
    phrasal: dict[str, list[tuple[str, ...]]] = {}
    for line in _data_text(f"reporting_verbs_{lang}.txt").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        entry = re.sub(r"^(se |s'|s’)", "", entry)  # reflexives match the bare lemma
        parts = entry.split("_")
        if len(parts) == 1:
            verbs.add(parts[0])
        else:
            phrasal.setdefault(parts[0], []).append(tuple(parts[1:]))
    pat = json.loads(_data_text("quote_patterns.json"))
    markers = tuple(tuple(m.lower().replace("’", "'").split()) for m in pat["source_markers"][lang])
    return Lexicon(
        verbs=frozenset(verbs),
        phrasal={k: tuple(v) for k, v in phrasal.items()},
        source_markers=markers,
        source_rejected=frozenset(pat["source_heads_rejected"][lang]),
        pronouns={k: (v[0], v[1]) for k, v in pat["subject_pronouns"][lang].items()},
        titles_f=frozenset(pat["gender_titles"]["f"]),
        titles_m=frozenset(pat["gender_titles"]["m"]),
        naming=frozenset(pat["naming_words"][lang]),
        org_heads=frozenset(pat["organisation_heads"][lang]),
        press_heads=frozenset(pat["press_heads"][lang]),
        press_titles=frozenset(t.casefold() for t in load_json("entities_lexicon.json").get("press_titles", {}).get(lang, [])),
        lemma_repairs=tuple((a, b) for a, b in pat["lemma_repairs"][lang]),
        description_heads=frozenset(pat["description_heads"][lang]) | _title_heads(lang),
        lead_markers=frozenset(pat["lead_source_markers"][lang]),
        latter={k: (v[0], v[1]) for k, v in pat["latter_anaphors"][lang].items()},
        latter_after_det=frozenset(pat["latter_anaphors"]["after_determiner"]),
        latter_dets=frozenset(pat["latter_anaphors"]["determiners"]),
        possessives={k: (v[0], v[1]) for k, v in pat["possessive_sources"][lang].items()},
        speech_nouns=frozenset(pat["possessive_sources"]["nouns"][lang]),
        possessive_intensifiers=frozenset(pat["possessive_sources"]["intensifiers"][lang]),
        stressed=frozenset(pat["stressed_pronouns"][lang]),
        relative_demonstratives={k: (v[0], v[1]) for k, v in pat["relative_demonstratives"][lang].items()},
        relative_words=frozenset(pat["relative_demonstratives"]["relatives"][lang]),
        complement={k: (frozenset(v["preps"]), frozenset(v["need"])) for k, v in pat["complement_verbs"][lang].items()},
        complement_min_words={"": int(pat["complement_verbs"]["min_words"][lang])} | {
            k: int(v["min_words"]) for k, v in pat["complement_verbs"][lang].items() if "min_words" in v},
        complement_rejected=frozenset(pat["complement_verbs"]["rejected_objects"][lang]),
        complement_anonymous=frozenset(pat["complement_verbs"]["rejected_infinitives"][lang]),
        free_relatives=frozenset(pat["free_relatives"][lang]),
        answer_verbs=frozenset(pat["answer_contents"]["verbs"][lang]),
        answer_words=tuple(sorted(pat["answer_contents"]["words"][lang], key=lambda w: -len(w.split()))),
        clause_cuts=bool(pat["content_clause_cuts"][lang]),
        agent_markers=frozenset(pat["agent_markers"][lang]),
        member_heads=frozenset(pat["member_heads"][lang]),
        document_nouns=frozenset(pat["document_nouns"][lang]),
        temporal=frozenset(pat["temporal_words"][lang]),
        quantities=frozenset(pat["quantity_subjects"][lang]),
        first_person=frozenset(pat["first_person_sources"][lang]["pronouns"]),
        first_person_beliefs=frozenset(pat["first_person_sources"][lang]["belief_verbs"]),
        headline_rubrics=frozenset(pat["headline_sources"][lang]) if pat["headline_sources"][lang] else None,
        headline_words=int(pat["headline_sources"]["max_words"]),
        question_verbs=frozenset(pat["question_verbs"][lang]),
        question_openers=frozenset(pat["question_verbs"]["openers"][lang]),
        question_wh=frozenset(pat["question_verbs"]["wh_openers"][lang]),
        question_preps=frozenset(pat["question_verbs"]["preps"][lang]),
        as_markers=frozenset(pat["as_clause_markers"][lang]),
        participle_subject_markers=frozenset(pat["participle_subject_markers"][lang]),
        headline_verbs=tuple(tuple(v.split()) for v in pat["headline_verbs"][lang]),
        headline_speaker_words=int(pat["headline_verbs"]["max_speaker_words"]),
        speaker_line_rejected=None if pat["speaker_lines"][lang] is None else frozenset(pat["speaker_lines"][lang]) | frozenset(pat["headline_sources"][lang]),
        speaker_line_words=int(pat["speaker_lines"]["max_words"]),
        idioms=tuple(p.lower().replace("’", "'") for p in pat["idioms"][lang]),
        person_nouns=frozenset(pat["person_nouns"][lang]),
        group_heads=frozenset(pat["group_heads"][lang]),
        locutions=frozenset(pat["adverbial_locutions"][lang]),
        partitive_heads=frozenset(pat["partitives"][lang]["heads"]),
        partitive_preps=frozenset(pat["partitives"][lang]["preps"]),
        noun_frames={k: frozenset(v) for k, v in pat["noun_frames"][lang].items()},
        noun_frame_verbs=frozenset(pat["noun_frames"]["verbs"][lang]),
        noun_frame_min_words=int(pat["noun_frames"]["min_words"]),
        passive_subject_verbs=frozenset(pat["passive_subject_verbs"][lang]),
        signed_posts=bool(pat["signed_posts"][lang]),
        contrast_markers=frozenset(pat["contrast_report_markers"][lang]),
    )


@lru_cache(maxsize=None)
def name_gender(name: str) -> Optional[str]:
    """The gender of a person's name by its first word ("Léa Salamé" -> "f"), None when unknown
    or when the name is a single word (a surname alone says nothing)."""
    words = name.split()
    return first_name_genders().get(words[0]) if len(words) > 1 else None


def configure_nlp(nlp, lang: str) -> None:
    """Keep an elided word alone before a space ("l' élu") one token, as in "l'élu".

    :func:`veille.ingest.markup.mask_markup` parses an escaped apostrophe ("l\\'élu", "qu\\'il") as the
    apostrophe and a space, so that offsets stay those of the article; spaCy's French tokenizer
    would split "l'" there into "l" and a quotation mark, which loses the subject of "affirme
    l'élu" and the negation of "n'avait". The words are ``elided_words`` in quote_patterns.json."""
    words = json.loads(_data_text("quote_patterns.json"))["elided_words"].get(lang, [])
    from spacy.symbols import ORTH

    for w in words:
        for form in {w, w.capitalize(), w.upper()}:
            for apostrophe in ("'", "’"):
                nlp.tokenizer.add_special_case(form + apostrophe, [{ORTH: form + apostrophe}])


@lru_cache(maxsize=50_000)
def _repaired_lemma(lang: str, form: str) -> Optional[str]:
    lex = lexicon(lang)
    for old, new in lex.lemma_repairs:
        if form.endswith(old) and len(form) > len(old) + 1:
            cand = form[: len(form) - len(old)] + new
            if cand in lex.verbs or cand in lex.phrasal:
                return cand
    return None


def _title_heads(lang: str) -> frozenset[str]:
    """First words of the functions, ranks and honorifics of ``titles_<lang>.txt``."""
    out = set()
    for line in _data_text(f"titles_{lang}.txt").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 3:
            continue
        out.add(cols[0].split()[0].rstrip("."))
    return frozenset(out)


@lru_cache(maxsize=None)
def _folded_title_heads(lang: str) -> frozenset[str]:
    return frozenset(h.lower() for h in _title_heads(lang))


def _title_word(ctx: "_Context", t) -> bool:
    """``t`` is a determiner or the first word of a title ("le", "Me", "docteur"): it may stand
    before a person's name."""
    return t.pos_ == "DET" or t.lower_.rstrip(".") in _folded_title_heads(ctx.lang)


def _person_at(ctx: "_Context", k: int) -> Optional["Mention"]:
    """The person mention that begins at token ``k``."""
    return next((m for m in ctx.mentions if m.type == "PERSON" and m.start == ctx.starts[k]), None)


# ------------------------------------------------------------------------------ quote marks

_SPACES = " \t\u00a0\u202f\u2009\u2007\u2002\u2003"
_STRIP = _SPACES + "\n"
QUOTE_CHARS = set("«»“”„‟\"‘’‹›'`")
_LETTER = re.compile(r"\w", re.UNICODE)


@dataclass
class QuoteSpan:
    """A stretch of text between quotation marks: marks at ``open``/``close`` (close -1: runs to paragraph end)."""

    open: int
    close: int
    start: int  # content start (after the mark and inner spaces)
    end: int  # content end (exclusive)


def _is_letter(ch: str) -> bool:
    return bool(ch) and bool(_LETTER.match(ch))


def _pairs_in_paragraph(text: str, a: int, b: int, lang: str) -> list[tuple[int, int]]:
    """(open, close) mark positions in text[a:b]; close == -1 when the quote runs to the paragraph end."""
    pairs = _guillemet_pairs(text, a, b) + _curly_double_pairs(text, a, b) + _curly_single_pairs(text, a, b)
    pairs += _straight_double_pairs(text, a, b)
    if lang == "en":  # straight single quotes, English only (French uses ' as apostrophe)
        pairs += _straight_single_pairs(text, a, b)
    return pairs


def _guillemet_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """« » (nesting counted), ‹ ›."""
    pairs: list[tuple[int, int]] = []
    for op, cl in (("«", "»"), ("‹", "›")):
        stack: list[int] = []
        for k in range(a, b):
            ch = text[k]
            if ch == op:
                stack.append(k)
            elif ch == cl and stack:
                o = stack.pop()
                if not stack:
                    pairs.append((o, k))
        if stack:
            pairs.append((stack[0], -1))
    return pairs


def _curly_double_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """“ ” and „ “ / „ ”."""
    pairs: list[tuple[int, int]] = []
    opened: Optional[int] = None
    opener = ""
    for k in range(a, b):
        ch = text[k]
        if ch == "„":
            if opened is None:
                opened, opener = k, ch
        elif ch == "“":
            if opened is None:
                opened, opener = k, ch
            elif opener == "„":
                pairs.append((opened, k))
                opened = None
        elif ch in "”‟":
            if opened is not None:
                pairs.append((opened, k))
                opened = None
            elif (k == a or text[k - 1].isspace()) and (text[k + 1 : k + 2].isalpha() or text[k + 1 : k + 3].lstrip().startswith("…")):
                opened, opener = k, ch  # a closing mark typed as the opener: ”Fear. I am truly afraid …”
    if opened is not None:
        pairs.append((opened, -1))
    return pairs


def _curly_single_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """‘ ’ : ’ closes only when not followed by a letter (else it is an apostrophe)."""
    pairs: list[tuple[int, int]] = []
    opened: Optional[int] = None
    for k in range(a, b):
        ch = text[k]
        if ch == "‘" and opened is None:
            opened = k
        elif ch == "’" and opened is not None and not _is_letter(text[k + 1 : k + 2]) and k - opened > 1:
            pairs.append((opened, k))
            opened = None
    return pairs


def _straight_double_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Straight double quotes: classify each mark by its neighbours, then alternate."""
    pairs: list[tuple[int, int]] = []
    marks = [k for k in range(a, b) if text[k] == '"']
    opened: Optional[int] = None
    for k in marks:
        prev = text[k - 1] if k > a else " "
        nxt = text[k + 1] if k + 1 < b else " "
        can_open = (prev in _STRIP or prev in "([{:;,—–-/") and nxt not in _STRIP
        can_close = prev not in _STRIP and (nxt in _STRIP or not _is_letter(nxt))
        if opened is None:
            if can_open or not can_close:
                opened = k
        elif can_close or not can_open:
            pairs.append((opened, k))
            opened = None
        else:  # two openers in a row: the first was unbalanced
            opened = k
    if opened is not None:
        pairs.append((opened, -1))
    return pairs


def _straight_single_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Straight single quotes (English): doubled ones first, then single marks."""
    doubled = _doubled_apostrophe_pairs(text, a, b)
    pairs = list(doubled)
    taken = {k for o, c in doubled for k in (o - 1, o, c, c + 1)}
    opened: Optional[int] = None
    for k in range(a, b):
        if text[k] != "'" or k in taken:
            continue
        prev = text[k - 1] if k > a else " "
        nxt = text[k + 1] if k + 1 < b else " "
        if opened is None:
            if (prev in _STRIP or prev in "([{:—–-") and _is_letter(nxt):
                opened = k
        elif prev not in _STRIP and not _is_letter(nxt) and k - opened < 400:
            pairs.append((opened, k))
            opened = None
    return pairs


def _doubled_apostrophe_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """''…'' quotes (New York Times style, two apostrophes for each mark): (second apostrophe of the
    opener, first apostrophe of the closer), so that the content lies between them."""
    pairs: list[tuple[int, int]] = []
    opened: Optional[int] = None
    k = text.find("''", a, b)
    while k != -1:
        prev = text[k - 1] if k > a else " "
        nxt = text[k + 2] if k + 2 < b else " "
        if opened is None:
            if (prev in _STRIP or prev in "([{:;,—–-") and nxt not in _STRIP:
                opened = k + 1
        elif prev not in _STRIP:
            pairs.append((opened, k))
            opened = None
        k = text.find("''", k + 2, b)
    return pairs


def hard_breaks(text: str) -> list[int]:
    """Offsets of the line breaks that end a paragraph. A break inside a hard-wrapped sentence
    (no closing punctuation before it, a lowercase letter after it) is not one."""
    out = []
    for m in re.finditer(r"\n+", text):
        before = text[: m.start()].rstrip(_SPACES)[-1:]
        after = text[m.end() :].lstrip(_SPACES)[:1]
        soft = len(m.group()) == 1 and before and before not in ".!?:;»”\"'’)" and after.islower()
        if not soft:
            out.append(m.start())
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, a = [], 0
    for k in hard_breaks(text):
        if k > a:
            spans.append((a, k))
        a = k + 1
        while a < len(text) and text[a] == "\n":
            a += 1
    if a < len(text):
        spans.append((a, len(text)))
    return spans


def find_quote_spans(text: str, lang: str = "fr") -> list[QuoteSpan]:
    """Every outermost quoted stretch of ``text``, in order.

    A quote left open runs to its paragraph's end only when it opens the paragraph (the
    convention for quotes continued over several paragraphs); otherwise it is dropped.
    """
    out: list[QuoteSpan] = []
    for a, b in _paragraphs(text):
        chunk = text[a:b]
        first = a + len(chunk) - len(chunk.lstrip(_SPACES + "\n"))
        for o, c in _pairs_in_paragraph(text, a, b, lang):
            if c == -1:
                if o != first:
                    continue
                end = b
            else:
                end = c
            s, e = o + 1, end
            while s < e and text[s] in _STRIP:
                s += 1
            while e > s and text[e - 1] in _STRIP:
                e -= 1
            if e > s:
                out.append(QuoteSpan(open=o, close=c, start=s, end=e))
    out.sort(key=lambda q: (q.open, -(q.end)))
    kept: list[QuoteSpan] = []
    for q in out:
        if kept and q.open < (kept[-1].close if kept[-1].close != -1 else kept[-1].end):
            continue  # nested inside the previous quote
        kept.append(q)
    return kept


# ------------------------------------------------------------------------------ speakers


@dataclass
class Speaker:
    name: Optional[str]
    start: int  # the words naming the speaker for this quote
    end: int
    kind: str  # "PERSON", "ORG", "NOMINAL", "PRONOUN"
    entity_id: Optional[str] = None
    gender: Optional[str] = None
    number: str = "sg"
    antecedent: Optional[tuple[int, int]] = None  # for pronouns: the mention resolved to


@dataclass
class Mention:
    start: int
    end: int
    name: str
    type: str  # PERSON / ORG / NOMINAL
    entity_id: Optional[str]
    gender: Optional[str]
    number: str = "sg"
    is_speaker: bool = False  # the speaker phrase of an earlier quote


def _mention_as_speaker(m: Mention) -> Speaker:
    """Mention ``m`` as a quote's speaker, its number kept."""
    return Speaker(m.name, m.start, m.end, m.type, m.entity_id, m.gender, m.number)


def _copied_speaker(sp: Speaker) -> Speaker:
    """Another quote's speaker taken over by this one (without the antecedent its pronoun was resolved to)."""
    return Speaker(sp.name, sp.start, sp.end, sp.kind, sp.entity_id, sp.gender, sp.number)


@dataclass
class Frame:
    verb: Optional[str]
    verb_span: Optional[tuple[int, int]]
    kind: str  # intro / incise / inside / source / participle / continuation / none
    speaker_range: Optional[tuple[int, int]] = None  # token range of the speaker phrase
    pronoun: Optional[int] = None  # token index of a pronoun speaker
    tight: bool = True  # the verb is directly at the quote (que / : / comma / incise)


@dataclass
class Candidate:
    direct: bool
    start: int
    end: int
    text: str
    frame: Frame
    confidence: float
    anchor: int  # where the speaker is named (for ordering pronoun resolution)
    excluded: list[tuple[int, int]] = field(default_factory=list)  # inner incise removed from text
    speaker: Optional[Speaker] = None
    emit: bool = True  # False: kept only so its speaker can be referred to later
    follows: Optional["Candidate"] = None  # a second fragment of this quote's sentence: same speaker


_SUBJ_DEPS = {"nsubj", "expl:subj"}
_PP_DEPS = {"nmod", "obl", "obl:arg", "obl:mod", "obl:agent", "pobj", "prep", "poss", "nmod:poss", "case", "iobj"}
_CLITICS_FR = {"-t", "-t-", "t", "se", "s'", "s’", "me", "m'", "m’", "te", "t'", "t’", "lui", "leur", "nous", "vous", "l'", "l’", "le", "la", "les", "y", "en"}
_END_PUNCT = {".", "!", "?", ";", "…"}
_RELATIVES = {"qui", "où", "dont", "lequel", "laquelle", "lesquels", "lesquelles", "which", "who", "whom", "whose", "where"}
_LOCATIVE_RELATIVES = {"où", "dont", "where", "whose"}  # relatives that are never the subject of the verb after them
_COMPLEMENTISERS = {"que", "qu'", "qu’", "that"}
_CLAUSE_BREAKS = {":", ";"}  # a subject does not reach across them ("Autre point commun : …, Evacuation Squad affirme")
_DATELINE = re.compile(r"^[ \t]*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .-]{1,40}(?:\([^)\n]{1,40}\))?(?:,[^\n]{0,60}?)?\s[-–—]\s", re.MULTILINE)


_SUBJECT_CLITICS = frozenset({"il", "elle", "ils", "elles", "on"})


class _Context:
    """Per-document lookups: token offsets, lexicon, entity mentions, quote regions."""

    def __init__(self, doc: Document):
        self.d = doc
        self.sdoc = doc.doc
        self.text = doc.text
        self.lang = doc.lang if doc.lang in ("fr", "en") else "en"
        self.lex = lexicon(self.lang)
        self.starts = [t.idx for t in self.sdoc]
        self.ends = [t.idx + len(t.text) for t in self.sdoc]
        self.para_breaks = hard_breaks(self.text)
        self._hard = set(self.para_breaks)
        self.quoted: list[tuple[int, int]] = []  # accepted direct quote regions (marks included)
        self.datelines = [(m.start(), m.end()) for m in _DATELINE.finditer(self.text)]
        self.lead_end: Optional[int] = None  # token index ending the first sentence
        self.mentions = self._mentions()
        self.source_spans: list[tuple[int, int]] = []  # where attributions name their sources

    # --- offsets
    def tok_from(self, char: int) -> int:
        """First token starting at or after ``char``."""
        return bisect.bisect_left(self.starts, char)

    def tok_before(self, char: int) -> int:
        """Last token ending at or before ``char`` (-1 if none)."""
        return bisect.bisect_right(self.ends, char) - 1

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.para_breaks, char)

    def in_quote(self, i: int) -> bool:
        c = self.starts[i]
        for a, b in self.quoted:  # a plain loop: called for every token, most often over no region
            if a <= c < b:
                return True
        return False

    def chars(self, i: int, j: int) -> tuple[int, int]:
        """Character span of tokens [i, j)."""
        return self.starts[i], self.ends[j - 1]

    # --- tokens
    def is_quote_tok(self, t) -> bool:
        return bool(t.text) and all(ch in QUOTE_CHARS for ch in t.text)

    def is_end(self, t) -> bool:
        """Sentence-final punctuation (not an abbreviation's dot), a line break, a dateline's dash."""
        if t.text in ("-", "–", "—") and any(b - 3 <= t.idx < b for a, b in self.datelines):
            return True
        if t.text in _END_PUNCT:
            nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
            return t.pos_ == "PUNCT" or nxt is None or nxt.is_sent_start
        if "\n" in t.text:
            return any(k in self._hard for k in range(t.idx, t.idx + len(t.text))) or t.text.count("\n") > 1
        return False

    def is_stop(self, t) -> bool:
        """A sentence end, a quote mark or a dateline ("BAMAKO, 7 mars 2023 (Veille) -")."""
        return self.is_end(t) or self.is_quote_tok(t) or any(a <= t.idx < b for a, b in self.datelines)

    def temporal(self, t) -> bool:
        """``t`` names a time or a duration ("samedi", "janvier", "28 ans", "days"): not a speaker."""
        return t.pos_ in ("NOUN", "PROPN", "ADV", "NUM") and (t.lower_ in self.lex.temporal or t.lemma_.lower() in self.lex.temporal)

    def pron(self, t) -> Optional[tuple[Optional[str], str]]:
        form = t.lower_.lstrip("-").replace("’", "'")
        if self.latter(t):
            return self.lex.latter[form]
        if self.possessive_source(t):
            return self.lex.possessives[form]
        if self.relative_demonstrative(t):
            return self.lex.relative_demonstratives[form]
        if t.pos_ != "PRON" and not t.text.startswith("-"):
            return None
        return self.lex.pronouns.get(form)

    def relative_demonstrative(self, t) -> bool:
        """``t`` is a demonstrative pronoun heading a relative clause ("celle qui entend …"): it
        stands for someone named before, like a subject pronoun."""
        return t.lower_ in self.lex.relative_demonstratives and t.i + 1 < len(self.sdoc) and self.sdoc[t.i + 1].lower_ in self.lex.relative_words

    def possessive_source(self, t) -> bool:
        """``t`` is a possessive before a noun of speech ("ses explications"): it names the source."""
        k = t.i + 1
        if k + 1 < len(self.sdoc) and self.sdoc[k].lower_ in self.lex.possessive_intensifiers:
            k += 1  # "selon ses propres termes", "in his own words"
        nxt = self.sdoc[k] if k < len(self.sdoc) else None
        return t.lower_ in self.lex.possessives and nxt is not None and (
            nxt.lower_ in self.lex.speech_nouns or (nxt.pos_ == "NOUN" and nxt.lemma_.lower() in self.lex.noun_frames))

    def stressed(self, t) -> bool:
        """A stressed pronoun set off by commas ("X, …, a, lui aussi, critiqué"): it repeats the subject."""
        return t.lower_ in self.lex.stressed and t.i > 0 and self.sdoc[t.i - 1].text == ","

    def latter(self, t) -> bool:
        """``t`` is an anaphor of the last person named ("ce dernier", "celle-ci", "the latter")."""
        form = t.lower_
        if form not in self.lex.latter:
            return False
        if form not in self.lex.latter_after_det:
            return True
        return t.i > 0 and self.sdoc[t.i - 1].lower_ in self.lex.latter_dets

    def repaired_lemma(self, form: str) -> Optional[str]:
        """The reporting verb a form belongs to by the lexicon's suffix rewrites ("estime" -> "estimer")."""
        return _repaired_lemma(self.lang, form)

    def after_incise_mark(self, t) -> bool:
        """``t`` follows a comma or a closing quotation mark (where an incise verb stands), a
        reflexive pronoun aside ("», s'indigne X", where the tagger reads "indigne" as an adjective)."""
        k = t.i - 1
        while k >= 0 and self.sdoc[k].is_space:
            k -= 1
        if k > 0 and self.sdoc[k].lower_ in _INCISE_REFLEXIVES:
            k -= 1
        return k >= 0 and (self.sdoc[k].text == "," or self.is_quote_tok(self.sdoc[k]))

    def before_content(self, t) -> bool:
        """``t`` is lower-case, follows a noun or a name (its subject, not its determiner) and comes
        right before "que", a colon or a comma and a quotation mark ("la maire juge que « … »", tagged as a noun)."""
        if not t.is_lower or t.i == 0 or t.i + 1 >= len(self.sdoc):
            return False
        prev, nxt = self.sdoc[t.i - 1], self.sdoc[t.i + 1]
        quote_next = nxt.text == "," and t.i + 2 < len(self.sdoc) and self.is_quote_tok(self.sdoc[t.i + 2])  # "la préfecture rétorque, « … »"
        subject = prev.pos_ in ("NOUN", "PROPN") or (prev.pos_ == "PRON" and prev.lower_ in _SUBJECT_CLITICS)  # "elle juge que"
        return subject and (nxt.lower_.replace("’", "'") in ("que", "qu'", "that", ":") or quote_next)

    def after_auxiliary(self, t) -> bool:
        """``t`` is lower-case and follows an auxiliary, adverbs aside ("avait alors tweeté")."""
        k = t.i - 1
        while k >= 0 and self.sdoc[k].pos_ == "ADV":
            k -= 1
        return t.is_lower and k >= 0 and self.sdoc[k].pos_ == "AUX"

    def nominalised(self, t) -> bool:
        """``t`` is a French past participle with no auxiliary used as a noun, right after a
        determiner ("La présidente interroge le prévenu : « … »", "l'accusé"), or as a modifier of a
        noun with its agent ("la casse … promise par le nouveau locataire"): no reporting verb."""
        if self.lang != "fr" or t.i == 0 or "Part" not in t.morph.get("VerbForm", []) or "Past" not in t.morph.get("Tense", []):
            return False
        if any(c.dep_.startswith("aux") for c in t.children):
            return False
        # after a determiner ("le prévenu"), or modifying a noun, its agent after it ("la casse du Code
        # du travail promise par le nouveau locataire de l'Elysée"): no speaker of its own
        return self.sdoc[t.i - 1].pos_ == "DET" or (t.dep_ == "acl" and t.head.pos_ == "NOUN" and any(
            c.dep_ in ("obl:agent", "agent") for c in t.children))

    def verb_entry(self, t) -> Optional[tuple[str, int]]:
        """(lemma, last token index) when ``t`` is a reporting verb (phrasal verbs included); the
        lemmatiser's misses are repaired from the form, and a verb tagged as a noun counts in an
        incise ("« … », juge X")."""
        if t.pos_ == "AUX" and t.dep_.startswith("aux"):
            return None
        if self.nominalised(t):
            return None
        if t.pos_ in ("VERB", "AUX"):
            lemma = t.lemma_.lower()
            if lemma not in self.lex.verbs and lemma not in self.lex.phrasal:
                lemma = self.repaired_lemma(t.lower_) or lemma
        elif t.pos_ in ("NOUN", "ADJ", "PROPN"):
            lemma = self.repaired_lemma(t.lower_) or ""
            if not lemma or not (self.after_incise_mark(t) or self.after_auxiliary(t) or self.before_content(t)):
                return None
        else:
            return None
        if self.lang == "en" and lemma == "accord":
            return None
        if self.in_idiom(t):
            return None
        for rest in self.lex.phrasal.get(lemma, ()):
            j, ok = t.i + 1, True
            for w in rest:
                while j < len(self.sdoc) and self.sdoc[j].text.startswith("-"):
                    j += 1
                if j >= len(self.sdoc) or self.sdoc[j].lower_ != w:
                    ok = False
                    break
                j += 1
            if ok:
                return lemma + " " + " ".join(rest), j - 1
        if lemma in self.lex.verbs:
            return lemma, t.i
        return None

    def in_idiom(self, t) -> bool:
        """``t`` lies inside one of the lexicon's fixed phrases ("c'est-à-dire", "autrement dit")."""
        a, b = t.idx, t.idx + len(t.text)
        for p in self.lex.idioms:
            lo = max(0, b - len(p))
            window = self.text[lo : a + len(p)].lower().replace("’", "'")
            k = window.find(p)
            while k >= 0:
                if lo + k <= a and b <= lo + k + len(p):
                    return True
                k = window.find(p, k + 1)
        return False

    def passive(self, v) -> bool:
        """A passive verb; not a perfect whose contracted "has" was parsed as a passive auxiliary
        ("who’s argued for years that …": an active subject, no passive one)."""
        aux = [c for c in v.children if c.dep_ in ("aux:pass", "auxpass")]
        if aux and self.lang == "en" and all(c.lower_ in ("'s", "’s") for c in aux) and any(c.dep_ == "nsubj" for c in v.children):
            return False
        return bool(aux)

    def participle(self, v) -> bool:
        if self.lang == "fr":
            return "Part" in v.morph.get("VerbForm", []) and "Pres" in v.morph.get("Tense", [])
        return v.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") for c in v.children)

    # --- entity mentions (entities stage first, spaCy entities as fallback)
    def _mentions(self) -> list[Mention]:
        out: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for ent in self.d.entities:
            if ent.type not in ("PERSON", "ORG"):  # the entities stage typed it otherwise: no spaCy person over it
                taken.extend((em.start, em.end) for em in ent.mentions)
                continue
            for em in ent.mentions:
                if em.kind == "pronoun":
                    continue
                g = ent.gender or self._gender_at(em.start)
                out.append(Mention(em.start, em.end, ent.name, ent.type, ent.id, g))
                taken.append((em.start, em.end))
        labels = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG"}
        spacy_ents = [e for e in self.sdoc.ents if e.label_ in labels]
        persons = [e for e in spacy_ents if labels[e.label_] == "PERSON"]
        for e in spacy_ents:
            if any(e.start_char < b and a < e.end_char for a, b in taken):
                continue
            typ = labels[e.label_]
            name = e.text.strip()
            if not any(ch.isupper() for ch in name) or not any(t.pos_ == "PROPN" for t in e):
                continue  # "président de la", a sentence's first word "Assis" tagged PER: no name (the entities stage drops them too)
            if typ == "PERSON":  # a surname alone takes the longest full name ending with it
                last = e[-1].text
                longer = [p.text for p in persons if p[-1].text == last and len(p.text) > len(name)]
                if longer:
                    name = max(longer, key=len)
            out.append(Mention(e.start_char, e.end_char, name, typ, None, None))
        # gender per name/entity: an explicit cue on any mention counts for all
        genders: dict[str, Optional[str]] = {}
        for m in out:
            key = m.entity_id or m.name
            if m.gender is None and m.type == "PERSON":
                m.gender = self._gender_at(m.start)
            if m.gender and not genders.get(key):
                genders[key] = m.gender
        for m in out:
            if m.gender is None:
                m.gender = genders.get(m.entity_id or m.name)
            if m.gender is None and m.type == "PERSON":
                m.gender = name_gender(m.name)
        out.sort(key=lambda m: m.start)
        # a related-article link ("Lire aussi [Aulnay-sous-Bois, deux mois après l'affaire Théo L.](…)")
        # is no part of the story: nobody named there is a referent
        return [m for m in out if not _related_link_line(self.text, m.start)]

    def _gender_at(self, char: int) -> Optional[str]:
        """Gender cue just before a person's name: title (Mme, Mr) or determiner + title noun."""
        i = self.tok_from(char)
        if i >= len(self.sdoc):
            return None
        for k in range(i - 1, max(i - 5, -1), -1):
            t = self.sdoc[k]
            low = t.lower_
            if low in self.lex.titles_f:
                return "f"
            if low in self.lex.titles_m:
                return "m"
            if t.pos_ == "DET":
                g = t.morph.get("Gender", [])
                if g and k + 1 < i and self.sdoc[k + 1].pos_ in ("NOUN", "ADJ"):
                    return "f" if g[0] == "Fem" else "m"
                break
            if t.pos_ == "PUNCT" or t.is_sent_start:
                break
        return None


# ------------------------------------------------------------------------------ NP helpers


def _np_range(ctx: _Context, head, limit_lo: int = 0, limit_hi: Optional[int] = None) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``, without relative clauses or quotes."""
    hi_lim = len(ctx.sdoc) if limit_hi is None else limit_hi
    lo = max(head.left_edge.i, limit_lo)
    hi = min(head.right_edge.i + 1, hi_lim)
    for k in range(head.i + 1, hi):
        t = ctx.sdoc[k]
        if t.dep_ in ("acl:relcl", "relcl", "acl", "ccomp", "advcl", "parataxis") or ctx.is_stop(t) or t.text in (":", "("):
            hi = k
            break
        if t.head.i > k and t.head.dep_ in ("acl:relcl", "relcl") and t.head.head.i == head.i:
            hi = k  # the subject of a relative clause before its verb ("the document ⟦he⟧ released", "a poll ⟦that⟧ shows")
            break
        if t.text == "," and k + 1 < hi and _adverbial_after_comma(ctx, ctx.sdoc[k + 1]):
            hi = k  # "Les gendarmes, quant à eux, …", "Le ministre, lui aussi, …"
            break
        if t.lower_ in _RELATIVES or (t.text == "," and k + 1 < hi and (ctx.sdoc[k + 1].lower_ in _RELATIVES or ctx.temporal(ctx.sdoc[k + 1]))):
            hi = k
            break
        if t.pos_ in ("VERB", "AUX") and t.head.i != head.i and t.dep_ not in ("amod",):
            hi = k
            break
    for k in range(head.i - 1, lo - 1, -1):
        t = ctx.sdoc[k]
        if ctx.is_stop(t) or t.text == ":" or t.pos_ in ("VERB", "AUX", "SCONJ"):
            lo = k + 1
            break
    while lo < hi and (ctx.sdoc[lo].pos_ in ("PUNCT", "CCONJ", "SPACE") or ctx.sdoc[lo].lower_ in ("et", "and", "mais", "but")):
        lo += 1
    while hi > lo and ctx.sdoc[hi - 1].pos_ in ("PUNCT", "CCONJ", "SPACE", "ADP", "SCONJ"):
        hi -= 1
    if hi <= lo:
        return head.i, head.i + 1
    return lo, hi


def _locution_at(ctx: _Context, k: int) -> int:
    """The number of tokens of an adverbial locution of ``adverbial_locutions`` starting at token
    ``k`` ("en effet", "de son côté", "d'ailleurs"), else 0."""
    words = ""
    for j in range(k, min(k + LOCUTION_MAX, len(ctx.sdoc))):
        w = ctx.sdoc[j].lower_.replace("’", "'")
        words = words + w if not words or words.endswith("'") else words + " " + w
        if words in ctx.lex.locutions:
            return j - k + 1
    return 0


LOCUTION_MAX = 4  # tokens of the longest adverbial locution


def _adverbial_after_comma(ctx: _Context, t) -> bool:
    """``t``, after a comma in a noun phrase, opens an adverbial set off by commas rather than an
    apposition ("quant à eux", "pour sa part", "de son côté", "lui aussi")."""
    if t.pos_ == "ADV" and not t.text[:1].isupper():
        return True
    nxt = ctx.sdoc[t.i + 1] if t.i + 1 < len(ctx.sdoc) else None
    if t.pos_ == "ADP" and nxt is not None and (nxt.pos_ == "PRON" or "Poss=Yes" in str(nxt.morph)):
        return True
    return ctx.stressed(t)


def _path_clean(head, tok, person: bool = False) -> bool:
    """``tok`` names the same referent as ``head`` (apposition / name), not a PP inside the NP
    (``person``: ``tok`` heads a person's name)."""
    t = tok
    steps = 0
    while t.i != head.i and steps < 12:
        if person and t.dep_ == "nmod" and t.pos_ == "PROPN" and not any(c.dep_ == "case" for c in t.children):
            pass  # French UD: a person's name without a preposition under a title noun ("Mme Le Pen")
        elif t.dep_ in _PP_DEPS or t.dep_ in ("conj",):
            return False
        if t.head.i == t.i:
            return False
        t = t.head
        steps += 1
    return t.i == head.i


def _speaker_from_np(ctx: _Context, lo: int, hi: int, head=None) -> Optional[Speaker]:
    """Speaker named by tokens [lo, hi): entity (head or apposed name) else the nominal phrase."""
    if hi <= lo:
        return None
    if ctx.sdoc[lo].pos_ == "ADP" and ctx.sdoc[lo].dep_ in ("advmod", "quantmod") and lo + 1 < hi and _quantity_head(ctx, ctx.sdoc[lo].head):
        lo += 1  # "about half of voters say …": the preposition-like "about" modifies the share
    if ctx.sdoc[lo].pos_ == "ADP" or ctx.sdoc[lo].dep_ == "case":
        if ctx.sdoc[lo].lower_ not in ctx.lex.agent_markers:
            return None  # a prepositional phrase ("Quant à sa mission précise") names no speaker
        lo += 1  # the agent of a passive ("par l'hebdomadaire")
        if hi <= lo:
            return None
    span = ctx.sdoc[lo:hi]
    if head is None or not lo <= head.i < hi:
        head = span.root
    if _quantity_head(ctx, head):  # "Forty-one percent of voters said", "Six in 10 say", "47% say"
        a, b = ctx.chars(lo, hi)
        return Speaker(ctx.text[a:b], a, b, "NOMINAL", None, None, "pl")
    if not any(ch.isalnum() for ch in head.text):
        return None  # a Markdown mark taken for a noun ("> Qui rappelle à Macron …")
    if (head.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY") or (
        head.like_num and head.pos_ != "PRON"  # "L'un des organisateurs, Karim Benali" is someone
    ) or ctx.temporal(head)) and not _partitive_person(ctx, head):
        return None  # a parse error: dates and numbers do not speak
    found = _mention_speaker(ctx, lo, hi, head)
    if found is not None:
        return found
    if hi - lo == 1 and ctx.pron(head):
        return None
    found = _surname_speaker(ctx, lo, hi, head)
    if found is not None:
        return found
    return _nominal_speaker(ctx, lo, hi, head)


def _partitive_person(ctx: _Context, head) -> bool:
    """``head`` is "one" of a group of people named after it ("one of the family's attorneys,
    Justin Bamberg", "un des parlementaires"): a number word of ``partitives`` with a phrase of its
    prepositions whose noun is no time or amount."""
    if head.lower_ not in ctx.lex.partitive_heads:
        return False
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ctx.lex.partitive_preps:  # English: the preposition heads
            obj = [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ in ("nmod", "obl") and any(g.dep_ == "case" and g.lower_ in ctx.lex.partitive_preps for g in c.children):
            obj = [c]  # French (UD): the noun heads, its preposition is a "case" child
        else:
            continue
        return bool(obj) and obj[0].pos_ in ("NOUN", "PROPN") and not obj[0].ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")
    return False


def _quantity_head(ctx: _Context, head) -> bool:
    """``head`` heads a share of a group that speaks: a word of ``quantity_subjects`` ("percent",
    "half", "majorities") or "N in M", as the subject of a reporting verb or the antecedent of its
    relative subject ("compared with 23 percent who said …")."""
    if not ctx.lex.quantities:
        return False
    if head.dep_ not in _SUBJ_DEPS or not ctx.verb_entry(head.head):  # else the antecedent of "who" saying it ("23 percent who said …")
        if not any(c.dep_ in ("relcl", "acl:relcl") and ctx.verb_entry(c) and any(
                x.dep_ in _SUBJ_DEPS and x.lower_ in _RELATIVES for x in c.children) for c in head.children):
            return False
    if head.lower_ in ctx.lex.quantities or head.lemma_.lower() in ctx.lex.quantities:
        return True
    if head.like_num and any(c.lower_ in ctx.lex.quantities and c.dep_ == "quantmod" for c in head.children):
        return True  # "nearly two-thirds of voters said", parsed with "two" heading "thirds"
    if head.like_num and any(c.lower_ == "in" and c.dep_ == "quantmod" for c in head.children):
        return True  # "Six in 10 say", parsed with "Six" and "in" modifying "10"
    if head.like_num and any(c.lower_ == "out" and any(g.lower_ == "of" and any(n.like_num for n in g.children) for g in c.children)
                             for c in head.children):
        return True  # "Nearly nine out of 10 say"
    return head.like_num and any(c.lower_ == "in" and any(g.like_num for g in c.children) for c in head.children)


def _mention_speaker(ctx: _Context, lo: int, hi: int, head) -> Optional[Speaker]:
    """A mention covering the head, a name in apposition to it, or a person named after a comma."""
    a, b = ctx.chars(lo, hi)
    inside = [m for m in ctx.mentions if a <= m.start and m.end <= b]
    # 0. a description with a name set off after its modifiers: the name, before any person the
    # description was linked to by its role ("l'avocat général …, Frédéric Desportes")
    apposed = _apposed_after_modifier(ctx, hi) if head.pos_ == "NOUN" else None
    if apposed is not None:
        return Speaker(apposed.name, apposed.start, apposed.end, apposed.type, apposed.entity_id, apposed.gender)
    # 1. a person's name after title words only ("Me Marie Dosé", parsed as two subjects), or a
    # mention covering the head
    for m in inside:
        k = ctx.tok_from(m.start)
        if m.type == "PERSON" and k > lo and all(_title_word(ctx, t) for t in ctx.sdoc[lo:k]):
            return Speaker(m.name, m.start, m.end, m.type, m.entity_id, m.gender)
    for m in inside + [m for m in ctx.mentions if m.start < b and a < m.end]:
        if m.start <= head.idx < m.end:
            return Speaker(m.name, m.start, m.end, m.type, m.entity_id, m.gender)
    # 2. a person's name in apposition to the head ("le porte-parole, le colonel Wayne Morato")
    for typ in ("PERSON", "ORG"):
        for m in inside:
            if m.type != typ:
                continue
            tok = ctx.sdoc[ctx.tok_from(m.start)]
            root = tok
            while root.head.i != root.i and m.start <= root.head.idx < m.end:
                root = root.head
            if _path_clean(head, root, typ == "PERSON"):
                return Speaker(m.name, m.start, m.end, m.type, m.entity_id, m.gender)
    # 3. a person named in apposition at the end ("la directrice du projet, Hélène Marchetti")
    after = [m for m in ctx.mentions if m.type == "PERSON" and a < m.start <= b + 2]
    for m in after:
        k = ctx.tok_from(m.start)
        while k - 1 > lo and _title_word(ctx, ctx.sdoc[k - 1]):
            k -= 1  # a title before the name: "L'un des avocats de la famille, Me Yassine Bouzrou"
        if k - 1 >= lo and ctx.sdoc[k - 1].text == "," and ctx.tok_before(m.end) >= hi - 1:
            return Speaker(m.name, m.start, m.end, m.type, m.entity_id, m.gender)
    return None


APPOSITION_REACH = 10  # tokens: how far past a description its apposed name may stand


def _apposed_after_modifier(ctx: _Context, hi: int) -> Optional[Mention]:
    """A person named after a description and its participial or prepositional modifier ("l'avocat
    général à la Cour de cassation saisi du dossier, Frédéric Desportes, « … »"): the name follows a
    comma, ends at a comma, a sentence end or a quotation mark, and nothing between it and the
    description is a finite verb, a sentence end, a colon or a quotation mark."""
    for m in ctx.mentions:
        k = ctx.tok_from(m.start)
        if m.type != "PERSON" or k <= hi or k - hi > APPOSITION_REACH:
            continue
        between = ctx.sdoc[hi:k]
        if not len(between) or between[-1].text != ",":
            return None
        if any(ctx.is_stop(t) or t.text in (":", ";") or "Fin" in t.morph.get("VerbForm", []) or t.lower_ in _RELATIVES for t in between):
            return None
        e = ctx.tok_before(m.end) + 1
        if e < len(ctx.sdoc) and not (ctx.sdoc[e].text == "," or ctx.is_stop(ctx.sdoc[e])):
            return None
        return m
    return None


def _surname_speaker(ctx: _Context, lo: int, hi: int, head) -> Optional[Speaker]:
    """4. a surname (or name tail) of a person named elsewhere in the text."""
    if head.pos_ != "PROPN":
        return None
    run_lo, run_hi = head.i, head.i + 1
    while run_lo > lo and ctx.sdoc[run_lo - 1].pos_ == "PROPN":
        run_lo -= 1
    while run_hi < hi and ctx.sdoc[run_hi].pos_ == "PROPN":
        run_hi += 1
    tail = ctx.sdoc[run_lo:run_hi].text
    ra, rb = ctx.chars(run_lo, run_hi)
    for m in ctx.mentions:
        if m.type == "PERSON" and (m.name == tail or m.name.endswith(" " + tail)):
            return Speaker(m.name, ra, rb, "PERSON", m.entity_id, m.gender)
    return None


def _nominal_speaker(ctx: _Context, lo: int, hi: int, head) -> Optional[Speaker]:
    """5. a definite nominal whose role an entity holds ("le porte-parole" -> its holder), the
    entity at the head, else the nominal phrase itself."""
    a, b = ctx.chars(lo, hi)
    first = ctx.sdoc[lo]
    definite = first.lower_ in ("le", "la", "l'", "l’", "les", "the") or (
        first.pos_ == "DET" and "Def" in first.morph.get("Definite", [])
    )
    nominal_text = ctx.text[a:b]
    gender = _nominal_gender(ctx, lo, head)
    number = "pl" if "Plur" in head.morph.get("Number", []) or head.tag_ in ("NNS", "NNPS") else "sg"
    if definite and head.pos_ == "NOUN":
        holders = []
        for ent in ctx.d.entities:
            for role in ent.roles:
                if head.lemma_.lower() in role.lower() or head.lower_ in role.lower():
                    holders.append(ent)
                    break
        if len(holders) == 1:
            holder = holders[0]
            return Speaker(holder.name, a, b, holder.type, holder.id, holder.gender or gender, number)
    at_head = ctx.d.entity_at(head.idx, head.idx + len(head.text))  # "La France a condamné …"
    if at_head is not None and at_head.name.casefold() == head.lower_ and head.lower_ in ctx.lex.description_heads:
        at_head = None  # a capitalised function taken for a name ("écrit le Contrôleur"): a description
    if at_head is not None:
        return Speaker(at_head.name, a, b, at_head.type if at_head.type in ("PERSON", "ORG") else "ORG", at_head.id, at_head.gender, number)
    adjective_noun = head.pos_ == "ADJ" and first.pos_ == "DET" and first.i < head.i  # "le jeune révolutionnaire", "la blessée"
    if head.pos_ in ("NOUN", "PROPN") or adjective_noun or (head.pos_ == "PRON" and not ctx.pron(head)) or _partitive_person(ctx, head):
        if head.pos_ == "PRON" and head.lower_ in ("ce", "cela", "ça", "c'", "it", "this", "that", "what", "qui", "who", "on"):
            return None
        if head.pos_ == "PRON" and set(head.morph.get("Person", [])) & {"1", "2"}:
            return None  # "je", "nous", "vous" in unmarked reported speech: the quoted speaker, not a referent
        return Speaker(nominal_text, a, b, "NOMINAL", None, gender, number)
    return None


def _nominal_gender(ctx: _Context, lo: int, head) -> Optional[str]:
    if ctx.lang == "en":
        low = head.lower_
        if low.endswith(("woman", "women")):
            return "f"
        if low.endswith(("man", "men")) and not low.endswith(("woman", "women")):
            return "m"
        return None
    for k in range(lo, head.i + 1):
        t = ctx.sdoc[k]
        if t.pos_ == "DET" and t.morph.get("Gender", []):
            return "f" if t.morph.get("Gender", [])[0] == "Fem" else "m"
    g = head.morph.get("Gender", [])
    if g and len(g) == 1:
        return "f" if g[0] == "Fem" else "m"
    return None


def _subject_of(ctx: _Context, v, depth: int = 0) -> tuple[Optional[tuple[int, int]], Optional[int]]:
    """(speaker token range, pronoun token index) for the subject of reporting verb ``v``; a time
    taken for it ("… going to the polls Tuesday say", "tweeted on Friday to say") gives way to the
    subject of the clause the verb hangs on, or to the noun the sentence opens with."""
    rng, pron = _parsed_subject(ctx, v, depth)
    if rng is None or not _temporal_range(ctx, rng):
        return rng, pron
    h = v.head
    if depth < 2 and h.i < v.i and v.dep_ in ("advcl", "xcomp", "dep", "conj", "acl", "ccomp"):
        if h.pos_ in ("VERB", "AUX"):
            r2, p2 = _subject_of(ctx, h, depth + 1)
            if p2 is not None or (r2 is not None and not _temporal_range(ctx, r2)):
                return r2, p2
        elif h.pos_ in ("NOUN", "PROPN") and v.dep_ == "acl":  # "Trump, who …, tweeted on Friday to say"
            return _np_range(ctx, h, limit_hi=v.i), None
    s = _sentence_start(ctx, v.i)
    for t in ctx.sdoc[s : v.i]:  # "Large majorities of … voters … on Super Tuesday said"
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.left_edge.i == s and not ctx.temporal(t):
            return _np_range(ctx, t, limit_hi=v.i), None
    return None, None


def _temporal_range(ctx: _Context, rng: tuple[int, int]) -> bool:
    """The phrase [lo, hi) is a time ("Tuesday", "on Friday"), no speaker."""
    words = [t for t in ctx.sdoc[rng[0] : rng[1]] if t.is_alpha and t.pos_ not in ("ADP", "DET")]
    return bool(words) and ctx.temporal(words[-1])


def _parsed_subject(ctx: _Context, v, depth: int = 0) -> tuple[Optional[tuple[int, int]], Optional[int]]:
    if ctx.passive(v):
        return None, None
    for c in v.children:
        if ctx.paragraph(c.idx) != ctx.paragraph(v.idx):
            continue  # a parse run over a heading or a paragraph break
        # (a passive subject label on a verb with no passive auxiliary is a misparse: "d'autres ont soutenu")
        if (c.dep_ in _SUBJ_DEPS or c.dep_ in ("nsubj:pass", "nsubjpass")) and not c.text.startswith("-t") and not ctx.in_quote(c.i) and not ctx.is_stop(c):
            if c.i < v.i and any(t.text in _CLAUSE_BREAKS and not ctx.in_quote(t.i) for t in ctx.sdoc[c.i + 1 : v.i]):
                continue  # a label before a colon is no subject
            if c.lower_ in ("-t",) or (c.lower_ in ("l'", "l’") and c.i + 1 < len(ctx.sdoc) and ctx.sdoc[c.i + 1].lower_ == "on"):
                continue  # "l'on peut lire": the subject is "on"
            if ctx.pron(c) and _after_preposition(ctx, c.i):
                continue  # "X, quant à eux, ont déclaré": the pronoun of an adverbial is no subject
            if ctx.pron(c):
                return None, c.i
            if c.pos_ == "PRON" and c.dep_ == "expl:subj":
                continue
            if c.lower_ in _RELATIVES:  # "des habitants, qui ont affirmé" -> the antecedent
                rng, pron = _scan_left_subject(ctx, c)
                if rng is None and pron is None and ctx.lang == "en" and v.dep_ in ("relcl", "acl:relcl") and v.head.i < c.i and v.head.pos_ in ("NOUN", "PROPN"):
                    return _np_range(ctx, v.head, limit_hi=c.i), None  # "four in 10 — 38 percent — who said": the parse's antecedent
                return rng, pron
            if c.i < v.i and any(t.lower_ in _LOCATIVE_RELATIVES and not ctx.in_quote(t.i) for t in ctx.sdoc[c.i + 1 : v.i]):
                # "des propos postés sur Facebook où M. Deltour déclarait « … »": a relative clause
                # lies between the parsed subject and the verb; the verb is its own, its subject after "où"
                rng, pron = _scan_left_subject(ctx, v)
                if rng is not None and ctx.sdoc[rng[0]].lower_ in _LOCATIVE_RELATIVES:
                    rng = (rng[0] + 1, rng[1]) if rng[1] > rng[0] + 1 else None
                if rng is not None or pron is not None:
                    return rng, pron
            return _np_range(ctx, c, limit_hi=v.i if c.i < v.i else None), None
    if v.dep_ in ("conj", "xcomp") and depth < 2 and v.head.i != v.i and not (v.dep_ == "conj" and v.head.pos_ in ("NOUN", "PROPN")):
        # (a verb parsed as a conjunct of a noun has no subject to share: "Le procureur adjoint,
        # Loïc Pageot, abonde : « … »", read as "procureur, Pageot, abonde": the scan finds it)
        h = v.head
        if v.dep_ == "conj" and h.dep_ == "ccomp" and h.tag_ != v.tag_ and h.head.tag_ == v.tag_ and ctx.verb_entry(h.head):
            return _subject_of(ctx, h.head, depth + 1)  # "X said ⟦Y would go⟧ and warned …": X warned
        return _subject_of(ctx, h, depth + 1)
    if depth and v.dep_ == "advcl" and ctx.participle(v) and v.head.i < v.i and v.head.pos_ in ("VERB", "AUX"):
        # "X n'avait pas prononcé son nom, préférant fustiger « … »": the participle's subject is
        # X, the governing clause's (a head after the participle is a parse across the quote)
        return _subject_of(ctx, v.head, depth + 1)
    rng, pron = _scan_left_subject(ctx, v)
    if rng is None and pron is None:
        return _name_before_apposition(ctx, v), None
    return rng, pron


def _name_before_apposition(ctx: _Context, v) -> Optional[tuple[int, int]]:
    """A name set off by an apposition before the verb when the parse lost the subject (Markdown
    emphasis splits it: "**Svetlana Zakharova**, du Réseau LGBT russe, a déclaré : …"): the
    last person or organisation named in the sentence, then a comma, an apposition without a verb
    and a comma, then only auxiliaries, adverbs and clitics before the verb."""
    k = v.i - 1
    while k >= 0 and (ctx.sdoc[k].pos_ in ("AUX", "ADV", "PART") or ctx.sdoc[k].lower_ in _CLITICS_FR):
        k -= 1
    if k < 0 or ctx.sdoc[k].text != ",":
        return None
    lo = max(0, k - 15)  # not the parsed sentence: the emphasis marks may have split it
    for m in reversed(ctx.mentions):
        if m.type not in ("PERSON", "ORG") or m.end > ctx.starts[k] or m.start < ctx.starts[lo]:
            continue
        if ctx.paragraph(m.start) != ctx.paragraph(v.idx):
            return None
        e = ctx.tok_before(m.end) + 1
        while e < k and ctx.sdoc[e].text in ("*", "_"):
            e += 1
        if e >= k:
            continue  # a name inside the apposition ("du Réseau LGBT russe")
        between = ctx.sdoc[e:k]
        if between[0].text != "," or any(
            t.pos_ in ("VERB", "AUX") or ctx.is_stop(t) or t.text in (":", "«", "»", '"') or ctx.in_quote(t.i) for t in between
        ):
            return None
        return ctx.tok_from(m.start), ctx.tok_before(m.end) + 1
    return None


def _after_preposition(ctx: _Context, k: int) -> bool:
    """Token ``k`` (a pronoun) follows a preposition ("quant à eux", "selon lui"): it is no subject."""
    return k > 0 and ctx.sdoc[k - 1].pos_ == "ADP"


def _adverbial_start(ctx: _Context, k: int) -> int:
    """The first token of the adverbial holding token ``k``: after the comma or the sentence start
    before it, at most a few tokens back ("quant à eux")."""
    j = k
    while j > 0 and k - j < 4 and ctx.sdoc[j - 1].text != "," and not ctx.is_stop(ctx.sdoc[j - 1]):
        j -= 1
    return j


_AUX_LEMMAS = frozenset({"avoir", "être", "have", "be"})


def _scan_left_subject(ctx: _Context, v) -> tuple[Optional[tuple[int, int]], Optional[int]]:
    """Subject found by walking left over auxiliaries, adverbs and clitics (parse-free)."""
    k = v.i - 1
    steps = 0
    while k >= 0 and steps < 8:
        t = ctx.sdoc[k]
        steps += 1
        if t.text in "»”" and not ctx.in_quote(k):  # a quoted name before the verb: « Parisiennes, Parisiens »
            opener = next((j for j in range(k - 1, max(k - 15, -1), -1) if ctx.is_quote_tok(ctx.sdoc[j])), None)
            if opener is not None and ctx.sdoc[opener].text in "«“":
                k = opener - 1
                continue
        if ctx.is_stop(t) or t.text == ":" or ctx.in_quote(k):
            return None, None
        if ctx.pron(t) and _after_preposition(ctx, k):
            k = _adverbial_start(ctx, k) - 1  # "Les gendarmes, quant à eux, ont déclaré"
            continue
        if ctx.pron(t) and not ctx.stressed(t):
            return None, k
        if t.pos_ in ("AUX", "ADV", "PART") or t.lower_ in _CLITICS_FR or t.text == "," or ctx.stressed(t) or (
            t.lemma_ in _AUX_LEMMAS and "Part" in v.morph.get("VerbForm", [])
        ):
            k -= 1  # (an auxiliary the parser read as the main verb: "a pour sa part ajouté")
            continue
        if t.pos_ in ("NOUN", "PROPN"):
            root = t
            para = ctx.paragraph(t.idx)
            while root.head.i != root.i and root.head.i < v.i and root.head.pos_ in ("NOUN", "PROPN") and ctx.paragraph(root.head.idx) == para and not any(
                x.text in _CLAUSE_BREAKS for x in ctx.sdoc[min(root.head.i, t.i) : t.i]
            ):
                root = root.head
            rng = _np_range(ctx, root, limit_hi=v.i)
            first = ctx.sdoc[rng[0]]
            if (first.pos_ == "ADP" or first.dep_ == "case") and first.lower_ not in ctx.lex.agent_markers and rng[0] < k:
                people = ctx.lex.person_nouns | ctx.lex.description_heads | ctx.lex.group_heads | ctx.lex.member_heads
                if rng[0] > 0 and _partitive_person(ctx, ctx.sdoc[rng[0] - 1]) and {root.lower_, root.lemma_.lower()} & people:
                    hi = rng[1]
                    while hi - 1 > root.i and ctx.sdoc[hi - 1].lower_ in _CLITICS_FR:
                        hi -= 1
                    return (rng[0] - 1, hi), None  # "Un de ses soutiens l'admet : « … »": one of a group, not an adverbial
                k = rng[0] - 1  # an adverbial before the verb ("a pour sa part ajouté", "a de son côté estimé")
                continue
            return _name_before_bare_apposition(ctx, rng) or rng, None
        return None, None
    return None, None


def _name_before_bare_apposition(ctx: _Context, rng: tuple[int, int]) -> Optional[tuple[int, int]]:
    """The person named right before a bare noun apposition set off by commas ("Le sénateur John
    McCain, vétéran du Vietnam, a dénoncé …", parsed with "vétéran" as the subject): the name's
    tokens. A subject phrase has its determiner; one without it after "Name," describes the name."""
    lo = rng[0]
    first = ctx.sdoc[lo]
    if ctx.lang != "fr" or first.pos_ != "NOUN" or not first.is_lower or lo < 2 or ctx.sdoc[lo - 1].text != ",":
        return None
    end = ctx.ends[lo - 2]
    for m in ctx.mentions:
        if m.type == "PERSON" and m.end == end and ctx.paragraph(m.start) == ctx.paragraph(first.idx):
            return ctx.tok_from(m.start), lo - 1
    return None


def _inverted_subject(ctx: _Context, v, stop: int) -> Optional[tuple[int, int]]:
    """Subject placed after the verb, with a name in apposition at the clause end."""
    rng = _inverted_subject_np(ctx, v, stop)
    if rng is None:
        return None
    lo, hi = rng
    for m in ctx.mentions:  # "a déclaré la directrice du projet à Paris, Hélène Marchetti."
        if m.type != "PERSON" or m.start < ctx.ends[hi - 1]:
            continue
        k, e = ctx.tok_from(m.start), ctx.tok_before(m.end)
        if e >= stop or k - hi > 8:
            break
        if ctx.sdoc[k - 1].text == "," and (e + 1 >= len(ctx.sdoc) or e + 1 == stop or ctx.sdoc[e + 1].text in (",", ".", ";")):
            return lo, e + 1
        break
    return rng


def _after_temporal(ctx: _Context, lo: int, hi: int) -> int:
    """The first token after the last time word among tokens [lo, hi) ("samedi le ministre" ->
    "le ministre"), else ``lo``."""
    for k in range(hi - 1, lo - 1, -1):
        if ctx.temporal(ctx.sdoc[k]):
            return k + 1
    return lo


def _bare_noun_between(ctx: _Context, lo: int, hi: int) -> bool:
    """A noun outside any prepositional phrase among tokens [lo, hi): the subject is that noun's
    phrase ("assure la sénatrice PS de Paris"), not a name after it."""
    in_pp = False
    for t in ctx.sdoc[lo:hi]:
        if t.pos_ == "ADP":
            in_pp = True
        elif t.pos_ == "NOUN" and not in_pp:
            return True
    return False


def _title_with_name(ctx: _Context, rng: tuple[int, int], stop: int) -> tuple[int, int]:
    """A subject phrase of title words only ("Me", "le docteur") that the parse cut before the
    person's name right after it ("explique Me Marie Dosé") runs on over the name."""
    lo, hi = rng
    m = _person_at(ctx, hi) if hi < len(ctx.sdoc) and all(_title_word(ctx, t) for t in ctx.sdoc[lo:hi]) else None
    return (lo, min(ctx.tok_before(m.end) + 1, stop)) if m is not None else rng


SET_OFF_ADJECTIVES = 3  # tokens: how long a manner adjective set off by commas after an incise verb may be


def _after_set_off_adjectives(ctx: _Context, k: int, stop: int) -> int:
    """The token after an adjective (or adverb) phrase set off by commas at ``k`` (", sceptique,",
    ", très en colère,") that stands between an incise verb and its subject; else ``k``."""
    if k >= stop or ctx.sdoc[k].text != ",":
        return k
    j = k + 1
    while j < stop and j - k <= SET_OFF_ADJECTIVES and ctx.sdoc[j].pos_ in ("ADJ", "ADV") and not ctx.temporal(ctx.sdoc[j]):
        j += 1
    return j + 1 if j > k + 1 and j < stop and ctx.sdoc[j].text == "," else k


def _inverted_subject_np(ctx: _Context, v, stop: int) -> Optional[tuple[int, int]]:
    """Subject placed after the verb: "« … », a affirmé le ministre", '"…," said Col. X'."""
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and v.i < c.i < stop and not ctx.pron(c) and not ctx.temporal(c):
            return _title_with_name(ctx, _np_range(ctx, c, limit_lo=_after_temporal(ctx, v.i + 1, c.i), limit_hi=stop), stop)
    first = _after_set_off_adjectives(ctx, v.i + 1, stop)  # "interroge, sceptique, Nathalie Janssens"
    clause_end = next((j for j in range(first, stop) if ctx.sdoc[j].text == "," or ctx.sdoc[j].lower_ in _RELATIVES), stop)
    for m in ctx.mentions:  # "a déclaré à la presse Mariama Soumah", not a name in a relative clause after it
        k = ctx.tok_from(m.start)
        if m.type == "PERSON" and first <= k < clause_end and ctx.sdoc[k - 1].pos_ not in ("ADP", "DET", "CCONJ") and not _bare_noun_between(ctx, first, k):
            return k, min(ctx.tok_before(m.end) + 1, stop)
    # parse-free: the first noun phrase after the verb not introduced by a preposition
    k = first
    in_pp = False
    while k < stop:
        n = _locution_at(ctx, k)
        if n and not in_pp:
            k += n  # "annonçait en effet WikiLeaks", "a répondu de son côté le ministre"
            continue
        t = ctx.sdoc[k]
        if ctx.is_stop(t) or t.text in (",", ":"):
            if t.text == "," and in_pp:
                in_pp = False
                k += 1
                continue
            return None
        if t.pos_ == "ADP":
            in_pp = True
        elif ctx.temporal(t):  # "a expliqué samedi le ministre", "affirmait il y a quelques jours l'opposant"
            k += 1
            continue
        elif t.pos_ in ("PRON", "NUM") and not in_pp and _partitive_person(ctx, t):
            return _np_range(ctx, t, limit_lo=v.i + 1, limit_hi=stop)  # "observe un des parlementaires"
        elif t.pos_ in ("PROPN", "NOUN") and not in_pp:
            root = t  # found from its left end: climb only within a name
            while root.dep_ in ("flat:name", "flat", "compound", "fixed") and v.i < root.head.i < stop:
                root = root.head
            return _np_range(ctx, root, limit_lo=v.i + 1, limit_hi=stop)
        elif t.pos_ == "DET" and in_pp and k > v.i + 1 and ctx.sdoc[k - 1].pos_ in ("NOUN", "PROPN"):
            in_pp = False  # "à l'AFP le porte-parole": a new noun phrase after the PP
            continue
        elif t.pos_ == "ADJ" and not in_pp and ctx.sdoc[k - 1].pos_ == "DET" and k - 1 > v.i:
            j = k  # an adjective used as a noun: "détaille le jeune révolutionnaire", "raconte la blessée"
            while j + 1 < stop and ctx.sdoc[j + 1].pos_ == "ADJ":
                j += 1
            if j + 1 >= stop or ctx.sdoc[j + 1].is_punct:
                return k - 1, j + 1
        k += 1
    return None


# ------------------------------------------------------------------------------ frames


def _clitic_after(ctx: _Context, i: int, stop: int) -> Optional[int]:
    """Index of an inverted subject clitic (-il, -elle, -on, -t-il) right after token ``i``; also
    with the euphonic t's first hyphen missing ("explique t-il", tokenised "t" "-il")."""
    k = i + 1
    while k < min(stop, i + 3):
        t = ctx.sdoc[k]
        if t.lower_ == "t" and k + 1 < stop and ctx.sdoc[k + 1].text.startswith("-") and k == i + 1:
            k += 1
            continue
        if t.text.startswith("-"):
            if ctx.pron(t) or t.lower_.lstrip("-") in ctx.lex.pronouns:
                return k
            k += 1
            continue
        break
    return None


def _source_np(ctx: _Context, k: int, stop: int) -> Optional[tuple[int, int]]:
    """Noun phrase after a source marker ("selon le ministre", "according to police") at token k."""
    if k >= stop:
        return None
    t = ctx.sdoc[k]
    if ctx.possessive_source(t):
        return (k, k + 2)
    if ctx.pron(t):
        return (k, k + 1)
    # the head: the first noun / proper noun / pronoun of the phrase
    j = k
    while j < stop and not ctx.is_stop(ctx.sdoc[j]) and not _partitive_person(ctx, ctx.sdoc[j]) and (
        ctx.sdoc[j].pos_ in ("DET", "ADJ", "NUM", "ADV")
        or (ctx.sdoc[j].tag_ == "PRP$" and j + 1 < stop and ctx.sdoc[j + 1].pos_ in ("NOUN", "PROPN", "ADJ"))  # "according to ⟦his Facebook profile⟧"
        or (ctx.sdoc[j].text == "-" and not ctx.sdoc[j].whitespace_)  # "the conservative-leaning Tax Foundation"
        or (ctx.sdoc[j].pos_ == "VERB" and ctx.sdoc[j].dep_ == "amod")
    ):
        j += 1
    if j >= stop:
        return None
    h = ctx.sdoc[j]
    if _partitive_person(ctx, h):  # "according to one of his senior aides"
        return _np_range(ctx, h, limit_lo=k, limit_hi=stop)
    if h.pos_ not in ("NOUN", "PROPN") or h.lower_ in ctx.lex.source_rejected or h.lemma_.lower() in ctx.lex.source_rejected:
        return None
    root = h
    while root.head.i != root.i and k <= root.head.i < stop and root.head.pos_ in ("NOUN", "PROPN") and not (
        root.head.i > root.i and any(ctx.sdoc[x].text == "," for x in range(root.i, root.head.i))
    ):  # not across a comma to a later noun ("Pour le SNESUP-FSU, c'est une certitude")
        root = root.head
    lo, hi = _np_range(ctx, root, limit_lo=k, limit_hi=stop)
    return (min(lo, k), hi)


def _match_marker(ctx: _Context, k: int) -> int:
    """Length in tokens of a source marker starting at token k (0 if none)."""
    if k >= len(ctx.sdoc):
        return 0
    first = ctx.sdoc[k].lower_.replace("’", "'").replace("' ", "'")
    for marker in ctx.lex.source_markers:
        if not " ".join(marker).startswith(first):
            continue  # its first word already differs
        words: list[str] = []
        j = k
        # "d'après" is split by spaCy into "d'" + "après"
        while j < len(ctx.sdoc) and len(" ".join(words).replace("' ", "'")) < len(" ".join(marker)):
            words.append(ctx.sdoc[j].lower_.replace("’", "'"))
            j += 1
            joined = " ".join(words).replace("' ", "'")
            if joined == " ".join(marker):
                return j - k
            if not " ".join(marker).startswith(joined):
                break
    return 0


def _source_frame(ctx: _Context, k: int, m: int, np: tuple[int, int]) -> Frame:
    """Frame of a source marker of ``m`` tokens at ``k`` ("selon", "d'après", "according to")."""
    lemma = "according to" if ctx.lang == "en" else ("selon" if m == 1 else "d'après")
    first = ctx.sdoc[np[0]]
    pron = np[0] if (np[1] - np[0] == 1 and ctx.pron(first)) or ctx.possessive_source(first) else None
    return Frame(lemma, ctx.chars(k, k + m), "source", speaker_range=None if pron is not None else np, pronoun=pron)


def _link_token(ctx: _Context, qs: QuoteSpan) -> int:
    """The token linking a quote to what comes before it: the one before its mark, a colon ending the
    paragraph before ("… sa version des faits :" + paragraph), "qu" of "qu'«" split as "qu" + "'"."""
    i = ctx.tok_before(qs.open)
    while i > 0 and ctx.sdoc[i].is_space and ctx.sdoc[i - 1].text == ":":
        i -= 1
    if i > 0 and ctx.sdoc[i].text in ("'", "’") and ctx.sdoc[i - 1].lower_ == "qu":
        i -= 1
    return i


_LINE_BULLETS = "-–—―•*>"


def _frame_before(ctx: _Context, qs: QuoteSpan) -> Optional[Frame]:
    """Reporting verb / source introducing the quote: "X a déclaré (que|:) «", "Selon X, «"."""
    i = _link_token(ctx, qs)
    if i < 0:
        return None
    t = ctx.sdoc[i]
    link = t.lower_.replace("’", "'")
    link = "qu'" if link == "qu" else link
    tight = link in ("que", "qu'", "that", ":", ",")
    if not tight and not ctx.verb_entry(t):
        return None
    k = i - 1 if tight else i
    if link == "," and k >= 0:  # "Selon lui, « … »" / "According to police, '…'"
        s = k
        while s >= 0 and k - s < 8 and not ctx.is_stop(ctx.sdoc[s]) and ctx.sdoc[s].text != ",":
            n = _match_marker(ctx, s)
            if n:
                np = _source_np(ctx, s + n, k + 1)
                if np:
                    return _source_frame(ctx, s, n, np)
                break
            s -= 1
    steps = 0
    while k >= 0 and steps < 12:
        v = ctx.sdoc[k]
        if ctx.is_stop(v) or ctx.in_quote(k):
            if link != ":" or ctx.in_quote(k):
                return None
            return _colon_clause_subject(ctx, i) or _colon_label(ctx, i)
        entry = ctx.verb_entry(v)
        if entry:
            governor = _complement_governor(ctx, v)
            if governor is not None:  # "a demandé que les traités servent à assurer « … »"
                return _intro_frame_at(ctx, governor, ctx.verb_entry(governor) or entry, i, link, False)
            return _intro_frame_at(ctx, v, entry, i, link, steps == 0)
        if v.pos_ in ("VERB",) and link == ",":
            return None
        if link == "," and v.text == ",":
            return None
        if v.pos_ == "SCONJ" or v.lower_ in ("qui", "who", "which"):
            return None
        k -= 1
        steps += 1
    if link != ":":
        return None
    return _colon_label(ctx, i) or _colon_clause_subject(ctx, i)


def _line_opening(ctx: _Context, k: int) -> bool:
    """Token ``k`` opens its sentence or line: nothing but dashes or bullets ("--- Léa Salamé :")
    between it and a sentence end, a quotation mark or the text start."""
    j = k - 1
    while j >= 0 and ctx.sdoc[j].text.strip() and all(ch in _LINE_BULLETS for ch in ctx.sdoc[j].text):
        j -= 1
    return j < 0 or ctx.is_stop(ctx.sdoc[j]) or ctx.sdoc[j].is_space or bool(ctx.sdoc[k].is_sent_start)


def _colon_label(ctx: _Context, i: int) -> Optional[Frame]:
    """A colon introduction without a verb, the noun phrase opening its line ("Le ministre : « … »",
    "--- Léa Salamé : « … »", "Michel Grossiord, journaliste à Public Sénat : « … »"): that phrase
    is the speaker."""
    if i < 1:
        return None
    h = ctx.sdoc[i - 1]
    if h.pos_ not in ("PROPN", "NOUN") or ctx.in_quote(h.i):
        return None
    root = h
    while root.head.i != root.i and root.head.i < i and root.head.pos_ in ("NOUN", "PROPN"):
        root = root.head
    rng = _np_range(ctx, root, limit_hi=i)
    if not _line_opening(ctx, rng[0]) or not _names_someone(ctx, rng[0], rng[1], root):
        return None
    return Frame(None, None, "intro", speaker_range=rng)


def _names_someone(ctx: _Context, lo: int, hi: int, head) -> bool:
    """Tokens [lo, hi) name a person or an organisation (a mention inside them), or their head is
    a noun for one ("le ministre", "l'ONG", "les habitants"): a label such as "Le bilan" is none."""
    a, b = ctx.chars(lo, hi)
    if any(m.type in ("PERSON", "ORG") and a <= m.start and m.end <= b for m in ctx.mentions):
        return True
    if head.pos_ == "PROPN" and all(t.text[:1].isupper() or t.text in ("-", ".", ",") for t in ctx.sdoc[lo : head.i + 1]):
        return True  # a name the recogniser missed ("--- Léa Salamé :")
    forms = {head.lower_, head.lemma_.lower()}
    return bool(forms & (ctx.lex.description_heads | ctx.lex.org_heads | ctx.lex.member_heads))


def _intro_frame_at(ctx: _Context, v, entry: tuple[str, int], i: int, link: str, tight: bool) -> Frame:
    """The frame of reporting verb ``v`` (``entry``: lemma, last token) introducing a quote whose
    link token ("que", ":", ",") is ``i``."""
    lemma, last = entry
    vspan = ctx.chars(v.i, last + 1)
    if ctx.participle(v) and not any(c.dep_.startswith("aux") for c in v.children):
        own = _participle_subject(ctx, v)
        if own is not None:  # 'with Sen. Mike Lee saying "…"'
            return Frame(lemma, vspan, "intro", speaker_range=own, tight=tight)
        return Frame(lemma, vspan, "participle", tight=tight)
    clitic = _clitic_after(ctx, last, i + 1)
    if clitic is None:
        for c in v.children:  # "a-t-il déclaré :" clitic on the auxiliary
            if c.dep_.startswith("aux") and c.i < v.i:
                clitic = _clitic_after(ctx, c.i, v.i)
                if clitic is not None:
                    break
    if clitic is not None:
        return Frame(lemma, vspan, "intro", pronoun=clitic, tight=tight)
    rng, pron = _subject_of(ctx, v)
    if rng is None and pron is None and "Inf" in v.morph.get("VerbForm", []):
        # "avant d'ajouter : « … »", "Et de conclure : « … »": the governing clause's speaker
        return Frame(lemma, vspan, "participle", tight=tight)
    if rng is None and pron is None and link == ":":
        rng = _inverted_intro_subject(ctx, v, last, i)
    return Frame(lemma, vspan, "intro", speaker_range=rng, pronoun=pron, tight=tight)


def _participle_subject(ctx: _Context, v) -> Optional[tuple[int, int]]:
    """The noun phrase between a marker of ``participle_subject_markers`` and participle ``v``
    ('The bill passed, with Sen. Mike Lee saying "…"'): the participle's own subject."""
    k = v.i - 1
    while k >= 0 and v.i - k <= 8 and (ctx.sdoc[k].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "NUM") or ctx.sdoc[k].text in (".", "-")):
        k -= 1
    if k < 0 or k + 1 >= v.i or ctx.sdoc[k].lower_ not in ctx.lex.participle_subject_markers:
        return None
    return (k + 1, v.i) if any(t.pos_ in ("PROPN", "NOUN") for t in ctx.sdoc[k + 1 : v.i]) else None


def _inverted_intro_subject(ctx: _Context, v, last: int, i: int) -> Optional[tuple[int, int]]:
    """The subject after a sentence-initial reporting verb before a colon ('Said Ellis: "…"',
    'Added the senator: "…"'): the noun phrase between the verb and the colon."""
    if not (v.i == 0 or ctx.is_end(ctx.sdoc[v.i - 1]) or ctx.sdoc[v.i].is_sent_start) or last + 1 >= i:
        return None
    span = ctx.sdoc[last + 1 : i]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in span) or any(t.pos_ in ("VERB", "AUX", "ADP", "SCONJ") for t in span):
        return None
    return (last + 1, i)


def _colon_clause_subject(ctx: _Context, i: int) -> Optional[Frame]:
    """A quote after a colon ending a clause with no reporting verb ("Benoist Apparu a voulu calmer
    le jeu : « … »", "He was blunt: '…'"): said by that clause's subject when it names a person
    or is a personal pronoun; a subject that is a thing or an organisation says nothing here."""
    v = ctx.sdoc[i - 1] if i > 0 else None
    while v is not None and v.pos_ not in ("VERB", "AUX") and v.head.i != v.i and v.head.i < i:
        v = v.head
    if v is None or v.pos_ not in ("VERB", "AUX", "ADJ") or ctx.in_quote(v.i) or v.sent.start != ctx.sdoc[i].sent.start:
        return None
    if ctx.participle(v) and not any(c.dep_.startswith("aux") for c in v.children):
        return None
    rng, pron = _subject_of(ctx, v)
    if pron is not None:
        gender, number = ctx.pron(ctx.sdoc[pron]) or (None, "impersonal")
        return Frame(None, None, "intro", pronoun=pron) if number == "sg" else None
    if rng is None:
        return None
    a, b = ctx.chars(*rng)
    if not any(m.type == "PERSON" and a <= m.start and m.end <= b for m in ctx.mentions):
        return None
    return Frame(None, None, "intro", speaker_range=rng)


def _frame_after(ctx: _Context, qs: QuoteSpan) -> Optional[Frame]:
    """Incise after the quote: "», a-t-il ajouté", '," said X', '" he told reporters', ", selon X"."""
    if qs.close == -1:
        return None
    i = ctx.tok_from(qs.close + 1)
    n = len(ctx.sdoc)
    # window: to the end of the clause
    stop = i
    while stop < n and stop - i < INCISE_WINDOW_TOKENS:
        t = ctx.sdoc[stop]
        if ctx.is_stop(t) or t.text in (":",):
            break
        stop += 1
    k = i
    while k < stop and (ctx.sdoc[k].text in (",", "—", "–", "-", "―") or ctx.sdoc[k].is_space):
        k += 1
    if k >= stop:
        return None
    dashed = any(ch in "—–―-" for ch in ctx.text[qs.close + 1 : ctx.starts[k]])
    nxt = ctx.sdoc[k]
    opened = ctx.tok_before(qs.open)
    ends_with = ctx.text[qs.start : qs.end].rstrip(_STRIP)[-1:]
    if k == i and 0 <= opened and ctx.sdoc[opened].pos_ == "AUX" and nxt.pos_ in ("VERB", "ADJ") and ends_with not in ",.!?;":
        return None  # a quote between an auxiliary and its participle ("qui ont « coûte que coûte » souhaité …") is inside the clause, unless it ends in a comma ('is "not meeting the demand," said …')
    if ctx.lang == "fr" and ends_with == "." and nxt.text[:1].isupper() and nxt.pos_ != "PROPN":
        return None  # « … . » Personne ne s'étonne … : a new sentence, not an incise
    if _closes_its_sentence(ctx, qs) and nxt.text[:1].isupper():
        return None  # 'accused Kim of "fanatic recklessness." South Korean President Park said …'
    # source marker: "», selon le ministre" / '", according to police'
    m = _match_marker(ctx, k)
    if m:
        np = _source_np(ctx, k + m, stop)
        return _source_frame(ctx, k, m, np) if np is not None else None
    if nxt.lower_ in ctx.lex.lead_markers and _starts_sentence(ctx, qs):
        return _named_lead_source(ctx, k, stop)
    if dashed:  # a signature: '"…" ― Sonya Herridge'
        signed = _signature(ctx, k, stop)
        if signed is not None:
            return Frame(None, None, "incise", speaker_range=signed)
    return _incise_verb(ctx, k, stop)


def _named_lead_source(ctx: _Context, k: int, stop: int) -> Optional[Frame]:
    """A verbless sentence opening with a quote and then a lead marker before a name ("« Un
    argument dangereux » pour le New York Times, qui …"): that name is the source. Only a person
    or an organisation named by the whole phrase, ending the clause, counts ("pour les enfants"
    is no source)."""
    np = _source_np(ctx, k + 1, stop)
    if np is None:
        return None
    a, b = ctx.chars(*np)
    named = [m for m in ctx.mentions if m.type in ("PERSON", "ORG") and a <= m.start < b]
    if not named:
        return None
    hi = max(np[1], ctx.tok_before(max(m.end for m in named)) + 1)
    if hi < len(ctx.sdoc) and not (ctx.is_end(ctx.sdoc[hi]) or ctx.sdoc[hi].text == ","):
        return None
    return _source_frame(ctx, k, 1, (np[0], hi))


INCISE_SUBJECT_TOKENS = 36  # tokens a subject before an incise verb may span ("Rep. Jim Jordan (R-Ohio), an oversight panel member, said",
# "Leonard E. Burman, director of the … Center and a professor at the … University, said")
INCISE_WINDOW_TOKENS = INCISE_SUBJECT_TOKENS + 6  # the clause after a closing quote searched for an incise


def _incise_verb(ctx: _Context, subj_lo: int, stop: int) -> Optional[Frame]:
    """An incise's reporting verb from token ``subj_lo``, with its subject before it ('," the
    minister told reporters') or after it (« », a déclaré le ministre)."""
    n = len(ctx.sdoc)
    k = subj_lo
    seen_np = apposed = False
    while k < stop and k - subj_lo < INCISE_SUBJECT_TOKENS:
        t = ctx.sdoc[k]
        entry = ctx.verb_entry(t)
        if entry:
            lemma, last = entry
            # a verb that introduces the next quote or a clause is not an incise
            nxt = ctx.sdoc[last + 1] if last + 1 < n else None
            if nxt is not None and (nxt.text == ":" or nxt.lower_ in ("que", "qu'", "qu’", "that") or ctx.is_quote_tok(nxt)):
                return None
            if ctx.participle(t):
                return None
            vspan = ctx.chars(t.i, last + 1)
            clitic = _clitic_after(ctx, last, stop)
            if clitic is None:
                for j in range(subj_lo, t.i):
                    if ctx.sdoc[j].text.startswith("-") and ctx.pron(ctx.sdoc[j]):
                        clitic = j
            if clitic is not None:
                return Frame(lemma, vspan, "incise", pronoun=clitic)
            if seen_np:  # '"…," the minister told reporters'
                pre = [j for j in range(subj_lo, t.i) if ctx.sdoc[j].pos_ not in ("AUX", "ADV", "PART", "PUNCT")]
                if len(pre) == 1 and ctx.pron(ctx.sdoc[pre[0]]):
                    return Frame(lemma, vspan, "incise", pronoun=pre[0])
                hi = t.i
                while hi > subj_lo and ctx.sdoc[hi - 1].pos_ in ("AUX", "ADV", "PART", "PUNCT"):
                    hi -= 1
                if hi <= subj_lo:
                    return None
                span = ctx.sdoc[subj_lo:hi]
                if span.root.pos_ not in ("NOUN", "PROPN", "PRON") and not any(x.pos_ == "PROPN" for x in span):
                    return None
                return Frame(lemma, vspan, "incise", speaker_range=(subj_lo, hi))
            after = _after_set_off_adjectives(ctx, last + 1, stop)
            if after < stop and ctx.relative_demonstrative(ctx.sdoc[after]):  # "», déplore celle qui entend …"
                return Frame(lemma, vspan, "incise", pronoun=after)
            rng = _inverted_subject(ctx, t, stop)
            return Frame(lemma, vspan, "incise", speaker_range=rng)
        if t.pos_ in ("AUX", "ADV", "PART") or t.text.startswith("-") or t.lower_ in _CLITICS_FR:
            k += 1
            continue
        if t.text == "(" and seen_np:  # '"…," Rep. Gwen Moore (D-Wis.) said'
            close = next((j for j in range(k + 1, min(stop, k + 8)) if ctx.sdoc[j].text == ")"), None)
            if close is None:
                return None
            k = close + 1
            continue
        if t.pos_ in ("DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON") or (t.pos_ == "PUNCT" and t.text in (",", ".") and seen_np) or (t.pos_ == "ADP" and seen_np) or (
            t.pos_ == "VERB" and t.text[:1].isupper()  # a name tagged as a verb ("Tulsa police Chief …")
        ):
            if t.pos_ == "PRON" and not ctx.pron(t):
                return None
            apposed = apposed or (seen_np and t.text == ",")
            seen_np = True
            k += 1
            continue
        if t.pos_ == "CCONJ" and apposed:  # 'X, director of … and a professor at …, said'
            k += 1
            continue
        return None
    return None


def _closes_its_sentence(ctx: _Context, qs: QuoteSpan) -> bool:
    """A quote that ends with a full stop inside its marks and began inside a sentence ('… of
    "fanatic recklessness."'): it ends that sentence, so the words after it start the next one."""
    return ctx.text[qs.start : qs.end].rstrip(_STRIP)[-1:] == "." and not _starts_sentence(ctx, qs)


def _frame_sentence_tail(ctx: _Context, qs: QuoteSpan) -> Optional[Frame]:
    """An incise ending the quote's sentence after more words ("''…'' of the Clinton proposals,
    Mr. Holtz-Eakin said.", "« … » face aux géants du Web, estime l'avocat."): the last comma
    before the sentence end followed by a reporting verb and its subject only, with no other quote
    in between."""
    if qs.close == -1 or _closes_its_sentence(ctx, qs):
        return None
    i, n = ctx.tok_from(qs.close + 1), len(ctx.sdoc)
    end = i
    while end < n and not ctx.is_end(ctx.sdoc[end]) and end - i < 40:
        if ctx.is_quote_tok(ctx.sdoc[end]) or ctx.sdoc[end].text == ":":
            return None
        end += 1
    if end >= n or not ctx.is_end(ctx.sdoc[end]):
        return None
    for j in range(end - 1, i, -1):
        if ctx.sdoc[j].text == ",":
            f = _incise_verb(ctx, j + 1, end)
            return f if f is not None and (f.speaker_range or f.pronoun is not None) else None
    return None


def _signature(ctx: _Context, k: int, stop: int) -> Optional[tuple[int, int]]:
    """Token range of a name signing a quote after a dash ('"…" ― Sonya Herridge'): a person
    or organisation named at ``k`` and nothing else in the clause but punctuation."""
    a = ctx.starts[k]
    m = next((m for m in ctx.mentions if m.start == a and m.type in ("PERSON", "ORG")), None)
    if m is not None:
        hi = ctx.tok_before(m.end) + 1
    else:  # a name the recogniser missed: two to five capitalised words
        hi = k
        while hi < stop and (ctx.sdoc[hi].text[:1].isupper() or ctx.sdoc[hi].text in (".", "-")) and hi - k < 6:
            hi += 1
        if not 2 <= sum(1 for j in range(k, hi) if ctx.sdoc[j].is_alpha) <= 5:
            return None
    if any(ctx.sdoc[j].pos_ not in ("PUNCT", "SPACE") for j in range(hi, stop)):
        return None
    return (k, hi)


def _frame_inside(ctx: _Context, qs: QuoteSpan) -> Optional[tuple[Frame, tuple[int, int]]]:
    """French incise inside the marks: "« C'est grave, a-t-il dit, et nous répondrons. »"."""
    lo, hi = ctx.tok_from(qs.start), ctx.tok_before(qs.end) + 1
    for k in range(lo + 1, hi - 1):
        t = ctx.sdoc[k]
        entry = ctx.verb_entry(t)
        if not entry:
            continue
        lemma, last = entry
        clitic = _clitic_after(ctx, last, hi)
        a = k
        while a > lo and ctx.sdoc[a - 1].pos_ == "AUX" or (a > lo and ctx.sdoc[a - 1].text.startswith("-")):
            if clitic is None and ctx.sdoc[a - 1].text.startswith("-") and ctx.pron(ctx.sdoc[a - 1]):
                clitic = a - 1
            a -= 1
        if clitic is None:
            named = _inside_named_subject(ctx, k, last, hi)
            if named is not None:
                rng, cut = named
                return Frame(lemma, ctx.chars(t.i, last + 1), "inside", speaker_range=rng), cut
            continue
        b = max(last, clitic) + 1
        if a - 1 >= lo and ctx.sdoc[a - 1].text == "," and b < hi and ctx.sdoc[b].text in (",", "."):
            span = (ctx.starts[a - 1], ctx.ends[b] if ctx.sdoc[b].text == "," else ctx.starts[b])
            return Frame(lemma, ctx.chars(t.i, last + 1), "inside", pronoun=clitic), span
    return None


_INCISE_REFLEXIVES = {"s'", "s’", "se"}
_INCISE_MODALS = {"vouloir", "pouvoir", "devoir"}


def _inside_named_subject(ctx: _Context, k: int, last: int, hi: int) -> Optional[tuple[tuple[int, int], tuple[int, int]]]:
    """A named speaker inverted after a reporting verb inside the marks ("« …, confie Benjamin
    Griveaux, porte-parole du gouvernement. … »"): (speaker token range, the incise's character
    span), when a comma stands before the verb and a person's name right after it (adverbs aside)."""
    a = k
    # auxiliaries, a reflexive ("s'insurge") or a modal ("veut croire") before the verb
    while a > 0 and (ctx.sdoc[a - 1].pos_ == "AUX" or ctx.sdoc[a - 1].text.startswith("-")
                     or ctx.sdoc[a - 1].lower_ in _INCISE_REFLEXIVES or ctx.sdoc[a - 1].lemma_ in _INCISE_MODALS):
        a -= 1
    if a - 1 < 0 or ctx.sdoc[a - 1].text != ",":
        return None
    j = last + 1
    while j < hi and ctx.sdoc[j].pos_ == "ADV":
        j += 1
    if j >= hi:
        return None
    m = _person_at(ctx, j)
    e = ctx.tok_before(m.end) + 1 if m is not None else j
    # a name the tagger split or missed ("confie Aghiles Aït Mammar, représentant de …", "raconte
    # Faycal, 24 ans."): the capitalised words up to the punctuation
    while e < hi and e - j < INSIDE_NAME_MAX and _capitalised_name_word(ctx.sdoc[e]):
        e += 1
    if e == j:
        e = hi
    if e < hi and e > j and ctx.sdoc[e].pos_ in ("ADP", "ADV"):  # "relate Alexandre T. lors de son audition, …": an adjunct after the name
        f = e
        while f < hi and f - e <= INSIDE_ADJUNCT_MAX and ctx.sdoc[f].text not in (",", ".") and ctx.sdoc[f].pos_ not in ("VERB", "AUX"):
            f += 1
        if f < hi and ctx.sdoc[f].text in (",", "."):
            return (j, e), _incise_cut(ctx, a - 1, f, hi)
    if e >= hi or ctx.sdoc[e].text not in (",", "."):
        d = _inside_description_end(ctx, j, hi)  # no name: a description ("témoigne la porte-parole de …")
        if d is None:
            return None
        return (j, d), _incise_cut(ctx, a - 1, d, hi)
    end = e
    if ctx.sdoc[e].text == ",":  # an apposition after the name belongs to the incise
        while end < hi and not ctx.is_end(ctx.sdoc[end]):
            end += 1
    cut_end = ctx.ends[end] if end < hi and ctx.sdoc[end].text == "," else ctx.starts[end] if end < hi else ctx.ends[hi - 1]
    return (j, e), (ctx.starts[a - 1], cut_end)


def _incise_cut(ctx: _Context, comma: int, f: int, hi: int) -> tuple[int, int]:
    """The characters of an incise inside the marks, from its opening ``comma`` to token ``f`` (a comma
    or a full stop) after its speaker; a participial apposition after that comma, with no finite
    verb up to the sentence end, belongs to the incise too ("…, appelée à témoigner plus tard. …")."""
    if ctx.sdoc[f].text == ",":
        g = f + 1
        while g < hi and not ctx.is_end(ctx.sdoc[g]) and ctx.sdoc[g].text != "," and "Fin" not in ctx.sdoc[g].morph.get("VerbForm", []):
            g += 1
        if g < hi and ctx.is_end(ctx.sdoc[g]) and g > f + 1 and "Part" in ctx.sdoc[f + 1].morph.get("VerbForm", []):
            return ctx.starts[comma], ctx.starts[g]
        return ctx.starts[comma], ctx.ends[f]
    return ctx.starts[comma], ctx.starts[f]


INSIDE_DESCRIPTION_MAX = 10  # tokens of a description speaking inside the marks
INSIDE_NAME_MAX = 5  # tokens of a name inverted after a reporting verb inside the marks
INSIDE_ADJUNCT_MAX = 8  # tokens of a prepositional phrase after that name ("lors de son audition")


def _capitalised_name_word(t) -> bool:
    """A word that may belong to a person's name: capitalised, alphabetic (a hyphen or an
    apostrophe inside), no determiner."""
    w = t.text.replace("-", "").replace("'", "").replace("’", "")
    return bool(w) and w.isalpha() and t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ", "X")


def _inside_description_end(ctx: _Context, j: int, hi: int) -> Optional[int]:
    """End (a comma or full stop) of a description inverted after a reporting verb inside the marks
    ("« …, témoigne la porte-parole de l'Inter LGBT. … »", "…, précise une bénévole qui souhaite rester
    anonyme. …"): a determiner, a noun of ``description_heads`` or ``person_nouns`` as its first noun,
    and no verb up to the punctuation but in a relative clause."""
    if j >= hi or not (ctx.sdoc[j].lower_ in _DEFINITES or ctx.sdoc[j].pos_ == "DET"):
        return None
    e = j + 1
    relative = False  # "précise une bénévole qui souhaite rester anonyme."
    while e < hi and ctx.sdoc[e].text not in (",", ".") and e - j <= INSIDE_DESCRIPTION_MAX:
        if ctx.sdoc[e].lower_ in _RELATIVES and e > j + 1:
            relative = True
        elif (ctx.sdoc[e].pos_ in ("VERB", "AUX") and not relative) or ctx.is_quote_tok(ctx.sdoc[e]):
            return None
        e += 1
    if e >= hi or ctx.sdoc[e].text not in (",", "."):
        return None
    first_noun = next((t for t in ctx.sdoc[j + 1 : e] if t.pos_ in ("NOUN", "PROPN")), None)
    if first_noun is None or not {first_noun.lower_, first_noun.lemma_.lower()} & (ctx.lex.description_heads | ctx.lex.person_nouns):
        return None
    if ctx.sdoc[e].text == "," and e + 1 < hi:  # the name apposed to it belongs to the incise: "…, Clémence Zamora."
        m = _person_at(ctx, e + 1)
        n = ctx.tok_before(m.end) + 1 if m is not None else hi
        if n < hi and ctx.sdoc[n].text in (",", "."):
            return n
    return e


# ------------------------------------------------------------------------------ shapes


def _content_tokens(ctx: _Context, s: int, e: int):
    return [t for t in ctx.sdoc[ctx.tok_from(s) : ctx.tok_before(e) + 1] if not ctx.is_quote_tok(t)]


def _has_finite_verb(toks) -> bool:
    """A conjugated verb (or a verb the tagger left without form) among ``toks``."""
    for t in toks:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        forms = t.morph.get("VerbForm", [])
        if "Fin" in forms or t.tag_ in ("VBD", "VBZ", "VBP", "MD") or (not forms and t.tag_ in ("", t.pos_)):
            return True
        if t.tag_ == "VBN" and t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children) and not any(
                c.dep_.startswith("aux") for c in t.children):
            return True  # a past tense tagged as a participle ("Whites without a degree ⟦made⟧ up 36 percent")
    return False


def _after_naming(ctx: _Context, qs: QuoteSpan) -> bool:
    """The quote follows a naming word ("baptisé", "so-called"): a name, not words said."""
    i = ctx.tok_before(qs.open)
    if i < 0:
        return False
    t = ctx.sdoc[i]
    if t.pos_ == "VERB" and any(c.dep_.startswith("aux") and c.i < t.i for c in t.children):
        return False  # "ce que le chef du gouvernement a appelé « … »": someone's words
    return t.lower_ in ctx.lex.naming or t.lemma_.lower() in ctx.lex.naming


def _embedded(ctx: _Context, qs: QuoteSpan) -> bool:
    """The quote sits inside a noun phrase: after a determiner, a noun, an article-preposition
    ("du", "des", "au") or a naming word ("baptisé", "so-called")."""
    i = ctx.tok_before(qs.open)
    if i < 0:
        return False
    t = ctx.sdoc[i]
    if _after_naming(ctx, qs):
        return True
    if not any(ch.isalnum() for ch in t.text):
        return False  # a mark the tagger took for a word ("> « … »", a Markdown blockquote)
    if t.pos_ in ("DET", "NUM") or (t.pos_ == "PRON" and "Yes" in t.morph.get("Poss", [])):
        return True
    if t.pos_ in ("NOUN", "PROPN", "ADJ"):  # "des séparatistes « ambazoniens »", not 'in force "until …"'
        first = ctx.sdoc[ctx.tok_from(qs.start)] if ctx.tok_from(qs.start) < len(ctx.sdoc) else None
        return first is None or first.pos_ not in ("ADP", "ADV", "SCONJ", "VERB", "AUX")
    return t.pos_ == "ADP" and bool(t.morph.get("Definite", [])) or t.lower_ in ("of", "the")


def _title_cased(ctx: _Context, qs: QuoteSpan, words) -> bool:
    """A capitalised name or title inside a sentence ("the 'Green Zone'", « Bouclier du Nord »)."""
    if not words or not words[0].text[:1].isupper() or _starts_sentence(ctx, qs):
        return False
    caps = sum(1 for w in words if w.text[:1].isupper())
    return caps * 2 >= len(words) or words[0].pos_ == "PROPN"


def _starts_sentence(ctx: _Context, qs: QuoteSpan) -> bool:
    i = ctx.tok_before(qs.open)
    return i < 0 or ctx.is_end(ctx.sdoc[i]) or ctx.sdoc[i].text == ":" or qs.open == _para_first(ctx.text, qs.open) or (
        ctx.is_quote_tok(ctx.sdoc[i]) and i > 0 and ctx.is_end(ctx.sdoc[i - 1])
    )


def _negated(v) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity", [])) for c in v.children)


def _sentence_source(ctx: _Context, qs: QuoteSpan) -> Optional[Frame]:
    """A source marker governing the whole sentence of a quote: at its start ("Selon Bruno
    Bobkiewicz, le proviseur, il s'agissait d'« … »", "Pour l'avocat, c'est « … »") or after a
    comma later on ("…, selon leur orateur Philippe Gosselin")."""
    q = ctx.tok_from(qs.open)
    if q >= len(ctx.sdoc):
        return None
    sent = ctx.sdoc[q].sent
    k = max(sent.start, _sentence_start(ctx, q))  # "« … » Pour l'avocat, c'est « … »": after the quote before
    while k < q and ctx.sdoc[k].pos_ in ("CCONJ", "ADV", "PUNCT", "SPACE") and not ctx.is_quote_tok(ctx.sdoc[k]):
        k += 1
    m = _match_marker(ctx, k) or (1 if ctx.sdoc[k].lower_ in ctx.lex.lead_markers else 0)
    if m:
        np = _source_np(ctx, k + m, q)
        if np is not None and np[1] < q and ctx.sdoc[np[1]].text == ",":
            return _source_frame(ctx, k, m, np)
    for j in range(k + 1, q):  # "…, qui, selon son promoteur, X, veut « … »"
        m = _match_marker(ctx, j) if ctx.sdoc[j - 1].text == "," and not ctx.in_quote(j) else 0
        np = _source_np(ctx, j + m, q) if m else None
        if np is not None and np[1] < q and ctx.sdoc[np[1]].text == ",":
            return _source_frame(ctx, j, m, np)
    end = qs.close if qs.close != -1 else qs.end
    for k in range(ctx.tok_from(end + 1), sent.end):
        if ctx.in_quote(k) or ctx.is_quote_tok(ctx.sdoc[k]):
            continue
        m = _match_marker(ctx, k)
        if m and ctx.sdoc[k - 1].text == ",":
            np = _source_np(ctx, k + m, sent.end)
            return _source_frame(ctx, k, m, np) if np is not None else None
    return None


def _complement_governor(ctx: _Context, t):
    """The reporting verb governing a "que" clause in which reporting verb ``t`` is an infinitive
    under a verb that reports nothing ("Il a demandé que les traités servent à assurer « … »"):
    the clause states what the speaker asks or says, so its speaker is the governing verb's
    subject ("Il"), not the clause's ("les traités"). None when ``t`` is no such infinitive."""
    c = t
    while c.dep_ == "xcomp" and c.head.i != c.i and not ctx.verb_entry(c.head):
        c = c.head
    if c is t or not c.dep_.startswith("ccomp") or c.head.i == c.i or not ctx.verb_entry(c.head):
        return None
    return c.head if any(m.dep_ == "mark" and m.lower_ in _COMPLEMENTISERS for m in c.children) else None


def _governing_frame(ctx: _Context, qs: QuoteSpan) -> Optional[Frame]:
    """The reporting verb of the sentence a partial quote sits in ("a condamné « fermement »"),
    else a source marker of the sentence (:func:`_sentence_source`)."""
    k = ctx.tok_before(qs.open)
    steps = 0
    crossed_comma = False
    while k >= 0 and steps < 30:
        t = ctx.sdoc[k]
        if ctx.is_end(t) or ctx.in_quote(k):
            return _sentence_source(ctx, qs)
        crossed_comma = crossed_comma or t.text == ","
        entry = ctx.verb_entry(t)
        governor = _complement_governor(ctx, t) if entry else None
        if governor is not None:
            t, entry = governor, ctx.verb_entry(governor)
        if entry and not _negated(t) and t.dep_ in ("acl:relcl", "relcl") and crossed_comma:
            # a relative clause set off by commas before the quote ("Cette obédience, qui affirme
            # sa croyance …, compte « … », selon lui"): a source marker after the quote speaks first
            source = _sentence_source(ctx, qs)
            if source is not None and source.verb_span is not None and source.verb_span[0] > qs.open:
                return source
        if entry and not _negated(t):
            lemma, last = entry
            vspan = ctx.chars(t.i, last + 1)
            clitic = _clitic_after(ctx, last, len(ctx.sdoc))
            if clitic is not None:
                return Frame(lemma, vspan, "intro", pronoun=clitic, tight=False)
            rng, pron = _subject_of(ctx, t)
            if rng is None and pron is None:
                return None
            return Frame(lemma, vspan, "intro", speaker_range=rng, pronoun=pron, tight=False)
        k -= 1
        steps += 1
    return _sentence_source(ctx, qs)


# ------------------------------------------------------------------------------ direct quotes


def _chosen_frame(ctx: _Context, qs: QuoteSpan, before: Optional[Frame], after: Optional[Frame],
                  inside: Optional[tuple[Frame, tuple[int, int]]]) -> tuple[Optional[Frame], list[tuple[int, int]]]:
    """The frame that attributes a quote, of those found before it, after it and inside its marks
    (with the characters of an inside incise, left out of its text): an introduction ending in
    "que" or a colon, or a source marker, first; then an incise inside the marks, which speaks
    before one after them ("« …, observe X, … », regrette Y" is X's); then the one after, the one
    before, the one inside."""
    if before is not None and before.kind in ("intro", "source", "participle") and (before.speaker_range or before.pronoun is not None or before.kind == "participle"):
        i = ctx.tok_before(qs.open)
        strong = ctx.sdoc[i].lower_ in _COMPLEMENTISERS or ctx.sdoc[i].text == ":" or before.kind == "source"
        if strong or after is None:
            return before, []
    if inside is not None and after is not None and after.kind == "incise":
        return inside[0], [inside[1]]
    if after is not None:
        return after, []
    if before is not None:
        return before, []
    if inside is not None:
        return inside[0], [inside[1]]
    return None, []


def _direct_candidates(ctx: _Context) -> list[Candidate]:
    spans = find_quote_spans(ctx.text, ctx.lang)
    out: list[Candidate] = []
    prev: Optional[Candidate] = None
    prev_para = -2
    for qs in spans:
        toks = _content_tokens(ctx, qs.start, qs.end)
        words = [t for t in toks if t.is_alpha]
        finite = _has_finite_verb(toks)
        embedded = _embedded(ctx, qs)
        title_like = not finite and len(words) <= 8
        # a quoted name rather than words said: title-cased, after a naming word, or capitalised inside a noun phrase
        a_name = _title_cased(ctx, qs, words) or _after_naming(ctx, qs) or (embedded and bool(words) and words[0].text[:1].isupper())
        # set apart from the body: a heading, a pull quote or a related-article link line repeating it
        set_apart = _in_heading(ctx, qs) or _pull_quote(ctx, qs) or _related_link_line(ctx.text, qs.open)
        content_words = sum(1 for w in words if w.pos_ != "DET")
        inside = _frame_inside(ctx, qs)
        after = _frame_after(ctx, qs)
        before = _frame_before(ctx, qs)
        frame, excluded = _chosen_frame(ctx, qs, before, after, inside)
        if frame is None:
            frame = _frame_sentence_tail(ctx, qs)
        confidence = 0.9
        para = ctx.paragraph(qs.open)
        if title_like:
            # a short verbless quote: a quoted name or scare-quoted word, or a partial quote; a
            # fragment of two words or more inside a noun phrase, not capitalised ("a reconnu un « moment de
            # faiblesse »") is a partial quote only inside a reported sentence
            if _title_cased(ctx, qs, words) or _after_naming(ctx, qs) or (
                embedded and (len(words) < 2 or words[0].text[:1].isupper())  # « Centre de soutien … »: a name
            ):
                frame = None
            elif embedded:
                if frame is None or frame.kind not in ("incise", "source"):
                    frame = _governing_frame(ctx, qs)
                confidence = 0.6
            else:
                if frame is None or (frame.kind == "intro" and not frame.tight and frame.verb_span is None):
                    frame = _governing_frame(ctx, qs)
                confidence = 0.6
        if frame is None and not title_like:
            # an unframed sentence-length quote right after a framed one continues its speaker
            if prev is not None and not embedded and para - prev_para <= 1 and _starts_sentence(ctx, qs):
                gap = ctx.text[prev.end : qs.open]
                if len(gap) < 160 or qs.open == _para_first(ctx.text, qs.open):
                    frame = Frame(None, None, "continuation")
                    confidence = 0.7
            # a clause quoted inside a reported sentence: « … que la France « riposterait » », and one
            # after a determiner ('She says Trump represents the "same rigged system that he claims …"')
            if frame is None and not _starts_sentence(ctx, qs) and not (embedded and (_after_naming(ctx, qs) or _title_cased(ctx, qs, words))):
                frame = _governing_frame(ctx, qs)
                confidence = 0.6
            # a whole unframed sentence in quotes: said by a speaker named just before, if any
            if frame is None and not embedded and finite and len(words) >= 6 and _starts_sentence(ctx, qs):
                frame = Frame(None, None, "nearby")
                confidence = 0.5
        if frame is None and len(words) >= 2 and not a_name:
            # a fragment in a sentence that an incise attributes elsewhere ("… un « personnage qui … »
            # luxembourgeoise, a souligné l'enquêteur, déclenchant …", "…, écrit le Contrôleur, dont … « … »")
            frame = _sentence_incise(ctx, qs, spans)
            confidence = 0.6
        if len(re.findall(r"\S*[^\W\d_]\S*", ctx.text[qs.start : qs.end])) < 2 or set_apart:
            frame = None  # a one-word term (« tabous », « fermement »), or a heading or related-article link repeating the body
        follows = None
        if frame is None and content_words >= 2 and prev is not None and prev.direct and _same_sentence(ctx, prev, qs) and not a_name:
            # a second fragment of the same reported sentence ("réclamaient « … », mais aussi « … »")
            frame, follows, confidence = Frame(None, None, "sibling"), prev, 0.6
        if frame is None and content_words >= 2 and prev is not None and para == prev_para and not (a_name or set_apart):
            # a fragment with no frame in the paragraph of a framed quote: the source the paragraph
            # is quoting ("Sur les 89 cas étudiés par l'ACAT, « seuls sept … »"), at low confidence
            frame, confidence = Frame(None, None, "nearby"), 0.4
        if frame is None:
            continue
        text = ctx.text[qs.start : qs.end]
        s, e = qs.start, qs.end
        while e > s and ctx.text[e - 1] in ",;:" + _STRIP:
            e -= 1
        text = ctx.text[s:e]
        if excluded:
            a, b = excluded[0]
            left, right = ctx.text[s:a].rstrip(_STRIP + ","), ctx.text[b:e].lstrip(_STRIP + ",")
            text = (left + ("" if right[:1] in ".!?" else " ") + right).strip()
        anchor = frame.verb_span[0] if frame.verb_span else qs.open
        cand = Candidate(True, s, e, text, frame, confidence, anchor, excluded, follows=follows)
        out.append(cand)
        ctx.quoted.append((qs.open, (qs.close + 1) if qs.close != -1 else qs.end))
        prev, prev_para = cand, para
    return out


_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]|\{#[^}\n]*\}[ \t]*$")  # Markdown ATX heading, Pandoc heading attributes


_LINK_LINE = re.compile(r"(?:(?:lire|voir) aussi|read more|see also)\b.*|\[[^\]]*\]\([^)\s]*\)(?:\{[^}]*\})?", re.IGNORECASE)


def _related_link_line(text: str, pos: int) -> bool:
    """The line holding ``pos`` is a related-article link: a Markdown link alone on its line, or
    a "Lire aussi" / "Read more" line."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    line = text[a : len(text) if b == -1 else b].strip()
    return bool(_LINK_LINE.fullmatch(line))


def _heading_line(text: str, pos: int) -> bool:
    """Character ``pos`` stands in a Markdown heading line ("### Un recul par rapport aux engagements
    d'Emmanuel Macron"): whom it names is the topic of the section under it."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return bool(_HEADING.search(text[a : len(text) if b == -1 else b]))


def _in_heading(ctx: _Context, qs: QuoteSpan) -> bool:
    """The quote stands in a heading line ("### «Culture d'impunité»", "« … » {#id .article__sub-title}")
    or one underlined by a Setext rule ("-----")."""
    if _heading_line(ctx.text, qs.open):
        return True
    b = ctx.text.find("\n", qs.open)
    if b == -1:
        return False  # the last line: no rule under it
    e = ctx.text.find("\n", b + 1)
    return bool(re.fullmatch(r"[ \t]*(-{3,}|={3,})[ \t]*", ctx.text[b + 1 : len(ctx.text) if e == -1 else e]))


SENTENCE_INCISE_TOKENS = 12  # tokens an incise between commas may span ("a souligné l'enquêteur")
SENTENCE_REACH_TOKENS = 80  # tokens searched for it on either side of the quote, within its sentence


def _sentence_incise(ctx: _Context, qs: QuoteSpan, spans: list[QuoteSpan]) -> Optional[Frame]:
    """French: an incise set off by commas anywhere in the quote's sentence, outside every quote
    (", a souligné l'enquêteur,", ", écrit le Contrôleur,", ", avait-il déclaré"): the reporting
    verb that attributes the sentence's quoted fragments."""
    if ctx.lang != "fr":
        return None
    marks = [(s.open, s.close if s.close != -1 else s.end) for s in spans]

    def outside(t) -> bool:
        return not any(a <= t.idx <= b for a, b in marks)

    n = len(ctx.sdoc)
    q0, q1 = ctx.tok_from(qs.open), ctx.tok_from((qs.close if qs.close != -1 else qs.end) + 1)
    lo = q0
    while lo > 0 and q0 - lo < SENTENCE_REACH_TOKENS and not (ctx.is_end(ctx.sdoc[lo - 1]) and outside(ctx.sdoc[lo - 1])):
        lo -= 1
    hi = q1
    while hi < n and hi - q1 < SENTENCE_REACH_TOKENS and not (ctx.is_end(ctx.sdoc[hi]) and outside(ctx.sdoc[hi])):
        hi += 1
    for j in range(lo, hi):
        t = ctx.sdoc[j]
        if t.text != "," or not outside(t) or q0 <= j < q1:
            continue
        stop = j + 1
        while stop < hi and not ((ctx.sdoc[stop].text == "," and outside(ctx.sdoc[stop])) or ctx.is_quote_tok(ctx.sdoc[stop])):
            stop += 1
        if stop - j > SENTENCE_INCISE_TOKENS or (stop < hi and ctx.is_quote_tok(ctx.sdoc[stop])):
            continue
        f = _incise_verb(ctx, j + 1, stop)
        if f is not None and (f.speaker_range or f.pronoun is not None):
            return f
    return None


def _pull_quote(ctx: _Context, qs: QuoteSpan) -> bool:
    """The quote is a pull quote: set apart in a Markdown blockquote ("> « … »") while its words
    also stand in the body, where they are counted."""
    a = ctx.text.rfind("\n", 0, qs.open) + 1
    if not ctx.text[a : qs.open].lstrip(_SPACES).startswith(">"):
        return False
    words = ctx.text[qs.start : qs.end]
    return ctx.text.find(words) < qs.start or ctx.text.find(words, qs.end) != -1


def _same_sentence(ctx: _Context, prev: Candidate, qs: QuoteSpan) -> bool:
    """``qs`` follows the quote ``prev`` in the same sentence: no sentence end between them."""
    a, b = ctx.tok_from(prev.end), ctx.tok_before(qs.open)
    if ctx.paragraph(prev.end) != ctx.paragraph(qs.open) or qs.open - prev.end > 300:
        return False
    return not any(ctx.is_end(ctx.sdoc[j]) for j in range(a, b + 1) if not ctx.is_quote_tok(ctx.sdoc[j]))


def _para_first(text: str, char: int) -> int:
    """The first character of the line holding ``char``, after its spaces and Markdown blockquote
    marks ("> « … »": a quotation set apart as a block opens its line)."""
    a = text.rfind("\n", 0, char) + 1
    while a < len(text) and (text[a] in _SPACES or (text[a] == ">" and text[a + 1 : a + 2] in tuple(_SPACES))):
        a += 1
    return a


# ------------------------------------------------------------------------------ indirect speech


def _clause_end(ctx: _Context, k: int) -> int:
    """Token index ending the content clause starting at k: the sentence end, a trailing
    incise or source (", a-t-il ajouté", ", selon X"), a non-restrictive relative clause
    (", qui …") or a second coordinated content clause ("et que …") - not in English, whose annotated
    contents keep both (``content_clause_cuts``)."""
    n = len(ctx.sdoc)
    j = k
    while j < n:
        t = ctx.sdoc[j]
        if ctx.is_end(t):
            break
        if t.lower_ in ("et", "and", ",") and j + 1 < n and ctx.sdoc[j + 1].lower_ in ("que", "qu'", "qu’", "that") and j > k and ctx.lex.clause_cuts:
            break
        if t.text == "," and j + 1 < n:
            nx = ctx.sdoc[j + 1]
            if _match_marker(ctx, j + 1) or (nx.lower_ in _RELATIVES and ctx.lex.clause_cuts):
                break
            if nx.pos_ == "AUX" and j + 2 < n and ctx.sdoc[j + 2].text.startswith("-"):
                break
            if ctx.verb_entry(nx) and (_clitic_after(ctx, nx.i, n) is not None or ctx.participle(nx)):
                break
        j += 1
    return j


def _lead_sentence(ctx: _Context, k: int) -> bool:
    """Token k is in the article's first sentence (a wire story's lead: the news itself)."""
    if ctx.lead_end is None:
        ctx.lead_end = len(ctx.sdoc)
        for t in ctx.sdoc:
            if (t.text in _END_PUNCT or "\n" in t.text) and ctx.is_end(t):
                ctx.lead_end = t.i
                break
    return k < ctx.lead_end


def _content_start(ctx: _Context, v, lemma: str, last: int) -> tuple[Optional[int], int, bool]:
    """Where the reported content of verb ``v`` (ending at token ``last``) starts, the token
    it cannot run past, and whether it is a verb's complement as data (a noun phrase or an
    infinitive, not a clause): a "que" / "that" clause shortly after the verb, a French infinitive, an
    English complement clause, or that complement."""
    n = len(ctx.sdoc)
    k = last + 1
    comp: Optional[int] = None
    ccomp_end = n
    while k < n and k - last <= 12:
        t = ctx.sdoc[k]
        if t.lower_ in ("que", "qu'", "qu’", "that") and (t.pos_ == "SCONJ" or t.dep_ == "mark" or ctx.lang == "fr"):
            comp = k + 1
            break
        if lemma in ctx.lex.question_verbs and t.lower_ in ctx.lex.question_openers | ctx.lex.question_wh:  # "asked ⟦whether X …⟧"
            clause = _question_clause(v, t)
            if clause is not None:
                comp, ccomp_end = k, clause.right_edge.i + 1
                break
            if t.lower_ in ctx.lex.question_openers:
                comp = k
                if t.head.i > k:
                    ccomp_end = t.head.right_edge.i + 1
                break
        if lemma in ctx.lex.question_verbs and t.lower_ in ctx.lex.question_preps and t.dep_ == "prep" and (
                t.head.i == v.i or (t.head.dep_ == "dobj" and t.head.head.i == v.i)):
            # "asked Trump about ⟦statements he had made⟧" (the parser may hang it on the person asked:
            # "asked the GOP frontrunner about ⟦the Twitter kerfuffle⟧"); a phrase of two words will do,
            # like a complement's ("Asked about ⟦Cruz's charges⟧, Rubio said …")
            return k + 1, t.right_edge.i + 1, True
        if ctx.is_stop(t) or t.text in (":",) or (t.pos_ in ("VERB", "AUX") and k > last + 1) or t.pos_ == "SCONJ":
            break
        k += 1
    if comp is None and ctx.lang == "fr":  # "Elle a dit craindre de nouvelles attaques."
        k = last + 1
        while k < n and (ctx.sdoc[k].text.startswith("-") or ctx.sdoc[k].pos_ == "ADV"):
            k += 1
        if k < n and ctx.sdoc[k].pos_ in ("VERB", "AUX") and "Inf" in ctx.sdoc[k].morph.get("VerbForm", []):
            comp = k
    if comp is None and ctx.lang == "en":
        for c in v.children:
            if c.dep_ == "ccomp" and c.i > last and not ctx.in_quote(c.i):
                # the clause's subject after the verb (not a relative pronoun before it the parser gave the
                # clause too: "a wall, which he said ⟦the Mexican government should pay for⟧")
                subj = [x for x in c.children if x.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and x.i > last]
                subj = subj or [x for a in c.children if a.dep_ in ("aux", "auxpass") and a.i > last for x in a.children
                                if x.dep_ in ("nsubj", "nsubjpass", "expl") and x.i > last]  # "said ⟦he’s had …⟧": the subject hung on "’s"
                if subj:
                    comp = subj[0].left_edge.i
                    if last < c.left_edge.i < comp:  # "says despite being an alumna, she plans …"
                        comp = c.left_edge.i
                    ccomp_end = c.right_edge.i + 1
                    for c2 in v.children:  # "told me ⟦he’s had a … life⟧": the clause's verb parsed as a second clause
                        if c2.dep_ == "ccomp" and c2.i > c.i and c2.left_edge.i == ccomp_end and not ctx.in_quote(c2.i):
                            ccomp_end = c2.right_edge.i + 1
                break
        if comp is None:
            rng = _misparsed_clause(ctx, v, last) or _relative_clause_content(ctx, v, last)
            if rng is not None:
                comp, ccomp_end = rng
    if comp is None and lemma in ctx.lex.complement:
        rng = _complement_range(ctx, v, lemma, last)
        if rng is not None:
            return rng[0], rng[1], True
    return comp, ccomp_end, False


_SUBJ_EN = ("nsubj", "nsubjpass", "expl")


def _question_clause(v, t):
    """The clause that question word ``t`` opens as a complement of verb ``v`` (its verb, a child
    of ``v``), None when ``t`` hangs elsewhere: a relative clause on the person asked ("asked the man
    who …") or a parse that does not reach ``v``."""
    c, steps = t, 0
    while c.head.i != v.i and c.head.i != c.i and steps < 8:
        c, steps = c.head, steps + 1
    if c.head.i != v.i or c.i == v.i or c.pos_ not in ("VERB", "AUX") or c.i < t.i:
        return None
    return c


def _finite_clause_verb(w) -> bool:
    """``w`` is a verb with a tense of its own (or a modal), not an infinitive or a participle; a
    passive's tense is its auxiliary's ("that he said ⟦was drafted⟧ by the firm")."""
    return w.pos_ in ("VERB", "AUX") and (w.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBD", "VBZ", "VBP") for c in w.children))


def _subordinated(w) -> bool:
    """Clause verb ``w`` opens with a conjunction or a wh-word ("when she resigned", "that …")."""
    return any(c.dep_ in ("mark", "advmod") and c.tag_ in ("IN", "WRB", "WDT") and c.i < w.i for c in w.children)


def _crosses(ctx: _Context, i: int, j: int) -> bool:
    """Tokens [i, j) hold a quotation mark or a sentence end (a parse run across them)."""
    return any(ctx.is_stop(t) for t in ctx.sdoc[i:j])


def _misparsed_clause(ctx: _Context, v, last: int) -> Optional[tuple[int, int]]:
    """Token range of an English content clause without "that" that the parser did not make the
    verb's clausal complement: its subject taken for the verb's object ("has said ⟦single people and
    families … would qualify⟧", "said ⟦about half of the adjustment reflected …⟧") or, a gerund, for
    the verb's own complement ("say ⟦taxing consumption encourages savings⟧"), the reporting verb taken for a modifier of the clause ("While he
    acknowledged ⟦funding was a major reason⟧, …"), or the clause taken for the verb's adverbial
    ("said after the convention ⟦he would not accept …⟧")."""
    n = len(ctx.sdoc)
    k = last + 1
    if k >= n or ctx.is_stop(ctx.sdoc[k]) or ctx.sdoc[k].text == ",":
        return None
    kids = list(v.children)
    obj = [c for c in kids if c.dep_ == "dobj" and c.left_edge.i == k]
    obj += [c for c in kids if c.dep_ == "prep" and c.i == k and any(  # "said ⟦about half of X reflected …⟧"
        x.dep_ == "pobj" and (x.lower_ in ctx.lex.quantities or x.like_num) for x in c.children)]
    ccomp = [c for c in kids if c.dep_ == "ccomp" and c.i > k and c.right_edge.i > c.i and _finite_clause_verb(c) and not _subordinated(c)
             and not any(x.dep_ in _SUBJ_EN for x in c.children)]
    if obj and ccomp and not _crosses(ctx, k, ccomp[0].right_edge.i + 1):
        return k, ccomp[0].right_edge.i + 1
    for x in kids:  # "said ⟦legalizing it could put …⟧": a gerund subject taken for the verb's own complement
        if x.dep_ != "xcomp" or x.i != k or x.tag_ != "VBG":
            continue
        inner = [c for c in x.children if c.dep_ == "ccomp" and c.i > x.i and _finite_clause_verb(c) and not _subordinated(c)]
        if inner and not _crosses(ctx, k, inner[0].right_edge.i + 1):
            return k, inner[0].right_edge.i + 1
    w = v.head
    if v.dep_ in ("advcl", "parataxis") and w.i > last and _finite_clause_verb(w) and not any(t.text == "," for t in ctx.sdoc[k : w.i]):
        subj = [x for x in w.children if x.dep_ in _SUBJ_EN and x.left_edge.i == k]
        if subj and not _crosses(ctx, k, w.right_edge.i + 1):
            return k, w.right_edge.i + 1
    for w in kids:
        if w.dep_ != "advcl" or w.i <= k or not _finite_clause_verb(w) or _subordinated(w) or _crosses(ctx, k, w.right_edge.i + 1):
            continue
        subj = [x for x in w.children if x.dep_ in _SUBJ_EN and x.i > last]
        if subj and subj[0].left_edge.i - k <= 5 and not any(t.text == "," or ctx.is_stop(t) for t in ctx.sdoc[k : subj[0].left_edge.i]):
            return subj[0].left_edge.i, w.right_edge.i + 1
    return None


def _relative_clause_content(ctx: _Context, v, last: int) -> Optional[tuple[int, int]]:
    """Token range of a relative clause whose reporting verb stands inside it, its relative
    pronoun the subject of the reported clause ("policies, ⟦which he said had harmed the
    economy⟧", "moves ⟦that he said improved Indiana's economy⟧"): the whole relative clause, as
    the attribution is annotated, the speaker being the verb's own subject."""
    lo = v.left_edge.i
    free = lo < v.i and ctx.sdoc[lo].lower_ in ctx.lex.free_relatives  # "displaying ⟦what many analysts said was a sign …⟧"
    if not free and (v.dep_ not in ("relcl", "acl:relcl") or v.head.i >= v.i):
        return None
    for c in v.children:
        if c.dep_ not in ("ccomp", "xcomp") or c.i <= last or ctx.in_quote(c.i) or not _finite_clause_verb(c):
            continue  # (an xcomp: "the drawdown, which they say ⟦left a vacuum⟧", misparsed)
        if any(x.dep_ in _SUBJ_EN and x.i > last for x in c.children):
            return None  # a clause with a subject of its own: found as such
        # a relative pronoun, or a relative clause without one whose first word is the verb's subject
        # ("a probe ⟦the agency said was ongoing⟧"; PolNeAR's content then also holds "a probe")
        contact = not free and any(x.dep_ in _SUBJ_EN and x.left_edge.i == lo for x in v.children)
        if lo >= v.i or (ctx.sdoc[lo].lower_ not in _RELATIVES | {"that"} and not free and not contact) or _crosses(ctx, lo, c.right_edge.i + 1):
            return None
        return lo, c.right_edge.i + 1
    return None


def _intro_frame(ctx: _Context, v, lemma: str, last: int, comp: int) -> Optional[Frame]:
    """The frame of a reporting verb introducing indirect speech: a participle, a clitic subject
    ("a-t-il dit que"), else the verb's subject; None without any subject. A question verb in the
    passive or as a bare participle ("was asked whether …", "Asked if …, X said") is a question
    frame: the asker is the agent ("asked by a host"), else unknown."""
    if lemma in ctx.lex.question_verbs and _asked_of_subject(ctx, v):
        agent = next((c for c in v.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ctx.lex.agent_markers)), None)
        obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        rng = (agent.i, _np_range(ctx, obj)[1]) if agent is not None and obj is not None else None
        return Frame(lemma, ctx.chars(v.i, last + 1), "question", speaker_range=rng)
    if ctx.participle(v) and not any(c.dep_.startswith("aux") for c in v.children):
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN") and v.head.i < v.i:  # "calls saying …", "a statement saying …"
            return Frame(lemma, ctx.chars(v.i, last + 1), "intro", speaker_range=_np_range(ctx, v.head, limit_hi=v.i))
        return Frame(lemma, ctx.chars(v.i, last + 1), "participle")
    clitic = _clitic_after(ctx, last, comp)
    if clitic is None:
        for c in v.children:
            if c.dep_.startswith("aux") and c.i < v.i:
                clitic = _clitic_after(ctx, c.i, v.i)
                if clitic is not None:
                    break
    if clitic is not None:
        return Frame(lemma, ctx.chars(v.i, last + 1), "intro", pronoun=clitic)
    rng, pron = _subject_of(ctx, v)
    if rng is None and pron is None:
        return None
    return Frame(lemma, ctx.chars(v.i, last + 1), "intro", speaker_range=rng, pronoun=pron)


def _asked_of_subject(ctx: _Context, v) -> bool:
    """Verb ``v`` puts its question to its subject rather than asking it: a passive ("he was
    asked"), or a past participle with neither subject nor auxiliary ("Asked if …", "when asked"),
    which the tagger may take for a past tense in the article's context; not a verb sharing the
    subject of another (a conjunct, an infinitive, a relative clause)."""
    if ctx.passive(v):
        return True
    if v.tag_ != "VBN" and (v.tag_ != "VBD" or v.dep_ in ("conj", "xcomp", "relcl", "acl:relcl", "ROOT")):
        return False
    return not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "csubj", "expl") for c in v.children)


def _finite_tag(w) -> str:
    """The tense tag of verb ``w``: its own when finite, else its first auxiliary's ("has championed" VBZ)."""
    if w.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return w.tag_
    return next((c.tag_ for c in w.children if c.dep_ in ("aux", "auxpass") and c.i < w.i), w.tag_)


def _second_report(ctx: _Context, v, comp: int, end: int) -> int:
    """Where the content [comp, end) of reporting verb ``v`` stops before the narrator's next
    clause that the parser coordinated inside it: a verb in the tense of ``v`` joined to a content
    verb of another tense (auxiliaries giving the tense: "insists ⟦the GOP must be a party of
    ideas⟧, and has championed …", "denies ⟦that the crime was a genocide⟧ and goes …"), a second
    report ("said ⟦he would order a review⟧ and warned against hackers", "admitted ⟦that …⟧, but said
    …") or a clause with its own subject ("says ⟦the mails were personal⟧, but for Republicans, it
    is a smoking gun")."""
    en = ctx.lang == "en"
    for x in v.children if en else ():  # "admitted ⟦that …⟧, but said …": the verb's own next clause
        if x.dep_ == "conj" and comp < x.i < end and x.pos_ in ("VERB", "AUX") and not any(c.dep_ == "mark" for c in x.children):
            ccs = [c.i for c in v.children if c.dep_ == "cc" and comp < c.i < x.i]
            end = max(comp, ccs[-1] if ccs else x.left_edge.i)
    tag = _finite_tag if en else (lambda w: w.tag_)
    tense = tag(v)
    for x in ctx.sdoc[comp:end]:
        if x.dep_ != "conj" or not comp <= x.head.i < x.i:
            continue
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in x.children)
        # ", and 4 in 10 said …"; "admitted that … but said his campaign …" (the speaker's next report)
        own_report = (own_subject or en) and ctx.verb_entry(x) and any(c.dep_ == "ccomp" for c in x.children)
        if not own_report and (tag(x) != tense or tag(x.head) == tense or not (en or ctx.verb_entry(x) or own_subject)):
            continue
        ccs = [c.i for c in x.head.children if c.dep_ == "cc" and c.i < x.i]
        return max(comp, min(end, ccs[-1] if ccs else x.i))
    return end


def _contrasted_report(ctx: _Context, comp: int, end: int) -> int:
    """Where the content [comp, end) stops before a contrasting clause that reports someone else
    (``contrast_report_markers``: "74 percent said ⟦they are set on him⟧, while 22 percent said …",
    "One says ⟦China has the most⟧, while another says …")."""
    for x in ctx.sdoc[comp + 1 : end - 1]:
        if x.text != "," or ctx.sdoc[x.i + 1].lower_ not in ctx.lex.contrast_markers:
            continue
        if any(ctx.verb_entry(y) and any(c.dep_ in _SUBJ_DEPS for c in y.children) for y in ctx.sdoc[x.i + 2 : end]):
            return x.i
    return end


_SUBORDINATE_EN = ("advcl", "pcomp")


def _subordinate_end(ctx: _Context, v) -> int:
    """Token index a reported clause cannot run past when its reporting verb heads a subordinate
    clause ("While Ramos said ⟦that journalists cannot …⟧, he appears …", "In addition to stating
    ⟦that …⟧, Clinton has vowed …", "After Obama announced ⟦that …⟧, U.S. forces bombed …"): the
    end of that clause, as the sentence's main clause is the narrator's. A verb opening with its
    conjunction ("While X said …") ends it at the next comma too, the parser often hanging the main
    clause under it."""
    n = len(ctx.sdoc)
    if ctx.lang != "en":
        return n
    end = v.right_edge.i + 1 if v.dep_ in _SUBORDINATE_EN else n
    if _subordinated(v) and v.i > 0 and v.left_edge.i == _sentence_start(ctx, v.i):
        end = min(end, next((t.i for t in ctx.sdoc[v.i + 1 : end] if t.text == "," or ctx.is_end(t)), end))
    return end


INTRO_MIN_WORDS = 3  # alphabetic words of a reported clause (or two making a clause of their own: _short_clause)


def _short_clause(toks) -> bool:
    """Two words that are a clause, a pronoun subject and its verb ("said ⟦she would⟧"), not a bare
    noun phrase ("confirmed ⟦the attack⟧", "reveal ⟦his whereabouts⟧"), which is rarely reported speech."""
    words = [t for t in toks if t.is_alpha]
    return len(words) == 2 and words[0].pos_ == "PRON" and words[1].pos_ in ("AUX", "VERB")


ANSWER_OBJECT_PREPOSITIONS = frozenset({"of", "for", "about", "to", "with"})  # "say ⟦the same of Sanders⟧", "say no to X": no bare answer


def _answer_content(ctx: _Context, lemma: str, last: int) -> Optional[tuple[int, int]]:
    """Token range of a one-word answer reported by a verb of ``answer_verbs`` right after it ("75
    percent of Democrats said ⟦yes⟧", "after 55 percent said ⟦so⟧ in December", "26 percent said ⟦the
    same⟧."): an ``answer_words`` phrase standing alone before a punctuation mark, a conjunction or an
    adverbial preposition (not "said so many times", "said no one", "say the same of Sanders")."""
    if lemma not in ctx.lex.answer_verbs:
        return None
    n = len(ctx.sdoc)
    for phrase in ctx.lex.answer_words:
        words = phrase.split()
        hi = last + 1 + len(words)
        if hi > n or [t.lower_ for t in ctx.sdoc[last + 1 : hi]] != words or any(ctx.in_quote(t.i) for t in ctx.sdoc[last + 1 : hi]):
            continue
        nxt = ctx.sdoc[hi] if hi < n else None
        if nxt is None or ctx.is_end(nxt) or nxt.pos_ in ("PUNCT", "CCONJ", "SCONJ", "SPACE") or (
                nxt.pos_ == "ADP" and nxt.lower_ not in ANSWER_OBJECT_PREPOSITIONS):
            return last + 1, hi
    return None


def _indirect_candidates(ctx: _Context) -> list[Candidate]:
    out: list[Candidate] = []
    n = len(ctx.sdoc)
    used_verbs: set[int] = set()
    for v in ctx.sdoc:
        if ctx.in_quote(v.i):
            continue
        entry = ctx.verb_entry(v)
        if not entry or _negated(v):
            continue
        lemma, last = entry
        answer = _answer_content(ctx, lemma, last)
        if answer is not None:  # "46 percent of voters said ⟦yes⟧", "after half said ⟦so⟧"
            frame = _intro_frame(ctx, v, lemma, last, answer[0])
            if frame is not None:
                a, b = ctx.chars(*answer)
                used_verbs.add(v.i)
                out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.8, ctx.starts[v.i]))
            continue
        comp, ccomp_end, complement = _content_start(ctx, v, lemma, last)
        if comp is None or comp >= n:
            continue
        while comp < n and ctx.sdoc[comp].pos_ == "SPACE":
            comp += 1
        if comp >= n or ctx.is_quote_tok(ctx.sdoc[comp]) or ctx.in_quote(comp):
            continue  # the content is a direct quote: found as such
        end = _second_report(ctx, v, comp, min(_clause_end(ctx, comp), ccomp_end, _subordinate_end(ctx, v)))
        end = _contrasted_report(ctx, comp, end)
        while end > comp and ctx.sdoc[end - 1].pos_ in ("PUNCT", "SPACE") and not ctx.is_quote_tok(ctx.sdoc[end - 1]):
            end -= 1
        if end <= comp:
            continue
        a, b = ctx.chars(comp, end)
        words = len([t for t in ctx.sdoc[comp:end] if t.is_alpha])
        need_words = ctx.lex.complement_min_words.get(lemma, ctx.lex.complement_min_words.get("", INTRO_MIN_WORDS)) if complement else INTRO_MIN_WORDS
        if words < need_words and not _short_clause(ctx.sdoc[comp:end]):
            continue
        frame = _intro_frame(ctx, v, lemma, last, comp)
        if frame is None:
            continue
        used_verbs.add(v.i)
        out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.8, ctx.starts[v.i]))
    out.extend(_tail_incise_candidates(ctx, used_verbs))
    out.extend(_as_clause_candidates(ctx, used_verbs, out))
    out.extend(_headline_candidates(ctx, out))
    out.extend(_headline_verb_candidates(ctx, out))
    lines = _speaker_line_candidates(ctx, out)
    out = [c for c in out if not any(x.start <= c.start and c.end <= x.end for x in lines)] + lines
    out.extend(_source_candidates(ctx, out))
    out.extend(_noun_frame_candidates(ctx, out))
    out.extend(_passive_subject_candidates(ctx, out))
    out.extend(_signed_post_candidates(ctx, out))
    return out


_SIGNED_POST = re.compile(r"(?:^|(?<=>)|(?<=\n))(?P<body>[^<>\n]{8,}?)[ \t]*[—–][ \t]*(?P<name>[^\n()<>—–]{2,60}?)[ \t]*\(@\w{1,30}\)", re.MULTILINE)
_POST_LINKS = re.compile(r"(?:\s*(?:https?://|pic\.twitter\.com/)\S*)+\s*$")


def _signed_post_candidates(ctx: _Context, existing: list[Candidate]) -> list[Candidate]:
    """An embedded post signed the way Twitter embeds are ("⟦No one should be above the law.⟧
    pic.twitter.com/… — Paul Ryan (@SpeakerRyan) July 5, 2016"): its text, links left out, said by
    the name of the signature."""
    out: list[Candidate] = []
    if not ctx.lex.signed_posts:
        return out
    for m in _SIGNED_POST.finditer(ctx.text):
        a, b = m.start("body"), m.end("body")
        b = a + len(_POST_LINKS.sub("", ctx.text[a:b]).rstrip())
        while a < b and ctx.text[a] in _STRIP:
            a += 1
        if len(re.findall(r"[^\W\d_]{2,}", ctx.text[a:b])) < INTRO_MIN_WORDS or _overlaps_quote(ctx, a, b) > 0.5:
            continue
        if any(c.start < b and a < c.end for c in existing + out):
            continue
        lo, hi = ctx.tok_from(m.start("name")), ctx.tok_before(m.end("name")) + 1
        if hi <= lo:
            continue
        frame = Frame(None, None, "intro", speaker_range=(lo, hi))
        out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.7, m.start("name")))
    return out


def _passive_subject_candidates(ctx: _Context, existing: list[Candidate]) -> list[Candidate]:
    """A reporting verb in the passive whose subject is what was reported and whose agent reported
    it ("⟦O'Malley's move⟧ was first reported by MSNBC")."""
    out: list[Candidate] = []
    for v in ctx.sdoc:
        if v.pos_ != "VERB" or v.lemma_.lower() not in ctx.lex.passive_subject_verbs or not ctx.passive(v) or ctx.in_quote(v.i) or _negated(v):
            continue
        subj = next((c for c in v.children if c.dep_ == "nsubjpass" and c.i < v.i), None)
        agent = next((c for c in v.children if c.dep_ == "agent" and c.i > v.i), None)
        obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subj is None or obj is None or subj.pos_ not in ("NOUN", "PROPN", "PRON") or subj.lower_ in _RELATIVES | {"it", "that"}:
            continue
        lo, hi = subj.left_edge.i, subj.right_edge.i + 1
        if _crosses(ctx, lo, v.i) or ctx.in_quote(lo):
            continue
        a, b = ctx.chars(lo, hi)
        if any(c.start < b and a < c.end for c in existing + out) or _overlaps_quote(ctx, a, b) > 0:
            continue
        frame = Frame(v.lemma_.lower(), ctx.chars(v.i, v.i + 1), "intro", speaker_range=_np_range(ctx, obj))
        out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.6, ctx.starts[v.i]))
    return out


def _noun_frame_content(t, o) -> Optional[tuple[int, int]]:
    """Token range of the content that opener ``o`` starts after speech noun ``t``: a "for" / "of"
    phrase, a "that" clause, a "to" infinitive; None when ``o`` opens something else (a relative
    "that", a phrase hanging on another word)."""
    if o.lower_ == "that":
        h = o.head
        if o.dep_ != "mark" or h.pos_ not in ("VERB", "AUX") or h.i <= o.i:
            return None
        return o.i, h.right_edge.i + 1
    if o.lower_ == "to":
        h = o.head
        if o.dep_ != "aux" or h.pos_ not in ("VERB", "AUX") or h.i <= o.i or h.head.i != t.i:
            return None
        return o.i, h.right_edge.i + 1
    if o.dep_ == "mark" and o.head.pos_ in ("VERB", "AUX") and o.head.i > o.i and any(a.i == t.i for a in o.head.ancestors):
        return o.i + 1, o.head.right_edge.i + 1  # "a call for ⟦the United States to accept …⟧"
    if o.dep_ != "prep" or not any(a.i == t.i for a in o.ancestors) or o.right_edge.i <= o.i:
        return None
    return o.i + 1, o.right_edge.i + 1


def _noun_frame_speaker(ctx: _Context, t) -> Optional[Frame]:
    """Who speaks through speech noun ``t``: its possessor ("Pence's call", "his promises"), the
    names before it ("Republican calls", "the DOJ demand", "a New York Times report"), a "by" phrase
    after it, or the subject of a verb that takes it as object ("sounded a call for")."""
    verb = (ctx.starts[t.i], ctx.ends[t.i])
    for c in t.children:
        if c.dep_ == "poss" and c.i < t.i:
            if c.pos_ == "PRON":
                return Frame(t.lemma_.lower(), verb, "intro", pronoun=c.i) if c.lower_ in ctx.lex.possessives else None
            lo, hi = _np_range(ctx, c, limit_hi=t.i)
            while hi > lo and ctx.sdoc[hi - 1].tag_ == "POS":
                hi -= 1
            return Frame(t.lemma_.lower(), verb, "intro", speaker_range=(lo, hi)) if hi > lo else None
    names = [c for c in t.children if c.i < t.i and c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ") and c.text[:1].isupper()]
    if names:
        lo = min(c.left_edge.i for c in names)
        hi = max(c.right_edge.i for c in names) + 1
        if all(x.pos_ in ("PROPN", "ADJ", "PUNCT", "SYM", "NOUN") for x in ctx.sdoc[lo:hi]) and not ctx.sdoc[lo].is_sent_start:
            return Frame(t.lemma_.lower(), verb, "intro", speaker_range=(lo, hi))
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ctx.lex.agent_markers:
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is not None:
                return Frame(t.lemma_.lower(), verb, "intro", speaker_range=_np_range(ctx, obj))
    h = t.head
    if t.dep_ == "dobj" and h.pos_ == "VERB" and h.lemma_.lower() in ctx.lex.noun_frame_verbs:
        rng, pron = _subject_of(ctx, h)
        if rng is not None or pron is not None:
            return Frame(t.lemma_.lower(), verb, "intro", speaker_range=rng, pronoun=pron)
    return None


def _noun_frame_candidates(ctx: _Context, existing: list[Candidate]) -> list[Candidate]:
    """Reported content after a noun of speech ("Pence's call for ⟦a special prosecutor⟧", "a demand,
    by Nancy Pelosi, ⟦that the legislation include …⟧", "his promises ⟦to stick it to the rich⟧")."""
    out: list[Candidate] = []
    frames = ctx.lex.noun_frames
    if not frames:
        return out
    n = len(ctx.sdoc)
    for t in ctx.sdoc:
        if t.pos_ != "NOUN" or ctx.in_quote(t.i):
            continue
        openers = frames.get(t.lemma_.lower())
        if not openers:
            continue
        o = None
        for j in range(t.i + 1, min(n, t.i + 12)):
            x = ctx.sdoc[j]
            if x.lower_ in openers:
                o = x
                break
            if ctx.is_stop(x) or not (x.text == "," or x.head.i == t.i and x.dep_ in ("npadvmod", "prep") or ctx.temporal(x)
                                      or any(a.i == t.i for a in x.ancestors) and x.text != "that"):
                break
        if o is None:
            continue
        rng = _noun_frame_content(t, o)
        if rng is None:
            continue
        lo, hi = rng
        while hi > lo and ctx.sdoc[hi - 1].pos_ in ("PUNCT", "SPACE") and not ctx.is_quote_tok(ctx.sdoc[hi - 1]):
            hi -= 1
        if hi <= lo or _crosses(ctx, lo, hi) or ctx.in_quote(lo) or ctx.is_quote_tok(ctx.sdoc[lo]):
            continue
        if len([x for x in ctx.sdoc[lo:hi] if x.is_alpha]) < ctx.lex.noun_frame_min_words:
            continue
        a, b = ctx.chars(lo, hi)
        if any(c.start < b and a < c.end for c in existing + out) or _overlaps_quote(ctx, a, b) > 0:
            continue
        frame = _noun_frame_speaker(ctx, t)
        if frame is None:
            continue
        out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.6, ctx.starts[t.i]))
    return out


AS_ADJUNCT_TOKENS = 5  # tokens of an adjunct after the verb of an "as X reported" clause ("in his book The Russians")


def _as_clause_range(ctx: _Context, mark: int, last: int) -> Optional[tuple[int, int]]:
    """Token range of the main clause an "as X noted" clause (its marker at ``mark``, its verb
    ending at ``last``) attributes: after its comma when it opens the sentence, else before it
    when it ends the sentence."""
    n = len(ctx.sdoc)
    s = _sentence_start(ctx, mark)
    adjunct = ("ADV", "NOUN", "PROPN", "ADP", "DET", "PRON")  # "as Hedrick Smith reported ⟦in his The Russians⟧, …"
    if all(x.pos_ in ("CCONJ", "PUNCT", "ADV") for x in ctx.sdoc[s:mark]):
        j = last + 1
        while j < n and j - last <= AS_ADJUNCT_TOKENS and ctx.sdoc[j].text != "," and ctx.sdoc[j].pos_ in adjunct:
            j += 1
        if j >= n or ctx.sdoc[j].text != ",":
            return None
        return j + 1, _clause_end(ctx, j + 1)
    j = last + 1
    while j < n and j - last <= AS_ADJUNCT_TOKENS and not ctx.is_end(ctx.sdoc[j]) and ctx.sdoc[j].text != "," and ctx.sdoc[j].pos_ in adjunct:
        j += 1
    if mark == 0 or ctx.sdoc[mark - 1].text != ",":
        return None
    if j < n and ctx.sdoc[j].text == "," and j + 1 < n and not ctx.is_end(ctx.sdoc[j + 1]):
        # between commas inside the sentence, the clause after it ("given that, as The Times reported on
        # Saturday, ⟦he has already emerged as an influential adviser⟧")
        return j + 1, _clause_end(ctx, j + 1)
    if j < n and not ctx.is_end(ctx.sdoc[j]):
        return None
    return s, mark - 1


def _as_clause_candidates(ctx: _Context, used: set[int], existing: list[Candidate]) -> list[Candidate]:
    """ "As the International Business Times noted, Clinton raised $1.1 million …" /
    "… if he starts winning, as Clyburn noted." """
    out: list[Candidate] = []
    if not ctx.lex.as_markers:
        return out
    for v in ctx.sdoc:
        entry = ctx.verb_entry(v)
        if not entry or v.i in used or ctx.in_quote(v.i) or _negated(v):
            continue
        marks = [c for c in v.children if c.dep_ == "mark" and c.lower_ in ctx.lex.as_markers and c.i < v.i]
        if not marks:
            continue
        lemma, last = entry
        rng = _as_clause_range(ctx, marks[0].i, last)
        if rng is None or rng[1] <= rng[0]:
            continue
        a, b = ctx.chars(*rng)
        content = ctx.sdoc[rng[0] : rng[1]]
        if (_overlaps_quote(ctx, a, b) > 0.5 or not _has_finite_verb(content) or len([x for x in content if x.is_alpha]) < 3
                or any(c.start < b and a < c.end for c in existing + out)):
            continue
        subj, pron = _subject_of(ctx, v)
        if subj is None and pron is None:  # "As reported by Western Journalism, …": the passive's agent
            agent = next((c for c in v.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ctx.lex.agent_markers)), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            subj = _np_range(ctx, obj) if obj is not None else None
        if subj is None and pron is None:
            continue
        used.add(v.i)
        frame = Frame(lemma, ctx.chars(v.i, last + 1), "intro", speaker_range=subj, pronoun=pron)
        out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.75, ctx.starts[v.i]))
    return out


def _headline_candidates(ctx: _Context, existing: list[Candidate]) -> list[Candidate]:
    """ "Graham: Trump's rhetoric destroying GOP's chance." - a title line (the text's first line)
    whose few capitalised words before a colon name who said what follows."""
    rubrics = ctx.lex.headline_rubrics
    line_end = ctx.text.find("\n")
    if rubrics is None or line_end <= 0 or not len(ctx.sdoc):
        return []
    colon = next((t for t in ctx.sdoc if t.text == ":" and t.idx < line_end), None)
    if colon is None or not 0 < colon.i <= ctx.lex.headline_words or ctx.in_quote(colon.i):
        return []
    prefix = ctx.sdoc[0 : colon.i]
    if not prefix[0].text[:1].isupper() or prefix.text.lower() in rubrics or any(ctx.is_end(t) or t.pos_ in ("VERB", "AUX") for t in prefix):
        return []
    end = ctx.tok_before(line_end) + 1
    while end > colon.i + 1 and ctx.sdoc[end - 1].pos_ in ("PUNCT", "SPACE") and not ctx.is_quote_tok(ctx.sdoc[end - 1]):
        end -= 1
    content = ctx.sdoc[colon.i + 1 : end]
    if len([t for t in content if t.is_alpha]) < 3:
        return []
    a, b = ctx.chars(colon.i + 1, end)
    if _overlaps_quote(ctx, a, b) > 0.5 or any(c.start < b and a < c.end for c in existing):
        return []
    frame = Frame(":", ctx.chars(colon.i, colon.i + 1), "intro", speaker_range=(0, colon.i))
    return [Candidate(False, a, b, ctx.text[a:b], frame, 0.7, ctx.starts[colon.i])]


def _speaker_line_candidates(ctx: _Context, existing: list[Candidate]) -> list[Candidate]:
    """ "CLINTON: Honestly, I mean, I just believe …" / "Q: Did the service take care of you?" - a
    transcript's paragraph opening with its speaker's name and a colon (``speaker_lines``): the rest
    of the paragraph is what the speaker said."""
    rejected = ctx.lex.speaker_line_rejected
    out: list[Candidate] = []
    if rejected is None:
        return out
    for pa, pb in _paragraphs(ctx.text)[1:]:
        lo, end = ctx.tok_from(pa), ctx.tok_before(pb) + 1
        colon = next((k for k in range(lo, min(end, lo + ctx.lex.speaker_line_words + 1)) if ctx.sdoc[k].text == ":"), None)
        if colon is None or colon == lo or ctx.in_quote(colon) or not _speaker_label(ctx, lo, colon, rejected):
            continue
        while end > colon + 1 and ctx.sdoc[end - 1].pos_ in ("PUNCT", "SPACE") and not ctx.is_quote_tok(ctx.sdoc[end - 1]):
            end -= 1
        content = ctx.sdoc[colon + 1 : end]
        if len([x for x in content if x.is_alpha]) < 3 or not _has_finite_verb(content):
            continue
        a, b = ctx.chars(colon + 1, end)
        if _overlaps_quote(ctx, a, b) > 0.5 or any(c.start < b and a < c.end and not a <= c.start <= c.end <= b for c in existing):
            continue  # a frame inside the line is superseded by it ("CLINTON: … I believe ⟦…⟧ …")
        frame = Frame(":", ctx.chars(colon, colon + 1), "intro", speaker_range=(lo, colon))
        out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.7, ctx.starts[colon]))
    return out


def _speaker_label(ctx: _Context, lo: int, hi: int, rejected: frozenset[str]) -> bool:
    """Tokens [lo, hi) before a paragraph's colon name a speaker: capitalised words, no verb,
    no punctuation but a name's dot or hyphen, not one of the ``rejected`` labels of ``speaker_lines``."""
    toks = ctx.sdoc[lo:hi]
    if toks.text.lower().replace("’", "'") in rejected or any(t.pos_ in ("VERB", "AUX") for t in toks):
        return False
    return all(t.text[:1].isupper() or t.text in (".", "-", "'s", "’s") for t in toks)


def _headline_verb_at(ctx: _Context, lo: int, hi: int) -> Optional[tuple[int, int, str]]:
    """(first, last token, verb) of the first ``headline_verbs`` entry in tokens [lo, hi)."""
    for i in range(lo, hi):
        first = ctx.sdoc[i].lower_
        for words in ctx.lex.headline_verbs:
            if i + len(words) <= hi and (not words or words[0] == first) \
                    and all(ctx.sdoc[i + k].lower_ == w for k, w in enumerate(words)):
                return i, i + len(words) - 1, " ".join(words)
    return None


def _title_speaker(ctx: _Context, lo: int, hi: int) -> bool:
    """Tokens [lo, hi) can name a title line's speaker: a few words, the first capitalised, no
    punctuation, relative pronoun or quotation mark among them."""
    toks = ctx.sdoc[lo:hi]
    return (0 < len(toks) <= ctx.lex.headline_speaker_words and toks[0].text[:1].isupper()
            and not any(t.is_punct or t.lower_ in _RELATIVES or ctx.is_quote_tok(t) for t in toks))


def _headline_verb_candidates(ctx: _Context, existing: list[Candidate]) -> list[Candidate]:
    """ "Flynn says Trump 'absolutely right' …" / "Trump Could Address Clean Energy, Lindsey Graham
    Says." - a title line (the text's first line, after a rubric such as "The Latest:") whose
    reporting verb spaCy's parse of title case misses; see ``headline_verbs``."""
    line_end = ctx.text.find("\n")
    if not ctx.lex.headline_verbs or line_end <= 0 or not len(ctx.sdoc):
        return []
    end = ctx.tok_before(line_end) + 1
    while end > 0 and (ctx.sdoc[end - 1].is_punct or ctx.sdoc[end - 1].is_space) and not ctx.is_quote_tok(ctx.sdoc[end - 1]):
        end -= 1
    lo = 0
    colon = next((t.i for t in ctx.sdoc[:end] if t.text == ":"), None)
    if colon is not None and ctx.lex.headline_rubrics is not None and ctx.sdoc[:colon].text.lower() in ctx.lex.headline_rubrics:
        lo = colon + 1
    found = _headline_verb_at(ctx, lo, end)
    if found is None or end - lo > 30:
        return []
    first, last, verb = found
    if last == end - 1 and first - 1 > lo:  # "…, Lindsey Graham Says."
        comma = next((k for k in range(first - 1, lo, -1) if ctx.sdoc[k].text == ","), None)
        if comma is None or not _title_speaker(ctx, comma + 1, first):
            return []
        speaker, content = (comma + 1, first), (lo, comma)
    else:
        s = lo
        for k in range(lo, first):  # "Railing Against Trump, ⟦Sanders⟧ Vows …"
            if ctx.sdoc[k].text == ",":
                s = k + 1
        if not _title_speaker(ctx, s, first):
            return []
        speaker, content = (s, first), (last + 1, end)
    if len([t for t in ctx.sdoc[content[0] : content[1]] if t.is_alpha]) < 3:
        return []
    a, b = ctx.chars(*content)
    clash = [c for c in existing if c.start < b and a < c.end]
    for c in clash:  # the parse took the rubric for the subject: "⟦The Latest⟧: Trump urges …"
        if c.frame.speaker_range is not None and c.frame.speaker_range[1] <= lo:
            c.frame = replace(c.frame, speaker_range=speaker)
    if _overlaps_quote(ctx, a, b) > 0.5 or clash:
        return []
    frame = Frame(verb, ctx.chars(first, last + 1), "intro", speaker_range=speaker)
    return [Candidate(False, a, b, ctx.text[a:b], frame, 0.7, ctx.starts[first])]


_COMPLEMENT_DEPS = ("dobj", "dative", "xcomp", "ccomp", "oprd")


def _complement_range(ctx: _Context, v, lemma: str, last: int) -> Optional[tuple[int, int]]:
    """Token range [lo, hi) of a noun-phrase or infinitive content ("called for ⟦the repeal of X⟧",
    "urged ⟦supporters to vote⟧", "accused ⟦X of Y⟧") of a verb of ``complement_verbs``: its
    complements right after it, one of the needed kinds among them."""
    preps, need = ctx.lex.complement[lemma]
    parts, kinds = [], set()
    for c in v.children:
        if c.i <= last or ctx.in_quote(c.i):
            continue
        if c.dep_ in _COMPLEMENT_DEPS:
            if c.dep_ == "dobj" and c.lower_ in ctx.lex.complement_rejected:
                continue  # "said ⟦nothing⟧"
            if c.dep_ == "xcomp" and c.right_edge.i - c.left_edge.i < 10 and any(
                    t.lower_ in ctx.lex.complement_anonymous for t in c.subtree):
                return None  # "who asked ⟦not to be named⟧": a request for anonymity reports nothing
            if c.dep_ == "ccomp" and c.left_edge.i == c.right_edge.i:
                return None  # a clause misread, its verb alone ("Says ⟦Trump’s Bigotry⟧ ⟦Does⟧n’t ‘Fit …’")
            parts.append((c.left_edge.i, c.right_edge.i + 1))
            kinds.add(c.dep_)
        elif c.dep_ == "prep" and c.i == last + 1 and c.lower_ in preps:  # "called for ⟦…⟧"
            parts.append((c.i + 1, c.right_edge.i + 1))
            kinds.add("prep")
        elif _opened_by(ctx, c, last, preps):  # "calling for ⟦the United States to step up …⟧" (a for-to clause)
            parts.append((c.left_edge.i + 1, c.right_edge.i + 1))
            kinds.add("prep")
        elif c.dep_ == "prep" and "+" + c.lower_ in preps:  # "accused ⟦X of …⟧"
            parts.append((c.left_edge.i, c.right_edge.i + 1))
            kinds.add("prep")
    if not parts or not kinds & need:
        return None
    lo, hi = min(p[0] for p in parts), max(p[1] for p in parts)
    if lo - last > 3 or any(ctx.is_stop(t) for t in ctx.sdoc[last + 1 : lo]):
        return None
    if "dobj" in kinds:  # "announced ⟦his engagement to X⟧", "reported ⟦20 victims at a center⟧": the parser hangs the phrase on the verb
        more = True
        while more:
            more = False
            for c in v.children:
                if c.dep_ == "prep" and c.i == hi and c.right_edge.i >= hi and not ctx.in_quote(c.i) and not _crosses(ctx, hi, c.right_edge.i + 1) \
                        and not any(ctx.temporal(x) for x in c.children if x.dep_ == "pobj"):
                    hi, more = c.right_edge.i + 1, True
    return lo, hi


def _opened_by(ctx: _Context, c, last: int, preps) -> bool:
    """Clause ``c`` opens with one of the verb's prepositions as its conjunction right after the
    verb (ending at ``last``) or after a temporal noun ("called Wednesday for ⟦X to resign⟧")."""
    lo = c.left_edge
    if c.dep_ not in ("advcl", "ccomp", "xcomp") or lo.dep_ != "mark" or lo.head.i != c.i or lo.lower_ not in preps:
        return False
    return all(t.dep_ == "npadvmod" or t.head.dep_ == "npadvmod" for t in ctx.sdoc[last + 1 : lo.i])


def _sentence_start(ctx: _Context, k: int) -> int:
    """Token index where the sentence (or paragraph, or text after a quote) holding k begins."""
    j = k
    while j > 0:
        p = ctx.sdoc[j - 1]
        if ctx.is_end(p) or ctx.sdoc[j].is_sent_start or ctx.in_quote(j - 1):
            break
        j -= 1
    while j < k and ctx.sdoc[j].pos_ in ("SPACE", "PUNCT"):
        j += 1
    return j


def _verb_after_comma(ctx: _Context, comma: int):
    """The reporting verb after the comma at token ``comma``, with at most its subject in
    between: (verb token, (lemma, last token)) or None."""
    n = len(ctx.sdoc)
    k = comma + 1
    while k < n and k - comma <= 16:
        x = ctx.sdoc[k]
        if ctx.is_stop(x) or x.text == ":" or (x.pos_ == "VERB" and not ctx.verb_entry(x)):
            return None
        e = ctx.verb_entry(x)
        if e:
            if ctx.lang == "en" and any(y.pos_ in ("VERB", "AUX") and y.dep_ in ("ccomp", "conj", "parataxis") and y.head.i == x.i
                                        for y in ctx.sdoc[comma + 1 : x.i]):
                return None  # the verb's reported clause stands between ("…, ⟦the race will be tight⟧, said X"): a later comma is the incise's
            return (x, e)
        k += 1
    return None


def _inverted_subject_relative(ctx: _Context, v, last: int, j: int) -> bool:
    """Verb token ``j`` stands in a relative clause of the subject inverted after reporting verb ``v``
    ("…, said a handful of Democrats who point to his ties with organized labor.")."""
    subj = [c for c in v.children if c.dep_ == "nsubj" and last < c.i < j]
    if not subj:
        return False
    w, relative = ctx.sdoc[j], False
    while w.i != subj[0].i:
        if w.head.i == w.i or w.i == v.i:
            return False
        relative = relative or w.dep_ in ("relcl", "acl:relcl")
        w = w.head
    return relative


def _tail_incise_frame(ctx: _Context, comma: int, v, lemma: str, last: int, j: int) -> Optional[Frame]:
    """The frame of a sentence-final incise after the comma at ``comma``: a clitic or pronoun
    subject, the subject between the comma and the verb, or an inverted subject after it."""
    clitic = _clitic_after(ctx, last, j)
    if clitic is None:
        for c in v.children:
            if c.dep_.startswith("aux") and c.i < v.i:
                clitic = _clitic_after(ctx, c.i, v.i)
    pre = [x for x in ctx.sdoc[comma + 1 : v.i] if x.pos_ not in ("AUX", "ADV", "PART") and not x.text.startswith("-")]
    if clitic is not None:
        return Frame(lemma, ctx.chars(v.i, last + 1), "incise", pronoun=clitic)
    if len(pre) == 1 and ctx.pron(pre[0]):
        return Frame(lemma, ctx.chars(v.i, last + 1), "incise", pronoun=pre[0].i)
    if pre:
        if any(x.lower_ in _RELATIVES for x in pre):
            return None
        subj = [c for c in v.children if c.dep_ in ("nsubj",) and comma < c.i < v.i]
        if subj:
            if subj[0].left_edge.i != pre[0].i:
                return None  # more than the subject between the comma and the verb
            rng = _np_range(ctx, subj[0], limit_lo=comma + 1, limit_hi=v.i)
        elif all(x.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM", "ADP", "PUNCT") for x in pre) and pre[0].pos_ in ("DET", "NOUN", "PROPN", "ADJ", "NUM"):
            hi = v.i
            while hi > pre[0].i and ctx.sdoc[hi - 1].pos_ in ("PUNCT", "AUX", "ADV", "PART"):
                hi -= 1
            rng = (pre[0].i, hi)
        else:
            return None
        return Frame(lemma, ctx.chars(v.i, last + 1), "incise", speaker_range=rng)
    inv = _inverted_subject(ctx, v, j)
    if inv is None:
        return None
    return Frame(lemma, ctx.chars(v.i, last + 1), "incise", speaker_range=inv)


def _tail_incise_candidates(ctx: _Context, used: set[int]) -> list[Candidate]:
    """ "L'attaque a fait cinq morts, a indiqué la police." / "Five died, police said." """
    out: list[Candidate] = []
    n = len(ctx.sdoc)
    for t in ctx.sdoc:
        if t.text != "," or ctx.in_quote(t.i) or t.i + 1 >= n:
            continue
        verb = _verb_after_comma(ctx, t.i)
        if verb is None:
            continue
        v, (lemma, last) = verb
        if v.i in used or ctx.participle(v) or _negated(v) or _lead_sentence(ctx, t.i):
            continue
        # after the verb: an inverted subject / a complement, then the sentence end or a comma
        j = last + 1
        while j < n and not ctx.is_stop(ctx.sdoc[j]) and ctx.sdoc[j].text not in (":", ",") and j - last < 16:
            if ctx.sdoc[j].lower_ in ("que", "qu'", "qu’", "that") or ctx.sdoc[j].pos_ == "VERB":
                if ctx.lang == "en" and ctx.sdoc[j].pos_ == "VERB" and _inverted_subject_relative(ctx, v, last, j):
                    j += 1  # "…, said a handful of Democrats ⟦who point to …⟧."
                    continue
                break
            j += 1
        if j < n and not (ctx.is_end(ctx.sdoc[j]) or ctx.sdoc[j].text == ","):
            continue
        s = _sentence_start(ctx, t.i)
        if s >= t.i:
            continue
        a, b = ctx.chars(s, t.i)
        content = ctx.sdoc[s : t.i]
        tail = _tail_after_incise(ctx, j, s, t.i)
        whole = list(content) + (list(ctx.sdoc[ctx.tok_from(tail[0]) : ctx.tok_before(tail[1]) + 1]) if tail else [])
        if _overlaps_quote(ctx, a, b) > 0 or not _has_finite_verb(whole) or len([x for x in whole if x.is_alpha]) < 4:
            continue
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")]
        if any(s <= c.i < t.i and (tail is None or c.left_edge.i <= s) for c in subjects) and not any(t.i < c.i < v.i for c in subjects):
            continue  # the "content" is the verb's own subject (not "To understand ⟦Dred Scott⟧, Roberts said, …", misparsed;
            # nor "… for people with like-minded, if bogus, ideas …, she said", whose subject stands after the comma)
        if not _has_finite_verb([x for x in content if x.dep_ not in ("acl:relcl", "relcl", "acl")]) and tail is None:
            continue  # only a relative clause: "Le public, qui a applaudi, a salué …" (not "The museum, Mr. Bush said, celebrated …")
        frame = _tail_incise_frame(ctx, t.i, v, lemma, last, j)
        if frame is None:
            continue
        used.add(v.i)
        if tail is None:
            out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.75, ctx.starts[v.i]))
        else:  # "A, X said, B": the content is A and B, the incise left out
            ta, tb = tail
            text = ctx.text[a:b] + " " + ctx.text[ta:tb]
            out.append(Candidate(False, a, tb, text, frame, 0.75, ctx.starts[v.i], [(b, ta)]))
    return out


_TAIL_STOPS = (":", "–", "—", "--", "―")


def _tail_after_incise(ctx: _Context, j: int, lo: int, comma: int) -> Optional[tuple[int, int]]:
    """The rest of the sentence after a mid-sentence incise ("Trump's skepticism has hurt him,
    Graham said, since young voters accept the science"): characters from after the comma at
    token ``j`` to the sentence end, when it is a clause that goes on (a finite verb, not a
    participle or a relative clause of its own, no quotation mark), or a phrase hung on the content's
    clause (tokens [lo, comma) before the incise)."""
    n = len(ctx.sdoc)
    if j >= n or ctx.sdoc[j].text != ",":
        return None
    e = j + 1
    en = ctx.lang == "en"
    while e < n and not ctx.is_end(ctx.sdoc[e]) and not ctx.is_quote_tok(ctx.sdoc[e]) and ctx.sdoc[e].text not in (_TAIL_STOPS if en else (":",)):
        e += 1
    if en:
        while e > j + 1 and ctx.sdoc[e - 1].text in (",", ";"):
            e -= 1  # a clause before a colon, a dash or a quote ("email has helped her stay in touch – although …")
    rest = ctx.sdoc[j + 1 : e]
    if not rest or (not en and e < n and not ctx.is_end(ctx.sdoc[e])):
        return None
    first = rest[0]
    gerund_subject = first.tag_ == "VBG" and first.dep_ in ("csubj", "csubjpass", "nsubj")  # ", ⟦replacing her would be …⟧"
    if first.lower_ in _RELATIVES or ((ctx.participle(first) or first.tag_ == "VBG") and not gerund_subject):
        return None
    root = first
    while j < root.head.i < e and root.head.i != root.i:
        root = root.head
    if en and root.head.i != root.i and root.head.i <= j:
        if lo <= root.head.i < comma:  # a phrase of the content's clause going on ("The argument would be aided, Devine said, ⟦by the calendar⟧")
            if root.dep_ == "prep" and any(c.dep_ == "pcomp" for c in root.children):
                return None  # the report's own adverbial ("…, an official said, without giving figures")
            return ctx.chars(j + 1, e)
        if root.pos_ not in ("VERB", "AUX"):
            return None  # the speaker's apposition (", said David Autor, ⟦a professor at M.I.T.⟧ He …"), not the content going on
    if not _has_finite_verb(rest):
        return None
    return ctx.chars(j + 1, e)


def _overlaps_quote(ctx: _Context, a: int, b: int) -> float:
    covered = sum(max(0, min(b, qe) - max(a, qs)) for qs, qe in ctx.quoted)
    return covered / max(1, b - a)


def _postmodifier_end(ctx: _Context, j: int, np_lo: Optional[int] = None) -> int:
    """Where a source's noun phrase really ends when a participle or a relative clause modifies it
    ("according to a poll released last week.", "according to a database tracking such deaths."):
    the sentence end or comma after token ``j`` when no finite verb stands before it, else ``j``.
    In English a finite relative clause of the phrase (tokens [np_lo, j)) ends it too ("according to a
    Crossroads official who wasn't authorized to speak publicly.", "according to the document he
    released."): every token up to that end hangs, in the parse, from a word of the phrase."""
    n = len(ctx.sdoc)
    if j >= n or ctx.is_end(ctx.sdoc[j]) or ctx.sdoc[j].text == ",":
        return j
    e = j
    relative = ctx.lang == "en" and np_lo is not None
    while e < n and not ctx.is_end(ctx.sdoc[e]) and ctx.sdoc[e].text != "," and e - j < 20:
        if ctx.is_quote_tok(ctx.sdoc[e]) or (ctx.sdoc[e].lower_ in ("que", "qu'") or (ctx.sdoc[e].lower_ == "that" and not relative)):
            return j
        e += 1
    if e - j >= 20:
        return j
    if _has_finite_verb(ctx.sdoc[j:e]):
        if not relative or not all(_hangs_from(ctx.sdoc[x], np_lo or 0, j) for x in range(j, e)):
            return j
    return e


def _hangs_from(t, lo: int, hi: int) -> bool:
    """Token ``t`` is a word of tokens [lo, hi) or depends, through its heads, on one of them."""
    while True:
        if lo <= t.i < hi:
            return True
        if t.head.i == t.i:
            return False
        t = t.head


def _nested_report(c: Candidate, a: int, b: int) -> bool:
    """Indirect speech ``c`` lies inside the content [a, b) of a source marker, which attributes
    the whole sentence ("⟦More than 6 in 10 voters said that Wall Street hurts the economy⟧,
    according to exit polls"): both are kept."""
    return not c.direct and a <= c.start and c.end <= b and (c.start, c.end) != (a, b)


def _last_conjunct(ctx: _Context, s: int, e: int) -> int:
    """Where the content before a closing "according to X" starts in tokens [s, e): after the sentence's
    last colon or semicolon, or its last ", and" before a clause ("… forwarded messages, and ⟦he sometimes
    added content⟧, according to the sources"): the source vouches for the last clause only."""
    lo = s
    for t in ctx.sdoc[s:e]:
        if ctx.in_quote(t.i):
            continue
        if t.text in (":", ";") and t.i + 1 < e:
            lo = t.i + 1
        elif t.lower_ == "and" and t.i > lo and ctx.sdoc[t.i - 1].text == "," and t.head.pos_ in ("VERB", "AUX") \
                and t.head.i < t.i and any(c.dep_ == "conj" and c.i > t.i for c in t.head.children):
            lo = t.i + 1
    return lo if _has_finite_verb(ctx.sdoc[lo:e]) else s


def _source_candidates(ctx: _Context, existing: list[Candidate]) -> list[Candidate]:
    """ "Selon la police, cinq personnes ont été tuées." / "Five died, according to police."

    In a wire story's lead sentence the attribution belongs to the news itself, not a quote:
    such a candidate is kept only so its speaker can be referred to later."""
    out: list[Candidate] = []
    n = len(ctx.sdoc)
    k = 0
    while k < n:
        m = _match_marker(ctx, k)
        if not m or ctx.in_quote(k):
            k += 1
            continue
        np = _source_np(ctx, k + m, n)
        if np is None:
            k += 1
            continue
        s = _sentence_start(ctx, k)
        emit = True
        tail: Optional[tuple[int, int]] = None
        real_start = s == 0 or ctx.is_end(ctx.sdoc[s - 1]) or ctx.sdoc[s].is_sent_start
        if real_start and (s == k or all(x.pos_ in ("CCONJ", "PUNCT", "ADV") for x in ctx.sdoc[s:k])):
            # sentence-initial: the content follows the phrase (after its comma)
            c0 = np[1]
            j = np[1]
            while j < n and j - np[1] < 15 and not ctx.is_stop(ctx.sdoc[j]):
                if ctx.sdoc[j].text == ",":
                    c0 = j
                    break
                j += 1
            while c0 < n and ctx.sdoc[c0].text in (",",):
                c0 += 1
            rng = (c0, _clause_end(ctx, c0))
        else:
            e = k
            while e > s and ctx.sdoc[e - 1].text in (",", "—", "–"):
                e -= 1
            rng = (_last_conjunct(ctx, s, e), e)
            j = np[1]
            if j < n and ctx.sdoc[j].text == "(":  # "selon un porte-parole de la police (PNH)."
                while j < n and ctx.sdoc[j].text != ")" and j - np[1] < 10:
                    j += 1
                j += 1
            j = _postmodifier_end(ctx, j, np[0])
            if j < n and not (ctx.is_end(ctx.sdoc[j]) or ctx.sdoc[j].text == ","):
                k += 1
                continue
            tail = _tail_after_incise(ctx, j, s, e)  # "A, according to X, B": the content is A and B
            emit = not _lead_sentence(ctx, k)
        if rng[1] <= rng[0]:
            k += 1
            continue
        a, b = ctx.chars(*rng)
        content = list(ctx.sdoc[rng[0] : rng[1]])
        if tail is not None:
            content += list(ctx.sdoc[ctx.tok_from(tail[0]) : ctx.tok_before(tail[1]) + 1])
        whole_end = tail[1] if tail is not None else b
        if (
            _overlaps_quote(ctx, a, b) > 0.5
            or not _has_finite_verb(content)
            or len([x for x in content if x.is_alpha]) < 3
            or any(c.start < b and a < c.end and not _nested_report(c, a, whole_end) for c in existing)
            or any(c.start < b and a < c.end for c in out)
        ):
            k += 1
            continue
        frame = _source_frame(ctx, k, m, np)
        if tail is None:
            out.append(Candidate(False, a, b, ctx.text[a:b], frame, 0.7, ctx.starts[k], emit=emit))
        else:
            text = ctx.text[a:b] + " " + ctx.text[tail[0] : tail[1]]
            out.append(Candidate(False, a, tail[1], text, frame, 0.7, ctx.starts[k], [(b, tail[0])], emit=emit))
        k = max(np[1], rng[1])
    return out


# ------------------------------------------------------------------------------ resolution


def _continued_speaker(ctx: _Context, c: Candidate, cands: list[Candidate], last: Optional[Candidate],
                       pool: list[Mention]) -> Optional[Speaker]:
    """The speaker of a continuation (the last speaker) or of a participle frame (the governing
    clause's quote in its sentence or paragraph, else that clause's own subject)."""
    f = c.frame
    ref = last
    if f.kind == "participle" and f.verb_span:
        v = ctx.sdoc[ctx.tok_from(f.verb_span[0])]
        para = ctx.paragraph(f.verb_span[0])
        same = [x for x in cands if x is not c and x.speaker and x.anchor < f.verb_span[0]
                and ctx.paragraph(x.anchor) == para]
        in_sent = [x for x in same if x.anchor >= v.sent.start_char]
        ref = max(same, key=lambda x: x.anchor) if same else last
        gov = v.head
        if v.dep_ == "acl" and gov.dep_ in ("obj", "dobj") and gov.head.i < gov.i and gov.head.pos_ in ("VERB", "AUX"):
            gov = gov.head  # "d'autres ont soutenu Alek Minassian, évoquant « … »", parsed on the object
        own_clause = False
        if in_sent:
            ref = max(in_sent, key=lambda x: x.anchor)
            # a clause with a subject of its own between that quote and the participle ("si certains
            # ont estimé que « … », d'autres ont soutenu X, évoquant « … »") governs the participle
            rng, _ = _subject_of(ctx, gov) if gov.i != v.i and gov.pos_ in ("VERB", "AUX") and not ctx.in_quote(gov.i) else (None, None)
            own_clause = rng is not None and ctx.starts[rng[0]] >= ref.end
        if (own_clause or not in_sent) and gov.i != v.i and gov.pos_ in ("VERB", "AUX") and not ctx.in_quote(gov.i):
            rng, pron = _subject_of(ctx, gov)
            own = _speaker_from_np(ctx, *rng) if rng else (_resolve_pronoun(ctx, pron, pool) if pron is not None else None)
            if own is not None and rng:
                own = _nominal_to_name(ctx, *rng, own, pool)
            if own is not None and own.name:
                c.confidence = min(c.confidence, 0.75)
                return own
    if f.kind == "continuation" and ref is not None and ref.speaker is not None:
        # someone else named as a subject between the two quotes ("Anissa, 19 ans, fait partie de
        # ceux qui … « Je viens du Maroc … »") speaks the continuation, not the previous speaker
        m = _subject_between(ctx, ref.end, c.start, ref.speaker.name)
        if m is not None:
            c.confidence = min(c.confidence, 0.7)
            return _mention_as_speaker(m)
    if ref is not None and ref.speaker is not None:
        c.confidence = min(c.confidence, 0.75)
        return _copied_speaker(ref.speaker)
    return None


def _name_words_overlap(a: Optional[str], b: Optional[str]) -> bool:
    """Two names share a word ("Pascal Vesin" / "Vesin")."""
    return bool(a and b and {w.lower() for w in re.findall(r"\w+", a)} & {w.lower() for w in re.findall(r"\w+", b)})


def _subject_between(ctx: _Context, lo: int, hi: int, previous: Optional[str]) -> Optional[Mention]:
    """The last person named as a subject between two quotes (outside quotes), when it is not the
    previous speaker: the one an unframed quote after it continues."""
    persons = [m for m in ctx.mentions if m.type == "PERSON" and lo <= m.start and m.end <= hi
               and not any(a <= m.start < b for a, b in ctx.quoted)]
    before_colon = ctx.text[lo:hi].rstrip(_STRIP + "«“\"").endswith(":")
    between = [m for k, m in enumerate(persons) if _is_subject(ctx, m) or _starts_its_sentence(ctx, m)
               or (before_colon and k == len(persons) - 1)]
    if between and not _name_words_overlap(between[-1].name, previous):
        return between[-1]
    return None


def _starts_its_sentence(ctx: _Context, m: Mention) -> bool:
    k = ctx.tok_from(m.start)
    para_start = m.start == 0 or ctx.text[: m.start].rstrip(_SPACES).endswith("\n")
    return para_start or (k < len(ctx.sdoc) and bool(ctx.sdoc[k].is_sent_start))


def _resolve(ctx: _Context, cands: list[Candidate]) -> None:
    """Give each candidate its speaker, in text order (pronouns need the earlier speakers)."""
    regions = [(c.start, c.end) for c in cands]
    pool: list[Mention] = [m for m in ctx.mentions if not any(a <= m.start < b for a, b in regions)]
    # subjects of reporting verbs are potential speakers even without a quote ("Le maire a dénoncé …")
    ctx.source_spans = [ctx.chars(*c.frame.speaker_range) for c in cands if c.frame.speaker_range]
    for t in ctx.sdoc:
        if ctx.verb_entry(t) and not ctx.in_quote(t.i) and not any(a <= t.idx < b for a, b in regions):
            rng, _ = _subject_of(ctx, t)
            if rng and not _negated(t):
                ctx.source_spans.append(ctx.chars(*rng))
            subj_sp = _speaker_from_np(ctx, *rng) if rng else None
            if subj_sp is not None and subj_sp.kind == "NOMINAL" and subj_sp.name is not None and rng:
                # a description that stands for a named person ("le pape a exprimé …") is that
                # person for the pronouns after it ("…, a-t-il affirmé")
                named = None if _temporal_range(ctx, rng) else _nominal_to_name(ctx, *rng, subj_sp, pool)
                if named is None or named.kind not in ("PERSON", "ORG") or not named.name:
                    named = subj_sp
                pool.append(Mention(subj_sp.start, subj_sp.end, named.name or subj_sp.name, named.kind, named.entity_id,
                                    named.gender or subj_sp.gender, named.number or subj_sp.number, True))
    pool.extend(_introduced_persons(ctx, regions))
    pool.extend(_described_subjects(ctx, regions, pool))
    pool.extend(_group_subjects(ctx, pool))
    pool.sort(key=lambda m: m.start)
    last: Optional[Candidate] = None
    by_verb: dict[tuple[int, int], Speaker] = {}  # the speaker of each reporting verb token resolved so far
    for c in sorted(cands, key=lambda c: (c.anchor, c.start)):
        f = c.frame
        sp: Optional[Speaker] = None
        if f.kind == "sibling" and c.follows is not None and c.follows.speaker is not None:
            sp = _copied_speaker(c.follows.speaker)
        elif f.kind in ("participle", "continuation"):
            sp = _continued_speaker(ctx, c, cands, last, pool)
        elif f.kind == "nearby":
            anchor = c.start
            if last is not None and last.speaker is not None and 0 <= anchor - last.end < 600:
                # someone named as a subject since the last quote, else its speaker
                other = _subject_between(ctx, last.end, anchor, last.speaker.name)
                sp = _mention_as_speaker(other) if other is not None else _copied_speaker(last.speaker)
            else:
                near = [m for m in pool if m.end <= anchor and anchor - m.end < 300 and (m.type == "PERSON" or m.is_speaker)]
                if near:
                    sp = _mention_as_speaker(near[-1])
            if sp is None:
                c.emit = False
                continue
        elif f.pronoun is not None:
            sp = _resolve_pronoun(ctx, f.pronoun, pool)
            c.confidence = min(c.confidence, 0.8 if sp and sp.name else 0.5)
        elif f.speaker_range is not None:
            lo, hi = f.speaker_range
            sp = _speaker_from_np(ctx, lo, hi)
            if sp is None:
                c.confidence = min(c.confidence, 0.5)
            else:
                sp = _nominal_to_name(ctx, lo, hi, sp, pool)
        if (sp is None or sp.name is None) and f.verb_span is not None and f.verb_span in by_verb:
            sp = by_verb[f.verb_span]  # "« … », martèle l'homme politique, « … »": the second fragment of one incise
        if sp is None and not c.direct:
            sp = _first_person_speaker(ctx, f)
        if not c.direct and (sp is None or (sp.name is None and not _first_person(ctx, sp))) and f.kind != "question":
            continue
        c.speaker = sp
        if sp is not None and sp.name and f.verb_span is not None:
            by_verb.setdefault(f.verb_span, sp)
        if sp is not None and sp.name:
            # who asks a question is not who speaks next: the one asked answers ("Asked by Matt
            # Lauer whether she had practiced, she said, …"); the asker stays a name to refer to
            asker = f.kind == "question" or (not c.direct and f.verb in ctx.lex.question_verbs)
            if not asker:
                last = c
            if sp.kind in ("NOMINAL",) or sp.kind in ("PERSON", "ORG"):
                pool.append(Mention(sp.start, sp.end, sp.name, sp.kind, sp.entity_id, sp.gender, sp.number, not asker))
                pool.sort(key=lambda m: m.start)


def _first_person_speaker(ctx: _Context, f: Frame) -> Optional[Speaker]:
    """The first-person subject of reported speech ("I pledged to create 700,000 jobs", "We asked
    our followers which candidate won"): the writer reports their own words; the pronoun is the
    speaker mention, with no name. Verbs of belief ("I think …") state an opinion: none."""
    if f.speaker_range is None or f.speaker_range[1] - f.speaker_range[0] != 1 or not ctx.lex.first_person:
        return None
    t = ctx.sdoc[f.speaker_range[0]]
    if t.lower_ not in ctx.lex.first_person or t.pos_ != "PRON" or (f.verb or "").split()[0] in ctx.lex.first_person_beliefs:
        return None
    return Speaker(None, t.idx, t.idx + len(t.text), "PRONOUN")


def _introduced_persons(ctx: _Context, regions: list[tuple[int, int]]) -> list[Mention]:
    """Someone introduced as the subject of any verb by a singular indefinite description of a
    person ("Un agent attend qu'il se déshabille. « … », lui demande-t-il"): a referent for a later
    pronoun, though no reporting verb goes with it."""
    out: list[Mention] = []
    for t in ctx.sdoc:
        if t.dep_ not in _SUBJ_DEPS or t.pos_ != "NOUN" or t.head.pos_ not in ("VERB", "AUX") or ctx.in_quote(t.i):
            continue
        if t.lower_ not in ctx.lex.person_nouns and t.lemma_.lower() not in ctx.lex.person_nouns:
            continue
        if "Plur" in t.morph.get("Number", []) or any(a <= t.idx < b for a, b in regions):
            continue
        det = next((c for c in t.children if c.dep_ == "det" and c.i < t.i), None)
        if det is None or "Ind" not in det.morph.get("Definite", []):
            continue
        lo, hi = _np_range(ctx, t, limit_hi=t.head.i if t.head.i > t.i else None)
        a, b = ctx.chars(lo, hi)
        out.append(Mention(a, b, ctx.text[a:b], "NOMINAL", None, _nominal_gender(ctx, lo, t), "sg", False))
    return out


def _described_subjects(ctx: _Context, regions: list[tuple[int, int]], pool: list[Mention]) -> list[Mention]:
    """A singular definite description of a named person ("le président de la République") as the
    subject of any verb ("… s'était montré très ferme. Il promettait : « … »"): the person it is
    linked to, as a subject mention, so that a pronoun after it finds that person (with the
    person's gender and number) before another named earlier."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in pool]
    for t in ctx.sdoc:
        if t.dep_ not in _SUBJ_DEPS or t.pos_ != "NOUN" or t.head.pos_ not in ("VERB", "AUX") or ctx.in_quote(t.i):
            continue
        if not {t.lower_, t.lemma_.lower()} & ctx.lex.description_heads or "Plur" in t.morph.get("Number", []):
            continue
        if ctx.verb_entry(t.head) or any(a <= t.idx < b for a, b in regions):
            continue  # the subject of a reporting verb is in the pool already
        if ctx.in_quote(t.head.i):
            continue  # its verb is inside quotation marks: someone's words about the person ("le journaliste « n'a pas cherché … »")
        lo, hi = _np_range(ctx, t, limit_hi=t.head.i if t.head.i > t.i else None)
        if ctx.sdoc[lo].lower_ not in _DEFINITES:
            continue
        a, b = ctx.chars(lo, hi)
        if any(x < b and a < y for x, y in taken):
            continue  # linked by the entities layer already (a mention of its entity)
        sp = _speaker_from_np(ctx, lo, hi, t)
        if sp is None or sp.kind != "NOMINAL" or sp.number == "pl":
            continue
        named = _nominal_to_name(ctx, lo, hi, sp, pool)
        if named.kind != "PERSON" or not named.name:
            continue
        out.append(Mention(a, b, named.name, "PERSON", named.entity_id, named.gender or sp.gender, named.number or "sg", False))
    return out


def _group_subjects(ctx: _Context, pool: list[Mention]) -> list[Mention]:
    """A plural definite description of people ("les membres du forum", "les manifestants") as the
    subject of any verb: a group a later plural pronoun ("selon eux", "ont-ils dit") may stand for.
    Its head is a noun of people (``person_nouns``, ``description_heads``, ``group_heads``), read
    off its lemma."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in pool]
    heads = ctx.lex.person_nouns | ctx.lex.description_heads | ctx.lex.group_heads
    for t in ctx.sdoc:
        if t.dep_ not in _SUBJ_DEPS or t.pos_ != "NOUN" or "Plur" not in t.morph.get("Number", []) or ctx.in_quote(t.i):
            continue
        if t.lemma_.lower() not in heads or ctx.verb_entry(t.head) or ctx.paragraph(t.idx) != ctx.paragraph(t.head.idx):
            continue
        lo, hi = _np_range(ctx, t, limit_hi=t.head.i if t.head.i > t.i else None)
        if ctx.sdoc[lo].lower_ not in _DEFINITES and ctx.sdoc[lo].lower_ not in _DEMONSTRATIVES:
            continue
        a, b = ctx.chars(lo, hi)
        if any(x < b and a < y for x, y in taken):
            continue
        out.append(Mention(a, b, ctx.text[a:b], "NOMINAL", None, _nominal_gender(ctx, lo, t), "pl", False))
    return out


def _mixed_quote_speakers(cands: list[Candidate]) -> None:
    """A direct quote left without a speaker inside reported speech ("Raymond Nart affirme que
    l'alias « Verger » ne lui évoque « aucun souvenir »") is a mixed quote: it takes the speaker
    of the indirect quote that holds it, when that speaker is named."""
    hosts = [c for c in cands if not c.direct and c.speaker is not None and c.speaker.name and c.speaker.kind in ("PERSON", "ORG")]
    for c in cands:
        if not c.direct or (c.speaker is not None and c.speaker.name):
            continue
        host = next((h for h in hosts if h.start <= c.start and c.end <= h.end), None)
        if host is None or host.speaker is None:
            continue
        ref = host.speaker
        c.speaker = Speaker(ref.name, ref.start, ref.end, ref.kind, ref.entity_id, ref.gender, ref.number, ref.antecedent)
        c.emit = True
        c.confidence = min(c.confidence, 0.7)


def _document_issuer(ctx: _Context, lo: int, hi: int) -> Optional[Speaker]:
    """The issuer of a document named as the speaker ("the Security Council issued a statement
    calling …", "MSF a publié un communiqué affirmant …"): the subject of the verb the document is
    the object of, when that subject names someone."""
    head = ctx.sdoc[lo:hi].root
    if head.lemma_.lower() not in ctx.lex.document_nouns and head.lower_ not in ctx.lex.document_nouns:
        return None
    if head.dep_ not in ("dobj", "obj") or head.head.pos_ not in ("VERB", "AUX"):
        return None
    rng, _ = _subject_of(ctx, head.head)
    if rng is None:
        return None
    sp = _speaker_from_np(ctx, *rng)
    return sp if sp is not None and sp.kind in ("PERSON", "ORG") else None


def _nominal_to_name(ctx: _Context, lo: int, hi: int, sp: Speaker, pool: list[Mention]) -> Speaker:
    """A nominal speaker linked to the name it stands for (an earlier speaker, the organisation or
    person it describes), else kept as a description."""
    if sp.kind != "NOMINAL":
        return sp
    if ctx.sdoc[lo].lower_ in ctx.lex.agent_markers and hi - lo > 1:
        lo += 1
    issuer = _document_issuer(ctx, lo, hi)
    if issuer is not None:
        return issuer
    sp = _anaphoric_nominal(ctx, lo, hi, sp, pool)
    if sp.kind == "NOMINAL" and sp.antecedent is not None and _indefinite_at(ctx, sp.antecedent[0]):
        # an earlier speaker the text leaves anonymous ("une source militaire … ce haut responsable"):
        # not a person named near it (a definite one, "la maire socialiste", may still be named)
        return sp
    return _description_to_name(ctx, lo, hi, sp, pool) if sp.kind == "NOMINAL" else sp


def _indefinite_at(ctx: _Context, char: int) -> bool:
    """The phrase at ``char`` opens with an indefinite article ("une source militaire", "a senior official")."""
    k = ctx.tok_from(char)
    return 0 <= k < len(ctx.sdoc) and ctx.sdoc[k].pos_ == "DET" and "Ind" in ctx.sdoc[k].morph.get("Definite", [])


_DEMONSTRATIVES = {"ce", "cet", "cette", "ces", "this", "that", "these", "those"}
_DEFINITES = {"le", "la", "les", "l'", "l’", "the"}


def _anaphoric_nominal(ctx: _Context, lo: int, hi: int, sp: Speaker, pool: list[Mention]) -> Speaker:
    """A definite or demonstrative nominal ("the official", "ce responsable", "les sources")
    that names an earlier speaker takes that speaker (same head noun, or for a demonstrative the
    last speaker of compatible gender)."""
    first = ctx.sdoc[lo]
    low = first.lower_
    if low not in _DEMONSTRATIVES and low not in _DEFINITES:
        return sp
    head = ctx.sdoc[lo:hi].root
    if head.pos_ != "NOUN" or hi - lo > 4:
        return sp
    forms = {head.lower_, head.lemma_.lower()}
    for m in reversed(pool):
        if not m.is_speaker or m.end > sp.start or sp.start - m.end > 3000:
            continue
        words = {w.strip(",.").lower() for w in m.name.split()}
        if forms & words and m.name.lower() != ctx.text[sp.start : sp.end].lower():
            return Speaker(m.name, sp.start, sp.end, m.type, m.entity_id, m.gender or sp.gender, m.number,
                           antecedent=(m.start, m.end))
    # "la mission" -> the last organisation named so; "l'organisation", "le quotidien" -> the
    # organisation the text names most (the latest on a tie)
    orgs = [m for m in pool if m.type == "ORG" and m.end <= sp.start and sp.start - m.end <= 2000]
    same_word = [m for m in orgs if forms & {w.strip(",.()").lower() for w in m.name.split()}]
    if not same_word and (head.lower_ in ctx.lex.press_heads or head.lemma_.lower() in ctx.lex.press_heads):
        same_word = [m for m in orgs if m.name.casefold() in ctx.lex.press_titles]  # "l'hebdomadaire" -> "Le Canard enchaîné"
    if not same_word and (head.lower_ in ctx.lex.org_heads or head.lemma_.lower() in ctx.lex.org_heads):
        same_word = _organisation_referent(ctx, orgs)
    if same_word:
        m = same_word[-1]
        return Speaker(m.name, sp.start, sp.end, m.type, m.entity_id, m.gender, m.number, antecedent=(m.start, m.end))
    if low in _DEMONSTRATIVES:
        for m in reversed(pool):
            if m.is_speaker and m.end <= sp.start and sp.start - m.end < 1500 and m.type in ("PERSON", "NOMINAL"):
                if sp.gender and m.gender and sp.gender != m.gender and m.type == "PERSON":
                    continue
                return Speaker(m.name, sp.start, sp.end, m.type, m.entity_id, m.gender, m.number,
                               antecedent=(m.start, m.end))
    return sp


def _apposed_nouns(ctx: _Context, m: Mention) -> set[str]:
    """Forms and lemmas of the nouns apposed to a name ("le ministre de l'intérieur, Bernard
    Cazeneuve", "Jean-Paul Moatti, président-directeur général de …")."""
    k = ctx.tok_from(m.start)
    if k >= len(ctx.sdoc):
        return set()
    r = ctx.sdoc[k]
    while r.head.i != r.i and m.start <= r.head.idx < m.end:
        r = r.head
    out: set[str] = set()
    for t in [*r.children, r.head]:
        if t.pos_ == "NOUN" and ((t.head.i == r.i and t.dep_ == "appos") or (t.i == r.head.i and r.dep_ == "appos")):
            out |= {t.lower_, t.lemma_.lower()}
    # a description written right before the name, back to its determiner ("le policier Hayard", "du
    # commissaire de police luxembourgeois Roger Hayard"): its first noun
    j, noun = k - 1, None
    while j >= 0 and k - j <= PREMODIFIER_REACH and ctx.sdoc[j].pos_ in ("NOUN", "ADJ", "ADP") and not ctx.sdoc[j].is_punct:
        if ctx.sdoc[j].pos_ == "NOUN":
            noun = ctx.sdoc[j]
        j -= 1
    if noun is not None and j >= 0 and ctx.sdoc[j].pos_ == "DET":
        out |= {noun.lower_, noun.lemma_.lower()}
    return out


PREMODIFIER_REACH = 5  # tokens: how long a description written before a name may be


def _is_subject(ctx: _Context, m: Mention) -> bool:
    k = ctx.tok_from(m.start)
    if k >= len(ctx.sdoc):
        return False
    r = ctx.sdoc[k]
    while r.head.i != r.i and m.start <= r.head.idx < m.end:
        r = r.head
    if r.dep_ in ("appos", "flat:name", "flat", "compound") and r.head.i != r.i:
        r = r.head  # "l'ancien président Alvaro Uribe a fait …": the name apposed to the subject
    elif r.dep_ == "nmod" and r.i > 0 and ctx.sdoc[r.i - 1].text == "," and not any(c.dep_ == "case" for c in r.children):
        r = r.head  # "Ancien catholique converti …, Raphael Cruz, est venu": a name set off by commas, parsed as a modifier
    elif r.dep_ == "nmod" and r.head.i == r.i - 1 and _title_word(ctx, r.head) and not any(c.dep_ == "case" for c in r.children):
        r = r.head  # "le père Pascal officiait …": a name right after its title, parsed as a modifier of it
    return r.dep_ in _SUBJ_DEPS or r.dep_ in ("nsubj:pass", "nsubjpass")


def _gender_fits(a: Optional[str], b: Optional[str]) -> bool:
    return a is None or b is None or a == b


def _members_to_organisation(ctx: _Context, sp: Speaker, pool: list[Mention]) -> Speaker:
    """People speaking for an organisation ("les humanitaires", "ses responsables") stand for the
    organisation the text names as a source before them, else the one it names most."""
    orgs = [m for m in [*pool, *ctx.mentions] if m.type == "ORG" and m.end <= sp.start and sp.start - m.end <= 2500
            and not any(a <= m.start < b for a, b in ctx.quoted)]
    best = _organisation_referent(ctx, sorted(orgs, key=lambda m: m.start))
    if not best:
        return sp
    m = best[-1]
    return Speaker(m.name, sp.start, sp.end, m.type, m.entity_id, m.gender, "sg", antecedent=(m.start, m.end))


def _description_to_name(ctx: _Context, lo: int, hi: int, sp: Speaker, pool: list[Mention]) -> Speaker:
    """A definite description standing for a person named in the text ("rappelle le secrétaire
    général international de MSF", "avait déclaré la philosophe", "the senator said") takes that
    person: the one it is apposed to elsewhere in the text, else the salient person before it (an
    earlier speaker, a sentence subject or a person named in a section heading, most recent first,
    gender-compatible). Its head must
    be a function or a description noun (``description_heads``); plural and indefinite
    descriptions ("un ancien salarié") stay descriptions."""
    first = ctx.sdoc[lo]
    definite = first.lower_ in _DEFINITES or first.lower_ in _DEMONSTRATIVES or (
        first.pos_ == "DET" and "Def" in first.morph.get("Definite", []) and "Ind" not in first.morph.get("Definite", []))
    head = ctx.sdoc[lo:hi].root
    forms = {head.lower_, head.lemma_.lower()}
    if sp.number == "pl" and forms & ctx.lex.member_heads and hi - lo <= 3 and (definite or first.lower_ in ctx.lex.possessives):
        return _members_to_organisation(ctx, sp, pool)
    # an ordinary person noun ("cet homme de 38 ans", "la jeune femme", "le policier") stands for
    # the named person before it too, once made definite
    typ = "PERSON" if forms & (ctx.lex.description_heads | ctx.lex.person_nouns) else "ORG" if forms & ctx.lex.org_heads else None
    if not definite or head.pos_ != "NOUN" or sp.number == "pl" or typ is None:
        return sp
    apposed = [m for m in ctx.mentions if m.type == typ and _gender_fits(sp.gender, m.gender) and forms & _apposed_nouns(ctx, m)]
    before = [m for m in apposed if m.end <= sp.start]
    if before or len({m.entity_id or m.name for m in apposed}) == 1:
        m = before[-1] if before else apposed[0]
    else:
        # mentions outside direct quotes (those in reported speech count here), credits left out
        seen = [m for m in [*pool, *ctx.mentions] if not any(a <= m.start < b for a, b in ctx.quoted)]
        near = sorted((m for m in seen if m.type == typ and m.end <= sp.start and sp.start - m.end <= 2500
                       and _gender_fits(sp.gender, m.gender) and not m.name.isupper()), key=lambda m: m.start)
        salient = [m for m in near if m.is_speaker or _is_subject(ctx, m) or _heading_line(ctx.text, m.start)]
        if typ == "ORG":  # the organisation the article is about: named most often, the latest on a tie
            salient = _organisation_referent(ctx, near)
        if not (salient or near):
            return sp
        m = (salient or near)[-1]
    return Speaker(m.name, sp.start, sp.end, m.type, m.entity_id, m.gender or sp.gender, m.number,
                   antecedent=(m.start, m.end))


def _organisation_referent(ctx: _Context, cands: list[Mention]) -> list[Mention]:
    """Organisations a description ("l'institution", "le quotidien") may stand for, best last: those
    named as the source of an attribution ("selon le bureau du Défenseur du peuple", "précise Le
    Canard enchaîné"), else those the text names most."""
    sources = [m for m in cands if any(a <= m.start and m.end <= b for a, b in ctx.source_spans)]
    return sources or _most_named(ctx, cands)


def _most_named(ctx: _Context, cands: list[Mention]) -> list[Mention]:
    """The mentions of ``cands`` whose entity the text names most often (in text order)."""
    counts: dict[str, int] = {}
    for m in ctx.mentions:
        key = m.entity_id or m.name
        counts[key] = counts.get(key, 0) + 1
    best = max((counts.get(m.entity_id or m.name, 0) for m in cands), default=0)
    return [m for m in cands if counts.get(m.entity_id or m.name, 0) == best]


SALIENCE_WINDOW = 1200  # characters: how far back a speaker or subject outranks a nearer mention for a pronoun


def _pronoun_fits(ctx: _Context, m: Mention, gender: Optional[str], number: str) -> bool:
    """``m`` can be the referent of a pronoun of this gender and number."""
    if number == "sg":
        if m.type == "ORG" and (not m.is_speaker or ctx.lang == "en"):
            return False
        return m.number != "pl" and _gender_fits(gender, m.gender)
    if number == "pl":
        return not (m.type == "PERSON" or (m.type == "NOMINAL" and m.number != "pl" and ctx.lang == "fr"))
    if number == "org":
        return m.type in ("ORG", "NOMINAL")
    return True


def _resolve_pronoun(ctx: _Context, i: int, pool: list[Mention]) -> Speaker:
    t = ctx.sdoc[i]
    gender, number = ctx.pron(t) or (None, "sg")
    a, b = t.idx, t.idx + len(t.text)
    if t.text.startswith("-"):
        a += 1
    if number == "impersonal":
        return Speaker(None, a, b, "PRONOUN")
    latter = ctx.latter(t)
    if latter and i > 0 and ctx.sdoc[i - 1].lower_ in ctx.lex.latter_dets:
        a = ctx.starts[i - 1]
    best: Optional[Mention] = None
    for m in reversed(pool):
        if m.end > a or a - m.end > 3000 or not _pronoun_fits(ctx, m, gender, number):
            continue
        if latter:  # the last person named, salient or not
            if m.type == "PERSON":
                best = m
                break
            continue
        if best is None:
            best = m
        # the salient referent (an earlier speaker or a subject) before a nearer mention that is neither
        if m.is_speaker or _is_subject(ctx, m):
            if a - m.end <= SALIENCE_WINDOW:
                best = m
            break
    if best is None and number == "sg":
        # a gender read off a nominal need not be its referent's ("un responsable … a-t-elle"):
        # the speaker just before is then the best guess
        for m in reversed(pool):
            if m.is_speaker and m.type in ("NOMINAL", "PERSON") and m.end <= a and a - m.end < 400 and m.number != "pl":
                best = m
                break
    if best is None:
        return Speaker(None, a, b, "PRONOUN", gender=gender, number=number)
    return Speaker(best.name, a, b, best.type, best.entity_id, best.gender or gender, best.number,
                   antecedent=(best.start, best.end))


# ------------------------------------------------------------------------------ stage


def _first_person(ctx: _Context, sp: Speaker) -> bool:
    """``sp`` is a bare first-person pronoun subject of ``first_person_sources`` (no name)."""
    return sp.kind == "PRONOUN" and ctx.text[sp.start : sp.end].lower() in ctx.lex.first_person


def _resolution(ctx: _Context, c: Candidate) -> Optional[str]:
    """How the speaker was found: ``name`` (named at the quote), ``description`` (no name),
    ``description→name``, ``pronoun→name``, ``pronoun→description``, ``pronoun`` (unresolved),
    ``first person`` (the writer, "I asked him …": no name) or ``previous speaker`` (a continuation, a participle or a nearby quote)."""
    sp = c.speaker
    if sp is None:
        return None
    if c.frame.kind in ("participle", "continuation", "nearby", "sibling"):
        return "previous speaker" if sp.name else None
    if sp.name is None and _first_person(ctx, sp):
        return "first person"
    k = ctx.tok_before(sp.end)
    is_pron = sp.end - sp.start <= 6 and 0 <= k < len(ctx.sdoc) and ctx.pron(ctx.sdoc[k]) is not None
    named = sp.kind in ("PERSON", "ORG") and sp.name is not None
    if is_pron:
        return ("pronoun→name" if named else "pronoun→description") if sp.name else "pronoun"
    if not named:
        return "description"
    words = {w.lower() for w in re.findall(r"\w+", sp.name or "") if w[:1].isupper()} - _DEFINITES  # "Le" of "Le Drian" is not "le chef"
    return "name" if words & {w.lower() for w in re.findall(r"\w+", ctx.text[sp.start : sp.end])} else "description→name"


def run(doc: Document) -> None:
    """Add the quotes layer (direct quotes and indirect speech) to ``doc``."""
    if not doc.text.strip() or len(doc.doc) == 0:
        return
    ctx = _Context(doc)
    cands = _direct_candidates(ctx)
    cands += _indirect_candidates(ctx)
    _resolve(ctx, cands)
    _mixed_quote_speakers(cands)
    quotes: list[Quote] = []
    for c in sorted(cands, key=lambda c: c.start):
        if not c.emit or (not c.direct and c.speaker is None and c.frame.kind != "question"):
            continue
        f, sp = c.frame, c.speaker
        pieces = [(c.start, c.end)]
        if f.verb_span:
            pieces.append(f.verb_span)
        if sp is not None:
            pieces.append((sp.start, sp.end))
        lo, hi = min(p[0] for p in pieces), max(p[1] for p in pieces)
        evidence = [Span(start=lo, end=hi)]
        if sp is not None and sp.antecedent and not (lo <= sp.antecedent[0] < hi):
            evidence.append(Span(start=sp.antecedent[0], end=sp.antecedent[1]))
        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                speaker_resolution=_resolution(ctx, c),
                text=c.text,
                start=c.start,
                end=c.end,
                direct=c.direct,
                speaker=sp.name if sp else None,
                speaker_entity_id=sp.entity_id if sp else None,
                speaker_mention=Span(start=sp.start, end=sp.end) if sp else None,
                verb=f.verb,
                verb_span=Span(start=f.verb_span[0], end=f.verb_span[1]) if f.verb_span else None,
                evidence=evidence,
                confidence=round(c.confidence if sp and sp.name else min(c.confidence, 0.5), 2),
            )
        )
    doc.quotes = quotes
