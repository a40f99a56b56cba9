"""Extraction: from a news text to a `Document` of mentions, quantities and claims.

The data flows one way: mentions (`geo.mentions`) -> quantities
(`geo.quantities`) -> claims (`geo.claims`). Extraction is pure text work:
nothing here imports a geospatial library.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Iterator

from geo._text import fold
from geo.claims import Claim, find_claims, land_figures
from geo.compared import carried_figures, compared_claims
from geo.gazetteer import Gazetteer
from geo.mentions import Mention, Span, find_mentions, furniture_spans
from geo.places import SettlementMention, find_settlements
from geo.quantities import Quantity, find_quantities
from geo.settlement_claims import SettlementClaim, find_settlement_claims
from geo.source import Text, check_date
from geo.timeref import attach_times

__all__ = ["Document", "extract", "extract_many", "load_schema", "SCHEMA"]

SCHEMA = "geo.claims/1"


@dataclass(frozen=True, slots=True)
class Document:
    """Everything extracted from one text (schema ``geo.claims/1``).

    ``text`` is kept for offsets and evidence but is not part of the JSON.
    """

    text: str
    path: str | None
    sha256: str
    date: str | None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    claims: tuple[Claim, ...] = ()
    furniture: tuple[Span, ...] = field(default=())
    settlements: tuple[SettlementMention, ...] = ()  # towns and villages (`geo.places`)
    settlement_claims: tuple[SettlementClaim, ...] = ()  # claims about them (`geo.settlement_claims`)

    def territory(self) -> list[str]:
        """First-level units named as territory, in order of first mention.

        >>> extract("Shelling in the Kharkiv and Sumy regions; Kiev says.").territory()
        ['UA-63', 'UA-59']
        """
        out: list[str] = []
        for m in self.mentions:
            if m.role == "territory":
                out += [r for r in m.regions if r not in out]
        return out

    def to_dict(self) -> dict:
        """The ``geo.claims/1`` object (see ``geo/schemas/claims-1.schema.json``)."""
        return {
            "schema": SCHEMA,
            "document": {
                "path": self.path,
                "sha256": self.sha256,
                "chars": len(self.text),
                "date": self.date,
                "source": self.source,
                "title": self.title,
                "url": self.url,
                "furniture": [asdict(s) for s in self.furniture],
            },
            "mentions": [m.to_dict() for m in self.mentions],
            "quantities": [q.to_dict() for q in self.quantities],
            "claims": [c.to_dict() for c in self.claims],
            "settlements": [s.to_dict() for s in self.settlements],
            "settlement_claims": [c.to_dict() for c in self.settlement_claims],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Canonical JSON of `to_dict`: sorted keys, UTF-8, final newline."""
        from geo._files import dumps_json

        return dumps_json(self.to_dict(), indent=indent)


def extract(text: str | Text, date: str | None = None, *, gazetteer: Gazetteer | None = None,
            settlements: bool = True) -> Document:
    """Extract the places a news text names, with their roles.

    Parameters
    ----------
    text : str or Text
        The text, or a `Text` read by `geo.read_text` (which carries path,
        checksum and metadata).
    date : str, optional
        ``YYYY-MM-DD`` date of the text; overrides ``text.date``.
    gazetteer : Gazetteer, optional
        Defaults to the embedded one.
    settlements : bool, default True
        Also find towns and villages and the claims about them (`geo.places`,
        `geo.settlement_claims`); False reads oblast-level places only.

    Returns
    -------
    Document

    Examples
    --------
    >>> doc = extract("Moscow says it controls most of the Donetsk region and Donbas.")
    >>> [(m.text, m.role, m.region or m.group) for m in doc.mentions]
    [('Moscow', 'actor', 'RU-MOW'), ('Donetsk region', 'territory', 'UA-14'), ('Donbas', 'territory', 'DONBAS')]
    """
    src = text if isinstance(text, Text) else Text.from_string(text)
    gaz = gazetteer or Gazetteer.default()
    return _extract(src, date, gaz, settlements)


#: Format characters (Unicode category Cf): soft hyphens, zero-width spaces and joiners, bidi
#: controls, byte-order marks. Invisible, yet "7\u200b0%" would read as "0%" and "Don\u00adetsk" as nothing.
_FORMAT = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
                     "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def _without_format(text: str) -> tuple[str, Callable[[int], int]] | None:
    """*text* without format characters, and a function from its offsets to those of *text*.

    None when there are none (the usual case: nothing to map).

    >>> stripped, where = _without_format("7\u200b0%")
    >>> stripped, [where(i) for i in range(4)]
    ('70%', [0, 2, 3, 4])
    """
    if not _FORMAT.search(text):
        return None
    # Where each removed character would stand in the stripped text: an offset there moves right by
    # the number of removed characters at or before it.
    gaps = [m.start() - k for k, m in enumerate(_FORMAT.finditer(text))]
    return _FORMAT.sub("", text), lambda i: i + bisect.bisect_right(gaps, i)


