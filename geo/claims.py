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

Relations (`RELATIONS`): controls, holds, occupies, claims, annexed, captured,
lost, liberated, demands, may_withdraw, withdrew, negotiable.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

from geo._text import BEFORE_WORD, NOT_WORD, alternation, fold, fold_pattern
from geo.change import ChangeRef
from geo.mentions import Mention, Span
from geo.quantities import OF_AREA, TERRITORY_NOUNS, Quantity
from geo.timeref import TimeRef, strip_dates

__all__ = ["Claim", "Trigger", "find_claims", "split_sentences", "RELATIONS", "MODALITIES"]

#: Relation -> what it means, for the README and the schema.
RELATIONS = {
    "controls": "the actor has military or administrative control of the territory",
    "holds": "the actor holds (still has) the territory, often said of the remainder",
    "occupies": "the actor occupies the territory (said of an occupying force)",
    "claims": "the actor claims the territory as its own, whatever it controls",
    "annexed": "the actor declared the territory annexed",
    "captured": "the actor took the territory (captured, seized, advanced over)",
    "lost": "the actor lost or ceded the territory",
    "liberated": "the actor retook its own country's territory (liberated, recaptured, regained); the other "
                 "side's land 'liberated' (as Moscow says of Ukrainian villages) is captured",
    "demands": "the actor demands the territory or demands that the other side leave it",
    "may_withdraw": "the actor may, would or could withdraw from the territory",
    "withdrew": "the actor withdrew from the territory",
    "negotiable": "the territory, or its division, is open to negotiation",
}
MODALITIES = ("asserted", "reported", "possible", "conditional", "negated")

_PARTICIPLES = {"held", "controlled", "occupied", "claimed", "annexed", "captured", "seized", "taken",
                "liberated", "recaptured", "retaken", "regained", "lost", "ceded"}
_NON_TERRITORIAL_OBJECT = (
    r"(?!\s(?:talks|a\s(?:meeting|call|referendum|press|news|summit|rally|vote|ceremony)|meetings|elections?"
    r"|referendums?|discussions|consultations|negotiations|hostages?|prisoners?|firm|out|back|off|on\sto"
    r"|office|power|the\s(?:line|position|presidency|meeting))\b)"
)
#: "Russian control of ...": who holds it, by the word before "control".
_UNDER = {"russian": "RU", "moscow's": "RU", "russia's": "RU", "ukrainian": "UA", "kyiv's": "UA",
          "kiev's": "UA", "ukraine's": "UA"}
#: "Russian-occupied parts of ...", "Ukrainian-held territory": who holds it, by the word before the hyphen.
_SIDE_OF = {"russian": "RU", "russia": "RU", "moscow": "RU", "kremlin": "RU", "ukrainian": "UA", "ukraine": "UA",
            "kyiv": "UA", "kiev": "UA"}
_TAKE_FIGURE = (r"(?=\s(?:over\s)?(?:more|most|all|about|around|nearly|almost|some|half|a\s(?:further|total)|an\sarea"
                r"|an\saverage|\d"
                r"|less|fewer|roughly|approximately|just|as\smuch|at\sleast|close\sto|up\sto|under|over"
                r"|(?:full|complete|total)\scontrol))")
_EXTENT_FIGURE = (r"(?=\s(?:an\sarea\s(?:of\s)?)?(?:about|around|some|roughly|nearly|almost|more|over|up\sto|twice"
                  r"|double|half|the\ssize|\d))")
#: Past forms of the Ukrainian and Russian withdrawal verbs: "вивела війська", "отступили".
_WITHDREW = tuple(map(fold, ("вивел", "вивів", "відвел", "відвів", "вывел", "отвел", "відступил", "відступив",
                             "отступил")))
#: "back" within a few words after a verb of taking: "seized back", "captured the village back".
_BACK = r"\s(?:[\w'-]+\s){0,3}back(?!\w)"
_NOT_BACK = "(?!" + _BACK + ")"
_HEDGE_WORD = r"(?:about|around|some|more|nearly|almost|roughly|approximately|just|less|close|up\sto|at\sleast|over)"
_GAIN_FIGURE = rf"(?=\s(?:of|in|into|across|an\saverage|{_HEDGE_WORD}|by\s(?:{_HEDGE_WORD}|\d)|\d))"
_TRADED = r"\sbe\s(?:traded|swapped|exchanged|discussed)"
#: Words that claim a country whole ("the 1991 borders"): relation ``claims``, regions ["UA"].
_WHOLE_COUNTRY = (r"1991\sborders", r"internationally[\s-]recogni[sz]ed\sborders", r"pre-(?:2014|war)\sborders",
                  r"territorial\sintegrity", r"borders\s(?:\w+\s){0,8}?(?:in|of|as\sof)\s1991")
