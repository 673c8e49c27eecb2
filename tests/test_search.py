import pytest

from casefile_cli.search import (
    MATCH_THRESHOLD,
    WORD_THRESHOLD,
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
