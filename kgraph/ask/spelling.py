"""Words typed with a slip: "the US Atorney for the Midle Distrct of Florida", "what
programe gives Mexico tools to eradicate opium popy?". A word that is neither English (by
lemminflect's dictionary) nor one the data uses, and is a letter or two from exactly one
word the data does use (its names' and descriptions' words, the words of its relations and
types), is read as that word, before anything else reads the question; the answer's notes
say so. Names with a typo are found as names too (:mod:`kgraph.ask.fuzzy`); this reads the
ordinary words around them ("Atorney", "Secretery", "Inititive"), which a name lookup
cannot, since no name is spelt with them alone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]{4,}(?![\w'’-])")


def _allowed(word: str) -> int:
    """How many slips a word of this length may have: one up to six letters, two from
    seven (a transposed pair is one)."""
    return 1 if len(word) <= 6 else 2


def _nearest(word: str, lex: Lexicon, around: tuple[str, str]) -> str | None:
    """The one word of the data's vocabulary a few slips from ``word``; None when there is
    none, or several equally near that neither the words ``around`` it (a name the data
    has: "Secretary of Stat" is "state", not "start") nor the letters typed (all of one
    word's, in order: "trafiking" is "trafficking", not "training") choose between (a
    guess between words is no reading)."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    from kgraph.ask.words import FUNCTION_WORDS, PREPOSITIONS

    limit = _allowed(word)
    found: dict[str, int] = {}
    for pool in (lex.index.keys(), lex.forms.keys(), tuple(FUNCTION_WORDS | PREPOSITIONS)):
        for key, dist, _ in process.extract(word, pool,
                                            scorer=DamerauLevenshtein.distance,
                                            score_cutoff=limit, limit=None):
            if key.isalpha() and len(key) >= 4 and key[0] == word[0]:
                found[key] = min(dist, found.get(key, dist))
    if not found:
        return None
    best = min(found.values())
    # a plural or a form of one word is the same word ("programme", "programmes")
    near: dict[str, str] = {}
    for k in sorted((k for k, d in found.items() if d == best), key=len):
        near.setdefault(lex.lemma(k), k)
    for choose in (lambda w: _in_a_name(lex, w, around), lambda w: _typed_within(word, w)):
        if len(near) > 1:
            near = {h: w for h, w in near.items() if choose(w)} or near
    return next(iter(near.values())) if len(near) == 1 else None


def _in_a_name(lex: Lexicon, word: str, around: tuple[str, str]) -> bool:
    """True when ``word`` with the word before or after it (words such as "of" aside) is
    part of a name or description the data has."""
    for node in lex.index.get(word, {}):
        for _, words in lex.fields.get(node, ()):
            for k, w in enumerate(words):
                if w == word and (k and words[k - 1] == around[0]
                                  or k + 1 < len(words) and words[k + 1] == around[1]):
                    return True
    return False


def _typed_within(typed: str, word: str) -> bool:
    """True when every letter typed is in ``word``, in order (letters left out)."""
    letters = iter(word)
    return all(c in letters for c in typed)


def respelt(kg: KnowledgeGraph, lex: Lexicon, question: str) -> tuple[str, list[str]]:
    """``question`` with its slips read as the words they are near, and a note for each
    ("read 'Atorney' as 'attorney'")."""
    from kgraph.ask.lexicon import english
    from kgraph.ask.parse import place_adjective
    from kgraph.ask.words import ABBREVIATIONS, FUNCTION_WORDS, PREPOSITIONS, QUOTED, lemma_guess

    words = [(m.start(), m.group().lower()) for m in re.finditer(r"[A-Za-z]+", question)]
    place = {start: k for k, (start, _) in enumerate(words)}

    def word_at(k: int, step: int) -> str:  # the next word that is no "of" (as read so far)
        while 0 <= k < len(words) and words[k][1] in FUNCTION_WORDS:
            k += step
        return notes.get(words[k][0], words[k][1]) if 0 <= k < len(words) else ""

    # words in quotation marks are text to look for as typed ("the motto 'mata, viola'")
    quoted = [(q.start(), q.end()) for q in QUOTED.finditer(question)]
    own = FUNCTION_WORDS | PREPOSITIONS  # (the question's own words)
    notes: dict[int, str] = {}
    for _ in range(2):  # (again: a tie's neighbour may have been a slip itself,
        # "Prosecuter Generl")
        for m in _WORD.finditer(question):
            typed = m.group()
            word = typed.lower()
            if m.start() in notes or any(a <= m.start() < b for a, b in quoted) \
                    or word in own or word in ABBREVIATIONS \
                    or typed.isupper() or any(w in lex.forms or w in lex.index
                                              for w in (word, lemma_guess(word))) \
                    or any(english(w) for w in (word, lemma_guess(word))):
                continue  # (a form of a word known: "bankrolled", "kitting", "feds"; the
                # data's own words first: English is read only for the others)
            k = place[m.start()]
            near = _nearest(word, lex, (word_at(k - 1, -1), word_at(k + 1, 1)))
            if near is None or place_adjective(kg, word):
                continue  # ("Honduran" is no slip for "Honduras")
            notes[m.start()] = near
    if not notes:
        return question, []
    out, last = [], 0
    for m in _WORD.finditer(question):
        if m.start() in notes:
            near = notes[m.start()]
            out += [question[last:m.start()], near.capitalize() if m.group()[0].isupper() else near]
            last = m.end()
    return "".join(out) + question[last:], [
        f"read '{m.group()}' as '{notes[m.start()]}'" for m in _WORD.finditer(question)
        if m.start() in notes]
