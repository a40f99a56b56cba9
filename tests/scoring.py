"""Score `geo.extract` on the development set of `tests/gold/devset/` (issue 15).

The development set is hand-written passages in the style of wire reports, daily
assessments and Ukrainian and Russian news, each annotated with the territory it
names, the figures it states and the claims an analyst would write down (see
``tests/gold/devset/README.md``). This module reads them, runs `geo.extract` on
each passage with its document date and compares:

* **regions**: the passage's territory units (``Document.territory()``) against the
  gold set: precision, recall, F1 over all passages of a group;
* **figures**: every figure found (``Document.quantities``) against the gold figures,
  by unit and bounds: precision and recall;
* **attribution**: of the gold claims, the share found with the right actor and the
  right regions (a gold claim with a figure must be found with that figure);
* **time**: of the gold claims found, the share whose time is right (``claim.time``
  with ``as_of`` or ``start``/``end``; a claim with no time of its own is right with
  none or the document's date; with a stated time, a claim without ``time`` is wrong),
  and the same over the claims whose time the text states ("time st");
* and, to show what goes wrong, claim precision (claims found that an analyst would
  write down), the relation kind and modality of the claims found.

Only the public API of `geo` is used. Run ``python -m tests.scoring`` for the tables,
``--errors`` for every error with its passage id, ``--kinds`` for the error kinds,
``--verify SNAPSHOT`` for the true statements that `geo.verify` calls inconsistent.
``--set fresh`` scores the fresh set of ``tests/gold/fresh/`` instead (same format, written
later and never tuned against: the estimate of how well extraction generalises).

Examples
--------
>>> score = Score()
>>> score.region = Counts(tp=9, fp=1, fn=0)
>>> round(score.region.precision, 2), round(score.region.f1, 2)
(0.9, 0.95)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import geo

__all__ = ["DEVSET", "FRESH", "SETS", "LANGUAGES", "GENRES", "METRICS", "RELATION_KINDS", "TAGS", "NEAR_DAYS", "Counts", "Score",
           "Error", "load_devset", "score_passage", "score_devset", "inconsistent", "claim_time", "time_matches",
           "figure_matches", "format_table", "format_floors"]

DEVSET = Path(__file__).parent / "gold" / "devset"
FRESH = Path(__file__).parent / "gold" / "fresh"
#: The annotated sets, by name (``--set``): the development set and the fresh set.
SETS = {"devset": DEVSET, "fresh": FRESH}
LANGUAGES = ("en", "uk", "ru")
GENRES = ("wire", "assessment", "ua-news", "ru-news")

#: Relation -> its kind: holding territory is one kind, however it is worded.
RELATION_KINDS = {"controls": "held", "holds": "held", "occupies": "held", "claims": "claims", "annexed": "claims",
                  "captured": "captured", "lost": "lost", "withdrew": "lost", "liberated": "liberated",
                  "demands": "demands", "may_withdraw": "may_withdraw", "negotiable": "negotiable"}

#: Phenomenon tags a passage may carry (README of the development set).
TAGS = {
    "may-month": "the month 'May' (травня, мая) beside a claim",
    "time-as-of": "a claim stated 'as of' a date, 'by' a date, 'on' a date",
    "time-since": "a change 'since' a date",
    "time-year": "'in 2024', 'in March', 'this year': a period",
    "time-relative": "'last week', 'a year ago', 'yesterday': relative to the document's date",
    "time-before": "'before 2022', 'before the full-scale invasion'",
    "capital-actor": "a capital standing for its government ('the capital's government', 'Moscow says')",
    "venue": "where a source, forum, talks or dateline sits",
    "city-not-oblast": "a city named like its oblast ('the city of Zaporizhzhia', 'the regional capital')",
    "four-regions-other": "'four regions' that are not the four annexed ones",
    "full-control": "full control, full liberation, 'seeks to fully control': 100%",
    "number-words": "numbers in words ('less than one percent', 'двадцять відсотків')",
    "quantifier": "'a majority of', 'a foothold', 'every fifth square kilometre', 'частично'",
    "unit-carried": "a figure whose unit is given in the sentence before",
    "two-figures": "'N km² or M%': two figures of one claim, not a range",
    "restated": "a figure restated ('that represents', 'bringing the total to', a quote)",
    "earlier-value": "the earlier value of a comparison ('up from N%')",
    "list": "items of a list under a lead-in",
    "actor-wording": "actors as 'the occupiers', 'сили', 'Сили оборони', 'силы', 'ВСУ', 'his country'",
    "control-wording": "control worded as 'now owns', 'had taken N% of the territory', 'установили контроль'",
    "false-claim": "a share of something else, or another country's size: no claim to land",
    "plain": "an ordinary true statement",
    "noise": "sentences about other subjects",
}

#: Columns of the tables: (name, header).
METRICS = [("region_p", "reg P"), ("region_r", "reg R"), ("region_f1", "reg F1"), ("figure_p", "fig P"),
           ("figure_r", "fig R"), ("attribution", "attrib"), ("time", "time"), ("time_stated", "time st"),
           ("claim_p", "claim P"),
           ("relation", "relation"), ("modality", "modality")]


@dataclass(slots=True)
class Counts:
    """True positives, false positives, false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass(slots=True)
