"""The time-slider page: self-contained, deterministic, escaped, small; and the small-multiples PNG."""

from __future__ import annotations

import json
import re

import pytest
import shapely

from geo.control import ControlLayer
from geo.slider import Pin, slider_html, write_slider, write_small_multiples
from tests.conftest import run_geo
from tests.test_browser import Visit, browser  # noqa: F401 - the browser fixture
from tests.test_render import HOSTILE


def days(n: int, source: str = "deepstatemap_data_{}.geojson") -> list[ControlLayer]:
    """*n* daily layers: a front in Donetsk that moves 1 km west on every second day."""
    out = []
    for k in range(n):
        west = 37.9 - 0.014 * (k // 2)
        date = f"2024-{11 + k // 30:02d}-{k % 30 + 1:02d}"
        held = shapely.Polygon([(west, 47.6), (39.0, 47.6), (39.0, 48.4), (west + 0.05, 48.4)])
        out.append(ControlLayer((held,), ("occupied",), source.replace("{}", date.replace("-", "")), date, "generic"))
    return out


def series_data(page: str) -> dict:
    """The figures the page carries for each date."""
    return json.loads(re.search(r"var stats = (\[.*?\]), pins", page).group(1))


def test_page_is_offline_deterministic_and_has_the_controls():
    layers = days(6)
    page = slider_html(layers)
    assert page == slider_html(layers)
    body = page.split("<body>")[1]
    assert not re.search(r"src=\"https?:|<link[^>]+href=\"https?:", page), "nothing may load from the network"
    assert 'type="range"' in body and 'max="5"' in body and 'id="geo-play"' in body
    stats = series_data(page)
    assert [s["date"] for s in stats] == [f"2024-11-0{k}" for k in range(1, 7)]
    assert stats[0].get("gained_km2") is None and stats[1]["gained_km2"] == 0.0
    assert stats[2]["gained_km2"] > 50 and stats[2]["lost_km2"] == 0.0


def test_hostile_sources_and_pins_are_escaped(tmp_path):
    layers = days(3, source=HOSTILE + "-{}.geojson")
    page = slider_html(layers, pins=[Pin("2024-11-02", 37.8, 48.0, HOSTILE, "consistent")], title=HOSTILE)
    assert page.count("<script") == page.count("</script>")
    assert "<img" not in page.split("<body>")[1].replace("\\u003cimg", "")
    assert "T42T" not in page and "{{" not in page.split("<body>")[1]


def test_pins_fall_in_their_snapshot_period():
    page = slider_html(days(4), pins=[Pin("2024-11-03", 37.8, 48.0, "RU controls 60% of Donetsk"),
                                      Pin("2024-10-01", 37.8, 48.0, "before the series")])
    pins = json.loads(re.search(r"pins = (\[.*?\]);", page).group(1))
    assert [(p["i"], p["date"]) for p in pins] == [(2, "2024-11-03")]


def test_size_grows_with_what_changes_not_with_days():
    small, large = len(slider_html(days(10))), len(slider_html(days(40)))
    # 4x the days: the page grows by the changed arcs and per-date figures only (vendored scripts are most of it)
    assert large < small * 1.5


def test_small_multiples_png(tmp_path):
    out = write_small_multiples(days(9), tmp_path / "s.png", panels=4)
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert write_small_multiples(days(9), tmp_path / "t.png", panels=4).read_bytes() == out.read_bytes()


def test_cli_map_of_a_folder(tmp_path):
    for layer in days(3):
        feature = {"type": "Feature", "properties": {},
                   "geometry": json.loads(shapely.to_geojson(layer.geometries[0]))}
        (tmp_path / layer.source).write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    res = run_geo("map", "--control", str(tmp_path), "--from", "2024-11-02", "-o", str(tmp_path / "out" / "s.html"))
    assert res.returncode == 0, res.stderr
    assert [s["date"] for s in series_data((tmp_path / "out" / "s.html").read_text())] == ["2024-11-02", "2024-11-03"]
    res = run_geo("map", "--control", str(tmp_path), "--format", "png", "-o", str(tmp_path / "out" / "s.png"))
    assert res.returncode == 0 and (tmp_path / "out" / "s.png").read_bytes()[:4] == b"\x89PNG"
    text = tmp_path / "report.txt"
    text.write_text("Russia controls about 60% of the Donetsk region.", encoding="utf-8")
    res = run_geo("map", str(text), "--date", "2024-11-02", "--control", str(tmp_path), "--from", "2024-11-01",
                  "-o", str(tmp_path / "out" / "pinned.html"))
    assert res.returncode == 0, res.stderr
    pins = json.loads(re.search(r"pins = (\[.*?\]);", (tmp_path / "out" / "pinned.html").read_text()).group(1))
    assert [(p["i"], p["date"]) for p in pins] == [(1, "2024-11-02")] and "inconsistent" in pins[0]["tip"]
    res = run_geo("map", "--control", str(tmp_path), "--from", "2025-01-01", "-o", str(tmp_path / "x.html"))
    assert res.returncode == 2 and "no snapshots from 2025-01-01" in res.stderr and not (tmp_path / "x.html").exists()


@pytest.fixture
def open_slider(browser):
    """Open a slider page with every request other than the file itself refused and recorded."""
    contexts = []

    def open_page(path) -> Visit:
        ctx = browser.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(ctx)
        v = Visit(ctx.new_page(), [], [], [])
        v.page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                     else (v.requests.append(r.request.url), r.abort()))
        v.page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
        v.page.on("pageerror", lambda e: v.errors.append(str(e)))
        v.page.goto(path.resolve().as_uri())
        v.page.wait_for_selector('path[stroke="#b2182b"]')
        return v

    yield open_page
    for ctx in contexts:
        ctx.close()


