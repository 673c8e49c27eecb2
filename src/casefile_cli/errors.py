"""Exit codes and the errors that map onto them.

Every user-facing failure is a `CasefileError` with a message written for the
user; the CLI turns it into one stderr line and its exit code in one place.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    INTERNAL_ERROR = 1
    USAGE = 2
    NOT_FOUND = 3
    AMBIGUOUS = 4
    DATABASE = 5
    INTERRUPTED = 130


class CasefileError(Exception):
    exit_code = ExitCode.INTERNAL_ERROR

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CasefileError):
    exit_code = ExitCode.USAGE


class NotFoundError(CasefileError):
    exit_code = ExitCode.NOT_FOUND

    def __init__(self, message: str, *, suggestions: list[str] | None = None, hint=None):
        super().__init__(message, hint=hint)
        self.suggestions = suggestions or []


class AmbiguousError(CasefileError):
    """Several records match about equally well; `candidates` are `Match`es."""

    exit_code = ExitCode.AMBIGUOUS

    def __init__(self, message: str, candidates: list, *, hint=None):
        super().__init__(message, hint=hint)
        self.candidates = candidates


class DatabaseError(CasefileError):
    exit_code = ExitCode.DATABASE


class SourceError(CasefileError):
    """Invalid case-file sources: one entry per problem, nothing written."""

    exit_code = ExitCode.USAGE

    def __init__(self, problems: list[str]):
        first = problems[0] if problems else "invalid sources"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)
        self.problems = problems
