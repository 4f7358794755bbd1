"""The small query algebra every question becomes, and how a plan reads in plain words.

A plan is a chain of entity sets joined by relation steps, with one set marked as the
answer, plus what to report about the answer (the entities, how many, a date, a place, a
figure). Sets are named entities, entities of a type, or entities described by words
(with dates and affiliations); a set may itself be described by its relation to another
set ("the working group that grew out of the summit"), which is what makes plans nest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kgraph.ask.words import PREPOSITIONS

WHO_TYPES = ("person", "agency", "organization", "criminal_organization", "country")
WHERE_TYPES = ("place", "country")
# what has people of its own: its officials, heads, representatives ("a Mexican official")
BODIES = ["agency", "country", "organization", "office", "programme", "criminal_organization"]
# Relations a preposition alone can stand for: any, in either direction (the types of the
# two sets and what the graph holds decide), preferring these readings.
PREPOSITION_LINK = "any"


@dataclass
class EntitySet:
    """Entities the question names or describes."""

    role: str  # "answer", "named" (named entities), "described" (type, words, ...)
    groups: list[list[str]] = field(default_factory=list)  # named: each group one entity
    all_of: bool = True  # named groups joined by "and": each must hold (else any)
    types: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # describing words (folded)
    period: tuple[str, str] | None = None  # the entity's own date must fall in it
    affiliations: list[list[str]] = field(default_factory=list)  # "Colombian", "of Mexico"
    end_of: tuple[str, str, EntitySet] | None = None  # "the participants of X"
    text: str = ""
    tokens: set[int] = field(default_factory=set)
    text_words: list[str] = field(default_factory=list)  # every content word, names too
    numbers: list[str] = field(default_factory=list)  # figures that describe it ("53")
    figure_of: list[str] = field(default_factory=list)  # whose figure ("Sessions announced")
    qualifiers: list[str] = field(default_factory=list)  # "the working group in Cartagena"
    prefer: str = ""  # an entity type to put first when several fit ("who is": people)
    typed: bool = False  # its types come from a type word ("the summit"), not "who"
    word_tokens: dict[str, set[int]] = field(default_factory=dict)  # describing word -> where
    said: list[str] = field(default_factory=list)  # quoted values ("the motto 'kill, ...'")
    described: list[str] = field(default_factory=list)  # "described as the world's ..."
    of_named: bool = False  # "the divisions of X", "X's components": X's, never X itself
    by_role: bool = False  # named by an office's title ("Mexico's prosecutor general")

    @property
    def named(self) -> bool:
        return self.role == "named"


@dataclass
class Step:
    """A relation between the sets at ``left`` and ``right`` of the chain."""

    left: int
    right: int
    senses: list[tuple[str, bool]]  # (relation type, left is its source); [] = any relation
    closure: bool = False  # follow the lineage family transitively
    period: tuple[str, str] | None = None  # the relation's date must fall in it
    place: list[str] = field(default_factory=list)  # where it happened ("met in Cartagena")
    text: str = ""
    tokens: set[int] = field(default_factory=set)
    during: int | None = None  # the set of the occasion it happened on ("during his trip")
    # a preposition's step: the relation said right before it, that it does not use ("who
    # met in Cartagena": met), and that relation's words
    unjoined: list[tuple[str, bool]] = field(default_factory=list)
    unjoined_tokens: set[int] = field(default_factory=set)

    @property
    def unlisted(self) -> bool:
        """A relation phrase the schema does not list ("took the podium at"): any relation,
        named in the question's own words (a bare preposition is not one)."""
        return not self.senses and bool(self.text) and self.text not in PREPOSITIONS


@dataclass
class Plan:
    """One meaning of a question."""

    intent: str  # relation, lineage, path, neighbours, who-is, when, where, count, value,
    # timeline, text
    sets: list[EntitySet] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    answer: int = 0
    tokens: set[int] = field(default_factory=set)  # question words the plan uses
    ignored: list[str] = field(default_factory=list)  # content words it leaves out (said)
    measure: list[str] = field(default_factory=list)  # value: the figure's words
    period: tuple[str, str] | None = None  # timeline
    relations: list[str] = field(default_factory=list)  # timeline: only these
    text: str = ""  # text: what to look for
    prior: float = 0.0  # preference among shapes, before looking at the results
    how_many: bool = False  # value: a figure is asked for ("how many", "number of")
    notes: list[str] = field(default_factory=list)

    def describe_set(self, kg: Any, i: int) -> str:
        return describe(kg, self.sets[i])

    def copy(self, **changes: Any) -> Plan:
        """A copy whose sets and steps are its own (running a plan narrows them: a
        loosened reading starts from the question's, not from what a run left)."""
        return replace(self, **{"sets": [replace(s) for s in self.sets],
                                "steps": [replace(st) for st in self.steps], **changes})


