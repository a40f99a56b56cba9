"""Claims in wordings the fresh set of issue 15 showed were missed (`tests/gold/fresh/`).

Each case is a sentence of our own (not a fresh passage's words) and every claim an analyst
would write down from it, in the form of `tests/gold/sentences.json` (`tests.gold_report.matches`).
"""

from __future__ import annotations

import pytest

import geo
from tests.gold_report import matches


def _claim(actor, relation, regions, low=None, high=None, unit="%", **more) -> dict:
    want = {"actor": actor, "relation": relation, "regions": regions, **more}
    if low is not None or high is not None:
        want["quantity"] = {"low": low, "high": high, "unit": unit}
    return want


def _check(text: str, claims: list[dict]) -> None:
    doc = geo.extract(text)
    got = "\n".join(f"  {c.actor} {c.relation} {list(c.regions)} q={c.quantity and c.quantity.text!r} {c.modality} "
                    f"attr={c.attribution!r}" for c in doc.claims)
    for want in claims:
        assert any(matches(c, want) for c in doc.claims), f"missing {want}\ngot:\n{got}"
    assert len(doc.claims) == len(claims), f"extra claims:\n{got}"


# Sources named in a phrase or a verb of saying the lexicon lacked.
SOURCES = [
    ("За оцінкою аналітиків, Росія контролює близько 4% Харківської області.",
     [_claim("RU", "controls", ["UA-63"], 4, 4, modality="reported", attribution="аналітиків")]),
    ("За підрахунками журналістів, Росія окупує близько 75% Херсонської області.",
     [_claim("RU", "occupies", ["UA-65"], 75, 75, modality="reported", attribution="журналістів")]),
    ("По оценке экспертов, Россия контролирует около 75% Запорожской области.",
     [_claim("RU", "controls", ["UA-23"], 75, 75, modality="reported", attribution="экспертов")]),
    ("По информации источников, ВСУ удерживают около 50 кв. км Курской области.",
     [_claim("UA", "holds", ["RU-KRS"], 50, 50, "km2", modality="reported", attribution="источников")]),
    ("Росія контролює понад 99% Луганської області, стверджують аналітики.",
     [_claim("RU", "controls", ["UA-09"], 99, None, modality="reported", attribution="аналітики")]),
    ("Россия контролирует около 70% Донецкой области, оценивают военные эксперты.",
     [_claim("RU", "controls", ["UA-14"], 70, 70, modality="reported", attribution="военные эксперты")]),
    ("Росія окупує майже п'яту частину України, пише видання.",
     [_claim("RU", "occupies", ["UA"], None, 20, modality="reported", attribution="видання")]),
]


@pytest.mark.parametrize("text, claims", SOURCES, ids=[t[:40] for t, _ in SOURCES])
def test_sources_in_other_words(text, claims):
    _check(text, claims)


