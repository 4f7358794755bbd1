"""A verb the data has no relation phrase for, said with a preposition: "the FGN people
who popped over to the working group", "which cops tagged along to X". Read as one of the
relations the data says with that preposition ("went to", "came to": attended), which the
types of the two sides then narrow (see :mod:`kgraph.ask.fitting`); the answer says the
phrase was read so. And a relation said with "in" or "at" and a place it cannot end in
("who turned up in Cartagena"): the place read as its object, which stands for the
events held there (:func:`place_objects`). Each is kept with what it was made of, for the
reading without it (:func:`unguessed`).

A word is taken for a verb when it has a verb's ending ("-ed", "-ing") or a particle
follows it ("kit out for"), and a preposition ends the phrase; a noun before a preposition
("the speech at") is no verb."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph.ask.words import AROUND, CONNECTION, HAPPEN

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

SHAPE_WORDS = CONNECTION | AROUND | HAPPEN  # ("linked to": the shape of the question)
GUESSED = "guessed"  # the match of such a relation atom
# particles a verb of two or three words may have before its preposition
PARTICLES = frozenset({"up", "over", "out", "down", "off", "back", "around", "along", "across",
                       "through", "away", "in", "on"})
# prepositions a relation is said with (not "of": "the reporting of X" is a noun's)
# (nor "by": "summed up by" is a passive of no relation more often than of one; nor "for":
# "did the talking for Norland at X" says on whose behalf as often as what is done to)
_PREPOSITIONS = frozenset({"to", "at", "in", "into", "with", "on", "from", "about"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her"})


def said_with(kg: KnowledgeGraph) -> dict[str, list[tuple[str, bool]]]:
    """For each preposition, the relations (and their direction) whose phrases end in it
    ("went to", "came to": to); not those of lineage or of parts, which a question follows
    step by step and which are said in words of their own. Built once per graph and kept
    with it for the process (not in the compiled cache: it is made from the lexicon,
    whose code the cache's fingerprint of this module does not cover)."""
    memo = kg.__dict__.get("_ask_said_with")
    if memo is not None:
        return memo
    from kgraph.ask.lexicon import lexicon

    schema = kg.schema
    found: dict[str, dict[tuple[str, bool], None]] = {}
    for key, senses in lexicon(kg).relations.items():
        if len(key) >= 2 and key[-1] in _PREPOSITIONS:
            found.setdefault(key[-1], {}).update(dict.fromkeys(
                (r, way) for r, way in senses if r in schema.relation_types
                and not schema.relation_types[r].lineage
                and not schema.relation_types[r].composition))
    table = kg.__dict__["_ask_said_with"] = {p: list(s) for p, s in found.items()}
    return table


def guessed(kg: KnowledgeGraph, tokens: list[Token], atoms: list[Atom]) -> list[Atom]:
    """``atoms`` with each unknown verb and its particles and preposition read as one
    relation atom (match :data:`GUESSED`), its senses the relations said with that
    preposition; as they were when there is none."""
    out = list(atoms)
    k = 0
    while k < len(out):
        a = out[k]
        said = a.text.split()[-1] if a.kind == "relation" and not a.senses else ""
        if said in _PREPOSITIONS:  # a verb read as any relation ("who turned out for")
            senses = said_with(kg).get(said)
            if senses:
                out[k] = replace(a, senses=list(senses), match=GUESSED, made_of=[a])
            k += 1
            continue
        if a.kind != "word" or a.capital or not a.word.isalpha() or len(a.word) < 3 \
                or a.word in SHAPE_WORDS \
                or k and tokens[out[k - 1].end - 1].norm in _DETERMINERS:
            k += 1
            continue
        j = k + 1
        while j < len(out) and out[j].end - out[j].start == 1 \
                and tokens[out[j].start].norm in PARTICLES and j + 1 < len(out) \
                and out[j + 1].kind == "prep":
            j += 1
        last = out[j] if j < len(out) else None
        verbal = a.word.endswith(("ed", "ing")) or j > k + 1
        after = out[j + 1] if last is not None and j + 1 < len(out) else None
        if last is None or last.kind != "prep" or last.word not in _PREPOSITIONS \
                or not verbal or last.word == "to" and after is not None \
                and after.kind in ("word", "relation"):
            k += 1  # (nor "using to kit": "to" before a verb)
            continue
        senses = said_with(kg).get(last.word)
        if not senses:
            k += 1
            continue
        text = " ".join(t.norm for t in tokens[a.start:last.end])
        out[k:j + 1] = [replace(a, kind="relation", end=last.end, text=text, lemma=text,
                                senses=list(senses), match=GUESSED, made_of=out[k:j + 1])]
        k += 1
    return out


def unguessed(atoms: list[Atom]) -> list[Atom] | None:
    """``atoms`` with each guessed relation its words again (the reading that leaves the
    verb out, as the data does not know it), and each relation read with a place's
    preposition without it; None when there is none."""
    if not any(a.made_of for a in atoms):
        return None
    return [b for a in atoms for b in (a.made_of or [a])]


PLACE_TYPES = ("place", "country")


def place_objects(kg: KnowledgeGraph, atoms: list[Atom]) -> list[Atom]:
    """"who attended in Cartagena": a relation whose other end cannot be a place, then
    "in" or "at" and a place; the preposition read as part of the relation, the place as
    its object (which :mod:`kgraph.ask.fitting` reads as the events held there)."""
    schema = kg.schema
    out = list(atoms)
    for k in range(len(out) - 2, 0, -1):
        a, prep, place = out[k - 1], out[k], out[k + 1]
        if a.kind != "relation" or prep.kind != "prep" or prep.word not in ("in", "at") \
                or place.kind != "entity" or not place.ids or prep.start != a.end \
                or any(b.kind == "wh" and b.word == "when" or b.word in ("while", "as")
                       for b in out[1:k - 1]):
            continue  # (nor in a clause of time: "when X convened in Cartagena")
        if not all(n in kg.graph and any(schema.is_a(str(kg.graph.nodes[n].get("type")), t)
                                         for t in PLACE_TYPES) for n in place.ids):
            continue
        ends = [schema.relation_types[r].target if forward else schema.relation_types[r].source
                for r, forward in a.senses if r in schema.relation_types]
        if not ends or any(schema.is_a(t, p) or schema.is_a(p, t) for end in ends for t in end
                           for p in PLACE_TYPES):
            continue
        out[k - 1:k + 1] = [replace(a, end=prep.end, text=f"{a.text} {prep.word}",
                                    made_of=[a, prep])]
    return out


def notes(atoms: list[Atom]) -> list[str]:
    """What the answer says of each relation phrase read so."""
    return [f"'{a.text}' is no phrase the data knows: read as a relation said with "
            f"'{a.text.split()[-1]}' that the two sides can have" for a in atoms
            if a.kind == "relation" and a.match == GUESSED]
