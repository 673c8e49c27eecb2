"""Script formats from the JSON-shaped data: json, jsonl, csv, tsv, plain.

Every format uses the field names of the JSON shape, so a script can move
between them without renaming anything. Nothing here imports rich.

JSON output is strict: a non-finite float (SQLite's 1e999) is written as
null, since `Infinity` and `NaN` are not JSON and most parsers refuse them.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable

from casefile_cli.render import safe

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from typing import TextIO

SCRIPT_FORMATS = ("json", "jsonl", "csv", "tsv", "plain")

# Fields that name a nested object, in order of preference: its label in a cell.
_LABELS = ("name", "title", "alias", "text", "says")


def _finite(value):
    """`value` with every non-finite float replaced by None (JSON null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def dumps(value, **options) -> str:
    """Strict JSON text: never `Infinity` or `NaN` (not yet made safe: see write)."""
    # One encoder for the common call: json.dumps makes a new one per call
    # when given options, a cost per row of a streamed listing.
    encode = _FLAT.encode if not options else None
    try:
        if encode is not None:
            return encode(value)
        return json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
    except ValueError:
        return json.dumps(_finite(value), ensure_ascii=False, allow_nan=False, **options)


def _label(value: dict) -> str | None:
    """What a nested object is called in a cell: its name (or title...), or
    `#0121 §section` for a source reference; None when it has no label."""
    for key in _LABELS:
        if value.get(key):
            return str(value[key])
    if value.get("casefile") and value.get("section"):
        return f"#{value['casefile']} §{value['section']}"
    return None


def _labelled(value) -> bool:
    """A scalar, or a nested object with a label: one name in a joined list."""
    if isinstance(value, dict):
        return _label(value) is not None
    return not isinstance(value, list)


def _cell(value) -> str:
    """A flat rendering of a JSON value for one CSV/TSV cell: labels joined
    with "; " where every item has one, compact JSON where not (lossless)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        label = _label(value)
        return label if label is not None else dumps(value, separators=(",", ":"))
    if isinstance(value, list):
        if all(_labelled(item) for item in value):
            return "; ".join(_cell(item) for item in value)
        return dumps(value, separators=(",", ":"))
    return str(value)


def _columns(rows: list[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def _exploded(rows: list[dict], explode: tuple[str, str]) -> list[dict]:
    """One row per item of the list field `key`, the item's fields as
    `prefix.field` columns after the parent's own (a parent with an empty
    list keeps one row)."""
    key, prefix = explode
    out = []
    for row in rows:
        parent = {k: v for k, v in row.items() if k != key}
        items = row.get(key) or [{}]
        for item in items:
            out.append({**parent, **{f"{prefix}.{k}": v for k, v in item.items()}})
    return out


def _write_table(rows: list[dict], fmt: str, stream: TextIO) -> None:
    import csv

    writer = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    columns = _columns(rows)
    writer.writerow([safe.line(c) for c in columns])
    for row in rows:
        # One safe line per cell (render/safe.py): tabs and newlines shown as \t, \n.
        writer.writerow([safe.line(_cell(row.get(c))) for c in columns])


def write(
    data: dict | list,
    fmt: str,
    stream: TextIO,
    names: list[str],
    explode: tuple[str, str] | None = None,
) -> None:
    """Write `data` (one JSON object or a list of them) in a script format.
    `explode` = (field, prefix): csv and tsv give one row per item of that list.
    Every cell and name is one safe line (render/safe.py); JSON escapes."""
    rows = data if isinstance(data, list) else [data]
    if fmt == "json":
        stream.write(safe.json_text(dumps(data, indent=2)) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(safe.json_text(dumps(row)) + "\n")
    elif fmt in ("csv", "tsv"):
        _write_table(_exploded(rows, explode) if explode else rows, fmt, stream)
    elif fmt == "plain":
        for name in names:
            stream.write(" ".join(safe.line(name).split()) + "\n")
    else:  # pragma: no cover - callers pass a known format
        raise ValueError(fmt)


class Batched:
    """Writes gathered into chunks of about 64 KB before they reach `stream`
    (a write per row costs more than the row); `close` writes the rest."""

    def __init__(self, stream: TextIO, size: int = 65536):
        self.stream, self.size, self.parts, self.length = stream, size, [], 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.length += len(text)
        if self.length >= self.size:
            self.close()
        return len(text)

    def close(self) -> None:
        if self.parts:
            self.stream.write("".join(self.parts))
            self.parts, self.length = [], 0


def _array_item(row: dict) -> str:
    """One object of an array as `dumps(rows, indent=2)` lays it out. Flat rows
    (sql's) are laid out here: the indenting encoder is pure Python and slow."""
    if not row or any(isinstance(v, dict | list | tuple) for v in row.values()):
        return dumps(row, indent=2).replace("\n", "\n  ")  # JSON strings hold no raw newline
    try:
        encode = _FLAT.encode
        fields = ",\n".join(f"    {encode(key)}: {encode(value)}" for key, value in row.items())
    except ValueError:  # a non-finite float: null, as dumps writes it
        return dumps(row, indent=2).replace("\n", "\n  ")
    return "{\n" + fields + "\n  }"


_FLAT = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def write_stream(
    rows: Iterable[dict], fmt: str, stream: TextIO, columns: list[str] | None, name_of: Callable
) -> int:
    """Write rows in a script format as they come, holding one at a time:
    the same text `write` gives for their list (JSON as a streamed array).
    `columns` head CSV/TSV (None: the first row's keys, for rows of one
    shape); `name_of(row)` is a row's plain line. Returns how many rows were written."""
    batched = Batched(stream)
    try:
        return _write_rows(rows, fmt, batched, columns, name_of)
    finally:
        batched.close()


def _write_rows(rows: Iterable[dict], fmt: str, stream, columns: list[str] | None, name_of) -> int:
    count = 0
    if fmt in ("csv", "tsv") and columns is None:
        rows = iter(rows)
        first = next(rows, None)
        columns = list(first) if first is not None else []
        rows = itertools.chain([first] if first is not None else [], rows)
    if fmt in ("csv", "tsv"):
        import csv

        writer = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow([safe.line(c) for c in columns])
    for row in rows:
        if fmt == "json":
            stream.write(("[\n  " if count == 0 else ",\n  ") + safe.json_text(_array_item(row)))
        elif fmt == "jsonl":
            stream.write(safe.json_text(dumps(row)) + "\n")
        elif fmt in ("csv", "tsv"):
            writer.writerow([safe.line(_cell(row.get(c))) for c in columns])
        elif fmt == "plain":
            stream.write(" ".join(safe.line(name_of(row)).split()) + "\n")
        else:  # pragma: no cover - callers pass a known format
            raise ValueError(fmt)
        count += 1
    if fmt == "json":
        stream.write("[]\n" if count == 0 else "\n]\n")
    return count


def write_object_stream(head: dict, key: str, rows: Iterable[dict], stream: TextIO) -> int:
    """The JSON text `write` gives for the object `{**head, key: [rows]}`,
    the list written as its rows come. Returns how many rows were written."""
    lead = dumps({**head, key: []}, indent=2)  # ends in '"key": []\n}'
    batched, count = Batched(stream), 0
    try:
        batched.write(safe.json_text(lead[: -len("[]\n}")]))
        for row in rows:
            item = dumps(row, indent=2).replace("\n", "\n    ")  # JSON strings hold no raw newline
            batched.write(("[\n    " if count == 0 else ",\n    ") + safe.json_text(item))
            count += 1
        batched.write("[]\n}\n" if count == 0 else "\n  ]\n}\n")
    finally:
        batched.close()
    return count

