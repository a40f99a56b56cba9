"""Patterns built from kept programs are the patterns ``re.compile`` gives, and outputs never depend on the cache."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import geo
from geo import _cache, _re

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [geo.SEED, *sorted((ROOT / "tests" / "fixtures" / "texts").glob("*.txt"))]


def _geo(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo.cli", *args], capture_output=True, check=True,
                          env={**os.environ, **env})


def _same(a: re.Pattern, b: re.Pattern) -> bool:
    return (a == b and a.pattern == b.pattern and a.flags == b.flags and a.groups == b.groups
            and dict(a.groupindex) == dict(b.groupindex))


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A cache folder after one run over every text, and that run's outputs."""
    cache = tmp_path_factory.mktemp("cache")
    first = _geo("extract", "--format", "json", *map(str, TEXTS), GEO_CACHE_DIR=str(cache)).stdout
    return cache, first


def test_every_kept_program_gives_the_pattern_re_compile_gives(warm):
    cache, _ = warm
    [path] = (cache / "compiled").glob("re-*.json")
    programs = _cache.Store(path.stem, path.parent)
    kept = _cache._load(path)
    assert len(kept) > 300  # the lexicon's, the rules', the gazetteer's
    for key in kept:
        flags, pattern = key.split(":", 1)
        all_flags, groups, groupindex, code = programs.get(key)
        ours = _re._build(pattern, all_flags, groups, groupindex, list(memoryview(base64.b64decode(code)).cast("I")))
        assert _same(ours, re.compile(pattern, int(flags))), pattern[:80]


def test_the_output_is_the_same_cold_warm_and_without_the_cache(warm, tmp_path):
    cache, first = warm
    args = ("extract", "--format", "json", *map(str, TEXTS))
    assert _geo(*args, GEO_CACHE_DIR=str(cache)).stdout == first
    assert _geo(*args, GEO_COMPILED_CACHE="off", GEO_CACHE_DIR=str(tmp_path)).stdout == first
    assert not (tmp_path / "compiled").exists()


def test_a_read_only_cache_is_no_error(warm, tmp_path):
    _, first = warm
    blocker = tmp_path / "file"
    blocker.write_text("")  # the cache folder would be inside a file: it can be neither read nor written
    run = _geo("extract", "--format", "json", *map(str, TEXTS), GEO_CACHE_DIR=str(blocker))
    assert run.stdout == first and run.stderr == b""


def test_a_program_the_engine_refuses_is_compiled_afresh(tmp_path, monkeypatch):
    store = _cache.Store("re-test", tmp_path)
    monkeypatch.setattr(_re, "_PROGRAMS", store)
    pattern = r"(?P<n>\d+)\s(?:km|км)\b"
    store.put(f"0:{pattern}", [0, 1, {"n": 1}, base64.b64encode(b"\xff" * 12).decode()])
    assert _same(_re.compile(pattern), re.compile(pattern))
    store.put(f"0:{pattern}", "not a program")
    assert _same(_re.compile(pattern), re.compile(pattern))


@pytest.mark.parametrize("pattern, flags", [
    (r"(?P<a>\w+)-(?P=a)", 0), (r"київ|kyiv", re.IGNORECASE), (r"(?x) a  b # comment", 0), (r"(?i)x(?-i:Y)", 0),
    (rb"\d+", 0), (r"^\s+$", re.MULTILINE | re.DOTALL), (r"[^\W\d_]{0,4}", re.ASCII),
])
def test_compile_is_re_compile(pattern, flags, tmp_path, monkeypatch):
    monkeypatch.setattr(_re, "_PROGRAMS", _cache.Store("re-test", tmp_path))
    assert _same(_re.compile(pattern, flags), re.compile(pattern, flags))
    assert _same(_re.compile(pattern, flags), re.compile(pattern, flags))  # the second time from the kept program


def test_errors_and_the_rest_of_re_are_the_standard_ones():
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        _re.compile("(a")
    compiled = re.compile("a")
    assert _re.compile(compiled) is compiled
    assert (_re.error, _re.Pattern, _re.Match, _re.IGNORECASE, _re.escape, _re.sub) == (
        re.error, re.Pattern, re.Match, re.IGNORECASE, re.escape, re.sub)


@pytest.mark.parametrize("pattern, flags", [("a", "x"), ("a", re.LOCALE), ("(?u)a", re.ASCII)])
def test_bad_flags_fail_as_in_re(pattern, flags, tmp_path, monkeypatch):
    monkeypatch.setattr(_re, "_PROGRAMS", _cache.Store("re-test", tmp_path))
    with pytest.raises(Exception) as ours:
        _re.compile(pattern, flags)
    with pytest.raises(Exception) as std:
        re.compile(pattern, flags)
    assert (type(ours.value), str(ours.value)) == (type(std.value), str(std.value))
