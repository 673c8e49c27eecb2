"""Shell completion of names, fast enough for every TAB press: one indexed
prefix query on the name index, no fuzzy matching."""

from __future__ import annotations

from casefile_cli.options import NAME_KINDS


def complete_names(incomplete: str, kinds: tuple[str, ...], limit: int = 50) -> list[str]:
    """Name forms (names, aliases, codenames) starting with what was typed."""
    from casefile_cli.search import normalise
    from casefile_cli.session import Session

    rows = Session().name_forms(normalise(incomplete), kinds, limit * 10)
    # Shells keep only values that start with exactly what was typed, so the
    # typed prefix is kept as typed: "ye" completes to "yezhov" as well as "Ye...".
    from casefile_cli.render.safe import is_safe_line

    values = []
    for form in filter(is_safe_line, rows):  # never type a control into the shell
        head = form[: len(incomplete)]
        if head.casefold() == incomplete.casefold():
            value = incomplete + form[len(incomplete) :]
            if incomplete.islower():
                value = value.lower()  # "og" -> "ogpu", not "ogPU"
            if value not in values:
                values.append(value)
    return values[:limit]


def bash_request(environ) -> str | None:
    """The answer to a bash completion request for a name, as Typer's bash
    protocol expects it (one value per line), or None to let Typer answer."""
    if environ.get("_CASEFILE_COMPLETE") != "complete_bash":
        return None
    words = environ.get("COMP_WORDS", "").split()
    try:
        current = int(environ.get("COMP_CWORD", ""))
    except ValueError:
        return None
    if current != 2 or len(words) < 2 or words[1] not in NAME_KINDS:
        return None
    incomplete = words[2] if len(words) > 2 else ""
    return "\n".join(complete_names(incomplete, NAME_KINDS[words[1]]))
