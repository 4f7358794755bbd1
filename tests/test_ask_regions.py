"""A region the data does not hold, named by a word before a place's adjective ("the Upper
Westlandish ministers"), on the invented world (tests/fixtures/graphs/plans): left out and
told where it qualifies something else the question describes; refused where it says what
the answers must be."""

from __future__ import annotations

import pytest
from test_ask_plans import graph

from kgraph.ask import answer
from kgraph.errors import NotFound


def test_a_region_the_data_lacks_is_left_out_of_a_description_and_said() -> None:
    plain = answer(graph(), "Which operation grew out of Ada Vance's January meeting with the "
                   "ministers of justice?")
    result = answer(graph(), "Which operation grew out of Ada Vance's January meeting with the "
                    "Upper Westlandish ministers of justice?")
    assert [a["id"] for a in result["answers"]] == [a["id"] for a in plain["answers"]] \
        == ["operation-beacon"]
    assert "left out 'Upper Westlandish': the data has no such place (the question read " \
        "without it)" in result["notes"]


@pytest.mark.parametrize("question", [
    "Which Upper Westlandish countries attended the Valley Talks?",
    "How many Upper Westlandish countries attended the Valley Talks?",
])
def test_a_region_the_data_lacks_in_what_is_asked_refuses_the_question(question: str) -> None:
    with pytest.raises(NotFound, match="nothing on 'Upper Westlandish'"):
        answer(graph(), question)


@pytest.mark.parametrize("question", [
    "Which Westlandish bodies attended the Valley Talks?",  # (the question's own word)
    "Westlandish ministers met Ada Vance when?",  # (a capital that opens the sentence)
])
def test_a_capital_that_is_no_name_of_a_region_is_not_taken_for_one(question: str) -> None:
    try:
        result = answer(graph(), question)
    except NotFound as e:
        assert "no such place" not in str(e)
    else:
        assert not any("no such place" in n for n in result.get("notes", []))
