"""The deep gazetteer: a SQLite index built from GeoNames dump files (``veille gazetteer build``).

GeoNames (geonames.org, CC BY 4.0) publishes its gazetteer as tab-separated dumps: the
``geoname`` table (``allCountries.zip``, per-country ``XX.zip``/``XX.txt``, ``cities*.zip``),
the admin tables ``admin1CodesASCII.txt`` / ``admin2Codes.txt`` (code, name, ASCII name,
geonameid) and ``alternateNames(V2).zip`` (alternate names with their language). A user who
downloads them builds the index once; lookups then go through the index on disk (an indexed
``names`` table), not through a resident dictionary, so the whole world stays well under the
1.5 GB RSS budget.

What is kept is data (``data/gazetteer_features.json``): feature classes P (populated places)
and A (administrative areas), plus the feature codes of event sites (airports, camps, bases,
bridges, markets...); alternate names in the kept languages. Keys are
:func:`veille.text.name_key` (casefolded, accent-free: ASCII folding), so "Ouagadougou",
"OUAGADOUGOU" and "Ouagadougou" with any accents meet.

Tables: ``places`` (geonameid, name, feature class and code, country, admin1..admin3 codes,
GeoNames' own coordinates, population), ``names`` (key, geonameid, alternate flag; primary key
(key, geonameid), without rowid), ``admin`` (``CC.A1`` / ``CC.A1.A2`` code -> name, level,
geonameid), ``meta``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from veille.resources import DATA, cache_dir
from veille.text import is_latin_key, name_key

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
STALE_INDEX_DAYS = 7  # another version's embedded index unused this long is deleted
KEYS_AFTER_LOOKUPS = 500  # uncached lookups answered by SQLite before the key set is read
MAX_KEYS_IN_MEMORY = 1_000_000  # a set of up to this many name keys answers misses without SQLite (~70 MB)
POSTAL_ID_BASE = 1_000_000_000  # ids of postal places: minus (this + a checksum), never a geonameid

_SCHEMA = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places(gid INTEGER PRIMARY KEY, name TEXT NOT NULL, fclass TEXT, fcode TEXT, cc TEXT,
                    a1 TEXT, a2 TEXT, a3 TEXT, lat REAL, lon REAL, pop INTEGER);
CREATE TABLE names(key TEXT NOT NULL, gid INTEGER NOT NULL, alt INTEGER NOT NULL,
                   PRIMARY KEY (key, gid)) WITHOUT ROWID;
CREATE TABLE admin(code TEXT PRIMARY KEY, level INTEGER, name TEXT, gid INTEGER);
"""


@lru_cache(maxsize=1)
def features() -> dict:
    return json.loads((DATA / "gazetteer_features.json").read_text(encoding="utf-8"))


def feature_of(fclass: str | None, fcode: str | None) -> str:
    """The places stage's feature for a GeoNames class/code ("city", "admin1", "admin2", ...)."""
    f = features()["feature"].get(fcode or "")
    if f:
        return f
    return "city" if fclass == "P" else "region" if fclass == "A" else "site"


# --------------------------------------------------------------------------- reading dumps
def _text_members(path: Path) -> Iterator[tuple[str, io.TextIOBase]]:
    """(name, text stream) of a dump file: a .txt file (or .txt.gz), or each .txt inside a .zip
    (not readmes)."""
    if path.suffix.lower() == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
            yield path.name[: -len(".gz")], f
    elif path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.filename.lower().endswith(".txt") and "readme" not in info.filename.lower():
                    with z.open(info) as raw:
                        yield info.filename, io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    else:
        with path.open(encoding="utf-8", newline="\n") as f:
            yield path.name, f


def _kind(name: str, first_line: str) -> str:
    """What a dump file holds: geoname rows, admin codes, alternate names, postal places (the
    postal-code dump: country, code, place name, admin names and codes, coordinates), or nothing
    we read."""
    low = Path(name).name.lower()
    if low.startswith("admin1codes") or low.startswith("admin2codes"):
        return "admin"
    if low.startswith("alternatenames"):
        return "altnames"
    cols = first_line.rstrip("\n").split("\t")
    if len(cols) == 19 and cols[0].isdigit():
        return "geoname"
    if len(cols) == 12 and len(cols[0]) == 2 and cols[0].isupper():
        return "postal"
    return "skip"


def _order(path: Path) -> int:
    """Admin tables first (postal places map their admin names to codes), alternate names last
    (they attach to the records read before)."""
    low = path.name.lower()
    return 0 if low.startswith("admin") else 2 if low.startswith("alternatenames") else 1


