"""Stage: casualties. Per sentence, the casualty mentions the text makes.

Each mention is a dict (:class:`~veille.document.CasualtyMention`) in ``doc.casualties``
(read by the events stage)::

    {"start", "end", "text", "sent_start", "sent_end", "kind": "killed"|"injured",
     "count": int, "approximate": bool, "negated": bool, "who": "civilians"|"soldiers"|
     "attackers"|None, "confidence": float}

``negated`` mentions ("no casualties", "n'a pas fait de victimes") carry ``count`` 0. Words for
casualties, numbers (digits, number words, vague quantities) and negative patterns come from
``data/casualty_terms_<lang>.json``; the patterns are regular expressions over the sentence
text, compiled once per language.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from veille.document import CasualtyMention, Document
from veille.resources import DATA
from veille.text import number_from_parts


_MONTHS = (
    "january february march april may june july august september october november december "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre"
).split()
_AUX = {
    "en": r"(?:were|was|are|is|have been|has been|had been|being|been|got|get)",
    "fr": r"(?:ont été|a été|sont|est|avaient été|avait été|étaient|était|auraient été|aurait été|ont|a)",
}
_NOT_COMPOUND = {"a", "an", "un", "une", "single", "both"}  # never the 2nd word of a number
_PASSIVE_ADV = r"(?:(?!nearly|almost)\w+ly|also|reportedly|allegedly|aussi|également|été)"
_ACTIVE_TAIL = {"en": r"(?:left|leaving)", "fr": r"(?:fait|faisant|causé|causant|provoqué)"}


@dataclass(frozen=True)
class _Lexicon:
    lang: str
    numbers: dict[str, int]
    vague: dict[str, int]
    approx_numbers: frozenset[str]
    kinds: dict[str, str]  # word -> killed | injured | either
    who: dict[str, str]  # word -> civilians | soldiers | attackers
    pat_passive: re.Pattern
    pat_active: re.Pattern
    pat_toll: re.Pattern
    pat_negative: list[re.Pattern]
    pat_definite: Optional[re.Pattern] = None  # "killed the village chief": one definite victim
    single_victim_verbs: frozenset[str] = frozenset()  # "killed a documentalist": one victim, whatever the noun
    not_victims: frozenset[str] = frozenset()  # "killed a bill": no victim
    pat_single: tuple[re.Pattern, ...] = ()  # "he was shot dead", "the driver died": one victim, no count
    pat_coded: tuple[re.Pattern, ...] = ()  # a coder's count: "Fatalities coded as 0"
    pat_split: tuple[re.Pattern, ...] = ()  # "fatalities split between (3) events": a share of the toll
    pat_moved: tuple[re.Pattern, ...] = ()  # "(fatalities coded to the X event)": the deaths belong elsewhere
    pat_alternative: tuple[re.Pattern, ...] = ()  # "(other sources report 2 killed)": ACLED keeps the note's own toll


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=None)
def lexicon(lang: str) -> _Lexicon:
    """The compiled casualty lexicon for ``lang`` ("fr" or "en"; others fall back to English)."""
    lang = lang if lang in ("fr", "en") else "en"
    raw = json.loads((DATA / f"casualty_terms_{lang}.json").read_text("utf-8"))
    kinds: dict[str, str] = {}
    for kind in ("either", "injured", "killed"):
        for w in raw[kind]:
            kinds[w.lower()] = kind
    who = {w.lower(): cls for cls, words in raw["who"].items() for w in words}
    numbers = {k.lower(): v for k, v in raw["numbers"].items()}
    vague = {k.lower(): v for k, v in raw["vague_numbers"].items()}
    num_words = _alt(numbers)
    # a number word goes on with number words proper only: "two hundred", never "one an(d)", "two a"
    more_words = _alt(k for k in numbers if k not in _NOT_COMPOUND and " " not in k)
    num = rf"(?:\d{{1,3}}(?:[,.  ]\d{{3}})+|\d+|(?:{num_words})(?:[- ](?:{more_words}))*)(?![\w'’-])"
    count = rf"(?:{_alt(vague)}|{num})"
    qual = _alt(raw["approximate"])
    kill = _alt(kinds)
    sep = r"[\s\u00a0]+"
    passive = (
        rf"(?<![\w-])(?:(?P<q>{qual}){sep})?(?P<n>{count})(?P<who>(?:{sep}[\w'’-]+){{0,6}}?)"
        rf"(?:\s*\([^()]{{1,60}}\)|\s*,\s*(?:dont|including|among them|parmi eux|parmi lesquels|most of them)\s[^.;]{{1,60}}?,?)?"
        rf"(?:{sep}{_AUX[lang]})?(?:{sep}{_PASSIVE_ADV})?{sep}(?P<k>{kill})(?![\w-])"
    )
    active = (
        rf"(?<![\w-])(?<!nearly )(?<!almost )(?<!presque )(?P<k>{kill}|{_ACTIVE_TAIL[lang]}){sep}(?:(?<=bodies\s)of{sep})?(?:(?:the|les|la|le){sep})?(?:(?P<q>{qual}){sep})?"
        rf"(?P<n>{count})(?P<who>(?:{sep}(?!(?:and|et|while|tandis|including|dont|before|after)\b)[\w'’-]+){{0,3}})"
    )
    toll = rf"(?<![\w-])(?P<k>death toll|toll|bilan)[^.;:]{{0,40}}?(?:(?P<q>{qual}){sep})?(?P<n>\d+|{num})(?![\w-])"
    flags = re.IGNORECASE | re.UNICODE
    definite = None
    if raw.get("definite_victim") and raw.get("single_victim_verbs"):
        dv = raw["definite_victim"]
        definite = (
            rf"(?<![\w-])(?P<k>{_alt(raw['single_victim_verbs'])}){sep}(?:{_alt(dv['determiners'])})(?:{sep}|(?<=['’]))"
            rf"(?P<who>(?:(?!(?:{_alt(dv['phrase_ends'])})(?![\w'’-]))[\w'’-]+(?:{sep}|(?=[^\w'’-])|$)){{1,4}})"
        )
    return _Lexicon(
        lang=lang,
        numbers=numbers,
        vague=vague,
        approx_numbers=frozenset(x.lower() for x in raw.get("approximate_numbers", [])),
        kinds=kinds,
        who=who,
        pat_passive=re.compile(passive, flags),
        pat_active=re.compile(active, flags),
        pat_toll=re.compile(toll, flags),
        pat_negative=[re.compile(p, flags) for p in raw["negative_patterns"]],
        pat_definite=re.compile(definite, flags) if definite else None,
        single_victim_verbs=frozenset(w.lower() for w in raw.get("single_victim_verbs", [])),
        not_victims=frozenset(w.lower() for w in raw.get("not_victims", [])),
        pat_single=tuple(re.compile(p.replace("{killed}", _alt(raw["killed"])), flags) for p in raw.get("single_victim_patterns", [])),
        pat_coded=tuple(re.compile(p.replace("{count}", count), flags) for p in raw.get("coded_toll_patterns", {}).get("count", [])),
        pat_split=tuple(re.compile(p.replace("{count}", num), flags) for p in raw.get("coded_toll_patterns", {}).get("split", [])),
        pat_alternative=tuple(re.compile(p, flags) for p in raw.get("coded_toll_patterns", {}).get("alternative", [])),
        pat_moved=tuple(re.compile(p, flags) for p in raw.get("coded_toll_patterns", {}).get("moved", [])),
    )


def parse_count(text: str, lex: _Lexicon) -> tuple[int | None, bool]:
    """(value, approximate) of a written quantity: "12", "1,200", "twenty-five", "une dizaine", "dozens"."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t in lex.vague:
        return lex.vague[t], True
    if t in lex.numbers:
        return lex.numbers[t], t in lex.approx_numbers
    digits = re.sub(r"[,.  ]", "", t)
    if digits.isdigit():
        return int(digits), False
    parts = [p for p in re.split(r"[- ]", t) if p not in ("et", "and", "")]
    if any(p not in lex.numbers for p in parts):
        return None, False
    return number_from_parts(lex.numbers[p] for p in parts), False


