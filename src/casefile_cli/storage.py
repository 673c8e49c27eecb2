"""Every SQL statement casefile runs lives here.

Lookups open the database read-only (`Database`); the build creates and fills
a fresh file through the functions at the bottom of this module.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from functools import cached_property

from casefile_cli.errors import DatabaseError
from casefile_cli.models import (
    CERTAINTY_ORDER,
    Alias,
    Contradiction,
    Edge,
    Event,
    FateAccount,
    Figure,
    Group,
    ListItem,
    Operation,
    OperationRole,
    Organisation,
    Participant,
    Place,
    Position,
    Quotation,
    Ref,
    SearchHit,
    Section,
    TimelineEntry,
    WhoKilled,
)
from casefile_cli.search import NameForm

SCHEMA_VERSION = "1"
APPLICATION = "casefile"
ENV_VAR = "CASEFILE_DB"


def packaged_database() -> str:
    """The database shipped in the wheel, or the checkout's data/casefiles.db."""
    # os.path, not pathlib: this runs on every lookup and pathlib costs ~5 ms to import.
    here = os.path.dirname(os.path.realpath(__file__))
    shipped = os.path.join(here, "data", "casefiles.db")
    if os.path.isfile(shipped):
        return shipped
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "casefiles.db")


def locate_database(explicit: str | os.PathLike | None = None) -> str:
    """`--db PATH`, then $CASEFILE_DB, then the packaged database."""
    if explicit:
        return os.fspath(explicit)
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    return packaged_database()


def read_only_uri(path: str | os.PathLike) -> str:
    """A read-only SQLite URI for a file name (escaping what URIs reserve)."""
    escaped = (
        os.path.realpath(os.fspath(path))
        .replace("%", "%25")
        .replace("?", "%3f")
        .replace("#", "%23")
    )
    return f"file:{escaped}?mode=ro"


def open_database(path: str | os.PathLike) -> Database:
    """Open a casefile database read-only, or raise one clear `DatabaseError`."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise DatabaseError(
            f"database not found: {path}",
            hint="build it with 'casefile db build' or point --db / CASEFILE_DB at one",
        )
    if os.path.isdir(path):
        raise DatabaseError(f"database path is a directory, not a file: {path}")
    try:
        # A writer holding the file locked makes us wait briefly, then say so.
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=2.0)
        connection.execute("PRAGMA query_only = ON")
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError as error:
        text = str(error)
        if "no such table" in text:
            raise DatabaseError(
                f"{path} is a SQLite database but not a casefile database"
            ) from None
        if "locked" in text or "busy" in text:
            raise DatabaseError(f"database is locked by another process: {path}") from None
        raise DatabaseError(f"cannot read database {path}: {text}") from None
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path} is not a usable SQLite database ({error})") from None
    if row is None or row[0] != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise DatabaseError(
            f"{path} has casefile schema version {found}; this casefile reads version "
            f"{SCHEMA_VERSION}",
            hint="rebuild it with 'casefile db build'",
        )
    connection.row_factory = sqlite3.Row
    return Database(connection, path)


def forms_starting_with(path: str, prefix: str, kinds: Sequence[str], limit: int) -> list[str]:
    """Name forms whose normalised form starts with `prefix`, for completion:
    in index order, so a prefix shared by many names stops early. Never
    raises: completion must not print an error into the user's line."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        rows = connection.execute(
            f"SELECT form FROM names WHERE norm >= ? AND norm < ? AND record_kind IN "
            f"({_placeholders(kinds)}) ORDER BY norm, form LIMIT ?",
            (prefix, prefix + "\uffff", *kinds, limit),
        ).fetchall()
    except (sqlite3.Error, OSError):
        return []
    return [row[0] for row in rows]


def compact(connection: sqlite3.Connection) -> None:
    """Rewrite the file without free pages (after a build or import)."""
    connection.execute("VACUUM")


def casefile_present(connection: sqlite3.Connection, number: str) -> bool:
    return (
        connection.execute("SELECT 1 FROM casefiles WHERE number = ?", (number,)).fetchone()
        is not None
    )


