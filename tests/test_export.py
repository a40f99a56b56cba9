"""GIS exports: a GeoPackage that opens styled, RFC 7946 GeoJSON, safe CSV; atomic and identical on rerun."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import pyogrio
import pytest

import geo
from geo.errors import ExportError
from geo._csv import cell
from geo.export import DESCRIPTIONS, FIELDS, build_layers, write_export
from tests.conftest import run_geo

LAYERS = ["regions", "control", "claims", "mentions", "settlements"]


@pytest.fixture(scope="module")
def checked(seed_doc, shared_control):
    layer = geo.read_control(shared_control)
    return layer, geo.verify(seed_doc, layer)


def test_geopackage_opens_styled(seed_doc, checked, tmp_path):
    layer, report = checked
    path = write_export(seed_doc, tmp_path / "seed.gpkg", control=layer, verification=report)
    assert set(LAYERS) <= {name for name, _ in pyogrio.list_layers(path)}
    regions = pyogrio.read_dataframe(path, layer="regions")
    assert list(regions["code"]) == ["UA-09", "UA-14", "UA-23", "UA-48", "UA-63", "UA-65"]
    claims = pyogrio.read_dataframe(path, layer="claims").set_index("claim_id")
    four = claims.loc["c362b59f46c8e"]
    assert (four["stated_low"], four["stated_high"], four["stated_unit"]) == (70, 80, "%")
    assert (four["measured"], four["measured_unit"], four["verdict"]) == (77.36, "%", "consistent")
    assert pyogrio.read_info(path, layer="control")["crs"] == "EPSG:4326"
    con = sqlite3.connect(path)
    rows = con.execute("SELECT f_table_name, styleQML, useAsDefault FROM layer_styles ORDER BY id").fetchall()
    assert [r[0] for r in rows] == LAYERS and all(r[2] == 1 for r in rows)
    for _, qml, _ in rows:
        assert ET.fromstring(qml.split(">", 1)[1]).tag == "qgis"
    assert {r[0] for r in con.execute("SELECT last_change FROM gpkg_contents")} == {"2000-01-01T00:00:00.000Z"}
    con.close()
    if shutil.which("ogrinfo"):
        out = subprocess.run(["ogrinfo", "-ro", "-so", str(path), "regions"], capture_output=True, text=True)
        assert out.returncode == 0 and "Feature Count: 6" in out.stdout
        assert "Warning" not in out.stderr and "ERROR" not in out.stderr, out.stderr


def test_each_region_carries_its_own_measured_figures(seed_doc, checked, tmp_path, shared_control):
    """Read back with pyogrio, each region's share agrees with `geo control measure` within 0.1 point."""
    layer, report = checked
    path = write_export(seed_doc, tmp_path / "seed.gpkg", control=layer, verification=report)
    regions = pyogrio.read_dataframe(path, layer="regions").set_index("code")
    res = run_geo("control", "measure", str(shared_control), "--regions", ",".join(regions.index), "--format", "json")
    assert res.returncode == 0, res.stderr
    measured = {r["code"]: r for r in json.loads(res.stdout)["regions"]}
    assert set(measured) == set(regions.index)
    for code, row in regions.iterrows():
        assert abs(row["share_russia_pct"] - measured[code]["share_russia"] * 100) <= 0.1, code
        assert abs(row["russia_km2"] - measured[code]["russia_km2"]) <= 1, code
        assert abs(row["ukraine_km2"] - measured[code]["ukraine_km2"]) <= 1, code
        assert row["control_date"] == "2024-11-20" and row["control_source"] == shared_control.name
    # Luhansk and Donetsk differ (the four regions' 77.4% is the claim's, not theirs); Mykolaiv is not Kharkiv.
    assert regions.at["UA-09", "share_russia_pct"] > 98 and 60 < regions.at["UA-14", "share_russia_pct"] < 70
    assert regions.at["UA-48", "share_russia_pct"] < 1 and regions.at["UA-63", "share_russia_pct"] > 3


