"""One piece of a question: a name, a relation phrase, a type word, a date, a structural
word (see :mod:`kgraph.ask.parse`, which makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Atom:
    """A run of tokens ``[start, end)`` and what it means."""

    kind: str  # entity, relation, type, end, date, attribute, wh, aux, copula, prep, and,
    # or, both, rel (a relative marker), not, imperative, number, word, filler
    start: int
    end: int
    text: str
    ids: list[str] = field(default_factory=list)  # entity
    match: str = ""  # entity: exact, words, fuzzy
    senses: list[tuple[str, bool]] = field(default_factory=list)  # relation
    types: list[str] = field(default_factory=list)  # type
    ends: list[tuple[str, str]] = field(default_factory=list)  # end
    period: tuple[str, str] | None = None  # date
    attributes: list[str] = field(default_factory=list)  # attribute
    word: str = ""  # the folded word(s)
    lemma: str = ""
    capital: bool = False
    possessive: bool = False
    made_of: list[Atom] = field(default_factory=list)  # a guessed relation: its words
