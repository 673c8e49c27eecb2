"""Read queries on the name index (what `search.NameIndex` asks for)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from casefile_cli.models import NameForm
from casefile_cli.store.query import Query, placeholders

_FORM_COLUMNS = "record_kind, record_id, label, form, form_kind, norm, detail, weight"
# At most this many (fold, kind) index ranges are read one by one, each
# stopping early; a query of more folds (or one case file) reads them at once.
_FIRST_READS = 400


class NameQueries(Query):
    def folds_like(
        self, variants: Iterable[str], prefixes: Sequence[str], kinds: Sequence[str]
    ) -> set[str]:
        """Vocabulary folds sharing a variant with the query's, or starting
        with one of `prefixes` (at most 200 per prefix)."""
        variants = sorted(set(variants))
        kind_list = placeholders(kinds)
        sql = [
            f"SELECT fold FROM fold_variants WHERE variant IN ({placeholders(variants)}) "
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
        if len(groups) > 1:
            forms = self._forms(self._ids_with_every_word(groups, kinds, limit), case)
            if forms:
                return forms
        folds = sorted({f for g in groups for f in g})
        if not case and len(folds) * len(kinds) <= _FIRST_READS:
            return self._first_forms(folds, kinds, limit)
        in_case = " AND n.casefile = ?" if case else ""
        columns = ", ".join(f"n.{c}" for c in _FORM_COLUMNS.split(", "))
        rows = self._all(
            f"""SELECT {columns}
                FROM name_words w JOIN names n ON n.id = w.name_id
                WHERE w.fold IN ({placeholders(folds)})
                  AND w.record_kind IN ({placeholders(kinds)}){in_case}
                GROUP BY n.id ORDER BY count(*) DESC, n.id LIMIT ?""",
            [*folds, *kinds, *([case] if case else []), limit],
        )
        return _name_forms(rows)

    def _first_forms(self, folds: list[str], kinds: Sequence[str], limit: int) -> list[NameForm]:
        """The names with most of `folds`, then by id, among each fold's first
        `limit` names of each kind in id order (the records told of most come
        first, see writer.name_sources): index ranges that stop early, however
        many names share a common word."""
        firsts = " UNION ALL ".join(
            "SELECT * FROM (SELECT name_id FROM name_words WHERE fold = ? AND record_kind = ? "
            "ORDER BY name_id LIMIT ?)"
            for _ in folds
            for _ in kinds
        )
        ids = self._all(
            f"SELECT name_id FROM ({firsts}) GROUP BY name_id ORDER BY count(*) DESC, name_id "
            "LIMIT ?",
            [v for f in folds for k in kinds for v in (f, k, limit)] + [limit],
        )
        rows = {
            row[0]: row[1:]
            for row in self._all(
                f"SELECT id, {_FORM_COLUMNS} FROM names WHERE id IN ({placeholders(ids)})",
                [row[0] for row in ids],
            )
        }
        return _name_forms(rows[row[0]] for row in ids)

    def _ids_with_every_word(
        self, groups: list[list[str]], kinds: Sequence[str], limit: int
    ) -> list[int]:
        kind_list = placeholders(kinds)
        selects = [
            f"SELECT name_id FROM name_words WHERE fold IN ({placeholders(g)}) "
            f"AND record_kind IN ({kind_list})"
            for g in groups
        ]
        params = [value for g in groups for value in (*g, *kinds)]
        rows = self._all(" INTERSECT ".join(selects) + " LIMIT ?", [*params, limit])
        return [row[0] for row in rows]

    def qualified_record(
        self, kinds: Sequence[str], casefile: str, record_id: str
    ) -> tuple[str, str, str] | None:
        """(kind, id, name) of the record `casefile/record_id` names: the
        record itself, or the one a same_as of that case file links it to."""
        for kind in kinds:
            table = _NAMED_TABLES.get(kind)
            if table is None:
                continue
            name = "title" if kind in ("operation", "event") else "name"
            # Stored under its id, or as CASEFILE/ID where another case file held it first.
            row = self._one(
                f"SELECT id, {name} FROM {table} WHERE id IN (?, ?) AND casefile = ?",
                (record_id, f"{casefile}/{record_id}", casefile),
            )
            if row is None and kind != "event":
                row = self._one(
                    f"SELECT t.id, t.{name} FROM same_as l JOIN {table} t ON t.id = l.canonical_id "
                    "WHERE l.record_kind = ? AND l.record_id = ? AND l.casefile = ?",
                    (kind, record_id, casefile),
                )
            if row is not None:
                return kind, row[0], row[1]
        return None

    def records_with_id(
        self, kinds: Sequence[str], record_id: str
    ) -> list[tuple[str, str, str, str]]:
        """(kind, key, name, case file) of every record whose id, as its case
        file writes it, is `record_id`: stored under it, as CASEFILE/ID, or
        linked by same_as (then the record it is one with, and the linking
        case file). One statement (every lookup asks this), each key sought
        by index: the id, and the id under each case file's number."""
        keys = "SELECT :id UNION ALL SELECT number || '/' || :id FROM casefiles"
        parts = []
        for kind in kinds:
            table = _NAMED_TABLES.get(kind)
            if table is None:
                continue
            name = "title" if kind in ("operation", "event") else "name"
            parts.append(
                f"SELECT '{kind}', id, {name}, casefile FROM {table} WHERE id IN ({keys})"
            )
            if kind != "event":
                parts.append(
                    f"SELECT '{kind}', t.id, t.{name}, l.casefile FROM same_as l "
                    f"JOIN {table} t ON t.id = l.canonical_id "
                    f"WHERE l.record_kind = '{kind}' AND l.record_id = :id"
                )
        if not parts:
            return []
        rows = self._all(" UNION ALL ".join(parts) + " ORDER BY 1, 4, 2", {"id": record_id})
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def record_casefile(self, kind: str, record_id: str) -> str | None:
        row = self._one(f"SELECT casefile FROM {_NAMED_TABLES[kind]} WHERE id = ?", (record_id,))
        return row[0] if row else None

    def record_years(self, kind: str, record_id: str) -> list[int]:
        """The years a record's dates bound (of life, office, deed), for telling
        two records of one name apart."""
        sql = _YEARS.get(kind)
        if sql is None:
            return []
        rows = self._all(sql, (record_id,) * sql.count("?"))
        return [int(value[:4]) for (value,) in rows if value and value[:4].isdigit()]

    def _forms(self, ids: list[int], case: str | None) -> list[NameForm]:
        if not ids:
            return []
        in_case = " AND casefile = ?" if case else ""
        rows = self._all(
            f"SELECT {_FORM_COLUMNS} FROM names WHERE id IN ({placeholders(ids)}){in_case}",
            [*ids, *([case] if case else [])],
        )
        return _name_forms(rows)


_YEARS = {
    "figure": "SELECT date_from_lower FROM positions WHERE figure_id = ? "
    "UNION ALL SELECT date_to_upper FROM positions WHERE figure_id = ? "
    "UNION ALL SELECT date_lower FROM fates WHERE figure_id = ?",
    "organisation": "SELECT date_from_lower FROM organisations WHERE id = ? "
    "UNION ALL SELECT date_to_upper FROM organisations WHERE id = ?",
    "operation": "SELECT date_lower FROM operations WHERE id = ? "
    "UNION ALL SELECT date_upper FROM operations WHERE id = ?",
}
_NAMED_TABLES = {
    "figure": "figures",
    "operation": "operations",
    "organisation": "organisations",
    "place": "places",
    "event": "events",
}


def _name_forms(rows) -> list[NameForm]:
    return [NameForm(*(row[i] or "" for i in range(7)), row[7] or 0) for row in rows]
