"""Series of dated control snapshots: a folder, a manifest or a list of files, picked by date.

A *snapshot set* is what every command that takes control data over time
reads: a folder of dated files (``deepstatemap_data_YYYYMMDD.geojson``), a
manifest written by ``geo control fetch`` (``manifest.json``, schema
``geo.snapshots/1``: per date the file, the pinned source URL and the file's
sha256), or files named one by one. `SnapshotSet.at` picks the snapshot of a
date, or the nearest one on or before it, and checks a pinned file's sha256
before it is read, so a file changed since it was fetched is never used
silently.

`Snapshots` is what verification uses: it reads each snapshot only when a
claim's date picks it. A claim is checked against the snapshot on its date or
the nearest before it, and only if that snapshot is at most `MAX_GAP_DAYS`
days older. Why seven: in 2024 the occupied area grew by up to about 25 km2 a
day (DeepStateMap's monthly tallies peaked near 700 km2), so a week moves at
most a few hundred km2, under 0.5% of the ~110,000 km2 held and well inside
the +-5% accepted for a national figure, while older data may not be the
state the text describes.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from geo.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from geo.control import ControlLayer
    from geo.gazetteer import Gazetteer

__all__ = ["Snapshot", "SnapshotSet", "read_snapshots", "is_manifest", "MANIFEST_NAME", "MANIFEST_SCHEMA",
           "sha256_file", "parse_date", "MAX_GAP_DAYS", "Pick", "Snapshots", "days_between"]

#: File name of the manifest inside a folder of snapshots.
MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = "geo.snapshots/1"
#: Above this size a ``.json`` file is control data, not a manifest (manifests list a few thousand days).
_MANIFEST_MAX_BYTES = 5_000_000


def parse_date(value: str, what: str = "date") -> _dt.date:
    """A ``YYYY-MM-DD`` date, or an `InputError` that says which value was wrong.

    >>> parse_date("2024-11-20")
    datetime.date(2024, 11, 20)
    """
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise InputError(f"{what} {value!r} is not a YYYY-MM-DD date") from err


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One dated control file; ``url``, ``sha256`` and ``commit`` come from a manifest when there is one."""

    date: str
    path: Path
    url: str | None = None
    sha256: str | None = None
    commit: str | None = None

    def check(self) -> None:
        """Raise `InputError` if the file is gone or its bytes differ from the sha256 the manifest pinned."""
        if not self.path.exists():
            raise InputError(f"{str(self.path)!r}: the snapshot of {self.date} listed in the manifest is missing; "
                             "run 'geo control fetch' again to restore it")
        if self.sha256 and sha256_file(self.path) != self.sha256:
            raise InputError(f"{str(self.path)!r}: the file changed since it was fetched (sha256 differs from the "
                             f"manifest's {self.sha256[:12]}…); fetch it again or remove it from the manifest")

    def to_dict(self) -> dict:
        return {"date": self.date, "path": str(self.path), "url": self.url, "sha256": self.sha256,
                "commit": self.commit}


@dataclass(frozen=True, slots=True)
class SnapshotSet:
    """Snapshots in date order, one a day at most.

    Examples
    --------
    >>> s = read_snapshots("tests/fixtures/control/deepstatemap_data_20241101.geojson")
    >>> s.dates, s.at("2024-11-20").date
    (['2024-11-01'], '2024-11-01')
    """

    snapshots: tuple[Snapshot, ...]
    source: str

    def __iter__(self) -> Iterator[Snapshot]:
        return iter(self.snapshots)

    def __len__(self) -> int:
        return len(self.snapshots)

    @property
    def dates(self) -> list[str]:
        return [s.date for s in self.snapshots]

    def at(self, date: str, *, exact: bool = False) -> Snapshot:
        """The snapshot of *date*, else the nearest one before it (unless *exact*).

        Raises
        ------
        InputError
            If there is none on (or before) *date*.
        """
        day = parse_date(date).isoformat()
        before = [s for s in self.snapshots if s.date <= day]
        if before and (before[-1].date == day or not exact):
            return before[-1]
        span = f"{self.dates[0]} to {self.dates[-1]}" if self.snapshots else "none"
        raise InputError(f"{self.source!r}: no snapshot {'of' if exact else 'on or before'} {day} "
                         f"(snapshots: {span})")

    def read(self, date: str, *, exact: bool = False, gazetteer: "Gazetteer | None" = None) -> "ControlLayer":
        """The control layer of `at` (*date*), its pinned checksum checked first."""
        from geo.control import read_control

        snap = self.at(date, exact=exact)
        snap.check()
        return read_control(snap.path, date=snap.date, gazetteer=gazetteer)

    def between(self, start: str | None = None, end: str | None = None) -> "SnapshotSet":
        """The snapshots from *start* to *end*, both included (open where None)."""
        lo = parse_date(start, "--from date").isoformat() if start else "0000"
        hi = parse_date(end, "--to date").isoformat() if end else "9999"
        if lo > hi:
            raise InputError(f"--from date {start} is after --to date {end}")
        return SnapshotSet(tuple(s for s in self.snapshots if lo <= s.date <= hi), self.source)

    def missing(self, start: str | None = None, end: str | None = None) -> list[str]:
        """Days from *start* (default: the first snapshot) to *end* (default: the last) without a snapshot.

        >>> SnapshotSet((Snapshot("2024-11-01", Path("a")), Snapshot("2024-11-04", Path("b"))), "x").missing()
        ['2024-11-02', '2024-11-03']
        """
        if not self.snapshots and not (start and end):
            return []
        first = parse_date(start or self.dates[0])
        last = parse_date(end or self.dates[-1])
        have = set(self.dates)
        days = ((first + _dt.timedelta(days=k)).isoformat() for k in range((last - first).days + 1))
        return [d for d in days if d not in have]