#: Relation -> its trigger patterns (on folded text), each starting with a literal letter or digit
#: (see `geo._text.alternation`). Where two could match at one place, the earlier one wins.
_TRIGGERS: list[tuple[str, tuple[str, ...]]] = [
    ("controls", (r"контролю\w*", r"контролиру\w*", r"під\sконтролем", r"под\sконтролем",
                  r"claim(?:s|ed|ing)?\s(?:full\s)?control\s(?:of|over)",  # "both sides claim control of": said, not shown
                  # "під їхнім контролем" (under their control): the possessive names the side, as "its" does
                  r"під\s(?:їхнім|його|її|нашим)\sконтролем", r"под\s(?:их|его|ее|её|нашим)\sконтролем",
                  r"under\s(?:(?P<under>" + "|".join(_UNDER) + r")\s)?control",
                  r"in\s(?:" + "|".join(_UNDER) + r")\shands",  # "remains in Russian hands": the side in control
                  r"in\scontrol\sof", r"control(?:s|led|ling)?(?!\s(?:(?:over\s|of\s)?the\s(?:skies|sky|air|airspace|sea|waters|ports?|flow|supply|price)"
                  r"|(?:of\s|over\s)?(?:its|their)\s(?:airspace|waters|skies|ports?)))",
                  # "the incursion at one point covered about 1,300 sq km": an extent, with its figure
                  r"cover(?:s|ed|ing)" + _EXTENT_FIGURE, r"span(?:s|ned|ning)" + _EXTENT_FIGURE,
                  *(side + r"\scontrol(?=\s(?:of|over)\b)" for side in _UNDER),
                  *(side + "-controlled" for side in _SIDE_OF))),
    # "holds" takes an object, or ends a relative clause ("the parts of Kherson that it still holds.")
    ("holds", (r"утриму\w*", r"удержива\w*", *(w + _NON_TERRITORIAL_OBJECT + r"(?=\s\w|[.;!?]|$)" for w in (
        r"h(?:old(?:s|ing)?|eld)", r"retain(?:s|ed|ing)?", r"ke(?:ep(?:s|ing)?|pt)")),
        r"maintain(?:s|ed|ing)?(?=\s(?:positions|a\spresence|a\sfoothold|control|a\sbridgehead))",
        *(side + "-held" for side in _SIDE_OF))),
    ("occupies", (r"окуп(?:у|ова)\w*", r"оккупир\w*", r"окупаці\w*", r"оккупаци\w*", r"under\s(?:(?P<under2>russian|ukrainian)\s)?occupation",
                  r"occup(?:y|ies|ied|ying)(?!\sforces)", *(side + "-occupied" for side in _SIDE_OF))),
    # "claims to have captured": a verb of saying, not a claim to land ("lays claim to" is)
    ("claims", (r"claim(?:s|ed|ing)?(?!\s(?:responsibility|to\s(?:have|be|control|hold|occupy)|(?:full\s)?control\s(?:of|over)))",
                *_WHOLE_COUNTRY)),
    ("annexed", (r"анексува\w*", r"аннексирова\w*", r"annex(?:es|ed|ing|ation)?(?!\w)", r"illegally\sannexed",
                 *(side + "-annexed" for side in _SIDE_OF))),
    ("captured", (r"захопи\w*", r"захвати\w*", r"захоплен\w*", r"захвачен\w*", r"заня\w*", r"зайня\w*",
                  # "установили контроль над", "встановили контроль над", "взяли под/під контроль"
                  r"установи\w*\sконтроль\s(?:над|за)", r"встанови\w*\sконтроль\s(?:над|за)",
                  r"взял\w*\sпод\sконтроль", r"взял\w*\sпід\sконтроль", r"взяв\sпід\sконтроль",
                  r"gain(?:ed|s)?\s(?:(?:full|complete|total)\s)?control\s(?:of|over)",
                  # "taken full control of" before "taken" + a figure: one trigger, its quantifier inside it
                  r"t(?:ook|aken|ake|akes)\s(?:(?:full|complete|total|effective)\s)?control\sof", r"t(?:ook|aken|ake|akes|aking)" + _TAKE_FIGURE,
                  r"captur(?:e|es|ed|ing)" + _NOT_BACK, r"seiz(?:e|es|ed|ing)" + _NOT_BACK,
                  r"overran", r"overrun", r"conquer(?:s|ed)?", r"gain(?:ed|s)" + _GAIN_FIGURE,
                  r"advance(?:d|s)" + _GAIN_FIGURE,
                  # "продвинулись на 3 тысячи квадратных километров", "просунулися на ..."
                  r"продвину\w*(?=\sна\s)", r"просуну\w*(?=\sна\s)")),
    ("lost", (r"втрати\w*", r"потеря\w*", r"loss\sof", r"відмови\w*\sвід", r"відмовля\w*\sвід", r"отказа\w*\sот",
              r"отказыва\w*\sот", r"откаж\w*\sот", r"поступи\w*", r"поступа\w*", r"los(?:t|e|es|ing)\scontrol\s(?:of|over)", r"lost", r"loses", r"los(?:e|ing)",
              r"ced(?:e|es|ed|ing)", r"surrender(?:s|ed|ing)?", r"gave\sup", r"give(?:s)?\sup", r"giving\sup")),
    ("liberated", (r"push(?:ed|es|ing)?\s(?:\w+\s){0,3}(?:back\sfrom|out\sof)", r"drove\s(?:\w+\s){0,3}(?:back|out)\sof",
                   r"driven\s(?:\w+\s){0,3}(?:back|out)\s(?:of|from)",
                   # "seized back the village", "took the town back": retaken (the place is the object)
                   r"seiz(?:e|es|ed|ing)(?=" + _BACK + ")", r"captur(?:e|es|ed|ing)(?=" + _BACK + ")",
                   r"t(?:ook|aken)(?=\s(?:[\w'-]+\s){1,3}back(?!\w))",
                   r"звільни\w*", r"звільнен\w*", r"освободи\w*", r"освобожд\w*", r"deoccup\w*",
                   r"liberat(?:e|es|ed|ing)", r"recaptur(?:e|es|ed|ing)", r"retook", r"retake", r"retaken",
                   *(verb + r"\s(?:(?:full|complete)\s)?control\s(?:of|over)" for verb in (
                       r"regain(?:s|ed|ing)?", r"retak(?:e|es|en)", r"retook", r"restor(?:e|es|ed|ing)")),
                   r"regain(?:s|ed|ing)?", r"freed", r"de-?occupied", r"won\sback", r"take\sback", r"took\sback")),
    ("demands", (r"demand(?:s|ed|ing)?", r"вимаг\w*", r"требу\w*", r"требова\w*", r"insist(?:s|ed|ing)?(?=\s(?:on|that\s(?!(?:[\w'-]+\s){1,3}(?:has|have|had|is|are|was|were|will|would)\b)))", r"push(?:es|ed)?\sfor",
                 r"seek(?:s|ing)?", r"sought", r"calls?\sfor", r"called\sfor",
                 r"want(?:s|ed)?(?=\s(?:to\s(?:keep|take|annex|seize|capture|control)|all|the|full))",
                 r"want(?:s|ed)?\s(?:\w+\s){1,2}to(?=\s(?:cede|give\sup|withdraw|leave|hand\sover|surrender|pull\sout))")),
    ("may_withdraw", (r"withdraw(?:s|n|ing|al)?(?:\s(?:its|their)\s(?:forces|troops))?(?:\sfrom)?",
                      # "вивела війська з", "вывести войска из", "відвести війська", "отступили из"
                      r"ви(?:вест|вел|вів|вод)\w*\sвійськ\w*(?:\s(?:з|із))?",
                      r"від(?:вест|вел|вів|вод)\w*\sвійськ\w*(?:\s(?:з|із))?",
                      r"в(?:ывест|ывел|ывод|ыв)\w*\sвойск\w*(?:\s(?:из|с))?",
                      r"от(?:вест|вел|вод)\w*\sвойск\w*(?:\s(?:из|с))?",
                      r"відступи\w*(?:\s(?:з|із))?", r"отступи\w*(?:\s(?:из|с))?",
                      r"withdrew(?:\sfrom)?", r"pull(?:s|ed|ing)?\s(?:(?:its|their|his|her)\s(?:forces|troops|army|units)\s)?(?:back|out)(?:\sof|\sfrom)?",
                      r"retreat(?:s|ed|ing)?\sfrom", r"hand(?:s|ed|ing)?\sback",
                      r"g(?:ive|ives|ave|iving)\sback",
                      r"return(?:s|ed|ing)?(?=\s(?:the|some|parts?|territor|land))", r"abandon(?:s|ed|ing)?")),
    ("negotiable", (r"negotiat(?:e|es|ed|ing)", r"negotiable",
                    *(w + r"\sto\sdiscuss" for w in ("ready", "willing", "prepared", "open")), r"negotiations?(?=\s(?:over|on|about)\b)",
                    r"up\sfor\snegotiations?", r"open\sto\snegotiations?", r"subject\sto\snegotiations?",
                    r"room\sfor\s(?:negotiation|compromise|discussion|manoeuvre|maneuver)", r"bargaining\schip",
                    r"on\sthe\stable", r"up\sfor\sdiscussion", r"c(?:ould|an)" + _TRADED, r"m(?:ay|ight)" + _TRADED)),
]
# Patterns are written in ordinary spelling and run on folded text ("військ" is "віиськ" there).
_TRIGGER_TAGS = [(rel, alt in _WHOLE_COUNTRY, fold_pattern(alt)) for rel, alts in _TRIGGERS for alt in alts]
#: A trigger and the character before it (see `geo._text.BEFORE_WORD`): the regex starts with a
#: class of characters, so the regex engine skips ahead in C.
_TRIGGER_RE = re.compile(BEFORE_WORD + alternation((f"t{i}", alt) for i, (*_, alt) in enumerate(_TRIGGER_TAGS))
                         + r"(?![\w-])")
