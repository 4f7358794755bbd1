"""The query commands: ``search``, ``show``, ``neighbours``, ``path``, ``lineage``, ``timeline``.

Each parses its options (docs/cli.md), calls one function of :mod:`kgraph.queries` or
:mod:`kgraph.resolve`, and prints what it returns: rich on a terminal, plain when piped,
JSON with ``--json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kgraph.cli import console
from kgraph.cli.options import (AsOfOpt, ClaimOpt, DataOpt, DirectionOpt, EntityArg,
                                EvidenceOpt, JsonOpt, LimitOpt, NoCacheOpt, RelOpt, TypeOpt,
                                depth_option, effective_limit, fail, handled, keep_claims,
                                load)

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


def search(
    text: Annotated[str, typer.Argument(help="Name, alias, id or part of one.")],
    types: TypeOpt = None,
    limit: LimitOpt = None,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """List the entities whose names or aliases match TEXT, best first.

    Example: kgraph search "attorney general" --type person
    """
    from kgraph.queries import _check_types
    from kgraph.resolve import search as find

    with handled():
        kg, _ = subjects(data, as_of, no_cache, [])
        n = effective_limit(limit, as_json)
        matches = [m.as_dict() for m in find(kg, text, _check_types(kg, types), n or 10**9)]
    if as_json:
        console.print_json({"query": text, "matches": matches})
    elif matches:
        from kgraph.cli import render

        render.search(matches)
    if not matches:
        if not as_json:
            raise fail(f"nothing matches '{console.safe(text)}'", 1)
        raise typer.Exit(1)


def show(
    name: EntityArg,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """An entity card: type, names, description, dates, attributes and every relation in
    both directions, each with its source and quote.

    Example: kgraph show opdat
    """
    from kgraph.queries import entity_card

    with handled():
        kg, (node,) = subjects(data, as_of, no_cache, [name], claim)
        result = entity_card(kg, node)
    if as_json:
        console.print_json(result)
    else:
        from kgraph.cli import render

        render.card(result)


def neighbours(
    name: EntityArg,
    depth: Annotated[int, depth_option("1", minimum=1)] = 1,
    relations: RelOpt = None,
    types: TypeOpt = None,
    direction: DirectionOpt = "both",
    evidence: EvidenceOpt = True,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """The neighbourhood of an entity, as a tree.

    Example: kgraph neighbours opdat --depth 2 --direction out
    """
    from kgraph.queries import neighbours as compute

    with handled():
        kg, (node,) = subjects(data, as_of, no_cache, [name], claim)
        result = compute(kg, node, max(depth, 1), direction, relations, types)
    if as_json:
        console.print_json(result)
    else:
        from kgraph.cli import render

        render.neighbours(result, evidence)
    if len(result["nodes"]) <= 1:
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
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """How A is connected to B: the shortest connections (ignoring direction, but showing
    it), each hop with its relation, dates and evidence.

    Example: kgraph path "Jeff Sessions" MS-13 --all --max-hops 4 --avoid country
    """
    from kgraph.queries import paths

    with handled():
        kg, (start, end) = subjects(data, as_of, no_cache, [a, b], claim)
        n = limit if limit is not None else 10
        result = paths(kg, start, end, max_hops, all_paths, relations, avoid, n or 10**9)
    if as_json:
        console.print_json(result)
    elif result["paths"]:
        from kgraph.cli import render

        render.paths(result)
    if not result["paths"]:
        if not as_json:
            raise fail(f"no connection within {max_hops} hops", 1)
        raise typer.Exit(1)


def lineage(
    name: EntityArg,
    backward: Annotated[bool, typer.Option("--backward", "-b", help="What ENTITY grew out "
                                           "of, instead of what grew out of it.")] = False,
    depth: Annotated[int, depth_option("0, every step")] = 0,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """What grew out of ENTITY (or what it grew out of), following the lineage relations
    (grew out of, led to, produced, spearheaded...) transitively, as a dated tree.

    Example: kgraph lineage "Cartagena summit"
    """
    from kgraph.queries import lineage as compute

    with handled():
        kg, (node,) = subjects(data, as_of, no_cache, [name], claim)
        result = compute(kg, node, backward, depth or 10**9)
    if as_json:
        console.print_json(result)
    else:
        from kgraph.cli import render

        render.lineage(result)
    if not result["entities"]:
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
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Dated entities and relations in order; partial dates (2017, 2017-12) sort first in
    their period.

    Example: kgraph timeline --from 2017-12 --to 2018 --relation met_with
    """
    from kgraph.queries import parse_date_option
    from kgraph.queries import timeline as compute

    with handled():
        lo = parse_date_option(start, "--from")
        hi = parse_date_option(end, "--to")
        if entities_only and relations:
            from kgraph.errors import UsageError

            raise UsageError("--entities-only and --relation exclude each other")
        kg, _ = subjects(data, as_of, no_cache, [], claim)
        result = compute(kg, lo, hi, types, relations=not entities_only,
                         relation_types=relations, overlap=overlap)
    if as_json:
        console.print_json(result)
    elif result["items"]:
        from kgraph.cli import render

        render.timeline(result)
    if not result["items"]:
        if not as_json:
            raise fail("nothing dated in that period", 1)
        raise typer.Exit(1)
