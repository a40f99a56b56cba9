"""Where the embedded data lives, installed or in a source checkout; where the user's cache is."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def package_dir(name: str) -> Path:
    """Folder of ``geo.data`` or ``geo.seeds`` (``data/`` and ``seeds/`` in the repository).

    In a source checkout whose ``geo/`` shadows an installed copy (``python``
    started in the repository root after ``pip install .``), the sub-packages
    are not importable; the repository folders are used then.
    """
    try:
        return Path(str(resources.files(f"geo.{name}")))
    except ModuleNotFoundError:
        return _CHECKOUT / name


def cache_dir() -> Path:
    """Where downloads (and compiled patterns) are kept: ``$GEO_CACHE_DIR``, ``$XDG_CACHE_HOME/geo`` or ``~/.cache/geo``."""
    if os.environ.get("GEO_CACHE_DIR"):
        return Path(os.environ["GEO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geo"
