"""Exceptions raised by geo. Every message names the input, the problem and what to do."""

from __future__ import annotations

__all__ = [
    "GeoError",
    "InputError",
    "GazetteerError",
    "LinkError",
    "CRSMismatchError",
    "InvalidGeometryError",
    "OutputError",
    "ExportError",
]


class GeoError(Exception):
    """Base class of every error geo raises on purpose."""


class InputError(GeoError, ValueError):
    """An input file is missing, unreadable or not what it should be."""


class GazetteerError(GeoError):
    """The gazetteer data is missing, inconsistent or asked for something it lacks."""


class LinkError(GeoError):
    """A place could not be linked to a geometry."""


class CRSMismatchError(GeoError):
    """Two layers have different coordinate reference systems."""


class InvalidGeometryError(GeoError):
    """A geometry is invalid and cannot be repaired."""


class OutputError(GeoError, OSError):
    """An output file could not be written; nothing partial was left behind."""


class ExportError(GeoError):
    """A GIS export could not be produced."""
