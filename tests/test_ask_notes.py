"""Questions typed as notes, on the invented world of tests/test_ask_plans.py: acronyms the
data never spells as such, noun phrases with no question word, a topic set off by a dash
with the question after it, a question set aside in brackets, two months joined by "and"."""

from __future__ import annotations

import pytest
from test_ask_plans import graph, ids_of

from kgraph.ask import answer
from kgraph.ask.fragments import headed, readings
from kgraph.ask.insitu import interposed
from kgraph.ask.lexicon import lexicon
from kgraph.ask.trailing import placed_last
from kgraph.errors import NotFound


@pytest.mark.parametrize(("question", "expected", "spelt"), [
    ("What is the HPTA part of?", ["harbour-police"], "Harbour Police Training Academy"),
    ("What did the RTF grow out of?", ["spring-summit"], "River Task Force"),
])
def test_an_acronym_is_read_as_the_words_of_the_data_whose_initials_spell_it(
        question: str, expected: list[str], spelt: str) -> None:
    result = answer(graph(), question)
    assert ids_of(result) == expected
    acronym = next(w for w in question.split() if w.isupper())
    assert result["notes"][0] == f"read '{acronym}' as '{spelt}'"
    assert result["question"] == question  # (as typed)


def test_an_acronym_no_name_spells_is_left_as_typed() -> None:
    with pytest.raises(NotFound):
        answer(graph(), "What is the XQZ part of?")


def test_a_noun_phrase_is_read_as_the_question_of_its_answer() -> None:
    result = answer(graph(), "events attended by both Ada Vance and Ben Ortiz?")
    assert ids_of(result) == ["spring-summit"]  # (not the Autumn Forum: Ada was not there)
    assert result["notes"][0].startswith("read as: 'which events attended by both")


@pytest.mark.parametrize(("question", "expected"), [
    ("Autumn Forum -- attendees?", ["ben", "cara"]),
    ("Spring Summit -- the delegates?", ["ada", "ben", "spo"]),
    ("Cara Diaz - title?", ["cara", "harbour-commissioner"]),  # (her role, her office)
])
def test_a_noun_phrase_after_a_topic_asks_it_of_the_topic(question: str,
                                                          expected: list[str]) -> None:
    assert headed(question)
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    assert any(n.startswith("read as: ") for n in result["notes"])


@pytest.mark.parametrize(("question", "expected"), [
    ("Cara Diaz title", ["cara", "harbour-commissioner"]),  # (no mark between)
    ("Spring Summit venue", ["port-city"]),
    ("Cara Diaz, title?", ["cara", "harbour-commissioner"]),  # (a comma before a few words)
])
def test_a_name_and_what_is_asked_of_it_reads_whole_before_words_are_left_out(
        question: str, expected: list[str]) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    assert not result["interpretation"].get("ignored")
    assert result["notes"][0].startswith("read as: ")


def test_a_note_with_a_date_keeps_the_name_it_is_of() -> None:
    # (a reading of a note is taken over the question as typed only when it keeps the
    # names the typed reading found)
    result = answer(graph(), "Port Warden dec 2020")
    assert "Port Warden" in result["interpretation"]["text"]


@pytest.mark.parametrize(("question", "expected", "read"), [
    ("Spring Summit -- hosted by?", ["norland"], "who hosted the Spring Summit?"),
    ("Operation Lantern: run by whom?", ["harbour-police"], "who ran the Operation Lantern?"),
])
def test_a_participle_and_by_after_a_topic_asks_who_did_it(question: str, expected: list[str],
                                                           read: str) -> None:
    result = answer(graph(), question)
    assert ids_of(result) == expected
    assert result["notes"][0] == f"read as: '{read}'"


@pytest.mark.parametrize(("question", "expected"), [
    ("Spring Summit -- who?", ["ada", "ben", "spo"]),
    ("Autumn Forum -- who?", ["ben", "cara"]),
])
def test_who_alone_after_a_topic_asks_who_took_part_in_it(question: str,
                                                         expected: list[str]) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    assert result["notes"][0].startswith("read as: 'who took part in")


def test_a_date_asked_after_a_comma_is_the_date_of_what_comes_before() -> None:
    result = answer(graph(), "Spring Summit, date?")
    assert result["value"] == "2020-04-02"


