"""Earlier values of a comparison and continued shares: claims of their own, at their own time (geo.compared)."""

from __future__ import annotations

import json

import pytest
import shapely

import geo
from geo.control import read_control
from geo.verify import verify
from tests.test_change import _write


def _times(text: str, date: str) -> list[tuple]:
    """(figure, actor, relation, regions, source, as_of or (start, end) or basis) of each claim."""
    out = []
    for c in geo.extract(text, date=date).claims:
        t = c.time
        when = t.as_of if t.as_of else (t.start, t.end) if t.start else t.basis
        out.append((c.quantity.text if c.quantity else None, c.actor, c.relation, c.regions, c.attribution, when))
    return out


@pytest.mark.parametrize("text, date, expected", [
    # relative to the document's date
    ("Russian forces now control about 77% of the Donetsk region, up from roughly 65% a year ago, according to ISW.",
     "2025-11-10", [("about 77%", "RU", "controls", ("UA-14",), "ISW", "2025-11-10"),
                    ("roughly 65%", "RU", "controls", ("UA-14",), "ISW", "2024-11-10")]),
    ("Зараз Росія контролює близько 78% Донецької області, тоді як рік тому — приблизно 65%, підрахували аналітики.",
     "2025-11-05", [("близько 78%", "RU", "controls", ("UA-14",), "аналітики", "2025-11-05"),
                    ("приблизно 65%", "RU", "controls", ("UA-14",), "аналітики", "2024-11-05")]),
    ("Россия контролирует около 77% Донецкой области по сравнению с 65% год назад.", "2025-11-10",
     [("около 77%", "RU", "controls", ("UA-14",), None, "2025-11-10"),
      ("65%", "RU", "controls", ("UA-14",), None, "2024-11-10")]),
    ("Russia holds about 19% of Ukraine, compared with 18% six months ago.", "2025-11-10",
     [("about 19%", "RU", "holds", ("UA",), None, "2025-11-10"), ("18%", "RU", "holds", ("UA",), None, "2025-05-10")]),
    # relative to the time of the claim it is compared with
    ("By November 25, Russian troops held about 19.3% of Ukraine, according to DeepState, compared with 18.6% a year "
     "earlier.", "2025-11-27", [("about 19.3%", "RU", "holds", ("UA",), "DeepState", "2025-11-25"),
                                ("18.6%", "RU", "holds", ("UA",), "DeepState", "2024-11-25")]),
    ("Под контролем российских сил находится около 19,3% территории Украины против 18,6% годом ранее.", "2025-11-20",
     [("около 19,3%", "RU", "controls", ("UA",), None, "2025-11-20"),
      ("18,6%", "RU", "controls", ("UA",), None, "2024-11-20")]),
    ("Станом на 1 жовтня окупанти контролювали 19% території України проти 18% роком раніше.", "2025-11-20",
     [("19%", "RU", "controls", ("UA",), None, "2025-10-01"), ("18%", "RU", "controls", ("UA",), None, "2024-10-01")]),
    # stated
    ("Russia's share of the Donetsk region rose to 70% in May, from 66% at the start of the year, according to "
     "DeepState.", "2025-06-03", [("70%", "RU", "controls", ("UA-14",), "DeepState", ("2025-05-01", "2025-05-31")),
                                  ("66%", "RU", "controls", ("UA-14",), "DeepState", "2025-01-01")]),
    ("Частка окупованої території Донеччини у травні зросла до 70% — з 66% на початку року, свідчать дані DeepState.",
     "2025-06-03", [("70%", "RU", "occupies", ("UA-14",), "дані DeepState", ("2025-05-01", "2025-05-31")),
                    ("66%", "RU", "occupies", ("UA-14",), "дані DeepState", "2025-01-01")]),
    ("Доля оккупированной территории Запорожской области выросла до 75% с 73% в начале года.", "2025-06-03",
     [("75%", "RU", "occupies", ("UA-23",), None, "2025-06-03"), ("73%", "RU", "occupies", ("UA-23",), None, "2025-01-01")]),
    ("Russian troops control about 19% of Ukraine, versus 18% at the end of 2024.", "2025-06-03",
     [("about 19%", "RU", "controls", ("UA",), None, "2025-06-03"), ("18%", "RU", "controls", ("UA",), None, "2024-12-31")]),
    ("Росія контролює 19% території України, тоді як на початку 2024 року — 17,5%.", "2025-06-03",
     # "на початку 2024 року" is early 2024, its first third (`geo.timeref.PARTS`)
     [("19%", "RU", "controls", ("UA",), None, "2025-06-03"),
      ("17,5%", "RU", "controls", ("UA",), None, ("2024-01-01", "2024-04-30"))]),
    # "the start of the year" of the figure compared with, not of the document
    ("Russia held about 19% of Ukraine as of November 1, against 18% at the start of the year, DeepState said.",
     "2025-06-03", [("about 19%", "RU", "holds", ("UA",), "DeepState", "2024-11-01"),
                    ("18%", "RU", "holds", ("UA",), "DeepState", "2024-01-01")]),
    # a figure of another place compared with: that place, at the same time unless it gives one
    ("Russian forces control 70% of the Donetsk region, compared with 99% of the Luhansk region.", "2025-06-03",
     [("70%", "RU", "controls", ("UA-14",), None, "2025-06-03"), ("99%", "RU", "controls", ("UA-09",), None,
                                                                  "2025-06-03")]),
    ("Russian forces control 70% of the Donetsk region, compared with 60% of the Zaporizhzhia region a year ago.",
     "2025-06-03", [("70%", "RU", "controls", ("UA-14",), None, "2025-06-03"),
                    ("60%", "RU", "controls", ("UA-23",), None, "2024-06-03")]),
    # a change keeps its kind, over its own period
    ("Russian forces captured about 500 square kilometres in May, up from 400 square kilometres in April.", "2025-06-03",
     [("about 500 square kilometres", "RU", "captured", ("UA",), None, ("2025-05-01", "2025-05-31")),
      ("400 square kilometres", "RU", "captured", ("UA",), None, ("2025-04-01", "2025-04-30"))]),
    ("Russian forces captured about 500 square kilometres in May, up from 400 square kilometres a month earlier.",
     "2025-06-03", [("about 500 square kilometres", "RU", "captured", ("UA",), None, ("2025-05-01", "2025-05-31")),
                    ("400 square kilometres", "RU", "captured", ("UA",), None, ("2025-04-01", "2025-04-30"))]),
    # "from 66% to 70%": the old and the new value, not a range
    ("Russia's share of the Donetsk region rose from 66% in January to 70% in May.", "2025-06-03",
     [("66%", "RU", "controls", ("UA-14",), None, ("2025-01-01", "2025-01-31")),
      ("70%", "RU", "controls", ("UA-14",), None, ("2025-05-01", "2025-05-31"))]),
    ("Russia's share of the Donetsk region rose from 66% to 70% in May.", "2025-06-03",
     [("66%", "RU", "controls", ("UA-14",), None, "none"),
      ("70%", "RU", "controls", ("UA-14",), None, ("2025-05-01", "2025-05-31"))]),
    ("Доля оккупированной территории Донецкой области выросла с 66% до 70%.", "2025-06-03",
     [("66%", "RU", "occupies", ("UA-14",), None, "none"), ("70%", "RU", "occupies", ("UA-14",), None, "2025-06-03")]),
    # no time given for the earlier value: not known, so never checked against another day's data
    ("Moscow's forces now control about 11% of the Kharkiv region, up from 3%.", "2025-06-03",
     [("about 11%", "RU", "controls", ("UA-63",), None, "2025-06-03"), ("3%", "RU", "controls", ("UA-63",), None, "none")]),
    # a share continued in a later clause: the same actor and land, at that clause's time
    ("Before 2022, Russia and its proxies controlled about 7% of Ukraine. Three years into the full-scale war, that "
     "share has risen to nearly 19%.", "2025-02-24",
     [("about 7%", "RU", "controls", ("UA",), None, "2021-12-31"), ("nearly 19%", "RU", "controls", ("UA",), None,
                                                                     "2025-02-24")]),
    ("До 2022 року Росія контролювала близько 7% території України. Зараз ця частка зросла до майже 19%.", "2025-02-24",
     [("близько 7%", "RU", "controls", ("UA",), None, "2021-12-31"), ("майже 19%", "RU", "controls", ("UA",), None,
                                                                       "2025-02-24")]),
    ("До 2022 года Россия контролировала около 7% территории Украины, а сейчас эта доля выросла до 19%.", "2025-02-24",
     [("около 7%", "RU", "controls", ("UA",), None, "2021-12-31"), ("19%", "RU", "controls", ("UA",), None,
                                                                     "2025-02-24")]),
])
def test_earlier_values_at_their_own_time(text, date, expected):
    assert _times(text, date) == expected


