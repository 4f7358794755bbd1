"""What an answered question gives back: the answers of the reading chosen, and how it was
read (see :func:`kgraph.ask.answer` for the fields)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.ask.explain import commands, direction, plan_dict, plan_text

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.candidate import Candidate
    from kgraph.graph import KnowledgeGraph


def result_of(kg: KnowledgeGraph, question: str, best: Candidate, runner_up: Candidate | None,
              atoms: list[Atom]) -> dict[str, Any]:
    """The answer to ``question`` as :func:`kgraph.ask.answer` gives it: the chosen
    reading's answers, its interpretation (in words, as a plan and as commands), what it
    found and what it left out, and the runner-up reading when one is close."""

    plan = best.plan
    g = kg.graph
    text = plan_text(kg, plan)
    if best.ignored and plan.intent not in ("text",):
        text += " (ignored: " + ", ".join(best.ignored) + ")"
    named = []
    for i, s in enumerate(plan.sets):
        if s.named:
            named += [grp[0] for grp in s.groups if grp]
        elif i in best.resolved:
            named += best.resolved[i]
        if s.end_of is not None:
            named += [grp[0] for grp in s.end_of[2].groups if grp]
    relations = sorted({r for st in plan.steps for r, _ in st.senses} | set(plan.relations)
                       | {s.end_of[0] for s in plan.sets if s.end_of is not None})
    mentions = []
    for i, ids in best.resolved.items():
        s = plan.sets[i]
        mentions.append({"text": s.text, "id": ids[0], "name": g.nodes[ids[0]].get("name", ids[0]),
                         "match": "reference"})
    for a in atoms:
        if a.kind == "entity" and a.ids and not any(
                set(range(a.start, a.end)) & plan.sets[i].tokens for i in best.resolved):
            mentions.append({"text": a.text, "id": a.ids[0],
                             "name": g.nodes[a.ids[0]].get("name", a.ids[0]),
                             "match": a.match, **({"alternatives": a.ids[1:]}
                                                  if len(a.ids) > 1 else {})})
    interpretation: dict[str, Any] = {
        "intent": plan.intent,
        "entities": named,
        "relations": relations,
        "text": text,
        "mentions": mentions,
        "plan": plan_dict(kg, plan),
        "command": commands(kg, plan),
    }
    way = direction(kg, plan)
    if way:
        interpretation["direction"] = way
    if best.ignored:
        interpretation["ignored"] = best.ignored
    out: dict[str, Any] = {"question": question, "interpretation": interpretation,
                           "answers": best.answers}
    if best.value is not None:
        out["value"] = best.value
    if best.paths is not None:
        out["paths"] = best.paths
    if best.match:
        out["match"] = best.match
    if best.notes:
        out["notes"] = best.notes
    if best.partial:
        out["partial"] = best.partial
    out["alternatives"] = []
    if runner_up is not None:
        out["alternatives"].append({
            "text": plan_text(kg, runner_up.plan),
            "command": commands(kg, runner_up.plan),
            "answers": [{"id": a["id"], "name": a["name"]} for a in runner_up.answers[:10]],
            **({"value": runner_up.value} if runner_up.value is not None else {}),
        })
    if best.detail is not None:
        out["detail"] = best.detail
    return out
