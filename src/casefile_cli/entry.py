"""The `casefile` console script.

The common lookups (`casefile show kirov --json` and the like) are parsed
here without importing Typer, whose import alone costs more than the whole
lookup; anything else (help, other commands, options we do not recognise,
mistakes) goes to the Typer application in `cli.py`, which gives the full
command line, its help and its error messages. Both paths call the same
functions in `commands.py` and end in the same error handling.
"""

from __future__ import annotations

import os
import sys

from casefile_cli import output

FLAGS = {"--json": "json", "--plain": "plain", "--first": "first"}
VALUED = {"--format": "fmt", "-f": "fmt", "--case": "case"}
GLOBAL_FLAGS = {"--no-color": "no_color", "--debug": "debug"}


def parse_lookup(argv: list[str]) -> dict | None:
    """The parsed options of a simple lookup, or None to let Typer handle it."""
    from casefile_cli.commands import LOOKUPS

    found: dict = {
        "db": None,
        "no_color": False,
        "debug": False,
        "json": False,
        "plain": False,
        "first": False,
        "fmt": None,
        "case": None,
        "query": None,
    }
    tokens = list(argv)
    while tokens and tokens[0].startswith("-"):
        token = tokens.pop(0)
        if token in GLOBAL_FLAGS:
            found[GLOBAL_FLAGS[token]] = True
        elif token == "--db" and tokens:
            found["db"] = tokens.pop(0)
        elif token.startswith("--db="):
            found["db"] = token[len("--db=") :]
        else:
            return None
    if not tokens or tokens[0] not in LOOKUPS:
        return None
    found["command"] = tokens.pop(0)
    while tokens:
        token = tokens.pop(0)
        name, has_value, value = token.partition("=")
        if token in FLAGS:
            found[FLAGS[token]] = True
        elif name in VALUED and (has_value or tokens):
            found[VALUED[name]] = value if has_value else tokens.pop(0)
        elif (token == "-" or not token.startswith("-")) and found["query"] is None:
            found["query"] = token
        else:
            return None
    if found["query"] is None or (found["fmt"] is not None and found["fmt"] not in output.FORMATS):
        return None
    return found


def cached_help(argv: list[str]) -> str | None:
    """`casefile --help` from help.txt, where it matches what Typer would print."""
    from casefile_cli.environment import terminal_width

    if argv not in (["--help"], ["-h"]) or terminal_width() < 80:
        return None
    try:
        with open(os.path.join(os.path.dirname(__file__), "help.txt"), encoding="utf-8") as file:
            return file.read()
    except OSError:
        return None


def main() -> None:
    if "_CASEFILE_COMPLETE" in os.environ:
        from casefile_cli.completion import bash_request

        answer = bash_request(os.environ)
        if answer is not None:
            sys.stdout.write(answer)
            return
    text = cached_help(sys.argv[1:])
    if text is not None:
        output.guarded(lambda: sys.stdout.write(text) and None)
    parsed = parse_lookup(sys.argv[1:])
    if parsed is None:
        from casefile_cli.cli import main as full

        full()
        return
    from casefile_cli.commands import LOOKUPS

    output.configure(
        db=parsed["db"],
        no_color=parsed["no_color"],
        debug=parsed["debug"],
    )
    command = LOOKUPS[parsed["command"]]
    output.guarded(
        lambda: command(
            parsed["query"],
            parsed["fmt"],
            parsed["json"],
            parsed["plain"],
            parsed["first"],
            parsed["case"],
        )
    )
