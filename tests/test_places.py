"""Settlements named in text: cues, case forms, namesakes, common words, person names."""

from __future__ import annotations

import pytest

import geo


def _places(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.name, m.status) for m in geo.extract(text).settlements]


@pytest.mark.parametrize(("text", "expected"), [
    ("Russian forces entered Pokrovsk on Monday.", [("Pokrovsk", "Pokrovsk", "resolved")]),
    ("Бої точаться на околицях Покровська.", [("Покровська", "Pokrovsk", "resolved")]),
    ("Российские войска продвинулись под Покровском.", [("Покровском", "Pokrovsk", "resolved")]),
    ("Moscow says it took Artemivsk.", [("Artemivsk", "Bakhmut", "resolved")]),
    ("Kupiansk's defenders held on.", [("Kupiansk", "Kupiansk", "resolved")]),
    # common words that are also village or town names do not fire without a cue
    ("Progress in the talks was slow. Bar owners complained.", []),
    ("Перемога буде за нами. Мирне населення евакуйовують.", []),
    ("Щастя не купиш.", []),
    # ... and do with one
    ("Fighting raged near the village of Prohres.", [("Prohres", "Prohres", "ambiguous")]),
    ("ЗСУ відійшли з села Перемога.", [("Перемога", "Peremoha", "ambiguous")]),
    # person names, rivers and facilities are not towns
    ("Volodymyr Zelenskiy spoke in Kyiv.", []),
    ("Most of the Kherson region west of the Dnipro river was liberated.", []),
    ("The Zaporizhzhia nuclear power plant was shut down.", []),
])
def test_settlement_mentions(text, expected):
    assert _places(text) == expected


def test_offsets_index_the_text():
    text = "Бої точаться біля Часового Яру, а росіяни увійшли у Селидове."
    for m in geo.extract(text).settlements:
        assert text[m.start:m.end] == m.text
    assert [m.text for m in geo.extract(text).settlements] == ["Часового Яру", "Селидове"]


def test_an_ambiguous_village_is_resolved_by_its_oblast():
    (m,) = geo.extract("Russian troops captured the village of Prohres in the Donetsk region.").settlements
    assert (m.status, m.resolved_by, m.oblast, m.code[:4]) == ("resolved", "oblast", "UA-14", "UA14")


def test_an_ambiguous_village_stays_ambiguous_with_its_candidates():
    (m,) = geo.extract("Russian troops captured the village of Novoselivka.").settlements
    assert m.status == "ambiguous" and m.code is None and m.coordinates is None
    assert m.candidate_count > 50 and len(m.candidates) == 25
    assert {c["name"] for c in m.candidates} == {"Novoselivka"}


def test_a_village_in_a_named_oblast_with_namesakes_keeps_the_oblast():
    (m,) = geo.extract("Росіяни захопили село Новоселівка на Донеччині.").settlements
    assert m.status == "ambiguous" and m.oblast == "UA-14" and m.candidate_count > 1


def test_a_city_wins_over_villages_of_its_name():
    (m,) = geo.extract("Russian forces captured Avdiivka in February.").settlements
    assert (m.name, m.oblast, m.resolved_by) == ("Avdiivka", "UA-14", "largest")


def test_a_village_beside_a_resolved_town_takes_its_raion():
    doc = geo.extract("Russia's defence ministry said its forces captured Selydove and the village of Novoselivka.")
    towns = [(m.name, m.resolved_by) for m in doc.settlements]
    assert towns == [("Selydove", "unique"), ("Novoselivka", "nearby")]
    assert doc.settlements[1].code.startswith("UA1416")  # Pokrovskyi raion, as Selydove


def test_russian_border_settlements():
    (m,) = geo.extract("Ukrainian forces advanced near Sudzha in the Kursk region.").settlements
    assert (m.name, m.oblast, m.country) == ("Sudzha", "RU-KRS", "RU")


def test_oblast_mentions_stay_oblasts():
    doc = geo.extract("Russia controls most of the Donetsk region and shells Kharkiv.")
    assert doc.settlements == () and doc.territory() == ["UA-14", "UA-63"]


def test_json_lists_settlements(validate):
    out = validate(geo.extract("Russian forces captured Avdiivka.").to_dict())
    (s,) = out["settlements"]
    assert s["kind"] == "settlement" and s["code"].startswith("UA14") and len(s["coordinates"]) == 2
