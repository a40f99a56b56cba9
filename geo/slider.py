"""A time-slider map of a series of control snapshots: one offline HTML page, and a PNG of small multiples.

The page has a native range input (arrow keys, Home/End, Page Up/Down) and a
play/pause button. Each position shows one snapshot's Russian-held area and
what changed since the previous snapshot shown: gains in orange, losses in
teal (`geo.changes.CHANGE_COLOURS`), with the figures in a panel (geodesic km2,
slivers excluded by the rule of `geo.changes`).

It stays small because the snapshots of a series mostly repeat each other:
they travel as TopoJSON topologies of `BLOCK` dates each, so within a block a
stretch of front line that did not move is stored once and every date only
lists the arcs it uses;
coordinates are quantised (`QUANTIZE` steps over the series' extent, about
40 m) and the arcs simplified (`SIMPLIFY`, about 100 m) after the topology is
built, so neighbouring dates still share them. The basemap is the one of
`geo.render`, with Leaflet and topojson-client inlined: no request is made.

Claims pinned at their dates (`Pin`) are drawn as markers while the slider
shows the snapshot period they fall in; ``geo map FILE --control DIR`` pins
the text's checked figures at its date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from geo._coverage import geodesic_km2
from geo.changes import CHANGE_COLOURS, SLIVER_RULE, changed_polygons
from geo.gazetteer import Gazetteer

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from geo.control import ControlLayer

__all__ = ["Pin", "pins_from_report", "slider_map", "slider_html", "write_slider", "write_small_multiples", "QUANTIZE", "SIMPLIFY"]

#: Quantisation of the series' topology (steps over its extent; about 40 m over the occupied area's width).
QUANTIZE = 25_000
#: Simplification of the series' arcs after the topology is built (degrees; about 100 m).
SIMPLIFY = 0.001
#: Dates per topology: arcs are shared within a block of this many dates (memory stays bounded).
BLOCK = 60
#: Milliseconds a date stays on screen while playing.
PLAY_MS = 700


@dataclass(frozen=True, slots=True)
class Pin:
    """A claim pinned on the map at its date: shown while the slider is on that date's snapshot period.

    ``text`` is plain text (escaped when drawn); ``verdict`` is a `geo.verify` verdict or "".
    """

    date: str
    lon: float
    lat: float
    text: str
    verdict: str = ""


def pins_from_report(report, gazetteer: Gazetteer | None = None) -> list[Pin]:
    """A pin per checked figure of a `geo.verify` report, at the text's date and its first region's label point.

    This is where claims meet the slider; claims that carry their own dates can be pinned the same way.
    """
    gaz = gazetteer or Gazetteer.default()
    date = report.document.get("date")
    pins = []
    for v in report.verifications:
        code = next((c for c in v.regions if c in gaz and gaz[c].label), None)
        if date and code:
            lon, lat = gaz[code].label
            pins.append(Pin(date, lon, lat, f"{v.claim_id}: {v.explanation}", v.verdict))
    return pins


def _series_objects(layers: Sequence["ControlLayer"], gaz: Gazetteer) -> tuple[dict, list[dict]]:
    """Per date the held area (``h<i>``), contested area (``c<i>``) and the gains and losses since the
    previous date (``g<i>``, ``l<i>``) as GeoDataFrames; and the figures of each date."""
    import geopandas
    import shapely

    ukraine = shapely.union_all(gaz.boundaries("UA").geometry.values)
    objects, stats = {}, []
    before = None
    for i, layer in enumerate(layers):
        held = shapely.intersection(layer.held_by_russia(), ukraine)
        grey = shapely.difference(shapely.intersection(layer.contested(), ukraine), held)
        row = {"date": layer.date, "source": Path(layer.source).name, "held_km2": round(geodesic_km2(held), 1),
               "contested_km2": round(geodesic_km2(grey), 1)}
        parts = {"h": held, "c": grey}
        if before is not None:
            gained, lost = changed_polygons(before, held, gaz)
            parts |= {"g": gained, "l": lost}
            row |= {"gained_km2": round(geodesic_km2(gained), 1), "lost_km2": round(geodesic_km2(lost), 1)}
        for key, geom in parts.items():
            if not geom.is_empty:
                objects[f"{key}{i}"] = geopandas.GeoDataFrame({"k": [key]}, geometry=[geom], crs="EPSG:4326")
        stats.append(row)
        before = held
    return objects, stats


def _series_topology(objects: dict) -> dict:
    """The series as TopoJSON topologies of `BLOCK` dates each (``{"block": BLOCK, "blocks": [...]}``).

    Within a block, dates share their arcs; blocks keep the build's memory bounded on long series
    (the ``topojson`` package holds every coordinate of a topology as Python objects).
    """
    import topojson

    blocks: dict[int, dict] = {}
    for name in sorted(objects, key=lambda n: (int(n[1:]), n[0])):
        blocks.setdefault(int(name[1:]) // BLOCK, {})[name] = objects[name]
    out = []
    for k in range(max(blocks, default=-1) + 1):
        part = blocks.get(k)
        if not part:
            out.append({"type": "Topology", "objects": {}, "arcs": []})
            continue
        topo = topojson.Topology(list(part.values()), object_name=list(part), prequantize=QUANTIZE,
                                 topology=True, presimplify=False, toposimplify=SIMPLIFY)
        data = topo.to_dict()
        for obj in data["objects"].values():  # one shape per object: no per-feature properties or ids needed
            for geom in obj.get("geometries", []):
                geom.pop("properties", None)
                geom.pop("id", None)
        out.append(data)
    return {"block": BLOCK, "blocks": out}


_PANEL_CSS = """
#geo-slider-panel{position:fixed;left:10px;right:10px;bottom:24px;z-index:1000;max-width:620px;margin:0 auto;
 background:rgba(255,255,255,.95);padding:8px 12px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
 font:13px/1.4 system-ui,sans-serif}
