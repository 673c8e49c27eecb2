"""How case files that tell of one person (linked by same_as) disagree.

Within one case file a disagreement is written down as a contradiction;
between case files it is found here, by comparing what each case file's
best supported account of a killing says."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from casefile_cli.models import Disagreement, FateAccount

_COMPARED: tuple[tuple[str, Callable[[FateAccount], str | None]], ...] = (
    ("date", lambda a: a.date),
    ("outcome", lambda a: a.outcome),
    ("killer", lambda a: ", ".join(r.name for r in a.killed_by) or None),
)


def disagreements(accounts: Sequence[FateAccount]) -> tuple[Disagreement, ...]:
    """What the case files' accounts (best supported first) differ on; a
    case file that leaves something out does not disagree about it."""
    first: dict[str, FateAccount] = {}
    for account in accounts:
        first.setdefault(account.section.casefile, account)
    if len(first) < 2:
        return ()
    found = []
    for about, told in _COMPARED:
        claims = tuple(
            (told(account), account.section) for account in first.values() if told(account)
        )
        if len({says for says, _ in claims}) > 1:
            found.append(Disagreement(about, claims))
    return tuple(found)
