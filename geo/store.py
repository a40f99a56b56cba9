"""A claims store for a whole corpus, on DuckDB (embedded, the default) or PostgreSQL/PostGIS.

Both engines get the same tables and columns:

================= ===========================================================================
table             one row per
================= ===========================================================================
``documents``     stored document, keyed by the SHA-256 of its text (so a rerun skips it)
``mentions``      place or actor mention (offsets into the text, role, region code)
``claims``        claim (actor, relation, regions, figure, modality, source, dates), ``geom``
                  a point inside its regions
``verifications`` claim with a figure, checked against the control snapshot of its own time
``claim_groups``  claim repeated across outlets and days: first appearance, outlets, count,
                  verdict history
``regions``       gazetteer unit (code, name, ``geom`` polygon), for ``ST_`` joins
``geo_schema``    the schema version; older stores are migrated when opened
================= ===========================================================================

Geometry is EPSG:4326: DuckDB's spatial extension (loaded from its PyPI package, offline) and
PostGIS (``geometry(Point, 4326)``) both answer ``ST_`` queries, and QGIS reads the PostGIS
tables directly. Each batch of documents is written in one transaction, so a run killed at any
moment leaves whole documents or none.

Examples
--------
>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as d, open_store(os.path.join(d, "s.duckdb")) as store:
...     store.count("documents"), store.version
(0, 1)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from geo.errors import InputError

__all__ = ["Store", "open_store", "ClaimFilter", "TABLES", "SCHEMA_VERSION", "spatial_extension"]

SCHEMA_VERSION = 1

#: Every table's columns and their kinds (text, int, float, point, polygon): one source for both engines.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (("sha256", "text"), ("origin", "text"), ("date", "text"), ("source", "text"), ("title", "text"),
                  ("url", "text"), ("lang", "text"), ("chars", "int"), ("n_mentions", "int"), ("n_claims", "int")),
    "mentions": (("sha256", "text"), ("idx", "int"), ("start_char", "int"), ("end_char", "int"), ("text", "text"),
                 ("role", "text"), ("region", "text"), ("grp", "text"), ("actor", "text")),
    "claims": (("sha256", "text"), ("idx", "int"), ("claim_id", "text"), ("date", "text"), ("time", "text"),
               ("source", "text"), ("actor", "text"), ("actor_text", "text"), ("relation", "text"),
               ("regions", "text"), ("part", "text"), ("modality", "text"), ("attribution", "text"),
               ("figure", "text"), ("kind", "text"), ("unit", "text"), ("low", "float"), ("high", "float"),
               ("hedge", "text"), ("accepted_low", "float"), ("accepted_high", "float"), ("evidence", "text"),
               ("geom", "point")),
    "verifications": (("sha256", "text"), ("idx", "int"), ("verdict", "text"), ("measured", "float"),
                      ("unit", "text"), ("control_source", "text"), ("control_date", "text"),
                      ("explanation", "text")),
    "claim_groups": (("group_id", "text"), ("actor", "text"), ("relation", "text"), ("regions", "text"),
                     ("unit", "text"), ("low", "float"), ("high", "float"), ("figure", "text"),
                     ("first_date", "text"), ("first_source", "text"), ("first_sha256", "text"),
                     ("last_date", "text"), ("count", "int"), ("outlets", "int"), ("outlet_list", "text"),
                     ("verdict", "text"), ("verdict_history", "text"), ("inconsistent", "int")),
    "regions": (("code", "text"), ("name", "text"), ("geom", "polygon")),
}
_KEYS = {"documents": "sha256", "mentions": "sha256, idx", "claims": "sha256, idx", "verifications": "sha256, idx",
         "claim_groups": "group_id", "regions": "code"}
#: Days between two appearances of a figure for them to count as one repeated claim.
GROUP_WINDOW_DAYS = 30


def spatial_extension() -> Path:
    """The DuckDB spatial extension file shipped by the ``duckdb-extension-spatial`` package.

    Raises
    ------
    InputError
        If the package is missing or built for another DuckDB version.
    """
    import duckdb

    try:
        import duckdb_extension_spatial
    except ImportError as err:
        raise InputError("the DuckDB store needs the spatial extension: pip install 'geo-claims[store]'") from err
    path = (Path(duckdb_extension_spatial.__file__).parent / "extensions" / f"v{duckdb.__version__}"
            / "spatial.duckdb_extension")
    if not path.exists():
        raise InputError(f"no spatial extension for DuckDB {duckdb.__version__} in {path.parent.parent}; "
                         "install the matching versions: pip install 'geo-claims[store]'")
    return path


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What `Store.claims` selects; every field is optional and they all must hold.

    ``region`` matches a claim naming that code (a group such as DONBAS: any of its regions); ``verdict`` ``unchecked`` selects claims with no figure.
    """

    region: str | None = None
    actor: str | None = None
    relation: str | None = None
    verdict: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None


