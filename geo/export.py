"""GIS files of what a text says: GeoPackage (styled for QGIS), GeoJSON and CSV.

Layers (`build_layers`), all in EPSG:4326 with stable feature ids:

* ``regions``: one row per first-level unit the text links (named as territory,
  or in a claim's scope): codes, names, role, who claims it, the ids of the
  claims about it, and its own measured figures (share Russian-held in percent,
  km2 Russian-held, contested and Ukrainian-held, source and date of the data);
* ``control``: the control polygons used, clipped to Ukraine, with status and date;
* ``claims``: one row per claim, geometry the union of its regions: the figure
  stated, the value measured for the claim's regions together, with units, and the verdict;
* ``mentions``: every place mention, a point on the surface of the place where
  the map draws it (none for US states or far countries), with its span.
* ``settlements``: one point per settlement claim, and per settlement named without one
  (`geo.settlement_layers`), with the verdict and distance to the line.

Polygon layers hold MultiPolygons only; no field name is an SQL keyword.

Exported files keep the raw text (no HTML escaping); CSV cells that a
spreadsheet would run as a formula (starting with ``= + - @``) get a leading
apostrophe. Files are written atomically and byte-identically on reruns
(GeoPackage timestamps are fixed).
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from geo import _csv
from geo._files import dumps_json, write_all, write_atomic, write_text
from geo.errors import ExportError
from geo.extract import Document
from geo.gazetteer import Gazetteer
from geo.vocab import SIDES

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


#: Fields of each layer, in order (none is an SQL keyword; every one reads back with ``ogrinfo -sql``).
FIELDS = {
    "regions": ["code", "name_en", "name_uk", "name_ru", "country", "role", "claimed_by", "relations", "claim_ids",
                "share_russia_pct", "russia_km2", "contested_km2", "ukraine_km2", "control_source", "control_date",
                "control_note", "evidence", "boundary"],
    "control": ["status", "snapshot_date", "source", "source_format", "valid_from", "valid_to"],
    "claims": ["claim_id", "actor", "actor_text", "relation", "regions", "figure_text", "figure_kind", "stated_low",
               "stated_high", "stated_unit", "hedge", "modality", "attribution", "scope", "part", "sentence_start",
               "sentence_end", "evidence", "measured", "measured_unit", "verdict", "explanation", "control_date"],
    "mentions": ["start_char", "end_char", "text", "role", "region", "group_code", "actor", "drawn"],
    "settlements": ["claim_id", "code", "name", "name_uk", "oblast", "text", "relation", "actor", "modality",
                    "attribution", "stated_km", "verdict", "side", "distance_to_line_km", "control_date",
                    "explanation", "evidence"],
}
#: Fields that are real numbers (null where unknown), typed so even when all of a file's values are null.
REAL = {"share_russia_pct", "russia_km2", "contested_km2", "ukraine_km2", "stated_low", "stated_high", "measured"}
#: Layers of points; every other layer holds MultiPolygons.
POINT_LAYERS = ("mentions", "settlements", "corpus_claims")
#: What each layer holds, written into the GeoPackage's layer descriptions.
DESCRIPTIONS = {
    "regions": "One row per first-level unit the text names or a claim covers. Figures are the unit's own, "
               "measured on the control data: share_russia_pct is percent of the unit's area, km2 are shares of its "
               "official area. Null where no control data was given or the unit lies outside its coverage "
               "(control_note says which).",
    "control": "The control data's polygons, clipped to Ukraine, with their status.",
    "claims": "One row per claim: the figure the text states (stated_low/high in stated_unit) and the value "
              "measured for the claim's regions together (measured, in measured_unit), with the verdict.",
    "claim_records": "The rows of the claims layer (a view joining them to claim_shapes by shape_id).",
    "claim_shapes": "Each distinct geometry of the claims layer once: the union of a set of regions.",
    "mentions": "Every place mention extract reports, with its character span; places the map does not draw "
                "(US states, far countries) have no geometry (drawn = 0).",
    "changes": "Land that changed hands between two snapshots (geo control diff): per region, the polygons Russia "
               "gained and lost (change), valid_from/valid_to for QGIS's Temporal Controller; slivers left out.",
    "series": "The Russian-held area of each snapshot of a series, one feature a date, valid_from/valid_to for "
              "QGIS's Temporal Controller.",
    "corpus_claims": "One row per claim of a claims store (geo claims): its document's date and source, the claim "
                     "and its figure, the verdict and measured value, and a point inside the claim's regions.",
    "settlements": "One point per settlement claim, and per settlement named without one: the settlement's code, "
                   "oblast and point, the claim (actor, relation) and, with control data, the verdict and the "
                   "distance to the front line in km.",
}


def _measured_on(v) -> str | None:
    """The day of the control data a claim's figure was measured on; none where it was not measured."""
    if v is None or v.measured is None:
        return None
    return (v.snapshot or {}).get("date") or (v.control or {}).get("date")


