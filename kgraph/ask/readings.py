"""Other readings of a chain plan the grammar made, each offered beside it: a place after
the relation is where it happened ("who did X meet in Cartagena"), and "for X at Y" is on
X's behalf at Y ("who showed up for Mexico at the summit")."""

from __future__ import annotations

from dataclasses import replace

from kgraph.ask.plan import Plan


def located(plan: Plan) -> Plan | None:
    """"Who did X meet in Cartagena": the place is where the meeting happened, not a
    place the person belongs to. The alternative reading, when the chain ends with a
    preposition from the answer to a named place right after the relation into it."""
    if len(plan.steps) < 2 or len(plan.sets) < 3:
        return None
    last, before = plan.steps[-1], plan.steps[-2]
    place = plan.sets[last.right]
    if last.senses or last.unlisted \
            or last.left not in (before.left, before.right) or not place.named \
            or last.right != len(plan.sets) - 1 or plan.answer not in (before.left, before.right) \
            or not before.senses:
        return None
    moved = replace(before, place=[n for grp in place.groups for n in grp],
                    tokens=before.tokens | place.tokens | last.tokens,
                    period=before.period or last.period or place.period)
    steps = [*plan.steps[:-2], moved]
    return replace(plan, sets=plan.sets[:-1], steps=steps, prior=plan.prior + 0.05)


def on_behalf(plan: Plan) -> Plan | None:
    """"Who showed up for Mexico at the summit": a relation phrase ending in "for", a name,
    and "at" (or "in") another name: the answer is of the first (on its behalf) and in that
    relation with the second."""
    if len(plan.steps) != 2 or len(plan.sets) != 3:
        return None
    first, second = plan.steps
    owner, place = plan.sets[first.right], plan.sets[second.right]
    if not first.text.endswith(" for") or first.left != plan.answer \
            or second.left != first.right or second.text not in ("at", "in") \
            or not owner.named or not place.named:
        return None
    answer = replace(plan.sets[plan.answer], affiliations=[list(g) for g in owner.groups],
                     tokens=plan.sets[plan.answer].tokens | owner.tokens)
    step = replace(first, right=1, text=f"{first.text.removesuffix(' for')} {second.text}",
                   tokens=first.tokens | second.tokens)
    return replace(plan, sets=[answer, place], steps=[replace(step, left=0)], answer=0,
                   prior=plan.prior + 0.05)
