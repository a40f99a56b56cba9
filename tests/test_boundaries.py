"""User-supplied boundaries: COD-AB, geoBoundaries and GADM layouts, linking rules, errors, and their use."""

from __future__ import annotations

import json

import geopandas
import pytest
import shapely

import geo
from geo.boundaries import read_boundaries
from geo.control import ControlLayer, measure
from geo.errors import InputError
from tests.conftest import ROOT, run_geo

FIXTURE = ROOT / "tests" / "fixtures" / "boundaries" / "cod_ab_east.geojson"


@pytest.fixture(scope="module")
def shapes() -> dict:
    """Embedded polygons, coarsened so they differ from the embedded ones (and tests stay quick)."""
    frame = geo.Gazetteer.default().boundaries()
    return {code: shapely.simplify(geom, 0.01) for code, geom in zip(frame.index, frame.geometry.values)}


def write(tmp_path, rows: list[dict], shapes: dict, name: str = "units.geojson", crs: str = "EPSG:4326"):
    """A boundary file: one feature per row, its polygon from the row's ``_shape`` code."""
    frame = geopandas.GeoDataFrame([{k: v for k, v in r.items() if k != "_shape"} for r in rows],
                                   geometry=[shapes[r["_shape"]] for r in rows], crs="EPSG:4326").to_crs(crs)
    path = tmp_path / name
    frame.to_file(path, engine="pyogrio")
    return path


# Each source's layout, with the five Ukrainian units whose P-codes are not their ISO numbers.
LAYOUTS = {
    "cod-ab": ("ADM1_PCODE", "pcode", lambda e: {"ADM1_PCODE": e.pcode, "ADM1_EN": e.name_en, "ADM1_UA": e.name_uk,
                                                 "ADM0_EN": "Ukraine", "ADM0_PCODE": "UA"}),
    "geoboundaries": ("shapeISO", "iso", lambda e: {"shapeISO": e.code, "shapeName": f"{e.name_en} Oblast",
                                                    "shapeGroup": "UKR", "shapeType": "ADM1",
                                                    "shapeID": f"{e.code}-B1"}),
    "gadm": ("ISO_1", "iso", lambda e: {"GID_1": f"UKR.{e.code[3:]}_1", "NAME_1": e.name_en, "ISO_1": e.code,
                                        "HASC_1": "UA.XX", "NL_NAME_1": e.name_uk, "ENGTYPE_1": "Region"}),
    "names only": ("NAME", "name", lambda e: {"NAME": e.name_uk}),
}
SPECIAL = ["UA-43", "UA-09", "UA-77", "UA-30", "UA-40", "UA-14"]


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_each_source_layout_links_through_its_field(tmp_path, shapes, gaz, layout):
    field, scheme, props = LAYOUTS[layout]
    path = write(tmp_path, [{**props(gaz[c]), "_shape": c} for c in SPECIAL], shapes)
    found = read_boundaries(path)
    assert (found.field, found.scheme) == (field, scheme)
    assert sorted(found.frame.index) == sorted(SPECIAL)
    for code in SPECIAL:
        assert found.frame.geometry[code].equals_exact(shapes[code], 1e-5)


@pytest.mark.parametrize("pcode, code", [("UA01", "UA-43"), ("UA44", "UA-09"), ("UA73", "UA-77"), ("UA80", "UA-30"),
                                         ("UA85", "UA-40"), ("UA14", "UA-14"), ("UA63", "UA-63")])
def test_pcodes_that_differ_from_iso_numbers(gaz, pcode, code):
    assert gaz[code].pcode == pcode


def test_every_ukrainian_unit_has_its_own_pcode(gaz):
    pcodes = [e.pcode for e in gaz.regions("UA")]
    assert len(set(pcodes)) == 27 and all(p and p.startswith("UA") and len(p) == 4 for p in pcodes)
    assert not any(e.pcode for e in gaz.regions("RU"))


