"""A word of several names, said after the name of what it belongs to: "Colombia's
Fiscalía", "Mexico's Fiscalía" (the Fiscalía General de la Nación, of Colombia, and the
Fiscalía General de la República, of Mexico). Of the entities whose names have the word,
the one linked to the owner is meant; when exactly one is, the word names it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph import queries as q

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

NAME = 3  # the weight of a word of a name or an alias (see kgraph.ask.lexicon)


def owned_names(kg: KnowledgeGraph, lex: Lexicon, found: list[Atom]) -> list[Atom]:
    """``found`` with each capitalised word after a possessive name read as the one entity
    of the owner's whose name has that word, where there is exactly one."""
    out = list(found)
    for k in range(1, len(out)):
        owner, word = out[k - 1], out[k]
        if word.kind != "word" or not word.capital or owner.kind != "entity" \
                or not owner.possessive or not owner.ids:
            continue
        named = [n for n, weight in lex.entities_for(word.word).items()
                 if weight >= NAME and n in kg.graph and n not in owner.ids]
        if len(named) < 2:
            continue  # (one name has it: the name lookup's to find, not this)
        mine = [n for n in named if any(o in owner.ids for o, _ in q.edges_of(kg, n, "both"))]
        if len(mine) == 1:
            out[k] = replace(word, kind="entity", ids=mine, match="words")
    return out