def _rows(stream: io.TextIOBase) -> Iterator[list[str]]:
    for line in stream:
        if line and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


@dataclass
class BuildStats:
    places: int = 0
    names: int = 0
    admin: int = 0
    alternate_names: int = 0
    seconds: float = 0.0


class _Writer:
    def __init__(self, con: sqlite3.Connection, countries: frozenset[str] | None):
        self.con = con
        self.countries = countries
        self.key, self.latin = name_key, is_latin_key
        spec = features()
        self.classes = frozenset(spec["classes"])
        self.codes = frozenset(spec["codes"])
        self.langs = frozenset(spec["langs"])
        self.district_names: dict[str, dict[str, str]] = spec.get("postal_district_names", {})
        self.postal_suffix = re.compile(r"\s+(?:%s)$" % "|".join(map(re.escape, spec["postal_suffixes"])), re.I)
        self._admin_names: dict | None = None
        self._admin_codes: set[str] = set()
        self._districts: dict | None = None
        self._postal_seen: set[tuple] = set()
        self.admin_suffix = re.compile(r"\s+(?:%s)$" % "|".join(map(re.escape, spec["admin_suffixes"])), re.I)
        self.stats = BuildStats()
        self._places: list[tuple] = []
        self._names: list[tuple] = []

    def _name(self, gid: int, name: str, alt: bool) -> None:
        k = self.key(name)
        if self.latin(k) and len(k) <= 80:
            self._names.append((k, gid, int(alt)))
            if "'" in k:  # "Murang'a" is also written "Muranga": an alternate name
                self._names.append((k.replace("'", ""), gid, 1))

    def geoname(self, c: list[str]) -> None:
        if len(c) < 19 or not c[0].isdigit():
            return
        fclass, fcode, cc = c[6], c[7], c[8]
        if fclass not in self.classes and fcode not in self.codes:
            return
        if self.countries is not None and cc not in self.countries:
            return
        try:
            lat, lon = round(float(c[4]), 5), round(float(c[5]), 5)
        except ValueError:
            return
        gid = int(c[0])
        pop = int(c[14]) if c[14].strip().lstrip("-").isdigit() else 0
        self._places.append((gid, c[1], fclass, fcode, cc, c[10] or None, c[11] or None, c[12] or None, lat, lon, max(pop, 0)))
        self._name(gid, c[1], False)
        if c[2] and c[2] != c[1]:
            self._name(gid, c[2], False)
        for alt in c[3].split(","):
            if alt:
                self._name(gid, alt, True)
        if len(self._places) >= 50_000:
            self.flush()

    def postal(self, c: list[str]) -> None:
        """A place of the postal-code dump: a town or post office with its admin names. It has no
        geonameid: a stable negative id stands in (never reported as a geonameid)."""
        cc, place = c[0], c[2].strip()
        if not place or (self.countries is not None and cc not in self.countries):
            return
        try:
            lat, lon = round(float(c[9]), 5), round(float(c[10]), 5)
        except ValueError:
            return
        district = self.district_names.get(cc, {}).get(c[5].strip(), c[5])  # "Jinaidaha": Jhenaidah
        a1 = self._admin_code(cc, None, c[3], c[4])
        a2 = self._admin_code(cc, a1, district, c[6]) if a1 else None
        if a1 is None and district:  # no admin1 given (Bangladesh): the district of that name says it
            a1, a2 = self._district_anywhere(cc, district)
        seen = (cc, a1, self.key(place))
        if seen in self._postal_seen:  # one place with many postal codes: its first point
            return
        self._postal_seen.add(seen)
        gid = -(POSTAL_ID_BASE + zlib.crc32(f"{cc}|{c[1]}|{place}|{lat}|{lon}".encode()))
        self._places.append((gid, place, "P", "PPL", cc, a1, a2, None, lat, lon, 0))
        self._name(gid, place, False)
        bare = self.postal_suffix.sub("", place).strip()
        if bare and bare != place:
            self._name(gid, bare, True)

    def _admin_code(self, cc: str, a1: str | None, name: str, code: str = "") -> str | None:
        """The GeoNames admin code of an area the postal dump names (admin1 in the country, or
        admin2 in a1): its own code when the admin tables know it ("US", "AK", "013"), else the
        code of the area of that name."""
        if self._admin_names is None:
            self._admin_names, self._admin_codes = {}, set()
            for full, n in self.con.execute("SELECT code, name FROM admin"):
                parts = full.split(".")
                self._admin_codes.add(full)
                self._admin_names.setdefault((parts[0], ".".join(parts[1:-1]) or None, self.key(n)), parts[-1])
        if code and ".".join(x for x in (cc, a1, code) if x) in self._admin_codes:
            return code
        return self._admin_names.get((cc, a1, self.key(name))) if name else None

    def _district_anywhere(self, cc: str, name: str) -> tuple[str | None, str | None]:
        """(admin1, admin2) of the one admin2 area of the country with that name, else (None, None)."""
        self._admin_code(cc, None, "")  # loads the tables
        if self._districts is None:
            self._districts = {}
            for (c, a1, key), code in (self._admin_names or {}).items():
                if a1 and "." not in a1:
                    self._districts.setdefault((c, key), []).append((a1, code))
            for key in [k for k, v in self._districts.items() if len(v) == 1]:
                (a1, code), = self._districts[key]
                bare = self.key(self.admin_suffix.sub("", key[1]))
                self._districts.setdefault((key[0], bare), [(a1, code)])
        found = self._districts.get((cc, self.key(name)), [])
        return found[0] if len(found) == 1 else (None, None)

    def derived_districts(self) -> None:
        """An admin2 area the admin table names but no ADM2 record places (the postal dumps' US
        counties, Bangladeshi and Sri Lankan districts) gets the mean point of its places."""
        self.flush()
        placed = {f"{cc}.{a1}.{a2}" for cc, a1, a2 in
                  self.con.execute("SELECT cc, a1, a2 FROM places WHERE fcode LIKE 'ADM2%' AND a2 IS NOT NULL")}
        sums: dict[str, list[float]] = {}
        for cc, a1, a2, lat, lon in self.con.execute(
                "SELECT cc, a1, a2, lat, lon FROM places WHERE a2 IS NOT NULL AND fclass = 'P'"):
            acc = sums.setdefault(f"{cc}.{a1}.{a2}", [0.0, 0.0, 0])
            acc[0] += lat
            acc[1] += lon
            acc[2] += 1
        rows = [(code, name, gid, sums[code][0] / sums[code][2], sums[code][1] / sums[code][2], sums[code][2])
                for code, name, gid in self.con.execute("SELECT code, name, gid FROM admin WHERE level = 2")
                if code in sums and code not in placed]
        taken = {gid for (gid,) in self.con.execute("SELECT gid FROM places")}
        for code, name, gid, lat, lon, _n in rows:
            cc, a1, a2 = code.split(".")
            rid = gid if gid and gid not in taken else -(POSTAL_ID_BASE + zlib.crc32(code.encode()))
            self._places.append((rid, name, "A", "ADM2", cc, a1, a2, None, round(lat, 5), round(lon, 5), 0))
            self._name(rid, name, False)
            bare = self.admin_suffix.sub("", name).strip()
            if bare and bare != name:
                self._name(rid, bare, True)
        self.flush()

    def admin(self, c: list[str]) -> None:
        if len(c) < 4 or "." not in c[0]:
            return
        code = c[0]
        if self.countries is not None and code.split(".")[0] not in self.countries:
            return
        gid = int(c[3]) if c[3].isdigit() else None
        self.con.execute("INSERT OR REPLACE INTO admin VALUES (?,?,?,?)", (code, code.count("."), c[1], gid))
        self.stats.admin += 1

    def altname(self, c: list[str], known: set[int]) -> None:
        if len(c) < 4 or not c[1].isdigit():
            return
        lang = c[2]
        if lang not in self.langs or (len(c) > 7 and c[7] == "1"):  # historic names left out
            return
        gid = int(c[1])
        if gid in known:
            self._name(gid, c[3], True)
            self.stats.alternate_names += 1
            if len(self._names) >= 200_000:
                self.flush()

    def flush(self) -> None:
        self.con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self._places)
        # a main-name entry wins over an alternate one for the same (key, gid)
        self.con.executemany(
            "INSERT INTO names VALUES (?,?,?) ON CONFLICT(key, gid) DO UPDATE SET alt = MIN(alt, excluded.alt)", self._names)
        self.stats.places += len(self._places)
        self.stats.names += len(self._names)
        self._places, self._names = [], []


