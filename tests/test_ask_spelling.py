"""Ordinary words typed with a slip ("atend", "Prosecuter Generl"), on the invented world of
tests/test_ask_plans.py: read as the one word of the data's vocabulary they are near, and
said so; words of English, place adjectives and guesses between words are left as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.api import load_graph
from kgraph.ask import answer
from kgraph.ask.lexicon import lexicon
from kgraph.ask.spelling import respelt
from tests.test_ask_plans import graph, ids, variant


@pytest.mark.parametrize(("question", "expected", "notes"), [
    ("Which meetings did the Harbour Unit atend?", ["coast-watch-session"],
     ["read 'atend' as 'attend'"]),
    # two slips, one capitalised: the office's name as the data spells it
    ("Who is the Prosecuter Generl of Southland?", ["ben"],
     ["read 'Prosecuter' as 'prosecutor'", "read 'Generl' as 'general'"]),
    # the question's own words too
    ("Wich meetings did the Harbour Unit attend?", ["coast-watch-session"],
     ["read 'Wich' as 'which'"]),
])
def test_a_slip_is_read_as_the_word_near_it(question: str, expected: list[str],
                                            notes: list[str]) -> None:
    result = answer(graph(), question)
    assert [a["id"] for a in result["answers"]] == expected
    assert result["notes"][:len(notes)] == notes
    assert result["question"] == question  # (as typed)


def test_the_same_questions_spelt_right_give_the_same_answers() -> None:
    assert ids("Which meetings did the Harbour Unit attend?") == ["coast-watch-session"]
    assert ids("Who is the Prosecutor General of Southland?") == ["ben"]


@pytest.mark.parametrize("question", [
    "Who bankrolled Operation Lantern?",  # English, though not the data's
    "Which Norlandic agencies attended the Spring Summit?",  # a place's adjective
    "Which meetings did the Harbour Unit attend?",
    "Who wrote 'Organizd gangs are far weaker'?",  # quoted: text to look for as typed
])
def test_words_that_are_no_slip_are_left_as_typed(question: str) -> None:
    kg = graph()
    assert respelt(kg, lexicon(kg), question) == (question, [])


def test_a_tie_is_chosen_by_the_name_around_it_or_the_letters_typed(tmp_path: Path) -> None:
    kg = load_graph([variant(tmp_path, (
        "  - {id: hugo,",
        ("  - {id: post-office, type: agency, name: Post Office, source: courier, "
         "quote: Post Office}\n"
         "  - {id: trafficking-desk, type: agency, name: Trafficking Desk, source: courier, "
         "quote: Trafficking Desk}\n  - {id: hugo,")))])
    lex = lexicon(kg)
    # "porst" is a letter from "port" and from "post": the name the data has around it
    # chooses
    assert respelt(kg, lex, "Who runs Porst City?")[1] == ["read 'Porst' as 'port'"]
    assert respelt(kg, lex, "Who runs the porst office?")[1] == ["read 'porst' as 'post'"]
    assert respelt(kg, lex, "What did the porst say?")[1] == []  # nothing to choose by
    # "trafiking" is two letters from "trafficking" and from "training": every letter
    # typed is in the first, in order
    assert respelt(kg, lex, "What is trafiking?")[1] == ["read 'trafiking' as 'trafficking'"]
