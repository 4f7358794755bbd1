"""Queries: pure functions from a :class:`KnowledgeGraph` to plain, JSON-ready data.

Nothing here prints. Every relation in a result carries its evidence (source id, source
title and verbatim quote) and its dates, so a renderer can show why it is there.
Traversals walk the adjacency directly (no copies of the graph) and read only what they
need: which entities are related (and by which relation types) comes from the compiled
graph's arrays, and a relation's evidence is decoded only for what is shown. Listings
are ranked and paged (:mod:`kgraph.listing`): ``limit`` results from ``offset``, most
specific first, with a summary of what was left out.

This module also gathers the other queries (:mod:`kgraph.paths`, :mod:`kgraph.history`)
and the building blocks (:mod:`kgraph.described`) under one name.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kgraph import claims, figures
from kgraph.described import (
    DIRECTIONS,
    Edge,
    check_relations,
    check_types,
    dates_text,
    edges_of,
    evidence,
    reading,
    relation,
    summary,
    type_matches,
)
from kgraph.errors import NotFound, UsageError
from kgraph.graph import degrees, neighbour_ids, reach
from kgraph.history import (
    _bounds,
    _date_sort_key,
    _span,
    as_of,
    first_known,
    lineage,
    parse_date_option,
    require,
    timeline,
)
from kgraph.listing import left_out, page_info, specificity, window
from kgraph.paths import paths

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph

__all__ = ["CORE_FIELDS", "DIRECTIONS", "Edge", "NotFound", "as_of", "dates_text", "edges_of",
           "entity_card", "evidence", "first_known", "lineage", "neighbourhood", "neighbours",
           "parse_date_option", "paths", "reading", "relation", "require", "stats", "summary",
           "timeline", "type_matches"]

# (the names other modules know them by)
_check_relations, _check_types = check_relations, check_types
_private = (_bounds, _date_sort_key, _span)


# ---------------------------------------------------------------------------------------
# stats and cards


def stats(kg: KnowledgeGraph, top: int = 10) -> dict[str, Any]:
    from kgraph.graph import census

    counts = census(kg.graph)
    most = sorted(((d, n) for n, d in counts.degree.items()), key=lambda x: (-x[0], x[1]))[:top]
    return {
        "entities": len(counts.degree),
        "relations": counts.edges,
        "sources": len(kg.sources),
        "evidence": counts.evidence,
        "entity_types": dict(sorted(counts.entity_types.items(), key=lambda x: (-x[1], x[0]))),
        "relation_types": dict(sorted(counts.relation_types.items(),
                                      key=lambda x: (-x[1], x[0]))),
        "most_connected": [{**summary(kg, n), "degree": d} for d, n in most],
    }


CORE_FIELDS = {"type", "name", "aliases", "description", "evidence", "date", "start", "end",
               "inferred", "notes", "where", "claim", "attributed_to", "figures"}


def entity_card(kg: KnowledgeGraph, node: str, limit: int | None = None,
                offset: int = 0) -> dict[str, Any]:
    """Everything about one entity, with its relations grouped by type in both
    directions. ``limit``/``offset``: at most that many relations of each group (the
    most specific entities first), each group saying its ``total`` and what it left out."""
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
    groups: dict[str, list[tuple[str, Edge]]] = {}
    count = 0
    for other, edge in edges_of(kg, node, "both"):
        u, _, key, eattrs = edge
        groups.setdefault(reading(kg, eattrs.get("type", key), u == node), []).append(
            (other, edge))
        count += 1 + (edge[0] == edge[1])  # (a loop counts twice, as networkx's degree)
    card["relations"] = []
    for label, found in sorted(groups.items(), key=lambda x: (-len(x[1]), x[0])):
        order = sorted(range(len(found)), key=lambda i: (*specificity(kg, found[i][0]), i))
        kept = window(order, limit, offset)
        items = []
        for i in kept:
            other, (u, v, key, eattrs) = found[i]
            rel = relation(kg, u, v, key, eattrs, travel_from=node)
            rel["other"] = summary(kg, other)
            items.append(rel)
        items.sort(key=lambda r: (r["other"]["name"].casefold(), r["other"]["id"]))
        first = relation(kg, *found[0][1], travel_from=node)
        group = {"reading": label, "relation": first["relation"],
                 "direction": first["direction"], "items": items,
                 **page_info(len(found), len(items), limit, offset)}
        if len(items) < len(found):
            chosen = set(kept)
            group["left_out"] = left_out(kg, (found[i][0] for i in range(len(found))
                                              if i not in chosen))
        card["relations"].append(group)
    card["degree"] = count
    card["total"] = sum(group["total"] for group in card["relations"])  # relations
    if attrs.get("where"):
        card["defined_at"] = attrs["where"]
    return card


# ---------------------------------------------------------------------------------------
# neighbourhood


def _sides(direction: str) -> tuple[str, ...]:
    if direction not in DIRECTIONS:
        raise UsageError(f"direction must be one of {', '.join(DIRECTIONS)}")
    return {"out": ("succ",), "in": ("pred",), "both": ("succ", "pred")}[direction]


def neighbourhood(kg: KnowledgeGraph, node: str, depth: int = 1, direction: str = "both",
                  relations: Iterable[str] | None = None,
                  types: Iterable[str] | None = None) -> dict[str, int]:
    """Entity ids within ``depth`` hops of ``node`` -> their distance (node itself: 0).
    No relation is decoded: the ids come from the adjacency."""
    return _reach(kg, node, depth, _sides(direction), check_relations(kg, relations),
                  check_types(kg, types))[0]


def _reach(kg: KnowledgeGraph, node: str, depth: int, sides: tuple[str, ...],
           rels: list[str] | None, tys: list[str] | None
           ) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    """The neighbourhood with each entity's distance, the entity it was first reached
    from and the relation type that reached it (see :func:`kgraph.graph.reach`)."""
    accept = None if tys is None else (lambda n: type_matches(kg, n, tys))
    return reach(kg.graph, node, depth, sides, set(rels) if rels is not None else None,
                 accept)


def neighbours(kg: KnowledgeGraph, node: str, depth: int = 1, direction: str = "both",
               relations: Iterable[str] | None = None, types: Iterable[str] | None = None,
               limit: int | None = None, offset: int = 0, stream: bool = False,
               detail: bool = True, encoded: bool = False) -> dict[str, Any]:
    """The neighbourhood of ``node``: its entities (``nodes``), the relations between
    them, and a tree of how each was reached (first route first; another relation to the
    same entity from the level above is listed again, ``seen``).

    ``limit``/``offset``: only that many entities (with the relations between them), the
    nearest and most specific first; the entities on the way to them are in the tree
    too (``context``); ``total``, ``truncated`` and ``left_out`` say what was not kept.
    ``stream``: ``nodes``, ``relations`` and the tree's children are iterators, made as
    they are read (for writing a large result out without holding it). ``encoded``
    (with ``stream``): the nodes, the relations and the tree's entities and relations
    are JSON text (:class:`kgraph.jsontext.Text`), the text of the dicts they stand for,
    made from pieces kept per entity, relation type and source (writing a hub's
    neighbourhood out takes a fraction of the time). ``detail=False``: the nodes are only
    ids and distances, and there are no relations and no tree."""
    if depth < 1:
        raise UsageError("--depth must be at least 1")
    sides = _sides(direction)
    rels = check_relations(kg, relations)
    tys = check_types(kg, types)
    dist, parent, via = _reach(kg, node, depth, sides, rels, tys)
    g = kg.graph
    others = [n for n in dist if n != node]
    order = sorted(range(len(others)), key=list(zip((dist[n] for n in others),
                                                    degrees(g, others), others)).__getitem__)
    shown = [others[i] for i in window(order, limit, offset)]
    kept = {node, *shown}
    if len(shown) < len(others):
        rest = [n for n in others if n not in kept]
        summary_rest = left_out(kg, rest, (via[n] for n in rest))
        del rest
    else:
        summary_rest = left_out(kg, ())
    result = {"root": summary(kg, node), "depth": depth, "direction": direction,
              **page_info(len(others), len(shown), limit, offset), "left_out": summary_rest}
    if not detail:
        return {**result, "nodes": [{"id": n, "distance": dist[n]} for n in (node, *shown)],
                "relations": [], "tree": {"entity": result["root"], "children": []}}
    on_tree = set(kept)
    for n in shown:  # the way to each kept entity, for a page that starts further out
        while n in parent and parent[n] not in on_tree:
            n = parent[n]
            on_tree.add(n)
    del parent
    made = _Made(kg, stream and encoded)
    at = sorted(((n, dist[n]) for n in kept), key=lambda x: (x[1], x[0]))
    nodes = (made.entity_at(n, d) for n, d in at)
    return {**result, "nodes": nodes if stream else list(nodes),
            "relations": _between(kg, [n for n in dist if n in kept], kept, rels, stream,
                                  made, dist),
            "tree": _tree(kg, node, dist, on_tree, kept, sides, rels, depth, stream, made)}


class _Made:
    """How a result's entities and relations are made: as dicts, or as their JSON text
    (``encoded``, see :mod:`kgraph.jsontext`). Encoded, the relations between entities
    one step apart are made for the tree too while they are made for the list (each is
    in the tree once, read from its end nearer the root), and the tree takes them, and
    which they are, from there (:meth:`steps`) instead of reading them again."""

    def __init__(self, kg: KnowledgeGraph, encoded: bool) -> None:
        self.kg = kg
        self.ahead: Callable[[Edge, int, int], Any] | None = None
        if encoded:
            from kgraph.jsontext import Encoder

            text = Encoder(kg)
            self.entity: Callable[[str], Any] = text.entity
            self.entity_at: Callable[[str, int], Any] = text.entity_at
            self.relation: Callable[..., Any] = text.relation
            self.name: Callable[[str], Any] = text.name
            self.ahead = self._ahead
            self._both = text.relation_both_ways
        else:
            self.entity = lambda n: summary(kg, n)
            self.entity_at = lambda n, d: dict(summary(kg, n), distance=d)
            self.relation = lambda u, v, key, attrs, travel_from=None: relation(
                kg, u, v, key, attrs, travel_from)
            self.name = lambda n: kg.graph._node[n].get("name", n)
        # (from, to) of two entities one step apart -> their relations: (key, type, the
        # relation as the tree reads it)
        self._steps: dict[tuple[str, str], list[tuple[str, str, Any]]] = {}

    def _ahead(self, edge: Edge, near: int, far: int) -> Any:
        """The relation ``edge`` for the list, from an entity at distance ``near`` to
        one at ``far`` from the root; one step apart, also as the tree will read it."""
        u, v, key, attrs = edge
        if far == near + 1:
            made = tree = self.relation(*edge)
        elif far == near - 1:
            made, tree = self._both(*edge)
        else:
            return self.relation(*edge)
        found = self._steps.get((u, v))
        if found is None:
            found = self._steps[(u, v)] = []
        found.append((key, attrs.get("type", ""), tree))
        return made

    def steps(self, node: str, sides: tuple[str, ...], rels: list[str] | None,
              only: Collection[str]) -> list[tuple[str, str, Edge | None, Any]] | None:
        """``(neighbour, relation type, edge, relation)`` for each relation between
        ``node`` and ``only`` (one step further from the root), in the order
        :func:`edges_of` gives them, from what was made ahead; None when something was
        not (the edges are then read)."""
        if not self._steps:
            return None
        g, steps = self.kg.graph, self._steps
        found: list[tuple[str, str, Edge | None, Any]] = []
        taken = []
        for side in sides:
            for other in neighbour_ids(g, node, side, rels):
                if other not in only:
                    continue
                pair = (node, other) if side == "succ" else (other, node)
                made = steps.get(pair)
                if made is None:
                    return None
                taken.append(pair)
                found.extend((other, rtype, None, tree) for _, rtype, tree in made)
        for pair in taken:  # (each is in the tree once: let go)
            del steps[pair]
        return found


def _between(kg: KnowledgeGraph, order: list[str], kept: set[str], rels: list[str] | None,
             stream: bool, made: _Made, dist: dict[str, int]) -> Any:
    """Every relation between two of the ``kept`` entities (``order``: them, in order)."""
    def each() -> Iterator[Any]:
        made_relation, ahead = made.relation, made.ahead
        for u in order:
            if ahead is None:
                for _, edge in edges_of(kg, u, "out", rels, only=kept):
                    yield made_relation(*edge)
                continue
            near = dist[u]
            for v, edge in edges_of(kg, u, "out", rels, only=kept):
                yield ahead(edge, near, dist[v])

    return each() if stream else list(each())


def _tree(kg: KnowledgeGraph, root: str, dist: dict[str, int], on_tree: set[str],
          kept: set[str], sides: tuple[str, ...], rels: list[str] | None, depth: int,
          stream: bool, made: _Made) -> dict[str, Any]:
    """The tree of how each entity of ``on_tree`` was reached, in the order of a search
    from ``root``: each entity under the first entity of the level above it that reaches
    it, later ones (and more relations) marked ``seen``."""
    direction = "both" if len(sides) == 2 else ("out" if sides[0] == "succ" else "in")
    name = made.name
    placed_order: dict[str, list[tuple[str, Edge | None, Any, bool]]] = {}

    def place() -> None:  # where each entity goes, with ids only (once, when first read)
        if placed_order:
            return
        placed = {root}
        levels: dict[int, set[str]] = {}
        for n in on_tree:
            levels.setdefault(dist[n], set()).add(n)
        queue = deque([root])
        while queue:
            current = queue.popleft()
            if dist[current] >= depth:
                continue
            level = dist[current] + 1
            only = levels.get(level, ())
            found = made.steps(current, sides, rels, only)
            if found is None:
                found = [(other, edge[3].get("type", ""), edge, None)
                         for other, edge in edges_of(kg, current, direction, rels, only)]
            found.sort(key=lambda x: (x[1], name(x[0]).casefold()))
            children = placed_order[current] = []
            for other, _, edge, via in found:
                children.append((other, edge, via, other in placed))
                if other not in placed:
                    placed.add(other)
                    queue.append(other)
        placed_order.setdefault(root, [])

    def node(current: str, edge: Edge | None, via: Any, seen: bool, came_from: str
             ) -> dict[str, Any]:
        out: dict[str, Any] = {"entity": made.entity(current)}
        if via is not None:
            out["via"] = via
        elif edge is not None:
            out["via"] = made.relation(*edge, travel_from=came_from)
        out["children"] = [] if seen else kids(current)
        if seen:
            out["seen"] = True
        if current not in kept:
            out["context"] = True
        return out

    def below(current: str) -> Iterator[dict[str, Any]]:
        place()
        for other, edge, via, seen in placed_order.get(current, ()):
            yield node(other, edge, via, seen, current)

    def kids(current: str) -> Any:
        return below(current) if stream else list(below(current))

    return node(root, None, None, False, root)
