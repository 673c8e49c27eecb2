"""Read queries about time: what happened in a period, who held which office."""

from __future__ import annotations

from collections.abc import Iterator

from casefile_cli.models import Position, TimelineEntry
from casefile_cli.store.parts import PartQueries
from casefile_cli.store.ties import _quoted
from casefile_cli.vocabulary import KEY_OFFICES

# Each filter of `timeline` as (condition on events e, condition on operations o).
_TIMELINE_FILTERS = {
    "case": ("e.casefile = ?", "o.casefile = ?"),
    "figure_id": (
        "e.id IN (SELECT event_id FROM event_figures WHERE figure_id = ?)",
        "o.id IN (SELECT operation_id FROM participants WHERE figure_id = ?)",
    ),
    "organisation_id": (
        "e.id IN (SELECT event_id FROM event_organisations WHERE organisation_id = ?)",
        "o.agency_id = ?",
    ),
    "kind": ("e.kind = ?", "o.kind = ?"),
}


class TimeQueries(PartQueries):
    def timeline(self, *args, **filters) -> list[TimelineEntry]:
        """`each_timeline`'s entries as a list (for `on` and charts, which need them all)."""
        return list(self.each_timeline(*args, **filters))

    def each_timeline(
        self,
        lower: str,
        upper: str,
        figure_id: str | None = None,
        organisation_id: str | None = None,
        kind: str | None = None,
        case: str | None = None,
    ) -> Iterator[TimelineEntry]:
        """Events and operations whose attested days overlap [lower, upper], in
        order of their earliest evidence (an unknown start is never year 0), as
        SQLite steps through them (a generator: nothing is held)."""
        given = {
            "case": case,
            "figure_id": figure_id,
            "organisation_id": organisation_id,
            "kind": kind,
        }
        where_event = ["e.date_seen_from <= ?", "e.date_seen_to >= ?"]
        where_op = ["o.date_seen_from <= ?", "o.date_seen_to >= ?"]
        params: list = [upper, lower]
        for name, (on_event, on_operation) in _TIMELINE_FILTERS.items():
            if given[name]:
                where_event.append(on_event)
                where_op.append(on_operation)
                params.append(given[name])
        rows = self._each(
            f"""SELECT 'event' AS record_kind, e.id, e.date, e.date_lower, e.date_upper, e.kind,
                       e.title, e.certainty, e.section_id, e.operation_id,
                       e.date_seen_from, e.date_seen_to, e.date_start_upper, e.date_end_lower
                FROM events e WHERE {" AND ".join(where_event)}
                UNION ALL
                SELECT 'operation', o.id, o.date, o.date_lower, o.date_upper, o.kind, o.title,
                       'stated', o.section_id, NULL, o.date_seen_from, o.date_seen_to,
                       o.date_start_upper, o.date_end_lower
                FROM operations o WHERE {" AND ".join(where_op)}
                ORDER BY 11, 12, 1 DESC, 2""",
            [*params, *params],
        )
        for r in rows:
            yield TimelineEntry(
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
                r["date_seen_from"],
                r["date_seen_to"],
                r["date_start_upper"],
                r["date_end_lower"],
            )

    def office_positions(self, case: str | None = None) -> tuple[Position, ...]:
        """Every post held in a key office, in order of taking it (an index
        seek per office: other offices may have thousands of holders)."""
        return self._positions(
            f"p.office IN ({_quoted(KEY_OFFICES)}) AND (? IS NULL OR f.casefile = ?)",
            (case, case),
            # Statistics average the offices: one with thousands of holders
            # (none of them key) would make the planner read every post.
            index="positions_office",
        )

    def record_span(self, case: str | None = None) -> tuple[str | None, str | None]:
        """The first and last days the case file (or all of them) dates."""
        # Without a case, MIN and MAX each read one end of an index; a case
        # reads its own events only.
        where, params = ("", ()) if case is None else (" WHERE casefile = ?", (case,))
        first = self._all(f"SELECT MIN(date_seen_from) FROM events{where}", params)
        last = self._all(f"SELECT MAX(date_seen_to) FROM events{where}", params)
        return first[0][0], last[0][0]

    def key_positions(self, office: str, case: str | None = None) -> tuple[Position, ...]:
        """Everyone who held a key office, in order of taking it."""
        return self._positions(
            "p.office = ? AND (? IS NULL OR f.casefile = ?)", (office, case, case)
        )
