"""RDF (Turtle and N-Triples) read back with rdflib; SPARQL counts entities and relations
and every value comes back with its datatype."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from test_export_support import edges, export_to, get_graph, graph_params, random_kg

from kgraph.api import KnowledgeGraph

BASE = "urn:kgraph:"
PREFIXES = f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kg: <{BASE}vocab/>
"""
XSD = "http://www.w3.org/2001/XMLSchema#"
DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}
CORE = {"name": "name", "description": "description", "notes": "notes", "where": "where",
        "date": "date", "start": "start", "end": "end", "aliases": "alias"}


def parse(path: Path, fmt: str) -> Any:
    import rdflib

    g = rdflib.Graph()
    g.parse(str(path), format=fmt)
    return g


def py(value: Any) -> Any:
    """An rdflib term as the Python value the export promises."""
    import rdflib

    if isinstance(value, rdflib.Literal):
        if str(value.datatype) in (XSD + "integer", XSD + "double", XSD + "boolean"):
            return value.toPython()
        return str(value)
    return str(value)


def want_values(value: Any) -> list[Any]:
    """A graph value as RDF gives it back: one item per list element, mappings as JSON."""
    items = value if isinstance(value, list) else [value]
    return [v if isinstance(v, (str, int, float, bool)) else
            json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in items]


def same_bag(got: list[Any], want: list[Any]) -> bool:
    """RDF keeps a set: compare distinct values (and bool/int apart)."""
    def norm(xs: list[Any]) -> set[tuple[str, Any]]:
        return {(type(x).__name__, x) for x in xs}

    return norm(got) == norm(want)


def check_subject(g: Any, subject: Any, attrs: dict[str, Any], where: str) -> None:
    import rdflib

    kg_ns = rdflib.Namespace(BASE + "vocab/")
    attr_ns = rdflib.Namespace(BASE + "attribute/")
    for name, value in attrs.items():
        if name in ("type", "evidence", "inferred") or value is None:
            continue
        pred = kg_ns[CORE[name]] if name in CORE else attr_ns[name]
        got = [py(o) for o in g.objects(subject, pred)]
        if name in ("date", "start", "end"):
            lits = list(g.objects(subject, pred))
            assert [str(lit.datatype) for lit in lits] == [DATE_TYPES[len(value)]], where
        assert same_bag(got, want_values(value)), f"{where}.{name}: {got!r} != {value!r}"
    quotes = {(str(s).rsplit("/", 1)[-1], str(q)) for ev in g.objects(subject, kg_ns.evidence)
              for s in g.objects(ev, kg_ns.source) for q in g.objects(ev, kg_ns.quote)}
    assert quotes == {(quoted_segment(e["source"]), e["quote"])
                      for e in attrs.get("evidence", [])}, where
    reasons = {(str(f), str(r)) for i in g.objects(subject, kg_ns.inferred)
               for f in g.objects(i, kg_ns.field) for r in g.objects(i, kg_ns.reason)}
    assert reasons == {(k, v) for k, v in (attrs.get("inferred") or {}).items()}, where


def quoted_segment(source_id: str) -> str:
    from urllib.parse import quote

    return quote(source_id, safe="-._~:!$&'()*+,;=@")


def canonical(g: Any) -> set[tuple[Any, Any, Any]]:
    """The triples with each blank node replaced by what it holds. Our blank nodes
    (evidence, inferences) are trees, so this decides isomorphism far faster than
    rdflib.compare does for hundreds of blank nodes."""
    import rdflib

    def term(t: Any) -> Any:
        if isinstance(t, rdflib.BNode):
            return ("bnode", frozenset((p, term(o)) for p, o in g.predicate_objects(t)))
        return t

    return {(s, p, term(o)) for s, p, o in g if not isinstance(s, rdflib.BNode)}


