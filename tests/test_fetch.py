"""Downloads against a local HTTP server on 127.0.0.1 (never the internet): good, slow, missing, broken."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

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
        elif kind in HOSTILE:
            HOSTILE[kind](self)


def _stream(handler, piece: bytes, count: int, pause: float) -> None:
    """Headers with no length, then *piece* *count* times (bounded), until the client hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    try:
        for _ in range(count):
            handler.wfile.write(piece)
            handler.wfile.flush()
            time.sleep(pause)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _redirect(to: str):
    def send(handler):
        target = to.replace("PORT", str(handler.server.server_address[1]))
        handler.send_response(302)
        handler.send_header("Location", target + "/" + handler.path.rsplit("/", 1)[-1])
        handler.end_headers()
    return send


def _json(body) -> Callable:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return lambda h: h._send(200, raw)


def _square(x: float, y: float, d: float = 1.0) -> dict:
    ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


#: Hostile servers and bodies: each must end in a clear FetchError with nothing cached.
HOSTILE: dict[str, Callable] = {
    "trickle": lambda h: _stream(h, b" ", 200, 0.1),  # a byte every 0.1 s: each read is quick, the whole never ends
    "endless": lambda h: _stream(h, b" " * 65536, 4000, 0.0),  # 260 MB if nobody stops it
    "huge": lambda h: h._send(200, b"{}", length=10**12),  # announces a terabyte
    "array": _json([_square(37, 47)]),
    "deep": _json(b"[" * 100_000 + b"]" * 100_000),
    "deepobject": _json(b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    "points": _json(_collection({"type": "Feature", "properties": {},
                                 "geometry": {"type": "Point", "coordinates": [37, 47]}})),
    "nogeometry": _json(_collection({"type": "Feature", "properties": {}, "geometry": None})),
    "nan": _json(b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                 b'"geometry": {"type": "Polygon", "coordinates": [[[NaN, 47], [38, 47], [38, 48], [37, 47]]]}}]}'),
    "infinity": _json(b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                      b'"geometry": {"type": "Polygon", "coordinates": [[[Infinity, 47], [38, 47], [38, 48], '
                      b'[37, 47]]]}}]}'),
    "strings": _json(_collection({"type": "Feature", "geometry": {"type": "Polygon",
                                                                   "coordinates": [[["a", "b"]] * 4]}})),
    "elsewhere": _json(_collection(_square(37, 47), _square(100, 10))),  # one polygon in Asia
    "projected": _json(_collection(_square(4_000_000, 6_000_000, 1000))),  # metres, not lon/lat
    "toftp": _redirect("ftp://127.0.0.1/x"),
    "tofile": _redirect("file:///etc"),
}


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


@pytest.mark.parametrize("kind, message", [
    ("trickle", "took longer than the deadline"),
    ("endless", "larger than the limit of 1,000,000 bytes"),
    ("huge", "announces 1,000,000,000,000 bytes"),
    ("array", r"JSON \(list\) but not a GeoJSON FeatureCollection"),
    ("deep", "nested too deeply"),
    ("deepobject", "nested too deeply"),
    ("points", "feature 0 has a 'Point' geometry where polygons were expected"),
    ("nogeometry", "feature 0 has no geometry"),
    ("nan", "NaN or infinite coordinates"),
    ("infinity", "NaN or infinite coordinates"),
    ("strings", "coordinates that are not numbers"),
    ("elsewhere", "outside lon"),
    ("projected", "outside lon"),
    ("toftp", "redirected to 'ftp://127.0.0.1/x/deepstatemap_data_20241101.geojson', which is not http"),
    ("tofile", "which is not http"),
])
def test_hostile_servers_end_in_a_clear_error_and_cache_nothing(server, tmp_path, kind, message):
    with pytest.raises(FetchError, match=message):
        fetch(server, kind, tmp_path, timeout=2, retries=0, deadline=3, max_mb=1)
    assert not list(tmp_path.rglob("*")), "a refused download must leave nothing in the cache"


def test_a_redirect_to_another_host_is_followed_and_said(server, tmp_path):
    HOSTILE["elsewhere-host"] = _redirect("http://localhost:PORT/ok")
    path, how = fetch(server, "elsewhere-host", tmp_path)
    assert path.read_bytes() == GOOD
    assert how.startswith("downloaded (redirected to localhost:") and "/ok/deepstatemap_data_20241101.geojson" in how


def test_a_cached_file_is_checked_again_not_trusted_for_its_checksum(server, tmp_path):
    path, _ = fetch(server, "ok", tmp_path)
    forged = json.dumps(_collection({"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}}))
    path.write_text(forged)
    (path.parent / (path.name + ".sha256")).write_text(hashlib.sha256(forged.encode()).hexdigest() + "\n")
    path2, how = fetch(server, "ok", tmp_path)
    assert how == "downloaded" and path2.read_bytes() == GOOD


@pytest.mark.parametrize("option, value", [("--timeout", "-1"), ("--timeout", "nan"), ("--timeout", "inf"),
                                           ("--timeout", "0"), ("--deadline", "nan"), ("--max-mb", "-5")])
def test_cli_refuses_bad_limits(tmp_path, option, value):
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-01", "--base-url", "http://127.0.0.1:9",
                  "--cache-dir", str(tmp_path), option, value)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert option in res.stderr and value in res.stderr
    assert not list(tmp_path.iterdir())


def test_cli_max_mb_raises_the_cap(server, tmp_path):
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-01", "--base-url", f"{server}/ok",
                  "--cache-dir", str(tmp_path), "--max-mb", "0.0001")
    assert res.returncode == 2 and "--max-mb" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = run_geo("control", "fetch", "deepstate", "--date", "2024-11-01", "--base-url", f"{server}/ok",
                  "--cache-dir", str(tmp_path), "--max-mb", "50", "--deadline", "60")
    assert res.returncode == 0, res.stderr
