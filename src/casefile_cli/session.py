"""One run of the command line: where output goes, which database, whether to
show tracebacks. Built at the edge (`entry.py`, `cli.py`) and passed down.

The database is opened on first use; storage is imported only then, so that
`casefile --help` and completion pay nothing for it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from casefile_cli.environment import Environment

if TYPE_CHECKING:
    from pathlib import Path


class Session:
    def __init__(
        self,
        env: Environment | None = None,
        *,
        db: str | Path | None = None,
        no_color: bool = False,
        debug: bool = False,
    ):
        self._given_env = env
        self._env: Environment | None = None
        self.db = db
        self.no_color = no_color
        self.debug = debug
        self._database = None
        # The query being answered when reading queries from stdin; script
        # formats add it to each answer.
        self.batch_query: str | None = None

    def configure(self, *, db=None, no_color: bool = False, debug: bool = False) -> None:
        """The global options, once parsed."""
        self.db, self.no_color, self.debug = db, no_color, debug
        self._env = None
        self._database = None

    @property
    def env(self) -> Environment:
        if self._env is None:
            if self._given_env is None:
                self._env = Environment.detect(no_color=self.no_color)
            elif self.no_color:
                self._env = self._given_env._replace(color=False)
            else:
                self._env = self._given_env
        return self._env

    def line(self, text: str) -> None:
        self.env.stdout.write(text + "\n")

    def resolve_format(self, fmt: str | None, json: bool = False, plain: bool = False) -> str:
        """--format wins, then --json, then --plain; by default a card or table
        on a terminal and undecorated text when piped."""
        if fmt:
            return fmt
        if json:
            return "json"
        if plain:
            return "plain"
        return "card" if self.env.stdout_isatty else "text"

    def database_path(self, default: Path | None = None) -> str | Path:
        """--db, then $CASEFILE_DB, then `default` if given, then the packaged database."""
        from casefile_cli.store.connect import ENV_VAR, locate_database

        if default is not None and not self.db and not os.environ.get(ENV_VAR):
            return default
        return locate_database(self.db)

    def database(self):
        if self._database is None:
            from casefile_cli.store.connect import open_database

            self._database = open_database(self.database_path())
        return self._database

    def damaged_database(self) -> str | None:
        """What the open database lacks of its schema ('figures.summary, ...'),
        or None: asked when a lookup fails, to tell damage from a bug."""
        if self._database is None:
            return None
        from casefile_cli.store.shape import missing_columns

        try:
            missing = missing_columns(self._database.connection)
        except Exception:  # noqa: BLE001 - too damaged to say: the error itself is reported
            return None
        return ", ".join(missing[:5]) or None

    def name_forms(self, prefix: str, kinds: tuple[str, ...], limit: int) -> list[str]:
        """Name forms starting with a normalised prefix (for completion)."""
        from casefile_cli.store.connect import forms_starting_with, locate_database

        return forms_starting_with(locate_database(self.db), prefix, kinds, limit)
