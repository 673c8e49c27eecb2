"""One run of the command line: where output goes, which database, whether to
show tracebacks. Built at the edge (`entry.py`, `cli.py`) and passed down.

The database is opened on first use; storage is imported only then, so that
`casefile --help` and completion pay nothing for it.
"""

from __future__ import annotations

import os

from casefile_cli.environment import Environment, wants_colour

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

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
        color: str | None = None,
        no_pager: bool = False,
    ):
        self._given_env = env
        self._env: Environment | None = None
        self.db = db
        self.no_color = no_color
        self.debug = debug
        self.color = color
        self.no_pager = no_pager
        self._database = None
        # The query being answered when reading queries from stdin; script
        # formats add it to each answer.
        self.batch_query: str | None = None

    def configure(
        self,
        *,
        db=None,
        no_color: bool = False,
        debug: bool = False,
        color: str | None = None,
        no_pager: bool = False,
    ) -> None:
        """The global options, once parsed."""
        self.db, self.no_color, self.debug = db, no_color, debug
        self.color, self.no_pager = color, no_pager
        self._env = None
        self._database = None

    def configure_terminal(
        self, *, color: str | None = None, no_color: bool = False, no_pager: bool = False
    ) -> None:
        """The terminal options given after the command; they add to (or, for
        --color, override) those given before it."""
        if color:
            self.color, self.no_color = color, no_color
        else:
            self.no_color = self.no_color or no_color
        self.no_pager = self.no_pager or no_pager
        self._env = None

    @property
    def env(self) -> Environment:
        if self._env is None:
            mode = "never" if self.no_color else (self.color or "auto")
            if self._given_env is None:
                env = Environment.detect(color=mode)
                if env.stdout_isatty and not self.no_pager:
                    from casefile_cli.pager import paged

                    env = env._replace(stdout=paged(env.stdout))
                self._env = env
            else:
                given = self._given_env
                self._env = given._replace(color=wants_colour(mode, given.color))
        return self._env

    def finish(self) -> None:
        """Let the pager, if one was started, show the rest and quit."""
        if self._env is not None:
            from casefile_cli.pager import close

            close(self._env.stdout)

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
        return "card" if self.env.drawn else "text"

    def database_path(self, default: Path | None = None) -> str | Path:
        """--db, then $CASEFILE_DB, then `default` if given, then the packaged database."""
        from casefile_cli.store.connect import ENV_VAR, locate_database

        if default is not None and not self.db and not os.environ.get(ENV_VAR):
            return default
        return locate_database(self.db)

    def database(self):
        if self._database is None:
            from casefile_cli.store.connect import chosen_database, open_database, user_database

            path = self.database_path()
            database = open_database(path)
            if not chosen_database(self.db) and path == user_database():
                database = self._current(database, path)
            self._database = database
        return self._database

    def _current(self, database, path: str):
        """The user's database, made again first if the package has changed."""
        from casefile_cli.imports import is_stale, remake
        from casefile_cli.store.connect import open_database

        if not is_stale(database.connection):
            return database
        database.connection.close()
        remake(self.notice)
        return open_database(path)

    def notice(self, message: str) -> None:
        """A progress note on stderr (waiting for a lock, remaking a database)."""
        from casefile_cli.boundary import error_line

        error_line(self.env, message)
        self.env.stderr.flush()

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