def build_index(paths: Iterable[Path], out: Path, countries: Iterable[str] | None = None) -> BuildStats:
    """Build the SQLite index at ``out`` from GeoNames dump files (.txt or .zip; folders are
    searched for them). Alternate-name files are read after the geoname files, whatever the order
    given. The file appears only when complete (written beside it, then renamed)."""
    t0 = time.perf_counter()
    files = _expand(paths)
    if not files:
        raise FileNotFoundError("no GeoNames dump files (.txt/.zip) among the given paths")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".geonames-", suffix=".sqlite")
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        w = _Writer(con, frozenset(c.upper() for c in countries) if countries else None)
        for f in sorted(files, key=_order):
            _read_file(w, f)
        w.derived_districts()
        w.stats.seconds = round(time.perf_counter() - t0, 1)
        meta = {"schema": str(SCHEMA_VERSION), "sources": ";".join(p.name for p in files),
                "keys": str(con.execute("SELECT count(DISTINCT key) FROM names").fetchone()[0]),
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "attribution": "GeoNames (geonames.org), CC BY 4.0"}
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, out)
    except BaseException:
        con.close()
        Path(tmp).unlink(missing_ok=True)
        raise
    return w.stats


def _read_file(w: _Writer, path: Path) -> None:
    known: set[int] | None = None
    for name, stream in _text_members(path):
        first = stream.readline()
        kind = _kind(name, first)
        handler: Callable[[list[str]], None] | None
        if kind == "altnames":
            w.flush()
            if known is None:
                known = {gid for (gid,) in w.con.execute("SELECT gid FROM places")}
            handler = partial(w.altname, known=known)
        else:
            handler = {"geoname": w.geoname, "admin": w.admin, "postal": w.postal}.get(kind)
        if handler is None:
            continue
        if kind == "postal":
            w._admin_names = None  # admin tables read since are taken into account
        for c in _rows(io.StringIO(first)):
            handler(c)
        for c in _rows(stream):
            handler(c)
        if kind == "admin":
            w.con.commit()


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.name.lower().endswith((".txt", ".zip", ".txt.gz"))))
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(str(p))
    return out


