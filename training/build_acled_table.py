#!/usr/bin/env python3
"""Build the ACLED training table from public GitHub snapshots.

Reads exactly the files listed in training/acled_sources.tsv (repo, commit, path) from
bare git mirrors under MIRROR_ROOT (default /work/.mirror, as laid out by the search tool's
`fetch`: MIRROR_ROOT/owner+name/repo[/.git]) with `git show COMMIT:PATH`, normalises the
columns and the ACLED taxonomy, drops held-out rows, deduplicates, assigns a fixed
country-year split and writes /work/cache/acled/acled_rows.csv.gz (never commit that file:
ACLED's terms forbid redistributing raw rows).

Stdlib only, except openpyxl for .xlsx sources (optional; without it .xlsx files are skipped).  Usage:
    python training/build_acled_table.py [--mirror-root DIR] [--heldout DIR] [--out FILE]
"""
import argparse
import collections
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
csv.field_size_limit(1 << 30)

OUT_COLUMNS = [
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type",
    "event_type_raw", "sub_event_type_raw",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "iso3", "region", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "fatalities", "source", "source_scale", "notes", "split", "source_repo", "source_path",
]

# column-name aliases seen in exports (after lower-casing, spaces/dashes -> underscores)
ALIASES = {
    "eventidcnty": "event_id_cnty", "event_id": "event_id_cnty", "event_id_country": "event_id_cnty",
    "eventdate": "event_date", "date": "event_date",
    "eventtype": "event_type", "type": "event_type",
    "subeventtype": "sub_event_type", "sub_event": "sub_event_type", "sub_type": "sub_event_type",
    "subtype": "sub_event_type",
    "assocactor1": "assoc_actor_1", "assoc_actor1": "assoc_actor_1", "ally_actor_1": "assoc_actor_1",
    "assocactor2": "assoc_actor_2", "assoc_actor2": "assoc_actor_2", "ally_actor_2": "assoc_actor_2",
    "actor_1": "actor1", "actor_2": "actor2", "inter_1": "inter1", "inter_2": "inter2",
    "note": "notes", "description": "notes", "iso_3": "iso3", "country_iso3": "iso3",
    "lat": "latitude", "lon": "longitude", "lng": "longitude", "long": "longitude",
    "fatality": "fatalities", "deaths": "fatalities", "sourcescale": "source_scale",
}

INTER_LABELS = {
    "0": "", "1": "State forces", "2": "Rebel groups", "3": "Political militias",
    "4": "Identity militias", "5": "Rioters", "6": "Protesters", "7": "Civilians",
    "8": "External/Other forces",
}

EVENT_TYPE_ALIASES = {
    "battle": "Battles", "battles": "Battles",
    "remote violence": "Explosions/Remote violence",
    "explosions/remote violence": "Explosions/Remote violence",
    "explosions / remote violence": "Explosions/Remote violence",
    "violence against civilians": "Violence against civilians",
    "protest": "Protests", "protests": "Protests",
    "riot": "Riots", "riots": "Riots",
    "strategic development": "Strategic developments", "strategic developments": "Strategic developments",
}

# older / variant sub-event spellings -> current taxonomy name
SUB_EVENT_ALIASES = {
    "shelling/artillery/missile": "Shelling/artillery/missile attack",
    "shelling/artillery/missile attacks": "Shelling/artillery/missile attack",
    "remote explosive/landmine/ied attack": "Remote explosive/landmine/IED",
    "remote explosive": "Remote explosive/landmine/IED",
    "air/drone strikes": "Air/drone strike", "air strike": "Air/drone strike",
    "drone strike": "Air/drone strike",
    "suicide bombing": "Suicide bomb", "grenade attack": "Grenade",
    "chemical weapons": "Chemical weapon",
    "abduction/forced disappearances": "Abduction/forced disappearance",
    "abduction": "Abduction/forced disappearance",
    "excessive force against protestors": "Excessive force against protesters",
    "protest with interventions": "Protest with intervention",
    "peaceful protests": "Peaceful protest",
    "violent demonstrations": "Violent demonstration",
    "arrest": "Arrests",
    "agreements": "Agreement",
    "change to group / activity": "Change to group/activity",
    "headquarters or base established ": "Headquarters or base established",
    "looting/property destruction ": "Looting/property destruction",
    "armed clashes": "Armed clash",
    "non-state actor overtakes territory ": "Non-state actor overtakes territory",
}