def test_a_region_outside_the_data_has_no_figures(checked, tmp_path):
    layer, _ = checked
    doc = geo.extract("Ukrainian troops hold about 600 km² of the Kursk region.", date="2024-11-20")
    regions = build_layers(doc, control=layer, verification=geo.verify(doc, layer))["regions"].set_index("code")
    kursk = regions.loc["RU-KRS"]
    assert kursk["share_russia_pct"] is None or kursk["share_russia_pct"] != kursk["share_russia_pct"]
    assert "outside the control data's coverage" in kursk["control_note"]


@pytest.fixture(scope="module")
def seed_gpkg(seed_doc, checked, tmp_path_factory):
    layer, report = checked
    return write_export(seed_doc, tmp_path_factory.mktemp("gpkg") / "seed.gpkg", control=layer, verification=report)


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="ogrinfo (GDAL) is not installed")
@pytest.mark.parametrize("layer", LAYERS)
def test_ogrinfo_sql_reads_every_field(seed_gpkg, layer):
    for field in FIELDS[layer]:
        out = subprocess.run(["ogrinfo", "-ro", "-q", str(seed_gpkg), "-sql", f"SELECT {field} FROM {layer}"],
                             capture_output=True, text=True)
        assert out.returncode == 0 and out.stderr == "", (layer, field, out.stderr)


def test_one_geometry_type_per_layer_and_descriptions(seed_gpkg):
    for layer in LAYERS:
        info = pyogrio.read_info(seed_gpkg, layer=layer)
        assert info["geometry_type"] == ("Point" if layer in ("mentions", "settlements") else "MultiPolygon"), layer
        assert info["layer_metadata"]["DESCRIPTION"] == DESCRIPTIONS[layer]
    con = sqlite3.connect(seed_gpkg)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 10200  # GeoPackage 1.2
    con.close()


def test_mentions_holds_every_mention(seed_doc, seed_gpkg):
    mentions = pyogrio.read_dataframe(seed_gpkg, layer="mentions")
    assert len(mentions) == len(seed_doc.mentions)
    virginia = mentions[mentions["region"] == "US-VA"]
    assert len(virginia) == 1 and virginia.geometry.iloc[0] is None and not virginia["drawn"].iloc[0]


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="ogrinfo (GDAL) is not installed")
def test_csv_sidecars_give_gdal_types_and_crs(seed_doc, tmp_path):
    path = write_export(seed_doc, tmp_path / "r.csv")
    assert path.with_suffix(".csvt").exists() and path.with_suffix(".prj").exists()
    out = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True)
    assert out.returncode == 0 and "WGS 84" in out.stdout and "Feature Count: 6" in out.stdout
    assert "share_russia_pct: Real" in out.stdout and "code: String" in out.stdout


def test_outputs_are_identical_on_rerun(seed_doc, checked, tmp_path):
    layer, report = checked
    for suffix in (".gpkg", ".geojson", ".csv"):
        a = write_export(seed_doc, tmp_path / f"a{suffix}", control=layer, verification=report).read_bytes()
        b = write_export(seed_doc, tmp_path / f"b{suffix}", control=layer, verification=report).read_bytes()
        assert a == b, suffix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.csvt", "a.geojson", "a.gpkg", "a.prj", "b.csv",
                                                          "b.csvt", "b.geojson", "b.gpkg", "b.prj"]


