"""The curated gazetteer: codes, names, areas and boundaries of places.

Names and codes load from ``data/gazetteer.json`` without any geospatial
library, so text extraction stays light; geometries load on demand as
GeoDataFrames from ``data/admin1.geojson`` (full resolution) or
``data/basemap.geojson`` (simplified as one coverage, for maps).
"""

from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from geo._resources import package_dir
from geo._text import NameMatcher
from geo.errors import GazetteerError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

    from geo.boundaries import Boundaries

__all__ = ["Region", "Gazetteer", "KINDS", "COUNTRIES"]

#: Kinds of gazetteer entries.
KINDS = ("admin1", "group", "country", "reference", "capital", "institution")
#: Countries whose first-level units the gazetteer holds, with boundaries.
COUNTRIES = ("UA", "RU")


@dataclass(frozen=True, slots=True)
class Region:
    """One gazetteer entry: an oblast, a group of them, a country or another named place.

    Attributes
    ----------
    code : str
        ISO 3166-2 for first-level units (``"UA-14"``), ISO 3166-1 alpha-2 for
        countries (``"UA"``), an upper-case id for groups (``"DONBAS"``).
    kind : str
        One of `KINDS`.
    members : tuple of str
        First-level units the entry stands for (itself for a unit).
    official_km2 : int or None
        Official area; ``polygon_km2`` is the geodesic area of the embedded polygon.
    actor : str or None
        The government the name can stand for ("Kyiv" -> ``"UA"``).
    pcode : str or None
        The OCHA COD-AB P-code of a Ukrainian unit (``"UA44"`` for Luhansk, whose
        ISO code is ``"UA-09"``), for linking user-supplied boundaries.
    """

    code: str
    kind: str
    type: str
    country: str | None
    name_en: str
    name_uk: str | None
    name_ru: str | None
    aliases: tuple[str, ...]
    actor: str | None
    official_km2: int | None
    polygon_km2: float | None
    members: tuple[str, ...]
    bbox: tuple[float, float, float, float] | None
    label: tuple[float, float] | None
    pcode: str | None = None

    @classmethod
    def from_dict(cls, d: dict) -> "Region":
        names = {f.name for f in fields(cls)}
        missing = {f.name for f in fields(cls) if f.name not in d and f.default is MISSING}
        if missing:
            raise GazetteerError(f"gazetteer entry {d.get('code')!r} lacks fields {sorted(missing)}")
        values = {k: d[k] for k in names if k in d}
        for k in ("aliases", "members", "bbox", "label"):
            if values[k] is not None:
                values[k] = tuple(values[k])
        return cls(**values)

    def names(self) -> list[str]:
        """Every spelling the matcher looks for (English, Ukrainian, Russian, aliases)."""
        out = []
        if "(" not in self.name_en:
            out.append(self.name_en[4:] if self.name_en.startswith("the ") else self.name_en)
        out += [n for n in (self.name_uk, self.name_ru) if n]
        out += self.aliases
        return out


