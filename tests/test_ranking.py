"""Lookup that forgives: a table of queries and the record each must find first."""

import pytest

from casefile_cli.errors import AmbiguousError, NotFoundError
from casefile_cli.lookup import resolve_any, resolve_figure, resolve_organisation, who_killed
from casefile_cli.store.connect import open_database

FIGURES = [
    # canonical, partial, word order
    ("trotsky", "leon-trotsky"),
    ("leon", "leon-trotsky"),
    ("trotsky leon", "leon-trotsky"),
    ("Leon Trotsky", "leon-trotsky"),
    ("LEON TROTSKY", "leon-trotsky"),
    # other transliterations
    ("Trockij", "leon-trotsky"),
    ("Trocky", "leon-trotsky"),
    ("Ezhov", "nikolai-yezhov"),
    ("Jezhov", "nikolai-yezhov"),
    ("Jagoda", "genrikh-yagoda"),
    ("Berija", "lavrentiy-beria"),
    ("Lavrenty Beria", "lavrentiy-beria"),
    ("Dzerzhinskiy", "felix-dzerzhinsky"),
    ("Sergey Kirov", "sergei-kirov"),
    ("Nikolaev", "leonid-nikolaev"),
    ("Jeschow", "nikolai-yezhov"),
    ("Dzierżyński", "felix-dzerzhinsky"),
    ("Sinowjew", "grigory-zinoviev"),
    ("Blochin", "vasily-blokhin"),
    ("Bronstein", "leon-trotsky"),
    ("Dzhugashvili", "joseph-stalin"),
    ("Jughashvili", "joseph-stalin"),
    # Cyrillic
    ("Ежов", "nikolai-yezhov"),
    ("Троцкий", "leon-trotsky"),
    ("Берия", "lavrentiy-beria"),
    ("Ягода", "genrikh-yagoda"),
    # the text's own misspellings
    ("Yezkov", "nikolai-yezhov"),
    ("Yehov", "nikolai-yezhov"),
    ("Atruzov", "artur-artuzov"),
    ("Agronov", "yakov-agranov"),
    ("Frinovky", "mikhail-frinovsky"),
    ("Spegielglas", "sergei-spiegelglass"),
    ("Lokoba", "nestor-lakoba"),
    ("Loboka", "nestor-lakoba"),
    ("Riess", "ignace-reiss"),
    ("Mercador", "ramon-mercader"),
    ("Dzerzinsky", "felix-dzerzhinsky"),
    ("Leinin", "vladimir-lenin"),
    # accents
    ("Vaha", "toivo-vaha"),
    ("Vähä", "toivo-vaha"),
    ("Munzenberg", "willi-munzenberg"),
    ("Muenzenberg", "willi-munzenberg"),
    ("Münzenberg", "willi-munzenberg"),
    # codenames, cover names, nicknames
    ("Koba", "joseph-stalin"),
    ("the boss", "joseph-stalin"),
    ("iron felix", "felix-dzerzhinsky"),
    ("letchik", "vladimir-pravdin"),
    ("LETCHIK", "vladimir-pravdin"),
    ("etienne", "mark-zborowski"),
    ("Lisa Gorskaya", "elizabeth-zarubina"),
    ("Gridgdenko", "pavel-sudoplatov"),
    ("Puppetmaster", "gaik-ovakimian"),
    ("ace of spies", "sidney-reilly"),
    ("the turk", "the-turk"),
]


@pytest.fixture(scope="module")
def db(real_db):
    return open_database(real_db)


@pytest.mark.parametrize("query, expected", FIGURES)
def test_figure_ranking(db, query, expected):
    figure, match = resolve_figure(db, query)
    assert figure.id == expected, f"{query!r} found {figure.id} via {match.matched!r}"


@pytest.mark.parametrize(
    "query, kind, expected",
    [
        ("kirov", "operation", "kirov-assassination"),
        ("trotsky", "operation", "trotsky-assassination"),
        ("blokhin", "figure", "vasily-blokhin"),
        ("katyn", "operation", "katyn-massacre"),
        ("operation trust", "operation", "operation-trust"),
        ("ogpu", "organisation", "ogpu"),
        ("rovs", "organisation", "rovs"),
        ("special office", "organisation", "special-office"),
        ("reiss", "operation", "reiss-assassination"),
        ("katyn forest", "place", "katyn-forest"),
        ("smolny", "place", "smolny-institute"),
    ],
)
def test_show_ranking(db, query, kind, expected):
    record, _ = resolve_any(db, query)
    assert (type(record).__name__.lower(), record.id) == (kind, expected)


