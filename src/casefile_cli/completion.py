"""Shell completion for bash, zsh and fish, fast enough for every TAB press.

The shell scripts (`completion_script`) call `casefile` again with
`_CASEFILE_COMPLETE=bash|zsh|fish`, `COMP_CWORD` (the index of the word being
completed) and the words of the command line as arguments; `answer` prints
the candidates: for bash one value per line, quoted for the line as typed
(`iron\\ felix`, or `"iron felix"` after a quote); for zsh and fish
`value<TAB>description`. Names come from one indexed query on the name
index (no Typer); options and their values come from the command's
declaration (Typer is imported only then).
"""

from __future__ import annotations

from casefile_cli.options import (
    GLOBAL_OPTIONS,
    LOOKUP_OPTIONS,
    NAME_KINDS,
    TERMINAL_OPTIONS,
)
from casefile_cli.record import Record

SHELLS = ("bash", "zsh", "fish")
# Name forms offered first: a record's own names and the names the text gives
# it as names; its misspellings and other transliterations only if nothing else.
OWN_FORMS = ("name", "full-name", "word")
GIVEN_FORMS = ("codename", "nickname", "cover-name", "pseudonym", "title", "other-name", "native")
TEXT_FORMS = ("spelling", "transliteration")
RANKS = {
    **{kind: 0 for kind in OWN_FORMS},
    **{kind: 1 for kind in GIVEN_FORMS},
    **{kind: 2 for kind in TEXT_FORMS},
}
VALUE_FLAGS = {
    flag
    for option in GLOBAL_OPTIONS + LOOKUP_OPTIONS + TERMINAL_OPTIONS
    if not option.flag
    for flag in option.flags
}
# Options whose values are files: left to the shell's own completion.
FILE_OPTIONS = ("db", "sources", "target", "path")


class Candidate(Record):
    value: str
    description: str = ""


def _typed_form(incomplete: str, form: str) -> str | None:
    """`form` with the typed prefix kept as typed ("ye" -> "yezhov"), or None
    when the form does not start with it (shells drop those anyway)."""
    if form[: len(incomplete)].casefold() != incomplete.casefold():
        return None
    value = incomplete + form[len(incomplete) :]
    return value.lower() if incomplete.islower() else value


def _name_value(incomplete: str, form) -> str | None:
    if form.form_kind != "word":
        return _typed_form(incomplete, form.form)
    from casefile_cli.search import normalise

    prefix = normalise(incomplete)
    for word in form.form.split()[1:]:  # the first word is the name itself
        if normalise(word).startswith(prefix):
            return _typed_form(incomplete, word)
    return None


def name_candidates(incomplete: str, kinds: tuple[str, ...], db=None, limit: int = 50):
    """Names, surnames and codenames starting with what was typed."""
    from casefile_cli.search import STOPWORDS, normalise
    from casefile_cli.store.completing import name_forms
    from casefile_cli.store.connect import locate_database

    prefix = normalise(incomplete)
    # The name index keeps every word of a name but its stopwords.
    stopword = any(word.startswith(prefix) for word in STOPWORDS)
    indexed = bool(prefix) and " " not in prefix and not stopword

    def settled(forms, later_word) -> bool:
        return _settled(_best(incomplete, forms), limit, later_word)

    path = locate_database(db)
    forms = name_forms(path, prefix, kinds, limit * 10, words_indexed=indexed, settled=settled)
    ranked = sorted(_best(incomplete, forms).values(), key=lambda item: item[:2])
    preferred = [c for rank, _, c in ranked if rank < 2]
    return (preferred or [c for _, _, c in ranked])[:limit]


