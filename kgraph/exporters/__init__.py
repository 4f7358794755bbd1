"""Exports of a knowledge graph: GraphML, GEXF, JSON, CSV, Neo4j and RDF.

    >>> from kgraph.api import load_graph
    >>> from kgraph.exporters import export
    >>> export(load_graph(), "graphml", "graph.graphml")          # doctest: +SKIP

:func:`export` writes a whole graph or a selection (see :mod:`kgraph.select`) to a
file, a directory, a zip file or a text stream, safely (see :mod:`kgraph.atomic`), and
without what the curator did not mean to share (see :mod:`kgraph.exporters.privacy`).
Each format is a module with an :class:`~kgraph.exporters.base.Exporter`; docs/exports.md
describes the layouts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kgraph import collector
from kgraph.errors import UsageError

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph
    from kgraph.exporters.base import ExportData, Exporter
    from kgraph.exporters.privacy import Privacy
    from kgraph.progress import Progress


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    cls: str
    suffix: str  # the usual file name ending ("" for directory formats)
    description: str
    options: tuple[tuple[str, Any], ...] = ()  # fixed options (e.g. an RDF syntax)

    def exporter(self) -> type[Exporter]:
        import importlib

        cls: type[Exporter] = getattr(importlib.import_module(self.module), self.cls)
        return cls


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("graphml", "kgraph.exporters.graphml", "GraphMLExporter", ".graphml",
           "GraphML for Gephi, yEd, igraph, networkx, graphology"),
    Format("gexf", "kgraph.exporters.gexf", "GEXFExporter", ".gexf",
           "GEXF 1.3 for Gephi, with colours, sizes and the timeline"),
    Format("json", "kgraph.exporters.json", "JSONExporter", ".json",
           "node-link JSON (networkx.node_link_data layout)"),
    Format("csv", "kgraph.exporters.csv", "CSVExporter", "",
           "nodes.csv + edges.csv + sources.csv + datapackage.json (directory or .zip)"),
    Format("neo4j", "kgraph.exporters.neo4j", "Neo4jExporter", "",
           "CSVs for neo4j-admin database import, plus a Cypher script (directory or .zip)"),
    Format("rdf", "kgraph.exporters.rdf", "RDFExporter", ".ttl",
           "RDF: Turtle, or N-Triples for a .nt file (or --syntax nt)"),
)}
ALIASES = {"ttl": ("rdf", "turtle"), "turtle": ("rdf", "turtle"), "nt": ("rdf", "nt"),
           "ntriples": ("rdf", "nt"), "n-triples": ("rdf", "nt"), "node-link": ("json", None),
           "nodelink": ("json", None)}


def get_format(name: str) -> tuple[Format, dict[str, Any]]:
    """The format called ``name`` (or an alias such as ``ttl``) and options it implies."""
    key = name.strip().lower()
    if key in FORMATS:
        return FORMATS[key], {}
    if key in ALIASES:
        fmt, syntax = ALIASES[key]
        return FORMATS[fmt], ({"syntax": syntax} if syntax else {})
    from kgraph.text import did_you_mean

    hint = did_you_mean(key, [*FORMATS, *ALIASES]) or f" (use one of {', '.join(FORMATS)})"
    raise UsageError(f"unknown export format '{name}'{hint}")


@dataclass
class Result:
    """What an export wrote."""

    format: str
    target: str
    files: list[str]
    nodes: int
    edges: int


def export(kg: KnowledgeGraph, fmt: str | Format, target: str | Path | IO[str],
           progress: Progress | None = None, privacy: Privacy | None = None,
           protect: Iterable[Path | str] = (), **options: Any) -> Result:
    """Write ``kg`` (or a selection of it) in format ``fmt``.

    ``target``: a file path; ``"-"`` or an open text stream for single-file formats; a
    directory or a ``.zip`` path for formats made of several files. ``privacy``: whether
    positions and notes go out (default: neither; see :mod:`kgraph.exporters.privacy`).
    ``protect``: paths never to write, such as the data the graph was read from (see
    :func:`kgraph.atomic.refuse_protected`). Options: ``syntax`` (``turtle``/``nt``) and
    ``base_iri`` for RDF; ``raw=True`` for CSV (no guard against spreadsheet formulas,
    see :func:`kgraph.exporters.csv.guard`). Raises :class:`UsageError` for a target that
    does not suit the format or is protected and :class:`OutputError` when writing fails;
    a failed export leaves any previous output as it was. ``progress`` (a
    :class:`kgraph.progress.Progress`) is told how the work goes.
    """
    from kgraph.exporters.base import prepare

    if isinstance(fmt, str):
        fmt, implied = get_format(fmt)
        options = {**implied, **options}
    protect = tuple(protect)
    check_target(target, protect)  # before the work, not after
    with collector.paused():
        data = prepare(kg, progress, privacy)
        try:
            return write_data(data, fmt, target, progress, protect=protect, **options)
        finally:  # (let go here: the collector would walk every record once more after)
            del data


def check_target(target: str | Path | IO[str], protect: Iterable[Path | str]) -> None:
    """Refuse a target inside ``protect`` early (:func:`write_data` checks again, file by
    file, when it writes)."""
    if isinstance(target, (str, Path)) and str(target) != "-":
        from kgraph.atomic import refuse_protected

        refuse_protected(target, protect)


def write_data(data: ExportData, fmt: Format, target: str | Path | IO[str],
               progress: Progress | None = None, protect: Iterable[Path | str] = (),
               **options: Any) -> Result:
    protect = tuple(protect)
    cls = fmt.exporter()
    if fmt.name == "rdf" and not options.get("syntax") and isinstance(target, (str, Path)):
        suffix = Path(str(target)).suffix.lower()
        if suffix in (".rdf", ".owl", ".xml", ".jsonld", ".nq", ".trig"):
            raise UsageError(f"rdf writes Turtle (.ttl) or N-Triples (.nt), not what a "
                             f"'{suffix}' name promises; name the file .ttl or .nt, or "
                             "pass --syntax")
        options["syntax"] = "nt" if suffix == ".nt" else "turtle"
    counts = (len(data.nodes), len(data.edges))
    if not isinstance(target, (str, Path)):  # an open stream
        if len(cls.files) > 1:
            raise UsageError(f"{fmt.name} writes several files; give a directory or a .zip")
        cls({"": target}, data, **options).run(progress)
        return Result(fmt.name, "<stream>", [], *counts)
    name = str(target)
    if name == "-":
        if len(cls.files) > 1:
            raise UsageError(f"{fmt.name} writes several files ({', '.join(cls.files)}): "
                             "give -o DIRECTORY or -o FILE.zip, not '-'")
        with _stdout() as out:
            cls({"": out}, data, utf8=True, **options).run(progress)
        return Result(fmt.name, "-", ["-"], *counts)
    path = Path(name)
    if len(cls.files) == 1:
        from kgraph.atomic import atomic_write

        with atomic_write(path, newline=cls.newline, protect=protect) as fh:
            cls({"": fh}, data, utf8=True, **options).run(progress)
        return Result(fmt.name, name, [name], *counts)
    if path.suffix.lower() == ".zip":
        _write_zip(cls, data, path, options, progress, protect)
        return Result(fmt.name, name, [f"{name}:{f}" for f in cls.files], *counts)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{fmt.name} writes several files ({', '.join(cls.files)}): "
                         f"'{name}' is a file; give a directory or a name ending in .zip")
    from kgraph.atomic import FileSet

    with FileSet(path, protect=protect) as fileset:
        streams = {f: fileset.open(f, newline=cls.newline) for f in cls.files}
        cls(streams, data, utf8=True, **options).run(progress)
    return Result(fmt.name, name, [str(path / f) for f in cls.files], *counts)


def _write_zip(cls: type[Exporter], data: ExportData, path: Path,
               options: dict[str, Any], progress: Progress | None,
               protect: tuple[Path | str, ...] = ()) -> None:
    import tempfile
    import zipfile
    from contextlib import ExitStack

    from kgraph.atomic import atomic_write, interrupts_held
    from kgraph.progress import SHOW_ABOVE

    with ExitStack() as stack:
        spools = {f: stack.enter_context(tempfile.SpooledTemporaryFile(
            max_size=16 * 2**20, mode="w+", encoding="utf-8", newline=cls.newline))
            for f in cls.files}
        try:
            cls(spools, data, **options).run(progress)  # type: ignore[arg-type]
        except OSError as exc:
            from kgraph.atomic import output_error

            raise output_error(path, exc) from None
        if progress is not None:
            progress.stage("Compressing", sum(spool.tell() for spool in spools.values()),
                           show_above=SHOW_ABOVE)
        with atomic_write(path, binary=True, protect=protect) as fh, \
                zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for f, spool in spools.items():
                spool.seek(0)
                info = zipfile.ZipInfo(f, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (0o755 if f.endswith(".sh") else 0o644) << 16
                with ExitStack() as opened:
                    # an interrupt between opening a member and entering it would leave the
                    # zip "writing" and turn Ctrl-C into a ValueError when the zip closes
                    with interrupts_held():
                        member = opened.enter_context(zf.open(info, "w"))
                    while chunk := spool.read(1 << 16):
                        member.write(chunk.encode("utf-8"))
                        if progress is not None:
                            progress.advance(len(chunk))


@contextmanager
def _stdout() -> Iterator[IO[str]]:
    """Standard output as UTF-8 text, whatever the locale says."""
    import io

    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    sys.stdout.flush()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", write_through=False)
    try:
        yield out
        out.flush()
    finally:
        try:
            out.detach()
        except (ValueError, OSError):
            pass


__all__ = [
    "FORMATS",
    "Format",
    "Result",
    "check_target",
    "export",
    "get_format",
    "write_data",
]
