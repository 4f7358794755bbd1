"""What a question sets aside: "apart from the State Department, which department ...",
"besides Kelly and McMaster, whom did he meet", "which components, other than OPDAT itself".

The phrase names entities the answer must not include. It is taken out of the question
before plans are made (it says nothing the answer is related to), and the entities it
names are then removed from the answers (the question is answered as having nothing else
when nothing is left).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgraph import queries as q
from kgraph.ask.words import phrase_at

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.candidate import Candidate
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

# one word or two that set what follows aside
LEADS = {("besides",): 1, ("except",): 1, ("excluding",): 1, ("apart", "from"): 2,
         ("aside", "from"): 2, ("other", "than"): 2, ("except", "for"): 2,
         ("as", "opposed", "to"): 3, ("rather", "than"): 2, ("leaving", "aside"): 2,
         ("setting", "aside"): 2, ("putting", "aside"): 2, ("leaving", "out"): 2,
         ("as", "distinct", "from"): 3, ("not", "counting"): 2, ("let", "alone"): 2}
# a word after the names that sets them aside ("LA aside")
AFTER = frozenset({"aside", "excepted", "excluded"})
# words that may stand beside the names ("OPDAT itself")
BESIDE = frozenset({"itself", "themselves", "himself", "herself", "alone"})


@dataclass
class Exclusion:
    """The entities a question sets aside, and its tokens that name them."""

    ids: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)  # "as opposed to individuals": people
    clause: str = ""  # "as opposed to where it is based today": a question left out
    tokens: set[int] = field(default_factory=set)
    text: str = ""
    reason: str = "set aside as asked"


def exclusions(kg: KnowledgeGraph, tokens: list[Token], atoms: list[Atom]
               ) -> tuple[list[Atom], Exclusion]:
    """``atoms`` without the phrases that set entities aside, and what they set aside (an
    office named, "apart from the chief of staff": its holders too)."""
    out = list(atoms)
    found = Exclusion()
    k = 0
    while k < len(out):
        lead = phrase_at(tokens, out[k].start, LEADS)
        if not lead and out[k].kind == "entity" and out[k].end < len(tokens) \
                and tokens[out[k].end].norm in AFTER \
                and (out[k].end + 1 == len(tokens) or tokens[out[k].end + 1].norm != "from"):
            # "where does it operate, LA aside": the name before the word is set aside
            found.ids |= set(out[k].ids) | _holders(kg, set(out[k].ids))
            found.tokens |= set(range(out[k].start, out[k].end + 1))
            found.text = " ".join(t.text for t in tokens[out[k].start:out[k].end + 1])
            drop = [b for b in out[k + 1:] if b.start == out[k].end]
            del out[k:k + 1 + len(drop)]
            continue
        if not lead:
            k += 1
            continue
        first = next((j for j in range(k, len(out)) if out[j].start >= out[k].start + lead),
                     len(out))
        if first < len(out) and out[first].kind == "wh":
            # "as opposed to where it is based today": a contrasting question, left out
            # (and said so), not a condition on the answer
            found.clause = " ".join(t.text for t in tokens[out[k].start:out[-1].end])
            found.tokens |= {i for a in out[k:] for i in range(a.start, a.end)}
            del out[k:]
            break
        j = first
        ids: set[str] = set()
        types: set[str] = set()
        while j < len(out) and (out[j].kind in ("entity", "type", "filler", "and", "punct")
                                or tokens[out[j].start].norm in BESIDE):
            if out[j].kind == "entity":
                ids.update(out[j].ids)
            elif out[j].kind == "type":
                types.update(out[j].types)
            j += 1
        while j > first and out[j - 1].kind in ("and", "filler"):
            j -= 1
        if not ids and not types:
            k += 1
            continue
        found.ids |= ids | _holders(kg, ids)
        found.types |= types
        found.tokens |= {i for a in out[k:j] for i in range(a.start, a.end)}
        found.text = " ".join(t.text for t in tokens[out[k].start:out[j - 1].end])
        del out[k:j]
    return out, found


def _holders(kg: KnowledgeGraph, ids: set[str]) -> set[str]:
    out: set[str] = set()
    for n in ids:
        if n in kg.graph and kg.schema.is_a(kg.graph.nodes[n].get("type", ""), "office"):
            out |= {other for other, _ in q.edges_of(kg, n, "in")
                    if kg.schema.is_a(kg.graph.nodes[other].get("type", ""), "person")}
    return out


def set_aside(kg: KnowledgeGraph, cand: Candidate, excluded: Exclusion) -> None:
    """``cand`` without the answers the question sets aside (a count counts the rest)."""
    if excluded.clause:
        cand.notes.append(f"left out: '{excluded.clause}' (another question)")
    if not excluded.ids and not excluded.types:
        return
    before = len(cand.answers) + len(cand.more)

    def out(n: str) -> bool:
        return n in excluded.ids or n in kg.graph and any(
            kg.schema.is_a(kg.graph.nodes[n].get("type", ""), t) for t in excluded.types)

    cand.answers = [a for a in cand.answers if not out(a.get("id", ""))]
    cand.more = [n for n in cand.more if not out(n)]
    if len(cand.answers) + len(cand.more) == before:
        return
    if cand.plan.intent == "count" and cand.value is not None:
        cand.value = len(cand.answers) + len(cand.more)
    cand.notes.append(f"{excluded.reason} ('{excluded.text}')")
