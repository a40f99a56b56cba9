"""What changed hands between two control snapshots: km2 gained, lost and net per region, and where.

``diff(old, new)`` compares the Russian-held areas (occupied and occupied
before 2022) of two layers. Figures are from Russia's side: *gained* is
newly Russian-held, *lost* is no longer Russian-held, *net* is gained minus
lost. Areas are geodesic (WGS84) km2 of the changed polygons themselves (not
shares of official areas, as `geo.measure` gives).

Slivers are not changes. Two snapshots redraw the same line a little
differently, so their difference holds thin slivers along lines that did not
move. Two rules take them out, and the report names them (``sliver_rule``):

* the coast and border band, the rule of measuring: within `geo.control.BAND_KM`
  of Ukraine's coast and national border, control is settled from the adjacent
  polygon when measuring, so changes inside that band are not counted;
* width: a changed piece that vanishes when shrunk by half of `SLIVER_M` metres
  on each side (narrower than `SLIVER_M` everywhere) is a redrawn line, not a
  gain or a loss. A real advance of a few hundred metres is kept whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from geo._coverage import geodesic_km2
from geo._files import dumps_json
from geo.control import _LAEA, BAND_KM, ControlLayer, _band, read_control, units_of
from geo.gazetteer import Gazetteer

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["RegionChange", "Diff", "diff", "write_diff", "series_frame", "changed_polygons", "SLIVER_M", "DIFF_SCHEMA",
           "CHANGE_COLOURS"]

#: Changed pieces narrower than this everywhere (metres) are slivers of a redrawn line.
SLIVER_M = 50.0
DIFF_SCHEMA = "geo.diff/1"
#: Colours of Russian gains and losses on maps and in QGIS styles (orange and teal: told apart with
#: any colour vision, and apart from the red and blue of who holds what).
CHANGE_COLOURS = {"gained": "#e66101", "lost": "#1b9e77"}
SLIVER_RULE = (f"changes within {BAND_KM:g} km of Ukraine's coast and national border are settled as in measuring "
               f"(not counted); changed pieces narrower than {SLIVER_M:g} m everywhere are redrawn lines (not counted)")


@dataclass(frozen=True, slots=True)
class RegionChange:
    """Km2 that became Russian-held (``gained``) and stopped being so (``lost``) in one region."""

    code: str
    name: str
    gained_km2: float
    lost_km2: float

    @property
    def net_km2(self) -> float:
        return self.gained_km2 - self.lost_km2

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "gained_km2": round(self.gained_km2, 2),
                "lost_km2": round(self.lost_km2, 2), "net_km2": round(self.net_km2, 2)}


@dataclass(frozen=True)
class Diff:
    """The change between two snapshots (see the module's notes for the rules).

    ``pieces`` holds ``(code, change, geometry)`` for every region and
    direction with a change, ``change`` being ``"gained"`` or ``"lost"``.
    """

    old: dict
    new: dict
    regions: tuple[RegionChange, ...]
    total: RegionChange
    pieces: tuple = field(repr=False)
    sliver_rule: str = SLIVER_RULE

    def to_dict(self) -> dict:
        """The ``geo.diff/1`` document."""
        return {"schema": DIFF_SCHEMA, "old": self.old, "new": self.new, "side": "RU",
                "sliver_rule": self.sliver_rule, "regions": [r.to_dict() for r in self.regions],
                "total": self.total.to_dict()}

    def to_json(self) -> str:
        return dumps_json(self.to_dict())

    def frame(self) -> "geopandas.GeoDataFrame":
        """The gained and lost polygons per region.

        ``old_date`` and ``new_date`` bound the period in which the change happened; ``valid_from`` (the new
        date) and ``valid_to`` (the day after) make QGIS's Temporal Controller show it with the new snapshot.
        """
        import geopandas

        from geo.export import _next_day, _round

        names = {r.code: r.name for r in self.regions}
        rows = [{"code": code, "name": names[code], "change": change, "km2": round(geodesic_km2(geom), 3),
                 "old_date": self.old["date"], "new_date": self.new["date"], "valid_from": self.new["date"],
                 "valid_to": _next_day(self.new["date"]), "geometry": _round(geom)}
                for code, change, geom in self.pieces]
        return geopandas.GeoDataFrame(rows, columns=["code", "name", "change", "km2", "old_date", "new_date",
                                                     "valid_from", "valid_to", "geometry"],
                                      geometry="geometry", crs="EPSG:4326")

    def table(self) -> str:
        """A terminal table: one line per region, then the total."""
        head = (f"{self.old['date'] or 'undated'} -> {self.new['date'] or 'undated'}  (Russia's side; "
                f"{self.old['source']} -> {self.new['source']})\n"
                f"{'code':<7} {'name':<30} {'gained km2':>11} {'lost km2':>10} {'net km2':>10}\n")
        rows = [r for r in self.regions if round(r.gained_km2, 1) or round(r.lost_km2, 1)]
        quiet = len(self.regions) - len(rows)
        return head + "".join(
            f"{r.code:<7} {r.name:<30} {r.gained_km2:>11,.1f} {r.lost_km2:>10,.1f} {r.net_km2:>+10,.1f}\n"
            for r in (*rows, self.total)) + (f"({quiet} regions without change left out)\n" if quiet else "")


@lru_cache(maxsize=1)
def _to_metres():
    """lon/lat -> metres in the equal-area projection measuring uses (for the width rule)."""
    from pyproj import Transformer

    from geo._polygons import apply_transform

    fwd = Transformer.from_crs("EPSG:4326", _LAEA, always_xy=True)
    return lambda xy: apply_transform(fwd, xy)


def changed_polygons(before, after, gazetteer: Gazetteer | None = None):
    """``(gained, lost)``: the parts of *after* not in *before* and the reverse, slivers taken out.

    *before* and *after* are Russian-held areas (shapely, lon/lat).

    >>> import shapely
    >>> gained, lost = changed_polygons(shapely.box(36, 47, 37, 48), shapely.box(36, 47, 37.01, 48))
    >>> round(gained.area, 4), lost.is_empty
    (0.01, True)
    """
    import shapely

    band, zone = _band(gazetteer or Gazetteer.default())
    out = []
    for a, b in ((after, before), (before, after)):
        change = shapely.difference(a, b) if not a.is_empty else a
        parts = [p for p in shapely.get_parts(change) if p.geom_type == "Polygon" and not p.is_empty]
        # the coast and border band, as in measuring: only the pieces that reach it are cut
        near = [k for k, p in enumerate(parts) if shapely.intersects(zone, p)]
        for k in near:
            parts[k] = shapely.difference(parts[k], shapely.clip_by_rect(band, *parts[k].bounds))
        parts = [q for p in parts for q in shapely.get_parts(p) if q.geom_type == "Polygon" and not q.is_empty]
        if parts:
            shrunk = shapely.buffer(shapely.transform(parts, _to_metres()), -SLIVER_M / 2)
            parts = [p for p, s in zip(parts, shrunk) if not s.is_empty]
        out.append(shapely.MultiPolygon(parts) if parts else shapely.MultiPolygon())
    return out[0], out[1]


def _describe(layer: ControlLayer) -> dict:
    return {"date": layer.date, "source": layer.source, "format": layer.format}


def _layer(value, gaz: Gazetteer) -> ControlLayer:
    return value if isinstance(value, ControlLayer) else read_control(Path(value), gazetteer=gaz)


def diff(old: ControlLayer | str | Path, new: ControlLayer | str | Path, regions: Iterable[str] = ("UA",), *,
         gazetteer: Gazetteer | None = None) -> Diff:
    """Km2 gained, lost and net by Russia between two snapshots, per first-level unit and in total.

    Parameters
    ----------
    old, new : ControlLayer or path
        The earlier and the later snapshot.
    regions : iterable of str
        Codes; groups and ``UA`` expand to their oblasts.
    gazetteer : Gazetteer, optional

    Returns
    -------
    Diff

    Examples
    --------
    >>> import shapely
    >>> a = ControlLayer((shapely.box(37.0, 47.5, 37.5, 48.0),), ("occupied",), "a", "2024-11-01", "generic")
    >>> b = ControlLayer((shapely.box(37.0, 47.5, 37.6, 48.0),), ("occupied",), "b", "2024-11-02", "generic")
    >>> d = diff(a, b, ["UA-14"])
    >>> round(d.total.gained_km2), round(d.total.lost_km2)
    (417, 0)
    """
    import shapely

    gaz = gazetteer or Gazetteer.default()
    old_layer, new_layer = _layer(old, gaz), _layer(new, gaz)
    units = units_of(regions, gaz)
    frame = gaz.boundaries(units)
    gained, lost = changed_polygons(old_layer.held_by_russia(), new_layer.held_by_russia(), gaz)
    per: dict[str, list[float]] = {u: [0.0, 0.0] for u in units}
    pieces = []
    for k, (change, geom) in enumerate((("gained", gained), ("lost", lost))):
        if geom.is_empty:
            continue
        for code, region in zip(frame.index, frame.geometry.values):
            if not shapely.intersects(region, geom):
                continue
            part = shapely.intersection(shapely.clip_by_rect(region, *geom.bounds), geom)
            part = shapely.MultiPolygon([p for p in shapely.get_parts(part) if p.geom_type == "Polygon"])
            km2 = geodesic_km2(part)
            if km2 > 0:
                per[code][k] += km2
                pieces.append((code, change, part))
    changes = tuple(RegionChange(u, gaz[u].name_en, g, lo) for u, (g, lo) in per.items())
    total = RegionChange("total", "Total", sum(c.gained_km2 for c in changes), sum(c.lost_km2 for c in changes))
    pieces.sort(key=lambda p: (units.index(p[0]), p[1]))
    return Diff(_describe(old_layer), _describe(new_layer), changes, total, tuple(pieces))


def series_frame(layers: Sequence[ControlLayer]) -> "geopandas.GeoDataFrame":
    """The Russian-held area of each snapshot, one feature a date, ``valid_from`` its date and ``valid_to``
    the next snapshot's (the day after, for the last): a layer the QGIS Temporal Controller animates."""
    import geopandas

    from geo.export import _next_day, _round

    rows = []
    for k, layer in enumerate(layers):
        until = layers[k + 1].date if k + 1 < len(layers) else _next_day(layer.date)
        held = layer.held_by_russia()
        rows.append({"date": layer.date, "status": "held_by_russia", "km2": round(geodesic_km2(held), 3),
                     "source": layer.source, "valid_from": layer.date, "valid_to": until, "geometry": _round(held)})
    return geopandas.GeoDataFrame(rows, columns=["date", "status", "km2", "source", "valid_from", "valid_to",
                                                 "geometry"], geometry="geometry", crs="EPSG:4326")


def write_diff(result: Diff, path: str | Path, fmt: str, layers: Sequence[ControlLayer] = ()) -> Path:
    """Write the gained and lost polygons as GeoJSON, or a GeoPackage with them (layer ``changes``) and the
    two snapshots' Russian-held areas (layer ``series``), both with ``valid_from``/``valid_to`` and styled
    for QGIS, including its Temporal Controller. Written atomically."""
    from geo._files import write_atomic, write_text
    from geo.export import _geojson, _write_gpkg

    frame = result.frame()
    if fmt == "geojson":
        doc = _geojson(frame.assign(id=[f"{c}-{ch}" for c, ch in zip(frame["code"], frame["change"])]))
        for f in doc["features"]:
            f["id"] = f["properties"].pop("id")
        doc["features"].sort(key=lambda f: f["id"])
        return write_text(path, dumps_json(doc, indent=None))
    out = {"changes": frame}
    if layers:
        out["series"] = series_frame(list(layers))
    return write_atomic(path, lambda tmp: _write_gpkg(out, tmp))
