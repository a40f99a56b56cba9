"""geo.corpus: the synthetic corpus is reproducible and looks like a newsroom's feed."""

from __future__ import annotations

from collections import Counter

import geo
from geo.corpus import OUTLETS, generate


def test_the_same_seed_gives_the_same_corpus():
    assert list(generate(200, seed=4)) == list(generate(200, seed=4)) != list(generate(200, seed=5))


def test_it_has_many_outlets_three_languages_two_years_noise_and_bad_rows():
    docs = list(generate(4000, seed=0))
    good = [d for d in docs if isinstance(d.get("text"), str) and d["text"].strip() and len(d["date"]) == 10]
    assert len(OUTLETS) >= 200 and len({d["source"] for d in docs}) > 250
    assert set(Counter(d["lang"] for d in docs)) == {"en", "uk", "ru"}
    dates = sorted(d["date"] for d in good)
    assert dates[0] < "2023-07-01" and dates[-1] > "2025-05-01"
    assert 0 < len(docs) - len(good) < len(docs) * 0.03
    claims = [len(geo.extract(d["text"], date=d["date"]).claims) for d in good[:300]]
    assert 0.1 < claims.count(0) / len(claims) < 0.35  # noise articles
    texts = Counter(d["text"].rsplit("\n\n", 1)[0] for d in good)
    assert len(texts) < len(good)  # the same wording recurs across outlets
