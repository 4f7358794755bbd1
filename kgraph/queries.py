"""Queries: pure functions from a :class:`KnowledgeGraph` to plain, JSON-ready data.

Nothing here prints. Every relation in a result carries its evidence (source id, source
title and verbatim quote) and its dates, so a renderer can show why it is there.
Traversals walk the graph's adjacency directly (no copies of the graph), ignoring edge
direction where asked but always reporting it.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kgraph import claims, figures
from kgraph.dates import check_date, dates_text
from kgraph.errors import NotFound, UsageError

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph

Edge = tuple[str, str, str, dict[str, Any]]  # (from, to, key, attrs) in the graph's direction

DIRECTIONS = ("out", "in", "both")


# ---------------------------------------------------------------------------------------
# small building blocks


def summary(kg: KnowledgeGraph, node: str) -> dict[str, Any]:
    """``{id, name, type, type_label}`` plus dates when the entity has them."""
    attrs = kg.graph.nodes[node]
    etype = attrs.get("type", "")
    et = kg.schema.entity_types.get(etype)
    out: dict[str, Any] = {"id": node, "name": attrs.get("name", node), "type": etype,
                           "type_label": et.label if et else etype}
    for key in ("date", "start", "end"):
        if attrs.get(key):
            out[key] = attrs[key]
    return out


def evidence(kg: KnowledgeGraph, items: Iterable[dict[str, str]]) -> list[dict[str, Any]]:
    sources = kg.sources
    out = []
    for ev in items:
        src = sources.get(ev["source"], {})
        item: dict[str, Any] = {"source": ev["source"], "title": src.get("title", ev["source"]),
                                "quote": ev["quote"]}
        if src.get("date"):
            item["source_date"] = src["date"]
        out.append(item)
    return out


def reading(kg: KnowledgeGraph, rtype: str, forward: bool = True) -> str:
    rt = kg.schema.relation_types.get(rtype)
    if rt is None:
        return rtype.replace("_", " ")
    return rt.reading if forward or rt.symmetric else rt.inverse_reading


def relation(kg: KnowledgeGraph, u: str, v: str, key: str, attrs: dict[str, Any],
             travel_from: str | None = None) -> dict[str, Any]:
    """One relation as data, read in the direction of travel when ``travel_from`` is given."""
    g = kg.graph
    rtype = attrs.get("type", key)
    forward = travel_from is None or travel_from == u
    a, b = (u, v) if forward else (v, u)
    text = reading(kg, rtype, forward)
    sentence = f"{g.nodes[a].get('name', a)} {text} {g.nodes[b].get('name', b)}"
    when = dates_text(attrs)
    if when:
        sentence += f" ({when})"
    out: dict[str, Any] = {
        "from": u, "to": v, "relation": rtype, "key": key,
        "reading": reading(kg, rtype, True),
        "travel_reading": text,
        "direction": "forward" if forward else "backward",
        "sentence": sentence,
        "evidence": evidence(kg, attrs.get("evidence", [])),
    }
    for field in ("date", "start", "end", "description"):
        if attrs.get(field):
            out[field] = attrs[field]
    if attrs.get("inferred"):
        out["inferred"] = attrs["inferred"]
    out.update(claims.describe(kg, attrs))
    extra = {k: v2 for k, v2 in attrs.items()
             if k not in {"type", "evidence", "date", "start", "end", "description", "inferred",
                          "notes", "where", "claim", "attributed_to"}}
    if extra:
        out["attributes"] = extra
    return out


def edges_of(kg: KnowledgeGraph, node: str, direction: str = "both",
             relations: Iterable[str] | None = None) -> Iterator[tuple[str, Edge]]:
    """``(neighbour, edge)`` for every relation at ``node`` in the given direction.

    ``relations``: only relations of these types (``None``: every type; an empty
    collection: none)."""
    g = kg.graph
    wanted = None if relations is None else set(relations)
    if direction in ("out", "both"):
        for _, v, key, attrs in g.out_edges(node, keys=True, data=True):
            if wanted is None or attrs.get("type") in wanted:
                yield v, (node, v, key, attrs)
    if direction in ("in", "both"):
        for u, _, key, attrs in g.in_edges(node, keys=True, data=True):
            if wanted is None or attrs.get("type") in wanted:
                yield u, (u, node, key, attrs)


def _check_relations(kg: KnowledgeGraph, relations: Iterable[str] | None) -> list[str] | None:
    if not relations:
        return None
    from kgraph.text import did_you_mean

    out = []
    for r in relations:
        if r not in kg.schema.relation_types:
            raise UsageError(f"unknown relation type '{r}'"
                             + did_you_mean(r, kg.schema.relation_types))
        out.append(r)
    return out


def _check_types(kg: KnowledgeGraph, types: Iterable[str] | None) -> list[str] | None:
    if not types:
        return None
    from kgraph.text import did_you_mean, fold

    out = []
    by_label = {}
    for type_name, et in kg.schema.entity_types.items():
        for label in (type_name, et.label, et.plural):
            by_label[fold(label)] = type_name
    for t in types:
        name = t if t in kg.schema.entity_types else by_label.get(fold(t))
        if name is None:
            raise UsageError(f"unknown entity type '{t}'"
                             + did_you_mean(t, kg.schema.entity_types))
        out.append(name)
    return out


def type_matches(kg: KnowledgeGraph, node: str, types: list[str] | None) -> bool:
    if not types:
        return True
    etype = kg.graph.nodes[node].get("type", "")
    return any(kg.schema.is_a(etype, t) for t in types)


# ---------------------------------------------------------------------------------------
# stats and cards


def stats(kg: KnowledgeGraph, top: int = 10) -> dict[str, Any]:
    from kgraph.graph import census

    counts = census(kg.graph)
    degree = sorted(((d, n) for n, d in counts.degree.items()),
                    key=lambda x: (-x[0], x[1]))[:top]
    return {
        "entities": len(counts.degree),
        "relations": counts.edges,
        "sources": len(kg.sources),
        "evidence": counts.evidence,
        "entity_types": dict(sorted(counts.entity_types.items(), key=lambda x: (-x[1], x[0]))),
        "relation_types": dict(sorted(counts.relation_types.items(),
                                      key=lambda x: (-x[1], x[0]))),
        "most_connected": [{**summary(kg, n), "degree": d} for d, n in degree],
    }


CORE_FIELDS = {"type", "name", "aliases", "description", "evidence", "date", "start", "end",
               "inferred", "notes", "where", "claim", "attributed_to", "figures"}


def entity_card(kg: KnowledgeGraph, node: str) -> dict[str, Any]:
    """Everything about one entity, with its relations grouped by type in both directions."""
    attrs = kg.graph.nodes[node]
    card = summary(kg, node)
    card["aliases"] = list(attrs.get("aliases", []))
    card["description"] = attrs.get("description", "")
    if attrs.get("inferred"):
        card["inferred"] = attrs["inferred"]
    card["attributes"] = {k: v for k, v in attrs.items() if k not in CORE_FIELDS}
    card.update(claims.describe(kg, attrs))
    card["figures"] = figures.for_card(kg, attrs.get("figures") or [], evidence)
    card["evidence"] = evidence(kg, attrs.get("evidence", []))
    groups: dict[str, list[dict[str, Any]]] = {}
    for other, (u, v, key, eattrs) in edges_of(kg, node, "both"):
        rel = relation(kg, u, v, key, eattrs, travel_from=node)
        rel["other"] = summary(kg, other)
        label = reading(kg, eattrs.get("type", key), u == node)
        groups.setdefault(label, []).append(rel)
    card["relations"] = [
        {"reading": label, "relation": rels[0]["relation"], "direction": rels[0]["direction"],
         "items": sorted(rels, key=lambda r: (r["other"]["name"].casefold(), r["other"]["id"]))}
        for label, rels in sorted(groups.items(), key=lambda x: (-len(x[1]), x[0]))
    ]
    card["degree"] = kg.graph.degree(node)
    if attrs.get("where"):
        card["defined_at"] = attrs["where"]
    return card


# ---------------------------------------------------------------------------------------
# neighbourhood


def neighbourhood(kg: KnowledgeGraph, node: str, depth: int = 1, direction: str = "both",
                  relations: Iterable[str] | None = None,
                  types: Iterable[str] | None = None) -> dict[str, int]:
    """Entity ids within ``depth`` hops of ``node`` -> their distance (node itself: 0)."""
    if direction not in DIRECTIONS:
        raise UsageError(f"direction must be one of {', '.join(DIRECTIONS)}")
    rels = _check_relations(kg, relations)
    tys = _check_types(kg, types)
    dist = {node: 0}
    queue = deque([node])
    while queue:
        current = queue.popleft()
        if dist[current] >= depth:
            continue
        for other, _ in edges_of(kg, current, direction, rels):
            if other not in dist and type_matches(kg, other, tys):
                dist[other] = dist[current] + 1
                queue.append(other)
    return dist


def neighbours(kg: KnowledgeGraph, node: str, depth: int = 1, direction: str = "both",
               relations: Iterable[str] | None = None,
               types: Iterable[str] | None = None) -> dict[str, Any]:
    """The neighbourhood of ``node`` as a tree (first route to each entity) plus every
    relation between the entities reached."""
    if depth < 1:
        raise UsageError("--depth must be at least 1")
    rels = _check_relations(kg, relations)
    tys = _check_types(kg, types)
    dist = neighbourhood(kg, node, depth, direction, rels, tys)
    tree: dict[str, Any] = {"entity": summary(kg, node), "children": []}
    placed = {node: tree}
    queue = deque([node])
    while queue:
        current = queue.popleft()
        if dist[current] >= depth:
            continue
        found: list[tuple[str, Edge]] = []
        for other, edge in edges_of(kg, current, direction, rels):
            if other in dist and dist[other] == dist[current] + 1:
                found.append((other, edge))
        for other, (u, v, key, attrs) in sorted(
                found, key=lambda x: (x[1][3].get("type", ""), kg.graph.nodes[x[0]]
                                      .get("name", x[0]).casefold())):
            rel = relation(kg, u, v, key, attrs, travel_from=current)
            if other in placed:
                placed[current]["children"].append({"entity": summary(kg, other), "via": rel,
                                                    "children": [], "seen": True})
                continue
            child = {"entity": summary(kg, other), "via": rel, "children": []}
            placed[current]["children"].append(child)
            placed[other] = child
            queue.append(other)
    edges = []
    for u, v, key, attrs in kg.graph.edges(list(dist), keys=True, data=True):
        if v in dist and (rels is None or attrs.get("type") in rels):
            edges.append(relation(kg, u, v, key, attrs))
    nodes = [{**summary(kg, n), "distance": d}
             for n, d in sorted(dist.items(), key=lambda x: (x[1], x[0]))]
    return {"root": summary(kg, node), "depth": depth, "direction": direction,
            "nodes": nodes, "relations": edges, "tree": tree}


# ---------------------------------------------------------------------------------------
# paths


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
    if rels is None:
        g = kg.graph
        yield from g.successors(node)
        yield from g.predecessors(node)
    else:
        for other, _ in edges_of(kg, node, "both", rels):
            yield other


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
    return sum(math.log1p(kg.graph.degree(n)) for n in nodes[1:-1])


def paths(kg: KnowledgeGraph, a: str, b: str, max_hops: int = 6, all_paths: bool = False,
          via: Iterable[str] | None = None, avoid: Iterable[str] | None = None,
          limit: int = 10) -> dict[str, Any]:
    """How ``a`` is connected to ``b``, ignoring direction but reporting it.

    Default: the shortest connections. ``all_paths``: every simple path up to ``max_hops``.
    Ranked by length, then through less-connected entities first (hubs such as countries
    connect everything, so paths through specific entities say more).
    """
    if a == b:
        raise UsageError("the two entities are the same")
    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    rels = _check_relations(kg, via)
    blocked = _avoid_set(kg, avoid) - {a, b}
    if all_paths:
        from_b = _bfs(kg, b, rels, blocked, max_hops)
    else:  # only the entities on shortest paths matter (same answer, less of the graph)
        from_b = _on_shortest_paths(kg, a, b, rels, blocked, max_hops)
    found: list[list[str]] = []
    cap = 5000
    if a in from_b:
        shortest = from_b[a]
        budget = shortest if not all_paths else max_hops
        stack: list[tuple[str, list[str]]] = [(a, [a])]
        while stack and len(found) < cap:
            current, path = stack.pop()
            if current == b:
                found.append(path)
                continue
            steps_left = budget - (len(path) - 1)
            nexts = set(_neighbour_ids(kg, current, rels))
            for other in sorted(nexts, reverse=True):
                if other in path or other in blocked or other not in from_b:
                    continue
                if from_b[other] > steps_left - 1:
                    continue
                if not all_paths and from_b[other] != from_b[current] - 1:
                    continue
                stack.append((other, [*path, other]))
    ranked = sorted(found, key=lambda p: (len(p), _hub_cost(kg, p), p))[:limit]
    return {
        "from": summary(kg, a), "to": summary(kg, b),
        "max_hops": max_hops, "all": all_paths, "total_found": len(found),
        "paths": [_describe_path(kg, p, rels) for p in ranked],
    }


def _describe_path(kg: KnowledgeGraph, nodes: list[str], rels: list[str] | None
                   ) -> dict[str, Any]:
    hops = []
    for x, y in itertools.pairwise(nodes):
        relations = [relation(kg, u, v, key, attrs, travel_from=x)
                     for other, (u, v, key, attrs) in edges_of(kg, x, "both", rels)
                     if other == y]
        hops.append({"from": summary(kg, x), "to": summary(kg, y), "relations": relations})
    return {"nodes": nodes, "length": len(nodes) - 1, "hops": hops,
            "hub_cost": round(_hub_cost(kg, nodes), 3)}


# ---------------------------------------------------------------------------------------
# lineage


def _lineage_steps(kg: KnowledgeGraph, node: str, backward: bool, arrived: str
                   ) -> Iterator[tuple[str, Edge, str]]:
    """``(next entity, edge, kind)`` one lineage step from ``node``.

    kind is "lineage", or "part" for a composition relation (part_of): going forward, the
    parts of what lineage reached; going backward, the wholes the start belongs to.
    ``arrived`` says how ``node`` was reached: "root", "lineage" or "part".
    """
    for rt in kg.schema.relation_types.values():
        if rt.lineage:
            # the origin end grew into the other end
            walk_out = (rt.origin == "source") != backward
            for other, edge in edges_of(kg, node, "out" if walk_out else "in", [rt.name]):
                yield other, edge, "lineage"
        elif rt.composition:
            if backward and arrived not in ("root", "part"):
                continue  # the containers of an origin did not give rise to anything
            if not backward and arrived == "root":
                continue  # the parts of the start are not what grew out of it
            for other, edge in edges_of(kg, node, "out" if backward else "in", [rt.name]):
                yield other, edge, "part"


def lineage(kg: KnowledgeGraph, node: str, backward: bool = False, depth: int = 10
            ) -> dict[str, Any]:
    """What grew out of ``node`` (or, ``backward``, what it grew out of), transitively."""
    if depth < 1:
        raise UsageError("--depth must be at least 1")
    root: dict[str, Any] = {"entity": summary(kg, node), "children": []}
    seen = {node}
    queue = deque([(node, root, 0, "root")])
    flat: list[dict[str, Any]] = []
    while queue:
        current, tree, level, arrived = queue.popleft()
        if level >= depth:
            continue
        steps = sorted(_lineage_steps(kg, current, backward, arrived),
                       key=lambda s: (_date_sort_key(kg.graph.nodes[s[0]]),
                                      kg.graph.nodes[s[0]].get("name", s[0]).casefold()))
        for other, (u, v, key, attrs), kind in steps:
            if other in seen:
                continue
            seen.add(other)
            rel = relation(kg, u, v, key, attrs, travel_from=current)
            child = {"entity": summary(kg, other), "via": rel, "kind": kind, "children": []}
            tree["children"].append(child)
            flat.append({**summary(kg, other), "level": level + 1, "kind": kind, "via": rel})
            queue.append((other, child, level + 1, kind))
    families = [rt.name for rt in kg.schema.relation_types.values() if rt.lineage]
    return {"root": summary(kg, node), "direction": "backward" if backward else "forward",
            "relations": families, "tree": root, "entities": flat}


# ---------------------------------------------------------------------------------------
# time


def _date_parts(value: str | None) -> tuple[int, int, int] | None:
    if not value:
        return None
    parts = [int(p) for p in str(value).split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 0, parts[2] if len(parts) > 2 else 0)


def _date_sort_key(attrs: dict[str, Any]) -> tuple[int, int, int, int]:
    """Partial dates sort at the start of their period, less precise first: 2017 <
    2017-03 < 2017-03-02. Undated things sort last."""
    first = attrs.get("date") or attrs.get("start") or attrs.get("end")
    parts = _date_parts(first)
    if parts is None:
        return (9999, 99, 99, 9)
    return (*parts, 0)


def _bounds(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The first and last day a (partial) ISO date covers, as (y, m, d)."""
    parts = [int(p) for p in value.split("-")]
    lo = (parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    hi = (parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 31)
    return lo, hi


def parse_date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    iso = check_date(value.strip())
    if iso is None:
        raise UsageError(f"{name}: '{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return iso


def _span(attrs: dict[str, Any]) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    first = attrs.get("date") or attrs.get("start")
    last = attrs.get("date") or attrs.get("end") or attrs.get("start")
    if not first and attrs.get("end"):
        first = attrs["end"]
    if not first or not last:
        return None
    return _bounds(first)[0], _bounds(last)[1]


def timeline(kg: KnowledgeGraph, start: str | None = None, end: str | None = None,
             types: Iterable[str] | None = None, relations: bool = True,
             relation_types: Iterable[str] | None = None, overlap: bool = False
             ) -> dict[str, Any]:
    """Dated entities and relations in date order, within ``start``..``end`` (each bound is
    a whole period: ``--to 2017-12`` runs to 31 December). By default an item is listed when
    its whole period lies in the range (an item dated only "2017" is not "in December
    2017"); ``overlap=True`` lists every item whose period overlaps the range.
    ``relation_types``: only relations of these types (and no entities)."""
    tys = _check_types(kg, types)
    rels = _check_relations(kg, relation_types)
    lo = _bounds(start)[0] if start else None
    hi = _bounds(end)[1] if end else None
    if lo is not None and hi is not None and lo > hi:
        raise UsageError(f"--from {start} is after --to {end}")
    items: list[dict[str, Any]] = []

    def overlaps(span: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bool:
        if overlap:
            return (hi is None or span[0] <= hi) and (lo is None or span[1] >= lo)
        return (hi is None or span[1] <= hi) and (lo is None or span[0] >= lo)

    g = kg.graph
    for node, attrs in ([] if rels else g.nodes(data=True)):
        span = _span(attrs)
        if span is None or not overlaps(span) or not type_matches(kg, node, tys):
            continue
        item = {"kind": "entity", **summary(kg, node), "when": dates_text(attrs),
                "text": attrs.get("name", node),
                "evidence": evidence(kg, attrs.get("evidence", []))}
        if attrs.get("inferred"):
            item["inferred"] = attrs["inferred"]
        items.append(item)
    if relations:
        for u, v, key, attrs in g.edges(keys=True, data=True):
            if rels and key not in rels:
                continue
            span = _span(attrs)
            if span is None or not overlaps(span):
                continue
            if tys and not (type_matches(kg, u, tys) or type_matches(kg, v, tys)):
                continue
            rel = relation(kg, u, v, key, attrs)
            items.append({"kind": "relation", **{k: rel[k] for k in rel
                                                 if k not in ("sentence",)},
                          "when": dates_text(attrs), "text": rel["sentence"],
                          "entities": [summary(kg, u), summary(kg, v)]})
    items.sort(key=lambda it: (_date_sort_key(it), it["kind"], it["text"].casefold()))
    return {"from": start, "to": end, "match": "overlap" if overlap else "within",
            "items": items}


def first_known(kg: KnowledgeGraph, node: str) -> str | None:
    """The earliest date at which ``node`` is in the graph's ``as_of`` view: when it began
    or its first source was published, whichever is later; ``None`` if undated."""
    attrs = kg.graph.nodes[node]
    begun = attrs.get("date") or attrs.get("start")
    published = [str(kg.sources.get(ev["source"], {}).get("date") or "")
                 for ev in attrs.get("evidence") or []]
    published = [d for d in published if d]
    firsts = [d for d in (begun, min(published) if published else None) if d]
    return max(firsts, key=lambda d: _bounds(d)[0]) if firsts else None


def as_of(kg: KnowledgeGraph, date: str) -> KnowledgeGraph:
    """The graph as known at ``date``: entities and relations that had begun by then and
    are supported by at least one source published by then (undated ones are kept)."""
    import networkx as nx

    cutoff = _bounds(date)[1]
    sources = kg.sources

    def known(attrs: dict[str, Any]) -> bool:
        first = attrs.get("date") or attrs.get("start")
        if first and _bounds(first)[0] > cutoff:
            return False
        evs = attrs.get("evidence") or []
        if not evs:
            return True
        for ev in evs:
            sdate = sources.get(ev["source"], {}).get("date")
            if not sdate or _bounds(str(sdate))[0] <= cutoff:
                return True
        return False

    g = kg.graph
    keep_nodes = {n for n, attrs in g.nodes(data=True) if known(attrs)}
    view = nx.subgraph_view(
        g, filter_node=lambda n: n in keep_nodes,
        filter_edge=lambda u, v, k: known(g.edges[u, v, k]))
    return replace(kg, graph=view)


def require(result: dict[str, Any], key: str, what: str) -> dict[str, Any]:
    """Raise :class:`NotFound` when the list at ``key`` is empty."""
    if not result.get(key):
        raise NotFound(what)
    return result
