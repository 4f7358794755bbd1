"""Results a person can read: rank a listing, keep one page of it, and say what was left out.

Every listing command (neighbours, path --all, lineage, timeline, search, show's relation
lists, ask's answers) can find tens of thousands of entities around a hub. They are
ranked so that the most specific come first - the least connected, so hubs such as
countries come last - a page of them is kept (``limit`` from ``offset``), and the rest is
summarised by entity type and by relation ("... and 51,732 more: 30,112 people, 12,004
meetings").

For any list of entity dicts (each with an ``id``), :func:`rank_entities` does all three::

    >>> from kgraph import load_graph
    >>> from kgraph.listing import rank_entities
    >>> kg = load_graph()
    >>> found = [{"id": n} for n in ("united-states", "opdat", "hsi")]
    >>> page = rank_entities(kg, found, limit=2)
    >>> [e["id"] for e in page["items"]], page["total"], page["truncated"]
    (['hsi', 'opdat'], 3, True)
    >>> page["left_out"]["types"]
    [{'type': 'country', 'label': 'country', 'count': 1}]

A page is described by :func:`page_info` (``total``, ``offset``, ``limit``, ``shown``,
``truncated``), which every listing in ``--json`` output carries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from kgraph.graph import degree, entity_types

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

T = TypeVar("T")


def specificity(kg: KnowledgeGraph, node: str) -> tuple[int, str]:
    """The rank of an entity in a listing: the fewer relations it has, the more specific,
    the earlier (then by id, so that the order is stable)."""
    return (degree(kg.graph, node), node)


def ranked(kg: KnowledgeGraph, nodes: Iterable[str]) -> list[str]:
    """``nodes``, most specific first (see :func:`specificity`)."""
    return sorted(nodes, key=lambda n: specificity(kg, n))


def window(items: Sequence[T], limit: int | None, offset: int = 0) -> list[T]:
    """The page of ``items``: ``limit`` of them (None: all) from ``offset``."""
    end = None if limit is None else offset + limit
    return list(items[offset:end])


def page_info(total: int, shown: int, limit: int | None, offset: int = 0) -> dict[str, Any]:
    """What a listing's ``--json`` output says about its page."""
    return {"total": total, "offset": offset, "limit": limit, "shown": shown,
            "truncated": shown < total}


def left_out(kg: KnowledgeGraph, nodes: Iterable[str],
             relations: Iterable[str] = ()) -> dict[str, Any]:
    """What a page left out, counted: ``entities``, and ``types`` and ``relations``
    (``[{type|relation, label, count}]``, most first). ``relations``: the relation type
    each left-out entity was reached by, if any. Reads no entity's attributes."""
    types: Counter[str] = Counter(entity_types(kg.graph, nodes))
    rels: Counter[str] = Counter(r for r in relations if r)
    schema = kg.schema
    out_types = []
    for t, n in sorted(types.items(), key=lambda x: (-x[1], x[0])):
        et = schema.entity_types.get(t)
        label = (et.label if n == 1 else et.plural) if et else t
        out_types.append({"type": t, "label": label, "count": n})
    out_rels = []
    for r, n in sorted(rels.items(), key=lambda x: (-x[1], x[0])):
        rt = schema.relation_types.get(r)
        out_rels.append({"relation": r, "label": rt.reading if rt else r.replace("_", " "),
                         "count": n})
    return {"entities": sum(types.values()), "types": out_types, "relations": out_rels}


def rank_entities(kg: KnowledgeGraph, entities: Sequence[dict[str, Any]],
                  limit: int | None, offset: int = 0, keep_order: bool = False,
                  relation_key: str | None = None) -> dict[str, Any]:
    """Rank entity dicts (each with an ``id`` in the graph) most specific first, keep
    ``limit`` of them (None: all) from ``offset``, and summarise the rest:
    ``{items, left_out, total, offset, limit, shown, truncated}``. ``keep_order``: the
    kept items stay in their given order (the ranking only chooses them).
    ``relation_key``: the key of each item's relation type, for the summary."""
    order = sorted(range(len(entities)), key=lambda i: specificity(kg, entities[i]["id"]))
    kept = window(order, limit, offset)
    if keep_order:
        kept.sort()
    chosen = set(kept)
    rest = [entities[i] for i in range(len(entities)) if i not in chosen]
    rels = [str(e[relation_key]) for e in rest if relation_key and e.get(relation_key)]
    return {"items": [entities[i] for i in kept],
            "left_out": left_out(kg, (e["id"] for e in rest), rels),
            **page_info(len(entities), len(kept), limit, offset)}
