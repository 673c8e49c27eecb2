"""Records that cross layers: the store makes them, the core (lookup,
search, network, chronology) combines them, the renderers read them.

They are immutable NamedTuples (as `record.Record` makes them, cheaper to
import than typing's) rather than frozen dataclasses: as immutable, but
cheaper to create (a figure card builds hundreds) and to import, which the
lookup path does on every run. Nothing here imports another casefile
module at import time but `record`.
"""

from __future__ import annotations

from casefile_cli.record import Record

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:  # only an annotation: dates is not needed on the lookup path
    from casefile_cli.dates import Edtf


class Ref(Record):
    """A pointer to another record, with the name to show for it."""

    id: str
    name: str
    role: str | None = None
    casefile: str | None = None  # of the record it points to (the canonical one, by same_as)


class Section(Record):
    id: str  # '0121/kirov'
    casefile: str
    slug: str
    heading: str
    heading_date: str | None = None

    @property
    def label(self) -> str:
        """'#0121 § The Assassination of Sergey Kirov (01 Dec 1934)'. Month
        names are shortened: a citation, not a copy of the text's heading."""
        from casefile_cli.dates import abbreviate_months

        date = f" ({abbreviate_months(self.heading_date)})" if self.heading_date else ""
        return f"#{self.casefile} § {self.heading}{date}"


class Alias(Record):
    alias: str
    kind: str
    basis: str = "casefile"  # casefile | outside | inference


class Agent(Record):
    """A claim: one named person's part in a fate account. Its first fields
    are a Ref's, so it reads like one wherever only the name matters."""

    id: str
    name: str
    role: str  # the list it is in: killer, ordered_by, organiser, accomplice, other
    part: str  # the finer part: killed, ordered, decided, lured, ... (vocabulary.PARTS)
    certainty: str
    basis: str
    section: Section | None = None
    date: str | None = None
    note: str | None = None
    casefile: str | None = None  # of the person named


class Position(Record):
    title: str
    organisation: Ref | None
    office: str | None
    date_from: str | None
    date_to: str | None
    certainty: str
    section: Section
    note: str | None = None
    holder: Ref | None = None
    # Sortable bounds stored at build (None where the text gives none) and
    # the days the text attests the start and the end.
    date_from_lower: str | None = None
    date_from_upper: str | None = None
    date_from_seen: str | None = None
    date_to_lower: str | None = None
    date_to_upper: str | None = None
    date_to_seen: str | None = None
    basis: str = "casefile"


class FateAccount(Record):
    outcome: str
    date: str | None
    place: Ref | None
    method: str | None
    killed_by: tuple[Ref, ...]
    ordered_by: tuple[Ref, ...]
    organisers: tuple[Ref, ...]
    accomplices: tuple[Ref, ...]
    unnamed_agents: str | None
    operation: Ref | None
    certainty: str
    section: Section
    note: str | None = None
    killed: bool = False  # this account tells of a killing (rows.is_killing)
    others: tuple[Agent, ...] = ()  # named people with another part (arrest, lure...)
    best: bool = False  # the best-supported account of the person (fates.best)
    inferred: tuple[str, ...] = ()  # fields that are our inference (place, date...)
    date_upper: str | None = None  # the last possible day of the end, stored at build

    @property
    def agents(self) -> tuple[Agent, ...]:
        """Every claim the account makes about a named person."""
        lists = (self.killed_by, self.ordered_by, self.organisers, self.accomplices, self.others)
        return tuple(a for agents in lists for a in agents)


class LinkedRecord(Record):
    """Another case file's record of the same one (by same_as), as that case
    file tells it in its own fields: its name (or title), summary and the
    fields it marks as outside knowledge, citing its first section."""

    id: str  # 'CASEFILE/ID': a handle lookups take
    casefile: str
    name: str
    summary: str | None
    outside: tuple[str, ...]
    section: Section | None
    # Its other fields of one value (kind, dates, place...), as (field, value).
    fields: tuple[tuple[str, object], ...] = ()


class Participant(Record):
    figure: Ref
    role: str
    detail: str | None
    certainty: str
    section: Section
    killed: bool = False  # some account of this person's end tells of a killing
    basis: str = "casefile"
    scope: tuple[str, ...] = ()  # the targets the part concerns, if not all
    # The same role told again by later case files (by same_as): their sections.
    also_told_in: tuple[Section, ...] = ()

    @property
    def sections(self) -> tuple[Section, ...]:
        """Every section that tells this role, the first telling first."""
        return (self.section, *self.also_told_in)


