"""Several control snapshots, and the one to check a claim at its own date against.

A claim is checked against the snapshot on its date or the nearest before it, and only if
that snapshot is at most `MAX_GAP_DAYS` days older. Why seven: in 2024 the occupied area
grew by up to about 25 km2 a day (DeepStateMap's monthly tallies peaked near 700 km2), so a
week moves at most a few hundred km2, under 0.5% of the ~110,000 km2 held and well inside
the +-5% accepted for a national figure, while older data may not be the state the text
describes. Snapshots are read only when chosen, so a folder of a year of daily files costs
what the dates used cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from geo.control import ControlLayer, _date_from_name

__all__ = ["MAX_GAP_DAYS", "Pick", "Snapshots", "days_between"]

#: The oldest a snapshot may be, in days before the date a claim is about (see the module's notes).
MAX_GAP_DAYS = 7


def days_between(a: str, b: str) -> int:
    """Days from ISO day *a* to *b*.

    >>> days_between("2024-11-01", "2024-11-20")
    19
    """
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


@dataclass(frozen=True, slots=True)
class Pick:
    """The snapshot chosen for a day, or why none was.

    ``layer`` is None when no snapshot lies on or up to ``max_gap_days`` before ``wanted``;
    ``date`` and ``gap_days`` then describe the nearest one there is.
    """

    layer: ControlLayer | None
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

    def __init__(self, items: Sequence[ControlLayer | str | Path], read: Callable[[str | Path], ControlLayer]):
        from geo.timeline import snapshot_files

        self._read = read
        self._entries: list[list] = []  # [date, source, layer or path]
        for item in items:
            if isinstance(item, ControlLayer):
                self._entries.append([item.date, item.source, item])
            elif Path(item).is_dir():
                self._entries += [[day, str(path), path] for day, path in snapshot_files([item])]
            else:
                self._entries.append([_date_from_name(str(item)), str(item), item])

    def __len__(self) -> int:
        return len(self._entries)

    def layer(self, i: int) -> ControlLayer:
        """The *i*-th snapshot, read now if it was a path."""
        entry = self._entries[i]
        if not isinstance(entry[2], ControlLayer):
            entry[2] = self._read(entry[2])
            entry[0] = entry[2].date or entry[0]
        return entry[2]

    @property
    def dated(self) -> list[int]:
        """Indices of the dated snapshots, oldest first."""
        return sorted((i for i, e in enumerate(self._entries) if e[0]), key=lambda i: self._entries[i][0])

    def layers(self) -> list[ControlLayer]:
        """Every snapshot, read."""
        return [self.layer(i) for i in range(len(self._entries))]

    def for_document(self, day: str | None) -> list[ControlLayer]:
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
