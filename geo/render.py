"""Self-contained, deterministic, offline HTML maps of the places a text names.

folium builds the map; three things are done on top of it:

* **Offline**: folium's CDN scripts and styles are replaced by Leaflet 1.9.4,
  vendored in ``data/vendor/leaflet`` by the data build and inlined, so the page
  makes no request.
* **Safe**: every string that comes from a document, its metadata or a data
  file goes through `_safe_text` before it reaches folium (see "HTML safety"
  in the project's style guide: folium inserts text raw and branca renders it
  a second time as a Jinja2 template).
* **Deterministic**: branca ids come from ``os.urandom``; they are numbered in
  creation order instead, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import html
import json
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import branca.element
import folium
import folium.map
from folium.template import Template

from geo._files import write_atomic, write_text
from geo._mapui import add_behaviour, add_css, add_panel, legend_html, script_json
from geo._resources import package_dir
from geo.extract import Document
from geo.gazetteer import Gazetteer
from geo.vocab import SIDES, UNCERTAIN_MODALITIES

__all__ = ["render_map", "map_html", "write_map", "write_png", "default_map_path", "STYLE"]

#: Colours shared by the HTML map, the PNG and the QGIS styles of the exports.
STYLE = {
    "sea": "#dce7ee",
    "land": "#ecebe4",
    "ukraine": "#fbfaf6",
    "border": "#9c9c9c",
    "oblast": "#a8a8a8",
    "foreign_oblast": "#d3d1ca",
    "national": "#4d4d4d",
    "territory": "#1a1a1a",  # named in the text: an outline
    "stated": "#8c510a",  # the share a text states, without control data: brown, no side's colour
    "held_ru": "#b2182b",
    "held_ua": "#2166ac",
    "contested": "#7f7f7f",
    "no_data": "#6b6b6b",  # named, outside the control data's coverage: dotted, washed out
    "claimed": "#542788",
    "negotiable": "#e66101",
}
_VENDOR = {"leaflet.js": "geo-vendor:leaflet.js", "leaflet.css": "geo-vendor:leaflet.css",
           "topojson-client.min.js": "geo-vendor:topojson-client.min.js"}
#: Lon/lat box of the basemap drawn (what the map can show around Ukraine).
MAP_VIEW = (18.5, 42.5, 43.5, 55.0)
#: Russian regions drawn one by one (those bordering Ukraine); the rest of Russia is one outline.
RU_NEIGHBOURS = ("RU-BRY", "RU-KRS", "RU-BEL", "RU-VOR", "RU-ROS", "RU-KDA")
#: TopoJSON quantisation: 1e4 steps over the map's width is about 250 m, finer than a pixel at zoom 8.
QUANTIZE = 10_000
#: Simplification of the shared arcs (degrees; about 1 km), which keeps neighbours' borders shared.
TOPO_SIMPLIFY = 0.01
#: Extent the map opens on: Ukraine (south-west and north-east corners, lat/lon for folium).
UKRAINE_BOUNDS = [[44.2, 22.0], [52.5, 40.3]]
_ENTITY = {"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"}
_ID_LOCK = threading.Lock()


def _safe_text(value: object) -> str:
    """Escape any text for every place folium puts it (HTML, JS template, Jinja2).

    >>> _safe_text("<b>{{ 6*7 }}</b> `${x}`")
    '&lt;b&gt;&#123;&#123; 6*7 &#125;&#125;&lt;/b&gt; &#96;&#36;&#123;x&#125;&#96;'
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return re.sub(r"[`${}]", lambda m: _ENTITY[m.group()], text)


class _OfflineMap(folium.Map):
    """A folium Map that links only the vendored Leaflet (inlined after rendering)."""

    default_js = [("leaflet", _VENDOR["leaflet.js"]), ("topojson", _VENDOR["topojson-client.min.js"])]
    default_css = [("leaflet_css", _VENDOR["leaflet.css"])]


@contextmanager
def _numbered_ids() -> Iterator[None]:
    """Give branca elements made by this thread ids from a counter instead of ``os.urandom``.

    Other threads keep branca's own ids meanwhile, and branca's generator is put
    back as it was found (the class attribute itself, not a copy bound to `Element`).
    """
    counter = iter(range(1, 1 << 62))
    element = branca.element.Element
    original = element.__dict__["_generate_id"]
    random_id = original.__get__(None, element)
    me = threading.get_ident()

    def numbered(cls) -> str:
        return f"{next(counter):032x}" if threading.get_ident() == me else random_id()

    with _ID_LOCK:
        element._generate_id = classmethod(numbered)
        try:
            yield
        finally:
            element._generate_id = original


