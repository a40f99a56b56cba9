"""The standard library's ``re``, with its compiled programs kept between runs.

geo compiles some 400 regular expressions (the lexicon's triggers, the rules of
times and figures, the gazetteer's names); compiling them was half the cold start
of ``geo extract``. Python cannot save a compiled pattern, but what ``re``
compiles a pattern to is a program, a list of integers, which the regex engine
(``_sre.compile``) takes in microseconds. This module keeps those programs in a
`geo._cache.Store` named after the exact Python build and the engine's magic
number, and builds each pattern from its program when it has one. The pattern is
the one `re.compile` gives (``==``, the same groups and flags; a test checks every
pattern geo compiles), so the outputs never depend on the cache; a program the
engine refuses (it checks each) is compiled afresh.

Modules that compile many patterns import this module as ``re``
(``from geo import _re as re``); everything but `compile` is the standard module's.
On a Python whose internals differ from those used here (checked on a small
pattern first), or with ``GEO_COMPILED_CACHE=off``, `compile` is `re.compile`.

>>> compile(r"(?P<n>\\d+) km") == re.compile(r"(?P<n>\\d+) km")
True
"""

from __future__ import annotations

import base64
import re
import sys
from array import array
from re import *  # noqa: F403 - this module stands in for ``re``

from geo import _cache

try:  # CPython's regex compiler and engine; elsewhere `compile` is plain `re.compile`
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre = None

__all__ = list(re.__all__)


def compile(pattern, flags=0):  # noqa: A001 - the name of the function it stands for
    """`re.compile`, from the kept program of *pattern* where there is one."""
    if isinstance(flags, re.RegexFlag):
        flags = flags.value
    if (_PROGRAMS is None or type(pattern) is not str or type(flags) is not int or flags & re.DEBUG
            or not _cache.enabled()):
        return re.compile(pattern, flags)
    key = f"{flags}:{pattern}"
    kept = _PROGRAMS.get(key)
    if kept is not None:
        try:
            all_flags, groups, groupindex, code = kept
            return _build(pattern, all_flags, groups, groupindex, array("I", base64.b64decode(code)).tolist())
        except Exception:  # noqa: BLE001 - a program the engine refuses (or not a program): compile afresh
            pass
    program = _program(pattern, flags)
    compiled = _build(pattern, *program)
    _PROGRAMS.put(key, [*program[:3], base64.b64encode(array("I", program[3]).tobytes()).decode()])
    return compiled


def _program(pattern: str, flags: int) -> tuple[int, int, dict, list]:
    """What ``re._compiler.compile`` passes to the engine: all flags, groups - 1, group names, code."""
    tree = _parser.parse(pattern, flags)
    return flags | tree.state.flags, tree.state.groups - 1, dict(tree.state.groupdict), _compiler._code(tree, flags)


def _build(pattern: str, all_flags: int, groups: int, groupindex: dict, code: list) -> re.Pattern:
    indexgroup = [None] * (groups + 1)
    for name, i in groupindex.items():
        indexgroup[i] = name
    return _sre.compile(pattern, all_flags, code, groups, groupindex, tuple(indexgroup))


def _works() -> bool:
    """Whether a program built here gives the pattern `re.compile` gives (the internals are as expected)."""
    if _sre is None or sys.implementation.name != "cpython" or array("I").itemsize != _sre.CODESIZE:
        return False
    probe = r"(?P<a>\w+)\s(?i:B)?[^\d,]{2,}?(?=x)|(?P=a)$"
    try:
        ours = _build(probe, *_program(probe, re.M))
    except Exception:  # noqa: BLE001 - internals not as expected: do not use them
        return False
    std = re.compile(probe, re.M)
    return (ours == std and ours.flags == std.flags and ours.groups == std.groups
            and dict(ours.groupindex) == dict(std.groupindex))


_PROGRAMS = _cache.Store(f"re-{sys.implementation.cache_tag}-" + _cache.source_hash(
    sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, sys.byteorder)) if _works() else None
