"""Check every figure a text states against control data (schema ``geo.verify/1``).

What is measured for a claim with a quantity:

* percent: the actor's held share of the claim's regions ("Russia controls 70-80%
  of the four regions" -> Russian-held share of Donetsk, Luhansk, Zaporizhzhia and
  Kherson together, weighted by area);
* area: km2 held by the actor in those regions;
* comparison: km2 held by the actor, against the reference place's area;
* a quantifier over several named regions ("small parts in Kharkiv and Mykolaiv") must
  hold in each of them: the largest share is measured.

The accepted range (`accepted_range`) widens the stated bounds by the hedge:

================================ ===========================================
stated                           accepted
================================ ===========================================
a plain number ("26,000 km2")     +-5%
approximate ("around", "some")    +-10%
nearly, almost, close to          85-100% of the value
up to, under, less than, at most  0 to the value
more than, over, at least         the value and above
just over                         100-115% of the value
a range ("70% to 80%")            the range
a comparison ("the size of X")    +-15% of X's area (times the factor)
quantifiers ("small parts")       their fixed range (see geo.quantities); "some" words
                                 ("small parts", "a foothold") need more than none
================================ ===========================================

Percent figures (not quantifier words) also get 1 percentage point of slack for rounding. A negated
claim is consistent when the measure falls outside the range. Claims about the
future or a negotiation (modality possible or conditional; relations claims,
annexed, demands, negotiable, may_withdraw), changes over time (captured, lost,
liberated, withdrew), actors other than Russia and Ukraine, and regions outside
Ukraine are ``unverifiable``, with the reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Sequence

from geo.change import check_change
from geo.claims import Claim
from geo.control import ControlLayer, combine, measure, read_control
from geo.extract import Document
from geo.gazetteer import Gazetteer
from geo.quantities import Quantity
from geo.vocab import CHANGE_RELATIONS, SIDES, STATE_RELATIONS
from geo.snapshots import MAX_GAP_DAYS, Snapshots, days_between

__all__ = ["Verification", "VerifyReport", "verify", "accepted_range", "pick_layer", "SCHEMA"]

SCHEMA = "geo.verify/1"
_NEARLY = ("nearly", "almost", "close to", "just under", "just shy of", "майже", "почти")
_ACTOR_NAME = {"RU": "Russian", "UA": "Ukrainian"}


@dataclass(frozen=True, slots=True)
class Verification:
    """The check of one claim's figure against one control layer."""

    claim_id: str
    relation: str
    actor: str | None
    regions: tuple[str, ...]
    measured: float | None
    unit: str
    stated: dict
    tolerance: dict | None
    verdict: str
    explanation: str
    control: dict
    details: tuple[dict, ...] = ()
    time: dict | None = None  # the claim's own time (`geo.timeref.TimeRef`)
    change: dict | None = None  # for a change of hands (`geo.change.ChangeRef`)
    snapshot: dict | None = None  # the snapshot picked for the claim's time (`geo.snapshots.Pick`)
    snapshots: dict | None = None  # for a change: the snapshots at the period's start and end

    def to_dict(self) -> dict:
        d = asdict(self)
        d["regions"] = list(self.regions)
        d["details"] = list(self.details)
        return d


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """All checks of one document (``geo.verify/1``)."""

    document: dict
    control: dict
    verifications: tuple[Verification, ...]
    boundaries: dict | None = None  # user-supplied boundaries (`geo.boundaries`); None: the embedded ones
    settlements: tuple = ()  # checks of settlement claims (`geo.settlement_verify.SettlementCheck`)

    def to_dict(self) -> dict:
        return {"schema": SCHEMA, "document": self.document, "control": self.control,
                "boundaries": self.boundaries, "verifications": [v.to_dict() for v in self.verifications],
                "settlements": [s.to_dict() for s in self.settlements]}

    def to_json(self, indent: int | None = 2) -> str:
        from geo._files import dumps_json

        return dumps_json(self.to_dict(), indent=indent)