#: Tag of an alternative -> (relation, whether it claims the country whole, whether it may name a side).
_TRIGGER_OF_TAG = {f"t{i}": (rel, whole, "(?P<under" in alt or alt.endswith(r"\shands")
                              or alt.split("\\s")[0].split("-")[0] in {*_UNDER, *_SIDE_OF})
                   for i, (rel, whole, alt) in enumerate(_TRIGGER_TAGS)}

_ACTOR_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    ("RU", (r"russian\s(?:forces|troops|army|military|soldiers|units|invaders|occupiers|occupation\sforces|side"
            r"|government|authorities|officials|president|leader|leadership|defen[cs]e\sministry|commanders?)",
            r"russia's\s(?:forces|army|military|troops|defen[cs]e\sministry|government)", r"vladimir\sputin",
            *(side + r"-(?:installed|appointed|backed)\s(?:authorities|officials|administration|governor|leader|head|forces)"
              for side in ("moscow", "russian", "russia", "kremlin")),
            # Russia's proxies: "Russian-backed separatists", "pro-Russian forces", "DPR fighters"
            *(side + r"-backed\s(?:separatists|rebels|militants|fighters|proxies)" for side in ("russian", "moscow", "kremlin")),
            r"pro-(?:russian|moscow|kremlin)\s(?:forces|separatists|rebels|militants|fighters|troops|authorities)",
            r"separatists",
            r"putin", r"the\soccupiers", r"russians", r"moscow's\sforces", r"росі\w*", r"росси\w*", r"путін\w*",
            r"путин\w*", r"окупант\w*", r"ворог\w*", r"кремл\w*", r"російськ\w*\sвійськ\w*", r"российск\w*\sвойск\w*",
            r"российск\w*\sвоенн\w*", r"російськ\w*\sвійськов\w*", r"вс\sрф", r"зс\sрф", r"арми\w*\sрф", r"армі\w*\sрф")),
    ("UA", (r"ukrainian\s(?:forces|troops|army|military|soldiers|units|defenders|side|government|authorities"
            r"|officials|president|leader|leadership|defen[cs]e\sministry|commanders?|general\sstaff)",
            r"ukraine's\s(?:forces|army|military|troops|defen[cs]e\sministry|government|general\sstaff)",
            r"volodymyr\szelensk(?:y|iy|yy|yi|i)", r"zelensk(?:y|iy|yy|yi|i)", r"armed\sforces\sof\sukraine",
            r"ukrainians", r"kyiv's\sforces", r"україн\w*\sвійськ\w*", r"зсу", r"всу", r"сил\w*\sоборони",
            r"вооруж\w*\sсил\w*\sукраин\w*", r"зеленськ\w*", r"зеленск\w*",
            r"украинск\w*\sвойск\w*", r"украинск\w*\sвоенн\w*", r"українськ\w*\sвійськов\w*",
            r"українськ\w*\sзахисник\w*")),
]
_ACTOR_TAGS = [(code, fold_pattern(alt)) for code, alts in _ACTOR_PHRASES for alt in alts]
_ACTOR_RE = re.compile(BEFORE_WORD + alternation((f"a{i}", alt) for i, (_, alt) in enumerate(_ACTOR_TAGS)) + r"(?![\w-])")
_ACTOR_OF_TAG = {f"a{i}": code for i, (code, _) in enumerate(_ACTOR_TAGS)}
_PRONOUN_RE = re.compile(BEFORE_WORD + r"(its|it|their|they|his|he)(?:\s(?:forces|troops|army|military|soldiers))?(?![\w-])")
_SUBJECT_VERB = re.compile(r"\s(?:has|have|had|is|was|will|would|may|might|could|can|must|also|still|now|\w{3,}ly)\b")
_SPEECH = re.compile(r"(?:'s?(?:\s[\w-]+){1,3})?\s(?:says|said|say|claims|claimed|insists|insisted|argues|argued|believes|believed|maintains"
                     r"|announced|announces|reported|reports|confirmed|confirms|told\s\w+)\b")
