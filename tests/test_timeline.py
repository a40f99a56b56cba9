"""Timelines: incremental measuring equals measuring each day afresh; files, CSV, chart, errors."""

from __future__ import annotations

import pytest

from geo.control import measure, read_control
from geo.errors import InputError
from geo.timeline import plot_timeline, rows_to_csv, snapshot_files, timeline
from tests.benchmarks._series import write_series
from tests.conftest import run_geo


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    return write_series(tmp_path_factory.mktemp("series"), days=6)


def test_incremental_equals_fresh(series, gaz):
    rows = timeline(series, ["FOUR-ANNEXED"], gazetteer=gaz)
    assert len(rows) == 6 * 4
    for path in series:
        layer = read_control(path)
        fresh = measure(layer, ["FOUR-ANNEXED"], gazetteer=gaz)
        for r in (r for r in rows if r.source == str(path)):
            assert r.russia_km2 == pytest.approx(fresh[r.code].russia_km2, rel=1e-9, abs=1e-6)
    totals = [sum(r.russia_km2 for r in rows if r.source == str(p)) for p in series]
    assert totals == sorted(totals) and totals[-1] > totals[0]  # the front moves west


def test_files_are_sorted_by_the_date_in_their_names(series, tmp_path):
    assert [d for d, _ in snapshot_files([series[0].parent])] == sorted(d for d, _ in snapshot_files(series))
    undated = tmp_path / "control.geojson"
    undated.write_text(series[0].read_text())
    with pytest.raises(InputError, match="no date in the file name"):
        snapshot_files([undated])
    with pytest.raises(InputError, match="no snapshot files"):
        snapshot_files([tmp_path / "empty"] if (tmp_path / "empty").mkdir() is None else [])


def test_csv_and_chart(series, tmp_path):
    rows = timeline(series[:2], ["UA-14"])
    text = rows_to_csv(rows)
    assert text.splitlines()[0].startswith("date,code,name,russia_km2,share_russia")
    assert len(text.splitlines()) == 3
    png = plot_timeline(rows, tmp_path / "chart.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_timeline(series, tmp_path):
    out = tmp_path / "t.csv"
    res = run_geo("control", "timeline", str(series[0].parent), "--regions", "UA-14,UA-09", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert len(out.read_text().splitlines()) == 1 + 6 * 2 and (tmp_path / "t.png").exists()


def test_read_ahead_equals_reading_here(tmp_path, gaz, monkeypatch):
    import geo.timeline as tl

    paths = write_series(tmp_path, days=tl.READ_AHEAD_MIN + 5)
    ahead = timeline(paths, ["UA-23"], gazetteer=gaz)
    monkeypatch.setattr(tl, "READ_AHEAD_MIN", 10_000)
    here = timeline(paths, ["UA-23"], gazetteer=gaz)
    assert [(r.date, r.russia_km2) for r in ahead] == [(r.date, r.russia_km2) for r in here]


def test_net_change_per_period(series, tmp_path):
    daily = timeline([series[0].parent], ["UA-14"])
    assert daily[0].change_km2 is None and daily[0].since is None
    for a, b in zip(daily, daily[1:]):
        assert b.change_km2 == pytest.approx(b.russia_km2 - a.russia_km2) and b.since == a.date
    weekly = timeline([series[0].parent], ["UA-14"], period="week")
    assert len(weekly) < len(daily) and weekly[-1].date == daily[-1].date
    if len(weekly) > 1:
        assert weekly[-1].change_km2 == pytest.approx(weekly[-1].russia_km2 - weekly[-2].russia_km2)
    text = rows_to_csv(daily)
    assert text.splitlines()[0].endswith(",change_km2,since") and text.splitlines()[1].endswith(",,")


def test_cli_timeline_reads_the_cache(series, tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    out = tmp_path / "t.csv"
    env = {**os.environ, "GEO_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "deepstate").symlink_to(series[0].parent)
    res = subprocess.run([sys.executable, "-m", "geo.cli", "control", "timeline", "--regions", "UA-14", "-o", str(out),
                          "--period", "month"], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert len(out.read_text().splitlines()) == 1 + len({p.name[18:24] for p in series})
