"""The map page's panels, legend, labels and behaviour (CSS and JavaScript), apart from its shapes.

`geo.render` draws the shapes; this module puts what a reader needs around
them, each piece added by one small function that other map builders can call:

* `add_panel`: a fixed box of HTML (the title, legend and claims panel);
* `add_labels`: region names at their pole of inaccessibility, those the text
  names at every zoom, the others from zoom 6 on;
* `add_behaviour`: tooltips that wrap and stay inside the map, the claims
  panel's lines highlighting their regions (hover or click) and a region's
  click marking its lines, the view fitted beside the panel, and on narrow
  screens (< 700 px) the panel at the bottom and the legend folded.

Every text handed to these functions is already escaped with
``geo.render._safe_text`` by the caller; JSON put into ``<script>`` has
``< > & '`` escaped as ``\\u`` sequences.
"""

from __future__ import annotations

import json

import branca.element
import folium
from folium.template import Template

#: Screens narrower than this (px) get the phone layout.
NARROW = 700
#: The layer control's button: three stacked sheets (Leaflet's own icon is a PNG file the page cannot load).
LAYERS_ICON = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E"
               "%3Cg fill='none' stroke='%23333' stroke-width='1.6' stroke-linejoin='round'%3E"
               "%3Cpath d='M12 3 22 8 12 13 2 8z'/%3E%3Cpath d='M2 12l10 5 10-5'/%3E"
               "%3Cpath d='M2 16l10 5 10-5'/%3E%3C/g%3E%3C/svg%3E")

CSS = """
div.leaflet-container{background:%(sea)s;font:13px/1.35 system-ui,sans-serif}
.leaflet-tooltip.geo-tip{white-space:pre-line;width:max-content;max-width:min(320px,calc(100vw - 32px));
  overflow-wrap:anywhere;font-size:12px;line-height:1.35}
.geo-box{position:absolute;z-index:1000;background:rgba(255,255,255,.95);border-radius:4px;
  box-shadow:0 1px 4px rgba(0,0,0,.3);padding:8px 10px;box-sizing:border-box;font:13px/1.35 system-ui,sans-serif}
.leaflet-container .leaflet-control-layers-toggle,.leaflet-retina .leaflet-container .leaflet-control-layers-toggle{background-image:url("%(layers)s");
  background-size:22px 22px}
#geo-panel{top:10px;left:54px;width:370px;max-height:calc(100%% - 48px);overflow:auto}
#geo-panel h1{font-size:15px;margin:0 0 2px}
#geo-panel .geo-meta{color:#555}
#geo-panel .geo-note{margin:6px 0;padding:4px 6px;background:#f3f0e6;border-left:3px solid #8c8c8c}
#geo-panel summary{cursor:pointer;font-weight:600;margin-top:6px}
#geo-panel ol{margin:4px 0 0;padding-left:20px}
#geo-panel li{margin:3px 0;padding:2px 3px;border-radius:3px;cursor:pointer}
#geo-panel li:hover,#geo-panel li.geo-hit{background:#fff3b0}
#geo-panel li details summary{font-weight:400;color:#555;margin:0}
#geo-panel li blockquote{margin:2px 0 4px 8px;color:#333;font-style:italic}
.geo-v-consistent{color:#1a7a36;font-weight:600}
.geo-v-inconsistent{color:#c51b7d;font-weight:600}
.geo-v-unverifiable,.geo-v-unchecked{color:#666}
#geo-legend{margin:6px 0;font-size:12px;line-height:1.5}
#geo-legend summary{cursor:pointer;font-weight:600}
path.geo-hatch{fill:url(#geo-hatch);fill-opacity:1}
.geo-swatch.geo-hatch{background:repeating-linear-gradient(135deg,%(hatch)s 0 2px,transparent 2px 6px)!important}
.geo-swatch{display:inline-block;width:16px;height:11px;margin-right:6px;vertical-align:-1px;box-sizing:border-box}
.geo-label span{position:absolute;transform:translate(-50%%,-50%%);white-space:nowrap;font-size:11px;
  color:#444;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}
.geo-label.geo-named span{font-weight:700;color:#111;font-size:12px}
.geo-label.geo-minor{display:none}
.geo-zoomed .geo-label.geo-minor{display:block}
@media (max-width:%(narrow)spx){
  #geo-panel{top:auto;bottom:46px;left:8px;right:8px;width:auto;max-height:38%%}
  .geo-label span,.geo-label.geo-named span{font-size:10px}
}
"""

