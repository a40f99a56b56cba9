"""Find many literal words at once: one pass of Hyperscan over the text.

The regexes of triggers and actor phrases have hundreds of alternatives,
each starting with a literal word. Python's regex engine stops at every space
and tries them; Hyperscan (Intel's multi-pattern matcher, the ``hyperscan``
package) finds every literal at once, at about a byte per nanosecond. Where a
literal is found, the full regex runs; elsewhere nothing does. Without
``hyperscan`` installed the same positions come from one regex (the
pure-Python path), and a test checks that the two give the same output.

>>> s = Scanner(["hold", "held"], " ,")
>>> s.candidates(" they held it, holding on")
[5, 14]
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import sys
import threading
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from geo import _cache

try:  # pragma: no cover - which branch runs depends on the environment
    import hyperscan
except ImportError:  # pragma: no cover
    hyperscan = None

__all__ = ["Scanner", "class_chars", "literal_prefixes", "matches", "prefix_scanner"]

#: Whether Hyperscan is used (tests switch it off to check the pure-Python path gives the same).
USE_HYPERSCAN = hyperscan is not None


def _store() -> _cache.Store | None:
    """Prefixes and Hyperscan databases kept between runs, named after all they depend on: this
    module's code, Python (its regex parser) and Hyperscan's version."""
    try:
        code = Path(__file__).read_bytes()
    except OSError:  # pragma: no cover - not run from a file: nothing to name the store after
        return None
    return _cache.Store("scan-" + _cache.source_hash(code, sys.version, getattr(hyperscan, "__version__", None)))


_STORE = _store()


def _key(kind: str, items: Sequence[str]) -> str:
    return kind + ":" + hashlib.sha256(json.dumps(items).encode()).hexdigest()


class Scanner:
    """Where one of *words* starts right after one of the characters *before*.

    `candidates` gives the position of that character before each word (overlaps
    included), in order, as the regex ``[before](?=word|word|...)`` would.
    """

    def __init__(self, words: Sequence[str], before: str) -> None:
        self.words = list(dict.fromkeys(words))
        self.before = frozenset(before)
        self._encoded = [w.encode("utf-8") for w in self.words]
        self._lengths = [len(w) for w in self._encoded]
        self._database = None  # compiled when first used (under a lock): a scanner never used costs nothing
        self._lock = threading.Lock()
        self._local = threading.local()  # Hyperscan's scratch space: one per thread

    @functools.cached_property
    def _lookahead(self) -> re.Pattern:
        # The pure-Python path's regex, compiled when first used: with Hyperscan it never is.
        cls = "[" + "".join(re.escape(c) for c in sorted(self.before)) + "]"
        return re.compile(cls + "(?=" + "|".join(map(re.escape, self.words)) + ")")

    def _scan(self, data: bytes, found) -> None:
        if self._database is None:
            with self._lock:
                if self._database is None:
                    self._database = _database(self.words, self._encoded)
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        self._database.scan(data, match_event_handler=found, scratch=scratch)

    def candidates(self, padded: str) -> list[int]:
        if not (USE_HYPERSCAN and self.words):
            return [m.start() for m in self._lookahead.finditer(padded)]
        data = padded.encode("utf-8", "surrogatepass")
        lengths = self._lengths
        ends: set[int] = set()

        def found(i: int, _from: int, to: int, _flags: int, _context: object) -> None:
            ends.add(to - lengths[i])  # where the word starts, in bytes

        self._scan(data, found)
        starts = sorted(ends)
        if len(data) != len(padded):  # not ASCII: count the characters up to each start, slice after slice
            chars, prev = 0, 0
            for k, b in enumerate(starts):
                chars += len(data[prev:b].decode("utf-8", "surrogatepass"))
                starts[k], prev = chars, b
        return [s - 1 for s in starts if s > 0 and padded[s - 1] in self.before]


def _database(words: list[str], encoded: list[bytes]):
    """The Hyperscan database of *words*: kept from an earlier run (if Hyperscan takes it back), or compiled."""
    key = _key("hyperscan", words)
    kept = _STORE.get(key) if _STORE is not None else None
    if isinstance(kept, str):
        try:
            return hyperscan.loadb(base64.b64decode(kept), hyperscan.HS_MODE_BLOCK)
        except Exception:  # noqa: BLE001 - damaged, or built for another CPU: compile it again
            pass
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=encoded, ids=list(range(len(encoded))), elements=len(encoded), flags=[0] * len(encoded),
               literal=True)
    if _STORE is not None:
        _STORE.put(key, base64.b64encode(hyperscan.dumpb(db)).decode())
    return db


def matches(regex: re.Pattern, scanner: Scanner | None, padded: str) -> Iterator[re.Match]:
    """``regex.finditer(padded)``, trying *regex* only where *scanner* finds one of its literal prefixes.

    *scanner* must hold, for every alternative of *regex*, literals one of which starts each of its
    matches (`literal_prefixes`), after the character the regex starts with; None runs the regex alone.
    """
    if scanner is None or not USE_HYPERSCAN:
        yield from regex.finditer(padded)
        return
    taken = -1
    for p in scanner.candidates(padded):
        if p >= taken and (m := regex.match(padded, p)):
            taken = m.end()
            yield m


def prefix_scanner(patterns: Iterable[str], before: str) -> Scanner | None:
    """A `Scanner` of the literal prefixes of *patterns*, or None if one of them has none.

    The prefixes are kept between runs (parsing hundreds of patterns takes a cold start's while).
    """
    patterns = list(patterns)
    key = _key("prefixes", patterns)
    kept = _STORE.get(key) if _STORE is not None else None
    if isinstance(kept, dict) and isinstance(kept.get("words"), (list, type(None))):
        words = kept["words"]
    else:
        words = []
        for pattern in patterns:
            prefixes = literal_prefixes(pattern)
            if prefixes is None:
                words = None
                break
            words += prefixes
        if _STORE is not None:
            _STORE.put(key, {"words": words})
    return None if words is None else Scanner(words, before)


def class_chars(cls: str) -> str:
    """The characters of a regex class of literals: ``"[ ,;]"`` -> ``" ,;"``.

    >>> class_chars(r"[ ,\\-]")
    ' ,-'
    """
    (op, items), = re._parser.parse(cls)  # type: ignore[attr-defined]
    if op != _IN or any(o != _LITERAL for o, _ in items):
        raise ValueError(f"{cls!r} is not a class of literal characters")
    return "".join(chr(v) for _, v in items)


_LITERAL, _IN, _SUB, _BRANCH = (re._constants.LITERAL, re._constants.IN, re._constants.SUBPATTERN,  # type: ignore[attr-defined]
                               re._constants.BRANCH)  # type: ignore[attr-defined]
_REPEATS = (re._constants.MAX_REPEAT, re._constants.MIN_REPEAT, re._constants.POSSESSIVE_REPEAT)  # type: ignore[attr-defined]
_ZERO_WIDTH = (re._constants.ASSERT, re._constants.ASSERT_NOT, re._constants.AT)  # type: ignore[attr-defined]
_SPACE = (re._constants.CATEGORY, re._constants.CATEGORY_SPACE)  # type: ignore[attr-defined]


def literal_prefixes(pattern: str, limit: int = 64) -> list[str] | None:
    r"""Literal strings one of which starts every match of *pattern* on folded text; None if there are none.

    ``\s`` stands for a space (folded text has no other kind); lookarounds are skipped.

    >>> literal_prefixes(r"h(?:old(?:s|ing)?|eld)\s(?!out)")
    ['hold ', 'holds ', 'holding ', 'held ']
    >>> literal_prefixes(r"\w+ed") is None
    True
    """
    seqs = _sequence(list(re._parser.parse(pattern)), limit)  # type: ignore[attr-defined]
    if seqs is None or any(s == "" for s, _ in seqs):
        return None
    return list(dict.fromkeys(s for s, _ in seqs))


def _sequence(items: list, limit: int) -> list[tuple[str, bool]] | None:
    """(prefix, whether the whole of *items* is in it) for each way through *items*."""
    out = [("", True)]
    for op, av in items:
        if not any(done for _, done in out):
            break
        step = _item(op, av, limit)
        if step is None:
            return [(s, False) for s, _ in out]
        grown = [(s + e, d) for s, done in out for e, d in (step if done else [("", False)])]
        if len(grown) > limit:
            return [(s, False) for s, _ in out]
        out = list(dict.fromkeys(grown))
    return out


def _item(op, av, limit: int) -> list[tuple[str, bool]] | None:
    if op == _LITERAL:
        return [(chr(av), True)]
    if op in _ZERO_WIDTH:
        return [("", True)]
    if op == _IN:
        chars = [chr(v) if o == _LITERAL else " " if (o, v) == _SPACE else None for o, v in av]
        return None if None in chars else [(c, True) for c in dict.fromkeys(chars)]
    if op == _SUB:
        return _sequence(list(av[3]), limit)
    if op == _BRANCH:
        ways = [_sequence(list(branch), limit) for branch in av[1]]
        return None if None in ways else [w for way in ways for w in way]
    if op in _REPEATS:
        lo, hi, body = av
        if (lo, hi) == (0, 1):  # optional: both ways
            inner = _sequence(list(body), limit)
            return None if inner is None else [("", True), *inner]
        if lo == 0:
            return [("", False)]
        inner = _sequence(list(body), limit)
        return None if inner is None else [(s, False) for s, _ in inner]
    return None
