"""Same inputs, same bytes: across processes, hash seeds, time zones and locales."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

import geo
from tests.conftest import ROOT

BOUNDARIES = ROOT / "tests" / "fixtures" / "boundaries" / "cod_ab_east.geojson"

def _locales() -> list[str]:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    return [name for name in out if name.lower().replace("-", "") == "de_de.utf8"][:1]


#: Two runs that differ in everything that must not matter: hash seed, time zone and locale
#: (a German locale, where installed, writes decimal commas).
RUNS = [("1", "UTC", "C.UTF-8"), ("4242", "Asia/Tokyo", (_locales() or ["C.UTF-8"])[0])]


def _run(args: list[str], cwd, seed: str, tz: str, locale: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": locale, "LANG": locale}
    subprocess.run([sys.executable, "-m", "geo.cli", *args], cwd=cwd, env=env, check=True, capture_output=True,
                   timeout=300)


@pytest.mark.parametrize("name, args", [
    ("claims.json", ["extract", "--format", "json", "-o"]),
    ("map.html", ["map", "-o"]),
    ("regions.geojson", ["export", "-o"]),
    ("regions.csv", ["export", "-o"]),
    ("all.gpkg", ["export", "-o"]),
    ("boundaries.html", ["map", "--boundaries", str(BOUNDARIES), "-o"]),
    ("boundaries.gpkg", ["export", "--boundaries", str(BOUNDARIES), "-o"]),
])
def test_outputs_identical_across_processes(tmp_path, name, args):
    digests = set()
    for seed, tz, locale in RUNS:
        out = tmp_path / seed / name
        out.parent.mkdir()
        _run([*args, str(out), str(geo.SEED)] if args[0] != "extract" else [args[0], str(geo.SEED), *args[1:], str(out)],
             tmp_path, seed, tz, locale)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_the_rerun_differs_in_locale_where_one_is_installed():
    if not _locales():
        pytest.skip("no de_DE.UTF-8 locale here (.ci/run installs one)")
    assert RUNS[0][2] != RUNS[1][2]
