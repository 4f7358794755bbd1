"""What the error of a question that could not be read carries: what was understood of it,
and commands to try instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


def understood_of(kg: KnowledgeGraph, tokens: list[Token], atoms: list[Atom]) -> dict[str, Any]:
    """What was read of the question: its names, relations, types, dates and the words
    the data does not know."""
    g = kg.graph
    return {
        "entities": [{"text": a.text, "ids": a.ids, "match": a.match,
                      "names": [g.nodes[n].get("name", n) for n in a.ids if n in g]}
                     for a in atoms if a.kind == "entity"],
        "relations": sorted({r for a in atoms if a.kind == "relation" for r, _ in a.senses}),
        "types": sorted({t for a in atoms if a.kind == "type" for t in a.types}),
        "dates": [a.period for a in atoms if a.kind == "date"],
        "unknown_words": [a.text for a in atoms if a.kind == "word"],
    }


def suggestions(kg: KnowledgeGraph, atoms: list[Atom]) -> list[str]:
    """Commands to try instead: the first name's card and neighbours, a path between the
    first two, a search for the other words."""
    import shlex

    named = [a.ids[0] for a in atoms if a.kind == "entity" and a.ids]
    out = []
    if named:
        out.append(f"kgraph show {shlex.quote(named[0])}")
        out.append(f"kgraph neighbours {shlex.quote(named[0])}")
        if len(named) > 1:
            out.append(f"kgraph path {shlex.quote(named[0])} {shlex.quote(named[1])}")
    words = [a.text for a in atoms if a.kind in ("word", "type")]
    if words:
        out.append("kgraph search " + shlex.quote(" ".join(words[:3])))
    return out or ["kgraph search NAME", "kgraph stats"]