class Group(Record):
    description: str
    count: int | None
    role: str
    certainty: str
    note: str | None = None
    outcome: str | None = None  # what befell the group, if the text says
    by: tuple[str, ...] = ()  # figure ids the text credits with it, if it names them


class Quotation(Record):
    text: str
    speaker: Ref | None
    speaker_description: str | None
    kind: str
    section: Section
    context: str | None = None

    @property
    def attribution(self) -> str:
        return self.speaker.name if self.speaker else (self.speaker_description or "unknown")


class OperationRole(Record):
    operation: Ref
    role: str
    date: str | None
    certainty: str
    date_lower: str | None = None  # the operation's first possible day, stored at build


class Event(Record):
    id: str
    date: str
    date_text: str | None
    kind: str
    title: str
    place: Ref | None
    operation: Ref | None
    figures: tuple[Ref, ...]
    certainty: str
    section: Section
    note: str | None = None


class Figure(Record):
    id: str
    casefile: str
    name: str
    native_name: str | None
    summary: str
    aliases: tuple[Alias, ...]
    positions: tuple[Position, ...]
    fate: tuple[FateAccount, ...]
    operations: tuple[OperationRole, ...]
    quotations: tuple[Quotation, ...]
    sections: tuple[Section, ...]
    ties: tuple[Edge, ...] = ()  # recruited, lured, replaced, served under... both ways
    outside: tuple[str, ...] = ()  # fields holding knowledge from outside the case file
    contradictions: tuple[str, ...] = ()  # ids of contradictions about this record
    linked: tuple[LinkedRecord, ...] = ()  # other case files' records of this one

    @property
    def best_fate(self) -> FateAccount | None:
        """The best-supported account (the build's choice, fates.best)."""
        return next((a for a in self.fate if a.best), self.fate[0] if self.fate else None)


class Operation(Record):
    id: str
    casefile: str
    title: str
    kind: str
    date: str | None
    date_text: str | None
    place: Ref | None
    method: str | None
    outcome: str | None
    agency: Ref | None
    summary: str
    chaptered: bool
    part_of: Ref | None
    participants: tuple[Participant, ...]
    groups: tuple[Group, ...]
    notes: tuple[str, ...]
    quotations: tuple[Quotation, ...]
    events: tuple[Event, ...]
    section: Section
    sections: tuple[Section, ...]
    # Sortable bounds stored at build: the span's, its start's latest day and
    # its end's earliest (None where the text gives none), and the days attested.
    date_lower: str | None = None
    date_upper: str | None = None
    date_start_upper: str | None = None
    date_end_lower: str | None = None
    date_seen_from: str | None = None
    date_seen_to: str | None = None
    agency_certainty: str | None = None
    contradictions: tuple[str, ...] = ()
    aliases: tuple[Alias, ...] = ()
    linked: tuple[LinkedRecord, ...] = ()  # other case files' records of this one


class Organisation(Record):
    id: str
    casefile: str
    name: str
    full_name: str | None
    native_name: str | None
    kind: str | None
    aliases: tuple[Alias, ...]
    parent: Ref | None
    predecessor: Ref | None
    successors: tuple[Ref, ...]
    # Its names over time, predecessors first: (body, from, to).
    lineage: tuple[tuple[Ref, str | None, str | None], ...]
    units: tuple[Ref, ...]
    date_from: str | None
    date_to: str | None
    summary: str | None
    heads: tuple[Position, ...]
    operations: tuple[Ref, ...]
    notes: tuple[str, ...]
    section: Section
    sections: tuple[Section, ...]
    outside: tuple[str, ...] = ()
    contradictions: tuple[str, ...] = ()
    linked: tuple[LinkedRecord, ...] = ()  # other case files' records of this one


class Place(Record):
    id: str
    casefile: str
    name: str
    kind: str | None
    within: Ref | None
    aliases: tuple[Alias, ...]
    places_within: tuple[Ref, ...]
    operations: tuple[Ref, ...]
    events: tuple[Event, ...]
    section: Section
    sections: tuple[Section, ...]
    outside: tuple[str, ...] = ()
    contradictions: tuple[str, ...] = ()
    linked: tuple[LinkedRecord, ...] = ()  # other case files' records of this one


class Disagreement(Record):
    """Case files that tell one person's end differently: what differs
    (date, outcome, killer) and what each says, with its section."""

    about: str
    claims: tuple[tuple[str, Section], ...]