_PASSIVE_SUBJECT = re.compile(r"\s(?:are|were|is|was|be|been|being|get|got)\s(?:\w+\s)?\w+(?:ed|en|wn)\b")
_UNDER_CONTROL = (fold("під контролем"), fold("под контролем"))  # the side in control follows, as after "by"
#: Ukrainian and Russian passive participles: "занятой ВСУ" (occupied by the AFU), "окуповані Росією".
_PASSIVE_PARTICIPLE = re.compile(fold_pattern(r"(?:занят|захоплен|захвачен|окупован|оккупирован|звільнен|освобожден"
                                              r"|контрольован|контролируем)\w*"))
# Patterns run on folded text, where every dash is "-".
# Folded text has one kind of space, so each alternative starts with a literal character and the regex
# engine skips ahead in C.
_BOUNDARY = re.compile(r";| (?:-{1,2} |in (?:exchange|return) for (?=_WORDS)|for (?=_WORDS)|wh(?:ile|ereas) |although |even though |but not "
                       r"|and that )"
                       r"|, (?:(?:with|while|whereas|but|although|though|even though|as|and its) "
                       r"|(?=(?:its|their|his|russian|ukrainian|russia|ukraine|moscow|kyiv|kiev)\b))"
                       .replace("_WORDS", r"(?:\w+[ -]){0,2}(?:held|controlled|land|territory|parts?)"))
#: Who a relative clause or a subject names: "which it annexed", "the territory Russia holds".
_SUBJECTS = fold_pattern(r"(?:it|they|russia|ukraine|moscow|kyiv|kiev|росія|россия|україна|украина|москва|київ|киев)")
# The word patterns below start with `NOT_WORD`, the character before the word, and run on
# " " + folded text (see `_word_search`): the regex engine skips ahead in C, where a leading
# ``\b`` would make it try every position.
_DIRECTION_BEFORE = re.compile(NOT_WORD + r"(?:towards?|near|in\sthe\sdirection\sof|border\swith)\s(?:the\s)?$")
#: "18% of Ukraine, up from 7% in 2021": a past figure for comparison, not a second claim.
_EARLIER_FIGURE = re.compile(NOT_WORD + r"(?:(?:up|down)\sfrom|compared\s(?:with|to)|against|versus|vs\.?|than)\s$")
_RESTATED = re.compile(r",?\s(?:or|i\.e\.|that\sis|equal\sto|equivalent\sto"
                       r"|an\sarea(?:\s(?:slightly|roughly|about|almost|nearly|just|somewhat|a\sbit))?)\s")
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
_CONTROL_DEMANDED = re.compile(r"(?:\s(?:full|complete|total|effective|the|of|over|on|for|to|take|taking|gain|gaining"
                               r"|establish|establishing|its|their))*\s")
#: What makes "claims that ..." a claim to land: "are part of Russia", "belong to Ukraine", "Russian territory".
_SOVEREIGNTY = re.compile(r"\b(?:part of|belongs? to|integral|its (?:own )?(?:territory|land|soil)|(?:russian|ukrainian)"
                          r" (?:territory|land|soil)|are (?:russian|ukrainian)\b)")
_CONJUNCTION_BEFORE = re.compile(NOT_WORD + r"(?:if|unless|whether|once|until|provided(?:\sthat)?|should)\s$")
_BE_BEFORE = re.compile(NOT_WORD + r"(?:was|were|been|being|is|are|got|get)\s$")
# Modality cues, searched in " " + the folded words before a trigger: each starts with a literal
# space (or the "n't" of "doesn't"), so the regex engine skips ahead in C.
_SAYS_IT_HAS = re.compile(r" (?:claims?|claimed|says?|said|reports?|reported) (?:to(?: have)?|(?:it|they) (?:has|have|had))"
                          r"(?: (?:already|now|fully|completely|entirely|successfully|finally))? $")
_NEGATION = re.compile(r"(?: (?:not|never|no longer|denied|denies|deny|rules? out|ruled out|refus(?:e|es|ed)"
                       r"|failed to|fail to|without|cannot|can't|won't|neither|nor|unable to|reject(?:s|ed|ing)?"
                       r"|lack(?:s|ed|ing)? the (?:means|capacity|strength|forces|resources) to|не|ні|ніколи|никогда)|n't)\b[^.;]{0,40}$")
_CONDITIONAL = re.compile(r" (?:if|unless|would|in exchange|in return|provided that|as part of (?:a|any) (?:deal|agreement)"
                          r"|in any (?:deal|agreement|settlement)|should)\b")
_POSSIBLE = re.compile(r" (?:may|might|could|possibly|perhaps|potentially|willing|ready|open to|room for|(?:un)?likely"
                       r"|consider(?:s|ing)?)\b")
_ATTR_ACCORDING = re.compile(fold_pattern(
    r"\b(?:according\sto|за\sданими|за\sсловами|за\sоцінками|по\sданным|по\sсловам|по\sоценкам|згідно\sз"
    r"|як\sповідомля\w*|как\sсообща\w*)"
    r"\s(?P<who>(?:[^,.;:()\s]|\s(?!-\s)){2,120}?)(?=\s(?:who|which|that|який|яка|які|который|которая)\b|\s-\s|[,.;:()]|$)"))
#: A source named by a pronoun: "according to him", "по его словам", "за його словами".
_ACCORDING_PRONOUN = re.compile(fold_pattern(
    r"\b(?:according\sto\s(?P<en>him|her|them)|по\s(?P<ru>его|ее|её|их)\sсловам|за\s(?P<uk>його|її|їхніми|їх)"
    r"\sсловами)\b"))
#: Sources named by a pronoun, which stand for the last source or actor named before.
_PRONOUN_SPEAKERS = frozenset({"he", "she", "they", "him", "her", "them", "він", "вона", "вони", "його", "її", "їх",
                               "їхніми", "он", "она", "они", "его", "ее", "её", "их"})
_ACCORDING_HINTS = tuple(map(fold, ("according", "за даними", "за словами", "за оцінками", "по данным", "по словам",
                                    "по оценкам", "згідно", "повідомля", "сообща")))
