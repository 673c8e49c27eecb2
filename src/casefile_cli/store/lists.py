"""Read queries over many records: lists, contradictions (search: searching.py)."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from operator import itemgetter

from casefile_cli.errors import DatabaseError
from casefile_cli.models import Contradiction, ListItem, Section
from casefile_cli.store.query import Query, row_counts

_LISTS = {
    "operations": "SELECT 'operation', id, title AS name, date, date_seen_from AS sort_date, "
    "kind, casefile FROM operations",
    "figures": "SELECT 'figure', f.id, f.name AS name, fa.date, "
    "fa.date_lower AS sort_date, "
    "fa.outcome, f.casefile FROM figures f LEFT JOIN fates fa ON fa.figure_id = f.id "
    "AND fa.best = 1",
    "organisations": "SELECT 'organisation', id, name, date_from, "
    "date_from_seen AS sort_date, full_name, casefile FROM organisations",
    "events": "SELECT 'event', id, title AS name, date, date_seen_from AS sort_date, "
    "kind, casefile FROM events",
}

# A listing's page, in SQL: LIMIT ? OFFSET ? (SQLite reads past skipped rows, but builds nothing).
_PAGE = " LIMIT ? OFFSET ?"
# Rows fetched, and names written, at a time.
_CHUNK = 2048
_first = itemgetter(0)


def _listing_query(kind: str, sort: str, case: str | None) -> tuple[str, list]:
    order = (
        " ORDER BY name COLLATE NOCASE"
        if sort == "name"
        else " ORDER BY sort_date IS NULL, sort_date, name COLLATE NOCASE"
    )
    where = " WHERE casefile = ?" if case else ""
    if kind == "figures" and case:
        where = " WHERE f.casefile = ?"
    return _LISTS[kind] + where + order, [case] if case else []


class ListQueries(Query):
    def casefile_summaries(self) -> list[dict]:
        """Each case file: number, title, how many records of each kind it
        holds (and links to others by same_as), and where it came from."""
        counted = ", ".join(
            f"(SELECT count(*) FROM {table} t WHERE t.casefile = c.number) AS {table}"
            for table in ("figures", "operations", "organisations", "places", "events")
        )
        rows = self._all(
            f"SELECT c.number, c.title, c.subtitle, {counted}, "
            "(SELECT count(*) FROM same_as l WHERE l.casefile = c.number) AS linked, "
            "(SELECT value FROM meta WHERE key = 'imported:' || c.number) AS imported_from "
            "FROM casefiles c ORDER BY c.number"
        )
        return [
            {
                "number": r["number"],
                "title": r["title"],
                "subtitle": r["subtitle"],
                "counts": {
                    k: r[k] for k in ("figures", "operations", "organisations", "places", "events")
                },
                "linked": r["linked"],
                "imported_from": r["imported_from"],
            }
            for r in rows
        ]

    def list_records(
        self,
        kind: str,
        sort: str,
        case: str | None = None,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Iterator[ListItem]:
        """Records of `kind` (operations, figures, organisations, events), by
        name or by date, as SQLite gives them (a generator: nothing is held)."""
        for r in self._listing_rows(kind, sort, case, limit, offset, self._each):
            yield ListItem(r[0], r[1], r[2], r[3], r[5], r[6])

    def list_names(self, kind: str, sort: str, case: str | None = None, **window) -> Iterator[str]:
        """The names `list_records` gives (same `limit`/`offset` window), in its
        order, with no object built per row."""
        for chunk in self.list_name_chunks(kind, sort, case, **window):
            yield from chunk

    def list_name_chunks(
        self, kind: str, sort: str, case: str | None = None, **window
    ) -> Iterator[list[str]]:
        """`list_names` a list of names at a time, as SQLite gives them: for
        figures, statements that read only indexes, in order."""
        limit, offset = window.get("limit"), window.get("offset")
        skip, take = offset or 0, -1 if limit is None else limit
        if kind != "figures":
            rows = self._listing_rows(kind, sort, case, limit, offset, self._tuples)
            while chunk := [r[2] for r in itertools.islice(rows, _CHUNK)]:
                yield chunk
            return
        if sort == "name":
            where = " WHERE casefile = ?" if case else ""
            sql = f"SELECT name FROM figures{where} ORDER BY name COLLATE NOCASE{_PAGE}"
            yield from self._name_chunks(sql, [*([case] if case else []), take, skip])
        else:
            yield from self._figure_names_by_date(case, skip, take)

    def _figure_names_by_date(self, case: str | None, skip: int, take: int):
        """`_figures_by_date`'s names: its two statements, each reading only indexes."""
        in_case = " AND f.casefile = ?" if case else ""
        params = [case] if case else []
        dated = f"""FROM fates fa JOIN figures f ON f.id = fa.figure_id
                    WHERE fa.best = 1 AND fa.date_lower IS NOT NULL{in_case}"""
        given = 0
        for chunk in self._name_chunks(
            f"SELECT f.name {dated} ORDER BY fa.date_lower, f.name COLLATE NOCASE{_PAGE}",
            [*params, take, skip],
        ):
            given += len(chunk)
            yield chunk
        if take >= 0 and given >= take:
            return
        if skip and not given:  # as in _figures_by_date
            skip = max(0, skip - self._all(f"SELECT count(*) {dated}", params)[0][0])
        else:
            skip = 0
        yield from self._name_chunks(
            f"""SELECT f.name FROM figures f WHERE NOT EXISTS (
                  SELECT 1 FROM fates fa WHERE fa.figure_id = f.id AND fa.best = 1
                                           AND fa.date_lower IS NOT NULL){in_case}
                ORDER BY f.name COLLATE NOCASE{_PAGE}""",
            [*params, take if take < 0 else take - given, skip],
        )

    def _name_chunks(self, sql: str, params) -> Iterator[list[str]]:
        try:
            cursor = self.connection.cursor()
            cursor.row_factory = None
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(_CHUNK):
                yield list(map(_first, rows))
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"cannot read database {self.path}: {error}") from None

    def _listing_rows(self, kind, sort, case, limit, offset, each) -> Iterator:
        skip, take = offset or 0, -1 if limit is None else limit  # SQLite: LIMIT -1 is none
        if kind == "figures" and sort == "date":
            return self._figures_by_date(case, skip, take, each)
        sql, params = _listing_query(kind, sort, case)
        return each(sql + _PAGE, [*params, take, skip])

    def _tuples(self, sql: str, params) -> Iterator[tuple]:
        """`_each`, its rows plain tuples (cheaper than sqlite3.Row when only read by place)."""
        try:
            cursor = self.connection.cursor()
            cursor.row_factory = None
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(1024):
                yield from rows
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"cannot read database {self.path}: {error}") from None

    def _figures_by_date(self, case: str | None, skip: int, take: int, each) -> Iterator:
        """People by the date of their best-supported fate account, then those without one, by
        name: two queries that read indexes in order, so the first row comes at once.
        `skip` and `take` (-1: all) page through both in SQL."""
        in_case = " AND f.casefile = ?" if case else ""
        params = [case] if case else []
        dated = f"""FROM fates fa JOIN figures f ON f.id = fa.figure_id
                    WHERE fa.best = 1 AND fa.date_lower IS NOT NULL{in_case}"""
        given = 0
        for row in each(
            f"""SELECT 'figure', f.id, f.name, fa.date, fa.date_lower, fa.outcome, f.casefile
                {dated} ORDER BY fa.date_lower, f.name COLLATE NOCASE{_PAGE}""",
            [*params, take, skip],
        ):
            given += 1
            yield row
        if take >= 0 and given >= take:
            return
        # The offset is used up by the dated rows unless none were left after it.
        if skip and not given:
            skip = max(0, skip - self._all(f"SELECT count(*) {dated}", params)[0][0])
        else:
            skip = 0
        yield from each(
            f"""SELECT 'figure', f.id, f.name, fa.date, fa.date_lower, fa.outcome, f.casefile
                FROM figures f LEFT JOIN fates fa
                     ON fa.figure_id = f.id AND fa.best = 1
                WHERE fa.date_lower IS NULL{in_case}
                ORDER BY f.name COLLATE NOCASE{_PAGE}""",
            [*params, take if take < 0 else take - given, skip],
        )

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