#: Columns of a claims query, in order.
CLAIM_COLUMNS = ("date", "time", "source", "actor", "relation", "regions", "part", "modality", "attribution",
                 "figure", "unit", "low", "high", "verdict", "measured", "control_date", "title", "url",
                 "evidence", "sha256", "idx")


class _Dialect:
    """What differs between the engines: types, placeholders, geometry in and out, bulk loading."""

    param = "?"
    types = {"text": "TEXT", "int": "BIGINT", "float": "DOUBLE PRECISION", "point": "GEOMETRY", "polygon": "GEOMETRY"}

    def geom_out(self, column: str) -> str:
        return f"ST_AsWKB({column})"

    def keyed(self, table: str) -> bool:
        """Whether *table* gets its primary key (an index)."""
        return True


class _DuckDB(_Dialect):
    def keyed(self, table: str) -> bool:
        # DuckDB keeps an index in memory, and one row per mention, claim and check would make
        # the writer grow with the corpus. The rows of a document are written with it in one
        # transaction, and the document's own key refuses a second copy, so they stay unique.
        return table in ("documents", "claim_groups", "regions")

    def __init__(self, path: str) -> None:
        import duckdb

        self.path = path
        try:
            self.con = duckdb.connect(path)
        except duckdb.Error as err:
            raise InputError(f"{path!r}: cannot open the DuckDB store ({err})") from err
        self.con.execute(f"LOAD '{spatial_extension()}'")

    def execute(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self.con.execute(sql, list(params)).fetchall()

    def stream(self, sql: str, params: Sequence = (), size: int = 5000) -> Iterator[tuple]:
        cur = self.con.cursor()
        cur.execute(sql, list(params))
        while rows := cur.fetchmany(size):
            yield from rows

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def insert(self, table: str, rows: Sequence[tuple]) -> None:
        import pyarrow as pa

        arrow = {"text": pa.string(), "int": pa.int64(), "float": pa.float64(), "point": pa.binary(),
                 "polygon": pa.binary()}
        cols = TABLES[table]
        data = pa.table({name: pa.array([r[i] for r in rows], type=arrow[kind]) for i, (name, kind) in enumerate(cols)})
        self.con.register("_batch", data)
        select = ", ".join(f"ST_GeomFromWKB({n})" if k in ("point", "polygon") else n for n, k in cols)
        self.con.execute(f"INSERT INTO {table} ({', '.join(n for n, _ in cols)}) SELECT {select} FROM _batch")
        self.con.unregister("_batch")

    def close(self) -> None:
        self.con.close()


class _Postgres(_Dialect):
    param = "%s"
    types = {**_Dialect.types, "point": "geometry(Point, 4326)", "polygon": "geometry(MultiPolygon, 4326)"}

    def __init__(self, url: str) -> None:
        import psycopg

        try:
            self.con = psycopg.connect(url, autocommit=True)
        except psycopg.Error as err:
            raise InputError(f"{_redact(url)}: cannot connect to PostgreSQL ({str(err).strip()})") from err
        self.con.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    def geom_out(self, column: str) -> str:
        return f"ST_AsBinary({column})"

    def execute(self, sql: str, params: Sequence = ()) -> list[tuple]:
        cur = self.con.execute(sql, list(params))
        return cur.fetchall() if cur.description else []

    def stream(self, sql: str, params: Sequence = (), size: int = 5000) -> Iterator[tuple]:
        with self.con.transaction(), self.con.cursor(name="geo_stream") as cur:
            cur.itersize = size
            cur.execute(sql, list(params))
            yield from cur

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.con.transaction():
            yield

    def insert(self, table: str, rows: Sequence[tuple]) -> None:
        cols = TABLES[table]
        geoms = [i for i, (_, k) in enumerate(cols) if k in ("point", "polygon")]
        with self.con.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(n for n, _ in cols)}) FROM STDIN") as cp:
            for row in rows:
                if geoms:
                    row = list(row)
                    for i in geoms:
                        row[i] = _ewkb_hex(row[i])
                cp.write_row(row)

    def close(self) -> None:
        self.con.close()


