"""Find many literal words at once: one pass of an Aho-Corasick automaton over the text.

The regexes of triggers, actors and figure hints have hundreds of
alternatives, each starting with a literal word. Python's regex engine stops
at every space and tries them; an automaton (``pyahocorasick``, a compiled
extension) finds every literal at once in C. Where a literal is found, the
full regex runs; elsewhere nothing does. Without ``pyahocorasick`` installed
the same positions come from one regex (the pure-Python path), and a test
checks that the two give the same output.

>>> s = Scanner(["hold", "held"], " ,")
>>> s.starts(" they held it, holding on")
[5, 14]
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Sequence

try:  # pragma: no cover - which branch runs depends on the environment
    import ahocorasick
except ImportError:  # pragma: no cover
    ahocorasick = None

__all__ = ["Scanner", "class_chars", "literal_prefixes", "matches"]

#: Whether the automaton is used (tests switch it off to check the pure-Python path gives the same).
USE_AUTOMATON = ahocorasick is not None


class Scanner:
    """Where one of *words* starts right after one of the characters *before*.

    `starts` gives the position of the character before each word, as a regex
    ``[before](?:word|word|...)`` run with ``finditer`` would: left to right,
    without overlaps, the earliest word in *words* winning where two start at
    one place. `candidates` gives every such position, overlaps included.
    """

    def __init__(self, words: Sequence[str], before: str, regex: re.Pattern | None = None) -> None:
        self.words = list(dict.fromkeys(words))
        self.before = frozenset(before)
        cls = "[" + "".join(re.escape(c) for c in sorted(self.before)) + "]"
        # The pure-Python path: *regex* if given (the same words, shaped for speed), else a plain alternation.
        self._regex = regex or re.compile(cls + "(?:" + "|".join(map(re.escape, self.words)) + ")")
        self._lookahead = re.compile(cls + "(?=" + "|".join(map(re.escape, self.words)) + ")")
        self._automaton = None
        if ahocorasick is not None and self.words:
            # Each word after each character it may follow: the automaton reports word starts only.
            auto = ahocorasick.Automaton()
            for i, w in enumerate(self.words):
                for c in self.before:
                    auto.add_word(c + w, (i, len(w) + 1))
            auto.make_automaton()
            self._automaton = auto

    def _found(self, padded: str) -> dict[int, int]:
        """Position of the character before -> index of the earliest word starting after it."""
        out: dict[int, int] = {}
        for end, (i, n) in self._automaton.iter(padded):
            p = end - n + 1
            if out.get(p, i) >= i:
                out[p] = i
        return out

    def starts(self, padded: str) -> list[int]:
        if not (USE_AUTOMATON and self._automaton is not None):
            return [m.start() for m in self._regex.finditer(padded)]
        found = self._found(padded)
        out, taken = [], -1
        for p in sorted(found):
            if p >= taken:
                out.append(p)
                taken = p + 1 + len(self.words[found[p]])
        return out

    def candidates(self, padded: str) -> list[int]:
        if not (USE_AUTOMATON and self._automaton is not None):
            return [m.start() for m in self._lookahead.finditer(padded)]
        return sorted(self._found(padded))


def matches(regex: re.Pattern, scanner: Scanner | None, padded: str) -> Iterator[re.Match]:
    """``regex.finditer(padded)``, trying *regex* only where *scanner* finds one of its literal prefixes.

    *scanner* must hold, for every alternative of *regex*, literals one of which starts each of its
    matches (`literal_prefixes`), after the character the regex starts with; None runs the regex alone.
    """
    if scanner is None or not USE_AUTOMATON:
        yield from regex.finditer(padded)
        return
    taken = -1
    for p in scanner.candidates(padded):
        if p >= taken and (m := regex.match(padded, p)):
            taken = m.end()
            yield m


def prefix_scanner(patterns: Iterable[str], before: str) -> Scanner | None:
    """A `Scanner` of the literal prefixes of *patterns*, or None if one of them has none."""
    words: list[str] = []
    for pattern in patterns:
        prefixes = literal_prefixes(pattern)
        if prefixes is None:
            return None
        words += prefixes
    return Scanner(words, before)


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
