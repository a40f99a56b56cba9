"""Text folding and a fast multi-name matcher that keeps character offsets.

Folding maps every character to exactly one character (lower case, no
diacritics, one apostrophe, one hyphen), so an offset in the folded text is an
offset in the original text. Names are compiled into one regular expression
shaped like a trie (shared prefixes are factored out), which the regex engine
runs in C; Python only sees the matches.
"""

from __future__ import annotations

import functools
import itertools
from geo import _re as re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

APOSTROPHES = "'’ʼ‘`´ʹ′"
HYPHENS = "-‐‑‒–—―−"
_ASCII_PUNCTUATION = {"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "‹": "'", "›": "'", "‚": "'",
                      "…": ".", "²": "2", "³": "3", "٪": "%"}  # the Arabic percent sign, after Arabic-Indic digits
#: Inflection endings a ``~a`` (adjective) stem may take in Ukrainian and Russian.
ADJ_ENDINGS = ("а", "ая", "ої", "ой", "ою", "ую", "у", "ий", "ый", "ого", "ому", "им", "ім", "ом",
               "ій", "і", "ие", "ые", "их", "ых", "ими", "ыми", "ее", "ей", "ої", "ою", "ої", "е", "я")
#: Inflection endings a ``~n`` (noun) stem may take.
NOUN_ENDINGS = ("а", "у", "ом", "ем", "і", "е", "ю", "ы", "и", "ою", "ею", "ові", "еві", "ї", "я",
                "ей", "ью", "ой", "ии", "ія", "ії", "ію", "ия", "ию", "ией", "ією", "ів", "ов")

#: Letters a transliteration's soft-sign apostrophe may follow (Donets'k, L'viv, Ternopil',
#: Zaporiz'ka, Khmel'nyts'kyy, Kirovohrads'ka, Mykolayivs'ka, Rivnens'ka).
_SOFT = frozenset("cdlnrstz")
_SPLIT = re.compile(r"[\s\-]+")
_MAX_ENDING = max(len(e) for e in ADJ_ENDINGS + NOUN_ENDINGS)
_SEP = "\x00sep"
_ADJ = "\x00adj"
_NOUN = "\x00noun"


