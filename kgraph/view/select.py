"""Which part of the graph a picture shows: all of it, or the neighbourhood of one entity,
optionally only entities of some types (subtypes included)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kgraph.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.api import KnowledgeGraph


def entity_types(kg: KnowledgeGraph, names: Iterable[str] | None) -> list[str]:
    """Schema type names for ``names`` (a type's name, label or plural, any case/accents)."""
    from kgraph.text import did_you_mean, fold

    if not names:
        return []
    by_label: dict[str, str] = {}
    for tname, et in kg.schema.entity_types.items():
        for label in (tname, et.label, et.plural):
            by_label.setdefault(fold(label), tname)
    out: list[str] = []
    for text in names:
        name = text if text in kg.schema.entity_types else by_label.get(fold(text))
        if name is None:
            raise UsageError(f"unknown entity type '{text}'"
                             + did_you_mean(text, kg.schema.entity_types))
        if name not in out:
            out.append(name)
    return out


def select(kg: KnowledgeGraph, center: str | None = None, depth: int = 1,
           types: list[str] | None = None) -> nx.MultiDiGraph:
    """The part of ``kg.graph`` to draw (a read-only subgraph view).

    With ``center`` (an entity id): the entities within ``depth`` hops of it, edges taken in
    either direction, walking only through entities of ``types`` when given (as ``kgraph
    neighbours --type`` does); the centre itself is always kept. Without: the whole graph,
    or its entities of ``types``. Every relation between the selected entities is kept.
    """
    from kgraph.queries import neighbourhood, type_matches

    if depth < 1:
        raise UsageError("--depth must be at least 1")
    if center is not None:
        if center not in kg.graph:
            raise UsageError(f"unknown entity '{center}'")
        nodes: Iterable[str] = neighbourhood(kg, center, depth, "both", None, types or None)
    else:
        nodes = [n for n in kg.graph if type_matches(kg, n, types or None)]
    return kg.graph.subgraph(nodes)
