"""Claims about settlements: captured, liberated, held, entered, surrounded, fighting, outskirts, "N km from".

A claim is read for each settlement mention (`geo.places`) from the nearest trigger in
its clause: before it ("Russian forces captured the village of X", "бої точаться біля
X", "в 5 км от X") or after it ("X fell", "X remains under Ukrainian control"). The
actor is the side named nearest before the trigger (or after a passive: "was captured by
Russian forces"), a pronoun's antecedent ("the ministry said its forces"), or the side
named by the trigger itself ("fell to Russian troops"); the source is the one the
sentence cites ("Russia's defence ministry said", "за даними Генштабу", "по данным
Минобороны"). Moscow's "liberated" Ukrainian village is ``captured``, as for regions
(`geo.claims`). Patterns are rows of data (`TRIGGERS`); nothing here imports a geospatial
library.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from geo._names import LazyRegex
from geo._text import fold
from geo.claims import Trigger, split_sentences
from geo.mentions import Mention, Span
from geo.places import SettlementMention

__all__ = ["SettlementClaim", "find_settlement_claims", "SETTLEMENT_RELATIONS", "TRIGGERS"]

#: Relation -> what it means.
SETTLEMENT_RELATIONS = {
    "captured": "the actor took the settlement (captured, seized, 'liberated' by the side it is not the land of)",
    "liberated": "the actor retook a settlement of its own country",
    "lost": "the actor lost the settlement",
    "withdrew": "the actor withdrew from the settlement",
    "holds": "the actor holds or still holds the settlement",
    "controls": "the settlement is under the actor's control",
    "entered": "the actor's forces entered the settlement",
    "surrounded": "the actor surrounded or encircled the settlement",
    "fighting": "fighting in, near or for the settlement",
    "outskirts": "the actor's forces or fighting are on its outskirts",
    "distance": "the actor's forces are a stated distance from the settlement",
}

_SIDES = r"(?P<side>russian|ukrainian|russia's|ukraine's|moscow's|kyiv's|російськ\w*|українськ\w*|российск\w*|украинск\w*)"
_NUM = r"(?P<num>\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_UNIT = r"(?P<unit>km|kms|kilomet(?:re|er)s?|miles?|км|кілометр\w*|километр\w*)"
_DIST_HEDGE = (r"(?:(?P<hedge>about|around|some|roughly|approximately|nearly|almost|less\sthan|under|within|more\sthan|"
               r"over|just|only|приблизно|близько|майже|менше\sніж|менш\sніж|понад|около|примерно|почти|менее\sчем|"
               r"менее|меньше\sчем|более)\s(?:(?:в|у|за|на)\s)?)?")

#: (relation, where the trigger stands: "before" or "after" the name, pattern on folded text).
TRIGGERS: list[tuple[str, str, str]] = [
    ("distance", "before", _DIST_HEDGE + _NUM + r"(?:\s|-)?" + _UNIT
     + r"(?:\s(?:away\s)?(?:from|of|short\sof|outside|від|до|от))"),
    ("outskirts", "before", r"(?:on|to|at|reached|reach|reaching)\s(?:the\s)?(?:outskirts|edge|edges)\sof|outskirts\sof"
                            r"|на\sоколиц\w*|до\sоколиц\w*|на\sокраин\w*|к\sокраин\w*|околиц\w*|окраин\w*"),
    ("captured", "before", r"(?:have\s|has\s|had\s)?(?:captured|capture|capturing|seized|seize|seizing|took|taken|take|taking|"
                           r"overran|overrun|occupied|gained\scontrol\sof|established\scontrol\sover|"
                           r"completed\sthe\scapture\sof|the\scapture\sof|the\sfall\sof|the\sseizure\sof)"
                           r"(?:\s(?:full\s|complete\s)?control\s(?:of|over))?"
                           r"|захопил\w*|захопи\w*|захоплення|зайнял\w*|окупувал\w*|взял\w*\sпід\sконтроль|"
                           r"встановил\w*\sконтроль\sнад|заняли|занял\w*|захватил\w*|взял\w*\sпод\sконтроль|взяли|"
                           r"установил\w*\sконтроль\sнад|овладел\w*|взяття|взятие"),
    ("liberated", "before", r"(?:liberated|liberating|liberate|the\sliberation\sof|recaptured|recapture|retook|retaken|"
                            r"retake|regained(?:\scontrol\sof)?|pushed\s(?:russian\s)?(?:forces|troops)\sout\sof|"
                            r"drove\s(?:russian\s)?(?:forces|troops)\sout\sof)"
                            r"|звільнил\w*|звільни\w*|звільнення|відбил\w*|освободил\w*|освободи\w*|освобождени\w*"),
    ("entered", "before", r"(?:entered|enter|entering|broke\sinto|pushed\sinto|advanced\sinto|made\stheir\sway\sinto)"
                          r"|(?:увійшл\w*|зайшл\w*|проникл\w*)\s(?:в|у|до)|(?:вошл\w*|зашл\w*|ворвал\w*)\sв"),
    ("surrounded", "before", r"(?:surrounded|surround|surrounding|encircled|encircle|encircling|the\sencirclement\sof|"
                             r"cut\soff)|оточил\w*|оточення|оточуют\w*|окружил\w*|окружени\w*|окружа\w*"),
    ("lost", "before", r"(?:lost|lose|loses|losing|the\sloss\sof|ceded|surrendered)|втратил\w*|втрата|втрату|"
                       r"потерял\w*|потеря\w*|сдал\w*"),
    ("withdrew", "before", r"(?:withdrew|withdrawn|withdrawal|retreated|pulled\sout)\s(?:of|from)|left"
                           r"|(?:вийшл\w*|відступил\w*)\s(?:з|із)|(?:вышл\w*|отступил\w*)\s(?:из|с)|залишил\w*|покинул\w*|оставил\w*"),
    ("holds", "before", r"(?:still\s)?(?:holds?|holding|held|retains?|retained|defending|defend|defends)"
                        r"|утриму\w*|тримают\w*\sоборону\s(?:в|у)|удержива\w*"),
    ("controls", "before", r"(?:in\s)?control(?:s|led)?(?:\sof)?|контролю\w*|контролиру\w*"),
    ("fighting", "before", r"(?:heavy\s|fierce\s)?(?:fighting|fight|fought|battles?|clashes|combat|assaults?|attacks?|"
                           r"attacked|attacking|storming|stormed|advancing|advanced|advances|pushing|pressing)"
                           r"(?:\s(?:continued|continues|continue|raged|rages|is\sunder\sway|are\sunder\sway|is\songoing|"
                           r"are\songoing|went\son|goes\son|was\sreported|were\sreported))?"
                           r"(?:\s(?:in|near|for|around|on|towards?|at|outside|close\sto))"
                           r"|(?:бої|бои|бій|бой)(?:\s(?:точаться|тривають|идут|продолжаются))?\s(?:за|біля|у|в|на|поблизу|під|"
                           r"под|возле|около)|штурму\w*|атаку\w*|наступа\w*\sна|наступ\w*\sна|"
                           r"(?:продвину\w*|продвига\w*|просуну\w*|просува\w*)\s(?:под|к|до|біля|під|у|в|на)"),
    ("captured", "after", r"(?:fell|has\sfallen|had\sfallen)(?:\sto\s" + _SIDES + r")?|(?:was|were|has\sbeen|had\sbeen)\s"
                          r"(?:captured|taken|seized|occupied|overrun)|(?:впал\w*|пал\w*|захоплен\w*|взят\w*|занят\w*)"),
    ("captured", "after", r"came\sunder\s" + _SIDES + r"\scontrol"),
    ("liberated", "after", r"(?:was|were|has\sbeen|had\sbeen)\s(?:liberated|retaken|recaptured|freed)|звільнен\w*|освобожд\w*"),
    ("controls", "after", r"(?:is|remains|was|stays|remained)\s(?:(?:still|now|firmly)\s)?under\s" + _SIDES + r"\scontrol"),
    ("controls", "after", r"(?:is|remains|was|stays|remained)\s(?:(?:still|now|firmly)\s)?in\s" + _SIDES + r"\shands"),
    ("surrounded", "after", r"(?:is|was|has\sbeen|remains)\s(?:(?:nearly|almost|partly|partially|now)\s)?"
                            r"(?:surrounded|encircled|cut\soff)|(?:в|у)\s(?:оточенні|окружении)"),
]
def _numbered(pattern: str, i: int) -> str:
    """The pattern with its named groups numbered, so that many rows make one regex."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}_{i}>", pattern)


