"""The curated gazetteer: codes, names, areas, geometries and spellings."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest
import shapely

from geo.errors import GazetteerError
from geo.gazetteer import Gazetteer

DATA = Path(str(resources.files("geo.data")))
UA_CODES = {
    "UA-05", "UA-07", "UA-09", "UA-12", "UA-14", "UA-18", "UA-21", "UA-23", "UA-26", "UA-30",
    "UA-32", "UA-35", "UA-40", "UA-43", "UA-46", "UA-48", "UA-51", "UA-53", "UA-56", "UA-59",
    "UA-61", "UA-63", "UA-65", "UA-68", "UA-71", "UA-74", "UA-77",
}
UKRAINE_OFFICIAL_KM2 = 603_628
CYRILLIC = re.compile(r"^[\u0400-\u04FF' ()\-]+$")


def test_ukraine_has_27_units_with_correct_codes(gaz):
    assert {r.code for r in gaz.regions("UA")} == UA_CODES


def test_russia_has_83_federal_subjects_with_iso_codes(gaz):
    codes = [r.code for r in gaz.regions("RU")]
    assert len(codes) == len(set(codes)) == 83
    assert all(re.fullmatch(r"RU-[A-Z]{2,3}", c) for c in codes)
    assert {"RU-KRS", "RU-BEL", "RU-BRY", "RU-ROS", "RU-VOR", "RU-MOW"} <= set(codes)


def test_unit_names_in_three_languages(gaz):
    for r in gaz.regions("UA"):
        assert r.name_en.isascii() and r.name_en[0].isupper(), r.code
        assert CYRILLIC.match(r.name_uk) and CYRILLIC.match(r.name_ru), r.code


def test_official_areas_sum_to_ukraine(gaz):
    assert sum(r.official_km2 for r in gaz.regions("UA")) == UKRAINE_OFFICIAL_KM2
    assert gaz["UA"].official_km2 == UKRAINE_OFFICIAL_KM2


def test_polygon_areas_within_1_5_percent_of_ukraine(gaz):
    total = sum(r.polygon_km2 for r in gaz.regions("UA"))
    assert abs(total / UKRAINE_OFFICIAL_KM2 - 1) < 0.015


def test_every_large_area_deviation_is_documented(gaz):
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for r in gaz.regions():
        if r.official_km2 and abs(r.polygon_km2 / r.official_km2 - 1) > 0.05:
            assert f"| {r.code} |" in readme, f"{r.code} deviates but is not in data/README.md"


@pytest.mark.parametrize("simplified", [False, True])
def test_geometries_are_valid_polygons_in_4326(gaz, simplified):
    frame = gaz.boundaries(simplified=simplified)
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    ua = frame.loc[sorted(UA_CODES)]
    minx, miny, maxx, maxy = ua.total_bounds
    assert 22 < minx and maxx < 41 and 44 < miny and maxy < 53


def test_ukrainian_units_do_not_overlap(gaz):
    geoms = gaz.boundaries("UA").geometry.values
    overlap = sum(a.intersection(b).area for i, a in enumerate(geoms) for b in geoms[i + 1:])
    assert overlap < 1e-6


def test_map_layer_is_a_valid_coverage(gaz):
    """Simplified as one coverage: neighbouring oblasts still share their borders."""
    geoms = gaz.boundaries("UA", simplified=True).geometry.values
    assert shapely.coverage_is_valid(geoms)


def test_groups_expand_to_known_units(gaz):
    for entry in gaz.regions(kind="group"):
        assert entry.members and all(gaz[m].kind == "admin1" for m in entry.members)
    assert gaz.expand("FOUR-ANNEXED") == ("UA-14", "UA-09", "UA-23", "UA-65")
    assert set(gaz.expand("CRIMEA")) == {"UA-43", "UA-40"}
    assert len(gaz.expand("UA")) == 27


def test_gazetteer_matches_curated_table(gaz):
    with open(DATA / "curated" / "regions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        entry = gaz[row["code"]]
        assert (entry.name_en, entry.name_uk, entry.name_ru) == (row["name_en"], row["name_uk"], row["name_ru"])
        assert entry.official_km2 == (int(row["official_km2"]) if row["official_km2"] else None)


@pytest.mark.parametrize(
    "name, code",
    [
        # current English, legacy and press spellings
        ("Kyiv", "UA-30"), ("Kiev", "UA-30"), ("Kyiv Oblast", "UA-32"), ("Kiev region", "UA-32"),
        ("Kharkiv", "UA-63"), ("Kharkov", "UA-63"), ("Luhansk", "UA-09"), ("Lugansk", "UA-09"),
        ("Zaporizhzhia", "UA-23"), ("Zaporozhye", "UA-23"), ("Zaporizhzhya", "UA-23"), ("Zaporizhia", "UA-23"),
        ("Mykolaiv", "UA-48"), ("Mykolayiv", "UA-48"), ("Nikolaev", "UA-48"), ("Odesa", "UA-51"),
        ("Odessa", "UA-51"), ("Dnipropetrovsk", "UA-12"), ("Dnepropetrovsk", "UA-12"),
        ("Donetsk", "UA-14"), ("Donets'k", "UA-14"), ("Donets’k", "UA-14"), ("DONETSK", "UA-14"),
        ("Donetska", "UA-14"), ("Kropyvnytskyi", "UA-35"), ("Kirovohrad", "UA-35"), ("Kirovograd", "UA-35"),
        ("Khmelnytskyi", "UA-68"), ("Khmelnitsky", "UA-68"), ("Ivano-Frankivsk", "UA-26"),
        ("Ivano Frankivsk", "UA-26"), ("Zakarpattia", "UA-21"), ("Transcarpathia", "UA-21"),
        ("Lviv", "UA-46"), ("Lvov", "UA-46"), ("Chernihiv", "UA-74"), ("Chernigov", "UA-74"),
        ("Chernivtsi", "UA-77"), ("Rivne", "UA-56"), ("Rovno", "UA-56"), ("Ternopil", "UA-61"),
        ("Sevastopol", "UA-40"), ("Autonomous Republic of Crimea", "UA-43"), ("Zaporižžja", "UA-23"),
        # Ukrainian and Russian, with case endings
        ("Донецька область", "UA-14"), ("Донецькій", "UA-14"), ("Донецкой", "UA-14"),
        ("Запорізька область", "UA-23"), ("Запорожская область", "UA-23"), ("Херсонщина", "UA-65"), ("Луганщину", "UA-09"), ("Волинь", "UA-07"),
        ("Харківська", "UA-63"), ("Харьковской", "UA-63"), ("Київ", "UA-30"), ("Києва", "UA-30"),
        ("Киев", "UA-30"), ("Харкова", "UA-63"), ("Миколаєва", "UA-48"), ("Чернігова", "UA-74"), ("Луганська", "UA-09"), ("Миколаївська область", "UA-48"),
        ("Курская область", "RU-KRS"), ("Курській", "RU-KRS"), ("Бєлгородська", "RU-BEL"),
        # Russia, groups, countries, comparison places, institutions
        ("Kursk", "RU-KRS"), ("Belgorod", "RU-BEL"), ("Bryansk", "RU-BRY"), ("Moscow", "RU-MOW"),
        ("Donbas", "DONBAS"), ("Donbass", "DONBAS"), ("Донбасі", "DONBAS"), ("Crimea", "CRIMEA"),
        ("Криму", "CRIMEA"), ("Ukraine", "UA"), ("Україна", "UA"), ("Russia", "RU"), ("Virginia", "US-VA"),
        ("Wales", "GB-WLS"), ("Belgium", "BE"), ("Kremlin", "RU-KREMLIN"), ("US", "US"), ("us", None),
        ("Perm", "RU-PER"), ("perm", None), ("Nowhere", None),
    ],
)
def test_lookup_spellings(gaz, name, code):
    found = gaz.lookup(name)
    assert (found.code if found else None) == code


def test_unknown_code_says_where_to_look(gaz):
    with pytest.raises(GazetteerError, match=r"'UA-99'.*geo regions"):
        gaz["UA-99"]


def test_unknown_country_lists_the_valid_ones(gaz):
    with pytest.raises(GazetteerError, match=r"'XX'.*UA, RU"):
        gaz.regions("XX")


def test_bad_gazetteer_file(tmp_path):
    path = tmp_path / "g.json"
    path.write_text('{"schema": "other"}', encoding="utf-8")
    with pytest.raises(GazetteerError, match="not a geo.gazetteer/1 file"):
        Gazetteer.from_file(path)
