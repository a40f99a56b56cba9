"""The shared vocabulary of claims: relations, modalities and sides.

Claims, verification, maps and exports all speak of the same few things; they
are named here once.

>>> "captured" in RELATIONS and "captured" in CHANGE_RELATIONS
True
>>> OTHER_SIDE["RU"]
'UA'
"""

from __future__ import annotations

__all__ = ["RELATIONS", "MODALITIES", "SIDES", "OTHER_SIDE", "STATE_RELATIONS", "CHANGE_RELATIONS",
           "UNCERTAIN_MODALITIES", "CUES", "CUE_MODALITY"]

#: Relation -> what it means, for the README and the schema.
RELATIONS = {
    "controls": "the actor has military or administrative control of the territory",
    "holds": "the actor holds (still has) the territory, often said of the remainder",
    "occupies": "the actor occupies the territory (said of an occupying force)",
    "claims": "the actor claims the territory as its own, whatever it controls",
    "annexed": "the actor declared the territory annexed",
    "captured": "the actor took the territory (captured, seized, advanced over)",
    "lost": "the actor lost or ceded the territory",
    "liberated": "the actor retook its own country's territory (liberated, recaptured, regained); the other "
                 "side's land 'liberated' (as Moscow says of Ukrainian villages) is captured",
    "demands": "the actor demands the territory or demands that the other side leave it",
    "may_withdraw": "the actor may, would or could withdraw from the territory",
    "withdrew": "the actor withdrew from the territory",
    "negotiable": "the territory, or its division, is open to negotiation",
}
#: Relations that say who holds land at one moment: one control snapshot can check them.
STATE_RELATIONS = ("controls", "holds", "occupies")
#: Relations that say land changed hands: one snapshot cannot show a change.
CHANGE_RELATIONS = ("captured", "lost", "liberated", "withdrew")
#: How sure the text is, from the strongest cue down (see `geo.claims`).
MODALITIES = ("asserted", "reported", "possible", "conditional", "negated")
#: Modalities under which a claim states no fact about the ground.
UNCERTAIN_MODALITIES = ("negated", "possible", "conditional")
#: The two sides of the war, as ISO 3166-1 codes.
SIDES = ("RU", "UA")
#: Who occupies land of a country when the text does not say: in these reports, the other side.
OTHER_SIDE = {"UA": "RU", "RU": "UA"}
#: Cue words in the lexicon (``cues.jsonl``) and the modality each gives.
CUE_MODALITY = {"negation": "negated", "condition": "conditional", "possibility": "possible"}
#: Cue kinds: the modal ones, and "goal" ("vowed to capture", "прагне захопити": an aim, so a demand).
CUES = (*CUE_MODALITY, "goal")
