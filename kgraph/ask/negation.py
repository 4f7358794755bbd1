"""A question that asks what did not happen: "Of the two countries at the summit, which one
did not take part in the dialogue?", "Which countries did Sessions not meet?", "Which
Colombian body at the working group was not a prosecutors' office?".

It is read as two questions: the set the answers are taken from (the set it is asked within,
else the question word's own phrase: "Colombian body at the working group", or everything
of the kind it names: "countries"), and the question without its "not". The answers are the
set's members the second does not find. The data records what happened, not what did not:
an answer is one the data does not record as doing it, and the note says so. When the
question without its "not" is not read whole, nothing is answered: a member it missed for
want of reading would be a wrong answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kgraph.errors import NotFound

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader
    from kgraph.graph import KnowledgeGraph

_AUXILIARIES = "did|does|do|was|were|is|are|has|have|had|will|would|could|can"
_AUX = f"(?:{_AUXILIARIES})"
# the verb's "not": after its auxiliary (and its subject: "did Sessions not meet"), or joined
# to it ("didn't"); "never" alone. Not "not long after", "not only", "not far from": no
# negation of the verb
_NOT = re.compile(rf"\b(?P<aux>{_AUX})(?P<between>(?:\s+[\w.'’-]+){{0,5}}?)\s+not\b"
                  r"(?!\s+(?:only|just|long|far|until|least|yet)\b)"
                  rf"|\b(?P<short>{_AUXILIARIES}|ca|wo)n['’]t\b|\bnever\s+", re.IGNORECASE)
_SHORT = {"ca": "can", "wo": "will"}
# the question word's phrase, up to the verb's auxiliary
_PHRASE = re.compile(rf"^\s*(?:which|what)\s+(?P<np>.+?)\s+(?:{_AUX}|(?:{_AUXILIARIES}|ca|wo)"
                     r"n['’]t)\b", re.IGNORECASE)
_ASKING = re.compile(r"\b(?:which|what)\b", re.IGNORECASE)  # the question's own word
# words that open a clause inside the question
_CLAUSE = re.compile(r"\b(?:if|unless|because|since|when|whenever|while|whether|though|although|"
                     r"that|who|whom|whose|where|after|before|until|once)\b", re.IGNORECASE)
_ONES = frozenset({"one", "ones", "of them", "of these", "of those"})


@dataclass
class Negated:
    """A question asking what did not happen, read apart."""

    positive: str  # the question without its "not"
    members: str  # the question for the set the answers are taken from
    phrase: str  # that set, as the question says it


def negated(question: str) -> Negated | None:
    """``question`` read apart (see the module), or None when it has no verb's "not" (or
    more than one), or names no set to take the answers from."""
    from kgraph.ask.among import within

    found = list(_NOT.finditer(question))
    if len(found) != 1:
        return None
    m = found[0]
    asking = list(_ASKING.finditer(question[:m.start()]))
    if not asking or _CLAUSE.search(question[asking[-1].end():m.start()]):
        return None  # (a "not" of a clause inside: "... if it didn't get coca under control")
    if m["aux"]:
        positive = question[:m.start()] + m["aux"] + m["between"] + question[m.end():]
    elif m["short"]:
        positive = question[:m.start()] + _SHORT.get(m["short"].lower(), m["short"]) \
            + question[m.end():]
    else:
        positive = question[:m.start()] + question[m.end():]
    inside = within(positive)
    if inside is not None:
        return Negated(inside.question, inside.set_question, inside.phrase)
    p = _PHRASE.match(question)
    if p is None or p["np"].lower() in _ONES or p.end() > m.end():
        return None
    return Negated(positive, f"list {p['np']}", p["np"])


def answered_negated(kg: KnowledgeGraph, asked: Negated, read: Reader,
                     unread: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list[str]]:
    """The members of ``asked``'s set that its question without "not" does not find, and
    the ids of those beyond the answers given in full. Raises
    :class:`~kgraph.errors.NotFound` when the set cannot be read, the question without "not"
    is not read whole, or every member is found by it (``unread``: the errors of a question
    not read)."""
    from kgraph.ask.topic import whole

    members, more = _members(kg, asked, read, unread)
    try:
        done, done_more = read(asked.positive)
    except NotFound:
        done, done_more = None, []
    if done is not None and (not whole(done) or done.get("value") is not None
                             or _loose(done)):
        raise NotFound(f"understood: {asked.phrase}; but not what is denied of them "
                       f"('{asked.positive}' is not read whole, as relations the data "
                       "records)")
    found = {str(a["id"]) for a in done["answers"]} | set(done_more) if done else set()
    kept = [a for a in members["answers"] if str(a["id"]) not in found]
    beyond = [i for i in more if i not in found]
    text = members["interpretation"]["text"]
    denied = done["interpretation"]["text"] if done else asked.positive
    if not kept and not beyond:
        raise NotFound(f"understood: {text}, but not: {denied}; every one of them is "
                       "recorded so")
    interpretation = {**members["interpretation"], "text": f"{text}, but not: {denied}"}
    notes = [*members.get("notes", []),
             (f"the data records what happened, not what did not: {len(kept) + len(beyond)} "
             f"of {len(members['answers']) + len(more)} are not recorded so ('{asked.positive}'"
             f" found {len(found)})")]
    out = {**members, "interpretation": interpretation, "answers": kept, "notes": notes,
           "alternatives": []}
    out.pop("value", None)
    return out, beyond


def _loose(result: dict[str, Any]) -> bool:
    """A reading that takes a word as any relation ("from Southland": related to it): what
    it misses is no answer to what is denied."""
    steps = result["interpretation"].get("plan", {}).get("steps", [])
    return any(not st.get("types") and not st.get("closure") for st in steps)


def _members(kg: KnowledgeGraph, asked: Negated, read: Reader,
             unread: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list[str]]:
    """The set the answers are taken from: everything the data holds of a kind alone
    ("countries"), else the set read as a listing."""
    from kgraph.ask.kinds import everything, kind_asked

    kinds = kind_asked(kg, f"list {asked.phrase}")
    if kinds:
        return everything(kg, kinds, asked.members)
    failed: tuple[type[Exception], ...] = (NotFound, *unread)
    try:
        result, more = read(asked.members)
    except failed:
        result, more = None, []
    if result is None or result.get("match") == "text" or result.get("value") is not None:
        raise NotFound(f"understood that '{asked.phrase}' is asked for, but could not read "
                       "which ones")
    return result, more
