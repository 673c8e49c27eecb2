"""Records of one case file that are one with records of another, and the
keys every record of a case file is stored under.

A figure, organisation, place or operation may say `same_as: 0121/leon-trotsky`.
Its rows are then stored under that record: its positions, fate accounts,
roles, ties and aliases belong to the one person, and each still cites its
own case file's section. Its own name becomes an alias of the canonical
record, and the link itself (with the record's own summary and `outside`
markings) is kept in the `same_as` table.

Ids are unique per case file only. A record is stored under its id as
written unless another case file already in the database holds that id for
a record of that kind: then under `CASEFILE/ID` (`9122/joseph-stalin`). Both
rewrites (to the canonical record, to the qualified key) go through the same
`Keys` mapping, applied to every column that names a record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from casefile_cli.errors import SourceError
from casefile_cli.sources import SPECS, CaseFileSource

LINKED_KINDS = ("figure", "organisation", "place", "operation")
# Kinds whose records are stored under a key of their own, and their tables.
KIND_TABLES = {
    "figure": "figures",
    "organisation": "organisations",
    "place": "places",
    "operation": "operations",
    "event": "events",
    "contradiction": "contradictions",
    "quotation": "quotations",
}
TABLE_KINDS = {table: kind for kind, table in KIND_TABLES.items()}
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
    "event_id": "event",
    "contradiction_id": "contradiction",
}
# Columns of space-separated figure ids: a group's `by`, a part's `scope`.
FIGURE_LIST_COLUMNS = ("by_ids", "scope_ids")
# Tables whose key a row may meet in rows of its own case file once linked
# records are moved (two of its records linked to one): the first is kept.
# Across case files nothing is dropped: an alias row carries its case file,
# and a role told again goes to participant_sources (build.write_casefile).
MERGED_TABLES = (
    "aliases",
    "participants",
    "event_figures",
    "event_organisations",
    "fate_agents",
    "record_sections",
)
# A linked record's fields of one value kept in same_as.fields (lists are
# rows of their own); those with a column of their own are kept apart.
OWN_FIELD_TYPES = ("str", "date", "ref", "enum", "int")
_KEPT_APART = frozenset(("id", "name", "title", "summary", "same_as", "section"))
_TARGET = re.compile(r"^([0-9A-Za-z_.-]+)/([a-z0-9][a-z0-9-]*)$")

# {kind: {id as the case file writes it: key stored in its place}}.
Keys = dict[str, dict[str, str]]
Links = Keys
# (kind, case file, id) -> (its key, canonical key, canonical case file), the
# canonical parts None for a record not linked; None if there is no such record.
FindRecord = Callable[[str, str, str], "tuple | None"]


def local_id(key: str) -> str:
    """A record's id as its case file writes it, without `CASEFILE/`."""
    return key.rpartition("/")[2]


def declared(source: CaseFileSource) -> Iterator[tuple[str, dict]]:
    for kind in LINKED_KINDS:
        for record in source.records.get(kind, []):
            if record.get("same_as"):
                yield kind, record


def resolve_links(source: CaseFileSource, find: FindRecord) -> Links:
    """{kind: {local id: canonical key}}, or a SourceError naming FILE:LINE of
    each same_as that names no record, its own case file, or a record that is
    itself linked (a chain, or a cycle). `find` looks a record up by its case
    file and id in the database written into."""
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
        if number == source.number:
            problems.append(f"{where}: same_as {target!r} names this case file's own record")
            continue
        owner = find(kind, number, record_id)
        if owner is None:
            problems.append(
                f"{where}: same_as {target!r}: case file {number} has no {kind} with that id"
            )
        elif owner[1] is not None:
            problems.append(
                f"{where}: same_as {target!r} is itself the same as "
                f"{owner[2]}/{local_id(owner[1])}; name that record instead (no chains)"
            )
        else:
            links[kind][record["id"]] = owner[0]
    if problems:
        raise SourceError(problems)
    return links