@pytest.mark.parametrize("text", [
    "Russia holds about 19% of Ukraine, against Ukraine's 1%.",  # not an earlier value
    "Russia's share of Ukraine's grain exports rose to 30% from 20% a year ago.",  # not land
    "Russian forces control up to 70% of the Donetsk region.",  # "up to" is a hedge, not a change
])
def test_no_earlier_value(text):
    doc = geo.extract(text, date="2025-06-03")
    assert not [c for c in doc.claims if c.quantity is not None and c.quantity.low not in (19.0, None)
                and c.quantity.high != 70.0], doc.claims


def test_rose_to_is_a_value_and_from_is_the_earlier_one():
    doc = geo.extract("Russia's share of the Donetsk region rose to 70% in May, from 66% at the start of the year.",
                      date="2025-06-03")
    assert [(q.low, q.high, q.hedge) for q in doc.quantities] == [(70.0, 70.0, None), (66.0, 66.0, None)]
    assert [c.quantity.low for c in doc.claims] == [70.0, 66.0]


@pytest.mark.parametrize("text, figures", [
    ("Russia's share of the Donetsk region rose from 66% to 70% in May.", [(66, 66, None), (70, 70, None)]),
    ("Частка окупованої території Донеччини зросла з 66% у січні до 70% у травні.", [(66, 66, None), (70, 70, None)]),
    ("Russian forces increased their control of the Donetsk region from 66 to 70% this year.",
     [(66, 66, None), (70, 70, None)]),
    ("Russia controls from 70 to 80% of the four regions.", [(70, 80, None)]),  # a range
    ("Росія контролює до 70% Донецької області.", [(None, 70, "upper")]),  # "up to"
])
def test_changed_from_to_is_two_figures(text, figures):
    assert [(q.low, q.high, q.hedge) for q in geo.extract(text).quantities] == figures


