"""Change over time: `geo.diff` of two daily snapshots and a slider build, against a naive geopandas.overlay approach.

Run: ``python tests/benchmarks/bench_change.py [DAYS]`` (default 365 daily snapshots).

The series is grown from the shared DeepStateMap snapshot (``../shared/control``) when it is there, so
the files are as detailed as real ones (about 95 KB, 3,000 vertices a day), else the synthetic one of
`_series.write_series`. Both approaches run in the same process, interleaved, several passes; the time
is CPU time (``time.process_time``), printed as min / median / max. Peak memory is measured for one
pass of each in a forked child: the growth of its peak RSS over its RSS at the start (GEOS's memory
included), and tracemalloc's peak of Python allocations.

* diff: ``geo.diff(day_a, day_b, ["UA"])`` (reading both files, slivers excluded) against
  ``geopandas.read_file`` of both, ``overlay(..., how="difference")`` both ways and an overlay of each
  with the 27 oblasts, areas in an equal-area projection.
* slider: ``geo.write_slider`` of the series against what one writes first: read every day with
  geopandas, overlay it with the day before for gains and losses, and put every day's layers on one
  folium map (each day a FeatureGroup), saved as HTML.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geopandas  # noqa: E402

import geo  # noqa: E402
from geo.control import read_control  # noqa: E402
from geo.slider import slider_html  # noqa: E402
from tests.benchmarks._series import write_real_series, write_series  # noqa: E402

LAEA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m +no_defs"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "control" / "deepstate_occupied_20241120.geojson"
DIFF_PASSES = int(os.environ.get("GEO_BENCH_PASSES", "5"))
SLIDER_PASSES = int(os.environ.get("GEO_BENCH_SLIDER_PASSES", "2"))


def naive_diff(a: Path, b: Path, regions: geopandas.GeoDataFrame) -> dict[str, float]:
    old, new = geopandas.read_file(a), geopandas.read_file(b)
    out = {}
    for name, change in (("gained", geopandas.overlay(new, old, how="difference")),
                         ("lost", geopandas.overlay(old, new, how="difference"))):
        parts = geopandas.overlay(regions, change, how="intersection")
        out[name] = float(parts.to_crs(LAEA).area.sum() / 1e6)
    return out


def naive_slider(paths: list[Path], out: Path) -> int:
    import folium

    m = folium.Map(location=[48.5, 35.0], zoom_start=6, tiles=None)
    before = None
    for path in paths:
        day = geopandas.read_file(path)
        group = folium.FeatureGroup(name=path.stem, show=path == paths[-1])
        folium.GeoJson(day, style_function=lambda f: {"color": "#b2182b"}).add_to(group)
        if before is not None:
            for change, colour in ((geopandas.overlay(day, before, how="difference"), "#e66101"),
                                   (geopandas.overlay(before, day, how="difference"), "#1b9e77")):
                if not change.empty:
                    folium.GeoJson(change, style_function=lambda f, c=colour: {"color": c}).add_to(group)
        group.add_to(m)
        before = day
    folium.LayerControl().add_to(m)
    m.save(out)
    return out.stat().st_size


def ours_slider(paths: list[Path], out: Path) -> int:
    layers = [read_control(p) for p in paths]
    out.write_text(slider_html(layers), encoding="utf-8")
    return out.stat().st_size


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _child(conn, fn, args) -> None:
    start = _rss_bytes()
    tracemalloc.start()
    fn(*args)
    py_peak = tracemalloc.get_traced_memory()[1]
    conn.send((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - start, py_peak))
    conn.close()


def peak_memory(fn, *args) -> tuple[float, float]:
    """(peak RSS growth, tracemalloc peak) in MiB of one call, in a forked child."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(child, fn, args))
    proc.start()
    rss, py = parent.recv()
    proc.join()
    return rss / 2**20, py / 2**20


