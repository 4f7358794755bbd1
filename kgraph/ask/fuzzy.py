"""Names written with a typo: "Jeff Sesions", "Claudia Carasquilla", "the Trilateral Summmit
Against Transnational Organized Crime". Runs of capitalised words the exact lookup left,
or a long name over names it found, compared with every name and alias (rapidfuzz)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import FUNCTION_WORDS

if TYPE_CHECKING:
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


def same_ordinals(text: str, key: str) -> bool:
    """A name with a typo keeps its ordinal: "the third dialogue" is no typo of the first."""
    from kgraph.ask.apposition import ORDINALS

    return {ORDINALS[w] for w in text.split() if w in ORDINALS} == \
        {ORDINALS[w] for w in key.split() if w in ORDINALS}


def fuzzy_across(kg: KnowledgeGraph, tokens: list[Token], found: list[Atom],
                 taken: list[bool]) -> list[Atom]:
    """"The Trilateral Summmit Against Transnational Organized Crime": a typo in a long
    name, part of which is a name of its own ("Transnational Organized Crime") or a type's
    word ("the Transnatonal Criminal Organisations Workng Group"): a run of capitalised
    words over names or type words already found is one name when it is that name but for
    a letter or two (rapidfuzz ratio 92 or more) and longer than each name inside it."""
    from rapidfuzz import fuzz, process

    from kgraph.resolve import index

    out = list(found)
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].capital:
            i += 1
            continue
        j = i
        while j < n and (tokens[j].capital or tokens[j].norm in ("of", "de", "la", "del", "the")
                         and j + 1 < n and tokens[j + 1].capital):
            j += 1
        inside = [a for a in out if a.start >= i and a.end <= j]
        covered = {x for a in inside if a.kind == "entity" for x in range(a.start, a.end)}
        typed = any(a.kind == "type" for a in inside)  # ("Criminal Organisations Workng Group")
        if j - i >= 3 and (covered or typed) and len(covered) < j - i and all(
                a.kind in ("entity", "word", "filler", "prep", "type") for a in inside) and not any(
                a.start < j and a.end > j or a.start < i < a.end for a in out):
            text = " ".join(t.norm for t in tokens[i:j])
            best = process.extractOne(text, index(kg).key_list(), scorer=fuzz.ratio,
                                      score_cutoff=92)
            if best is not None and len(best[0].split()) >= j - i - 1:
                ids = sorted(index(kg).keys[best[0]])
                out = [a for a in out if a not in inside]
                out.append(Atom("entity", i, j, text, ids=ids, match="fuzzy", capital=True,
                                possessive=tokens[j - 1].possessive))
                taken[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return out


def fuzzy_names(kg: KnowledgeGraph, tokens: list[Token], taken: list[bool]) -> list[Atom]:
    """Names with a small typo ("Jeff Sesions", "Videgary"): runs of capitalised words
    not matched exactly, compared with every name and alias (rapidfuzz)."""
    from kgraph.resolve import index

    runs: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        if taken[i] or not tokens[i].capital or tokens[i].norm in FUNCTION_WORDS:
            i += 1
            continue
        j = i
        while j < n and not taken[j] and (tokens[j].capital or tokens[j].norm in ("of", "de",
                                                                                   "la", "del")):
            j += 1
        while j > i and tokens[j - 1].norm in ("of", "de", "la", "del"):
            j -= 1
        runs.append((i, j))
        i = j + 1
    if not runs:
        return []
    from rapidfuzz import fuzz, process

    keys = index(kg).key_list()
    atoms = []
    for i, j in runs:
        text = " ".join(t.norm for t in tokens[i:j])
        if len(text) < 4:
            continue
        best = process.extract(text, keys, scorer=fuzz.ratio, limit=3, score_cutoff=84)
        # every word right and one more in the name is not a typo ("Southland prosecutor",
        # "Southland Prosecutor's Office"): a shorter wording, which the words resolve
        best = [b for b in best if not set(text.split()) < set(b[0].split())  # (as above)
                and same_ordinals(text, b[0])]
        if not best:
            # a typo in one word of a longer name ("Claudia Carasquilla")
            best = [b for b in process.extract(text, keys, scorer=fuzz.token_set_ratio,
                                               limit=3, score_cutoff=90)
                    if len(b[0]) <= len(text) * 1.6 and same_ordinals(text, b[0])
                    and not (len(text.split()) > 1  # (a shorter wording of two words or
                             and set(text.split()) < set(b[0].split()))]  # more: no typo)
        if not best:
            continue
        top = best[0][1]
        ids = sorted({node for key, score, _ in best if score >= top - 1
                      for node in index(kg).keys[key]})
        atoms.append(Atom("entity", i, j, text, ids=ids, match="fuzzy", capital=True,
                          possessive=tokens[j - 1].possessive))
        for x in range(i, j):
            taken[x] = True
    return atoms
