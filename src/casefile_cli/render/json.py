"""JSON shapes for scripts. Documented in the README; keys are a promise.

No rich import on this path: `--json` must stay fast.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:  # the models are only annotations here; importing them costs startup time
    from casefile_cli.models import (
        Event,
        FateAccount,
        Figure,
        ListItem,
        Operation,
        Organisation,
        Place,
        Position,
        Quotation,
        Ref,
        SearchHit,
        Section,
        WhoKilled,
    )
    from casefile_cli.search import Match


def ref(value: Ref | None) -> dict | None:
    if value is None:
        return None
    return {"id": value.id, "casefile": value.casefile, "name": value.name}


def refs(values) -> list[dict]:
    return [ref(v) for v in values]


def operation_ref(value: Ref | None) -> dict | None:
    """An operation reference: {id, name} like every other, and `title` as well
    (the older key, kept for one release; see the README)."""
    if value is None:
        return None
    return {"id": value.id, "casefile": value.casefile, "name": value.name, "title": value.name}


def source(section: Section) -> dict:
    return {
        "casefile": section.casefile,
        "section": section.slug,
        "heading": section.heading,
        "heading_date": section.heading_date,
    }


def linked_records(value) -> list[dict]:
    """Other case files' records of this one (by same_as), as each tells it."""
    return [
        {
            "id": r.id,
            "casefile": r.casefile,
            "name": r.name,
            "summary": r.summary,
            "outside": list(r.outside),
            "source": source(r.section) if r.section else None,
            "fields": dict(r.fields),
        }
        for r in value.linked
    ]


def agent(value, account: FateAccount) -> dict:
    """One claim of a fate account: a named person, their part, and how the
    case file supports it (a claim without its own section cites the account's)."""
    return {
        "id": value.id,
        "casefile": value.casefile,
        "name": value.name,
        "role": value.role,
        "part": value.part,
        "certainty": value.certainty,
        "basis": value.basis,
        "date": value.date,
        "note": value.note,
        "source": source(value.section or account.section),
    }


def aliases(values) -> list[dict]:
    return [{"alias": a.alias, "kind": a.kind, "basis": a.basis} for a in values]


def match(value: Match | None, query: str | None) -> dict | None:
    if value is None:
        return None
    return {
        "query": query,
        "matched": value.matched,
        "matched_kind": value.form_kind,
        "score": value.score,
    }


def tenure_bounds(p: Position) -> dict:
    """Sortable bounds of a post, so scripts need no EDTF parser: [earliest,
    latest] ISO days or null where the text gives none, and the days attested."""
    return {
        "from_bounds": _pair(p.date_from_lower, p.date_from_upper) if p.date_from else None,
        "to_bounds": _pair(p.date_to_lower, p.date_to_upper) if p.date_to else None,
        "attested": [p.date_from_seen or p.date_to_lower, p.date_to_seen],
    }


def _pair(lower: str | None, upper: str | None) -> list | None:
    return None if lower is None and upper is None else [lower, upper]


def span_bounds(lower, start_upper, end_lower, upper) -> dict:
    """A span's stored bounds as [earliest, latest] of its start and of its end."""
    return {"from_bounds": _pair(lower, start_upper), "to_bounds": _pair(end_lower, upper)}


def position(p: Position) -> dict:
    return {
        "title": p.title,
        "organisation": p.organisation.name if p.organisation else None,
        "organisation_id": p.organisation.id if p.organisation else None,
        "office": p.office,
        "from": p.date_from,
        "to": p.date_to,
        "certainty": p.certainty,
        "basis": p.basis,
        "source": source(p.section),
        "note": p.note,
        **tenure_bounds(p),
    }


def fate(account: FateAccount) -> dict:
    return {
        "outcome": account.outcome,
        "date": account.date,
        "place": account.place.name if account.place else None,
        "method": account.method,
        "killed_by": [agent(a, account) for a in account.killed_by],
        "ordered_by": [agent(a, account) for a in account.ordered_by],
        "organisers": [agent(a, account) for a in account.organisers],
        "accomplices": [agent(a, account) for a in account.accomplices],
        "others": [agent(a, account) for a in account.others],
        "unnamed_agents": account.unnamed_agents,
        "operation": operation_ref(account.operation),
        "certainty": account.certainty,
        "source": source(account.section),
        "note": account.note,
        "best": account.best,
        "inferred": list(account.inferred),
    }


