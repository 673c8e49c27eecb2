"""The fixed vocabularies of the fact base, in one place.

Sources are validated against these lists, the build and the store write and
query with them, and the renderers label them. Adding a value here (and to
docs/casefile-format.md) is how a new kind of fact enters the format.
"""

from __future__ import annotations

from casefile_cli.record import Record

# How well the case file supports a claim. This order is the format's (and
# the JSON Schema's); CERTAINTY_ORDER is the order accounts are shown in.
CERTAINTIES = ("stated", "official", "alleged", "disputed")
DEFAULT_CERTAINTY = "stated"
# Best-supported first: what the text states, then what it hedges, then what
# it reports as disputed, then the version that was given out officially.
CERTAINTY_ORDER = {"stated": 0, "alleged": 1, "disputed": 2, "official": 3}

# Where a claim comes from: the case file (the default), knowledge from
# outside it (a birth name, a city's country), or our own inference from the
# text. Cards and JSON never present the last two as the case file's.
BASES = ("casefile", "outside", "inference")
DEFAULT_BASIS = "casefile"
BASIS_LABEL = {"outside": "outside the case file", "inference": "our inference"}
# Fields of a figure, organisation or place that its `outside` list may name.
OUTSIDE_FIELDS = ("name", "native_name", "full_name", "within")
# Fields of a fate account its `inferred` list may name: our reading, not the text's.
INFERABLE_FATE_FIELDS = ("date", "place", "method", "operation")


def best_account_rank(certainty: str, ordinal: int) -> tuple[int, int]:
    """The order fate accounts are shown in: best supported first, then as
    the sources list them. The build stores the first as fates.best, so that
    lists, cards, timelines and exports all show the same account."""
    return CERTAINTY_ORDER.get(certainty, 9), ordinal

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
    # Ends the text leaves open after one act (fates and groups).
    "arrested",
    "defected",
    "escaped",
    # What befell a group (operation groups only).
    "condemned",
    "entrapped",
    "poisoned",
)
# Outcomes that are a killing whoever the account names (rows.is_killing);
# a group of victims counts in `kills` only with one of these.
KILLING_OUTCOMES = ("killed", "executed", "died-in-custody")
# Outcomes that are a death, however it came (db check: parts in a death need one).
DEATH_OUTCOMES = (*KILLING_OUTCOMES, "died", "suicide")


class Part(Record):
    """A finer role of one named person in a fate or an operation: what the
    text says they did. `kill` is whether `kills` counts it as a hand in a
    death (the other parts are listed by `kills --all` only)."""

    name: str
    label: str
    kill: bool


PARTS = (
    Part("killed", "killed", True),
    Part("ordered", "ordered", True),
    Part("decided", "decided on", True),
    Part("approved", "approved (blessed)", True),
    Part("organised", "organised", True),
    Part("accomplice", "helped", True),
    Part("held", "seized and held", True),
    Part("suggested", "suggested", False),
    Part("chose-agent", "chose the agent for", False),
    Part("lured", "lured", False),
    Part("recruited", "recruited", False),
    Part("kidnapped", "had kidnapped", False),
    Part("arrested", "had arrested", False),
    Part("interrogated", "interrogated", False),
    Part("tortured", "tortured", False),
    Part("originated", "originated the evidence against", False),
    Part("passed-on", "passed on the evidence against", False),
    Part("demoted", "demoted", False),
)
PART_NAMES = tuple(p.name for p in PARTS)
PART_LABEL = {p.name: p.label for p in PARTS}
KILL_PARTS = tuple(p.name for p in PARTS if p.kill)

# Finer parts that act on the target without a hand in its death, and those
# that carried an order or a plan on: one list for operation roles and ties.
ACTS_ON_TARGET = ("lured", "recruited", "kidnapped", "arrested", "tortured")
PASSED_ON = ("originated", "passed-on")

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
    # Finer parts (see PARTS): what the text says a person did.
    "decided",
    "approved",
    "held",
    "suggested",
    "chose-agent",
    *ACTS_ON_TARGET,
    "demoted",
    *PASSED_ON,
)
TARGET_ROLE = "target"
LISTED_FIRST_ROLES = ("target", "perpetrator", "organiser", "ordered_by", "accomplice")
# Roles that had a hand in what was done to the target.
HAND_ROLES = ("perpetrator", "organiser", "ordered_by", "accomplice", "decided", "approved", "held")
# Roles that tie a participant to the operation's target in a network.
TIE_ROLES = (
    *HAND_ROLES,
    "supplier",
    "interrogator",
    "judge",
    *ACTS_ON_TARGET,
    *PASSED_ON,
)
DEFAULT_GROUP_ROLE = "target"

EVENT_FIGURE_ROLES = ("subject", "agent", "ordered_by", "organiser", "other")
DEFAULT_EVENT_FIGURE_ROLE = "subject"

QUOTATION_KINDS = ("last-words", "remark", "writing")
DEFAULT_QUOTATION_KIND = "remark"

CONTRADICTION_KINDS = ("contradiction", "typo", "anachronism", "hedge")
DEFAULT_CONTRADICTION_KIND = "contradiction"

# Record kinds a contradiction can be about.
SUBJECT_KINDS = ("figure", "operation", "event", "organisation", "place")


class KillingRole(Record):
    """One list of named people in a fate account, as each layer names it."""

    field: str  # the fate account's field (sources, FateAccount)
    role: str  # fate_agents.role
    relation: str  # the relation of the edge from agent to victim
    part: str  # the finer part an entry has unless it names its own (PARTS)


KILLING_ROLES = (
    KillingRole("killed_by", "killer", "killed", "killed"),
    KillingRole("ordered_by", "ordered_by", "ordered_killing", "ordered"),
    KillingRole("organisers", "organiser", "organised_killing", "organised"),
    KillingRole("accomplices", "accomplice", "accomplice_in_killing", "accomplice"),
)
# Named people with some other part in how a person ended (an arrest, a lure,
# a kidnapping that led to a death): always with a part of their own; the
# edge's relation is that part.
OTHER_AGENTS = KillingRole("others", "other", "", "")
FATE_AGENT_LISTS = (*KILLING_ROLES, OTHER_AGENTS)
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
