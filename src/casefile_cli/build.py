"""Turn case-file sources into the SQLite database.

The build is deterministic (rows are written in a fixed order, nothing depends
on the clock) and all-or-nothing: it writes a temporary file beside the target
and moves it into place only once every check has passed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from casefile_cli.errors import DatabaseError, NotFoundError, SourceError, UsageError
from casefile_cli.links import MERGED_TABLES, Keys, link_rows, qualified_keys, resolve_links
from casefile_cli.rows import casefile_rows
from casefile_cli.search import fold, normalise, variants, words
from casefile_cli.sources import CaseFileSource, load_casefile
from casefile_cli.store import admin, provenance, writer
from casefile_cli.store.connect import SCHEMA_VERSION, check_shape
from casefile_cli.store.query import row_counts
from casefile_cli.store.replacement import Notify, replacing, shown_path


def source_folders(root: Path) -> list[Path]:
    """Each case file is a folder of YAML under `root` (data/sources)."""
    folders = sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
    if not folders:
        raise DatabaseError(f"no case-file sources under {root}")
    return folders


def _quiet(_message: str) -> None:
    pass


def build_database(source_root: Path, target: Path, notify: Notify = _quiet) -> dict[str, int]:
    """Build `target` from every case file under `source_root`; return row counts."""
    source_root = Path(source_root)
    if not source_root.is_dir():
        raise UsageError(f"source folder not found: {source_root}; pass --sources DIR")
    sources = [load_casefile(folder) for folder in source_folders(source_root)]
    with replacing(Path(target), copy=False, notify=notify) as connection:
        writer.create_schema(connection)
        for source in sources:
            write_casefile(connection, source)
        return finish(connection)


def import_casefile(
    path: Path,
    target: Path,
    *,
    replace: bool = False,
    notify: Notify = _quiet,
    base: Path | None = None,
    strict: bool = False,
) -> dict[str, int]:
    """Add one case file (a folder or a single YAML file) to the database at
    `target` (made from a copy of `base` if given). Everything is validated
    first; the database file is replaced only when the whole import has
    succeeded, so a reader sees the old data or the new, never half, and a
    failed import leaves it byte-identical. Probable duplicates of other case
    files' records are warned of through `notify`; with `strict`, refused."""
    path, target = Path(path), Path(target)
    source = _loaded(path)
    if base is None and not target.exists():
        raise DatabaseError(
            f"database not found: {target}", hint="build it with 'casefile db build' first"
        )
    with replacing(target, copy=True, notify=notify, base=base) as connection:
        validate(connection, source, replace=replace, target=target)
        warn(duplicates_in(connection, source, target), strict=strict, notify=notify)
        if base is not None:
            provenance.record_base(connection, *provenance.identity(base))
        renames = add_casefile(connection, source, replace=replace, target=target)
        for note in key_notes(source, renames):
            notify(note)
        provenance.record_import(connection, source.number, str(path.resolve()))
        return finish(connection)


def check_casefile(
    path: Path, database: Path, *, replace: bool = False, notify: Notify = _quiet
) -> tuple[CaseFileSource, list[str]]:
    """Validate a case file against the database it would go into, writing
    nothing (`import --check`): the source, and warnings of probable
    duplicates; an error is raised as it would be by the import. Records that
    would be stored as CASEFILE/ID are noted through `notify`."""
    from casefile_cli.store.connect import open_database

    path, database = Path(path), Path(database)
    source = _loaded(path)
    if not database.exists():
        raise DatabaseError(
            f"database not found: {database}", hint="build it with 'casefile db build' first"
        )
    connection = open_database(database).connection
    try:
        validate(connection, source, replace=replace, target=database)
        links = resolve_links(source, partial(writer.find_record, connection))
        # The copy being replaced (--replace) holds its own ids: not a clash.
        held = partial(writer.held_keys, connection, other_than=source.number)
        for note in key_notes(source, qualified_keys(source, held, links)):
            notify(note)
        return source, duplicates_in(connection, source, database)
    finally:
        connection.close()


def key_notes(source: CaseFileSource, renames: Keys) -> list[str]:
    """A note naming the records stored as CASEFILE/ID (the handle to look them up by)."""
    moved = [f"{kind} {key}" for kind, ids in renames.items() for key in ids.values()]
    if not moved:
        return []
    more = f" and {len(moved) - 3} more" if len(moved) > 3 else ""
    return [
        f"note: {len(moved)} ids of case file {source.number} are used by another case file; "
        f"stored as {', '.join(moved[:3])}{more}"
    ]


