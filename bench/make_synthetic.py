"""Make a large synthetic casefile database for benchmarks.

Starts from the real database (so the tricky-query table still has its
answers) and adds case file 9999 with N invented people: plausible Russian,
Ukrainian, Polish, Georgian, German and Latvian names, each in its own
spelling and in one or two other romanisations (ts/tz, y/j, kh/h, -sky/-ski/
-skiy...), with a fate for some and a few operations and events. Surnames of
the real case file are left out, so that "trotsky" still means one man.

    python bench/make_synthetic.py --figures 1000000 --output bench/out/1e6.db
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GIVEN = {
    "ru": [
        "Aleksandr",
        "Aleksei",
        "Anatoly",
        "Andrei",
        "Boris",
        "Dmitry",
        "Fyodor",
        "Gennady",
        "Georgy",
        "Grigory",
        "Igor",
        "Ilya",
        "Ivan",
        "Kirill",
        "Konstantin",
        "Leonid",
        "Maksim",
        "Matvei",
        "Mikhail",
        "Nikita",
        "Nikolai",
        "Oleg",
        "Pavel",
        "Pyotr",
        "Roman",
        "Semyon",
        "Sergei",
        "Stepan",
        "Timofei",
        "Vadim",
        "Valentin",
        "Vasily",
        "Viktor",
        "Vladimir",
        "Vsevolod",
        "Yakov",
        "Yefim",
        "Yegor",
        "Yuri",
        "Anna",
        "Darya",
        "Ekaterina",
        "Galina",
        "Irina",
        "Lyudmila",
        "Maria",
        "Natalya",
        "Olga",
        "Sofia",
        "Tatyana",
        "Vera",
        "Yelena",
        "Zoya",
    ],
    "uk": [
        "Bohdan",
        "Dmytro",
        "Hryhorii",
        "Ivan",
        "Mykhailo",
        "Mykola",
        "Oleksandr",
        "Ostap",
        "Petro",
        "Serhii",
        "Taras",
        "Vasyl",
        "Volodymyr",
        "Yurii",
        "Halyna",
        "Oksana",
        "Olena",
        "Solomiia",
    ],
    "pl": [
        "Andrzej",
        "Bronisław",
        "Czesław",
        "Jan",
        "Józef",
        "Kazimierz",
        "Krzysztof",
        "Marian",
        "Paweł",
        "Stanisław",
        "Tadeusz",
        "Wojciech",
        "Zbigniew",
        "Zygmunt",
        "Agnieszka",
        "Jadwiga",
        "Małgorzata",
        "Wanda",
    ],
    "ka": [
        "Avtandil",
        "Davit",
        "Giorgi",
        "Irakli",
        "Levan",
        "Mamia",
        "Nodar",
        "Otar",
        "Revaz",
        "Shota",
        "Tamaz",
        "Vakhtang",
        "Zurab",
        "Ketevan",
        "Nino",
        "Tamar",
    ],
    "de": [
        "Friedrich",
        "Günther",
        "Hans",
        "Heinrich",
        "Jürgen",
        "Karl",
        "Klaus",
        "Otto",
        "Werner",
        "Wolfgang",
        "Gerda",
        "Hildegard",
        "Ursula",
    ],
    "lv": [
        "Andris",
        "Arvīds",
        "Jānis",
        "Kārlis",
        "Mārtiņš",
        "Pēteris",
        "Roberts",
        "Voldemārs",
        "Anna",
        "Ilze",
        "Līga",
        "Zelma",
    ],
}
ROOTS = {
    "ru": [
        "Abram",
        "Alekse",
        "Andre",
        "Bel",
        "Bogdan",
        "Borodin",
        "Bykov",
        "Chernyshev",
        "Danilov",
        "Dubrov",
        "Fedot",
        "Gavril",
        "Golub",
        "Gromov",
        "Kalinin",
        "Karpov",
        "Kovalev",
        "Kozlov",
        "Krylov",
        "Kudryavts",
        "Lebedev",
        "Makar",
        "Medvedk",
        "Morozov",
        "Novik",
        "Orlov",
        "Osip",
        "Pavlov",
        "Petrov",
        "Polyak",
        "Rodion",
        "Rybak",
        "Semyon",
        "Sidor",
        "Sokol",
        "Solovyov",
        "Stepan",
        "Tarasov",
        "Timofe",
        "Titov",
        "Volkov",
        "Vorob",
        "Yakovl",
        "Zaits",
        "Zhukov",
        "Zverev",
        "Kuznets",
        "Shcherbak",
        "Khrustal",
        "Tsvetk",
        "Yermol",
        "Yevdok",
        "Zhdan",
        "Chesnok",
        "Grushev",
        "Lapin",
        "Mukhin",
    ],
    "uk": [
        "Bondar",
        "Hončar",
        "Kovalenk",
        "Kravchuk",
        "Lysenk",
        "Melnyk",
        "Moroz",
        "Oliynyk",
        "Savchenk",
        "Shevchuk",
        "Tkachenk",
        "Zakharchuk",
        "Hrytsenk",
        "Pavlenk",
        "Marchenk",
    ],
    "pl": [
        "Kowalczyk",
        "Wiśniew",
        "Wójcik",
        "Kamiń",
        "Lewandow",
        "Zieliń",
        "Szymań",
        "Woźniak",
        "Dąbrow",
        "Kozłow",
        "Jankow",
        "Mazur",
        "Krawczyk",
        "Piotrow",
        "Grabow",
    ],
    "ka": [
        "Abashidz",
        "Beridz",
        "Chkheidz",
        "Gelashvil",
        "Japaridz",
        "Kapanadz",
        "Lomidz",
        "Maisuradz",
        "Nozadz",
        "Tsiklaur",
        "Kvaratskhel",
        "Gogoladz",
        "Mchedlishvil",
    ],
    "de": [
        "Bauer",
        "Becker",
        "Fischer",
        "Hoffmann",
        "Koch",
        "Krüger",
        "Lehmann",
        "Meier",
        "Möller",
        "Neumann",
        "Schäfer",
        "Schmidt",
        "Schröder",
        "Schulz",
        "Wagner",
        "Weber",
    ],
    "lv": [
        "Bērziņ",
        "Kalniņ",
        "Ozoliņ",
        "Jansons",
        "Liepiņ",
        "Krūmiņ",
        "Zariņ",
        "Pētersons",
        "Vītoliņ",
        "Kļaviņ",
    ],
}
SUFFIXES = {
    "ru": ["", "ov", "ev", "in", "sky", "enko", "ich", "ovsky", "yan", "itsky"],
    "uk": ["o", "", "iuk", "ko", "ych"],
    "pl": ["ski", "", "czyk", "ak", "ewicz"],
    "ka": ["e", "i", "ia", "ani", "adze"],
    "de": ["", "er", "mann", "ke", "el"],
    "lv": ["š", "s", "", "ovs", "ins"],
}
# Other romanisations a user might type, applied to the whole name.
VARIANTS = [
    ("sky", "ski"),
    ("sky", "skiy"),
    ("ts", "tz"),
    ("y", "j"),
    ("kh", "h"),
    ("ev", "jew"),
    ("ov", "off"),
    ("sh", "sz"),
    ("ch", "cz"),
    ("i", "y"),
]
OUTCOMES = ["executed", "killed", "died", "survived", "imprisoned", "disappeared"]


def source_digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def real_surnames(db: sqlite3.Connection) -> set[str]:
    words = set()
    for (name,) in db.execute("SELECT name FROM figures UNION SELECT alias FROM aliases"):
        words.update(w.lower() for w in name.split())
    return words


def people(count: int, avoid: set[str], seed: int):
    rng = random.Random(seed)
    languages = list(GIVEN)
    surnames = {lang: [r + s for r in ROOTS[lang] for s in SUFFIXES[lang]] for lang in languages}
    surnames = {
        lang: [s for s in names if s.lower() not in avoid] for lang, names in surnames.items()
    }
    for number in range(count):
        lang = rng.choice(languages)
        given, surname = rng.choice(GIVEN[lang]), rng.choice(surnames[lang])
        name = f"{given} {surname}"
        aliases = []
        for _ in range(rng.choice((1, 1, 2))):
            old, new = rng.choice(VARIANTS)
            if old in name.lower():
                aliases.append(name.replace(old, new).replace(old.capitalize(), new.capitalize()))
        yield f"syn-{number}", name, sorted(set(aliases) - {name}), rng


def make(figures: int, output: Path, seed: int = 1937) -> None:
    from casefile_cli.build import write_name_index
    from casefile_cli.dates import bounds
    from casefile_cli.store.admin import check_integrity
    from casefile_cli.store.writer import clear_indexes, fill_documents

    source = ROOT / "data" / "casefiles.db"
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, output)
    db = sqlite3.connect(output)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    avoid = real_surnames(db)
    # Remember which real database this was made from, so bench/run.py can
    # make it again when case file #0121 changes.
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('synthetic_source', ?)", (source_digest(source),)
    )
    db.execute(
        "INSERT INTO casefiles (number, title, summary) VALUES ('9999', 'Synthetic', "
        "'Invented people for benchmarks.')"
    )
    db.execute(
        "INSERT INTO sections (id, casefile, slug, ordinal, heading) VALUES "
        "('9999/main', '9999', 'main', 0, 'Synthetic')"
    )
    started = time.perf_counter()
    figures_rows, alias_rows, fate_rows = [], [], []
    fate_id = db.execute("SELECT COALESCE(max(id), 0) FROM fates").fetchone()[0]

    def flush():
        db.executemany(
            "INSERT INTO figures (id, casefile, name, summary) VALUES (?, '9999', ?, ?)",
            figures_rows,
        )
        db.executemany(
            "INSERT INTO aliases (record_kind, record_id, alias, kind, generated) "
            "VALUES ('figure', ?, ?, 'transliteration', 1)",
            alias_rows,
        )
        db.executemany(
            "INSERT INTO fates (id, figure_id, ordinal, outcome, date, date_lower, "
            "date_upper, certainty, section_id) VALUES (?, ?, 0, ?, ?, ?, ?, "
            "'stated', '9999/main')",
            fate_rows,
        )
        figures_rows.clear(), alias_rows.clear(), fate_rows.clear()

    for figure_id, name, aliases, rng in people(figures, avoid, seed):
        figures_rows.append((figure_id, name, f"An invented person, {name}."))
        alias_rows.extend((figure_id, alias) for alias in aliases)
        if rng.random() < 0.3:
            fate_id += 1
            date = f"19{rng.randint(18, 40)}-{rng.randint(1, 12):02d}"
            fate_rows.append((fate_id, figure_id, rng.choice(OUTCOMES), date, *bounds(date)))
        if len(figures_rows) >= 50000:
            flush()
    flush()
    for number in range(max(figures // 1000, 1)):
        db.execute(
            "INSERT INTO operations (id, casefile, title, kind, date, date_lower, "
            "date_upper, section_id, summary) VALUES (?, '9999', ?, 'arrest', '1937', "
            "'1937-01-01', '1937-12-31', '9999/main', 'An invented operation.')",
            (f"syn-op-{number}", f"Synthetic operation {number}"),
        )
        db.execute(
            "INSERT INTO participants (operation_id, figure_id, role, certainty, "
            "section_id) VALUES (?, ?, 'target', 'stated', '9999/main')",
            (f"syn-op-{number}", f"syn-{number}"),
        )
        db.execute(
            "INSERT INTO events (id, casefile, date, date_lower, date_upper, kind, title, "
            "certainty, section_id) VALUES (?, '9999', '1938', '1938-01-01', "
            "'1938-12-31', 'arrest', ?, 'stated', '9999/main')",
            (f"syn-ev-{number}", f"Synthetic arrest {number}"),
        )
    print(f"  records written in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    clear_indexes(db)
    write_name_index(db)
    fill_documents(db)
    db.commit()
    problems = check_integrity(db)
    if problems:
        raise SystemExit("; ".join(problems))
    db.execute("ANALYZE")
    db.commit()
    db.close()
    print(
        f"  {output}: {figures:,} synthetic figures in {time.perf_counter() - started:.0f} s",
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
