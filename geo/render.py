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
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import branca.element
import folium

from geo._files import write_text
from geo._resources import package_dir
from geo.extract import Document
from geo.gazetteer import Gazetteer

__all__ = ["render_map", "map_html", "write_map", "default_map_path", "STYLE"]

#: Colours shared by the HTML map (and, later, the GIS styles).
STYLE = {
    "sea": "#dce7ee",
    "land": "#ecebe4",
    "ukraine": "#fbfaf6",
    "border": "#9c9c9c",
    "oblast": "#a8a8a8",
    "foreign_oblast": "#d3d1ca",
    "national": "#4d4d4d",
    "territory": "#c8102e",
    "held_ru": "#b2182b",
    "held_ua": "#2166ac",
    "contested": "#9e9e9e",
    "claimed": "#67001f",
    "negotiable": "#e08214",
}
_VENDOR = {"leaflet.js": "geo-vendor:leaflet.js", "leaflet.css": "geo-vendor:leaflet.css"}
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

    default_js = [("leaflet", _VENDOR["leaflet.js"])]
    default_css = [("leaflet_css", _VENDOR["leaflet.css"])]


@contextmanager
def _numbered_ids() -> Iterator[None]:
    """Give branca elements ids from a counter instead of ``os.urandom``."""
    counter = iter(range(1, 1 << 62))
    original = branca.element.Element._generate_id
    with _ID_LOCK:
        branca.element.Element._generate_id = classmethod(lambda cls: f"{next(counter):032x}")
        try:
            yield
        finally:
            branca.element.Element._generate_id = original


def _vendor(name: str) -> str:
    return (package_dir("data") / "vendor" / "leaflet" / name).read_text(encoding="utf-8")


def _inline_vendor(page: str) -> str:
    js = f'<script src="{_VENDOR["leaflet.js"]}"></script>'
    css = f'<link rel="stylesheet" href="{_VENDOR["leaflet.css"]}"/>'
    if js not in page or css not in page:
        raise RuntimeError("folium's page template changed: the Leaflet links were not found")
    licence = "/* Leaflet 1.9.4, (c) 2010-2023 Volodymyr Agafonkin, (c) 2010-2011 CloudMade; BSD-2-Clause (data/vendor/leaflet/LICENSE) */"
    page = page.replace(js, f"<script>{licence}\n{_vendor('leaflet.js')}</script>")
    return page.replace(css, f"<style>{licence}\n{_vendor('leaflet.css')}</style>")


def _mentions_by_region(doc: Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in doc.mentions:
        if m.role == "territory":
            for code in m.regions:
                names = out.setdefault(code, [])
                if m.text not in names:
                    names.append(m.text)
    return out


def _title_block(doc: Document, territory: list[str], gaz: Gazetteer, control=None) -> str:
    title = doc.title or (Path(doc.path).name if doc.path else "Untitled text")
    meta = " · ".join(_safe_text(v) for v in (doc.source, doc.date) if v)
    names = ", ".join(_safe_text(gaz[c].name_en) for c in territory) or "none"
    return (
        '<div id="geo-title" style="position:fixed;top:10px;left:54px;z-index:1000;max-width:420px;'
        'background:rgba(255,255,255,.92);padding:8px 12px;border-radius:4px;'
        'box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px/1.35 system-ui,sans-serif">'
        f'<div style="font-weight:600;font-size:15px">{_safe_text(title)}</div>'
        f'<div style="color:#555">{meta}</div>'
        f'<div style="margin-top:4px">Territory named: {names}</div>'
        + (f'<div style="color:#555">Control data: {_safe_text(Path(control.source).name)} '
           f'({_safe_text(control.format)}, {_safe_text(control.date or "undated")})</div>' if control else "")
        + "</div>"
    )


def _legend(extra: list[tuple[str, str, str]] = ()) -> str:
    swatch = ('<span style="display:inline-block;width:14px;height:10px;margin-right:6px;'
              'border:1px solid {stroke};background:{fill}"></span>')
    rows = [
        (STYLE["territory"], STYLE["territory"], "Territory named in the text"),
        *extra,
        (STYLE["national"], STYLE["ukraine"], "Ukraine and its oblasts"),
        (STYLE["border"], STYLE["land"], "Neighbouring countries and Russian regions"),
    ]
    body = "".join(f"<div>{swatch.format(stroke=s, fill=f)}{label}</div>" for s, f, label in rows)
    return (
        '<div id="geo-legend" style="position:fixed;bottom:28px;right:10px;z-index:1000;'
        'background:rgba(255,255,255,.92);padding:6px 10px;border-radius:4px;'
        'box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.5 system-ui,sans-serif">'
        f"{body}</div>"
    )


def _basemap_layer(gaz: Gazetteer) -> folium.GeoJson:
    frame = gaz.boundaries(simplified=True)
    features = []
    for code, row in frame.iterrows():
        name = gaz[code].name_en if code in gaz else code
        features.append({
            "type": "Feature",
            "id": code,
            "properties": {"name": _safe_text(name), "level": row["level"], "country": row["country"]},
            "geometry": row.geometry.__geo_interface__,
        })

    def style(feature: dict) -> dict:
        props = feature["properties"]
        if props["level"] == "country":
            return {"color": STYLE["border"], "weight": 1.0, "fillColor": STYLE["land"], "fillOpacity": 1.0}
        ukraine = props["country"] == "UA"
        return {"color": STYLE["oblast"] if ukraine else STYLE["foreign_oblast"], "weight": 0.7,
                "fillColor": STYLE["ukraine"] if ukraine else STYLE["land"], "fillOpacity": 1.0}

    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Boundaries (Natural Earth)",
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    )