class Ratio:
    """Right out of counted."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def count(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def add(self, other: "Ratio") -> None:
        self.right += other.right
        self.total += other.total


@dataclass(slots=True)
class Score:
    """The measures of one passage or of a group of passages."""

    passages: int = 0
    region: Counts = field(default_factory=Counts)
    figure: Counts = field(default_factory=Counts)
    claim: Counts = field(default_factory=Counts)  # gold claims found / extra claims
    attribution: Ratio = field(default_factory=Ratio)
    time: Ratio = field(default_factory=Ratio)
    time_stated: Ratio = field(default_factory=Ratio)  # the claims whose gold time is stated in the text
    relation: Ratio = field(default_factory=Ratio)
    modality: Ratio = field(default_factory=Ratio)

    def add(self, other: "Score") -> None:
        self.passages += other.passages
        for name in ("region", "figure", "claim", "attribution", "time", "time_stated", "relation", "modality"):
            getattr(self, name).add(getattr(other, name))

    def metrics(self) -> dict[str, float | None]:
        """The table's columns, by name (None where nothing was counted)."""
        return {"region_p": self.region.precision, "region_r": self.region.recall, "region_f1": self.region.f1,
                "figure_p": self.figure.precision, "figure_r": self.figure.recall,
                "attribution": self.attribution.value, "time": self.time.value,
                "time_stated": self.time_stated.value, "claim_p": self.claim.precision,
                "relation": self.relation.value, "modality": self.modality.value}


@dataclass(frozen=True, slots=True)
class Error:
    """One difference from the gold annotation: the passage, its kind and what."""

    passage: str
    kind: str
    detail: str


# --- the gold file -------------------------------------------------------------------

def load_devset(folder: Path = DEVSET) -> list[dict]:
    """All passages of the development set, in file and id order.

    Defaults are filled in: a claim's ``modality`` ("asserted"), ``source`` and
    ``time`` (None), ``figure`` (None); a figure's ``optional`` (False).
    """
    passages: list[dict] = []
    for path in sorted(folder.glob("*.json")):
        for p in json.loads(path.read_text(encoding="utf-8"))["passages"]:
            p = {"territory_optional": [], "figures": [], "claims": [], "note": "", **p, "file": path.name}
            p["figures"] = [{"optional": False, "hedge": None, **f} for f in p["figures"]]
            p["claims"] = [{"modality": "asserted", "source": None, "time": None, "figure": None, "optional": False,
                            **c} for c in p["claims"]]
            passages.append(p)
    return passages


# --- comparing -----------------------------------------------------------------------