def qualified_keys(
    source: CaseFileSource, held: Callable[[str, list[str]], set[str]], links: Links
) -> Keys:
    """{kind: {id: 'CASEFILE/ID'}} for the records of `source` whose id another
    case file in the database already holds for a record of that kind
    (`held(kind, ids)` says which); a linked record has no key of its own."""
    keys: Keys = {}
    for kind in KIND_TABLES:
        ids = [r["id"] for r in source.records.get(kind, []) if r["id"] not in links.get(kind, {})]
        taken = held(kind, ids) if ids else set()
        keys[kind] = {i: f"{source.number}/{i}" for i in ids if i in taken}
    return keys


def link_rows(
    tables: Iterator[tuple[str, list[dict]]],
    source: CaseFileSource,
    links: Links,
    renames: Keys | None = None,
) -> Iterator[tuple[str, list[dict]]]:
    """The case file's rows with every linked record's rows moved to its
    canonical record, and every record stored under its key (`renames`)."""
    keys = {kind: {**(renames or {}).get(kind, {}), **links.get(kind, {})} for kind in KIND_TABLES}
    if not any(keys.values()):
        yield from tables
        yield "same_as", []
        return
    for table, rows in tables:
        kind = TABLE_KINDS.get(table)
        if kind in links:
            rows = [row for row in rows if row["id"] not in links[kind]]
        if table == "outside_fields":  # fields of the record rows dropped above
            rows = [r for r in rows if r["record_id"] not in links.get(r["record_kind"], {})]
        rows = [_relinked(row, keys, kind) for row in rows]
        if table == "aliases":
            rows.extend(_names_as_aliases(source, links))
        yield table, rows
    yield "same_as", list(_link_rows(source, links, keys))


def _relinked(row: dict, keys: Keys, kind: str | None) -> dict:
    changed = dict(row)
    if kind is not None and changed["id"] in keys[kind]:  # the record's own key
        changed["id"] = keys[kind][changed["id"]]
    for column, target in REFERENCE_COLUMNS.items():
        value = changed.get(column)
        if value is not None and value in keys[target]:
            changed[column] = keys[target][value]
    for column in FIGURE_LIST_COLUMNS:
        if changed.get(column):
            figures = keys["figure"]
            changed[column] = " ".join(figures.get(i, i) for i in changed[column].split())
    for kind_column, id_column in (("record_kind", "record_id"), ("subject_kind", "subject_id")):
        named = keys.get(changed.get(kind_column) or "", {})
        if changed.get(id_column) in named:
            changed[id_column] = named[changed[id_column]]
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


def _link_rows(source: CaseFileSource, links: Links, keys: Keys) -> Iterator[dict]:
    """The links, each with what its case file says of the record in its own
    fields: summary, `outside`, the section it cites first, and every other
    field of one value (`fields`, JSON; what it names, under its key)."""
    import json

    for kind, record in declared(source):
        number = record["same_as"].split("/", 1)[0]
        cited = record.get("section") or next(iter(record.get("sections", [])), None)
        fields = {
            name: keys.get(extra, {}).get(value, value) if type_ == "ref" else value
            for name, (type_, _required, extra) in SPECS[kind].items()
            if type_ in OWN_FIELD_TYPES and name not in _KEPT_APART
            for value in [record.get(name)]
            if value is not None
        }
        yield {
            "record_kind": kind,
            "record_id": record["id"],
            "casefile": source.number,
            "name": record.get("name") or record.get("title") or record["id"],
            "canonical_id": links[kind][record["id"]],
            "canonical_casefile": number,
            "source_line": record["__where__"],
            "summary": record.get("summary"),
            "outside": " ".join(dict.fromkeys(record.get("outside", []))) or None,
            "section_id": f"{source.number}/{cited}" if cited else None,
            "fields": json.dumps(fields, ensure_ascii=False, sort_keys=True) if fields else None,
        }