def _who(words: str, lex: _Lexicon) -> str | None:
    toks = [w.lower() for w in re.findall(r"[\w'’-]+", words)]
    for i in range(len(toks)):
        two = " ".join(toks[i : i + 2])
        if two in lex.who:
            return lex.who[two]
        if toks[i] in lex.who:
            return lex.who[toks[i]]
    return None


def _kinds(word: str, lex: _Lexicon) -> list[str]:
    w = word.lower()
    if w in ("hurt", "harmed", "touché", "touchés"):
        return ["killed", "injured"]  # "no one was hurt": nobody killed or injured
    kind = lex.kinds.get(w)
    if kind is None:
        if any(x in w for x in ("injur", "wound", "hurt", "bless", "harm", "touch")):
            kind = "injured"
        elif any(x in w for x in ("casualt", "victim", "pertes")):
            kind = "either"
        else:
            kind = "killed"
    return ["killed", "injured"] if kind == "either" else [kind]


def _one_victim(m: re.Match, lex: _Lexicon) -> bool:
    """"killed a Lithuanian documentalist", "a tué un inspecteur": a violent verb with an
    indefinite singular object is one victim, unless the object is a thing ("killed a bill")."""
    words = [w.lower() for w in re.findall(r"[\w'’-]+", m.group("who"))]
    return m.group("k").lower() in lex.single_victim_verbs and bool(words) and not set(words) & lex.not_victims


