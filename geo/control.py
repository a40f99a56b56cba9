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
_LAEA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m +no_defs"


@dataclass(frozen=True)
class ControlLayer:
    """Control polygons in EPSG:4326 with a ``status`` column (one of `STATUSES`).

    Attributes
    ----------
    frame : geopandas.GeoDataFrame
    source : str
        Where the layer came from (a path or URL).
    date : str or None
        ``YYYY-MM-DD``, from the argument, the file's properties or its name.
    format : str
        ``deepstate-archive``, ``deepstate-api``, ``isw`` or ``generic``.
    notes : tuple of str
        What was repaired, reprojected or dropped while reading.
    """

    frame: "geopandas.GeoDataFrame"
    source: str
    date: str | None
    format: str
    notes: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

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
            geoms = self.frame.geometry[self.frame["status"].isin(statuses)].values
            self._cache[key] = shapely.union_all(geoms) if len(geoms) else shapely.Polygon()
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


def _read_frame(path: Path) -> "geopandas.GeoDataFrame":
    import geopandas

    name = repr(str(path))
    if not path.exists():
        raise InputError(f"{name}: no such control file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory; give one control file")
    if path.stat().st_size == 0:
        raise InputError(f"{name}: the control file is empty")
    try:
        return geopandas.read_file(path, engine="pyogrio")
    except Exception as err:  # pyogrio raises DataSourceError, DataLayerError, ...
        detail = str(err).splitlines()[0][:200]
        raise InputError(f"{name}: not a readable geodata file ({detail})") from err


def _to_lonlat(frame: "geopandas.GeoDataFrame", name: str, notes: list[str]) -> "geopandas.GeoDataFrame":
    minx, miny, maxx, maxy = frame.total_bounds
    lonlat = frame.crs is None or frame.crs.is_geographic
    if lonlat and not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        # GeoJSON always implies WGS84 lon/lat, so projected numbers show up here.
        raise InputError(
            f"{name}: coordinates reach {maxx:,.0f}, {maxy:,.0f}: a projected CRS, but the file declares none; "
            "declare it first, e.g. 'ogr2ogr -a_srs EPSG:3857 fixed.gpkg input.geojson'"
        )
    if frame.crs is None:
        return frame.set_crs("EPSG:4326")
    if frame.crs.to_epsg() != 4326:
        notes.append(f"reprojected from {frame.crs.to_string()} to EPSG:4326")
        return frame.to_crs("EPSG:4326")
    return frame


def _check_place(frame: "geopandas.GeoDataFrame", name: str) -> None:
    """Refuse data that lies far from Ukraine; say so when latitude and longitude look swapped."""
    if frame.empty:
        return
    x0, y0, x1, y1 = _REGION_BOX
    minx, miny, maxx, maxy = frame.total_bounds
    inside = minx < x1 + 6 and maxx > x0 - 2 and miny < y1 + 4 and maxy > y0 - 1
    swapped = minx < y1 and maxx > y0 and miny < x1 and maxy > x0
    if not inside:
        hint = " (latitude and longitude look swapped: the data fits Ukraine when read as lat/lon)" if swapped else ""
        raise InputError(f"{name}: the polygons lie at lon {minx:.1f}..{maxx:.1f}, lat {miny:.1f}..{maxy:.1f}, "
                         f"nowhere near Ukraine{hint}")


