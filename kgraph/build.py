"""Checked records -> ``networkx.MultiDiGraph``.

Nodes are entity ids with the entity's fields as attributes. Edges go from the relation's
``from`` to its ``to``; the edge key is the relation type, and the edge attributes hold its
evidence, dates and any extra fields. The same relation stated twice (same ends, type and
dates) becomes one edge with several pieces of evidence; the same ends and type with
different dates become parallel edges keyed ``type``, ``type~2``, ...
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kgraph.model import Dataset


def build_graph(ds: Dataset) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph["sources"] = {sid: s.as_dict() for sid, s in ds.sources.items()}
    g.graph["schema"] = ds.schema
    for e in ds.entities.values():
        attrs: dict[str, Any] = {
            "type": e.type,
            "name": e.name,
            "aliases": list(e.aliases),
            "description": e.description,
            "evidence": [ev.as_dict() for ev in e.evidence],
        }
        for key in ("date", "start", "end", "notes"):
            if getattr(e, key) is not None:
                attrs[key] = getattr(e, key)
        if e.inferred:
            attrs["inferred"] = dict(e.inferred)
        attrs.update(e.attributes)
        attrs["where"] = f"{e.where[0]}:{e.where[1]}"
        g.add_node(e.id, **attrs)
    for r in ds.relations:
        attrs = {"type": r.type, "evidence": [ev.as_dict() for ev in r.evidence]}
        for key in ("date", "start", "end", "description", "notes"):
            if getattr(r, key) is not None:
                attrs[key] = getattr(r, key)
        if r.inferred:
            attrs["inferred"] = dict(r.inferred)
        attrs.update(r.attributes)
        attrs["where"] = f"{r.where[0]}:{r.where[1]}"
        _add_edge(g, r.source, r.target, r.type, attrs)
    return g


def _same_facts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ignore = {"evidence", "where", "notes", "inferred", "description"}
    return ({k: v for k, v in a.items() if k not in ignore}
            == {k: v for k, v in b.items() if k not in ignore})


def _add_edge(g: nx.MultiDiGraph, u: str, v: str, rtype: str, attrs: dict[str, Any]) -> None:
    existing = g.get_edge_data(u, v) or {}
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
    g.add_edge(u, v, key=key, **attrs)
