"""Atomic, deterministic file writing: temp file beside the target, fsync, rename."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Callable

from geo.errors import OutputError


def write_atomic(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside *path*, then rename it over *path*.

    The target is replaced whole or not at all: if *write* raises, the temporary
    file is removed and any previous file at *path* is left untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The temporary name keeps the real suffix: some writers (GDAL's GPKG driver) check it.
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.tmp-", suffix=path.suffix, dir=path.parent)
    except OSError as err:
        raise OutputError(f"{str(path)!r}: cannot write here ({err.strerror}); choose another output path") from err
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(f"{str(path)!r}: writing failed ({err.strerror or err}); nothing was written") from err
        raise
    return path


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text atomically with ``\\n`` line endings."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps_json(obj: Any, indent: int | None = 2) -> str:
    """Canonical JSON: sorted keys, UTF-8 text, no NaN, final newline.

    Lone surrogates (possible in text built in Python, never in decoded files)
    are written as ``\\uXXXX`` escapes, so the output is always valid UTF-8.

    >>> dumps_json({"t": "a\\ud800b"}, indent=None)
    '{"t":"a\\\\ud800b"}\\n'
    """
    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, allow_nan=False,
                      indent=indent, separators=separators)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def write_json(path: str | os.PathLike, obj: Any, indent: int | None = 2) -> Path:
    """Write *obj* as canonical JSON (see `dumps_json`), atomically."""
    return write_text(path, dumps_json(obj, indent))
