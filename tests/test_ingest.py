"""geo.ingest: a generated corpus into DuckDB and PostGIS, reruns, kill -9, processes and Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import geo
from geo.ingest import claim_time, ingest
from geo.store import ClaimFilter, open_store
from tests.store_fixtures import N_DOCS, control_dir, corpus, duck_store, pg_url  # noqa: F401

FILTERS = [
    ClaimFilter(),
    ClaimFilter(region="UA-14"),
    ClaimFilter(actor="UA", verdict="inconsistent"),
    ClaimFilter(relation="holds", since="2024-11-01", until="2025-02-28"),
    ClaimFilter(verdict="unchecked"),
    ClaimFilter(source="Kyiv Herald"),
]
# Which regions' polygons the claims' points fall in: an ST_ query that both engines answer.
ST_QUERY = ("SELECT r.code, count(*) FROM claims c JOIN regions r ON ST_Within(c.geom, r.geom) "
            "GROUP BY r.code ORDER BY r.code")


def _expected_rejects(path: Path) -> int:
    bad = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            bad += 1
            continue
        text, date = row.get("text"), row.get("date")
        if not isinstance(text, str) or not text.strip() or (date and len(date) != 10):
            bad += 1
    return bad


def _snapshot(store) -> dict:
    return {"claims": list(store.claims()), "groups": store.groups(), "summary": store.summary(),
            "mentions": store.count("mentions")}


def test_corpus_is_stored_once_each_and_bad_rows_are_counted(duck_store, corpus):
    path, result = duck_store
    bad = _expected_rejects(corpus)
    assert bad > 0
    assert (result.read, result.rejected, result.stored + result.known) == (N_DOCS, bad, N_DOCS - bad)
    with open_store(path) as store:
        (distinct,) = store.execute("SELECT count(DISTINCT sha256) FROM documents")[0]
        assert distinct == store.count("documents") == result.stored
        assert store.count("claims") > N_DOCS // 2 and store.count("claim_groups") > 10
        verdicts = store.summary()["verdicts"]
        assert verdicts["consistent"] > 0 and verdicts["inconsistent"] > 0 and verdicts["unverifiable"] > 0


def test_a_rerun_stores_nothing_again(duck_store, corpus, control_dir):
    path, first = duck_store
    with open_store(path) as store:
        before = _snapshot(store)
        again = ingest([corpus], store, control=[control_dir])
        assert (again.stored, again.known) == (0, first.stored + first.known)
        assert _snapshot(store) == before


def test_duckdb_and_postgis_give_identical_results(duck_store, corpus, control_dir, pg_url):
    path, _ = duck_store
    with open_store(pg_url) as pg:
        ingest([corpus], pg, control=[control_dir])
        with open_store(path) as duck:
            for where in FILTERS:
                assert list(pg.claims(where)) == list(duck.claims(where)), where
            assert pg.groups() == duck.groups()
            assert pg.summary() == duck.summary()
            assert [tuple(r) for r in pg.execute(ST_QUERY)] == [tuple(r) for r in duck.execute(ST_QUERY)]
            assert len(duck.execute(ST_QUERY)) >= 4


def test_each_claim_is_checked_at_its_own_date(tmp_path, control_dir):
    rows = [{"text": f"Russia holds about 65% of the Donetsk region. ({s})", "date": d, "source": s}
            for d, s in (("2023-05-01", "A"), ("2024-11-10", "B"), ("2024-11-25", "C"), (None, "D"))]
    src = tmp_path / "four.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with open_store(tmp_path / "s.duckdb") as store:
        ingest([src], store, control=[control_dir])
        got = {c["source"]: (c["verdict"], c["control_date"]) for c in store.claims()}
        text = {r[0]: r[1] for r in store.execute("SELECT c.source, v.explanation FROM claims c JOIN verifications v "
                                                  "ON v.sha256 = c.sha256 AND v.idx = c.idx")}
    assert got["A"] == ("unverifiable", None) and "no control data on or before 2023-05-01" in text["A"]
    assert got["B"][1] == "2024-11-01" and got["C"][1] == "2024-11-20"
    assert got["D"] == ("unverifiable", None) and "no date" in text["D"]


def test_a_claims_own_time_wins_over_the_documents_date():
    doc = geo.extract("Russia holds 65% of the Donetsk region.", date="2024-11-20")
    assert claim_time(doc.claims[0], doc) == "2024-11-20"
    stated = geo.extract("As of 1 October, Russia held 65% of the Donetsk region.", date="2024-11-20")
    assert claim_time(stated.claims[0], stated) == "2024-10-01"
    period = geo.extract("Russian forces captured about 600 sq km in October.", date="2024-11-20")
    assert claim_time(period.claims[0], period) == "2024-10-31"  # a period is checked at its end


def test_a_run_killed_mid_way_and_restarted_stores_each_document_once(tmp_path, corpus, control_dir, duck_store):
    store_path = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "geo.cli", "ingest", str(corpus), "--store", str(store_path),
           "--control", str(control_dir), "--chunk-size", "40", "-v"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    commits = 0
    for line in proc.stderr:
        commits += "committed" in line
        if commits == 3:  # some chunks are in, the rest are being worked on
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with open_store(store_path) as store:
        partial = store.count("documents")
    assert 0 < partial < duck_store[1].stored
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial} already in the store" in rerun.stderr
    with open_store(store_path) as killed, open_store(duck_store[0]) as clean:
        assert _snapshot(killed) == _snapshot(clean)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    from geo.corpus import write_corpus

    return write_corpus(tmp_path_factory.mktemp("small") / "small.jsonl", 300, seed=7)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory, small_corpus, control_dir) -> dict:
    with open_store(tmp_path_factory.mktemp("local") / "s.duckdb") as store:
        ingest([small_corpus], store, control=[control_dir], chunk_size=37)
        return _snapshot(store)


@pytest.mark.parametrize("how", [{"jobs": 2}, {"jobs": 2, "scheduler": "local"}], ids=["processes", "dask"])
def test_parallel_runs_equal_the_local_run(tmp_path, small_corpus, control_dir, local_run, how):
    if "scheduler" in how:
        pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install '.[store]')")
    with open_store(tmp_path / "s.duckdb") as store:
        ingest([small_corpus], store, control=[control_dir], chunk_size=37, **how)
        assert _snapshot(store) == local_run


def test_the_cli_reads_stdin_and_reports_bad_rows(tmp_path, control_dir):
    rows = ['{"body": "Russia holds about 65% of the Donetsk region.", "published": "2024-11-21T08:00:00Z"}',
            '{"body": ""}', "not json", '{"body": "Ukraine holds 35% of the Donetsk region.", "published": "21/11"}']
    run = subprocess.run([sys.executable, "-m", "geo.cli", "ingest", "-", "--store", str(tmp_path / "s.duckdb"),
                          "--control", str(control_dir), "--column", "text=body", "--column", "date=published"],
                         input="\n".join(rows) + "\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert lines[:3] == ["geo: skipped <stdin>:2: 'body' is empty",
                         "geo: skipped <stdin>:3: not JSON (Expecting value at column 1)",
                         "geo: skipped <stdin>:4: date '21/11' is not a YYYY-MM-DD date"]
    assert "4 documents read: 1 stored, 0 already in the store, 3 bad (skipped)" in lines[-1]
    with open_store(tmp_path / "s.duckdb") as store:
        assert [(c["date"], c["control_date"]) for c in store.claims()] == [("2024-11-21", "2024-11-20")]


def test_a_bad_store_is_one_line_and_exit_2(tmp_path):
    run = subprocess.run([sys.executable, "-m", "geo.cli", "ingest", "-", "--store", str(tmp_path)],
                         input="", capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "is a folder" in run.stderr
