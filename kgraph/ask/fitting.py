"""A relation word the two sets it joins cannot have ("where did the working group meet":
meetings do not meet): the sets read through what stands for them (the people who hold an
office, the parts of a series, the events of a body or held in a place), else the word
read as any relation, and said so."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from kgraph import queries as q

if TYPE_CHECKING:
    from kgraph.ask.plan import EntitySet, Plan, Step


class Runner(Protocol):
    """What is asked of the runner of a plan (see :class:`kgraph.ask.execute.Runner`)."""

    g: Any
    kg: Any
    schema: Any

    def is_a(self, node: str, types: Iterable[str]) -> bool: ...

    def parts(self, node: str) -> set[str]: ...

    def people_of(self, nodes: Iterable[str]) -> dict[str, list[Any]]: ...


def _types_of(runner: Runner, s: EntitySet, cands: set[str] | None) -> set[str] | None:
    if s.named and cands:
        return {runner.g.nodes[n].get("type", "") for n in cands}
    return set(s.types) if s.types else None


def _fits(runner: Runner, types: set[str] | None, allowed: list[str]) -> bool:
    return types is None or any(runner.schema.is_a(t, a) for t in types for a in allowed)


def _events_of(runner: Runner, nodes: set[str]) -> set[str]:
    """The events the bodies ``nodes`` organised or took part in (those their own
    relations lead to); none of a person's."""
    return {o for n in nodes if not runner.is_a(n, ["person"])
            for o, _ in q.edges_of(runner.kg, n, "out") if runner.is_a(o, ["event"])}


def _events_in(runner: Runner, nodes: set[str]) -> set[str]:
    """The events held in the places ``nodes``."""
    return {o for n in nodes for o, e in q.edges_of(runner.kg, n, "in")
            if e[3].get("type", e[2]) == "held_in" and runner.is_a(o, ["event"])}


def _fitting(runner: Runner, st: Step, left: set[str] | None, right: set[str] | None
             ) -> list[tuple[str, bool]]:
    ok = []
    for rtype, left_is_source in st.senses:
        rt = runner.schema.relation_types.get(rtype)
        if rt is None:
            continue
        src, dst = (left, right) if left_is_source else (right, left)
        if _fits(runner, src, rt.source) and _fits(runner, dst, rt.target) or (
                rt.symmetric and _fits(runner, dst, rt.source) and _fits(runner, src, rt.target)):
            ok.append((rtype, left_is_source))
    return ok


def refit(runner: Runner, plan: Plan, cands: dict[int, set[str] | None], out: Any) -> None:
    """A relation word whose relation types cannot join the two sets ("where did the
    working group meet": meetings do not meet) is read through what stands for a named
    set (the events held in a place: "who turned up in Cartagena"), else as any relation
    between them, and said so (``out``: the :class:`~kgraph.ask.execute.Outcome`, its
    notes and partial)."""
    for st in plan.steps:
        if not st.senses:
            continue
        left = _types_of(runner, plan.sets[st.left], cands[st.left])
        right = _types_of(runner, plan.sets[st.right], cands[st.right])
        ok = _fitting(runner, st, left, right)
        # an office (or a body) does not meet anyone: the people who hold it do; a
        # series is not held anywhere: its meetings are ("the working group held in
        # Cartagena")
        # and nobody speaks at a body: at the events it held or took part in ("who gave
        # the speech at the State Department")
        for instead, told in ((lambda ns: set(runner.people_of(ns)), "the people who hold "),
                              (lambda ns: {p for n in ns for p in runner.parts(n)},
                               "the parts of "),
                              (lambda ns: _events_of(runner, ns), "the events of "),
                              (lambda ns: _events_in(runner, ns), "the events held in ")):
            for side in (st.left, st.right):
                named = cands[side]
                if ok or not plan.sets[side].named or not named:
                    continue
                others = instead(named)
                if not others:
                    continue
                types = _types_of(runner, plan.sets[side], others)
                ok = _fitting(runner, st, types if side == st.left else left,
                              types if side == st.right else right)
                if ok:
                    cands[side] = others
                    out.notes.append(told + ", ".join(
                        sorted(str(runner.g.nodes[n].get("name", n)) for n in named)))
        if not ok:
            out.partial = f"'{st.text}' read as any relation"
            st.senses, st.closure = [], False
        elif len(ok) < len(st.senses):
            st.senses = ok
            st.closure = st.closure and any(
                runner.schema.relation_types[r].transitive for r, _ in ok)
