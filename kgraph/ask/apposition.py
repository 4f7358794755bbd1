"""Words written before a name that say which one it is. A title before a person's name is
the person ("Colombia's attorney general Néstor Humberto Martínez", "U.S. Attorney Maria
Chapa Lopez", "Mexican foreign minister Luis Videgaray"): one mention, not two entities
joined. An ordinal before a series' name is the part of that rank ("the 1st TCO working
group": its first meeting).

The words before the name are taken in when each is a word of the person's own role, office
or names, or names a place that title is of; at least one must be a title's word, or the place be
said as the person's own ("Mexico's Alberto Elías Beltrán"); a nationality alone says
less: "the Colombian Claudia Carrasquilla" is left as it is."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph import queries as q
from kgraph.ask.plan import is_place
from kgraph.ask.words import FUNCTION_WORDS, same_word
from kgraph.graph import neighbour_ids
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

TITLE_ATOMS = ("word", "type", "end", "entity")  # (a verb is no title: "is headed by X")
MAX_NEAR = 200  # a person linked to more is read no further for the place of a title


def appositions(kg: KnowledgeGraph, lex: Lexicon, tokens: list[Token], atoms: list[Atom]
                ) -> list[Atom]:
    """``atoms`` with each title before a person's name taken into the name's mention."""
    out = list(atoms)
    k = len(out) - 1
    while k > 0:
        person = _person(kg, out[k])
        if person is None:
            k -= 1
            continue
        title = _title_words(kg, lex, person)
        j = k
        titled = False
        while j > 0:
            before = out[j - 1]
            if before.end != out[j].start or before.kind not in TITLE_ATOMS:
                break
            if before.kind == "entity" and _of_title(kg, before, person, title):
                # a place the title is of, or an office the person holds; a place's
                # possessive right before the name says whose the person is ("Mexico's
                # Alberto Elías Beltrán"), a nationality alone says less
                titled = titled or not all(is_place(kg, n) for n in before.ids) or (
                    before.possessive and j == k)
            elif before.kind != "entity" and _words_of_title(tokens, before, title):
                titled = True
            else:
                break
            j -= 1
        if titled and j < k:
            first = out[j]
            out[j:k + 1] = [replace(out[k], start=first.start,
                                    text=" ".join(a.text for a in out[j:k + 1]))]
            k = j
        k -= 1
    return out


def _person(kg: KnowledgeGraph, a: Atom) -> str | None:
    if a.kind != "entity" or len(a.ids) != 1 or a.ids[0] not in kg.graph:
        return None
    node = a.ids[0]
    return node if kg.schema.is_a(kg.graph.nodes[node].get("type", ""), "person") else None


def _title_words(kg: KnowledgeGraph, lex: Lexicon, person: str) -> set[str]:
    """The words of the person's roles, names and aliases, and of the offices held."""
    words = {w for weight, field in lex.fields.get(person, []) if weight >= 2 for w in field}
    for other, (_, _, key, attrs) in q.edges_of(kg, person, "out"):
        if attrs.get("type", key) == "holds_office":
            words |= {w for weight, field in lex.fields.get(other, []) if weight >= 2
                      for w in field}
    return words


def _words_of_title(tokens: list[Token], a: Atom, title: set[str]) -> bool:
    words = [t.norm for t in tokens[a.start:a.end] if t.norm not in FUNCTION_WORDS]
    return bool(words) and all(any(same_word(w, x) for x in title) for w in words)


def _of_title(kg: KnowledgeGraph, a: Atom, person: str, title: set[str]) -> bool:
    if person in a.ids:
        return True  # ("Attorney General" read as its holder)
    held = {o for o, (_, _, key, attrs) in q.edges_of(kg, person, "out")
            if attrs.get("type", key) == "holds_office"}
    if held & set(a.ids):
        return True
    if not all(is_place(kg, n) for n in a.ids if n in kg.graph):
        return False
    for n in a.ids:  # "Colombia's", "U.S.": a place the title names
        attrs = kg.graph.nodes.get(n, {})
        for name in (attrs.get("name", n), *(attrs.get("aliases") or ())):
            words = [w for w in fold(str(name)).split() if w not in FUNCTION_WORDS]
            if words and all(any(same_word(w, x) for x in title) for w in words):
                return True
    # "Mexican foreign minister": the place of what the person is linked to
    near = {o for o, _ in q.edges_of(kg, person, "both")}
    if len(near) <= MAX_NEAR:
        near |= {o2 for o in list(near) for o2, _ in q.edges_of(kg, o, "out")
                 if is_place(kg, o2)}
    return bool(near & set(a.ids))


ORDINALS = {"first": "first", "second": "second", "third": "third", "fourth": "fourth",
            "fifth": "fifth", "sixth": "sixth", "last": "last", "1st": "first",
            "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "6th": "sixth"}


def ordinals(kg: KnowledgeGraph, tokens: list[Token], atoms: list[Atom]) -> list[Atom]:
    """``atoms`` with each ordinal before a name taken into it: the name itself when it
    has that ordinal, else the one of its parts whose name has it."""
    out = list(atoms)
    for k in range(len(out) - 2, -1, -1):
        a, name = out[k], out[k + 1]
        if a.kind != "word" or a.word not in ORDINALS or name.kind != "entity" \
                or name.start != a.end:
            continue
        rank = ORDINALS[a.word]
        own = [n for n in name.ids if rank in _name_words(kg, n)]
        composing = [r for r, rt in kg.schema.relation_types.items() if rt.composition]
        parts = [p for n in name.ids if n in kg.graph
                 for p in neighbour_ids(kg.graph, n, "pred", composing)
                 if rank in _name_words(kg, p)]
        ids = own or sorted(set(parts))
        if ids:
            out[k:k + 2] = [replace(name, start=a.start, ids=ids, text=f"{a.text} {name.text}")]
    return out


def _name_words(kg: KnowledgeGraph, node: str) -> set[str]:
    attrs = kg.graph.nodes.get(node, {})
    return {ORDINALS.get(w, w) for name in (attrs.get("name", node),
                                            *(attrs.get("aliases") or ()))
            for w in fold(str(name)).split()}