def _further_objects(sentence: str, end: int, who: str | None, lex: _Lexicon) -> tuple[int, str | None, list[tuple[int, int]]]:
    """"killed 4 militants and 2 soldiers": the further counted objects of the same verb after
    ``end``: (their sum, the victims' class if all share it, their spans)."""
    total = 0
    spans: list[tuple[int, int]] = []
    rest = sentence[end:]
    while True:
        more = re.match(r"\s*(?:,|and|et)\s+(?:(?:the|les)\s+)?(\d+|" + _alt(lex.numbers) + r")\s+([\w'’-]+)", rest, re.I)
        if not more or _who(more.group(2), lex) is None:
            return total, who, spans
        extra, _ = parse_count(more.group(1), lex)
        total += extra or 0
        who = who if who == _who(more.group(2), lex) else None
        rest = rest[more.end() :]
        spans.append((len(sentence) - len(rest) - len(more.group(0)), len(sentence) - len(rest)))


def _definite_victims(sentence: str, lex: _Lexicon, free: Callable[[int, int], bool]) -> list[re.Match]:
    """"killed the village chief", "a tué le chef du village": one definite victim (whose words
    ``free`` says no other mention took), unless the head word is a plural ("killed the villagers": no count) or a thing ("executed the plan")."""
    out = []
    for m in lex.pat_definite.finditer(sentence) if lex.pat_definite else ():
        words = re.findall(r"[\w'’-]+", m.group("who"))
        head = words[-1].lower() if words else ""
        if head.isalpha() and not head.endswith(("s", "x")) and head not in lex.not_victims and free(*m.span("who")):
            out.append(m)
    return out


def _is_year_or_date(n_text: str, who_text: str) -> bool:
    if re.fullmatch(r"(19|20)\d\d", n_text.strip()):
        return True
    first = who_text.strip().lower().split(" ")[0] if who_text.strip() else ""
    return first in _MONTHS


