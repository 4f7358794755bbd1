"""A place and a time said last, each set off by a comma, as notes are written: "who did
Videgaray meet, Washington, early December 2017?", "who attended, Cartagena, December?".
Each such part names only a place or only a date; together they narrow the question as
"in Washington in early December 2017" would, and are read so (the answer's notes give the
question as read). A place and a date after a name are that name's details instead ("the
second working group, Cartagena, June": see :func:`kgraph.ask.asides.details`), and are
left to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

# words a place or a date may be said with ("early December", "in Washington")
_WITH = frozenset({"in", "at", "on", "during", "around", "about"})


def _setting(kg: KnowledgeGraph, lex: Lexicon, part: str) -> str:
    """"place", "date" or "" for one part set off by commas: what it names, when that is
    all it names."""
    from kgraph.ask import parse
    from kgraph.ask.plan import is_place

    atoms = parse.atoms(kg, part, lex)[1]
    found = [a for a in atoms if not (a.kind in ("prep", "filler") and a.word in _WITH)]
    if len(found) != 1:
        return ""
    atom = found[0]
    if atom.kind == "date":
        return "date"
    if atom.kind == "entity" and atom.ids and all(is_place(kg, n) for n in atom.ids):
        return "place"
    return ""


def placed_last(kg: KnowledgeGraph, lex: Lexicon, question: str) -> str | None:
    """``question`` with the place and time said last after commas read into it ("who did
    Videgaray meet in Washington in early December 2017?"); None when it has none."""
    from kgraph.ask import parse

    body = question.rstrip().rstrip("?").rstrip()
    parts: list[str] = []
    for part in body.split(","):
        if parts and part.strip().isdigit():
            parts[-1] += "," + part  # ("December 6-7, 2017": one date)
        else:
            parts.append(part)
    if len(parts) < 2:
        return None
    k = len(parts)
    kinds: list[str] = []
    while k > 1 and len(kinds) < 2:
        kind = _setting(kg, lex, parts[k - 1].strip())
        if not kind or kind in kinds:
            break
        kinds.append(kind)
        k -= 1
    if not kinds:
        return None
    head = ",".join(parts[:k]).strip()
    atoms = parse.atoms(kg, head, lex)[1]
    if not atoms or atoms[-1].kind == "entity" or not any(a.kind == "wh" for a in atoms):
        return None  # (after a name: its details; no question word: not a question)
    said = []
    for part in parts[k:]:
        part = part.strip()
        said.append(part if part.split()[0].lower() in _WITH else f"in {part}")
    return f"{head} {' '.join(said)}?"
