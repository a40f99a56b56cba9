"""The maps in a real headless Chromium, with the network cut off."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from geo.render import STYLE, write_map
from tests.test_render import HOSTILE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@dataclasses.dataclass
class Visit:
    page: object
    requests: list
    errors: list
    dialogs: list


@pytest.fixture
def visit(browser):
    contexts = []

    def open_map(path: Path) -> Visit:
        ctx = browser.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(ctx)
        page = ctx.new_page()
        v = Visit(page, [], [], [])

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                v.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: v.errors.append(str(e)))
        page.on("dialog", lambda d: (v.dialogs.append(d.message), d.dismiss()))
        page.goto(path.resolve().as_uri())
        page.wait_for_selector(".leaflet-overlay-pane path")
        page.wait_for_timeout(300)
        return v

    yield open_map
    for ctx in contexts:
        ctx.close()


def test_seed_map_renders_offline(seed_doc, visit, tmp_path):
    v = visit(write_map(seed_doc, tmp_path / "seed.html"))
    page = v.page
    assert v.requests == [], "the page tried to reach the network"
    assert v.errors == []
    territory = page.locator(f'path[stroke="{STYLE["territory"]}"]')
    assert territory.count() == 6
    assert page.locator(".leaflet-control-layers-overlays label").count() == 4  # territory, claimed, negotiable + boundaries
    assert "Territory named in the text" in page.locator("#geo-legend").inner_text()
    assert "Donetsk, Luhansk, Zaporizhzhia, Kherson, Kharkiv, Mykolaiv" in page.locator("#geo-panel").inner_text()
    page.screenshot(path=str(tmp_path / "seed.png"))
    assert (tmp_path / "seed.png").stat().st_size > 10_000


def test_tooltip_names_the_region(seed_doc, visit, tmp_path):
    page = visit(write_map(seed_doc, tmp_path / "seed.html")).page
    box = page.locator(f'path[stroke="{STYLE["territory"]}"]').first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".leaflet-tooltip")
    text = page.locator(".leaflet-tooltip").inner_text()
    assert "Donetsk (UA-14)" in text and "Донецька область" in text


def test_hostile_strings_show_literally_and_run_nothing(seed_doc, visit, tmp_path):
    import geo

    text = f"Russia controls about 70% of the Donetsk region {HOSTILE}."
    doc = dataclasses.replace(geo.extract(text, date="2024-11-20"), title="T " + HOSTILE, source="S " + HOSTILE)
    v = visit(write_map(doc, tmp_path / "hostile.html"))
    assert v.dialogs == []
    assert v.page.evaluate("typeof window.__pwned") == "undefined"
    assert v.requests == []
    title = v.page.locator("#geo-panel").inner_text()
    assert "T " + HOSTILE in title and "S " + HOSTILE in title
    box = v.page.locator(f'path[stroke="{STYLE["territory"]}"]').first.bounding_box()
    v.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    v.page.wait_for_selector(".leaflet-tooltip")
    tooltip = v.page.locator(".leaflet-tooltip").inner_text()
    assert "Donetsk (UA-14)" in tooltip and "S " + HOSTILE[:20] in v.page.locator("#geo-panel").inner_text()
    quote = v.page.locator("#geo-panel blockquote").first.text_content()  # the evidence, shown literally
    assert "{{ 6*7 }}" in quote and "<script>window.__pwned=1</script>" in quote
    assert v.page.evaluate("typeof window.__pwned") == "undefined" and v.dialogs == []


def test_control_map_renders_offline(seed_doc, visit, tmp_path, shared_control):
    from geo.control import read_control
    from geo.verify import verify

    layer = read_control(shared_control)
    path = write_map(seed_doc, tmp_path / "control.html", control=layer, verification=verify(seed_doc, layer))
    v = visit(path)
    assert v.requests == [] and v.errors == []
    assert v.page.locator(f'path[fill="{STYLE["held_ru"]}"]').count() >= 1
    assert v.page.locator(f'path[fill="{STYLE["held_ua"]}"]').count() >= 1
    assert v.page.locator(".leaflet-control-layers-overlays label").count() == 6
    v.page.screenshot(path=str(tmp_path / "control.png"))


def test_hostile_control_file_and_gazetteer_run_nothing(seed_doc, visit, tmp_path, gaz):
    """Hostile strings from a control file (its name, field names and values) and from gazetteer overrides."""
    import json

    from geo.control import read_control
    from geo.gazetteer import Gazetteer
    from geo.verify import verify
    from tests.test_render import PAYLOADS

    # A file name may hold anything but "/": every payload without one.
    name = " ".join(p for p in PAYLOADS if "/" not in p) + ".geojson"
    field, occupied = "<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">'
    ring = [[37.0, 47.5], [38.5, 47.5], [38.5, 48.5], [37.0, 48.5], [37.0, 47.5]]
    features = [{"type": "Feature", "properties": {field: occupied, HOSTILE: HOSTILE, "name": HOSTILE},
                 "geometry": {"type": "Polygon", "coordinates": [ring]}}]
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    layer = read_control(path, status_field=field, occupied_value=occupied)
    hostile_gaz = Gazetteer([dataclasses.replace(e, name_en=HOSTILE, name_uk=HOSTILE) if e.code == "UA-14" else e
                             for e in gaz], data_dir=gaz.data_dir)
    out = write_map(seed_doc, tmp_path / "hostile-control.html", control=layer,
                    verification=verify(seed_doc, layer, gazetteer=hostile_gaz), gazetteer=hostile_gaz)
    v = visit(out)
    assert v.dialogs == [] and v.requests == [] and v.errors == []
    assert v.page.evaluate("typeof window.__pwned") == "undefined"
    assert name in v.page.locator("#geo-panel").inner_text()
    for box in [v.page.locator(f'path[stroke="{STYLE["territory"]}"]').first.bounding_box()]:
        v.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    v.page.wait_for_selector(".leaflet-tooltip")
    assert v.page.evaluate("typeof window.__pwned") == "undefined" and v.dialogs == []


def test_map_on_user_boundaries_renders_offline_and_runs_nothing(seed_doc, visit, tmp_path, gaz, shared_control):
    """User-supplied boundaries with payloads in the file's name and in its names: drawn, shown as text."""
    import json

    from geo.boundaries import read_boundaries
    from geo.control import read_control
    from geo.verify import verify
    from tests.test_render import PAYLOADS

    source = json.loads((Path(__file__).parent / "fixtures" / "boundaries" / "cod_ab_east.geojson").read_text("utf-8"))
    for feature in source["features"]:
        feature["properties"]["ADM1_EN"] = HOSTILE  # a field the units are not linked through
    path = tmp_path / (" ".join(p for p in PAYLOADS if "/" not in p) + ".geojson")
    path.write_text(json.dumps(source), encoding="utf-8")
    user = gaz.with_boundaries(read_boundaries(path))
    layer = read_control(shared_control, gazetteer=user)
    out = write_map(seed_doc, tmp_path / "boundaries.html", control=layer,
                    verification=verify(seed_doc, layer, gazetteer=user), gazetteer=user)
    v = visit(out)
    assert v.dialogs == [] and v.requests == [] and v.errors == []
    assert v.page.evaluate("typeof window.__pwned") == "undefined"
    assert f"Boundaries: {path.name} for 2 units (linked by ADM1_PCODE)" in v.page.locator("#geo-panel").inner_text()
    assert v.page.locator(f'path[stroke="{STYLE["territory"]}"]').count() == 6
    v.page.screenshot(path=str(tmp_path / "boundaries.png"))
