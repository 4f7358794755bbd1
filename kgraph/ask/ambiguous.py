"""Where a name ends: a word that is a name as well as a word of the question's ("sessions":
meetings, and Jeff Sessions), read as the name where only a name can stand; and a name
followed by the rest of its full title ("the Second U.S.-Mexico Strategic Dialogue *on
Disrupting TCOs*"), read as one mention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import CONNECTION

if TYPE_CHECKING:
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


def type_or_name(kg: KnowledgeGraph, tokens: list[Token], found: list[Atom]) -> list[Atom]:
    """"When did sessions take office": a type word ("sessions", meetings) that is also a
    name ("Sessions"), right before a relation no entity of that type can be the source
    of, is the name."""
    from kgraph.resolve import index

    idx = index(kg)
    types = kg.schema.relation_types
    out = list(found)
    for k, a in enumerate(out):
        ids = idx.keys.get(a.text) if a.kind in ("type", "word") and a.end - a.start == 1 \
            else None
        if not ids:
            continue
        nxt = out[k + 1] if k + 1 < len(out) else None
        if nxt is not None and nxt.kind == "relation" and nxt.senses and a.kind == "type":
            sources = [t for r, forward in nxt.senses if r in types
                       for t in (types[r].source if forward else types[r].target)]
            named = not any(kg.schema.is_a(own, t) for own in a.types for t in sources)
        else:
            # "both sessions and beltran", "sessions' DOJ", "how is sessions linked to":
            # beside another name, a possessor, or what a connection is asked of (a
            # person's name only: a word for a type of thing otherwise)
            people = all(kg.schema.is_a(str(kg.graph.nodes[n].get("type", "")), "person")
                         for n in ids if n in kg.graph)
            named = people and (a.possessive or _beside_name(out, k) or (
                nxt is not None and tokens[nxt.start].norm in CONNECTION
                and k > 0 and out[k - 1].kind in ("copula", "aux")))
        if named:
            out[k] = Atom("entity", a.start, a.end, a.text, ids=sorted(ids), match="exact",
                          possessive=a.possessive)
    return out


def _beside_name(atoms: list[Atom], k: int) -> bool:
    """Whether ``atoms[k]`` is joined to a name by "and", "or", "nor" or a comma's list."""
    for step in (-1, 1):
        j = k + step
        joined = False
        while 0 <= j < len(atoms) and atoms[j].kind in ("filler", "and", "or", "both"):
            joined = joined or atoms[j].kind in ("and", "or")
            j += step
        if joined and 0 <= j < len(atoms) and atoms[j].kind == "entity" \
                and atoms[j].match != "adjective":
            return True
    return False


_TITLE_LINKS = frozenset({"on", "of", "for", "against", "to", "in"})


def titled_tails(kg: KnowledgeGraph, tokens: list[Token], taken: list[bool],
                 found: list[Atom]) -> list[Atom]:
    """Names followed by a preposition and capitalised words of the entity's own text ("the
    Strategic Dialogue on Disrupting TCOs": its description says "on Disrupting
    Transnational Criminal Organizations"), each as one mention with them."""
    from kgraph.ask.words import FUNCTION_WORDS, same_word
    from kgraph.text import fold

    out = sorted(found, key=lambda a: a.start)
    for atom in list(out):
        if atom.kind != "entity" or len(atom.ids) != 1 or atom.ids[0] not in kg.graph \
                or atom.end >= len(tokens) or tokens[atom.end].norm not in _TITLE_LINKS \
                or tokens[atom.end].capital or taken[atom.end]:
            continue
        j = atom.end + 1
        inside: list[Atom] = []
        while j < len(tokens) and tokens[j].capital and tokens[j].norm not in FUNCTION_WORDS:
            other = next((b for b in out if b.start == j), None) if taken[j] else None
            if taken[j] and (other is None or other.kind != "entity"):
                break
            if other is not None:
                inside.append(other)
                j = other.end
            else:
                j += 1
        if j == atom.end + 1:
            continue
        attrs = kg.graph.nodes[atom.ids[0]]
        own = " ".join(str(x) for x in (attrs.get("name", ""), *(attrs.get("aliases") or ()),
                                        attrs.get("description", ""),
                                        *(ev.get("quote", "") for ev in
                                          attrs.get("evidence") or ())))
        words = set(fold(own).replace("-", " ").split())
        tail = [tokens[i].norm for i in range(atom.end + 1, j) if not taken[i]]
        if not tail or not all(any(same_word(w, x) for x in words) for w in tail):
            continue  # (words of its own text only: another name's otherwise)
        for x in range(atom.end, j):
            taken[x] = True
        out = [b for b in out if b not in inside]
        atom.text = " ".join(t.norm for t in tokens[atom.start:j])
        atom.end = j
    return out
