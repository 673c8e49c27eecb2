"""Case files the user imports live with the user, never in the package.

Without --db, `casefile import` writes the user's database in the user's
data directory: a copy of the packaged database plus every import, so that
each command still reads one file (and pays nothing when there are no
imports). The imported sources are kept beside it, in sources/<number>/, so
that when the package is updated (new #0121 data) the user's database is
made again from the new packaged database and the same imports. The
packaged database is only ever read.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from casefile_cli.errors import CasefileError, NotFoundError, UsageError
from casefile_cli.store import connect, provenance
from casefile_cli.store.connect import read_only_uri, user_data_dir

Notify = Callable[[str], None]


def sources_dir() -> Path:
    return Path(user_data_dir()) / "sources"


def user_database() -> Path:
    return Path(user_data_dir()) / "casefiles.db"


def is_stale(connection: sqlite3.Connection) -> bool:
    """Whether the user's database was made from another packaged database
    than the one installed now (the package was updated or rebuilt)."""
    packaged = connect.packaged_database()
    made_from, seen = provenance.base_of(connection)
    if seen is not None and seen == provenance.stamp(packaged):
        return False
    return made_from != provenance.sha256(packaged)


def remake(notify: Notify) -> None:
    """Make the user's database again from the packaged one and the kept
    sources, in the order they were imported, so that every record gets the
    key it had (a record is stored as CASEFILE/ID where an earlier case file
    holds its id). An import that no longer fits (a same_as no longer
    resolves) is reported and left out; its source is kept, so a later
    package or a fixed source brings it back. A record whose key changed
    (the package now uses its id) is reported with its new key."""
    from casefile_cli.build import add_casefile, finish
    from casefile_cli.sources import load_casefile
    from casefile_cli.store.replacement import replacing

    target, base = user_database(), Path(connect.packaged_database())
    origins, order, qualified = _earlier_imports(target)
    notify(f"the packaged case files have changed; remaking {target} with your imports")
    with replacing(target, copy=False, notify=notify, base=base) as connection:
        provenance.record_base(connection, *provenance.identity(base))
        kept = sorted(
            (p for p in sources_dir().glob("*") if p.is_dir() and p.name[0] != "."),
            key=lambda p: (order.index(p.name) if p.name in order else len(order), p.name),
        )
        for folder in kept:
            try:
                source = load_casefile(folder)
                # Every check comes before the first row is written.
                renames = add_casefile(connection, source, replace=False, target=target)
            except CasefileError as error:
                notify(f"case file {folder.name} left out: {error.message}")
                continue
            _report_moves(source.number, qualified.get(source.number, set()), renames, notify)
            provenance.record_import(
                connection, source.number, origins.get(source.number, str(folder))
            )
        finish(connection)


def _earlier_imports(target: Path) -> tuple[dict[str, str], list[str], dict[str, set]]:
    """(origins, import order, {number: (kind, id) stored as NUMBER/ID}) of
    the user's database before it is remade; empty if there is none."""
    from casefile_cli.store import writer

    if not target.exists():
        return {}, [], {}
    connection = sqlite3.connect(read_only_uri(target), uri=True)
    try:
        origins, order = provenance.imported(connection), provenance.import_order(connection)
        qualified = {number: writer.qualified_ids(connection, number) for number in order}
        return origins, order, qualified
    except sqlite3.DatabaseError:
        return {}, [], {}
    finally:
        connection.close()


def _report_moves(number: str, before: set, renames: dict, notify: Notify) -> None:
    now = {(kind, record_id) for kind, ids in renames.items() for record_id in ids}
    for kind, record_id in sorted(now - before):
        notify(
            f"case file {number}: {kind} {record_id} is now {number}/{record_id} "
            f"(an earlier case file now uses the id {record_id})"
        )
    for kind, record_id in sorted(before - now):
        notify(f"case file {number}: {kind} {number}/{record_id} is now {record_id}")


def user_reads() -> Path:
    """The database imports are checked against: the user's, else the package's."""
    target = user_database()
    return target if target.exists() else Path(connect.packaged_database())


def import_for_user(
    path: Path, *, replace: bool, notify: Notify, strict: bool = False
) -> tuple[Path, dict[str, int]]:
    """Import into the user's database (made from the packaged one the first
    time) and keep a copy of the source for remaking it after an update."""
    from casefile_cli.build import import_casefile
    from casefile_cli.sources import load_casefile

    path = Path(path)
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    number = load_casefile(path).number
    target = user_database()
    base = None if target.exists() else Path(connect.packaged_database())
    counts = import_casefile(
        path, target, replace=replace, notify=notify, base=base, strict=strict
    )
    _keep_source(path, number)
    return target, counts


def _keep_source(path: Path, number: str) -> None:
    """Copy the source's YAML files to sources/<number>/, replacing any older copy."""
    kept = sources_dir() / number
    kept.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{number}-", dir=kept.parent))
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    for file in files:
        shutil.copyfile(file, fresh / file.name)
    if kept.exists():
        shutil.rmtree(kept)
    os.replace(fresh, kept)


def remove_for_user(number: str, *, notify: Notify) -> Path:
    """Take an imported case file out of the user's database; when none is
    left, the user's database goes too and commands read the package again."""
    from casefile_cli.build import remove_casefile

    target = user_database()
    if not target.exists():
        raise NotFoundError(f"case file {number} is not imported (there are no imports)")
    imported = imported_casefiles(target)
    if number not in imported:
        if number in _numbers(connect.packaged_database()):
            raise UsageError(
                f"case file {number} comes with casefile and cannot be removed",
                hint="only imported case files can be removed; see 'casefile db path'",
            )
        raise NotFoundError(f"case file {number} is not imported")
    remove_casefile(number, target, notify=notify)
    kept = sources_dir() / number
    if kept.exists():
        shutil.rmtree(kept)
    if len(imported) == 1:
        for leftover in (target, Path(str(target) + ".lock")):
            leftover.unlink(missing_ok=True)
    return target


def imported_casefiles(path: str | os.PathLike) -> dict[str, str]:
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return provenance.imported(connection)
    finally:
        connection.close()


def _numbers(path: str | os.PathLike) -> list[str]:
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return provenance.casefile_numbers(connection)
    finally:
        connection.close()


def files_in_use() -> list[tuple[str, str]]:
    """(path, what it holds) of every file commands use without --db."""
    packaged = connect.packaged_database()
    numbers = ", ".join(_numbers(packaged)) if os.path.isfile(packaged) else "missing"
    files = [(packaged, f"packaged, read-only: case files {numbers}")]
    user = user_database()
    if user.exists():
        imported = imported_casefiles(user)
        shown = ", ".join(f"{number} (from {origin})" for number, origin in imported.items())
        files.insert(0, (str(user), f"read by every command: the packaged case files and {shown}"))
        files.append((str(sources_dir()), "the imported sources, kept to remake the database"))
    return files
