"""Two or three real examples for each command, printed at the end of its
--help (and in the man page). A test runs every one of them against the
database, so they stay true. Plain data: no imports."""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "casefile show kirov",
        "casefile who-killed trotsky --json",
        "casefile help timeline",
    ),
    "show": (
        "casefile show kirov",
        "casefile show 'iron felix'",
        "casefile show ogpu --json",
    ),
    "figure": (
        "casefile figure yezhov",
        "casefile figure Ежов --json",
        "casefile list figures --plain | head -3 | casefile figure - --plain",
    ),
    "who-killed": (
        "casefile who-killed trotsky",
        "casefile who-killed slutsky --json",
        "casefile who-killed mercader   # exits 3: not killed",
    ),
    "org": (
        "casefile org ogpu",
        "casefile org nkvd --chart",
        "casefile org cheka --json",
    ),
    "kills": (
        "casefile kills blokhin",
        "casefile kills sudoplatov --format csv",
    ),
    "search": (
        "casefile search 'box of chocolates'",
        "casefile search poison --limit 5 --json",
    ),
    "list": (
        "casefile list operations",
        "casefile list figures --sort name --plain",
    ),
    "timeline": (
        "casefile timeline --from 1937 --to 1938",
        "casefile timeline --figure yezhov --chart",
        "casefile timeline --kind execution --json",
    ),
    "on": (
        "casefile on 1937-09",
        "casefile on '1 December 1934' --json",
    ),
    "graph": (
        "casefile graph yezhov",
        "casefile graph zborowski --format mermaid",
        "casefile graph yezhov --format svg > yezhov.svg",
    ),
    "chain": (
        "casefile chain stalin mercader",
        "casefile chain yagoda yezhov --json",
    ),
    "cascade": (
        "casefile cascade",
        "casefile cascade --plain",
    ),
    "contradictions": (
        "casefile contradictions",
        "casefile contradictions --json",
    ),
    "sql": (
        "casefile sql 'SELECT name FROM figures LIMIT 5'",
        "casefile sql 'SELECT victim, agent FROM killings' --format csv",
    ),
    "schema": (
        "casefile schema",
        "casefile schema --plain",
    ),
    "serve": ("casefile serve", "casefile --db my.db serve --port 8080"),
    "import": (
        "casefile --db my.db import path/to/casefile/",
        "casefile import path/to/casefile/ --replace --quiet",
    ),
    "remove": ("casefile remove 9122", "casefile import --remove 9122"),
    "casefiles": ("casefile casefiles", "casefile list casefiles --json"),
    "db build": (
        "casefile db build",
        "casefile db build --output /tmp/casefiles.db --quiet",
    ),
    "db path": ("casefile db path", "CASEFILE_DB=/tmp/casefiles.db casefile db path"),
    "db check": ("casefile db check", "casefile db check --json"),
    "help": ("casefile help show", "casefile help db build"),
}


def epilog(path: str) -> str | None:
    """The Examples paragraph of a command's help ("\\b": click keeps its lines)."""
    lines = EXAMPLES.get(path)
    if not lines:
        return None
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
