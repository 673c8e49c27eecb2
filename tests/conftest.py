"""Fixtures. Tests never touch the committed database: every test runs with
CASEFILE_DB pointing at its own temporary copy, and tests that need another
database build or copy it into a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .support import CASEFILE_TEXT, DATABASE, EXAMPLE_SOURCES


@pytest.fixture(scope="session")
def real_db() -> Path:
    if not DATABASE.exists():
        pytest.fail("data/casefiles.db is missing: run 'casefile db build' and commit it")
    return DATABASE


@pytest.fixture(autouse=True)
def isolated_database(real_db, tmp_path_factory, monkeypatch) -> Path:
    """Whatever a test writes without --db lands in a copy, not in data/."""
    target = tmp_path_factory.mktemp("isolated") / "casefiles.db"
    shutil.copyfile(real_db, target)
    monkeypatch.setenv("CASEFILE_DB", str(target))
    # Nor in the real user's data directory (imports without --db go there).
    monkeypatch.setenv("XDG_DATA_HOME", str(target.parent / "data-home"))
    return target


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    from casefile_cli.build import build_database

    path = tmp_path_factory.mktemp("example") / "example.db"
    build_database(EXAMPLE_SOURCES, path)
    return path


@pytest.fixture
def db_copy(real_db, tmp_path) -> Path:
    target = tmp_path / "casefiles.db"
    shutil.copyfile(real_db, target)
    return target


@pytest.fixture(scope="session")
def casefile_text() -> str:
    if not CASEFILE_TEXT.exists():
        pytest.skip(f"the case-file text is not here ({CASEFILE_TEXT}); it lives in ../shared")
    return CASEFILE_TEXT.read_text(encoding="utf-8")
