"""`kgraph render`: a static picture of a neighbourhood, drawn by Graphviz's `dot`."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgraph.api import load_graph
from kgraph.cli import app, console
from kgraph.errors import OutputError
from kgraph.select import Selection
from kgraph.select import select as choose
from kgraph.view.dot import quote, render_dot, to_dot

FIXTURE = Path(__file__).parent / "fixtures" / "view"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kg():
    return load_graph([FIXTURE])


@pytest.fixture(scope="module", autouse=True)
def graphviz():
    if shutil.which("dot") is None:
        pytest.fail("Graphviz's 'dot' is not installed: run scripts/test-deps.sh "
                    "(apt-get install graphviz)")


def run(*args: str):
    console.reset()
    result = CliRunner().invoke(app, list(args))
    console.reset()
    return result


def svg_lines(path: Path) -> list[str]:
    root = ET.parse(path).getroot()  # the SVG is well-formed XML
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_quote_leaves_nothing_dot_would_interpret():
    # a quote, a backslash, an ampersand: character references; a line end: a space
    assert quote('a "b" \\N & c\nd') == '"a &#34;b&#34; &#92;&#92;N &#38; c d"'
    # control characters (NUL first) and what XML cannot carry are gone
    assert quote("x\x00y\x1b[31mz\x07\ufffe\uffff") == '"xy&#91;31mz"'


def select(kg, center, depth):
    return choose(kg, Selection(around=center, depth=depth)).kg.graph


def test_svg_shows_the_neighbourhood_by_name(tmp_path, kg):
    out = tmp_path / "summit.svg"
    result = run("render", "Trilateral Summit", "-d", str(FIXTURE), "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = svg_lines(out)
    text = " ".join(lines)
    sub = select(kg, "summit-2017", 1)
    for node in sub.nodes:
        name = kg.graph.nodes[node]["name"]
        # long names are wrapped over several lines; each word is there
        for word in name.split():
            assert word in text, (name, word)
    # hostile and quoted names come out exactly as written (escaped for dot and for XML)
    assert "<script>alert(1)</script>" in lines
    assert "attended (2017-12-06)" in lines
    # nothing outside the neighbourhood
    assert "MS-13" not in text


def test_names_that_look_like_escapes_stay_literal(tmp_path, kg):
    out = tmp_path / "q.svg"
    result = run("render", "quotey", "-d", str(FIXTURE), "-o", str(out))
    assert result.exit_code == 0, result.output
    joined = " ".join(svg_lines(out))
    assert "Smith & \"Sons\" 'Ltd' &lt; \\N" in joined
    assert "</script><b>bold</b>" in joined


def test_png_has_the_png_signature(tmp_path):
    out = tmp_path / "m.PNG"
    result = run("render", "ms13", "--depth", "2", "-d", str(FIXTURE), "-o", str(out))
    assert result.exit_code == 0, result.output
    blob = out.read_bytes()
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(blob) > 1000


def test_dot_source_is_deterministic(kg):
    sub = select(kg, "summit-2017", 2)
    assert to_dot(kg, sub, "summit-2017") == to_dot(kg, sub, "summit-2017")
    assert to_dot(kg, sub, "summit-2017").count(" -> ") == sub.number_of_edges()


@pytest.mark.parametrize(("args", "message"), [
    (["render", "ms13", "-o", "x.jpg"], "must end in .svg, .png or .pdf"),
    (["render", "no such thing", "-o", "x.svg"], "unknown entity"),
    (["render", "ms13", "--depth", "-1", "-o", "x.svg"], "--depth"),
])
def test_render_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args, "-d", str(FIXTURE))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_missing_dot_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot here
    with pytest.raises(OutputError, match="apt-get install graphviz"):
        render_dot("digraph { a -> b }", "svg")
    result = run("render", "ms13", "-d", str(FIXTURE), "-o", str(tmp_path / "x.svg"))
    assert result.exit_code == 1
    assert result.stderr.startswith("kgraph: cannot draw the picture: Graphviz's 'dot'")
    assert not (tmp_path / "x.svg").exists()


def test_dot_failure_is_reported(tmp_path):
    with pytest.raises(OutputError, match="Graphviz 'dot' failed"):
        render_dot("this is not dot {", "svg")


# ---------------------------------------------------------------------------------------
# hostile text through the real dot

HOSTILE_NAMES = [
    "x\x00", 'URL=<javascript:open()>]//',  # a NUL used to let the next name be read as DOT
    'a"; n9 [URL="javascript:alert(1)"]; //', 'ends in a backslash \\', '\\"', "\\\\\\",
    "\\N \\G \\E \\T \\H \\L \\n \\l \\r", "&lt; &amp; &#60; &#x3c; &", "<<b>html</b>>",
    "]; } digraph x { y", "tab\there", "new\nline", "cr\rhere", "esc\x1b[31mred\x07bell",
    "\ufffe\uffff non-characters", "\x7f\x85\x9f c1", "emoji 🚀 שלום مرحبا", "'single'",
    "%s %n {} [] ; , =", "\u202eRTL override", "-- --> <!-- comment",
]
_SHOWN_DROPPED = "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def shown(text: str) -> str:
    """How a text should read in the picture: what XML cannot carry removed, white space
    aside (lines are wrapped)."""
    import re

    return "".join(re.sub(_SHOWN_DROPPED, "", text).split())


def test_hostile_names_cannot_escape_their_strings(tmp_path):
    """Each hostile string as a name, an alias-free node, and an edge date, through the
    real dot: the SVG is well-formed XML, has exactly the nodes and edges of the graph,
    no link, and every name reads exactly as written."""
    import networkx as nx

    from kgraph.api import KnowledgeGraph

    base = load_graph([FIXTURE])
    g = nx.MultiDiGraph()
    for i, name in enumerate(HOSTILE_NAMES):
        g.add_node(f"h{i:02d}", type="person", name=name)
    for i in range(len(HOSTILE_NAMES) - 1):
        g.add_edge(f"h{i:02d}", f"h{i + 1:02d}", key="met_with", type="met_with",
                   date=HOSTILE_NAMES[i + 1])
    kg = KnowledgeGraph(g, base.schema, {})
    for center in (None, "h01"):
        source = to_dot(kg, g, center)
        svg = render_dot(source, "svg")
        root = ET.fromstring(svg)  # well-formed: raises otherwise
        # no link anywhere (the names that say "javascript" are only text)
        assert b"href" not in svg
        assert not [e for e in root.iter() if e.get("{http://www.w3.org/1999/xlink}href")]
        groups = {g_.get("class"): [] for g_ in root.iter(f"{SVG}g")}
        for g_ in root.iter(f"{SVG}g"):
            groups[g_.get("class")].append(g_)
        assert len(groups["node"]) == g.number_of_nodes()
        assert len(groups["edge"]) == g.number_of_edges()
        ids = {f"n{i}": node for i, node in enumerate(sorted(g.nodes))}
        for group in groups["node"]:
            node = ids[group.find(f"{SVG}title").text]
            texts = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
            assert texts[-1] == "(Person)"
            assert "".join("".join(texts[:-1]).split()) == shown(g.nodes[node]["name"]), node
            tooltip = [a.get("{http://www.w3.org/1999/xlink}title")
                       for a in group.iter(f"{SVG}a")]
            assert ["".join(t.split()) for t in tooltip] == [shown(g.nodes[node]["name"])]
        for group in groups["edge"]:
            u, v = (ids[x] for x in group.find(f"{SVG}title").text.split("->"))
            texts = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
            want = f"met with ({g.edges[u, v, 'met_with']['date']})"
            assert "".join("".join(texts).split()) == shown(want), (u, v)


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_render_draws_the_whole_graph_without_an_entity(tmp_path, kg, fmt):
    out = tmp_path / f"all.{fmt}"
    result = run("render", "-d", str(FIXTURE), "-o", str(out))
    assert result.exit_code == 0, result.output
    blob = out.read_bytes()
    signature = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}[fmt]
    assert blob.startswith(signature)
    if fmt == "svg":
        root = ET.fromstring(blob)
        nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
        assert len(nodes) == kg.graph.number_of_nodes()