def _close(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(got - want) <= max(0.02, 0.005 * abs(want))


def figure_matches(q: geo.Quantity, want: dict) -> bool:
    """Whether a figure found has the unit and bounds of a gold figure.

    >>> q = geo.Quantity(start=0, end=9, text="about 70%", kind="percent", low=70.0, high=70.0, unit="%")
    >>> figure_matches(q, {"unit": "%", "low": 70, "high": 70})
    True
    """
    return q.unit == want["unit"] and _close(q.low, want["low"]) and _close(q.high, want["high"])


def _same_words(got: str, want: str | None) -> bool:
    return want is not None and " ".join(got.split()).casefold() == " ".join(want.split()).casefold()


def _fmt_figure(want: dict) -> str:
    return f"{want.get('text', '?')!r} [{want['low']}..{want['high']} {want['unit']}]"


def _fmt_claim(c: dict | geo.Claim) -> str:
    if isinstance(c, dict):
        return f"{c['actor']} {c['relation']} {sorted(c['regions'])} fig={c['figure']}"
    q = c.quantity
    return f"{c.actor} {c.relation} {sorted(c.regions)} q={q.text if q else None!r} [{c.trigger.text}]"


def claim_time(claim: geo.Claim) -> dict | None:
    """The claim's time as a dict (``as_of``, ``start``, ``end``, ``basis``), or None.

    Read defensively: ``time`` may be missing, None, a record or a dict, with ``start``
    and ``end`` of its own or in a ``period``; dates may be strings or `datetime.date`.

    >>> from types import SimpleNamespace as NS
    >>> claim_time(NS(time={"period": {"start": dt.date(2024, 1, 1), "end": "2024-12-31"}, "basis": "stated"}))
    {'as_of': None, 'basis': 'stated', 'start': '2024-01-01', 'end': '2024-12-31'}
    >>> claim_time(NS()) is None
    True
    """
    t = getattr(claim, "time", None)
    if t is None:
        return None

    def get(obj, key: str):
        return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)

    period = get(t, "period")  # "as_of, or a period with start and end"
    out = {"as_of": get(t, "as_of"), "basis": get(t, "basis"),
           "start": get(t, "start") or (period and get(period, "start")),
           "end": get(t, "end") or (period and get(period, "end"))}
    return {k: None if v is None else str(v) for k, v in out.items()}


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value[:10])


def _near(got: str | None, want: str | None, days: int) -> bool:
    a, b = _day(got), _day(want)
    if a is None or b is None:
        return a is None and b is None
    return abs((a - b).days) <= days


def time_matches(got: dict | None, want: dict | None, doc_date: str | None) -> bool:
    """Whether the time found is the gold time of the claim.

    A gold time of None means the claim has no time of its own: no time, a time not
    stated in the text, or the document's date are right. ``as_of`` D is the same as
    a period with no start that ends on D; a period "since" S whose gold end is the
    document's date may leave its end open. ``tolerance_days`` widens relative times.

    >>> time_matches({"as_of": "2025-05-20", "start": None, "end": None, "basis": "stated"},
    ...              {"as_of": "2025-05-20"}, "2025-05-21")
    True
    >>> time_matches(None, {"as_of": "2025-05-20"}, "2025-05-21")
    False
    >>> time_matches(None, None, "2025-05-21")
    True
    """
    if want is None:
        return (got is None or got.get("basis") not in (None, "stated")
                or (got.get("as_of") == doc_date and not got.get("start")))
    if got is None:
        return False
    days = want.get("tolerance_days", 0)
    got_start, got_end = got.get("start"), got.get("end") or got.get("as_of")
    if got.get("as_of") and not got.get("start"):
        got_start, got_end = None, got["as_of"]
    want_start, want_end = want.get("start"), want.get("as_of") or want.get("end")
    if not _near(got_start, want_start, days):
        return False
    if got_end is None and want_end == doc_date and want_start is not None:
        return True  # "since S": open to the document's date
    return _near(got_end, want_end, days)


def _kind(relation: str) -> str:
    return RELATION_KINDS.get(relation, relation)


