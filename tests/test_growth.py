"""No input makes extraction or folding grow faster than its length.

Each case is timed (CPU time, best of three) at several sizes; the test looks
only at how the time per character grows from the smallest size to the
largest, never at an absolute time. Linear work keeps that ratio near 1; work
that grows with length squared multiplies it by the size ratio (8 here).
"""

from __future__ import annotations

import time
from typing import Callable

import pytest

import geo
from geo._text import fold

#: Sizes in characters: 8x from first to last.
SIZES = (4_000, 8_000, 16_000, 32_000)
#: Time per character may grow this much over the sizes before the work counts as super-linear.
MAX_GROWTH = 3.0


def _cpu(func: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        func()
        best = min(best, time.process_time() - t0)
    return best


def growth(make: Callable[[int], str], work: Callable[[str], object], sizes=SIZES) -> float:
    """Time per character at the largest size over that at the smallest."""
    per_char = []
    for n in sizes:
        text = make(n)
        per_char.append(max(_cpu(lambda: work(text)), 1e-4) / len(text))
    return per_char[-1] / per_char[0]


def _repeat(piece: str) -> Callable[[int], str]:
    return lambda n: (piece * (n // len(piece) + 1))[:n]


#: Digit groups (every group may start a figure), long numbers and separators of all kinds.
DIGIT_RUNS = {
    "groups, newlines": _repeat("700\n"),
    "groups, spaces": _repeat("700 "),
    "groups, tabs": _repeat("700\t"),
    "groups, apostrophes": _repeat("700'"),
    "groups, no-break spaces": _repeat("700\u00a0"),
    "groups, narrow no-break spaces": _repeat("700\u202f"),
    "groups, commas": _repeat("700,"),
    "groups, dots": _repeat("700."),
    "groups then a unit": lambda n: _repeat("700 ")(n - 4) + " km2",
    "groups then a percent sign": lambda n: _repeat("700 ")(n - 1) + "%",
    "one long number": _repeat("7"),
    "long number, decimals": lambda n: "1." + "7" * (n - 2),
    "ranges": _repeat("70 to 80 "),
    "figures and units": _repeat("70% 26 000 km² "),
    "invisible characters in figures": _repeat("Russia holds 7\u200b0% of Don\u00adetsk. "),
    # earlier values and continued figures (geo.compared): a claim, a number after a comparison, an ellipsis
    "earlier values": _repeat("Russia holds 19% of Ukraine, up from 18% a year ago and 400 in April. In May, 300. "),
    "bare numbers after a figure": _repeat("Russia holds 19% of Ukraine, against 12, 13, 14. "),
}


@pytest.mark.parametrize("name", DIGIT_RUNS)
def test_extraction_is_linear_on_digit_runs(name):
    ratio = growth(DIGIT_RUNS[name], geo.extract)
    assert ratio < MAX_GROWTH, f"{name}: time per character grew {ratio:.1f}x over {SIZES[-1] // SIZES[0]}x the text"


def _distinct(start: int) -> Callable[[int], str]:
    """*n* characters, all different (CJK ideographs, or letters from Latin Extended on)."""
    return lambda n: "".join(chr(start + i) for i in range(n))


FOLDING = {
    "distinct CJK ideographs": _distinct(0x4E00),
    "distinct letters that fold": _distinct(0x100),
    "Cyrillic with typography": _repeat("Київ — «столиця» України’s "),
}


@pytest.mark.parametrize("name", FOLDING)
def test_folding_is_linear_in_distinct_characters(name):
    fold(FOLDING[name](SIZES[-1] * 2))  # the fold table learns each character once: not part of the timing
    ratio = growth(FOLDING[name], fold, sizes=tuple(n * 2 for n in SIZES))
    assert ratio < MAX_GROWTH, f"{name}: time per character grew {ratio:.1f}x"
