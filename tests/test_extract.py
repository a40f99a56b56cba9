"""Mentions: which places a text names, where, and whether as territory, actor or reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import geo
from geo.extract import furniture_spans

GOLDEN = Path(__file__).parent / "golden" / "seed.claims.json"
SEED_TERRITORY = ["UA-14", "UA-09", "UA-23", "UA-65", "UA-63", "UA-48"]


def mentions(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.role, m.region or m.group) for m in geo.extract(text).mentions]


def test_seed_territory_is_exactly_the_six_regions(seed_doc):
    assert seed_doc.territory() == SEED_TERRITORY
    drawn = {r for m in seed_doc.mentions if m.role == "territory" for r in m.regions}
    assert drawn == set(SEED_TERRITORY)


def test_seed_capitals_are_actors(seed_doc):
    capitals = [(m.text, m.role, m.actor) for m in seed_doc.mentions if m.text in ("Kiev", "Moscow")]
    assert capitals and all(role == "actor" for _, role, _ in capitals)
    assert {(t, a) for t, _, a in capitals} == {("Kiev", "UA"), ("Moscow", "RU")}


def test_seed_groups_and_reference(seed_doc):
    groups = [(m.text, m.regions) for m in seed_doc.mentions if m.group]
    assert groups == [("four eastern regions", ("UA-14", "UA-09", "UA-23", "UA-65")),
                      ("four regions", ("UA-14", "UA-09", "UA-23", "UA-65"))]
    assert [(m.text, m.role) for m in seed_doc.mentions if m.region == "US-VA"] == [("Virginia", "reference")]
    assert not any(m.region == "RU-VLA" for m in seed_doc.mentions), "Vladimir Putin is not Vladimir Oblast"


def test_seed_furniture_is_not_content(seed_doc):
    lines = {seed_doc.text[s.start:s.end] for s in seed_doc.furniture}
    assert lines == {"Continues after advertising", "Also read:", "FREE ACCESS", "BONDS PORTFOLIO"}


def test_seed_json_matches_golden_file(seed_doc, validate):
    """The seed's geo.claims/1 output, byte for byte (regenerate deliberately when it changes)."""
    out = seed_doc.to_json()
    validate(json.loads(out))
    assert out == GOLDEN.read_text(encoding="utf-8").replace("@SEED@", str(geo.SEED))


