"""Control over time: per date and region, Russian-held km2 and share, from a series of snapshots.

Snapshots are read in date order (the date comes from each file's name, e.g.
``deepstatemap_data_20241120.geojson``) and measured on one `geo.control.Grid`,
incrementally: only the grid cells near what changed since the previous day
are recomputed. For a long series a second process reads the next snapshots
while this one measures (the machines have two cores).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from geo.control import Grid, _date_from_name, read_control, units_of
from geo.errors import InputError
from geo.gazetteer import Gazetteer

__all__ = ["TimelineRow", "snapshot_files", "timeline", "rows_to_csv", "plot_timeline", "chart_writer"]

_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".fgb", ".kml")


@dataclass(frozen=True, slots=True)
class TimelineRow:
    date: str
    code: str
    name: str
    russia_km2: float
    share_russia: float
    contested_km2: float
    ukraine_km2: float
    source: str
    #: Net change of ``russia_km2`` since the previous row of this region (None on the first), and that row's date.
    change_km2: float | None = None
    since: str | None = None


def snapshot_files(paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """``(date, path)`` of every snapshot in *paths* (files, or folders of them), sorted by date.

    Raises
    ------
    InputError
        If a path is missing, a folder holds no snapshots, a name carries no
        date, or two snapshots share a date.
    """
    found: list[tuple[str, Path]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.suffix.lower() in _SUFFIXES)
            if not files:
                raise InputError(f"{str(p)!r}: no snapshot files ({', '.join(_SUFFIXES)}) in this folder")
        elif p.exists():
            files = [p]
        else:
            raise InputError(f"{str(p)!r}: no such snapshot file or folder")
        for f in files:
            date = _date_from_name(str(f))
            if date is None:
                raise InputError(f"{str(f)!r}: no date in the file name; name snapshots like "
                                 "'deepstatemap_data_YYYYMMDD.geojson'")
            found.append((date, f))
    found.sort()
    for (d1, f1), (d2, f2) in zip(found, found[1:]):
        if d1 == d2:
            raise InputError(f"{str(f1)!r} and {str(f2)!r} are both dated {d1}; keep one snapshot a day")
    return found


def timeline(paths: Iterable[str | Path], codes: Sequence[str], *, gazetteer: Gazetteer | None = None,
             progress: Callable[[int, int], None] | None = None, start: str | None = None, end: str | None = None,
             period: str | None = None) -> list[TimelineRow]:
    """Measure each snapshot's control of *codes* (groups expand to their oblasts), with the net change per period.

    Parameters
    ----------
    paths : iterable of path
        Snapshot files, folders of them, or manifests (see `geo.read_snapshots`).
    codes : sequence of str
    progress : callable, optional
        Called as ``progress(done, total)`` after each snapshot.
    start, end : str, optional
        First and last day to include (``YYYY-MM-DD``).
    period : {None, "week", "month"}
        Keep the last snapshot of each ISO week or calendar month (a row per snapshot by default);
        ``change_km2`` is then the change over that period.

    Returns
    -------
    list of TimelineRow
        One per date and first-level unit, by date then in the order of *codes*.
    """
    from geo.snapshots import read_snapshots

    gaz = gazetteer or Gazetteer.default()
    chosen = list(read_snapshots(*paths).between(start, end))
    if period is not None:
        chosen = _last_of_each(chosen, period)
    for snap in chosen:
        snap.check()
    files = [(s.date, s.path) for s in chosen]
    grid = Grid(gaz, units_of(codes, gaz))
    rows: list[TimelineRow] = []
    before: dict[str, TimelineRow] = {}
    for n, ((date, path), layer) in enumerate(zip(files, _read_ahead(files, gaz)), 1):
        for code, r in grid.results(gaz, layer, incremental=True).items():
            prev = before.get(code)
            row = TimelineRow(date, code, r.name, r.russia_km2, r.share_russia, r.contested_km2, r.ukraine_km2,
                              str(path), r.russia_km2 - prev.russia_km2 if prev else None,
                              prev.date if prev else None)
            rows.append(row)
            before[code] = row
        if progress:
            progress(n, len(files))
    return rows


def _last_of_each(snapshots: list, period: str) -> list:
    """The last snapshot of each ISO week (``week``) or month (``month``)."""
    import datetime as dt

    if period not in ("week", "month"):
        raise InputError(f"period {period!r}: use 'week' or 'month'")

    def key(s):
        day = dt.date.fromisoformat(s.date)
        return day.isocalendar()[:2] if period == "week" else (day.year, day.month)

    last: dict = {}
    for s in snapshots:
        last[key(s)] = s
    return list(last.values())


#: Below this many snapshots, reading them in this process is quicker than starting a reader.
READ_AHEAD_MIN = 40


def _read_one(item: tuple[str, Path]):
    date, path = item
    return read_control(path, date=date)


def _read_ahead(files: Sequence[tuple[str, Path]], gaz: Gazetteer) -> Iterable:
    """Layers in order; for long series, a second process reads ahead while this one measures."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    if len(files) < READ_AHEAD_MIN or (os.cpu_count() or 1) < 2 or \
            "fork" not in multiprocessing.get_all_start_methods() or gaz is not Gazetteer.default():
        return (read_control(path, date=date, gazetteer=gaz) for date, path in files)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))

    def layers():
        try:
            yield from pool.map(_read_one, files, chunksize=16)
        finally:
            pool.shutdown(cancel_futures=True)

    return layers()


def rows_to_csv(rows: Sequence[TimelineRow]) -> str:
    """CSV with one line per date and region (km2 to 0.1, shares to 6 decimals); ``change_km2`` is the net
    change of ``russia_km2`` since the date in ``since`` (empty on the first date)."""
    from geo import _csv

    return _csv.dumps(["date", "code", "name", "russia_km2", "share_russia", "contested_km2", "ukraine_km2", "source",
                       "change_km2", "since"],
                      ([r.date, r.code, r.name, f"{r.russia_km2:.1f}", f"{r.share_russia:.6f}",
                        f"{r.contested_km2:.1f}", f"{r.ukraine_km2:.1f}", r.source,
                        "" if r.change_km2 is None else f"{r.change_km2:+.1f}", r.since or ""] for r in rows))


def plot_timeline(rows: Sequence[TimelineRow], path: str | Path) -> Path:
    """A PNG line chart of the Russian-held share of each region over time (written atomically)."""
    from geo._files import write_atomic

    return write_atomic(path, chart_writer(rows))


def chart_writer(rows: Sequence[TimelineRow]) -> Callable[[Path], None]:
    """``write(path)`` that draws the chart of `plot_timeline` (for `geo._files.write_all`)."""
    def write(path: Path) -> None:
        _draw(rows, path)
    return write


def _draw(rows: Sequence[TimelineRow], path: Path) -> None:
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=100)
    for code in dict.fromkeys(r.code for r in rows):
        pts = [(dt.date.fromisoformat(r.date), r.share_russia * 100) for r in rows if r.code == code]
        name = next(r.name for r in rows if r.code == code)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], label=f"{name} ({code})", linewidth=1.6)
    ax.set_ylabel("Russian-held share (%)")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    ax.set_title("Territorial control over time")
    fig.autofmt_xdate()
    fig.tight_layout()
    try:
        fig.savefig(path, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
