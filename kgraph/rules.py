"""Modelling rules over a whole dataset: warnings for one fact recorded in two ways and for
entities nothing links to (docs/format.md, "One way for each kind of fact").

* ``two-types-one-quote``: the same two entities linked by relations of two types, both
  resting on the same quote (``attended`` and ``organised`` from "X held the summit").
* ``orphan``: an entity no relation names, in a dataset that has relations.

The rules of single records (a figure whose quote lacks its number, a relation end of an
unusual type) are checked with the record, in :mod:`kgraph.validate` and
:mod:`kgraph.figures`.
"""

from __future__ import annotations

from collections.abc import Iterable

from kgraph.errors import Problem
from kgraph.model import Dataset
from kgraph.text import normalise_quote

# rules about the dataset as a whole: a check of part of it (one of the halves of a
# parallel check) finds a problem the whole may not have
WHOLE_DATA_RULES = frozenset({"orphan"})


def modelling_problems(ds: Dataset) -> list[Problem]:
    return [*_two_types_one_quote(ds), *_orphans(ds)]


def merge_halves(a: Iterable[Problem], b: Iterable[Problem]) -> set[Problem]:
    """The problems of a dataset checked in two halves that each hold every entity and
    part of the relations: a whole-data problem (an orphan) is one only if both halves
    find it; any other problem is one if either does."""
    a, b = set(a), set(b)
    whole = {p for p in a | b if p.rule in WHOLE_DATA_RULES}
    return (a | b) - whole | (a & b & whole)


def _two_types_one_quote(ds: Dataset) -> list[Problem]:
    # group the relations by their unordered pair of entities; ints (the pair's hash)
    # keep the index small for half a million relations, and the groups are checked
    # against the real pairs
    first: dict[int, int] = {}
    more: dict[int, list[int]] = {}
    rels = ds.relations
    for i, r in enumerate(rels):
        a, b = r.source, r.target
        pair_hash = hash((a, b) if a <= b else (b, a))
        j = first.setdefault(pair_hash, i)
        if j != i:
            more.setdefault(pair_hash, [j]).append(i)
    out = []
    for group in more.values():
        seen: dict[tuple[frozenset[str], str, str], int] = {}  # (pair, source, quote) -> rel
        for i in group:
            r = rels[i]
            pair = frozenset((r.source, r.target))
            for ev in r.evidence:
                key = (pair, ev.source, normalise_quote(ev.quote))
                j = seen.setdefault(key, i)
                other = rels[j]
                if other.type == r.type:
                    continue
                out.append(Problem(
                    ev.file, ev.line, ev.col,
                    f"'{r.source}' and '{r.target}' are already linked by '{other.type}' "
                    f"({other.where[0]}:{other.where[1]}) on this quote; one fact, one "
                    f"relation: keep the type that says it best and drop '{r.type}' (or "
                    "the other)", "two-types-one-quote", "warning"))
                break
    return out


def _orphans(ds: Dataset) -> list[Problem]:
    if not ds.relations:  # a list of entities (or data split over several loads)
        return []
    linked: set[str] = set()
    for r in ds.relations:
        linked.add(r.source)
        linked.add(r.target)
    return [Problem(e.where[0], e.where[1], e.where[2],
                    f"'{e.id}' ({e.name}) is linked to nothing: add the relation the sources "
                    "give it, or drop it", "orphan", "warning")
            for e in ds.entities.values() if e.id not in linked]
