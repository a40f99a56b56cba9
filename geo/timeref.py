"""Time references: the date or period a claim is about, read from its sentence.

"As of 20 May 2025", "since September 6", "in 2024", "in November", "last week",
"over the past week", "between March and May", "before 2022", "станом на 1 грудня",
"з початку року", "с начала 2024 года", "за минулий тиждень", "за сутки" are read and
resolved against the document's date. The words are data (`MONTHS`, `UNITS`,
`RELATIVE`, `SEASONS`, `PARTS`, the prepositions in `_RULES`); each rule is one pattern and what it means.

=================================== =============================================
written                             resolved (document of 2024-12-02)
=================================== =============================================
"as of 20 May 2025", "станом на"    ``as_of`` that day
"in 2024", "у 2024 році"            2024-01-01 to 2024-12-02 (a period that has
                                    not ended stops at the document's date,
                                    unless it ends within a tenth of it, at
                                    most 7 days: a review of the year)
"in November" (no year)             the last November up to the document's date
"since September 6", "з 6 вересня"  2024-09-06 to the document's date
"since the start of the year",
"з початку року", "с начала года"   2024-01-01 to the document's date
"between March and May"             2024-03-01 to 2024-05-31
"before 2022", "до 2022 року"       ``as_of`` the day before (2021-12-31)
"before the full-scale invasion",
"до повномасштабного вторгнення"    ``as_of`` 2022-02-23, the eve of the invasion
"last week", "за минулий тиждень"   the calendar week before (Monday-Sunday)
"over the past week", "in a week"   the 7 days up to the document's date
"in the summer of 2022", "влітку
2022 року", "летом 2022 года"       2022-06-01 to 2022-08-31 (`SEASONS`)
"in early 2025", "late last year"   the first or last third (`PARTS`)
"наприкінці минулого року"          ``as_of`` 2023-12-31
"last month", "last year"           the calendar month or year before
"за сутки", "за добу"               the day up to the document's date
"a year ago", "рік тому", "год      ``as_of`` a year before (2023-12-02); the note
назад"                              says how loose (within 7 days)
"a year earlier", "годом ранее"     a year before the date given to `resolve`
                                    (the time of the figure compared with)
"at the start of the year",         ``as_of`` 2024-01-01
"на початку року", "в начале года"
"a day", "per day on average",
"в сутки", "на добу"                a rate: ``per`` = "day" (not a period)
=================================== =============================================

A relative time in a text with no date stays unresolved (``basis`` "none", with a
note saying so); a claim with no time of its own is about the document's date
(``basis`` "document"), or about no known time.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
from geo import _re as re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Sequence

from geo._names import LazyRegex
from geo._text import fold, fold_pattern
from geo.change import period_gap
from geo.vocab import CHANGE_RELATIONS, STATE_RELATIONS

#: The day before Russia's full-scale invasion of 24 February 2022: "before the full-scale invasion".
INVASION_EVE = "2022-02-23"

__all__ = ["TimeRef", "TimeExpression", "find_times", "resolve", "claim_time", "attach_times", "strip_dates",
           "MONTHS", "RELATIVE", "UNITS", "SEASONS", "PARTS"]

#: Month names as stems that take the case endings of each language (folded spelling).
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"),
    "uk": ("січ(?:ень|ня|ні)", "лют(?:ий|ого|ому)", "берез(?:ень|ня|ні)", "квіт(?:ень|ня|ні)", "трав(?:ень|ня|ні)",
           "черв(?:ень|ня|ні)", "лип(?:ень|ня|ні)", "серп(?:ень|ня|ні)", "верес(?:ень|ня|ні)", "жовт(?:ень|ня|ні)",
           "листопад(?:а|і)?", "груд(?:ень|ня|ні)"),
    "ru": ("январ(?:ь|я|е)", "феврал(?:ь|я|е)", "март(?:а|е)?", "апрел(?:ь|я|е)", "ма(?:й|я|е)", "июн(?:ь|я|е)",
           "июл(?:ь|я|е)", "август(?:а|е)?", "сентябр(?:ь|я|е)", "октябр(?:ь|я|е)", "ноябр(?:ь|я|е)",
           "декабр(?:ь|я|е)"),
}
#: Abbreviations written with a full stop or before a day ("Sept. 6", "Nov 20").
_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept?", "oct", "nov", "dec")

#: Units of time -> (length in days, unit name); the words of each language for them.
UNITS: dict[str, tuple[int, tuple[str, ...]]] = {
    "day": (1, ("days?", "24 hours", "дн(?:і|ів|ей|я)", "доб(?:а|у|и)", "сутки", "суток", "день")),
    "week": (7, ("weeks?", "тиж(?:день|ні|нів|ня)", "недел(?:я|ю|и|ь|е)")),
    "month": (30, ("months?", "місяц(?:ь|і|ів|я)", "месяц(?:а|ев)?")),
    "year": (365, ("years?", "р(?:ік|оки|оків|оку|оці)", "год(?:а|у)?", "лет")),
}

#: Seasons -> (first month, number of months); their words as stems with case endings (folded spelling).
#: "Fall" is a season only with a year ("the fall of 2022", not "the fall of Avdiivka").
SEASONS: dict[str, tuple[int, tuple[str, ...]]] = {
    "spring": (3, ("spring", "весн(?:а|и|і|у|ою|ы|е|ой)", "навесні")),
    "summer": (6, ("summer", "літ(?:о|а|і|ом)", "влітку", "улітку", "лет(?:о|а|е|ом)")),
    "autumn": (9, ("autumn", r"fall(?=\s(?:of\s)?(?:19|20)\d\d)", "осін(?:ь|ню)", "осені", "восени", "увосени",
                   "осен(?:ь|и|ью)")),
    "winter": (12, ("winter", "зим(?:а|и|і|у|ою|ы|е|ой)", "взимку", "узимку")),
}
#: Words for the first, middle and last third of a year, season or month ("in early 2025", "late last
#: year", "в середине 2024 года"), and for its last day ("наприкінці минулого року", "в конце прошлого года").
PARTS: dict[str, tuple[str, ...]] = {
    "early": ("early", r"на\sпочатку", r"в\sначале"),
    "mid": ("mid", r"in\sthe\smiddle\sof", r"[ув]\sсередині", r"в\sсередине"),
    "late": ("late",),
    "end": (r"(?:at|by)\sthe\send\sof", "наприкінці", r"в\sкінці", r"до\sкінця", r"в\sконце", r"к\sконцу"),
}

#: Words that make "week", "month", "year" the last one: "last week", "за минулий тиждень".
RELATIVE = ("last", "past", "previous", "preceding", "минул(?:ий|ого|ому|у|ої|і)", "останн(?:ій|ього|ю|і|іх)",
            "попередн(?:ій|ього|ю)", "прошл(?:ый|ую|ого|ом|ой)", "последн(?:ий|юю|ие|их|ей)", "предыдущ(?:ий|ую)")


def _alt(words) -> str:
    return "(?:" + "|".join(words) + ")"


_MONTH = _alt(m for lang in MONTHS.values() for m in lang) + r"(?!\w)"  # not "май" in "майже"
_MONTH_ABBR = _alt(a + r"\.?" for a in _ABBREVIATIONS)
_YEAR = r"(?:19|20)\d\d"
_YEAR_WORD = r"(?:\s(?:року|році|рік|років|роках|рр\.|р\.|годов|годах|года|году|гг\.|г\.|год)(?!\w))?"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
#: A season, with its year or years ("the summer of 2022", "влітку 2022 року", "winter 2022-23").
_SEASON_WORD = _alt(w for _, words in SEASONS.values() for w in words)
_SEASON_YEAR = rf"(?:\s(?:of\s)?{_YEAR}(?:\s?[-/]\s?(?:19|20)?\d\d(?!\d))?{_YEAR_WORD})?"
#: "The summer offensive of 2023" names a campaign, not the last summer.
_CAMPAIGN = r"(?!\s(?:counter-?)?offensive|\scampaign|\s(?:контр)?наступ|\sкампан)"
_SEASON = rf"(?:the\s)?{_SEASON_WORD}(?!\w){_CAMPAIGN}{_SEASON_YEAR}"
#: A season as an adverb, which needs no preposition: "ще влітку 2022 року", "летом 2022 года".
_SEASON_ADVERB = (r"(?:навесні|весною|влітку|улітку|восени|увосени|взимку|узимку|зимою|весной|летом|осенью|зимой)"
                  rf"(?!\w){_SEASON_YEAR}")
_PART = {name: _alt(words) for name, words in PARTS.items()}
#: The first, middle or last third of a month, season or year: "early 2025", "mid-May", "на початку 2025 року".
_THIRD = (rf"(?:{_PART['early']}|{_PART['mid']}|{_PART['late']})(?:-|\s(?:in\s|of\s)?)(?:the\s)?"
          rf"(?:{_MONTH}(?:\s(?:of\s)?{_YEAR})?{_YEAR_WORD}|{_SEASON}|{_YEAR}{_YEAR_WORD}(?![\d%,.]\d))")
#: One point or stretch of the calendar: a day, a month, a season, a year, a third of one.
_POINT = (rf"(?:{_THIRD}|{_SEASON}|\d{{4}}-\d\d-\d\d|[0-3]?\d\.[01]\d\.{_YEAR}"
          rf"|{_DAY}\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR})?{_YEAR_WORD}"
          rf"|(?:{_MONTH}|{_MONTH_ABBR})\s{_DAY}(?:,?\s{_YEAR})?(?![\d%])"
          rf"|{_MONTH}(?:\s(?:of\s)?{_YEAR})?{_YEAR_WORD}"
          rf"|{_YEAR}\s?[-/]\s?(?:19|20)?\d\d(?![-\d]|\s?(?:%|km|кв|sq|per|відс|проц)){_YEAR_WORD}"  # "2022-23"
          rf"|{_YEAR}{_YEAR_WORD}(?![\d%,.-]\d|\s?(?:%|km|кв|sq|per|відс|проц)))")
_UNIT = {name: _alt(words) for name, (_, words) in UNITS.items()}
_ANY_UNIT = _alt(_UNIT.values()) + r"(?!\w)"
_LAST = _alt(RELATIVE)
_THE_START = (r"(?:the\s)?(?:start|beginning|outset)\sof(?:\sthe)?|початку|начала|начале")
_THIS = r"(?:this|the|цього|поточного|этого|текущего)"
#: Counts of units written as words: "a year ago", "two months earlier", "два роки тому", "три месяца назад".
COUNTS: dict[str, int] = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "один": 1, "одна": 1,
                          "одну": 1, "два": 2, "дві": 2, "две": 2, "три": 3, "чотири": 4, "четыре": 4, "шість": 6,
                          "шесть": 6, "півроку": 0, "полгода": 0}
_COUNT = "|".join([r"\d+", *(w for w in COUNTS if COUNTS[w])])
#: "роком раніше", "годом ранее", "місяцем раніше": the unit in the instrumental case.
_UNIT_BY = {"year": r"(?:роком|годом)", "month": r"(?:місяцем|месяцем)", "week": r"(?:тижнем|неделей)",
            "day": r"(?:днем|днём)"}
_EARLIER = r"(?:раніше|ранее|раньше)"

#: The rules, in order of preference where two overlap: (kind, pattern). Kinds: ``as_of``
#: (a day), ``in`` (the stretch of a point), ``since``, ``since_start`` (of a year or month),
#: ``between``, ``before``, ``last`` (the *n* units up to the document's date), ``prev`` (the
#: calendar unit before), ``this`` (this calendar unit so far), ``rate`` ("a day").
_RULES: tuple[tuple[str, str], ...] = (
    ("between", rf"\b(?:between|from|з|із|від|с|со)\s(?P<a>{_POINT})\s(?:and|to|until|till|through|до|по|and\send\sof)"
                rf"\s(?P<b>{_POINT})"),
    ("as_of", rf"\b(?:as\s(?:of|at)|станом\sна|по\sсостоянию\sна|on|by|at\sthe\send\sof|by\sthe\send\sof"
              rf"|наприкінці|в\sкінці|в\sконце|к\sконцу|на)\s(?P<a>{_POINT})"),
    ("since_start", rf"\b(?:since|from|з|від|с)\s(?:{_THE_START})\s(?P<a>{_POINT}|{_THIS}?\s?(?P<u>{_ANY_UNIT}))"),
    # "at the start of the year", "на початку року", "в начале 2025 года": that first day
    # "at the start of the year", "на початку року": its first day ("на початку 2024 року" is early 2024, a third)
    ("start_of", rf"\b(?:at|на|в)\s(?:{_THE_START})\s(?P<a>(?:the\s)?(?:(?:19|20)\d\d\b(?!\s(?:року|рок|года|год))|{_THIS}?\s?(?P<u>{_ANY_UNIT})))"),
    # "a year ago", "рік тому", "год назад": back from the document's date; "a year earlier", "годом ранее":
    # back from the time of the figure it is compared with (`resolve` with that day), else the document's
    ("ago", rf"\b(?:(?P<n>{_COUNT})\s)?(?P<u>{_ANY_UNIT})\s(?:ago|тому|назад)\b"
            rf"|\b(?P<half>півроку|полгода)\s(?:тому|назад)\b"),
    ("earlier", rf"\b(?:(?P<n>{_COUNT})\s)?(?P<u>{_ANY_UNIT})\s(?:earlier\b|(?:before|prior)(?=\s?(?:[,.;:)]|-\s|$)))"
                rf"|\b(?:на\s)?(?:(?P<n2>{_COUNT})\s)?(?P<by>{'|'.join(_UNIT_BY.values())})\s{_EARLIER}\b"
                rf"|\bна\s(?:(?P<n3>{_COUNT})\s)?(?P<u2>{_ANY_UNIT})\s{_EARLIER}\b"),
    ("since", rf"\b(?:since|з|із|від|с|начиная\sс)\s(?P<a>{_POINT})"),
    ("before", rf"\b(?:before|prior\sto|до|перед)\s(?P<a>{_POINT})"),
    # "before the full-scale invasion", "до повномасштабного вторгнення", "до начала полномасштабного вторжения"
    ("before_invasion", rf"\b(?:before|prior\sto|до|перед)\s(?:the\s)?(?:(?:start|beginning|outset)\sof\s(?:the\s)?"
                        rf"|початку\s|начала\s)?(?:russia'?s\s)?(?:full-?\s?scale\s(?:russian\s)?(?:invasion|war)"
                        rf"|(?:russian\s)?invasion|повномасштабн\w*\s(?:вторгнення|війни)|полномасштабн\w*\s(?:вторжения"
                        rf"|войны)|вторгнення|вторжения)\b"),
    ("in", rf"\b(?:in|during|throughout|over|у|в|во|протягом|впродовж|упродовж|за|в\sтечение|по\sитогам|за\sпідсумками"
           rf"|по\sрезультатам|за\sрезультатами)\s"
           # "over the course of 2024", "за весь 2024 рік", "за весь 2024 год"
           rf"(?:the\scourse\sof\s|весь\s|увесь\s)?(?P<a>{_POINT})"),
    ("in", rf"\b(?P<a>{_THIRD}|{_SEASON_ADVERB})"),
    # "last month" is the calendar month before; "over the last month" the 30 days up to the document's date;
    # "last week" is the calendar week before (Monday to Sunday); "over the past week" the 7 days up to the date
    ("prev", rf"\b(?:(?P<part>{_alt(_PART.values())})[\s-])?(?:last|минул(?:ий|ого|ому|у)|прошл(?:ый|ую|ого|ой|ом)"
             rf"|в\sпрошлом|на\sпрошлой|на\sминулому|за\s(?:минул(?:ий|у|ого)|прошл(?:ый|ую|ое)|попередн(?:ій|ю)"
             rf"|предыдущ(?:ий|ую)))\s(?P<u>{_ANY_UNIT})"),
    ("last", rf"\b(?:(?:over|in|during|for|within)\s)?(?:the\s)?(?:{_LAST})\s(?:(?P<n>\d+)\s)?(?P<u>{_ANY_UNIT})"),
    ("last", rf"\bза\s(?:(?:{_LAST})\s)?(?:(?P<n>\d+)\s)?(?P<u>{_ANY_UNIT})"),
    # "протягом місяця", "в течение недели": the unit up to the document's date
    ("last", rf"\b(?:протягом|впродовж|упродовж|в\sтечение)\s(?:(?:{_LAST})\s)?(?:(?P<n>\d+)\s)?(?P<u>{_ANY_UNIT})"),
    ("last", rf"\b(?:in|within|over)\s(?:a|one|(?P<n>\d+))\s(?P<u>{_ANY_UNIT})(?!\s(?:ago|before|earlier))"),
    ("prev", r"\bторік\b(?P<u>)"),  # "last year" in one word
    # "last summer", "цього літа", "прошлой осенью", "торік влітку", "летом прошлого года": a season of this
    # year or the year before
    ("season", rf"\b(?P<rel>last|this|минул(?:ого|ої)|ц(?:ього|ієї)|прошл(?:ого|ой|ым|ою)|эт(?:ого|ой|им)"
               rf"|нынешн(?:его|ей|им))\s(?P<a>{_SEASON_WORD})(?!\w)"),
    ("season", rf"\b(?:(?:in|during|у|в)\s)?(?P<a>(?:the\s)?{_SEASON_WORD})\s(?:of\s)?"
               rf"(?P<yrel>last|this|минулого|цього|прошлого|этого|текущего)\s(?:year|року|года)\b"),
    ("season", rf"\b(?P<yrel>торік)\s(?P<a>{_SEASON_WORD})(?!\w)"),
    ("this", rf"\b(?:(?P<part>{_alt(_PART.values())})[\s-])?(?:so\sfar\s|(?:earlier|раніше|ранее)\s)?"
             rf"(?:this|цього|этого|в\sэтом|в\sцьому)"
             rf"\s(?P<u>{_ANY_UNIT})"),
    ("this", rf"\b(?:so\sfar|to\sdate|year\sto\sdate)\b(?P<u>)"),
    ("this", rf"\b(?:over|during|throughout)\sthe\s(?P<u>{_ANY_UNIT})"),
    ("rate", rf"\b(?:(?:a|per|each|every)\s(?P<u>{_ANY_UNIT})(?:\son\saverage)?|(?:в|на|за)\s(?:одну\s)?(?P<u2>день"
             rf"|добу|сутки|тиждень|неделю|місяць|месяц)\s(?:в\sсередньому|в\sсреднем)"
             rf"|(?:в|на)\s(?P<u3>день|добу|сутки)|(?P<daily>щодоби|щодня|ежедневно|ежесуточно|daily\saverage))"),
    ("day", rf"\b(?P<w>yesterday|today|вчора|сьогодні|вчера|сегодня)\b"),
    ("as_of", rf"\b(?P<a>{_DAY}\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR})?{_YEAR_WORD}|{_MONTH}\s{_DAY},?\s{_YEAR})"),
)
#: Words that open a clause of its own: a time inside it is not the claim's ("which it annexed in 2014",
#: "where Ukraine launched an incursion in August", "since withdrawing ... in November 2022").
_OTHER_CLAUSE = re.compile(fold_pattern(
    r"\b(?:which|who|whom|whose|where|when|since|after|before|until|while|and\s(?:has|have|had)"
    r"|який|яка|яке|які|якого|якій|яких|де|коли|після|поки|который|которая|которое|которые|которых|котором|где|когда"
    r"|после|пока)\b"))
_CLAUSE_CUT = re.compile(r"[,;:()\u2014\u2013]")
_COMPILED = tuple((kind, LazyRegex(pattern, folded=True)) for kind, pattern in _RULES)  # each compiled when first needed
#: Words one of which every match of a rule contains (a day, month or year; a unit of time; "start of";
#: "today"): a sentence with none of them is not searched with the rule (``in`` is fast, a regex is not).
_HINTS: dict[str, tuple[str, ...]] = {
    "point": tuple("0123456789") + tuple(fold(w) for w in (
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "січ", "лют", "берез",
        "квіт", "трав", "черв", "лип", "серп", "верес", "жовт", "листопад", "груд", "январ", "феврал", "март",
        "апрел", "май", "мая", "мае", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр", "spring",
        "summer", "autumn", "fall", "winter", "весн", "навесн", "літ", "влітку", "улітку", "лет", "осін", "осен",
        "восени", "зим", "взимку", "узимку")),
    "unit": tuple(fold(w) for w in (
        "day", "week", "month", "year", "24 hours", "дн", "доб", "сутк", "суток", "ден", "тиж", "недел", "місяц",
        "месяц", "рік", "рок", "році", "год", "лет", "so far", "to date", "щод", "ежедн", "ежесут", "daily")),
    "start": tuple(fold(w) for w in ("start", "beginning", "outset", "початку", "начал")),
    "day": tuple(fold(w) for w in ("yesterday", "today", "вчора", "сьогодні", "вчера", "сегодня")),
    "invasion": tuple(fold(w) for w in ("invasion", "full-scale", "full scale", "вторгн", "вторжен", "війни", "войны")),
    "back": tuple(fold(w) for w in ("ago", "earlier", "before", "prior", "previous", "preceding", "тому", "назад",
                                    "раніше", "ранее", "раньше")),
}
_NEEDS = {kind: need for need, kinds in (("point", ("between", "as_of", "since", "before", "in", "season")),
                                         ("unit", ("last", "this", "prev", "rate")),
                                         ("start", ("since_start", "start_of")), ("day", ("day",)),
                                         ("invasion", ("before_invasion",)), ("back", ("ago", "earlier"))) for kind in kinds}
_UNIT_RE = {name: LazyRegex(pattern, folded=True) for name, pattern in _UNIT.items()}
_MONTH_NUMBER = tuple((i + 1, LazyRegex(r"\b" + fold_pattern(_alt(names)) + r"\b"))
                      for i, names in enumerate(zip(*MONTHS.values())))
_ABBR_NUMBER = tuple((i + 1, LazyRegex(r"\b" + a + r"\b")) for i, a in enumerate(_ABBREVIATIONS))
_SEASON_NUMBER = tuple((first, re.compile(r"\b" + fold_pattern(_alt(words)) + r"(?!\w)"))
                       for first, words in SEASONS.values())
#: A part word at the start of a point or before "last year"/"this year": which part it is.
_PART_OF = tuple((name, re.compile(fold_pattern(rf"{words}(?:-|\s(?:in\s|of\s)?)(?:the\s)?")))
                 for name, words in _PART.items())
_TWO_YEARS = re.compile(rf"({_YEAR})\s?[-/]\s?((?:19|20)?\d\d)(?!\d)")


def strip_dates(folded: str) -> str:
    """*folded* with its times blanked out, its length kept: "May" in a date is no modal verb.

    >>> strip_dates("as of 20 may 2025, russia may")
    '                 , russia may'
    >>> strip_dates("between march and may they")
    '                      they'
    """
    for t in reversed(find_times(folded, folded)):
        if t.kind != "rate":
            folded = folded[:t.start] + " " * (t.end - t.start) + folded[t.end:]
    return folded


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time reference found in a text, before it is resolved against a date."""

    start: int
    end: int
    text: str
    kind: str
    groups: dict


