"""kgraph: evidence-backed knowledge graphs of who-did-what networks from curated YAML.

The library never prints and never exits; the ``kgraph`` command renders what it returns.

    >>> from kgraph import load_graph
    >>> kg = load_graph()                      # the bundled dataset
    >>> kg.graph.number_of_nodes() > 0
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "__version__", "load_graph", "open_dataset"]

if TYPE_CHECKING:
    from kgraph.api import load_graph, open_dataset
    from kgraph.graph import KnowledgeGraph


def __getattr__(name: str) -> Any:  # lazy: keep `import kgraph` (and `kgraph --help`) light
    if name in ("load_graph", "open_dataset"):
        from kgraph import api

        return getattr(api, name)
    if name == "KnowledgeGraph":
        from kgraph.graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(name)