def check_rdf(kg: KnowledgeGraph, turtle: Path, ntriples: Path) -> None:
    import rdflib

    g, nt = parse(turtle, "turtle"), parse(ntriples, "nt")
    assert len(g) == len(nt)
    assert canonical(g) == canonical(nt), "Turtle and N-Triples must hold the same graph"
    count = list(g.query(PREFIXES + "SELECT (COUNT(?s) AS ?n) WHERE { ?s a rdf:Statement }"))
    assert count[0][0].toPython() == kg.graph.number_of_edges()
    count = list(g.query(PREFIXES + "SELECT (COUNT(DISTINCT ?e) AS ?n) "
                                    "WHERE { ?e a kg:Entity }"))
    assert count[0][0].toPython() == kg.graph.number_of_nodes()

    ent = BASE + "entity/"
    subjects = {unquote(str(s)[len(ent):]): s
                for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(BASE + "vocab/Entity"))}
    assert set(subjects) == set(map(str, kg.graph.nodes))
    for n, attrs in kg.graph.nodes(data=True):
        s = subjects[str(n)]
        assert (s, rdflib.RDF.type, rdflib.URIRef(BASE + "type/" + attrs["type"])) in g
        check_subject(g, s, attrs, f"entity {n!r}")

    # one statement per relation, parallel ones included; the plain triples besides
    rows = g.query(PREFIXES + """
        SELECT ?st ?s ?p ?o ?key WHERE {
            ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                kg:key ?key }""")
    statements = {}
    for st, s, p, o, key in rows:
        ident = (unquote(str(s)[len(ent):]), unquote(str(o)[len(ent):]), str(key))
        assert ident not in statements
        statements[ident] = (st, p)
        assert (s, p, o) in g, "the plain triple is there too"
    assert set(statements) == {(u, v, k) for u, v, k, _ in edges(kg)}
    for u, v, k, attrs in edges(kg):
        st, p = statements[(u, v, k)]
        assert str(p) == BASE + "relation/" + attrs["type"]
        check_subject(g, st, attrs, f"relation {(u, v, k)}")


@pytest.mark.parametrize("name", graph_params())
def test_rdf_read_back_by_rdflib(name: str, tmp_path: Path) -> None:
    kg = get_graph(name)
    check_rdf(kg, export_to(kg, "rdf", tmp_path, "out.ttl"),
              export_to(kg, "rdf", tmp_path, "out.nt"))


def test_rdf_sparql_on_the_fixture(tmp_path: Path) -> None:
    """Subclasses, typed dates and integers are queryable as such."""
    kg = get_graph("fixture")
    g = parse(export_to(kg, "rdf", tmp_path, "out.ttl"), "turtle")
    cities = g.query(PREFIXES + f"""
        SELECT ?e WHERE {{ ?e a/rdfs:subClassOf* <{BASE}type/place> }}""")
    assert {str(r[0]).rsplit("/", 1)[-1] for r in cities} == {"bogota", "tel-aviv"}
    big = g.query(PREFIXES + f"""
        SELECT ?e WHERE {{ ?e <{BASE}attribute/arrested> ?n FILTER(?n > 2147483647) }}""")
    assert [str(r[0]).rsplit("/", 1)[-1] for r in big] == ["op-ampersand"]
    led = g.query(PREFIXES + f"""
        SELECT ?st WHERE {{ ?st rdf:predicate <{BASE}relation/led> }}""")
    assert len(list(led)) == 2  # the relation stated twice, with different dates


def test_base_iri_option(tmp_path: Path) -> None:
    import rdflib

    kg = get_graph("fixture")
    path = export_to(kg, "rdf", tmp_path, "out.nt", base_iri="https://example.org/kg/")
    g = parse(path, "nt")
    assert (rdflib.URIRef("https://example.org/kg/entity/bogota"), rdflib.RDF.type,
            rdflib.URIRef("https://example.org/kg/type/city")) in g


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_kg())
def test_rdf_random_graphs(kg: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_rdf(kg, export_to(kg, "rdf", Path(tmp), "out.ttl"),
                  export_to(kg, "rdf", Path(tmp), "out.nt"))