@dataclass(frozen=True, slots=True)
class TimeRef:
    """The time a claim is about (``time`` in ``geo.claims/1``).

    Attributes
    ----------
    as_of : str or None
        ``YYYY-MM-DD`` of a state at one day ("as of 20 May 2025").
    start, end : str or None
        ``YYYY-MM-DD`` of a period ("in 2024", "last week"), both days included.
    text : str or None
        The words that gave it; None where the time is the document's date.
    span : dict or None
        ``{"start": ..., "end": ...}`` offsets of *text* in the document.
    basis : {"stated", "document", "none"}
        Read from the text; the document's date; or not known.
    note : str or None
        Why a stated time could not be resolved, or how it was.
    per : str or None
        A rate's unit ("day" for "15 sq km a day"), which is not a period.
    """

    as_of: str | None
    start: str | None
    end: str | None
    text: str | None
    span: dict | None
    basis: str
    note: str | None = None
    per: str | None = None

    @property
    def last_day(self) -> str | None:
        """The day the claim's state is checked at: ``as_of``, else the period's end."""
        return self.as_of or self.end

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def find_times(text: str, folded: str | None = None) -> list[TimeExpression]:
    """Time expressions in *text*, left to right, without overlaps (the longer wins).

    >>> [(t.kind, t.text) for t in find_times("As of 20 May 2025, up from 600 sq km a day last week.")]
    [('as_of', 'As of 20 May 2025'), ('rate', 'a day'), ('prev', 'last week')]
    """
    folded = fold(text) if folded is None else folded
    found = []
    present: dict[str, bool] = {}
    for rank, (kind, regex) in enumerate(_COMPILED):
        need = _NEEDS[kind]
        if need not in present:
            present[need] = any(hint in folded for hint in _HINTS[need])
        if not present[need]:
            continue
        for m in regex.finditer(folded):
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append((m.start(), -(m.end() - m.start()), rank, TimeExpression(m.start(), m.end(), text[m.start():m.end()],
                                                                                   kind, groups)))
    out: list[TimeExpression] = []
    for _, _, _, t in sorted(found, key=lambda f: (f[0], f[1], f[2])):
        if not out or t.start >= out[-1].end:
            out.append(t)
    return out


