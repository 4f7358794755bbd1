"""A question asked within a set it names first: "Among the Career Ambassadors the Senate
confirmed, who was ambassador to Pakistan?", "Of the people who took part in the working
group, which ones came from the FGN?", "Who, among the summit's participants, ...". The
set and the question are read apart; the answers are those of the question that are in
the set (both are shown). A set that cannot be read is said to be left out, and the
answer is partial."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kgraph.errors import NotFound

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader


class NoneWithin(NotFound):
    """The question and its set were both read, and none of the answers is in the set."""


_LEAD = r"(?:among|amongst|from among|out of|of)"
_SET = r"(?P<set>(?:the|those|these|all the|all of the)\s[^,?]+?)"
_WH = r"(?:who|whom|which|what)"
# "Among the X, who ...", "Of the X, which ones ..."
_FIRST = re.compile(rf"^\s*{_LEAD}\s+{_SET}\s*,\s*(?P<q>{_WH}\b.+)$", re.IGNORECASE)
# "Who, among the X, was ...", "Which ones, of the X, ..."
_INSIDE = re.compile(rf"^\s*(?P<wh>{_WH}(?:\s+(?:ones?|of them))?)\s*,\s*{_LEAD}\s+{_SET}\s*,"
                     r"\s*(?P<rest>.+)$", re.IGNORECASE)
# "Was it X or Y who ...": the names to choose among, and the question
_CHOICE = re.compile(r"^\s*(?:was|is|were)\s+it\s+(?P<set>[^,?]+?\s+or\s+[^,?]+?)\s+"
                     r"(?:who|that)\s+(?P<rest>.+)$", re.IGNORECASE)
# the question's own pointing back to the set: its noun, or nothing
_COUNTING = frozenset({"of", "the", "two", "three", "four", "five", "six", "several", "many",
                       "various", "other"})
_ONES = re.compile(r"^(which|what)\s+(?:ones?|of them|of these|of those)\b", re.IGNORECASE)


@dataclass
class Within:
    """The set a question is asked within, and the question."""

    phrase: str  # "the Career Ambassadors the Senate confirmed"
    question: str  # "who was ambassador to Pakistan?"
    plain: str = ""  # the question without the set's noun put in for "which ones", if it was
    names: bool = False  # the set is the names it says ("was it X or Y who ...")

    @property
    def set_question(self) -> str:
        """The set, asked for on its own (as a listing: the phrase is a noun phrase)."""
        return "list " + self.phrase


def within(question: str) -> Within | None:
    """The set ``question`` is asked within, and the question itself; None when it names
    no such set first."""
    choice = _CHOICE.match(question)
    if choice is not None:
        return Within(re.sub(r"\s+or\s+", " and ", choice["set"].strip()),
                      "who " + choice["rest"].strip(), names=True)
    m = _FIRST.match(question)
    if m is not None:
        asked = m.group("q")
    else:
        m = _INSIDE.match(question)
        if m is None:
            return None
        asked = m.group("wh") + " " + m.group("rest")
    phrase = m.group("set").strip()
    if len(phrase.split()) < 2:
        return None
    ones = _ONES.match(asked)
    if ones is None:
        return Within(phrase, asked.strip())
    # "which ones": which of the set's own noun ("of the meetings covered, which ones")
    words = [w for w in phrase.split()[1:] if w.lower() not in _COUNTING]
    head = words[0] if words and words[0].isalpha() and words[0].islower() else ""
    rest = asked[ones.end():]
    return Within(phrase, (f"which {head}" if head else "which") + rest,
                  "which" + rest if head else "")


def answered_within(inside: Within, read: Reader, unread: tuple[type[Exception], ...],
                    named: Callable[[str], list[str]]) -> tuple[dict[str, Any], list[str]]:
    """The answers of ``inside``'s question that are in its set, with both readings in the
    interpretation; the ids of those found beyond the answers given in full. Raises
    :class:`~kgraph.errors.NotFound` when the set or the question finds nothing, or none of
    the question's answers is in the set, and the question's own error when it is not
    understood (``unread``: the errors of a question not read; ``named``: the ids a phrase
    of names alone names, for a set that is its names).
    """
    failed: tuple[type[Exception], ...] = (NotFound, *unread)
    try:
        result, more = read(inside.question)
        if result.get("match") == "text" and inside.plain:
            raise NotFound("")  # (a text match: the question without the set's noun, then)
    except failed:
        if not inside.plain:
            raise
        result, more = read(inside.plain)
    if result.get("match") == "text":
        # (a text match is no set of answers to choose among: the set is not checked)
        raise NotFound(f"understood: {inside.phrase}; but not what is asked of it, "
                       f"'{inside.question}'")
    ids = named(inside.phrase) if inside.names else []
    if ids:  # (the names themselves: "was it X or Y who ...")
        of_set: dict[str, Any] = {"answers": [{"id": i} for i in ids],
                  "interpretation": {"text": inside.phrase.replace(" and ", " or "),
                                     "command": []}}
        set_more: list[str] = []
    else:
        try:
            of_set, set_more = read(inside.set_question)
        except failed:
            return _unchecked(inside, result), more
        if of_set.get("match") == "text" or of_set.get("value") is not None:
            return _unchecked(inside, result), more
    members = {str(a["id"]) for a in of_set["answers"]} | set(set_more)
    kept = [a for a in result["answers"] if str(a["id"]) in members]
    beyond = [i for i in more if i in members]
    if not kept and not beyond:
        found = ", ".join(str(a["name"]) for a in result["answers"][:5])
        raise NoneWithin(f"understood: {result['interpretation']['text']}, among "
                       f"{of_set['interpretation']['text']}; found {found}, none of them "
                       "among those")
    interpretation = dict(result["interpretation"])
    interpretation["text"] = f"{interpretation['text']}, among {of_set['interpretation']['text']}"
    interpretation["within"] = {"text": of_set["interpretation"]["text"],
                                "command": of_set["interpretation"].get("command", []),
                                "total": len(members)}
    interpretation["command"] = list(interpretation.get("command", [])) + [
        c for c in of_set["interpretation"].get("command", [])
        if c not in interpretation.get("command", [])]
    left = len(result["answers"]) + len(more) - len(kept) - len(beyond)
    notes = list(result.get("notes", []))
    if left:
        notes.append(f"{left} answer(s) of the question left out: not among {inside.phrase}")
    out = {**result, "interpretation": interpretation, "answers": kept, "notes": notes}
    if not kept:
        out.pop("value", None)
    out["alternatives"] = []
    return out, beyond


def _unchecked(inside: Within, result: dict[str, Any]) -> dict[str, Any]:
    """The question's answers, with the set it was asked within said to be left out."""
    interpretation = dict(result["interpretation"])
    interpretation["ignored"] = [*interpretation.get("ignored", []), inside.phrase]
    interpretation["text"] = f"{interpretation['text']} (ignored: among {inside.phrase})"
    why = f"not checked to be among {inside.phrase} (no reading of them was found)"
    partial = result.get("partial")
    return {**result, "interpretation": interpretation,
            "partial": f"{partial}; {why}" if partial else why}
