"""Change claims: land that changed hands over a period, checked between two snapshots.

"Russian forces captured about 4,000 sq km in 2024", "Ukraine liberated 3,800 sq km in a
week", "15 sq km a day", "окупанти захопили понад 400 кв. км за місяць": a claim whose
relation is captured, lost, liberated or withdrew has a side (its actor), a direction and,
from `geo.timeref`, a period. It is checked against the change of the Russian-held area
between the snapshots at the period's two ends:

* gained (newly Russian-held) km2 for a Russian gain or a Ukrainian loss;
* lost (no longer Russian-held) km2 for a Ukrainian gain or liberation, or a Russian loss;
* a rate ("a day") against that area divided by the days between the two snapshots.

The land changed is measured by `geo.changes.diff` (``geo control diff``), geodesically within the
claim's regions (all of Ukraine when none is named), with its rules for slivers (a line redrawn a
few metres away) and for the coast and border band that measuring settles: the same figures an
analyst gets from the command. Each end of the period takes the
snapshot on or nearest before it, at most a tenth of the period older (1 to 7 days), so the
two snapshots span at least most of the period; otherwise the check says "no snapshot near D".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Sequence

from geo._text import fold, fold_pattern

if TYPE_CHECKING:
    from geo.claims import Claim
    from geo.control import ControlLayer
    from geo.gazetteer import Gazetteer
    from geo.snapshots import Snapshots
    from geo.verify import Verification

__all__ = ["ChangeRef", "change_of", "change_km2", "check_change", "period_gap", "CHANGE_RELATIONS"]

#: Relations that are a change of hands.
CHANGE_RELATIONS = ("captured", "lost", "liberated", "withdrew")
#: relation -> direction, for the side that is the actor.
_DIRECTION = {"captured": "gain", "lost": "loss", "liberated": "liberation", "withdrew": "loss"}
#: "the fastest pace since 2022", "найшвидшими темпами з", "рекордными темпами": a comparison over time.
_PACE = re.compile(fold_pattern(r"\b(?:(?:fastest|quickest|slowest|biggest|largest|highest|record)\s(?:\w+\s)?"
                                r"(?:pace|rate|advance|gains?|monthly|weekly)|(?:at\s)?a\srecord\s(?:pace|rate)"
                                r"|найшвидш\w*\sтемп\w*|рекордн\w*\sтемп\w*|самы\w*\sбыстр\w*\sтемп\w*"
                                r"|наибольш\w*\sс\s|найбільш\w*\sз\s)"))


@dataclass(frozen=True, slots=True)
class ChangeRef:
    """What a change claim says changed (``change`` in ``geo.claims/1``).

    Attributes
    ----------
    side : str or None
        Who gained, lost or liberated the land (the claim's actor).
    direction : {"gain", "loss", "liberation"}
    russia_sign : int
        +1 if the claim means the Russian-held area grew, -1 if it shrank, 0 if unknown.
    comparison : str or None
        Words comparing the pace with another time ("the fastest pace since 2022").
    """

    side: str | None
    direction: str
    russia_sign: int
    comparison: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def change_of(claim: "Claim") -> ChangeRef | None:
    """The change a claim states, or None for a claim about a state.

    >>> import geo
    >>> [c] = geo.extract("Ukraine liberated 3,800 sq km in a week.", date="2022-09-12").claims
    >>> change_of(c)
    ChangeRef(side='UA', direction='liberation', russia_sign=-1, comparison=None)
    """
    direction = _DIRECTION.get(claim.relation)
    if direction is None:
        return None
    grows = {"RU": direction == "gain", "UA": direction == "loss"}.get(claim.actor)
    sign = 0 if grows is None else (1 if grows else -1)
    pace = _PACE.search(fold(claim.evidence))
    return ChangeRef(claim.actor, direction, sign, claim.evidence[pace.start():pace.end()] if pace else None)


def period_gap(start: str, end: str) -> int:
    """The oldest a snapshot at either end of a period may be: a tenth of it, 1 to 7 days.

    >>> period_gap("2024-01-01", "2024-12-31"), period_gap("2024-11-01", "2024-11-30"), period_gap("2024-11-24", "2024-12-01")
    (7, 3, 1)
    """
    from geo.snapshots import MAX_GAP_DAYS, days_between

    return max(1, min(MAX_GAP_DAYS, (days_between(start, end) + 1) // 10))


def change_km2(old: "ControlLayer", new: "ControlLayer", codes: Sequence[str], *,
               gazetteer: "Gazetteer | None" = None) -> dict:
    """Russian-held km2 gained, lost and net between two snapshots, per unit and in total.

    Gained is land Russian-held in *new* but not in *old*, lost the reverse (`geo.changes.diff`,
    slivers left out); net is the change of the measured Russian-held km2 (`geo.control.measure`,
    scaled to official areas as measuring does).

    Examples
    --------
    >>> from geo.control import read_control
    >>> old = read_control("tests/fixtures/control/deepstatemap_data_20241101.geojson")
    >>> change_km2(old, old, ["UA-14"])["total"]
    {'gained_km2': 0.0, 'lost_km2': 0.0, 'net_km2': 0.0}
    """
    from geo.changes import diff
    from geo.control import gazetteer_or_default, measure, units_of

    gaz = gazetteer_or_default(gazetteer)
    units = units_of(codes, gaz)
    before, after = measure(old, units, gazetteer=gaz), measure(new, units, gazetteer=gaz)
    moved = {c.code: c for c in diff(old, new, units, gazetteer=gaz).regions}
    out: dict = {"units": {code: {"gained_km2": round(moved[code].gained_km2, 1),
                                  "lost_km2": round(moved[code].lost_km2, 1),
                                  "net_km2": round(after[code].russia_km2 - before[code].russia_km2, 1)}
                           for code in units}}
    out["total"] = {k: round(sum(u[k] for u in out["units"].values()), 1) for k in ("gained_km2", "lost_km2", "net_km2")}
    return out


def check_change(claim: "Claim", snapshots: "Snapshots", gaz: "Gazetteer", base: dict) -> "Verification":
    """Check a change claim between the snapshots at its period's ends (see the module's notes).

    *base* holds the `Verification` fields shared with stock checks (claim id, stated figure,
    regions). A failed check is a verdict: "unverifiable" says why (no period, no snapshot near
    an end, a comparison the archive does not cover).
    """
    from geo.snapshots import days_between
    from geo.verify import Verification, _fmt, _names, accepted_range

    q, t, ch = claim.quantity, claim.time, claim.change
    time = t.to_dict() if t is not None else None
    extra = dict(time=time, change=ch.to_dict() if ch else None)

    def unverifiable(why: str, control: dict, snaps: dict | None = None) -> Verification:
        return Verification(measured=None, tolerance=None, verdict="unverifiable", explanation=f"Not checked: {why}.",
                            control=control, snapshots=snaps, **extra, **base)

    nothing = {"source": "", "date": None, "note": "no snapshot chosen"}
    units = [u for code in claim.regions for u in gaz.expand(code)]
    if claim.modality in ("possible", "conditional"):
        return unverifiable("it says what may or would happen, which no map can show", nothing)
    if ch is None or ch.russia_sign == 0:
        return unverifiable(f"the side ({claim.actor or 'unknown'}) is neither Russia nor Ukraine", nothing)
    if outside := sorted({u for u in units if gaz[u].country != "UA"}):
        return unverifiable(f"control layers describe Ukraine; {_names(gaz, outside)} lies outside it", nothing)
    share = q.kind == "percent" and q.basis == "number"  # "captured 0.7% of Ukraine in 2024": of the regions' area
    if q.kind != "area" and not share:
        return unverifiable("a change given as a comparison or in words is not checked, only one in km2 or percent",
                            nothing)
    if t is None or not (t.start and t.end):
        why = t.note if t is not None and t.note else "no period is stated"
        if ch.comparison:
            why = f"\"{ch.comparison}\" compares with another time; {why}"
        return unverifiable(f"a change needs the period it happened in, and {why}", nothing)
    gap = period_gap(t.start, t.end)
    if len(snapshots) < 2:
        return unverifiable(f"'{claim.relation}' is a change over time; one snapshot cannot measure it: give snapshots "
                            f"of {t.start} and {t.end} (or up to {gap} days before each)", nothing)
    first, last = snapshots.pick(t.start, gap), snapshots.pick(t.end, gap)
    snaps = {"start": first.to_dict(), "end": last.to_dict()}
    missing = next((p for p in (first, last) if p.layer is None), None)
    if missing is not None or first.date == last.date:
        p = missing or first
        control = {"source": p.source or "", "date": p.date, "note": p.note}
        why = p.note if missing else f"one snapshot ({first.date}) covers both ends of {t.start} to {t.end}"
        if ch.comparison:
            why += f"; \"{ch.comparison}\" would need the archive to cover the span compared with"
        return unverifiable(why, control, snaps)
    diff = change_km2(first.layer, last.layer, claim.regions, gazetteer=gaz)
    total = diff["total"]
    gross = total["gained_km2"] if ch.russia_sign > 0 else total["lost_km2"]
    net = total["net_km2"] * ch.russia_sign
    days = days_between(first.date, last.date)
    divisor = {"day": days, "week": days / 7, "month": days / 30}.get(t.per or "", 1) or 1
    if share:  # a share of the regions' (official) area, as measuring counts km2
        divisor *= sum(gaz[u].official_km2 or 0.0 for u in units) / 100 or 1
    measured, net_measured = gross / divisor, net / divisor
    lo, hi = accepted_range(q)
    inside = lo <= measured <= hi or lo <= net_measured <= hi  # "captured" may be reported gross or net
    consistent = not inside if claim.modality == "negated" else inside
    verdict = "consistent" if consistent else "inconsistent"
    what = "gained by Russia" if ch.russia_sign > 0 else "no longer Russian-held"

    def km2(v: float) -> str:
        unit = f"{v:.2f}% of the area" if share else f"{v:,.1f} km2" if t.per else _fmt(v, "km2")
        return f"{unit} a {t.per}" if t.per else unit

    per = f" over {days} days" if t.per else ""
    bound = f"{km2(lo)}–{km2(hi)}" if hi != float("inf") else f"at least {km2(lo)}"
    comparison = (f"; \"{ch.comparison}\" is not checked: comparing the pace with earlier periods needs snapshots "
                  "over the whole span compared" if ch.comparison else "")
    explanation = (f"Land {what} in {_names(gaz, claim.regions)} between {first.date} and {last.date}: "
                   f"{km2(measured)}{per} (net {km2(net_measured)}); the text says "
                   f"\"{' '.join(q.text.split())}\" for {t.start} to {t.end} (accepted {bound}){comparison}: {verdict}.")
    control = {"source": last.source, "date": last.date, "format": last.layer.format,
               "note": f"change between {first.date} ({first.source}) and {last.date}"}
    details = tuple({"code": code, **v} for code, v in diff["units"].items())
    return Verification(measured=round(measured, 3 if share else 1), verdict=verdict, explanation=explanation,
                        tolerance={"low": lo, "high": hi if hi != float("inf") else None}, control=control,
                        details=details, snapshots=snaps, **extra, **base)