#: One regex of all rows for each position; the row that matched is the number of the outer group.
#: The word boundary is tested once, before the alternatives (the engine then skips most places fast).
_TRIGGER_RES = {pos: LazyRegex(r"(?<![\w-])(?=[^\W_])(?:" + "|".join(
    f"(?P<r{i}>(?:{_numbered(p, i)})(?![\\w-]))" for i, (_, q, p) in enumerate(TRIGGERS) if q == pos) + ")",
    folded=True) for pos in ("before", "after")}


@dataclass(frozen=True, slots=True)
class _Hit:
    relation: str
    m: re.Match
    row: int

    def group(self, name: str) -> str | None:
        return self.m.groupdict().get(f"{name}_{self.row}")

    def span(self, name: str) -> tuple[int, int]:
        return self.m.span(f"{name}_{self.row}")


def _hit(m: re.Match) -> _Hit:
    row = int(m.lastgroup[1:])
    return _Hit(TRIGGERS[row][0], m, row)


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
_HEDGES = {"about": "approximate", "around": "approximate", "some": "approximate", "roughly": "approximate",
           "approximately": "approximate", "приблизно": "approximate", "близько": "approximate", "около": "approximate",
           "примерно": "approximate", "nearly": "upper", "almost": "upper", "less than": "upper", "under": "upper",
           "within": "upper", "майже": "upper", "менше ніж": "upper", "менш ніж": "upper", "почти": "upper",
           "менее чем": "upper", "менее": "upper", "меньше чем": "upper", "just": "upper", "only": "upper",
           "more than": "lower", "over": "lower", "понад": "lower", "более": "lower"}

