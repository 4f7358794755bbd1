"""Who is one of a body's own: "who from the United States attended the dialogue" asks for
its people and parts (the deputy secretary of its Department of State), not for whatever is
linked to it (Mexico, which it works with)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from kgraph.ask.plan import BODIES

if TYPE_CHECKING:
    from kgraph.ask.plan import Plan, Step


class Runner(Protocol):
    """What is asked of the runner of a plan (see :class:`kgraph.ask.execute.Runner`)."""

    g: Any

    def is_a(self, node: str, types: Iterable[str]) -> bool: ...

    def affiliated(self, ids: list[str]) -> set[str]: ...


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
