"""The maps as a reader sees them, in a real headless Chromium at a laptop's and a phone's size.

Maps: the seed with and without the 2024-11-20 control snapshot, and texts written for these tests:
one naming a Russian border region, one in Ukrainian, one with no places. Set ``GEO_SCREENSHOTS=DIR``
to keep the screenshots taken here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import geo
from geo.render import STYLE, write_map
from tests.test_browser import CHROMIUM, browser  # noqa: F401 - the shared browser fixture

pytestmark = pytest.mark.browser

VIEWPORTS = [(1280, 800), (390, 844)]
TEXTS = {
    "kursk": "Ukrainian troops hold about 600 km² of the Kursk region, officials in Kyiv said on Tuesday. "
             "Russia controls about 99% of the Luhansk region.",
    "ukrainian": "Росія контролює близько 65% Донецької області, повідомили аналітики. "
                 "Бої тривають у Харківській області.",
    "noplaces": "Talks resumed on Tuesday after a week of silence, officials said.",
}


@pytest.fixture(scope="module")
def layer(shared_control):
    return geo.read_control(shared_control)


@pytest.fixture(scope="module")
def maps(seed_doc, layer, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("maps")
    out = {"seed": write_map(seed_doc, folder / "seed.html"),
           "seed-control": write_map(seed_doc, folder / "seed-control.html", control=layer,
                                     verification=geo.verify(seed_doc, layer))}
    for name, text in TEXTS.items():
        doc = geo.extract(text, date="2024-11-20")
        out[name] = write_map(doc, folder / f"{name}.html", control=layer, verification=geo.verify(doc, layer))
    return out


@pytest.fixture
def open_page(browser):  # noqa: F811 - the fixture imported above
    contexts = []

    def open_(path: Path, size: tuple[int, int]):
        ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
        contexts.append(ctx)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(path.resolve().as_uri())
        page.wait_for_selector(".leaflet-overlay-pane path")
        page.wait_for_timeout(200)
        assert errors == []
        return page

    yield open_
    for ctx in contexts:
        ctx.close()


def shoot(page, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("GEO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def fills_at(page, lat: float, lon: float) -> list[str]:
    """The fill colours of the map's shapes under a place, top first."""
    return page.evaluate("""([lat, lon]) => {
        const p = window.geoMap.latLngToContainerPoint([lat, lon]);
        const box = window.geoMap.getContainer().getBoundingClientRect();
        return document.elementsFromPoint(box.left + p.x, box.top + p.y)
            .filter(e => e.tagName === 'path').map(e => e.getAttribute('fill'));
    }""", [lat, lon])


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["seed", "seed-control", "kursk", "ukrainian", "noplaces"])
def test_every_tooltip_stays_inside_the_viewport(maps, open_page, tmp_path, name, size):
    page = open_page(maps[name], size)
    shoot(page, tmp_path, f"{name}-{size[0]}")
    width, height = size
    step = 160 if width > 700 else 90
    seen = 0
    for x in range(step // 2, width, step):
        for y in range(step // 2, height, step):
            page.mouse.move(x, y)
            boxes = page.evaluate("""() => [...document.querySelectorAll('.leaflet-tooltip')].map(t => {
                const r = t.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; })""")
            for box in boxes:
                seen += 1
                assert box["x"] >= 0 and box["y"] >= 0, (x, y, box)
                assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, (x, y, box)
                assert box["width"] <= min(340, width), box  # wrapped, not one long line
    assert seen > 5, "hardly any tooltip opened"


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_claims_panel_and_its_checks_are_visible_by_default(maps, open_page, size):
    page = open_page(maps["seed-control"], size)
    panel = page.locator("#geo-panel")
    box = panel.bounding_box()
    assert panel.is_visible() and box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= size[0] and box["y"] + box["height"] <= size[1]
    assert page.locator("#geo-claims").get_attribute("open") is not None
    lines = page.locator("#geo-claims li[data-regions]")
    assert lines.count() == 9
    first = lines.first.bounding_box()
    assert first["y"] + first["height"] <= size[1], "the first claim is below the fold"
    texts = [t.replace("\n", " ") for t in lines.all_inner_texts()]
    assert any("70–80%" in t and "measured 77.4%" in t and "consistent" in t for t in texts)
    assert any("around 26,000 km2" in t and "measured 24,645 km2" in t and "consistent" in t for t in texts)
    assert any("Virginia" in t and "measured 112,282 km2" in t for t in texts)
    # The evidence is there on demand: folded, opened by a click.
    quote = lines.nth(3).locator("blockquote")
    assert not quote.is_visible()
    lines.nth(3).locator("summary").click()
    assert quote.is_visible() and "70% to 80%" in quote.inner_text()


def test_hovering_a_claim_highlights_its_regions(maps, open_page):
    page = open_page(maps["seed-control"], VIEWPORTS[0])
    outlines = page.locator(f'path[stroke="{STYLE["territory"]}"]')
    before = outlines.count()
    page.locator('#geo-claims li[data-regions="UA-63 UA-48"]').first.hover()
    assert page.locator('path[stroke="#000000"][stroke-width="4"]').count() >= 2
    page.mouse.move(900, 700)
    assert outlines.count() == before


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_crimea_is_drawn_russian_held_with_control_data(maps, open_page, size):
    page = open_page(maps["seed-control"], size)
    for lat, lon in ((45.3, 34.3), (44.6, 33.6)):  # Crimea, Sevastopol: not named in the seed
        assert STYLE["held_ru"] in fills_at(page, lat, lon), (lat, lon)
    assert STYLE["held_ru"] not in fills_at(page, 48.5, 26.0)  # Chernivtsi region: not held


@pytest.mark.parametrize("name, places", [
    ("kursk", [(51.6, 36.2)]),  # Kursk region, named
    ("seed-control", [(50.8, 37.6), (47.4, 39.6)]),  # Belgorod and Rostov regions, not named
])
def test_a_russian_region_is_never_drawn_as_held(maps, open_page, name, places):
    page = open_page(maps[name], VIEWPORTS[0])
    for lat, lon in places:
        fills = fills_at(page, lat, lon)
        assert fills and not {STYLE["held_ru"], STYLE["held_ua"], STYLE["contested"]} & set(fills), fills
    if name == "kursk":
        assert page.locator("path.geo-hatch").count() == 1
        box = page.locator("path.geo-hatch").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert "No control data for this region" in page.locator(".leaflet-tooltip").inner_text()


def test_empty_results_are_said_in_words(maps, open_page):
    page = open_page(maps["noplaces"], VIEWPORTS[1])
    text = page.locator("#geo-panel").inner_text()
    assert "No places found in the text." in text and "No territorial claims found in the text." in text


def test_narrow_screens_fold_the_layer_list_and_legend(maps, open_page):
    page = open_page(maps["seed-control"], VIEWPORTS[1])
    assert not page.locator(".leaflet-control-layers-list").is_visible()
    assert page.locator("#geo-legend").get_attribute("open") is None
    page = open_page(maps["seed-control"], VIEWPORTS[0])
    assert page.locator("#geo-legend").get_attribute("open") is not None
    assert page.title().endswith("– geo map")
