"""Who did what to whom: kills, networks, chains of command, and the cascade
of executioners who became victims."""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterator

from casefile_cli.models import CascadeEntry, Edge, Kill, Network, Ref
from casefile_cli.store.reader import Database
from casefile_cli.vocabulary import (
    DEFAULT_BASIS,
    HAND_ROLES,
    KILL_PARTS,
    KILLING_OUTCOMES,
    TIE_ROLES,
)

# Chains prefer lines of command and stated ties to detours through a victim.
EDGE_COST = {"command": 1.0, "relation": 1.0, "fate": 1.4, "operation": 1.5}
CERTAINTY_COST = {"stated": 0.0, "official": 0.2, "alleged": 0.3, "disputed": 0.4}


def kills(db: Database, figure_id: str, *, every: bool = False) -> Iterator[Kill]:
    """The deaths the text ties to the person: their part in a fate account
    that tells of a killing, when that part is a hand in the death (killed,
    ordered, decided, approved, organised, helped, held) and is the case
    file's, not our inference; and groups of victims that died, in operations
    where they had a hand, unless the text credits the group to others.
    With `every`, every other part too (arrests, lures, suggestions), each
    marked `kill=False`. A generator; one person's deeds are gathered (three
    sources, one row per victim, part and operation) and sorted first."""
    found: dict[tuple[str, str, str | None], Kill] = {}
    for claim, killing in db.fate_claims(figure_id):
        kill = killing and claim.part in KILL_PARTS and claim.basis == DEFAULT_BASIS
        if kill or every:
            key = (claim.victim.id, claim.role, claim.operation.id if claim.operation else None)
            found.setdefault(key, claim._replace(kill=kill))
    for group in db.group_targets(figure_id, TIE_ROLES + ("suggested",) if every else HAND_ROLES):
        credited = not group.by or figure_id in group.by
        kill = group.outcome in KILLING_OUTCOMES and group.role in HAND_ROLES and credited
        if kill or every:
            role = group.role.replace("perpetrator", "killer")
            found[(group.description, role, group.operation.id)] = Kill(
                Ref("", group.description),
                role,
                group.date,
                group.operation,
                group.certainty,
                "",
                group.count,
                part=group.role,
                kill=kill,
                outcome=group.outcome,
                note=group.note,
                date_lower=group.date_lower,
            )
    if every:
        _add_operation_parts(db, figure_id, found)
    # By the stored first possible day: a date is parsed once, at build.
    yield from sorted(found.values(), key=lambda k: (k.date_lower or "9999", k.victim.name))


def _add_operation_parts(db: Database, figure_id: str, found: dict) -> None:
    """For `kills --all`: parts in operations against one person (a lure, an
    arrest) where no fate account of theirs already names this person."""
    told = {k.victim.id for k in found.values()}
    for edge, via in db.ties_touching([figure_id]):
        if via != "operation" or edge.source.id != figure_id or edge.target.id in told:
            continue
        operation = edge.operation.id if edge.operation else None
        found[(edge.target.id, edge.relation, operation)] = Kill(
            edge.target,
            edge.relation,
            edge.date,
            edge.operation,
            edge.certainty,
            edge.section.label,
            part=edge.relation,
            kill=False,
            basis=edge.basis,
            date_lower=edge.date_lower,
        )


def network(db: Database, figure_id: str, depth: int = 1) -> Network:
    """Ties within `depth` steps of the person, read one ring at a time."""
    frontier, reached, kept = {figure_id}, {figure_id}, []
    known = set()  # kept as a set too: a hub's ring can hold thousands of ties
    for _ in range(depth):
        by_person: dict[str, list[Edge]] = defaultdict(list)
        for edge, via in db.ties_touching(frontier):
            if via != "command":
                by_person[edge.source.id].append(edge)
                by_person[edge.target.id].append(edge)
        following = set()
        for person in sorted(frontier):
            for edge in by_person[person]:
                if edge not in known:
                    known.add(edge)
                    kept.append(edge)
                for other in (edge.source.id, edge.target.id):
                    if other not in reached:
                        reached.add(other)
                        following.add(other)
        frontier = following
    people = db.refs_of("figure", reached)
    nodes = tuple(sorted((people[i] for i in reached), key=lambda r: r.name))
    return Network(people[figure_id], nodes, tuple(kept))