BEHAVIOUR = Template("""
{% macro script(this, kwargs) %}
(function(map) {
    var narrow = map.getContainer().clientWidth < {{ this.narrow }};
    window.geoMap = map;
    // Tooltips stay inside the map: after Leaflet places one, shift it back in.
    var place = L.Tooltip.prototype._updatePosition;
    L.Tooltip.include({_updatePosition: function() {
        place.call(this);
        var el = this._container;
        if (!el || !this._map) { return; }
        var r = el.getBoundingClientRect(), m = this._map.getContainer().getBoundingClientRect();
        var dx = 0, dy = 0, pad = 4;
        if (r.right > m.right - pad) { dx = m.right - pad - r.right; }
        if (r.left + dx < m.left + pad) { dx = m.left + pad - r.left; }
        if (r.bottom > m.bottom - pad) { dy = m.bottom - pad - r.bottom; }
        if (r.top + dy < m.top + pad) { dy = m.top + pad - r.top; }
        if (dx || dy) { L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add([dx, dy])); }
    }});
    // The panel's lines and the regions they are about.
    function each(codes, fn) {
        (window.geoLayers || []).forEach(function(g) {
            g.eachLayer(function(l) {
                var code = l.feature && l.feature.properties.code;
                if (code && codes.indexOf(code) >= 0) { fn(g, l); }
            });
        });
    }
    function highlight(codes, on) {
        each(codes, function(g, l) {
            if (on) { l.setStyle({weight: 4, color: '#000000', dashArray: null}); }
            else { g.resetStyle(l); }
        });
    }
    var lines = document.querySelectorAll('#geo-panel li[data-regions]');
    var pinned = null;
    lines.forEach(function(li) {
        var codes = li.getAttribute('data-regions').split(' ');
        li.addEventListener('mouseenter', function() { highlight(codes, true); });
        li.addEventListener('mouseleave', function() { if (pinned !== li) { highlight(codes, false); } });
        li.addEventListener('click', function() {
            if (pinned && pinned !== li) { highlight(pinned.getAttribute('data-regions').split(' '), false); }
            pinned = pinned === li ? null : li;
            highlight(codes, pinned === li);
        });
    });
    window.geoMarkLines = function(code) {
        lines.forEach(function(li) {
            var hit = li.getAttribute('data-regions').split(' ').indexOf(code) >= 0;
            li.classList.toggle('geo-hit', hit);
        });
        var first = document.querySelector('#geo-panel li.geo-hit');
        if (first) { first.scrollIntoView({block: 'nearest'}); }
    };
    // Labels: the regions named at every zoom, the others from zoom 6 on where they overlap no label
    // already shown (the named ones come first and are never hidden).
    var labels = {{ this.labels }}.map(function(p) {
        return L.marker([p[0], p[1]], {interactive: false, keyboard: false, icon: L.divIcon({
            className: 'geo-label ' + (p[3] ? 'geo-named' : 'geo-minor'), html: '<span>' + p[2] + '</span>',
            iconSize: null})}).addTo(map);
    });
    function declutter() {
        map.getContainer().classList.toggle('geo-zoomed', map.getZoom() >= 6);
        var shown = [];
        function overlaps(r) {
            return shown.some(function(o) {
                return r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom;
            });
        }
        labels.forEach(function(marker) {
            var span = marker.getElement().firstChild;
            var named = marker.options.icon.options.className.indexOf('geo-named') >= 0;
            span.style.visibility = '';
            span.style.marginTop = '0px';
            var r = span.getBoundingClientRect();
            if (!r.width) { return; }
            // A named label that would overlap one shown moves a line down or up; the others hide.
            var shifts = named ? [0, r.height, -r.height] : [0];
            for (var i = 0; i < shifts.length; i++) {
                var moved = {left: r.left, right: r.right, top: r.top + shifts[i], bottom: r.bottom + shifts[i]};
                if (!overlaps(moved)) {
                    span.style.marginTop = shifts[i] + 'px';
                    shown.push(moved);
                    return;
                }
            }
            if (named) { shown.push(r); } else { span.style.visibility = 'hidden'; }
        });
    }
    map.on('zoomend', declutter);
    // The view: the bounds beside the panel (left on a wide screen, below on a narrow one).
    var h = map.getContainer().clientHeight;
    map.fitBounds({{ this.bounds|tojson }}, narrow
        ? {paddingTopLeft: [0, 40], paddingBottomRight: [0, Math.round(h * 0.38) + 50]}
        : {paddingTopLeft: [430, 10], paddingBottomRight: [10, 10]});
    declutter();
    if (narrow) {
        var legend = document.getElementById('geo-legend');
        if (legend) { legend.open = false; }
    }
})({{ this._parent.get_name() }});
{% endmacro %}
""")


