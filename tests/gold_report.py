"""Precision and recall of extraction on the gold annotations, per relation and per phenomenon.

Every gold case (``tests/gold/*.json``) has an ``id``, a ``lang`` and phenomenon
``tags``. A claim the text should give and extraction gives is a true positive;
one it misses a false negative; a claim extraction gives that the annotation
rules out (an extra claim for an annotated sentence, a ``not`` claim of an
article) a false positive. Run ``python -m tests.gold_report`` for the table;
``pytest`` prints it at the end of a run.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geo

GOLD = Path(__file__).parent / "gold"
TEXTS = Path(__file__).parent / "fixtures" / "texts"


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 0.01 * max(1.0, abs(float(b))) * 0.01 + 0.01


def matches(claim: geo.Claim, want: dict) -> bool:
    """Whether *claim* is the annotated claim *want* (actor, relation, the set of regions, and every field given)."""
    if claim.relation != want["relation"] or set(claim.regions) != set(want["regions"]):
        return False
    if "actor" in want and claim.actor != want["actor"]:
        return False
    for key in ("modality", "attribution", "part"):
        if key in want and getattr(claim, key) != want[key]:
            return False
    if "quantity" in want:
        q, wq = claim.quantity, want["quantity"]
        if wq is None or q is None:
            return wq is None and q is None
        for key, value in wq.items():
            got = getattr(q, key)
            if isinstance(value, (int, float)) and value is not None and not isinstance(value, bool):
                if not _close(got, value):
                    return False
            elif got != value:
                return False
    return True


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _unit(claims: list[geo.Claim], wanted: list[dict], unwanted: list[dict] | None, tags: list[str], case_id: str,
          by_relation: dict, by_tag: dict) -> None:
    """Score one annotated unit; *unwanted* None means every extra claim is wrong."""
    free = list(claims)
    for want in wanted:
        hit = next((c for c in free if matches(c, want)), None)
        keys = [by_relation[want["relation"]]] + [by_tag[t] for t in tags + want.get("tags", [])]
        for tally in keys:
            if hit is not None:
                tally.tp += 1
            else:
                tally.fn += 1
                tally.missed.append(want.get("id", case_id))
        if hit is not None:
            free.remove(hit)
    wrong = free if unwanted is None else [c for c in claims if any(
        c.relation == u["relation"] and set(c.regions) == set(u["regions"]) and u.get("actor", c.actor) == c.actor
        for u in unwanted)]
    for c in wrong:
        for tally in [by_relation[c.relation]] + [by_tag[t] for t in tags]:
            tally.fp += 1


def score() -> tuple[dict[str, Tally], dict[str, Tally]]:
    """(per relation, per phenomenon tag) tallies over every gold file."""
    by_relation: dict[str, Tally] = defaultdict(Tally)
    by_tag: dict[str, Tally] = defaultdict(Tally)
    for case in json.loads((GOLD / "sentences.json").read_text(encoding="utf-8"))["cases"]:
        claims = list(geo.extract(case["text"]).claims)
        _unit(claims, case["claims"], [] if case.get("allow_extra") else None, case["tags"] + [f"lang:{case['lang']}"],
              case["id"], by_relation, by_tag)
    for name, article in json.loads((GOLD / "articles.json").read_text(encoding="utf-8"))["articles"].items():
        claims = list(geo.extract(geo.read_text(TEXTS / name)).claims)
        _unit(claims, article["claims"], article["not"], ["article", f"lang:{article['lang']}"], name, by_relation, by_tag)
    seed = json.loads((GOLD / "seed.json").read_text(encoding="utf-8"))
    _unit(list(geo.extract(geo.read_text(geo.SEED)).claims), seed["claims"], [], ["article", "lang:en"], "seed",
          by_relation, by_tag)
    return dict(by_relation), dict(by_tag)


def report() -> str:
    """The table: precision and recall per relation, then per phenomenon."""
    by_relation, by_tag = score()
    lines = []
    for title, rows in (("relation", by_relation), ("phenomenon", by_tag)):
        lines.append(f"{title:<28} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}  missed")
        for key in sorted(rows):
            t = rows[key]
            lines.append(f"{key:<28} {t.precision:6.2f} {t.recall:6.2f} {t.tp:4} {t.fp:4} {t.fn:4}  {' '.join(t.missed[:6])}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
