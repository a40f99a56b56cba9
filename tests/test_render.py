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


def _geojson_layers(page: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r"_add\((\{.*?\})\);\n", page)]


def test_map_is_offline(seed_html):
    loads = re.findall(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=""", seed_html)
    assert loads == [], "the page loads an external resource"
    assert "cdn." not in seed_html and "geo-vendor:" not in seed_html
    assert "Leaflet 1.9.4" in seed_html and "BSD-2-Clause" in seed_html


def test_map_draws_the_six_regions(seed_html):
    layers = _geojson_layers(seed_html)
    territory = [l for l in layers if any("written" in f["properties"] for f in l.get("features", []))]
    assert len(territory) == 1
    assert [f["id"] for f in territory[0]["features"]] == ["UA-14", "UA-09", "UA-23", "UA-65", "UA-63", "UA-48"]


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
    assert "<img" not in page and "javascript:window" not in page.replace(_safe_text(HOSTILE), "")


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
    props = [f["properties"] for layer in _geojson_layers(page) for f in layer.get("features", [])
             if f.get("id") == "UA-14"]
    assert {p["name"] for p in props} == {_safe_text(HOSTILE), _safe_text(f"{HOSTILE} (UA-14)")}
    assert props[-1]["name_uk"] == _safe_text(HOSTILE)
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
    territory = [f for l in _geojson_layers(page) for f in l.get("features", []) if "claims" in f["properties"]]
    donetsk = next(f for f in territory if f["id"] == "UA-14")["properties"]["claims"]
    assert "RU controls 70–80% (asserted) – consistent, measured 77.4%" in donetsk
    assert page == map_html(seed_doc, control=layer, verification=report)
