"""Turn case-file sources into the SQLite database.

The build is deterministic (rows are written in a fixed order, nothing depends
on the clock) and all-or-nothing: it writes a temporary file beside the target
and moves it into place only once every check has passed.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casefile_cli.dates import bounds
from casefile_cli.errors import DatabaseError, SourceError, UsageError
from casefile_cli.search import fold, normalise, variants, words
from casefile_cli.sources import CaseFileSource, load_casefile
from casefile_cli.store import admin, writer
from casefile_cli.store.connect import SCHEMA_VERSION, read_only_uri
from casefile_cli.store.query import row_counts

GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def source_folders(root: Path) -> list[Path]:
    """Each case file is a folder of YAML under `root` (data/sources)."""
    folders = sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
    if not folders:
        raise DatabaseError(f"no case-file sources under {root}")
    return folders


def build_database(source_root: Path, target: Path) -> dict[str, int]:
    """Build `target` from every case file under `source_root`; return row counts."""
    source_root = Path(source_root)
    if not source_root.is_dir():
        raise UsageError(f"source folder not found: {source_root}; pass --sources DIR")
    sources = [load_casefile(folder) for folder in source_folders(source_root)]
    with _replacing(Path(target), copy=False) as connection:
        writer.create_schema(connection)
        for source in sources:
            write_casefile(connection, source)
        return _finish(connection)


def import_casefile(path: Path, target: Path, *, replace: bool = False) -> dict[str, int]:
    """Add one case file (a folder or a single YAML file) to the database at
    `target`. Everything is validated first; the database file is replaced
    only when the whole import has succeeded, so a reader sees the old data
    or the new, never half, and a failed import leaves it byte-identical."""
    path, target = Path(path), Path(target)
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    source = load_casefile(path)
    if not target.exists():
        raise DatabaseError(
            f"database not found: {target}", hint="build it with 'casefile db build' first"
        )
    with _replacing(target, copy=True) as connection:
        if admin.schema_version(connection) != SCHEMA_VERSION:
            raise DatabaseError(f"{target} is not a casefile database of this version")
        present = writer.casefile_present(connection, source.number)
        if present and not replace:
            raise UsageError(
                f"case file {source.number} is already in {target}; pass --replace to replace it"
            )
        if present:
            writer.delete_casefile(connection, source.number)
        _check_collisions(source, writer.casefile_ids(connection))
        write_casefile(connection, source)
        return _finish(connection)


def _check_collisions(source: CaseFileSource, existing: dict[str, dict[str, str]]) -> None:
    problems = []
    for kind, owners in existing.items():
        for record in source.records.get(kind, []):
            owner = owners.get(record.get("id"))
            if owner is not None:
                problems.append(
                    f"{record['__where__']}: {kind} id {record['id']!r} is already "
                    f"used by case file {owner}"
                )
    if problems:
        raise SourceError(problems)


def _finish(connection: sqlite3.Connection) -> dict[str, int]:
    writer.clear_indexes(connection)
    write_name_index(connection)
    writer.fill_documents(connection)
    connection.commit()
    problems = admin.check_integrity(connection)
    if problems:
        raise DatabaseError("the new database fails its checks: " + "; ".join(problems))
    return row_counts(connection)


@contextmanager
def _replacing(target: Path, *, copy: bool):
    """A connection to a new version of `target`, moved into place on success.

    Writers take a lock file beside the database so that two imports run one
    after the other; readers never wait, since the old file stays readable
    until the new one replaces it."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(target.with_name(target.name + ".lock"), "a+")  # noqa: SIM115
    except OSError as error:
        raise DatabaseError(f"cannot write beside {target}: {error.strerror}") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=".casefiles-", suffix=".db", dir=target.parent
            )
        except OSError as error:
            raise DatabaseError(f"cannot write beside {target}: {error.strerror}") from None
        os.close(handle)
        try:
            connection = sqlite3.connect(temporary)
            try:
                if copy:
                    with sqlite3.connect(read_only_uri(target), uri=True) as old:
                        old.backup(connection)
                yield connection
                connection.commit()
                writer.compact(connection)
            finally:
                connection.close()
            os.replace(temporary, target)
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"cannot build {target}: {error}") from None
        finally:
            Path(temporary).unlink(missing_ok=True)


