"""Read queries over many records: lists, full-text search, contradictions."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from operator import itemgetter

from casefile_cli.errors import DatabaseError
from casefile_cli.models import Contradiction, ListItem, SearchHit, Section
from casefile_cli.store.limits import INDEXED_CHARACTERS
from casefile_cli.store.query import Query, placeholders, row_counts

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

# Documents matching an FTS expression, best first. A snippet's work grows with
# the square of a document's hits: a body longer than a build indexes (an older
# or foreign database) shows its opening words instead.
_MATCHES = """SELECT d.id, d.record_kind, d.record_id, d.name,
                     CASE WHEN length(d.body) <= ? THEN
                          snippet(documents_fts, 1, '[', ']', '…', 12)
                          ELSE substr(d.body, 1, 80) || '…' END AS snippet,
                     bm25(documents_fts) AS rank
              FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
              WHERE documents_fts MATCH ? AND (? IS NULL OR d.casefile = ?)
              ORDER BY rank LIMIT ?"""


def shared_between_case_files(hits: list[SearchHit]) -> list[SearchHit]:
    """Full-text hits, best first, taking turns between case files among
    those matching as many words: a case file of a million records and one
    of a hundred each show their best. Name hits (no case file) lead."""
    tiers: dict[int, dict[str, list[SearchHit]]] = {}
    for hit in hits:
        tiers.setdefault(len(hit.matched_words), {}).setdefault(hit.casefile, []).append(hit)
    shared = []
    for tier in sorted(tiers, reverse=True):
        by_file = tiers[tier]
        shared.extend(by_file.pop("", []))
        queues = list(by_file.values())
        for turn in range(max((len(q) for q in queues), default=0)):
            shared.extend(q[turn] for q in queues if turn < len(q))
    return shared


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
            f"""SELECT 'figure', f.id, f.name, fa.date, fa.date_lower, fa.outcome, f.casefile {dated}
                ORDER BY fa.date_lower, f.name COLLATE NOCASE{_PAGE}""",
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

    def full_text(self, query: str, limit: int = 20, case: str | None = None) -> list[SearchHit]:
        """FTS5 over names, summaries and notes. `query` is searched as a phrase
        and as all-words, never parsed as FTS syntax."""
        terms = [t for t in query.replace('"', " ").split() if t]
        if not terms:
            return []
        phrase = '"' + " ".join(terms) + '"'
        every_word = " AND ".join(f'"{t}"' for t in terms)
        rows = self._all(
            _MATCHES, (INDEXED_CHARACTERS, f"({phrase}) OR ({every_word})", case, case, limit)
        )
        return [
            SearchHit(
                r["record_kind"], r["record_id"], r["name"], r["snippet"], round(-r["rank"], 3)
            )
            for r in rows
        ]

    def full_text_words(
        self, terms: list[str], limit: int = 20, case: str | None = None
    ) -> list[SearchHit]:
        """FTS5 hits matching any of `terms` (words, never FTS syntax), most
        words matched first, then by BM25; each says which terms it matched."""
        terms = [t for t in dict.fromkeys(t.replace('"', "") for t in terms) if t]
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        # Each case file's best hits are read, so one case file's volume
        # cannot crowd out another's; snippets only for those kept.
        rows = self._all(
            """WITH found AS MATERIALIZED (
                 SELECT d.id, d.casefile, d.record_kind, d.record_id, d.name,
                        bm25(documents_fts) AS rank
                 FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                 WHERE documents_fts MATCH ? AND (? IS NULL OR d.casefile = ?))
               SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY casefile ORDER BY rank)
                              AS place FROM found)
               WHERE place <= ? ORDER BY rank""",
            (match, case, case, limit * 5),
        )
        ids = [r["id"] for r in rows]
        # The snippet is bounded as in `full_text`.
        snippets = dict(
            self._all(
                f"""SELECT d.id, CASE WHEN length(d.body) <= ? THEN
                           snippet(documents_fts, 1, '[', ']', '…', 12)
                           ELSE substr(d.body, 1, 80) || '…' END
                    FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                    WHERE documents_fts MATCH ? AND documents_fts.rowid IN ({placeholders(ids)})""",
                [INDEXED_CHARACTERS, match, *ids],
            )
        )
        matched: dict[int, list[str]] = {i: [] for i in ids}
        for term in terms:
            for (doc_id,) in self._all(
                f"SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
                f"AND rowid IN ({placeholders(ids)})",
                [f'"{term}"', *ids],
            ):
                matched[doc_id].append(term)
        hits = [
            SearchHit(
                r["record_kind"],
                r["record_id"],
                r["name"],
                snippets[r["id"]],
                round(-r["rank"], 3),
                tuple(matched[r["id"]]),
                r["casefile"],
            )
            for r in rows
        ]
        hits.sort(key=lambda h: (-len(h.matched_words), -h.score))
        return shared_between_case_files(hits)[:limit]

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
