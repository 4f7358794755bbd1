"""What a phrase of names alone names: "Ben Ortiz", "Claudia Carrasquilla and Ricardo
Carriazo"; nothing for a phrase that says anything else of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


def names_alone(kg: KnowledgeGraph, phrase: str) -> list[str]:
    """The ids of the entities ``phrase`` names, when it names them and says nothing else
    ([] when it says anything else, or names an entity ambiguously)."""
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    atoms = parse.atoms(kg, phrase, lexicon(kg))[1]
    named = [a for a in atoms if a.kind == "entity"]
    if not named or any(a.kind not in ("entity", "and", "or", "filler") for a in atoms) \
            or any(len(a.ids) != 1 for a in named):
        return []
    return list(dict.fromkeys(a.ids[0] for a in named))
