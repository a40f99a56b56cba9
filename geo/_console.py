"""What the command line prints: messages on stderr (silenced by ``--quiet``) and written paths on
stdout, both safe for a terminal. Shared by `geo.cli` and the corpus commands."""

from __future__ import annotations

import re
from pathlib import Path

import click

__all__ = ["say", "shown", "written"]

_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                            "\ud800-\udfff]")


def shown(text: str) -> str:
    r"""*text* for a terminal: control characters, bidi overrides and undecodable bytes escaped.

    >>> print(shown("ok\x1b]0;pwned\x07 \u202eevil"))
    ok\x1b]0;pwned\x07 \u202eevil
    """
    return _CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def say(message: str) -> None:
    """One message on stderr, prefixed ``geo:`` and safe for a terminal, unless ``--quiet``."""
    ctx = click.get_current_context(silent=True)
    if not (ctx and ctx.find_root().obj and ctx.find_root().obj.get("quiet")):
        click.echo(shown(f"geo: {message}"), err=True)


def written(path: Path | str) -> None:
    """The path of a file written: on stdout, one a line, for scripts to pick up."""
    click.echo(shown(str(path)))
