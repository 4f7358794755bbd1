"""Work that grows with the input, not faster: every simple path is a search that is
bounded and says when it was cut; many relations between the same two entities are
merged in one pass."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kgraph import build, paths, queries
from kgraph.api import load_graph
from kgraph.cli import app, console
from kgraph.model import Evidence, Relation


def test_every_path_over_forty_hops_is_a_bounded_search_that_says_it_was_cut(
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    kg = load_graph()
    steps: list[int] = []
    real = paths._neighbour_ids

    def counted(*args):  # type: ignore[no-untyped-def]
        steps.append(1)
        return real(*args)

    monkeypatch.setattr(paths, "_neighbour_ids", counted)
    result = queries.paths(kg, "opdat", "hsi", max_hops=40, all_paths=True, limit=None)
    assert not result["complete"]
    assert len(steps) <= paths.PATH_WORK + 2 * 129  # the search, and the two walks out
    found = result["paths"]
    assert found and result["total"] == len(found) <= paths.PATH_CAP
    shortest = queries.paths(kg, "opdat", "hsi")["paths"][0]["length"]
    assert found[0]["length"] == shortest  # the shortest come first, whatever is cut
    assert [p["length"] for p in found] == sorted(p["length"] for p in found)
    assert all(len(set(p["nodes"])) == len(p["nodes"]) for p in found)  # simple paths


def test_the_command_line_says_when_paths_were_cut() -> None:
    console.reset()
    result = CliRunner().invoke(app, ["path", "opdat", "hsi", "--all", "--max-hops", "40",
                                      "--limit", "3"])
    console.reset()
    assert result.exit_code == 0
    assert "the search was cut short" in result.stdout
    out = json.loads(CliRunner().invoke(app, ["path", "opdat", "hsi", "--all",
                                              "--max-hops", "40", "--json"]).stdout)
    assert out["complete"] is False and out["truncated"] is True and out["shown"] == 10


def _relation(i: int, date: str) -> Relation:
    return Relation("pat", "met_with", "lee", [Evidence("s1", f"they met ({i})")],
                    date=date, where=("r.yaml", i + 1, 3))


def test_ten_thousand_relations_between_two_people_merge_in_one_pass(monkeypatch
                                                                     ) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    real = build._facts

    def counted(attrs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(attrs)

    monkeypatch.setattr(build, "_facts", counted)
    n = 10_000
    dates = [f"{2000 + i % 20}-{1 + i % 12:02d}" for i in range(n)]
    grouped = build.group_relations([_relation(i, d) for i, d in enumerate(dates)])
    assert len(calls) <= 2 * n  # not n * n / 2
    edges = grouped[("pat", "lee")]
    distinct = list(dict.fromkeys(dates))
    assert list(edges) == ["met_with"] + [f"met_with~{k}" for k in range(2, len(distinct) + 1)]
    assert [e["date"] for e in edges.values()] == distinct
    assert sum(len(e["evidence"]) for e in edges.values()) == n  # each quote kept, once
    # the same relations, in two halves joined as two processes do, give the same edges
    first = build.group_relations([_relation(i, d) for i, d in enumerate(dates[:n // 2])])
    second = build.group_relations([_relation(i + n // 2, d)
                                    for i, d in enumerate(dates[n // 2:])])
    build.merge_edges(first[("pat", "lee")], second[("pat", "lee")])
    assert first == grouped
