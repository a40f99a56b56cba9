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
from geo._resources import package_dir
from geo.extract import Document
from geo.gazetteer import Gazetteer

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
    "territory": "#c8102e",
    "held_ru": "#b2182b",
    "held_ua": "#2166ac",
    "contested": "#9e9e9e",
    "claimed": "#67001f",
    "negotiable": "#e08214",
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
    """Give branca elements ids from a counter instead of ``os.urandom``."""
    counter = iter(range(1, 1 << 62))
    original = branca.element.Element._generate_id
    with _ID_LOCK:
        branca.element.Element._generate_id = classmethod(lambda cls: f"{next(counter):032x}")
        try:
            yield
        finally:
            branca.element.Element._generate_id = original


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
        + (f'<div style="color:#555">{_safe_text(_boundary_credit(gaz))}</div>' if gaz.boundary_source else "")
        + "</div>"
    )


def _boundary_credit(gaz: Gazetteer) -> str:
    """Where the map's boundaries come from: Natural Earth, and the user's file for the units it gives."""
    found = gaz.boundary_source
    if found is None:
        return "Boundaries: Natural Earth"
    return (f"Boundaries: {Path(found.source).name} for {len(found.frame)} units (linked by {found.field}), "
            "Natural Earth for the rest")


def _legend(extra: list[tuple[str, str, str]] = (), stated: bool = False) -> str:
    swatch = ('<span style="display:inline-block;width:14px;height:10px;margin-right:6px;'
              'border:1px solid {stroke};background:{fill}"></span>')
    rows = [
        (STYLE["territory"], STYLE["territory"],
         "Territory named in the text" + (" (shaded by the Russian-held share it states)" if stated else "")),
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
        # Compact JSON, safe inside <script>: < > & ' become \\u escapes (as folium's tojavascript does).
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
            text = text.replace(ch, esc)
        self.json = text


class _TopoLayer(folium.map.Layer):
    """One object of the topology as a Leaflet layer: a style per feature, its ``tip`` as tooltip.

    ``tip`` strings are escaped with `_safe_text` before they get here; the
    tooltip fills ``innerHTML`` with them, which shows them literally.
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
        "         layer.bindTooltip(div, {sticky: true, className: 'geo-tip'});\n"
        "     }});\n"
        "{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}\n"
        "{% endmacro %}"
    )

    def __init__(self, topology: _Topology, obj: str, name: str, *, control: bool = True, interactive: bool = True):
        super().__init__(name=name, overlay=True, control=control, show=True)
        self._name = "TopoLayer"
        self.topology, self.object, self.interactive = topology, obj, interactive


def _claim_lines(doc: Document, verification, gaz: Gazetteer) -> dict[str, list[str]]:
    """Per first-level unit, one line per claim about it (with the check, when there is one)."""
    checks = {v.claim_id: v for v in verification.verifications} if verification is not None else {}
    out: dict[str, list[str]] = {}
    for c in doc.claims:
        figure = (f" {c.quantity.describe()}" if c.quantity else "") + (f" of part of the region ({c.part})" if c.part else "")
        line = f"{c.actor or '?'} {c.relation.replace('_', ' ')}{figure} ({c.modality}"
        line += f", per {c.attribution})" if c.attribution else ")"
        v = checks.get(c.id)
        if v is not None:
            line += f" – {v.verdict}" + (f", measured {v.measured:,.1f}{'%' if v.unit == '%' else ' km2'}"
                                         if v.measured is not None else "")
        sentence = " ".join(c.evidence.split())
        line += f"\n  “{sentence[:120]}{'…' if len(sentence) > 120 else ''}”"
        for code in c.regions:
            for unit in ([code] if code in ("UA", "RU") else gaz.expand(code)):
                out.setdefault(unit, []).append(line)
    return out


def _stated_shares(doc: Document, gaz: Gazetteer) -> dict[str, tuple[float, str]]:
    """Per unit, the Russian-held share a text states (middle of its range) and how it says it.

    Without control data the map shades regions by this, labelled as stated, never as geometry.
    """
    out: dict[str, tuple[float, str]] = {}
    for c in doc.claims:
        q = c.quantity
        if q is None or q.unit != "%" or c.relation not in ("controls", "holds", "occupies") or \
                c.modality in ("negated", "possible", "conditional") or c.actor not in ("RU", "UA") or c.part:
            continue  # a share of part of a region ("of southern Donetsk") does not shade all of it
        lo, hi = (q.low if q.low is not None else 0.0), (q.high if q.high is not None else 100.0)
        share = (lo + hi) / 200 if c.actor == "RU" else 1 - (lo + hi) / 200
        label = q.describe() if c.actor == "RU" else f"{100 - hi:g}–{100 - lo:g}% (from Ukraine's {q.describe()})"
        for unit in (u for r in c.regions if r not in ("UA", "RU") for u in gaz.expand(r)):
            out.setdefault(unit, (share, label))
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


def _objects(doc: Document, territory: list[str], control, verification, gaz: Gazetteer):
    """The map's objects: name -> (GeoDataFrame with tip/style, layer name or None, legend row or None)."""
    import shapely

    base = gaz.boundaries(simplified=True)
    view = shapely.box(*MAP_VIEW)
    rows = []
    rest_of_russia = []
    for code, row in base.iterrows():
        if not row.geometry.intersects(view):
            continue  # what the map never shows
        if row["country"] == "RU" and row["level"] == "admin1" and code not in RU_NEIGHBOURS:
            rest_of_russia.append(row.geometry)
            continue
        level = row["level"] if row["level"] == "country" else ("ua" if row["country"] == "UA" else "admin1")
        rows.append({"tip": _safe_text(gaz[code].name_en if code in gaz else code), "style": level,
                     "geometry": row.geometry})
    if rest_of_russia:
        rows.append({"tip": _safe_text(gaz["RU"].name_en), "style": "country",
                     "geometry": shapely.union_all(rest_of_russia)})
    layer_name = "Boundaries (Natural Earth)" if gaz.boundary_source is None else "Boundaries (user file, Natural Earth)"
    objects = {"basemap": (_frame(rows), layer_name, None)}
    if territory:
        written = _mentions_by_region(doc)
        claims = _claim_lines(doc, verification, gaz)
        shapes = gaz.boundaries(territory, simplified=True)
        stated = {} if control is not None else _stated_shares(doc, gaz)
        rows = [{"tip": _tip(("", f"{gaz[c].name_en} ({c})"), ("Ukrainian", gaz[c].name_uk),
                             ("Written as", "; ".join(written.get(c, []))),
                             ("Shading", f"stated {stated[c][1]} Russian-held (what the text says, not control data)"
                              if c in stated else ""),
                             ("Claims", "\n" + "\n".join(claims.get(c, [])) if claims.get(c) else "none"),
                             ("Source", " · ".join(str(v) for v in (doc.source, doc.date) if v))),
                 "style": "territory_outline" if control is not None else
                 (f"stated_{round(stated[c][0] * 10)}" if c in stated else "territory"),
                 "geometry": shapes.geometry[c]} for c in territory]
        objects["territory"] = (_frame(rows), "Territory named in the text",
                                (STYLE["territory"], STYLE["territory"], "Territory named in the text"))
        if control is not None:
            # Cut from the map-resolution regions, so the pieces share their borders with the basemap.
            scope = shapely.union_all(shapes.geometry.values)
            held = shapely.intersection(shapely.simplify(control.held_by_russia(), 0.01), scope)
            grey = shapely.difference(shapely.intersection(control.contested(), scope), held)
            rest = shapely.difference(shapely.difference(scope, held), grey)
            when = f"{control.format}, {control.date or 'undated'}"
            for geom, key, name, label in (
                (held, "held_ru", "Held by Russia (control data)", f"Russian-held, per {when}"),
                (grey, "contested", "Contested (control data)", f"Contested, per {when}"),
                (rest, "held_ua", "Held by Ukraine (the rest of the regions named)", f"Ukrainian-held, per {when}"),
            ):
                geom = shapely.set_precision(geom, 1e-3)
                if not geom.is_empty:
                    objects[key] = (_frame([{"tip": _safe_text(label), "style": key, "geometry": geom}]), name,
                                    (STYLE[key], STYLE[key], name))
    for relations, key, name, label in (
        (("claims", "annexed"), "claimed", "Claimed (outline)", "claimed in the text"),
        (("negotiable", "may_withdraw"), "negotiable", "Negotiable or may be withdrawn from (outline)",
         "negotiable, or the actor may withdraw"),
    ):
        codes = list(dict.fromkeys(u for c in doc.claims if c.relation in relations
                                   for r in c.regions if r not in ("UA", "RU") for u in gaz.expand(r)))
        if codes:
            objects[key] = (_frame([{"tip": _safe_text(label), "style": key, "geometry": _outline(codes, gaz)}]),
                            name, (STYLE[key], "transparent", name))
    objects["border"] = (_frame([{"tip": "", "style": "border", "geometry": _outline(["UA"], gaz)}]), None, None)
    return objects


def _layer_styles() -> dict[str, dict]:
    land = {"fillColor": STYLE["land"], "fillOpacity": 1.0}
    dashed = {"weight": 3, "dashArray": "8 6", "fill": False}
    return {
        "country": {"color": STYLE["border"], "weight": 1.0, **land},
        "admin1": {"color": STYLE["foreign_oblast"], "weight": 0.7, **land},
        "ua": {"color": STYLE["oblast"], "weight": 0.7, "fillColor": STYLE["ukraine"], "fillOpacity": 1.0},
        "territory": {"color": STYLE["territory"], "weight": 1.5, "fillColor": STYLE["territory"], "fillOpacity": 0.35},
        "territory_outline": {"color": STYLE["territory"], "weight": 1.5, "fillColor": STYLE["territory"],
                              "fillOpacity": 0.02},
        # Shading by a stated share (no control data): deeper for a larger share, dashed edge.
        **{f"stated_{i}": {"color": STYLE["territory"], "weight": 1.5, "dashArray": "4 3",
                           "fillColor": STYLE["held_ru"], "fillOpacity": round(0.08 + 0.06 * i, 2)}
           for i in range(11)},
        **{k: {"color": STYLE[k], "weight": 0.8, "fillColor": STYLE[k], "fillOpacity": 0.45}
           for k in ("held_ru", "contested", "held_ua")},
        "claimed": {"color": STYLE["claimed"], **dashed},
        "negotiable": {"color": STYLE["negotiable"], **dashed},
        "border": {"color": STYLE["national"], "weight": 1.6, "fill": False},
    }


def _topology(objects: dict) -> dict:
    """One TopoJSON topology of all objects: shared borders once, coordinates quantised."""
    import topojson

    names = list(objects)
    topo = topojson.Topology([objects[n][0] for n in names], object_name=names, prequantize=QUANTIZE,
                             topology=True, presimplify=False, toposimplify=TOPO_SIMPLIFY)
    return topo.to_dict()


def render_map(document: Document, *, control=None, verification=None,
               gazetteer: Gazetteer | None = None, tiles: str | None = None) -> folium.Map:
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
    m = _OfflineMap(location=None, tiles=None, zoom_control=True, prefer_canvas=False, control_scale=True)
    m.get_root().header.add_child(branca.element.Element(
        f"<style>div.leaflet-container{{background:{STYLE['sea']}}}"
        ".geo-tip{white-space:pre-line;max-width:420px}</style>"
    ))
    if tiles:
        folium.TileLayer(_tile_provider(tiles), name=f"Tiles: {tiles}", overlay=False, control=True).add_to(m)
    objects = _objects(document, territory, control, verification, gaz)
    used = {k for frame, _, _ in objects.values() for k in frame["style"]}
    topology = _Topology(_topology(objects), {k: v for k, v in _layer_styles().items() if k in used})
    topology.add_to(m)
    legend = []
    for key, (_, name, row) in objects.items():
        _TopoLayer(topology, key, name or "Ukraine's border", control=name is not None,
                   interactive=name is not None).add_to(m)
        if row is not None and key != "territory":
            legend.append(row)
    from geo.settlement_layers import add_settlement_markers

    legend += add_settlement_markers(m, document, verification)
    m.get_root().html.add_child(branca.element.Element(_title_block(document, territory, gaz, control)))
    stated = any(k.startswith("stated_") for k in used)
    m.get_root().html.add_child(branca.element.Element(_legend(legend, stated)))
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(UKRAINE_BOUNDS)
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


def write_png(document: Document, path: str | Path | None = None, *, control=None, verification=None,
              gazetteer: Gazetteer | None = None) -> Path:
    """The same layers as a static PNG (matplotlib), for reports; written atomically.

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
    from matplotlib.patches import Patch

    gaz = gazetteer or Gazetteer.default()
    territory = [c for c in document.territory() if c in gaz and gaz[c].kind == "admin1"]
    styles = _layer_styles()
    fig, ax = plt.subplots(figsize=(10, 7), dpi=110)
    ax.set_facecolor(STYLE["sea"])
    handles = []
    for key, (frame, name, row) in _objects(document, territory, control, verification, gaz).items():
        for style_key, part in frame.groupby("style", sort=True):
            st = styles[style_key]
            opacity = st.get("fillOpacity", 0.0) if st.get("fill", True) else 0.0
            part.plot(ax=ax, facecolor=to_rgba(st.get("fillColor", "#000000"), opacity),
                      edgecolor=st["color"], linewidth=st.get("weight", 1) * 0.6,
                      linestyle="--" if "dashArray" in st else "-", zorder=2 if key == "basemap" else 3)
        if row is not None and key != "basemap":
            handles.append(Patch(facecolor=to_rgba(row[1], 0.45) if row[1] != "transparent" else "none",
                                 edgecolor=row[0], label=_mpl_text(name)))
    (lat0, lon0), (lat1, lon1) = UKRAINE_BOUNDS
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / 0.66)  # about cos(48.5°): degrees of longitude are shorter here
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    title = document.title or (Path(document.path).name if document.path else "Untitled text")
    meta = " · ".join(str(v) for v in (document.source, document.date) if v)
    ax.set_title(_mpl_text(f"{title}\n{meta}" if meta else title), fontsize=11, loc="left")
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.9)
    fig.text(0.01, 0.01, _mpl_text(_boundary_credit(gaz)) + (_mpl_text(f"; control: {Path(control.source).name} "
                                                                     f"({control.date or 'undated'})") if control else ""),
             fontsize=7, color="#555")
    fig.tight_layout()
    target = Path(path) if path is not None else default_map_path(document).with_suffix(".png")
    try:
        return write_atomic(target, lambda tmp: fig.savefig(tmp, format="png", metadata={"Software": None}))
    finally:
        plt.close(fig)
