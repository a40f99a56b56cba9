"""The lexicon as data: every row's example does what the row says; the loader refuses bad rows."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import geo
from geo import lexicon
from geo._resources import package_dir
from geo._text import fold
from geo.lexicon import LexiconError

LEX = lexicon.default()
ROOT = package_dir("data") / "lexicon"


def _agrees(claim, expect: dict) -> bool:
    for key, want in expect.items():
        got = getattr(claim, key)
        if key == "regions":
            if set(got) != set(want):
                return False
        elif got != want:
            return False
    return True


def _row_patterns(row) -> list[str]:
    """What of the row must show in its example: its trigger patterns, forms of saying, phrases or cue."""
    d = row.data
    if row.file == "verbs.jsonl" and "triggers" in d:
        return [t.pattern for t in LEX.triggers if t.row is row]
    if row.file == "verbs.jsonl":
        return [p for p in (d.get("says"), d.get("speaks")) if p]
    if row.file == "actors.jsonl":
        return [p for side, p, r in LEX.actors if r is row]
    if row.file == "sides.jsonl":
        return [re.escape(d["word"])]
    return [d["pattern"]]


@pytest.mark.parametrize("row", LEX.rows, ids=lambda r: r.where)
def test_every_row_example_does_what_the_row_says(row):
    doc = geo.extract(row.data["example"])
    folded = fold(row.data["example"])
    patterns = _row_patterns(row)
    assert any(re.search(p, folded) for p in patterns), f"{row.where}: no pattern of the row is in its example"
    claims = [c for c in doc.claims if _agrees(c, row.data["expect"])]
    assert claims, f"{row.where}: expected {row.data['expect']}, got {[(c.actor, c.relation, c.regions, c.modality) for c in doc.claims]}"
    if row.file == "verbs.jsonl" and "triggers" in row.data:
        # the claim is built on this row's trigger
        assert any((m := re.compile(p + r"(?![\w-])").match(folded, c.trigger.start)) and m.end() == c.trigger.end
                   for c in claims for p in patterns), row.where


@pytest.mark.parametrize("text, region", [
    ("Moscow conquered the Luhansk region.", "UA-09"),
    ("The Luhansk region was conquered by Russian forces in 2022.", "UA-09"),
    ("Russian forces are conquering the Donetsk region village by village.", "UA-14"),
    ("Росія завоювала Луганську область.", "UA-09"),
    ("Луганська область була завойована російськими військами.", "UA-09"),
    ("Россия завоевала Луганскую область.", "UA-09"),
])
def test_conquer_is_a_capture(text, region):
    doc = geo.extract(text)
    assert [(c.actor, c.relation, c.regions) for c in doc.claims] == [("RU", "captured", (region,))]
    assert all(m.role != "territory" for m in doc.mentions if m.region == "RU-MOW")  # Moscow acts, is not shaded


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "lexicon"
    shutil.copytree(ROOT, dst)
    return dst


def _append(root: Path, lang: str, name: str, row: dict) -> None:
    with open(root / lang / name, "a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


NEW_VERB = {"lemma": "wrest", "triggers": {"captured": [r"wrest(?:s|ed|ing)?"]}, "participle": "wrested",
            "subject": True, "example": "Moscow wrested the Luhansk region.",
            "expect": {"relation": "captured", "actor": "RU", "regions": ["UA-09"]}}


def test_a_new_capture_verb_is_one_line_of_data(tmp_path):
    root = _copy(tmp_path)
    _append(root, "en", "verbs.jsonl", NEW_VERB)
    lex = lexicon.load(root)
    assert "wrested" in lex.participles and {"wrest", "wrested", "wrests"} <= lex.subject_words
    script = ("import geo, json; print(json.dumps([[(c.actor, c.relation, list(c.regions)) for c in geo.extract(t).claims]"
              " for t in ['Moscow wrested the Luhansk region.', 'The Luhansk region was wrested by Russian troops.']]))")
    before = geo.extract("Moscow wrested the Luhansk region.").claims
    out = subprocess.run([sys.executable, "-c", script], env={**os.environ, "GEO_LEXICON": str(root)},
                         capture_output=True, text=True, check=True)
    assert [(c.actor, c.relation) for c in before] != [("RU", "captured")]
    assert json.loads(out.stdout) == [[["RU", "captured", ["UA-09"]]], [["RU", "captured", ["UA-09"]]]]


@pytest.mark.parametrize("lang, name, row, match", [
    ("en", "verbs.jsonl", {**NEW_VERB, "lemma": "capture"}, "lemma 'capture' is already listed"),
    ("en", "verbs.jsonl", {**NEW_VERB, "triggers": {"captured": [r"seiz(?:e|es|ed|ing)${not_back}"]}},
     "trigger .* is already listed"),
    ("en", "verbs.jsonl", {**NEW_VERB, "triggers": {"grabbed": ["wrest"]}}, r"unknown relation\(s\) \['grabbed'\]"),
    ("en", "verbs.jsonl", {**NEW_VERB, "colour": "red"}, r"unknown field\(s\) \['colour'\]"),
    ("en", "verbs.jsonl", {"lemma": "wrest", "example": "x", "expect": {}}, "no role"),
    ("en", "verbs.jsonl", {k: v for k, v in NEW_VERB.items() if k != "example"}, "needs an 'example'"),
    ("en", "verbs.jsonl", {**NEW_VERB, "attributive": True, "participle": None} | {"participle": "seized"},
     "participle 'seized' is already listed"),
    ("en", "verbs.jsonl", {**NEW_VERB, "triggers": {"captured": ["${nowhere}wrest"]}}, r"unknown macro \$\{nowhere\}"),
    ("en", "verbs.jsonl", {**NEW_VERB, "triggers": {"captured": ["(?:wrest)"]}}, "must start with a literal"),
    ("en", "verbs.jsonl", {**NEW_VERB, "done": ["wrested"]}, "only apply to a 'may_withdraw'"),
    ("en", "sides.jsonl", {"word": "kyiv", "side": "RU", "compound": True, "example": "x", "expect": {}},
     "side word 'kyiv' is already listed"),
    ("en", "actors.jsonl", {"side": "XX", "patterns": ["martians"], "example": "x", "expect": {}}, "side 'XX'"),
    ("uk", "cues.jsonl", {"cue": "negation", "pattern": "не", "example": "x", "expect": {}}, "cue 'не' is already listed"),
])
def test_loader_refuses_contradictory_or_unused_rows(tmp_path, lang, name, row, match):
    root = _copy(tmp_path)
    _append(root, lang, name, row)
    with pytest.raises(LexiconError, match=match):
        lexicon.load(root)


def test_loader_refuses_an_unused_macro(tmp_path):
    root = _copy(tmp_path)
    path = root / "en" / "macros.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["macros"]["spare"] = "x"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"macros \['spare'\] .* not used"):
        lexicon.load(root)


def test_derived_lists_come_from_rows():
    rows = [r for r in LEX.rows if r.file == "verbs.jsonl"]
    assert LEX.participles == {r.data["participle"] for r in rows if "participle" in r.data}
    assert LEX.attributive <= LEX.participles
    assert {"said", "reported", "estimated"} <= {w for p in LEX.says for w in re.findall(r"[a-z]+", p)}
    # each language has its folder, and every folder's rows are read
    assert {r.lang for r in LEX.rows} == set(lexicon.LANGUAGES)