def _multi(geom):
    """Every polygon layer holds MultiPolygons only (one geometry type per layer), rounded."""
    import shapely

    if geom is None or geom.is_empty:
        return None
    geom = _round(geom)
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    parts = [p for g in polys for p in getattr(g, "geoms", [g])]
    return shapely.MultiPolygon(parts) if parts else None


def _frame(rows: list[dict], layer: str) -> "geopandas.GeoDataFrame":
    import geopandas

    frame = geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326") if rows else \
        geopandas.GeoDataFrame({c: [] for c in FIELDS[layer]}, geometry=[], crs="EPSG:4326")
    frame = frame[[*FIELDS[layer], "geometry"]]
    for column in REAL & set(frame.columns):  # numbers stay numbers in every file, even when all are null
        frame[column] = frame[column].astype("float64")
    return frame


def build_layers(document: Document, *, control=None, verification=None,
                 gazetteer: Gazetteer | None = None) -> dict[str, "geopandas.GeoDataFrame"]:
    """The four export layers as GeoDataFrames (see the module's list and `DESCRIPTIONS`).

    Examples
    --------
    >>> import geo
    >>> layers = build_layers(geo.extract("Russia controls about 70% of the Donetsk region."))
    >>> sorted(layers), list(layers["regions"]["code"]), list(layers["claims"]["stated_low"])
    (['claims', 'control', 'mentions', 'regions', 'settlements'], ['UA-14'], [70.0])
    """
    import shapely

    from geo.control import measure

    gaz = gazetteer or Gazetteer.default()
    checks = {v.claim_id: v for v in verification.verifications} if verification is not None else {}

    def units(codes):
        return [u for c in codes for u in gaz.expand(c)]

    territory = [c for c in document.territory() if c in gaz and gaz[c].kind == "admin1"]
    scoped = [u for c in document.claims for u in units(c.regions) if c.regions != ("UA",)]
    codes = sorted(set(territory) | set(scoped))
    shapes = gaz.boundaries(codes).geometry if codes else {}
    covered = [c for c in codes if gaz[c].country == "UA"]
    figures = measure(control, covered, gazetteer=gaz) if control is not None and covered else {}
    found = gaz.boundary_source
    user = {} if found is None else {c: f"{Path(found.source).name} ({found.field})" for c in found.frame.index}
    rows = []
    for code in codes:
        e = gaz[code]
        about = [c for c in document.claims if code in units(c.regions)]
        rc = figures.get(code)
        note = None
        if control is None:
            note = "no control data given"
        elif rc is None:
            note = "outside the control data's coverage (it covers Ukraine only)"
        rows.append({
            "code": code, "name_en": e.name_en, "name_uk": e.name_uk, "name_ru": e.name_ru, "country": e.country,
            "role": "territory" if code in territory else "claim scope",
            "claimed_by": ",".join(sorted({c.actor for c in about if c.relation in ("claims", "annexed") and c.actor})),
            "relations": ";".join(dict.fromkeys(f"{c.actor or '?'} {c.relation}" for c in about)),
            "claim_ids": ",".join(c.id for c in about),
            "share_russia_pct": round(rc.share_russia * 100, 3) if rc else None,
            "russia_km2": round(rc.russia_km2, 1) if rc else None,
            "contested_km2": round(rc.contested_km2, 1) if rc else None,
            "ukraine_km2": round(rc.ukraine_km2, 1) if rc else None,
            "control_source": Path(control.source).name if rc else None,
            "control_date": control.date if rc else None,
            "control_note": note,
            "evidence": about[0].evidence if about else None,
            "boundary": user.get(code, "Natural Earth"),  # where the polygon comes from
            "geometry": _multi(shapes[code]),
        })

    @functools.cache
    def shape(codes: tuple[str, ...]):  # one union per distinct set of regions, however many claims share it
        return _multi(shapely.union_all(gaz.boundaries(units(codes)).geometry.values))

    claim_rows = []
    for c in document.claims:
        q = c.quantity
        v = checks.get(c.id)
        claim_rows.append({
            "claim_id": c.id, "actor": c.actor, "actor_text": c.actor_text, "relation": c.relation,
            "regions": ",".join(c.regions), "figure_text": q.text if q else None, "figure_kind": q.kind if q else None,
            "stated_low": q.low if q else None, "stated_high": q.high if q else None,
            "stated_unit": q.unit if q else None, "hedge": q.hedge if q else None, "modality": c.modality,
            "attribution": c.attribution, "scope": c.scope, "part": c.part, "sentence_start": c.sentence.start,
            "sentence_end": c.sentence.end, "evidence": c.evidence,
            "measured": v.measured if v else None, "measured_unit": v.unit if v and v.measured is not None else None,
            "verdict": v.verdict if v else None, "explanation": v.explanation if v else None,
            "control_date": _measured_on(v), "geometry": shape(c.regions),
        })

    mention_rows = []
    drawn = gaz.boundaries(simplified=True)  # the map layer: every unit near Ukraine

    @functools.cache
    def point(members: tuple[str, ...]):
        return _round(shapely.union_all(drawn.loc[list(members)].geometry.values).point_on_surface())

    for m in document.mentions:
        members = [u for u in m.regions if u in gaz and gaz[u].kind == "admin1"] or \
            (list(gaz.expand(m.region)) if m.region in SIDES else [])
        members = [u for u in members if u in drawn.index]  # a country: its part near Ukraine
        mention_rows.append({"start_char": m.start, "end_char": m.end, "text": m.text, "role": m.role,
                             "region": m.region, "group_code": m.group, "actor": m.actor, "drawn": bool(members),
                             "geometry": point(tuple(members)) if members else None})

    control_rows = []
    if control is not None:
        ukraine = shapely.union_all(gaz.boundaries("UA").geometry.values)
        for geom, status in zip(control.geometries, control.statuses):
            clipped = _multi(shapely.intersection(geom, ukraine))
            if clipped is not None:
                # valid_from/valid_to: the day the snapshot shows, for QGIS's Temporal Controller
                control_rows.append({"status": status, "snapshot_date": control.date,
                                     "source": Path(control.source).name, "source_format": control.format,
                                     "valid_from": control.date, "valid_to": _next_day(control.date),
                                     "geometry": clipped})
    from geo.settlement_layers import settlements_frame

    return {"regions": _frame(rows, "regions"), "control": _frame(control_rows, "control"),
            "claims": _frame(claim_rows, "claims"), "mentions": _frame(mention_rows, "mentions"),
            "settlements": settlements_frame(document, verification)}


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
    from geo.settlement_layers import settlements_qml

    single = '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>{}</symbols></renderer-v2>'
    statuses = [("occupied", STYLE["held_ru"]), ("occupied_before_2022", STYLE["held_ru"]),
                ("contested", STYLE["contested"]), ("liberated", STYLE["held_ua"]), ("other", STYLE["border"])]
    control = _categorized("status", statuses, 115)
    marker = ('<symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">'
              '<layer class="SimpleMarker" enabled="1" locked="0" pass="0"><Option type="Map">'
              f'<Option name="color" type="QString" value="{_rgba(STYLE["territory"], 255)}"/>'
              '<Option name="name" type="QString" value="circle"/>'
              '<Option name="size" type="QString" value="2.4"/></Option></layer></symbol>')
    return {
        "regions": _qml(single.format(_fill_symbol("0", STYLE["territory"], 0))),
        "control": _qml(control, temporal=True),
        "changes": _qml(_categorized("change", [("gained", CHANGE_COLOURS["gained"]),
                                                ("lost", CHANGE_COLOURS["lost"])], 170), temporal=True),
        "series": _qml(single.format(_fill_symbol("0", STYLE["held_ru"], 115)), temporal=True),
        "claims": _qml(single.format(_fill_symbol("0", STYLE["claimed"], 30, dashed=True))),
        "mentions": _qml(single.format(marker)),
        "settlements": settlements_qml(),
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
        # Registered as QGIS registers it: with any attribute table in the file (claim_records), QGIS finds
        # default styles only in a registered layer_styles.
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
                    "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS default styles of the layers', 0)")
        con.execute("UPDATE gpkg_contents SET last_change = ?", (FIXED_TIME,))
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


