"""A relation said as a noun given: "what gave OPDAT the mandate to sponsor the working
group?", "which document provided the mandate for it?". The verb of giving says little; the
noun is the relation (a mandate: what mandated it), and whoever it was given to does what
the relation is for. Read as the relation's verb on its object ("what mandated the working
group?"), when the noun is a relation's word."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

# a verb of giving, whom it was given to, the noun, and "for" or "to" and a verb
_GIVEN = re.compile(r"\b(?:gave|give|gives|giving|given|provided|provide|provides|providing|"
                    r"granted|grant|grants|issued|issue|issues)\s+(?:(?P<to>[^,?()]+?)\s+)?"
                    r"(?:the|a|an|its|their|his|her)\s+(?P<noun>[a-z]+)"
                    r"(?:\s*\([^)]*\))?\s+(?:for\s+(?:[^,?()]+?\s+to\s+[a-z]+\s+)?|to\s+[a-z]+\s+)",
                    re.IGNORECASE)


def given(kg: KnowledgeGraph, question: str) -> tuple[str, str] | None:
    """The question with the noun given read as its relation's verb, and the note that
    says so; None when it says no relation so."""
    from kgraph.ask.lexicon import lexicon

    m = _GIVEN.search(question)
    if m is None:
        return None
    lex = lexicon(kg)
    senses = lex.relations.get((lex.lemma(m["noun"].lower()),))
    types = kg.schema.relation_types
    verbs = [types[r].reading for r, forward in senses or [] if forward and r in types]
    if not verbs:
        return None
    again = question[:m.start()] + verbs[0] + " " + question[m.end():]
    return again, f"read as: '{again}' (a {m['noun']} given: what {verbs[0]} it)"
