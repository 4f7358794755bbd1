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
from collections.abc import Callable
from typing import Any

from kgraph.exporters.base import ExportData, Exporter, extra_columns, plan
from kgraph.exporters.graphml import EDGE_RESERVED, NODE_RESERVED, node_size
from kgraph.exporters.syntax import (
    as_text,
    display_label,
    hex_rgb,
    memo,
    text_of,
    xml_attr,
    xml_value_type,
)

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
    undated: tuple[str | None, bool] = (None, False)
    nodes = {n: begins(attrs) if "date" in attrs or "start" in attrs else undated
             for n, attrs in data.nodes}
    edges: list[tuple[str | None, bool]] = []
    add = edges.append
    for u, v, _, attrs in data.edges:
        best = begins(attrs) if "date" in attrs or "start" in attrs else undated
        for end in (nodes.get(u, undated), nodes.get(v, undated)):  # the latest; ties: the first
            if end[0] is not None and (best[0] is None or end[0] > best[0]):
                best = end
        add(best)
    return nodes, edges


def _escaped(kind: str) -> Callable[[Any], str]:
    """Value -> its text escaped for an XML attribute, in a column of ``kind``."""
    text = text_of(kind)
    return lambda value: xml_attr(text(value))


def _start(day: str | None) -> str:
    return f' start="{day}"' if day else ""


def _derived_line(attrs: list[Attr], name: str, value: Any = None) -> str:
    """The attvalue line of the derived attribute ``name`` (``value``: its value as it
    is written; without one, ``@`` stands for it)."""
    found = next(a for a in attrs if a.id == name)
    shown = "@" if value is None else xml_attr(as_text(value, found.kind))
    return f'          <attvalue for="{xml_attr(found.id)}" value="{shown}"/>\n'


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

    def _fields(self, attrs: list[Attr]
                ) -> Callable[[dict[str, Any]], list[tuple[Any, tuple[str, Callable[[Any], str]]]]]:
        """A record -> [(value, (opening of its attvalue, value -> escaped text))] of the
        attributes read from its own, in order."""
        return plan([(a.source, (f'          <attvalue for="{xml_attr(a.id)}" value="',
                                 _escaped(a.kind)))
                     for a in attrs if a.source is not None and a.source != "type"])

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        if not hasattr(self, "_node_plan"):
            by_degree: dict[int, tuple[str, str]] = {}
            self._node_plan = (self._fields(self.node_attrs), self._node_heads(), by_degree)
        fields, head, degree_lines = self._node_plan
        degrees, times = self.data.degree, self.node_times
        inferred_line = _derived_line(self.node_attrs, "time_inferred")
        parts: list[str] = []
        add = parts.append
        for node, attrs in nodes:
            etype = attrs.get("type")
            degree = degrees.get(node, 0)
            lines = degree_lines.get(degree)
            if lines is None:
                lines = degree_lines[degree] = (
                    _derived_line(self.node_attrs, "degree", degree),
                    f'        <viz:size value="{node_size(degree)!r}"/>\n')
            typed, color = head(str(etype if etype is not None else ""))
            day, inferred = times[node]
            add(f'      <node id="{xml_attr(node)}" '
                f'label="{xml_attr(display_label(attrs.get("name"), node))}"'
                f"{_start(day)}>\n        <attvalues>\n")
            if etype is not None:
                add(f'          <attvalue for="entity_type" '
                    f'value="{xml_attr(as_text(etype, "string"))}"/>\n')
            add(typed)
            add(lines[0])
            if day:
                add(inferred_line.replace("@", "true" if inferred else "false"))
            for value, (tag, text) in fields(attrs):
                add(f'{tag}{text(value)}"/>\n')
            add("        </attvalues>\n")
            add(color)
            add(lines[1])
            add("      </node>\n")
        self.put(parts)

    def _node_heads(self) -> Callable[[str], tuple[str, str]]:
        """Entity type -> (its derived attvalues, its viz:color line), made once."""
        made: dict[str, tuple[str, str]] = {}

        def head(etype: str) -> tuple[str, str]:
            found = made.get(etype)
            if found is None:
                r, g, b = hex_rgb(self.data.type_color(etype))
                found = made[etype] = (
                    _derived_line(self.node_attrs, "type_label", self.data.type_label(etype))
                    + _derived_line(self.node_attrs, "type_color",
                                    self.data.type_color(etype)),
                    f'        <viz:color r="{r}" g="{g}" b="{b}"/>\n')
            return found

        return head

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        if first == 0 and edges:
            self.fh.write("    </nodes>\n    <edges>\n")
            self._edges_open = True
        if not hasattr(self, "_edge_plan"):
            kinds: dict[str, str] = {}
            data = self.data

            def kind(rtype: str) -> str:
                found = kinds.get(rtype)
                if found is None:
                    found = kinds[rtype] = (f'kind="{xml_attr(rtype)}" '
                                            f'label="{xml_attr(data.reading(rtype))}"')
                return found

            self._edge_plan = (self._fields(self.edge_attrs), kind, memo(xml_attr))
        fields, kind, attr = self._edge_plan
        times = self.edge_times
        relation_line = _derived_line(self.edge_attrs, "relation")
        key_line = _derived_line(self.edge_attrs, "edge_key")
        inferred_line = _derived_line(self.edge_attrs, "time_inferred")
        parts: list[str] = []
        add = parts.append
        for i, (u, v, key, attrs) in enumerate(edges, first):
            rtype = attrs.get("type")
            day, inferred = times[i]
            add(f'      <edge id="e{i}" source="{attr(u)}" target="{attr(v)}" '
                f"{kind(str(rtype if rtype is not None else key))}"
                f"{_start(day)}>\n        <attvalues>\n")
            if rtype is not None:
                add(relation_line.replace("@", attr(as_text(rtype, "string"))))
            add(key_line.replace("@", attr(key)))
            if day:
                add(inferred_line.replace("@", "true" if inferred else "false"))
            for value, (tag, text) in fields(attrs):
                add(f'{tag}{text(value)}"/>\n')
            add("        </attvalues>\n      </edge>\n")
        self.put(parts)

    def finalize(self) -> None:
        if getattr(self, "_edges_open", False):
            self.fh.write("    </edges>\n")
        else:
            self.fh.write("    </nodes>\n    <edges>\n    </edges>\n")
        self.fh.write("  </graph>\n</gexf>\n")
