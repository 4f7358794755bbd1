"""What a question says in passing of something it names: "MS-13, the gang now based mostly
in Central America, ...", "Homeland Security Investigations, which sent representatives to
the working group, is part of ...", "Colombia's attorney general (Fiscal General de la
Nación)".

A phrase set off by commas (or in brackets) right after a name describes the named entity;
the name already says which one it is. The phrase is taken out of the question before plans
are made, and the answer says it was read as said in passing (nothing in it narrows
anything, and nothing in it is checked).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

# the words an aside after a name opens with: a relative pronoun, or an article of an
# apposition ("MS-13, the gang ...")
OPENERS = frozenset({"which", "who", "whose", "the", "a", "an", "now", "once", "formerly"})


def asides(question: str, tokens: list[Token], atoms: list[Atom]
           ) -> tuple[list[Atom], list[str]]:
    """``atoms`` without the phrases said in passing of a name, and those phrases."""
    out = list(atoms)
    said: list[str] = []
    k = 0
    while k < len(out) - 1:
        name = out[k]
        if name.kind != "entity" or name.match == "pronoun":
            k += 1
            continue
        close = {",": ",", "(": ")"}.get(_between(question, tokens, name, out[k + 1]), "")
        first = out[k + 1]
        if not close or (close == "," and tokens[first.start].norm not in OPENERS):
            k += 1
            continue
        end = next((j for j in range(k + 1, len(out) - 1)
                    if _between(question, tokens, out[j], out[j + 1]) == close), None)
        if end is None or any(a.kind == "wh" and a.word not in ("which", "who", "whose")
                              or a.kind == "wh" and a is not first for a in out[k + 1:end + 1]):
            k += 1  # (no end to it before the question goes on, or a question inside it)
            continue
        said.append(question[tokens[first.start].start:tokens[out[end + 1].start].start]
                    .rstrip().rstrip(close).rstrip())
        del out[k + 1:end + 1]
        k += 1
    return out, said


def _between(question: str, tokens: list[Token], left: Atom, right: Atom) -> str:
    """The mark of punctuation right after ``left`` and before ``right`` ("," "(" ")"),
    or "" (a word's own span is not always its text: "MS-13" is two tokens)."""
    text = question[tokens[left.end - 1].start:tokens[right.start].start].rstrip()
    return text[-1] if text and text[-1] in ",()" else ""


def details(kg: KnowledgeGraph, question: str, tokens: list[Token], atoms: list[Atom]
            ) -> tuple[list[Atom], list[str]]:
    """``atoms`` without the place and date listed after a name as its details ("the 2nd
    working group, Cartagena, June 12-14"), and those details (said in passing: each part set
    off by a comma is a place or a date, and nothing else)."""
    from kgraph.ask.plan import is_place

    def place(a: Atom) -> bool:
        return a.kind == "entity" and bool(a.ids) and all(is_place(kg, n) for n in a.ids)

    out = list(atoms)
    said: list[str] = []
    k = 0
    while k < len(out) - 1:
        if out[k].kind != "entity" or place(out[k]) or _between(question, tokens, out[k],
                                                                 out[k + 1]) != ",":
            k += 1
            continue
        j = k + 1
        while j < len(out) and (place(out[j]) or out[j].kind == "date") and (
                j + 1 == len(out) or _between(question, tokens, out[j], out[j + 1]) == ","):
            j += 1
        if j > k + 1 and (j == len(out) or out[j].kind in ("wh", "and")):
            said += [out[i].text for i in range(k + 1, j)]
            del out[k + 1:j]
        k += 1
    return out, said
