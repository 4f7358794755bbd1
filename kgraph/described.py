"""Entities and relations as plain, JSON-ready data: the building blocks of every query.

An entity is ``{id, name, type, type_label}`` plus its dates; a relation carries its
evidence (source id, source title and verbatim quote), its dates and a sentence read in
the direction of travel. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kgraph import claims
from kgraph.dates import dates_text
from kgraph.errors import UsageError
from kgraph.graph import edges_at, entity_type

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

Edge = tuple[str, str, str, dict[str, Any]]  # (from, to, key, attrs) in the graph's direction

DIRECTIONS = ("out", "in", "both")


def summary(kg: KnowledgeGraph, node: str) -> dict[str, Any]:
    """``{id, name, type, type_label}`` plus dates when the entity has them."""
    attrs = kg.graph._node[node]
    etype = attrs.get("type", "")
    et = kg.schema.entity_types.get(etype)
    out: dict[str, Any] = {"id": node, "name": attrs.get("name", node), "type": etype,
                           "type_label": et.label if et else etype}
    for key in ("date", "start", "end"):
        if attrs.get(key):
            out[key] = attrs[key]
    return out


def evidence(kg: KnowledgeGraph, items: Iterable[dict[str, str]]) -> list[dict[str, Any]]:
    """Each piece of evidence with its source's title (and date)."""
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
    nodes = kg.graph._node  # (not the NodeView: a million lookups in a large result)
    rtype = attrs.get("type", key)
    forward = travel_from is None or travel_from == u
    a, b = (u, v) if forward else (v, u)
    text = reading(kg, rtype, forward)
    sentence = f"{nodes[a].get('name', a)} {text} {nodes[b].get('name', b)}"
    when = dates_text(attrs)
    if when:
        sentence += f" ({when})"
    out: dict[str, Any] = {
        "from": u, "to": v, "relation": rtype, "key": key,
        "reading": reading(kg, rtype, True) if not forward else text,
        "travel_reading": text,
        "direction": "forward" if forward else "backward",
        "sentence": sentence,
        "evidence": evidence(kg, attrs.get("evidence", [])),
    }
    extra = None
    for field, value in attrs.items():
        if field in SHOWN:
            if value:
                out[field] = value
        elif field not in LEFT:
            if extra is None:
                extra = {}
            extra[field] = value
    if extra:
        out["attributes"] = extra
    out.update(claims.describe(kg, attrs))  # stated, attributed (to whom) or inferred
    return out


# a relation's attributes shown as fields of their own; those shown otherwise or not at all
# (any other is one of its "attributes")
SHOWN = frozenset(("date", "start", "end", "description", "inferred"))
LEFT = {"type", "evidence", "notes", "where", "claim", "attributed_to"}


def edges_of(kg: KnowledgeGraph, node: str, direction: str = "both",
             relations: Collection[str] | None = None,
             only: Collection[str] | None = None) -> Iterator[tuple[str, Edge]]:
    """``(neighbour, edge)`` for every relation at ``node`` in the given direction.

    ``relations``: only relations of these types (``None``: every type; an empty
    collection: none). ``only``: only towards these entities. Edges that cannot match
    are not decoded."""
    g = kg.graph
    wanted = None if relations is None else set(relations)
    if direction in ("out", "both"):
        for v, key, attrs in edges_at(g, node, "succ", wanted, only):
            yield v, (node, v, key, attrs)
    if direction in ("in", "both"):
        for u, key, attrs in edges_at(g, node, "pred", wanted, only):
            yield u, (u, node, key, attrs)


def check_relations(kg: KnowledgeGraph, relations: Iterable[str] | None) -> list[str] | None:
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


def check_types(kg: KnowledgeGraph, types: Iterable[str] | None) -> list[str] | None:
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
    etype = entity_type(kg.graph, node)
    return any(kg.schema.is_a(etype, t) for t in types)
