"""Property tests on hostile and random text.

The default run tries 150 documents; ``python tests/benchmarks/bench_fuzz.py`` is the long run
(10,000 documents), as is ``GEO_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

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
#: Runs of one to three words of the annotated sentences and example reports: random sentences in
#: the language of real reports reach rules that random characters never do ("under control" once
#: crashed the extraction).
_GOLD = Path(__file__).parent / "gold" / "sentences.json"
_TEXTS = [c["text"] for c in json.loads(_GOLD.read_text(encoding="utf-8"))["cases"]] + [
    p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "fixtures" / "texts").glob("*.txt"))]
PHRASES = sorted({" " + " ".join(words[i:i + n]) for words in (t.split() for t in _TEXTS)
                  for n in (1, 2, 3) for i in range(len(words) - n + 1)})
texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
                  st.lists(st.sampled_from(PHRASES), max_size=40).map("".join))


def check(text: str, schema: bool = True) -> None:
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
    if schema:
        Draft202012Validator(load_schema()).validate(json.loads(out))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_never_fails_and_cites_the_text(text):
    check(text)


def test_every_annotated_sentence_with_a_word_left_out():
    # Real phrasing with a word missing reaches rules whole sentences do not: "under Russian control"
    # less "Russian" once failed with a KeyError.
    for text in _TEXTS:
        words = text.split()
        for i in range(len(words)):
            check(" ".join(words[:i] + words[i + 1:]), schema=False)
