"""Extraction speed against quantulum3 on the same documents, in the same run.

Run: ``python tests/benchmarks/bench_extract.py`` (needs ``pip install -e '.[bench]'``).
Prints chars/s for geo.extract and quantulum3.parser.parse and their ratio
(goal: at least 50), peak memory, and time per MB for one 1, 10 and 50 MB text
(extraction must stay linear), each in a fresh process with its peak RSS.
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geo  # noqa: E402
from tests.benchmarks._corpus import corpus  # noqa: E402

CORPUS_CHARS = 2_000_000
#: quantulum3 runs at tens of kB/s: it gets this many seconds of the corpus, and geo the same documents.
QUANTULUM_SECONDS = 20.0


def _rate(func, docs) -> tuple[float, int]:
    chars = sum(len(d) for d in docs)
    start = time.perf_counter()
    for d in docs:
        func(d)
    return chars / (time.perf_counter() - start), chars


def _quantulum_sample(docs: list[str]) -> tuple[list[str], float]:
    from quantulum3 import parser

    warnings.filterwarnings("ignore", module="quantulum3")
    parser.parse("warm up: 5 km")
    sample, start = [], time.perf_counter()
    for d in docs:
        parser.parse(d)
        sample.append(d)
        if time.perf_counter() - start > QUANTULUM_SECONDS:
            break
    return sample, sum(map(len, sample)) / (time.perf_counter() - start)


_BIG = """
import resource, sys, time
sys.path.insert(0, {root!r})
import geo
from tests.benchmarks._corpus import corpus
text = "\\n".join(corpus(2_000_000))
big = (text * ({mb} * 2**20 // len(text) + 1))[: {mb} * 2**20]
del text
geo.extract("warm up in Kyiv")
start = time.perf_counter()
doc = geo.extract(big)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(doc.claims))
"""


def _big_text(mb: int) -> tuple[float, float, int]:
    """Extract one *mb* MB text in a fresh process: (seconds, peak RSS MiB, claims)."""
    import subprocess

    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run([sys.executable, "-c", _BIG.format(root=root, mb=mb)], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def run() -> dict[str, float]:
    """Run the benchmark; return its figures (also printed)."""
    docs = corpus(CORPUS_CHARS)
    geo.extract(docs[0])  # load the gazetteer once, as any real run does

    sample, q_rate = _quantulum_sample(docs)
    g_rate_sample, sample_chars = _rate(geo.extract, sample)
    g_rate_all, all_chars = _rate(geo.extract, docs)
    gc.collect()
    tracemalloc.start()  # a second pass for memory: tracemalloc slows Python down several times
    for d in docs:
        geo.extract(d)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    out = {
        "corpus_chars": all_chars,
        "sample_chars": sample_chars,
        "quantulum3_chars_per_s": q_rate,
        "geo_chars_per_s_sample": g_rate_sample,
        "geo_chars_per_s_corpus": g_rate_all,
        "ratio_vs_quantulum3": g_rate_sample / q_rate,
        "peak_mib_corpus_streamed": peak / 2**20,
    }
    print(f"corpus: {all_chars:,} chars in {len(docs)} documents; quantulum3 sample: {sample_chars:,} chars")
    print(f"quantulum3          {q_rate:>12,.0f} chars/s")
    print(f"geo.extract         {g_rate_sample:>12,.0f} chars/s (same documents)  ratio {out['ratio_vs_quantulum3']:.1f}x")
    print(f"geo.extract, 2 MB   {g_rate_all:>12,.0f} chars/s   peak traced memory {out['peak_mib_corpus_streamed']:.1f} MiB")

    for mb in (1, 10, 50):
        seconds, peak_mib, claims = _big_text(mb)
        out[f"seconds_per_mb_{mb}"] = seconds / mb
        out[f"peak_rss_mib_{mb}mb"] = peak_mib
        print(f"one {mb:>2} MB text: {seconds / mb:.3f} s/MB, {claims:,} claims, peak RSS {peak_mib:,.0f} MiB")
    return out


if __name__ == "__main__":
    run()
