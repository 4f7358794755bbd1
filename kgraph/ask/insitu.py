"""A question whose question word stays where its answer would stand: "the gang targeted
by the operation originally comes from which city?", "the U.S. Attorney who ... represents
which district?", "the newsletter ... was founded in which city?". Read with the question
word's phrase moved first, as the grammar reads questions: "which city did the gang
targeted by the operation originally come from?", "in which city was the newsletter ...
founded?"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kgraph.ask.topic import answered_as
from kgraph.ask.words import PREPOSITIONS

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.ask.candidate import Reader
    from kgraph.ask.lexicon import Lexicon
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

_ASKING = ("which", "what", "who", "whom", "where", "when")
# the first words of a phrase that frames a question put before it ("according to ...,",
# "in the release, ...")
_FRAMING = PREPOSITIONS | {"according", "per", "as", "if", "going", "judging", "based"}
_BREAK = re.compile(r"\s[-–—]+\s|[:;?]")
_NOT_SUBJECT = ("wh", "aux", "copula", "imperative", "prep", "rel", "and", "or", "not")
_COPULAS = ("is", "are", "was", "were")
_PHRASE = ("type", "word", "entity", "end")  # what the question word's phrase is made of


def _asking(atoms: list[Atom]) -> list[int]:
    """Where the question words that ask are: "which", "what", and "who", "whom", "where"
    or "when" after a verb or a preposition ("X met who", "X was hosted where"; not "the
    person who heads ...", which says who is meant)."""
    out = []
    for k, a in enumerate(atoms):
        if a.kind != "wh" or a.word not in _ASKING:
            continue
        before = next((b for b in reversed(atoms[:k]) if b.kind != "filler"), None)
        if a.word in ("who", "whom", "where", "when") and (
                before is None or before.kind not in ("relation", "prep")):
            continue
        out.append(k)
    return out


def in_situ(question: str, tokens: list[Token], atoms: list[Atom]) -> str | None:
    """The question with its question word's phrase moved first; None when it is not so
    shaped (a question word first, none, or more than one that asks)."""
    content = [a for a in atoms if a.kind not in ("filler", "punct")]
    asking = _asking(atoms)
    when = ""  # "In March 2017 Sessions met ... which ...": a date put first stays first
    if len(content) > 2 and content[0].kind == "prep" and content[1].kind == "date":
        when = question[:tokens[content[1].end - 1].end].strip() + ", "
        atoms, content = atoms[atoms.index(content[1]) + 1:], content[2:]
    if len(asking) != 1 or not content or content[0].kind in _NOT_SUBJECT:
        return None
    asking = _asking(atoms)
    w = asking[0]
    if _BREAK.search(question[:tokens[atoms[w].start].start]):
        return None  # ("MS-13 - which country ...": a question of its own after a topic)
    k = w - 1
    while k >= 0 and atoms[k].kind == "filler":
        k -= 1
    prep = None
    if k >= 0 and atoms[k].kind == "prep":
        prep, k = atoms[k], k - 1
    while k >= 0 and atoms[k].kind == "filler":
        k -= 1
    owned = None  # "met attorneys general from which countries": whose the object is asked
    if prep is not None and prep.word in ("of", "from") and k >= 2 \
            and atoms[k].kind in ("word", "type") and not atoms[k].capital:
        j = k
        while j > 0 and (atoms[j - 1].kind in ("word", "type") and not atoms[j - 1].capital
                         or j > 1 and atoms[j - 1].kind == "prep" and atoms[j - 1].word == "of"
                         and atoms[j - 2].kind in ("word", "type")):
            j -= 1  # ("ministers of justice": one noun's phrase)
        if j >= 3 and atoms[j - 1].kind == "filler" and atoms[j - 2].kind == "relation":
            j -= 1  # ("met with the attorneys general of which": its article too)
        if j >= 2 and atoms[j - 1].kind == "relation":
            owned, k = question[tokens[atoms[j].start].start:tokens[atoms[k].end - 1].end], j - 1
    if k < 1 or atoms[k].kind not in ("relation", "word") or atoms[k].capital:
        return None
    verb = atoms[k]
    start = tokens[verb.start].start
    verb_text = question[start:tokens[verb.end - 1].end]
    aux = "did"
    first = verb_text.split(" ", 1)
    if first[0].lower() in _COPULAS and len(first) > 1:  # "was founded in"
        aux, verb_text = first[0], first[1]
    else:
        j = k - 1
        while j >= 0 and atoms[j].kind == "filler":
            j -= 1
        if j >= 1 and atoms[j].kind == "copula":  # "is based primarily in"
            aux, start = atoms[j].text, tokens[atoms[j].start].start
            verb_text = question[tokens[atoms[j].end].start:tokens[verb.end - 1].end] \
                if atoms[j].end < verb.end else verb_text
    if aux == "did" and verb.kind == "relation" and verb.lemma:
        # ("X met who": did X meet)
        _, _, tail = verb_text.partition(" ")
        verb_text = " ".join([verb.lemma.split()[0], tail]).strip()
    subject = question[tokens[atoms[0].start].start:start].strip(" ,")
    framed, _, after = subject.rpartition(", ")
    if framed and after and framed.split()[0].lower() in _FRAMING:
        # "according to the release, the summit led to what": what frames the question
        # stays first
        when, subject = f"{when}{framed}, ", after
    if not subject:
        return None
    head, _, tail = subject.partition(" ")
    if head in ("The", "A", "An", "This", "That", "These", "Those"):
        subject = head.lower() + " " + tail  # (no longer the first word)
    # the question word's phrase: its noun, and "of" a name ("which part of the DOJ")
    end = w + 1
    while end < len(atoms) and (atoms[end].kind in _PHRASE or atoms[end].kind == "prep"
                                and atoms[end].word == "of" and end + 1 < len(atoms)
                                and atoms[end + 1].kind == "entity"):
        end += 1
    if end == w + 1 and atoms[w].word not in ("who", "whom", "what", "where", "when"):
        return None  # ("... represents which?": no phrase to move; "met who": the word)
    phrase = question[tokens[atoms[w].start].start:tokens[atoms[end - 1].end - 1].end]
    rest = question[tokens[atoms[end - 1].end - 1].end:].strip()
    lead = (question[tokens[prep.start].start:tokens[prep.end - 1].end] + " ") if prep else ""
    if owned is not None:  # ("attorneys general from which countries did Sessions meet")
        lead = f"{owned} {lead}"
    moved = f"{when}{lead}{phrase} {aux} {subject} {verb_text}"
    return moved + (" " + rest if rest and rest not in "?" else "?")


_OBJECT = ("entity", "type", "word", "filler", "end", "date")  # what an object opens with


def interposed(kg: KnowledgeGraph, lex: Lexicon, question: str) -> str | None:
    """"Who represented, at the Cartagena summit, Mexico?": a phrase set off by commas
    between a verb and its object, read after the object ("who represented Mexico at the
    Cartagena summit?"); None when the question is not so shaped (parsed only when it has
    two commas)."""
    from kgraph.ask import parse
    from kgraph.ask.words import PREPOSITIONS

    commas = [m.start() for m in re.finditer(",", question)]
    if len(commas) != 2:
        return None
    tokens, atoms = parse.atoms(kg, question, lex)
    first, second = commas
    # the last atom before the comma (a relation phrase may run over it: "represented,
    # at" is read as one)
    verb = max((a for a in atoms if tokens[a.start].start < first),
               key=lambda a: a.start, default=None)
    opener = next((t for t in tokens if t.start > first), None)
    inside = [a for a in atoms if tokens[a.start].start > first
              and tokens[a.end - 1].end <= second and a is not verb]
    after = [a for a in atoms if tokens[a.start].start > second]
    if verb is None or verb.kind != "relation" or opener is None \
            or opener.norm not in PREPOSITIONS or not after \
            or after[0].kind not in _OBJECT \
            or any(a.kind in ("relation", "wh", "rel") for a in inside + after[:1]) \
            or any(a.kind in ("wh", "aux", "copula") for a in after) \
            or not any(a.kind in ("entity", "type") for a in after):
        return None
    phrase = question[first + 1:second].strip()
    rest = question[second + 1:].strip().rstrip("?").strip()
    return f"{question[:first].strip()} {rest} {phrase}?"


_SUBJECT_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "he", "she",
                            "it", "they", "his", "her", "its", "their", "we", "you", "i"})
