"""Script formats from the JSON-shaped data: json, jsonl, csv, tsv, plain.

Every format uses the field names of the JSON shape, so a script can move
between them without renaming anything. Nothing here imports rich.
"""

from __future__ import annotations

import json
from typing import TextIO

from casefile_cli.render import safe

SCRIPT_FORMATS = ("json", "jsonl", "csv", "tsv", "plain")


def _cell(value) -> str:
    """A flat rendering of a JSON value for one CSV/TSV cell."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("title") or value.get("id") or "")
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    return str(value)


def _columns(rows: list[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def write(data: dict | list, fmt: str, stream: TextIO, names: list[str]) -> None:
    """Write `data` (one JSON object or a list of them) in a script format.
    Every cell and name is one safe line (render/safe.py); JSON escapes."""
    rows = data if isinstance(data, list) else [data]
    if fmt == "json":
        stream.write(safe.json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(safe.json_text(json.dumps(row, ensure_ascii=False)) + "\n")
    elif fmt in ("csv", "tsv"):
        import csv

        writer = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        columns = _columns(rows)
        writer.writerow([safe.line(c) for c in columns])
        for row in rows:
            writer.writerow([safe.line(_cell(row.get(c))) for c in columns])
    elif fmt == "plain":
        for name in names:
            stream.write(" ".join(safe.line(name).split()) + "\n")
    else:  # pragma: no cover - callers pass a known format
        raise ValueError(fmt)