# Pre-2019 ACLED exports have no sub_event_type. Four of the old event types map one-to-one onto
# a current sub-event type (ACLED's own 2019 re-coding kept them as such), so rows of those four
# types are kept; all other old-taxonomy rows (Battle-No change of territory, Remote violence,
# Riots/Protests, Strategic development, ...) are ambiguous and are still dropped.
OLD_TYPE_TO_SUB = {
    "battle-government regains territory": "Government regains territory",
    "battle-non-state actor overtakes territory": "Non-state actor overtakes territory",
    "headquarters or base established": "Headquarters or base established",
    "non-violent transfer of territory": "Non-violent transfer of territory",
}

REGION_NAMES = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
    "Middle East", "South Asia", "Southeast Asia", "East Asia", "Central Asia", "Caucasus and Central Asia",
    "Europe", "Caribbean", "Central America", "South America", "North America", "Oceania",
}

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def norm_col(name):
    c = (name or "").strip().strip("\ufeff").strip('"').lower()
    c = re.sub(r"[\s\-]+", "_", c)
    return ALIASES.get(c, c)


def notes_key(notes):
    # identical to shared/data/heldout/is_heldout.py
    return hashlib.sha1(" ".join((notes or "").lower().split()).encode("utf-8")).hexdigest()


def parse_date(s):
    s = (s or "").strip()
    if not s:
        return ""
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"^(\d{1,2})[ \-/]([A-Za-z]{3,9})[ \-/,]*(\d{2,4})$", s)
        if m:
            d, mo, y = int(m.group(1)), MONTHS.get(m.group(2)[:3].lower()), int(m.group(3))
            if mo is None:
                return ""
            y = y + 2000 if y < 100 else y
        else:
            m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$", s)
            if not m:
                return ""
            a, b, y = map(int, m.groups())
            y = y + 2000 if y < 100 else y
            d, mo = (a, b) if a > 12 else (b, a) if b > 12 else (a, b)  # ACLED exports are d/m/Y
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return ""


def load_taxonomy(path):
    tax = json.load(open(path, encoding="utf-8"))
    sub_to_type, by_lower = {}, {}
    for et in tax["event_types"]:
        for st in et["sub_event_types"]:
            sub_to_type[st["name"]] = et["name"]
            by_lower[st["name"].lower()] = st["name"]
    return sub_to_type, by_lower


def find_git_dir(mirror_root, repo):
    base = os.path.join(mirror_root, repo.replace("/", "+"), "repo")
    for cand in (os.path.join(base, ".git"), base):
        if os.path.exists(os.path.join(cand, "HEAD")):
            return cand
    return None


