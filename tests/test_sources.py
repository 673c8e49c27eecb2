"""Invalid sources are refused with one message per problem, naming file, line and field."""

import shutil
import textwrap

import pytest

from casefile_cli.errors import SourceError
from casefile_cli.sources import load_casefile

from .support import EXAMPLE_SOURCES


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "9001"
    shutil.copytree(EXAMPLE_SOURCES / "9001", target)
    return target


def add(folder, text):
    (folder / "zz-extra.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def problems_of(folder):
    with pytest.raises(SourceError) as caught:
        load_casefile(folder)
    return caught.value.problems


def test_example_is_valid(folder):
    source = load_casefile(folder)
    assert source.number == "9001"
    assert [f["id"] for f in source.records["figure"]] == [
        "anna-brandt",
        "karl-marker",
        "otto-stern",
    ]


def test_unknown_field_names_file_line_and_field(folder):
    add(
        folder,
        """\
        figures:
          - id: new-person
            name: New Person
            summary: x
            shoe_size: 9
        """,
    )
    assert problems_of(folder) == ["9001/zz-extra.yaml:2: unknown field 'shoe_size' in a figure"]


def test_every_problem_is_reported(folder):
    add(
        folder,
        """\
        events:
          - id: Bad Id
            date: 1937-13-01
            kind: arrest
            title: t
            section: nowhere
          - id: harbour-late
            kind: arrest
            title: t
            section: harbour
            figures: [{figure: nobody}]
        """,
    )
    found = problems_of(folder)
    assert (
        "9001/zz-extra.yaml:2: field 'id' of a event 'Bad Id' is not an id (lowercase, digits, '-')"
        in found
    )
    assert any("1937-13-01" in p and "month 13" in p for p in found)
    assert "9001/zz-extra.yaml:2: field 'section' names unknown section 'nowhere'" in found
    assert "9001/zz-extra.yaml:7: missing required field 'date' in a event" in found
    assert any("unknown figure 'nobody'" in p for p in found)


def test_duplicate_ids_and_wrong_types(folder):
    add(
        folder,
        """\
        figures:
          - id: anna-brandt
            name: [not, text]
            summary: x
        operations:
          - id: op
            title: t
            kind: raid
            section: harbour
            summary: s
            groups: [{description: d, count: many}]
        """,
    )
    found = problems_of(folder)
    assert any("duplicate figure id 'anna-brandt'" in p for p in found)
    assert any("field 'name' of a figure must be text" in p for p in found)
    assert any("field 'count' of a group must be a whole number" in p for p in found)


def test_broken_yaml_names_the_line(folder):
    add(folder, "figures:\n  - id: x\n    name: [unclosed\n")
    found = problems_of(folder)
    assert (
        len(found) == 1
        and found[0].startswith("9001/zz-extra.yaml:")
        and "not valid YAML" in found[0]
    )


def test_control_characters_are_refused_with_file_and_line(folder):
    add(
        folder,
        """\
        places:
          - {id: bell-town, name: "Bell\\x07 Town\\x1b[31m", section: harbour}
        """,
    )
    assert problems_of(folder) == [
        "9001/zz-extra.yaml:2: field 'name' of a place holds \\x07, a control, bidi or "
        "invisible character"
    ]


@pytest.mark.parametrize(
    ("field", "value", "refused"),
    [
        ("name", "Yez\\nhov", "must be one line (it holds a line break)"),
        ("name", "Yez\\u202ehov", "holds \\u202e"),
        ("name", "Yez\\u200bhov", "holds \\u200b"),
        ("name", "Yez\\u2028hov", "holds \\u2028"),
        ("name", "Yez\\thov", "holds \\t"),
        ("name", "Yez\\u2066hov\\u2069", "holds \\u2066"),
        ("summary", "one\\x1b[2Jtwo", "holds \\x1b"),
        ("summary", "one\\u202etwo", "holds \\u202e"),
        ("summary", "one\\x85two", "holds \\x85"),
    ],
)
def test_per_field_text_rules(folder, field, value, refused):
    other = "summary: fine" if field == "name" else "name: Fine Name"
    add(folder, f'figures:\n  - {{id: odd-one, {field}: "{value}", {other}}}\n')
    found = problems_of(folder)
    assert len(found) == 1 and found[0].startswith("9001/zz-extra.yaml:2: "), found
    assert f"field {field!r} of a figure {refused}" in found[0]


def test_prose_keeps_its_newlines_and_tabs(folder):
    add(folder, 'figures:\n  - {id: odd-one, name: Odd One, summary: "a\\n\\tb\\nc"}\n')
    summaries = [f["summary"] for f in load_casefile(folder).records["figure"]]
    assert "a\n\tb\nc" in summaries
