"""A question put after what it is about, set off by a dash or a colon, and pointing back
to it with a pronoun: "the meeting where the operation took shape - which countries sat
down with Sessions *there*?". Read as the question with the described thing in the
pronoun's place ("... sat down with Sessions at the meeting where ..."). A topic that is a
name alone is read by the grammar itself (see ``grammar``: the pronoun's entity). And a
statement before the question ("MS-13 started in LA but where is it based?"): said in
passing, its subject in the pronoun's place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from kgraph.ask.words import ARTICLES, PREPOSITIONS

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader

SPLIT = re.compile(r"\s+[-–—]+\s+|:\s+|;\s+")  # what sets a question off from its topic
_WH_ALTERNATIVES = "who|whom|whose|what|which|where|when|how"  # the question words
WH_WORDS = f"(?:{_WH_ALTERNATIVES})"
# a question word ahead, after a preposition it may be ("under which division ...")
WH_AHEAD = rf"(?=(?:[a-z]+\s+)?{WH_WORDS}\b)"
# or a comma, when a question word follows it: "the office that led the group, under
# which division is it housed?"
_COMMA = re.compile(r",\s+" + WH_AHEAD, re.IGNORECASE)
WH = re.compile(rf"\b({_WH_ALTERNATIVES})\b", re.IGNORECASE)
# a described thing: after a determiner, or owned ("Tillerson's meetings in ...")
_DETERMINER = re.compile(r"^(?:(the|a|an|that|this|those|these)\s|(?:\S+\s){0,2}\S+['’]s?\s)",
                         re.IGNORECASE)
# what each pointing word stands for: the topic, as a place or as an owner
POINTING = {"there": "at {t}", "it": "{t}", "they": "{t}", "them": "{t}", "he": "{t}",
            "she": "{t}", "him": "{t}", "his": "{t}'s", "its": "{t}'s", "their": "{t}'s",
            "that": "{t}", "this": "{t}"}
PERSONAL = frozenset({"he", "she", "him", "his"})  # pointing words that stand for a person
# ("that" and "this" point back only where nothing follows them: "what date was that?",
# not "the meeting that ...")
POINTER = re.compile(r"\b(" + "|".join(w for w in POINTING if w not in ("that", "this"))
                     + r")\b|\b(that|this)\b(?=\s*(?:[?,.!;]|$))", re.IGNORECASE)


def referred(question: str) -> tuple[str, str] | None:
    """The question with a described topic in its pronoun's place, and the topic; None
    when the question is not so shaped (no separator, a topic that is no described
    thing, a question that points back to it not once)."""
    found = pointed_topic(question)
    if found is None:
        return None
    topic, asked = found
    return asked(topic), topic


def pointed_topic(question: str) -> tuple[str, Callable[[str], str]] | None:
    """The described topic a question points back to, and what makes the question of
    anything put in the pointing word's place (see :func:`referred`)."""
    text = question.strip()
    cuts = list(SPLIT.finditer(text)) or list(_COMMA.finditer(text))[:1]
    if not cuts:
        return None
    # the question after the last separator, about the phrase before it (what comes
    # earlier is kept, in front: "ojo: the declaration - what resulted from it?")
    last = cuts[-1]
    start = cuts[-2].end() if len(cuts) > 1 else 0
    prefix = text[:start]
    topic, asked = text[start:last.start()].strip(" ,"), text[last.end():].strip(" ,")
    topic = unframed(topic)
    if not _DETERMINER.match(topic) or len(topic.split()) < 3 or WH.match(topic) \
            or not WH.search(asked):
        return None
    pointers = [m.group(0) for m in POINTER.finditer(asked)]
    if len(pointers) != 1:
        return None
    form = POINTING[pointers[0].lower()]
    return topic, lambda t: prefix + POINTER.sub(lambda _: form.format(t=t), asked, count=1)


# words that, put first, say what the rest is about, as prepositions do ("regarding the
# meeting")
_ABOUT = frozenset({"regarding", "concerning", "re", "as"})


def unframed(phrase: str) -> str:
    """The thing a phrase put first is about, without the preposition that frames it:
    "with regard to X", "in the context of X", "as for X", "regarding X": X. A phrase not
    so framed is returned as it is."""
    words = phrase.split()
    if len(words) < 2 or words[0].lower() not in PREPOSITIONS | _ABOUT:
        return phrase
    rest = words[1:]
    if rest[0].lower() in PREPOSITIONS:  # "as for X", "out of X"
        rest = rest[1:]
    k = 1 if rest and rest[0].lower() in ARTICLES else 0  # ("in the context of")
    if len(rest) > k + 2 and rest[k].isalpha() and rest[k].islower() \
            and rest[k + 1].lower() in ("to", "of"):
        # the frame's own noun ("regard to", "the context of"), then its preposition
        rest = rest[k + 2:]
    return " ".join(rest)


_BUT = re.compile(r"^(?P<ctx>[^?]+?),?\s+(?:but|so|and)\s+(?P<q>(?:who|whom|what|which|where|when|how)"
                  r"\b.*)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-Z0-9][\w.'’-]*$")