# A literal space first (folded text has no other kind) lets the regex engine skip ahead in C.
_ATTR_VERB = re.compile(fold_pattern(
    r" (?:(?:has|have|had|also|previously|later|earlier|again|reportedly|publicly|repeatedly) )*"
    r"(?:said|says|say|told\s\w+|reported|reports|estimated|estimates|estimate(?=\sthat\s)|claimed|added|noted|stated"
    r"|wrote|assessed|assesses|believes?|confirmed|warn(?:s|ed)?|acknowledged|admitted|conceded|insist(?:s|ed)?(?=\sthat\s)"
    r"|reiterated|reaffirmed"
    r"|заяви(?:в|ла|ли)|повідоми(?:в|ла|ли)|сказа(?:в|ла|ли)|зазначи(?:в|ла|ли)|заяви(?:л|ла|ли)|сообщи(?:л|ла|ли)"
    r"|повідомля(?:є|ють)|заявля(?:є|ють)|зазнача(?:є|ють)|сообща(?:ет|ют)|заявля(?:ет|ют)|отмеча(?:ет|ют)"
    r"|сказа(?:л|ла|ли)|отмети(?:л|ла|ли))\b"))
_ATTR_HINT = re.compile(fold_pattern(r" (?:said|says|say|told|report|estimat|claim|added|noted|stated|wrote|assess|believ"
                                     r"|confirm|warn|acknowledg|admit|conced|insist|reiterat|reaffirm|заяв|повідом|сказа|зазнач|сообщ|отмет)"))
#: "..., said Dmitry Peskov", "повідомили аналітики DeepState": the speaker after the verb.
_SPEAKER_AFTER = re.compile(r"\s(?!(?:that|on|in|at|last|this|earlier|later|yesterday|today|що|что|в|у|на)\b)"
                            r"(?P<who>[^,.;:()\s](?:[^,.;:()]){0,80}?)(?=[,.;:()]|$)")
_ACRONYM_BEFORE = re.compile(r"\s?\([^()\s]{1,12}\)$")
#: Where the words before a verb of saying stop: punctuation, but not the dots of "U.S." or "U.K.".
_ATTR_STOP = re.compile(r"[,;:()“”\"]|(?<!\b\w)\.|\s-\s")
_LEADING = re.compile(r"^(?:(?:and|but|so|also|then|on\s\w+|in\s\w+(?:\s\w+)?|however|although|though|while|whereas"
                      r"|as|because),?\s)+", re.IGNORECASE)
_SUBJECT_END = re.compile(r"\s(?:has|have|had|is|was|are|were|does|did|will|would)\s", re.IGNORECASE)
#: A phrase before "said"/"told" that is not who speaks: "that", "it"; "residents were (told)".
_NOT_A_SPEAKER_END = re.compile(r"\b(?:that|which|it|they|he|she|was|were|been|being|is|are|be)$", re.IGNORECASE)


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
    for m in _TRIGGER_RE.finditer(padded):
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
    # A country named as a sentence's subject ("Russia may", "Ukraine has") acts, whatever its role.
    for m in mentions:
        if m.kind == "country" and m.role == "reference" and (
                _SUBJECT_VERB.match(folded, m.end) or _TRIGGER_RE.match(folded, m.end)):
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
        elif not words and (after := _SPEAKER_AFTER.match(body, m.end())) and len(after.group("who").split()) <= 8:
            # Nothing before the verb but punctuation: the speaker follows it ("..., said Dmitry Peskov").
            lo, hi = sent.start + after.start("who"), sent.start + after.end("who")
            if cleaned := _clean_attr(text[lo:hi]):
                out.append((cleaned, lo, hi))
    return sorted(out, key=lambda c: c[2])


def _named_sources(cites: Sequence[tuple[str, int, int]]) -> list[str]:
    """The sources of *cites* that are named, not pronouns ("he", "according to him")."""
    return [c[0] for c in cites if c[0].lower() not in _PRONOUN_SPEAKERS]


def _cited_for(cites: Sequence[tuple[str, int, int]], t: _Hit) -> tuple[str, int, int] | None:
    before = [c for c in cites if c[2] <= t.start]
    return before[-1] if before else cites[0] if cites else None


def _clean_attr(who: str) -> str | None:
    return who.strip(" \"'“”") or None


def _window(cuts: Sequence[tuple[int, int]], lo: int, hi: int, forward: bool) -> tuple[int, int]:
    """Cut [lo, hi) at the first (forward) or last (backward) clause boundary among *cuts*."""
    inside = [c for c in cuts if lo <= c[0] and c[1] <= hi]
    if not inside:
        return lo, hi
    return (lo, inside[0][0]) if forward else (inside[-1][1], hi)


def _modality(before: str, attribution: str | None, trigger_text: str) -> str:
    near = " " + before[-60:]
    if _SAYS_IT_HAS.search(near):
        return "reported"  # "Russia claims to have captured ...": the actor's own word
    if _NEGATION.search(near):
        return "negated"
    if _CONDITIONAL.search(near):
        return "conditional"
    if (_POSSIBLE.search(near) and _POSSIBLE.search(strip_dates(near))  # "as of 20 May": a date, not modal
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
_SCOPE_THEN = r"(?:\s(?:of|in)\s[^,;:.()]{1,60}?)?"
#: "113,000 sq km of Ukraine, an area about the size of Ohio": the same figure in other terms.
_RESTATED_AFTER = re.compile(_SCOPE_THEN + _RESTATED.pattern)
#: "about a quarter of the Donetsk region -- roughly 6,600 square kilometres": the same after a dash.
_DASH_RESTATED = re.compile(_SCOPE_THEN + r"\s-{1,2}\s(?:or\s|some\s)?")
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
_THE_REGION = re.compile(NOT_WORD + r"the\s(?:region|oblast|province)\b")
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
    pron = next((p for p in reversed(pronouns) if sub_lo <= p[0] and p[1] <= t.start), None)
    if pron:
        if pron[2]:
            # A possessive: "Kyiv says its forces control" -> the speaker; "if Kyiv recognised its
            # annexation" -> the topic of the text so far.
            speaker = bool(earlier) and _SPEECH.match(folded, earlier[-1].end) is not None
            antecedent = earlier[-1] if speaker else ctx.last_actor or (earlier[-1] if earlier else None)
        else:  # a subject pronoun: "... the parts of Kherson it still controls" -> the nearest actor
            antecedent = earlier[-1] if earlier else ctx.last_actor
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
                      and not _front_wide(padded, sent, t, quantity)):
        return list(ctx.scope), "anaphora" if anaphora else "context"
    if quantity is not None and quantity.kind != "percent":
        return ["UA"], "whole"  # a figure with no place: Ukraine's territory
    return [], "none"


