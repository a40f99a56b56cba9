"""Download control snapshots into a user cache, safely.

``fetch_deepstate(date)`` gets the DeepStateMap daily archive file of a date
(``deepstatemap_data_YYYYMMDD.geojson``) and keeps it in the cache directory
(``$GEO_CACHE_DIR``, else ``$XDG_CACHE_HOME/geo``, else ``~/.cache/geo``). A
cached copy whose checksum matches is reused without any request. Downloads
have a timeout and bounded retries (timeouts, resets, 5xx and truncated bodies
are retried; 404 and other 4xx are not); a body is accepted only if it is a
GeoJSON FeatureCollection with polygons, and it is written atomically with a
``.sha256`` file beside it, so the cache never holds a partial download.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

from geo._files import write_atomic, write_text
from geo.errors import GeoError

__all__ = ["FetchError", "UnreachableError", "fetch_deepstate", "cache_dir", "DEEPSTATE_ARCHIVE"]

#: The public daily archive of DeepStateMap's occupied area (cyterat/deepstate-map-data, GPL-3.0).
DEEPSTATE_ARCHIVE = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data"
_ACCEPTED_TYPES = ("application/json", "application/geo+json", "text/plain", "application/octet-stream")


class FetchError(GeoError):
    """A snapshot could not be downloaded (and no cached copy could stand in)."""


class UnreachableError(FetchError):
    """The server could not be reached or kept failing (the network, not the input; the CLI exits 1)."""


def cache_dir() -> Path:
    """Where downloads are kept: ``$GEO_CACHE_DIR``, ``$XDG_CACHE_HOME/geo`` or ``~/.cache/geo``."""
    if os.environ.get("GEO_CACHE_DIR"):
        return Path(os.environ["GEO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geo"


def _check_body(body: bytes, url: str) -> None:
    try:
        doc = json.loads(body)
    except ValueError as err:
        raise FetchError(f"{url}: the answer is not JSON ({len(body)} bytes; {err}); nothing was cached") from err
    feats = doc.get("features") if isinstance(doc, dict) else None
    if doc.get("type") != "FeatureCollection" or not isinstance(feats, list):
        raise FetchError(f"{url}: the answer is JSON but not a GeoJSON FeatureCollection; nothing was cached")
    if not any(isinstance(f, dict) and (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
               for f in feats):
        raise FetchError(f"{url}: the FeatureCollection has no polygons; nothing was cached")


def _download(url: str, timeout: float, retries: int) -> bytes:
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(0.2 * 2 ** attempt, 2.0))
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked below
                ctype = resp.headers.get_content_type()
                if ctype not in _ACCEPTED_TYPES:
                    raise FetchError(f"{url}: the server sent {ctype!r}, not GeoJSON; nothing was cached")
                return resp.read()
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
            if isinstance(reason, (TimeoutError, socket.timeout)):
                last = f"no answer within {timeout:g} s"
            else:
                last = f"{type(reason).__name__}: {reason}"
    raise UnreachableError(f"could not reach {url}: gave up after {retries + 1} attempts ({last})")


def fetch_deepstate(date: str, *, base_url: str | None = None, cache: Path | None = None, timeout: float = 20.0,
                    retries: int = 2, refresh: bool = False) -> tuple[Path, str]:
    """Get the DeepStateMap archive snapshot of *date* (``YYYY-MM-DD``).

    Returns
    -------
    (Path, str)
        The cached file and what happened ("cached", "downloaded", or "offline: ...").

    Raises
    ------
    FetchError
        If it cannot be downloaded and no cached copy exists.
    """
    try:
        day = _dt.date.fromisoformat(date)
    except ValueError as err:
        raise FetchError(f"date {date!r} is not a YYYY-MM-DD date") from err
    today = _dt.datetime.now(_dt.timezone.utc).date()
    if day > today:
        raise FetchError(f"date {date!r} is in the future (today is {today} UTC); no snapshot exists yet")
    name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
    folder = (cache or cache_dir()) / "deepstate"
    target, digest_file = folder / name, folder / (name + ".sha256")
    cached_ok = (target.exists() and digest_file.exists()
                 and hashlib.sha256(target.read_bytes()).hexdigest() == digest_file.read_text().strip())
    if cached_ok and not refresh:
        return target, "cached"
    base = (base_url or os.environ.get("GEO_DEEPSTATE_URL") or DEEPSTATE_ARCHIVE).rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise FetchError(f"base URL {base!r} is not http(s)")
    url = f"{base}/{name}"
    try:
        body = _download(url, timeout, retries)
        _check_body(body, url)
    except FetchError as err:
        if cached_ok:
            return target, f"offline: {err}; using the cached copy"
        raise
    write_atomic(target, lambda tmp: tmp.write_bytes(body))
    write_text(digest_file, hashlib.sha256(body).hexdigest() + "\n")
    return target, "downloaded"
