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
    return f"“{unmark(ev['quote'])}” — {title}"


def unmark(text: str) -> str:
    """A quote without the markdown emphasis of its source (``**Jeff Sessions**``)."""
    return text.replace("**", "").replace("__", "")


def _head(result: dict[str, Any], width: int) -> list[str]:
    """How the question was understood, the same question as commands, what was left out,
    the value when the answer is one, and a close second reading."""
    interp = result["interpretation"]
    lines = _wrap(f"Understood: {interp['text']}", "", width)
    if interp.get("command"):
        lines += _wrap("Same as: " + " ; ".join(interp["command"]), "", width)
    for note in result.get("notes") or []:
        lines += _wrap(f"Note: {note}", "", width)
    if result.get("partial"):
        lines += _wrap(f"Partial answer: {result['partial']}", "", width)
    if result.get("value") is not None:
        value = result["value"]
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        lines += _wrap(f"Answer: {shown}", "", width)
    if result.get("match") == "text":
        lines += _wrap("(a text match: no relation in the graph answers this; these are the "
                       "passages that use its words)", "", width)
    for alt in result.get("alternatives") or []:
        names = ", ".join(a["name"] for a in alt.get("answers", [])[:3])
        lines += _wrap(f"Or did you mean: {alt['text']}? ({names or 'nothing found'}; "
                       f"{' ; '.join(alt.get('command', []))})", "", width)
    return lines


def _wrap(text: str, indent: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width``, each after the first indented one more
    space; only at spaces: a word longer than the line (an id, a web address) stays whole
    on a line of its own."""
    return textwrap.wrap(text, width=width, initial_indent=indent,
                         subsequent_indent=indent + " ", break_on_hyphens=False,
                         break_long_words=False) or [indent]


def answer(result: dict[str, Any], width: int = 100) -> str:
    """The whole answer as text: how the question was understood, then each answer with
    the relation that makes it one and its first piece of evidence."""
    lines = _head(result, width)
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
        for note in a.get("claim_notes") or []:  # inferred, attributed: said, with why
            lines += _wrap(f"({note})", INDENT, width)
        if a.get("description") and not a.get("how"):
            lines += _wrap(a["description"], INDENT, width)
        for key, value in (a.get("attributes") or {}).items():
            lines += _wrap(f"{key.replace('_', ' ')}: {value}", INDENT, width)
        evs = a.get("evidence") or []
        for ev in evs[:1]:
            lines += _wrap(_quote(ev), INDENT, width)
        if len(evs) > 1:
            lines.append(f"{INDENT}(+{len(evs) - 1} more; see --json)")
    from kgraph.cli.summary import left_summary

    more = left_summary(result, "answers")
    if more:
        lines += _wrap(more, "", width)
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
