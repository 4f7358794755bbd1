"""A question that asks for everything of a kind: "list all the agencies", "which countries
are there?", "what operations are recorded?". Nothing narrows it: the answer is every entity
of the types its noun names, by name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

# words that say only that the things are there ("which countries are there", "every
# person in the data")
_THERE = frozenset({"every", "each", "recorded", "known", "listed", "mentioned", "there",
                    "data", "dataset", "graph", "exist", "in"})


def kind_asked(kg: KnowledgeGraph, question: str) -> list[str]:
    """The entity types a question that asks for everything of a kind names; [] for any
    other question."""
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    atoms = parse.atoms(kg, question, lexicon(kg))[1]
    kinds = [a for a in atoms if a.kind == "type"]
    asking = [a for a in atoms if a.kind in ("wh", "imperative")]
    if len(kinds) != 1 or len(asking) != 1 or atoms[0] is not asking[0] \
            or asking[0].kind == "wh" and asking[0].word not in ("which", "what") \
            or not all(a.kind in ("wh", "imperative", "filler", "copula", "type")
                       or a.kind in ("word", "prep") and a.text.lower() in _THERE
                       for a in atoms):
        return []
    return list(kinds[0].types)


def everything(kg: KnowledgeGraph, kinds: list[str], question: str
               ) -> tuple[dict[str, Any], list[str]]:
    """The result that lists every entity of ``kinds`` (subtypes included), by name, and
    the ids of those beyond the answers given in full."""
    from kgraph.ask.execute import MAX_ANSWERS
    from kgraph.ask.explain import entry

    g = kg.graph
    ids = sorted((n for n in g if any(kg.schema.is_a(str(g.nodes[n].get("type", "")), t)
                                      for t in kinds)),
                 key=lambda n: str(g.nodes[n].get("name", n)).lower())
    types = kg.schema.entity_types
    label = " or ".join(types[t].plural if t in types and types[t].plural else t
                        for t in kinds)
    answers = [entry(kg, n, [], how=f"one of the {label} in the data")
               for n in ids[:MAX_ANSWERS]]
    return {"question": question, "answers": answers,
            "interpretation": {"intent": "relation", "text": f"every one of the {label} in "
                               "the data", "command": []}}, ids[MAX_ANSWERS:]
