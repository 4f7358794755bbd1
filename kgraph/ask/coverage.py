"""What a document entity covers: a document the data holds as an entity ("US, Colombia,
Mexico pledge security cooperation", a type of ``document``) is the source record with its
title, and it names what that source's quotes are evidence of (the entities, and both
ends of the relations, quoted from it). "The piece about the pledge", "the article on
MS-13", "which report mentions X": read through these, each with the quote that names it,
marked as inferred (no relation of the data says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

MENTIONS = "mentions"


def coverage(kg: KnowledgeGraph) -> dict[str, Any]:
    """``{"documents": {entity: source}, "named": {source: {entity: quote}}}`` (built
    once; empty when no document entity has a source record's title)."""
    from kgraph.graph import derived

    return derived(kg, "_ask_coverage", _build)  # type: ignore[no-any-return]


def _build(kg: KnowledgeGraph) -> dict[str, Any]:
    from kgraph.graph import all_edges, entity_types

    titles = {fold(str(rec.get("title", ""))): sid for sid, rec in kg.sources.items()
              if rec.get("title")}
    documents: dict[str, str] = {}
    nodes = list(kg.graph)
    typed = entity_types(kg.graph, nodes)
    kinds = {t: kg.schema.is_a(t, "document") for t in set(typed)}
    for n, t in zip(nodes, typed):
        if not kinds[t] or not titles:
            continue  # (the types from the compiled arrays: no entity decoded for them)
        attrs = kg.graph.nodes[n]
        for text in (attrs.get("title"), attrs.get("name")):
            sid = titles.get(fold(str(text))) if text else None
            if sid is not None:
                documents[n] = sid
                break
    named: dict[str, dict[str, str]] = {sid: {} for sid in documents.values()}
    if not named:
        return {"documents": {}, "named": {}}

    def note(ends: tuple[str, ...], evidence: Any) -> None:
        for ev in evidence or ():
            found = named.get(str(ev.get("source", "")))
            if found is not None:
                quote = str(ev.get("quote", ""))
                for n in ends:  # (the longest quote naming it says most)
                    if len(quote) > len(found.get(n, "")):
                        found[n] = quote

    for n, attrs in kg.graph.nodes(data=True):
        note((n,), attrs.get("evidence"))
    for u, v, _, attrs in all_edges(kg.graph):
        note((u, v), attrs.get("evidence"))
    for doc, sid in documents.items():
        named[sid].pop(doc, None)
    return {"documents": documents, "named": named}


def covered(kg: KnowledgeGraph, node: str, from_document: bool, to_document: bool
            ) -> list[tuple[str, tuple[str, str, str, dict[str, Any]]]]:
    """What ``node`` reaches through coverage: the entities it names (``node`` a document,
    ``from_document``), or the documents that name it (``to_document``); each with an edge
    in the graph's direction (document to entity), inferred, with the quote."""
    cov = coverage(kg)
    if not cov["documents"]:
        return []
    out = []
    sid = cov["documents"].get(node)
    if from_document and sid is not None:
        for other, quote in cov["named"][sid].items():
            out.append((other, _edge(node, other, sid, quote)))
    if to_document:
        for doc, source in cov["documents"].items():
            quote = cov["named"][source].get(node)
            if quote is not None and doc != node:
                out.append((doc, _edge(doc, node, source, quote)))
    return out


def _edge(doc: str, other: str, source: str, quote: str
          ) -> tuple[str, str, str, dict[str, Any]]:
    return doc, other, MENTIONS, {
        "type": MENTIONS, "evidence": [{"source": source, "quote": quote}],
        "claim": "inferred",
        "inferred": {"mentions": "the document is the source of this quote, which names it"}}
