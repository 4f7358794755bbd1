"""Two sets of place and time joined by "and": "Tillerson's meetings in Mexico in February
and in Washington in May" are the meetings in Mexico in February and those in Washington in
May, not meetings that were in both places at once; "met them in Mexico in February and
again in Washington in May" is met them in both. Read as the question asked of each (no
one reading holds two places or two times for one thing): the answers of either (the sets
say which things the question is about) or those of both (they say where and when it was
done); when either finds nothing, the question is read as typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.candidate import Reader
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

_PREPOSITIONS = ("in", "at", "on", "during")
_PLACED = ("entity", "date")
_AND = re.compile(r"\band\b|&", re.IGNORECASE)


def _pairs(atoms: list[Atom], k: int, step: int, place: Callable[[Atom], bool]) -> int:
    """How many (preposition, place or date) pairs run from ``atoms[k]`` on (``step``
    1) or back (``step`` -1)."""
    n = 0
    while True:
        prep, what = (k, k + 1) if step > 0 else (k - 1, k)
        if not (0 <= prep and what < len(atoms)) or atoms[prep].kind != "prep" \
                or atoms[prep].word not in _PREPOSITIONS or atoms[what].kind not in _PLACED \
                or atoms[what].kind == "entity" and not place(atoms[what]):
            return n
        n += 1
        k += 2 * step


# words that may stand between "and" and the second set ("and again in Washington")
_BETWEEN = ("again", "also", "then", "later", "too")


def conjuncts(kg: KnowledgeGraph, lex: Lexicon, question: str
              ) -> tuple[str, str, bool] | None:
    """The question asked of each set of place and time "and" joins, and whether the
    answers are those of either (the sets say which things: "meetings in A and in B") or
    of both (they say where and when something was done: "met X in A and again in B");
    None when it joins none (or joins unlike ones: "in Mexico and in May"; parsed only
    when it has an "and")."""
    from kgraph.ask import parse
    from kgraph.ask.plan import is_place

    if not _AND.search(question):
        return None
    tokens, atoms = parse.atoms(kg, question, lex)

    def place(a: Atom) -> bool:
        return all(is_place(kg, n) for n in a.ids)

    for k, a in enumerate(atoms):
        if a.kind != "and" or k == 0 or any(b.kind == "both" for b in atoms[:k]):
            continue  # ("both in X and in Y": the grammar's)
        j = k + 1
        while j < len(atoms) and atoms[j].word in _BETWEEN:
            j += 1
        after = _pairs(atoms, j, 1, place)
        if not after or _pairs(atoms, k - 1, -1, place) < after:
            continue
        first = atoms[k - 2 * after:k]
        second = atoms[j:j + 2 * after]
        if [x.kind for x in first] != [x.kind for x in second] or k - 2 * after < 1:
            continue
        lo, mid = tokens[first[0].start].start, tokens[first[-1].end - 1].end
        hi = tokens[second[-1].end - 1].end
        right = tokens[second[0].start].start
        either = atoms[k - 2 * after - 1].kind == "type"  # ("meetings in A and in B")
        return question[:mid] + question[hi:], question[:lo] + question[right:], either
    return None


def answered_each(question: str, parts: tuple[str, str, bool], read: Reader,
                  unread: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list[str]] | None:
    """The answers of either question (or those of both), the first's reading shown, with
    a note; of either, when one of them finds nothing (or only a text match, or a value),
    the other's, said to be partial; None when both do, or, where both are asked for,
    either does or the two have no answer in common."""
    found: list[tuple[dict[str, Any], list[str]] | None] = []
    either = parts[2]
    for text in parts[:2]:
        try:
            result, more = read(text)
        except unread:
            found.append(None)
            continue
        if result.get("match") == "text" or result.get("value") is not None \
                or not result.get("answers"):
            found.append(None)
            continue
        found.append((result, more))
    if either and found.count(None) == 1:  # (one of them found nothing: said so)
        k = found.index(None)
        result, more = found[1 - k] or ({}, [])
        result["partial"] = result.get("partial") or f"'{parts[k]}' found nothing"
        result.setdefault("notes", []).insert(
            0, f"read as two questions, the answers of either: '{parts[0]}' and "
               f"'{parts[1]}'")
        result["question"] = question
        return result, more
    first, second = found
    if first is None or second is None:
        return None
    (result, more), (other, more_other) = first, second
    if either:
        seen = {a["id"] for a in result["answers"]}
        result["answers"] += [a for a in other["answers"] if a["id"] not in seen]
        more = more + [m for m in more_other if m not in more]
        how = "the answers of either"
    else:
        common = {a["id"] for a in other["answers"]} | set(more_other)
        result["answers"] = [a for a in result["answers"] if a["id"] in common]
        more = [m for m in more if m in common]
        how = "the answers of both"
        if not result["answers"]:
            return None
    result.setdefault("notes", []).insert(
        0, f"read as two questions, {how}: '{parts[0]}' and '{parts[1]}'")
    result["question"] = question
    return result, more