def _loaded(path: Path) -> CaseFileSource:
    if not path.exists():
        raise UsageError(f"no such file or folder: {shown_path(path)}")
    return load_casefile(path)


def duplicates_in(connection: sqlite3.Connection, source: CaseFileSource, path: Path) -> list[str]:
    """Warnings of `source`'s probable duplicates among the database's records."""
    from casefile_cli.duplicates import probable_duplicates
    from casefile_cli.store.reader import Database

    factory, connection.row_factory = connection.row_factory, sqlite3.Row
    try:
        return probable_duplicates(source, Database(connection, str(path)))
    finally:
        connection.row_factory = factory


def warn(warnings: list[str], *, strict: bool, notify: Notify) -> None:
    if warnings and strict:
        raise SourceError([f"{w} (an error with --strict)" for w in warnings])
    for warning in warnings:
        notify(f"warning: {warning}")


def validate(
    connection: sqlite3.Connection, source: CaseFileSource, *, replace: bool, target: Path
) -> None:
    """Every check of adding `source` to the database, before any row is written."""
    check_shape(connection, shown_path(target))
    if admin.schema_version(connection) != SCHEMA_VERSION:
        raise DatabaseError(f"{target} is not a casefile database of this version")
    present = writer.casefile_present(connection, source.number)
    if present and not replace:
        raise UsageError(
            f"case file {source.number} is already in {target}; pass --replace to replace it"
        )
    # A same_as never names its own case file, so an older copy of it (being
    # replaced) is never what a link finds.
    resolve_links(source, partial(writer.find_record, connection))


def add_casefile(
    connection: sqlite3.Connection, source: CaseFileSource, *, replace: bool, target: Path
) -> Keys:
    """Write one validated case file into an open copy of a database; return
    the records stored as `CASEFILE/ID` (see write_casefile)."""
    validate(connection, source, replace=replace, target=target)
    if writer.casefile_present(connection, source.number):
        writer.delete_casefile(connection, source.number)
    return write_casefile(connection, source)


def remove_casefile(number: str, target: Path, *, notify: Notify = _quiet) -> dict[str, int]:
    """Take one case file out of `target`, all or nothing."""
    with replacing(Path(target), copy=True, notify=notify) as connection:
        if not writer.casefile_present(connection, number):
            raise NotFoundError(f"case file {number} is not in {shown_path(target)}")
        linking = writer.linking_casefiles(connection, number)
        if linking:
            raise UsageError(
                f"case file {number} has records that case file {', '.join(linking)} "
                "names by same_as; remove that first"
            )
        writer.delete_casefile(connection, number)
        provenance.forget_import(connection, number)
        return finish(connection)


def finish(connection: sqlite3.Connection) -> dict[str, int]:
    writer.clear_indexes(connection)
    write_name_index(connection)
    writer.fill_documents(connection)
    connection.commit()
    problems = admin.check_integrity(connection)
    if problems:
        raise DatabaseError("the new database fails its checks: " + "; ".join(problems))
    return row_counts(connection)


def write_casefile(connection: sqlite3.Connection, source: CaseFileSource) -> Keys:
    """Insert one validated case file's rows (inside the caller's transaction);
    return the records stored as `CASEFILE/ID` because another case file
    already held their id."""
    import sqlite_utils

    db = sqlite_utils.Database(connection)
    links = resolve_links(source, partial(writer.find_record, connection))
    renames = qualified_keys(source, partial(writer.held_keys, connection), links)
    # Fate ids link fates to their agents; continue after any already present.
    first_fate = writer.next_fate_id(connection)
    for table, rows in link_rows(casefile_rows(source, first_fate), source, links, renames):
        if table == "participants" and links["operation"]:
            retold = writer.retold_participants(connection, rows)
            rows = [row for row in rows if row not in retold]
            if retold:
                db["participant_sources"].insert_all(retold, ignore=True)
        if rows:
            db[table].insert_all(rows, ignore=table in MERGED_TABLES)
    writer.fill_evidence(connection, source.number)
    return renames


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
        # The raw word beside its fold key: a swapped pair of letters
        # ("trotksy") is one edit from the raw word, not from the fold.
        name_words.extend(
            (key, row["record_kind"], name_id)
            for key in sorted({k for word in words(row["norm"]) for k in (fold(word), word)})
        )
        if len(names) >= batch_size:
            writer.insert_names(connection, names, name_words)
            names, name_words = [], []
    writer.insert_names(connection, names, name_words)
    writer.weigh_names(connection)
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
