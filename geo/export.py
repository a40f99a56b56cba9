"""GIS files of what a text says: GeoPackage (styled for QGIS), GeoJSON and CSV.

Layers (`build_layers`), all in EPSG:4326 with stable feature ids:

* ``regions``: one row per first-level unit the text links (named as territory,
  or in a claim's scope): codes, names, role, who claims it, the first stated
  figure about it, the measured value and verdict, the evidence sentence;
* ``control``: the control polygons used, clipped to Ukraine, with status and date;
* ``claims``: one row per claim, geometry the union of its regions;
* ``mentions``: a point on the surface of each place mentioned, with its span.

Exported files keep the raw text (no HTML escaping); CSV cells that a
spreadsheet would run as a formula (starting with ``= + - @``) get a leading
apostrophe. Files are written atomically and byte-identically on reruns
(GeoPackage timestamps are fixed).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from geo._files import dumps_json, write_atomic, write_text
from geo.errors import ExportError
from geo.extract import Document
from geo.gazetteer import Gazetteer

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["build_layers", "write_export", "FORMATS"]

FORMATS = (".gpkg", ".geojson", ".csv")
#: Fixed timestamp written into GeoPackages, so reruns give identical bytes.
FIXED_TIME = "2000-01-01T00:00:00.000Z"
_PRECISION = 6  # decimals of coordinates (RFC 7946 advises 6)


def _next_day(date: str | None) -> str | None:
    import datetime as dt

    return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat() if date else None


def _round(geom):
    import shapely

    return shapely.set_precision(geom, 10 ** -_PRECISION) if geom is not None and not geom.is_empty else geom


def build_layers(document: Document, *, control=None, verification=None,
                 gazetteer: Gazetteer | None = None) -> dict[str, "geopandas.GeoDataFrame"]:
    """The four export layers as GeoDataFrames (see the module's list).

    Examples
    --------
    >>> import geo
    >>> layers = build_layers(geo.extract("Russia controls about 70% of the Donetsk region."))
    >>> sorted(layers), list(layers["regions"]["code"])
    (['claims', 'control', 'mentions', 'regions'], ['UA-14'])
    """
    import geopandas
    import shapely

    gaz = gazetteer or Gazetteer.default()
    checks = {v.claim_id: v for v in verification.verifications} if verification is not None else {}

    def units(codes):
        return [u for c in codes for u in gaz.expand(c)]

    territory = [c for c in document.territory() if c in gaz and gaz[c].kind == "admin1"]
    scoped = [u for c in document.claims for u in units(c.regions) if c.regions != ("UA",)]
    codes = sorted(set(territory) | set(scoped))
    shapes = gaz.boundaries(codes).geometry if codes else {}
    found = gaz.boundary_source
    user = {} if found is None else {c: f"{Path(found.source).name} ({found.field})" for c in found.frame.index}
    rows = []
    for code in codes:
        e = gaz[code]
        about = [c for c in document.claims if code in units(c.regions)]
        # The most specific figure about control: a claim about this region alone before one about all
        # of Ukraine, a figure of control or holding before a political claim.
        stated = min((c for c in about if c.quantity is not None), default=None,
                     key=lambda c: (len(units(c.regions)), c.relation not in ("controls", "holds", "occupies")))
        check = checks.get(stated.id) if stated is not None else None
        rows.append({
            "code": code, "name_en": e.name_en, "name_uk": e.name_uk, "name_ru": e.name_ru,
            "role": "territory" if code in territory else "claim scope",
            "claimed_by": ",".join(sorted({c.actor for c in about if c.relation in ("claims", "annexed") and c.actor})),
            "relations": ";".join(dict.fromkeys(f"{c.actor or '?'} {c.relation}" for c in about)),
            "stated_low": stated.quantity.low if stated else None,
            "stated_high": stated.quantity.high if stated else None,
            "stated_unit": stated.quantity.unit if stated else None,
            "stated_hedge": stated.quantity.hedge if stated else None,
            "measured": check.measured if check else None,
            "verdict": check.verdict if check else None,
            "evidence": stated.evidence if stated else (about[0].evidence if about else None),
            "boundary": user.get(code, "Natural Earth"),  # where the polygon comes from
            "geometry": _round(shapes[code]),
        })
    regions = geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326") if rows else \
        _empty(["code", "name_en", "name_uk", "name_ru", "role", "claimed_by", "relations", "stated_low",
                "stated_high", "stated_unit", "stated_hedge", "measured", "verdict", "evidence", "boundary"])

    claim_rows = []
    for c in document.claims:
        q = c.quantity
        v = checks.get(c.id)
        geom = shapely.union_all(gaz.boundaries(units(c.regions)).geometry.values)
        claim_rows.append({
            "claim_id": c.id, "actor": c.actor, "actor_text": c.actor_text, "relation": c.relation,
            "regions": ",".join(c.regions), "quantity": q.text if q else None, "kind": q.kind if q else None,
            "low": q.low if q else None, "high": q.high if q else None, "unit": q.unit if q else None,
            "hedge": q.hedge if q else None, "modality": c.modality, "attribution": c.attribution,
            "scope": c.scope, "part": c.part, "sentence_start": c.sentence.start, "sentence_end": c.sentence.end,
            "evidence": c.evidence, "measured": v.measured if v else None, "verdict": v.verdict if v else None,
            "geometry": _round(geom),
        })
    claims = geopandas.GeoDataFrame(claim_rows, geometry="geometry", crs="EPSG:4326") if claim_rows else \
        _empty(["claim_id", "actor", "relation", "regions", "modality", "evidence"])

    mention_rows = []
    drawn = gaz.boundaries(simplified=True)  # the map layer: every unit near Ukraine
    for m in document.mentions:
        members = [u for u in m.regions if u in gaz and gaz[u].kind == "admin1"] or \
            (list(gaz.expand(m.region)) if m.region in ("UA", "RU") else [])
        members = [u for u in members if u in drawn.index]  # a country: its part near Ukraine
        if not members:
            continue
        point = shapely.union_all(drawn.loc[members].geometry.values).point_on_surface()
        mention_rows.append({"start": m.start, "end": m.end, "text": m.text, "role": m.role,
                             "region": m.region, "group": m.group, "actor": m.actor, "geometry": _round(point)})
    mentions = geopandas.GeoDataFrame(mention_rows, geometry="geometry", crs="EPSG:4326") if mention_rows else \
        _empty(["start", "end", "text", "role", "region", "group", "actor"])

    control_rows = []
    if control is not None:
        ukraine = shapely.union_all(gaz.boundaries("UA").geometry.values)
        for geom, status in zip(control.geometries, control.statuses):
            clipped = shapely.intersection(geom, ukraine)
            if not clipped.is_empty:
                # valid_from/valid_to: the day the snapshot shows, for QGIS's Temporal Controller
                control_rows.append({"status": status, "date": control.date, "source": Path(control.source).name,
                                     "format": control.format, "valid_from": control.date,
                                     "valid_to": _next_day(control.date), "geometry": _round(clipped)})
    control_frame = geopandas.GeoDataFrame(control_rows, geometry="geometry", crs="EPSG:4326") if control_rows \
        else _empty(["status", "date", "source", "format", "valid_from", "valid_to"])
    return {"regions": regions, "control": control_frame, "claims": claims, "mentions": mentions}


def _empty(columns: list[str]) -> "geopandas.GeoDataFrame":
    import geopandas

    return geopandas.GeoDataFrame({c: [] for c in columns}, geometry=[], crs="EPSG:4326")


# --- QGIS styles ------------------------------------------------------------------------

def _rgba(hex_colour: str, alpha: int) -> str:
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha}"


def _fill_symbol(name: str, colour: str, alpha: int, dashed: bool = False) -> str:
    return (f'<symbol type="fill" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
            '<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">'
            f'<Option name="color" type="QString" value="{_rgba(colour, alpha)}"/>'
            f'<Option name="outline_color" type="QString" value="{_rgba(colour, 255)}"/>'
            f'<Option name="outline_style" type="QString" value="{"dash" if dashed else "solid"}"/>'
            '<Option name="outline_width" type="QString" value="0.5"/>'
            '<Option name="style" type="QString" value="solid"/></Option></layer></symbol>')


#: QGIS layer temporal settings: each feature shown from valid_from (included) to valid_to (excluded).
#: Mode 4 is "start and end from expressions", so text and date fields both work.
_TEMPORAL = ('<temporal enabled="1" mode="4" accumulate="0" limitMode="0" startField="" endField="" '
             'durationField="" durationUnit="d" fixedDuration="0" '
             'startExpression="to_date(&quot;valid_from&quot;)" endExpression="to_date(&quot;valid_to&quot;)">'
             '<fixedRange><start></start><end></end></fixedRange></temporal>')


def _qml(renderer: str, temporal: bool = False) -> str:
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            f'<qgis version="3.28.0" styleCategories="Symbology{"|Temporal" if temporal else ""}">'
            f'{_TEMPORAL if temporal else ""}{renderer}</qgis>')


def _categorized(attr: str, categories: list[tuple[str, str]], alpha: int) -> str:
    cats = "".join(f'<category render="true" value="{v}" symbol="{i}" label="{v}"/>'
                   for i, (v, _) in enumerate(categories))
    symbols = "".join(_fill_symbol(str(i), c, alpha) for i, (_, c) in enumerate(categories))
    return (f'<renderer-v2 type="categorizedSymbol" attr="{attr}" symbollevels="0" enableorderby="0" '
            f'forceraster="0"><categories>{cats}</categories><symbols>{symbols}</symbols></renderer-v2>')


def _styles() -> dict[str, str]:
    """A default QML style per layer, in the HTML map's colours."""
    from geo.changes import CHANGE_COLOURS
    from geo.render import STYLE

    single = '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>{}</symbols></renderer-v2>'
    statuses = [("occupied", STYLE["held_ru"]), ("occupied_before_2022", STYLE["claimed"]),
                ("contested", STYLE["contested"]), ("liberated", STYLE["held_ua"]), ("other", STYLE["border"])]
    control = _categorized("status", statuses, 115)
    marker = ('<symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">'
              '<layer class="SimpleMarker" enabled="1" locked="0" pass="0"><Option type="Map">'
              f'<Option name="color" type="QString" value="{_rgba(STYLE["territory"], 255)}"/>'
              '<Option name="name" type="QString" value="circle"/>'
              '<Option name="size" type="QString" value="2.4"/></Option></layer></symbol>')
    return {
        "regions": _qml(single.format(_fill_symbol("0", STYLE["territory"], 90))),
        "control": _qml(control, temporal=True),
        "changes": _qml(_categorized("change", [("gained", CHANGE_COLOURS["gained"]),
                                                ("lost", CHANGE_COLOURS["lost"])], 170), temporal=True),
        "series": _qml(single.format(_fill_symbol("0", STYLE["held_ru"], 115)), temporal=True),
        "claims": _qml(single.format(_fill_symbol("0", STYLE["claimed"], 30, dashed=True))),
        "mentions": _qml(single.format(marker)),
    }


def _add_styles(path: Path, layers: dict) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(
            "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), "
            "f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), "
            "styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
            "update_time DATETIME DEFAULT CURRENT_TIMESTAMP)"
        )
        for name, qml in _styles().items():
            if name in layers:
                con.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                    "VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', '', ?)",
                    (name, f"geo {name}", qml, f"Default style of the {name} layer, in the HTML map's colours",
                     FIXED_TIME),
                )
        con.execute("UPDATE gpkg_contents SET last_change = ?", (FIXED_TIME,))
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def _write_gpkg(layers: dict, tmp: Path) -> None:
    import pyogrio

    tmp.unlink(missing_ok=True)  # GDAL creates the GeoPackage itself
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_TIME})
    try:
        for name, frame in layers.items():
            frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio",
                          geometry_type="Unknown" if frame.empty else None)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})
    _add_styles(tmp, layers)