def _national_border(gaz: Gazetteer) -> folium.GeoJson:
    """Ukraine's outline, drawn over the oblasts (not interactive)."""
    import shapely

    frame = gaz.boundaries("UA", simplified=True)
    outline = shapely.set_precision(shapely.union_all(frame.geometry.values), 1e-3)
    return folium.GeoJson(
        {"type": "Feature", "id": "UA", "properties": {}, "geometry": outline.__geo_interface__},
        name="Ukraine's border",
        style_function=lambda f: {"color": STYLE["national"], "weight": 1.6, "fill": False},
        interactive=False,
        control=False,
    )


def _claim_lines(doc: Document, verification, gaz: Gazetteer) -> dict[str, list[str]]:
    """Per first-level unit, one line per claim about it (with the check, when there is one)."""
    checks = {v.claim_id: v for v in verification.verifications} if verification is not None else {}
    out: dict[str, list[str]] = {}
    for c in doc.claims:
        figure = f" {c.quantity.describe()}" if c.quantity else ""
        line = f"{c.actor or '?'} {c.relation.replace('_', ' ')}{figure} ({c.modality}"
        line += f", per {c.attribution})" if c.attribution else ")"
        v = checks.get(c.id)
        if v is not None:
            line += f" – {v.verdict}" + (f", measured {v.measured:,.1f}{'%' if v.unit == '%' else ' km2'}"
                                         if v.measured is not None else "")
        sentence = " ".join(c.evidence.split())
        line += f"\n  “{sentence[:220]}{'…' if len(sentence) > 220 else ''}”"
        for code in c.regions:
            for unit in ([code] if code in ("UA", "RU") else gaz.expand(code)):
                out.setdefault(unit, []).append(line)
    return out


def _territory_layer(doc: Document, territory: list[str], gaz: Gazetteer, verification=None,
                     fill: float = 0.35) -> folium.GeoJson:
    frame = gaz.boundaries(territory, simplified=True)
    written = _mentions_by_region(doc)
    claims = _claim_lines(doc, verification, gaz)
    features = []
    for code, row in frame.iterrows():
        entry = gaz[code]
        features.append({
            "type": "Feature",
            "id": code,
            "properties": {
                "name": _safe_text(f"{entry.name_en} ({code})"),
                "name_uk": _safe_text(entry.name_uk),
                "written": _safe_text("; ".join(written.get(code, []))),
                "claims": _safe_text("\n".join(claims.get(code, [])) or "none"),
            },
            "geometry": row.geometry.__geo_interface__,
        })
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Territory named in the text",
        style_function=lambda f: {"color": STYLE["territory"], "weight": 1.5,
                                  "fillColor": STYLE["territory"], "fillOpacity": fill},
        highlight_function=lambda f: {"weight": 3, "fillOpacity": 0.5},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "name_uk", "written", "claims"], aliases=["Region", "Ukrainian", "Written as", "Claims"],
            style="white-space: pre-line; max-width: 420px;",
        ),
    )


def _shape_layer(geom, name: str, label: str, style: dict, tooltip: str) -> folium.GeoJson:
    """One (multi)polygon as a layer, simplified for display, with a fixed tooltip."""
    import shapely

    geom = shapely.set_precision(shapely.simplify(geom, 0.003), 1e-3)
    feature = {"type": "Feature", "id": name, "properties": {"label": _safe_text(label)},
               "geometry": geom.__geo_interface__}
    return folium.GeoJson(feature, name=name, style_function=lambda f: style,
                          tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False))


def _outline_layer(codes: list[str], name: str, label: str, color: str, gaz: Gazetteer) -> folium.GeoJson:
    import shapely

    outline = shapely.union_all(gaz.boundaries(codes, simplified=True).geometry.values)
    return _shape_layer(outline, name, label, {"color": color, "weight": 3, "dashArray": "8 6", "fill": False},
                        label)