def _month_of(s: str) -> int | None:
    for number, regex in _MONTH_NUMBER:
        if regex.search(s):
            return number
    for number, regex in _ABBR_NUMBER:
        if regex.search(s):
            return number
    return None


def _point(s: str, ref: date | None) -> tuple[date, date] | str:
    """First and last day of a point of the calendar; a reason where it cannot be known.

    >>> _point("0 may 2024", None), _point("2024-13-45", None)
    ('no such day', 'no such day')
    """
    try:
        return _calendar_point(s, ref)
    except ValueError:
        return "no such day"


def _calendar_point(s: str, ref: date | None) -> tuple[date, date] | str:
    for name, regex in _PART_OF:
        if m := regex.match(s):
            whole = _calendar_point(s[m.end():], ref)
            return whole if isinstance(whole, str) else _part(whole, name)
    if season := _season(s, ref):
        return season
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", s):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := re.fullmatch(r"([0-3]?\d)\.([01]\d)\.(\d{4})", s):
        d = date(int(m[3]), int(m[2]), int(m[1]))
        return d, d
    year = re.search(_YEAR, s)
    month = _month_of(s)
    day = re.search(r"(?<![\d-])([0-3]?\d)(?:st|nd|rd|th)?(?!\d)", s)
    y = int(year.group()) if year else None
    if month is None:
        if y is None:
            return "no date in it"
        if two := _TWO_YEARS.search(s):  # "2022-23": from the first year to the end of the second
            y2 = int(two[2]) if len(two[2]) == 4 else y // 100 * 100 + int(two[2])
            return (date(y, 1, 1), date(y2, 12, 31)) if y < y2 <= y + 10 else "no such period"
        return date(y, 1, 1), date(y, 12, 31)
    if y is None:
        if ref is None:
            return "the year is not stated and the document has no date"
        y = ref.year if (month, int(day[1]) if day else 1) <= (ref.month, ref.day) else ref.year - 1
        while (month, day and int(day[1])) == (2, 29) and not calendar.isleap(y):
            y -= 1  # "since 29 February": the last one there was
    last = calendar.monthrange(y, month)[1]
    if day:
        d = date(y, month, int(day[1]) if int(day[1]) <= last else 0)  # "31 February": no such day
        return d, d
    return date(y, month, 1), date(y, month, last)