@pytest.mark.parametrize(("question", "expected", "read"), [
    ("need: city of the Autumn Forum", ["hill-town"], "the city of the Autumn Forum"),
    ("confirm date: Pier Conference", ["pier-conference"], "date of Pier Conference"),
])
def test_a_note_under_a_label_of_plain_words_is_read_with_the_label_last_words(
        question: str, expected: list[str], read: str) -> None:
    assert headed(question)
    result = answer(graph(), question)
    assert ids_of(result) == expected
    assert read in result["notes"][0]
    if "date" in question:
        assert result["value"] == "2021-01-10"
    # (a label with a name in it is a topic, not a label)
    assert not any(r.startswith("date of") for r in readings("Hill Town date: Pier Conference"))


@pytest.mark.parametrize(("question", "expected"), [
    ("harbour commissioner who went to the Autumn Forum", ["cara"]),
    ("Norland officials at the Autumn Forum who head units", ["cara"]),
])
def test_a_noun_phrase_with_a_clause_of_who_is_a_note_asking_for_the_noun(
        question: str, expected: list[str]) -> None:
    result = answer(graph(), question)
    assert ids_of(result) == expected
    assert result.get("match") != "text"
    assert result["notes"][0].startswith("read as: ")
    # (a question word first in a clause asks: no note)
    assert readings("the Autumn Forum, who went to it?") == []


def test_a_topic_without_an_article_is_put_in_place_of_the_word_pointing_back() -> None:
    question = "Harbour Unit that Cara Diaz heads -- which force is it part of?"
    assert not headed(question)  # (a question of its own after the dash)
    assert readings(question) == [
        "which force is the Harbour Unit that Cara Diaz heads part of?"]
    assert ids_of(answer(graph(), question)) == ["harbour-police"]


def test_a_question_typed_as_a_question_has_no_readings_as_a_note() -> None:
    assert readings("Who attended the Autumn Forum?") == []
    assert readings("Did Ben Ortiz attend the Autumn Forum?") == []
    assert readings("list the attendees of the Autumn Forum") == []


def test_a_question_set_aside_in_brackets_narrows_nothing() -> None:
    result = answer(graph(), "Where is the Night Crew based (not where it started)?")
    assert ids_of(result) == ["port-city"]
    assert any("not where it started" in n for n in result["notes"])


def test_an_exclusion_in_brackets_is_set_aside_from_the_answers() -> None:
    # "(not Ben Ortiz)" says which answers, not which question: not dropped in passing
    for question in ("Who attended the Autumn Forum (not Ben Ortiz)?",
                     "Who attended the Autumn Forum, not Ben Ortiz?"):
        result = answer(graph(), question)
        assert ids_of(result) == ["cara"]
        assert "'not Ben Ortiz': set aside" in result["notes"]


def test_two_months_joined_by_and_are_read_as_the_months_from_one_to_the_other() -> None:
    result = answer(graph(), "What grew out of Ada Vance's January and April meetings?")
    # the Valley Talks (January) and the Spring Summit (April), and what grew out of those
    assert {"operation-beacon", "river-task-force"} <= set(ids_of(result))
    assert "any year, month 01 to any year, month 04" in result["interpretation"]["text"]


def test_a_name_does_not_take_in_an_english_word_after_it_as_a_typo() -> None:
    result = answer(graph(), "Spring Summit -- attendees?")
    assert "spring-summit" not in ids_of(result)


@pytest.mark.parametrize(("question", "expected"), [
    ("what is the operation run by the Harbour Police?", ["operation-lantern"]),
    ("what was the summit attended by Ada Vance?", ["spring-summit"]),
    # and with a time after the object
    ("who was the official addressing the Pier Conference in 2021?", ["ivo"]),
    ("who was the official addressing the Pier Conference on 10 January?", ["ivo"]),
])
def test_what_is_a_phrase_whose_relation_has_its_object_asks_for_the_phrase(
        question: str, expected: list[str]) -> None:
    # (not "what is the operation run by": its runner; here the runner is named)
    assert ids_of(answer(graph(), question)) == expected


