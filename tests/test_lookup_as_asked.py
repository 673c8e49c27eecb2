"""Issue 12 at the command line: event cards, text fallback, matched words,
see-also lines that answer, and generated names kept out of completion."""

import pytest

from casefile_cli.completion import complete_names

from .support import run_cli


@pytest.fixture
def cli(real_db):
    return lambda *args, **kw: run_cli("--db", str(real_db), *args, **kw)


def test_show_an_event_by_title_gives_its_card_and_json(cli):
    card = cli("show", "Agranov demoted to head the NKVD in Saratov")
    assert card.exit_code == 0
    assert "Yakov Agranov" in card.stdout and "Saratov" in card.stdout
    assert "Downfall of Genrikh Yagoda" in card.stdout
    data = cli("show", "agranov-demoted", "--json").json()
    assert data["kind"] == "event" and data["id"] == "agranov-demoted"
    assert data["name"] == data["title"]
    assert data["operation"]["id"] == "yagoda-fall"
    agranov = {"id": "yakov-agranov", "casefile": "0121", "name": "Yakov Agranov"}
    agranov["role"] = "subject"
    assert agranov in data["figures"]
    assert data["source"]["section"] == "yagoda-fall"
    assert data["match"]["matched_kind"] == "id"


def test_show_falls_back_to_the_text_and_says_so(cli):
    found = cli("show", "the man with the ice axe")
    assert found.exit_code == 0
    assert "Assassination of Leon Trotsky" in found.stdout
    assert "in the text, not by name" in found.stdout
    data = cli("show", "the man with the ice axe", "--json").json()
    assert data["id"] == "trotsky-assassination" and data["match"]["matched_kind"] == "text"
    several = cli("show", "bodyguards withdrawn")
    assert several.exit_code == 4 and "records mention it" in several.stderr


def test_search_says_which_words_matched_and_drops_the_rest(cli):
    hits = cli("search", "the man with the ice axe zzyzx", "--json").json()
    assert hits and all("matched_words" in h for h in hits)
    assert set(hits[0]["matched_words"]) == {"ice", "axe"}
    assert "zzyzx" not in {w for h in hits for w in h["matched_words"]}


def test_every_who_killed_in_a_see_also_line_answers(real_db):
    import shlex

    from casefile_cli.render.content import figure_card, operation_card
    from casefile_cli.store.connect import open_database

    db = open_database(real_db)
    cards = [operation_card(db.operation(r[0])) for r in db._all("SELECT id FROM operations")]
    cards += [figure_card(db.figure(r[0])) for r in db._all("SELECT id FROM figures")]
    offered = [line for card in cards for line in card.see_also if "who-killed" in line]
    assert len(offered) > 20
    for line in offered:
        result = run_cli("--db", str(real_db), *shlex.split(line)[1:])
        assert result.exit_code == 0, line


def test_generated_forms_are_not_completed():
    values = complete_names("iej", ("figure",))
    assert values == []
    assert "Ežov" not in complete_names("E", ("figure",))