def _season(s: str, ref: date | None) -> tuple[date, date] | str | None:
    """First and last day of the season named in *s* ("the summer of 2022"); None if it names none.

    Winter runs from December to February; "winter 2022-23" says which, "winter of 2023" does not.

    >>> _season("влітку 2022 року", None), _season("winter 2022-23", None)[1], _season("winter of 2023", None)
    ((datetime.date(2022, 6, 1), datetime.date(2022, 8, 31)), datetime.date(2023, 2, 28), 'the winter of 2023 may \
be the one that began or the one that ended in 2023')
    """
    first_month = next((first for first, regex in _SEASON_NUMBER if regex.search(s)), None)
    if first_month is None:
        return None
    year, two = re.search(_YEAR, s), _TWO_YEARS.search(s)
    if first_month == 12 and two:
        y = int(two[1])
    elif first_month == 12 and year:
        return f"the winter of {year.group()} may be the one that began or the one that ended in {year.group()}"
    elif year:
        y = int(year.group())
    elif ref is None:
        return "the year is not stated and the document has no date"
    else:  # the last such season to have begun by the document's date
        y = ref.year if ref >= date(ref.year, first_month, 1) else ref.year - 1
    last = date(y, first_month, 1) + timedelta(days=92)  # into the month after the season's third
    last = last.replace(day=1) - timedelta(days=1)
    return date(y, first_month, 1), last


