"""``kgraph view`` (an interactive HTML page) and ``kgraph render`` (a static picture).

Kept light: everything heavy is imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kgraph.cli import console
from kgraph.cli.export import protected_paths
from kgraph.cli.options import (
    AroundOpt,
    AsOfOpt,
    ClaimOpt,
    DataOpt,
    NoCacheOpt,
    RelOpt,
    TypeOpt,
    depth_option,
    handled,
    keep_claims,
    load,
)

if TYPE_CHECKING:
    from kgraph.select import Selected

EntityShorthand = Annotated[Optional[str], typer.Argument(  # noqa: UP045
    metavar="[ENTITY]", help="Same as --around ENTITY.", show_default=False)]


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _chosen(data: list[Path] | None, no_cache: bool, entity: str | None,
            around: str | None, depth: int | None, types: list[str] | None,
            relations: list[str] | None, as_of: str | None,
            claims: list[str] | None = None) -> Selected:
    """The part of the graph to show (see :mod:`kgraph.select`)."""
    from kgraph.errors import UsageError
    from kgraph.select import Selection, select

    if entity is not None and around is not None:
        raise UsageError("give the entity once: as ENTITY or as --around ENTITY")
    kg = keep_claims(load(data, no_cache), claims)
    return select(kg, Selection(around=around if around is not None else entity,
                                depth=depth, types=tuple(types or ()),
                                relations=tuple(relations or ()), as_of=as_of))


def view(
    entity: EntityShorthand = None,
    around: AroundOpt = None,
    depth: Annotated[Optional[int], depth_option("1, with --around")] = None,  # noqa: UP045
    types: TypeOpt = None,
    relations: RelOpt = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="PATH", help="The HTML file to write.",
        dir_okay=False)] = Path("graph.html"),
    open_it: Annotated[bool, typer.Option(
        "--open", help="Open the page in the web browser when it is written.")] = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the graph as one interactive HTML page that works offline.

    Search by name or alias, click an entity for its card with the evidence, filter by
    entity and relation type, slide through time, shift-click two entities for the path
    between them.

    Example: kgraph view --around "TCO Working Group" --depth 2 -o tco.html --open
    """
    from kgraph.errors import UsageError

    with handled():
        if output.suffix.lower() not in (".html", ".htm"):
            raise UsageError(f"the output file must end in .html (got '{output}')")
        from kgraph.atomic import atomic_write, refuse_protected
        from kgraph.view.html import page_for

        protect = protected_paths(data)
        refuse_protected(output, protect)
        page = page_for(_chosen(data, no_cache, entity, around, depth, types, relations,
                                as_of, claim))
        with atomic_write(output, protect=protect) as fh:
            fh.write(page)
    size = len(page.encode("utf-8"))
    console.err().print(console.safe(f"kgraph: wrote {output} ({_size(size)})"), markup=False)
    if open_it:
        import webbrowser

        if not webbrowser.open(output.resolve().as_uri()):
            console.err().print(console.safe("kgraph: could not find a web browser to open "
                                             f"it; open {output} yourself"), markup=False)


def render(
    entity: EntityShorthand = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="PATH", help="The picture to write: FILE.svg, FILE.png "
        "or FILE.pdf.", dir_okay=False, show_default=False)] = Path("graph.svg"),
    around: AroundOpt = None,
    depth: Annotated[Optional[int], depth_option("1, with --around")] = None,  # noqa: UP045
    types: TypeOpt = None,
    relations: RelOpt = None,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Draw the graph, or an entity's neighbourhood, as a static picture (with Graphviz).

    Without ENTITY the whole graph (or what --type, --relation and --as-of keep) is drawn.
    The format follows the file name: .svg, .png or .pdf. Needs Graphviz's 'dot' program
    (Debian: apt-get install graphviz).

    Example: kgraph render --around opdat -o opdat.svg
    """
    from kgraph.errors import UsageError

    with handled():
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("svg", "png", "pdf"):
            raise UsageError(f"the output file must end in .svg, .png or .pdf (got '{output}')")
        from kgraph.atomic import atomic_write, refuse_protected
        from kgraph.view.dot import picture_for

        protect = protected_paths(data)
        refuse_protected(output, protect)
        picture = picture_for(_chosen(data, no_cache, entity, around, depth, types,
                                      relations, as_of, claim), fmt)
        with atomic_write(output, binary=True, protect=protect) as fh:
            fh.write(picture)
    console.err().print(console.safe(f"kgraph: wrote {output} ({_size(len(picture))})"),
                        markup=False)
