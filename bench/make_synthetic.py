"""Make a large synthetic casefile database for benchmarks.

Starts from the real database (so case file #0121 and the tricky-query table
keep their answers) and adds case file 9999 with N invented people and every
other kind in proportions like the real case file's: per person about 0.3
events, 0.05 operations (each with a target and two or three other
participants), 1 relation, 0.2 fate accounts, a few positions; one
organisation per 2,000 people, places, sections and contradictions. Names are
plausible Russian, Ukrainian, Polish, Georgian, German and Latvian ones, each
in its own spelling and one or two other romanisations; words of the real
case file's names are left out, so that "trotsky" still means one man.
Summaries are a few sentences of stock prose with common words ("person"),
so full-text search has many synthetic hits. Synthetic records link only to
synthetic records. The same --seed makes the same database.

    python bench/make_synthetic.py --figures 1000000 --output bench/out/1000000.db
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic_names as words  # noqa: E402


def casefile_functions() -> SimpleNamespace:
    """The project's own functions used here, in one place, so that only these
    imports change when the storage module moves."""
    from casefile_cli.build import write_name_index
    from casefile_cli.dates import bounds
    from casefile_cli.store.admin import check_integrity
    from casefile_cli.store.writer import clear_indexes, fill_documents

    return SimpleNamespace(
        write_name_index=write_name_index,
        bounds=functools.lru_cache(maxsize=None)(bounds),
        check_integrity=check_integrity,
        clear_indexes=clear_indexes,
        fill_documents=fill_documents,
    )


ROOT = Path(__file__).resolve().parents[1]
CASEFILE = "9999"
INSERTS = {
    "figures": "figures (id, casefile, name, summary)",
    "aliases": "aliases (record_kind, record_id, alias, kind, generated)",
    "record_sections": "record_sections (record_kind, record_id, section_id)",
    "fates": "fates (id, figure_id, ordinal, outcome, date, date_lower, date_upper, "
    "place_id, method, operation_id, certainty, section_id, note, killed)",
    "fate_agents": "fate_agents (fate_id, figure_id, role)",
    "relations": "relations (source_id, relation, target_id, date, date_lower, date_upper, "
    "certainty, section_id)",
    "events": "events (id, casefile, date, date_lower, date_upper, kind, title, place_id, "
    "operation_id, certainty, section_id, note)",
    "event_figures": "event_figures (event_id, figure_id, role)",
    "event_organisations": "event_organisations (event_id, organisation_id)",
    "operations": "operations (id, casefile, title, kind, date, date_lower, date_upper, "
    "place_id, method, outcome, agency_id, section_id, summary)",
    "participants": "participants (operation_id, figure_id, role, certainty, section_id)",
    "positions": "positions (figure_id, title, organisation_id, office, date_from, "
    "date_from_lower, date_to, date_to_upper, certainty, section_id)",
    "contradictions": "contradictions (id, casefile, kind, subject_kind, subject_id, note)",
    "contradiction_claims": "contradiction_claims (contradiction_id, ordinal, says, section_id)",
}


class Batches:
    """Rows per table, written with executemany every `size` rows."""

    def __init__(self, db: sqlite3.Connection, size: int = 20000):
        self.db, self.size, self.rows = db, size, {table: [] for table in INSERTS}

    def add(self, table: str, *row) -> None:
        rows = self.rows[table]
        rows.append(row)
        if len(rows) >= self.size:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.rows):
            rows = self.rows[name]
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                self.db.executemany(f"INSERT INTO {INSERTS[name]} VALUES ({marks})", rows)
                rows.clear()


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def real_words(db: sqlite3.Connection) -> set[str]:
    """Every word of a real record's names, which synthetic names must not use."""
    found = set()
    query = (
        "SELECT name FROM figures UNION SELECT alias FROM aliases UNION SELECT name FROM "
        "places UNION SELECT name FROM organisations UNION SELECT title FROM operations"
    )
    for (name,) in db.execute(query):
        found.update(w.lower() for w in name.split())
    return found