# a clause the question is asked in the light of ("Given that the summit was his second,
# when did X take office?"): what it grants is no condition on the answer
_GRANTED = re.compile(r"^(?:given|since|although|though|because|considering|now that|seeing "
                      r"that)\b(?:\s+that)?\s+(?P<ctx>[^?]+?),\s+(?P<q>" + WH_WORDS + r"\b.*)$",
                      re.IGNORECASE)


def said_first(question: str) -> tuple[str, str] | None:
    """A statement, then the question ("MS-13 started in LA but where is it based today?",
    "Given that MS-13 started in LA, where is it based today?"): the question, with the
    statement's subject, a name, in its pronoun's place; and the statement, said in passing
    (not checked). A question after a clause it is asked in the light of, that points back
    to nothing, is read alone. None when not so shaped."""
    m = _BUT.match(question.strip())
    granted = _GRANTED.match(question.strip()) if m is None else None
    if granted is not None and not POINTER.search(granted["q"]):
        return granted["q"], granted["ctx"].strip()  # (the question asks all it needs)
    m = m or granted
    if m is None or WH.search(m["ctx"]):
        return None
    words = m["ctx"].split()
    name = []
    for w in words:
        if not _NAME_WORD.match(w):
            break
        name.append(w)
    if not name or len(name) == len(words):
        return None
    asked = m["q"]
    pointers = [p.group(0) for p in POINTER.finditer(asked)]
    if len(pointers) != 1:
        return None
    if pointers[0].lower() == "there":
        return None  # ("there": a place, not the subject)
    form = POINTING[pointers[0].lower()].format(t=" ".join(name).rstrip(","))
    return POINTER.sub(lambda _: form, asked, count=1), m["ctx"].strip()


# a question asked of the listener ("Could you confirm where ...", "please check who
# ..."): the question it puts, after a verb or two of asking
_REQUEST = re.compile(r"^\s*(?:(?:could|can|would|will)\s+you\s+(?:please\s+)?|please\s+)"
                      r"(?:[a-z]+\s+){1,2}?(?:(?:me|us)\s+)?"
                      r"(?P<q>" + WH_WORDS + r"\b.+)$", re.IGNORECASE)


def requested(question: str) -> str | None:
    """The question a request puts ("Could you confirm where X was convened?": where X
    was convened); None when it is no request."""
    m = _REQUEST.match(question)
    return None if m is None else m["q"]


def reread(question: str) -> tuple[str, str] | None:
    """The question to read in place of ``question`` (:func:`referred`, else
    :func:`said_first`, else :func:`requested`, else a headline's,
    :mod:`kgraph.ask.headline`), and the note that says so; None when it is read as
    typed."""
    pointed = referred(question)
    if pointed is not None:
        return pointed[0], (f"read as: '{pointed[0]}' ('{pointed[1]}' in place of the word "
                            "pointing back)")
    first = said_first(question)
    if first is not None:
        return first[0], (f"read as: '{first[0]}' ('{first[1]}' said first, in passing, "
                          "not checked)")
    asked = requested(question)
    if asked is not None:
        return asked, f"read as: '{asked}'"
    from kgraph.ask.headline import headline

    asked = headline(question)
    if asked is not None:
        return asked, f"read as: '{asked}'"
    return None


def reread_answered(question: str, read: Reader,
                    unread: tuple[type[Exception], ...]
                    ) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered as :func:`reread` reads it, with the note that says so; None
    when it is read as typed, or that reading finds nothing or only a text match (the
    question as typed is read before its words are searched; ``unread``: the errors of a
    question not read or found)."""
    return answered_as(question, reread(question), read, unread)


def answered_as(question: str, reading: tuple[str, str] | None, read: Reader,
                unread: tuple[type[Exception], ...]
                ) -> tuple[dict[str, Any], list[str]] | None:
    """``question`` answered as ``reading`` (a question to read instead, and the note that
    says so) reads; None when there is none, or it finds nothing or only a text match."""
    if reading is None:
        return None
    try:
        result, more = read(reading[0])
    except unread:
        return None
    if result.get("match") == "text":
        return None
    result.setdefault("notes", []).insert(0, reading[1])
    result["question"] = question
    return result, more


def whole(result: dict[str, Any]) -> bool:
    """A result that reads whole: no text match, nothing left out or partial."""
    return result.get("match") != "text" and not result.get("partial") \
        and not result["interpretation"].get("ignored")


def first_whole(question: str, readings: Iterable[tuple[str, str]], read: Reader,
                unread: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list[str]] | None:
    """The first of ``readings`` (each a question to read instead and the note that says
    so) that reads whole (:func:`whole`); answered as ``question``, with its note. None
    when none does (``unread``: the errors of a question not read or found)."""
    for again, note in readings:
        try:
            result, more = read(again)
        except unread:
            continue
        if not whole(result):
            continue
        result.setdefault("notes", []).insert(0, note)
        result["question"] = question
        return result, more
    return None
