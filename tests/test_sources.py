"""geo.sources: one corpus in every format gives the same records; bad rows become one-line rejects."""

from __future__ import annotations

import pytest

from geo.corpus import write_corpus
from geo.sources import Record, Rejected, count_documents, read_source, read_sources


def _kept(items):
    return [(r.text, r.date, r.source, r.url) for r in items if isinstance(r, Record)]


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("src") / "c.jsonl", 120, seed=3, malformed=0)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "folder"])
def test_every_format_gives_the_same_records(tmp_path, jsonl, fmt):
    other = write_corpus(tmp_path / ("c" if fmt == "folder" else f"c.{fmt}"), 120, seed=3, malformed=0)
    ours = _kept(read_source(other))
    theirs = _kept(read_source(jsonl))
    if fmt == "folder":  # a .meta.json has no url
        ours, theirs = [r[:3] for r in ours], [r[:3] for r in theirs]
    assert ours == theirs and len(ours) == 120


def test_parquet_partitions_are_row_groups(tmp_path):
    path = write_corpus(tmp_path / "c.parquet", 2500, seed=1, malformed=0)
    parts = {r.part for r in read_source(path)}
    assert parts == {f"{path}#0", f"{path}#1", f"{path}#2"}
    assert count_documents([path]) == 2500


@pytest.mark.parametrize("row, message", [
    ('{"date": "2024-11-20"}', "f.jsonl:1: no 'text' field"),
    ('{"text": 5}', "f.jsonl:1: 'text' is a int, not text"),
    ('{"text": " \\n"}', "f.jsonl:1: 'text' is empty"),
    ('{"text": "x", "date": "2024-13-01"}', "f.jsonl:1: date '2024-13-01' is not a YYYY-MM-DD date"),
    ("[1, 2]", "f.jsonl:1: a JSON list, not an object with a text"),
    ("{oops", "f.jsonl:1: not JSON (Expecting property name enclosed in double quotes at column 2)"),
])
def test_bad_rows_are_one_line_each(tmp_path, row, message):
    path = tmp_path / "f.jsonl"
    path.write_text(row + "\n", encoding="utf-8")
    (item,) = read_source(path)
    assert isinstance(item, Rejected) and item.message == f"{tmp_path}/{message}"


def test_timestamps_keep_their_day_and_columns_can_be_renamed(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("body,published,outlet\n\"Fighting in Kherson, officials said.\",2024-11-20T23:59:00+02:00,"
                    "Wire\n", encoding="utf-8")
    (rec,) = read_source(path, {"text": "body", "date": "published", "source": "outlet"})
    assert (rec.text, rec.date, rec.source, rec.origin) == ("Fighting in Kherson, officials said.", "2024-11-20",
                                                            "Wire", f"{path}:2")


def test_missing_and_unknown_sources_are_rejected_not_raised(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    items = list(read_sources([tmp_path / "nope.jsonl", tmp_path / "notes.docx"]))
    assert [type(i) for i in items] == [Rejected, Rejected]
    assert "no such file or folder" in items[0].message and "unknown kind of source" in items[1].message


def test_a_folder_text_that_is_not_utf8_is_rejected(tmp_path):
    (tmp_path / "a.txt").write_bytes("Фронт".encode("cp1251"))
    (tmp_path / "b.txt").write_text("Fighting in Kherson.", encoding="utf-8")
    items = list(read_source(tmp_path))
    assert isinstance(items[0], Rejected) and "not UTF-8" in items[0].message
    assert isinstance(items[1], Record)
