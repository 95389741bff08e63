"""Stage: times. Temporal expressions tagged with spaCy token rules and resolved to intervals.

Tagging (in the spirit of HeidelTime): ``data/time_rules_<lang>.json`` holds lexicons (weekdays,
months, seasons, parts of day, number words, units, modifiers, directions) and rules, each a
token sequence compiled into a spaCy :class:`~spacy.matcher.Matcher` pattern. Overlapping
matches are reduced to the longest ones; guards reject non-temporal readings (a year that is a
count: "2000 soldats"; a weekday that names a paper: "Sunday Times"; a capitalised French month
that is the planet; English "may" is only a month when capitalised and placed like a date).

Resolution (:mod:`veille.stages.times_resolve`) works from the publication date (DCT):
a bare weekday in past-tense news is the most recent such day on or before the DCT (same day
allowed), the next one with a future tense (spaCy morphology ``Tense=Fut``, conditional,
"will", "aller"/"prévoir" + infinitive); "dernier/last" excludes the DCT day itself. A month or
day without a year takes the DCT year, moved by "dernier/prochain" or the tense. Clock times,
"la nuit", "la veille" hang on the previous day-precision date of the text (else the DCT).
Without a DCT nothing relative is resolved: dates stay None, precision "unresolved", ``weekday``
set for weekdays; today's date is never used.

``precision`` is the granularity of the interval: day; week (ISO week, weekend, or a part of a
month: "début mars" = 1-10, "mi-mars" = 11-20, "fin mars" = 21-31); month; season (a season, a
quarter, or a part of a year: "début 2020" = Jan-Mar, "mi-2020" = May-Aug, "fin 2020" =
2020-10-01..2020-12-31, value "2020", modifier "end"); year; decade (also centuries). ACLED's
time_precision follows as day -> 1, week -> 2, coarser -> 3.

The report's ``times`` keeps every TIMEX3 found, each with a ``kind``: "date" for the
expressions that can place an event in time (dates, ranges, nights, "il y a trois jours", "ces
deux dernières années" = the two years up to the DCT, "trois jours plus tard" = three days after
the previous date, "hier à 10 h"), else "clock", "part_of_day" ("la nuit"), "duration", "set" or
"reference" (PRESENT_REF-style words). The event stage reads the dates; an event's own date is
its separate ``date`` field.
``value`` is TIMEX3: 2021-03-07, 2021-03-07TEV, 2021-W09, 2021-W09-WE, 2020-12, 2020-WI, 2020,
199X, 18XX, XXXX-WXX-7 (unresolved Sunday), durations P3Y/PT2H (type DURATION, no dates),
sets P1D/XXXX-WXX-4 (type SET), PRESENT_REF/PAST_REF/FUTURE_REF; a day range is
"start/end".
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Optional, cast

from veille.document import Document
from veille.schema import Span, TimeExpression, TimePrecision
from veille.stages.times_resolve import (
    Features,
    Resolved,
    day_period,
    expand_year2,
    quarter_period,
    resolve,
    resolve_quarter,
    safe_date,
    year_period,
)
from veille.text import number_from_parts

APOSTROPHES = ("'", "\u2019")
NUMERIC_ROLES = {"DAY", "YEAR", "YEAR2", "ISO_YEAR", "ISO_MONTH", "ISO_DAY", "DATE_NUM", "DATE_DM", "NUM", "DECNUM",
                 "DECADE", "DECADE2", "DECWORD", "CENTURY", "CLOCKTOK", "HOURMIN", "HOURMIN_COLON", "HOUR", "MINUTE",
                 "MILTIME", "MIMONTH", "MIDMONTH", "MIYEAR", "AFFIXYEAR", "NUMW", "YEARPAIR", "YEARHI", "YEARTENS", "YEARUNIT", "YEARTHOUSAND"}
QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
GENERIC_SEASON = re.compile(r"XXXX-(SP|SU|FA|WI)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


# --------------------------------------------------------------------------- rule data
def norm(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _variants(word: str) -> list[str]:
    out = [word]
    if "'" in word:
        out.append(word.replace("'", "\u2019"))
    if word == "-":
        out += ["\u2013", "\u2014"]
    return out


@dataclass
class RuleSet:
    lang: str
    lexicons: dict[str, dict[str, Any]]  # read from JSON: words to numbers, codes, ...
    tokens: dict[str, dict]
    rules: list[dict]
    months_lowercase: bool
    ref_type: str = "TIME"  # TIMEX3 type of PRESENT_REF/PAST_REF/FUTURE_REF in this language's TimeBank
    century_value: str = "XX"  # "hundreds": a century's TIMEX3 value is "19" (English TimeBank), else "19XX"
    decade_value: str = "X"  # "tens": a decade's value is "199" (English TimeBank), else "199X"
    decade_duration: str = "DE"  # "years": "two decades" is P20Y (English TimeBank), else P2DE


@lru_cache(maxsize=None)
def load_rules(lang: str) -> Optional[RuleSet]:
    """The rule data for ``lang`` (None when Veille has no time rules for it)."""
    try:
        raw = resources.files("veille.data").joinpath(f"time_rules_{lang}.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    lexicons = {name: {norm(k): v for k, v in entries.items()} for name, entries in data["lexicons"].items()}
    tokens = {name: _expand_spec(spec, lexicons) for name, spec in data["tokens"].items()}
    return RuleSet(lang, lexicons, tokens, data["rules"], bool(data.get("months_lowercase")), data.get("ref_type", "TIME"),
                   data.get("century_value", "XX"), data.get("decade_value", "X"), data.get("decade_duration", "DE"))


def _lexicon_words(ref: str, lexicons) -> list[str]:
    name, _, form = ref[1:].partition("|")
    words = []
    for w in lexicons[name]:
        if form == "title":
            words += [w[:1].upper() + w[1:], w.upper()]
        else:
            words += _variants(w)
    return words


def _expand_spec(spec, lexicons):
    """Replace '@lexicon' references in a token spec by the lexicon's words."""
    if isinstance(spec, dict):
        out = {}
        for k, v in spec.items():
            if k == "IN":
                items = [v] if isinstance(v, str) else v
                words: list[str] = []
                for item in items:
                    words += _lexicon_words(item, lexicons) if item.startswith("@") else _variants(item)
                out[k] = words
            elif k == "REGEX":
                out[k] = re.sub(
                    r"@(\w+)",
                    lambda m: "|".join(
                        re.escape(w) for w in sorted(lexicons[m.group(1)], key=len, reverse=True)
                    ),
                    v,
                )
            else:
                out[k] = _expand_spec(v, lexicons)
        return out
    return spec


