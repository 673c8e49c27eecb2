"""A person's network as a picture: SVG (and PNG through Graphviz).

With Graphviz's `dot` on PATH its layout is used (on the DOT text that
render/graph.py writes); otherwise a built-in layered layout draws the same
picture with the standard library alone, so a fresh machine gets one too.
Names and labels come from the database: they are XML-escaped and stripped of
control characters, never trusted.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from casefile_cli.errors import CasefileError, UsageError
from casefile_cli.render.graph import dot
from casefile_cli.render.layout import (
    BOX_HEIGHT,
    LABEL_LINE,
    MARGIN,
    Box,
    Layout,
    Stack,
    Tie,
    curve,
    label_stacks,
    layout,
)

GRAPHVIZ_TIMEOUT = 30  # seconds; a network of a few hundred ties takes well under one
# SVG dash patterns for DOT's styles: stated solid, official dotted, the rest dashed.
DASHES = {"solid": None, "dotted": "2 3", "dashed": "6 4"}
CENTRE_FILL = "#fde68a"
FONT = "Helvetica, Arial, sans-serif"
FONT_SIZE = 12


class GraphvizMissing(UsageError):
    """PNG (or a forced Graphviz layout) was asked for and `dot` is not installed."""

    def __init__(self, what: str):
        super().__init__(
            f"{what} needs Graphviz, and 'dot' is not on PATH",
            hint="install Graphviz (e.g. 'apt-get install graphviz') or use --format svg",
        )


class GraphvizFailed(CasefileError):
    """`dot` ran but gave no picture (crashed or timed out)."""


def clean_text(text: str) -> str:
    """Text safe for XML 1.0: no control characters, surrogates or non-characters."""
    kept = []
    for char in str(text):
        if char in "\t\n\r":
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cs") and char not in "\ufffe\uffff":
            kept.append(char)
    return " ".join("".join(kept).split())


def _text(text: str) -> str:
    return escape(clean_text(text))


def _attr(text: str) -> str:
    return quoteattr(clean_text(text))


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


# -- Graphviz -------------------------------------------------------------------


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _clean_ref(ref):
    # Graphviz copies control characters into its SVG, which XML forbids.
    return ref._replace(name=clean_text(ref.name))


def marked_dot(centre, nodes, edges) -> str:
    """graph.dot's text with the centre filled and the picture titled after it.
    A second statement for a node adds attributes to it in DOT."""
    nodes = [_clean_ref(node) for node in nodes]
    edges = [
        edge._replace(source=_clean_ref(edge.source), target=_clean_ref(edge.target))
        for edge in edges
    ]
    lines = dot(centre, nodes, edges).rstrip().removesuffix("}").splitlines()
    # Edge defaults apply only to edges after them: put them first.
    lines.insert(1, "  edge [fontname=Helvetica, fontsize=10];")
    body = "\n".join(lines) + "\n"
    title = f"Network of {clean_text(centre.name)}"
    extra = (
        f'  {_dot_id(centre.id)} [style="bold,filled", fillcolor="{CENTRE_FILL}"];\n'
        f"  label={_dot_id(title)}; labelloc=t; fontname=Helvetica;\n"
    )
    return body + extra + "}\n"


def run_dot(dot_text: str, output_format: str) -> bytes:
    """`dot -T<format>` on the text; GraphvizMissing or GraphvizFailed if it can't."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing(output_format.upper())
    try:
        done = subprocess.run(
            [program, f"-T{output_format}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=GRAPHVIZ_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizFailed(
            f"Graphviz took over {GRAPHVIZ_TIMEOUT} s to draw the network"
        ) from None
    except OSError as error:
        raise GraphvizFailed(f"Graphviz could not be run: {error}") from None
    if done.returncode != 0 or not done.stdout:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizFailed(
            "Graphviz failed to draw the network" + (f": {reason[0]}" if reason else "")
        )
    return done.stdout


# -- Built-in layered layout ----------------------------------------------------


def _tie_svg(tie: Tie, plan: Layout, bend: float) -> str:
    near, far = plan.boxes[tie.near], plan.boxes[tie.far]
    start, control, end = curve(near, far, bend)
    if near.id == far.id:
        path = (
            f"M{start[0]:.1f},{start[1]:.1f} C{control[0]:.1f},{start[1] - 30:.1f} "
            f"{control[0]:.1f},{end[1] + 30:.1f} {end[0]:.1f},{end[1]:.1f}"
        )
    else:
        path = (
            f"M{start[0]:.1f},{start[1]:.1f} Q{control[0]:.1f},{control[1]:.1f} "
            f"{end[0]:.1f},{end[1]:.1f}"
        )
    dash = DASHES[tie.style]
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    if tie.forward:
        extra += ' marker-end="url(#arrow)"'
    if tie.backward:
        extra += ' marker-start="url(#arrow-back)"'
    return (
        f'<g class="edge {tie.style}"><title>{_text("; ".join(tie.titles))}</title>'
        f'<path d="{path}" fill="none" stroke="#555" stroke-width="1.2"{extra}/></g>'
    )


def _stack_svg(stack: Stack) -> str:
    top = stack.y - (len(stack.lines) - 1) * LABEL_LINE / 2 + 3.5
    lines = "".join(
        f'<tspan x="{stack.x:.1f}" y="{top + index * LABEL_LINE:.1f}">{_text(line)}</tspan>'
        for index, line in enumerate(stack.lines)
    )
    return (
        f'<text class="label" text-anchor="{stack.anchor}" font-size="10" fill="#222" '
        f'stroke="white" stroke-width="3" paint-order="stroke">{lines}</text>'
    )


def _node_svg(box: Box, centre_id: str) -> str:
    is_centre = box.id == centre_id
    fill = CENTRE_FILL if is_centre else "white"
    stroke = "2.5" if is_centre else "1"
    kind = "node centre" if is_centre else "node"
    title = f"{box.name} (centre)" if is_centre else box.name
    weight = ' font-weight="bold"' if is_centre else ""
    return (
        f'<g class="{kind}" data-id={_attr(box.id)}><title>{_text(title)}</title>'
        f'<rect x="{box.left:.1f}" y="{box.y - BOX_HEIGHT / 2:.1f}" width="{box.width:.1f}" '
        f'height="{BOX_HEIGHT}" rx="4" fill="{fill}" stroke="#222" stroke-width="{stroke}"/>'
        f'<text x="{box.x:.1f}" y="{box.y + 4:.1f}" text-anchor="middle"{weight}>'
        f"{_text(box.name)}</text></g>"
    )


def _bends(ties: list[Tie]) -> list[float]:
    """A sideways bend for each line, so styles between one pair don't overlap."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, tie in enumerate(ties):
        groups[(tie.near, tie.far)].append(index)
    bends = [0.0] * len(ties)
    for members in groups.values():
        for rank, index in enumerate(members):
            bends[index] = (rank - (len(members) - 1) / 2) * 24
    return bends


MARKERS = (
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>'
    '<marker id="arrow-back" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto"><path d="M10,0 L0,5 L10,10 z" fill="#555"/></marker></defs>'
)


def layered_svg(centre, nodes, edges) -> str:
    """The built-in layout: the centre on the left, each further step a column."""
    plan = layout(centre, list(nodes), list(edges))
    width, height = plan.width, plan.height
    title = f"Network of {centre.name}"
    legend = "solid: stated · dotted: official · dashed: alleged or disputed"
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" font-size="{FONT_SIZE}">',
        f"<title>{_text(title)}</title>",
        MARKERS,
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 6}" font-size="14" font-weight="bold">'
        f"{_text(title)}</text>",
        '<g class="edges">',
        *(_tie_svg(t, plan, b) for t, b in zip(plan.ties, _bends(plan.ties), strict=True)),
        "</g>",
        '<g class="nodes">',
        *(_node_svg(plan.boxes[node], centre.id) for node in sorted(plan.boxes)),
        "</g>",
        '<g class="labels">',
        *(_stack_svg(stack) for stack in label_stacks(plan)),
        "</g>",
        f'<text x="{MARGIN}" y="{height - MARGIN / 2:.0f}" font-size="10" fill="#555">'
        f"{_text(legend)}</text>",
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


# -- Entry points ---------------------------------------------------------------


def svg(centre, nodes, edges, *, use_graphviz: bool | None = None) -> str:
    """The network as SVG text. `use_graphviz`: None uses Graphviz when `dot`
    is installed (and the built-in layout if it fails); True insists on it;
    False always uses the built-in layout."""
    nodes, edges = list(nodes), list(edges)
    if use_graphviz is False or (use_graphviz is None and not graphviz_available()):
        return layered_svg(centre, nodes, edges)
    try:
        return run_dot(marked_dot(centre, nodes, edges), "svg").decode("utf-8")
    except GraphvizFailed:
        if use_graphviz:
            raise
        return layered_svg(centre, nodes, edges)


def png(centre, nodes, edges) -> bytes:
    """The network as PNG bytes; Graphviz only (GraphvizMissing without it)."""
    return run_dot(marked_dot(centre, nodes, edges), "png")
