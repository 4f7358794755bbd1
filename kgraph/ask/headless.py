"""A question typed as the noun phrase of its answer: "countries that took part in both
X and Y?" asks "what are the countries that took part in both X and Y?"; read so when the
question has no question word before it, starts with a type word and goes on with a
relative clause (its "that" may be left out: "events both A and B attended"), or with where
they were ("countries at both X and Y": which countries were at both). And "head of
the unit?", a relation said as a noun of a phrase: "what
is the head of the unit"; and "city of the first working group": which city of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.words import Token

_LEADING = ("all", "the", "any", "those")
# prepositions that say where the things were ("countries at the summit")
_PLACED = frozenset({"at", "in", "from", "inside", "within"})


def as_question(question: str, tokens: list[Token], atoms: list[Atom]) -> str | None:
    """The question asked of its noun phrase ("what are the ..."); None when it is not so
    shaped."""
    k = 0
    while k < len(atoms) and atoms[k].kind == "filler" and atoms[k].word in _LEADING:
        k += 1
    if k < len(atoms) - 1 and atoms[k].kind == "relation" and atoms[k].text.endswith(" of") \
            and not any(a.kind in ("wh", "imperative", "copula", "aux") for a in atoms) \
            and not any(a.kind == "relation" for a in atoms[k + 1:]):
        # "head of the unit?", "location of the second meeting": a relation said as a noun
        # of what follows, asked for
        return "what is the " + question[tokens[atoms[k].start].start:].strip()
    j = k
    while j < len(atoms) and atoms[j].kind in ("type", "word", "entity") \
            and not atoms[j].possessive:
        j += 1
    if 0 < j - k < len(atoms) - 1 and atoms[j - 1].kind == "type" \
            and atoms[j].kind in ("entity", "both") and not atoms[j].possessive \
            and any(a.kind == "relation" for a in atoms[j + 1:]) and not any(
                a.kind in ("wh", "imperative", "rel", "copula", "aux") for a in atoms):
        # "events both Sessions and Beltrán attended": the relative clause without its
        # "that"
        head = question[tokens[atoms[k].start].start:tokens[atoms[j - 1].end - 1].end]
        return f"what are the {head} that {question[tokens[atoms[j].start].start:].strip()}"
    if 0 < j - k and j < len(atoms) - 1 and atoms[j - 1].kind == "type" \
            and atoms[j].kind == "prep" and atoms[j].word in _PLACED and not any(
                a.kind in ("wh", "imperative", "rel", "copula", "aux") for a in atoms[:j]) \
            and not any(a.kind in ("wh", "imperative") for a in atoms[j:]):
        # "countries at both the summit and the working group": which were there
        head = question[tokens[atoms[k].start].start:tokens[atoms[j - 1].end - 1].end]
        return f"which {head} were {question[tokens[atoms[j].start].start:].strip()}"
    if 0 < j - k and j < len(atoms) - 1 and atoms[j - 1].kind == "type" \
            and atoms[j].kind == "prep" and atoms[j].word == "of" and not any(
                a.kind in ("wh", "imperative", "rel", "copula", "aux", "relation")
                for a in atoms):
        # "city of the first working group": which city of it
        return "which " + question[tokens[atoms[k].start].start:].strip()
    if j == k or j >= len(atoms) or atoms[j - 1].kind != "type" \
            or atoms[j].kind not in ("rel", "wh") \
            or atoms[j].word not in ("that", "who", "whom", "which") \
            or any(a.kind in ("wh", "imperative") for a in atoms[j + 1:]):
        return None
    return "what are the " + question[tokens[atoms[k].start].start:].strip()