# --------------------------------------------------------------------------- reading the index
@dataclass(frozen=True)
class DeepRecord:
    record_id: int  # the geonameid, or a negative id for a place of the postal-code dump
    geonameid: int | None
    name: str
    feature: str
    feature_code: str | None
    country_code: str | None
    admin1_code: str | None
    admin2_code: str | None
    admin3_code: str | None
    latitude: float
    longitude: float
    population: int
    main_name: bool


ADMIN_NAMES_MEMO_SIZE = 50_000  # records whose admin2/admin3 names a DeepIndex keeps (cleared when full)


class DeepIndex:
    """Read-only lookups in a built index (one connection per process and thread, opened lazily)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        self._cache: dict[str, tuple[DeepRecord, ...]] = {}
        self._admin_names: dict[int, tuple[str | None, str | None]] = {}

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None or getattr(self._local, "pid", None) != os.getpid():
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con, self._local.pid = con, os.getpid()
        return con

    def _known_keys(self) -> frozenset[str] | None:
        """All name keys, held in memory when there are few (a small index: most lookups of a
        text's words miss, and a set answers those without SQLite); None for a large index, and
        until SQLite has answered :data:`KEYS_AFTER_LOOKUPS` lookups (reading every key costs more
        than one article's lookups: a one-article run does without). The answers are the same."""
        if not hasattr(self, "_keys"):
            self._sql_lookups = getattr(self, "_sql_lookups", 0) + 1
            if self._sql_lookups <= KEYS_AFTER_LOOKUPS:
                return None
            meta = self.meta()
            small = meta.get("keys", "").isdigit() and int(meta["keys"]) <= MAX_KEYS_IN_MEMORY
            self._keys = frozenset(k for (k,) in self._con().execute("SELECT DISTINCT key FROM names")) if small else None
        return self._keys

    def lookup_key(self, key: str) -> tuple[DeepRecord, ...]:
        """The records one name key may refer to."""
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        keys = self._known_keys()
        if keys is not None and key not in keys:
            return ()
        rows = self._con().execute(
            "SELECT p.gid, p.name, p.fclass, p.fcode, p.cc, p.a1, p.a2, p.a3, p.lat, p.lon, p.pop, n.alt "
            "FROM names n JOIN places p ON p.gid = n.gid WHERE n.key = ? LIMIT 400", (key,)).fetchall()
        out = tuple(DeepRecord(r[0], r[0] if r[0] > 0 else None, r[1], feature_of(r[2], r[3]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10] or 0, not r[11])
                    for r in rows)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def admin_name(self, code: str) -> str | None:
        """The name of an admin area by its GeoNames code ("UA.13" or "UA.13.1234")."""
        row = self._con().execute("SELECT name FROM admin WHERE code = ?", (code,)).fetchone()
        if row is None and code.count(".") >= 1:  # no admin table given: the ADMn record itself
            cc, *parts = code.split(".")
            level = len(parts)
            sql = {1: "SELECT name FROM places WHERE cc=? AND a1=? AND fcode='ADM1'",
                   2: "SELECT name FROM places WHERE cc=? AND a1=? AND a2=? AND fcode='ADM2'",
                   3: "SELECT name FROM places WHERE cc=? AND a1=? AND a2=? AND a3=? AND fcode='ADM3'"}.get(level)
            row = self._con().execute(sql, (cc, *parts)).fetchone() if sql else None
        return row[0] if row else None

    def admin_names_of(self, geonameid: int) -> tuple[str | None, str | None]:
        """The admin2 and admin3 names of a record (its own name when it is that area); kept per
        record, as the index is read-only."""
        hit = self._admin_names.get(geonameid)
        if hit is None:
            if len(self._admin_names) > ADMIN_NAMES_MEMO_SIZE:
                self._admin_names.clear()
            hit = self._admin_names[geonameid] = self._admin_names_of(geonameid)
        return hit

    def _admin_names_of(self, geonameid: int) -> tuple[str | None, str | None]:
        row = self._con().execute("SELECT cc, a1, a2, a3, fcode, name, lat, lon FROM places WHERE gid = ?",
                                  (geonameid,)).fetchone()
        if row is None:
            return None, None
        cc, a1, a2, a3, fcode, name, lat, lon = row
        level = {"admin2": 2, "admin3": 3}.get(feature_of("A", fcode))
        if a1 and not a2 and level is None:  # many villages carry no admin2 code: the nearest district seat's
            a2 = self._nearest_admin2(cc, a1, lat, lon)
        adm2 = name if level == 2 else self.admin_name(f"{cc}.{a1}.{a2}") if a1 and a2 else None
        adm3 = name if level == 3 else self.admin_name(f"{cc}.{a1}.{a2}.{a3}") if a1 and a2 and a3 else None
        return adm2, adm3

    def _nearest_admin2(self, cc: str, a1: str, lat: float, lon: float) -> str | None:
        """The admin2 code of the ADM2 record nearest a point in the same admin1 (its centre point)."""
        rows = self._con().execute("SELECT a2, lat, lon FROM places WHERE cc = ? AND a1 = ? AND fcode = 'ADM2' AND a2 IS NOT NULL",
                                   (cc, a1)).fetchall()
        if not rows:
            return None
        k = math.cos(math.radians(lat))
        return min(rows, key=lambda r: (r[1] - lat) ** 2 + ((r[2] - lon) * k) ** 2)[0]

    def meta(self) -> dict[str, str]:
        return dict(self._con().execute("SELECT k, v FROM meta").fetchall())

    def count(self) -> int:
        return self._con().execute("SELECT count(*) FROM places").fetchone()[0]


EMBEDDED_DIR = DATA / "geonames"


def embedded_files() -> list[Path]:
    """The GeoNames subset shipped with Veille (see data/geonames/SOURCES.md)."""
    return sorted(EMBEDDED_DIR.glob("*.txt.gz")) if EMBEDDED_DIR.is_dir() else []


def _embedded_index() -> Path | None:
    """The index of the shipped subset, built once into the cache folder (keyed by the files'
    and the builder's hash) and reused after."""
    files = embedded_files()
    if not files:
        return None
    h = hashlib.sha256()
    for f in files + [Path(__file__), Path(__file__).with_name("text.py"), DATA / "gazetteer_features.json"]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    path = cache_dir() / f"geonames-embedded-{h.hexdigest()[:16]}.sqlite"
    if not path.exists():
        try:
            build_index(files, path)
        except OSError as err:  # read-only cache: no deep index rather than a failure
            log.warning("cannot build the embedded GeoNames index at %s: %s", path, err)
            return None
        # Other versions' indexes go once unused for a while: another installed version of Veille
        # (another checkout, a second virtualenv) may be using its own right now.
        cutoff = time.time() - STALE_INDEX_DAYS * 86400
        for old in path.parent.glob("geonames-embedded-*.sqlite"):
            try:
                if old != path and old.stat().st_mtime < cutoff:
                    old.unlink(missing_ok=True)
            except OSError:
                pass
    else:
        try:
            os.utime(path)  # in use: its modification time says when it was last used
        except OSError:
            pass
    return path


def default_path() -> Path | None:
    """The deep index in use: $VEILLE_GAZETTEER_DB ("none" turns it off), else the one
    ``veille gazetteer build`` wrote in the cache folder, else the shipped subset's."""
    env = os.environ.get("VEILLE_GAZETTEER_DB")
    if env is not None and env.strip():
        return None if env.strip().lower() in ("none", "off") else Path(env)
    p = cache_dir() / "geonames.sqlite"
    return p if p.exists() else _embedded_index()


@lru_cache(maxsize=1)
def get_deep_index() -> DeepIndex | None:
    p = default_path()
    if p is None or not p.exists():
        return None
    return DeepIndex(p)
