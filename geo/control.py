"""Territorial-control layers: read them, whatever their format, and measure who holds what.

Formats understood (`read_control` detects them):

* ``deepstate-archive``: the daily DeepStateMap archive, one MultiPolygon of
  occupied territory a day, files named ``deepstatemap_data_YYYYMMDD.geojson``.
* ``deepstate-api``: the raw DeepStateMap API GeoJSON, features named
  ``"<Ukrainian> /// <English> /// <key>"``; keys ``geoJSON.status.occupied``
  (occupied), ``geoJSON.status.unknown`` (contested), ``geoJSON.status.dismissed``
  (liberated), ``geoJSON.territories.crimea|ordlo`` (occupied before 2022).
  Points and lines (arrows, units) are ignored; polygons outside Ukraine are dropped.
* ``isw``: ISW/CTP layers exported from their ArcGIS feature services; the theme
  ("Assessed Russian-controlled Ukrainian Territory", "Claimed Ukrainian
  Counteroffensives", ...) comes from a name field or the file name.
* ``generic``: any polygon file; ``status_field``/``occupied_value`` pick the
  occupied features, otherwise every polygon counts as occupied.

Measuring (`measure`): areas are geodesic (pyproj ``Geod``, WGS84). Control data
never follows the gazetteer's coastlines and borders exactly, so a band of
`BAND_KM` along Ukraine's coast and national border is settled on purpose: where
occupied territory reaches into that band, the band's sliver next to it counts
as occupied too. Front lines inside the country are never moved. Shares are
computed against the polygons; km2 figures use the official areas (share x
official km2), so a polygon that is too small does not shrink them.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from geo.errors import InputError
from geo.gazetteer import Gazetteer

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["ControlLayer", "RegionControl", "read_control", "measure", "STATUSES", "BAND_KM"]

#: Statuses a control polygon can have. ``occupied`` and ``occupied_before_2022`` count as Russian-held.
STATUSES = ("occupied", "occupied_before_2022", "contested", "liberated", "other")
HELD_BY_RUSSIA = ("occupied", "occupied_before_2022")
#: Width of the coast and border band settled in favour of the adjacent control polygon.
BAND_KM = 2.0

_DEEPSTATE_KEYS = {
    "geojson.status.occupied": "occupied",
    "geojson.status.unknown": "contested",
    "geojson.status.dismissed": "liberated",
    "geojson.territories.crimea": "occupied_before_2022",
    "geojson.territories.ordlo": "occupied_before_2022",
}
_ISW_THEMES = [
    (r"before\s+february\s+24|before\s+24\s+february|pre-?2022", "occupied_before_2022"),
    (r"claimed\s+ukrainian|ukrainian\s+counteroffensive|partisan", "contested"),
    (r"claimed\s+russian|assessed\s+russian\s+advance|russian\s+advance", "contested"),
    (r"russian[\s-]+control|russian[\s-]controlled|control\s+of\s+terrain|occupied", "occupied"),
]
_ARCGIS_FIELDS = {"OBJECTID", "Shape__Area", "Shape__Length", "FID", "Shape_Area", "Shape_Leng"}
#: Lon/lat box around Ukraine and its neighbours, for sanity checks.
_REGION_BOX = (20.0, 43.0, 42.0, 53.5)
#: `BAND_KM` in degrees at Ukraine's latitudes (a little more than BAND_KM east-west).
_REACH = BAND_KM / 80.0
_LAEA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m +no_defs"


@dataclass(frozen=True)
class ControlLayer:
    """Control polygons in EPSG:4326, each with a status (one of `STATUSES`).

    Attributes
    ----------
    geometries : tuple of shapely geometries
        Valid, two-dimensional (Multi)Polygons.
    statuses : tuple of str
        One per geometry.
    source : str
        Where the layer came from (a path or URL).
    date : str or None
        ``YYYY-MM-DD``, from the argument or the file's name.
    format : str
        ``deepstate-archive``, ``deepstate-api``, ``isw`` or ``generic``.
    notes : tuple of str
        What was repaired, reprojected or dropped while reading.
    """

    geometries: tuple
    statuses: tuple[str, ...]
    source: str
    date: str | None
    format: str
    notes: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_frame(cls, frame: "geopandas.GeoDataFrame", source: str, date: str | None = None,
                   format: str = "generic") -> "ControlLayer":
        """A layer from a GeoDataFrame in EPSG:4326 with a ``status`` column."""
        return cls(tuple(frame.geometry.values), tuple(frame["status"]), source, date, format)

    @property
    def frame(self) -> "geopandas.GeoDataFrame":
        """The layer as a GeoDataFrame (``status``, ``geometry``; EPSG:4326)."""
        import geopandas

        return geopandas.GeoDataFrame({"status": list(self.statuses)}, geometry=list(self.geometries),
                                      crs="EPSG:4326")

    def held_by_russia(self):
        """Union of the occupied polygons (shapely geometry, EPSG:4326)."""
        return self._union(HELD_BY_RUSSIA)

    def contested(self):
        """Union of the contested (grey-zone) polygons."""
        return self._union(("contested",))

    def _union(self, statuses: Sequence[str]):
        import shapely

        key = tuple(statuses)
        if key not in self._cache:
            geoms = [g for g, s in zip(self.geometries, self.statuses) if s in statuses]
            self._cache[key] = (geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)) if geoms \
                else shapely.Polygon()
        return self._cache[key]


@dataclass(frozen=True, slots=True)
class RegionControl:
    """Who holds how much of one region (or a group of them), on one layer's date.

    ``share`` and ``contested_share`` are fractions of the region's polygon;
    ``*_km2`` figures are those fractions of the official area (polygon area where
    there is none).
    """

    code: str
    name: str
    area_km2: float
    official_km2: float | None
    share_russia: float
    share_contested: float
    russia_km2: float
    contested_km2: float
    ukraine_km2: float

    @property
    def share_ukraine(self) -> float:
        return max(0.0, 1.0 - self.share_russia - self.share_contested)

    def held_share(self, actor: str) -> float:
        """Fraction of the region held by *actor* (``"RU"`` or ``"UA"``)."""
        return self.share_russia if actor == "RU" else self.share_ukraine

    def held_km2(self, actor: str) -> float:
        return self.russia_km2 if actor == "RU" else self.ukraine_km2

    def to_dict(self) -> dict:
        return {
            "code": self.code, "name": self.name, "area_km2": round(self.area_km2, 1),
            "official_km2": self.official_km2, "share_russia": round(self.share_russia, 6),
            "share_contested": round(self.share_contested, 6), "share_ukraine": round(self.share_ukraine, 6),
            "russia_km2": round(self.russia_km2, 1), "contested_km2": round(self.contested_km2, 1),
            "ukraine_km2": round(self.ukraine_km2, 1),
        }


# --- reading ------------------------------------------------------------------------

def _date_from_name(path: str) -> str | None:
    for m in re.finditer(r"(?<!\d)(20\d{2})-?(\d{2})-?(\d{2})(?!\d)", Path(path).name):
        try:
            return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            continue
    return None


def _status_from_deepstate_name(name: object) -> str | None:
    if not isinstance(name, str) or "///" not in name:
        return None
    key = name.replace("\u00a0", " ").split("///")[-1].strip().lower()
    for prefix, status in _DEEPSTATE_KEYS.items():
        if key.startswith(prefix):
            return status
    return "other"


def _isw_status(text: str) -> str | None:
    for pattern, status in _ISW_THEMES:
        if re.search(pattern, text, re.IGNORECASE):
            return status
    return None


@dataclass
class _Records:
    """Features while they are read: geometries, their properties, the declared CRS."""

    geoms: list
    props: list[dict]
    crs: object = None  # a pyproj CRS, or None for lon/lat WGS84
    notes: list[str] = field(default_factory=list)  # what reading repaired

    def keep(self, mask: Sequence[bool]) -> None:
        self.geoms = [g for g, k in zip(self.geoms, mask) if k]
        self.props = [p for p, k in zip(self.props, mask) if k]


def _read_records(path: Path) -> _Records:
    name = repr(str(path))
    if not path.exists():
        raise InputError(f"{name}: no such control file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory; give one control file")
    if path.stat().st_size == 0:
        raise InputError(f"{name}: the control file is empty")
    if path.suffix.lower() in (".geojson", ".json"):
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
            meta, _, wkb, fields = pyogrio.raw.read(path)
    except Exception as err:  # pyogrio raises DataSourceError, DataLayerError, ...
        raise InputError(f"{name}: {_unreadable(path, err)}") from err
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    broken = [i for i, (g, raw) in enumerate(zip(geoms, wkb)) if g is None and raw is not None]
    notes = []
    if broken:  # unclosed rings: GEOS closes them
        geoms[broken] = shapely.from_wkb(wkb[broken], on_invalid="fix")
        notes.append(f"closed the rings of {len(broken)} polygons that did not end where they began")
    props = [dict(zip(meta["fields"], row)) for row in zip(*(column.tolist() for column in fields))]
    if not fields:
        props = [{} for _ in geoms]
    return _Records(list(geoms), props, CRS.from_user_input(meta["crs"]) if meta["crs"] else None, notes)


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
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            tables = con.execute("SELECT count(*) FROM gpkg_contents").fetchone()[0]
            con.close()
            if tables == 0:
                return "the GeoPackage has no layers"
        except sqlite3.Error:
            return "not a GeoPackage (not an SQLite database with gpkg_contents)"
    detail = str(err).splitlines()[0][:200]
    return f"not a readable geodata file ({detail})"


def _read_geojson(path: Path) -> _Records | None:
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
            return _Records(geoms, [{} for _ in geoms])
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return None
    crs_name = ((doc.get("crs") or {}).get("properties") or {}).get("name", "OGC:CRS84") if "crs" in doc else "OGC:CRS84"
    if not str(crs_name).upper().endswith(("CRS84", "EPSG:4326", "EPSG::4326")):
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
    return _Records(geoms, [f.get("properties") or {} for f in feats])


def _bounds(geoms: Sequence) -> tuple[float, float, float, float]:
    import shapely

    return tuple(shapely.total_bounds(list(geoms)))


def _to_lonlat(rec: _Records, name: str, notes: list[str]) -> None:
    import shapely
    from pyproj import Transformer

    minx, miny, maxx, maxy = _bounds(rec.geoms)
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
        rec.geoms = list(shapely.transform(rec.geoms, lambda xy: _apply(to_lonlat, xy)))


def _check_place(rec: _Records, name: str) -> None:
    """Refuse data that lies far from Ukraine; say so when latitude and longitude look swapped."""
    x0, y0, x1, y1 = _REGION_BOX
    minx, miny, maxx, maxy = _bounds(rec.geoms)
    inside = minx < x1 + 6 and maxx > x0 - 2 and miny < y1 + 4 and maxy > y0 - 1
    swapped = minx < y1 and maxx > y0 and miny < x1 and maxy > x0
    if not inside:
        hint = " (latitude and longitude look swapped: the data fits Ukraine when read as lat/lon)" if swapped else ""
        raise InputError(f"{name}: the polygons lie at lon {minx:.1f}..{maxx:.1f}, lat {miny:.1f}..{maxy:.1f}, "
                         f"nowhere near Ukraine{hint}")


def _clean_geometries(rec: _Records, notes: list[str]) -> None:
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


def _statuses(rec: _Records, path: Path, status_field: str | None, occupied_value: str | None,
              gazetteer: Gazetteer | None, notes: list[str]) -> tuple[list[str], str]:
    """Each feature's status and the format they were read as (see the module's list)."""
    import shapely

    name = repr(str(path))
    columns = sorted({k for p in rec.props for k in p})
    if status_field is not None:
        if status_field not in columns:
            raise InputError(f"{name}: no field {status_field!r}; fields are {columns}")
        wanted = occupied_value if occupied_value is not None else "occupied"
        values = [str(p.get(status_field)) for p in rec.props]
        if wanted not in values:
            raise InputError(f"{name}: no feature has {status_field} == {wanted!r}; values seen: "
                             f"{sorted(set(values))[:10]}")
        return ["occupied" if v == wanted else "other" for v in values], "generic"
    deepstate = [_status_from_deepstate_name(p.get("name")) for p in rec.props]
    if any(deepstate):
        ukraine = shapely.union_all(gazetteer_or_default(gazetteer).boundaries("UA", simplified=True).geometry.values)
        inside = [bool(shapely.intersects(g, ukraine)) for g in rec.geoms]
        if not all(inside):
            notes.append(f"dropped {inside.count(False)} polygons outside Ukraine")
        rec.keep(inside)
        return [s or "other" for s, k in zip(deepstate, inside) if k], "deepstate-api"
    themes = [next((s for v in p.values() if isinstance(v, str) and (s := _isw_status(v))), None) for p in rec.props]
    if set(columns) & _ARCGIS_FIELDS or any(themes):
        from_name = _isw_status(path.stem.replace("_", " "))
        if not any(themes) and not from_name:
            notes.append("ISW/ArcGIS export without a theme: every polygon read as Russian-controlled "
                         "(use status_field to say otherwise)")
        return [s or from_name or "occupied" for s in themes], "isw"
    if len(rec.geoms) == 1 and not set(columns) - {"id"}:
        return ["occupied"], "deepstate-archive"
    notes.append("no status field given: every polygon read as occupied")
    return ["occupied"] * len(rec.geoms), "generic"


def read_control(
    path: str | Path,
    *,
    date: str | None = None,
    status_field: str | None = None,
    occupied_value: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> ControlLayer:
    """Read a territorial-control file into a `ControlLayer`.

    Parameters
    ----------
    path : str or Path
        Any polygon file pyogrio reads (GeoJSON, GeoPackage, Shapefile, KML, FlatGeobuf).
    date : str, optional
        ``YYYY-MM-DD`` of the layer; else taken from the file name.
    status_field, occupied_value : str, optional
        For a generic file: the column and value that mark occupied territory.

    Raises
    ------
    InputError
        If the file is missing, not geodata, has no polygons, lies far from
        Ukraine, or uses a projected CRS without declaring it.

    Examples
    --------
    >>> layer = read_control("tests/fixtures/control/deepstate_api_20241120.geojson")
    >>> layer.format, sorted(set(layer.statuses))
    ('deepstate-api', ['contested', 'liberated', 'occupied', 'occupied_before_2022'])
    """
    path = Path(path)
    name = repr(str(path))
    rec = _read_records(path)
    notes = list(rec.notes)
    if not rec.geoms:
        raise InputError(f"{name}: the control file has no features")
    _clean_geometries(rec, notes)
    if not rec.geoms:
        raise InputError(f"{name}: no polygon features: a control layer needs polygons of territory")
    _to_lonlat(rec, name, notes)
    _check_place(rec, name)
    statuses, fmt = _statuses(rec, path, status_field, occupied_value, gazetteer, notes)
    return ControlLayer(tuple(rec.geoms), tuple(statuses), str(path), date or _date_from_name(str(path)), fmt,
                        tuple(notes))


def gazetteer_or_default(gazetteer: Gazetteer | None) -> Gazetteer:
    return gazetteer or Gazetteer.default()


# --- measuring ----------------------------------------------------------------------

@lru_cache(maxsize=4)
def _band(gazetteer: Gazetteer):
    """The strip of Ukraine within `BAND_KM` of its coast and national border (EPSG:4326)."""
    import shapely
    from pyproj import Transformer

    ukraine = shapely.union_all(gazetteer.boundaries("UA").geometry.values)
    fwd = Transformer.from_crs("EPSG:4326", _LAEA, always_xy=True)
    inv = Transformer.from_crs(_LAEA, "EPSG:4326", always_xy=True)
    projected = shapely.transform(ukraine, lambda xy: _apply(fwd, xy))
    band = projected.boundary.buffer(BAND_KM * 1000).intersection(projected)
    band = shapely.transform(band, lambda xy: _apply(inv, xy))
    # The zone within reach of the band, where control polygons may need settling.
    zone = shapely.buffer(band, _REACH)
    shapely.prepare(zone)
    return band, zone


def _apply(transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _geodesic_km2(geom) -> float:
    from pyproj import Geod

    if geom is None or geom.is_empty:
        return 0.0
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


#: Side of the grid cells (degrees) the regions are cut into, so that a new
#: snapshot only recomputes the cells near what changed.
CELL_DEG = 0.25


class Grid:
    """First-level units cut into grid cells, measured cell by cell.

    Each cell keeps its piece of the unit, of the coast band and of the zone
    near the band, all cut once. `measure` computes every cell; with
    ``incremental=True`` it recomputes only the cells near vertices that differ
    from the previous call's layer (daily snapshots change along parts of the
    front only), which is what makes timelines fast.
    """

    def __init__(self, gazetteer: Gazetteer, units: Sequence[str]):
        import shapely

        band, zone = _band(gazetteer)
        frame = gazetteer.boundaries(list(units))
        self.units = list(frame.index)
        self.areas = [_geodesic_km2(g) for g in frame.geometry.values]
        pad = 2 * _REACH
        cells = []
        for i, geom in enumerate(frame.geometry.values):
            x0, y0, x1, y1 = geom.bounds
            for gx in range(int(x0 // CELL_DEG), int(x1 // CELL_DEG) + 1):
                for gy in range(int(y0 // CELL_DEG), int(y1 // CELL_DEG) + 1):
                    rect = (gx * CELL_DEG, gy * CELL_DEG, (gx + 1) * CELL_DEG, (gy + 1) * CELL_DEG)
                    piece = shapely.intersection(geom, shapely.box(*rect))
                    if piece.is_empty or shapely.area(piece) == 0:
                        continue
                    ext = (rect[0] - pad, rect[1] - pad, rect[2] + pad, rect[3] + pad)
                    zpart = shapely.clip_by_rect(zone, *ext)
                    cells.append((i, ext, piece, shapely.clip_by_rect(band, *ext) if not zpart.is_empty else None,
                                  zpart if not zpart.is_empty else None))
        self.cells = cells
        self.tree = shapely.STRtree([shapely.box(*c[1]) for c in cells])
        self.values = [(0.0, 0.0)] * len(cells)
        self._last: tuple | None = None

    def _cell(self, k: int, held, grey) -> tuple[float, float]:
        import shapely

        _, ext, piece, band, zone = self.cells[k]
        h = shapely.clip_by_rect(held, *ext) if not held.is_empty else held
        if zone is not None and not h.is_empty:
            edge = shapely.intersection(h, zone)
            if not edge.is_empty:  # settle coast and border slivers (see the module's notes)
                h = shapely.union(h, shapely.intersection(band, shapely.buffer(edge, _REACH)))
        ru = _geodesic_km2(shapely.intersection(piece, shapely.make_valid(h))) if not h.is_empty else 0.0
        g = shapely.clip_by_rect(grey, *ext) if not grey.is_empty else grey
        cz = 0.0
        if not g.is_empty:
            cz = _geodesic_km2(shapely.intersection(piece, shapely.difference(shapely.make_valid(g), h)))
        return ru, cz

    def _changed(self, coords) -> list[int] | None:
        """Cells near vertices that differ from the last layer; None if all must be computed."""
        import numpy as np
        import shapely

        if self._last is None or len(coords) == 0 or len(self._last) == 0:
            return None
        new, old = coords[:, 0] + 1j * coords[:, 1], self._last[:, 0] + 1j * self._last[:, 1]
        boxes = []
        for arr, other, xy in ((new, old, coords), (old, new, self._last)):
            idx = np.flatnonzero(~np.isin(arr, other))
            if len(idx) > 0.3 * len(arr):
                return None
            lo, hi = np.clip(idx - 1, 0, len(arr) - 1), np.clip(idx + 1, 0, len(arr) - 1)
            pts = np.stack([xy[lo], xy[idx], xy[hi]])  # a changed vertex with its neighbours
            boxes.append(np.column_stack([pts[..., 0].min(0), pts[..., 1].min(0), pts[..., 0].max(0),
                                          pts[..., 1].max(0)]))
        rects = np.concatenate(boxes)
        if not len(rects):
            return []
        hits = self.tree.query(shapely.box(rects[:, 0], rects[:, 1], rects[:, 2], rects[:, 3]))
        return sorted(set(hits[1].tolist()))

    def measure(self, held, grey, incremental: bool = False) -> list[tuple[float, float]]:
        """Russian-held and contested km2 (of the polygons) per unit, in `units` order."""
        import numpy as np
        import shapely

        # held and grey vertices, with a separator no real coordinate can equal
        coords = np.concatenate([shapely.get_coordinates(held), [[999.0, 999.0]], shapely.get_coordinates(grey)])
        todo = self._changed(coords) if incremental else None
        for k in range(len(self.cells)) if todo is None else todo:
            self.values[k] = self._cell(k, held, grey)
        self._last = coords
        totals = [[0.0, 0.0] for _ in self.units]
        for (i, *_), (ru, cz) in zip(self.cells, self.values):
            totals[i][0] += ru
            totals[i][1] += cz
        return [(ru, cz) for ru, cz in totals]

    def results(self, gazetteer: Gazetteer, layer: "ControlLayer", incremental: bool = False) -> dict[str, RegionControl]:
        held = layer.held_by_russia()
        grey = shapely_difference(layer.contested(), held)
        out = {}
        for code, area, (ru_km2, cz_km2) in zip(self.units, self.areas, self.measure(held, grey, incremental)):
            entry = gazetteer[code]
            ru = min(ru_km2 / area, 1.0) if area else 0.0
            cz = min(cz_km2 / area, max(0.0, 1.0 - ru)) if area else 0.0
            basis = float(entry.official_km2 or area)
            out[code] = RegionControl(
                code=code, name=entry.name_en, area_km2=area, official_km2=entry.official_km2,
                share_russia=ru, share_contested=cz, russia_km2=ru * basis, contested_km2=cz * basis,
                ukraine_km2=max(0.0, 1.0 - ru - cz) * basis,
            )
        return out


def shapely_difference(a, b):
    import shapely

    return shapely.difference(a, b) if not a.is_empty else a


def units_of(codes: Iterable[str], gazetteer: Gazetteer) -> list[str]:
    """First-level units behind *codes*, in order, without repeats."""
    units: list[str] = []
    for code in codes:
        units += [u for u in gazetteer.expand(code) if u not in units]
    return units


@lru_cache(maxsize=8)
def _grid(gazetteer: Gazetteer, units: tuple[str, ...]) -> Grid:
    return Grid(gazetteer, units)


def measure(layer: ControlLayer, codes: Iterable[str], *, gazetteer: Gazetteer | None = None) -> dict[str, RegionControl]:
    """Measure control of each first-level unit behind *codes* (groups expand to members).

    Returns
    -------
    dict of str to RegionControl
        One per first-level unit, in the order given.
    """
    gaz = gazetteer_or_default(gazetteer)
    return _grid(gaz, tuple(units_of(codes, gaz))).results(gaz, layer)


def combine(parts: Sequence[RegionControl], code: str, name: str) -> RegionControl:
    """Several units as one: km2 add up, shares are weighted by (official) area."""
    total = sum(p.official_km2 or p.area_km2 for p in parts)
    ru = sum(p.russia_km2 for p in parts)
    cz = sum(p.contested_km2 for p in parts)
    return RegionControl(
        code=code, name=name, area_km2=sum(p.area_km2 for p in parts),
        official_km2=sum(p.official_km2 for p in parts) if all(p.official_km2 for p in parts) else None,
        share_russia=ru / total if total else 0.0, share_contested=cz / total if total else 0.0,
        russia_km2=ru, contested_km2=cz, ukraine_km2=sum(p.ukraine_km2 for p in parts),
    )