def _best(incomplete: str, forms) -> dict[str, tuple[int, int, Candidate]]:
    """value -> (rank, order, candidate): each value once, at its best rank,
    in the place of the first form that gave it."""
    from casefile_cli.render.safe import is_safe_line

    best: dict[str, tuple[int, int, Candidate]] = {}
    for order, form in enumerate(forms):
        value = _name_value(incomplete, form)
        if value is None or not is_safe_line(value):  # never type a control into the shell
            continue
        if form.form_kind not in RANKS:  # generated romanisations, headings, kind words
            continue
        rank = RANKS[form.form_kind]
        about = form.label if form.label.casefold() != value.casefold() else form.record_kind
        key = value.casefold()
        if key not in best or rank < best[key][0]:
            best[key] = (rank, best[key][1] if key in best else order, Candidate(value, about))
    return best


def _settled(best: dict, limit: int, later_word) -> bool:
    """Whether the surnames still to be read (every one a single word, found
    after every form so far) can no longer change the first `limit` values:
    they can only add values behind these, or raise a value of a lower rank
    to the first, keeping its place. Settled when `limit` values of the first
    rank come first, and no value of a lower rank before the last of them
    is a single word that `later_word` says some name has as a later word."""
    first = sorted(order for rank, order, _ in best.values() if rank == 0)
    if len(first) < limit:
        return False
    last = first[limit - 1]
    raisable = [
        key for key, (rank, order, _) in best.items()
        if rank > 0 and order < last and len(key.split()) == 1
    ]  # fmt: skip
    return not any(_may_be_later_word(key, later_word) for key in raisable)


def _may_be_later_word(key: str, later_word) -> bool:
    """Whether a name may have `key` as a later word, as far as the name
    index can tell: it keeps every word but stopwords."""
    from casefile_cli.search import STOPWORDS, normalise

    word = normalise(key)
    if not word or " " in word or word in STOPWORDS:
        return True
    return later_word(word)


def complete_names(incomplete: str, kinds: tuple[str, ...], limit: int = 50) -> list[str]:
    """Name values only (Typer's autocompletion hook)."""
    return [c.value for c in name_candidates(incomplete, kinds, limit=limit)]


class Line(Record):
    """What is known of the command line up to the word being completed."""

    db: str | None
    path: tuple[str, ...]  # the command: ("show",), ("db", "build")
    positionals: int  # how many arguments of the command come before
    previous: str  # the word before
    incomplete: str


def _read_line(words: list[str], current: int) -> Line:
    before = words[:current]
    incomplete = words[current] if current < len(words) else ""
    db, path, positionals, expecting = None, (), 0, None
    for word in before:
        if expecting:
            if expecting == "--db":
                db = word
            expecting = None
        elif word.startswith("-") and word != "-":
            name = word.split("=", 1)[0]
            if "=" not in word and (name in VALUE_FLAGS or _takes_value(path, name)):
                expecting = name
            elif name == "--db" and "=" in word:
                db = word.split("=", 1)[1]
        elif not path or path == ("db",):
            path = (*path, word)
        else:
            positionals += 1
    return Line(db, path, positionals, before[-1] if before else "", incomplete)


def _takes_value(path: tuple[str, ...], flag: str) -> bool:
    option = _options(path).get(flag)
    return bool(option and not option.is_flag)


def _click_command(path: tuple[str, ...]):
    import typer.main

    from casefile_cli.cli import app

    command = typer.main.get_command(app)
    for name in path:
        command = getattr(command, "commands", {}).get(name)
        if command is None:
            return None
    return command


def _options(path: tuple[str, ...]) -> dict:
    """flag -> click option, for the command (or the top level)."""
    command = _click_command(path)
    if command is None:
        return {}
    return {
        flag: param
        for param in command.params
        if param.param_type_name == "option"
        for flag in param.opts
    }


def _commands(path: tuple[str, ...], incomplete: str) -> list[Candidate]:
    command = _click_command(path)
    found = []
    for name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden and name.startswith(incomplete):
            found.append(Candidate(name, sub.get_short_help_str(limit=72)))
    return found


def _option_candidates(path: tuple[str, ...], incomplete: str) -> list[Candidate]:
    found = []
    for flag, option in _options(path).items():
        if flag.startswith(incomplete) and flag.startswith("--"):
            found.append(Candidate(flag, option.help or ""))
    return found


