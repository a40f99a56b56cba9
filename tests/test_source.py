"""Reading news texts: metadata, encodings and clear errors for what is not text."""

from __future__ import annotations

import codecs

import pytest

import geo
from geo.errors import InputError
from geo.source import Text, meta_path, read_text


def test_seed_reads_with_its_metadata(seed_text):
    assert seed_text.date == "2024-11-20"
    assert seed_text.source == "Reuters"
    assert len(seed_text.sha256) == 64
    assert "Zaporizhzhia" in seed_text.text


def test_date_argument_overrides_metadata():
    assert read_text(geo.SEED, date="2024-12-01").date == "2024-12-01"


def test_meta_path():
    assert meta_path("a/report.txt").name == "report.meta.json"
    assert meta_path("a/report").name == "report.meta.json"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"caf\xe9 in Kyiv", r"not UTF-8 text \(byte 0xe9 at offset 3\)"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "binary file"),
    ],
)
def test_bad_text_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        read_text(path)
    assert str(path) in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                            (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                                            (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_byte_order_marks_are_honoured(tmp_path, bom, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + "Бої під Харковом".encode(encoding))
    assert read_text(path).text == "Бої під Харковом"


@pytest.mark.parametrize(
    "meta, message",
    [
        ("[1, 2]", "must be a JSON object"),
        ("{not json", "not valid UTF-8 JSON"),
        ('{"date": "20 Nov 2024"}', "is not a YYYY-MM-DD date"),
        ('{"date": "2024-02-30"}', "is not a YYYY-MM-DD date"),
        ('{"source": 5}', "'source' must be a string"),
    ],
)
def test_bad_metadata(tmp_path, meta, message):
    (tmp_path / "a.txt").write_text("Kyiv", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(meta, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_text(tmp_path / "a.txt")


def test_from_string_checksums_utf8():
    import hashlib

    assert Text.from_string("Київ").sha256 == hashlib.sha256("Київ".encode()).hexdigest()


def test_a_bad_utf32_file_is_refused_not_read_as_utf16(tmp_path):
    path = tmp_path / "u32.txt"
    path.write_bytes(codecs.BOM_UTF32_LE + "Бої".encode("utf-32-le") + b"\xff\xff\xff\xff")
    with pytest.raises(InputError, match="utf-32 byte-order mark but is not valid utf-32"):
        read_text(path)
