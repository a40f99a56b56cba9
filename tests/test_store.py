"""geo.store: schema, versions and migration, idempotent writes, claim groups."""

from __future__ import annotations

import pytest

from geo.errors import InputError
from geo.store import SCHEMA_VERSION, TABLES, _group, open_store


def test_a_new_store_has_every_table_and_the_regions(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.version == SCHEMA_VERSION and store.engine == "duckdb"
        assert all(store.count(t) == 0 for t in TABLES if t != "regions")
        (name, area), = store.execute("SELECT name, round(ST_Area(geom), 1) FROM regions WHERE code = 'UA-14'")
        assert name == "Donetsk" and area > 2


def test_a_store_of_a_newer_geo_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        store.execute("INSERT INTO geo_schema VALUES (99)")
    with pytest.raises(InputError, match="schema version 99, newer than this geo"):
        open_store(path)


def test_an_older_store_is_migrated_when_opened(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE geo_schema (version BIGINT NOT NULL)")  # version 0: a store before any table
    con.close()
    with open_store(path) as store:
        assert store.execute("SELECT version FROM geo_schema ORDER BY version") == [(1,)]
        assert store.count("claims") == 0


def _doc(sha: str) -> dict:
    return {"documents": [(sha, "x.jsonl:1", "2024-11-20", "Wire", None, None, "en", 10, 0, 0)]}


def test_writing_a_document_twice_stores_it_once(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.write([_doc("a"), _doc("a"), _doc("b")]) == 2
        assert store.write([_doc("b"), _doc("c")]) == 1
        assert store.count("documents") == 3 and store.known(["a", "z"]) == {"a"}


def _claim(date, source, low, high=None, verdict="inconsistent", acc=(60.0, 70.0), regions="UA-14"):
    high = low if high is None else high
    return ("RU", "controls", regions, "%", date, source, f"{date}{source}", 0, low, high, *acc, f"{low}%", verdict)


@pytest.mark.parametrize("rows, counts", [
    # the same figure from three outlets within 30 days: one group
    ([_claim("2024-11-01", "A", 65), _claim("2024-11-02", "B", 66), _claim("2024-11-20", "C", 64)], [3]),
    # a figure outside the first one's tolerance starts a group of its own
    ([_claim("2024-11-01", "A", 65), _claim("2024-11-02", "B", 80, acc=(76, 84))], [1, 1]),
    # the same figure after more than 30 days of silence is a new group
    ([_claim("2024-11-01", "A", 65), _claim("2024-12-15", "B", 65)], [1, 1]),
    # other regions are other claims
    ([_claim("2024-11-01", "A", 65), _claim("2024-11-01", "B", 65, regions="UA-09")], [1, 1]),
])
def test_claim_groups(rows, counts):
    rows = sorted(rows, key=lambda r: (r[:4], r[4], r[5]))
    assert [g[12] for g in _group(rows, 30)] == counts


def test_a_group_knows_who_said_it_first_and_its_verdict_history():
    rows = [_claim("2024-11-01", "Kyiv Wire", 65, verdict="unverifiable"), _claim("2024-11-03", "Riga Post", 65),
            _claim("2024-11-04", "Kyiv Wire", 65)]
    (g,) = _group(rows, 30)
    first_source, count, outlets, verdict, history = g[9], g[12], g[13], g[15], g[16]
    assert (first_source, count, outlets, verdict) == ("Kyiv Wire", 3, 2, "inconsistent")
    assert history == '[["2024-11-01", "unverifiable"], ["2024-11-03", "inconsistent"]]'
