"""Timeline speed: geo's incremental timeline against a naive geopandas.overlay loop, same series, same run.

Run: ``python tests/benchmarks/bench_timeline.py [DAYS]`` (default 769 daily snapshots). Goal: ratio >= 10.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geopandas  # noqa: E402

import geo  # noqa: E402
from geo.timeline import timeline  # noqa: E402
from tests.benchmarks._series import write_series  # noqa: E402

LAEA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m +no_defs"


def naive(paths, regions: geopandas.GeoDataFrame) -> list[tuple[str, str, float]]:
    """What one would write first: read each snapshot, overlay it on the regions, sum the areas."""
    rows = []
    for path in paths:
        snap = geopandas.read_file(path)
        parts = geopandas.overlay(regions, snap, how="intersection")
        areas = parts.to_crs(LAEA).area.groupby(parts["code"]).sum() / 1e6
        rows += [(path.name, code, float(km2)) for code, km2 in areas.items()]
    return rows


def run(days: int = 769) -> dict[str, float]:
    regions = geo.Gazetteer.default().boundaries("FOUR-ANNEXED").reset_index(drop=True)[["code", "geometry"]]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = write_series(Path(tmp), days)
        print(f"wrote {days} synthetic snapshots in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        rows = timeline(paths, ["FOUR-ANNEXED"])
        ours = time.perf_counter() - start
        start = time.perf_counter()
        base = naive(paths, regions)
        theirs = time.perf_counter() - start
    last = {r.code: r.share_russia * r.area_km2 if False else r for r in rows[-4:]}
    print(f"geo timeline       {ours:8.2f} s  ({ours / days * 1000:.1f} ms a snapshot, {len(rows)} rows)")
    print(f"naive overlay loop {theirs:8.2f} s  ({theirs / days * 1000:.1f} ms a snapshot, {len(base)} rows)")
    print(f"ratio {theirs / ours:.1f}x")
    return {"timeline_s": ours, "naive_s": theirs, "ratio_vs_naive_overlay": theirs / ours, "snapshots": days,
            "last_day_regions": len(last)}


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 769)
