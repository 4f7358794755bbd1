"""What every exporter shares: the prepared graph, typed columns and value helpers.

An export has two steps, in the manner of followthemoney's exporters:

1. :func:`prepare` turns a :class:`~kgraph.api.KnowledgeGraph` (or a selection of one)
   into :class:`ExportData`: nodes and edges in a deterministic order (nodes by id, edges
   by source, target and key), with every value made plain (dates as ISO text, tuples as
   lists) and one declared *kind* per attribute, found by looking at every value.
2. An :class:`Exporter` streams that to its file handle(s): ``start()``, then
   ``write_nodes()`` and ``write_edges()`` for runs of a few thousand records (each run
   written in one piece: what keeps a 500,000-relation export fast and its memory
   bounded), then ``finalize()``.

Kinds: ``string``, ``integer``, ``number``, ``boolean``, ``array`` (a list) and ``object``
(a mapping). An attribute whose values have different kinds is a ``string`` column in
which text stays as it is and any other value is written as JSON (an integer next to
floats makes a ``number`` column instead). ``None`` is never written.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from abc import ABC
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, TYPE_CHECKING, Any, ClassVar, TypeVar

from kgraph.exporters.syntax import MEMO_LIMIT, Made, text_of, to_json
from kgraph.progress import ENTITIES_ABOVE, RECORDS_ABOVE

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.api import KnowledgeGraph
    from kgraph.exporters.privacy import Privacy
    from kgraph.progress import Progress
    from kgraph.schema import Schema

T = TypeVar("T")

KINDS = ("string", "integer", "number", "boolean", "array", "object")
INT64 = 2**63

# node and edge attributes every graph has, in the order exports list them
NODE_ORDER = ("type", "name", "aliases", "description", "date", "start", "end",
              "claim", "attributed_to", "evidence", "inferred", "notes", "where")
EDGE_ORDER = ("type", "date", "start", "end", "description", "claim", "attributed_to",
              "evidence", "inferred", "notes", "where")

_SURROGATES = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------------------------------
# values


def plain(value: Any) -> Any:
    """A JSON-ready copy of ``value``: dates as ISO text, tuples and sets as lists,
    mapping keys as text, lone surrogates (unencodable) removed from text."""
    # what graphs hold, first (an export of 500k relations calls this millions of times)
    kind = type(value)
    if kind is str:
        return value if value.isascii() or value.isprintable() or not (
            _SURROGATES.search(value)) else _SURROGATES.sub("", value)
    if kind is dict:
        return {k if type(k) is str and k.isascii() else plain(str(k)): plain(v)
                for k, v in value.items()}
    if kind is list:
        return [plain(v) for v in value]
    return _plain(value)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        return _SURROGATES.sub("", value) if _SURROGATES.search(value) else value
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {plain(str(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    return plain(str(value))


def kind_of(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return "integer" if -INT64 <= value < INT64 else "string"
    return kind_of_type(type(value))


def kind_of_type(kind: type) -> str:
    """The kind of values of type ``kind`` (an integer's also depends on its size)."""
    if issubclass(kind, bool):
        return "boolean"
    if issubclass(kind, int):
        return "integer"
    if issubclass(kind, float):
        return "number"
    if issubclass(kind, list):
        return "array"
    if issubclass(kind, dict):
        return "object"
    return "string"


def merge_kinds(a: str | None, b: str) -> str:
    if a is None or a == b:
        return b
    if {a, b} == {"integer", "number"}:
        return "number"
    return "string"


def column(source: str, line: Callable[[Any], str], texts_only: bool = False
           ) -> Callable[[list[dict[str, Any]]], list[str]]:
    """A function from a run of records to what each writes for its value of the attribute
    ``source``: ``line(value)``, or "" where it has none (None). Writers make a run
    column by column, then join each record's pieces with C code (``map("".join,
    zip(...))``), instead of looking at each record's fields one by one. ``texts_only``:
    every value is text (or None), so each distinct value's line is made once and then
    looked up without running Python code (a memo of at most :data:`MEMO_LIMIT`)."""
    if not texts_only:
        return lambda records: ["" if (v := a.get(source)) is None else line(v)
                                for a in records]
    made = Made(line)

    def lines(records: list[dict[str, Any]]) -> list[str]:
        if len(made) > MEMO_LIMIT:
            made.clear()
        return ["" if (v := a.get(source)) is None else made[v] for a in records]

    return lines


# ---------------------------------------------------------------------------------------
# the prepared graph


@dataclass
class ExportData:
    """A graph ready to write: plain values, stable order and one kind per attribute."""

    schema: Schema
    sources: dict[str, dict[str, Any]]
    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, str, dict[str, Any]]]
    node_columns: dict[str, str] = field(default_factory=dict)
    edge_columns: dict[str, str] = field(default_factory=dict)
    degree: dict[str, int] = field(default_factory=dict)
    # attribute -> the types of its values (what a writer may take for granted)
    node_types: dict[str, set[type]] = field(default_factory=dict)
    edge_types: dict[str, set[type]] = field(default_factory=dict)

    def text_of(self, scope: str, name: str, kind: str) -> Callable[[Any], str]:
        """:func:`~kgraph.exporters.syntax.text_of` for the attribute ``name`` of ``kind``
        (straight to JSON when every value is a list or a mapping)."""
        return to_json if self.only(scope, name, list, dict) else text_of(kind)

    def only(self, scope: str, name: str, *kinds: type) -> bool:
        """Whether every value of the ``scope`` ("node" or "edge") attribute ``name`` is
        None or of one of the types ``kinds`` (exactly: no subclasses)."""
        found = (self.node_types if scope == "node" else self.edge_types).get(name, set())
        return found <= {type(None), *kinds}

    def type_label(self, etype: str) -> str:
        et = self.schema.entity_types.get(etype)
        return et.label if et and et.label else etype.replace("_", " ")

    def type_color(self, etype: str) -> str:
        return self.schema.color(etype)

    def reading(self, rtype: str) -> str:
        rt = self.schema.relation_types.get(rtype)
        return rt.reading if rt and rt.reading else rtype.replace("_", " ")

    def ancestors(self, etype: str) -> list[str]:
        return self.schema.ancestors(etype)


