"""Downloads against a local HTTP server on 127.0.0.1 (never the internet): good, slow, missing, broken."""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geo.fetch import FetchError, fetch_deepstate
from tests.conftest import run_geo

GOOD = (Path(__file__).parent / "fixtures" / "control" / "deepstatemap_data_20241101.geojson").read_bytes()


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "application/json", length: int | None = None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length if length is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        kind = self.path.strip("/").split("/")[0]
        Handler.hits[kind] = Handler.hits.get(kind, 0) + 1
        if kind == "ok":
            self._send(200, GOOD, "text/plain; charset=utf-8")
        elif kind == "missing":
            self._send(404, b"not found", "text/plain")
        elif kind == "garbage":
            self._send(200, b"\x00\x01 this is not json")
        elif kind == "html":
            self._send(200, b"<html>login</html>", "text/html")
        elif kind == "nopolygons":
            self._send(200, b'{"type": "FeatureCollection", "features": []}')
        elif kind == "slow":
            time.sleep(1.0)
            self._send(200, GOOD)
        elif kind == "flaky":  # 500 first, then the file
            self._send(500, b"oops") if Handler.hits[kind] == 1 else self._send(200, GOOD)
        elif kind == "truncated":
            self._send(200, GOOD[:50], length=len(GOOD))
        elif kind == "reset":
            self.connection.close()


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def fetch(server, kind, tmp_path, **kw):
    kw = {"timeout": 0.3, "retries": 1, **kw}
    return fetch_deepstate("2024-11-01", base_url=f"{server}/{kind}", cache=tmp_path, **kw)


def test_download_then_cache(server, tmp_path):
    path, how = fetch(server, "ok", tmp_path)
    assert how == "downloaded" and path.read_bytes() == GOOD
    assert (path.parent / (path.name + ".sha256")).read_text().strip() == hashlib.sha256(GOOD).hexdigest()
    before = Handler.hits.get("ok", 0)
    assert fetch(server, "ok", tmp_path) == (path, "cached")
    assert Handler.hits["ok"] == before, "a cached snapshot must not be downloaded again"


def test_retries_a_server_error(server, tmp_path):
    path, how = fetch(server, "flaky", tmp_path)
    assert how == "downloaded" and Handler.hits["flaky"] == 2


@pytest.mark.parametrize(
    "kind, message",
    [
        ("missing", "HTTP 404"),
        ("garbage", "not JSON"),
        ("html", "'text/html', not GeoJSON"),
        ("nopolygons", "no polygons"),
        ("slow", "gave up after 2 attempts (no answer within 0.3 s"),
        ("truncated", "gave up after 2 attempts (truncated body"),
        ("reset", "gave up after 2 attempts"),
    ],
)
def test_failures_leave_no_cache(server, tmp_path, kind, message):
    with pytest.raises(FetchError, match=message.replace("(", r"\(")):
        fetch(server, kind, tmp_path)
    assert not list(tmp_path.rglob("*.geojson*")), "a failed download must leave nothing in the cache"


def test_offline_falls_back_to_the_cached_copy(server, tmp_path):
    fetch(server, "ok", tmp_path)
    path, how = fetch(server, "missing", tmp_path, refresh=True)
    assert path.read_bytes() == GOOD and how.startswith("offline:") and "using the cached copy" in how


def test_a_tampered_cache_is_not_trusted(server, tmp_path):
    path, _ = fetch(server, "ok", tmp_path)
    path.write_bytes(GOOD[:20])
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(server, "missing", tmp_path)


def test_cli_fetch(server, tmp_path):
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-01", "--base-url", f"{server}/ok",
                  "--cache-dir", str(tmp_path), "--timeout", "2")
    assert res.returncode == 0, res.stderr
    assert Path(res.stdout.strip()).read_bytes() == GOOD and "downloaded" in res.stderr
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-02", "--base-url", f"{server}/missing",
                  "--cache-dir", str(tmp_path), "--retries", "0")
    assert res.returncode == 2 and "HTTP 404" in res.stderr


@pytest.mark.parametrize("kind", ["garbage", "html", "truncated", "reset"])
def test_a_failed_refresh_keeps_the_good_cached_copy(server, tmp_path, kind):
    path, _ = fetch(server, "ok", tmp_path)
    checksum = (path.parent / (path.name + ".sha256")).read_text()
    again, how = fetch(server, kind, tmp_path, refresh=True)
    assert again == path and how.startswith("offline:")
    assert path.read_bytes() == GOOD and (path.parent / (path.name + ".sha256")).read_text() == checksum
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted([path.name, path.name + ".sha256"])
