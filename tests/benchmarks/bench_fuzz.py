"""The long fuzz run: extraction of many random and hostile documents, and its time per MB.

Run: ``python tests/benchmarks/bench_fuzz.py [N]`` (N documents, 10,000 by default). Uses the
property and the text strategy of ``tests/test_fuzz.py``; prints how many documents were tried,
how many failed (the first failure is printed and re-raised), and the time per MB of one random
1 MB and 10 MB document, which must stay about the same (linear time).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hypothesis import HealthCheck, given, settings  # noqa: E402

import geo  # noqa: E402
from tests.test_fuzz import PIECES, check, texts  # noqa: E402


def _random_text(chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts, size = [], 0
    while size < chars:
        piece = rng.choice(PIECES)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:chars]


def run(examples: int = 10_000) -> dict[str, float]:
    """Run the benchmark; return its figures (also printed)."""
    tried = 0

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(texts)
    def fuzz(text):
        nonlocal tried
        tried += 1
        check(text)

    start = time.perf_counter()
    fuzz()  # raises on the first failure, after shrinking it
    out = {"documents": tried, "failures": 0, "seconds": time.perf_counter() - start}
    print(f"fuzz: {tried:,} documents, 0 failures, {out['seconds']:.1f} s")
    for mb in (1, 10):
        text = _random_text(mb * 2**20)
        start = time.perf_counter()
        geo.extract(text)
        out[f"seconds_per_mb_{mb}"] = (time.perf_counter() - start) / mb
        print(f"one random {mb:>2} MB document: {out[f'seconds_per_mb_{mb}']:.2f} s/MB")
    return out


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