def _parse_pattern(text: str, tokens: dict) -> list[list[tuple[dict, str]]]:
    """One rule pattern string -> its variants, each a list of (spaCy token spec, role)."""
    slots: list[list[tuple[dict, str]]] = []
    for item in text.split():
        op = None
        if len(item) > 1 and item[-1] in "?+*":
            item, op = item[:-1], item[-1]
        macros = [a for a in item.split("|") if a in tokens]
        literals = [a for a in item.split("|") if a not in tokens]
        choices: list[tuple[dict, str]] = [(dict(tokens[m]), m) for m in macros]
        if literals:
            words = [v for w in literals for v in _variants(w)]
            choices.append(({"LOWER": {"IN": words}}, "LIT"))
        if op:
            choices = [({**spec, "OP": op}, role) for spec, role in choices]
        slots.append(choices)
    return [list(v) for v in itertools.product(*slots)]


def _native(spec: dict) -> dict:
    """``spec`` with a one-word ``IN`` as a plain value ({"LOWER": {"IN": ["le"]}} -> {"LOWER": "le"}):
    the same test, which the Matcher runs natively instead of calling a Python predicate per token."""
    out = {}
    for attr, value in spec.items():
        if isinstance(value, dict) and list(value) == ["IN"] and len(set(value["IN"])) == 1 \
                and isinstance(value["IN"][0], str):
            value = value["IN"][0]
        out[attr] = value
    return out


SPACE_ROLE = "SPACE"
# a space token inside a line: spaCy makes a token of a non-breaking space ("1er\u00a0décembre",
# "10\u00a0h"), which French news sets between the words of most dates
INLINE_SPACE = {"IS_SPACE": True, "TEXT": {"REGEX": "^[^\\n\\r]+$"}, "OP": "?"}


def _with_inline_spaces(variant: list[tuple[dict, str]]) -> list[tuple[dict, str]]:
    """A pattern variant that lets a space token stand between any two of its words."""
    out: list[tuple[dict, str]] = []
    for i, slot in enumerate(variant):
        if i:
            out.append((INLINE_SPACE, SPACE_ROLE))
        out.append(slot)
    return out


class Tagger:
    """The compiled Matcher for one language and vocabulary."""

    def __init__(self, rules: RuleSet, vocab):
        from spacy.matcher import Matcher

        self.rules = rules
        self.matcher = Matcher(vocab)
        self.keys: dict[int, tuple[int, list[str]]] = {}
        for order, rule in enumerate(rules.rules):
            for p, pattern in enumerate(rule["patterns"]):
                for v, variant in enumerate(_parse_pattern(pattern, rules.tokens)):
                    key = f"{rule['id']}#{p}.{v}"
                    variant = _with_inline_spaces(variant)
                    self.matcher.add(key, [[_native(spec) for spec, _ in variant]])
                    self.keys[vocab.strings[key]] = (order, [role for _, role in variant])

    def candidates(self, sdoc):
        """(start, end, rule order, roles per token) for every match that passes its guards."""
        out = []
        for match_id, start, end, align in self.matcher(sdoc, with_alignments=True):
            order, roles = self.keys[match_id]
            token_roles = [roles[i] for i in align]
            while end - start > 1 and (sdoc[start].is_punct and token_roles[0] == "LIT" or token_roles[0] == SPACE_ROLE):
                start, token_roles = start + 1, token_roles[1:]
            while end - start > 1 and (sdoc[end - 1].is_punct and token_roles[-1] == "LIT" or token_roles[-1] == SPACE_ROLE):
                end, token_roles = end - 1, token_roles[:-1]
            rule = self.rules.rules[order]
            if self._guards_ok(sdoc, start, end, rule, token_roles):
                out.append((start, end, order, token_roles))
        return out

    # ----------------------------------------------------------------------- guards
    def _guards_ok(self, sdoc, start, end, rule, roles) -> bool:
        lex = self.rules.lexicons
        prev = norm(sdoc[start - 1].text) if start > 0 else ""
        if not _neighbours_ok(sdoc, start, end, rule):
            return False
        guards = rule.get("guard", [])
        toks = sdoc[start:end]
        if "year_not_nummod" in guards:
            for tok, role in zip(toks, roles, strict=True):
                if role in ("YEAR", "YEAR2") and not _year_like(tok, sdoc, lex.get("year_determiner", {})):
                    return False
        if "weekday_not_name" in guards:
            nxt = " ".join(norm(t.text) for t in sdoc[end : end + 2])
            nxt1 = norm(sdoc[end].text) if end < len(sdoc) else ""
            before = [" ".join(norm(t.text) for t in sdoc[max(0, start - k) : start]) for k in (1, 2)]
            names_after = lex.get("name_after_weekday", {})
            names_before = lex.get("name_before_weekday", {})
            if nxt1 in names_after or nxt in names_after or any(b in names_before for b in before):
                return False
        if "season_not_name" in guards:
            # "le Printemps arabe", "printemps de Prague": names of events, not seasons
            after = [" ".join(norm(t.text) for t in sdoc[end : end + k]) for k in (1, 2)]
            if any(a in lex.get("name_after_season", {}) for a in after):
                return False
            if any(r == "SEASON" or norm(t.text) in lex["season"] for t, r in zip(toks, roles, strict=True)
                   if t.text[:1].isupper() and not t.is_sent_start):
                return False
        if "not_age" in guards:
            # ages are not durations: "âgé de 38 ans", "Pierre Martin, 26 ans,", "35 years old"
            nxt_tok = sdoc[end] if end < len(sdoc) else None
            nxt = norm(nxt_tok.text) if nxt_tok is not None else ""
            years = any(lex["unit"].get(norm(t.text)) == "Y" for t in toks)
            if years and nxt not in ("de", "d'", "of"):
                if prev == "," and (nxt_tok is None or nxt_tok.is_punct):
                    return False
                nxt2 = "".join(norm(t.text) for t in sdoc[end : end + 2])  # "five-year-old": "-old"
                if prev in lex.get("age_before", {}) or nxt in lex.get("age_after", {}) or nxt2 in lex.get("age_after", {}):
                    return False
                if _age_group(sdoc, start, end, lex):
                    return False
        if not _quantity_guards_ok(sdoc, start, end, guards, lex):
            return False
        if "pod_anchor" in guards:
            if len(toks) == 2 and norm(toks[1].text) in ("journée",):
                return False
            if len(toks) == 1 and toks[0].dep_ == "amod":
                return False
        if self.rules.months_lowercase:
            for tok, role in zip(toks, roles, strict=True):
                # "Mars" the planet: a capitalised month needs a day or a year, or company at sentence start
                if role == "MONTH" and tok.text[:1].isupper() and not any(r in ("DAY", "YEAR", "YEAR2") for r in roles):
                    if not tok.is_sent_start or len(toks) == 1:
                        return False
        return True


