"""GEXF 1.3 for Gephi, with colours, sizes and the timeline.

Written by hand rather than with ``networkx.write_gexf`` (which writes a wrong xsi
namespace, no edge ``kind``, and takes an edge attribute named ``type`` for the edge's
direction). Here:

* the root declares ``xmlns="http://gexf.net/1.3"``, ``xmlns:viz="http://gexf.net/1.3/viz"``
  and the schema location of GEXF 1.3;
* ``<graph mode="dynamic" defaultedgetype="directed" timeformat="date">``, with time
  made to tell the story on Gephi's timeline (see :func:`appearances`): everything
  appears when it begins or happens and then stays (an event is a moment in the story,
  not a lifetime: the summit does not vanish after its second day, nor do the relations
  that grew out of it); a relation appears on its own date, and an undated one when
  both its ends are there; a partial date covers its whole period (``2017-12`` is on
  screen in any window that reaches into December 2017, so it starts on 2017-12-01);
  undated entities are always there. ``time_inferred`` (true/false) marks what appears
  on a day the data inferred rather than stated;
* nodes carry ``label`` (the name), ``viz:color`` (the entity type's colour) and
  ``viz:size`` (growing with the square root of the degree), and the attributes
  ``entity_type`` (not ``type``, which sigma.js reserves), ``type_label``,
  ``type_color``, ``degree`` and every entity attribute (a reserved name gets
  ``attr_`` in front, as in GraphML);
* edges have unique ids, ``label`` = the relation's reading ("attended"), ``kind`` = the
  relation type (Gephi's edge type, so relations of different types between two entities
  stay apart), and the attributes ``relation``, ``edge_key`` and every relation attribute;
* the data's own ``start``/``end`` (partial dates, as written) are the attributes
  ``attr_start``/``attr_end``, apart from the elements' time interval;
* attributes are declared once with one type; ``None`` is omitted; lists and mappings are
  JSON text; characters XML cannot carry are removed.
"""

from __future__ import annotations

import re
from typing import Any

from kgraph.exporters.base import (
    ExportData,
    Exporter,
    as_text,
    display_label,
    extra_columns,
    hex_rgb,
    xml_attr,
    xml_value_type,
)
from kgraph.exporters.graphml import EDGE_RESERVED, NODE_RESERVED, node_size

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSD = "http://gexf.net/1.3/gexf.xsd"

# an element's own start/end are its time interval (networkx's reader puts them where an
# attribute of that name would go): the data's partial dates become attr_start/attr_end
# (NODE_RESERVED and EDGE_RESERVED hold start and end; see kgraph.exporters.graphml)

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


def first_day(value: Any) -> str | None:
    """The first day a (partial) ISO date covers, or None when it is not a date."""
    m = _DATE.match(str(value))
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2) or "01", m.group(3) or "01"
    return f"{y}-{mo}-{d}"


def begins(attrs: dict[str, Any]) -> tuple[str | None, bool]:
    """The first day an entity or relation is in the story (its ``date``, else its
    ``start``) and whether that day was inferred rather than stated; ``(None, False)``
    when it has neither (a span known only by its end has no known beginning either)."""
    found = attrs.get("inferred")
    inferred: dict[str, Any] = found if isinstance(found, dict) else {}
    for field in ("date", "start"):
        if attrs.get(field) is not None:
            day = first_day(attrs[field])
            if day is not None:
                return day, field in inferred
    return None, False


def appearances(data: ExportData) -> tuple[dict[str, tuple[str | None, bool]],
                                         list[tuple[str | None, bool]]]:
    """When each node and each edge (in ``data.edges`` order) appears on the timeline, and
    whether that day is inferred: an entity from its first day, and for good; a relation
    from its own first day, but never before both its ends (an undated one: from when
    both ends are there), inferred when the day it gets is."""
    nodes = {n: begins(attrs) for n, attrs in data.nodes}
    edges: list[tuple[str | None, bool]] = []
    for u, v, _, attrs in data.edges:
        dated = [(day, inferred) for day, inferred in (
            begins(attrs), nodes.get(u, (None, False)), nodes.get(v, (None, False)))
            if day is not None]
        edges.append(max(dated, key=lambda x: x[0]) if dated else (None, False))
    return nodes, edges


def gexf_type(kind: str, values: list[Any]) -> str:
    return xml_value_type(kind, values, "integer")


class Attr:
    __slots__ = ("id", "kind", "source", "type")

    def __init__(self, id: str, type: str, kind: str, source: str | None):
        self.id = id  # id and title: graphology names attributes by id
        self.type = type
        self.kind = kind
        self.source = source  # None: derived


