"""JSON (node-link) and CSV read back with the standard library (and networkx for the
node-link layout): every value comes back as it was."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from test_export_support import (
    as_json,
    edges,
    export_to,
    get_graph,
    graph_params,
    kind,
    random_kg,
    reserved_name,
)

from kgraph.api import KnowledgeGraph
from kgraph.exporters.csv import unguard

# ---------------------------------------------------------------------------------------
# JSON


def check_json(kg: KnowledgeGraph, path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    assert data["graph"]["sources"] == kg.sources
    assert set(data["graph"]["schema"]["entity_types"]) == set(kg.schema.entity_types)
    assert len(data["nodes"]) == kg.graph.number_of_nodes()
    assert len(data["edges"]) == kg.graph.number_of_edges()
    by_id = {n["id"]: n for n in data["nodes"]}
    for n, attrs in kg.graph.nodes(data=True):
        want = {"id": n}
        for k, v in attrs.items():
            if v is not None:
                want[reserved_name(k, {"id"})] = v
        assert by_id[n] == want
    by_ident = {(e["source"], e["target"], e["key"]): e for e in data["edges"]}
    for u, v, k, attrs in edges(kg):
        want = {"source": u, "target": v, "key": k}
        for name, value in attrs.items():
            if value is not None:
                want[reserved_name(name, {"source", "target", "key"})] = value
        assert by_ident[(u, v, k)] == want

    # networkx reads the same layout back into an equal multigraph
    g = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert sorted(g.nodes) == sorted(kg.graph.nodes)
    assert sorted(g.edges(keys=True)) == sorted(kg.graph.edges(keys=True))


@pytest.mark.parametrize("name", graph_params())
def test_json_round_trip(name: str, tmp_path: Path) -> None:
    kg = get_graph(name)
    check_json(kg, export_to(kg, "json", tmp_path))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_kg())
def test_json_random_graphs(kg: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_json(kg, export_to(kg, "json", Path(tmp)))


# ---------------------------------------------------------------------------------------
# CSV


def decode(cell: str, field_type: str) -> Any:
    if field_type == "integer":
        return int(cell)
    if field_type == "number":
        return float(cell)
    if field_type == "boolean":
        assert cell in ("true", "false"), cell
        return cell == "true"
    if field_type in ("array", "object"):
        return json.loads(cell)
    return unguard(cell)  # text that a spreadsheet would take for a formula has a ' before it


def read_table(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    head, body = rows[0], rows[1:]
    assert len(head) == len(set(head)), "duplicate column"
    assert all(len(r) == len(head) for r in body), "ragged rows"
    return head, [dict(zip(head, r)) for r in body]


def check_table(records: dict[Any, dict[str, Any]], rows: dict[Any, dict[str, str]],
                fields: dict[str, str], fixed: set[str]) -> None:
    assert set(rows) == set(records)
    names = {a for attrs in records.values() for a in attrs}
    kinds = {a: kind([attrs.get(a) for attrs in records.values()]) for a in names}
    for ident, attrs in records.items():
        row = rows[ident]
        for name, value in attrs.items():
            column = reserved_name(name, fixed)
            if value is None or value == "":
                assert row.get(column, "") == "", (ident, name)
                continue
            got = decode(row[column], fields[column])
            if kinds[name] == "string" and not isinstance(value, str):
                value = as_json(value)  # a column of mixed kinds holds JSON for non-text
            elif kinds[name] == "number":
                value = float(value)  # integers in a column of numbers read as numbers
            assert got == value and type(got) is type(value), (ident, name, got, value)


def check_csv(kg: KnowledgeGraph, files: dict[str, str]) -> None:
    assert set(files) == {"nodes.csv", "edges.csv", "sources.csv", "datapackage.json"}
    package = json.loads(files["datapackage.json"])
    fields = {r["name"]: {f["name"]: f["type"] for f in r["schema"]["fields"]}
              for r in package["resources"]}

    head, rows = read_table(files["nodes.csv"])
    assert head[0] == "id" and list(fields["nodes"]) == head
    assert len(rows) == kg.graph.number_of_nodes()
    check_table({n: a for n, a in kg.graph.nodes(data=True)}, {r["id"]: r for r in rows},
                fields["nodes"], {"id"})

    head, rows = read_table(files["edges.csv"])
    assert head[:3] == ["source", "target", "key"] and list(fields["edges"]) == head
    assert len(rows) == kg.graph.number_of_edges()  # parallel relations included
    node_ids = set(map(str, kg.graph.nodes))
    assert all(r["source"] in node_ids and r["target"] in node_ids for r in rows)
    check_table({(u, v, k): a for u, v, k, a in edges(kg)},
                {(r["source"], r["target"], r["key"]): r for r in rows},
                fields["edges"], {"source", "target", "key"})

    head, rows = read_table(files["sources.csv"])
    assert {r["id"] for r in rows} == set(kg.sources)


def read_dir(path: Path) -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8") for p in path.iterdir()}


def read_zip(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()}


@pytest.mark.parametrize("name", graph_params())
def test_csv_round_trip(name: str, tmp_path: Path) -> None:
    kg = get_graph(name)
    directory = export_to(kg, "csv", tmp_path, "csv")
    check_csv(kg, read_dir(directory))
    zipped = export_to(kg, "csv", tmp_path, "out.zip")
    assert read_zip(zipped) == read_dir(directory)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_kg())
def test_csv_random_graphs(kg: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_csv(kg, read_zip(export_to(kg, "csv", Path(tmp), "out.zip")))
