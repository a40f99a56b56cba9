"""Figures about territory in news text: percentages, areas and size comparisons.

Each figure becomes a `Quantity` with the bounds the text states, in ``%`` or
``km2``, and the hedge that qualifies it. Hedges are classed so they can be
checked (see `HEDGES`):

========== ============================================== ===================
class      words                                          bounds
========== ============================================== ===================
approximate around, about, roughly, some, approximately,  low = high = value
           an estimated, circa, ~, or so
upper      nearly, almost, up to, as much as, close to,   low = None,
           under, less than, no more than, at most,       high = value
           below, just under
lower      more than, over, at least, upwards of, above,  low = value,
           in excess of, exceeding, no less than, or more high = None
========== ============================================== ===================

A range ("70% to 80%") sets both bounds. Years, counts and dates are never
quantities: only a number with a percent or area unit, a fraction or
quantifier of territory, or a size comparison is read.
"""

from __future__ import annotations

import bisect
import functools
from geo import _re as re
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

from geo._text import find_near, fold, fold_pattern

__all__ = ["Quantity", "find_quantities", "HEDGES", "AREA_UNITS"]

#: Hedge words by class (folded: lower case, no diacritics).
HEDGES: dict[str, tuple[str, ...]] = {
    "approximate": (
        "around", "about", "roughly", "some", "approximately", "approx.", "an estimated", "estimated",
        "circa", "c.", "~", "more or less", "приблизно", "близько", "майже близько", "около", "примерно",
        "порядка", "приблизительно",
    ),
    "upper": (
        "nearly", "almost", "up to", "as much as", "as many as", "close to", "just under", "under", "less than", "fewer than",
        "no more than", "not more than", "at most", "below", "just shy of", "майже", "менше", "до",
        "почти", "менее", "меньше", "не более", "до",
        # "не більше 0,5%" (not more than) is a bound from above, not "більше" (more than)
        "не більше", "не більш як", "не більш ніж", "менш як", "менш ніж", "менше ніж", "менше як",
        "не больше", "не более чем", "менее чем", "меньше чем",
    ),
    "lower": (
        "more than", "over", "at least", "upwards of", "in excess of", "just over", "above", "exceeding",
        "no less than", "not less than", "понад", "більше", "більш ніж", "щонайменше", "не менше",
        "более", "больше", "свыше", "не менее", "как минимум",
        "більш як", "більше ніж", "не менш як", "не менш ніж", "не менше ніж", "более чем", "больше чем",
        "не менее чем",
    ),
}
_TRAILING_HEDGES = {"or so": "approximate", "or more": "lower", "or less": "upper", "plus": "lower",
                    "at most": "upper", "at least": "lower", "at the most": "upper", "at the least": "lower"}

#: Area units: folded pattern -> (display name, km2 per unit).
AREA_UNITS: dict[str, tuple[str, float]] = {
    r"km²|km2|km\^2|sq\.?\s?kms?\b|sqkm|square[\s-]kilomet(?:er|re)s?|square\s?kms?\b|kilomet(?:er|re)s?\s+squared"
    r"|кв\.?\s?км|км²|км2|квадратн\w*\s+кілометр\w*|квадратн\w*\s+километр\w*": ("km2", 1.0),
    r"sq\.?\s?mi(?:les?)?\b|square[\s-]miles?|mi²|mi2": ("sq mi", 2.589988110336),
    r"hectares?|\bha\b|гектар\w*|\bга\b": ("ha", 0.01),
    r"acres?": ("acre", 0.004046856422),
}
_PERCENT = r"[%％](?![^\W\d_])|percent(?!age)|per\s?cent(?!age)|pct\b|відсот\w*|процент\w*"
#: The Earth's surface: no area a text states can be larger.
_MAX_KM2 = 510_072_000.0
_MULTIPLIERS = {
    "thousand": 1e3, "k": 1e3, "тис": 1e3, "тис.": 1e3, "тисяч": 1e3, "тисячі": 1e3, "тысяч": 1e3,
    "тысячи": 1e3, "тыс": 1e3, "тыс.": 1e3, "million": 1e6, "mn": 1e6, "млн": 1e6, "млн.": 1e6,
    "billion": 1e9, "bn": 1e9,
}
# The first digit stands outside the alternatives, so a regex that starts with a number lets
# the regex engine skip ahead to the next digit in C. At most four digit groups: more is above
# any area on Earth, and a bound keeps the work per start constant ("700 700 700 ..." lines,
# where every group can start a match, were quadratic with an unbounded run).
_NUM_REST = (
    r"(?:\d{0,2}(?:[, ']\d{3}){1,4}(?:\.\d+)?"  # 26,000  26 000  26,000.5
    r"|\d{0,2}(?:\.\d{3}){1,4}(?:,\d+)?"  # 26.000 (European)
    r"|\d*(?:[.,]\d+)?(?:e[+-]?\d+)?)"  # 26  2.6  2,5  2.6e4
)
_NUM = r"\d" + _NUM_REST
_MULT = r"(?:\s?(?:thousand|million|billion|mn|bn|k|тис\.?|тисяч[іи]?|тысяч[иа]?|тыс\.?|млн\.?)(?!\w))"
_UNIT = "(?:" + _PERCENT + "|" + "|".join(AREA_UNITS) + ")"
_CONNECT = r"\s?(?P<conn>-|–|—|to|and|or|до|і|и)\s?"
#: Connectors that make a range only after "between": "between 70 and 80%", but "99% and 70% of ... respectively".
_AND = frozenset({"and", "і", "и"})
# Starts with a digit that does not continue a longer token ("A70%", "1.2.3"); a leading
# "between"/"from" is checked after.
_FIGURE = re.compile(
    rf"(?P<n1>\d(?<![\w.,]\d){_NUM_REST})(?P<m1>{_MULT})?(?:\s?(?P<u1>{_UNIT}))?"
    rf"(?:{_CONNECT}(?P<n2>{_NUM})(?P<m2>{_MULT})?)?"
    rf"\s?-?\s?(?P<unit>{_UNIT})",  # folded text is lower case already
)
_BETWEEN = re.compile(r"(?:between|from|від|от|між|между)\s$")
_HEDGE_CLASS = {fold(h): cls for cls, hs in HEDGES.items() for h in hs}
_HEDGE_BEFORE = re.compile(
    r"(?:^|[\s(\"“«])(?P<hedge>"
    + "|".join(sorted((re.escape(h) for h in _HEDGE_CLASS), key=len, reverse=True))
    + r")(?:\s(?:на|над|по|под|під))?\s*$"  # "просунувся приблизно на 60 кв. км", "примерно над 2,5 тыс."
)
_HEDGE_AFTER = re.compile(r"\s(?P<hedge>" + "|".join(_TRAILING_HEDGES) + r")\b")
#: "a tenth of the Luhansk region at most": a bound after the figure's scope (the span stays the figure).
_BOUND_AFTER_SCOPE = re.compile(r"\sof\s[^,.;:()]{1,40}?\s(?P<hedge>"
                                + "|".join(h for h in _TRAILING_HEDGES if h.startswith("at ")) + r")\b")

_FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "fifth": 1 / 5, "tenth": 1 / 10}
_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_FRACTION = re.compile(
    r"(?<![\w-])(?:(?P<count>a|one|two|three|four)[\s-])?(?P<frac>half|thirds?|quarters?|fifths?|tenths?)"
    r"(?=\s(?:of|the)\b)"
)
_FRACTION_HINTS = tuple(_FRACTIONS)
#: Quantifiers of territory: pattern -> (low %, high %, hedge class).
_WORDS: list[tuple[str, float | None, float | None, str | None]] = [
    (r"(?:almost|nearly|virtually|practically)\s(?:all|the\s(?:entire|whole|entirety))(?:\sof)?"
     r"|(?:almost|nearly|virtually|practically)\s(?:entirely|completely|fully|wholly)", 90, 100, "upper"),
    (r"(?:all|the\s(?:entire|whole|entirety))(?:\sof)?", 100, 100, None),
    (r"(?:fully|entirely|completely|wholly|in\sfull"
     r"|(?:full|complete|total)\s(?:control|liberation|capture|occupation)\s(?:of|over))", 100, 100, None),
    # "every fifth square kilometre of Ukraine": a fifth of it
    (r"every\sfifth(?:\ssquare\s(?:kilomet\w+|mile))?", 20, 20, None),
    (r"every\stenth(?:\ssquare\s(?:kilomet\w+|mile))?", 10, 10, None),
    (r"(?:most|(?:the|a)\s(?:majority|bulk))(?:\sof)?", 50, 100, "lower"),
    # "controls none of the Luhansk region": nothing of it (a figure, so the claim is not read as all of it)
    (r"(?:none|no\spart)\sof(?=\s(?:the\s|its\s|their\s)?(?:[\w'-]+\s){0,2}(?:region|regions|oblast|oblasts|province"
     r"|territory|territories|land|peninsula)\b)", 0, 0, None),
    (r"(?:(?:relatively|very|comparatively|fairly)\s)?(?:small|tiny|minor|limited)\s"
     r"(?:parts?|portions?|areas?|pockets?|slivers?|footholds?|pieces?|sections?|patches|strips?)"
     r"|a\s(?:sliver|foothold|fraction)", 0, 10, "upper"),
    (r"(?:large|significant|substantial|considerable|sizeable|sizable|vast)\s"
     r"(?:parts?|portions?|swathes?|swaths?|chunks?|areas?|tracts?)", 20, 100, "lower"),
    # "partially controls", "partly occupied": some of it, not all and not none
    (r"partially|partly|" + fold_pattern("частково|частично"), 1, 99, None),
    # Ukrainian and Russian (folded, as the text is: "й" is "и"): "майже всю" (almost all), "всю" (all),
    # "більшу частину" (most), fractions.
    *((fold_pattern(p), low, high, hedge) for p, low, high, hedge in (
        (r"(?:майже|практично|фактично|почти|практически|фактически)(?:\s(?:над|під|по|на|у|в))?"
         r"\s(?:всю|усю|вся|уся|весь|увесь|всей|всего|всієї|усієї|всією|усією|цілу|цілий|целую|целый"
         r"|повністю|полностью|целиком)", 90, 100, "upper"),
        (r"(?:всю|усю|весь|увесь|всей|всего|всієї|усієї|всією|усією|всій|усій|цілу|цілий|целую|целый|повністю"
         r"|полностью|целиком)", 100, 100, None),
        # "повного контролю над", "полном освобождении": all of it
        (r"(?:повн|полн)\w{1,3}\s(?:контрол|звільнен|освобожден|окупац|оккупац)\w*", 100, 100, None),
        # "кожен п'ятий квадратний кілометр", "каждый пятый": a fifth
        (r"(?:кожен|кожний|кожного|кожну|каждый|каждого|каждую)\s(?:п'?ят|пят)\w{1,3}"
         r"(?:\sквадратн\w*\s(?:кілометр|километр)\w*)?", 20, 20, None),
        (r"(?:невелик|небольш|незначн|крихітн|крошечн)\w{1,3}\sчаст\w*", 0, 10, "upper"),
        (r"(?:більшу|більшої|більша|большую|большей|большая)\sчаст\w*|більшість|большинство", 50, 100, "lower"),
        (r"(?:дві|двох|двом|двома|две|двух|двум|двумя)\sтрет\w{0,3}", 66.67, 66.67, None),
        (r"(?:три|трьох|трьом|трьома|трех|трем|тремя)\s(?:чверт|четверт)\w{0,3}", 75, 75, None),
        (r"половин\w{0,2}", 50, 50, None),
        (r"третин\w?|треть|трети", 33.33, 33.33, None),
        (r"чверть|чверті|четверть|четверти", 25, 25, None),
        # "пятую часть" (a fifth part), "десяту частину" (a tenth part)
        (r"(?:п'?ят|пя|п'я)\w{1,3}\sчаст\w*", 20, 20, None),
        (r"десят\w{1,3}\sчаст\w*", 10, 10, None),
    )),
]
#: Words every quantifier of `_WORDS` contains (see `geo._text.find_near`).
_WORD_HINTS = ("all", "entire", "whole", "full", "complete", "total", "wholly", "most", "major", "bulk", "small", "tiny",
               "partly", "partially", "none", "no part", "minor", "limit", "sliver", "foothold", "fraction", "large", "signific", "substan", "consider",
               "sizab", "sizeab", "vast", "every", *map(fold, (
                   "частков", "частичн", "повн", "полн", "кож", "кажд", "невелик", "небольш", "незначн", "крихітн",
                   "крошечн", "вся", "уся", "всієї", "усієї", "всією", "усією",
                   "майже", "практич", "фактич", "почти", "всю", "усю", "весь", "увесь", "всей", "всего", "цілу",
                   "цілий", "целую", "целый", "повністю", "полностью", "целиком", "більш", "больш", "дві", "две",
                   "двох", "двом", "двух", "двум", "три", "трьох", "трьом", "трех", "трем",
                   "половин", "трет", "чверт", "четверт", "пят", "п'ят", "пя", "п'я", "десят")))
