"""A static picture of part of the graph: a Graphviz DOT document, drawn by ``dot``.

Node ids in the DOT text are generated (``n0``, ``n1``...), so entity ids never need
quoting; names and readings go into double-quoted labels with Graphviz's escapes
(backslash, double quote, newline) and with ``&`` written as ``&amp;`` so that text like
``&lt;`` is not read as an HTML entity.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from typing import TYPE_CHECKING

from kgraph.errors import OutputError

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.api import KnowledgeGraph

FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string, shown literally in a label."""
    text = (str(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))
    return f'"{text}"'


def _label(lines: list[str]) -> str:
    # each line is escaped on its own, then joined with DOT's centred line break
    escaped = [quote(line)[1:-1] for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def _wrap(text: str, width: int = 26) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _ink(color: str) -> str:
    """Black or white text, whichever reads better on ``color`` (#rrggbb)."""
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "#000000"
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#ffffff"


def _fill(color: str) -> str:
    c = color.lstrip("#")
    ok = len(c) in (3, 6) and all(ch in "0123456789abcdefABCDEF" for ch in c)
    return f"#{c}" if ok else "#999999"


def to_dot(kg: KnowledgeGraph, graph: nx.MultiDiGraph, center: str | None = None) -> str:
    """A DOT document of ``graph`` (part of ``kg.graph``), ``center`` drawn bold."""
    schema = kg.schema
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes))}
    if center is not None:
        name = kg.graph.nodes[center].get("name", center)
        title = f"{name}: neighbourhood"
    else:
        title = "kgraph"
    out = [
        "digraph kgraph {",
        (f'  graph [rankdir=LR, bgcolor="white", pad=0.3, nodesep=0.25, ranksep=0.6, '
         f"fontname={quote(FONT)}, fontsize=14, labelloc=t, label={quote(title)}];"),
        (f'  node [shape=box, style="rounded,filled", fontname={quote(FONT)}, fontsize=11, '
         'margin="0.12,0.06", penwidth=1];'),
        (f'  edge [fontname={quote(FONT)}, fontsize=9, color="#8a94a6", '
         'fontcolor="#4b5563", arrowsize=0.7];'),
    ]
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        etype = str(attrs.get("type", ""))
        et = schema.entity_types.get(etype)
        fill = _fill(schema.color(etype))
        lines = _wrap(str(attrs.get("name", node)))
        lines.append(f"({et.label if et else etype})")
        extra = ', penwidth=3, color="#1f2430", fontsize=13' if node == center else ""
        out.append(f"  {ids[node]} [label={_label(lines)}, fillcolor=\"{fill}\", "
                   f"color=\"{fill}\", fontcolor=\"{_ink(fill)}\", "
                   f"tooltip={quote(str(attrs.get('name', node)))}{extra}];")
    for u, v, key, attrs in sorted(graph.edges(keys=True, data=True),
                                   key=lambda e: (e[0], e[1], e[2])):
        rtype = str(attrs.get("type", key))
        rt = schema.relation_types.get(rtype)
        reading = rt.reading if rt else rtype.replace("_", " ")
        when = attrs.get("date") or attrs.get("start")
        label = f"{reading} ({when})" if when else reading
        out.append(f"  {ids[u]} -> {ids[v]} [label={_label(_wrap(label, 22))}];")
    out.append("}")
    return "\n".join(out) + "\n"


def render_dot(source: str, fmt: str, timeout: float = 120.0) -> bytes:
    """Run Graphviz ``dot`` on ``source`` and return the picture (``fmt``: svg, png or pdf)."""
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"unsupported format {fmt!r}")
    exe = shutil.which("dot")
    if exe is None:
        raise OutputError("cannot draw the picture: Graphviz's 'dot' program was not found "
                          "on PATH (install Graphviz; on Debian: apt-get install graphviz)")
    try:
        done = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise OutputError(f"Graphviz 'dot' took longer than {timeout:.0f} s; "
                          "try a smaller --depth") from None
    except OSError as exc:
        raise OutputError(f"cannot run Graphviz 'dot' ({exe}): {exc.strerror or exc}") from None
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = "; ".join(message[:3]) or f"exit status {done.returncode}"
        raise OutputError(f"Graphviz 'dot' failed: {detail}")
    return done.stdout