@pytest.mark.parametrize("written, code", [
    ("Donetsk Oblast", "UA-14"), ("Kharkivska oblast", "UA-63"), ("Sevastopol'", "UA-40"), ("м. Київ", "UA-30"),
    ("Автономна Республіка Крим", "UA-43"), ("Donets'k", "UA-14"), ("Luhans'ka Oblast'", "UA-09"),
    ("Zaporizhzhya", "UA-23"), ("Курская область", "RU-KRS"),
])
def test_names_as_boundary_files_spell_them(tmp_path, shapes, written, code):
    found = read_boundaries(write(tmp_path, [{"NAME": written, "_shape": code}], shapes))
    assert list(found.frame.index) == [code] and found.frame.at[code, "name"] == written


@pytest.mark.parametrize("suffix", ["gpkg", "shp", "geojson"])
def test_formats_and_a_projected_crs(tmp_path, shapes, gaz, suffix):
    rows = [{"ADM1_PCODE": gaz[c].pcode, "_shape": c} for c in ("UA-14", "UA-09")]
    found = read_boundaries(write(tmp_path, rows, shapes, f"units.{suffix}", crs="EPSG:32637"))
    assert sorted(found.frame.index) == ["UA-09", "UA-14"]
    assert any("reprojected" in n for n in found.notes)
    assert found.frame.geometry["UA-14"].equals_exact(shapes["UA-14"], 1e-4)


def test_an_admin2_file_is_dissolved_by_its_admin1_field(tmp_path, shapes):
    donetsk = shapes["UA-14"]
    x0, y0, x1, y1 = donetsk.bounds
    halves = {"west": donetsk.intersection(shapely.box(x0, y0, (x0 + x1) / 2, y1)),
              "east": donetsk.intersection(shapely.box((x0 + x1) / 2, y0, x1, y1))}
    rows = [{"ADM2_PCODE": f"UA14{i:02d}", "ADM2_EN": f"Rayon {k}", "ADM1_PCODE": "UA14", "_shape": k}
            for i, k in enumerate(halves)]
    found = read_boundaries(write(tmp_path, rows, {**shapes, **halves}))
    assert found.field == "ADM1_PCODE" and list(found.frame.index) == ["UA-14"]
    assert found.frame.at["UA-14", "features"] == 2 and any("dissolved 2 features into 1 units" in n for n in found.notes)
    assert abs(found.frame.geometry["UA-14"].area / donetsk.area - 1) < 1e-6


def test_a_file_of_several_layers_is_read_at_the_layer_that_links_most(tmp_path, shapes, gaz):
    """GADM's GeoPackage: country, admin-1 and admin-2 layers; the admin-1 one is read."""
    path = tmp_path / "gadm41_UKR.gpkg"
    codes = ["UA-14", "UA-09", "UA-23"]
    layers = {
        "ADM_ADM_0": [{"GID_0": "UKR", "COUNTRY": "Ukraine", "_shape": "UA-14"}],
        "ADM_ADM_1": [{"GID_1": f"UKR.{i}_1", "NAME_1": gaz[c].name_en, "ISO_1": c, "_shape": c} for i, c in enumerate(codes)],
        "ADM_ADM_2": [{"GID_2": f"UKR.{i}.{j}_1", "NAME_1": gaz[c].name_en, "ISO_1": c, "_shape": c}
                      for i, c in enumerate(codes) for j in (1, 2)],
    }
    for layer, rows in layers.items():
        frame = geopandas.GeoDataFrame([{k: v for k, v in r.items() if k != "_shape"} for r in rows],
                                       geometry=[shapes[r["_shape"]] for r in rows], crs="EPSG:4326")
        frame.to_file(path, layer=layer, engine="pyogrio")
    found = read_boundaries(path)
    assert (found.layer, found.field, sorted(found.frame.index)) == ("ADM_ADM_1", "ISO_1", sorted(codes))
    assert found.notes[0] == "read layer 'ADM_ADM_1', which links the most units, of 3 layers"
    assert read_boundaries(path, layer="ADM_ADM_2").frame["features"].tolist() == [2, 2, 2]
    with pytest.raises(InputError) as err:
        read_boundaries(path, layer="ADM_ADM_0")
    assert "(layer 'ADM_ADM_0'): no feature links to a unit" in str(err.value)
    only_country = tmp_path / "country.gpkg"
    for layer in ("A", "B"):
        geopandas.GeoDataFrame({"GID_0": ["UKR"]}, geometry=[shapes["UA-14"]], crs="EPSG:4326").to_file(
            only_country, layer=layer, engine="pyogrio")
    with pytest.raises(InputError) as err:
        read_boundaries(only_country)
    assert "no layer links to units of UA, RU (layer 'A': no feature links" in str(err.value)


