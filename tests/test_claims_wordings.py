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