_WORD_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<w{i}>{p})" for i, (p, *_ ) in enumerate(_WORDS)) + r")(?![\w-])"
)
#: "most of it", "half of them": a share of something said before, not of a place.
_OF_ANAPHOR = re.compile(r"\s(?:it|them|(?:this|that|these|those)(?!\s(?:area|territory|territories|land|lands|region"
                         r"|regions|part|parts|ground|oblast|province)\b))\b")


def _of_anaphor(folded: str, m: re.Match) -> bool:
    """True for "most of it", "half of them" (the "of" ends the quantifier or follows it)."""
    pos = m.end() if m.group().endswith(" of") else m.end() + 3 if folded.startswith(" of", m.end()) else -1
    return pos >= 0 and _OF_ANAPHOR.match(folded, pos) is not None
#: Nouns that make a fraction or quantifier one of territory.
TERRITORY_NOUNS = frozenset(map(fold, (
    "territory territories land lands region regions oblast oblasts area areas province provinces country "
    "peninsula donbas donbass front frontline part parts portion portions soil ground village villages "
    "salient salients bridgehead bridgeheads pocket pockets enclave enclaves "
    "district districts city cities town towns settlement settlements коридор території територія "
    "територій области области региона регионы регіону регіони земл землі земли область областю областей "
    "територію територією территорию территория территории").split()))

_COMPARE = re.compile(
    r"(?:(?P<factor>twice|double|three\stimes|four\stimes|five\stimes|ten\stimes|half|\d+(?:\.\d+)?\stimes)\s)?"
    r"(?P<cue>the\ssize\sof|(?:an?\s)?area\s(?:the\ssize\sof|equal\sto|comparable\sto|as\s(?:big|large)\sas)"
    r"|as\s(?:big|large)\sas|comparable\sin\ssize\sto|(?:larger|bigger)\sthan|smaller\sthan|the\sarea\sof"
    + fold_pattern(r"|сопоставим\w*\sс|порівнянн\w*\sз|розміром\sз|размером\sс") + ")"
    # "an area equal to about a fifth of Belgium", "сопоставимо с пятой частью Бельгии": a share of the reference
    r"(?:\s(?:(?P<fhedge>about|roughly|around|nearly|almost)\s)?(?P<frac>a\s(?:fifth|quarter|third|tenth)\sof|half\sof"
    + fold_pattern(r"|п'?ят\w{2,3}\sчаст\w*|четверт\w*|трет\w{1,3}|половин\w*") + "))?"
    r"\s(?:the\s)?(?:(?:us|u\.s\.|american)\sstate\sof\s|(?:the\s)?state\sof\s)?"
)
#: The share a comparison names (``frac`` of `_COMPARE`), by the word's first letters.
_COMPARE_FRACTIONS = {"a fifth": 0.2, "a quarter": 0.25, "a third": 1 / 3, "a tenth": 0.1, "half": 0.5,
                      **{fold(k): v for k, v in (("п'ят", 0.2), ("пят", 0.2), ("четверт", 0.25), ("трет", 1 / 3),
                                                   ("половин", 0.5))}}
_FACTORS = {"twice": 2.0, "double": 2.0, "three times": 3.0, "four times": 4.0, "five times": 5.0,
            "ten times": 10.0, "half": 0.5}


