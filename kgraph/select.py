"""Which part of the graph an export, a page or a picture shows: ``--as-of``,
``--relation``, ``--around``/``--depth`` and ``--type``, with one meaning for ``kgraph
export``, ``kgraph view`` and ``kgraph render``.

Applied in this order:

1. ``as_of``: the graph as known at that date (:func:`kgraph.queries.as_of`).
2. ``relations``: only relations of these types (a type's name or its reading).
3. ``around``/``depth``: the entity (a name, alias or id) and every entity within
   ``depth`` hops of it (default 1; 0 is the entity alone), following the relations
   kept in 2 in either direction and walking only through entities of the ``types``
   when some are given, as ``kgraph neighbours --type`` does. The entity itself is
   always kept.
4. ``types`` without ``around``: only entities of these types or their subtypes
   (``place`` keeps cities); a type is named by its id, label or plural.
5. ``relations`` without ``around``: only the entities those relations connect.

Every relation of a kept type between two kept entities is kept. The result's graph is
a read-only view of the original.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kgraph.errors import NotFound, UsageError
from kgraph.text import did_you_mean, fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

DEFAULT_DEPTH = 1


@dataclass(frozen=True)
class Selection:
    """What the user asked for, as typed (names are resolved by :func:`select`)."""

    around: str | None = None
    depth: int | None = None
    types: Sequence[str] = ()
    relations: Sequence[str] = ()
    as_of: str | None = None

    @property
    def everything(self) -> bool:
        return not (self.around or self.types or self.relations or self.as_of)

    def describe(self) -> str:
        parts = []
        if self.around:
            depth = self.depth if self.depth is not None else DEFAULT_DEPTH
            parts.append(f"within {depth} hop(s) of '{self.around}'")
        if self.types:
            parts.append("of type " + ", ".join(self.types))
        if self.relations:
            parts.append("by relation " + ", ".join(self.relations))
        if self.as_of:
            parts.append(f"as of {self.as_of}")
        return " ".join(parts) or "the whole graph"


@dataclass(frozen=True)
class Selected:
    """The chosen part: ``kg`` (its graph a view of ``whole``'s), the centre's id, and
    the resolved type and relation names."""

    kg: KnowledgeGraph
    whole: KnowledgeGraph
    centre: str | None = None
    depth: int | None = None
    types: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    as_of: str | None = None


def entity_types(kg: KnowledgeGraph, names: Iterable[str] | None) -> list[str]:
    """Schema type names for what the user typed (a type's id, label or plural; any case
    or accents), without repeats."""
    by_label: dict[str, str] = {}
    for tname, et in kg.schema.entity_types.items():
        for text in (tname, et.label, et.plural):
            if text:
                by_label.setdefault(fold(text), tname)
    out: list[str] = []
    for text in names or ():
        name = text if text in kg.schema.entity_types else by_label.get(fold(text))
        if name is None:
            raise UsageError(f"unknown entity type '{text}'"
                             + did_you_mean(text, kg.schema.entity_types))
        if name not in out:
            out.append(name)
    return out


def relation_types(kg: KnowledgeGraph, names: Iterable[str] | None) -> list[str]:
    """Schema relation type names for what the user typed (a type's name or reading)."""
    known = kg.schema.relation_types
    by_fold = {fold(name): name for name in known}
    by_fold.update({fold(rt.reading): name for name, rt in known.items() if rt.reading})
    out: list[str] = []
    for text in names or ():
        name = text if text in known else by_fold.get(fold(text))
        if name is None:
            raise UsageError(f"unknown relation type '{text}'" + did_you_mean(text, known))
        if name not in out:
            out.append(name)
    return out


def _view(kg: KnowledgeGraph, nodes: set[str] | None, relations: Sequence[str] | None
          ) -> KnowledgeGraph:
    import networkx as nx

    g = kg.graph
    wanted = set(relations) if relations else None

    def keep_edge(u: Any, v: Any, k: Any) -> bool:
        return g.edges[u, v, k].get("type") in wanted  # type: ignore[operator]

    view = nx.subgraph_view(
        g, filter_node=(lambda n: n in nodes) if nodes is not None else nx.filters.no_filter,
        filter_edge=keep_edge if wanted is not None else nx.filters.no_filter)
    return replace(kg, graph=view)


def select(kg: KnowledgeGraph, selection: Selection) -> Selected:
    """The part of ``kg`` the selection asks for (``kg`` itself when it asks for all).

    Raises :class:`UsageError` for unknown types, relations or entities, bad dates and a
    ``depth`` without ``around``, and :class:`NotFound` when nothing is left.
    """
    from kgraph.queries import parse_date_option

    if selection.depth is not None and not selection.around:
        raise UsageError("--depth needs --around ENTITY: it sets how far around it to go")
    if selection.depth is not None and selection.depth < 0:
        raise UsageError("--depth must be 0 or more")
    types = entity_types(kg, selection.types)
    relations = relation_types(kg, selection.relations)
    date = parse_date_option(selection.as_of, "--as-of")
    centre = None
    if selection.around:
        from kgraph.resolve import resolve_entity

        centre = resolve_entity(kg, selection.around)
    depth = (selection.depth if selection.depth is not None else DEFAULT_DEPTH) \
        if centre is not None else None
    chosen = Selected(kg, kg, centre, depth, types, relations, date)
    if selection.everything:
        return chosen
    out = kg
    if date:
        from kgraph.queries import as_of

        out = as_of(out, date)
        if centre is not None and centre not in out.graph:
            raise NotFound(f"'{selection.around}' ({centre}) is not in the graph as of "
                           f"{selection.as_of}")
    if relations:
        out = _view(out, None, relations)
    nodes: set[str] | None = None
    if centre is not None:
        from kgraph.queries import neighbourhood

        nodes = set(neighbourhood(out, centre, depth=depth or 0, direction="both",
                                  relations=relations or None, types=types or None))
    elif types:
        nodes = {n for n in out.graph.nodes
                 if any(kg.schema.is_a(str(out.graph.nodes[n].get("type", "")), t)
                        for t in types)}
    if nodes is not None:
        out = _view(out, nodes, None)
    if relations and centre is None:  # the entities those relations connect
        out = _view(out, {n for n in out.graph.nodes if out.graph.degree(n) > 0}, None)
    if kg.graph.number_of_nodes() and not out.graph.number_of_nodes():
        raise NotFound(f"nothing selected: no entity {selection.describe()}")
    return replace(chosen, kg=out)