def _ewkb_hex(wkb: bytes | None) -> str | None:
    """WKB to hex EWKB with SRID 4326, which PostGIS reads from COPY text."""
    if wkb is None:
        return None
    import shapely

    return shapely.to_wkb(shapely.set_srid(shapely.from_wkb(wkb), 4326), hex=True, include_srid=True)


def _redact(url: str) -> str:
    """A connection URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


class Store:
    """An open claims store. Use `open_store`; close it (or use ``with``) when done."""

    def __init__(self, engine: _Dialect, name: str) -> None:
        self._db = engine
        self.name = name
        self.version = self._migrate()

    @property
    def engine(self) -> str:
        """``duckdb`` or ``postgresql``."""
        return "postgresql" if isinstance(self._db, _Postgres) else "duckdb"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # --- schema -------------------------------------------------------------------------
    def _migrate(self) -> int:
        db = self._db
        db.execute("CREATE TABLE IF NOT EXISTS geo_schema (version BIGINT NOT NULL)")
        rows = db.execute("SELECT max(version) FROM geo_schema")
        version = rows[0][0] or 0
        if version > SCHEMA_VERSION:
            raise InputError(f"{self.name!r}: the store has schema version {version}, newer than this geo "
                             f"({SCHEMA_VERSION}); upgrade geo to open it")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with db.transaction():
                for statement in _MIGRATIONS[target](db):
                    db.execute(statement)
                db.execute(f"INSERT INTO geo_schema (version) VALUES ({target})")
        return SCHEMA_VERSION

    def execute(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """Run any SQL on the store (``ST_`` functions work on both engines); placeholders are
        ``?`` on DuckDB and ``%s`` on PostgreSQL."""
        return self._db.execute(sql, params)

    def count(self, table: str) -> int:
        """Rows in *table*."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return self._db.execute(f"SELECT count(*) FROM {table}")[0][0]

    # --- writing ------------------------------------------------------------------------
    def known(self, hashes: Iterable[str]) -> set[str]:
        """Which of *hashes* are stored already."""
        hashes = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(hashes), 1000):
            chunk = hashes[i:i + 1000]
            marks = ", ".join([self._db.param] * len(chunk))
            found |= {r[0] for r in self._db.execute(f"SELECT sha256 FROM documents WHERE sha256 IN ({marks})", chunk)}
        return found

    def write(self, documents: Sequence[dict[str, list[tuple]]]) -> int:
        """Store a batch of documents in one transaction; skip those stored already (by hash).

        Each item holds one document's rows per table (``documents`` has exactly one).
        Returns the number of documents written.
        """
        first: dict[str, dict[str, list[tuple]]] = {}
        for doc in documents:
            first.setdefault(doc["documents"][0][0], doc)
        known = self.known(first)
        fresh = [doc for sha, doc in first.items() if sha not in known]
        if fresh:
            with self._db.transaction():
                for table in ("documents", "mentions", "claims", "verifications"):
                    rows = [r for doc in fresh for r in doc.get(table, ())]
                    if rows:
                        self._db.insert(table, rows)
        return len(fresh)

    # --- claim groups -------------------------------------------------------------------
    def rebuild_groups(self, window_days: int = GROUP_WINDOW_DAYS) -> int:
        """Group repeated claims again from all stored claims; return the number of groups.

        Two claims with a figure are one repeated claim when they have the same actor,
        relation, regions and unit, the later one's figure lies within the tolerance of the
        group's first figure (`geo.verify.accepted_range`), and it appeared within
        *window_days* of the group's last appearance.
        """
        sql = ("SELECT c.actor, c.relation, c.regions, c.unit, c.date, c.source, c.sha256, c.idx, c.low, c.high, "
               "c.accepted_low, c.accepted_high, c.figure, v.verdict FROM claims c LEFT JOIN verifications v "
               "ON v.sha256 = c.sha256 AND v.idx = c.idx WHERE c.unit IS NOT NULL AND c.modality <> 'negated' "
               "ORDER BY c.actor, c.relation, c.regions, c.unit, c.date, c.source, c.sha256, c.idx")
        groups = list(_group(self._db.stream(sql), window_days))
        with self._db.transaction():
            self._db.execute("DELETE FROM claim_groups")
            for i in range(0, len(groups), 5000):
                self._db.insert("claim_groups", groups[i:i + 5000])
        return len(groups)

    # --- reading ------------------------------------------------------------------------
    def claims(self, where: ClaimFilter = ClaimFilter(), *, geometry: bool = False) -> Iterator[dict]:
        """Stored claims with their document and verification, oldest first (see `CLAIM_COLUMNS`).

        With *geometry*, each row also has ``geom``: WKB of a point inside the claim's regions.
        """
        p = self._db.param
        conds, params = [], []
        for column, value in (("c.actor", where.actor), ("c.relation", where.relation), ("c.source", where.source)):
            if value is not None:
                conds.append(f"{column} = {p}")
                params.append(value)
        if where.region is not None:
            codes = _members(where.region)
            conds.append("(" + " OR ".join([f"(',' || c.regions || ',') LIKE {p}"] * len(codes)) + ")")
            params += [f"%,{code},%" for code in codes]
        if where.verdict is not None:
            conds.append("v.verdict IS NULL" if where.verdict == "unchecked" else f"v.verdict = {p}")
            params += [] if where.verdict == "unchecked" else [where.verdict]
        if where.since is not None:
            conds.append(f"c.date >= {p}")
            params.append(where.since)
        if where.until is not None:
            conds.append(f"c.date <= {p}")
            params.append(where.until)
        cols = [f"{'v' if c in ('verdict', 'measured', 'control_date') else 'd' if c in ('title', 'url') else 'c'}.{c}"
                for c in CLAIM_COLUMNS]
        if geometry:
            cols.append(self._db.geom_out("c.geom"))
        sql = (f"SELECT {', '.join(cols)} FROM claims c JOIN documents d ON d.sha256 = c.sha256 "
               "LEFT JOIN verifications v ON v.sha256 = c.sha256 AND v.idx = c.idx"
               + (" WHERE " + " AND ".join(conds) if conds else "")
               + " ORDER BY c.date, c.source, c.sha256, c.idx")
        names = CLAIM_COLUMNS + (("geom",) if geometry else ())
        for row in self._db.stream(sql, params):
            yield {n: (bytes(v) if isinstance(v, (bytearray, memoryview)) else v) for n, v in zip(names, row)}

    def groups(self, *, verdict: str | None = None, limit: int | None = None) -> list[dict]:
        """Claim groups, most repeated first (then earliest); optionally only those with *verdict*."""
        names = [n for n, _ in TABLES["claim_groups"]]
        p = self._db.param
        sql = (f"SELECT {', '.join(names)} FROM claim_groups" + (f" WHERE verdict = {p}" if verdict else "")
               + " ORDER BY count DESC, first_date, group_id" + (f" LIMIT {int(limit)}" if limit else ""))
        return [dict(zip(names, r)) for r in self._db.execute(sql, [verdict] if verdict else [])]

    def series(self) -> list[dict]:
        """Per region and date: stated figures (percent) and the measured share, for charts."""
        sql = ("SELECT c.regions, c.date, c.low, c.high, v.measured, v.verdict, c.source, c.actor FROM claims c "
               "JOIN verifications v ON v.sha256 = c.sha256 AND v.idx = c.idx "
               "WHERE c.unit = '%' AND v.measured IS NOT NULL ORDER BY c.regions, c.date, c.source, c.sha256, c.idx")
        names = ("regions", "date", "low", "high", "measured", "verdict", "source", "actor")
        return [dict(zip(names, r)) for r in self._db.stream(sql)]

    def summary(self) -> dict:
        """Counts of documents, claims, verdicts and groups."""
        verdicts = dict(self._db.execute("SELECT verdict, count(*) FROM verifications GROUP BY verdict ORDER BY verdict"))
        span = self._db.execute("SELECT min(date), max(date), count(DISTINCT source) FROM documents")[0]
        return {"documents": self.count("documents"), "claims": self.count("claims"), "verdicts": verdicts,
                "groups": self.count("claim_groups"), "first_date": span[0], "last_date": span[1],
                "outlets": span[2]}


