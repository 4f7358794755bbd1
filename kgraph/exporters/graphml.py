"""GraphML, written for Gephi (and read by igraph, networkx, graphology, yEd...).

Written by hand rather than with ``networkx.write_graphml``, which raises on ``None``,
lists, mappings and dates (leaving a 0-byte file), declares ``long`` for every integer,
gives a MultiDiGraph's parallel edges duplicate ids and writes invalid XML for control
characters. Here:

* the file is valid against the GraphML XML Schema: nothing but ``id``, ``source`` and
  ``target`` on ``<edge>``;
* every attribute is declared once, with one type (``string``, ``int``/``long``,
  ``double`` or ``boolean``); ``None`` is omitted; lists and mappings are JSON text;
  dates are ISO text; characters XML cannot carry are removed;
* key ids are ``_n0``, ``_n1``... and ``_e0``...: never ``d3``/``d7``, which Gephi takes
  for yEd's node and edge labels, and never an entity id (those start with a letter or
  digit);
* nodes have ``label`` (the entity's name), ``entity_type``, ``type_label``,
  ``type_color`` and ``degree``, plus ``r``/``g``/``b`` (the type's colour) and ``size``
  (by degree), which Gephi and graphology use for display. The entity type is
  ``entity_type``, not ``type``: sigma.js (Gephi Lite's renderer) takes a node's
  ``type`` for the program that draws it. An entity attribute whose name Gephi,
  graphology or sigma.js reserve (:data:`NODE_RESERVED`) is written as ``attr_<name>``;
* edges have globally unique ids (``e0``, ``e1``...), ``label`` (the relation's reading,
  e.g. "attended", which Gephi shows as the edge label), ``relation`` (its type) and
  ``edge_key`` (the graph's edge key), and the relation's attributes (reserved names
  as for nodes, :data:`EDGE_RESERVED`). No ``weight`` is written (Gephi drops edges of
  weight 0; it uses 1 by default).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import repeat
from typing import Any

from kgraph.exporters.base import ExportData, Exporter, column, extra_columns
from kgraph.exporters.syntax import (
    Made,
    as_text,
    display_label,
    hex_rgb,
    memo,
    to_json,
    xml_attr,
    xml_text,
    xml_value_type,
)

NS = "http://graphml.graphdrawing.org/xmlns"
XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

# Names with a meaning of their own somewhere an export is opened: Gephi's importers map
# them to node/edge properties (label, x, y, z, size, r, g, b, color, weight, id, the
# timeline's start/end/timeset/interval, yEd's d3/d7); graphology's GEXF and GraphML
# parsers fill them from the file's own markup (label, weight, kind, color, size, x, y,
# z, shape, thickness); sigma.js, which draws Gephi Lite, reads them for display (x, y,
# size, color, label, type, hidden, forceLabel, zIndex, highlighted, image). Add the
# columns kgraph writes itself.
NODE_RESERVED = {"id", "label", "x", "y", "z", "xpos", "ypos", "size", "color", "r", "g",
                 "b", "d3", "shape", "kind", "weight", "thickness", "type", "hidden",
                 "forceLabel", "zIndex", "highlighted", "image", "start", "end", "timeset",
                 "interval", "pid", "entity_type", "type_label", "type_color", "degree"}
EDGE_RESERVED = {"id", "label", "edgelabel", "weight", "Edge Weight", "edgeid", "color",
                 "r", "g", "b", "d7", "kind", "thickness", "shape", "size", "type", "hidden",
                 "forceLabel", "zIndex", "start", "end", "timeset", "interval", "relation",
                 "edge_key", "key", "source", "target"}


def node_size(degree: int) -> float:
    """Display size from the number of relations: 10 for an isolated entity, growing with
    the square root of the degree so that hubs stand out without swamping the rest."""
    return round(10.0 + 5.0 * math.sqrt(degree), 3)


def graphml_type(kind: str, values: list[Any]) -> str:
    return xml_value_type(kind, values, "int")


class Key:
    __slots__ = ("id", "kind", "name", "source", "type")

    def __init__(self, id: str, name: str, type: str, kind: str, source: str | None):
        self.id = id
        self.name = name  # attr.name
        self.type = type  # attr.type
        self.kind = kind  # our kind, to format values
        self.source = source  # the graph attribute it comes from (None: derived)


def node_keys(data: ExportData) -> list[Key]:
    keys = [Key("_n0", "label", "string", "string", None),
            Key("_n1", "entity_type", "string", "string", "type")]
    derived = [("type_label", "string", "string"), ("type_color", "string", "string"),
               ("degree", "int", "integer"), ("r", "int", "integer"),
               ("g", "int", "integer"), ("b", "int", "integer"),
               ("size", "double", "number")]
    for name, gtype, kind in derived:
        keys.append(Key(f"_n{len(keys)}", name, gtype, kind, None))
    # (type is above; the name is the label)
    for new, name, kind, values in extra_columns(data.node_columns, [a for _, a in data.nodes],
                                                 ("type", "name"),
                                                 NODE_RESERVED | {k.name for k in keys}):
        keys.append(Key(f"_n{len(keys)}", new, graphml_type(kind, values), kind, name))
    return keys


def edge_keys(data: ExportData) -> list[Key]:
    keys = [Key("_e0", "label", "string", "string", None),
            Key("_e1", "relation", "string", "string", "type"),
            Key("_e2", "edge_key", "string", "string", None)]
    for new, name, kind, values in extra_columns(data.edge_columns, [e[3] for e in data.edges],
                                                 ("type",), EDGE_RESERVED | {k.name for k in keys}):
        keys.append(Key(f"_e{len(keys)}", new, graphml_type(kind, values), kind, name))
    return keys


class GraphMLExporter(Exporter):
    name = "graphml"

    def start(self) -> None:
        self.node_keys = node_keys(self.data)
        self.edge_keys = edge_keys(self.data)
        w = self.fh.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(f'<graphml xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          f'xsi:schemaLocation="{NS} {XSD}">\n')
        w("  <!-- written by kgraph; see docs/exports.md -->\n")
        w('  <key id="_g0" for="graph" attr.name="sources" attr.type="string"/>\n')
        for scope, keys in (("node", self.node_keys), ("edge", self.edge_keys)):
            for k in keys:
                w(f'  <key id="{k.id}" for="{scope}" attr.name="{xml_attr(k.name)}" '
                  f'attr.type="{k.type}"/>\n')
        w('  <graph id="kgraph" edgedefault="directed">\n')
        w(f'    <data key="_g0">{xml_text(to_json(self.data.sources))}</data>\n')

    def _columns(self, keys: list[Key], scope: str
                 ) -> list[Callable[[list[dict[str, Any]]], list[str]]]:
        """The data lines of the keys read from the records' own attributes, in order:
        a function from a run of records to each one's line (see :func:`column`)."""
        def line(key: Key) -> Callable[[Any], str]:
            tag, text = f'      <data key="{key.id}">', self.data.text_of(scope, key.source or "", key.kind)
            return lambda value: f"{tag}{xml_text(text(value))}</data>\n"

        return [column(k.source, line(k), self.data.only(scope, k.source, str))
                for k in keys if k.source is not None and k.source != "type"]

    def _node_heads(self) -> Callable[[Any], tuple[str, str]]:
        """Entity type (the value of a node's ``type``, None when it has none) -> (its
        lines before the degree, the r/g/b lines), made once."""
        ids = {k.name: k.id for k in self.node_keys}
        data = self.data

        def head(etype: Any) -> tuple[str, str]:
            name = str(etype if etype is not None else "")
            r, g, b = hex_rgb(data.type_color(name))
            typed = "" if etype is None else (
                f'      <data key="{ids["entity_type"]}">'
                f'{xml_text(as_text(etype, "string"))}</data>\n')
            before = (f'{typed}      <data key="{ids["type_label"]}">'
                      f"{xml_text(data.type_label(name))}</data>\n"
                      f'      <data key="{ids["type_color"]}">'
                      f"{xml_text(data.type_color(name))}</data>\n")
            return before, (f'      <data key="{ids["r"]}">{r}</data>\n'
                            f'      <data key="{ids["g"]}">{g}</data>\n'
                            f'      <data key="{ids["b"]}">{b}</data>\n')

        made = Made(head)
        return lambda etype: made[etype] if etype is None or type(etype) is str else head(etype)

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        if not hasattr(self, "_node_plan"):
            ids = {k.name: k.id for k in self.node_keys}

            def lines_of(degree: int) -> tuple[str, str]:
                return (f'      <data key="{ids["degree"]}">{degree}</data>\n',
                        f'      <data key="{ids["size"]}">{node_size(degree)!r}</data>\n')

            self._node_plan = (self._columns(self.node_keys, "node"), self._node_heads(),
                               Made(lines_of), f'      <data key="{ids["label"]}">')
        columns, head, by_degree, label = self._node_plan
        degrees = self.data.degree
        heads = []
        for node, attrs in nodes:
            typed, rgb = head(attrs.get("type"))
            degree, size = by_degree[degrees.get(node, 0)]
            heads.append(f'    <node id="{xml_attr(node)}">\n{label}'
                         f'{xml_text(display_label(attrs.get("name"), node))}</data>\n'
                         f"{typed}{degree}{rgb}{size}")
        records = [attrs for _, attrs in nodes]
        self.put(list(map("".join, zip(heads, *(lines(records) for lines in columns),
                                       repeat("    </node>\n")))))

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        if not hasattr(self, "_edge_plan"):
            ids = {k.name: k.id for k in self.edge_keys}

            def labelled(rtype: Any) -> str:
                """The label line (the reading) and the relation line of a type."""
                reading = self.data.reading(str(rtype))
                return (f'      <data key="{ids["label"]}">{xml_text(reading)}</data>\n'
                        f'      <data key="{ids["relation"]}">'
                        f'{xml_text(as_text(rtype, "string"))}</data>\n')

            made = Made(labelled)
            self._edge_plan = (
                self._columns(self.edge_keys, "edge"),
                lambda rtype: made[rtype] if type(rtype) is str else labelled(rtype),
                memo(xml_attr),
                Made(lambda key: f'      <data key="{ids["edge_key"]}">{xml_text(key)}</data>\n'),
                Made(lambda key: f'      <data key="{ids["label"]}">'
                                 f"{xml_text(self.data.reading(key))}</data>\n"))
        columns, labelled, attr, keyed, untyped = self._edge_plan
        heads = []
        for i, (u, v, key, attrs) in enumerate(edges, first):
            rtype = attrs.get("type")
            heads.append(f'    <edge id="e{i}" source="{attr(u)}" target="{attr(v)}">\n'
                         f"{untyped[key] if rtype is None else labelled(rtype)}{keyed[key]}")
        records = [e[3] for e in edges]
        self.put(list(map("".join, zip(heads, *(lines(records) for lines in columns),
                                       repeat("    </edge>\n")))))

    def finalize(self) -> None:
        self.fh.write("  </graph>\n</graphml>\n")
