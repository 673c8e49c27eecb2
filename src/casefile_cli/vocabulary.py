"""The fixed vocabularies of the fact base, in one place.

Sources are validated against these lists, the build and the store write and
query with them, and the renderers label them. Adding a value here (and to
docs/casefile-format.md) is how a new kind of fact enters the format.
"""

from __future__ import annotations

from typing import NamedTuple

# How well the case file supports a claim. This order is the format's (and
# the JSON Schema's); CERTAINTY_ORDER is the order accounts are shown in.
CERTAINTIES = ("stated", "official", "alleged", "disputed")
DEFAULT_CERTAINTY = "stated"
# Best-supported first: what the text states, then what it hedges, then what
# it reports as disputed, then the version that was given out officially.
CERTAINTY_ORDER = {"stated": 0, "alleged": 1, "disputed": 2, "official": 3}

ALIAS_KINDS = (
    "spelling",
    "transliteration",
    "nickname",
    "codename",
    "cover-name",
    "pseudonym",
    "title",
    "other-name",
    "abbreviation",
)
# The kind of the aliases the build adds itself (Münzenberg → Muenzenberg).
GENERATED_ALIAS_KIND = "transliteration"
# The kind of the standard romanisations of Cyrillic names that the build
# makes (BGN/PCGN, scientific, GOST, Wikipedia, German, French): matched by
# lookups, left out of cards and completion.
ROMANISATION_ALIAS_KIND = "generated"

OUTCOMES = (
    "killed",
    "executed",
    "died-in-custody",
    "died",
    "suicide",
    "disappeared",
    "imprisoned",
    "survived",
    "unknown",
)
# Outcomes that are a killing whoever the account names (rows.is_killing).
KILLING_OUTCOMES = ("killed", "executed", "died-in-custody")

# People's roles in an operation, in the order an operation card lists them
# (roles after "accomplice" share the last place).
ROLES = (
    "target",
    "perpetrator",
    "organiser",
    "ordered_by",
    "accomplice",
    "supplier",
    "interrogator",
    "judge",
    "witness",
    "other",
)
TARGET_ROLE = "target"
LISTED_FIRST_ROLES = ("target", "perpetrator", "organiser", "ordered_by", "accomplice")
# Roles that had a hand in what was done to the target.
HAND_ROLES = ("perpetrator", "organiser", "ordered_by", "accomplice")
# Roles that tie a participant to the operation's target in a network.
TIE_ROLES = (*HAND_ROLES, "supplier", "interrogator", "judge")
DEFAULT_GROUP_ROLE = "target"

EVENT_FIGURE_ROLES = ("subject", "agent", "ordered_by", "other")
DEFAULT_EVENT_FIGURE_ROLE = "subject"

QUOTATION_KINDS = ("last-words", "remark", "writing")
DEFAULT_QUOTATION_KIND = "remark"

CONTRADICTION_KINDS = ("contradiction", "typo", "anachronism", "hedge")
DEFAULT_CONTRADICTION_KIND = "contradiction"

# Record kinds a contradiction can be about.
SUBJECT_KINDS = ("figure", "operation", "event", "organisation", "place")


class KillingRole(NamedTuple):
    """One part in a killing, as each layer names it."""

    field: str  # the fate account's field (sources, FateAccount)
    role: str  # fate_agents.role
    relation: str  # the relation of the edge from agent to victim


KILLING_ROLES = (
    KillingRole("killed_by", "killer", "killed"),
    KillingRole("ordered_by", "ordered_by", "ordered_killing"),
    KillingRole("organisers", "organiser", "organised_killing"),
    KillingRole("accomplices", "accomplice", "accomplice_in_killing"),
)
KILLING_RELATIONS = {k.relation: k.role for k in KILLING_ROLES}

# Key offices (positions' `office`), in the order `on DATE` reports them.
KEY_OFFICES = {
    "secret-police-head": "head of the secret police",
    "secret-police-first-deputy": "first deputy",
    "secret-police-deputy": "deputy head",
    "gugb-head": "head of the GUGB",
    "foreign-department-head": "head of the foreign department",
    "foreign-department-deputy": "deputy head of the foreign department",
    "kommandatura-commander": "commander of the Kommandatura",
    "poison-laboratory-head": "head of the poison laboratory",
}
OFFICES = tuple(KEY_OFFICES)
# An organisation's heads: offices and titles matching these SQL LIKE patterns.
HEAD_OFFICE_PATTERNS = ("%head", "%commander")
HEAD_TITLE_PATTERNS = (
    "head%",
    "%chairman%",
    "%leader%",
    "%director%",
    "%commander%",
    "%chief%",
)

# Organisations of this kind, and their units, are "the apparatus" (cascade).
SECRET_POLICE_KIND = "secret-police"
