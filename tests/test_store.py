"""The store package and the vocabularies it shares with sources and network."""

import sqlite3
import subprocess
import sys

import pytest

from casefile_cli import network, vocabulary
from casefile_cli.models import Edge, FateAccount, GroupTarget, Tie
from casefile_cli.rows import RowMaker
from casefile_cli.sources import SPECS
from casefile_cli.store.connect import open_database


@pytest.fixture(scope="module")
def db(real_db):
    return open_database(real_db)


def test_killing_roles_name_fate_fields_and_sources_fields():
    fields = {k.field for k in vocabulary.KILLING_ROLES}
    assert fields <= set(FateAccount._fields)
    assert fields <= set(SPECS["fate"])
    assert set(vocabulary.KILLING_RELATIONS.values()) == {
        "killer",
        "ordered_by",
        "organiser",
        "accomplice",
    }


def test_every_certainty_has_an_order_and_a_chain_cost():
    assert set(vocabulary.CERTAINTY_ORDER) == set(vocabulary.CERTAINTIES)
    assert set(network.CERTAINTY_COST) == set(vocabulary.CERTAINTIES)
    assert set(vocabulary.HAND_ROLES) <= set(vocabulary.TIE_ROLES) <= set(vocabulary.ROLES)


def test_ties_are_records_read_once_per_database(db):
    ties = db.ties()
    assert ties and all(isinstance(t, Tie) and isinstance(t.edge, Edge) for t in ties)
    assert {t.via for t in ties} == {"relation", "fate", "operation", "command"}


def test_the_ties_of_some_people_are_every_tie_that_touches_them(db):
    every = db.ties()
    for people in (["nikolai-yezhov"], ["leon-trotsky", "joseph-stalin"]):
        touching = db.ties_touching(people)
        assert touching
        assert list(touching) == [
            t for t in every if t.edge.source.id in people or t.edge.target.id in people
        ]
    assert db.ties_touching([]) == ()


def test_a_figures_ties_are_its_stated_relations_among_all_ties(db):
    own = db.figure_ties("nikolai-yezhov")
    assert own
    stated = {t.edge for t in db.ties() if t.via == "relation"}
    assert set(own) <= stated
    assert all("nikolai-yezhov" in (e.source.id, e.target.id) for e in own)


def test_killings_are_edges_with_their_killing_relation(db):
    fate_edges = [t.edge for t in db.ties() if t.via == "fate"]
    other_parts = set(vocabulary.PART_NAMES)  # the `others` list: its part is the relation
    assert {e.relation for e in fate_edges} <= set(vocabulary.KILLING_RELATIONS) | other_parts
    assert any(e.relation == "killed" for e in fate_edges)


def test_group_targets_are_records(db):
    groups = db.group_targets("artur-artuzov")
    assert groups and all(isinstance(g, GroupTarget) for g in groups)
    trust = next(g for g in groups if g.operation.id == "operation-trust")
    assert (trust.role, trust.operation.name) == ("organiser", "Operation Trust")


def test_events_take_typed_filters(db):
    operation = db.operation(db.target_operation("leon-trotsky"))
    assert operation.events == db.events(operation_id=operation.id)
    assert all(e.operation.id == operation.id for e in operation.events)
    assert len(db.events()) > len(operation.events)
    with pytest.raises(TypeError):
        db.events("e.id = 1")  # no SQL fragments


def test_rows_follow_the_specs():
    rows = RowMaker("0999")
    row = rows.columns(
        "position",
        {"title": "head", "organisation": "nkvd", "from": "1936-09", "section": "s"},
    )
    assert row == {
        "title": "head",
        "organisation_id": "nkvd",
        "office": None,
        "date_from": "1936-09",
        "date_from_lower": "1936-09-01",
        "date_from_upper": "1936-09-30",
        "date_from_seen": "1936-09-01",
        "date_to": None,
        "date_to_lower": None,
        "date_to_upper": None,
        "date_to_seen": None,
        "section_id": "0999/s",
        "certainty": "stated",
        "basis": "casefile",
        "note": None,
    }
    claim = rows.columns("contradiction", {"id": "c", "subject": {"kind": "figure", "id": "x"}})
    assert claim == {
        "id": "c",
        "kind": "contradiction",
        "subject_kind": "figure",
        "subject_id": "x",
        "note": None,
    }


def test_rows_name_only_columns_the_schema_has(tmp_path):
    from casefile_cli.store.writer import create_schema

    connection = sqlite3.connect(tmp_path / "empty.db")
    create_schema(connection)
    columns = {r[1] for r in connection.execute("PRAGMA table_info(positions)")}
    row = RowMaker("0999").columns("position", {"title": "t", "section": "s"})
    assert set(row) | {"id", "figure_id"} == columns


def test_lookups_do_not_load_the_build_or_admin_side(real_db):
    code = (
        "import sys; from casefile_cli.store.connect import open_database; "
        "from casefile_cli import lookup; "
        f"lookup.resolve_figure(open_database({str(real_db)!r}), 'ezhov'); "
        "print(sorted(m for m in sys.modules if m.startswith('casefile_cli.store')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "casefile_cli.store.reader" in loaded
    assert "writer" not in loaded and "admin" not in loaded