def _part(whole: tuple[date, date], name: str) -> tuple[date, date]:
    """The first, middle or last third of a period (whole months where it has three or more), or its last day.

    >>> _part((date(2025, 1, 1), date(2025, 12, 31)), "early")
    (datetime.date(2025, 1, 1), datetime.date(2025, 4, 30))
    >>> _part((date(2025, 5, 1), date(2025, 5, 31)), "late")
    (datetime.date(2025, 5, 21), datetime.date(2025, 5, 31))
    """
    first, last = whole
    if name == "end":
        return last, last
    months = [(y, m) for y in range(first.year, last.year + 1) for m in range(1, 13)
              if first <= date(y, m, 1) <= last]
    if len(months) >= 3:
        k = len(months) // 3
        pick = {"early": months[:k], "mid": months[k:len(months) - k], "late": months[len(months) - k:]}[name]
        (y0, m0), (y1, m1) = pick[0], pick[-1]
        return date(y0, m0, 1), date(y1, m1, calendar.monthrange(y1, m1)[1])
    day = {"early": (1, 10), "mid": (11, 20), "late": (21, calendar.monthrange(first.year, first.month)[1])}[name]
    return first.replace(day=day[0]), min(last, first.replace(day=day[1]))


def _unit(groups: dict) -> str | None:
    u = groups.get("u") or groups.get("u2") or groups.get("u3")
    if groups.get("daily"):
        return "day"
    if not u:
        return None
    for name, regex in _UNIT_RE.items():
        if regex.fullmatch(u):
            return name
    return None


#: How loose "a year ago" is, by its unit: the days either side it may mean.
_LOOSE = {"year": 7, "month": 3, "week": 1, "day": 0}


