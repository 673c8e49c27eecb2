"""Records passed from storage to the renderers. Plain, frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

# Best-supported first: what the text states, then what it hedges, then what
# it reports as disputed, then the version that was given out officially.
CERTAINTY_ORDER = {"stated": 0, "alleged": 1, "disputed": 2, "official": 3}


@dataclass(frozen=True)
class Ref:
    """A pointer to another record, with the name to show for it."""

    id: str
    name: str
    role: str | None = None


@dataclass(frozen=True)
class Section:
    id: str  # '0121/kirov'
    casefile: str
    slug: str
    heading: str
    heading_date: str | None = None

    @property
    def label(self) -> str:
        date = f" ({self.heading_date})" if self.heading_date else ""
        return f"#{self.casefile} § {self.heading}{date}"


@dataclass(frozen=True)
class Alias:
    alias: str
    kind: str


@dataclass(frozen=True)
class Position:
    title: str
    organisation: Ref | None
    office: str | None
    date_from: str | None
    date_to: str | None
    certainty: str
    section: Section
    note: str | None = None
    holder: Ref | None = None


@dataclass(frozen=True)
class FateAccount:
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

    @property
    def killed(self) -> bool:
        return self.outcome in ("killed", "executed", "died-in-custody")


@dataclass(frozen=True)
class Participant:
    figure: Ref
    role: str
    detail: str | None
    certainty: str
    section: Section


@dataclass(frozen=True)
class Group:
    description: str
    count: int | None
    role: str
    certainty: str
    note: str | None = None


@dataclass(frozen=True)
class Quotation:
    text: str
    speaker: Ref | None
    speaker_description: str | None
    kind: str
    section: Section
    context: str | None = None

    @property
    def attribution(self) -> str:
        return self.speaker.name if self.speaker else (self.speaker_description or "unknown")


@dataclass(frozen=True)
class OperationRole:
    operation: Ref
    role: str
    date: str | None
    certainty: str


@dataclass(frozen=True)
class Event:
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


@dataclass(frozen=True)
class Figure:
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

    @property
    def best_fate(self) -> FateAccount | None:
        return self.fate[0] if self.fate else None


@dataclass(frozen=True)
class Operation:
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


@dataclass(frozen=True)
class Organisation:
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
    units: tuple[Ref, ...]
    date_from: str | None
    date_to: str | None
    summary: str | None
    heads: tuple[Position, ...]
    operations: tuple[Ref, ...]
    notes: tuple[str, ...]
    section: Section
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class KillingAccount:
    """One account of how a person died, for `who-killed`."""

    certainty: str
    outcome: str
    date: str | None
    place: Ref | None
    method: str | None
    killers: tuple[Ref, ...]
    ordered_by: tuple[Ref, ...]
    organisers: tuple[Ref, ...]
    accomplices: tuple[Ref, ...]
    unnamed_agents: str | None
    operation: Ref | None
    section: Section
    note: str | None = None


@dataclass(frozen=True)
class WhoKilled:
    victim: Ref
    accounts: tuple[KillingAccount, ...]
    fate: tuple[FateAccount, ...] = field(default_factory=tuple)

    @property
    def killed(self) -> bool:
        return bool(self.accounts)


@dataclass(frozen=True)
class ListItem:
    kind: str
    id: str
    name: str
    date: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    name: str
    snippet: str
    score: float


@dataclass(frozen=True)
class TimelineEntry:
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


@dataclass(frozen=True)
class Contradiction:
    id: str
    casefile: str
    kind: str
    subject_kind: str | None
    subject_id: str | None
    note: str | None
    claims: tuple[tuple[str, Section], ...]


@dataclass(frozen=True)
class Edge:
    """One tie between two people, as the case file gives it."""

    source: Ref
    target: Ref
    relation: str
    operation: Ref | None
    date: str | None
    certainty: str
    section: Section
