"""The command line as a user runs it: outputs, formats, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pathlib import Path

import geo
from tests.conftest import geopackage_without_layers, run_geo, zip_without_geodata


def test_extract_json_validates_and_links_the_seed(validate):
    res = run_geo("extract", str(geo.SEED), "--format", "json")
    assert res.returncode == 0, res.stderr
    out = validate(json.loads(res.stdout))
    assert out["document"]["date"] == "2024-11-20"
    territory = {r for m in out["mentions"] if m["role"] == "territory" for r in m["regions"]}
    assert territory == {"UA-14", "UA-09", "UA-23", "UA-65", "UA-63", "UA-48"}


def test_extract_table_is_readable():
    res = run_geo("extract")
    assert res.returncode == 0
    assert "territory: UA-14, UA-09, UA-23, UA-65, UA-63, UA-48" in res.stdout
    assert "RU controls UA-14, UA-09, UA-23, UA-65  [70–80%]  asserted" in res.stdout
    assert "UA holds UA-14, UA-09, UA-23, UA-65  [around 26,000 km2]" in res.stdout


def test_regions_json_lists_27_units():
    res = run_geo("regions", "--country", "UA", "--format", "json")
    rows = json.loads(res.stdout)
    assert len(rows) == 27 and len({r["code"] for r in rows}) == 27
    assert abs(sum(r["polygon_km2"] for r in rows) / 603_628 - 1) < 0.015
    assert set(rows[0]) == {"code", "name_en", "name_uk", "name_ru", "type", "official_km2", "polygon_km2"}


def test_regions_csv():
    res = run_geo("regions", "--country", "ru", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 83 and rows[0]["code"].startswith("RU-")


def test_unknown_country_lists_valid_ones():
    res = run_geo("regions", "--country", "XX")
    assert res.returncode == 2
    assert "'XX'" in res.stderr and "UA" in res.stderr and "RU" in res.stderr


def test_map_writes_html_and_prints_its_path(tmp_path):
    res = run_geo("map", str(geo.SEED), "-o", str(tmp_path / "seed.html"))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(tmp_path / "seed.html")
    assert (tmp_path / "seed.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_map_default_goes_under_maps(tmp_path):
    res = run_geo("map", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "maps" / "2024-11-20-kremlin-ceasefire-terms.html").exists()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "e.txt").write_bytes(b"") and d / "e.txt" or d / "e.txt", "the file is empty"),
        (lambda d: (d / "l.txt").write_bytes(b"Kyiv \xff\xfe") and d / "l.txt" or d / "l.txt", "not UTF-8 text"),
        (lambda d: (d / "b.bin").write_bytes(b"\x00\x01\x02" * 100) and d / "b.bin" or d / "b.bin", "binary"),
    ],
)
@pytest.mark.parametrize("command", ["extract", "map"])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, make, message, command):
    src = tmp_path / "in"
    src.mkdir()
    path = make(src)
    out = tmp_path / "out" / "result.html"
    res = run_geo(command, str(path), "-o", str(out))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0]
    assert not out.exists() and res.stdout == ""


def test_bad_date_is_a_usage_error():
    res = run_geo("extract", str(geo.SEED), "--date", "yesterday")
    assert res.returncode == 2 and "'yesterday' is not a YYYY-MM-DD date" in res.stderr


def test_help_shows_examples():
    for cmd in ("extract", "map", "regions"):
        res = run_geo(cmd, "--help")
        assert res.returncode == 0 and "Examples:" in res.stdout


def test_map_png_and_bad_tiles(tmp_path):
    res = run_geo("map", "--format", "png", "-o", str(tmp_path / "m.png"))
    assert res.returncode == 0 and (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    res = run_geo("map", "--tiles", "Nope", "-o", str(tmp_path / "m.html"))
    assert res.returncode == 2 and "unknown tile provider 'Nope'" in res.stderr and not (tmp_path / "m.html").exists()


def _feature_collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _polygon(ring) -> dict:
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


#: Control files that cannot be used: (file name, how to make it, what the one-line error says).
BAD_CONTROL = [
    ("missing.geojson", None, "no such control file"),
    ("empty.geojson", b"", "the control file is empty"),
    ("text.geojson", b"this is not geodata", "not a readable geodata file"),
    ("binary.fgb", bytes(range(256)) * 8, "not a readable geodata file"),
    ("truncated.geojson", _feature_collection(_polygon([[37, 48], [38, 48], [38, 49], [37, 48]]))[:-20],
     "not a readable geodata file"),
    ("nothing.geojson", _feature_collection(), "the control file has no features"),
    ("nulls.geojson", _feature_collection({"type": "Feature", "properties": {}, "geometry": None}),
     "no polygon features"),
    ("emptygeom.geojson", _feature_collection({"type": "Feature", "properties": {},
                                              "geometry": {"type": "Polygon", "coordinates": []}}),
     "no polygon features"),
    ("projected.geojson", _feature_collection(_polygon([[4160000, 6100000], [4170000, 6100000],
                                                        [4170000, 6110000], [4160000, 6100000]])),
     "a projected CRS, but the file declares none"),
    ("swapped.geojson", _feature_collection(_polygon([[48, 37], [48.5, 37], [48.5, 37.5], [48, 37]])),
     "latitude and longitude look swapped"),
    ("nolayers.gpkg", geopackage_without_layers, "the GeoPackage has no layers"),
    ("archive.zip", zip_without_geodata, "the zip holds no shapefile"),
]


@pytest.mark.parametrize("name, make, message", BAD_CONTROL, ids=[c[0] for c in BAD_CONTROL])
@pytest.mark.parametrize("command, output", [("map", "map.html"), ("export", "all.gpkg"), ("verify", "check.json")])
def test_bad_control_file_exits_2_with_one_line_and_writes_nothing(tmp_path, name, make, message, command, output):
    path = tmp_path / name
    if isinstance(make, bytes):
        path.write_bytes(make)
    elif make is not None:
        make(path)
    out = tmp_path / "out" / output
    args = [command, str(geo.SEED), "--control", str(path), "-o", str(out)]
    if command == "verify":
        args += ["--format", "json"]
    res = run_geo(*args)
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], res.stderr
    assert not out.exists() and not (out.parent.exists() and any(out.parent.iterdir()))


@pytest.mark.parametrize("name, make, message", BAD_CONTROL, ids=[c[0] for c in BAD_CONTROL])
def test_bad_boundary_file_exits_2_with_one_line_and_writes_nothing(tmp_path, name, make, message):
    path = tmp_path / name
    if isinstance(make, bytes):
        path.write_bytes(make)
    elif make is not None:
        make(path)
    out = tmp_path / "out" / "map.html"
    res = run_geo("map", str(geo.SEED), "--boundaries", str(path), "-o", str(out))
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message.replace("control", "boundary") in lines[0], res.stderr
    assert not out.exists() and not out.parent.exists()


def test_unwritable_output_exits_2_and_leaves_the_input(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me", encoding="utf-8")
    res = run_geo("extract", str(geo.SEED), "-o", str(blocker / "claims.json"))
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1 and "cannot write here" in res.stderr
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_extract_reads_standard_input_and_several_files(tmp_path):
    import subprocess
    import sys

    text = "Russia holds about 70% of the Donetsk region."
    res = subprocess.run([sys.executable, "-m", "geo.cli", "extract", "-", "--format", "json"], input=text,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["claims"][0]["regions"] == ["UA-14"]
    other = tmp_path / "b.txt"
    other.write_text("Ukraine holds most of the Kharkiv region.", encoding="utf-8")
    res = run_geo("extract", str(geo.SEED), str(other), "--format", "json")
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(docs) == 2 and docs[1]["document"]["path"] == str(other)


def test_written_paths_go_to_stdout_and_quiet_silences_messages(tmp_path):
    res = run_geo("extract", str(geo.SEED), "--format", "json", "-o", str(tmp_path / "c.json"))
    assert res.returncode == 0 and res.stdout == f"{tmp_path / 'c.json'}\n" and res.stderr == ""
    res = run_geo("map", "--tiles", "CartoDB.Positron", "-o", str(tmp_path / "t.html"))
    assert res.returncode == 0 and res.stdout == f"{tmp_path / 't.html'}\n"
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("geo: --tiles CartoDB.Positron: ") and "Warning" not in res.stderr
    res = run_geo("--quiet", "map", "--tiles", "CartoDB.Positron", "-o", str(tmp_path / "t.html"))
    assert res.returncode == 0 and res.stderr == ""
    res = run_geo("--version")
    assert res.returncode == 0 and res.stdout.startswith("geo, version ")


@pytest.mark.parametrize("args, code, message", [
    (["-o", "{tmp}/m.png"], 0, None),
    (["-o", "{tmp}/m.png", "--format", "html"], 2, "--format html does not match"),
    (["-o", "{tmp}/m.txt"], 2, "ends in neither .html nor .png"),
    (["-o", "{tmp}/m.HTML"], 0, None),
])
def test_the_output_name_decides_the_map_format(tmp_path, args, code, message):
    args = [a.format(tmp=tmp_path) for a in args]
    res = run_geo("map", *args)
    assert res.returncode == code, res.stderr
    out = Path(args[1])
    if code == 0:
        head = out.read_bytes()[:15]
        assert head.startswith(b"\x89PNG") if out.suffix == ".png" else head.startswith(b"<!DOCTYPE html>")
    else:
        assert message in res.stderr and not out.exists()


def test_verify_fail_on_inconsistent_exits_3(tmp_path, shared_control):
    doc = tmp_path / "r.txt"
    doc.write_text("Russia controls about 20% of the Luhansk region.", encoding="utf-8")
    res = run_geo("verify", str(doc), "--date", "2024-11-20", "--control", str(shared_control))
    assert res.returncode == 0 and "INCONSISTENT" in res.stdout
    res = run_geo("verify", str(doc), "--date", "2024-11-20", "--control", str(shared_control),
                  "--fail-on", "inconsistent")
    assert res.returncode == 3 and "INCONSISTENT" in res.stdout and "1 figure(s) inconsistent" in res.stderr
    res = run_geo("verify", str(geo.SEED), "--control", str(shared_control), "--fail-on", "inconsistent")
    assert res.returncode == 0, res.stderr


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_fetch_refuses_a_future_date_before_any_request(tmp_path):
    res = run_geo("control", "fetch", "deepstate", "--date", "2999-01-01", "--base-url",
                  f"http://127.0.0.1:{_closed_port()}", "--cache-dir", str(tmp_path))
    assert res.returncode == 2 and "is in the future" in res.stderr and "could not reach" not in res.stderr


def test_fetch_from_an_unreachable_server_exits_1(tmp_path):
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-20", "--base-url",
                  f"http://127.0.0.1:{_closed_port()}", "--cache-dir", str(tmp_path), "--retries", "0")
    assert res.returncode == 1 and res.stderr.startswith("geo: error: could not reach http://127.0.0.1:")
    assert len(res.stderr.splitlines()) == 1 and res.stdout == ""


@pytest.mark.parametrize(("query", "name"), [("Artemovsk", "Bakhmut"), ("под Покровском", "Pokrovsk"),
                                              ("Dzerzhynsk", "Toretsk")])
def test_places_finds_a_settlement_by_any_spelling(query, name):
    res = run_geo("places", query, "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)[0]["name_en"] == name


def test_places_table_and_csv():
    res = run_geo("places", "Novoselivka")
    assert res.returncode == 0 and res.stdout.count("Novoselivka") > 50
    rows = list(csv.DictReader(io.StringIO(run_geo("places", "Bakhmut", "--format", "csv").stdout)))
    assert rows[0]["oblast"] == "UA-14" and "Artemivsk" in rows[0]["names_en"]
    assert "no settlement named" in run_geo("places", "Nowhereville").stdout


def test_export_settlements_layer_as_csv(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Russian forces captured Avdiivka.\n", encoding="utf-8")
    res = run_geo("export", str(report), "--layer", "settlements", "-o", str(tmp_path / "s.csv"))
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8"))))
    assert [(r["name"], r["relation"], r["oblast"]) for r in rows] == [("Avdiivka", "captured", "UA-14")]
