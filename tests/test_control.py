"""Control layers: every format read faithfully, bad files refused, control measured geodesically."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import box

from geo.control import BAND_KM, combine, measure, read_control
from geo.errors import InputError
from tests.conftest import geopackage_without_layers, zip_without_geodata

FIXTURES = Path(__file__).parent / "fixtures" / "control"
OCCUPIED_SQUARE = box(37.5, 47.8, 38.0, 48.2)  # inside Donetsk oblast
CONTESTED_SQUARE = box(37.0, 48.5, 37.2, 48.6)  # inside Donetsk oblast


def km2(geom) -> float:
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


@pytest.mark.parametrize(
    "name, fmt, date, statuses",
    [
        ("deepstate_api_20241120.geojson", "deepstate-api", "2024-11-20",
         ["occupied", "contested", "liberated", "occupied_before_2022"]),
        ("deepstatemap_data_20241101.geojson", "deepstate-archive", "2024-11-01", ["occupied"]),
        ("isw_control_2024-11-20.geojson", "isw", "2024-11-20", ["occupied", "contested", "occupied_before_2022"]),
        ("ISW_Assessed_Russian_Advances_in_Ukraine_20241120.geojson", "isw", "2024-11-20", ["contested"]),
        ("generic_holder.geojson", "generic", None, ["occupied", "occupied"]),
    ],
)
def test_formats(name, fmt, date, statuses):
    layer = read_control(FIXTURES / name)
    assert (layer.format, layer.date, list(layer.frame["status"])) == (fmt, date, statuses)
    assert layer.frame.crs.to_epsg() == 4326
    assert not shapely.has_z(layer.frame.geometry.values).any()


def test_deepstate_api_drops_points_lines_and_jokes():
    layer = read_control(FIXTURES / "deepstate_api_20241120.geojson")
    assert "ignored 2 point and line features" in layer.notes
    assert "dropped 1 polygons outside Ukraine" in layer.notes


def test_status_field_picks_occupied():
    layer = read_control(FIXTURES / "generic_holder.geojson", status_field="holder", occupied_value="RU")
    assert list(layer.frame["status"]) == ["occupied", "other"]
    with pytest.raises(InputError, match=r"no field 'owner'; fields are \['holder', 'note'\]"):
        read_control(FIXTURES / "generic_holder.geojson", status_field="owner")


@pytest.mark.parametrize("driver, suffix", [("GPKG", ".gpkg"), ("ESRI Shapefile", ".shp"), ("FlatGeobuf", ".fgb"),
                                            ("KML", ".kml")])
def test_any_polygon_format_pyogrio_reads(tmp_path, driver, suffix):
    frame = geopandas.read_file(FIXTURES / "generic_holder.geojson")
    path = tmp_path / f"control{suffix}"
    try:
        frame.to_file(path, driver=driver, engine="pyogrio")
    except Exception as err:  # a GDAL build without this driver
        pytest.skip(f"GDAL cannot write {driver}: {err}")
    layer = read_control(path, status_field="holder", occupied_value="RU")
    assert sorted(layer.frame["status"]) == ["occupied", "other"]
    assert layer.held_by_russia().equals_exact(OCCUPIED_SQUARE.normalize(), 1e-6) or \
        abs(km2(layer.held_by_russia()) - km2(OCCUPIED_SQUARE)) < 1


def test_projected_crs_is_reprojected_and_said(tmp_path):
    path = tmp_path / "webmercator.gpkg"
    geopandas.read_file(FIXTURES / "generic_holder.geojson").to_crs(3857).to_file(path)
    layer = read_control(path, status_field="holder", occupied_value="RU")
    assert any("reprojected from EPSG:3857" in n for n in layer.notes)
    assert km2(layer.held_by_russia()) == pytest.approx(km2(OCCUPIED_SQUARE), rel=1e-3)


def _write(tmp_path, features, name="bad.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _poly(coords):
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [coords]}}


def test_invalid_rings_are_repaired_and_said(tmp_path):
    bowtie = [[37.0, 48.0], [37.5, 48.5], [37.5, 48.0], [37.0, 48.5], [37.0, 48.0]]
    layer = read_control(_write(tmp_path, [_poly(bowtie)]))
    assert layer.frame.geometry.is_valid.all()
    assert any("repaired 1 invalid geometries" in n and "Self-intersection" in n for n in layer.notes)


@pytest.mark.parametrize(
    "content, message",
    [
        ({"type": "FeatureCollection", "features": []}, "has no features"),
        ({"type": "FeatureCollection", "features": [_poly([[4160000, 6100000], [4170000, 6100000], [4170000, 6110000],
                                                           [4160000, 6100000]])]}, "projected CRS, but the file declares none"),
        ({"type": "FeatureCollection", "features": [_poly([[48.0, 37.0], [48.5, 37.0], [48.5, 37.5], [48.0, 37.0]])]},
         "latitude and longitude look swapped"),
        ({"type": "FeatureCollection", "features": [_poly([[-100, 40], [-99, 40], [-99, 41], [-100, 40]])]},
         "nowhere near Ukraine"),
        ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                     "geometry": {"type": "Point", "coordinates": [37, 48]}}]},
         "no polygon features"),
    ],
)
def test_bad_control_files(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        read_control(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("text, message", [("", "the control file is empty"), ("not geodata", "not a readable geodata"),
                                           ('{"type": "FeatureCollection", "feat', "not a readable geodata")])
def test_unreadable_control_files(tmp_path, text, message):
    path = tmp_path / "x.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_control(path)


def test_measure_matches_geodesic_areas(gaz):
    layer = read_control(FIXTURES / "deepstate_api_20241120.geojson")
    donetsk = measure(layer, ["UA-14"], gazetteer=gaz)["UA-14"]
    assert donetsk.share_russia * donetsk.area_km2 == pytest.approx(km2(OCCUPIED_SQUARE), rel=1e-3)
    assert donetsk.share_contested * donetsk.area_km2 == pytest.approx(km2(CONTESTED_SQUARE), rel=1e-3)
    assert donetsk.russia_km2 == pytest.approx(donetsk.share_russia * 26517)  # official area
    assert donetsk.russia_km2 + donetsk.contested_km2 + donetsk.ukraine_km2 == pytest.approx(26517)


def test_coast_band_settles_slivers(gaz):
    """Control that stops short of the gazetteer's coast is counted to the coast, not left as a sliver."""
    from geo.control import ControlLayer

    crimea = gaz.boundaries("UA-43").geometry.iloc[0]
    ukraine = shapely.union_all(gaz.boundaries("UA").geometry.values)
    short = crimea.intersection(ukraine.buffer(-0.01))  # about 1 km short of the coast, as real layers are

    layer = ControlLayer((short,), ("occupied",), "test", None, "generic")
    raw = km2(short) / km2(crimea)
    assert raw < 0.985
    assert measure(layer, ["UA-43"], gazetteer=gaz)["UA-43"].share_russia > 0.999
    assert BAND_KM == 2.0