def chain(db: Database, start: str, end: str) -> list[tuple[Edge, bool]] | None:
    """The cheapest chain of ties from `start` to `end` (each link with
    whether it is followed forwards), or None if they are not connected.
    Staying within one operation is cheaper than switching between them, so
    a chain of command reads as one story."""
    adjacency = _Adjacency(db)
    counter = itertools.count()  # breaks ties so edges are never compared
    queue: list = [(0.0, next(counter), start, None, [])]
    settled: set[tuple[str, str | None]] = set()
    while queue:
        cost, _, person, operation, path = heapq.heappop(queue)
        if person == end:
            return path
        if (person, operation) in settled:
            continue
        settled.add((person, operation))
        for step, other, edge, forward in adjacency.around(person):
            edge_operation = edge.operation.id if edge.operation else None
            switch = 0.3 if path and edge_operation != operation else 0.0
            if (other, edge_operation) not in settled:
                heapq.heappush(
                    queue,
                    (
                        cost + step + switch,
                        next(counter),
                        other,
                        edge_operation,
                        [*path, (edge, forward)],
                    ),
                )
    return None


class _Adjacency:
    """Each person's ties with their cost, read from the database the first
    time the search reaches that person (a chain touches few of them)."""

    def __init__(self, db: Database):
        self.db = db
        self.read: dict[str, list[tuple[float, str, Edge, bool]]] = {}

    def around(self, person: str) -> list[tuple[float, str, Edge, bool]]:
        if person not in self.read:
            steps = []
            for edge, via in self.db.ties_touching([person]):
                cost = EDGE_COST.get(via, 1.0) + CERTAINTY_COST.get(edge.certainty, 0.5)
                if edge.source.id == person:
                    steps.append((cost, edge.target.id, edge, True))
                if edge.target.id == person:
                    steps.append((cost + 0.25, edge.source.id, edge, False))
            self.read[person] = steps
        return self.read[person]


def linking_chain(
    db: Database, start: str, end: str, *, first: bool = False, case: str | None = None
):
    """`chain A B`: resolve both people, then the chain between them."""
    from casefile_cli.errors import NotFoundError
    from casefile_cli.lookup import resolve_figure

    a, _ = resolve_figure(db, start, first=first, case=case)
    b, _ = resolve_figure(db, end, first=first, case=case)
    links = chain(db, a.id, b.id)
    if links is None:
        raise NotFoundError(f"the case file links {a.name} and {b.name} by no chain")
    return links, Ref(a.id, a.name, None, a.casefile), Ref(b.id, b.name, None, b.casefile)


def cascade(
    db: Database, case: str | None = None, *, with_ends: bool = True
) -> Iterator[CascadeEntry]:
    """Perpetrators and organisers who were later killed by the same
    apparatus, by the date of their end, then name: as SQLite gives them,
    their end accounts read a batch of people at a time (not at all, each
    end None, without `with_ends`: names alone need none)."""
    people = itertools.groupby(db.cascade_deeds(case), key=lambda row: row[0])
    while batch := [list(rows) for _, rows in itertools.islice(people, CASCADE_BATCH)]:
        ids = [rows[0][3] for rows in batch]
        ends = db.fate_accounts_by_id(ids) if with_ends else dict.fromkeys(ids)
        for rows in batch:
            figure_id, name, casefile, end = rows[0][:4]
            merged: dict[str, tuple[list[str], Ref, str | None]] = {}
            for *_, operation_id, title, operation_casefile, role, date in rows:
                operation = Ref(operation_id, title, None, operation_casefile)
                merged.setdefault(operation_id, ([], operation, date))[0].append(role)
            deeds = tuple((", ".join(roles), op, date) for roles, op, date in merged.values())
            yield CascadeEntry(Ref(figure_id, name, None, casefile), deeds, ends[end])


# People of the cascade whose end accounts are read together.
CASCADE_BATCH = 200