class _Behaviour(branca.element.MacroElement):
    _template = BEHAVIOUR

    def __init__(self, bounds: list, labels: str):
        super().__init__()
        self._name = "Behaviour"
        self.bounds, self.labels, self.narrow = bounds, labels, NARROW


def script_json(obj) -> str:
    """Compact JSON safe inside ``<script>`` (as folium's ``tojavascript``).

    >>> script_json(["</script>", "a'b"])
    '["\\\\u003c/script\\\\u003e","a\\\\u0027b"]'
    """
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(ch, esc)
    return text


def add_css(m: folium.Map, style: dict) -> None:
    """The page's stylesheet, in the map's colours, and the hatching pattern."""
    m.get_root().html.add_child(branca.element.Element(hatch_svg(style["no_data"])))
    m.get_root().header.add_child(branca.element.Element(
        "<style>" + " ".join(CSS.split()) % {"sea": style["sea"], "narrow": NARROW, "layers": LAYERS_ICON,
                                                 "hatch": style["no_data"]}
        + "</style>"))


def hatch_svg(colour: str) -> str:
    """The hatching pattern that ``className: 'geo-hatch'`` paths are filled with (an invisible SVG in the page)."""
    return ('<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
            '<pattern id="geo-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff" fill-opacity="0.55"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="2"/></pattern></defs></svg>')


def add_panel(m: folium.Map, html: str) -> None:
    """A fixed box over the map (*html* is escaped already and carries its own id and ``geo-box`` class)."""
    m.get_root().html.add_child(branca.element.Element(html))


def add_behaviour(m: folium.Map, bounds: list, labels: list[tuple[float, float, str, bool]]) -> None:
    """Tooltips kept in view, panel highlighting, labels and the fitted view (call after the layers).

    *labels* are (lat, lon, escaped name, named in the text).
    """
    _Behaviour(bounds, script_json([[round(a, 4), round(b, 4), n, bool(k)] for a, b, n, k in labels])).add_to(m)


def swatch(style: dict) -> str:
    """A legend swatch drawn like the layer: the same fill colour and opacity, the same edge.

    >>> swatch({"color": "#000000", "weight": 2, "dashArray": "4 3", "fill": False})
    '<span class="geo-swatch" style="border:2px dashed #000000;background:transparent"></span>'
    """
    edge = f"{min(max(round(style.get('weight', 1)), 1), 3)}px {'dashed' if style.get('dashArray') else 'solid'} " \
           f"{style['color']}"
    fill = "transparent"
    if style.get("fill", True) and style.get("fillOpacity", 0) > 0:
        h = style["fillColor"].lstrip("#")
        fill = f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{style['fillOpacity']})"
    hatch = " geo-hatch" if style.get("className") == "geo-hatch" else ""
    return f'<span class="geo-swatch{hatch}" style="border:{edge};background:{fill}"></span>'


def legend_html(rows: list[tuple[dict, str]]) -> str:
    """The legend: one row per (layer style, escaped label), folded on narrow screens."""
    body = "".join(f"<div>{swatch(st)}{label}</div>" for st, label in rows)
    return f'<details id="geo-legend" open><summary>Legend</summary>{body}</details>'
