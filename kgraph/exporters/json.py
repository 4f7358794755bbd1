"""JSON node-link data, the layout of ``networkx.node_link_data`` (edges under "edges").

::

    {"directed": true, "multigraph": true,
     "graph": {"name": "kgraph", "sources": {id: {...}}, "schema": {...}},
     "nodes": [{"id": "opdat", "type": "agency", "name": "...", ...}, ...],
     "edges": [{"source": "a", "target": "b", "key": "attended", "type": "attended", ...}]}

Values are exactly the graph's (lists, mappings, integers, booleans; dates as ISO text);
``None`` is omitted and non-finite numbers become ``null``. Read it back with the standard
library's ``json``, or ``networkx.node_link_graph(data, edges="edges")``.
Written as a stream: one node or edge per line.
"""

from __future__ import annotations

from typing import Any

from kgraph.exporters.base import Exporter
from kgraph.exporters.syntax import to_json

NODE_RESERVED = {"id"}
EDGE_RESERVED = {"source", "target", "key"}


def _rename(attrs: dict[str, Any], reserved: set[str]) -> dict[str, Any]:
    if not reserved.intersection(attrs):
        return attrs
    out = {}
    for k, v in attrs.items():
        while k in reserved or k in out:
            k = "attr_" + k
        out[k] = v
    return out


class JSONExporter(Exporter):
    name = "json"

    def start(self) -> None:
        graph = {"name": "kgraph", "sources": self.data.sources,
                 "schema": self.data.schema.to_dict()}
        self.fh.write('{"directed": true, "multigraph": true,\n')
        self.fh.write(f' "graph": {to_json(graph)},\n "nodes": [')
        self._first = True

    def _items(self, texts: list[str]) -> None:
        if texts:
            self.fh.write("\n  " if self._first else ",\n  ")
            self.put(texts, sep=",\n  ")
            self._first = False

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        self._items([to_json({"id": node, **_rename(attrs, NODE_RESERVED)})
                     for node, attrs in nodes])

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        if first == 0 and edges:
            self._close_nodes()
        self._items([to_json({"source": u, "target": v, "key": key,
                              **_rename(attrs, EDGE_RESERVED)})
                     for u, v, key, attrs in edges])


    def _close_nodes(self) -> None:
        self.fh.write("\n ],\n \"edges\": [")
        self._first = True
        self._nodes_closed = True

    def finalize(self) -> None:
        if not getattr(self, "_nodes_closed", False):
            self._close_nodes()
        self.fh.write("\n ]}\n")