def _back(groups: dict) -> tuple[str, int]:
    """(unit, count) of "two years ago", "роком раніше", "півроку тому"."""
    if groups.get("half"):
        return "month", 6
    by = groups.get("by")
    unit = next((name for name, pattern in _UNIT_BY.items() if re.fullmatch(pattern, by)), "year") if by \
        else _unit(groups) or "year"
    n = groups.get("n") or groups.get("n2") or groups.get("n3") or "1"
    return unit, int(n) if n.isdigit() else COUNTS[n]


def _months_back(day: date, months: int) -> date:
    """*day* so many calendar months before, on the same day of the month (or the month's last)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def resolve(expr: TimeExpression, document_date: str | None) -> TimeRef:
    """Resolve one expression against the document's date (``YYYY-MM-DD`` or None).

    >>> [t] = find_times("since September 6")
    >>> r = resolve(t, "2024-12-02")
    >>> r.start, r.end, r.basis
    ('2024-09-06', '2024-12-02', 'stated')
    >>> resolve(t, None).note
    'the year is not stated and the document has no date'
    """
    ref = date.fromisoformat(document_date) if document_date else None
    span = {"start": expr.start, "end": expr.end}
    made = dict(text=expr.text, span=span)

    def unresolved(why: str) -> TimeRef:
        return TimeRef(None, None, None, basis="none", note=why, **made)

    def period(first: date, last: date) -> TimeRef:
        if ref is not None and last > ref >= first and (last - ref).days > _period_gap(first, last):
            last = ref  # "in 2024" in a text of 2024-12-02: the year so far; of 2024-12-28: the year
        return TimeRef(None, first.isoformat(), last.isoformat(), basis="stated", **made)

    def part_of(first: date, last: date) -> TimeRef:  # "late last year", "наприкінці минулого року"
        if "part" not in g:
            return period(first, last)
        name = next(name for name, regex in _PART_OF if regex.match(g["part"] + " "))
        if name == "end":
            return TimeRef(last.isoformat(), None, None, basis="stated", **made)  # "by the end of this year": ahead
        return period(*_part((first, last), name))

    kind, g = expr.kind, expr.groups
    relative = "relative to the document's date, which is unknown"
    if kind == "rate":
        return TimeRef(None, None, None, basis="none", per=_unit(g), **made)
    if kind == "day":
        if ref is None:
            return unresolved(relative)
        back = 1 if fold(g["w"]) in ("yesterday", fold("вчора"), fold("вчера")) else 0
        return TimeRef((ref - timedelta(days=back)).isoformat(), None, None, basis="stated", **made)
    if kind in ("last", "this", "prev"):
        unit = _unit(g) or "year"
        if ref is None:
            return unresolved(relative)
        if kind == "last":
            n = int(g.get("n") or 1)
            return period(ref - timedelta(days=n * UNITS[unit][0]), ref)
        if kind == "this":
            first = date(ref.year, 1, 1) if unit == "year" else date(ref.year, ref.month, 1) if unit == "month" \
                else ref - timedelta(days=ref.weekday()) if unit == "week" else ref
            if "part" in g and unit in ("year", "month"):  # "early this year": a third of the whole year
                return part_of(first, date(ref.year, 12, 31) if unit == "year"
                               else first.replace(day=calendar.monthrange(ref.year, ref.month)[1]))
            return period(first, ref)
        if unit == "year":
            return part_of(date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31))
        if unit == "month":
            last = date(ref.year, ref.month, 1) - timedelta(days=1)
            return part_of(last.replace(day=1), last)
        if unit == "week":  # the calendar week before the document's, Monday to Sunday
            monday = ref - timedelta(days=ref.weekday() + 7)
            return part_of(monday, monday + timedelta(days=6))
        return period(ref - timedelta(days=UNITS[unit][0]), ref)
    if kind == "season":
        if ref is None:
            return unresolved(relative)
        first_month = next(first for first, regex in _SEASON_NUMBER if regex.search(g["a"]))
        back = fold(g.get("rel") or g["yrel"]).startswith(("last", fold("минул"), fold("прошл"), fold("торік")))
        if "yrel" in g:  # "летом прошлого года": the season of that calendar year
            a = _season(f"{g['a']} {ref.year - back}", None)
            return unresolved(a) if isinstance(a, str) else period(*a)
        # this summer: the one of the document's year; this winter: up to May the one just past, then the next;
        # last summer: the last one over by the document's date
        y = ref.year - (1 if first_month == 12 and ref.month < 6 else 0)
        first, last = _season(f"{g['a']} {y}-{y + 1}", None)
        if back:
            while last >= ref:
                y -= 1
                first, last = _season(f"{g['a']} {y}-{y + 1}", None)
        return period(first, last)
    if kind == "before_invasion":  # Russia's full-scale invasion began on 24 February 2022
        return TimeRef(INVASION_EVE, None, None, basis="stated", **made)
    if kind in ("ago", "earlier"):
        if ref is None:
            return unresolved(relative if kind == "ago" else "relative to a time that is unknown")
        unit, n = _back(g)
        day = _months_back(ref, 12 * n if unit == "year" else n) if unit in ("year", "month") \
            else ref - timedelta(days=n * UNITS[unit][0])
        what = "the document's date" if kind == "ago" else "the time it is compared with"
        return TimeRef(day.isoformat(), None, None, basis="stated", note=f"{n} {unit}{'s' * (n > 1)} before {what} "
                       f"({ref.isoformat()}), loosely: within {_LOOSE[unit]} days", **made)
    if kind == "start_of" and "u" in g and not re.search(_YEAR, g["a"]) and _month_of(g["a"]) is None:
        if ref is None:
            return unresolved(relative)
        first = date(ref.year, ref.month, 1) if _unit(g) == "month" else date(ref.year, 1, 1)
        return TimeRef(first.isoformat(), None, None, basis="stated", **made)
    if kind == "since_start" and "u" in g and not re.search(_YEAR, g["a"]) and _month_of(g["a"]) is None:
        if ref is None:
            return unresolved(relative)
        unit = _unit(g)
        return period(date(ref.year, ref.month, 1) if unit == "month" else date(ref.year, 1, 1), ref)
    a = _point(g["a"], ref)
    if isinstance(a, str) and kind != "between":
        return unresolved(a)
    if kind == "between":
        b = _point(g["b"], ref)
        year = re.search(_YEAR, g["b"])
        if isinstance(a, str) and year and not re.search(_YEAR, g["a"]):
            a = _point(f"{g['a']} {year.group()}", ref)  # "between 1 March and 15 May 2024"
            if isinstance(a, str):
                return unresolved(a)
        if isinstance(b, str):
            return unresolved(b)
        first, last = a[0], b[1]
        if last < first and not re.search(_YEAR, g["b"]):
            last = last.replace(year=last.year + 1)  # "between November and January"
        return period(first, last)
    if kind == "as_of":  # "as of November": its last day, or the document's if that is earlier
        day = a[1] if a[0] == a[1] or ref is None else min(a[1], ref)
        return TimeRef(day.isoformat(), None, None, basis="stated", **made)
    if kind == "start_of":  # "at the start of 2025", "на початку травня": its first day
        return TimeRef(a[0].isoformat(), None, None, basis="stated", **made)
    if kind == "before":
        return TimeRef((a[0] - timedelta(days=1)).isoformat(), None, None, basis="stated", **made)
    if kind in ("since", "since_start"):
        if ref is None:
            return TimeRef(None, a[0].isoformat(), None, basis="stated", note="the period runs to the document's "
                           "date, which is unknown", **made)
        return period(a[0], ref)
    return period(*a)


def _period_gap(first: date, last: date) -> int:
    """How far a period may run past the document's date and still be named whole (see `geo.change.period_gap`)."""
    return period_gap(first.isoformat(), last.isoformat())


