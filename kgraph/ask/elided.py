"""A question after a named topic that does not point back to it, its verb left without
what it is done to: "TCO Working Group -- who took part from Colombia?". Read with the
topic said right after the verb ("who took part in the TCO Working Group from Colombia?"),
after each preposition it may have been said after; the first reading that reads whole
is answered, and the note says so."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.ask.topic import POINTER, SPLIT, WH, first_whole

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader
    from kgraph.graph import KnowledgeGraph


_PREPS = ("in", "at")  # what the topic may have been said after
_OBJECTS = ("entity", "type", "word", "number", "quote", "wh")  # what a verb may be done to
MAX_TOPIC_WORDS = 8


def readings(kg: KnowledgeGraph, question: str) -> list[tuple[str, str]]:
    """The question with its topic said after its verb, with each preposition, and the
    note for each; none when not so shaped (one separator, a topic that is a name with no
    question word, a question that starts with one, points back to nothing, and has a verb
    with nothing after it that it could be done to)."""
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon

    text = question.strip()
    cuts = list(SPLIT.finditer(text))
    if len(cuts) != 1:
        return []
    topic, asked = text[:cuts[0].start()].strip(" ,"), text[cuts[0].end():].strip(" ,")
    words = topic.split()
    if not words or len(words) > MAX_TOPIC_WORDS or WH.search(topic) or not WH.match(asked) \
            or POINTER.search(asked) or not any(w[:1].isupper() for w in words):
        return []
    tokens, atoms = parse.atoms(kg, asked, lexicon(kg))[:2]
    verb = next((k for k, a in enumerate(atoms) if a.kind == "relation"), None)
    if verb is None or any(a.kind in _OBJECTS for a in atoms[verb + 1:verb + 2]):
        return []
    at = tokens[atoms[verb].end - 1].end
    head, tail = asked[:at], asked[at:].rstrip(" ?.!")
    out = []
    for prep in _PREPS:
        again = f"{head} {prep} {topic}{tail}?"
        out.append((again, f"read as: '{again}' (the question asked of '{topic}')"))
    return out


def answered(kg: KnowledgeGraph, question: str, read: Reader,
             unread: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered as the first of its :func:`readings` that reads whole, with
    its note; None when none does."""
    return first_whole(question, readings(kg, question), read, unread)
