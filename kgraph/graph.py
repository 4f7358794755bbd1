"""The built graph with what queries need beside it (kept light: loaded on every query)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.model import Dataset
    from kgraph.schema import Schema


@dataclass
class KnowledgeGraph:
    """``graph``: entities as nodes, relations as keyed edges; ``schema``: the types;
    ``sources``: source id -> its description. ``dataset`` (the checked records) is only
    there right after a build, not when the graph comes from the cache."""

    graph: nx.MultiDiGraph
    schema: Schema
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    dataset: Dataset | None = None

    def __getstate__(self) -> dict[str, Any]:
        # caches built lazily by queries (name index, vocabulary) and the raw records
        # are not worth storing
        return {"graph": self.graph, "schema": self.schema, "sources": self.sources,
                "dataset": None}
