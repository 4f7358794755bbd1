"""How the readings of a question are ranked (how much of it they use, whether they find
anything, how likely their shape is), and which words the chosen one leaves out that name
something, so that the question would be another one without them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.candidate import Candidate
    from kgraph.ask.words import Token


def score(c: Candidate, content: set[int], tokens: list[Token], head: set[int],
          asked: set[int]) -> None:
    """Set ``c``'s score and the words it leaves out (``content``: the question's words
    that say something; ``head``: the answer's noun and the relations; ``asked``: the
    type asked for)."""
    used = c.used & content
    missing = content - used
    coverage = len(used) / len(content) if content else 1.0
    c.ignored = [tokens[i].text for i in sorted(missing)]
    score = c.plan.prior + 3 * coverage
    if head & missing:
        score -= 1.0  # what the answer must be ("what district"), or a relation, left out
    if asked & missing or asked and c.untyped:
        score -= 1.0
    score += 1.5 if (c.answers or c.value is not None) else -3
    if len(c.answers) > 40:
        score -= 0.5
    if c.relaxed:
        score -= 1.5
    c.score = score


def unknown(lex: Any, tokens: list[Token], atoms: list[Atom], best: Candidate,
            content: set[int]) -> list[str]:
    """Content words the chosen plan leaves out that name something: a capitalised word,
    or a word this dataset does not use at all. Answering without them would answer
    another question."""
    out = []
    for k, a in enumerate(atoms):
        if a.kind not in ("word", "entity", "number") or any(i in best.used
                                                             for i in range(a.start, a.end)):
            continue
        if a.kind == "word" and a.capital and _modifier(atoms, k, best):
            continue  # "the Northern Triangle attorneys general": says which, left out (told)
        if a.match == "pronoun" and any(b.ids == a.ids and b.match != "pronoun" and any(
                i in best.used for i in range(b.start, b.end)) for b in atoms):
            continue  # a pronoun for a name the plan uses (it stood for another phrase)
        if a.kind == "entity" or a.capital or _ordinal_of_name(atoms, k):
            out.append(tokens[a.start].text if a.end - a.start == 1 else a.text)
    return out


def _ordinal_of_name(atoms: list[Atom], k: int) -> bool:
    """"the third Strategic Dialogue": an ordinal before a name says which one; left out,
    another one would be answered for."""
    from kgraph.ask.apposition import ORDINALS

    return atoms[k].kind == "word" and atoms[k].word in ORDINALS and k + 1 < len(atoms) \
        and atoms[k + 1].kind == "entity"


def _modifier(atoms: list[Atom], k: int, best: Candidate) -> bool:
    """The capitalised word ``atoms[k]`` only qualifies a noun after it that the chosen
    plan uses (a run of such words, then the noun: "Northern Triangle attorneys general"),
    so leaving it out narrows less; it does not name something else (a nationality does:
    a place the data does not hold)."""
    j = k
    while j < len(atoms) and atoms[j].kind == "word" and atoms[j].capital:
        if atoms[j].word.endswith(("an", "ese", "ish")):
            return False  # "the Venezuelan attorney general": of a place the data lacks
        j += 1
    return j > k and j < len(atoms) and atoms[j].kind in ("word", "type", "end") \
        and not atoms[j].capital and any(i in best.used for i in range(atoms[j].start,
                                                                           atoms[j].end))


def different(a: Candidate, b: Candidate) -> bool:
    """The two readings give other answers."""
    ids_a = [x["id"] for x in a.answers]
    ids_b = [x["id"] for x in b.answers]
    return ids_a != ids_b or a.value != b.value