def people(count: int, avoid: set[str], rng: random.Random):
    """(id, name, aliases) of `count` invented people."""
    languages = list(words.GIVEN)
    surnames = {
        lang: [
            r + s
            for r in words.ROOTS[lang]
            for s in words.SUFFIXES[lang]
            if (r + s).lower() not in avoid
        ]
        for lang in languages
    }
    for number in range(count):
        lang = rng.choice(languages)
        name = f"{rng.choice(words.GIVEN[lang])} {rng.choice(surnames[lang])}"
        aliases = []
        for _ in range(rng.choice((1, 1, 2))):
            old, new = rng.choice(words.VARIANTS)
            if old in name.lower():
                aliases.append(name.replace(old, new).replace(old.capitalize(), new.capitalize()))
        yield f"syn-{number}", name, sorted(set(aliases) - {name})


class Generator:
    """Writes case file 9999 into `db`, one person at a time with what hangs on them."""

    def __init__(self, db: sqlite3.Connection, figures: int, seed: int, cf: SimpleNamespace):
        self.db, self.figures, self.cf = db, figures, cf
        self.rng = random.Random(seed)
        self.out = Batches(db)
        avoid = real_words(db)
        self.towns = [t for t in words.TOWNS if t.lower() not in avoid]
        self.sections = [f"{CASEFILE}/part-{n}" for n in range(max(3, figures // 10000))]
        self.places = [f"syn-place-{n}" for n in range(max(5, figures // 5000))]
        self.orgs = [f"syn-org-{n}" for n in range(max(5, figures // 2000))]
        self.avoid = avoid
        self.fate_id = db.execute("SELECT COALESCE(max(id), 0) FROM fates").fetchone()[0]
        self.events = self.operations = self.contradictions = 0
        self.recent_operation: str | None = None

    def date(self, low: int = 1918, high: int = 1941) -> tuple[str, str, str]:
        """(EDTF, lower, upper): a day, a month or a year, as the text gives them."""
        rng = self.rng
        year, precision = rng.randint(low, high), rng.random()
        if precision < 0.4:
            text = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        elif precision < 0.7:
            text = f"{year}-{rng.randint(1, 12):02d}"
        else:
            text = str(year)
        return (text, *self.cf.bounds(text))

    def prose(self, name: str, sentences: int) -> str:
        rng = self.rng
        chosen = rng.sample(words.SENTENCES, sentences)
        fill = {
            "name": name,
            "job": rng.choice(words.JOBS),
            "town": rng.choice(self.towns),
            "work": rng.choice(words.WORKPLACES),
            "trait": rng.choice(words.TRAITS),
            "trait2": rng.choice(words.TRAITS),
            "year": rng.randint(1918, 1941),
            "org": f"{rng.choice(self.towns)} {rng.choice(words.UNITS)[0]}",
        }
        return " ".join(s.format(**fill) for s in chosen)

    def earlier(self, number: int) -> str:
        """A person made before this one (so every reference exists)."""
        return f"syn-{self.rng.randrange(number)}"

    def frame(self) -> None:
        """The case file, its sections, places and organisations."""
        db, rng = self.db, self.rng
        db.execute(
            "INSERT INTO casefiles (number, title, summary) VALUES (?, 'Synthetic', "
            "'Invented people and records for benchmarks.')",
            (CASEFILE,),
        )
        db.executemany(
            "INSERT INTO sections (id, casefile, slug, ordinal, heading) VALUES (?, ?, ?, ?, ?)",
            [
                (sid, CASEFILE, sid.split("/")[1], n, f"Synthetic part {n}")
                for n, sid in enumerate(self.sections)
            ],
        )
        db.executemany(
            "INSERT INTO places (id, casefile, name, kind, section_id) VALUES (?, ?, ?, 'city', ?)",
            [
                (pid, CASEFILE, f"{rng.choice(self.towns)} {n}", rng.choice(self.sections))
                for n, pid in enumerate(self.places)
            ],
        )
        rows = []
        for n, oid in enumerate(self.orgs):
            # Body 0 is a secret police and most bodies sit under another, so
            # that `cascade` has a synthetic apparatus to search.
            unit, kind = rng.choice(words.UNITS)
            kind = "secret-police" if n == 0 else kind
            town = rng.choice(self.towns)
            parent = f"syn-org-{rng.randrange(n)}" if n and rng.random() < 0.7 else None
            summary = f"A {unit.lower()} in {town}, number {n}; a body of the synthetic file."
            rows.append(
                (
                    oid,
                    CASEFILE,
                    f"{town} {unit} {n}",
                    f"{town} {unit} No. {n}",
                    kind,
                    parent,
                    summary,
                    rng.choice(self.sections),
                )
            )
        db.executemany(
            "INSERT INTO organisations (id, casefile, name, full_name, kind, parent_id, "
            "summary, section_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def person(self, number: int, figure_id: str, name: str, aliases: list[str]) -> None:
        rng, out = self.rng, self.out
        section = rng.choice(self.sections)
        out.add("figures", figure_id, CASEFILE, name, self.prose(name, rng.randint(3, 5)))
        for alias in aliases:
            out.add("aliases", "figure", figure_id, alias, "transliteration", 1)
        out.add("record_sections", "figure", figure_id, section)
        for _ in range(rng.choice((0, 1, 1, 2))):
            if number:
                date = self.date()
                out.add(
                    "relations",
                    figure_id,
                    rng.choice(words.RELATIONS),
                    self.earlier(number),
                    *date,
                    "stated",
                    section,
                )
        if rng.random() < 0.2:
            self.fate(number, figure_id, section)
        if rng.random() < 0.3:
            self.event(number, figure_id, name)
        if rng.random() < 0.05 and number >= 3:
            self.operation(number, figure_id, name)
        if rng.random() < 0.03:
            date_from, date_to = self.date(1918, 1930), self.date(1931, 1941)
            out.add(
                "positions",
                figure_id,
                "Head of department",
                rng.choice(self.orgs),
                "regional-head",
                date_from[0],
                date_from[1],
                date_to[0],
                date_to[2],
                "stated",
                section,
            )
        if rng.random() < 0.002:
            self.contradiction(figure_id, name)

    def fate(self, number: int, figure_id: str, section: str) -> None:
        rng = self.rng
        self.fate_id += 1
        outcome = rng.choice(words.OUTCOMES)
        killed = outcome in ("executed", "killed")
        method = rng.choice(words.METHODS) if killed else None
        operation = self.recent_operation if killed and rng.random() < 0.3 else None
        note = f"One account of this person's end, from a {rng.choice(words.TRAITS)} witness."
        self.out.add(
            "fates",
            self.fate_id,
            figure_id,
            0,
            outcome,
            *self.date(1930, 1941),
            rng.choice(self.places),
            method,
            operation,
            "stated",
            section,
            note,
            int(killed),
        )
        if killed and number >= 2:
            agents = {self.earlier(number) for _ in range(rng.choice((1, 2)))}
            for agent, role in zip(sorted(agents), ("killer", "ordered_by"), strict=False):
                self.out.add("fate_agents", self.fate_id, agent, role)

    def event(self, number: int, figure_id: str, name: str) -> None:
        rng, out = self.rng, self.out
        self.events += 1
        event_id = f"syn-ev-{self.events}"
        kind = rng.choice(list(words.EVENT_PHRASES))
        town, org = rng.choice(self.towns), rng.choice(self.orgs)
        phrase = words.EVENT_PHRASES[kind].format(town=town, org=org.replace("syn-org-", "body "))
        note = self.prose(name, 2) if rng.random() < 0.7 else None
        out.add(
            "events",
            event_id,
            CASEFILE,
            *self.date(),
            kind,
            f"{name} {phrase}",
            rng.choice(self.places),
            None,
            "stated",
            rng.choice(self.sections),
            note,
        )
        out.add("event_figures", event_id, figure_id, "subject")
        if number and rng.random() < 0.5:
            out.add("event_figures", event_id, self.earlier(number), "agent")
        if rng.random() < 0.5:
            out.add("event_organisations", event_id, org)

    def operation(self, number: int, figure_id: str, name: str) -> None:
        rng, out = self.rng, self.out
        self.operations += 1
        operation_id = f"syn-op-{self.operations}"
        kind = rng.choice(list(words.OPERATION_KINDS))
        section = rng.choice(self.sections)
        summary = self.prose(name, 3)
        out.add(
            "operations",
            operation_id,
            CASEFILE,
            f"{words.OPERATION_KINDS[kind]} of {name}",
            kind,
            *self.date(),
            rng.choice(self.places),
            rng.choice(words.METHODS),
            "carried out",
            rng.choice(self.orgs),
            section,
            summary,
        )
        out.add("participants", operation_id, figure_id, "target", "stated", section)
        others = {self.earlier(number) for _ in range(rng.randint(2, 3))}
        for other, role in zip(
            sorted(others), ("perpetrator", "organiser", "ordered_by"), strict=False
        ):
            out.add("participants", operation_id, other, role, "stated", section)
        self.recent_operation = operation_id

    def contradiction(self, figure_id: str, name: str) -> None:
        self.contradictions += 1
        cid = f"syn-contradiction-{self.contradictions}"
        years = sorted(self.rng.sample(range(1918, 1942), 2))
        self.out.add(
            "contradictions",
            cid,
            CASEFILE,
            "date",
            "figure",
            figure_id,
            f"Two dates for one move of {name}.",
        )
        for ordinal, year in enumerate(years):
            self.out.add(
                "contradiction_claims",
                cid,
                ordinal,
                f"{name} moved in {year}.",
                self.rng.choice(self.sections),
            )


class Report:
    """A rich progress line on a terminal; elsewhere (nohup, CI), where rich
    would show nothing until the end, a plain line every tenth and step."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.total, self.plain, self.shown = total, not console.is_terminal, -1
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,}"),
            TimeElapsedColumn(),
            console=console,
            disable=self.plain,
        )
        self.task = self.progress.add_task("records", total=total)

    def __enter__(self) -> Report:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def records(self, done: int) -> None:
        self.progress.update(self.task, completed=done)
        tenth = done * 10 // max(self.total, 1)
        if self.plain and tenth > self.shown:
            self.shown = tenth
            print(f"records {done:,}/{self.total:,}", file=sys.stderr, flush=True)

    def step(self, name: str) -> None:
        self.progress.update(self.task, description=name)
        if self.plain:
            print(f"{name} ...", file=sys.stderr, flush=True)


def make(figures: int, output: Path, seed: int = 1937) -> None:
    cf = casefile_functions()
    source = ROOT / "data" / "casefiles.db"
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    shutil.copyfile(source, partial)
    db = sqlite3.connect(partial)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    # Which real database and seed this was made from, so bench/run.py can
    # make it again when case file #0121 changes.
    db.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("synthetic_source", source_digest(source)), ("synthetic_seed", str(seed))],
    )
    started = time.perf_counter()
    generator = Generator(db, figures, seed, cf)
    generator.frame()
    with Report(figures) as report:
        for number, (figure_id, name, aliases) in enumerate(
            people(figures, generator.avoid, generator.rng)
        ):
            generator.person(number, figure_id, name, aliases)
            if number % 2000 == 0:
                report.records(number)
        generator.out.flush()
        report.records(figures)
        report.step("name index")
        cf.clear_indexes(db)
        cf.write_name_index(db)
        report.step("full text")
        cf.fill_documents(db)
        db.commit()
        report.step("integrity check")
        problems = cf.check_integrity(db)
        if problems:
            raise SystemExit("; ".join(problems))
        report.step("ANALYZE")
        db.execute("ANALYZE")
        db.commit()
        report.step("done")
    db.close()
    partial.replace(output)
    print(
        f"{output}: {figures:,} synthetic figures in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=10_000)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "out" / "synthetic.db")
    parser.add_argument("--seed", type=int, default=1937)
    args = parser.parse_args()
    make(args.figures, args.output, args.seed)


if __name__ == "__main__":
    main()