def _neighbours_ok(sdoc, start: int, end: int, rule: dict) -> bool:
    """The words around the match that a rule asks for or rules out: 'prev_in' / 'prev_not_in'
    (the word before), 'prev_phrase_in' (the one to three words before), 'next_in' / 'next_not_in'."""
    prev = norm(sdoc[start - 1].text) if start > 0 else ""
    if ("prev_in" in rule and prev not in rule["prev_in"]) or prev in rule.get("prev_not_in", ()):
        return False
    if "prev_phrase_in" in rule and not any(
            " ".join(norm(t.text) for t in sdoc[max(0, start - k) : start]) in rule["prev_phrase_in"] for k in (1, 2, 3)):
        return False
    following = norm(sdoc[end].text) if end < len(sdoc) else ""
    return not (("next_in" in rule and following not in rule["next_in"]) or following in rule.get("next_not_in", ()))


def _quantity_guards_ok(sdoc, start: int, end: int, guards, lex) -> bool:
    """Rates, ordinals and adjectives that look like durations or sets."""
    toks = sdoc[start:end]
    if "not_rate" in guards and len(toks) == 2 and norm(toks[0].text) in lex.get("rate_article", {}) and start > 0:
        # "$1.76 a year", "700 seats a week", "24 hours a day": a rate, not a duration
        p = sdoc[start - 1]
        if p.like_num or p.text in ("%", "$", "€", "£") or p.tag_ == "NNS":
            return False
    if "not_ordinal" in guards and any(norm(t.text) in lex.get("ordinal_unit", {}) for t in toks) \
            and end < len(sdoc) and sdoc[end].pos_ in ("NOUN", "ADJ", "PROPN"):
        return False  # "a second group", "a second betrayal"
    if "unit_not_name" in guards and any(norm(t.text) in lex["unit"] and t.text[:1].isupper() and not t.is_sent_start
                                         for t in toks):
        return False  # "60 Minutes", "48 Hours": a capitalised unit inside a sentence names a programme
    if "adverb" in guards and any(t.pos_ != "ADV" for t in toks):
        return False  # "the average daily volume", "the party daily Granma": not a SET
    if "consecutive_years" in guards and not all(
            (ys := [int(y) for y in t.text.split("/")])[1] == ys[0] + 1 for t in toks if "/" in t.text):
        return False  # "la saison 2002/2003"; "1500/2000" is a ratio
    return True


def _age_group(sdoc, start: int, end: int, lex) -> bool:
    """An age group: "les 6-16 ans", "des 0-6 ans" (either end of the bracket)."""
    before = lex.get("age_group_before", {})
    bracket = [norm(t.text) for t in sdoc[max(0, start - 3) : start]]
    if len(bracket) == 3 and bracket[0] in before and bracket[2] == "-" and sdoc[start - 2].like_num:
        return True
    unit = norm(sdoc[end - 1].text)
    return start > 0 and norm(sdoc[start - 1].text) in before and end + 2 < len(sdoc) \
        and sdoc[end].text == "-" and sdoc[end + 1].like_num and norm(sdoc[end + 2].text) == unit


def _year_like(tok, sdoc, determiners=None) -> bool:
    """A 4-digit number read as a year unless it counts something ("2000 soldats")."""
    prev = sdoc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and norm(prev.text) in (determiners or {}):
        return True  # "the 1987 crash", "its 1990 invasion", "Mixte's 1989 profit": a year names the thing
    if tok.dep_ == "nummod" and tok.head.i != tok.i:
        # "2000 soldats" counts a plural; "a 1971 Convention", "in his 1996 campaign" name a year
        head = tok.head
        return head.i > tok.i and head.pos_ in ("NOUN", "PROPN") and "Sing" in head.morph.get("Number") \
            and re.fullmatch(r"(19|20)\d\d", tok.text) is not None
    if tok.dep_ in ("obj", "dobj") and not (tok.i > 0 and sdoc[tok.i - 1].pos_ == "ADP"):
        return False  # "envoyer 1500", "sent 2000": a quantity
    nxt = sdoc[tok.i + 1] if tok.i + 1 < len(sdoc) else None
    if nxt is not None and (nxt.text in ("%", "€", "$") or nxt.like_num):
        return False
    prev = sdoc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and (prev.like_num or prev.text in ("n°", "N°", "no", "No.", "+", "-", "$", "€", "£")):
        # "2 000", "1 500-2000", "No. 2000"; a dash between two years is handled by ranges
        if not (prev.text == "-" and tok.i >= 2 and re.fullmatch(r"(1[5-9]|20)\d\d", sdoc[tok.i - 2].text)):
            return False
    return True


