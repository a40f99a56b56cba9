"""A synthetic series of daily control snapshots: a front line in the east that moves a little each day."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geo


def write_series(folder: Path, days: int, start: str = "2022-10-01") -> list[Path]:
    """Write *days* archive-style snapshots (one MultiPolygon, no properties) into *folder*.

    Each day one stretch of ten front-line points moves about 300 m west, so
    consecutive snapshots differ along part of the front only, as real ones do.
    """
    import datetime as dt

    import shapely

    gaz = geo.Gazetteer.default()
    four = shapely.union_all(gaz.boundaries("FOUR-ANNEXED").geometry.values)
    lats = [46.0 + 4.6 * i / 299 for i in range(300)]
    offsets = [0.0] * 300
    folder.mkdir(parents=True, exist_ok=True)
    day0 = dt.date.fromisoformat(start)
    paths = []
    for k in range(days):
        j = (k * 37) % 290
        for i in range(j, j + 10):
            offsets[i] += 0.004
        front = [(36.2 + 0.35 * math.sin(lat * 7.0) - off, lat) for lat, off in zip(lats, offsets)]
        east = shapely.Polygon(front + [(41.0, 50.6), (41.0, 46.0)])
        occupied = shapely.set_precision(four.intersection(east), 1e-5)
        path = folder / f"deepstatemap_data_{day0 + dt.timedelta(days=k):%Y%m%d}.geojson"
        feature = {"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(occupied))}
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
        paths.append(path)
    return paths


def write_real_series(folder: Path, days: int, base: Path, start: str = "2024-11-20") -> list[Path]:
    """*days* snapshots grown from a real one (*base*, e.g. the shared DeepStateMap day): each day the
    occupied area advances about 400 m inside one 30 km stretch of the front that walks along it, and
    every 7th day it gives back a little elsewhere, so the files are as detailed as real ones and
    consecutive days differ along part of the front only.
    """
    import datetime as dt

    import numpy as np
    import shapely
    from pyproj import Transformer

    from geo.control import read_control

    fwd = Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m", always_xy=True)
    inv = Transformer.from_crs("+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m", "EPSG:4326", always_xy=True)

    def project(g, t):
        return shapely.transform(g, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))

    gaz = geo.Gazetteer.default()
    ukraine = project(shapely.union_all(gaz.boundaries("UA").geometry.values), fwd)
    interior = ukraine.buffer(-5000)
    held = project(read_control(base).held_by_russia(), fwd)
    front = shapely.intersection(held.boundary, interior)  # the front line, away from coast and border
    length = front.length
    folder.mkdir(parents=True, exist_ok=True)
    day0 = dt.date.fromisoformat(start)
    paths = []
    for k in range(days):
        if k:
            at = front.interpolate((k * 0.0137 % 1.0) * length)
            window = shapely.intersection(at.buffer(15_000), interior)
            x0, y0, x1, y1 = window.bounds
            near = shapely.intersection(held, shapely.box(x0 - 1000, y0 - 1000, x1 + 1000, y1 + 1000))  # all a 400 m buffer needs
            if k % 7 == 0:
                held = shapely.difference(held, shapely.simplify(
                    shapely.intersection(window, near.boundary.buffer(300, quad_segs=1)), 30))
            else:
                grown = shapely.intersection(near.buffer(400, quad_segs=1, join_style="mitre"), window)
                held = shapely.union(held, shapely.simplify(shapely.difference(grown, held), 30))
            held = held.buffer(0)  # valid and polygonal
        snapped = shapely.set_precision(shapely.make_valid(project(held, inv)), 1e-6)
        parts = shapely.get_parts(shapely.get_parts(snapped))  # collections hold multipolygons
        occupied = shapely.union_all([p for p in parts if p.geom_type == "Polygon"])
        path = folder / f"deepstatemap_data_{day0 + dt.timedelta(days=k):%Y%m%d}.geojson"
        feature = {"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(occupied))}
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
        paths.append(path)
    return paths
