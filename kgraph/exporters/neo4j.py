"""Neo4j: CSV files for ``neo4j-admin database import full``, a Cypher script, and the
exact import command.

Written into a directory (``-o DIR``) or a zip file (``-o FILE.zip``):

* ``nodes.csv``: ``id:ID``, ``:LABEL`` (``Entity`` plus the entity type and its parent
  types as labels, e.g. ``Entity;City;Place``), then properties with typed headers:
  ``aliases:string[]``, ``charged:int``, ``ratio:double``, ``flag:boolean``; an integer
  column is ``int`` when every value in it fits in 32 bits (-2**31 to 2**31 - 1), else
  ``long`` (the whole column: ``members_us:int`` while no value passes 2,147,483,647), and
  a list of integers is ``long[]``; evidence, ``inferred`` and other nested values are
  JSON text; dates are ISO text.
* ``relationships.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE`` (the relation type in upper
  case, e.g. ``GREW_OUT_OF``), ``key`` (kgraph's edge key; parallel relations are
  separate relationships), ``reading``, then the relation's properties.
* ``import.sh``: the ``neo4j-admin database import full`` command for these files, with
  the array delimiter chosen for this export (``;`` unless a list value contains one).
* ``import.cypher``: the same graph as Cypher ``CREATE`` statements, for a running server
  (``cypher-shell -f import.cypher``) or the Browser.

Empty cells mean "no property" to neo4j-admin, so empty text and empty lists are not
stored; the Cypher script leaves them out too, so both routes give the same database.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from typing import Any

from kgraph.exporters.base import ExportData, Exporter, kind_of, kind_of_type, rename
from kgraph.exporters.syntax import (
    INT32,
    MEMO_LIMIT,
    Made,
    as_text,
    backslash_escaper,
    csv_cell,
    csv_rows,
    format_number,
    memo,
)

NODE_FIXED = ["id:ID", ":LABEL"]
EDGE_FIXED = [":START_ID", ":END_ID", ":TYPE", "key", "reading"]
DELIMITERS = [";", "|", "\x1f"]
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def label(type_name: str) -> str:
    """``criminal_organization`` -> ``CriminalOrganization``."""
    parts = re.split(r"[^0-9A-Za-z]+", type_name)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return out or "Unknown"


def rel_type(type_name: str) -> str:
    """``grew_out_of`` -> ``GREW_OUT_OF``."""
    return re.sub(r"[^0-9A-Za-z]+", "_", type_name).strip("_").upper() or "RELATED"


def neo4j_type(kind: str, values: list[Any]) -> str:
    """The header type of a property column (``""`` for plain string)."""
    present = [v for v in values if v is not None]
    if kind == "boolean":
        return "boolean"
    if kind == "integer":
        return "int" if all(-INT32 <= v < INT32 for v in present) else "long"
    if kind == "number":
        return "double"
    if kind == "array":
        items = [x for v in present for x in v]
        inner = kinds_of(items)
        if inner == {"string"} and all(isinstance(x, str) for x in items):
            return "string[]"
        if inner == {"boolean"}:
            return "boolean[]"
        if inner == {"integer"}:
            return "long[]"
        if inner and inner <= {"integer", "number"}:
            return "double[]"
        if not inner:
            return "string[]"
    return ""


def kinds_of(items: list[Any]) -> set[str]:
    """``{kind_of(x) for x in items}``, found from the types of the items (an integer's
    kind from its value)."""
    out: set[str] = set()
    for t in set(map(type, items)):
        if issubclass(t, int) and not issubclass(t, bool):
            out.update(kind_of(x) for x in items if type(x) is t)
        else:
            out.add(kind_of_type(t))
    return out


class Column:
    __slots__ = ("kind", "name", "source", "type")

    def __init__(self, name: str, type: str, kind: str, source: str | None):
        self.name, self.type, self.kind, self.source = name, type, kind, source

    @property
    def header(self) -> str:
        return f"{self.name}:{self.type}" if self.type else self.name


def property_name(name: str) -> str:
    """An attribute name as a property name in a CSV header: an identifier, so that
    nothing in it (``:`` starts the type, ``;`` separates, and ``id``/``LABEL``/``TYPE``
    after a ``:`` mean something to neo4j-admin) changes what is imported. Schema
    attribute names are identifiers already; other graphs' names get ``_`` for each
    character that is not a letter, digit or ``_``."""
    if _IDENT.match(name):
        return name
    out = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return out if out[:1].isalpha() or out[:1] == "_" else "_" + out


def property_columns(columns: dict[str, str], records: list[dict[str, Any]],
                     taken: set[str], skip: frozenset[str] = frozenset()) -> list[Column]:
    out: list[Column] = []
    for name, kind in columns.items():
        if name in skip:
            continue
        # (only integers and lists have a type that depends on the values)
        ntype = neo4j_type(kind, [r.get(name) for r in records]
                           if kind in ("integer", "array") else [])
        new = rename(property_name(name), taken | {c.name for c in out})
        out.append(Column(new, ntype, kind, name))
    return out


# controls and line separators are \u-escaped: every statement stays on one line
_cypher_escape = backslash_escaper("'", "\x00-\x1f\x7f-\x9f\u2028\u2029")


def cypher_string(text: str) -> str:
    return "'" + _cypher_escape(text) + "'"


def cypher_name(name: str) -> str:
    return name if _IDENT.match(name) else "`" + name.replace("`", "``") + "`"


def cypher_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format_number(value)
        return {"NaN": "0.0/0.0", "INF": "1.0/0.0", "-INF": "-1.0/0.0"}.get(text, text)
    return cypher_string(str(value))


def cypher_value(value: Any, col: Column) -> str:
    if col.type.endswith("[]"):
        return "[" + ", ".join(cypher_scalar(x) for x in value) + "]"
    if col.type in ("boolean", "int", "long", "double"):
        return cypher_scalar(value)
    return cypher_string(as_text(value, col.kind))


class Neo4jExporter(Exporter):
    name = "neo4j"
    files = ("nodes.csv", "relationships.csv", "import.cypher", "import.sh")
    newline = ""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.delimiter = self._choose_delimiter(self.data)

    @staticmethod
    def _choose_delimiter(data: ExportData) -> str:
        texts = {label(t) for etype in {str(attrs.get("type", "")) for _, attrs in data.nodes}
                 for t in data.ancestors(etype)}
        for records, cols, types in (([a for _, a in data.nodes], data.node_columns,
                                      data.node_types),
                                     ([e[3] for e in data.edges], data.edge_columns,
                                      data.edge_types)):
            # (lists are in array columns, or in text columns of mixed kinds)
            for name, kind in cols.items():
                if kind in ("array", "string") and any(
                        issubclass(t, list) for t in types.get(name, ())):
                    texts.update([x for value in [a.get(name) for a in records]
                                  if isinstance(value, list)
                                  for x in value if isinstance(x, str)])
        every = "\n".join(texts)
        for d in DELIMITERS:
            if d not in every:
                return d
        return DELIMITERS[-1]  # a list value holding U+001F cannot round-trip anyway

    def start(self) -> None:
        d = self.data
        self.node_cols = property_columns(d.node_columns, [a for _, a in d.nodes],
                                          {"id", ""})
        self.edge_cols = property_columns(d.edge_columns, [e[3] for e in d.edges],
                                          {"key", "reading"}, skip=frozenset({"type"}))
        self.nodes = csv.writer(self.streams["nodes.csv"])
        self.edges = csv.writer(self.streams["relationships.csv"])
        self.nodes.writerow(NODE_FIXED + [c.header for c in self.node_cols])
        self.edges.writerow(EDGE_FIXED + [c.header for c in self.edge_cols])
        self.cypher = self.streams["import.cypher"]
        self.cypher.write(
            "// kgraph export for Neo4j 5: the same graph as nodes.csv + relationships.csv.\n"
            "// Run it against an empty database:  cypher-shell -f import.cypher\n"
            "CREATE CONSTRAINT kgraph_entity_id IF NOT EXISTS "
            "FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n")

    def _cell(self, value: Any, col: Column) -> str:
        if value is None:
            return ""
        if col.type.endswith("[]"):
            return self.delimiter.join(
                x if isinstance(x, str) else format_number(x) for x in value)
        return as_text(value, col.kind)

    def _labels(self, etype: str) -> list[str]:
        return ["Entity", *(label(t) for t in self.data.ancestors(etype) if t)]

    def _renderer(self, col: Column, scope: str
                  ) -> Callable[[list[Any]], tuple[list[str], list[str]]]:
        """A function from a column's values for a run of records (None where a record
        has none) to their cells (as they go into a line, see :func:`csv_cell`) and their
        Cypher properties (``, name: value``, or "" where there is none: no value, empty
        text or an empty list, as in the CSVs)."""
        name = f", {cypher_name(col.name)}: "
        if col.type.endswith("[]") or col.type in ("boolean", "int", "long", "double"):
            cell = self._cell

            def typed(values: list[Any]) -> tuple[list[str], list[str]]:
                return ([csv_cell(cell(v, col)) for v in values],
                        ["" if v is None or v == "" or v == [] else name + cypher_value(v, col)
                         for v in values])

            return typed
        if self.data.only(scope, col.source or "", str):
            # text alone: each distinct value's cell and property made once (a bounded
            # memory)
            in_csv = Made(csv_cell)
            prop = Made(lambda text: name + cypher_string(text))

            def texts(values: list[Any]) -> tuple[list[str], list[str]]:
                if len(prop) > MEMO_LIMIT:
                    prop.clear()
                    in_csv.clear()
                return ([in_csv[v] if v else "" for v in values],
                        [prop[v] if v else "" for v in values])

            return texts
        text = self.data.text_of(scope, col.source or "", col.kind)

        def mixed(values: list[Any]) -> tuple[list[str], list[str]]:
            cells = ["" if v is None else v if type(v) is str else text(v) for v in values]
            return [csv_cell(c) for c in cells], [name + cypher_string(c) if c and v != []
                                                  else "" for v, c in zip(values, cells)]

        return mixed

    def _run(self, cols: list[tuple[Column, Callable[[list[Any]], tuple[list[str], list[str]]]]],
             records: list[dict[str, Any]]) -> tuple[list[list[str]], list[str]]:
        """The cells of each column for a run of records, and each record's Cypher
        properties after its fixed ones, column by column."""
        cells, props = [], []
        for col, render in cols:
            found = render([a.get(col.source) for a in records]) if col.source else (
                [""] * len(records), [""] * len(records))
            cells.append(found[0])
            props.append(found[1])
        return cells, list(map("".join, zip(*props))) if props else [""] * len(records)

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        if not hasattr(self, "_node_plan"):
            def labels_of(etype: str) -> tuple[str, str]:
                names = self._labels(etype)
                return (csv_cell(self.delimiter.join(names)),
                        ":".join(cypher_name(x) for x in names))

            self._node_plan = ([(c, self._renderer(c, "node")) for c in self.node_cols],
                               Made(labels_of))
        cols, labels = self._node_plan
        ids = [node for node, _ in nodes]
        typed = [labels[str(attrs.get("type", ""))] for _, attrs in nodes]
        cells, props = self._run(cols, [attrs for _, attrs in nodes])
        self.put(csv_rows([[csv_cell(n) for n in ids], [t[0] for t in typed], *cells]),
                 "nodes.csv", "\r\n", "\r\n")
        self.put([f"CREATE (:{t[1]} {{id: {cypher_string(node)}{p}}});\n"
                  for node, t, p in zip(ids, typed, props)], "import.cypher")

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        if not hasattr(self, "_edge_plan"):
            def relation_of(rtype: str) -> tuple[str, str, str, str]:
                reading = self.data.reading(rtype)
                name = rel_type(rtype)
                return (csv_cell(name), csv_cell(reading),
                        f"}}) CREATE (a)-[:{cypher_name(name)} {{key: ",
                        f", reading: {cypher_string(reading)}")

            self._edge_plan = (
                [(c, self._renderer(c, "edge")) for c in self.edge_cols], Made(relation_of),
                memo(lambda u: f"MATCH (a:Entity {{id: {cypher_string(u)}}}), "
                               "(b:Entity {id: "), memo(cypher_string), Made(csv_cell))
        cols, relation, match, quoted, in_csv = self._edge_plan
        rels = [relation[str(attrs.get("type", key))] for _, _, key, attrs in edges]
        cells, props = self._run(cols, [e[3] for e in edges])
        self.put(csv_rows([[in_csv[e[0]] for e in edges], [in_csv[e[1]] for e in edges],
                           [r[0] for r in rels], [in_csv[e[2]] for e in edges],
                           [r[1] for r in rels], *cells]), "relationships.csv", "\r\n", "\r\n")
        self.put([f"{match(u)}{quoted(v)}{r[2]}{quoted(key)}{r[3]}{p}}}]->(b);\n"
                  for (u, v, key, _), r, p in zip(edges, rels, props)], "import.cypher")

    def finalize(self) -> None:
        delim = self.delimiter if self.delimiter != "\x1f" else "U+001F"
        self.streams["import.sh"].write(import_script(delim))


def import_command(delimiter: str = ";", directory: str = ".") -> str:
    """The ``neo4j-admin`` command that loads an export into a new database."""
    return (f'neo4j-admin database import full neo4j '
            f'--nodes="{directory}/nodes.csv" '
            f'--relationships="{directory}/relationships.csv" '
            f"--array-delimiter='{delimiter}' --multiline-fields=true")


def import_script(delimiter: str) -> str:
    return f"""#!/bin/sh
# Load this kgraph export into a new Neo4j 5 database with neo4j-admin (the database
# must not exist yet, or add --overwrite-destination=true).
#   sh import.sh [DATABASE] [more neo4j-admin options...]
# Uses $NEO4J_HOME/bin/neo4j-admin when NEO4J_HOME is set, else neo4j-admin from PATH.
# Then, in cypher-shell: CREATE DATABASE <name>; (default database: neo4j)
set -e
here=$(cd "$(dirname "$0")" && pwd)
db=${{1:-neo4j}}
[ $# -gt 0 ] && shift
exec "${{NEO4J_HOME:+$NEO4J_HOME/bin/}}neo4j-admin" database import full "$db" \\
  --nodes="$here/nodes.csv" \\
  --relationships="$here/relationships.csv" \\
  --array-delimiter='{delimiter}' \\
  --multiline-fields=true \\
  "$@"
"""