def next_fate_id(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COALESCE(max(id), 0) + 1 FROM fates").fetchone()[0]


def _placeholders(values: Sequence) -> str:
    return ", ".join("?" for _ in values)


class Database:
    """Read-only access to one casefile database."""

    def __init__(self, connection: sqlite3.Connection, path: str):
        self.connection = connection
        self.path = path

    def _all(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        try:
            return self.connection.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"cannot read database {self.path}: {error}") from None

    def _one(self, sql: str, params: Sequence = ()) -> sqlite3.Row | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    # -- name index -------------------------------------------------------

    def folds_like(
        self, variants: Iterable[str], prefixes: Sequence[str], kinds: Sequence[str]
    ) -> set[str]:
        """Vocabulary folds sharing a variant with the query's, or starting
        with one of `prefixes` (at most 200 per prefix)."""
        variants = sorted(set(variants))
        kind_list = _placeholders(kinds)
        sql = [
            f"SELECT fold FROM fold_variants WHERE variant IN ({_placeholders(variants)}) "
            f"AND record_kind IN ({kind_list})"
        ]
        params: list = [*variants, *kinds]
        for prefix in prefixes:
            sql.append(
                f"SELECT fold FROM (SELECT fold FROM vocabulary WHERE record_kind IN ({kind_list}) "
                "AND fold >= ? AND fold < ? LIMIT 200)"
            )
            params += [*kinds, prefix, prefix + "\uffff"]
        return {row[0] for row in self._all(" UNION ".join(sql), params)}

    def forms_with_words(
        self,
        groups: Sequence[set[str]],
        kinds: Sequence[str],
        case: str | None = None,
        limit: int = 2000,
    ) -> list[NameForm]:
        """Name forms to score for a query whose words matched `groups` of
        folds (one set per word): those matching every word if there are any
        (a seek per word, then INTERSECT), else those matching most words."""
        groups = [sorted(g) for g in groups if g]
        if not groups:
            return []
        kind_list = _placeholders(kinds)
        if len(groups) > 1:
            selects = [
                f"SELECT name_id FROM name_words WHERE fold IN ({_placeholders(g)}) "
                f"AND record_kind IN ({kind_list})"
                for g in groups
            ]
            params = [value for g in groups for value in (*g, *kinds)]
            ids = [
                row[0]
                for row in self._all(" INTERSECT ".join(selects) + " LIMIT ?", [*params, limit])
            ]
            forms = self._forms(ids, case)
            if forms:
                return forms
        folds = sorted({f for g in groups for f in g})
        in_case = " AND n.casefile = ?" if case else ""
        rows = self._all(
            f"""SELECT n.record_kind, n.record_id, n.label, n.form, n.form_kind, n.norm,
                       n.detail
                FROM name_words w JOIN names n ON n.id = w.name_id
                WHERE w.fold IN ({_placeholders(folds)})
                  AND w.record_kind IN ({kind_list}){in_case}
                GROUP BY n.id ORDER BY count(*) DESC, n.id LIMIT ?""",
            [*folds, *kinds, *([case] if case else []), limit],
        )
        return [NameForm(*(row[i] or "" for i in range(7))) for row in rows]

    def _forms(self, ids: list[int], case: str | None) -> list[NameForm]:
        if not ids:
            return []
        in_case = " AND casefile = ?" if case else ""
        rows = self._all(
            f"SELECT record_kind, record_id, label, form, form_kind, norm, detail FROM names "
            f"WHERE id IN ({_placeholders(ids)}){in_case}",
            [*ids, *([case] if case else [])],
        )
        return [NameForm(*(row[i] or "" for i in range(7))) for row in rows]

    # -- shared pieces ----------------------------------------------------

    @cached_property
    def _sections(self) -> dict[str, Section]:
        rows = self._all("SELECT id, casefile, slug, heading, heading_date FROM sections")
        return {row["id"]: Section(*row) for row in rows}

    def section(self, section_id: str) -> Section:
        return self._sections[section_id]

    def _record_sections(self, kind: str, record_id: str) -> tuple[Section, ...]:
        rows = self._all(
            "SELECT rs.section_id FROM record_sections rs JOIN sections s ON s.id = rs.section_id "
            "WHERE rs.record_kind = ? AND rs.record_id = ? ORDER BY s.casefile, s.ordinal",
            (kind, record_id),
        )
        return tuple(self.section(row[0]) for row in rows)

    def _ref(self, table: str, record_id: str | None, name_column: str = "name") -> Ref | None:
        if not record_id:
            return None
        row = self._one(f"SELECT {name_column} FROM {table} WHERE id = ?", (record_id,))
        return Ref(record_id, row[0]) if row else None

    def _aliases(self, kind: str, record_id: str) -> tuple[Alias, ...]:
        rows = self._all(
            "SELECT alias, kind FROM aliases WHERE record_kind = ? AND record_id = ? "
            "ORDER BY kind, alias",
            (kind, record_id),
        )
        return tuple(Alias(row["alias"], row["kind"]) for row in rows)

    def _notes(self, kind: str, record_id: str) -> tuple[str, ...]:
        rows = self._all(
            "SELECT note FROM notes WHERE record_kind = ? AND record_id = ? ORDER BY id",
            (kind, record_id),
        )
        return tuple(row[0] for row in rows)

    def _quotations(self, column: str, value: str) -> tuple[Quotation, ...]:
        rows = self._all(
            f"""SELECT q.text, q.speaker_id, f.name AS speaker, q.speaker_description, q.kind,
                       q.section_id, q.context
                FROM quotations q LEFT JOIN figures f ON f.id = q.speaker_id
                WHERE q.{column} = ? ORDER BY q.id""",
            (value,),
        )
        return tuple(
            Quotation(
                row["text"],
                Ref(row["speaker_id"], row["speaker"]) if row["speaker_id"] else None,
                row["speaker_description"],
                row["kind"],
                self.section(row["section_id"]),
                row["context"],
            )
            for row in rows
        )

    def _positions(self, where: str, params: Sequence) -> tuple[Position, ...]:
        rows = self._all(
            f"""SELECT p.*, o.name AS organisation_name, f.name AS figure_name
                FROM positions p
                LEFT JOIN organisations o ON o.id = p.organisation_id
                JOIN figures f ON f.id = p.figure_id
                WHERE {where}
                ORDER BY COALESCE(p.date_from_lower, '9999'), p.id""",
            params,
        )
        return tuple(
            Position(
                row["title"],
                Ref(row["organisation_id"], row["organisation_name"])
                if row["organisation_id"]
                else None,
                row["office"],
                row["date_from"],
                row["date_to"],
                row["certainty"],
                self.section(row["section_id"]),
                row["note"],
                Ref(row["figure_id"], row["figure_name"]),
            )
            for row in rows
        )

    # -- figures ----------------------------------------------------------

    def figure(self, figure_id: str) -> Figure:
        row = self._one("SELECT * FROM figures WHERE id = ?", (figure_id,))
        if row is None:
            raise DatabaseError(f"no figure with id {figure_id!r} in {self.path}")
        roles = self._all(
            """SELECT o.id, o.title, p.role, o.date, p.certainty
               FROM participants p JOIN operations o ON o.id = p.operation_id
               WHERE p.figure_id = ?
               ORDER BY COALESCE(o.date_lower, '9999'), o.id, p.role""",
            (figure_id,),
        )
        return Figure(
            id=row["id"],
            casefile=row["casefile"],
            name=row["name"],
            native_name=row["native_name"],
            summary=row["summary"],
            aliases=self._aliases("figure", figure_id),
            positions=self._positions("p.figure_id = ?", (figure_id,)),
            fate=self.fate_accounts(figure_id),
            operations=tuple(
                OperationRole(Ref(r["id"], r["title"]), r["role"], r["date"], r["certainty"])
                for r in roles
            ),
            quotations=self._quotations("speaker_id", figure_id),
            sections=self._record_sections("figure", figure_id),
            ties=self._ties(figure_id),
        )

    def _ties(self, figure_id: str) -> tuple[Edge, ...]:
        rows = self._all(
            """SELECT r.*, s.name AS source_name, t.name AS target_name, o.title
               FROM relations r
               JOIN figures s ON s.id = r.source_id
               JOIN figures t ON t.id = r.target_id
               LEFT JOIN operations o ON o.id = r.operation_id
               WHERE r.source_id = ? OR r.target_id = ?
               ORDER BY COALESCE(r.date_lower, '9999'), r.id""",
            (figure_id, figure_id),
        )
        return tuple(
            Edge(
                Ref(row["source_id"], row["source_name"]),
                Ref(row["target_id"], row["target_name"]),
                row["relation"],
                Ref(row["operation_id"], row["title"]) if row["operation_id"] else None,
                row["date"],
                row["certainty"],
                self.section(row["section_id"]),
            )
            for row in rows
        )

    def _fate_agents(self, fate_id: int) -> dict[str, tuple[Ref, ...]]:
        rows = self._all(
            "SELECT a.role, f.id, f.name FROM fate_agents a JOIN figures f ON f.id = a.figure_id "
            "WHERE a.fate_id = ? ORDER BY a.role, f.name",
            (fate_id,),
        )
        agents: dict[str, list[Ref]] = {}
        for row in rows:
            agents.setdefault(row["role"], []).append(Ref(row["id"], row["name"]))
        return {role: tuple(refs) for role, refs in agents.items()}

    def fate_accounts(self, figure_id: str) -> tuple[FateAccount, ...]:
        rows = self._all(
            """SELECT fa.*, pl.name AS place_name, o.title AS operation_title
               FROM fates fa
               LEFT JOIN places pl ON pl.id = fa.place_id
               LEFT JOIN operations o ON o.id = fa.operation_id
               WHERE fa.figure_id = ? ORDER BY fa.ordinal""",
            (figure_id,),
        )
        accounts = []
        for row in rows:
            agents = self._fate_agents(row["id"])
            accounts.append(
                FateAccount(
                    outcome=row["outcome"],
                    date=row["date"],
                    place=Ref(row["place_id"], row["place_name"]) if row["place_id"] else None,
                    method=row["method"],
                    killed_by=agents.get("killer", ()),
                    ordered_by=agents.get("ordered_by", ()),
                    organisers=agents.get("organiser", ()),
                    accomplices=agents.get("accomplice", ()),
                    unnamed_agents=row["unnamed_agents"],
                    operation=Ref(row["operation_id"], row["operation_title"])
                    if row["operation_id"]
                    else None,
                    certainty=row["certainty"],
                    section=self.section(row["section_id"]),
                    note=row["note"],
                    killed=bool(row["killed"]),
                )
            )
        return tuple(sorted(accounts, key=lambda a: CERTAINTY_ORDER.get(a.certainty, 9)))

    def killed_figure_ids(self, among: Sequence[str] | None = None) -> set[str]:
        """People the record shows as killed by some account (of `among`, if given:
        a lookup asks only about its candidates, not about a million people)."""
        killed = "killed = 1"  # set by the build (build.is_killing)
        if among is None:
            rows = self._all(f"SELECT DISTINCT figure_id FROM fates WHERE {killed}")
        else:
            among = sorted(set(among))
            rows = (
                self._all(
                    f"SELECT DISTINCT figure_id FROM fates WHERE {killed} "
                    f"AND figure_id IN ({_placeholders(among)})",
                    among,
                )
                if among
                else []
            )
        return {row[0] for row in rows}

    def who_killed(self, figure_id: str) -> WhoKilled:
        """Every account of a person's death, if any account says they were
        killed (the official version and rival theories beside it); none if
        the record shows them as not killed."""
        fate = self.fate_accounts(figure_id)
        killed = any(a.killed for a in fate)
        return WhoKilled(self._ref("figures", figure_id), fate if killed else (), fate)

    def target_operation(self, figure_id: str) -> str | None:
        """The operation a person is best known as the target of, if any:
        the one their fate names, else a chaptered one, else the earliest."""
        row = self._one(
            """SELECT o.id FROM participants p JOIN operations o ON o.id = p.operation_id
               LEFT JOIN fates fa ON fa.figure_id = p.figure_id AND fa.operation_id = o.id
               WHERE p.figure_id = ? AND p.role = 'target'
               ORDER BY fa.id IS NULL, o.chaptered DESC, COALESCE(o.date_lower, '9999'), o.id
               LIMIT 1""",
            (figure_id,),
        )
        return row[0] if row else None

    # -- operations -------------------------------------------------------

    def operation(self, operation_id: str) -> Operation:
        row = self._one("SELECT * FROM operations WHERE id = ?", (operation_id,))
        if row is None:
            raise DatabaseError(f"no operation with id {operation_id!r} in {self.path}")
        participants = self._all(
            """SELECT p.*, f.name FROM participants p JOIN figures f ON f.id = p.figure_id
               WHERE p.operation_id = ?
               ORDER BY CASE p.role WHEN 'target' THEN 0 WHEN 'perpetrator' THEN 1
                        WHEN 'organiser' THEN 2 WHEN 'ordered_by' THEN 3
                        WHEN 'accomplice' THEN 4 ELSE 5 END, f.name""",
            (operation_id,),
        )
        groups = self._all(
            "SELECT * FROM operation_groups WHERE operation_id = ? ORDER BY id", (operation_id,)
        )
        return Operation(
            id=row["id"],
            casefile=row["casefile"],
            title=row["title"],
            kind=row["kind"],
            date=row["date"],
            date_text=row["date_text"],
            place=self._ref("places", row["place_id"]),
            method=row["method"],
            outcome=row["outcome"],
            agency=self._ref("organisations", row["agency_id"]),
            summary=row["summary"],
            chaptered=bool(row["chaptered"]),
            part_of=self._ref("operations", row["part_of_id"], "title"),
            participants=tuple(
                Participant(
                    Ref(p["figure_id"], p["name"]),
                    p["role"],
                    p["detail"],
                    p["certainty"],
                    self.section(p["section_id"]),
                )
                for p in participants
            ),
            groups=tuple(
                Group(g["description"], g["count"], g["role"], g["certainty"], g["note"])
                for g in groups
            ),
            notes=self._notes("operation", operation_id),
            quotations=self._quotations("operation_id", operation_id),
            events=self.events("e.operation_id = ?", (operation_id,)),
            section=self.section(row["section_id"]),
            sections=self._record_sections("operation", operation_id),
        )

    # -- events -----------------------------------------------------------

    def events(self, where: str = "1", params: Sequence = ()) -> tuple[Event, ...]:
        rows = self._all(
            f"""SELECT e.*, pl.name AS place_name, o.title AS operation_title
                FROM events e
                LEFT JOIN places pl ON pl.id = e.place_id
                LEFT JOIN operations o ON o.id = e.operation_id
                WHERE {where} ORDER BY e.date_lower, e.date_upper, e.id""",
            params,
        )
        figures: dict[str, list[Ref]] = {}
        if rows:
            ids = [row["id"] for row in rows]
            for f in self._all(
                f"""SELECT ef.event_id, ef.role, f.id, f.name FROM event_figures ef
                    JOIN figures f ON f.id = ef.figure_id
                    WHERE ef.event_id IN ({_placeholders(ids)}) ORDER BY ef.role DESC, f.name""",
                ids,
            ):
                figures.setdefault(f["event_id"], []).append(Ref(f["id"], f["name"], f["role"]))
        return tuple(
            Event(
                id=row["id"],
                date=row["date"],
                date_text=row["date_text"],
                kind=row["kind"],
                title=row["title"],
                place=Ref(row["place_id"], row["place_name"]) if row["place_id"] else None,
                operation=Ref(row["operation_id"], row["operation_title"])
                if row["operation_id"]
                else None,
                figures=tuple(figures.get(row["id"], ())),
                certainty=row["certainty"],
                section=self.section(row["section_id"]),
                note=row["note"],
            )
            for row in rows
        )

    # -- organisations ----------------------------------------------------

    def organisation(self, organisation_id: str) -> Organisation:
        row = self._one("SELECT * FROM organisations WHERE id = ?", (organisation_id,))
        if row is None:
            raise DatabaseError(f"no organisation with id {organisation_id!r} in {self.path}")
        successors = self._all(
            "SELECT id, name FROM organisations WHERE predecessor_id = ? ORDER BY id",
            (organisation_id,),
        )
        units = self._all(
            "SELECT id, name FROM organisations WHERE parent_id = ? ORDER BY name",
            (organisation_id,),
        )
        lineage = self._all(
            """WITH RECURSIVE earlier(id, step) AS (
                   SELECT ?, 0
                   UNION SELECT o.predecessor_id, e.step - 1 FROM organisations o
                   JOIN earlier e ON o.id = e.id WHERE o.predecessor_id IS NOT NULL
                     AND e.step > -20
               ), later(id, step) AS (
                   SELECT ?, 0
                   UNION SELECT o.id, l.step + 1 FROM organisations o
                   JOIN later l ON o.predecessor_id = l.id WHERE l.step < 20
               )
               SELECT o.id, o.name, o.date_from, o.date_to, chain.step
               FROM (SELECT * FROM earlier UNION SELECT * FROM later) chain
               JOIN organisations o ON o.id = chain.id ORDER BY chain.step, o.id""",
            (organisation_id, organisation_id),
        )
        operations = self._all(
            "SELECT id, title FROM operations WHERE agency_id = ? "
            "ORDER BY COALESCE(date_lower, '9999'), id",
            (organisation_id,),
        )
        return Organisation(
            id=row["id"],
            casefile=row["casefile"],
            name=row["name"],
            full_name=row["full_name"],
            native_name=row["native_name"],
            kind=row["kind"],
            aliases=self._aliases("organisation", organisation_id),
            parent=self._ref("organisations", row["parent_id"]),
            predecessor=self._ref("organisations", row["predecessor_id"]),
            successors=tuple(Ref(r["id"], r["name"]) for r in successors),
            lineage=tuple((Ref(r["id"], r["name"]), r["date_from"], r["date_to"]) for r in lineage),
            units=tuple(Ref(r["id"], r["name"]) for r in units),
            date_from=row["date_from"],
            date_to=row["date_to"],
            summary=row["summary"],
            heads=self._positions(
                "p.organisation_id = ? AND (p.office LIKE '%head' OR p.office LIKE '%commander' "
                "OR p.title LIKE 'head%' OR p.title LIKE '%chairman%' OR p.title LIKE '%leader%' "
                "OR p.title LIKE '%director%' OR p.title LIKE '%commander%' "
                "OR p.title LIKE '%chief%')",
                (organisation_id,),
            ),
            operations=tuple(Ref(r["id"], r["title"]) for r in operations),
            notes=self._notes("organisation", organisation_id),
            section=self.section(row["section_id"]),
            sections=self._record_sections("organisation", organisation_id),
        )

    # -- places -----------------------------------------------------------

    def place(self, place_id: str) -> Place:
        row = self._one("SELECT * FROM places WHERE id = ?", (place_id,))
        if row is None:
            raise DatabaseError(f"no place with id {place_id!r} in {self.path}")
        inside = self._all(
            "SELECT id, name FROM places WHERE within_id = ? ORDER BY name", (place_id,)
        )
        operations = self._all(
            "SELECT id, title FROM operations WHERE place_id = ? OR place_id IN "
            "(SELECT id FROM places WHERE within_id = ?) ORDER BY COALESCE(date_lower, '9999'), id",
            (place_id, place_id),
        )
        return Place(
            id=row["id"],
            casefile=row["casefile"],
            name=row["name"],
            kind=row["kind"],
            within=self._ref("places", row["within_id"]),
            aliases=self._aliases("place", place_id),
            places_within=tuple(Ref(r["id"], r["name"]) for r in inside),
            operations=tuple(Ref(r["id"], r["title"]) for r in operations),
            events=self.events("e.place_id = ?", (place_id,)),
            section=self.section(row["section_id"]),
            sections=self._record_sections("place", place_id),
        )

    # -- lists and full text ----------------------------------------------

    def list_records(self, kind: str, sort: str, case: str | None = None) -> list[ListItem]:
        queries = {
            "operations": "SELECT 'operation', id, title AS name, date, date_lower AS sort_date, "
            "kind FROM operations",
            "figures": "SELECT 'figure', f.id, f.name AS name, fa.date, "
            "fa.date_lower AS sort_date, "
            "fa.outcome FROM figures f LEFT JOIN fates fa ON fa.figure_id = f.id "
            "AND fa.ordinal = 0",
            "organisations": "SELECT 'organisation', id, name, date_from, "
            "date_from_lower AS sort_date, full_name FROM organisations",
            "events": "SELECT 'event', id, title AS name, date, date_lower AS sort_date, kind "
            "FROM events",
        }
        order = (
            " ORDER BY name COLLATE NOCASE"
            if sort == "name"
            else " ORDER BY sort_date IS NULL, sort_date, name COLLATE NOCASE"
        )
        where = " WHERE casefile = ?" if case else ""
        if kind == "figures" and case:
            where = " WHERE f.casefile = ?"
        rows = self._all(queries[kind] + where + order, [case] if case else [])
        return [ListItem(r[0], r[1], r[2], r[3], r[5]) for r in rows]

    def full_text(self, query: str, limit: int = 20, case: str | None = None) -> list[SearchHit]:
        """FTS5 over names, summaries and notes. `query` is searched as a phrase
        and as all-words, never parsed as FTS syntax."""
        terms = [t for t in query.replace('"', " ").split() if t]
        if not terms:
            return []
        phrase = '"' + " ".join(terms) + '"'
        every_word = " AND ".join(f'"{t}"' for t in terms)
        rows = self._all(
            """SELECT d.record_kind, d.record_id, d.name,
                      snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet,
                      bm25(documents_fts) AS rank
               FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
               WHERE documents_fts MATCH ? AND (? IS NULL OR d.casefile = ?)
               ORDER BY rank LIMIT ?""",
            (f"({phrase}) OR ({every_word})", case, case, limit),
        )
        return [
            SearchHit(
                r["record_kind"], r["record_id"], r["name"], r["snippet"], round(-r["rank"], 3)
            )
            for r in rows
        ]

    # -- time ------------------------------------------------------------

    def timeline(
        self,
        lower: str,
        upper: str,
        figure_id: str | None = None,
        organisation_id: str | None = None,
        kind: str | None = None,
        case: str | None = None,
    ) -> list[TimelineEntry]:
        """Events and operations overlapping [lower, upper], in date order."""
        where_event = ["e.date_lower <= ?", "e.date_upper >= ?"]
        where_op = ["o.date_lower <= ?", "o.date_upper >= ?"]
        params_event: list = [upper, lower]
        params_op: list = [upper, lower]
        if case:
            where_event.append("e.casefile = ?")
            where_op.append("o.casefile = ?")
            params_event.append(case)
            params_op.append(case)
        if figure_id:
            where_event.append("e.id IN (SELECT event_id FROM event_figures WHERE figure_id = ?)")
            where_op.append("o.id IN (SELECT operation_id FROM participants WHERE figure_id = ?)")
            params_event.append(figure_id)
            params_op.append(figure_id)
        if organisation_id:
            where_event.append(
                "e.id IN (SELECT event_id FROM event_organisations WHERE organisation_id = ?)"
            )
            where_op.append("o.agency_id = ?")
            params_event.append(organisation_id)
            params_op.append(organisation_id)
        if kind:
            where_event.append("e.kind = ?")
            where_op.append("o.kind = ?")
            params_event.append(kind)
            params_op.append(kind)
        rows = self._all(
            f"""SELECT 'event' AS record_kind, e.id, e.date, e.date_lower, e.date_upper, e.kind,
                       e.title, e.certainty, e.section_id, e.operation_id
                FROM events e WHERE {" AND ".join(where_event)}
                UNION ALL
                SELECT 'operation', o.id, o.date, o.date_lower, o.date_upper, o.kind, o.title,
                       'stated', o.section_id, NULL
                FROM operations o WHERE {" AND ".join(where_op)}
                ORDER BY 4, 5, 1 DESC, 2""",
            [*params_event, *params_op],
        )
        return [
            TimelineEntry(
                r["record_kind"],
                r["id"],
                r["date"],
                r["date_lower"],
                r["date_upper"],
                r["kind"],
                r["title"],
                r["certainty"],
                self.section(r["section_id"]),
                r["operation_id"],
            )
            for r in rows
        ]

    def office_holders(
        self, lower: str, upper: str, case: str | None = None
    ) -> tuple[Position, ...]:
        """Key offices held at some moment within [lower, upper]."""
        return self._positions(
            "p.office IS NOT NULL AND COALESCE(p.date_from_lower, '0000') <= ? "
            "AND COALESCE(p.date_to_upper, '9999') >= ? AND (? IS NULL OR f.casefile = ?)",
            (upper, lower, case, case),
        )

    def key_positions(self, office: str, case: str | None = None) -> tuple[Position, ...]:
        return self._positions(
            "p.office = ? AND (? IS NULL OR f.casefile = ?)", (office, case, case)
        )

    # -- networks ---------------------------------------------------------

    def relation_rows(self) -> list[sqlite3.Row]:
        """Every tie between two people, from relations, fates and operation
        roles, as (source, target, relation, operation, date, sort_date,
        certainty, section_id, via)."""
        return self._all(
            """
            SELECT r.source_id AS source, r.target_id AS target, r.relation,
                   r.operation_id AS operation, r.date, r.date_lower AS sort_date, r.certainty,
                   r.section_id, 'relation' AS via
            FROM relations r
            UNION ALL
            SELECT a.figure_id, fa.figure_id,
                   CASE a.role WHEN 'killer' THEN 'killed' WHEN 'ordered_by' THEN 'ordered_killing'
                        WHEN 'organiser' THEN 'organised_killing'
                        ELSE 'accomplice_in_killing' END,
                   fa.operation_id, fa.date, fa.date_lower, fa.certainty, fa.section_id, 'fate'
            FROM fate_agents a JOIN fates fa ON fa.id = a.fate_id
            UNION ALL
            SELECT p.figure_id, t.figure_id, p.role, p.operation_id, o.date, o.date_lower,
                   p.certainty, p.section_id, 'operation'
            FROM participants p
            JOIN participants t ON t.operation_id = p.operation_id AND t.role = 'target'
            JOIN operations o ON o.id = p.operation_id
            WHERE p.role IN ('perpetrator', 'organiser', 'ordered_by', 'accomplice', 'supplier',
                             'interrogator', 'judge')
              AND p.figure_id != t.figure_id
            UNION ALL
            SELECT boss.figure_id, aide.figure_id,
                   CASE boss.role WHEN 'ordered_by' THEN 'ordered' ELSE 'directed' END,
                   boss.operation_id, o.date, o.date_lower, aide.certainty, aide.section_id,
                   'command'
            FROM participants boss
            JOIN participants aide ON aide.operation_id = boss.operation_id
            JOIN operations o ON o.id = boss.operation_id
            WHERE ((boss.role = 'ordered_by' AND aide.role = 'organiser')
                OR (boss.role = 'organiser' AND aide.role IN ('perpetrator', 'accomplice'))
                OR (boss.role = 'ordered_by' AND aide.role = 'perpetrator'
                    AND NOT EXISTS (SELECT 1 FROM participants x
                                    WHERE x.operation_id = boss.operation_id
                                      AND x.role = 'organiser')))
              AND boss.figure_id != aide.figure_id
            ORDER BY 6, 1, 2, 3
            """
        )

    def names_of(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        table, column = {"figure": ("figures", "name"), "operation": ("operations", "title")}[kind]
        rows = self._all(
            f"SELECT id, {column} FROM {table} WHERE id IN ({_placeholders(ids)})", ids
        )
        return {row[0]: row[1] for row in rows}

    def group_targets(self, figure_id: str) -> list[sqlite3.Row]:
        """Groups (prisoners, defendants) in operations where the person had a hand."""
        return self._all(
            """SELECT p.role, o.id AS operation_id, o.title, o.date, g.description, g.count,
                      g.certainty
               FROM participants p JOIN operation_groups g ON g.operation_id = p.operation_id
               JOIN operations o ON o.id = p.operation_id
               WHERE p.figure_id = ? AND g.role = 'target'
                 AND p.role IN ('perpetrator', 'organiser', 'ordered_by', 'accomplice')
               ORDER BY o.date_lower, o.id""",
            (figure_id,),
        )

    def cascade_candidates(self, case: str | None = None) -> list[str]:
        """People killed by some account who had a hand (perpetrator, organiser,
        orderer, accomplice) in an operation of the secret police."""
        apparatus = sorted(self.apparatus_operation_ids())
        if not apparatus:
            return []
        rows = self._all(
            f"""SELECT DISTINCT fa.figure_id FROM fates fa
                JOIN participants p ON p.figure_id = fa.figure_id
                JOIN figures f ON f.id = fa.figure_id
                WHERE fa.killed = 1
                  AND p.role IN ('perpetrator', 'organiser', 'ordered_by', 'accomplice')
                  AND p.operation_id IN ({_placeholders(apparatus)})
                  AND (? IS NULL OR f.casefile = ?)
                ORDER BY fa.figure_id""",
            [*apparatus, case, case],
        )
        return [row[0] for row in rows]

    def apparatus_operation_ids(self) -> set[str]:
        """Operations run by the secret police or one of its units."""
        rows = self._all(
            """WITH RECURSIVE apparatus(id) AS (
                   SELECT id FROM organisations WHERE kind = 'secret-police'
                   UNION SELECT o.id FROM organisations o JOIN apparatus a ON o.parent_id = a.id
               )
               SELECT id FROM operations WHERE agency_id IN (SELECT id FROM apparatus)"""
        )
        return {row[0] for row in rows}

    def contradictions(self, case: str | None = None) -> list[Contradiction]:
        rows = self._all(
            "SELECT * FROM contradictions WHERE ? IS NULL OR casefile = ? ORDER BY casefile, id",
            (case, case),
        )
        claims: dict[str, list[tuple[str, Section]]] = {}
        for c in self._all(
            "SELECT contradiction_id, says, section_id FROM contradiction_claims "
            "ORDER BY contradiction_id, ordinal"
        ):
            claims.setdefault(c[0], []).append((c[1], self.section(c[2])))
        return [
            Contradiction(
                r["id"],
                r["casefile"],
                r["kind"],
                r["subject_kind"],
                r["subject_id"],
                r["note"],
                tuple(claims.get(r["id"], ())),
            )
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        return row_counts(self.connection)


# -- build side: creating and finishing a database ---------------------------


def name_sources(connection: sqlite3.Connection) -> Iterable[tuple]:
    """(casefile, kind, id, label, form, form_kind, detail) for every name of every
    record, in a fixed order, as a cursor (a large database does not fit in a list)."""
    return connection.execute(
        """
        SELECT f.casefile, 'figure', f.id, f.name, f.name, 'name', COALESCE(
                   (SELECT fa.outcome || ' ' || COALESCE(fa.date, '') || ' · ' FROM fates fa
                    WHERE fa.figure_id = f.id AND fa.ordinal = 0), '') ||
                   substr(f.summary, 1, 120)
        FROM figures f
        UNION ALL SELECT f.casefile, 'figure', f.id, f.name, f.native_name, 'native', NULL
        FROM figures f WHERE f.native_name IS NOT NULL
        UNION ALL SELECT f.casefile, 'figure', a.record_id, f.name, a.alias, a.kind, NULL
        FROM aliases a JOIN figures f ON f.id = a.record_id WHERE a.record_kind = 'figure'
        UNION ALL SELECT o.casefile, 'operation', o.id, o.title, o.title, 'name',
               COALESCE(o.date, '') || ' · ' || o.kind
        FROM operations o
        UNION ALL SELECT o.casefile, 'organisation', o.id, o.name, o.name, 'name', o.full_name
        FROM organisations o
        UNION ALL SELECT o.casefile, 'organisation', o.id, o.name, o.full_name, 'full-name', NULL
        FROM organisations o WHERE o.full_name IS NOT NULL
        UNION ALL SELECT o.casefile, 'organisation', o.id, o.name, o.native_name, 'native', NULL
        FROM organisations o WHERE o.native_name IS NOT NULL
        UNION ALL SELECT o.casefile, 'organisation', a.record_id, o.name, a.alias, a.kind, NULL
        FROM aliases a JOIN organisations o ON o.id = a.record_id
        WHERE a.record_kind = 'organisation'
        UNION ALL SELECT p.casefile, 'place', p.id, p.name, p.name, 'name', p.kind FROM places p
        UNION ALL SELECT p.casefile, 'place', a.record_id, p.name, a.alias, a.kind, NULL
        FROM aliases a JOIN places p ON p.id = a.record_id WHERE a.record_kind = 'place'
        ORDER BY 2, 3, 6, 5
        """
    )


_DOCUMENTS = """
INSERT INTO documents (casefile, record_kind, record_id, name, body)
SELECT f.casefile, 'figure', f.id, f.name,
       f.summary || ' ' || COALESCE((SELECT group_concat(alias, ' ') FROM aliases
                                      WHERE record_kind = 'figure' AND record_id = f.id), '')
       || ' ' || COALESCE((SELECT group_concat(COALESCE(method, '') || ' ' ||
                                               COALESCE(note, ''), ' ')
                           FROM fates WHERE figure_id = f.id), '')
FROM figures f
UNION ALL
SELECT o.casefile, 'operation', o.id, o.title,
       o.summary || ' ' || COALESCE(o.method, '') || ' ' || COALESCE(o.outcome, '') || ' ' ||
       COALESCE((SELECT group_concat(note, ' ') FROM notes
                 WHERE record_kind = 'operation' AND record_id = o.id), '') || ' ' ||
       COALESCE((SELECT group_concat(text, ' ') FROM quotations WHERE operation_id = o.id), '')
FROM operations o
UNION ALL
SELECT o.casefile, 'organisation', o.id, o.name,
       COALESCE(o.full_name, '') || ' ' || COALESCE(o.summary, '')
FROM organisations o
UNION ALL
SELECT e.casefile, 'event', e.id, e.title, COALESCE(e.note, '') FROM events e
ORDER BY 1, 2, 3
"""


def insert_names(
    connection: sqlite3.Connection, names: list[tuple], name_words: list[tuple]
) -> None:
    connection.executemany(
        "INSERT INTO names (id, casefile, record_kind, record_id, label, form, form_kind, norm, "
        "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        names,
    )
    connection.executemany(
        "INSERT OR IGNORE INTO name_words (fold, record_kind, name_id) VALUES (?, ?, ?)",
        name_words,
    )


def fill_vocabulary(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Distinct (record_kind, fold) of the name index, stored and returned."""
    connection.execute(
        "INSERT INTO vocabulary (record_kind, fold) "
        "SELECT DISTINCT record_kind, fold FROM name_words ORDER BY 1, 2"
    )
    return connection.execute("SELECT record_kind, fold FROM vocabulary").fetchall()


def insert_fold_variants(connection: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    connection.executemany(
        "INSERT OR IGNORE INTO fold_variants (variant, record_kind, fold) VALUES (?, ?, ?)", rows
    )


def create_schema(connection: sqlite3.Connection) -> None:
    """Tables, indexes, views, full-text tables and metadata of an empty database."""
    with open(os.path.join(os.path.dirname(__file__), "schema.sql"), encoding="utf-8") as file:
        script = file.read()
    connection.executescript(script)
    connection.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("application", APPLICATION), ("schema_version", SCHEMA_VERSION)],
    )
    connection.execute("PRAGMA user_version = " + SCHEMA_VERSION)


def clear_indexes(connection: sqlite3.Connection) -> None:
    """Empty the derived tables (name index, documents) before they are refilled."""
    for table in ("name_words", "fold_variants", "vocabulary", "names", "documents"):
        connection.execute(f"DELETE FROM {table}")


def fill_documents(connection: sqlite3.Connection) -> None:
    connection.execute(_DOCUMENTS)
    connection.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    connection.execute("INSERT INTO names_fts (names_fts) VALUES ('rebuild')")


def schema_version(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def casefile_ids(connection: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """{kind: {id: casefile}} for every record that other case files may not reuse."""
    tables = {
        "figure": "figures",
        "operation": "operations",
        "event": "events",
        "organisation": "organisations",
        "place": "places",
        "contradiction": "contradictions",
    }
    owners = {
        kind: dict(connection.execute(f"SELECT id, casefile FROM {table}").fetchall())
        for kind, table in tables.items()
    }
    owners["quotation"] = dict(
        connection.execute(
            "SELECT q.id, s.casefile FROM quotations q JOIN sections s ON s.id = q.section_id"
        ).fetchall()
    )
    return owners


def delete_casefile(connection: sqlite3.Connection, number: str) -> None:
    """Remove every row that belongs to one case file (children first)."""
    statements = [
        "DELETE FROM fate_agents WHERE fate_id IN (SELECT fa.id FROM fates fa "
        "JOIN figures f ON f.id = fa.figure_id WHERE f.casefile = :n)",
        "DELETE FROM fates WHERE figure_id IN (SELECT id FROM figures WHERE casefile = :n)",
        "DELETE FROM positions WHERE figure_id IN (SELECT id FROM figures WHERE casefile = :n)",
        "DELETE FROM participants WHERE operation_id IN "
        "(SELECT id FROM operations WHERE casefile = :n)",
        "DELETE FROM operation_groups WHERE operation_id IN "
        "(SELECT id FROM operations WHERE casefile = :n)",
        "DELETE FROM event_figures WHERE event_id IN (SELECT id FROM events WHERE casefile = :n)",
        "DELETE FROM event_organisations WHERE event_id IN "
        "(SELECT id FROM events WHERE casefile = :n)",
        "DELETE FROM relations WHERE section_id IN (SELECT id FROM sections WHERE casefile = :n)",
        "DELETE FROM quotations WHERE section_id IN (SELECT id FROM sections WHERE casefile = :n)",
        "DELETE FROM contradiction_claims WHERE contradiction_id IN "
        "(SELECT id FROM contradictions WHERE casefile = :n)",
        "DELETE FROM contradictions WHERE casefile = :n",
        "DELETE FROM record_sections WHERE section_id IN "
        "(SELECT id FROM sections WHERE casefile = :n)",
        "DELETE FROM notes WHERE record_id IN (SELECT id FROM operations WHERE casefile = :n "
        "UNION SELECT id FROM organisations WHERE casefile = :n)",
        "DELETE FROM aliases WHERE record_id IN (SELECT id FROM figures WHERE casefile = :n "
        "UNION SELECT id FROM organisations WHERE casefile = :n "
        "UNION SELECT id FROM places WHERE casefile = :n)",
        "DELETE FROM events WHERE casefile = :n",
        "DELETE FROM operations WHERE casefile = :n",
        "DELETE FROM figures WHERE casefile = :n",
        "DELETE FROM organisations WHERE casefile = :n",
        "DELETE FROM places WHERE casefile = :n",
        "DELETE FROM sections WHERE casefile = :n",
        "DELETE FROM casefiles WHERE number = :n",
    ]
    for statement in statements:
        connection.execute(statement, {"n": number})


# Polymorphic references that SQLite's foreign keys cannot declare.
_DANGLING = {
    "aliases": "SELECT count(*) FROM aliases a WHERE NOT EXISTS (SELECT 1 FROM figures "
    "WHERE id = a.record_id UNION SELECT 1 FROM organisations WHERE id = a.record_id "
    "UNION SELECT 1 FROM places WHERE id = a.record_id)",
    "record_sections": "SELECT count(*) FROM record_sections r WHERE NOT EXISTS (SELECT 1 FROM "
    "figures WHERE id = r.record_id UNION SELECT 1 FROM operations WHERE "
    "id = r.record_id UNION SELECT 1 FROM organisations WHERE id = r.record_id "
    "UNION SELECT 1 FROM places WHERE id = r.record_id)",
    "names": "SELECT count(*) FROM names n WHERE NOT EXISTS (SELECT 1 FROM figures WHERE "
    "id = n.record_id UNION SELECT 1 FROM operations WHERE id = n.record_id UNION "
    "SELECT 1 FROM organisations WHERE id = n.record_id UNION SELECT 1 FROM places "
    "WHERE id = n.record_id)",
}


def check_integrity(connection: sqlite3.Connection) -> list[str]:
    """Problems found by SQLite's own checks and ours (empty when the file is sound)."""
    problems = []
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if [tuple(r) for r in result] != [("ok",)]:
            problems.append("integrity_check: " + ", ".join(str(r[0]) for r in result[:5]))
        for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check").fetchall()[
            :10
        ]:
            problems.append(f"row {rowid} of {table} refers to a missing {parent}")
        for table, sql in _DANGLING.items():
            count = connection.execute(sql).fetchone()[0]
            if count:
                problems.append(f"{count} rows of {table} refer to records that do not exist")
    except sqlite3.DatabaseError as error:
        problems.append(f"cannot check: {error}")
    return problems


_WRITE_ACTIONS = {
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
# PRAGMAs that only report; any other one is refused. The first set takes a
# table or index name; the second may only read its value, never set it.
_SAFE_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list"}
_SAFE_VALUE_PRAGMAS = {"user_version", "schema_version", "encoding", "compile_options"}


def _authorise(action, arg1, arg2, _database, _trigger):
    if action in _WRITE_ACTIONS:
        if action == sqlite3.SQLITE_FUNCTION and arg2 in (
            "load_extension",
            "writefile",
            "readfile",
            "edit",
        ):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (
        arg1 in _SAFE_PRAGMAS or (arg1 in _SAFE_VALUE_PRAGMAS and arg2 is None)
    ):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def read_only_query(path: str | os.PathLike, query: str) -> tuple[list[str], list[tuple]]:
    """Run one SELECT. The file is opened read-only and an authorizer refuses
    anything but reading, so nothing can be changed through it."""
    from casefile_cli.errors import UsageError

    if not query.strip():
        raise UsageError("the SQL query is empty; give one SELECT statement")
    database = open_database(path)
    connection = database.connection
    connection.row_factory = None
    connection.set_authorizer(_authorise)
    try:
        cursor = connection.execute(query)
        rows = cursor.fetchall()
    except sqlite3.DatabaseError as error:
        text = str(error)
        if "not authorized" in text or "prohibited" in text:
            raise UsageError(
                "casefile sql only reads: writes, ATTACH, PRAGMAs that change state and "
                "extensions are refused"
            ) from None
        if "one statement at a time" in text:
            raise UsageError("give one SQL statement at a time") from None
        raise UsageError(f"SQL error: {text}") from None
    except sqlite3.Warning as error:
        raise UsageError(f"SQL error: {error}") from None
    columns = [d[0] for d in cursor.description or []]
    return columns, rows


TABLE_DESCRIPTIONS = {
    "meta": "application name and schema version",
    "casefiles": "one row per case file: number, title, subtitle, epigraph, attribution",
    "sections": "the chapters of each case file, which every fact cites",
    "figures": "people: canonical and native name, summary",
    "aliases": "every other name of a person, organisation or place, by kind",
    "record_sections": "which sections mention which record",
    "positions": "offices people held, with EDTF dates and sortable bounds",
    "fates": "accounts of how people ended, one row per account, with certainty",
    "fate_agents": "who killed, ordered, organised or helped, per fate account",
    "operations": "operations: title, kind, date, place, method, outcome, agency",
    "participants": "people's roles in operations, with certainty",
    "operation_groups": "groups targeted or involved in operations, with counts",
    "notes": "our notes on operations and organisations",
    "events": "every dated event in the text",
    "event_figures": "people in events, with role",
    "event_organisations": "organisations in events",
    "relations": "ties between people: recruited, lured, replaced, served under...",
    "quotations": "words people said, as printed",
    "contradictions": "places where the case file disagrees with itself",
    "contradiction_claims": "the competing claims of each contradiction",
    "organisations": "organisations: names over time, parent, predecessor, dates",
    "places": "places named in the text",
    "names": "name index: every name form, normalised",
    "name_words": "name index: word fold keys pointing at names",
    "vocabulary": "name index: distinct word fold keys",
    "fold_variants": "name index: fold keys with one letter deleted, for typos",
    "documents": "text of every record for full-text search",
    "documents_fts": "FTS5 index over documents",
    "names_fts": "FTS5 index over names",
    "operation_roles": "view: who had which role in which operation",
    "killings": "view: victims and their killers, orderers, organisers",
    "office_holders": "view: who held which office when",
}


def describe_schema(db: Database) -> list[dict]:
    rows = db._all(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%' ORDER BY type, name"
    )
    tables = []
    for name, kind in rows:
        columns = db._all("SELECT name, type FROM pragma_table_info(?)", (name,))
        tables.append(
            {
                "name": name,
                "type": kind,
                "description": TABLE_DESCRIPTIONS.get(name, ""),
                "columns": [{"name": c[0], "type": c[1]} for c in columns],
            }
        )
    return tables


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = (
        "casefiles",
        "sections",
        "figures",
        "aliases",
        "positions",
        "fates",
        "operations",
        "participants",
        "events",
        "organisations",
        "places",
        "relations",
        "quotations",
        "contradictions",
        "names",
    )
    return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