def _remap(record, original: str, where: Callable[[int], int]):
    """*record* (a Mention, Quantity, Claim or Span) with offsets into *original* and its texts cut from it."""
    if not dataclasses.is_dataclass(record):
        return record
    changes = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name == "start" and isinstance(value, int):
            changes[f.name] = where(value)
        elif f.name == "end" and isinstance(value, int):
            # The end of the last character kept, not past the invisible ones after it.
            changes[f.name] = where(value - 1) + 1 if value > getattr(record, "start", 0) else where(value)
        elif dataclasses.is_dataclass(value):
            changes[f.name] = _remap(value, original, where)
        elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
            changes[f.name] = tuple(_remap(v, original, where) for v in value)
    out = dataclasses.replace(record, **changes)
    if isinstance(getattr(out, "text", None), str) and "start" in changes:
        out = dataclasses.replace(out, text=original[out.start:out.end])
    if isinstance(getattr(out, "evidence", None), str) and "sentence" in changes:
        out = dataclasses.replace(out, evidence=original[out.sentence.start:out.sentence.end])
    return out


def _extract(src: Text, date: str | None, gaz: Gazetteer, with_settlements: bool = True) -> Document:
    stripped = _without_format(src.text)
    if stripped is None:
        return _extract_plain(src, date, gaz, with_settlements)
    # Read the text without its format characters; report offsets and texts of the original.
    text, where = stripped
    doc = _extract_plain(dataclasses.replace(src, text=text), date, gaz, with_settlements)
    remap = functools.partial(_remap, original=src.text, where=where)
    return dataclasses.replace(
        doc, text=src.text, mentions=tuple(map(remap, doc.mentions)), quantities=tuple(map(remap, doc.quantities)),
        claims=tuple(map(remap, doc.claims)), furniture=tuple(map(remap, doc.furniture)),
        settlements=tuple(map(remap, doc.settlements)), settlement_claims=tuple(map(remap, doc.settlement_claims)))


def _extract_plain(src: Text, date: str | None, gaz: Gazetteer, with_settlements: bool = True) -> Document:
    furniture = furniture_spans(src.text)
    skip = [(s.start, s.end) for s in furniture]
    folded = fold(src.text)
    mentions = find_mentions(src.text, folded, gaz, skip)
    places = [(m.start, m.end, m.region, _area(gaz, m.region)) for m in mentions
              if m.region and m.kind in ("reference", "country", "admin1")]
    places += [(m.start, m.end, m.group, _area(gaz, m.group)) for m in mentions if m.group]
    quantities = find_quantities(src.text, folded, sorted(places), skip)
    quantities = carried_figures(src.text, folded, quantities)  # "up from 400 in April": the unit before
    claims = find_claims(src.text, folded, mentions, quantities, furniture)
    quantities = land_figures(folded, mentions, quantities, claims)  # "a third of Ukraine's coking coal": no figure
    date = check_date(date, "date") if date else src.date
    claims = attach_times(src.text, folded, claims, date)
    claims = compared_claims(src.text, folded, claims, quantities, date, mentions)  # earlier values, continued shares
    settlements = find_settlements(src.text, folded, mentions, skip) if with_settlements else []
    settlement_claims = find_settlement_claims(src.text, folded, settlements, mentions, furniture)
    claims = _on_settlements(claims, settlements, settlement_claims)
    return Document(
        text=src.text, path=src.path, sha256=src.sha256,
        date=date,
        source=src.source, title=src.title, url=src.url,
        mentions=tuple(mentions), quantities=tuple(quantities), claims=tuple(claims),
        furniture=tuple(furniture), settlements=tuple(settlements), settlement_claims=tuple(settlement_claims),
    )


def _on_settlements(claims: list[Claim], settlements, settlement_claims) -> list[Claim]:
    """*claims* whose trigger words took a settlement, narrowed to it: in "captured the town of
    Selydove in the Donetsk region" the town was taken, and the region only says where it lies, so
    the claim keeps the region and names the town as its `part` (never checked or drawn as the whole
    region). A claim that already names a part keeps it.
    """
    taken = [(c.trigger.start, c.trigger.end, settlements[c.settlement].text) for c in settlement_claims]
    out = []
    for c in claims:
        names = list(dict.fromkeys(name for start, end, name in taken
                                   if start < c.trigger.end and c.trigger.start < end))
        out.append(dataclasses.replace(c, part=", ".join(names)) if names and not c.part else c)
    return out


def _area(gaz: Gazetteer, code: str) -> float | None:
    entry = gaz[code]
    return entry.official_km2 or entry.polygon_km2


def extract_many(texts: Iterable[str | Text], *, gazetteer: Gazetteer | None = None) -> Iterator[Document]:
    """Stream `extract` over many texts: one Document out for each text in.

    >>> [d.territory() for d in extract_many(["Fighting in Kherson.", "No places here."])]
    [['UA-65'], []]
    """
    gaz = gazetteer or Gazetteer.default()
    for text in texts:
        yield extract(text, gazetteer=gaz)


def load_schema() -> dict:
    """The JSON Schema of ``geo.claims/1`` shipped in the package."""
    from importlib import resources

    return json.loads(resources.files("geo.schemas").joinpath("claims-1.schema.json").read_text("utf-8"))
