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
from itertools import accumulate, chain, compress, count
from operator import attrgetter, itemgetter, ne
from typing import Any

from kgraph.errors import Problem
from kgraph.model import Entity, Relation
from kgraph.text import normalise_quote


class Facts:
    """What the rules need of relations, in their order: their ends (every one is looked
    at), and their types, positions and evidence (looked up for the few whose two
    entities are linked more than once): taken from the relations themselves when they
    are kept until the rules are applied, else as columns (which another process can
    send: :meth:`plain`)."""

    def __init__(self, source: list[str], target: list[str], details: Any) -> None:
        self.source, self.target = source, target
        self.parts: list[tuple[int, Any]] = [(0, details)]  # (first relation, details)

    def detail(self, i: int) -> tuple[str, str, int, list[tuple[str, str, int, int]]]:
        """Relation ``i``'s type, file and line, and each piece of its evidence's source,
        quote, line and column."""
        for first, details in reversed(self.parts):
            if i >= first:
                return details.detail(i - first)  # type: ignore[no-any-return]
        raise IndexError(i)

    def plain(self) -> tuple[Any, ...]:
        """All of it as plain values (for marshal), each file named once."""
        (_, details), = self.parts
        if isinstance(details, _Relations):
            details = _Columns.of(details.relations)
        names = list(dict.fromkeys(details.file))
        number = {name: i for i, name in enumerate(names)}
        return (self.source, self.target, names, list(map(number.__getitem__, details.file)),
                *(getattr(details, f) for f in _Columns.FIELDS if f != "file"))

    @classmethod
    def from_plain(cls, plain: Sequence[Any]) -> Facts:
        source, target, names, files, *cols = plain
        columns = _Columns(list(map(names.__getitem__, files)), *cols)
        return cls(source, target, columns)

    def extend(self, more: Facts) -> None:
        """Add the relations of ``more`` after these."""
        first = len(self.source)
        self.source.extend(more.source)
        self.target.extend(more.target)
        self.parts.extend((first + at, details) for at, details in more.parts)


class _Relations:
    def __init__(self, relations: Sequence[Relation]) -> None:
        self.relations = relations

    def detail(self, i: int) -> tuple[str, str, int, list[tuple[str, str, int, int]]]:
        r = self.relations[i]
        return r.type, r.where[0], r.where[1], [(e.source, e.quote, e.line, e.col)
                                                for e in r.evidence]


class _Columns:
    FIELDS = ("file", "type", "line", "evidence", "ev_source", "ev_quote", "ev_line",
              "ev_col")

    def __init__(self, file: list[str], type: list[str], line: list[int],
                 evidence: list[int], ev_source: list[str], ev_quote: list[str],
                 ev_line: list[int], ev_col: list[int]) -> None:
        self.file, self.type, self.line, self.evidence = file, type, line, evidence
        self.ev_source, self.ev_quote, self.ev_line, self.ev_col = (
            ev_source, ev_quote, ev_line, ev_col)
        self.starts: list[int] | None = None  # where each one's evidence starts

    @classmethod
    def of(cls, relations: Sequence[Relation]) -> _Columns:
        """The columns of ``relations`` (built-in loops: half a million relations)."""
        where = list(map(attrgetter("where"), relations))
        pieces = list(map(attrgetter("evidence"), relations))
        evidence = list(chain.from_iterable(pieces))
        return cls(list(map(itemgetter(0), where)), list(map(attrgetter("type"), relations)),
                   list(map(itemgetter(1), where)), list(map(len, pieces)),
                   *(list(map(attrgetter(f), evidence))
                     for f in ("source", "quote", "line", "col")))

    def detail(self, i: int) -> tuple[str, str, int, list[tuple[str, str, int, int]]]:
        if self.starts is None:
            self.starts = list(accumulate(self.evidence, initial=0))
        span = range(self.starts[i], self.starts[i + 1])
        return self.type[i], self.file[i], self.line[i], [
            (self.ev_source[e], self.ev_quote[e], self.ev_line[e], self.ev_col[e]) for e in span]


def facts_of(relations: Sequence[Relation], kept: bool = True) -> Facts:
    """The facts of ``relations``; ``kept``: whether the relations are kept until the
    rules are applied (else what the rules need of them is taken now)."""
    return Facts(list(map(attrgetter("source"), relations)),
                 list(map(attrgetter("target"), relations)),
                 _Relations(relations) if kept else _Columns.of(relations))


def modelling_problems(facts: Facts, entities: Iterable[Entity]) -> list[Problem]:
    """The warnings of the rules for a dataset of ``entities`` and relations ``facts``."""
    return [*_two_types_one_quote(facts), *_orphans(facts, entities)]


def _two_types_one_quote(facts: Facts) -> list[Problem]:
    # group the relations by their unordered pair of entities (only pairs linked more
    # than once make a group; the loops over all relations are built-in ones)
    sources, targets = facts.source, facts.target
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
    out = []
    for group in more.values():
        seen: dict[tuple[frozenset[str], str, str], int] = {}  # (pair, source, quote) -> rel
        rtype = {}
        for i in group:
            rtype[i], file, _, evidence = facts.detail(i)
            pair = frozenset((sources[i], targets[i]))
            for ev_source, ev_quote, ev_line, ev_col in evidence:
                key = (pair, ev_source, normalise_quote(ev_quote))
                j = seen.setdefault(key, i)
                if rtype[j] == rtype[i]:
                    continue
                other_file, other_line = facts.detail(j)[1:3]
                out.append(Problem(
                    file, ev_line, ev_col,
                    f"'{sources[i]}' and '{targets[i]}' are already linked by '{rtype[j]}' "
                    f"({other_file}:{other_line}) on this quote; one fact, one "
                    f"relation: keep the type that says it best and drop '{rtype[i]}' (or "
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