def test_json_is_byte_identical_on_rerun(seed_text):
    assert geo.extract(seed_text).to_json() == geo.extract(seed_text).to_json()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kiev says it will not cede land.", [("Kiev", "actor", "UA-30")]),
        ("Moscow wants the whole of Donbas.", [("Moscow", "actor", "RU-MOW"), ("Donbas", "territory", "DONBAS")]),
        ("The Kremlin insists on its terms.", [("Kremlin", "actor", None)]),
        ("A missile struck Kyiv overnight.", [("Kyiv", "reference", "UA-30")]),
        ("Air raid sirens sounded in Kyiv.", [("Kyiv", "reference", "UA-30")]),
        ("According to Kyiv, the attack failed.", [("Kyiv", "actor", "UA-30")]),
        ("Kyiv's forces retook the village.", [("Kyiv", "actor", "UA-30")]),
        ("Moscow's streets were quiet.", [("Moscow", "reference", "RU-MOW")]),
        # a capital, a venue, a city named like its oblast: not the region's land (issue 15)
        ("Putin spoke at a forum in St Petersburg.", [("St Petersburg", "reference", "RU-SPE")]),
        ("Glide bombs hit the regional capitals of Zaporizhzhia and Kharkiv.",
         [("Zaporizhzhia", "reference", "UA-23"), ("Kharkiv", "reference", "UA-63")]),
        ("Вночі дрони атакували Харків.", [("Харків", "reference", "UA-63")]),
        ("Бои идут на Запорожье.", [("Запорожье", "territory", "UA-23")]),
        ("ВСУ обстреляли Белгород.", [("Белгород", "reference", "RU-BEL")]),
        ("Washington pressed Kyiv to negotiate.", [("Washington", "actor", "US-DC"), ("Kyiv", "actor", "UA-30")]),
        ("Russia controls most of Luhansk oblast.", [("Russia", "actor", "RU"), ("Luhansk oblast", "territory", "UA-09")]),
        ("the war in Ukraine", [("Ukraine", "reference", "UA")]),
        ("Moscow-installed authorities said so.", [("Moscow", "actor", "RU-MOW")]),
        ("The Zaporizhzhia nuclear power plant is shut.", []),
        ("Russia currently occupies Crimea.", [("Russia", "actor", "RU"), ("Crimea", "territory", "CRIMEA")]),
        ("Москва заявила о планах.", [("Москва", "actor", "RU-MOW")]),
        ("Ukraine's Foreign Ministry did not comment.", [("Ukraine", "actor", "UA")]),
        ("Fighting continues in the Zaporozhye region.", [("Zaporozhye region", "territory", "UA-23")]),
        ("Донецька область під обстрілом.", [("Донецька область", "territory", "UA-14")]),
        ("Войска вошли в Курскую область.", [("Курскую область", "territory", "RU-KRS")]),
        ("Ukrainian troops in the Kursk region", [("Kursk region", "territory", "RU-KRS")]),
        ("all four annexed regions", [("four annexed regions", "territory", "FOUR-ANNEXED")]),
        ("the four partially occupied regions", [("four partially occupied regions", "territory", "FOUR-ANNEXED")]),
        ("an area twice the size of Wales", [("Wales", "reference", "GB-WLS")]),
        ("Vladimir Putin and Virginia Woolf", []),
        ("a story in the Kyiv Independent", []),
        ("the Crimean peninsula", [("Crimean peninsula", "territory", "CRIMEA")]),
        ("Kharkiv and Mykolaiv regions", [("Kharkiv", "territory", "UA-63"), ("Mykolaiv", "territory", "UA-48")]),
        ("No places are named here, 70% of nothing.", []),
    ],
)
def test_roles(text, expected):
    assert mentions(text) == expected


@pytest.mark.parametrize(
    "text, furniture",
    [
        ("Kyiv\nContinues after advertising\n", ["Continues after advertising"]),
        ("Read more: Russia gains in Donetsk\nKherson", ["Read more: Russia gains in Donetsk"]),
        ("Advertisement\nText", ["Advertisement"]),
        ("MOST READ\nSHARE\nUKRAINE WAR\n", ["MOST READ", "SHARE", "UKRAINE WAR"]),
        ("Reporting by Jane Doe; Editing by John Roe\n", ["Reporting by Jane Doe; Editing by John Roe"]),
        ("RUSSIA HOLDS 20% OF UKRAINE.\n", []),
        ("Also in Kyiv, officials said.\n", []),
    ],
)
def test_furniture(text, furniture):
    assert [text[s.start:s.end] for s in furniture_spans(text)] == furniture


def test_mentions_in_furniture_are_dropped():
    assert mentions("Read more: Russia gains in Donetsk\nFighting in Kherson.") == [("Kherson", "territory", "UA-65")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "Kiev", "Donetsk", " region", "Донецькій", " області", "Moscow", " says ", "the four regions", "\n",
    "’", "'", "-", " ", ".", "Also read:", "Crimea", "Virginia", "\u200f", "\x00", "é", "70%",
]), max_size=30).map("".join))
def test_spans_always_cite_the_text(text):
    doc = geo.extract(text)
    last = 0
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
        assert last <= m.start < m.end <= len(text)
        last = m.end
    assert json.loads(doc.to_json())["document"]["chars"] == len(text)


def test_empty_and_placeless_texts_give_empty_lists(validate):
    for text in ("", "Nothing to see.", "\x00\x00", "٪٧٠ شرق"):
        doc = geo.extract(text)
        assert doc.mentions == () and validate(json.loads(doc.to_json()))["mentions"] == []