def test_other_countries_are_left_out_with_a_note(tmp_path, shapes):
    rows = [{"shapeISO": "UA-14", "_shape": "UA-14"}, {"shapeISO": "RU-KRS", "_shape": "RU-KRS"},
            {"shapeISO": "BY-HO", "_shape": "UA-74"}]
    found = read_boundaries(write(tmp_path, rows, shapes))
    assert sorted(found.frame.index) == ["RU-KRS", "UA-14"]
    assert "left out 1 features of countries other than UA, RU" in found.notes


def test_code_field_chooses_the_field(tmp_path, shapes, gaz):
    rows = [{"ADM1_PCODE": "UA14", "ADM1_EN": "Donetska", "_shape": "UA-14"}]
    assert read_boundaries(write(tmp_path, rows, shapes), code_field="ADM1_EN").scheme == "name"


@pytest.mark.parametrize("rows, kwargs, message", [
    ([{"NAME": "Donetsk", "_shape": "UA-14"}, {"NAME": "Atlantis", "_shape": "UA-09"}], {},
     "1 features link to no unit through 'NAME' (read as name): #1 'Atlantis'"),
    ([{"NAME_1": "Kiev", "_shape": "UA-32"}, {"NAME_1": "Kiev City", "_shape": "UA-30"}], {},
     "several features have names of one unit: UA-30 from ['Kiev', 'Kiev City']"),
    ([{"shapeISO": "UA-63", "_shape": "UA-14"}], {}, "'UA-63' -> UA-63 (Kharkiv): 0% inside it"),
    ([{"ISO": "UA-14", "_shape": "UA-14"}], {"code_field": "CODE"}, "no field 'CODE'; fields are ['ISO']"),
    ([{"ID": "17", "_shape": "UA-14"}], {}, "no feature links to a unit of UA, RU (fields ['ID'])"),
])
def test_features_that_cannot_be_linked_are_an_error(tmp_path, shapes, rows, kwargs, message):
    path = write(tmp_path, rows, shapes)
    with pytest.raises(InputError) as err:
        read_boundaries(path, **kwargs)
    assert str(path) in str(err.value) and message in str(err.value)


def test_the_gazetteer_takes_the_new_polygons(gaz):
    found = read_boundaries(FIXTURE)
    user = gaz.with_boundaries(found)
    assert user.boundary_source is found and gaz.boundary_source is None
    assert user["UA-09"].polygon_km2 != gaz["UA-09"].polygon_km2
    assert user["UA-09"].official_km2 == gaz["UA-09"].official_km2
    assert user["DONBAS"].polygon_km2 == pytest.approx(user["UA-14"].polygon_km2 + user["UA-09"].polygon_km2, abs=0.2)
    assert user.boundaries("UA-09").geometry.iloc[0].equals(found.frame.geometry["UA-09"])
    assert user.boundaries("UA-05").geometry.iloc[0].equals(gaz.boundaries("UA-05").geometry.iloc[0])
    on_map = user.boundaries("UA-09", simplified=True).geometry.iloc[0]
    assert not on_map.equals(gaz.boundaries("UA-09", simplified=True).geometry.iloc[0])
    assert shapely.area(shapely.symmetric_difference(on_map, found.frame.geometry["UA-09"])) < 0.02 * on_map.area


def test_measures_follow_the_new_polygons(tmp_path, gaz):
    # A unit shrunk by ~5 km: a layer holding exactly it is all of it on these boundaries, less on the embedded ones.
    small = gaz.boundaries("UA-09").geometry.iloc[0].buffer(-0.05)
    path = tmp_path / "luhansk.geojson"
    geopandas.GeoDataFrame({"shapeISO": ["UA-09"]}, geometry=[small], crs="EPSG:4326").to_file(path)
    user = gaz.with_boundaries(read_boundaries(path))
    layer = ControlLayer((small,), ("occupied",), "test", "2024-11-20", "generic")
    assert measure(layer, ["UA-09"], gazetteer=user)["UA-09"].share_russia > 0.999
    assert measure(layer, ["UA-09"], gazetteer=gaz)["UA-09"].share_russia < 0.97


