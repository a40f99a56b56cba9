"""Hostile input through the command line: every case ends in one clear line and exit 2, or in a safe result.

Files are made in a temporary folder (device-like targets too, never the real /dev). The
commands run in-process through click's runner (several times faster than a subprocess each).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import geo
from geo.cli import main
from geo.errors import InputError, OutputError
from geo.source import meta_path
from tests.conftest import ROOT

SNAPSHOT = ROOT / "tests" / "fixtures" / "control" / "deepstatemap_data_20241101.geojson"
TEXT = "Russia controls about 70% of the Donetsk region.\n"


def geo_cli(*args: str, cwd: Path | None = None):
    """Run ``geo ARGS`` in-process (in *cwd*); the result has exit_code, stdout and stderr."""
    before = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(before)


def one_line_error(res, *needles: str) -> None:
    assert res.exit_code == 2, (res.exit_code, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geo: error: "), res.stderr
    assert "Traceback" not in res.stderr and "Warning" not in res.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def _square(x: float, y: float) -> list:
    return [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]


def _collection(ring, **extra) -> str:
    return json.dumps({"type": "FeatureCollection", **extra, "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]})


_NAN_RING = '[[NaN, 47], [38, 47], [38, 48], [37, 48], [NaN, 47]]'
#: Control files a hostile or broken source may hand over, and the words of the error each must give.
CONTROL_FILES = {
    "nan.geojson": ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                    '"geometry": {"type": "Polygon", "coordinates": [' + _NAN_RING + ']}}]}', "NaN in the JSON"),
    "infinity.geojson": (_collection(_square(37, 47)).replace("37", "Infinity", 1), "Infinity in the JSON"),
    "nan_props.geojson": ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1}, '
                          '"geometry": {"type": "Polygon", "coordinates": [' + _NAN_RING + ']}}]}', "NaN"),
    "deep.geojson": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "deep_properties.geojson": ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": '
                                + "[" * 100_000 + "]" * 100_000 + '}, "geometry": null}]}', "nested too deeply"),
    "crs_string.geojson": (_collection(_square(37, 47), crs={"type": "name", "properties": "x"}),
                           "malformed 'crs' member"),
    "crs_list.geojson": (_collection(_square(37, 47), crs=[1, 2]), "malformed 'crs' member"),
    "crs_unknown.geojson": (_collection(_square(37, 47), crs={"type": "name", "properties": {"name": "EPSG:999999"}}),
                            "unknown CRS 'EPSG:999999'"),
    "crs_nonsense.geojson": (_collection(_square(37, 47), crs={"type": "name", "properties": {"name": "nonsense:1"}}),
                             "unknown CRS 'nonsense:1'"),
    "antimeridian.geojson": (_collection([[179, 47], [-179, 47], [-179, 48], [179, 48], [179, 47]]),
                             "crosses the antimeridian unsplit"),
}


@pytest.mark.parametrize("name", CONTROL_FILES)
def test_hostile_control_files(tmp_path, name):
    body, message = CONTROL_FILES[name]
    (tmp_path / name).write_text(body, encoding="utf-8")
    one_line_error(geo_cli("control", "measure", name, "--regions", "UA-14", cwd=tmp_path), repr(name), message)


def _text(tmp_path: Path, meta: str | None = None, name: str = "t.txt") -> Path:
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    if meta is not None:
        meta_path(path).write_text(meta, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["extract"], ["map", "-o", "out/t.html"], ["export", "-o", "t.gpkg"]])
@pytest.mark.parametrize("meta, message", [
    ('{"date": "2024-11-20", "source": "\\ud800"}', "unpaired surrogate"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"date": "2024-11-20", "title": {"x": 1}}', "'title' must be a string"),
])
def test_hostile_metadata_is_blamed_not_the_options(tmp_path, command, meta, message):
    _text(tmp_path, meta)
    res = geo_cli(*command[:1], "t.txt", *command[1:], cwd=tmp_path)
    one_line_error(res, "'t.meta.json'", message)
    assert "--tiles" not in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.meta.json", "t.txt"]  # nothing written, no folder


def test_unknown_tiles_still_blame_tiles(tmp_path):
    _text(tmp_path)
    res = geo_cli("map", "t.txt", "--tiles", "No.Such", "-o", "m.html", cwd=tmp_path)
    assert res.exit_code == 2 and "--tiles" in res.stderr and not (tmp_path / "m.html").exists()


def test_a_file_name_that_is_not_utf8(tmp_path):
    raw = os.fsencode(tmp_path) + b"/report\xff.txt"
    with open(raw, "wb") as fh:
        fh.write(TEXT.encode())
    res = geo_cli("extract", os.fsdecode(raw))
    assert res.exit_code == 0 and "report\\udcff.txt" in res.stdout
    res = geo_cli("extract", os.fsdecode(raw) + "missing")
    one_line_error(res, "no such file")


@pytest.mark.parametrize("payload", ["\x1b]0;pwned\x07", "\x1b[2J\x1b[31m", "\u202eevil", "\x9b31m", "\x00\x08"])
def test_terminal_escapes_are_shown_escaped(tmp_path, payload):
    _text(tmp_path, json.dumps({"date": "2024-11-20", "source": payload}))
    res = geo_cli("extract", "t.txt", cwd=tmp_path)
    controls = [c for c in payload if not c.isprintable()]
    assert res.exit_code == 0
    assert not any(c in res.stdout for c in controls)
    assert payload.encode("unicode_escape").decode()[:6] in res.stdout
    res = geo_cli("extract", f"{payload}.txt", cwd=tmp_path)  # in an error message too
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert not any(c in res.stderr for c in controls)


def test_boundary_field_names_with_escapes_are_shown_escaped(tmp_path):
    doc = json.loads((ROOT / "tests" / "fixtures" / "boundaries" / "cod_ab_east.geojson").read_text(encoding="utf-8"))
    for f in doc["features"]:
        f["properties"] = {"\x1b[31mADM1_PCODE": v for v in f["properties"].values() if str(v).startswith("UA")}
    (tmp_path / "b.geojson").write_text(json.dumps(doc), encoding="utf-8")
    res = geo_cli("regions", "--country", "UA", "--boundaries", "b.geojson", cwd=tmp_path)
    assert "\x1b" not in res.stderr + res.stdout


def test_output_equal_to_an_input_is_refused(tmp_path):
    path = _text(tmp_path)
    one_line_error(geo_cli("extract", "t.txt", "--format", "json", "-o", "t.txt", cwd=tmp_path), "is the input file")
    shutil.copy(SNAPSHOT, tmp_path / SNAPSHOT.name)
    one_line_error(geo_cli("control", "measure", SNAPSHOT.name, "-o", f"./{SNAPSHOT.name}", cwd=tmp_path),
                   "is the input file")
    (tmp_path / "link.txt").symlink_to("t.txt")
    one_line_error(geo_cli("verify", "t.txt", "--control", SNAPSHOT.name, "-o", "link.txt", cwd=tmp_path),
                   "is the input file")
    assert path.read_text(encoding="utf-8") == TEXT


def test_timeline_csv_cells_are_neutralised(tmp_path):
    hostile = '=HYPERLINK("x")_20241101.geojson'
    shutil.copy(SNAPSHOT, tmp_path / hostile)
    res = geo_cli("control", "timeline", hostile, "--regions", "UA-14", "-o", "t.csv", cwd=tmp_path)
    assert res.exit_code == 0, res.stderr
    import csv

    (row,) = list(csv.DictReader((tmp_path / "t.csv").open(encoding="utf-8")))
    assert row["source"] == "'" + hostile and row["code"] == "UA-14"


def test_timeline_writes_the_csv_and_chart_or_nothing(tmp_path):
    shutil.copy(SNAPSHOT, tmp_path / SNAPSHOT.name)
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    res = geo_cli("control", "timeline", SNAPSHOT.name, "--regions", "UA-14", "-o", "ok.csv",
                  "--png", "blocker/x.png", cwd=tmp_path)
    one_line_error(res, "'blocker/x.png'", "cannot write here")  # one line: no progress line before it
    assert not (tmp_path / "ok.csv").exists()


def test_several_control_layers_need_a_choice(tmp_path):
    import geopandas
    from shapely.geometry import box

    path = tmp_path / "two.gpkg"
    for name, x in (("a", 37), ("b", 36)):
        geopandas.GeoDataFrame({"status": ["occupied"]}, geometry=[box(x, 47, x + 1, 48)], crs="EPSG:4326").to_file(
            path, layer=name)
    one_line_error(geo_cli("control", "measure", "two.gpkg", "--regions", "UA-14", cwd=tmp_path),
                   "2 polygon layers ('a', 'b')", "--control-layer")
    res = geo_cli("control", "measure", "two.gpkg", "--regions", "UA-14", "--control-layer", "b",
                  "--status-field", "status", cwd=tmp_path)
    assert res.exit_code == 0, res.stderr


def test_a_crafted_geopackage_name_creates_no_file(tmp_path):
    name = "x?mode=rwc&y=.gpkg"
    (tmp_path / name).write_bytes(b"not a database at all" * 10)
    one_line_error(geo_cli("control", "measure", name, "--regions", "UA-14", cwd=tmp_path), "not a GeoPackage")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_full_disk_while_writing_a_geopackage_names_the_file(tmp_path, monkeypatch):
    import pyogrio.errors

    def full(*args, **kwargs):
        raise pyogrio.errors.DataSourceError("sqlite3_exec(COMMIT) failed: database or disk is full")

    monkeypatch.setattr("geopandas.GeoDataFrame.to_file", full)
    with pytest.raises(OutputError, match=r"'.*out\.gpkg': writing failed \(GDAL/SQLite: .*disk is full\); "
                                          "nothing was written"):
        geo.write_export(geo.extract(TEXT), tmp_path / "out.gpkg")
    assert list(tmp_path.iterdir()) == []


# --- input size: /dev/zero and endless pipes, made in the temporary folder --------------------

def test_an_endless_pipe_as_text_is_cut_at_the_limit(tmp_path):
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)

    def feed():
        try:
            with open(fifo, "wb") as fh:
                for _ in range(100):  # 6.4 MB at most, then it stops by itself
                    fh.write(b"Russia controls 70% of Donetsk. " * 2000)
        except BrokenPipeError:
            pass

    threading.Thread(target=feed, daemon=True).start()
    with pytest.raises(InputError, match="larger than 1 MB; split it, or raise the limit with --max-input-mb"):
        geo.read_text(fifo, max_bytes=1_000_000)


def test_a_zero_device_as_text_is_cut_at_the_limit(tmp_path):
    zero = tmp_path / "zero"
    try:  # a copy of /dev/zero's node (1, 5) in the temporary folder; needs root
        os.mknod(zero, stat.S_IFCHR | 0o444, os.makedev(1, 5))
    except OSError as err:
        pytest.skip(f"cannot make a device node here ({err})")
    one_line_error(geo_cli("--max-input-mb", "1", "extract", "zero", cwd=tmp_path), "larger than 1 MB")


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_max_input_mb_must_be_a_positive_number(value):
    res = geo_cli("--max-input-mb", value, "extract")
    assert res.exit_code == 2 and "--max-input-mb" in res.stderr