def test_extract_many_streams():
    docs = geo.extract_many(iter(["Kherson.", "Kursk."]))
    assert next(docs).territory() == ["UA-65"]
    assert next(docs).territory() == ["RU-KRS"]


def test_extract_does_not_import_geospatial_libraries():
    import subprocess
    import sys

    code = ("import sys, geo; geo.extract(geo.read_text(geo.SEED)); "
            "print(sorted(m for m in ('geopandas', 'folium', 'pyproj', 'shapely') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("enabled", [True, False])
def test_extract_leaves_the_cycle_collector_as_it_found_it(enabled):
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        geo.extract("Russia controls 20% of Ukraine.")
        assert gc.isenabled() is enabled
        with pytest.raises(TypeError):
            geo.extract("Kyiv", gazetteer=object())  # a failure inside restores it as well
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_extract_leaves_the_garbage_collector_alone(monkeypatch):
    """No process-wide switch: the collector stays on during and after extraction."""
    import gc

    def refuse() -> None:
        raise AssertionError("extract switched the garbage collector off")

    monkeypatch.setattr(gc, "disable", refuse)
    doc = geo.extract("Russia controls about 70% of the Donetsk region. " * 50)
    assert doc.claims and gc.isenabled()


@pytest.mark.parametrize("text, figure, value, place", [
    ("Russia controls 7\u200b0% of the Donetsk region.", "7\u200b0%", 70.0, "Donetsk region"),  # zero-width space
    ("Russia controls 70% of the Don\u00adetsk region.", "70%", 70.0, "Don\u00adetsk region"),  # soft hyphen
    ("Russia controls 2\u200d6\u2060000 km\u00b2 of the Zapor\u200bizhzhia region.", "2\u200d6\u2060000 km\u00b2",
     26000.0, "Zapor\u200bizhzhia region"),
    ("\ufeffRussia controls \u202e70% of the Donetsk region.", "70%", 70.0, "Donetsk region"),
    ("Russia controls \u0667\u0660% of the Donetsk region.", "\u0667\u0660%", 70.0, "Donetsk region"),  # Arabic-Indic
    ("Russia controls \u0667\u0660\u066a of the Donetsk region.", "\u0667\u0660\u066a", 70.0, "Donetsk region"),
    ("Russia controls \u06f7\u06f0\u066a of the Donetsk region.", "\u06f7\u06f0\u066a", 70.0, "Donetsk region"),
])
def test_invisible_characters_and_other_digits_keep_their_meaning(text, figure, value, place):
    doc = geo.extract(text)
    (q,) = doc.quantities
    assert (q.text, q.low) == (figure, value) and text[q.start:q.end] == q.text
    assert place in [m.text for m in doc.mentions]
    assert all(text[m.start:m.end] == m.text for m in doc.mentions)
    (claim,) = doc.claims
    assert claim.quantity == q and text[claim.sentence.start:claim.sentence.end] == claim.evidence


@pytest.mark.parametrize("text, territory", [
    ("Russian missiles struck Zaporizhzhia overnight, killing three people.", []),
    ("Residents of Kherson have lived under daily shelling for three years.", []),
    ("Kharkiv, Ukraine's second-largest city, came under a massive drone attack on Sunday.", []),
    ("Odesa's port was hit again, halting grain shipments.", []),
    ("An area the size of the Kharkiv region has been seized since January.", []),
    ("Участок размером с Харьковскую область захвачен с начала года.", []),
    # the region, named as land
    ("Russian missiles struck the Zaporizhzhia region overnight.", ["UA-23"]),
    ("Russia controls about 75% of Zaporizhzhia and Kherson.", ["UA-23", "UA-65"]),
])
def test_a_city_as_target_or_home_and_a_size_measure_are_not_territory(text, territory):
    assert geo.extract(text).territory() == territory