@dataclass(slots=True)
class Quantity:
    """A figure about territory, with its stated bounds.

    Attributes
    ----------
    start, end : int
        Offsets of the figure in the text, hedge words included.
    text : str
        ``text[start:end]``.
    kind : {"percent", "area", "comparison"}
    low, high : float or None
        Stated bounds in ``unit``; None where the text leaves that side open.
    unit : {"%", "km2"}
    hedge : {"approximate", "upper", "lower"} or None
        Class of the hedge (see the module's table); ``hedge_text`` gives the words.
    hedge_text : str or None
    basis : {"number", "fraction", "words"}
        Written as digits, as a fraction ("two-thirds") or as a quantifier ("most of").
    original_unit : str or None
        The unit as written, for areas not in km2 ("sq mi", "ha", "acre").
    original_low, original_high : float or None
        The bounds in the original unit.
    reference : str or None
        For comparisons, the gazetteer code of the place compared with.
    reference_km2 : float or None
        Area of the reference place used for the bounds.
    factor : float or None
        "twice the size of" -> 2.
    """

    start: int
    end: int
    text: str
    kind: str
    low: float | None
    high: float | None
    unit: str
    hedge: str | None = None
    hedge_text: str | None = None
    basis: str = "number"
    original_unit: str | None = None
    original_low: float | None = None
    original_high: float | None = None
    reference: str | None = None
    reference_km2: float | None = None
    factor: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        """Short human form: "around 26,000 km2", "70–80%", "fully (= 100%)".

        >>> Quantity(0, 1, "x", "percent", 70.0, 80.0, "%").describe()
        '70–80%'
        >>> Quantity(0, 5, "fully", "percent", 100.0, 100.0, "%", basis="words").describe()
        'fully (= 100%)'
        >>> Quantity(0, 9, "over half", "percent", 50.0, None, "%", "lower", basis="words").describe()
        'over half (≥ 50%)'
        """
        unit = "%" if self.unit == "%" else " km2"

        def fmt(v: float) -> str:
            return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.1f}"

        if self.low is not None and self.high is not None and self.low != self.high:
            body = f"{fmt(self.low)}–{fmt(self.high)}{unit}"
        else:
            value = self.low if self.low is not None else self.high
            body = f"{fmt(value)}{unit}" if value is not None else "?"
        if self.basis != "number" or self.kind == "comparison":
            sign = "≥ " if self.high is None else "≤ " if self.low is None else "= "
            return f"{' '.join(self.text.split())} ({sign}{body})"
        return f"{self.hedge_text} {body}" if self.hedge_text else body


@functools.lru_cache(maxsize=4096)
def parse_number(raw: str) -> float:
    """Parse digits written with any common separators.

    >>> [parse_number(s) for s in ["26,000", "26 000", "26.000", "26,000.5", "2.6e4", "2,5", "70"]]
    [26000.0, 26000.0, 26000.0, 26000.5, 26000.0, 2.5, 70.0]
    """
    s = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    if "e" in s.lower():
        return float(s)
    if re.fullmatch(r"\d{1,3}(?:[, ']\d{3})+(?:\.\d+)?", s):
        return float(re.sub(r"[, ']", "", s))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    return float(s.replace(",", "."))


def _multiplier(raw: str | None) -> float:
    return _MULTIPLIERS.get(raw.strip().lower(), 1.0) if raw else 1.0


@functools.lru_cache(maxsize=256)
def _unit_of(folded_unit: str) -> tuple[str, str, float]:
    """(kind, display unit, factor to % or km2)."""
    if re.fullmatch(_PERCENT, folded_unit, re.IGNORECASE):
        return "percent", "%", 1.0
    for pattern, (name, factor) in AREA_UNITS.items():
        if re.fullmatch(pattern, folded_unit, re.IGNORECASE):
            return "area", name, factor
    raise ValueError(folded_unit)  # pragma: no cover - the regex only matches known units


#: Words after which "over" is not a hedge: "control over the entire region".
#: A verb of change before "до"/"to": the figure is the value reached ("частка зросла до 70%").
_CHANGE_VERBS = (r"(?<!\w)(?:rose|risen|grew|grown|increased|climbed|fell|dropped|declined|зросл\w*|зріс|збільшил\w*"
                 r"|скоротил\w*|зменшил\w*|виросл\w*|вырос\w*|увеличил\w*|сократил\w*|уменьшил\w*|снизил\w*|знизил\w*"
                 r"|подорожча\w*|подешевша\w*|подорожа\w*|подешеве\w*|jumped|surged|soared)")
_CHANGE_BEFORE = re.compile(fold_pattern(_CHANGE_VERBS + r"\s$"))
#: "prices rose by 18%", "цены выросли на 18%": a change of something, not a share of land.
_CHANGE_BY = re.compile(fold_pattern(_CHANGE_VERBS + r"(?:\s(?:за\s\w+|this\s\w+|last\s\w+|in\s\w+))?\s(?:by|на)\s$"))
#: "зросла з 66% у січні до 70%", "rose from 66% to 70%": after a change from a figure, "до"/"to" gives the new one.
_CHANGE_FROM_BEFORE = re.compile(_CHANGE_BEFORE.pattern[:-3] + r"\s(?:from|з|із|від|с|со|от)\s[^.;]{1,40}\s$")
#: "rose from 66% to 70%", "виросла с 66 до 70%": two figures, the old and the new, not a range.
_CHANGED_FROM = re.compile(_CHANGE_BEFORE.pattern[:-3] + r"(?:\s[^\s.;,]+){0,6}?\s(?:from|з|із|від|с|со|от)\s$")
_OVER_NOT_A_HEDGE = ("control ", "sovereignty ", "power ", "authority ", "grip ", "hold ", "rule ")


def _hedge(folded: str, start: int, end: int) -> tuple[int, int, str | None, str | None]:
    """Extend [start, end) over a hedge before or after it; return the hedge class and words."""
    before = _HEDGE_BEFORE.search(folded, max(0, start - 30), start)
    if before and before.group("hedge") == "over" and folded.endswith(_OVER_NOT_A_HEDGE, 0, before.start("hedge")):
        before = None  # "control over the entire region": not "more than"
    if before and before.group("hedge") in ("до", "up to") and (_CHANGE_BEFORE.search(
            folded, max(0, before.start("hedge") - 20), before.start("hedge")) or _CHANGE_FROM_BEFORE.search(
            folded, max(0, before.start("hedge") - 70), before.start("hedge"))):
        before = None  # "зросла до 70%", "rose up to 70%": the value reached, not a bound
    if before:
        words = before.group("hedge")
        return before.start("hedge"), end, _HEDGE_CLASS[words], words
    after = _HEDGE_AFTER.match(folded, end)
    if after:
        words = after.group("hedge")
        return start, after.end(), _TRAILING_HEDGES[words], words
    after = _BOUND_AFTER_SCOPE.match(folded, end)
    if after:
        words = after.group("hedge")
        return start, end, _TRAILING_HEDGES[words], words
    return start, end, None, None


