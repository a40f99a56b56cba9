"""Extraction speed against quantulum3 on realistic news, and memory when streaming.

Run: ``python tests/benchmarks/bench_extract.py`` (needs ``pip install -e '.[bench]'``).

* Speed: the news corpus (``tests/benchmarks/news``: wire-style articles in three languages,
  most not about territorial control) read by ``geo.extract`` and by
  ``quantulum3.parser.parse`` in the same process, taking turns (the order swaps each pass),
  over `PASSES` passes. CPU time of this process (``time.process_time``), so other work on
  the machine does not count. Prints chars/s of both per pass and the ratio's min / median /
  max; the goal is a median of at least 50x. The claim-dense annotated sentences are
  measured the same way for information.
* Memory and time per MB: ``geo.extract_many`` streaming 1, 10 and 50 MB of news documents,
  and one single 1 and 10 MB text, each in a fresh process (peak RSS, seconds per MB); "GROWS"
  flags a peak RSS or a time per MB at 50 MB that is 1.5 times that at 1 MB or more.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Sequence

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geo  # noqa: E402
from tests.benchmarks._corpus import news, sentence_documents  # noqa: E402

PASSES = 5
#: Each pass gives geo at least this much CPU time on the corpus (repeating it), for a steady clock.
GEO_SECONDS = 1.0


def _cpu(func: Callable[[str], object], docs: Sequence[str], repeat: int = 1) -> float:
    """CPU seconds *func* takes over *docs*, *repeat* times."""
    clock = time.process_time
    start = clock()
    for _ in range(repeat):
        for d in docs:
            func(d)
    return clock() - start


def _interleaved(docs: Sequence[str], passes: int = PASSES) -> dict[str, list[float]]:
    """chars/s of geo and quantulum3 on *docs*, pass by pass, taking turns."""
    from quantulum3 import parser

    warnings.filterwarnings("ignore", module="quantulum3")
    parser.parse("warm up: 5 km")
    for d in docs:
        geo.extract(d)  # load the gazetteer and compile the lexicon once, as any real run does
    chars = sum(map(len, docs))
    repeat = max(1, round(GEO_SECONDS / max(_cpu(geo.extract, docs), 1e-6)))
    out: dict[str, list[float]] = {"geo": [], "quantulum3": [], "ratio": []}
    for k in range(passes):
        turns = [("geo", lambda: _cpu(geo.extract, docs, repeat) / repeat), ("quantulum3", lambda: _cpu(parser.parse, docs))]
        rates = {name: chars / run() for name, run in (turns if k % 2 == 0 else turns[::-1])}
        out["geo"].append(rates["geo"])
        out["quantulum3"].append(rates["quantulum3"])
        out["ratio"].append(rates["geo"] / rates["quantulum3"])
    return out


def _spread(values: Sequence[float], fmt: str = "{:,.0f}") -> str:
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


_STREAM = """
import resource, sys, time
sys.path.insert(0, {root!r})
import geo
from tests.benchmarks._corpus import corpus, news
docs = corpus({mb} * 2**20, news()) if {stream} else None
text = None if {stream} else ("\\n\\n".join(corpus(2**20, news())) * {mb})[: {mb} * 2**20]
geo.extract("warm up in Kyiv")
start = time.process_time()
claims = 0
for doc in (geo.extract_many(docs) if {stream} else [geo.extract(text)]):
    claims += len(doc.claims)
seconds = time.process_time() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, claims)
"""


def _fresh(mb: int, stream: bool) -> tuple[float, float, int]:
    """Extract *mb* MB of news in a fresh process, streamed as documents or as one text: (CPU s, peak RSS MiB, claims)."""
    import subprocess

    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run([sys.executable, "-c", _STREAM.format(root=root, mb=mb, stream=stream)], capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def run() -> dict[str, float]:
    """Run the benchmark; return its figures (also printed)."""
    docs = news()
    chars = sum(map(len, docs))
    print(f"news corpus: {len(docs)} articles, {chars:,} chars; {PASSES} passes, CPU time, geo and quantulum3 taking turns")
    speed = _interleaved(docs)
    for k, (g, q, r) in enumerate(zip(speed["geo"], speed["quantulum3"], speed["ratio"]), 1):
        print(f"  pass {k}: geo {g:>11,.0f} chars/s   quantulum3 {q:>8,.0f} chars/s   ratio {r:5.1f}x")
    out = {
        "news_chars": chars,
        "geo_chars_per_s": statistics.median(speed["geo"]),
        "quantulum3_chars_per_s": statistics.median(speed["quantulum3"]),
        "ratio_vs_quantulum3": statistics.median(speed["ratio"]),
        "ratio_min": min(speed["ratio"]),
        "ratio_max": max(speed["ratio"]),
    }
    verdict = "goal met" if out["ratio_vs_quantulum3"] >= 50 else "GOAL NOT MET"
    print(f"ratio min / median / max: {_spread(speed['ratio'], '{:.1f}x')}  (goal: median >= 50x: {verdict})")
    print(f"geo chars/s min / median / max: {_spread(speed['geo'])}; quantulum3: {_spread(speed['quantulum3'])}")
    dense = _interleaved(sentence_documents(), passes=3)
    out["ratio_sentences"] = statistics.median(dense["ratio"])
    print(f"claim-dense annotated sentences (for information): ratio {_spread(dense['ratio'], '{:.1f}x')}")

    for mb in (1, 10, 50):
        seconds, peak, claims = _fresh(mb, stream=True)
        out[f"stream_seconds_per_mb_{mb}"] = seconds / mb
        out[f"stream_peak_rss_mib_{mb}mb"] = peak
        print(f"extract_many over {mb:>2} MB of news: {seconds / mb:.2f} s/MB, {claims:,} claims, peak RSS {peak:,.0f} MiB")
    rss = out["stream_peak_rss_mib_50mb"] / out["stream_peak_rss_mib_1mb"]
    tpm = out["stream_seconds_per_mb_50"] / out["stream_seconds_per_mb_1"]
    out["stream_rss_growth_50_vs_1"], out["stream_time_growth_50_vs_1"] = rss, tpm
    print(f"50 MB against 1 MB: peak RSS {rss:.2f}x ({'flat' if rss < 1.5 else 'GROWS'}), "
          f"time per MB {tpm:.2f}x ({'linear' if tpm < 1.5 else 'GROWS'})")
    for mb in (1, 10):
        seconds, peak, claims = _fresh(mb, stream=False)
        out[f"one_text_seconds_per_mb_{mb}"] = seconds / mb
        out[f"one_text_peak_rss_mib_{mb}mb"] = peak
        print(f"one {mb:>2} MB text: {seconds / mb:.2f} s/MB, {claims:,} claims, peak RSS {peak:,.0f} MiB")
    growth = out["one_text_seconds_per_mb_10"] / out["one_text_seconds_per_mb_1"]
    out["one_text_time_growth_10_vs_1"] = growth
    print(f"one text, time per MB at 10 MB / at 1 MB: {growth:.2f} ({'linear' if growth < 1.5 else 'GROWS'})")
    return out


if __name__ == "__main__":
    run()
