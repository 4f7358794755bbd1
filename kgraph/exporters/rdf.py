"""RDF as Turtle or N-Triples, for any triple store (written by hand, no rdflib needed).

IRIs hang off a base (default ``urn:kgraph:``, ``--base-iri`` to change)::

    <base>entity/ID      an entity          a kg:Entity, <base>type/TYPE
    <base>type/TYPE      an entity type     a rdfs:Class; rdfs:subClassOf its parent type
    <base>relation/TYPE  a relation type    a rdf:Property; rdfs:label its reading
    <base>source/ID      a source document  a kg:Source; dcterms:title, publisher, date
    <base>statement/FROM/KEY/TO   one relation (parallel ones included)
    <base>vocab/...      kgraph's own terms (kg:name, kg:evidence, kg:quote, ...)
    <base>attribute/NAME a type-specific attribute (attr:charged, attr:role, ...)

Each relation is stated twice: as the plain triple ``ent:a rel:attended ent:b`` (easy
to query) and as an ``rdf:Statement`` (``rdf:subject``/``rdf:predicate``/``rdf:object``)
that carries its key, dates, evidence and notes. RDF has no duplicate triples, so count
relations by their statements::

    SELECT (COUNT(?s) AS ?n) WHERE { ?s a rdf:Statement }

Evidence is a blank node ``[ a kg:Evidence; kg:source src:ID; kg:quote "..." ]``; fields
inferred rather than stated are ``[ kg:field "date"; kg:reason "..." ]`` under
``kg:inferred``. Dates are ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date`` as precise as
the data; integers ``xsd:integer``, numbers ``xsd:double``, booleans ``xsd:boolean``; a list
gives one triple per item; a mapping is JSON text. Output order is deterministic.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from kgraph.errors import UsageError
from kgraph.exporters.base import Exporter
from kgraph.exporters.syntax import backslash_escaper, format_number, memo, to_json

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
DEFAULT_BASE = "urn:kgraph:"

SYNTAXES = ("turtle", "nt")

_IRI_OK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*\Z")
_LOCAL_OK = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")
_DATE_TYPES = {4: "gYear", 7: "gYearMonth", 10: "date"}


class IRI(str):
    """A full IRI."""


class Lit:
    __slots__ = ("datatype", "text")

    def __init__(self, text: str, datatype: str | None = None):
        self.text = text
        self.datatype = datatype


Obj = IRI | Lit | list[tuple[IRI, "Obj"]]  # a list is a blank node's properties
Block = tuple[IRI, list[tuple[IRI, Obj]]]


def check_base(base: str) -> str:
    if not _IRI_OK.match(base):
        raise UsageError(f"--base-iri: '{base}' is not an absolute IRI (e.g. "
                         "'https://example.org/kg/' or 'urn:kgraph:')")
    return base


escape_literal = backslash_escaper(  # the body of a double-quoted Turtle / N-Triples string
    '"', "\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff", "{:04X}")


def segment(text: str) -> str:
    """``text`` as one IRI path segment (percent-encoded where needed)."""
    return quote(text, safe="-._~:!$&'()*+,;=@")


def literal(value: Any, date: bool = False) -> Lit:
    if isinstance(value, bool):
        return Lit("true" if value else "false", XSD + "boolean")
    if isinstance(value, int):
        return Lit(str(value), XSD + "integer")
    if isinstance(value, float):
        return Lit(format_number(value), XSD + "double")
    if isinstance(value, str):
        if date and _DATE.match(value):
            dt = _DATE_TYPES[len(value)]
            return Lit(value, XSD + dt)
        return Lit(value)
    return Lit(to_json(value))


def values(value: Any, date: bool = False) -> list[Obj]:
    """The objects for one attribute value: a list gives one per item."""
    if isinstance(value, list):
        return [literal(v, date) for v in value]
    return [literal(value, date)]


class RDFExporter(Exporter):
    name = "rdf"

    def start(self) -> None:
        self.syntax = self.options.get("syntax") or "turtle"
        if self.syntax not in SYNTAXES:
            raise UsageError(f"unknown RDF syntax '{self.syntax}' (use turtle or nt)")
        base = check_base(self.options.get("base_iri") or DEFAULT_BASE)
        self.ns = {
            "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "dcterms": DCT,
            "kg": base + "vocab/", "kgt": base + "type/", "rel": base + "relation/",
            "ent": base + "entity/", "src": base + "source/", "attr": base + "attribute/",
            "stmt": base + "statement/",
        }
        self._prefixes = sorted(self.ns.items(), key=lambda kv: -len(kv[1]))
        self._bnode_ids = itertools.count(1)
        self.date_attrs = {name for et in self.data.schema.entity_types.values()
                           for name, vt in et.attributes.items() if vt == "date"}
        self.date_attrs |= {name for rt in self.data.schema.relation_types.values()
                            for name, vt in rt.attributes.items() if vt == "date"}
        if self.syntax == "turtle":
            for p, iri in self.ns.items():
                self.fh.write(f"@prefix {p}: <{iri}> .\n")
            self.fh.write("\n")
        for block in self._schema_blocks():
            self._write(block)
        for block in self._source_blocks():
            self._write(block)

    # -- terms -----------------------------------------------------------------------------

    def iri(self, prefix: str, local: str = "") -> IRI:
        return IRI(self.ns[prefix] + (segment(local) if prefix not in ("rdf", "rdfs", "xsd",
                                                                      "dcterms", "kg")
                                      else local))

    def _term(self, obj: IRI | Lit) -> str:
        if isinstance(obj, Lit):
            text = f'"{escape_literal(obj.text)}"'
            if obj.datatype:
                text += "^^" + self._term(IRI(obj.datatype))
            return text
        if self.syntax == "turtle":
            if obj == RDF + "type":
                return "a"
            for p, ns in self._prefixes:
                if obj.startswith(ns) and _LOCAL_OK.match(obj[len(ns):]):
                    return f"{p}:{obj[len(ns):]}"
        return f"<{obj}>"

    # -- writing ---------------------------------------------------------------------------

    def _write(self, block: Block) -> None:
        subject, props = block
        term = self._term
        self.fh.write(self._record(term(subject), [
            self._blank(term(p), [f"{term(q)} {term(x)}" for q, x in o])  # type: ignore[arg-type]
            if isinstance(o, list) else f"{term(p)} {term(o)}" for p, o in props]))

    def _blank(self, pred: str, inner: list[str]) -> str:
        """The item ``pred [ inner ]``: a blank node's properties (in N-Triples, its
        triples, after the one that names it)."""
        if self.syntax == "turtle":
            return f"{pred} [\n        " + " ;\n        ".join(inner) + "\n    ]"
        label = f"_:b{next(self._bnode_ids)}"
        return f"{pred} {label} .\n{label} " + f" .\n{label} ".join(inner)

    def _record(self, subject: str, items: list[str]) -> str:
        """One subject's triples as text (``items``: ``predicate object`` each, terms
        rendered)."""
        if self.syntax == "turtle":
            return f"{subject} " + " ;\n    ".join(items) + " .\n\n"
        return f"{subject} " + f" .\n{subject} ".join(items) + " .\n"

    # -- content ---------------------------------------------------------------------------

    def _schema_blocks(self) -> Iterator[Block]:
        kg, schema = self.iri("kg", "Entity"), self.data.schema
        yield kg, [(self.iri("rdf", "type"), self.iri("rdfs", "Class")),
                   (self.iri("rdfs", "label"), Lit("Entity"))]
        for name, et in sorted(schema.entity_types.items()):
            props: list[tuple[IRI, Obj]] = [
                (self.iri("rdf", "type"), self.iri("rdfs", "Class")),
                (self.iri("rdfs", "label"), Lit(et.label or name)),
                (self.iri("rdfs", "subClassOf"),
                 self.iri("kgt", et.parent) if et.parent else kg)]
            if et.description:
                props.append((self.iri("rdfs", "comment"), Lit(et.description)))
            if et.color:
                props.append((self.iri("kg", "color"), Lit(et.color)))
            yield self.iri("kgt", name), props
        for name, rt in sorted(schema.relation_types.items()):
            props = [(self.iri("rdf", "type"), self.iri("rdf", "Property")),
                     (self.iri("rdfs", "label"), Lit(rt.reading or name)),
                     (self.iri("kg", "inverseReading"), Lit(rt.inverse_reading))]
            if rt.description:
                props.append((self.iri("rdfs", "comment"), Lit(rt.description)))
            if rt.lineage:
                props.append((self.iri("kg", "lineage"), literal(True)))
            if rt.symmetric:
                props.append((self.iri("kg", "symmetric"), literal(True)))
            yield self.iri("rel", name), props

    def _source_blocks(self) -> Iterator[Block]:
        for sid, s in sorted(self.data.sources.items()):
            props: list[tuple[IRI, Obj]] = [(self.iri("rdf", "type"), self.iri("kg", "Source"))]
            for key, value in s.items():
                if key == "id" or value is None:
                    continue
                if key == "title":
                    pred = self.iri("dcterms", "title")
                elif key == "publisher":
                    pred = self.iri("dcterms", "publisher")
                elif key == "date":
                    pred = self.iri("dcterms", "date")
                elif key == "url":
                    props.append((self.iri("kg", "url"), Lit(str(value), XSD + "anyURI")))
                    continue
                elif key == "file":
                    pred = self.iri("kg", "file")
                else:
                    pred = self.iri("attr", key)
                props += [(pred, o) for o in values(value, date=key == "date")]
            yield self.iri("src", sid), props

    def _terms(self) -> Terms:
        """The rendered terms of this export, each made once."""
        found: Terms | None = getattr(self, "_made", None)
        if found is None:
            found = self._made = Terms(self)
        return found

    def _items(self) -> Callable[[dict[str, Any], list[str]], None]:
        """A function that adds a record's properties (all but its type, in the record's
        order) to a list of ``predicate object`` items: what entities and relation
        statements share. A list value gives an item per element; evidence and inferred
        fields give blank nodes, written in the item (see :meth:`_record`)."""
        t = self._terms()
        literal, text, src, esc = t.literal, t.text, t.src, escape_literal
        blank = self._blank
        a_evidence = " ".join(t.a_evidence)
        source, quote, evidence, inferred = t.source, t.quote, t.evidence, t.inferred
        field, reason, datatypes = t.field, t.reason, t.date_types
        date_attrs, own, attr = self.date_attrs, t.own, t.attr
        preds: dict[str, tuple[str, bool]] = {}

        def add(attrs: dict[str, Any], out: list[str]) -> None:
            for key, value in attrs.items():
                if value is None or key == "type":
                    continue
                if key == "evidence":
                    for ev in value:
                        if isinstance(ev, dict):
                            inner = [a_evidence]
                            if ev.get("source") is not None:
                                inner.append(f"{source} {src(str(ev['source']))}")
                            if ev.get("quote") is not None:
                                inner.append(f"{quote} {text(str(ev['quote']))}")
                        else:
                            inner = [a_evidence, f"{quote} {literal(ev)}"]
                        out.append(blank(evidence, inner))
                    continue
                if key == "inferred" and isinstance(value, dict):
                    for name, why in value.items():
                        out.append(blank(inferred, [f"{field} {text(str(name))}",
                                                    f"{reason} {literal(why)}"]))
                    continue
                found = preds.get(key)
                if found is None:
                    found = preds[key] = own.get(key) or (attr(key), key in date_attrs)
                pred, date = found
                if type(value) is str:  # (most values: literal() in line)
                    if date and _DATE.match(value):
                        out.append(f'{pred} "{value}"{datatypes[len(value)]}')
                    else:
                        out.append(f'{pred} "{esc(value)}"')
                elif isinstance(value, list):
                    out += [f"{pred} {literal(v, date)}" for v in value]
                else:
                    out.append(f"{pred} {literal(value, date)}")

        return add

    def write_nodes(self, nodes: list[tuple[str, dict[str, Any]]]) -> None:
        if not hasattr(self, "_node_plan"):
            t = self._terms()
            self._node_plan = (self._items(), " ".join(t.an_entity),
                               memo(lambda x: f"{t.type} {t.kgt(x)}"), t.ent, t.label)
        add, an_entity, typed, ent, label = self._node_plan
        record, text = self._record, Terms.text
        out = []
        for node, attrs in nodes:
            etype = str(attrs.get("type", ""))
            items = [an_entity, typed(etype), f"{label} {text(str(attrs.get('name') or node))}"
                     ] if etype else [
                an_entity, f"{label} {text(str(attrs.get('name') or node))}"]
            add(attrs, items)
            out.append(record(ent(node), items))
        self.put(out)

    def write_edges(self, first: int, edges: list[tuple[str, str, str, dict[str, Any]]]
                    ) -> None:
        if not hasattr(self, "_edge_plan"):
            t = self._terms()

            def as_relation(rtype: str) -> tuple[str, str, str]:
                p = t.rel(rtype)
                return p, f"{t.predicate} {p}", f"{t.label} {t.reading(rtype)}"

            def as_entity(node: str) -> tuple[str, str, str]:
                s = t.ent(node)
                return s, f"{t.subject} {s}", f"{t.object} {s}"

            self._edge_plan = (self._items(), memo(as_relation), memo(as_entity),
                               memo(lambda k: f"{t.key} {t.text(k)}"), t.segment,
                               " ".join(t.a_statement))
        add, relation, entity, keyed, segment, a_statement = self._edge_plan
        # a statement's IRI has a / after the namespace: never a prefixed name in Turtle
        stmt = "<" + self.ns["stmt"]
        record = self._record
        end = " .\n\n" if self.syntax == "turtle" else " .\n"
        out = []
        for u, v, key, attrs in edges:
            rtype = str(attrs.get("type", key))
            s, as_subject, _ = entity(u)
            o, _, as_object = entity(v)
            p, as_predicate, reading = relation(rtype)
            items = [a_statement, as_subject, as_predicate, as_object, keyed(key), reading]
            add(attrs, items)
            out.append(f"{s} {p} {o}{end}"
                       + record(f"{stmt}{segment(u)}/{segment(key)}/{segment(v)}>", items))
        self.put(out)


class Terms:
    """The terms of an export as text, each rendered once: the fixed predicates and
    classes, and entities, types, relations, sources and attributes as they come."""

    def __init__(self, ex: RDFExporter):
        term = ex._term
        self._ex = ex
        kg = {name: term(ex.iri("kg", name)) for name in (
            "evidence", "source", "quote", "inferred", "field", "reason", "key", "alias",
            "date", "start", "end", "name", "description", "notes", "where")}
        self.type = term(ex.iri("rdf", "type"))
        self.label = term(ex.iri("rdfs", "label"))
        self.subject, self.predicate, self.object = (
            term(ex.iri("rdf", x)) for x in ("subject", "predicate", "object"))
        self.an_entity = (self.type, term(ex.iri("kg", "Entity")))
        self.a_statement = (self.type, term(ex.iri("rdf", "Statement")))
        self.a_evidence = (self.type, term(ex.iri("kg", "Evidence")))
        self.evidence, self.source, self.quote = kg["evidence"], kg["source"], kg["quote"]
        self.inferred, self.field, self.reason = kg["inferred"], kg["field"], kg["reason"]
        self.key = kg["key"]
        # the record fields with a kg: predicate of their own: (predicate, dates or not)
        self.own = {f: (kg[f], f in ("date", "start", "end")) for f in (
            "date", "start", "end", "name", "description", "notes", "where")}
        self.own["aliases"] = (kg["alias"], False)
        self.datatypes = {d: "^^" + term(IRI(XSD + d)) for d in (
            "boolean", "integer", "double", "gYear", "gYearMonth", "date")}
        # a date's datatype by the length of its text
        self.date_types = {n: self.datatypes[d] for n, d in _DATE_TYPES.items()}
        self.segment = memo(segment)
        self.ent = memo(lambda x: term(IRI(ex.ns["ent"] + self.segment(x))))
        self.kgt = memo(lambda x: term(ex.iri("kgt", x)))
        self.rel = memo(lambda x: term(ex.iri("rel", x)))
        self.src = memo(lambda x: term(ex.iri("src", x)))
        self.attr = memo(lambda x: term(ex.iri("attr", x)))
        self.reading = memo(lambda x: self.text(ex.data.reading(x)))

    @staticmethod
    def text(value: str) -> str:
        """A plain literal."""
        return f'"{escape_literal(value)}"'

    def literal(self, value: Any, date: bool = False) -> str:
        """:func:`literal` rendered."""
        if isinstance(value, str):
            if date and _DATE.match(value):
                return f'"{value}"' + self.datatypes[_DATE_TYPES[len(value)]]
            return f'"{escape_literal(value)}"'
        if isinstance(value, bool):
            return ('"true"' if value else '"false"') + self.datatypes["boolean"]
        if isinstance(value, int):
            return f'"{value}"' + self.datatypes["integer"]
        if isinstance(value, float):
            return f'"{format_number(value)}"' + self.datatypes["double"]
        return f'"{escape_literal(to_json(value))}"'
