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
