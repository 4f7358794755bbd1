"""GEXF 1.3 read back by graphology-gexf (node) and checked with lxml: namespaces, dynamic
mode with the timeline, edge kinds, colours and sizes, typed attributes."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from test_export_graphml import assert_same, expected_edges, expected_nodes, label_of
from test_export_support import (
    edges,
    export_to,
    get_graph,
    graph_params,
    random_kg,
    run_js,
    xml_clean,
)

from kgraph.api import KnowledgeGraph

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"x": GEXF, "viz": VIZ}
GRAPHML_ONLY = ("r", "g", "b", "size", "label")  # GEXF has viz and a label attribute


def first_day(value: str) -> str:
    parts = value.split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def node_time(attrs: dict[str, Any]) -> tuple[str | None, bool]:
    """An entity appears on the first day of its date (or start) and stays; whether that
    day was inferred."""
    inferred = attrs.get("inferred") or {}
    for field in ("date", "start"):
        if attrs.get(field):
            return first_day(attrs[field]), field in inferred
    return None, False


def edge_time(kg: KnowledgeGraph, u: str, v: str, k: str) -> tuple[str | None, bool]:
    """A relation appears on its own first day, never before both its ends."""
    times = [t for t in (node_time(kg.graph.edges[u, v, k]), node_time(kg.graph.nodes[u]),
                         node_time(kg.graph.nodes[v])) if t[0]]
    return max(times, key=lambda t: t[0]) if times else (None, False)


def with_time(row: dict[str, Any], when: tuple[str | None, bool]) -> dict[str, Any]:
    return {**row, "time_inferred": when[1]} if when[0] else row


def gexf_row(row: dict[str, Any], node: bool = True) -> dict[str, Any]:
    """A GraphML expectation as GEXF has it: a node's r/g/b/size are viz and its label an
    XML attribute; an edge keeps its label (the reading); the data's start/end are
    attr_start/attr_end (start and end are the time interval)."""
    out = {}
    for k, v in row.items():
        if (node and k in GRAPHML_ONLY) or v is None:
            continue
        out["attr_" + k if k in ("start", "end") else k] = v
    return out


def expected_gexf_edges(kg: KnowledgeGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): with_time(gexf_row(row, node=False), edge_time(kg, u, v, k))
            for (u, v, k), row in expected_edges(kg).items()}


def check_lxml(kg: KnowledgeGraph, path: Path) -> None:
    from lxml import etree

    doc = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    root = doc.getroot()
    assert root.tag == f"{{{GEXF}}}gexf" and root.get("version") == "1.3"
    assert root.nsmap.get("viz") == VIZ and root.nsmap.get("xsi") == XSI
    assert root.get(f"{{{XSI}}}schemaLocation") == f"{GEXF} http://gexf.net/1.3/gexf.xsd"
    graph = root.find("x:graph", NS)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    assert graph.get("defaultedgetype") == "directed"
    for cls in ("node", "edge"):
        decl = graph.findall(f"x:attributes[@class='{cls}']/x:attribute", NS)
        ids = [a.get("id") for a in decl]
        assert len(ids) == len(set(ids)), f"{cls} attribute declared twice"
        assert all(a.get("type") in ("string", "integer", "long", "double", "boolean")
                   for a in decl)

    degree = dict(kg.graph.degree())
    nodes = graph.findall("x:nodes/x:node", NS)
    assert len(nodes) == kg.graph.number_of_nodes()
    for el in nodes:
        n = el.get("id")
        attrs = kg.graph.nodes[n]
        assert el.get("label") == label_of(attrs.get("name"), n)
        assert (el.get("start"), el.get("end")) == (node_time(attrs)[0], None), n
        color = el.find("viz:color", NS)
        hexa = kg.schema.color(attrs["type"]).lstrip("#")
        assert (int(color.get("r")), int(color.get("g")), int(color.get("b"))) == (
            int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16))
        size = float(el.find("viz:size", NS).get("value"))
        assert size == round(10 + 5 * math.sqrt(degree[n]), 3)

    els = graph.findall("x:edges/x:edge", NS)
    assert len(els) == kg.graph.number_of_edges()
    assert len({e.get("id") for e in els}) == len(els), "edge ids must be unique"
    by_ident = {}
    for el in els:
        key = el.find("x:attvalues/x:attvalue[@for='edge_key']", NS).get("value")
        by_ident[(el.get("source"), el.get("target"), key)] = el
    for u, v, k, attrs in edges(kg):
        el = by_ident[(xml_clean(u), xml_clean(v), xml_clean(k))]
        rt = kg.schema.relation_types.get(attrs["type"])
        assert el.get("kind") == xml_clean(attrs["type"])
        assert el.get("label") == (rt.reading if rt else attrs["type"].replace("_", " "))
        assert (el.get("start"), el.get("end")) == (edge_time(kg, u, v, k)[0], None)


def check_graphology(kg: KnowledgeGraph, path: Path) -> None:
    out = run_js("read-gexf.mjs", path)
    assert out["order"] == kg.graph.number_of_nodes()
    assert out["size"] == kg.graph.number_of_edges()
    for n, row in expected_nodes(kg).items():
        got = out["nodes"][n]
        assert got["label"] == row["label"]
        assert got["color"] == "rgb({},{},{})".format(row["r"], row["g"], row["b"])
        assert_same(got["size"], row["size"], f"{n}.size")
        want_row = with_time(gexf_row(row), node_time(kg.graph.nodes[n]))
        assert set(got) - {"color", "size", "label"} == set(want_row), n
        for name, value in want_row.items():
            assert_same(got[name], value, f"graphology-gexf node {n!r}.{name}")
    want = expected_gexf_edges(kg)
    got_edges = {(e["source"], e["target"], e["attributes"]["edge_key"]): e["attributes"]
                 for e in out["edges"]}
    assert set(got_edges) == set(want)
    for ident, row in want.items():
        got = got_edges[ident]
        assert got["kind"] == row["relation"]
        assert set(got) - {"kind"} == set(row), ident
        for name, value in row.items():
            assert_same(got[name], value, f"graphology-gexf edge {ident}.{name}")


def check_networkx(kg: KnowledgeGraph, path: Path) -> None:
    g = nx.read_gexf(path, version="1.3")
    assert g.number_of_nodes() == kg.graph.number_of_nodes()
    assert g.number_of_edges() == kg.graph.number_of_edges()
    for n, row in expected_nodes(kg).items():
        got = dict(g.nodes[n])
        when = node_time(kg.graph.nodes[n])
        assert (got.pop("start", None), got.pop("end", None)) == (when[0], None), n
        viz = got.pop("viz")
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (
            row["r"], row["g"], row["b"])
        assert_same(viz["size"], row["size"], f"{n}.size")
        assert got.pop("label") == row["label"]
        want_row = with_time(gexf_row(row), when)
        assert set(got) == set(want_row), n
        for name, value in want_row.items():
            assert_same(got[name], value, f"networkx node {n!r}.{name}")
    want = expected_gexf_edges(kg)
    got_edges = {}
    for u, v, data in g.edges(data=True):
        got_edges[(u, v, data["edge_key"])] = dict(data)
    assert set(got_edges) == set(want)
    for (u, v, k), row in want.items():
        got = got_edges[(u, v, k)]
        assert (got.pop("start", None), got.pop("end", None)) == (edge_time(kg, u, v, k)[0],
                                                                   None)
        got.pop("id")
        assert got.pop("label") == row.pop("label")
        assert set(got) == set(row), (u, v, k)
        for name, value in row.items():
            assert_same(got[name], value, f"networkx edge {(u, v, k)}.{name}")


def check_all(kg: KnowledgeGraph, path: Path) -> None:
    check_lxml(kg, path)
    check_graphology(kg, path)
    check_networkx(kg, path)


@pytest.mark.parametrize("name", graph_params())
def test_gexf_readers_agree_with_the_graph(name: str, tmp_path: Path) -> None:
    kg = get_graph(name)
    check_all(kg, export_to(kg, "gexf", tmp_path))


def test_gexf_timeline_of_the_fixture(tmp_path: Path) -> None:
    """Things appear when they begin and stay: the operation (2018-03 to 2019) from
    2018-03-01 on, with no end; a relation on its own date; an undated relation when both
    its ends are there."""
    from lxml import etree

    kg = get_graph("fixture")
    path = export_to(kg, "gexf", tmp_path)
    doc = etree.parse(str(path))
    op = doc.find(".//x:node[@id='op-ampersand']", NS)
    assert (op.get("start"), op.get("end")) == ("2018-03-01", None)

    def edge(key: str, source: str) -> Any:
        (found,) = [e for e in doc.findall(".//x:edge", NS) if e.get("source") == source and
                    e.find("x:attvalues/x:attvalue[@for='edge_key']", NS).get("value") == key]
        return found

    led2 = edge("led~2", "ana-lopez")
    assert (led2.get("start"), led2.get("end"), led2.get("kind")) == ("2019-01-01", None, "led")
    # undated, between an undated person and the summit: from the summit's day
    attended = edge("attended", "dmitri.k")
    assert (attended.get("start"), attended.get("end")) == ("2018-06-12", None)
    # dated 2018 (inferred), but the summit it grew out of is only there from 2018-06-12
    grew = edge("grew_out_of", "op-ampersand")
    assert (grew.get("start"), grew.get("end")) == ("2018-06-12", None)


def test_gexf_marks_inferred_days(tmp_path: Path) -> None:
    """An element that appears on a day the data inferred says so (time_inferred), and so
    does a relation that gets that day from its end."""
    g = nx.MultiDiGraph()
    g.add_node("a", type="event", name="A", date="2017", inferred={"date": "the year"})
    g.add_node("b", type="person", name="B")
    g.add_node("c", type="event", name="C", start="2018-05")
    g.add_edge("b", "a", key="attended", type="attended")
    g.add_edge("b", "c", key="attended", type="attended", date="2018-06-02")
    kg = KnowledgeGraph(g, get_graph("fixture").schema, {})
    check_all(kg, export_to(kg, "gexf", tmp_path))
    from lxml import etree

    doc = etree.parse(str(tmp_path / "out.gexf"))

    def inferred(el: Any) -> str | None:
        found = el.find("x:attvalues/x:attvalue[@for='time_inferred']", NS)
        return None if found is None else found.get("value")

    nodes = {el.get("id"): el for el in doc.findall(".//x:node", NS)}
    assert (nodes["a"].get("start"), inferred(nodes["a"])) == ("2017-01-01", "true")
    assert (nodes["b"].get("start"), inferred(nodes["b"])) == (None, None)
    assert (nodes["c"].get("start"), inferred(nodes["c"])) == ("2018-05-01", "false")
    edges_ = {el.get("target"): el for el in doc.findall(".//x:edge", NS)}
    assert (edges_["a"].get("start"), inferred(edges_["a"])) == ("2017-01-01", "true")
    assert (edges_["c"].get("start"), inferred(edges_["c"])) == ("2018-06-02", "false")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_kg())
def test_gexf_random_graphs(kg: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_all(kg, export_to(kg, "gexf", Path(tmp)))
