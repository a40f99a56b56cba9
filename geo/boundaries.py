"""User-supplied boundaries: first-level units from OCHA COD-AB, geoBoundaries, GADM or any polygon file.

`read_boundaries` links a file's features to gazetteer codes and
`Gazetteer.with_boundaries` puts them in place of the embedded Natural Earth
polygons, for measures, verification, maps and exports alike.

Linking, feature by feature, through one field of the file:

* ``iso``: ISO 3166-2 codes, ``"UA-14"`` (geoBoundaries ``shapeISO``, GADM 4.1 ``ISO_1``);
* ``pcode``: OCHA P-codes, ``"UA14"`` (COD-AB ``ADM1_PCODE``). Five differ from
  the ISO numbers: Crimea ``UA01``, Luhansk ``UA44``, Chernivtsi ``UA73``,
  Kyiv ``UA80``, Sevastopol ``UA85``;
* ``name``: names in any spelling the gazetteer knows ("Donetska", "Donets'k",
  "Донецька область", "Donetsk Oblast").

Without ``code_field``, every text field is tried with each scheme and the one
that links the most features wins (codes before names on a tie). Then:

* features with the same code are dissolved into one unit, so an admin-2 file
  read through its admin-1 field gives admin-1 units; two features linked by
  *name* to one unit are an error instead (GADM's "Kiev" and "Kiev City");
* features of other countries are left out, with a note;
* a feature that links to nothing, or a unit that lies mostly outside the
  embedded polygon of the code it was linked to (codes of another scheme),
  is an error that names them;
* units the file leaves out keep the embedded polygons, with a note.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo._polygons import polygon_layers, read_polygons
from geo.errors import InputError
from geo.gazetteer import COUNTRIES, Gazetteer

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["Boundaries", "read_boundaries", "SCHEMES"]

#: Ways a field can name units, in the order preferred on a tie.
SCHEMES = ("iso", "pcode", "name")
#: Share of a linked unit that must lie inside the embedded polygon of its code.
MIN_OVERLAP = 0.5

_ISO = re.compile(r"([A-Z]{2})-[A-Z0-9]{1,3}")
_PCODE = re.compile(r"([A-Z]{2})\d{2}")
#: Words around a unit's name in boundary files: "Donetsk Oblast", "Kharkivska oblast'", "м. Київ".
_DESIGNATOR = re.compile(
    r"^(?:м\.|г\.|city of)\s*|\s+(?:oblast'?|obl\.?|region|province|city|область|обл\.?|республіка|республика)$",
    re.IGNORECASE)
#: Marks a name may end with that the gazetteer's spellings do not have: "Sevastopol'", "Ternopil'".
_TRAILING_MARKS = "'’ʼ′"
_OTHER = "other country"


@dataclass(frozen=True)
class Boundaries:
    """First-level units read from a user's file, linked to gazetteer codes.

    Attributes
    ----------
    frame : geopandas.GeoDataFrame
        One row per unit, indexed by code: ``code``, ``name`` (as the file has
        it), ``features`` (how many of the file's features it was made of) and
        ``geometry`` (EPSG:4326).
    source : str
        The file's path.
    field : str
        The field the units were linked through.
    scheme : str
        How that field names units: one of `SCHEMES`.
    notes : tuple of str
        What was repaired, reprojected, dissolved or left out.
    layer : str or None
        The layer read, for a file with several.
    """

    frame: "geopandas.GeoDataFrame"
    source: str
    field: str
    scheme: str
    notes: tuple[str, ...] = ()
    layer: str | None = None

    def to_dict(self) -> dict:
        """Where the boundaries came from, for reports: source, layer, field, scheme, units, notes."""
        return {"source": self.source, "layer": self.layer, "field": self.field, "scheme": self.scheme,
                "units": sorted(self.frame.index), "notes": list(self.notes)}


def _by_iso(value: str, gaz: Gazetteer) -> str | None:
    m = _ISO.fullmatch(value.upper())
    if m is None:
        return None
    code = m.group().upper()
    if code in gaz and gaz[code].kind == "admin1":
        return code
    return _OTHER if m.group(1) not in COUNTRIES else None


def _by_pcode(value: str, pcodes: dict[str, str]) -> str | None:
    m = _PCODE.fullmatch(value.upper())
    if m is None:
        return None
    return pcodes.get(m.group()) or (_OTHER if m.group(1) not in COUNTRIES else None)


def _by_name(value: str, gaz: Gazetteer) -> str | None:
    name = value.strip()
    for candidate in (name, _DESIGNATOR.sub("", name).rstrip(_TRAILING_MARKS)):
        entry = gaz.lookup(candidate) if candidate else None
        if entry is not None and entry.kind == "admin1":
            return entry.code
    return None


def _linker(scheme: str, gaz: Gazetteer):
    """A function from a field's value to a code, `_OTHER`, or None."""
    if scheme == "iso":
        return lambda v: _by_iso(v, gaz)
    if scheme == "pcode":
        pcodes = {e.pcode: e.code for e in gaz.regions() if e.pcode}
        return lambda v: _by_pcode(v, pcodes)
    return lambda v: _by_name(v, gaz)


def _text_fields(props: list[dict]) -> list[str]:
    return sorted({k for p in props for k, v in p.items() if isinstance(v, str) and v.strip()})


def _choose_field(props: list[dict], code_field: str | None, gaz: Gazetteer, name: str) -> tuple[str, str, list]:
    """The field and scheme that link the most features, and each feature's link."""
    fields = _text_fields(props)
    if code_field is not None:
        if code_field not in {k for p in props for k in p}:
            raise InputError(f"{name}: no field {code_field!r}; fields are {sorted({k for p in props for k in p})}")
        fields = [code_field]
    best: tuple | None = None
    linkers = [(rank, scheme, _linker(scheme, gaz)) for rank, scheme in enumerate(SCHEMES)]
    for field_name in fields:
        values = [p.get(field_name) for p in props]
        for rank, scheme, link in linkers:
            links = [link(v) if isinstance(v, str) else None for v in values]
            linked = sum(1 for c in links if c is not None and c != _OTHER)
            key = (linked, -rank)
            if linked and (best is None or key > best[0]):
                best = (key, field_name, scheme, links)
    if best is None:
        tried = f"field {code_field!r}" if code_field else f"fields {fields}" if fields else "no text fields"
        raise InputError(f"{name}: no feature links to a unit of {', '.join(COUNTRIES)} ({tried}); boundaries need "
                         "a field of ISO 3166-2 codes (UA-14), OCHA P-codes (UA14) or names (Donetska)")
    return best[1], best[2], best[3]


def _overlap_errors(frame, gaz: Gazetteer) -> list[str]:
    """Units that lie mostly outside the embedded polygon of their code."""
    import shapely

    embedded = gaz.boundaries(list(frame.index))
    out = []
    for code, geom in zip(frame.index, frame.geometry.values):
        # Simplified to about 1 km on both sides: a share to tell one unit from another, cheap on large files
        geom, other = shapely.simplify(geom, 0.01), shapely.simplify(embedded.geometry[code], 0.01)
        area = shapely.area(geom)
        inside = shapely.area(shapely.intersection(geom, other)) / area if area else 0.0
        if inside < MIN_OVERLAP:
            out.append(f"{frame.at[code, 'name']!r} -> {code} ({gaz[code].name_en}): {inside:.0%} inside it")
    return out


def read_boundaries(path: str | Path, *, code_field: str | None = None, layer: str | None = None,
                    gazetteer: Gazetteer | None = None) -> Boundaries:
    """Read a file of first-level boundaries and link its features to gazetteer codes.

    Parameters
    ----------
    path : str or Path
        Any polygon file pyogrio reads: COD-AB, geoBoundaries and GADM ship
        GeoJSON, Shapefile (also zipped), GeoPackage and File Geodatabase.
    code_field : str, optional
        The field of codes or names to link through; found by itself otherwise
        (see the module's rules).
    layer : str, optional
        The layer to read from a file with several (GADM's ``ADM_ADM_1``); otherwise
        every polygon layer is tried and the one that links the most units is kept.
    gazetteer : Gazetteer, optional
        The gazetteer to link to (the embedded one by default).

    Raises
    ------
    InputError
        If the file cannot be read, has no polygons, lies far from Ukraine, or
        has features that link to no unit or to the wrong one.

    Examples
    --------
    >>> b = read_boundaries("tests/fixtures/boundaries/cod_ab_east.geojson")
    >>> b.field, b.scheme, list(b.frame.index)
    ('ADM1_PCODE', 'pcode', ['UA-09', 'UA-14'])
    >>> gaz = Gazetteer.default().with_boundaries(b)
    >>> round(gaz["UA-09"].polygon_km2, -3)
    26000.0
    """
    path = Path(path)
    gaz = gazetteer or Gazetteer.default()
    several = layer is None and path.is_file() and path.suffix.lower() not in (".geojson", ".json", ".shp")
    layers = polygon_layers(path) if several else []
    if len(layers) < 2:
        return _read_layer(path, layer, code_field, gaz)
    found, failed = [], []
    for name in layers:
        try:
            found.append(_read_layer(path, name, code_field, gaz))
        except InputError as err:
            failed.append(f"layer {name!r}: {str(err).split(': ', 1)[-1]}")
    if not found:
        raise InputError(f"{str(path)!r}: no layer links to units of {', '.join(COUNTRIES)} ({'; '.join(failed)}); "
                         "pick one with --boundary-layer")
    # The most units, then the fewest features (admin-1 rather than admin-2 dissolved into it)
    best = max(found, key=lambda b: (len(b.frame), -int(b.frame["features"].sum())))
    note = f"read layer {best.layer!r}, which links the most units, of {len(layers)} layers"
    return dataclasses.replace(best, notes=(note, *best.notes))


def _read_layer(path: Path, layer: str | None, code_field: str | None, gaz: Gazetteer) -> Boundaries:
    """`read_boundaries` on one layer of the file (the first for None)."""
    import geopandas
    import shapely

    from geo._coverage import clean_polygon

    name = repr(str(path)) if layer is None else f"{str(path)!r} (layer {layer!r})"
    rec, notes = read_polygons(path, "boundary file", "boundaries need polygons", layer)
    field_name, scheme, links = _choose_field(rec.props, code_field, gaz, name)
    unlinked = [f"#{i} {p.get(field_name)!r}" for i, (p, c) in enumerate(zip(rec.props, links)) if c is None]
    if unlinked:
        more = f" and {len(unlinked) - 5} more" if len(unlinked) > 5 else ""
        raise InputError(f"{name}: {len(unlinked)} features link to no unit through {field_name!r} "
                         f"(read as {scheme}): {', '.join(unlinked[:5])}{more}; pick the field with --boundary-field, "
                         "or leave those features out of the file")
    others = links.count(_OTHER)
    if others:
        notes.append(f"left out {others} features of countries other than {', '.join(COUNTRIES)}")
    groups: dict[str, list[int]] = {}
    for i, code in enumerate(links):
        if code != _OTHER:
            groups.setdefault(code, []).append(i)
    if scheme == "name":
        twice = [f"{code} from {[rec.props[i][field_name] for i in idx]}" for code, idx in groups.items() if len(idx) > 1]
        if twice:
            raise InputError(f"{name}: several features have names of one unit: {'; '.join(twice)}; "
                             "link through a field of codes with --boundary-field")
    dissolved = sum(len(idx) for idx in groups.values() if len(idx) > 1)
    if dissolved:
        notes.append(f"dissolved {dissolved} features into {sum(1 for i in groups.values() if len(i) > 1)} units "
                     f"by {field_name}")
    codes = sorted(groups)
    frame = geopandas.GeoDataFrame(
        {"code": codes, "name": [str(rec.props[groups[c][0]][field_name]) for c in codes],
         "features": [len(groups[c]) for c in codes]},
        geometry=[clean_polygon(shapely.union_all([rec.geoms[i] for i in groups[c]]), None) for c in codes],
        index=codes, crs="EPSG:4326")
    wrong = _overlap_errors(frame, gaz)
    if wrong:
        raise InputError(f"{name}: units lie mostly outside the unit their {field_name} names: {'; '.join(wrong)}; "
                         "the field may use another scheme (P-codes read as ISO codes?): pick it with --boundary-field")
    for country in sorted({gaz[c].country for c in codes}):
        kept = [e.code for e in gaz.regions(country) if e.code not in groups]
        if kept:
            notes.append(f"kept the embedded boundaries of {len(kept)} units of {country} the file leaves out"
                         + (f": {', '.join(kept)}" if len(kept) <= 6 else ""))
    return Boundaries(frame, str(path), field_name, scheme, tuple(notes), layer)
