import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile_cli.search import (
    MATCH_THRESHOLD,
    WORD_THRESHOLD,
    alignment_similarity,
    fold,
    normalise,
    score_form,
    word_similarity,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Vähä", "vaha"),
        ("Münzenberg", "munzenberg"),
        ("  Leon   TROTSKY! ", "leon trotsky"),
        ("Ежов", "ezhov"),
        ("D'Arcy", "d arcy"),
        ("ﬁgure", "figure"),  # NFKC ligature
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("trotsky", "trockij"),
        ("trotsky", "trotskii"),
        ("yezhov", "ezhov"),
        ("yezhov", "jezhov"),
        ("yagoda", "jagoda"),
        ("beria", "berija"),
        ("nikolayev", "nikolaev"),
        ("dzerzhinsky", "dzerzinsky"),
        ("spiegelglass", "spiegelglas"),
        ("aleksei", "alexei"),
    ],
)
def test_fold_erases_transliteration_differences(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    "query, form",
    [("leningrad", "lenin"), ("koba", "lokoba"), ("reich", "third")],
)
def test_false_friends_do_not_match(query, form):
    assert word_similarity(query, form) < WORD_THRESHOLD


def test_third_reich_is_not_zinaida_reich():
    assert score_form(["third", "reich"], ["zinaida", "reich"]) < MATCH_THRESHOLD


def test_exact_beats_prefix_beats_fuzzy():
    exact = word_similarity("leon", "leon")
    prefix = word_similarity("leon", "leonid")
    fuzzy = word_similarity("trocky", "trotsky")
    assert exact > prefix
    assert fuzzy >= WORD_THRESHOLD


def test_a_flood_of_another_case_files_short_texts_does_not_crowd_out_real_hits(db_copy):
    import json
    import sqlite3

    from tests.support import run_cli

    connection = sqlite3.connect(db_copy)
    connection.execute("INSERT INTO casefiles (number, title, summary) VALUES ('9999', 'F', 'F')")
    connection.executemany(
        "INSERT INTO documents (casefile, record_kind, record_id, name, body) "
        "VALUES ('9999', 'figure', ?, ?, 'A careful person.')",
        [(f"flood-{i}", f"Flood {i}") for i in range(500)],
    )
    connection.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    connection.commit()
    connection.close()
    done = run_cli("--db", str(db_copy), "search", "person", "--json")
    assert done.exit_code == 0, done.stderr
    ids = [hit["id"] for hit in json.loads(done.stdout)]
    assert "yakov-serebryansky" in ids and "vasily-blokhin" in ids
    assert any(i.startswith("flood-") for i in ids)  # both case files take turns
    stalin = json.loads(run_cli("--db", str(db_copy), "search", "stalin", "--json").stdout)
    assert stalin[0]["id"] == "joseph-stalin"  # the name hit leads the passing mentions


# Short strings over a small alphabet: most pairs are a few edits apart,
# swaps of adjacent letters included.
_spellings = st.text(alphabet="abcy", max_size=12)


@settings(max_examples=3000, deadline=None)
@given(_spellings, _spellings, st.sampled_from([0.0, 0.5, WORD_THRESHOLD, WORD_THRESHOLD + 0.1]))
def test_alignment_similarity_is_rapidfuzzs_osa(a, b, needed):
    from rapidfuzz.distance import OSA

    expected = OSA.normalized_similarity(a, b)
    got = alignment_similarity(a, b, needed)
    # Exactly rapidfuzz's number, or 0.0 for a pair below what was needed.
    assert got == expected or (got == 0.0 and expected < needed)


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("petrov", "petrvo", 1),  # a swap is one edit
        ("trotsky", "trocky", 2),
        ("ca", "abc", 3),  # no letter edited twice: not 2, as Damerau-Levenshtein says
        ("", "abc", 3),
        ("yezhov", "yezhov", 0),
    ],
)
def test_alignment_similarity_counts_edits(a, b, distance):
    longest = max(len(a), len(b))
    assert alignment_similarity(a, b) == 1.0 - distance / longest
