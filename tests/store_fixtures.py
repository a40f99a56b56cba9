"""Fixtures of the corpus tests: a generated corpus, two control snapshots, stores on DuckDB and PostGIS.

PostgreSQL: ``GEO_TEST_POSTGRES_URL`` (exported by ``.ci/run``), else a throwaway cluster started
with ``.ci/postgres`` on 127.0.0.1; the tests that need it skip, saying why, when neither works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from geo.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
#: Documents in the shared test corpus ("a few thousand").
N_DOCS = 2000


@pytest.fixture(scope="session")
def control_dir(tmp_path_factory) -> Path:
    """Two snapshots (2024-11-01 and 2024-11-20) in one folder, as a newsroom keeps them."""
    folder = tmp_path_factory.mktemp("control")
    for name in ("deepstatemap_data_20241101.geojson", "isw_control_2024-11-20.geojson"):
        shutil.copy(ROOT / "tests" / "fixtures" / "control" / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", N_DOCS, seed=19)


@pytest.fixture(scope="session")
def duck_store(tmp_path_factory, corpus, control_dir):
    """The corpus ingested into DuckDB once: (path, IngestResult)."""
    from geo.ingest import ingest
    from geo.store import open_store

    path = tmp_path_factory.mktemp("duck") / "claims.duckdb"
    with open_store(path) as store:
        result = ingest([corpus], store, control=[control_dir])
    return path, result


_OWN_PORT = "55433"  # the cluster the tests start themselves where GEO_TEST_POSTGRES_URL is not set


def _server_url() -> tuple[str, bool]:
    """The server's URL, and whether this session started it (and so stops it at the end)."""
    import socket

    url = os.environ.get("GEO_TEST_POSTGRES_URL")
    if url:
        return url, False
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql-15 postgresql-15-postgis-3) "
                    "and GEO_TEST_POSTGRES_URL is not set")
    with socket.socket() as probe:
        running = probe.connect_ex(("127.0.0.1", int(_OWN_PORT))) == 0
    run = subprocess.run([str(ROOT / ".ci" / "postgres"), _OWN_PORT], capture_output=True, text=True)
    if run.returncode:
        pytest.skip(f"PostgreSQL could not start here: {run.stderr.strip().splitlines()[-1:]}")
    return run.stdout.strip(), not running


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database with PostGIS, dropped at the end of the session."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install '.[test]')")
    server, started = _server_url()
    name = f"geo_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
    except psycopg.Error as err:
        pytest.skip(f"PostgreSQL at {server} does not answer: {err}")
    url = server.rsplit("/", 1)[0] + "/" + name
    yield url
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    if started:  # leave no server running behind the tests
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", _OWN_PORT], capture_output=True)
