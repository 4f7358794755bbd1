"""A word that is a name as well as a word of the question's: "sessions" (meetings, and Jeff
Sessions), read as the name where only a name can stand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import CONNECTION

if TYPE_CHECKING:
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


def type_or_name(kg: KnowledgeGraph, tokens: list[Token], found: list[Atom]) -> list[Atom]:
    """"When did sessions take office": a type word ("sessions", meetings) that is also a
    name ("Sessions"), right before a relation no entity of that type can be the source
    of, is the name."""
    from kgraph.resolve import index

    idx = index(kg)
    types = kg.schema.relation_types
    out = list(found)
    for k, a in enumerate(out):
        ids = idx.keys.get(a.text) if a.kind in ("type", "word") and a.end - a.start == 1 \
            else None
        if not ids:
            continue
        nxt = out[k + 1] if k + 1 < len(out) else None
        if nxt is not None and nxt.kind == "relation" and nxt.senses and a.kind == "type":
            sources = [t for r, forward in nxt.senses if r in types
                       for t in (types[r].source if forward else types[r].target)]
            named = not any(kg.schema.is_a(own, t) for own in a.types for t in sources)
        else:
            # "both sessions and beltran", "sessions' DOJ", "how is sessions linked to":
            # beside another name, a possessor, or what a connection is asked of (a
            # person's name only: a word for a type of thing otherwise)
            people = all(kg.schema.is_a(str(kg.graph.nodes[n].get("type", "")), "person")
                         for n in ids if n in kg.graph)
            named = people and (a.possessive or _beside_name(out, k) or (
                nxt is not None and tokens[nxt.start].norm in CONNECTION
                and k > 0 and out[k - 1].kind in ("copula", "aux")))
        if named:
            out[k] = Atom("entity", a.start, a.end, a.text, ids=sorted(ids), match="exact",
                          possessive=a.possessive)
    return out


def _beside_name(atoms: list[Atom], k: int) -> bool:
    """Whether ``atoms[k]`` is joined to a name by "and", "or", "nor" or a comma's list."""
    for step in (-1, 1):
        j = k + step
        joined = False
        while 0 <= j < len(atoms) and atoms[j].kind in ("filler", "and", "or", "both"):
            joined = joined or atoms[j].kind in ("and", "or")
            j += step
        if joined and 0 <= j < len(atoms) and atoms[j].kind == "entity" \
                and atoms[j].match != "adjective":
            return True
    return False