class _FoldTable(dict):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, cp: int) -> int:
        ch = chr(cp)
        low = ch.lower()
        if len(low) == 1 and low != ch:  # a capital folds as its small letter ("Ⅻ" too)
            self[cp] = self[ord(low)]
            return self[cp]
        out = ch
        if ch in APOSTROPHES:
            out = "'"
        elif ch in _ASCII_PUNCTUATION:  # typographic quotes, ellipsis, superscripts: text stays ASCII, scans faster
            out = _ASCII_PUNCTUATION[ch]
        elif ch in HYPHENS:
            out = "-"
        elif ch.isspace():
            out = " "
        elif ch.isalpha():
            low = ch.lower()
            if len(low) == 1:
                out = low
            base = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c)).lower()
            if len(base) == 1:
                out = base
        if out != ch:
            out = chr(self[ord(out)])  # what a character folds to folds to itself ("ʹ" -> "ʹ" -> "'")
        self[cp] = ord(out)
        return self[cp]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold *text* for matching, keeping its length.

    Examples
    --------
    >>> fold("Zaporižžja’s  DONETS'K")
    "zaporizzja's  donets'k"
    >>> len(fold("Київ")) == len("Київ")
    True
    """
    if text.isascii():
        return text.translate(_FOLD)  # C looks each character up (fast for ASCII, which it caches)
    # Lower case in C; then each character that folds further ("’", "—", "й", a line break) is
    # replaced everywhere at once, which is much faster than a lookup per character.
    low = text.lower()
    if len(low) != len(text) or "Σ" in text:  # "İ" lowers to two characters, "Σ" by its place in a word
        return text.translate(_FOLD)
    further = {cp: to for cp in map(ord, set(_FOLDS_FURTHER.findall(low))) if (to := _FOLD[cp]) != cp}
    if len(further) > _MAX_REPLACES:  # many distinct characters: one pass, a lookup each
        return low.translate(further)
    for cp in sorted(further):
        low = low.replace(chr(cp), chr(further[cp]))
    return low


#: Up to this many distinct characters to fold further, a pass of ``str.replace`` each is quicker
#: than one ``str.translate``; past it, the passes would grow as characters x length.
_MAX_REPLACES = 32


#: Characters that may still change after lower-casing: all but those `fold` keeps as they are
#: (ASCII letters, digits and most punctuation; the Cyrillic and Greek small letters without
#: diacritics). One class, so the regex engine skips ahead in C.
_FOLDS_FURTHER = re.compile("[^\x00-\x08\x0e-\x1b\x20-\x40\x5b-\x5f\x61-\x7f"
                            "\u03b1-\u03c9\u0430-\u0438\u043a-\u044f\u0452\u0454-\u0456\u0458-\u045b\u045f\u0491]")


def fold_pattern(pattern: str) -> str:
    r"""A regex written with ordinary spelling, made to match folded text: its non-ASCII letters folded.

    ASCII is left alone, so escapes such as ``\S`` keep their meaning.

    >>> fold_pattern(r"військ\w*|ЗСУ|\S")
    'віиськ\\w*|зсу|\\S'
    """
    return pattern if pattern.isascii() else pattern.translate(_PATTERN_FOLD)


class _PatternFoldTable(dict):
    """Code point -> what `fold_pattern` makes of it (each non-ASCII character folded alone), filled as met."""

    def __missing__(self, cp: int) -> str | int:
        self[cp] = out = cp if cp < 128 else fold(chr(cp))
        return out


_PATTERN_FOLD = _PatternFoldTable()


def key(name: str) -> str:
    """The lookup key of a folded name: no apostrophes, one space between words.

    >>> key(fold("Ivano-Frankivs'k"))
    'ivano frankivsk'
    """
    return " ".join(_SPLIT.split(name.replace("'", "").strip()))


def find_near(regex: re.Pattern, folded: str, hints: Iterable[str], before: int, after: int) -> Iterator[re.Match]:
    """Matches of *regex* that contain one of the *hints*, left to right, without overlaps.

    A regex with many alternatives is tried at every position of a text; the
    hints (words every match contains, each where a word starts) are found
    with ``str.find``, which is much faster, and the regex runs only in a
    window around each hit. A match must start at most *before* characters
    ahead of its hint and end within *after* characters past it.

    >>> [m.group() for m in find_near(re.compile(r"(?:very )?big|huge"), "a very big and huge", ["big", "huge"], 10, 10)]
    ['very big', 'huge']
    """
    # One scan for all hints where a word starts ("all" in "small" is no hint); see `BEFORE_WORD`.
    positions = [m.start() for m in _hint_regex(tuple(hints)).finditer(" " + folded)]
    last_end = -1
    for pos in positions:
        if pos < last_end:
            continue
        for m in regex.finditer(folded, max(0, pos - before), pos + after):
            if m.start() >= last_end and m.start() <= pos < m.end():
                last_end = m.end()
                yield m
                break


#: A character a word may follow in folded text (where every space is " "). Scanning for one of
#: these, a short set, is several times faster than testing each character for not being a letter.
_WORD_PRECEDERS = " \"'(\\[{/“”«»„<*:;,.!?…•·|+=~"
BEFORE_WORD = f"[{_WORD_PRECEDERS}]"
#: A character that is not part of a word, as ``\b`` sees it before a word (the rare symbols
#: outside ASCII aside), for word patterns run on " " + folded text.
NOT_WORD = "[" + re.escape(" !\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~“”«»„…•·") + "]"
#: Before a gazetteer name: hyphens too ("pro-Moscow"), apostrophes not.
_BEFORE_NAME = f"[{_WORD_PRECEDERS.replace(chr(39), '')}-]"
#: Before a hint of `find_near`: hyphens too ("two-thirds").
_BEFORE_HINT = f"[{_WORD_PRECEDERS}-]"


def alternation(tagged: Iterable[tuple[str, str]]) -> str:
    """One regex of many tagged alternatives, shaped like a trie of their leading letters.

    Python's regex engine tries a group's alternatives one after the other.
    Grouped by their leading letters, only the few that can match at a place
    are tried. Order is kept wherever two alternatives could match at one
    place, so the earlier one still wins. ``match.lastgroup`` is the tag of
    the alternative that matched.

    >>> rx = re.compile(alternation([("a", r"held"), ("b", r"hold(?:s)?"), ("c", r"claims?")]))
    >>> [m.lastgroup for m in rx.finditer("holds held claim")]
    ['b', 'a', 'c']
    """
    items = list(tagged)
    for _, alt in items:
        if not _literal_first(alt):
            raise ValueError(f"alternative {alt!r} must start with a literal letter or digit")
    return _trie_of(items)


def _literal_first(alt: str) -> bool:
    return alt[:1].isalnum() and alt[1:2] not in ("?", "*", "+", "{")


def _trie_of(items: list[tuple[str, str]]) -> str:
    parts: list[str] = []
    i = 0
    while i < len(items):
        if not _literal_first(items[i][1]):
            parts.append(f"(?P<{items[i][0]}>{items[i][1]})")
            i += 1
            continue
        # A run of alternatives that start with a letter: those with different letters cannot
        # both match at one place, so grouping them by letter keeps the order that matters.
        j = i
        while j < len(items) and _literal_first(items[j][1]):
            j += 1
        by_letter: dict[str, list[tuple[str, str]]] = {}
        for tag, alt in items[i:j]:
            by_letter.setdefault(alt[0], []).append((tag, alt[1:]))
        for letter, rest in by_letter.items():
            parts.append(re.escape(letter) + (f"(?P<{rest[0][0]}>{rest[0][1]})" if len(rest) == 1 else _trie_of(rest)))
        i = j
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


@functools.lru_cache(maxsize=64)
def _hint_regex(hints: tuple[str, ...]) -> re.Pattern:
    """The character before a word, then one of *hints*: a match at [s, e) is a hint at s of the unpadded text."""
    return re.compile(_BEFORE_HINT + alternation((f"h{i}", re.escape(h)) for i, h in enumerate(hints)))


@dataclass(frozen=True, slots=True)
class Alias:
    """One spelling of a name.

    ``~a`` / ``~n`` after a Cyrillic word lets it take adjective / noun
    endings; a leading ``=`` makes the alias case-sensitive.
    """

    text: str
    case_sensitive: bool
    words: tuple[tuple[str, str | None], ...]  # (folded stem with its apostrophes, ending class)

    @classmethod
    def parse(cls, raw: str) -> "Alias":
        case_sensitive = raw.startswith("=")
        body = raw[1:] if case_sensitive else raw
        words = []
        for word in re.split(r"[\s\-]+", body.strip()):
            ending = None
            if word.endswith(("~a", "~n")):
                word, ending = word[:-2], {"~a": _ADJ, "~n": _NOUN}[word[-2:]]
            words.append((fold(word), ending))
        plain = " ".join(w.replace("'", "") for w, _ in words)
        return cls(plain, case_sensitive, tuple(words))

    @property
    def key(self) -> str:
        return self.text

    def atoms(self) -> tuple[str, ...]:
        out: list[str] = []
        for i, (word, ending) in enumerate(self.words):
            if i:
                out.append(_SEP)
            out.extend(word)
            if ending:
                out.append(ending)
        return tuple(out)


@functools.lru_cache(maxsize=None)  # few atoms (letters, separators, endings), each met thousands of times
def _atom_pattern(atom: str) -> str:
    if atom == _SEP:
        return r"[\s\-]{1,3}"
    if atom in (_ADJ, _NOUN):
        # Any short ending here; `NameMatcher._lookup` accepts only the listed ones.
        return "[^\\W\\d_]{0,%d}" % _MAX_ENDING
    if atom == "'":
        return "'?"
    if atom in _SOFT:
        return re.escape(atom) + "'?"
    return re.escape(atom)


def _trie_pattern(seqs: Iterable[tuple[str, ...]]) -> str:
    trie: dict = {}
    for seq in seqs:
        node = trie
        for atom in seq:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if len(node) == 1 and "" not in node:  # one way on (most nodes): nothing to order
            (atom, child), = node.items()
            return _atom_pattern(atom) + emit(child)
        # Endings go last: the regex takes the first branch that fits, and a literal
        # continuation ("донецька область") is longer than an ending ("донецька").
        order = sorted((a for a in node if a), key=lambda a: (a in (_ADJ, _NOUN), a))
        alts = [_atom_pattern(a) + emit(node[a]) for a in order]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return body

    return emit(trie)


_ENDINGS = sorted({fold(e) for e in ADJ_ENDINGS + NOUN_ENDINGS}, key=len, reverse=True)


def _stem_candidates(word: str) -> list[str]:
    out = [word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            out.append(word[: -len(ending)])
    return out


class NameMatcher:
    """Find every name of a set of entries in a text, longest match first.

    Parameters
    ----------
    names : iterable of (raw alias, value)
        Alias spellings (see `Alias`) and what each one stands for.

    Examples
    --------
    >>> m = NameMatcher([("Donetsk", "UA-14"), ("Донецьк~a", "UA-14"), ("Kyiv region", "UA-32")])
    >>> [(s, e, v) for s, e, v in m.finditer("Донецькій області and the kyiv Region")]
    [(0, 9, 'UA-14'), (26, 37, 'UA-32')]
    """

    def __init__(self, names: Iterable[tuple[str, object]]):
        # key -> (value, exact spelling required or None)
        self._values: dict[str, tuple[object, str | None]] = {}
        seqs: dict[bool, list] = {True: [], False: []}  # by whether the name starts with an ASCII letter
        for raw, value in names:
            alias = Alias.parse(raw)
            if not alias.key:
                continue
            prev = self._values.get(alias.key)
            if prev is not None and prev[0] != value:
                raise ValueError(f"alias {raw!r} names both {prev[0]!r} and {value!r}")
            exact = raw[1:] if alias.case_sensitive else (prev[1] if prev else None)
            self._values[alias.key] = (value, exact)
            seqs[alias.text[:1].isascii()].append(alias.atoms())
        # One regex for the names in Latin letters, one for the rest (Cyrillic), each compiled when
        # first needed: an English text never pays for the Cyrillic names, and each regex, smaller,
        # tries fewer first letters at each word.
        self._patterns = {script: _BEFORE_NAME + "(?:" + _trie_pattern(group) + r")(?!\w)" if group else None
                          for script, group in seqs.items()}
        self._regexes: dict[bool, re.Pattern] = {}
        self._cache: dict[str, tuple[object, str | None] | None] = {}

    def _regex(self, ascii_names: bool) -> re.Pattern | None:
        if ascii_names not in self._regexes and self._patterns[ascii_names] is not None:
            self._regexes[ascii_names] = re.compile(self._patterns[ascii_names])
        return self._regexes.get(ascii_names)

    def _lookup(self, matched: str) -> tuple[object, str | None] | None:
        if matched in self._cache:
            return self._cache[matched]
        hit = self._cache[matched] = self._resolve(matched)
        return hit

    def _resolve(self, matched: str) -> tuple[object, str | None] | None:
        words = key(matched).split(" ")
        exact = self._values.get(" ".join(words))
        if exact is not None:
            return exact
        for combo in itertools.product(*(_stem_candidates(w) for w in words)):
            hit = self._values.get(" ".join(combo))
            if hit is not None:
                return hit
        return None

    def finditer(self, text: str, folded: str | None = None) -> Iterator[tuple[int, int, object]]:
        """Yield ``(start, end, value)`` for each name in *text*, left to right."""
        folded = fold(text) if folded is None else folded
        padded = " " + folded  # the space stands for the text's start
        regexes = [self._regex(True)] + ([] if folded.isascii() else [self._regex(False)])
        matches = [m for rx in regexes if rx is not None for m in rx.finditer(padded)]
        if len(regexes) > 1:
            matches.sort(key=lambda m: m.start())
        for m in matches:
            # The match begins with the character before the name: one more than the name.
            start, end = m.start(), m.end() - 1
            if folded[end - 1] == "'":
                end -= 1
            hit = self._lookup(folded[start:end])
            if hit is None:
                continue
            value, exact = hit
            if exact is not None and text[start:end] != exact:
                continue
            yield start, end, value
