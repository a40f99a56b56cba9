"""A control file with one 1,000,000-vertex polygon: time and peak memory of measuring it.

Run: ``python tests/benchmarks/bench_bigcontrol.py``. It runs in a fresh process, so the peak RSS is its own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = """
import json, resource, sys, time
import numpy as np, shapely
import geo
n = 1_000_000
t = np.linspace(0, 2 * np.pi, n, endpoint=False)
r = 0.9 + 0.05 * np.sin(t * 2000)  # a wiggly ring over Donetsk oblast
ring = np.column_stack([37.8 + r * np.cos(t), 48.0 + 0.7 * r * np.sin(t)])
doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
       "geometry": json.loads(shapely.to_geojson(shapely.Polygon(ring)))}]}
open(sys.argv[1], "w").write(json.dumps(doc))
start = time.perf_counter()
share = geo.measure(geo.read_control(sys.argv[1]), ["UA-14"])["UA-14"].share_russia
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, share)
"""


def run() -> dict[str, float]:
    root = str(Path(__file__).resolve().parents[2])
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", _CHILD, str(Path(tmp) / "big.geojson")], cwd=root,
                             capture_output=True, text=True, check=True).stdout.split()
    seconds, rss, share = float(out[0]), float(out[1]), float(out[2])
    print(f"1,000,000-vertex control polygon: read and measured in {seconds:.1f} s, peak RSS {rss:,.0f} MiB "
          f"(share {share:.3f})")
    return {"seconds": seconds, "peak_rss_mib": rss}


if __name__ == "__main__":
    run()
