"""Cold start of ``geo extract`` on the seed against importing geopandas and folium.

Run: ``python tests/benchmarks/bench_coldstart.py``. Each command runs in a
fresh process several times; the median wall time is reported. Extraction is
pure text work and must not pay for the geospatial stack (goal: under 0.3 s).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geo  # noqa: E402

RUNS = 7


def _median_seconds(cmd: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict[str, float]:
    """Run the benchmark; return its figures (also printed)."""
    python = sys.executable
    out = {
        "python_s": _median_seconds([python, "-c", "pass"]),
        "geo_extract_s": _median_seconds([python, "-m", "geo.cli", "extract", str(geo.SEED)]),
        "import_geopandas_folium_s": _median_seconds([python, "-c", "import geopandas, folium"]),
    }
    out["ratio_vs_geostack_import"] = out["import_geopandas_folium_s"] / out["geo_extract_s"]
    print(f"python -c pass                         {out['python_s']:.3f} s")
    print(f"geo extract <seed>                     {out['geo_extract_s']:.3f} s")
    print(f'python -c "import geopandas, folium"   {out["import_geopandas_folium_s"]:.3f} s '
          f"({out['ratio_vs_geostack_import']:.1f}x the cold start of geo extract)")
    return out


if __name__ == "__main__":
    run()
