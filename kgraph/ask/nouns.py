"""Relation words in a noun's place: a word the lexicon knows as a relation ("talks",
"visit", "named") read as the noun or the describing word it is where it stands ("which
division of X", "which named individuals", "what earlier talks did X build upon",
"Videgaray's visit", "the US-Mexico talks")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import ARTICLES, PREPOSITIONS

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.words import Token

DETERMINER_WH = ("which", "what", "whose", "how")  # question words before a noun


def as_word(a: Atom, tokens: list[Token]) -> Atom:
    """``a`` read as a plain word (a relation word that is a noun where it stands)."""
    return Atom("word", a.start, a.end, a.text, word=tokens[a.start].norm,
                lemma=tokens[a.start].lemma)


def _types_of(lex: Lexicon, token: Token) -> list[str] | None:
    """The types ``token`` is a type word of, by its lemma or as typed."""
    return lex.types.get((token.lemma,)) or lex.types.get((token.norm,))


def as_nouns(lex: Lexicon, tokens: list[Token], found: list[Atom]) -> list[Atom]:
    """``found`` (sorted) with each relation word that stands in a noun's place read so."""
    for k, a in enumerate(list(found)):
        # "which division of the Justice Department": after a question word, a relation
        # phrase that starts with a type word is that type and its preposition
        if a.kind == "relation" and k and found[k - 1].kind == "wh" \
                and found[k - 1].word in ("which", "what") and a.end - a.start == 2 \
                and tokens[a.end - 1].norm in PREPOSITIONS:
            head = tokens[a.start]
            types = _types_of(lex, head)
            ends = lex.ends.get((head.lemma,)) or lex.ends.get((head.norm,))
            if types or ends:  # ("which part of DOJ": one of the parts, an end noun)
                found[k] = Atom("type", a.start, a.start + 1, head.norm, types=list(types)) \
                    if types else Atom("end", a.start, a.start + 1, head.norm,
                                       ends=list(ends or ()))
                found.insert(k + 1, Atom("prep", a.start + 1, a.end, tokens[a.end - 1].norm,
                                         word=tokens[a.end - 1].norm))
    for k, a in enumerate(found):
        # "which named individuals": between a question word and a type, a relation word
        # describes the type
        # (not after "who": "who attended meetings" has its verb)
        if a.kind == "relation" and 0 < k < len(found) - 1 and found[k - 1].kind == "wh" \
                and found[k - 1].word in DETERMINER_WH \
                and found[k + 1].kind in ("type", "end") and a.end - a.start == 1:
            found[k] = as_word(a, tokens)
    for k, a in enumerate(found):
        # "what earlier talks did X build upon": between a question word (and what describes
        # the answer) and an auxiliary, a relation word is the answer's noun
        if a.kind == "relation" and a.end - a.start == 1 and k + 1 < len(found) \
                and found[k + 1].kind == "aux" and k and any(
                    b.kind == "wh" for b in found[:k]) and all(
                    b.kind in ("word", "type", "filler") for b in found[
                        max(i for i, b in enumerate(found[:k]) if b.kind == "wh") + 1:k]):
            found[k] = as_word(a, tokens)
    for k, a in enumerate(found):
        # "what written outcome", "which planned meeting": a participle between the
        # question word and its noun describes the noun
        if a.kind == "relation" and a.end - a.start == 1 and 0 < k < len(found) - 1 \
                and found[k - 1].kind == "wh" and found[k - 1].word in DETERMINER_WH \
                and found[k + 1].kind in ("word", "type", "end") and found[k + 1].start == a.end and tokens[a.start].norm.endswith(("ed", "en")):
            found[k] = as_word(a, tokens)
    for k, a in enumerate(found):
        # "a longer-running initiative": the end of a hyphenated word before a noun is part
        # of an adjective, not a verb
        t = tokens[a.start]
        if a.kind == "relation" and a.end - a.start == 1 and a.start and t.start == t.end \
                and tokens[a.start - 1].start == t.start and k + 1 < len(found) \
                and found[k + 1].kind in ("type", "word", "end"):
            found[k] = as_word(a, tokens)
    for k, a in enumerate(found):
        # "Videgaray's visit": after a possessive, a relation word is a noun
        owner = k - 2 if k > 1 and found[k - 1].kind == "date" else k - 1  # ("his 2017 visit")
        if a.kind == "relation" and k and found[owner].possessive and a.end - a.start == 1:
            found[k] = as_word(a, tokens)
    for k, a in enumerate(found):
        # "the US-Mexico talks": after a name that has an article before it, a relation
        # word that is also a type word, with no object after it, is the phrase's noun
        if a.kind != "relation" or a.end - a.start != 1 or k < 2 \
                or found[k - 1].kind != "entity":
            continue
        j = k - 1
        while j > 0 and found[j - 1].kind in ("entity", "date", "number", "word"):
            j -= 1
        nxt = found[k + 1] if k + 1 < len(found) else None
        types = _types_of(lex, tokens[a.start])
        if types and j > 0 and found[j - 1].kind == "filler" \
                and found[j - 1].text.lower() in ARTICLES \
                and (nxt is None or nxt.kind not in ("entity", "filler", "date", "number")):
            found[k] = Atom("type", a.start, a.end, tokens[a.start].norm, types=list(types))
    return found
