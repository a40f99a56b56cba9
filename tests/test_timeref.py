"""Time references: read in English, Ukrainian and Russian, resolved against the document's date."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
from geo.timeref import find_times, resolve, strip_dates

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
    ("en", "last week", None, "2024-11-25", DOC),
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
    ("uk", "за минулий тиждень", None, "2024-11-25", DOC),
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
    ("ru", "за прошлую неделю", None, "2024-11-25", DOC),
    ("ru", "за неделю", None, "2024-11-25", DOC),
    ("ru", "за сутки", None, "2024-12-01", DOC),
    ("ru", "на прошлой неделе", None, "2024-11-25", DOC),
    ("ru", "с 6 сентября", None, "2024-09-06", DOC),
    ("ru", "до 2022 года", "2021-12-31", None, None),
    # the eve of the full-scale invasion, and a year "over the course of", "за весь"
    ("en", "before the full-scale invasion", "2022-02-23", None, None),
    ("en", "prior to Russia's invasion", "2022-02-23", None, None),
    ("uk", "до повномасштабного вторгнення", "2022-02-23", None, None),
    ("uk", "до початку повномасштабної війни", "2022-02-23", None, None),
    ("ru", "до начала полномасштабного вторжения", "2022-02-23", None, None),
    ("en", "over the course of 2023", None, "2023-01-01", "2023-12-31"),
    ("uk", "за весь 2023 рік", None, "2023-01-01", "2023-12-31"),
    ("ru", "за весь 2023 год", None, "2023-01-01", "2023-12-31"),
])
def test_time_expressions_resolve(lang, text, as_of, start, end):
    found = find_times(text)
    assert [t.text for t in found] == [text], lang
    ref = resolve(found[0], DOC)
    assert (ref.as_of, ref.start, ref.end, ref.basis) == (as_of, start, end, "stated")


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
    "Kyiv may withdraw from 2% of the region.", "in 2022%", "Маріуполь, Маріуполь",
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
    assert (doc - date.fromisoformat(ref.start)).days < 366


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
