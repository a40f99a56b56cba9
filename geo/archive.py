"""Fill the cache with a range of daily snapshots, each pinned in a manifest.

``fetch_range(start, end)`` downloads the DeepStateMap daily archive files of
each day from *start* to *end* (through `geo.fetch.fetch_deepstate`, with its
checks, retries and atomic writes) and records each one in
``<cache>/deepstate/manifest.json`` (schema ``geo.snapshots/1``): the date, the
file, the source URL **at a commit** (not the moving ``main`` branch) and the
file's sha256. It is resumable: a day whose file is present and matches the
manifest is not requested again, and the manifest is rewritten after every
file, so an interrupted run goes on where it stopped. A day the archive does
not have (HTTP 404) is reported as missing upstream, not an error.

A changed upstream file is reported, not silently used: when a day is fetched
again (``refresh``) and its bytes differ from the sha256 the manifest pinned,
the pinned copy is kept and the change is listed (``changed``), unless
``accept_changes`` says to take the new file.

The commit is resolved once per run from the repository's commits API
(`DEEPSTATE_COMMITS`, answering the sha of ``main``) unless one is given. A
``base_url`` without ``{commit}`` (your own mirror) is recorded unpinned.
DeepStateMap's own ``api/history`` endpoint answers HTTP 401 without a key,
so the archive on GitHub is the source used.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from geo._files import write_atomic, write_json, write_text
from geo.fetch import DEADLINE, MAX_MB, FetchError, UnreachableError, cache_dir, fetch_deepstate
from geo.snapshots import MANIFEST_NAME, MANIFEST_SCHEMA, is_manifest, parse_date, sha256_file

__all__ = ["FetchReport", "fetch_range", "resolve_commit", "DEEPSTATE_PINNED", "DEEPSTATE_COMMITS"]

#: The daily archive at one commit (``{commit}`` is filled in): a pinned, unchanging URL.
DEEPSTATE_PINNED = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/{commit}/data"
#: Answers the sha of the archive's ``main`` branch (with ``Accept: application/vnd.github.sha``).
DEEPSTATE_COMMITS = "https://api.github.com/repos/cyterat/deepstate-map-data/commits/main"
_SHA = re.compile(r"^[0-9a-f]{40}$")


@dataclass
class FetchReport:
    """What a range fetch did, day by day (dates as ``YYYY-MM-DD``)."""

    manifest: Path
    commit: str | None
    downloaded: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    missing_upstream: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.downloaded)} downloaded", f"{len(self.cached)} already cached"]
        if self.missing_upstream:
            parts.append(f"{len(self.missing_upstream)} not in the archive ({_spans(self.missing_upstream)})")
        if self.changed:
            parts.append(f"{len(self.changed)} CHANGED upstream since pinned ({_spans(self.changed)})")
        return ", ".join(parts) + (f"; commit {self.commit}" if self.commit else "; unpinned")


def _spans(dates: list[str]) -> str:
    """Dates as ranges: '2024-11-01..2024-11-03, 2024-11-07'."""
    out: list[list[str]] = []
    for d in dates:
        if out and (_dt.date.fromisoformat(d) - _dt.date.fromisoformat(out[-1][-1])).days == 1:
            out[-1].append(d)
        else:
            out.append([d])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]}..{r[-1]}" for r in out)


def resolve_commit(url: str = DEEPSTATE_COMMITS, timeout: float = 20.0) -> str:
    """The 40-hex commit sha the commits API answers for the archive's branch.

    Raises
    ------
    FetchError
        If the answer is not a commit sha.
    """
    req = urllib.request.Request(url, headers={"Accept": "application/vnd.github.sha"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked by caller
            text = resp.read(200).decode("ascii", "replace").strip()
    except (urllib.error.URLError, OSError) as err:
        raise UnreachableError(f"could not reach {url} to resolve the archive's commit "
                               f"({getattr(err, 'reason', err)}); give one with --commit SHA") from err
    if not _SHA.match(text):
        raise FetchError(f"{url}: the answer is not a commit sha ({text[:40]!r}); give one with --commit SHA")
    return text


def _read_manifest(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    if not is_manifest(path):
        raise FetchError(f"{str(path)!r}: not a {MANIFEST_SCHEMA} manifest; move it away or choose another cache")
    return {e["date"]: e for e in json.loads(path.read_bytes()).get("snapshots", [])}


def _write_manifest(path: Path, entries: dict[str, dict]) -> None:
    write_json(path, {"schema": MANIFEST_SCHEMA, "source": "deepstate",
                      "snapshots": [entries[d] for d in sorted(entries)]})


def fetch_range(start: str, end: str, *, cache: Path | None = None, base_url: str | None = None,
                commit: str | None = None, commits_url: str | None = None, timeout: float = 20.0,
                retries: int = 2, refresh: bool = False, accept_changes: bool = False,
                progress: Callable[[str], None] | None = None, deadline: float = DEADLINE,
                max_mb: float = MAX_MB) -> FetchReport:
    """Fetch the daily snapshots from *start* to *end* (both included) and pin them in the manifest.

    Parameters
    ----------
    start, end : str
        ``YYYY-MM-DD``.
    base_url : str, optional
        Archive URL with a ``{commit}`` placeholder [default: `DEEPSTATE_PINNED`];
        one without it is used as is and recorded unpinned.
    commit : str, optional
        Commit to pin [default: resolved from *commits_url*].
    refresh : bool
        Fetch days already cached again, to check them against upstream.
    deadline, max_mb : float
        Per day: seconds for the whole download and the largest body accepted (see `geo.fetch.fetch_deepstate`).
    accept_changes : bool
        With *refresh*, take a file that changed upstream instead of keeping the pinned copy.
    progress : callable, optional
        Called with each date once it is done.

    Returns
    -------
    FetchReport

    Raises
    ------
    FetchError
        On a failure other than a day missing upstream; days done so far stay in the manifest.
    """
    first, last = parse_date(start, "--from date"), parse_date(end, "--to date")
    if first > last:
        raise FetchError(f"--from date {start} is after --to date {end}")
    today = _dt.datetime.now(_dt.timezone.utc).date()
    if last > today:  # before any request: no archive has a snapshot of a day to come
        raise FetchError(f"date {last.isoformat()!r} is in the future (today is {today} UTC); no snapshot exists yet")
    folder = (cache or cache_dir()) / "deepstate"
    manifest = folder / MANIFEST_NAME
    entries = _read_manifest(manifest)
    template = base_url or DEEPSTATE_PINNED
    pinned = "{commit}" in template
    report = FetchReport(manifest, None)
    if not pinned:
        report.notes.append(f"{template}: the URL names no commit, so the files are recorded unpinned")
    days = [(first + _dt.timedelta(days=k)).isoformat() for k in range((last - first).days + 1)]
    for day in days:
        name = f"deepstatemap_data_{day.replace('-', '')}.geojson"
        known = entries.get(day)
        if known and not refresh and (folder / name).exists() and sha256_file(folder / name) == known["sha256"]:
            report.cached.append(day)
        else:
            if pinned and report.commit is None:
                report.commit = commit or resolve_commit(commits_url or DEEPSTATE_COMMITS, timeout)
                if not _SHA.match(report.commit):
                    raise FetchError(f"commit {report.commit!r} is not a 40-hex commit sha")
            base = template.replace("{commit}", report.commit) if pinned else template.rstrip("/")
            _fetch_day(day, name, folder, base, entries, report, timeout=timeout, retries=retries,
                       accept_changes=accept_changes, deadline=deadline, max_mb=max_mb)
            _write_manifest(manifest, entries)
        if progress:
            progress(day)
    if not manifest.exists():
        _write_manifest(manifest, entries)
    return report


def _fetch_day(day: str, name: str, folder: Path, base: str, entries: dict, report: FetchReport, *,
               timeout: float, retries: int, accept_changes: bool, deadline: float, max_mb: float) -> None:
    """Download one day, compare it with what the manifest pinned, and record it."""
    target = folder / name
    known = entries.get(day)
    previous = target.read_bytes() if known and target.exists() and sha256_file(target) == known["sha256"] else None
    try:
        path, how = fetch_deepstate(day, base_url=base, cache=folder.parent, timeout=timeout, retries=retries,
                                    refresh=True, deadline=deadline, max_mb=max_mb)
    except UnreachableError:
        raise  # the network, not the day: the caller says "could not reach" and exits 1
    except FetchError as err:
        how = f"offline: {err}"
    if how.startswith("offline"):
        if "HTTP 404" not in how:
            failure = UnreachableError if "could not reach" in how else FetchError
            raise failure(how.removeprefix("offline: ").split("; using the cached copy")[0])
        report.missing_upstream.append(day)
        report.notes.append(how.removeprefix("offline: ").split("; using the cached copy")[0])
        return
    digest = sha256_file(path)
    commit = report.commit
    if known and known["sha256"] != digest:
        report.changed.append(day)
        if not accept_changes:
            if previous is not None:  # keep the pinned copy; the change is reported, never used silently
                write_atomic(path, lambda tmp: tmp.write_bytes(previous))
                write_text(Path(str(path) + ".sha256"), known["sha256"] + "\n")
            else:
                path.unlink(missing_ok=True)
                Path(str(path) + ".sha256").unlink(missing_ok=True)
                report.notes.append(f"{day}: the pinned copy is gone and upstream changed; "
                                    "rerun with --accept-changes to take the new file")
            return
    entries[day] = {"date": day, "file": name, "url": f"{base}/{name}", "sha256": digest, "commit": commit,
                    "bytes": path.stat().st_size}
    report.downloaded.append(day)
