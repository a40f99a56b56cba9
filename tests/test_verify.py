"""Verification: each figure against control data, with hedges as documented tolerances."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geo
from geo.control import read_control
from geo.quantities import Quantity
from geo.verify import accepted_range, pick_layer, verify
from tests.conftest import run_geo

FIXTURES = Path(__file__).parent / "fixtures" / "control"


def by_relation(report, relation, actor=None):
    return [v for v in report.verifications if v.relation == relation and (actor is None or v.actor == actor)]


def test_seed_against_the_shared_snapshot(seed_doc, shared_control, validate_verify):
    report = verify(seed_doc, shared_control)
    validate_verify(json.loads(report.to_json()))
    (percent,) = [v for v in by_relation(report, "controls", "RU") if v.unit == "%"]
    assert percent.verdict == "consistent" and 74 <= percent.measured <= 79.5
    (held,) = by_relation(report, "holds", "UA")
    assert held.verdict == "consistent" and 23_000 <= held.measured <= 26_800
    (virginia,) = [v for v in report.verifications if v.stated["reference"] == "US-VA"]
    assert virginia.verdict == "consistent" and 100_000 <= virginia.measured <= 118_000
    (small,) = [v for v in by_relation(report, "holds", "RU")]
    assert small.verdict == "consistent"
    assert all(d["share_russia"] < 0.05 for d in small.details)
    assert {v.verdict for v in report.verifications if v.relation in ("claims", "may_withdraw")} == {"unverifiable"}
    assert report.control["date"] == "2024-11-20"


def test_altered_figure_is_inconsistent_and_quotes_both_numbers(seed_text, shared_control):
    text = seed_text.text.replace("70% to 80%", "30% to 40%")
    report = verify(geo.extract(text, date="2024-11-20"), shared_control)
    (v,) = [v for v in by_relation(report, "controls", "RU") if v.unit == "%"]
    assert v.verdict == "inconsistent"
    assert "30% to 40%" in v.explanation and f"{v.measured:.1f}%" in v.explanation


@pytest.mark.parametrize(
    "quantity, accepted",
    [
        (Quantity(0, 1, "x", "area", 26000.0, 26000.0, "km2", "approximate", "around"), (23400, 28600)),
        (Quantity(0, 1, "x", "area", 26000.0, 26000.0, "km2"), (24700, 27300)),
        (Quantity(0, 1, "x", "percent", 70.0, 80.0, "%"), (69, 81)),
        (Quantity(0, 1, "x", "percent", None, 20.0, "%", "upper", "nearly"), (16, 21)),
        (Quantity(0, 1, "x", "percent", None, 20.0, "%", "upper", "up to"), (0, 21)),
        (Quantity(0, 1, "x", "percent", 20.0, None, "%", "lower", "more than"), (19, 100)),
        (Quantity(0, 1, "x", "area", 500.0, None, "km2", "lower", "just over"), (500, 575)),
        (Quantity(0, 1, "x", "percent", 0.0, 10.0, "%", "upper", None, basis="words"), (0, 10)),  # quantifier: exact
        (Quantity(0, 1, "x", "percent", 1.0, 99.0, "%", None, None, basis="words"), (1, 99)),  # "partially"
        (Quantity(0, 1, "x", "comparison", 110787.0, 110787.0, "km2", "approximate", "roughly", basis="words",
                  reference="US-VA", reference_km2=110787.0), (94168.95, 127405.05)),
    ],
)
def test_accepted_ranges(quantity, accepted):
    lo, hi = accepted_range(quantity)
    assert (lo, hi) == pytest.approx(accepted)


def test_negated_claims_are_consistent_when_outside(gaz):
    layer = read_control(FIXTURES / "deepstate_api_20241120.geojson")
    doc = geo.extract("The Kremlin does not control all of the Donetsk region.", date="2024-11-20")
    (v,) = verify(doc, layer).verifications
    assert v.verdict == "consistent" and "the text denies it" in v.explanation


def test_changes_and_other_actors_are_unverifiable():
    layer = read_control(FIXTURES / "deepstate_api_20241120.geojson")
    doc = geo.extract("Russian troops captured 2,700 square kilometres in November. "
                      "Ukrainian troops control about 1,000 sq km of Russia's Kursk region.", date="2024-11-20")
    reasons = [v.explanation for v in verify(doc, layer).verifications]
    assert any("change over time" in r for r in reasons)
    assert any("lies outside it" in r for r in reasons)


@pytest.mark.parametrize("text, verdict", [
    ("Russian forces hold roughly 90% of southern Donetsk.", "unverifiable"),
    ("Russian forces hold roughly 90% of the Donetsk region's south.", "unverifiable"),
    ("Russian forces hold roughly 6% of the Donetsk region.", "consistent"),
])
def test_a_share_of_part_of_a_region_is_not_checked_against_the_whole(text, verdict):
    layer = read_control(FIXTURES / "isw_control_2024-11-20.geojson")
    (v,) = verify(geo.extract(text, date="2024-11-20"), layer).verifications
    assert v.verdict == verdict
    if verdict == "unverifiable":
        assert "the share is of part of the region" in v.explanation


def test_fixture_layer_measures_the_square(gaz):
    layer = read_control(FIXTURES / "isw_control_2024-11-20.geojson")
    doc = geo.extract("Russian forces hold roughly 6% of the Donetsk region.", date="2024-11-20")
    (v,) = verify(doc, layer).verifications
    assert v.measured == pytest.approx(6.24, abs=0.05) and v.verdict == "consistent"


@pytest.mark.parametrize("text", [
    "Russia controls about a fifth of Ukraine.",
    "Россия контролирует примерно пятую часть территории Украины.",
])
def test_a_fraction_of_the_country_is_its_share_of_the_whole_country(text):
    # A fraction (English or Cyrillic) of Ukraine is the share of all of Ukraine, not of its most-held oblast.
    layer = read_control(FIXTURES / "isw_control_2024-11-20.geojson")  # a square inside the Donetsk region
    (v,) = verify(geo.extract(text, date="2024-11-20"), layer).verifications
    assert v.explanation.startswith("Russian-held:") and v.measured < 1


def test_nearest_earlier_snapshot_is_used():
    early = read_control(FIXTURES / "deepstatemap_data_20241101.geojson")
    late = read_control(FIXTURES / "deepstate_api_20241120.geojson")
    assert pick_layer([late, early], "2024-11-10")[0] is early
    assert pick_layer([late, early], "2024-11-25")[0] is late
    layer, note = pick_layer([late, early], "2024-10-01")
    assert layer is early and "no control data on or before 2024-10-01" in note
    assert "nearest earlier control data (2024-11-01)" in pick_layer([late, early], "2024-11-10")[1]


def test_cli_verify_json(shared_control, validate_verify):
    res = run_geo("verify", str(geo.SEED), "--control", str(shared_control), "--format", "json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    validate_verify(out)
    assert {v["verdict"] for v in out["verifications"]} == {"consistent", "unverifiable"}


def test_cli_verify_table_and_errors(tmp_path):
    res = run_geo("verify", str(geo.SEED), "--control", str(FIXTURES / "deepstatemap_data_20241101.geojson"))
    assert res.returncode == 0 and "nearest earlier control data (2024-11-01)" in res.stdout
    bad = tmp_path / "bad.geojson"
    bad.write_text("{", encoding="utf-8")
    res = run_geo("verify", str(geo.SEED), "--control", str(bad), "-o", str(tmp_path / "out.json"))
    assert res.returncode == 2 and str(bad) in res.stderr and not (tmp_path / "out.json").exists()


def test_cli_measure(tmp_path):
    res = run_geo("control", "measure", str(FIXTURES / "deepstate_api_20241120.geojson"), "--regions",
                  "UA-14,CRIMEA", "--format", "json")
    assert res.returncode == 0, res.stderr
    rows = {r["code"]: r for r in json.loads(res.stdout)["regions"]}
    assert set(rows) == {"UA-14", "UA-43", "UA-40"}
    assert rows["UA-14"]["contested_km2"] > 0
    assert "ignored 2 point and line features" in res.stderr
    res = run_geo("control", "measure", str(FIXTURES / "generic_holder.geojson"), "--regions", "XX-1")
    assert res.returncode == 2 and "'XX-1'" in res.stderr


@pytest.mark.parametrize("text, verdict", [
    ("Russian troops have a foothold in the Dnipropetrovsk region.", "inconsistent"),  # none there then
    ("Russian forces hold small parts of the Kharkiv region.", "consistent"),
    ("Russian forces hold small parts of the Sumy region.", "inconsistent"),
])
def test_some_land_is_not_none(text, verdict, shared_control):
    """"A foothold", "small parts": some land; with none held on the snapshot's day the text is wrong."""
    report = verify(geo.extract(text, date="2024-11-20"), shared_control)
    assert [v.verdict for v in report.verifications] == [verdict]
    assert "more than 0.0%, up to 10.0%" in report.verifications[0].explanation


@pytest.mark.parametrize("date, verdict", [("2024-11-20", "inconsistent"), ("2024-11-27", "inconsistent"),
                                           ("2025-11-20", "unverifiable"), ("2023-11-20", "unverifiable")])
def test_one_snapshot_is_not_checked_against_a_claim_of_another_year(date, verdict, shared_control):
    """"Now control about 77% of the Donetsk region", written on 2025-11-20, is not false by the 2024-11-20 map
    (then 64.9%): no snapshot near its day, so not checked; the same words of 2024-11-20 are wrong."""
    doc = geo.extract("Russian forces now control about 77% of the Donetsk region.", date=date)
    [check] = verify(doc, shared_control).verifications
    assert check.verdict == verdict
    if verdict == "unverifiable":
        assert check.explanation.startswith(f"Not checked: no snapshot near {date}: the only control data is of 2024-11-20")
