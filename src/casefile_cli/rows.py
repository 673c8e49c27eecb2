"""From validated source records to table rows.

Which field of a record goes into which column follows from `sources.SPECS`
and three rules: a reference `x` is stored as `x_id`, a date beside its
sortable bounds, a nested mapping as `<field>_<key>`. The few names that
differ are in COLUMN_NAMES; lists go into tables of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from casefile_cli.dates import stored_bounds
from casefile_cli.sources import SPECS, CaseFileSource
from casefile_cli.vocabulary import (
    DEFAULT_BASIS,
    DEFAULT_CERTAINTY,
    DEFAULT_CONTRADICTION_KIND,
    DEFAULT_EVENT_FIGURE_ROLE,
    DEFAULT_GROUP_ROLE,
    DEFAULT_QUOTATION_KIND,
    FATE_AGENT_LISTS,
    GENERATED_ALIAS_KIND,
    KILLING_OUTCOMES,
    ROMANISATION_ALIAS_KIND,
    best_account_rank,
)

GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

# Fields whose column is not named by the rules above.
COLUMN_NAMES = {"from": "date_from", "to": "date_to", "about": "operation_id"}
# A start or end (`from`, `to`) is stored with its bounds and the day the
# text attests it; a span of these kinds also with the days it is attested.
ATTESTED_SPANS = ("event", "operation")
# Values of optional fields that a source may leave out.
DEFAULTS: dict[str, dict[str, str]] = {
    "group": {"role": DEFAULT_GROUP_ROLE},
    "event_figure": {"role": DEFAULT_EVENT_FIGURE_ROLE},
    "quotation": {"kind": DEFAULT_QUOTATION_KIND},
    "contradiction": {"kind": DEFAULT_CONTRADICTION_KIND},
}
# Field types stored in tables of their own, not in the record's row.
CHILD_TYPES = ("list", "refs", "strs", "enums", "agents")


class RowMaker:
    """Rows for one case file: section slugs become section ids under its number."""

    def __init__(self, number: str):
        self.number = number

    def section_id(self, slug: str | None) -> str | None:
        return f"{self.number}/{slug}" if slug else None

    def columns(self, kind: str, record: dict, section: str | None = None) -> dict[str, Any]:
        """The row of one record of `kind`; `section` is the slug it falls
        back on (a participant cites its operation's section unless it has one)."""
        row: dict[str, Any] = {}
        for name, (type_, _required, extra) in SPECS[kind].items():
            value = record.get(name)
            column = COLUMN_NAMES.get(name, name)
            if type_ in CHILD_TYPES or name == "same_as":
                continue
            if type_ == "dict":
                for key, item in self.columns(extra, value or {}).items():
                    row[f"{name}_{key}"] = item
            elif type_ == "ref" and extra == "section":
                row["section_id"] = self.section_id(value or section)
            elif type_ == "ref":
                row[COLUMN_NAMES.get(name, f"{name}_id")] = value
            elif type_ == "date":
                row[column] = value
                stored = stored_bounds(value, name if name in ("from", "to") else "date")
                if name not in ("from", "to") and kind not in ATTESTED_SPANS:
                    stored = {"lower": stored["lower"], "upper": stored["upper"]}
                row.update({f"{column}_{bound}": day for bound, day in stored.items()})
            else:
                row[column] = value if value is not None else _default(kind, name)
        return row

    def owned(self, kind: str, records: Iterable[dict]) -> list[dict]:
        """Rows of records that belong to the case file (a `casefile` column)."""
        return [{**self.columns(kind, r), "casefile": self.number} for r in records]

    def children(
        self, parents: Iterable[dict], field: str, kind: str, parent_column: str
    ) -> list[dict]:
        """Rows of the records listed under `field` of each parent."""
        return [
            {parent_column: parent["id"], **self.columns(kind, child, parent.get("section"))}
            for parent in parents
            for child in parent.get(field, [])
        ]


def _default(kind: str, name: str) -> str | None:
    if name == "certainty":
        return DEFAULT_CERTAINTY
    if name == "basis":
        return DEFAULT_BASIS
    return DEFAULTS.get(kind, {}).get(name)


def casefile_rows(source: CaseFileSource, first_fate: int = 1) -> Iterator[tuple[str, list[dict]]]:
    """(table, rows) pairs for one case file, in insertion order."""
    rows = RowMaker(source.number)
    records = source.records
    yield "casefiles", [rows.columns("casefile", source.casefile)]
    yield "sections", _sections(rows, records["section"])
    yield "places", rows.owned("place", records["place"])
    yield "organisations", rows.owned("organisation", records["organisation"])
    yield "figures", rows.owned("figure", records["figure"])
    yield "aliases", list(_alias_rows(records, source.number))
    yield "outside_fields", _outside_fields(records)
    yield "record_sections", list(_section_rows(records, rows))
    yield "positions", rows.children(records["figure"], "positions", "position", "figure_id")
    yield "operations", _operations(rows, records)
    yield "participants", _participants(rows, records["operation"])
    yield "operation_groups", _groups(rows, records["operation"])
    yield "notes", _notes(records, source.number)
    fates, agents = _fate_rows(records, rows, first_fate)
    yield "fates", fates
    yield "fate_agents", agents
    yield "events", rows.owned("event", records["event"])
    event_figures = rows.children(records["event"], "figures", "event_figure", "event_id")
    yield "event_figures", _unique(event_figures)
    yield "event_organisations", _event_organisations(records["event"])
    yield "relations", [rows.columns("relation", r) for r in records["relation"]]
    yield "quotations", [rows.columns("quotation", q) for q in records["quotation"]]
    yield "contradictions", rows.owned("contradiction", records["contradiction"])
    yield "contradiction_claims", _claims(rows, records["contradiction"])


def _sections(rows: RowMaker, sections: list[dict]) -> list[dict]:
    return [
        {
            **rows.columns("section", s),
            "id": rows.section_id(s["id"]),
            "casefile": rows.number,
            "slug": s["id"],
            "ordinal": i,
        }
        for i, s in enumerate(sections)
    ]


def _operations(rows: RowMaker, records: dict) -> list[dict]:
    chaptered = {s["id"] for s in records["section"] if s["id"] != "introduction"}
    return [
        {
            **rows.columns("operation", o),
            "casefile": rows.number,
            "chaptered": int(o["section"] in chaptered and _is_chapter_operation(o, records)),
        }
        for o in records["operation"]
    ]


def _is_chapter_operation(operation: dict, records: dict) -> bool:
    """The operation a chapter is about: the first one listed for that section."""
    first = next(o for o in records["operation"] if o["section"] == operation["section"])
    return first["id"] == operation["id"]


def _participants(rows: RowMaker, operations: list[dict]) -> list[dict]:
    """One row per person and role in each operation (a repeat adds nothing)."""
    result = []
    for operation in operations:
        seen = set()
        for p in operation.get("participants", []):
            if (p["figure"], p["role"]) not in seen:
                seen.add((p["figure"], p["role"]))
                result.append(
                    {
                        "operation_id": operation["id"],
                        **rows.columns("participant", p, operation["section"]),
                        "scope_ids": " ".join(p.get("scope", [])) or None,
                    }
                )
    return result


def _groups(rows: RowMaker, operations: list[dict]) -> list[dict]:
    """Groups in operations; `by` (the people the text credits with what was
    done to the group) is kept as space-separated ids in one column."""
    return [
        {**group, "by_ids": " ".join(source.get("by", [])) or None}
        for operation in operations
        for group, source in zip(
            rows.children([operation], "groups", "group", "operation_id"),
            operation.get("groups", []),
            strict=True,
        )
    ]


def _outside_fields(records: dict) -> list[dict]:
    """The fields of a record that hold knowledge from outside the case file."""
    return [
        {"record_kind": kind, "record_id": r["id"], "field": name}
        for kind in ("figure", "organisation", "place")
        for r in records[kind]
        for name in dict.fromkeys(r.get("outside", []))
    ]


def _notes(records: dict, number: str) -> list[dict]:
    return [
        {"record_kind": kind, "record_id": r["id"], "note": note, "casefile": number}
        for kind in ("operation", "organisation")
        for r in records[kind]
        for note in r.get("notes", [])
    ]


def _event_organisations(events: list[dict]) -> list[dict]:
    return _unique(
        {"event_id": e["id"], "organisation_id": o}
        for e in events
        for o in e.get("organisations", [])
    )


def _claims(rows: RowMaker, contradictions: list[dict]) -> list[dict]:
    return [
        {"contradiction_id": c["id"], "ordinal": i, **rows.columns("claim", claim)}
        for c in contradictions
        for i, claim in enumerate(c["claims"])
    ]


def _unique(rows: Iterable[dict]) -> list[dict]:
    seen, result = set(), []
    for row in rows:
        key = tuple(row.values())
        if key not in seen:
            seen.add(key)
            result.append(row)
    return result


def _alias_rows(records: dict, number: str) -> Iterator[dict]:
    for row in _written_aliases(records):
        yield {**row, "casefile": number}


def _written_aliases(records: dict) -> Iterator[dict]:
    for kind in ("figure", "organisation", "place", "operation"):
        for record in records[kind]:
            seen = set()
            for alias in record.get("aliases", []):
                key = (alias["alias"], alias["kind"])
                if key in seen:
                    continue
                seen.add(key)
                yield {
                    **_alias(kind, record["id"], alias["alias"], alias["kind"], generated=False),
                    "basis": alias.get("basis", DEFAULT_BASIS),
                }
            if kind == "operation":
                continue  # an operation's title is ours: no forms to generate from it
            # German readers write ü as ue: Münzenberg is also Muenzenberg.
            written = {a for a, _ in seen} | {record["name"]}
            for form in sorted(written):
                variant = form.translate(GERMAN_FOLDS)
                if variant != form and variant not in written:
                    written.add(variant)
                    yield _alias(kind, record["id"], variant, GENERATED_ALIAS_KIND, generated=True)
            yield from _romanised(kind, record, written)


def _romanised(kind: str, record: dict, written: set[str]) -> Iterator[dict]:
    """Generated aliases: the standard romanisations of every Cyrillic name
    of the record (for a person, of the surname alone too)."""
    from casefile_cli.romanisation import romanisations
    from casefile_cli.search import normalise

    native = record.get("native_name") or ""
    known = {normalise(form) for form in [*written, native]}
    for name in [native, *sorted(written)]:
        for form in romanisations(name, surname=kind == "figure"):
            if normalise(form) and normalise(form) not in known:
                known.add(normalise(form))
                yield _alias(kind, record["id"], form, ROMANISATION_ALIAS_KIND, generated=True)


def _alias(kind: str, record_id: str, alias: str, alias_kind: str, *, generated: bool) -> dict:
    return {
        "record_kind": kind,
        "record_id": record_id,
        "alias": alias,
        "kind": alias_kind,
        "generated": int(generated),
        "basis": DEFAULT_BASIS,
    }


def _section_rows(records: dict, rows: RowMaker) -> Iterator[dict]:
    seen = set()
    for kind in ("figure", "operation", "organisation", "place"):
        for record in records[kind]:
            for slug in [record.get("section"), *record.get("sections", [])]:
                if slug and (kind, record["id"], slug) not in seen:
                    seen.add((kind, record["id"], slug))
                    yield {
                        "record_kind": kind,
                        "record_id": record["id"],
                        "section_id": rows.section_id(slug),
                    }


def is_killing(fate: dict) -> bool:
    """Whether a fate account tells of a killing: killed or executed, a named
    killer, or death during an operation someone ordered or organised
    (Kutepov's heart attack in the struggle). Stored as fates.killed so that
    lookups read one flag instead of repeating this rule."""
    if fate["outcome"] in KILLING_OUTCOMES or fate.get("killed_by"):
        return True
    return (
        fate["outcome"] == "died"
        and bool(fate.get("operation"))
        and bool(fate.get("ordered_by") or fate.get("organisers"))
    )


def _fate_rows(records: dict, rows: RowMaker, first_id: int) -> tuple[list[dict], list[dict]]:
    """Fate accounts (numbered from `first_id`) and the agents each names."""
    fates, agents = [], []
    for figure in records["figure"]:
        accounts = figure.get("fate", [])
        ranks = [
            best_account_rank(f.get("certainty", DEFAULT_CERTAINTY), i)
            for i, f in enumerate(accounts)
        ]
        for ordinal, fate in enumerate(accounts):
            fate_id = first_id + len(fates)
            fates.append(
                {
                    "id": fate_id,
                    "figure_id": figure["id"],
                    "ordinal": ordinal,
                    **rows.columns("fate", fate),
                    "killed": int(is_killing(fate)),
                    "best": int(ranks[ordinal] == min(ranks)),
                    "inferred": " ".join(fate.get("inferred", [])) or None,
                }
            )
            seen = set()
            for k in FATE_AGENT_LISTS:
                for agent in fate.get(k.field, []):
                    if (agent["figure"], k.role) not in seen:
                        seen.add((agent["figure"], k.role))
                        agents.append(_agent_row(rows, fate_id, fate, k.role, k.part, agent))
    return fates, agents


def _agent_row(rows: RowMaker, fate_id: int, fate: dict, role: str, part: str, agent: dict):
    """One person's claim in a fate account: what it leaves out, the account gives."""
    row = rows.columns("agent", agent, fate["section"])
    return {
        "fate_id": fate_id,
        **row,
        "figure_id": agent["figure"],
        "role": role,
        "part": agent.get("role") or part or "other",
        "certainty": agent.get("certainty") or fate.get("certainty", DEFAULT_CERTAINTY),
    }