def _bounds(low: float, high: float, hedge: str | None) -> tuple[float | None, float | None]:
    if low != high:
        return low, high
    if hedge == "upper":
        return None, high
    if hedge == "lower":
        return low, None
    return low, high


def _scaled(value: float | None, factor: float | None) -> float | None:
    """An area bound in km2 (*factor* km2 per unit); percentages pass through."""
    return value if value is None or factor is None else round(value * factor, 6)


def _figures(text: str, folded: str) -> Iterable[Quantity]:
    for m in _FIGURE.finditer(folded):
        kind, unit, factor = _unit_of(m.group("unit"))
        if m.group("u1") and _unit_of(m.group("u1"))[0] != kind:
            continue  # "5 km2 to 80%": not one figure
        n1 = parse_number(m.group("n1")) * _multiplier(m.group("m1"))
        n2 = parse_number(m.group("n2")) * _multiplier(m.group("m2") or m.group("m1")) if m.group("n2") else n1
        if m.group("n2") and not m.group("m1") and m.group("m2"):
            n1 *= _multiplier(m.group("m2"))  # "20 to 30 thousand km2"
        between = _BETWEEN.search(folded, max(0, m.start() - 9), m.start()) if m.group("n2") else None
        if m.group("n2") and (m.group("conn") in _AND and between is None or m.group("conn") in ("to", "до")
                              and _CHANGED_FROM.search(folded, max(0, m.start() - 80), m.start())):
            # "99% and 70% of the Luhansk and Donetsk regions respectively": two figures, each with the unit
            first_end = m.end("u1") if m.group("u1") else m.end("m1") if m.group("m1") else m.end("n1")
            parts = [(m.start(), first_end, n1, n1), (m.start("n2"), m.end(), n2, n2)]
        else:
            parts = [(between.start() if between else m.start(), m.end(), min(n1, n2), max(n1, n2))]
        for part in parts:
            if (q := _figure(text, folded, *part, kind, unit, factor)) is not None:
                yield q


def _figure(text: str, folded: str, start: int, end: int, lo: float, hi: float, kind: str, unit: str,
            factor: float) -> Quantity | None:
    """The figure [start, end) of *lo* to *hi* in *unit*, with its hedge (None if it is out of range)."""
    if kind == "percent" and hi > 100 or hi * factor > _MAX_KM2:
        return None  # no share above 100%, no area above the Earth's ("2.6e41991 km²")
    start, end, hedge, words = _hedge(folded, start, end)
    low, high = _bounds(lo, hi, hedge)
    to_km2 = factor if kind == "area" else None
    return Quantity(
        start=start, end=end, text=text[start:end], kind=kind, low=_scaled(low, to_km2),
        high=_scaled(high, to_km2),
        unit="%" if kind == "percent" else "km2", hedge=hedge, hedge_text=words,
        original_unit=unit if kind == "area" and unit != "km2" else None,
        original_low=low if kind == "area" and unit != "km2" else None,
        original_high=high if kind == "area" and unit != "km2" else None,
    )


#: Numbers in words before a percent sign word ("less than one percent", "двадцять відсотків"): folded form -> value.
_NUMBER_WORDS = {fold(w): v for words, v in (
    ("one одного один одна одної одной", 1), ("two два двох дві двух две", 2), ("three три трьох трех", 3),
    ("four чотири чотирьох четыре четырех", 4), ("five п'ять п'яти пять пяти", 5), ("six шість шести шесть", 6),
    ("seven сім семи семь", 7), ("eight вісім восьми восемь", 8), ("nine дев'ять дев'яти девять девяти", 9),
    ("ten десять десяти", 10), ("fifteen п'ятнадцять п'ятнадцяти пятнадцать пятнадцати", 15),
    ("twenty двадцять двадцяти двадцать двадцати", 20), ("thirty тридцять тридцяти тридцать тридцати", 30),
    ("forty сорок сорока", 40), ("fifty п'ятдесят п'ятдесяти пятьдесят пятидесяти", 50),
    ("sixty шістдесят шістдесяти шестьдесят шестидесяти", 60),
    ("seventy сімдесят сімдесяти семьдесят семидесяти", 70),
    ("eighty вісімдесят вісімдесяти восемьдесят восьмидесяти", 80),
    ("ninety дев'яносто девяносто девяноста", 90),
) for w in words.split()}
_NUMBER_WORD = "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
_WORDED = re.compile(rf"(?<![\w'-])(?P<n>(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD}))?)\s"
                     rf"(?:(?P<unit>{_PERCENT})|(?P<mult>thousand|тисяч[іи]?|тысяч[иа]?)\s(?P<area>{'|'.join(AREA_UNITS)}))")
_WORDED_HINTS = ("percent", "per cent", "thousand", *map(fold, ("відсот", "процент", "тисяч", "тысяч")))


def _worded(text: str, folded: str) -> Iterable[Quantity]:
    """Figures written in words: "less than one percent", "майже двадцять відсотків", "four thousand
    square kilometres", "майже чотири тисячі квадратних кілометрів"."""
    for m in find_near(_WORDED, folded, _WORDED_HINTS, 40, 40):
        value = float(sum(_NUMBER_WORDS[w] for w in re.split(r"[\s-]", m.group("n"))))
        kind, unit, factor = _unit_of(m.group("unit") or m.group("area"))
        value *= _multiplier(m.group("mult"))
        if (q := _figure(text, folded, m.start(), m.end(), value, value, kind, unit, factor)) is not None:
            yield q


