"""Read queries for ties between people: relations stated in the text, and
those that fates and operation roles imply."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from casefile_cli.models import Edge, GroupTarget, Kill, Ref, Tie
from casefile_cli.store.query import Query, optional_ref, placeholders
from casefile_cli.vocabulary import (
    CERTAINTY_ORDER,
    HAND_ROLES,
    KILLING_ROLES,
    SECRET_POLICE_KIND,
    TARGET_ROLE,
    TIE_ROLES,
)

# The secret police and its units, as a recursive CTE (its kind is bound).
_APPARATUS = """apparatus(id) AS (
    SELECT id FROM organisations WHERE kind = ?
    UNION SELECT o.id FROM organisations o JOIN apparatus a ON o.parent_id = a.id
)"""


def _quoted(values: Sequence[str]) -> str:
    """An SQL list of fixed vocabulary values (never user input)."""
    return ", ".join(f"'{value}'" for value in values)


_RELATION_TIES = """
    SELECT r.source_id AS source, r.target_id AS target, r.relation,
           r.operation_id AS operation, r.date, r.date_lower AS sort_date, r.certainty,
           r.section_id, 'relation' AS via, r.basis, r.date_lower
    FROM relations r"""
_KILLING_RELATION = (
    "CASE a.role "
    + " ".join(f"WHEN '{k.role}' THEN '{k.relation}'" for k in KILLING_ROLES)
    + " ELSE a.part END"
)
# Ties from the people in a set (given as a JSON array, `:ids`), or to them
# from people outside it: each is read once, by an index seek on one end.
_WANTED = "IN (SELECT value FROM json_each(:ids))"


def _touching(select: str, source: str, target: str, condition: str = "") -> str:
    """One kind of tie, restricted to those with an end in the wanted set."""
    where = f"{condition} AND" if condition else ""
    return f"""{select} WHERE {where} {source} {_WANTED}
    UNION ALL
    {select} WHERE {where} {target} {_WANTED} AND {source} NOT {_WANTED}"""


# Every kind of tie: stated relations; fate agents to their victim; a hand in
# an operation to its target; and lines of command within one operation.
_FATE_TIES = f"""
    SELECT a.figure_id, fa.figure_id, {_KILLING_RELATION},
           fa.operation_id, COALESCE(a.date, fa.date), COALESCE(a.date_lower, fa.date_lower),
           a.certainty, COALESCE(a.section_id, fa.section_id), 'fate', a.basis,
           COALESCE(a.date_lower, fa.date_lower)
    FROM fate_agents a JOIN fates fa ON fa.id = a.fate_id"""
_OPERATION_TIES = """
    SELECT p.figure_id, t.figure_id, p.role, p.operation_id, o.date, o.date_seen_from,
           p.certainty, p.section_id, 'operation', p.basis, o.date_lower
    FROM participants p
    JOIN participants t ON t.operation_id = p.operation_id
    JOIN operations o ON o.id = p.operation_id"""
_OPERATION_CONDITION = f"""t.role = '{TARGET_ROLE}' AND p.role IN ({_quoted(TIE_ROLES)})
      AND p.figure_id != t.figure_id
      AND (p.scope_ids IS NULL OR instr(' ' || p.scope_ids || ' ', ' ' || t.figure_id || ' '))"""
_COMMAND_TIES = """
    SELECT boss.figure_id, aide.figure_id,
           CASE boss.role WHEN 'ordered_by' THEN 'ordered' ELSE 'directed' END,
           boss.operation_id, o.date, o.date_seen_from, aide.certainty, aide.section_id,
           'command', aide.basis, o.date_lower
    FROM participants boss
    JOIN participants aide ON aide.operation_id = boss.operation_id
    JOIN operations o ON o.id = boss.operation_id"""
_COMMAND_CONDITION = """((boss.role = 'ordered_by' AND aide.role = 'organiser')
        OR (boss.role = 'organiser' AND aide.role IN ('perpetrator', 'accomplice'))
        OR (boss.role = 'ordered_by' AND aide.role = 'perpetrator'
            AND NOT EXISTS (SELECT 1 FROM participants x
                            WHERE x.operation_id = boss.operation_id
                              AND x.role = 'organiser')))
      AND boss.figure_id != aide.figure_id"""
_TIES_TOUCHING = f"""{_touching(_RELATION_TIES, "r.source_id", "r.target_id")}
    UNION ALL
    {_touching(_FATE_TIES, "a.figure_id", "fa.figure_id")}
    UNION ALL
    {_touching(_OPERATION_TIES, "p.figure_id", "t.figure_id", _OPERATION_CONDITION)}
    UNION ALL
    {_touching(_COMMAND_TIES, "boss.figure_id", "aide.figure_id", _COMMAND_CONDITION)}
    ORDER BY 6, 1, 2, 3