def _value_candidates(line: Line, option, db) -> list[Candidate] | None:
    """Values of the option before the word; None: files (the shell's own)."""
    from casefile_cli.store.connect import locate_database

    dest, typed = option.name, line.incomplete
    if dest in FILE_OPTIONS:
        return None
    if dest == "case":
        from casefile_cli.store.completing import casefile_numbers

        rows = casefile_numbers(locate_database(db))
        return [Candidate(n, t) for n, t in rows if n.startswith(typed)]
    if dest == "kind" and line.path == ("timeline",):
        from casefile_cli.store.completing import entry_kinds

        return [Candidate(k) for k in entry_kinds(locate_database(db)) if k.startswith(typed)]
    if dest in ("figure", "organisation"):
        return name_candidates(typed, (dest,), db)
    choices = getattr(option.type, "choices", None) or ()
    return [Candidate(str(c)) for c in choices if str(c).startswith(typed)]


def _argument_candidates(line: Line) -> list[Candidate] | None:
    command = line.path[0] if line.path else ""
    if command == "help":
        return _commands(line.path[1:] if line.positionals else (), line.incomplete)
    if command in NAME_KINDS and line.positionals < (2 if command == "chain" else 1):
        return name_candidates(line.incomplete, NAME_KINDS[command], line.db)
    if command == "list" and line.positionals == 0:
        kinds = ("operations", "figures", "organisations", "events")
        return [Candidate(k) for k in kinds if k.startswith(line.incomplete)]
    if command == "import":
        return None
    return []


def candidates(words: list[str], current: int) -> list[Candidate] | None:
    """What may come at word `current` of `words` (the words after the
    program's name); None when the shell should complete file names."""
    line = _read_line(words, current)
    if line.previous.startswith("-") and line.previous not in ("-", "--"):
        flag = line.previous
        if flag in VALUE_FLAGS or _takes_value(line.path, flag):
            option = _options(line.path).get(flag)
            return [] if option is None else _value_candidates(line, option, line.db)
    if line.incomplete.startswith("-"):
        return _option_candidates(line.path, line.incomplete)
    if not line.path or line.path == ("db",):
        return _commands(line.path, line.incomplete)
    return _argument_candidates(line)


def _bash_quoted(value: str, typed: str) -> str:
    """The value as bash must insert it into the line: inside the quote the
    user opened, or with its spaces and specials escaped."""
    if typed[:1] in ("'", '"'):
        quote = typed[0]
        return quote + value.replace(quote, "\\" + quote if quote == '"' else "'\\''") + quote
    special = " \t\n\"'\\$`!&;|<>()[]{}*?#~"
    return "".join("\\" + c if c in special else c for c in value)


def _unquoted(word: str) -> str:
    """The word as bash passes it (quotes and backslashes as typed) -> the text."""
    if word[:1] in ("'", '"'):
        return word[1:].rstrip(word[0])
    return word.replace("\\", "")


def answer(environ, words: list[str]) -> str | None:
    """The answer to a completion request, or None if this is not one."""
    shell = environ.get("_CASEFILE_COMPLETE")
    if shell not in SHELLS:
        return None
    try:  # the shells count the program's name as word 0
        current = int(environ.get("COMP_CWORD", "")) - 1
    except ValueError:
        current = len(words)
    raw = words[current] if 0 <= current < len(words) else ""
    words = [_unquoted(w) if shell == "bash" else w for w in words]
    try:
        found = candidates(words, current)
    except Exception:  # noqa: BLE001 - nothing may reach the user's command line
        found = []
    if found is None:
        return ""  # the shell falls back to file names
    if shell == "bash":
        return "".join(_bash_quoted(c.value, raw) + "\n" for c in found)
    return "".join(
        f"{c.value}\t{' '.join(c.description.split())}\n" if c.description else f"{c.value}\n"
        for c in found
    )
