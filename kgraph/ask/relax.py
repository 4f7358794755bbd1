"""Looser readings of a chain plan that found nothing, each said to be partial: a name
before a type word as one of its parts, relations without dates for a period, a body named
as a place left out, words that describe nothing left out, a place asked of a country whose
own place is not recorded, a person's relation read through the office they hold, one
relation read as any relation, and the type asked for loosened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph.ask.plan import (
    WHERE_TYPES,
    EntitySet,
    Plan,
    Step,
    holding_senses,
    office_links,
    type_words,
)
from kgraph.ask.traverse import held_within

if TYPE_CHECKING:
    from kgraph.ask.candidate import Candidate
    from kgraph.ask.execute import Runner
    from kgraph.graph import KnowledgeGraph

Once = Callable[[Plan], "Candidate | None"]


def loosened(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once) -> Candidate | None:
    """The first looser reading of ``asked`` that finds something (``once`` runs a plan)."""
    for reading in (_parts, _undated, _unplaced, _undescribed, _unlocated, _through_office,
                    _any_relation, _untyped):
        found = reading(kg, runner, asked, once)
        if found is not None and found.answers:
            return found
    if any(s.period for s in asked.sets) or any(st.period for st in asked.steps):
        # and each with relations that have no dates for the period as well ("what did the
        # office under the Criminal Division spearhead after the summit": one of its parts,
        # whose spearheading is not dated); each plan of theirs found nothing as asked
        # above, so only its undated reading is run
        def undated(plan: Plan) -> Candidate | None:
            return _undated(kg, runner, plan, once)

        for reading in (_parts, _unplaced, _undescribed, _through_office):
            found = reading(kg, runner, asked, undated)
            if found is not None and found.answers:
                return found
    return None


def _parts(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once) -> Candidate | None:
    """"the State Department bureau": a name before a type word of its own type is the
    thing itself ("the OPDAT office") or, when that finds nothing, one of its parts."""
    if not any(s.affiliations and s.typed and not s.of_named for s in asked.sets):
        return None
    return once(asked.copy(sets=[replace(s, of_named=True) if s.affiliations and s.typed
                                 else replace(s) for s in asked.sets]))


def _undated(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once) -> Candidate | None:
    """"who was Colombia's attorney general in late 2017": the office is recorded, with no
    date to check it against."""
    if not (any(s.period for s in asked.sets) or any(st.period for st in asked.steps)):
        return None
    runner.undated_ok, runner.undated_used = True, set()
    found = once(asked.copy())
    runner.undated_ok = False
    if found is None or not found.answers or not runner.undated_used:
        return None
    readings = sorted(kg.schema.relation_types[r].reading for r in runner.undated_used)
    return _partial(found, f"no dates are recorded for '{' / '.join(readings)}': the period "
                           "asked about could not be checked")


def _unplaced(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once
              ) -> Candidate | None:
    """"who did X sit down with at the White House": a body, not a place; where a meeting
    was is recorded as a place, so the body cannot be checked (a place of another name is
    a different place, and finds nothing)."""
    bodies = [n for st in asked.steps for n in st.place]
    if not bodies or any(runner.is_a(n, WHERE_TYPES) for n in bodies):
        return None
    found = once(asked.copy(steps=[replace(st, place=[]) for st in asked.steps]))
    if found is None or not found.answers:
        return None
    found.plan = asked.copy()
    names = sorted({str(kg.graph.nodes[n].get("name", n)) for n in bodies if n in kg.graph})
    return _partial(found, f"nothing is recorded as happening at {', '.join(names)}; these "
                           "fit the rest of the question")


def _undescribed(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once
                 ) -> Candidate | None:
    """"the unit of the Colombian prosecution service led by X": no entity's own text has
    the words ("prosecution service"); what the body it belongs to says of it is kept (a
    Colombian entity), the words are left out and said to be."""
    loose = [i for i, s in enumerate(asked.sets) if i != asked.answer and not s.named
             and s.words and not s.said and not s.described and s.affiliations
             and not runner.role_words(s.words)]  # ("the assistant attorneys": people)
    if not loose or any(st.unlisted for st in asked.steps):
        return None  # (nor with a relation read as any relation: two guesses)
    plan = asked.copy()
    for i in loose:
        plan.sets[i] = replace(plan.sets[i], words=[], text_words=[], word_tokens={})
    found = once(plan)
    if found is None or not found.answers:
        return None
    words = "', '".join(" ".join(asked.sets[i].words) for i in loose)
    return _partial(found, f"nothing is described as '{words}'; these fit the rest of the "
                           "question")


def _unlocated(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once
               ) -> Candidate | None:
    """"Which US city does MS-13 come from": the city is recorded, but not where it lies,
    so it cannot be checked against the country; the places asked for with no place of
    their own recorded (one recorded elsewhere is elsewhere), said to be unchecked."""
    s = asked.sets[asked.answer]
    if s.named or not s.affiliations or not s.types \
            or not all(any(kg.schema.is_a(t, w) for w in WHERE_TYPES) for t in s.types):
        return None
    plan = asked.copy()
    plan.sets[asked.answer] = replace(s, affiliations=[])
    found = once(plan)
    if found is None or not found.answers:
        return None
    found.answers = [a for a in found.answers if not runner.wholes(str(a["id"]))]
    if not found.answers:
        return None
    found.plan = asked.copy()
    names = sorted({str(kg.graph.nodes[n].get("name", n)) for aff in s.affiliations
                    for n in aff if n in kg.graph})
    return _partial(found, f"no place is recorded for these: whether they are in "
                           f"{' / '.join(names)} could not be checked")


def _through_office(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once
                    ) -> Candidate | None:
    """"Which country did X represent": nothing is recorded as that of the person, but
    the office X holds is an office of a country; the relation read through the office
    (held in the step's period, when it has one)."""
    types = kg.schema.relation_types
    holding, office_of = holding_senses(kg), office_links(kg)
    if not holding or not office_of:
        return None
    for k, st in enumerate(asked.steps):
        if not st.senses or st.closure or asked.answer not in (st.left, st.right) \
                or any(r in dict(holding) or r in dict(office_of) for r, _ in st.senses):
            continue
        person = st.right if st.left == asked.answer else st.left
        if not any(r in types and (left_is_source == (st.left == person))
                   and "person" in types[r].source
                   and {"country", "agency", "organization"} & set(types[r].target)
                   for r, left_is_source in st.senses):
            continue  # (only what a person does for a body: "represent", "work for")
        s = asked.sets[person]
        ids = [n for grp in s.groups for n in grp]
        if not s.named or not ids or not all(runner.is_a(n, ["person"]) for n in ids):
            continue
        plan = asked.copy()
        office = len(plan.sets)
        plan.sets.append(EntitySet(role="described", types=["office"]))
        plan.steps = [other for j, other in enumerate(plan.steps) if j != k] + [
            Step(person, office, list(holding), period=st.period, tokens=set(st.tokens),
                 text=st.text), Step(office, asked.answer, list(office_of))]
        found = once(plan)
        if found is not None and found.answers:
            found.plan = asked.copy()  # (told as asked, the offices in the note)
            found.resolved = {i: v for i, v in found.resolved.items() if i < office}
            return _partial(found, f"nothing is recorded as '{st.text}': read through "
                                   "the offices held, these are what they are offices of")
    return None


def _partial(found: Candidate, why: str) -> Candidate:
    """``found`` told as a partial answer, and ranked below a whole one."""
    found.partial = why
    found.relaxed = True
    return found


def _any_relation(kg: KnowledgeGraph, runner: Runner, plan: Plan, once: Once
                  ) -> Candidate | None:
    """Nothing is recorded in the words of one relation ("what did OPDAT launch": it
    spearheaded, the data says): that relation read as any relation between the same
    sets, one relation at a time. Only between a named entity (or one a quoted value picks
    out) and the answer, so that what is found stays about what the question names."""
    if any(s.qualifiers for s in plan.sets) or plan.sets[plan.answer].affiliations:
        # "X at Y" says where the relation held, "Mexican officials" whose they are: with
        # any relation, either would stand on a link the question did not ask about
        return None
    for k, st in enumerate(plan.steps):
        ends = {st.left, st.right}
        if not st.senses or st.place or plan.answer not in ends \
                or not any(plan.sets[i].named or plan.sets[i].said for i in ends):
            continue
        loose = once(plan.copy(steps=[replace(other, senses=[], closure=False) if j == k
                                      else replace(other) for j, other in enumerate(plan.steps)]))
        if loose is not None and st.period is not None:
            # (the period the relation was asked in: what is dated outside it is not found)
            period = st.period
            loose.answers = [a for a in loose.answers if a.get("id") not in kg.graph
                             or held_within(kg.graph.nodes[a["id"]], period)]
            loose.more = [n for n in loose.more if n not in kg.graph
                          or held_within(kg.graph.nodes[n], period)]
        if loose is not None and loose.answers:
            loose.partial = (f"nothing is recorded as '{st.text}'; these are related in "
                             "other ways (see how)")
            loose.relaxed = loose.any_relation = True
            return loose
    return None


def _untyped(kg: KnowledgeGraph, runner: Runner, asked: Plan, once: Once) -> Candidate | None:
    """"which officials did Sessions meet": none are recorded as people; what he met is
    given instead (a type with more said about it is not loosened)."""
    answer = asked.sets[asked.answer] if asked.sets else None
    if answer is None or not answer.typed or answer.affiliations or answer.words \
            or answer.end_of is not None:
        return None
    loose_plan = asked.copy(sets=[replace(s, types=[], typed=False) if i == asked.answer
                                  else replace(s) for i, s in enumerate(asked.sets)])
    loose = once(loose_plan)
    if loose is None or not loose.answers:
        return None
    # (told as asked: the type asked for, the relations that were followed)
    loose.plan = loose_plan.copy()
    loose.plan.sets[asked.answer] = replace(loose_plan.sets[asked.answer],
                                            types=answer.types, typed=True)
    loose.untyped = True
    return _partial(loose, f"no {type_words(kg, answer.types)} are recorded for this; these "
                           "fit the rest of the question")
