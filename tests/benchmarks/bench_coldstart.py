"""Cold start of ``geo extract`` on the seed, in fresh processes, against baselines.

Run: ``python tests/benchmarks/bench_coldstart.py [--passes N] [--baseline REF]``.

Each pass runs every command once in a fresh process, in turn (interleaved, so a
busy machine slows all of them alike), and prints min / median / max of the wall
time and of the process's CPU time (user + system) over the passes:

* ``python -c pass``: the interpreter's own start, the floor;
* ``geo extract <seed>``: this tree, with its compiled-pattern cache (`geo._re`) warm;
* the same with ``GEO_COMPILED_CACHE=off``: a first run, or a read-only cache folder;
* the same command on the tree of git ref *REF* (default ``main``, ``none`` to skip),
  exported with ``git archive``: the numbers before the change;
* ``import geopandas, folium``: what extraction must not pay for.

Installed packages have their bytecode compiled, so the processes write theirs to a
temporary folder (``PYTHONPYCACHEPREFIX``) and one untimed run of each comes first;
``GEO_CACHE_DIR`` is a temporary folder too, so the user's cache is neither used nor
touched. Extraction is pure text work; the goal is a median wall time under 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geo  # noqa: E402

PASSES = 9
_ROOT = Path(__file__).resolve().parents[2]


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of *cmd*."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _export(ref: str, into: Path) -> Path | None:
    """The tree of git *ref* written under *into* (None if git cannot give it)."""
    archive = into / "baseline.tar"
    with archive.open("wb") as out:
        if subprocess.run(["git", "-C", str(_ROOT), "archive", ref], stdout=out,
                          stderr=subprocess.DEVNULL).returncode != 0:
            return None
    tree = into / "baseline"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def _stats(values: list[float]) -> str:
    return f"{min(values):6.3f} {statistics.median(values):6.3f} {max(values):6.3f}"


def run(passes: int = PASSES, baseline: str = "main") -> dict[str, float]:
    """Run the benchmark; return its medians in seconds (also printed)."""
    python = sys.executable
    seed = str(geo.SEED)
    extract = [python, "-m", "geo.cli", "extract", seed]
    with tempfile.TemporaryDirectory(prefix="geo-coldstart-") as tmp:
        tmpdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "GEO_COMPILED_CACHE")}
        env.update(PYTHONPYCACHEPREFIX=str(tmpdir / "pycache"), GEO_CACHE_DIR=str(tmpdir / "cache"))
        here = {**env, "PYTHONPATH": str(_ROOT)}
        commands: dict[str, tuple[list[str], dict[str, str], Path]] = {
            "python -c pass": ([python, "-c", "pass"], env, tmpdir),
            "geo extract <seed>": (extract, here, _ROOT),
            "  without compiled cache": (extract, {**here, "GEO_COMPILED_CACHE": "off"}, _ROOT),
        }
        tree = _export(baseline, tmpdir) if baseline != "none" else None
        if tree is not None:
            commands[f"  on {baseline}"] = (extract, {**env, "PYTHONPATH": str(tree),
                                                      "GEO_CACHE_DIR": str(tmpdir / "cache-base")}, tree)
        commands["import geopandas, folium"] = ([python, "-c", "import geopandas, folium"], env, tmpdir)
        for cmd, cmd_env, cwd in commands.values():  # bytecode and caches written, untimed
            _run(cmd, cmd_env, cwd)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for p in range(passes):
            for name in names[p % len(names):] + names[:p % len(names)]:  # each pass starts one later
                w, c = _run(*commands[name])
                wall[name].append(w)
                cpu[name].append(c)
    print(f"{passes} passes, interleaved; seconds")
    print(f"{'':28} {'wall min    med    max':>21}   {'CPU min    med    max':>20}")
    for name in names:
        print(f"{name:28} {_stats(wall[name])}   {_stats(cpu[name])}")
    out = {
        "python_s": statistics.median(wall["python -c pass"]),
        "geo_extract_s": statistics.median(wall["geo extract <seed>"]),
        "geo_extract_cpu_s": statistics.median(cpu["geo extract <seed>"]),
        "geo_extract_uncached_s": statistics.median(wall["  without compiled cache"]),
        "import_geopandas_folium_s": statistics.median(wall["import geopandas, folium"]),
    }
    if tree is not None:
        out["geo_extract_baseline_s"] = statistics.median(wall[f"  on {baseline}"])
    out["ratio_vs_geostack_import"] = out["import_geopandas_folium_s"] / out["geo_extract_s"]
    print(f"geo extract: median {out['geo_extract_s']:.3f} s wall (goal < 0.3 s), "
          f"{out['ratio_vs_geostack_import']:.1f}x faster than importing geopandas and folium")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=PASSES)
    parser.add_argument("--baseline", default="main", help="git ref to compare with ('none' to skip)")
    args = parser.parse_args()
    run(args.passes, args.baseline)