#: Participles that may describe a noun: "the occupied territories", "all annexed regions".
_ATTRIBUTIVE = frozenset({"occupied", "annexed", "controlled", "captured", "seized", "held", "claimed", "liberated"})
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


def _front_wide(padded: str, sent: Span, t: _Hit, quantity: Quantity) -> bool:
    """Whether an area that changed hands over a span of time is a tally for the whole front.

    "Since the start of 2024, Russian forces have captured more than 4,000 sq km": with no
    place named, not the region of the sentence before.
    """
    return ((t.relation in ("captured", "lost", "liberated") or t.words == "occupied")
            and quantity.kind in ("area", "comparison") and _TIME_SPAN.search(padded, sent.start, sent.end + 1) is not None)


#: Who occupies land of a country when the text does not say: in these reports, the other side.
_OCCUPIER = {"UA": "RU", "RU": "UA"}


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


def _own_land(regions: Sequence[str], actor: str | None, relation: str) -> bool:
    """Whether *regions* are the *actor*'s own country, which it cannot capture, occupy or annex.

    A figure with no place ("Moscow has gained 2,700 sq km") is then not about the
    regions of the sentence before ("Ukraine holds 1,000 sq km of the Kursk region").
    """
    return relation in ("captured", "occupies", "annexed") and actor is not None and _country_of(regions) == actor


