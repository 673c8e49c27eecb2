"""Reading one case-file source file safely, for `sources.load_casefile`.

Sources may come from someone else, so reading one is bounded and refuses
early: only regular files are opened (a FIFO would block forever), never
through a link that leaves the case-file folder, at most `MAX_BYTES`; the
bytes must be UTF-8 without raw control characters; the YAML may nest at
most `MAX_DEPTH` levels and its aliases may add at most `ALIAS_BUDGET`
values (a "billion laughs" file expands to gigabytes otherwise). Every
refusal is a `SourceProblem` naming FILE:LINE and at most the offending token.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path
from typing import Any

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
ALIAS_BUDGET = 10_000
MAX_INT_DIGITS = 18  # below 2**63, SQLite's largest integer
TOKEN_CHARS = 40
# What YAML accepts in a stream (tab, newlines, printable text), checked
# first so that a refusal can name the line.
_NOT_ALLOWED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")


class SourceProblem(Exception):
    """One file cannot be read: `where` is FILE:LINE."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class Located(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 0
    key_lines: dict


def shown(name: str) -> str:
    """A file name for a message: control, bidi and other invisible
    characters (and undecodable bytes) as escapes, never raw."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)


def token(value: Any) -> str:
    """The offending value, quoted and cut short: a message never echoes a whole line."""
    text = str(value)
    if len(text) > TOKEN_CHARS:
        text = text[:TOKEN_CHARS] + "…"
    return shown(repr(text))


def label(path: Path) -> str:
    """How messages name a source file: its case file's folder and its own
    name (`9122/casefile.yaml`), so that a warning says which case file."""
    folder = path.absolute().parent.name
    return shown(f"{folder}/{path.name}" if folder else path.name)


def read_source(path: Path, folder: Path | None) -> Any:
    """The YAML document in `path` (a `Located` mapping, if well-formed).
    `folder`, when given, is the case-file folder the file must stay inside."""
    name = label(path)
    if folder is not None and not _inside(path, folder):
        raise SourceProblem(f"{name}:1", "a link to a file outside the case-file folder; not read")
    data = _read_bytes(path, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceProblem(
            f"{name}:{line}", f"not UTF-8 text (byte 0x{data[error.start]:02x})"
        ) from None
    bad = _NOT_ALLOWED.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceProblem(
            f"{name}:{line}", f"raw control character {ascii(bad.group())[1:-1]}; remove it"
        )
    document = _parse(text, name)
    if document is None:
        raise SourceProblem(f"{name}:1", "empty file: expected a 'casefile' record or records")
    return document


def _inside(path: Path, folder: Path) -> bool:
    real_folder = os.path.realpath(folder)
    real = os.path.realpath(path)
    return os.path.commonpath([real, real_folder]) == real_folder


def _read_bytes(path: Path, name: str) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise SourceProblem(f"{name}:1", f"cannot read ({error.strerror})") from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise SourceProblem(f"{name}:1", "a folder, not a YAML file")
        if not stat.S_ISREG(mode):
            raise SourceProblem(f"{name}:1", "not a regular file (a FIFO or device?); not read")
        with open(handle, "rb", closefd=False) as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise SourceProblem(f"{name}:1", f"cannot read ({error.strerror})") from None
    finally:
        os.close(handle)
    if len(data) > MAX_BYTES:
        raise SourceProblem(f"{name}:1", f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def _parse(text: str, name: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = str(getattr(error, "problem", None) or "unreadable")
        if len(problem) > 2 * TOKEN_CHARS:
            problem = problem[: 2 * TOKEN_CHARS] + "…"
        raise SourceProblem(f"{name}:{line}", f"not valid YAML ({shown(problem)})") from None
    except (ValueError, TypeError, AttributeError, OverflowError):
        # An explicit tag whose value does not parse (`!!float abc`); PyYAML gives no line.
        raise SourceProblem(
            f"{name}:1", "not valid YAML (a tagged value of the wrong form)"
        ) from None


@functools.cache
def _loader():
    import yaml
    from yaml.composer import ComposerError
    from yaml.nodes import MappingNode, SequenceNode

    class SourceLoader(yaml.SafeLoader):
        """SafeLoader with budgets, line numbers and fewer implicit types."""

        def __init__(self, stream):
            super().__init__(stream)
            self.depth = 0
            self.expanded = 0
            self.weights: dict[int, int] = {}

        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) and event.anchor in self.anchors:
                self.expanded += self.weight(self.anchors[event.anchor], event.start_mark)
                if self.expanded > ALIAS_BUDGET:
                    raise ComposerError(
                        None, None, f"aliases expand past {ALIAS_BUDGET} values", event.start_mark
                    )
                return super().compose_node(parent, index)
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise ComposerError(
                        None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def weight(self, node, mark) -> int:
            """How many values `node` stands for once every alias in it is expanded."""
            if node.end_mark is None:  # still being read: the alias is inside its anchor
                raise ComposerError(None, None, "an alias inside its own anchor", mark)
            known = self.weights.get(id(node))
            if known is None:
                if isinstance(node, SequenceNode):
                    known = 1 + sum(self.weight(item, mark) for item in node.value)
                elif isinstance(node, MappingNode):
                    known = 1 + sum(
                        self.weight(key, mark) + self.weight(value, mark)
                        for key, value in node.value
                    )
                else:
                    known = 1
                self.weights[id(node)] = known
            return known

    SourceLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
    SourceLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    SourceLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
    SourceLoader.yaml_implicit_resolvers = _resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
    return SourceLoader


def _construct_map(loader, node):
    import yaml

    mapping = Located(yaml.SafeLoader.construct_mapping(loader, node))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {
        key.value: key.start_mark.line + 1
        for key, _value in node.value
        if isinstance(key.value, str)
    }
    return mapping


def _construct_int(loader, node):
    import yaml
    from yaml.constructor import ConstructorError

    text = loader.construct_scalar(node)
    if len(text.lstrip("+-").replace("_", "")) > MAX_INT_DIGITS:
        raise ConstructorError(None, None, "a number too large", node.start_mark)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_str(loader, node):
    from yaml.constructor import ConstructorError

    text = loader.construct_scalar(node)
    if _SURROGATE.search(text):
        raise ConstructorError(None, None, "a lone surrogate (\\ud800-\\udfff)", node.start_mark)
    return text


def _resolvers(base: dict) -> dict:
    """YAML 1.1's implicit types, less dates (EDTF is ours to parse), floats
    and non-decimal integers: an unquoted 0x7A1 or 0121 stays text, not 1953 or 81."""
    dropped = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float", "tag:yaml.org,2002:int"}
    resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag not in dropped]
        for first, pairs in base.items()
    }
    for first in "-+0123456789":
        resolvers.setdefault(first, []).append(("tag:yaml.org,2002:int", _DECIMAL))
    return resolvers
