"""Claims about settlements in English, Ukrainian and Russian: relation, actor, modality, source, distance."""

from __future__ import annotations

import pytest

import geo


def _claims(text: str) -> list[tuple]:
    return [(c.relation, c.actor, c.name, c.modality) for c in geo.extract(text).settlement_claims]


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia's defence ministry said its forces had captured Toretsk.", [("captured", "RU", "Toretsk", "reported")]),
    ("Moscow says its troops liberated Vuhledar and Toretsk, a claim Kyiv denied.",
     [("captured", "RU", "Vuhledar", "reported"), ("captured", "RU", "Toretsk", "reported")]),
    ("Ukrainian forces liberated the village of Robotyne in the Zaporizhzhia region.",
     [("liberated", "UA", "Robotyne", "asserted")]),
    ("Ukrainian troops still hold Kupiansk.", [("holds", "UA", "Kupiansk", "asserted")]),
    ("Russian troops are on the outskirts of Kurakhove and have surrounded Vuhledar.",
     [("outskirts", "RU", "Kurakhove", "asserted"), ("surrounded", "RU", "Vuhledar", "asserted")]),
    ("The village of Prohres in the Donetsk region fell to Russian troops.", [("captured", "RU", "Prohres", "asserted")]),
    ("Ukraine's General Staff said Russian forces had not captured Kurakhove.",
     [("captured", "RU", "Kurakhove", "negated")]),
    ("Ukraine's military acknowledged the loss of Vuhledar.", [("lost", "UA", "Vuhledar", "asserted")]),
    ("Russian forces may soon enter Pokrovsk.", [("entered", "RU", "Pokrovsk", "possible")]),
    ("Fighting continued near Toretsk and Chasiv Yar.",
     [("fighting", None, "Toretsk", "asserted"), ("fighting", None, "Chasiv Yar", "asserted")]),
    # Ukrainian
    ("ЗСУ звільнили село Кринки на Херсонщині.", [("liberated", "UA", "Krynky", "asserted")]),
    ("Росіяни увійшли у Селидове.", [("entered", "RU", "Selydove", "asserted")]),
    ("Бої точаться на околицях Покровська та біля Часового Яру, повідомив Генштаб ЗСУ.",
     [("outskirts", None, "Pokrovsk", "reported"), ("fighting", None, "Chasiv Yar", "reported")]),
    # Russian
    ("Российские войска заняли Артемовск, сообщило Минобороны России.", [("captured", "RU", "Bakhmut", "reported")]),
    ("Минобороны РФ сообщило об освобождении населенного пункта Новоселовка.",
     [("captured", "RU", "Novoselivka", "reported")]),
    # the town that only says where is no object
    ("Russian forces captured the village of Prohres near Pokrovsk.", [("captured", "RU", "Prohres", "asserted")]),
    # no trigger, no claim
    ("Pokrovsk is a mining town.", []),
])
def test_settlement_claims(text, expected):
    assert _claims(text) == expected


def test_the_source_is_the_one_cited():
    (c,) = geo.extract("Russia's defence ministry said on Tuesday its forces had captured Selydove.").settlement_claims
    assert c.attribution == "Russia's defence ministry" and c.actor_text == "its forces"
    (c,) = geo.extract("Российские войска заняли Артемовск, сообщило Минобороны России.").settlement_claims
    assert c.attribution == "Минобороны России"


@pytest.mark.parametrize(("text", "km", "hedge"), [
    ("Russian forces are about 8 km from Pokrovsk.", 8.0, "approximate"),
    ("Russian troops are less than 3 kilometres from Kostiantynivka.", 3.0, "upper"),
    ("Russian forces were five miles from Pokrovsk.", 8.047, None),
    ("Російські війська за 7 км від Покровська.", 7.0, None),
    ("Российские войска находятся примерно в 10 км от Покровска.", 10.0, "approximate"),
])
def test_distances(text, km, hedge):
    (c,) = geo.extract(text).settlement_claims
    assert c.relation == "distance" and c.actor == "RU"
    assert c.distance["km"] == km and c.distance["hedge"] == hedge


def test_claims_point_at_their_settlement_and_sentence():
    text = "Pokrovsk is quiet. Russian troops entered Selydove."
    doc = geo.extract(text)
    (c,) = doc.settlement_claims
    assert doc.settlements[c.settlement].name == "Selydove"
    assert text[c.sentence.start:c.sentence.end] == "Russian troops entered Selydove." == c.evidence
    assert text[c.trigger.start:c.trigger.end] == c.trigger.text == "entered"


def test_claims_validate_and_rerun_byte_identical(validate):
    text = "Russia's defence ministry said its forces had captured Selydove and were 5 km from Pokrovsk."
    out = geo.extract(text).to_json()
    validate(__import__("json").loads(out))
    assert out == geo.extract(text).to_json()



@pytest.mark.parametrize("text, town", [
    ("Russia's Ministry of Defence said its forces had captured the village of Novoselivka in the Donetsk region.",
     "Novoselivka"),
    ("Міноборони Росії заявило, що його війська захопили село Новоселівка в Донецькій області.", "Новоселівка"),
])
def test_a_village_taken_in_a_region_is_not_the_region_taken(text, town):
    doc = geo.extract(text)
    assert [c.relation for c in doc.settlement_claims] == ["captured"]
    # the region only says where the village lies: the claim keeps it and names the village as its part
    assert [(c.relation, c.regions, c.part) for c in doc.claims if c.relation == "captured"] == \
        [("captured", ("UA-14",), town)]


def test_a_figure_for_the_region_keeps_the_whole_region():
    doc = geo.extract("Russian forces captured about 40 sq km of the Donetsk region.")
    assert [(c.relation, c.regions, c.part) for c in doc.claims] == [("captured", ("UA-14",), None)]


def test_each_claim_takes_the_source_named_last_before_it():
    doc = geo.extract("A Russian milblogger claimed that Russian troops had entered Kurakhove, while Ukraine's General "
                      "Staff said Russian forces had not captured Kurakhove.")
    got = {c.relation: (c.modality, c.attribution) for c in doc.settlement_claims}
    assert got["entered"] == ("reported", "A Russian milblogger")
    assert got["captured"] == ("negated", "Ukraine's General Staff")
