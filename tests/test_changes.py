"""geo.diff against an independent shapely overlay (equal-area projection), on snapshots built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from pyproj import Transformer

import geo
from geo.control import ControlLayer, read_control
from geo.changes import SLIVER_M, diff, write_diff
from tests.conftest import run_geo

LAEA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m +no_defs"
_FWD = Transformer.from_crs("EPSG:4326", LAEA, always_xy=True)
_INV = Transformer.from_crs(LAEA, "EPSG:4326", always_xy=True)


def to_m(g):
    return shapely.transform(g, lambda xy: __import__("numpy").column_stack(_FWD.transform(xy[:, 0], xy[:, 1])))


def to_deg(g):
    return shapely.transform(g, lambda xy: __import__("numpy").column_stack(_INV.transform(xy[:, 0], xy[:, 1])))


def layer(geom, date: str) -> ControlLayer:
    return ControlLayer((geom,), ("occupied",), f"synthetic-{date}", date, "generic")


def overlay_km2(old, new, region) -> tuple[float, float]:
    """Gained and lost km2 inside *region*: plain shapely overlay, areas in an equal-area projection."""
    gained = shapely.intersection(shapely.difference(new, old), region)
    lost = shapely.intersection(shapely.difference(old, new), region)
    return to_m(gained).area / 1e6, to_m(lost).area / 1e6


@pytest.fixture(scope="module")
def interior(gaz):
    """Ukraine less a 5 km strip along its coast and border: changes here are away from the settled band."""
    ukraine = shapely.union_all(gaz.boundaries("UA").geometry.values)
    return to_deg(to_m(ukraine).buffer(-5000))


def in_interior(old, moved, interior):
    """*old* with its interior part replaced by *moved*'s: every change lies in the interior."""
    return shapely.union(shapely.difference(old, interior), shapely.intersection(moved, interior))


DONETSK_BOX = shapely.box(37.3, 47.6, 37.9, 48.1)  # well inside the Donetsk region


@pytest.mark.parametrize("name, new", [
    ("shift east 2 km", shapely.affinity.translate(DONETSK_BOX, 0.027, 0)),
    ("grow 1 km", to_deg(to_m(DONETSK_BOX).buffer(1000, join_style="mitre"))),
    ("split by a 3 km corridor", shapely.difference(DONETSK_BOX, shapely.box(37.58, 47.5, 37.62, 48.2))),
    ("shrink to half", shapely.box(37.3, 47.6, 37.6, 48.1)),
])
def test_synthetic_figures_equal_an_independent_overlay(name, new, gaz):
    d = diff(layer(DONETSK_BOX, "2024-11-01"), layer(new, "2024-11-02"), ["UA-14"])
    region = gaz.boundaries("UA-14").geometry.iloc[0]
    gained, lost = overlay_km2(DONETSK_BOX, new, region)
    assert d.total.gained_km2 == pytest.approx(gained, rel=0.005, abs=0.01), name
    assert d.total.lost_km2 == pytest.approx(lost, rel=0.005, abs=0.01), name
    assert d.total.net_km2 == pytest.approx(gained - lost, rel=0.005, abs=0.02)
    assert gained + lost > 10


def test_a_redrawn_line_is_not_a_change():
    """The same area with its edge redrawn a few metres either way: the overlay sees slivers, diff nothing."""
    x = [37.3 + 0.6 * k / 400 for k in range(401)]
    wobble = [(xx, 48.1 + (0.00004 if k % 2 else -0.00004)) for k, xx in enumerate(x)]  # +-4.5 m
    redrawn = shapely.Polygon([(37.3, 47.6), (37.9, 47.6), *reversed(wobble)])
    gained, lost = overlay_km2(DONETSK_BOX, redrawn, DONETSK_BOX.buffer(0.1))
    assert gained > 0 and lost > 0
    d = diff(layer(DONETSK_BOX, "2024-11-01"), layer(redrawn, "2024-11-02"), ["UA-14"])
    assert (d.total.gained_km2, d.total.lost_km2) == (0.0, 0.0)
    assert f"{SLIVER_M:g} m" in d.sliver_rule and "2 km" in d.sliver_rule