def quotation(q: Quotation) -> dict:
    return {
        "text": q.text,
        "speaker": ref(q.speaker) if q.speaker else None,
        "speaker_description": q.speaker_description,
        "kind": q.kind,
        "source": source(q.section),
    }


def figure(f: Figure, found: Match | None = None, query: str | None = None) -> dict:
    return {
        "kind": "figure",
        "id": f.id,
        "casefile": f.casefile,
        "name": f.name,
        "native_name": f.native_name,
        "aliases": aliases(f.aliases),
        "outside": list(f.outside),
        "contradictions": list(f.contradictions),
        "summary": f.summary,
        "positions": [position(p) for p in f.positions],
        "operations": [
            {
                "id": o.operation.id,
                "casefile": o.operation.casefile,
                "name": o.operation.name,
                "title": o.operation.name,
                "role": o.role,
                "date": o.date,
                "certainty": o.certainty,
            }
            for o in f.operations
        ],
        "fate": fate(f.best_fate) if f.best_fate else None,
        "fate_accounts": [fate(a) for a in f.fate],
        "quotations": [quotation(q) for q in f.quotations],
        "ties": [
            {
                "relation": t.relation,
                "direction": "to" if t.source.id == f.id else "from",
                "other": ref(t.target if t.source.id == f.id else t.source),
                "operation": operation_ref(t.operation),
                "date": t.date,
                "certainty": t.certainty,
                "basis": t.basis,
                "source": source(t.section),
            }
            for t in f.ties
        ],
        "sources": [source(s) for s in f.sections],
        "match": match(found, query),
        "linked_records": linked_records(f),
    }


def event(e: Event) -> dict:
    return {
        "kind": "event",
        "id": e.id,
        "date": e.date,
        "date_text": e.date_text,
        "event_kind": e.kind,
        "title": e.title,
        "place": e.place.name if e.place else None,
        "operation": operation_ref(e.operation),
        "figures": [
            {"id": r.id, "casefile": r.casefile, "name": r.name, "role": r.role} for r in e.figures
        ],
        "certainty": e.certainty,
        "source": source(e.section),
        "note": e.note,
    }


def operation(o: Operation, found: Match | None = None, query: str | None = None) -> dict:
    return {
        "kind": "operation",
        "id": o.id,
        "casefile": o.casefile,
        "title": o.title,
        "operation_kind": o.kind,
        "aliases": aliases(o.aliases),
        "date": o.date,
        "date_text": o.date_text,
        "place": o.place.name if o.place else None,
        "method": o.method,
        "outcome": o.outcome,
        "agency": ref(o.agency),
        "agency_certainty": o.agency_certainty,
        "participants": [
            {
                "id": p.figure.id,
                "casefile": p.figure.casefile,
                "name": p.figure.name,
                "role": p.role,
                "detail": p.detail,
                "certainty": p.certainty,
                "basis": p.basis,
                "scope": list(p.scope),
                "source": source(p.section),
                # Every case file that tells this role (by same_as), the first telling first.
                "sources": [source(s) for s in p.sections],
            }
            for p in o.participants
        ],
        "groups": [
            {
                "description": g.description,
                "count": g.count,
                "role": g.role,
                "certainty": g.certainty,
                "outcome": g.outcome,
                "by": list(g.by),
                "note": g.note,
            }
            for g in o.groups
        ],
        "contradictions": list(o.contradictions),
        "summary": o.summary,
        "notes": list(o.notes),
        "quotations": [quotation(q) for q in o.quotations],
        "events": [event(e) for e in o.events],
        "part_of": operation_ref(o.part_of),
        "sources": [source(s) for s in o.sections],
        "match": match(found, query),
        **span_bounds(o.date_lower, o.date_start_upper, o.date_end_lower, o.date_upper),
        "attested": [o.date_seen_from, o.date_seen_to],
        "linked_records": linked_records(o),
    }


