"""Range fetches pinned in a manifest, against a local archive on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import hashlib
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from geo.archive import fetch_range
from geo.errors import InputError
from geo.fetch import FetchError
from geo.snapshots import read_snapshots
from tests.conftest import run_geo, serving

GOOD = (Path(__file__).parent / "fixtures" / "control" / "deepstatemap_data_20241101.geojson").read_bytes()
SHA_A, SHA_B = "a" * 40, "b" * 40


class Archive(BaseHTTPRequestHandler):
    """``/<commit>/data/deepstatemap_data_YYYYMMDD.geojson``; ``/commits/main`` answers the latest commit.

    Commit B changed the file of 2024-11-02; 2024-11-03 was never archived.
    """

    requests: list[str] = []
    latest = SHA_A

    def log_message(self, *args):
        pass

    def do_GET(self):
        Archive.requests.append(self.path)
        if self.path == "/commits/main":
            return self._send(200, Archive.latest.encode(), "application/vnd.github.sha")
        parts = self.path.strip("/").split("/")
        if len(parts) != 3 or parts[1] != "data" or "20241103" in parts[2]:
            return self._send(404, b"not found", "text/plain")
        body = GOOD
        if parts[0] == SHA_B and "20241102" in parts[2]:
            body = GOOD.replace(b'"type"', b' "type"', 1)  # the same data, other bytes: a changed file
        self._send(200, body, "text/plain; charset=utf-8")

    def _send(self, code: int, body: bytes, ctype: str):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    with serving(Archive) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_archive():
    Archive.requests.clear()
    Archive.latest = SHA_A


def fetch(server, cache, start="2024-11-01", end="2024-11-04", **kw):
    return fetch_range(start, end, cache=cache, base_url=f"{server}/{{commit}}/data",
                       commits_url=f"{server}/commits/main", timeout=2, retries=0, **kw)


def test_a_range_is_fetched_pinned_and_resumable(server, tmp_path):
    report = fetch(server, tmp_path)
    assert report.commit == SHA_A
    assert report.downloaded == ["2024-11-01", "2024-11-02", "2024-11-04"]
    assert report.missing_upstream == ["2024-11-03"]
    manifest = json.loads(report.manifest.read_text())
    assert manifest["schema"] == "geo.snapshots/1"
    first = manifest["snapshots"][0]
    assert first["url"] == f"{server}/{SHA_A}/data/deepstatemap_data_20241101.geojson"
    assert first["sha256"] == hashlib.sha256(GOOD).hexdigest() and first["commit"] == SHA_A
    Archive.requests.clear()
    again = fetch(server, tmp_path)
    assert again.cached == ["2024-11-01", "2024-11-02", "2024-11-04"]
    assert Archive.requests == ["/commits/main", f"/{SHA_A}/data/deepstatemap_data_20241103.geojson"], \
        "only the day still missing is asked for again"
    found = read_snapshots(tmp_path / "deepstate")
    assert found.dates == ["2024-11-01", "2024-11-02", "2024-11-04"]
    assert found.missing() == ["2024-11-03"] and found.at("2024-11-03").date == "2024-11-02"


def test_an_upstream_change_is_reported_and_not_used(server, tmp_path):
    fetch(server, tmp_path)
    pinned = (tmp_path / "deepstate" / "deepstatemap_data_20241102.geojson").read_bytes()
    Archive.latest = SHA_B
    report = fetch(server, tmp_path, refresh=True)
    assert report.changed == ["2024-11-02"] and "CHANGED upstream" in report.summary()
    assert (tmp_path / "deepstate" / "deepstatemap_data_20241102.geojson").read_bytes() == pinned
    entry = {e["date"]: e for e in json.loads(report.manifest.read_text())["snapshots"]}["2024-11-02"]
    assert entry["commit"] == SHA_A, "the pinned entry stays"
    accepted = fetch(server, tmp_path, refresh=True, accept_changes=True)
    entry = {e["date"]: e for e in json.loads(accepted.manifest.read_text())["snapshots"]}["2024-11-02"]
    assert entry["commit"] == SHA_B and entry["sha256"] != hashlib.sha256(pinned).hexdigest()


def test_a_file_changed_in_the_cache_is_refused_and_restored(server, tmp_path):
    fetch(server, tmp_path)
    path = tmp_path / "deepstate" / "deepstatemap_data_20241101.geojson"
    path.write_bytes(GOOD.replace(b"Feature", b"Feature ", 1))
    with pytest.raises(InputError, match="changed since it was fetched"):
        read_snapshots(tmp_path / "deepstate").read("2024-11-01")
    report = fetch(server, tmp_path, end="2024-11-01")
    assert report.downloaded == ["2024-11-01"] and path.read_bytes() == GOOD


def test_a_bad_commit_answer_stops_with_a_clear_error(server, tmp_path):
    Archive.latest = "not-a-sha"
    with pytest.raises(FetchError, match="not a commit sha"):
        fetch(server, tmp_path)


def test_an_unpinned_mirror_is_said_so(server, tmp_path):
    report = fetch_range("2024-11-01", "2024-11-01", cache=tmp_path, base_url=f"{server}/{SHA_A}/data",
                         timeout=2, retries=0)
    assert report.commit is None and "names no commit" in report.notes[0]
    assert "unpinned" in report.summary()


def test_cli_fetch_range_then_list(server, tmp_path):
    args = ["--cache-dir", str(tmp_path), "--base-url", f"{server}/{{commit}}/data",
            "--commits-url", f"{server}/commits/main", "--retries", "0"]
    res = run_geo("control", "fetch", "deepstate", "--from", "2024-11-01", "--to", "2024-11-04", *args)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(tmp_path / "deepstate" / "manifest.json")
    assert "3 downloaded" in res.stderr and "1 not in the archive (2024-11-03)" in res.stderr
    assert "snapshots" not in res.stderr, "no progress bar when stderr is not a terminal"
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-02", *args)
    assert res.returncode == 0 and "cached" in res.stderr
    assert res.stdout.strip().endswith("deepstatemap_data_20241102.geojson")
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-03", *args)
    assert res.returncode == 2 and "HTTP 404" in res.stderr
    res = run_geo("control", "list", str(tmp_path / "deepstate"), "--to", "2024-11-06")
    assert res.returncode == 0, res.stderr
    assert "2024-11-01  pinned" in res.stdout
    assert "3 snapshots, 2024-11-01 to 2024-11-04; 3 days missing: 2024-11-03, 2024-11-05..2024-11-06" in res.stdout
    res = run_geo("control", "fetch", "deepstate", *args)
    assert res.returncode == 2 and "--date D, or --from" in res.stderr


def test_commands_pick_the_snapshot_of_the_texts_date(server, tmp_path):
    fetch(server, tmp_path)
    text = tmp_path / "r.txt"
    text.write_text("Russia controls about 60% of the Donetsk region.", encoding="utf-8")
    res = run_geo("verify", str(text), "--date", "2024-11-03", "--control", str(tmp_path / "deepstate"),
                  "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["control"]["date"] == "2024-11-02"
    assert "snapshot of 2024-11-02 for 2024-11-03 (1 day earlier)" in res.stderr
    res = run_geo("verify", str(text), "--date", "2024-11-03", "--control",
                  str(tmp_path / "deepstate" / "manifest.json"), "--format", "json")
    assert res.returncode == 0 and json.loads(res.stdout)["control"]["date"] == "2024-11-02"
