"""Ingesting a generated corpus into a DuckDB claims store: documents/s and peak RSS.

Run: ``python -m tests.benchmarks.bench_store [N]`` (N = 100,000 documents by default).

* 1 process, 2 local processes (``--jobs 2``) and a Dask LocalCluster of 2 workers on 127.0.0.1,
  each on the same N-document JSON Lines corpus, in a fresh process (so the peak RSS of the run
  and of its workers is its own); the speed-up of 2 processes over 1.
* Flat memory: the peak RSS of 1 process on N/10 and on N documents.
* Against a baseline in the same process, interleaved, 3 passes on 2,000 documents (CPU time):
  a plain loop of ``geo.extract`` + ``geo.verify`` per document that keeps the JSON of each
  result in a list, the way a script would before this store existed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTROL = ROOT / "tests" / "fixtures" / "control"
SNAPSHOTS = ("deepstatemap_data_20241101.geojson", "isw_control_2024-11-20.geojson")

_CHILD = """
import json, os, resource, sys, time
from geo.ingest import ingest
from geo.store import open_store
corpus, store_path, control, jobs, scheduler = sys.argv[1:6]
start = time.perf_counter()
with open_store(store_path) as store:
    result = ingest([corpus], store, control=[control], jobs=int(jobs), scheduler=scheduler or None)
seconds = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"read": result.read, "stored": result.stored, "seconds": seconds, "load": os.getloadavg()[0],
                  "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                  "rss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_workers_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _run(corpus: Path, tmp: Path, control: Path, name: str, jobs: int, scheduler: str = "") -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(tmp / f"{name}.duckdb"), str(control),
                          str(jobs), scheduler], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["docs_per_s"] = result["read"] / result["seconds"]
    print(f"{name:<28} {result['read']:>8,} docs  {result['seconds']:>7.1f} s  {result['docs_per_s']:>7,.0f} docs/s  "
          f"peak RSS {result['rss_self_mib']:,.0f} MiB (workers {result['rss_workers_mib']:,.0f} MiB)  "
          f"CPU {result['cpu_s']:,.0f} s  load average {result['load']:.1f} on {os.cpu_count()} cores", flush=True)
    return result


def _baseline_vs_ours(corpus: Path, control: Path, tmp: Path, passes: int = 3) -> dict:
    import geo
    from geo.control import read_control
    from geo.ingest import ingest
    from geo.store import open_store

    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()[:2000] if line.startswith("{\"")]
    rows = [r for r in rows if isinstance(r.get("text"), str) and r["text"].strip() and len(r.get("date") or "") == 10]
    sample = tmp / "sample.jsonl"
    sample.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    layers = [read_control(p) for p in sorted(control.iterdir())]
    ours, base = [], []
    for k in range(passes):
        t = time.process_time()
        kept = []
        for r in rows:
            doc = geo.extract(r["text"], date=r["date"])
            kept.append((doc.to_json(), geo.verify(doc, layers).to_json()))
        base.append(time.process_time() - t)
        t = time.process_time()
        with open_store(tmp / f"pass{k}.duckdb") as store:
            ingest([sample], store, control=[control])
        ours.append(time.process_time() - t)
    n = len(rows)
    for name, times in (("baseline loop", base), ("geo ingest, 1 process", ours)):
        print(f"{name:<28} CPU s per {n:,} docs: min {min(times):.2f} / median {statistics.median(times):.2f} / "
              f"max {max(times):.2f}  ({n / statistics.median(times):,.0f} docs/s)")
    return {"ours_s": statistics.median(ours), "baseline_s": statistics.median(base), "docs": n}


def run(n: int = 100_000) -> dict:
    from geo.corpus import write_corpus

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        control = tmp / "control"
        control.mkdir()
        for name in SNAPSHOTS:
            (control / name).write_bytes((CONTROL / name).read_bytes())
        small = write_corpus(tmp / "small.jsonl", n // 10, seed=1)
        big = write_corpus(tmp / "big.jsonl", n, seed=1)
        print(f"corpus: {n:,} documents, {big.stat().st_size / 1e6:.0f} MB of JSON Lines", flush=True)
        vs = _baseline_vs_ours(big, control, tmp)
        r_small = _run(small, tmp, control, f"1 process, {n // 10:,}", 1)
        r1 = _run(big, tmp, control, f"1 process, {n:,}", 1)
        r2 = _run(big, tmp, control, f"2 processes, {n:,}", 2)
        rd = _run(big, tmp, control, f"Dask LocalCluster x2, {n:,}", 2, "local")
    out = {
        "docs": n, "docs_per_s_1": r1["docs_per_s"], "docs_per_s_2": r2["docs_per_s"],
        "docs_per_s_dask": rd["docs_per_s"], "speedup_2_over_1": r2["docs_per_s"] / r1["docs_per_s"],
        "rss_mib_1": r1["rss_self_mib"], "rss_mib_1_small": r_small["rss_self_mib"],
        "rss_growth_10x": r1["rss_self_mib"] / r_small["rss_self_mib"],
        "rss_mib_2": max(r2["rss_self_mib"], r2["rss_workers_mib"]),
        "rss_mib_dask": max(rd["rss_self_mib"], rd["rss_workers_mib"]),
        "ratio_vs_baseline": vs["baseline_s"] / vs["ours_s"],
    }
    print(f"speed-up of 2 processes over 1: {out['speedup_2_over_1']:.2f}x; peak RSS at {n:,} vs {n // 10:,} "
          f"documents: {out['rss_growth_10x']:.2f}x ({'flat' if out['rss_growth_10x'] < 1.3 else 'NOT FLAT'}); "
          f"CPU time of the baseline loop / ours: {out['ratio_vs_baseline']:.2f}x")
    return out


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
