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
    assert "Territory named: none" in page


def test_hostile_boundary_names_are_escaped(seed_doc, gaz):
    from geo.gazetteer import Gazetteer

    entries = [dataclasses.replace(e, name_en=HOSTILE, name_uk=HOSTILE) if e.code == "UA-14" else e for e in gaz]
    page = map_html(seed_doc, gazetteer=Gazetteer(entries, data_dir=gaz.data_dir))
    assert _safe_text(HOSTILE) in [p["tip"] for p in objects(page, "basemap")]
    tip = objects(page, "territory")[0]["tip"]
    assert tip.startswith(_safe_text(f"{HOSTILE} (UA-14)")) and _safe_text(f"Ukrainian: {HOSTILE}") in tip
    assert "LOOPLOOP" not in page and "<img" not in page


def test_map_with_control_layers_and_checks(seed_doc, shared_control):
    from geo.control import read_control
    from geo.verify import verify

    layer = read_control(shared_control)
    report = verify(seed_doc, layer)
    page = map_html(seed_doc, control=layer, verification=report)
    for name in ("Held by Russia (control data)", "Held by Ukraine (the rest of the regions named)",
                 "Claimed (outline)", "Negotiable or may be withdrawn from (outline)"):
        assert name in page
    donetsk = objects(page, "territory")[0]["tip"]
    assert "RU controls 70–80% (asserted) – consistent, measured 77.4%" in donetsk
    assert page == map_html(seed_doc, control=layer, verification=report)
    assert len(page.encode()) < 250_000  # the budget of the seed's map with a control layer


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


def test_without_control_regions_are_shaded_by_the_stated_share(seed_html):
    regions = {p["tip"].split("\n")[0]: p for p in objects(seed_html, "territory")}
    donetsk = regions["Donetsk (UA-14)"]
    assert donetsk["style"] == "stated_8" and "Shading: stated 70–80% Russian-held" in donetsk["tip"]
    assert "not control data" in donetsk["tip"]
    assert regions["Kharkiv (UA-63)"]["style"] == "stated_0"
    assert "shaded by the Russian-held share it states" in seed_html


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
