"""Every reference in JSON names the case file of the record it points to
(`{"id", "casefile", "name"}`), the canonical one for a record linked by same_as."""

from __future__ import annotations

import pytest

from .support import EXAMPLE_SOURCES, run_cli

SHARED = EXAMPLE_SOURCES / "shared-people"


def references(value, found=None) -> list[dict]:
    """Every dict that points to a record by id and name, however deep."""
    found = [] if found is None else found
    if isinstance(value, dict):
        if value.get("id") and "name" in value:
            found.append(value)
        for item in value.values():
            references(item, found)
    elif isinstance(value, list):
        for item in value:
            references(item, found)
    return found


@pytest.mark.parametrize(
    "args",
    [
        ("show", "trotsky"),
        ("show", "Kirov"),
        ("figure", "Genrikh Yagoda"),
        ("figure", "0121/leon-trotsky"),
        ("who-killed", "trotsky"),
        ("org", "NKVD"),
        ("kills", "Vasili Blokhin", "--all"),
        ("graph", "trotsky", "--depth", "2"),
        ("chain", "trotsky", "stalin"),
        ("cascade",),
        ("timeline",),
        ("on", "1936-08"),
    ],
)
def test_every_reference_carries_the_case_file(args):
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    data = result.json() if text.lstrip().startswith(("{", "[")) else text
    found = references(data)
    assert [r for r in found if r.get("casefile") != "0121"] == []
    if args[0] not in ("timeline",):  # timeline entries are records, not references
        assert found, "the answer holds no reference to check"


def test_a_reference_to_a_linked_record_names_the_canonical_case_file(db_copy):
    for folder in ("9121", "9122"):
        assert run_cli("--db", str(db_copy), "import", str(SHARED / folder)).exit_code == 0
    data = run_cli("--db", str(db_copy), "who-killed", "trotsky", "--json").json()
    assert data["victim"]["casefile"] == "0121"
    told = next(a for a in data["accounts"] if a["source"]["casefile"] == "9121")
    # 9121's jacques-m is linked to 0121/ramon-mercader: the reference is 0121's.
    assert [(k["id"], k["casefile"]) for k in told["killers"]] == [("ramon-mercader", "0121")]
    # The record only 9121 tells of keeps 9121 as its case file.
    stalin = run_cli("--db", str(db_copy), "figure", "9121/iosif-stalin", "--json").json()
    assert stalin["casefile"] == "9121"
