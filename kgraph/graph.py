"""The built graph with what queries need beside it (kept light: loaded on every query).

A graph loaded from the compiled cache (:mod:`kgraph.cache`) is a real
``networkx.MultiDiGraph`` whose inner dictionaries are built when first used: node ids and
the adjacency are arrays, and each node's attributes and each pair of connected entities'
edges are small marshal blobs. A query that reads a few hundred entities of a 100,000
entity graph builds a few hundred dicts instead of loading half a million edges (which
takes seconds however it is stored). Everything networkx offers works on it: views,
``subgraph_view``, ``copy()``; a mutation turns the touched mapping into a plain dict.
"""

from __future__ import annotations

import marshal
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kgraph.lazy import _Adjacency, _Nodes

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.model import Dataset
    from kgraph.schema import Schema


@dataclass
class KnowledgeGraph:
    """``graph``: entities as nodes, relations as keyed edges; ``schema``: the types;
    ``sources``: source id -> its description. ``dataset`` (the checked records) is only
    there right after a build, not when the graph comes from the cache."""

    graph: nx.MultiDiGraph
    schema: Schema
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    dataset: Dataset | None = None

    def __getstate__(self) -> dict[str, Any]:
        # caches built lazily by queries (name index, vocabulary) and the raw records
        # are not worth storing
        return {"graph": self.graph, "schema": self.schema, "sources": self.sources,
                "dataset": None}


# -- derived structures (name index, question vocabulary) kept beside the compiled graph ----

# kg.__dict__ key -> where such a structure can be stored and found again (set by
# kgraph.cache for graphs it compiled or loaded): a callable (name, build) -> object
STORE_KEY = "_derived_store"


def derived(kg: KnowledgeGraph, attr: str, build: Callable[[KnowledgeGraph], Any]) -> Any:
    """``kg``'s ``attr`` (a structure queries build from the graph, such as the name
    index): already built, else loaded from the compiled cache, else built (and stored
    there for the next run)."""
    found = kg.__dict__.get(attr)
    if found is None:
        store = kg.__dict__.get(STORE_KEY)
        found = store(attr, build) if store is not None else build(kg)
        kg.__dict__[attr] = found
    return found


# -- lazily built dictionaries over the compiled arrays -------------------------------------


