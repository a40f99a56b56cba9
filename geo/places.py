"""Settlements named in news text: "the village of Novoselivka", "у Покровську", "под Покровском".

Each capitalised word is looked up in the settlement gazetteer (`geo.settlements`) in
any spelling and case form. A name fires when the gazetteer says it is a city and not a
common word, or when a settlement cue stands beside it: a designator ("the village of",
"село", "посёлок"), a preposition of place ("in", "near", "біля", "под"), a verb of taking
or holding ("captured", "звільнили"), a following "fell" or oblast ("X, Donetsk region"),
or a list that began with one ("the villages of X, Y and Z").

Namesakes are told apart by, in order: the oblast named in the same sentence, the
oblasts and settlements of the rest of the report, and size (a city over villages of
its name, unless the text says "village"). What stays ambiguous is said so, with the
candidates (`geo.verify` may still settle it by the front line). Nothing here imports a
geospatial library.
"""

from __future__ import annotations

import bisect
import functools
from geo import _re as re
from dataclasses import dataclass, field
from typing import Sequence

from geo._names import LazyRegex, token_stems
from geo._text import fold
from geo.mentions import Mention
from geo.settlements import CATEGORY_RANK, Settlement, Settlements

__all__ = ["SettlementMention", "find_settlements", "MAX_CANDIDATES"]

#: At most this many candidates are listed for an ambiguous name (``candidate_count`` has them all).
MAX_CANDIDATES = 25
#: Settlements of one report further apart than this (km) are not taken as each other's context.
NEARBY_KM = 60.0


@dataclass(frozen=True, slots=True)
class SettlementMention:
    """A settlement named in the text (``kind`` ``settlement``).

    Attributes
    ----------
    start, end : int
        Offsets into the decoded text; ``text[start:end] == mention.text``.
    text : str
        The words as written ("Покровську", "Artemivsk").
    code : str or None
        KATOTTG code or ``GN`` + GeoNames id; None when ambiguous.
    name : str or None
        English name of the settlement (of the candidates' common name when ambiguous).
    oblast : str or None
        ISO 3166-2 code of its oblast; set when ambiguous too if all candidates share one.
    coordinates : tuple of float or None
        ``(lon, lat)`` from GeoNames, where the gazetteer has them.
    status : {"resolved", "ambiguous"}
    resolved_by : str or None
        ``unique`` (one settlement of that name), ``oblast`` (named in the sentence),
        ``report`` (the oblasts and places of the rest of the text), ``nearby`` (the
        other settlements of the text) or ``largest`` (a city over villages of its name).
    cue : str or None
        The words that marked it as a settlement, if any ("the village of", "біля").
    candidates : tuple of dict
        For an ambiguous name, up to `MAX_CANDIDATES` of them (code, name, oblast, raion,
        coordinates).
    candidate_count : int
    category : str or None
        ``city``, ``settlement`` or ``village``.
    """

    start: int
    end: int
    text: str
    code: str | None
    name: str | None
    oblast: str | None
    country: str | None
    coordinates: tuple[float, float] | None
    status: str
    resolved_by: str | None
    cue: str | None
    category: str | None
    candidate_count: int
    candidates: tuple[dict, ...] = field(default=())
    kind: str = "settlement"

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "code": self.code,
                "name": self.name, "oblast": self.oblast, "country": self.country,
                "coordinates": list(self.coordinates) if self.coordinates else None, "status": self.status,
                "resolved_by": self.resolved_by, "cue": self.cue, "category": self.category,
                "candidate_count": self.candidate_count, "candidates": [dict(c) for c in self.candidates]}


# --- cues ---------------------------------------------------------------------------

_DESIGNATOR = (r"villages?|towns?|cities|city|settlements?|hamlets?|hub|stronghold|outskirts|"
               r"село|села|селі|селом|сел|селище|селища|селищі|селищем|місто|міста|місті|містом|смт|с\.|м\.|"
               r"деревн\w*|посел\w*|посёл\w*|город\w*|населен\w*\sпункт\w*|н\.\s?п\.|околиц\w*|окраин\w*")
_VERB_BEFORE = (r"captured|captur(?:e|es|ing)|took|take|takes|taking|taken|seized|seiz(?:e|es|ing)|liberated|liberat(?:e|es|ing)|"
                r"retook|retake|retaken|recaptured|entered|enter|entering|surrounded|surround(?:s|ing)?|encircled|"
                r"encircl(?:e|es|ing)|storm(?:s|ed|ing)?|attack(?:s|ed|ing)?|defend(?:s|ed|ing)?|hold(?:s|ing)?|held|"
                r"control(?:s|led|ling)?|abandoned|left|(?:fall|capture|loss|liberation|encirclement|defen[cs]e|"
                r"battle|fight|fighting|assault|offensive|push|advance|approach(?:es)?)\s(?:of|for|on|towards?)|"
                r"захопил\w*|захопи\w*|звільнил\w*|звільни\w*|зайнял\w*|зайня\w*|взял\w*|взяли|оточил\w*|оточу\w*|"
                r"штурму\w*|утриму\w*|контролю\w*|освободил\w*|освободи\w*|занял\w*|захватил\w*|окружил\w*|"
                r"удержива\w*|контролиру\w*|вошли\sв|увійшли\sв|зашли\sв|заш\w*\sв|бої\sза|бои\sза|штурм")
