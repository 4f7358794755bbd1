"""``kgraph export``: the command line over :mod:`kgraph.exporters` (kept light: the
exporters are imported when the command runs)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from kgraph.cli import console
from kgraph.cli.options import (AroundOpt, AsOfOpt, ClaimOpt, DataOpt, NoCacheOpt, RelOpt,
                                TypeOpt, depth_option, handled, keep_claims, load)

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

    Example: kgraph export graphml -o tco.graphml --around "TCO Working Group" --depth 2
    """
    from kgraph.exporters import export as run_export
    from kgraph.exporters import get_format
    from kgraph.exporters.select import Selection, select

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
        kg = keep_claims(load(data, no_cache), claim)
        chosen = select(kg, Selection(around=around, depth=depth, types=list(types or []),
                                      relations=list(relations or []), as_of=as_of))
        from kgraph.cli.progress import for_terminal

        progress = for_terminal(as_json=output == "-")  # (no bar over the export itself)
        try:
            result = run_export(chosen, fmt_obj, output, progress, **options)
        finally:
            progress.close()
    if output != "-":
        where = output if len(result.files) <= 1 else f"{output} ({len(result.files)} files)"
        console.err().print(console.safe(f"kgraph: wrote {result.nodes} entities and {result.edges} "
                            f"relations as {result.format} to {where}"), markup=False)