def organisation(o: Organisation, found: Match | None = None, query: str | None = None) -> dict:
    abbreviation = (
        o.name
        if o.name.isupper()
        else next((a.alias for a in o.aliases if a.kind == "abbreviation"), None)
    )
    return {
        "kind": "organisation",
        "id": o.id,
        "casefile": o.casefile,
        "name": o.name,
        "abbreviation": abbreviation,
        "full_name": o.full_name,
        "native_name": o.native_name,
        "aliases": aliases(o.aliases),
        "outside": list(o.outside),
        "contradictions": list(o.contradictions),
        "names": [o.name] + ([o.full_name] if o.full_name else []) + [a.alias for a in o.aliases],
        "organisation_kind": o.kind,
        "parent": ref(o.parent),
        "predecessor": ref(o.predecessor),
        "successors": refs(o.successors),
        "lineage": [
            {"id": body.id, "casefile": body.casefile, "name": body.name, "from": start, "to": end}
            for body, start, end in o.lineage
        ],
        "units": refs(o.units),
        "from": o.date_from,
        "to": o.date_to,
        "summary": o.summary,
        "heads": [
            {
                "id": p.holder.id,
                "casefile": p.holder.casefile,
                "name": p.holder.name,
                "title": p.title,
                "from": p.date_from,
                "to": p.date_to,
                "certainty": p.certainty,
                **tenure_bounds(p),
            }
            for p in o.heads
        ],
        "operations": [operation_ref(r) for r in o.operations],
        "notes": list(o.notes),
        "sources": [source(s) for s in o.sections],
        "match": match(found, query),
        "linked_records": linked_records(o),
    }


def place(p: Place, found: Match | None = None, query: str | None = None) -> dict:
    return {
        "kind": "place",
        "id": p.id,
        "casefile": p.casefile,
        "name": p.name,
        "place_kind": p.kind,
        "within": ref(p.within),
        "aliases": aliases(p.aliases),
        "outside": list(p.outside),
        "contradictions": list(p.contradictions),
        "places_within": refs(p.places_within),
        "operations": [operation_ref(r) for r in p.operations],
        "events": [event(e) for e in p.events],
        "sources": [source(s) for s in p.sections],
        "match": match(found, query),
        "linked_records": linked_records(p),
    }


def event_record(e: Event, found: Match | None = None, query: str | None = None) -> dict:
    """An event as `show` gives it: the event shape, with its name, place id
    and how it was found."""
    return {
        **event(e),
        "name": e.title,
        "place_id": e.place.id if e.place else None,
        "match": match(found, query),
    }


def record(value, found: Match | None = None, query: str | None = None) -> dict:
    from casefile_cli.models import Event, Figure, Operation, Place

    if isinstance(value, Event):
        return event_record(value, found, query)
    if isinstance(value, Figure):
        return figure(value, found, query)
    if isinstance(value, Operation):
        return operation(value, found, query)
    if isinstance(value, Place):
        return place(value, found, query)
    return organisation(value, found, query)


def killing(account: FateAccount) -> dict:
    """A fate account in the `who-killed` shape: the deed's agents as `killers`."""
    data = fate(account)
    killers = data["killed_by"]
    return {
        "certainty": data["certainty"],
        **{key: data[key] for key in ("outcome", "date", "place", "method")},
        "killers": killers,
        **{
            key: data[key]
            for key in (
                "ordered_by",
                "organisers",
                "accomplices",
                "others",
                "unnamed_agents",
                "operation",
                "source",
                "note",
                "inferred",
            )
        },
    }


def who_killed(answer: WhoKilled, found: Match | None = None, query: str | None = None) -> dict:
    return {
        "victim": ref(answer.victim),
        "killed": answer.killed,
        "accounts": [killing(a) for a in answer.accounts],
        "fate": [fate(a) for a in answer.fate],
        "match": match(found, query),
        "disagreements": [
            {
                "about": d.about,
                "claims": [{"says": says, "source": source(section)} for says, section in d.claims],
            }
            for d in answer.disagreements
        ],
    }


def _fields(value, *names: str) -> dict:
    return {name: getattr(value, name) for name in names}


