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
from itertools import repeat
from typing import Any

from kgraph.exporters.base import ExportData, Exporter, column, extra_columns
from kgraph.exporters.graphml import EDGE_RESERVED, NODE_RESERVED, node_size
from kgraph.exporters.syntax import (
    Made,
    as_text,
    display_label,
    hex_rgb,
    memo,
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


def begins(attrs: dict[str, Any], day: Callable[[Any], str | None] = first_day
           ) -> tuple[str | None, bool]:
    """The first day an entity or relation is in the story (its ``date``, else its
    ``start``) and whether that day was inferred rather than stated; ``(None, False)``
    when it has neither (a span known only by its end has no known beginning either).
    ``day``: :func:`first_day`, or a memo of it."""
    found = attrs.get("inferred")
    inferred: dict[str, Any] = found if isinstance(found, dict) else {}
    for field in ("date", "start"):
        if attrs.get(field) is not None:
            first = day(attrs[field])
            if first is not None:
                return first, field in inferred
    return None, False


def appearances(data: ExportData) -> tuple[dict[str, tuple[str | None, bool]],
                                         list[tuple[str | None, bool]]]:
    """When each node and each edge (in ``data.edges`` order) appears on the timeline, and
    whether that day is inferred: an entity from its first day, and for good; a relation
    from its own first day, but never before both its ends (an undated one: from when
    both ends are there), inferred when the day it gets is."""
    undated: tuple[str | None, bool] = (None, False)
    made = Made(first_day)  # (dates recur: each text's first day found once)

    def day(value: Any) -> str | None:
        return made[value] if type(value) is str else first_day(value)  # type: ignore[no-any-return]

    nodes = {n: begins(attrs, day) if "date" in attrs or "start" in attrs else undated
             for n, attrs in data.nodes}
    edges: list[tuple[str | None, bool]] = []
    add = edges.append
    for u, v, _, attrs in data.edges:
        best = begins(attrs, day) if "date" in attrs or "start" in attrs else undated
        for end in (nodes.get(u, undated), nodes.get(v, undated)):  # the latest; ties: the first
            if end[0] is not None and (best[0] is None or end[0] > best[0]):
                best = end
        add(best)
    return nodes, edges


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

    def _columns(self, attrs: list[Attr], scope: str
                 ) -> list[Callable[[list[dict[str, Any]]], list[str]]]:
        """The attvalue lines of the attributes read from the records' own, in order: a
        function from a run of records to each one's line (see :func:`column`)."""
        def line(a: Attr) -> Callable[[Any], str]:
            tag = f'          <attvalue for="{xml_attr(a.id)}" value="'
            text = self.data.text_of(scope, a.source or "", a.kind)
            return lambda value: f'{tag}{xml_attr(text(value))}"/>\n'

        return [column(a.source, line(a), self.data.only(scope, a.source, str))
                for a in attrs if a.source is not None and a.source != "type"]

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        if not hasattr(self, "_node_plan"):
            def lines_of(degree: int) -> tuple[str, str]:
                return (_derived_line(self.node_attrs, "degree", degree),
                        f'        <viz:size value="{node_size(degree)!r}"/>\n')

            time_line = _derived_line(self.node_attrs, "time_inferred")
            self._node_plan = (self._columns(self.node_attrs, "node"), self._node_heads(),
                               Made(lines_of), {True: time_line.replace("@", "true"),
                                                False: time_line.replace("@", "false")})
        columns, head, by_degree, inferred_line = self._node_plan
        degrees, times = self.data.degree, self.node_times
        heads, tails = [], []
        for node, attrs in nodes:
            typed, color = head(attrs.get("type"))
            degree, size = by_degree[degrees.get(node, 0)]
            day, inferred = times[node]
            heads.append(f'      <node id="{xml_attr(node)}" '
                         f'label="{xml_attr(display_label(attrs.get("name"), node))}"'
                         f"{_start(day)}>\n        <attvalues>\n{typed}{degree}"
                         f"{inferred_line[inferred] if day else ''}")
            tails.append(f"        </attvalues>\n{color}{size}      </node>\n")
        records = [attrs for _, attrs in nodes]
        self.put(list(map("".join, zip(heads, *(lines(records) for lines in columns),
                                       tails))))

    def _node_heads(self) -> Callable[[Any], tuple[str, str]]:
        """Entity type (the value of a node's ``type``, None when it has none) -> (its
        attvalues, its viz:color line), made once."""
        data = self.data

        def head(etype: Any) -> tuple[str, str]:
            name = str(etype if etype is not None else "")
            r, g, b = hex_rgb(data.type_color(name))
            typed = "" if etype is None else (
                f'          <attvalue for="entity_type" '
                f'value="{xml_attr(as_text(etype, "string"))}"/>\n')
            return (typed + _derived_line(self.node_attrs, "type_label", data.type_label(name))
                    + _derived_line(self.node_attrs, "type_color", data.type_color(name)),
                    f'        <viz:color r="{r}" g="{g}" b="{b}"/>\n')

        made = Made(head)
        return lambda etype: made[etype] if etype is None or type(etype) is str else head(etype)

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        if first == 0 and edges:
            self.fh.write("    </nodes>\n    <edges>\n")
            self._edges_open = True
        if not hasattr(self, "_edge_plan"):
            data, declared = self.data, self.edge_attrs

            def kind_of(rtype: str) -> str:
                return f'kind="{xml_attr(rtype)}" label="{xml_attr(data.reading(rtype))}"'

            relation_line = _derived_line(declared, "relation")
            key_line = _derived_line(declared, "edge_key")
            time_line = _derived_line(declared, "time_inferred")
            self._edge_plan = (
                self._columns(declared, "edge"), Made(kind_of), memo(xml_attr),
                Made(lambda t: relation_line.replace("@", xml_attr(as_text(t, "string")))),
                Made(lambda key: key_line.replace("@", xml_attr(key))),
                {True: time_line.replace("@", "true"), False: time_line.replace("@", "false")})
        columns, kind, attr, related, keyed, inferred_line = self._edge_plan
        times = self.edge_times
        heads = []
        for i, (u, v, key, attrs) in enumerate(edges, first):
            rtype = attrs.get("type")
            day, inferred = times[i]
            typed = "" if rtype is None else related[rtype] if type(rtype) is str else (
                related.make(rtype))
            heads.append(f'      <edge id="e{i}" source="{attr(u)}" target="{attr(v)}" '
                         f"{kind[str(rtype if rtype is not None else key)]}{_start(day)}>\n"
                         f"        <attvalues>\n{typed}{keyed[key]}"
                         f"{inferred_line[inferred] if day else ''}")
        records = [e[3] for e in edges]
        self.put(list(map("".join, zip(heads, *(lines(records) for lines in columns),
                                       repeat("        </attvalues>\n      </edge>\n")))))

    def finalize(self) -> None:
        if getattr(self, "_edges_open", False):
            self.fh.write("    </edges>\n")
        else:
            self.fh.write("    </nodes>\n    <edges>\n    </edges>\n")
        self.fh.write("  </graph>\n</gexf>\n")
