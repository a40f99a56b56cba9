"""Figures compared with a claim's figure: the earlier value of a comparison, and a share continued later.

"Russian forces now control about 77% of the Donetsk region, up from roughly 65% a year ago": the
65% is a claim of its own, with the actor, relation, regions, modality and source of the claim it is
compared with, about its own time ("a year ago", from the document's date). So is "18.6% a year
earlier" (a year before the time of the claim it is compared with), "from 66% at the start of the
year" after "rose to 70% in May" (not a range 66-70), "тоді як рік тому — приблизно 65%", "проти",
"порівняно з", "против 18,6% годом ранее", "по сравнению с", "с 66% в начале года". A change keeps
its kind: "captured 500 sq km in May, up from 400 sq km in April" is a capture of April, checked
over April. An earlier value whose time the text does not give is kept with that said (``basis``
"none"), so it is never checked against the data of another day.

"Before 2022, Russia controlled about 7% of Ukraine. ... that share has risen to nearly 19%.": a
share continued in a later clause ("that share has risen to", "ця частка зросла до", "эта доля
выросла до") is a claim about the same actor and land, at its own clause's time.

The claim a figure is compared with keeps its own time: the earlier value's time words are not its.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from typing import Sequence

from geo._text import NOT_WORD, fold_pattern
from geo.change import change_of
from geo.claims import _SAME_PERIOD, MAX_SENTENCE, Claim, Trigger, _scope_of, split_sentences
from geo.mentions import Mention, Span
from geo.quantities import _MULT, _NUM, Quantity, _figure, _multiplier, parse_number
from geo.timeref import TimeExpression, TimeRef, claim_time, find_times, resolve

__all__ = ["compared_claims", "carried_figures"]

#: Verbs of a figure that changed, before "to" and the new figure: "rose to 70%", "зросла до 70%".
_CHANGED = fold_pattern(
    r"(?:rose|risen|rising|grew|grown|growing|increased|increasing|climbed|jumped|expanded|reached|fell|fallen|falling"
    r"|dropped|declined|decreased|shrank|shrunk|slipped"
    r"|зросла|зріс|зросли|зросло|збільшилася|збільшився|збільшилось|виросла|виріс|скоротилася|скоротився|зменшилася"
    r"|зменшився|впала|сягнула|сягнув|досягла|досяг"
    r"|выросла|вырос|выросли|выросло|увеличилась|увеличился|увеличилось|сократилась|сократился|уменьшилась"
    r"|уменьшился|снизилась|снизился|упала|достигла|достиг)")
_CHANGED_WORDS = _CHANGED[3:-1]
#: "rose to 70%": the figure after it is a new value, and a bare "from" after the figure gives the old one.
_CHANGED_TO = re.compile(NOT_WORD + _CHANGED + fold_pattern(r"(?:\s(?:[\w']+\s){0,3}?)?\s?(?:to|до)\s$"))
#: Words right before an earlier value: "up from", "compared with", "тоді як", "против"; then at most a
#: time ("тоді як рік тому — приблизно 65%") and a dash.
_COMPARED = re.compile(NOT_WORD + fold_pattern(
    r"(?P<how>(?:up|down)\sfrom|(?:as\s)?compared\s(?:with|to)|against|versus|vs\.?"
    r"|(?<!more\s)(?<!less\s)(?<!fewer\s)(?<!rather\s)(?<!other\s)than"
    r"|тоді\sяк|в\sтой\sчас\sяк|проти|порівняно\sз|у\sпорівнянні\sз"
    r"|тогда\sкак|в\sто\sвремя\sкак|против|по\sсравнению\sс|в\sсравнении\sс)"
    r"(?P<gap>(?:\s[^\s,.;:%]+){0,5}?),?\s(?:-\s)?$"))
#: A bare "from" before an earlier value, only after "rose to ...": "rose to 70% in May, from 66%".
_FROM = re.compile(NOT_WORD + fold_pattern(r"(?P<how>from|з|із|від|с|со|от)(?P<gap>)\s$"))
#: "rose from 66% in January to 70% in May", "зросла з 66% до 70%": the first figure is the earlier value ...
_CHANGED_FROM = re.compile(NOT_WORD + _CHANGED + fold_pattern(r"(?:\s[^\s.;,]+){0,6}?\s(?:from|з|із|від|с|со|от)\s$"))
#: ... and the one after "to" the later.
_TO = re.compile(NOT_WORD + fold_pattern(r"(?P<how>to|до)(?P<gap>)\s$"))
#: "that share has risen to", "ця частка зросла до", "эта доля выросла до": the share of a claim before, again.
_CONTINUED = re.compile(NOT_WORD + fold_pattern(
    r"(?:(?:that|this|the)\s(?:share|figure|proportion|percentage|area|total)"
    r"(?:\s(?:has|had|have|now|since|then|already|steadily))*\s(?:" + _CHANGED_WORDS + r"|stood\sat|stands\sat|is|was)"
    r"|(?:ця|цей|ця\sж|та)\s(?:частка|цифра|площа|показник)(?:\s(?:вже|відтоді|тепер|зараз|нині))*"
    r"\s(?:" + _CHANGED_WORDS + r"|становить|становила|становив|становило|склала|склав|склало)"
    r"|(?:эта|этот|эта\sже)\s(?:доля|цифра|площадь|показатель)(?:\s(?:уже|с\sтех\sпор|теперь|сейчас|ныне))*"
    r"\s(?:" + _CHANGED_WORDS + r"|составляет|составила|составил|составило|составлял|составляла))")
    + r"(?:\s(?:to|до))?\s$")
#: "В феврале — на 330.", "In March, 240.": a sentence of a time and a figure only, the claim before again
#: (the time is checked to be one, see `_only_time`).
_ELLIPSIS = re.compile(fold_pattern(r"(?P<lead>[^.;:!?\d]{2,40}?),?\s(?:-\s)?(?:(?:на|by|ще|еще|also)\s)?"))
#: A number with no unit, which takes the unit of the figure before: "from 400 in April", "the figure was 240".
_BARE = re.compile(rf"(?<![\w.,])(?P<n>{_NUM})(?P<m>{_MULT})?(?=\s?[.,;:)](?!\d)|\s?$|\s(?:in|at|on|a|an|the|last|at|у|в|на"
                   rf"|за|рік|год|тому|назад|годом|роком)\b)")
#: Where the words of an earlier value end: its clause's punctuation.
_CLAUSE_END = re.compile(r"[,;:()]|\.(?!\d)|\s-\s")
#: How far before a figure the words that compare it are looked for.
_REACH = 60


def carried_figures(text: str, folded: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """*quantities* and the numbers that carry the unit of the figure before them as earlier values or
    continued figures: "rose to 500 sq km in May from 400 in April", "In March, the figure was 240.",
    "У липні цей показник становив 520.", "В феврале — на 330.".

    >>> from geo._text import fold
    >>> from geo.quantities import find_quantities
    >>> t = "Russian forces captured 500 sq km in May, up from 400 in April."
    >>> [(q.text, q.low, q.unit) for q in carried_figures(t, fold(t), find_quantities(t, fold(t)))]
    [('500 sq km', 500.0, 'km2'), ('400', 400.0, 'km2')]
    """
    padded = " " + folded
    out = list(quantities)
    starts = [q.start for q in quantities]
    sentences = _Sentences(text)
    # Only the stretch after a figure that can carry its unit (a number of km² or %) is looked at.
    spans, end = [], -1
    for k, prev in enumerate(quantities):
        if prev.basis == "number" and not prev.original_unit and prev.kind in ("area", "percent"):
            hi = min(prev.end + 330, quantities[k + 1].start if k + 1 < len(quantities) else len(folded))
            if hi > max(prev.end, end):
                spans.append((max(prev.end, end), hi))
                end = hi
    for m in (m for lo, hi in spans for m in _BARE.finditer(folded, lo, hi)):
        n = parse_number(m.group("n")) * _multiplier(m.group("m"))
        i = bisect.bisect_left(starts, m.start())
        if not i or 1900 <= n <= 2100 and not m.group("m") or i < len(starts) and quantities[i].start < m.end() \
                or quantities[i - 1].end > m.start():
            continue  # a year, or a figure already
        prev = quantities[i - 1]
        if prev.basis != "number" or prev.original_unit or prev.kind not in ("area", "percent") \
                or m.start() - prev.end > 300:
            continue
        lo = max(prev.end, m.start() - _REACH)
        said = (_COMPARED.search(padded, lo, m.start() + 1) or _CONTINUED.search(padded, lo, m.start() + 1)
                or _FROM.search(padded, lo, m.start() + 1) and _CHANGED_TO.search(padded, max(0, prev.start - 40),
                                                                                     prev.start + 1)
                or _TO.search(padded, lo, m.start() + 1) and _CHANGED_FROM.search(padded, max(0, prev.start - 80),
                                                                                    prev.start + 1))
        if said is None:
            span = sentences.of(m.start())
            said = _ellipsis(folded, span, m.start(), m.end())
        if said is not None and (q := _figure(text, folded, m.start(), m.end(), n, n, prev.kind, prev.unit, 1.0)):
            out.append(q)
    return sorted(out, key=lambda q: q.start)


class _Sentences:
    """The sentence spans of a text, split once when first asked for."""

    def __init__(self, text: str) -> None:
        self.text, self.spans, self.starts = text, None, None

    def of(self, pos: int) -> Span:
        """The sentence *pos* falls in (or the one before it)."""
        if self.spans is None:
            self.spans = split_sentences(self.text) or [Span(0, len(self.text))]
            self.starts = [s.start for s in self.spans]
        return self.spans[max(0, bisect.bisect_right(self.starts, pos) - 1)]


#: What may follow the figure of an elliptic sentence: its end.
_SENTENCE_TAIL = re.compile(r"\s?[.!?;]?\s*")


def _ellipsis(folded: str, span: Span, start: int, end: int) -> re.Match | None:
    """"В феврале — на 330.": a sentence of a time and a figure [start, end) only; or such a clause after a comma
    at the end of its sentence ("..., у жовтні — 461.")."""
    lead = _ELLIPSIS.fullmatch(folded, span.start, start)
    if lead and _SENTENCE_TAIL.fullmatch(folded, end, span.end) and _only_time(lead.group("lead")):
        return lead
    comma = folded.rfind(", ", span.start, start)
    if comma < 0 or comma + 2 == span.start:
        return None
    stop = folded.find(". ", end, span.end)
    lead = _ELLIPSIS.fullmatch(folded, comma + 2, start)
    return lead if lead and _SENTENCE_TAIL.fullmatch(folded, end, stop + 1 if stop >= 0 else span.end) \
        and _only_time(lead.group("lead")) else None


def _inside(windows: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether *pos* falls in one of the sorted, disjoint *windows*."""
    i = bisect.bisect_right(windows, (pos, float("inf"))) - 1
    return i >= 0 and windows[i][0] <= pos < windows[i][1]