#: Polygon layers stored as a view (GDAL's GeoPackage "spatial view") over a table of their rows and a table
#: of their distinct geometries, so 10,000 claims about the same four regions store four polygons, not 10,000
#: copies of them: layer -> (table of rows, table of shapes).
SHARED_GEOMETRY = {"claims": ("claim_records", "claim_shapes")}


def _split_shapes(frame: "geopandas.GeoDataFrame") -> tuple["pandas.DataFrame", "geopandas.GeoDataFrame"]:
    """A polygon layer as its rows (with a ``shape_id``) and its distinct geometries, in order of first use."""
    import geopandas
    import pandas

    ids: dict[bytes, int] = {}
    shape_ids = [None if g is None else ids.setdefault(g.wkb, len(ids) + 1) for g in frame.geometry]
    rows = pandas.DataFrame(frame.drop(columns="geometry"))
    rows["shape_id"] = pandas.array(shape_ids, dtype="Int64")
    first = {shape_id: i for i, shape_id in reversed(list(enumerate(shape_ids))) if shape_id is not None}
    shapes = geopandas.GeoDataFrame({"shape_id": list(first), "regions": [frame["regions"].iloc[i] for i in first.values()]},
                                    geometry=[frame.geometry.iloc[i] for i in first.values()], crs="EPSG:4326")
    return rows, shapes.sort_values("shape_id")