def _members(code: str) -> tuple[str, ...]:
    """A group's regions ("DONBAS" -> Donetsk, Luhansk); a region or a country as it is.

    >>> _members("DONBAS"), _members("UA")
    (('UA-14', 'UA-09'), ('UA',))
    """
    from geo.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    if code not in gaz or gaz[code].kind == "country":
        return (code,)
    return gaz.expand(code)


def _group(rows: Iterable[tuple], window_days: int) -> Iterator[tuple]:
    """Claim-group rows from claims sorted by key and date (see `Store.rebuild_groups`)."""
    import datetime as dt

    def ordinal(day: str | None) -> int | None:
        return dt.date.fromisoformat(day).toordinal() if day else None

    open_groups: list[dict] = []
    current_key = None
    for actor, relation, regions, unit, date, source, sha, idx, low, high, acc_lo, acc_hi, figure, verdict in rows:
        key = (actor, relation, regions, unit)
        if key != current_key:
            yield from (_group_row(g) for g in open_groups)
            open_groups, current_key = [], key
        value = low if high is None else high if low is None else (low + high) / 2
        day = ordinal(date)
        home = None
        for g in open_groups:
            near = day is None or g["last"] is None or day - g["last"] <= window_days
            lo, hi = g["accepted"]
            if near and (lo is None or value >= lo) and (hi is None or value <= hi):
                home = g
                break
        if home is None:
            home = {"key": key, "first": (date, source, sha, idx), "figure": figure, "low": low, "high": high,
                    "accepted": (acc_lo, acc_hi), "last": day, "last_date": date, "count": 0, "outlets": {},
                    "history": [], "inconsistent": 0}
            open_groups.append(home)
        home["count"] += 1
        home["last"], home["last_date"] = day if day is not None else home["last"], date or home["last_date"]
        if source:
            home["outlets"].setdefault(source, None)
        if verdict and (not home["history"] or home["history"][-1][1] != verdict):
            home["history"].append([date, verdict])
        home["inconsistent"] += verdict == "inconsistent"
    yield from (_group_row(g) for g in open_groups)


