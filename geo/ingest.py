"""Ingest a corpus into a claims store: read, extract, verify each claim at its own date, store.

The pipeline streams: documents are read in chunks (never across a file or a Parquet row
group), each chunk is extracted and verified by a worker (this process, ``jobs`` local
processes, or a Dask cluster), and one writer (this process) stores the chunks in input order,
one transaction each. So memory stays flat however large the corpus, a run killed at any
moment keeps every committed document and no part of another, and a rerun skips what is
stored (documents are keyed by the SHA-256 of their text).

Each worker loads the gazetteer and the control snapshots once (`worker_context`), not per
chunk; Dask workers do it in a worker plugin's setup.

Examples
--------
>>> import tempfile, os, geo.store
>>> with tempfile.TemporaryDirectory() as d:
...     src = os.path.join(d, "feed.jsonl")
...     _ = open(src, "w").write('{"text": "Russia controls around 65% of the Donetsk region.", "date": "2024-11-20"}\\n')
...     with geo.store.open_store(os.path.join(d, "s.duckdb")) as store:
...         result = ingest([src], store, control=["tests/fixtures/control/isw_control_2024-11-20.geojson"])
...         result.stored, [c["verdict"] for c in store.claims()]
(1, ['inconsistent'])
"""

from __future__ import annotations

import collections
import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from geo.claims import Claim
from geo.extract import Document, extract
from geo.gazetteer import Gazetteer
from geo.snapshots import MAX_GAP_DAYS, days_between
from geo.source import Text
from geo.sources import Record, Rejected, read_sources
from geo.store import Store

