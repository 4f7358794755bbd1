"""Relation steps walked over the graph: from a set of entities over one step of a plan
(its relation types, either way; parts and wholes; a shared event; a lineage closure),
within the step's period and place, with the edges that were followed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kgraph import queries as q
from kgraph.graph import neighbour_ids

if TYPE_CHECKING:
    from kgraph.ask.plan import Step
    from kgraph.graph import KnowledgeGraph

Edge = tuple[str, str, str, dict[str, Any]]
DOCUMENT_LINKS = ("mentions",)  # relations that say only that a text names something
# prepositions that say what a text is about ("the piece about the pledge")
ABOUT = frozenset({"about", "on", "concerning", "regarding", "covering", "re"})
WHOLE_EDGES = 8
OPEN_END = "9999"  # the end of a span that has not ended  # edges kept to say how a whole was reached through its parts


def held_within(attrs: dict[str, Any], period: tuple[str, str] | None) -> bool:
    """An edge with no date of its own, or one whose dates overlap ``period``."""
    return period is None or not _has_date(attrs) or _overlaps(attrs, period)


def _overlaps(attrs: dict[str, Any], period: tuple[str, str] | None) -> bool:
    """The item's dates overlap the period, each partial date covering its whole span (a
    month with year "0000" stands for that month in any year)."""
    if period is None:
        return True
    span = _span(attrs)
    if span is None:
        return False
    first, last = span
    lo, hi = period
    if lo.startswith("0000-00") and hi.startswith("0000-00"):
        # that day of any month: of one of the months the span runs through
        try:
            months = _months(str(first), str(last))
        except ValueError:
            return False
        return len(months) > 2 or any(_overlaps(attrs, (f"{ym}{lo[7:]}", f"{ym}{hi[7:]}"))
                                      for ym in months)
    if lo.startswith("0000") and hi.startswith("0000"):
        # that month (or day) of any year: of one of the years the span runs through
        try:
            y0, y1 = int(str(first)[:4]), int(str(last)[:4])
        except ValueError:
            return False
        return y1 - y0 >= 2 or any(_overlaps(attrs, (f"{y:04d}{lo[4:]}", f"{y:04d}{hi[4:]}"))
                                   for y in range(y0, y1 + 1))
    try:
        return q._bounds(str(first))[0] <= q._bounds(hi)[1] and \
            q._bounds(str(last))[1] >= q._bounds(lo)[0]
    except ValueError:
        return False


def _months(first: str, last: str) -> list[str]:
    """The months ("2017-12") from the one of ``first`` to the one of ``last``; all the
    months of a year said alone. More than three are not listed (three stand for any)."""
    y0, m0 = int(first[:4]), int(first[5:7] or 1) if len(first) >= 7 else 1
    y1, m1 = int(last[:4]), int(last[5:7]) if len(last) >= 7 else 12
    out: list[str] = []
    y, m = y0, m0
    while (y, m) <= (y1, m1) and len(out) < 3:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _span(attrs: dict[str, Any]) -> tuple[str, str] | None:
    """The item's first and last date (one date, or start and end), or None. A start
    without an end runs on ("holds the office from 2017"); an end alone is the one date
    known ("the week that ended on 30 June")."""
    if attrs.get("date"):
        return str(attrs["date"]), str(attrs["date"])
    first, last = attrs.get("start"), attrs.get("end")
    if not first:
        return (str(last), str(last)) if last else None
    return str(first), str(last or OPEN_END)


def _has_date(attrs: dict[str, Any]) -> bool:
    return any(attrs.get(k) for k in ("date", "start", "end"))


class Traversal:
    """The steps of a plan, walked (see :class:`kgraph.ask.execute.Runner`)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.g = kg.graph
        self.schema = kg.schema
        # an undated relation stands for a dated one (when the dated reading found
        # nothing); the relation types it did so for, to be told
        self.undated_ok = False
        self.undated_used: set[str] = set()
        self._composed: dict[tuple[str, str], set[str]] = {}
        types = self.schema.relation_types
        self._composing = [r for r, rt in types.items() if rt.composition]  # (part_of)
        self._acting = [r for r, rt in types.items() if rt.acts_as_target]  # (holds_office)
        self._held_types = {t for r in self._acting for t in types[r].target}  # (office)
        # every relation type but those that only say a text names something
        self._linking = [r for r in types if r not in DOCUMENT_LINKS]
        # relation type -> the types that imply it, directly or through others
        self._implying = {r: self.schema.implying(r) for r in types}

    def reach(self, start: Iterable[str], step: Step, from_left: bool, ids_only: bool = False
              ) -> dict[str, list[Edge]]:
        """What ``start`` reaches over ``step`` (leftwards or rightwards), with the edges
        (``ids_only``: without them when the step needs none of the edges' data, from the
        compiled adjacency and its masks: no edge decoded)."""
        found: dict[str, list[Edge]] = {}
        if step.closure:
            return self._closure(start, step, from_left)
        # what holds of a part holds of its whole at the relation's target end ("took part
        # in the working group": attended one of its meetings)
        compose = [left_is_source for r, left_is_source in step.senses
                   if r in self.schema.relation_types
                   and self.schema.relation_types[r].through_parts]
        from_target = any(left_is_source != from_left for left_is_source in compose)
        to_target = any(left_is_source == from_left for left_is_source in compose)
        if not step.senses and step.text in ("in", "at", "of"):
            # "the participants in the working group": in one of its parts, as well
            from_target = to_target = True
        start = set(start)
        if from_target:
            start |= {p for n in list(start) for p in self.parts(n)}
        plain = ids_only and step.period is None and not step.place and not any(
            self.schema.relation_types[r].shared_target for r, _ in step.senses
            if r in self.schema.relation_types)
        for node in start:
            if plain:
                for other in self._neighbours(node, step, from_left):
                    found[other] = []
                continue
            for other, edge in self._edges(node, step, from_left):
                found.setdefault(other, []).append(edge)
        if self._acting and step.senses:
            self._through_offices(start, step, from_left, found)
        self._through_coverage(start, step, from_left, found)
        if to_target:
            # a whole is reached through its parts' edges: a few of them say how (a hub's
            # whole would otherwise gather every edge of every part, again at each level)
            for other in list(found):
                for whole in self.wholes(other):
                    how = found.setdefault(whole, [])
                    if len(how) < WHOLE_EDGES:
                        how.extend(found[other][:WHOLE_EDGES - len(how)])
        return found

    def _through_coverage(self, start: set[str], step: Step, from_left: bool,
                          found: dict[str, list[Edge]]) -> None:
        """Add what a document names, or the documents that name a node, where the step
        is any relation or one that says a text names something (see
        :mod:`kgraph.ask.coverage`)."""
        from kgraph.ask.coverage import covered

        senses = [left_is_source for r, left_is_source in step.senses if r in DOCUMENT_LINKS]
        if not senses and (step.senses or step.text not in ABOUT):
            return  # (any relation else: naming is no relation, see DOCUMENT_LINKS)
        forward = not senses or any(s == from_left for s in senses)
        backward = not senses or any(s != from_left for s in senses)
        for node in start:
            for other, edge in covered(self.kg, node, forward, backward):
                if other != node:
                    found.setdefault(other, []).append(edge)

    def _through_offices(self, start: set[str], step: Step, from_left: bool,
                         found: dict[str, list[Edge]]) -> None:
        """Add to ``found`` what ``start`` reaches over ``step`` as the holder of an office
        (holds_office declares ``acts_as_target``: the holder is ambassador to what the
        office is ambassador to), or through it to its holders, the other way. The
        office's relation holds while the holder holds it: an undated one is dated by the
        tenure, which must fall in the step's period."""
        undated = replace(step, period=None)
        for rtype, rt, sides in self._senses(step, from_left):
            if rt.symmetric or not any(self.schema.is_a(held, s) for s in rt.source
                                       for held in self._held_types):
                continue  # (an office is no source of it: nothing to walk)
            one = replace(undated, senses=[s for s in step.senses if s[0] == rtype])
            if sides == ["succ"]:  # the holder does what the office does
                for node in start:
                    for held, how in self._holding(node, "out", step.period):
                        if held not in start and self._admits(held, rt.source):
                            for other, edge in self._in_period(held, one, from_left, step):
                                if other != node:
                                    found.setdefault(other, []).extend((how, edge))
            else:  # what is done by the office is done by its holder
                for node in start:
                    for held, edge in self._in_period(node, one, from_left, step):
                        for holder, how in self._holding(held, "in", step.period):
                            if holder != node:
                                found.setdefault(holder, []).extend((edge, how))

    def _holding(self, node: str, direction: str, period: tuple[str, str] | None
                 ) -> Iterator[tuple[str, Edge]]:
        """The offices ``node`` holds ("out") or the holders of office ``node`` ("in"),
        within ``period``, with the relation that says so."""
        for other, how in q.edges_of(self.kg, node, direction, self._acting):
            if other != node and (period is None or _overlaps(how[3], period)):
                yield other, how

    def _in_period(self, node: str, step: Step, from_left: bool, dated: Step
                   ) -> Iterator[tuple[str, Edge]]:
        """``node``'s edges over ``step`` whose own date, if they have one, falls in
        ``dated``'s period."""
        for other, edge in self._edges(node, step, from_left):
            if held_within(edge[3], dated.period):
                yield other, edge

    def _admits(self, node: str, types: list[str]) -> bool:
        kind = self.g.nodes[node].get("type")
        return any(self.schema.is_a(kind, t) for t in types)

    def parts(self, node: str) -> set[str]:
        return self._linked(node, "pred")

    def wholes(self, node: str) -> set[str]:
        return self._linked(node, "succ")

    def _linked(self, node: str, side: str) -> set[str]:
        """The entities ``node`` is a whole ("pred") or a part ("succ") of, from the
        compiled adjacency and its relation masks (no edge decoded), once per node."""
        key = (node, side)
        found = self._composed.get(key)
        if found is None:
            found = self._composed[key] = set(neighbour_ids(
                self.g, node, side, self._composing)) - {node} \
                if self._composing and node in self.g else set()
        return found

    def _neighbours(self, node: str, step: Step, from_left: bool) -> Iterator[str]:
        """The entities ``node`` reaches over ``step``, as :meth:`_edges` finds them when
        the step has no period or place, from the adjacency alone."""
        if not step.senses:
            for side in ("succ", "pred"):
                for other in neighbour_ids(self.g, node, side, self._linking):
                    if other != node:
                        yield other
            return
        for rtype, rt, sides in self._senses(step, from_left):
            for side in sides:
                yield from neighbour_ids(self.g, node, side, [rtype])
                if rt.by_way_of:  # (said a statement about it: through the statement)
                    first, second = rt.by_way_of if side == "succ" else rt.by_way_of[::-1]
                    for mid in neighbour_ids(self.g, node, side, [first]):
                        yield from neighbour_ids(self.g, mid, side, [second])

    def _senses(self, step: Step, from_left: bool) -> Iterator[tuple[str, Any, list[str]]]:
        """Each relation type of the step, and each type that implies one of them (who
        spoke at a meeting attended it: ``implies`` in the schema), its declaration, and
        the sides of a node ("succ", "pred") it is followed to, going rightwards
        (``from_left``) or not."""
        seen: set[tuple[str, bool]] = set()
        for rtype, left_is_source in step.senses:
            for one in (rtype, *self._implying.get(rtype, ())):
                rt = self.schema.relation_types.get(one)
                if rt is not None and (one, left_is_source) not in seen:
                    seen.add((one, left_is_source))
                    yield one, rt, ["succ", "pred"] if rt.symmetric else [
                        "succ" if left_is_source == from_left else "pred"]

    def _edges(self, node: str, step: Step, from_left: bool) -> Iterator[tuple[str, Edge]]:
        if not step.senses:
            for other, edge in q.edges_of(self.kg, node, "both"):
                if edge[3].get("type", edge[2]) in DOCUMENT_LINKS or other == node:
                    continue
                if step.period is None or _overlaps(edge[3], step.period):
                    yield other, edge
                elif not (edge[3].get("date") or edge[3].get("start")):
                    # (undated: when the event at its end was, as below; else unchecked)
                    dated = next((n for n in (other, node) if _has_date(self.g.nodes[n])),
                                 None)
                    if dated is None or _overlaps(self.g.nodes[dated], step.period):
                        yield other, edge
            return
        for rtype, rt, sides in self._senses(step, from_left):
            for side in sides:
                for other, edge in q.edges_of(self.kg, node, "out" if side == "succ" else "in",
                                              [rtype]):
                    if step.place and not any(edge[3].get(k) in step.place
                                              for k in ("site", "place", "where_id")):
                        continue  # the relation itself says nothing of where: not here
                    if step.period is None or _overlaps(edge[3], step.period):
                        yield other, edge
                    elif not _has_date(edge[3]):
                        # a relation with no date of its own happened when the event at
                        # its end did ("attended in October 2020": a meeting of then)
                        dated = next((n for n in (other, node) if _has_date(self.g.nodes[n])),
                                     None)
                        if dated is not None:
                            if _overlaps(self.g.nodes[dated], step.period):
                                yield other, edge
                        elif self.undated_ok:
                            self.undated_used.add(rtype)
                            yield other, edge
            if rt.shared_target and rt.shared_target in self.schema.relation_types:
                yield from self._shared(node, rt.shared_target, step)
            if rt.by_way_of and not step.place:
                for side in sides:
                    yield from self._chained(node, rt.by_way_of, side, step)

    def _chained(self, node: str, chain: list[str], side: str, step: Step
                 ) -> Iterator[tuple[str, Edge]]:
        """Entities ``node`` reaches by the two relation types of ``chain`` through an
        entity between (Ada said a statement about the operation: she made statements on
        it), forwards (``side`` "succ") or backwards, each with both relations as the
        evidence; in a period when the first relation or the entity between was then."""
        first, second = chain if side == "succ" else chain[::-1]
        way = "out" if side == "succ" else "in"
        for mid, one in q.edges_of(self.kg, node, way, [first]):
            if step.period is not None and not (_overlaps(one[3], step.period) or _overlaps(
                    self.g.nodes[mid], step.period)):
                continue
            for other, two in q.edges_of(self.kg, mid, way, [second]):
                if other != node:
                    yield other, one
                    yield other, two

    def _at(self, node: str, places: list[str]) -> bool:
        """True when ``node`` (an event) is linked to one of ``places``."""
        return any(other in places for other, _ in q.edges_of(self.kg, node, "both"))

    def _shared(self, node: str, via: str, step: Step) -> Iterator[tuple[str, Edge]]:
        """Entities that share a target of relation ``via`` with ``node`` (both attended
        one meeting), each with both relations as the evidence."""
        vias = [via, *self._implying.get(via, ())]  # (who spoke at it attended it)
        for target, mine in q.edges_of(self.kg, node, "out", vias):
            if step.period is not None and not (_overlaps(mine[3], step.period) or _overlaps(
                    self.g.nodes[target], step.period)):
                continue
            if step.place and not self._at(target, step.place):
                continue
            for other, theirs in q.edges_of(self.kg, target, "in", vias):
                if other != node:
                    yield other, mine
                    yield other, theirs

    def _closure(self, start: Iterable[str], step: Step, from_left: bool
                 ) -> dict[str, list[Edge]]:
        rtype, left_is_source = step.senses[0]
        rt = self.schema.relation_types[rtype]
        # does the right end grow out of the left end?
        right_from_left = left_is_source == (rt.origin == "source")
        backward = right_from_left != from_left
        from kgraph.history import lineage_edges

        found: dict[str, list[Edge]] = {}
        # (each start's closure once per graph: the readings of one question share it)
        memo = self.kg.__dict__.setdefault("_ask_closures", {})
        for node in start:
            reached = memo.get((node, backward))
            if reached is None:
                reached = memo[node, backward] = lineage_edges(self.kg, node, backward, 50)
            for other, edge in reached.items():
                found.setdefault(other, []).append(edge)
        return found
