"""Plain-text answers for `kgraph ask` when its output goes to a pipe or a file.

No rich here: a script reading the answer gets simple, stable lines, and the command does
not pay for loading the terminal renderer.
"""

from __future__ import annotations

import sys
import textwrap
from typing import Any

INDENT = "   "


def _entity(e: dict[str, Any]) -> str:
    text = f"{e['name']} [{e.get('type_label') or e['type']}]"
    when = e.get("date") or (f"{e['start']} to {e['end']}" if e.get("start") and e.get("end")
                             else e.get("start") or "")
    return f"{text} {when}" if when else text


def _quote(ev: dict[str, Any]) -> str:
    title = ev.get("title") or ev["source"]
    return f"“{ev['quote']}” — {title}"


def _wrap(text: str, indent: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent,
                         subsequent_indent=indent + " ", break_on_hyphens=False) or [indent]


def answer(result: dict[str, Any], width: int = 100) -> str:
    """The whole answer as text: how the question was understood, then each answer with
    the relation that makes it one and its first piece of evidence."""
    lines = _wrap(f"Understood: {result['interpretation']['text']}", "", width)
    detail = result.get("detail") or {}
    if result["interpretation"]["intent"] == "path" and detail.get("paths"):
        for i, path in enumerate(detail["paths"], 1):
            names = " → ".join(hop["from"]["name"] for hop in path["hops"])
            names += " → " + path["hops"][-1]["to"]["name"]
            lines += _wrap(f"#{i} ({path['length']} hop(s)): {names}", "", width)
            for hop in path["hops"]:
                for rel in hop["relations"]:
                    lines += _wrap(rel["sentence"], INDENT, width)
                    for ev in rel["evidence"][:1]:
                        lines += _wrap(_quote(ev), INDENT * 2, width)
        return "\n".join(lines) + "\n"
    for i, a in enumerate(result["answers"], 1):
        lines += _wrap(f"{i}. {_entity(a)}", "", width)
        if a.get("how"):
            lines += _wrap(a["how"], INDENT, width)
        if a.get("description") and not a.get("how"):
            lines += _wrap(a["description"], INDENT, width)
        for key, value in (a.get("attributes") or {}).items():
            lines += _wrap(f"{key.replace('_', ' ')}: {value}", INDENT, width)
        evs = a.get("evidence") or []
        for ev in evs[:1]:
            lines += _wrap(_quote(ev), INDENT, width)
        if len(evs) > 1:
            lines.append(f"{INDENT}(+{len(evs) - 1} more; see --json)")
    return "\n".join(lines) + "\n"


def print_answer(result: dict[str, Any]) -> None:
    import os

    try:
        width = max(40, int(os.environ.get("COLUMNS", "100")))
    except ValueError:
        width = 100
    from kgraph.cli.console import safe_data

    sys.stdout.write(answer(safe_data(result), width))
    sys.stdout.flush()
