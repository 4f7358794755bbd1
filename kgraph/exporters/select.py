"""Which part of the graph to export: ``--as-of``, ``--relation``, ``--around``/``--depth``
and ``--type``, applied in that order.

1. ``as_of``: the graph as known at that date (:func:`kgraph.queries.as_of`).
2. ``relations``: only relations of these types (and only they are walked by 3); in
   the end, only the entities they connect are kept (and the ``around`` entity).
3. ``around``/``depth``: the entity (a name, alias or id, resolved by
   :func:`kgraph.resolve.resolve_entity`) and everything within ``depth`` hops of it,
   following relations in either direction.
4. ``types``: only entities of these types or their subtypes (``place`` keeps cities);
   the ``around`` entity itself is always kept.

The result is a :class:`~kgraph.api.KnowledgeGraph` whose graph is a read-only view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kgraph.errors import NotFound, UsageError
from kgraph.text import did_you_mean, fold

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph


@dataclass
class Selection:
    around: str | None = None
    depth: int | None = None
    types: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    as_of: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.around or self.types or self.relations or self.as_of)

    def describe(self) -> str:
        parts = []
        if self.around:
            parts.append(f"within {self.depth if self.depth is not None else 1} hop(s) of "
                         f"'{self.around}'")
        if self.types:
            parts.append("of type " + ", ".join(self.types))
        if self.relations:
            parts.append("by relation " + ", ".join(self.relations))
        if self.as_of:
            parts.append(f"as of {self.as_of}")
        return " ".join(parts) or "the whole graph"


def entity_types(kg: KnowledgeGraph, names: Iterable[str]) -> list[str]:
    """Entity type names from what the user typed (a name, its label or its plural)."""
    by_label: dict[str, str] = {}
    for tname, et in kg.schema.entity_types.items():
        for text in (tname, et.label, et.plural):
            if text:
                by_label.setdefault(fold(text), tname)
    out = []
    for t in names:
        name: str | None = t if t in kg.schema.entity_types else by_label.get(fold(t))
        if name is None:
            raise UsageError(f"unknown entity type '{t}'"
                             + did_you_mean(t, kg.schema.entity_types))
        out.append(name)
    return out


def relation_types(kg: KnowledgeGraph, names: Iterable[str]) -> list[str]:
    known = kg.schema.relation_types
    by_fold = {fold(name): name for name in known}
    by_fold.update({fold(rt.reading): name for name, rt in known.items() if rt.reading})
    out = []
    for r in names:
        name: str | None = r if r in known else by_fold.get(fold(r))
        if name is None:
            raise UsageError(f"unknown relation type '{r}'" + did_you_mean(r, known))
        out.append(name)
    return out


def _date(value: str) -> str:
    from kgraph.validate import check_date

    iso = check_date(value.strip())
    if iso is None:
        raise UsageError(f"--as-of: '{value}' is not a date (use YYYY, YYYY-MM or "
                         "YYYY-MM-DD)")
    return iso


def _view(kg: KnowledgeGraph, nodes: set[str] | None, relations: Sequence[str] | None
          ) -> KnowledgeGraph:
    import networkx as nx

    g = kg.graph
    wanted = set(relations) if relations else None

    def keep_edge(u: Any, v: Any, k: Any) -> bool:
        return wanted is None or g.edges[u, v, k].get("type") in wanted

    view = nx.subgraph_view(
        g, filter_node=(lambda n: n in nodes) if nodes is not None else nx.filters.no_filter,
        filter_edge=keep_edge if wanted is not None else nx.filters.no_filter)
    return replace(kg, graph=view)


def select(kg: KnowledgeGraph, selection: Selection) -> KnowledgeGraph:
    """The part of ``kg`` the selection asks for (``kg`` itself when it asks for all).

    Raises :class:`UsageError` for unknown types, relations or entities and bad dates,
    and :class:`NotFound` when the filters leave nothing to export.
    """
    if selection.depth is not None and not selection.around:
        raise UsageError("--depth needs --around ENTITY")
    if selection.depth is not None and selection.depth < 0:
        raise UsageError("--depth must be 0 or more")
    if selection.empty:
        return kg
    types = entity_types(kg, selection.types)
    relations = relation_types(kg, selection.relations)
    centre = None
    if selection.around:
        from kgraph.resolve import resolve_entity

        centre = resolve_entity(kg, selection.around)
    out = kg
    if selection.as_of:
        from kgraph.queries import as_of

        out = as_of(out, _date(selection.as_of))
        if centre is not None and centre not in out.graph:
            raise NotFound(f"'{selection.around}' ({centre}) is not in the graph as of "
                           f"{selection.as_of}")
    if relations:
        out = _view(out, None, relations)
    nodes: set[str] | None = None
    if centre is not None:
        from kgraph.queries import neighbourhood

        depth = selection.depth if selection.depth is not None else 1
        nodes = set(neighbourhood(out, centre, depth=depth, direction="both",
                                  relations=relations or None))
    if types:
        pool = nodes if nodes is not None else set(out.graph.nodes)
        nodes = {n for n in pool
                 if n == centre or any(kg.schema.is_a(str(out.graph.nodes[n].get("type", "")),
                                                      t) for t in types)}
    if nodes is not None:
        out = _view(out, nodes, None)
    if relations:  # the entities those relations connect (and the --around entity)
        linked = {n for n in out.graph.nodes if out.graph.degree(n) > 0 or n == centre}
        out = _view(out, linked, None)
    if kg.graph.number_of_nodes() and not out.graph.number_of_nodes():
        raise NotFound(f"nothing to export: no entity {selection.describe()}")
    return out
