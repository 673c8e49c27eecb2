#!/usr/bin/env python3
"""Write share/man/man1/casefile.1 from casefile's own --help, help2man-style.

    python scripts/make_manpage.py           # write the page
    python scripts/make_manpage.py --check   # exit 1 if the page is stale

Every command's help is taken from the Typer app at 80 columns, exactly as
`casefile CMD --help` prints it, and turned into man(7) markup: usage lines
become synopses, "Options:"-style sections definition lists, indented lines
(examples) literal blocks. The exit codes come from casefile_cli.errors.
The page carries no date, so it changes only when the help does.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
MANPAGE = ROOT / "share" / "man" / "man1" / "casefile.1"
WIDTH = 80

# What each exit code means, for EXIT STATUS; a code without words fails the build.
EXIT_WORDS = {
    "OK": "Success.",
    "INTERNAL_ERROR": "A bug in casefile (rerun with --debug for a traceback).",
    "USAGE": (
        "Usage error: a bad option, argument or input file, refused SQL, or a limit of "
        "sql or search reached."
    ),
    "NOT_FOUND": "Nothing matched the query.",
    "AMBIGUOUS": "Several records matched about equally well (use --first or a fuller name).",
    "DATABASE": "The database is missing, unreadable or fails its checks.",
    "INTERRUPTED": "Interrupted (Ctrl-C).",
}
ENVIRONMENT = {
    "CASEFILE_DB": "The database file to use when --db is not given.",
    "NO_COLOR": "When set (to anything), no colour.",
    "TERM": "When dumb, no colour.",
    "COLUMNS": "The width to lay cards out for, instead of the terminal's.",
}
HEADING = re.compile(r"^([A-Z][A-Za-z ]*):$")


class Entry(NamedTuple):
    term: str
    text: str


class Section(NamedTuple):
    heading: str
    entries: list[Entry]  # for "Options:", "Arguments:", "Commands:"
    literal: list[str]  # for anything else (e.g. "Examples:")


class Help(NamedTuple):
    usage: str  # "casefile show [OPTIONS] QUERY..."
    paragraphs: list[list[str]]  # each a list of lines; indented ones stay literal
    sections: list[Section]
    epilog: list[list[str]]  # paragraphs after the option list (e.g. examples)


def help_text(path: list[str]) -> str:
    """`casefile PATH --help` at the man page's width, from the Typer app."""
    from casefile_cli.cli import help_text as rendered

    return rendered(path, WIDTH)


def command_paths() -> list[list[str]]:
    """Every visible command and group, in the order --help lists them."""
    import typer

    from casefile_cli.cli import app

    # Duck-typed: typer may bring its own copy of click.
    def walk(command, path: list[str], parent) -> list[list[str]]:
        found = [path] if path else []
        if hasattr(command, "list_commands"):
            name = path[-1] if path else "casefile"
            context = command.context_class(command, info_name=name, parent=parent)
            for child_name in command.list_commands(context):
                child = command.get_command(context, child_name)
                if child is not None and not child.hidden:
                    found += walk(child, [*path, child_name], context)
        return found

    return walk(typer.main.get_command(app), [], None)


def _entries(lines: list[str]) -> list[Entry]:
    """Click's two-column lists: a term at indent 2, its text after two
    spaces or on the following, further indented lines."""
    entries: list[Entry] = []
    for line in lines:
        if not line.strip():
            continue
        if line.startswith("  ") and not line.startswith("   "):
            term, _, text = line.strip().partition("  ")
            entries.append(Entry(term.strip(), text.strip()))
        elif entries:
            term, text = entries[-1]
            entries[-1] = Entry(term, f"{text} {line.strip()}".strip())
    return entries


def parse_help(text: str) -> Help:
    lines = text.rstrip("\n").splitlines()
    usage = lines[0].removeprefix("Usage:").strip()
    index = 1
    while index < len(lines) and lines[index].startswith(" " * 8):  # a wrapped usage line
        usage += " " + lines[index].strip()
        index += 1
    paragraphs: list[list[str]] = [[]]
    sections: list[Section] = []
    epilog: list[list[str]] = [[]]
    listed = ("Options", "Arguments", "Commands")
    state = "description"  # then "section", "between" (after a list) or "epilog"
    for line in lines[index:]:
        heading = HEADING.match(line)
        if heading and state != "epilog":
            sections.append(Section(heading[1], [], []))
            state = "section"
        elif state == "description":
            _add_line(paragraphs, line)
        elif state == "section" and not line.strip() and sections[-1].heading in listed:
            state = "between"  # click's lists have no blank lines inside them
        elif state == "section":
            sections[-1].literal.append(line)
        elif line.strip() or state == "epilog":
            state = "epilog"  # text after the last list that is no heading
            _add_line(epilog, line)
    sections = [
        Section(s.heading, _entries(s.literal), []) if s.heading in listed else s for s in sections
    ]
    return Help(usage, [p for p in paragraphs if p], sections, [p for p in epilog if p])