def columns(records: Iterable[dict[str, Any]], order: Iterable[str],
            types: dict[str, set[type]] | None = None) -> dict[str, str]:
    """Attribute name -> kind over ``records``; names in ``order`` first, then the rest
    alphabetically. Attributes that are always ``None`` are left out. ``types``, when
    given, gets each attribute's types of values."""
    integers: set[str] = set()  # names with an integer value (their range decides)
    kept = list(records)
    # (name, type of a value): every record's names and values, walked by C code
    pairs: set[tuple[str, type]] = set(zip(chain.from_iterable(kept), map(
        type, chain.from_iterable(map(dict.values, kept)))))
    if types is not None:
        for name, kind in pairs:
            types.setdefault(name, set()).add(kind)
    kinds: dict[str, str] = {}
    for name, kind in sorted(pairs, key=lambda p: (p[0], p[1].__name__)):
        if kind is type(None):
            continue
        found = kind_of_type(kind)
        if found == "integer":
            integers.add(name)
        else:
            kinds[name] = merge_kinds(kinds.get(name), found)
    for name in integers:  # an integer beyond 64 bits is text
        merged = kinds.get(name)
        for attrs in kept:
            value = attrs.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                merged = merge_kinds(merged, kind_of(value))
        kinds[name] = merged or "integer"
    first = [n for n in order if n in kinds]
    rest = sorted(n for n in kinds if n not in first)
    return {n: kinds[n] for n in [*first, *rest]}


def prepare(kg: KnowledgeGraph, progress: Progress | None = None,
            privacy: Privacy | None = None) -> ExportData:
    return prepare_graph(kg.graph, kg.schema, kg.sources, progress, privacy)


