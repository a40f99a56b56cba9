"""Reading polygon files: any format pyogrio reads, plain GeoJSON without GDAL, cleaned and in lon/lat.

Control layers (`geo.control`) and user-supplied boundaries (`geo.boundaries`)
both read their files through here, so both repair, reproject and refuse the
same things with the same messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from geo.errors import InputError

#: Lon/lat box around Ukraine and its neighbours, for sanity checks.
REGION_BOX = (20.0, 43.0, 42.0, 53.5)


@dataclass
class Records:
    """Features while they are read: geometries, their properties, the declared CRS."""

    geoms: list
    props: list[dict]
    crs: object = None  # a pyproj CRS, or None for lon/lat WGS84
    notes: list[str] = field(default_factory=list)  # what reading repaired

    def keep(self, mask: Sequence[bool]) -> None:
        self.geoms = [g for g, k in zip(self.geoms, mask) if k]
        self.props = [p for p, k in zip(self.props, mask) if k]


def read_records(path: Path, what: str, layer: str | None = None) -> Records:
    """Features of any file pyogrio reads (*what* names the kind of file in errors: "control file").

    *layer* picks one layer of a file that has several (GeoPackage, File Geodatabase); the first by default.
    """
    name = repr(str(path))
    if not path.exists():
        raise InputError(f"{name}: no such {what}")
    if path.is_dir():
        raise InputError(f"{name}: is a directory; give one {what}")
    if path.stat().st_size == 0:
        raise InputError(f"{name}: the {what} is empty")
    if path.suffix.lower() in (".geojson", ".json") and layer is None:
        records = _read_geojson(path)
        if records is not None:
            return records
    import warnings

    import pyogrio.raw
    import shapely
    from pyproj import CRS

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's "Non closed ring detected": handled below
            meta, _, wkb, fields = pyogrio.raw.read(path, layer=layer)
    except Exception as err:  # pyogrio raises DataSourceError, DataLayerError, ...
        raise InputError(f"{name}: {_unreadable(path, err)}") from err
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Invalid WKB": repaired or refused below, not printed
        geoms = shapely.from_wkb(wkb, on_invalid="ignore")
        broken = [i for i, (g, raw) in enumerate(zip(geoms, wkb)) if g is None and raw is not None]
        if broken:  # unclosed rings: GEOS closes them
            geoms[broken] = shapely.from_wkb(wkb[broken], on_invalid="fix")
    notes = []
    if broken:
        notes.append(f"closed the rings of {len(broken)} polygons that did not end where they began")
    props = [dict(zip(meta["fields"], row)) for row in zip(*(column.tolist() for column in fields))]
    if not fields:
        props = [{} for _ in geoms]
    return Records(list(geoms), props, CRS.from_user_input(meta["crs"]) if meta["crs"] else None, notes)


#: Above this size (bytes), a GeoJSON file with properties is read by pyogrio (about twice as fast then).
_JSON_PARSE_LIMIT = 8_000_000
#: What a GeoJSON file needs the full JSON parser for: a CRS member, non-empty properties, null geometries.
_RICH_GEOJSON = re.compile(rb'"crs"|"properties"\s*:\s*\{\s*"|"geometry"\s*:\s*null')


def _unreadable(path: Path, err: Exception) -> str:
    """Why GDAL could not read *path*, in words a user can act on."""
    import sqlite3
    import zipfile

    suffix = path.suffix.lower()
    if suffix == ".zip" and zipfile.is_zipfile(path):
        names = zipfile.ZipFile(path).namelist()
        if not any(n.lower().endswith((".shp", ".geojson", ".gpkg", ".kml", ".fgb")) for n in names):
            return f"the zip holds no shapefile or other geodata file ({len(names)} files: {', '.join(names[:5])})"
    if suffix == ".gpkg":
        try:
            # A URI built from the quoted absolute path: "x?mode=rwc&.gpkg" stays a name, never options.
            con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
            tables = con.execute("SELECT count(*) FROM gpkg_contents").fetchone()[0]
            con.close()
            if tables == 0:
                return "the GeoPackage has no layers"
        except sqlite3.Error:
            return "not a GeoPackage (not an SQLite database with gpkg_contents)"
    detail = str(err).splitlines()[0][:200]
    return f"not a readable geodata file ({detail})"


def _read_geojson(path: Path) -> Records | None:
    """A plain GeoJSON FeatureCollection, read without GDAL (several times faster for timelines).

    Returns None for anything unusual (another CRS, bad JSON, odd features),
    which then goes to pyogrio and its error messages.
    """
    import json

    import shapely

    raw = path.read_bytes()
    if not _RICH_GEOJSON.search(raw):
        # Only geometries and empty properties (the daily archive): GEOS reads it alone.
        try:
            geoms = list(shapely.get_parts(shapely.from_geojson(raw)))
        except Exception:  # not GeoJSON after all: the full path below reports it
            geoms = []
        if geoms and raw.count(b'"Feature"') == len(geoms):
            return Records(geoms, [{} for _ in geoms])
    if len(raw) > _JSON_PARSE_LIMIT:
        return None  # properties too: for a large file, GDAL's one pass beats Python's json and GEOS's
    try:
        doc = json.loads(raw, parse_constant=_no_constant(path))
    except RecursionError:
        raise InputError(f"{str(path)!r}: the JSON is nested too deeply to be GeoJSON") from None
    except InputError:  # NaN or Infinity
        raise
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return None
    crs_name = _crs_name(doc, path)
    if not crs_name.upper().endswith(("CRS84", "EPSG:4326", "EPSG::4326")):
        return None  # another CRS: pyogrio reads and reprojects it
    feats = doc.get("features")
    if not isinstance(feats, list) or not all(isinstance(f, dict) and f.get("type") == "Feature" for f in feats):
        return None
    try:
        if all(f.get("geometry") for f in feats):  # one GEOS read of the whole collection
            geoms = list(shapely.get_parts(shapely.from_geojson(raw)))
        else:
            geoms = list(shapely.from_geojson([json.dumps(f["geometry"]) if f.get("geometry") else "null"
                                               for f in feats]))
    except Exception:  # GEOS refuses a geometry: let pyogrio report it
        return None
    if len(geoms) != len(feats):
        return None
    return Records(geoms, [f.get("properties") or {} for f in feats])


def _no_constant(path: Path):
    """A ``json.loads`` hook that refuses NaN and Infinity (not JSON, and not a coordinate)."""
    def refuse(token: str):
        raise InputError(f"{str(path)!r}: {token} in the JSON (not valid JSON, and no coordinate); fix or drop "
                         "those features")
    return refuse


def _crs_name(doc: dict, path: Path) -> str:
    """The CRS a GeoJSON object declares (old-style ``crs`` member), checked to be one PROJ knows."""
    if "crs" not in doc or doc["crs"] is None:
        return "OGC:CRS84"
    member = doc["crs"]
    name = member.get("properties", {}).get("name") if isinstance(member, dict) and isinstance(
        member.get("properties"), dict) else None
    if not isinstance(name, str):
        raise InputError(f"{str(path)!r}: malformed 'crs' member {str(member)[:80]!r}; expected "
                         '{"type": "name", "properties": {"name": "EPSG:..."}}, or drop it for lon/lat')
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(name)
    except CRSError:
        raise InputError(f"{str(path)!r}: unknown CRS {name!r}; reproject the file to EPSG:4326 first, e.g. "
                         "'ogr2ogr -t_srs EPSG:4326 fixed.geojson input.geojson' with its real CRS") from None
    return name


def check_finite(rec: Records, name: str) -> None:
    """Refuse NaN or infinite coordinates (GEOS would fail on them, or silently drop the feature)."""
    import numpy as np
    import shapely

    bad = [i for i, g in enumerate(rec.geoms)
           if g is not None and not np.isfinite(shapely.get_coordinates(g, include_z=False)).all()]
    if bad:
        raise InputError(f"{name}: {len(bad)} features have NaN or infinite coordinates (first: feature {bad[0]}); "
                         "fix or drop them")


def check_antimeridian(rec: Records, name: str) -> None:
    """Refuse a polygon wider than 180° of longitude: one crossing the antimeridian without being split."""
    import shapely

    for i, g in enumerate(rec.geoms):
        minx, _, maxx, _ = shapely.bounds(g)
        if maxx - minx > 180:
            raise InputError(f"{name}: feature {i} spans {maxx - minx:.0f}° of longitude (lon {minx:g}..{maxx:g}): "
                             "it crosses the antimeridian unsplit; split it there first (e.g. "
                             "'ogr2ogr -wrapdateline fixed.gpkg input')")


def bounds(geoms: Sequence) -> tuple[float, float, float, float]:
    import shapely

    return tuple(shapely.total_bounds(list(geoms)))


def to_lonlat(rec: Records, name: str, notes: list[str]) -> None:
    import shapely
    from pyproj import Transformer

    minx, miny, maxx, maxy = bounds(rec.geoms)
    lonlat = rec.crs is None or rec.crs.is_geographic
    if lonlat and not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        # GeoJSON always implies WGS84 lon/lat, so projected numbers show up here.
        raise InputError(
            f"{name}: coordinates reach {maxx:,.0f}, {maxy:,.0f}: a projected CRS, but the file declares none; "
            "declare it first, e.g. 'ogr2ogr -a_srs EPSG:3857 fixed.gpkg input.geojson'"
        )
    if rec.crs is not None and rec.crs.to_epsg() != 4326:
        notes.append(f"reprojected from {rec.crs.to_string()} to EPSG:4326")
        to_lonlat = Transformer.from_crs(rec.crs, "EPSG:4326", always_xy=True)
        rec.geoms = list(shapely.transform(rec.geoms, lambda xy: apply_transform(to_lonlat, xy)))


def check_place(rec: Records, name: str) -> None:
    """Refuse data that lies far from Ukraine; say so when latitude and longitude look swapped."""
    x0, y0, x1, y1 = REGION_BOX
    minx, miny, maxx, maxy = bounds(rec.geoms)
    inside = minx < x1 + 6 and maxx > x0 - 2 and miny < y1 + 4 and maxy > y0 - 1
    swapped = minx < y1 and maxx > y0 and miny < x1 and maxy > x0
    if not inside:
        hint = " (latitude and longitude look swapped: the data fits Ukraine when read as lat/lon)" if swapped else ""
        raise InputError(f"{name}: the polygons lie at lon {minx:.1f}..{maxx:.1f}, lat {miny:.1f}..{maxy:.1f}, "
                         f"nowhere near Ukraine{hint}")


def clean_geometries(rec: Records, notes: list[str]) -> None:
    import numpy as np
    import shapely

    geoms = np.array(rec.geoms, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if (~present).any():
        notes.append(f"dropped {int((~present).sum())} features without geometry")
    rec.keep(present)
    geoms = shapely.force_2d(np.array(rec.geoms, dtype=object))
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6, 7))  # collections keep their polygons below
    if (~polygonal).any():
        notes.append(f"ignored {int((~polygonal).sum())} point and line features")
    rec.keep(polygonal)
    geoms = geoms[polygonal]
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        first = shapely.is_valid_reason(geoms[invalid][0])
        notes.append(f"repaired {int(invalid.sum())} invalid geometries with make_valid (first: {first})")
        geoms = shapely.make_valid(geoms)
    # Keep only the polygonal parts of collections (make_valid may return lines too).
    rec.geoms = [g if shapely.get_type_id(g) in (3, 6) else
                 shapely.union_all([p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")])
                 for g in geoms]
    rec.keep([not g.is_empty for g in rec.geoms])


def apply_transform(transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])



def read_polygons(path: Path, what: str, purpose: str, layer: str | None = None) -> tuple[Records, list[str]]:
    """The polygons of a file (of one *layer*), valid and in lon/lat, and notes on what was repaired on the way.

    *what* names the file in errors ("control file"); *purpose* says what its polygons are for
    ("a control layer needs polygons of territory").

    Raises
    ------
    InputError
        If the file is missing, unreadable or empty, has no polygons, uses a projected CRS
        without declaring it, or lies far from Ukraine.
    """
    name = repr(str(path)) if layer is None else f"{str(path)!r} (layer {layer!r})"
    rec = read_records(path, what, layer)
    notes = list(rec.notes)
    if not rec.geoms:
        raise InputError(f"{name}: the {what} has no features")
    check_finite(rec, name)
    clean_geometries(rec, notes)
    if not rec.geoms:
        raise InputError(f"{name}: no polygon features: {purpose}")
    to_lonlat(rec, name, notes)
    check_antimeridian(rec, name)
    check_place(rec, name)
    return rec, notes


def polygon_layers(path: Path) -> list[str]:
    """Names of the layers of *path* that may hold polygons (none for a file pyogrio cannot list)."""
    import pyogrio

    try:
        found = pyogrio.list_layers(path)
    except Exception:  # not geodata: reading it reports why
        return []
    return [str(name) for name, kind in found if kind is None or "polygon" in str(kind).lower()
            or str(kind).lower() == "unknown"]