def compared_claims(text: str, folded: str, claims: Sequence[Claim], quantities: Sequence[Quantity],
                    document_date: str | None, mentions: Sequence[Mention] = ()) -> list[Claim]:
    """*claims* (with times, from `geo.timeref.attach_times`) and the claims of the figures compared with them.

    Each earlier value follows the claim it is compared with; a continued share follows the claims of
    its sentence's place in the text. A figure compared with that names a place of its own (*mentions*:
    "compared with 99% of the Luhansk region") is about that place, at the time of the claim it is
    compared with unless it gives one.

    Examples
    --------
    >>> import geo
    >>> doc = geo.extract("Russia now controls about 77% of the Donetsk region, up from roughly 65% a year ago.",
    ...                   date="2025-11-10")
    >>> [(c.quantity.text, c.regions, c.time.as_of) for c in doc.claims]
    [('about 77%', ('UA-14',), '2025-11-10'), ('roughly 65%', ('UA-14',), '2024-11-10')]
    """
    padded = " " + folded
    used = {c.quantity.start for c in claims if c.quantity is not None}
    free = [q for q in quantities if q.start not in used]
    if not free or not claims:
        return list(claims)
    figured = sorted((c for c in claims if c.quantity is not None), key=lambda c: c.quantity.start)
    keys = [c.quantity.start for c in figured]
    windows: list[tuple[int, int]] = []  # the words of each earlier value, whose times are not its claim's
    added: list[tuple[Claim, Claim, bool]] = []  # (earlier or later value, the claim it is compared with, later)
    for q in free:
        main = _compared_with(padded, figured, keys, q)
        if main is None:
            continue
        how, hi = main[1], _clause_end(folded, q.end, main[0].sentence.end)
        windows.append((how.start(), max(hi, q.end)))
        earlier = _earlier(text, folded, main[0], q, how, hi)
        own = _scope_of(folded, mentions, q, main[0].actor)
        if own and set(own) != set(main[0].regions):  # "compared with 99% of the Luhansk region": another place
            earlier = dataclasses.replace(earlier, regions=tuple(own), scope="explicit")
        added.append((earlier, main[0], main[2]))
    windows.sort()
    before = {main.id: main.quantity.start for _, main, later in added if later}  # "from 66%" of "from 66% to 70%"
    out = _own_times(text, folded, list(claims), windows, before, document_date)
    # Each earlier value right after the last claim of the figure it is compared with.
    where = {c.quantity.start: i for i, c in enumerate(out) if c.quantity is not None}
    by_id = {c.id: c for c in out}
    order = [(i, 0) for i in range(len(out))]
    for k, (earlier, main, later) in enumerate(added):
        main = by_id[main.id]  # with its own time now
        earlier = dataclasses.replace(earlier, time=_earlier_time(text, folded, earlier, main, later, document_date))
        out.append(dataclasses.replace(earlier, change=change_of(earlier)))
        order.append((where[main.quantity.start], k + 1))
    out = [c for _, c in sorted(zip(order, out), key=lambda pair: pair[0])]
    return _continued(text, folded, out, [q for q in free if not _inside(windows, q.start)], document_date, mentions)


