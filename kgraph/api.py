"""The library's front door: load a dataset and get a queryable knowledge graph."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kgraph.build import build_graph
from kgraph.errors import DataError
from kgraph.graph import KnowledgeGraph
from kgraph.model import Dataset
from kgraph.project import bundled_schema, data_paths, discover
from kgraph.validate import load


def open_dataset(data: Sequence[Path | str] | None = None,
                 sources_dir: Path | str | None = None) -> Dataset:
    """Load and check a dataset; problems are in ``.problems`` (nothing is raised for bad data).

    ``data``: files or directories (merged); default ``KGRAPH_DATA`` or the bundled dataset.
    ``sources_dir``: a directory of source documents to check quotes against.
    """
    roots = data_paths([Path(p) for p in data] if data else None)
    files = discover(roots)
    default_schema = [bundled_schema()]
    return load(files, default_schema, Path(sources_dir) if sources_dir else None)


def load_graph(data: Sequence[Path | str] | None = None) -> KnowledgeGraph:
    """Load, check and build; raise :class:`DataError` if the data has errors."""
    ds = open_dataset(data)
    if ds.errors:
        raise DataError(ds.problems)
    return from_dataset(ds)


def from_dataset(ds: Dataset) -> KnowledgeGraph:
    """Build the graph of a checked dataset (which must have no errors)."""
    graph = build_graph(ds)
    return KnowledgeGraph(graph, ds.schema, graph.graph["sources"], ds)
