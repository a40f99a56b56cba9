"""Claims: who says they control, hold, claim or may give up which territory, and how much.

A claim is built around a relation word (a *trigger*: "controls", "held by",
"may be willing to withdraw") and collects, from the clause around it, the
actor, the regions, a quantity, the modality and who says so. Rules, in order:

* **Actor**: for a passive trigger ("held by Ukrainian troops", "under Russian
  control") the agent after it; otherwise the nearest actor before it in the
  clause ("its forces" and "it" resolve to the last actor named); otherwise
  the actor of the previous claim.
* **Regions**: places named in the clause (a group counts with its members);
  a whole country only when no oblast is named and it is not the actor's own
  country; otherwise the *scope*, the regions the text last talked about, so
  "the territory", "them" or "the rest" follow the text across sentences.
* **Quantity**: the figure nearest the trigger in its clause (for a passive
  trigger, the figure before it: "26,000 km² still held by ...").
* **Modality**: ``negated`` > ``conditional`` > ``possible`` > ``reported`` >
  ``asserted``, from the words around the trigger and the attribution.

Relations (`RELATIONS`, from `geo.vocab`): controls, holds, occupies, claims,
annexed, captured, lost, liberated, demands, may_withdraw, withdrew, negotiable.

The words come from the lexicon (`geo.lexicon`, ``data/lexicon``). The code is
small stages: the text's records are found once (`_Doc`), each sentence takes
its slice (`_Sentence`), and each trigger runs through `STAGES` in order
(window, actor, quantity, scope, clause, attribution, modality), with the
special cases of particular relations as named `_rule_*` functions among them,
each with the sentence that needed it.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
from geo import _re as re
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

from geo import _scan, lexicon
from geo._text import BEFORE_WORD, NOT_WORD, alternation, fold, fold_pattern
from geo.change import ChangeRef
from geo.gazetteer import Gazetteer
from geo.mentions import Mention, Span
from geo.quantities import OF_AREA, TERRITORY_NOUNS, Quantity, is_carried
from geo.vocab import MODALITIES, OTHER_SIDE, RELATIONS, STATE_RELATIONS
from geo.timeref import MONTHS, TimeRef, find_times, strip_dates

__all__ = ["Claim", "Trigger", "find_claims", "split_sentences", "RELATIONS", "MODALITIES"]

#: The lexicon (``data/lexicon``): every trigger, actor phrase, side word, verb of saying and cue.
_LEX = lexicon.default()
#: Participles that make a trigger passive before "by" ("was conquered by"), from the lexicon.
_PARTICIPLES = _LEX.participles
#: "under Russian control", "Russian control of": who holds it, by the word before "control".
_UNDER = _LEX.under
#: "Russian-occupied parts of ...", "Ukrainian-held territory": who holds it, by the word before the hyphen.
_SIDE_OF = _LEX.compound
#: Relation -> its trigger patterns (on folded text), in the lexicon's order: where two could match at
#: one place, the earlier one wins (see `geo._text.alternation`).
_TRIGGER_RE = re.compile(BEFORE_WORD + alternation((f"t{i}", t.pattern) for i, t in enumerate(_LEX.triggers))
                         + r"(?![\w-])")
#: Tag of an alternative -> (relation, whether it claims the country whole, whether it may name a side).
_TRIGGER_OF_TAG = {f"t{i}": (t.relation, t.whole, t.sided) for i, t in enumerate(_LEX.triggers)}
_ACTOR_RE = re.compile(BEFORE_WORD + alternation((f"a{i}", p) for i, (_, p, _) in enumerate(_LEX.actors)) + r"(?![\w-])")
_ACTOR_OF_TAG = {f"a{i}": side for i, (side, _, _) in enumerate(_LEX.actors)}
#: The literal words every trigger and actor phrase starts with, found in one pass (see `geo._scan`).
_TRIGGER_SCAN = _scan.prefix_scanner((t.pattern for t in _LEX.triggers), _scan.class_chars(BEFORE_WORD))
_ACTOR_SCAN = _scan.prefix_scanner((p for _, p, _ in _LEX.actors), _scan.class_chars(BEFORE_WORD))
_PRONOUN_RE = re.compile(BEFORE_WORD + r"(its|it|their|they|his|he)(?:\s(?:forces|troops|army|military|soldiers))?(?![\w-])")
_SUBJECT_VERB = re.compile(r"\s(?:has|have|had|is|was|will|would|may|might|could|can|must|also|still|now|\w{3,}ly)\b")
_SPEECH = re.compile(r"(?:'s?(?:\s[\w-]+){1,3})?\s(?:" + "|".join(_LEX.speaks) + r")\b")
#: A relative clause right after a country: ", which already controls", ", яка контролює", ", которая".
_RELATIVE_SUBJECT = re.compile(r",\s(?:which|who|яка|який|які|котра|которая|который|которые)\s")
_PASSIVE_SUBJECT = re.compile(r"\s(?:are|were|is|was|be|been|being|get|got)\s(?:\w+\s)?\w+(?:ed|en|wn)\b")
#: The side in control follows, as after "by": "під контролем окупантів", "under the control of the occupiers".
_UNDER_CONTROL = (fold("під контролем"), fold("под контролем"), "under the control of")
#: Ukrainian and Russian passive participles: "занятой ВСУ" (occupied by the AFU), "окуповані Росією".
_PASSIVE_PARTICIPLE = re.compile("(?:" + "|".join(_LEX.passive_stems) + r")\w*")
# Patterns run on folded text, where every dash is "-".
# Folded text has one kind of space, so each alternative starts with a literal character and the regex
# engine skips ahead in C.
_BOUNDARY = re.compile((r";(?!\s(?:that|which|this)\s(?:is|amounts\sto|comes\sto)\s)| (?:-{1,2} |in (?:exchange|return) for (?=_WORDS)|for (?=_WORDS)|wh(?:ile|ereas) |although |even though |but not "
                       r"|and that |and (?:are|is|was|were|have|has|had|will)\s(?!been\s|being\s|now\s|still\s)(?=\w+ing\b|\w+ed\b))"
                       # "..., тоді як / тогда как / хоча ...": Ukrainian and Russian "while", "whereas", "although"
                       r"|, (?:" + "|".join(map(fold, ("тоді як", "тогда как", "в той час як", "в то время как", "хоча",
                                                       "хотя", "однак", "однако", "але", "но"))) + ") "
                       r"|, (?:(?:with|while|whereas|but|although|though|even though|as(?! well as)|and its) "
                       r"|(?=(?:its|their|his|russian|ukrainian|russia|ukraine|moscow|kyiv|kiev)\b))"
                       ).replace("_WORDS", r"(?:\w+[ -]){0,2}(?:held|controlled|land|territory|parts?)"))
#: Who a relative clause or a subject names: "which it annexed", "the territory Russia holds".
_SUBJECTS = fold_pattern(r"(?:it|they|russia|ukraine|moscow|kyiv|kiev|росія|россия|україна|украина|москва|київ|киев)")
# The word patterns below start with `NOT_WORD`, the character before the word, and run on
# " " + folded text (see `_word_search`): the regex engine skips ahead in C, where a leading
# ``\b`` would make it try every position.
_DIRECTION_BEFORE = re.compile(NOT_WORD + r"(?:towards?|near|in\sthe\sdirection\sof|border\swith"
                               + fold_pattern(r"|на\sмежі\sз|на\sкордоні\sз|у\sнапрямку|в\sнапрямку|в\sбік"
                                              r"|на\sгранице\sс|у\sграницы\sс|в\sнаправлении|в\sсторону") + r")\s(?:the\s)?$")
#: "18% of Ukraine, up from 7% in 2021": a past figure for comparison, not a second claim.
_EARLIER_FIGURE = re.compile(NOT_WORD + r"(?:(?:up|down)\sfrom|compared\s(?:with|to)|against|versus|vs\.?|than)\s$")
_RESTATED = re.compile(r"(?:,|;)?\s(?:or|або|или|i\.e\.|that\sis|equal\sto|equivalent\sto|(?:that|which|this)\s(?:amounts|comes)\sto"
                       r"|amounting\sto"
                       r"|an\sarea(?:\s(?:slightly|roughly|about|almost|nearly|just|somewhat|a\sbit))?"
                       + fold_pattern(r"|тобто|то\sесть|тобто\sмайже|що\sстановить|что\sсоставляет") + r")\s")
#: "Crimea, which it annexed": the place before "which" is what the relative clause is about.
_WHICH_BEFORE = re.compile(rf"(?:, | )(?:which|that)(?:\s{_SUBJECTS})?(?:\s(?:still|now|already|currently|has|have|had|later|then))*\s$")
#: "40% of the territory they seized": the clause says what the figure is a share of, not what was seized
#: (but "small parts of territory it holds": it holds the parts).
_GENERIC_HEAD = re.compile(r"\sof\s(?:the\s)?(?:territory|territories|land|lands|area|areas|ground)\s(?:(?:that|which)\s)?"
                           rf"(?:{_SUBJECTS}\s)?(?:(?:still|now|already|had|has|have)\s)*")
#: "will not recognise any Russian control of": about recognition, not about who holds the land.
_RECOGNISE_BEFORE = re.compile(NOT_WORD + fold_pattern(r"(?:recogni[sz]\w*|визна\w*|призна\w*)\s(?:(?:any|the|its|a|russia's"
                                                     r"|moscow's|russian|kyiv's|ukraine's)\s)?$"))
_ARTICLE_BEFORE = re.compile(NOT_WORD + r"(?:a|the|this|that|such)\s$")
_BY = re.compile(NOT_WORD + r"by\b")
_BY_AFTER = re.compile(r"(?:\s\w+){0,2}?\sby\b")
_RELATIVE_BEFORE = re.compile(NOT_WORD + rf"(?:that|which|who|{_SUBJECTS})(?:\s(?:still|now|already|currently|had|has|have)){{0,2}}\s$")
#: "..., including Crimea, ...": a place the figure's scope includes, not another scope.
_INCLUDING_BEFORE = re.compile(NOT_WORD + r"(?:including|excluding|except|such\sas|notably)(?:\s[\w'-]+){0,3}\s$")
#: "its goals, including full control of": control as an aim, a demand.
_GOAL_BEFORE = re.compile(NOT_WORD + r"(?:goals?|aims?|objectives?|ambitions?)\b[^.;]{0,40}$")
#: Between a demand and the control it demands: "demanded full control of", "insists on taking control of".
_CONTROL_DEMANDED = re.compile(r"(?:\s(?:full|complete|total|effective|fully|completely|entirely|the|of|over|on|for|to"
                               r"|take|taking|gain|gaining|establish|establishing|its|their"
                               r"|повного|повний|повн[іи]и|полного|полныи|полныи|над|взяти|взять|встановити|установить"
                               r"|під|под|к|до|полному))*\s")
#: "встановили контроль", "установили контроль": with a share of a region, control now (see `_rule_relation_by_sense`).
_CONTROL_SET = (fold("встанови"), fold("установи"))
#: The control word a demand may take as its object ("seeks full control", "прагне повного контролю").
_CONTROL_WORDS = frozenset({"control", "контроль", "контролю", "контроля", "контролем"})
#: What makes "claims that ..." a claim to land: "are part of Russia", "belong to Ukraine", "Russian territory".
_SOVEREIGNTY = re.compile(r"\b(?:part of|belongs? to|integral|its (?:own )?(?:territory|land|soil)|(?:russian|ukrainian)"
                          r" (?:territory|land|soil)|are (?:russian|ukrainian)\b)")
_CONJUNCTION_BEFORE = re.compile(NOT_WORD + fold_pattern(r"(?:if|unless|whether|once|until|provided(?:\sthat)?|should"
                                                        r"|якщо|якби|если)\s$"))
_BE_BEFORE = re.compile(NOT_WORD + r"(?:was|were|been|being|is|are|got|get)\s$")
# Modality cues, searched in " " + the folded words before a trigger: each starts with a literal
# space (or the "n't" of "doesn't"), so the regex engine skips ahead in C.
_SAYS_IT_HAS = re.compile(r" (?:claims?|claimed|says?|said|reports?|reported) (?:to(?: have)?|(?:it|they) (?:has|have|had))"
                          r"(?: (?:already|now|fully|completely|entirely|successfully|finally))? $")
_NEGATION = re.compile("(?:" + "|".join(_LEX.cues["negation"]) + r")\b[^.;]{0,40}$")
_CONDITIONAL = re.compile("(?:" + "|".join(_LEX.cues["condition"]) + r")\b")
_POSSIBLE = re.compile("(?:" + "|".join(_LEX.cues["possibility"]) + r")\b")
#: An aim just before a capture or control verb: "vowed to (fully) capture", "will not stop until it takes".
_GOAL = re.compile("(?:" + "|".join(_LEX.cues["goal"]) + r")\s(?:to\s)?(?:[\w'-]+\s){0,2}$")
_ATTR_ACCORDING = re.compile(fold_pattern(
    r"\b(?:according\sto|за\sданими|за\sсловами|за\sоцінк(?:ами|ою)|по\sданным|по\sсловам|по\sоценк(?:ам|е)|згідно\sз"
    r"|за\sпідрахунками|по\sподсчетам|за\sінформацією|по\sинформации"
    # "йдеться у звіті DeepState", "говорится в докладе ISW": what a report says
    r"|(?:йдеться|говориться|зазначається|говорится|отмечается|сказано|указано)\s(?:у|в)"
    r"|як\sповідомля\w*|как\sсообща\w*|следует\sиз|випливає\sз|свідчать)"
    # "по данным на 5 мая": a date, not a source
    r"\s(?!(?:на|станом\sна|as\sof|on)\s\d)(?P<who>(?:[^,.;:()\s]|\s(?!-\s)){2,120}?)(?=\s(?:who|which|that|який|яка|які|который|которая)\b|\s-\s|[,.;:()]|$)"))
#: A source named by a pronoun: "according to him", "по его словам", "за його словами".
_ACCORDING_PRONOUN = re.compile(fold_pattern(
    r"\b(?:according\sto\s(?P<en>him|her|them)|по\s(?P<ru>его|ее|её|их)\sсловам|за\s(?P<uk>його|її|їхніми|їх)"
    r"\sсловами)\b"))
#: Sources named by a pronoun, which stand for the last source or actor named before.
_PRONOUN_SPEAKERS = frozenset({"he", "she", "they", "him", "her", "them", "він", "вона", "вони", "його", "її", "їх",
                               "їхніми", "он", "она", "они", "его", "ее", "её", "их"})
_ACCORDING_HINTS = tuple(map(fold, ("according", "за даними", "за словами", "за оцінками", "по данным", "по словам",
                                    "по оценкам", "згідно", "повідомля", "сообща", "следует из", "випливає з",
                                    "за оцінкою", "по оценке", "за підрахунками", "по подсчетам", "за інформацією",
                                    "по информации", "йдеться", "говориться", "зазначається", "говорится",
                                    "отмечается", "сказано", "указано")))
# A literal space first (folded text has no other kind) lets the regex engine skip ahead in C.
_ATTR_VERB = re.compile(
    r" (?:(?:has|have|had|also|previously|later|earlier|again|reportedly|publicly|repeatedly|continues\sto"
    r"|continue\sto|continued\sto) )*"
    r"(?:" + "|".join(_LEX.says) + r")\b")
#: A cheap test before `_ATTR_VERB`: one of its verbs after a space (derived, so the two cannot drift).
_ATTR_HINT = re.compile(" (?:" + "|".join(_LEX.says) + ")")
#: "..., said Dmitry Peskov", "повідомили аналітики DeepState": the speaker after the verb.
_SPEAKER_AFTER = re.compile(r"\s(?!(?:that|on|in|at|last|this|earlier|later|yesterday|today|it|they|we|its|their"
                            r"|що|что|в|у|на)\b)"
                            r"(?P<who>[^,.;:()\s](?:[^,.;:()]){0,80}?)(?=[,.;:()]|$)")
#: "заявили в Офісі президента", "сообщили в Минобороны": after a plural verb with no subject, the institution
#: that speaks (not a day, a medium or a statement: "сообщили в понедельник", "заявили в интервью").
_INSTITUTION_AFTER = re.compile(fold_pattern(
    r"(?:\s(?:в|у)\s(?:понеділ|вівтор|серед|четвер|п'ятниц|субот|неділ|понедель|вторник|сред|пятниц|воскрес)\w*)?"
    r"\s(?:в|у)\s(?!(?:понеділ|вівтор|серед|четвер|п'ятниц|субот|неділ|понедель|вторник|сред|пятниц|воскрес|интерв"
    r"|інтерв|ефір|эфир|телеграм|telegram|соцмереж|соцсет|заяв|комент|коммент|сообщени|повідомлен|прес|пресс"
    r"|минул|прошл|цьому|этом|ход|ході|рамках)\w*)(?P<who>[^,.;:()\s](?:[^,.;:()]){0,80}?)(?=[,.;:()]|$)"))
#: A verb of saying in the plural with no subject ("повідомили в ...", "утверждают в ВСУ"): the institution follows.
_PLURAL_VERB_ENDS = tuple(map(fold, ("ли", "ют", "ят", "ють", "ять")))
_ACRONYM_BEFORE = re.compile(r"\s?\([^()\s]{1,12}\)$")
#: Where the words before a verb of saying stop: punctuation, but not the dots of "U.S." or "U.K.".
_ATTR_STOP = re.compile(r"[,;:()“”\"]|(?<!\b\w)\.|\s-\s")
_LEADING = re.compile(r"^(?:[—–-]\s?|(?:and|but|so|also|then|on\s\w+|in\s\w+(?:\s\w+)?|however|although|though|while|whereas"
                      r"|as|because|after|before|when|since"
                      # "two days after Moscow announced": the speaker is Moscow
                      r"|(?:a|an|one|two|three|four|five|six|\d+)\s(?:hours?|days?|weeks?|months?)\s(?:after|before|later)"
                      r"),?\s)+", re.IGNORECASE)
_SUBJECT_END = re.compile(r"\s(?:has|have|had|is|was|are|were|does|did|will|would)\s", re.IGNORECASE)
#: A phrase before "said"/"told" that is not who speaks: "that", "it"; "residents were (told)".
_NOT_A_SPEAKER_END = re.compile(r"\b(?:that|which|it|they|he|she|was|were|been|being|is|are|be|and|or|but)$",
                                re.IGNORECASE)


@dataclass(slots=True)
class Trigger:
    """The relation words a claim is built around."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Claim:
    """One territorial claim, as an analyst would write it down.

    Attributes
    ----------
    id : str
        Stable, derived from the claim's content.
    actor : str or None
        "RU", "UA" or another country code; None if no actor can be found.
    actor_text : str or None
        The words the actor was read from ("its forces", "Ukrainian troops").
    relation : str
        One of `RELATIONS`.
    regions : tuple of str
        ISO codes of the regions; "UA" for Ukraine as a whole.
    quantity : Quantity or None
    modality : str
        One of `MODALITIES`.
    attribution : str or None
        Who says so ("two of the officials", "Reuters").
    sentence : Span
    evidence : str
        The sentence, ``text[sentence.start:sentence.end]``.
    trigger : Trigger
    scope : {"explicit", "anaphora", "context", "whole"}
        How the regions were found: named in the clause, resolved from "the
        territory"/"them"/"the rest", carried over from earlier sentences, or
        the whole country ("the 1991 borders").
    part : str or None
        The part of the regions a figure is about, as written ("southern" in "90%
        of southern Donetsk", "left bank"): such a figure is not a share of the
        whole region.
    time : TimeRef or None
        The date or period the claim is about (`geo.timeref`), set by `geo.extract`.
    change : ChangeRef or None
        For a change of hands (captured, lost, liberated, withdrew): side and direction
        (`geo.change`), set by `geo.extract`.
    """

    id: str
    actor: str | None
    actor_text: str | None
    relation: str
    regions: tuple[str, ...]
    quantity: Quantity | None
    modality: str
    attribution: str | None
    sentence: Span
    evidence: str
    trigger: Trigger
    scope: str
    part: str | None = None
    time: TimeRef | None = None
    change: ChangeRef | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["regions"] = list(self.regions)
        return d


