"""A region the data does not hold, named by a word before a place's adjective: "Sessions's
March meeting with the Central American attorneys general", "his South American
counterparts". The adjective alone names another place ("American": the United States), so
the two are one qualifier, of a place the data has nothing on.

Where the qualifier is of something the question says more of (the people a meeting was
with, the meeting itself), the question is read without it and the answer's notes say so:
nothing in the data could check it, and the rest may still say which. Where it says what
the answers must be ("which Central American countries ..."), leaving it out would answer
another question: the question is refused, with what the data lacks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kgraph.errors import NotFound

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

# a capitalised word, and a capitalised word after it that may be a place's adjective
_PAIR = re.compile(r"\b(?P<first>[A-Z][a-z]{2,})(?= (?P<adj>[A-Z][a-z]{3,})\b)")
# (a capital that only opens a sentence says nothing of a name)
_SENTENCE = re.compile(r"(?:^|[.?!:;\"“(-] )\W*$")
# a qualifier of what the answers must be: right after the question's word
_ASKED = re.compile(r"\b(?:which|what|how many)(?: (?:of )?the)? *$", re.IGNORECASE)


def unheld(kg: KnowledgeGraph, lex: Lexicon, question: str) -> tuple[str, list[str]]:
    """``question`` without the qualifiers of a region the data does not hold (see the
    module's docstring), and the notes that say so; NotFound when one says what the
    answers must be."""
    from kgraph.ask.parse import place_adjective
    from kgraph.ask.words import FUNCTION_WORDS

    notes: list[str] = []
    out, last = [], 0
    for m in _PAIR.finditer(question):
        first, adj = m["first"].lower(), m["adj"]
        if m.start() < last or first in FUNCTION_WORDS or _SENTENCE.search(question[:m.start()]) \
                or lex.known(first) or lex.known(f"{first} {adj.lower()}") \
                or not place_adjective(kg, adj):
            continue
        words = f"{m['first']} {adj}"
        before = question[:m.start()]
        if _ASKED.search(before):
            raise NotFound(f"the data has nothing on '{words}' (no such place); without "
                           "it the question would be a different one")
        notes.append(f"left out '{words}': the data has no such place (the question read "
                     "without it)")
        out.append(question[last:m.start()])
        last = m.start() + len(words)
    out.append(question[last:])
    if not notes:
        return question, []
    return re.sub(r" {2,}", " ", "".join(out)).replace(" ,", ","), notes