def timed(passes: int, *runs) -> list[list[float]]:
    """CPU seconds of each run, interleaved, *passes* times."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(passes):
        for k, run in enumerate(runs):
            start = time.process_time()
            run()
            times[k].append(time.process_time() - start)
    return times


def spread(ts: list[float]) -> str:
    return f"{min(ts):.2f} / {statistics.median(ts):.2f} / {max(ts):.2f} s"


def run(days: int = 365) -> dict[str, float]:
    regions = geo.Gazetteer.default().boundaries("UA").reset_index(drop=True)[["code", "geometry"]]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        if SHARED.exists():
            paths, kind = write_real_series(folder / "s", days, SHARED), "grown from the shared DeepStateMap day"
        else:
            paths, kind = write_series(folder / "s", days), "synthetic"
        size = sum(p.stat().st_size for p in paths) / len(paths)
        print(f"wrote {days} daily snapshots ({kind}, {size / 1e3:,.0f} KB each) in {time.perf_counter() - start:.0f} s")
        a, b = paths[len(paths) // 2 - 1], paths[len(paths) // 2]

        ours_d, naive_d = geo.diff(a, b, ["UA"]).total, naive_diff(a, b, regions)
        print(f"diff {a.name} -> {b.name}: geo gained {ours_d.gained_km2:.2f} lost {ours_d.lost_km2:.2f} km2 "
              f"(slivers excluded); naive overlay gained {naive_d['gained']:.2f} lost {naive_d['lost']:.2f} km2")
        t_ours, t_naive = timed(DIFF_PASSES, lambda: geo.diff(a, b, ["UA"]), lambda: naive_diff(a, b, regions))
        m_ours, m_naive = peak_memory(geo.diff, a, b, ["UA"]), peak_memory(naive_diff, a, b, regions)
        print(f"diff of two daily snapshots, {DIFF_PASSES} passes (min / median / max CPU):")
        print(f"  geo.diff             {spread(t_ours)}   peak RSS +{m_ours[0]:,.0f} MiB, Python peak {m_ours[1]:,.1f} MiB")
        print(f"  naive overlay        {spread(t_naive)}   peak RSS +{m_naive[0]:,.0f} MiB, "
              f"Python peak {m_naive[1]:,.1f} MiB")
        diff_ratio = statistics.median(t_naive) / statistics.median(t_ours)
        print(f"  ratio {diff_ratio:.1f}x")

        sizes = {}
        for n in (30, 100):
            if n < days:
                sizes[n] = ours_slider(paths[:n], folder / f"s{n}.html")
        t_s, t_n = timed(SLIDER_PASSES, lambda: sizes.__setitem__(days, ours_slider(paths, folder / "ours.html")),
                         lambda: sizes.__setitem__("naive", naive_slider(paths, folder / "naive.html")))
        ms_ours = peak_memory(ours_slider, paths, folder / "ours2.html")
        ms_naive = peak_memory(naive_slider, paths, folder / "naive2.html")
        print(f"{days}-day slider build, {SLIDER_PASSES} passes (min / median / max CPU):")
        print(f"  geo.write_slider     {spread(t_s)}   peak RSS +{ms_ours[0]:,.0f} MiB, Python peak {ms_ours[1]:,.0f} MiB, "
              f"{sizes[days] / 2**20:.2f} MiB")
        print(f"  naive folium+overlay {spread(t_n)}   peak RSS +{ms_naive[0]:,.0f} MiB, "
              f"Python peak {ms_naive[1]:,.0f} MiB, {sizes['naive'] / 2**20:.2f} MiB")
        slider_ratio = statistics.median(t_n) / statistics.median(t_s)
        print(f"  ratio {slider_ratio:.1f}x (time), {sizes['naive'] / sizes[days]:.1f}x (size)")
        print("slider page size: " + ", ".join(f"{n} days {s / 1024:,.0f} KiB" for n, s in sizes.items()
                                               if n != "naive") + " (Leaflet and topojson-client: 162 KiB of it)")
    return {"diff_s": statistics.median(t_ours), "diff_naive_s": statistics.median(t_naive), "diff_ratio": diff_ratio,
            "diff_peak_rss_mib": m_ours[0], "diff_naive_peak_rss_mib": m_naive[0],
            "slider_s": statistics.median(t_s), "slider_naive_s": statistics.median(t_n),
            "slider_ratio": slider_ratio, "slider_bytes": sizes[days], "slider_naive_bytes": sizes["naive"],
            "slider_peak_rss_mib": ms_ours[0], "slider_naive_peak_rss_mib": ms_naive[0], "days": days}


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 365)
