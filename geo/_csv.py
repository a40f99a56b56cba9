"""The one CSV writer of every command: UTF-8, ``\\n`` line ends, text cells safe to open in a spreadsheet.

A text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return, as OWASP lists them) gets a
leading apostrophe; numbers are written as they are.
"""

from __future__ import annotations

import csv
import io
import numbers
from typing import Any, Iterable, Sequence

__all__ = ["cell", "dumps"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One CSV cell: empty for None, numbers as they are, text with formulas neutralised.

    >>> [cell(v) for v in ("=HYPERLINK(1)", "-2", "Kyiv", None, -2.5, 70)]
    ["'=HYPERLINK(1)", "'-2", 'Kyiv', '', '-2.5', '70']
    """
    if value is None:
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def dumps(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text: *header*, then one line per row, every cell through `cell`.

    >>> dumps(["name", "km2"], [["=cmd", 1.5]])
    "name,km2\\n'=cmd,1.5\\n"
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return buf.getvalue()
