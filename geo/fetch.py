"""Download control snapshots into a user cache, safely.

``fetch_deepstate(date)`` gets the DeepStateMap daily archive file of a date
(``deepstatemap_data_YYYYMMDD.geojson``) and keeps it in the cache directory
(``$GEO_CACHE_DIR``, else ``$XDG_CACHE_HOME/geo``, else ``~/.cache/geo``). A
cached copy is checked again each time it is used (a ``.sha256`` beside it
proves nothing: anyone who can change the file can change it too) and reused
without any request when it passes. Downloads have a timeout per answer, an
overall deadline and a size cap, and bounded retries (timeouts, resets, 5xx and
truncated bodies are retried; 404 and other 4xx are not); redirects are
followed to http(s) only, and one to another host is reported. A body is
accepted only if it is a GeoJSON FeatureCollection whose every feature is a
polygon with finite lon/lat coordinates around Ukraine (`check_body`), and it
is written atomically with a ``.sha256`` file beside it, so the cache never
holds a partial download.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import http.client
import json
import math
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from geo._files import write_atomic, write_text
from geo._resources import cache_dir
from geo.errors import GeoError

__all__ = ["FetchError", "UnreachableError", "fetch_deepstate", "check_body", "cache_dir", "DEEPSTATE_ARCHIVE",
           "MAX_MB", "DEADLINE"]

#: The public daily archive of DeepStateMap's occupied area (cyterat/deepstate-map-data, GPL-3.0).
DEEPSTATE_ARCHIVE = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data"
_ACCEPTED_TYPES = ("application/json", "application/geo+json", "text/plain", "application/octet-stream")


class FetchError(GeoError):
    """A snapshot could not be downloaded (and no cached copy could stand in)."""


class UnreachableError(FetchError):
    """The server could not be reached or kept failing (the network, not the input; the CLI exits 1)."""


#: Largest body accepted by default (MB); the daily archive files are a few MB.
MAX_MB = 256.0
#: Time allowed for a whole download, all retries included (seconds).
DEADLINE = 300.0
#: Where a snapshot of Ukraine may lie (lon/lat): a body outside it is not a snapshot of the war.
_PLAUSIBLE = (10.0, 35.0, 60.0, 65.0)


def _rings(geometry: dict) -> list:
    """The rings of a Polygon or MultiPolygon (raises ValueError for anything else)."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon" and isinstance(coords, list):
        return coords
    if kind == "MultiPolygon" and isinstance(coords, list) and all(isinstance(p, list) for p in coords):
        return [ring for polygon in coords for ring in polygon]
    raise ValueError(f"a {kind!r} geometry where polygons were expected")


def _bounds(rings: list) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of *rings*; ValueError for bad or non-finite coordinates."""
    import numpy as np

    lo, hi = np.array([np.inf, np.inf]), np.array([-np.inf, -np.inf])
    for ring in rings:
        try:
            xy = np.asarray(ring, dtype=float)
        except (TypeError, ValueError) as err:
            raise ValueError("coordinates that are not numbers") from err
        if xy.ndim != 2 or xy.shape[0] < 4 or xy.shape[1] < 2:
            raise ValueError("a ring that is not a list of at least four positions")
        if not np.isfinite(xy[:, :2]).all():
            raise ValueError("NaN or infinite coordinates")
        lo, hi = np.minimum(lo, xy[:, :2].min(axis=0)), np.maximum(hi, xy[:, :2].max(axis=0))
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def check_body(body: bytes, where: str) -> None:
    """Raise FetchError unless *body* is a GeoJSON FeatureCollection of polygons in plausible places.

    Every feature must have a Polygon or MultiPolygon geometry with finite
    lon/lat coordinates, and together they must lie in and around Ukraine.

    >>> check_body(b'{"type": "FeatureCollection", "features": []}', "x.geojson")
    Traceback (most recent call last):
    ...
    geo.fetch.FetchError: x.geojson: the FeatureCollection has no polygons; nothing was cached
    """
    try:
        doc = json.loads(body)
    except RecursionError:
        raise FetchError(f"{where}: the JSON is nested too deeply to be GeoJSON; nothing was cached") from None
    except ValueError as err:
        raise FetchError(f"{where}: the answer is not JSON ({len(body)} bytes; {err}); nothing was cached") from err
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(feats, list):
        raise FetchError(f"{where}: the answer is JSON ({type(doc).__name__}) but not a GeoJSON FeatureCollection; "
                         "nothing was cached")
    if not feats:
        raise FetchError(f"{where}: the FeatureCollection has no polygons; nothing was cached")
    box = [math.inf, math.inf, -math.inf, -math.inf]
    for n, feat in enumerate(feats):
        try:
            if not isinstance(feat, dict) or not isinstance(feat.get("geometry"), dict):
                raise ValueError("no geometry")
            b = _bounds(_rings(feat["geometry"]))
        except ValueError as err:
            raise FetchError(f"{where}: feature {n} has {err}; nothing was cached") from None
        box = [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
    w, s, e, n_ = _PLAUSIBLE
    if box[0] < w or box[1] < s or box[2] > e or box[3] > n_:
        raise FetchError(f"{where}: the polygons reach lon {box[0]:g}..{box[2]:g}, lat {box[1]:g}..{box[3]:g}, "
                         f"outside lon {w:g}..{e:g}, lat {s:g}..{n_:g} around Ukraine (or are not lon/lat); "
                         "nothing was cached")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only."""

    def http_error_302(self, req, fp, code, msg, headers):
        newurl = urllib.parse.urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"{req.full_url}: redirected to {newurl!r}, which is not http(s); not followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _read_capped(resp, url: str, max_bytes: int, deadline: float) -> bytes:
    """The body of *resp*, refused past *max_bytes* or past the monotonic *deadline*."""
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: the server announces {int(declared):,} bytes, more than the limit of "
                         f"{max_bytes:,} (raise it with --max-mb); nothing was cached")
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise _Deadline(f"the download took longer than the deadline ({size:,} bytes so far)")
        chunk = resp.read1(1 << 16)
        if not chunk:
            if getattr(resp, "length", None):  # closed before the announced Content-Length
                raise http.client.IncompleteRead(b"".join(chunks), resp.length)
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: the body is larger than the limit of {max_bytes:,} bytes "
                             "(raise it with --max-mb); nothing was cached")
        chunks.append(chunk)


