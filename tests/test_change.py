"""Change claims checked between snapshots, and each claim checked at its own time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import shapely

import geo
from geo._coverage import geodesic_km2
from geo.change import change_km2, change_of, period_gap
from geo.control import ControlLayer, read_control
from geo.snapshots import MAX_GAP_DAYS, Snapshots
from geo.verify import verify
from tests.conftest import run_geo

DOC = "2024-12-02"
#: A Russian-held block inside the Donetsk region, and a strip west of it taken in November.
BLOCK = (37.5, 47.8, 38.0, 48.2)
STRIP = (37.4, 47.8, 37.5, 48.2)


def _write(folder: Path, day: str, geom) -> Path:
    path = folder / f"deepstatemap_data_{day.replace('-', '')}.geojson"
    feature = {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(geom)}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    return path


@pytest.fixture
def archive(tmp_path) -> Path:
    """Snapshots of 2024-10-31 (the block) and 2024-11-30 (block and strip)."""
    _write(tmp_path, "2024-10-31", shapely.box(*BLOCK))
    _write(tmp_path, "2024-11-30", shapely.box(STRIP[0], BLOCK[1], BLOCK[2], BLOCK[3]))
    return tmp_path


def _strip_km2() -> float:
    """The strip's area as measuring counts it: geodesic, scaled to the region's official area."""
    gaz = geo.Gazetteer.default()
    polygon = shapely.union_all(gaz.boundaries(["UA-14"]).geometry.values)
    return geodesic_km2(shapely.box(*STRIP)) * gaz["UA-14"].official_km2 / geodesic_km2(polygon)


def test_change_equals_an_independent_overlay(archive):
    old, new = (read_control(p) for p in sorted(archive.iterdir()))
    diff = change_km2(old, new, ["UA-14"])
    expected = _strip_km2()
    assert diff["total"]["gained_km2"] == pytest.approx(expected, rel=0.005)
    assert diff["total"]["net_km2"] == pytest.approx(expected, rel=0.005)
    assert diff["total"]["lost_km2"] == 0
    back = change_km2(new, old, ["UA-14"])["total"]
    assert back["lost_km2"] == pytest.approx(expected, rel=0.005) and back["gained_km2"] == 0


def test_a_redrawn_line_is_no_change(tmp_path):
    old = ControlLayer((shapely.box(*BLOCK),), ("occupied",), "a", "2024-10-31", "generic")
    moved = ControlLayer((shapely.box(BLOCK[0] - 0.0005, *BLOCK[1:]),), ("occupied",), "b", "2024-11-30", "generic")
    assert change_km2(old, moved, ["UA-14"])["total"]["gained_km2"] == 0  # a strip ~37 m wide


@pytest.mark.parametrize("relation, actor, direction, sign", [
    ("captured", "RU", "gain", 1), ("lost", "UA", "loss", 1), ("liberated", "UA", "liberation", -1),
    ("lost", "RU", "loss", -1), ("captured", "UA", "gain", -1), ("captured", "US", "gain", 0),
])
def test_change_of(relation, actor, direction, sign):
    [c] = geo.extract("Russian forces captured 600 sq km in November.", date=DOC).claims
    import dataclasses

    ch = change_of(dataclasses.replace(c, relation=relation, actor=actor))
    assert (ch.side, ch.direction, ch.russia_sign) == (actor, direction, sign)


@pytest.mark.parametrize("start, end, gap", [("2024-01-01", "2024-12-31", 7), ("2024-11-01", "2024-11-30", 3),
                                             ("2024-11-25", "2024-12-02", 1), ("2024-12-01", "2024-12-02", 1)])
def test_period_gap(start, end, gap):
    assert period_gap(start, end) == gap


@pytest.mark.parametrize("text, factor", [
    ("Russian forces captured about {km} sq km in the Donetsk region in November.", 1),
    ("Russian forces captured about {km} sq km in the Donetsk region in November.", 3),
    ("Russian forces captured about {km} sq km in the Donetsk region in November.", 1 / 3),
    ("Окупанти захопили близько {km} кв. км у Донецькій області за листопад.", 1),
    ("Окупанти захопили близько {km} кв. км у Донецькій області за листопад.", 3),
    ("В ноябре российские войска продвинулись на {km} кв. км в Донецкой области.", 1),
    ("В ноябре российские войска продвинулись на {km} кв. км в Донецкой области.", 3),
    ("Ukraine lost about {km} sq km in the Donetsk region in November.", 1),
    ("In November Russian forces gained about {km} sq km.", 1),
    ("In November Russian forces gained about {km} sq km.", 3),
])
def test_a_change_claim_against_the_snapshots(archive, text, factor):
    km = round(_strip_km2() * factor)
    doc = geo.extract(text.format(km=f"{km:,}".replace(",", " " if "кв" in text else ",")), date=DOC)
    [v] = verify(doc, archive).verifications
    assert v.verdict == ("consistent" if factor == 1 else "inconsistent"), v.explanation
    assert v.snapshots["start"]["date"] == "2024-10-31" and v.snapshots["end"]["date"] == "2024-11-30"
    assert v.time["start"] == "2024-11-01" and v.time["end"] == "2024-11-30"


@pytest.mark.parametrize("factor, verdict", [(1, "consistent"), (3, "inconsistent")])
def test_a_change_as_a_share_of_the_region(archive, factor, verdict):
    share = _strip_km2() / geo.Gazetteer.default()["UA-14"].official_km2 * 100 * factor
    doc = geo.extract(f"Russian forces captured {share:.2f}% of the Donetsk region in November.", date=DOC)
    [v] = verify(doc, archive).verifications
    assert v.verdict == verdict and v.unit == "%", v.explanation


@pytest.mark.parametrize("factor, verdict", [(1, "consistent"), (3, "inconsistent")])
def test_a_rate_is_the_total_over_the_period_divided_by_its_days(archive, factor, verdict):
    rate = _strip_km2() / 30 * factor
    doc = geo.extract(f"Russian forces captured about {rate:.1f} sq km a day in November.", date=DOC)
    [v] = verify(doc, archive).verifications
    assert v.verdict == verdict and v.time["per"] == "day" and "over 30 days" in v.explanation


def test_a_liberation_is_land_no_longer_russian_held(tmp_path):
    _write(tmp_path, "2024-10-31", shapely.box(STRIP[0], BLOCK[1], BLOCK[2], BLOCK[3]))
    _write(tmp_path, "2024-11-30", shapely.box(*BLOCK))
    km = round(_strip_km2())
    doc = geo.extract(f"Ukrainian forces liberated about {km:,} sq km in the Donetsk region in November.", date=DOC)
    [v] = verify(doc, tmp_path).verifications
    assert v.verdict == "consistent" and v.change["direction"] == "liberation"


@pytest.mark.parametrize("text, says", [
    ("Russian forces captured about 300 sq km in the Donetsk region in 2023.", "no snapshot near 2023-01-01"),
    ("Russian forces captured about 300 sq km in the Donetsk region last week.", "no snapshot near 2024-11-25"),
    ("Russian forces captured about 300 sq km in the Donetsk region.", "no period is stated"),
    ("Russian forces captured about 300 sq km in the Donetsk region in the past 3 days.", "no snapshot near 2024-11-29"),
])
def test_a_period_the_snapshots_do_not_cover_says_so(archive, text, says):
    [v] = verify(geo.extract(text, date=DOC), archive).verifications
    assert v.verdict == "unverifiable" and says in v.explanation


def test_a_gap_is_given_in_days(archive):
    [v] = verify(geo.extract("Russian forces captured about 300 sq km in 2023.", date=DOC), archive).verifications
    assert v.snapshots["start"]["used"] is False and v.snapshots["start"]["gap_days"] == -669


def test_the_fastest_pace_since_is_explained(archive):
    km = round(_strip_km2())
    doc = geo.extract(f"Russian forces captured about {km} sq km in November, the fastest pace since 2022.", date=DOC)
    [v] = verify(doc, archive).verifications
    assert v.change["comparison"] == "fastest pace" and "is not checked" in v.explanation
    doc = geo.extract("Russian forces advanced at the fastest pace since 2022, capturing 300 sq km.", date=DOC)
    assert all("fastest pace" in v.explanation for v in verify(doc, archive).verifications)


def test_one_snapshot_cannot_measure_a_change(archive):
    one = sorted(archive.iterdir())[-1]
    [v] = verify(geo.extract("Russian forces captured 300 sq km in November.", date=DOC), one).verifications
    assert v.verdict == "unverifiable" and "one snapshot cannot measure it" in v.explanation


# --- each claim at its own time ------------------------------------------------------------------------------

def _layer(day: str) -> ControlLayer:
    return ControlLayer((shapely.box(*BLOCK),), ("occupied",), f"layer-{day}", day, "generic")


@pytest.mark.parametrize("day, chosen, gap", [
    ("2024-11-20", "2024-11-20", 0), ("2024-11-25", "2024-11-20", 5), ("2024-11-27", "2024-11-20", 7),
    ("2024-11-28", None, 8), ("2024-11-05", "2024-11-01", 4), ("2024-10-01", None, -31),
])
def test_pick_on_or_nearest_before(day, chosen, gap):
    pick = Snapshots([_layer("2024-11-20"), _layer("2024-11-01")], read_control).pick(day)
    assert (pick.layer.date if pick.layer else None, pick.gap_days) == (chosen, gap)
    if chosen is None:
        assert pick.note.startswith(f"no snapshot near {day}") and pick.max_gap_days == MAX_GAP_DAYS


def test_paths_are_read_only_when_chosen(archive, tmp_path):
    broken = archive / "deepstatemap_data_20230101.geojson"
    broken.write_text("not json", encoding="utf-8")
    km = round(_strip_km2() * 6)
    doc = geo.extract(f"As of 30 November 2024, Russian forces held about {km:,} sq km of the Donetsk region.", date=DOC)
    [v] = verify(doc, [archive / "deepstatemap_data_20241130.geojson", broken]).verifications
    assert v.verdict == "consistent" and v.snapshot["date"] == "2024-11-30"


# The block is five strips wide: about 1,650 km2 held on 2024-10-31, 1,990 km2 on 2024-11-30.
@pytest.mark.parametrize("text, strips, verdict, chosen", [
    ("As of 31 October 2024, Russian forces held about {km} sq km of the Donetsk region.", 5, "consistent",
     "2024-10-31"),
    ("As of 1 November 2024, Russian forces held about {km} sq km of the Donetsk region.", 6, "inconsistent",
     "2024-10-31"),
    ("Russian forces hold about {km} sq km of the Donetsk region.", 6, "consistent", "2024-11-30"),
    ("Russian forces hold about {km} sq km of the Donetsk region.", 5, "inconsistent", "2024-11-30"),
    ("Станом на 1 грудня Росія контролює близько {km} кв. км Донецької області.", 6, "consistent", "2024-11-30"),
    ("На 31 октября российские войска контролируют около {km} кв. км Донецкой области.", 5, "consistent",
     "2024-10-31"),
    ("As of 1 June 2024, Russian forces held about {km} sq km of the Donetsk region.", 5, "unverifiable", None),
])
def test_each_claim_is_checked_at_its_own_time(archive, text, strips, verdict, chosen, validate_verify):
    km = f"{round(_strip_km2() * strips):,}".replace(",", " " if "кв" in text else ",")
    report = verify(geo.extract(text.format(km=km), date=DOC), archive)
    [v] = report.verifications
    assert v.verdict == verdict, v.explanation
    assert (v.snapshot["date"] if v.snapshot["used"] else None) == chosen
    if chosen is None:
        assert "no snapshot near 2024-06-01" in v.explanation and "152 days" in v.explanation
    validate_verify(json.loads(report.to_json()))


def test_a_relative_time_in_a_text_with_no_date_is_not_checked(archive):
    doc = geo.extract("Last week Russian forces held about 2,000 sq km of the Donetsk region.")
    [v] = verify(doc, archive).verifications
    assert v.verdict == "unverifiable" and "document's date, which is unknown" in v.explanation


# --- end to end --------------------------------------------------------------------------------------------

def test_cli_verify_with_a_folder(archive, tmp_path, validate_verify):
    km = round(_strip_km2())
    text = tmp_path / "report.txt"
    text.write_text(f"Russian forces captured about {km} sq km in the Donetsk region in November. "
                    f"Russian forces captured about {3 * km} sq km in the Donetsk region in November. "
                    "As of 1 June 2024, Russian forces held about 1,650 sq km of the Donetsk region.", encoding="utf-8")
    res = run_geo("verify", str(text), "--control", str(archive), "--date", DOC, "--format", "json")
    assert res.returncode == 0, res.stderr
    out = validate_verify(json.loads(res.stdout)) or json.loads(res.stdout)
    assert [v["verdict"] for v in out["verifications"]] == ["consistent", "inconsistent", "unverifiable"]
    res = run_geo("verify", str(text), "--control", str(archive), "--date", DOC)
    assert "no snapshot near 2024-06-01" in res.stdout and "between 2024-10-31 and 2024-11-30" in res.stdout


def test_cli_folder_without_dates_is_refused(tmp_path):
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "front.geojson").write_text("{}", encoding="utf-8")
    res = run_geo("verify", "--control", str(tmp_path / "snapshots"))
    assert res.returncode == 2 and "no dated snapshot files" in res.stderr


# --- the shared real snapshot, shifted in time -----------------------------------------------------------

def test_change_claims_on_the_shared_snapshot(shared_control, tmp_path):
    """The 2024-11-20 DeepStateMap snapshot, and a copy grown by a strip west of Pokrovsk a week later."""
    base = read_control(shared_control)
    grown = shapely.union(base.held_by_russia(), shapely.box(36.9, 48.0, 37.3, 48.3))
    _write(tmp_path, "2024-11-20", base.held_by_russia())
    _write(tmp_path, "2024-11-27", grown)
    old, new = (read_control(p) for p in sorted(tmp_path.iterdir()))
    gained = change_km2(old, new, ["UA"])["total"]["gained_km2"]
    gaz = geo.Gazetteer.default()
    ukraine = shapely.union_all(gaz.boundaries(["UA"]).geometry.values)
    assert gained == pytest.approx(geodesic_km2(shapely.difference(shapely.intersection(grown, ukraine),
                                                                   base.held_by_russia())), rel=0.02)
    for factor, verdict in ((1, "consistent"), (3, "inconsistent")):
        doc = geo.extract(f"Russian forces captured about {round(gained * factor):,} sq km over the past week.",
                          date="2024-11-27")
        [v] = verify(doc, tmp_path).verifications
        assert v.verdict == verdict, v.explanation


def test_stock_claims_on_the_shared_snapshot_at_their_own_dates(shared_control, tmp_path):
    """The shared 2024-11-20 snapshot and a grown copy dated 2024-12-01: each claim takes its own."""
    base = read_control(shared_control)
    _write(tmp_path, "2024-11-20", base.held_by_russia())
    _write(tmp_path, "2024-12-01", shapely.union(base.held_by_russia(), shapely.box(36.0, 47.9, 37.3, 48.6)))
    # plain figures (+-5%): 112,282 km2 held on 2024-11-20, 119,705 km2 on 2024-12-01
    doc = geo.extract("As of 20 November 2024, Russian forces held 112,000 sq km of Ukraine. "
                      "Russia now holds 120,000 sq km of Ukraine. "
                      "Since 2014, Russia has held 112,000 sq km of Ukraine.", date="2024-12-02")
    first, now, since = verify(doc, tmp_path).verifications
    assert (first.snapshot["date"], first.verdict) == ("2024-11-20", "consistent")
    assert (now.snapshot["date"], now.verdict) == ("2024-12-01", "consistent")
    assert (since.snapshot["date"], since.verdict) == ("2024-12-01", "inconsistent")
    assert since.time["start"] == "2014-01-01"
    # one snapshot and the document's own day: checked against it if it is near, saying how old it is ...
    [single] = verify(geo.extract("Russia holds about 112,000 sq km of Ukraine.", date="2024-11-25"),
                      shared_control).verifications
    assert single.verdict == "consistent" and "nearest earlier control data (2024-11-20)" in single.control["note"]
    # ... and not at all if it is far: a map of one day says nothing of what a text of another month states
    [far] = verify(geo.extract("Russia holds about 112,000 sq km of Ukraine.", date="2024-12-02"),
                   shared_control).verifications
    assert far.verdict == "unverifiable" and far.explanation == (
        "Not checked: no snapshot near 2024-12-02: the only control data is of 2024-11-20, 12 days earlier (at most 7).")


@settings(max_examples=8, deadline=None)
@given(st.floats(0.02, 0.3), st.floats(0.02, 0.2))
def test_gained_minus_lost_is_the_net_change(grow, shrink):
    """A block grown westwards and cut back in the north: gained - lost = net, all against an overlay."""
    old = ControlLayer((shapely.box(*BLOCK),), ("occupied",), "a", "2024-10-31", "generic")
    new_geom = shapely.box(BLOCK[0] - grow, BLOCK[1], BLOCK[2], BLOCK[3] - shrink)
    new = ControlLayer((new_geom,), ("occupied",), "b", "2024-11-30", "generic")
    total = change_km2(old, new, ["UA-14"])["total"]
    assert total["gained_km2"] - total["lost_km2"] == pytest.approx(total["net_km2"], rel=0.005, abs=1)
    gaz = geo.Gazetteer.default()
    scale = gaz["UA-14"].official_km2 / geodesic_km2(shapely.union_all(gaz.boundaries(["UA-14"]).geometry.values))
    expected = geodesic_km2(shapely.difference(new_geom, old.geometries[0])) * scale
    assert total["gained_km2"] == pytest.approx(expected, rel=0.005)