class Gazetteer:
    """Lookup of place names and codes, with boundaries on demand.

    Parameters
    ----------
    entries : iterable of Region
    data_dir : path, optional
        Folder holding ``admin1.geojson`` and ``basemap.geojson``.
    frames : dict, optional
        Boundary frames to use instead of those files, by file name (see
        `with_boundaries`).

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> gaz["UA-14"].name_en
    'Donetsk'
    >>> gaz.lookup("Zaporozhye").code
    'UA-23'
    >>> gaz["DONBAS"].members
    ('UA-14', 'UA-09')
    """

    def __init__(self, entries: Iterable[Region], data_dir: Path | None = None,
                 frames: "dict[str, geopandas.GeoDataFrame] | None" = None):
        self._entries = {e.code: e for e in entries}
        if not self._entries:
            raise GazetteerError("the gazetteer is empty; rebuild it with 'python -m geo.data.build'")
        self._data_dir = data_dir
        self._frames = dict(frames or {})
        #: Where user-supplied boundaries came from (`with_boundaries`), or None.
        self.boundary_source: "Boundaries | None" = None

    _default: "Gazetteer | None" = None

    @property
    def data_dir(self) -> Path | None:
        """Folder of the boundary files, or None for a names-only gazetteer."""
        return self._data_dir

    @classmethod
    def default(cls) -> "Gazetteer":
        """The gazetteer embedded in ``data/`` (loaded once)."""
        if cls._default is None:
            root = package_dir("data")
            cls._default = cls.from_file(root / "gazetteer.json", data_dir=root)
        return cls._default

    @classmethod
    def from_file(cls, path: str | Path, data_dir: Path | None = None) -> "Gazetteer":
        """Read a gazetteer JSON file (schema ``geo.gazetteer/1``)."""
        path = Path(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise GazetteerError(f"{str(path)!r}: cannot read the gazetteer ({err})") from err
        if not isinstance(doc, dict) or doc.get("schema") != "geo.gazetteer/1":
            raise GazetteerError(f"{str(path)!r}: not a geo.gazetteer/1 file")
        return cls((Region.from_dict(d) for d in doc["entries"]), data_dir=data_dir or path.parent)

    def __getitem__(self, code: str) -> Region:
        try:
            return self._entries[code]
        except KeyError:
            raise GazetteerError(
                f"no gazetteer entry with code {code!r}; list them with 'geo regions'"
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __iter__(self) -> Iterator[Region]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def regions(self, country: str | None = None, kind: str = "admin1") -> list[Region]:
        """Entries of one *kind*, optionally of one *country*, sorted by code.

        Raises
        ------
        GazetteerError
            If *country* is not one of `COUNTRIES` (for ``kind="admin1"``).
        """
        if kind == "admin1" and country is not None and country not in COUNTRIES:
            raise GazetteerError(
                f"unknown country {country!r}: the gazetteer has first-level units of {', '.join(COUNTRIES)}"
            )
        return sorted(
            (e for e in self if e.kind == kind and (country is None or e.country == country)),
            key=lambda e: e.code,
        )

    @cached_property
    def matcher(self) -> NameMatcher:
        """The compiled name matcher over every entry's spellings."""
        return NameMatcher((name, e.code) for e in self for name in e.names())

    def lookup(self, name: str) -> Region | None:
        """The entry a whole *name* stands for, or None."""
        hits = [(s, e, code) for s, e, code in self.matcher.finditer(name) if s == 0]
        return self[hits[0][2]] if hits and hits[0][1] == len(name.rstrip()) else None

    def boundaries(self, codes: str | Sequence[str] | None = None,
                   simplified: bool = False) -> "geopandas.GeoDataFrame":
        """First-level boundaries as a GeoDataFrame in EPSG:4326, indexed by code.

        Parameters
        ----------
        codes : str or sequence of str, optional
            Units to return (all by default), in this order. Groups and countries
            expand to their members.
        simplified : bool, default False
            Use the map layer (clipped to the region around Ukraine and
            simplified as one coverage) instead of the full-resolution polygons.

        Examples
        --------
        >>> frame = Gazetteer.default().boundaries("DONBAS")
        >>> list(frame.index), frame.crs.to_epsg()
        (['UA-14', 'UA-09'], 4326)
        """
        import geopandas

        frame = self._read_boundaries("basemap.geojson" if simplified else "admin1.geojson")
        if codes is None:
            return frame
        if isinstance(codes, str):
            codes = [codes]
        wanted: list[str] = []
        for code in codes:
            for member in self.expand(code):
                if member not in wanted:
                    wanted.append(member)
        missing = [c for c in wanted if c not in frame.index]
        if missing:
            raise GazetteerError(f"no boundary for {missing}; known units are listed by 'geo regions'")
        return geopandas.GeoDataFrame(frame.loc[wanted])

    def expand(self, code: str) -> tuple[str, ...]:
        """First-level units behind *code* (a group's members; all units of UA or RU).

        >>> Gazetteer.default().expand("DONBAS")
        ('UA-14', 'UA-09')
        """
        return self[code].members

    def with_boundaries(self, boundaries: "Boundaries") -> "Gazetteer":
        """A copy whose units take their polygons from user-supplied *boundaries*.

        Areas, boxes and label points of those units (and the areas of groups
        and countries holding them) follow the new polygons; official areas stay.
        The map layer gets the new polygons simplified as one coverage.

        >>> from geo.boundaries import read_boundaries
        >>> gaz = Gazetteer.default().with_boundaries(read_boundaries("tests/fixtures/boundaries/cod_ab_east.geojson"))
        >>> gaz.boundary_source.field, gaz.boundaries("DONBAS").index.tolist()
        ('ADM1_PCODE', ['UA-14', 'UA-09'])
        """
        import dataclasses

        import shapely

        from geo._coverage import MAP_EXTENT, geodesic_km2, simplify_coverage

        user = boundaries.frame
        full = self._read_boundaries("admin1.geojson").copy()
        simple = self._read_boundaries("basemap.geojson").copy()
        full.loc[user.index, "geometry"] = user.geometry.values
        on_map = [c for c in user.index if c in simple.index]
        clipped = [shapely.clip_by_rect(user.geometry[c], *MAP_EXTENT) for c in on_map]
        simple.loc[on_map, "geometry"] = simplify_coverage(clipped)
        entries = dict(self._entries)
        for code, geom in zip(user.index, user.geometry.values):
            point = geom.representative_point()
            entries[code] = dataclasses.replace(
                entries[code], polygon_km2=round(geodesic_km2(geom), 1),
                bbox=tuple(round(v, 4) for v in geom.bounds), label=(round(point.x, 4), round(point.y, 4)))
        for code, entry in entries.items():
            if entry.kind in ("group", "country") and set(entry.members) & set(user.index) and all(
                    entries[m].polygon_km2 is not None for m in entry.members if m in entries):
                total = sum(entries[m].polygon_km2 for m in entry.members if m in entries)
                entries[code] = dataclasses.replace(entry, polygon_km2=round(total, 1))
        out = Gazetteer(entries.values(), data_dir=self._data_dir,
                        frames={"admin1.geojson": full, "basemap.geojson": simple})
        out.boundary_source = boundaries
        if "matcher" in self.__dict__:  # the names are the same: no need to compile them again
            out.__dict__["matcher"] = self.matcher
        return out

    def _read_boundaries(self, name: str) -> "geopandas.GeoDataFrame":
        cache = self._frames
        if name not in cache:
            import geopandas

            if self._data_dir is None:
                raise GazetteerError("this gazetteer has no boundary files; use Gazetteer.default()")
            path = self._data_dir / name
            try:
                frame = geopandas.read_file(path, engine="pyogrio")
            except Exception as err:  # pyogrio raises several types for unreadable files
                raise GazetteerError(f"{str(path)!r}: cannot read boundaries ({err})") from err
            cache[name] = frame.set_index("code", drop=False).rename_axis(None)
        return cache[name]
