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

#: Locales that change what C libraries do: decimal commas (German), a dotless i (Turkish, where
#: ``toupper("i")`` is not "I": GEOS wrote "MULTiPOLYGON" and GDAL another GeoPackage header).
LOCALES = ("de_DE.UTF-8", "tr_TR.UTF-8")


def _locales() -> list[str]:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    have = {name.lower().replace("-", "") for name in out}
    return [name for name in LOCALES if name.lower().replace("-", "") in have]


#: Runs that differ in everything that must not matter: hash seed, time zone and locale.
RUNS = [("1", "UTC", "C.UTF-8"), *((str(4242 + i), tz, loc) for i, (tz, loc) in
                                    enumerate(zip(("Asia/Tokyo", "Europe/Istanbul"), _locales() or ["C.UTF-8"])))]


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
        out = tmp_path / seed / name  # one folder per run
        out.parent.mkdir()
        _run([*args, str(out), str(geo.SEED)] if args[0] != "extract" else [args[0], str(geo.SEED), *args[1:], str(out)],
             tmp_path, seed, tz, locale)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


@pytest.mark.parametrize("name", LOCALES)
def test_the_reruns_cover_each_locale_where_installed(name):
    if name not in _locales():
        pytest.skip(f"no {name} locale here (.ci/run installs it)")
    assert name in [loc for _, _, loc in RUNS]