def decode(data):
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def read_records(data, path):
    """Yield dicts with normalised keys from csv / csv.gz / zip(csv) / json / geojson bytes."""
    low = path.lower()
    if low.endswith(".gz"):
        data, low = gzip.decompress(data), low[:-3]
    if low.endswith(".zip"):
        z = zipfile.ZipFile(io.BytesIO(data))
        for n in z.namelist():
            if n.lower().endswith(".csv"):
                yield from read_records(z.read(n), n)
        return
    if low.endswith(".xlsx"):
        try:
            import openpyxl  # optional dependency, only needed for .xlsx sources
        except ImportError:
            print(f"  skip spreadsheet (pip install openpyxl to read it): {path}", file=sys.stderr)
            return
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = [norm_col(str(h) if h is not None else "") for h in next(rows, [])]
            if "notes" not in header or "event_type" not in header:
                continue
            for vals in rows:
                if not vals:
                    continue
                rec = {}
                for i, h in enumerate(header):
                    if not h or i >= len(vals):
                        continue
                    v = vals[i]
                    if isinstance(v, dt.datetime):
                        v = v.date().isoformat()
                    elif isinstance(v, dt.date):
                        v = v.isoformat()
                    rec[h] = "" if v is None else str(v)
                yield rec
        return
    if low.endswith(".xls"):
        print(f"  skip legacy .xls spreadsheet: {path}", file=sys.stderr)
        return
    text = decode(data)
    if low.endswith((".json", ".geojson", ".js")):
        start = min([i for i in (text.find("["), text.find("{")) if i >= 0] or [0])
        obj = json.loads(text[start:].rstrip().rstrip(";"))
        if isinstance(obj, dict):
            obj = obj.get("features") or obj.get("data") or obj.get("results") or []
        for rec in obj:
            if isinstance(rec, dict) and "properties" in rec:
                props = dict(rec["properties"])
                coords = (rec.get("geometry") or {}).get("coordinates") or []
                if len(coords) == 2:
                    props.setdefault("longitude", coords[0])
                    props.setdefault("latitude", coords[1])
                rec = props
            if isinstance(rec, dict):
                yield {norm_col(k): ("" if v is None else str(v)) for k, v in rec.items()}
        return
    first = text[: text.find("\n")] if "\n" in text else text
    delim = max([",", ";", "\t", "|"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = [norm_col(h) for h in next(reader)]
    for vals in reader:
        if not vals:
            continue
        yield {h: (vals[i] if i < len(vals) else "") for i, h in enumerate(header) if h}


def period_of(date, year, period):
    """Grouping period for the split: 'year', 'quarter' (YYYY-Qn) or 'month' (YYYY-MM)."""
    if period == "year" or len(date) < 7:
        return year
    if period == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    return date[:7]


def split_of(country, period_key):
    """Fixed split by country-period: sha1(country|period) -> train 80 / dev 10 / test 10.
    Whole country-periods go to one split, never individual rows."""
    h = int(hashlib.sha1(f"{country.strip().lower()}|{period_key}".encode("utf-8")).hexdigest(), 16) % 100
    return "train" if h < 80 else "dev" if h < 90 else "test"


def main():  # noqa: C901 - too complex; to split into named rules (issue 14)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default=os.path.join(HERE, "acled_sources.tsv"))
    ap.add_argument("--mirror-root", default="/work/.mirror")
    ap.add_argument("--heldout", default=os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data", "heldout")))
    ap.add_argument("--taxonomy", default=os.path.join(REPO_ROOT, "src", "veille", "data", "acled_taxonomy.json"))
    ap.add_argument("--out", default="/work/cache/acled/acled_rows.csv.gz")
    ap.add_argument("--period", choices=["year", "quarter", "month"], default="month",
                    help="country-period unit for the split (default month: with few countries, "
                         "country-year groups give very uneven dev/test sizes)")
    ap.add_argument("--stats", default=None, help="JSON stats path (default: next to --out)")
    args = ap.parse_args()

    sys.path.insert(0, args.heldout)
    from is_heldout import HeldOut  # noqa: E402
    held = HeldOut(args.heldout)
    sub_to_type, sub_by_lower = load_taxonomy(args.taxonomy)

    sources = list(csv.DictReader(open(args.sources, encoding="utf-8"), delimiter="\t"))
    c = collections.Counter()
    per_source = collections.Counter()
    unmapped = collections.Counter()
    type_fixed = collections.Counter()
    seen_ids, seen_notes = set(), set()
    country_iso3 = {}
    kept = []

    for src in sources:
        repo, commit, path = src["repo"], src["commit"], src["path"]
        gdir = find_git_dir(args.mirror_root, repo)
        if not gdir:
            print(f"MISSING mirror for {repo}: fetch it first", file=sys.stderr)
            c["sources_missing"] += 1
            continue
        res = subprocess.run(["git", f"--git-dir={gdir}", "show", f"{commit}:{path}"], capture_output=True)
        if res.returncode != 0:
            print(f"MISSING {repo}@{commit[:10]}:{path}: {res.stderr.decode()[:200]}", file=sys.stderr)
            c["sources_missing"] += 1
            continue
        n_src = 0
        for r in read_records(res.stdout, path):
            c["rows_read"] += 1
            notes = (r.get("notes") or "").strip()
            et_raw = (r.get("event_type") or "").strip()
            st_raw = (r.get("sub_event_type") or "").strip()
            if not notes or not et_raw:
                c["dropped_no_notes_or_type"] += 1
                continue
            if not st_raw:
                if et_raw.lower() in OLD_TYPE_TO_SUB:
                    st_raw = OLD_TYPE_TO_SUB[et_raw.lower()]
                    c["old_taxonomy_type_mapped"] += 1
                else:
                    c["dropped_no_sub_event_type"] += 1
                    continue
            st = sub_by_lower.get(st_raw.lower()) or SUB_EVENT_ALIASES.get(st_raw.lower())
            if not st:
                unmapped[f"{et_raw} / {st_raw}"] += 1
                c["dropped_unmapped_sub_event"] += 1
                continue
            et = sub_to_type[st]
            if EVENT_TYPE_ALIASES.get(et_raw.lower()) != et:
                type_fixed[f"{et_raw} / {st_raw} -> {et}"] += 1
            eid = (r.get("event_id_cnty") or "").strip()
            row = {"event_id_cnty": eid, "notes": notes}
            if row in held:
                c["dropped_heldout"] += 1
                continue
            nk = notes_key(notes)
            if (eid and eid in seen_ids) or nk in seen_notes:
                c["dropped_duplicate"] += 1
                continue
            if eid:
                seen_ids.add(eid)
            seen_notes.add(nk)
            date = parse_date(r.get("event_date", ""))
            year = (r.get("year") or "").strip()[:4] or date[:4]
            if not year.isdigit():
                year = date[:4]
            country = (r.get("country") or "").strip()
            iso3 = (r.get("iso3") or "").strip().upper()
            if len(iso3) != 3 or not iso3.isalpha():
                iso3 = ""
            if country and iso3:
                country_iso3.setdefault(country, iso3)
            fat = (r.get("fatalities") or "").strip()
            try:
                fat = str(int(float(fat)))
            except ValueError:
                fat = ""
            out = {
                "event_id_cnty": eid, "event_date": date, "year": year,
                "event_type": et, "sub_event_type": st,
                "event_type_raw": et_raw, "sub_event_type_raw": st_raw,
                "actor1": r.get("actor1", ""), "assoc_actor_1": r.get("assoc_actor_1", ""),
                "inter1": INTER_LABELS.get((r.get("inter1") or "").strip(), (r.get("inter1") or "").strip()),
                "actor2": r.get("actor2", ""), "assoc_actor_2": r.get("assoc_actor_2", ""),
                "inter2": INTER_LABELS.get((r.get("inter2") or "").strip(), (r.get("inter2") or "").strip()),
                "interaction": (r.get("interaction") or "").strip(),
                "country": country, "iso3": iso3, "region": r.get("region", ""),
                "admin1": r.get("admin1", ""), "admin2": r.get("admin2", ""), "admin3": r.get("admin3", ""),
                "location": r.get("location", ""), "latitude": r.get("latitude", ""),
                "longitude": r.get("longitude", ""), "fatalities": fat,
                "source": r.get("source", ""), "source_scale": r.get("source_scale", ""),
                "notes": notes, "split": "",  # assigned below, once country names are repaired
                "source_repo": repo, "source_path": path,
            }
            kept.append(out)
            n_src += 1
        per_source[f"{repo}\t{path}"] = n_src
        print(f"{repo}:{path} -> kept {n_src}")

    for row in kept:  # fill iso3 from the country name where another export gave it
        if not row["iso3"]:
            row["iso3"] = country_iso3.get(row["country"], "")
        if not row["iso3"] and re.match(r"^[A-Z]{3}\d+$", row["event_id_cnty"]):
            row["iso3"] = row["event_id_cnty"][:3]  # current-format ids start with the ISO3 code
    # a few spreadsheet rows are shifted by one cell after sub_event_type, which leaves an ACLED
    # region name in `country`; repair it from iso3 (the notes and labels of those rows are intact)
    iso3_country = {}
    for row in kept:
        if row["iso3"] and row["country"] and row["country"] not in REGION_NAMES:
            iso3_country.setdefault(row["iso3"], row["country"])
    for row in kept:
        if row["country"] in REGION_NAMES and row["iso3"] in iso3_country:
            row["country"] = iso3_country[row["iso3"]]
            c["country_repaired_from_iso3"] += 1
        row["split"] = split_of(row["country"], period_of(row["event_date"], row["year"], args.period))

    # write to a temporary file next to the target, then rename atomically: other processes
    # read the table while it is rebuilt and must never see a partial file
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp_out = f"{args.out}.tmp.{os.getpid()}"
    with gzip.open(tmp_out, "wt", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=OUT_COLUMNS)
        w.writeheader()
        for row in kept:
            w.writerow({k: row.get(k, "") for k in OUT_COLUMNS})
    os.replace(tmp_out, args.out)

    splits = collections.Counter(r["split"] for r in kept)
    stats = {
        "counts": dict(c), "rows_kept": len(kept), "split_period": args.period, "splits": dict(splits),
        "per_source": dict(per_source),
        "event_type_by_split": {s: dict(collections.Counter(r["event_type"] for r in kept if r["split"] == s)) for s in splits},
        "sub_event_type_by_split": {s: dict(collections.Counter(r["sub_event_type"] for r in kept if r["split"] == s)) for s in splits},
        "countries": dict(collections.Counter(r["country"] for r in kept).most_common()),
        "years": dict(sorted(collections.Counter(r["year"] for r in kept).items())),
        "fatalities_zero_share": round(sum(r["fatalities"] == "0" for r in kept) / max(1, len(kept)), 4),
        "fatalities_hist": dict(collections.Counter(
            "missing" if r["fatalities"] == "" else "0" if r["fatalities"] == "0" else "1" if r["fatalities"] == "1"
            else "2-5" if int(r["fatalities"]) <= 5 else "6-20" if int(r["fatalities"]) <= 20 else ">20"
            for r in kept)),
        "unmapped_sub_event_types": dict(unmapped), "event_type_corrected": dict(type_fixed),
    }
    stats_path = args.stats or os.path.join(os.path.dirname(os.path.abspath(args.out)), "acled_stats.json")
    tmp_stats = f"{stats_path}.tmp.{os.getpid()}"
    with open(tmp_stats, "w", encoding="utf-8") as f:
        json.dump(stats, f, indent=1, ensure_ascii=False)
    os.replace(tmp_stats, stats_path)

    print("counts:", json.dumps(dict(c), sort_keys=True))
    print(f"rows kept: {len(kept)}  splits: {dict(splits)}")
    print("event_type:", dict(collections.Counter(r["event_type"] for r in kept).most_common()))
    print("sub_event_type:", dict(collections.Counter(r["sub_event_type"] for r in kept).most_common()))
    if unmapped:
        print("unmapped sub_event_type (dropped):", dict(unmapped.most_common(20)))
    if type_fixed:
        print("event_type re-derived from sub_event_type:", dict(type_fixed.most_common(20)))
    print(f"wrote {args.out} and {stats_path}")


if __name__ == "__main__":
    main()
