"""How two entities are connected: the shortest paths, or every simple path up to a length.

Paths ignore the direction of relations but report it. They are ranked by length, then
through less-connected entities first (hubs such as countries connect everything, so a
path through specific entities says more). The search itself is bounded: past
``PATH_WORK`` steps it stops and says that the result was cut.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kgraph.described import check_relations, edges_of, relation, summary, type_matches
from kgraph.errors import UsageError
from kgraph.graph import degree, neighbour_ids
from kgraph.listing import page_info, window

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

PATH_WORK = 100_000  # partial paths a search may extend before it stops (and says so)
PATH_CAP = 5_000  # paths a search keeps at most


def _avoid_set(kg: KnowledgeGraph, avoid: Iterable[str] | None) -> set[str]:
    from kgraph.resolve import resolve_entity
    from kgraph.text import fold

    out: set[str] = set()
    labels = {}
    for name, et in kg.schema.entity_types.items():
        for label in (name, et.label, et.plural):
            labels[fold(label)] = name
    for item in avoid or ():
        tname = item if item in kg.schema.entity_types else labels.get(fold(item))
        if tname:
            out.update(n for n in kg.graph if type_matches(kg, n, [tname]))
        else:
            out.add(resolve_entity(kg, item))
    return out


def _neighbour_ids(kg: KnowledgeGraph, node: str, rels: list[str] | None) -> Iterator[str]:
    """The entities related to ``node`` either way (maybe twice): the ids ``edges_of(kg,
    node, "both", rels)`` gives, without reading the edges when no type is asked for."""
    g = kg.graph
    wanted = set(rels) if rels is not None else None
    yield from neighbour_ids(g, node, "succ", wanted)
    yield from neighbour_ids(g, node, "pred", wanted)


def _bfs(kg: KnowledgeGraph, start: str, rels: list[str] | None, blocked: set[str],
         limit: int) -> dict[str, int]:
    dist = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if dist[current] >= limit:
            continue
        for other in _neighbour_ids(kg, current, rels):
            if other not in dist and other not in blocked:
                dist[other] = dist[current] + 1
                queue.append(other)
    return dist


def _on_shortest_paths(kg: KnowledgeGraph, a: str, b: str, rels: list[str] | None,
                       blocked: set[str], limit: int) -> dict[str, int]:
    """The distance to ``b`` of every entity on a shortest path from ``a`` to ``b`` (at most
    ``limit`` hops): what ``_bfs(kg, b, ...)`` gives for those entities, which is all the
    search for shortest paths reads. Two searches, from both ends, meet in the middle, so
    a hub-rich graph is not walked whole. Empty when there is no such path."""
    seen = ({a: 0}, {b: 0})
    frontier = ([a], [b])
    radius = [0, 0]
    meet: list[str] = []
    while not meet and frontier[0] and frontier[1] and radius[0] + radius[1] < limit:
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        mine, theirs = seen[side], seen[1 - side]
        level = radius[side] + 1
        grown = []
        for current in frontier[side]:
            for other in _neighbour_ids(kg, current, rels):
                if other not in mine and other not in blocked:
                    mine[other] = level
                    grown.append(other)
                    if other in theirs:
                        meet.append(other)
        frontier[side].clear()
        frontier[side].extend(grown)
        radius[side] = level
    if not meet:
        return {}
    from_a, from_b = seen
    d = from_a[meet[0]] + from_b[meet[0]]
    out = {m: from_b[m] for m in meet}
    for side, dist in ((0, from_a), (1, from_b)):  # walk back from the middle to each end
        todo = list(meet)
        while todo:
            current = todo.pop()
            for other in _neighbour_ids(kg, current, rels):
                if other not in out and other in dist and dist[other] == dist[current] - 1:
                    out[other] = d - dist[other] if side == 0 else dist[other]
                    todo.append(other)
    return out


def _hub_cost(kg: KnowledgeGraph, nodes: list[str]) -> float:
    g = kg.graph
    return sum(math.log1p(degree(g, n)) for n in nodes[1:-1])


def paths(kg: KnowledgeGraph, a: str, b: str, max_hops: int = 6, all_paths: bool = False,
          via: Iterable[str] | None = None, avoid: Iterable[str] | None = None,
          limit: int | None = 10, offset: int = 0) -> dict[str, Any]:
    """How ``a`` is connected to ``b``, ignoring direction but reporting it.

    Default: the shortest connections. ``all_paths``: every simple path up to
    ``max_hops``, shortest first. ``limit`` paths (None: all) from ``offset``, ranked by
    length, then through less-connected entities first. The search stops after
    ``PATH_WORK`` steps or ``PATH_CAP`` paths: ``complete`` is then false (the longest
    paths are the ones left out).
    """
    if a == b:
        raise UsageError("the two entities are the same")
    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    rels = check_relations(kg, via)
    blocked = _avoid_set(kg, avoid) - {a, b}
    if all_paths:
        from_b = _bfs(kg, b, rels, blocked, max_hops)
    else:  # only the entities on shortest paths matter (same answer, less of the graph)
        from_b = _on_shortest_paths(kg, a, b, rels, blocked, max_hops)
    found: list[list[str]] = []
    work = [0]
    complete = True
    if a in from_b:
        shortest = from_b[a]
        for length in range(shortest, (max_hops if all_paths else shortest) + 1):
            for path in _paths_of_length(kg, a, b, length, from_b, rels, blocked,
                                         all_paths, work):
                found.append(path)
                if len(found) >= PATH_CAP:
                    break
            if work[0] >= PATH_WORK or len(found) >= PATH_CAP:
                complete = False
                break
    ranked = sorted(found, key=lambda p: (len(p), _hub_cost(kg, p), p))
    shown = window(ranked, limit, offset)
    return {
        "from": summary(kg, a), "to": summary(kg, b),
        "max_hops": max_hops, "all": all_paths, "total_found": len(found),
        "complete": complete, **page_info(len(found), len(shown), limit, offset),
        "paths": [_describe_path(kg, p, rels) for p in shown],
    }


def _paths_of_length(kg: KnowledgeGraph, a: str, b: str, length: int,
                     from_b: dict[str, int], rels: list[str] | None, blocked: set[str],
                     all_paths: bool, work: list[int]) -> Iterator[list[str]]:
    """The simple paths from ``a`` to ``b`` of exactly ``length`` hops through entities
    of ``from_b`` (their distance to ``b``), in order; ``work[0]`` counts the steps, and
    the search stops at ``PATH_WORK``."""
    stack: list[tuple[str, list[str]]] = [(a, [a])]
    while stack:
        if work[0] >= PATH_WORK:
            return
        work[0] += 1
        current, path = stack.pop()
        if current == b:
            if len(path) - 1 == length:
                yield path
            continue
        steps_left = length - (len(path) - 1)
        for other in sorted(set(_neighbour_ids(kg, current, rels)), reverse=True):
            if other in path or other in blocked or other not in from_b:
                continue
            if from_b[other] > steps_left - 1 or (other == b and steps_left != 1):
                continue
            if not all_paths and from_b[other] != from_b[current] - 1:
                continue
            stack.append((other, [*path, other]))


def _describe_path(kg: KnowledgeGraph, nodes: list[str], rels: list[str] | None
                   ) -> dict[str, Any]:
    hops = []
    for x, y in itertools.pairwise(nodes):
        relations = [relation(kg, u, v, key, attrs, travel_from=x)
                     for other, (u, v, key, attrs) in edges_of(kg, x, "both", rels,
                                                               only={y})]
        hops.append({"from": summary(kg, x), "to": summary(kg, y), "relations": relations})
    return {"nodes": nodes, "length": len(nodes) - 1, "hops": hops,
            "hub_cost": round(_hub_cost(kg, nodes), 3)}
