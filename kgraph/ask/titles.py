"""A person's title asked for: the role the person's own record gives, with its quote,
before the offices the person holds ("Acting Prosecutor General", which the office's name
does not say); or that role alone when no office of theirs is recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph import queries as q
from kgraph.ask.candidate import Candidate
from kgraph.ask.explain import entry

if TYPE_CHECKING:
    from kgraph.ask.plan import EntitySet, Plan
    from kgraph.graph import KnowledgeGraph


def titled(kg: KnowledgeGraph, plan: Plan, cand: Candidate) -> None:
    """"What is Beltrán's title", "what position does Sullivan hold": the offices one
    person holds, after the person with the role his own record gives ("Acting Prosecutor
    General", which the office's name does not say)."""
    s = plan.sets[plan.answer]
    if s.named or not _asks_office(kg, s) or not cand.answers or cand.value is not None or len(plan.steps) > 1:
        return  # (not "in what capacity did X attend Y": the office, not the role)
    named = {n for grp in s.affiliations for n in grp} | {
        n for other in plan.sets if other.named for grp in other.groups for n in grp}
    people = [n for n in named if n in kg.graph and kg.graph.nodes[n].get("role")]
    if len(people) != 1:
        return
    held = {nb for nb, _ in q.edges_of(kg, people[0], "out", _holding(kg))}
    if not all(a["id"] in held for a in cand.answers):
        return
    item = _with_role(kg, people[0])
    cand.answers.insert(0, item)
    cand.value = item["value"]


def role_of(kg: KnowledgeGraph, plan: Plan, s: EntitySet, used: set[int]) -> Candidate | None:
    """"What is Claudia Carrasquilla's job": no office of hers is recorded as one; the role
    her record states answers, said to be her record's. "What was Beltrán's title at the
    summit": the other thing named is when, not what the office is of; the role, then the
    offices he held at the time (those with no dates of their own included)."""
    from kgraph.ask.traverse import _span, held_within

    people = [n for grp in s.affiliations for n in grp if n in kg.graph
              and kg.graph.nodes[n].get("role")]
    if not _asks_office(kg, s) or len(people) != 1:
        return None
    occasions = [n for grp in s.affiliations for n in grp if n in kg.graph and n != people[0]]
    periods = [_span(kg.graph.nodes[n]) for n in occasions] + [s.period] * bool(s.period)
    offices = list(q.edges_of(kg, people[0], "out", _holding(kg)))
    held = [(nb, edge) for nb, edge in offices if all(held_within(edge[3], p) for p in periods)]
    if offices and not held:
        return None  # (none held then: no role of the record's would be the one asked for)
    item = _with_role(kg, people[0])
    cand = Candidate(plan, [item, *(entry(kg, nb, [edge]) for nb, edge in held)],
                     used | s.tokens)
    cand.value = item["value"]
    if held:
        names = ", ".join(str(kg.graph.nodes[n].get("name", n)) for n in occasions)
        cand.notes.append(f"{'at ' + repr(names) if names else 'the time asked'} read as when: "
                          f"the role the record of {item['name']} gives, and the offices "
                          "held then")
    else:
        cand.notes.append(f"no office of {item['name']} is recorded as one: the role the "
                          "record gives")
    return cand


def _holding(kg: KnowledgeGraph) -> list[str]:
    """The relations by which a person holds an office, as the schema declares them."""
    from kgraph.ask.plan import holding_senses

    return [r for r, _ in holding_senses(kg)]


def _with_role(kg: KnowledgeGraph, person: str) -> dict[str, Any]:
    """The person's answer entry, with the role the record gives as its value."""
    item = entry(kg, person, [])
    item["value"] = str(kg.graph.nodes[person]["role"])
    item["how"] = f"role: {item['value']}"
    return item


def _asks_office(kg: KnowledgeGraph, s: EntitySet) -> bool:
    """The set asks for offices ("his title", "her job", "what position")."""
    return bool(s.types) and all(kg.schema.is_a(t, "office") for t in s.types)
