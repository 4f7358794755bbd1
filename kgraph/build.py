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

from kgraph.model import Dataset, Relation


def build_graph(ds: Dataset) -> nx.MultiDiGraph:
    # Fills networkx's own dictionaries (_node, _succ, _pred) the way add_node/add_edge
    # would, without their per-call overhead (500k relations: 1 s instead of 5 s).
    g = nx.MultiDiGraph()
    g.graph["sources"] = {sid: s.as_dict() for sid, s in ds.sources.items()}
    g.graph["schema"] = ds.schema
    node, succ, pred = g._node, g._succ, g._pred
    for e in ds.entities.values():
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
        attrs.update(e.attributes)
        attrs["where"] = f"{e.where[0]}:{e.where[1]}"
        if e.id in node:  # as add_node: update the attributes of a node already there
            node[e.id].update(attrs)
            continue
        node[e.id] = attrs
        succ[e.id] = {}
        pred[e.id] = {}
    add_relations(g, ((r.source, r.target, r.type, relation_attrs(r)) for r in ds.relations))
    return g


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
    attrs.update(r.attributes)
    attrs["where"] = f"{r.where[0]}:{r.where[1]}"
    return attrs


def add_relations(g: nx.MultiDiGraph,
                  rows: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Add relations, given as ``(from, to, type, attributes)`` in order, to a graph
    whose entities are there: a new edge, or more evidence for an edge already there
    (the same facts), or a parallel edge ``type~n``."""
    node, succ, pred = g._node, g._succ, g._pred
    ids = {n: n for n in node}  # one string object per id, shared by every edge
    for u, v, rtype, attrs in rows:
        u = ids.get(u, u)
        v = ids.get(v, v)
        if u not in node or v not in node:  # not for checked data; as add_edge would
            _add_edge(g, u, v, rtype, attrs)
            continue
        existing = succ[u].get(v)
        if existing is None:
            keydict = {rtype: attrs}
            succ[u][v] = keydict
            pred[v][u] = keydict
        else:
            _merge_edge(existing, rtype, attrs)
    if hasattr(nx, "_clear_cache"):
        nx._clear_cache(g)


def _same_facts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ignore = {"evidence", "where", "notes", "inferred", "description"}
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
            return
        n += 1
        key = f"{rtype}~{n}"
    existing[key] = attrs