def is_place(kg: Any, node: str) -> bool:
    """True when ``node`` is in the graph and of a type where things are (a place, a
    country)."""
    return node in kg.graph and any(
        kg.schema.is_a(str(kg.graph.nodes[node].get("type", "")), t) for t in WHERE_TYPES)


def holding_senses(kg: Any) -> list[tuple[str, bool]]:
    """The relations by which a holder holds an office (their type declares
    ``acts_as_target``: the holder does what the office does), as step senses."""
    return [(r, True) for r, rt in kg.schema.relation_types.items() if rt.acts_as_target]


def office_links(kg: Any) -> list[tuple[str, bool]]:
    """An office's own links ("is an office of"): the relations only offices are the
    source of, as step senses."""
    return [(r, True) for r, rt in kg.schema.relation_types.items()
            if rt.source and not rt.symmetric
            and all(kg.schema.is_a(t, "office") for t in rt.source)]


def through_shared(kg: Any, relations: list[str]) -> dict[str, str]:
    """Those of ``relations`` that hold through a shared event ("met": attended one
    meeting), each with the event's relation."""
    types = kg.schema.relation_types
    return {r: types[r].shared_target for r in relations
            if r in types and types[r].shared_target in types}


def type_words(kg: Any, types: list[str]) -> str:
    labels = []
    for t in types:
        et = kg.schema.entity_types.get(t)
        labels.append(et.plural if et else t)
    return " or ".join(labels)


def date_words(value: str) -> str:
    """A date of a question in words: "0000-12-14" (a day of December in any year) and
    "0000-00-14" (a day of any month) said so."""
    if value.startswith("0000-00"):
        return f"day {value[8:]} of any month"
    return value.replace("0000-", "any year, month ")


def describe(kg: Any, s: EntitySet) -> str:
    """A set in plain words."""
    g = kg.graph
    if s.named:
        names = [" / ".join(g.nodes[n].get("name", n) for n in grp) for grp in s.groups]
        text = (" and " if s.all_of else " or ").join(names)
        if s.period:  # ("who was the attorney general in 2010": the holder then)
            lo, hi = (date_words(x) for x in s.period)
            text += f" in {lo}" if lo == hi else f" from {lo} to {hi}"
        if s.qualifiers:  # ("the working group in Cartagena": the one related to it)
            text += " (related to " + " / ".join(
                g.nodes[n].get("name", n) for n in s.qualifiers if n in g) + ")"
        return text
    parts = []
    if s.role == "answer":
        parts.append(type_words(kg, s.types) if s.types else "entities")
    elif s.types:
        parts.append(type_words(kg, s.types))
    else:
        parts.append("entities")
    if s.described:
        parts.append("described as " + " / ".join(f"'{x}'" for x in s.described))
    if s.said:  # "with motto 'kill rape control'"
        parts.append(" ".join(["with", *s.words, *(f"'{x}'" for x in s.said)]))
    elif s.words:
        parts.append("described as '" + " ".join(s.words) + "'")
    for aff in s.affiliations:
        parts.append("of " + " / ".join(g.nodes[n].get("name", n) for n in aff))
    if s.end_of is not None:
        rtype, end, other = s.end_of
        rt = kg.schema.relation_types[rtype]
        verb = rt.reading if end == "source" else rt.inverse_reading
        parts.append(f"that {verb} {describe(kg, other)}")
    if s.period:
        lo, hi = (date_words(x) for x in s.period)
        parts.append(f"dated {lo}" if lo == hi else f"dated {lo} to {hi}")
    return " ".join(parts)


def step_words(kg: Any, step: Step) -> str:
    if not step.senses:
        return f"related to (as '{step.text}')" if step.unlisted else "related to"
    words = []
    for rtype, forward in step.senses:
        rt = kg.schema.relation_types.get(rtype)
        if rt is None:
            continue
        w = rt.reading if forward or rt.symmetric else rt.inverse_reading
        if w not in words:
            words.append(w)
    text = " / ".join(words[:4]) + (" ..." if len(words) > 4 else "")
    if step.closure:
        text += " (step by step)"
    return text


def apart(plan: Plan) -> set[int]:
    """The tokens of the sets and steps that no chain of steps joins to the answer ("...
    who is also Senior Adviser at the White House", read as a relation between those two
    alone): they narrow nothing the plan finds."""
    if not plan.steps or len(plan.sets) < 2:
        return set()
    joined, grew = {plan.answer}, True
    while grew:
        grew = False
        for st in plan.steps:
            ends = {st.left, st.right} | ({st.during} if st.during is not None else set())
            if ends & joined and not ends <= joined:
                joined |= ends
                grew = True
    return {i for k, s in enumerate(plan.sets) if k not in joined for i in s.tokens} | {
        i for st in plan.steps if st.left not in joined for i in st.tokens}