def accepted_range(q: Quantity) -> tuple[float, float]:
    """The range of measured values that agrees with a stated quantity (see the module's table).

    >>> from geo.quantities import Quantity
    >>> accepted_range(Quantity(0, 1, "x", "area", 26000.0, 26000.0, "km2", "approximate", "around"))
    (23400.0, 28600.0)
    >>> accepted_range(Quantity(0, 1, "x", "percent", 70.0, 80.0, "%"))
    (69.0, 81.0)
    """
    low, high = q.low, q.high
    inf = float("inf")
    if q.kind == "comparison":
        value = (low if low is not None else high) or 0.0
        lo, hi = value * 0.85, value * 1.15
        if q.hedge == "lower":
            hi = inf
        elif q.hedge == "upper":
            lo = 0.0
    elif q.basis == "words" or (low is not None and high is not None and low != high):
        lo, hi = low if low is not None else 0.0, high if high is not None else inf
    elif q.hedge == "upper":
        lo, hi = (high * 0.85 if (q.hedge_text or "") in _NEARLY else 0.0), high
    elif q.hedge == "lower":
        lo, hi = low, (low * 1.15 if q.hedge_text == "just over" else inf)
    else:
        value = low if low is not None else high
        slack = 0.10 if q.hedge == "approximate" else 0.05
        lo, hi = value * (1 - slack), value * (1 + slack)
    if q.unit == "%" and q.basis != "words":  # a quantifier's range is exact ("partially": 1-99%)
        lo, hi = max(0.0, lo - 1.0), min(100.0, hi + 1.0)
    return round(lo, 6), (round(hi, 6) if hi != inf else inf)


def pick_layer(layers: Sequence[ControlLayer], date: str | None) -> tuple[ControlLayer, str]:
    """The layer for a document's date: the nearest on or before it; a note on what was chosen."""
    if not layers:
        raise ValueError("no control layer given")
    dated = sorted((l for l in layers if l.date), key=lambda l: l.date)
    if date is None or not dated:
        chosen = dated[-1] if dated else layers[0]
        return chosen, "the document has no date: the latest control layer is used" if date is None else \
            "the control layers have no dates: the first is used"
    before = [l for l in dated if l.date <= date]
    if before:
        chosen = before[-1]
        return chosen, ("control data of the document's date" if chosen.date == date
                        else f"nearest earlier control data ({chosen.date}) for a text of {date}")
    return dated[0], f"no control data on or before {date}: the earliest ({dated[0].date}) is used"


def _fmt(value: float, unit: str) -> str:
    return f"{value:.1f}%" if unit == "%" else f"{value:,.0f} km2"