class Compiled:
    """The arrays and blobs of one compiled graph (see :mod:`kgraph.cache`).

    ``ids[i]`` is node ``i``; ``index`` maps an id back; ``types[node_type[i]]`` is its
    entity type. Node ``i``'s attributes are the marshal blob
    ``node_blob[node_off[i]:node_off[i + 1]]``. Pairs of connected nodes are numbered:
    pair ``p``'s edges (key -> attributes) are ``pair_blob[pair_off[p]:...]``, and bit
    ``rel_bit[t]`` of ``pair_mask[p]`` is set when one of them is of relation type ``t``.
    ``start[side][i]:start[side][i + 1]`` are node ``i``'s entries in ``nbr[side]`` (the
    neighbour) and ``pairs[side]`` (the pair), in the graph's own order, for ``side``
    "succ" and "pred".

    ``rebuild``, when set, makes the arrays again from the data: a blob that turns out
    damaged while it is read (its block fails its check, or it is not what was stored)
    is then replaced, and the read goes on with the same answer.
    """

    def __init__(self, ids: list[str], arrays: dict[str, Any], node_blob: Any,
                 pair_blob: Any, types: list[str], rels: list[str]) -> None:
        self.ids = ids
        self.index = dict(zip(ids, range(len(ids))))
        self.node_dicts: list[dict[str, Any] | None] = [None] * len(ids)
        self.pair_dicts: dict[int, dict[str, dict[str, Any]]] = {}
        self.changed = False  # a node or pair added or removed: the arrays are out of date
        self.rebuild: Callable[[], Compiled] | None = None
        from kgraph.store import Damaged  # (imported here once: a blob is read in a µs)

        # what reading a damaged block or blob raises
        self._unreadable = (Damaged, ValueError, EOFError, TypeError)
        self._take(arrays, node_blob, pair_blob, types, rels)

    def _take(self, arrays: dict[str, Any], node_blob: Any, pair_blob: Any,
              types: list[str], rels: list[str]) -> None:
        self.arrays = arrays
        self.node_off, self.node_blob = arrays["node_off"], node_blob
        self.pair_off, self.pair_blob = arrays["pair_off"], pair_blob
        self.start = {"succ": arrays["succ_start"], "pred": arrays["pred_start"]}
        self.nbr = {"succ": arrays["succ_nbr"], "pred": arrays["pred_nbr"]}
        self.pairs = {"succ": arrays["succ_pair"], "pred": arrays["pred_pair"]}
        self.types, self.node_type = types, arrays["node_type"]
        self.rels, self.pair_mask = rels, arrays["pair_mask"]
        self.degree = arrays["degree"]
        self.rel_bit = {t: min(i, MASK_BITS - 1) for i, t in enumerate(rels)}
        self._names: dict[int, tuple[str, ...]] = {}
        self._masks: dict[frozenset[str], tuple[int, bool]] = {}

    def _recover(self) -> None:
        """Make the arrays again (see ``rebuild``), or raise :class:`DamagedCache`."""
        from kgraph.errors import DamagedCache

        rebuild, self.rebuild = self.rebuild, None
        if rebuild is None:
            raise DamagedCache("the compiled cache is damaged; run 'kgraph cache clear' "
                               "and try again")
        fresh = rebuild()
        if fresh.ids != self.ids:
            raise DamagedCache("the data changed while it was being read; run the command "
                               "again")
        self._take(fresh.arrays, fresh.node_blob, fresh.pair_blob, fresh.types, fresh.rels)

    def node(self, i: int) -> dict[str, Any]:
        d = self.node_dicts[i]
        if d is None:
            d = self.node_dicts[i] = self._decoded(self.node_blob, self.node_off, i, False)
        return d

    def pair(self, p: int) -> dict[str, dict[str, Any]]:
        d = self.pair_dicts.get(p)
        if d is None:
            d = self.pair_dicts[p] = self._decoded(self.pair_blob, self.pair_off, p, True)
        return d

    def peek(self, p: int) -> dict[str, dict[str, Any]]:
        """Pair ``p``'s edges, as :meth:`pair` gives them, without keeping them when they
        were not kept already (a query that reads the whole graph once stays small)."""
        d = self.pair_dicts.get(p)
        return d if d is not None else self._decoded(self.pair_blob, self.pair_off, p, True)

    def _decoded(self, blob: Any, off: Any, i: int, keyed: bool) -> Any:
        try:
            d = marshal.loads(blob[off[i]:off[i + 1]])
        except self._unreadable:
            d = None
        if type(d) is dict:  # (else not what was stored)
            if not keyed:
                return d
            for a in d.values():
                if type(a) is not dict:
                    break
            else:
                return d
        self._recover()
        return self._decoded(self.pair_blob if keyed else self.node_blob,
                             self.pair_off if keyed else self.node_off, i, keyed)

    def mask(self, types: Iterable[str]) -> tuple[int, bool]:
        """The bits of ``types`` in a pair's mask, and whether they say exactly which
        pairs hold one of them (false when a type shares the last bit with others)."""
        key = types if isinstance(types, frozenset) else frozenset(types)
        found = self._masks.get(key)
        if found is None:
            bits, exact = 0, True
            for t in key:
                b = self.rel_bit.get(t)
                if b is not None:
                    bits |= 1 << b
                    exact = exact and b < MASK_BITS - 1
            found = self._masks[key] = (bits, exact)
        return found

    def mask_names(self, mask: int) -> tuple[str, ...]:
        """The relation types whose bits are set in ``mask`` (below the last bit)."""
        found = self._names.get(mask)
        if found is None:
            found = self._names[mask] = tuple(
                t for t in self.rels[:MASK_BITS - 1] if mask >> self.rel_bit[t] & 1)
        return found

    def census(self) -> Census | None:
        """What ``kgraph stats`` counts, read straight from the arrays and blobs (at 500k
        edges, a sixth of the time of walking the graph's views); None once nodes or
        pairs were added or removed. Attributes changed in place are seen."""
        if self.changed:
            return None
        node_dicts, pair_dicts = self.node_dicts, self.pair_dicts
        entity_types: Counter[str] = Counter()
        for i, d in enumerate(node_dicts):
            attrs = d if d is not None else self._decoded(self.node_blob, self.node_off, i,
                                                          False)
            entity_types[attrs.get("type", "")] += 1
        start, nbr, pairs = self.start["succ"], self.nbr["succ"], self.pairs["succ"]
        relation_types: Counter[str] = Counter()
        evidence = 0
        degree = [0] * len(self.ids)
        for i in range(len(self.ids)):
            for j in range(start[i], start[i + 1]):
                p = pairs[j]
                keyed = pair_dicts.get(p)
                if keyed is None:
                    keyed = self._decoded(self.pair_blob, self.pair_off, p, True)
                degree[i] += len(keyed)
                degree[nbr[j]] += len(keyed)
                for key, attrs in keyed.items():
                    relation_types[attrs.get("type", key)] += 1
                    evidence += len(attrs.get("evidence", ()))
        return Census(entity_types, relation_types, evidence, dict(zip(self.ids, degree)))

    def graph(self, graph_attrs: dict[str, Any]) -> nx.MultiDiGraph:
        """A ``MultiDiGraph`` over these arrays."""
        import networkx as nx

        g = nx.MultiDiGraph()
        g.graph.update(graph_attrs)
        g._node = _Nodes(self)
        g._succ = _Adjacency(self, "succ")
        g._pred = _Adjacency(self, "pred")
        return g