def find_mentions(sentence: str, lang: str, offset: int = 0) -> list[CasualtyMention]:
    """Casualty mentions in one sentence (offsets shifted by ``offset``)."""
    lex = lexicon(lang)
    found: list[CasualtyMention] = []
    used: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in used)

    def add(m: re.Match, kinds: list[str], count: int, approx: bool, negated: bool, who: str | None, conf: float, key: str = "n"):
        a, b = m.span(key)
        used.append((a, b))
        for kind in kinds:
            found.append(
                {
                    "start": offset + m.start(),
                    "end": offset + m.end(),
                    "text": m.group(0),
                    "kind": kind,
                    "count": count,
                    "approximate": approx,
                    "negated": negated,
                    "who": who,
                    "confidence": conf,
                }
            )

    # quotation marks around counts ("tuant « plusieurs dizaines » d'assaillants") read as spaces
    sentence = re.sub(r"[«»“”\"]", " ", sentence)
    for pat in lex.pat_negative:
        for m in pat.finditer(sentence):
            if free(*m.span()):
                add(m, _kinds(m.group("kind"), lex), 0, False, True, _who(m.group(0), lex), 0.85, key="kind")
                used.append(m.span())
    for m in lex.pat_toll.finditer(sentence):
        value, approx = parse_count(m.group("n"), lex)
        if value is None or not free(*m.span("n")) or _is_year_or_date(m.group("n"), sentence[m.end() : m.end() + 12]):
            continue
        add(m, ["killed"], value, approx or bool(m.group("q")), False, None, 0.75)
    for m in lex.pat_active.finditer(sentence):
        n_text, who_text = m.group("n"), m.group("who")
        if not free(*m.span("n")) or _is_year_or_date(n_text, who_text):
            continue
        value, approx = parse_count(n_text, lex)
        who = _who(who_text, lex)
        if value is None or (n_text.lower() in ("a", "an", "un", "une") and who is None and not _one_victim(m, lex)):
            continue
        k = m.group("k").lower()
        if k in ("left", "leaving", "fait", "faisant", "causé", "causant", "provoqué"):
            tail = re.match(r"[\s\w'’-]{0,30}?\b(" + _alt(lex.kinds) + r")\b", who_text + sentence[m.end() : m.end() + 30], re.I)
            if not tail:
                continue
            kinds = _kinds(tail.group(1), lex)
            who = who or _who(who_text, lex)
        else:
            kinds = _kinds(k, lex)
        extra, who, spans = _further_objects(sentence, m.end(), who, lex)
        used.extend(spans)
        add(m, kinds, value + extra, approx or bool(m.group("q")), False, who, 0.8)
    for m in _definite_victims(sentence, lex, free):
        add(m, ["killed"], 1, False, False, _who(m.group("who"), lex), 0.7, key="who")
    for m in _passive_matches(sentence, lex):
        n_text, who_text = m.group("n"), m.group("who")
        if not free(*m.span("n")) or _is_year_or_date(n_text, who_text):
            continue
        value, approx = parse_count(n_text, lex)
        if value is None:
            continue
        who = _who(who_text, lex)
        # "5 gunmen killed 3 villagers": an active verb followed by its object is not a passive count
        after = sentence[m.end() : m.end() + 25].lower()
        no_aux = not re.search(_AUX[lex.lang] + r"\s", m.group(0)[len(m.group("n")) :], re.I)
        if no_aux and re.match(r"\s+(?:\d|a |an |the |more |at least|some |two|three|four|five|un |une |deux|trois|quatre|cinq|les |des |au moins|plus )", after):
            continue  # "a bombing at a mosque killed more than 80": the verb's subject is no casualty count
        if n_text.lower() in ("a", "an", "un", "une") and no_aux and lex.kinds.get(m.group("k").lower()) == "killed" and m.group("k").lower().endswith(("ed", "é", "és")):
            continue
        if re.search(r"\b(?:and|et)\b", who_text, re.I):
            for count_m in re.finditer(r"(?<![\w-])(\d+|" + _alt(lex.numbers) + r")(?![\w-])", who_text, re.I):
                ev, _ = parse_count(count_m.group(1), lex)
                if ev:
                    value += ev
        add(m, _kinds(m.group("k"), lex), value, approx or bool(m.group("q")), False, who, 0.8)
    single = None if any(f["kind"] == "killed" for f in found) else _single_victim(sentence, lex)
    if single is not None:
        add(single, ["killed"], 1, False, False, None, 0.6, key="k")
    return found


def _passive_matches(sentence: str, lex: _Lexicon):
    """The passive pattern's matches ("3 soldiers were killed"). A lone "a"/"one" before words that
    name no victim is no count, and the search goes on after it: "as a result of which 2 civilians
    died" holds "2 civilians died"."""
    pos = 0
    while (m := lex.pat_passive.search(sentence, pos)) is not None:
        who = m.group("who")
        later_count = re.search(r"(?<![\w-])\d", who) and not re.search(r"\b(?:and|et)\b", who)
        if m.group("n").lower() in ("a", "an", "un", "une", "one", "single") and who.strip() and (_who(who, lex) is None or later_count):
            pos = m.end("n")
            continue
        pos = m.end()
        yield m


