"""geo: territorial claims in news text, linked to oblast boundaries and mapped.

The data flows one way: text -> mentions and claims (`extract`) -> linked
geometry (`Gazetteer`) -> maps and files (`write_map`).

Examples
--------
>>> import geo
>>> doc = geo.extract(geo.read_text(geo.SEED))
>>> [geo.Gazetteer.default()[c].name_en for c in doc.territory()]
['Donetsk', 'Luhansk', 'Zaporizhzhia', 'Kherson', 'Kharkiv', 'Mykolaiv']
"""

from __future__ import annotations

from pathlib import Path as _Path

from geo._resources import package_dir as _package_dir
from geo.errors import (
    CRSMismatchError,
    ExportError,
    GazetteerError,
    GeoError,
    InputError,
    InvalidGeometryError,
    LinkError,
    OutputError,
)
from geo.change import ChangeRef, change_km2
from geo.claims import Claim
from geo.control import ControlLayer, RegionControl, measure, read_control
from geo.extract import Document, extract, extract_many
from geo.gazetteer import Gazetteer, Region
from geo.mentions import Mention, Span
from geo.places import SettlementMention
from geo.settlement_claims import SettlementClaim
from geo.settlements import Settlement, Settlements
from geo.quantities import Quantity
from geo.snapshots import Snapshot, SnapshotSet, Snapshots, read_snapshots
from geo.source import Text, read_text
from geo.timeref import TimeRef, find_times
from geo.verify import Verification, VerifyReport, verify

#: The seed article shipped with the package (2024-11-20), the default input of the CLI.
SEED: _Path = _package_dir("seeds") / "2024-11-20-kremlin-ceasefire-terms.txt"


_LAZY = {"render_map": "geo.render", "map_html": "geo.render", "write_map": "geo.render",
         "write_export": "geo.export", "build_layers": "geo.export",
         "read_boundaries": "geo.boundaries", "Boundaries": "geo.boundaries",
         "SettlementCheck": "geo.settlement_verify", "check_settlements": "geo.settlement_verify",
         "open_store": "geo.store", "Store": "geo.store", "ClaimFilter": "geo.store", "IngestResult": "geo.ingest",
         "write_report": "geo.report", "report_html": "geo.report",
         "diff": "geo.changes", "Diff": "geo.changes", "write_slider": "geo.slider", "slider_html": "geo.slider",
         "Pin": "geo.slider", "fetch_range": "geo.archive"}


def __getattr__(name: str):
    # Maps, exports and user boundaries need folium or geopandas: load them only when asked for.
    # (Their names differ from their modules', which the import system sets on the package.)
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


__all__ = [
    "SEED",
    "Boundaries",
    "Claim",
    "Document",
    "Gazetteer",
    "Mention",
    "Quantity",
    "Region",
    "Settlement",
    "SettlementCheck",
    "SettlementClaim",
    "SettlementMention",
    "Settlements",
    "Span",
    "Text",
    "extract",
    "extract_many",
    "map_html",
    "read_text",
    "render_map",
    "write_map",
    "ControlLayer",
    "RegionControl",
    "Verification",
    "VerifyReport",
    "measure",
    "read_control",
    "read_boundaries",
    "verify",
    "ChangeRef",
    "Snapshots",
    "TimeRef",
    "change_km2",
    "find_times",
    "check_settlements",
    "write_export",
    "build_layers",
    "Snapshot",
    "SnapshotSet",
    "read_snapshots",
    "diff",
    "Diff",
    "write_slider",
    "slider_html",
    "Pin",
    "fetch_range",
    "CRSMismatchError",
    "ExportError",
    "GazetteerError",
    "GeoError",
    "InputError",
    "InvalidGeometryError",
    "LinkError",
    "OutputError",
    "open_store",
    "Store",
    "ClaimFilter",
    "IngestResult",
    "write_report",
    "report_html",
]
