"""Property tests on hostile and random text.

The default run tries 150 documents; ``python tests/benchmarks/bench_fuzz.py`` is the long run
(10,000 documents), as is ``GEO_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings, strategies as st

import geo

EXAMPLES = int(os.environ.get("GEO_FUZZ_EXAMPLES", "150"))

PIECES = [
    "Russia", " controls ", "about ", "70%", " to ", "80 per cent", "26 000", "26.000", "26,000.5", "2.6e4",
    " km²", " sq mi", " hectares", "%", " of the ", "Donetsk", " region", "Донецькій області", "Kiev", " says ",
    "the four regions", "Donbas", "Crimea", "roughly the size of ", "Virginia", "(", ")", "[[", "]]", "\u200f",
    "\u200b", "\u202e", "\x00", "\n", ". ", "“", "”", "—", "'", "’", "нарешті", "مرحبا", "‘", "1991", "since 2022",
    "more than ", "nearly ", "two-thirds", " held by Ukrainian troops", ", officials said", "Also read:",
    "{{ 6*7 }}", "<script>", "`${x}`", "\ud800", "%%", "50%%", " per cent", "2.6E4", "26 000,5", "1.234.567",
    "((([", "]))", "\u061c", "\ufeff", "\u2066", "ａ", "１２", "٣٠٪", " Luhansk", " holds ", " captured ", " it ",
]
texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=40).map("".join))


def check(text: str) -> None:
    """Extraction of *text* does not fail, cites the text exactly and gives valid ``geo.claims/1``."""
    from jsonschema import Draft202012Validator

    from geo.extract import load_schema

    doc = geo.extract(text)
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
    for q in doc.quantities:
        assert text[q.start:q.end] == q.text
        assert q.low is None or q.high is None or q.low <= q.high
    for c in doc.claims:
        assert text[c.sentence.start:c.sentence.end] == c.evidence
        assert c.regions and (c.quantity is None or c.quantity in doc.quantities)
    out = doc.to_json()
    out.encode("utf-8")  # always writable
    Draft202012Validator(load_schema()).validate(json.loads(out))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_never_fails_and_cites_the_text(text):
    check(text)
