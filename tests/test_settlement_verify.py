"""Settlement claims checked by point and line against the shared 2024-11-20 DeepStateMap snapshot."""

from __future__ import annotations

import json

import pytest

import geo
from geo.control import ControlLayer
from geo.settlement_verify import RULES, check_settlements, pick_layer_with_lag
from tests.conftest import run_geo


@pytest.fixture(scope="module")
def layer(shared_control):
    return geo.read_control(str(shared_control))


def _checks(text: str, layer) -> list:
    return list(geo.verify(geo.extract(text, date="2024-11-20"), layer).settlements)


@pytest.mark.parametrize(("text", "verdict"), [
    # captures of towns the snapshot shows Russian-held
    ("Russia's defence ministry said its forces had captured Selydove.", "consistent"),
    ("Moscow claimed its forces had liberated Artemovsk.", "consistent"),  # renamed town, old name
    ("Російські війська захопили Авдіївку.", "consistent"),
    ("Российские войска заняли Торецк.", "consistent"),
    # ... and Ukrainian-held
    ("Russian forces captured Kramatorsk, the ministry claimed.", "inconsistent"),
    ("Россия захватила Изюм.", "inconsistent"),
    ("Росіяни захопили Краматорськ.", "inconsistent"),
    # near the line
    ("Russia's defence ministry said its forces had captured Kurakhove.", "near_line"),
    # held, and denied
    ("Ukrainian troops still hold Pokrovsk.", "consistent"),
    ("Ukraine's General Staff said Russian forces had not captured Kramatorsk.", "consistent"),
    # fighting
    ("Fighting continued near Toretsk.", "consistent"),
    ("Heavy fighting raged near Izium.", "inconsistent"),
    # "N km from X": Pokrovsk lies about 10 km from the line on 2024-11-20
    ("Russian forces are about 10 km from Pokrovsk.", "consistent"),
    ("Российские войска находятся в 10 км от Покровска.", "consistent"),
    ("Russian forces are 2 km from Kramatorsk.", "inconsistent"),
])
def test_verdicts(layer, text, verdict):
    (check,) = _checks(text, layer)
    assert check.verdict == verdict, check.explanation


def test_explanations_give_the_distance_in_km(layer):
    (check,) = _checks("Russian forces captured Kramatorsk.", layer)
    assert check.side == "UA" and 15 < check.distance_to_line_km < 30
    assert f"{check.distance_to_line_km:.1f} km from the line" in check.explanation
    assert check.rule == RULES and check.control["date"] == "2024-11-20"


def test_distance_is_checked_by_the_line(layer):
    (check,) = _checks("Russian forces are about 10 km from Pokrovsk.", layer)
    assert check.stated_km["km"] == 10.0 and check.accepted_km == {"low": 7.0, "high": 13.0}
    assert 7 < check.distance_to_line_km < 13


@pytest.mark.parametrize(("text", "why"), [
    ("Russian troops captured the village of Novoselivka.", "ambiguous"),
    ("Russian troops captured the village of Prohres in the Donetsk region.", "no coordinates"),
    ("Ukrainian forces advanced near Sudzha.", "outside Ukraine"),
    ("Russian forces may soon enter Pokrovsk.", "may happen"),
    ("Both sides claim control of Chasiv Yar.", "no side"),
])
def test_unverifiable_with_the_reason(layer, text, why):
    (check,) = _checks(text, layer)
    assert check.verdict == "unverifiable" and why in check.explanation


def test_report_validates(layer, validate_verify):
    doc = geo.extract("Russian forces captured Selydove and are 10 km from Pokrovsk.", date="2024-11-20")
    out = json.loads(geo.verify(doc, layer).to_json())
    validate_verify(out)
    assert [s["verdict"] for s in out["settlements"]] == ["consistent", "consistent"]


def test_a_later_snapshot_within_the_lag_is_used(layer):
    later = ControlLayer(layer.geometries, layer.statuses, "later", "2024-11-25", layer.format)
    too_late = ControlLayer(layer.geometries, layer.statuses, "too late", "2024-12-20", layer.format)
    chosen, note = pick_layer_with_lag([layer, later, too_late], "2024-11-20")
    assert chosen.source == "later" and "within 7 days" in note
    assert pick_layer_with_lag([layer, too_late], "2024-11-21")[0] is layer


def test_no_settlement_claims_no_checks(layer):
    assert check_settlements(geo.extract("Nothing happened."), [layer]) == ()


def test_cli_verify_lists_settlement_checks(shared_control, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Russian forces captured Kramatorsk, the ministry claimed.\n", encoding="utf-8")
    res = run_geo("verify", str(report), "--date", "2024-11-20", "--control", str(shared_control))
    assert res.returncode == 0, res.stderr
    assert "INCONSISTENT  s-captured-RU-" in res.stdout and "Kramatorsk is Ukrainian-held" in res.stdout
