"""The network as a picture: SVG that parses, names the centre and dashes what
is less than stated, with Graphviz and without it."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from casefile_cli.models import Edge, Ref, Section
from casefile_cli.render import svg as picture
from casefile_cli.render.layout import layers, layout

SVG = "{http://www.w3.org/2000/svg}"
SECTION = Section("0000/test", "0000", "test", "A test section")
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed (apt-get install graphviz)"
)

CENTRE = Ref("centre", "Ivan <Centre> & Sons")
ALLY = Ref("ally", "Pyotr Ally")
RIVAL = Ref("rival", "Семён \x07Rival")  # a control character from a bad import
FAR = Ref("far", "Far Away")


def edge(source, target, relation, certainty="stated"):
    return Edge(source, target, relation, None, None, certainty, SECTION)


EDGES = [
    edge(CENTRE, ALLY, "friend_of"),
    edge(RIVAL, CENTRE, "killed", "alleged"),
    edge(CENTRE, RIVAL, "interrogator", "disputed"),
    edge(ALLY, FAR, "deputy_of", "official"),
    edge(ALLY, RIVAL, "served_under"),
]
NODES = [ALLY, CENTRE, FAR, RIVAL]


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class", "").split()[:1] == ["node"]]


def all_text(root: ET.Element) -> str:
    return " ".join(" ".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def test_builtin_layout_is_xml_that_names_and_marks_the_centre():
    text = picture.svg(CENTRE, NODES, EDGES, use_graphviz=False)
    root = parse(text)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Network of Ivan <Centre> & Sons"
    centres = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node centre"]
    assert len(centres) == 1
    assert centres[0].get("data-id") == "centre"
    assert centres[0].find(f"{SVG}rect").get("stroke-width") == "2.5"
    names = {g.find(f"{SVG}text").text for g in node_groups(root)}
    assert names == {"Ivan <Centre> & Sons", "Pyotr Ally", "Семён Rival", "Far Away"}


def test_builtin_layout_dashes_alleged_and_disputed_ties_and_dots_official_ones():
    root = parse(picture.svg(CENTRE, NODES, EDGES, use_graphviz=False))
    styles = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class", "").startswith("edge "):
            styles[group.find(f"{SVG}title").text] = group.find(f"{SVG}path")
    dashed = next(p for t, p in styles.items() if "killed" in t)
    assert dashed.get("stroke-dasharray") == "6 4"
    assert "Семён Rival killed (alleged) Ivan <Centre> & Sons" in next(
        t for t in styles if "killed" in t
    )
    solid = next(p for t, p in styles.items() if "friend of" in t)
    assert solid.get("stroke-dasharray") is None
    assert solid.get("marker-end") == "url(#arrow)"
    dotted = next(p for t, p in styles.items() if "deputy of" in t)
    assert dotted.get("stroke-dasharray") == "2 3"
    labels = all_text(root)
    assert "killed by (alleged)" in labels  # read from the centre outwards
    assert "interrogated (disputed)" in labels
    assert "friend of" in labels


def test_builtin_layout_has_no_control_characters_and_is_deterministic():
    first = picture.svg(CENTRE, NODES, EDGES, use_graphviz=False)
    assert first == picture.svg(CENTRE, list(reversed(NODES)), EDGES, use_graphviz=False)
    assert not any(ord(c) < 32 and c != "\n" for c in first)


def test_layers_go_outwards_from_the_centre():
    assert layers("centre", [n.id for n in NODES], EDGES) == [
        ["centre"],
        ["ally", "rival"],
        ["far"],
    ]
    plan = layout(CENTRE, NODES, EDGES)
    assert plan.boxes["centre"].x < plan.boxes["ally"].x < plan.boxes["far"].x
    assert 0 < plan.boxes["far"].y < plan.height
    assert all(0 < box.x + box.width / 2 < plan.width for box in plan.boxes.values())


def test_a_person_with_no_ties_is_a_picture_of_one_box():
    root = parse(picture.svg(CENTRE, [CENTRE], [], use_graphviz=False))
    assert [g.get("class") for g in node_groups(root)] == ["node centre"]


def test_without_graphviz_the_builtin_layout_is_used(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert not picture.graphviz_available()
    text = picture.svg(CENTRE, NODES, EDGES)
    assert 'class="node centre"' in text
    with pytest.raises(picture.GraphvizMissing) as raised:
        picture.png(CENTRE, NODES, EDGES)
    assert raised.value.exit_code == 2
    assert "Graphviz" in raised.value.message and "\n" not in raised.value.message
    with pytest.raises(picture.GraphvizMissing):
        picture.svg(CENTRE, NODES, EDGES, use_graphviz=True)


def test_a_failing_dot_falls_back_to_the_builtin_layout(monkeypatch, tmp_path):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert 'class="node centre"' in picture.svg(CENTRE, NODES, EDGES)
    with pytest.raises(picture.GraphvizFailed, match="syntax error in line 1"):
        picture.svg(CENTRE, NODES, EDGES, use_graphviz=True)


def test_the_dot_text_marks_the_centre_and_keeps_graph_dot_s_lines():
    from casefile_cli.render.graph import dot

    text = picture.marked_dot(CENTRE, NODES, EDGES)
    clean = [n for n in NODES if n != RIVAL]
    for line in dot(CENTRE, clean, EDGES[:1] + EDGES[3:4]).splitlines()[:-1]:
        assert line in text.splitlines()
    assert '"rival" [label="Семён Rival"];' in text  # the control character dropped
    assert '"centre" [style="bold,filled"' in text
    assert 'label="Network of Ivan <Centre> & Sons"' in text
    assert text.rstrip().endswith("}")


@needs_dot
def test_graphviz_svg_is_xml_that_names_the_centre_and_dashes_alleged_ties():
    root = parse(picture.svg(CENTRE, NODES, EDGES, use_graphviz=True))
    assert root.tag == f"{SVG}svg"
    assert "Network of Ivan <Centre> & Sons" in all_text(root)
    centre = next(g for g in root.iter(f"{SVG}g") if g.findtext(f"{SVG}title") == "centre")
    assert centre.find(f"{SVG}polygon").get("fill") == picture.CENTRE_FILL
    killed = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "edge" and "killed" in " ".join(g.itertext())
    )
    assert killed.find(f"{SVG}path").get("stroke-dasharray")


@needs_dot
def test_png_through_graphviz():
    data = picture.png(CENTRE, NODES, EDGES)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 1000


@pytest.mark.parametrize("use_graphviz", [False, pytest.param(True, marks=needs_dot)])
def test_a_real_network_draws(real_db, use_graphviz):
    from casefile_cli.network import network
    from casefile_cli.store.connect import open_database

    db = open_database(real_db)
    net = network(db, "nikolai-yezhov", 1)
    root = parse(picture.svg(net.centre, net.nodes, net.edges, use_graphviz=use_graphviz))
    text = all_text(root)
    assert "Nikolai Yezhov" in text
    assert "Lavrentiy Beria" in text


def test_labels_beside_a_box_reached_by_several_name_who_they_come_from():
    from casefile_cli.render.layout import label_stacks

    # far is two steps out and reached from both ally and rival.
    edges = [*EDGES, edge(RIVAL, FAR, "recruited")]
    plan = layout(CENTRE, NODES, edges)
    stacks = {tuple(s.lines): s for s in label_stacks(plan)}
    beside_far = next(lines for lines in stacks if any("recruited" in x for x in lines))
    assert set(beside_far) == {"Pyotr Ally: deputy of (official)", "Семён \x07Rival: recruited"}
    stack = stacks[beside_far]
    assert stack.anchor == "end" and stack.x < plan.boxes["far"].left
    assert stack.y == plan.boxes["far"].y
    # The row is tall enough for the two lines.
    assert plan.boxes["far"].band >= 2 * 12


def test_ties_within_a_column_and_to_oneself_are_drawn():
    edges = [*EDGES, edge(ALLY, ALLY, "friend_of")]
    root = parse(picture.svg(CENTRE, NODES, edges, use_graphviz=False))
    titles = [
        g.findtext(f"{SVG}title")
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").split()[:1] == ["edge"]
    ]
    assert any("Pyotr Ally served under Семён Rival" in t for t in titles)  # same column
    assert any("Pyotr Ally friend of Pyotr Ally" in t for t in titles)


def test_ties_of_one_style_between_a_pair_are_one_line_with_every_label():
    plan = layout(CENTRE, NODES, EDGES)
    between = [t for t in plan.ties if {t.near, t.far} == {"centre", "rival"}]
    assert [t.style for t in between] == ["dashed"]  # alleged and disputed: one line
    pair = next(p for p in plan.pairs if {p.near, p.far} == {"centre", "rival"})
    assert pair.labels == ["killed by (alleged)", "interrogated (disputed)"]
    both = between[0]
    assert both.forward and both.backward  # arrowheads at both ends


def test_two_styles_between_a_pair_are_two_separate_lines():
    edges = [edge(CENTRE, ALLY, "friend_of"), edge(ALLY, CENTRE, "killed", "alleged")]
    root = parse(picture.svg(CENTRE, [CENTRE, ALLY], edges, use_graphviz=False))
    paths = [p.get("d") for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert len(paths) == 2 and paths[0] != paths[1]
