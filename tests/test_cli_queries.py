"""The query commands through the CLI (search, show, neighbours, path, lineage, timeline,
stats): exit codes, --json, --as-of, plain output, errors on stderr, no tracebacks.

Run on the fixture graphs (tests/fixtures/) and on the bundled data. On the bundled data the
--json output is compared with the library function the command renders.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kgraph import queries as q
from kgraph.api import KnowledgeGraph, load_graph
from kgraph.cli import app, console
from kgraph.resolve import search as find

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
GRAPHS = FIXTURES / "graphs"
SMALL = FIXTURES / "small"
# a wide plain console; the bundled data, whatever the caller's environment says
ENV = {"COLUMNS": "250", "KGRAPH_DATA": None}

runner = CliRunner()


def run(*args: Any) -> Result:
    """Invoke ``kgraph ARGS``; never a traceback, never an unexpected exception."""
    console.reset()
    result = runner.invoke(app, [str(a) for a in args], env=ENV)
    console.reset()
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    return result


def run_json(*args: Any, code: int = 0) -> Any:
    """``kgraph ARGS --json``: the exit code, then stdout parsed whole as JSON."""
    result = run(*args, "--json")
    assert result.exit_code == code, result.stdout + result.stderr
    out = json.loads(result.stdout)
    if isinstance(out, dict) and code == 0:  # every command says which data it used
        dataset = out.pop("dataset")
        assert dataset["kind"] in ("paths", "project", "bundled") and dataset["name"]
    return out


def data(name: str) -> tuple[str, str]:
    return ("--data", str(SMALL if name == "small" else GRAPHS / name))


@cache
def bundled() -> KnowledgeGraph:
    return load_graph()


def plain(value: Any) -> Any:
    """A library result as the JSON the CLI prints would read back."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


# ---------------------------------------------------------------------------------------
# the fixtures themselves


@pytest.mark.parametrize("case", ["small", "cycle", "disconnected", "parallel", "dates",
                                  "names", "custom-schema"])
def test_fixture_quotes_are_verbatim_in_their_sources(case: str) -> None:
    directory = SMALL if case == "small" else GRAPHS / case
    report = run_json("validate", "--data", directory, "--sources", directory)
    assert report["ok"] is True and report["errors"] == 0
    rules = sorted(p["rule"] for p in report["problems"])
    # on purpose: two entities share a name in the names fixture; some entities are linked
    # to nothing (an isolated town, undated events for the timeline, places to resolve)
    orphans = {"small": 1, "dates": 4, "disconnected": 1, "names": 2}.get(case, 0)
    duplicates = 2 if case == "names" else 0
    assert rules == ["duplicate-name"] * duplicates + ["orphan"] * orphans


# ---------------------------------------------------------------------------------------
# --json on the bundled data: what the library returns, with the documented keys

EVIDENCE_KEYS = {"source", "title", "quote"}
EVIDENCE_OPTIONAL = {"source_date"}
ENTITY_KEYS = {"id", "name", "type", "type_label"}
DATES = {"date", "start", "end"}
RELATION_KEYS = {"from", "to", "relation", "key", "reading", "travel_reading", "direction",
                 "sentence", "evidence", "claim"}
RELATION_OPTIONAL = DATES | {"inferred", "attributes", "description", "attributed_to"}


def check_evidence(items: list[dict[str, Any]]) -> None:
    assert items, "every relation and entity has evidence"
    for ev in items:
        assert EVIDENCE_KEYS <= set(ev) <= EVIDENCE_KEYS | EVIDENCE_OPTIONAL, sorted(ev)


def check_entity(e: dict[str, Any], *extra: str) -> None:
    assert ENTITY_KEYS | set(extra) <= set(e) <= ENTITY_KEYS | DATES | set(extra), sorted(e)


def check_relation(r: dict[str, Any], *extra: str) -> None:
    assert RELATION_KEYS | set(extra) <= set(r) <= RELATION_KEYS | RELATION_OPTIONAL | set(
        extra), sorted(r)
    assert r["direction"] in ("forward", "backward")
    check_evidence(r["evidence"])


