"""The lexicon: the words extraction reads, kept as data, one folder per language.

``data/lexicon/<lang>/`` holds JSON Lines files whose rows are plain records,
each with an ``example`` sentence and what extraction should make of it
(``expect``; a test runs every one):

* ``verbs.jsonl``: every verb (or relation phrase: "under control", "the 1991
  borders") **once**, with all its roles: ``triggers`` (relation -> patterns),
  the passive ``participle`` ("was conquered by"), whether it may describe a
  noun (``attributive``: "the occupied territories"), prefixes of its forms
  that report the act as done (``done``: "withdrew"), the Ukrainian/Russian
  ``passive`` participle stem ("занятой ВСУ"), whether a place named before it
  is a government (``subject``: true for English, stems for Cyrillic;
  ``irregular`` forms), and as a verb of saying: ``says`` (forms that cite a
  source: "said") and ``speaks`` (forms after which "its" is the speaker's:
  "Kyiv says its forces ...").
* ``actors.jsonl``: phrases that name a side ("Russian forces", "ЗСУ").
* ``sides.jsonl``: words that name a side inside a trigger ("under *Russian*
  control", "*Kyiv*-controlled").
* ``cues.jsonl``: words of negation, condition and possibility.
* ``macros.json``: pieces of patterns, written ``${name}`` in ``verbs.jsonl``.

Patterns are regular expressions in ordinary spelling, run on folded text
(see `geo._text.fold`). Every derived list (participles, attributive forms,
verbs of saying, subject verbs) is generated from the rows, never kept beside
them. `load` refuses a row with an unknown field, no role, a contradiction
(one pattern, word or lemma listed twice) or an unused macro.

Examples
--------
>>> lex = default()
>>> "conquered" in lex.participles and "occupied" in lex.attributive
True
>>> [t.relation for t in lex.triggers if t.row.data.get("lemma") == "conquer"]
['captured']
"""

from __future__ import annotations

import functools
import json
import os
from geo import _re as re
from dataclasses import dataclass
from pathlib import Path

from geo._resources import package_dir
from geo._text import fold_pattern
from geo.errors import GeoError
from geo.vocab import CUES, RELATIONS, SIDES

__all__ = ["LANGUAGES", "Lexicon", "LexiconError", "Row", "Trigger", "default", "load", "verb_forms"]

#: Language folders, in the order their rows are compiled.
LANGUAGES = ("en", "uk", "ru")
_COMMON = {"example", "expect", "note"}
_FIELDS = {
    "verbs.jsonl": {"lemma", "triggers", "participle", "attributive", "done", "passive", "subject", "irregular",
                    "says", "speaks", "whole", "sided"},
    "actors.jsonl": {"side", "patterns"},
    "sides.jsonl": {"word", "side", "under", "compound"},
    "cues.jsonl": {"cue", "pattern", "attached"},
}
#: The fields that give a row a job; a row with none of them is unused.
_ROLES = {
    "verbs.jsonl": {"triggers", "participle", "passive", "subject", "irregular", "says", "speaks"},
    "actors.jsonl": {"patterns"},
    "sides.jsonl": {"under", "compound"},
    "cues.jsonl": {"pattern"},
}
_MACRO = re.compile(r"\$\{(\w+)\}")


