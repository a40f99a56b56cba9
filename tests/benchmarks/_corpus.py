"""The benchmark corpus: the repository's own texts, repeated up to a size."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def corpus(min_chars: int) -> list[str]:
    """Documents cycled in a fixed order until they hold at least *min_chars* characters."""
    base = documents()
    out: list[str] = []
    total = 0
    while total < min_chars:
        for doc in base:
            out.append(doc)
            total += len(doc)
    return out
