"""A description inside a question that is a question of its own: "Who was the foreign
minister of *the country whose attorney general signed the declaration*?", "Which deputy
secretary spoke at *the dialogue that built on Tillerson's meetings*?", "How many members
does *the gang whose members were charged under Operation Regional Shield* have?".

Such a phrase (a noun with "the" before it and a clause of "whose", "that", "which" or
"who" after it, up to a mark or the end) is asked first as the question it stands for
("which country's attorney general signed the declaration?"); when that finds one to three
entities, and finds them whole (no text match, nothing partial), they stand in for the
phrase and the question is asked again. The answer says what the phrase was read as and
how. It is tried when the question as typed finds nothing, or only loosely.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

Reader = Callable[[str], tuple[dict[str, Any], list[str]]]

# "the country whose ...", "the dialogue that ...", "the official who ...": the article, a
# few words of noun, the relative word, and the clause up to a mark or the end
_PHRASE = re.compile(
    r"\b(?P<the>the|a|an)\s+(?P<noun>(?:[\w.'\u2019-]+\s+){0,3}?[\w.'\u2019-]+)\s+"
    r"(?P<rel>whose|that|which|who)\s+(?P<clause>[^,;:?!()\u2013\u2014]+?)"
    r"(?=\s*(?:[,;:?!()\u2013\u2014]|\s-\s|$))", re.IGNORECASE)
MAX_STANDING = 3  # entities that may stand in for a phrase
_VERBISH = frozenset({"is", "was", "are", "were", "has", "had", "have", "did", "does", "do"})


@dataclass
class Nested:
    """A phrase of the question, and the question it stands for."""

    start: int
    end: int
    phrase: str
    questions: list[str]  # (its readings as a question, the likelier first)


def nested(question: str) -> list[Nested]:
    """The phrases of ``question`` that are questions of their own, the last first."""
    out = []
    for m in _PHRASE.finditer(question):
        noun, rel, clause = m.group("noun"), m.group("rel").lower(), m.group("clause").strip()
        if len(clause.split()) < 2 or noun.split()[-1].lower() in _VERBISH:
            continue
        if rel == "whose":  # "the country whose attorney general signed": which country's
            asked = [f"which {noun}'s {clause}?"]
        else:  # "the dialogue that built on": which dialogue built on; "the group that
            # OPDAT launched": which group did OPDAT launch (as typed, either)
            asked = [f"which {noun} {clause}?", f"which {noun} did {clause}?"]
        out.append(Nested(m.start(), m.end(), m.group(0), asked))
    return out[::-1]


def possessive(question: str) -> bool:
    """Whether a phrase of ``question`` is one of "whose" ("the country whose attorney
    general ..."), which no reading of the question as typed composes: it is read first."""
    return any(" whose " in f" {p.phrase.lower()} " for p in nested(question))


def resolved(kg: KnowledgeGraph, question: str, read: Reader, unread: tuple[type[Exception], ...]
             ) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered with a phrase of it read first as its own question, or None
    when no phrase is one, or its answers cannot stand in for it (``unread``: the errors of
    a question not read or found)."""
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.words import FUNCTION_WORDS, tokenize

    lex = lexicon(kg)
    for part in nested(question):
        if any(not t.capital and t.norm not in FUNCTION_WORDS and not t.norm.isdigit()
               and not lex.known(t.norm) for t in tokenize(part.phrase)):
            continue  # (a word the data never uses would be left out of it unsaid)
        for asked in part.questions:
            try:
                inner, more = read(asked)
            except unread:
                continue
            found = inner["answers"]
            if inner.get("match") == "text" or inner.get("partial") or more \
                    or inner["interpretation"].get("ignored") or not _typed(kg, inner) \
                    or inner.get("value") is not None or not 0 < len(found) <= MAX_STANDING:
                continue
            # (several stand in as one or another: what holds of any of them)
            names = " or ".join(str(a["name"]) for a in found)
            again = question[:part.start] + names + question[part.end:]
            try:
                outer, outer_more = read(again)
            except unread:
                break  # (the question as typed says why it found nothing)
            if outer.get("match") == "text" or outer["interpretation"].get("ignored"):
                break  # (read loosely: the question as typed says what it can)
            note = (f"'{part.phrase}' read as {names} ({inner['interpretation']['text']})")
            interpretation = dict(outer["interpretation"])
            interpretation["command"] = list(inner["interpretation"].get("command", [])) + [
                c for c in interpretation.get("command", [])
                if c not in inner["interpretation"].get("command", [])]
            interpretation["text"] = (f"{interpretation['text']}, where {names} is "
                                      f"{inner['interpretation']['text']}")
            result = {**outer, "interpretation": interpretation,
                      "notes": [note, *outer.get("notes", [])]}
            return result, outer_more
    return None


def _typed(kg: KnowledgeGraph, result: dict[str, Any]) -> bool:
    """Whether the answers are of the type the question asks for, when it asks for one
    ("which adviser": not a country)."""
    plan = result["interpretation"].get("plan") or {}
    sets = plan.get("sets") or []
    at = plan.get("answer")
    types = set(sets[at].get("types") or []) if isinstance(at, int) and at < len(sets) else set()
    return not types or all(any(kg.schema.is_a(str(a.get("type", "")), t) for t in types)
                            for a in result["answers"])
