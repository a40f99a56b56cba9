"""Stores of compiled things kept between runs: read back intact or not at all, never required."""

from __future__ import annotations

import json

import pytest

from geo import _cache


def _saved(folder, name="s", **values):
    store = _cache.Store(name, folder)
    for key, value in values.items():
        store.put(key, value)
    store.save()
    return folder / f"{name}.json"


def test_values_come_back_from_the_file(tmp_path):
    _saved(tmp_path, a=[1, "x"], b={"words": None})
    store = _cache.Store("s", tmp_path)
    assert (store.get("a"), store.get("b"), store.get("c")) == ([1, "x"], {"words": None}, None)


@pytest.mark.parametrize("damage", [
    lambda b: b[:-10],  # cut short
    lambda b: b.replace(b'"x"', b'"y"'),  # a value changed: the checksum no longer fits
    lambda b: b"not json\n{}",
    lambda b: b"",
    lambda b: json.dumps({"sha256": "0"}).encode(),
])
def test_a_damaged_file_is_not_used(tmp_path, damage):
    path = _saved(tmp_path, a=[1, "x"])
    path.write_bytes(damage(path.read_bytes()))
    assert _cache.Store("s", tmp_path).get("a") is None


def test_a_file_holding_something_else_than_an_object_is_not_used(tmp_path):
    import hashlib

    body = b"[1, 2]"
    (tmp_path / "s.json").write_bytes(json.dumps({"sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n" + body)
    assert _cache.Store("s", tmp_path).get("a") is None


def test_saving_merges_with_what_another_run_wrote(tmp_path):
    one, two = _cache.Store("s", tmp_path), _cache.Store("s", tmp_path)
    assert one.get("a") is None and two.get("b") is None  # both read the (missing) file first
    one.put("a", 1)
    two.put("b", 2)
    one.save()
    two.save()
    store = _cache.Store("s", tmp_path)
    assert (store.get("a"), store.get("b")) == (1, 2)


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    store = _cache.Store("s", blocker / "compiled")
    store.put("a", 1)
    store.save()  # no error
    assert store.get("a") is None  # saved values leave the run's memory; nothing was written
    assert blocker.read_text() == "a file where the cache folder would be"


def test_off_reads_and_writes_nothing(tmp_path, monkeypatch):
    _saved(tmp_path, a=1)
    monkeypatch.setenv("GEO_COMPILED_CACHE", "off")
    store = _cache.Store("t", tmp_path)
    assert store.get("a") is None
    store.put("b", 2)
    store.save()
    assert not (tmp_path / "t.json").exists()
    assert _cache.Store("s", tmp_path).get("a") is None


def test_a_full_file_keeps_what_the_run_used(tmp_path, monkeypatch):
    _saved(tmp_path, a=1, b=2, c=3)
    monkeypatch.setattr(_cache, "MAX_VALUES", 3)
    store = _cache.Store("s", tmp_path)
    assert store.get("b") == 2
    store.put("d", 4)
    store.save()
    assert json.loads((tmp_path / "s.json").read_bytes().partition(b"\n")[2]) == {"b": 2, "d": 4}


def test_the_default_folder_is_in_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    assert _cache.Store("s").path == tmp_path / "compiled" / "s.json"
