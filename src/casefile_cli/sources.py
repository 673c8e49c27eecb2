"""Reading and validating case-file sources (the YAML under data/sources/).

`load_casefile` reads one case-file folder and returns a `CaseFileSource`
holding every record, or raises `SourceError` listing every problem found,
each naming the file, the line and the field. Nothing here writes anything.
The format is documented in docs/casefile-format.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile_cli.dates import EdtfError, parse_edtf
from casefile_cli.errors import SourceError
from casefile_cli.source_files import SourceProblem, label, read_source, shown, token
from casefile_cli.vocabulary import (
    ALIAS_KINDS,
    BASES,
    CERTAINTIES,
    CONTRADICTION_KINDS,
    EVENT_FIGURE_ROLES,
    INFERABLE_FATE_FIELDS,
    OFFICES,
    OUTCOMES,
    OUTSIDE_FIELDS,
    PART_NAMES,
    QUOTATION_KINDS,
    ROLES,
    SUBJECT_KINDS,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A case-file number prefixes its section ids and the keys of records whose
# id another case file holds (`9122/joseph-stalin`): no '/' or spaces in it.
NUMBER = re.compile(r"^[0-9A-Za-z_.-]+$")

# Field specs: name -> (type, required, reference kind or allowed values).
# Types: str, int, date (EDTF), list, dict, ref (an id of the named kind),
# refs (a list of ids), enum (one of the given values), enums (a list of
# them), agents (a list of figure ids or `agent` mappings: claims).
Spec = dict[str, tuple[str, bool, Any]]

ALIAS_SPEC: Spec = {
    "alias": ("str", True, None),
    "kind": ("enum", True, ALIAS_KINDS),
    "basis": ("enum", False, BASES),
}
SPECS: dict[str, Spec] = {
    "section": {
        "id": ("slug", True, None),
        "line": ("int", False, None),
        "heading": ("str", True, None),
        "heading_date": ("str", False, None),
    },
    "figure": {
        "id": ("slug", True, None),
        "name": ("str", True, None),
        "native_name": ("str", False, None),
        "aliases": ("list", False, "alias"),
        "summary": ("str", True, None),
        "sections": ("refs", False, "section"),
        "positions": ("list", False, "position"),
        "fate": ("list", False, "fate"),
        "outside": ("enums", False, OUTSIDE_FIELDS),
        "same_as": ("str", False, None),
    },
    "alias": ALIAS_SPEC,
    "position": {
        "title": ("str", True, None),
        "organisation": ("ref", False, "organisation"),
        "office": ("enum", False, OFFICES),
        "from": ("date", False, None),
        "to": ("date", False, None),
        "section": ("ref", True, "section"),
        "certainty": ("enum", False, CERTAINTIES),
        "basis": ("enum", False, BASES),
        "note": ("str", False, None),
    },
    "fate": {
        "outcome": ("enum", True, OUTCOMES),
        "date": ("date", False, None),
        "date_text": ("str", False, None),
        "place": ("ref", False, "place"),
        "method": ("str", False, None),
        "killed_by": ("agents", False, "agent"),
        "ordered_by": ("agents", False, "agent"),
        "organisers": ("agents", False, "agent"),
        "accomplices": ("agents", False, "agent"),
        "others": ("agents", False, "agent"),
        "unnamed_agents": ("str", False, None),
        "operation": ("ref", False, "operation"),
        "certainty": ("enum", False, CERTAINTIES),
        "section": ("ref", True, "section"),
        "note": ("str", False, None),
        "inferred": ("enums", False, INFERABLE_FATE_FIELDS),
    },
    # One named person's part in a fate: a claim with its own certainty,
    # basis, section, date and note; what it leaves out comes from the account.
    "agent": {
        "figure": ("ref", True, "figure"),
        "role": ("enum", False, PART_NAMES),
        "certainty": ("enum", False, CERTAINTIES),
        "basis": ("enum", False, BASES),
        "section": ("ref", False, "section"),
        "date": ("date", False, None),
        "note": ("str", False, None),
    },
    "operation": {
        "id": ("slug", True, None),
        "title": ("str", True, None),
        "kind": ("str", True, None),
        "date": ("date", False, None),
        "date_text": ("str", False, None),
        "place": ("ref", False, "place"),
        "method": ("str", False, None),
        "outcome": ("str", False, None),
        "agency": ("ref", False, "organisation"),
        "agency_certainty": ("enum", False, CERTAINTIES),
        "section": ("ref", True, "section"),
        "sections": ("refs", False, "section"),
        "part_of": ("ref", False, "operation"),
        "aliases": ("list", False, "alias"),
        "summary": ("str", True, None),
        "participants": ("list", False, "participant"),
        "groups": ("list", False, "group"),
        "notes": ("strs", False, None),
        "same_as": ("str", False, None),
    },
    "participant": {
        "figure": ("ref", True, "figure"),
        "role": ("enum", True, ROLES),
        "detail": ("str", False, None),
        "certainty": ("enum", False, CERTAINTIES),
        "basis": ("enum", False, BASES),
        "section": ("ref", False, "section"),
        # The targets the part concerns, when not every target of the operation.
        "scope": ("refs", False, "figure"),
    },
    "group": {
        "description": ("str", True, None),
        "count": ("int", False, None),
        "role": ("enum", False, ROLES),
        "outcome": ("enum", False, OUTCOMES),
        "by": ("refs", False, "figure"),
        "certainty": ("enum", False, CERTAINTIES),
        "section": ("ref", False, "section"),
        "note": ("str", False, None),
    },
    "event": {
        "id": ("slug", True, None),
        "date": ("date", True, None),
        "date_text": ("str", False, None),
        "kind": ("str", True, None),
        "title": ("str", True, None),
        "place": ("ref", False, "place"),
        "operation": ("ref", False, "operation"),
        "figures": ("list", False, "event_figure"),
        "organisations": ("refs", False, "organisation"),
        "certainty": ("enum", False, CERTAINTIES),
        "section": ("ref", True, "section"),
        "note": ("str", False, None),
    },
    "event_figure": {
        "figure": ("ref", True, "figure"),
        "role": ("enum", False, EVENT_FIGURE_ROLES),
    },
    "organisation": {
        "id": ("slug", True, None),
        "name": ("str", True, None),
        "full_name": ("str", False, None),
        "native_name": ("str", False, None),
        "aliases": ("list", False, "alias"),
        "outside": ("enums", False, OUTSIDE_FIELDS),
        "kind": ("str", False, None),
        "parent": ("ref", False, "organisation"),
        "predecessor": ("ref", False, "organisation"),
        "from": ("date", False, None),
        "to": ("date", False, None),
        "summary": ("str", False, None),
        "section": ("ref", True, "section"),
        "sections": ("refs", False, "section"),
        "notes": ("strs", False, None),
        "same_as": ("str", False, None),
    },
    "place": {
        "id": ("slug", True, None),
        "name": ("str", True, None),
        "kind": ("str", False, None),
        "within": ("ref", False, "place"),
        "outside": ("enums", False, OUTSIDE_FIELDS),
        "aliases": ("list", False, "alias"),
        "section": ("ref", True, "section"),
        "sections": ("refs", False, "section"),
        "same_as": ("str", False, None),
    },
    "relation": {
        "source": ("ref", True, "figure"),
        "relation": ("str", True, None),
        "target": ("ref", True, "figure"),
        "operation": ("ref", False, "operation"),
        "date": ("date", False, None),
        "certainty": ("enum", False, CERTAINTIES),
        "basis": ("enum", False, BASES),
        "section": ("ref", True, "section"),
        "note": ("str", False, None),
    },
    "quotation": {
        "id": ("slug", True, None),
        "speaker": ("ref", False, "figure"),
        "speaker_description": ("str", False, None),
        "text": ("str", True, None),
        "kind": ("enum", False, QUOTATION_KINDS),
        "about": ("ref", False, "operation"),
        "section": ("ref", True, "section"),
        "context": ("str", False, None),
    },
    "contradiction": {
        "id": ("slug", True, None),
        "kind": ("enum", False, CONTRADICTION_KINDS),
        "subject": ("dict", False, "subject"),
        "claims": ("list", True, "claim"),
        "note": ("str", False, None),
    },
    "subject": {
        "kind": ("enum", True, SUBJECT_KINDS),
        "id": ("str", True, None),
    },
    "claim": {"says": ("str", True, None), "section": ("ref", True, "section")},
    "casefile": {
        "number": ("str", True, None),
        "title": ("str", True, None),
        "subtitle": ("str", False, None),
        "epigraph": ("str", False, None),
        "attribution": ("str", False, None),
        "source_file": ("str", False, None),
        "summary": ("str", False, None),
    },
}
# Top-level keys of a source file and the record kind of their entries.
TOP_LEVEL = {
    "sections": "section",
    "figures": "figure",
    "operations": "operation",
    "events": "event",
    "organisations": "organisation",
    "places": "place",
    "relations": "relation",
    "quotations": "quotation",
    "contradictions": "contradiction",
}
# Kinds whose ids other records refer to.
ID_KINDS = (
    "section",
    "figure",
    "operation",
    "event",
    "organisation",
    "place",
    "quotation",
    "contradiction",
)


@dataclass
class CaseFileSource:
    """Every record of one case file, as plain dicts, validated."""

    folder: Path
    casefile: dict
    records: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def number(self) -> str:
        return str(self.casefile["number"])


# Fields that are prose and may hold newlines (and tabs); every other text
# field is one line: a name, a title, an alias, a kind.
PROSE_FIELDS = frozenset(
    ("summary", "note", "notes", "says", "text", "context", "epigraph", "description", "detail")
)


def text_problem(name: str, value: str) -> str | None:
    """Why text for field `name` is refused: a control, bidi or invisible
    character, or a line break in a one-line field (see render/safe.py)."""
    from casefile_cli.render.safe import first_unsafe

    one_line = name not in PROSE_FIELDS
    found = first_unsafe(value.strip(), one_line=one_line)
    if found is None:
        return None
    if found in ("\\n", "\\r") and one_line:
        return "must be one line (it holds a line break)"
    return f"holds {found}, a control, bidi or invisible character"


def clean_text(value: str) -> str:
    """Imported text is data: strip control characters, keep newlines and tabs out too."""
    return CONTROL.sub("", value).strip()


def _is_text(value: Any) -> bool:
    # Numbers stand for their text (`heading: 1937`); nothing else does.
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        if len(message) > 200:  # a message quotes a token, never a whole line
            message = message[:200] + "…"
        self.problems.append(f"{where}: {message}")

    def check(self, kind: str, record: Any, where: str) -> dict:
        """Type-check one record against its spec; return it cleaned."""
        if not isinstance(record, dict):
            self.problem(where, f"expected a mapping for a {kind}, found {type(record).__name__}")
            return {}
        line = getattr(record, "line", None)
        where = f"{where.rsplit(':', 1)[0]}:{line}" if line else where
        spec = SPECS[kind]
        cleaned: dict[str, Any] = {"__where__": where}
        for name in record:
            if name not in spec:
                self.problem(where, f"unknown field {token(name)} in a {kind}")
        for name, (type_, required, extra) in spec.items():
            value = record.get(name)
            if value is None or value == [] or value == "":
                if required:
                    self.problem(where, f"missing required field {name!r} in a {kind}")
                continue
            cleaned[name] = self._value(kind, name, type_, extra, value, where)
        return cleaned

    def _agents(self, kind: str, value, where: str, label: str) -> list[dict]:
        """Claims about named people: a plain id is the short form of {figure: id}."""
        if not isinstance(value, list):
            self.problem(where, f"{label} must be a list")
            return []
        return [
            self.check(kind, {"figure": item} if isinstance(item, str) else item, where)
            for item in value
        ]

    def _value(self, kind, name, type_, extra, value, where):
        label = f"field {name!r} of a {kind}"
        if type_ in ("str", "slug", "date", "ref", "enum"):
            if not _is_text(value):
                self.problem(where, f"{label} must be text, found {type(value).__name__}")
                return None
            refused = text_problem(name, str(value))
            if refused:
                self.problem(where, f"{label} {refused}")
            value = clean_text(str(value))
            if type_ == "slug" and not SLUG.match(value):
                self.problem(where, f"{label} {token(value)} is not an id (lowercase, digits, '-')")
            if type_ == "date":
                try:
                    parse_edtf(value)
                except EdtfError as error:
                    short = len(value) <= 40  # else the message would quote it whole
                    self.problem(
                        where,
                        f"{label}: {error if short else token(value) + ' is not an EDTF date'}",
                    )
            if type_ == "enum" and value not in extra:
                self.problem(
                    where, f"{label} is {token(value)}; expected one of {', '.join(extra)}"
                )
            return value
        if type_ == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                found = token(value) if isinstance(value, str) else type(value).__name__
                self.problem(where, f"{label} must be a whole number, found {found}")
                return None
            return value
        if type_ in ("refs", "strs", "enums"):
            if not isinstance(value, list):
                self.problem(where, f"{label} must be a list")
                return []
            if not all(_is_text(item) for item in value):
                self.problem(where, f"{label} must be a list of text, not of lists or mappings")
                return []
            for item in value:
                refused = text_problem(name, str(item))
                if refused:
                    self.problem(where, f"{label} {refused}")
            items = [clean_text(str(item)) for item in value]
            for item in items if type_ == "enums" else ():
                if item not in extra:
                    self.problem(where, f"{label} has {token(item)}; expected {', '.join(extra)}")
            return items
        if type_ == "agents":
            return self._agents(extra, value, where, label)
        if type_ == "list":
            if not isinstance(value, list):
                self.problem(where, f"{label} must be a list")
                return []
            return [self.check(extra, item, where) for item in value]
        if type_ == "dict":
            return self.check(extra, value, where)
        raise AssertionError(type_)


def load_casefile(folder: Path) -> CaseFileSource:
    """Read and validate a case file: every `*.yaml` file in `folder`, or the
    one YAML file `folder` names (see docs/casefile-format.md)."""
    checker = _Checker()
    folder = Path(folder)
    if folder.is_dir():
        files, inside = sorted(folder.glob("*.yaml")), folder
    else:
        files, inside = [folder], None
    if not files:
        raise SourceError([f"{shown(str(folder))}: no .yaml source files found"])
    casefile: dict | None = None
    records: dict[str, list[dict]] = {kind: [] for kind in TOP_LEVEL.values()}
    for path in files:
        try:
            document = read_source(path, inside)
        except SourceProblem as problem:
            checker.problem(problem.where, problem.message)
            continue
        name = label(path)
        if not isinstance(document, dict):
            checker.problem(f"{name}:1", "expected a mapping of top-level keys")
            continue
        lines = getattr(document, "key_lines", {})
        for key, value in document.items():
            where = f"{name}:{lines.get(key, 1)}"
            if key == "casefile":
                if casefile is not None:
                    checker.problem(where, "a second 'casefile' record")
                casefile = checker.check("casefile", value, where)
            elif key in TOP_LEVEL:
                if not isinstance(value, list):
                    checker.problem(where, f"{key!r} must be a list")
                    continue
                kind = TOP_LEVEL[key]
                records[kind].extend(checker.check(kind, item, where) for item in value)
            else:
                allowed = ", ".join(["casefile", *TOP_LEVEL])
                checker.problem(where, f"unknown top-level key {token(key)} (expected {allowed})")
    if casefile is None:
        checker.problem(f"{label(files[0])}:1", "no 'casefile' record (number, title)")
        casefile = {}
    number = casefile.get("number")
    if number is not None and not NUMBER.match(str(number)):
        checker.problem(
            casefile["__where__"],
            f"case-file number {token(number)} may hold only letters, digits, '.', '_' and '-'",
        )
    source = CaseFileSource(folder, casefile, records)
    _check_references(source, checker)
    if checker.problems:
        raise SourceError(checker.problems)
    return source


def _check_references(source: CaseFileSource, checker: _Checker) -> None:
    ids: dict[str, set[str]] = {kind: set() for kind in ID_KINDS}
    for kind in ID_KINDS:
        for record in source.records.get(kind, []):
            record_id = record.get("id")
            if record_id is None:
                continue
            if record_id in ids[kind]:
                checker.problem(record["__where__"], f"duplicate {kind} id {token(record_id)}")
            ids[kind].add(record_id)

    def walk(kind: str, record: dict) -> None:
        where = record.get("__where__", "?")
        for name, (type_, _required, extra) in SPECS[kind].items():
            value = record.get(name)
            if value is None:
                continue
            if type_ == "ref" and value not in ids[extra]:
                checker.problem(where, f"field {name!r} names unknown {extra} {token(value)}")
            elif type_ == "refs":
                for item in value:
                    if item not in ids[extra]:
                        checker.problem(
                            where, f"field {name!r} names unknown {extra} {token(item)}"
                        )
            elif type_ in ("list", "agents"):
                for item in value:
                    walk(extra, item)
            elif type_ == "dict":
                walk(extra, value)

    for kind, items in source.records.items():
        for record in items:
            walk(kind, record)
    for record in source.records.get("contradiction", []):
        subject = record.get("subject")
        if subject and subject.get("kind") in ids and subject.get("id") not in ids[subject["kind"]]:
            checker.problem(
                record["__where__"],
                f"subject names unknown {subject['kind']} {token(subject['id'])}",
            )


def json_schema() -> dict:
    """A JSON Schema (draft 2020-12) for one source file, made from SPECS so
    that the documented format and the validator cannot drift apart."""

    def field_schema(type_: str, extra) -> dict:
        if type_ in ("str", "ref"):
            return {"type": "string"}
        if type_ == "slug":
            return {"type": "string", "pattern": SLUG.pattern}
        if type_ == "date":
            return {"type": "string", "description": "EDTF date"}
        if type_ == "enum":
            return {"enum": list(extra)}
        if type_ == "int":
            return {"type": "integer"}
        if type_ in ("refs", "strs"):
            return {"type": "array", "items": {"type": "string"}}
        if type_ == "enums":
            return {"type": "array", "items": {"enum": list(extra)}}
        if type_ == "agents":
            either = [{"type": "string"}, {"$ref": f"#/$defs/{extra}"}]
            return {"type": "array", "items": {"oneOf": either}}
        if type_ == "list":
            return {"type": "array", "items": {"$ref": f"#/$defs/{extra}"}}
        if type_ == "dict":
            return {"$ref": f"#/$defs/{extra}"}
        raise AssertionError(type_)

    definitions = {
        kind: {
            "type": "object",
            "additionalProperties": False,
            "required": [name for name, (_, required, _) in spec.items() if required],
            "properties": {
                name: field_schema(type_, extra) for name, (type_, _, extra) in spec.items()
            },
        }
        for kind, spec in SPECS.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "casefile source file",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "casefile": {"$ref": "#/$defs/casefile"},
            **{
                key: {"type": "array", "items": {"$ref": f"#/$defs/{kind}"}}
                for key, kind in TOP_LEVEL.items()
            },
        },
        "$defs": definitions,
    }


if __name__ == "__main__":  # python -m casefile_cli.sources > docs/casefile-format.schema.json
    import json

    print(json.dumps(json_schema(), indent=2))
