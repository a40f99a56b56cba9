"""Read news texts from disk, with their metadata, and refuse what is not text.

A text file may have a metadata file beside it, named like the text with
``.meta.json`` in place of ``.txt`` (``report.txt`` -> ``report.meta.json``),
holding ``date`` (``YYYY-MM-DD``), ``source``, ``title`` and ``url``.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputError

__all__ = ["Text", "read_text", "meta_path", "MAX_BYTES"]

_META_KEYS = ("date", "source", "title", "url")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded news text and what is known about it.

    Attributes
    ----------
    text : str
        The decoded text; every offset geo reports indexes into it.
    path : str or None
        Where it was read from.
    sha256 : str
        SHA-256 of the file's bytes (of the UTF-8 encoding for in-memory text).
    date, source, title, url : str or None
        Metadata from the ``.meta.json`` file, if any.
    """

    text: str
    path: str | None = None
    sha256: str = ""
    date: str | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None

    @classmethod
    def from_string(cls, text: str, date: str | None = None, **meta: str | None) -> "Text":
        """Wrap in-memory text.

        >>> Text.from_string("Fighting in Donetsk.", date="2024-11-20").sha256[:12]
        'da416579c367'
        """
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(text=text, sha256=digest, date=check_date(date, "date"), **meta)


def check_date(value: object, where: str) -> str | None:
    """Return *value* if it is an ISO ``YYYY-MM-DD`` date (or None); raise InputError otherwise."""
    if value is None:
        return None
    try:
        if len(str(value)) == 10:
            return _dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        pass
    raise InputError(f"{where}: date {value!r} is not a YYYY-MM-DD date")


def meta_path(path: str | Path) -> Path:
    """The metadata file that belongs to text file *path*."""
    path = Path(path)
    return path.with_name(path.stem + ".meta.json") if path.suffix else path.with_name(path.name + ".meta.json")


#: Largest text read by default (bytes); ``geo --max-input-mb`` raises it.
MAX_BYTES = 100_000_000


def _decode(data: bytes, name: str) -> str:
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} "
                                 f"at byte {err.start}") from err
    head = data[:8192]
    if head.count(0) > len(head) // 100:
        raise InputError(f"{name}: looks like a binary file (it has NUL bytes), not a UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "convert it first, e.g. 'iconv -f cp1251 -t utf-8'"
        ) from err
    return text


def _read_capped(path: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of *path*, refused past *max_bytes* (``/dev/zero`` or an endless pipe never ends)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from err
    if len(data) > max_bytes:
        raise InputError(f"{name}: larger than {max_bytes / 1e6:g} MB; split it, or raise the limit with "
                         "--max-input-mb")
    return data


def read_text(path: str | Path, date: str | None = None, *, max_bytes: int | None = None) -> Text:
    """Read a UTF-8 news text and its ``.meta.json`` metadata.

    Parameters
    ----------
    path : str or Path
        A plain-text file (UTF-8; a UTF-8 or UTF-16 byte-order mark is honoured).
    date : str, optional
        ``YYYY-MM-DD``; overrides the date in the metadata file.
    max_bytes : int, optional
        Largest file read [default: `MAX_BYTES`].

    Returns
    -------
    Text

    Raises
    ------
    InputError
        If the file is missing, a directory, too large, empty, binary or not
        UTF-8 (or UTF-16/32 with a byte-order mark), or its metadata file is not
        a JSON object with valid fields.

    Examples
    --------
    >>> import geo
    >>> doc = read_text(geo.SEED)
    >>> doc.date, doc.source
    ('2024-11-20', 'Reuters')
    """
    path = Path(path)
    name = repr(str(path))
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a text file")
    data = _read_capped(path, name, MAX_BYTES if max_bytes is None else max_bytes)
    text = _decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    meta = _read_meta(meta_path(path))
    return Text(
        text=text,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        date=check_date(date, name) if date else meta.get("date"),
        source=meta.get("source"),
        title=meta.get("title"),
        url=meta.get("url"),
    )


def _read_meta(path: Path) -> dict[str, str | None]:
    if not path.exists():
        return {}
    name = repr(str(path))
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise InputError(f"{name}: metadata is JSON nested too deeply; it must be one flat object") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise InputError(f"{name}: metadata is not valid UTF-8 JSON ({err})") from err
    if not isinstance(meta, dict):
        raise InputError(f"{name}: metadata must be a JSON object with {', '.join(_META_KEYS)}")
    out: dict[str, str | None] = {}
    for k in _META_KEYS:
        v = meta.get(k)
        if v is not None and not isinstance(v, str):
            raise InputError(f"{name}: {k!r} must be a string, got {v!r}")
        if v is not None and _SURROGATE.search(v):
            raise InputError(f"{name}: {k!r} holds an unpaired surrogate escape "
                             f"({_SURROGATE.search(v).group().encode('unicode_escape').decode()}), which is no character")
        out[k] = v
    out["date"] = check_date(out["date"], name)
    return out
