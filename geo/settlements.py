"""The settlement gazetteer: Ukraine's towns and villages, and those of Russia's border oblasts.

Built by ``data/build_settlements.py`` into ``data/settlements.sqlite`` from
Ukraine's codifier KATOTTG (official Ukrainian names, oblast, raion, hromada)
and GeoNames' cities500 (coordinates, population, Russian and press spellings),
plus ``data/curated/settlements.csv`` (renamed places, press spellings, names
that are common words). The file is opened on first use and read row by row,
so a text that names no settlement costs one small query per distinct
capitalised word and nothing at import.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from geo._names import form_score, token_stems
from geo._resources import package_dir
from geo._text import fold
from geo.errors import GazetteerError

__all__ = ["Settlement", "Settlements", "CATEGORY_RANK"]

#: A word of a text must fit a name at least this well (`geo._names.form_score`): more than a shared stem.
MIN_FORM_SCORE = 3
#: Larger kinds of settlement first: a bare name most likely means the city.
CATEGORY_RANK = {"city": 0, "settlement": 1, "village": 2}


@dataclass(frozen=True, slots=True)
class Settlement:
    """One settlement.

    Attributes
    ----------
    code : str
        KATOTTG code (``UA14160210010099403``) for Ukraine, ``GN`` and the GeoNames id
        for Russia.
    country : str
        ``UA`` or ``RU``.
    name_uk, name_en, name_ru : str or None
        Official Ukrainian name; English by Ukraine's national transliteration (GeoNames'
        name in Russia); Russian where GeoNames has one.
    names_en : tuple of str
        Other Latin spellings: press and Russian-derived ones, former names (Artemivsk).
    oblast : str
        ISO 3166-2 code of the oblast (``UA-14``, ``RU-KRS``).
    raion, hromada : str or None
        Names of the raion and hromada, transliterated ("Pokrovskyi", "Pokrovska").
    category : str
        ``city``, ``settlement`` or ``village`` (KATOTTG's category).
    lon, lat : float or None
        GeoNames coordinates, where the build could join the place without doubt.
    population, pop_class : int, str or None
        GeoNames population and its class (``100k+``, ``10k-100k``, ``1k-10k``, ``<1k``).
    common_word : bool
        The name is also a common word ("Bar", "Щастя"): it needs a settlement cue.
    names_ru : tuple of str
        Other Cyrillic spellings: Russian ones, derived or from GeoNames, and former names (Артемовск).
    """

    code: str
    country: str
    name_uk: str | None
    name_en: str
    name_ru: str | None
    names_en: tuple[str, ...]
    oblast: str
    raion: str | None
    hromada: str | None
    category: str
    lon: float | None
    lat: float | None
    population: int | None
    pop_class: str | None
    geonames_id: int | None
    common_word: bool
    names_ru: tuple[str, ...] = ()

    @property
    def point(self) -> tuple[float, float] | None:
        """``(lon, lat)`` or None."""
        return None if self.lon is None else (self.lon, self.lat)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["names_en"] = list(self.names_en)
        d["names_ru"] = list(self.names_ru)
        return d

    def label(self) -> str:
        """English name with its oblast and raion, for listing candidates.

        >>> Settlements.default().search("Покровськ")[0].label()
        'Pokrovsk (UA-14, Pokrovskyi raion)'
        """
        raion = f", {self.raion} raion" if self.raion else ""
        return f"{self.name_en} ({self.oblast}{raion})"


_COLUMNS = ("s.code, s.country, s.name_uk, s.name_en, s.name_ru, s.names_en, s.oblast, r.name_en, h.name_en, "
            "s.category, s.lon, s.lat, s.population, s.pop_class, s.geonames_id, s.common_word, s.names_ru")
_SELECT = (f"SELECT {_COLUMNS} FROM settlements s LEFT JOIN units r ON r.code = s.raion "
           "LEFT JOIN units h ON h.code = s.hromada")


class Settlements:
    """Lookup of settlements by code and by any spelling, backed by the embedded SQLite file.

    Examples
    --------
    >>> gaz = Settlements.default()
    >>> [s.name_en for s in gaz.search("Artemovsk")]
    ['Bakhmut']
    >>> gaz.search("под Покровском")[0].oblast
    'UA-14'
    """

    _default: "Settlements | None" = None

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(f"settlement gazetteer {str(self.path)!r} not found; rebuild with python -m geo.data.build")
        self._local = threading.local()
        self._firsts: dict[str, int] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._rows: dict[str, Settlement] = {}
        self._matches: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._most: dict[tuple[str, ...], int] = {}
        self._many: dict[tuple[str, ...], tuple[Settlement, ...]] = {}
        #: Caches of callers that depend on this gazetteer (`geo.places` keeps word look-ups here).
        self.memo: dict[str, dict] = {}

    @classmethod
    def default(cls) -> "Settlements":
        """The embedded gazetteer (opened once, on first use)."""
        if cls._default is None:
            cls._default = cls(package_dir("data") / "settlements.sqlite")
        return cls._default

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True,
                                                    check_same_thread=False)
        return con

    def __getitem__(self, code: str) -> Settlement:
        if code not in self._rows:
            row = self._con.execute(_SELECT + " WHERE s.code = ?", (code,)).fetchone()
            if row is None:
                raise KeyError(f"no settlement with code {code!r}")
            self._rows[code] = _settlement(row)
        return self._rows[code]

    def many(self, codes: tuple[str, ...]) -> tuple[Settlement, ...]:
        """The settlements of these codes (cached by the tuple: namesakes come back together)."""
        found = self._many.get(codes)
        if found is None:
            found = self._many[codes] = tuple(self[c] for c in codes)
        return found

    def first_words(self, stems: tuple[str, ...]) -> int:
        """The most words a name starting with one of *stems* has (0: none starts so)."""
        most = self._most.get(stems)
        if most is None:
            most = self._most[stems] = self._first_words(stems)
        return most

    def _first_words(self, stems: tuple[str, ...]) -> int:
        todo = [s for s in stems if s not in self._firsts]
        if todo:
            found = dict(self._con.execute(
                f"SELECT first, words FROM firsts WHERE first IN ({','.join('?' * len(todo))})", todo).fetchall())
            for s in todo:
                self._firsts[s] = found.get(s, 0)
        return max((self._firsts[s] for s in stems), default=0)

    def codes(self, key: str) -> tuple[str, ...]:
        """Codes of the settlements with a name of this key (see `geo._names.name_key`)."""
        if key not in self._keys:
            self._keys[key] = tuple(r[0] for r in self._con.execute(
                "SELECT code FROM names WHERE key = ? ORDER BY code", (key,)))
        return self._keys[key]

    def match_words(self, words: list[str]) -> tuple[str, ...]:
        """Codes named by these folded words of a text, in any case form (all words must match).

        Of the settlements whose stems match, those whose name the first word fits best as a
        case form are kept ("у Покровську" is Покровськ, not Покровське).
        """
        key = tuple(words)
        if key not in self._matches:
            self._matches[key] = self._match(words)
        return self._matches[key]

    def _match(self, words: list[str]) -> tuple[str, ...]:
        codes: set[str] = set()
        for combo in itertools.product(*(token_stems(w) for w in words)):
            codes.update(self.codes(" ".join(combo)))
        scores = {c: self._score(words, self[c]) for c in codes}
        best = max(scores.values(), default=0)
        if best < MIN_FORM_SCORE:
            return ()  # a stem alone: "Украинские" is no form of Українськ
        return tuple(sorted(c for c, v in scores.items() if v == best))

    @staticmethod
    def _score(words: list[str], s: Settlement) -> int:
        """The best fit of the words to one of the settlement's names, word by word (the least fitting word counts)."""
        best = 0
        for name in (s.name_uk, s.name_ru, s.name_en, *s.names_en, *s.names_ru):
            parts = (name or "").replace("-", " ").split()
            if len(parts) == len(words):
                best = max(best, min(form_score(w, p) for w, p in zip(words, parts)))
        return best

    def search(self, query: str) -> list[Settlement]:
        """Settlements whose name, in any spelling or case form, is *query*; cities first, then by population.

        A leading preposition or designator ("под", "у", "village of") is ignored.
        """
        words = [w for w in fold(query).replace("'", "").replace("-", " ").split() if w]
        while len(words) > 1 and words[0] in _LEADING:
            words = words[1:]
        found = [self[c] for c in (self.match_words(words) if words else ())]
        return sorted(found, key=lambda s: (CATEGORY_RANK.get(s.category, 3), -(s.population or 0), s.code))


#: Words that may precede a name in a search: prepositions and designators.
_LEADING = frozenset(fold(w) for w in (
    "in near at the of village town city settlement у в біля під поблизу під село селище місто под около возле "
    "город посёлок поселок деревня смт с. м.").split())


def _settlement(row: tuple) -> Settlement:
    values = list(row)
    values[5] = tuple(v for v in (values[5] or "").split("|") if v)
    values[15] = bool(values[15])
    values[16] = tuple(v for v in (values[16] or "").split("|") if v)
    return Settlement(*values)
