"""The option vocabulary every command shares (docs/cli.md), and the glue around a command:
turning kgraph's errors into messages and exit codes, loading the graph, naming an entity.

One option, one meaning, one short form, one default, whichever command takes it; a test
checks each command's options against docs/cli.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kgraph.cli import console

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


DataOpt = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option(
        "--data", "-d", metavar="PATH",
        help="A directory of YAML files or one YAML file; repeat to merge several. "
        "Default: $KGRAPH_DATA, else the project found from the current directory "
        "upwards, else the bundled dataset.",
        envvar="KGRAPH_DATA", show_envvar=True,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="Do not read or write the compiled cache.")]
AsOfOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--as-of", metavar="DATE",
    help="Use the graph as known at this date (YYYY, YYYY-MM or YYYY-MM-DD): what had "
    "begun by then, on sources published by then.")]
ClaimOpt = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--claim", metavar="STATUS",
    help="Only relations whose claim is this: stated (by the source), "
    "attributed (to someone the source quotes) or inferred (by the curator), and the "
    "entities they link or whose own claim it is; repeatable.")]
TypeOpt = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--type", "-t", metavar="TYPE",
    help="Only entities of this type (subtypes included; a type's id, label or plural); "
    "repeatable.")]
RelOpt = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--relation", "-r", metavar="RELATION",
    help="Only relations of this type; repeatable.")]
LimitOpt = Annotated[Optional[int], typer.Option(  # noqa: UP045
    "--limit", "-n", min=0, metavar="N",
    help="Show at most N results (0: all). Default: 25 on a terminal, all when piped "
    "or with --json.", show_default=False)]
OffsetOpt = Annotated[int, typer.Option(
    "--offset", min=0, metavar="N", help="Skip the first N results.")]
CountOpt = Annotated[bool, typer.Option(
    "--count", help="Print only how many results there are.")]
IdsOpt = Annotated[bool, typer.Option(
    "--ids", help="Print only the results' ids, one per line.")]
JsonLinesOpt = Annotated[bool, typer.Option(
    "--jsonl", help="Print one JSON object per line, each result as it comes (JSON Lines).")]
OutputOpt = Annotated[str, typer.Option(
    "--output", "-o", metavar="PATH",
    help="Where to write ('-' for standard output where the format allows it).")]
AroundOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--around", "-a", metavar="ENTITY",
    help="Only this entity (id, name or alias) and its neighbourhood (--depth).")]
DirectionOpt = Annotated[str, typer.Option(
    "--direction", metavar="out|in|both",
    help="Follow relations out of an entity, into it, or both.")]
EvidenceOpt = Annotated[bool, typer.Option(
    "--evidence/--no-evidence", help="Show the quotes under each relation.")]
SourcesDirOpt = Annotated[Optional[Path], typer.Option(  # noqa: UP045
    "--sources", "-s", metavar="DIR", file_okay=False,
    help="Directory of source documents. Default: the project's sources folder, when it "
    "exists.")]
# curation commands (kgraph add, sources add, fmt): which data file to write, and trying
FileOpt = Annotated[Optional[Path], typer.Option(  # noqa: UP045
    "--file", "-f", metavar="FILE", dir_okay=False,
    help="The data file to write to. Default: the one data file with that section (e.g. "
    "entities.yaml), else a new one in the first data folder.")]
DryRunOpt = Annotated[bool, typer.Option(
    "--dry-run", help="Check and show the change; write nothing.")]
EntityArg = Annotated[str, typer.Argument(metavar="ENTITY", help="Id, name or alias.",
                                          show_default=False)]


def depth_option(default_text: str, minimum: int = 0) -> typer.models.OptionInfo:
    """``--depth N``: how many hops (its default differs by what it limits, see docs/cli.md)."""
    return typer.Option("--depth", min=minimum, metavar="N",
                        help=f"How many hops. Default: {default_text}.", show_default=False)


TERMINAL_LIMIT = 25


def effective_limit(limit: int | None, as_json: bool) -> int | None:
    """The limit a listing uses: ``--limit`` when given (0 = all), else a screenful on a
    terminal and everything for pipes and --json."""
    if limit is not None:
        return limit or None
    if as_json or not sys.stdout.isatty():
        return None
    return TERMINAL_LIMIT


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``kgraph: message`` on stderr; return the Exit to raise."""
    console.err().print(f"kgraph: {message}", markup=False)
    return typer.Exit(code)


@contextmanager
def handled() -> Iterator[None]:
    """Turn kgraph's own exceptions into a message on stderr and an exit code."""
    from kgraph.errors import DataError, KgraphError

    try:
        yield
    except DataError as exc:
        for problem in exc.problems[:20]:
            console.err().print(console.safe(problem.format()), markup=False, soft_wrap=True)
        if len(exc.problems) > 20:
            console.err().print(f"... and {len(exc.problems) - 20} more; run 'kgraph validate'",
                                markup=False)
        console.err().print("kgraph: the data has errors; fix them or run 'kgraph validate' "
                            "to see them all", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except KgraphError as exc:
        console.err().print(console.safe(f"kgraph: {exc}"), markup=False)
        raise typer.Exit(exc.exit_code) from None


def load(data: list[Path] | None, no_cache: bool = False) -> KnowledgeGraph:
    """Load the graph for a query command (errors are raised to ``handled``); a cold
    compile of a large dataset shows a progress bar on a terminal (not with --json)."""
    from kgraph.cache import load_cached
    from kgraph.cli.progress import for_terminal

    as_json = "--json" in sys.argv[1:]  # every command that prints JSON has this flag
    try:
        kg = load_cached(data, use_cache=not no_cache, progress=for_terminal(as_json),
                         prebuilt=prebuilt)
    finally:
        cache_notes()
    note_dataset(data)
    return kg


def prebuilt() -> list[Callable[[KnowledgeGraph], object]]:
    """The derived tables a large cold compile builds on the way (in a process of its
    own), so that the first question is as fast as the next."""
    from kgraph import resolve
    from kgraph.ask import lexicon

    return [resolve.index, lexicon.lexicon]


def cache_notes() -> None:
    """Say (on stderr) why the cache could not be used, if it could not."""
    from kgraph.store import notes

    for note in notes():
        console.err().print(console.safe(f"kgraph: note: {note}"), markup=False,
                            soft_wrap=True)


def note_dataset(data: list[Path] | None) -> None:
    """Say which dataset this command uses in its --json output (``dataset``)."""
    from kgraph.project import choose_data

    console.note_dataset(choose_data(data).describe())


def query_graph(data: list[Path] | None, as_of: str | None, no_cache: bool,
                claims: list[str] | None = None) -> KnowledgeGraph:
    """Load the graph and apply --as-of and --claim."""
    kg = load(data, no_cache)
    if as_of:
        from kgraph.queries import as_of as at
        from kgraph.queries import parse_date_option

        kg = at(kg, parse_date_option(as_of, "--as-of") or as_of)
    return keep_claims(kg, claims)


def keep_claims(kg: KnowledgeGraph, claims: list[str] | None) -> KnowledgeGraph:
    """The graph kept to the --claim statuses given (all of it when none is)."""
    if not claims:
        return kg
    from kgraph.claims import keep

    return keep(kg, claims)


def entity(kg: KnowledgeGraph, text: str) -> str:
    """The id of the entity ``text`` names (did-you-mean and "not yet at that date" are
    raised as usage errors)."""
    from kgraph.resolve import resolve_entity

    return resolve_entity(kg, text)
