"""Settlements on the map and in GIS files: points by verdict, escaped tooltips, a styled GeoPackage layer."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET

import pyogrio
import pytest

import geo
from geo.export import write_export
from geo.render import map_html
from geo.settlement_layers import COLUMNS, VERDICT_COLOURS, settlement_rows, settlements_frame, settlements_qml

TEXT = ("Russia's defence ministry said its forces had captured Selydove and Kramatorsk. "
        "Ukrainian troops still hold Pokrovsk. Shelling hit Kupiansk.")


@pytest.fixture(scope="module")
def checked(shared_control):
    doc = geo.extract(TEXT, date="2024-11-20")
    return doc, geo.verify(doc, geo.read_control(str(shared_control)))


def test_rows_carry_claims_and_verdicts(checked):
    doc, report = checked
    rows = settlement_rows(doc, report)
    assert [(r["name"], r["relation"], r["verdict"]) for r in rows] == [
        ("Selydove", "captured", "consistent"), ("Kramatorsk", "captured", "inconsistent"),
        ("Pokrovsk", "holds", "consistent"), ("Kupiansk", None, None)]
    assert rows[1]["distance_to_line_km"] > 15 and rows[1]["control_date"] == "2024-11-20"


def test_frame_columns_and_types():
    frame = settlements_frame(geo.extract("Nothing here."))
    assert list(frame.columns) == [*COLUMNS, "geometry"] and frame.empty
    frame = settlements_frame(geo.extract("Russian forces are 5 km from Pokrovsk."))
    assert frame["stated_km"].tolist() == [5.0] and str(frame.crs) == "EPSG:4326"


def test_geopackage_layer_is_styled(checked, tmp_path):
    doc, report = checked
    path = write_export(doc, tmp_path / "t.gpkg", verification=report)
    layer = pyogrio.read_dataframe(path, layer="settlements")
    assert list(layer["verdict"][:3]) == ["consistent", "inconsistent", "consistent"]
    con = sqlite3.connect(path)
    (qml,) = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = 'settlements'").fetchone()
    con.close()
    root = ET.fromstring(qml.split(">", 1)[1])
    assert root.find("renderer-v2").get("attr") == "verdict"
    assert {c.get("value") for c in root.iter("category")} == {"consistent", "inconsistent", "near_line",
                                                                "unverifiable", ""}


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
def test_geojson_and_csv_of_the_settlements_layer(checked, tmp_path, suffix):
    doc, report = checked
    path = write_export(doc, tmp_path / f"t{suffix}", verification=report, layer="settlements")
    text = path.read_text(encoding="utf-8")
    if suffix == ".geojson":
        features = json.loads(text)["features"]
        assert {f["properties"]["name"] for f in features} == {"Selydove", "Kramatorsk", "Pokrovsk", "Kupiansk"}
        assert all(f["geometry"]["type"] == "Point" for f in features)
    else:
        assert text.splitlines()[0].split(",")[:3] == ["claim_id", "code", "name"] and "POINT (" in text


def test_unknown_layer_is_an_error(tmp_path):
    with pytest.raises(geo.ExportError, match="unknown layer 'towns'"):
        write_export(geo.extract("x"), tmp_path / "t.csv", layer="towns")


def test_map_has_markers_coloured_by_verdict(checked):
    doc, report = checked
    page = map_html(doc, verification=report)
    assert "Settlements named in the text" in page
    assert VERDICT_COLOURS["consistent"] in page and VERDICT_COLOURS["inconsistent"] in page
    assert "Claim inconsistent with it" in page and "geo-place-label" in page


def test_hostile_text_near_a_settlement_is_escaped():
    doc = geo.extract("<script>alert(1)</script> {{ 6*7 }} `${x}` Russian forces captured Avdiivka.")
    page = map_html(doc)
    assert "alert(1)</script>" not in page and "{{ 6*7 }}" not in page and "${x}" not in page
    # escaped for HTML, JS template literals and Jinja2 (`_safe_text`), then for <script> (\u0026 is "&")
    assert "\\u0026lt;script\\u0026gt;alert(1)" in page and "\\u0026#123;\\u0026#123; 6*7" in page
    assert page.count("<script") == page.count("</script>")


def test_map_is_byte_identical_on_rerun(checked):
    doc, report = checked
    assert map_html(doc, verification=report) == map_html(doc, verification=report)


def test_qml_parses():
    assert ET.fromstring(settlements_qml().split(">", 1)[1]).tag == "qgis"
