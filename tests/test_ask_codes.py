"""Countries written as their ISO 3166 codes in a question (tests/fixtures/graphs/codes)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kgraph.api import KnowledgeGraph, load_graph
from kgraph.ask import answer
from kgraph.ask.codes import country_codes, written_out
from kgraph.ask.words import tokenize

CODES = Path(__file__).resolve().parent / "fixtures" / "graphs" / "codes"


@cache
def graph() -> KnowledgeGraph:
    return load_graph([CODES])


def norms(question: str) -> list[str]:
    return [t.norm for t in written_out(graph(), question, tokenize(question))]


def test_the_codes_of_the_data_s_countries_from_the_standard() -> None:
    codes = country_codes(graph())
    assert {k: codes[k] for k in ("mx", "mex", "co", "col", "us", "usa")} == {
        "mx": "Mexico", "mex": "Mexico", "co": "Colombia", "col": "Colombia",
        "us": "United States", "usa": "United States"}
    assert "fr" not in codes  # (only the countries the data has)


def test_a_code_is_a_country_only_where_it_cannot_be_a_word() -> None:
    # in capitals, joined to another country, or no English word
    assert norms("talks of CO and MX") == ["talks", "of", "colombia", "and", "mexico"]
    assert norms("the co-mx talks") == ["the", "colombia", "mexico", "talks"]
    assert norms("the mx sitdown") == ["the", "mexico", "sitdown"]
    # "co" and "us" alone in lower case are words; "US" is a name of the data's already
    assert norms("Vidal and co told us") == ["vidal", "and", "co", "told", "us"]
    assert norms("the US talks") == ["the", "us", "talks"]


def test_a_question_with_codes() -> None:
    result = answer(graph(), "who is the FM of MX?")
    assert [a["id"] for a in result["answers"]] == ["lena"]
    result = answer(graph(), "who attended the co-mx harbour talks?")
    assert sorted(a["id"] for a in result["answers"]) == ["lena", "omar"]
    result = answer(graph(), "where were the harbour talks held, CO or MX?")
    assert [a["id"] for a in result["answers"]] == ["colombia"]