def test_cli_verify_names_the_boundaries_in_its_report(validate_verify):
    res = run_geo("verify", str(geo.SEED), "--control", str(ROOT / "tests/fixtures/control/isw_control_2024-11-20.geojson"),
                  "--boundaries", str(FIXTURE), "--format", "json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    validate_verify(report)
    assert report["boundaries"]["field"] == "ADM1_PCODE" and report["boundaries"]["units"] == ["UA-09", "UA-14"]
    assert "2 units linked through ADM1_PCODE (pcode)" in res.stderr


def test_cli_measure_and_map_take_boundaries(tmp_path):
    control = str(ROOT / "tests/fixtures/control/isw_control_2024-11-20.geojson")
    res = run_geo("control", "measure", control, "--regions", "DONBAS", "--format", "json", "--boundaries", str(FIXTURE))
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["boundaries"]["scheme"] == "pcode"
    out = tmp_path / "m.html"
    res = run_geo("map", str(geo.SEED), "--boundaries", str(FIXTURE), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "Boundaries: cod_ab_east.geojson for 2 units (linked by ADM1_PCODE)" in out.read_text(encoding="utf-8")


def test_cli_boundary_field_needs_boundaries():
    res = run_geo("verify", str(geo.SEED), "--control", "x.geojson", "--boundary-field", "ISO")
    assert res.returncode == 2 and "--boundary-field and --boundary-layer need --boundaries" in res.stderr


def test_a_hostile_file_name_reaches_the_map_as_text(tmp_path, gaz):
    path = tmp_path / "<img src=x onerror=alert(1)>{{7*6}}.geojson"
    path.write_bytes(FIXTURE.read_bytes())
    html = geo.map_html(geo.extract("Fighting in Luhansk."), gazetteer=gaz.with_boundaries(read_boundaries(path)))
    assert "<img src=x" not in html and "{{7*6}}" not in html and "42.geojson" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_cli_regions_shows_which_units_the_file_gives():
    res = run_geo("regions", "--country", "UA", "--format", "json", "--boundaries", str(FIXTURE))
    assert res.returncode == 0, res.stderr
    rows = {r["code"]: r for r in json.loads(res.stdout)}
    assert {c for c, r in rows.items() if r["boundary"] == "user"} == {"UA-09", "UA-14"}
    assert rows["UA-09"]["polygon_km2"] == pytest.approx(26285.5, abs=1)  # the file's polygon, not the embedded 26,310


def test_export_names_where_each_polygon_comes_from(tmp_path, gaz):
    user = gaz.with_boundaries(read_boundaries(FIXTURE))
    out = geo.write_export(geo.extract(geo.read_text(geo.SEED)), tmp_path / "seed.gpkg", gazetteer=user)
    regions = geopandas.read_file(out, layer="regions").set_index("code")
    assert regions.at["UA-09", "boundary"] == "cod_ab_east.geojson (ADM1_PCODE)"
    assert regions.at["UA-63", "boundary"] == "Natural Earth"
    assert shapely.symmetric_difference(regions.geometry["UA-09"], user.boundaries("UA-09").geometry.iloc[0]).area < 1e-8


def test_a_hostile_field_name_reaches_the_map_and_files_as_text(tmp_path, shapes, gaz):
    field = "<img src=x onerror=alert(1)>{{7*6}}"
    path = write(tmp_path, [{field: "UA-14", "_shape": "UA-14"}], shapes)
    user = gaz.with_boundaries(read_boundaries(path))
    assert user.boundary_source.field == field
    html = geo.map_html(geo.extract("Russia controls 70% of the Donetsk region."), gazetteer=user)
    assert "<img src=x" not in html and "{{7*6}}" not in html and "(linked by 42)" not in html
    out = geo.write_export(geo.extract("Russia controls 70% of the Donetsk region."), tmp_path / "r.csv",
                           gazetteer=user)
    assert f"units.geojson ({field})" in out.read_text(encoding="utf-8")  # files keep the raw text
