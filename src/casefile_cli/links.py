"""Records of one case file that are one with records of another.

A figure, organisation, place or operation may say `same_as: 0121/leon-trotsky`.
Its rows are then stored under that record: its positions, fate accounts,
roles, ties and aliases belong to the one person, and each still cites its
own case file's section. Its own name becomes an alias of the canonical
record, and the link itself is kept in the `same_as` table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from casefile_cli.errors import SourceError
from casefile_cli.sources import CaseFileSource

LINKED_KINDS = ("figure", "organisation", "place", "operation")
KIND_TABLES = {
    "figure": "figures",
    "organisation": "organisations",
    "place": "places",
    "operation": "operations",
}
# Columns that hold an id of a record of each kind.
REFERENCE_COLUMNS = {
    "figure_id": "figure",
    "source_id": "figure",
    "target_id": "figure",
    "speaker_id": "figure",
    "organisation_id": "organisation",
    "agency_id": "organisation",
    "parent_id": "organisation",
    "predecessor_id": "organisation",
    "place_id": "place",
    "within_id": "place",
    "operation_id": "operation",
    "part_of_id": "operation",
}
# Tables whose key a linked row may meet in the canonical record's rows
# (the same alias or role told twice): the first telling is kept.
MERGED_TABLES = (
    "aliases",
    "participants",
    "event_figures",
    "event_organisations",
    "fate_agents",
    "record_sections",
)
_TARGET = re.compile(r"^([0-9A-Za-z_.-]+)/([a-z0-9][a-z0-9-]*)$")

Links = dict[str, dict[str, str]]


def declared(source: CaseFileSource) -> Iterator[tuple[str, dict]]:
    for kind in LINKED_KINDS:
        for record in source.records.get(kind, []):
            if record.get("same_as"):
                yield kind, record


def resolve_links(source: CaseFileSource, existing: dict[str, dict[str, tuple]]) -> Links:
    """{kind: {local id: canonical id}}, or a SourceError naming FILE:LINE of
    each same_as that names no record, its own case file, or a record that is
    itself linked (a chain, or a cycle). `existing` is, per kind, {id:
    (casefile, canonical id or None)} of the database written into."""
    links: Links = {kind: {} for kind in LINKED_KINDS}
    problems = []
    for kind, record in declared(source):
        where, target = record["__where__"], record["same_as"]
        found = _TARGET.match(target)
        if not found:
            problems.append(
                f"{where}: same_as {target!r} is not CASEFILE/ID (e.g. 0121/leon-trotsky)"
            )
            continue
        number, record_id = found.groups()
        owner = existing[kind].get(record_id)
        if number == source.number:
            problems.append(f"{where}: same_as {target!r} names this case file's own record")
        elif owner is None or owner[0] != number:
            problems.append(
                f"{where}: same_as {target!r}: case file {number} has no {kind} with that id"
            )
        elif owner[1] is not None:
            problems.append(
                f"{where}: same_as {target!r} is itself the same as {owner[2]}/{owner[1]}; "
                f"name that record instead (no chains)"
            )
        else:
            links[kind][record["id"]] = record_id
    if problems:
        raise SourceError(problems)
    return links


def link_rows(
    tables: Iterator[tuple[str, list[dict]]], source: CaseFileSource, links: Links
) -> Iterator[tuple[str, list[dict]]]:
    """The case file's rows with every linked record's rows moved to its canonical record."""
    if not any(links.values()):
        yield from tables
        yield "same_as", []
        return
    for table, rows in tables:
        kind = next((k for k, t in KIND_TABLES.items() if t == table), None)
        if kind is not None:
            rows = [row for row in rows if row["id"] not in links[kind]]
        if table == "outside_fields":  # fields of the record rows dropped above
            rows = [r for r in rows if r["record_id"] not in links.get(r["record_kind"], {})]
        rows = [_relinked(row, links) for row in rows]
        if table == "aliases":
            rows.extend(_names_as_aliases(source, links))
        yield table, rows
    yield "same_as", list(_link_rows(source, links))


def _relinked(row: dict, links: Links) -> dict:
    changed = dict(row)
    for column, kind in REFERENCE_COLUMNS.items():
        value = changed.get(column)
        if value is not None and value in links[kind]:
            changed[column] = links[kind][value]
    if changed.get("by_ids"):  # a group's `by`: space-separated figure ids
        changed["by_ids"] = " ".join(links["figure"].get(i, i) for i in changed["by_ids"].split())
    for kind_column, id_column in (("record_kind", "record_id"), ("subject_kind", "subject_id")):
        kind = changed.get(kind_column)
        if kind in links and changed.get(id_column) in links[kind]:
            changed[id_column] = links[kind][changed[id_column]]
    return changed


def _names_as_aliases(source: CaseFileSource, links: Links) -> Iterator[dict]:
    """A linked record's own name (and native name) as the case file spells it."""
    for kind, record in declared(source):
        if kind == "operation":
            continue
        for name in (record.get("name"), record.get("native_name")):
            if name:
                yield {
                    "record_kind": kind,
                    "record_id": links[kind][record["id"]],
                    "alias": name,
                    "kind": "spelling",
                    "generated": 0,
                    "basis": "casefile",
                    "casefile": source.number,
                }


def _link_rows(source: CaseFileSource, links: Links) -> Iterator[dict]:
    for kind, record in declared(source):
        number = record["same_as"].split("/", 1)[0]
        yield {
            "record_kind": kind,
            "record_id": record["id"],
            "casefile": source.number,
            "name": record.get("name") or record.get("title") or record["id"],
            "canonical_id": links[kind][record["id"]],
            "canonical_casefile": number,
            "source_line": record["__where__"],
        }