def _word_search(regex: re.Pattern, padded: str, lo: int, hi: int) -> re.Match | None:
    """Search folded text [lo, hi) for *regex*, a pattern that starts with `NOT_WORD`.

    *padded* is " " + the folded text, so the character before a word at folded offset
    ``i`` is ``padded[i]``: a match's ``start()`` is the folded offset of its first word,
    and ``end() - 1`` its end.
    """
    return regex.search(padded, max(lo, 0), hi + 1)


def _any_within(positions: Sequence[int], lo: int, hi: int) -> bool:
    """Whether one of the sorted *positions* falls in [lo, hi)."""
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def _in_name(mentions: Sequence[Mention], starts: Sequence[int], t: _Hit) -> bool:
    """Whether trigger *t* lies wholly inside one of the (ordered, disjoint) *mentions*."""
    i = bisect.bisect_right(starts, t.start) - 1
    return i >= 0 and t.end <= mentions[i].end


def _inside(ranges: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether *pos* falls in one of the sorted, disjoint *ranges*."""
    i = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


# The end mark comes first, so the regex engine skips to the next ``.!?`` or line break in C.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)\n*|(?P<q>[\"”»’)]?)[^\S\n]+(?=[\"“«(‘]?[A-ZА-ЯІЇЄҐ0-9]))")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|No|vs|approx|Jan|Feb|Aug|Sept?|Oct|Nov"
                           r"|Dec|Gov|Sen|Rep|Prof|Maj|Capt|Adm|etc|i\.e|e\.g))\.$")


_NOT_SPACE = re.compile(r"\S")
#: A "sentence" longer than this (a list, a table, text with no full stops) is cut at a space
#: before the limit, so the work for each sentence, and so for the whole text, stays linear.
MAX_SENTENCE = 2000


def split_sentences(text: str, skip: Sequence[Span] = ()) -> list[Span]:
    """Sentence spans: ends at ``.!?`` before a capital, at line breaks; furniture left out.

    Longer than `MAX_SENTENCE` characters, a sentence is cut at a space.

    >>> t = "U.S. officials said so. Russia holds 20% of Ukraine!\\nAlso read:\\nKyiv"
    >>> [t[s.start:s.end] for s in split_sentences(t)]
    ['U.S. officials said so.', 'Russia holds 20% of Ukraine!', 'Also read:', 'Kyiv']
    """
    furniture = sorted((f.start, f.end) for f in skip)
    out: list[Span] = []
    start = 0
    ends = [(m.start(), m.end(), m.group("q")) for m in _SENTENCE_END.finditer(text)]
    for mark, nxt, quote in [*ends, (len(text), len(text), None)]:
        end = mark
        if quote is not None:
            end = mark + 1 + len(quote)
            if _ABBREVIATION.search(text, max(start, end - 12), end):
                continue  # "U.S. President", "Mr. Smith": not an end
        chunk = text[start:end]
        lo = start + len(chunk) - len(chunk.lstrip())
        hi = start + len(chunk.rstrip())
        if hi > lo and not (furniture and _inside(furniture, lo)):
            while hi - lo > MAX_SENTENCE:
                cut = text.rfind(" ", lo + MAX_SENTENCE // 2, lo + MAX_SENTENCE)
                cut = cut if cut > lo else lo + MAX_SENTENCE
                out.append(Span(lo, len(text[lo:cut].rstrip()) + lo))
                lo = _NOT_SPACE.search(text, cut, hi).start()  # hi ends on a non-space
            out.append(Span(lo, hi))
        start = nxt
    return out


@dataclass(slots=True)
class _Actor:
    start: int
    end: int
    code: str
    text: str
    passive: bool = False  # the subject of a passive verb ("Ukrainian troops were pushed back")


@dataclass(slots=True)
class _Hit:
    """A trigger in the folded text."""

    start: int
    end: int
    words: str
    relation: str
    whole: bool  # claims the country whole: "the 1991 borders"
    under: str | None  # "under Russian control": the side in control


def _hits(padded: str) -> list[_Hit]:
    """Triggers in *padded*, the folded text after one space (see `find_claims`)."""
    out = []
    for m in _scan.matches(_TRIGGER_RE, _TRIGGER_SCAN, padded):
        relation, whole, sided = _TRIGGER_OF_TAG[m.lastgroup]
        words = m.group()[1:]
        side = None
        if sided:  # "under Russian control", "in Russian hands", "Russian control of", "Kyiv-controlled": who holds it
            under = m.group("under") or m.group("under2") or words.split()[words.startswith("in ")]
            side = _UNDER.get(under) or (_SIDE_OF.get(words.split("-")[0]) if "-" in words else None)
        out.append(_Hit(m.start(), m.end() - 1, words, relation, whole, side))
    return out


def _actors(text: str, folded: str, mentions: Sequence[Mention], phrases: Iterable[tuple[int, int, str]]) -> list[_Actor]:
    """Actors of a text: actor mentions, actor phrases ("Russian forces"), and subject countries."""
    out = [_Actor(m.start, m.end, m.actor, m.text) for m in mentions if m.role == "actor" and m.actor]
    taken = sorted((a.start, a.end) for a in out)
    for start, end, code in phrases:
        i = bisect.bisect_left(taken, (end,))
        if not (i and taken[i - 1][1] > start):  # not inside an actor mention
            out.append(_Actor(start, end, code, text[start:end]))
    # A country named as a sentence's subject ("Russia may", "Ukraine has", "Russia, which already
    # controls ...") acts, whatever its role.
    for m in mentions:
        if m.kind == "country" and m.role == "reference" and (
                _SUBJECT_VERB.match(folded, m.end) or _TRIGGER_RE.match(folded, m.end)
                or _RELATIVE_SUBJECT.match(folded, m.end)):
            out.append(_Actor(m.start, m.end, m.region, m.text))  # "Україна контролює ..."
    out.sort(key=lambda a: a.start)
    for a in out:
        a.passive = _PASSIVE_SUBJECT.match(folded, a.end) is not None
    return out


def _attributions(text: str, folded: str, sent: Span) -> list[tuple[str, int, int]]:
    """Whom the sentence cites, in order: ("two of the officials", start, end) for each source.

    A claim takes the last source named before it, or else the first one after it
    ("..., two of the officials said").
    """
    body = folded[sent.start:sent.end]
    out = []
    m = _ATTR_ACCORDING.search(body) if any(h in body for h in _ACCORDING_HINTS) else None
    according = m.span() if m else (0, 0)
    if m and (who := _clean_attr(text[sent.start + m.start("who"):sent.start + m.end("who")])):
        out.append((who, sent.start + m.start("who"), sent.start + m.end("who")))
    elif m is None and (m := _ACCORDING_PRONOUN.search(body)):  # "According to him", "По его словам"
        lo, hi = m.span(m.lastgroup)
        out.append((text[sent.start + lo:sent.start + hi], sent.start + m.start(), sent.start + m.end()))
        according = m.span()
    for m in _ATTR_VERB.finditer(body) if _ATTR_HINT.search(body) else ():
        if according[0] <= m.start() < according[1]:
            continue  # "according to Russian estimates": a noun inside the source, not a verb
        # The speaker is the phrase before the verb, back to the last punctuation: "two of the officials".
        lo = max(m.start() - 120, 0)
        acronym = _ACRONYM_BEFORE.search(body, lo, m.start())  # "The Ministry of Defense (MoD) claimed"
        stops = list(_ATTR_STOP.finditer(body, lo, acronym.start() if acronym else m.start()))
        lo = stops[-1].end() if stops else lo
        who = _LEADING.sub("", text[sent.start + lo:sent.start + m.start()].strip())
        aux = _SUBJECT_END.search(who)
        if aux and len(who.split()) > 4:  # "ISW has not observed ... and assesses": the subject is "ISW"
            who = who[:aux.start()]
        words = who.split()
        if 0 < len(words) <= 12 and (who.lower() in _PRONOUN_SPEAKERS or not _NOT_A_SPEAKER_END.search(who)) and (
                cleaned := _clean_attr(who)):
            out.append((cleaned, sent.start + lo, sent.start + m.start()))
        elif not words and ((after := _SPEAKER_AFTER.match(body, m.end())) or m.group().endswith(_PLURAL_VERB_ENDS) and (
                after := _INSTITUTION_AFTER.match(body, m.end()))) and len(
                _WHERE_SPOKEN.split(after.group("who"), 1)[0].split()) <= 8:
            # Nothing before the verb but punctuation: the speaker follows it ("..., said Dmitry Peskov"), up to
            # where or when they spoke ("заявил глава региона Денис Пушилин в интервью РИА Новости 21 мая")
            lo = sent.start + after.start("who")
            hi = lo + len(_WHERE_SPOKEN.split(after.group("who"), 1)[0].rstrip())
            if cleaned := _clean_attr(text[lo:hi]):
                out.append((cleaned, lo, hi))
    return sorted(out, key=lambda c: c[2])


#: Where or when a speaker spoke, after their name: "in an interview", "в интервью", "у ефірі", "on Monday".
_WHERE_SPOKEN = re.compile(fold_pattern(
    r"\s(?=(?:in\san?\s(?:interview|statement|address|post)|on\s(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|telegram|television|tv)|в\s(?:интервью|эфире|телеграм\w*|понедельник|вторник|среду|четверг|пятницу"
    r"|субботу|воскресенье)|в\sходе|во\sвремя|у\s(?:інтерв'ю|ефірі|телеграм\w*|понеділок|вівторок|середу|четвер"
    r"|п'ятницю|суботу|неділю)|під\sчас)\b)"))


def _named_sources(cites: Sequence[tuple[str, int, int]]) -> list[str]:
    """The sources of *cites* that are named, not pronouns ("he", "according to him")."""
    return [c[0] for c in cites if c[0].lower() not in _PRONOUN_SPEAKERS]


def _cited_for(cites: Sequence[tuple[str, int, int]], t: _Hit) -> tuple[str, int, int] | None:
    before = [c for c in cites if c[2] <= t.start]
    return before[-1] if before else cites[0] if cites else None


_MONTH_STEMS = tuple(m for names in MONTHS.values() for m in names)
#: A date after a source's name ("повідомили в DeepState 1 травня", "said ISW on May 3"): when, not who.
_DATE_AFTER_SOURCE = re.compile(r"\s(?:(?:on|of|на|від|от)\s)?(?:\d{1,2}\s\w+(?:\s\d{4})?|\w+\s\d{1,2}(?:,\s\d{4})?)$")


def _clean_attr(who: str) -> str | None:
    who = who.strip(" \"'“”")
    if (m := _DATE_AFTER_SOURCE.search(who)) and any(month.startswith(w[:3]) or w.startswith(month[:4])
                                                      for w in fold(m.group()).split() for month in _MONTH_STEMS):
        who = who[:m.start()]
    return who or None


def _window(cuts: Sequence[tuple[int, int]], lo: int, hi: int, forward: bool) -> tuple[int, int]:
    """Cut [lo, hi) at the first (forward) or last (backward) clause boundary among *cuts*."""
    inside = [c for c in cuts if lo <= c[0] and c[1] <= hi]
    if not inside:
        return lo, hi
    return (lo, inside[0][0]) if forward else (inside[-1][1], hi)


def _modality(before: str, attribution: str | None, trigger_text: str, own: str | None = None) -> str:
    """The claim's modality from the words of its clause before the trigger (*before*); a possibility cue
    counts only in the trigger's *own* clause, after the last clause boundary ("the front could stall, but
    Russia controls ...", "ISTANBUL, May 16 (AP) - Russian negotiators demanded ...")."""
    near = " " + before[-60:]
    if _SAYS_IT_HAS.search(near):
        return "reported"  # "Russia claims to have captured ...": the actor's own word
    if _NEGATION.search(near):
        return "negated"
    if _CONDITIONAL.search(near):
        return "conditional"
    own_near = near if own is None else " " + own[-60:]
    if (_POSSIBLE.search(own_near) and _POSSIBLE.search(strip_dates(own_near))  # "as of 20 May": a date, not modal
            or _POSSIBLE.search(" " + trigger_text)):
        return "possible"
    return "reported" if attribution else "asserted"


def _claim_id(relation: str, actor: str | None, regions: Iterable[str], quantity: Quantity | None,
              evidence: str, trigger: str) -> str:
    key = "|".join([relation, actor or "", ",".join(regions), quantity.text if quantity else "", trigger, evidence])
    return "c" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _unique_id(cid: str, seen: dict[str, int]) -> str:
    """*cid*, numbered from its second use in a text on ("c1a2...-2"); *seen* counts the uses."""
    seen[cid] = seen.get(cid, 0) + 1
    return cid if seen[cid] == 1 else f"{cid}-{seen[cid]}"


def _regions_in(mentions: Sequence[Mention], lo: int, hi: int, actor: str | None) -> list[str]:
    inside = [m for m in mentions if m.role == "territory" and lo <= m.start < hi]
    regions: list[str] = []
    for m in inside:
        regions += [r for r in m.regions if r not in regions]
    if regions:
        return regions
    for m in mentions:
        if m.kind == "country" and m.role == "reference" and lo <= m.start < hi and m.region != actor:
            return [m.region]
    return []


# Ukrainian and Russian put the place right after the figure, in the genitive: "65% Донецької області".
_OF_PLACE = re.compile(r"\s(?:(?:of|in|inside|within|across)\s(?:(?:the|its|their)\s)?|(?=[а-яіїєґё]))")
#: Between the places of a list: "Donetsk, Luhansk and Kherson".
_LIST_SEP = re.compile(fold_pattern(r"(?:, | and |, and | та | і | й | и )"))
_DETERMINER = r"(?:the |its |their |his |her |this |that )?"
_AFTER_OF = re.compile(" " + _DETERMINER)  # after a quantifier that ends in "of" ("most of the ...")
_RESPECTIVELY = re.compile(fold_pattern(r"\b(?:respectively|відповідно|соответственно)\b"))
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
#: A figure about part of a place: "90% of southern Donetsk", "of the south of the Kherson region", "of the
#: Donetsk region's south", "of the left bank".
_PART = re.compile(rf"(?:\s(?:of|in))?\s(?:the\s)?(?:(?P<adj>{_DIRECTION}(?:ern)?)\s(?!of\b)"
                   rf"|(?P<noun>{_DIRECTION}|left\sbank|right\sbank)(?:\s(?:part|half))?\sof\s"
                   rf"|[^,;.()]{{1,40}}?'s?\s(?P<poss>{_DIRECTION}(?:ern)?(?:\s(?:part|half))?|left\sbank|right\sbank)\b)")


def _part_of(folded: str, q: Quantity | None) -> str | None:
    """The part of a place a share *q* is about ("southern", "left bank"), or None for the whole.

    Only shares: "1,000 sq km in northern Kursk" is still 1,000 sq km of Kursk.
    """
    m = _PART.match(folded, q.end) if q is not None and q.kind == "percent" else None
    return m.group(m.lastgroup) if m else None


#: A figure's scope, which may stand between it and the same figure in other terms.
_SCOPE_THEN = r"(?:\s(?:of|in)\s[^,;:.()]{1,60}?|\s(?=[а-яіїєґё])[^,;:.()]{1,60}?)?"  # Ukrainian, Russian: a genitive
#: "113,000 sq km of Ukraine, an area about the size of Ohio": the same figure in other terms.
_RESTATED_AFTER = re.compile(_SCOPE_THEN + _RESTATED.pattern)
#: "about a quarter of the Donetsk region -- roughly 6,600 square kilometres": the same after a dash.
_DASH_RESTATED = re.compile(_SCOPE_THEN + r"\s-{1,2}\s(?:or\s|some\s|that\sis\s|" + fold_pattern(r"це\s|это\s|тобто\s")
                            + r")?")
#: "roughly a fifth of Ukraine, some 112,000 square kilometres,": a figure of the other kind right after a comma.
_COMMA_RESTATED = re.compile(_SCOPE_THEN + r",\s")
#: "partly control the Kharkiv region — about 3% of its territory": a quantifier's object, then its number.
_DASH_NUMBER = re.compile(r"\s[^,;:.()\-]{1,60}?\s-{1,2}\s(?:or\s|some\s)?")
#: What the number after a quantifier is a share of: the same land ("of it", "її території"), or nothing more.
_OF_IT_AFTER = re.compile(r"(?:\sof\s(?:it|its\s(?:territory|area|land)|the\s(?:region|oblast|territory|area))"
                          + fold_pattern(r"|\s(?:(?:її|його|ее|его)\s)?(?:території|территории|області|области|площі|площади)")
                          + r")?\s?(?:[.;,)]|-|$)")
#: A list inside the sentence: a colon, then dashes or bullets ("including: – all of Crimea – ...").
_INLINE_LIST = re.compile(r":\s*[-•*]\s")
#: A sentence that gives the figure of the sentence before in other terms: "That is roughly 116,000 sq km."
_RESTATEMENT = re.compile(r"(?:that|this|it|which)(?:'s|\s(?:is|was|would\sbe|amounts\sto|equals|represents|comes\sto))"
                          r"(?:\s(?:an\sarea\sof|equivalent\sto|equal\sto))?\s"
                          + fold_pattern(r"|(?:це|это|що|что)(?:\s(?:становить|составляет))?\s"))
#: Words that may stand between "of" and its place ("of eastern", "of Russia's Kursk"): up to three, no
#: punctuation, not a pronoun.
_SCOPE_GAP = re.compile(r"(?!(?:it|them|this|that|these|those)\b)(?:[\w'’-]+ ){0,3}")


def _only_its_scope_between(folded: str, padded: str, q: Quantity, t: _Hit, places: Sequence[Mention]) -> bool:
    """No place stands between figure *q* and trigger *t*, except the figure's own scope right after it
    and places the scope is said to include ("a fifth of Ukraine's territory, including Crimea, is ..."),
    unless a relative clause is about the place ("19% of Ukraine, including Crimea, which it annexed")."""
    between = [m for m in places if q.end <= m.start < t.start
               and not (_word_search(_INCLUDING_BEFORE, padded, m.start - 30, m.start)
                        and not folded.startswith((", which", ", that", " which", " that"), m.end))]
    return not between or (len(between) == 1 and between[0].start - q.end <= 30)


def _scope_of(folded: str, mentions: Sequence[Mention], quantity: Quantity, actor: str | None) -> list[str]:
    """The place right after a figure: "70% of the Donetsk region", "18% of Ukraine"."""
    m = _OF_PLACE.match(folded, quantity.end)
    if not m and quantity.text.lower().endswith(" of"):
        m = _AFTER_OF.match(folded, quantity.end)
    if not m:
        return []
    nxt = [x for x in mentions if m.end() <= x.start and x.role in ("territory", "reference")]
    if not nxt or nxt[0].start > m.end() + 30 or not _SCOPE_GAP.fullmatch(folded, m.end(), nxt[0].start):
        return []  # "75% of it, while Ukraine ...": the place is in another clause
    first = nxt[0]
    if (first.kind == "country" and len(nxt) > 1 and nxt[1].role == "territory"
            and re.fullmatch(r"'s?\s(?:\w+\s)?", folded[first.end:nxt[1].start])):
        first = nxt[1]  # "of Russia's Kursk region"
    if first.role == "territory":
        # "the Donetsk, Luhansk and Kherson regions": a list counts whole
        regions = list(first.regions)
        for x in nxt[nxt.index(first) + 1:]:
            if x.role == "territory" and _LIST_SEP.fullmatch(folded, first.end, x.start):
                regions += [r for r in x.regions if r not in regions]
                first = x
        return regions
    return [first.region] if first.kind == "country" and first.region != actor else []


#: Land in general, not a place, right after a trigger: "(ceding) land", "(the loss of) some territory", but not
#: "land that Russia has failed to capture", which is land the text spoke of before.
_SOME_LAND = re.compile(r"\s(?:(?:some|any|more|further|much)\s)?(?:territory|territories|land|ground)\b"
                        r"(?!\s(?:that|which|it|they|russia|moscow|ukraine|kyiv|the)\b)")
_THE_REGION = re.compile(NOT_WORD + r"(?:the\s(?:region|oblast|province)\b"
                         + fold_pattern(r"|(?:област[іиь]|регіон[іу]?|регион[ае]?)(?!\w))"))
#: "his country's territory", "території своєї країни", "территории его страны": the speaker's country.
_SPEAKERS_COUNTRY = re.compile(NOT_WORD + fold_pattern(r"(?:(?:his|her|their)\scountry|(?:своєї|його|її|їхньої|своей|его|ее|их)"
                                                     r"\s(?:країни|страны))\b"))
_THE_COUNTRY = re.compile(NOT_WORD + r"the\scountry(?:'s\s(?:territory|land|soil))?\b")
_OWN_TERRITORY = re.compile(NOT_WORD + fold_pattern(r"(?:(?:its|their)\s(?:own\s)?(?:territory|land|country|soil)"
                                                  r"|сво\w*\s(?:террит|терит|земл)\w*)\b"))
_ANAPHORA = re.compile(NOT_WORD + r"(?:the\sterritor(?:y|ies)|th(?:em|ose|ese)(?:\s(?:territor(?:y|ies)|regions|areas|lands|oblasts))?"
                       r"|the\srest|the\sremainder|the\sregions|the\sarea|the\soblasts|the\sremaining|the\slands?"
                       r"|th(?:at|is)\s(?:area|territory|land|region)|it)\b")


@dataclass
class _Context:
    """What the text has established so far: the regions it talks about and its last actor."""

    scope: list[str]
    last_actor: _Actor | None = None
    last_source: str | None = None  # the last source named (not a pronoun), for "he said", "according to him"


def _resolve_actor(folded: str, padded: str, text: str, t: _Hit, actors: list[_Actor], pronouns: Sequence[tuple[int, int, bool]],
                   places: Sequence[Mention], sent: Span, sub_lo: int, obj_hi: int, passive: bool,
                   ctx: _Context) -> _Actor | None:
    if t.under:  # "under Russian control"
        return _Actor(t.start, t.end, t.under, text[t.start:t.end])
    if passive:  # "held by Ukrainian troops"; "під контролем ворога" (under the enemy's control)
        by = _word_search(_BY, padded, t.end, obj_hi)
        after = [a for a in actors if (a.start >= by.end() - 1 if by else t.end < a.start <= t.end + 2)]
        return after[0] if after else None if by else _controller_named(text, t, places)
    earlier = [a for a in actors if sent.start <= a.start < t.start and not a.passive]
    # the pronoun may end the clause boundary before the subject (", and its troops hold")
    pron = next((p for p in reversed(pronouns) if sub_lo <= p[1] + 1 and p[1] <= t.start), None)
    if pron:
        if pron[2]:
            # A possessive: "Kyiv says its forces control" -> the speaker; "if Kyiv recognised its
            # annexation" -> the topic of the text so far.
            speaker = bool(earlier) and _SPEECH.match(folded, earlier[-1].end) is not None
            antecedent = earlier[-1] if speaker else ctx.last_actor or (earlier[-1] if earlier else None)
        else:  # a subject pronoun: "... the parts of Kherson it still controls" -> the nearest actor
            antecedent = earlier[-1] if earlier else ctx.last_actor
        if antecedent is None:
            antecedent = _country_before(padded, places, sent.start, pron[0])
        if antecedent is not None:
            return _Actor(pron[0], pron[1], antecedent.code, text[pron[0]:pron[1]])
    before = [a for a in actors if sub_lo <= a.start < t.start]
    if before:
        return before[-1]
    if earlier:  # the nearest earlier actor of the sentence that is not a passive subject
        return earlier[-1]
    return ctx.last_actor


#: Capitals that stand for their government after "під контролем" / "под контролем" ("Києва", "Москвы").
_CAPITAL_OF = {"UA-30": "UA", "RU-MOW": "RU"}


#: A place after these is where something is, not who acts: "Russia's war in Ukraine".
_LOCATION_BEFORE = re.compile(NOT_WORD + r"(?:in|into|of|from|to|across|against|on|over|inside|near)\s$")


def _country_before(padded: str, places: Sequence[Mention], lo: int, hi: int) -> _Actor | None:
    """The last side named as a place in [lo, hi), not as a location, for a pronoun with no actor before it:
    "Russia's GDP grew, while its troops hold ...", "Ukraine's harvest fell, but its forces retook ..." (but
    not Ukraine in "Russia's war in Ukraine dragged on, and its troops ...")."""
    m = next((m for m in reversed(places) if lo <= m.start < hi and m.kind in ("country", "capital")
              and (m.region if m.kind == "country" else _CAPITAL_OF.get(m.region)) in OTHER_SIDE
              and not _word_search(_LOCATION_BEFORE, padded, max(lo, m.start - 10), m.start)), None)
    return m and _Actor(m.start, m.end, m.region if m.kind == "country" else _CAPITAL_OF[m.region], m.text)


def _controller_named(text: str, t: _Hit, places: Sequence[Mention]) -> _Actor | None:
    """The country or capital right after "під контролем": "под контролем Киева" is Kyiv's control."""
    m = next((m for m in places if t.end < m.start <= t.end + 2), None)
    code = m and (m.region if m.kind == "country" else _CAPITAL_OF.get(m.region))
    return _Actor(m.start, m.end, code, m.text) if code else None


def _pick_quantity(folded: str, padded: str, quantities: Sequence[Quantity], sub_lo: int, t: _Hit, obj_lo: int, obj_hi: int,
                   passive: bool, places: Sequence[Mention], taken: set[int]) -> Quantity | None:
    # After the trigger, or inside it: "taken full control of"
    after = [q for q in quantities if t.start <= q.start < obj_hi and (q.start >= obj_lo or q.end <= t.end)]
    # A figure before the trigger belongs to it ("small parts of territory it holds") unless a
    # place stands between them ("19% of Ukraine, including Crimea, which it annexed").
    before = [q for q in quantities if sub_lo <= q.start < t.start and _only_its_scope_between(folded, padded, q, t, places)
              and not (q.basis != "words" and _GENERIC_HEAD.fullmatch(folded, q.end, t.start))]
    if passive:  # "26,000 km² still held by ..."; not a figure an earlier claim of the sentence took
        return before[-1] if before and before[-1].start not in taken else after[0] if after else None
    # "Russia, which controls about a fifth of Ukraine, says it wants the rest of Donetsk": a figure an
    # earlier claim took, in a clause of its own before the trigger, is that claim's ("the small parts of
    # territory it holds", which the withdrawal took too, stay the holding's)
    before = [q for q in before if q.start not in taken or "," not in folded[q.end:t.start]]
    return after[0] if after else before[-1] if before else None


def _resolve_regions(folded: str, padded: str, t: _Hit, mentions: Sequence[Mention], quantity: Quantity | None,
                     actor: str | None, sent: Span, sub_lo: int, obj_lo: int, obj_hi: int, passive: bool,
                     ctx: _Context, named: Sequence[str]) -> tuple[list[str], str]:
    """The regions of a claim and how they were found; *named* are the regions the sentence names
    anywhere (a source's words included: "the governor of the Zaporizhzhia region said")."""
    if quantity is not None:
        regions = _scope_of(folded, mentions, quantity, actor)
        if regions:
            return regions, "explicit"
    which = _WHICH_BEFORE.search(folded, max(sent.start, t.start - 60), t.start)
    antecedent = [m for m in mentions if which and m.role == "territory" and which.start() - 2 <= m.end <= which.start()]
    if antecedent:  # "Crimea, which it annexed in 2014"
        run = [m for m in mentions if m.role == "territory"]
        first = last = run.index(antecedent[-1])
        # A restrictive clause is about the whole list: "parts of Zaporizhzhia and Kherson that it holds".
        while which.group().startswith(" ") and first and _LIST_SEP.fullmatch(folded, run[first - 1].end, run[first].start):
            first -= 1
        return list(dict.fromkeys(r for m in run[first:last + 1] for r in m.regions)), "explicit"
    regions = _regions_in(mentions, obj_lo, obj_hi, actor)
    if not regions and (passive or t.relation in ("claims", "annexed", "negotiable", "demands")):
        regions = _regions_in(mentions, sub_lo, t.start, actor)
    if regions:
        return regions, "explicit"
    if t.whole:
        return ["UA"], "whole"  # "the 1991 borders": the country as a whole
    if actor in ("UA", "RU") and _word_search(_OWN_TERRITORY, padded, obj_lo, obj_hi):
        if actor == "RU" and t.relation in ("controls", "holds", "occupies", "captured") and named:
            # "the governor of the Zaporizhzhia region said Russian forces control 73% of its territory"
            return list(named), "anaphora"
        return [actor], "whole"  # "lost control of 18 percent of its territory"
    if actor == "UA" and t.relation in ("lost", "may_withdraw") and _SOME_LAND.match(folded, obj_lo, obj_hi):
        return ["UA"], "whole"  # "Kyiv may have to accept the loss of some territory", "ruled out ceding land"
    if actor in ("UA", "RU") and passive and _word_search(_OWN_TERRITORY, padded, sub_lo, t.start):
        # "leaving a fifth of its territory under Russian control": the other side's territory
        return ["RU" if actor == "UA" else "UA"], "whole"
    if (_word_search(_THE_COUNTRY, padded, obj_lo, obj_hi)
            or passive and _word_search(_THE_COUNTRY, padded, sub_lo, t.start)):
        return ["UA"], "whole"  # "20% of the country's territory": in these reports, Ukraine
    anaphora = _word_search(_ANAPHORA, padded, obj_lo, obj_hi) or _word_search(_ANAPHORA, padded, sub_lo, t.start)
    if anaphora or quantity is not None:
        earlier = _regions_in(mentions, sent.start, t.start, actor)
        if earlier and earlier[0] != "UA":
            return earlier, "anaphora"
        if named and not earlier and (anaphora or _word_search(_THE_REGION, padded, obj_lo, obj_hi)):
            # "Officials in the Kherson region said Russian troops hold nearly 75% of the region": the region
            # the source is in
            return list(named), "anaphora"
    if ctx.scope and (anaphora or quantity is not None and not _own_land(ctx.scope, actor, t.relation)
                      # "6,000 sq km of the region's right bank in November 2022": the region before, not the front
                      and (not _front_wide(padded, sent, t, quantity) or _word_search(_THE_REGION, padded, obj_lo, obj_hi))):
        if len(ctx.scope) > 1 and _word_search(_THE_REGION, padded, obj_lo, obj_hi):
            # "... Zaporizhia Oblast ... Kherson Oblast. Ukrainian forces liberated 12,000 square kilometers of
            # the oblast's west bank": one region, the last one named
            return ctx.scope[-1:], "anaphora"
        return list(ctx.scope), "anaphora" if anaphora else "context"
    if quantity is not None and quantity.kind != "percent":
        return ["UA"], "whole"  # a figure with no place: Ukraine's territory
    return [], "none"


#: Participles that may describe a noun: "the occupied territories", "all annexed regions".
_ATTRIBUTIVE = _LEX.attributive
_DETERMINER_BEFORE = re.compile(NOT_WORD + r"(?:all|the|its|their|any|every|other|remaining|newly)\s$")


def _is_modifier(padded: str, t: _Hit) -> bool:
    """Whether trigger *t* only describes a noun: "Russian-occupied parts", "all occupied territory"."""
    if "-" in t.words:
        return t.words.rsplit("-", 1)[1] in _ATTRIBUTIVE
    return t.words in _ATTRIBUTIVE and _word_search(_DETERMINER_BEFORE, padded, t.start - 12, t.start) is not None


#: A span of time: "since the start of the year", "in November", "this month", "in 2024".
_TIME_SPAN = re.compile(r" (?:since|so far|to date|this (?:year|month|week)|last (?:year|month|week)|in (?:19|20)\d\d"
                        r"|in the (?:past|last) (?:\w+ )?(?:days?|weeks?|months?|years?)"
                        r"|per (?:month|week|day)|a (?:month|week|day)|over the (?:past|last)|in (?:january|february"
                        r"|march|april|may|june|july|august|september|october|november|december)"
                        + fold_pattern(r"|з початку|від початку|с начала|за (?:рік|год|місяць|месяц|тиждень|неделю)"
                                       r"|[ув] (?:19|20)\d\d") + r")\b")


#: "occupied", "окупувала", "оккупировали": said of an area over a span of time, a gain.
_OCCUPIED_PAST = re.compile(fold_pattern(r"occupied|окупува(?:в|ла|ли|ло)|оккупирова(?:л|ла|ли|ло)"))


def _front_wide(padded: str, sent: Span, t: _Hit, quantity: Quantity) -> bool:
    """Whether an area that changed hands over a span of time is a tally for the whole front.

    "Since the start of 2024, Russian forces have captured more than 4,000 sq km": with no
    place named, not the region of the sentence before.
    """
    return ((t.relation in ("captured", "lost", "liberated") or _OCCUPIED_PAST.fullmatch(t.words) is not None)
            and quantity.kind in ("area", "comparison") and _TIME_SPAN.search(padded, sent.start, sent.end + 1) is not None)




def _country_of(regions: Sequence[str]) -> str | None:
    """The one country *regions* lie in ("UA-14", "UA" -> "UA"), or None."""
    countries = {r.split("-")[0] for r in regions}
    return countries.pop() if len(countries) == 1 else None


_OF_PHRASE = re.compile(r" of " + _DETERMINER)
_PHRASE = re.compile(r"[\w'-]+(?: [\w'-]+){0,3}")
_AFTER_POSSESSIVE = re.compile(r"'s? ([\w'-]+(?: [\w'-]+){0,2})")
#: Words after "of" that leave open what the share is of ("70% of what it claims", "most of them").
_OPEN_WORDS = frozenset("what it them those these that this which all each both whatever".split())
#: Words that end the noun phrase after "of": "the territory in the east".
_PHRASE_ENDS = frozenset("in of on at near along from since by for with to under across around within as".split())
#: Nouns of land besides `geo.quantities.TERRITORY_NOUNS`: directions and banks ("most of the east").
_LAND_WORDS = TERRITORY_NOUNS | frozenset(
    "east west north south eastern western northern southern northeast northwest southeast southwest bank banks "
    "coast shore border borders line lines own".split())


def _share_of_something_else(folded: str, q: Quantity, place_ends: dict[int, int], starts: Sequence[int]) -> bool:
    """Whether percentage *q* is a share of something that is not land.

    "40% of the transit market", "60% of Ukraine's grain storage capacity", "80% of the thermal
    power plants": no territorial claim. A place, a noun of land or an open word ("of what it
    claims") after "of" leaves the figure as it is.
    """
    if q.kind != "percent":
        return False
    m = (_AFTER_OF if q.text.endswith(" of") else _OF_PHRASE).match(folded, q.end)
    if m is None or OF_AREA.match(folded, q.end):
        return False  # "controls 20%." says nothing of what; "half of the 1,300 sq km" is land
    start = m.end()
    if start in place_ends:
        poss = _AFTER_POSSESSIVE.match(folded, place_ends[start])
        # "of Ukraine's grain storage capacity", but "of the Donetsk region", "of Russia's Kursk region"
        return (poss is not None and poss.start(1) not in place_ends
                and not any(w in _LAND_WORDS for w in poss.group(1).split()))
    phrase = _PHRASE.match(folded, start)
    if phrase is None or _any_within(starts, start + 1, phrase.end()):
        return False
    words = []
    for w in phrase.group().split():
        if w in _PHRASE_ENDS:
            break
        words.append(w)
    return bool(words) and words[0] not in _OPEN_WORDS and not any(
        w.removesuffix("'s") in _LAND_WORDS for w in words)


def land_figures(folded: str, mentions: Sequence[Mention], quantities: Sequence[Quantity],
                 claims: Sequence[Claim] = ()) -> list[Quantity]:
    """*quantities* without the shares of something that is not land ("about a third of Ukraine's coking
    coal", "60% of Ukraine's grain storage capacity"): those are no figures about territory. A figure one
    of *claims* carries stays.

    >>> import geo
    >>> doc = geo.extract("The region produced about a third of Ukraine's coking coal.")
    >>> doc.quantities
    ()
    """
    place_ends = {m.start: m.end for m in mentions}
    starts = sorted(place_ends)
    used = {id(c.quantity) for c in claims}
    return [q for q in quantities if id(q) in used or not _share_of_something_else(folded, q, place_ends, starts)]


def _own_land(regions: Sequence[str], actor: str | None, relation: str) -> bool:
    """Whether *regions* are the *actor*'s own country, which it cannot capture, occupy or annex.

    A figure with no place ("Moscow has gained 2,700 sq km") is then not about the
    regions of the sentence before ("Ukraine holds 1,000 sq km of the Kursk region").
    """
    return relation in ("captured", "occupies", "annexed") and actor is not None and _country_of(regions) == actor


def find_claims(text: str, folded: str, mentions: Sequence[Mention], quantities: Sequence[Quantity],
                skip: Sequence[Span] = ()) -> list[Claim]:
    """Build the claims of a text from its mentions and quantities (see the module's rules).

    Each sentence gets a `_Sentence` of its own records; each trigger in it runs
    through `STAGES` in order, and a stage may drop it.

    Examples
    --------
    >>> import geo
    >>> doc = geo.extract("Russia controls about 70% of the Donetsk region.")
    >>> c = doc.claims[0]
    >>> c.actor, c.relation, c.regions, c.quantity.low, c.quantity.hedge
    ('RU', 'controls', ('UA-14',), 70.0, 'approximate')
    """
    d = _Doc.of(text, folded, mentions, quantities)
    if d is None:
        return []  # no trigger anywhere: no claim (a restatement needs a claim before it)
    places_at, actors_at, triggers_at = d.slicers
    for span in split_sentences(text, skip):
        _source_told_after(d, span)
        triggers = [t for t in triggers_at.within(span.start, span.end) if t.end <= span.end]
        if not triggers and not d.previous and d.lead_in is None:  # most sentences: only what the next one inherits
            _carry_plain(d, places_at.within(span.start, span.end), actors_at.within(span.start, span.end), span)
            continue
        if triggers and not _may_claim(d, span, triggers):  # "demand in China slowed": no land to claim
            d.previous, d.lead_in = [], None
            d.unread_sources.append(span)
            actors = () if d.ctx.last_actor else actors_at.within(span.start, span.end)
            _carry_plain(d, (), actors, span)
            continue
        s = _Sentence.of(d, span, triggers)
        first = len(d.claims)
        # "Russia demands:" then "- that Ukraine withdraw from the Donetsk region;": the demand's items, not withdrawals
        demand_item = d.lead_in is not None and d.lead_in.relation == "demands" and _BULLET.match(d.folded, span.start)
        s.demanded = bool(demand_item)
        for i in range(len(s.triggers)):
            f = _Frame(i, s.triggers[i])
            if all(stage(d, s, f) for stage in STAGES):
                _emit(d, s, f)
        if d.lead_in is not None and (not s.triggers or demand_item):
            _list_item(d, s)
        elif d.previous and not s.triggers:
            _restatement(d, s)
            _continued(d, s)
        _carry_over(d, s, first)
    return d.claims


@dataclass(slots=True)
class _Doc:
    """A text's records, found once, and what extraction carries from sentence to sentence."""

    text: str
    folded: str
    padded: str  # " " + folded: the word regexes start with the character before a word
    starts: list[int]  # where the mentions start, in order, without overlaps
    place_ends: dict[int, int]
    slicers: list["_Slicer"]  # places, actors, triggers
    quantities: "_Slicer"
    ctx: _Context
    claims: list[Claim] = dataclasses.field(default_factory=list)
    seen: dict[str, int] = dataclasses.field(default_factory=dict)
    previous: list[Claim] = dataclasses.field(default_factory=list)  # the claims with figures of the sentence before
    unread_sources: list[Span] = dataclasses.field(default_factory=list)  # sentences whose sources are read when needed
    prev_sent: Span = dataclasses.field(default_factory=lambda: Span(0, 0))
    lead_in: Claim | None = None  # the claim of a sentence ending in ":", which the list items after it share

    @classmethod
    def of(cls, text: str, folded: str, mentions: Sequence[Mention], quantities: Sequence[Quantity]) -> "_Doc | None":
        """The text's records, or None if it has no trigger (and so no claim)."""
        padded = " " + folded
        # A trigger inside a place's name ("the four annexed regions") is part of the name ("Kyiv-controlled" is not).
        starts = [m.start for m in mentions]
        hits = [h for h in _hits(padded) if not _in_name(mentions, starts, h)]
        if not hits:
            return None
        compared = sorted((q.start, q.end) for q in quantities if q.kind == "comparison")
        # A place compared with, or named as a direction ("pushing towards the Dnipropetrovsk region"), is
        # not territory a claim is about.
        places = [m for m in mentions if not _inside(compared, m.start)
                  and not (m.role == "territory" and _word_search(_DIRECTION_BEFORE, padded, m.start - 30, m.start))]
        actors = _actors(text, folded, mentions,
                         ((m.start(), m.end() - 1, _ACTOR_OF_TAG[m.lastgroup]) for m in _scan.matches(_ACTOR_RE, _ACTOR_SCAN, padded)))
        # One pass over the text for each kind of word; each sentence takes its slice.
        slicers = [_Slicer(places, lambda m: m.start), _Slicer(actors, lambda a: a.start), _Slicer(hits, lambda t: t.start)]
        return cls(text, folded, padded, starts, {m.start: m.end for m in mentions}, slicers, _Slicer(quantities, _start),
                   _Context(scope=[]))


    def last_source(self) -> str | None:
        """The last source named, for "he said": sentences dropped early have their sources read only now."""
        for span in self.unread_sources:
            if named := _named_sources(_attributions(self.text, self.folded, span)):
                self.ctx.last_source = named[-1]
        self.unread_sources = []
        return self.ctx.last_source


#: Words that let a sentence with no place and no figure still be about land: "its territory", "the
#: country", "ceding land" (see `_resolve_regions`).
_LAND_WORDS_RE = re.compile(fold_pattern(r"territor|land|ground|soil|countr|террит|терит|земл"))
#: "the territory", "them", "the rest", "it": words that take the regions of the sentences before.
_MAY_REFER = re.compile(r"\b(?:the|th[eo]se?|th(?:is|at)|them|it)\b")


def _may_claim(d: _Doc, span: Span, triggers: Sequence[_Hit]) -> bool:
    """Whether a sentence with *triggers* may hold a claim: one needs a region, and a region comes from a place
    or a figure in the sentence, a trigger that claims the country whole, words of land or country, or words
    that refer to the regions the text spoke of before."""
    return bool(d.slicers[0].within(span.start, span.end) or d.quantities.within(span.start, span.end)
                or any(t.whole for t in triggers) or _LAND_WORDS_RE.search(d.folded, span.start, span.end)
                or d.ctx.scope and _MAY_REFER.search(d.folded, span.start, span.end)
                or d.text[span.start:span.end].rstrip().endswith(":"))


def _start(record) -> int:
    return record.start


#: Group nouns a dash or colon may explain with a list: "four northern regions - Kyiv, Chernihiv, ...".
_GROUP_NOUN_BEFORE = re.compile(fold_pattern(r"(?:regions|oblasts|provinces|області|областей|области|регіони|регіонів"
                                             r"|регионы|регионов)(?:\s[^\s,;.]+){0,3}$"))


#: A noun of land that restates the place before a dash with its size: "- an area of", "— территории площадью".
_LAND_APPOSITION = re.compile(fold_pattern(r"(?:an?\s|the\s)?(?:area|territory|land|територі\w*|территори\w*|площ\w*)"
                                           r"(?!\w)"))


def _figure_between_dashes(cuts: list[tuple[int, int]], folded: str,
                           quantities: Sequence[Quantity]) -> list[tuple[int, int]]:
    """*cuts* without the two dashes around a figure said again ("Почти пятая часть Украины — около 112 тыс. кв.
    км — сейчас оккупирована", "a fifth of Ukraine - about 112,000 sq km - is occupied"): no clause of its own."""
    out, i = [], 0
    while i < len(cuts):
        a = cuts[i]
        b = cuts[i + 1] if i + 1 < len(cuts) else None
        if b is not None and folded[a[0]:a[1]].strip() == folded[b[0]:b[1]].strip() == "-" and any(
                q.start <= a[1] + 1 and b[0] <= q.end + 1 for q in quantities if a[1] <= q.start):
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _opens_apposition(folded: str, cut: re.Match, places: Sequence[Mention], quantities: Sequence[Quantity]) -> bool:
    """Whether clause boundary *cut* is a dash that opens an apposition of the object before it, not a clause of
    its own: the list of the regions a group noun names ("drove Russian troops out of four northern regions -
    Kyiv, Chernihiv, Sumy and Zhytomyr", "звільнили чотири області на півночі країни — Київську, ..."), or the
    size of the place ("вывода ВСУ с оставшейся части Донецкой области — территории площадью около 6600 кв. км")."""
    if cut.group().strip() not in ("-", "--"):
        return False
    if _GROUP_NOUN_BEFORE.search(folded, max(0, cut.start() - 60), cut.start()) is not None and any(
            cut.end() <= m.start <= cut.end() + 1 and m.role == "territory" for m in places):
        return True
    return (_LAND_APPOSITION.match(folded, cut.end()) is not None
            and any(cut.end() < q.start <= cut.end() + 40 for q in quantities))


@dataclass(slots=True)
class _Sentence:
    """One sentence's records (its slice of the text's), built once and read by every stage."""

    span: Span
    places: Sequence[Mention]
    actors: Sequence[_Actor]
    triggers: list[_Hit]
    evidence: str  # one string for all the sentence's claims
    actor_before: _Actor | None  # the text's last actor before this sentence
    quantities: Sequence[Quantity] = ()
    pronouns: Sequence[tuple[int, int, bool]] = ()
    cuts: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    named: list[str] = dataclasses.field(default_factory=list)  # regions named anywhere, a source's words included
    cites: list[tuple[str, int, int]] = dataclasses.field(default_factory=list)
    relatives: list = dataclasses.field(default_factory=list)  # a relative clause right before each trigger
    modifiers: list[bool] = dataclasses.field(default_factory=list)  # the trigger only describes a noun
    demanded_control: list[bool] = dataclasses.field(default_factory=list)
    object_ends: tuple[list[int], list[int]] = ((), ())  # where each trigger's object may run to: plain, demand
    demanded: bool = False  # a demand came before in the sentence
    elsewhere: bool = False  # the sentence shares out something that is not land
    speakers: dict[int, str | None] = dataclasses.field(default_factory=dict)  # "Moscow claims that ...": who
    done: set[tuple] = dataclasses.field(default_factory=set)
    used: set[int] = dataclasses.field(default_factory=set)  # where the figures the sentence's claims took start
    lead_frame: "_Frame | None" = None  # "під окупацією перебували:": a claim whose places its list items name

    @classmethod
    def of(cls, d: _Doc, sent: Span, triggers: list[_Hit]) -> "_Sentence":
        # Work on this sentence's records only, so time stays linear in the text's length.
        places, actors = (sl.within(sent.start, sent.end) for sl in d.slicers[:2])
        s = cls(sent, places, actors, triggers, d.text[sent.start:sent.end], d.ctx.last_actor)
        if s.triggers:
            s.quantities = d.quantities.within(sent.start, sent.end)
            # Pronouns and clause boundaries are looked for in the sentences with a trigger only.
            s.pronouns = [(m.start(), m.end() - 1, m.group(1) in ("its", "their", "his"))
                          for m in _PRONOUN_RE.finditer(d.padded, sent.start, sent.end + 2) if m.start() < sent.end]
            s.cuts = _figure_between_dashes([m.span() for m in _BOUNDARY.finditer(d.folded, sent.start, sent.end)
                                             if not _opens_apposition(d.folded, m, places, s.quantities)],
                                            d.folded, s.quantities)
            s.named = list(dict.fromkeys(r for m in places if m.role == "territory" for r in m.regions))
            s.cites = _attributions(d.text, d.folded, sent)
            if s.cites:  # "officials in Kyiv said": a place inside an attribution is not a region
                s.places = [m for m in places if not any(c[1] <= m.start < c[2] for c in s.cites)]
            s._read_triggers(d)
        return s

    def _read_triggers(self, d: _Doc) -> None:
        """What each trigger's neighbours say: relative clauses, modifiers, where its object ends."""
        ts, sent = self.triggers, self.span
        # "... parts of territory it holds": a relative clause right before a trigger.
        self.relatives = [_word_search(_RELATIVE_BEFORE, d.padded, max(sent.start, t.start - 40), t.start) for t in ts]
        self.modifiers = [_is_modifier(d.padded, t) for t in ts]
        # "demands full control of", "is seeking control of": the control is what is demanded.
        self.demanded_control = [i > 0 and t.words in _CONTROL_WORDS and ts[i - 1].relation == "demands"
                                 and _CONTROL_DEMANDED.fullmatch(d.folded, ts[i - 1].end, t.start) is not None
                                 for i, t in enumerate(ts)]
        # Where each trigger's object may run to: the next trigger that is not a modifier (for a demand,
        # not an act demanded either). Filled from the end, so a long sentence stays linear.
        plain, demand = [sent.end] * len(ts), [sent.end] * len(ts)
        for j in range(len(ts) - 2, -1, -1):
            u = ts[j + 1]
            plain[j] = plain[j + 1] if self.modifiers[j + 1] else u.start
            demand[j] = (demand[j + 1] if self.modifiers[j + 1] or self.demanded_control[j + 1]
                         or u.relation in ("lost", "may_withdraw") else u.start)
        self.object_ends = (plain, demand)


@dataclass(slots=True)
class _Frame:
    """One trigger on its way to a claim: each stage fills in its part."""

    i: int  # the trigger's index in the sentence
    t: _Hit
    relation: str = ""
    words: str = ""
    obj_lo: int = 0  # the trigger's object: [obj_lo, obj_hi)
    obj_hi: int = 0
    sub_lo: int = 0  # where its subject may start
    passive: bool = False
    actor: _Actor | None = None
    actor_code: str | None = None
    places: list[Mention] = dataclasses.field(default_factory=list)
    quantity: Quantity | None = None
    regions: list[str] = dataclasses.field(default_factory=list)
    how: str = "none"
    clause_start: int = 0
    before_text: str = ""  # the words of the trigger's clause before it, for modality
    attribution: str | None = None
    modality: str = "asserted"

    def __post_init__(self) -> None:
        self.relation, self.words = self.t.relation, self.t.words


# --- stages: each takes the text, the sentence and the trigger's frame, fills in its part, and
# returns False to drop the trigger -------------------------------------------------------------

def _stage_window(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """The clause around the trigger: its object, its subject, and whether it is passive."""
    t, i, sent = f.t, f.i, s.span
    # The object runs to the next trigger, over participles that only describe it ("withdraw from all
    # occupied Ukrainian territory"). A demand's object runs over the acts demanded: "wants Ukraine to cede
    # all of Donbas", "demanded that Ukraine abandon its bid to join NATO and withdraw its troops from ...".
    nxt = s.object_ends[f.relation == "demands"][i]
    if i + 1 < len(s.triggers) and s.relatives[i + 1]:
        nxt = sent.end  # "... parts of territory it holds in X": the relative clause is the object
    f.obj_lo, f.obj_hi = _window(s.cuts, t.end, nxt, forward=True)
    f.sub_lo = _window(s.cuts, s.triggers[i - 1].end if i else sent.start, t.start, forward=False)[0]
    words = f.words
    # Passive, or "under Russian control": the territory and figure come before, the side after.
    f.passive = (words.split()[0] in _PARTICIPLES and _BY_AFTER.match(d.folded, t.end, t.end + 40) is not None
                 or words in _UNDER_CONTROL or t.under is not None and words.startswith(("under ", "in "))
                 # "Курской области, занятой ВСУ": a participle, its agent right after it
                 or _PASSIVE_PARTICIPLE.fullmatch(words) is not None
                 and (any(t.end < a.start <= t.end + 2 for a in s.actors)
                      # "захваченные Москвой территории": a capital as the agent
                      or _controller_named(d.text, t, s.places) is not None))
    return True


def _stage_actor(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """Who acts (see `_resolve_actor`)."""
    f.actor = _resolve_actor(d.folded, d.padded, d.text, f.t, s.actors, s.pronouns, s.places, s.span, f.sub_lo,
                             f.obj_hi, f.passive, d.ctx)
    f.actor_code = f.actor.code if f.actor else None
    return True


def _stage_quantity(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """The figure of the claim; a share of something that is not land drops the trigger."""
    # The words that named the actor ("під контролем Києва") are not a place the claim is about, nor is a
    # country right before a trigger ("would not give up the territories Russia occupies") or naming its side
    # ("Russia's annexation of").
    acting = {t.start - 1 for t in s.triggers} | {t.start for t in s.triggers if t.under}
    acting -= _shared_countries(d.folded, s)  # "20% Украины под контролем России": whose land the share is
    f.places = [m for m in s.places if not (f.actor and m.start == f.actor.start)
                and not (m.kind == "country" and m.role == "reference" and (m.end in acting or m.start in acting))]
    f.quantity = _pick_quantity(d.folded, d.padded, s.quantities, f.sub_lo, f.t, f.obj_lo, f.obj_hi, f.passive,
                                f.places, s.used) or _apposition_figure(d, s, f)
    if f.quantity is not None and _share_of_something_else(d.folded, f.quantity, d.place_ends, d.starts):
        s.elsewhere = True  # "Poland controls 40% of the transit market": not land
        return False
    return True


#: A dash, then words that say the figure after it is the size of the land before it: "— an area of", "— территории
#: площадью", "— території площею".
_APPOSITION = re.compile(r"\s-{1,2}\s(?:(?:an?\s)?(?:territory|area|land)\s(?:of\s)?"
                         + fold_pattern(r"|територі\w*\s(?:площею\s)?|территори\w*\s(?:площадью\s)?|площею\s|площадью\s")
                         + r")?")


_PHRASE_END = re.compile(r"\s?(?:[,.;)]|-\s|$)")


def _apposition_figure(d: _Doc, s: _Sentence, f: _Frame) -> Quantity | None:
    """"Москва требует вывода ВСУ с оставшейся части Донецкой области — территории площадью около 6600 кв. км":
    the size of the land the object names, said after a dash (an area, not a share of something)."""
    q = next((q for q in s.quantities if q.start >= f.obj_hi), None)
    if (q is None or q.kind == "percent" or q.start in s.used or f.obj_hi >= s.span.end or not f.places
            or not any(f.obj_lo <= m.start < f.obj_hi for m in f.places)):
        return None
    # a phrase that ends with its figure ("— about 600 sq km were shelled" is a clause of its own)
    return q if _APPOSITION.fullmatch(d.folded, f.obj_hi, q.start) and _PHRASE_END.match(d.folded, q.end) else None


#: Between a share and the country it is a share of: "20% Украины", "20% території України", "20% of Ukraine".
_SHARE_GAP = re.compile(fold_pattern(r"\s(?:of\s)?(?:(?:the\s)?(?:території|территории|territory|площі|площади)\s(?:of\s)?)?"))


def _shared_countries(folded: str, s: _Sentence) -> set[int]:
    """The ends of the countries right after a figure of the sentence: the land a share is of."""
    return {m.end for m in s.places for q in s.quantities
            if m.kind == "country" and q.end < m.start and _SHARE_GAP.fullmatch(folded, q.end, m.start)}


def _stage_scope(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """The regions of the claim (see `_resolve_regions`); none drops it."""
    f.regions, f.how = _resolve_regions(d.folded, d.padded, f.t, f.places, f.quantity, f.actor_code, s.span,
                                        f.sub_lo, f.obj_lo, f.obj_hi, f.passive, d.ctx, s.named)
    if f.how != "explicit" and _word_search(_SPEAKERS_COUNTRY, d.padded, f.obj_lo, f.obj_hi):
        # "Zelensky showed a map that put Moscow's hold at close to 20% of his country's territory": the
        # speaker's country, where the source's side can be told (else no claim)
        cited = _cited_for(s.cites, f.t)
        person = next((a for a in s.actors if a.start < f.t.start and a is not f.actor), None)
        side = _source_side(cited[0]) if cited else person.code if person else None
        f.regions, f.how = ([side], "whole") if side in OTHER_SIDE else ([], "none")
    if not f.regions and s.lead_frame is None and f.quantity is None and s.evidence.rstrip().endswith(":"):
        s.lead_frame = f  # "Станом на 1 січня під окупацією перебували:": the items name the places
    # "..., while Ukraine holds the rest" after a share of something else: the rest of that, not of land
    return bool(f.regions) and not (s.elsewhere and f.how in ("anaphora", "context"))


def _stage_clause(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """The words of the trigger's own clause before it, which give its modality."""
    # A relative clause ("the territory Russia holds") starts afresh, but not a clause after "if":
    # "If Ukraine withdrew from Donetsk, ..." stays conditional.
    rel, sent = s.relatives[f.i], s.span
    f.clause_start = rel.start() if rel and not _word_search(
        _CONJUNCTION_BEFORE, d.padded, max(sent.start, rel.start() - 12), rel.start()) else sent.start
    # A participle describing a noun ("lacked the means to retake the occupied east") states a fact
    # whatever the clause around it says.
    f.before_text = "" if s.modifiers[f.i] else d.folded[f.clause_start:f.t.start]
    return True


#: A clause that sets itself against the one before: its source is not that clause's.
_CONTRAST = re.compile(fold_pattern(r",\s(?:while|whereas|but|although|though|тоді\sяк|тогда\sкак|в\sто\sвремя\sкак|але"
                                    r"|однак|однако|но|хоча|хотя)\s"))


def _stage_attribution(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """Who says so: the source cited before the trigger, or after it, or the speaker of "X claims that"."""
    if s.modifiers[f.i]:
        return True  # a participle describing a noun ("the occupied east"): the reporter's words
    cited = _cited_for(s.cites, f.t)
    if cited and cited[1] > f.t.end and _CONTRAST.search(d.folded, f.t.end, cited[2]) \
            and any(t.start >= cited[2] for t in s.triggers):
        cited = None  # "Putin vowed to capture ..., while Kyiv says it will not withdraw": Kyiv speaks of the withdrawal
    f.attribution = cited[0] if cited else s.speakers.get(f.i)
    if f.attribution and f.attribution.lower() in _PRONOUN_SPEAKERS:
        # "He said", "По его словам": the source of the sentence before, or the last one named, or
        # else the actor the text was last about
        before = _named_sources(_attributions(d.text, d.folded, d.prev_sent))
        f.attribution = (before[-1] if before else d.last_source()
                         or (s.actor_before.text if s.actor_before else None) or f.attribution)
    return True


def _stage_modality(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    # The trigger's own clause: after the last clause boundary before it (a dash, "but", "while", ...)
    own_lo = max((e for b, e in s.cuts if f.clause_start <= b and e <= f.t.start), default=f.clause_start)
    own = f.before_text[own_lo - f.clause_start:] if f.before_text else f.before_text
    f.modality = _modality(f.before_text, f.attribution, f.words, own)
    return True


# --- rules: the special cases of particular relations, each with the sentence that needed it ----

def _rule_one_demand(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"demands that Ukraine withdraw from / cede ...": one demand, not a withdrawal; "..., a demand
    that would require ...": the same demand again."""
    if s.demanded and (f.relation in ("may_withdraw", "lost") or f.relation == "demands" and _word_search(
            _ARTICLE_BEFORE, d.padded, f.t.start - 8, f.t.start)):
        return False
    s.demanded = s.demanded or f.relation == "demands"
    return True


#: Words before "demand" that make it the economist's noun: "weak demand in China", "global demand".
_DEMAND_NOUN_BEFORE = re.compile(NOT_WORD + r"(?:weak|weaker|strong|stronger|global|domestic|consumer|energy|oil|gas|fuel"
                                 r"|slowing|falling|rising|soft|softer|robust|sluggish|higher|lower|export|import)\s$")


def _rule_demand_as_noun(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"citing weaker demand in China", "global demand": demand for goods, not a demand for land."""
    return not (f.relation == "demands" and f.words.startswith("demand")
                and _word_search(_DEMAND_NOUN_BEFORE, d.padded, f.t.start - 12, f.t.start))


def _rule_bare_under_control(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"The situation is difficult but under control": with no side named, only a place named with it is
    under control, not the regions of the sentences before."""
    return not (f.words == "under control" and f.t.under is None and f.how != "explicit")


#: Shares that are votes, stakes or market shares: "who took 29.5%", "a 20% stake".
_NOT_LAND_SHARE = re.compile(r"\b(?:votes?|ballots?|polls?|turnout|electoral|stake|shareholders?|market\sshare)\b")


def _rule_share_of_a_vote(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"a conservative historian ..., who took 29.5%, according to the electoral commission": a share of the
    vote, not of the country the sentence names. Only a percentage with no region of its own (a country is
    not one: "took 29.5% in Poland's presidential election")."""
    q = f.quantity
    return not (q is not None and q.kind == "percent" and (f.how != "explicit" or all("-" not in r for r in f.regions))
                and _NOT_LAND_SHARE.search(d.folded, s.span.start, s.span.end))


def _rule_claims_that(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"Moscow claims that its troops control ...": a verb of saying, and the claim it introduces is the
    speaker's; "claimed that Moscow's forces had encircled ...": said, not a claim to land; but "Moscow
    claims that the four regions are fully part of Russia" is a claim to land."""
    if f.relation != "claims" or not d.folded.startswith(" that ", f.t.end):
        return True
    nxt = s.triggers[f.i + 1] if f.i + 1 < len(s.triggers) else None
    if nxt is not None and _window(s.cuts, f.t.end, nxt.start, forward=True)[1] == nxt.start:
        s.speakers[f.i + 1] = f.actor.text if f.actor else None
        return False
    return _SOVEREIGNTY.search(d.folded, f.obj_lo, f.obj_hi) is not None


def _rule_claim_noun(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"..., a claim Moscow rejected": the noun, not a claim to land."""
    return not (f.relation == "claims" and f.words.startswith("claim")
                and _word_search(_ARTICLE_BEFORE, d.padded, f.t.start - 8, f.t.start))


_OCCUPATION_NOUN = re.compile(fold_pattern(r"(?<!\w)(?:occupation|окупац\w*|оккупац\w*)"))


def _rule_unnamed_agent(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """Who acts when the words name no one: "the occupied east", "occupied territories" are occupied by the
    side that is not the land's own, whoever the sentence is about ("Ukraine was ready to discuss the status
    of the occupied territories"); "Most of the Kherson region was liberated in November 2022": no agent
    named, so not the actor of the sentence before; land is liberated or lost by its own country, taken by
    the other."""
    if f.relation == "occupies" and (s.modifiers[f.i] and "-" not in f.words or not f.passive and (
            _PASSIVE_PARTICIPLE.fullmatch(f.words))):  # "частка окупованої території Донеччини": no agent named
        f.actor, f.actor_code = None, OTHER_SIDE.get(_country_of(f.regions))
    elif f.relation == "occupies" and f.actor_code is None and _OCCUPATION_NOUN.search(f.words):
        # "під тимчасовою окупацією залишається 19% території України": under the other side's occupation
        f.actor_code = OTHER_SIDE.get(_country_of(f.regions))
    elif (not f.passive and f.words.split()[0] in _PARTICIPLES and f.relation != "holds"
          and _word_search(_BE_BEFORE, d.padded, max(s.span.start, f.t.start - 12), f.t.start)):
        country = _country_of(f.regions)
        f.actor = None
        f.actor_code = (None if country not in OTHER_SIDE else country if f.relation in ("liberated", "lost")
                        else OTHER_SIDE[country])
    elif f.relation == "liberated" and f.actor_code is None and (side := _LIBERATED_IN.get(f.words.split()[0])):
        # "Более 70% территории ДНР уже освобождено", "Курская область полностью освобождена": only Moscow's
        # side says "освобождено" of land it took; "звільнено" of Ukrainian land is Kyiv's word
        f.actor_code = side if side == "RU" or _country_of(f.regions) == "UA" else None
    return True


#: A participle of liberation with no agent, by the side whose word it is (folded).
_LIBERATED_IN = {fold(w): side for w, side in (("освобождено", "RU"), ("освобождена", "RU"), ("освобождены", "RU"),
                                               ("освобожден", "RU"), ("звільнено", "UA"), ("звільнена", "UA"),
                                               ("звільнені", "UA"), ("звільнений", "UA"))}


def _rule_recognition(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"will not recognise any Russian control of ...": about recognition, not holding; "does not recognize
    Russia's annexation of ...": the annexation is Russia's, whatever is recognised."""
    if _word_search(_RECOGNISE_BEFORE, d.padded, max(f.clause_start, f.t.start - 40), f.t.start):
        if f.relation in STATE_RELATIONS:
            return False
        f.before_text = ""
    return True


#: "We control ...", "Ми контролюємо", "Мы контролируем": the speaker's side acts.
_WE_BEFORE = re.compile(NOT_WORD + fold_pattern(r"(?:we|ми|мы)(?:\s(?:now|still|already|вже|уже|ще|еще|досі|сейчас|зараз))?\s$"))
#: "У Москві заявили", "В Киеве заявили", "in Moscow": the government a capital-place source stands for.
_CAPITAL_SOURCE = re.compile(fold_pattern(r"(?:(?:у|в|in)\s)?(?P<ru>москв\w*|moscow|кремл\w*|kremlin)"
                                          r"|(?:(?:у|в|in)\s)?(?P<ua>київ\w*|києв\w*|киев\w*|kyiv|kiev)"))

#: "Ukraine's top commander", "російський генерал": the side of a source named by its country.
_COUNTRY_OF_SOURCE = re.compile(fold_pattern(r"(?<!\w)(?:(?P<ru>russia's|russian|російськ\w*|российск\w*|россии|росії|рф)"
                                             r"|(?P<ua>ukraine's|ukrainian|українськ\w*|украинск\w*|украины|україни))(?!\w)"))
#: A side's own military or government body: what it announces as liberated, its side took.
_OWN_BODY = re.compile(fold_pattern(r"(?<!\w)(?:defen[cs]e\sministry|ministry\sof\sdefen[cs]e|general\sstaff|military"
                                    r"|army|armed\sforces|міноборони|минобороны|генштаб\w*|генеральн\w+\sштаб\w*"
                                    r"|командуван\w*|командован\w*|міністерств\w+\sоборони|министерств\w+\sобороны)(?!\w)"))


#: A source placed in a capital: "a military analyst in Kyiv", "джерело в Москві".
_IN_CAPITAL = re.compile(fold_pattern(r"\s(?:in|у|в)\s(?:(?P<ru>moscow|москв\w*)|(?P<ua>kyiv|kiev|київ\w*|києв\w*|киев\w*))$"))


def _source_side(source: str) -> str | None:
    """The side a source speaks for: an actor phrase in it ("Олександр Сирський"), a capital ("У Москві")
    or its country ("Ukraine's top commander")."""
    folded = fold(source)
    if m := _ACTOR_RE.search(" " + folded):
        return _ACTOR_OF_TAG[m.lastgroup]
    if m := _CAPITAL_SOURCE.fullmatch(folded) or _COUNTRY_OF_SOURCE.search(folded) or _IN_CAPITAL.search(folded):
        return "RU" if m.group("ru") else "UA"
    return None


def _rule_speaker_side(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"«Ми контролюємо понад 1000 км² ...», — сказав Олександр Сирський": "we" is the speaker's side;
    "У Москві заявили про повне звільнення", "Минобороны РФ заявило об освобождении": a government or its
    military announcing a liberation speaks of its own side."""
    if f.actor_code is None and f.attribution and (
            _word_search(_WE_BEFORE, d.padded, max(s.span.start, f.t.start - 16), f.t.start)
            or f.relation == "liberated" and (_CAPITAL_SOURCE.fullmatch(fold(f.attribution))
                                              or _OWN_BODY.search(fold(f.attribution)))):
        f.actor_code = _source_side(f.attribution)
    return True


def _rule_aim(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"Putin vowed to capture the whole of the Donetsk region", "Russia will not stop until it takes",
    "Росія прагне захопити", "Россия стремится захватить": land aimed at is demanded, not taken; the
    modality is read before the aim ("will not stop until" is no negation of the taking)."""
    if f.relation in ("captured", "controls", "holds", "occupies") and f.before_text and (
            aim := _GOAL.search(" " + f.before_text[-120:])):
        f.relation = "demands"
        f.before_text = f.before_text[:max(len(f.before_text) - 120, 0) + max(aim.start() - 1, 0)]
    return True


#: "the enemy", "противник": the side the source is fighting.
_ENEMY_BEFORE = re.compile(NOT_WORD + fold_pattern(r"(?:the\s)?(?:enemy|противник\w*)(?:\s(?:forces|troops|now|still|уже"
                                                   r"|еще|сейчас|загалом|всего|вообще|знову|снова))?\s$"))


_UKRAINIAN_LETTERS = re.compile("[іїєґІЇЄҐ]")


#: "They" as the subject right before the verb: "They are in control of", "вони контролюють", "они удерживают".
_THEY_BEFORE = re.compile(NOT_WORD + fold_pattern(r"(?:they|вони|они)(?:\s(?:are|were|still|now|already|have|had|вже|уже"
                                                  r"|досі|до\sсих\sпор|сейчас|зараз))*\s$"))


def _rule_they_on_the_speakers_land(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """""They are in control of almost three-quarters of Zaporizhzhia," said a military analyst in Kyiv": with
    no one named before, "they" holding the land of the speaker's own side are the other side."""
    if f.actor_code is None and f.relation in STATE_RELATIONS and f.attribution and _word_search(
            _THEY_BEFORE, d.padded, max(s.span.start, f.t.start - 30), f.t.start):
        side = _source_side(f.attribution)
        if side is not None and _country_of(f.regions) == side:
            f.actor_code = OTHER_SIDE[side]
    return True


def _rule_enemy_of_source(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"The enemy controls about 70% of the Donetsk region, Syrskyi said": the other side of the source's; with
    no source whose side is known, no actor (Russian and Ukrainian reports both say "противник"). The enemy named
    right before the verb is its subject, whoever the sentence named before ("Сили оборони повернули ..., тоді як
    противник просунувся ...")."""
    if _word_search(_ENEMY_BEFORE, d.padded, max(s.span.start, f.t.start - 24), f.t.start):
        side = _source_side(f.attribution) if f.attribution else None
        if side is None and _UKRAINIAN_LETTERS.search(s.evidence):
            side = "UA"  # written in Ukrainian: the enemy is Russia's
        f.actor, f.actor_code = None, OTHER_SIDE.get(side or "")
    return True


def _rule_control_as_goal(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"until Russia achieved its goals, including full control of the Donetsk region", "demands full control
    of": control as an aim is a demand."""
    if f.words in _CONTROL_WORDS and (s.demanded_control[f.i] or _word_search(
            _GOAL_BEFORE, d.padded, max(f.clause_start, f.t.start - 60), f.t.start)):
        f.relation = "demands"
    return True


def _rule_relation_by_sense(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """What the words mean given the figure, modality and actor:

    * "occupied 235 square kilometres in the past week": a gain, not a holding;
    * "both sides claim control of": their word (reported);
    * "withdrew", "pulled out", "вивела війська" said as done: withdrew, not may_withdraw;
    * "Kyiv's troops were pushed back from ...": the subject lost ground; Russian forces pushing Ukrainian
      troops back take ground;
    * Moscow "liberates" Ukrainian villages: the other side's land is taken, whatever the word;
    * "установили контроль над 99% территории", "встановили контроль майже над усією областю": a share
      of a region under control, a statement of control (a village taken stays a capture).
    """
    t, words = f.t, f.words
    if f.relation == "captured" and words.startswith(_CONTROL_SET) and f.quantity is not None \
            and f.quantity.kind == "percent":
        f.relation = "controls"
    if f.relation == "occupies" and _OCCUPIED_PAST.fullmatch(words) and f.quantity is not None and _front_wide(
            d.padded, s.span, t, f.quantity):
        f.relation = "captured"
    if f.relation == "controls" and words.startswith("claim") and f.modality == "asserted":
        f.modality = "reported"
    if f.relation == "may_withdraw" and f.modality in ("asserted", "reported") and words.startswith(_LEX.done):
        f.relation = "withdrew"
    if f.relation == "liberated" and words.startswith(("push", "drove", "driven")):
        if _word_search(_BE_BEFORE, d.padded, max(s.span.start, t.start - 12), t.start):
            f.relation = "lost"
        elif f.actor_code == "RU":
            f.relation = "captured"
    if f.relation == "liberated" and f.actor_code in OTHER_SIDE and _country_of(f.regions) == OTHER_SIDE[f.actor_code]:
        # "Более 70% территории ДНР уже освобождено": a share in the state the participle names, held now
        f.relation = "controls" if (f.words.split()[0] in _LIBERATED_IN and f.quantity is not None
                                    and f.quantity.kind == "percent") else "captured"
    return True


#: "had taken", "had seized": a pluperfect, a state reached by a time in the past.
_PERFECT_BEFORE = re.compile(NOT_WORD + r"had(?:\s(?:now|already|by\sthen))?\s$")
#: "by the end of March", "к концу марта", "до кінця березня", "by 2024", "by then": a time in the past by which a
#: state was reached (a month or a year named: "до кінця року", "by the end of the year" are mostly still to come).
_MONTH_NAMES = "|".join(m for names in MONTHS.values() for m in names)
_BY_TIME = re.compile(fold_pattern(rf"(?<!\w)(?:by\s(?:the\s)?(?:(?:end|start|beginning|middle|close)\sof\s)?"
                                   rf"(?:(?:19|20)\d\d|then|{_MONTH_NAMES})|(?:к\s(?:концу|началу|середине)"
                                   rf"|до\s(?:кінця|початку|середини))\s(?:(?:19|20)\d\d|{_MONTH_NAMES}))(?!\w)"))


def _rule_share_taken_is_control(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"Russia had taken about 80% of the territory by the end of March", "к концу марта заняли 80% области": a
    share taken by a time is the share held then (a state reached), not a gain over a period; a span of time
    ("has taken 0.7% of Ukraine this year") keeps it a gain, and so do a capture of control ("had taken full
    control of") and a capture to come ("could seize 30% ... by the end of next year")."""
    if f.relation == "captured" and f.quantity is not None and f.quantity.kind == "percent" \
            and f.modality in ("asserted", "reported") and not any(w in _CONTROL_WORDS for w in f.words.split()) and (
            _word_search(_PERFECT_BEFORE, d.padded, max(f.sub_lo, f.t.start - 24), f.t.start)
            or _BY_TIME.search(d.folded, s.span.start, s.span.end)) \
            and not _TIME_SPAN.search(d.padded, s.span.start, s.span.end + 1):
        f.relation = "controls"
    return True


@functools.lru_cache(maxsize=1)
def _official_km2() -> dict[str, int]:
    """Official areas of the gazetteer's first-level units and countries, by code."""
    return {r.code: r.official_km2 for r in Gazetteer.default() if r.official_km2 and r.kind in ("admin1", "country")}


#: Men or machines lost, not land: "lost more than 1,200 soldiers", "потерял более 35 тыс. человек".
_MEN_LOST = re.compile(fold_pattern(
    r"(?:\s(?!(?:control|контроль)\b)[\w'-]+){0,4}?\s(?:(?:more\sthan|over|about|some|almost|nearly|around|около|более|свыше"
    r"|почти|понад|близько|майже|більше)\s)?\d[\d,.\s]*(?:thousand|тыс\.?|тис\.?|тысяч\w*|тисяч\w*)?\s?"
    r"(?:soldiers|troops|servicemen|men|people|personnel|fighters|tanks|vehicles|человек|людей|военнослужащ\w*"
    r"|бойц\w*|солдат\w*|военн\w*|осіб|особов\w*|військов\w*|бійц\w*|танк\w*)(?!\w)"))


def _rule_men_lost(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """"Russia lost more than 1,200 soldiers in the Kursk region", "противник потерял ... более 35 тыс.
    человек": losses of men or machines, not of land (the region is where they fell)."""
    return f.relation != "lost" or _MEN_LOST.match(d.folded, f.t.end, f.obj_hi) is None


def _rule_area_beyond_regions(d: _Doc, s: _Sentence, f: _Frame) -> bool:
    """An area larger than the claim's regions together is not about them, but about their country.

    "Moscow's forces hold about 113,000 sq km" after a sentence about three northern regions, or
    "контролировала около 43 тыс. кв. км, включая Крым": no region that small can hold the figure,
    so the claim is the country's (stating it of the regions would be false). A figure said to be of a
    region ("30,000 sq km of the Donetsk region") keeps it.
    """
    q = f.quantity
    value = None if q is None or q.unit != "km2" else q.low if q.low is not None else q.high
    country = _country_of(f.regions)
    if value is None or country is None or country in f.regions or _scope_of(d.folded, f.places, q, f.actor_code):
        return True  # "30,000 sq km of the Donetsk region" says what it says
    areas = [_official_km2().get(r) for r in f.regions]
    if all(areas) and value > 1.1 * sum(areas):
        f.regions, f.how = [country], "whole"
    return True


#: The stages and rules a trigger runs through, in order. A new stage (the time a claim is about, say)
#: is one function here.
STAGES = (_rule_one_demand, _rule_demand_as_noun, _stage_window, _stage_actor, _rule_claims_that, _rule_claim_noun,
          _stage_quantity, _stage_scope, _rule_bare_under_control, _rule_share_of_a_vote, _rule_unnamed_agent,
          _stage_clause, _rule_recognition, _stage_attribution, _rule_speaker_side, _rule_enemy_of_source,
          _rule_they_on_the_speakers_land, _rule_aim, _rule_control_as_goal, _stage_modality, _rule_relation_by_sense,
          _rule_share_taken_is_control,
          _rule_area_beyond_regions, _rule_men_lost)


def _figure_pairs(d: _Doc, s: _Sentence, f: _Frame) -> list[tuple[Quantity | None, list[str], str]]:
    """(figure, regions, scope) for each claim a trigger makes.

    "almost all of Luhansk and about two-thirds of Donetsk": one claim per figure and place; "some 113,000
    sq km, or about 18.7% of Ukraine": the same claim, said twice.
    """
    quantity, regions, how, folded = f.quantity, f.regions, f.how, d.folded
    pairs = [(quantity, regions, how)]
    if quantity is None:
        return pairs
    pairs += [(q2, r2, "explicit") for q2 in s.quantities
              if f.obj_lo <= q2.start < f.obj_hi and q2.start >= quantity.end
              and (how == "explicit" or _RESTATED.fullmatch(folded, quantity.end, q2.start))
              and not _word_search(_EARLIER_FIGURE, d.padded, q2.start - 20, q2.start)
              and (r2 := _scope_of(folded, f.places, q2, f.actor_code) or (
                  regions if _RESTATED_AFTER.fullmatch(folded, quantity.end, q2.start) else []))]
    restated = [(q2, r2) for q2, r2, _ in pairs[1:] if _RESTATED.fullmatch(folded, quantity.end, q2.start)]
    if restated and not _scope_of(folded, f.places, quantity, f.actor_code):
        # "some 112,000 sq km, or about 18.6% of Ukraine, including Crimea": the place of the figure said again
        # is the first figure's too (not "Crimea", which the scope only includes)
        pairs[0] = (quantity, restated[0][1], "explicit")
    # "a fifth of Ukraine - about 112,000 sq km - is now occupied": the figure before the dashes, said first
    i = s.quantities.index(quantity)
    pairs += [(q0, regions, how) for q0 in s.quantities[max(i - 1, 0):i]
              if q0.kind != quantity.kind and _DASH_RESTATED.fullmatch(folded, q0.end, quantity.start)]
    # "about a quarter of the Donetsk region -- roughly 6,600 square kilometres --": said twice
    pairs += [(q2, regions, how) for q2 in s.quantities[s.quantities.index(quantity) + 1:][:1]
              if q2.kind != quantity.kind and (_DASH_RESTATED.fullmatch(folded, quantity.end, q2.start)
                                               or _COMMA_RESTATED.fullmatch(folded, quantity.end, q2.start)
                                               and not _scope_of(folded, f.places, q2, f.actor_code)
                                               and q2.start not in {p[0].start for p in pairs if p[0]})
              # "partly control the Kharkiv region — about 3% of its territory": a quantifier, then its number
              or quantity.basis == "words" != q2.basis and _DASH_NUMBER.fullmatch(folded, quantity.end, q2.start)
              and _OF_IT_AFTER.match(folded, q2.end)]
    if (lead := _INLINE_LIST.search(folded, quantity.end, s.span.end)) and not any(
            f.t.end <= u.start < lead.start() for u in s.triggers):
        # "Russia controls about 19% of Ukraine, including: – all of Crimea – about 98% of Luhansk": each item
        # is the claim again for its own figure and place
        pairs += [(q2, r2, "explicit") for q2 in s.quantities if q2.start >= lead.end()
                  and (r2 := _item_scope(folded, f.places, q2, f.actor_code))]
    if each := _RESPECTIVELY.search(folded, quantity.end, s.span.end):
        # "about 99% and 70% of the Luhansk and Donetsk regions respectively": figure by figure
        figures = [q2 for q2 in s.quantities if quantity.start <= q2.start < each.start() and q2.kind == quantity.kind]
        units = [m.regions for m in f.places
                 if m.role == "territory" and figures[-1].end <= m.start < f.obj_hi][:len(figures)]
        if len(figures) == len(units) > 1:
            pairs = [(q2, list(r2), "explicit") for q2, r2 in zip(figures, units)] + [
                p for p in pairs if p[0].start > each.start()]
    return pairs


def _emit(d: _Doc, s: _Sentence, f: _Frame) -> None:
    """The claims of a trigger that went through every stage, once each."""
    for q, regs, scope in _figure_pairs(d, s, f):
        key = (f.relation, f.actor_code, tuple(regs)) + ((q.start,) if q is not None else ())
        if key in s.done:
            continue  # "Moscow's demands ... pushes for": one claim
        s.done.add(key)
        cid = _unique_id(_claim_id(f.relation, f.actor_code, regs, q, f.words, s.evidence), d.seen)
        d.claims.append(_frame_claim(d, s, f, cid, q, regs, scope))
        if q is not None:
            s.used.add(q.start)
    if f.actor is not None:
        d.ctx.last_actor = f.actor


def _frame_claim(d: _Doc, s: _Sentence, f: _Frame, cid: str, q: Quantity | None, regs: Sequence[str],
                 scope: str) -> Claim:
    return Claim(id=cid, actor=f.actor_code, actor_text=f.actor.text if f.actor else None, relation=f.relation,
                 regions=tuple(regs), quantity=q, modality=f.modality, attribution=f.attribution, sentence=s.span,
                 evidence=s.evidence, trigger=Trigger(f.t.start, f.t.end, d.text[f.t.start:f.t.end]), scope=scope,
                 part=_part_of(d.folded, q))


def _lead_in_claim(d: _Doc, s: _Sentence) -> Claim | None:
    """The claim of a lead-in that names no place ("Станом на 1 січня під окупацією перебували:", "As of
    1 January, Russian forces occupied:"): it runs through the stages after the scope, and its items give
    the places and figures (it is not a claim itself)."""
    f = s.lead_frame
    if f is None or not all(stage(d, s, f) for stage in STAGES[STAGES.index(_stage_scope) + 1:]):
        return None
    return _frame_claim(d, s, f, "", None, (), "explicit")


def _restatement(d: _Doc, s: _Sentence) -> None:
    """"Moscow occupies just under a fifth of Ukraine. That is roughly 116,000 sq km.": the claim again."""
    said = _RESTATEMENT.match(d.folded, s.span.start)
    quantities = d.quantities.within(s.span.start, s.span.end)
    if not (said and quantities and quantities[0].start == said.end()):
        return
    base, q = d.previous[-1], quantities[0]
    regs = _scope_of(d.folded, s.places, q, base.actor)
    trigger = Trigger(said.start(), said.end() - 1, d.text[said.start():said.end() - 1])
    cid = _unique_id(_claim_id(base.relation, base.actor, regs or base.regions, q, trigger.text, s.evidence), d.seen)
    # "Це приблизно 0,7% площі країни, підрахували журналісти.": a source of its own, who says this figure
    own = _named_sources(_attributions(d.text, d.folded, s.span))
    cited = {"attribution": own[-1], "modality": "reported"} if own and base.modality in ("asserted", "reported") else {}
    d.claims.append(dataclasses.replace(
        base, id=cid, regions=tuple(regs or base.regions), quantity=q, sentence=s.span, evidence=s.evidence,
        trigger=trigger, scope="explicit" if regs else "anaphora", part=_part_of(d.folded, q), **cited))


def _continued(d: _Doc, s: _Sentence) -> None:
    """"Russian forces captured about 380 sq km in April. In March, the figure was 240.": a bare number that took
    the unit of the figure before (`geo.quantities.is_carried`) is the claim of that figure again (relation,
    side, land, source), for its own time, which must be stated: "A year earlier, the figure was 17%" is not a
    figure of today, and a time not read is no time."""
    lo, hi = s.span.start, s.span.end
    stated = None
    for q in d.quantities.within(lo, hi):
        measure = _word_search(_MEASURE_NOW, d.padded, max(lo, q.start - 50), q.start)
        base = next((c for c in d.previous if c.quantity.kind == q.kind), None)
        if base is None or not (is_carried(q) or measure) or any(
                r not in base.regions for m in s.places if m.role == "territory" for r in m.regions):
            continue  # "In March, the figure was 240 in the Donetsk region": another land, not the claim again
        if stated is None:  # "in the same period last year": a time read only in part is no time
            stated = not _SAME_PERIOD.search(d.folded, lo, hi) and any(
                e.kind != "rate" for e in find_times(d.text[lo:hi], d.folded[lo:hi]))
        if not (stated or measure and (measure.group("now") or measure.group("now2"))):
            continue
        # the words that carried the measure on: the trigger
        start = measure.start() if measure else lo
        said = max(d.text.rfind(" ", start, q.start), start + 1)
        trigger = Trigger(start, said, d.text[start:said])
        cid = _unique_id(_claim_id(base.relation, base.actor, base.regions, q, trigger.text, s.evidence), d.seen)
        # its own sentence names no source: the reporter's words
        modality = "asserted" if base.modality == "reported" else base.modality
        d.claims.append(dataclasses.replace(base, id=cid, quantity=q, sentence=s.span, evidence=s.evidence,
                                            trigger=trigger, scope="context", part=None, attribution=None,
                                            modality=modality))


#: "the same period last year", "за аналогичный период": a period the time rules read only in part ("last year").
_SAME_PERIOD = re.compile(fold_pattern(r"\b(?:(?:the\s)?same\s(?:period|time|months?|weeks?|days?)|(?:аналогічн|аналогичн|той\sсамий"
                                       r"|той\sж[еі]?|тот\sже|такий\sсамий|такой\sже)\w*\s(?:період|период)\w*)"))
#: "that share has risen to nearly 19%", "ця частка зросла до", "этот показатель составляет": the measure of the
#: sentence before, at another value; ``now``: said of the present ("has risen", "is now"), so no time is needed.
_MEASURE_NOW = re.compile(NOT_WORD + r"(?:that|this|the)\s(?:share|figure|proportion)\s(?:(?P<now>has\s(?:since\s)?(?:risen|grown"
                          r"|increased|climbed|fallen|dropped|shrunk|reached)|(?:now\s)?(?:is|stands)(?:\snow)?(?:\sat)?)|rose|grew|fell|was)"
                          r"(?:\sto)?\s$"
                          + fold_pattern(r"|(?:ця|цей|эта|этот)\s(?:частка|показник|доля|показатель|цифра)\s(?:(?P<now2>становить|составляет)"
                                         r"|зросла|зріс|виросла|виріс|знизилася|скоротилася|выросла|вырос|снизилась|сократилась|достигла"
                                         r"|сягнула)(?:\sдо)?\s$"))
#: A list item: a dash or bullet first (folded text has one kind of dash).
_BULLET = re.compile(r"\s*[-•*]\s")


def _item_scope(folded: str, places: Sequence[Mention], q: Quantity, actor: str | None) -> list[str]:
    """The regions of a list item's figure: its scope after it, or the place right before a quantifier
    ("– Автономна Республіка Крим повністю;", "– Crimea entirely")."""
    return _scope_of(folded, places, q, actor) or [
        r for m in places if m.role == "territory" and q.basis == "words" and folded[m.end:q.start].isspace()
        for r in m.regions]


def _list_item(d: _Doc, s: _Sentence) -> None:
    """"Russian forces occupy about 113,000 sq km of Ukraine, including:" then "- all of Crimea;", "- about 70%
    of the Donetsk region": each item is the lead-in's claim (relation, actor, source) for its own figure and
    regions."""
    if not _BULLET.match(d.folded, s.span.start):
        return
    base, taken = d.lead_in, False
    for q in d.quantities.within(s.span.start, s.span.end):
        regs = _item_scope(d.folded, s.places, q, base.actor)
        if not regs:
            continue
        # "під окупацією перебували:" names no side: the land is occupied by the side that is not its own
        actor = base.actor or (OTHER_SIDE.get(_country_of(regs)) if base.relation == "occupies" else None)
        cid = _unique_id(_claim_id(base.relation, actor, regs, q, base.trigger.text, s.evidence), d.seen)
        d.claims.append(dataclasses.replace(base, id=cid, actor=actor, regions=tuple(regs), quantity=q,
                                            sentence=s.span, evidence=s.evidence, scope="explicit",
                                            part=_part_of(d.folded, q)))
        taken = True
    regs = list(dict.fromkeys(r for m in s.places if m.role == "territory" for r in m.regions))
    if base.relation == "demands" and regs and not taken:  # "- Ukraine's withdrawal from the Donetsk region;"
        cid = _unique_id(_claim_id(base.relation, base.actor, regs, None, base.trigger.text, s.evidence), d.seen)
        d.claims.append(dataclasses.replace(base, id=cid, regions=tuple(regs), quantity=None, sentence=s.span,
                                            evidence=s.evidence, scope="explicit", part=None))


#: A sentence that says who told the one before: "Про це сказав речник ...", "Об этом сообщил ...".
_ABOUT_THIS = re.compile(fold_pattern(r"\s*(?:про\sце|об\sэтом)\b"))


def _source_told_after(d: _Doc, span: Span) -> None:
    """The source that a sentence opening "Про це сказав ...", "Об этом сообщил ..." names, given to the claims of
    the sentence before that cite no one (the speaker follows the verb of saying there)."""
    if not d.claims or d.claims[-1].sentence != d.prev_sent or not _ABOUT_THIS.match(d.folded, span.start):
        return
    verb = _ATTR_VERB.search(d.folded, span.start, span.end)
    if verb is None:
        return
    after = _SPEAKER_AFTER.match(d.folded, verb.end(), span.end)
    if after is None and verb.group().endswith(_PLURAL_VERB_ENDS):
        after = _INSTITUTION_AFTER.match(d.folded, verb.end(), span.end)
    who = _clean_attr(d.text[after.start("who"):after.end("who")]) if after else None
    if who is None or len(who.split()) > 8:
        return
    for i in range(len(d.claims) - 1, -1, -1):
        c = d.claims[i]
        if c.sentence != d.prev_sent:
            break
        if c.attribution is None:
            d.claims[i] = dataclasses.replace(c, attribution=who,
                                              modality="reported" if c.modality == "asserted" else c.modality)


def _carry_over(d: _Doc, s: _Sentence, first: int) -> None:
    """What the next sentence inherits: figures to restate, the last source, actor and regions; the claim of
    a lead-in ("..., including:") while list items follow it."""
    colon = s.evidence.rstrip().endswith(":")
    if colon and len(d.claims) > first:
        d.lead_in = d.claims[first]
    elif colon and (lead := _lead_in_claim(d, s)) is not None:
        d.lead_in = lead
    elif not _BULLET.match(d.folded, s.span.start):
        d.lead_in = None
    d.previous = [c for c in d.claims[first:] if c.quantity is not None]
    if named := _named_sources(s.cites):
        d.ctx.last_source, d.unread_sources = named[-1], []
    _carry_plain(d, s.places, () if s.triggers and d.ctx.last_actor else s.actors, s.span)


def _carry_plain(d: _Doc, places: Sequence[Mention], actors: Sequence[_Actor], span: Span) -> None:
    """What the next sentence inherits from one with no claim: its last actor and the regions it names."""
    d.prev_sent = span
    if actors:
        d.ctx.last_actor = actors[-1]
    sentence_regions = [r for m in places if m.role == "territory" for r in m.regions]
    if sentence_regions:
        d.ctx.scope = list(dict.fromkeys(sentence_regions))


class _Slicer:
    """The rows of a sorted list whose key falls in a range, found by bisection."""

    def __init__(self, rows: Sequence, key) -> None:
        self.rows = rows
        self.keys = [key(r) for r in rows]

    def within(self, lo: int, hi: int) -> Sequence:
        return self.rows[bisect.bisect_left(self.keys, lo):bisect.bisect_left(self.keys, hi)]
