"""`casefile serve`: Datasette on the case files with their metadata, read-only,
on 127.0.0.1; its JSON API and its pages in a real headless browser."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from casefile_cli import web

from .devtools import Browser, find_browser
from .support import DATABASE, EXAMPLE_SOURCES, ROOT, run_cli


def test_shipped_metadata_is_current():
    assert web.SHIPPED_METADATA.read_text("utf-8") == web.metadata_text(DATABASE), (
        "stale: python scripts/make_datasette_metadata.py"
    )


def test_metadata_describes_the_case_files_tables_and_queries():
    meta = web.metadata(DATABASE)
    assert "NKVD Black Work" in meta["title"]
    assert "#0121 NKVD Black Work, Written by Nucleus" in meta["source"]
    database = meta["databases"]["casefiles"]
    assert "chernaya rabota" in database["description_html"]
    tables = database["tables"]
    assert tables["figures"]["label_column"] == "name"
    assert tables["operations"]["label_column"] == "title"
    assert tables["figures"]["fts_table"] == "figures_fts"
    assert all(tables[t]["hidden"] for t in ("names", "name_words", "fold_variants"))
    assert "hidden" not in tables["figures"]
    assert tables["aliases"]["columns"]["kind"].startswith("spelling | transliteration")
    assert "EDTF" in tables["positions"]["columns"]["date_from"]
    assert set(database["queries"]) >= {"who_killed", "office_on_date", "what_a_person_did"}


def test_serve_without_datasette_is_one_line_and_exit_2(monkeypatch):
    monkeypatch.setattr(web.importlib.util, "find_spec", lambda name: None)
    result = run_cli("serve")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert 'pip install "casefile-cli[web]"' in result.stderr


def test_serve_refuses_a_bad_port():
    pytest.importorskip("datasette", reason="Datasette ([web] extra) not installed")
    result = run_cli("serve", "--port", "70000")
    assert result.exit_code == 2
    assert "--port" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _start(log, *args: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`casefile ARGS serve` on a free port, once it answers: (process, base URL)."""
    pytest.importorskip("datasette", reason="Datasette ([web] extra) not installed")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "casefile_cli", *args, "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(base + "/-/versions.json")
            return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.seek(0)
                pytest.fail("casefile serve did not start:\n" + log.read())
            time.sleep(0.2)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w+")
    process, base = _start(log, "--db", str(DATABASE))
    yield base
    process.terminate()
    process.wait(timeout=15)
    log.close()


def test_serve_reads_the_users_imports_and_stops_cleanly(tmp_path, monkeypatch):
    """No --db: the user's database (the package's case files and the imports);
    SIGTERM ends it with exit 0 and its temporary metadata folder removed."""
    monkeypatch.delenv("CASEFILE_DB")
    assert run_cli("import", str(EXAMPLE_SOURCES / "shared-people" / "9121")).exit_code == 0
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    with (tmp_path / "serve.log").open("w+") as log:
        process, base = _start(log, env=env)
        try:
            title = _get(base + "/-/metadata.json")["title"]
            assert "#0121 NKVD Black Work" in title and "#9121" in title
            assert any(p.name.startswith("casefile-serve-") for p in temporary.iterdir())
        finally:
            process.terminate()
            code = process.wait(timeout=15)
    assert code == 0
    assert list(temporary.iterdir()) == []


def test_served_read_only_with_the_metadata(server):
    (database,) = _get(server + "/-/databases.json")
    assert database["name"] == "casefiles"
    assert database["is_mutable"] is False
    assert "NKVD Black Work" in _get(server + "/-/metadata.json")["title"]


def test_canned_query_who_killed(server):
    rows = _get(server + "/casefiles/who_killed.json?person=trotsky&_shape=array")
    killers = {r["agent"] for r in rows if r["role"] == "killer"}
    assert killers == {"Ramón Mercader"}
    assert {r["section_id"] for r in rows} == {"0121/trotsky"}


def test_canned_query_office_on_date(server):
    query = urllib.parse.urlencode({"date": "1937-06-01", "office": "", "_shape": "array"})
    rows = _get(server + "/casefiles/office_on_date.json?" + query)
    assert "Nikolai Yezhov" in {r["figure"] for r in rows}


def test_table_search(server):
    rows = _get(server + "/casefiles/figures.json?_search=trotsky&_shape=array")
    ids = {r["id"] for r in rows}
    assert "leon-trotsky" in ids
    assert "vasily-blokhin" not in ids
    assert len(rows) < 96


@pytest.fixture
def browser():
    executable = find_browser()
    if executable is None:
        pytest.skip("no Chromium here (.ci/run installs Debian's chromium with apt-get)")
    browser = Browser(executable)
    yield browser
    browser.close()


def test_typing_trotsky_in_the_figures_search_box(server, browser):
    browser.open(server + "/casefiles/figures")
    assert browser.evaluate("document.querySelectorAll('tbody tr').length") > 20
    browser.type("#_search", "trotsky")
    assert browser.evaluate("document.querySelector('#_search').value") == "trotsky"
    browser.evaluate("document.querySelector('#_search').form.requestSubmit()")
    browser.wait_for(
        "location.search.includes('_search=trotsky') && document.readyState === 'complete'"
    )
    rows = browser.evaluate(
        "[...document.querySelectorAll('table.rows-and-columns tbody tr')].map(r => r.innerText)"
    )
    assert any("Leon Trotsky" in row for row in rows)
    assert not any("Vasily Blokhin" in row for row in rows)
    assert 0 < len(rows) < 96
