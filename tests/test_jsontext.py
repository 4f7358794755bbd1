"""Relations and entities as JSON text (``kgraph.jsontext``), and ``neighbours --json``
made from it: the text is the text of the dicts the queries make, byte for byte, on the
bundled data, the fixture graphs (compiled and not), and relations of any shape."""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph import queries as q
from kgraph.api import KnowledgeGraph, load_graph
from kgraph.cache import load_cached
from kgraph.cli import stream
from kgraph.described import relation, summary
from kgraph.jsontext import Encoder, Text

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def graphs() -> dict[str, KnowledgeGraph]:
    """The bundled data (relations of 21 shapes: dated, described, inferred, attributed,
    with attributes of their own) and a fixture with parallel relations (keys such as
    ``met_with~2``), each as built and as read from the compiled cache."""
    parallel = FIXTURES / "graphs" / "parallel"
    return {"bundled": load_graph(), "bundled, compiled": load_cached(None),
            "parallel": load_graph([parallel]), "parallel, compiled": load_cached([parallel])}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@pytest.mark.parametrize("name", ["bundled", "bundled, compiled", "parallel",
                                  "parallel, compiled"])
def test_every_relation_and_entity_is_the_text_of_its_dict(name: str) -> None:
    kg = graphs()[name]
    text = Encoder(kg)
    edges = list(kg.graph.edges(keys=True, data=True))
    assert len(edges) >= 6
    shapes = set()
    for u, v, key, attrs in edges:
        shapes.add(tuple(attrs))
        for travel_from in (None, u, v):
            made = text.relation(u, v, key, attrs, travel_from)
            assert type(made) is Text
            assert made == dumps(relation(kg, u, v, key, attrs, travel_from))
        if u != v:
            assert text.relation_both_ways(u, v, key, attrs) == (
                dumps(relation(kg, u, v, key, attrs)),
                dumps(relation(kg, u, v, key, attrs, travel_from=v)))
    assert len(shapes) > (10 if name.startswith("bundled") else 1)
    for n in kg.graph.nodes:
        assert text.entity(n) == dumps(summary(kg, n))
        assert text.entity_at(n, 2) == dumps(dict(summary(kg, n), distance=2))


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                   _TEXT, st.lists(_TEXT, max_size=2),
                   st.dictionaries(_TEXT, _TEXT, max_size=2))


@settings(max_examples=300, deadline=None)
@given(fields=st.dictionaries(
           st.sampled_from(["date", "start", "end", "description", "inferred", "claim",
                            "where", "notes", "role", "attributed_to"]),
           _VALUE, max_size=5),
       evidence=st.lists(st.fixed_dictionaries(
           {"source": st.sampled_from(["unknown-source", "x"]) | _TEXT, "quote": _TEXT}),
           max_size=3),
       key=_TEXT, typed=st.booleans(), forward=st.booleans())
def test_any_relation_is_the_text_of_its_dict(fields: dict[str, Any],
                                             evidence: list[dict[str, str]], key: str,
                                             typed: bool, forward: bool) -> None:
    kg = graphs()["bundled"]
    u, v = sorted(kg.graph.nodes)[:2]
    source = next(iter(kg.sources))
    evidence = [dict(ev, source=source) if ev["source"] == "x" else ev for ev in evidence]
    attrs = {**({"type": "attended"} if typed else {}), "evidence": evidence, **fields}
    if attrs.get("attributed_to"):  # (a list of ids, in a graph that was checked)
        attrs["attributed_to"] = [u, "not-an-entity"]
    travel_from = u if forward else v
    assert Encoder(kg).relation(u, v, key, attrs, travel_from) == dumps(
        relation(kg, u, v, key, attrs, travel_from))


def written(result: dict[str, Any]) -> str:
    out = io.StringIO()
    stream.write_json(result, out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["bundled", "bundled, compiled"])
@pytest.mark.parametrize("depth, direction, relations, limit, offset", [
    (2, "both", None, None, 0),
    (3, "both", None, None, 0),
    (2, "out", None, None, 0),
    (2, "in", None, None, 0),
    (2, "both", ["attended", "organised"], None, 0),
    (2, "both", None, 5, 0),   # a page: the entities on the way to it are context
    (3, "both", None, 7, 20),
])
def test_neighbours_as_text_write_what_the_dicts_write(
        name: str, depth: int, direction: str, relations: list[str] | None,
        limit: int | None, offset: int) -> None:
    kg = graphs()[name]
    hubs = sorted(kg.graph.nodes, key=lambda n: -kg.graph.degree(n))[:3]
    for node in hubs:
        args = (kg, node, depth, direction, relations, None, limit, offset)
        as_dicts = written(q.neighbours(*args, stream=True))
        as_text = written(q.neighbours(*args, stream=True, encoded=True))
        assert as_text == as_dicts
        assert json.loads(as_text) == q.neighbours(*args)  # (and what the library gives)
    if limit is None:  # (what the text is made differently for is there)
        assert '"seen": true' in as_text
        assert ('"direction": "backward"' in as_text) == (direction != "out")


def test_the_tree_takes_the_relations_made_for_the_list(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """Written in full, the tree reads no relation again: each comes from the list's."""
    kg = graphs()["bundled, compiled"]
    node = max(kg.graph.nodes, key=kg.graph.degree)
    expected = q.neighbours(kg, node, 2)["tree"]
    result = q.neighbours(kg, node, 2, stream=True, encoded=True)
    written({"nodes": result["nodes"], "relations": result["relations"]})
    read = []
    monkeypatch.setattr(q, "edges_of", lambda *a, **k: read.append(a) or iter(()))
    tree = json.loads(written({"tree": result["tree"]}))["tree"]
    assert read == []
    assert tree == expected


def test_a_tree_read_before_its_relations_is_the_same() -> None:
    """The tree takes the relations made for the list when there are any; read first
    (as a library may), it makes them itself."""
    kg = graphs()["bundled, compiled"]
    node = max(kg.graph.nodes, key=kg.graph.degree)
    expected = q.neighbours(kg, node, 2)
    result = q.neighbours(kg, node, 2, stream=True, encoded=True)
    tree = json.loads(written({"tree": result["tree"]}))["tree"]
    assert tree == expected["tree"]
    assert json.loads(written({"relations": result["relations"]}))["relations"] == (
        expected["relations"])


def test_writing_holds_the_collector_off_and_gives_it_back() -> None:
    import gc

    seen = []

    def items() -> Any:
        seen.append(gc.isenabled())
        yield Text("1")

    assert gc.isenabled()
    written({"items": items()})
    stream.write_jsonl(items(), io.StringIO())
    assert seen == [False, False] and gc.isenabled()