@pytest.mark.parametrize("name", ["shift", "grow", "split"])
def test_shared_snapshot_changes_equal_an_independent_overlay(name, shared_control, interior, gaz):
    base = read_control(shared_control)
    old = base.held_by_russia()
    moved = {
        "shift": lambda: shapely.affinity.translate(old, 0.03, 0.0),
        "grow": lambda: to_deg(to_m(old).buffer(1500)),
        "split": lambda: shapely.difference(old, shapely.box(36.0, 44.0, 36.06, 52.0)),
    }[name]()
    new = in_interior(old, moved, interior)
    codes = ["UA-14", "UA-09", "UA-23", "UA-65", "UA-63"]
    d = diff(base, layer(new, "2024-11-21"), codes)
    frame = gaz.boundaries(codes)
    for change in d.regions:
        gained, lost = overlay_km2(old, new, frame.geometry[change.code])
        assert change.gained_km2 == pytest.approx(gained, rel=0.005, abs=0.5), (name, change.code)
        assert change.lost_km2 == pytest.approx(lost, rel=0.005, abs=0.5), (name, change.code)
    assert d.total.gained_km2 + d.total.lost_km2 > 50


def test_json_follows_the_schema_and_reruns_byte_identical(shared_control):
    import jsonschema

    schema = json.loads((Path(geo.__file__).parent / "schemas" / "diff-1.schema.json").read_text())
    old = layer(DONETSK_BOX, "2024-11-01")
    new = layer(shapely.box(37.3, 47.6, 38.0, 48.1), "2024-11-02")
    text = diff(old, new, ["DONBAS"]).to_json()
    doc = json.loads(text)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert [r["code"] for r in doc["regions"]] == ["UA-14", "UA-09"]
    assert doc["total"]["net_km2"] == doc["total"]["gained_km2"] > 0
    assert (doc["old"]["date"], doc["new"]["date"]) == ("2024-11-01", "2024-11-02")
    assert diff(old, new, ["DONBAS"]).to_json() == text


def test_polygons_carry_their_period(tmp_path):
    import pyogrio

    old, new = layer(DONETSK_BOX, "2024-11-01"), layer(shapely.box(37.3, 47.6, 37.5, 48.2), "2024-11-02")
    d = diff(old, new, ["UA-14"])
    frame = d.frame()
    assert set(frame["change"]) == {"gained", "lost"}
    assert set(frame["old_date"]) == {"2024-11-01"} and set(frame["new_date"]) == {"2024-11-02"}
    assert set(frame["valid_from"]) == {"2024-11-02"} and set(frame["valid_to"]) == {"2024-11-03"}
    gpkg = write_diff(d, tmp_path / "d.gpkg", "gpkg", layers=(old, new))
    assert {"changes", "series"} <= set(pyogrio.list_layers(gpkg)[:, 0])
    series = pyogrio.read_dataframe(gpkg, layer="series")
    assert list(series["valid_from"]) == ["2024-11-01", "2024-11-02"]
    assert list(series["valid_to"]) == ["2024-11-02", "2024-11-03"]
    import sqlite3

    qml = dict(sqlite3.connect(gpkg).execute("SELECT f_table_name, styleQML FROM layer_styles"))
    assert 'startExpression="to_date(&quot;valid_from&quot;)"' in qml["changes"]
    first = gpkg.read_bytes()
    assert write_diff(d, tmp_path / "d.gpkg", "gpkg", layers=(old, new)).read_bytes() == first
    doc = json.loads(write_diff(d, tmp_path / "d.geojson", "geojson").read_text())
    assert [f["id"] for f in doc["features"]] == ["UA-14-gained", "UA-14-lost"]


def write_snapshot(path: Path, geom) -> Path:
    feature = {"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(geom))}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def test_cli_diff_files_and_folders(tmp_path):
    write_snapshot(tmp_path / "deepstatemap_data_20241101.geojson", DONETSK_BOX)
    write_snapshot(tmp_path / "deepstatemap_data_20241105.geojson", shapely.box(37.3, 47.6, 38.0, 48.1))
    res = run_geo("control", "diff", str(tmp_path / "deepstatemap_data_20241101.geojson"),
                  str(tmp_path / "deepstatemap_data_20241105.geojson"), "--regions", "DONBAS")
    assert res.returncode == 0, res.stderr
    assert "UA-14" in res.stdout and "UA-09" not in res.stdout and "total" in res.stdout
    res = run_geo("control", "diff", str(tmp_path), "--from", "2024-11-01", "--to", "2024-11-07",
                  "--regions", "UA-14", "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["new"]["date"] == "2024-11-05"
    assert "nearest on or before 2024-11-07" in res.stderr
    res = run_geo("control", "diff", str(tmp_path), "--from", "2024-10-01", "--to", "2024-11-07")
    assert res.returncode == 2 and "no snapshot on or before 2024-10-01" in res.stderr
    res = run_geo("control", "diff", str(tmp_path), "--from", "2024-11-05", "--to", "2024-11-07")
    assert res.returncode == 2 and "same snapshot" in res.stderr
    res = run_geo("control", "diff", str(tmp_path), "--from", "2024-11-01", "--to", "2024-11-05",
                  "--format", "gpkg")
    assert res.returncode == 2 and "needs -o" in res.stderr
