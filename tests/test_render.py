"""HTML maps: offline, deterministic, escaped, and drawing exactly the named territory."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

import geo
from geo.render import _safe_text, default_map_path, map_html, write_map

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "</script><script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1;alert(1)\">",
    "`${window.__pwned=1}`",
    "{{ 6*7 }}",
    "{% for x in range(3) %}LOOP{% endfor %}",
    "{{ self.__init__.__globals__ }}",
    "<a href=\"javascript:window.__pwned=1\">link</a>",
    "' \" & < >",
]
HOSTILE = " | ".join(PAYLOADS)


@pytest.fixture(scope="module")
def seed_html(seed_doc):
    return map_html(seed_doc)


def hostile_document(seed_doc):
    return dataclasses.replace(seed_doc, title="T " + HOSTILE, source="S " + HOSTILE, date="2024-11-20")


def topology(page: str) -> dict:
    (text,) = re.findall(r"var topology_[0-9a-f]+ = (\{.*?\});\n", page)
    return json.loads(text)


def objects(page: str, name: str) -> list[dict]:
    """The features of one map object: id-less dicts with their properties."""
    return [g["properties"] for g in topology(page)["objects"][name]["geometries"]]


def test_map_is_offline(seed_html):
    loads = re.findall(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=""", seed_html)
    assert loads == [], "the page loads an external resource"
    assert "cdn." not in seed_html and "geo-vendor:" not in seed_html
    assert "Leaflet 1.9.4" in seed_html and "BSD-2-Clause" in seed_html and "topojson-client 3.1.0" in seed_html


def test_map_draws_the_six_regions(seed_html):
    tips = [p["tip"] for p in objects(seed_html, "territory")]
    assert [t.split("\n")[0] for t in tips] == [
        "Donetsk (UA-14)", "Luhansk (UA-09)", "Zaporizhzhia (UA-23)", "Kherson (UA-65)", "Kharkiv (UA-63)",
        "Mykolaiv (UA-48)"]


def test_map_is_small(seed_html):
    assert len(seed_html.encode()) < 250_000


def test_map_is_byte_identical_on_rerun(seed_doc, seed_html):
    assert map_html(seed_doc) == seed_html
    assert not re.search(r"_[0-9a-f]{32}\b", seed_html.replace("0" * 24, "")), "a random branca id is left"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_text_leaves_nothing_active(payload):
    out = _safe_text(payload)
    assert not set("<>`${}\"'") & set(out)


def test_hostile_metadata_is_escaped(seed_doc, seed_html):
    page = map_html(hostile_document(seed_doc))
    assert page.count("<script") == seed_html.count("<script")
    assert page.count("</script>") == seed_html.count("</script>")
    assert "LOOPLOOP" not in page, "a Jinja2 loop in the title ran"
    assert _safe_text("T " + HOSTILE) in page and _safe_text("S " + HOSTILE) in page
    assert "<img" not in page and '<a href="javascript:' not in page


def test_default_map_path_cannot_escape_the_folder(seed_doc):
    doc = dataclasses.replace(seed_doc, path="../../etc/x..html")
    path = default_map_path(doc, "maps")
    assert path.parent.name == "maps" and ".." not in path.parts