def prepare_graph(graph: nx.MultiDiGraph, schema: Schema,
                  sources: Mapping[str, Any] | None = None,
                  progress: Progress | None = None,
                  privacy: Privacy | None = None) -> ExportData:
    """``sources``: source id -> description (default: the graph's "sources" attribute).
    ``progress``: told of each entity read (twice: once for itself, once for its edges).
    ``privacy``: what may be shown (default :data:`~kgraph.exporters.privacy.SHARED`: no
    positions, no notes)."""
    from kgraph.exporters.privacy import SHARED

    private = privacy or SHARED
    drop = private.dropped()
    if sources is None:
        sources = graph.graph.get("sources") or {}
    sources = {str(k): plain(private.source(v) if isinstance(v, Mapping) else v)
               for k, v in sources.items()}
    if progress is not None:
        progress.stage("Reading the graph", 2 * len(graph), show_above=2 * ENTITIES_ABOVE)
    from kgraph.graph import degrees, plain_records

    found = plain_records(graph, plain, drop, private.finish, private.markers())
    degree: dict[str, int] | None = None
    if found is not None:  # a compiled graph: straight from its blobs, already finished
        nodes, edges = found
        if progress is not None:
            progress.advance(2 * len(nodes))
        ids = [n for n, _ in nodes]  # (every node and edge: the degrees are the graph's)
        degree = dict(zip(ids, degrees(graph, ids)))
    else:
        nodes, edges = _records(graph, progress)
        # what may go out (no positions, no private notes unless asked for)
        nodes = [(n, private.finish({k: v for k, v in attrs.items() if k not in drop}))
                 for n, attrs in nodes]
        edges = [(u, v, k, private.finish({a: x for a, x in attrs.items() if a not in drop}))
                 for u, v, k, attrs in edges]
    for _, _, key, attrs in [e for e in edges if "type" not in e[3]]:
        attrs["type"] = key.split("~")[0]
    if degree is None:
        degree = dict.fromkeys((n for n, _ in nodes), 0)
        for u, v, _, _ in edges:
            degree[u] = degree.get(u, 0) + 1
            degree[v] = degree.get(v, 0) + 1
    node_types: dict[str, set[type]] = {}
    edge_types: dict[str, set[type]] = {}
    return ExportData(
        schema=schema, sources=dict(sources), nodes=nodes, edges=edges,
        node_columns=columns((a for _, a in nodes), NODE_ORDER, node_types),
        edge_columns=columns((a for *_, a in edges), EDGE_ORDER, edge_types),
        degree=degree, node_types=node_types, edge_types=edge_types,
    )


def _records(graph: nx.MultiDiGraph, progress: Progress | None
             ) -> tuple[list[tuple[str, dict[str, Any]]],
                        list[tuple[str, str, str, dict[str, Any]]]]:
    nodes = []
    for n, attrs in _counted(graph.nodes(data=True), progress):
        nodes.append((str(n), {str(k): plain(v) for k, v in attrs.items() if v is not None}))
    nodes.sort(key=lambda item: item[0])
    edges = []
    for u, nbrs in _counted(graph.adjacency(), progress):  # (out-edges: each edge once)
        for v, keyed in nbrs.items():
            for k, attrs in keyed.items():
                edges.append((str(u), str(v), str(k),
                              {str(a): plain(x) for a, x in attrs.items() if x is not None}))
    edges.sort(key=lambda e: (e[0], e[1], e[2]))
    return nodes, edges


def extra_columns(columns: Mapping[str, str], records: list[dict[str, Any]],
                  skip: Iterable[str], taken: Iterable[str]
                  ) -> Iterator[tuple[str, str, str, list[Any]]]:
    """The data columns a format declares after its own (``skip``: those it writes
    otherwise): ``(name in the file, attribute, kind, every record's value)``, the name
    renamed away from ``taken`` and from the names given before it. The values are
    listed for integer columns only (their range decides their XML type); other columns
    get an empty list."""
    used = set(taken)
    for name, kind in columns.items():
        if name in skip:
            continue
        new = rename(name, used)
        used.add(new)
        yield new, name, kind, [r.get(name) for r in records] if kind == "integer" else []


def rename(name: str, reserved: Iterable[str]) -> str:
    """An attribute name that collides with a name a format reserves gets ``attr_``
    before it (repeatedly, until it is free)."""
    taken = set(reserved)
    while name in taken:
        name = "attr_" + name
    return name