# Verbs and phrases of control, capture and demand the lexicon lacked.
VERBS = [
    ("Russian forces have a foothold in the Dnipropetrovsk region, ISW assessed.",
     [_claim("RU", "holds", ["UA-12"], 0, 10, modality="reported", attribution="ISW")]),
    ("Russian troops established a foothold in the Sumy region last month.",
     [_claim("RU", "captured", ["UA-59"])]),
    ("Ukrainian forces clawed back most of the Kharkiv region in 2022.",
     [_claim("UA", "liberated", ["UA-63"], 50, 100)]),
    ("Russian forces gained between 3,600 and 4,200 square kilometres of Ukrainian territory in 2024.",
     [_claim("RU", "captured", ["UA"], 3600, 4200, "km2", modality="asserted")]),
    ("Russian troops took an estimated 2,700 square kilometres in November.",
     [_claim("RU", "captured", ["UA"], 2700, 2700, "km2", modality="asserted")]),
    ("ЗСУ відвоювали близько 90 квадратних кілометрів у Харківській області.",
     [_claim("UA", "liberated", ["UA-63"], 90, 90, "km2")]),
    ("ВСУ отвоевали около 90 квадратных километров в Харьковской области.",
     [_claim("UA", "liberated", ["UA-63"], 90, 90, "km2")]),
    ("Сили оборони повернули під контроль близько 20 квадратних кілометрів у Сумській області.",
     [_claim("UA", "liberated", ["UA-59"], 20, 20, "km2")]),
    ("ВСУ вернули под контроль около 20 квадратных километров в Сумской области.",
     [_claim("UA", "liberated", ["UA-59"], 20, 20, "km2")]),
    ("Російські війська тримають під контролем близько 4% Харківської області.",
     [_claim("RU", "controls", ["UA-63"], 4, 4)]),
    ("Российские войска держат под контролем около 4% Харьковской области.",
     [_claim("RU", "controls", ["UA-63"], 4, 4)]),
    ("Російські війська просунулися в Донецькій області приблизно на 60 кв. км.",
     [_claim("RU", "captured", ["UA-14"], 60, 60, "km2")]),
    ("Российские войска продвинулись еще на 300 квадратных километров в Запорожской области.",
     [_claim("RU", "captured", ["UA-23"], 300, 300, "km2")]),
    ("Россия контролировала около 7% территории Украины.",
     [_claim("RU", "controls", ["UA"], 7, 7)]),
    ("Росія наполягає на виведенні ЗСУ з Донецької області.", [_claim("RU", "demands", ["UA-14"])]),
    ("Москва настаивает на выводе ВСУ из Запорожской области.", [_claim("RU", "demands", ["UA-23"])]),
    ("Россия установила контроль примерно над 300 кв. км в Донецкой области.",
     [_claim("RU", "captured", ["UA-14"], 300, 300, "km2")]),
    ("З початку року російська армія окупувала близько 3,6 тисячі кв. км.",
     [_claim("RU", "captured", ["UA"], 3600, 3600, "km2")]),
    # a share of a country before a passive: the country is the land, not an actor
    ("Около 20% Украины оккупировано Россией.", [_claim("RU", "occupies", ["UA"], 20, 20)]),
    ("Близько 20% території України окуповано Росією.", [_claim("RU", "occupies", ["UA"], 20, 20)]),
]


@pytest.mark.parametrize("text, claims", VERBS, ids=[t[:40] for t, _ in VERBS])
def test_verbs_in_other_words(text, claims):
    _check(text, claims)


# What is not land, or not the land named.
NOT_LAND = [
    # men lost, not land
    ("Russia lost more than 1,200 soldiers in the Kursk region last week.", []),
    ("Противник потерял в Курской области более 35 тыс. человек.", []),
    ("Окупанти втратили на Донеччині понад 1,5 тисячі військових за добу.", []),
    ("Ukraine lost 18 percent of its territory.", [_claim("UA", "lost", ["UA"], 18, 18)]),
    # a region a border or a direction names is not the one held
    ("Окупанти контролюють кілька сіл на межі з Донеччиною.", []),
    ("Российские войска контролируют несколько сел на границе с Запорожской областью.", []),
    # an area larger than the regions of the sentence before is the country's
    ("Ukraine regained control of the Sumy region in 2022. Three years later, Moscow's forces hold about "
     "113,000 square kilometres.", [_claim("UA", "liberated", ["UA-59"]),
                                    _claim("RU", "holds", ["UA"], 113000, 113000, "km2")]),
    ("До начала полномасштабного вторжения Россия контролировала около 43 тыс. кв. км, включая Крым.",
     [_claim("RU", "controls", ["UA"], 43000, 43000, "km2")]),
    # ... but a figure said to be of a region keeps it
    ("Russian forces control about 30,000 sq km of the Donetsk region.",
     [_claim("RU", "controls", ["UA-14"], 30000, 30000, "km2")]),
]


@pytest.mark.parametrize("text, claims", NOT_LAND, ids=[t[:40] for t, _ in NOT_LAND])
def test_what_is_not_the_land_named(text, claims):
    _check(text, claims)