MASK_BITS = 64


@dataclass
class Census:
    """Counts over a whole graph: entities by type, edges by type, pieces of evidence on
    edges, and each node's degree (edges in and out)."""

    entity_types: Counter[str]
    relation_types: Counter[str]
    evidence: int
    degree: dict[Any, int]

    @property
    def edges(self) -> int:
        return sum(self.relation_types.values())


def census(graph: nx.MultiDiGraph) -> Census:
    """:class:`Census` of ``graph``: from the compiled arrays when it is an unchanged
    compiled graph, else in one walk over its edges."""
    succ = graph._succ
    if isinstance(succ, _Adjacency) and succ._own is None:
        found = succ._c.census()
        if found is not None:
            return found
    entity_types = Counter(attrs.get("type", "") for _, attrs in graph.nodes(data=True))
    relation_types: Counter[str] = Counter()
    evidence = 0
    degree = dict.fromkeys(graph, 0)
    for u, nbrs in graph.adjacency():
        for v, keyed in nbrs.items():
            degree[u] += len(keyed)
            degree[v] += len(keyed)
            for key, attrs in keyed.items():
                relation_types[attrs.get("type", key)] += 1
                evidence += len(attrs.get("evidence", ()))
    return Census(entity_types, relation_types, evidence, degree)


# -- reading the adjacency without decoding what is not needed ------------------------------


def compiled(graph: Any) -> Compiled | None:
    """The arrays behind ``graph`` when it is an unchanged compiled graph, else None."""
    succ = getattr(graph, "_succ", None)
    if type(succ) is _Adjacency and succ._own is None and graph._pred._own is None:
        c = succ._c
        if not c.changed:
            return c
    return None


def neighbour_ids(graph: Any, node: str, side: str, types: Collection[str] | None = None
                  ) -> Iterator[str]:
    """The ids of ``node``'s successors (``side`` "succ") or predecessors ("pred"), each
    once; with ``types``, only those connected to it by a relation of one of these types.
    A compiled graph answers from its arrays and masks, decoding no edge."""
    c = compiled(graph)
    if c is not None:
        i = c.index[node]
        lo, hi = c.start[side][i], c.start[side][i + 1]
        ids, nbr = c.ids, c.nbr[side]
        if types is None:
            return (ids[j] for j in nbr[lo:hi])
        want, exact = c.mask(types)
        masks, pairs = c.pair_mask, c.pairs[side]
        if exact:
            return (ids[j] for j, p in zip(nbr[lo:hi], pairs[lo:hi]) if masks[p] & want)
        return (ids[j] for j, p in zip(nbr[lo:hi], pairs[lo:hi]) if masks[p] & want
                and any(a.get("type", k) in types for k, a in c.peek(p).items()))
    adj = graph.succ if side == "succ" else graph.pred
    if types is None:
        return iter(adj[node])
    return (v for v, keyed in adj[node].items()
            if any(a.get("type", k) in types for k, a in keyed.items()))


