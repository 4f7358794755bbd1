"""Where and when an event described by what it grew out of took place
(tests/fixtures/graphs/events)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.api import load_graph
from kgraph.ask import answer
from kgraph.graph import KnowledgeGraph

EVENTS = Path(__file__).resolve().parent / "fixtures" / "graphs" / "events"


def graph() -> KnowledgeGraph:
    return load_graph([EVENTS])


@pytest.mark.parametrize("question", [
    ("In what city did the first session of the patrol that came out of the Feb 2020 Dock "
    "Talks take place?"),
    "Where was the first session of the patrol that grew out of the Dock Talks held?",
])
def test_the_place_of_the_event_described_not_of_the_one_it_grew_out_of(question: str) -> None:
    # the first session was in Hill Town; the Dock Talks it comes from, in Port City
    result = answer(graph(), question)
    assert [a["id"] for a in result["answers"]] == ["hill-town"]


def test_a_date_between_the_article_and_a_name_is_the_named_one_s() -> None:
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.phrases import phrases

    kg = graph()
    atoms = parse.atoms(kg, "which patrol came out of the Feb 2020 Dock Talks", lexicon(kg))[1]
    items = phrases(atoms)[0]
    # one phrase of the date and the name, not a date of the relation
    last = items[-1]
    assert not hasattr(last, "kind") and [a.kind for a in last.atoms] == ["date", "entity"]
    # and a group of any kind: a programme too, not only a gang
    assert [a["id"] for a in answer(kg, "Which group came out of the Dock Talks?")["answers"]] \
        == ["dock-patrol"]


def test_office_holders_of_a_region_not_all_named_are_read_as_their_countries() -> None:
    # Alba's attorney general is named (Ines Roca); Borea's and Cora's are not, and their
    # countries attended the March meeting Vera Hale was at
    result = answer(graph(), "Who attended the June Summit and also met the attorneys general "
                             "of the Southern Cone in March 2020?")
    assert [a["id"] for a in result["answers"]] == ["vera"]
    assert "no attorneys general of Borea, Cora is recorded by name; read as the bodies " \
        "themselves" in result["notes"]
    # one body's own: its holders only, no body added beside them
    result = answer(graph(), "Who met the attorney general of Alba?")
    assert "notes" not in result or not any("bodies" in n for n in result["notes"])


def test_words_after_a_name_that_its_own_text_has_describe_it() -> None:
    # "the June Summit of justice ministers": its description says so; not a second thing
    result = answer(graph(), "Who attended the June Summit of justice ministers?")
    assert sorted(a["id"] for a in result["answers"]) == ["alba", "ines", "vera"]
    assert result["interpretation"]["text"].startswith("who attended June Summit")
    assert "described as" not in result["interpretation"]["text"]



def test_a_name_read_as_its_parts_with_a_relation_of_no_date() -> None:
    # "the Justice Ministry office": one of its offices (the Ports Office, under the
    # Criminal Bureau), whose spearheading has no date to check "after the Dock Talks" by
    result = answer(graph(), "What did the Justice Ministry office housed under the Criminal "
                             "Bureau spearhead after the Dock Talks?")
    assert [a["id"] for a in result["answers"]] == ["dock-patrol"]
    assert result["partial"].startswith("no dates are recorded for 'spearheaded'")


def test_the_meetings_of_a_programme_are_not_the_meeting_it_grew_out_of() -> None:
    # Ines Roca was at the Dock Talks the patrol came out of, not at a patrol session
    result = answer(graph(), "Who attended meetings of the Dock Patrol?")
    assert [a["id"] for a in result["answers"]] == ["vera"]


@pytest.mark.parametrize("question", [
    "Who attended the June Summit from Alba?",
    "Who took part in the June Summit from Alba?",
])
def test_from_a_country_after_an_event_says_where_the_attendee_is_from(question: str) -> None:
    # Alba itself attended the summit too, so "the summit related to Alba" holds, and read
    # so it would list Vera Hale (of no country) as well: "from" is the attendee's
    result = answer(graph(), question)
    assert [a["id"] for a in result["answers"]] == ["ines"]
    assert "(related to" not in result["interpretation"]["text"]


def test_a_step_between_two_sets_nothing_else_narrows_still_narrows_them() -> None:
    # "the meetings in Port City": the place may be read on the attending itself, which no
    # relation here records; that reading finds nothing, it does not list everyone
    from test_ask_plans import graph as plans

    result = answer(plans(), "Who attended the meetings in Port City?")
    assert sorted(a["id"] for a in result["answers"]) == ["ada", "ben", "spo"]
