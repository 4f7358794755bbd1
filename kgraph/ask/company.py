"""Who did it as well: "which events did Sessions attend together with Martínez", "which
countries signed the declaration along with Martínez".

The names after "together with", "along with", "alongside" or "jointly with" did what the
clause says as well. When the clause has a named subject ("did Sessions attend"), they are
coordinated with it: the answers are what both did ("Sessions and Martínez attended"). When
the answer itself is the subject ("which countries signed"), they only say who else did it:
the phrase is taken out of the question, and the entities it names are left out of the
answers (and the interpretation says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import phrase_at

if TYPE_CHECKING:
    from kgraph.ask.words import Token

# the words that say the names after them did it as well, and how many they are
LEADS = {("together", "with"): 2, ("along", "with"): 2, ("alongside",): 1,
         ("jointly", "with"): 2, ("in", "conjunction", "with"): 3}


@dataclass
class Company:
    """Names that did it as well, when they are not coordinated with a named subject."""

    ids: set[str] = field(default_factory=set)
    text: str = ""


def companions(tokens: list[Token], atoms: list[Atom]) -> tuple[list[Atom], Company]:
    """``atoms`` with each "together with X" coordinated with the clause's named subject,
    or taken out (and X returned, to be left out of the answers) when there is none."""
    out = list(atoms)
    found = Company()
    k = 0
    while k < len(out):
        size = phrase_at(tokens, out[k].start, LEADS)
        if not size:
            k += 1
            continue
        first = next((j for j in range(k, len(out)) if out[j].start >= out[k].start + size),
                     len(out))
        j = first
        while j < len(out) and out[j].kind in ("entity", "filler", "and"):
            j += 1
        while j > first and out[j - 1].kind in ("and", "filler"):
            j -= 1
        names = [a for a in out[first:j] if a.kind == "entity"]
        if not names:
            k += 1
            continue
        lead = Atom("and", out[k].start, out[first - 1].end,
                    " ".join(t.text for t in tokens[out[k].start:out[first - 1].end]),
                    word="and")
        subject = _subject(out[:k])
        moved = out[first:j]
        del out[k:j]
        if subject is None:
            found.ids |= {n for a in names for n in a.ids}
            found.text = " ".join(t.text for t in tokens[lead.start:moved[-1].end])
            continue
        out[subject + 1:subject + 1] = [lead, *moved]
        k += 1 + len(moved)
    return out, found


def _subject(atoms: list[Atom]) -> int | None:
    """Where the named subject of a question's clause is ("which events did *Sessions*
    attend"): a name right after the auxiliary that follows the question word."""
    for k, a in enumerate(atoms[:-1]):
        if a.kind == "aux" and any(b.kind == "wh" for b in atoms[:k]):
            rest = [b for b in atoms[k + 1:] if b.kind != "filler"]
            if rest and rest[0].kind == "entity":
                return atoms.index(rest[0])
            return None
    return None
