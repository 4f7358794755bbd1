"""The query commands: ``search``, ``show``, ``neighbours``, ``path``, ``lineage``, ``timeline``.

Each parses its options (docs/cli.md), calls one function of :mod:`kgraph.queries` or
:mod:`kgraph.resolve`, and prints what it returns: rich on a terminal, plain when piped,
JSON with ``--json``, JSON Lines with ``--jsonl``, only the number with ``--count``, only
the ids with ``--ids``. Every listing shows a screenful on a terminal (``--limit``,
``--offset``), most specific first, and says what it left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kgraph.cli import console
from kgraph.cli.options import (
    AsOfOpt,
    ClaimOpt,
    CountOpt,
    DataOpt,
    DirectionOpt,
    EntityArg,
    EvidenceOpt,
    IdsOpt,
    JsonLinesOpt,
    JsonOpt,
    LimitOpt,
    NoCacheOpt,
    OffsetOpt,
    RelOpt,
    TypeOpt,
    depth_option,
    effective_limit,
    fail,
    handled,
    keep_claims,
    load,
)

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


def subjects(data: list[Path] | None, as_of: str | None, no_cache: bool,
             names: list[str], claims: list[str] | None = None
             ) -> tuple[KnowledgeGraph, list[str]]:
    """The graph (as known at --as-of, kept to the --claim statuses) and the ids of the
    entities named. A name is resolved in the whole graph first, so that an entity that
    exists but is not yet known at --as-of (or not of those claims) is reported as such,
    not as unknown."""
    from kgraph.errors import UsageError
    from kgraph.resolve import resolve_entity

    kg = load(data, no_cache)
    notes: list[str] = []
    ids = [resolve_entity(kg, n, notes=notes) for n in names]
    for note in notes:
        console.err().print(console.safe(f"kgraph: {note}"), markup=False)
    if as_of:
        from kgraph.queries import as_of as at
        from kgraph.queries import first_known, parse_date_option

        date = parse_date_option(as_of, "--as-of") or as_of
        full, kg = kg, at(kg, date)
        for n in ids:
            if n not in kg.graph:
                since = first_known(full, n)
                when = f" (known from {since})" if since else ""
                raise UsageError(f"'{full.graph.nodes[n].get('name', n)}' ({n}) is not yet "
                                 f"in the graph as known at {date}{when}")
    if claims:
        full, kg = kg, keep_claims(kg, claims)
        for n in ids:
            if n not in kg.graph:
                status = full.graph.nodes[n].get("claim", "stated")
                raise UsageError(f"'{full.graph.nodes[n].get('name', n)}' ({n}) is "
                                 f"{status}, not {' or '.join(claims)} (--claim)")
    return kg, ids


@dataclass
class Listing:
    """How a listing command prints its results (the shared options)."""

    limit: int | None
    offset: int
    count: bool
    ids: bool
    as_json: bool
    jsonl: bool

    def __post_init__(self) -> None:
        given = [name for name, on in (("--count", self.count), ("--ids", self.ids),
                                       ("--json", self.as_json), ("--jsonl", self.jsonl))
                 if on]
        if len(given) > 1:
            from kgraph.errors import UsageError

            raise UsageError(f"{' and '.join(given)} exclude each other")

    @property
    def page(self) -> int | None:
        """How many results to make: none beyond the count for --count; a screenful on
        a terminal; all for scripts (piped, --json, --jsonl, --ids)."""
        if self.count:
            return 0
        return effective_limit(self.limit, self.as_json or self.jsonl or self.ids)

    @property
    def stream(self) -> bool:
        return self.as_json or self.jsonl

    @property
    def detail(self) -> bool:
        """Whether the results' relations and evidence are wanted (not for --count or
        --ids)."""
        return not (self.count or self.ids)

    def emit(self, result: dict[str, Any], ids: Callable[[dict[str, Any]], Iterable[str]],
             records: Callable[[dict[str, Any]], Iterable[Any]],
             show: Callable[[dict[str, Any]], None]) -> None:
        """Print ``result`` as asked: its count, its ids, JSON, JSON Lines or for people."""
        from kgraph.cli import stream

        if self.count:
            console.out().print(str(result["total"]), markup=False)
        elif self.ids:
            import sys

            for line in ids(result):
                sys.stdout.write(console.safe(line) + "\n")
        elif self.jsonl:
            stream.write_jsonl(records(result))
        elif self.as_json:
            stream.write_json(console.with_dataset(result))
        else:
            show(result)


def _render(name: str) -> Callable[..., None]:
    """``kgraph.cli.render.<name>``, imported only when something is drawn (rich's tables
    and trees are not needed for --ids, --count or JSON)."""
    def draw(*args: Any) -> None:
        from kgraph.cli import render

        getattr(render, name)(*args)

    return draw


def listing(limit: int | None, offset: int, count: bool, ids: bool, as_json: bool,
            jsonl: bool) -> Listing:
    with handled():
        return Listing(limit, offset, count, ids, as_json, jsonl)


def search(
    text: Annotated[str, typer.Argument(help="Name, alias, id or part of one.")],
    types: TypeOpt = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    count: CountOpt = False,
    ids: IdsOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    jsonl: JsonLinesOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """List the entities whose names or aliases match TEXT, best first.

    Example: kgraph search "attorney general" --type person
    """
    from kgraph.listing import left_out, page_info, window
    from kgraph.queries import _check_types
    from kgraph.resolve import search as find

    out = listing(limit, offset, count, ids, as_json, jsonl)
    with handled():
        kg, _ = subjects(data, as_of, no_cache, [], claim)
        found = [m.as_dict() for m in find(kg, text, _check_types(kg, types), 10**9)]
        matches = window(found, out.page, offset)
        rest = [str(m["id"]) for m in found[:offset] + found[offset + len(matches):]]
        result = {"query": text, **page_info(len(found), len(matches), out.page, offset),
                  "left_out": left_out(kg, rest), "matches": matches}
    out.emit(result, lambda r: (m["id"] for m in r["matches"]), lambda r: r["matches"],
             _render("search"))
    if not found:
        if not (as_json or jsonl or count or ids):
            raise fail(f"nothing matches '{console.safe(text)}'", 1)
        raise typer.Exit(1)


def show(
    name: EntityArg,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    count: CountOpt = False,
    ids: IdsOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    jsonl: JsonLinesOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """An entity card: type, names, description, dates, attributes and every relation in
    both directions, each with its source and quote (--limit: how many of each kind of
    relation; --count, --ids, --jsonl: about its relations).

    Example: kgraph show opdat
    """
    from kgraph.queries import entity_card

    out = listing(limit, offset, count, ids, as_json, jsonl)
    with handled():
        kg, (node,) = subjects(data, as_of, no_cache, [name], claim)
        result = entity_card(kg, node, out.page, offset)
    out.emit(result,
             lambda r: (rel["other"]["id"] for g in r["relations"] for rel in g["items"]),
             lambda r: (rel for g in r["relations"] for rel in g["items"]), _render("card"))


def neighbours(
    name: EntityArg,
    depth: Annotated[int, depth_option("1", minimum=1)] = 1,
    relations: RelOpt = None,
    types: TypeOpt = None,
    direction: DirectionOpt = "both",
    evidence: EvidenceOpt = True,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    count: CountOpt = False,
    ids: IdsOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    jsonl: JsonLinesOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """The neighbourhood of an entity, as a tree: the nearest and most specific entities
    first (hubs such as countries last).

    Example: kgraph neighbours opdat --depth 2 --direction out
    """
    from kgraph.queries import neighbours as compute

    out = listing(limit, offset, count, ids, as_json, jsonl)
    with handled():
        kg, (node,) = subjects(data, as_of, no_cache, [name], claim)
        result = compute(kg, node, max(depth, 1), direction, relations, types, out.page,
                         offset, stream=out.stream, detail=out.detail,
                         encoded=out.as_json)
    out.emit(result, lambda r: (n["id"] for n in r["nodes"] if n["distance"] > 0),
             lambda r: (n for n in r["nodes"] if n["distance"] > 0),
             lambda r: _render("neighbours")(r, evidence))
    if result["total"] == 0:
        raise typer.Exit(1)


def path(
    a: Annotated[str, typer.Argument(metavar="A", help="Where the path starts.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Where it ends.")],
    max_hops: Annotated[int, typer.Option("--max-hops", "-k", min=1, metavar="K",
                                          help="The longest path to look for.")] = 6,
    all_paths: Annotated[bool, typer.Option("--all", help="Every simple path up to "
                                            "--max-hops, not only the shortest.")] = False,
    relations: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--relation", "-r", "--via", metavar="RELATION",
        help="Only through relations of this type; repeatable.")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--avoid", metavar="ENTITY|TYPE",
        help="An entity or an entity type to route around; repeatable.")] = None,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    count: CountOpt = False,
    ids: IdsOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    jsonl: JsonLinesOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """How A is connected to B: the shortest connections (ignoring direction, but showing
    it), each hop with its relation, dates and evidence (--ids: each path's entities on
    a line).

    Example: kgraph path "Jeff Sessions" MS-13 --all --max-hops 4 --avoid country
    """
    from kgraph.queries import paths

    out = listing(limit, offset, count, ids, as_json, jsonl)
    with handled():
        kg, (start, end) = subjects(data, as_of, no_cache, [a, b], claim)
        n = out.page if limit is not None or count else 10  # ten paths unless told
        result = paths(kg, start, end, max_hops, all_paths, relations, avoid, n, offset)
    out.emit(result, lambda r: (" ".join(p["nodes"]) for p in r["paths"]),
             lambda r: r["paths"], _render("paths"))
    if not result["total"]:
        if not (as_json or jsonl or count or ids):
            raise fail(f"no connection within {max_hops} hops", 1)
        raise typer.Exit(1)


def lineage(
    name: EntityArg,
    backward: Annotated[bool, typer.Option("--backward", "-b", help="What ENTITY grew out "
                                           "of, instead of what grew out of it.")] = False,
    depth: Annotated[int, depth_option("0, every step")] = 0,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    count: CountOpt = False,
    ids: IdsOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    jsonl: JsonLinesOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """What grew out of ENTITY (or what it grew out of), following the lineage relations
    (grew out of, led to, produced, spearheaded...) transitively, as a dated tree.

    Example: kgraph lineage "Cartagena summit"
    """
    from kgraph.queries import lineage as compute
    from kgraph.queries import reading

    out = listing(limit, offset, count, ids, as_json, jsonl)
    with handled():
        kg, (node,) = subjects(data, as_of, no_cache, [name], claim)
        result = compute(kg, node, backward, depth or 10**9, out.page, offset,
                         detail=out.detail)
    following = [reading(kg, r) for r in result["relations"]]  # the schema's words for them
    out.emit(result, lambda r: (e["id"] for e in r["entities"]), lambda r: r["entities"],
             lambda r: _render("lineage")(r, following))
    if not result["total"]:
        raise typer.Exit(1)


def timeline(
    start: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--from", metavar="DATE", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    end: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--to", metavar="DATE", help="Up to this date, its whole period included.")] = None,
    overlap: Annotated[bool, typer.Option(
        "--overlap", help="Also list items whose period only overlaps the range (an item "
        "dated just '2017' for --from 2017-12).")] = False,
    types: TypeOpt = None,
    relations: RelOpt = None,
    entities_only: Annotated[bool, typer.Option("--entities-only",
                                                help="Leave out dated relations.")] = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    count: CountOpt = False,
    ids: IdsOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    jsonl: JsonLinesOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Dated entities and relations in order; partial dates (2017, 2017-12) sort first in
    their period (--ids: an entity's id, or a relation as FROM TYPE TO).

    Example: kgraph timeline --from 2017-12 --to 2018 --relation met_with
    """
    from kgraph.queries import parse_date_option
    from kgraph.queries import timeline as compute

    out = listing(limit, offset, count, ids, as_json, jsonl)
    with handled():
        lo = parse_date_option(start, "--from")
        hi = parse_date_option(end, "--to")
        if entities_only and relations:
            from kgraph.errors import UsageError

            raise UsageError("--entities-only and --relation exclude each other")
        kg, _ = subjects(data, as_of, no_cache, [], claim)
        result = compute(kg, lo, hi, types, relations=not entities_only,
                         relation_types=relations, overlap=overlap, limit=out.page,
                         offset=offset)
    out.emit(result, lambda r: (_item_id(i) for i in r["items"]), lambda r: r["items"],
             _render("timeline"))
    if not result["total"]:
        if not (as_json or jsonl or count or ids):
            raise fail("nothing dated in that period", 1)
        raise typer.Exit(1)


def _item_id(item: dict[str, Any]) -> str:
    if item["kind"] == "entity":
        return str(item["id"])
    return f"{item['from']} {item['relation']} {item['to']}"