#: Phrases that name a side, on folded text ("its forces" and "they" take the side named before).
_ACTORS = [(code, LazyRegex(r"(?<![\w-])(?=[^\W_])(?:" + p + r")(?![\w-])", folded=True)) for code, p in (
    ("RU", r"russian\s(?:forces|troops|army|military|soldiers|units|assault\sgroups?|marines|paratroopers|defen[cs]e\sministry|"
           r"ministry\sof\sdefen[cs]e|side|command)|russia's\s(?:forces|army|military|troops|defen[cs]e\sministry)|"
           r"russia|moscow|the\skremlin|russians|the\soccupiers|putin's\s(?:forces|troops)|"
           r"російськ\w*\s(?:військ\w*|військов\w*|сил\w*|окупант\w*)|окупант\w*|ворог\w*|росіян\w*|"
           r"российск\w*\s(?:войск\w*|военн\w*|сил\w*|подразделени\w*|армия)|вс\sрф|зс\sрф|минобороны\s(?:рф|россии)|"
           r"міноборони\s(?:рф|росії)|группировк\w*\sвойск\w*|подразделени\w*\sгруппировк\w*|росі\w*|росси\w*"),
    ("UA", r"ukrainian\s(?:forces|troops|army|military|soldiers|units|brigades?|defenders|defen[cs]e\sministry|"
           r"general\sstaff|side|command)|ukraine's\s(?:forces|army|military|troops|general\sstaff|defen[cs]e\sministry)|"
           r"ukraine|kyiv|kiev|ukrainians|the\sgeneral\sstaff|"
           r"україн\w*\s(?:військ\w*|військов\w*|сил\w*|захисник\w*|бригад\w*)|зсу|сили\sоборони|сил\sоборони|"
           r"генштаб\w*|українц\w*|всу|украинск\w*\s(?:войск\w*|военн\w*|сил\w*|армия)|україна|украина|київ|киев")
)]
_PRONOUN = LazyRegex(r"(?<![\w-])(?:its\s(?:forces|troops|army|units)|their\s(?:forces|troops)|they|it)(?![\w-])")
_BY = LazyRegex(r"\sby\s$|^\sby\s")
_SIDE_CODE = {"russian": "RU", "russia's": "RU", "moscow's": "RU", "ukrainian": "UA", "ukraine's": "UA", "kyiv's": "UA"}
_NEGATION = LazyRegex(r"(?<![\w-])(?:not|never|no\slonger|denied|deny|denies|n't|не|ні|нет)(?:\s\w+){0,2}\s$", folded=True)
_POSSIBLE = LazyRegex(r"(?<![\w-])(?:may|might|could|likely|possibly|probably|ймовірно|імовірно|можливо|"
                                    r"возможно|вероятно|может|можуть)(?![\w-])", folded=True)
