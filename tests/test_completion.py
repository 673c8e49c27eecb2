"""Shell completion: the bash function itself (sourced, with COMP_WORDS set,
COMPREPLY read), zsh and fish answers with descriptions, option values,
--db honoured, canonical names before the text's misspellings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casefile_cli.completion import answer, candidates
from casefile_cli.completion_scripts import SCRIPTS, install

from .support import run_process

CASEFILE = Path(sys.executable).parent / "casefile"
needs_script = pytest.mark.skipif(not CASEFILE.exists(), reason="casefile is not installed here")


def bash_reply(*words: str, db=None) -> list[str]:
    """Source the bash script, set COMP_WORDS and COMP_CWORD as bash does
    for the line typed so far, call the function, print COMPREPLY."""
    line = [str(CASEFILE), *words]
    array = " ".join(_bash_word(w) for w in line)
    program = f"""
source <({CASEFILE} --show-completion bash)
COMP_WORDS=({array})
COMP_CWORD={len(line) - 1}
_casefile_completion casefile
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    env = {**os.environ, "CASEFILE_DB": str(db)} if db else dict(os.environ)
    done = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def _bash_word(word: str) -> str:
    # Each COMP_WORDS element exactly as typed (quotes and backslashes kept).
    return "'" + word.replace("'", "'\\''") + "'"


def ask(shell: str, *words: str) -> list[str]:
    environ = {"_CASEFILE_COMPLETE": shell, "COMP_CWORD": str(len(words))}
    return answer(environ, list(words)).splitlines()


@needs_script
def test_bash_quotes_multi_word_names(real_db):
    assert bash_reply("figure", "iron", db=real_db) == ["iron\\ felix"]
    assert bash_reply("figure", '"iron f', db=real_db) == ['"iron felix"']
    assert bash_reply("figure", "'iron f", db=real_db) == ["'iron felix'"]
    assert bash_reply("figure", "iron\\ f", db=real_db) == ["iron\\ felix"]


@needs_script
def test_bash_offers_options_after_a_command(real_db):
    reply = bash_reply("show", "--", db=real_db)
    assert {"--format", "--json", "--first", "--case", "--no-pager", "--color"} <= set(reply)
    assert not any(" " in value or "\\" in value for value in reply)  # no names


@needs_script
def test_bash_completes_option_values(real_db):
    assert bash_reply("show", "kirov", "--format", "js", db=real_db) == ["json", "jsonl"]
    assert bash_reply("figure", "--case", "", db=real_db) == ["0121"]
    assert "execution" in bash_reply("timeline", "--kind", "ex", db=real_db)
    assert bash_reply("timeline", "--figure", "yez", db=real_db) == ["yezhov"]
    assert bash_reply("graph", "yezhov", "-f", "s", db=real_db) == ["svg"]
    assert bash_reply("--color", "n", db=real_db) == ["never"]


@needs_script
def test_bash_completes_commands_and_subcommands(real_db):
    assert bash_reply("sh", db=real_db) == ["show"]
    assert bash_reply("db", "", db=real_db) == ["build", "path", "check"]
    assert "timeline" in bash_reply("help", "", db=real_db)
    assert bash_reply("list", "f", db=real_db) == ["figures"]


def test_names_canonical_and_codenames_first_not_misspellings(real_db, monkeypatch):
    monkeypatch.setenv("CASEFILE_DB", str(real_db))
    found = [c.value for c in candidates(["figure", "ye"], 1)]
    assert "yezhov" in found  # a surname
    assert "yehov" not in found and "yezkov" not in found  # the text's misspellings
    assert [c.value for c in candidates(["figure", "let"], 1)] == ["letchik"]  # a codename
    assert "nikolai yezhov" in [c.value for c in candidates(["figure", "nik"], 1)]  # first name
    assert any(v.startswith("Лев") for v in (c.value for c in candidates(["figure", "Ле"], 1)))
    # A misspelling is offered only when nothing better starts that way.
    assert [c.value for c in candidates(["figure", "yeh"], 1)] == ["yehov"]


def test_second_argument_of_chain_and_words_after_options(real_db, monkeypatch):
    monkeypatch.setenv("CASEFILE_DB", str(real_db))
    assert "mercader" in [c.value for c in candidates(["chain", "stalin", "mer"], 2)]
    found = [c.value for c in candidates(["figure", "--case", "0121", "dz"], 3)]
    assert found == ["dzerzhinsky"]


