"""A static picture of part of the graph: a Graphviz DOT document, drawn by ``dot``.

Node ids in the DOT text are generated (``n0``, ``n1``...), so entity ids never need
quoting. Every text from the data goes into a double-quoted DOT string by one rule that
nothing in the text can break (:func:`dot_text`): letters, digits, spaces, non-ASCII
text and a few harmless punctuation marks are written as they are; every other
character is a numeric character reference (``&#34;``), which Graphviz turns back into
the character after it has read the string, so no quote, backslash or bracket from the
data ever reaches DOT's own syntax. A backslash is ``&#92;&#92;`` in a label, which
Graphviz reads once more as an escape, and four of them in a tooltip, read twice
(tested against the real ``dot``). Characters XML cannot carry (NUL and the other
control characters, U+FFFE, U+FFFF, lone surrogates) are removed, so the SVG that comes
out is well-formed XML.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from typing import TYPE_CHECKING

from kgraph.errors import OutputError

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.api import KnowledgeGraph
    from kgraph.select import Selected

FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"

# kept as they are: harmless in a DOT string and in Graphviz's label escapes
_PLAIN = re.compile(r"[A-Za-z0-9 .,:;!?()'_/+=*@%~-]")
# removed: what XML 1.0 cannot carry, and the C1 control characters
_DROP = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


LABEL_BACKSLASH = "&#92;" * 2
TOOLTIP_BACKSLASH = "&#92;" * 4


def dot_text(text: object, backslash: str = LABEL_BACKSLASH) -> str:
    """The body of a DOT double-quoted string that shows ``text`` literally (see the
    module docstring). Line ends become spaces; :func:`_label` adds line breaks."""
    out = []
    for ch in _DROP.sub("", str(text)):
        if ch in "\r\n\t":
            out.append(" ")
        elif ch == "\\":
            out.append(backslash)
        elif ord(ch) > 0x7E or _PLAIN.match(ch):
            out.append(ch)
        else:
            out.append(f"&#{ord(ch)};")
    return "".join(out)


def quote(text: object, backslash: str = LABEL_BACKSLASH) -> str:
    """``text`` as a DOT double-quoted string, shown literally."""
    return f'"{dot_text(text, backslash)}"'


def _label(lines: list[str]) -> str:
    # each line is escaped on its own, then joined with DOT's centred line break
    return '"' + "\\n".join(dot_text(line) for line in lines) + '"'


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


def to_dot(kg: KnowledgeGraph, graph: nx.MultiDiGraph, center: str | None = None) -> str:
    """A DOT document of ``graph`` (part of ``kg.graph``), ``center`` drawn bold. A
    neighbourhood is drawn left to right (``dot``); a whole graph, or one without a
    centre, is laid out by forces (``sfdp``), which keeps a large graph compact."""
    from kgraph.view.palette import looks

    schema = kg.schema
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes))}
    counts: dict[str, int] = {}
    for node in graph.nodes:
        etype = str(graph.nodes[node].get("type", ""))
        counts[etype] = counts.get(etype, 0) + 1
    palette = looks(schema, counts)
    if center is not None:
        name = kg.graph.nodes[center].get("name", center)
        title = f"{name}: neighbourhood"
        layout = "rankdir=LR, nodesep=0.25, ranksep=0.6"
    else:
        title = "kgraph"
        layout = ('layout=sfdp, overlap=prism, overlap_scaling=-4, sep="+6", '
                  "splines=curved, K=1.2")
    out = [
        "digraph kgraph {",
        (f'  graph [{layout}, bgcolor="white", pad=0.3, '
         f"fontname={quote(FONT)}, fontsize=14, labelloc=t, label={quote(title)}];"),
        (f'  node [shape=box, style="rounded,filled", fontname={quote(FONT)}, fontsize=11, '
         'margin="0.12,0.06", penwidth=1];'),
        (f'  edge [fontname={quote(FONT)}, fontsize=9, color="#8a94a6", '
         'fontcolor="#4b5563", arrowsize=0.7];'),
    ]
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        etype = str(attrs.get("type", ""))
        fill = palette[etype].colour
        lines = _wrap(str(attrs.get("name", node)))
        lines.append(f"({schema.label(etype)})")
        extra = ', penwidth=3, color="#1f2430", fontsize=13' if node == center else ""
        out.append(f"  {ids[node]} [label={_label(lines)}, fillcolor=\"{fill}\", "
                   f"color=\"{fill}\", fontcolor=\"{_ink(fill)}\", "
                   f"tooltip={quote(attrs.get('name', node), TOOLTIP_BACKSLASH)}{extra}];")
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


def picture_for(selected: Selected, fmt: str) -> bytes:
    """The picture of a selection (see :mod:`kgraph.select`) as ``fmt`` (svg, png, pdf)."""
    return render_dot(to_dot(selected.whole, selected.kg.graph, selected.centre), fmt)


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