def test_front_lines_inside_the_country_do_not_move(gaz):
    from geo.control import ControlLayer

    layer = ControlLayer((OCCUPIED_SQUARE,), ("occupied",), "test", None, "generic")
    assert measure(layer, ["UA-14"], gazetteer=gaz)["UA-14"].share_russia * gaz["UA-14"].polygon_km2 == \
        pytest.approx(km2(OCCUPIED_SQUARE), rel=1e-3)


def test_shared_snapshot_figures(gaz, shared_control):
    """The 2024-11-20 DeepStateMap snapshot against the embedded boundaries."""
    layer = read_control(shared_control)
    m = measure(layer, ["UA"], gazetteer=gaz)
    four = combine([m[c] for c in gaz.expand("FOUR-ANNEXED")], "FOUR-ANNEXED", "four")
    assert 0.74 <= four.share_russia <= 0.795
    assert 23_000 <= four.ukraine_km2 <= 26_800
    assert 100_000 <= combine(list(m.values()), "UA", "Ukraine").russia_km2 <= 118_000
    assert m["UA-63"].share_russia < 0.05 and m["UA-48"].share_russia < 0.05
    assert m["UA-43"].share_russia > 0.995 and m["UA-09"].share_russia > 0.98


@pytest.mark.parametrize("name", ["deepstatemap_data_20241101.geojson", "generic_holder.geojson",
                                  "deepstate_api_20241120.geojson"])
def test_fast_geojson_reading_matches_gdal(name, monkeypatch):
    import geo._polygons as polygons

    fast = read_control(FIXTURES / name)
    monkeypatch.setattr(polygons, "_read_geojson", lambda path: None)  # force pyogrio
    slow = read_control(FIXTURES / name)
    assert fast.statuses == slow.statuses and fast.format == slow.format
    assert all(a.equals(b) for a, b in zip(fast.geometries, slow.geometries))


def test_empty_geopackage_and_zip_without_geodata(tmp_path):
    gpkg = tmp_path / "empty.gpkg"
    geopackage_without_layers(gpkg)
    with pytest.raises(InputError, match="the GeoPackage has no layers"):
        read_control(gpkg)
    archive = tmp_path / "layers.zip"
    zip_without_geodata(archive)
    with pytest.raises(InputError, match=r"the zip holds no shapefile or other geodata file \(1 files: readme.txt\)"):
        read_control(archive)
    (tmp_path / "fake.gpkg").write_text("not sqlite", encoding="utf-8")
    with pytest.raises(InputError, match="not a GeoPackage"):
        read_control(tmp_path / "fake.gpkg")


def _square(z: bool = False) -> list:
    ring = [[37.0, 48.0], [37.5, 48.0], [37.5, 48.5], [37.0, 48.5], [37.0, 48.0]]
    return [[*xy, 120.0] for xy in ring] if z else ring


@pytest.mark.parametrize("features, note", [
    ([_poly(_square()[:-1])], "closed the rings of 1 polygons"),  # the ring does not end where it began
    ([{"type": "Feature", "properties": {}, "geometry": None}, _poly(_square())], "dropped 1 features without geometry"),
    ([{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": []}}, _poly(_square())],
     "dropped 1 features without geometry"),
    ([_poly(_square(z=True))], None),  # heights are dropped
])
def test_repairable_control_files_are_read_and_say_what_was_done(tmp_path, features, note):
    layer = read_control(_write(tmp_path, features))
    assert len(layer.geometries) == 1 and not layer.geometries[0].has_z
    assert layer.geometries[0].area == pytest.approx(0.25)
    assert note is None or any(note in n for n in layer.notes)


def test_a_cached_grid_shared_by_threads_measures_each_layer_as_alone(gaz):
    """`measure` shares one cached grid per set of units; threads measuring different layers do not mix."""
    from concurrent.futures import ThreadPoolExecutor

    from geo.control import ControlLayer

    small = ControlLayer((box(37.5, 47.9, 37.7, 48.1),), ("occupied",), "a", None, "generic")
    large = ControlLayer((OCCUPIED_SQUARE,), ("occupied",), "b", None, "generic")
    alone = {id(layer): measure(layer, ["UA-14"], gazetteer=gaz)["UA-14"].share_russia for layer in (small, large)}
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda layer: (id(layer), measure(layer, ["UA-14"], gazetteer=gaz)["UA-14"].share_russia),
                            [small, large] * 6))
    assert all(share == alone[key] for key, share in got)