@lru_cache(maxsize=None)
def _tagger_for(lang: str, _vocab_id: int, vocab) -> Optional[Tagger]:  # the id keys the cache
    rules = load_rules(lang)
    return Tagger(rules, vocab) if rules else None


def get_tagger(lang: str, vocab) -> Optional[Tagger]:
    return _tagger_for(lang, id(vocab), vocab)


def configure_nlp(nlp, lang: str) -> None:
    """Compile the matcher once when the spaCy pipeline is loaded."""
    get_tagger(lang, nlp.vocab)


# --------------------------------------------------------------------------- selection
def select(cands) -> list[tuple[int, int, int, list[str]]]:
    """Longest non-overlapping matches; on equal length the earlier rule in the data wins."""
    chosen = []
    taken: set[int] = set()
    for start, end, order, roles in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if any(i in taken for i in range(start, end)):
            continue
        chosen.append((start, end, order, roles))
        taken.update(range(start, end))
    return sorted(chosen)


# --------------------------------------------------------------------------- features
def parse_number(text: str, numbers: dict) -> Optional[float]:
    t = norm(text)
    if re.fullmatch(r"\d+([.,]\d+)?", t):
        return float(t.replace(",", "."))
    parts = [p for p in t.split("-") if p and p != "et"]
    if any(p not in numbers for p in parts):
        return None
    value = number_from_parts(numbers[p] for p in parts)
    return float(value) if value else None


def _roman(s: str) -> Optional[int]:
    total, prev = 0, 0
    for ch in reversed(s):
        v = ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def features(toks, roles, rules: RuleSet, dct: Optional[date]) -> Features:
    """What the matched tokens say: each token, by its role, feeds the named rules below in turn."""
    f = Features()
    for tok, role in zip(toks, roles, strict=True):
        t = norm(tok.text)
        if role in NUMERIC_ROLES:
            _numeric(f, t, role, rules, dct)
            continue
        for rule in _WORD_RULES:
            rule(f, tok, t, role, rules.lexicons)
    return f


def _calendar_word(f: Features, _tok, t: str, role: str, lex) -> None:
    """Weekday, month, season, quarter and part of the day named by a word."""
    if t in lex["weekday"]:
        f.weekdays.append(lex["weekday"][t])
    if t in lex.get("weekday_plural", {}):
        f.weekdays.append(lex["weekday_plural"][t])
    if t in lex["month"] and role in ("MONTH", "WORD"):
        f.months.append(lex["month"][t])
    if t in lex.get("month_abbr", {}) and role == "MONTH_ABBR":
        f.months.append(lex["month_abbr"][t])
    if t in lex["season"]:
        f.season = lex["season"][t]
    if role == "ORDQ":
        f.quarter = lex["quarter_ordinal"][t]
    if t in lex["part_of_day"]:
        f.pod = lex["part_of_day"][t]
    if t in lex.get("holiday", {}):
        _holiday(f, lex["holiday"][t])


def _holiday(f: Features, value: str) -> None:
    """A holiday's day: "12-25" (Christmas), or "11-4-3" for the 4th Thursday of November (weekday
    0 = Monday); the year comes from the text, the DCT and the tense like any day without year."""
    parts = [int(x) for x in value.split("-")]
    f.months.append(parts[0])
    if len(parts) == 2:
        f.days.append(parts[1])
    else:
        f.nth_weekday = (parts[1], parts[2])
        f.days.append(1 + 7 * (parts[1] - 1))  # near the day, for the year's choice; the weekday fixes it


def _relative_word(f: Features, _tok, t: str, role: str, lex) -> None:
    """Deictic and anaphoric words, direction (last/next/this), modifiers, earlier/later, approximation."""
    if t in lex["deictic"]:
        f.deictic = lex["deictic"][t]
    if t in lex.get("anaphoric", {}):
        f.anaphoric = lex["anaphoric"][t]
    if t in lex["past"]:
        f.direction = -1
    if t in lex["next"]:
        f.direction = 1
    if t in lex["this"]:
        f.this = True
    if t in lex["modifier"] and lex["modifier"][t] and role in ("MOD", "MODNOUN", "LIT"):
        f.mod = lex["modifier"][t]
    if t in ("earlier", "later"):
        f.clip = -1 if t == "earlier" else 1
    if t in lex["approx"]:
        f.approx = True


def _unit_word(f: Features, tok, t: str, role: str, lex) -> None:
    """Calendar units (and their plural), vague quantities, reference words, sets and duration nouns."""
    if t in lex["unit"]:
        f.unit = lex["unit"][t]
        f.plural = f.plural or "Plur" in tok.morph.get("Number") or (t.endswith("s") and t != "mois")
    if role in ("FUZZY", "SOME"):
        f.fuzzy = True
    if t in lex.get("reference", {}):
        f.ref = lex["reference"][t]
    if t in lex.get("set_quantifier", {}):
        f.quant = True
    if t in lex.get("duration_noun", {}):
        f.fixed_value = lex["duration_noun"][t]
    if role == "SETNOUN":  # "par semestre": P6M
        f.fixed_value = lex["set_noun"][t]
    if t in lex.get("set_word", {}):
        f.set_unit = lex["set_word"][t]
    if role == "HALF" and f.count is not None:  # "a minute and a half", "two and a half years"
        f.count += lex["fraction"][t]


def _clock_word(f: Features, _tok, t: str, role: str, _lex) -> None:
    """am/pm, and noon or midnight as an hour."""
    if role == "AMPM" or t in ("am", "pm", "a.m.", "p.m.", "a.m", "p.m"):
        f.ampm = "pm" if t.startswith("p") else "am"
    if role == "NOONMID":
        f.hour = 12 if t in ("midi", "noon") else 0


_WORD_RULES = (_calendar_word, _relative_word, _unit_word, _clock_word)


