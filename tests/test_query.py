"""geo.query and ``geo claims``: filters and every output format, read back."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from geo.query import claims_frame, write_claims
from geo.store import ClaimFilter, open_store
from tests.store_fixtures import control_dir, corpus, duck_store  # noqa: F401


def _claims(*args):
    run = subprocess.run([sys.executable, "-m", "geo.cli", "claims", *map(str, args)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_filters_select_what_they_say(duck_store):
    rows = json.loads(_claims(duck_store[0], "--region", "Donetsk", "--verdict", "inconsistent",
                              "--since", "2024-11-20", "--format", "json"))
    assert rows and all("UA-14" in r["regions"].split(",") and r["verdict"] == "inconsistent"
                        and r["date"] >= "2024-11-20" for r in rows)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_csv_and_table(duck_store):
    text = _claims(duck_store[0], "--actor", "UA", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["actor"] for r in rows} == {"UA"}
    table = _claims(duck_store[0], "--actor", "UA", "--relation", "controls")
    assert table.splitlines()[0].split()[:4] == ["date", "source", "actor", "relation"]


@pytest.mark.parametrize("fmt, suffix", [("geoparquet", "parquet"), ("gpkg", "gpkg")])
def test_gis_formats_read_back(tmp_path, duck_store, fmt, suffix):
    import geopandas

    out = tmp_path / f"ru.{suffix}"
    _claims(duck_store[0], "--actor", "RU", "--format", fmt, "-o", out)
    frame = geopandas.read_parquet(out) if fmt == "geoparquet" else geopandas.read_file(out, layer="corpus_claims")
    with open_store(duck_store[0]) as store:
        assert len(frame) == sum(1 for _ in store.claims(ClaimFilter(actor="RU")))
    assert frame.crs.to_epsg() == 4326 and set(frame.geometry.geom_type) == {"Point"}
    assert set(frame["actor"]) == {"RU"}


def test_an_unknown_region_is_exit_2(duck_store):
    run = subprocess.run([sys.executable, "-m", "geo.cli", "claims", str(duck_store[0]), "--region", "Atlantis"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "unknown region 'Atlantis'" in run.stderr


def test_csv_cells_that_look_like_formulas_are_defused(tmp_path):
    from geo.ingest import ingest

    src = tmp_path / "f.jsonl"
    src.write_text(json.dumps({"text": "Russia holds 65% of the Donetsk region.", "source": "=HYPERLINK(1)"}) + "\n")
    with open_store(tmp_path / "s.duckdb") as store:
        ingest([src], store)
        rows = list(csv.DictReader(io.StringIO(write_claims(store, ClaimFilter(), "csv", None))))
        assert rows[0]["source"] == "'=HYPERLINK(1)" and rows[0]["verdict"] == ""
        assert claims_frame(store).iloc[0]["source"] == "=HYPERLINK(1)"


def test_a_group_selects_claims_about_any_of_its_regions(duck_store):
    rows = json.loads(_claims(duck_store[0], "--region", "Donbas", "--format", "json"))
    regions = {code for r in rows for code in r["regions"].split(",")}
    assert {"UA-14", "UA-09"} <= regions
    assert all({"UA-14", "UA-09"} & set(r["regions"].split(",")) for r in rows)
