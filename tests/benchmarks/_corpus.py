"""The benchmark corpus: the repository's own texts, repeated up to a size."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def documents() -> list[str]:
    """Every text in the repository that reads like news: the seeds and the annotated sentences."""
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    cases = json.loads((ROOT / "tests" / "gold" / "sentences.json").read_text(encoding="utf-8"))["cases"]
    # The annotated sentences, grouped into documents of about the seed's length.
    sentences = [c["text"] for c in cases]
    for i in range(0, len(sentences), 8):
        docs.append(" ".join(sentences[i:i + 8]))
    return docs


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
