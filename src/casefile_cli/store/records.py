"""Read queries for whole records: a figure, an operation, an organisation,
a place, with everything their cards show."""

from __future__ import annotations

from collections.abc import Sequence

from casefile_cli.errors import DatabaseError
from casefile_cli.models import (
    Figure,
    Group,
    Operation,
    OperationRole,
    Organisation,
    Participant,
    Place,
    Ref,
    WhoKilled,
)
from casefile_cli.store.parts import PartQueries
from casefile_cli.store.query import placeholders, record
from casefile_cli.store.ties import TieQueries
from casefile_cli.vocabulary import (
    CERTAINTY_ORDER,
    HEAD_OFFICE_PATTERNS,
    HEAD_TITLE_PATTERNS,
    LISTED_FIRST_ROLES,
    TARGET_ROLE,
)

# Operation cards list the target first, then who did it, then the rest.
_ROLE_ORDER = (
    "CASE p.role "
    + " ".join(f"WHEN '{role}' THEN {i}" for i, role in enumerate(LISTED_FIRST_ROLES))
    + f" ELSE {len(LISTED_FIRST_ROLES)} END"
)
_HEADS = " OR ".join(
    ["p.office LIKE ?"] * len(HEAD_OFFICE_PATTERNS) + ["p.title LIKE ?"] * len(HEAD_TITLE_PATTERNS)
)
_LINEAGE = """WITH RECURSIVE earlier(id, step) AS (
        SELECT ?, 0
        UNION SELECT o.predecessor_id, e.step - 1 FROM organisations o
        JOIN earlier e ON o.id = e.id WHERE o.predecessor_id IS NOT NULL
          AND e.step > -20
    ), later(id, step) AS (
        SELECT ?, 0
        UNION SELECT o.id, l.step + 1 FROM organisations o
        JOIN later l ON o.predecessor_id = l.id WHERE l.step < 20
    )
    SELECT o.id, o.name, o.date_from, o.date_to, chain.step, o.casefile
    FROM (SELECT * FROM earlier UNION SELECT * FROM later) chain
    JOIN organisations o ON o.id = chain.id ORDER BY chain.step, o.id"""