def test_a_phrase_set_off_between_a_verb_and_its_object_is_read_after_the_object() -> None:
    result = answer(graph(), "Which forum did Cara Diaz attend, as far as we know, in 2020?")
    assert ids_of(result)  # (a hedge between commas is no object: as before)
    moved = answer(graph(), "Who organised, in October 2020, the Autumn Forum?")
    assert ids_of(moved) == ["harbour-police"]
    assert moved["notes"][0] == "read as: 'Who organised the Autumn Forum in October 2020?'"
    # (an object that opens with a preposition is no object: read as typed)
    assert interposed_reading("Who went, in October 2020, to the Autumn Forum?") is None
    assert interposed_reading("Who represented, at the Spring Summit, Southland?") == \
        "Who represented Southland at the Spring Summit?"


def interposed_reading(question: str) -> str | None:
    return interposed(graph(), lexicon(graph()), question)


def test_places_and_times_joined_by_and_are_each_asked_of_the_things_before_them() -> None:
    # Ada Vance's meetings: the Valley Talks (January) and the Spring Summit (April); no
    # one meeting is in both months, and read as one the second month would stand alone
    result = answer(graph(), "What grew out of Ada Vance's meetings in January and in April?")
    assert {"operation-beacon", "river-task-force"} <= set(ids_of(result))
    assert result["notes"][0].startswith("read as two questions, the answers of either")
    # one of them finds nothing: the other's answers, said to be partial
    result = answer(graph(), "What grew out of Ada Vance's meetings in January and in October?")
    assert ids_of(result) == ["operation-beacon"]
    assert "found nothing" in result["partial"]


def test_both_before_places_joined_by_and_is_left_to_the_grammar() -> None:
    result = answer(graph(), "Who attended both the Spring Summit and the Autumn Forum?")
    assert ids_of(result) == ["ben"]
    assert not any(n.startswith("read as two questions") for n in result.get("notes", []))


@pytest.mark.parametrize(("question", "expected"), [
    ("Who attended the Spring Summit from the Southland side?", ["ben", "spo"]),
    ("Who attended the Spring Summit on the Norland side?", ["ada"]),
])
def test_a_country_s_side_is_its_people_and_bodies(question: str, expected: list[str]) -> None:
    result = answer(graph(), question)
    assert sorted(ids_of(result)) == expected
    assert result["notes"][0].startswith("read '") and "side' as 'from " in result["notes"][0]


@pytest.mark.parametrize(("question", "expected"), [
    ("Spring Summit -- who took part from Southland?", ["ben", "spo"]),
    ("Spring Summit -- who took part?", ["ada", "ben", "spo"]),
])
def test_a_question_after_a_topic_it_does_not_point_back_to_is_asked_of_it(
        question: str, expected: list[str]) -> None:
    result = answer(graph(), question)
    assert ids_of(result) == expected
    assert result["notes"][0].startswith("read as: 'who took part in Spring Summit")
    assert result["notes"][0].endswith("(the question asked of 'Spring Summit')")


def test_a_question_after_a_topic_whose_verb_has_its_object_is_not_asked_of_it() -> None:
    from kgraph.ask.elided import readings

    assert readings(graph(), "Spring Summit -- who attended the Autumn Forum?") == []
    assert readings(graph(), "Spring Summit -- who took part in it?") == []  # (points back)


@pytest.mark.parametrize(("question", "read", "expected"), [
    ("Which meetings did Ben Ortiz attend, Hill Town?",
     "Which meetings did Ben Ortiz attend in Hill Town?", ["autumn-forum"]),
    ("Which meetings did Ben Ortiz attend, Hill Town, October 2020?",
     "Which meetings did Ben Ortiz attend in Hill Town in October 2020?", ["autumn-forum"]),
    ("Which meetings did Ben Ortiz attend, April 2020?",
     "Which meetings did Ben Ortiz attend in April 2020?", ["spring-summit"]),
])
def test_a_place_and_a_time_said_last_narrow_the_question(question: str, read: str,
                                                          expected: list[str]) -> None:
    result = answer(graph(), question)
    assert [a["id"] for a in result["answers"]] == expected
    assert result["notes"][0] == f"read as: '{read}'"


@pytest.mark.parametrize("question", [
    "Who attended the Autumn Forum, Hill Town, October 2020?",  # a name's details
    "Which meetings did Ben Ortiz attend on April 2, 2020?",  # a date with its comma
    "Ben Ortiz, Hill Town, October 2020",  # no question word
])
def test_commas_that_set_off_no_setting_of_the_question_are_left(question: str) -> None:
    assert placed_last(graph(), lexicon(graph()), question) is None
