"""Words a country's own names put after its adjective to name it as a state: the data
calls Mexico "Mexican Government", so "government" after any country's name or adjective
is part of that country's mention ("the U.S. government", "the Colombian government"), not
a thing of its own to describe. Nothing here lists such words: they are read from the
names the data gives its countries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


def _heads(kg: KnowledgeGraph) -> dict[str, bool]:
    """The last words of countries' two-word names whose first word is an adjective of
    the country's own name ("Mexican Government": "government"), as keys (a table the
    compiled cache keeps)."""
    from kgraph.ask.words import same_word

    found: set[str] = set()
    for _, attrs in kg.graph.nodes(data=True):
        if not kg.schema.is_a(attrs.get("type", ""), "country"):
            continue
        names = [fold(str(x)) for x in (attrs.get("name", ""), *(attrs.get("aliases") or ()))]
        own = {w for name in names if len(name.split()) == 1 for w in name.split()}
        for name in names:
            words = name.split()
            if len(words) == 2 and any(words[0] != w and words[0][:4] == w[:4]
                                       and same_word(words[0], w) for w in own):
                found.add(words[1])
    return dict.fromkeys(sorted(found), True)


def state_heads(kg: KnowledgeGraph, tokens: list[Token], taken: list[bool],
                found: list[Atom]) -> None:
    """Each country's mention in ``found`` taken on over a head word right after it (see
    the module); ``taken`` marks the words taken."""
    from kgraph.graph import derived

    heads = derived(kg, "_ask_state_heads", _heads)
    if not heads:
        return
    for atom in found:
        j = atom.end
        if atom.kind != "entity" or not atom.ids or j >= len(tokens) or taken[j] \
                or atom.possessive or not all(
                    kg.schema.is_a(kg.graph.nodes[n].get("type", ""), "country")
                    for n in atom.ids if n in kg.graph):
            continue
        word = tokens[j].norm
        if word in heads or word.endswith("s") and word[:-1] in heads:
            taken[j] = True
            atom.end = j + 1
            atom.text = f"{atom.text} {word}"
