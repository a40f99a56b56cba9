"""Folding keeps offsets; the name matcher finds spellings, endings and longest names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from geo._text import _FOLD, Alias, NameMatcher, alternation, find_near, fold, key


@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))) | st.text(),
       st.text(alphabet="abc DEF.\t\n`'-", min_size=0, max_size=30))
def test_fold_fast_path_folds_each_character_as_the_table_does(text, ascii_part):
    # Mostly-ASCII text takes a faster path (lower-case, then fold the rest); it must agree.
    for t in (text, ascii_part + text + ascii_part * 10):
        assert fold(t) == t.translate(_FOLD)


@pytest.mark.parametrize("text", [
    "ΟΔΟΣ ΚΑΙ ΣΟΦΙΑ",  # a capital sigma lowers by its place in the word: folded one character at a time
    "Київ’s — «так»\nЙОГО ЇЇ ЁЖ ҐАНОК",  # Cyrillic that folds beyond lower case, quotes, a line break
    "Donetsk\tregion\r\n`quoted`",  # ASCII that folds beyond lower case
    "\u0374\u0375\u02b9",  # Greek numeral signs and a modifier prime: what one folds to folds again
])
def test_fold_of_mixed_scripts_matches_the_table(text):
    assert fold(text) == text.translate(_FOLD) == "".join(chr(_FOLD[ord(c)]) for c in text)


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


@pytest.mark.parametrize(("words", "text", "tags"), [
    ([("a", "held"), ("b", "hold(?:s)?"), ("c", "claims?")], "holds held claim", ["b", "a", "c"]),
    # Order kept where two could match at one place: the earlier wins.
    ([("x", "lost"), ("y", "los(?:t|e)")], "lost", ["x"]),
    ([("y", "los(?:t|e)"), ("x", "lost")], "lost", ["y"]),
    # An alternative that is not literal after its first letter keeps its place among the rest.
    ([("p", "t(?:ook|ake)"), ("q", "the"), ("r", "to")], "took the to take", ["p", "q", "r", "p"]),
])
def test_alternation(words, text, tags):
    import re

    assert [m.lastgroup for m in re.finditer(alternation(words), text)] == tags


@pytest.mark.parametrize("bad", ["(?:held)", "\\sheld", "a?b", ""])
def test_alternation_wants_a_literal_first_letter(bad):
    with pytest.raises(ValueError, match="literal"):
        alternation([("a", bad)])


def test_find_near_takes_hints_only_where_a_word_starts():
    import re

    rx = re.compile(r"(?<!\w)all\b")
    assert [m.start() for m in find_near(rx, "small call all", ["all"], 5, 5)] == [11]