_CLAUSE_END = re.compile(r"[!?;]|\.(?!\d)")
#: A share of events, money or homes, never of land: "40% of all Russian assaults", "a quarter of the government's
#: reconstruction budget", "most homes", "30% всех боестолкновений", "15% коштів фонду відновлення".
_NOT_LAND_AFTER = re.compile(fold_pattern(
    r"\s(?:of\s)?(?:all\s|the\s|всіх\s|всех\s|усіх\s)?(?:[\w'-]+\s){0,3}?"
    r"(?:assaults?|attacks?|strikes|clashes|combat\sengagements|budget|funds?|funding|homes|households|votes|prices?"
    r"|revenues?|штурм\w*|атак\w*|боестолкновен\w*|боєзіткнен\w*|бюджет\w*|коштів|средств|дотац\w*|голос\w*"
    r"|цін\w*|цен\w*|домів|домов|домогосподарств\w*"
    # the economy and the people: "10% of Ukraine's GDP", "20% of the region's population", "20% населення"
    r"|gdp|economy|economic\soutput|output|exports?|imports?|population|residents|inhabitants|voters"
    r"|ввп|економік\w*|экономик\w*|експорт\w*|экспорт\w*|імпорт\w*|импорт\w*|населення|населения|мешканц\w*"
    r"|жител\w*|виборц\w*|избирател\w*"
    # people polled: "75% of Ukrainians reject ...", "54% of respondents", "40% опрошенных россиян"
    r"|respondents|ukrainians|russians|citizens|those\spolled|people\spolled|опитаних|респондент\w*|українців|росіян"
    r"|громадян|опрошенных|украинцев|россиян|граждан)(?![\w'])"
    # a relative change: "40% more shells", "на 40% больше"
    r"|\s(?:more|less|fewer|higher|lower|більше|менше|больше|меньше)(?!\w)"))
#: A change of something by a percentage, not a share of land: "prices rose by 3%", "ВВП вырос на 2%",
#: "ціни зросли на 5%" (unless land follows: "grew by 0.5% of Ukraine's territory").
_CHANGED_BY = re.compile(fold_pattern(
    r"(?<!\w)(?:rose|risen|rises|rising|grew|grown|grows|growing|increased|increases|fell|fallen|falls|dropped|declined"
    r"|climbed|jumped|surged|slumped|shrank|shrunk|contracted|expanded|up|down|inflation\sof|inflation\sat"
    r"|(?:вырос|выросл|зріс|зросл|збільшил|збільшувал|зменшил|знизил|впал|подорожчал|подешевшал|увеличил|уменьшил"
    r"|снизил|сократил|скоротил|упал|подорожал|подешевел)\w*)(?:\sby)?(?:\s(?:на|в))?\s$"))
#: "Всего Россия контролирует ...": "in all" (a total to come), not "all of"; "всего лишь" (only).
_TOTAL_NOT_ALL = re.compile(fold_pattern(r"всего(?=\s(?:лишь|около|примерно|почти|более|менее|\d|россия|украина|рф|всу"
                                          r"|в|во|на|по|за|с)\b|,)"))


#: "less than half of the roughly 1,300 square kilometres": a share of an area.
OF_AREA = re.compile(r"\sof\s(?:the\s)?(?:[a-z]+\s)?\d[\d,. ]*\s?(?:thousand\s|тисяч\w*\s|тысяч\w*\s)?"
                      r"(?:sq|square|km|kilomet|hectare|кв|квадрат|км)")


def _is_territorial(folded: str, end: int, places: list[tuple[int, int]]) -> bool:
    """True if one of the next few words of the sentence is a territory noun or a place (*places* sorted),
    or the words go on to an area ("half of the 1,300 sq km")."""
    if OF_AREA.match(folded, end):
        return True
    window_end = end
    stop = _CLAUSE_END.search(folded, end, end + 60)
    for i, w in enumerate(re.finditer(r"[\w']+", folded[end: stop.start() if stop else end + 60])):
        if i >= 5:
            break
        window_end = end + w.end()
        if w.group() in TERRITORY_NOUNS:
            return True
    i = bisect.bisect_left(places, (end, -1))
    return i < len(places) and places[i][0] < window_end


def _changed_by(folded: str, q: Quantity, places: list[tuple[int, int]]) -> bool:
    """Whether percentage *q* says by how much something changed ("prices rose by 3%", "зросли на 5%"), with no
    land after it.

    >>> t = "prices rose by 3% last month"
    >>> _changed_by(t, Quantity(15, 17, "3%", "percent", 3.0, 3.0, "%"), [])
    True
    """
    return ((_CHANGED_BY.search(folded, max(0, q.start - 30), q.start) is not None
             or _CHANGE_BY.search(folded, max(0, q.start - 40), q.start) is not None)
            and not _is_territorial(folded, q.end, places))


#: "Крим повністю;", "Crimea entirely.": an adverb of the whole right after its place, ending the clause.
_WHOLE_AFTER_PLACE = re.compile(fold_pattern(r"(?:fully|entirely|completely|wholly|повністю|цілком|полностью|целиком)"
                                             r"(?=\s?(?:[;.,)]|-\s|$))"))


def _after_its_place(folded: str, m: re.Match, places: list[tuple[int, int]]) -> bool:
    """Whether quantifier *m* follows a place and ends its clause: the place is what it measures."""
    i = bisect.bisect_left(places, (m.start(), -1)) - 1
    return i >= 0 and folded[places[i][1]:m.start()].isspace() and _WHOLE_AFTER_PLACE.match(folded, m.start()) is not None


