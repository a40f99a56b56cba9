"""The benchmark corpora: realistic news (the goal), and the repository's claim-dense texts."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEWS = Path(__file__).resolve().parent / "news"


def news() -> list[str]:
    """Articles as a wire feed carries them (``tests/benchmarks/news``): several paragraphs each, in English,
    Ukrainian and Russian, most of them not about territorial control (markets, sport, weather, health,
    culture, elections), a quarter about the war. Written for this benchmark."""
    return [p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.txt"))]


def articles() -> list[str]:
    """The example articles in ``seeds/``."""
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def sentence_documents() -> list[str]:
    """The hand-annotated sentences of ``tests/gold``, eight to a document: claims in nearly every sentence."""
    cases = json.loads((ROOT / "tests" / "gold" / "sentences.json").read_text(encoding="utf-8"))["cases"]
    sentences = [c["text"] for c in cases]
    return [" ".join(sentences[i:i + 8]) for i in range(0, len(sentences), 8)]


def documents() -> list[str]:
    """Every text in the repository that reads like news: the articles, then the annotated sentences."""
    return articles() + sentence_documents()


def corpus(min_chars: int, base: list[str] | None = None) -> list[str]:
    """Documents (*base*, by default `documents`) cycled in a fixed order until they hold *min_chars* characters."""
    base = base if base is not None else documents()
    out: list[str] = []
    total = 0
    while total < min_chars:
        for doc in base:
            out.append(doc)
            total += len(doc)
    return out
