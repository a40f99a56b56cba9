"""Places named in news text: oblasts, groups, countries, comparison places and actors.

Every record keeps ``start``/``end`` offsets into the decoded text, so
``text[start:end] == mention.text`` always holds. This module imports no
geospatial library.
"""

from __future__ import annotations

import bisect
import functools
from geo import _re as re
from dataclasses import asdict, dataclass

from geo import lexicon
from geo._text import find_near, fold, fold_pattern
from geo.lexicon import verb_forms
from geo.gazetteer import Gazetteer, Region

__all__ = ["Span", "Mention", "find_mentions", "furniture_spans", "ROLES"]

#: How a place is used in a sentence.
ROLES = ("territory", "actor", "reference")

# --- records ------------------------------------------------------------------------

@dataclass(slots=True)  # not frozen: frozen records take four times as long to build
class Span:
    """A character range of the decoded text: ``text[start:end]``."""

    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """A place named in the text.

    Attributes
    ----------
    start, end : int
        Offsets into the decoded text; ``text[start:end] == mention.text``.
    text : str
        The words as written ("Zaporozhye region", "Kiev").
    region : str or None
        Gazetteer code of a single place; None for groups and institutions.
    role : {"territory", "actor", "reference"}
        A place to draw, a government speaking or acting, or a place the text
        compares or refers to (another country, a US state).
    group : str or None
        Gazetteer code of a group ("DONBAS", "FOUR-ANNEXED", "CRIMEA").
    regions : tuple of str
        First-level units meant (a group's members; the unit itself).
    kind : str
        Gazetteer kind of the entry ("admin1", "group", "country", ...).
    actor : str or None
        For an actor, the government meant ("UA", "RU", "US").
    name : str
        English name of the entry.
    """

    start: int
    end: int
    text: str
    region: str | None
    role: str
    group: str | None
    regions: tuple[str, ...]
    kind: str
    actor: str | None
    name: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["regions"] = list(self.regions)
        return d


# --- page furniture -----------------------------------------------------------------