def _numeric(f: Features, t: str, role: str, rules: RuleSet, dct: Optional[date]) -> None:
    if role in ("DAY", "ISO_DAY"):
        m = re.match(r"\d+", t)
        f.days.append(int(m.group()) if m else 1)
    elif role in ("YEAR", "ISO_YEAR"):
        f.years.append(int(t))
    elif role.startswith("YEAR") and role != "YEAR2":
        _year_in_parts(f, t, role, rules)
    elif role == "YEAR2":
        f.years.append(expand_year2(int(t), dct))
    elif role == "ISO_MONTH":
        f.months.append(int(t))
    elif role == "DATE_NUM":
        a, b, y = (int(x) for x in re.split(r"[/.]", t))
        # French day first; English month first ("7/4/21"), unless the first number cannot be a month ("25/12/2020")
        d, mo = (a, b) if rules.lang != "en" or a > 12 else (b, a)
        f.days.append(d)
        f.months.append(mo)
        f.years.append(y if y >= 100 else expand_year2(y, dct))
    elif role == "DATE_DM":  # "le 15/01": day and month, the year from the DCT and the tense
        d, mo = (int(x) for x in t.split("/"))
        f.days.append(d)
        f.months.append(mo)
    elif role == "NUM":
        f.count = parse_number(t, rules.lexicons["number"])
    elif role == "NUMW":  # second half of a split compound: "quarante - huit"
        n = parse_number(t, rules.lexicons["number"])
        if f.count is not None and n is not None:
            f.count += n
    elif role in ("DECNUM", "DECADE", "DECADE2", "DECWORD"):
        digits = re.match(r"\d+", t)
        if digits:
            f.decade = int(digits.group())
        else:
            f.decade = rules.lexicons["decade_word"].get(t)
    elif role == "CENTURY":  # "XIXe", "20th"
        digits = re.match(r"\d+", t)
        if digits:
            f.century = int(digits.group())
        else:
            roman = re.match(r"[ivxlc]+", t)
            assert roman is not None  # a CENTURY token without digits is a roman numeral
            f.century = _roman(roman.group().upper())

    elif role == "CLOCKTOK":
        m = re.match(r"(\d{1,2})(?:[h:.](\d\d)?)?", t)
        assert m is not None  # a CLOCKTOK token starts with its hour
        f.hour = int(m.group(1))
        f.minute = int(m.group(2) or 0)
        if t.endswith(("pm", "p.m.")):
            f.ampm = "pm"
        elif t.endswith(("am", "a.m.")):
            f.ampm = "am"
    elif role in ("HOURMIN", "HOURMIN_COLON"):
        h, mm = re.split(r"[:.]", t)
        f.hour, f.minute = int(h), int(mm)
    elif role == "MILTIME":
        f.hour, f.minute = int(t[:2]), int(t[2:])
    elif role == "HOUR":
        f.hour = int(t)
    elif role == "MINUTE":
        f.minute = int(t)
    elif role in ("MIMONTH", "MIDMONTH"):
        f.mod = "mid"
        month = t.split("-", 1)[1]
        f.months.append(rules.lexicons["month"][month])
    elif role == "MIYEAR":
        f.mod = "mid"
        f.years.append(int(t.split("-", 1)[1]))
    elif role == "AFFIXYEAR":  # "post-1959 politics", "pre-1990": the year itself
        f.years.append(int(t.rsplit("-", 1)[1]))


def _year_in_parts(f: Features, t: str, role: str, rules: RuleSet) -> None:
    """A year said in words ("nineteen ninety-one", "the year two thousand") or a pair ("2002/2003")."""
    if role == "YEARPAIR":
        f.years.extend(int(y) for y in t.split("/"))
    elif role == "YEARHI":
        f.years.append(100 * int(rules.lexicons["year_hundreds"][t]))
    elif role in ("YEARTENS", "YEARUNIT") and f.years:
        f.years[-1] += int(rules.lexicons["year_tens" if role == "YEARTENS" else "year_units"][t])
    elif role == "YEARTHOUSAND":
        f.years.append(2000)


# --------------------------------------------------------------------------- tense
def _conditional(tok, rules: RuleSet) -> bool:
    """A conditional verb form, also where the tagger reads a regular one as an imperfect
    ("partirait": the infinitive and an imperfect ending, unlike "partait")."""
    if "Cnd" in tok.morph.get("Mood"):
        return True
    if "Imp" not in tok.morph.get("Tense"):
        return False
    word, lemma = norm(tok.text), norm(tok.lemma_)
    for ending in rules.lexicons.get("conditional_ending", {}):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return stem == lemma or (lemma.endswith("re") and stem == lemma[:-1])
    return False


def _after_future_cue(sdoc, start: int, rules: RuleSet, lexicon: str = "future_before") -> bool:
    """The expression follows words that look ahead ("as soon as", "as early as")."""
    cues = rules.lexicons.get(lexicon, {})
    return any(" ".join(norm(t.text) for t in sdoc[max(0, start - k) : start]) in cues for k in (1, 2, 3))


def _pluperfect(tok, rules: RuleSet) -> bool:
    """The verb governing ``tok`` is a past perfect ("until Thursday, they had not called him")."""
    node = tok
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            break
        node = node.head
    return any(c.dep_.startswith("aux") and norm(c.text) in rules.lexicons.get("pluperfect_aux", {}) for c in node.children)


def _pluperfect_group(tokens, rules: RuleSet) -> bool:
    """A past-perfect auxiliary ("had") among a verb's auxiliaries or children."""
    plup = rules.lexicons.get("pluperfect_aux", {})
    return any(t.dep_.startswith("aux") and norm(t.text) in plup for t in tokens)


def _perfect_aux(aux, verb, rules: RuleSet) -> bool:
    """``aux`` makes a compound past of ``verb`` ("aurait fait", "serait arrivé", "se serait
    produit"), not a passive ("serait reporté"): the parser labels both être auxiliaries aux:pass."""
    if "Part" not in verb.morph.get("VerbForm"):
        return False
    if aux.dep_ == "aux:tense":
        return True
    reflexive = any(c.dep_.startswith("expl") or "Reflex=Yes" in str(c.morph) for c in verb.children)
    return aux.dep_ == "aux:pass" and (reflexive or norm(verb.lemma_) in rules.lexicons.get("etre_verb", {}))


