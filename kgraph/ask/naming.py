"""What a phrase of names alone names: "Ben Ortiz", "Claudia Carrasquilla and Ricardo
Carriazo"; nothing for a phrase that says anything else of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.graph import KnowledgeGraph


def phrase_atoms(kg: KnowledgeGraph, phrase: str) -> list[Atom]:
    """The atoms of ``phrase`` read on its own, without its fillers ("the", "of" ...)."""
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    return [a for a in parse.atoms(kg, phrase, lexicon(kg))[1] if a.kind != "filler"]


def names_alone(kg: KnowledgeGraph, phrase: str) -> list[str]:
    """The ids of the entities ``phrase`` names, when it names them and says nothing else
    ([] when it says anything else, or names an entity ambiguously)."""
    atoms = phrase_atoms(kg, phrase)
    named = [a for a in atoms if a.kind == "entity"]
    if not named or any(a.kind not in ("entity", "and", "or") for a in atoms) \
            or any(len(a.ids) != 1 for a in named):
        return []
    return list(dict.fromkeys(a.ids[0] for a in named))


def one_name(kg: KnowledgeGraph, phrase: str) -> Atom | None:
    """The entity ``phrase`` names, when it names one alone."""
    atoms = phrase_atoms(kg, phrase)
    return atoms[0] if len(atoms) == 1 and atoms[0].kind == "entity" else None
