"""Shared text normalisation: one home for accent folding and the keys names are matched by.

- :func:`strip_accents`: NFKD without combining marks, case kept.
- :func:`deaccent`: accents removed, case kept, NFC (a spelling variant of a form).
- :func:`fold`: lower case, accents removed, typographic apostrophes and dashes made plain
  (token comparison in the entity stages).
- :func:`name_key`: the gazetteer's lookup key ("U.S." -> "us", "Saint-Louis" -> "saint louis").
- :func:`word_key`: the words of a name, case- and accent-free, for matching across articles
  and languages (the store's ``name_key`` column; dots split words: "U.S." -> "u s").
- :func:`number_from_parts`: the value of a run of number words ("quatre-vingt-trois" -> 83).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
_DOTTED = re.compile(r"(?<=\w)\.(?=\w)|(?<=\w)\.$")
_NONWORD = re.compile(r"[^\w' ]+")
_NOT_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")


def strip_accents(s: str) -> str:
    """``s`` without combining marks (NFKD), case kept: "Ségou" -> "Segou"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def deaccent(text: str) -> str:
    """``text`` without accents, case kept, recomposed (NFC)."""
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if not unicodedata.combining(c)))


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes and dashes made plain."""
    if text.isascii():  # no accent, typographic apostrophe or dash to replace (most tokens)
        return text.lower()
    return _fold_word(text) if len(text) <= 40 else _fold_unicode(text)


@lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-")
    nfd = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in nfd if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """The lookup key of a name: casefolded, without accents, hyphens or dots ("U.S." -> "us")."""
    if name.isascii():
        if name.isalpha():  # a plain word (most calls): nothing to strip
            return name.lower()
        s = name.translate(_APOSTROPHES).lower()  # no accents to strip; casefold is lower in ASCII
    else:
        s = strip_accents(name.translate(_APOSTROPHES)).casefold()
    s = _DOTTED.sub("", s)
    s = s.replace("-", " ").replace("_", " ")
    s = _NONWORD.sub(" ", s)
    return _SPACES.sub(" ", s).strip(" '")


def is_latin_key(key: str) -> bool:
    """A key written in ASCII with at least one letter (a name in Latin script, once folded)."""
    return bool(key) and key.isascii() and any(c.isalpha() for c in key)


def word_key(name: str) -> str:
    """Case- and accent-free words of a name, for matching across articles and languages."""
    return " ".join(_NOT_WORD.sub(" ", strip_accents(name).casefold()).split())


def number_from_parts(values: Iterable[int]) -> int:
    """The number that a run of number words spells, from their values in reading order:
    [4, 20, 3] ("quatre-vingt-trois") -> 83, [3, 100, 12] -> 312, [2, 1000, 5] -> 2005."""
    total, current = 0, 0
    for n in values:
        if n in (100, 1000):
            current = max(current, 1) * n
            if n == 1000:
                total, current = total + current, 0
        elif n == 20 and current == 4:  # quatre-vingt(s)
            current = 80
        else:
            current += n
    return total + current
