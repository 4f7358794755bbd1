"""The text fallback, run: the entities and passages of the full-text index that use a
question's words, when no plan of relations reads the question whole (see
:mod:`kgraph.ask.fulltext` for the index)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph import queries as q
from kgraph.ask.candidate import Candidate
from kgraph.ask.execute import Runner
from kgraph.ask.explain import entry
from kgraph.ask.plan import WHO_TYPES, Plan
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.parse import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


def speech_atoms(kg: KnowledgeGraph, atoms: list[Atom]) -> list[Atom]:
    """The question's verbs of saying: relations whose target is a statement."""
    types = kg.schema.relation_types
    return [a for a in atoms if a.kind == "relation" and any(
        r in types and "statement" in types[r].target for r, _ in a.senses)]


def text(kg: KnowledgeGraph, runner: Runner, plan: Plan, tokens: list[Token],
          atoms: list[Atom]) -> Candidate | None:
    from kgraph.ask.fulltext import text_index

    quoted = [a for a in atoms if a.kind == "quote"]
    # "who argued that ...": the verb of saying is what the passages are, not in them
    speech = speech_atoms(kg, atoms)
    said = {i for a in speech for i in range(a.start, a.end)}
    # the question's own word: the first when it opens the question, else the last ("the
    # official who spoke ... through which initiative?")
    whs = [a for a in atoms if a.kind == "wh"]
    asked = whs[0] if whs and whs[0] is atoms[0] else whs[-1] if whs else None
    asks_who = asked is not None and (asked.word in ("who", "whom") or any(
        a.kind == "type" and "person" in a.types for a in atoms[atoms.index(asked) + 1:][:2]))
    if quoted:
        query = " ".join(a.text for a in quoted)
        used = {i for a in quoted for i in range(a.start, a.end)}
    else:
        from kgraph.ask.words import FUNCTION_WORDS

        # the question's own words, as written (a name's too), each once
        searched = [a for a in atoms if a not in speech
                    and a.kind in ("word", "type", "relation", "end", "number", "entity")]
        query = " ".join(dict.fromkeys(
            w for a in searched for i in range(a.start, a.end)
            for w in tokens[i].text.lower().split()
            if fold(w) not in FUNCTION_WORDS))  # (the index has the text as written)
        used = set()
    plan.text = query
    hits = text_index(kg).search(query)
    if not hits:
        return Candidate(plan, [], set())
    strength = getattr(hits[0], "strength", "some")
    who = any(t.norm in ("who", "whom", "whose") for t in tokens) or any(
        a.kind == "type" and "person" in a.types for a in atoms)  # "which official said"
    answers: list[dict[str, Any]] = []
    seen: set[str] = set()

    def speakers(nodes: list[str]) -> list[str]:
        """Who or what is linked to ``nodes`` from a source a question's 'who' asks for."""
        return list(dict.fromkeys(m for n in nodes if n in kg.graph
                                  for m, _ in q.edges_of(kg, n, "in")
                                  if runner.is_a(m, list(WHO_TYPES))))

    for h in hits:
        ids = h.entities
        if who and h.relation is not None:
            people = [n for n in ids if runner.is_a(n, ["person"])]
            ids = people or ids
        if who and speech and asks_who:
            # "who argued that ...": the statements' speakers, the people the passage names
            ids = speakers([n for n in ids if n in kg.graph
                            and runner.is_a(n, ["statement"])]) or [
                n for n in ids if n in kg.graph and runner.is_a(n, ["person"])]
        elif who and asks_who and not any(runner.is_a(n, list(WHO_TYPES)) for n in ids
                                          if n in kg.graph):
            ids = speakers(ids) or ids  # a statement's words: who said it
        for n in ids:
            if n in seen or n not in kg.graph:
                continue
            seen.add(n)
            item = entry(kg, n, [])
            item["how"] = f"text match in {h.field}: “{h.text}”"
            item["match"] = "text"
            if h.field == "quote":
                item["evidence"] = q.evidence(kg, [{"source": h.source, "quote": h.text}])
            answers.append(item)
        if len(answers) >= 10:
            break
    if strength == "some" and not quoted:
        # the words the best passage has are used; the others are told as left out
        found_words = set(fold(hits[0].text).split())
        used = {i for a in atoms if a.kind in ("word", "type", "end", "entity", "number")
                for i in range(a.start, a.end) if fold(tokens[i].text) in found_words} \
            if speech else set()
    elif not quoted:
        # every word searched for (a date or a place of the question is not: the passages
        # are not checked against it, and it is told as left out)
        used = {i for a in searched for i in range(a.start, a.end)}
    # which question words the search used, besides the words it looked for
    if speech and answers:
        # what follows the verb of saying is what was said (its words searched, its names
        # the passage's context); a type asked for that the speakers are is used too
        after = min(a.start for a in speech)
        used |= said | {i for a in atoms if a.start > after and a.kind == "entity"
                        for i in range(a.start, a.end)}
        used |= {i for a in atoms if a.kind == "type" and a.start < after and all(
            runner.is_a(x["id"], a.types) for x in answers) for i in range(a.start, a.end)}
        # and a place or body before it that every speaker belongs to ("which Colombian
        # official said ...")
        for a in atoms:
            if a.kind == "entity" and a.start < after and all(
                    x["id"] in runner.affiliated(list(a.ids)) for x in answers):
                used |= set(range(a.start, a.end))
    else:  # (any other search) the names the passages are about or use count too
        texts = " ".join(fold(h.text) for h in hits[:5])
        for a in atoms:
            if a.kind == "entity" and (any(set(a.ids) & set(h.entities) for h in hits[:5])
                                       or f" {a.text} " in f" {texts} "):
                used |= set(range(a.start, a.end))
    cand = Candidate(plan, answers, used)
    cand.match = "text"
    return cand
