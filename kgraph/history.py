"""Queries over time and descent: lineage (what grew out of what), the timeline, and the
graph as known at a date.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kgraph.dates import check_date
from kgraph.described import (
    Edge,
    check_relations,
    check_types,
    dates_text,
    evidence,
    relation,
    summary,
    type_matches,
)
from kgraph.errors import NotFound, UsageError
from kgraph.graph import all_edges, degrees, edges_at
from kgraph.listing import left_out, page_info, window

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


def _lineage_types(kg: KnowledgeGraph, backward: bool
                   ) -> dict[str, tuple[int, str, str]]:
    """relation type -> (its place in the schema, the side to walk: "succ" or "pred",
    the kind of step: "lineage" or "part"), for the lineage relations and the
    composition ones (part_of)."""
    out = {}
    for i, rt in enumerate(kg.schema.relation_types.values()):
        if rt.lineage:
            # the origin end grew into the other end
            walk_out = (rt.origin == "source") != backward
            out[rt.name] = (i, "succ" if walk_out else "pred", "lineage")
        elif rt.composition:
            out[rt.name] = (i, "succ" if backward else "pred", "part")
    return out


def _lineage_steps(kg: KnowledgeGraph, node: str, arrived: str, backward: bool,
                   families: dict[str, tuple[int, str, str]],
                   wanted: dict[tuple[str, bool], set[str]]
                   ) -> Iterator[tuple[int, str, Edge, str]]:
    """``(place of its type, next entity, edge, kind)`` one lineage step from ``node``, in
    one pass over each side of it (only the edges of lineage and composition types are
    decoded). ``wanted[side, parts]``: the types to walk on that side.

    kind is "lineage", or "part" for a composition relation (part_of): going forward, the
    parts of what lineage reached; going backward, the wholes the start belongs to.
    ``arrived`` says how ``node`` was reached: "root", "lineage" or "part".
    """
    parts = not ((backward and arrived not in ("root", "part"))  # the containers of an
                 or (not backward and arrived == "root"))  # origin, the parts of the start
    g = kg.graph
    for side in ("succ", "pred"):
        types = wanted[side, parts]
        if not types:
            continue
        for other, key, attrs in edges_at(g, node, side, types):
            place, _, kind = families[attrs.get("type", key)]
            edge = (node, other, key, attrs) if side == "succ" else (other, node, key, attrs)
            yield place, other, edge, kind


def _walked(kg: KnowledgeGraph, backward: bool
            ) -> tuple[dict[str, tuple[int, str, str]], dict[tuple[str, bool], set[str]]]:
    """The lineage families and, per side and whether parts are walked, their types."""
    families = _lineage_types(kg, backward)
    wanted = {(side, parts): {t for t, (_, s, kind) in families.items()
                              if s == side and (kind == "lineage" or parts)}
              for side in ("succ", "pred") for parts in (True, False)}
    return families, wanted


def lineage_edges(kg: KnowledgeGraph, node: str, backward: bool = False, depth: int = 10
                  ) -> dict[str, Edge]:
    """What :func:`lineage` reaches from ``node``, each with the edge it was reached by,
    and nothing more: no order, no summaries, no tree (for queries that only walk it)."""
    families, wanted = _walked(kg, backward)
    seen = {node}
    reached: dict[str, Edge] = {}
    queue = deque([(node, 0, "root")])
    while queue:
        current, level, arrived = queue.popleft()
        if level >= depth:
            continue
        for _, other, edge, kind in _lineage_steps(kg, current, arrived, backward, families,
                                                   wanted):
            if other not in seen:
                seen.add(other)
                reached[other] = edge
                queue.append((other, level + 1, kind))
    return reached


def lineage(kg: KnowledgeGraph, node: str, backward: bool = False, depth: int = 10,
            limit: int | None = None, offset: int = 0, detail: bool = True) -> dict[str, Any]:
    """What grew out of ``node`` (or, ``backward``, what it grew out of), transitively.

    ``limit``/``offset``: only that many entities, the nearest and most specific first
    (the entities on the way to them are in the tree too, as ``context``); ``total``,
    ``truncated`` and ``left_out`` say what was not kept. ``detail=False``: the entities
    are only ids, levels and kinds, and the tree is only the root."""
    if depth < 1:
        raise UsageError("--depth must be at least 1")
    families, wanted = _walked(kg, backward)
    g = kg.graph
    seen = {node}
    reached: dict[str, tuple[int, str, str, Edge]] = {}  # -> (level, kind, from, edge)
    order: dict[str, list[str]] = {}  # entity -> the entities reached from it, in order
    queue = deque([(node, 0, "root")])
    while queue:
        current, level, arrived = queue.popleft()
        if level >= depth:
            continue
        steps = sorted(_lineage_steps(kg, current, arrived, backward, families, wanted),
                       key=lambda s: (_date_sort_key(g._node[s[1]]),
                                      g._node[s[1]].get("name", s[1]).casefold(), s[0]))
        for _, other, edge, kind in steps:
            if other in seen:
                continue
            seen.add(other)
            reached[other] = (level + 1, kind, current, edge)
            order.setdefault(current, []).append(other)
            queue.append((other, level + 1, kind))
    found = list(reached)
    keys = list(zip((reached[n][0] for n in found), degrees(g, found), found))
    ranked = [found[i] for i in sorted(range(len(found)), key=keys.__getitem__)]
    del found, keys
    shown = window(ranked, limit, offset)
    kept = set(shown)
    on_tree = set(kept)
    for n in shown:
        while reached[n][2] in reached and reached[n][2] not in on_tree:
            n = reached[n][2]
            on_tree.add(n)
    rest = [n for n in ranked if n not in kept] if len(shown) < len(ranked) else []
    vias: dict[str, dict[str, Any]] = {}

    def via(other: str) -> dict[str, Any]:
        found = vias.get(other)
        if found is None:
            _, _, came_from, edge = reached[other]
            found = vias[other] = relation(kg, *edge, travel_from=came_from)
        return found

    def tree(current: str) -> dict[str, Any]:
        out: dict[str, Any] = {"entity": summary(kg, current)}
        if current in reached:
            out["via"] = via(current)
            out["kind"] = reached[current][1]
        out["children"] = [tree(n) for n in order.get(current, ()) if n in on_tree]
        if current in reached and current not in kept:
            out["context"] = True
        return out

    names = [rt.name for rt in kg.schema.relation_types.values() if rt.lineage]
    result = {"root": summary(kg, node), "direction": "backward" if backward else "forward",
              "relations": names, **page_info(len(ranked), len(shown), limit, offset),
              "left_out": left_out(kg, rest, (reached[n][3][3].get("type", reached[n][3][2])
                                              for n in rest))}
    if not detail:
        return {**result, "tree": {"entity": result["root"], "children": []},
                "entities": [{"id": n, "level": reached[n][0], "kind": reached[n][1]}
                             for n in reached if n in kept]}
    flat = [{**summary(kg, n), "level": reached[n][0], "kind": reached[n][1], "via": via(n)}
            for n in reached if n in kept]
    return {**result, "tree": tree(node), "entities": flat}


# ---------------------------------------------------------------------------------------
# time


def _date_parts(value: str | None) -> tuple[int, int, int] | None:
    if not value:
        return None
    return _parts_of(str(value))


@functools.lru_cache(maxsize=65536)
def _parts_of(value: str) -> tuple[int, int, int]:
    parts = [int(p) for p in value.split("-")]
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
             relation_types: Iterable[str] | None = None, overlap: bool = False,
             limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """Dated entities and relations in date order, within ``start``..``end`` (each bound is
    a whole period: ``--to 2017-12`` runs to 31 December). By default an item is listed when
    its whole period lies in the range (an item dated only "2017" is not "in December
    2017"); ``overlap=True`` lists every item whose period overlaps the range.
    ``relation_types``: only relations of these types (and no entities). ``limit`` items
    (None: all) from ``offset``, in date order; ``total``, ``truncated`` and ``left_out``
    say what was not kept. Only the kept items' evidence is read out."""
    tys = check_types(kg, types)
    rels = check_relations(kg, relation_types)
    lo = _bounds(start)[0] if start else None
    hi = _bounds(end)[1] if end else None
    if lo is not None and hi is not None and lo > hi:
        raise UsageError(f"--from {start} is after --to {end}")

    def overlaps(span: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bool:
        if overlap:
            return (hi is None or span[0] <= hi) and (lo is None or span[1] >= lo)
        return (hi is None or span[1] <= hi) and (lo is None or span[0] >= lo)

    g = kg.graph
    found: list[tuple[Any, ...]] = []  # (sort key, entity id or edge, relation type)
    for node, attrs in ([] if rels else g.nodes(data=True)):
        span = _span(attrs)
        if span is None or not overlaps(span) or not type_matches(kg, node, tys):
            continue
        text = attrs.get("name", node)
        found.append(((_date_sort_key(attrs), "entity", text.casefold()), node, None))
    if relations:
        for u, v, key, attrs in all_edges(g, set(rels) if rels else None):
            span = _span(attrs)
            if span is None or not overlaps(span):
                continue
            if tys and not (type_matches(kg, u, tys) or type_matches(kg, v, tys)):
                continue
            rtype = attrs.get("type", key)
            text = _sentence(kg, u, v, rtype, attrs)
            found.append(((_date_sort_key(attrs), "relation", text.casefold()), (u, v, key),
                          rtype))
    found.sort(key=lambda item: item[0])
    kept = window(found, limit, offset)
    rest = found[:offset] + found[offset + len(kept):]
    items = [_entity_item(kg, what) if rtype is None else _relation_item(kg, *what)
             for _, what, rtype in kept]
    left = left_out(kg, (what for _, what, rtype in rest if rtype is None),
                    (rtype for _, _, rtype in rest if rtype is not None))
    return {"from": start, "to": end, "match": "overlap" if overlap else "within",
            **page_info(len(found), len(items), limit, offset), "left_out": left,
            "items": items}


def _sentence(kg: KnowledgeGraph, u: str, v: str, rtype: str, attrs: dict[str, Any]) -> str:
    """What :func:`kgraph.described.relation` says as its ``sentence`` (for sorting)."""
    from kgraph.described import reading

    g = kg.graph
    nodes = g._node
    sentence = f"{nodes[u].get('name', u)} {reading(kg, rtype)} {nodes[v].get('name', v)}"
    when = dates_text(attrs)
    return f"{sentence} ({when})" if when else sentence


def _entity_item(kg: KnowledgeGraph, node: str) -> dict[str, Any]:
    attrs = kg.graph.nodes[node]
    item = {"kind": "entity", **summary(kg, node), "when": dates_text(attrs),
            "text": attrs.get("name", node), "evidence": evidence(kg, attrs.get("evidence", []))}
    if attrs.get("inferred"):
        item["inferred"] = attrs["inferred"]
    return item


def _relation_item(kg: KnowledgeGraph, u: str, v: str, key: str) -> dict[str, Any]:
    attrs = kg.graph.succ[u][v][key]
    rel = relation(kg, u, v, key, attrs)
    return {"kind": "relation", **{k: rel[k] for k in rel if k != "sentence"},
            "when": dates_text(attrs), "text": rel["sentence"],
            "entities": [summary(kg, u), summary(kg, v)]}


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
