"""A country's side: "who took part on the US side", "who from the Colombian side was
there", "the officials the Mexican side met". Said of a country's people and bodies, not of
the country itself (the country did not meet anyone): "on / for / from the US side" reads as
"from the US" (the subject's own country), "the Mexican side" elsewhere as "Mexican
officials". Only where the word before "side" names a country; told in a note."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

_SIDE = re.compile(r"\b(?:(?P<prep>on|for|from) )?the (?P<who>[A-Za-z][\w.'’-]*) side\b",
                   re.IGNORECASE)


def _country(kg: KnowledgeGraph, lex: Lexicon, word: str) -> bool:
    from kgraph.ask import parse

    _, atoms = parse.atoms(kg, word, lex)
    return len(atoms) == 1 and atoms[0].kind == "entity" and bool(atoms[0].ids) and all(
        n in kg.graph and kg.schema.is_a(str(kg.graph.nodes[n].get("type", "")), "country")
        for n in atoms[0].ids)


def sided(kg: KnowledgeGraph, lex: Lexicon, question: str) -> tuple[str, list[str]]:
    """``question`` with each country's side read as its people (see the module's
    docstring), and the notes that say so."""
    notes: list[str] = []

    def read(m: re.Match[str]) -> str:
        if not _country(kg, lex, m["who"]):
            return m.group(0)
        words = f"from {m['who']}" if m["prep"] else f"{m['who']} officials"
        notes.append(f"read '{m.group(0)}' as '{words}'")
        return words

    if "side" not in question.lower():
        return question, []
    return _SIDE.sub(read, question), notes
