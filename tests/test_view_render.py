"""`kgraph render`: a static picture of a neighbourhood, drawn by Graphviz's `dot`."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgraph.cli import console
from kgraph.api import load_graph
from kgraph.cli import app
from kgraph.errors import OutputError
from kgraph.view.dot import quote, render_dot, to_dot
from kgraph.select import Selection
from kgraph.select import select as choose

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