def _add_view(con: sqlite3.Connection, name: str, frame: "geopandas.GeoDataFrame") -> None:
    """Register *name* as a view joining its rows to its shapes: GDAL and QGIS read it as a polygon layer."""
    records, shapes = SHARED_GEOMETRY[name]
    columns = ", ".join(f'r."{c}"' for c in FIELDS[name])
    con.execute(f'CREATE VIEW "{name}" AS SELECT r.fid AS OGC_FID, {columns}, s.geom AS geom '
                f'FROM "{records}" r LEFT JOIN "{shapes}" s ON s.shape_id = r.shape_id')
    bounds = frame.total_bounds if frame.geometry.notna().any() else [None] * 4
    con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
                "min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)",
                (name, name, DESCRIPTIONS[name], FIXED_TIME, *map(_bound, bounds)))
    con.execute("INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) "
                "VALUES (?, 'geom', 'MULTIPOLYGON', 4326, 0, 0)", (name,))


def _bound(value) -> float | None:
    return None if value is None or value != value else float(value)


def _write_gpkg(layers: dict, tmp: Path) -> None:
    import pyogrio
    import pyogrio.errors

    tmp.unlink(missing_ok=True)  # GDAL creates the GeoPackage itself
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_TIME})
    tables = {}
    for name, frame in layers.items():
        if name in SHARED_GEOMETRY:
            records, shapes = SHARED_GEOMETRY[name]
            tables[records], tables[shapes] = _split_shapes(frame)
        else:
            tables[name] = frame
    try:
        for i, (name, frame) in enumerate(tables.items()):
            # GeoPackage 1.2: GDAL 3.6 reads it without a version warning (newer GDALs write 1.4 by default).
            options = {"dataset_options": {"VERSION": "1.2"} if i == 0 else None,
                       "layer_options": {"DESCRIPTION": DESCRIPTIONS[name], "IDENTIFIER": name}}
            if "geometry" in frame:
                frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio",
                              geometry_type="Point" if name in POINT_LAYERS else "MultiPolygon",
                              promote_to_multi=name not in POINT_LAYERS, **options)
            else:
                pyogrio.write_dataframe(frame, tmp, layer=name, driver="GPKG", **options)
        con = sqlite3.connect(tmp)
        try:
            for name in SHARED_GEOMETRY.keys() & layers.keys():
                _add_view(con, name, layers[name])
            con.commit()
        finally:
            con.close()
        _add_styles(tmp, layers)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError, sqlite3.Error) as err:  # a full disk, for one: reported by the caller
        raise OSError(f"GDAL/SQLite: {' '.join(str(err).split())[:200]}") from err
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


