"""The settlement gazetteer: any spelling and case form finds the settlement; names and transliteration."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from geo._names import name_key, token_stems, transliterate
from geo._text import fold
from geo.settlements import Settlements


@pytest.fixture(scope="module")
def sgaz() -> Settlements:
    return Settlements.default()


@pytest.mark.parametrize(("query", "name", "oblast"), [
    ("Pokrovsk", "Pokrovsk", "UA-14"),
    ("Krasnoarmeysk", "Pokrovsk", "UA-14"),  # former name, Russian-derived spelling
    ("Artemivsk", "Bakhmut", "UA-14"),
    ("Артемовска", "Bakhmut", "UA-14"),
    ("Dzerzhynsk", "Toretsk", "UA-14"),
    ("Дзержинск", "Toretsk", "UA-14"),
    ("у Покровську", "Pokrovsk", "UA-14"),
    ("под Покровском", "Pokrovsk", "UA-14"),
    ("біля Часового Яру", "Chasiv Yar", "UA-14"),
    ("Авдеевке", "Avdiivka", "UA-14"),
    ("Kup'yansk", "Kupiansk", "UA-63"),
    ("Великой Новоселке", "Velyka Novosilka", "UA-14"),
    ("Харкові", "Kharkiv", "UA-63"),
    ("Sudzha", "Sudzha", "RU-KRS"),
    ("Суджей", "Sudzha", "RU-KRS"),
])
def test_search_finds_a_settlement_by_any_spelling(sgaz, query, name, oblast):
    first = sgaz.search(query)[0]
    assert (first.name_en, first.oblast) == (name, oblast)


def test_case_endings_tell_pokrovsk_from_pokrovske(sgaz):
    assert [s.name_en for s in sgaz.search("у Покровську")] == ["Pokrovsk"]
    assert {s.name_en for s in sgaz.search("у Покровському")} == {"Pokrovske"}


def test_namesakes_are_all_listed_cities_first(sgaz):
    found = sgaz.search("Novoselivka")
    assert len(found) > 50 and {s.name_en for s in found} == {"Novoselivka"}
    assert len({s.code for s in found}) == len(found)


def test_a_city_has_coordinates_raion_and_population(sgaz):
    (s,) = sgaz.search("Bakhmut")
    assert s.code.startswith("UA14") and s.category == "city" and s.raion == "Bakhmutskyi"
    assert 37.9 < s.lon < 38.1 and 48.5 < s.lat < 48.7 and s.pop_class == "10k-100k"
    assert "Artemivsk" in s.names_en and sgaz[s.code] == s


def test_an_unknown_code_is_a_key_error(sgaz):
    with pytest.raises(KeyError, match="no settlement with code"):
        sgaz["UA00"]


@pytest.mark.parametrize(("uk", "en"), [
    ("Київ", "Kyiv"), ("Харків", "Kharkiv"), ("Запоріжжя", "Zaporizhzhia"), ("Знам'янка", "Znamianka"),
    ("Згурівка", "Zghurivka"), ("Єнакієве", "Yenakiieve"), ("Їжакевич", "Yizhakevych"), ("Олексіївка", "Oleksiivka"),
])
def test_transliteration_follows_the_national_standard(uk, en):
    assert transliterate(uk) == en


@given(st.sampled_from(["Покровськ", "Новоселівка", "Курахове", "Торецьк", "Авдіївка", "Суми"]),
       st.sampled_from(["", "а", "у", "ом", "і", "ою", "ого", "ому"]))
def test_a_name_is_among_the_stems_of_its_own_forms(name, ending):
    """Whatever ending a text adds, the name's key stays reachable from the inflected word."""
    word = fold(name) + fold(ending)
    assert name_key(name) in token_stems(word) or ending not in ("", "у", "ом", "і", "ою", "ого", "ому", "а")
