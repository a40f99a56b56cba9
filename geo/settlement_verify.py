"""Check claims about settlements against control data, by the settlement's point and the front line.

The rules (``RULES``, also in every check's ``rule`` field):

* **Where the line runs.** The line is the edge of the Russian-held area, less a
  2 km band along Ukraine's national border and coast (where the edge is the border,
  not a front). Distances are geodesic: the line is projected to an azimuthal
  equidistant plane centred on the settlement, so the distance from it is exact.
* **Who holds it** (captured, liberated, holds, controls; lost and withdrew mirrored):
  consistent when the settlement's point lies in the actor's area (the explanation
  gives its distance from the line); ``near_line`` when it lies in a contested (grey)
  zone or on the other side within ``near_line_km`` (3 km: about the half-width of a
  town of 20,000, and about the precision of DeepStateMap's lines) of the line;
  inconsistent when it lies on the other side beyond that.
* **Fighting** (entered, surrounded, fighting in or near, on the outskirts of):
  consistent when the line runs within ``fighting_km`` (10 km) of the point or the
  point is in a contested zone; inconsistent beyond.
* **"N km from X"**: the distance from X to the actor's area (0 inside it) is
  compared with N: a plain figure accepts N +- max(2 km, 25%), "about" N +- max(2
  km, 30%), "less than/within/nearly" 0 to N + 1 km, "more than" N - 1 km and up.
* **Lag.** A ministry announces a capture before maps confirm it: of several
  snapshots, the latest up to ``lag_days`` (7) after the text's date is used, else
  the nearest before it (`geo.verify.pick_layer`).
* A negated claim is consistent where the claim would be inconsistent, and the
  reverse; ``near_line`` stays. Claims of what may happen, claims with no side where one
  is needed, settlements outside Ukraine or without coordinates, and names left
  ambiguous are ``unverifiable``, with the reason. An ambiguous name whose candidates
  lie far from the line but one (within ``front_km``, 25 km) is checked as that one,
  and the check says so.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import asdict, dataclass
from typing import Sequence

from geo.control import ControlLayer
from geo.extract import Document
from geo.gazetteer import Gazetteer
from geo.places import SettlementMention
from geo.settlement_claims import SettlementClaim
from geo.settlements import Settlement, Settlements

__all__ = ["SettlementCheck", "check_settlements", "pick_layer_with_lag", "RULES"]

RULES = {"near_line_km": 3.0, "fighting_km": 10.0, "front_km": 25.0, "lag_days": 7, "border_band_km": 2.0}
_HOLD = ("captured", "liberated", "holds", "controls")
_GIVE = ("lost", "withdrew")
_FIGHT = ("entered", "surrounded", "fighting", "outskirts")
_OTHER = {"RU": "UA", "UA": "RU"}
_SIDE_NAME = {"RU": "Russian-held", "UA": "Ukrainian-held", "contested": "contested"}


@dataclass(frozen=True, slots=True)
class SettlementCheck:
    """The check of one settlement claim against one control layer (``geo.verify/1``, ``settlements``)."""

    claim_id: str
    relation: str
    actor: str | None
    code: str | None
    name: str | None
    coordinates: tuple[float, float] | None
    side: str | None
    distance_to_line_km: float | None
    stated_km: dict | None
    accepted_km: dict | None
    verdict: str
    explanation: str
    control: dict
    rule: dict
    resolved_by: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["coordinates"] = list(self.coordinates) if self.coordinates else None
        return d


def pick_layer_with_lag(layers: Sequence[ControlLayer], date: str | None,
                        lag_days: int = RULES["lag_days"]) -> tuple[ControlLayer, str]:
    """The latest layer up to *lag_days* after *date*, else the nearest before it; and a note.

    >>> from geo.control import ControlLayer
    >>> a, b = ControlLayer((), (), "a", "2024-11-20", "generic"), ControlLayer((), (), "b", "2024-11-25", "generic")
    >>> pick_layer_with_lag([a, b], "2024-11-19")[0].source
    'b'
    """
    from geo.verify import pick_layer

    if date:
        until = (dt.date.fromisoformat(date) + dt.timedelta(days=lag_days)).isoformat()
        after = sorted((l for l in layers if l.date and date <= l.date <= until), key=lambda l: l.date)
        if after:
            return after[-1], (f"control data of {after[-1].date}, the latest within {lag_days} days after the "
                               f"text's date ({date}): maps confirm captures after they are announced")
    return pick_layer(layers, date)


@functools.lru_cache(maxsize=4)
def _border_band(gazetteer: Gazetteer):
    import shapely

    ukraine = shapely.union_all(gazetteer.boundaries("UA").geometry.values)
    # about 2 km: 0.018 degrees of latitude, a little more of longitude at Ukraine's latitudes
    return shapely.buffer(ukraine.boundary, RULES["border_band_km"] / 111.0 * 1.3)


class _Line:
    """The front line of one layer and the sides, measured from settlement points."""

    def __init__(self, layer: ControlLayer, gazetteer: Gazetteer):
        import shapely

        self.held = layer.held_by_russia()
        self.grey = layer.contested()
        shapely.prepare(self.held)
        shapely.prepare(self.grey)
        self.line = shapely.difference(shapely.boundary(self.held), _border_band(gazetteer))

    def side(self, lon: float, lat: float) -> str:
        import shapely

        p = shapely.Point(lon, lat)
        if not self.grey.is_empty and self.grey.contains(p):
            return "contested"
        return "RU" if self.held.contains(p) else "UA"

    def km(self, lon: float, lat: float) -> float | None:
        """Geodesic distance (km) from the point to the line; None if there is no line."""
        import shapely
        from pyproj import Transformer

        if self.line.is_empty:
            return None
        near = shapely.clip_by_rect(self.line, lon - 3, lat - 2, lon + 3, lat + 2)
        part = near if not near.is_empty else self.line
        aeqd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m",
                                    always_xy=True)
        projected = shapely.transform(part, lambda xy: _apply(aeqd, xy))
        return round(projected.distance(shapely.Point(0, 0)) / 1000.0, 2)


def _apply(transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _accepted(d: dict) -> tuple[float, float]:
    n = d["km"]
    if d["hedge"] == "upper":
        return 0.0, n + 1.0
    if d["hedge"] == "lower":
        return max(0.0, n - 1.0), float("inf")
    slack = max(2.0, n * (0.30 if d["hedge"] == "approximate" else 0.25))
    return max(0.0, n - slack), n + slack


def _front_candidate(m: SettlementMention, line: _Line, gaz: Settlements) -> Settlement | None:
    """The one candidate of an ambiguous name near the line, if only one is."""
    if m.candidate_count > len(m.candidates):
        return None  # not all candidates are listed; none can be singled out
    near = []
    for c in m.candidates:
        s = gaz[c["code"]]
        if s.point and s.country == "UA":
            km = line.km(*s.point)
            if km is not None and km <= RULES["front_km"]:
                near.append(s)
    return near[0] if len(near) == 1 else None


def _check(c: SettlementClaim, m: SettlementMention, line: _Line, control: dict, gaz: Settlements) -> SettlementCheck:
    rule = dict(RULES)
    base = dict(claim_id=c.id, relation=c.relation, actor=c.actor, control=control, rule=rule,
                stated_km=c.distance)
    s: Settlement | None = gaz[m.code] if m.code else None
    how = None
    if s is None:
        s = _front_candidate(m, line, gaz)
        how = "front line" if s else None
    name = s.name_en if s else (m.name or m.text)

    def out(verdict: str, why: str, side=None, km=None, accepted=None) -> SettlementCheck:
        return SettlementCheck(code=s.code if s else None, name=name, coordinates=s.point if s else None, side=side,
                               distance_to_line_km=km, accepted_km=accepted, verdict=verdict, explanation=why,
                               resolved_by=how, **base)

    if s is None:
        return out("unverifiable", f"Not checked: '{m.text}' is ambiguous ({m.candidate_count} settlements of that "
                                   f"name{' in ' + m.oblast if m.oblast else ''}, none of them alone near the line); "
                                   f"{'its raion' if m.oblast else 'its oblast or raion'} would tell them apart.")
    if s.country != "UA":
        return out("unverifiable", f"Not checked: {name} ({s.oblast}) lies outside Ukraine; control layers describe Ukraine.")
    if s.point is None:
        return out("unverifiable", f"Not checked: the gazetteer has no coordinates for {name} ({s.oblast}); GeoNames "
                                   "lists places of 500 inhabitants or more, joined only where the name is unique.")
    if c.modality in ("possible", "conditional"):
        return out("unverifiable", "Not checked: it says what may happen, which no map can show.")
    needs_side = c.relation in _HOLD + _GIVE + ("distance",)
    if needs_side and c.actor not in _OTHER:
        return out("unverifiable", f"Not checked: no side is named for '{c.relation}'.")
    side = line.side(*s.point)
    km = line.km(*s.point)
    if km is None:
        return out("unverifiable", "Not checked: the control layer has no Russian-held area, so no line.", side)
    date = control["date"] or "an undated layer"
    where = f"{name} is {_SIDE_NAME[side]} on {date}, {km:.1f} km from the line"
    resolved = f" ('{m.text}' read as the {name} of {s.oblast} near the line)" if how else ""
    accepted = None
    if c.relation in _HOLD + _GIVE:
        holder = c.actor if c.relation in _HOLD else _OTHER[c.actor]
        if side == holder:
            verdict = "consistent"
        elif side == "contested" or km <= RULES["near_line_km"]:
            verdict = "near_line"
        else:
            verdict = "inconsistent"
        said = f"the text says {_SIDE_NAME[holder].split('-')[0]} forces hold it"
    elif c.relation in _FIGHT:
        verdict = "consistent" if side == "contested" or km <= RULES["fighting_km"] else "inconsistent"
        said = f"fighting at or near it needs the line within {RULES['fighting_km']:.0f} km"
    else:
        measured = 0.0 if side == c.actor else km
        lo, hi = _accepted(c.distance)
        accepted = {"low": lo, "high": hi if hi != float("inf") else None}
        verdict = "consistent" if lo <= measured <= hi else "inconsistent"
        bound = f"{lo:.1f}–{hi:.1f} km" if hi != float("inf") else f"at least {lo:.1f} km"
        said = f"the text says \"{c.distance['text']}\" (accepted {bound}); measured {measured:.1f} km"
    if c.modality == "negated" and verdict in ("consistent", "inconsistent"):
        verdict = "inconsistent" if verdict == "consistent" else "consistent"
        said += "; the text denies it"
    return out(verdict, f"{where}{resolved}; {said}: {verdict.replace('_', ' ')}.", side, km, accepted)


def check_settlements(document: Document, layers: Sequence[ControlLayer], *, gazetteer: Gazetteer | None = None,
                      settlements: Settlements | None = None) -> tuple[SettlementCheck, ...]:
    """Check each settlement claim of *document* against the layer for its date (see the module's rules).

    Examples
    --------
    >>> import geo
    >>> doc = geo.extract("Russian forces captured Avdiivka.", date="2024-11-20")
    >>> (c,) = check_settlements(doc, [geo.read_control("tests/fixtures/control/isw_control_2024-11-20.geojson")])
    >>> c.verdict, c.side
    ('consistent', 'RU')
    """
    if not document.settlement_claims:
        return ()
    gaz = gazetteer or Gazetteer.default()
    layer, note = pick_layer_with_lag(layers, document.date)
    control = {"source": layer.source, "date": layer.date, "format": layer.format, "note": note}
    line = _Line(layer, gaz)
    sgaz = settlements or Settlements.default()
    return tuple(_check(c, document.settlements[c.settlement], line, control, sgaz) for c in document.settlement_claims)
