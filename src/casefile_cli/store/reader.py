"""`Database`: read-only access to one casefile database.

Its queries are grouped by what they ask about, one module each; this class
puts them together so that callers hold one object (`db.figure(...)`,
`db.timeline(...)`, `db.ties()`). Open one with `connect.open_database`.
"""

from __future__ import annotations

from casefile_cli.store.lists import ListQueries
from casefile_cli.store.names import NameQueries
from casefile_cli.store.records import RecordQueries
from casefile_cli.store.searching import SearchQueries
from casefile_cli.store.timeline import TimeQueries


class Database(NameQueries, RecordQueries, TimeQueries, ListQueries, SearchQueries):
    """Read-only access to one casefile database."""
