"""The development set of issue 15 and the fresh set: annotation well formed, scores kept.

The fresh set (`tests/gold/fresh/`, ids ``fen-01``, ``fuk-01``, ``fru-01``, ...) is written in the
same format later than the development set, in other wordings, to measure how well extraction
generalises; it has floors of its own (`FRESH_FLOORS`) and the same annotation checks.

The floors are what the code measured when they were set, rounded down to 0.01; they only go
up. Raise a floor when a change lifts a score; never lower one to let a change through.
The issue's targets, in each language: region F1 >= 0.95 and region precision >= 0.95, figure
recall and precision >= 0.95, attribution (actor + regions) >= 0.85, time >= 0.9.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

import geo
from geo.claims import MODALITIES, RELATIONS
from tests import scoring

PASSAGES = scoring.load_devset()
FRESH = scoring.load_devset(scoring.FRESH)
#: Each set with the prefix of its passage ids ("en-01", "fen-01").
SETS = [("", PASSAGES), ("f", FRESH)]

#: Floors per language and metric (see the module's docstring); `python -m tests.scoring --floors`
#: prints the measured ones in this form.
FLOORS = {
    "en": {"region_p": 1.0, "region_r": 1.0, "region_f1": 1.0, "figure_p": 1.0, "figure_r": 1.0,
           "attribution": 1.0, "time": 1.0, "time_stated": 1.0, "claim_p": 1.0, "relation": 1.0, "modality": 1.0},
    "uk": {"region_p": 1.0, "region_r": 1.0, "region_f1": 1.0, "figure_p": 1.0, "figure_r": 1.0,
           "attribution": 1.0, "time": 1.0, "time_stated": 1.0, "claim_p": 1.0, "relation": 1.0, "modality": 1.0},
    "ru": {"region_p": 1.0, "region_r": 1.0, "region_f1": 1.0, "figure_p": 1.0, "figure_r": 1.0,
           "attribution": 1.0, "time": 1.0, "time_stated": 1.0, "claim_p": 1.0, "relation": 1.0, "modality": 1.0},
}
#: Floors of the fresh set, per language and metric (`python -m tests.scoring --set fresh --floors`).
#: First seen on its first 52 passages, before any fix for them (the honest estimate of generalisation, in
#: its README): attribution en .57, uk .37, ru .50. Set again when 15 passages were added after the first
#: fixes (measured before any fix for those); only raised since.
FRESH_FLOORS = {
    "en": {"region_p": 1.0, "region_r": 1.0, "region_f1": 1.0, "figure_p": 1.0, "figure_r": 1.0,
           "attribution": 0.94, "time": 0.91, "time_stated": 0.83, "claim_p": 1.0, "relation": 0.97, "modality": 1.0},
    "uk": {"region_p": 1.0, "region_r": 1.0, "region_f1": 1.0, "figure_p": 1.0, "figure_r": 0.97,
           "attribution": 0.92, "time": 0.92, "time_stated": 0.95, "claim_p": 1.0, "relation": 1.0, "modality": 1.0},
    "ru": {"region_p": 1.0, "region_r": 1.0, "region_f1": 1.0, "figure_p": 1.0, "figure_r": 0.96,
           "attribution": 0.87, "time": 1.0, "time_stated": 1.0, "claim_p": 1.0, "relation": 1.0, "modality": 1.0},
}
#: The issue's targets, in each language: met on the development set (asserted below).
TARGETS = {"region_f1": 0.95, "region_p": 0.95, "figure_r": 0.95, "figure_p": 0.95, "attribution": 0.85,
           "time": 0.9}


@pytest.fixture(scope="module")
def scores():
    return scoring.score_devset(PASSAGES)


@pytest.fixture(scope="module")
def fresh_scores():
    return scoring.score_devset(FRESH)


def _assert_at_or_above_floor(result, floors: dict, prefix: str, lang: str, metric: str) -> None:
    by_lang, _, errors = result
    got = by_lang[lang].metrics()[metric]
    kinds = Counter(e.kind for e in errors if e.passage.startswith(prefix + lang + "-"))
    assert got is not None and got >= floors[lang][metric], f"{lang} {metric} = {got}; errors: {kinds.most_common()}"


@pytest.mark.parametrize("lang, metric", [(lang, m) for lang in FLOORS for m in FLOORS[lang]])
def test_score_stays_at_or_above_its_floor(scores, lang, metric):
    _assert_at_or_above_floor(scores, FLOORS, "", lang, metric)


@pytest.mark.parametrize("lang, metric", [(lang, m) for lang in FRESH_FLOORS for m in FRESH_FLOORS[lang]])
def test_fresh_score_stays_at_or_above_its_floor(fresh_scores, lang, metric):
    _assert_at_or_above_floor(fresh_scores, FRESH_FLOORS, "f", lang, metric)


#: Passages with a true statement that `geo.verify` calls inconsistent against the shared snapshot
#: (`python -m tests.scoring --verify ...`). This list only shrinks; the issue wants it empty.
#: None left: en-04 ("some 112,000 sq km, or about 18.6% of Ukraine, including Crimea", checked against Crimea)
#: and uk-11 ("За 2024 рік ... окупувала близько 4 тисяч", checked as held now) are fixed. Keep it empty.
KNOWN_INCONSISTENT: set[str] = set()
#: The same for the fresh set. First seen (both fixed): fuk-10 ("близько двох третин" read as a third) and fuk-16
#: ("до повномасштабного вторгнення ... близько 7%" checked as held now).
KNOWN_INCONSISTENT_FRESH: set[str] = set()


@pytest.mark.parametrize("passages, known", [(PASSAGES, KNOWN_INCONSISTENT), (FRESH, KNOWN_INCONSISTENT_FRESH)],
                         ids=["devset", "fresh"])
def test_no_new_true_statement_is_verified_inconsistent(shared_control, passages, known):
    wrong = scoring.inconsistent(shared_control, passages)
    assert {e.passage for e in wrong} <= known, [f"{e.passage}: {e.detail}" for e in wrong]


@pytest.mark.parametrize("lang", scoring.LANGUAGES)
def test_the_development_set_meets_the_issues_targets(scores, lang):
    """Region F1 and precision, figure recall and precision >= .95, attribution >= .85, time >= .9, each language."""
    metrics = scores[0][lang].metrics()
    for name, target in TARGETS.items():
        assert metrics[name] is not None and metrics[name] >= target, (lang, name, metrics[name])


def test_floors_name_every_metric_and_target():
    names = {name for name, _ in scoring.METRICS}
    assert all(set(f) == names for f in (*FLOORS.values(), *FRESH_FLOORS.values()))
    assert set(TARGETS) <= names


@pytest.mark.parametrize("argv, passages", [([], PASSAGES), (["--set", "fresh"], FRESH)], ids=["devset", "fresh"])
def test_the_tables_print_every_language_and_tag(capsys, argv, passages):
    assert scoring.main([*argv, "--kinds"]) == 0
    out = capsys.readouterr().out
    for name in (*scoring.LANGUAGES, "all", *{t for p in passages for t in p["tags"]}):
        assert re.search(rf"^{re.escape(name)}\s+\d+\s", out, re.MULTILINE), name
    kinds = out.split("\n\n")[2].splitlines() if out.count("\n\n") >= 2 else []
    assert all(re.match(r"^\s*\d+  [a-z]", line) for line in kinds), kinds


# --- the annotation -------------------------------------------------------------------

def test_the_set_is_large_enough_and_spread_over_languages():
    langs = Counter(p["lang"] for p in PASSAGES)
    assert len(PASSAGES) >= 80
    assert langs["en"] / len(PASSAGES) >= 0.35 and min(langs["uk"], langs["ru"]) / len(PASSAGES) >= 0.25
    assert len({p["id"] for p in PASSAGES}) == len(PASSAGES)


def test_the_fresh_set_has_fifteen_passages_or_more_in_each_language():
    langs = Counter(p["lang"] for p in FRESH)
    assert min(langs[lang] for lang in scoring.LANGUAGES) >= 15, langs
    assert len({p["id"] for p in FRESH}) == len(FRESH)
    assert not {p["text"] for p in FRESH} & {p["text"] for p in PASSAGES}


@pytest.mark.parametrize("passages", [PASSAGES, FRESH], ids=["devset", "fresh"])
def test_every_tag_is_known_and_shown_by_two_passages_or_more(passages):
    tags = Counter(t for p in passages for t in p["tags"])
    assert set(tags) == set(scoring.TAGS), set(tags) ^ set(scoring.TAGS)
    assert min(tags.values()) >= 2, tags


def _date(value: str) -> dt.date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return dt.date.fromisoformat(value)


_EVERY = [(prefix, p) for prefix, passages in SETS for p in passages]


@pytest.mark.parametrize("prefix, p", _EVERY, ids=[p["id"] for _, p in _EVERY])
def test_passage_is_well_formed(prefix, p, gaz):
    assert re.fullmatch(rf"{prefix}{p['lang']}-\d\d", p["id"]) and p["lang"] in scoring.LANGUAGES
    assert p["genre"] in scoring.GENRES
    day = _date(p["date"])
    assert set(p["tags"]) <= set(scoring.TAGS)
    for code in p["territory"] + p["territory_optional"]:
        assert code in gaz and gaz[code].kind == "admin1", code
    folded = p["text"].casefold()
    for f in p["figures"]:
        assert f["unit"] in ("%", "km2") and f["text"].casefold() in folded, f
        assert f["hedge"] in (None, "approximate", "upper", "lower"), f
        low, high = f["low"], f["high"]
        assert (high is not None) if f["hedge"] in (None, "approximate", "upper") else low is not None, f
        assert low is not None or f["hedge"] == "upper", f
        assert low is None or high is None or low <= high, f
        assert f["hedge"] != "approximate" or low == high, f
    for c in p["claims"]:
        assert c["actor"] in ("RU", "UA") and c["relation"] in RELATIONS and c["modality"] in MODALITIES, c
        assert c["regions"] and all(r == "UA" or (r in gaz and gaz[r].kind == "admin1") for r in c["regions"]), c
        assert c["figure"] is None or 0 <= c["figure"] < len(p["figures"]), c
        assert c["source"] is None or c["source"].casefold() in folded, c
        assert c["modality"] != "reported" or c["source"], c
        t = c["time"]
        if t is not None:
            assert set(t) <= {"as_of", "start", "end", "tolerance_days"} and ("as_of" in t) != ("end" in t or "start" in t), c
            days = [_date(t[k]) for k in ("as_of", "start", "end") if k in t]
            # a calendar period ("in 2024" in a year-end review) may end after the document
            assert all(d <= day for d in days[:1]) and days == sorted(days), c


@pytest.mark.parametrize("p", PASSAGES + FRESH, ids=lambda p: p["id"])
def test_passage_extracts_without_error(p):
    # Every passage runs through the public API with its date; the JSON stays valid.
    doc = geo.extract(p["text"], date=p["date"])
    assert doc.date == p["date"] and doc.to_json()


# --- the scorer -------------------------------------------------------------------------

_DOC_DATE = "2025-05-21"


@pytest.mark.parametrize("got, want, right", [
    (None, None, True),
    ({"basis": "document", "as_of": _DOC_DATE}, None, True),
    ({"basis": "stated", "as_of": "2025-05-20"}, None, False),
    (None, {"as_of": "2025-05-20"}, False),
    ({"basis": "stated", "as_of": "2025-05-20"}, {"as_of": "2025-05-20"}, True),
    ({"basis": "stated", "as_of": "2025-05-19"}, {"as_of": "2025-05-20"}, False),
    ({"basis": "stated", "end": "2021-12-31"}, {"as_of": "2021-12-31"}, True),  # as of D = a period ending on D
    ({"basis": "stated", "as_of": "2022-01-31"}, {"end": "2021-12-31", "tolerance_days": 60}, True),
    ({"basis": "stated", "start": "2024-01-01", "end": "2024-12-31"}, {"start": "2024-01-01", "end": "2024-12-31"}, True),
    ({"basis": "stated", "as_of": "2024-12-31"}, {"start": "2024-01-01", "end": "2024-12-31"}, False),
    ({"basis": "stated", "start": "2025-05-01"}, {"start": "2025-05-01", "end": _DOC_DATE}, True),  # "since": open end
    ({"basis": "stated", "start": "2025-05-01"}, {"start": "2025-05-01", "end": "2025-05-10"}, False),
    ({"basis": "stated", "start": "2025-05-12", "end": "2025-05-18"},
     {"start": "2025-05-10", "end": "2025-05-16", "tolerance_days": 3}, True),
])
def test_time_matches(got, want, right):
    if got is not None:
        got = {"as_of": None, "start": None, "end": None, **got}
    assert scoring.time_matches(got, want, _DOC_DATE) is right


def _stated_time(claim) -> dict | None:
    # A time the text states, as the gold files write it; None where the claim has none of its own.
    time = getattr(claim, "time", None)
    if time is None or time.basis != "stated":
        return None
    return {k: v for k in ("as_of", "start", "end") if (v := getattr(time, k)) is not None}


@pytest.mark.parametrize("p", PASSAGES[::7] + FRESH[::7], ids=lambda p: p["id"])
def test_a_passage_annotated_with_what_geo_finds_scores_full_marks(p):
    # The scorer against itself: gold written from the extraction gives 1.0 wherever something counts.
    doc = geo.extract(p["text"], date=p["date"])
    quantities = list(doc.quantities)
    gold = {**p, "territory": doc.territory(), "territory_optional": [],
            "figures": [{"text": q.text, "low": q.low, "high": q.high, "unit": q.unit, "hedge": q.hedge,
                         "optional": False} for q in quantities],
            "claims": [{"actor": c.actor, "relation": c.relation, "regions": list(c.regions), "optional": False,
                        "figure": quantities.index(c.quantity) if c.quantity else None, "modality": c.modality,
                        "source": c.attribution, "time": _stated_time(c)} for c in doc.claims]}
    score, errors = scoring.score_passage(gold, doc)
    assert errors == [] and all(v in (None, 1.0) for v in score.metrics().values()), errors