_AUX_WORDS = frozenset({"is", "are", "was", "were", "has", "have", "had", "do", "does", "did",
                        "can", "could", "will", "would"})


def uninverted(question: str, tokens: list[Token], atoms: list[Atom]) -> str | None:
    """"Which division OPDAT is part of?", "under which division of the DOJ the office that
    led the group is housed?", "what positions they have?": a question word's phrase, then
    its subject before its verb, as a clause inside a sentence is ordered. Read with the
    verb's auxiliary before the subject ("which division is OPDAT part of?"), or with "did"
    when there is none ("which meeting did it come from?"); None when not so shaped."""
    k = 0
    while k < len(atoms) and atoms[k].kind == "filler":
        k += 1
    if k < len(atoms) and atoms[k].kind == "prep":
        k += 1
    if k >= len(atoms) or atoms[k].kind != "wh" or atoms[k].word not in _ASKING:
        return None
    bare = atoms[k].word not in ("which", "what")  # ("where the forum was held": no noun)
    end = k + 1  # the question word's phrase: its noun, and "of" a name or a noun
    while end < len(atoms) and not bare:
        if atoms[end].kind in ("type", "word", "end"):
            end += 1
        elif atoms[end].kind == "prep" and atoms[end].word == "of" and end + 1 < len(atoms) \
                and atoms[end + 1].kind in ("entity", "type"):
            end += 2
        else:
            break
    if end == k + 1 and not bare or atoms[end - 1].kind == "prep" or end >= len(atoms):
        return None
    first = atoms[end]
    if not (first.kind == "entity" or first.kind == "filler"
            and first.word in _SUBJECT_WORDS):
        return None
    verb = next((j for j in range(end + 1, len(atoms))
                 if atoms[j].kind in ("aux", "copula", "relation", "wh", "rel", "prep")
                 and not (atoms[j].kind == "prep" and atoms[j].word == "of")), None)
    if verb is None or atoms[verb].kind in ("wh", "prep"):
        return None
    if atoms[verb].kind == "rel":  # ("the office that led the group is housed"): the
        verb = next((j for j in range(verb + 1, len(atoms))  # clause's own verb, passed
                     if atoms[j].kind in ("aux", "copula") or atoms[j].kind == "relation"
                     and atoms[j].text.split()[0].lower() in _AUX_WORDS), None)
        if verb is None:
            return None
    subject = question[tokens[first.start].start:tokens[atoms[verb].start].start].strip(" ,")
    verb_text = question[tokens[atoms[verb].start].start:].strip()
    head, _, rest = verb_text.partition(" ")
    if atoms[verb].kind == "relation" and head.lower() not in _AUX_WORDS:
        # ("which unit she heads": did she head)
        aux, rest = "did", " ".join([(atoms[verb].lemma or head).split()[0], rest]).strip()
    else:
        aux = head
    if not subject or not rest.strip(" ?"):
        return None
    lead = question[:tokens[first.start].start].strip()
    mark = "?" if question.rstrip().endswith("?") and not rest.rstrip().endswith("?") else ""
    return f"{lead} {aux} {subject} {rest}{mark}"


