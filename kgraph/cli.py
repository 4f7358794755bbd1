"""The ``kgraph`` command line: parse -> call the library -> render -> exit code.

Heavy modules (networkx, yaml, the queries) are imported inside the commands so that
``kgraph --help`` stays fast.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kgraph import console

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph

app = typer.Typer(
    name="kgraph",
    help="Build, validate, query and export evidence-backed knowledge graphs of "
    "who-did-what networks from hand-curated YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataOpt = Annotated[
    Optional[list[Path]],  # noqa: UP045 - typer needs Optional here
    typer.Option(
        "--data", "-d",
        help="A directory of YAML files or one YAML file; repeat to merge several. "
        "Default: $KGRAPH_DATA, else the bundled dataset.",
        envvar="KGRAPH_DATA", show_envvar=True,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the "
                                          "compiled cache.")]


@contextmanager
def handled() -> Iterator[None]:
    """Turn kgraph's own exceptions into a message on stderr and an exit code."""
    from kgraph.errors import DataError, KgraphError

    try:
        yield
    except DataError as exc:
        for problem in exc.problems[:20]:
            console.err().print(problem.format(), markup=False)
        if len(exc.problems) > 20:
            console.err().print(f"... and {len(exc.problems) - 20} more; run 'kgraph validate'",
                                markup=False)
        console.err().print("kgraph: the data has errors; fix them or run 'kgraph validate' "
                            "to see them all", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except KgraphError as exc:
        console.err().print(f"kgraph: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None


def load(data: list[Path] | None, no_cache: bool = False) -> KnowledgeGraph:
    """Load the graph for a query command (errors are raised to ``handled``)."""
    from kgraph.cache import load_cached

    return load_cached(data, use_cache=not no_cache)


# ---------------------------------------------------------------------------------------
# validate / stats


@app.command()
def validate(
    data: DataOpt = None,
    sources: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--sources", "-s", help="Directory of source documents: check that every quote is "
        "verbatim in its source's file.", file_okay=False)] = None,
    as_json: JsonOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check the data and report every problem as file:line:col: error: message [rule].

    Exit 0 when clean, 1 when the data has errors, 2 on usage errors.

    Example: kgraph validate --data data/ --sources ../shared/seeds
    """
    from kgraph.api import open_dataset

    if sources is not None and not sources.is_dir():
        console.err().print(f"kgraph: sources directory '{sources}' does not exist",
                            markup=False)
        raise typer.Exit(2)
    with handled():
        ds = open_dataset(data, sources)
    errors = [p for p in ds.problems if p.severity == "error"]
    warnings = [p for p in ds.problems if p.severity != "error"]
    failed = bool(errors) or (strict and bool(warnings))
    if as_json:
        console.print_json({
            "ok": not failed,
            "files": ds.files,
            "entities": len(ds.entities),
            "relations": len(ds.relations),
            "sources": len(ds.sources),
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.as_dict() for p in ds.problems],
        })
    else:
        for p in ds.problems:
            sys.stdout.write(p.format() + "\n")
        summary = (f"{len(ds.files)} file(s), {len(ds.entities)} entities, "
                   f"{len(ds.relations)} relations, {len(ds.sources)} sources: "
                   f"{len(errors)} error(s), {len(warnings)} warning(s)")
        if sources is None and not failed:
            summary += " (quotes not checked: pass --sources DIR)"
        sys.stdout.write(summary + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command()
def stats(
    data: DataOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many most-connected "
                                     "entities to list.")] = 10,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Counts by entity and relation type, and the most connected entities.

    Example: kgraph stats --top 5
    """
    from kgraph.queries import stats as compute

    with handled():
        kg = load(data, no_cache)
        result = compute(kg, top=top)
    if as_json:
        console.print_json(result)
        return
    from kgraph import render

    render.stats(result)


# ---------------------------------------------------------------------------------------
# Commands defined in their own modules are registered here, one line each:
# app.command("name")(function) after importing the function (keep those modules light:
# heavy imports belong inside the function).
# @@register@@


def _install_signal_handlers() -> None:
    if hasattr(signal, "SIGPIPE"):
        # a closed pipe (kgraph ... | head) ends the program quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _install_signal_handlers()
    try:
        app(args=argv, prog_name="kgraph")
    except KeyboardInterrupt:
        sys.stderr.write("\nkgraph: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # stdout was closed early; don't let Python complain at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
