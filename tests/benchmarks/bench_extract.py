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
from typing import Sequence

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geo  # noqa: E402
from tests.benchmarks._corpus import articles, corpus, sentence_documents  # noqa: E402

CORPUS_CHARS = 2_000_000
#: quantulum3 runs at tens of kB/s: it gets this many seconds of the corpus, and geo the same documents.
QUANTULUM_SECONDS = 20.0


def _timed(func, docs) -> list[float]:
    """Seconds *func* takes on each document."""
    out = []
    clock = time.perf_counter
    for d in docs:
        start = clock()
        func(d)
        out.append(clock() - start)
    return out


def _quantulum_times(docs: list[str]) -> list[float]:
    """quantulum3's seconds per document, for as many documents as fit in `QUANTULUM_SECONDS`."""
    from quantulum3 import parser

    warnings.filterwarnings("ignore", module="quantulum3")
    parser.parse("warm up: 5 km")
    times: list[float] = []
    for d in docs:
        times += _timed(parser.parse, [d])
        if sum(times) > QUANTULUM_SECONDS:
            break
    return times


def _rate(docs: Sequence[str], times: Sequence[float], keep: set[str] | None = None) -> float:
    """Characters per second over the documents (those in *keep*, if given)."""
    pairs = [(len(d), t) for d, t in zip(docs, times) if keep is None or d in keep]
    return sum(n for n, _ in pairs) / sum(t for _, t in pairs)


_BIG = """
import resource, sys, time
sys.path.insert(0, {root!r})
import geo
from tests.benchmarks._corpus import corpus
text = "\\n".join(corpus(2_000_000))
if {one_line}:  # no full stop and no line break: one sentence, cut only where it grows too long
    text = text.translate(str.maketrans(".!?\\n", "    "))
big = (text * ({mb} * 2**20 // len(text) + 1))[: {mb} * 2**20]
del text
geo.extract("warm up in Kyiv")
start = time.perf_counter()
doc = geo.extract(big)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(doc.claims))
"""


def _big_text(mb: int, one_line: bool = False) -> tuple[float, float, int]:
    """Extract one *mb* MB text (*one_line*: with no full stop) in a fresh process: (seconds, peak RSS MiB, claims)."""
    import subprocess

    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run([sys.executable, "-c", _BIG.format(root=root, mb=mb, one_line=one_line)], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def run() -> dict[str, float]:
    """Run the benchmark; return its figures (also printed)."""
    docs = corpus(CORPUS_CHARS)
    geo.extract(docs[0])  # load the gazetteer once, as any real run does

    q_times = _quantulum_times(docs)
    sample = docs[:len(q_times)]
    g_times = _timed(geo.extract, sample)
    g_all = _timed(geo.extract, docs)
    gc.collect()
    tracemalloc.start()  # a second pass for memory: tracemalloc slows Python down several times
    for d in docs:
        geo.extract(d)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    q_rate, g_rate = _rate(sample, q_times), _rate(sample, g_times)
    out = {
        "corpus_chars": sum(map(len, docs)),
        "sample_chars": sum(map(len, sample)),
        "quantulum3_chars_per_s": q_rate,
        "geo_chars_per_s_sample": g_rate,
        "geo_chars_per_s_corpus": _rate(docs, g_all),
        "ratio_vs_quantulum3": g_rate / q_rate,
        "peak_mib_corpus_streamed": peak / 2**20,
    }
    print(f"corpus: {out['corpus_chars']:,} chars in {len(docs)} documents; quantulum3 sample: {out['sample_chars']:,} chars")
    print(f"quantulum3          {q_rate:>12,.0f} chars/s")
    print(f"geo.extract         {g_rate:>12,.0f} chars/s (same documents)  ratio {out['ratio_vs_quantulum3']:.1f}x")
    # The same measurements split by kind of text: news articles, and the claim-dense annotated sentences.
    for kind, texts in (("articles", set(articles())), ("sentences", set(sentence_documents()))):
        q, g = _rate(sample, q_times, texts), _rate(sample, g_times, texts)
        out[f"ratio_{kind}"] = g / q
        print(f"  {kind:<10} quantulum3 {q:>9,.0f}  geo {g:>11,.0f} chars/s  ratio {g / q:.1f}x")
    print(f"geo.extract, 2 MB   {out['geo_chars_per_s_corpus']:>12,.0f} chars/s   "
          f"peak traced memory {out['peak_mib_corpus_streamed']:.1f} MiB")

    for mb in (1, 10, 50):
        seconds, peak_mib, claims = _big_text(mb)
        out[f"seconds_per_mb_{mb}"] = seconds / mb
        out[f"peak_rss_mib_{mb}mb"] = peak_mib
        print(f"one {mb:>2} MB text: {seconds / mb:.3f} s/MB, {claims:,} claims, peak RSS {peak_mib:,.0f} MiB")
    seconds, peak_mib, claims = _big_text(10, one_line=True)
    out["seconds_per_mb_10_one_line"] = seconds / 10
    print(f"one 10 MB text with no full stop or line break: {seconds / 10:.3f} s/MB, {claims:,} claims")
    # Linear time: the time per MB of the 50 MB text against the 1 MB one (1.0 is linear). Anything
    # quadratic that slips in (a copy of the text for each figure) shows here long before it shows in tests.
    out["growth_50mb_vs_1mb"] = out["seconds_per_mb_50"] / out["seconds_per_mb_1"]
    verdict = "linear" if out["growth_50mb_vs_1mb"] < 1.5 else "NOT LINEAR: look for work that grows with the text"
    print(f"time per MB at 50 MB / at 1 MB: {out['growth_50mb_vs_1mb']:.2f} ({verdict})")
    return out


if __name__ == "__main__":
    run()