def _present_passive(node, rules: RuleSet) -> bool:
    """A present passive: "the case is heard", "le verdict est attendu" (not the compound past
    "il est arrivé", "ils se sont rendus", which the French parser may also label aux:pass)."""
    if node.tag_ == "VBN":
        return any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in node.children)
    if "Part" not in node.morph.get("VerbForm"):
        return False
    auxes = [c for c in node.children if c.dep_.startswith("aux")]
    return bool(auxes) and all(c.dep_ == "aux:pass" and "Pres" in c.morph.get("Tense") and not _perfect_aux(c, node, rules)
                               for c in auxes)


def tense_of(tok, rules: RuleSet, scheduled_present: bool = False) -> int:
    """+1 future, -1 past, 0 present/unknown, from the verb governing ``tok``.

    ``scheduled_present``: read a plain present as future (weekdays: "host Chelsea on Saturday")."""
    node = tok
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX"):
            break
        if node.head.i == node.i:
            return 0
        node = node.head
    else:
        return 0
    if node.pos_ not in ("VERB", "AUX"):
        return 0
    future_verbs = rules.lexicons.get("future_verb", {})
    group = [node] + [c for c in node.children if c.dep_.startswith("aux") or c.dep_ == "cop"]
    for t in group:
        if _conditional(t, rules) and t.i != node.i and _perfect_aux(t, node, rules):
            return -1  # past conditional: "l'attaque aurait fait dix morts dimanche" reports a past event
        if "Fut" in t.morph.get("Tense") or _conditional(t, rules):
            return 1
        if norm(t.text) in rules.lexicons.get("future_modal", {}) and t.i != node.i:
            return 1
    inf = "Inf" in node.morph.get("VerbForm") or node.tag_ == "VB"
    governor = node.head.head if node.head.pos_ == "ADJ" and node.head.dep_ in ("acomp", "amod") else node.head
    if _pluperfect_group(group, rules) or (inf and node.head.i != node.i and _pluperfect_group(governor.children, rules)):
        return -1  # before a past moment: "it had been due to expire Friday evening", "they had planned it for Monday"
    if inf and node.head.i != node.i:
        head = node.head
        if (head.lemma_ in future_verbs and head.tag_ != "VBD") or head.lemma_ == "aller" \
                or (head.lemma_ == "go" and head.tag_ == "VBG"):
            return 1  # a plan told in the past ("planned to pay on Friday") falls to the past tense below
        if "Fut" in head.morph.get("Tense") or _conditional(head, rules):
            return 1
        if any(norm(c.text) in rules.lexicons.get("future_modal", {}) for c in head.children):
            return 1
        near = tok.head.i == node.i or (tok.head.pos_ == "ADP" and tok.head.head.i == node.i)
        if near and head.lemma_ == "be" and norm(head.text) in rules.lexicons.get("future_copula", {}):
            return 1  # "is to resume trading Tuesday", "are to meet on Monday": a plan (not "to blame for Friday's")
    if node.lemma_ in future_verbs and node.tag_ != "VBD":
        return 1
    # a present passive ("when the case is heard in May") is not a past: its participle alone says nothing
    present_passive = _present_passive(node, rules)
    for t in group:
        if present_passive and t.i == node.i:
            continue
        if "Past" in t.morph.get("Tense") or "Imp" in t.morph.get("Tense") or t.tag_ in ("VBD", "VBN"):
            return -1
    if node.tag_ == "VBG" and any(c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in node.children):
        return 1  # present progressive: "is meeting on Monday"
    neutral = rules.lexicons.get("neutral_present_verb", {})
    present = present_passive or node.tag_ in ("VBZ", "VBP") or ("Pres" in node.morph.get("Tense") and "Fin" in node.morph.get("VerbForm"))
    same_as_past = norm(node.text) in rules.lexicons.get("present_same_as_past", {})  # "hurt", "set": maybe a past
    if scheduled_present and present and node.lemma_ not in neutral and not same_as_past \
            and not any(c.dep_.startswith("aux") and c.dep_ not in ("auxpass", "aux:pass") for c in node.children):
        return 1  # scheduled present: "the leaders host Chelsea on Saturday", "le PSG reçoit Lens samedi"
    return 0


# --------------------------------------------------------------------------- stage
def _uses_anchor(kind: str, f: Features) -> bool:
    """Expressions read against the previous date of the text: clock times, la veille, la nuit."""
    if kind == "clock":
        return f.deictic is None and not f.weekdays  # "hier à 10 h", "9 a.m. Tuesday" name their day
    if kind in ("after_anchor", "before_anchor"):
        return True
    if kind != "date":
        return False
    explicit = f.weekdays or f.days or f.months or f.years
    if f.anaphoric is not None and not explicit:
        return True
    return bool(f.pod) and not (f.this or f.direction is not None or f.deictic is not None or f.weekdays
                                or f.days or f.months)