@pytest.mark.browser
def test_the_slider_drives_in_a_browser(open_slider, tmp_path):
    v = open_slider(write_slider(days(6), tmp_path / "s.html", pins=[Pin("2024-11-03", 37.8, 48.0, "a pinned claim")]))
    page = v.page
    held = 'path[stroke="#b2182b"]'

    def state():
        return page.inner_text("#geo-date"), page.get_attribute(held, "d"), page.locator(".geo-pin").count()

    date, shape, pins = state()
    assert (date, pins) == ("2024-11-06", 0)
    assert "since 2024-11-05" in page.inner_text("#geo-stats")
    page.focus("#geo-slider")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    date2, shape2, _ = state()
    assert date2 == "2024-11-04" and shape2 != shape, "the control layer follows the date"
    page.keyboard.press("ArrowLeft")
    assert state()[0] == "2024-11-03" and state()[2] == 1, "the claim pinned on 2024-11-03 shows"
    assert page.locator('path[stroke="#e66101"]').count() == 1, "the gain since 2024-11-02 is drawn"
    page.keyboard.press("Home")
    assert page.inner_text("#geo-date") == "2024-11-01" and "first snapshot" in page.inner_text("#geo-stats")
    box = page.locator("#geo-slider").bounding_box()
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
    assert page.inner_text("#geo-date") == "2024-11-06"
    page.keyboard.press("Home")
    page.focus("#geo-play")
    page.keyboard.press("Enter")
    assert page.get_attribute("#geo-play", "aria-pressed") == "true"
    page.wait_for_function("document.getElementById('geo-date').textContent !== '2024-11-01'", timeout=5000)
    page.click("#geo-play")
    assert page.inner_text("#geo-play") == "Play"
    assert v.requests == [] and v.errors == []


def test_an_undated_snapshot_is_refused():
    undated = ControlLayer((shapely.box(37.5, 47.5, 38, 48),), ("occupied",), "nodate.geojson", None, "generic")
    with pytest.raises(ValueError, match="'nodate.geojson': a snapshot without a date"):
        slider_html([undated])
