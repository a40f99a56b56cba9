"""Read a corpus of news documents, one record at a time, from the formats newsrooms keep them in.

A source is a folder of ``.txt`` files (each with an optional ``.meta.json`` beside it), a JSON
Lines file (``.jsonl``, ``.ndjson``), a CSV file (``.csv``; ``.tsv`` tab-separated), a Parquet
file (``.parquet``, read one row group at a time), or ``-`` for JSON Lines on standard input.
Rows have a ``text`` and optional ``date``, ``source``, ``url``, ``title`` and ``lang`` fields;
other column names are mapped with *columns* (``{"text": "body", "date": "published"}``).

Nothing here stops on a bad document: each one becomes a `Rejected` with a one-line message
that names the file, the row and the problem, and reading goes on.

Examples
--------
>>> import io, json
>>> lines = io.StringIO(json.dumps({"body": "Fighting in Kherson.", "date": "2024-11-20T06:00:00Z"}) + "\\n[1]\\n")
>>> [type(r).__name__ for r in read_jsonl(lines, "feed.jsonl", {"text": "body"})]
['Record', 'Rejected']
>>> next(read_jsonl(io.StringIO('{"text": "x", "date": "20/11/2024"}'), "f.jsonl")).message
"f.jsonl:1: date '20/11/2024' is not a YYYY-MM-DD date"
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from geo.errors import GeoError
from geo.source import read_text

__all__ = ["Record", "Rejected", "FIELDS", "read_source", "read_sources", "read_jsonl", "count_documents"]

#: The fields of a document, in the order they are stored.
FIELDS = ("text", "date", "source", "url", "title", "lang")
_JSONL = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True, slots=True)
class Record:
    """One document to ingest. ``part`` names the file or row group it came from (a partition)."""

    origin: str
    part: str
    text: str
    sha256: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A document that could not be read; ``message`` is one line: where, and what is wrong."""

    origin: str
    message: str


def _date(value: object, origin: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    head = text[:10]
    if len(text) == 10 or (len(text) > 10 and text[10] in "T "):  # a timestamp keeps its day
        try:
            return _dt.date.fromisoformat(head).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{origin}: date {value!r} is not a YYYY-MM-DD date")


def _record(row: Mapping, origin: str, part: str, columns: Mapping[str, str]) -> Record | Rejected:
    name = columns.get("text", "text")
    text = row.get(name)
    if text is None:
        return Rejected(origin, f"{origin}: no {name!r} field")
    if not isinstance(text, str):
        return Rejected(origin, f"{origin}: {name!r} is a {type(text).__name__}, not text")
    if not text.strip():
        return Rejected(origin, f"{origin}: {name!r} is empty")
    try:
        date = _date(row.get(columns.get("date", "date")), origin)
    except ValueError as err:
        return Rejected(origin, str(err))
    meta = {}
    for f in ("source", "url", "title", "lang"):
        value = row.get(columns.get(f, f))
        meta[f] = None if value is None or value == "" else str(value)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Record(origin=origin, part=part, text=text, sha256=digest, date=date, **meta)


def read_jsonl(lines: Iterable[str], name: str, columns: Mapping[str, str] = {}) -> Iterator[Record | Rejected]:
    """Records from JSON Lines (one object per line; blank lines are skipped)."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        origin = f"{name}:{n}"
        try:
            row = json.loads(line)
        except ValueError as err:
            yield Rejected(origin, f"{origin}: not JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(row, dict):
            yield Rejected(origin, f"{origin}: a JSON {type(row).__name__}, not an object with a text")
            continue
        yield _record(row, origin, name, columns)


def _read_lines(path: Path) -> Iterator[str]:
    """Lines of a UTF-8 file; a line that is not UTF-8 comes back as one that is not JSON either."""
    with path.open("rb") as fh:
        for raw in fh:
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield f"\x00 not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"


def _read_csv(path: Path, columns: Mapping[str, str]) -> Iterator[Record | Rejected]:
    csv.field_size_limit(sys.maxsize)
    name = str(path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        try:
            for n, row in enumerate(reader, 2):
                yield _record(row, f"{name}:{n}", name, columns)
        except UnicodeDecodeError as err:
            yield Rejected(name, f"{name}: not UTF-8 after line {reader.line_num} (byte 0x{err.object[err.start]:02x}); "
                                 "the rest of the file is skipped; convert it first, e.g. 'iconv -f cp1251 -t utf-8'")
        except csv.Error as err:
            yield Rejected(name, f"{name}:{reader.line_num}: not CSV ({err}); the rest of the file is skipped")


def _read_parquet(path: Path, columns: Mapping[str, str]) -> Iterator[Record | Rejected]:
    import pyarrow.parquet as pq

    name = str(path)
    try:
        pf = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises several types for a file that is not Parquet
        yield Rejected(name, f"{name}: not a Parquet file ({err})")
        return
    wanted = [c for c in (columns.get(f, f) for f in FIELDS) if c in pf.schema_arrow.names]
    row = 0
    for group in range(pf.num_row_groups):
        part = f"{name}#{group}"
        for values in pf.read_row_group(group, columns=wanted).to_pylist():
            yield _record(values, f"{name}:row {row}", part, columns)
            row += 1


def _read_folder(path: Path) -> Iterator[Record | Rejected]:
    for file in sorted(path.rglob("*.txt")):
        name = str(file)
        try:
            text = read_text(file)
        except GeoError as err:
            yield Rejected(name, str(err))
            continue
        yield _record({"text": text.text, "date": text.date, "source": text.source, "url": text.url,
                       "title": text.title}, name, str(file.parent), {})


def read_source(source: str | Path, columns: Mapping[str, str] = {}) -> Iterator[Record | Rejected]:
    """Records (and rejects) from one source, in file order; see the module's docstring."""
    if str(source) == "-":
        yield from read_jsonl(sys.stdin, "<stdin>", columns)
        return
    path = Path(source)
    if path.is_dir():
        yield from _read_folder(path)
    elif not path.exists():
        yield Rejected(str(path), f"{str(path)!r}: no such file or folder")
    elif path.suffix.lower() in _JSONL:
        yield from read_jsonl(_read_lines(path), str(path), columns)
    elif path.suffix.lower() in (".csv", ".tsv"):
        yield from _read_csv(path, columns)
    elif path.suffix.lower() in (".parquet", ".pq"):
        yield from _read_parquet(path, columns)
    else:
        yield Rejected(str(path), f"{str(path)!r}: unknown kind of source; give a folder of .txt files, "
                                  ".jsonl, .csv, .parquet, or - for JSON Lines on stdin")


def read_sources(sources: Iterable[str | Path], columns: Mapping[str, str] = {}) -> Iterator[Record | Rejected]:
    """`read_source` over several sources, one after the other."""
    for source in sources:
        yield from read_source(source, columns)


def count_documents(sources: Iterable[str | Path]) -> int | None:
    """About how many documents the sources hold (for a progress bar's ETA); None if unknown (stdin)."""
    total = 0
    for source in sources:
        path = Path(source)
        if str(source) == "-":
            return None
        if path.is_dir():
            total += sum(1 for _ in path.rglob("*.txt"))
        elif path.suffix.lower() in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            total += pq.ParquetFile(path).metadata.num_rows
        elif path.is_file():
            with path.open("rb") as fh:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return total
