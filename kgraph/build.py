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
    sources, nodes, ids = entity_records(ds)
    return sources, nodes, group_relations(ds.relations, ids)


def entity_records(ds: Dataset) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]],
                                         dict[str, str]]:
    """``ds``'s sources (id -> description) and nodes (id -> attributes), and each id to
    one string object for it, to be shared by every edge."""
    nodes = {e.id: entity_attrs(e) for e in ds.entities.values()}
    return {sid: s.as_dict() for sid, s in ds.sources.items()}, nodes, {n: n for n in nodes}


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
    merging: dict[Pair, _Merger] = {}  # pairs with more than one relation
    get = out.get
    for r in relations:
        pair = (ids.get(r.source, r.source), ids.get(r.target, r.target))
        attrs = relation_attrs(r)
        existing = get(pair)
        if existing is None:
            out[pair] = {r.type: attrs}
            continue
        merger = merging.get(pair)
        if merger is None:
            merger = merging[pair] = _Merger(existing)
        merger.add(r.type, attrs)
    return out


def pair_edges(relations: Iterable[Relation]) -> KeyDict:
    """The edges of ``relations``, which all connect one pair of entities in the same
    direction, as :func:`group_relations` makes them."""
    out: KeyDict = {}
    merger = None
    for r in relations:
        if not out:
            out[r.type] = relation_attrs(r)
            continue
        if merger is None:
            merger = _Merger(out)
        merger.add(r.type, relation_attrs(r))
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
    merger = _Merger(existing)
    for attrs in more.values():
        merger.add(attrs["type"], attrs)


_NOT_FACTS = frozenset({"evidence", "where", "notes", "inferred", "description", "claim",
                        "attributed_to"})


def _facts(attrs: dict[str, Any]) -> Any:
    """What makes two relations between the same pair the same fact (everything but the
    evidence and the notes about it), as a value that can be looked up."""
    return _frozen({k: v for k, v in attrs.items() if k not in _NOT_FACTS})


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return ("{", tuple(sorted(((k, _frozen(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (list, tuple)):
        return ("[", tuple(_frozen(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("(", frozenset(_frozen(v) for v in value))
    return value  # (1 == 1.0 == True, as the comparison of the records says)


class _Merger:
    """Adds relations to a pair's edges: more evidence for the same facts, else a
    parallel edge ``type~n``. Keeps an index of the facts and of the next free key of
    each type, so that 10,000 relations between two entities cost 10,000 steps, not
    50 million."""

    def __init__(self, existing: KeyDict) -> None:
        self.existing = existing
        self.by_facts: dict[Any, str] = {}
        self.next: dict[str, int] = {}
        for key, attrs in existing.items():
            self.by_facts.setdefault(_facts(attrs), key)
            base, _, n = key.partition("~")
            self.next[base] = max(self.next.get(base, 1), int(n) if n.isdigit() else 1)

    def add(self, rtype: str, attrs: dict[str, Any]) -> None:
        existing = self.existing
        facts = _facts(attrs)
        key = self.by_facts.get(facts)
        if key is not None:
            merged = existing[key]["evidence"]
            for ev in attrs["evidence"]:
                if ev not in merged:
                    merged.append(ev)
            claims.merge(existing[key], attrs)  # (the stronger claim stays)
            return
        n = self.next.get(rtype, 0) + 1
        key = rtype if n == 1 else f"{rtype}~{n}"
        while key in existing:  # (a key taken some other way)
            n += 1
            key = f"{rtype}~{n}"
        self.next[rtype] = n
        existing[key] = attrs
        self.by_facts.setdefault(facts, key)


def _add_edge(g: nx.MultiDiGraph, u: str, v: str, rtype: str, attrs: dict[str, Any]) -> None:
    existing = g.get_edge_data(u, v)
    if existing is None:
        g.add_edge(u, v, key=rtype, **attrs)
    else:
        _Merger(existing).add(rtype, attrs)
