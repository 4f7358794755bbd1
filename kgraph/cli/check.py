"""``kgraph validate`` and ``kgraph stats``: is the data sound, and what is in it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgraph.cli import console
from kgraph.cli.options import (
    AsOfOpt,
    ClaimOpt,
    DataOpt,
    JsonOpt,
    NoCacheOpt,
    fail,
    handled,
    query_graph,
)


def validate(
    data: DataOpt = None,
    sources: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--sources", "-s", metavar="DIR", help="Directory of source documents: check that "
        "every quote is verbatim in its source's file. Default: the project's sources "
        "folder, when it exists.", file_okay=False)] = None,
    as_json: JsonOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check the data and report every problem as file:line:col: error: message [rule].
    Clean data is compiled into the cache, so that queries start fast.

    Exit 0 when clean, 1 when the data has errors, 2 on usage errors.

    Example: kgraph validate --sources sources/
    """
    from kgraph.cache import compile_data
    from kgraph.cli.options import cache_notes, prebuilt
    from kgraph.cli.progress import for_terminal

    if sources is not None and not sources.is_dir():
        raise fail(f"sources directory '{sources}' does not exist")
    defaulted = None
    with handled():
        if sources is None:
            from kgraph.project import default_sources

            sources = defaulted = default_sources(data)
        try:
            ds = compile_data(data, sources, use_cache=not no_cache,
                              progress=for_terminal(as_json), need_graph=False,
                              prebuilt=prebuilt)
        finally:
            cache_notes()
    errors = [p for p in ds.problems if p.severity == "error"]
    warnings = [p for p in ds.problems if p.severity != "error"]
    failed = bool(errors) or (strict and bool(warnings))
    if as_json:
        console.print_json({
            "ok": not failed,
            "dataset": ds.dataset,
            "files": ds.files,
            "entities": ds.entities,
            "relations": ds.relations,
            "sources": ds.sources,
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.as_dict() for p in ds.problems],
        })
    else:
        for p in ds.problems:
            sys.stdout.write(console.safe(p.format()) + "\n")
        summary = (f"{ds.dataset['name']}: {len(ds.files)} file(s), {ds.entities} entities, "
                   f"{ds.relations} relations, {ds.sources} sources: "
                   f"{len(errors)} error(s), {len(warnings)} warning(s)")
        if sources is None and not failed:
            summary += " (quotes not checked: pass --sources DIR)"
        elif defaulted is not None:
            summary += f" (quotes checked against {os.path.relpath(defaulted)}/)"
        sys.stdout.write(console.safe(summary) + "\n")
    raise typer.Exit(1 if failed else 0)


def stats(
    data: DataOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, metavar="N", help="How many "
                                     "most-connected entities to list.")] = 10,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Counts by entity and relation type, and the most connected entities.

    Example: kgraph stats --top 5
    """
    from kgraph.queries import stats as compute

    with handled():
        kg = query_graph(data, as_of, no_cache, claim)
        result = compute(kg, top=top)
    if as_json:
        console.print_json(result)
        return
    from kgraph.cli import render

    render.stats(result, {t: kg.schema.label(t) for t in result["entity_types"]})
