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
from geo.export import _csv_cell, build_layers, write_export
from tests.conftest import run_geo

LAYERS = ["regions", "control", "claims", "mentions", "settlements"]


@pytest.fixture(scope="module")
def checked(seed_doc, shared_control):
    layer = geo.read_control(shared_control)
    return layer, geo.verify(seed_doc, layer)


def test_geopackage_opens_styled(seed_doc, checked, tmp_path):
    layer, report = checked
    path = write_export(seed_doc, tmp_path / "seed.gpkg", control=layer, verification=report)
    assert [name for name, _ in pyogrio.list_layers(path)][:5] == LAYERS
    regions = pyogrio.read_dataframe(path, layer="regions")
    assert list(regions["code"]) == ["UA-09", "UA-14", "UA-23", "UA-48", "UA-63", "UA-65"]
    four = regions.set_index("code").loc["UA-14"]
    assert (four["stated_low"], four["stated_high"], four["verdict"]) == (70, 80, "consistent")
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


def test_outputs_are_identical_on_rerun(seed_doc, checked, tmp_path):
    layer, report = checked
    for suffix in (".gpkg", ".geojson", ".csv"):
        a = write_export(seed_doc, tmp_path / f"a{suffix}", control=layer, verification=report).read_bytes()
        b = write_export(seed_doc, tmp_path / f"b{suffix}", control=layer, verification=report).read_bytes()
        assert a == b, suffix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.geojson", "a.gpkg", "b.csv", "b.geojson", "b.gpkg"]


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


@pytest.mark.parametrize("value, cell", [("=1+1", "'=1+1"), ("+7", "'+7"), ("-2", "'-2"), ("@A1", "'@A1"),
                                         ("Kyiv", "Kyiv"), (None, ""), (70.0, "70.0")])
def test_csv_cells(value, cell):
    assert _csv_cell(value) == cell


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