def _group_row(g: dict) -> tuple:
    actor, relation, regions, unit = g["key"]
    date, source, sha, idx = g["first"]
    gid = hashlib.sha256(json.dumps([*g["key"], sha, idx]).encode()).hexdigest()[:16]
    verdict = g["history"][-1][1] if g["history"] else None
    return (gid, actor, relation, regions, unit, g["low"], g["high"], g["figure"], date, source, sha, g["last_date"],
            g["count"], len(g["outlets"]), json.dumps(sorted(g["outlets"]), ensure_ascii=False), verdict,
            json.dumps(g["history"]), g["inconsistent"])


def _v1(db: _Dialect) -> list[str]:
    out = []
    for table, cols in TABLES.items():
        body = ", ".join(f"{n} {db.types[k]}" for n, k in cols)
        key = f", PRIMARY KEY ({_KEYS[table]})" if db.keyed(table) else ""
        out.append(f"CREATE TABLE IF NOT EXISTS {table} ({body}{key})")
    return out


_MIGRATIONS = {1: _v1}


def open_store(target: str | Path) -> Store:
    """Open (and create or migrate) a claims store.

    Parameters
    ----------
    target : str or Path
        ``postgresql://user@host:port/db`` for PostgreSQL/PostGIS; anything else is a
        DuckDB file (``duckdb:///path`` or a plain path; created if missing).

    Raises
    ------
    InputError
        If the store cannot be opened, or was written by a newer geo.
    """
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        store = Store(_Postgres(text), _redact(text))
    else:
        path = text.removeprefix("duckdb://")
        if Path(path).is_dir():
            raise InputError(f"{path!r}: is a folder; give a DuckDB file such as claims.duckdb")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        store = Store(_DuckDB(path), path)
    if store.count("regions") == 0:
        with store._db.transaction():
            store._db.insert("regions", _region_rows())
    return store


def _region_rows() -> list[tuple]:
    import shapely

    from geo.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    frame = gaz.boundaries(simplified=True)
    rows = []
    for code, geom in zip(frame.index, frame.geometry):
        multi = geom if geom.geom_type == "MultiPolygon" else shapely.MultiPolygon([geom])
        rows.append((code, gaz[code].name_en, shapely.to_wkb(multi)))
    return sorted(rows)
