"""Checked records -> ``networkx.MultiDiGraph``.

Nodes are entity ids with the entity's fields as attributes. Edges go from the relation's
``from`` to its ``to``; the edge key is the relation type, and the edge attributes hold its
evidence, dates and any extra fields. The same relation stated twice (same ends, type and
dates) becomes one edge with several pieces of evidence; the same ends and type with
different dates become parallel edges keyed ``type``, ``type~2``, ...
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kgraph import claims
from kgraph.model import Dataset, Entity, Relation
from kgraph.schema import Schema


def build_graph(ds: Dataset) -> nx.MultiDiGraph:
    sources, nodes, pairs = records(ds)
    return assemble(sources, ds.schema, nodes, pairs.items())


def records(ds: Dataset) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]],
                                  dict[Pair, KeyDict]]:
    """What a graph of ``ds`` is made of: its sources (id -> description), its nodes
    (id -> attributes) and its edges grouped by pair (see :func:`group_relations`)."""
    nodes = {e.id: entity_attrs(e) for e in ds.entities.values()}
    ids = {n: n for n in nodes}  # one string object per id, shared by every edge
    return ({sid: s.as_dict() for sid, s in ds.sources.items()}, nodes,
            group_relations(ds.relations, ids))


def assemble(sources: dict[str, dict[str, Any]], schema: Schema,
             nodes: dict[str, dict[str, Any]], pairs: Iterable[tuple[Pair, KeyDict]]
             ) -> nx.MultiDiGraph:
    """The graph of ``nodes`` (id -> attributes) and grouped edges (see
    :func:`group_relations`)."""
    # Fills networkx's own dictionaries (_node, _succ, _pred) the way add_node/add_edge
    # would, without their per-call overhead (500k relations: 1 s instead of 5 s).
    g = nx.MultiDiGraph()
    g.graph["sources"] = sources
    g.graph["schema"] = schema
    g._node.update(nodes)
    g._succ.update((n, {}) for n in nodes)
    g._pred.update((n, {}) for n in nodes)
    add_pairs(g, pairs)
    return g


def entity_attrs(e: Entity) -> dict[str, Any]:
    """The node attributes of an entity."""
    attrs: dict[str, Any] = {
        "type": e.type,
        "name": e.name,
        "aliases": list(e.aliases),
        "description": e.description,
        "evidence": [ev.as_dict() for ev in e.evidence],
    }
    if e.date is not None:
        attrs["date"] = e.date
    if e.start is not None:
        attrs["start"] = e.start
    if e.end is not None:
        attrs["end"] = e.end
    if e.notes is not None:
        attrs["notes"] = e.notes
    if e.inferred:
        attrs["inferred"] = dict(e.inferred)
    attrs["claim"] = e.claim
    if e.attributed_to:
        attrs["attributed_to"] = list(e.attributed_to)
    if e.figures:
        attrs["figures"] = [dict(f) for f in e.figures]
    attrs.update(e.attributes)
    attrs["where"] = f"{e.where[0]}:{e.where[1]}"
    return attrs


Pair = tuple[str, str]  # (from, to)
KeyDict = dict[str, dict[str, Any]]  # edge key -> attributes, for one pair


def group_relations(relations: Iterable[Relation], ids: dict[str, str] | None = None
                    ) -> dict[Pair, KeyDict]:
    """The relations' edges, grouped by the pair of entities they connect, in the order
    each pair first appears (the order networkx's adjacency keeps): the same facts stated
    again add their evidence to one edge, other relations between the pair become
    parallel edges ``type~n``. ``ids``: id -> the string object to use for it."""
    ids = ids or {}
    out: dict[Pair, KeyDict] = {}
    get = out.get
    for r in relations:
        pair = (ids.get(r.source, r.source), ids.get(r.target, r.target))
        attrs = relation_attrs(r)
        existing = get(pair)
        if existing is None:
            out[pair] = {r.type: attrs}
        else:
            _merge_edge(existing, r.type, attrs)
    return out


def relation_attrs(r: Relation) -> dict[str, Any]:
    """The edge attributes of a relation."""
    attrs: dict[str, Any] = {"type": r.type, "evidence": [ev.as_dict() for ev in r.evidence]}
    if r.date is not None:
        attrs["date"] = r.date
    if r.start is not None:
        attrs["start"] = r.start
    if r.end is not None:
        attrs["end"] = r.end
    if r.description is not None:
        attrs["description"] = r.description
    if r.notes is not None:
        attrs["notes"] = r.notes
    if r.inferred:
        attrs["inferred"] = dict(r.inferred)
    attrs["claim"] = r.claim
    if r.attributed_to:
        attrs["attributed_to"] = list(r.attributed_to)
    attrs.update(r.attributes)
    attrs["where"] = f"{r.where[0]}:{r.where[1]}"
    return attrs


def add_pairs(g: nx.MultiDiGraph, pairs: Iterable[tuple[Pair, KeyDict]]) -> None:
    """Add grouped edges (see :func:`group_relations`), in order, to a graph whose
    entities are there; a pair already connected gets each edge as a relation would
    (more evidence for the same facts, else a parallel edge)."""
    node, succ, pred = g._node, g._succ, g._pred
    for (u, v), keyed in pairs:
        if u not in node or v not in node:  # not for checked data; as add_edge would
            for attrs in keyed.values():
                _add_edge(g, u, v, attrs["type"], attrs)
            continue
        existing = succ[u].get(v)
        if existing is None:
            succ[u][v] = keyed
            pred[v][u] = keyed
        else:
            merge_edges(existing, keyed)
    if hasattr(nx, "_clear_cache"):
        nx._clear_cache(g)


def merge_edges(existing: KeyDict, more: KeyDict) -> None:
    """Add the edges ``more`` of a pair to its ``existing`` ones, as their relations
    would have been added one by one."""
    for attrs in more.values():
        _merge_edge(existing, attrs["type"], attrs)


def _same_facts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ignore = {"evidence", "where", "notes", "inferred", "description", "claim", "attributed_to"}
    return ({k: v for k, v in a.items() if k not in ignore}
            == {k: v for k, v in b.items() if k not in ignore})


def _add_edge(g: nx.MultiDiGraph, u: str, v: str, rtype: str, attrs: dict[str, Any]) -> None:
    existing = g.get_edge_data(u, v)
    if existing is None:
        g.add_edge(u, v, key=rtype, **attrs)
    else:
        _merge_edge(existing, rtype, attrs)


def _merge_edge(existing: dict[str, dict[str, Any]], rtype: str, attrs: dict[str, Any]
                ) -> None:
    """Add a relation between two entities already connected (``existing``: key ->
    attributes): more evidence for the same facts, else a parallel edge ``type~n``."""
    n = 1
    key = rtype
    while key in existing:
        if _same_facts(existing[key], attrs):
            merged = existing[key]["evidence"]
            for ev in attrs["evidence"]:
                if ev not in merged:
                    merged.append(ev)
            claims.merge(existing[key], attrs)
            return
        n += 1
        key = f"{rtype}~{n}"
    existing[key] = attrs