"""


class TieQueries(Query):
    def figure_ties(self, figure_id: str) -> tuple[Edge, ...]:
        """The relations the text states between this person and others, both ways."""
        rows = self._all(
            f"""{_RELATION_TIES} WHERE r.source_id = ? OR r.target_id = ?
                ORDER BY COALESCE(r.date_lower, '9999'), r.id""",
            (figure_id, figure_id),
        )
        return tuple(tie.edge for tie in self._ties(rows))

    def ties(self) -> tuple[Tie, ...]:
        """Every tie between two people, with how it was derived (for checks and
        tools: the network commands read only the ties they reach)."""
        return self.ties_touching(row[0] for row in self._all("SELECT id FROM figures"))

    def ties_touching(self, figure_ids: Iterable[str]) -> tuple[Tie, ...]:
        """Every tie (relation, fate, operation, command) with at least one end
        among these people, in date order: a network reads only what it reaches."""
        ids = sorted(set(figure_ids))
        if not ids:
            return ()
        ties, seen = [], set()
        for tie in self._ties(self._all(_TIES_TOUCHING, {"ids": json.dumps(ids)})):
            # An operation role that a fate already states as a killing adds nothing.
            edge = tie.edge
            key = (edge.source.id, edge.target.id, edge.operation.id if edge.operation else None)
            if tie.via == "operation" and key in seen:
                continue
            if tie.via == "fate":
                seen.add(key)
            ties.append(tie)
        return tuple(ties)

    def _ties(self, rows) -> list[Tie]:
        """Tie records from rows of (source, target, relation, operation,
        date, sort_date, certainty, section_id, via, basis, date_lower): the one
        place edges are made."""
        people = self.refs_of("figure", [r["source"] for r in rows] + [r["target"] for r in rows])
        operations = self.refs_of("operation", [r["operation"] for r in rows if r["operation"]])
        return [
            Tie(
                Edge(
                    people[r["source"]],
                    people[r["target"]],
                    r["relation"],
                    operations.get(r["operation"]) if r["operation"] else None,
                    r["date"],
                    r["certainty"],
                    self.section(r["section_id"]),
                    r["basis"],
                    r["date_lower"],
                ),
                r["via"],
            )
            for r in rows
        ]

    def names_of(self, kind: str, ids: Iterable[str]) -> dict[str, str]:
        """{id: name} of figures or {id: title} of operations."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        table, column = {"figure": ("figures", "name"), "operation": ("operations", "title")}[kind]
        rows = self._all(f"SELECT id, {column} FROM {table} WHERE id IN ({placeholders(ids)})", ids)
        return {row[0]: row[1] for row in rows}

    def refs_of(self, kind: str, ids: Iterable[str]) -> dict[str, Ref]:
        """{id: reference} of figures or operations, with their case files."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        table, column = {"figure": ("figures", "name"), "operation": ("operations", "title")}[kind]
        rows = self._all(
            f"SELECT id, {column}, casefile FROM {table} WHERE id IN ({placeholders(ids)})", ids
        )
        return {row[0]: Ref(row[0], row[1], None, row[2]) for row in rows}

    def group_targets(self, figure_id: str, roles: Sequence[str] = HAND_ROLES) -> list[GroupTarget]:
        """Groups (prisoners, defendants) targeted in operations where the
        person had one of `roles`, with what befell them and whom the text credits."""
        rows = self._all(
            f"""SELECT p.role, o.id AS operation_id, o.title, o.date, g.description, g.count,
                       g.certainty, g.outcome, g.by_ids, g.note, o.date_lower, o.casefile
                FROM participants p JOIN operation_groups g ON g.operation_id = p.operation_id
                JOIN operations o ON o.id = p.operation_id
                WHERE p.figure_id = ? AND g.role = '{TARGET_ROLE}'
                  AND p.role IN ({_quoted(roles)}) AND p.scope_ids IS NULL
                ORDER BY o.date_lower, o.id, g.id""",
            (figure_id,),
        )
        return [
            GroupTarget(
                r["description"],
                r["count"],
                r["role"],
                Ref(r["operation_id"], r["title"], None, r["casefile"]),
                r["date"],
                r["certainty"],
                r["outcome"],
                tuple((r["by_ids"] or "").split()),
                r["note"],
                r["date_lower"],
            )
            for r in rows
        ]

    def fate_claims(self, figure_id: str) -> list[tuple[Kill, bool]]:
        """Every part the person has in someone's fate account, as a Kill not
        yet judged (kill=False), with whether that account tells of a killing."""
        rows = self._all(
            """SELECT v.id AS victim_id, v.name AS victim, v.casefile AS victim_casefile,
                      a.role, a.part, a.certainty, a.basis,
                      a.note, COALESCE(a.date, fa.date) AS date, fa.outcome, fa.killed,
                      fa.operation_id, o.title, COALESCE(a.section_id, fa.section_id) AS section,
                      COALESCE(a.date_lower, fa.date_lower) AS date_lower,
                      o.casefile AS operation_casefile
               FROM fate_agents a JOIN fates fa ON fa.id = a.fate_id
               JOIN figures v ON v.id = fa.figure_id
               LEFT JOIN operations o ON o.id = fa.operation_id
               WHERE a.figure_id = ?
               ORDER BY fa.date_lower, v.name, fa.ordinal""",
            (figure_id,),
        )
        return [
            (
                Kill(
                    Ref(r["victim_id"], r["victim"], None, r["victim_casefile"]),
                    r["role"],
                    r["date"],
                    optional_ref(r["operation_id"], r["title"], r["operation_casefile"]),
                    r["certainty"],
                    self.section(r["section"]).label,
                    part=r["part"],
                    kill=False,
                    basis=r["basis"],
                    outcome=r["outcome"],
                    note=r["note"],
                    date_lower=r["date_lower"],
                ),
                bool(r["killed"]),
            )
            for r in rows
        ]

    def cascade_deeds(self, case: str | None = None) -> Iterator[tuple]:
        """The cascade as SQLite gives it, in its order (by the date of the
        person's end, then name): one row per deed, (figure id, name, case
        file, end fate id, operation id, title, case file, role, date), a
        person's deeds together in the order of their operations. A deed is a
        hand (perpetrator, organiser, orderer, accomplice) in an operation of
        the secret police, not after the person's end; the end is their first
        account of a killing in the order cards show accounts."""
        rank = " ".join(f"WHEN '{c}' THEN {n}" for c, n in CERTAINTY_ORDER.items())
        return self._each(
            f"""WITH RECURSIVE {_APPARATUS},
                hands AS MATERIALIZED (
                  SELECT p.figure_id, p.operation_id, p.role
                  FROM operations o JOIN participants p ON p.operation_id = o.id
                  WHERE o.agency_id IN (SELECT id FROM apparatus)
                    AND p.role IN ({_quoted(HAND_ROLES)})),
                ends AS (
                  SELECT fa.figure_id, fa.id AS fate_id, fa.date, fa.date_upper,
                         row_number() OVER (
                           PARTITION BY fa.figure_id
                           ORDER BY CASE fa.certainty {rank} ELSE 9 END,
                                    s.casefile != f.casefile, s.casefile, fa.ordinal, fa.id
                         ) AS place
                  FROM fates fa JOIN sections s ON s.id = fa.section_id
                  JOIN figures f ON f.id = fa.figure_id
                  WHERE fa.killed = 1 AND (? IS NULL OR f.casefile = ?)
                    AND fa.figure_id IN (SELECT figure_id FROM hands))
                SELECT f.id, f.name, f.casefile, e.fate_id,
                       o.id, o.title, o.casefile, p.role, o.date
                FROM ends e JOIN figures f ON f.id = e.figure_id
                JOIN participants p ON p.figure_id = e.figure_id
                JOIN operations o ON o.id = p.operation_id
                WHERE e.place = 1 AND p.role IN ({_quoted(HAND_ROLES)})
                  -- "+": each deed's operation is found by its id, not by
                  -- every unit of the apparatus in turn
                  AND +o.agency_id IN (SELECT id FROM apparatus)
                  AND COALESCE(o.date_lower, '') <= COALESCE(e.date_upper, '9999')
                ORDER BY COALESCE(NULLIF(e.date, ''), '9999'), f.name, f.id,
                         COALESCE(o.date_seen_from, '9999'), o.id, p.role""",
            [SECRET_POLICE_KIND, case, case],
        )