def edges_at(graph: Any, node: str, side: str, types: Collection[str] | None = None,
             only: Collection[str] | None = None
             ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(neighbour, key, attributes)`` of each edge out of ``node`` (``side`` "succ") or
    into it ("pred"); with ``types``, only edges of these types; with ``only``, only
    edges to these neighbours. A compiled graph decodes only the pairs that can match."""
    c = compiled(graph)
    if c is not None:
        i = c.index[node]
        lo, hi = c.start[side][i], c.start[side][i + 1]
        want = c.mask(types)[0] if types is not None else -1
        ids, masks, pair = c.ids, c.pair_mask, c.peek
        for j, p in zip(c.nbr[side][lo:hi], c.pairs[side][lo:hi]):
            if masks[p] & want and (only is None or ids[j] in only):
                other = ids[j]
                for key, attrs in pair(p).items():
                    if types is None or attrs.get("type", key) in types:
                        yield other, key, attrs
        return
    adj = graph.succ if side == "succ" else graph.pred
    for other, keyed in adj[node].items():
        if only is not None and other not in only:
            continue
        for key, attrs in keyed.items():
            if types is None or attrs.get("type", key) in types:
                yield other, key, attrs


def neighbour_types(graph: Any, node: str, side: str, types: Collection[str] | None = None
                    ) -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(neighbour, the relation types between them)`` for each of ``node``'s successors
    or predecessors (with ``types``: those connected by one of them, and only those types
    named). A compiled graph reads the types from its masks, decoding no edge."""
    c = compiled(graph)
    if c is not None:
        i = c.index[node]
        lo, hi = c.start[side][i], c.start[side][i + 1]
        want, exact = c.mask(types) if types is not None else (-1, True)
        ids, masks, names = c.ids, c.pair_mask, c.mask_names
        for j, p in zip(c.nbr[side][lo:hi], c.pairs[side][lo:hi]):
            m = masks[p] & want
            if not m:
                continue
            if exact and m < 1 << (MASK_BITS - 1):
                yield ids[j], names(m)
                continue
            found = tuple(dict.fromkeys(a.get("type", k) for k, a in c.peek(p).items()
                                        if types is None or a.get("type", k) in types))
            if found:
                yield ids[j], found
        return
    adj = graph.succ if side == "succ" else graph.pred
    for other, keyed in adj[node].items():
        found = tuple(dict.fromkeys(a.get("type", k) for k, a in keyed.items()
                                    if types is None or a.get("type", k) in types))
        if found:
            yield other, found


def reach(graph: Any, root: str, depth: int, sides: tuple[str, ...],
          types: Collection[str] | None = None, accept: Callable[[str], bool] | None = None
          ) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    """A breadth-first search from ``root``, ``depth`` hops along ``sides`` ("succ",
    "pred"), only through relations of ``types`` (None: all) and entities ``accept``
    says yes to: each entity reached -> its distance (in the order reached), the entity
    it was first reached from, and a relation type that reached it. A compiled graph
    searches its arrays and masks, decoding nothing."""
    c = compiled(graph)
    if c is None:
        dist, parent, via = {root: 0}, {}, {}
        frontier = [root]
        for level in range(1, depth + 1):
            grown = []
            for current in frontier:
                for side in sides:
                    for other, rtypes in neighbour_types(graph, current, side, types):
                        if other not in dist and (accept is None or accept(other)):
                            dist[other], parent[other], via[other] = level, current, rtypes[0]
                            grown.append(other)
            frontier = grown
        return dist, parent, via
    ids = c.ids
    want, exact = c.mask(types) if types is not None else (-1, True)
    masks = c.pair_mask
    r = c.index[root]
    at = {r: 0}
    up: dict[int, int] = {}
    how: dict[int, int] = {}
    frontier_i = [r]
    arrays = [(c.start[side], c.nbr[side], c.pairs[side]) for side in sides]
    for level in range(1, depth + 1):
        grown_i = []
        for cur in frontier_i:
            for start, nbr, pairs in arrays:
                lo, hi = start[cur], start[cur + 1]
                for j, p in zip(nbr[lo:hi], pairs[lo:hi]):
                    if j in at:
                        continue
                    m = masks[p] & want
                    if not m:
                        continue
                    if not exact and m >> (MASK_BITS - 1) and not any(
                            a.get("type", k) in types  # type: ignore[operator]
                            for k, a in c.peek(p).items()):
                        continue
                    if accept is not None and not accept(ids[j]):
                        continue
                    at[j] = level
                    up[j] = cur
                    how[j] = m
                    grown_i.append(j)
        frontier_i = grown_i
    names: dict[int, str] = {}  # mask -> its lowest bit's type ("" for the shared bit)
    for m in set(how.values()):
        low = (m & -m).bit_length() - 1
        names[m] = c.rels[low] if low < MASK_BITS - 1 else ""
    return ({ids[i]: d for i, d in at.items()}, {ids[i]: ids[u] for i, u in up.items()},
            {ids[i]: names[m] for i, m in how.items()})


def degrees(graph: Any, nodes: Iterable[str]) -> list[int]:
    """:func:`degree` of each of ``nodes``."""
    c = compiled(graph)
    if c is not None:
        deg, index = c.degree, c.index
        return [deg[index[n]] for n in nodes]
    return [int(graph.degree(n)) for n in nodes]


def entity_types(graph: Any, nodes: Iterable[str]) -> list[str]:
    """:func:`entity_type` of each of ``nodes``."""
    c = compiled(graph)
    if c is not None:
        types, node_type, index = c.types, c.node_type, c.index
        return [types[node_type[index[n]]] for n in nodes]
    return [str(graph.nodes[n].get("type", "")) for n in nodes]


def all_edges(graph: Any, types: Collection[str] | None = None
              ) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(from, to, key, attributes)`` of every edge (with ``types``: of these types), in
    the graph's order. A compiled graph decodes only the pairs that can match, and keeps
    none of them (reading every edge once stays small)."""
    c = compiled(graph)
    if c is None:
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            if types is None or attrs.get("type", key) in types:
                yield u, v, key, attrs
        return
    want = c.mask(types)[0] if types is not None else -1
    ids, start, nbr, pairs = c.ids, c.start["succ"], c.nbr["succ"], c.pairs["succ"]
    masks, peek = c.pair_mask, c.peek
    for i, u in enumerate(ids):
        for j in range(start[i], start[i + 1]):
            p = pairs[j]
            if masks[p] & want:
                v = ids[nbr[j]]
                for key, attrs in peek(p).items():
                    if types is None or attrs.get("type", key) in types:
                        yield u, v, key, attrs


def plain_records(graph: Any, plain: Callable[[Any], Any], drop: Collection[str] = (),
                  finish: Callable[[dict[str, Any]], Any] | None = None,
                  markers: tuple[bytes, ...] = ()
                  ) -> tuple[list[tuple[str, dict[str, Any]]],
                             list[tuple[str, str, str, dict[str, Any]]]] | None:
    """Every node ``(id, attributes)`` and every edge ``(from, to, key, attributes)`` of an
    unchanged compiled graph, sorted by id (edges by from, to and key), as fresh copies
    with ``None`` values and the fields ``drop`` left out - what an export starts from - or
    None for any other graph. Values are decoded straight from the blobs, which hold only
    plain values (marshal has no other kinds); ``plain`` is applied where a blob may hold
    text with lone surrogates or a tuple. ``finish`` changes a record in place; it is
    called only for records whose blob holds one of ``markers`` (names it looks for)."""
    c = compiled(graph)
    if c is None:
        return None
    from kgraph.store import Damaged

    try:
        return _plain_records(c, plain, tuple(drop), finish if markers else None, markers)
    except (Damaged, ValueError, EOFError, TypeError, AttributeError):
        return None  # (a damaged block or blob: reading the graph itself recovers)


def _plain_records(c: Compiled, plain: Callable[[Any], Any], dropped: tuple[str, ...],
                   finish: Callable[[dict[str, Any]], Any] | None, markers: tuple[bytes, ...]
                   ) -> tuple[list[tuple[str, dict[str, Any]]],
                              list[tuple[str, str, str, dict[str, Any]]]]:
    # (one loop each, with nothing called per record that can be done in line: it runs
    # 600,000 times for an export at 500,000 relations)
    loads = marshal.loads
    marked = (re.compile(b"|".join(re.escape(m) for m in markers)).search
              if finish is not None and len(markers) > 1 else None)
    marker = markers[0] if finish is not None and len(markers) == 1 else None
    ids = c.ids
    order = sorted(range(len(ids)), key=ids.__getitem__)
    nodes: list[tuple[str, dict[str, Any]]] = []
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
        if (marker is not None and marker in blob) or (marked is not None and marked(blob)):
            finish(attrs)  # type: ignore[misc]
        add_node((ids[i], attrs))
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
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
            more = (marker is not None and marker in blob) or (
                marked is not None and marked(blob) is not None)
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


def degree(graph: Any, node: str) -> int:
    """How many relations ``node`` has, in and out (networkx's ``degree``); a compiled
    graph reads it from an array instead of decoding every edge."""
    c = compiled(graph)
    if c is not None:
        return int(c.degree[c.index[node]])
    return int(graph.degree(node))


def entity_type(graph: Any, node: str) -> str:
    """``node``'s entity type (from the type array of a compiled graph, decoding
    nothing)."""
    c = compiled(graph)
    if c is not None:
        return c.types[c.node_type[c.index[node]]]
    return str(graph.nodes[node].get("type", ""))