_ACCORDING = LazyRegex(r"(?:according\sto|за\sданими|за\sсловами|за\sінформацією|по\sданным|по\sсловам|"
                                     r"согласно|as\sreported\sby|as\sclaimed\sby)\s(?P<who>[^,.;:()]{2,60})", folded=True)
_SAYS = LazyRegex(r"\s(?:said|says|claimed|claims|reported|reports|announced|stated|added|wrote|assessed|"
                                r"заяви\w*|повідоми\w*|повідомля\w*|сообщ\w*|заявля\w*|утвержда\w*|стверджу\w*)(?![\w-])", folded=True)
_CLAUSE_START = LazyRegex(r"[,;:—–()\"“”«»]\s*(?:(?:while|whereas|but|and|тоді\sяк|тогда\sкак|а|але|но|однако)\s)?"
                          r"|\sthat\s|\sщо\s|\sчто\s")
_REPORTER_WORDS = LazyRegex(r"^(?:the\s)?(?:reporter|correspondent)s?$")


@dataclass(frozen=True, slots=True)
class SettlementClaim:
    """One claim about a settlement.

    Attributes
    ----------
    id : str
        Stable, from the claim's content.
    relation : str
        One of `SETTLEMENT_RELATIONS`.
    actor, actor_text : str or None
        ``RU``/``UA`` and the words it was read from.
    settlement : int
        Index of the settlement mention in ``Document.settlements``.
    code, name : str or None
        The settlement's code and English name (None if the mention is ambiguous).
    distance : dict or None
        For ``distance``: ``{"value", "unit", "km", "hedge", "text"}`` as stated.
    modality : str
        ``asserted``, ``reported``, ``possible`` or ``negated``.
    attribution : str or None
    sentence : Span
    evidence : str
    trigger : Trigger
    """

    id: str
    relation: str
    actor: str | None
    actor_text: str | None
    settlement: int
    code: str | None
    name: str | None
    distance: dict | None
    modality: str
    attribution: str | None
    sentence: Span
    evidence: str
    trigger: Trigger

    def to_dict(self) -> dict:
        return {"id": self.id, "relation": self.relation, "actor": self.actor, "actor_text": self.actor_text,
                "settlement": self.settlement, "code": self.code, "name": self.name, "distance": self.distance,
                "modality": self.modality, "attribution": self.attribution,
                "sentence": {"start": self.sentence.start, "end": self.sentence.end}, "evidence": self.evidence,
                "trigger": {"start": self.trigger.start, "end": self.trigger.end, "text": self.trigger.text}}


_LIST = LazyRegex(r"(?:,\s(?:and\s)?|\sand\s|\sor\s|\sта\s|\sі\s|\sй\s|\sи\s)"
                                r"(?P<prep>(?:near|in|at|around|outside|біля|під|у|в|поблизу|под|около|возле)\s)?"
                                r"(?:(?:the\s)?(?:villages?|towns?|settlements?|city|cities|село|селище|місто|деревн\w*|"
                                r"посел\w*)\s(?:of\s)?)?", folded=True)
_NEAR_BEFORE = LazyRegex(r"(?<![\w-])(?:near|outside|close\sto|west\sof|east\sof|north\sof|south\sof|біля|"
                                       r"поблизу|неподалік\sвід|під|под|около|возле|близ)\s$", folded=True)
#: Relations whose trigger itself says where (so "near X" is their object).
_WHERE = ("fighting", "outskirts", "distance")
#: How far (characters) a trigger may stand before or after its settlement, lists of names aside.
_BEFORE_REACH, _AFTER_REACH = 70, 45


def _trigger_for(folded: str, sent: Span, m: SettlementMention, prev_end: int, listed: bool,
                 before: list[re.Match]) -> _Hit | None:
    """The nearest trigger of the clause before *m* (or, failing that, right after it).

    *before* holds the sentence's triggers, found once for all its settlements.
    """
    lo = max(sent.start, m.start - _BEFORE_REACH, sent.start if listed else prev_end)
    for t in reversed(before):
        if t.end() <= m.start and t.start() >= lo and ";" not in folded[t.end():m.start]:
            return _hit(t)
    after = _TRIGGER_RES["after"].search(folded, m.end, min(sent.end, m.end + _AFTER_REACH))
    if after and not re.search(r"[;.]", folded[m.end:after.start()]):
        return _hit(after)
    return None


