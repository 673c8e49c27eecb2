"""A person's network as Graphviz DOT, Mermaid or a plain indented tree.

Labels come from the database and are escaped for each format, never trusted.
"""

from __future__ import annotations

from casefile_cli.models import Edge

# Stated ties are solid; anything less certain is dashed in DOT.
DOT_STYLE = {"stated": "solid", "official": "dotted", "alleged": "dashed", "disputed": "dashed"}


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _edge_label(edge: Edge) -> str:
    label = edge.relation.replace("_", " ")
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
    return text.replace('"', "#quot;").replace("\n", " ")


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
    """(relation heading, lines) grouped from the centre's point of view."""
    groups: dict[str, list[str]] = {}
    for edge in edges:
        if edge.source.id == centre.id:
            heading, other = _edge_label(edge), edge.target.name
        elif edge.target.id == centre.id:
            heading, other = f"{_edge_label(edge)} by", edge.source.name
        else:
            heading, other = (
                "around them",
                f"{edge.source.name} {_edge_label(edge)} {edge.target.name}",
            )
        where = f" — {edge.operation.name}" if edge.operation else ""
        line = f"{other}{where}"
        if line not in groups.setdefault(heading, []):
            groups[heading].append(line)
    return sorted(groups.items(), key=lambda item: (item[0] == "around them", item[0]))