# ---------------------------------------------------------------------------------------
# exporters


class Exporter(ABC):
    """Streams :class:`ExportData` to text file handle(s).

    ``files`` names the files a format writes: ``("",)`` for a single file (``self.fh``),
    several names for formats made of several files (``self.streams[name]``).
    """

    name: ClassVar[str] = ""
    files: ClassVar[tuple[str, ...]] = ("",)
    # a newline argument for each file handle ("" for the csv module, which writes \r\n)
    newline: ClassVar[str | None] = "\n"

    def __init__(self, streams: Mapping[str, IO[str]], data: ExportData, *,
                 utf8: bool = False, **options: Any):
        """``utf8``: the streams are UTF-8 files (:class:`io.TextIOWrapper`) opened without
        newline translation (``newline`` "\\n" or ""), whose bytes :meth:`put` may write
        directly."""
        self.streams = dict(streams)
        self.fh: IO[str] = self.streams.get("") or next(iter(self.streams.values()))
        self.data = data
        self.options = options
        self._buffers: dict[str, IO[bytes]] = {
            name: fh.buffer for name, fh in self.streams.items()
            if utf8 and isinstance(fh, io.TextIOWrapper)}

    def put(self, parts: list[str], name: str = "", sep: str = "", end: str = "") -> None:
        """Write ``sep.join(parts) + end`` to the stream ``name``. To a UTF-8 file, each
        part is encoded on its own: a run of records mostly in ASCII and a few not, joined
        into one text, would be held two or four bytes a character and encoded character
        by character (a third of the time of writing 900 MB of N-Triples)."""
        buffer = self._buffers.get(name)
        if buffer is None:
            self.streams[name].write(sep.join(parts) + end)
            return
        self.streams[name].flush()  # (what was written as text goes first)
        buffer.write(sep.encode().join(map(str.encode, parts)) + end.encode())

    def start(self) -> None:
        """Write headers and declarations."""

    def write_node(self, node: str, attrs: dict[str, Any]) -> None:
        """Write one node."""

    def write_edge(self, index: int, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        """Write one edge; ``index`` counts edges from 0 in output order."""

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        """Write a run of nodes (by default one :meth:`write_node` each; formats that
        write many records override this to write each run in one piece)."""
        for node, attrs in nodes:
            self.write_node(node, attrs)

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        """Write a run of edges, the first of which has index ``first``."""
        for i, (u, v, key, attrs) in enumerate(edges, first):
            self.write_edge(i, u, v, key, attrs)

    def finalize(self) -> None:
        """Write whatever closes the document."""

    def run(self, progress: Progress | None = None) -> None:
        data = self.data
        if progress is not None:
            progress.stage(f"Writing {self.name}", len(data.nodes) + len(data.edges),
                           show_above=RECORDS_ABOVE)
        try:
            self.start()
            for first in range(0, len(data.nodes), RUN):
                run = data.nodes[first:first + RUN]
                self.write_nodes(run)
                if progress is not None:
                    progress.advance(len(run))
            for first in range(0, len(data.edges), RUN):
                edges = data.edges[first:first + RUN]
                self.write_edges(first, edges)
                if progress is not None:
                    progress.advance(len(edges))
            self.finalize()
        finally:
            del data
            self.close()

    def close(self) -> None:
        """Let go of the data and of everything made from it for this run. The writers'
        plans are functions that refer back to the exporter, and so to every record: a
        cycle that reference counting cannot free, which the cyclic collector would find
        only by walking all the records (3 s at 500,000 relations)."""
        vars(self).clear()


RUN = 2000  # records an exporter writes at a time


def _counted(items: Iterable[T], progress: Progress | None, every: int = 2000) -> Iterator[T]:
    """``items``, telling ``progress`` how many went by (every ``every`` items)."""
    if progress is None:
        yield from items
        return
    n = 0
    for item in items:
        yield item
        n += 1
        if n == every:
            progress.advance(n)
            n = 0
    progress.advance(n)