def _control_layers(doc: Document, territory: list[str], control, gaz: Gazetteer) -> list[tuple[folium.GeoJson, str, str]]:
    """Layers from control data, clipped to the regions the text names: (layer, colour, legend label)."""
    import shapely

    scope = shapely.union_all(gaz.boundaries(territory).geometry.values)
    held = shapely.intersection(control.held_by_russia(), scope)
    grey = shapely.difference(shapely.intersection(control.contested(), scope), held)
    rest = shapely.difference(shapely.difference(scope, held), grey)
    when = f"{control.format}, {control.date or 'undated'}"
    out = []
    for geom, key, name, label in (
        (held, "held_ru", "Held by Russia (control data)", f"Russian-held, per {when}"),
        (grey, "contested", "Contested (control data)", f"Contested, per {when}"),
        (rest, "held_ua", "Held by Ukraine (the rest of the regions named)", f"Ukrainian-held, per {when}"),
    ):
        if not geom.is_empty:
            style = {"color": STYLE[key], "weight": 0.8, "fillColor": STYLE[key], "fillOpacity": 0.45}
            out.append((_shape_layer(geom, name, label, style, label), STYLE[key], name))
    return out


def render_map(document: Document, *, control=None, verification=None,
               gazetteer: Gazetteer | None = None) -> folium.Map:
    """Build the folium map of a document's territory over the offline basemap.

    Parameters
    ----------
    document : Document
        From `geo.extract`.
    control : geo.ControlLayer, optional
        Adds who holds the regions named: Russian-held, contested and the
        Ukrainian-held rest.
    verification : geo.VerifyReport, optional
        Adds measured figures and verdicts to the tooltips.
    gazetteer : Gazetteer, optional
        Defaults to the embedded one.

    Returns
    -------
    folium.Map
        Call `map_html` (not ``Map.save``) to get the offline, deterministic page.

    Examples
    --------
    >>> import geo
    >>> m = render_map(geo.extract("Russia holds parts of the Kharkiv region."))
    >>> [c.layer_name for c in m._children.values() if isinstance(c, folium.GeoJson)]
    ['Boundaries (Natural Earth)', 'Territory named in the text', "Ukraine's border"]
    """
    gaz = gazetteer or Gazetteer.default()
    territory = [c for c in document.territory() if c in gaz and gaz[c].kind == "admin1"]
    m = _OfflineMap(location=None, tiles=None, zoom_control=True, prefer_canvas=False,
                    control_scale=True)
    m.get_root().header.add_child(branca.element.Element(
        f"<style>div.leaflet-container{{background:{STYLE['sea']}}}</style>"
    ))
    _basemap_layer(gaz).add_to(m)
    legend: list[tuple[str, str, str]] = []
    if territory:
        # With control data the regions are filled by who holds them; the named territory is an outline.
        _territory_layer(document, territory, gaz, verification, 0.02 if control is not None else 0.35).add_to(m)
        if control is not None:
            for layer, colour, label in _control_layers(document, territory, control, gaz):
                layer.add_to(m)
                legend.append((colour, colour, label))
    for relations, key, name, label in (
        (("claims", "annexed"), "claimed", "Claimed (outline)", "claimed in the text"),
        (("negotiable", "may_withdraw"), "negotiable", "Negotiable or may be withdrawn from (outline)",
         "negotiable, or the actor may withdraw"),
    ):
        codes = list(dict.fromkeys(u for c in document.claims if c.relation in relations
                                   for r in c.regions if r not in ("UA", "RU") for u in gaz.expand(r)))
        if codes:
            _outline_layer(codes, name, label, STYLE[key], gaz).add_to(m)
            legend.append((STYLE[key], "transparent", name))
    _national_border(gaz).add_to(m)
    m.get_root().html.add_child(branca.element.Element(_title_block(document, territory, gaz, control)))
    m.get_root().html.add_child(branca.element.Element(_legend(legend)))
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(UKRAINE_BOUNDS)
    return m


def map_html(document: Document, *, control=None, verification=None, gazetteer: Gazetteer | None = None) -> str:
    """The map page as one self-contained HTML string, identical for identical inputs."""
    with _numbered_ids():
        page = render_map(document, control=control, verification=verification,
                          gazetteer=gazetteer).get_root().render()
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
              gazetteer: Gazetteer | None = None) -> Path:
    """Write the map page atomically and return its path (default: `default_map_path`)."""
    target = Path(path) if path is not None else default_map_path(document)
    return write_text(target, map_html(document, control=control, verification=verification, gazetteer=gazetteer))