def _align(gold: Sequence[dict], found: Sequence[geo.Claim], figures: Sequence[dict]) -> dict[int, int]:
    """Pair gold claims with claims found: gold index -> found index.

    A gold claim with a figure pairs only with a claim carrying that figure; one with
    none pairs with a claim of the same relation kind about overlapping regions. The
    best pairs (figure, relation kind, regions, actor) are taken first.
    """
    pairs = []
    for i, want in enumerate(gold):
        for j, c in enumerate(found):
            fig = want["figure"]
            if fig is not None:
                if c.quantity is None or not figure_matches(c.quantity, figures[fig]):
                    continue
                score = 8
            else:
                if _kind(c.relation) != _kind(want["relation"]) or not set(c.regions) & set(
                        want["regions"]):
                    continue
                score = 1 if c.quantity is None else 0
            score += 4 * (_kind(c.relation) == _kind(want["relation"]))
            score += 2 * (set(c.regions) == set(want["regions"])) + bool(set(c.regions) & set(want["regions"]))
            score += c.actor == want["actor"]
            pairs.append((-score, i, j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs):
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


def _source_matches(got: str | None, want: str | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    a, b = got.casefold(), want.casefold()
    return a in b or b in a


def score_passage(p: dict, doc: geo.Document) -> tuple[Score, list[Error]]:
    """Compare one document with its gold passage."""
    s, errors = Score(passages=1), []

    def err(kind: str, detail: str) -> None:
        errors.append(Error(p["id"], kind, detail))

    # regions
    got, want, optional = set(doc.territory()), set(p["territory"]), set(p["territory_optional"])
    s.region = Counts(tp=len(got & want), fp=len(got - want - optional), fn=len(want - got))
    for code in sorted(got - want - optional):
        texts = sorted({m.text for m in doc.mentions if m.role == "territory" and code in m.regions})
        err("extra region", f"{code} from {texts}")
    for code in sorted(want - got):
        err("missed region", code)

    # figures: each found figure takes a gold figure it matches, one written the same way first
    free = list(range(len(p["figures"])))
    read: set[int] = set()  # gold figures found
    for q in sorted(doc.quantities, key=lambda q: not any(
            _same_words(q.text, f.get("text")) for f in p["figures"])):
        hit = next((i for i in sorted(free, key=lambda i: not _same_words(q.text, p["figures"][i].get("text")))
                    if figure_matches(q, p["figures"][i])), None)
        if hit is None:
            s.figure.fp += 1
            err("extra figure", f"{q.text!r} [{q.low}..{q.high} {q.unit}]")
            continue
        free.remove(hit)
        read.add(hit)
        if not p["figures"][hit]["optional"]:
            s.figure.tp += 1
            if q.hedge != p["figures"][hit]["hedge"]:
                err("hedge", f"{q.text!r}: {q.hedge} for {p['figures'][hit]['hedge']}")
    for i in free:
        if not p["figures"][i]["optional"]:
            s.figure.fn += 1
            err("missed figure", _fmt_figure(p["figures"][i]))

    # claims
    gold = p["claims"]
    pairs = _align(gold, doc.claims, p["figures"])
    for i, want in enumerate(gold):
        j = pairs.get(i)
        if want["optional"]:
            continue
        if j is None:
            s.claim.fn += 1
            s.attribution.count(False)
            fig = want["figure"]
            why = "" if fig is None else ": figure found, in no claim" if fig in read else ": figure not read"
            err("missed claim" + why, _fmt_claim(want))
            continue
        c = doc.claims[j]
        s.claim.tp += 1
        ok_actor, ok_regions = c.actor == want["actor"], set(c.regions) == set(want["regions"])
        s.attribution.count(ok_actor and ok_regions)
        if not ok_actor:
            err("wrong actor", f"{c.actor} for {want['actor']}: {_fmt_claim(c)}")
        if not ok_regions:
            err("wrong regions", f"{sorted(c.regions)} for {sorted(want['regions'])}: {_fmt_claim(c)}")
        ok = _kind(c.relation) == _kind(want["relation"])
        s.relation.count(ok)
        if not ok:
            err("wrong relation", f"{c.relation} for {want['relation']}: {_fmt_claim(c)}")
        ok = c.modality == want["modality"]
        s.modality.count(ok)
        if not ok:
            err("wrong modality", f"{c.modality} for {want['modality']}: {_fmt_claim(c)}")
        if not _source_matches(c.attribution, want["source"]):
            err("wrong source", f"{c.attribution!r} for {want['source']!r}: {_fmt_claim(c)}")
        t = claim_time(c)
        ok = time_matches(t, want["time"], p["date"])
        s.time.count(ok)
        if want["time"] is not None:
            s.time_stated.count(ok)
        if not ok:
            err("no time" if t is None else "wrong time", f"{t} for {want['time']}: {_fmt_claim(c)}")
    paired = set(pairs.values())
    optional_found = {pairs[i] for i, w in enumerate(gold) if w["optional"] and i in pairs}
    for j, c in enumerate(doc.claims):
        if j not in paired and j not in optional_found:
            s.claim.fp += 1
            err("extra claim", _fmt_claim(c))
    return s, errors


def score_devset(passages: Iterable[dict] | None = None) -> tuple[dict[str, Score], dict[str, Score], list[Error]]:
    """Score every passage: totals by language (and "all"), by tag, and the errors."""
    by_lang: dict[str, Score] = {}
    by_tag: dict[str, Score] = {}
    errors: list[Error] = []
    gaz = geo.Gazetteer.default()
    for p in load_devset() if passages is None else passages:
        s, errs = score_passage(p, geo.extract(p["text"], date=p["date"], gazetteer=gaz))
        errors += errs
        for key in (p["lang"], "all"):
            by_lang.setdefault(key, Score()).add(s)
        for tag in p["tags"]:
            by_tag.setdefault(tag, Score()).add(s)
    order = {lang: i for i, lang in enumerate(LANGUAGES + ("all",))}
    return dict(sorted(by_lang.items(), key=lambda kv: order[kv[0]])), dict(sorted(by_tag.items())), errors


#: Passages dated this many days or fewer from a snapshot are checked against it by `inconsistent`.
NEAR_DAYS = 45


def inconsistent(control: str | Path, passages: Iterable[dict] | None = None,
                 days: int = NEAR_DAYS) -> list[Error]:
    """The claims of passages dated near the snapshot that `geo.verify` finds inconsistent.

    Every passage of the set states what was true at its date, so near the snapshot's
    date ("deepstate_..._20241120.geojson") none should be inconsistent: each one listed
    is a true report that the tool would call false. The snapshot's date is read from
    the eight digits in its file name.
    """
    found = re.search(r"(\d{4})(\d{2})(\d{2})", Path(control).name)
    if found is None:
        raise ValueError(f"{control}: no YYYYMMDD date in the file name; name the snapshot by its date")
    day = dt.date(*map(int, found.groups()))
    layer = geo.read_control(control)
    out = []
    for p in load_devset() if passages is None else passages:
        if abs((dt.date.fromisoformat(p["date"]) - day).days) > days:
            continue
        for v in geo.verify(geo.extract(p["text"], date=p["date"]), layer).verifications:
            if v.verdict == "inconsistent":
                out.append(Error(p["id"], "inconsistent", f"{v.actor} {v.relation} {list(v.regions)} "
                                 f"{v.stated.get('text')!r}: measured {v.measured} {v.unit}"))
    return out


def format_table(rows: dict[str, Score], title: str) -> str:
    """A plain-text table: one row per group, one column per metric."""
    width = max(len(title), *(len(k) for k in rows))
    head = f"{title:<{width}}  {'n':>3}  " + "  ".join(f"{h:>8}" for _, h in METRICS)
    lines = [head, "-" * len(head)]
    for name, s in rows.items():
        values = s.metrics()
        cells = "  ".join(f"{'-':>8}" if values[k] is None else f"{values[k]:>8.2f}" for k, _ in METRICS)
        lines.append(f"{name:<{width}}  {s.passages:>3}  {cells}")
    return "\n".join(lines)


def format_floors(by_lang: dict[str, Score]) -> str:
    """The scores of each language rounded down to 0.01, as a Python dict literal.

    >>> s = Score()
    >>> s.region = Counts(tp=2, fp=1, fn=0)
    >>> format_floors({"en": s}).splitlines()[1].split(", ")[:2]
    ['    "en": {"region_p": 0.66', '"region_r": 1.0']
    """
    lines = ["{"]
    for lang, s in by_lang.items():
        if lang in LANGUAGES:
            cells = ", ".join(f'"{k}": {math.floor(v * 100 + 1e-9) / 100}' for k, v in s.metrics().items()
                              if v is not None)
            lines.append(f'    "{lang}": {{{cells}}},')
    return "\n".join(lines + ["}"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.scoring", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="devset", dest="which",
                        help="which annotated set to score (default: the development set)")
    parser.add_argument("--errors", action="store_true", help="list every error with its passage id")
    parser.add_argument("--kinds", action="store_true", help="count the errors by kind, with passage ids")
    parser.add_argument("--floors", action="store_true",
                        help="print the measured scores rounded down, as FLOORS of tests/test_devset.py")
    parser.add_argument("--verify", metavar="CONTROL",
                        help=f"also verify the passages dated within {NEAR_DAYS} days of this snapshot "
                             "(YYYYMMDD in its name) and list the inconsistent verdicts")
    args = parser.parse_args(argv)
    passages = load_devset(SETS[args.which])
    by_lang, by_tag, errors = score_devset(passages)
    print(format_table(by_lang, "language"))
    print()
    print(format_table(by_tag, "phenomenon"))
    if args.kinds:
        print()
        kinds = Counter(e.kind for e in errors)
        for kind, n in kinds.most_common():
            ids = sorted({e.passage for e in errors if e.kind == kind})
            print(f"{n:>4}  {kind}: {', '.join(ids)}")
    if args.floors:
        print()
        print(format_floors(by_lang))
    if args.verify:
        print()
        wrong = inconsistent(args.verify, passages)
        print(f"true statements verified inconsistent against {Path(args.verify).name}: {len(wrong)}")
        for e in wrong:
            print(f"{e.passage}  {e.detail}")
    if args.errors:
        print()
        for e in errors:
            print(f"{e.passage}  {e.kind}: {e.detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
