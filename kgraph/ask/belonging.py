"""Who is one of a body's own: "who from the United States attended the dialogue" asks for
its people and parts (the deputy secretary of its Department of State), not for whatever is
linked to it (Mexico, which it works with). And the holders of a body's office the data
does not name ("the attorneys general of El Salvador and Honduras"): the bodies they speak
for, in their place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from kgraph.ask.plan import BODIES

if TYPE_CHECKING:
    from kgraph.ask.plan import EntitySet, Plan, Step

MAX_BODIES = 30  # bodies of an office looked at one by one for holders not recorded


class Runner(Protocol):
    """What is asked of the runner of a plan (see :class:`kgraph.ask.execute.Runner`)."""

    g: Any

    def is_a(self, node: str, types: Iterable[str]) -> bool: ...

    def affiliated(self, ids: list[str]) -> set[str]: ...

    def parts(self, node: str) -> set[str]: ...

    def people_of(self, nodes: Iterable[str]) -> dict[str, list[Any]]: ...


def from_body(runner: Runner, plan: Plan, st: Step) -> list[str] | None:
    """The bodies a step of "from" names, when it is between them and the answer ("who
    from the United States attended"); None for any other step."""
    if st.senses or st.text != "from" or plan.answer not in (st.left, st.right) \
            or st.left == st.right:
        return None
    other = plan.sets[st.right if st.left == plan.answer else st.left]
    named = [n for grp in other.groups for n in grp] if other.named else []
    if not named or not all(n in runner.g and runner.is_a(n, BODIES) for n in named):
        return None
    return named


def own_people(runner: Runner, bodies: list[str]) -> set[str]:
    """The people and bodies that belong to ``bodies`` (not the events linked to them)."""
    return {n for n in runner.affiliated(bodies) - set(bodies)
            if runner.is_a(n, ["person", *BODIES])}


def bodies_of(runner: Runner, s: EntitySet, others: bool = False) -> set[str]:
    """The bodies a set's office words are of (a region's: the countries in it, "Latin
    American attorneys general"); ``others``: and what else it is of."""
    return {b for aff in s.affiliations for n in aff if n in runner.g
            for b in ([n] if runner.is_a(n, BODIES) else [
                p for p in runner.parts(n) if runner.is_a(p, ["country"])] or [n] * others
                if runner.is_a(n, ["place"]) else [n] * others)}


def unnamed_holders(runner: Runner, s: EntitySet, named: set[str], notes: list[str]
                    ) -> set[str]:
    """"The attorneys general of Colombia and El Salvador", Colombia's named (``named``):
    the bodies of the set whose holders are not named, to stand in their place (said in
    ``notes``). Of one body, none: its own are those named."""
    bodies = bodies_of(runner, s)
    unnamed = {b for b in bodies if not named & runner.affiliated([b])} \
        if 1 < len(bodies) <= MAX_BODIES else set()
    if unnamed:
        notes.append(unnamed_note(runner, s, unnamed))
    return unnamed


def unnamed_note(runner: Runner, s: EntitySet, bodies: set[str]) -> str:
    names = ", ".join(sorted(str(runner.g.nodes[n].get("name", n)) for n in bodies))
    return f"no {' '.join(s.words)} of {names} is recorded by name; read as the bodies themselves"


def holders_for_offices(runner: Runner, found: list[str], how: dict[str, list[Any]],
                        notes: list[str]) -> list[str]:
    """"Who was the chief prosecutor of the country that hosted X": ``found`` with each
    office answered by its holders, in its place (the office, when none is recorded); the
    relations that make them answers added to ``how``, and that said in ``notes``."""
    answers: list[str] = []
    for n in found:
        held = runner.people_of([n]) if runner.is_a(n, ["office"]) else {}
        for person, edges in held.items():
            how.setdefault(person, []).extend([*edges, *how.get(n, [])[:1]])
        answers += list(held) or [n]
        if held:
            notes.append(f"{runner.g.nodes[n].get('name', n)}: answered by who holds it")
    return list(dict.fromkeys(answers))

