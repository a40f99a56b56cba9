"""Map size: the seed's map (with a control layer) against a naive folium map of the 27 oblasts.

Run: ``python tests/benchmarks/bench_map.py``. Goal: the seed's map with control data <= 250 KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geo  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "control" / "deepstate_occupied_20241120.geojson"
FIXTURE = ROOT / "tests" / "fixtures" / "control" / "deepstate_api_20241120.geojson"


def naive_html() -> str:
    """What folium gives out of the box: CDN scripts, tiles, the full-resolution oblasts as GeoJSON."""
    import folium

    m = folium.Map(location=[48.5, 31.5], zoom_start=6)
    frame = geo.Gazetteer.default().boundaries("UA")
    folium.GeoJson(frame.__geo_interface__, tooltip=folium.GeoJsonTooltip(fields=["name_en"])).add_to(m)
    return m.get_root().render()


def run() -> dict[str, float]:
    doc = geo.extract(geo.read_text(geo.SEED))
    control = SHARED if SHARED.exists() else FIXTURE
    layer = geo.read_control(control)
    ours = len(geo.map_html(doc, control=layer, verification=geo.verify(doc, layer)).encode())
    plain = len(geo.map_html(doc).encode())
    naive = len(naive_html().encode())
    print(f"seed map with control ({control.name}): {ours:,} bytes ({ours / 1024:.0f} KiB)")
    print(f"seed map without control:              {plain:,} bytes")
    print(f"naive folium map of the 27 oblasts:    {naive:,} bytes (CDN scripts not counted)")
    print(f"ratio {naive / ours:.1f}x smaller, and offline")
    return {"map_bytes": ours, "map_bytes_no_control": plain, "naive_bytes": naive, "ratio_vs_naive": naive / ours}


if __name__ == "__main__":
    run()
