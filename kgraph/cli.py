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
            console.err().print(problem.format(), markup=False, soft_wrap=True)
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
    """Load the graph for a query command (errors are raised to ``handled``); a cold
    compile of a large dataset shows a progress bar on a terminal (not with --json)."""
    from kgraph.cache import load_cached
    from kgraph.progress import for_terminal

    as_json = "--json" in sys.argv[1:]  # every command that prints JSON has this flag
    return load_cached(data, use_cache=not no_cache, progress=for_terminal(as_json))


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
    no_cache: NoCacheOpt = False,
) -> None:
    """Check the data and report every problem as file:line:col: error: message [rule].
    Clean data is compiled into the cache, so that queries start fast.

    Exit 0 when clean, 1 when the data has errors, 2 on usage errors.

    Example: kgraph validate --data data/ --sources ../shared/seeds
    """
    from kgraph.cache import compile_data
    from kgraph.progress import for_terminal

    if sources is not None and not sources.is_dir():
        console.err().print(f"kgraph: sources directory '{sources}' does not exist",
                            markup=False)
        raise typer.Exit(2)
    with handled():
        ds = compile_data(data, sources, use_cache=not no_cache,
                          progress=for_terminal(as_json), need_graph=False)
    errors = [p for p in ds.problems if p.severity == "error"]
    warnings = [p for p in ds.problems if p.severity != "error"]
    failed = bool(errors) or (strict and bool(warnings))
    if as_json:
        console.print_json({
            "ok": not failed,
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
            sys.stdout.write(p.format() + "\n")
        summary = (f"{len(ds.files)} file(s), {ds.entities} entities, "
                   f"{ds.relations} relations, {ds.sources} sources: "
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
# queries

AsOfOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--as-of", help="Use the graph as known at this date (YYYY, YYYY-MM or YYYY-MM-DD): "
    "what had begun by then, on sources published by then.")]
TypeOpt = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--type", "-t", help="Only entities of this type (subtypes included); repeatable.")]
RelOpt = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--relation", "-r", help="Only relations of this type; repeatable.")]


def query_graph(data: list[Path] | None, as_of: str | None, no_cache: bool) -> KnowledgeGraph:
    """Load the graph and apply --as-of."""
    kg = load(data, no_cache)
    if as_of:
        from kgraph.queries import as_of as at
        from kgraph.queries import parse_date_option

        kg = at(kg, parse_date_option(as_of, "--as-of") or as_of)
    return kg


def entity(kg: KnowledgeGraph, text: str) -> str:
    from kgraph.resolve import resolve_entity

    return resolve_entity(kg, text)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Name, alias, id or part of one.")],
    types: TypeOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
    data: DataOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """List the entities whose names or aliases match TEXT, best first.

    Example: kgraph search "attorney general" --type person
    """
    from kgraph.queries import _check_types
    from kgraph.resolve import search as find

    with handled():
        kg = load(data, no_cache)
        matches = [m.as_dict() for m in find(kg, text, _check_types(kg, types), limit)]
    if as_json:
        console.print_json({"query": text, "matches": matches})
    elif matches:
        from kgraph import render

        render.search(matches)
    if not matches:
        if not as_json:
            console.err().print(f"kgraph: nothing matches '{text}'", markup=False)
        raise typer.Exit(1)


@app.command()
def show(
    name: Annotated[str, typer.Argument(metavar="ENTITY", help="Id, name or alias.")],
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """An entity card: type, names, description, dates, attributes and every relation in
    both directions, each with its source and quote.

    Example: kgraph show opdat
    """
    from kgraph.queries import entity_card

    with handled():
        kg = query_graph(data, as_of, no_cache)
        result = entity_card(kg, entity(kg, name))
    if as_json:
        console.print_json(result)
    else:
        from kgraph import render

        render.card(result)


@app.command(name="neighbours")
def neighbours_cmd(
    name: Annotated[str, typer.Argument(metavar="ENTITY", help="Id, name or alias.")],
    depth: Annotated[int, typer.Option("--depth", "-n", min=1, help="How many hops.")] = 1,
    relations: RelOpt = None,
    types: TypeOpt = None,
    direction: Annotated[str, typer.Option("--direction", help="out, in or both.")] = "both",
    evidence: Annotated[bool, typer.Option("--evidence/--no-evidence",
                                           help="Show the quotes under each relation.")] = True,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """The neighbourhood of an entity, as a tree.

    Example: kgraph neighbours opdat --depth 2 --direction out
    """
    from kgraph.queries import neighbours as compute

    with handled():
        kg = query_graph(data, as_of, no_cache)
        result = compute(kg, entity(kg, name), depth, direction, relations, types)
    if as_json:
        console.print_json(result)
    else:
        from kgraph import render

        render.neighbours(result, evidence)
    if len(result["nodes"]) <= 1:
        raise typer.Exit(1)


app.command(name="neighbors", hidden=True)(neighbours_cmd)


@app.command()
def path(
    a: Annotated[str, typer.Argument(metavar="A", help="Where the path starts.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Where it ends.")],
    max_hops: Annotated[int, typer.Option("--max-hops", "-k", min=1)] = 6,
    all_paths: Annotated[bool, typer.Option("--all", help="Every simple path up to "
                                            "--max-hops, not only the shortest.")] = False,
    via: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--via", help="Only through relations of this type; repeatable.")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--avoid", help="An entity or an entity type to route around; repeatable.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many paths to show.")] = 10,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """How A is connected to B: the shortest connections (ignoring direction, but showing
    it), each hop with its relation, dates and evidence.

    Example: kgraph path "Jeff Sessions" MS-13 --all --max-hops 4 --avoid country
    """
    from kgraph.queries import paths

    with handled():
        kg = query_graph(data, as_of, no_cache)
        result = paths(kg, entity(kg, a), entity(kg, b), max_hops, all_paths, via, avoid,
                       limit)
    if as_json:
        console.print_json(result)
    elif result["paths"]:
        from kgraph import render

        render.paths(result)
    if not result["paths"]:
        if not as_json:
            console.err().print(f"kgraph: no connection within {max_hops} hops",
                                markup=False)
        raise typer.Exit(1)


@app.command()
def lineage(
    name: Annotated[str, typer.Argument(metavar="ENTITY", help="Id, name or alias.")],
    backward: Annotated[bool, typer.Option("--backward", "-b", help="What ENTITY grew out "
                                           "of, instead of what grew out of it.")] = False,
    depth: Annotated[int, typer.Option("--depth", "-n", min=1)] = 10,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """What grew out of ENTITY (or what it grew out of), following the lineage relations
    (grew out of, led to, produced, spearheaded...) transitively, as a dated tree.

    Example: kgraph lineage "Cartagena summit"
    """
    from kgraph.queries import lineage as compute

    with handled():
        kg = query_graph(data, as_of, no_cache)
        result = compute(kg, entity(kg, name), backward, depth)
    if as_json:
        console.print_json(result)
    else:
        from kgraph import render

        render.lineage(result)
    if not result["entities"]:
        raise typer.Exit(1)


@app.command()
def timeline(
    start: Annotated[Optional[str], typer.Option("--from", help="From this date.")  # noqa: UP045
                     ] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Up to this date.")  # noqa: UP045
                   ] = None,
    types: TypeOpt = None,
    entities_only: Annotated[bool, typer.Option("--entities-only",
                                                help="Leave out dated relations.")] = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Dated entities and relations in order; partial dates (2017, 2017-12) sort first in
    their period.

    Example: kgraph timeline --from 2017-12 --to 2018
    """
    from kgraph.queries import parse_date_option
    from kgraph.queries import timeline as compute

    with handled():
        lo = parse_date_option(start, "--from")
        hi = parse_date_option(end, "--to")
        kg = query_graph(data, as_of, no_cache)
        result = compute(kg, lo, hi, types, relations=not entities_only)
    if as_json:
        console.print_json(result)
    elif result["items"]:
        from kgraph import render

        render.timeline(result)
    if not result["items"]:
        if not as_json:
            console.err().print("kgraph: nothing dated in that period", markup=False)
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[list[str], typer.Argument(metavar="QUESTION",
                                                  help="A question in plain English.")],
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Answer a plain-English question, showing first how it was understood.

    Example: kgraph ask "what grew out of the Cartagena summit?"
    """
    from kgraph.ask import NotUnderstood, answer
    from kgraph.errors import NotFound

    text = " ".join(question).strip()
    if not text:
        console.err().print("kgraph: ask needs a question", markup=False)
        raise typer.Exit(2)
    with handled():
        kg = query_graph(data, as_of, no_cache)
        try:
            result = answer(kg, text)
        except NotUnderstood as exc:
            if as_json:
                console.print_json({"question": text, "interpretation": None,
                                    "understood": exc.understood, "answers": [],
                                    "error": str(exc), "suggestions": exc.suggestions})
            else:
                from kgraph import render

                render.not_understood(str(exc), exc.suggestions)
            raise typer.Exit(1) from None
        except NotFound as exc:
            if as_json:
                console.print_json({"question": text, "interpretation": None,
                                    "answers": [], "error": str(exc)})
                raise typer.Exit(1) from None
            raise
    if as_json:
        result.pop("detail", None)
        console.print_json(result)
        return
    if not sys.stdout.isatty():  # plain lines for pipes and files (and no rich to load)
        from kgraph import plain

        plain.print_answer(result)
        return
    from kgraph import render

    render.answer(result)


cache_app = typer.Typer(help="The compiled cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete the compiled cache."""
    from kgraph.cache import cache_dir, clear

    n = clear()
    console.out().print(f"removed {n} cache file(s) from {cache_dir()}", markup=False)


@cache_app.command("path")
def cache_path() -> None:
    """Print where the compiled cache lives."""
    from kgraph.cache import cache_dir

    sys.stdout.write(str(cache_dir()) + "\n")


# ---------------------------------------------------------------------------------------
# Commands defined in their own modules are registered here, one line each:
# app.command("name")(function) after importing the function (keep those modules light:
# heavy imports belong inside the function).
from kgraph.view.command import render, view

app.command("view")(view)
app.command("render")(render)
from kgraph.exporters.command import export

app.command("export")(export)
# @@register@@


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so that the way out removes
    temporary files and leaves previous outputs as they were."""


def _terminate(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up
    raise Terminated


def _install_signal_handlers() -> None:
    if hasattr(signal, "SIGPIPE"):
        # a closed pipe (kgraph ... | head) ends the program quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # kill, docker stop, systemd: end as Ctrl-C does (clean up, exit 143), unless kgraph was
    # started with SIGTERM ignored
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _install_signal_handlers()
    try:
        app(args=argv, prog_name="kgraph")
    except KeyboardInterrupt:
        sys.stderr.write("\nkgraph: interrupted\n")
        sys.exit(130)
    except Terminated:
        sys.stderr.write("kgraph: terminated\n")
        sys.exit(143)
    except BrokenPipeError:
        # stdout was closed early; don't let Python complain at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