#: A verb or participle of holding or taking land: a quantifier beside it measures the place named before it.
_VERB_OF_LAND = re.compile(fold_pattern(
    r"(?:control|captur|occup|liberat|seiz|retak|recaptur|overr[au]n|held|taken|driven|drove|expell|ousted"
    r"|контрол|окуп|оккуп|захоп|захва|звільн|освобо|зайня|заня|утрим|удерж|відвоюва|отвоева|витісн|вытесн|выбит"
    r"|вибит)\w*"))
_WORDS_BEFORE = re.compile(r"(?:[\w'-]+\s){1,6}$")
_CLAUSE_START = re.compile(r".*(?:[.!?;:]\s|\s[—–-]\s)", re.DOTALL)


def _measures_place_before(folded: str, start: int, end: int, places: list[tuple[int, int]]) -> bool:
    """True for a quantifier beside a verb of land with a place before it in the clause: "окупували
    Луганщину майже повністю", "Курская область полностью освобождена", "оккупированы примерно на три четверти".

    >>> t = fold("Курская область полностью освобождена.")
    >>> _measures_place_before(t, 16, 25, [(0, 15)])
    True
    >>> t = fold("Курская область полностью обеспечена газом.")
    >>> _measures_place_before(t, 16, 25, [(0, 15)])
    False
    """
    words = _WORDS_BEFORE.search(folded, max(0, start - 60), start)
    near = (words.group() if words else "") + folded[end:end + 24].split(",")[0].split(".")[0][:24]
    if not any(m.start() == 0 or near[m.start() - 1] in " '-" for m in _VERB_OF_LAND.finditer(near)):
        return False
    clause = _CLAUSE_START.match(folded, max(0, start - 120), start)
    lo = clause.end() if clause else max(0, start - 120)
    i = bisect.bisect_left(places, (lo, -1))
    return i < len(places) and places[i][1] <= start


def _fractions(text: str, folded: str, places: list[tuple[int, int]]) -> Iterable[Quantity]:
    for m in find_near(_FRACTION, folded, _FRACTION_HINTS, 6, 20):
        frac = m.group("frac").rstrip("s")
        count = _COUNT.get(m.group("count") or "", 1)
        if m.group("frac").endswith("s") and not m.group("count"):
            continue  # "thirds of" alone is not a figure
        if _of_anaphor(folded, m) or not _is_territorial(folded, m.end(), places):
            continue
        value = round(100 * count * _FRACTIONS[frac], 2)
        start, end, hedge, words = _hedge(folded, m.start(), m.end())
        low, high = _bounds(value, value, hedge)
        yield Quantity(start, end, text[start:end], "percent", low, high, "%", hedge, words, basis="fraction")


def _words(text: str, folded: str, places: list[tuple[int, int]]) -> Iterable[Quantity]:
    for m in find_near(_WORD_RE, folded, _WORD_HINTS, 30, 40):
        _, low, high, hedge = _WORDS[int(m.lastgroup[1:])]
        basis = "fraction" if low == high and low < 100 else "words"  # "половину", "пятую часть" are fractions
        if _of_anaphor(folded, m) or _TOTAL_NOT_ALL.match(folded, m.start()) or not (
                m.group().endswith("foothold") or _is_territorial(folded, m.end(), places)
                or _after_its_place(folded, m, places) or _measures_place_before(folded, m.start(), m.end(), places)):
            continue  # a foothold is land by itself ("a foothold on the left bank")
        start, end, words = m.start(), m.end(), None
        if hedge is None:  # "понад половину" (more than half)
            start, end, hedge, words = _hedge(folded, start, end)
            low, high = _bounds(low, high, hedge)
        yield Quantity(start, end, text[start:end], "percent", low, high, "%", hedge, words, basis=basis)


#: Words every comparison contains; ``str.find`` on them is far faster than the regex over the whole text.
_COMPARE_HINTS = ("size", "area", "big", "large", "comparable", "bigger", "smaller",
                  *map(fold, ("сопоставим", "порівнянн", "розміром", "размером")))


def _comparisons(text: str, folded: str, places: Iterable[tuple[int, int, str, float | None]]) -> Iterable[Quantity]:
    by_start = {start: (end, code, area) for start, end, code, area in places}
    for m in find_near(_COMPARE, folded, _COMPARE_HINTS, 40, 60):
        if m.end() not in by_start:
            continue
        end, code, area = by_start[m.end()]
        if not area:
            continue
        factor_words = m.group("factor")
        factor = _FACTORS.get(factor_words or "", None)
        if factor is None and factor_words:
            factor = float(factor_words.split()[0])
        if m.group("frac"):
            factor = next(v for k, v in _COMPARE_FRACTIONS.items() if m.group("frac").startswith(k))
        cue = m.group("cue")
        hedge = "lower" if cue.startswith(("larger", "bigger")) else "upper" if cue.startswith("smaller") else None
        q_start, _, h, words = _hedge(folded, m.start(), end)
        hedge = hedge or h or (_HEDGE_CLASS[m.group("fhedge")] if m.group("fhedge") else None)
        words = words or m.group("fhedge")
        value = round(area * (factor or 1.0), 1)
        low, high = _bounds(value, value, hedge)
        yield Quantity(
            start=q_start, end=end, text=text[q_start:end], kind="comparison", low=low, high=high, unit="km2",
            hedge=hedge, hedge_text=words, basis="words", reference=code, reference_km2=float(area),
            factor=factor,
        )


#: Words that give a bare number the unit of the figure before it: "the figure was 240", "цей показник становив
#: 520", "эта цифра составила 330"; or, at the start of a sentence, a time and a dash ("В феврале — на 330.").
_CARRIER = re.compile(
    r"(?:(?:the|this|that)\s(?:figure|number|total|tally)\s(?:was|is|had\sbeen|stood\sat|came\sto|amounted\sto|reached)"
    + fold_pattern(r"|(?:цей|той|даний|ця|та|дана)?\s?(?:показник|цифра)\s(?:становив|становила|склав|склала|сягнув"
                   r"|сягнула|був|була|дорівнював|дорівнювала)"
                   r"|(?:этот|тот|данный|эта|та|данная)?\s?(?:показатель|цифра)\s(?:составил|составила|составлял"
                   r"|составляла|был|была|достиг|достигла|равнялся|равнялась)") + r")\s")
