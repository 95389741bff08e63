"""Stage: places. Toponyms resolved to GeoNames records by context.

Toponyms come from the entities layer (PLACE mentions, and the place inside FACILITY names such
as "aéroport de Bagdad"), or from spaCy's own place entities when that layer is empty, plus a
gazetteer sweep for country/region names and large cities the tagger missed. Each distinct
toponym gets one reading for the whole text (one sense per discourse), chosen by a score over
its candidates in :mod:`veille.gazetteer`:

- population and feature class (a country name is the country, not a village called "Irak"),
- the countries the text is about (country names, country adjectives such as "irakienne"),
- CLAVIN-style coherence: candidates in the countries/admin1 regions of the other toponyms,
  and near the other resolved places,
- "X, Y" / "X (Y)" patterns ("Paris, Texas"): X is restricted to places inside Y.

Common words and very short names resolve only with strong evidence; a toponym with no
convincing candidate is kept with ``geonameid: null``. Precision is ``exact`` (the town),
``near`` ("près de", "near", "à 20 km de", "outskirts of"), ``region`` or ``country``.
:func:`resolve_spans` resolves given spans of a text (the GeoVirus evaluation uses it).
"""

from __future__ import annotations

import calendar
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from veille.document import Document, PlaceMention
from veille.gazetteer import Candidate, Gazetteer, get_gazetteer
from veille.geo import distance_km
from veille.schema import Mention, Place, PlacePrecision, Span
from veille.resources import load_nationalities
from veille.text import fold, name_key

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

PLACE_LABELS = frozenset({"LOC", "GPE"})  # spaCy fr: LOC; en: GPE, LOC
FACILITY_LABELS = frozenset({"FAC"})
PRECISION_ORDER = ("exact", "near", "region", "country")
BIG_CITY = 100000  # a town this big is known by name whatever areas the text puts it in
WORLD_CITY = 1000000  # a town this big is known abroad by its exonyms ("Mecca": Makkah, wherever a village Mecca is)
NAMED_TOWN = 10000  # a town this big with a name as its own makes another town's alternate name unlikely
MAX_TOWNS = 80  # namesake towns kept per toponym (the largest)

# an article is a word of its own ("The Hague", "La Paz", "l'Irak"), never the start of a name ("Lamu", "Lebanon")
_LEADING_ARTICLE = re.compile(r"^(?:(?:the|le|la|les)\s+|l['’]\s*)", re.I)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_GENERIC_ADMIN = re.compile(
    r"\b(?:state|province|governorate|region|district|county|oblast|prefecture|department|"
    r"gouvernorat|région|département|wilaya|préfecture|état|etat)\b",
    re.I,
)
_ADMIN_CUE_BEFORE = re.compile(
    r"\b(?:province|state|région|region|gouvernorat|governorate|état|etat|département|department|"
    r"district|county|comté|wilaya|oblast)\s+(?:de\s+la\s+|du\s+|des\s+|de\s+|d'|d’|of\s+(?:the\s+)?)?$",
    re.I,
)
_ADMIN_CUE_AFTER = re.compile(r"^\s*(?:province|state|region|governorate|oblast|prefecture)\b", re.I)

# "near" cues: the words right before the toponym (or before the site that holds it)
_NEAR_CUES = [
    r"près", r"proche", r"non loin", r"à proximité", r"a proximité", r"aux abords", r"aux environs",
    r"dans les environs", r"à la périphérie", r"en périphérie", r"dans la banlieue", r"en banlieue",
    r"banlieue", r"à la sortie", r"aux portes", r"dans la région", r"dans les faubourgs",
    r"à (?:\d+[\d,.]*|une? \w+aine) ?(?:km|kilomètres?)(?: au \w+(?:-\w+)?)?",
    r"au (?:nord|sud)(?:-(?:est|ouest))?", r"à l'(?:est|ouest)",
    r"near", r"nearby", r"outside", r"close to", r"in the vicinity of", r"on the outskirts of",
    r"outskirts of", r"suburbs? of", r"the area of", r"the region of", r"the vicinity of",
    r"(?:\d+[\d,.]*|a few|several) ?(?:km|kilometers|kilometres|miles|mi)(?: \(\d+ ?\w+\))?"
    r"(?: (?:north|south|east|west|northeast|northwest|southeast|southwest))?",
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?",
]
_GLUE = (
    r"(?:\s|[\"“”«»']|\b[dl]'|"
    r"\b(?:de|du|des|la|le|les|of|the|from|to|town|city|village|ville|localité|commune|"
    r"capital|capitale|area|zone|quartier|district|{facility})\b)*"
)


@lru_cache(maxsize=1)
def _facility_words() -> frozenset[str]:
    data = json.loads((DATA_DIR / "places_facility_words.json").read_text(encoding="utf-8"))
    return frozenset(w for k, ws in data.items() if not k.startswith("_") for w in ws)


@lru_cache(maxsize=4)
def _org_words(lang: str) -> frozenset[str]:
    """Generic words of organisation names (``data/places_org_words.json``) and of site names."""
    data = json.loads((DATA_DIR / "places_org_words.json").read_text(encoding="utf-8"))
    return frozenset(data.get(lang, [])) | _facility_words()


def _names_a_body(doc: Document, start: int, end: int) -> bool:
    """Whether an organisation name is built on a generic word ("Department", "Police", "Times")
    and so may hold a toponym, as opposed to a proper name of its own ("Boko Haram", "Chatra Dal")."""
    words = _org_words(doc.lang)
    low = doc.text[start:end].lower().replace("’", "'")
    return any(w in words for w in re.findall(r"[\w.']+", low)) or any(" " in w and w in low for w in words)


@lru_cache(maxsize=1)
def _near_re() -> re.Pattern:
    fac = "|".join(sorted((re.escape(w) for w in _facility_words() if w not in {"de", "of", "the"}), key=len, reverse=True))
    glue = _GLUE.replace("{facility}", fac)
    return re.compile(r"\b(?:" + "|".join(_NEAR_CUES) + r")\s*(?:de|du|des|d'|d’|of|from)?" + glue + r"$", re.I)


