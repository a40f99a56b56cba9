"""Settlements on the map and in GIS files: points coloured by verdict, with labels and tooltips.

One row per settlement claim whose settlement has coordinates, and one per settlement
named without a claim (`settlement_rows`). The same rows give the ``settlements`` point
layer of the GeoPackage (with its QGIS style, `settlements_qml`), GeoJSON and CSV, and the
markers of the HTML map (`add_settlement_markers`). Files keep the raw text; the map
escapes every string with `geo.render._safe_text`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import folium
from jinja2 import Template

from geo.export import FIELDS
from geo.extract import Document

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["settlement_rows", "settlements_frame", "settlements_qml", "add_settlement_markers", "VERDICT_COLOURS",
           "COLUMNS"]

#: Marker colour by verdict ("named": mentioned, no claim checked). Green and red as on fact-check
#: maps; orange for near the line; grey where nothing could be checked.
VERDICT_COLOURS = {"consistent": "#1a9850", "inconsistent": "#d73027", "near_line": "#fd8d3c",
                   "unverifiable": "#9e9e9e", "named": "#ffffff"}
_VERDICT_LABELS = {"consistent": "Claim consistent with the control data", "inconsistent": "Claim inconsistent with it",
                   "near_line": "Near the line or contested", "unverifiable": "Claim not checkable",
                   "named": "Settlement named, no claim checked"}
#: Columns of the settlements layer, in order.
COLUMNS = tuple(FIELDS["settlements"])
#: With more labelled settlements than this, labels show from `LABEL_ZOOM` on only.
MAX_LABELS_ANY_ZOOM = 8
LABEL_ZOOM = 8


def settlement_rows(document: Document, verification=None) -> list[dict]:
    """Rows of the settlements layer: claims first (in text order), then settlements named without a claim.

    Examples
    --------
    >>> import geo
    >>> rows = settlement_rows(geo.extract("Russian forces captured Avdiivka. Shelling hit Kramatorsk."))
    >>> [(r["name"], r["relation"], r["verdict"]) for r in rows]
    [('Avdiivka', 'captured', None), ('Kramatorsk', None, None)]
    """
    from geo.settlements import Settlements

    gaz = Settlements.default()
    checks = {c.claim_id: c for c in (verification.settlements if verification is not None else ())}
    rows, claimed = [], set()
    for c in document.settlement_claims:
        m = document.settlements[c.settlement]
        check = checks.get(c.id)
        code = m.code or (check.code if check else None)
        s = gaz[code] if code else None
        if s is None or s.point is None:
            continue
        claimed.add(code)
        rows.append({
            "claim_id": c.id, "code": code, "name": s.name_en, "name_uk": s.name_uk, "oblast": s.oblast, "text": m.text,
            "relation": c.relation, "actor": c.actor, "modality": c.modality, "attribution": c.attribution,
            "stated_km": c.distance["km"] if c.distance else None,
            "verdict": check.verdict if check else None, "side": check.side if check else None,
            "distance_to_line_km": check.distance_to_line_km if check else None,
            "control_date": check.control["date"] if check else None,
            "explanation": check.explanation if check else None, "evidence": " ".join(c.evidence.split()),
            "lon": s.lon, "lat": s.lat,
        })
    for m in document.settlements:
        if m.code and m.coordinates and m.code not in claimed:
            claimed.add(m.code)
            s = gaz[m.code]
            rows.append({**dict.fromkeys(COLUMNS), "code": m.code, "name": s.name_en, "name_uk": s.name_uk,
                         "oblast": s.oblast, "text": m.text, "lon": s.lon, "lat": s.lat})
    return rows


def settlements_frame(document: Document, verification=None) -> "geopandas.GeoDataFrame":
    """The settlements layer as a GeoDataFrame of points (EPSG:4326)."""
    import geopandas
    import shapely

    rows = settlement_rows(document, verification)
    geometry = [shapely.Point(round(r.pop("lon"), 6), round(r.pop("lat"), 6)) for r in rows]
    frame = geopandas.GeoDataFrame(rows, geometry=geometry, crs="EPSG:4326") if rows else \
        geopandas.GeoDataFrame({c: [] for c in COLUMNS}, geometry=[], crs="EPSG:4326")
    frame = frame[[*COLUMNS, "geometry"]]
    for column in ("stated_km", "distance_to_line_km"):  # numbers, also where every row has none
        frame[column] = frame[column].astype("float64")
    return frame


def settlements_qml() -> str:
    """QGIS style of the settlements layer: circles by verdict, labelled with the name."""
    def rgba(colour: str) -> str:
        h = colour.lstrip("#")
        return ",".join(str(int(h[i:i + 2], 16)) for i in (0, 2, 4)) + ",255"

    items = list(VERDICT_COLOURS.items())
    categories = "".join(f'<category render="true" value="{"" if v == "named" else v}" symbol="{i}" '
                         f'label="{_VERDICT_LABELS[v]}"/>' for i, (v, _) in enumerate(items))
    symbols = "".join(
        f'<symbol type="marker" name="{i}" alpha="1" clip_to_extent="1" force_rhr="0">'
        '<layer class="SimpleMarker" enabled="1" locked="0" pass="0"><Option type="Map">'
        f'<Option name="color" type="QString" value="{rgba(colour)}"/>'
        '<Option name="outline_color" type="QString" value="35,35,35,255"/>'
        '<Option name="name" type="QString" value="circle"/>'
        '<Option name="size" type="QString" value="3"/></Option></layer></symbol>' for i, (_, colour) in enumerate(items))
    labels = ('<labeling type="simple"><settings><text-style fieldName="name" fontSize="9" textColor="35,35,35,255">'
              '<text-buffer bufferDraw="1" bufferSize="1" bufferColor="255,255,255,255"/></text-style>'
              '<placement placement="1" dist="1.5"/></settings></labeling>')
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            '<qgis version="3.28.0" styleCategories="Symbology|Labeling" labelsEnabled="1">'
            f'<renderer-v2 type="categorizedSymbol" attr="verdict" symbollevels="0" enableorderby="0" forceraster="0">'
            f"<categories>{categories}</categories><symbols>{symbols}</symbols></renderer-v2>{labels}</qgis>")


def _tip(row: dict, safe) -> str:
    lines = [f"{row['name']} ({row['name_uk']}), {row['oblast']}" if row["name_uk"] else f"{row['name']}, {row['oblast']}"]
    if row["relation"]:
        who = {"RU": "Russian forces", "UA": "Ukrainian forces"}.get(row["actor"], "no side named")
        source = f", per {row['attribution']}" if row["attribution"] else ""
        lines.append(f"Claim: {who} — {row['relation']} ({row['modality']}{source})")
        lines.append(f"\u201c{row['evidence']}\u201d")
    if row["explanation"]:
        lines.append(f"Check: {row['explanation']}")
    return "\n".join(safe(line) for line in lines)


def add_settlement_markers(m: "folium.Map", document: Document, verification=None) -> list[tuple[str, str, str]]:
    """Draw the settlements on a map from `geo.render.render_map`; returns the legend rows it needs."""
    from geo.render import _safe_text

    rows = settlement_rows(document, verification)
    if not rows:
        return []
    data, seen = [], {}
    for row in rows:  # one marker per settlement: its first claim's colour, every claim in the tooltip
        verdict = row["verdict"] or ("unverifiable" if row["relation"] and verification is not None else "named")
        if row["code"] in seen:
            seen[row["code"]]["tip"] += "\n\n" + _tip(row, _safe_text)
            continue
        seen[row["code"]] = item = {"lat": row["lat"], "lon": row["lon"], "colour": VERDICT_COLOURS[verdict],
                                    "label": _safe_text(row["name"]), "tip": _tip(row, _safe_text), "verdict": verdict}
        data.append(item)
    _Markers(data, LABEL_ZOOM if len(data) > MAX_LABELS_ANY_ZOOM else 0).add_to(m)
    m.get_root().header.add_child(folium.Element(
        "<style>.geo-place-label{font:600 11px/1.2 system-ui,sans-serif;color:#222;white-space:nowrap;"
        "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}.geo-labels-off .geo-place-label{display:none}</style>"))
    used = [v for v in VERDICT_COLOURS if any(d["verdict"] == v for d in data)]
    return [("#232323", VERDICT_COLOURS[v], _VERDICT_LABELS[v]) for v in used]


class _Markers(folium.map.Layer):
    """Settlement markers and labels from one JSON array (strings escaped before they get here)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = L.featureGroup();\n"
        "{{ this.json }}.forEach(function(r) {\n"
        "    var dot = L.circleMarker([r.lat, r.lon], {radius: 6, color: '#232323', weight: 1,\n"
        "                             fillColor: r.colour, fillOpacity: 0.95});\n"
        "    var tip = document.createElement('div'); tip.innerHTML = r.tip;\n"
        "    dot.bindTooltip(tip, {sticky: true, className: 'geo-tip'});\n"
        "    dot.addTo({{ this.get_name() }});\n"
        "    L.marker([r.lat, r.lon], {interactive: false, keyboard: false, icon: L.divIcon(\n"
        "        {className: 'geo-place-label', html: r.label, iconSize: null, iconAnchor: [-9, 7]})})\n"
        "        .addTo({{ this.get_name() }});\n"
        "});\n"
        "{{ this.get_name() }}.addTo({{ this._parent.get_name() }});\n"
        "(function(map) {\n"
        "    function labels() { map.getContainer().classList.toggle('geo-labels-off',\n"
        "                                                            map.getZoom() < {{ this.label_zoom }}); }\n"
        "    map.on('zoomend', labels); labels();\n"
        "})({{ this._parent.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(self, data: list[dict], label_zoom: int):
        super().__init__(name="Settlements named in the text", overlay=True, control=True, show=True)
        self._name = "SettlementMarkers"
        self.label_zoom = int(label_zoom)
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
            text = text.replace(ch, esc)  # safe inside <script>, as folium's tojavascript does
        self.json = text