def _vendor(package: str, name: str) -> str:
    return (package_dir("data") / "vendor" / package / name).read_text(encoding="utf-8")


_LICENCES = {
    "leaflet": "Leaflet 1.9.4, (c) 2010-2023 Volodymyr Agafonkin, (c) 2010-2011 CloudMade; BSD-2-Clause",
    "topojson-client": "topojson-client 3.1.0, (c) 2012-2019 Michael Bostock; ISC",
}


def _inline_vendor(page: str) -> str:
    """Replace the vendor links folium wrote with the files themselves, licences kept."""
    for package, name, tag in (("leaflet", "leaflet.js", "script"), ("topojson-client", "topojson-client.min.js",
                                                                       "script"), ("leaflet", "leaflet.css", "style")):
        link = (f'<script src="{_VENDOR[name]}"></script>' if tag == "script"
                else f'<link rel="stylesheet" href="{_VENDOR[name]}"/>')
        if link not in page:
            raise RuntimeError(f"folium's page template changed: the link to {name} was not found")
        note = f"/* {_LICENCES[package]} (data/vendor/{package}/LICENSE) */"
        page = page.replace(link, f"<{tag}>{note}\n{_vendor(package, name)}</{tag}>")
    return page


def _mentions_by_region(doc: Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in doc.mentions:
        if m.role == "territory":
            for code in m.regions:
                names = out.setdefault(code, [])
                if m.text not in names:
                    names.append(m.text)
    return out


def _boundary_credit(gaz: Gazetteer) -> str:
    """Where the map's boundaries come from: Natural Earth, and the user's file for the units it gives."""
    found = gaz.boundary_source
    if found is None:
        return "Boundaries: Natural Earth"
    return (f"Boundaries: {Path(found.source).name} for {len(found.frame)} units (linked by {found.field}), "
            "Natural Earth for the rest")


def _control_credit(control) -> str:
    return f"{Path(control.source).name} ({control.format}, {control.date or 'undated'})"


def _names(codes, gaz: Gazetteer) -> str:
    """"all of Ukraine" or "Donetsk, Luhansk" for a claim's regions."""
    return ", ".join("all of Ukraine" if c == "UA" else "all of Russia" if c == "RU" else
                     (gaz[c].name_en if c in gaz else c) for c in codes)


def _figure(c) -> str:
    if c.quantity is None:  # "captured Selydove · Donetsk": a place within the region, not the region
        return f" {c.part}" if c.part else ""
    return f" {c.quantity.describe()}" + (f" of part of the region ({c.part})" if c.part else "")


def _when(c) -> str:
    """When a claim with a time of its own is about: " · as of 2024-11-10", " · 2025-05-01 to 2025-05-31",
    " · time not known" (an earlier value: "up from 3%"); nothing for the document's own day."""
    t = c.time
    if t is None or t.basis == "document" or t.basis == "none" and not t.text:
        return ""
    if t.basis == "none":
        return " · time not known"
    return f" · as of {t.as_of}" if t.as_of else f" · {t.start or '…'} to {t.end or '…'}"


def _checked(v, gaz: Gazetteer) -> str:
    """A check in a few words: "measured 77.4% for Donetsk, Luhansk, ...: consistent"."""
    if v.measured is None:
        return v.verdict
    value = f"{v.measured:,.1f}%" if v.unit == "%" else f"{v.measured:,.0f} km2"
    scope = f" for {_names(v.regions, gaz)}" if len(v.regions) > 1 or v.regions == ("UA",) else ""
    when = f" on {v.control.get('date')}" if v.control.get("date") else ""
    return f"measured {value}{scope}{when}: {v.verdict}"


def _claim_lines(doc: Document, verification, gaz: Gazetteer) -> dict[str, list[str]]:
    """Per first-level unit, one short line per claim about it (with the check, when there is one)."""
    checks = {v.claim_id: v for v in verification.verifications} if verification is not None else {}
    out: dict[str, list[str]] = {}
    for c in doc.claims:
        units = [u for code in c.regions for u in ([code] if code in SIDES else gaz.expand(code))]
        # a group's figure is the group's: "70–80% of Donetsk, Luhansk, ... together", never this region's own
        together = f" of {_names(units, gaz)} together" if c.quantity is not None and len(units) > 1 else ""
        line = f"• {c.actor or '?'} {c.relation.replace('_', ' ')}{_figure(c)}{together} ({c.modality}"
        line += f", per {c.attribution})" if c.attribution else ")"
        if c.id in checks:
            line += f" – {_checked(checks[c.id], gaz)}"
        for unit in units:
            out.setdefault(unit, []).append(line)
    return out


def _stated_shares(doc: Document, gaz: Gazetteer) -> dict[str, tuple[float, str]]:
    """Per unit, the Russian-held share a text states of that unit alone (middle of its range) and how.

    Without control data the map shades regions by this, labelled as stated, never as geometry. A
    share of several units together ("70-80% of the four regions") is the group's, not each one's:
    it shades none of them (each region's tooltip still quotes it).
    """
    out: dict[str, tuple[float, str]] = {}
    # the latest state first: "rose from 66% in January to 70% in May" shades 70% (a stable sort keeps the rest)
    for c in sorted(doc.claims, key=lambda c: c.time.last_day or "" if c.time else "", reverse=True):
        q = c.quantity
        if q is None or q.unit != "%" or c.relation not in ("controls", "holds", "occupies") or \
                c.modality in UNCERTAIN_MODALITIES or c.actor not in SIDES or c.part:
            continue  # a share of part of a region ("of southern Donetsk") does not shade all of it
        lo, hi = (q.low if q.low is not None else 0.0), (q.high if q.high is not None else 100.0)
        share = (lo + hi) / 200 if c.actor == "RU" else 1 - (lo + hi) / 200
        label = q.describe() if c.actor == "RU" else f"{100 - hi:g}–{100 - lo:g}% (from Ukraine's {q.describe()})"
        units = [u for r in c.regions if r not in SIDES for u in gaz.expand(r)]
        if len(units) == 1:
            out.setdefault(units[0], (share, label))
    return out


def _tip(*rows: tuple[str, object]) -> str:
    """Tooltip text: escaped "label: value" lines (the tooltip keeps line breaks)."""
    return "\n".join(_safe_text(f"{label}: {value}" if label else value) for label, value in rows if value)


def _frame(rows: list[dict]):
    import geopandas

    return geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _outline(codes: list[str], gaz: Gazetteer):
    import shapely

    return shapely.union_all(gaz.boundaries(codes, simplified=True).geometry.values)


def _held_rows(rc) -> list[tuple[str, str]]:
    """A region's own measured figures, as tooltip rows."""
    return [("Russian-held", f"{rc.share_russia * 100:.1f}% ({rc.russia_km2:,.0f} km2)"),
            ("Contested", f"{rc.contested_km2:,.0f} km2" if rc.contested_km2 else ""),
            ("Ukrainian-held", f"{rc.share_ukraine * 100:.1f}% ({rc.ukraine_km2:,.0f} km2)")]


def _basemap_object(gaz: Gazetteer):
    """Oblasts of Ukraine, Russia's border regions one by one, the rest of Russia and the neighbours."""
    import shapely

    view = shapely.box(*MAP_VIEW)
    rows, rest_of_russia = [], []
    for code, row in gaz.boundaries(simplified=True).iterrows():
        if not row.geometry.intersects(view):
            continue  # what the map never shows
        if row["country"] == "RU" and row["level"] == "admin1" and code not in RU_NEIGHBOURS:
            rest_of_russia.append(row.geometry)
            continue
        level = row["level"] if row["level"] == "country" else ("ua" if row["country"] == "UA" else "admin1")
        rows.append({"tip": _safe_text(gaz[code].name_en if code in gaz else code), "code": "", "style": level,
                     "geometry": row.geometry})
    if rest_of_russia:
        rows.append({"tip": _safe_text(gaz["RU"].name_en), "code": "", "style": "country",
                     "geometry": shapely.union_all(rest_of_russia)})
    name = "Boundaries (Natural Earth)" if gaz.boundary_source is None else "Boundaries (user file, Natural Earth)"
    return _frame(rows), name, None


def _control_objects(territory: list[str], control, claims: dict[str, list[str]], gaz: Gazetteer) -> dict:
    """What the control data shows, per region under the pointer: Russian-held in all of Ukraine
    (Crimea included), contested where the data has it, the Ukrainian-held rest of the regions named,
    and the regions named outside Ukraine marked as having no control data."""
    import shapely

    from geo.control import measure

    ukraine = list(gaz.expand("UA"))
    shapes = gaz.boundaries(ukraine, simplified=True).geometry
    figures = measure(control, ukraine, gazetteer=gaz)
    held_all = shapely.simplify(control.held_by_russia(), 0.01)
    grey_all = shapely.difference(shapely.simplify(control.contested(), 0.01), held_all)
    when = f"per {_control_credit(control)}"
    pieces: dict[str, list[dict]] = {"held_ru": [], "contested": [], "held_ua": []}
    for code in ukraine:
        # Cut from the map-resolution regions, so the pieces share their borders with the basemap.
        region = shapes[code]
        held = shapely.intersection(held_all, region)
        grey = shapely.intersection(grey_all, region)
        parts = {"held_ru": held, "contested": grey}
        if code in territory:
            parts["held_ua"] = shapely.difference(shapely.difference(region, held), grey)
        lines = claims.get(code, [])
        tip = _tip(("", f"{gaz[code].name_en} ({code})"), *_held_rows(figures[code]), ("", when),
                   ("Claims in the text", "\n" + "\n".join(lines) if lines else ""))
        for key, geom in parts.items():
            geom = shapely.set_precision(geom, 1e-3)
            if not geom.is_empty and geom.area > 1e-6:
                pieces[key].append({"tip": tip, "code": code, "style": key, "geometry": geom})
    names = {"held_ru": "Held by Russia (control data)", "contested": "Contested (control data)",
             "held_ua": "Held by Ukraine (control data; regions named)"}
    objects = {key: (_frame(rows), names[key], names[key]) for key, rows in pieces.items() if rows}
    outside = [c for c in territory if gaz[c].country != "UA"]
    if outside:
        rows = [{"tip": _tip(("", f"{gaz[c].name_en} ({c})"),
                             ("", "No control data for this region: the control data covers Ukraine only."),
                             ("Claims in the text", "\n" + "\n".join(claims[c]) if claims.get(c) else "")),
                 "code": c, "style": "no_data", "geometry": _outline([c], gaz)} for c in outside]
        label = "No control data (outside the data's coverage)"
        objects["no_data"] = (_frame(rows), label, label)
    return objects


def _territory_object(doc: Document, territory: list[str], control, claims: dict[str, list[str]], gaz: Gazetteer):
    """The regions the text names: an outline over the control data, or (without it) the only shading,
    by the share the text states, in a colour that is no side's."""
    written = _mentions_by_region(doc)
    shapes = gaz.boundaries(territory, simplified=True)
    stated = {} if control is not None else _stated_shares(doc, gaz)
    rows = [{"tip": _tip(("", f"{gaz[c].name_en} ({c})"), ("Ukrainian", gaz[c].name_uk),
                         ("Written as", "; ".join(written.get(c, []))),
                         ("Shading", f"the text says {stated[c][1]} Russian-held (not control data)"
                          if c in stated else ""),
                         ("Claims in the text", "\n" + "\n".join(claims[c]) if claims.get(c) else "none")),
             "code": c,
             "style": "territory_outline" if control is not None else
             (f"stated_{round(stated[c][0] * 10)}" if c in stated else "territory"),
             "geometry": shapes.geometry[c]} for c in territory]
    return _frame(rows), "Territory named in the text", "Territory named in the text (outline)"


def _outline_objects(doc: Document, gaz: Gazetteer) -> dict:
    """Outlines of what the text says is claimed, negotiable or may be withdrawn from."""
    objects = {}
    for relations, key, name, label in (
        (("claims", "annexed"), "claimed", "Claimed in the text (outline)", "claimed in the text"),
        (("negotiable", "may_withdraw"), "negotiable", "Negotiable or may be withdrawn from (outline)",
         "negotiable, or the actor may withdraw"),
    ):
        codes = list(dict.fromkeys(u for c in doc.claims if c.relation in relations
                                   for r in c.regions if r not in SIDES for u in gaz.expand(r)))
        if codes:
            objects[key] = (_frame([{"tip": _safe_text(f"{_names(codes, gaz)}: {label}"), "code": "", "style": key,
                                     "geometry": _outline(codes, gaz)}]), name, name)
    return objects


def _objects(doc: Document, territory: list[str], control, verification, gaz: Gazetteer):
    """The map's objects in drawing order: name -> (GeoDataFrame with tip/code/style, layer name or None,
    legend label or None)."""
    claims = _claim_lines(doc, verification, gaz)
    objects = {"basemap": _basemap_object(gaz)}
    if control is not None:
        objects.update(_control_objects(territory, control, claims, gaz))
    if territory:
        objects["territory"] = _territory_object(doc, territory, control, claims, gaz)
    objects.update(_outline_objects(doc, gaz))
    objects["border"] = (_frame([{"tip": "", "code": "", "style": "border", "geometry": _outline(["UA"], gaz)}]),
                         None, None)
    return objects


def _layer_styles() -> dict[str, dict]:
    land = {"fillColor": STYLE["land"], "fillOpacity": 1.0}
    return {
        "country": {"color": STYLE["border"], "weight": 1.0, **land},
        "admin1": {"color": STYLE["foreign_oblast"], "weight": 0.7, **land},
        "ua": {"color": STYLE["oblast"], "weight": 0.7, "fillColor": STYLE["ukraine"], "fillOpacity": 1.0},
        # Named in the text: an outline; the transparent fill only makes the inside hoverable.
        "territory": {"color": STYLE["territory"], "weight": 2.2, "fillColor": STYLE["territory"], "fillOpacity": 0.0},
        "territory_outline": {"color": STYLE["territory"], "weight": 2.2, "fill": False},
        # Shading by a stated share (no control data): deeper for a larger share, in no side's colour.
        **{f"stated_{i}": {"color": STYLE["territory"], "weight": 2.2, "fillColor": STYLE["stated"],
                           "fillOpacity": round(0.08 + 0.05 * i, 2)} for i in range(11)},
        "held_ru": {"color": STYLE["held_ru"], "weight": 0.6, "fillColor": STYLE["held_ru"], "fillOpacity": 0.55},
        "contested": {"color": STYLE["contested"], "weight": 0.6, "fillColor": STYLE["contested"], "fillOpacity": 0.6},
        "held_ua": {"color": STYLE["held_ua"], "weight": 0.6, "fillColor": STYLE["held_ua"], "fillOpacity": 0.3},
        # Outside the control data: grey hatching (an SVG pattern, see geo._mapui.HATCH), dotted edge.
        "no_data": {"color": STYLE["no_data"], "weight": 1.5, "dashArray": "2 4", "fillColor": STYLE["no_data"],
                    "fillOpacity": 0.35, "className": "geo-hatch"},
        # Claimed is wide and negotiable narrow on top, so both show where they follow one border.
        "claimed": {"color": STYLE["claimed"], "weight": 5, "opacity": 0.8, "dashArray": "10 6", "fill": False},
        "negotiable": {"color": STYLE["negotiable"], "weight": 2.2, "dashArray": "3 5", "fill": False},
        "border": {"color": STYLE["national"], "weight": 1.6, "fill": False},
    }


def _topology(objects: dict) -> dict:
    """One TopoJSON topology of all objects: shared borders once, coordinates quantised."""
    import topojson

    names = list(objects)
    topo = topojson.Topology([objects[n][0] for n in names], object_name=names, prequantize=QUANTIZE,
                             topology=True, presimplify=False, toposimplify=TOPO_SIMPLIFY)
    return topo.to_dict()


def _legend_rows(objects: dict, styles: dict) -> list[tuple[dict, str]]:
    rows = []
    for key, (frame, _, label) in objects.items():
        if label is None:
            continue
        if key == "territory" and any(s.startswith("stated_") for s in frame["style"]):
            rows.append((styles["territory"], "Territory named in the text (outline)"))
            used = sorted({int(s.removeprefix("stated_")) for s in frame["style"] if s.startswith("stated_")})
            rows += [(styles[f"stated_{i}"], f"the text says ~{i * 10}% of this region Russian-held (not control data)")
                     for i in used]
            continue
        rows.append((styles[frame["style"].iloc[0]], _safe_text(label)))
    return rows + [({"color": STYLE["national"], "weight": 1, "fillColor": STYLE["ukraine"], "fillOpacity": 1},
                    "Ukraine and its oblasts"),
                   ({"color": STYLE["border"], "weight": 1, "fillColor": STYLE["land"], "fillOpacity": 1},
                    "Neighbouring countries and Russian regions")]


def _verdict(v, gaz: Gazetteer, control: bool) -> str:
    """A check for the panel: the measured value and the verdict, coloured, in words."""
    if v is None:
        return f'<span class="geo-v-unchecked">not checked: {"no figure to check" if control else "no control data"}</span>'
    if v.measured is None:
        return f'<span class="geo-v-unverifiable">unverifiable</span>: {_safe_text(v.explanation.removeprefix("Not checked: "))}'
    text = _safe_text(_checked(v, gaz))
    head, _, verdict = text.rpartition(": ")
    return f'{head}: <span class="geo-v-{_safe_text(v.verdict)}">{verdict}</span>'


def _panel_html(doc: Document, territory: list[str], control, verification, gaz: Gazetteer, legend: str) -> str:
    """The panel: what was read, what was checked against what, the legend, one line per claim."""
    title = doc.title or (Path(doc.path).name if doc.path else "Untitled text")
    meta = " · ".join(_safe_text(v) for v in (doc.source, doc.date) if v)
    names = ", ".join(_safe_text(gaz[c].name_en) for c in territory) or "none"
    if control is not None:
        data = f"Control data: {_safe_text(_control_credit(control))}"
    else:
        data = ("No control data given: nothing on this map shows who holds the ground; regions are shaded "
                "only by what the text states. Add <code>--control FILE</code> to check the figures.")
    checks = {v.claim_id: v for v in verification.verifications} if verification is not None else {}
    items = []
    for c in doc.claims:
        units = [u for r in c.regions for u in ([r] if r in ("UA", "RU") else gaz.expand(r))]
        sentence = " ".join(c.evidence.split())
        actor = gaz[c.actor].name_en if c.actor in gaz else (c.actor or "?")
        head = _safe_text(f"{actor} {c.relation.replace('_', ' ')}{_figure(c)} · {_names(c.regions, gaz)}{_when(c)}"
                          f" ({c.modality}" + (f", per {c.attribution})" if c.attribution else ")"))
        items.append(f'<li data-regions="{_safe_text(" ".join(units))}"><b>{head}</b><br>'
                     f'{_verdict(checks.get(c.id), gaz, control is not None)}'
                     f'<details><summary>evidence</summary><blockquote>“{_safe_text(sentence)}”</blockquote>'
                     "</details></li>")
    if not doc.mentions:
        found = '<div class="geo-note">No places found in the text.</div>'
    elif not territory:
        found = '<div class="geo-note">No territory to draw: the places found are not regions of Ukraine or Russia.</div>'
    else:
        found = ""
    claims = (f'<details id="geo-claims" open><summary>Claims in the text ({len(items)})</summary>'
              f'<ol>{"".join(items)}</ol></details>') if items else \
        '<div class="geo-note" id="geo-claims">No territorial claims found in the text.</div>'
    return (f'<div id="geo-panel" class="geo-box"><h1>{_safe_text(title)}</h1><div class="geo-meta">{meta}</div>'
            f'<div>Territory named: {names}</div>{found}<div class="geo-note">{data}</div>{legend}{claims}'
            f'<div class="geo-meta" style="margin-top:6px">{_safe_text(_boundary_credit(gaz))}</div></div>')


class _Topology(branca.element.MacroElement):
    """The map's geometry, embedded once as TopoJSON (shared borders stored once, quantised)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = {{ this.json }};\n"
        "var {{ this.get_name() }}_styles = {{ this.styles|tojson }};\n"
        "{% endmacro %}"
    )

    def __init__(self, data: dict, styles: dict):
        super().__init__()
        self._name = "Topology"
        self.styles = styles  # one table of layer styles, shared by every layer
        self.json = script_json(data)


class _TopoLayer(folium.map.Layer):
    """One object of the topology as a Leaflet layer: a style per feature, its ``tip`` as tooltip.

    ``tip`` strings are escaped with `_safe_text` before they get here; the
    tooltip fills ``innerHTML`` with them, which shows them literally. A click
    on a feature with a ``code`` marks the claims panel's lines about it.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = L.geoJSON(\n"
        "    topojson.feature({{ this.topology.get_name() }}, "
        "{{ this.topology.get_name() }}.objects[{{ this.object|tojson }}]),\n"
        "    {interactive: {{ this.interactive|tojson }},\n"
        "     style: function(feature) { return {{ this.topology.get_name() }}_styles[feature.properties.style]; },\n"
        "     onEachFeature: function(feature, layer) {\n"
        "         if (!feature.properties.tip) { return; }\n"
        "         var div = document.createElement('div');\n"
        "         div.innerHTML = feature.properties.tip;\n"
        "         layer.bindTooltip(div, {sticky: true, direction: 'auto', className: 'geo-tip'});\n"
        "         if (feature.properties.code) {\n"
        "             layer.on('click', function() { if (window.geoMarkLines) { "
        "window.geoMarkLines(feature.properties.code); } });\n"
        "         }\n"
        "     }});\n"
        "(window.geoLayers = window.geoLayers || []).push({{ this.get_name() }});\n"
        "{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}\n"
        "{% endmacro %}"
    )

    def __init__(self, topology: _Topology, obj: str, name: str, *, control: bool = True, interactive: bool = True):
        super().__init__(name=name, overlay=True, control=control, show=True)
        self._name = "TopoLayer"
        self.topology, self.object, self.interactive = topology, obj, interactive


