"""A layered layout of a network, for drawing it without Graphviz.

The centre stands alone in the first column; everyone one step away in the
second, two steps in the third, and so on. The ties between two people are
drawn as one line per style (solid, dotted, dashed), and their labels read
from the person nearer the centre to the one further out ("arrested by"), so
they can be stacked beside the further person's box. Pure geometry, no SVG.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from casefile_cli.render.graph import DOT_STYLE, relation_words

CHAR_WIDTH = 7.2  # a generous average for 12 px Helvetica, Latin or Cyrillic
LABEL_CHAR_WIDTH = 6.0  # the same for the 10 px labels
BOX_HEIGHT = 28
ROW_PITCH = 44
LABEL_LINE = 12
MARGIN = 24
TOP = 54  # room for the title


@dataclass
class Box:
    id: str
    name: str
    layer: int
    row: int
    x: float = 0.0  # centre of the box
    y: float = 0.0
    width: float = 0.0
    band: float = 0.0  # the height of its row, label stack included

    @property
    def left(self) -> float:
        return self.x - self.width / 2


@dataclass
class Tie:
    """All the ties between two people drawn in one style, as one line."""

    near: str
    far: str
    style: str  # solid, dotted or dashed
    forward: bool = False  # some tie goes near -> far
    backward: bool = False  # some tie goes far -> near
    titles: list[str] = field(default_factory=list)


@dataclass
class Pair:
    """What is written beside one pair's lines: one label per distinct tie."""

    near: str
    far: str
    labels: list[str] = field(default_factory=list)


@dataclass
class Layout:
    boxes: dict[str, Box]
    ties: list[Tie]
    pairs: list[Pair]
    width: float
    height: float


def text_width(text: str, per_char: float = CHAR_WIDTH) -> float:
    return len(text) * per_char


def layers(centre_id: str, node_ids, edges) -> list[list[str]]:
    """Breadth-first layers from the centre; people it cannot reach go last.
    Each layer is ordered by where its neighbours sit in the layer before
    (fewer crossings), then by id, so the same network always looks the same."""
    known = set(node_ids) | {centre_id}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.source.id in known and edge.target.id in known:
            neighbours[edge.source.id].add(edge.target.id)
            neighbours[edge.target.id].add(edge.source.id)
    result, seen = [[centre_id]], {centre_id}
    while True:
        position = {node: index for index, node in enumerate(result[-1])}
        following = {n for p in result[-1] for n in neighbours[p] if n not in seen}
        if not following:
            break

        def place(node: str, position=position) -> tuple[float, str]:
            spots = [position[n] for n in neighbours[node] if n in position]
            return (sum(spots) / len(spots), node)

        result.append(sorted(following, key=place))
        seen |= following
    stray = sorted(known - seen)
    if stray:
        result.append(stray)
    return result


def edge_label(edge, forward: bool = True) -> str:
    label = relation_words(edge.relation, forward)
    return label if edge.certainty == "stated" else f"{label} ({edge.certainty})"


def group_ties(edges, boxes: dict[str, Box]) -> tuple[list[Tie], list[Pair]]:
    """Edges folded into one line per (pair, style) and one label stack per pair."""
    ties: dict[tuple[str, str, str], Tie] = {}
    pairs: dict[tuple[str, str], Pair] = {}
    for edge in edges:
        a, b = boxes[edge.source.id], boxes[edge.target.id]
        near, far = (a, b) if (a.layer, a.row) <= (b.layer, b.row) else (b, a)
        style = DOT_STYLE.get(edge.certainty, "dashed")
        tie = ties.setdefault((near.id, far.id, style), Tie(near.id, far.id, style))
        forward = edge.source.id == near.id
        if forward:
            tie.forward = True
        else:
            tie.backward = True
        tie.titles.append(f"{edge.source.name} {edge_label(edge)} {edge.target.name}")
        pair = pairs.setdefault((near.id, far.id), Pair(near.id, far.id))
        label = edge_label(edge, forward)
        if label not in pair.labels:
            pair.labels.append(label)
    return list(ties.values()), list(pairs.values())


def _gap_after(column: int, boxes: dict[str, Box], pairs: list[Pair]) -> float:
    """Room between a column and the next for the labels of the ties across it."""
    longest = 0.0
    for pair in pairs:
        if {boxes[pair.near].layer, boxes[pair.far].layer} == {column, column + 1}:
            widest = max((text_width(t, LABEL_CHAR_WIDTH) for t in pair.labels), default=0.0)
            longest = max(longest, widest)
    return min(max(120.0, longest + 70), 360.0)


def _incoming(boxes: dict[str, Box], pairs: list[Pair]) -> dict[str, list[Pair]]:
    """For each box, the pairs that reach it from the column before (or further left)."""
    found: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        if boxes[pair.near].layer < boxes[pair.far].layer:
            found[pair.far].append(pair)
    return found


def stack_lines(boxes: dict[str, Box], arriving: list[Pair]) -> list[str]:
    """The labels written beside a box: its one pair's labels, or with several
    pairs arriving, each label led by the name of the person it comes from."""
    if len(arriving) == 1:
        return list(arriving[0].labels)
    return [f"{boxes[pair.near].name}: {label}" for pair in arriving for label in pair.labels]


