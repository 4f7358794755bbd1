"""Words the data has never heard of that say what is asked: "which interpol official",
"how many kilograms of carfentanil", "what was the budget of the working group". Left out,
another question would be answered (any official, any figure, anything of the working
group's); the question is refused with the words the data lacks."""

from __future__ import annotations

from itertools import takewhile
from typing import TYPE_CHECKING

from kgraph.errors import NotFound

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.candidate import Candidate
    from kgraph.ask.lexicon import Lexicon


def refuse(words: list[str]) -> None:
    """NotFound naming ``words``, when there are any."""
    if words:
        raise NotFound(f"the data has nothing on {', '.join(repr(w) for w in words)};"
                       " without it the question would be a different one")


def in_what_is_asked(lex: Lexicon, atoms: list[Atom], wh_at: tuple[int, int] | None,
                     noise: set[int]) -> list[str]:
    """The words of the question word's phrase (``wh_at``) the data has never heard of
    (``noise``: where they are), nor of a word a letter or two from them, and that are no
    English word: before its noun ("which interpol official"), or after "how many <unit>
    of" (what the figure would be of: "how many kilograms of carfentanil")."""
    from kgraph.ask.lexicon import english

    if wh_at is None or atoms[wh_at[0]].word not in ("which", "what", "how"):
        return []
    phrase = atoms[wh_at[0] + 1:wh_at[1]]
    of_what: list[Atom] = []
    if atoms[wh_at[0]].word == "how" and phrase and wh_at[1] + 1 < len(atoms) \
            and atoms[wh_at[1]].kind == "prep" and atoms[wh_at[1]].word == "of":
        of_what = list(takewhile(lambda a: a.kind in ("word", "filler"), atoms[wh_at[1] + 1:]))
    return [a.text for k, a in enumerate(phrase + of_what)
            if a.kind == "word" and a.start in noise and not a.capital
            and (a in of_what or any(b.kind in ("type", "end") for b in phrase[k + 1:]))
            and not lex.near_known(a.word) and not english(a.word)]


def asked_of_a_name(lex: Lexicon, found: list[Candidate]) -> list[str]:
    """"What was the budget of X": the last word of what the readings ask of a name, with
    no type, that the data has never heard of (a text match would answer with whatever
    has the name's words)."""
    return list(dict.fromkeys(s.words[-1] for c in found if c.plan.sets
                              for s in [c.plan.sets[c.plan.answer]]
                              if s.of_named and not s.types and s.words
                              and not lex.known(s.words[-1])))