def _labels(territory: list[str], gaz: Gazetteer) -> list[tuple[float, float, str, bool]]:
    """(lat, lon, escaped name, named) for every oblast of Ukraine and every region the text names."""
    import shapely

    frame = gaz.boundaries(simplified=True)
    codes = list(dict.fromkeys([*territory, *gaz.expand("UA")]))  # named first: they win where labels collide
    out = []
    for code in codes:
        if code not in frame.index:
            continue
        geom = frame.geometry[code]
        biggest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        point = shapely.ops.polylabel(biggest, tolerance=0.02)
        out.append((point.y, point.x, _safe_text(gaz[code].name_en), code in territory))
    return out


def render_map(document: Document, *, control=None, verification=None,
               gazetteer: Gazetteer | None = None, tiles: str | None = None) -> folium.Map:
    """Build the folium map of a document's territory over the offline basemap.

    Parameters
    ----------
    document : Document
        From `geo.extract`.
    control : geo.ControlLayer, optional
        Adds who holds the ground: Russian-held and contested areas in all of
        Ukraine, the Ukrainian-held rest of the regions named, and the regions
        named outside the data's coverage marked "no control data".
    verification : geo.VerifyReport, optional
        Adds measured figures and verdicts to the claims panel and tooltips.
    gazetteer : Gazetteer, optional
        Defaults to the embedded one.
    tiles : str, optional
        An online tile layer under the map, by xyzservices name ("CartoDB.Positron").
        Off by default: with it, the page loads tiles from the internet.

    Returns
    -------
    folium.Map
        Call `map_html` (not ``Map.save``) to get the offline, deterministic page.

    Raises
    ------
    ValueError
        If *tiles* is not an xyzservices name.

    Examples
    --------
    >>> import geo
    >>> m = render_map(geo.extract("Russia holds parts of the Kharkiv region."))
    >>> [c.layer_name for c in m._children.values() if isinstance(c, _TopoLayer) and c.control]
    ['Boundaries (Natural Earth)', 'Territory named in the text']
    """
    gaz = gazetteer or Gazetteer.default()
    territory = [c for c in document.territory() if c in gaz and gaz[c].kind == "admin1"]
    m = _OfflineMap(location=None, tiles=None, zoom_control=True, prefer_canvas=False, control_scale=True,
                    zoom_snap=0.25)
    title = document.title or (Path(document.path).name if document.path else "Untitled text")
    m.get_root().title = _safe_text(f"{title} – geo map")
    add_css(m, STYLE)
    if tiles:
        folium.TileLayer(_tile_provider(tiles), name=f"Tiles: {tiles}", overlay=False, control=True).add_to(m)
    objects = _objects(document, territory, control, verification, gaz)
    styles = _layer_styles()
    used = {k for frame, _, _ in objects.values() for k in frame["style"]}
    topology = _Topology(_topology(objects), {k: v for k, v in styles.items() if k in used})
    topology.add_to(m)
    for key, (_, name, _) in objects.items():
        _TopoLayer(topology, key, name or "Ukraine's border", control=name is not None,
                   interactive=name is not None).add_to(m)
    from geo.settlement_layers import add_settlement_markers

    towns = [({"color": edge, "weight": 1, "fillColor": fill, "fillOpacity": 0.95}, _safe_text(label))
             for edge, fill, label in add_settlement_markers(m, document, verification)]
    add_panel(m, _panel_html(document, territory, control, verification, gaz,
                             legend_html(_legend_rows(objects, styles) + towns)))
    folium.LayerControl(collapsed=True).add_to(m)
    add_behaviour(m, UKRAINE_BOUNDS, _labels(territory, gaz))
    return m


