"""Pictures of the graph: an interactive, offline HTML page and static SVG/PNG drawings.

    >>> from kgraph import load_graph
    >>> from kgraph.view import build_view
    >>> page = build_view(load_graph(), "opdat", depth=2)  # doctest: +SKIP

* :mod:`kgraph.view.html`: the self-contained page (data as JSON, Cytoscape.js inlined).
* :mod:`kgraph.view.dot`: a Graphviz DOT document and the ``dot`` program to draw it.
* :mod:`kgraph.view.palette`: colours and shapes for entity types.

Which part of the graph is shown is chosen by :mod:`kgraph.select`, as for exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["build_view", "render_dot", "to_dot", "to_html", "view_data"]

if TYPE_CHECKING:
    from kgraph.view.dot import render_dot, to_dot
    from kgraph.view.html import build_view, to_html, view_data


def __getattr__(name: str) -> Any:  # lazy: the CLI imports this package at start-up
    if name in ("build_view", "view_data", "to_html"):
        from kgraph.view import html

        return getattr(html, name)
    if name in ("to_dot", "render_dot"):
        from kgraph.view import dot

        return getattr(dot, name)
    raise AttributeError(name)