def write_casefile(connection: sqlite3.Connection, source: CaseFileSource) -> None:
    """Insert one validated case file's rows (inside the caller's transaction)."""
    import sqlite_utils

    db = sqlite_utils.Database(connection)
    # Fate ids link fates to their agents; continue after any already present.
    first_fate = writer.next_fate_id(connection)
    for table, rows in casefile_rows(source, first_fate):
        if rows:
            db[table].insert_all(rows)


def _section(number: str, slug: str | None) -> str | None:
    return f"{number}/{slug}" if slug else None


def _dated(prefix: str, value: str | None) -> dict:
    lower, upper = bounds(value)
    return {prefix: value, f"{prefix}_lower": lower, f"{prefix}_upper": upper}


def casefile_rows(source: CaseFileSource, first_fate: int = 1) -> Iterator[tuple[str, list[dict]]]:
    """(table, rows) pairs for one case file, in insertion order."""
    number = source.number
    records = source.records
    sec = lambda slug: _section(number, slug)  # noqa: E731
    meta = source.casefile
    yield (
        "casefiles",
        [
            {
                "number": number,
                "title": meta["title"],
                "subtitle": meta.get("subtitle"),
                "epigraph": meta.get("epigraph"),
                "attribution": meta.get("attribution"),
                "source_file": meta.get("source_file"),
                "summary": meta.get("summary"),
            }
        ],
    )
    yield (
        "sections",
        [
            {
                "id": sec(s["id"]),
                "casefile": number,
                "slug": s["id"],
                "ordinal": i,
                "line": s.get("line"),
                "heading": s["heading"],
                "heading_date": s.get("heading_date"),
            }
            for i, s in enumerate(records["section"])
        ],
    )
    chaptered = {s["id"] for s in records["section"] if s["id"] != "introduction"}
    yield (
        "places",
        [
            {
                "id": p["id"],
                "casefile": number,
                "name": p["name"],
                "kind": p.get("kind"),
                "within_id": p.get("within"),
                "section_id": sec(p["section"]),
            }
            for p in records["place"]
        ],
    )
    yield (
        "organisations",
        [
            {
                "id": o["id"],
                "casefile": number,
                "name": o["name"],
                "full_name": o.get("full_name"),
                "native_name": o.get("native_name"),
                "kind": o.get("kind"),
                "parent_id": o.get("parent"),
                "predecessor_id": o.get("predecessor"),
                "date_from": o.get("from"),
                "date_from_lower": bounds(o.get("from"))[0],
                "date_to": o.get("to"),
                "date_to_upper": bounds(o.get("to"))[1],
                "summary": o.get("summary"),
                "section_id": sec(o["section"]),
            }
            for o in records["organisation"]
        ],
    )
    yield (
        "figures",
        [
            {
                "id": f["id"],
                "casefile": number,
                "name": f["name"],
                "native_name": f.get("native_name"),
                "summary": f["summary"],
            }
            for f in records["figure"]
        ],
    )
    yield "aliases", list(_alias_rows(records))
    yield "record_sections", list(_section_rows(records, sec))
    positions = []
    for f in records["figure"]:
        for p in f.get("positions", []):
            positions.append(
                {
                    "figure_id": f["id"],
                    "title": p["title"],
                    "organisation_id": p.get("organisation"),
                    "office": p.get("office"),
                    "date_from": p.get("from"),
                    "date_from_lower": bounds(p.get("from"))[0],
                    "date_to": p.get("to"),
                    "date_to_upper": bounds(p.get("to"))[1],
                    "certainty": p.get("certainty", "stated"),
                    "section_id": sec(p["section"]),
                    "note": p.get("note"),
                }
            )
    yield "positions", positions
    yield (
        "operations",
        [
            {
                "id": o["id"],
                "casefile": number,
                "title": o["title"],
                "kind": o["kind"],
                **_dated("date", o.get("date")),
                "date_text": o.get("date_text"),
                "place_id": o.get("place"),
                "method": o.get("method"),
                "outcome": o.get("outcome"),
                "agency_id": o.get("agency"),
                "section_id": sec(o["section"]),
                "chaptered": int(o["section"] in chaptered and _is_chapter_operation(o, records)),
                "part_of_id": o.get("part_of"),
                "summary": o["summary"],
            }
            for o in records["operation"]
        ],
    )
    yield (
        "participants",
        [
            {
                "operation_id": o["id"],
                "figure_id": p["figure"],
                "role": p["role"],
                "detail": p.get("detail"),
                "certainty": p.get("certainty", "stated"),
                "section_id": sec(p.get("section") or o["section"]),
            }
            for o in records["operation"]
            for p in _unique_participants(o)
        ],
    )
    yield (
        "operation_groups",
        [
            {
                "operation_id": o["id"],
                "description": g["description"],
                "count": g.get("count"),
                "role": g.get("role", "target"),
                "certainty": g.get("certainty", "stated"),
                "section_id": sec(g.get("section") or o["section"]),
                "note": g.get("note"),
            }
            for o in records["operation"]
            for g in o.get("groups", [])
        ],
    )
    yield (
        "notes",
        [
            {"record_kind": kind, "record_id": r["id"], "note": note}
            for kind in ("operation", "organisation")
            for r in records[kind]
            for note in r.get("notes", [])
        ],
    )
    fates, agents = _fate_rows(records, sec, first_fate)
    yield "fates", fates
    yield "fate_agents", agents
    yield (
        "events",
        [
            {
                "id": e["id"],
                "casefile": number,
                **_dated("date", e["date"]),
                "date_text": e.get("date_text"),
                "kind": e["kind"],
                "title": e["title"],
                "place_id": e.get("place"),
                "operation_id": e.get("operation"),
                "certainty": e.get("certainty", "stated"),
                "section_id": sec(e["section"]),
                "note": e.get("note"),
            }
            for e in records["event"]
        ],
    )
    yield (
        "event_figures",
        _unique(
            {"event_id": e["id"], "figure_id": f["figure"], "role": f.get("role", "subject")}
            for e in records["event"]
            for f in e.get("figures", [])
        ),
    )
    yield (
        "event_organisations",
        _unique(
            {"event_id": e["id"], "organisation_id": o}
            for e in records["event"]
            for o in e.get("organisations", [])
        ),
    )
    yield (
        "relations",
        [
            {
                "source_id": r["source"],
                "relation": r["relation"],
                "target_id": r["target"],
                "operation_id": r.get("operation"),
                **_dated("date", r.get("date")),
                "certainty": r.get("certainty", "stated"),
                "section_id": sec(r["section"]),
                "note": r.get("note"),
            }
            for r in records["relation"]
        ],
    )
    yield (
        "quotations",
        [
            {
                "id": q["id"],
                "speaker_id": q.get("speaker"),
                "speaker_description": q.get("speaker_description"),
                "text": q["text"],
                "kind": q.get("kind", "remark"),
                "operation_id": q.get("about"),
                "section_id": sec(q["section"]),
                "context": q.get("context"),
            }
            for q in records["quotation"]
        ],
    )
    yield (
        "contradictions",
        [
            {
                "id": c["id"],
                "casefile": number,
                "kind": c.get("kind", "contradiction"),
                "subject_kind": (c.get("subject") or {}).get("kind"),
                "subject_id": (c.get("subject") or {}).get("id"),
                "note": c.get("note"),
            }
            for c in records["contradiction"]
        ],
    )
    yield (
        "contradiction_claims",
        [
            {
                "contradiction_id": c["id"],
                "ordinal": i,
                "says": claim["says"],
                "section_id": sec(claim["section"]),
            }
            for c in records["contradiction"]
            for i, claim in enumerate(c["claims"])
        ],
    )


