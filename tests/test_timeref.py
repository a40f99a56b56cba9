"""Time references: read in English, Ukrainian and Russian, resolved against the document's date."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
from geo._text import fold
from geo.timeref import find_times, resolve, strip_dates
from tests.test_change import archive  # noqa: F401  (a fixture: snapshots of 2024-10-31 and 2024-11-30)

DOC = "2024-12-02"


@pytest.mark.parametrize("lang, text, as_of, start, end", [
    ("en", "as of 20 May 2025", "2025-05-20", None, None),
    ("en", "As of May 20, 2025", "2025-05-20", None, None),
    ("en", "as of November 1", "2024-11-01", None, None),
    ("en", "on 2024-10-15", "2024-10-15", None, None),
    ("en", "since September 6", None, "2024-09-06", DOC),
    ("en", "since Sept. 6", None, "2024-09-06", DOC),
    ("en", "since 2022", None, "2022-01-01", DOC),
    ("en", "since the start of the year", None, "2024-01-01", DOC),
    ("en", "since the beginning of 2024", None, "2024-01-01", DOC),
    ("en", "in 2023", None, "2023-01-01", "2023-12-31"),
    ("en", "in 2024", None, "2024-01-01", DOC),
    ("en", "in November", None, "2024-11-01", "2024-11-30"),
    ("en", "in December", None, "2024-12-01", DOC),
    ("en", "in January", None, "2024-01-01", "2024-01-31"),
    ("en", "during October 2022", None, "2022-10-01", "2022-10-31"),
    ("en", "last week", None, "2024-11-25", "2024-12-01"),  # the calendar week before, Monday to Sunday
    ("en", "over the past week", None, "2024-11-25", DOC),
    ("en", "in the past 30 days", None, "2024-11-02", DOC),
    ("en", "in a week", None, "2024-11-25", DOC),
    ("en", "last month", None, "2024-11-01", "2024-11-30"),
    ("en", "last year", None, "2023-01-01", "2023-12-31"),
    ("en", "this year", None, "2024-01-01", DOC),
    ("en", "over the year", None, "2024-01-01", DOC),
    ("en", "between March and May", None, "2024-03-01", "2024-05-31"),
    ("en", "from 1 March to 15 May 2024", None, "2024-03-01", "2024-05-15"),
    ("en", "before 2022", "2021-12-31", None, None),
    ("en", "before February 24, 2022", "2022-02-23", None, None),
    ("en", "yesterday", "2024-12-01", None, None),
    ("uk", "станом на 1 грудня", "2024-12-01", None, None),
    ("uk", "станом на 1 грудня 2023 року", "2023-12-01", None, None),
    ("uk", "з початку року", None, "2024-01-01", DOC),
    ("uk", "від початку 2024 року", None, "2024-01-01", DOC),
    ("uk", "у 2023 році", None, "2023-01-01", "2023-12-31"),
    ("uk", "у листопаді", None, "2024-11-01", "2024-11-30"),
    ("uk", "за листопад", None, "2024-11-01", "2024-11-30"),
    ("uk", "за минулий тиждень", None, "2024-11-25", "2024-12-01"),
    ("uk", "за останні 7 днів", None, "2024-11-25", DOC),
    ("uk", "за місяць", None, "2024-11-02", DOC),
    ("uk", "за добу", None, "2024-12-01", DOC),
    ("uk", "з 6 вересня", None, "2024-09-06", DOC),
    ("uk", "до 2022 року", "2021-12-31", None, None),
    ("uk", "вчора", "2024-12-01", None, None),
    ("ru", "по состоянию на 1 декабря", "2024-12-01", None, None),
    ("ru", "с начала 2024 года", None, "2024-01-01", DOC),
    ("ru", "с начала месяца", None, "2024-12-01", DOC),
    ("ru", "в 2023 году", None, "2023-01-01", "2023-12-31"),
    ("ru", "в ноябре", None, "2024-11-01", "2024-11-30"),
    ("ru", "с марта по май", None, "2024-03-01", "2024-05-31"),
    ("ru", "за прошлую неделю", None, "2024-11-25", "2024-12-01"),
    ("ru", "за неделю", None, "2024-11-25", DOC),
    ("ru", "за сутки", None, "2024-12-01", DOC),
    ("ru", "на прошлой неделе", None, "2024-11-25", "2024-12-01"),
    ("ru", "с 6 сентября", None, "2024-09-06", DOC),
    ("ru", "до 2022 года", "2021-12-31", None, None),
    # seasons: "in the spring of 2022", "навесні 2022 року", "летом 2022 года"
    ("en", "in the summer of 2022", None, "2022-06-01", "2022-08-31"),
    ("en", "in spring 2023", None, "2023-03-01", "2023-05-31"),
    ("en", "in the fall of 2023", None, "2023-09-01", "2023-11-30"),
    ("en", "in the winter of 2022-23", None, "2022-12-01", "2023-02-28"),
    ("en", "since the spring of 2022", None, "2022-03-01", DOC),
    ("en", "in the summer", None, "2024-06-01", "2024-08-31"),
    ("uk", "влітку 2022 року", None, "2022-06-01", "2022-08-31"),
    ("uk", "навесні 2022 року", None, "2022-03-01", "2022-05-31"),
    ("uk", "восени 2023 року", None, "2023-09-01", "2023-11-30"),
    ("uk", "взимку 2022-2023 років", None, "2022-12-01", "2023-02-28"),
    ("uk", "з літа 2023 року", None, "2023-06-01", DOC),
    ("ru", "летом 2022 года", None, "2022-06-01", "2022-08-31"),
    ("ru", "весной 2022 года", None, "2022-03-01", "2022-05-31"),
    ("ru", "осенью", None, "2024-09-01", "2024-11-30"),
    ("ru", "с начала лета", None, "2024-06-01", DOC),
    # thirds and ends of a year or month: "in early 2025", "late last year", "в конце прошлого года"
    ("en", "in early 2024", None, "2024-01-01", "2024-04-30"),
    ("en", "in mid-2023", None, "2023-05-01", "2023-08-31"),
    ("en", "in late 2023", None, "2023-09-01", "2023-12-31"),
    ("en", "since early May", None, "2024-05-01", DOC),
    ("en", "in late October", None, "2024-10-21", "2024-10-31"),
    ("en", "late last year", None, "2023-09-01", "2023-12-31"),
    ("en", "early this year", None, "2024-01-01", "2024-04-30"),
    ("en", "by the end of last year", "2023-12-31", None, None),
    ("en", "earlier this year", None, "2024-01-01", DOC),
    ("uk", "на початку 2024 року", None, "2024-01-01", "2024-04-30"),
    ("uk", "у середині 2023 року", None, "2023-05-01", "2023-08-31"),
    ("uk", "наприкінці минулого року", "2023-12-31", None, None),
    ("uk", "наприкінці минулого місяця", "2024-11-30", None, None),
    ("ru", "в начале 2024 года", None, "2024-01-01", "2024-04-30"),
    ("ru", "в середине 2023 года", None, "2023-05-01", "2023-08-31"),
    ("ru", "в конце прошлого года", "2023-12-31", None, None),
    # two years: "in 2022-23", "у 2022–2023 роках", "в 2022-2023 годах"
    ("en", "in 2022-23", None, "2022-01-01", "2023-12-31"),
    ("uk", "у 2022–2023 роках", None, "2022-01-01", "2023-12-31"),
    ("ru", "в 2022-2023 годах", None, "2022-01-01", "2023-12-31"),
    # "last week" and "минулого тижня" are the calendar week before; "over the past week" the 7 days up to the date
    ("uk", "минулого тижня", None, "2024-11-25", "2024-12-01"),
    ("uk", "на минулому тижні", None, "2024-11-25", "2024-12-01"),
    ("ru", "за прошлый год", None, "2023-01-01", "2023-12-31"),
    ("uk", "за останній тиждень", None, "2024-11-25", DOC),
    ("ru", "за последнюю неделю", None, "2024-11-25", DOC),
    # the eve of the full-scale invasion, and a year "over the course of", "за весь"
    ("en", "before the full-scale invasion", "2022-02-23", None, None),
    ("en", "prior to Russia's invasion", "2022-02-23", None, None),
    ("uk", "до повномасштабного вторгнення", "2022-02-23", None, None),
    ("uk", "до початку повномасштабної війни", "2022-02-23", None, None),
    ("ru", "до начала полномасштабного вторжения", "2022-02-23", None, None),
    ("en", "over the course of 2023", None, "2023-01-01", "2023-12-31"),
    ("ru", "по итогам 2023 года", None, "2023-01-01", "2023-12-31"),
    ("uk", "упродовж 2023 року", None, "2023-01-01", "2023-12-31"),
    ("uk", "протягом місяця", None, "2024-11-02", DOC),
    ("ru", "в течение недели", None, "2024-11-25", DOC),
    ("uk", "за підсумками 2023 року", None, "2023-01-01", "2023-12-31"),
    ("uk", "за весь 2023 рік", None, "2023-01-01", "2023-12-31"),
    ("ru", "за весь 2023 год", None, "2023-01-01", "2023-12-31"),
])
def test_time_expressions_resolve(lang, text, as_of, start, end):
    found = find_times(text)
    assert [t.text for t in found] == [text], lang
    ref = resolve(found[0], DOC)
    assert (ref.as_of, ref.start, ref.end, ref.basis) == (as_of, start, end, "stated")


@pytest.mark.parametrize("text, doc, start, end", [
    ("last week", "2025-05-30", "2025-05-19", "2025-05-25"),  # a Friday: Monday to Sunday of the week before
    ("минулого тижня", "2025-05-09", "2025-04-28", "2025-05-04"),
    ("на прошлой неделе", "2025-05-12", "2025-05-05", "2025-05-11"),  # a Monday
    ("last week", "2025-05-25", "2025-05-12", "2025-05-18"),  # a Sunday
])
def test_last_week_is_the_calendar_week_before(text, doc, start, end):
    [t] = find_times(text)
    ref = resolve(t, doc)
    assert (ref.start, ref.end) == (start, end)


@pytest.mark.parametrize("text, doc, end", [
    ("за 2024 рік", "2024-12-30", "2024-12-31"),  # a review of the year written in its last days
    ("в 2024 году", "2024-12-28", "2024-12-31"),
    ("in 2024", "2024-12-24", "2024-12-31"),
    ("in 2024", "2024-12-20", "2024-12-20"),  # more than 7 days left: the year so far
    ("in 2024", "2024-07-01", "2024-07-01"),
    ("in November", "2024-11-28", "2024-11-30"),  # 3 days of a month
    ("in November", "2024-11-26", "2024-11-26"),
])
def test_a_period_nearly_over_is_named_whole(text, doc, end):
    [t] = find_times(text)
    assert resolve(t, doc).end == end


@pytest.mark.parametrize("text, doc, start, end", [
    ("last summer", "2025-04-15", "2024-06-01", "2024-08-31"),
    ("last summer", "2025-09-10", "2025-06-01", "2025-08-31"),  # the last one over by the document's date
    ("минулого літа", "2025-04-15", "2024-06-01", "2024-08-31"),
    ("прошлой зимой", "2025-04-15", "2024-12-01", "2025-02-28"),
    ("this summer", "2025-07-10", "2025-06-01", "2025-07-10"),
    ("цього літа", "2025-09-10", "2025-06-01", "2025-08-31"),
    ("этой зимой", "2025-01-15", "2024-12-01", "2025-01-15"),
    ("торік влітку", "2025-09-10", "2024-06-01", "2024-08-31"),  # the summer of last year
    ("летом прошлого года", "2025-09-10", "2024-06-01", "2024-08-31"),
    ("влітку минулого року", "2025-04-15", "2024-06-01", "2024-08-31"),
    ("in the summer of last year", "2025-04-15", "2024-06-01", "2024-08-31"),
    ("торік", "2025-04-15", "2024-01-01", "2024-12-31"),
])
def test_seasons_relative_to_the_document(text, doc, start, end):
    [t] = find_times(text)
    ref = resolve(t, doc)
    assert (ref.start, ref.end, ref.basis) == (start, end, "stated")


@pytest.mark.parametrize("text", ["взимку 2023 року", "in the winter of 2023", "зимой 2023 года",
                                  "зимой прошлого года"])
def test_a_winter_of_one_year_is_ambiguous(text):
    [t] = find_times(text)
    ref = resolve(t, DOC)
    assert ref.basis == "none" and ref.start is None and "winter of 2023" in ref.note


@pytest.mark.parametrize("text, season", [
    ("after the fall of Avdiivka", "fall"), ("the fall of Bakhmut in May", "fall"), ("Літак упав", "літ"),
    ("during the summer counteroffensive of 2023", "summer"), ("під час літнього контрнаступу", "літ"),
    ("в ходе летнего наступления", "лет"), ("during the spring offensive", "spring"),
])
def test_no_season_where_the_word_is_no_time(text, season):
    assert all(season not in fold(t.text) for t in find_times(text))


@pytest.mark.parametrize("text, per", [
    ("15 sq km a day", "day"), ("15 sq km per day on average", "day"), ("100 sq km a week", "week"),
    ("15 кв. км на добу", "day"), ("15 кв. км щодоби", "day"), ("15 кв. км в сутки", "day"),
    ("15 кв. км в день в среднем", "day"),
])
def test_rates_are_not_periods(text, per):
    [t] = [t for t in find_times(text)]
    ref = resolve(t, DOC)
    assert t.kind == "rate" and ref.per == per and ref.start is None and ref.end is None


@pytest.mark.parametrize("text", ["last week", "in November", "з початку року", "за сутки", "since September 6"])
def test_relative_times_without_a_document_date_say_so(text):
    [t] = find_times(text)
    ref = resolve(t, None)
    assert ref.basis == "none" and ref.start is None and ref.note and "date" in ref.note


@pytest.mark.parametrize("text", ["as of 20 May 2025", "in 2023", "between 1 March and 15 May 2024", "у 2023 році"])
def test_absolute_times_need_no_document_date(text):
    [t] = find_times(text)
    ref = resolve(t, None)
    assert ref.basis == "stated" and (ref.as_of or (ref.start and ref.end))


@pytest.mark.parametrize("text", [
    "Russia controls 20% of Ukraine.", "Ukraine has 1,000 drones.", "about 2,024 sq km", "the 1991 borders",
    "Kyiv may withdraw from 2% of the region.", "in 2022%", "Маріуполь, Маріуполь", "over 2000-2500 sq km",
    "за 2000-2500 кв. км",
])
def test_no_time_in_figures_or_modal_verbs(text):
    assert [t for t in find_times(text) if t.kind != "rate"] == []


@pytest.mark.parametrize("text, modality, as_of", [
    ("As of 20 May 2025, Russian forces control about 70% of the Donetsk region.", "asserted", "2025-05-20"),
    ("On May 20, 2025, Russian forces controlled about 70% of the Donetsk region.", "asserted", "2025-05-20"),
    ("Станом на 20 травня 2025 року Росія контролює близько 70% Донецької області.", "asserted", "2025-05-20"),
    ("На 20 мая 2025 года Россия контролирует около 70% Донецкой области.", "asserted", "2025-05-20"),
    ("Russia may control about 70% of the Donetsk region by now.", "possible", DOC),
])
def test_may_in_a_date_is_no_modal_verb(text, modality, as_of):
    [c] = geo.extract(text, date=DOC).claims
    assert c.modality == modality and c.time.as_of == as_of


def test_between_march_and_may_is_no_modal_verb():
    [c] = geo.extract("Between March and May, Russian forces captured 1,000 sq km.", date=DOC).claims
    assert c.modality == "asserted" and (c.time.start, c.time.end) == ("2024-03-01", "2024-05-31")


@pytest.mark.parametrize("text, basis, as_of, start, end, span", [
    ("Russia controls about 18% of Ukraine.", "document", DOC, None, None, None),
    ("Since September 6, Russian forces have captured 1,200 sq km in the Donetsk region.", "stated", None,
     "2024-09-06", DOC, "Since September 6"),
    # a time in a clause of its own is not the claim's
    ("Moscow now occupies roughly 18% of Ukraine, including Crimea, which it annexed in 2014.", "document", DOC,
     None, None, None),
    ("In the Kursk region, where Ukraine launched an incursion in August, Kyiv's forces have lost more than 40% of "
     "the land they seized.", "document", DOC, None, None, None),
    ("Від початку року Росія захопила понад 3 500 км² української землі.", "stated", None, "2024-01-01", DOC,
     "Від початку року"),
    ("С начала 2024 года российские войска захватили около 4000 кв. км.", "stated", None, "2024-01-01", DOC,
     "С начала 2024 года"),
    ("Before 2022, Russia occupied about 7% of Ukraine.", "stated", "2021-12-31", None, None, "Before 2022"),
])
def test_claims_carry_their_time(text, basis, as_of, start, end, span, validate):
    doc = geo.extract(text, date=DOC)
    c = doc.claims[0]
    assert (c.time.basis, c.time.as_of, c.time.start, c.time.end, c.time.text) == (basis, as_of, start, end, span)
    if span:
        assert text[c.time.span["start"]:c.time.span["end"]] == span
    validate(json.loads(doc.to_json()))


def test_a_claim_with_no_time_in_a_text_with_no_date():
    [c] = geo.extract("Russia controls about 18% of Ukraine.").claims
    assert c.time.basis == "none" and c.time.as_of is None and "no date" in c.time.note


def test_strip_dates_keeps_offsets():
    text = "as of 20 may 2025, kyiv may"
    assert len(strip_dates(text)) == len(text) and strip_dates(text).endswith("kyiv may")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 400))
def test_since_a_day_runs_to_the_document_date(doc, back):
    day = doc - timedelta(days=back)
    [t] = find_times(f"since {day.day} {day.strftime('%B')}")
    ref = resolve(t, doc.isoformat())
    assert ref.end == doc.isoformat() and ref.start <= ref.end
    assert (doc - date.fromisoformat(ref.start)).days < (4 * 366 if (day.month, day.day) == (2, 29) else 366)  # leap day


@pytest.mark.parametrize("text", ["since 0 May 2024", "as of 31 February 2024", "on 2024-13-45", "since 39.19.2024"])
def test_impossible_dates_are_unresolved(text):
    [t] = find_times(text)
    assert resolve(t, DOC).basis == "none" and resolve(t, DOC).note == "no such day"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -.,ofsinceasbeforemayМАЙтравнязаминулийтижденьl", max_size=40))
def test_any_text_resolves_without_error(text):
    for t in find_times(text):
        resolve(t, DOC)
        resolve(t, None)


@pytest.mark.parametrize("text", [
    "Russian forces captured about 4,000 sq km in 2024. That is roughly 0.7% of the country.",
    "Росія захопила близько 4000 кв. км у 2024 році. Це близько 0,7% території України.",
])
def test_a_figure_restated_keeps_the_time_of_the_sentence_before(text):
    first, again = geo.extract(text, date="2024-12-31").claims
    assert (again.time.start, again.time.end) == (first.time.start, first.time.end) == ("2024-01-01", "2024-12-31")


@pytest.mark.parametrize("text, relation, unit", [
    ("Russian forces captured about 380 square kilometres in August, according to DeepState. In March, the figure was 240.",
     "captured", "km2"),
    ("У серпні росіяни захопили близько 460 квадратних кілометрів. У березні цей показник становив 520.", "captured", "km2"),
    ("В августе российские войска продвинулись на 240 квадратных километров. В марте — на 330.", "captured", "km2"),
    ("Russia controlled about 18% of Ukraine in August. In March, the number stood at 17.9.", "controls", "%"),
])
def test_a_figure_carried_on_is_the_claim_again_for_its_own_time(text, relation, unit):
    first, carried = geo.extract(text, date="2025-09-10").claims
    assert (carried.actor, carried.relation, carried.regions, carried.quantity.unit) == (
        first.actor, relation, first.regions, unit)
    assert (first.time.start[5:7], carried.time.start[5:7], carried.time.basis) == ("08", "03", "stated")
    assert carried.attribution is None and carried.modality == "asserted"


@pytest.mark.parametrize("text, low, high, as_of, start", [
    ("Russia controlled about 7% of Ukraine before 2022. That share has risen to nearly 19%.", None, 19, "2025-02-24", None),
    ("До 2022 року Росія контролювала близько 7% території України. Нині цей показник становить майже 19%.",
     None, 19, "2025-02-24", None),
    ("До 2022 года Россия контролировала около 7% территории Украины. Сейчас этот показатель составляет почти 19%.",
     None, 19, "2025-02-24", None),
    ("До 2022 года Россия контролировала около 7% территории Украины. В 2024 году эта доля выросла до 18%.",
     18, 18, None, "2024-01-01"),
])
def test_a_share_continued_is_the_claim_again_now_or_at_its_own_time(text, low, high, as_of, start):
    first, again = geo.extract(text, date="2025-02-24").claims
    assert (again.actor, again.relation, again.regions) == (first.actor, first.relation, first.regions) == ("RU", "controls", ("UA",))
    assert (again.quantity.low, again.quantity.high, again.time.as_of, again.time.start) == (low, high, as_of, start)


@pytest.mark.parametrize("text", [
    "Russia controlled about 7% of Ukraine before 2022. That share of the vote has risen to 19%.",
    "Russian forces gained 380 sq km in April. In March, the figure was 240 in the Donetsk region.",  # other land
    "Российские войска продвинулись на 380 кв. км в апреле. В марте — 12 сел.",
    "Russian forces gained 380 sq km in April. In March, they took 12 villages.",
])
def test_a_bare_number_without_its_own_time_or_with_other_land_is_no_claim(text):
    assert len(geo.extract(text, date="2025-05-08").claims) == 1


@pytest.mark.parametrize("text", [
    "Россия может потребовать всю Запорожскую область, заявил 18 мая осведомленный источник.",
    "Росія може вимагати всю Запорізьку область, заявив 18 травня поінформований співрозмовник.",
    "Russia could demand all of the Zaporizhzhia region, a source told reporters on May 18.",
])
def test_the_date_a_claim_was_said_on_after_it_is_not_its_time(text):
    (claim,) = geo.extract(text, date="2025-05-19").claims
    assert (claim.time.as_of, claim.time.basis) == ("2025-05-19", "document")


@pytest.mark.parametrize("text", [
    "Станом на 1 січня під окупацією перебували:\n– Автономна Республіка Крим повністю;\n– близько 66% Донецької області.",
    "As of 1 January, Russian forces occupied:\n- all of Crimea;\n- about 66% of the Donetsk region.",
    "По состоянию на 1 января под оккупацией находились:\n– Крым полностью;\n– около 66% Донецкой области.",
])
def test_list_items_take_the_time_of_their_lead_in(text):
    claims = geo.extract(text, date="2025-01-20").claims
    assert len(claims) == 2
    assert {(c.time.as_of, c.time.basis) for c in claims} == {("2025-01-01", "stated")}


@pytest.mark.parametrize("text, relation", [
    ("За 2024 рік російська армія окупувала близько 4 тисяч квадратних кілометрів.", "captured"),
    ("Over the past year Russian forces occupied about 4,000 sq km.", "captured"),
    ("За год российские войска оккупировали около 4 тысяч кв. км.", "captured"),
    ("Russia occupied about 18% of Ukraine in 2024.", "occupies"),  # a share at a time, not a gain
])
def test_an_area_occupied_over_a_span_of_time_is_a_gain(text, relation):
    (claim,) = [c for c in geo.extract(text, date="2024-12-30").claims if c.quantity is not None]
    assert claim.relation == relation
    assert (claim.change is not None) is (relation == "captured")


CLAIM_DOC = "2025-07-15"


def _times(text: str, date: str = CLAIM_DOC) -> list[tuple]:
    """(relation, quantity text, basis, as_of, start, end) of each claim of *text*."""
    return [(c.relation, c.quantity.text if c.quantity else None, c.time.basis, c.time.as_of, c.time.start,
             c.time.end) for c in geo.extract(text, date=date).claims]


@pytest.mark.parametrize("text, relation, start, end", [
    # a state reached at a time in the past: the claim's time is that season
    ("Більшу частину Луганщини Росія окупувала ще влітку 2022 року.", "occupies", "2022-06-01", "2022-08-31"),
    ("Окупанти встановили контроль майже над усією Луганською областю ще влітку 2022 року.", "controls",
     "2022-06-01", "2022-08-31"),
    ("Russian forces already controlled most of the Luhansk region in the summer of 2022.", "controls",
     "2022-06-01", "2022-08-31"),
    ("Летом 2022 года российские войска установили контроль почти над всей Луганской областью.", "controls",
     "2022-06-01", "2022-08-31"),
    ("Навесні 2022 року українські війська звільнили близько 40 тисяч квадратних кілометрів.", "liberated",
     "2022-03-01", "2022-05-31"),
    ("In early 2025, Russian forces captured about 1,500 sq km.", "captured", "2025-01-01", "2025-04-30"),
    ("В начале 2025 года российские войска заняли около 1500 кв. км.", "captured", "2025-01-01", "2025-04-30"),
    ("Late last year, Russian forces captured about 2,000 sq km.", "captured", "2024-09-01", "2024-12-31"),
])
def test_a_claim_takes_a_season_or_part_of_a_period(text, relation, start, end):
    [(rel, _, basis, _, s, e)] = _times(text)
    assert (rel, basis, s, e) == (relation, "stated", start, end)


@pytest.mark.parametrize("text, as_of", [
    ("Наприкінці минулого року Росія контролювала близько 18,6% території України.", "2024-12-31"),
    ("В конце прошлого года Россия контролировала около 18,6% территории Украины.", "2024-12-31"),
    ("By the end of last year, Russia controlled about 18.6% of Ukraine.", "2024-12-31"),
])
def test_the_end_of_last_year_is_its_last_day(text, as_of):
    [(_, _, basis, day, _, _)] = _times(text)
    assert (basis, day) == ("stated", as_of)


@pytest.mark.parametrize("text, date, own, other", [
    # the time of a change does not carry over to the state it brought about in another clause
    ("Russian forces gained roughly 4,100 sq km in Ukraine in 2024, bringing the total area under their control "
     "to about 18.7% of the country.", "2025-02-10", "roughly 4,100 sq km", "about 18.7%"),
    ("Російські війська захопили близько 4 тисяч кв. км у 2024 році, а нині контролюють близько 19% України.",
     "2025-02-10", "близько 4 тисяч кв. км", "близько 19%"),
    ("Российские войска заняли около 4 тыс. кв. км в 2024 году, а сейчас контролируют около 19% Украины.",
     "2025-02-10", "около 4 тыс. кв. км", "около 19%"),
    ("Більшу частину Луганщини Росія окупувала ще влітку 2022 року, а нині контролює майже всю область.",
     CLAIM_DOC, "Більшу частину", "майже всю"),
])
def test_a_time_governs_its_own_clause(text, date, own, other):
    times = {q: (basis, s) for _, q, basis, _, s, _ in _times(text, date)}
    assert times[own][0] == "stated" and times[own][1] is not None
    assert times[other] == ("document", None)


@pytest.mark.parametrize("text", [
    "Russian forces occupy small parts of the Kharkiv region, in addition to most of the four regions Moscow "
    "annexed in September 2022.",
    "Russia holds most of the four regions it annexed in September 2022.",
])
def test_a_time_of_a_reduced_relative_clause_is_not_the_claims(text):
    for relation, q, basis, _, start, _ in _times(text, "2025-01-10"):
        if relation != "annexed":
            assert basis == "document", q
        else:
            assert start == "2022-09-01"


@pytest.mark.parametrize("text, as_of", [
    ("Russian forces captured about 2,300 sq km in November, or about 0.4% of the country.", None),  # restated
    ("Moscow said on May 24 that its forces now had full control of the Luhansk region.", "2025-05-24"),
    ("Russian forces hold about 3% of the Kharkiv region, ISW assessed on May 20.", "2025-05-20"),
])
def test_a_time_of_the_same_clause_or_of_speaking_stays(text, as_of):
    for _, q, basis, day, start, _ in _times(text, "2025-05-26"):
        assert basis == "stated", q
        assert day == as_of or (as_of is None and start == "2024-11-01")


@pytest.mark.parametrize("text", [
    "Ukrainian forces may have to withdraw from parts of the Sumy region, a military analyst warned on 19 May.",
    "Українські війська можуть бути змушені відступити з частини Сумської області, заявив аналітик 19 травня.",
    "Russia demands that Ukraine withdraw from the Donetsk region, Dmitry Peskov said on 19 May.",
])
def test_the_day_of_speaking_is_not_the_time_of_what_may_happen(text):
    claims = geo.extract(text, date="2025-05-21").claims
    assert claims and all(c.time.basis == "document" for c in claims)


def test_a_month_named_whole_is_checked_at_its_end(archive):
    """A report of 28 November on "November" is about the month: checked between 31 October and 30 November."""
    from tests.test_change import _strip_km2

    km = round(_strip_km2())
    doc = geo.extract(f"Russian forces captured about {km:,} sq km in the Donetsk region in November.",
                      date="2024-11-28")
    [v] = geo.verify(doc, archive).verifications
    assert (v.time["start"], v.time["end"], v.verdict) == ("2024-11-01", "2024-11-30", "consistent"), v.explanation


def test_a_share_continued_a_year_ago_is_the_claim_then():
    """"A year ago, the share was 18%": Russia's share of Ukraine again, a year before the document's date."""
    doc = geo.extract("Russia controlled about 7% of Ukraine before 2022. A year ago, the share was 18%.",
                      date="2025-05-08")
    last = doc.claims[-1]
    assert (last.actor, last.relation, last.regions, last.quantity.low, last.time.as_of) == (
        "RU", "controls", ("UA",), 18, "2024-05-08")


@pytest.mark.parametrize("text, as_of", [
    ("Russia controls about 19% of Ukraine. A year earlier, the figure was 17.5.", "2024-05-08"),
    ("Росія контролює близько 19% території України. Рік тому ця цифра становила 17,5.", "2024-05-08"),
    ("До 2022 года Россия контролировала около 7% территории Украины. Год назад эта доля выросла до 18%.", "2024-05-08"),
    # a period the text gives only in part: a time not known, so never checked
    ("Russian forces seized 2,356 sq km in the first half of 2025. In the same period last year, the figure was 1,700.",
     None),
    ("У першому півріччі росіяни захопили 2356 км². За аналогічний період минулого року цей показник становив 1700.",
     None),
])
def test_a_figure_continued_a_year_before_is_the_claim_then(text, as_of):
    first, again = geo.extract(text, date="2025-05-08").claims
    assert (again.actor, again.relation, again.regions) == (first.actor, first.relation, first.regions)
    assert again.time.as_of == as_of and (as_of is not None or again.time.basis == "none")


@pytest.mark.parametrize("text, relation, start, end", [
    # a time at the head of the sentence is the time of its changes, after "тоді як" too
    ("Упродовж 2024 року Сили оборони звільнили лише кілька населених пунктів, тоді як росіяни захопили від 3,6 до "
     "4,2 тис. кв. км, свідчать підрахунки аналітиків.", "captured", "2024-01-01", "2024-12-31"),
    # a time in a clause about something else is not the claim's
    ("Тим часом окупанти утримують приблизно три чверті Запорізької області, а лінія фронту за останній місяць майже "
     "не змінилася.", "holds", None, None),
])
def test_which_clause_a_time_belongs_to(text, relation, start, end):
    [claim] = [c for c in geo.extract(text, date="2025-04-14").claims if c.relation == relation]
    assert (claim.time.start, claim.time.end) == (start, end)
