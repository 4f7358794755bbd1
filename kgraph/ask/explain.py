"""A plan and what it found, for people and scripts: the interpretation in plain words,
the equivalent ``kgraph`` commands, and the answer entries with their evidence."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from kgraph import queries as q
from kgraph.ask.execute import Edge, Outcome
from kgraph.ask.plan import Plan, date_words, describe, step_words, through_shared

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


def _name(kg: KnowledgeGraph, node: str) -> str:
    return str(kg.graph.nodes[node].get("name", node))


def _arg(text: str) -> str:
    return shlex.quote(text)


def plan_text(kg: KnowledgeGraph, plan: Plan) -> str:
    """How the question was understood, in words."""
    if plan.intent == "path":
        a, b = (describe(kg, s) for s in plan.sets[:2])
        return f"connection between {a} and {b}"
    if plan.intent == "neighbours":
        return f"what is around {describe(kg, plan.sets[0])}"
    if plan.intent == "timeline":
        rels = f" ({', '.join(r.replace('_', ' ') for r in plan.relations)})" \
            if plan.relations else ""
        what = f"{describe(kg, plan.sets[0])} that" if plan.sets else "what"
        return f"{what} happened{_period(plan)}{rels}"
    if plan.intent == "who-is":
        return f"who or what is {describe(kg, plan.sets[0])}"
    if plan.intent == "value":
        return "the figure: " + " ".join(plan.measure)
    if plan.intent == "text":
        return f"text search for '{plan.text}'"
    lead = {"count": "how many: ", "when": "when: ", "where": "where: "}.get(plan.intent, "")
    others = [i for i in range(len(plan.sets)) if i != plan.answer]
    if plan.intent in ("when", "where") and others and not any(
            plan.answer in (st.left, st.right) for st in plan.steps):
        # "when did A meet B": the clause without the asked-for time or place
        return lead + _clause(kg, plan, others[0], {plan.answer})
    return lead + _clause(kg, plan, plan.answer, set())


def _period(st: Any) -> str:
    if not st.period:
        return ""
    from kgraph.ask.dates import EARLIEST, LATEST

    lo, hi = st.period
    if lo == EARLIEST:
        return f" up to {hi}"
    if hi == LATEST:
        return f" from {lo} on"
    lo, hi = (date_words(x) for x in (lo, hi))
    return f" in {lo}" if lo == hi else f" from {lo} to {hi}"


def _clause(kg: KnowledgeGraph, plan: Plan, i: int, seen: set[int]) -> str:
    """Set ``i`` described with every step from it not yet told, as nested clauses:
    "agencies that attended meetings that were held in Cartagena"."""
    from kgraph.ask.plan import WHERE_TYPES, WHO_TYPES

    root = not (seen - {plan.answer})
    seen.add(i)
    s = plan.sets[i]
    if s.role == "answer" and sorted(s.types) == sorted(WHO_TYPES) and not s.words \
            and not s.affiliations:
        text = "who"
    elif s.role == "answer" and sorted(s.types) == sorted(WHERE_TYPES) and not s.words:
        text = "places"
    elif s.role == "answer" and not s.types and not s.words:
        text = "what"
    else:
        text = describe(kg, s)
    clauses = []
    for st in plan.steps:
        if i not in (st.left, st.right):
            continue
        other = st.right if st.left == i else st.left
        if other in seen:
            continue
        inner = _clause(kg, plan, other, seen)
        verb = step_words(kg, st)
        that = "" if text in ("who", "what") or (s.named and root) else "that "
        where = " in " + " / ".join(str(kg.graph.nodes[n].get("name", n)) for n in st.place
                                    if n in kg.graph) if st.place else ""
        if st.during is not None:  # (its dates are the period told after it)
            seen.add(st.during)
            where += " during " + describe(kg, plan.sets[st.during])
        if st.left == i:
            clauses.append(f"{that}{verb} {inner}{where}{_period(st)}")
        else:
            clauses.append(f"{that}{inner} {verb}{where}{_period(st)}")
    return text + ("" if not clauses else " " + " and ".join(clauses))


def commands(kg: KnowledgeGraph, plan: Plan) -> list[str]:
    """The ``kgraph`` commands that ask the same (or, for a nested plan, its steps)."""
    def ent(s: Any) -> str:
        return _arg(s.groups[0][0]) if s.named and s.groups and s.groups[0] else "ENTITY"

    if plan.intent == "path":
        return [f"kgraph path {ent(plan.sets[0])} {ent(plan.sets[1])}"]
    if plan.intent == "neighbours":
        return [f"kgraph neighbours {ent(plan.sets[0])}"]
    if plan.intent == "timeline":
        lo, hi = plan.period or ("", "")
        from kgraph.ask.dates import EARLIEST, LATEST

        cmd = "kgraph timeline" + (f" --from {lo}" if lo != EARLIEST else "") + (
            f" --to {hi}" if hi != LATEST else "")
        shared = through_shared(kg, plan.relations)
        for r in sorted({shared.get(r, r) for r in plan.relations}):
            cmd += f" --relation {r}"
        return [cmd]
    if plan.intent in ("who-is", "value"):
        first = plan.sets[0] if plan.sets else None
        if first is not None and first.named:
            return [f"kgraph show {ent(first)}"]
        owners = [n for grp in first.affiliations for n in grp] if first is not None else []
        if len(owners) == 1:  # ("John Sullivan's title": what is around him)
            return [f"kgraph neighbours {_arg(owners[0])}"]
        words = plan.text or " ".join(plan.measure) or (
            " ".join(first.text_words or first.words) if first is not None else "")
        return ["kgraph search " + _arg(words)] if words.strip() else []
    if plan.intent == "text":
        return ["kgraph search " + _arg(plan.text)]
    out = []
    for st in plan.steps:
        a, b = plan.sets[st.left], plan.sets[st.right]
        start = a if a.named else b if b.named else None
        if start is None:
            continue
        types = {r for r, _ in st.senses}
        # and the types that imply them (who spoke at a meeting attended it)
        types |= {o for r in list(types) for o in kg.schema.implying(r)}
        # an office's relation is its holder's too (holds_office acts_as_target): two hops
        acting = {r for r, rt in kg.schema.relation_types.items() if rt.acts_as_target and any(
            kg.schema.is_a(t, s) for t in rt.target for o in types
            if o in kg.schema.relation_types for s in kg.schema.relation_types[o].source)}
        # a relation by way of an entity between (said a statement about it): two hops
        chained = {o for r in types if r in kg.schema.relation_types
                   for o in kg.schema.relation_types[r].by_way_of}
        rels = " ".join(f"--relation {r}" for r in sorted(types | acting | chained))
        if acting or chained:
            rels += " --depth 2"
        if st.closure:
            forward_from = start is a
            rtype, left_is_source = st.senses[0]
            rt = kg.schema.relation_types[rtype]
            right_from_left = left_is_source == (rt.origin == "source")
            backward = right_from_left != forward_from
            out.append(f"kgraph lineage {ent(start)}" + (" --backward" if backward else ""))
        else:
            out.append(f"kgraph neighbours {ent(start)} {rels}".rstrip())
    if out or any(s.said for s in plan.sets):  # (search does not look at values)
        return out
    return ["kgraph search " + _arg(" ".join(s.text for s in plan.sets if s.text))]


def entry(kg: KnowledgeGraph, node: str, edges: list[Edge], how: str = "") -> dict[str, Any]:
    """One answer: the entity, the relation that makes it an answer, and its evidence."""
    item = q.summary(kg, node)
    evidence: list[dict[str, Any]] = []
    sentences: list[str] = []
    seen = set()
    for e in edges:
        key = (e[0], e[1], e[2])
        if key in seen:
            continue
        seen.add(key)
        rel = relation_dict(kg, e, travel_from=node)
        sentences.append(rel["sentence"])
        for ev in rel["evidence"]:
            if ev not in evidence:
                evidence.append(ev)
        if rel.get("claim") and rel["claim"] != "stated":
            item.setdefault("claims", []).append(rel["claim"])
            why = "; ".join(str(v) for v in (rel.get("inferred") or {}).values())
            which = f" ({rel['sentence']})" if len(edges) > 1 else ""
            item.setdefault("claim_notes", []).append(
                f"{rel['claim']}{which}" + (f": {why}" if why else ""))
    if not edges:
        evidence = q.evidence(kg, kg.graph.nodes[node].get("evidence", []))[:2]
    item["how"] = how or "; ".join(sentences[:3]) + (f" (+{len(sentences) - 3} more)"
                                                    if len(sentences) > 3 else "")
    item["evidence"] = evidence[:3]
    return item


def answers(kg: KnowledgeGraph, plan: Plan, outcome: Outcome) -> list[dict[str, Any]]:
    return [entry(kg, n, outcome.how.get(n, [])) for n in outcome.answers]


def direction(kg: KnowledgeGraph, plan: Plan) -> str | None:
    ans = plan.sets[plan.answer] if plan.sets else None
    if ans is not None and ans.end_of is not None:  # "the participants of X"
        return "backward" if ans.end_of[1] == "source" else "forward"
    for st in plan.steps:
        if plan.answer not in (st.left, st.right) or not st.senses:
            continue
        rtype, left_is_source = st.senses[0]
        rt = kg.schema.relation_types.get(rtype)
        if rt is None or rt.symmetric:
            return "both"
        answer_is_source = left_is_source == (st.left == plan.answer)
        if st.closure:
            grows = answer_is_source == (rt.origin == "target")
            return "forward" if grows else "backward"
        return "backward" if answer_is_source else "forward"
    return None


def plan_dict(kg: KnowledgeGraph, plan: Plan) -> dict[str, Any]:
    return {
        "intent": plan.intent,
        "sets": [{"role": s.role, "text": describe(kg, s),
                  **({"ids": [n for grp in s.groups for n in grp]} if s.named else {}),
                  **({"types": s.types} if s.types else {}),
                  **({"words": s.words} if s.words else {}),
                  **({"period": list(s.period)} if s.period else {})}
                 for s in plan.sets],
        "steps": [{"from": st.left, "to": st.right, "relation": step_words(kg, st),
                   "types": sorted({r for r, _ in st.senses}), "closure": st.closure,
                   **({"period": list(st.period)} if st.period else {})}
                  for st in plan.steps],
        "answer": plan.answer,
    }


def relation_dict(kg: KnowledgeGraph, edge: Edge, travel_from: str) -> dict[str, Any]:
    u, v, key, attrs = edge
    return q.relation(kg, u, v, key, attrs, travel_from=travel_from)
