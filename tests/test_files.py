"""Atomic writes: the target is the old file or the new one, never part of one."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import stat
import threading
import time

import pytest

from geo._files import write_all, write_atomic, write_text
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


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask(tmp_path, umask, mode):
    before = os.umask(umask)
    try:
        path = write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(before)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert time.time() - path.stat().st_mtime < 60


def test_an_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text(encoding="utf-8") == "new"


# --- device-like targets, all made in a temporary folder (never the real /dev) ---------------

def _read_fifo(path, out: list) -> threading.Thread:
    def read():
        with open(path, "rb") as fh:
            out.append(fh.read())

    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list = []
    reader = _read_fifo(fifo, got)
    write_text(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_to_a_fifo_writes_through_like_dev_stdout(tmp_path):
    fifo, link = tmp_path / "pipe", tmp_path / "stdout"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    got: list = []
    reader = _read_fifo(fifo, got)
    write_text(link, "x")
    reader.join(timeout=30)
    assert got == [b"x"] and link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_link_through_proc_writes_into_the_open_file_like_dev_stdout_redirected(tmp_path):
    real, link = tmp_path / "shell-redirect.txt", tmp_path / "stdout"
    with open(real, "w", encoding="utf-8") as fh:  # what "geo ... -o /dev/stdout > file" gives
        link.symlink_to(f"/proc/self/fd/{fh.fileno()}")
        inode = real.stat().st_ino
        write_text(link, "through\n")
    assert real.stat().st_ino == inode and real.read_text(encoding="utf-8") == "through\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shell-redirect.txt", "stdout"]


def test_a_character_device_stays_a_device(tmp_path):
    null = tmp_path / "null"
    try:  # a copy of /dev/null's node (1, 3) in the temporary folder; needs root
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as err:
        pytest.skip(f"cannot make a device node here ({err})")
    write_text(null, "gone\n")
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path):
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real.name)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        write_text(tmp_path, "x")


def test_stale_temporary_files_of_a_dead_process_are_removed_on_the_next_write(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = [tmp_path / f".out.tmp-{dead}-ab12cd.gpkg", tmp_path / f".out.tmp-{dead}-ab12cd.gpkg-journal"]
    for p in stale:
        p.write_bytes(b"junk")
    alive = tmp_path / f".out.tmp-{os.getpid()}-zz99.gpkg"  # a write in progress: left alone
    alive.write_bytes(b"busy")
    write_text(tmp_path / "out.gpkg", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, "out.gpkg"])


def test_write_all_touches_no_target_if_one_writer_fails(tmp_path):
    first = tmp_path / "t.csv"
    first.write_text("old", encoding="utf-8")

    def fail(tmp):
        raise OSError(errno.EACCES, "Permission denied")

    with pytest.raises(OutputError, match="nothing was written"):
        write_all([(first, lambda t: t.write_text("new")), (tmp_path / "new" / "deeper" / "t.png", fail)])
    assert first.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]  # no temp files, no folders made


_TERMINATED_MID_WRITE = """
import sys, time
from geo._files import write_atomic

def write(tmp):
    tmp.write_bytes(b"partial")
    open(str(tmp) + "-journal", "wb").close()  # what SQLite keeps beside a GeoPackage being written
    print("writing", flush=True)
    time.sleep(60)

write_atomic(sys.argv[1], write)
"""


def test_sigterm_mid_write_cleans_up_and_exits_143(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", _TERMINATED_MID_WRITE, str(tmp_path / "out.gpkg")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        proc.send_signal(signal.SIGTERM)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == 143, proc.stderr.read()
    assert list(tmp_path.iterdir()) == []


def _export_stopped_mid_write(folder, sig) -> subprocess.Popen:
    """``geo export -o folder/out.gpkg`` stopped by *sig* once its temporary GeoPackage exists."""
    proc = subprocess.Popen([sys.executable, "-m", "geo.cli", "export", "-o", str(folder / "out.gpkg")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".out.tmp-") for p in folder.iterdir()):
            proc.send_signal(sig)
            break
        time.sleep(0.002)
    proc.wait(timeout=120)
    return proc


def test_sigterm_during_a_geopackage_export_leaves_nothing(tmp_path):
    proc = _export_stopped_mid_write(tmp_path, signal.SIGTERM)
    if proc.returncode == 0 or (tmp_path / "out.gpkg").exists():
        pytest.skip("the export finished before the signal arrived")
    assert proc.returncode == 143, proc.stderr.read()
    assert list(tmp_path.iterdir()) == []


def test_after_kill_9_during_an_export_the_next_export_cleans_up(tmp_path):
    proc = _export_stopped_mid_write(tmp_path, signal.SIGKILL)
    if proc.returncode == 0:
        pytest.skip("the export finished before the signal arrived")
    assert all(p.name.startswith(".out.tmp-") for p in tmp_path.iterdir())
    res = subprocess.run([sys.executable, "-m", "geo.cli", "export", "-o", str(tmp_path / "out.gpkg")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["out.gpkg"]
