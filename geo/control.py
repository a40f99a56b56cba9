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
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from geo._coverage import geodesic_km2
from geo._polygons import Records, apply_transform, polygon_layers, read_polygons
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


def _statuses(rec: Records, path: Path, status_field: str | None, occupied_value: str | None,
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
    layer: str | None = None,
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
    layer : str, optional
        The layer of a file with several (GeoPackage); required there.

    Raises
    ------
    InputError
        If the file is missing, not geodata, has no polygons, lies far from
        Ukraine, uses a projected CRS without declaring it or an unknown one,
        has NaN coordinates or polygons across the antimeridian, or has several
        polygon layers and *layer* does not say which.

    Examples
    --------
    >>> layer = read_control("tests/fixtures/control/deepstate_api_20241120.geojson")
    >>> layer.format, sorted(set(layer.statuses))
    ('deepstate-api', ['contested', 'liberated', 'occupied', 'occupied_before_2022'])
    """
    path = Path(path)
    if layer is None and path.suffix.lower() not in (".geojson", ".json") and path.is_file():
        layers = polygon_layers(path)
        if len(layers) > 1:
            raise InputError(f"{str(path)!r}: the control file has {len(layers)} polygon layers "
                             f"({', '.join(map(repr, layers))}); choose one with --control-layer")
    rec, notes = read_polygons(path, "control file", "a control layer needs polygons of territory", layer)
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
    projected = shapely.transform(ukraine, lambda xy: apply_transform(fwd, xy))
    band = projected.boundary.buffer(BAND_KM * 1000).intersection(projected)
    band = shapely.transform(band, lambda xy: apply_transform(inv, xy))
    # The zone within reach of the band, where control polygons may need settling.
    zone = shapely.buffer(band, _REACH)
    shapely.prepare(zone)
    return band, zone


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
        self.areas = [geodesic_km2(g) for g in frame.geometry.values]
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
        # `measure` updates `values` and `_last`; a grid cached by `_grid` is shared by threads.
        self._lock = threading.Lock()

    def _cell(self, k: int, held, grey) -> tuple[float, float]:
        import shapely

        _, ext, piece, band, zone = self.cells[k]
        h = shapely.clip_by_rect(held, *ext) if not held.is_empty else held
        if zone is not None and not h.is_empty:
            edge = shapely.intersection(h, zone)
            if not edge.is_empty:  # settle coast and border slivers (see the module's notes)
                h = shapely.union(h, shapely.intersection(band, shapely.buffer(edge, _REACH)))
        ru = geodesic_km2(shapely.intersection(piece, shapely.make_valid(h))) if not h.is_empty else 0.0
        g = shapely.clip_by_rect(grey, *ext) if not grey.is_empty else grey
        cz = 0.0
        if not g.is_empty:
            cz = geodesic_km2(shapely.intersection(piece, shapely.difference(shapely.make_valid(g), h)))
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
        with self._lock:
            todo = self._changed(coords) if incremental else None
            for k in range(len(self.cells)) if todo is None else todo:
                self.values[k] = self._cell(k, held, grey)
            self._last = coords
            values = list(self.values)
        totals = [[0.0, 0.0] for _ in self.units]
        for (i, *_), (ru, cz) in zip(self.cells, values):
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
    units = units_of(codes, gaz)
    # Each unit's figures depend on that unit and the layer only: kept on the layer, so checking a
    # corpus against one snapshot measures each unit once.
    done = layer._cache.setdefault(("measure", gaz), {})
    missing = tuple(u for u in units if u not in done)
    if missing:
        done.update(_grid(gaz, missing).results(gaz, layer))
    return {u: done[u] for u in units}


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