def _is_chapter_operation(operation: dict, records: dict) -> bool:
    """The operation a chapter is about: the first one listed for that section."""
    first = next(o for o in records["operation"] if o["section"] == operation["section"])
    return first["id"] == operation["id"]


def _unique(rows) -> list[dict]:
    seen, result = set(), []
    for row in rows:
        key = tuple(row.values())
        if key not in seen:
            seen.add(key)
            result.append(row)
    return result


def _unique_participants(operation: dict) -> list[dict]:
    seen, result = set(), []
    for p in operation.get("participants", []):
        key = (p["figure"], p["role"])
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def _alias_rows(records: dict) -> Iterator[dict]:
    for kind in ("figure", "organisation", "place"):
        for record in records[kind]:
            seen = set()
            for alias in record.get("aliases", []):
                key = (alias["alias"], alias["kind"])
                if key in seen:
                    continue
                seen.add(key)
                yield {
                    "record_kind": kind,
                    "record_id": record["id"],
                    "alias": alias["alias"],
                    "kind": alias["kind"],
                    "generated": 0,
                }
            # German readers write ü as ue: Münzenberg is also Muenzenberg.
            written = {a for a, _ in seen} | {record["name"]}
            for form in sorted(written):
                variant = form.translate(GERMAN_FOLDS)
                if variant != form and variant not in written:
                    written.add(variant)
                    yield {
                        "record_kind": kind,
                        "record_id": record["id"],
                        "alias": variant,
                        "kind": "transliteration",
                        "generated": 1,
                    }