def test_write_map_is_atomic_and_keeps_old_file_on_failure(seed_doc, tmp_path, monkeypatch):
    target = tmp_path / "m.html"
    target.write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr("geo.render.map_html", boom)
    with pytest.raises(RuntimeError):
        write_map(seed_doc, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_map_without_territory_still_renders():
    page = geo.map_html(geo.extract("Nothing here."))
    assert "Territory named: none" in page and "No places found in the text." in page


def test_hostile_boundary_names_are_escaped(seed_doc, gaz):
    from geo.gazetteer import Gazetteer

    entries = [dataclasses.replace(e, name_en=HOSTILE, name_uk=HOSTILE) if e.code == "UA-14" else e for e in gaz]
    page = map_html(seed_doc, gazetteer=Gazetteer(entries, data_dir=gaz.data_dir))
    assert _safe_text(HOSTILE) in [p["tip"] for p in objects(page, "basemap")]
    tip = objects(page, "territory")[0]["tip"]
    assert tip.startswith(_safe_text(f"{HOSTILE} (UA-14)")) and _safe_text(f"Ukrainian: {HOSTILE}") in tip
    assert "LOOPLOOP" not in page and "<img" not in page


@pytest.fixture(scope="module")
def checked(seed_doc, shared_control):
    from geo.control import read_control
    from geo.verify import verify

    layer = read_control(shared_control)
    return layer, verify(seed_doc, layer)


@pytest.fixture(scope="module")
def control_html(seed_doc, checked):
    layer, report = checked
    return map_html(seed_doc, control=layer, verification=report)


def test_map_with_control_layers_and_checks(seed_doc, checked, control_html):
    page = control_html
    for name in ("Held by Russia (control data)", "Held by Ukraine (control data; regions named)",
                 "Claimed in the text (outline)", "Negotiable or may be withdrawn from (outline)"):
        assert name in page
    donetsk = {p["code"]: p["tip"] for p in objects(page, "held_ru")}["UA-14"]
    assert donetsk.startswith("Donetsk (UA-14)\nRussian-held: 64.9% (17,202 km2)")
    assert "per deepstate_occupied_20241120.geojson (deepstate-archive, 2024-11-20)" in donetsk
    assert "RU controls 70–80% of Donetsk, Luhansk, Zaporizhzhia, Kherson together (asserted) – measured 77.4% " \
           "for Donetsk, Luhansk, Zaporizhzhia, Kherson on 2024-11-20: consistent" in donetsk
    assert page == map_html(seed_doc, control=checked[0], verification=checked[1])


def test_control_map_is_at_most_300_kb(control_html):
    assert len(control_html.encode()) <= 300_000


def test_russian_held_area_covers_all_of_ukraine_not_only_the_regions_named(control_html):
    held = {p["code"] for p in objects(control_html, "held_ru")}
    assert {"UA-43", "UA-40", "UA-14", "UA-63", "UA-48"} <= held  # Crimea and Sevastopol are not named
    assert all(code.startswith("UA-") for code in held)
    assert {p["code"] for p in objects(control_html, "held_ua")} == {"UA-14", "UA-09", "UA-23", "UA-65", "UA-63",
                                                                      "UA-48"}
    assert [p["style"] for p in objects(control_html, "territory")] == ["territory_outline"] * 6


def test_the_panel_lists_each_claim_with_its_check(control_html):
    panel = re.search(r'<div id="geo-panel".*?</div></div>', control_html, re.S).group()
    assert panel.count("<li data-regions=") == 9
    assert 'measured 77.4% for Donetsk, Luhansk, Zaporizhzhia, Kherson on 2024-11-20: ' \
           '<span class="geo-v-consistent">consistent</span>' in panel
    assert "Control data: deepstate_occupied_20241120.geojson (deepstate-archive, 2024-11-20)" in panel
    assert '<li data-regions="UA-63 UA-48">' in panel


def test_a_region_outside_the_data_is_never_drawn_as_held(shared_control):
    from geo.control import read_control
    from geo.verify import verify

    doc = geo.extract("Ukrainian troops hold about 600 km² of the Kursk region, officials in Kyiv said.",
                      date="2024-11-20")
    layer = read_control(shared_control)
    page = map_html(doc, control=layer, verification=verify(doc, layer))
    for key in ("held_ru", "held_ua", "contested"):
        assert "RU-KRS" not in {p["code"] for p in objects(page, key)} if key in topology(page)["objects"] else True
    (kursk,) = objects(page, "no_data")
    assert kursk["code"] == "RU-KRS" and "No control data for this region" in kursk["tip"]
    assert "control layers describe Ukraine; Kursk lies outside it." in page


def test_without_control_the_map_says_so(seed_html):
    assert "No control data given: nothing on this map shows who holds the ground" in seed_html
    assert "held_ru" not in topology(seed_html)["objects"]


@pytest.mark.parametrize("text, message", [
    ("Talks resumed on Tuesday after a week of silence.", "No places found in the text."),
    ("Fighting went on in the Donetsk region.", "No territorial claims found in the text."),
])
def test_empty_results_say_so(text, message):
    assert message in map_html(geo.extract(text))


def test_the_page_has_a_title_and_escapes_it(seed_doc):
    page = map_html(hostile_document(seed_doc))
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == _safe_text("T " + HOSTILE + " – geo map")


def test_legend_swatches_look_like_the_fills(seed_html):
    from geo.render import _layer_styles

    held = _layer_styles()["held_ru"]
    assert held["fillOpacity"] < 1
    from geo._mapui import swatch

    assert "rgba(178,24,43,0.55)" in swatch(held)
    assert swatch(_layer_styles()["territory_outline"]).endswith("background:transparent\"></span>")


@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
def test_fills_stay_apart_for_colour_blind_readers(deficiency):
    """Every pair of fills, blended over the map's land at its opacity, stays apart under a simulation of
    full colour blindness (Machado et al. 2009, via colorspacious), in CAM02-UCS distance."""
    colorspacious = pytest.importorskip("colorspacious")
    import itertools

    from geo.render import STYLE, _layer_styles

    styles = _layer_styles()

    def seen(key):
        st = styles[key]
        base = [int(STYLE["ukraine"][i:i + 2], 16) / 255 for i in (1, 3, 5)]
        fill = [int(st["fillColor"][i:i + 2], 16) / 255 for i in (1, 3, 5)]
        rgb = [st["fillOpacity"] * f + (1 - st["fillOpacity"]) * b for f, b in zip(fill, base)]
        cvd = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        return colorspacious.cspace_convert(colorspacious.cspace_convert(rgb, cvd, "sRGB1"), "sRGB1", "CAM02-UCS")

    # (Outside the data's coverage is hatched, a pattern rather than a colour.)
    for a, b in itertools.combinations(["held_ru", "held_ua", "contested", "stated_8", "ua"], 2):
        assert colorspacious.deltaE(seen(a), seen(b), input_space="CAM02-UCS") > 8, (a, b)


def test_png_is_identical_on_rerun_and_survives_hostile_titles(seed_doc, tmp_path):
    from geo.render import write_png

    doc = dataclasses.replace(seed_doc, title="T " + HOSTILE + " $x^2$ $$")
    a = write_png(doc, tmp_path / "a.png").read_bytes()
    b = write_png(doc, tmp_path / "b.png").read_bytes()
    assert a == b and a[:8] == b"\x89PNG\r\n\x1a\n"


def test_tiles_are_off_by_default_and_checked(seed_doc):
    assert "tile.openstreetmap" not in map_html(seed_doc)
    assert "tile.openstreetmap.org" in map_html(seed_doc, tiles="OpenStreetMap.Mapnik")
    with pytest.raises(ValueError, match="unknown tile provider 'Nope'"):
        map_html(seed_doc, tiles="Nope")


def test_without_control_a_group_figure_shades_no_member(seed_html):
    # "70% to 80% of the four regions" is the four together: Donetsk's own share is not stated
    regions = {p["tip"].split("\n")[0]: p for p in objects(seed_html, "territory")}
    donetsk = regions["Donetsk (UA-14)"]
    assert donetsk["style"] == "territory" and "Shading" not in donetsk["tip"]
    assert "70–80% of Donetsk, Luhansk, Zaporizhzhia, Kherson together" in donetsk["tip"]
    assert regions["Kharkiv (UA-63)"]["style"] == "territory"


def test_without_control_a_region_is_shaded_by_its_own_stated_share():
    html = map_html(geo.extract("Russia holds about 70% of the Luhansk region."))
    (luhansk,) = [p for p in objects(html, "territory") if p["code"] == "UA-09"]
    assert luhansk["style"] == "stated_7" and "Shading: the text says about 70% Russian-held" in luhansk["tip"]
    assert "not control data" in luhansk["tip"]
    assert "the text says ~70% of this region Russian-held (not control data)" in html


def test_a_share_of_part_of_a_region_is_said_so_and_does_not_shade_it(gaz):
    from geo.render import _claim_lines, _stated_shares

    doc = geo.extract("Russian forces control about 90% of southern Donetsk. Russia holds 70% of the Luhansk region.")
    assert "RU controls about 90% of part of the region (southern)" in _claim_lines(doc, None, gaz)["UA-14"][0]
    assert set(_stated_shares(doc, gaz)) == {"UA-09"}


def test_render_leaves_branca_as_it_found_it():
    """Numbered ids only while our map renders, only in our thread; branca's own generator after."""
    import threading

    import branca.element

    before = branca.element.Element.__dict__["_generate_id"]
    seen: list[str] = []

    def other_thread_element():
        seen.append(branca.element.Element()._id)

    page = geo.map_html(geo.extract("Fighting in the Donetsk region."))
    worker = threading.Thread(target=other_thread_element)
    worker.start()
    worker.join()
    assert branca.element.Element.__dict__["_generate_id"] is before
    assert re.fullmatch(r"[0-9a-f]{32}", branca.element.Element()._id) and int(branca.element.Element()._id, 16) > 1 << 64
    assert "00000000000000000000000000000001" in page and seen


def test_numbered_ids_do_not_reach_other_threads():
    import threading

    import branca.element

    from geo.render import _numbered_ids

    other: list[str] = []
    with _numbered_ids():
        mine = branca.element.Element()._id
        t = threading.Thread(target=lambda: other.append(branca.element.Element()._id))
        t.start()
        t.join()
    assert mine == f"{1:032x}" and int(other[0], 16) > 1 << 64