def tag(sdoc, lang: str, dct: Optional[date]) -> list[tuple[int, int, str, Resolved]]:
    """(start char, end char, rule kind, resolution) for each expression in a spaCy Doc.

    Anchored expressions (clock times, "la veille", "la nuit") take the nearest day-precision
    date of their own sentence, else the previous one in the text, else the DCT.
    """
    rules = load_rules(lang)
    tagger = get_tagger(lang, sdoc.vocab) if rules else None
    if tagger is None:
        return []
    assert rules is not None  # no tagger without rules
    items: list[list[Any]] = []  # [tokens, kind, features, tense, anchored, resolution, label]
    days: list[date] = []  # the day-precision dates so far
    any_dates: list[date] = []  # the dates of any precision so far ("six months later")
    anchor_q: Optional[tuple[int, int]] = None  # previous quarter of the text ("third quarter" -> (1989, 3))
    for start, end, order, roles in select(tagger.candidates(sdoc)):
        rule = rules.rules[order]
        kind = rule["kind"]
        toks = sdoc[start:end]
        f = features(toks, roles, rules, dct)
        f.ref = rules.rules[order].get("ref", f.ref)  # "de nos jours": the rule names the reference
        for name, value in rule.get("features", {}).items():  # what the rule itself says: "the year" = this year
            setattr(f, name, value)
        if kind == "date" and f.anaphoric in (-1, 1) and _apposed_to_day(sdoc, start, end, items):
            f.anaphoric = 0  # "Oct. 12, the day before the plunge", "le 3 février, la veille du scrutin": that same day
        head_tok = next((t for t, r in zip(toks, roles, strict=True) if r in ("WEEKDAY", "MONTH", "DAY", "DEICTIC")), toks.root)
        f.told_past = _told_in_simple_past(toks.root)
        tense = tense_of(head_tok, rules, scheduled_present=bool(f.weekdays) and not f.days)
        if _after_future_cue(sdoc, start, rules):
            tense = 1  # "as soon as Tuesday", "dès lundi prochain"
        elif _after_future_cue(sdoc, start, rules, "deadline_before") and not _pluperfect(head_tok, rules):
            tense = 1  # a deadline: "postponed until Tuesday morning", "gave them until 9 a.m. Tuesday"
        anchored = _uses_anchor(kind, f)
        res = resolve(kind, f, dct, tense, _previous(any_dates if kind in ("after_anchor", "before_anchor") else days, dct, tense))
        if "quarter_ref" in rule:  # "the quarter", "the year-ago quarter": the quarter of the narrative
            ref_q = anchor_q
            if rule.get("quarter_year") and f.years and anchor_q is not None:
                ref_q = (f.years[0], anchor_q[1])  # "the 1988 quarter": the year it names, the text's quarter
            res = resolve_quarter(rule["quarter_ref"], dct, ref_q, rule.get("quarter_fallback", "latest"),
                                  rule.get("quarter_completed", False)) or res
        if res is None:
            continue
        if f.quarter is not None and not f.years and res.value and QUARTER_VALUE.fullmatch(res.value):
            res = _apposed_quarter(sdoc, start, f.quarter, items) or res
        if res.value and QUARTER_VALUE.fullmatch(res.value) and rule.get("quarter_ref", 0) == 0 and not rule.get("quarter_year"):
            anchor_q = (int(res.value[:4]), int(res.value[-1]))
        if kind == "ref":
            res.type = rules.ref_type
        if f.century is not None and rules.century_value == "hundreds" and res.value and res.value.endswith("XX"):
            res.value = res.value[:-2]  # "the 20th century": 19
        if f.decade is not None and rules.decade_value == "tens" and res.value and res.value.endswith("X"):
            res.value = res.value[:-1]  # "the 1990s": 199
        if res.type == "DURATION" and rules.decade_duration == "years" and res.value \
                and (m := re.fullmatch(r"P(\d+|X)DE", res.value)):
            res.value = "PXY" if m.group(1) == "X" else f"P{10 * int(m.group(1))}Y"  # "two decades": P20Y
        if res.modifier is None and res.start and start > 0 and norm(sdoc[start - 1].text) in rules.lexicons["approx"]:
            res.modifier = "approx"  # "around 6 March", "vers le 10 mars"
        elif res.modifier is None and res.start and start > 1 and norm(sdoc[start - 1].text) == "le" \
                and norm(sdoc[start - 2].text) in rules.lexicons["approx"]:
            res.modifier = "approx"
        label = "part_of_day" if kind == "date" and anchored and f.anaphoric is None else kind
        if kind == "clock" and (f.deictic is not None or f.weekdays):
            label = "date"  # "hier à 10 h", "9 a.m. Tuesday" name their day: they can date an event
        items.append([toks, kind, f, tense, anchored, res, label])
        if res.start and kind in ("date", "night", "range", "ago", "after_anchor", "before_anchor") and not anchored:
            any_dates.append(res.start)
            if res.precision == "day":
                days.append(res.end if kind == "range" and res.end else res.start)
    for item in items:
        toks, kind, f, tense, anchored, res, _label = item
        if not anchored:
            continue
        sent = toks.sent
        near = [
            o for o in items
            if not o[4] and o[5].precision == "day" and o[5].start and o[0].sent.start == sent.start
            and _previous([o[5].start], dct, tense) is not None
        ]
        if near:
            before = [o for o in near if o[0].start < toks.start]
            best = max(before, key=lambda o: o[0].start) if before else min(near, key=lambda o: o[0].start)
            new = resolve(kind, f, dct, tense, best[5].start)
            if new is not None:
                item[5] = new
    _generic_in_habitual_sentence(items)
    _quarter_by_its_end(sdoc, items, rules)
    return _char_spans(items)


def _apposed_quarter(sdoc, start: int, quarter: int, items) -> Optional[Resolved]:
    """An ordinal quarter set after a comma right behind a quarter named without one ("in the
    comparable year-ago quarter, the second quarter ended Oct. 31"): an apposition naming the same
    quarter, in that quarter's year; the quarter before it takes the ordinal (both 1988-Q2)."""
    if not items or start < 2 or sdoc[start - 1].text != ",":
        return None
    prev_toks, prev_f, prev_res = items[-1][0], items[-1][2], items[-1][5]
    if prev_toks.end != start - 1 or prev_f.quarter is not None or not (prev_res.value and QUARTER_VALUE.fullmatch(prev_res.value)):
        return None
    year = int(prev_res.value[:4])
    items[-1][5] = _quarter_resolved(year, quarter, prev_res)
    return _quarter_resolved(year, quarter, prev_res)


def _quarter_resolved(year: int, quarter: int, like: Resolved) -> Resolved:
    out = Resolved(relative=like.relative, confidence=like.confidence)
    out.start, out.end, out.precision, out.value = quarter_period(year, quarter)
    return out