#: ``.prj`` beside a CSV: WGS 84 (EPSG:4326) in the ESRI WKT form that GDAL and QGIS read.
_PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
        'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def _csvt(frame: "geopandas.GeoDataFrame") -> str:
    """``.csvt`` beside a CSV: one GDAL type per column, so numbers are read as numbers and ``wkt`` as geometry."""
    def kind(column) -> str:
        dtype = frame[column].dtype
        return "Integer" if dtype.kind in "iu" else "Real" if dtype.kind == "f" else \
            "Integer(Boolean)" if dtype.kind == "b" else "String"

    return ",".join([*(f'"{kind(c)}"' for c in frame.columns if c != "geometry"), '"WKT"']) + "\n"


def _write_csv(frame: "geopandas.GeoDataFrame", tmp: Path) -> None:
    import shapely

    columns = [c for c in frame.columns if c != "geometry"]
    rows = ([None if _is_na(row[c]) else row[c] for c in columns]
            + [shapely.to_wkt(row.geometry, rounding_precision=_PRECISION)] for _, row in frame.iterrows())
    tmp.write_text(_csv.dumps(columns + ["wkt"], rows), encoding="utf-8", newline="")


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
                 gazetteer: Gazetteer | None = None, layer: str = "regions") -> Path:
    """Write a GeoPackage (all layers, styled), a GeoJSON or a CSV (one layer: *layer*), atomically.

    A CSV gets ``.csvt`` (column types) and ``.prj`` (EPSG:4326) files beside it, so GDAL and QGIS read
    its numbers as numbers and its ``wkt`` column as geometry in the right CRS.

    Raises
    ------
    ExportError
        If the file name does not end in .gpkg, .geojson or .csv, or *layer* is not a layer.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{str(path)!r}: unknown format {suffix or '(none)'!r}; use one of {', '.join(FORMATS)}")
    layers = build_layers(document, control=control, verification=verification, gazetteer=gazetteer)
    if layer not in layers:
        raise ExportError(f"{str(path)!r}: unknown layer {layer!r}; use one of {', '.join(layers)}")
    if suffix == ".gpkg":
        return write_atomic(path, lambda tmp: _write_gpkg(layers, tmp))
    if suffix == ".geojson":
        return write_text(path, dumps_json(_geojson(layers[layer]), indent=None))
    regions = layers[layer]
    # All three or none: a CSV without its .csvt/.prj would be read with the wrong types or CRS.
    written = write_all([(path.with_suffix(".csvt"), lambda tmp: tmp.write_text(_csvt(regions), encoding="utf-8")),
                         (path.with_suffix(".prj"), lambda tmp: tmp.write_text(_PRJ + "\n", encoding="utf-8")),
                         (path, lambda tmp: _write_csv(regions, tmp))])
    return written[-1]