def _compared_with(padded: str, figured: Sequence[Claim], keys: Sequence[int],
                   q: Quantity) -> tuple[Claim, re.Match, bool] | None:
    """The claim whose figure *q* is the earlier value of, the words that compare them and whether *q* is the
    later value instead ("from 66% to 70%"), or None. *figured* are the claims with a figure, in the order of
    their figures (whose starts are *keys*)."""
    main = None
    for i in range(bisect.bisect_left(keys, q.start) - 1, -1, -1):  # back through the sentence of q
        c = figured[i]
        if not c.sentence.start <= q.start < c.sentence.end:
            break
        if c.quantity.end <= q.start and c.quantity.unit == q.unit:
            main = c
            break
    if main is None or main.modality == "negated":
        return None
    lo = max(main.quantity.end, q.start - _REACH)
    how = _COMPARED.search(padded, lo, q.start + 1) or (
        _CHANGED_TO.search(padded, max(main.sentence.start, main.quantity.start - 40), main.quantity.start + 1)
        and _FROM.search(padded, lo, q.start + 1))
    later = False
    if not how and _TO.search(padded, lo, q.start + 1) and _CHANGED_FROM.search(
            padded, max(main.sentence.start, main.quantity.start - 80), main.quantity.start + 1):
        how, later = _TO.search(padded, lo, q.start + 1), True
    if not how:
        return None
    gap = how.group("gap").strip()
    if gap and not _only_time(how.group("gap")):
        return None  # "more than Ukraine's 1%": not an earlier value
    return main, how, later


