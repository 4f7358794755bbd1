"""GEXF and GraphML opened by the web stack of Gephi Lite: parsed in headless Chromium by
graphology-gexf / graphology-graphml (with the browser's own DOMParser) and drawn by
sigma.js v3, all from npm (tests/js, bundled here with esbuild). The page must draw every
node with no console error: an attribute named like one of sigma's reserved keys (a
node's ``type`` names the program that draws it) would stop it."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_export_support import JS, SETUP_HINT, export_to, get_graph, require_node

from kgraph.api import KnowledgeGraph

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# keys sigma.js v3 reads from a node's / an edge's attributes to draw it
SIGMA_NODE_KEYS = {"x", "y", "size", "color", "label", "type", "hidden", "forceLabel",
                   "zIndex", "highlighted", "image"}
SIGMA_EDGE_KEYS = {"size", "color", "label", "type", "hidden", "forceLabel", "zIndex"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> str:
    require_node()
    esbuild = JS / "node_modules" / ".bin" / "esbuild"
    for pkg in ("sigma", "esbuild"):
        if not (JS / "node_modules" / pkg).is_dir():
            pytest.fail(f"tests/js/node_modules/{pkg} is missing: {SETUP_HINT}", pytrace=False)
    out = tmp_path_factory.mktemp("sigma") / "sigma-page.js"
    subprocess.run([str(esbuild), str(JS / "sigma-page.mjs"), "--bundle",
                    "--format=iife", f"--outfile={out}", "--log-level=warning"],
                   check=True, cwd=JS, timeout=120)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: {SETUP_HINT}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def draw(browser: Any, bundle: str, path: Path, tmp_path: Path) -> dict[str, Any]:
    """Open a page that parses ``path`` and draws it; what it drew, and the errors."""
    fmt = "gexf" if path.suffix == ".gexf" else "graphml"
    page_file = tmp_path / f"{path.name}.html"
    text = json.dumps(path.read_text(encoding="utf-8")).replace("<", "\\u003c")
    page_file.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<div id="sigma" style="width:1200px;height:800px"></div>'
        f"<script>{bundle}</script>"
        f'<script>window.result = drawGraph("{fmt}", {text});</script>'
        "</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 880})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_timeout(200)
        result = page.evaluate("window.result || null")
    finally:
        page.close()
    return {"errors": errors, "requests": [r for r in requests if r != page_file.as_uri()],
            "result": result}


def awkward_kg() -> KnowledgeGraph:
    """Entity and relation attributes named like every key sigma.js, graphology and Gephi
    read for display."""
    schema = get_graph("fixture").schema
    g = nx.MultiDiGraph()
    reserved = {k: "text" for k in SIGMA_NODE_KEYS - {"type"} | {"kind", "shape", "weight", "z"}}
    g.add_node("a", type="person", name="A", **reserved, entity_type="also taken")
    g.add_node("b", type="city", name="B", x=1.5, size=3, color="#zzzzzz", hidden=True)
    g.add_edge("a", "b", key="located_in", type="located_in",
               **{k: "text" for k in SIGMA_EDGE_KEYS - {"type"}})
    return KnowledgeGraph(g, schema, {})


@pytest.mark.parametrize("graph", ["fixture", "bundled", "two-hop", "awkward"])
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_sigma_draws_every_export(browser: Any, bundle: str, tmp_path: Path, graph: str,
                                  fmt: str) -> None:
    kg = awkward_kg() if graph == "awkward" else get_graph(graph)
    path = export_to(kg, fmt, tmp_path)
    drawn = draw(browser, bundle, path, tmp_path)
    assert drawn["errors"] == [], drawn["errors"]
    assert drawn["requests"] == []
    result = drawn["result"]
    assert result is not None
    assert (result["order"], result["size"]) == (kg.graph.number_of_nodes(),
                                                 kg.graph.number_of_edges())
    assert result["shown"] == result["order"]  # every node has its display data
    assert result["labelPixels"] > 0  # labels were painted
    for node, attrs in result["nodes"].items():
        assert "type" not in attrs, (node, attrs)
        assert isinstance(attrs["label"], str) and attrs["label"]
        assert isinstance(attrs["size"], (int, float)) and attrs["size"] > 0
        assert isinstance(attrs["color"], str)
        assert attrs["entity_type"] == kg.graph.nodes[node]["type"]
        # the data's own attributes of those names are kept, as attr_<name> (their values
        # are typed as in every export: tests/test_export_gexf.py and _graphml.py)
        for key in kg.graph.nodes[node]:
            if key in SIGMA_NODE_KEYS - {"type"} or key == "entity_type":
                assert f"attr_{key}" in attrs, (node, key)


def test_the_old_layout_is_what_broke(browser: Any, bundle: str, tmp_path: Path) -> None:
    """The check above is a real one: the same file with the entity type in ``type``, as
    kgraph used to write it, stops sigma.js."""
    path = export_to(get_graph("fixture"), "gexf", tmp_path)
    old = tmp_path / "old.gexf"
    old.write_text(path.read_text(encoding="utf-8").replace('"entity_type"', '"type"'),
                   encoding="utf-8")
    drawn = draw(browser, bundle, old, tmp_path)
    assert any("could not find a suitable program for node type" in e
               for e in drawn["errors"]), drawn["errors"]