def _add_line(paragraphs: list[list[str]], line: str) -> None:
    """Lines of indented prose into paragraphs (a blank line starts the next)."""
    if line.strip():
        paragraphs[-1].append(line[2:] if line.startswith("  ") else line)
    elif paragraphs[-1]:
        paragraphs.append([])


def escape(text: str) -> str:
    """Text safe inside man(7) markup: backslashes, hyphens, leading dots."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def _paragraph(lines: list[str]) -> list[str]:
    """Plain lines run together; indented ones (examples) stay as they are."""
    out = [".PP"]
    literal = [line for line in lines if line.startswith("  ")]
    if not literal:
        return [*out, escape(" ".join(line.strip() for line in lines))]
    out.append(".nf")
    out += [escape(line) for line in lines]
    return [*out, ".fi"]


def _section(section: Section, level: str = ".PP") -> list[str]:
    out = [level, f"\\fB{escape(section.heading)}:\\fR"] if level else []
    if section.entries:
        out.append(".RS 4" if level else ".PP")
        for entry in section.entries:
            out += [".TP", f"\\fB{escape(entry.term)}\\fR", escape(entry.text) or "\\&"]
        if level:
            out.append(".RE")
        return out
    lines = [line for line in section.literal]
    while lines and not lines[-1].strip():
        lines.pop()
    return [*out, ".nf", *(escape(line) for line in lines), ".fi"]


def _synopsis(usage: str) -> list[str]:
    """'casefile show [OPTIONS] QUERY...' as a man synopsis: the name in bold."""
    words = usage.split()
    name = list(
        itertools.takewhile(lambda w: not w.startswith(("[", "-")) and w.upper() != w, words)
    )
    rest = escape(" ".join(words[len(name) :]))
    return [f".B {escape(' '.join(name))}", *([rest] if rest else [])]


def _command(path: list[str], page: Help) -> list[str]:
    out = [f'.SS "casefile {escape(" ".join(path))}"', ".PP", *_synopsis(page.usage)]
    for paragraph in page.paragraphs:
        out += _paragraph(paragraph)
    for section in page.sections:
        if section.heading != "Commands":  # each has its own subsection
            out += _section(section)
    for paragraph in page.epilog:
        out += _paragraph(paragraph)
    return out


def manpage() -> str:
    from casefile_cli import __version__
    from casefile_cli.errors import ExitCode

    top = parse_help(help_text([]))
    summary = " ".join(top.paragraphs[0]).rstrip(".") if top.paragraphs else "casefile"
    out = [
        '.\\" Generated by scripts/make_manpage.py from casefile --help; do not edit.',
        f'.TH CASEFILE 1 "" "casefile {escape(__version__)}" "User Commands"',
        ".SH NAME",
        f"casefile \\- {escape(summary[:1].lower() + summary[1:])}",
        ".SH SYNOPSIS",
        *_synopsis(top.usage),
        ".SH DESCRIPTION",
    ]
    for paragraph in top.paragraphs:
        out += _paragraph(paragraph)
    out += [".PP", "Each command's own options follow its name; see COMMANDS below."]
    for section in top.sections:
        if section.heading != "Commands":  # listed in full under COMMANDS
            out += [f".SH {escape(section.heading.upper())}", *_section(section, level="")]
    out.append(".SH COMMANDS")
    for path in command_paths():
        out += _command(path, parse_help(help_text(path)))
    out.append(".SH EXIT STATUS")
    for code in ExitCode:
        out += [".TP", f"\\fB{code.value}\\fR", escape(EXIT_WORDS[code.name])]
    out.append(".SH ENVIRONMENT")
    for name, words in ENVIRONMENT.items():
        out += [".TP", f"\\fB{escape(name)}\\fR", escape(words)]
    out += [
        ".SH SEE ALSO",
        ".BR sqlite3 (1).",
        "The command reference docs/cli.md and the README in the source distribution.",
    ]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    os.environ["COLUMNS"] = str(WIDTH)
    text = manpage()
    if "--check" in argv:
        if not MANPAGE.exists() or MANPAGE.read_text(encoding="utf-8") != text:
            print(
                f"{MANPAGE.relative_to(ROOT)} is stale: run scripts/make_manpage.py",
                file=sys.stderr,
            )
            return 1
        return 0
    MANPAGE.parent.mkdir(parents=True, exist_ok=True)
    MANPAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
