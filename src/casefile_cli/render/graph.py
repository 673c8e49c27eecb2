"""A person's network as Graphviz DOT, Mermaid or a plain indented tree.

Labels come from the database and are escaped for each format, never trusted.
"""

from __future__ import annotations

from casefile_cli.models import Edge
from casefile_cli.render import safe

# Stated ties are solid; anything less certain is dashed in DOT.
DOT_STYLE = {"stated": "solid", "official": "dotted", "alleged": "dashed", "disputed": "dashed"}


def _dot_quote(text: str) -> str:
    return '"' + safe.line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


# relation -> (what the source did, the same seen from the target). Killing
# relations come from fate accounts, role names from operations.
RELATION_WORDS = {
    "killed": ("killed", "killed by"),
    "ordered_killing": ("ordered the killing of", "killing ordered by"),
    "organised_killing": ("organised the killing of", "killing organised by"),
    "accomplice_in_killing": ("helped kill", "killing helped by"),
    "perpetrator": ("carried out an operation against", "operation against them carried out by"),
    "organiser": ("organised an operation against", "operation against them organised by"),
    "ordered_by": ("ordered an operation against", "operation against them ordered by"),
    "accomplice": ("helped an operation against", "operation against them helped by"),
    "supplier": ("supplied an operation against", "operation against them supplied by"),
    "interrogator": ("interrogated", "interrogated by"),
    # Finer parts (vocabulary.PARTS), from fate claims and operation roles.
    "decided": ("decided on the death of", "death decided on by"),
    "approved": ("approved the killing of", "killing approved by"),
    "held": ("held down", "held down by"),
    "kidnapped": ("had kidnapped", "kidnapped on the order of"),
    "chose-agent": ("chose the agent against", "agent against them chosen by"),
    "originated": ("originated the evidence against", "evidence against them originated by"),
    "passed-on": ("passed on the evidence against", "evidence against them passed on by"),
    "judge": ("judged", "judged by"),
    "deputy_of": ("deputy of", "had as deputy"),
    "served_under": ("served under", "had serving under them"),
    "parent_of": ("parent of", "child of"),
    "ally_of": ("ally of", "ally of"),
    "friend_of": ("friend of", "friend of"),
    "married_to": ("married to", "married to"),
}


def relation_words(relation: str, forward: bool = True) -> str:
    """'recruited' / 'recruited by', and so on for every relation."""
    active, passive = RELATION_WORDS.get(
        relation, (relation.replace("_", " "), relation.replace("_", " ") + " by")
    )
    return active if forward else passive


def _edge_label(edge: Edge, forward: bool = True) -> str:
    label = relation_words(edge.relation, forward)
    if edge.certainty != "stated":
        label += f" ({edge.certainty})"
    return label


def dot(centre, nodes, edges: list[Edge]) -> str:
    lines = ["digraph casefile {", "  rankdir=LR;", "  node [shape=box, fontname=Helvetica];"]
    for node in nodes:
        extra = ", style=bold" if node.id == centre.id else ""
        lines.append(f"  {_dot_quote(node.id)} [label={_dot_quote(node.name)}{extra}];")
    for edge in edges:
        style = DOT_STYLE.get(edge.certainty, "dashed")
        lines.append(
            f"  {_dot_quote(edge.source.id)} -> {_dot_quote(edge.target.id)} "
            f"[label={_dot_quote(_edge_label(edge))}, style={style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Mermaid has no escape for quotes inside labels; use its entity codes.
    return safe.line(text).replace('"', "#quot;")


def _mermaid_id(record_id: str) -> str:
    return "n_" + "".join(c if c.isalnum() else "_" for c in record_id)


def mermaid(centre, nodes, edges: list[Edge]) -> str:
    lines = ["graph LR"]
    for node in nodes:
        lines.append(f'  {_mermaid_id(node.id)}["{_mermaid_text(node.name)}"]')
    for edge in edges:
        arrow = "-->" if edge.certainty == "stated" else "-.->"
        lines.append(
            f'  {_mermaid_id(edge.source.id)} {arrow}|"{_mermaid_text(_edge_label(edge))}"| '
            f"{_mermaid_id(edge.target.id)}"
        )
    return "\n".join(lines) + "\n"


def tree_lines(centre, edges: list[Edge]) -> list[tuple[str, list[str]]]:
    """(relation, people) grouped from the centre's point of view."""
    groups: dict[str, list[str]] = {}
    for edge in edges:
        if edge.source.id == centre.id:
            heading, other = _edge_label(edge), edge.target.name
        elif edge.target.id == centre.id:
            heading, other = _edge_label(edge, forward=False), edge.source.name
        else:
            heading = "around them"
            other = f"{edge.source.name} {_edge_label(edge)} {edge.target.name}"
        where = f" ({edge.operation.name})" if edge.operation else ""
        line = f"{other}{where}"
        if line not in groups.setdefault(heading, []):
            groups[heading].append(line)
    return sorted(groups.items(), key=lambda item: (item[0] == "around them", item[0]))