class WhoKilled(Record):
    victim: Ref
    accounts: tuple[FateAccount, ...]  # those that tell of a killing, best supported first
    fate: tuple[FateAccount, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()  # between case files (by same_as)

    @property
    def killed(self) -> bool:
        return bool(self.accounts)


class ListItem(Record):
    kind: str
    id: str
    name: str
    date: str | None = None
    detail: str | None = None
    casefile: str | None = None  # the case file the record comes from


class SearchHit(Record):
    kind: str
    id: str
    name: str
    snippet: str
    score: float
    matched_words: tuple[str, ...] = ()  # the query's words this hit matched
    casefile: str = ""  # of a full-text hit: its case file (name hits leave it empty)
    document: int | None = None  # of a full-text hit: its row in `documents`


class TimelineEntry(Record):
    kind: str  # event | operation
    id: str
    date: str
    lower: str
    upper: str
    entry_kind: str  # arrest, execution, assassination, ...
    title: str
    certainty: str
    section: Section
    operation_id: str | None = None
    seen_from: str | None = None  # first and last days the text attests
    seen_to: str | None = None
    start_upper: str | None = None  # latest day of the start, earliest of the end
    end_lower: str | None = None


class Contradiction(Record):
    id: str
    casefile: str
    kind: str
    subject_kind: str | None
    subject_id: str | None
    note: str | None
    claims: tuple[tuple[str, Section], ...]


class Edge(Record):
    """One tie between two people, as the case file gives it."""

    source: Ref
    target: Ref
    relation: str
    operation: Ref | None
    date: str | None
    certainty: str
    section: Section
    basis: str = "casefile"
    date_lower: str | None = None  # the date's first possible day, stored at build


class Tie(Record):
    """An edge and how it was derived: relation, fate, operation or command."""

    edge: Edge
    via: str


class GroupTarget(Record):
    """A group (prisoners, defendants) targeted in an operation a person had a hand in."""

    description: str
    count: int | None
    role: str  # the person's role in the operation
    operation: Ref
    date: str | None
    certainty: str
    outcome: str | None = None
    by: tuple[str, ...] = ()
    note: str | None = None
    date_lower: str | None = None  # the operation's first possible day, stored at build


class NameForm(Record):
    """One way a record can be named: canonical name, alias, title, abbreviation."""

    kind: str  # figure | operation | organisation | place
    record_id: str
    label: str  # the record's display name
    form: str  # the form as written
    form_kind: str  # name | spelling | codename | title | ...
    norm: str  # normalise(form)
    detail: str = ""  # what tells this record apart (dates, role)
    weight: int = 0  # sections that mention the record


class Match(Record):
    """A record a query names, with the form that matched and how well."""

    kind: str
    record_id: str
    label: str
    matched: str
    form_kind: str
    score: float
    detail: str = ""


class Kill(Record):
    """Someone (or a group) a person killed, ordered killed or helped kill."""

    victim: Ref
    role: str
    date: str | None
    operation: Ref | None
    certainty: str
    section_label: str
    count: int | None = None  # for a group of victims
    part: str | None = None  # the finer part (vocabulary.PARTS), if the record names one
    kill: bool = True  # a hand in a death; False: another act `kills --all` lists
    basis: str = "casefile"
    outcome: str | None = None  # what befell the victim or the group
    note: str | None = None
    date_lower: str | None = None  # the date's first possible day, stored at build


class Network(Record):
    """The ties within some steps of one person."""

    centre: Ref
    nodes: tuple[Ref, ...]
    edges: tuple[Edge, ...]


class CascadeEntry(Record):
    """A perpetrator later killed by the apparatus they served."""

    figure: Ref
    deeds: tuple[tuple[str, Ref, str | None], ...]  # (role, operation, date)
    end: FateAccount | None  # None where only names are asked for (cascade --plain)


class Moment(Record):
    """`casefile on DATE`: what happened in the period, what was under way, who held office."""

    date: Edtf
    happened: tuple[TimelineEntry, ...]
    under_way: tuple[TimelineEntry, ...]
    offices: tuple[OfficeState, ...]
    record_span: tuple[str | None, str | None] = (None, None)  # first and last dated day


class OfficeState(Record):
    """What the record says of one key office at a date.

    `status`: held (by `holders`), vacant (between `last` and `next`), unknown
    (`holders` may have held it: the text attests neither way) or after-record
    (the date is past the case file's last dated day; `last` is the last recorded)."""

    office: str
    label: str
    status: str
    holders: tuple[Position, ...]
    last: tuple[Position, ...] = ()
    next: tuple[Position, ...] = ()
