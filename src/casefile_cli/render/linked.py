"""What other case files linked by same_as say on a record's card: their
own telling of the record, and the further sources of a role told twice."""

from __future__ import annotations

from casefile_cli.render.safe import line

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from casefile_cli.render.content import Card


def add_linked(card: Card, value) -> None:
    """What other case files linked by same_as say of the record in their
    own fields (name, summary, outside knowledge), each citing itself."""
    told = []
    for r in value.linked:
        cited = r.section.label if r.section else f"#{r.casefile}"
        outside = ", ".join(f.replace("_", " ") for f in r.outside)
        fields = "; ".join(f"{name.replace('_', ' ')}: {value}" for name, value in r.fields)
        told.append(
            line(
                f"{r.name} ({cited})"
                + (f": {r.summary}" if r.summary else "")
                + (f" [outside the case file: {outside}]" if outside else "")
                + (f" [its own fields: {fields}]" if fields else "")
            )
        )
    if told:
        card.blocks.append(("As other case files tell it", "\n".join(told)))


def told_in(p) -> str:
    """Where a role is told, when more than one case file tells it."""
    return f" ({'; '.join(s.label for s in p.sections)})" if p.also_told_in else ""