class LexiconError(GeoError):
    """A lexicon file is malformed or contradicts itself."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a lexicon file, with where it comes from."""

    lang: str
    file: str
    line: int
    data: dict

    @property
    def where(self) -> str:
        return f"{self.lang}/{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger pattern (folded), its relation and the row it comes from."""

    relation: str
    pattern: str
    whole: bool  # claims the country whole: "the 1991 borders"
    sided: bool  # the words name the side in control: "under Russian control"
    row: Row


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled lexicon: every list extraction uses, derived from the rows."""

    rows: tuple[Row, ...]
    triggers: tuple[Trigger, ...]
    participles: frozenset[str]
    attributive: frozenset[str]
    done: tuple[str, ...]
    passive_stems: tuple[str, ...]
    subject_words: frozenset[str]
    subject_stems: tuple[str, ...]
    says: tuple[str, ...]
    speaks: tuple[str, ...]
    actors: tuple[tuple[str, str, Row], ...]
    under: dict[str, str]
    compound: dict[str, str]
    cues: dict[str, tuple[str, ...]]


def verb_forms(lemma: str) -> set[str]:
    """An English verb's regular forms: base, third person, past.

    >>> sorted(verb_forms("seize")), sorted(verb_forms("occupy"))
    (['seize', 'seized', 'seizes'], ['occupied', 'occupies', 'occupy'])
    """
    out = {lemma}
    if lemma.endswith("e"):
        out |= {lemma + "s", lemma + "d"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        out |= {lemma + "es", lemma + "ed"}
    else:
        out |= {lemma + "s", lemma + "ed"}
    return out


@functools.lru_cache(maxsize=1)
def default() -> Lexicon:
    """The embedded lexicon, compiled once (it is immutable, so threads may share it).

    ``GEO_LEXICON`` names another lexicon folder, read instead when geo is first
    imported: a lexicon under development can be tried without reinstalling.
    """
    return load(Path(os.environ.get("GEO_LEXICON") or package_dir("data") / "lexicon"))


def load(root: Path) -> Lexicon:
    """Read and check the lexicon under *root* (one folder per language).

    Raises
    ------
    LexiconError
        A row with an unknown field or none that gives it a job, a pattern that
        does not compile, or a contradiction (a pattern, word or lemma listed twice).
    """
    rows = [row for lang in LANGUAGES for name in _FIELDS for row in _read_rows(root, lang, name)]
    macros = _read_macros(root)
    for row in rows:
        _check_row(row)
    _check_unique(rows)
    used: set[str] = set()
    sides = [r for r in rows if r.file == "sides.jsonl"]
    under = {r.data["word"]: r.data["side"] for r in sides if r.data.get("under")}
    compound = {r.data["word"]: r.data["side"] for r in sides if r.data.get("compound")}
    verbs = [r for r in rows if r.file == "verbs.jsonl"]
    triggers = tuple(
        Trigger(rel, fold_pattern(p), bool(r.data.get("whole")), bool(r.data.get("sided")), r)
        for rel in RELATIONS for r in verbs for raw in r.data.get("triggers", {}).get(rel, ())
        for p in _expand(raw, r, macros, under, compound, used))
    _check_patterns(triggers)
    if unused := sorted(set(macros) - used):
        raise LexiconError(f"lexicon macros {unused} in en/macros.json are not used by any pattern; remove them")
    subject_words = set()
    for r in verbs:
        if r.lang == "en" and r.data.get("subject") is True:
            subject_words |= verb_forms(r.data["lemma"].split()[0])
        subject_words |= set(r.data.get("irregular", ()))
    cues = {cue: tuple((p if r.data.get("attached") else f" (?:{p})") for r in rows
                       if r.file == "cues.jsonl" and r.data["cue"] == cue for p in [fold_pattern(r.data["pattern"])])
            for cue in CUES}
    return Lexicon(
        rows=tuple(rows), triggers=triggers,
        participles=frozenset(r.data["participle"] for r in verbs if "participle" in r.data),
        attributive=frozenset(r.data["participle"] for r in verbs if r.data.get("attributive")),
        done=tuple(fold_pattern(d) for r in verbs for d in r.data.get("done", ())),
        passive_stems=tuple(fold_pattern(r.data["passive"]) for r in verbs if "passive" in r.data),
        subject_words=frozenset(subject_words),
        subject_stems=tuple(fold_pattern(s) for r in verbs if isinstance(r.data.get("subject"), list)
                            for s in r.data["subject"]),
        says=tuple(fold_pattern(r.data["says"]) for r in verbs if "says" in r.data),
        speaks=tuple(r.data["speaks"] for r in verbs if "speaks" in r.data),
        actors=tuple((r.data["side"], fold_pattern(p), r) for side in SIDES for r in rows
                     if r.file == "actors.jsonl" and r.data["side"] == side for p in r.data["patterns"]),
        under=under, compound=compound, cues=cues,
    )


def _read_rows(root: Path, lang: str, name: str) -> list[Row]:
    path = root / lang / name
    if not path.exists():
        return []
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise LexiconError(f"{path}:{i}: not a JSON object ({err.msg}); write one row per line") from err
        out.append(Row(lang, name, i, data))
    return out


def _read_macros(root: Path) -> dict[str, str]:
    path = root / "en" / "macros.json"
    return json.loads(path.read_text(encoding="utf-8"))["macros"] if path.exists() else {}


def _check_row(row: Row) -> None:
    data = row.data
    allowed = _FIELDS[row.file] | _COMMON
    if unknown := sorted(set(data) - allowed):
        raise LexiconError(f"{row.where}: unknown field(s) {unknown}; known: {sorted(allowed)}")
    if not _ROLES[row.file] & set(data):
        raise LexiconError(f"{row.where}: the row has no role (one of {sorted(_ROLES[row.file])}), so it is unused")
    if not isinstance(data.get("example"), str) or not isinstance(data.get("expect"), dict):
        raise LexiconError(f"{row.where}: every row needs an 'example' sentence and what to 'expect' of it")
    if bad := sorted(set(data.get("triggers", {})) - set(RELATIONS)):
        raise LexiconError(f"{row.where}: unknown relation(s) {bad}; known: {list(RELATIONS)}")
    if "side" in data and data["side"] not in SIDES:
        raise LexiconError(f"{row.where}: side {data['side']!r} is not one of {SIDES}")
    if "cue" in data and data["cue"] not in CUES:
        raise LexiconError(f"{row.where}: cue {data['cue']!r} is not one of {CUES}")
    if data.get("attributive") and "participle" not in data:
        raise LexiconError(f"{row.where}: 'attributive' needs the 'participle' it applies to")
    if "done" in data and "may_withdraw" not in data.get("triggers", {}):
        raise LexiconError(f"{row.where}: 'done' forms only apply to a 'may_withdraw' trigger")
    if (data.get("whole") or data.get("sided")) and not data.get("triggers"):
        raise LexiconError(f"{row.where}: 'whole'/'sided' describe triggers, and the row has none")


def _check_unique(rows: list[Row]) -> None:
    """Refuse a lemma, side word or pattern listed twice: the two rows could say different things."""
    seen: dict[tuple, Row] = {}
    for row in rows:
        d = row.data
        keys = []
        if row.file == "verbs.jsonl":
            keys.append(("lemma", row.lang, d["lemma"]))
            keys += [("says", fold_pattern(d["says"]))] if "says" in d else []
            keys += [("participle", d["participle"])] if "participle" in d else []
        elif row.file == "sides.jsonl":
            keys.append(("side word", d["word"]))
        elif row.file == "actors.jsonl":
            keys += [("actor pattern", fold_pattern(p)) for p in d["patterns"]]
        else:
            keys.append(("cue", fold_pattern(d["pattern"])))
        for k in keys:
            if k in seen:
                raise LexiconError(f"{row.where}: {k[0]} {k[-1]!r} is already listed at {seen[k].where}; "
                                   "list each once, with all its roles")
            seen[k] = row


def _expand(raw: str, row: Row, macros: dict[str, str], under: dict[str, str], compound: dict[str, str],
            used: set[str]) -> list[str]:
    """A pattern with its macros filled in; ``${side}``/``${owner}`` make one pattern per side word."""
    def fill(m: re.Match) -> str:
        name = m.group(1)
        if name == "owners":
            return "|".join(under)
        if name not in macros:
            raise LexiconError(f"{row.where}: unknown macro ${{{name}}} in {raw!r}")
        used.add(name)
        return _MACRO.sub(fill, macros[name])

    for name, words in (("side", compound), ("owner", under)):
        if "${" + name + "}" in raw:
            return [p for w in words for p in _expand(raw.replace("${" + name + "}", w), row, macros, under, compound, used)]
    return [_MACRO.sub(fill, raw)]


def _check_patterns(triggers: tuple[Trigger, ...]) -> None:
    seen: dict[str, Trigger] = {}
    for t in triggers:
        if t.pattern in seen:
            raise LexiconError(f"{t.row.where}: trigger {t.pattern!r} is already listed at {seen[t.pattern].row.where}")
        seen[t.pattern] = t
        if not (t.pattern[:1].isalnum() and t.pattern[1:2] not in ("?", "*", "+", "{")):
            raise LexiconError(f"{t.row.where}: trigger {t.pattern!r} must start with a literal letter or digit")
        try:
            re.compile(t.pattern)
        except re.error as err:
            raise LexiconError(f"{t.row.where}: trigger {t.pattern!r} is not a valid regex ({err})") from err
