"""What a card says, independent of how it is drawn.

Both the rich card and the plain-text rendering are drawn from a `Card`, so
they never disagree about content. Nothing here imports rich.
"""

from __future__ import annotations

from casefile_cli.dates import format_bounds, format_edtf, format_span
from casefile_cli.models import (
    Event,
    FateAccount,
    Figure,
    Operation,
    Organisation,
    Place,
    Ref,
    WhoKilled,
)
from casefile_cli.render.linked import add_linked, told_in
from casefile_cli.render.safe import line
from casefile_cli.vocabulary import BASIS_LABEL, KILLING_ROLES, PART_LABEL

# The part each list of a fate account implies: not worth repeating per name.
DEFAULT_PARTS = {k.part for k in KILLING_ROLES}
CERTAINTY_LABEL = {
    "stated": "stated",
    "official": "official version",
    "alleged": "alleged",
    "disputed": "disputed",
}


# Plain classes, not dataclasses: importing dataclasses (and inspect with it)
# cost the lookup path 6 ms.
class Table:
    __slots__ = ("title", "headers", "rows")

    def __init__(self, title: str, headers: list[str], rows: list[list[str]]):
        self.title, self.headers, self.rows = title, headers, rows

    def __repr__(self) -> str:
        return f"Table({self.title!r}, {self.headers!r}, {len(self.rows)} rows)"


class Card:
    __slots__ = (
        "title", "kind", "subtitle", "fields", "blocks", "lead", "tables", "quotes", "see_also",
        "source",
    )  # fmt: skip

    def __init__(
        self,
        title: str,
        kind: str,
        subtitle: str = "",
        *,
        fields: list[tuple[str, str]] | None = None,
        blocks: list[tuple[str, str]] | None = None,
        lead: list[tuple[str, str]] | None = None,
        tables: list[Table] | None = None,
        quotes: list[tuple[str, str]] | None = None,
        see_also: list[str] | None = None,
        source: str = "",
    ):
        self.title, self.kind, self.subtitle = title, kind, subtitle
        self.fields = fields if fields is not None else []
        self.blocks = blocks if blocks is not None else []  # (heading, paragraph)
        # Paragraphs read first: shown after the fields, before the tables.
        self.lead = lead if lead is not None else []
        self.tables = tables if tables is not None else []
        self.quotes = quotes if quotes is not None else []  # (text, attribution)
        self.see_also = see_also if see_also is not None else []
        self.source = source

    def __repr__(self) -> str:
        return f"Card({self.title!r}, {self.kind!r})"

    def add_table(self, title: str, headers: list[str], values, cells) -> None:
        """A table of one row per value (`cells` makes the row); none if no values."""
        if values:
            self.tables.append(Table(title, headers, [cells(v) for v in values]))


def names(refs: tuple[Ref, ...] | list[Ref]) -> str:
    return ", ".join(r.name for r in refs)


