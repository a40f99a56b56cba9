"""Snapshot sets: folders, manifests and files, picked by date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.snapshots import read_snapshots

ARCHIVE_DAY = Path(__file__).parent / "fixtures" / "control" / "deepstatemap_data_20241101.geojson"


@pytest.fixture
def folder(tmp_path):
    for day in ("20241101", "20241103", "20241110"):
        shutil.copy(ARCHIVE_DAY, tmp_path / f"deepstatemap_data_{day}.geojson")
    (tmp_path / "notes.json").write_text("{}")  # not a snapshot: no date in its name
    return tmp_path


@pytest.mark.parametrize("date, expected", [
    ("2024-11-01", "2024-11-01"), ("2024-11-02", "2024-11-01"), ("2024-11-09", "2024-11-03"),
    ("2025-01-01", "2024-11-10"),
])
def test_at_picks_the_nearest_on_or_before(folder, date, expected):
    assert read_snapshots(folder).at(date).date == expected


def test_exact_and_too_early(folder):
    found = read_snapshots(folder)
    with pytest.raises(InputError, match="no snapshot of 2024-11-02"):
        found.at("2024-11-02", exact=True)
    with pytest.raises(InputError, match=r"no snapshot on or before 2024-10-01 \(snapshots: 2024-11-01 to 2024-11-10\)"):
        found.at("2024-10-01")
    with pytest.raises(InputError, match="not a YYYY-MM-DD date"):
        found.at("1 November")


def test_missing_days_and_ranges(folder):
    found = read_snapshots(folder)
    assert found.missing("2024-11-01", "2024-11-04") == ["2024-11-02", "2024-11-04"]
    assert len(found.missing()) == 7
    assert found.between("2024-11-02", "2024-11-10").dates == ["2024-11-03", "2024-11-10"]
    with pytest.raises(InputError, match="after --to"):
        found.between("2024-11-10", "2024-11-01")


def test_a_read_layer_carries_the_snapshot_date(folder):
    layer = read_snapshots(folder).read("2024-11-05")
    assert layer.date == "2024-11-03" and layer.source.endswith("deepstatemap_data_20241103.geojson")


def test_a_manifest_lists_files_beside_it(folder):
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps({"schema": "geo.snapshots/1", "snapshots": [
        {"date": "2024-11-03", "file": "deepstatemap_data_20241103.geojson", "sha256": None}]}))
    assert read_snapshots(folder).dates == ["2024-11-03"], "a folder with a manifest is read through it"
    assert read_snapshots(manifest).dates == ["2024-11-03"]
    manifest.write_text(json.dumps({"schema": "geo.snapshots/1", "snapshots": [{"file": "x.geojson"}]}))
    with pytest.raises(InputError, match="entry 0 needs 'date' and 'file'"):
        read_snapshots(manifest)


def test_two_snapshots_of_one_day_are_refused(folder):
    shutil.copy(ARCHIVE_DAY, folder / "isw_2024-11-03.geojson")
    with pytest.raises(InputError, match="both dated 2024-11-03"):
        read_snapshots(folder)


def test_an_empty_folder_says_how_to_name_files(tmp_path):
    with pytest.raises(InputError, match="no dated snapshot files"):
        read_snapshots(tmp_path)