def _tile_provider(name: str):
    import xyzservices

    try:
        return xyzservices.providers.query_name(name)
    except ValueError as err:
        raise ValueError(f"unknown tile provider {name!r}; use an xyzservices name such as 'CartoDB.Positron' "
                         "or 'OpenStreetMap.Mapnik'") from err


def map_html(document: Document, *, control=None, verification=None, gazetteer: Gazetteer | None = None,
             tiles: str | None = None) -> str:
    """The map page as one self-contained HTML string, identical for identical inputs."""
    with _numbered_ids():
        page = render_map(document, control=control, verification=verification,
                          gazetteer=gazetteer, tiles=tiles).get_root().render()
    return _inline_vendor(page)


def default_map_path(document: Document, folder: str | Path = "maps") -> Path:
    """``maps/<name of the text>.html``; the name is reduced to safe characters.

    >>> import geo
    >>> default_map_path(geo.extract("Kherson.")).name
    'text-b233a348867d.html'
    """
    stem = Path(document.path).stem if document.path else f"text-{document.sha256[:12]}"
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-") or f"text-{document.sha256[:12]}"
    return Path(folder) / f"{stem}.html"


def write_map(document: Document, path: str | Path | None = None, *, control=None, verification=None,
              gazetteer: Gazetteer | None = None, tiles: str | None = None) -> Path:
    """Write the map page atomically and return its path (default: `default_map_path`)."""
    target = Path(path) if path is not None else default_map_path(document)
    return write_text(target, map_html(document, control=control, verification=verification, gazetteer=gazetteer,
                                       tiles=tiles))


