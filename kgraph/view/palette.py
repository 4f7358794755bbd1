"""Colours and shapes for entity types in the view and in pictures, distinct for
colour-blind readers.

The colours are Paul Tol's (https://personal.sron.nl/~pault/): his "muted" qualitative
scheme, nine colours chosen to stay apart under the common forms of colour blindness, then
four more from his "vibrant" and "light" schemes (blue, pink, red, orange) picked so that
the thirteen still do: under simulated protanopia, deuteranopia and tritanopia (Machado et
al. 2009, full severity), no two of them, nor the pale grey below, come closer than
CIEDE2000 7.5, as close as two colours of Tol's own "light" scheme
(``tests/test_view_html.py`` checks it). More colours than that would no longer stay
apart, so:

* types are grouped in families by their topmost parent type (``summit`` and ``meeting``
  are kinds of ``event``);
* the thirteen largest families (by how many entities are shown) take a colour each, the
  largest first, so the common types never look like one another;
* the rarer families share one colour, ``SHARED`` (the pale grey of the "muted" scheme),
  and are told apart by shape; a rare type never takes a common family's colour unless
  the grey has run out of shapes;
* a family's types share its colour (related types look related) and differ by shape,
  the family's own type first (a disc).

So no two types shown together share a (colour, shape) pair, the legend shows both, and
colour alone tells the common families apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.schema import Schema

MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
         "#882255", "#AA4499")
# vibrant blue, light pink, vibrant red, light orange: each as far from the rest, under
# the colour blindnesses, as Tol's colours allow
MORE = ("#0077BB", "#FFAABB", "#CC3311", "#EE8866")
# one colour each for the largest families, in this order
COLOURS = MUTED + MORE
# the colour the rarer families share
SHARED = "#DDDDDD"
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
    used: dict[str, set[str]] = {c: set() for c in (*COLOURS, SHARED)}
    out: dict[str, Look] = {}
    for i, fam in enumerate(sorted(families, key=lambda f: (-size[f], f))):
        depth = {t: len(schema.ancestors(t)) for t in families[fam]}
        members = sorted(families[fam], key=lambda t: (depth[t], -counts[t], t))
        if i < len(COLOURS):
            colour = COLOURS[i]
        else:
            # the grey, or once its shapes are taken, the colour of the smallest common
            # family with room for the whole family (else the one with the most room)
            room = [SHARED, *reversed(COLOURS)]
            colour = next((c for c in room if len(SHAPES) - len(used[c]) >= len(members)),
                          max(room, key=lambda c: len(SHAPES) - len(used[c])))
        for name in members:
            free = [s for s in SHAPES if s not in used[colour]]
            if not free:  # more types than colours x shapes: pairs repeat, in order
                used[colour].clear()
                free = list(SHAPES)
            used[colour].add(free[0])
            out[name] = Look(colour, free[0])
    return out