#geo-slider-panel .row{display:flex;align-items:center;gap:10px}
#geo-slider{flex:1;min-width:0;height:28px}
#geo-play{min-width:64px;height:30px;font:inherit;cursor:pointer}
#geo-slider:focus-visible,#geo-play:focus-visible{outline:3px solid #1f6feb;outline-offset:2px}
#geo-date{font-weight:600;font-size:15px;min-width:92px}
.geo-sw{display:inline-block;width:12px;height:10px;margin:0 4px 0 8px;border:1px solid #555;vertical-align:-1px}
#geo-title{position:fixed;top:10px;left:54px;right:10px;max-width:420px;z-index:1000;
 background:rgba(255,255,255,.92);padding:6px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
 font:13px/1.35 system-ui,sans-serif}
#geo-slider-panel details{color:#777;font-size:11px}
@media (max-width:600px){ #geo-slider-panel{bottom:48px;font-size:12px} #geo-title{font-size:12px} }
"""


def _panel(first: str, last: str, n: int, sources: str, heading: str, contested: bool) -> str:
    from geo.render import STYLE, _safe_text

    swatch = '<span class="geo-sw" style="background:{}"></span>{}'
    legend = " ".join(swatch.format(c, label) for c, label in (
        (STYLE["held_ru"], "Russian-held"), *([(STYLE["contested"], "contested")] if contested else []),
        (CHANGE_COLOURS["gained"], "gained by Russia since the previous date"),
        (CHANGE_COLOURS["lost"], "lost by Russia")))
    return (
        f'<div id="geo-title"><div style="font-weight:600;font-size:15px">{_safe_text(heading)}</div>'
        f'<div style="color:#555">{n} snapshots, {_safe_text(first)} to {_safe_text(last)}</div>'
        f'<div style="color:#555">Control data: {_safe_text(sources)}</div></div>'
        '<div id="geo-slider-panel" role="group" aria-label="Date of the control snapshot">'
        '<div class="row"><button type="button" id="geo-play" aria-pressed="false">Play</button>'
        f'<input type="range" id="geo-slider" min="0" max="{n - 1}" step="1" value="{n - 1}" '
        f'aria-label="Snapshot date"><output id="geo-date" for="geo-slider">{_safe_text(last)}</output></div>'
        '<div id="geo-stats" aria-live="polite"></div>'
        f'<div style="color:#555;font-size:12px">{legend}</div>'
        f'<details><summary>How the areas are measured</summary>Geodesic km²; slivers excluded: '
        f'{_safe_text(SLIVER_RULE)}.</details>'
        "</div>"
    )


def _pin_rows(pins: Sequence[Pin], dates: list[str]) -> list[dict]:
    """Each pin with the index of the snapshot period it falls in (the last date on or before it)."""
    from geo.render import _safe_text

    rows = []
    for p in sorted(pins, key=lambda p: (p.date, p.lon, p.lat, p.text)):
        k = sum(1 for d in dates if d <= p.date) - 1
        if k >= 0:
            rows.append({"i": k, "lon": round(p.lon, 4), "lat": round(p.lat, 4), "date": p.date,
                         "tip": _safe_text(f"{p.date}: {p.text}" + (f" – {p.verdict}" if p.verdict else ""))})
    return rows


def slider_map(layers: Sequence["ControlLayer"], *, gazetteer: Gazetteer | None = None,
               pins: Sequence[Pin] = (), title: str = "Control over time") -> "folium.Map":
    """The folium map of the series (see the module's notes); `slider_html` gives the offline page.

    Parameters
    ----------
    layers : sequence of ControlLayer
        Dated snapshots, in date order.
    pins : sequence of Pin, optional
        Claims shown at their dates.
    """
    import branca.element
    from folium.template import Template

    from geo.extract import extract
    from geo.render import (STYLE, _layer_styles, _objects, _OfflineMap, _Topology,
                            _topology, _TopoLayer)

    if not layers:
        raise ValueError("no snapshots to show")
    undated = [layer.source for layer in layers if not layer.date]
    if undated:
        raise ValueError(f"{undated[0]!r}: a snapshot without a date cannot be placed on the slider; "
                         "name it like 'deepstatemap_data_YYYYMMDD.geojson' or read it with a date")
    gaz = gazetteer or Gazetteer.default()
    m = _OfflineMap(location=None, tiles=None, zoom_control=True, prefer_canvas=False, control_scale=True)
    m.get_root().header.add_child(branca.element.Element(
        f"<style>div.leaflet-container{{background:{STYLE['sea']}}}.geo-tip{{white-space:pre-line;max-width:320px}}"
        f"{_PANEL_CSS}</style>"))
    base = _objects(extract(""), [], None, None, gaz)
    used = {k for frame, _, _ in base.values() for k in frame["style"]}
    basemap = _Topology(_topology(base), {k: v for k, v in _layer_styles().items() if k in used})
    basemap.add_to(m)
    for key, (_, name, _) in base.items():
        _TopoLayer(basemap, key, name or "Ukraine's border", control=False, interactive=name is not None).add_to(m)
    objects, stats = _series_objects(layers, gaz)
    series = _Topology(_series_topology(objects), {
        "h": {"color": STYLE["held_ru"], "weight": 0.8, "fillColor": STYLE["held_ru"], "fillOpacity": 0.45},
        "c": {"color": STYLE["contested"], "weight": 0.8, "fillColor": STYLE["contested"], "fillOpacity": 0.45},
        "g": {"color": CHANGE_COLOURS["gained"], "weight": 1.5, "fillColor": CHANGE_COLOURS["gained"],
              "fillOpacity": 0.85},
        "l": {"color": CHANGE_COLOURS["lost"], "weight": 1.5, "fillColor": CHANGE_COLOURS["lost"],
              "fillOpacity": 0.85},
    })
    series.add_to(m)
    dates = [s["date"] for s in stats]
    sources = sorted({s["source"] for s in stats})
    source_text = sources[0] if len(sources) == 1 else f"{len(sources)} files ({sources[0]} … {sources[-1]})"
    m.get_root().html.add_child(branca.element.Element(_panel(dates[0], dates[-1], len(dates), source_text, title,
                                                                any(k[0] == "c" for k in objects))))
    player = branca.element.MacroElement()
    player._name = "Slider"
    player._template = Template(_SCRIPT)
    player.map, player.topology = m, series
    player.stats = _json(stats)
    player.pins = _json(_pin_rows(pins, dates))
    player.play_ms = PLAY_MS
    m.add_child(player)
    m.fit_bounds(_view(layers))
    return m


def _view(layers: Sequence["ControlLayer"]) -> list[list[float]]:
    """The map's opening extent (lat/lon corners): what the series holds, with room around it,
    within Ukraine's extent."""
    import shapely

    from geo.render import UKRAINE_BOUNDS

    (s0, w0), (n0, e0) = UKRAINE_BOUNDS
    held = [layer.held_by_russia() for layer in layers if not layer.held_by_russia().is_empty]
    if not held:
        return UKRAINE_BOUNDS
    x0, y0, x1, y1 = shapely.total_bounds(held)
    pad = 1.0
    return [[round(max(s0, y0 - pad), 3), round(max(w0, x0 - pad), 3)],
            [round(min(n0, y1 + pad), 3), round(min(e0, x1 + pad), 3)]]


def _json(value) -> str:
    """Compact JSON safe inside <script> (as `geo.render._Topology` writes its data)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(ch, esc)
    return text


_SCRIPT = """{% macro script(this, kwargs) %}
(function() {
  var map = {{ this.map.get_name() }}, series = {{ this.topology.get_name() }};
  var styles = {{ this.topology.get_name() }}_styles;
  var stats = {{ this.stats }}, pins = {{ this.pins }};
  var group = L.layerGroup().addTo(map), pinGroup = L.layerGroup().addTo(map);
  var slider = document.getElementById('geo-slider'), label = document.getElementById('geo-date');
  var info = document.getElementById('geo-stats'), button = document.getElementById('geo-play');
  var timer = null;
  function km2(v) { return Math.round(v).toLocaleString('en-US') + ' km\\u00b2'; }
  function draw(key, i) {
    var topo = series.blocks[Math.floor(i / series.block)], obj = topo && topo.objects[key];
    if (!obj) { return; }
    L.geoJSON(topojson.feature(topo, obj), {interactive: false, style: function() { return styles[key[0]]; }})
      .addTo(group);
  }
  function show(i) {
    group.clearLayers(); pinGroup.clearLayers();
    ['h', 'c', 'g', 'l'].forEach(function(k) { draw(k + i, i); });
    var s = stats[i];
    label.textContent = s.date;
    slider.setAttribute('aria-valuetext', s.date);
    document.getElementById('geo-slider-panel').setAttribute('data-date', s.date);
    var text = 'Russian-held: ' + km2(s.held_km2) + (s.contested_km2 ? ' \\u00b7 contested: ' + km2(s.contested_km2) : '');
    if (i > 0) {
      text += ' \\u00b7 since ' + stats[i - 1].date + ': +' + km2(s.gained_km2) + ' gained, \\u2212' +
              km2(s.lost_km2) + ' lost, net ' + (s.gained_km2 - s.lost_km2 >= 0 ? '+' : '\\u2212') +
              km2(Math.abs(s.gained_km2 - s.lost_km2));
    } else {
      text += ' \\u00b7 first snapshot shown';
    }
    info.textContent = text + ' (' + s.source + ')';
    pins.forEach(function(p) {
      if (p.i !== i) { return; }
      var div = document.createElement('div');
      div.innerHTML = p.tip;
      L.circleMarker([p.lat, p.lon], {radius: 7, color: '#222', weight: 2, fillColor: '#ffd400', fillOpacity: 1,
                                      className: 'geo-pin'}).bindTooltip(div, {className: 'geo-tip'}).addTo(pinGroup);
    });
  }
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    button.textContent = 'Play'; button.setAttribute('aria-pressed', 'false');
  }
  function play() {
    if (+slider.value >= +slider.max) { slider.value = 0; show(0); }
    button.textContent = 'Pause'; button.setAttribute('aria-pressed', 'true');
    timer = setInterval(function() {
      if (+slider.value >= +slider.max) { stop(); return; }
      slider.value = +slider.value + 1; show(+slider.value);
    }, {{ this.play_ms }});
  }
  slider.addEventListener('input', function() { stop(); show(+slider.value); });
  button.addEventListener('click', function() { if (timer === null) { play(); } else { stop(); } });
  show(+slider.value);
})();
{% endmacro %}"""


def slider_html(layers: Sequence["ControlLayer"], *, gazetteer: Gazetteer | None = None, pins: Sequence[Pin] = (),
                title: str = "Control over time") -> str:
    """The slider page as one self-contained HTML string, identical for identical inputs.

    Examples
    --------
    >>> import shapely
    >>> from geo.control import ControlLayer
    >>> days = [ControlLayer((shapely.box(37.5, 47.5, 38 + k / 10, 48),), ("occupied",), f"d{k}",
    ...                      f"2024-11-0{k + 1}", "generic") for k in range(3)]
    >>> page = slider_html(days)
    >>> 'type="range"' in page, page.count("2024-11-03") > 0, "http" in page.split("<body>")[1].lower()
    (True, True, False)
    """
    from geo.render import _inline_vendor, _numbered_ids

    with _numbered_ids():
        page = slider_map(layers, gazetteer=gazetteer, pins=pins, title=title).get_root().render()
    return _inline_vendor(page)


def write_slider(layers: Sequence["ControlLayer"], path: str | Path, **kwargs) -> Path:
    """Write the slider page atomically; see `slider_html`."""
    from geo._files import write_text

    return write_text(path, slider_html(layers, **kwargs))


def write_small_multiples(layers: Sequence["ControlLayer"], path: str | Path, *, panels: int = 12,
                          gazetteer: Gazetteer | None = None, title: str = "Control over time") -> Path:
    """A PNG of up to *panels* dates of the series (first and last included, evenly spaced), each with
    the Russian-held area and what changed since the previous panel; written atomically."""
    import matplotlib

    matplotlib.use("Agg")
    import math

    import matplotlib.pyplot as plt
    import shapely
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Patch

    from geo._files import write_atomic
    from geo.render import STYLE, _mpl_text

    gaz = gazetteer or Gazetteer.default()
    n = len(layers)
    if n == 0:
        raise ValueError("no snapshots to draw")
    picks = sorted({round(k * (n - 1) / max(1, min(panels, n) - 1)) for k in range(min(panels, n))})
    chosen = [layers[k] for k in picks]
    objects, stats = _series_objects(chosen, gaz)
    outline = gaz.boundaries("UA", simplified=True)
    box = shapely.box(*shapely.total_bounds([layer.held_by_russia() for layer in chosen]))
    x0, y0, x1, y1 = shapely.buffer(box, 0.4).bounds
    cols = min(4, len(chosen))
    rows = math.ceil(len(chosen) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.9 * rows + 0.6), dpi=100, squeeze=False)
    colours = {"h": STYLE["held_ru"], "c": STYLE["contested"], "g": CHANGE_COLOURS["gained"],
               "l": CHANGE_COLOURS["lost"]}
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k >= len(chosen):
            continue
        outline.plot(ax=ax, facecolor=STYLE["ukraine"], edgecolor=STYLE["oblast"], linewidth=0.4)
        for key in "hcgl":
            frame = objects.get(f"{key}{k}")
            if frame is not None:
                frame.plot(ax=ax, facecolor=to_rgba(colours[key], 0.45 if key in "hc" else 0.9),
                           edgecolor=colours[key], linewidth=0.3 if key in "hc" else 0.8)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / 0.66)
        s = stats[k]
        sub = (f"net {s['gained_km2'] - s['lost_km2']:+,.0f} km²" if k else f"held {s['held_km2']:,.0f} km²")
        ax.set_title(_mpl_text(f"{s['date']}\n{sub}"), fontsize=9)
    handles = [Patch(facecolor=to_rgba(c, 0.6), edgecolor=c, label=label) for c, label in (
        (STYLE["held_ru"], "Russian-held"), (CHANGE_COLOURS["gained"], "gained since the previous panel"),
        (CHANGE_COLOURS["lost"], "lost since the previous panel"))]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(_mpl_text(title), fontsize=11)
    fig.tight_layout(rect=(0, 0.05, 1, 0.97))
    try:
        return write_atomic(path, lambda tmp: fig.savefig(tmp, format="png", metadata={"Software": None}))
    finally:
        plt.close(fig)