def _quarter_by_its_end(sdoc, items, rules: RuleSet) -> None:
    """A quarter without an ordinal followed by the day it ended ("the quarter ended July 31",
    a fiscal quarter of May to July) is the calendar quarter holding most of it: the one of the
    day 45 days before its end (1989-Q2), not the narrative's quarter."""
    ends = rules.lexicons.get("period_end_verb", {})
    for item, nxt in itertools.pairwise(items):
        toks, f, res = item[0], item[2], item[5]
        end_res = nxt[5]
        if not (res.value and QUARTER_VALUE.fullmatch(res.value)) \
                or nxt[0].start != toks.end + 1 or norm(sdoc[toks.end].text) not in ends \
                or end_res.precision != "day" or end_res.start is None:
            continue
        if f.quarter is not None:
            # "the second quarter ended Oct. 31" of a year-ago quarter (1988-Q2): the end day without a
            # year of its own is in the quarter's year (a fiscal quarter's name says nothing of its months)
            year, day = int(res.value[:4]), end_res.start
            if not nxt[2].years and year != day.year and (moved_day := safe_date(year, day.month, day.day)):
                moved = Resolved(relative=end_res.relative, confidence=end_res.confidence, modifier=end_res.modifier)
                moved.start, moved.end, moved.precision, moved.value = day_period(moved_day)
                nxt[5] = moved
            continue
        middle = end_res.start - timedelta(days=45)
        item[5] = _quarter_resolved(middle.year, (middle.month - 1) // 3 + 1, res)


def _told_in_simple_past(root) -> bool:
    """The expression is the object of a preposition on a verb in the simple past ("changed ... in
    December"): not a participle ("guidelines to be published in early November") nor a noun ("the
    slated visit in September"), whose tense says less about the date."""
    prep = root.head
    return root.dep_ == "pobj" and prep.i != root.i and prep.dep_ == "prep" and prep.head.tag_ == "VBD"


def _previous(dates: list[date], dct: Optional[date], tense: int) -> Optional[date]:
    """The date an anchored expression counts from: the last one before it in the text; in a
    past-tense clause the last one not after the DCT ("la présidentielle du 26 juin. La veille,
    la journée avait été marquée par des violences": not the eve of the coming election)."""
    if tense < 0 and dct is not None:
        dates = [d for d in dates if d <= dct]
    return dates[-1] if dates else None


def _apposed_to_day(sdoc, start: int, end: int, items) -> bool:
    """An anaphoric day ("the day before", "la veille") set after a comma right behind a
    day-precision date and followed by what it is relative to ("Nov. 3, the day before authorities
    issued a warrant"): an apposition naming that same date, not the day before it."""
    if not items or start < 2 or sdoc[start - 1].text != "," or end >= len(sdoc) or sdoc[end].is_punct:
        return False
    prev_toks, prev_res = items[-1][0], items[-1][5]
    return prev_toks.end == start - 1 and prev_res.precision == "day" and prev_res.start is not None \
        and items[-1][1] in ("date", "night")


def _habitual_cue(item) -> bool:
    """A generic season ("en été", "les mois d'été": XXXX-SU) or a yearly set ("chaque année")."""
    res = item[5]
    return bool(res.value) and (GENERIC_SEASON.fullmatch(res.value) is not None or (res.type == "SET" and res.value == "P1Y"))


def _generic_in_habitual_sentence(items) -> None:
    """A month or a day of the month without year, direction or past/future tense in a sentence
    that speaks of every year ("pendant les mois d'été, et particulièrement entre le 15 juillet
    et le 15 août, le camping affiche complet") is generic too: XXXX-07-15, left unresolved."""
    cue_sents = {o[0].sent.start for o in items if _habitual_cue(o)}
    for item in items:
        toks, kind, f, tense, _anchored, res, _label = item
        if kind != "date" or tense != 0 or toks.sent.start not in cue_sents or not f.months or f.years \
                or f.weekdays or f.direction is not None or f.this or f.deictic is not None or not res.start:
            continue
        generic = Resolved(relative=True, modifier=res.modifier, confidence=0.6)
        generic.value = f"XXXX-{f.months[0]:02d}" + (f"-{f.days[0]:02d}" if f.days else "")
        item[5] = generic


def _char_spans(items) -> list[tuple[int, int, str, Resolved]]:
    """(start char, end char, kind, resolution) of the tagged items."""
    out = []
    for toks, _kind, f, _t, _a, res, kind in items:
        if len(toks) == 1 and len(f.years) == 2 and "/" in toks.text:  # "la saison 2002/2003": two years
            cut = toks.start_char + toks.text.index("/")
            for a, b, y in ((toks.start_char, cut, f.years[0]), (cut + 1, toks.end_char, f.years[1])):
                one = Resolved(confidence=res.confidence)
                one.start, one.end, one.precision, one.value = year_period(y)
                out.append((a, b, kind, one))
            continue
        end = toks.end_char
        if toks[-1].text.endswith(".") and norm(toks[-1].text) in ("h.", "sept.") or toks[-1].text[:-1].isdigit():
            end -= 1 if toks[-1].text.endswith(".") else 0  # sentence period glued to "17 h."
        out.append((toks.start_char, end, kind, res))
    return out


DATE_KINDS = ("date", "range", "night", "ago", "later", "recent", "after_anchor", "before_anchor")
KIND_OF_RULE = {"clock": "clock", "part_of_day": "part_of_day", "duration": "duration", "set": "set", "ref": "reference"}


def report_kind(rule_kind: str) -> str:
    """The report's ``kind`` for a rule's kind: the rules that can place an event give "date"."""
    return "date" if rule_kind in DATE_KINDS else KIND_OF_RULE[rule_kind]


def run(doc: Document) -> None:
    """Add the times layer to ``doc``: every TIMEX3 found (dates, clock times, parts of the day,
    durations, sets, references), each with its ``kind``; events read the dates."""
    found = tag(doc.doc, doc.lang, doc.published)
    for n, (start, end, kind, res) in enumerate(found, 1):
        doc.times.append(
            TimeExpression(
                id=f"t{n}",
                text=doc.text[start:end],
                evidence=[Span(start=start, end=end)],
                confidence=res.confidence,
                start_date=res.start,
                end_date=res.end,
                # Resolved holds plain strings; TimeExpression (pydantic) checks them against its Literal types
                precision=cast(TimePrecision, res.precision),
                value=res.value,
                relative=res.relative,
                modifier=cast(Any, res.modifier),
                weekday=res.weekday,
                time_of_day=cast(Any, res.time_of_day),
                type=cast(Any, res.type),
                kind=cast(Any, report_kind(kind)),
            )
        )
