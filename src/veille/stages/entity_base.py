"""What the entities stage and its coreference rules share: the actor, title and entity
lexicons (``data/actors.tsv``, ``data/titles_<lang>.txt``, ``data/entities_lexicon.json``), the
candidate mention, and the title and acronym matchers over a spaCy doc.

:mod:`veille.stages.entities` finds candidates and :mod:`veille.stages.coref` groups them; both
import from here, and neither imports the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from veille.gazetteer import big_places as _big_places
from veille.resources import DATA, load_json
from veille.text import fold

ARTICLES = {
    "fr": {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "au", "aux", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs"},
    "en": {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their"},
}


@dataclass(frozen=True)
class Actor:
    id: str
    type: str
    family: str
    country: str
    name_en: str
    name_fr: str
    aliases: tuple[tuple[str, bool], ...]  # (alias, ambiguous)

    def name(self, lang: str) -> str:
        return self.name_fr if lang == "fr" else self.name_en


@lru_cache(maxsize=1)
def load_actors() -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    with open(DATA / "actors.tsv", encoding="utf-8") as fh:
        rows = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    for row in rows[1:]:  # header
        cols = (row.split("\t") + [""] * 7)[:7]
        aid, typ, family, country, name_en, name_fr, aliases = (c.strip() for c in cols)
        forms: list[tuple[str, bool]] = [(name_en, False), (name_fr, False)]
        for alias in filter(None, (a.strip() for a in aliases.split("|"))):
            forms.append((alias[:-1], True) if alias.endswith("?") else (alias, False))
        seen, uniq = set(), []
        for form, weak in forms:
            if form and (form, weak) not in seen:
                seen.add((form, weak))
                uniq.append((form, weak))
        actors[aid] = Actor(aid, typ or "ORG", family, country, name_en, name_fr, tuple(uniq))
    return actors


@dataclass(frozen=True)
class Title:
    form: str
    gender: Optional[str]
    cls: str  # rank / honorific / function
    canonical: str


@lru_cache(maxsize=None)
def load_titles(lang: str) -> dict[tuple[str, ...], Title]:
    """Titles keyed by their folded word tuple (split on spaces; dots kept)."""
    titles: dict[tuple[str, ...], Title] = {}
    with open(DATA / f"titles_{lang}.txt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            form, gender, cls = cols[0], cols[1], cols[2]
            canonical = cols[3] if len(cols) > 3 else form
            key = tuple(title_words(form))
            titles.setdefault(key, Title(form, None if gender == "-" else gender, cls, canonical))
    return titles


def title_words(text: str) -> list[str]:
    out = []
    for w in fold(text).replace("'", "' ").split():
        out.append(w)
    return out


def load_lexicon() -> dict:
    """data/entities_lexicon.json (parsed once; read-only)."""
    return load_json("entities_lexicon.json")


def big_places() -> frozenset:
    """Folded names of countries and of cities above the lexicon's population threshold."""
    return _big_places(load_lexicon().get("big_place_min_population", 100000))



@dataclass
class Resources:
    actors: Any  # PhraseMatcher: key "<actor id>" or "<actor id>?"
    bodies: Any  # Matcher: key "<body kind>"
    titles: dict
    max_title_len: int
    demonyms: dict
    lexicon: dict
    facility_heads: set
    facility_first: set
    body_info: dict
    title_first: set
    not_entities: set
    capital_only_heads: set
    countries: Any  # PhraseMatcher of country names
    body_heads: list  # (folded words, body kind), longest first


@dataclass
class Cand:
    start: int  # token index
    end: int  # token index, exclusive
    type: str
    source: str  # gazetteer / gazetteer-ambiguous / acronym / facility / title / body / spacy / cue / dateline / surname
    priority: float
    actor: Optional[str] = None
    weak: bool = False
    body: Optional[tuple[str, str]] = None  # (kind, ISO2)
    kind: str = "name"
    key: Optional[str] = None
    titles: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    genders: list = field(default_factory=list)
    title_tokens: set = field(default_factory=set)
    appos_nominal: Optional[tuple[int, int]] = None  # "Le porte-parole" in an apposition to this name
    needs_country: bool = False  # an acronym alias of a country's actor: linked only if the text names the country

    def overlaps(self, other: "Cand") -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: "Cand") -> bool:
        return other.start <= self.start and self.end <= other.end and (self.start, self.end) != (other.start, other.end)


def is_cap(tok) -> bool:
    return bool(tok.text) and tok.text[0].isupper()


_TOKENS: dict[int, tuple] = {}


def token_strings(doc) -> tuple:
    """(doc, texts, whitespace, folded) for ``doc``, computed once per document."""
    cached = _TOKENS.get(id(doc))
    if cached is None or cached[0] is not doc:
        _TOKENS.clear()
        cached = (doc, [t.text for t in doc], [t.whitespace_ for t in doc], [fold(t.text) for t in doc])
        _TOKENS[id(doc)] = cached
    return cached


def _words(doc, start: int, end: int) -> tuple[str, ...]:
    _, texts, ws, _ = token_strings(doc)
    return tuple(title_words("".join(texts[i] + ws[i] for i in range(start, end))))


def match_title(doc, end: int, res: Resources, min_start: int = 0) -> Optional[tuple[int, Title]]:
    """The longest title whose words end right before token ``end``: (start token, Title)."""
    best = None
    folded = token_strings(doc)[3]
    for n in range(1, res.max_title_len + 1):
        start = end - n
        if start < min_start or start < 0:
            break
        if folded[start] not in res.title_first:
            continue
        t = res.titles.get(_words(doc, start, end))
        if t is not None:
            best = (start, t)
    return best


def match_title_at(doc, start: int, res: Resources, stop: int) -> Optional[tuple[int, Title]]:
    """The longest title starting at token ``start`` (end token, Title)."""
    best = None
    if start >= len(doc) or token_strings(doc)[3][start] not in res.title_first:
        return None
    for n in range(1, res.max_title_len + 1):
        end = start + n
        if end > stop:
            break
        t = res.titles.get(_words(doc, start, end))
        if t is not None:
            best = (end, t)
    return best


def acronym_of(words: list[str]) -> str:
    skip = {"de", "du", "des", "d'", "la", "le", "les", "l'", "et", "pour", "of", "the", "and", "for", "in", "au", "aux", "en"}
    letters = []
    for w in words:
        for part in w.replace("-", " ").split():
            if fold(part) in skip or not part[0].isalpha():
                continue
            letters.append(part[0].upper())
    return "".join(letters)


def looks_acronym(text: str) -> bool:
    core = text.replace("-", "").replace(".", "")
    return 2 <= len(core) <= 10 and core[0].isupper() and sum(c.isupper() for c in core) >= max(2, len(core) - 2) and core.isalnum()


@lru_cache(maxsize=None)
def first_name_genders() -> dict[str, str]:
    """First name -> "m" / "f" (``data/first_names.tsv``): names that nearly always carry one gender."""
    out: dict[str, str] = {}
    for line in (DATA / "first_names.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = line.split("\t")[:2]
            out[name.strip()] = gender.strip()
    return out
