"""Atomic, deterministic file writing: temp file beside the target, fsync, rename.

What is at the output path decides how it is written, as ``cp`` and GDAL do:

* a regular file (or nothing yet) is replaced atomically: a temporary file
  beside it, fsync, rename; an existing file keeps its permission bits, a new
  one gets ``0666`` less the umask;
* a symbolic link is followed, and the file it points to is replaced (the link stays);
* a character device, FIFO or socket (``/dev/null``, a named pipe), or a link
  through ``/proc`` (``/dev/stdout``, even when it leads to a regular file) is
  written through, never renamed over;
* a directory is refused.

A process killed mid-write leaves at most a hidden temporary file named
``.<stem>.tmp-<pid>-<random><suffix>`` (and SQLite's ``-journal`` beside it);
the next write to the same folder removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from geo.errors import OutputError

__all__ = ["write_atomic", "write_all", "write_text", "write_json", "dumps_json", "same_file"]

Writer = Callable[[Path], None]
#: Our temporary files: ``.<stem>.tmp-<pid>-<random><suffix>`` and SQLite's companions.
_TEMP = re.compile(r"\..*\.tmp-(?P<pid>\d+)-[\w]+(?:\.[^.]*)?(?:-journal|-wal|-shm)?")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _resolve(path: Path) -> Path:
    """The path to write: a symbolic link's target, as many links deep as it goes."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _is_special(path: Path) -> bool:
    """True for a character or block device, FIFO or socket: written through, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


def _via_proc(path: Path) -> bool:
    """True if *path* is a link through ``/proc`` or ``/dev/fd`` (``/dev/stdout``): an open file, written through."""
    for _ in range(40):
        if not path.is_symlink():
            return False
        target = os.readlink(path)
        if target.startswith(("/proc/", "/dev/fd/")):
            return True
        path = path.parent / target
    return False


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _clean_stale(folder: Path, stem: str) -> None:
    """Remove temporary files that a killed geo process left for *stem* in *folder*."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(f".{stem}.tmp-")]
    except OSError:
        return
    for name in names:
        m = _TEMP.fullmatch(name)
        if m and not _pid_alive(int(m.group("pid"))):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


class _Terminated(SystemExit):
    """SIGTERM during a write: unwinds like an exception (temporary files removed), then exits 143."""


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Turn SIGTERM into an exception while a write is in progress (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_(signum, frame):
        raise _Terminated(128 + signum)

    try:
        before = signal.signal(signal.SIGTERM, raise_)
    except ValueError:  # pragma: no cover - not the main interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _error(path: Path, err: OSError) -> OutputError:
    return OutputError(f"{str(path)!r}: writing failed ({err.strerror or err}); nothing was written")


@contextlib.contextmanager
def pinned_locale() -> Iterator[None]:
    """Run with ``LC_CTYPE`` pinned to C.UTF-8: GEOS and GDAL case-fold by the C locale.

    Under a Turkish locale ``toupper("i")`` is not ``"I"``: GEOS wrote
    ``MULTiPOLYGON`` and GDAL's SQL took another path (a different GeoPackage header).
    """
    import locale

    before = locale.setlocale(locale.LC_CTYPE)
    for name in ("C.UTF-8", "C"):
        try:
            locale.setlocale(locale.LC_CTYPE, name)
            break
        except locale.Error:
            continue
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


class _Pending:
    """One output being written: its temporary file, or a device written through."""

    def __init__(self, path: Path):
        self.path = path
        if path.is_dir():
            raise OutputError(f"{str(path)!r}: is a directory; give a file name")
        # A device is opened by the name given ("/dev/stdout" may lead to a pipe with no name).
        self.special = _is_special(path) or _via_proc(path)
        self.target = path if self.special else _resolve(path)
        self.made: list[Path] = []  # folders created for it, removed again on failure
        self.tmp: Path | None = None

    def prepare(self, write: Writer) -> None:
        target = self.target
        try:
            missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made = missing
            if not self.special:
                _clean_stale(target.parent, target.stem)
            # The temporary name keeps the real suffix: some writers (GDAL's GPKG driver) check it.
            folder = Path(tempfile.gettempdir()) if self.special else target.parent
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.tmp-{os.getpid()}-", suffix=target.suffix,
                                            dir=folder)
        except OSError as err:
            self.discard()
            raise OutputError(f"{str(self.path)!r}: cannot write here ({err.strerror}); "
                              "choose another output path") from err
        os.close(fd)
        self.tmp = Path(tmp_name)
        with pinned_locale():
            write(self.tmp)
        if not self.special:
            with open(self.tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except OSError:
                mode = 0o666 & ~_umask()
            os.chmod(self.tmp, mode)

    def commit(self) -> None:
        assert self.tmp is not None
        if self.special:
            with open(self.tmp, "rb") as src, open(self.target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            self.tmp.unlink(missing_ok=True)
        else:
            os.replace(self.tmp, self.target)
        self.tmp = None

    def discard(self) -> None:
        # Every temporary file of ours for this target, also one a signal left before it was recorded.
        prefix = f".{self.target.stem}.tmp-{os.getpid()}-"
        folder = Path(tempfile.gettempdir()) if self.special else self.target.parent
        with contextlib.suppress(OSError):
            for name in os.listdir(folder):
                if name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(folder / name)
        self.tmp = None
        for folder in self.made:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()


def write_all(items: Sequence[tuple[str | os.PathLike, Writer]]) -> list[Path]:
    """Write several outputs all or none: each ``write(tmp)`` runs first, then every rename.

    If any writer fails, no target is touched and every temporary file (and
    every folder made for them) is removed.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_all([(d / "a.txt", lambda t: t.write_text("a")), (d / "b.txt", lambda t: t.write_text("b"))])]
    ['a.txt', 'b.txt']
    """
    pending: list[_Pending] = []
    with _sigterm_unwinds():
        try:
            for path, write in items:
                pending.append(_Pending(Path(path)))
                pending[-1].prepare(write)
            for p in pending:
                p.commit()
        except BaseException as err:
            for p in reversed(pending):
                p.discard()
            if isinstance(err, OutputError):
                raise
            if isinstance(err, OSError):
                raise _error(pending[-1].path if pending else Path(items[0][0]), err) from err
            raise
    return [Path(path) for path, _ in items]


def write_atomic(path: str | os.PathLike, write: Writer) -> Path:
    """Call ``write(tmp)`` on a temporary path beside *path*, then rename it over *path*.

    The target is replaced whole or not at all: if *write* raises (or SIGTERM
    arrives), the temporary file is removed and any previous file at *path* is
    left untouched. Devices, FIFOs and symbolic links: see the module's notes.
    """
    return write_all([(path, write)])[0]


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True if *a* and *b* are the same existing file (through links too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


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