@pytest.mark.parametrize("query", ["leningrad", "third reich", "zzzzqx"])
def test_false_friends_find_no_person(db, query):
    with pytest.raises(NotFoundError):
        resolve_figure(db, query)


def test_koba_is_not_lakoba(db):
    figure, _ = resolve_figure(db, "koba")
    assert figure.id == "joseph-stalin"


def test_yakov_names_three_men(db):
    with pytest.raises(AmbiguousError) as caught:
        resolve_figure(db, "yakov")
    ids = {m.record_id for m in caught.value.candidates}
    assert {"yakov-blumkin", "yakov-serebryansky", "yakov-agranov"} <= ids
    figure, _ = resolve_figure(db, "yakov", first=True)
    assert figure.id in ids


def test_who_killed_prefers_people_who_were_killed(db):
    answer, _ = who_killed(db, "trotsky")
    assert answer.victim.id == "leon-trotsky"
    assert answer.accounts[0].killed_by[0].id == "ramon-mercader"


def test_organisation_by_full_name_and_cyrillic(db):
    assert resolve_organisation(db, "Joint State Political Directorate")[0].id == "ogpu"
    assert resolve_organisation(db, "НКВД")[0].id == "nkvd"


# -- issue 12: lookup as people ask ------------------------------------------

CHAPTERS = {
    # section heading as printed -> the operation it tells
    "The Capture of Boris Savinkov": "savinkov-capture",
    "The Arrest and Execution of Sidney Reilly": "reilly-execution",
    "The Arrest and Execution of Yakov Blumkin": "blumkin-execution",
    "The Kidnapping of Alexander Kutepov": "kutepov-kidnapping",
    "The Assassination of Noe Ramishvili": "ramishvili-assassination",
    "The Assassination of Sergey Kirov": "kirov-assassination",
    "The Poisoning of Nestor Lakoba": "lakoba-poisoning",
    "The Fall of Genrikh Yagoda": "yagoda-fall",
    "The Assassination of Ignace Reiss": "reiss-assassination",
    "The Kidnapping of Yevgeny Miller": "miller-kidnapping",
    "The Assassination of Abram Slutsky": "slutsky-assassination",
    "The Assassination of Yevhen Konovalets": "konovalets-assassination",
    "The Murder of Rudolf Klement": "klement-murder",
    "The Fall of Yezhov": "yezhov-fall",
    "The Murder of Zinaida Reich": "reich-murder",
    "The Katyn Massacre": "katyn-massacre",
    "The Death of Willi Münzenberg": "munzenberg-death",
    "The Assassination of Leon Trotsky": "trotsky-assassination",
}


def test_the_table_has_every_chapter(db):
    headings = {
        row[0]
        for row in db._all("SELECT heading FROM sections WHERE slug != 'introduction'")
    }
    assert headings == set(CHAPTERS)


@pytest.mark.parametrize("heading, expected", CHAPTERS.items())
def test_every_heading_as_printed_finds_its_operation(db, heading, expected):
    dated = db._one(
        "SELECT heading_date FROM sections WHERE heading = ?", (heading,)
    )[0]
    for query in (heading, heading.removeprefix("The "), f"{heading} ({dated})"):
        record, match = resolve_any(db, query)
        assert (type(record).__name__, record.id) == ("Operation", expected), query


@pytest.mark.parametrize(
    "query, expected",
    [
        ("reiss murder", "reiss-assassination"),
        ("blumkin killing", "blumkin-execution"),
        ("lakoba murder", "lakoba-poisoning"),
        ("reilly shooting", "reilly-execution"),
        ("yagoda arrest", "yagoda-fall"),
        ("savinkov arrest", "savinkov-capture"),
        ("kutepov abduction", "kutepov-kidnapping"),
        ("ramishvili murder", "ramishvili-assassination"),
        ("kirov murder", "kirov-assassination"),
        ("miller abduction", "miller-kidnapping"),
        ("slutsky killing", "slutsky-assassination"),
        ("konovalets murder", "konovalets-assassination"),
        ("klement killing", "klement-murder"),
        ("yezhov dismissal", "yezhov-fall"),
        ("yezhov downfall", "yezhov-fall"),
        ("reich killing", "reich-murder"),
        ("katyn killings", "katyn-massacre"),
        ("munzenberg death", "munzenberg-death"),
        ("trotsky murder", "trotsky-assassination"),
        ("mercader assassination", "trotsky-assassination"),
        ("tukhachevsky frame", "tukhachevsky-affair"),
        ("bukharin trial", "moscow-trial-1938"),
    ],
)
def test_name_and_a_word_for_what_happened(db, query, expected):
    record, _ = resolve_any(db, query)
    assert (type(record).__name__, record.id) == ("Operation", expected)