__all__ = ["ingest", "IngestResult", "claim_time", "control_files", "document_rows", "worker_context"]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What a run did: documents read, stored, already stored (skipped), rejected; groups; seconds."""

    read: int
    stored: int
    known: int
    rejected: int
    groups: int
    seconds: float

    @property
    def rate(self) -> float:
        """Documents read per second."""
        return self.read / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (f"{self.read} documents read: {self.stored} stored, {self.known} already in the store, "
                f"{self.rejected} bad (skipped); {self.groups} claim groups; {self.seconds:.1f} s "
                f"({self.rate:,.0f} documents/s)")


def claim_time(claim: Claim, document: Document) -> str | None:
    """The date a claim is about, for choosing the control snapshot to check it against.

    The claim's own time when it states one (a ``time`` field, e.g. "as of 1 October"), else
    the document's date. This is the one place where that choice is made.

    >>> doc = extract("Russia holds 65% of the Donetsk region.", date="2024-11-20")
    >>> claim_time(doc.claims[0], doc)
    '2024-11-20'
    >>> doc = extract("As of 1 October, Russia held 65% of the Donetsk region.", date="2024-11-20")
    >>> claim_time(doc.claims[0], doc)
    '2024-10-01'
    """
    own = claim.time
    if own is not None and own.basis == "stated":
        # "as of D" is D; a period ("in 2024", "since March") is checked at its end, an open one at the document's date
        return own.as_of or own.end or document.date
    return document.date


def control_files(paths: Iterable[str | Path]) -> tuple[str, ...]:
    """Control snapshot files: each file, and the dated snapshots of a folder or manifest
    (`geo.snapshots.read_snapshots`, pinned files checked against their sha256), in date order."""
    from geo.snapshots import is_manifest, read_snapshots

    out: list[str] = []
    for path in map(Path, paths):
        if path.is_dir() or is_manifest(path):
            for snap in read_snapshots(path):
                snap.check()
                out.append(str(snap.path))
        else:
            out.append(str(path))
    return tuple(out)


@dataclass
class _Context:
    gazetteer: Gazetteer
    layers: tuple  # ControlLayer, sorted by date
    points: dict


_CONTEXTS: dict[tuple[str, ...], _Context] = {}


def worker_context(control: Sequence[str]) -> _Context:
    """The gazetteer and control layers for *control*, loaded once per process and kept."""
    key = tuple(control)
    if key not in _CONTEXTS:
        from geo.control import measure, read_control

        gaz = Gazetteer.default()
        layers = tuple(sorted((read_control(p, gazetteer=gaz) for p in key), key=lambda l: l.date or ""))
        for layer in layers:  # measured once here, so no chunk pays for it
            measure(layer, ["UA"], gazetteer=gaz)
        _CONTEXTS[key] = _Context(gaz, layers, {})
    return _CONTEXTS[key]


def _point(ctx: _Context, regions: tuple[str, ...]) -> bytes | None:
    if regions not in ctx.points:
        import shapely

        from geo.errors import GazetteerError

        try:
            frame = ctx.gazetteer.boundaries(list(regions), simplified=True)
            ctx.points[regions] = shapely.to_wkb(shapely.union_all(frame.geometry.values).representative_point())
        except (GazetteerError, KeyError):
            ctx.points[regions] = None
    return ctx.points[regions]


def _verifications(doc: Document, ctx: _Context) -> dict[int, tuple]:
    """Each claim with a figure checked at its own time: claim index -> verification columns."""
    from geo.verify import verify

    by_time: dict[str | None, list[int]] = collections.defaultdict(list)
    for i, c in enumerate(doc.claims):
        if c.quantity is not None:
            by_time[claim_time(c, doc)].append(i)
    out = {}
    for when, indexes in by_time.items():
        before = [l for l in ctx.layers if l.date and when and l.date <= when]
        layer = before[-1] if before else ctx.layers[0]
        part = dataclasses.replace(doc, date=when, claims=tuple(doc.claims[i] for i in indexes))
        for i, v in zip(indexes, verify(part, layer, gazetteer=ctx.gazetteer).verifications):
            measured, verdict, explanation = v.measured, v.verdict, v.explanation
            used = (layer.source, layer.date)
            # a later map: never checked against (verify may have refused it as too far already)
            far = bool(when and layer.date) and abs(days_between(layer.date, when)) > MAX_GAP_DAYS
            if not before and (verdict != "unverifiable" or far):
                why = (f"no date for the text, and the control data of {layer.date} may be later than it" if not when
                       else f"no control data on or before {when} (the earliest is of {layer.date}); "
                            "a later map cannot say what was true then")
                measured, verdict, explanation, used = None, "unverifiable", f"Not checked: {why}.", (None, None)
            out[i] = (verdict, measured, v.unit, *used, explanation)
    return out


def document_rows(record: Record, ctx: _Context) -> dict[str, list[tuple]]:
    """The rows of every table for one document (see `geo.store.TABLES`)."""
    from geo.verify import accepted_range

    doc = extract(Text(text=record.text, path=record.origin, sha256=record.sha256, date=record.date,
                       source=record.source, title=record.title, url=record.url), gazetteer=ctx.gazetteer)
    sha = record.sha256
    checks = _verifications(doc, ctx) if ctx.layers else {}
    claims = []
    for i, c in enumerate(doc.claims):
        q = c.quantity
        lo, hi = accepted_range(q) if q else (None, None)
        claims.append((sha, i, c.id, doc.date, claim_time(c, doc), record.source, c.actor, c.actor_text, c.relation,
                       ",".join(c.regions), c.part, c.modality, c.attribution, q.text if q else None,
                       q.kind if q else None, q.unit if q else None, q.low if q else None, q.high if q else None,
                       q.hedge if q else None, lo, None if hi == float("inf") else hi, c.evidence,
                       _point(ctx, c.regions)))
    return {
        "documents": [(sha, record.origin, record.date, record.source, record.title, record.url, record.lang,
                       len(record.text), len(doc.mentions), len(doc.claims))],
        "mentions": [(sha, i, m.start, m.end, m.text, m.role, m.region, m.group, m.actor)
                     for i, m in enumerate(doc.mentions)],
        "claims": claims,
        "verifications": [(sha, i, *checks[i]) for i in sorted(checks)],
    }


def process_chunk(records: Sequence[Record], control: Sequence[str]) -> tuple[list[dict], list[Rejected]]:
    """Extract and verify a chunk of records (runs on a worker)."""
    ctx = worker_context(control)
    done, failed = [], []
    for r in records:
        try:
            done.append(document_rows(r, ctx))
        except Exception as err:  # one bad document never stops a run
            failed.append(Rejected(r.origin, f"{r.origin}: extraction failed ({type(err).__name__}: {err})"))
    return done, failed


def _chunks(items: Iterable[Record | Rejected], size: int, on_reject: Callable[[Rejected], None]
            ) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for item in items:
        if isinstance(item, Rejected):
            on_reject(item)
            continue
        if chunk and (len(chunk) >= size or item.part != chunk[-1].part):
            yield chunk
            chunk = []
        chunk.append(item)
    if chunk:
        yield chunk


class _Local:
    """Runs chunks in this process."""

    def __init__(self, control: Sequence[str]) -> None:
        worker_context(control)

    def submit(self, fn, *args):
        return _Done(fn(*args))

    def close(self) -> None:
        pass


@dataclass
class _Done:
    value: object

    def result(self):
        return self.value


class _Processes:
    """Runs chunks in local processes, each loading the gazetteer and control data once."""

    def __init__(self, jobs: int, control: Sequence[str]) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=worker_context, initargs=(tuple(control),))
        self.submit = self.pool.submit

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def ingest(sources: Iterable[str | Path], store: Store, *, control: Iterable[str | Path] = (),
           columns: Mapping[str, str] | None = None, jobs: int = 1, scheduler: str | None = None,
           chunk_size: int = 250, on_reject: Callable[[Rejected], None] | None = None,
           on_commit: Callable[[int, int], None] | None = None) -> IngestResult:
    """Read, extract, verify and store every document of *sources*.

    Parameters
    ----------
    sources : iterable of path or "-"
        See `geo.sources`.
    store : Store
        From `geo.store.open_store`.
    control : paths
        Control snapshot files or folders of them; each claim is checked against the
        latest snapshot on or before its own time (`claim_time`). Without any, claims are
        stored unchecked.
    columns : mapping, optional
        Field name -> column name, for sources whose columns are named differently.
    jobs : int
        Worker processes (1: this process).
    scheduler : str, optional
        A Dask scheduler address, or ``"local"`` for a LocalCluster of *jobs* workers on 127.0.0.1.
    chunk_size : int
        Documents per chunk (and per transaction).
    on_reject : callable, optional
        Called with each `Rejected` document, as it is found.
    on_commit : callable, optional
        Called after each committed chunk with (documents done so far, bad ones included; documents
        stored so far).

    Returns
    -------
    IngestResult
    """
    started = time.perf_counter()
    control = control_files(control)
    counts = collections.Counter()

    def reject(r: Rejected) -> None:
        counts["rejected"] += 1
        if on_reject:
            on_reject(r)

    if scheduler:
        from geo._dask import DaskRunner
    runner = (DaskRunner(scheduler, jobs, control) if scheduler else _Processes(jobs, control) if jobs > 1
              else _Local(control))
    window = max(2, 2 * jobs)
    pending: collections.deque = collections.deque()

    def drain(n: int) -> None:
        while len(pending) > n:
            chunk_read, future = pending.popleft()
            done, failed = future.result()
            counts["failed"] += len(failed)
            for r in failed:
                reject(r)
            counts["stored"] += store.write(done)
            if on_commit:
                done_so_far = counts["read"] + counts["rejected"] - counts["failed"] - sum(len(c) for c, _ in pending)
                on_commit(done_so_far, counts["stored"])

    try:
        for chunk in _chunks(read_sources(sources, columns or {}), chunk_size, reject):
            counts["read"] += len(chunk)
            known = store.known(r.sha256 for r in chunk)
            todo = [r for r in chunk if r.sha256 not in known]
            pending.append((chunk, runner.submit(process_chunk, todo, control)))
            drain(window)
        drain(0)
    finally:
        runner.close()
    groups = store.rebuild_groups()
    return IngestResult(read=counts["read"] + counts["rejected"] - counts["failed"], stored=counts["stored"],
                        known=counts["read"] - counts["stored"] - counts["failed"], rejected=counts["rejected"],
                        groups=groups, seconds=time.perf_counter() - started)
