"""The records of a compiled graph, read straight from its blobs: what an export starts
from (see :func:`kgraph.exporters.base.prepare`).

A compiled graph (:mod:`kgraph.graph`) keeps each node's attributes and each pair's edges
as a marshal blob; an export reads them all, in the order it writes them (made in that
order, the records lie in memory in it, which the writers' loops feel). Tried and not
kept: reading a run of blobs laid end to end by one ``marshal.loads`` (no faster).
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable, Collection
from typing import Any

from kgraph.graph import Compiled, compiled

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]


def plain_records(graph: Any, plain: Callable[[Any], Any], drop: Collection[str] = (),
                  finish: Callable[[dict[str, Any]], Any] | None = None,
                  markers: tuple[bytes, ...] = ()
                  ) -> tuple[list[Node], list[Edge]] | None:
    """Every node ``(id, attributes)`` and every edge ``(from, to, key, attributes)`` of an
    unchanged compiled graph, sorted by id (edges by from, to and key), as fresh copies
    with ``None`` values and the fields ``drop`` left out, or None for any other graph (or
    a damaged one: reading the graph itself then rebuilds it). Values are decoded straight
    from the blobs, which hold only plain values (marshal has no other kinds); ``plain``
    is applied where a blob may hold text with lone surrogates or a tuple. ``finish``
    changes a record in place; it is called only for records whose blob holds one of
    ``markers`` (names it looks for)."""
    from kgraph.store import Damaged

    c = compiled(graph)
    if c is None:
        return None
    try:
        return _records(c, plain, tuple(drop), finish, markers if finish else ())
    except (Damaged, ValueError, EOFError, TypeError, AttributeError):
        return None


def _records(c: Compiled, plain: Callable[[Any], Any], dropped: tuple[str, ...],
             finish: Callable[[dict[str, Any]], Any] | None, markers: tuple[bytes, ...]
             ) -> tuple[list[Node], list[Edge]]:
    # (one loop each, with nothing called per record that can be done in line: it runs
    # 600,000 times for an export at 500,000 relations)
    loads = marshal.loads
    marked = re.compile(b"|".join(re.escape(m) for m in markers)).search if markers else None
    marker = markers[0] if len(markers) == 1 else None
    ids = c.ids
    order = sorted(range(len(ids)), key=ids.__getitem__)
    nodes: list[Node] = []
    add_node = nodes.append
    view, off = _whole(c.node_blob), c.node_off
    for i in order:
        blob = view[off[i]:off[i + 1]].tobytes()
        attrs = loads(blob)
        if b"\xed" in blob or b"(" in blob or b")" in blob:  # (a cheap, cautious test)
            attrs = plain(attrs)
        if None in attrs.values():
            attrs = {k: v for k, v in attrs.items() if v is not None}
        for k in dropped:
            if k in attrs:
                del attrs[k]
        if marked is not None and (marker in blob if marker is not None else marked(blob)):
            finish(attrs)  # type: ignore[misc]
        add_node((ids[i], attrs))
    edges: list[Edge] = []
    add_edge = edges.append
    start, nbr, pairs = c.start["succ"], c.nbr["succ"], c.pairs["succ"]
    view, off = _whole(c.pair_blob), c.pair_off
    name = ids.__getitem__
    for i in order:
        a, b = start[i], start[i + 1]
        if a == b:
            continue
        u = ids[i]
        for v, p in sorted(zip(map(name, nbr[a:b]), pairs[a:b])):
            blob = view[off[p]:off[p + 1]].tobytes()
            keyed = loads(blob)
            if b"\xed" in blob or b"(" in blob or b")" in blob:
                keyed = plain(keyed)
            more = marked is not None and (
                marker in blob if marker is not None else marked(blob) is not None)
            for key in (keyed if len(keyed) == 1 else sorted(keyed)):
                attrs = keyed[key]
                if None in attrs.values():
                    attrs = {k: x for k, x in attrs.items() if x is not None}
                for k in dropped:
                    if k in attrs:
                        del attrs[k]
                if more:
                    finish(attrs)  # type: ignore[misc]
                add_edge((u, v, key, attrs))
    return nodes, edges


def _whole(blob: Any) -> memoryview:
    """Every byte of a blob section (:class:`kgraph.store.Blob` checks its blocks)."""
    whole = getattr(blob, "whole", None)
    return whole() if whole is not None else memoryview(blob)