def test_geojson_is_rfc7946(seed_doc, tmp_path):
    doc = json.loads(write_export(seed_doc, tmp_path / "r.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    ids = [f["id"] for f in doc["features"]]
    assert ids == sorted(ids)
    coords = json.dumps([f["geometry"] for f in doc["features"]])
    assert all(len(n.split(".")[1]) <= 6 for n in coords.replace("[", " ").replace("]", " ").replace(",", " ").split()
               if "." in n)


def test_csv_keeps_raw_text_and_neutralises_formulas(tmp_path):
    text = "=HYPERLINK(\"x\") Russia controls about 70% of the Donetsk region. <b>{{x}}</b>"
    path = write_export(geo.extract(text), tmp_path / "r.csv")
    (row,) = list(csv.DictReader(path.open(encoding="utf-8")))
    assert row["code"] == "UA-14" and row["wkt"].startswith("MULTIPOLYGON") or row["wkt"].startswith("POLYGON")
    assert row["evidence"].startswith("'=HYPERLINK") and "<b>{{x}}</b>" in row["evidence"]


@pytest.mark.parametrize("value, expected", [("=1+1", "'=1+1"), ("+7", "'+7"), ("-2", "'-2"), ("@A1", "'@A1"),
                                         ("Kyiv", "Kyiv"), (None, ""), (70.0, "70.0"), (-2.5, "-2.5")])
def test_csv_cells(value, expected):
    assert cell(value) == expected


def test_layers_without_control(seed_doc):
    layers = build_layers(seed_doc)
    assert layers["control"].empty and len(layers["claims"]) == len(seed_doc.claims)
    assert set(layers["mentions"]["role"]) == {"territory", "actor", "reference"}


def test_bad_export_name(seed_doc, tmp_path):
    with pytest.raises(ExportError, match=r"unknown format '.shp'; use one of .gpkg, .geojson, .csv"):
        write_export(seed_doc, tmp_path / "x.shp")
    res = run_geo("export", str(geo.SEED), "-o", str(tmp_path / "x.txt"))
    assert res.returncode == 2 and "unknown format '.txt'" in res.stderr and not (tmp_path / "x.txt").exists()


def test_cli_export(tmp_path, shared_control):
    res = run_geo("export", str(geo.SEED), "--control", str(shared_control), "-o", str(tmp_path / "s.gpkg"))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(tmp_path / "s.gpkg") and res.stderr == ""
    res = run_geo("export", str(geo.SEED), "-o", str(tmp_path / "s.csv"))
    assert res.stdout.splitlines() == [str(tmp_path / f"s.{x}") for x in ("csvt", "prj", "csv")]


def test_claims_store_each_distinct_geometry_once(tmp_path):
    """Many claims about the same regions share one stored polygon; the claims layer still reads whole."""
    def gpkg(n: int):
        text = " ".join(f"Russia controls about {10 + i % 80}% of the Donetsk region." for i in range(n))
        return write_export(geo.extract(text), tmp_path / f"c{n}.gpkg")

    small, large = gpkg(10), gpkg(400)
    con = sqlite3.connect(large)
    assert con.execute("SELECT count(*) FROM claim_shapes").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM claim_records").fetchone()[0] == 400
    con.close()
    claims = pyogrio.read_dataframe(large, layer="claims")
    assert len(claims) == 400 and claims.geometry.notna().all()
    assert claims.geometry.iloc[0].equals(build_layers(geo.extract("Russia controls 5% of the Donetsk region."))
                                          ["claims"].geometry.iloc[0])
    # 390 more claims cost their attributes only, not 390 more copies of the Donetsk polygon
    assert (large.stat().st_size - small.stat().st_size) / 390 < 600


def test_a_claim_not_measured_has_no_control_date(tmp_path, shared_control):
    """The claims layer's control_date is the day its figure was measured on; a claim of another year, not
    measured ("no snapshot near ..."), has none: the field never names data that was not used."""
    doc = geo.extract("Russian forces control about 77% of the Donetsk region, up from roughly 65% a year ago.",
                      date="2024-11-20")
    layer = geo.read_control(shared_control)
    claims = build_layers(doc, control=layer, verification=geo.verify(doc, layer))["claims"]
    assert claims["control_date"].iloc[0] == "2024-11-20" and not isinstance(claims["control_date"].iloc[1], str)
    assert claims["verdict"].iloc[1] == "unverifiable"
