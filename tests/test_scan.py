"""The literal prefilter: the automaton and the pure-Python path give the same output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import geo
from geo import _scan, claims
from geo._text import fold

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "benchmarks" / "news").glob("*.txt"))] + [
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "texts").glob("*.txt"))] + [
    " ".join(c["text"] for c in json.loads((ROOT / "tests" / "gold" / "sentences.json").read_text("utf-8"))["cases"])]


@pytest.fixture(params=[True, False], ids=["hyperscan", "pure-python"])
def mode(request, monkeypatch):
    if request.param and _scan.hyperscan is None:
        pytest.skip("hyperscan is not installed")
    monkeypatch.setattr(_scan, "USE_HYPERSCAN", request.param)
    return request.param


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_both_paths_give_the_same_documents(text, monkeypatch):
    if _scan.hyperscan is None:
        pytest.skip("hyperscan is not installed")
    monkeypatch.setattr(_scan, "USE_HYPERSCAN", False)
    slow = geo.extract(text).to_json()
    monkeypatch.setattr(_scan, "USE_HYPERSCAN", True)
    assert geo.extract(text).to_json() == slow


def test_triggers_and_actors_are_found_as_by_the_regex_alone(mode):
    for text in TEXTS:
        padded = " " + fold(text)
        for regex, scanner in ((claims._TRIGGER_RE, claims._TRIGGER_SCAN), (claims._ACTOR_RE, claims._ACTOR_SCAN)):
            assert [m.span() for m in _scan.matches(regex, scanner, padded)] == [m.span() for m in regex.finditer(padded)]


_PATTERNS = [r"h(?:old(?:s|ing)?|eld)(?=\s\w)", r"captur(?:e|es|ed|ing)(?!\sback)", r"under\s(?:(?:russian|kyiv's)\s)?control",
             r"withdraw(?:s|n)?(?:\s(?:its|their)\s(?:forces|troops))?(?:\sfrom)?", r"ви(?:вест|вел)\w*\sвійськ\w*"]


@given(st.lists(st.sampled_from(["hold", "holds", "held", "capture", "captured back", "under russian control", "under control",
                                 "withdraw", "withdrawn their troops from", "вивели війська", "x", ",", " ", "-", "."]),
                max_size=30).map(" ".join))
def test_every_match_starts_with_a_literal_prefix(text):
    for pattern in _PATTERNS:
        prefixes = _scan.literal_prefixes(pattern)
        for m in re.finditer(pattern, text):
            assert m.group().startswith(tuple(prefixes)), (pattern, m.group(), prefixes)


def test_scanner_finds_overlapping_words_and_non_ascii_text(mode):
    scanner = _scan.Scanner(["two-thirds", "thirds", "two", "th", "військ"], " -«")
    text = " two-thirds of it, thirds, «війська» two th-thirds"
    assert scanner.candidates(text) == [m.start() for m in re.finditer(r"[ \-«](?=two\-thirds|thirds|two|th|військ)", text)]


def test_scanner_is_safe_across_threads(mode):
    """Each thread scans with its own scratch space; results do not mix."""
    from concurrent.futures import ThreadPoolExecutor

    padded = [" " + fold(t) for t in TEXTS]
    alone = [claims._TRIGGER_SCAN.candidates(p) for p in padded]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(claims._TRIGGER_SCAN.candidates, padded * 4)) == alone * 4


def test_kept_prefixes_and_databases_give_the_same_candidates(tmp_path, monkeypatch):
    if _scan.hyperscan is None:
        pytest.skip("hyperscan is not installed")
    patterns = [t.pattern for t in claims._LEX.triggers]
    padded = " " + fold(" ".join(TEXTS))
    runs = []
    for _ in range(2):  # the first run compiles and keeps, the second reads what the first kept
        store = _scan._cache.Store("scan-test", tmp_path)
        monkeypatch.setattr(_scan, "_STORE", store)
        scanner = _scan.prefix_scanner(patterns, " ,")
        runs.append((scanner.words, scanner.candidates(padded)))
        store.save()
    assert runs[0] == runs[1] == (claims._TRIGGER_SCAN.words, _scan.Scanner(claims._TRIGGER_SCAN.words, " ,").candidates(padded))
    kept = _scan._cache._load(tmp_path / "scan-test.json")
    assert sorted(k.split(":")[0] for k in kept) == ["hyperscan", "prefixes"]


def test_a_damaged_database_is_compiled_again(tmp_path, monkeypatch):
    if _scan.hyperscan is None:
        pytest.skip("hyperscan is not installed")
    store = _scan._cache.Store("scan-test", tmp_path)
    monkeypatch.setattr(_scan, "_STORE", store)
    store.put(_scan._key("hyperscan", ["held", "hold"]), "AAAA")
    assert _scan.Scanner(["held", "hold"], " ").candidates(" held, hold") == [0, 6]