def _names(gaz: Gazetteer, codes: Sequence[str]) -> str:
    names = ["Ukraine" if c == "UA" else gaz[c].name_en for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _unverifiable(claim: Claim, why: str) -> str | None:
    if claim.modality in ("possible", "conditional"):
        return f"it says what {'may' if claim.modality == 'possible' else 'would'} happen, which no map can show"
    if claim.relation not in STATE_RELATIONS:
        if claim.relation in CHANGE_RELATIONS:
            return f"'{claim.relation}' is a change over time; one snapshot cannot measure it"
        return f"'{claim.relation}' is a political claim or a negotiating position, not control"
    if claim.actor not in SIDES:
        return f"the actor ({claim.actor or 'unknown'}) is neither Russia nor Ukraine"
    if claim.part:
        return f"the share is of part of the region ({claim.part}), which no boundary here divides"
    return why or None


def _base(claim: Claim) -> dict:
    """The fields of a claim's check that do not depend on the control data."""
    q = claim.quantity
    stated = {"low": q.low, "high": q.high, "hedge": q.hedge, "hedge_text": q.hedge_text, "text": q.text,
              "kind": q.kind, "reference": q.reference}
    return dict(claim_id=claim.id, relation=claim.relation, actor=claim.actor, regions=claim.regions,
                unit="%" if q.unit == "%" else "km2", stated=stated)


def _check(claim: Claim, layer: ControlLayer, gaz: Gazetteer, note: str, snapshot: dict | None = None) -> Verification:
    q = claim.quantity
    control = {"source": layer.source, "date": layer.date, "format": layer.format, "note": note}
    units = [u for code in claim.regions for u in gaz.expand(code)]
    outside = sorted({u for u in units if gaz[u].country != "UA"})
    why = _unverifiable(claim, f"control layers describe Ukraine; {_names(gaz, outside)} lies outside it"
                        if outside else "")
    base = dict(_base(claim), control=control, snapshot=snapshot,
                time=claim.time.to_dict() if claim.time is not None else None)
    unit = base["unit"]
    if why:
        return Verification(measured=None, tolerance=None, verdict="unverifiable",
                            explanation=f"Not checked: {why}.", **base)

    parts = measure(layer, units, gazetteer=gaz)
    whole = combine(list(parts.values()), "+".join(claim.regions), _names(gaz, claim.regions))
    details = tuple(p.to_dict() for p in parts.values())
    each = q.basis == "words" and len(claim.regions) > 1  # "small parts of Kharkiv and Mykolaiv": in each
    if q.unit == "%":
        shares = [p.held_share(claim.actor) * 100 for p in parts.values()]
        measured = max(shares) if each else whole.held_share(claim.actor) * 100
    else:
        measured = whole.held_km2(claim.actor)
    lo, hi = accepted_range(q)
    some = q.basis == "words" and lo == 0 < hi  # "small parts", "a foothold": some land, so not none
    inside = (lo < measured if some else lo <= measured) and measured <= hi
    consistent = not inside if claim.modality == "negated" else inside
    verdict = "consistent" if consistent else "inconsistent"
    who = _ACTOR_NAME[claim.actor]
    what = f"largest {who}-held share" if unit == "%" and each else f"{who}-held"
    bound = (f"more than {_fmt(lo, unit)}, up to {_fmt(hi, unit)}" if some else f"{_fmt(lo, unit)}–{_fmt(hi, unit)}"
             if hi != float("inf") else f"at least {_fmt(lo, unit)}")
    negation = "; the text denies it" if claim.modality == "negated" else ""
    explanation = (
        f"{what[0].upper() + what[1:]}: {_fmt(measured, unit)} of {whole.name} on {layer.date or 'an undated layer'} "
        f"({layer.format}); the text says \"{' '.join(q.text.split())}\" (accepted {bound}){negation}: {verdict}."
    )
    return Verification(measured=round(measured, 2 if unit == "%" else 0), verdict=verdict,
                        tolerance={"low": lo, "high": hi if hi != float("inf") else None},
                        explanation=explanation, details=details, **base)


def _check_at_time(claim: Claim, snaps: Snapshots, layer: ControlLayer, gaz: Gazetteer, note: str,
                   document_date: str | None) -> Verification:
    """Check *claim* against the snapshot of its own time.

    A change of hands is checked between two snapshots (`geo.change`). A claim with a time
    of its own (another day than the document's), or one checked against several dated
    snapshots, takes the snapshot on or up to `geo.snapshots.MAX_GAP_DAYS` before its day, or
    is "no snapshot near D". Otherwise (one snapshot, and the document's day) it is checked
    against *layer*, as chosen for the document, if that is at most `MAX_GAP_DAYS` from the claim's
    day (an undated layer or an undated claim is checked as it is); else "no snapshot near D".
    """
    t = claim.time
    if claim.change is not None:
        return check_change(claim, snaps, gaz, _base(claim))
    if t is not None and t.basis == "none" and t.text and not t.last_day:
        return Verification(measured=None, tolerance=None, verdict="unverifiable", control={
            "source": layer.source, "date": layer.date, "note": note}, time=t.to_dict(),
            explanation=f"Not checked: the text says \"{t.text}\", {t.note}.", **_base(claim))
    day = t.last_day if t is not None else None
    if day and (t.basis == "stated" and day != document_date or len(snaps.dated) > 1):
        pick = snaps.pick(day)
        if pick.layer is None:
            return Verification(measured=None, tolerance=None, verdict="unverifiable", control={
                "source": pick.source or "", "date": pick.date, "note": pick.note}, time=t.to_dict(),
                snapshot=pick.to_dict(), explanation=f"Not checked: {pick.note}.", **_base(claim))
        return _check(claim, pick.layer, gaz, pick.note, pick.to_dict())
    if day and layer.date and abs(gap := days_between(layer.date, day)) > MAX_GAP_DAYS:
        # One snapshot far from the claim's own day: a map of 2024 says nothing of what a text of 2025 states.
        why = (f"no snapshot near {day}: the only control data is of {layer.date}, {abs(gap)} days "
               f"{'earlier' if gap > 0 else 'later'} (at most {MAX_GAP_DAYS})")
        return Verification(measured=None, tolerance=None, verdict="unverifiable", control={
            "source": layer.source, "date": layer.date, "note": why}, time=t.to_dict(),
            explanation=f"Not checked: {why}.", **_base(claim))
    return _check(claim, layer, gaz, note)


def verify(document: Document, control: ControlLayer | str | Sequence[ControlLayer | str], *,
           gazetteer: Gazetteer | None = None, read: Callable[[str], ControlLayer] | None = None) -> VerifyReport:
    """Check each claim of *document* that carries a quantity against control data.

    Parameters
    ----------
    document : Document
        From `geo.extract`.
    control : ControlLayer, path, or a sequence of them
        With several, each claim is checked against the one on or up to
        `geo.snapshots.MAX_GAP_DAYS` before its own time (`Claim.time`), a change
        between those at its period's ends (`geo.change`); paths are read when chosen.
    gazetteer : Gazetteer, optional
        With user-supplied boundaries (`Gazetteer.with_boundaries`), regions are
        measured on those and the report names them.
    read : callable, optional
        Reads a path into a `ControlLayer` (default `read_control`).

    Returns
    -------
    VerifyReport
        ``to_json()`` gives the ``geo.verify/1`` object. A failed check is a
        verdict, never an exception.

    Examples
    --------
    >>> import geo
    >>> doc = geo.extract("Russian forces hold roughly 6% of the Donetsk region.", date="2024-11-20")
    >>> (check,) = verify(doc, "tests/fixtures/control/isw_control_2024-11-20.geojson").verifications
    >>> check.verdict, check.measured
    ('consistent', 6.24)
    """
    gaz = gazetteer or Gazetteer.default()
    items = [control] if isinstance(control, (ControlLayer, str)) or hasattr(control, "__fspath__") else list(control)
    snaps = Snapshots(items, read or (lambda path: read_control(path, gazetteer=gaz)))
    layer, note = pick_layer(snaps.for_document(document.date), document.date)
    checks = tuple(_check_at_time(c, snaps, layer, gaz, note, document.date) for c in document.claims
                   if c.quantity is not None)
    from geo.settlement_verify import check_settlements

    # A capture may be drawn a few days after it is reported: every snapshot is a candidate here.
    settlement_checks = check_settlements(document, snaps.layers(), gazetteer=gaz) if document.settlement_claims else ()
    return VerifyReport(
        document={"path": document.path, "sha256": document.sha256, "date": document.date},
        control={"source": layer.source, "date": layer.date, "format": layer.format, "notes": list(layer.notes),
                 "note": note},
        verifications=checks,
        boundaries=gaz.boundary_source.to_dict() if gaz.boundary_source else None, settlements=settlement_checks,
    )
