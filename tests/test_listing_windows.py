"""`--limit N` and `--offset N` on every listing: the same rows as the
whole listing's slice, in every format; a bad window is one line, exit 2."""

from __future__ import annotations

import pytest

from .support import run_cli

LISTINGS = [
    ["list", "figures"],
    ["timeline", "--from", "1937", "--to", "1938"],
    ["search", "poison"],
    ["kills", "blokhin"],
    ["cascade"],
    ["contradictions"],
]


def _rows(args: list[str]) -> list:
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    found = result.json()
    return found["kills"] if isinstance(found, dict) else found


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: a[0])
def test_a_window_is_the_slice_of_the_whole(args):
    whole = _rows(args)
    assert len(whole) > 4, "too few rows to show a window"
    assert _rows([*args, "--limit", "2", "--offset", "1"]) == whole[1:3]
    assert _rows([*args, "--offset", "3", "--limit", "2"]) == whole[3:5]
    plain = run_cli(*args, "--plain", "--limit", "3").stdout.splitlines()
    assert len(plain) == 3


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: a[0])
def test_a_negative_window_is_one_line_and_exit_2(args):
    result = run_cli(*args, "--limit", "-1")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