@pytest.mark.parametrize("text, expected", [
    ("Russian gains rose to 500 sq km in May from 400 in April.",
     [("500 sq km", "captured", ("2025-05-01", "2025-05-31")), ("400", "captured", ("2025-04-01", "2025-04-30"))]),
    ("Russian forces captured about 380 square kilometres in April. In March, the figure was 240.",
     [("about 380 square kilometres", "captured", ("2025-04-01", "2025-04-30")),
      ("240", "captured", ("2025-03-01", "2025-03-31"))]),
    ("У травні росіяни захопили близько 460 квадратних кілометрів. У квітні цей показник становив 520.",
     [("близько 460 квадратних кілометрів", "captured", ("2025-05-01", "2025-05-31")),
      ("520", "captured", ("2025-04-01", "2025-04-30"))]),
    ("В мае российские войска продвинулись на 240 квадратных километров. В апреле — на 330.",
     [("240 квадратных километров", "captured", ("2025-05-01", "2025-05-31")),
      ("330", "captured", ("2025-04-01", "2025-04-30"))]),
    # a year, a count, a figure with its own unit: nothing carried
    ("Russian forces captured 500 sq km in May, up from 2024.", [("500 sq km", "captured", ("2025-05-01", "2025-05-31"))]),
    ("Russian forces captured 500 sq km in May. In April, the figure was 12 villages.",
     [("500 sq km", "captured", ("2025-05-01", "2025-05-31"))]),
])
def test_a_number_takes_the_unit_of_the_figure_before(text, expected):
    doc = geo.extract(text, date="2025-06-03")
    assert [(c.quantity.text, c.relation, (c.time.start, c.time.end)) for c in doc.claims] == expected
    assert all(c.change is not None and c.change.direction == "gain" for c in doc.claims)


def test_earlier_value_is_valid_json(validate):
    doc = geo.extract("Russian forces now control about 77% of the Donetsk region, up from roughly 65% a year ago.",
                      date="2025-11-10")
    out = json.loads(doc.to_json())
    validate(out)
    assert len({c["id"] for c in out["claims"]}) == 2
    assert "loosely: within 7 days" in out["claims"][1]["time"]["note"]


# --- verification: each value against the snapshot of its own time --------------------------------------

#: A box west of the Donetsk front: the later snapshot is the shared one grown by it.
GROWN = (36.9, 47.9, 37.5, 48.5)


@pytest.fixture(scope="module")
def two_years(shared_control, tmp_path_factory):
    """The shared 2024-11-20 snapshot, and a copy grown by a box in the Donetsk region dated 2025-11-20; the
    Russian-held share of the Donetsk region on each."""
    folder = tmp_path_factory.mktemp("snapshots")
    base = read_control(shared_control)
    _write(folder, "2024-11-20", base.held_by_russia())
    _write(folder, "2025-11-20", shapely.union(base.held_by_russia(), shapely.box(*GROWN)))
    shares = []
    for day in ("2024-11-20", "2025-11-20"):
        [v] = verify(geo.extract("Russia controls 50% of the Donetsk region.", date=day), folder).verifications
        assert v.snapshot["date"] == day
        shares.append(v.measured)
    assert shares[1] > shares[0] + 5
    return folder, shares


