"""Checked records -> networkx.MultiDiGraph: nodes, keyed edges, merged evidence, schemas."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kgraph.api import load_graph, open_dataset
from kgraph.build import build_graph
from kgraph.errors import DataError
from kgraph.project import bundled_schema

SOURCES = """\
sources:
  - {id: memo, title: Memo, date: 2019-05-01, file: memo.txt}
  - {id: report, title: Report, publisher: Office, file: report.txt}
"""
ENTITIES = """\
entities:
  - id: alice
    type: person
    name: Alice Álvarez
    aliases: [Alvarez]
    description: Director of the Bureau.
    role: Director
    notes: checked twice
    source: memo
    quote: Alice Álvarez, Director
  - {id: bob, type: person, name: Bob Brown, source: memo, quote: Bob}
  - id: summit
    type: summit
    name: Strelsau Summit
    start: 2019-03-01
    end: 2019-03-02
    source: memo
    quote: the Strelsau Summit
  - {id: group, type: programme, name: Working Group, date: 2019-06,
     inferred: {date: implied by the memo}, source: memo, quote: The Working Group}
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def graph(tmp_path: Path, relations: str = "", **more: str) -> nx.MultiDiGraph:
    files = {"sources.yaml": SOURCES, "entities.yaml": ENTITIES,
             "relations.yaml": "relations:\n" + relations, **more}
    ds = open_dataset([write(tmp_path / "data", files)])
    assert ds.errors == []
    return build_graph(ds)


