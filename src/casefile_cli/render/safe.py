"""Output safety: what a string from data or from the user may put on a terminal.

A database can come from any tool, so every string that reaches stdout or
stderr outside JSON passes through here first, whatever import allowed.
Characters a terminal would act on or hide are shown as visible escapes
(`\\x1b`, `\\u202e`): C0 and C1 controls (ESC, BEL, CSI...), DEL, bidi
embeddings, overrides and isolates, zero-width and other invisible format
characters, line and paragraph separators, lone surrogates and tag
characters. `line` makes one line of anything (newlines included); `prose`
keeps newlines and tabs. JSON escapes its own controls; `json_text` escapes
the rest, so the parsed values are unchanged. Only `re` is imported: the
lookup path uses this.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from casefile_cli.render.content import Card

# Everything but the controls: JSON escapes those itself.
_INVISIBLE = (
    "\x7f-\x9f"  # DEL and the C1 controls (CSI is \x9b)
    "\xad"  # soft hyphen
    "\u061c\u180e"  # Arabic letter mark, Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space, joiners, LRM, RLM
    "\u2028-\u202e"  # line/paragraph separators, bidi embeddings and overrides
    "\u2060-\u206f"  # word joiner, invisible operators, bidi isolates
    "\ufeff\ufff9-\ufffb"  # zero-width no-break space, interlinear annotations
    "\ud800-\udfff"  # lone surrogates (cannot even be encoded)
    "\U000e0000-\U000e007f"  # tag characters
)
# Patterns, not compiled ones: compiling these three cost 1.5 ms of every
# lookup, and most text never needs them (re compiles and caches them once).
# Every character they match is one str.isprintable() refuses, so printable
# text is returned as it is without them.
_ONE_LINE = f"[\x00-\x1f{_INVISIBLE}]"
_PROSE = f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]"
_IN_JSON = f"[{_INVISIBLE}]"


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    if code == 0x0D:
        return "\\r"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json_escape(match: re.Match) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON spells astral characters
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def line(text: object) -> str:
    """`text` as one safe line: newlines and every other control escaped."""
    text = text if isinstance(text, str) else str(text)
    return text if text.isprintable() else re.sub(_ONE_LINE, _escape, text)


_ASCII_CONTROLS = bytes(range(32)) + b"\x7f"


def plain_lines(names: list) -> str:
    """The names one per line, each as `" ".join(line(name).split())` makes
    it: in one piece when none needs a change, tested all at once in C."""
    try:
        text, whole = "\n".join(names), "".join(names)
    except TypeError:  # a value that is not text (a database from another tool)
        text = whole = "\n"
    if whole.isascii():  # ASCII: only its controls are escaped or split at
        printable = len(whole.encode("ascii").translate(None, _ASCII_CONTROLS)) == len(whole)
    else:
        # Printable excludes every character `line` escapes and all whitespace
        # but the space (Unicode's Other and Separator; a test checks).
        printable = whole.isprintable()
    if (
        not printable
        or "  " in text  # spaces doubled, leading or trailing
        or " \n" in text
        or "\n " in text
        or text[:1] == " "
        or text[-1:] == " "
    ):
        return "".join([" ".join(line(name).split()) + "\n" for name in names])
    return text + "\n" if names else ""


def prose(text: object) -> str:
    """`text` safe for a terminal, keeping its newlines and tabs (CRLF -> LF)."""
    text = (text if isinstance(text, str) else str(text)).replace("\r\n", "\n")
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return re.sub(_PROSE, _escape, text)


def json_text(text: str) -> str:
    """Serialised JSON with the invisible characters JSON leaves raw escaped."""
    if text.replace("\n", "").isprintable():  # JSON's own layout: newlines
        return text
    return re.sub(_IN_JSON, _json_escape, text)


def is_safe_line(text: str) -> bool:
    return text.isprintable() or re.search(_ONE_LINE, text) is None


def first_unsafe(text: str, *, one_line: bool) -> str | None:
    """The first character `line` (or `prose`) would escape, as its escape;
    None if there is none. Import refuses such text rather than storing it."""
    found = re.search(_ONE_LINE if one_line else _PROSE, text)
    return _escape(found) if found else None


def card(value: Card) -> Card:
    """A copy of a card with every string safe: paragraphs keep their
    newlines, everything else is one line."""
    from casefile_cli.render.content import Card, Table

    return Card(
        line(value.title),
        line(value.kind),
        line(value.subtitle),
        fields=[(line(label), line(text)) for label, text in value.fields],
        blocks=[(line(heading), prose(text)) for heading, text in value.blocks],
        lead=[(line(heading), prose(text)) for heading, text in value.lead],
        tables=[
            Table(
                line(table.title),
                [line(h) for h in table.headers],
                [[line(cell) for cell in row] for row in table.rows],
            )
            for table in value.tables
        ],
        quotes=[(prose(text), line(who)) for text, who in value.quotes],
        see_also=[line(command) for command in value.see_also],
        source=line(value.source),
    )
