"""Learn where coded events happen: counts of the ACLED table's train events per grid cell.

Usage: python training/build_place_prior.py [TABLE] [OUT]
(defaults: /work/cache/acled/acled_rows.csv.gz, src/veille/data/place_prior.tsv)

The places stage uses the counts as a prior between namesakes (three Oleksandrivkas in Kherson
oblast: the one in the fighting, as coders placed such events before), never as a place of its
own. Only the ``train`` split is read; the output holds counts per cell of ``CELL_DEG`` degrees
(no row, name or note), so no ACLED row is redistributed.
"""

from __future__ import annotations

import csv
import gzip
import math
import sys
from collections import Counter
from pathlib import Path

CELL_DEG = 0.25


def cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)


def main(table: str = "/work/cache/acled/acled_rows.csv.gz", out: str | None = None) -> None:
    target = Path(out) if out else Path(__file__).resolve().parents[1] / "src" / "veille" / "data" / "place_prior.tsv"
    counts: Counter = Counter()
    rows = 0
    with gzip.open(table, "rt", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r.get("split") != "train":
                continue
            try:
                counts[cell(float(r["latitude"]), float(r["longitude"]))] += 1
            except (TypeError, ValueError):
                continue
            rows += 1
    lines = [f"# Train-split ACLED events per {CELL_DEG}-degree cell (lat_index lon_index count; index = floor(deg / "
             f"{CELL_DEG})); {rows} events, {len(counts)} cells. Built by training/build_place_prior.py.",
             f"# cell_deg\t{CELL_DEG}"]
    lines += [f"{a}\t{b}\t{n}" for (a, b), n in sorted(counts.items())]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{rows} train events -> {len(counts)} cells -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:])
