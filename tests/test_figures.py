"""Figures: the number as a quote writes it, the sentence and references a query gives, and
the figures in exports. The validation of figure records is in tests/test_validate.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.api import load_graph
from kgraph.exporters import export, get_format
from kgraph.figures import sentence, spellings, states
from kgraph.queries import entity_card

CLAIMS = Path(__file__).resolve().parent / "fixtures" / "claims"


@pytest.mark.parametrize(("quote", "value"), [
    ("That operation led to the charging of 3,800 members of MS-13.", 3800),
    ("seized 3800 kilograms", 3800),
    ("the administration has committed more than $1 billion so that", 1_000_000_000),
    ("The three articulated five principles", 5),
    ("an estimated 30,000 worldwide", 30000),
    ("a rate of 2.5 per cent", 2.5),
    ("13,000 kilograms", 13000.0),
])
def test_a_quote_gives_the_number(quote: str, value: float) -> None:
    assert states(quote, value)


@pytest.mark.parametrize(("quote", "value"), [
    ("more than 13,000 kilograms", 3000),     # part of a bigger number
    ("more than 13,000 kilograms", 13),
    ("214 members", 21),
    ("a dozen were arrested", 12),            # words other than the small numbers
    ("version 2.5.1", 2.5),
])
def test_a_quote_without_the_number_does_not(quote: str, value: float) -> None:
    assert not states(quote, value)


def test_spellings_of_round_numbers() -> None:
    assert spellings(1_500_000_000) == ["1500000000", "1,500,000,000", "1.5 billion"]
    assert "26 thousand" in spellings(26000)
    assert spellings(11)[-1] == "eleven"


def test_a_figure_in_words() -> None:
    item = {"measure": "seized", "reading": "seized", "value": 13000, "unit": "kg",
            "of": {"id": "cocaine", "name": "Cocaine"}, "qualifier": "more than",
            "scope": "destined for the United States", "date": "2016"}
    assert sentence(item) == "more than 13,000 kg of Cocaine seized (destined for the United " \
                             "States; 2016)"
    members = {"measure": "members", "reading": "members", "value": 10000, "unit": "members",
               "where": {"id": "us", "name": "United States"}, "qualifier": "about"}
    assert sentence(members) == "about 10,000 members (United States)"
    assert sentence({"measure": "committed", "reading": "committed", "value": 10**9,
                     "unit": "USD"}) == "1 billion USD committed"


def test_the_card_gives_each_figure_with_names_claim_and_sources() -> None:
    card = entity_card(load_graph([CLAIMS]), "tide")
    arrested, charged = card["figures"]
    assert arrested["of"] == {"id": "gang", "name": "Tide Gang"}
    assert (arrested["claim"], arrested["attributed_to"]) == (
        "attributed", [{"id": "ana", "name": "Ana Ruiz"}])
    assert arrested["sentence"] == "120 members of Tide Gang arrested"
    assert arrested["evidence"] == [{"source": "memo", "title": "Memo",
                                     "quote": "Ruiz said 120 members of the Tide Gang were "
                                              "arrested", "source_date": "2021-05-03"}]
    assert (charged["claim"], charged["value"]) == ("stated", 30)
    assert "figures" not in card["attributes"]


def test_figures_reach_the_exports(tmp_path: Path) -> None:
    kg = load_graph([CLAIMS])
    fmt, options = get_format("json")
    out = tmp_path / "graph.json"
    export(kg, fmt, str(out), None, **options)
    nodes = {n["id"]: n for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    figures = nodes["tide"]["figures"]
    assert [(f["measure"], f["value"], f.get("claim", "stated")) for f in figures] == [
        ("arrested", 120, "attributed"), ("charged", 30, "stated")]