def check_tree(node: dict[str, Any], root: bool = True) -> None:
    assert {"entity", "children"} <= set(node)
    check_entity(node["entity"])
    if not root:
        check_relation(node["via"])
    for child in node["children"]:
        check_tree(child, root=False)


def test_stats_json() -> None:
    out = run_json("stats")
    assert set(out) == {"entities", "relations", "sources", "evidence", "entity_types",
                        "relation_types", "most_connected"}
    assert out == plain(q.stats(bundled()))
    for e in out["most_connected"]:
        check_entity(e, "degree")
    assert len(run_json("stats", "--top", "3")["most_connected"]) == 3


def test_search_json() -> None:
    out = run_json("search", "attorney general", "--type", "person")
    assert set(out) == {"query", "matches", "left_out", *PAGE}
    assert out["total"] == len(out["matches"]) and not out["truncated"]
    assert out["query"] == "attorney general"
    assert out["matches"] == plain([m.as_dict() for m in find(bundled(), "attorney general",
                                                               ["person"], 20)])
    assert out["matches"], "the bundled data has attorneys general"
    for m in out["matches"]:
        assert set(m) == {"id", "name", "type", "type_label", "score", "matched"}
        assert m["type"] == "person"


PAGE = {"total", "offset", "limit", "shown", "truncated"}  # what every listing says of its page


def test_show_json() -> None:
    out = run_json("show", "opdat")
    assert out == plain(q.entity_card(bundled(), "opdat"))
    assert {"id", "name", "type", "type_label", "aliases", "description", "attributes",
            "evidence", "relations", "degree", "total", "claim", "figures"} <= set(out)
    assert set(out) <= {"id", "name", "type", "type_label", "aliases", "description",
                        "attributes", "evidence", "relations", "degree", "total", *DATES,
                        "inferred", "defined_at", "claim", "attributed_to", "figures"}
    check_evidence(out["evidence"])
    for group in out["relations"]:
        assert set(group) == {"reading", "relation", "direction", "items", *PAGE}
        assert group["total"] == len(group["items"]) and not group["truncated"]
        for item in group["items"]:
            check_relation(item, "other")
            check_entity(item["other"])


def test_neighbours_json() -> None:
    out = run_json("neighbours", "opdat", "--depth", "2", "--direction", "out")
    assert set(out) == {"root", "depth", "direction", "nodes", "relations", "tree", "left_out",
                        *PAGE}
    assert out["total"] == len(out["nodes"]) - 1 and not out["truncated"]
    assert out == plain(q.neighbours(bundled(), "opdat", 2, "out"))
    assert (out["depth"], out["direction"]) == (2, "out")
    for n in out["nodes"]:
        check_entity(n, "distance")
    for r in out["relations"]:
        check_relation(r)
    check_tree(out["tree"])


def test_path_json() -> None:
    out = run_json("path", "Jeff Sessions", "MS-13", "--all", "--max-hops", "4",
                   "--avoid", "country")
    assert set(out) == {"from", "to", "max_hops", "all", "total_found", "complete", "paths",
                        *PAGE}
    assert out["complete"] and out["total"] == out["total_found"]
    kg = bundled()
    assert out == plain(q.paths(kg, "jeff-sessions", "ms-13", 4, True, None, ["country"], 10))
    assert out["paths"]
    countries = {n for n, a in kg.graph.nodes(data=True) if a["type"] == "country"}
    for p in out["paths"]:
        assert set(p) == {"nodes", "length", "hub_cost", "hops"}
        assert (p["nodes"][0], p["nodes"][-1]) == ("jeff-sessions", "ms-13")
        assert not countries & set(p["nodes"])
        assert p["length"] == len(p["nodes"]) - 1 == len(p["hops"]) <= 4
        for hop in p["hops"]:
            assert set(hop) == {"from", "to", "relations"}
            for r in hop["relations"]:
                check_relation(r)
    lengths = [p["length"] for p in out["paths"]]
    assert lengths == sorted(lengths)


