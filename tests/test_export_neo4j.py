"""Neo4j bulk-import CSVs: the headers ``neo4j-admin database import`` expects, every
relationship end an existing node, typed cells that parse; the import script and the
Cypher script agree with the graph."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from test_export_support import edges, export_to, get_graph, graph_params, random_kg

from kgraph.api import KnowledgeGraph

HEADER = re.compile(r"(?P<name>[^:]+)(?::(?P<type>int|long|double|boolean|string\[\]|"
                    r"long\[\]|double\[\]|boolean\[\]))?\Z")
_CYPHER_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'")


def cypher_unescape(body: str) -> str:
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
            continue
        out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'"}[nxt])
        i += 2
    return "".join(out)


def first_string(text: str) -> str:
    """The first Cypher string literal in ``text``, decoded."""
    m = _CYPHER_STRING.search(text)
    assert m, text
    return cypher_unescape(m.group(1))


def pascal(type_name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^0-9A-Za-z]+", type_name) if p)


def read(files: dict[str, str], name: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(files[name], newline="")))
    return rows[0], rows[1:]


def parse_cell(cell: str, ntype: str | None, delimiter: str) -> Any:
    if ntype in ("int", "long"):
        return int(cell)
    if ntype == "double":
        return float(cell)
    if ntype == "boolean":
        assert cell in ("true", "false")
        return cell == "true"
    if ntype and ntype.endswith("[]"):
        items = cell.split(delimiter)
        inner = ntype[:-2]
        return [parse_cell(x, None if inner == "string" else inner, delimiter) for x in items]
    return cell


def check_neo4j(kg: KnowledgeGraph, files: dict[str, str]) -> None:
    assert set(files) == {"nodes.csv", "relationships.csv", "import.cypher", "import.sh"}
    script = files["import.sh"]
    assert "neo4j-admin\" database import full" in script
    assert '--nodes="$here/nodes.csv"' in script
    assert '--relationships="$here/relationships.csv"' in script
    assert "--multiline-fields=true" in script
    m = re.search(r"--array-delimiter='([^']+)'", script)
    assert m
    delimiter = "\x1f" if m.group(1) == "U+001F" else m.group(1)

    head, rows = read(files, "nodes.csv")
    assert head[:2] == ["id:ID", ":LABEL"]
    types = {}
    for h in head[2:]:
        hm = HEADER.match(h)
        assert hm, f"bad header {h!r}"
        types[hm.group("name")] = hm.group("type")
    assert types.get("aliases") in ("string[]", None)
    assert len(rows) == kg.graph.number_of_nodes()
    ids = [r[0] for r in rows]
    assert sorted(ids) == sorted(map(str, kg.graph.nodes)) and len(set(ids)) == len(ids)
    for row in rows:
        attrs = kg.graph.nodes[row[0]]
        labels = row[1].split(delimiter)
        assert labels[0] == "Entity"
        assert labels[1:] == [pascal(t) for t in kg.schema.ancestors(attrs["type"])]
        cells = dict(zip(head[2:], row[2:]))
        for h, cell in cells.items():
            name = HEADER.match(h).group("name")  # type: ignore[union-attr]
            if cell == "":
                continue
            value = parse_cell(cell, types[name], delimiter)
            source = name if name in attrs else name.removeprefix("attr_")
            if types[name] in ("int", "long", "boolean"):
                assert value == attrs[source], (row[0], name)
            if types[name] and types[name].endswith("[]") and not any(
                    isinstance(x, str) and delimiter in x for x in attrs[source]):
                assert value == [float(x) if types[name] == "double[]" else x
                                 for x in attrs[source]], (row[0], name)
            if types[name] == "double":
                assert value == float(attrs[source])
        aliases = [a for a in attrs.get("aliases") or []]
        if aliases and types.get("aliases") == "string[]" and not any(
                delimiter in a for a in aliases):
            assert cells["aliases:string[]"].split(delimiter) == aliases

    head, rows = read(files, "relationships.csv")
    assert head[:5] == [":START_ID", ":END_ID", ":TYPE", "key", "reading"]
    for h in head[5:]:
        assert HEADER.match(h), f"bad header {h!r}"
    assert len(rows) == kg.graph.number_of_edges()  # parallel relations included
    known = set(ids)
    assert all(r[0] in known and r[1] in known for r in rows), "every end must be a node"
    got = sorted((r[0], r[1], r[3]) for r in rows)
    assert got == sorted((u, v, k) for u, v, k, _ in edges(kg))
    for r in rows:
        rtype = kg.graph.edges[r[0], r[1], r[3]]["type"]
        assert r[2] == re.sub(r"[^0-9A-Za-z]+", "_", rtype).strip("_").upper()

    lines = files["import.cypher"].split("\n")
    creates = [ln for ln in lines if ln.startswith("CREATE (:")]
    matches = [ln for ln in lines if ln.startswith("MATCH ")]
    assert len(creates) == kg.graph.number_of_nodes()
    assert len(matches) == kg.graph.number_of_edges()
    assert all(ln.endswith(");") for ln in creates + matches)
    created = [first_string(ln.split("{", 1)[1]) for ln in creates]
    assert sorted(created) == sorted(map(str, kg.graph.nodes))
    for ln in creates:
        node = first_string(ln.split("{", 1)[1])
        name = kg.graph.nodes[node].get("name")
        if name:  # empty text is no property, as in the CSVs
            m = re.search(r", name: '((?:[^'\\]|\\.)*)'", ln)
            assert m and cypher_unescape(m.group(1)) == name


def read_dir(path: Path) -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8") for p in path.iterdir()}


@pytest.mark.parametrize("name", graph_params())
def test_neo4j_files(name: str, tmp_path: Path) -> None:
    kg = get_graph(name)
    directory = export_to(kg, "neo4j", tmp_path, "neo4j")
    check_neo4j(kg, read_dir(directory))
    with zipfile.ZipFile(export_to(kg, "neo4j", tmp_path, "neo4j.zip")) as z:
        assert {n: z.read(n).decode("utf-8") for n in z.namelist()} == read_dir(directory)


def test_neo4j_typed_columns_of_the_fixture(tmp_path: Path) -> None:
    files = read_dir(export_to(get_graph("fixture"), "neo4j", tmp_path, "neo4j"))
    head = files["nodes.csv"].splitlines()[0].split(",")
    for column in ("aliases:string[]", "charged:int", "arrested:long", "share:double",
                   "sealed:boolean", "codenames:string[]"):
        assert column in head
    # an alias of the fixture holds ";", so the array delimiter is the next candidate
    assert "--array-delimiter='|'" in files["import.sh"]
    assert "Entity|City|Place" in files["nodes.csv"]


def test_an_integer_column_is_int_until_a_value_needs_64_bits() -> None:
    """The rule docs/exports.md states: the whole column is ``int`` when every value fits
    in 32 bits, ``long`` when one does not; lists of integers are ``long[]``."""
    from kgraph.exporters.neo4j import neo4j_type

    assert neo4j_type("integer", [10000, None, -2**31, 2**31 - 1]) == "int"
    assert neo4j_type("integer", [10000, 2**31]) == "long"
    assert neo4j_type("integer", [-2**31 - 1]) == "long"
    assert neo4j_type("array", [[1, 2], [3]]) == "long[]"
    assert neo4j_type("array", [[1, 2.5]]) == "double[]"


def test_import_script_is_valid_shell(tmp_path: Path) -> None:
    sh = shutil.which("sh")
    assert sh
    files = export_to(get_graph("fixture"), "neo4j", tmp_path, "neo4j")
    proc = subprocess.run([sh, "-n", str(files / "import.sh")], check=False,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_delimiter_changes_when_a_list_holds_one(tmp_path: Path) -> None:
    import networkx as nx

    kg = get_graph("fixture")
    g = nx.MultiDiGraph(kg.graph)
    for n in g.nodes:
        g.nodes[n]["aliases"] = []
    files = read_dir(export_to(KnowledgeGraph(g, kg.schema, kg.sources), "neo4j", tmp_path,
                               "plain"))
    assert "--array-delimiter=';'" in files["import.sh"]
    g.nodes["bogota"]["aliases"] = ["a;b", "c|d"]
    other = KnowledgeGraph(g, kg.schema, kg.sources)
    files = read_dir(export_to(other, "neo4j", tmp_path, "neo4j"))
    assert "--array-delimiter='U+001F'" in files["import.sh"]
    check_neo4j(other, files)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_kg())
def test_neo4j_random_graphs(kg: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_neo4j(kg, read_dir(export_to(kg, "neo4j", Path(tmp), "neo4j")))


def test_attribute_names_cannot_inject_into_the_headers(tmp_path: Path) -> None:
    """A schema refuses such names; a graph built in Python may still hold them: the
    header gets identifiers, so ':LABEL', ':int' or ':TYPE' in a name change nothing."""
    import networkx as nx

    from kgraph.exporters import export

    g = nx.MultiDiGraph()
    g.add_node("a", type="person", name="A", **{"tag:LABEL": "Admin", "age:int": "x",
                                                  "x;y": "1", "id": "shadow"})
    g.add_node("b", type="person", name="B")
    g.add_edge("a", "b", key="met_with", type="met_with", **{"t:TYPE": "EVIL"})
    kg = KnowledgeGraph(g, get_graph("fixture").schema, {})
    export(kg, "neo4j", tmp_path / "n")
    nodes = list(csv.reader(io.StringIO((tmp_path / "n" / "nodes.csv").read_text())))
    header = nodes[0]
    assert header[:2] == ["id:ID", ":LABEL"]
    props = header[2:]
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(:[a-z]+(\[\])?)?", h) for h in props), props
    assert {"tag_LABEL", "age_int", "x_y", "attr_id"} <= {h.split(":")[0] for h in props}
    rels = list(csv.reader(io.StringIO(
        (tmp_path / "n" / "relationships.csv").read_text())))
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "t_TYPE" in rels[0]
    assert rels[1][2] == "MET_WITH"
    cypher = (tmp_path / "n" / "import.cypher").read_text()
    assert "tag_LABEL: 'Admin'" in cypher and "t_TYPE: 'EVIL'" in cypher
