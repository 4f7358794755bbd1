"""GraphML read back by lxml (strict, and against the GraphML XSD), networkx, python-igraph
and graphology-graphml (node), on the fixture, the bundled data, a 2-hop subgraph and
random graphs with awkward strings."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from test_export_support import (
    edge_kinds,
    edges,
    expected,
    export_to,
    get_graph,
    graph_params,
    graphml_schema,
    node_kinds,
    random_kg,
    reserved_name,
    run_js,
    same_number,
    xml_clean,
)

from kgraph.api import KnowledgeGraph
from kgraph.exporters.graphml import EDGE_RESERVED, NODE_RESERVED

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def _hex(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def label_of(name: Any, node: str) -> str:
    """Every node has a label: its name, or its id when the name shows nothing."""
    if isinstance(name, str) and xml_clean(name).strip():
        return xml_clean(name)
    return xml_clean(node)


def expected_nodes(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """node id -> {GraphML attribute name: value a typed reader should return}."""
    kinds = node_kinds(kg)
    degree = dict(kg.graph.degree())
    out = {}
    for n, d in kg.graph.nodes(data=True):
        etype = d["type"]
        et = kg.schema.entity_types.get(etype)
        row: dict[str, Any] = {
            "label": label_of(d.get("name"), n),
            "entity_type": xml_clean(etype),
            "type_label": et.label if et else etype.replace("_", " "),
            "type_color": kg.schema.color(etype),
            "degree": degree[n],
            "size": round(10 + 5 * math.sqrt(degree[n]), 3),
        }
        row["r"], row["g"], row["b"] = _hex(kg.schema.color(etype))
        used = set(NODE_RESERVED) | set(row)
        for name in d:
            if name in ("type", "name") or d[name] is None:
                continue
            value = expected(d[name], kinds[name])
            row[reserved_name(name, used)] = xml_clean(value) if isinstance(value, str) else value
        out[str(n)] = row
    return out


def expected_edges(kg: KnowledgeGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    kinds = edge_kinds(kg)
    out = {}
    for u, v, k, d in edges(kg):
        rt = kg.schema.relation_types.get(d["type"])
        row: dict[str, Any] = {"label": rt.reading if rt else d["type"].replace("_", " "),
                               "relation": d["type"], "edge_key": k}
        used = set(EDGE_RESERVED) | set(row)
        for name, value in d.items():
            if name == "type" or value is None:
                continue
            value = expected(value, kinds[name])
            row[reserved_name(name, used)] = xml_clean(value) if isinstance(value, str) else value
        out[(xml_clean(u), xml_clean(v), xml_clean(k))] = row
    return out


def assert_same(got: Any, want: Any, where: str) -> None:
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        assert same_number(got, want), f"{where}: {got!r} != {want!r}"
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"


def check_xml(kg: KnowledgeGraph, path: Path) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    doc = etree.parse(str(path), parser)  # strict: raises on any well-formedness error
    schema = graphml_schema()
    assert schema.validate(doc), schema.error_log  # plain GraphML, nothing added

    keys = doc.findall("g:key", NS)
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids)) and not {"d3", "d7"} & set(ids)
    declared = [(k.get("for"), k.get("attr.name")) for k in keys]
    assert len(declared) == len(set(declared)), "an attribute is declared twice"
    assert all(k.get("attr.type") in ("string", "int", "long", "double", "boolean")
               for k in keys)
    label_keys = {k.get("for"): k.get("id") for k in keys if k.get("attr.name") == "label"}

    nodes = doc.findall("g:graph/g:node", NS)
    assert len(nodes) == kg.graph.number_of_nodes()
    for node in nodes:  # a label on every node
        assert node.find(f"g:data[@key='{label_keys['node']}']", NS) is not None
    edge_els = doc.findall("g:graph/g:edge", NS)
    assert len(edge_els) == kg.graph.number_of_edges()
    edge_ids = [e.get("id") for e in edge_els]
    assert len(edge_ids) == len(set(edge_ids)), "edge ids must be globally unique"
    # (node and edge ids are separate namespaces; key ids differ from both anyway)
    assert not set(ids) & (set(edge_ids) | {n.get("id") for n in nodes})
    want = expected_edges(kg)
    for e in edge_els:  # a label on every edge (the reading), as a data key Gephi shows
        label = e.find(f"g:data[@key='{label_keys['edge']}']", NS)
        assert label is not None and label.text
        assert label.text in {xml_clean(row["label"]) for row in want.values()}
        assert set(e.keys()) == {"id", "source", "target"}


def check_networkx(kg: KnowledgeGraph, path: Path) -> None:
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_nodes() == kg.graph.number_of_nodes()
    assert g.number_of_edges() == kg.graph.number_of_edges()
    for n, row in expected_nodes(kg).items():
        got = g.nodes[n]
        names = {k for k, v in row.items() if v is not None}
        assert set(got) == names, (n, set(got) ^ names)
        for name, value in row.items():
            if value is not None:
                assert_same(got[name], value, f"networkx node {n!r}.{name}")
    want = expected_edges(kg)
    seen = {}
    for u, v, data in g.edges(data=True):
        seen[(u, v, data["edge_key"])] = data
    assert set(seen) == set(want)
    for ident, row in want.items():
        assert set(seen[ident]) == set(row), ident
        for name, value in row.items():
            assert_same(seen[ident][name], value, f"networkx edge {ident}.{name}")


def check_igraph(kg: KnowledgeGraph, path: Path) -> None:
    import igraph

    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert g.vcount() == kg.graph.number_of_nodes()
    assert g.ecount() == kg.graph.number_of_edges()
    want_nodes = expected_nodes(kg)
    names = g.vs["id"] if g.vcount() else []
    assert sorted(names) == sorted(want_nodes)
    for vertex in g.vs:
        row = want_nodes[vertex["id"]]
        for name, value in row.items():
            if value is not None:
                assert_same(vertex[name], value, f"igraph node {vertex['id']!r}.{name}")
    want = expected_edges(kg)
    got = {}
    for e in g.es:
        got[(names[e.source], names[e.target], e["edge_key"])] = e
    assert set(got) == set(want)
    for ident, row in want.items():
        for name, value in row.items():
            assert_same(got[ident][name], value, f"igraph edge {ident}.{name}")


def check_graphology(kg: KnowledgeGraph, path: Path) -> None:
    out = run_js("read-graphml.mjs", path)
    assert out["order"] == kg.graph.number_of_nodes()
    assert out["size"] == kg.graph.number_of_edges()
    if kg.graph.number_of_edges():
        assert out["type"] == "directed"
    want_nodes = expected_nodes(kg)
    assert set(out["nodes"]) == set(want_nodes)
    for n, row in want_nodes.items():
        got = out["nodes"][n]
        # graphology turns r, g, b into a colour, as Gephi Lite shows it
        assert got.get("color") == f"#{row['r']:02x}{row['g']:02x}{row['b']:02x}"
        for name, value in row.items():
            if value is not None and name not in ("r", "g", "b", "color"):
                assert_same(got[name], value, f"graphology node {n!r}.{name}")
    want = expected_edges(kg)
    got_edges = {(e["source"], e["target"], e["attributes"]["edge_key"]): e for e in out["edges"]}
    assert set(got_edges) == set(want)
    for ident, row in want.items():
        for name, value in row.items():
            assert_same(got_edges[ident]["attributes"][name], value,
                        f"graphology edge {ident}.{name}")


def check_all(kg: KnowledgeGraph, path: Path) -> None:
    check_xml(kg, path)
    check_networkx(kg, path)
    check_igraph(kg, path)
    check_graphology(kg, path)


@pytest.mark.parametrize("name", graph_params())
def test_graphml_readers_agree_with_the_graph(name: str, tmp_path: Path) -> None:
    kg = get_graph(name)
    check_all(kg, export_to(kg, "graphml", tmp_path))


def test_parallel_relations_survive(tmp_path: Path) -> None:
    kg = get_graph("fixture")
    parallel = [k for u, v, k in kg.graph.edges(keys=True) if "~" in k]
    assert parallel, "the fixture has a relation stated twice with different dates"
    path = export_to(kg, "graphml", tmp_path)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_edges("ana-lopez", "op-ampersand") == 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_kg())
def test_graphml_random_graphs(kg: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_all(kg, export_to(kg, "graphml", Path(tmp)))