def _row_heights(boxes: dict[str, Box], pairs: list[Pair]) -> dict[str, float]:
    """Each box's row is tall enough for the label stack beside it."""
    arriving = _incoming(boxes, pairs)
    lines = {node: len(stack_lines(boxes, arriving[node])) for node in arriving}
    return {node: max(ROW_PITCH, lines.get(node, 0) * LABEL_LINE + 18) for node in boxes}


def layout(centre, nodes, edges) -> Layout:
    """Boxes in columns, left to right by distance from the centre, and the
    ties between them grouped for drawing."""
    names = {node.id: node.name for node in nodes}
    names[centre.id] = centre.name
    edges = [e for e in edges if e.source.id in names and e.target.id in names]
    columns = layers(centre.id, sorted(names), edges)
    boxes = {
        node: Box(node, names[node], index, row, width=max(60.0, text_width(names[node]) + 20))
        for index, column in enumerate(columns)
        for row, node in enumerate(column)
    }
    ties, pairs = group_ties(edges, boxes)
    heights = _row_heights(boxes, pairs)
    column_heights = [sum(heights[n] for n in column) for column in columns]
    tallest = max(column_heights)
    left = float(MARGIN)
    for index, column in enumerate(columns):
        width = max(boxes[node].width for node in column)
        # Shorter columns are spread over the full height: fewer lines cross.
        spare = (tallest - column_heights[index]) / len(column)
        top = float(TOP)
        for node in column:
            boxes[node].x = left + boxes[node].width / 2  # left-aligned: labels line up
            boxes[node].y = top + (heights[node] + spare) / 2
            boxes[node].band = heights[node] + spare
            top += heights[node] + spare
        if index < len(columns) - 1:
            left += width + _gap_after(index, boxes, pairs)
        else:
            left += width
    # Ties within the last column loop out to its right.
    return Layout(boxes, ties, pairs, left + MARGIN + 90, TOP + tallest + 2 * MARGIN)


def bezier(p0, control, p1, t: float) -> tuple[float, float]:
    u = 1 - t
    return (
        u * u * p0[0] + 2 * u * t * control[0] + t * t * p1[0],
        u * u * p0[1] + 2 * u * t * control[1] + t * t * p1[1],
    )


def _bowed(start, end, bend: float) -> tuple[float, float]:
    """The midpoint of start-end pushed sideways by `bend`."""
    length = math.hypot(end[0] - start[0], end[1] - start[1]) or 1.0
    normal = (-(end[1] - start[1]) / length, (end[0] - start[0]) / length)
    middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    return middle[0] + normal[0] * bend, middle[1] + normal[1] * bend


def curve(near: Box, far: Box, bend: float):
    """(start, control, end) of the quadratic curve between two boxes. Left
    to right, as in Graphviz's LR layout: out of the nearer box's right side
    into the further one's left, bowed by `bend` (several styles between one
    pair); ties within a column loop out to its right."""
    right = (near.x + near.width / 2, near.y)
    if near.id == far.id:
        return (right[0], right[1] - 6), (right[0] + 50, right[1]), (right[0], right[1] + 6)
    if near.layer == far.layer:
        end = (far.x + far.width / 2, far.y)
        reach = 40 + 12 * abs(far.row - near.row) + bend
        return right, (max(right[0], end[0]) + reach, (right[1] + end[1]) / 2), end
    end = (far.left, far.y)
    return right, _bowed(right, end, bend), end


def _point_before(near: Box, far: Box) -> tuple[float, float]:
    """The point on the line from near to far a little before far's box."""
    start, control, end = curve(near, far, 0.0)
    goal = far.left - 10
    low, high = 0.0, 1.0
    for _ in range(30):  # x grows along the curve: bisect for the goal
        middle = (low + high) / 2
        if bezier(start, control, end, middle)[0] < goal:
            low = middle
        else:
            high = middle
    return goal, bezier(start, control, end, low)[1]


class Stack(NamedTuple):
    """Label lines drawn at (x, y), their middle line at y."""

    x: float
    y: float
    anchor: str  # SVG text-anchor: start, middle or end
    lines: list[str]


def label_stacks(plan: Layout) -> list[Stack]:
    """Labels right-aligned just before each box reached from the left (on
    its line when one pair arrives, centred on the box when several do);
    ties within a column labelled at the outer point of their loop."""
    boxes = plan.boxes
    stacks = []
    for far, arriving in _incoming(boxes, plan.pairs).items():
        lines = stack_lines(boxes, arriving)
        box = boxes[far]
        x, y = box.left - 10, box.y
        if len(arriving) == 1:
            # On the line, but kept within the box's row, clear of its neighbours'.
            x, on_line = _point_before(boxes[arriving[0].near], box)
            room = max(0.0, (box.band - len(lines) * LABEL_LINE) / 2 - 4)
            y = min(max(on_line, box.y - room), box.y + room)
        stacks.append(Stack(x, y, "end", lines))
    for pair in plan.pairs:
        near, far = boxes[pair.near], boxes[pair.far]
        if near.layer == far.layer:
            x, y = bezier(*curve(near, far, 0.0), 0.5)
            stacks.append(Stack(x + 4, y, "start", list(pair.labels)))
    return stacks