def _single_victim(sentence: str, lex: _Lexicon) -> Optional[re.Match]:
    """"Tidiane Pare ... was killed by", "The pilot died", "His body was found": one victim the
    sentence tells of without a count (``single_victim_patterns``), for a sentence with no toll."""
    return next((m for pat in lex.pat_single for m in pat.finditer(sentence)), None)


def coded_toll(text: str, lang: str, mentions: list[CasualtyMention]) -> list[CasualtyMention]:
    """A coder's own word on the toll overrides the toll the text tells: "Fatalities coded as 0
    (VoJ reported 3 fatalities)", "Unspecified fatalities coded as 10", "FATALITIES: 15" give
    that count; "(fatalities coded to the Talakivka event)" moves the sentence's deaths to another
    event. The first toll told keeps its place (the sentence the event holds) with the coded
    count; the other tolls go. Patterns: ``coded_toll_patterns`` of ``casualty_terms_<lang>.json``."""
    lex = lexicon(lang)
    killed = [m for m in mentions if m["kind"] == "killed"]
    for pat in lex.pat_moved:
        for mv in pat.finditer(text):
            a = max(text.rfind(".", 0, mv.start()), text.rfind(";", 0, mv.start())) + 1
            killed = [m for m in killed if not a <= m["start"] < mv.end()]
    for pat in lex.pat_alternative:
        for alt in pat.finditer(text):
            a = max(text.rfind(c, 0, alt.start()) for c in ".;([") + 1
            b = min((i for i in (text.find(c, alt.end()) for c in ".;)]") if i >= 0), default=len(text))
            kept = [m for m in killed if not a <= m["start"] < b]
            if any(not m["negated"] for m in kept):  # another source's toll, when the note told its own
                killed = kept
    coded = next((m for pat in lex.pat_coded for m in pat.finditer(text)), None)
    split = next((m for pat in lex.pat_split for m in pat.finditer(text)), None)
    told = [m for m in killed if not m["negated"]]
    if coded is None and split is not None and told:
        # "28 militants killed ... fatalities split between (3) events": this event's share, halves down
        parts, _ = parse_count(split.group("n"), lex)
        top = max(told, key=lambda m: m["count"])
        if parts and parts > 1:
            killed = [CasualtyMention(**top)]
            killed[0]["count"] = max(1, math.ceil(top["count"] / parts - 0.5))
            killed[0]["approximate"] = True
    if coded is not None:
        count, _ = parse_count(coded.group("n"), lex)
        if count is not None:
            first = killed[0] if killed and count > 0 else None
            mark: CasualtyMention = CasualtyMention(**first) if first else CasualtyMention(
                start=coded.start(), end=coded.end(), text=coded.group(0), kind="killed", approximate=False, who=None)
            mark["count"], mark["negated"], mark["confidence"] = count, count == 0, 0.9
            killed = [mark]
    return [m for m in mentions if m["kind"] != "killed"] + killed


def run(doc: Document) -> None:
    """Set ``doc.casualties``: casualty mentions for each sentence (see :func:`coded_toll`)."""
    mentions: list[CasualtyMention] = []
    for sent in doc.doc.sents:
        for m in find_mentions(sent.text, doc.lang, offset=sent.start_char):
            m["sent_start"], m["sent_end"] = sent.start_char, sent.end_char
            mentions.append(m)
    mentions = coded_toll(doc.doc.text, doc.lang, mentions)
    for m in mentions:
        if "sent_start" not in m:  # a coded toll of its own: the sentence that holds it
            sent = next(s for s in doc.doc.sents if s.start_char <= m["start"] < s.end_char)
            m["sent_start"], m["sent_end"] = sent.start_char, sent.end_char
    mentions.sort(key=lambda m: (m["start"], m["kind"]))
    doc.casualties = mentions