_PREPOSITION = (r"in|near|outside|around|towards?|into|from|at|beyond|past|to|west\sof|east\sof|north\sof|south\sof|"
                r"у|в|біля|під|поблизу|поруч\sз|неподалік|до|з|із|за|на|от|под|около|возле|близ|из|к|ко|у|"
                r"напрямку|направлении|районі|районе")
_CUE_BEFORE = LazyRegex(
    rf"(?<![\w-])(?P<cue>(?:{_DESIGNATOR})(?:\sof)?|(?:{_VERB_BEFORE})(?:\s(?:the|control\sof|over))?|(?:{_PREPOSITION}))"
    r"(?:\s(?:the|a))?\s$", folded=True)
_CUE_AFTER = LazyRegex(
    r"^(?:'s?)?(?:,\s|\s\(|\s)(?P<cue>fell|has\sfallen|had\sfallen|(?:was|were|has\sbeen|had\sbeen|is|is\sbeing)\s"
    r"(?:captured|taken|seized|liberated|retaken|recaptured|encircled|surrounded|under|held|lost|abandoned)|"
    r"remains?\sunder|a\s(?:village|town|city|settlement)|village|town|"
    r"впал\w*|пал\w*|захоплен\w*|звільнен\w*|взят\w*|освобожден\w*|окружен\w*|оточен\w*|"
    r"перейш\w*\sпід|перешел\w*\sпод)", folded=True)
_LIST_GAP = LazyRegex(r"^(?:,\s(?:and\s|or\s)?|\sand\s|\sor\s|\sта\s|\sі\s|\sй\s|\sи\s|\sабо\s|\sили\s)$", folded=True)
_VILLAGE_CUE = LazyRegex(r"village|hamlet|село|села|селі|селом|сел|деревн|посел|посёл|селищ|settlement", folded=True)
_CAPITALISED = re.compile(r"[A-ZА-ЯІЇЄҐЁ][^\W\d_]*(?:['’ʼ][^\W\d_]+)*")
_NEXT_WORD = re.compile(r"[ -]([A-ZА-ЯІЇЄҐЁ][^\W\d_]*(?:['’ʼ][^\W\d_]+)*)")
_ENDS = (". ", "! ", "? ", "\n", ".\n")
_NOT_THE_TOWN = LazyRegex(
    r"\s(?:nuclear\s|thermal\s|hydroelectric\s)?(?:power\s(?:plant|station)|npp|aes|аес|тец|airport|аеропорт|аэропорт|"
    r"dam|refinery|bridge|stadium|university|river|reservoir|річк\w*|река|реки|водосховищ\w*|водохранилищ\w*|"
    r"direction|axis|sector|district|raion|hromada|напрям\w*|направлени\w*|район\w*|громад\w*|ділянц\w*|участк\w*)(?!\w)", folded=True)
_THE_BEFORE = re.compile(r"(?<![\w-])the\s$")
_POSSESSIVE = ("'s", "’s")


@functools.lru_cache(maxsize=1 << 16)
def _stems(word: str) -> tuple[str, ...]:
    return token_stems(word)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    codes: tuple[str, ...]
    cue: str | None
    sentence: tuple[int, int] | None = None  # found when first needed

    def bounds(self, text: str) -> tuple[int, int]:
        if self.sentence is None:
            self.sentence = _sentence(text, self.start, self.end)
        return self.sentence


def _words_at(text: str, folded: str, m: re.Match, gaz: Settlements) -> tuple[int, tuple[str, ...]] | None:
    """The end and codes of the longest settlement name starting with the word *m*."""
    first = folded[m.start():m.end()]
    cache = gaz.memo.setdefault("most", {})
    most = cache.get(first)
    if most == 0:
        return None  # most capitalised words: one look-up
    end0 = m.end()
    if first.endswith(_POSSESSIVE) and first.isascii():  # "Pokrovsk's"
        first, end0 = first[:-2], end0 - 2
    if most is None:
        most = cache[folded[m.start():m.end()]] = gaz.first_words(_stems(first))
        if not most:
            return None
    words, ends = [first], [end0]
    pos = end0
    while len(words) < most:
        nxt = _NEXT_WORD.match(text, pos)
        if not nxt:
            break
        words.append(folded[nxt.start(1):nxt.end(1)])
        ends.append(nxt.end(1))
        pos = nxt.end(1)
    for k in range(len(words), 0, -1):
        codes = gaz.match_words(words[:k])
        if codes:
            return ends[k - 1], codes
    return None


