"""``kgraph export``: the command line over :mod:`kgraph.exporters` (kept light: the
exporters are imported when the command runs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kgraph.cli import console
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
    from kgraph.exporters.privacy import Privacy

FORMAT_HELP = ("graphml, gexf, json, csv, neo4j or rdf (also: ttl, nt). csv and neo4j write "
               "several files: give a directory or a .zip.")


def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help=FORMAT_HELP,
                                       show_default=False)],
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="PATH",
        help="Where to write: a file, '-' for standard output, or for csv/neo4j a "
        "directory or a .zip file. Written safely: a failed export leaves the previous "
        "file as it was.")],
    data: DataOpt = None,
    around: AroundOpt = None,
    depth: Annotated[Optional[int], depth_option("1, with --around")] = None,  # noqa: UP045
    types: TypeOpt = None,
    relations: RelOpt = None,
    as_of: AsOfOpt = None,
    claim: ClaimOpt = None,
    syntax: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--syntax", metavar="SYNTAX",
        help="rdf only: turtle or nt (default: nt for a .nt file, else turtle).")] = None,
    base_iri: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--base-iri", metavar="IRI",
        help="rdf only: the IRI that entity, type and relation IRIs start with "
        "(default urn:kgraph:).")] = None,
    with_positions: Annotated[bool, typer.Option(
        "--with-positions",
        help="Keep 'where' (the file:line each record came from), relative to the project "
        "folder (or the data folder). Left out by default: files you share carry no paths "
        "from your machine.")] = False,
    with_notes: Annotated[bool, typer.Option(
        "--with-notes",
        help="Keep the curators' 'notes' (on entities, relations, evidence and sources). "
        "Left out by default.")] = False,
    raw_csv: Annotated[bool, typer.Option(
        "--raw-csv",
        help="csv only: write text as it is. By default a cell that starts with =, +, -, @, "
        "a tab or a carriage return gets a ' in front, so that a spreadsheet shows it "
        "instead of running it as a formula.")] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Export the graph, or part of it, for Gephi, Neo4j, triple stores or spreadsheets.

    Formats: graphml (Gephi first), gexf (Gephi with its timeline), json (node-link),
    csv, neo4j (neo4j-admin import CSVs + Cypher script) and rdf (Turtle / N-Triples).
    See docs/exports.md for each layout and for opening the files in Gephi.

    Nothing private goes out unless asked: no positions in your files (--with-positions),
    no curators' notes (--with-notes), no absolute paths. The output never goes into the
    data directories kgraph reads.

    Example: kgraph export graphml -o tco.graphml --around "TCO Working Group" --depth 2
    """
    from kgraph.exporters import check_target, get_format
    from kgraph.exporters import export as run_export
    from kgraph.select import Selection, select

    with handled():
        fmt_obj, options = get_format(fmt)
        if syntax is not None:
            if fmt_obj.name != "rdf":
                from kgraph.errors import UsageError

                raise UsageError("--syntax applies to the rdf format only")
            options["syntax"] = {"ttl": "turtle", "n-triples": "nt", "ntriples": "nt"}.get(
                syntax.lower(), syntax.lower())
        if base_iri is not None:
            if fmt_obj.name != "rdf":
                from kgraph.errors import UsageError

                raise UsageError("--base-iri applies to the rdf format only")
            options["base_iri"] = base_iri
        if raw_csv:
            if fmt_obj.name != "csv":
                from kgraph.errors import UsageError

                raise UsageError("--raw-csv applies to the csv format only (the neo4j files "
                                 "are always raw: neo4j-admin reads them, not a spreadsheet)")
            options["raw"] = True
        if output != "-" and not output.strip():
            from kgraph.errors import UsageError

            raise UsageError("-o needs a file name ('-' for standard output)")
        protect = protected_paths(data)
        check_target(output, protect)
        kg = keep_claims(load(data, no_cache), claim)
        chosen = select(kg, Selection(around=around, depth=depth, types=tuple(types or ()),
                                      relations=tuple(relations or ()), as_of=as_of))
        from kgraph.cli.progress import for_terminal

        privacy = sharing(data, with_positions, with_notes)
        progress = for_terminal(as_json=output == "-")  # (no bar over the export itself)
        try:
            result = run_export(chosen.kg, fmt_obj, output, progress, privacy=privacy,
                                protect=protect, **options)
        finally:
            progress.close()
    if output != "-":
        where = output if len(result.files) <= 1 else f"{output} ({len(result.files)} files)"
        console.err().print(console.safe(f"kgraph: wrote {result.nodes} entities and {result.edges} "
                            f"relations as {result.format} to {where}"), markup=False)



def protected_paths(data: list[Path] | None) -> list[Path]:
    """What a command must never write: the data it reads (files and directories), and a
    project's ``kgraph.toml`` and documents folder."""
    from kgraph.project import choose_data

    choice = choose_data(data)
    out = list(choice.paths)
    if choice.project is not None:
        out.append(choice.project.file)
        if choice.project.sources is not None:
            out.append(choice.project.sources)
    return out


def sharing(data: list[Path] | None, with_positions: bool, with_notes: bool) -> Privacy:
    """What an export may show: positions relative to the project folder (else to the data
    folders given) with --with-positions; notes with --with-notes."""
    from kgraph.exporters.privacy import Privacy, relative_positions

    positions = None
    if with_positions:
        from kgraph.project import choose_data

        choice = choose_data(data)
        roots = [choice.project.root] if choice.project is not None else [
            p if p.is_dir() else p.parent for p in choice.paths]
        positions = relative_positions(roots)
    return Privacy(positions=positions, notes=with_notes)