# "Про це сказав ...", "Об этом сообщили ...": the source of the sentence before.
@pytest.mark.parametrize("text, source", [
    ("Окупанти контролюють приблизно 70% Донецької області. Про це в ефірі телемарафону сказав речник Сил оборони.",
     "речник Сил оборони"),
    ("Российские войска контролируют около 70% Донецкой области. Об этом сообщили в Минобороны России.",
     "Минобороны России"),
    ("Російські війська тримають під контролем близько 4% Харківщини, йдеться у звіті DeepState.", "звіті DeepState"),
    ("Российские войска контролируют около 70% Донецкой области, говорится в докладе ISW.", "докладе ISW"),
])
def test_a_source_named_after_the_claim(text, source):
    [claim] = geo.extract(text).claims
    assert (claim.attribution, claim.modality) == (source, "reported")


def test_a_sentence_about_this_names_no_one_when_no_one_speaks():
    [claim] = geo.extract("Российские войска контролируют около 70% Донецкой области. Об этом говорят многие.").claims
    assert (claim.attribution, claim.modality) == (None, "asserted")


@pytest.mark.parametrize("text, regions", [
    # "of the region" with a time span: the region of the sentence before, not the whole front
    ("Russia occupies about three-quarters of the Kherson region. In November 2022 Ukraine liberated roughly 6,000 "
     "square kilometres of the region's right bank.", ["UA-65"]),
    ("Окупанти контролюють близько 4% Харківської області. Від початку року ворог захопив в області близько 150 кв. км.",
     ["UA-63"]),
    ("Российские войска контролируют 75% Запорожской области. С начала года они заняли в регионе около 300 кв. км.",
     ["UA-23"]),
    # no region word: the front as a whole
    ("Російські війська контролюють 70% Донецької області. З початку року вони захопили понад 3 тис. кв. км.", ["UA"]),
])
def test_an_area_gained_in_the_region_before(text, regions):
    assert list(geo.extract(text).claims[-1].regions) == regions


@pytest.mark.parametrize("text, figures", [
    ("The region once produced about a third of Ukraine's coking coal.", []),
    ("Russia holds about 60% of Ukraine's grain storage capacity in the occupied south.", []),
    ("Russia controls about a fifth of Ukraine's territory.", ["about a fifth"]),
])
def test_a_share_of_something_else_is_no_figure(text, figures):
    assert [q.text for q in geo.extract(text).quantities] == figures


# Wordings of the fresh set's second batch.
SECOND = [
    ("Ukrainian forces have been driven out of the Kursk region almost entirely, two days after Moscow announced "
     "that the region had been fully liberated.",
     [_claim("UA", "lost", ["RU-KRS"], 90, 100), _claim("RU", "liberated", ["RU-KRS"], 100, 100, attribution="Moscow")]),
    ("Кремль вимагає, щоб Україна вивела війська з усієї Донецької області.", [_claim("RU", "demands", ["UA-14"], 100, 100)]),
    ("Всего в Харьковской области под контролем России остается около 4% территории.",
     [_claim("RU", "controls", ["UA-63"], 4, 4)]),
    ("ВСУ отбили около 160 кв. км в Донецкой области, утверждают в Генштабе.",
     [_claim("UA", "liberated", ["UA-14"], 160, 160, "km2", modality="reported", attribution="Генштабе")]),
    ("ЗСУ відбили близько 160 кв. км у Донецькій області.", [_claim("UA", "liberated", ["UA-14"], 160, 160, "km2")]),
    # repelled attacks are no land retaken
    ("ВСУ отбили 30 атак в Донецкой области.", []),
    ("ЗСУ відбили 45 атак на Покровському напрямку в Донецькій області.", []),
    ("Російські війська контролюють 70% Донецької області, повідомляють у Генштабі.",
     [_claim("RU", "controls", ["UA-14"], 70, 70, modality="reported", attribution="Генштабі")]),
]


@pytest.mark.parametrize("text, claims", SECOND, ids=[t[:40] for t, _ in SECOND])
def test_second_batch_wordings(text, claims):
    _check(text, claims)