def test_completion_honours_db(real_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEFILE_DB", str(tmp_path / "missing.db"))
    assert candidates(["figure", "dz"], 1) == []  # no database, no names, no error
    found = candidates(["--db", str(real_db), "figure", "dz"], 3)
    assert [c.value for c in found] == ["dzerzhinsky"]
    found = candidates([f"--db={real_db}", "figure", "dz"], 2)
    assert [c.value for c in found] == ["dzerzhinsky"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_descriptions(real_db, monkeypatch, shell):
    monkeypatch.setenv("CASEFILE_DB", str(real_db))
    lines = ask(shell, "figure", "dz")
    assert lines == ["dzerzhinsky\tFelix Dzerzhinsky"]
    assert "iron felix\tFelix Dzerzhinsky" in ask(shell, "figure", "iron")  # unquoted
    assert any(line.startswith("--format\tOutput format") for line in ask(shell, "show", "--f"))


def test_a_path_argument_is_left_to_the_shell(real_db):
    assert ask("bash", "import", "da") == []
    assert candidates(["--db", ""], 1) is None


def test_completion_answers_through_the_console_script(real_db):
    done = run_process(
        "figure",
        "iron",
        env={"_CASEFILE_COMPLETE": "bash", "COMP_CWORD": "2", "CASEFILE_DB": str(real_db)},
    )
    assert done.returncode == 0 and done.stdout == "iron\\ felix\n" and done.stderr == ""


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_for_a_named_shell(shell):
    done = run_process("--show-completion", shell)
    assert done.returncode == 0
    assert done.stdout == SCRIPTS[shell]
    assert "_CASEFILE_COMPLETE=" in done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_scripts_parse_in_their_shell(shell, tmp_path):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"casefile.{shell}"
    script.write_text(SCRIPTS[shell], encoding="utf-8")
    check = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "--no-execute"]}
    done = subprocess.run([*check[shell], str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_install_writes_the_script_and_the_rc_line_once(shell, tmp_path):
    first = install(shell, home=tmp_path)
    second = install(shell, home=tmp_path)
    assert first == second and first.read_text(encoding="utf-8") == SCRIPTS[shell]
    rc = {"bash": ".bashrc", "zsh": ".zshrc"}.get(shell)
    if rc:
        text = (tmp_path / rc).read_text(encoding="utf-8")
        assert text.count("\n") == 2  # one line added, not two


def _shell_env(db) -> dict:
    return {
        **os.environ,
        "CASEFILE_DB": str(db),
        "PATH": f"{CASEFILE.parent}{os.pathsep}{os.environ['PATH']}",
    }


@needs_script
@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_through_its_script(real_db):
    program = (
        "source (casefile --show-completion fish | psub); "
        "complete -C 'casefile figure dz'; complete -C 'casefile figure iron'"
    )
    done = subprocess.run(
        ["fish", "-c", program],
        capture_output=True,
        text=True,
        env=_shell_env(real_db),
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines() == [
        "dzerzhinsky\tFelix Dzerzhinsky",
        "iron felix\tFelix Dzerzhinsky",
    ], done.stderr


@needs_script
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_function_adds_values_with_descriptions(real_db):
    # compadd only works inside the completion system: a stand-in prints its arrays.
    program = """
compdef() { : }
source <(casefile --show-completion zsh)
compadd() { while (( $# )); do case $1 in
  -d) shift; print -l -- "shown: ${(P@)1}";; -a) shift; print -l -- "values: ${(P@)1}";;
esac; shift; done }
_files() { print files }
words=(casefile figure 'iron\\ f'); CURRENT=3; _casefile
words=(casefile import da); CURRENT=3; _casefile
"""
    done = subprocess.run(
        ["zsh", "-c", program],
        capture_output=True,
        text=True,
        env=_shell_env(real_db),
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines() == [
        "shown: iron felix  -- Felix Dzerzhinsky",
        "values: iron felix",
        "files",
    ], done.stderr


def test_surnames_found_by_the_word_seek_and_by_the_scan_alike(real_db, monkeypatch):
    # At a million names the later-word query seeks the name index's words
    # when few start with the prefix, or when the scan reads too long: the
    # same rows either way.
    from casefile_cli.completion import name_candidates
    from casefile_cli.store import completing

    def offered(few_words: int, scan_steps: int) -> dict:
        monkeypatch.setattr(completing, "FEW_WORDS", few_words)
        monkeypatch.setattr(completing, "SCAN_STEPS", scan_steps)
        kinds = ("figure", "organisation", "operation", "event", "place")
        return {p: name_candidates(p, kinds, str(real_db)) for p in PREFIXES}

    scanned = offered(0, 10**12)
    assert scanned == offered(10**9, 10**12)  # the seek at once
    assert scanned == offered(0, 0)  # the seek after a stopped scan
    assert any(c.value == "yezhov" for c in scanned["yez"])
    assert {c.value for c in scanned["mer"]} >= {"mercader"}


PREFIXES = ["yez", "mer", "s", "k", "tro", "ser", "zz", "iv", "ste", "ko", "bl"]


def test_surnames_left_unread_only_when_they_could_not_change_the_answer(real_db, monkeypatch):
    # With enough names of the first rank the surnames' query (a scan at a
    # million names) is skipped: the answer must be the one it would give.
    import string

    from casefile_cli import completion

    kinds = ("figure", "organisation", "operation", "event", "place")
    asked = [(p, limit) for p in ["", *string.ascii_lowercase, "ye", "ko"] for limit in (3, 5, 50)]
    settled = completion._settled
    skipped = []

    def watched(*args):
        skipped.append(settled(*args))
        return skipped[-1]

    monkeypatch.setattr(completion, "_settled", watched)
    quick = [completion.name_candidates(p, kinds, str(real_db), limit) for p, limit in asked]
    assert any(skipped)
    monkeypatch.setattr(completion, "_settled", lambda *args: False)
    read_all = [completion.name_candidates(p, kinds, str(real_db), limit) for p, limit in asked]
    assert quick == read_all