def _distance(t: _Hit) -> dict | None:
    num = t.group("num")
    if num is None:
        return None
    value = _WORDS.get(num) or float(num.replace(",", "."))
    unit = t.group("unit")
    km = value * 1.609344 if unit.startswith("mile") else value
    hedge = t.group("hedge")
    return {"value": value, "unit": "mi" if unit.startswith("mile") else "km", "km": round(km, 3),
            "hedge": _HEDGES.get(" ".join(hedge.split())) if hedge else None, "text": t.m.group().strip()}


def _sides(folded: str, sent: Span) -> list[tuple[int, int, str]]:
    """Every phrase of the sentence that names a side, in order."""
    found: list[tuple[int, int, str]] = []
    for code, rx in _ACTORS:
        found += [(a.start(), a.end(), code) for a in rx.finditer(folded, sent.start, sent.end)]
    return sorted(found)


def _actor(folded: str, text: str, sent: Span, hit: _Hit, found: list[tuple[int, int, str]],
           last: tuple[str, str] | None) -> tuple[str | None, str | None]:
    """The side of the claim: named by the trigger, after "by", the nearest before, or a pronoun's antecedent."""
    side = hit.group("side")
    if side:
        lo, hi = hit.span("side")
        return _SIDE_CODE.get(side, "RU" if side.startswith(("рос", "russ")) else "UA"), text[lo:hi]
    t = hit.m
    pronouns = [(p.start(), p.end(), None) for p in _PRONOUN.finditer(folded, sent.start, t.start())]
    after = [a for a in found if t.end() <= a[0] <= t.end() + 25 and _BY.search(folded[t.end():a[0] + 1][-5:] or "")]
    if after:
        a = after[0]
        return a[2], text[a[0]:a[1]]
    before = sorted([a for a in found if a[1] <= t.start()] + pronouns)
    if before:
        a = before[-1]
        if a[2] is not None:
            return a[2], text[a[0]:a[1]]
        named = [b for b in before if b[2] is not None]
        if named:  # "Russia's defence ministry said its forces"
            return named[-1][2], text[a[0]:a[1]]
        if last:
            return last[0], text[a[0]:a[1]]
    later = [a for a in found if a[0] >= t.end()]
    if later and not _SAYS.search(folded, t.end(), later[0][0]):  # "захопили російські війська"
        a = later[0]
        return a[2], text[a[0]:a[1]]
    return None, None


def _attributions(folded: str, text: str, sent: Span) -> list[tuple[int, str]]:
    """Every source the sentence cites, with where its verb of saying (or "according to") stands."""
    found = []
    acc = _ACCORDING.search(folded, sent.start, sent.end)
    if acc:
        found.append((acc.start(), text[acc.start("who"):acc.end("who")].strip()))
    for say in _SAYS.finditer(folded, sent.start, sent.end):
        starts = [c.end() for c in _CLAUSE_START.finditer(folded, sent.start, say.start())]
        lo = starts[-1] if starts else sent.start
        who = text[lo:say.start()].strip()
        if who and len(who.split()) <= 8 and not _REPORTER_WORDS.match(fold(who)):
            found.append((say.start(), who))
            continue
        # "..., повідомив Генштаб ЗСУ", "..., заявили в Міноборони": the source after the verb
        after = re.match(r"\s(?:on\s\w+\s)?([^,.;:]{2,60})", text[say.end():sent.end])
        if after and not who and not fold(after.group(1)).startswith(("that", "що", "что", "об ", "о ", "про ")):
            found.append((say.start(), after.group(1).strip()))
    return sorted(found)


def _attribution(sources: list[tuple[int, str]], trigger_start: int) -> str | None:
    """The source named last before the trigger ("X claimed ..., while Y said Russian forces had not
    captured Z": Y is the source of the capture), else the first after it ("..., the ministry said")."""
    before = [who for at, who in sources if at < trigger_start]
    if before:
        return before[-1]
    return sources[0][1] if sources else None


