"""Shared fixtures: the gazetteer, the seed, the shared control data, a CLI runner."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

import geo

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory) -> Iterator[None]:
    """The tests (and the CLI runs they start) keep compiled patterns and downloads in a folder of their
    own, never in the user's cache."""
    import os

    before = os.environ.get("GEO_CACHE_DIR")
    os.environ["GEO_CACHE_DIR"] = str(tmp_path_factory.mktemp("geo-cache"))
    yield
    if before is None:
        os.environ.pop("GEO_CACHE_DIR", None)
    else:
        os.environ["GEO_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def gaz() -> geo.Gazetteer:
    return geo.Gazetteer.default()


@pytest.fixture(scope="session")
def seed_text() -> geo.Text:
    return geo.read_text(geo.SEED)


@pytest.fixture(scope="session")
def seed_doc(seed_text) -> geo.Document:
    return geo.extract(seed_text)


@pytest.fixture(scope="session")
def claims_schema() -> dict:
    from geo.extract import load_schema

    return load_schema()


@pytest.fixture
def validate(claims_schema):
    import jsonschema

    validator = jsonschema.Draft202012Validator(claims_schema)

    def check(obj: dict) -> dict:
        validator.validate(obj)
        return obj

    return check


@pytest.fixture
def validate_verify():
    """Validate a ``geo.verify/1`` object against the schema shipped in the package."""
    import json

    import jsonschema

    schema = json.loads((Path(geo.__file__).parent / "schemas" / "verify-1.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema).validate


@pytest.fixture(scope="session")
def shared_control() -> Path:
    path = SHARED / "control" / "deepstate_occupied_20241120.geojson"
    if not path.exists():
        pytest.skip(f"shared control snapshot not found at {path}")
    return path


def run_geo(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``geo`` command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "geo.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def geopackage_without_layers(path: Path) -> None:
    """Write a GeoPackage whose only layer was dropped, leaving a valid but empty file."""
    import sqlite3

    import geopandas
    from shapely.geometry import box

    geopandas.GeoDataFrame({"a": [1]}, geometry=[box(37, 48, 38, 49)], crs=4326).to_file(path, layer="x")
    con = sqlite3.connect(path)
    for sql in ("DROP TABLE x", "DELETE FROM gpkg_contents", "DELETE FROM gpkg_geometry_columns"):
        con.execute(sql)
    con.commit()
    con.close()


def zip_without_geodata(path: Path) -> None:
    """Write a zip that holds one text file and no geodata."""
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")


def load_json(text: str) -> dict:
    return json.loads(text)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After a run that read the gold annotations, print precision and recall per relation and phenomenon."""
    if any("test_claims.py" in str(a) or a in ("tests", "tests/") for a in config.args) or not config.args:
        from tests.gold_report import report

        terminalreporter.write_sep("-", "gold annotations: precision / recall")
        terminalreporter.write_line(report())


@contextlib.contextmanager
def serving(handler) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 with *handler* (a BaseHTTPRequestHandler); yields its base URL."""
    from http.server import ThreadingHTTPServer

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