def find_claims(text: str, folded: str, mentions: Sequence[Mention], quantities: Sequence[Quantity],
                skip: Sequence[Span] = ()) -> list[Claim]:
    """Build the claims of a text from its mentions and quantities (see the module's rules).

    Examples
    --------
    >>> import geo
    >>> doc = geo.extract("Russia controls about 70% of the Donetsk region.")
    >>> c = doc.claims[0]
    >>> c.actor, c.relation, c.regions, c.quantity.low, c.quantity.hedge
    ('RU', 'controls', ('UA-14',), 70.0, 'approximate')
    """
    compared = sorted((q.start, q.end) for q in quantities if q.kind == "comparison")
    # The word regexes start with the character before a word; a space in front stands for the
    # text's start. A match in *padded* at [s, e) is the word at [s, e - 1) of the folded text.
    padded = " " + folded
    # A place compared with, or named as a direction ("pushing towards the Dnipropetrovsk region"), is
    # not territory a claim is about.
    places = [m for m in mentions if not _inside(compared, m.start)
              and not (m.role == "territory" and _word_search(_DIRECTION_BEFORE, padded, m.start - 30, m.start))]
    # One pass over the text for each kind of word; each sentence takes its slice.
    # A trigger inside a place's name ("the four annexed regions") is part of the name ("Kyiv-controlled" is not).
    starts = [m.start for m in mentions]  # in order, without overlaps
    hits = [h for h in _hits(padded) if not _in_name(mentions, starts, h)]
    actors = _actors(text, folded, mentions,
                     ((m.start(), m.end() - 1, _ACTOR_OF_TAG[m.lastgroup]) for m in _ACTOR_RE.finditer(padded)))
    pronouns = [(m.start(), m.end() - 1, m.group(1) in ("its", "their", "his")) for m in _PRONOUN_RE.finditer(padded)]
    cuts = [m.span() for m in _BOUNDARY.finditer(folded)]
    place_ends = {m.start: m.end for m in mentions}
    slicers = [_Slicer(rows, key) for rows, key in (
        (places, lambda m: m.start), (actors, lambda a: a.start), (hits, lambda t: t.start),
        (quantities, lambda q: q.start), (pronouns, lambda p: p[0]), (cuts, lambda c: c[0]))]
    claims: list[Claim] = []
    ctx = _Context(scope=[])
    seen: dict[str, int] = {}
    previous: list[Claim] = []  # the claims with figures of the sentence before
    prev_sent = Span(0, 0)
    for sent in split_sentences(text, skip):
        first_claim = len(claims)
        # Work on this sentence's records only, so time stays linear in the text's length.
        local_places, actors, triggers = (sl.within(sent.start, sent.end) for sl in slicers[:3])
        triggers = [t for t in triggers if t.end <= sent.end]
        if triggers:
            local_q, local_pronouns, local_cuts = (sl.within(sent.start, sent.end) for sl in slicers[3:])
            local_cuts = [c for c in local_cuts if c[1] <= sent.end]
            named = list(dict.fromkeys(r for m in local_places if m.role == "territory" for r in m.regions))
        done: set[tuple] = set()
        used: set[int] = set()  # where the figures the sentence's claims took start
        elsewhere = False  # the sentence shares out something that is not land
        speakers: dict[int, str | None] = {}  # trigger index -> who claims it ("Moscow claims that ...")
        evidence = text[sent.start:sent.end]  # one string for all the sentence's claims
        cites = _attributions(text, folded, sent) if triggers else []
        actor_before = ctx.last_actor
        if cites:  # "officials in Kyiv said": a place inside an attribution is not a region
            local_places = [m for m in local_places if not any(c[1] <= m.start < c[2] for c in cites)]
        demanded = False
        # "... parts of territory it holds": a relative clause right before a trigger.
        relatives = [_word_search(_RELATIVE_BEFORE, padded, max(sent.start, t.start - 40), t.start) for t in triggers]
        modifiers = [_is_modifier(padded, t) for t in triggers]
        # Where each trigger's object may run to: the next trigger that is not a modifier (for a demand,
        # not an act demanded either). Filled from the end, so a long sentence stays linear.
        # "demands full control of", "is seeking control of": the control is what is demanded.
        demanded_control = [i > 0 and t.words == "control" and triggers[i - 1].relation == "demands"
                             and _CONTROL_DEMANDED.fullmatch(folded, triggers[i - 1].end, t.start) is not None
                             for i, t in enumerate(triggers)]
        after_plain, after_demand = [sent.end] * len(triggers), [sent.end] * len(triggers)
        for j in range(len(triggers) - 2, -1, -1):
            u = triggers[j + 1]
            after_plain[j] = after_plain[j + 1] if modifiers[j + 1] else u.start
            after_demand[j] = (after_demand[j + 1] if modifiers[j + 1] or demanded_control[j + 1]
                               or u.relation in ("lost", "may_withdraw") else u.start)
        for i, t in enumerate(triggers):
            relation = t.relation
            if relation in ("may_withdraw", "lost") and demanded:
                continue  # "demands that Ukraine withdraw from / cede ...": one demand, not a withdrawal
            if relation == "demands" and demanded and _word_search(_ARTICLE_BEFORE, padded, t.start - 8, t.start):
                continue  # "..., a demand that would require ...": the same demand again
            demanded = demanded or relation == "demands"
            # The object runs to the next trigger, over participles that only describe it ("withdraw
            # from all occupied Ukrainian territory").
            # A demand's object runs over the acts demanded: "wants Ukraine to cede all of Donbas",
            # "demanded that Ukraine abandon its bid to join NATO and withdraw its troops from ...".
            nxt = (after_demand if relation == "demands" else after_plain)[i]
            if i + 1 < len(triggers) and relatives[i + 1]:
                nxt = sent.end  # "... parts of territory it holds in X": the relative clause is the object
            obj_lo, obj_hi = _window(local_cuts, t.end, nxt, forward=True)
            sub_lo, _ = _window(local_cuts, triggers[i - 1].end if i else sent.start, t.start, forward=False)
            words = t.words
            # Passive, or "under Russian control": the territory and figure come before, the side after.
            passive = (words.split()[0] in _PARTICIPLES and _BY_AFTER.match(folded, t.end, t.end + 40) is not None
                       or words in _UNDER_CONTROL or t.under is not None and words.startswith(("under ", "in "))
                       # "Курской области, занятой ВСУ": a participle, its agent right after it
                       or _PASSIVE_PARTICIPLE.fullmatch(words) is not None
                       and any(t.end < a.start <= t.end + 2 for a in actors))

            actor = _resolve_actor(folded, padded, text, t, actors, local_pronouns, local_places, sent, sub_lo, obj_hi, passive, ctx)
            actor_code = actor.code if actor else None
            if relation == "claims" and folded.startswith(" that ", t.end):
                if i + 1 < len(triggers) and _window(
                        local_cuts, t.end, triggers[i + 1].start, forward=True)[1] == triggers[i + 1].start:
                    # "Moscow claims that its troops control ...": a verb of saying, and the claim it
                    # introduces is the speaker's.
                    speakers[i + 1] = actor.text if actor else None
                    continue
                if not _SOVEREIGNTY.search(folded, obj_lo, obj_hi):
                    continue  # "claimed that Moscow's forces had encircled ...": said, not a claim to land
                # "Moscow claims that the four regions are fully part of Russia": a claim to land
            if relation == "claims" and words.startswith("claim") and _word_search(
                    _ARTICLE_BEFORE, padded, t.start - 8, t.start):
                continue  # "..., a claim Moscow rejected": the noun
            # The words that named the actor ("під контролем Києва") are not a place the claim is about.
            claim_places = [m for m in local_places if not (actor and m.start == actor.start)]
            quantity = _pick_quantity(folded, padded, local_q, sub_lo, t, obj_lo, obj_hi, passive, claim_places, used)
            if quantity is not None and _share_of_something_else(folded, quantity, place_ends, starts):
                elsewhere = True
                continue  # "Poland controls 40% of the transit market": not land
            regions, how = _resolve_regions(folded, padded, t, claim_places, quantity, actor_code, sent, sub_lo,
                                            obj_lo, obj_hi, passive, ctx, named)
            if elsewhere and how in ("anaphora", "context"):
                continue  # "..., while Ukraine holds the rest": the rest of that, not of land
            if not regions:
                continue  # nothing ties it to territory
            if relation == "occupies" and modifiers[i] and "-" not in words:
                # "the occupied east", "occupied territories": the side that is not the land's own, whoever
                # the sentence is about ("Ukraine was ready to discuss the status of the occupied territories")
                actor, actor_code = None, _OCCUPIER.get(_country_of(regions))
            elif (not passive and words.split()[0] in _PARTICIPLES and relation != "holds"
                  and _word_search(_BE_BEFORE, padded, max(sent.start, t.start - 12), t.start)):
                # "Most of the Kherson region was liberated in November 2022": no agent named, so not the
                # actor of the sentence before; land is liberated or lost by its own country, taken by the other.
                country = _country_of(regions)
                actor = None
                actor_code = (None if country not in _OCCUPIER else country if relation in ("liberated", "lost")
                              else _OCCUPIER[country])

            # Modality from the trigger's own clause; a relative clause ("it holds") starts afresh.
            rel = relatives[i]
            # A relative clause ("the territory Russia holds") starts afresh, but not a clause after "if":
            # "If Ukraine withdrew from Donetsk, ..." stays conditional.
            clause_start = rel.start() if rel and not _word_search(
                _CONJUNCTION_BEFORE, padded, max(sent.start, rel.start() - 12), rel.start()) else sent.start
            # A participle describing a noun ("lacked the means to retake the occupied east") states a fact
            # whatever the clause around it says.
            before_text = "" if modifiers[i] else folded[clause_start:t.start]
            if _word_search(_RECOGNISE_BEFORE, padded, max(clause_start, t.start - 40), t.start):
                if relation in ("controls", "holds", "occupies"):
                    continue  # "will not recognise any Russian control of ...": about recognition, not holding
                # "does not recognize Russia's annexation of ...": the annexation is Russia's, whatever is recognised
                before_text = ""
            if modifiers[i]:
                attribution = None  # a participle describing a noun ("the occupied east"): the reporter's words
            else:
                cited = _cited_for(cites, t)
                attribution = cited[0] if cited else speakers.get(i)
            if attribution and attribution.lower() in _PRONOUN_SPEAKERS:
                # "He said", "По его словам": the source of the sentence before, or the last one named, or
                # else the actor the text was last about
                before = _named_sources(_attributions(text, folded, prev_sent))
                attribution = (before[-1] if before else ctx.last_source
                               or (actor_before.text if actor_before else None) or attribution)
            if words == "control" and (demanded_control[i] or _word_search(
                    _GOAL_BEFORE, padded, max(clause_start, t.start - 60), t.start)):
                relation = "demands"  # "until Russia achieved its goals, including full control of the Donetsk region"
            modality = _modality(before_text, attribution, words)
            if relation == "occupies" and words == "occupied" and quantity is not None and _front_wide(
                    padded, sent, t, quantity):
                relation = "captured"  # "occupied 235 square kilometres in the past week": a gain, not a holding
            if relation == "controls" and words.startswith("claim") and modality == "asserted":
                modality = "reported"  # "both sides claim control of": their word
            if relation == "may_withdraw" and modality in ("asserted", "reported") and words.startswith(
                    ("withdrew", "pulled", "retreated", "handed", "gave", "abandoned", *_WITHDREW)):
                relation = "withdrew"
            if relation == "liberated" and words.startswith(("push", "drove", "driven")):
                if _word_search(_BE_BEFORE, padded, max(sent.start, t.start - 12), t.start):
                    relation = "lost"  # "Kyiv's troops were pushed back from ...": the subject lost ground
                elif actor_code == "RU":
                    relation = "captured"  # Russian forces pushing Ukrainian troops back take ground
            if relation == "liberated" and actor_code in _OCCUPIER and _country_of(regions) == _OCCUPIER[actor_code]:
                # Moscow "liberates" Ukrainian villages: the other side's land is taken, whatever the word.
                relation = "captured"
            # "almost all of Luhansk and about two-thirds of Donetsk": one claim per figure and place.
            # "some 113,000 sq km, or about 18.7% of Ukraine": the same claim, said twice.
            pairs = [(quantity, regions, how)]
            if quantity is not None:
                pairs += [(q2, r2, "explicit") for q2 in local_q
                          if obj_lo <= q2.start < obj_hi and q2.start >= quantity.end
                          and (how == "explicit" or _RESTATED.fullmatch(folded, quantity.end, q2.start))
                          and not _word_search(_EARLIER_FIGURE, padded, q2.start - 20, q2.start)
                          and (r2 := _scope_of(folded, local_places, q2, actor_code) or (
                              regions if _RESTATED_AFTER.fullmatch(folded, quantity.end, q2.start) else []))]
                # "about a quarter of the Donetsk region -- roughly 6,600 square kilometres --": said twice
                pairs += [(q2, regions, how) for q2 in local_q[local_q.index(quantity) + 1:][:1]
                          if q2.kind != quantity.kind and _DASH_RESTATED.fullmatch(folded, quantity.end, q2.start)]
                if each := _RESPECTIVELY.search(folded, quantity.end, sent.end):
                    # "about 99% and 70% of the Luhansk and Donetsk regions respectively": figure by figure
                    figures = [q2 for q2 in local_q if quantity.start <= q2.start < each.start() and q2.kind == quantity.kind]
                    units = [m.regions for m in claim_places
                             if m.role == "territory" and figures[-1].end <= m.start < obj_hi][:len(figures)]
                    if len(figures) == len(units) > 1:
                        pairs = [(q2, list(r2), "explicit") for q2, r2 in zip(figures, units)] + [
                            p for p in pairs if p[0].start > each.start()]
            trigger_text = text[t.start:t.end]
            for q, regs, scope in pairs:
                key = (relation, actor_code, tuple(regs)) + ((q.start,) if q is not quantity else ())
                if key in done:
                    continue  # "Moscow's demands ... pushes for": one claim
                done.add(key)
                cid = _unique_id(_claim_id(relation, actor_code, regs, q, words, evidence), seen)
                claims.append(Claim(
                    id=cid, actor=actor_code, actor_text=actor.text if actor else None, relation=relation,
                    regions=tuple(regs), quantity=q, modality=modality, attribution=attribution,
                    sentence=sent, evidence=evidence, trigger=Trigger(t.start, t.end, trigger_text),
                    scope=scope, part=_part_of(folded, q),
                ))
                if q is not None:
                    used.add(q.start)
            if actor is not None:
                ctx.last_actor = actor
        if previous and not triggers:
            # "Moscow occupies just under a fifth of Ukraine. That is roughly 116,000 sq km.": the claim again
            said = _RESTATEMENT.match(folded, sent.start)
            local_q = slicers[3].within(sent.start, sent.end)
            if said and local_q and local_q[0].start == said.end():
                base, q = previous[-1], local_q[0]
                regs = _scope_of(folded, local_places, q, base.actor)
                trigger = Trigger(said.start(), said.end() - 1, text[said.start():said.end() - 1])
                cid = _unique_id(_claim_id(base.relation, base.actor, regs or base.regions, q, trigger.text, evidence), seen)
                claims.append(dataclasses.replace(
                    base, id=cid, regions=tuple(regs or base.regions),
                    quantity=q, sentence=sent, evidence=evidence, trigger=trigger,
                    scope="explicit" if regs else "anaphora", part=_part_of(folded, q)))
        previous = [c for c in claims[first_claim:] if c.quantity is not None]
        ctx.last_source = (_named_sources(cites) or [ctx.last_source])[-1]
        prev_sent = sent
        if actors and not (triggers and ctx.last_actor):
            ctx.last_actor = actors[-1]
        sentence_regions = [r for m in local_places if m.role == "territory" for r in m.regions]
        if sentence_regions:
            ctx.scope = list(dict.fromkeys(sentence_regions))
    return claims


class _Slicer:
    """The rows of a sorted list whose key falls in a range, found by bisection."""

    def __init__(self, rows: Sequence, key) -> None:
        self.rows = rows
        self.keys = [key(r) for r in rows]

    def within(self, lo: int, hi: int) -> Sequence:
        return self.rows[bisect.bisect_left(self.keys, lo):bisect.bisect_left(self.keys, hi)]
