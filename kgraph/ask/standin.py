"""A described topic the question after it points back to, found first and its names put
in the pointing word's place: "the country LatinNews calls the largest producer of
cocaine, who was *its* attorney general at the summit?" is asked as "which country does
LatinNews call ...?" (Colombia), then as "who was Colombia's attorney general at the
summit?". The phrase itself in the pronoun's place ("who was the country LatinNews calls
...'s attorney general") reads less surely the longer the phrase is: its own clause runs on
into the question. The topic stands in only when it is found whole, as one to three
entities; else the question is read with the phrase in the pronoun's place
(:mod:`kgraph.ask.topic`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.ask.fragments import noun_phrase
from kgraph.ask.topic import pointed_topic, whole

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader

MAX_STANDING = 3  # entities that may stand in for a topic
MAX_TRIED = 3  # the questions a topic may stand for, asked at most


def stood_in(question: str, read: Reader, unread: tuple[type[Exception], ...]
             ) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered with its topic's names in the pointing word's place, with a
    note that says so; None when it points back to no described topic, the topic is not
    found whole as one to three entities, or the question so read is not whole
    (``read``: a question's result and the ids beyond it; ``unread``: its errors of a
    question not read or found)."""
    found = pointed_topic(question)
    if found is None:
        return None
    topic, asked = found
    for meant in noun_phrase(topic)[:MAX_TRIED]:
        try:
            first, beyond = read(meant)
        except unread:
            continue
        names = [str(a["name"]) for a in first["answers"]]
        if beyond or not whole(first) or not 1 <= len(names) <= MAX_STANDING \
                or first.get("value") is not None:  # (a figure: what has it is no topic)
            continue
        again = asked(" and ".join(names))
        try:
            result, more = read(again)
        except unread:
            return None
        if not whole(result):
            return None
        result.setdefault("notes", []).insert(0, (
            f"read as: '{again}' ('{topic}' read as {' and '.join(names)}: '{meant}')"))
        result["question"] = question
        return result, more
    return None