def _other_clause(folded: str, e: TimeExpression, focus: int, lo: int) -> bool:
    """Whether *e* stands in a clause of its own, not the one of the claim at *focus*.

    >>> f = "moscow occupies 18% of ukraine, including crimea, which it annexed in 2014"
    >>> [e] = find_times(f)
    >>> _other_clause(f, e, 16, 0)
    True
    """
    if e.start > focus and _OTHER_CLAUSE.search(folded, focus, e.start):
        return True
    cut = max([m.end() for m in _CLAUSE_CUT.finditer(folded, lo, e.start)], default=lo)
    return not cut <= focus < e.end and _OTHER_CLAUSE.search(folded, cut, e.start) is not None


#: Where a clause of a sentence ends: punctuation (not the comma of "4,100"), a dash between spaces.
_SEGMENT_CUT = re.compile(r"[;:()]|(?<!\d),|,(?!\d)|\s-\s")


def _segment(folded: str, lo: int, hi: int, at: int) -> tuple[int, int]:
    """The stretch of [lo, hi) between the clause cuts around *at*."""
    cuts = [m for m in _SEGMENT_CUT.finditer(folded, lo, hi)]
    return (max([m.end() for m in cuts if m.end() <= at], default=lo),
            min([m.start() for m in cuts if m.start() >= at], default=hi))


def _kind_of(relation: str) -> str:
    return "state" if relation in STATE_RELATIONS else "change" if relation in CHANGE_RELATIONS else relation


def _governed_elsewhere(folded: str, e: TimeExpression, lo: int, hi: int, trigger: int,
                        triggers: Mapping[int, str]) -> bool:
    """Whether *e* is the time of another claim's verb, not of the claim whose trigger is at *trigger*.

    A time belongs to the nearest trigger in its own clause: "gained 4,100 sq km in 2024, bringing the
    total under their control to 18.7%" (2024 is the gain's), "occupy most of the four regions Moscow
    annexed in September 2022" (the annexation's), "окупувала ще влітку 2022 року, а нині контролює".
    The claim keeps it if its trigger is in that clause too and says the same kind of thing
    (a state, a change).

    >>> f = "russia gained 4,100 sq km in 2024, bringing its control to 18.7%"
    >>> [e] = find_times(f)
    >>> _governed_elsewhere(f, e, 0, len(f), 50, {7: "captured", 50: "controls"})
    True
    """
    seg = _segment(folded, lo, hi, e.start)
    inside = [t for t in triggers if seg[0] <= t < seg[1]]
    if not inside:
        # "..., а лінія фронту за останній місяць майже не змінилася": a clause of its own, about something else
        return trigger < seg[0] and _COORDINATE.match(folded, seg[0]) is not None
    governor = min(inside, key=lambda t: min(abs(t - e.start), abs(t - e.end)))
    if governor == trigger:
        return False
    if e.start - lo <= 2 and _kind_of(triggers[governor]) == _kind_of(triggers.get(trigger, "")):
        return False  # "Упродовж 2024 року ... звільнили ..., тоді як росіяни захопили ...": the whole sentence's
    return not seg[0] <= trigger < seg[1] or _kind_of(triggers[governor]) != _kind_of(triggers.get(trigger, ""))


#: A clause joined to the one before with a subject of its own: "а", "and", "but", "while", "тоді як".
_COORDINATE = re.compile(fold_pattern(r"\s?(?:а|але|і|та|и|но|and|but|while|whereas|тоді\sяк|тогда\sкак)\s(?!(?:in|at|on|у|в|на)\s)"))


def claim_time(folded: str, expressions: Sequence[TimeExpression], lo: int, hi: int, focus: int,
               document_date: str | None, *, trigger: int | None = None,
               triggers: Mapping[int, str] | None = None) -> TimeRef:
    """The time of a claim whose sentence runs over [lo, hi), its figure or trigger at *focus*.

    The expression nearest to *focus* in the sentence gives the time; a rate ("a day") is
    kept beside it. With none, the claim is about the document's date (or no known time).
    Given the claim's *trigger* and those of the sentence's claims (*triggers*: offset ->
    relation), a time that another claim's verb governs is not this claim's.

    >>> f = fold("In November, Russian forces gained 600 sq km, or 20 sq km a day.")
    >>> t = claim_time(f, find_times(f), 0, 65, 36, "2024-12-02")
    >>> t.start, t.end, t.per, t.text
    ('2024-11-01', '2024-11-30', 'day', 'in november')
    """
    inside = [e for e in expressions if lo <= e.start and e.end <= hi and not _other_clause(folded, e, focus, lo)
              and not (triggers and trigger is not None and _governed_elsewhere(folded, e, lo, hi, trigger, triggers))]
    rates = [e for e in inside if e.kind == "rate"]
    per = resolve(min(rates, key=lambda e: abs(e.start - focus)), document_date).per if rates else None
    times = [e for e in inside if e.kind != "rate"]
    if not times:
        if document_date:
            return TimeRef(document_date, None, None, None, None, basis="document", per=per)
        return TimeRef(None, None, None, None, None, basis="none", note="no time stated and the document has no date",
                       per=per)
    nearest = min(times, key=lambda e: min(abs(e.start - focus), abs(e.end - focus)))
    return dataclasses.replace(resolve(nearest, document_date), per=per)