def _mpl_text(value: object) -> str:
    """Text for matplotlib: ``$`` would start mathtext, so it is escaped."""
    return str(value).replace("$", r"\$")


def _scale_bar(ax, lon: float, lat: float, km: int = 200) -> None:
    """A scale bar of *km* at (*lon*, *lat*): geodesic length on WGS84, drawn in the axes' degrees."""
    from pyproj import Geod

    end, _, _ = Geod(ellps="WGS84").fwd(lon, lat, 90, km * 1000)
    ax.plot([lon, end], [lat, lat], color="#222222", linewidth=3, solid_capstyle="butt", zorder=6)
    for x in (lon, (lon + end) / 2, end):
        ax.plot([x, x], [lat - 0.08, lat + 0.08], color="#222222", linewidth=1, zorder=6)
    ax.text((lon + end) / 2, lat + 0.15, f"{km} km", ha="center", va="bottom", fontsize=8, zorder=6)


def write_png(document: Document, path: str | Path | None = None, *, control=None, verification=None,
              gazetteer: Gazetteer | None = None) -> Path:
    """The same layers as a static PNG (matplotlib), for reports; written atomically.

    The legend sits beside the map, never over land; a scale bar, the oblasts' names (the regions
    named in bold) and the sources are on the image.

    Examples
    --------
    >>> import geo, tempfile, pathlib
    >>> out = write_png(geo.extract("Fighting in Kherson."), pathlib.Path(tempfile.mkdtemp()) / "m.png")
    >>> out.read_bytes()[:4]
    b'\\x89PNG'
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    gaz = gazetteer or Gazetteer.default()
    territory = [c for c in document.territory() if c in gaz and gaz[c].kind == "admin1"]
    styles = _layer_styles()
    objects = _objects(document, territory, control, verification, gaz)
    fig, ax = plt.subplots(figsize=(12, 7), dpi=110)
    ax.set_facecolor(STYLE["sea"])
    for key, (frame, _, _) in objects.items():
        for style_key, part in frame.groupby("style", sort=True):
            st = styles[style_key]
            opacity = st.get("fillOpacity", 0.0) if st.get("fill", True) else 0.0
            part.plot(ax=ax, facecolor=to_rgba(st.get("fillColor", "#000000"), opacity),
                      edgecolor=to_rgba(st["color"], st.get("opacity", 1.0)), linewidth=st.get("weight", 1) * 0.6,
                      linestyle="--" if "dashArray" in st else "-", zorder=2 if key == "basemap" else 3,
                      hatch="///" if st.get("className") == "geo-hatch" else None)
    handles = []
    for st, label in _legend_rows(objects, styles):
        if st.get("fill", True) and st.get("fillOpacity", 0) > 0:
            handles.append(Patch(facecolor=to_rgba(st["fillColor"], st["fillOpacity"]), edgecolor=st["color"],
                                 linestyle="--" if "dashArray" in st else "-", label=_mpl_text(html.unescape(label))))
        else:
            handles.append(Line2D([], [], color=st["color"], linewidth=st.get("weight", 1) * 0.8,
                                  linestyle="--" if "dashArray" in st else "-", label=_mpl_text(html.unescape(label))))
    for lat, lon, name, named in _labels(territory, gaz):
        ax.text(lon, lat, _mpl_text(html.unescape(name)), ha="center", va="center", zorder=5,
                fontsize=8 if named else 6.5, fontweight="bold" if named else "normal",
                color="#111111" if named else "#555555", clip_on=True)
    (lat0, lon0), (lat1, lon1) = UKRAINE_BOUNDS
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / 0.66)  # about cos(48.5°): degrees of longitude are shorter here
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _scale_bar(ax, lon0 + 0.5, lat0 + 0.4)
    title = document.title or (Path(document.path).name if document.path else "Untitled text")
    meta = " · ".join(str(v) for v in (document.source, document.date) if v)
    ax.set_title(_mpl_text(f"{title}\n{meta}" if meta else title), fontsize=11, loc="left")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    data = (f"Control data: {_control_credit(control)}" if control is not None else
            "No control data given: shading shows only what the text states")
    fig.text(0.01, 0.01, _mpl_text(f"{_boundary_credit(gaz)}. {data}."), fontsize=7, color="#555")
    fig.tight_layout()
    target = Path(path) if path is not None else default_map_path(document).with_suffix(".png")
    try:
        return write_atomic(target, lambda tmp: fig.savefig(tmp, format="png", metadata={"Software": None},
                                                            bbox_inches="tight", pad_inches=0.15))
    finally:
        plt.close(fig)