def _section_rows(records: dict, sec) -> Iterator[dict]:
    seen = set()
    for kind in ("figure", "operation", "organisation", "place"):
        for record in records[kind]:
            slugs = [record.get("section"), *record.get("sections", [])]
            for slug in slugs:
                if slug and (kind, record["id"], slug) not in seen:
                    seen.add((kind, record["id"], slug))
                    yield {"record_kind": kind, "record_id": record["id"], "section_id": sec(slug)}


FATE_ROLES = (
    ("killed_by", "killer"),
    ("ordered_by", "ordered_by"),
    ("organisers", "organiser"),
    ("accomplices", "accomplice"),
)


def is_killing(fate: dict) -> bool:
    """Whether a fate account tells of a killing: killed or executed, a named
    killer, or death during an operation someone ordered or organised
    (Kutepov's heart attack in the struggle). Stored as fates.killed so that
    lookups read one flag instead of repeating this rule."""
    if fate["outcome"] in ("killed", "executed", "died-in-custody") or fate.get("killed_by"):
        return True
    return (
        fate["outcome"] == "died"
        and bool(fate.get("operation"))
        and bool(fate.get("ordered_by") or fate.get("organisers"))
    )


def _fate_rows(records: dict, sec, first_id: int) -> tuple[list[dict], list[dict]]:
    fates, agents = [], []
    for figure in records["figure"]:
        for ordinal, fate in enumerate(figure.get("fate", [])):
            fate_id = first_id + len(fates)
            fates.append(
                {
                    "id": fate_id,
                    "figure_id": figure["id"],
                    "ordinal": ordinal,
                    "outcome": fate["outcome"],
                    **_dated("date", fate.get("date")),
                    "date_text": fate.get("date_text"),
                    "place_id": fate.get("place"),
                    "method": fate.get("method"),
                    "operation_id": fate.get("operation"),
                    "unnamed_agents": fate.get("unnamed_agents"),
                    "certainty": fate.get("certainty", "stated"),
                    "section_id": sec(fate["section"]),
                    "note": fate.get("note"),
                    "killed": int(is_killing(fate)),
                }
            )
            agents.extend(
                _unique(
                    {"fate_id": fate_id, "figure_id": agent, "role": role}
                    for field, role in FATE_ROLES
                    for agent in fate.get(field, [])
                )
            )
    return fates, agents


def write_name_index(connection: sqlite3.Connection, batch_size: int = 20000) -> None:
    """Fill `names`, `name_words`, `vocabulary` and `fold_variants` from the
    records written, streaming in batches so a million names fit in memory."""
    names: list[tuple] = []
    name_words: list[tuple] = []
    for name_id, row in enumerate(name_rows(connection), start=1):
        names.append(
            (
                name_id,
                row["casefile"],
                row["record_kind"],
                row["record_id"],
                row["label"],
                row["form"],
                row["form_kind"],
                row["norm"],
                row["detail"],
            )
        )
        name_words.extend(
            (key, row["record_kind"], name_id)
            for key in sorted({fold(word) for word in words(row["norm"])})
        )
        if len(names) >= batch_size:
            writer.insert_names(connection, names, name_words)
            names, name_words = [], []
    writer.insert_names(connection, names, name_words)
    writer.insert_fold_variants(
        connection,
        (
            (variant, kind, key)
            for kind, key in writer.fill_vocabulary(connection)
            for variant in variants(key)
        ),
    )


def name_rows(connection: sqlite3.Connection) -> Iterator[dict]:
    """Every way each record is named, normalised, for the name index."""
    for casefile, kind, record_id, label, form, form_kind, detail in writer.name_sources(
        connection
    ):
        norm = normalise(form)
        if norm:
            yield {
                "casefile": casefile,
                "record_kind": kind,
                "record_id": record_id,
                "label": label,
                "form": form,
                "form_kind": form_kind,
                "norm": norm,
                "detail": detail,
            }


def default_paths() -> tuple[Path, Path]:
    """(source root, database): the checkout this code runs from, else the
    current directory (an installed casefile run inside a checkout)."""
    checkout = Path(__file__).resolve().parents[2]
    root = checkout if (checkout / "data" / "sources").is_dir() else Path.cwd()
    return root / "data" / "sources", root / "data" / "casefiles.db"