def _only_time(gap: str) -> bool:
    """Whether the words *gap* are one time expression ("рік тому"), nothing else."""
    words = gap.strip()
    found = find_times(words, words)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(words) and found[0].kind != "rate"


def _clause_end(folded: str, lo: int, hi: int) -> int:
    """Where the clause that starts at *lo* ends: its punctuation, or *hi*."""
    m = _CLAUSE_END.search(folded, lo, hi)
    return m.start() if m else hi


def _claim_id(base: Claim, q: Quantity, how: str) -> str:
    key = "|".join([how, base.id, q.text, str(q.start)])
    return "c" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _earlier(text: str, folded: str, main: Claim, q: Quantity, how: re.Match, hi: int) -> Claim:
    """The claim of earlier value *q* of *main*'s figure (its time set later)."""
    lo, end = how.start(), how.start() + len(how.group("how"))
    return dataclasses.replace(main, id=_claim_id(main, q, "earlier"), quantity=q, part=None,
                               trigger=Trigger(lo, end, text[lo:end]), time=None, change=None)


def _times(text: str, folded: str, span: Span) -> list[TimeExpression]:
    return [dataclasses.replace(e, start=e.start + span.start, end=e.end + span.start)
            for e in find_times(text[span.start:span.end], folded[span.start:span.end])]


def _own_times(text: str, folded: str, claims: list[Claim], windows: Sequence[tuple[int, int]],
               before: dict[str, int], document_date: str | None) -> list[Claim]:
    """*claims* whose time was read from the words of an earlier value, with their own time instead; the
    figure *before* another ("from 66% to 70%"), with no time of its own, at a time not known."""
    if not windows:
        return claims
    out = []
    for c in claims:
        span = c.time.span if c.time is not None else None
        if span is not None and _inside(windows, span["start"]) or c.id in before:
            exprs = [e for e in _times(text, folded, c.sentence) if not _inside(windows, e.start)]
            focus = c.quantity.start if c.quantity is not None else c.trigger.start
            time = claim_time(folded, exprs, c.sentence.start, c.sentence.end, focus, document_date)
            if c.id in before and time.basis != "stated":
                time = _not_known(text, c.quantity.start, c.quantity.end)
            c = dataclasses.replace(c, time=time)
            c = dataclasses.replace(c, change=change_of(c))
        out.append(c)
    return out


def _not_known(text: str, lo: int, hi: int) -> TimeRef:
    """The time of an earlier value the text gives no time for: not known, so never checked."""
    return TimeRef(None, None, None, text=text[lo:hi], span={"start": lo, "end": hi}, basis="none",
                   note="an earlier value, at a time the text does not give")


