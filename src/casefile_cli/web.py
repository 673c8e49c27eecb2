"""`casefile serve`: the case files in Datasette, read-only, with metadata.

The metadata (titles, descriptions, label columns, hidden index tables,
canned queries) is built from the database being served; the same for the
packaged database ships as `datasette-metadata.json` for people who run
`datasette` themselves. Datasette is the optional `[web]` extra.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import json
import os
import signal
import tempfile
from pathlib import Path

from casefile_cli.errors import DatabaseError, ExitCode, UsageError

HOST = "127.0.0.1"  # never another machine's: this is a reading room, not a server
DEFAULT_PORT = 8001
SHIPPED_METADATA = Path(__file__).with_name("datasette-metadata.json")
PROJECT_URL = "https://github.com/casefile-cli/casefile"

# The column each record table is named by in Datasette's links and labels.
LABEL_COLUMNS = {
    "casefiles": "title",
    "sections": "heading",
    "figures": "name",
    "operations": "title",
    "organisations": "name",
    "places": "name",
    "events": "title",
}
# The name index and the search text: what lookups use, not what people browse.
HIDDEN_TABLES = (
    "names", "name_words", "vocabulary", "fold_variants", "documents", "document_ranges", "meta"
)
# Tables whose page has a search box (their own FTS5 index).
SEARCHABLE = ("figures", "operations", "organisations")


def _casefiles_html(casefiles: list[dict]) -> str:
    items = []
    for row in casefiles:
        name = f"#{row['number']} {row['title']}"
        subtitle = f" ({row['subtitle']})" if row.get("subtitle") else ""
        source = ", ".join(v for v in (row.get("attribution"), row.get("source_file")) if v)
        items.append(
            f"<li><strong>{html.escape(name)}</strong>{html.escape(subtitle)}: "
            f"{html.escape(row.get('summary') or '')}"
            + (f" <em>Source: {html.escape(source)}.</em>" if source else "")
            + "</li>"
        )
    return (
        "<p>Facts from historical case files, each citing the section it comes from. "
        "Every case file in this database:</p><ul>" + "".join(items) + "</ul>"
    )


def _tables() -> dict[str, dict]:
    from casefile_cli.store.admin import TABLE_DESCRIPTIONS
    from casefile_cli.store.browsing import column_descriptions

    columns = column_descriptions()
    tables: dict[str, dict] = {}
    for name, description in TABLE_DESCRIPTIONS.items():
        if name.endswith("_fts"):
            continue  # Datasette hides full-text tables itself
        entry: dict = {"description": description}
        if name in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[name]
        if name in HIDDEN_TABLES:
            entry["hidden"] = True
        if name in SEARCHABLE:
            entry["fts_table"] = f"{name}_fts"
        if columns.get(name):
            entry["columns"] = columns[name]
        tables[name] = entry
    return tables


def metadata(path: str | os.PathLike) -> dict:
    """Datasette metadata for the database at `path` (named by its file stem,
    as Datasette names it)."""
    from casefile_cli.store.browsing import CANNED_QUERIES, casefile_rows

    casefiles = casefile_rows(path)
    sources = [
        f"#{row['number']} {row['title']}"
        + (f", {row['attribution']}" if row["attribution"] else "")
        for row in casefiles
    ]
    return {
        "title": "casefile: " + "; ".join(f"#{r['number']} {r['title']}" for r in casefiles),
        "description": "Operations, people, organisations and dates from historical case "
        "files; every fact cites its section. Read-only.",
        "source": "; ".join(sources) or "the case files",
        "about": "casefile",
        "about_url": PROJECT_URL,
        "databases": {
            Path(path).stem: {
                "description_html": _casefiles_html(casefiles),
                "tables": _tables(),
                "queries": {
                    name: {"title": title, "description": description, "sql": sql}
                    for name, title, description, sql in CANNED_QUERIES
                },
            }
        },
    }


def metadata_text(path: str | os.PathLike) -> str:
    return json.dumps(metadata(path), ensure_ascii=False, indent=2) + "\n"


def serve_arguments(path: str | os.PathLike, port: int, metadata_file: Path) -> list[str]:
    """Datasette's `serve` arguments: immutable (opened read-only, never
    written), on HOST only, with the metadata file."""
    return [
        "serve", "--immutable", os.fspath(path), "--host", HOST, "--port", str(port),
        "--metadata", os.fspath(metadata_file),
    ]  # fmt: skip


def serve(path: str | os.PathLike, port: int | None) -> ExitCode:
    """Run Datasette on the database in this process until it is stopped
    (Ctrl-C or SIGTERM: uvicorn shuts down cleanly, the temporary metadata
    is removed, exit 0)."""
    if importlib.util.find_spec("datasette") is None:
        raise UsageError(
            "serve needs Datasette, which is not installed; "
            'run: pip install "casefile-cli[web]"'
        )
    port = DEFAULT_PORT if port is None else port
    if not 0 <= port <= 65535:
        raise UsageError(f"--port must be 0 to 65535, not {port}")
    if not Path(path).is_file():
        raise DatabaseError(f"database not found: {path}")
    from datasette.cli import cli as datasette

    with tempfile.TemporaryDirectory(prefix="casefile-serve-") as folder, _stopped_cleanly():
        metadata_file = Path(folder) / "metadata.json"
        metadata_file.write_text(metadata_text(path), encoding="utf-8")
        try:
            datasette.main(
                serve_arguments(path, port, metadata_file),
                prog_name="datasette",
                standalone_mode=False,
            )
        except SystemExit as stop:  # uvicorn exits 1 when it cannot listen
            if stop.code:
                raise UsageError(f"Datasette could not serve on {HOST}:{port}") from None
        except _Stop:
            pass
    return ExitCode.OK


class _Stop(Exception):
    """Ctrl-C or SIGTERM, once uvicorn has shut down."""


@contextlib.contextmanager
def _stopped_cleanly():
    """Stopping the server is how it ends, not an interruption: exit 0.

    uvicorn shuts down on SIGINT/SIGTERM and then raises the signal again
    with the handlers it found; left to Python's defaults, SIGTERM would
    kill the process before the temporary metadata folder is removed.
    """
    def stop(signum, frame):
        raise _Stop

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