def test_lineage_json_of_the_cartagena_summit() -> None:
    out = run_json("lineage", "Cartagena summit")
    assert set(out) == {"root", "direction", "relations", "tree", "entities", "left_out", *PAGE}
    assert out["total"] == len(out["entities"]) and not out["truncated"]
    assert out == plain(q.lineage(bundled(), "trilateral-summit-2017"))
    assert out["root"]["id"] == "trilateral-summit-2017"
    reached = [e["id"] for e in out["entities"]]
    # issue 3: "what grew out of the Cartagena summit" shows the TCO Working Group and its
    # meetings
    for expected in ("tco-working-group", "tco-working-group-first-meeting-2018",
                     "tco-working-group-second-meeting-2019"):
        assert expected in reached
    for e in out["entities"]:
        check_entity(e, "level", "kind", "via")
        check_relation(e["via"])
    check_tree(out["tree"])


def test_timeline_json() -> None:
    out = run_json("timeline", "--from", "2017-12", "--to", "2018")
    assert set(out) == {"from", "to", "match", "items", "left_out", *PAGE}
    assert out["total"] == len(out["items"]) and not out["truncated"]
    assert out == plain(q.timeline(bundled(), "2017-12", "2018"))
    assert (out["from"], out["to"]) == ("2017-12", "2018")
    assert out["items"]
    for item in out["items"]:
        assert {"kind", "when", "text", "evidence"} <= set(item)
        assert item["kind"] in ("entity", "relation")
        check_evidence(item["evidence"])


