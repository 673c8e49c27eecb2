"""A record's id as JSON gives it, typed back bare, finds that record: scripts
pass ids from one command to the next (`casefile show "$(jq -r .id)"`).
A one-word id is a name too and is found by name."""

from __future__ import annotations

import sqlite3

import pytest

from casefile_cli.lookup import resolve_any, resolve_figure, resolve_organisation
from casefile_cli.store.connect import open_database

from .support import run_cli

KIND_TABLES = {
    "operation": "operations",
    "figure": "figures",
    "organisation": "organisations",
    "place": "places",
    "event": "events",
}


def _ids(real_db, kind: str) -> list[str]:
    connection = sqlite3.connect(real_db)
    try:
        rows = connection.execute(f"SELECT id FROM {KIND_TABLES[kind]} WHERE id LIKE '%-%'")
        return [row[0] for row in rows]
    finally:
        connection.close()


@pytest.mark.parametrize("kind", list(KIND_TABLES))
def test_show_finds_every_record_by_its_bare_id(real_db, kind):
    db = open_database(real_db)
    shared = set(_ids(real_db, "operation")) if kind == "event" else set()
    wrong = {}
    for record_id in _ids(real_db, kind):
        _, match = resolve_any(db, record_id)
        # An event whose operation has its id answers with the operation.
        expected = ("operation" if record_id in shared else kind, record_id)
        if (match.kind, match.record_id) != expected:
            wrong[record_id] = (match.kind, match.record_id)
    assert wrong == {}


def test_figure_and_org_find_their_records_by_bare_id(real_db):
    db = open_database(real_db)
    for record_id in _ids(real_db, "figure"):
        assert resolve_figure(db, record_id)[0].id == record_id
    for record_id in _ids(real_db, "organisation"):
        assert resolve_organisation(db, record_id)[0].id == record_id


def test_an_id_from_json_round_trips_through_the_command_line():
    listed = run_cli("list", "operations", "--json").json()
    for item in listed[:10]:
        shown = run_cli("show", item["id"], "--json")
        assert shown.exit_code == 0, shown.stderr
        assert (shown.json()["kind"], shown.json()["id"]) == ("operation", item["id"])
        assert shown.json()["match"]["matched_kind"] == "id"


def test_a_one_word_query_is_still_a_name():
    assert run_cli("show", "kirov", "--json").json()["id"] == "kirov-assassination"