def _clean_geometries(frame: "geopandas.GeoDataFrame", notes: list[str]) -> "geopandas.GeoDataFrame":
    import shapely

    geoms = frame.geometry.values
    empty = frame.geometry.isna() | frame.geometry.is_empty
    if empty.any():
        notes.append(f"dropped {int(empty.sum())} features without geometry")
    frame = frame[~empty].copy()
    if frame.empty:
        return frame
    geoms = shapely.force_2d(frame.geometry.values)
    polygonal = shapely.get_type_id(geoms) == 3
    polygonal |= shapely.get_type_id(geoms) == 6
    polygonal |= shapely.get_type_id(geoms) == 7  # collections: keep their polygons below
    if (~polygonal).any():
        notes.append(f"ignored {int((~polygonal).sum())} point and line features")
    frame = frame[polygonal].copy()
    geoms = geoms[polygonal]
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        first = shapely.is_valid_reason(geoms[invalid][0])
        notes.append(f"repaired {int(invalid.sum())} invalid geometries with make_valid (first: {first})")
        geoms = shapely.make_valid(geoms)
    # Keep only the polygonal parts (make_valid may return collections with lines).
    geoms = [shapely.union_all([p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")])
             for g in geoms]
    frame = frame.set_geometry(geoms, crs=frame.crs)
    return frame[~frame.geometry.is_empty]


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
    >>> layer = read_control("tests/fixtures/control/deepstate_api_sample.geojson")  # doctest: +SKIP
    >>> sorted(set(layer.frame["status"]))  # doctest: +SKIP
    ['contested', 'liberated', 'occupied', 'occupied_before_2022']
    """
    import geopandas
    import shapely

    path = Path(path)
    name = repr(str(path))
    notes: list[str] = []
    frame = _read_frame(path)
    if frame.empty:
        raise InputError(f"{name}: the control file has no features")
    frame = _to_lonlat(frame, name, notes)
    frame = _clean_geometries(frame, notes)
    if frame.empty:
        raise InputError(f"{name}: no polygon features: a control layer needs polygons of territory")
    _check_place(frame, name)

    columns = set(frame.columns) - {"geometry"}
    if status_field is not None:
        if status_field not in columns:
            raise InputError(f"{name}: no field {status_field!r}; fields are {sorted(columns)}")
        values = frame[status_field].astype(str)
        wanted = occupied_value if occupied_value is not None else "occupied"
        frame["status"] = ["occupied" if v == wanted else "other" for v in values]
        fmt = "generic"
        if not (frame["status"] == "occupied").any():
            raise InputError(f"{name}: no feature has {status_field} == {wanted!r}; values seen: "
                             f"{sorted(set(values))[:10]}")
    elif "name" in columns and frame["name"].map(_status_from_deepstate_name).notna().any():
        frame["status"] = frame["name"].map(lambda v: _status_from_deepstate_name(v) or "other")
        fmt = "deepstate-api"
        ukraine = shapely.union_all(gazetteer_or_default(gazetteer).boundaries("UA", simplified=True).geometry.values)
        outside = ~frame.geometry.intersects(ukraine)
        if outside.any():
            notes.append(f"dropped {int(outside.sum())} polygons outside Ukraine")
            frame = frame[~outside]
    elif columns & _ARCGIS_FIELDS or any(_isw_status(str(v)) for c in columns for v in frame[c].head(50)):
        fmt = "isw"
        text_cols = sorted(c for c in columns if frame[c].map(lambda v: isinstance(v, str)).any())
        per_row = [next((s for c in text_cols if (s := _isw_status(str(row[c])))), None)
                   for _, row in frame.iterrows()]
        from_name = _isw_status(path.stem.replace("_", " "))
        frame["status"] = [s or from_name or "occupied" for s in per_row]
        if not any(per_row) and not from_name:
            notes.append("ISW/ArcGIS export without a theme: every polygon read as Russian-controlled "
                         "(use status_field to say otherwise)")
    else:
        fmt = "deepstate-archive" if len(frame) == 1 and not columns - {"id"} else "generic"
        frame["status"] = "occupied"
        if fmt == "generic":
            notes.append("no status field given: every polygon read as occupied")
    frame = geopandas.GeoDataFrame({"status": list(frame["status"])}, geometry=list(frame.geometry.values),
                                   crs="EPSG:4326")
    layer_date = date or _date_from_name(str(path))
    return ControlLayer(frame=frame, source=str(path), date=layer_date, format=fmt, notes=tuple(notes))


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
    return shapely.transform(band, lambda xy: _apply(inv, xy)), ukraine


def _apply(transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _settle_band(held, band, ukraine):
    """Add to *held* the band slivers that touch it (coastline and border mismatch)."""
    import shapely

    if held.is_empty:
        return held
    near = shapely.buffer(held, BAND_KM / 80.0)  # about BAND_KM in degrees at Ukraine's latitudes
    return shapely.union(held, shapely.intersection(band, near).intersection(ukraine))


def _geodesic_km2(geom) -> float:
    from pyproj import Geod

    if geom.is_empty:
        return 0.0
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


def measure(layer: ControlLayer, codes: Iterable[str], *, gazetteer: Gazetteer | None = None) -> dict[str, RegionControl]:
    """Measure control of each first-level unit behind *codes* (groups expand to members).

    Returns
    -------
    dict of str to RegionControl
        One per first-level unit, in the order given.
    """
    import shapely

    gaz = gazetteer_or_default(gazetteer)
    units: list[str] = []
    for code in codes:
        units += [u for u in gaz.expand(code) if u not in units]
    frame = gaz.boundaries(units)
    band, ukraine = _band(gaz)
    held = _settle_band(layer.held_by_russia(), band, ukraine)
    grey = layer.contested().difference(held)
    out: dict[str, RegionControl] = {}
    for code, geom in zip(frame.index, frame.geometry.values):
        entry = gaz[code]
        area = _geodesic_km2(geom)
        ru = _geodesic_km2(shapely.intersection(geom, held)) / area if area else 0.0
        cz = _geodesic_km2(shapely.intersection(geom, grey)) / area if area else 0.0
        ru, cz = min(ru, 1.0), min(cz, max(0.0, 1.0 - ru))
        basis = float(entry.official_km2 or area)
        out[code] = RegionControl(
            code=code, name=entry.name_en, area_km2=area, official_km2=entry.official_km2,
            share_russia=ru, share_contested=cz, russia_km2=ru * basis, contested_km2=cz * basis,
            ukraine_km2=max(0.0, 1.0 - ru - cz) * basis,
        )
    return out


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
