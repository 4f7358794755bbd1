"""How a question is framed, on the invented world of tests/test_ask_plans.py: a preamble
set off by a colon, a cleft ("when was it that ..."), and a day said without its month
("the 10th")."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ask_plans import graph, ids_of

from kgraph.ask import answer
from kgraph.errors import NotFound


@pytest.mark.parametrize("mark", [":", ","])
def test_a_preamble_naming_something_else_is_left_out_and_said_to_be(mark: str) -> None:
    result = answer(graph(), f"Writing up the notes on the Harbour Week{mark} who attended "
                             "the Autumn Forum?")
    assert ids_of(result) == ["ben", "cara"]  # (not who was at the Harbour Week)
    assert result["partial"].startswith("left out: 'Writing notes the Harbour Week'")


def test_the_question_after_a_colon_is_read_whole_when_the_preamble_says_nothing() -> None:
    result = answer(graph(), "For the yearly report: who attended the Autumn Forum?")
    assert ids_of(result) == ["ben", "cara"]


@pytest.mark.parametrize(("question", "expected", "value"), [
    ("when was it that Ada Vance attended the Spring Summit?", ["spring-summit"], "2020-04-02"),
    ("where was it that the Spring Summit was held?", ["port-city"], None),
    ("who was it that addressed the Pier Conference?", ["ivo"], None),
])
def test_a_cleft_question_is_read_as_the_question_it_frames(
        question: str, expected: list[str], value: str | None) -> None:
    result = answer(graph(), question)
    assert ids_of(result) == expected
    assert result.get("value") == value


def test_a_day_said_without_its_month_is_that_day_of_any_month() -> None:
    result = answer(graph(), "who spoke on the 10th?")
    assert ids_of(result) == ["ivo"]  # (the Pier Conference was on 10 January 2021)
    assert "day 10 of any month" in result["interpretation"]["text"]
    other = answer(graph(), "who came to the Pier Conference of the 11th?")
    assert any("not recorded as dated in the period" in n for n in other["notes"])


def test_an_ordinal_before_a_noun_is_no_day() -> None:
    with pytest.raises(NotFound, match="10th"):
        answer(graph(), "who spoke on the 10th amendment?")


@pytest.mark.parametrize("question", [
    "What grew out of the Spring Summit, as regards cooperation with Westland?",
    "What grew out of the Spring Summit, regarding port security?",
])
def test_a_closing_phrase_of_what_the_question_concerns_may_be_left_out_and_said(
        question: str) -> None:
    result = answer(graph(), question)
    assert ids_of(result) == ["operation-lantern", "river-task-force"]
    assert result["partial"].endswith("(what it concerns is not checked)")


def _with_threat(tmp_path: Path) -> Path:
    """The invented world, with a threat Ada Vance made recorded as what she said."""
    from test_ask_plans import variant

    said = "quote: Ada Vance threatened to close the ports to Westland}\n"
    relations = ("relations:\n"
                 "  - {from: ada, type: said, to: port-threat, source: gazette, " + said
                 + "  - {from: port-threat, type: about, to: westland, source: gazette, " + said)
    threat = ("entities:\n"
              "  - {id: port-threat, type: statement, name: Ada Vance's threat to close the "
              "ports, source: gazette, " + said)
    return variant(tmp_path, ("relations:\n", relations), ("entities:\n", threat))


def test_an_act_recorded_as_something_said_is_found_through_it(tmp_path: Path) -> None:
    from kgraph.api import load_graph

    kg = load_graph([_with_threat(tmp_path)])
    result = answer(kg, "Which country did Ada Vance threaten?")
    assert ids_of(result) == ["westland"]
    assert "statements described as 'threaten'" in result["interpretation"]["text"]
    # what the threat was to do: left out, and said
    result = answer(kg, "Which country did Ada Vance threaten to leave out of the Spring Summit?")
    assert ids_of(result) == ["westland"]
    assert result["partial"].endswith("(what it was to do is not checked)")


@pytest.mark.parametrize("question", [
    "Ben Ortiz, what is his title?",
    "What position does Ben Ortiz hold?",
])
def test_a_person_s_title_is_the_role_his_record_gives_and_the_offices_he_holds(
        question: str) -> None:
    result = answer(graph(), question)
    assert ids_of(result) == ["ben", "southland-pg"]
    assert result["value"] == "Prosecutor General of Southland"
    assert result["answers"][0]["how"] == "role: Prosecutor General of Southland"


def _with_government(tmp_path: Path) -> Path:
    """The invented world, with Norland also named by its adjective and "Government"."""
    from test_ask_plans import variant

    return variant(tmp_path, ("aliases: [Kingdom of Norvania]",
                              "aliases: [Kingdom of Norvania, Norlandic Government]"))


def test_a_word_a_country_s_name_puts_after_its_adjective_is_part_of_any_country_s_name(
        tmp_path: Path) -> None:
    from kgraph.api import load_graph
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    kg = load_graph([_with_government(tmp_path)])
    for question, country in [("Who from the Southland government attended it?", "southland"),
                              ("Who from the Norland government attended the Winter Talks?",
                               "norland")]:
        _, atoms = parse.atoms(kg, question, lexicon(kg))
        mention = next(a for a in atoms if a.kind == "entity")
        assert mention.ids == [country] and mention.text.endswith(" government")
    assert ids_of(answer(kg, "Who from the Southland government attended the Spring "
                         "Summit?")) == ["ben", "spo"]
    # without such a name in the data, the word is a word of its own
    _, atoms = parse.atoms(graph(), "Who from the Southland government attended it?",
                           lexicon(graph()))
    assert next(a for a in atoms if a.kind == "entity").text == "southland"


def test_a_title_at_an_event_is_the_role_and_the_offices_held_then(tmp_path: Path) -> None:
    result = answer(graph(), "What was Ben Ortiz's title at the Spring Summit?")
    assert ids_of(result) == ["ben", "southland-pg"]
    assert result["value"] == "Prosecutor General of Southland"
    assert "at 'Spring Summit' read as when" in result["notes"][0]
    # an office he took up only after the summit was not his title at it; nor is the role
    # his record gives now
    from test_ask_plans import variant

    from kgraph.api import load_graph

    later = load_graph([variant(tmp_path, (
        "{from: ben, type: holds_office, to: southland-pg, start: 2019-03",
        "{from: ben, type: holds_office, to: southland-pg, start: 2021-03"))])
    with pytest.raises(NotFound):
        answer(later, "What was Ben Ortiz's title at the Spring Summit?")
