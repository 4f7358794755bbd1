"""One self-contained HTML file that shows the graph: data, styles and scripts inline.

The page needs no network at all: the graph library (Cytoscape.js with the fCoSE layout,
vendored under ``vendor/`` with their licences) and the page's own script are inlined,
and a Content-Security-Policy lets only those exact scripts run (by hash) and forbids
every fetch. The data travels as JSON in a ``<script type="application/json">`` block,
escaped so that no string in it can close that block; the page's script puts every
string into the page with ``textContent``, never as markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.api import KnowledgeGraph
    from kgraph.select import Selected

# in load order: each file defines the global the next one needs
VENDOR_SCRIPTS = ("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js")

# entity attributes shown in their own places on the card (the rest are "attributes")
CORE_FIELDS = {"type", "name", "aliases", "description", "evidence", "date", "start", "end",
               "inferred", "notes", "where"}
EDGE_CORE_FIELDS = {"type", "evidence", "date", "start", "end", "description", "inferred",
                    "notes", "where"}

_SCRIPT_JSON_ESCAPES = str.maketrans({
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
})


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``,
    ``&`` or line/paragraph separators appear literally, so nothing can end the block."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.translate(_SCRIPT_JSON_ESCAPES)


def _dates(attrs: dict[str, Any]) -> dict[str, str]:
    return {k: str(attrs[k]) for k in ("date", "start", "end") if attrs.get(k)}


def _evidence(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"source": str(ev.get("source", "")), "quote": str(ev.get("quote", ""))}
            for ev in items]


def view_data(kg: KnowledgeGraph, graph: nx.MultiDiGraph | None = None, *,
              title: str = "", center: str | None = None, depth: int | None = None,
              types: list[str] | None = None) -> dict[str, Any]:
    """The JSON document the page reads: entities, relations, the types they use, the
    sources their evidence cites, and what was asked for (``center``, ``depth``, ``types``).

    ``graph`` is the part of ``kg.graph`` to show (default: all of it). Everything is in a
    stable order, so the same graph always gives the same document.
    """
    from kgraph import __version__

    g = kg.graph if graph is None else graph
    schema = kg.schema
    cited: set[str] = set()

    nodes = []
    type_count: dict[str, int] = {}
    for node in sorted(g.nodes):
        attrs = g.nodes[node]
        etype = str(attrs.get("type", ""))
        type_count[etype] = type_count.get(etype, 0) + 1
        evidence = _evidence(attrs.get("evidence", []))
        cited.update(ev["source"] for ev in evidence)
        record: dict[str, Any] = {
            "id": node,
            "type": etype,
            "name": str(attrs.get("name", node)),
            "aliases": [str(a) for a in attrs.get("aliases", [])],
            "description": str(attrs.get("description", "") or ""),
            **_dates(attrs),
            "attributes": [[k, v] for k, v in sorted(attrs.items()) if k not in CORE_FIELDS],
            "inferred": dict(attrs.get("inferred", {}) or {}),
            "evidence": evidence,
            "degree": g.degree(node),
        }
        nodes.append(record)

    # edge ids share one namespace with entity ids in the page: pick a prefix no entity has
    prefix = "~e"
    while any(str(node).startswith(prefix) for node in g.nodes):
        prefix = "~" + prefix
    edges = []
    rel_count: dict[str, int] = {}
    for i, (u, v, key, attrs) in enumerate(sorted(g.edges(keys=True, data=True),
                                                  key=lambda e: (e[0], e[1], e[2]))):
        rtype = str(attrs.get("type", key))
        rel_count[rtype] = rel_count.get(rtype, 0) + 1
        evidence = _evidence(attrs.get("evidence", []))
        cited.update(ev["source"] for ev in evidence)
        edges.append({
            "id": f"{prefix}{i}",
            "source": u,
            "target": v,
            "type": rtype,
            **_dates(attrs),
            "description": str(attrs.get("description", "") or ""),
            "attributes": [[k, val] for k, val in sorted(attrs.items())
                           if k not in EDGE_CORE_FIELDS],
            "inferred": dict(attrs.get("inferred", {}) or {}),
            "evidence": evidence,
        })

    from kgraph.view.palette import looks

    palette = looks(schema, type_count)
    entity_types = []
    for name in sorted(type_count, key=lambda t: (-type_count[t], t)):
        et = schema.entity_types.get(name)
        entity_types.append({
            "name": name,
            "label": et.label if et else name,
            "plural": et.plural if et else name,
            "color": palette[name].colour,
            "shape": palette[name].shape,
            "parent": et.parent if et else None,
            "count": type_count[name],
        })
    # the card lists relations in the schema's order (who attended before topics)
    order = {name: i for i, name in enumerate(schema.relation_types)}
    relation_types = []
    for name in sorted(rel_count, key=lambda t: (-rel_count[t], t)):
        rt = schema.relation_types.get(name)
        relation_types.append({
            "name": name,
            "reading": rt.reading if rt else name.replace("_", " "),
            "inverse_reading": rt.inverse_reading if rt else name.replace("_", " "),
            "symmetric": bool(rt and rt.symmetric),
            "order": order.get(name, len(order)),
            "count": rel_count[name],
        })
    sources = {}
    for sid in sorted(cited):
        src = kg.sources.get(sid, {})
        sources[sid] = {k: str(src[k]) for k in ("title", "publisher", "date", "url")
                        if src.get(k)}
        sources[sid].setdefault("title", sid)

    return {
        "meta": {
            "title": title or "Knowledge graph",
            "center": center,
            "depth": depth,
            "types": list(types or []),
            "graph_entities": kg.graph.number_of_nodes(),
            "graph_relations": kg.graph.number_of_edges(),
            "kgraph_version": __version__,
        },
        "entity_types": entity_types,
        "relation_types": relation_types,
        "sources": sources,
        "nodes": nodes,
        "edges": edges,
    }


def _asset(name: str) -> str:
    return (resources.files("kgraph.view") / name).read_text(encoding="utf-8")


def _inline_script(code: str, name: str) -> str:
    # a script element ends at the first "</script" whatever the JavaScript means by it
    if "</script" in code.lower() or "<!--" in code:
        raise ValueError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    return code


def _csp_hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def to_html(data: dict[str, Any]) -> str:
    """The complete page for a :func:`view_data` document."""
    vendor = "\n".join(_inline_script(_asset(f"vendor/{name}"), name)
                       for name in VENDOR_SCRIPTS)
    app = _inline_script(_asset("assets/view.js"), "view.js")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vendor)} {_csp_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; "
           "base-uri 'none'; form-action 'none'")
    parts = {
        "CSP": html.escape(csp, quote=True),
        "TITLE": html.escape(str(data.get("meta", {}).get("title", "Knowledge graph"))),
        "CSS": _asset("assets/view.css"),
        "DATA": script_json(data),
        "VENDOR": vendor,
        "APP": app,
    }
    template = _asset("assets/template.html")
    # one pass, so nothing substituted is ever scanned for markers again
    return re.sub(r"@@([A-Z]+)@@", lambda m: parts[m.group(1)], template)


def title_for(selected: Selected) -> str:
    """The page's title: what it shows."""
    kg = selected.kg
    if selected.centre is not None:
        name = kg.graph.nodes[selected.centre].get("name", selected.centre)
        title = f"{name}: neighbourhood, depth {selected.depth}"
    else:
        title = "Knowledge graph"
    if selected.types:
        title += " (" + ", ".join(kg.schema.entity_types[t].plural
                                  for t in selected.types) + " only)"
    if selected.as_of:
        title += f", as of {selected.as_of}"
    return title


def page_for(selected: Selected) -> str:
    """The HTML page for a selection (see :mod:`kgraph.select`)."""
    return to_html(view_data(selected.whole, selected.kg.graph, title=title_for(selected),
                             center=selected.centre, depth=selected.depth,
                             types=selected.types))


def build_view(kg: KnowledgeGraph, center: str | None = None, depth: int | None = None,
               types: list[str] | None = None, relations: list[str] | None = None,
               as_of: str | None = None) -> str:
    """The HTML page for the whole graph, or for ``center``'s neighbourhood (an id, name
    or alias; ``depth`` hops, default 1; ignored without a centre), with the options of
    :mod:`kgraph.select`."""
    from kgraph.select import Selection, select

    if center is None:
        depth = None
    return page_for(select(kg, Selection(around=center, depth=depth, types=tuple(types or ()),
                                         relations=tuple(relations or ()), as_of=as_of)))