class _Deadline(Exception):
    """The overall deadline passed."""


def _get(url: str, timeout: float, max_bytes: int, deadline: float) -> tuple[bytes, str]:
    """One request: the body and the URL it finally came from."""
    opener = urllib.request.build_opener(_Redirects)
    with opener.open(url, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked
        ctype = resp.headers.get_content_type()
        if ctype not in _ACCEPTED_TYPES:
            raise FetchError(f"{url}: the server sent {ctype!r}, not GeoJSON; nothing was cached")
        return _read_capped(resp, url, max_bytes, deadline), resp.geturl()


def _download(url: str, timeout: float, retries: int, max_bytes: int = int(MAX_MB * 1e6),
              deadline: float = DEADLINE) -> tuple[bytes, str]:
    """The body at *url* and where it came from, with bounded retries within *deadline* seconds in all."""
    last = ""
    end = time.monotonic() + deadline
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(0.2 * 2 ** attempt, 2.0, max(0.0, end - time.monotonic())))
        left = end - time.monotonic()
        if left <= 0:
            last = f"no complete answer within the deadline of {deadline:g} s"
            break
        try:
            return _get(url, min(timeout, left), max_bytes, end)
        except _Deadline as err:
            raise FetchError(f"{url}: {err}, {deadline:g} s (raise it with --deadline); nothing was cached") from None
        except urllib.error.HTTPError as err:
            if err.code < 500:
                raise FetchError(f"{url}: HTTP {err.code} {err.reason}; no snapshot there") from err
            last = f"HTTP {err.code} {err.reason}"
        except (TimeoutError, socket.timeout) as err:
            last = f"no answer within {timeout:g} s ({err})"
        except http.client.IncompleteRead as err:
            last = f"truncated body ({len(err.partial)} bytes of {len(err.partial) + (err.expected or 0)})"
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, FetchError):
                raise reason from None
            if isinstance(reason, (TimeoutError, socket.timeout)):
                last = f"no answer within {timeout:g} s"
            else:
                last = f"{type(reason).__name__}: {reason}"
    raise UnreachableError(f"could not reach {url}: gave up after {attempt + 1} attempts ({last})")


def _cached(target: Path) -> bool:
    """True if *target* holds a valid snapshot: checked again each time, whatever its ``.sha256`` says."""
    try:
        check_body(target.read_bytes(), str(target))
    except (OSError, FetchError):
        return False
    return True


def _moved(url: str, final: str) -> str:
    """``" (redirected to host X)"`` when *final* is on another host than *url*."""
    host, final_host = urllib.parse.urlsplit(url).netloc, urllib.parse.urlsplit(final).netloc
    return f" (redirected to {final_host}: {final})" if final_host != host else ""


def fetch_deepstate(date: str, *, base_url: str | None = None, cache: Path | None = None, timeout: float = 20.0,
                    retries: int = 2, refresh: bool = False, max_mb: float = MAX_MB,
                    deadline: float = DEADLINE) -> tuple[Path, str]:
    """Get the DeepStateMap archive snapshot of *date* (``YYYY-MM-DD``).

    Parameters
    ----------
    timeout : float
        Seconds to wait for each answer.
    max_mb : float
        Largest body accepted, in MB (1,000,000 bytes).
    deadline : float
        Seconds for the whole download, retries included.

    Returns
    -------
    (Path, str)
        The cached file and what happened ("cached", "downloaded", or "offline: ...").

    Raises
    ------
    FetchError
        If it cannot be downloaded and no valid cached copy exists.
    """
    try:
        day = _dt.date.fromisoformat(date)
    except ValueError as err:
        raise FetchError(f"date {date!r} is not a YYYY-MM-DD date") from err
    today = _dt.datetime.now(_dt.timezone.utc).date()
    if day > today:
        raise FetchError(f"date {date!r} is in the future (today is {today} UTC); no snapshot exists yet")
    for name_, value in (("timeout", timeout), ("deadline", deadline), ("max_mb", max_mb)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise FetchError(f"{name_} must be a positive number of {'MB' if name_ == 'max_mb' else 'seconds'}, "
                             f"got {value!r}")
    name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
    folder = (cache or cache_dir()) / "deepstate"
    target, digest_file = folder / name, folder / (name + ".sha256")
    cached_ok = _cached(target)
    if cached_ok and not refresh:
        return target, "cached"
    base = (base_url or os.environ.get("GEO_DEEPSTATE_URL") or DEEPSTATE_ARCHIVE).rstrip("/")
    if not base.lower().startswith(("http://", "https://")):
        raise FetchError(f"base URL {base!r} is not http(s)")
    url = f"{base}/{name}"
    try:
        body, final = _download(url, timeout, retries, int(max_mb * 1e6), deadline)
        check_body(body, url)
    except FetchError as err:
        if cached_ok:
            return target, f"offline: {err}; using the cached copy"
        raise
    write_atomic(target, lambda tmp: tmp.write_bytes(body))
    write_text(digest_file, hashlib.sha256(body).hexdigest() + "\n")
    return target, "downloaded" + _moved(url, final)
