"""Same inputs, same bytes: across processes, hash seeds and time zones; and no partial files on failure."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys

import pytest

import geo
from geo._files import write_text
from geo.errors import OutputError


def _run(args: list[str], cwd, seed: str, tz: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": "C.UTF-8"}
    subprocess.run([sys.executable, "-m", "geo.cli", *args], cwd=cwd, env=env, check=True, capture_output=True,
                   timeout=300)


@pytest.mark.parametrize("name, args", [
    ("claims.json", ["extract", "--format", "json", "-o"]),
    ("map.html", ["map", "-o"]),
    ("regions.geojson", ["export", "-o"]),
    ("regions.csv", ["export", "-o"]),
    ("all.gpkg", ["export", "-o"]),
])
def test_outputs_identical_across_processes(tmp_path, name, args):
    digests = set()
    for seed, tz in (("1", "UTC"), ("4242", "Asia/Tokyo")):
        out = tmp_path / seed / name
        out.parent.mkdir()
        _run([*args, str(out), str(geo.SEED)] if args[0] != "extract" else [args[0], str(geo.SEED), *args[1:], str(out)],
             tmp_path, seed, tz)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_full_disk_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match="No space left on device"):
        write_text(target, "new content")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
