"""Read queries for the parts several records share: names, notes,
quotations, positions, fate accounts and events."""

from __future__ import annotations

from collections.abc import Sequence

from casefile_cli.models import (
    Agent,
    Alias,
    Event,
    FateAccount,
    LinkedRecord,
    Position,
    Quotation,
    Ref,
)
from casefile_cli.store.query import Query, optional_ref, placeholders, record
from casefile_cli.vocabulary import (
    FATE_AGENT_LISTS,
    ROMANISATION_ALIAS_KIND,
    best_account_rank,
)

# A fate account's row with the names of what it points to.
_FATE_ROWS = """SELECT fa.*, pl.name AS place_name, o.title AS operation_title,
                       pl.casefile AS place_casefile, o.casefile AS operation_casefile
                FROM fates fa
                LEFT JOIN places pl ON pl.id = fa.place_id
                LEFT JOIN operations o ON o.id = fa.operation_id
                JOIN sections s ON s.id = fa.section_id
                JOIN figures f ON f.id = fa.figure_id"""


class PartQueries(Query):
    def _aliases(self, kind: str, record_id: str) -> tuple[Alias, ...]:
        rows = self._all(
            # Generated romanisations are for matching, not for reading.
            # Told by several case files, once; as the text's own if one says so.
            "SELECT alias, kind, min(basis) AS basis FROM aliases "
            "WHERE record_kind = ? AND record_id = ? AND kind != ? "
            "GROUP BY kind, alias ORDER BY kind, alias",
            (kind, record_id, ROMANISATION_ALIAS_KIND),
        )
        return tuple(Alias(row["alias"], row["kind"], row["basis"]) for row in rows)

    def _linked(self, kind: str, record_id: str) -> tuple[LinkedRecord, ...]:
        """Other case files' records linked to this one, as each tells it."""
        rows = self._all(
            "SELECT record_id, casefile, name, summary, outside, section_id, fields FROM same_as "
            "WHERE record_kind = ? AND canonical_id = ? ORDER BY casefile, record_id",
            (kind, record_id),
        )
        if rows:
            import json  # only a record some case file links to reads it
        return tuple(
            LinkedRecord(
                f"{row['casefile']}/{row['record_id']}",
                row["casefile"],
                row["name"],
                row["summary"],
                tuple((row["outside"] or "").split()),
                self.section(row["section_id"]) if row["section_id"] else None,
                tuple(json.loads(row["fields"]).items()) if row["fields"] else (),
            )
            for row in rows
        )

    def _outside(self, kind: str, record_id: str) -> tuple[str, ...]:
        rows = self._all(
            "SELECT field FROM outside_fields WHERE record_kind = ? AND record_id = ? "
            "ORDER BY field",
            (kind, record_id),
        )
        return tuple(row[0] for row in rows)

    def _contradiction_ids(self, kind: str, record_id: str) -> tuple[str, ...]:
        rows = self._all(
            "SELECT id FROM contradictions WHERE subject_kind = ? AND subject_id = ? ORDER BY id",
            (kind, record_id),
        )
        return tuple(row[0] for row in rows)

    def _notes(self, kind: str, record_id: str) -> tuple[str, ...]:
        rows = self._all(
            "SELECT note FROM notes WHERE record_kind = ? AND record_id = ? ORDER BY id",
            (kind, record_id),
        )
        return tuple(row[0] for row in rows)

    def _quotations(
        self, *, speaker_id: str | None = None, operation_id: str | None = None
    ) -> tuple[Quotation, ...]:
        """Words a person said, or words said about an operation."""
        column, value = ("speaker_id", speaker_id) if speaker_id else ("operation_id", operation_id)
        rows = self._all(
            f"""SELECT q.text, q.speaker_id, f.name AS speaker, q.speaker_description, q.kind,
                       q.section_id, q.context, f.casefile AS speaker_casefile
                FROM quotations q LEFT JOIN figures f ON f.id = q.speaker_id
                WHERE q.{column} = ? ORDER BY q.id""",
            (value,),
        )
        return tuple(
            record(
                Quotation,
                row,
                speaker=optional_ref(row["speaker_id"], row["speaker"], row["speaker_casefile"]),
                section=self.section(row["section_id"]),
            )
            for row in rows
        )

    def _positions(self, where: str, params: Sequence, index: str = "") -> tuple[Position, ...]:
        """Positions matching `where` (a condition on p, positions, and f,
        the holder), for the typed methods of this package only; `index`
        names the index to read where SQLite's statistics would choose a scan."""
        indexed = f" INDEXED BY {index}" if index else ""
        rows = self._all(
            f"""SELECT p.*, o.name AS organisation_name, f.name AS figure_name,
                   o.casefile AS organisation_casefile, f.casefile AS figure_casefile
                FROM positions p{indexed}
                LEFT JOIN organisations o ON o.id = p.organisation_id
                JOIN figures f ON f.id = p.figure_id
                WHERE {where}
                ORDER BY COALESCE(p.date_from_seen, p.date_to_seen) IS NULL,
                         COALESCE(p.date_from_seen, p.date_to_seen), p.id""",
            params,
        )
        return tuple(
            record(
                Position,
                row,
                organisation=optional_ref(
                    row["organisation_id"], row["organisation_name"], row["organisation_casefile"]
                ),
                section=self.section(row["section_id"]),
                holder=Ref(row["figure_id"], row["figure_name"], None, row["figure_casefile"]),
            )
            for row in rows
        )

    def _fate_agents(self, fate_id: int) -> dict[str, tuple[Agent, ...]]:
        return self._agents_of_fates([fate_id]).get(fate_id, {})

    def _agents_of_fates(self, fate_ids: Sequence[int]) -> dict[int, dict[str, tuple]]:
        """{fate id: {role: agents}}: the named people of each account, in one statement."""
        rows = self._all(
            "SELECT a.*, f.name, f.casefile AS figure_casefile "
            "FROM fate_agents a JOIN figures f ON f.id = a.figure_id "
            f"WHERE a.fate_id IN ({placeholders(fate_ids)}) ORDER BY a.fate_id, a.role, f.name",
            list(fate_ids),
        )
        by_fate: dict[int, dict[str, list[Agent]]] = {}
        for row in rows:
            agents = by_fate.setdefault(row["fate_id"], {})
            agent = Agent(
                row["figure_id"],
                row["name"],
                row["role"],
                row["part"],
                row["certainty"],
                row["basis"],
                self.section(row["section_id"]) if row["section_id"] else None,
                row["date"],
                row["note"],
                row["figure_casefile"],
            )
            agents.setdefault(row["role"], []).append(agent)
        return {
            fate: {role: tuple(refs) for role, refs in agents.items()}
            for fate, agents in by_fate.items()
        }

    def fate_accounts(self, figure_id: str) -> tuple[FateAccount, ...]:
        """How the person ended, by every account, best supported first."""
        rows = self._all(
            f"""{_FATE_ROWS} WHERE fa.figure_id = ?
               -- the record's own case file first, then others told by same_as
               ORDER BY s.casefile != f.casefile, s.casefile, fa.ordinal""",
            (figure_id,),
        )
        agents = self._agents_of_fates([row["id"] for row in rows])
        accounts = [self._fate_account(row, agents.get(row["id"], {})) for row in rows]
        ordinals = {id(a): i for i, a in enumerate(accounts)}
        # The same order the build used to choose fates.best.
        return tuple(
            sorted(accounts, key=lambda a: best_account_rank(a.certainty, ordinals[id(a)]))
        )

    def fate_accounts_by_id(self, fate_ids: Sequence[int]) -> dict[int, FateAccount]:
        """The accounts of these ids, each whole (its agents too): two statements."""
        rows = self._all(f"{_FATE_ROWS} WHERE fa.id IN ({placeholders(fate_ids)})", list(fate_ids))
        agents = self._agents_of_fates(fate_ids)
        return {row["id"]: self._fate_account(row, agents.get(row["id"], {})) for row in rows}

    def _fate_account(self, row, agents: dict[str, tuple]) -> FateAccount:
        return record(
            FateAccount,
            row,
            place=optional_ref(row["place_id"], row["place_name"], row["place_casefile"]),
            **{k.field: agents.get(k.role, ()) for k in FATE_AGENT_LISTS},
            operation=optional_ref(
                row["operation_id"], row["operation_title"], row["operation_casefile"]
            ),
            section=self.section(row["section_id"]),
            killed=bool(row["killed"]),
            best=bool(row["best"]),
            inferred=tuple((row["inferred"] or "").split()),
        )

    def events(
        self,
        *,
        operation_id: str | None = None,
        place_id: str | None = None,
        event_id: str | None = None,
    ) -> tuple[Event, ...]:
        """Events of one operation, or at one place, or one by id, or (with
        none of these) all, by date."""
        # Only the conditions given, so that SQLite can use their indexes.
        given = {
            "e.operation_id = ?": operation_id,
            "e.place_id = ?": place_id,
            "e.id = ?": event_id,
        }
        where = " AND ".join(c for c, v in given.items() if v is not None) or "1"
        rows = self._all(
            f"""SELECT e.*, pl.name AS place_name, o.title AS operation_title,
                       pl.casefile AS place_casefile, o.casefile AS operation_casefile
                FROM events e
                LEFT JOIN places pl ON pl.id = e.place_id
                LEFT JOIN operations o ON o.id = e.operation_id
                WHERE {where} ORDER BY e.date_lower, e.date_upper, e.id""",
            [v for v in given.values() if v is not None],
        )
        figures = self._event_figures([row["id"] for row in rows])
        return tuple(
            record(
                Event,
                row,
                place=optional_ref(row["place_id"], row["place_name"], row["place_casefile"]),
                operation=optional_ref(
                    row["operation_id"], row["operation_title"], row["operation_casefile"]
                ),
                figures=tuple(figures.get(row["id"], ())),
                section=self.section(row["section_id"]),
            )
            for row in rows
        )

    def find_event(self, event_id: str) -> Event | None:
        """The event with this id, if there is one."""
        found = self.events(event_id=event_id)
        return found[0] if found else None

    def _event_figures(self, ids: list[str]) -> dict[str, list[Ref]]:
        figures: dict[str, list[Ref]] = {}
        if not ids:
            return figures
        for f in self._all(
            f"""SELECT ef.event_id, ef.role, f.id, f.name, f.casefile FROM event_figures ef
                JOIN figures f ON f.id = ef.figure_id
                WHERE ef.event_id IN ({placeholders(ids)}) ORDER BY ef.role DESC, f.name""",
            ids,
        ):
            figures.setdefault(f["event_id"], []).append(
                Ref(f["id"], f["name"], f["role"], f["casefile"])
            )
        return figures
