"""The `casefile` console script.

The common lookups (`casefile show kirov --json` and the like), and the
commands of `options.FAST_COMMANDS` (`on`, `list`, `timeline`, ...), are parsed
here without importing Typer, whose import alone costs more than the whole
lookup; anything else (help, other commands, options we do not recognise,
mistakes) goes to the Typer application in `cli.py`, which gives the full
command line, its help and its error messages. Both read their options from
`options.py`, call the same functions in `commands.py` and end in the same
error boundary.
"""

from __future__ import annotations

import os
import sys

from casefile_cli.environment import Environment
from casefile_cli.options import (
    FAST_COMMANDS,
    FORMAT_OPTIONS,
    GLOBAL_OPTIONS,
    LOOKUP_OPTIONS,
    LOOKUPS,
    TERMINAL_OPTIONS,
    Option,
)


def _by_flag(options: tuple[Option, ...]) -> dict[str, Option]:
    return {flag: option for option in options for flag in option.flags}


GLOBAL_FLAGS = _by_flag(GLOBAL_OPTIONS)
LOOKUP_FLAGS = _by_flag(LOOKUP_OPTIONS + TERMINAL_OPTIONS)
COMMAND_FLAGS = {
    name: _by_flag(spec.options + TERMINAL_OPTIONS) for name, spec in FAST_COMMANDS.items()
}


def _take(token: str, tokens: list[str], flags: dict[str, Option], found: dict) -> bool:
    """Read one option (and its value) into `found`; False if it is not ours."""
    name, has_value, value = token.partition("=")
    option = flags.get(name)
    if option is None:
        return False
    if option.flag:
        if has_value:
            return False
        found[option.dest] = True
        return True
    if not has_value:
        if not tokens:
            return False
        value = tokens.pop(0)
    if option.choices and value not in option.choices:
        return False  # Typer says what the choices are
    if option.kind is not str:
        try:
            value = option.kind(value)
        except ValueError:
            return False  # and that a value is not a number
        low, high = option.bounds or (value, value)
        if not low <= value <= high:
            return False  # or out of range
    found[option.dest] = value
    return True


def _unset(options) -> dict:
    return {o.dest: False if o.flag else o.default for o in options}


def parse_lookup(argv: list[str]) -> dict | None:
    """The parsed options of a simple lookup or of a command in
    FAST_COMMANDS (its argument as "query"), or None to let Typer handle it."""
    found: dict = _unset(GLOBAL_OPTIONS)
    tokens = list(argv)
    while tokens and tokens[0].startswith("-"):
        if not _take(tokens.pop(0), tokens, GLOBAL_FLAGS, found):
            return None
    if not tokens or (tokens[0] not in LOOKUPS and tokens[0] not in FAST_COMMANDS):
        return None
    found["command"] = name = tokens.pop(0)
    spec = FAST_COMMANDS.get(name)
    extra = () if spec else LOOKUPS[name].extra
    options = spec.options if spec else (*LOOKUP_OPTIONS, *extra)
    if spec:
        flags = COMMAND_FLAGS[name]
    else:
        flags = {**LOOKUP_FLAGS, **_by_flag(extra)} if extra else LOOKUP_FLAGS
    wanted = len(spec.arguments) if spec else 1
    found.update(_unset(options))
    given = found["arguments"] = []
    while tokens:
        token = tokens.pop(0)
        if token.startswith("-") and token != "-":
            if not _take(token, tokens, flags, found):
                return None
        elif len(given) < wanted:
            if spec and spec.choices and token not in spec.choices:
                return None  # Typer says what the choices are
            given.append(token)
        else:
            return None
    found["query"] = given[0] if given else None
    if len(given) < wanted and not (spec and spec.optional and not given):
        return None
    return found


def _run(session, parsed: dict, fmt: str):
    """Call the command `parsed` names, as its Typer declaration would."""
    name = parsed["command"]
    spec = FAST_COMMANDS.get(name)
    if spec is None:
        from casefile_cli.commands import LOOKUPS as COMMANDS

        first, case = parsed["first"], parsed["case"]
        extra = {o.dest: parsed[o.dest] for o in LOOKUPS[name].extra}
        return COMMANDS[name](
            session, parsed["query"], fmt=fmt, first=first, case=case, **extra
        )
    from casefile_cli import commands

    body = getattr(commands, spec.body or name.replace("-", "_"))
    own = {o.dest: parsed[o.dest] for o in spec.options if o.dest not in _FORMAT_DESTS}
    given = parsed["arguments"]
    given = given + [None] * (len(spec.arguments) - len(given))  # one left out: None
    return body(session, *given, fmt=fmt, **own)


_FORMAT_DESTS = {o.dest for o in FORMAT_OPTIONS}  # graph's own --format included


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


def not_utf8(args: list[str]) -> str | None:
    """Why the arguments are refused, if one is not valid UTF-8 (Python keeps
    its bytes as lone surrogates, which would fail deep inside), else None."""
    for number, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = ascii(os.fsencode(arg))[2:-1]  # its bytes, as b'...' shows them
            return f"argument {number} is not valid UTF-8: {shown}"
    return None


def _refuse(message: str) -> None:
    from casefile_cli.errors import UsageError

    raise UsageError(message)


def main(args: list[str] | None = None, env: Environment | None = None) -> None:
    """Run `casefile` with `args` (default: the command line), writing to `env`
    (default: the real terminal or pipes)."""
    from casefile_cli.boundary import guarded
    from casefile_cli.session import Session

    args = sys.argv[1:] if args is None else list(args)
    problem = None if all(arg.isascii() for arg in args) else not_utf8(args)
    if problem:
        guarded(lambda: _refuse(problem), Session(env))
    if "_CASEFILE_COMPLETE" in os.environ:
        from casefile_cli.completion import answer

        found = answer(os.environ, args)
        if found is not None:
            sys.stdout.write(found)
            return
    text = cached_help(args)
    if text is not None:
        session = Session(env)
        guarded(lambda: session.env.stdout.write(text) and None, session)
    parsed = parse_lookup(args)
    if parsed is None:
        from casefile_cli.cli import main as full

        full(args, env)
        return
    session = Session(
        env,
        db=parsed["db"],
        no_color=parsed["no_color"],
        debug=parsed["debug"],
        color=parsed["color"],
        no_pager=parsed["no_pager"],
    )
    fmt = session.resolve_format(parsed["fmt"], parsed["json"], parsed["plain"])
    guarded(lambda: _run(session, parsed, fmt), session)
