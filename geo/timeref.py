"""Time references: the date or period a claim is about, read from its sentence.

"As of 20 May 2025", "since September 6", "in 2024", "in November", "last week",
"over the past week", "between March and May", "before 2022", "станом на 1 грудня",
"з початку року", "с начала 2024 года", "за минулий тиждень", "за сутки" are read and
resolved against the document's date. The words are data (`MONTHS`, `UNITS`,
`RELATIVE`, the prepositions in `_RULES`); each rule is one pattern and what it means.

=================================== =============================================
written                             resolved (document of 2024-12-02)
=================================== =============================================
"as of 20 May 2025", "станом на"    ``as_of`` that day
"in 2024", "у 2024 році"            2024-01-01 to 2024-12-02 (a period that has
                                    not ended stops at the document's date)
"in November" (no year)             the last November up to the document's date
"since September 6", "з 6 вересня"  2024-09-06 to the document's date
"since the start of the year",
"з початку року", "с начала года"   2024-01-01 to the document's date
"between March and May"             2024-03-01 to 2024-05-31
"before 2022", "до 2022 року"       ``as_of`` the day before (2021-12-31)
"last week", "за минулий тиждень",
"over the past week", "in a week"   the 7 days up to the document's date
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
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

from geo._text import fold, fold_pattern

__all__ = ["TimeRef", "TimeExpression", "find_times", "resolve", "claim_time", "attach_times", "strip_dates",
           "MONTHS", "RELATIVE", "UNITS"]

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
    "month": (30, ("months?", "місяц(?:ь|і|ів)", "месяц(?:а|ев)?")),
    "year": (365, ("years?", "р(?:ік|оки|оків|оку|оці)", "год(?:а|у)?", "лет")),
}

#: Words that make "week", "month", "year" the last one: "last week", "за минулий тиждень".
RELATIVE = ("last", "past", "previous", "preceding", "минул(?:ий|ого|ому|у|ої|і)", "останн(?:ій|ього|ю|і|іх)",
            "попередн(?:ій|ього|ю)", "прошл(?:ый|ую|ого|ом|ой)", "последн(?:ий|юю|ие|их|ей)", "предыдущ(?:ий|ую)")


def _alt(words) -> str:
    return "(?:" + "|".join(words) + ")"


_MONTH = _alt(m for lang in MONTHS.values() for m in lang) + r"(?!\w)"  # not "май" in "майже"
_MONTH_ABBR = _alt(a + r"\.?" for a in _ABBREVIATIONS)
_YEAR = r"(?:19|20)\d\d"
_YEAR_WORD = r"(?:\s(?:року|році|р\.|рік|года|году|г\.|год))?"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
#: One point or stretch of the calendar: a day, a month, a year.
_POINT = (rf"(?:\d{{4}}-\d\d-\d\d|[0-3]?\d\.[01]\d\.{_YEAR}"
          rf"|{_DAY}\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR})?{_YEAR_WORD}"
          rf"|(?:{_MONTH}|{_MONTH_ABBR})\s{_DAY}(?:,?\s{_YEAR})?(?![\d%])"
          rf"|{_MONTH}(?:\s(?:of\s)?{_YEAR})?{_YEAR_WORD}"
          rf"|{_YEAR}{_YEAR_WORD}(?![\d%,.]\d|\s?(?:%|km|кв|sq|per|відс|проц)))")
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
    ("start_of", rf"\b(?:at|на|в)\s(?:{_THE_START})\s(?P<a>{_POINT}|{_THIS}?\s?(?P<u>{_ANY_UNIT}))"),
    # "a year ago", "рік тому", "год назад": back from the document's date; "a year earlier", "годом ранее":
    # back from the time of the figure it is compared with (`resolve` with that day), else the document's
    ("ago", rf"\b(?:(?P<n>{_COUNT})\s)?(?P<u>{_ANY_UNIT})\s(?:ago|тому|назад)\b"
            rf"|\b(?P<half>півроку|полгода)\s(?:тому|назад)\b"),
    ("earlier", rf"\b(?:(?P<n>{_COUNT})\s)?(?P<u>{_ANY_UNIT})\s(?:earlier\b|(?:before|prior)(?=\s?(?:[,.;:)]|-\s|$)))"
                rf"|\b(?:на\s)?(?:(?P<n2>{_COUNT})\s)?(?P<by>{'|'.join(_UNIT_BY.values())})\s{_EARLIER}\b"
                rf"|\bна\s(?:(?P<n3>{_COUNT})\s)?(?P<u2>{_ANY_UNIT})\s{_EARLIER}\b"),
    ("since", rf"\b(?:since|з|із|від|с|начиная\sс)\s(?P<a>{_POINT})"),
    ("before", rf"\b(?:before|prior\sto|до|перед)\s(?P<a>{_POINT})"),
    ("in", rf"\b(?:in|during|throughout|over|у|в|во|протягом|впродовж|за|в\sтечение)\s(?P<a>{_POINT})"),
    # "last month" is the calendar month before; "over the last month" the 30 days up to the document's date
    ("prev", rf"\b(?:last|минул(?:ого|ому)|в\sпрошлом|на\sпрошлой)\s(?P<u>{_ANY_UNIT})"),
    ("last", rf"\b(?:(?:over|in|during|for|within)\s)?(?:the\s)?(?:{_LAST})\s(?:(?P<n>\d+)\s)?(?P<u>{_ANY_UNIT})"),
    ("last", rf"\bза\s(?:(?:{_LAST})\s)?(?:(?P<n>\d+)\s)?(?P<u>{_ANY_UNIT})"),
    ("last", rf"\b(?:in|within|over)\s(?:a|one|(?P<n>\d+))\s(?P<u>{_ANY_UNIT})(?!\s(?:ago|before|earlier))"),
    ("this", rf"\b(?:so\sfar\s)?(?:this|цього|этого|в\sэтом|в\sцьому)\s(?P<u>{_ANY_UNIT})"),
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
_COMPILED = tuple((kind, re.compile(fold_pattern(pattern))) for kind, pattern in _RULES)
#: Words one of which every match of a rule contains (a day, month or year; a unit of time; "start of";
#: "today"): a sentence with none of them is not searched with the rule (``in`` is fast, a regex is not).
_HINTS: dict[str, tuple[str, ...]] = {
    "point": tuple("0123456789") + tuple(fold(w) for w in (
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "січ", "лют", "берез",
        "квіт", "трав", "черв", "лип", "серп", "верес", "жовт", "листопад", "груд", "январ", "феврал", "март",
        "апрел", "май", "мая", "мае", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")),
    "unit": tuple(fold(w) for w in (
        "day", "week", "month", "year", "24 hours", "дн", "доб", "сутк", "суток", "ден", "тиж", "недел", "місяц",
        "месяц", "рік", "рок", "році", "год", "лет", "so far", "to date", "щод", "ежедн", "ежесут", "daily")),
    "start": tuple(fold(w) for w in ("start", "beginning", "outset", "початку", "начал")),
    "day": tuple(fold(w) for w in ("yesterday", "today", "вчора", "сьогодні", "вчера", "сегодня")),
    "back": tuple(fold(w) for w in ("ago", "earlier", "before", "prior", "previous", "preceding", "тому", "назад",
                                    "раніше", "ранее", "раньше")),
}
_NEEDS = {kind: need for need, kinds in (("point", ("between", "as_of", "since", "before", "in")),
                                         ("unit", ("last", "this", "prev", "rate")),
                                         ("start", ("since_start", "start_of")), ("day", ("day",)),
                                         ("back", ("ago", "earlier"))) for kind in kinds}
_UNIT_RE = {name: re.compile(fold_pattern(pattern)) for name, pattern in _UNIT.items()}
_MONTH_NUMBER = tuple((i + 1, re.compile(r"\b" + fold_pattern(_alt(names)) + r"\b"))
                      for i, names in enumerate(zip(*MONTHS.values())))
_ABBR_NUMBER = tuple((i + 1, re.compile(r"\b" + a + r"\b")) for i, a in enumerate(_ABBREVIATIONS))


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
        return date(y, 1, 1), date(y, 12, 31)
    if y is None:
        if ref is None:
            return "the year is not stated and the document has no date"
        y = ref.year if (month, int(day[1]) if day else 1) <= (ref.month, ref.day) else ref.year - 1
    last = calendar.monthrange(y, month)[1]
    if day:
        d = date(y, month, int(day[1]) if int(day[1]) <= last else 0)  # "31 February": no such day
        return d, d
    return date(y, month, 1), date(y, month, last)


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
        if ref is not None and last > ref >= first:
            last = ref  # "in 2024" in a text of 2024-12-02: the year so far
        return TimeRef(None, first.isoformat(), last.isoformat(), basis="stated", **made)

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
            return period(first, ref)
        if unit == "year":
            return period(date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31))
        if unit == "month":
            last = date(ref.year, ref.month, 1) - timedelta(days=1)
            return period(last.replace(day=1), last)
        return period(ref - timedelta(days=UNITS[unit][0]), ref)
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


def claim_time(folded: str, expressions: Sequence[TimeExpression], lo: int, hi: int, focus: int,
               document_date: str | None) -> TimeRef:
    """The time of a claim whose sentence runs over [lo, hi), its figure or trigger at *focus*.

    The expression nearest to *focus* in the sentence gives the time; a rate ("a day") is
    kept beside it. With none, the claim is about the document's date (or no known time).

    >>> f = fold("In November, Russian forces gained 600 sq km, or 20 sq km a day.")
    >>> t = claim_time(f, find_times(f), 0, 65, 36, "2024-12-02")
    >>> t.start, t.end, t.per, t.text
    ('2024-11-01', '2024-11-30', 'day', 'in november')
    """
    inside = [e for e in expressions if lo <= e.start and e.end <= hi and not _other_clause(folded, e, focus, lo)]
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
    out: list = []
    for c in claims:
        focus = c.quantity.start if c.quantity is not None else c.trigger.start
        time = claim_time(folded, expressions, c.sentence.start, c.sentence.end, focus, document_date)
        before = out[-1] if out else None
        if (time.text is None and before is not None and c.trigger.start == c.sentence.start
                and before.sentence.end <= c.sentence.start and (before.relation, before.actor) == (c.relation, c.actor)):
            time = dataclasses.replace(before.time, per=time.per)  # "That is roughly 0.7% of the country.": the same time
        c = dataclasses.replace(c, time=time)
        if _gained_over_a_span(c, folded):
            c = dataclasses.replace(c, relation="captured")
        out.append(dataclasses.replace(c, change=change_of(c)))
    return out


#: "за 2024 рік", "over the past year", "during November", "в течение месяца": a span of time, not a day.
_OVER_A_SPAN = re.compile(r"(?:за|over|during|throughout|в\sтечение|протягом|впродовж)\s")


def _gained_over_a_span(claim, folded: str) -> bool:
    """An area occupied over a span of time is land gained in it, not land held at its end.

    "За 2024 рік російська армія окупувала близько 4 тисяч кв. км" is a gain of 2024; a share
    ("occupied 18% of Ukraine in 2024") or a day ("as of 1 December") stays a holding.
    """
    t, q = claim.time, claim.quantity
    return (claim.relation == "occupies" and q is not None and q.unit == "km2" and t is not None
            and t.basis == "stated" and t.start is not None and t.end is not None and t.span is not None
            and bool(_OVER_A_SPAN.match(folded, t.span["start"])))