_FURNITURE = re.compile(
    r"""^(?:
        continues?\s+(?:after|below)\s+(?:the\s+)?(?:advertis\w*|ad)
      | (?:also|read)\s+(?:read|more|also)\b.*
      | (?:related|see\s+also|more\s+on\s+this(?:\s+story)?|recommended|most\s+read|trending|top\s+stories)\s*:?.{0,200}
      | advertisement | advertising | sponsored(?:\s+content)? | ad | promoted
      | (?:subscribe|sign\s+up|register|log\s*in|newsletter)\b.{0,120}
      | share(?:\s+this(?:\s+article|\s+story)?|\s+on\b.{0,40})
      | (?:follow\s+us|click\s+here|tap\s+here|download\s+(?:our|the)\s+app)\b.{0,80}
      | (?:©|\(c\)|copyright\b).{0,160}
      | all\s+rights\s+reserved\.?
      | (?:free\s+access|premium|exclusive\s+content|breaking(?:\s+news)?|live(?:\s+updates)?)
      | (?:photo|image|video|file\s+photo|picture)\s*:.{0,300}
      | (?:reporting|writing|editing|additional\s+reporting|compiled)\s+by\b.{0,300}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def _is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if _FURNITURE.match(stripped):
        return True
    # Short navigation labels in capitals ("BONDS PORTFOLIO", "MOST READ").
    words = stripped.split()
    return (
        len(words) <= 5
        and any(c.isalpha() for c in stripped)
        and stripped.upper() == stripped
        and not any(c.isdigit() for c in stripped)
        and stripped[-1] not in ".!?\"”»"
    )


def furniture_spans(text: str) -> list["Span"]:
    """Lines of page furniture ("Continues after advertising", "Also read:", nav labels).

    >>> [text[s.start:s.end] for text in ["Kyiv\\nAlso read:\\nFREE ACCESS\\n"] for s in furniture_spans(text)]
    ['Also read:', 'FREE ACCESS']
    """
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if _is_furniture(m.group()):
            lead = len(m.group()) - len(m.group().lstrip())
            spans.append(Span(m.start() + lead, m.start() + len(m.group().rstrip())))
    return spans


# --- metonymy: is a place name used for its government? --------------------------

_LEX = lexicon.default()
#: Verbs a government is the subject of ("Moscow wants"); the lexicon adds its triggers and verbs of
#: saying (``subject`` rows), so a new trigger verb needs no entry here.
_VERBS = {form for lemma in (
    "accept accuse agree aim appear ask attack back blame block call combine comment complain condemn consider "
    "continue count decide declare deny deploy describe destroy dismiss drop echo end ensure expect fear fire "
    "hope ignore intend invade join launch mobilize mobilise move need object offer oppose order plan pledge "
    "point press propose protest rearm receive recognize recognise refuse reject remain repeat reply request "
    "respond rule send shell sign signal stop strike suggest support target threaten try urge use view vow "
    "welcome trade freeze cross enter encircle surround lay dispute lack").split() for form in verb_forms(lemma)} | set(
    "struck fought fights laid saw sees won wins made makes sent began begins brought began thinks thought knows knew "
    "is was are were has have had does did do will would may might can could should must shall cannot "
    "won't can't wouldn't didn't doesn't isn't wasn't hasn't hadn't".split()
) | _LEX.subject_words

_ADVERBS = set(
    "also still now reportedly allegedly already repeatedly officially publicly previously again not never "
    "long quickly recently itself too then however apparently clearly initially first later".split()
) | set(map(fold, "не ні вже уже також также ще еще досі нині ныне сейчас зараз".split()))
_INSTITUTIONS = set(
    "government authorities officials forces troops army military leadership leader leaders president "
    "prime foreign defence defense ministry minister ministers envoy envoys delegation negotiators "
    "position demands demand ambitions intentions plans stance offer proposal response side command "
    "general generals diplomats diplomat intelligence administration parliament spokesman spokeswoman "
    "spokesperson security officers incursion offensive counteroffensive counter-offensive operation "
    "commander commanders chief chiefs".split()
)
#: Ukrainian and Russian verbs a government is the subject of, by their stems (folded):
#: "Москва заявила", "Київ вимагає", "Россия контролирует".
_CYRILLIC_VERBS = tuple(map(fold, (
    "настаива", "визна", "призна", "погоди", "соглас", "відкида", "отверга", "намага", "пытает", "хоче", "хочет",
    "плану", "планиру", "наполяг", "наступа", "атаку", "вважа", "счита", "намер",
    "мож", "змож", "смож", "мог", "готов", "долж", "повин", "обяза", "зобов", "має", "мусить", "мусят", "вынужд",
    "змуш"))) + _LEX.subject_stems  # "Україна може вивести", "Москва готова", "Киев должен вывести"
#: A place name joined to these stands for its government: "Moscow-installed", "Kyiv-controlled".
_GOVERNMENT_COMPOUNDS = tuple("-" + w for w in (
    "installed", "appointed", "backed", "controlled", "occupied", "held", "annexed", "led", "allied", "friendly",
    "imposed", "run", "sponsored", "supported"))
#: Nouns of a reaction "from" a government: "criticism from Kyiv", "pressure from Moscow".
_REACTIONS = frozenset("criticism condemnation praise protest protests response reaction reactions warning warnings "
                       "pressure objections opposition support backing approval".split())
_PLACE_PREPS = set(
    "in into of from to toward towards near around across inside within throughout outside over "
    "on onto at between through about beyond along against for under".split()
)
_CAUSATIVE = set(
    "allow allowed allows let lets urge urged urges help helped helps force forced forces push pushed "
    "pushes press pressed pressing persuade persuaded convince convinced want wants wanted ask asked "
    "asks tell told tells warn warned warns expect expected expects enable enabled".split()
)
_WORD = re.compile(r"[\w']+")
#: Place names that are also given names: "Vladimir Putin", "Virginia Woolf".
_GIVEN_NAMES = frozenset("vladimir virginia georgia victoria jordan kirov florida carolina dakota".split())
#: Capitalised words that make a place name part of another proper noun.
_NAME_CONTINUATIONS = frozenset(
    "post times independent journal herald today pravda truth telegraph daily insider tribune review "
    "gazette institute university airport dynamo shakhtar zorya metalist express news agency".split()
)


#: A facility named for a place: "the Zaporizhzhia nuclear power plant", "the Crimea bridge".
_FACILITY = re.compile(r" (?:nuclear )?(?:power (?:plant|station)|nuclear plant|npp|airport|dam|hydroelectric|refinery"
                       r"|bridge|stadium|university)\b")
_NEXT_CAPITALISED = re.compile(r" ([A-ZА-ЯІЇЄҐ][\w'’-]*)")
_POSSESSIVE = re.compile(r"'s?\b\s*|s'\s*")
_CLOSES = re.compile(r"\s*[.,;:!?)\]]")


def _is_part_of_name(text: str, folded: str, start: int, end: int) -> bool:
    """True for "Vladimir Putin", "Kyiv Independent", "Moscow Times", "Zaporizhzhia nuclear power plant": not places."""
    if _FACILITY.match(folded, end):
        return True
    m = _NEXT_CAPITALISED.match(text, end, end + 40)
    if not m:
        return False
    return folded[start:end] in _GIVEN_NAMES or fold(m.group(1)) in _NAME_CONTINUATIONS


#: A share right before a name in the genitive: the name is whose land the share is ("20% Украины", "пятая часть
#: Украины оккупирована", "третина України"), not a government acting.
_SHARE_BEFORE = re.compile(fold_pattern(
    r"(?:%|(?<!\w)(?:відсот\w*|процент\w*|част\w*|трет\w*|чверт\w*|четверт\w*|половин\w*|територ\w*|территор\w*))\s$"))


def _is_agentive(folded: str, start: int, end: int) -> bool:
    """True when the name at ``folded[start:end]`` stands for a government ("Kiev says").

    >>> _is_agentive(fold("Россия оккупировала Крым"), 0, 6)
    True
    >>> _is_agentive(fold("Почти пятая часть Украины оккупирована"), 18, 25)
    False
    """
    stop = end + 80  # look at most this far ahead
    if _SHARE_BEFORE.search(folded, max(0, start - 16), start):
        return False
    if folded.startswith(_GOVERNMENT_COMPOUNDS, end):  # "Moscow-installed authorities", "Kyiv-controlled areas"
        return True
    poss = _POSSESSIVE.match(folded, end, stop)
    if poss:
        following = _WORD.findall(folded, poss.end(), stop)[:2]
        return any(w in _INSTITUTIONS for w in following)
    before = _WORD.findall(folded, max(0, start - 40), start)
    last = before[-1] if before else ""
    if last == "by" or before[-2:] == ["according", "to"] or last == "from" and before[-2:-1] and before[-2] in _REACTIONS:
        return True  # "drew criticism from Kyiv": the government reacts
    nxt = _WORD.findall(folded, end, stop)
    if last in _CAUSATIVE and nxt[:1] == ["to"]:
        return True
    if last in _PLACE_PREPS:
        return False
    if _CLOSES.match(folded, end, stop):
        return False
    if nxt[:1] and nxt[0] in _INSTITUTIONS:  # "U.S. generals", "Ukraine government"
        return True
    for word in nxt[:4]:
        if word in _ADVERBS or len(word) > 4 and word.endswith("ly"):  # "Russia currently occupies"
            continue
        return word in _VERBS or word.startswith(_CYRILLIC_VERBS)
    return False


_TERRITORY_ALIAS = re.compile(r"(?:territor|land|soil|земл|територ|территор)\w*$")
_DATELINE_AFTER = re.compile(r"(?:,[^\n,]{1,30})?(?:,?\s\((?:Reuters|AP|AFP|Bloomberg|dpa|UNIAN|Ukrinform|[A-Z]{2,8})\))?"
                             r"\s*(?:,\s*\w[^\n]{0,25})?\s[-–—]{1,2}\s")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """True for the place a report was filed from: "KYIV, Dec 2 -", "MOSCOW (Reuters) -"."""
    name = text[start:end]
    if not (name.isupper() and len(name) > 2):
        return False
    before = start  # only spaces may stand between the line's start and the name
    while before and text[before - 1] in " \t\r\f\v":
        before -= 1
    return (before == 0 or text[before - 1] == "\n") and _DATELINE_AFTER.match(text, end, end + 60) is not None


#: Capitals that are regions of their own (Kyiv city, Moscow, St Petersburg): a government, a venue or a
#: target, never land whose control a report states ("talks in Moscow", "a forum in St Petersburg").
CAPITAL_CITIES = frozenset({"UA-30", "RU-MOW", "RU-SPE"})
#: Ukrainian and Russian names of a city that its oblast is named after, in the city's own forms (the oblast
#: is "Харківська область", "Харківщина"): "атакували Харків", "у Херсоні", "обстреляли Белгород".
_CITY_FORMS = frozenset(map(fold, (
    "харків харкові харкова харкову харьков харькове харькова харькову запоріжжя запоріжжі запоріжжю "
    "запорожье запорожья запорожью херсон херсоні херсона херсону херсоне белгород белгороде белгорода "
    "бєлгород бєлгороді бєлгорода суми сумах сумы донецьк донецьку донецька донецк донецке донецка "
    "луганськ луганську луганск луганске луганска курськ курську курск курске курска миколаїв миколаєві "
    "миколаєва николаев николаеве николаева одеса одесі одеси одесса одессе одессы чернігів чернігові "
    "чернігова чернигов чернигове чернигова брянськ брянск брянске брянска").split()))
#: "на Запоріжжі", "на Харьковщине": the region, colloquially.
_ON_BEFORE = re.compile(r"(?<!\w)на\s$")
#: Words before a city named like its oblast: "the regional capitals of Zaporizhzhia and Kharkiv",
#: "the cities of A and B", "The regional capital, Sumy,", "Обласний центр Запоріжжя", "город Херсон".
_CITY_BEFORE = re.compile(fold_pattern(
    r"(?<!\w)(?:(?:regional\s)?capitals?|cit(?:y|ies)|towns?|обласн\w*\sцентр\w*|областн\w*\sцентр\w*|міст[оаі]|город[аеу]?)"
    r"(?:\sof)?,?\s(?:[\w'-]+(?:,\s|\sand\s|\s(?:і|и|та)\s))*$"))


#: A city named like its oblast as the target or home of people and things: "missiles struck Zaporizhzhia",
#: "residents of Kherson", "an attack on Kharkiv" (a region is named with its designator: "the Kharkiv region").
_TARGET_BEFORE = re.compile(
    r"(?<!\w)(?:struck|strikes?\s(?:on|in)|hit|attack(?:ed|s)?(?:\s(?:on|in))?|shell(?:ed|ing)(?:\sof)?|bomb(?:ed|ing)"
    r"(?:\sof)?|target(?:ed|ing)|explosions?\s(?:in|rocked)|blasts?\s(?:in|rocked)|residents?\sof|mayor\sof"
    r"|people\sin|civilians\sin|streets\sof|evacuat\w+\sfrom)\s(?:the\s)?$")
#: After such a name: "Kharkiv, Ukraine's second-largest city", "Odesa's port", "Kherson city".
_CITY_AFTER = re.compile(
    r"(?:'s\s(?:port|mayor|residents|airport|centre|center|streets|outskirts|suburbs|power|energy|railway|station"
    r"|hospitals?|city)|,\s(?:ukraine's\s|russia's\s|the\s|a\s)?(?:\w+-?\w*\s){0,2}city\b|\scity\b"
    r"|,\sthe\s(?:regional|provincial)\scapital)")
#: Where an event takes place, before a city's name: "at a forum in Kharkiv", "speaking in Odesa", "на форумі в
#: Одесі", "на брифинге в Ростове" (a venue, not land whose control is reported).
_VENUE_BEFORE = re.compile(fold_pattern(
    r"(?<!\w)(?:forum|summit|conference|briefing|meeting|talks|rally|ceremony|congress|session|speech|event|visit"
    r"|speaking|spoke|addressing|форум\w*|саміт\w*|саммит\w*|конференці\w*|конференци\w*|брифінг\w*|брифинг\w*"
    r"|зустріч\w*|встреч\w*|переговор\w*|засіданн\w*|заседани\w*|виступ\w*|выступ\w*|візит\w*|визит\w*)"
    r"(?:\s[\w'-]+){0,3}?\s(?:in|at|в|у|во|на)\s(?:the\s)?$"))


def _is_city(entry: Region, folded: str, start: int, end: int) -> bool:
    """True when an oblast's name stands for its city (or a capital for itself), not for the region's land."""
    if entry.code in CAPITAL_CITIES:
        return True
    if entry.kind != "admin1":
        return False
    if _CITY_BEFORE.search(folded, max(0, start - 80), start):
        return True
    # a target, a home or a venue named by the city, not the region ("a meeting in the Kharkiv region" is land)
    if not _DESIGNATOR.search(folded, start, end + 12) and (_TARGET_BEFORE.search(folded, max(0, start - 40), start)
                                                or _CITY_AFTER.match(folded, end)
                                                or _VENUE_BEFORE.search(folded, max(0, start - 60), start)):
        return True
    return folded[start:end] in _CITY_FORMS and not _ON_BEFORE.search(folded, max(0, start - 4), start)


#: A place a size is compared with ("an area the size of the Kharkiv region", "размером с Харьковскую
#: область"): a measure, not land the text is about.
_SIZE_BEFORE = re.compile(fold_pattern(
    r"(?<!\w)(?:the\ssize\sof|as\s(?:big|large)\sas|(?:larger|bigger|smaller)\sthan|comparable\s(?:in\ssize\s)?to"
    r"|розміром\sз|размером\sс|площею\sз|площадью\sс|сопоставим\w*\sс|порівнянн\w*\sз)\s(?:the\s)?$"))


def _role(entry: Region, folded: str, start: int, end: int) -> tuple[str, str | None]:
    """The mention's role and, for an actor, the government it stands for."""
    if entry.kind == "institution":
        return "actor", entry.actor
    if entry.kind in ("admin1", "group"):
        if entry.actor and _is_agentive(folded, start, end):
            return "actor", entry.actor
        if _SIZE_BEFORE.search(folded, max(0, start - 30), start):
            return "reference", None
        return ("reference" if _is_city(entry, folded, start, end) else "territory"), None
    if entry.kind in ("country", "capital") and _is_agentive(folded, start, end):
        return "actor", entry.actor
    return "reference", None


# --- groups written as counted regions ("the four annexed regions") ---------------

_FOUR = re.compile(
    fold_pattern(r"""(?=[f4ч])(?<!\w)(?:four|4)\s+
        (?:(?:partially|illegally|newly|formerly|russian|ukrainian|occupied|annexed|eastern|southern|
             south-?eastern|contested|disputed|new|russian-(?:annexed|occupied|claimed)|key|frontline|
             front-line|ukrainian-held)[\s,]+(?:and\s+)?){0,4}
        (?:regions|oblasts|provinces|territories)(?!\w)
      # "four other regions in the east and south": the annexed four, told apart by where they lie
      | (?<!\w)(?:four|4)\s+other\s+(?:regions|oblasts|provinces)
        (?=\s+in\s+the\s+(?:south-?east|east|south)\w*(?:\s+and\s+(?:the\s+)?(?:south|east)\w*)?(?!\w))
      | (?<!\w)(?:чотири|чотирьох|четыре|четырех)\s+(?:\w+\s+){0,2}(?:області|областей|регіони|регіонів|области|регионов|региона)(?!\w)
    """),
    re.IGNORECASE | re.VERBOSE,
)
#: Four regions that are not the annexed four: "four northern regions", "чотири області на півночі країни",
#: "four regions - Kyiv, Chernihiv, Sumy and Zhytomyr" (a list names them; its names are read one by one).
_OTHER_FOUR = re.compile(fold_pattern(r"(?<!\w)(?:north\w*|west\w*|central|північн\w*|західн\w*|центральн\w*|северн\w*"
                                      r"|западн\w*|liberated|звільнен\w*|освобожден\w*)(?!\w)"))
_OTHER_FOUR_AFTER = re.compile(fold_pattern(r"\s?(?:-|:|на\s(?:півночі|заході|севере|западе)|in\sthe\s(?:north|west|cent))"))
_DESIGNATOR = re.compile(
    fold_pattern(r"[ \t]+(?:region|oblast'?|province|krai|kray|область|області|областi|областю|области|обл\.|край|краю|краї"
                 r"|крае)(?!\w)"),
    re.IGNORECASE,
)


#: A list of regions around a city named like its oblast: "four northern regions - Kyiv, Chernihiv, ...", "the
#: regions of Kyiv and Sumy" (before it), "the Kyiv, Chernihiv and Sumy regions" (after it).
_REGIONS_BEFORE = re.compile(r"(?:regions|oblasts|provinces)(?:\s(?:in\sthe\s\w+|of\sthe\s\w+))?"
                             r"(?:\s?[-:,]|\s(?:of|including|namely))\s$")
_REGIONS_AFTER = re.compile(r"(?:(?:,|\sand|,\sand)\s[a-z'-]+(?:\s[a-z'-]+)?){1,6}\s(?:regions|oblasts|provinces)\b")


@functools.lru_cache(maxsize=8)
def _oblast_of_city(gaz: Gazetteer) -> dict[str, Region]:
    """Cities that are first-level units with an oblast of their name ("Kyiv" -> Kyiv Oblast); once a gazetteer."""
    by_name = {e.name_en: e for e in gaz.regions()}
    return {e.code: by_name[e.name_en + " Oblast"] for e in by_name.values() if e.name_en + " Oblast" in by_name}


def _in_region_list(folded: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) is an item of a list of regions (so a city there is its oblast)."""
    return (_REGIONS_BEFORE.search(folded, max(0, start - 40), start) is not None
            or _REGIONS_AFTER.match(folded, end, end + 120) is not None)


def _in_skipped(skip: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint *skip* ranges."""
    if not skip:
        return False
    i = bisect.bisect_right(skip, (start, float("inf"))) - 1
    return any(s < end and start < e for s, e in skip[max(i, 0):i + 2])


def find_mentions(text: str, folded: str, gaz: Gazetteer, skip: list[tuple[int, int]]) -> list[Mention]:
    found: list[tuple[int, int, Region]] = []
    four, oblast_of = gaz["FOUR-ANNEXED"], _oblast_of_city(gaz)
    for m in find_near(_FOUR, folded, ("four", "4", "чотир", "четыр"), 0, 120):
        if not _OTHER_FOUR.search(m.group()) and not _OTHER_FOUR_AFTER.match(folded, m.end()):
            found.append((m.start(), m.end(), four))
    for start, end, code in gaz.matcher.finditer(text, folded):
        if _is_part_of_name(text, folded, start, end):
            continue
        entry = gaz[code]
        if entry.kind in ("admin1", "group") and not entry.actor:
            d = _DESIGNATOR.match(folded, end)
            end = d.end() if d else end
        found.append((start, end, entry))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[Mention] = []
    last_end = 0
    for start, end, entry in found:
        # Sorted by start, so a candidate can only overlap the last one kept.
        if start < last_end or _in_skipped(skip, start, end):
            continue
        last_end = end
        if entry.code in oblast_of and _in_region_list(folded, start, end):
            entry = oblast_of[entry.code]  # "four northern regions - Kyiv, Chernihiv, ...": Kyiv Oblast
        if _is_dateline(text, start, end) or _TERRITORY_ALIAS.search(folded, start, end):
            role, actor = "reference", None  # "KYIV, Dec 2 -"; "Ukrainian territory" is land, never a government
        else:
            role, actor = _role(entry, folded, start, end)
        group = entry.code if entry.kind == "group" else None
        # A country stands for itself ("UA"), not for the list of all its units.
        regions = () if entry.kind == "institution" else (entry.code,) if entry.kind == "country" else entry.members
        out.append(Mention(
            start=start, end=end, text=text[start:end],
            region=None if group or entry.kind == "institution" else entry.code,
            role=role, group=group, regions=regions, kind=entry.kind, actor=actor, name=entry.name_en,
        ))
    return out