def attach_times(text: str, folded: str, claims: Sequence, document_date: str | None) -> list:
    """*claims* with their ``time`` and, for changes of hands, ``change`` (see `geo.change`).

    >>> import geo
    >>> [c] = geo.extract("Russian forces captured 600 sq km in November.", date="2024-12-02").claims
    >>> c.time.start, c.time.end, c.change.direction
    ('2024-11-01', '2024-11-30', 'gain')
    """
    from geo.change import change_of

    expressions: list[TimeExpression] = []
    for lo, hi in sorted({(c.sentence.start, c.sentence.end) for c in claims}):  # only sentences with claims
        expressions += [dataclasses.replace(e, start=e.start + lo, end=e.end + lo)
                        for e in find_times(text[lo:hi], folded[lo:hi])]
    triggers: dict[int, dict[int, str]] = {}  # sentence start -> trigger offset -> relation
    for c in claims:
        triggers.setdefault(c.sentence.start, {}).setdefault(c.trigger.start, c.relation)
    out: list = []
    for c in claims:
        focus = c.quantity.start if c.quantity is not None else c.trigger.start
        own = [e for e in expressions if not (_ahead(c) and _spoken(folded, e, c.sentence.start))]
        time = claim_time(folded, own, c.sentence.start, c.sentence.end, focus, document_date,
                          trigger=c.trigger.start, triggers=triggers[c.sentence.start])
        before = out[-1] if out else None
        if (time.text is None and before is not None and c.trigger.start == c.sentence.start
                and not _CHANGED.search(folded, c.trigger.start, c.trigger.end)
                and before.sentence.end <= c.sentence.start and (before.relation, before.actor) == (c.relation, c.actor)):
            time = dataclasses.replace(before.time, per=time.per)  # "That is roughly 0.7% of the country.": the same time
        elif time.text is None and c.trigger.start < c.sentence.start:
            time = dataclasses.replace(_lead_in_time(text, folded, c.trigger.start, document_date), per=time.per)
        c = dataclasses.replace(c, time=time)
        if _gained_over_a_span(c, folded):
            c = dataclasses.replace(c, relation="captured")
        out.append(dataclasses.replace(c, change=change_of(c)))
    return out


#: Relations about what is wanted or may happen: the day it was said is not their time.
_AHEAD_RELATIONS = ("demands", "may_withdraw", "negotiable")


def _ahead(claim) -> bool:
    """Whether *claim* is about what may happen or is wanted, not a state or change already there."""
    return claim.relation in _AHEAD_RELATIONS or claim.modality in ("possible", "conditional")


@functools.cache
def _said_before() -> re.Pattern:
    """A verb of saying (`geo.lexicon` ``says``) just before a date: "warned on 19 May", "заявив 19 травня"."""
    from geo import lexicon

    return re.compile(r"\b(?:" + "|".join(lexicon.default().says) + r")\b(?:\W+\w+){0,4}?\W+$")


def _spoken(folded: str, e: TimeExpression, lo: int) -> bool:
    """Whether *e* is the day something was said ("a military analyst warned on 19 May").

    >>> f = "kyiv may have to withdraw, an analyst warned on 19 may"
    >>> [e] = [t for t in find_times(f) if t.kind == "as_of"]
    >>> _spoken(f, e, 0)
    True
    """
    return e.kind in ("as_of", "day") and _said_before().search(folded, max(lo, e.start - 80), e.start) is not None


def _lead_in_time(text: str, folded: str, t: int, document_date: str | None) -> TimeRef:
    """The time of a list item's claim, whose trigger (at *t*) is in the lead-in before it: "Станом на 1 січня
    під окупацією перебували:" then "– близько 66% Донецької області;" is about 1 January.

    >>> f = fold("Talks stalled in May. As of 1 January, Russia occupied:")
    >>> _lead_in_time(f, f, 46, "2025-01-20").as_of
    '2025-01-01'
    """
    lo = max(folded.rfind(end, 0, t) for end in ("\n", ". ", "! ", "? ")) + 1
    hi = folded.find("\n", t)
    hi = len(folded) if hi < 0 else hi
    expressions = [dataclasses.replace(e, start=e.start + lo, end=e.end + lo) for e in find_times(text[lo:hi], folded[lo:hi])]
    return claim_time(folded, expressions, lo, hi, t, document_date)


#: "That share has risen to nearly 19%": a figure that changed is not the figure of the sentence before at its time.
_CHANGED = re.compile(fold_pattern(r"\b(?:risen|grown|increased|climbed|fallen|dropped|shrunk|rose|grew|fell|зросл\w*|зріс|виросл\w*"
                                   r"|виріс|вырос\w*|снизил\w*|знизил\w*|скоротил\w*|сократил\w*)\b"))


#: "за 2024 рік", "over the past year", "during November", "в течение месяца": a span of time, not a day.
_OVER_A_SPAN = re.compile(r"(?:за|over|during|throughout|в\sтечение|протягом|впродовж|упродовж)\s")


def _gained_over_a_span(claim, folded: str) -> bool:
    """An area occupied over a span of time is land gained in it, not land held at its end.

    "За 2024 рік російська армія окупувала близько 4 тисяч кв. км" is a gain of 2024; a share
    ("occupied 18% of Ukraine in 2024") or a day ("as of 1 December") stays a holding.
    """
    t, q = claim.time, claim.quantity
    return (claim.relation == "occupies" and q is not None and q.unit == "km2" and t is not None
            and t.basis == "stated" and t.start is not None and t.end is not None and t.span is not None
            and bool(_OVER_A_SPAN.match(folded, t.span["start"])))
