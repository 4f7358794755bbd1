"""A title that names a person the question also names by name: "which country's foreign
minister is Luis Videgaray?" The title is read as the office that person holds ("Foreign
Minister of Mexico"), not as the person a second time: a question that named him twice
would ask nothing of him."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph import queries as q

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.graph import KnowledgeGraph


def offices_named(kg: KnowledgeGraph, atoms: list[Atom]) -> list[Atom]:
    """``atoms`` with each title found by a role (see the module) standing for the offices
    of the person it would name, when another mention names that person."""
    named = {n for a in atoms if a.kind == "entity" and a.match != "role" for n in a.ids}
    out = []
    for a in atoms:
        twice = set(a.ids) & named if a.kind == "entity" and a.match == "role" else set()
        if twice:
            held = {o for n in twice for o, _ in q.edges_of(kg, n, "out", ["holds_office"])}
            ids = (set(a.ids) - twice) | held
            if ids:
                a = replace(a, ids=sorted(ids))
        out.append(a)
    return out