def _command_arg(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _surname(name: str) -> str:
    return name.split()[-1].lower() if name.split() else name


def outside_mark(basis: str | None) -> str:
    """' (outside the case file)', ' (our inference)', or nothing for the text's own."""
    return f" ({BASIS_LABEL[basis]})" if basis in BASIS_LABEL else ""


def add_outside_and_contradictions(card: Card, value, name: str) -> None:
    """The fields that hold outside knowledge, and a pointer to the places
    where the case file disagrees with itself about this record."""
    outside = getattr(value, "outside", ())  # operations have no outside fields
    if outside:
        fields = ", ".join(f.replace("_", " ") for f in outside)
        card.fields.append(("outside the case file", fields))
    if value.contradictions:
        count = len(value.contradictions)
        # One line, whatever the name holds: a block keeps newlines.
        card.blocks.append(
            (
                "",
                line(
                    f"The case file disagrees with itself here ({count}): "
                    f"casefile contradictions {_command_arg(name)}"
                ),
            )
        )


SOURCES_SHOWN = 4


def sources_text(sections) -> str:
    """The first sections a record cites, and how many more (never cut silently)."""
    shown = "; ".join(s.label for s in sections[:SOURCES_SHOWN])
    more = len(sections) - SOURCES_SHOWN
    return f"{shown}; and {more} more (--json lists them all)" if more > 0 else shown


def place_date(date: str | None, place: Ref | None) -> str:
    return " · ".join(p for p in (format_edtf(date), place.name if place else "") if p)


def kill_part(k) -> str:
    """A `kills` entry's part: 'ordered', 'lured (not a killing)', 'ordered (our inference)'."""
    text = PART_LABEL.get(k.part or "", (k.part or k.role).replace("_", " "))
    if not k.kill:
        # The outcome is the victim's (or the group's), not what this part did.
        outcome = f"; outcome: {k.outcome.replace('-', ' ')}" if k.outcome else ""
        text += f" (not counted as a killing{outcome})"
    if k.basis in BASIS_LABEL:
        text += f" ({BASIS_LABEL[k.basis]})"
    return text + (f"; {k.note}" if k.note else "")


def agent_names(agents, account: FateAccount) -> str:
    """Names of the people in one list of an account, each with its part when
    finer than the list says, and its certainty where it differs from the deed's."""
    shown = []
    for a in agents:
        marks = []
        if getattr(a, "part", None) and a.part not in DEFAULT_PARTS:
            marks.append(PART_LABEL.get(a.part, a.part))
        if getattr(a, "certainty", account.certainty) != account.certainty:
            marks.append(CERTAINTY_LABEL.get(a.certainty, a.certainty))
        if getattr(a, "basis", None) in BASIS_LABEL:
            marks.append(BASIS_LABEL[a.basis])
        shown.append(a.name + (f" ({', '.join(marks)})" if marks else ""))
    return ", ".join(shown)


def fate_place_date(account: FateAccount) -> str:
    """When and where, each marked if it is our inference."""
    text = place_date(account.date, account.place)
    marked = [f for f in ("date", "place") if f in account.inferred]
    return text + (f" ({' and '.join(marked)}: our inference)" if marked and text else "")


def describe_fate(account: FateAccount) -> str:
    parts = [account.outcome.replace("-", " ")]
    when_where = fate_place_date(account)
    if when_where:
        parts.append(when_where)
    if account.method:
        parts.append(account.method)
    if account.killed_by:
        parts.append("by " + agent_names(account.killed_by, account))
    elif account.unnamed_agents:
        parts.append("by " + account.unnamed_agents)
    if account.ordered_by:
        parts.append("on the order of " + agent_names(account.ordered_by, account))
    if account.others:
        parts.append("other parts: " + agent_names(account.others, account))
    return ", ".join(parts) + f" [{CERTAINTY_LABEL.get(account.certainty, account.certainty)}]"


def alias_fields(aliases, name: str) -> list[tuple[str, str]]:
    """A record's other names as card fields, one per kind (spelling: ...)."""
    by_kind: dict[str, list[str]] = {}
    own_words = set(name.split())
    for alias in aliases:
        # The surname alone is a form the text prints, but not worth a line.
        if not set(alias.alias.split()) <= own_words:
            by_kind.setdefault(alias.kind, []).append(alias.alias + outside_mark(alias.basis))
    return [(kind, ", ".join(values)) for kind, values in by_kind.items()]


def figure_card(f: Figure) -> Card:
    card = Card(f.name, "figure", subtitle=f.native_name or "")
    card.fields = alias_fields(f.aliases, f.name)
    card.lead.append(("", f.summary))
    if f.fate:
        card.lead.append(("Fate", "\n".join(line(describe_fate(a)) for a in f.fate)))
    card.add_table(
        "Offices",
        ["office", "organisation", "from", "to"],
        f.positions,
        lambda p: [
            p.title + outside_mark(p.basis),
            p.organisation.name if p.organisation else "",
            *format_bounds(p.date_from, p.date_to),
        ],
    )
    card.add_table(
        "Operations",
        ["operation", "role", "date"],
        f.operations,
        lambda o: [o.operation.name, o.role.replace("_", " "), format_edtf(o.date)],
    )
    if f.ties:
        from casefile_cli.render.graph import relation_words

        card.tables.append(
            Table(
                "Ties",
                ["relation", "who", "certainty"],
                [
                    [
                        relation_words(t.relation, t.source.id == f.id),
                        (t.target if t.source.id == f.id else t.source).name
                        + (f" ({t.operation.name})" if t.operation else ""),
                        CERTAINTY_LABEL.get(t.certainty, t.certainty) + outside_mark(t.basis),
                    ]
                    for t in f.ties
                ],
            )
        )
    add_outside_and_contradictions(card, f, _surname(f.name))
    add_linked(card, f)
    card.quotes = [(q.text, q.attribution) for q in f.quotations]
    card.source = sources_text(f.sections)
    arg = _command_arg(_surname(f.name))
    if any(a.killed for a in f.fate):
        card.see_also.append(f"casefile who-killed {arg}")
    for o in f.operations[:2]:
        card.see_also.append(f"casefile show {_command_arg(o.operation.name)}")
    return card


def operation_card(o: Operation) -> Card:
    subtitle = place_date(o.date, o.place)
    card = Card(o.title, "operation", subtitle=subtitle)
    card.fields = alias_fields(o.aliases, o.title) + [
        (label, value)
        for label, value in (
            ("kind", o.kind),
            ("as dated in the text", o.date_text or ""),
            ("method", o.method or ""),
            ("outcome", o.outcome or ""),
            (
                "agency",
                (o.agency.name if o.agency else "")
                + (f" ({o.agency_certainty})" if o.agency and o.agency_certainty else ""),
            ),
            ("part of", o.part_of.name if o.part_of else ""),
        )
        if value
    ]
    card.add_table(
        "Who",
        ["who", "role", "certainty"],
        o.participants,
        lambda p: [
            p.figure.name,
            p.role.replace("_", " ") + (f" ({p.detail})" if p.detail else ""),
            CERTAINTY_LABEL.get(p.certainty, p.certainty) + outside_mark(p.basis) + told_in(p),
        ],
    )
    _add_groups(card, o)
    card.blocks.append(("", o.summary))
    if o.events:
        card.tables.append(
            Table("Dates", ["date", "what"], [[format_edtf(e.date), e.title] for e in o.events])
        )
    if o.notes:
        card.blocks.append(("Notes", "\n".join(f"- {n}" for n in o.notes)))
    add_outside_and_contradictions(card, o, o.title)
    add_linked(card, o)
    card.quotes = [(q.text, q.attribution) for q in o.quotations]
    card.source = sources_text(o.sections)
    for p in o.participants:
        # who-killed only where it answers: for a target the record shows killed.
        if p.role == "target" and p.killed:
            card.see_also.append(f"casefile who-killed {_command_arg(_surname(p.figure.name))}")
            break
    for p in o.participants:
        if p.role in ("perpetrator", "organiser"):
            card.see_also.append(f"casefile figure {_command_arg(p.figure.name)}")
    card.see_also = card.see_also[:4]
    return card


def _add_groups(card: Card, o: Operation) -> None:
    card.add_table(
        "Groups",
        ["group", "count", "role", "certainty"],
        o.groups,
        lambda g: [
            g.description,
            f"{g.count:,}" if g.count is not None else "",
            g.role.replace("_", " ") + (f" ({g.outcome.replace('-', ' ')})" if g.outcome else ""),
            CERTAINTY_LABEL.get(g.certainty, g.certainty),
        ],
    )


def organisation_card(o: Organisation) -> Card:
    full_name = (o.full_name or "") + (
        outside_mark("outside") if o.full_name and "full_name" in o.outside else ""
    )
    card = Card(o.name, "organisation", subtitle=full_name)
    card.fields = [
        (label, value)
        for label, value in (
            ("native name", o.native_name or ""),
            ("kind", o.kind or ""),
            (
                "existed",
                format_span(o.date_from, o.date_to),
            ),
            ("also called", ", ".join(a.alias + outside_mark(a.basis) for a in o.aliases)),
            ("part of", o.parent.name if o.parent else ""),
            ("preceded by", o.predecessor.name if o.predecessor else ""),
            ("succeeded by", names(o.successors)),
            (
                "names over time",
                " → ".join(
                    f"{body.name} ({format_span(a, b)})" if a or b else body.name
                    for body, a, b in o.lineage
                )
                if len(o.lineage) > 1
                else "",
            ),
            ("units", names(o.units)),
        )
        if value
    ]
    if o.summary:
        card.blocks.append(("", o.summary))
    if o.heads:
        card.tables.append(
            Table(
                "Heads",
                ["who", "title", "from", "to"],
                [
                    [
                        p.holder.name,
                        p.title,
                        *format_bounds(p.date_from, p.date_to),
                    ]
                    for p in o.heads
                ],
            )
        )
    if o.operations:
        card.tables.append(Table("Operations", ["operation"], [[r.name] for r in o.operations]))
    if o.notes:
        card.blocks.append(("Notes", "\n".join(f"- {n}" for n in o.notes)))
    add_outside_and_contradictions(card, o, o.name)
    add_linked(card, o)
    card.source = sources_text(o.sections)
    return card


def place_card(p) -> Card:
    card = Card(p.name, "place", subtitle=p.kind or "")
    card.fields = [
        (label, value)
        for label, value in (
            (
                "in",
                (p.within.name if p.within else "")
                + (outside_mark("outside") if p.within and "within" in p.outside else ""),
            ),
            ("also called", ", ".join(a.alias + outside_mark(a.basis) for a in p.aliases)),
            ("places within", names(p.places_within)),
        )
        if value
    ]
    if p.operations:
        card.tables.append(
            Table("Operations there", ["operation"], [[r.name] for r in p.operations])
        )
    if p.events:
        card.tables.append(
            Table("Dates", ["date", "what"], [[format_edtf(e.date), e.title] for e in p.events])
        )
    add_outside_and_contradictions(card, p, p.name)
    add_linked(card, p)
    card.source = sources_text(p.sections)
    return card


def event_card(e: Event) -> Card:
    card = Card(e.title, "event", subtitle=place_date(e.date, e.place))
    card.fields = [
        (label, value)
        for label, value in (
            ("kind", e.kind),
            ("as dated in the text", e.date_text or ""),
            ("operation", e.operation.name if e.operation else ""),
            ("certainty", CERTAINTY_LABEL.get(e.certainty, e.certainty)),
        )
        if value
    ]
    card.add_table(
        "Who", ["who", "role"], e.figures, lambda r: [r.name, (r.role or "").replace("_", " ")]
    )
    if e.note:
        card.blocks.append(("", e.note))
    card.source = e.section.label
    if e.operation:
        card.see_also.append(f"casefile show {_command_arg(e.operation.name)}")
    return card


def found_in_text(card: Card, snippet: str) -> Card:
    """A card reached through the full text rather than by name says so."""
    card.fields.insert(0, ("found", f"in the text, not by name: {snippet}"))
    return card


def record_card(value) -> Card:
    if isinstance(value, Event):
        return event_card(value)
    if isinstance(value, Figure):
        return figure_card(value)
    if isinstance(value, Operation):
        return operation_card(value)
    if isinstance(value, Organisation):
        return organisation_card(value)
    if isinstance(value, Place):
        return place_card(value)
    raise TypeError(type(value))


def who_killed_card(answer: WhoKilled) -> Card:
    victim = answer.victim.name
    if not answer.accounts:
        card = Card(f"The case file does not record {victim} as killed", "who-killed")
        text = "\n".join(line(describe_fate(a)) for a in answer.fate)
        card.blocks.append(
            ("What the case file says of their end", text)
            if text
            else ("", "It does not say how their life ended.")
        )
        card.see_also.append(f"casefile figure {_command_arg(victim)}")
        return card
    card = Card(f"Who killed {victim}?", "who-killed")
    for number, a in enumerate(answer.accounts, start=1):
        label = CERTAINTY_LABEL.get(a.certainty, a.certainty)
        rows = [
            [name, value]
            for name, value in (
                ("killed by", agent_names(a.killed_by, a) or (a.unnamed_agents or "")),
                ("ordered by", agent_names(a.ordered_by, a)),
                ("organised by", agent_names(a.organisers, a)),
                ("accomplices", agent_names(a.accomplices, a)),
                ("other parts", agent_names(a.others, a)),
                ("method", a.method or ""),
                ("outcome", a.outcome.replace("-", " ")),
                ("when, where", fate_place_date(a)),
                ("operation", a.operation.name if a.operation else ""),
                ("source", a.section.label),
                ("note", a.note or ""),
                ("on each", "; ".join(f"{g.name}: {g.note}" for g in a.agents if g.note)),
            )
            if value
        ]
        card.tables.append(Table(f"Account {number}: {label}", ["", ""], rows))
    for d in answer.disagreements:
        told = "\n".join(
            line(f"{format_edtf(says) if d.about == 'date' else says}: {section.label}")
            for says, section in d.claims
        )
        card.blocks.append((f"The case files disagree on the {d.about}", told))
    first = answer.accounts[0]
    if first.operation:
        card.see_also.append(f"casefile show {_command_arg(first.operation.name)}")
    for killer in first.killed_by[:1]:
        card.see_also.append(f"casefile figure {_command_arg(killer.name)}")
    return card


def moment_heading(text: str) -> str:
    """'On 1 Dec 1934', but 'In 1925' and 'In Jun 1920': a year is not a day."""
    shown = format_edtf(text)
    return f"On {shown}" if text.count("-") == 2 else f"In {shown}"


def _tenure(p) -> str:
    dates = format_span(p.date_from, p.date_to) or "dates not given"
    return f"{p.holder.name} ({p.title}, {dates})"


def office_line(state, record_end: str | None) -> str:
    """One key office at a date, as the record knows it."""
    last = "; ".join(_tenure(p) for p in state.last)
    following = "; ".join(_tenure(p) for p in state.next)
    if state.status == "held":
        return "; ".join(_tenure(p) for p in state.holders)
    if state.status == "after-record":
        ends = f"the case file ends in {record_end[:4]}" if record_end else "after the record"
        return f"{ends}; last recorded: {last or 'no one'}"
    parts = ["vacant" if state.status == "vacant" else "not known"]
    if state.holders:
        parts.append("perhaps " + "; ".join(_tenure(p) for p in state.holders))
    if last:
        parts.append(f"last recorded: {last}")
    if following:
        parts.append(f"next: {following}")
    return "; ".join(parts)


def moment_card(value) -> Card:
    card = Card(moment_heading(value.date.text), "on")
    for state in value.offices:
        card.fields.append((state.label, office_line(state, value.record_span[1])))

    def dated(e):
        return [format_edtf(e.date), e.title]

    card.add_table("What happened", ["date", "what"], value.happened, dated)
    card.add_table("Under way", ["dates", "operation"], value.under_way, dated)
    if not (value.happened or value.under_way or value.offices):
        card.blocks.append(("", "The case file records nothing for this date."))
    return card


def network_card(value) -> Card:
    from casefile_cli.render.graph import tree_lines

    card = Card(value.centre.name, "network")
    card.fields = [
        (heading, "; ".join(lines))
        for heading, lines in tree_lines(value.centre, list(value.edges))
    ]
    card.see_also = [f"casefile graph {_command_arg(value.centre.name)} --format dot | dot -Tsvg"]
    return card


def chain_card(links, start: Ref, end: Ref) -> Card:
    card = Card(f"From {start.name} to {end.name}", "chain")
    lines = []
    for edge, forward in links:
        from casefile_cli.render.graph import relation_words

        relation = relation_words(edge.relation)
        text = (
            f"{edge.source.name} {relation} {edge.target.name}"
            if forward
            else f"{edge.target.name} ← {relation} ← {edge.source.name}"
        )
        if edge.operation:
            text += f" ({edge.operation.name})"
        if edge.certainty != "stated":
            text += f" [{edge.certainty}]"
        lines.append(line(text))  # one line per link, whatever a name holds
    card.blocks.append(
        (
            f"{len(links)} link" + ("" if len(links) == 1 else "s"),
            "\n".join(f"{i}. {t}" for i, t in enumerate(lines, 1)),
        )
    )
    return card


def cascade_card(entries) -> Card:
    card = Card("The Boss forgets nothing: executioners who became victims", "cascade")
    for entry in entries:
        did = "; ".join(f"{op.name} ({role.replace('_', ' ')})" for role, op, _ in entry.deeds)
        end = line(describe_fate(entry.end))
        card.blocks.append((entry.figure.name, f"did: {line(did)}\nend: {end}"))
    return card


def contradictions_card(values) -> Card:
    card = Card("Where the case file disagrees with itself", "contradictions")
    for c in values:
        claims = "\n".join(f"- {says} ({line(section.label)})" for says, section in c.claims)
        note = f"\n{c.note}" if c.note else ""
        card.blocks.append((f"{c.kind}: {c.id}", claims + note))
    return card
