"""Write the embedded GeoNames subset (src/veille/data/geonames/) from GeoNames dump files.

Usage: python training/build_geonames_subset.py OUT_DIR FILE...

- a per-country dump (``XX.txt``, the ``geoname`` table): rows kept as the deep index keeps them
  (``data/gazetteer_features.json``: classes P and A, event-site feature codes); alternate names
  reduced to Latin-script ones (the index keys only those); the columns the index does not read
  (cc2, elevation, dem, timezone, modification date) emptied; written as ``XX.txt.gz``;
- a postal-code dump (12 columns), ``admin1CodesASCII.txt``, ``admin2Codes.txt``: copied as
  ``postal_XX.txt.gz`` / ``NAME.txt.gz``.

GeoNames (geonames.org) data is CC BY 4.0; the files' provenance is in the folder's SOURCES.md.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from veille.text import is_latin_key, name_key  # noqa: E402
from veille.gazetteer_deep import _kind, _text_members, features  # noqa: E402

UNREAD_COLUMNS = (9, 15, 16, 17, 18)


def trim_geoname(cols: list[str], classes: frozenset[str], codes: frozenset[str]) -> str | None:
    if len(cols) != 19 or (cols[6] not in classes and cols[7] not in codes):
        return None
    alts = [a for a in cols[3].split(",") if a and is_latin_key(name_key(a))]
    cols[3] = ",".join(dict.fromkeys(alts))
    for i in UNREAD_COLUMNS:
        cols[i] = ""
    return "\t".join(cols)


def main(out_dir: str, *files: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    spec = features()
    classes, codes = frozenset(spec["classes"]), frozenset(spec["codes"])
    for f in map(Path, files):
        for name, stream in _text_members(f):
            lines = stream.read().splitlines()
            kind = _kind(name, lines[0] if lines else "")
            stem = Path(name).stem
            if kind == "geoname":
                kept = [t for t in (trim_geoname(x.split("\t"), classes, codes) for x in lines) if t]
                target = out / f"{stem}.txt.gz"
            elif kind == "postal":
                kept, target = lines, out / f"postal_{lines[0][:2]}.txt.gz"
            elif kind == "admin":
                kept, target = lines, out / f"{stem}.txt.gz"
            else:
                continue
            with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as g:
                g.write("\n".join(kept) + "\n")
            print(f"{name}: {len(kept)} of {len(lines)} rows -> {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main(*sys.argv[1:])
