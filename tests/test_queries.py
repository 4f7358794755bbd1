"""The query library (``kgraph.queries``) and name resolution (``kgraph.resolve``) on the
small fixture graphs under tests/fixtures/ (each invented, with its source text).

Expected values are worked out by hand from the fixture YAML, not copied from a run.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pytest

from kgraph import queries as q
from kgraph.api import KnowledgeGraph, load_graph
from kgraph.errors import UsageError
from kgraph.resolve import resolve_entity, search

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def graph(name: str) -> KnowledgeGraph:
    """A fixture graph: 'small' (tests/fixtures/small) or one of tests/fixtures/graphs/."""
    path = FIXTURES / name if name == "small" else FIXTURES / "graphs" / name
    return load_graph([path])


@cache
def bundled() -> KnowledgeGraph:
    return load_graph()


def ids(nodes: list[dict]) -> list[str]:
    return [n["id"] for n in nodes]


def hub(kg: KnowledgeGraph, *interior: str) -> float:
    """The hub cost of a path through ``interior``, from the documented rule."""
    return round(sum(math.log1p(kg.graph.degree(n)) for n in interior), 3)


# ---------------------------------------------------------------------------------------
# stats


def test_stats_counts_types_and_most_connected_on_the_cycle() -> None:
    result = q.stats(graph("cycle"))
    assert result["entities"] == 8
    assert result["relations"] == 9
    assert result["sources"] == 1
    assert result["evidence"] == 9
    assert list(result["entity_types"].items()) == [("programme", 5), ("person", 3)]
    assert list(result["relation_types"].items()) == [
        ("grew_out_of", 4), ("met_with", 3), ("attended", 1), ("part_of", 1)]
    # most connected first, ties by id
    assert [(e["id"], e["degree"]) for e in result["most_connected"]] == [
        ("alpha", 4), ("beta", 3), ("pat", 3), ("gamma", 2), ("quinn", 2), ("ray", 2),
        ("alpha-wg", 1), ("delta", 1)]


def test_stats_top_limits_the_most_connected() -> None:
    assert ids(q.stats(graph("cycle"), top=3)["most_connected"]) == ["alpha", "beta", "pat"]


def test_stats_counts_parallel_relations_once_each_and_merged_evidence() -> None:
    result = q.stats(graph("parallel"))
    # met_with three times (two dates one way, one the other way); cooperates_with stated
    # by two sources is one relation with two quotes
    assert result["relations"] == 6
    assert result["evidence"] == 7
    assert list(result["relation_types"].items()) == [
        ("met_with", 3), ("cooperates_with", 1), ("heads", 1), ("holds_position", 1)]


def test_stats_counts_isolated_entities() -> None:
    result = q.stats(graph("disconnected"))
    assert (result["entities"], result["relations"]) == (6, 3)
    assert result["most_connected"][-1] == {**q.summary(graph("disconnected"), "lone-town"),
                                            "degree": 0}


# ---------------------------------------------------------------------------------------
# entity cards


def test_card_groups_parallel_relations_by_reading_in_both_directions() -> None:
    card = q.entity_card(graph("parallel"), "paula")
    assert (card["id"], card["name"], card["type"], card["type_label"]) == (
        "paula", "Paula Ortiz", "person", "Person")
    assert card["degree"] == 5
    assert card["evidence"] == [{"source": "first", "title": "First report",
                                 "quote": "Paula Ortiz", "source_date": "2018-06-01"}]
    assert [(g["reading"], g["relation"], len(g["items"])) for g in card["relations"]] == [
        ("met with", "met_with", 3), ("heads", "heads", 1),
        ("holds a position in", "holds_position", 1)]
    met = card["relations"][0]["items"]
    assert [(r["key"], r["direction"], r["date"], r["other"]["id"]) for r in met] == [
        ("met_with", "forward", "2018-01", "marco"),
        ("met_with~2", "forward", "2018-05", "marco"),
        ("met_with", "backward", "2018-09", "marco")]
    assert met[2]["sentence"] == "Paula Ortiz met with Marco Silva (2018-09)"
    assert met[2]["evidence"] == [{
        "source": "second", "title": "Second report", "source_date": "2018-10-01",
        "quote": "In September 2018 Marco Silva met with Paula Ortiz"}]


def test_card_reads_incoming_relations_backwards() -> None:
    card = q.entity_card(graph("small"), "bureau")
    readings = {g["reading"]: [i["other"]["id"] for i in g["items"]] for g in card["relations"]}
    assert readings == {
        "is headed by": ["alice"], "has as an official": ["alice"], "is part of": ["ministry"],
        "spearheaded": ["group"], "conducted": ["op"]}
    headed = next(g for g in card["relations"] if g["reading"] == "is headed by")
    assert headed["direction"] == "backward"
    assert headed["items"][0]["sentence"] == "Bureau of Examples is headed by Alice Álvarez"


def test_card_has_one_relation_with_the_evidence_of_both_sources() -> None:
    card = q.entity_card(graph("parallel"), "marco")
    coop = next(g for g in card["relations"] if g["relation"] == "cooperates_with")
    assert [e["source"] for e in coop["items"][0]["evidence"]] == ["first", "second"]


def test_card_attributes_dates_and_inferred_fields() -> None:
    kg = graph("small")
    assert q.entity_card(kg, "op")["attributes"] == {"charged": 12}
    alice = q.entity_card(kg, "alice")
    assert alice["attributes"] == {"role": "Director of the Bureau"}
    assert alice["aliases"] == ["Alvarez", "A. Alvarez"]
    assert alice["description"] == "Director of the Bureau."
    group = q.entity_card(kg, "group")
    assert group["date"] == "2019-06"
    assert group["inferred"] == {"date": "the year is implied by the memo's date"}
    summit = q.entity_card(kg, "summit")
    assert (summit["start"], summit["end"]) == ("2019-03-01", "2019-03-02")
    assert "date" not in summit


def test_card_of_an_isolated_entity_has_no_relations() -> None:
    card = q.entity_card(graph("disconnected"), "lone-town")
    assert card["relations"] == []
    assert card["degree"] == 0


# ---------------------------------------------------------------------------------------
# neighbours


@pytest.mark.parametrize(("direction", "expected"), [
    ("out", ["bureau", "group", "ministry", "op"]),
    ("in", ["bureau", "alice"]),
    ("both", ["bureau", "alice", "group", "ministry", "op"]),
])
def test_neighbours_direction(direction: str, expected: list[str]) -> None:
    result = q.neighbours(graph("small"), "bureau", direction=direction)
    assert ids(result["nodes"]) == expected
    assert result["direction"] == direction


def test_neighbours_relation_filter_follows_only_that_relation() -> None:
    result = q.neighbours(graph("small"), "bureau", depth=3, relations=["part_of"])
    assert [(n["id"], n["distance"]) for n in result["nodes"]] == [
        ("bureau", 0), ("ministry", 1), ("ruritania", 2)]
    assert [(r["from"], r["relation"], r["to"]) for r in result["relations"]] == [
        ("bureau", "part_of", "ministry"), ("ministry", "part_of", "ruritania")]


@pytest.mark.parametrize("type_name", ["place", "Place", "places"])
def test_neighbours_type_filter_includes_subtypes(type_name: str) -> None:
    # the summit's neighbours: Alice, Bob (people), Strelsau (a city, a kind of place), the
    # working group (a programme)
    result = q.neighbours(graph("small"), "summit", types=[type_name])
    assert ids(result["nodes"]) == ["summit", "capital"]


def test_neighbours_type_filter_by_parent_event_type() -> None:
    assert ids(q.neighbours(graph("small"), "alice", types=["event"])["nodes"]) == [
        "alice", "summit"]
    assert ids(q.neighbours(graph("small"), "summit", types=["person"])["nodes"]) == [
        "summit", "alice", "bob"]


def test_neighbours_depth_two_in_a_cycle_reaches_each_entity_once() -> None:
    kg = graph("cycle")
    result = q.neighbours(kg, "pat", depth=2)
    assert [(n["id"], n["distance"]) for n in result["nodes"]] == [
        ("pat", 0), ("alpha", 1), ("quinn", 1), ("ray", 1),
        ("alpha-wg", 2), ("beta", 2), ("gamma", 2)]
    # every relation among the entities reached: all but delta's
    assert sorted((r["from"], r["relation"], r["to"]) for r in result["relations"]) == sorted(
        (u, k, v) for u, v, k in kg.graph.edges(keys=True) if "delta" not in (u, v))
    tree = result["tree"]
    assert [(c["entity"]["id"], c["via"]["relation"]) for c in tree["children"]] == [
        ("alpha", "attended"), ("quinn", "met_with"), ("ray", "met_with")]
    alpha = tree["children"][0]
    assert [(c["entity"]["id"], c["via"]["relation"], c["via"]["direction"])
            for c in alpha["children"]] == [
        ("beta", "grew_out_of", "forward"), ("gamma", "grew_out_of", "backward"),
        ("alpha-wg", "part_of", "backward")]
    # Quinn and Ray are one hop from Pat: not repeated as each other's children
    assert tree["children"][1]["children"] == [] and tree["children"][2]["children"] == []


def test_neighbours_tree_lists_parallel_relations_once_placed_then_seen() -> None:
    result = q.neighbours(graph("parallel"), "paula")
    assert [(c["entity"]["id"], c["via"]["key"], bool(c.get("seen")))
            for c in result["tree"]["children"]] == [
        ("harbour", "heads", False), ("harbour", "holds_position", True),
        ("marco", "met_with", False), ("marco", "met_with~2", True),
        ("marco", "met_with", True)]
    assert len(result["relations"]) == 6


def test_neighbours_of_an_isolated_entity_is_only_itself() -> None:
    result = q.neighbours(graph("disconnected"), "lone-town", depth=3)
    assert ids(result["nodes"]) == ["lone-town"]
    assert result["relations"] == []
    assert result["tree"]["children"] == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"direction": "sideways"}, "direction must be one of out, in, both"),
    ({"depth": 0}, "--depth must be at least 1"),
    ({"relations": ["part-of"]}, "unknown relation type 'part-of' (did you mean 'part_of'"),
    ({"types": ["agencyy"]}, "unknown entity type 'agencyy' (did you mean 'agency'"),
])
def test_neighbours_usage_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        q.neighbours(graph("small"), "bureau", **kwargs)
    assert message in str(exc.value)


def test_edges_of_with_no_relation_types_yields_nothing() -> None:
    kg = graph("small")
    assert list(q.edges_of(kg, "bureau", "both", [])) == []
    assert len(list(q.edges_of(kg, "bureau", "both", None))) == 5
    assert [other for other, _ in q.edges_of(kg, "bureau", "out", ["part_of"])] == ["ministry"]


# ---------------------------------------------------------------------------------------
# paths


def test_shortest_path_only_by_default_all_paths_with_all() -> None:
    kg = graph("cycle")
    shortest = q.paths(kg, "pat", "ray")
    assert [p["nodes"] for p in shortest["paths"]] == [["pat", "ray"]]
    assert shortest["total_found"] == 1
    assert shortest["all"] is False
    every = q.paths(kg, "pat", "ray", all_paths=True)
    assert [p["nodes"] for p in every["paths"]] == [["pat", "ray"], ["pat", "quinn", "ray"]]
    assert [p["length"] for p in every["paths"]] == [1, 2]


def test_all_paths_through_a_cycle_are_simple_and_ranked_shorter_first() -> None:
    kg = graph("cycle")
    result = q.paths(kg, "quinn", "delta", all_paths=True)
    assert result["total_found"] == 4
    assert [p["nodes"] for p in result["paths"]] == [
        ["quinn", "pat", "alpha", "beta", "delta"],
        # same length and the same hub cost (the same degrees): ordered by ids
        ["quinn", "pat", "alpha", "gamma", "beta", "delta"],
        ["quinn", "ray", "pat", "alpha", "beta", "delta"],
        ["quinn", "ray", "pat", "alpha", "gamma", "beta", "delta"]]
    for p in result["paths"]:
        assert len(set(p["nodes"])) == len(p["nodes"])
    assert len(q.paths(kg, "quinn", "delta", all_paths=True, limit=2)["paths"]) == 2
    assert [p["nodes"] for p in q.paths(kg, "quinn", "delta", all_paths=True,
                                        max_hops=4)["paths"]] == [
        ["quinn", "pat", "alpha", "beta", "delta"]]


def test_paths_of_equal_length_rank_through_less_connected_entities_first() -> None:
    kg = graph("small")
    result = q.paths(kg, "alice", "gang", max_hops=4, all_paths=True)
    assert [(p["nodes"], p["hub_cost"]) for p in result["paths"]] == [
        (["alice", "bureau", "op", "gang"], hub(kg, "bureau", "op")),
        # the Bureau (5 relations) is more of a hub than the summit (4): its route goes last
        # although 'bureau' sorts before 'summit'
        (["alice", "summit", "capital", "ruritania", "gang"],
         hub(kg, "summit", "capital", "ruritania")),
        (["alice", "bureau", "ministry", "ruritania", "gang"],
         hub(kg, "bureau", "ministry", "ruritania"))]
    shortest = q.paths(kg, "alice", "ruritania")
    assert [p["nodes"] for p in shortest["paths"]] == [
        ["alice", "summit", "capital", "ruritania"], ["alice", "bureau", "ministry", "ruritania"]]


def test_path_hop_lists_every_parallel_relation_with_its_direction() -> None:
    result = q.paths(graph("parallel"), "paula", "marco")
    assert [p["nodes"] for p in result["paths"]] == [["paula", "marco"]]
    (hop,) = result["paths"][0]["hops"]
    assert (hop["from"]["id"], hop["to"]["id"]) == ("paula", "marco")
    assert [(r["key"], r["direction"], r["date"], r["sentence"]) for r in hop["relations"]] == [
        ("met_with", "forward", "2018-01", "Paula Ortiz met with Marco Silva (2018-01)"),
        ("met_with~2", "forward", "2018-05", "Paula Ortiz met with Marco Silva (2018-05)"),
        ("met_with", "backward", "2018-09", "Paula Ortiz met with Marco Silva (2018-09)")]
    (hop,) = q.paths(graph("parallel"), "paula", "harbour")["paths"][0]["hops"]
    assert [r["relation"] for r in hop["relations"]] == ["heads", "holds_position"]


def test_path_reports_direction_against_the_travel() -> None:
    kg = graph("small")
    forward = q.paths(kg, "alice", "gang")["paths"][0]["hops"]
    assert [[(r["relation"], r["direction"]) for r in h["relations"]] for h in forward] == [
        [("heads", "forward"), ("holds_position", "forward")],
        [("conducted", "forward")], [("targeted", "forward")]]
    backward = q.paths(kg, "gang", "alice")["paths"][0]["hops"]
    assert [[(r["direction"], r["sentence"]) for r in h["relations"]] for h in backward] == [
        [("backward", "The Gang was targeted by Operation Shield")],
        [("backward", "Operation Shield was conducted by Bureau of Examples")],
        [("backward", "Bureau of Examples is headed by Alice Álvarez"),
         ("backward", "Bureau of Examples has as an official Alice Álvarez")]]
    assert backward[0]["relations"][0]["evidence"] == [{
        "source": "memo", "title": "Internal memo", "source_date": "2019-05-01",
        "quote": "Operation Shield targeted The Gang"}]


def test_max_hops_bounds_the_search() -> None:
    kg = graph("small")
    assert q.paths(kg, "alice", "gang", max_hops=2)["paths"] == []
    assert q.paths(kg, "alice", "gang", max_hops=2)["total_found"] == 0
    assert [p["length"] for p in q.paths(kg, "alice", "gang", max_hops=3)["paths"]] == [3]


def test_via_restricts_the_relation_types() -> None:
    kg = graph("small")
    result = q.paths(kg, "alice", "ruritania", via=["attended", "held_in", "located_in"])
    assert [p["nodes"] for p in result["paths"]] == [["alice", "summit", "capital", "ruritania"]]
    assert q.paths(graph("cycle"), "pat", "ray", via=["attended"])["paths"] == []
    with pytest.raises(UsageError, match="unknown relation type 'atended'"):
        q.paths(kg, "alice", "gang", via=["atended"])


@pytest.mark.parametrize(("avoid", "expected"), [
    (["Ministry of Tests"], [["alice", "summit", "capital", "ruritania"]]),  # a name
    (["city"], [["alice", "bureau", "ministry", "ruritania"]]),  # a type
    (["place"], [["alice", "bureau", "ministry", "ruritania"]]),  # a parent type
    (["Cities"], [["alice", "bureau", "ministry", "ruritania"]]),  # a type's plural
    # around both 3-hop routes: through the Gang that threatens Ruritania
    (["capital", "ministry"], [["alice", "bureau", "op", "gang", "ruritania"]]),
    (["capital", "ministry", "The Gang"], []),
])
def test_avoid_entities_and_types(avoid: list[str], expected: list[list[str]]) -> None:
    assert [p["nodes"] for p in q.paths(graph("small"), "alice", "ruritania",
                                        avoid=avoid)["paths"]] == expected


def test_avoid_by_alias_finds_the_longer_way_round() -> None:
    result = q.paths(graph("small"), "alice", "gang", avoid=["BOE"])
    assert [p["nodes"] for p in result["paths"]] == [
        ["alice", "summit", "capital", "ruritania", "gang"]]


def test_no_path_between_disconnected_parts() -> None:
    kg = graph("disconnected")
    result = q.paths(kg, "north-agency", "south-agency", max_hops=10, all_paths=True)
    assert result["paths"] == [] and result["total_found"] == 0
    assert q.paths(kg, "north-agency", "lone-town")["paths"] == []
    assert [p["nodes"] for p in q.paths(kg, "north-agency", "north-gang")["paths"]] == [
        ["north-agency", "operation-north", "north-gang"]]


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("alice", "alice"), {}, "the two entities are the same"),
    (("alice", "gang"), {"max_hops": 0}, "--max-hops must be at least 1"),
    (("alice", "gang"), {"avoid": ["Nobody Known"]}, "unknown entity 'Nobody Known'"),
])
def test_path_usage_errors(args: tuple[str, str], kwargs: dict, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        q.paths(graph("small"), *args, **kwargs)
    assert message in str(exc.value)


# ---------------------------------------------------------------------------------------
# lineage


def lineage_steps(result: dict) -> list[tuple[str, int, str]]:
    return [(e["id"], e["level"], e["kind"]) for e in result["entities"]]


@pytest.mark.parametrize(("start", "backward", "expected"), [
    # gamma grew out of alpha, beta out of gamma, delta out of beta; alpha (out of beta)
    # is where it started: the cycle ends there
    ("alpha", False, [("gamma", 1, "lineage"), ("beta", 2, "lineage"),
                      ("delta", 3, "lineage")]),
    ("alpha", True, [("beta", 1, "lineage"), ("gamma", 2, "lineage")]),
    # forward, the parts of what grew out (the Alpha Working Group is part of Alpha)
    ("beta", False, [("alpha", 1, "lineage"), ("delta", 1, "lineage"),
                     ("alpha-wg", 2, "part"), ("gamma", 2, "lineage")]),
    # backward from a part: its whole, then what the whole grew out of
    ("alpha-wg", True, [("alpha", 1, "part"), ("beta", 2, "lineage"),
                        ("gamma", 3, "lineage")]),
    ("delta", False, []),
])
def test_lineage_in_a_cycle_terminates(start: str, backward: bool,
                                       expected: list[tuple[str, int, str]]) -> None:
    result = q.lineage(graph("cycle"), start, backward=backward)
    assert lineage_steps(result) == expected
    assert result["direction"] == ("backward" if backward else "forward")


def test_lineage_tree_and_steps_read_in_the_direction_of_travel() -> None:
    result = q.lineage(graph("cycle"), "alpha")
    tree = result["tree"]
    assert tree["entity"]["id"] == "alpha"
    (gamma,) = tree["children"]
    (beta,) = gamma["children"]
    (delta,) = beta["children"]
    assert (gamma["entity"]["id"], beta["entity"]["id"], delta["entity"]["id"]) == (
        "gamma", "beta", "delta")
    assert delta["children"] == []
    assert gamma["via"]["sentence"] == "Alpha Programme gave rise to Gamma Programme"
    backward = q.lineage(graph("cycle"), "alpha", backward=True)
    assert backward["entities"][0]["via"]["sentence"] == "Alpha Programme grew out of Beta Programme"


def test_lineage_follows_every_lineage_relation_and_lists_the_family() -> None:
    kg = graph("small")
    forward = q.lineage(kg, "summit")
    assert lineage_steps(forward) == [("group", 1, "lineage"), ("meeting2", 2, "part")]
    assert forward["relations"] == kg.schema.lineage_types()
    # backward: the summit it grew out of and the Bureau that spearheaded it (dated first)
    assert lineage_steps(q.lineage(kg, "group", backward=True)) == [
        ("summit", 1, "lineage"), ("bureau", 1, "lineage")]
    assert lineage_steps(q.lineage(kg, "meeting2", backward=True)) == [
        ("group", 1, "part"), ("summit", 2, "lineage"), ("bureau", 2, "lineage")]


def test_lineage_depth() -> None:
    assert lineage_steps(q.lineage(graph("cycle"), "alpha", depth=1)) == [
        ("gamma", 1, "lineage")]
    with pytest.raises(UsageError, match="--depth must be at least 1"):
        q.lineage(graph("cycle"), "alpha", depth=0)


def test_lineage_of_the_cartagena_summit_reaches_the_working_group_and_its_meetings() -> None:
    kg = bundled()
    result = q.lineage(kg, resolve_entity(kg, "Cartagena summit"))
    reached = ids(result["entities"])
    for expected in ("tco-working-group", "tco-working-group-first-meeting-2018",
                     "tco-working-group-second-meeting-2019"):
        assert expected in reached


# ---------------------------------------------------------------------------------------
# timeline


def timeline_items(result: dict) -> list[tuple[str, str, str]]:
    return [(i["kind"], i.get("id") or f"{i['from']} {i['relation']} {i['to']}", i["when"])
            for i in result["items"]]


HELD_IN = ("relation", "march-meeting held_in lisbon", "2017-03")


def test_timeline_sorts_partial_dates_at_the_start_of_their_period() -> None:
    result = q.timeline(graph("dates"))
    assert timeline_items(result) == [
        ("entity", "winter-talks", "2016-11 to 2017-02"),
        ("entity", "spring-conference", "2017"),
        ("entity", "march-meeting", "2017-03"),
        HELD_IN,  # same date as the meeting: entities first
        ("entity", "second-of-march-summit", "2017-03-02"),
        ("entity", "spring-talks", "2017-03-15 to 2017-04-10"),
        ("entity", "later-forum", "2018-06"),
        ("relation", "ana-costa attended later-forum", "2018-06-12")]
    # undated entities and relations are left out
    assert "undated-workshop" not in [i.get("id") for i in result["items"]]


@pytest.mark.parametrize(("start", "end", "expected"), [
    # March 2017 overlaps 2017, March 2017, 2 March 2017 and 15 March - 10 April 2017,
    # not November 2016 - February 2017
    ("2017-03", "2017-03", ["spring-conference", "march-meeting", HELD_IN[1],
                            "second-of-march-summit", "spring-talks"]),
    ("2017-03-03", "2017-03-14", ["spring-conference", "march-meeting", HELD_IN[1]]),
    ("2017-04-01", None, ["spring-conference", "spring-talks", "later-forum",
                          "ana-costa attended later-forum"]),
    (None, "2016-12", ["winter-talks"]),
    ("2017-02-28", "2017-02-28", ["winter-talks", "spring-conference"]),
    ("2019", None, []),
])
def test_timeline_from_to_overlap_selects_what_overlaps(start: str | None, end: str | None,
                                                        expected: list[str]) -> None:
    result = q.timeline(graph("dates"), start, end, overlap=True)
    assert [t[1] for t in timeline_items(result)] == expected
    assert (result["from"], result["to"], result["match"]) == (start, end, "overlap")


@pytest.mark.parametrize(("start", "end", "expected"), [
    # by default an item is listed when its whole period lies in the range: "2017" is not
    # "in March 2017", 15 March - 10 April is not "in March"
    ("2017-03", "2017-03", ["march-meeting", HELD_IN[1], "second-of-march-summit"]),
    ("2017-03-03", "2017-03-14", []),
    ("2017-04-01", None, ["later-forum", "ana-costa attended later-forum"]),
    (None, "2016-12", []),
    ("2017", "2017", ["spring-conference", "march-meeting", HELD_IN[1],
                      "second-of-march-summit", "spring-talks"]),
    (None, None, ["winter-talks", "spring-conference", "march-meeting", HELD_IN[1],
                  "second-of-march-summit", "spring-talks", "later-forum",
                  "ana-costa attended later-forum"]),
])
def test_timeline_from_to_selects_what_lies_within(start: str | None, end: str | None,
                                                   expected: list[str]) -> None:
    result = q.timeline(graph("dates"), start, end)
    assert [t[1] for t in timeline_items(result)] == expected
    assert result["match"] == "within"


def test_timeline_from_after_to_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--from 2019 is after --to 2018"):
        q.timeline(graph("dates"), "2019", "2018")


def test_timeline_relation_filter_lists_only_those_relations() -> None:
    result = q.timeline(graph("dates"), relation_types=["attended"])
    assert [t[1] for t in timeline_items(result)] == ["ana-costa attended later-forum"]


def test_timeline_type_filter() -> None:
    kg = graph("dates")
    # relations are kept when either end is of the type
    assert [t[1] for t in timeline_items(q.timeline(kg, types=["summit"]))] == [
        "second-of-march-summit"]
    # a parent type includes its subtypes: a summit is a meeting, both are events
    assert [t[1] for t in timeline_items(q.timeline(kg, types=["meeting"]))] == [
        "march-meeting", HELD_IN[1], "second-of-march-summit"]
    assert [t[1] for t in timeline_items(q.timeline(kg, types=["event"], relations=False))] == [
        "winter-talks", "spring-conference", "march-meeting", "second-of-march-summit",
        "spring-talks", "later-forum"]


def test_timeline_items_carry_evidence_and_inferred_dates() -> None:
    result = q.timeline(graph("small"), "2019-06", "2019-06")
    (group,) = result["items"]
    assert group["id"] == "group"
    assert group["inferred"] == {"date": "the year is implied by the memo's date"}
    assert group["evidence"] == [{"source": "memo", "title": "Internal memo",
                                  "source_date": "2019-05-01",
                                  "quote": "The Example Working Group"}]
    relation = q.timeline(graph("dates"), "2018-06-12", "2018-06-12")["items"][-1]
    assert relation["text"] == "Ana Costa attended Later Forum (2018-06-12)"
    assert ids(relation["entities"]) == ["ana-costa", "later-forum"]


@pytest.mark.parametrize("value", ["2017", "2017-03", "2017-03-02", " 2017-03 "])
def test_parse_date_option_accepts_partial_iso_dates(value: str) -> None:
    assert q.parse_date_option(value, "--from") == value.strip()


@pytest.mark.parametrize("value", ["2017-13", "2017-02-30", "March 2017", "17", ""])
def test_parse_date_option_rejects_other_text(value: str) -> None:
    with pytest.raises(UsageError, match=r"--to: .* is not a date \(use YYYY, YYYY-MM"):
        q.parse_date_option(value, "--to")


def test_parse_date_option_none_is_no_bound() -> None:
    assert q.parse_date_option(None, "--from") is None


# ---------------------------------------------------------------------------------------
# as of a date


@pytest.mark.parametrize(("date", "entities", "relations"), [
    # before March 2017: the March events had not begun
    ("2017-02", ["lisbon", "spring-conference", "undated-workshop", "winter-talks"], []),
    ("2017-03", ["lisbon", "march-meeting", "second-of-march-summit", "spring-conference",
                 "spring-talks", "undated-workshop", "winter-talks"],
     [("march-meeting", "lisbon", "held_in")]),
    # the forum had happened by the end of June 2018, but the only report of it (and of
    # Ana Costa) was published on 1 July 2018
    ("2018-06-30", ["lisbon", "march-meeting", "second-of-march-summit",
                    "spring-conference", "spring-talks", "undated-workshop", "winter-talks"],
     [("march-meeting", "lisbon", "held_in")]),
    ("2018-07", ["ana-costa", "later-forum", "lisbon", "march-meeting",
                 "second-of-march-summit", "spring-conference", "spring-talks",
                 "undated-workshop", "winter-talks"],
     [("ana-costa", "later-forum", "attended"), ("ana-costa", "winter-talks", "attended"),
      ("march-meeting", "lisbon", "held_in")]),
])
def test_as_of_keeps_what_had_begun_and_was_reported(
        date: str, entities: list[str], relations: list[tuple[str, str, str]]) -> None:
    kg = graph("dates")
    then = q.as_of(kg, date)
    assert sorted(then.graph.nodes) == entities
    assert sorted(then.graph.edges(keys=True)) == relations
    assert kg.graph.number_of_nodes() == 9  # the original graph is untouched


def test_queries_run_on_an_as_of_graph() -> None:
    then = q.as_of(graph("dates"), "2017-02")
    assert [t[1] for t in timeline_items(q.timeline(then))] == [
        "winter-talks", "spring-conference"]
    assert q.stats(then)["entities"] == 4
    with pytest.raises(UsageError, match="unknown entity"):
        resolve_entity(then, "Ana Costa")


# ---------------------------------------------------------------------------------------
# resolving names


@pytest.mark.parametrize(("text", "expected"), [
    ("juan-perez-lima", "juan-perez-lima"),  # an id
    ("Néstor Muñoz Gómez", "nestor-munoz"),  # the name
    ("nestor munoz gomez", "nestor-munoz"),  # without accents
    ("NÉSTOR MUÑOZ GÓMEZ", "nestor-munoz"),  # any case
    ("Nestor Gomez", "nestor-munoz"),  # words left out
    ("munoz", "nestor-munoz"),  # an alias without its accent
    ("feb", "fiscalia-bogota"),  # an alias in another case
    ("the Fiscalía Especial de Bogotá", "fiscalia-bogota"),  # "the ..."
    ("The fiscalia especial de bogota", "fiscalia-bogota"),
    ("oscar nunez", "oscar-nunez"),
    ("Operation Condor", "operation-condor"),
    ("Bogota", "bogota"),
])
def test_resolve_names_aliases_case_and_accents(text: str, expected: str) -> None:
    assert resolve_entity(graph("names"), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("nestor martinez", "nestor-humberto-martinez-neira"),
    ("opdat", "opdat"),
    ("OPDAT", "opdat"),
    ("Cartagena summit", "trilateral-summit-2017"),
    ("the Cartagena summit", "trilateral-summit-2017"),
    ("jeff sessions", "jeff-sessions"),
])
def test_resolve_on_the_bundled_data(text: str, expected: str) -> None:
    assert resolve_entity(bundled(), text) == expected


def test_typo_gets_did_you_mean() -> None:
    with pytest.raises(UsageError) as exc:
        resolve_entity(graph("names"), "Bogata")
    # the best match first
    assert str(exc.value).startswith("unknown entity 'Bogata' (did you mean 'Bogotá' (bogota)")
    notes: list[str] = []
    assert resolve_entity(bundled(), "Cartagena sumit", notes=notes) == "trilateral-summit-2017"
    assert notes == [("'Cartagena sumit' taken as 'Trilateral Summit Against Transnational "
                      "Organized Crime' (trilateral-summit-2017), the closest name")]


def test_ambiguous_name_lists_the_candidates_with_their_types() -> None:
    kg = graph("names")
    with pytest.raises(UsageError) as exc:
        resolve_entity(kg, "Juan Perez")
    assert str(exc.value) == (
        "'Juan Perez' is ambiguous: Juan Pérez [person] (id: juan-perez-bogota); "
        "Juan Pérez [person] (id: juan-perez-lima). Use the id.")
    with pytest.raises(UsageError) as exc:
        resolve_entity(kg, "santa ana")
    assert str(exc.value) == (
        "'santa ana' is ambiguous: Santa Ana [city] (id: santa-ana-city); "
        "Santa Ana [state] (id: santa-ana-department). Use the id.")


def test_a_type_settles_an_ambiguous_name() -> None:
    kg = graph("names")
    assert resolve_entity(kg, "Santa Ana", types=["city"]) == "santa-ana-city"
    assert resolve_entity(kg, "Santa Ana", types=["state"]) == "santa-ana-department"
    with pytest.raises(UsageError, match="ambiguous"):
        resolve_entity(kg, "Santa Ana", types=["place"])  # city and state are both places


def test_unknown_and_empty_names() -> None:
    kg = graph("names")
    with pytest.raises(UsageError, match="unknown entity 'Zanzibar'; try 'kgraph search"):
        resolve_entity(kg, "Zanzibar")
    with pytest.raises(UsageError, match="empty entity name"):
        resolve_entity(kg, "  ")


def test_search_ranks_exact_then_prefix_then_contained_then_fuzzy() -> None:
    kg = graph("names")
    found = search(kg, "bogota")
    assert [m.id for m in found] == ["bogota", "fiscalia-bogota", "juan-perez-bogota"]
    assert found[0].score == 1.0
    assert found[0].score > found[1].score > found[2].score
    # a prefix of the name, shared by two entities: equal scores, ordered by name then id
    santa = search(kg, "santa")
    assert [(m.id, m.name, m.matched) for m in santa] == [
        ("santa-ana-city", "Santa Ana", "Santa Ana"),
        ("santa-ana-department", "Santa Ana", "Santa Ana")]
    assert santa[0].score == santa[1].score < 1.0
    # an alias matches as well as a name, accents aside
    assert [(m.id, m.score, m.matched) for m in search(kg, "Condor")] == [
        ("operation-condor", 1.0, "Cóndor")]
    # the name as written, not the id that folds to the same key
    assert [(m.id, m.matched) for m in search(kg, "nunez")] == [("oscar-nunez", "Óscar Núñez")]
    # a misspelling still finds the entity, below any real match
    fuzzy = search(kg, "Medelin")
    assert fuzzy[0].id == "medellin" and fuzzy[0].score < 0.75


def test_search_type_filter_limit_and_empty_text() -> None:
    kg = graph("names")
    assert [m.id for m in search(kg, "bogota", types=["person"])] == ["juan-perez-bogota"]
    assert [m.id for m in search(kg, "bogota", types=["place"])] == ["bogota"]
    assert [m.id for m in search(kg, "bogota", limit=1)] == ["bogota"]
    assert search(kg, "") == []
    assert search(kg, "zzzz qqqq") == []
    assert search(kg, "perez")[0].as_dict() == {
        "id": "juan-perez-bogota", "name": "Juan Pérez", "type": "person",
        "type_label": "Person", "score": 0.475, "matched": "Juan Pérez"}


@pytest.mark.parametrize("backward", [False, True])
def test_lineage_edges_reach_what_lineage_reaches(backward: bool) -> None:
    from kgraph.history import lineage_edges

    kg = bundled()
    for node in ("trilateral-summit-2017", "tco-working-group", "eo-13773",
                 "operation-regional-shield"):
        reached = lineage_edges(kg, node, backward, 50)
        full = q.lineage(kg, node, backward=backward, depth=50)
        assert set(reached) == {e["id"] for e in full["entities"]}
        for other, (a, b, _, _) in reached.items():
            assert other in (a, b)
