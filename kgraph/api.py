"""The library's front door: load a dataset and get a queryable knowledge graph."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kgraph.build import build_graph
from kgraph.errors import DataError
from kgraph.model import Dataset
from kgraph.project import bundled_schema, data_paths, discover
from kgraph.schema import Schema
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


@dataclass
class KnowledgeGraph:
    """A built graph with what queries need beside it."""

    graph: nx.MultiDiGraph
    dataset: Dataset

    @property
    def schema(self) -> Schema:
        return self.dataset.schema

    @property
    def sources(self) -> dict[str, dict[str, object]]:
        return self.graph.graph["sources"]  # type: ignore[no-any-return]


def load_graph(data: Sequence[Path | str] | None = None) -> KnowledgeGraph:
    """Load, check and build; raise :class:`DataError` if the data has errors."""
    ds = open_dataset(data)
    if ds.errors:
        raise DataError(ds.problems)
    return KnowledgeGraph(build_graph(ds), ds)