class RecordQueries(PartQueries, TieQueries):
    def _row(self, table: str, kind: str, record_id: str):
        row = self._one(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
        if row is None:
            raise DatabaseError(f"no {kind} with id {record_id!r} in {self.path}")
        return row

    def _refs(self, sql: str, params: Sequence) -> tuple[Ref, ...]:
        """References from a query selecting (id, name, casefile)."""
        return tuple(Ref(r[0], r[1], None, r[2]) for r in self._all(sql, params))

    # -- figures ----------------------------------------------------------

    def figure(self, figure_id: str) -> Figure:
        row = self._row("figures", "figure", figure_id)
        fate = self.fate_accounts(figure_id)
        # Where the text disagrees with itself about a person's end, the
        # contradiction is often filed under the operation their fate names.
        contradictions = self._contradiction_ids("figure", figure_id) + tuple(
            c
            for operation in dict.fromkeys(a.operation.id for a in fate if a.operation)
            for c in self._contradiction_ids("operation", operation)
        )
        return record(
            Figure,
            row,
            aliases=self._aliases("figure", figure_id),
            positions=self._positions("p.figure_id = ?", (figure_id,)),
            fate=fate,
            operations=self._operation_roles(figure_id),
            quotations=self._quotations(speaker_id=figure_id),
            sections=self._record_sections("figure", figure_id),
            ties=self.figure_ties(figure_id),
            outside=self._outside("figure", figure_id),
            contradictions=tuple(dict.fromkeys(contradictions)),
            linked=self._linked("figure", figure_id),
        )

    def _operation_roles(self, figure_id: str) -> tuple[OperationRole, ...]:
        roles = self._all(
            """SELECT o.id, o.title, p.role, o.date, p.certainty, o.date_lower, o.casefile
               FROM participants p JOIN operations o ON o.id = p.operation_id
               WHERE p.figure_id = ?
               ORDER BY COALESCE(o.date_seen_from, '9999'), o.id, p.role""",
            (figure_id,),
        )
        return tuple(
            OperationRole(
                Ref(r["id"], r["title"], None, r["casefile"]),
                r["role"],
                r["date"],
                r["certainty"],
                r["date_lower"],
            )
            for r in roles
        )

    def killed_figure_ids(self, among: Sequence[str] | None = None) -> set[str]:
        """People the record shows as killed by some account (of `among`, if given:
        a lookup asks only about its candidates, not about a million people)."""
        killed = "killed = 1"  # set by the build (rows.is_killing)
        if among is None:
            rows = self._all(f"SELECT DISTINCT figure_id FROM fates WHERE {killed}")
        else:
            among = sorted(set(among))
            rows = (
                self._all(
                    f"SELECT DISTINCT figure_id FROM fates WHERE {killed} "
                    f"AND figure_id IN ({placeholders(among)})",
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
        from casefile_cli.accounts import disagreements

        fate = self.fate_accounts(figure_id)
        accounts = fate if any(a.killed for a in fate) else ()
        found = disagreements([a for a in accounts if a.killed])
        return WhoKilled(self._ref("figures", figure_id), accounts, fate, found)

    def target_operation(self, figure_id: str) -> str | None:
        """The operation a person is best known as the target of, if any:
        the one their fate names, else a chaptered one, else the best supported
        (by certainty, then aimed at them alone rather than at several: the
        attempt on Lenin before the Ambassadors' Plot), else the earliest."""
        certainty = " ".join(f"WHEN '{c}' THEN {n}" for c, n in CERTAINTY_ORDER.items())
        row = self._one(
            f"""SELECT o.id FROM participants p JOIN operations o ON o.id = p.operation_id
               LEFT JOIN fates fa ON fa.figure_id = p.figure_id AND fa.operation_id = o.id
               WHERE p.figure_id = ? AND p.role = ?
               ORDER BY fa.id IS NULL, o.chaptered DESC, CASE p.certainty {certainty} ELSE 9 END,
                        (SELECT count(*) FROM participants t
                         WHERE t.operation_id = o.id AND t.role = p.role),
                        COALESCE(o.date_seen_from, '9999'), o.id
               LIMIT 1""",
            (figure_id, TARGET_ROLE),
        )
        return row[0] if row else None

    # -- operations -------------------------------------------------------

    def operation(self, operation_id: str) -> Operation:
        row = self._row("operations", "operation", operation_id)
        return record(
            Operation,
            row,
            place=self._ref("places", row["place_id"]),
            agency=self._ref("organisations", row["agency_id"]),
            chaptered=bool(row["chaptered"]),
            part_of=self._ref("operations", row["part_of_id"], "title"),
            participants=self._participants(operation_id),
            groups=self._groups(operation_id),
            notes=self._notes("operation", operation_id),
            quotations=self._quotations(operation_id=operation_id),
            events=self.events(operation_id=operation_id),
            section=self.section(row["section_id"]),
            sections=self._record_sections("operation", operation_id),
            contradictions=self._contradiction_ids("operation", operation_id),
            aliases=self._aliases("operation", operation_id),
            linked=self._linked("operation", operation_id),
        )

    def _participants(self, operation_id: str) -> tuple[Participant, ...]:
        rows = self._all(
            f"""SELECT p.*, f.name, f.casefile AS figure_casefile, EXISTS (SELECT 1 FROM fates fa
                       WHERE fa.figure_id = p.figure_id AND fa.killed) AS killed
                FROM participants p JOIN figures f ON f.id = p.figure_id
                WHERE p.operation_id = ? ORDER BY {_ROLE_ORDER}, f.name""",
            (operation_id,),
        )
        retold: dict[tuple[str, str], list] = {}
        for r in self._all(
            "SELECT figure_id, role, section_id FROM participant_sources "
            "WHERE operation_id = ? ORDER BY rowid",
            (operation_id,),
        ):
            retold.setdefault((r["figure_id"], r["role"]), []).append(self.section(r["section_id"]))
        return tuple(
            Participant(
                Ref(p["figure_id"], p["name"], None, p["figure_casefile"]),
                p["role"],
                p["detail"],
                p["certainty"],
                self.section(p["section_id"]),
                basis=p["basis"],
                killed=bool(p["killed"]),
                scope=tuple((p["scope_ids"] or "").split()),
                also_told_in=tuple(retold.get((p["figure_id"], p["role"]), ())),
            )
            for p in rows
        )

    def _groups(self, operation_id: str) -> tuple[Group, ...]:
        rows = self._all(
            "SELECT * FROM operation_groups WHERE operation_id = ? ORDER BY id", (operation_id,)
        )
        return tuple(
            Group(
                g["description"],
                g["count"],
                g["role"],
                g["certainty"],
                g["note"],
                g["outcome"],
                tuple((g["by_ids"] or "").split()),
            )
            for g in rows
        )

    # -- organisations ----------------------------------------------------

    def organisation(self, organisation_id: str) -> Organisation:
        row = self._row("organisations", "organisation", organisation_id)
        lineage = self._all(_LINEAGE, (organisation_id, organisation_id))
        return record(
            Organisation,
            row,
            aliases=self._aliases("organisation", organisation_id),
            parent=self._ref("organisations", row["parent_id"]),
            predecessor=self._ref("organisations", row["predecessor_id"]),
            successors=self._refs(
                "SELECT id, name, casefile FROM organisations WHERE predecessor_id = ? ORDER BY id",
                (organisation_id,),
            ),
            lineage=tuple(
                (Ref(r["id"], r["name"], None, r["casefile"]), r["date_from"], r["date_to"])
                for r in lineage
            ),
            units=self._refs(
                "SELECT id, name, casefile FROM organisations WHERE parent_id = ? ORDER BY name",
                (organisation_id,),
            ),
            heads=self._positions(
                f"p.organisation_id = ? AND ({_HEADS})",
                (organisation_id, *HEAD_OFFICE_PATTERNS, *HEAD_TITLE_PATTERNS),
            ),
            operations=self._refs(
                "SELECT id, title, casefile FROM operations WHERE agency_id = ? "
                "ORDER BY COALESCE(date_seen_from, '9999'), id",
                (organisation_id,),
            ),
            notes=self._notes("organisation", organisation_id),
            section=self.section(row["section_id"]),
            sections=self._record_sections("organisation", organisation_id),
            outside=self._outside("organisation", organisation_id),
            contradictions=self._contradiction_ids("organisation", organisation_id),
            linked=self._linked("organisation", organisation_id),
        )

    # -- places -----------------------------------------------------------

    def place(self, place_id: str) -> Place:
        row = self._row("places", "place", place_id)
        return record(
            Place,
            row,
            within=self._ref("places", row["within_id"]),
            aliases=self._aliases("place", place_id),
            places_within=self._refs(
                "SELECT id, name, casefile FROM places WHERE within_id = ? ORDER BY name",
                (place_id,),
            ),
            operations=self._refs(
                "SELECT id, title, casefile FROM operations WHERE place_id = ? OR place_id IN "
                "(SELECT id FROM places WHERE within_id = ?) "
                "ORDER BY COALESCE(date_seen_from, '9999'), id",
                (place_id, place_id),
            ),
            events=self.events(place_id=place_id),
            section=self.section(row["section_id"]),
            sections=self._record_sections("place", place_id),
            outside=self._outside("place", place_id),
            contradictions=self._contradiction_ids("place", place_id),
            linked=self._linked("place", place_id),
        )
