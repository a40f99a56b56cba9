"""The README's Python example runs as written (the download replaced by the shared snapshot of that day)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_python_example_runs_as_written(tmp_path, monkeypatch, shared_control):
    import geo.fetch

    block = re.search(r"## Python\n.*?```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    assert "fetch_deepstate(\"2024-11-20\")" in block
    monkeypatch.setattr(geo.fetch, "fetch_deepstate", lambda day, **kw: (shared_control, "cached"))
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(block, str(README), "exec"), scope)  # noqa: S102 - our own README
    assert round(geo.measure(scope["layer"], ["FOUR-ANNEXED"])["UA-14"].share_russia, 2) == 0.65
    assert (tmp_path / "maps" / "seed-control.html").exists() and (tmp_path / "seed.gpkg").exists()


@pytest.mark.parametrize("name", ["geo.SEED", "../shared/control/deepstate_occupied_20241120.geojson"])
def test_the_readme_says_where_inputs_come_from(name):
    assert name in README.read_text(encoding="utf-8")
