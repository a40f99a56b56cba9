"""Atomic writes: the target is the old file or the new one, never part of one."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

from geo._files import write_atomic, write_text
from geo.errors import OutputError

#: A writer that writes half a file, says so, and waits to be killed.
_KILLED_MID_WRITE = """
import sys, time
from geo._files import write_atomic

def write(tmp):
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("partial " * 100_000)
        fh.flush()
        print("writing", flush=True)
        time.sleep(60)

write_atomic(sys.argv[1], write)
"""


@pytest.mark.parametrize("old", ["old content\\n", None])
def test_a_process_killed_mid_write_leaves_the_old_file_or_none(tmp_path, old):
    target = tmp_path / "map.html"
    if old is not None:
        target.write_text(old, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_MID_WRITE, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    if old is None:
        assert not target.exists()
    else:
        assert target.read_text(encoding="utf-8") == old
    # What the killed process left behind is a hidden temporary file, never the target's name.
    assert all(p.name.startswith(".map.tmp-") for p in tmp_path.iterdir() if p != target)


@pytest.mark.parametrize("step, code, message", [
    ("fsync", errno.ENOSPC, "No space left on device"),  # a full disk
    ("replace", errno.EIO, "Input/output error"),  # the very last step
])
def test_a_failing_step_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch, step, code, message):
    target = tmp_path / "claims.json"
    target.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(code, message)

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(OutputError, match=f"writing failed \\({message}\\); nothing was written"):
        write_text(target, "new content")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.json"]


def test_an_exception_in_the_writer_propagates_and_cleans_up(tmp_path):
    def broken(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "x.gpkg", broken)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_place_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("I am a file", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write here .*choose another output path"):
        write_text(blocker / "out.json", "x")
    assert blocker.read_text(encoding="utf-8") == "I am a file"


def test_written_files_are_readable_by_others(tmp_path):
    path = write_text(tmp_path / "a.txt", "x")
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert time.time() - path.stat().st_mtime < 60