_DASH_CARRIER = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:in|у|в|во|за)\s[\w'-]+(?:\s[\w'-]+){0,2}\s-\s(?:на\s|до\s)?")
#: The bare number after a carrier, ending its clause or followed by a time ("was 240 in March").
_BARE_NUMBER = re.compile(rf"(?:(?:about|around|roughly|some|nearly|almost|over|more\sthan|less\sthan|under"
                          + fold_pattern(r"|близько|приблизно|майже|понад|більше|менше|около|примерно|почти|более|свыше|менее")
                          + rf")\s)?(?P<n>{_NUM})(?P<m>{_MULT})?(?=\s?(?:[.;,)]|$)|\s(?:in|on|by|during|у|в|за)\s)")
#: How far back the figure that gives its unit may be (about one sentence).
_CARRY_REACH = 400
#: A carried figure's text: hedge words, then digits (and a multiplier), no unit.
_BARE = re.compile(rf"(?:\D*\s)?{_NUM}{_MULT}?")
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")
_KM2_PER = {name: factor for name, factor in AREA_UNITS.values()}
_CARRIER_HINTS = ("figure", "number", "total", "tally", *map(fold, ("показник", "цифра", "показател")))


def _carriers(folded: str) -> Iterable[re.Match]:
    """The carriers of a text (`_CARRIER`, and `_DASH_CARRIER` around each " - ")."""
    yield from find_near(_CARRIER, folded, _CARRIER_HINTS, 60, 40)
    pos = folded.find(" - ")
    while pos >= 0:
        m = _DASH_CARRIER.search(folded, max(0, pos - 40), pos + 7)
        if m and m.start() <= pos < m.end() and not _YEAR.match(folded, m.end()):  # "In 2023 — 2022.": a year
            yield m
        pos = folded.find(" - ", pos + 3)


def _carried(text: str, folded: str, kept: Sequence[Quantity]) -> Iterable[Quantity]:
    """Bare numbers that take the unit of the figure before them ("Russian forces captured about 380 square
    kilometres in April. In March, the figure was 240."), only where the words say so (see `_CARRIER`)."""
    starts = [q.start for q in kept]
    for c in _carriers(folded):
        n = _BARE_NUMBER.match(folded, c.end())
        i = bisect.bisect_left(starts, c.start()) - 1
        if n is None or i < 0 or c.start() - kept[i].end > _CARRY_REACH or kept[i].kind == "comparison":
            continue
        before = kept[i]
        value = parse_number(n.group("n")) * _multiplier(n.group("m"))
        unit = before.original_unit or ("km2" if before.kind == "area" else "%")
        if (q := _figure(text, folded, n.start("n"), n.end(), value, value, before.kind, unit,
                         _KM2_PER.get(unit, 1.0))) is not None:
            yield q


def is_carried(q: Quantity) -> bool:
    """Whether *q* is a bare number that took its unit from the figure before it (its text has no unit).

    >>> t = "Russian forces captured about 380 square kilometres in April. In March, the figure was 240."
    >>> [(q.text, q.low, q.unit, is_carried(q)) for q in find_quantities(t, fold(t))]
    [('about 380 square kilometres', 380.0, 'km2', False), ('240', 240.0, 'km2', True)]
    """
    return q.basis == "number" and q.kind != "comparison" and _BARE.fullmatch(fold(q.text)) is not None


def find_quantities(
    text: str,
    folded: str,
    places: Iterable[tuple[int, int, str, float | None]] = (),
    skip: Iterable[tuple[int, int]] = (),
) -> list[Quantity]:
    """Every figure about territory in *text*, ordered by position, without overlaps.

    Parameters
    ----------
    text : str
    folded : str
        ``geo._text.fold(text)``.
    places : iterable of (start, end, code, area_km2)
        Place mentions (for comparisons and to tell fractions of territory
        from fractions of anything else).
    skip : iterable of (start, end)
        Ranges to ignore (page furniture).

    Examples
    --------
    >>> from geo._text import find_near, fold, fold_pattern
    >>> t = "Russia holds 70% to 80% of it, with around 26,000 km² left."
    >>> [(q.text, q.low, q.high, q.hedge) for q in find_quantities(t, fold(t))]
    [('70% to 80%', 70.0, 80.0, None), ('around 26,000 km²', 26000.0, 26000.0, 'approximate')]
    """
    places = sorted(places)
    spans = [(s, e) for s, e, _, _ in places]
    found = [*_comparisons(text, folded, places), *_figures(text, folded), *_worded(text, folded), *_fractions(text, folded, spans),
             *_words(text, folded, spans)]
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    skip = sorted(skip)
    skip_starts = [s for s, _ in skip]
    kept: list[Quantity] = []
    for q in found:
        # Sorted by start: a figure can only overlap the last one kept, or a skipped range near it.
        if kept and q.start < kept[-1].end or q.kind == "percent" and (
                _NOT_LAND_AFTER.match(folded, q.end) or _changed_by(folded, q, spans)):
            continue
        i = bisect.bisect_right(skip_starts, q.start) - 1
        if any(s < q.end and q.start < e for s, e in skip[max(i, 0):i + 2]):
            continue
        kept.append(q)
    if " - " in folded or any(h in folded for h in _CARRIER_HINTS):
        kept = sorted([*kept, *_carried(text, folded, kept)], key=lambda q: q.start)
    return kept
