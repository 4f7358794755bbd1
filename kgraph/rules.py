"""Modelling rules over a whole dataset: warnings for one fact recorded in two ways and for
entities nothing links to (docs/format.md, "One way for each kind of fact").

* ``two-types-one-quote``: the same two entities linked by relations of two types, both
  resting on the same quote (``attended`` and ``organised`` from "X held the summit").
* ``orphan``: an entity no relation names, in a dataset that has relations.

They are worked out from :class:`Facts`, what the rules need of every relation, as
columns: a dataset checked in two processes sends those of its second half to the first,
which then applies the rules to the whole (the rules of a half are not those of the
whole).

The rules of single records (a figure whose quote lacks its number, a relation end of an
unusual type) are checked with the record, in :mod:`kgraph.validate` and
:mod:`kgraph.figures`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from itertools import accumulate, chain, compress, count
from operator import attrgetter, itemgetter, ne
from typing import Any

from kgraph.errors import Problem
from kgraph.model import Entity, Relation
from kgraph.text import normalise_quote


@dataclass
class Facts:
    """What the rules need of relations, in their order: each relation's ends, type and
    position, how many pieces of evidence it has, and each piece's source, quote and
    position (in the relation's file)."""

    source: list[str]
    type: list[str]
    target: list[str]
    file: list[str]
    line: list[int]
    evidence: list[int]
    ev_source: list[str]
    ev_quote: list[str]
    ev_line: list[int]
    ev_col: list[int]

    def plain(self) -> tuple[list[Any], ...]:
        """The columns as plain values (for marshal), each file named once."""
        names = list(dict.fromkeys(self.file))
        number = {name: i for i, name in enumerate(names)}
        cols = [getattr(self, f.name) for f in fields(self)]
        cols[3] = list(map(number.__getitem__, self.file))
        return (names, *cols)

    @classmethod
    def from_plain(cls, plain: Sequence[list[Any]]) -> Facts:
        names, *cols = plain
        cols[3] = list(map(names.__getitem__, cols[3]))
        return cls(*cols)

    def extend(self, more: Facts) -> None:
        """Add the relations of ``more`` after these."""
        for f in fields(self):
            getattr(self, f.name).extend(getattr(more, f.name))


def facts_of(relations: Sequence[Relation]) -> Facts:
    """The facts of ``relations`` (the loops are built-in ones: half a million relations)."""
    where = list(map(attrgetter("where"), relations))
    pieces = list(map(attrgetter("evidence"), relations))
    evidence = list(chain.from_iterable(pieces))
    return Facts(list(map(attrgetter("source"), relations)),
                 list(map(attrgetter("type"), relations)),
                 list(map(attrgetter("target"), relations)),
                 list(map(itemgetter(0), where)), list(map(itemgetter(1), where)),
                 list(map(len, pieces)),
                 list(map(attrgetter("source"), evidence)),
                 list(map(attrgetter("quote"), evidence)),
                 list(map(attrgetter("line"), evidence)),
                 list(map(attrgetter("col"), evidence)))


def modelling_problems(facts: Facts, entities: Iterable[Entity]) -> list[Problem]:
    """The warnings of the rules for a dataset of ``entities`` and relations ``facts``."""
    return [*_two_types_one_quote(facts), *_orphans(facts, entities)]


def _two_types_one_quote(facts: Facts) -> list[Problem]:
    # group the relations by their unordered pair of entities (only pairs linked more
    # than once make a group; the loops over all relations are built-in ones)
    sources, targets, types = facts.source, facts.target, facts.type
    pair_first: dict[tuple[str, str], int] = {}  # each unordered pair -> its first relation
    firsts = list(map(pair_first.setdefault, zip(map(min, sources, targets),
                                                 map(max, sources, targets)), count()))
    del pair_first
    more: dict[int, list[int]] = {}  # a pair's first relation -> them all
    for i in compress(count(), map(ne, firsts, count())):  # (the few linked again)
        more.setdefault(firsts[i], [firsts[i]]).append(i)
    del firsts
    if not more:
        return []
    first = list(accumulate(facts.evidence, initial=0))  # where each one's evidence starts
    out = []
    for group in more.values():
        seen: dict[tuple[frozenset[str], str, str], int] = {}  # (pair, source, quote) -> rel
        for i in group:
            pair = frozenset((sources[i], targets[i]))
            for e in range(first[i], first[i + 1]):
                key = (pair, facts.ev_source[e], normalise_quote(facts.ev_quote[e]))
                j = seen.setdefault(key, i)
                if types[j] == types[i]:
                    continue
                out.append(Problem(
                    facts.file[i], facts.ev_line[e], facts.ev_col[e],
                    f"'{sources[i]}' and '{targets[i]}' are already linked by '{types[j]}' "
                    f"({facts.file[j]}:{facts.line[j]}) on this quote; one fact, one "
                    f"relation: keep the type that says it best and drop '{types[i]}' (or "
                    "the other)", "two-types-one-quote", "warning"))
                break
    return out


def _orphans(facts: Facts, entities: Iterable[Entity]) -> list[Problem]:
    if not facts.source:  # a list of entities (or data split over several loads)
        return []
    linked = set(facts.source)
    linked.update(facts.target)
    return [Problem(e.where[0], e.where[1], e.where[2],
                    f"'{e.id}' ({e.name}) is linked to nothing: add the relation the sources "
                    "give it, or drop it", "orphan", "warning")
            for e in entities if e.id not in linked]