def _cue(folded: str, start: int, end: int, last: _Found | None) -> str | None:
    # A cue ends right before the name and has at most four words ("the key town of", "населенного пункта")
    lo = start - 1
    for _ in range(5):
        lo = folded.rfind(" ", max(0, start - 60), lo)
        if lo < 0:
            break
    before = _CUE_BEFORE.search(folded, max(0, lo, start - 60), start)
    if before:
        return before.group("cue")
    after = _CUE_AFTER.match(folded[end:end + 60])
    if after:
        return after.group("cue")
    if last is not None and last.cue and _LIST_GAP.match(folded[last.end:start]):
        return last.cue  # "the villages of X, Y and Z"
    return None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), at most 400 characters either side (found with ``str.rfind``)."""
    floor, ceiling = max(0, start - 400), min(len(text), end + 400)
    lo = max([floor] + [i + len(mark) for mark in _ENDS if (i := text.rfind(mark, floor, start)) >= 0])
    hi = min([ceiling] + [i for mark in _ENDS if (i := text.find(mark, end, ceiling)) >= 0])
    return lo, hi


def _km(a: Settlement, b: Settlement) -> float:
    import math

    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))  # a haversine is ample to choose context within NEARBY_KM


def _candidate(s: Settlement) -> dict:
    return {"code": s.code, "name": s.name_en, "oblast": s.oblast, "raion": s.raion, "category": s.category,
            "coordinates": list(s.point) if s.point else None}


def find_settlements(text: str, folded: str, mentions: Sequence[Mention], skip: Sequence[tuple[int, int]], *,
                     gazetteer: Settlements | None = None) -> list[SettlementMention]:
    """Settlements named in *text*, left to right, with their codes or their candidates.

    Parameters
    ----------
    text, folded : str
        The text and `geo._text.fold` of it.
    mentions : sequence of Mention
        The oblast, country and actor mentions found before (`geo.mentions`): their spans
        are not settlements, and the oblasts named help tell namesakes apart.
    skip : sequence of (int, int)
        Sorted ranges (page furniture) not to read.
    gazetteer : Settlements, optional
        Defaults to the embedded one.

    Examples
    --------
    >>> from geo._text import fold
    >>> text = "Russian forces captured the village of Novoselivka. They entered Pokrovsk."
    >>> [(m.text, m.status, m.oblast, m.resolved_by) for m in find_settlements(text, fold(text), [], [])]
    [('Novoselivka', 'ambiguous', 'UA-14', None), ('Pokrovsk', 'resolved', 'UA-14', 'unique')]
    """
    gaz = gazetteer or Settlements.default()
    taken = sorted((m.start, m.end) for m in mentions)
    taken_starts = [s for s, _ in taken]
    taken_set = set(taken_starts)
    skips = sorted(skip)
    skip_starts = [s for s, _ in skips]
    found: list[_Found] = []
    pos = 0
    for m in _CAPITALISED.finditer(text):
        if m.start() < pos:
            continue
        hit = _words_at(text, folded, m, gaz)
        if hit is None:
            continue
        end, codes = hit
        if _overlaps(taken, taken_starts, m.start(), end) or _overlaps(skips, skip_starts, m.start(), end):
            continue
        nxt = _NEXT_WORD.match(text, end)
        if nxt and text[end] == " " and nxt.start(1) not in taken_set:
            continue  # "Volodymyr Zelenskiy": a given name before a surname, not a town
        if _NOT_THE_TOWN.match(folded, end) or _THE_BEFORE.search(folded, max(0, m.start() - 5), m.start()):
            continue  # "the Zaporizhzhia nuclear power plant", "west of the Dnipro", "на Покровському напрямку"
        last = found[-1] if found else None
        found.append(_Found(m.start(), end, codes, _cue(folded, m.start(), end, last)))
        pos = end
    oblasts = [(m.start, m.region) for m in mentions if m.kind == "admin1" and m.region and m.role == "territory"]
    report_oblasts = {r for _, r in oblasts}
    out = [_resolve(text, folded, f, gaz, oblasts) for f in found]
    # Second pass: the report's own places (oblasts named anywhere, settlements resolved in it).
    resolved = [gaz[m.code] for m in out if m and m.code]
    report_oblasts |= {s.oblast for s in resolved}
    final = []
    placed = [o for o in out if o and o.code]
    placed_starts = [o.start for o in placed]
    for f, m in zip(found, out):
        if m is not None and m.status == "ambiguous":
            lo, hi = f.bounds(text)
            same = [gaz[o.code] for o in placed[bisect.bisect_left(placed_starts, lo):bisect.bisect_left(placed_starts, hi)]]
            m = _by_report(f, m, gaz, report_oblasts, resolved, same)
        if m is not None:
            final.append(m)
    return final


def _overlaps(spans: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start) - 1
    return any(s < end and start < e for s, e in spans[max(i, 0):i + 2])


def _fires(s: Settlement, cue: str | None) -> bool:
    """A bare capitalised name is a settlement only for a city whose name is not a common word."""
    return cue is not None or (s.category == "city" and not s.common_word)


def _resolve(text: str, folded: str, f: _Found, gaz: Settlements,
             oblasts: Sequence[tuple[int, str]]) -> SettlementMention | None:
    cands = [s for s in gaz.many(f.codes) if _fires(s, f.cue)]
    if not cands:
        return None
    if len(cands) == 1:
        return _mention(text, f, cands, "unique")
    lo, hi = f.bounds(text)
    named = {code for pos, code in oblasts if lo <= pos < hi}
    in_named = [s for s in cands if s.oblast in named]
    if in_named:
        return _mention(text, f, in_named, "oblast", rest=in_named)
    village = f.cue is not None and _VILLAGE_CUE.search(f.cue) is not None
    cities = [s for s in cands if s.category == "city"]
    if len(cities) == 1 and not village:
        return _mention(text, f, cities, "largest")
    if village:
        cands = [s for s in cands if s.category != "city"] or cands
    return _mention(text, f, cands, None, rest=cands)


def _by_report(f: _Found, m: SettlementMention, gaz: Settlements, oblasts: set[str],
               resolved: list[Settlement], sentence: list[Settlement]) -> SettlementMention:
    cands = [gaz[c["code"]] for c in m.candidates] if m.candidate_count <= MAX_CANDIDATES else \
        [s for s in gaz.many(f.codes) if _fires(s, f.cue)]
    placed = [s for s in resolved if s.point]
    near = [s for s in cands if s.point and any(_km(s, p) <= NEARBY_KM for p in placed)]
    if len(near) == 1:
        return _replace(m, near, "nearby")
    # "Novoselivka near Pokrovsk": a settlement resolved in the same sentence gives the raion
    raions = {(p.oblast, p.raion) for p in sentence}
    in_raion = [s for s in cands if (s.oblast, s.raion) in raions]
    if len(in_raion) == 1:
        return _replace(m, in_raion, "nearby")
    in_report = [s for s in cands if s.oblast in oblasts]
    if len(in_report) == 1:
        return _replace(m, in_report, "report")
    if 1 < len(in_report) < len(cands):
        return _replace(m, in_report, None)
    return m


def _replace(m: SettlementMention, cands: list[Settlement], how: str | None) -> SettlementMention:
    new = _mention_fields(cands, how)
    return SettlementMention(start=m.start, end=m.end, text=m.text, cue=m.cue, **new)


def _mention(text: str, f: _Found, cands: list[Settlement], how: str | None,
             rest: list[Settlement] | None = None) -> SettlementMention:
    return SettlementMention(start=f.start, end=f.end, text=text[f.start:f.end], cue=f.cue,
                             **_mention_fields(cands if how != "oblast" or len(cands) == 1 else rest, how))


def _mention_fields(cands: list[Settlement], how: str | None) -> dict:
    # by the candidates' codes: a stream of reports names the same places again
    key = ("fields", tuple(s.code for s in cands), how)
    if key not in _MEMO:
        _MEMO[key] = _fields(cands, how)
    return _MEMO[key]


#: Mention fields by candidates (codes are unique across gazetteers built from one KATOTTG).
_MEMO: dict[tuple, dict] = {}


def _fields(cands: list[Settlement], how: str | None) -> dict:
    cands = sorted(cands, key=lambda s: (CATEGORY_RANK.get(s.category, 3), -(s.population or 0), s.code))
    if len(cands) == 1:
        s = cands[0]
        return dict(code=s.code, name=s.name_en, oblast=s.oblast, country=s.country, coordinates=s.point,
                    status="resolved", resolved_by=how, category=s.category, candidate_count=1)
    names = {s.name_en for s in cands}
    oblasts = {s.oblast for s in cands}
    countries = {s.country for s in cands}
    cats = {s.category for s in cands}
    return dict(code=None, name=names.pop() if len(names) == 1 else None,
                oblast=oblasts.pop() if len(oblasts) == 1 else None,
                country=countries.pop() if len(countries) == 1 else None, coordinates=None,
                status="ambiguous", resolved_by=None, category=cats.pop() if len(cats) == 1 else None,
                candidate_count=len(cands), candidates=tuple(_candidate(s) for s in cands[:MAX_CANDIDATES]))