def test_json_is_the_only_thing_on_stdout() -> None:
    result = run("path", "paula", "marco", *data("parallel"), "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith("{") and result.stdout.endswith("}\n")
    assert "\x1b[" not in result.stdout
    json.loads(result.stdout)


# ---------------------------------------------------------------------------------------
# exit codes: 0 with results, 1 when nothing was found


@pytest.mark.parametrize("args", [
    ("search", "santa", *data("names")),
    ("show", "lone-town", *data("disconnected")),
    ("neighbours", "paula", *data("parallel")),
    ("path", "north agency", "north gang", *data("disconnected")),
    ("lineage", "alpha", *data("cycle")),
    ("timeline", *data("dates")),
    ("stats", *data("disconnected")),
])
def test_results_exit_0(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout and result.stderr == ""


@pytest.mark.parametrize(("args", "message"), [
    (("search", "zzzz", *data("names")), "kgraph: nothing matches 'zzzz'"),
    (("neighbours", "lone town", *data("disconnected")), ""),
    (("path", "north agency", "south agency", *data("disconnected")),
     "kgraph: no connection within 6 hops"),
    (("path", "alice", "gang", "--max-hops", "2", *data("small")),
     "kgraph: no connection within 2 hops"),
    (("path", "pat", "ray", "--via", "attended", *data("cycle")),
     "kgraph: no connection within 6 hops"),
    (("lineage", "delta", *data("cycle")), ""),
    (("timeline", "--from", "2019", *data("dates")), "kgraph: nothing dated in that period"),
])
def test_nothing_found_exits_1(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(("args", "key"), [
    (("search", "zzzz", *data("names")), "matches"),
    (("neighbours", "lone town", *data("disconnected")), "relations"),
    (("path", "north agency", "south agency", *data("disconnected")), "paths"),
    (("lineage", "delta", *data("cycle")), "entities"),
    (("timeline", "--from", "2019", *data("dates")), "items"),
])
def test_nothing_found_with_json_is_still_json(args: tuple[str, ...], key: str) -> None:
    result = run(*args, "--json")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout)[key] == []


# ---------------------------------------------------------------------------------------
# usage errors: exit 2, a message on stderr, nothing on stdout


def test_a_typo_in_a_name_is_taken_with_a_note() -> None:
    # the same tolerance as ask: the closest name when it is clearly the closest, said so
    result = run("show", "Cartagena sumit")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Trilateral Summit Against Transnational Organized Crime")
    assert result.stderr == ("kgraph: 'Cartagena sumit' taken as 'Trilateral Summit Against "
                             "Transnational Organized Crime' (trilateral-summit-2017), the "
                             "closest name\n")


@pytest.mark.parametrize(("args", "message"), [
    (("show", "Bogata", *data("names")),
     "kgraph: unknown entity 'Bogata' (did you mean 'Bogotá' (bogota), "),
    (("show", "Juan Perez", *data("names")),
     ("'Juan Perez' is ambiguous: Juan Pérez [person] (id: juan-perez-bogota); "
      "Juan Pérez [person] (id: juan-perez-lima). Use the id.")),
    (("neighbours", "Santa Ana", *data("names")),
     ("Santa Ana [city] (id: santa-ana-city); Santa Ana [state] (id: santa-ana-department)")),
    (("neighbours", "paula", "--direction", "sideways", *data("parallel")),
     "kgraph: direction must be one of out, in, both"),
    (("neighbours", "paula", "--depth", "0", *data("parallel")), "Invalid value for '--depth'"),
    (("neighbours", "paula", "--relation", "met-with", *data("parallel")),
     "unknown relation type 'met-with' (did you mean 'met_with'"),
    (("neighbours", "paula", "--type", "persn", *data("parallel")),
     "unknown entity type 'persn' (did you mean 'person'"),
    (("path", "paula", "Paula Ortiz", *data("parallel")), "the two entities are the same"),
    (("path", "paula", "marco", "--max-hops", "0", *data("parallel")),
     "Invalid value for '--max-hops'"),
    (("path", "paula", "marco", "--avoid", "Nobody", *data("parallel")),
     "unknown entity 'Nobody'"),
    (("path", "paula", "marko", *data("parallel")),
     "unknown entity 'marko' (did you mean 'Marco Silva' (marco)"),
    (("path", "paula", "marco", "--via", "mett_with", *data("parallel")),
     "unknown relation type 'mett_with'"),
    (("lineage", "alfa programm", *data("cycle")), "did you mean 'Alpha Programme' (alpha)"),
    (("lineage", "alpha", "--depth", "-1", *data("cycle")), "Invalid value for '--depth'"),
    (("timeline", "--from", "2017-13", *data("dates")),
     "kgraph: --from: '2017-13' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (("timeline", "--to", "March 2017", *data("dates")), "--to: 'March 2017' is not a date"),
    (("timeline", "--type", "meetng", *data("dates")),
     "unknown entity type 'meetng' (did you mean 'meeting'"),
    (("show", "paula", "--as-of", "yesterday", *data("parallel")),
     "kgraph: --as-of: 'yesterday' is not a date"),
    (("search", "santa", "--type", "town", *data("names")), "unknown entity type 'town'"),
    (("stats", "--top", "0"), "Invalid value for '--top'"),
    (("stats", "--data", "/nonexistent/kgraph-data"),
     "kgraph: data path '/nonexistent/kgraph-data' does not exist"),
    (("show",), "Missing argument 'ENTITY'"),
])
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_usage_errors_with_json_print_no_json() -> None:
    result = run("show", "Bogata", *data("names"), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "did you mean 'Bogotá' (bogota)" in result.stderr


# ---------------------------------------------------------------------------------------
# entities by name, alias, accents, words left out


@pytest.mark.parametrize(("name", "expected"), [
    ("nestor martinez", "nestor-humberto-martinez-neira"),
    ("opdat", "opdat"),
    ("Cartagena summit", "trilateral-summit-2017"),
    ("the cartagena summit", "trilateral-summit-2017"),
])
def test_show_accepts_names_and_aliases(name: str, expected: str) -> None:
    assert run_json("show", name)["id"] == expected


def test_accented_names_without_accents() -> None:
    assert run_json("show", "nestor munoz gomez", *data("names"))["id"] == "nestor-munoz"
    out = run_json("neighbours", "reunion de medellin", "--type", "person", *data("names"))
    assert [n["id"] for n in out["nodes"]] == [
        "reunion-medellin", "juan-perez-lima", "nestor-munoz", "oscar-nunez"]


# ---------------------------------------------------------------------------------------
# the commands on the fixture graphs


def test_search_command() -> None:
    out = run_json("search", "bogota", *data("names"))
    assert [m["id"] for m in out["matches"]] == ["bogota", "fiscalia-bogota",
                                                 "juan-perez-bogota"]
    out = run_json("search", "bogota", "--type", "person", *data("names"))
    assert [m["id"] for m in out["matches"]] == ["juan-perez-bogota"]
    out = run_json("search", "bogota", "--limit", "1", *data("names"))
    assert [m["id"] for m in out["matches"]] == ["bogota"]
    table = run("search", "santa", *data("names")).stdout
    assert table.index("santa-ana-city") < table.index("santa-ana-department")


def test_search_shows_each_type_by_its_label() -> None:
    rows = {line.split("|")[3].strip(): line.split("|")[2].strip()
            for line in run("search", "bogota", *data("names")).stdout.splitlines()
            if line.startswith("|") and "bogota" in line}
    assert rows == {"bogota": "City", "fiscalia-bogota": "Government agency or office",
                    "juan-perez-bogota": "Person"}
    assert run_json("search", "bogota", *data("names"))["matches"][1]["type"] == "agency"


def test_show_command_prints_the_card() -> None:
    result = run("show", "paula", *data("parallel"))
    lines = result.stdout.splitlines()
    assert lines[0] == "Paula Ortiz [Person]  (id: paula)"
    assert "met with (3)" in lines and "heads (1)" in lines
    assert "holds a position in (1)" in lines
    text = result.stdout
    for quote in ("“In January 2018 Paula Ortiz met with Marco Silva” — First report",
                  "“In September 2018 Marco Silva met with Paula Ortiz” — Second report",
                  "“Paula Ortiz heads the Harbour Police” — First report (2018-06-01)"):
        assert quote in text
    assert "\x1b[" not in text


def test_neighbours_command_direction_relation_and_type() -> None:
    def reached(*args: str) -> list[str]:
        return [n["id"] for n in run_json("neighbours", *args, *data("small"))["nodes"]]

    assert reached("bureau", "--direction", "out") == ["bureau", "group", "ministry", "op"]
    assert reached("bureau", "--direction", "in") == ["bureau", "alice"]
    assert reached("BOE", "--relation", "part_of", "--depth", "3") == [
        "bureau", "ministry", "ruritania"]
    assert reached("Strelsau Summit", "--type", "place") == ["summit", "capital"]
    assert reached("summit", "-t", "person", "-t", "city") == [
        "summit", "alice", "bob", "capital"]
    tree = run("neighbours", "paula", *data("parallel")).stdout.splitlines()
    assert tree[0] == "Paula Ortiz [Person]"
    assert tree[-1] == "2 entities within 1 hop(s), 6 relations"
    assert "→ heads Harbour Police [Government agency or office]" in tree[1]
    no_quotes = run("neighbours", "paula", "--no-evidence", *data("parallel")).stdout
    assert "“" not in no_quotes and "met with Marco Silva" in no_quotes
    assert run("neighbors", "paula", *data("parallel")).stdout == run(
        "neighbours", "paula", *data("parallel")).stdout


def test_path_command_prints_every_hop_with_every_parallel_relation() -> None:
    result = run("path", "Paula Ortiz", "Marco Silva", *data("parallel"))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "1 path from Paula Ortiz to Marco Silva",
        "",
        "#1: 1 hop(s)",
        "  → Paula Ortiz met with Marco Silva (2018-01)",
        "      “In January 2018 Paula Ortiz met with Marco Silva” — First report (2018-06-01)",
        "    and → Paula Ortiz met with Marco Silva (2018-05)",
        "      “In May 2018 Paula Ortiz met with Marco Silva again” — First report (2018-06-01)",
        "    and ← Paula Ortiz met with Marco Silva (2018-09)",
        "      “In September 2018 Marco Silva met with Paula Ortiz” — Second report (2018-10-01)",
    ]


def test_path_command_options() -> None:
    def routes(*args: str) -> list[list[str]]:
        return [p["nodes"] for p in run_json("path", *args, *data("small"))["paths"]]

    assert routes("alice", "ruritania") == [["alice", "summit", "capital", "ruritania"],
                                            ["alice", "bureau", "ministry", "ruritania"]]
    assert routes("alice", "ruritania", "--avoid", "place") == [
        ["alice", "bureau", "ministry", "ruritania"]]
    assert routes("alice", "ruritania", "--avoid", "Ministry of Tests", "--avoid", "city") == [
        ["alice", "bureau", "op", "gang", "ruritania"]]
    assert routes("alice", "ruritania", "--via", "attended", "--via", "held_in",
                  "--via", "located_in") == [["alice", "summit", "capital", "ruritania"]]
    assert routes("alice", "gang", "--all", "--max-hops", "4") == [
        ["alice", "bureau", "op", "gang"], ["alice", "summit", "capital", "ruritania", "gang"],
        ["alice", "bureau", "ministry", "ruritania", "gang"]]
    assert routes("alice", "gang", "--all", "--max-hops", "4", "--limit", "1") == [
        ["alice", "bureau", "op", "gang"]]
    out = run("path", "alice", "gang", "--all", "--max-hops", "4", "--limit", "1",
              *data("small")).stdout
    assert out.splitlines()[0] == "1 path from Alice Álvarez to The Gang (of 3 found)"
    backward = run("path", "The Gang", "alice", *data("small")).stdout
    assert "  ← The Gang was targeted by Operation Shield" in backward
    assert "    and ← Bureau of Examples has as an official Alice Álvarez" in backward


def test_lineage_command_both_ways_in_a_cycle() -> None:
    forward = run_json("lineage", "Alpha", *data("cycle"))
    assert [(e["id"], e["level"]) for e in forward["entities"]] == [
        ("gamma", 1), ("beta", 2), ("delta", 3)]
    backward = run_json("lineage", "Alpha", "--backward", *data("cycle"))
    assert backward["direction"] == "backward"
    assert [(e["id"], e["level"]) for e in backward["entities"]] == [("beta", 1), ("gamma", 2)]
    assert [e["id"] for e in run_json("lineage", "alpha", "--depth", "1",
                                      *data("cycle"))["entities"]] == ["gamma"]
    text = run("lineage", "alpha", *data("cycle")).stdout.splitlines()
    assert text[0] == ("Lineage (what grew out of Alpha Programme), following: grew out of, "
                       "led to, builds on, produced, spearheaded, launched, issued, followed, "
                       "mandated")  # the readings of the schema ('followed': succeeded)
    assert text[1] == "Alpha Programme [Programme or initiative]"
    order = [i for i, line in enumerate(text)
             if "gave rise to" in line]
    assert [text[i].split("gave rise to ")[1].split(" [")[0] for i in order] == [
        "Gamma Programme", "Beta Programme", "Delta Programme"]


def test_timeline_command_orders_partial_dates_and_filters() -> None:
    out = run_json("timeline", "--from", "2017-03", "--to", "2017-03", "--overlap",
                   *data("dates"))
    assert [i.get("id") or i["relation"] for i in out["items"]] == [
        "spring-conference", "march-meeting", "held_in", "second-of-march-summit",
        "spring-talks"]
    out = run_json("timeline", "--from", "2017-03", "--to", "2017-03", *data("dates"))
    assert [i.get("id") or i["relation"] for i in out["items"]] == [
        "march-meeting", "held_in", "second-of-march-summit"]
    out = run_json("timeline", "--relation", "attended", *data("dates"))
    assert [i["relation"] for i in out["items"]] == ["attended"]
    result = run("timeline", "--from", "2019", "--to", "2018", *data("dates"))
    assert result.exit_code == 2 and "--from 2019 is after --to 2018" in result.stderr
    out = run_json("timeline", "--type", "event", "--entities-only", *data("dates"))
    assert [i["id"] for i in out["items"]] == [
        "winter-talks", "spring-conference", "march-meeting", "second-of-march-summit",
        "spring-talks", "later-forum"]
    table = run("timeline", *data("dates")).stdout
    rows = ["Winter Talks", "Spring Conference", "| March Meeting ",
            "March Meeting was held in Lisbon", "Second of March Summit", "Spring Talks",
            "Later Forum", "Ana Costa attended Later Forum (2018-06-12)"]
    assert [table.index(r) for r in rows] == sorted(table.index(r) for r in rows)
    assert "Undated Workshop" not in table


def test_stats_command() -> None:
    out = run_json("stats", *data("parallel"))
    assert (out["entities"], out["relations"], out["sources"], out["evidence"]) == (3, 6, 2, 7)
    text = run("stats", *data("parallel")).stdout
    assert text.splitlines()[0] == "3 entities, 6 relations, 2 sources, 7 quotes on relations"
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in text.splitlines()
            if line.startswith("|")]
    assert ["Government agency or office", "1"] in rows  # the type's label, not 'agency'
    assert ["Harbour Police", "Government agency or office", "3"] in rows
    assert "agency" not in {cell for row in rows for cell in row}
    assert out["entity_types"] == {"person": 2, "agency": 1}


# ---------------------------------------------------------------------------------------
# --as-of


def test_as_of_timeline_and_show() -> None:
    out = run_json("timeline", "--as-of", "2017-02", *data("dates"))
    assert [i["id"] for i in out["items"]] == ["winter-talks", "spring-conference"]
    # Ana Costa is known only from a report of 1 July 2018
    assert run_json("show", "Ana Costa", "--as-of", "2018-07-01", *data("dates"))["id"] == (
        "ana-costa")
    result = run("show", "Ana Costa", "--as-of", "2018-06-30", *data("dates"))
    assert result.exit_code == 2
    assert "'Ana Costa' (ana-costa) is not yet in the graph as known at 2018-06-30 (known from 2018-07-01)" in result.stderr


def test_as_of_neighbours_and_path() -> None:
    assert run("neighbours", "lisbon", "--as-of", "2017-02", *data("dates")).exit_code == 1
    out = run_json("neighbours", "lisbon", "--as-of", "2017-03", *data("dates"))
    assert [n["id"] for n in out["nodes"]] == ["lisbon", "march-meeting"]
    # Marco's meeting with Paula in September 2018 was reported in October
    out = run_json("path", "paula", "marco", "--as-of", "2018-09", *data("parallel"))
    assert [r["date"] for r in out["paths"][0]["hops"][0]["relations"]] == [
        "2018-01", "2018-05"]


def test_as_of_lineage_on_the_bundled_data() -> None:
    before = [e["id"] for e in run_json("lineage", "Cartagena summit", "--as-of",
                                        "2017-12-31")["entities"]]
    assert "joint-declaration-2017" in before
    assert "tco-working-group-first-meeting-2018" not in before
    after = [e["id"] for e in run_json("lineage", "Cartagena summit", "--as-of",
                                       "2019-12")["entities"]]
    assert "tco-working-group-first-meeting-2018" in after


# ---------------------------------------------------------------------------------------
# piping into head


def kgraph_command() -> list[str]:
    script = Path(sys.executable).with_name("kgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kgraph"]


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_piping_into_head_ends_quietly(extra: list[str]) -> None:
    # several hundred kilobytes: far more than a pipe holds once head has gone
    args = [*kgraph_command(), "path", "Jeff Sessions", "MS-13", "--all", "--max-hops", "5",
            "--limit", "1000", *extra]
    producer = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**_environ(), "COLUMNS": "120"})
    head = subprocess.run(["head", "-1"], stdin=producer.stdout, capture_output=True,
                          timeout=60, check=False)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.close()
    stderr = producer.stderr.read().decode()
    producer.wait(timeout=60)
    first = head.stdout.decode().splitlines()
    if extra:
        assert first == ["{"]
    else:
        assert len(first) == 1 and re.fullmatch(r"\d+ paths from Jeff Sessions to MS-13",
                                                first[0]), first
    assert "BrokenPipeError" not in stderr and "Traceback" not in stderr, stderr
    assert stderr == ""
    assert producer.returncode in (0, -signal.SIGPIPE, 128 + signal.SIGPIPE)


def _environ() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KGRAPH_DATA", None)
    return env