def _earlier_time(text: str, folded: str, c: Claim, main: Claim, later: bool, document_date: str | None) -> TimeRef:
    """The time of earlier value *c*: the time words of its own clause, "a year earlier" counted back from
    *main*'s time; none stated, a time not known. A *later* value with none is about the document's date."""
    lo, hi = c.trigger.start, _clause_end(folded, c.quantity.end, c.sentence.end)
    exprs = [e for e in _times(text, folded, c.sentence) if lo <= e.start and e.end <= hi and e.kind != "rate"]
    if later:
        return claim_time(folded, exprs, c.sentence.start, c.sentence.end, c.quantity.start, document_date)
    if not exprs and main.time is not None and set(c.regions) != set(main.regions):
        return main.time  # another place, at the same time
    if not exprs:
        return _not_known(text, lo, c.trigger.end)
    e = min(exprs, key=lambda e: abs(e.start - c.quantity.start))
    anchor = main.time
    if e.kind == "earlier" and anchor is not None and anchor.start and anchor.end:
        # "captured 500 sq km in May, up from 400 sq km a month earlier": the period before
        first, last = resolve(e, anchor.start), resolve(e, anchor.end)
        if first.as_of and last.as_of:
            return dataclasses.replace(first, as_of=None, start=first.as_of, end=last.as_of)
    # "as of 1 November 2024, against 18% at the start of the year": the year of the figure compared with;
    # only "a year ago" counts from the document's date
    return resolve(e, document_date if e.kind == "ago" or anchor is None else anchor.last_day or document_date)


def _continued(text: str, folded: str, claims: list[Claim], free: Sequence[Quantity],
               document_date: str | None, mentions: Sequence[Mention] = ()) -> list[Claim]:
    """*claims* and the claims of "that share has risen to nearly 19%": the figure of the claim before, again.

    Not where the words after it name other land ("In March, the figure was 240 in the Donetsk region": not the
    whole front's figure); a period given only in part ("in the same period last year") is a time not known."""
    padded = " " + folded
    sentences = _Sentences(text)
    hits = [(q, m) for q in free if (m := _CONTINUED.search(padded, max(0, q.start - _REACH), q.start + 1)
                                     or _ellipsis(folded, sentences.of(q.start), q.start, q.end))]
    if not hits:
        return claims
    figured = sorted((c for c in claims if c.quantity is not None), key=lambda c: c.quantity.start)
    keys = [c.quantity.start for c in figured]
    new: list[Claim] = []
    for q, m in hits:
        i = bisect.bisect_left(keys, m.start())
        while i and (figured[i - 1].quantity.end > m.start() or figured[i - 1].quantity.unit != q.unit) \
                and q.start - figured[i - 1].quantity.start < 2 * MAX_SENTENCE:
            i -= 1  # back to the last figure of the same unit before the words, not too far
        base = figured[i - 1] if i and figured[i - 1].quantity.unit == q.unit \
            and figured[i - 1].quantity.end <= m.start() else None
        if base is None:
            continue
        span = sentences.of(q.start)
        if any(x.role == "territory" and m.start() <= x.start < span.end and not set(x.regions) <= set(base.regions)
               for x in mentions):
            continue
        lo = m.start()
        hi = lo + len(m.group().strip())
        c = dataclasses.replace(base, id=_claim_id(base, q, "continued"), quantity=q, sentence=span,
                                evidence=text[span.start:span.end], trigger=Trigger(lo, hi, text[lo:hi]),
                                scope="anaphora", part=None)
        if base.sentence != span and base.modality == "reported":
            c = dataclasses.replace(c, attribution=None, modality="asserted")  # a sentence of its own: its own words
        # "До 2022 года ... около 7%, а сейчас эта доля выросла до 19%": not the time of the figure before
        lo = base.quantity.end if base.sentence == span else span.start
        time = claim_time(folded, [e for e in _times(text, folded, span) if e.start >= lo], span.start, span.end,
                          q.start, document_date)
        if _SAME_PERIOD.search(folded, span.start, q.start):
            time = _not_known(text, span.start, q.start)
        c = dataclasses.replace(c, time=time, change=None)
        c = dataclasses.replace(c, change=change_of(c))
        new.append(c)
        bisect.insort(keys, q.start)
        figured.insert(keys.index(q.start), c)  # "In March, 240. In February, 330.": each the one before again
    # After the claims of the sentences up to its own (a stable sort keeps the order of the rest).
    return sorted([*claims, *new], key=lambda c: c.sentence.start)
