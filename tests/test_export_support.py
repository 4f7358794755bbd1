"""Shared by the export tests (no tests here): graphs to export, the external readers,
random graphs with awkward strings, and the typing rules the exports promise.

The expected values are computed here from the graph with the rules docs/exports.md
states (one kind per attribute; JSON for lists and mappings; characters XML cannot hold
removed in XML formats), independently of kgraph's own exporter code.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import strategies as st

from kgraph.api import KnowledgeGraph, load_graph
from kgraph.select import Selection, select

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "export"
JS = REPO / "tests" / "js"
XSD_DIR = REPO / "tests" / ".cache" / "graphml-xsd"
SETUP_HINT = "run 'bash scripts/test-deps.sh' (or 'make test-deps') first"

# ---------------------------------------------------------------------------------------
# graphs


@contextmanager
def in_repo():
    old = os.getcwd()
    os.chdir(REPO)
    try:
        yield
    finally:
        os.chdir(old)


@cache
def fixture_kg() -> KnowledgeGraph:
    """The small fixture graph of the golden files (paths in 'where' are repo-relative)."""
    with in_repo():
        return load_graph(["tests/fixtures/export/data"])


@cache
def bundled_kg() -> KnowledgeGraph:
    return load_graph()


def hub(kg: KnowledgeGraph) -> str:
    """The most connected entity (ties broken by id), whatever the data holds today."""
    return max(kg.graph.nodes, key=lambda n: (kg.graph.degree(n), n))


@cache
def two_hop_kg() -> KnowledgeGraph:
    kg = bundled_kg()
    if kg.graph.number_of_nodes() == 0:
        return kg
    return select(kg, Selection(around=hub(kg), depth=2)).kg


@cache
def empty_kg() -> KnowledgeGraph:
    g = nx.MultiDiGraph()
    g.graph["sources"] = {}
    return KnowledgeGraph(g, fixture_kg().schema, {})


GRAPHS = {"fixture": fixture_kg, "bundled": bundled_kg, "two-hop": two_hop_kg,
          "empty": empty_kg}


def graph_params() -> list[Any]:
    """Test parameters naming the graphs (loaded when a test runs, not when collected)."""
    return [pytest.param(name, id=name) for name in GRAPHS]


def get_graph(name: str) -> KnowledgeGraph:
    return GRAPHS[name]()


def edges(kg: KnowledgeGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [(str(u), str(v), str(k), d) for u, v, k, d in kg.graph.edges(keys=True, data=True)]


# ---------------------------------------------------------------------------------------
# external readers


def require_node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed: {SETUP_HINT}", pytrace=False)
    for pkg in ("graphology", "graphology-graphml", "graphology-gexf"):
        if not (JS / "node_modules" / pkg).is_dir():
            pytest.fail(f"tests/js/node_modules/{pkg} is missing: {SETUP_HINT}", pytrace=False)
    return node


_servers: dict[str, subprocess.Popen[str]] = {}


def run_js(script: str, path: Path) -> dict[str, Any]:
    """What ``tests/js/<script>`` reads in ``path``. One node process per script serves
    every call (``--serve``: a path per line in, a JSON line out)."""
    node = require_node()
    proc = _servers.get(script)
    if proc is None or proc.poll() is not None:
        proc = subprocess.Popen([node, str(JS / script), "--serve"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, encoding="utf-8",
                                cwd=JS)
        _servers[script] = proc
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(str(path) + "\n")
    proc.stdin.flush()
    line = proc.stdout.readline()
    assert line, f"{script} stopped (exit code {proc.poll()})"
    out = json.loads(line)
    assert "error" not in out, f"{script} could not read {path}:\n{out['error']}"
    return out  # type: ignore[no-any-return]


@atexit.register
def _stop_servers() -> None:
    for proc in _servers.values():
        if proc.poll() is None:
            proc.stdin.close()  # type: ignore[union-attr]
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()


def graphml_schema() -> Any:
    """The GraphML XML Schema (graphml.xsd and the xlink.xsd it imports): every GraphML
    export must be valid against it, with nothing added."""

    xsd = XSD_DIR / "graphml.xsd"
    if not xsd.is_file() or not (XSD_DIR / "xlink.xsd").is_file():
        pytest.fail(f"{xsd} is missing: {SETUP_HINT}", pytrace=False)
    return _schema(str(xsd))


@cache
def _schema(xsd: str) -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(xsd))


# ---------------------------------------------------------------------------------------
# the typing rules


_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_clean(text: str) -> str:
    return _XML_BAD.sub("", text)


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def kind(values: list[Any]) -> str:
    """The column kind of an attribute from all its (non-None) values."""
    kinds = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("integer" if -(2**63) <= v < 2**63 else "string")
        elif isinstance(v, float):
            kinds.add("number")
        elif isinstance(v, list):
            kinds.add("array")
        elif isinstance(v, dict):
            kinds.add("object")
        else:
            kinds.add("string")
    if len(kinds) == 1:
        return kinds.pop()
    if kinds == {"integer", "number"}:
        return "number"
    return "string" if kinds else "none"


def node_kinds(kg: KnowledgeGraph) -> dict[str, str]:
    names = {k for _, d in kg.graph.nodes(data=True) for k in d}
    return {n: kind([d.get(n) for _, d in kg.graph.nodes(data=True)]) for n in names}


def edge_kinds(kg: KnowledgeGraph) -> dict[str, str]:
    names = {k for *_, d in edges(kg) for k in d}
    return {n: kind([d.get(n) for *_, d in edges(kg)]) for n in names}


def expected(value: Any, column_kind: str) -> Any:
    """The value a typed reader should give back for ``value`` in a column of that kind:
    numbers and booleans as themselves, everything else as text (JSON unless text)."""
    if column_kind in ("boolean", "integer"):
        return value
    if column_kind == "number":
        return float(value)
    return value if isinstance(value, str) else as_json(value)


def same_number(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return got == want
    try:
        return math.isclose(float(got), float(want), rel_tol=1e-12, abs_tol=0.0) or (
            float(got) == float(want))
    except (TypeError, ValueError):
        return False


def reserved_name(name: str, reserved: set[str]) -> str:
    while name in reserved:
        name = "attr_" + name
    return name


# ---------------------------------------------------------------------------------------
# random graphs with awkward strings

AWKWARD = ['"', "'", "<", ">", "&", "&amp;", "]]>", "😀", "🚀", "שלום", "مرحبا", "\u202e",
           "\u200f", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\r", "\r\n",
           "\n", "\t", " ", "\ufffe", "\uffff", "\\", "\\u0041", "%20", ";", "|", ",",
           "\u2028", "\x85", "é", "e\u0301", "{", "}", "#"]

text = st.lists(st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                          st.sampled_from(AWKWARD)), max_size=8).map("".join)
ids = st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,10}", fullmatch=True)
partial_dates = st.builds(
    lambda y, m, d, p: f"{y:04d}" if p == 0 else f"{y:04d}-{m:02d}" if p == 1
    else f"{y:04d}-{m:02d}-{d:02d}",
    st.integers(1900, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))
scalars = st.one_of(
    st.integers(-(2**53), 2**53),
    # no subnormals: python-igraph (not the export) fails to parse e.g. 5e-324 ("overflow")
    st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=False),
    st.booleans(), text)
# attribute names, some of which collide with names formats reserve
attr_names = st.sampled_from(["role", "charged", "share", "flag", "codes", "size", "color",
                              "x", "label", "weight", "key", "source", "reading", "degree",
                              "r", "type_label", "kind"])
evidence = st.lists(st.fixed_dictionaries({"source": st.sampled_from(["s1", "s-2"]),
                                           "quote": text}), min_size=1, max_size=2)


@st.composite
def random_kg(draw: Any, schema_kg: KnowledgeGraph | None = None) -> KnowledgeGraph:
    schema = (schema_kg or fixture_kg()).schema
    etypes = sorted(schema.entity_types)
    rtypes = sorted(schema.relation_types)
    g = nx.MultiDiGraph()
    g.graph["sources"] = {"s1": {"id": "s1", "title": draw(text)},
                          "s-2": {"id": "s-2", "title": "two", "date": draw(partial_dates)}}
    g.graph["schema"] = schema
    node_ids = draw(st.lists(ids, min_size=1, max_size=7, unique=True))
    for n in node_ids:
        attrs: dict[str, Any] = {
            "type": draw(st.sampled_from(etypes)), "name": draw(text),
            "aliases": draw(st.lists(text, max_size=3)), "description": draw(text),
            "evidence": draw(evidence)}
        when = draw(st.sampled_from(["none", "date", "span", "start", "end"]))
        if when == "date":
            attrs["date"] = draw(partial_dates)
        elif when in ("span", "start"):
            attrs["start"] = draw(partial_dates)
        if when in ("span", "end"):
            attrs["end"] = draw(partial_dates)
        if draw(st.booleans()):
            attrs["inferred"] = {"date": draw(text)}
        if draw(st.booleans()):
            attrs["notes"] = draw(text)
        for name in draw(st.lists(attr_names, max_size=3, unique=True)):
            attrs[name] = draw(st.one_of(scalars, st.lists(text, max_size=3)))
        attrs["where"] = f"x.yaml:{draw(st.integers(1, 99))}"
        g.add_node(n, **attrs)
    pairs = draw(st.lists(st.tuples(st.sampled_from(node_ids), st.sampled_from(node_ids),
                                    st.sampled_from([*rtypes, "not_in_schema"])),
                          max_size=10))
    for u, v, rtype in pairs:
        existing = g.get_edge_data(u, v) or {}
        key, i = rtype, 1
        while key in existing:
            i += 1
            key = f"{rtype}~{i}"
        attrs = {"type": rtype, "evidence": draw(evidence), "where": "r.yaml:1"}
        if draw(st.booleans()):
            attrs["date"] = draw(partial_dates)
        if draw(st.booleans()):
            attrs["description"] = draw(text)
        for name in draw(st.lists(attr_names, max_size=2, unique=True)):
            attrs[name] = draw(scalars)
        g.add_edge(u, v, key=key)
        g.edges[u, v, key].update(attrs)
    return KnowledgeGraph(g, schema, g.graph["sources"])


def export_to(kg: KnowledgeGraph, fmt: str, directory: Path, name: str | None = None,
              **options: Any) -> Path:
    """Export ``kg``; everything in the graph goes out (positions as stored, notes) unless
    ``privacy`` says otherwise, so that the readers can be checked against the graph."""
    from kgraph.exporters import export
    from kgraph.exporters.privacy import EVERYTHING

    options.setdefault("privacy", EVERYTHING)
    suffix = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "rdf": ".ttl",
              "nt": ".nt", "ttl": ".ttl"}.get(fmt, "")
    path = directory / (name or f"out{suffix}")
    export(kg, fmt, path, **options)
    return path