def _modality(folded: str, sent: Span, t: re.Match, attribution: str | None) -> str:
    clause = folded[max(sent.start, t.start() - 40):t.start()]
    if _NEGATION.search(clause):
        return "negated"
    if _POSSIBLE.search(folded, max(sent.start, t.start() - 40), t.start()):
        return "possible"
    return "reported" if attribution else "asserted"


def find_settlement_claims(text: str, folded: str, settlements: Sequence[SettlementMention],
                           mentions: Sequence[Mention] = (), furniture: Sequence[Span] = ()) -> list[SettlementClaim]:
    """Claims about the settlements of a text, one per settlement mention that has a trigger.

    Examples
    --------
    >>> from geo._text import fold
    >>> from geo.places import find_settlements
    >>> t = "Russia's defence ministry said its forces had captured Toretsk."
    >>> (c,) = find_settlement_claims(t, fold(t), find_settlements(t, fold(t), [], []))
    >>> c.relation, c.actor, c.name, c.modality, c.attribution
    ('captured', 'RU', 'Toretsk', 'reported', "Russia's defence ministry")
    """
    if not settlements:
        return []
    sentences = split_sentences(text, furniture)
    out: list[SettlementClaim] = []
    seen: dict[str, int] = {}
    last_actor: tuple[str, str] | None = None
    si = 0
    prev: SettlementMention | None = None
    prev_trigger: _Hit | None = None
    sides: dict[int, list[tuple[int, int, str]]] = {}
    sources: dict[int, str | None] = {}
    triggers: dict[int, list[re.Match]] = {}
    starts = [m.start for m in settlements]
    for idx, m in enumerate(settlements):
        while si < len(sentences) - 1 and sentences[si].end <= m.start:
            si += 1
        sent = sentences[si] if sentences else Span(0, len(text))
        glue = _LIST.fullmatch(folded[prev.end:m.start]) if prev is not None and prev.end >= sent.start else None
        listed = glue is not None
        if sent.start not in triggers:
            # from just before the sentence's first settlement to its last: a trigger "before" a name
            # stands at most _BEFORE_REACH characters before it
            last = settlements[bisect.bisect_left(starts, sent.end) - 1].start
            first = max(sent.start, m.start - _BEFORE_REACH)
            triggers[sent.start] = list(_TRIGGER_RES["before"].finditer(folded, first, max(last, first)))
        hit = _trigger_for(folded, sent, m, prev.end if prev and prev.end > sent.start else sent.start, listed,
                           triggers[sent.start])
        if hit is None and listed and prev_trigger is not None:
            hit = prev_trigger  # "captured Novoselivka and Petrivka": the verb governs the list
        if hit is not None and listed and glue.group("prep") and hit.relation == "outskirts":
            hit = _Hit("fighting", hit.m, hit.row)  # "on the outskirts of X and near Y"
        if hit is not None and hit.relation not in _WHERE and _NEAR_BEFORE.search(folded, max(0, m.start - 12), m.start):
            prev, prev_trigger = m, hit
            continue  # "captured Novoselivka near Pokrovsk": Pokrovsk only says where
        prev, prev_trigger = m, hit
        if hit is None:
            continue
        relation, t = hit.relation, hit.m
        if sent.start not in sides:
            sides[sent.start] = _sides(folded, sent)
            sources[sent.start] = _attributions(folded, text, sent)
        actor, actor_text = _actor(folded, text, sent, hit, sides[sent.start], last_actor)
        if actor:
            last_actor = (actor, actor_text)
        if relation == "liberated" and actor == "RU" and m.country == "UA":
            relation = "captured"  # Moscow "liberates" Ukrainian villages: the other side's land is taken
        attribution = _attribution(sources[sent.start], t.start())
        modality = _modality(folded, sent, t, attribution)
        distance = _distance(hit) if relation == "distance" else None
        key = f"s-{relation}-{actor or 'x'}-{m.code or fold(m.text)}"
        seen[key] = seen.get(key, 0) + 1
        out.append(SettlementClaim(
            id=key if seen[key] == 1 else f"{key}-{seen[key]}", relation=relation, actor=actor, actor_text=actor_text,
            settlement=idx, code=m.code, name=m.name, distance=distance, modality=modality, attribution=attribution,
            sentence=sent, evidence=text[sent.start:sent.end], trigger=Trigger(t.start(), t.end(), text[t.start():t.end()]),
        ))
    return out