def test_the_earlier_value_is_checked_against_the_earlier_snapshot(two_years, validate_verify):
    folder, (then, now) = two_years
    text = "Russian forces now control about {now:.0f}% of the Donetsk region, up from roughly {then:.0f}% {when}."
    doc = geo.extract(text.format(now=now, then=then, when="a year ago"), date="2025-11-20")
    report = verify(doc, folder)
    validate_verify(json.loads(report.to_json()))
    main, earlier = report.verifications
    assert (main.snapshot["date"], main.verdict) == ("2025-11-20", "consistent")
    assert (earlier.snapshot["date"], earlier.verdict) == ("2024-11-20", "consistent"), earlier.explanation
    # the later share said of a year ago is false: it was checked against the earlier snapshot
    doc = geo.extract(text.format(now=now, then=now, when="a year ago").replace("roughly ", ""), date="2025-11-20")
    assert verify(doc, folder).verifications[1].verdict == "inconsistent"


def test_an_earlier_value_with_no_snapshot_near_its_time(two_years):
    folder, (then, now) = two_years
    doc = geo.extract(f"Russian forces now control about {now:.0f}% of the Donetsk region, up from roughly 60% two "
                      "years ago.", date="2025-11-20")
    main, earlier = verify(doc, folder).verifications
    assert main.verdict == "consistent"
    assert earlier.verdict == "unverifiable" and "no snapshot near 2023-11-20" in earlier.explanation


def test_an_earlier_value_of_no_known_time_is_not_checked(two_years):
    folder, (then, now) = two_years
    doc = geo.extract(f"Russian forces now control about {now:.0f}% of the Donetsk region, up from {then:.0f}%.",
                      date="2025-11-20")
    main, earlier = verify(doc, folder).verifications
    assert main.verdict == "consistent"
    assert earlier.verdict == "unverifiable" and "an earlier value, at a time the text does not give" in \
        earlier.explanation


def test_an_earlier_change_is_checked_over_its_own_period(tmp_path):
    """A capture of November and the one of October it is compared with: each over its own month."""
    from tests.test_change import BLOCK, STRIP, _strip_km2

    _write(tmp_path, "2024-10-31", shapely.box(*BLOCK))
    _write(tmp_path, "2024-11-30", shapely.box(STRIP[0], BLOCK[1], BLOCK[2], BLOCK[3]))
    km = round(_strip_km2())
    doc = geo.extract(f"Russian forces captured about {km} sq km in the Donetsk region in November, up from {2 * km} in "
                      "October.", date="2024-12-02")
    november, october = verify(doc, tmp_path).verifications
    assert november.verdict == "consistent", november.explanation
    assert october.change["direction"] == "gain" and october.time["start"] == "2024-10-01"
    assert october.verdict == "unverifiable" and "no snapshot near 2024-10-01" in october.explanation


def test_the_map_shades_the_latest_share_and_says_when_each_claim_is():
    """Without control data a region is shaded by the latest share the text states; the panel gives each
    claim's time, and "time not known" for an earlier value the text gives none for."""
    from geo.render import _stated_shares, map_html

    doc = geo.extract("Russia's share of the Donetsk region rose from 66% in January to 70% in May. Russian forces "
                      "now control about 99% of the Luhansk region, up from 94%.", date="2025-06-03")
    assert _stated_shares(doc, geo.Gazetteer.default()) == {"UA-14": (0.7, "70%"), "UA-09": (0.99, "about 99%")}
    html = map_html(doc)
    assert "66% · Donetsk · 2025-01-01 to 2025-01-31" in html and "70% · Donetsk · 2025-05-01 to 2025-05-31" in html
    assert "94% · Luhansk · time not known" in html and "about 99% · Luhansk (asserted)" in html


@pytest.mark.parametrize("text", [
    "Russian troops took an estimated 2,700 square kilometres in November; Ukrainian officials put Russian "
    "casualties at more than 45,000 for the month.",
    "Russian forces captured 500 sq km in May, more than 1,200 soldiers were killed.",
])
def test_more_than_a_number_of_men_is_no_earlier_value(text):
    """"more than 45,000" is a hedge on a count of casualties, not a comparison carrying km² over."""
    assert [q.unit for q in geo.extract(text).quantities] == ["km2"]


@pytest.mark.parametrize("text, start", [
    ("За листопад російські війська окупували 505 км² української території, у жовтні — 461.", "2025-10-01"),
    ("Russian forces captured 500 sq km in November, in October 461.", "2025-10-01"),
])
def test_an_elliptic_clause_at_the_end_of_the_sentence_is_the_claim_again(text, start):
    first, again = geo.extract(text, date="2025-12-01").claims
    assert (again.relation, again.regions, again.quantity.unit, again.time.start) == ("captured", ("UA",), "km2", start)


def test_a_count_after_a_comma_is_no_carried_figure():
    assert [q.unit for q in geo.extract("Russian forces captured 500 sq km in May, killing 400.").quantities] == ["km2"]