def _cyrillic_surnames(db):
    rows = db._all("SELECT id, native_name FROM figures WHERE native_name IS NOT NULL")
    return [
        (row[0], row[1].split()[-1])
        for row in rows
        if any("\u0400" <= ch <= "\u04ff" for ch in row[1])
    ]


def test_a_cyrillic_surname_alone_finds_every_figure_with_a_native_name(db):
    surnames = _cyrillic_surnames(db)
    assert len(surnames) > 50
    counts: dict[str, int] = {}
    for _, surname in surnames:
        counts[surname] = counts.get(surname, 0) + 1
    wrong = []
    for figure_id, surname in surnames:
        if counts[surname] > 1:  # brothers and namesakes: a surname is not enough
            continue
        found, _ = resolve_figure(db, surname)
        if found.id != figure_id:
            wrong.append((surname, figure_id, found.id))
    assert wrong == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Меркадер", "ramon-mercader"),
        ("Iejov", "nikolai-yezhov"),
        ("Ежов", "nikolai-yezhov"),
        ("Jagoda", "genrikh-yagoda"),
        ("Trotskiy", "leon-trotsky"),
        ("Iagoda", "genrikh-yagoda"),
        ("Chpiguelglas", "sergei-spiegelglass"),
        # transposed letters
        ("trotksy", "leon-trotsky"),
        ("blokihn", "vasily-blokhin"),
        ("yezhvo", "nikolai-yezhov"),
        ("dzerzhinksy", "felix-dzerzhinsky"),
        ("menzhinksy", "vyacheslav-menzhinsky"),
    ],
)
def test_romanisations_and_transpositions(db, query, expected):
    figure, match = resolve_figure(db, query)
    assert figure.id == expected, f"{query!r} found {figure.id} via {match.matched!r}"


def test_generated_romanisations_stay_out_of_cards(db):
    figure = db.figure("nikolai-yezhov")
    assert "generated" not in {a.kind for a in figure.aliases}
    assert db._one(
        "SELECT count(*) FROM aliases WHERE kind = 'generated' AND generated = 1"
    )[0] > 100


@pytest.mark.parametrize(
    "query, kind, expected",
    [
        ("lenin", "Operation", "lenin-assassination-attempt"),
        ("uritsky", "Operation", "uritsky-assassination"),
        ("trust", "Operation", "operation-trust"),
        ("Трест", "Operation", "operation-trust"),
        ("leningrad", "Place", "petrograd"),
        ("katyn", "Operation", "katyn-massacre"),
        ("Agranov demoted to head the NKVD in Saratov", "Event", "agranov-demoted"),
        ("Yagoda's arrest ordered", "Event", "yagoda-arrest-ordered"),
        ("dzerzhinsky-dies", "Event", "dzerzhinsky-dies"),
        ("Death of Lev Sedov", "Operation", "sedov-death"),
        ("the man with the ice axe", "Operation", "trotsky-assassination"),
    ],
)
def test_show_targets_namesakes_places_events_and_text(db, query, kind, expected):
    record, _ = resolve_any(db, query)
    assert (type(record).__name__, record.id) == (kind, expected)


def test_org_trust_is_still_the_body(db):
    assert resolve_organisation(db, "trust")[0].id == "trust"


def test_show_by_text_says_so_and_ambiguity_lists_records(db):
    _, match = resolve_any(db, "the man with the ice axe")
    assert match.form_kind == "text"
    with pytest.raises(AmbiguousError) as caught:
        resolve_any(db, "bodyguards withdrawn")
    assert len(caught.value.candidates) >= 2
    with pytest.raises(NotFoundError):
        resolve_any(db, "zzzzqx qqqzz")


def test_leningrad_is_still_not_lenin(db):
    record, _ = resolve_any(db, "leningrad")
    assert record.id != "vladimir-lenin"
    with pytest.raises(NotFoundError):
        resolve_figure(db, "leningrad")


def test_descriptive_search_ranks_by_words_matched(db):
    from casefile_cli.lookup import search_everything

    hits = search_everything(db, "the man with the ice axe", limit=5)
    top = {(h.kind, h.id) for h in hits[:3]}
    assert {("figure", "ramon-mercader"), ("operation", "trotsky-assassination")} <= top
    assert set(hits[0].matched_words) == {"ice", "axe"}
