"""CSV: ``nodes.csv``, ``edges.csv``, ``sources.csv`` and ``datapackage.json``.

Written into a directory (``-o DIR``) or a zip file (``-o FILE.zip``).

* ``nodes.csv``: ``id`` then the node attributes (``type``, ``name``, ``aliases``, ...);
* ``edges.csv``: ``source``, ``target``, ``key`` then the edge attributes (``type``, ...);
* ``sources.csv``: ``id``, ``title``, ``publisher``, ``date``, ``file``, ``url`` (and any
  other fields) of the source documents that evidence refers to;
* ``datapackage.json``: a Frictionless Data Package naming every column's type, so tools
  (and people) know which columns hold numbers, booleans or JSON.

RFC 4180 CSV in UTF-8 (quoted where needed, ``\\r\\n`` line ends; values may contain
newlines). Integers and numbers are written as Python writes them, booleans as
``true``/``false``, lists and mappings as JSON. An empty cell means the attribute is
absent (or empty text). An attribute named like a fixed column gets ``attr_`` before it.

Spreadsheet formula injection (OWASP's "CSV injection") is guarded against by default: a
text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
``'`` in front, so that Excel, LibreOffice or Google Sheets show it instead of running it
as a formula (see :func:`guard`). Numbers, booleans and JSON cells are never changed. The
option ``raw=True`` (``kgraph export csv --raw-csv``) writes every value as it is.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from typing import Any

from kgraph.exporters.base import Exporter, column, columns, rename
from kgraph.exporters.syntax import Made, as_text, csv_cell, csv_rows

FIELD_TYPES = {"string": "string", "integer": "integer", "number": "number",
               "boolean": "boolean", "array": "array", "object": "object"}

# a cell a spreadsheet would run as a formula (after any ' that guard() put in front)
_FORMULA = re.compile("'*[=+\\-@\t\r]")
_FIRST = frozenset("'=+-@\t\r")


def guard(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: a ``'`` before text that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return (OWASP's advice). Text that already
    starts with ``'`` and then one of those gets one more, so :func:`unguard` is exact."""
    if text[:1] not in _FIRST:  # (what nearly every cell starts with: no pattern needed)
        return text
    return "'" + text if _FORMULA.match(text) else text


def unguard(cell: str) -> str:
    """The value :func:`guard` was given: one leading ``'`` removed where it added one."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def header(fixed: list[str], columns: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """[(column name, kind, graph attribute or None for fixed columns)]."""
    out: list[tuple[str, str, str | None]] = [(name, "string", None) for name in fixed]
    for name, kind in columns.items():
        out.append((rename(name, {c for c, _, _ in out}), kind, name))
    return out


def field(name: str, kind: str) -> dict[str, Any]:
    f: dict[str, Any] = {"name": name, "type": FIELD_TYPES[kind]}
    if kind == "boolean":
        f["trueValues"] = ["true"]
        f["falseValues"] = ["false"]
    return f


class CSVExporter(Exporter):
    name = "csv"
    files = ("nodes.csv", "edges.csv", "sources.csv", "datapackage.json")
    newline = ""

    def start(self) -> None:
        self.text: Callable[[str], str] = str if self.options.get("raw") else guard
        self.node_header = header(["id"], self.data.node_columns)
        self.edge_header = header(["source", "target", "key"], self.data.edge_columns)
        self.nodes = csv.writer(self.streams["nodes.csv"])
        self.edges = csv.writer(self.streams["edges.csv"])
        self.nodes.writerow([self.text(c) for c, _, _ in self.node_header])
        self.edges.writerow([self.text(c) for c, _, _ in self.edge_header])
        srcs = [s for _, s in sorted(self.data.sources.items())]
        self.source_header = header(["id"], columns(
            ({k: v for k, v in s.items() if k != "id"} for s in srcs),
            ("title", "publisher", "date", "file", "url")))
        out = csv.writer(self.streams["sources.csv"])
        out.writerow([self.text(c) for c, _, _ in self.source_header])
        for s in srcs:
            out.writerow(self._row(self.source_header, [str(s.get("id", ""))], s))

    def _row(self, head: list[tuple[str, str, str | None]], fixed: list[str],
             attrs: dict[str, Any]) -> list[str]:
        row = [self.text(cell) for cell in fixed]
        for _, kind, source in head[len(fixed):]:
            value = attrs.get(source) if source is not None else None
            if value is None:
                row.append("")
            else:
                row.append(self.text(value) if isinstance(value, str) else as_text(value, kind))
        return row

    def _columns(self, head: list[tuple[str, str, str | None]], scope: str
                 ) -> list[Callable[[list[dict[str, Any]]], list[str]]]:
        """For each attribute column of ``head``, a function from a run of records to
        their cells as they go into a line (see :func:`csv_cell`)."""
        guarded = self.text

        def cell(text: Callable[[Any], str]) -> Callable[[Any], str]:
            return lambda v: csv_cell(guarded(v) if isinstance(v, str) else text(v))

        return [column(source, cell(self.data.text_of(scope, source, kind)),
                       self.data.only(scope, source, str))
                for _, kind, source in head if source is not None]

    def _lines(self, columns: list[Callable[[list[dict[str, Any]]], list[str]]],
               fixed: list[list[str]], records: list[dict[str, Any]]) -> list[str]:
        return csv_rows([*fixed, *(cells(records) for cells in columns)])

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        if not hasattr(self, "_node_plan"):
            self._node_plan = (self._columns(self.node_header, "node"),
                               Made(lambda x: csv_cell(self.text(x))))
        columns, fixed = self._node_plan
        self.put(self._lines(columns, [[fixed[n] for n, _ in nodes]], [a for _, a in nodes]),
                 "nodes.csv", "\r\n", "\r\n")

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        if not hasattr(self, "_edge_plan"):
            self._edge_plan = (self._columns(self.edge_header, "edge"),
                               Made(lambda x: csv_cell(self.text(x))))
        columns, fixed = self._edge_plan
        self.put(self._lines(columns, [[fixed[e[0]] for e in edges], [fixed[e[1]] for e in edges],
                                       [fixed[e[2]] for e in edges]], [e[3] for e in edges]),
                 "edges.csv", "\r\n", "\r\n")

    def finalize(self) -> None:
        package: dict[str, Any] = {
            "profile": "tabular-data-package",
            "name": "kgraph-export",
            "resources": [
                {"name": "nodes", "path": "nodes.csv", "profile": "tabular-data-resource",
                 "format": "csv", "encoding": "utf-8",
                 "schema": {"fields": [field(self.text(c), k) for c, k, _ in self.node_header],
                            "primaryKey": ["id"]}},
                {"name": "edges", "path": "edges.csv", "profile": "tabular-data-resource",
                 "format": "csv", "encoding": "utf-8",
                 "schema": {"fields": [field(self.text(c), k) for c, k, _ in self.edge_header],
                            "primaryKey": ["source", "target", "key"],
                            "foreignKeys": [
                                {"fields": ["source"],
                                 "reference": {"resource": "nodes", "fields": ["id"]}},
                                {"fields": ["target"],
                                 "reference": {"resource": "nodes", "fields": ["id"]}}]}},
            ],
        }
        package["resources"].append(
            {"name": "sources", "path": "sources.csv", "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8",
             "schema": {"fields": [field(self.text(c), k) for c, k, _ in self.source_header],
                        "primaryKey": ["id"]}})
        self.streams["datapackage.json"].write(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n")
