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
from typing import Any

from kgraph.exporters.base import (
    ExportData,
    Exporter,
    as_text,
    display_label,
    extra_columns,
    hex_rgb,
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

    def _data(self, key: Key, value: Any, indent: str = "      ") -> str:
        return f'{indent}<data key="{key.id}">{xml_text(as_text(value, key.kind))}</data>\n'

    def write_node(self, node: str, attrs: dict[str, Any]) -> None:
        etype = str(attrs.get("type", ""))
        degree = self.data.degree.get(node, 0)
        r, g, b = hex_rgb(self.data.type_color(etype))
        derived = {
            "label": display_label(attrs.get("name"), node),
            "type_label": self.data.type_label(etype),
            "type_color": self.data.type_color(etype),
            "degree": degree, "r": r, "g": g, "b": b, "size": node_size(degree),
        }
        parts = [f'    <node id="{xml_attr(node)}">\n']
        for k in self.node_keys:
            value = derived.get(k.name) if k.source is None else attrs.get(k.source)
            if value is not None:
                parts.append(self._data(k, value))
        parts.append("    </node>\n")
        self.fh.write("".join(parts))

    def write_edge(self, index: int, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        rtype = str(attrs.get("type", key))
        derived = {"label": self.data.reading(rtype), "edge_key": key}
        parts = [f'    <edge id="e{index}" source="{xml_attr(u)}" target="{xml_attr(v)}">\n']
        for k in self.edge_keys:
            value = derived.get(k.name) if k.source is None else attrs.get(k.source)
            if value is not None:
                parts.append(self._data(k, value))
        parts.append("    </edge>\n")
        self.fh.write("".join(parts))

    def finalize(self) -> None:
        self.fh.write("  </graph>\n</graphml>\n")