def is_manifest(path: Path) -> bool:
    """Whether *path* is a ``geo.snapshots/1`` manifest (a small JSON file that says so)."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file() or path.stat().st_size > _MANIFEST_MAX_BYTES:
        return False
    try:
        doc = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(doc, dict) and doc.get("schema") == MANIFEST_SCHEMA


def _from_manifest(path: Path) -> list[Snapshot]:
    doc = json.loads(path.read_bytes())
    entries = doc.get("snapshots")
    if not isinstance(entries, list):
        raise InputError(f"{str(path)!r}: the manifest has no 'snapshots' list")
    out = []
    for n, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("file"), str) or not isinstance(e.get("date"), str):
            raise InputError(f"{str(path)!r}: snapshot entry {n} needs 'date' and 'file'")
        day = parse_date(e["date"], f"{str(path)!r}: snapshot entry {n}: date").isoformat()
        out.append(Snapshot(day, path.parent / e["file"], e.get("url"), e.get("sha256"), e.get("commit")))
    return out


def read_snapshots(*paths: str | Path) -> SnapshotSet:
    """Read a set of snapshots from folders, manifests or single files.

    A folder with a ``manifest.json`` is read through it; any other folder
    through the dates in its file names. Files are dated by their names.

    Raises
    ------
    InputError
        If a path is missing, a folder holds no snapshots, a name carries no
        date, or two snapshots share a date.

    Examples
    --------
    >>> read_snapshots("tests/fixtures/control/deepstatemap_data_20241101.geojson").dates
    ['2024-11-01']
    """
    from geo.control import _date_from_name
    from geo.timeline import _SUFFIXES as SUFFIXES, snapshot_files

    found: list[Snapshot] = []
    loose: list[Path] = []
    for p in map(Path, paths):
        manifest = p / MANIFEST_NAME if p.is_dir() else p
        if is_manifest(manifest):
            found += _from_manifest(manifest)
        else:
            loose.append(p)
    for p in loose:
        if p.is_dir():  # files without a date in their names (outputs, notes) are not snapshots
            dated = [f for f in sorted(p.iterdir()) if f.suffix.lower() in SUFFIXES and _date_from_name(str(f))]
            if not dated:
                raise InputError(f"{str(p)!r}: no dated snapshot files ({', '.join(SUFFIXES)}) in this folder; "
                                 "name them like 'deepstatemap_data_YYYYMMDD.geojson'")
            found += [Snapshot(d, f) for d, f in snapshot_files(dated)]
        else:
            found += [Snapshot(d, f) for d, f in snapshot_files([p])]
    if not found:
        raise InputError(f"{', '.join(map(str, paths)) or 'no path'!r}: no snapshots")
    found.sort(key=lambda s: (s.date, str(s.path)))
    unique_by_date(found)
    return SnapshotSet(tuple(found), ", ".join(str(p) for p in paths))


def unique_by_date(snapshots: Iterable[Snapshot]) -> None:
    """Raise `InputError` if two snapshots share a date (a series needs one a day)."""
    seen: dict[str, Snapshot] = {}
    for s in snapshots:
        if s.date in seen:
            raise InputError(f"{str(seen[s.date].path)!r} and {str(s.path)!r} are both dated {s.date}; "
                             "keep one snapshot a day")
        seen[s.date] = s


#: The oldest a snapshot may be, in days before the date a claim is about (see the module's notes).
MAX_GAP_DAYS = 7


def days_between(a: str, b: str) -> int:
    """Days from ISO day *a* to *b*.

    >>> days_between("2024-11-01", "2024-11-20")
    19
    """
    return (_dt.date.fromisoformat(b) - _dt.date.fromisoformat(a)).days


@dataclass(frozen=True, slots=True)
class Pick:
    """The snapshot chosen for a day, or why none was.

    ``layer`` is None when no snapshot lies on or up to ``max_gap_days`` before ``wanted``;
    ``date`` and ``gap_days`` then describe the nearest one there is.
    """

    layer: "ControlLayer | None"
    wanted: str
    date: str | None
    source: str | None
    gap_days: int | None
    max_gap_days: int
    note: str

    def to_dict(self) -> dict:
        return {"wanted": self.wanted, "date": self.date, "source": self.source, "gap_days": self.gap_days,
                "max_gap_days": self.max_gap_days, "used": self.layer is not None, "note": self.note}


class Snapshots:
    """Control layers or paths of snapshots, each read when first chosen.

    Parameters
    ----------
    items : sequence of ControlLayer or path
        A path's date comes from its file name (``..._YYYYMMDD.geojson``); a folder
        stands for the dated snapshots in it (`geo.timeline.snapshot_files`).
    read : callable
        Reads a path into a `ControlLayer`.

    Examples
    --------
    >>> from geo.control import read_control
    >>> s = Snapshots(["tests/fixtures/control/deepstatemap_data_20241101.geojson"], read_control)
    >>> p = s.pick("2024-11-20")
    >>> p.layer is None, p.gap_days, p.note
    (True, 19, 'no snapshot near 2024-11-20: the nearest on or before it is 2024-11-01, 19 days earlier (at most 7)')
    """

    def __init__(self, items: Sequence["ControlLayer | str | Path"], read: Callable[[str | Path], "ControlLayer"]):
        from geo.control import ControlLayer, _date_from_name

        self._read = read
        self._entries: list[list] = []  # [date, source, layer, Snapshot or path]
        for item in items:
            if isinstance(item, ControlLayer):
                self._entries.append([item.date, item.source, item])
            elif Path(item).is_dir() or is_manifest(Path(item)):  # a folder or a manifest: pinned files checked
                self._entries += [[s.date, str(s.path), s] for s in read_snapshots(item)]
            else:
                self._entries.append([_date_from_name(str(item)), str(item), item])

    def __len__(self) -> int:
        return len(self._entries)

    def layer(self, i: int) -> "ControlLayer":
        """The *i*-th snapshot, read now if it was a path."""
        from geo.control import ControlLayer

        entry = self._entries[i]
        if isinstance(entry[2], Snapshot):
            entry[2].check()  # a pinned file changed since it was fetched is refused, not used
            entry[2] = entry[2].path
        if not isinstance(entry[2], ControlLayer):
            entry[2] = self._read(entry[2])
            entry[0] = entry[2].date or entry[0]
        return entry[2]

    @property
    def dated(self) -> list[int]:
        """Indices of the dated snapshots, oldest first."""
        return sorted((i for i, e in enumerate(self._entries) if e[0]), key=lambda i: self._entries[i][0])

    def layers(self) -> list["ControlLayer"]:
        """Every snapshot, read."""
        return [self.layer(i) for i in range(len(self._entries))]

    def for_document(self, day: str | None) -> list["ControlLayer"]:
        """The layers `geo.verify.pick_layer` chooses among for a document of *day*, read.

        Of dated snapshots only the one it would choose is read: the nearest on or before
        *day*, else the earliest (the latest for a text with no date).
        """
        dated = self.dated
        if len(self._entries) == 1 or not dated:
            return self.layers()
        before = [i for i in dated if day is None or self._entries[i][0] <= day]
        return [self.layer(before[-1] if before else dated[0])]

    def pick(self, day: str, max_gap: int = MAX_GAP_DAYS) -> Pick:
        """The snapshot on *day* or the nearest before it, if at most *max_gap* days older."""
        dated = self.dated
        before = [i for i in dated if self._entries[i][0] <= day]
        if not before:
            first = self._entries[dated[0]] if dated else None
            note = (f"no snapshot near {day}: the earliest is {first[0]}, {days_between(day, first[0])} days later"
                    if first else f"no snapshot near {day}: the snapshots have no dates")
            return Pick(None, day, first[0] if first else None, first[1] if first else None,
                        -days_between(day, first[0]) if first else None, max_gap, note)
        i = before[-1]
        snap_date, source = self._entries[i][0], self._entries[i][1]
        gap = days_between(snap_date, day)
        if gap > max_gap:
            return Pick(None, day, snap_date, source, gap, max_gap,
                        f"no snapshot near {day}: the nearest on or before it is {snap_date}, {gap} days earlier "
                        f"(at most {max_gap})")
        note = f"snapshot of {snap_date} for {day}" + (f" ({gap} day{'s' * (gap > 1)} earlier)" if gap else "")
        return Pick(self.layer(i), day, snap_date, source, gap, max_gap, note)
