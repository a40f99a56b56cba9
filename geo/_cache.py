"""Things compiled once and kept between runs: a JSON object in the user's cache.

A cold start of ``geo extract`` compiles hundreds of regular expressions (`geo._re`)
and two Hyperscan databases (`geo._scan`); a `Store` keeps what they compile to in
``<cache>/compiled/<name>.json`` (`geo._resources.cache_dir`, beside the downloads),
so that the next run reads it instead. What a store holds never changes an output:
its name carries everything its values depend on (the Python build, the library's
version, the code that computes them), and each user checks what it reads.

* The file carries the SHA-256 of its contents: a file that is missing, damaged
  or not a JSON object is not used (as if empty).
* Values added in a run are written at its exit, merged with the file's,
  atomically; a folder that cannot be written is left alone. A store is never
  required: geo works the same read-only, only slower to start.
* ``GEO_COMPILED_CACHE=off`` turns every store off (`get` finds nothing, nothing
  is written).

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> s = Store("example", folder)
>>> s.get("k") is None
True
>>> s.put("k", [1, "a"]); s.save(); Store("example", folder).get("k")
[1, 'a']
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

__all__ = ["Store", "enabled", "source_hash"]

#: Past this many values in a file (geo has some 400 patterns; edited rules add more), a run keeps only those it used.
MAX_VALUES = 1024


def enabled() -> bool:
    """Whether stores are used (``GEO_COMPILED_CACHE`` is not ``off``)."""
    return os.environ.get("GEO_COMPILED_CACHE", "").lower() not in ("off", "0", "no", "false")


def source_hash(*parts: object) -> str:
    """A short hash of *parts* (as text), to name a store after what its values depend on.

    >>> len(source_hash("3.11.7", 42))
    16
    """
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Store:
    """A JSON object kept in ``<cache>/compiled/<name>.json``: read when first needed, written at exit.

    *folder* stands for ``<cache>/compiled``.
    """

    def __init__(self, name: str, folder: str | os.PathLike | None = None) -> None:
        self.name = name
        self._path: Path | None = Path(folder) / f"{name}.json" if folder is not None else None
        self._read: dict[str, Any] | None = None
        self._added: dict[str, Any] = {}
        self._used: set[str] = set()
        self._lock = threading.Lock()

    @property
    def path(self) -> Path | None:
        """The file, or None where there is no cache folder (no home) or stores are off."""
        if self._path is None and enabled():
            from geo._resources import cache_dir

            try:
                self._path = cache_dir() / "compiled" / f"{self.name}.json"
            except RuntimeError:  # no home folder to keep a cache in
                return None
        return self._path if enabled() else None

    def get(self, key: str) -> Any:
        """The value kept for *key*, or None."""
        with self._lock:
            if self._read is None:
                self._read = _load(self.path)
            value = self._added.get(key, self._read.get(key))
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep *value* (JSON) for *key*; it is written at exit."""
        with self._lock:
            if not self._added and self.path is not None:
                atexit.register(self.save)
            self._added[key] = value
            self._used.add(key)

    def save(self) -> None:
        """Write the values added in this run, merged with those in the file."""
        from geo._files import write_atomic
        from geo.errors import GeoError

        path = self.path
        with self._lock:
            added, self._added = self._added, {}
            if path is None or not added:
                return
            merged = {**_load(path), **added}
            if len(merged) > MAX_VALUES:
                merged = {k: v for k, v in merged.items() if k in self._used}
        body = json.dumps(merged, sort_keys=True, separators=(",", ":")).encode()
        data = json.dumps({"sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n" + body
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, lambda tmp: tmp.write_bytes(data))
        except (OSError, GeoError):  # a cache that cannot be written is no error: the next run compiles again
            pass


def _load(path: Path | None) -> dict[str, Any]:
    """The object in the file at *path*; empty if there is none or it is not intact."""
    if path is None:
        return {}
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        if json.loads(head)["sha256"] != hashlib.sha256(body).hexdigest():
            return {}
        values = json.loads(body)
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return values if isinstance(values, dict) else {}
