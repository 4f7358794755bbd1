"""``kgraph export``: formats, standard output, selections, and errors as one
``kgraph: ...`` line with exit code 1 (output/data) or 2 (usage), never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_export_support import FIXTURE, REPO, bundled_kg, fixture_kg, hub
from typer.testing import CliRunner, Result

from kgraph.cli import app, console
from kgraph.queries import as_of, neighbourhood

DATA = str(FIXTURE / "data")
ENV = {"COLUMNS": "200", "KGRAPH_DATA": None}
runner = CliRunner()


def run(*args: Any) -> Result:
    console.reset()
    result = runner.invoke(app, ["export", *map(str, args)], env=ENV)
    console.reset()
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    return result


def exported(*args: Any) -> dict[str, Any]:
    """``kgraph export json -o - ARGS`` on the fixture, parsed."""
    result = run("json", "-o", "-", "--data", DATA, *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def ids(data: dict[str, Any]) -> set[str]:
    return {n["id"] for n in data["nodes"]}


def keys(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["target"], e["key"]) for e in data["edges"]}


@pytest.mark.parametrize("fmt,name", [("graphml", "g.graphml"), ("gexf", "g.gexf"),
                                      ("json", "g.json"), ("rdf", "g.ttl"), ("nt", "g.nt"),
                                      ("csv", "csv"), ("csv", "c.zip"), ("neo4j", "neo4j")])
def test_every_format_writes(fmt: str, name: str, tmp_path: Path) -> None:
    target = tmp_path / name
    result = run(fmt, "-o", target, "--data", DATA)
    assert result.exit_code == 0, result.stderr
    assert target.exists()
    kg = fixture_kg()
    assert (f"wrote {kg.graph.number_of_nodes()} entities and "
            f"{kg.graph.number_of_edges()} relations") in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "rdf", "ttl", "nt"])
def test_standard_output(fmt: str) -> None:
    result = run(fmt, "-o", "-", "--data", DATA)
    assert result.exit_code == 0, result.stderr
    assert result.stdout and result.stderr == ""
    if fmt in ("graphml", "gexf"):
        from lxml import etree

        etree.fromstring(result.stdout_bytes)


def test_whole_graph_by_default() -> None:
    kg = fixture_kg()
    data = exported()
    assert ids(data) == set(kg.graph.nodes)
    assert keys(data) == set(kg.graph.edges(keys=True))


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_around_and_depth(depth: int) -> None:
    kg = fixture_kg()
    data = exported("--around", "Ana López", "--depth", depth)  # a name, not the id
    want = set(neighbourhood(kg, "ana-lopez", depth=depth))
    assert ids(data) == want
    assert keys(data) == {(u, v, k) for u, v, k in kg.graph.edges(keys=True)
                          if u in want and v in want}


def test_type_includes_subtypes() -> None:
    data = exported("--type", "place")
    assert ids(data) == {"bogota", "tel-aviv"}  # both are cities, a subtype of place


def test_type_with_around_walks_through_those_types_only() -> None:
    """As `kgraph neighbours --type` (kgraph.select): the walk from the --around entity
    goes through entities of the types only, so what is exported stays connected to it;
    the entity itself is always kept."""
    kg = fixture_kg()
    data = exported("--around", "ana-lopez", "--depth", "2", "--type", "city",
                    "--type", "event")
    assert ids(data) == set(neighbourhood(kg, "ana-lopez", depth=2, types=["city", "event"]))
    assert ids(data) == {"ana-lopez", "summit-2018", "bogota"}  # not tel-aviv: via an operation
    data = exported("--around", "ana-lopez", "--depth", "2", "--type", "city")
    assert ids(data) == {"ana-lopez"}  # no city next to her


def test_relation_filter_keeps_parallel_relations() -> None:
    data = exported("--relation", "led")
    assert keys(data) == {("ana-lopez", "op-ampersand", "led"),
                          ("ana-lopez", "op-ampersand", "led~2")}
    assert ids(data) == {"ana-lopez", "op-ampersand"}  # the entities they connect
    data = exported("--relation", "held_in", "--relation", "attended", "--around",
                    "bogota", "--depth", "2")
    assert keys(data) == {("summit-2018", "bogota", "held_in"),
                          ("ana-lopez", "summit-2018", "attended"),
                          ("dmitri.k", "summit-2018", "attended")}


def test_as_of_matches_the_query() -> None:
    kg = fixture_kg()
    for date in ("2018-04", "2019"):
        data = exported("--as-of", date)
        known = as_of(kg, date).graph
        assert ids(data) == set(known.nodes)
        assert keys(data) == set(known.edges(keys=True))


def test_two_hop_subgraph_of_the_bundled_data(tmp_path: Path) -> None:
    kg = bundled_kg()
    centre = hub(kg)
    target = tmp_path / "two-hop.json"
    result = runner.invoke(app, ["export", "json", "-o", str(target), "--around", centre,
                                 "--depth", "2"], env=ENV)
    assert result.exit_code == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert ids(data) == set(neighbourhood(kg, centre, depth=2))


@pytest.mark.parametrize("args,code,message", [
    (["grphml", "-o", "x"], 2, "unknown export format 'grphml' (did you mean 'graphml'"),
    (["csv", "-o", "-"], 2, "give -o DIRECTORY or -o FILE.zip"),
    (["json", "-o", "-", "--around", "nobody-at-all"], 2, "unknown entity"),
    (["json", "-o", "-", "--depth", "1"], 2, "--depth needs --around"),
    (["json", "-o", "-", "--as-of", "2018-13"], 2, "is not a date"),
    (["json", "-o", "-", "--type", "plce"], 2, "unknown entity type 'plce' (did you mean"),
    (["json", "-o", "-", "--relation", "lead"], 2, "unknown relation type 'lead'"),
    (["json", "-o", "-", "--syntax", "nt"], 2, "--syntax applies to the rdf format only"),
    (["rdf", "-o", "-", "--base-iri", "not an iri"], 2, "is not an absolute IRI"),
    (["rdf", "-o", "-", "--syntax", "rdfxml"], 2, "unknown RDF syntax"),
    (["rdf", "-o", "graph.rdf"], 2, "name the file .ttl or .nt"),
    (["json", "-o", "-", "--around", "ana-lopez", "--as-of", "2017"], 1,
     "is not in the graph as of 2017"),
])
def test_usage_errors(args: list[str], code: int, message: str) -> None:
    result = run(*args, "--data", DATA)
    assert result.exit_code == code, result.stdout + result.stderr
    assert result.stderr.startswith("kgraph: ") and message in result.stderr, result.stderr
    assert result.stdout == ""


def test_output_errors(tmp_path: Path) -> None:
    (tmp_path / "dir.graphml").mkdir()
    result = run("graphml", "-o", tmp_path / "dir.graphml", "--data", DATA)
    assert result.exit_code == 1 and "it is a directory" in result.stderr
    result = run("graphml", "-o", tmp_path / "missing" / "g.graphml", "--data", DATA)
    assert result.exit_code == 1 and "does not exist" in result.stderr
    (tmp_path / "file").write_text("x")
    result = run("csv", "-o", tmp_path / "file", "--data", DATA)
    assert result.exit_code == 2 and "give a directory or a name ending in .zip" in result.stderr
    assert (tmp_path / "file").read_text() == "x"


def test_bad_data_is_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - id: x\n    type: no_such_type\n    name: X\n")
    result = run("json", "-o", tmp_path / "out.json", "--data", bad)
    assert result.exit_code == 1
    assert "kgraph: the data has errors" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_installed_command_and_pipe() -> None:
    """The real entry point: exit codes, and stdout closed early ends quietly."""
    cmd = [sys.executable, "-m", "kgraph", "export", "graphml", "-o", "-", "--data", DATA]
    proc = subprocess.run(cmd, check=False, capture_output=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith(b"<?xml")
    head = subprocess.run(" ".join(f"'{c}'" for c in cmd) + " | head -c 10", check=False,
                          shell=True, capture_output=True, cwd=REPO, timeout=60)
    assert head.stdout == b"<?xml vers" and b"Traceback" not in head.stderr
    proc = subprocess.run([*cmd[:4], "nope", "-o", "-"], check=False, capture_output=True,
                          cwd=REPO, timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith(b"kgraph: unknown export format")