def list_item(item: ListItem) -> dict:
    return _fields(item, "kind", "id", "name", "date", "detail", "casefile")


def search_hit(hit: SearchHit) -> dict:
    return {
        **_fields(hit, "kind", "id", "name", "snippet", "score"),
        "matched_words": list(hit.matched_words),
        "casefile": hit.casefile or None,
    }


def candidates(matches: list[Match]) -> list[dict]:
    return [
        {
            "kind": m.kind,
            "id": m.id if hasattr(m, "id") else m.record_id,
            "name": m.label,
            "matched": m.matched,
            "score": m.score,
            "detail": m.detail,
        }
        for m in matches
    ]


def timeline_entry(entry) -> dict:
    return {
        "kind": entry.kind,
        "id": entry.id,
        "date": entry.date,
        "entry_kind": entry.entry_kind,
        "title": entry.title,
        "certainty": entry.certainty,
        "operation_id": entry.operation_id,
        "source": source(entry.section),
        **span_bounds(entry.lower, entry.start_upper, entry.end_lower, entry.upper),
        "attested": [entry.seen_from, entry.seen_to],
        "casefile": entry.section.casefile,
    }


def _holder(p: Position) -> dict:
    return {
        "id": p.holder.id,
        "casefile": p.holder.casefile,
        "name": p.holder.name,
        "title": p.title,
        "organisation": p.organisation.name if p.organisation else None,
        "from": p.date_from,
        "to": p.date_to,
        "certainty": p.certainty,
        **tenure_bounds(p),
        "source": source(p.section),
    }


def moment(value) -> dict:
    return {
        "date": value.date.text,
        "from": value.date.lower,
        "to": value.date.upper,
        "happened": [timeline_entry(e) for e in value.happened],
        "under_way": [timeline_entry(e) for e in value.under_way],
        "offices": [
            {
                "office": state.label,
                "holders": [_holder(p) for p in state.holders] if state.status == "held" else [],
                "office_id": state.office,
                "status": state.status,
                "possible": [_holder(p) for p in state.holders]
                if state.status != "held"
                else [],
                "last": [_holder(p) for p in state.last],
                "next": [_holder(p) for p in state.next],
            }
            for state in value.offices
        ],
        "record": {"first": value.record_span[0], "last": value.record_span[1]},
    }


def kill(value) -> dict:
    return {
        "victim": {
            "id": value.victim.id or None,
            "casefile": value.victim.casefile,
            "name": value.victim.name,
        },
        "count": value.count,
        "role": value.role,
        "date": value.date,
        "operation": operation_ref(value.operation),
        "certainty": value.certainty,
        "part": value.part,
        "kill": value.kill,
        "basis": value.basis,
        "outcome": value.outcome,
        "note": value.note,
    }


def edge(value) -> dict:
    return {
        "source": value.source.id,
        "target": value.target.id,
        "relation": value.relation,
        "operation": value.operation.id if value.operation else None,
        "date": value.date,
        "certainty": value.certainty,
        "basis": value.basis,
        "source_section": value.section.slug,
    }


def network(value) -> dict:
    return {
        "centre": ref(value.centre),
        "nodes": refs(value.nodes),
        "edges": [edge(e) for e in value.edges],
    }


def chain_link(value, forward: bool) -> dict:
    return {
        **edge(value),
        "source_name": value.source.name,
        "target_name": value.target.name,
        "forward": forward,
    }


def cascade_entry(value) -> dict:
    return {
        "figure": {
            "id": value.figure.id,
            "casefile": value.figure.casefile,
            "name": value.figure.name,
        },
        "did": [
            {"role": role, "operation": operation_ref(op), "date": date}
            for role, op, date in value.deeds
        ],
        "end": fate(value.end),
    }


def contradiction(value) -> dict:
    return {
        "id": value.id,
        "casefile": value.casefile,
        "kind": value.kind,
        "subject": None
        if not value.subject_kind
        else {"kind": value.subject_kind, "id": value.subject_id},
        "claims": [{"says": says, "source": source(section)} for says, section in value.claims],
        "note": value.note,
    }
