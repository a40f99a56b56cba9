"""Folding keeps offsets; the name matcher finds spellings, endings and longest names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from geo._text import Alias, NameMatcher, fold, key


@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Zaporižžja", "zaporizzja"),
        ("DONETS’K", "donets'k"),
        ("Київ", "киів"),  # ї folds to і, for matching only
        ("Ivano‑Frankivsk", "ivano-frankivsk"),  # non-breaking hyphen
        ("Kharkiv\u00a0region", "kharkiv region"),
    ],
)
def test_fold_table(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    "raw, text, case_sensitive, words",
    [
        ("Donetsk", "donetsk", False, (("donetsk", None),)),
        ("=US", "us", True, (("us", None),)),
        ("Донецьк~a", "донецьк", False, (("донецьк", "\x00adj"),)),
        ("Ivano-Frankivs'k", "ivano frankivsk", False, (("ivano", None), ("frankivs'k", None))),
    ],
)
def test_alias_parse(raw, text, case_sensitive, words):
    alias = Alias.parse(raw)
    assert (alias.text, alias.case_sensitive, alias.words) == (text, case_sensitive, words)


def test_key_joins_words():
    assert key("kyiv  -  region") == "kyiv region"


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher([
        ("Donetsk", "D"), ("Donetsk People's Republic", "DPR"), ("Донецьк~a", "D"),
        ("Kyiv", "K"), ("Kyiv region", "KR"), ("=Perm", "P"), ("Virginia", "VA"), ("West Virginia", "WV"),
    ])


@pytest.mark.parametrize(
    "text, found",
    [
        ("the Donetsk region", [("Donetsk", "D")]),
        ("Donetsk People’s Republic", [("Donetsk People’s Republic", "DPR")]),
        ("у Донецькій області", [("Донецькій", "D")]),
        ("Kyiv Region and Kyiv", [("Kyiv Region", "KR"), ("Kyiv", "K")]),
        ("West Virginia", [("West Virginia", "WV")]),
        ("a perm and Perm", [("Perm", "P")]),
        ("Kyiv's forces", [("Kyiv", "K")]),
        ("Donetskiy", []),
        ("XDonetsk", []),
    ],
)
def test_matcher(matcher, text, found):
    assert [(text[s:e], v) for s, e, v in matcher.finditer(text)] == found


def test_matcher_rejects_ambiguous_alias():
    with pytest.raises(ValueError, match="names both"):
        NameMatcher([("Georgia", "GE"), ("Georgia", "US-GA")])


@settings(max_examples=200)
@given(st.lists(st.sampled_from(list("Donetsk Київ'’- region\n.") + ["Kyiv", "Donetsk"]), max_size=40).map("".join))
def test_matches_are_in_bounds_and_ordered(matcher, text):
    last = 0
    for s, e, _ in matcher.finditer(text):
        assert 0 <= last <= s < e <= len(text)
        last = e
