"""User-supplied boundaries at the size of real ones: a COD-AB-like file of the 27 Ukrainian units, ~1,000,000 vertices.

Run: ``python tests/benchmarks/bench_boundaries.py``. In a fresh process (its own peak RSS), it times
`geo.read_boundaries` (read, repair, link, check) and `Gazetteer.with_boundaries` (areas, map layer)
against ``geopandas.read_file`` of the same file, the baseline of reading it at all.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = """
import resource, sys, time
import geopandas, shapely
import geo
gaz = geo.Gazetteer.default()
units = gaz.boundaries("UA")
dense = shapely.segmentize(units.geometry.values, 0.0003)  # embedded polygons with a vertex every ~30 m
frame = geopandas.GeoDataFrame({"ADM1_PCODE": [gaz[c].pcode for c in units.index],
                                "ADM1_EN": [gaz[c].name_en for c in units.index]}, geometry=dense, crs="EPSG:4326")
frame.to_file(sys.argv[1])
start = time.perf_counter()
geopandas.read_file(sys.argv[1])
baseline = time.perf_counter() - start
start = time.perf_counter()
found = geo.read_boundaries(sys.argv[1])
read = time.perf_counter() - start
start = time.perf_counter()
gaz.with_boundaries(found)
use = time.perf_counter() - start
vertices = int(shapely.get_num_coordinates(dense).sum())
print(vertices, baseline, read, use, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(found.frame))
"""


def run() -> dict[str, float]:
    root = str(Path(__file__).resolve().parents[2])
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", _CHILD, str(Path(tmp) / "ukr_admbnda_adm1.geojson")], cwd=root,
                             capture_output=True, text=True, check=True).stdout.split()
    vertices, baseline, read, use, rss, units = int(out[0]), *map(float, out[1:5]), int(out[5])
    print(f"{vertices:,}-vertex boundary file of {units} units: geopandas.read_file {baseline:.1f} s, "
          f"read_boundaries {read:.1f} s ({read / baseline:.1f}x), with_boundaries {use:.1f} s, peak RSS {rss:,.0f} MiB")
    return {"vertices": vertices, "read_file_s": baseline, "read_boundaries_s": read, "with_boundaries_s": use,
            "ratio_vs_read_file": read / baseline, "peak_rss_mib": rss}


if __name__ == "__main__":
    run()