def _csv_cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _write_csv(frame: "geopandas.GeoDataFrame", tmp: Path) -> None:
    import csv

    import shapely

    columns = [c for c in frame.columns if c != "geometry"]
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns + ["wkt"])
        for _, row in frame.iterrows():
            w.writerow([_csv_cell(None if _is_na(row[c]) else row[c]) for c in columns]
                       + [shapely.to_wkt(row.geometry, rounding_precision=_PRECISION)])


def _is_na(value) -> bool:
    try:
        return value is None or value != value
    except (TypeError, ValueError):
        return False


def _geojson(frame: "geopandas.GeoDataFrame") -> dict:
    import json

    import shapely

    features = []
    for _, row in frame.iterrows():
        props = {c: (None if _is_na(row[c]) else (row[c].item() if hasattr(row[c], "item") else row[c]))
                 for c in frame.columns if c != "geometry"}
        geometry = json.loads(shapely.to_geojson(row.geometry)) if row.geometry is not None else None
        features.append({"type": "Feature", "id": props.get("code"), "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": sorted(features, key=lambda f: str(f["id"]))}


def write_export(document: Document, path: str | Path, *, control=None, verification=None,
                 gazetteer: Gazetteer | None = None) -> Path:
    """Write a GeoPackage (all layers, styled), a GeoJSON or a CSV (the regions layer), atomically.

    Raises
    ------
    ExportError
        If the file name does not end in .gpkg, .geojson or .csv.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{str(path)!r}: unknown format {suffix or '(none)'!r}; use one of {', '.join(FORMATS)}")
    layers = build_layers(document, control=control, verification=verification, gazetteer=gazetteer)
    if suffix == ".gpkg":
        return write_atomic(path, lambda tmp: _write_gpkg(layers, tmp))
    if suffix == ".geojson":
        return write_text(path, dumps_json(_geojson(layers["regions"]), indent=None))
    return write_atomic(path, lambda tmp: _write_csv(layers["regions"], tmp))