def node_attrs(data: ExportData) -> list[Attr]:
    out = [Attr("entity_type", "string", "string", "type"),
           Attr("type_label", "string", "string", None),
           Attr("type_color", "string", "string", None),
           Attr("degree", "integer", "integer", None),
           Attr("time_inferred", "boolean", "boolean", None)]
    for new, name, kind, values in extra_columns(data.node_columns, [a for _, a in data.nodes],
                                                 ("type", "name"),
                                                 NODE_RESERVED | {a.id for a in out}):
        out.append(Attr(new, gexf_type(kind, values), kind, name))
    return out


def edge_attrs(data: ExportData) -> list[Attr]:
    out = [Attr("relation", "string", "string", "type"),
           Attr("edge_key", "string", "string", None),
           Attr("time_inferred", "boolean", "boolean", None)]
    for new, name, kind, values in extra_columns(data.edge_columns, [e[3] for e in data.edges],
                                                 ("type",),
                                                 EDGE_RESERVED | {a.id for a in out}):
        out.append(Attr(new, gexf_type(kind, values), kind, name))
    return out


class GEXFExporter(Exporter):
    name = "gexf"

    def start(self) -> None:
        self.node_attrs = node_attrs(self.data)
        self.edge_attrs = edge_attrs(self.data)
        self.node_times, self.edge_times = appearances(self.data)
        w = self.fh.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(f'<gexf xmlns="{NS}" xmlns:viz="{VIZ}" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          f'xsi:schemaLocation="{NS} {XSD}" version="1.3">\n')
        w("  <meta>\n    <creator>kgraph</creator>\n"
          "    <description>Entities and evidenced relations; see docs/exports.md"
          "</description>\n  </meta>\n")
        w('  <graph mode="dynamic" defaultedgetype="directed" timeformat="date">\n')
        for cls, attrs in (("node", self.node_attrs), ("edge", self.edge_attrs)):
            w(f'    <attributes class="{cls}" mode="static">\n')
            for a in attrs:
                w(f'      <attribute id="{xml_attr(a.id)}" title="{xml_attr(a.id)}" '
                  f'type="{a.type}"/>\n')
            w("    </attributes>\n")
        w("    <nodes>\n")

    def _attvalues(self, attrs: list[Attr], values: dict[str, Any],
                   derived: dict[str, Any]) -> list[str]:
        parts = ["        <attvalues>\n"]
        for a in attrs:
            value = derived.get(a.id) if a.source is None else values.get(a.source)
            if value is not None:
                parts.append(f'          <attvalue for="{xml_attr(a.id)}" '
                             f'value="{xml_attr(as_text(value, a.kind))}"/>\n')
        parts.append("        </attvalues>\n")
        return parts

    @staticmethod
    def _start(day: str | None) -> str:
        return f' start="{day}"' if day else ""

    def write_node(self, node: str, attrs: dict[str, Any]) -> None:
        etype = str(attrs.get("type", ""))
        degree = self.data.degree.get(node, 0)
        label = display_label(attrs.get("name"), node)
        day, inferred = self.node_times[node]
        derived = {"type_label": self.data.type_label(etype),
                   "type_color": self.data.type_color(etype), "degree": degree,
                   "time_inferred": inferred if day else None}
        r, g, b = hex_rgb(self.data.type_color(etype))
        parts = [(f'      <node id="{xml_attr(node)}" label="{xml_attr(label)}"'
                  f"{self._start(day)}>\n")]
        parts += self._attvalues(self.node_attrs, attrs, derived)
        parts.append(f'        <viz:color r="{r}" g="{g}" b="{b}"/>\n')
        parts.append(f'        <viz:size value="{node_size(degree)!r}"/>\n')
        parts.append("      </node>\n")
        self.fh.write("".join(parts))

    def write_edge(self, index: int, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        if index == 0:
            self.fh.write("    </nodes>\n    <edges>\n")
            self._edges_open = True
        rtype = str(attrs.get("type", key))
        day, inferred = self.edge_times[index]
        parts = [(f'      <edge id="e{index}" source="{xml_attr(u)}" target="{xml_attr(v)}" '
                  f'kind="{xml_attr(rtype)}" label="{xml_attr(self.data.reading(rtype))}"'
                  f"{self._start(day)}>\n")]
        parts += self._attvalues(self.edge_attrs, attrs,
                                 {"edge_key": key, "time_inferred": inferred if day else None})
        parts.append("      </edge>\n")
        self.fh.write("".join(parts))

    def finalize(self) -> None:
        if getattr(self, "_edges_open", False):
            self.fh.write("    </edges>\n")
        else:
            self.fh.write("    </nodes>\n    <edges>\n    </edges>\n")
        self.fh.write("  </graph>\n</gexf>\n")
