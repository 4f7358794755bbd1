"""``kgraph view`` (an interactive HTML page) and ``kgraph render`` (a static SVG/PNG).

Kept light: everything heavy is imported inside the commands. The commands are
registered by ``kgraph.cli``; import them from there (this module imports ``kgraph.cli``
for its shared options).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kgraph import console
from kgraph.cli import DataOpt, NoCacheOpt, handled, load

TypeOpt = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer needs Optional here
    typer.Option("--type", "-t", help="Only entities of this type (subtypes included; a "
                 "type's name, label or plural); repeat for several. With ENTITY, the "
                 "neighbourhood is walked through these types only."),
]


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def view(
    entity: Annotated[Optional[str], typer.Argument(  # noqa: UP045
        help="Show this entity's neighbourhood (id, name or alias) instead of the whole "
        "graph.", show_default=False)] = None,
    depth: Annotated[Optional[int], typer.Option(  # noqa: UP045
        "--depth", "-n", min=1, help="With ENTITY: how many hops around it (default 2).",
        show_default=False)] = None,
    types: TypeOpt = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The HTML file to write.", dir_okay=False)] = Path("graph.html"),
    open_it: Annotated[bool, typer.Option(
        "--open", help="Open the page in the web browser when it is written.")] = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the graph as one interactive HTML page that works offline.

    Search by name or alias, click an entity for its card with the evidence, filter by
    entity and relation type, slide through time, shift-click two entities for the path
    between them.

    Example: kgraph view "TCO Working Group" --depth 2 -o tco.html --open
    """
    from kgraph.errors import UsageError

    with handled():
        if output.suffix.lower() not in (".html", ".htm"):
            raise UsageError(f"the output file must end in .html (got '{output}')")
        if depth is not None and entity is None:
            raise UsageError("--depth needs an ENTITY: it sets how far around it to go")
        kg = load(data, no_cache)
        from kgraph.atomic import atomic_write
        from kgraph.resolve import resolve_entity
        from kgraph.view.html import build_view

        center = resolve_entity(kg, entity) if entity is not None else None
        page = build_view(kg, center, depth or 2, types)
        with atomic_write(output) as fh:
            fh.write(page)
    size = len(page.encode("utf-8"))
    console.err().print(f"wrote {output} ({_size(size)})", markup=False)
    if open_it:
        import webbrowser

        if not webbrowser.open(output.resolve().as_uri()):
            console.err().print("kgraph: could not find a web browser to open it; open "
                                f"{output} yourself", markup=False)


def render(
    entity: Annotated[str, typer.Argument(
        help="The entity at the centre (id, name or alias).", show_default=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The picture to write: FILE.svg or FILE.png.",
        dir_okay=False, show_default=False)],
    depth: Annotated[int, typer.Option(
        "--depth", "-n", min=1, help="How many hops around the entity.")] = 1,
    types: TypeOpt = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Draw an entity's neighbourhood as a static SVG or PNG picture (with Graphviz).

    Needs Graphviz's 'dot' program (Debian: apt-get install graphviz).

    Example: kgraph render opdat --depth 1 -o opdat.svg
    """
    from kgraph.errors import UsageError

    with handled():
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("svg", "png"):
            raise UsageError(f"the output file must end in .svg or .png (got '{output}')")
        kg = load(data, no_cache)
        from kgraph.atomic import atomic_write
        from kgraph.resolve import resolve_entity
        from kgraph.view.dot import render_dot, to_dot
        from kgraph.view.select import entity_types, select

        center = resolve_entity(kg, entity)
        tys = entity_types(kg, types)
        picture = render_dot(to_dot(kg, select(kg, center, depth, tys), center), fmt)
        with atomic_write(output, binary=True) as fh:
            fh.write(picture)
    console.err().print(f"wrote {output} ({_size(len(picture))})", markup=False)
