"""Colours and shapes for entity types in the view and in pictures, distinct for
colour-blind readers.

The colours are Paul Tol's "muted" qualitative scheme (https://personal.sron.nl/~pault/),
nine colours chosen to stay apart under the common forms of colour blindness. Nine
colours cannot tell apart every type of a rich schema, so a type is a pair (colour,
shape), and no two types shown together share a pair:

* types are grouped in families by their topmost parent type (``summit`` and ``meeting``
  are kinds of ``event``); the families, largest first, take the colours in turn;
* a family's types share its colour and differ by shape, the family's own type first
  (a disc);
* past nine families the colours come round again, with a shape that colour has not
  used yet.

So every type reads apart by its shape where colours are alike, the legend shows both,
and related types look related.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.schema import Schema

COLOURS = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
           "#882255", "#AA4499")
# Cytoscape.js shape names, in the order they are handed out
SHAPES = ("ellipse", "round-rectangle", "diamond", "triangle", "hexagon", "star", "vee",
          "round-pentagon", "barrel", "rhomboid", "octagon", "tag")


@dataclass(frozen=True)
class Look:
    colour: str
    shape: str


def family(schema: Schema, type_name: str) -> str:
    """The topmost parent type of ``type_name`` (itself when it has no parent)."""
    chain = schema.ancestors(type_name)
    return chain[-1] if chain else type_name


def looks(schema: Schema, counts: Mapping[str, int]) -> dict[str, Look]:
    """A distinct (colour, shape) for each type in ``counts`` (type -> how many entities),
    the same for the same types and counts."""
    families: dict[str, list[str]] = {}
    for name in counts:
        families.setdefault(family(schema, name), []).append(name)
    size = {f: sum(counts[t] for t in members) for f, members in families.items()}
    used: dict[str, set[str]] = {c: set() for c in COLOURS}
    out: dict[str, Look] = {}
    for i, fam in enumerate(sorted(families, key=lambda f: (-size[f], f))):
        colour = COLOURS[i % len(COLOURS)]
        depth = {t: len(schema.ancestors(t)) for t in families[fam]}
        members = sorted(families[fam], key=lambda t: (depth[t], -counts[t], t))
        for name in members:
            free = [s for s in SHAPES if s not in used[colour]]
            if not free:  # more types than colours x shapes: pairs repeat, in order
                used[colour].clear()
                free = list(SHAPES)
            used[colour].add(free[0])
            out[name] = Look(colour, free[0])
    return out
