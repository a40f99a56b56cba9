"""Polygons for storage, maps and measures: snapped to a grid, simplified as one coverage, measured on the ellipsoid.

Used by the data build (``data/build.py``) for the embedded boundaries, by
`geo.boundaries` for boundaries a user supplies (so both kinds reach maps and
measures alike) and by `geo.control` for areas.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

#: The map's extent (lon/lat): Ukraine with its neighbours and the Black Sea.
MAP_EXTENT = (16.0, 41.0, 45.0, 56.5)
#: Grid and tolerance (degrees) of map boundaries, simplified as one coverage.
MAP_GRID = 1e-3
MAP_TOLERANCE = 0.02


def clean_polygon(geom, precision: float | None):
    """A valid, normalised (Multi)Polygon, snapped to a grid of *precision* degrees unless it is None
    (empty if nothing polygonal is left).

    >>> import shapely
    >>> clean_polygon(shapely.box(0.00001, 0, 1, 1.00004), 1e-3).wkt
    'POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))'
    """
    import shapely

    geom = shapely.make_valid(geom)
    if precision is not None:
        geom = shapely.set_precision(geom, precision)
    polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]
    if not polys:
        return shapely.Polygon()
    return shapely.normalize(shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0])


def simplify_coverage(geoms: Sequence, tolerance: float = MAP_TOLERANCE, grid: float = MAP_GRID) -> list:
    """Simplify polygons that tile an area together, so shared borders stay shared (no gaps, no overlaps).

    >>> import shapely
    >>> left, right = shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)
    >>> [g.bounds for g in simplify_coverage([left, right])]
    [(0.0, 0.0, 1.0, 1.0), (1.0, 0.0, 2.0, 1.0)]
    """
    import shapely

    snapped = [clean_polygon(g, grid) for g in geoms]
    return [clean_polygon(g, grid) for g in shapely.coverage_simplify(snapped, tolerance)]


@lru_cache(maxsize=1)
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def geodesic_km2(geom) -> float:
    """Geodesic area of a lon/lat geometry on the WGS84 ellipsoid, in km2 (0 for none or empty).

    >>> import shapely
    >>> round(geodesic_km2(shapely.box(30, 48, 31, 49)))
    8218
    """
    if geom is None or geom.is_empty:
        return 0.0
    return abs(_geod().geometry_area_perimeter(geom)[0]) / 1e6
