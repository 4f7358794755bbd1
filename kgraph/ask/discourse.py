"""A question put after a statement it points back to: "The TCO Working Group grew out of
an executive order. Which president issued it?", "OPDAT seized on the momentum of the
Cartagena summit. What did it lead to?".

The pointing word ("it", "they", "there", ...) may stand for any of the statement's
things: a thing it brings in without naming it ("an executive order": the executive order
that the working group grew out of), one it names (the latest first), or its subject,
whole. Each is put in the pointing word's place in turn, and the first question that
reads whole (no text match, nothing left out or partial) is answered; the statement is
said in passing, not checked. None reads whole: the question is read as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kgraph.ask.dates import TIME_LEADS
from kgraph.ask.naming import one_name, phrase_atoms
from kgraph.ask.topic import PERSONAL, POINTER, POINTING, WH, first_whole

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


# sentences: after a full stop (or a mark) and before a capital; after a question mark,
# before any word
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'\u2018\u201c(]?[A-Z])|(?<=\?)\s+(?=[a-z])")
# two parts of a question set apart by a dash or a semicolon
_APART = re.compile(r"\s+[-\u2013\u2014]+\s+|;\s+")
# a thing a statement brings in at its end without naming it ("... grew out of an order.")
_INDEFINITE = re.compile(r"\b(?:a|an)\s+(?P<noun>(?:[\w'\u2019-]+\s+){0,3}?[\w'\u2019-]+)"
                         r"\s*[.!]?\s*$", re.IGNORECASE)
# a thing a statement brings in as one of several ("one of the three countries")
_ONE_OF = re.compile(r"\bone of (?:the |its |their |these |those )?(?:[\w'\u2019-]+ )?"
                     r"(?P<noun>[a-z]+s)\b\s*")
# a pointing phrase: "that country", "this meeting"
_DEMONSTRATIVE = re.compile(r"\b(?:that|this|the same)\s+(?P<noun>[a-z]+)\b(?!\s+(?:is|was|of)\b)")
# atoms a name's phrase may begin with, before the name ("the 6-7 Dec 2017 Cartagena summit")
_BEFORE_NAME = ("filler", "number", "date")
MAX_TRIED = 4  # readings tried, of the things pointed back to


def referents(kg: KnowledgeGraph, statement: str, plural: bool = False) -> list[str]:
    """The things ``statement`` speaks of that a later word may point back to, the likelier
    first: one it brings in at its end without naming it, then the names, the latest
    first (for a plural pointing word, "they", the names together first)."""
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    out = []
    m = _INDEFINITE.search(statement)
    before = statement[:m.start()].strip() if m else ""
    if m and len(before.split()) >= 2:  # "an executive order": the one the statement says
        out.append(f"the {m.group('noun')} that {_inside(before)}")
    lex = lexicon(kg)
    one = _ONE_OF.search(statement)
    if one is not None:  # "X describes one of the three countries as ...": which one
        rest = (statement[:one.start()] + statement[one.end():]).strip(" .!")
        out.append(f"the {lex.lemma(one.group('noun').lower())} that {_inside(rest)}")
    tokens, atoms = parse.atoms(kg, statement, lex)[:2]
    named = []
    for k, a in enumerate(atoms):
        if a.kind == "date" and a.period is not None:
            named += _timed(kg, statement, tokens[a.start:a.end])
            continue
        if a.kind != "entity":
            continue
        j = k
        while j > 0 and atoms[j - 1].kind in _BEFORE_NAME:
            j -= 1
        start = tokens[atoms[j].start].start
        named.append(_inside(statement[start:tokens[a.end - 1].end]))
    if plural and len(dict.fromkeys(named)) > 1:
        out.append(" and ".join(dict.fromkeys(named)))
    out += dict.fromkeys(named[::-1])  # (the latest first)
    # and the statement's subject, whole ("The first of the six-monthly meetings took
    # place in May": the first of them)
    verb = next((a for a in atoms if a.kind == "relation"), None)
    if verb is not None and verb.start >= 2:
        subject = _inside(statement[:tokens[verb.start].start].strip())
        if subject not in out:
            out.append(subject)
    return out


def _timed(kg: KnowledgeGraph, statement: str, tokens: list[Token]) -> list[str]:
    """The event a time is said by ("after the Cartagena summit": the Cartagena summit), as
    the statement names it; none for a time said by a date ("after June")."""
    k = 0
    while k < len(tokens) - 1 and tokens[k].norm in TIME_LEADS:
        k += 1
    if k == 0:
        return []
    k -= tokens[k - 1].norm == "the"  # (its article kept: "the Cartagena summit")
    phrase = statement[tokens[k].start:tokens[-1].end]
    return [phrase] if one_name(kg, phrase) is not None else []


def _said(kg: KnowledgeGraph, statement: str) -> bool:
    """The statement says something of what it names: a verb, or a word, not names alone."""
    return any(a.kind in ("relation", "word") for a in phrase_atoms(kg, statement))


def _person(kg: KnowledgeGraph, phrase: str) -> bool:
    """The phrase names a person, alone."""
    name = one_name(kg, phrase)
    return name is not None and all(
        kg.schema.is_a(str(kg.graph.nodes[i].get("type", "")), "person")
        for i in name.ids if i in kg.graph)


def _inside(phrase: str) -> str:
    """``phrase`` as said inside a sentence: a capital "The" that began one made small."""
    return "the" + phrase[3:] if phrase.startswith("The ") else phrase


def follow_up(question: str) -> tuple[str, str] | None:
    """What is said (or asked whether) first, and the question after it that asks who,
    what, when or where ("Did X attend Y? Who else from Z was there?"); None for a question
    of one sentence, or one whose first sentence asks who or what itself."""
    sentences = _SENTENCE.split(question.strip())
    if len(sentences) < 2:
        # or two questions set apart by a dash or a semicolon, the second pointing back
        # ("what was X for - where did it take shape?"), or a statement and a question
        # that points back to it ("I read that X spoke - what's his title?")
        parts = [p.strip() for p in _APART.split(question.strip())]
        if len(parts) != 2 or not POINTER.search(parts[1]) or not WH.match(parts[1]):
            return None
        sentences = [parts[0].rstrip("?") + "?" if WH.match(parts[0]) else parts[0], parts[1]]
    asked, said = sentences[-1], " ".join(sentences[:-1])
    if not WH.match(asked) or WH.match(said) and not (said.rstrip().endswith("?")
                                                      and POINTER.search(asked)):
        return None
    return said, asked


def pointed_back(kg: KnowledgeGraph, question: str, read: Reader,
                 unread: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered with the thing its statement speaks of in its pointing word's
    place, or None when it is not so shaped or no such reading is whole (``unread``: the
    errors of a question not read or found)."""
    found = follow_up(question)
    if found is None:
        return None
    said, asked = found
    pointers = list(POINTER.finditer(asked))
    if not WH.search(asked) or not said.endswith("?") and not _said(kg, said) \
            and len(_SENTENCE.split(question.strip())) < 2:
        return None  # (names alone before a dash are a topic: "X and Y - how are they ...")
    # (a question asked first is not answered: "Did X attend Y? Who else was there?")
    first = "asked first, not answered here" if said.rstrip().endswith("?") \
        else "said first, in passing, not checked"
    if len(pointers) == 1:
        form = POINTING[pointers[0].group(0).lower()]
        plural = pointers[0].group(0).lower() in ("they", "them", "their")
        at: re.Match[str] = pointers[0]
        things = referents(kg, said, plural)
        if pointers[0].group(0).lower() in PERSONAL:  # ("his": a person's, first)
            things.sort(key=lambda t: not _person(kg, t))
        things = things[:MAX_TRIED]
    else:
        # "... one of the three countries ... . Who was that country's attorney
        # general?": a phrase pointing back to a thing of its noun the statement brings in
        shown = list(_DEMONSTRATIVE.finditer(asked))
        nouns = {d.group("noun") for d in shown}
        things = [t for t in referents(kg, said) if t.split()[1:2] and t.split()[1] in nouns]
        if len(shown) != 1 or pointers or not things:
            return None
        at, form = shown[0], "{t}"

    def tried() -> Iterator[tuple[str, str]]:
        for thing in things:
            again = asked[:at.start()] + form.format(t=thing) + asked[at.end():]
            yield again, (f"read as: '{again}' ('{thing}' in place of the word pointing "
                          f"back; '{said}' {first})")

    return first_whole(question, tried(), read, unread)
