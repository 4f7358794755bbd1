"""Claim status through every output: query results (--json), the people's rendering, the
--claim filter on queries and exports, the export columns, and how two records of one fact
merge. On tests/fixtures/claims (one stated, attributed and inferred fact of each kind)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from kgraph.api import load_graph, open_dataset
from kgraph.build import build_graph
from kgraph.cli import app, console

CLAIMS = Path(__file__).resolve().parent / "fixtures" / "claims"
ENV = {"COLUMNS": "250", "KGRAPH_DATA": None}
runner = CliRunner()


def run(*args: Any) -> Result:
    console.reset()
    result = runner.invoke(app, [str(a) for a in args] + ["--data", str(CLAIMS)], env=ENV)
    console.reset()
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def run_json(*args: Any) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_fixture_is_clean_with_its_quotes_checked() -> None:
    result = run("validate", "--sources", CLAIMS)
    assert result.exit_code == 0 and "0 error(s), 0 warning(s)" in result.stdout, result.stdout


def test_every_relation_of_a_query_carries_its_claim() -> None:
    out = run_json("neighbours", "summit")
    claims = {(r["from"], r["to"]): r["claim"] for r in out["relations"]}
    assert claims == {("ana", "summit"): "stated", ("bo", "summit"): "attributed",
                      ("summit", "port-vale"): "stated"}
    (bo,) = [r for r in out["relations"] if r["from"] == "bo"]
    assert bo["attributed_to"] == [{"id": "ana", "name": "Ana Ruiz"}]
    inferred = run_json("show", "gang")
    (located,) = [i for g in inferred["relations"] for i in g["items"]
                  if i["relation"] == "located_in"]
    assert located["claim"] == "inferred" and "leaders met there" in located["inferred"]["claim"]
    assert inferred["claim"] == "stated"


def test_people_see_who_a_fact_is_attributed_to_and_what_was_inferred() -> None:
    path = run("path", "bo", "port-vale")
    assert "Bo Lind attended Harbour Summit (attributed to Ana Ruiz)" in path.stdout
    card = run("show", "gang")
    assert "Port Vale [City] (inferred)" in card.stdout
    tree = run("neighbours", "summit", "--no-evidence")
    assert "Bo Lind [Person] (attributed to Ana Ruiz)" in tree.stdout


def test_a_tree_says_why_a_relation_was_inferred_as_a_path_does() -> None:
    why = "(inferred: claim: the memo says its leaders met there, not that it is based there)"
    assert "Tide Gang is located in Port Vale " + why in run("path", "gang", "port-vale").stdout
    tree = run("neighbours", "port-vale").stdout
    assert "← contains Tide Gang [Criminal organisation] " + why in tree
    assert "(inferred: claim)" not in tree


def test_claim_keeps_a_query_to_those_statuses() -> None:
    stated = run_json("neighbours", "summit", "--claim", "stated")
    assert {n["id"] for n in stated["nodes"]} == {"summit", "ana", "port-vale"}
    both = run_json("neighbours", "summit", "--claim", "stated", "--claim", "attributed")
    assert {n["id"] for n in both["nodes"]} == {"summit", "ana", "bo", "port-vale"}
    assert run("path", "bo", "port-vale", "--claim", "stated").exit_code == 1
    stats = run_json("stats", "--claim", "inferred")
    assert stats["relation_types"] == {"located_in": 1}


def test_ask_search_view_and_render_take_claim_too(tmp_path: Path) -> None:
    q = "who attended the Harbour Summit?"
    assert {a["id"] for a in run_json("ask", q)["answers"]} >= {"ana", "bo"}
    stated = {a["id"] for a in run_json("ask", q, "--claim", "stated")["answers"]}
    assert "ana" in stated and "bo" not in stated  # (Bo's attendance is attributed)
    assert [m["id"] for m in run_json("search", "Bo Lind", "--claim", "attributed")["matches"]]
    assert run("search", "Bo Lind", "--claim", "inferred").exit_code == 1
    for command, name in (("view", "g.html"), ("render", "g.svg")):
        out = tmp_path / name
        assert run(command, "-o", out, "--claim", "inferred").exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "Tide Gang" in text and "Bo Lind" not in text, command


def test_unknown_claim_status_is_a_usage_error() -> None:
    result = run("neighbours", "summit", "--claim", "alleged")
    assert result.exit_code == 2
    assert "unknown claim status 'alleged' (use stated, attributed, inferred)" in result.stderr


def test_export_has_a_claim_column_and_takes_claim(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert run("export", "csv", "-o", out).exit_code == 0
    with open(out / "edges.csv", encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert {(e["source"], e["target"]): e["claim"] for e in edges}[("bo", "summit")] == \
        "attributed"
    assert {e["claim"] for e in edges} == {"stated", "attributed", "inferred"}
    with open(out / "nodes.csv", encoding="utf-8", newline="") as fh:
        assert {n["claim"] for n in csv.DictReader(fh)} == {"stated"}
    only = tmp_path / "attributed.json"
    assert run("export", "json", "-o", only, "--claim", "attributed").exit_code == 0
    graph = json.loads(only.read_text(encoding="utf-8"))
    links = graph.get("links") or graph.get("edges")
    assert {link["claim"] for link in links} == {"attributed"} and len(links) == 2


def test_one_fact_stated_and_attributed_is_one_stated_edge(tmp_path: Path) -> None:
    data = tmp_path / "twice.yaml"
    text = (CLAIMS / "data.yaml").read_text(encoding="utf-8")
    data.write_text(text + "  - {from: bo, type: attended, to: summit, source: memo, "
                    "quote: Bo Lind}\n", encoding="utf-8")
    ds = open_dataset([data])
    assert ds.errors == []
    edge = build_graph(ds).edges["bo", "summit", "attended"]
    assert edge["claim"] == "stated" and "attributed_to" not in edge
    assert len(edge["evidence"]) == 2


def test_an_old_graph_without_claims_reads_as_stated() -> None:
    kg = load_graph([CLAIMS])
    for _, _, attrs in kg.graph.edges(data=True):
        attrs.pop("claim", None)
        attrs.pop("attributed_to", None)
    from kgraph.queries import neighbours

    assert {r["claim"] for r in neighbours(kg, "summit")["relations"]} == {"stated"}
