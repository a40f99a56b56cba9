"""Where the embedded data lives, installed or in a source checkout."""

from __future__ import annotations

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