def test_entities_become_nodes_with_their_fields(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # file names are shown relative to the working directory
    g = graph(tmp_path)
    assert sorted(g.nodes) == ["alice", "bob", "group", "summit"]
    assert g.nodes["alice"] == {
        "type": "person",
        "name": "Alice Álvarez",
        "aliases": ["Alvarez"],
        "description": "Director of the Bureau.",
        "evidence": [{"source": "memo", "quote": "Alice Álvarez, Director"}],
        "notes": "checked twice",
        "role": "Director",
        "claim": "stated",
        "where": "data/entities.yaml:2",
    }
    assert g.nodes["summit"]["start"] == "2019-03-01"
    assert g.nodes["summit"]["end"] == "2019-03-02"
    assert "date" not in g.nodes["summit"]
    assert g.nodes["group"]["date"] == "2019-06"
    assert g.nodes["group"]["inferred"] == {"date": "implied by the memo"}
    assert g.nodes["bob"]["aliases"] == []


def test_graph_carries_sources_and_schema(tmp_path: Path) -> None:
    g = graph(tmp_path)
    assert g.graph["sources"] == {
        "memo": {"id": "memo", "title": "Memo", "date": "2019-05-01", "file": "memo.txt"},
        "report": {"id": "report", "title": "Report", "publisher": "Office",
                   "file": "report.txt"},
    }
    assert "attended" in g.graph["schema"].relation_types


def test_relation_becomes_an_edge_keyed_by_its_type(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    g = graph(tmp_path, "  - {from: alice, type: attended, to: summit, date: 2019-03-01,\n"
              "     description: as head of delegation, source: memo, quote: Alice attended}\n")
    assert isinstance(g, nx.MultiDiGraph)
    assert list(g.edges(keys=True)) == [("alice", "summit", "attended")]
    assert g.edges["alice", "summit", "attended"] == {
        "type": "attended",
        "evidence": [{"source": "memo", "quote": "Alice attended"}],
        "date": "2019-03-01",
        "description": "as head of delegation",
        "claim": "stated",
        "where": "data/relations.yaml:2",
    }


def test_same_relation_from_two_sources_is_one_edge_with_two_evidence(tmp_path: Path) -> None:
    g = graph(tmp_path,
              "  - {from: alice, type: attended, to: summit, source: memo, quote: Alice came}\n"
              "  - {from: alice, type: attended, to: summit, source: report, quote: A. came,\n"
              "     notes: a different note does not make it another edge}\n"
              "  - {from: alice, type: attended, to: summit, source: memo, quote: Alice came}\n")
    assert list(g.edges(keys=True)) == [("alice", "summit", "attended")]
    assert g.edges["alice", "summit", "attended"]["evidence"] == [
        {"source": "memo", "quote": "Alice came"},  # given twice, kept once
        {"source": "report", "quote": "A. came"},
    ]


def test_evidence_list_on_one_relation(tmp_path: Path) -> None:
    g = graph(tmp_path, "  - from: alice\n    type: attended\n    to: summit\n"
              "    source: memo\n    quote: Alice came\n"
              "    evidence:\n      - {source: report, quote: A. came}\n")
    assert g.edges["alice", "summit", "attended"]["evidence"] == [
        {"source": "memo", "quote": "Alice came"}, {"source": "report", "quote": "A. came"}]


def test_same_ends_and_type_with_other_dates_are_parallel_edges(tmp_path: Path) -> None:
    g = graph(tmp_path,
              "  - {from: alice, type: met_with, to: bob, date: 2019-02, source: memo, quote: a}\n"
              "  - {from: alice, type: met_with, to: bob, date: 2019-04, source: memo, quote: b}\n"
              "  - {from: alice, type: met_with, to: bob, date: 2019-04, source: report, "
              "quote: c}\n"
              "  - {from: alice, type: met_with, to: bob, source: report, quote: d}\n"
              "  - {from: bob, type: met_with, to: alice, date: 2019-02, source: memo, quote: e}\n")
    edges = {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}
    assert sorted(edges) == [("alice", "bob", "met_with"), ("alice", "bob", "met_with~2"),
                             ("alice", "bob", "met_with~3"), ("bob", "alice", "met_with")]
    first, second, third = (edges["alice", "bob", k] for k in
                            ("met_with", "met_with~2", "met_with~3"))
    assert (first["date"], [e["quote"] for e in first["evidence"]]) == ("2019-02", ["a"])
    assert (second["date"], [e["quote"] for e in second["evidence"]]) == ("2019-04", ["b", "c"])
    assert "date" not in third
    assert [e["quote"] for e in third["evidence"]] == ["d"]
    assert all(d["type"] == "met_with" for d in edges.values())


def test_several_data_roots_are_merged(tmp_path: Path) -> None:
    one = write(tmp_path / "one", {"sources.yaml": SOURCES, "entities.yaml": ENTITIES})
    two = write(tmp_path / "two", {
        "more.yaml": "entities:\n  - {id: carol, type: person, name: Carol, source: report, "
                     "quote: Carol}\nrelations:\n  - {from: carol, type: met_with, to: alice, "
                     "source: report, quote: Carol met Alice}\n"})
    single = tmp_path / "single.yaml"
    single.write_text("relations:\n  - {from: bob, type: attended, to: summit, source: memo, "
                      "quote: Bob came}\n")
    ds = open_dataset([one, two, single])
    # nothing but the one entity no relation of the three roots names
    assert [(p.rule, p.message.split("'")[1]) for p in ds.problems] == [("orphan", "group")]
    assert len(ds.files) == 4
    g = build_graph(ds)
    assert g.number_of_nodes() == 5
    assert sorted(g.edges(keys=True)) == [("bob", "summit", "attended"),
                                          ("carol", "alice", "met_with")]


def test_the_same_root_given_twice_is_read_once(tmp_path: Path) -> None:
    one = write(tmp_path / "one", {"sources.yaml": SOURCES, "entities.yaml": ENTITIES})
    ds = open_dataset([one, one / "entities.yaml", one])
    assert ds.problems == []
    assert len(ds.files) == 2


def test_data_without_a_schema_uses_the_bundled_one(tmp_path: Path) -> None:
    g = graph(tmp_path)
    bundled = open_dataset([bundled_schema()]).schema
    assert set(g.graph["schema"].entity_types) == set(bundled.entity_types)
    assert set(g.graph["schema"].relation_types) == set(bundled.relation_types)
    assert g.graph["schema"].is_a("city", "place")


VESSELS = """\
entity_types:
  vessel: {label: Vessel, plural: vessels, parent: place}
relation_types:
  sailed_to:
    source: [vessel]
    target: [place, country]
    reading: sailed to
    inverse_reading: was reached by
"""
VOYAGE = """\
sources:
  - {id: log, title: Ship's log}
entities:
  - {id: ship, type: vessel, name: The Ship, source: log, quote: the ship}
  - {id: port, type: city, name: Port Town, source: log, quote: Port Town}
relations:
  - {from: ship, type: sailed_to, to: port, source: log, quote: sailed to Port Town}
"""


def test_own_schema_next_to_the_bundled_one_adds_types(tmp_path: Path) -> None:
    mine = write(tmp_path / "mine", {"schema.yaml": VESSELS, "voyage.yaml": VOYAGE})
    ds = open_dataset([bundled_schema(), mine])
    assert ds.problems == []
    g = build_graph(ds)
    schema = g.graph["schema"]
    assert {"vessel", "city", "person"} <= set(schema.entity_types)
    assert {"sailed_to", "attended"} <= set(schema.relation_types)
    assert schema.is_a("vessel", "place")
    assert g.nodes["ship"]["type"] == "vessel"
    assert list(g.edges(keys=True)) == [("ship", "port", "sailed_to")]


def test_own_schema_alone_replaces_the_bundled_one(tmp_path: Path) -> None:
    # documented: the bundled schema is used only when no file declares types
    own = "entity_types:\n  port_area: {label: Port area}\n" + VESSELS.replace(
        "entity_types:\n", "").replace("parent: place", "parent: port_area").replace(
        "target: [place, country]", "target: [port_area]")
    voyage = VOYAGE.replace("type: city", "type: port_area")
    mine = write(tmp_path / "mine", {"schema.yaml": own, "voyage.yaml": voyage})
    ds = open_dataset([mine])
    assert ds.problems == []
    assert set(ds.schema.entity_types) == {"port_area", "vessel"}
    assert set(ds.schema.relation_types) == {"sailed_to"}


def test_load_graph_refuses_data_with_errors(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad", {"a.yaml": "entities:\n  - {id: a, type: person}\n"})
    with pytest.raises(DataError) as info:
        load_graph([bad])
    assert info.value.exit_code == 1
    assert {p.rule for p in info.value.problems} == {"missing-field", "missing-evidence"}


def test_load_graph_builds_valid_data(tmp_path: Path) -> None:
    data = write(tmp_path / "data", {"sources.yaml": SOURCES, "entities.yaml": ENTITIES,
                                     "relations.yaml": "relations:\n  - {from: bob, type: "
                                     "attended, to: summit, source: memo, quote: Bob}\n"})
    kg = load_graph([data])
    assert kg.graph.number_of_nodes() == 4
    assert kg.sources["memo"]["title"] == "Memo"
    assert "attended" in kg.schema.relation_types
