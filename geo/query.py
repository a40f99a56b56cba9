"""Write the result of a claims query as a table, JSON, CSV, GeoParquet or GeoPackage.

Rows come from `geo.store.Store.claims`, oldest first; the geometry of a claim is a point
inside its regions (EPSG:4326). Files keep the raw text; CSV cells a spreadsheet would run as
a formula get a leading apostrophe; files are written atomically.

Examples
--------
>>> import tempfile, os, geo.store
>>> with tempfile.TemporaryDirectory() as d, geo.store.open_store(os.path.join(d, "s.duckdb")) as store:
...     write_claims(store, geo.store.ClaimFilter(), "json", None)
'[]\\n'
"""

from __future__ import annotations

from pathlib import Path

from geo._files import dumps_json, write_atomic
from geo.store import CLAIM_COLUMNS, ClaimFilter, Store

__all__ = ["write_claims", "claims_frame"]

_TABLE = (("date", 10), ("source", 20), ("actor", 5), ("relation", 9), ("regions", 17), ("figure", 22),
          ("verdict", 12), ("measured", 8))


def claims_frame(store: Store, where: ClaimFilter = ClaimFilter()):
    """The selected claims as a GeoDataFrame of points (EPSG:4326)."""
    import geopandas
    import shapely

    rows = list(store.claims(where, geometry=True))
    geoms = [shapely.from_wkb(r.pop("geom")) if r.get("geom") else None for r in rows]
    return geopandas.GeoDataFrame(rows, columns=list(CLAIM_COLUMNS), geometry=geoms, crs="EPSG:4326")


def write_claims(store: Store, where: ClaimFilter, fmt: str, output: str | Path | None) -> str | None:
    """Write the claims *where* selects in *fmt*; return the text when *output* is None."""
    if fmt in ("geoparquet", "gpkg"):
        if output is None:
            raise ValueError(f"{fmt} needs an output file")
        frame = claims_frame(store, where)
        if fmt == "geoparquet":
            write_atomic(output, lambda tmp: frame.to_parquet(tmp, index=False))
        else:
            from geo.export import _write_gpkg

            write_atomic(output, lambda tmp: _write_gpkg({"corpus_claims": frame}, tmp))
        return None
    rows = store.claims(where)
    if fmt == "json":
        text = dumps_json(list(rows))
    elif fmt == "csv":
        from geo import _csv

        text = _csv.dumps(list(CLAIM_COLUMNS), ([r[c] for c in CLAIM_COLUMNS] for r in rows))
    else:
        lines = ["  ".join(f"{name:<{width}}" for name, width in _TABLE)]
        for r in rows:
            cells = {**r, "measured": "" if r["measured"] is None else f"{r['measured']:g}",
                     "verdict": r["verdict"] or "unchecked"}
            lines.append("  ".join(f"{str(cells[n] or '-')[:w]:<{w}}" for n, w in _TABLE).rstrip())
        text = "\n".join(lines) + "\n"
    if output is None:
        return text
    write_atomic(output, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    return None