_WHOSE = re.compile(r"^\s*whose\s+(?P<noun>(?:(?!(?:did|does|do|was|were|is|are|had|has|have)\b)"
                    r"[\w.,'’-]+\s+){1,8}?)(?P<aux>did|does|do|was|were|is|are|had|has|have)\s+"
                    r"(?P<rest>.+?)\s*\??\s*$", re.IGNORECASE)


def owner_asked(question: str) -> str | None:
    """"Whose February meetings did the dialogue build on?": the question word asks for
    the owner of what its noun names, not for that thing. Read as who had it ("who had
    the February meetings that the dialogue build on?": any relation to them); None when
    the question does not open so ("whose" with its noun, then an auxiliary)."""
    m = _WHOSE.match(question)
    if m is None:
        return None
    aux = m["aux"].lower()  # ("did X build on": X build on; "were cited": were cited)
    rest = m["rest"] if aux in ("did", "does", "do") else f"{aux} {m['rest']}"
    return f"who had the {m['noun'].strip()} that {rest}?"


def owned_by_verb(lex: Lexicon, question: str) -> str | None:
    """"Whose momentum did OPDAT seize on to launch X?": the noun may be a word of the
    verb's own phrase ("seize on the momentum of"), and the question word its object: "what
    did OPDAT seize on the momentum of to launch X?". None when the question does not open
    so, or no relation has such a phrase."""
    m = _WHOSE.match(question)
    if m is None or m["aux"].lower() not in ("did", "does", "do"):
        return None
    noun, words = m["noun"].split(), m["rest"].split()
    for k in range(1, len(words) + 1):
        for j in range(max(0, k - 3), k):
            key = tuple(lex.lemma(w.lower()) for w in [*words[j:k], "the", *noun, "of"])
            if key in lex.relations:
                rest = " ".join(words[k:])
                return (f"what {m['aux']} {' '.join(words[:k])} the {' '.join(noun)} of"
                        f"{' ' + rest if rest else ''}?")
    return None


def owner_answered(question: str, read: Reader, unread: tuple[type[Exception], ...],
                   lex: Lexicon) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered as :func:`owned_by_verb`, else as :func:`owner_asked` reads it,
    with a note saying so; None when it is not so shaped, or that reading finds nothing or
    only a text match."""
    by_verb = owned_by_verb(lex, question)
    if by_verb is not None:
        found = answered_as(question, (by_verb, f"read as: {by_verb}"), read, unread)
        if found is not None:
            return found
    owner = owner_asked(question)
    return answered_as(question, None if owner is None else (owner, f"read as: {owner}"),
                       read, unread)