@lru_cache(maxsize=1)
def _patterns() -> dict:
    return json.loads((DATA_DIR / "places_patterns.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (DATA_DIR / "places_demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, cc = line.split("\t")[:2]
            out[name_key(word)] = cc.strip()
    return out


@lru_cache(maxsize=4)
def _word_lists(lang: str) -> frozenset[str]:
    """Lowercase words of the language: spaCy stop words and lemmatizer word lists, as name keys.
    Cached on disk (keying 100,000 words takes most of a second), under the model's name and
    version and the code that keys them (this file and text.py)."""
    import hashlib

    from veille.nlp import MODELS
    from veille.resources import cache_dir, read_cache, write_cache

    try:
        from importlib import metadata

        version = metadata.version(MODELS.get(lang, lang))
    except Exception:  # not an installed package: no disk cache
        return _build_word_lists(lang)[0]
    code = b"".join(f.read_bytes() for f in (Path(__file__), Path(__file__).parents[1] / "text.py"))
    key = hashlib.sha256(f"{lang}|{MODELS.get(lang, lang)}|{version}|".encode() + code).hexdigest()[:16]
    path = cache_dir() / f"words-{lang}-{key}.pickle"
    try:
        cached = read_cache(path)
        if isinstance(cached, frozenset):
            return cached
    except Exception:  # missing or unreadable: rebuild
        pass
    words, from_model = _build_word_lists(lang)
    if from_model:  # a model that failed to load leaves stop words only: not worth keeping
        write_cache(path, words)
    return words


def _build_word_lists(lang: str) -> tuple[frozenset[str], bool]:
    """The word lists, and whether they come from the model (else spaCy's stop words only)."""
    words: set[str] = set()
    try:
        from veille.nlp import get_model

        nlp = get_model(lang)
        words |= {name_key(w) for w in nlp.Defaults.stop_words}
        if "lemmatizer" in nlp.pipe_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_index"):
                for ws in lookups.get_table("lemma_index").values():
                    words.update(name_key(w) for w in ws if w.islower())
    except Exception:  # no model: stop words only
        import importlib

        mod = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        words |= {name_key(w) for w in mod.STOP_WORDS}
        return frozenset(words), False
    return frozenset(words), True


def is_common_word(key: str, lang: str) -> bool:
    """A common word of the language (not only a name). English word lists (WordNet) also hold
    proper names ("africa", "texas"): names of countries, regions, admin1 regions and cities of
    100,000 or more do not count as common there."""
    if key not in _word_lists(lang):
        return False
    return lang != "en" or not _prominent_place(key)


def _prominent_place(key: str) -> bool:
    """A country, region, admin1 region or city of 100,000 or more goes by this name."""
    return any(c.feature in ("country", "admin1", "region") or (c.main_name and c.population >= 100000)
               for c in get_gazetteer().lookup(key))


_INFLECTIONS = {"en": (("s", ""), ("es", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"))}


def _inflected_common_word(key: str, lang: str) -> bool:
    """An inflected form of a common word whose lemma the word lists hold ("grants", "polling"):
    one regular suffix off, the stem a common word of at least three letters, and no prominent
    place of that name ("Kansas" is no plural of "kansa")."""
    if " " in key:
        return False
    stems = [key[: len(key) - len(suffix)] + repl for suffix, repl in _INFLECTIONS.get(lang, ())
             if key.endswith(suffix) and len(key) - len(suffix) >= 3]
    return any(is_common_word(stem, lang) for stem in stems) and not _prominent_place(key)


_CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name, *calendar.day_name) if w)


@lru_cache(maxsize=4)
def _stop_words(lang: str) -> frozenset[str]:
    import importlib

    return frozenset(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)


def common_in_text(key: str, text: str, lang: str) -> bool:
    """A dictionary word that this text uses as one: a stop word, or written in lowercase in the
    text. The lemmatizer's word lists hold many place names ("erie", "laconia", "marshall"): a
    text that writes one only capitalised uses it as a name."""
    if not is_common_word(key, lang):
        return False
    if lang != "en" or key in _stop_words(lang) or key in _CALENDAR_WORDS:  # (English lists hold the names)
        return True
    # only a town of NAMED_TOWN or more, or a region, is known well enough to be read by its name
    if not any(c.main_name and (c.feature in ("country", "admin1", "region") or c.population >= NAMED_TOWN)
               for c in get_gazetteer().lookup(key)):
        return True
    return re.search(rf"(?<![\w'’-]){re.escape(key)}(?![\w'’-])", text) is not None


# --------------------------------------------------------------------------- data classes
@dataclass
class ToponymMention:
    start: int
    end: int
    text: str
    entity_id: str | None = None
    site: str | None = None  # the named site (FACILITY) whose name holds the toponym
    site_start: int | None = None
    site_end: int | None = None
    site_entity_id: str | None = None
    dateline: bool = False  # the wire dateline ("BAGDAD, 21 mai (AFP) -"): where the story was filed
    # spans of the areas the text says the toponym lies in, finest first ("X (District, Province)")
    within: tuple[tuple[int, int], ...] = ()
    kind: str | None = None  # what a suffix says of it: "town" ("X village"), "admin" ("X district"), "county" ("X and Y counties")


@dataclass
class Resolution:
    mention: ToponymMention
    key: str
    candidate: Candidate | None
    confidence: float
    precision: str | None
    candidates: int = 0


@dataclass
class _Key:
    key: str
    surface: str
    mentions: list[ToponymMention] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    admin_cue: bool = False
    abbreviation: bool = False
    demonym: bool = False  # a nationality word read as its country ("Iraqi", "Russians")
    contained: bool = False  # its candidates were narrowed to those inside an area the text names
    named_town: bool = False  # a town of NAMED_TOWN or more has the name as its own
    # the most events coded around a town that has the name as its own (:func:`event_prior`), any size
    named_prior: float = 0.0
    name_only: bool = False  # a dictionary word the text uses only as a name (:func:`common_in_text`)
    pick: Candidate | None = None
    scores: list[float] = field(default_factory=list)

    @property
    def top_population(self) -> int:
        """The population of its most populous town reading."""
        return max((c.population for c in self.candidates if c.feature == "city"), default=0)

    @property
    def area_name(self) -> bool:
        """Whether it is the own name of a country or an admin1 ("Wales", "Kansas")."""
        return any(c.main_name and c.feature in ("country", "admin1") for c in self.candidates)


# --------------------------------------------------------------------------- candidates
def _query_forms(surface: str) -> list[str]:
    s = surface.strip().strip("\"“”«»")
    forms = [s]
    bare = _LEADING_ARTICLE.sub("", s)
    bare = _TRAILING_POSSESSIVE.sub("", bare).strip()
    if bare and bare != s:
        forms.append(bare)
    head, _, last = bare.rpartition(" ")  # "Khulna city", "Kolofata subdivision", "Monguno LGA"
    if head and last in _patterns()["suffixes"] and (last.islower() or last.isupper()):
        forms.append(head.strip())
    return forms


_NUMBERED_PART = re.compile(r"^(\D*\w)[-\s]\d{1,2}$")
_TOWN_QUARTER = re.compile(r"^(\w[^-]*\w) - (\w[\w' -]*)$")  # "Town - Quarter" (a spaced dash)
_COMPASS_COMPOUND = re.compile(r"^(north|south)(east|west)(ern)?$", re.I)


def _lookup_form(g: Gazetteer, form: str) -> list[Candidate]:
    """The gazetteer's records for one form; a compass compound ("Northwest") also as the regions
    written in two words ("North-West", "North West"), which the name key keeps apart."""
    found = [c for c in g.lookup(form) if c.latitude is not None]
    m = _COMPASS_COMPOUND.match(form)
    if m:
        seen = {c.index for c in found}
        split = [c for c in g.lookup(f"{m.group(1)}-{m.group(2)}{m.group(3) or ''}") if c.latitude is not None]
        found += [c for c in split if c.index not in seen and c.feature in ("admin1", "region")]
    return found


def _respellings(name: str) -> list[str]:
    """Other spellings of a name by the ``respellings`` rules (each rule applied or not)."""
    variants = {name}
    for pattern, repl in _patterns()["respellings"]["rules"]:
        variants |= {re.sub(pattern, repl, v) for v in variants}
    return sorted(variants - {name})


def _respelt(g: Gazetteer, form: str, found: list[Candidate]) -> list[Candidate]:
    """The towns other spellings of the name give ("Elenovka": Olenivka), read as alternate names."""
    seen = {c.index for c in found}
    out = []
    for variant in _respellings(form):
        for c in g.lookup(variant):
            if c.feature == "city" and c.latitude is not None and c.index not in seen:
                seen.add(c.index)
                out.append(replace(c, main_name=False))
    return out


@lru_cache(maxsize=1)
def _seat_area_re() -> re.Pattern:
    words = "|".join(sorted((re.escape(w) for w in _patterns()["seat_area_suffixes"]), key=len, reverse=True))
    return re.compile(rf"^(\w.*\w)\s+(?:{words})$")


def _candidates(g: Gazetteer, surface: str) -> tuple[list[Candidate], bool]:
    """Candidates for a written toponym, and whether it was found as a generic-word-stripped admin name."""
    for form in _query_forms(surface):
        found = _lookup_form(g, form)
        if found:
            return found + _respelt(g, form, found), False
    bare = _query_forms(surface)[-1]
    for article in ("Le ", "La ", "Les ", "The "):  # "au Caire" -> "Le Caire", "Hague" -> "The Hague"
        found = [c for c in g.lookup(article + bare) if c.latitude is not None]
        if found:
            return found, False
    for form in _query_forms(surface):
        stripped = _GENERIC_ADMIN.sub(" ", form).strip(" -,")
        if stripped and stripped != form:
            found = [c for c in g.lookup(stripped) if c.latitude is not None and c.feature in ("admin1", "region")]
            if found:
                return found, True
    numbered = _NUMBERED_PART.match(bare)
    if numbered:  # "Zolote-5": a numbered part of the town Zolote (a mine's settlement, a quarter)
        return [c for c in _lookup_form(g, numbered.group(1)) if c.feature == "city"], False
    seat = _seat_area_re().match(bare)
    if seat:  # "Panchagarh Sadar": the sub-district of Panchagarh's seat, the town (or its district)
        return [c for c in _lookup_form(g, seat.group(1)) if c.feature in ("city", "admin2")], False
    quarter = _TOWN_QUARTER.match(bare)
    if quarter and not is_common_word(name_key(quarter.group(2)), "en"):  # not "Twin Lakes - Highway 10"  # "Donetsk - Petrovskyi", "Dhaka - Tejgaon": a quarter of the town, told as coders name it
        return [c for c in _lookup_form(g, quarter.group(1)) if c.feature == "city"], False
    return [], False


def _demonym_country(g: Gazetteer, surface: str, lang: str) -> Candidate | None:
    """The country a nationality word names ("Iraqi", "Russians", "Sri Lankan"): the shared
    nationality table (``data/nationalities.tsv``), English plurals by their final -s."""
    dem = load_nationalities(lang)
    f = fold(surface.strip())
    cc = dem.get(f) or (dem.get(f[:-1]) if f.endswith("s") else None)
    if not cc:  # a people's name of the places' table ("Sinhalese", "South Ossetians")
        key = name_key(surface)
        cc = _demonyms().get(key) or (_demonyms().get(key[:-1]) if key.endswith("s") else None)
    return g.country(cc) if cc else None


def _admin_cue(text: str, m: ToponymMention) -> bool:
    return bool(_ADMIN_CUE_BEFORE.search(text[max(0, m.start - 30) : m.start])) or bool(
        _ADMIN_CUE_AFTER.match(text[m.end : m.end + 20])
    )


def _city_of_region(city: Candidate, region: Candidate) -> bool:
    """A town matched only by the region's own name, its own being that name plus a word ("New York"
    is New York City's alternate name and New York State's own; "Genève" is the canton's and the
    city's, whose own name is Geneva)."""
    own, name = name_key(city.name), name_key(region.name)
    return not city.main_name and region.main_name and own != name and own.startswith(name + " ")


def _prune(cands: list[Candidate], admin_cue: bool) -> list[Candidate]:
    """Admin1 named like a big city inside it is read as the city, unless the text says "province"
    or the city is only "<region> City" (:func:`_city_of_region`, "New York": the state);
    so is a district named like a town of 5,000 or more in its admin1, unless the text says "district"
    ("Embilipitiya (Embilipitiya, Ratnapura district)": both stay, and the district holds the town)."""
    cities = [c for c in cands if c.feature == "city"]
    admins = [c for c in cands if c.feature in ("admin1", "region")]
    if admin_cue and admins:
        return admins + [c for c in cands if c.feature == "country"]
    drop = set()
    for a in admins:
        if any(c.country_code == a.country_code and (a.admin1_code is None or c.admin1_code == a.admin1_code)
               and (c.population >= 5000 or c.capital) and not _city_of_region(c, a) for c in cities):
            drop.add(a.index)
    for d in (c for c in cands if c.feature in ("admin2", "admin3") and not admin_cue):  # "Magura town": the town, not its district
        if any(c.country_code == d.country_code and c.admin1_code == d.admin1_code and c.population >= 5000 for c in cities):
            drop.add(d.index)
    out = [c for c in cands if c.index not in drop]
    if len(out) > MAX_TOWNS:  # keep the largest towns, every country and region
        big = sorted((c for c in out if c.feature == "city"), key=lambda c: -c.population)[:MAX_TOWNS]
        out = [c for c in out if c.feature != "city"] + big
    return out


# --------------------------------------------------------------------------- context
def _demonym_countries(text: str) -> Counter:
    dem = _demonyms()
    found: Counter = Counter()
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        w = name_key(m.group())
        if len(w) < 4:
            continue
        for cut in ("", "s", "e", "es", "ne", "nes"):
            base = w[: -len(cut)] if cut else w
            if cut and not w.endswith(cut):
                continue
            if base in dem:
                found[dem[base]] += 1
                break
    for sign, cc in _patterns().get("currency_countries", {}).items():
        if sign in text:
            found[cc] += 1
    return found


@dataclass
class _Context:
    countries: Counter  # cc -> weight, from every source
    by_key: dict[str, Counter]  # the part of `countries` each toponym key contributed
    admin1: Counter
    admin1_by_key: dict[str, Counter]
    points: list[tuple[str, float, float, bool]]  # (key, lat, lon, an admin1's point) of resolved towns/regions
    districts: dict[str, set[str]] = field(default_factory=dict)  # "CC.A1" -> keys read as a district there
    nested: frozenset[int] = frozenset()  # candidates in (or holding) a district another toponym may name
    states: Counter = field(default_factory=Counter)  # ("CC.A1", name key) -> admin1 names written anywhere in the text

    def country_support(self, cc: str | None, key: str) -> float:
        if not cc:
            return 0.0
        return self.countries.get(cc, 0) - self.by_key.get(key, Counter()).get(cc, 0)

    def admin1_support(self, cc: str | None, a1: str | None, key: str) -> float:
        if not cc or not a1:
            return 0.0
        k = f"{cc}.{a1}"
        return self.admin1.get(k, 0) - self.admin1_by_key.get(key, Counter()).get(k, 0)

    def state_share(self, cc: str | None, a1: str | None, key: str) -> float:
        """The share of the admin1 names the text writes (but as this toponym) that name this admin1."""
        total = sum(n for (_, name), n in self.states.items() if name != key)
        if not total or not cc or not a1:
            return 0.0
        return sum(
            n for (s, name), n in self.states.items() if s == f"{cc}.{a1}" and name != key) / total

    def nearest_km(self, c: Candidate, key: str, towns_only: bool = False) -> float | None:
        """The distance to the nearest other resolved place; with ``towns_only``, admin1 points left out."""
        best = None
        for k, lat, lon, area in self.points:
            if k == key or (towns_only and area):
                continue
            assert c.latitude is not None and c.longitude is not None  # candidates come with coordinates
            d = distance_km(c.latitude, c.longitude, lat, lon)
            best = d if best is None or d < best else best
        return best


def _initial_context(keys: dict[str, _Key], demonyms: Counter) -> _Context:
    countries: Counter = Counter(demonyms)
    by_key: dict[str, Counter] = {}
    for k in keys.values():
        if k.demonym:  # counted by the demonym scan of the text
            continue
        cs = [c for c in k.candidates if c.feature == "country"]
        if len(cs) == 1 and not any(c.feature != "country" and c.population > cs[0].population for c in k.candidates):
            by_key[k.key] = Counter({cs[0].country_code: 2 * len(k.mentions)})
            countries.update(by_key[k.key])
    return _Context(countries, by_key, Counter(), {}, [])


def _nested(keys: dict[str, _Key], km: float) -> frozenset[int]:
    """Candidates of towns that lie in a district (admin2/admin3) that another toponym of the text
    may name, and those districts: "Paris and Henry County" is Paris, Tennessee, in Henry County,
    Tennessee. A town lies in a district of its admin1 within ``km`` of the district's point."""
    areas = [(k.key, a) for k in keys.values() for a in k.candidates if a.feature in ("admin2", "admin3") and a.admin1_code]
    out: set[int] = set()
    if not areas:
        return frozenset()
    for k in keys.values():
        for c in k.candidates:
            if c.feature != "city":
                continue
            for key, a in areas:
                if key != k.key and a.country_code == c.country_code and a.admin1_code == c.admin1_code and _candidates_km(a, c) <= km:
                    out.update((a.index, c.index))
    return frozenset(out)


def _pick_context(keys: dict[str, _Key], demonyms: Counter, text: str = "") -> _Context:
    countries: Counter = Counter(demonyms)
    by_key: dict[str, Counter] = {}
    admin1: Counter = Counter()
    admin1_by_key: dict[str, Counter] = {}
    points = []
    for k in keys.values():
        c = k.pick
        if c is None or not c.country_code or k.demonym:
            continue
        n = len(k.mentions)
        w = 2 * n if c.feature == "country" else n
        by_key[k.key] = Counter({c.country_code: w})
        countries.update(by_key[k.key])
        if c.admin1_code:
            admin1_by_key[k.key] = Counter({f"{c.country_code}.{c.admin1_code}": n})
            admin1.update(admin1_by_key[k.key])
        if c.feature in LOCAL_FEATURES or c.feature == "admin1":
            assert c.latitude is not None and c.longitude is not None  # candidates come with coordinates
            points.append((k.key, c.latitude, c.longitude, c.feature == "admin1"))
    districts: dict[str, set[str]] = {}
    for k in keys.values():
        c = k.pick
        if c is not None and c.feature in ("admin2", "admin3") and c.admin1_code:
            districts.setdefault(f"{c.country_code}.{c.admin1_code}", set()).add(k.key)
    return _Context(countries, by_key, admin1, admin1_by_key, points, districts,
                    _nested(keys, float(_patterns()["district_town_km"])), _text_states(text, countries))


_CAPS_RUN = re.compile(r"\b[A-Z][A-Za-z]*\.?(?:[ \t]+[A-Z][A-Za-z]*\.?)*")


def _text_states(text: str, countries: Counter) -> Counter:
    """The admin1 areas (states, provinces) a text names anywhere, toponym or not: "Ga.",
    "Georgia Bureau of Investigation", "the Ohio Senate". A name counts for an admin1 of a country
    the text already points to, or when it is a listed abbreviation; a name read as one admin1 only."""
    g = get_gazetteer()
    out: Counter = Counter()
    for m in _CAPS_RUN.finditer(text):
        toks = m.group().split()
        i = 0
        while i < len(toks):
            for j in range(min(len(toks), i + 3), i, -1):
                surface = " ".join(toks[i:j])
                if len(surface) < 3:
                    continue
                cands = g.lookup(surface)
                states = {(c.country_code, c.admin1_code) for c in cands if c.feature == "admin1" and c.main_name}
                abbr = g.is_abbreviation(surface)
                if abbr:
                    states = {(c.country_code, c.admin1_code) for c in cands if c.feature == "admin1"}
                if not abbr:
                    states = {s for s in states if countries.get(s[0], 0) > 0}
                    if any(c.capital for c in cands):  # "Washington", "Mexico": the capital more than the state
                        states = set()
                if len(states) == 1:
                    cc, a1 = next(iter(states))
                    out[(f"{cc}.{a1}", name_key(surface))] += 1
                    i = j - 1
                    break
            i += 1
    return out


# --------------------------------------------------------------------------- scoring
# Score weights (log-population scale: a tenfold population adds WEIGHTS["population"]).
WEIGHTS = {
    "population": 0.75,
    "country": 3.0,  # feature priors
    "admin1": 1.0,
    "region": 1.5,
    "admin2": 0.5,  # deep-index features (veille gazetteer build, or the shipped GeoNames subset)
    "admin3": 0.0,
    "site": -0.5,
    "capital": 1.0,  # national capitals (also read through metonymy: "Washington said")
    "alternate_name": -0.6,  # the name is only an alternate name of a town under 100,000
    "alternate_name_big": -0.3,  # ... of a larger town
    "alternate_of_named": -1.5,  # ... while a town of 10,000 or more has it as its own name
    # ... times how many more events (log10, :func:`event_prior`) were coded around a town, of any size,
    # that has it as its own name: "Pensa" is the Burkinabe village, not Penza (alternate "Pensa"),
    # "Sia" not Xi'an, "Otu" not Ōtsu, where nothing else in the note names a country
    "alternate_of_coded": -2.5,
    "context_country": 2.0,  # the candidate's country is mentioned / implied elsewhere in the text
    "context_share": 1.5,  # ... times the share of the text's country evidence it has
    "context_admin1": 1.0,  # another toponym resolved in the same admin1
    "context_state": 1.5,  # times the share of the admin1 names written in the text (towns, districts, sites)
    "context_district": 2.0,  # another toponym read as a district of the same admin1 (districts only)
    "context_nested": 2.0,  # a town in a district another toponym may name, and that district
    "proximity": 1.5,  # times exp(-d / 200 km) to the nearest other resolved place (towns only)
    # times log10(1 + coded events around the point): where human coders placed past events
    # (data/place_prior.tsv, learned from the ACLED table's train split); towns, sites, districts
    "event_prior": 0.4,  # (0.4, 0.8, 1.5 measured alike on ACLED notes dev: the smallest kept)
    # times log10(1 + coded events in the town's own cell), towns and sites: namesake villages of one
    # oblast ("Troitske, Luhansk") share their 3 x 3 cells (ACLED notes train 400: 0.5, 1.0, 1.5 gain
    # 2, 4, 4 notes, none lost: the smallest of the best kept)
    "event_cell": 1.0,
}


# a town takes the admin1 the text names ("Ga.", "Georgia Bureau of Investigation") over a namesake
# up to this many times more populous ("Albany", Georgia over Albany, New York; not Boston, New York)
STATE_POPULATION_SHARE = 0.05

# two records this close are one town ("Horana South" with its alternate name Horana, and the village Horana)
SAME_TOWN_KM = 5.0

# the population a town inside a named area counts at least (its namesakes' small counts are noise)
CONTAINED_POPULATION_FLOOR = 1000

# features placed by the admin1 and the nearby places of the text (towns, districts, sites)
LOCAL_FEATURES = frozenset({"city", "admin2", "admin3", "site"})


@lru_cache(maxsize=1)
def _event_cells() -> tuple[float, dict[tuple[int, int], int]]:
    cells: dict[tuple[int, int], int] = {}
    size = 0.25
    for line in (DATA_DIR / "place_prior.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# cell_deg"):
            size = float(line.split("\t")[1])
        elif line and not line.startswith("#"):
            a, b, n = line.split("\t")
            cells[(int(a), int(b))] = int(n)
    return size, cells


def event_prior(lat: float, lon: float) -> float:
    """log10(1 + the train events coded in the 3 x 3 cells around a point)."""
    size, cells = _event_cells()
    i, j = math.floor(lat / size), math.floor(lon / size)
    return math.log10(1 + sum(cells.get((i + di, j + dj), 0) for di in (-1, 0, 1) for dj in (-1, 0, 1)))


def event_cell_prior(lat: float, lon: float) -> float:
    """log10(1 + the train events coded in the point's own cell): the finer prior that tells apart
    namesake villages a few tens of kilometres apart (the 3 x 3 cells around both often overlap)."""
    size, cells = _event_cells()
    return math.log10(1 + cells.get((math.floor(lat / size), math.floor(lon / size)), 0))


def _score(c: Candidate, k: _Key, ctx: _Context) -> float:
    w = WEIGHTS
    # an admin1's population is the sum of its towns: discounted tenfold against a town's own
    pop = c.population / 10 if c.feature == "admin1" else c.population
    if k.contained and c.feature == "city":
        # namesake villages inside the area the text names: GeoNames counts few of them (0 is
        # unknown), so a small count says little against where events were coded
        pop = max(pop, CONTAINED_POPULATION_FLOOR)
    s = w["population"] * math.log10(pop + 1) + (w[c.feature] if c.feature != "city" else 0.0)
    if c.capital:
        s += w["capital"]
    elif not c.main_name:  # an alternate name: obscure for small towns; exonyms of big towns are common
        s += w["alternate_name"] if c.population < 100000 else w["alternate_name_big"]
    if not c.main_name and k.named_town and c.feature == "city" and not _spelling_of(k.surface, c.name):
        s += w["alternate_of_named"]  # a town of that very name exists: an old name of another ("Salisbury", Harare)
    if not c.main_name and k.named_prior and c.feature == "city" and c.population < WORLD_CITY:  # "Pensa": no Penza
        assert c.latitude is not None and c.longitude is not None  # candidates come with coordinates
        s += w["alternate_of_coded"] * max(0.0, k.named_prior - event_prior(c.latitude, c.longitude))
    support = ctx.country_support(c.country_code, k.key)
    total = sum(ctx.countries.values()) - sum(ctx.by_key.get(k.key, Counter()).values())
    if support > 0:
        s += w["context_country"] + w["context_share"] * support / max(total, 1)
    if c.feature in ("city", "site", "admin2", "admin3", "admin1") and w["event_prior"]:
        assert c.latitude is not None and c.longitude is not None  # candidates come with coordinates
        s += w["event_prior"] * event_prior(c.latitude, c.longitude)
        if c.feature in ("city", "site") and c.main_name:  # namesakes by their own name, not translations ("Old Town")
            s += w["event_cell"] * event_cell_prior(c.latitude, c.longitude)
    if c.feature in ("admin2", "admin3") and ctx.districts.get(f"{c.country_code}.{c.admin1_code}", set()) - {k.key}:
        s += w["context_district"]  # "Clarke, Oconee and Oglethorpe": districts named beside districts
    if c.index in ctx.nested:
        s += w["context_nested"]
    if c.feature in LOCAL_FEATURES:
        if ctx.admin1_support(c.country_code, c.admin1_code, k.key) > 0:
            s += w["context_admin1"]
        if ctx.states and w["context_state"] and c.population >= STATE_POPULATION_SHARE * k.top_population and not k.area_name:
            s += w["context_state"] * ctx.state_share(c.country_code, c.admin1_code, k.key)
        if ctx.points:
            # a town inside the area the text names is not placed by that area's point (an oblast's
            # point is its centre city's: "Luhanske, Donetsk" is not the Luhanske nearer Donetsk city)
            d = ctx.nearest_km(c, k.key, towns_only=k.contained)
            if d is not None:
                s += w["proximity"] * math.exp(-d / 200.0)
    return s


@lru_cache(maxsize=4096)
def _spelling_of(surface: str, name: str) -> bool:
    """Whether a written name is a spelling of a record's own name ("St. Petersburg" of Saint
    Petersburg, "Hillsboro" of Hillsborough), not another name ("Berea" of Aleppo)."""
    from difflib import SequenceMatcher

    a, b = name_key(surface), name_key(name)
    a, b = (_SAINT.sub(lambda m: _SAINT_WORDS[m.group(1)], x) for x in (a, b))
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.8


_SAINT_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_SAINT = re.compile(r"\b(st|ste|mt|ft)\b")


def _choose(keys: dict[str, _Key], ctx: _Context) -> None:
    for k in keys.values():
        if not k.candidates:
            k.pick, k.scores = None, []
            continue
        scored = sorted(((_score(c, k, ctx), c) for c in k.candidates), key=lambda x: -x[0])
        k.pick = scored[0][1]
        k.scores = [s for s, _ in scored]


def _confidence(k: _Key) -> float:
    if not k.scores:
        return 0.0
    top = k.scores[0]
    z = sum(math.exp(s - top) for s in k.scores[:20])
    p = 1.0 / z
    return round(min(0.99, max(0.05, p)), 2)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or "\n" in before or bool(re.search(r"[.!?:\"“]\s*$", before))


def _short_town_after_locative(text: str, k: _Key) -> bool:
    """A three-letter name written as a name ("Reo", "Bia", not "BIR") after a locative word ("in
    Reo", "attacked Bia") whose pick is a town by its own name: a town, not an abbreviation."""
    c = k.pick
    if c is None or c.feature != "city" or not c.main_name:
        return False
    if not all(m.text[:1].isupper() and m.text[1:].islower() for m in k.mentions):
        return False
    before = _pattern_res()[2]
    return any(before.search(text, max(0, m.start - 30), m.start) for m in k.mentions)


def _weak(k: _Key, ctx: _Context, lang: str, text: str = "") -> bool:
    """True when the evidence for the pick is too weak to resolve (never guess)."""
    c = k.pick
    if c is None:
        return True
    surface = k.surface
    if not any(ch.isupper() for ch in surface):
        return True
    supported = ctx.country_support(c.country_code, k.key) > 0
    short = len(k.key) <= 3 and not k.abbreviation and not _short_town_after_locative(text, k)
    common = (is_common_word(k.key, lang) and not k.name_only) or short
    if common:
        return not (
            (c.feature in ("country", "region") and (c.main_name or k.abbreviation))
            or supported
            or (c.feature == "city" and c.population >= 100000)
        )
    if c.feature == "city" and not c.main_name and c.population < 10000 and not supported and not _spelling_of(surface, c.name) and not any(
            o.main_name and o.feature == "city" and _candidates_km(o, c) <= SAME_TOWN_KM for o in k.candidates):
        # an obscure alternate name; not when a town of that very name lies at the same point ("Horana"),
        # nor when the name is a spelling of the town's own ("Vodyane" of Vodiane, "Olenovka" of Olenivka)
        return True
    # a small town abroad while the text is about other countries: an accidental namesake
    others = sum(ctx.countries.values()) - sum(ctx.by_key.get(k.key, Counter()).values())
    if c.feature == "city" and c.population < 20000 and not supported and others >= 2:
        return True
    return False


# --------------------------------------------------------------------------- precision
def _mention_precision(text: str, m: ToponymMention, c: Candidate | None) -> str | None:
    if c is None:
        return None
    if c.feature == "country":
        return "country"
    if c.feature in ("admin1", "region", "admin2", "admin3"):
        return "region"
    anchor = m.site_start if m.site_start is not None else m.start
    window = text[max(0, anchor - 80) : anchor].replace("’", "'")
    window = re.split(r"[.;:!?\n]\s", window)[-1]
    if _near_re().search(window):
        return "near"
    return "exact"


def _finest(precisions: list[str | None]) -> str | None:
    known = [p for p in precisions if p]
    return min(known, key=PRECISION_ORDER.index) if known else None


# --------------------------------------------------------------------------- resolution
_CONTAINER_FEATURES = ("admin1", "country", "region")


@lru_cache(maxsize=1)
def _container_glue_re() -> re.Pattern:
    """What joins a toponym to the area it lies in: ", " / " (" ("Paris, Texas", "Paris (Texas)"),
    after a generic word of the place ("Vilcha checkpoint, Kyiv", "X community, Kyiv"; the
    suffixes and facility words), or " in (the) " ("Oleksandrivka in the Kherson region")."""
    words = sorted({*_patterns()["suffixes"], *_facility_words()}, key=len, reverse=True)
    generic = "|".join(re.escape(w) for w in words if w.islower())
    return re.compile(rf"(?:\s+(?:{generic})){{0,2}}\s*[,(]\s*|\s+in\s+(?:the\s+)?")


def _container_chains(text: str, mentions: list[ToponymMention]) -> list[tuple[ToponymMention, list[ToponymMention]]]:
    """Each toponym with the toponyms that may contain it, nearest first: ("Paris", ["Texas"]) for
    "Paris, Texas" and "Paris (Texas)"; ("Dmytrivka", ["Borodianska", "Kyiv"]) for "Dmytrivka,
    Borodianska community, Kyiv" (an unknown area between a place and its region)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    glue = _container_glue_re()
    out = []
    for i, a in enumerate(ordered):
        chain: list[ToponymMention] = []
        prev = a
        for b in ordered[i + 1 :]:
            if not glue.fullmatch(text[prev.end : b.start]):
                break
            chain.append(b)
            prev = b
        if chain:
            out.append((a, chain))
    return out


def resolve(text: str, mentions: list[ToponymMention], lang: str = "en", gazetteer: Gazetteer | None = None) -> list[Resolution]:
    """Resolve toponym mentions of one text, jointly (context, coherence, patterns)."""
    g = gazetteer or get_gazetteer()
    keys: dict[str, _Key] = {}
    key_of: dict[int, str] = {}
    for i, m in enumerate(mentions):
        forms = _query_forms(m.text)
        key = name_key(forms[-1]) or name_key(m.text)
        key_of[i] = key
        if key not in keys:
            keys[key] = _Key(key=key, surface=m.text)
        keys[key].mentions.append(m)
    for k in keys.values():
        cands: list[Candidate] = []
        stripped = False
        for surface in dict.fromkeys(m.text for m in k.mentions):
            cands, stripped = _candidates(g, surface)
            if cands:
                k.surface = surface
                break
        if not cands and lang == "en":  # "Ohioans": Ohio
            cands = _inhabitants_place(g, k.surface)
        country = _demonym_country(g, k.surface, lang)
        if country is not None and not any(c.population >= BIG_CITY or c.feature in ("country", "admin1", "region") for c in cands):
            cands, k.demonym = [country], True  # "Canadian": the country, not Canadian, Texas
        k.admin_cue = stripped or any(m.kind == "admin" or _admin_cue(text, m) for m in k.mentions)
        k.abbreviation = g.is_abbreviation(k.surface)
        # an area in "X (Area)": both its readings (the district seat, the region) stay open
        k.candidates = cands if any(m.kind == "area" for m in k.mentions) else _prune(cands, k.admin_cue)
        k.name_only = is_common_word(k.key, lang) and not common_in_text(k.key, text, lang) and not all(
            _sentence_start(text, m.start) for m in k.mentions)
        k.named_town = any(c.main_name and c.feature == "city" and c.population >= NAMED_TOWN for c in k.candidates)
        if any(m.kind == "county" for m in k.mentions):  # "Barrow and Jackson counties": the districts
            k.candidates = [c for c in k.candidates if c.feature in ("admin2", "admin3")] or k.candidates
        if any(m.kind == "town" for m in k.mentions) and not k.admin_cue:  # "Magura town": a populated place
            k.candidates = [c for c in k.candidates if c.feature in ("city", "site")] or k.candidates

    # "X, Y" / "X (Y)" / "X in the Y region": X inside Y, the nearest toponym after X that names an area
    for a, chain in _container_chains(text, mentions):
        ka = keys[name_key(_query_forms(a.text)[-1]) or name_key(a.text)]
        outer = [keys[name_key(_query_forms(b.text)[-1]) or name_key(b.text)] for b in chain]
        kb = next((k for k in outer if any(c.feature in _CONTAINER_FEATURES and c.country_code for c in k.candidates)), None)
        if kb is None or ka is kb:
            continue
        containers = [c for c in kb.candidates if c.feature in _CONTAINER_FEATURES and c.country_code]
        inside = [
            c for c in ka.candidates
            if c.feature != "country" and any(
                c.country_code == y.country_code and (y.feature != "admin1" or c.admin1_code == y.admin1_code)
                for y in containers)
        ]
        # "Lukyanivka, Kyiv" (Y reads as two admin1s, one a city alone): the oblast's village over the city's quarter
        in_city = _cc_admin1([y for y in containers if y.feature == "admin1"], set(_patterns()["city_admin1s"]))
        if in_city and {(c.country_code, c.admin1_code) for c in inside} - in_city:
            inside = [c for c in inside if (c.country_code, c.admin1_code) not in in_city]
        if inside:
            ka.candidates, ka.contained = inside, True
            keep = {(c.country_code, c.admin1_code) for c in inside}
            kb.candidates = [y for y in containers if (y.country_code, y.admin1_code) in keep
                             or (y.feature != "admin1" and any(y.country_code == cc for cc, _ in keep))] or kb.candidates

    _restrict_within(mentions, keys, key_of)

    for k in keys.values():
        k.named_prior = max((event_prior(c.latitude, c.longitude) for c in k.candidates
                             if c.main_name and c.feature == "city" and c.latitude is not None and c.longitude is not None),
                            default=0.0)
    demonyms = _demonym_countries(text)
    _choose(keys, _initial_context(keys, demonyms))
    for _ in range(2):
        ctx = _pick_context(keys, demonyms, text)
        _choose(keys, ctx)
    ctx = _pick_context(keys, demonyms, text)
    beside = _beside_town(text, mentions, keys, key_of, ctx)

    out = []
    for i, m in enumerate(mentions):
        k = keys[key_of[i]]
        c = None if _weak(k, ctx, lang, text) else beside.get(i, k.pick)
        conf = _confidence(k) if c is not None else (0.5 if not k.candidates else 0.3)
        out.append(Resolution(m, k.key, c, conf, _mention_precision(text, m, c), len(k.candidates)))
    return out


def _beside_town(text: str, mentions: list[ToponymMention], keys: dict[str, _Key], key_of: dict[int, str],
                 ctx: _Context) -> dict[int, Candidate | None]:
    """Village readings set by the resolved town they are told to be near ("Ouro Kessoum village near
    Amchide", "Sang area of Bali in Mezam"; data: beside_town_cues): a village read
    farther than ``beside_town_km`` from that town is a namesake; its best reading within that
    distance replaces it, else None (unresolved: the town then places it). Mention index -> reading."""
    km = float(_patterns()["beside_town_km"])
    cues = "|".join(re.escape(w) for w in _patterns()["beside_town_cues"])
    glue = re.compile(rf"\s*(?:[a-z]+\s+)?,?\s*(?:{cues})\s+(?:the\s+(?:town|village|city)\s+of\s+)?")
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    out: dict[int, Candidate | None] = {}
    for i, j in zip(order, order[1:], strict=False):
        a, b = mentions[i], mentions[j]
        gap = text[a.end : b.start]
        if a.within or a.dateline or not glue.fullmatch(gap):
            continue
        ka, kb = keys[key_of[i]], keys[key_of[j]]
        x, y = ka.pick, kb.pick
        if ka is kb or x is None or y is None or x.feature not in ("city", "site") or y.feature != "city":
            continue
        if x.population >= BIG_CITY or _candidates_km(x, y) <= km:
            continue
        # "the Shaykhabad area of Saydabad district": an area, whose seat may lie far from its villages
        after = re.match(r"\s+([\w-]+)", text[b.end : b.end + 20])
        if b.kind == "admin" or (after is not None and _patterns()["suffixes"].get(after.group(1).lower()) == "admin"):
            continue
        near = [c for c in ka.candidates if c.feature in ("city", "site") and _candidates_km(c, y) <= km]
        out[i] = max(near, key=lambda c: _score(c, ka, ctx)) if near else None
    return out


def _cc_admin1(cands: list[Candidate], codes: set[str]) -> set[tuple[str | None, str | None]]:
    """The (country, admin1) pairs of ``cands`` whose "CC.A1" code is one of ``codes``."""
    return {(c.country_code, c.admin1_code) for c in cands if f"{c.country_code}.{c.admin1_code}" in codes}


def _candidates_km(a: Candidate, b: Candidate) -> float:
    """Distance between two candidates, which come with coordinates."""
    assert a.latitude is not None and a.longitude is not None and b.latitude is not None and b.longitude is not None
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _inside(c: Candidate, containers: list[Candidate], km: float) -> bool:
    """Whether candidate ``c`` lies in one of ``containers`` (a country, an admin1, or within
    ``km`` of a town named like the district it is the seat of)."""
    for y in containers:
        if c.index == y.index or c.country_code != y.country_code:
            continue
        if y.feature in ("country", "region") or (y.feature == "admin1" and (y.admin1_code is None or c.admin1_code == y.admin1_code)):
            return True
        if y.feature in ("admin2", "admin3") and y.admin2_code and c.admin1_code == y.admin1_code and (
                c.admin2_code == y.admin2_code or _candidates_km(c, y) <= km):
            return True
        if y.feature == "city" and _candidates_km(c, y) <= km and (
                not c.admin1_code or not y.admin1_code or c.admin1_code == y.admin1_code):
            return True  # near the town named like the district, in its province
    return False


def _restrict_within(mentions: list[ToponymMention], keys: dict[str, _Key], key_of: dict[int, str]) -> None:
    """In "X (District, Province)" the province restricts the district, both restrict X to the
    candidates inside them; with none inside, X keeps only big cities (else stays unresolved
    rather than be read abroad: its areas then place it)."""
    km = float(_patterns()["admin_span_km"])
    at = {(m.start, m.end): i for i, m in enumerate(mentions)}
    for i, m in enumerate(mentions):
        x = keys[key_of[i]]
        # "Embilipitiya (Embilipitiya, Ratnapura)": the bracket repeats X for the sub-district named
        # after it, which shares X's key and candidates and cannot restrict X (it would drop them all)
        parts = [keys[key_of[at[s]]] for s in m.within if s in at and keys[key_of[at[s]]] is not x]
        if not parts:
            continue
        outer: list[Candidate] = []
        levels: list[list[Candidate]] = []
        for k in reversed(parts):  # the province first, then the district
            cands = [c for c in k.candidates if c.feature != "country" or k is parts[-1]]
            if outer:
                inner = [c for c in cands if _inside(c, outer, km)]
                if inner:
                    k.candidates = cands = inner
            if cands:
                outer = cands
                levels.append(cands)
        for level in reversed(levels):  # X inside the finest area that holds it
            inside = [c for c in x.candidates if _inside(c, level, km) and c.feature != "country"]
            if inside:
                x.candidates, x.contained = inside, True
                break
        else:  # a namesake elsewhere is dropped; a big city stays when one area alone disagrees
            if levels:
                x.candidates = [c for c in x.candidates if c.population >= BIG_CITY and len(parts) == 1]


def resolve_spans(text: str, spans: list[tuple[int, int]], lang: str = "en") -> list[Resolution]:
    """Resolve the toponyms at the given character spans (end exclusive) of ``text``."""
    mentions = [ToponymMention(s, e, text[s:e]) for s, e in spans]
    return resolve(text, mentions, lang)


# --------------------------------------------------------------------------- recognition
def _is_cap(tok) -> bool:
    return tok.text[:1].isupper()


def _acronym(g: Gazetteer, surface: str) -> bool:
    """An acronym ("BNP", "FAMa"): mostly capitals, no dots, not a listed abbreviation ("US")."""
    letters = [ch for ch in surface if ch.isalpha()]
    caps = sum(ch.isupper() for ch in letters)
    return caps >= 2 and 2 * caps >= len(letters) and "." not in surface and not g.is_abbreviation(surface)


def _dotted_abbreviation(g: Gazetteer, surface: str) -> bool:
    """A listed abbreviation written with dots ("U.S.", "S.C.", "N.J."): a state or a country
    whatever the words around it, unlike an undotted one ("US", "SC", "IN")."""
    return "." in surface.rstrip(".") and g.is_abbreviation(surface)


def _convincing(g: Gazetteer, surface: str, lang: str, organisation: bool) -> bool:
    """Whether a capitalised run inside a site or organisation name reads as a toponym: a
    gazetteer name other than a small town; inside an organisation name ("Kansas Department of
    Transportation", "American Farm Bureau") not a common word, or a nationality word."""
    if organisation:  # one plain lookup: organisation names are many and long
        if _demonym_country(g, surface, lang) is not None:
            return True
        if _dotted_abbreviation(g, surface):
            return any(c.latitude is not None for c in g.lookup(surface))  # "the S.C. Trial Lawyers Association"
        key = name_key(surface)
        if is_common_word(key, lang) or _inflected_common_word(key, lang) or _acronym(g, surface):
            return False  # a common word ("University Grants Commission", "Polling Station"), an acronym ("BNP", "FAMa")
        cands = [c for c in g.lookup(surface) if c.latitude is not None]
    else:
        cands, _ = _candidates(g, surface)
    return any(c.feature != "city" or c.population >= 1000 for c in cands)


def _inner_toponyms(doc: Document, start: int, end: int, site_entity_id: str | None = None,
                    organisation: bool = False) -> list[ToponymMention]:
    """The toponym(s) inside a site or organisation name: capitalised words that are not generic
    site words."""
    span = doc.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    g = get_gazetteer()
    site = doc.text[start:end]
    if not organisation and any(c.main_name and c.feature == "city" and c.population >= 1000 for c in g.lookup(site)):
        return [ToponymMention(start, end, site)]  # a town taken for a site: "Fort Worth", "Fort Mill"
    fac = _facility_words()
    runs: list[list[Any]] = []
    cur: list[Any] = []
    suffixes = _patterns()["suffixes"]
    for tok in span:
        # a generic word that continues a name ("Butler County Jail") stays in its run
        if _is_cap(tok) and (tok.text.lower() not in fac or (cur and tok.text.lower() in suffixes)):
            cur.append(tok)
        elif tok.text == "-" and cur:
            cur.append(tok)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and run[-1].text == "-":
            run = run[:-1]
        if not organisation and run and doc.text[run[0].idx : run[-1].idx + len(run[-1].text)] in _curated_actor_names():
            continue  # a site named after a group ("a Boko Haram camp"): not Boko (Congo)
        best = None
        for n in range(min(len(run), 4), 0, -1):  # longest sub-run with a convincing reading
            for i in range(0, len(run) - n + 1):
                s, e = run[i].idx, run[i + n - 1].idx + len(run[i + n - 1].text)
                if _convincing(g, doc.text[s:e], doc.lang, organisation):
                    best = (s, e)
                    break
            if best:
                break
        if best and organisation:
            out.append(ToponymMention(best[0], best[1], doc.text[best[0] : best[1]]))
        elif best:
            out.append(ToponymMention(best[0], best[1], doc.text[best[0] : best[1]], None, site, start, end, site_entity_id))
    return out


def _sweep(doc: Document, covered: list[tuple[int, int]]) -> list[ToponymMention]:
    """Country, region and big-city names the taggers missed (capitalised, not inside another entity)."""
    g = get_gazetteer()
    toks = doc.doc
    out: list[ToponymMention] = []
    i = 0
    n = len(toks)

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in covered)

    while i < n:
        tok = toks[i]
        if not _is_cap(tok) or tok.is_punct:
            i += 1
            continue
        found = None
        for length in range(min(5, n - i), 0, -1):
            last = toks[i + length - 1]
            if not _is_cap(last):
                continue
            s, e = tok.idx, last.idx + len(last.text)
            if not free(s, e):
                continue
            surface = doc.text[s:e]
            if "\n" in surface:
                continue
            cands = [c for c in g.lookup(surface) if c.latitude is not None]
            strong = [c for c in cands if (c.feature in ("country", "region") and c.main_name)
                      or (c.feature == "admin1" and c.main_name and length > 1)]
            if not strong and length == 1 and tok.is_sent_start:
                continue
            if strong:
                found = (s, e, length)
                break
        if found and not is_common_word(name_key(doc.text[found[0]:found[1]]), doc.lang):
            out.append(ToponymMention(found[0], found[1], doc.text[found[0] : found[1]]))
            i += found[2]
        else:
            i += 1
    return out


_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.]*(?:-[\w'’.]+)*(?:(?<![a-z]{3}\.)\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.]*(?:-[\w'’.]+)*|(?:al|el|de|du|di|la|le)(?![\w'’]))){0,3}"
_AREA = r"[A-ZÀ-ÖØ-Þ][^(),;\n]{1,40}?"


@lru_cache(maxsize=1)
def _pattern_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    suffixes = "|".join(sorted((re.escape(w) for w in _patterns()["suffixes"]), key=len, reverse=True))
    suffix = rf"(?:\s+(?P<suffix>{suffixes})\b)?"
    # "X village (District, Province)", "X (coded as District, Province)"
    suffix0 = rf"\s+(?P<suffix0>{suffixes})\b"
    # "X village, Y upazila (...)", "X village, in Y subdivision (...)", "X, in Y subdivision (...)": X lies in Y
    paren = re.compile(rf"(?:(?P<x0>{_NAME})(?:{suffix0})?(?P<glue0>,\s+in\s+|\s+in\s+|,\s+))?(?P<x>{_NAME}){suffix},?\s*\(\s*(?:coded (?:as|to)\s+)?"
                       rf"(?P<a>{_AREA})\s*(?:,\s*(?P<b>{_AREA})\s*)?(?:,\s*(?P<c>{_AREA})\s*)?\)")
    # "shelled X, Oblast", "in X town, Province", "from X, Oblast (500 people ...)"
    comma = re.compile(rf"(?P<x>{_NAME}){suffix},\s+(?P<b>{_NAME})(?=\s*[.,;:)]|\s*$|\s+[a-z]|\s+\((?:\d|[a-z]))")
    words = "|".join(re.escape(w) for w in _patterns()["locative_words"])
    before = re.compile(rf"\b(?:{words})\s*(?:the\s+)?$", re.I)
    return paren, comma, before


@lru_cache(maxsize=1)
def _pair_first_re() -> re.Pattern:
    """The first toponym of a pair before the bracket of the second's areas: "between X and Y
    (District, Province)", "from X to Y villages (...)"; coders name the coded place first."""
    return re.compile(rf"(?:\b(?P<cue>between|from)\s+)?(?:the\s+)?(?:(?:villages?|towns?)\s+of\s+)?(?<![\w'’-])(?P<f>{_NAME})"
                      rf"(?:\s+(?P<fsuffix>village|town))?\s+(?:and|to|&)\s+$")


def _trim_suffix(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of "Hathazari" in "Hathazari upazila"."""
    head, _, last = text[start:end].rpartition(" ")
    if head and last in _patterns()["suffixes"]:
        return start, start + len(head.rstrip())
    return start, end


def _area_cands(g: Gazetteer, surface: str) -> list[Candidate]:
    cands, _ = _candidates(g, surface)
    return cands


def _pattern_mentions(doc: Document) -> list[ToponymMention]:
    """Toponyms of "X village (District, Province)" / "X, Province": X with the areas it lies in.
    X counts when the text's areas are gazetteer names (an admin1 region or a country for the
    outer one) and X is a known place, carries a suffix ("village") or follows a locative word."""
    g = get_gazetteer()
    text = doc.text
    paren, comma, before = _pattern_res()
    suffixes = _patterns()["suffixes"]
    fac = _facility_words()  # "Chittagong Press Club, Chittagong city (...)": a site, not the town
    out: list[ToponymMention] = []
    for rx in (paren, comma):
        for mt in rx.finditer(text):
            areas = [_trim_suffix(text, *mt.span(n)) for n in ("a", "b", "c") if n in rx.groupindex and mt.group(n)]
            outer = _area_cands(g, text[areas[-1][0] : areas[-1][1]])
            # a district may close a bracket of two areas or more ("Owilana (Beliatta, Hambantota)")
            outer_features = ("admin1", "region", "country") + (("admin2", "admin3") if rx is paren and len(areas) > 1 else ())
            if not any(c.feature in outer_features for c in outer):
                continue
            xs, xe = mt.span("x")
            x = text[xs:xe]
            words = x.lower().split()
            if words[0] in ("the", "in", "on", "at") or is_common_word(name_key(x), doc.lang) or any(w in fac for w in words[1:]):
                continue
            known = bool(_area_cands(g, x))
            # "shelled X, Oblast": mid-sentence, after a lowercase word, the outer area vouches for X
            mid = rx is comma and bool(re.search(r"\b[a-z]+\s+$", text[max(0, xs - 30) : xs]))
            if not (known or mid or mt.group("suffix") or before.search(text[max(0, xs - 30) : xs])):
                continue
            kind = suffixes.get(mt.group("suffix") or "")
            out.append(ToponymMention(xs, xe, x, within=tuple(areas), kind=kind))
            first = _pair_first_re().search(text[max(0, xs - 80) : xs]) if rx is paren and not mt.group("x0") else None
            if first:  # "between Bodo and Madina villages (Logone-Et-Chari, Extreme-Nord)": Bodo lies there too
                fs, fe = (max(0, xs - 80) + i for i in first.span("f"))
                f = text[fs:fe]
                if not is_common_word(name_key(f), doc.lang) and f.split()[0].lower() not in ("the", "in", "on", "at") and (
                        first.group("cue") or _area_cands(g, f)):
                    out.append(ToponymMention(fs, fe, f, within=tuple(areas), kind=suffixes.get(first.group("fsuffix") or "")))
            if "x0" in rx.groupindex and mt.group("x0") and (mt.group("suffix0") or "in" in mt.group("glue0")):
                # "Fatehpur union, Hathazari upazila (Chittagong)", "Babessi village, in Balikumbat subdivision (...)"
                out.append(ToponymMention(*mt.span("x0"), mt.group("x0"), within=((xs, xe), *areas),
                                          kind=suffixes.get(mt.group("suffix0"))))
            # the outer of two areas is an admin region ("Kharkiv" the oblast, not the city); a lone
            # area in brackets may be the district or the province ("X upazila (Sylhet)")
            for a, b in areas:
                outer_admin = (a, b) == areas[-1] and (len(areas) >= 2 or rx is comma)
                out.append(ToponymMention(a, b, text[a:b], kind="admin" if outer_admin else "area"))
    for mt in _road_re().finditer(text):  # "the Eldoret-Kitale road": its first town, which the tagger misses
        xs, xe = mt.span("x")
        if not any(xs < m.end and m.start < xe for m in out) and not is_common_word(name_key(mt.group("x")), doc.lang) \
                and _names_town_or_area(g, mt.group("x")):
            out.append(ToponymMention(xs, xe, mt.group("x"), kind="town"))
    for mt in _town_quarter_re().finditer(text):  # "Dhaka - Shahbagh (Shahbagh)": a quarter, as coders name it
        xs, xe = mt.span("x")
        if not any(xs < m.end and m.start < xe for m in out) and _area_cands(g, mt.group("x")):
            out.append(ToponymMention(xs, xe, mt.group("x"), kind="town"))
    return out


_ROAD_TOWN = r"[A-ZÀ-ÖØ-Þ][\w'’]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’]*)?"


def _road_tail() -> str:
    """The rest of a road's name after one of its towns: more towns, then a road word ("-Kitale road",
    " Road", " - Barisal highway"; data: road_words)."""
    words = "|".join(re.escape(w) for w in _patterns()["road_words"])
    return rf"(?:\s?-\s?{_ROAD_TOWN})*\s+(?i:{words})\b"


@lru_cache(maxsize=1)
def _road_re() -> re.Pattern:
    """A road named by the towns it joins: "Eldoret-Kitale road", "Kolofata-Kerawa axis", "Dhaka - Barisal highway"."""
    return re.compile(rf"(?<![\w'’-])(?P<x>{_ROAD_TOWN})\s?-\s?{_ROAD_TOWN}{_road_tail()}")


@lru_cache(maxsize=1)
def _names_road_re() -> re.Pattern:
    return re.compile(_road_tail())


def names_road(text: str, end: int) -> bool:
    """Whether the toponym ending at ``end`` names a road ("the Galle Road", "Kitui road", "the
    Nairobi-Nakuru Highway"; data: road_words), not a place of the event by itself."""
    return _names_road_re().match(text, end) is not None


def told_as_origin(sdoc: Any, start: int, end: int) -> bool:
    """Whether the toponym starting at character ``start`` of the parsed text is told as where the
    actors come from: after a "from" that a noun governs ("youths from neighbouring Siaya County",
    "Nigerians from Rann"), or after "of" of a people noun ("residents of Nayeni"; data:
    origin_of_heads, origin_fillers); not after a verb's "from" ("abducted a Marine from Ekona"), a
    distance's or a road's ("3 km from Barsalogo", "the road from Kumba to Muyuka"; origin_not_heads,
    road_words), nor as the start of a route ("a protest march from Kandy to Colombo")."""
    pat = _patterns()
    heads, fillers = set(pat["origin_of_heads"]), set(pat["origin_fillers"])
    not_heads = {*pat["origin_not_heads"], *pat["road_words"]}
    if re.match(r"(?:\s+[a-z]+){0,2}\s+to\s", sdoc.text[end : end + 40]):
        return False
    span = sdoc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    i = span[0].i
    for j in range(i - 1, max(-1, i - 6), -1):
        tok = sdoc[j]
        word = tok.text.lower()
        if word == "from":  # "about 10 km from the Kanyabayonga town": a distance, whatever the parse
            before = {t.text.lower() for t in sdoc[max(0, j - 3) : j]}
            return (tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.text.lower() not in not_heads
                    and not before & not_heads)
        if word == "of" and tok.head.text.lower() in heads:
            return True
        if word not in fillers:
            return False
    return False


@lru_cache(maxsize=1)
def _town_quarter_re() -> re.Pattern:
    """"Town - Quarter" before a bracket, as ACLED names a city's districts ("Dhaka - Tejgaon (Tejgaon)")."""
    return re.compile(rf"(?<![\w'’-])(?P<x>{_NAME} - {_NAME})(?=\s*\()")


@lru_cache(maxsize=1)
def _locative_re() -> tuple[re.Pattern, ...]:
    """"in X" / "shelled X"; "D-Oakland" (a legislator's party and town); "X police", "X man";
    "residents of X", "the streets of X"."""
    cues = [w for w in _patterns()["locative_words"] if w.isascii() and w not in ("of", "and", "de", "du")]
    words = "|".join(re.escape(w) for w in cues + _patterns()["coded_place_cues"] + _patterns()["place_object_verbs"])
    parties = "|".join(re.escape(w) for w in _patterns()["party_prefixes"])
    heads = "|".join(re.escape(w) for w in _patterns()["place_modifier_heads"])
    of_heads = "|".join(re.escape(w) for w in _patterns()["place_of_heads"])
    return (re.compile(rf"\b(?:{words})\s+(?:the\s+)?(?P<x>{_NAME})"),
            re.compile(rf"(?<=[,(]\s)(?:{parties})-(?P<x>{_NAME})"),
            re.compile(rf"(?<![\w'’-])(?P<x>{_NAME})\s+(?i:{heads})\b"),
            re.compile(rf"\b(?i:{of_heads})\s+of\s+(?:the\s+)?(?P<x>{_NAME})"),
            re.compile(rf"\bfrom\s+(?:the\s+)?{_NAME}\s+to\s+(?:the\s+)?(?P<x>{_NAME})"))


def _locative_mentions(doc: Document, known: list[ToponymMention]) -> list[ToponymMention]:
    """"in X", "near X", "from X": a town of the gazetteer (its own name, not an alternate one)
    after a locative word, which the tagger missed or took for a person or an organisation."""
    if doc.lang != "en":
        return []
    g = get_gazetteer()
    fac = _facility_words()
    out = []
    party, heads = _locative_re()[1:3]
    # names of armed or political groups the entities stage knows ("Boko Haram"), not "Metro Vancouver"
    orgs = {(m.start, m.end) for e in doc.entities if e.type == "ORG" and e.actor_type for m in e.mentions}
    found = [mt for rx in _locative_re() for mt in rx.finditer(doc.text)]
    for mt in found + _motion_to_matches(doc):
        xs, xe = mt.span("x")
        x = mt.group("x")
        lead = re.match(r"(?:(?:The|A|An|In|At|On|Of|By|For|From|And|But)\s+)+", x)  # "The Grovetown police"
        if lead:
            xs, x = xs + lead.end(), x[lead.end():]
        if mt.re is heads:  # "Freemason Bogdanov Joins Sochi Mayor Race": the words right before the head
            run = (xs, xs + len(x))
            xs, x = _place_before_head(g, xs, x)
            if xs != run[0] and run in orgs:  # "Boko Haram men": the last word of an organisation's name
                continue
        x = x if g.is_abbreviation(x) else x.rstrip(".")
        xe = xs + len(x)
        if any(m.start < xe and xs < m.end for m in known) or any(w in fac for w in x.lower().split()):
            continue
        # a legislator's state or town ("D-N.D.", "DFL-Cook") is a place whatever the word
        if mt.re is not party and not g.is_abbreviation(x) and (
                common_in_text(name_key(x), doc.text, doc.lang) or (is_common_word(name_key(x), doc.lang) and _sentence_start(doc.text, xs))):
            continue
        if x and (_names_town_or_area(g, x) or (mt.re is party and _names_county(g, x))):
            out.append(ToponymMention(xs, xe, x))
    return out


@lru_cache(maxsize=1)
def _name_re() -> re.Pattern:
    return re.compile(rf"(?P<x>{_NAME})")


def _motion_to_matches(doc: Document) -> list[re.Match]:
    """The name after a "to" that a verb of motion governs ("drove to Lanexa", "accompanied others to
    Lanexa", "rerouted suddenly to Butte"; data: motion_verbs): "to" alone is too ambiguous a cue."""
    verbs = frozenset(_patterns()["motion_verbs"])
    out = []
    for tok in doc.doc:
        if tok.lower_ == "to" and tok.dep_ == "prep" and tok.head.lemma_.lower() in verbs and tok.i + 1 < len(doc.doc):
            mt = _name_re().match(doc.text, doc.doc[tok.i + 1].idx)
            if mt is not None:
                out.append(mt)
    return out


def _names_county(g: Gazetteer, surface: str) -> bool:
    """A county by its bare name ("McDowell" for McDowell County), as a state legislator's district is
    given after the party ("D-McDowell", "R-Berkeley")."""
    return any(c.feature == "admin2" for c in g.lookup(surface) if c.latitude is not None)


def _names_town_or_area(g: Gazetteer, surface: str) -> bool:
    """A town by its own name, an admin1 or a country the gazetteer places (a locative's object)."""
    return any((c.feature == "city" and c.main_name) or c.feature in ("admin1", "country")
               for c in g.lookup(surface) if c.latitude is not None)


def _place_before_head(g: Gazetteer, xs: int, x: str) -> tuple[int, str]:
    """The last words of a run of capitalised words that name a town, a region or a country
    ("Sochi" of "When Sochi", "Freemason Bogdanov Joins Sochi"), else the run as it is."""
    words = list(re.finditer(r"\S+", x))
    for w in words[1:]:
        rest = x[w.start():]
        if _names_town_or_area(g, rest.rstrip(".")) and not any(c.latitude is not None for c in g.lookup(x)):
            return xs + w.start(), rest
    return xs, x


_DATELINE = re.compile(r"\s*([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’. -]{1,40}?[A-ZÀ-ÖØ-Þ])\s*(?:,|\(|—|–|--|-\s|:\s)")
_DASHED_DATELINE = re.compile(r"(?<![\w'’.-])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’. ]{2,30}[A-ZÀ-ÖØ-Þ])\s+(?:--|—|–)\s")
_HEADLINE_END = re.compile(r"[.!?]\s+|\n")


def _dateline(text: str) -> ToponymMention | None:
    """The capitalised place name opening a wire story ("BAGDAD, 21 mai 2023 (APV) -"), or its
    body after a one-line headline ("Viaduct on pace. COLUMBUS -- The warmer ...")."""
    starts = [0]
    head = _HEADLINE_END.search(text[:200])
    if head is not None:
        starts.append(head.end())
    for at in starts:
        m = _DATELINE.match(text, at)
        if m is not None and get_gazetteer().lookup(m.group(1)):
            return ToponymMention(m.start(1), m.end(1), m.group(1), dateline=True)
    # after a byline ("Gannett March 24, 2009 MANSFIELD -- Mansfield Mayor"): capitals and a dash
    for m in _DASHED_DATELINE.finditer(text, 0, 400):
        if any(c.feature == "city" for c in get_gazetteer().lookup(m.group(1))):
            return ToponymMention(m.start(1), m.end(1), m.group(1), dateline=True)
    return None


_ONE = r"[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*)?"
_AREA_LIST = re.compile(rf"(?<![\w'’-])({_ONE}(?:,\s+{_ONE})*,?\s+(?:and|or|&)\s+{_ONE})\s+(counties|parishes|districts|provinces|states|townships)\b")


def _area_list_mentions(doc: Document) -> list[ToponymMention]:
    """"Harvey, Harper and Kingman counties": each name of the list is an area of that kind."""
    if doc.lang != "en":
        return []
    g = get_gazetteer()
    out = []
    for mt in _AREA_LIST.finditer(doc.text):
        for nm in re.finditer(_ONE, mt.group(1)):
            s, e = mt.start(1) + nm.start(), mt.start(1) + nm.end()
            x = doc.text[s:e]
            if x.lower() in ("and", "or") or not _candidates(g, x)[0]:
                continue
            out.append(ToponymMention(s, e, x, kind="county" if mt.group(2) in ("counties", "parishes", "townships") else "admin"))
    return out


def _with_patterns(doc: Document, out: list[ToponymMention], covered: list[tuple[int, int]]) -> list[ToponymMention]:
    """The taggers' toponyms plus the patterns' ("X (District, Province)", "in X"), whose reading
    beats the taggers' ("Colombo (Colombo, Western" as ORG); ``covered`` grows with them."""
    pattern = _pattern_mentions(doc)
    pattern += [m for m in _area_list_mentions(doc) if not any(m.start < p.end and p.start < m.end for p in pattern)]
    spans = {(m.start, m.end) for m in pattern}
    out = [m for m in out if (m.start, m.end) in spans or not any(m.start < e and s < m.end for s, e in spans)]
    out.extend(pattern)
    out.extend(_locative_mentions(doc, out))
    covered.extend((m.start, m.end) for m in out)
    return out


def _names_a_thing(doc: Document, start: int, end: int) -> bool:
    """A one-word name right after a lowercase common noun names a thing, not a place, in
    languages that say so ("cocktail Molotov", "loi Travail"; data: name_modifier_heads_ok)."""
    heads = _patterns().get("name_modifier_heads_ok", {}).get(doc.lang)
    if not heads:
        return False
    span = doc.doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or span.start == 0:
        return False
    prev = doc.doc[span.start - 1]
    return prev.pos_ == "NOUN" and prev.text.islower() and bool(prev.whitespace_) and prev.lower_ not in heads


def _place_toponyms(doc: Document, start: int, end: int, entity_id: str | None) -> list[ToponymMention]:
    """A PLACE name, or when the gazetteer does not know it and it is built on a generic word
    ("Los Angeles City", "Guernsey County Common Pleas Court", "Kansas State") the toponym inside."""
    whole = [ToponymMention(start, end, doc.text[start:end], entity_id)]
    if " " not in doc.text[start:end] or _candidates(get_gazetteer(), doc.text[start:end])[0] or not _names_a_body(doc, start, end):
        return whole
    inner = [m for m in _inner_toponyms(doc, start, end, organisation=True) if (m.start, m.end) != (start, end)]
    for m in inner:
        m.entity_id = entity_id
    return inner or whole


def _org_toponyms(doc: Document, start: int, end: int) -> list[ToponymMention]:
    """Toponyms inside an organisation name built on a generic word ("Kansas Department of
    Transportation", "Butler County Coroner's Office"), or an organisation name that is a toponym
    alone (a place the tagger took for an organisation)."""
    whole = _inner_toponyms(doc, start, end, organisation=True)
    if _names_a_body(doc, start, end):
        return whole
    if doc.text[start:end] in _curated_actor_names():
        return []  # "l'Otan" is NATO, not Otan Ayegbaju: a name of the curated actor list is no place alone
    # the whole name a toponym alone, or a dotted state or country abbreviation inside ("U.S. Magistrate")
    return [m for m in whole if (m.start, m.end) == (start, end) or _dotted_abbreviation(get_gazetteer(), m.text)]


@lru_cache(maxsize=1)
def _curated_actor_names() -> frozenset[str]:
    """The unambiguous names and aliases of ``data/actors.tsv`` (all organisations)."""
    from veille.stages.entity_base import load_actors

    return frozenset(form for a in load_actors().values() for form, weak in a.aliases if not weak)


_DISTRICT_NAME = re.compile(r"(?<![\w'’.-])((?:[A-Z][\w'’.]*[ \t]+){1,3}?)(?:County|Parish)\b")


def _district_names(doc: Document, known: list[ToponymMention]) -> list[ToponymMention]:
    """A district named with its generic word ("Anderson County", "Avoyelles Parish") wherever the
    taggers put it ("Anderson County Sheriff Greg Taylor" read as a person, "Walker County
    dispatchers"), when a district of the gazetteer has that name as its own: the longest run of
    capitalised words before the word that does ("Miss Greater Butler County" gives Butler County).
    A toponym found already across it stays."""
    if doc.lang != "en":
        return []
    g = get_gazetteer()
    out = []
    for mt in _DISTRICT_NAME.finditer(doc.text):
        starts = [mt.start(1) + w.start() for w in re.finditer(r"\S+", mt.group(1))]
        end = mt.end()
        for s in starts:
            if any(m.start < end and s < m.end and not (s <= m.start and m.end <= end) for m in known):
                continue
            surface = doc.text[s:end]
            if any(c.main_name and c.feature in ("admin2", "admin3") and c.latitude is not None for c in g.lookup(surface)):
                out.append(ToponymMention(s, end, surface, kind="county"))
                break
    return out


def _demonym_mentions(doc: Document, covered: list[tuple[int, int]]) -> list[ToponymMention]:
    """Nationality words the tagger reads as NORP ("Russian", "Palestinians"): toponyms of their
    country, as toponym annotation (LGL) counts them; resolved to the country in :func:`resolve`."""
    g = get_gazetteer()
    # an organisation told by its nationality ("the Sri Lankan government", "Georgian forces")
    # still names the country: only the other entity mentions hide a NORP word
    nominal = {(m.start, m.end) for ent in doc.entities if ent.type == "ORG" for m in ent.mentions if m.kind == "nominal"}
    hiding = [span for span in covered if span not in nominal]
    out = []
    for e in doc.doc.ents:
        if e.label_ not in ("NORP", "GPE") or any(a < e.end_char and e.start_char < b for a, b in hiding):
            continue
        if _demonym_country(g, e.text, doc.lang) is not None:
            out.append(ToponymMention(e.start_char, e.end_char, e.text))
        else:
            out.extend(_demonym_pair(g, doc, e.start_char, e.end_char))
    return out


_INHABITANTS = (  # ending of a name of inhabitants -> endings of the place's name to try
    ("ians", ("io", "ia", "a")), ("ian", ("io", "ia", "a")), ("ans", ("", "a", "as")), ("an", ("", "a", "as")),
    ("ns", ("",)), ("n", ("",)), ("ers", ("",)), ("er", ("",)), ("ites", ("",)), ("ite", ("",)),
)


def _inhabitants_place(g: Gazetteer, surface: str) -> list[Candidate]:
    """The place a name of its inhabitants names ("Ohioans", "Ontarians", "Texan", "Londoner",
    "Richmondites"): a country or admin1 by its own name, or a town of BIG_CITY or more; none when
    the word is a place name itself."""
    if not re.fullmatch(r"[A-Z][a-z]{3,}", surface) or g.lookup(surface):
        return []
    for ending, repl in _INHABITANTS:
        if not surface.endswith(ending):
            continue
        for r in repl:
            stem = surface[: -len(ending)] + r
            if r == "" and ending in ("ns", "n"):
                stem = surface[: -len(ending)]
            found = [c for c in g.lookup(stem) if c.latitude is not None and c.main_name and (
                c.feature in ("country", "admin1") or (c.feature == "city" and c.population >= BIG_CITY))]
            if found and len(stem) >= 4:
                return found
    return []


def _inhabitant_mentions(doc: Document, known: list[ToponymMention]) -> list[ToponymMention]:
    """Names of inhabitants ("Ohioans", "a Londoner") outside the toponyms found: toponyms of their
    place; not the last word of a longer name ("Zeke Grader", "the New Yorker"), nor a dictionary
    word read as a town's people ("Further")."""
    if doc.lang != "en":
        return []
    g = get_gazetteer()
    out = []
    for tok in doc.doc:
        s, e = tok.idx, tok.idx + len(tok.text)
        if not tok.text[:1].isupper() or tok.text[-1:] not in "nsre" or any(m.start < e and s < m.end for m in known):
            continue
        if tok.i > 0 and _is_cap(doc.doc[tok.i - 1]) and not doc.doc[tok.i - 1].is_sent_start:
            continue
        found = _inhabitants_place(g, tok.text)
        # a dictionary word names a country's or a state's people ("Georgian"), not a town's ("Further")
        if any(c.feature in ("country", "admin1") for c in found) or (found and not is_common_word(name_key(tok.text), doc.lang)):
            out.append(ToponymMention(s, e, tok.text))
    return out


def _demonym_pair(g: Gazetteer, doc: Document, start: int, end: int) -> list[ToponymMention]:
    """"Russian-American crew", "Israeli-Egyptian peace": each nationality word of a hyphenated
    pair names its country, when every part is one."""
    parts = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\s\-–]+", doc.text[start:end])]
    if len(parts) < 2 or not re.search(r"[-–]", doc.text[start:end]):
        return []
    if not all(_demonym_country(g, doc.text[s:e], doc.lang) is not None for s, e in parts):
        return []
    return [ToponymMention(s, e, doc.text[s:e]) for s, e in parts]


def _own_place(g: Gazetteer, surface: str) -> bool:
    """A name that is a place of its own (a region's, or a town's own name, not a hamlet's), not a
    toponym plus a generic word: "North Kivu" (an alternate name of Nord-Kivu), "East Hampton"."""
    return any(c.latitude is not None and (c.feature in ("country", "admin1", "region") or (c.main_name and c.population >= 1000))
               for c in g.lookup(surface))


def _trimmed(text: str, m: ToponymMention) -> ToponymMention:
    """The toponym proper: a compass word before it dropped ("East Texas", "Northeast Georgia"),
    unless the whole name is a place ("South Carolina", "East Hampton"); the dot of an
    abbreviation kept ("W.Va." where the tagger stopped at "W.Va")."""
    g = get_gazetteer()
    bare = m.text.strip("-–")  # a hyphen of "Paris-Henry County", "Watertown-Mayer" is no part of the name
    if bare and bare != m.text:
        m.start, m.end, m.text = m.start + m.text.index(bare), m.start + m.text.index(bare) + len(bare), bare
    # "Ohio State University": the state
    if m.text.endswith(" State") and re.match(r" (?:University|College)\b", text[m.end : m.end + 12]) and any(
            c.feature == "admin1" and c.main_name for c in g.lookup(m.text[:-6])):
        m.end, m.text = m.end - 6, m.text[:-6]
    # "Dublin City Council", "Alexandria City Public Schools": the town, when "X City" is no town's own name
    if m.text.endswith(" City") and re.match(r" [A-Z]", text[m.end : m.end + 2]) and not any(
            c.main_name and c.feature == "city" for c in g.lookup(m.text)) and _own_place(g, m.text[:-5]):
        m.end, m.text = m.end - 5, m.text[:-5]
    if text[m.end : m.end + 1] == "." and "." in m.text and g.is_abbreviation(m.text + "."):
        m.end, m.text = m.end + 1, m.text + "."
    directions = _patterns()["direction_prefixes"]
    before = re.search(r"([A-Z][\w.-]*) $", text[max(0, m.start - 20) : m.start])
    if before and before.group(1).lower() in directions and _own_place(g, before.group(1) + " " + m.text):
        m.start, m.text = m.start - len(before.group(0)), before.group(1) + " " + m.text  # "South" + "Carolina"
    words = m.text.split(" ")
    n = 0
    while n < len(words) - 1 and words[n].lower() in directions:
        n += 1
    if n and not _own_place(g, m.text):
        rest = " ".join(words[n:])
        if _own_place(g, rest) or _demonym_country(g, rest, "en") is not None:
            m.start, m.text = m.end - len(rest), rest
    return m


@lru_cache(maxsize=1)
def _weapon_model_re() -> re.Pattern:
    words = "|".join(sorted((re.escape(w) for w in _patterns()["weapon_model_heads"]), key=len, reverse=True))
    return re.compile(rf"[ \t]+(?:{words})\b")


def _weapon_model(text: str, m: ToponymMention) -> bool:
    """A name right before a weapon word is the weapon's model ("Grad missiles", "Grad MLRS"), not a
    place (Grad is also a Slovenian municipality); a toponym told with a generic word is kept."""
    return m.kind is None and not m.within and bool(_weapon_model_re().match(text, m.end)) and not _demonym_country(
        get_gazetteer(), m.text, "en")  # "Russian missiles", "Palestinian rockets": the country behind them


def _place_not_person(surface: str) -> bool:
    """A PERSON name of the tagger that is a country or admin1 region by its own name ("Egypt"),
    or a district named with its generic word ("Anderson County"), not a person."""
    g = get_gazetteer()
    words = surface.split()
    admin_word = len(words) > 1 and words[-1].lower() in _patterns()["suffixes"] and words[-1][:1].isupper()
    return any(c.main_name and (c.feature in ("country", "admin1") or (admin_word and c.feature in ("admin2", "admin3")))
               for c in g.lookup(surface))


def _entity_mentions(doc: Document, covered: list[tuple[int, int]]) -> list[ToponymMention]:
    """Toponyms of the entities layer: PLACE names, and the toponyms inside FACILITY and ORG
    names; ``covered`` takes every entity mention."""
    out: list[ToponymMention] = []
    for ent in doc.entities:
        for m in ent.mentions:
            covered.append((m.start, m.end))
        if ent.type == "PLACE":
            for m in ent.mentions:
                if m.kind in ("name", "alias") and not _names_a_thing(doc, m.start, m.end):
                    out.extend(_place_toponyms(doc, m.start, m.end, ent.id))
        elif ent.type == "FACILITY":
            for m in ent.mentions:
                if m.kind in ("name", "alias"):
                    out.extend(_inner_toponyms(doc, m.start, m.end, ent.id))
        elif ent.type == "PERSON":
            out.extend(ToponymMention(m.start, m.end, m.text) for m in ent.mentions
                       if m.kind == "name" and _place_not_person(m.text))
        elif ent.type == "ORG":  # names, and nominals such as "the Lebanese government"
            for m in ent.mentions:
                if m.kind in ("name", "alias", "nominal"):
                    out.extend(_org_toponyms(doc, m.start, m.end))
    return out


def collect_mentions(doc: Document) -> list[ToponymMention]:
    """Toponym mentions of a document: entities layer first, spaCy place entities otherwise."""
    out: list[ToponymMention] = []
    covered: list[tuple[int, int]] = []
    fac = _facility_words()
    if doc.entities:
        out.extend(_entity_mentions(doc, covered))
    else:
        for e in doc.doc.ents:
            if e.label_ != "NORP":
                covered.append((e.start_char, e.end_char))
            if e.label_ in FACILITY_LABELS or (e.label_ in PLACE_LABELS and len(e) > 1 and e[0].text.lower() in fac):
                out.extend(_inner_toponyms(doc, e.start_char, e.end_char))
            elif e.label_ in PLACE_LABELS:
                if len(e) == 1 and is_common_word(name_key(e.text), doc.lang) and not any(
                    c.feature == "country" or (c.feature == "city" and c.main_name and c.population >= 100000)
                    for c in get_gazetteer().lookup(e.text)
                ):
                    continue  # a common word the tagger took for a place ("Etat", "Centre")
                out.append(ToponymMention(e.start_char, e.end_char, e.text))
    out.extend(_demonym_mentions(doc, covered))
    out = _with_patterns(doc, out, covered)
    out.extend(_sweep(doc, covered))
    out.extend(_district_names(doc, out))
    out.extend(_inhabitant_mentions(doc, out))
    line = _dateline(doc.text)
    if line is not None:
        same = [m for m in out if m.start < line.end and line.start < m.end]
        if not same:
            out.append(line)
        for tm in same:
            if (tm.start, tm.end) == (line.start, line.end):
                tm.dateline = True
    out = [_trimmed(doc.text, m) for m in out if not _weapon_model(doc.text, m)]
    # a lone compass word ("West" of "Scott West", "Central" of a school's name) names no place by itself
    out = [m for m in out if m.text.lower() not in _patterns()["direction_prefixes"] or m.kind or m.within]
    # a feast, a deity or a thing ("Christmas attack", "Assemblies of God", "Grenade blasts"; data: not_place_names)
    out = [m for m in out if m.text.lower() not in _patterns()["not_place_names"] or m.kind or m.within]
    out.sort(key=lambda m: (m.start, -(m.end - m.start), m.entity_id is None))
    dedup: list[ToponymMention] = []
    for tm in out:
        if dedup and tm.start < dedup[-1].end:
            kept = dedup[-1]
            if kept.site is None and tm.site is not None and (kept.start, kept.end) == (tm.start, tm.end):
                kept.site, kept.site_start, kept.site_end, kept.site_entity_id = tm.site, tm.site_start, tm.site_end, tm.site_entity_id
            if (kept.start, kept.end) == (tm.start, tm.end):
                kept.within, kept.kind = kept.within or tm.within, kept.kind or tm.kind
            continue
        dedup.append(tm)
    # a PLACE mention inside a FACILITY name ("Bagdad" of "aéroport de Bagdad") belongs to that site
    sites = [(m.start, m.end, ent.id) for ent in doc.entities if ent.type == "FACILITY" for m in ent.mentions]
    for tm in dedup:
        if tm.site is None:
            for site_s, site_e, eid in sites:
                if site_s <= tm.start and tm.end <= site_e and (site_s, site_e) != (tm.start, tm.end):
                    tm.site, tm.site_start, tm.site_end, tm.site_entity_id = doc.text[site_s:site_e], site_s, site_e, eid
                    break
    if doc.lang == "en":
        dedup = sorted(dedup + _coordinated_people(doc, dedup), key=lambda m: m.start)
        dedup = sorted(dedup + _same_name_again(doc, dedup), key=lambda m: m.start)
    return dedup


_COORDINATION = re.compile(r"^(?:,\s*|,?\s+(?:and|or)\s+|,\s*(?:and|or)\s+)$")


def _coordinated_people(doc: Document, mentions: list[ToponymMention]) -> list[ToponymMention]:
    """A one-word "person" listed with toponyms ("Newark, Heath and Pataskala", "Bicester and
    Kidlington"): a town of the gazetteer by its own name is a toponym like its neighbours."""
    g = get_gazetteer()
    spans = sorted((m.start, m.end) for m in mentions)
    out = []
    for ent in doc.entities:
        if ent.type != "PERSON":
            continue
        for m in ent.mentions:
            if m.kind != "name" or not re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?", m.text) or any(a < m.end and m.start < b for a, b in spans):
                continue
            beside = any(_COORDINATION.match(doc.text[e:m.start]) for s, e in spans if e <= m.start and m.start - e <= 6) or any(
                _COORDINATION.match(doc.text[m.end:s]) for s, e in spans if s >= m.end and s - m.end <= 6)
            if beside and any(c.main_name and c.feature in ("city", "admin1", "admin2") for c in g.lookup(m.text)) \
                    and not is_common_word(name_key(m.text), doc.lang):
                out.append(ToponymMention(m.start, m.end, m.text))
    return out


def _same_name_again(doc: Document, mentions: list[ToponymMention]) -> list[ToponymMention]:
    """One name, one reading per text: a toponym's name written again where the taggers read it
    otherwise ("Laconia police", "the Dublin Recreation Services director", "Barrow" taken for an
    organisation), unless inside a person's name ("Andrew Jackson") or the same run of capitalised
    words is a place of its own."""
    g = get_gazetteer()
    people = [m for e in doc.entities if e.type == "PERSON" for m in e.mentions]
    surnames = {m.text.split()[-1] for m in people} | {m.text for m in people}  # "Fairfield" a defendant's name
    names = {m.text for m in mentions if len(m.text) > 3 and m.text[:1].isupper() and not m.text.isupper()
             and m.text not in surnames and not is_common_word(name_key(m.text), doc.lang)
             and m.text.lower() not in _patterns()["direction_prefixes"]
             and not _demonym_country(g, m.text, doc.lang) and _candidates(g, m.text)[0]}
    if not names:
        return []
    taken = [(m.start, m.end) for m in mentions]
    rx = re.compile(r"(?<![\w'’.-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
    out = []
    for mt in rx.finditer(doc.text):
        s, e = mt.span()
        if any(a < e and s < b for a, b in taken) or any(m.start < e and s < m.end for m in people):
            continue
        # the first word of its run of names ("Detroit Edison", "West Palestine Avenue" are not), not a street's
        if _AFTER_A_NAME.search(doc.text[max(0, s - 30) : s]) or _STREET_AFTER.match(doc.text, e):
            continue
        out.append(ToponymMention(s, e, mt.group()))
    return out


_AFTER_A_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’.]*\s+$|\b(?:Mr|Mrs|Ms|Dr)\.?\s+$")
_STREET_AFTER = re.compile(r"\s+(?:Street|St\b|Avenue|Ave\b|Road|Rd\b|Boulevard|Blvd\b|Drive|Dr\b|Lane|Ln\b|Way|Parkway|Pike|Bypass|Court|Ct\b)")


# --------------------------------------------------------------------------- stage
def places_from(doc: Document, resolutions: list[Resolution]) -> list[Place]:
    """Places (one per resolved record, or per unresolved toponym) and ``doc.place_mentions``:
    one row per mention with its precision, the site holding it, and for an unresolved toponym
    the place it is said to be near (``near_place_id``) and the finest resolved area the text
    puts it in (``within_place_id``: "X village (District, Province)")."""
    g = get_gazetteer()
    groups: dict[object, list[Resolution]] = defaultdict(list)
    for r in resolutions:
        gk = ("g", r.candidate.index) if r.candidate is not None else ("k", r.key)
        groups[gk].append(r)
    ordered = sorted(groups.values(), key=lambda rs: min(r.mention.start for r in rs))
    places = []
    mention_rows: list[dict[str, Any]] = []
    for n, rs in enumerate(ordered, 1):
        rs = sorted(rs, key=lambda r: r.mention.start)
        c = rs[0].candidate
        pid = f"p{n}"
        entity_id = next((r.mention.entity_id for r in rs if r.mention.entity_id), None)
        body = [r for r in rs if not r.mention.dateline] or rs  # a dateline says where the story was filed
        place = Place(
            id=pid,
            text=body[0].mention.text,
            mentions=[Mention(start=r.mention.start, end=r.mention.end, text=r.mention.text) for r in rs],
            entity_id=entity_id,
            evidence=[Span(start=r.mention.start, end=r.mention.end) for r in rs],
            confidence=max(r.confidence for r in rs),
            precision=cast("PlacePrecision | None", _finest([r.precision for r in body])),
        )
        if c is not None:
            place.geonameid = c.geonameid
            place.name = c.name
            place.feature = cast(Any, c.feature)  # a gazetteer feature: Place (pydantic) checks it
            place.country_code = c.country_code
            place.country = g.country_name(c.country_code)
            place.admin1_code = c.admin1_code
            place.admin1 = c.name if c.feature == "admin1" else g.admin1_name(c.country_code, c.admin1_code)
            place.admin2, place.admin3 = g.admin_names_of(c.geonameid)
            place.latitude = c.latitude
            place.longitude = c.longitude
            place.population = c.population or None
        places.append(place)
        for r in rs:
            m = r.mention
            mention_rows.append({
                "start": m.start, "end": m.end, "place_id": pid, "precision": r.precision,
                "site": m.site, "site_start": m.site_start, "site_end": m.site_end, "site_entity_id": m.site_entity_id,
                "dateline": m.dateline, "within_mentions": list(m.within),
            })
        if c is None:  # "Radwaniyah, près de l'aéroport de Bagdad": the place it is said to be near
            for row in mention_rows[-len(rs):]:
                row["near_mention"] = _near_anchor(doc.text, row["end"], resolutions)
        if c is not None and c.country_code:
            for r in rs:
                ent = next((e for e in doc.entities if e.id == r.mention.entity_id), None)
                if ent is not None and ent.country is None:
                    ent.country = c.country_code
    for row in mention_rows:
        if _coded_place(doc.text, row["start"]):
            row["coded"] = True
    pid_at = {(row["start"], row["end"]): row["place_id"] for row in mention_rows}
    resolved_at = {(r.mention.start, r.mention.end) for r in resolutions if r.candidate is not None}
    for row in mention_rows:
        anchor = row.pop("near_mention", None)
        if anchor is not None:
            row["near_place_id"] = pid_at.get(anchor)
        # "X village (District, Province)": the finest of those areas that resolved
        within = [tuple(s) for s in row.pop("within_mentions") if tuple(s) in resolved_at]
        if not within and (row["start"], row["end"]) not in resolved_at and anchor is None:
            within = _following_area(doc.text, row["end"], resolutions)  # "Mogbere, Limani"; "X village in A"
        if within:
            row["within_place_id"] = pid_at.get(within[0])
    # the working keys (near_mention, within_mentions) are popped above: the rows are PlaceMentions
    doc.place_mentions = cast("list[PlaceMention]", sorted(mention_rows, key=lambda row: row["start"]))
    return places


@lru_cache(maxsize=1)
def _coded_place_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in _patterns()["coded_place_cues"])
    return re.compile(rf"(?:(?P<before>\w+)\s+)?\b(?:{words})\s+(?:the\s+)?$", re.I)


def _coded_place(text: str, start: int) -> bool:
    """Whether a coder's cue comes right before the toponym at ``start``: "coded to X", "(coded as
    X, Province)"; not "fatalities coded to X event" (another event's place)."""
    m = _coded_place_re().search(text, max(0, start - 50), start)
    return m is not None and (m.group("before") or "").lower() not in _patterns()["coded_place_cues_not_after"]


_APPOSITIVE_NEAR = re.compile(
    r"^\s*,?\s*(?:\(\s*)?(?:près|non loin|à proximité|aux abords|aux environs|dans les environs|"
    r"à \d+ ?(?:km|kilomètres?)(?: au \w+)?|au (?:nord|sud|est|ouest)(?:-\w+)?|"
    r"near|close to|outside|just outside|on the outskirts of|(?:\d+ ?(?:km|kilometres|kilometers|miles) )?"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest) of)\b",
    re.I,
)


@lru_cache(maxsize=1)
def _within_glue_re() -> re.Pattern:
    words = "|".join(sorted((re.escape(w) for w in _patterns()["within_glue"]), key=len, reverse=True))
    return re.compile(rf"^(?:\s|[,(]|\b(?:{words})\b)*$", re.I)


def _following_area(text: str, end: int, resolutions: list[Resolution]) -> list[tuple[int, int]]:
    """The resolved town or area right after an unresolved toponym, joined to it only by glue
    words ("Mogbere, Limani", "Tolkomari village in Mayo-Sava", "Zandraogo (coded as Dablo"):
    where the text puts it, as coders place it."""
    for r in sorted(resolutions, key=lambda r: r.mention.start):
        if r.mention.start < end:
            continue
        gap = text[end : r.mention.start]
        if len(gap) > 40 or not _within_glue_re().match(gap):
            return []
        c = r.candidate
        if c is not None and c.feature != "country" and c.latitude is not None:
            return [(r.mention.start, r.mention.end)]
    return []


def _near_anchor(text: str, end: int, resolutions: list[Resolution]) -> tuple[int, int] | None:
    """The resolved town an unresolved toponym is said to be near, right after it."""
    tail = text[end : end + 120]
    if not _APPOSITIVE_NEAR.match(tail):
        return None
    limit = end + min(len(tail), len(re.split(r"[.;!?\n]", tail)[0]))
    for r in sorted(resolutions, key=lambda r: r.mention.start):
        if end <= r.mention.start < limit and r.candidate is not None and r.candidate.feature == "city":
            return (r.mention.start, r.mention.end)
    return None


def run(doc: Document) -> None:
    """Add the places layer to ``doc`` and ``doc.place_mentions`` (one row per mention, see
    :func:`places_from`); the entity of a resolved toponym takes its country."""
    mentions = collect_mentions(doc)
    if not mentions:
        doc.place_mentions = []
        return
    resolutions = resolve(doc.text, mentions, doc.lang)
    doc.places = places_from(doc, resolutions)
