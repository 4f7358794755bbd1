"""Names said another way. A word of several names, said after the name of what it belongs
to: "Colombia's Fiscalía", "Mexico's Fiscalía" (the Fiscalía General de la Nación, of
Colombia, and the Fiscalía General de la República, of Mexico): of the entities whose
names have the word, the one linked to the owner is meant; when exactly one is, the word
names it. And a name with words that describe its entity put inside it: "the Cartagena AG
summit" (the Cartagena summit, of attorneys general)."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from kgraph import queries as q

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

NAME = 3  # the weight of a word of a name or an alias (see kgraph.ask.lexicon)
MAX_INSIDE = 2  # words said inside a name ("the Cartagena AG summit": attorney general)


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


def named_around(idx: Any, lex: Lexicon, text: str, run: list[Atom], tokens: list[Token]
                 ) -> set[str]:
    """The entity one of whose names (of two words or more) has its words among ``text``'s,
    in order, from its first word to its last, the other words of ``text`` all being words
    of what is said of it (its description, role, aliases); empty unless exactly one is."""
    from kgraph.ask.words import FUNCTION_WORDS, same_word
    from kgraph.resolve import in_order

    span = tokens[run[0].start:run[-1].end]
    if any(b.start - a.end > 1 for a, b in pairwise(span)):
        return set()  # (words a comma or a dash parts are no one name)
    words = [w for w in text.split() if w not in FUNCTION_WORDS]
    # what two of the words name (a name's words, or an alias's)
    hits: dict[str, int] = {}
    for w in set(words):
        for n, weight in lex.entities_for(w).items():
            if weight >= NAME:
                hits[n] = hits.get(n, 0) + 1
    candidates = {n for n, count in hits.items() if count >= 2}
    found = set()
    for n in candidates:
        said = {w for _, field in lex.fields.get(n, []) for w in field}
        for key in idx.names_of(n):
            name = [w for w in key.split() if w not in FUNCTION_WORDS]
            if len(name) < 2 or name[-1] != words[-1] \
                    or not in_order(name, words):
                continue  # (the words said are inside the name, not before or after it)
            extra = list(words)
            for w in name:
                extra.remove(w)
            if 0 < len(extra) <= MAX_INSIDE and all(any(same_word(w, x) for x in said)
                                                    for w in extra):
                found.add(n)
    return found if len(found) == 1 else set()
