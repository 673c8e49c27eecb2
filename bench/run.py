"""Whole-process timings of casefile, side by side with `python -c pass`.

Every command is run as a fresh process, interleaved with the baseline in
the same loop (so a busy machine slows both alike), several times; the table
shows medians, the ratio to the baseline, and peak memory from the OS
(ru_maxrss, measured from a small launcher process). It also checks that
the tricky-query table finds the right person first in each database.

    python bench/run.py                      # #0121 alone, then +1e6 and +3e6 (made if missing)
    python bench/run.py --sizes 0,10000 --runs 3 --smoke   # a few seconds, for CI

The markdown table goes to stdout; docs/performance.md keeps a copy.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
TARGETS = {  # command: {synthetic figures: ratio}; 0 is case file #0121 alone
    "show kirov": {0: 8, 1e6: 12, 3e6: 15},
    "who-killed trotsky --json": {0: 5, 1e6: 9, 3e6: 12},
    "--help": {0: 6},
    "complete: figure ye<TAB>": {0: 5, 1e6: 8},
}


def casefile_command() -> list[str]:
    script = BIN / "casefile"
    return [str(script)] if script.exists() else [sys.executable, "-m", "casefile_cli"]


def commands(db: Path, size: float) -> dict[str, tuple[list[str], dict]]:
    casefile = casefile_command()
    env = {**os.environ, "CASEFILE_DB": str(db)}
    found = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "show kirov": ([*casefile, "show", "kirov"], env),
        "who-killed trotsky --json": ([*casefile, "who-killed", "trotsky", "--json"], env),
        "complete: figure ye<TAB>": (
            casefile,
            {
                **env,
                "_CASEFILE_COMPLETE": "complete_bash",
                "COMP_WORDS": "casefile figure ye",
                "COMP_CWORD": "2",
            },
        ),
    }
    if size == 0:
        found["--help"] = ([*casefile, "--help"], env)
    return found


def run_once(argv: list[str], env: dict) -> tuple[float, int]:
    """(seconds, exit code) of one run of the command."""
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, result.returncode


# A child's peak memory as Linux reports it (ru_maxrss) starts from its
# parent's at fork and survives exec, so the benchmark (which holds more
# memory than a lookup) must not be the parent of what it measures: a small
# launcher forks the command and reports its peak.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
_, _, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
"""


def peak_memory(argv: list[str], env: dict) -> float:
    """Peak resident memory of the command, in MiB."""
    result = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout) / 1024


def measure(db: Path, size: float, runs: int) -> dict[str, dict]:
    found = commands(db, size)
    samples: dict[str, list] = {name: [] for name in found}
    for argv, env in found.values():  # warm the page cache once
        run_once(argv, env)
    for _ in range(runs):
        for name, (argv, env) in found.items():
            samples[name].append(run_once(argv, env))
    base = statistics.median(s[0] for s in samples["python -c pass"])
    results = {}
    for name, values in samples.items():
        median = statistics.median(v[0] for v in values)
        results[name] = {
            "ms": median * 1000,
            "ratio": median / base,
            "peak_mib": peak_memory(*found[name]),
            "exit": sorted({v[1] for v in values}),
        }
    return results


def ranking_quality(db: Path) -> tuple[int, int, list[str]]:
    """(right, total, misses) over the tricky-query table of the test suite,
    checked in a child process: the parent stays small, since a child's peak
    memory as the OS reports it starts from the parent's at fork."""
    import json

    result = subprocess.run(
        [sys.executable, __file__, "--ranking", str(db)], check=True, capture_output=True, text=True
    )
    return tuple(json.loads(result.stdout))


def check_ranking(db: Path) -> tuple[int, int, list[str]]:
    sys.path.insert(0, str(ROOT))
    from casefile_cli.errors import CasefileError
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.store.connect import open_database
    from tests.test_ranking import FIGURES

    database = open_database(db)
    misses = []
    for query, expected in FIGURES:
        try:
            figure, _ = resolve_figure(database, query, first=True)
            found = figure.id
        except CasefileError as error:
            found = f"error: {error.message}"
        if found != expected:
            misses.append(f"{query!r} -> {found} (expected {expected})")
    return len(FIGURES) - len(misses), len(FIGURES), misses


def database_for(size: float) -> Path:
    if size == 0:
        return ROOT / "data" / "casefiles.db"
    path = OUT / f"{int(size):d}.db"
    if not path.exists() or made_from(path) != current_source():
        print(f"making {path} ...", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "make_synthetic.py"),
                "--figures",
                str(int(size)),
                "--output",
                str(path),
            ],
            check=True,
        )
    return path


def current_source() -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    from make_synthetic import source_digest

    return source_digest(ROOT / "data" / "casefiles.db")


def made_from(path: Path) -> str | None:
    """The digest of the real database a synthetic one was made from."""
    import sqlite3

    try:
        row = (
            sqlite3.connect(path)
            .execute("SELECT value FROM meta WHERE key = 'synthetic_source'")
            .fetchone()
        )
    except sqlite3.Error:
        return None
    return row[0] if row else None


def figure_count(db: Path) -> int:
    import sqlite3

    return sqlite3.connect(db).execute("SELECT count(*) FROM figures").fetchone()[0]


def table(rows: list[tuple]) -> str:
    lines = [
        "| figures | command | median ms | × python -c pass | target | peak MiB | exit |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for figures, name, result, target in rows:
        mark = (
            ""
            if target is None
            else (f"≤ {target}×" + (" ✓" if result["ratio"] <= target else " ✗"))
        )
        lines.append(
            f"| {figures:,} | `{name}` | {result['ms']:.1f} | {result['ratio']:.1f} | "
            f"{mark} | {result['peak_mib']:.1f} | {result['exit']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="0,1000000,3000000",
        help="synthetic figures added to #0121, comma-separated (0: #0121 alone)",
    )
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="fail unless every command exits 0 and ranking is perfect",
    )
    parser.add_argument("--ranking", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ranking:
        import json

        print(json.dumps(check_ranking(args.ranking)))
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    rows, quality, problems = [], [], []
    for size in sizes:
        db = database_for(size)
        results = measure(db, size, args.runs)
        figures = figure_count(db)
        for name, result in results.items():
            target = TARGETS.get(name, {}).get(size)
            rows.append((figures, name, result, target))
            expected_exit = [0]
            if result["exit"] != expected_exit:
                problems.append(f"{name} at {figures:,}: exit {result['exit']}")
        right, total, misses = ranking_quality(db)
        quality.append(
            f"- {figures:,} figures: {right}/{total} tricky queries find the right "
            "person first" + ("" if not misses else ": misses " + "; ".join(misses))
        )
        problems += misses
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}; "
        f"{time.strftime('%Y-%m-%d')}; {args.runs} interleaved runs, medians.\n"
    )
    print(table(rows))
    print("\nRanking quality:\n" + "\n".join(quality))
    if args.smoke and problems:
        print("\n".join(["", "PROBLEMS:", *problems]), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
