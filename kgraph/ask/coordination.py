"""Two phrases of one relation joined by "both ... and ...": "which official took part both
in the trilateral summit and in the March meeting with the attorneys general", "which
countries were represented both at the summit and at the dialogue in Washington".

Each side is read as a question of its own (what comes before "both", then that side), and
the two plans are joined on their answer: what the answer must be is the same entity on both
sides, so the plan holds only where both do (an intersection, never one side alone).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph.ask.plan import Plan

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

MAX_SIDES = 2  # plans of each side tried together (their best by prior)


def coordinated(kg: KnowledgeGraph, lex: Lexicon, tokens: list[Token], atoms: list[Atom]
                ) -> list[Plan]:
    """The plans of a question whose relation has two phrases joined by "both P ... and
    P ..." (P the same preposition), each pair of sides' plans joined on the answer."""
    from kgraph.ask.grammar import plans

    split = _split(atoms)
    if split is None:
        return []
    b, a = split
    head = atoms[:b]
    left, right = head + atoms[b + 1:a], head + atoms[a + 1:]
    joined = set(range(atoms[b].start, atoms[b].end)) | set(range(atoms[a].start, atoms[a].end))
    sides = []
    for side in (left, right):
        found = [p for p in plans(kg, lex, tokens, side) if p.intent in ("relation", "lineage")
                 and any(p.answer in (st.left, st.right) for st in p.steps)]
        found.sort(key=lambda p: -p.prior)
        sides.append(found[:MAX_SIDES])
    return [_join(one, two, joined) for one in sides[0] for two in sides[1]]


def _split(atoms: list[Atom]) -> tuple[int, int] | None:
    """The places of "both" and of its "and": "both" right before a preposition, and the
    first "and" after it right before the same preposition."""
    real = [k for k, x in enumerate(atoms) if x.kind != "filler"]
    for i, k in enumerate(real[:-1]):
        prep = atoms[real[i + 1]]
        if atoms[k].kind != "both" or prep.kind != "prep":
            continue
        for j, m in enumerate(real[i + 2:-1], start=i + 2):
            after = atoms[real[j + 1]]
            if atoms[m].kind == "and" and after.kind == "prep" and after.word == prep.word:
                return k, m
    return None


def _join(one: Plan, two: Plan, joined: set[int]) -> Plan:
    """``one`` and ``two`` as one plan, their answer sets one set."""
    # two's sets after one's, but for its answer set, which is one's
    kept = [i for i in range(len(two.sets)) if i != two.answer]
    index = {i: len(one.sets) + n for n, i in enumerate(kept)} | {two.answer: one.answer}
    sets = [replace(s) for s in one.sets] + [replace(two.sets[i]) for i in kept]
    steps = [replace(st) for st in one.steps] + [
        replace(st, left=index[st.left], right=index[st.right],
                during=None if st.during is None else index[st.during]) for st in two.steps]
    answer = sets[one.answer]
    other = two.sets[two.answer]
    sets[one.answer] = replace(answer, tokens=answer.tokens | other.tokens)
    intent = "lineage" if "lineage" in (one.intent, two.intent) else "relation"
    return Plan(intent=intent, sets=sets, steps=steps, answer=one.answer,
                tokens=one.tokens | two.tokens | joined, prior=min(one.prior, two.prior) + 0.1)
