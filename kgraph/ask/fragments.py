"""Questions typed as notes: a noun phrase with no question word ("events attended by
both Sessions and Beltrán?", "Beltrán's title at the time of the summit", "location of the
first working group"), or a topic set off by a dash or a colon with the question after it
about the topic but not pointing back to it ("the working group -- who took part from the
Colombian side?", "the summit -- principals in attendance?").

Each is read as the questions it may stand for, the likelier first: a noun phrase asked
for ("which ...", "what are the ...", "what is ...", "who are the ..."), the topic joined to the
question with the prepositions that may join them ("... in <topic>", "... at <topic>",
"... of <topic>"). Which of these reads whole is the reader's to tell (the first that
does is answered, with a note saying how the question was read); none does: the question
is read as typed. Nothing here knows what the words mean: the readings are only
sentences, asked in turn."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kgraph.ask.topic import POINTER, POINTING, SPLIT, WH, WH_WORDS

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader

# the first words of a question that asks without a question word: a verb put first
# ("did", "is", "list", "name the ...") is a question of its own shape
_ASKING = re.compile(
    r"^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|list|show|"
    r"name|give|tell|find|describe|explain|count|compare|so|ok|okay)\b", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:the|a|an|all|any|those|these|this|that)\s", re.IGNORECASE)
# a possessive in the first words: the phrase names its owner ("Beltrán's title ...")
_OWNED = re.compile(r"^(?:\S+\s){0,3}\S+['’]s?\s", re.IGNORECASE)
# prepositions that may join a question to the topic put before it
_JOINS = ("of", "at", "in", "for", "on")
# a comma before a few last words: what is asked of what comes before ("the summit, date?")
_LAST_COMMA = re.compile(r",\s+(?=[^,]+$)")
# a verb's participle and "by", with no doer: who did it is asked ("issued by?")
_DOER = re.compile(r"^(?P<verb>[A-Za-z]+)\s+by(?:\s+whom)?$", re.IGNORECASE)
# a question word alone after a topic: what it asks of a thing that happened or is
_BARE = {"who": "who took part in {}", "when": "when was {}", "where": "where was {}",
         "what": "what is {}"}
MAX_WORDS = 30  # longer notes are sentences of their own
MAX_TRIED = 16  # readings asked, at most
MAX_LABEL = 3  # words of a label a note may be typed under ("confirm date:")


def _bare(text: str) -> str:
    return text.strip().rstrip("?.! ").strip()


def noun_phrase(text: str) -> list[str]:
    """The questions a noun phrase with no question word asks ("what are the events
    attended by ..."); none when it has a question word, starts with a verb, or is long."""
    phrase = _bare(text)
    words = phrase.split()
    if not words or len(words) > MAX_WORDS or _asks(phrase) or _ASKING.match(phrase):
        return []
    if _DETERMINER.match(phrase) or _OWNED.match(phrase):
        return [f"what is {phrase}?", f"what are {phrase}?", f"who are {phrase}?"]
    # ("Alberto Elías Beltrán title", "Spring Summit venue": a name, then what is asked of
    # it, its last word or two)
    owned = [f"what is {' '.join(words[:-k])}'s {' '.join(words[-k:])}?"
             for k in (1, 2) if len(words) > k + 1]
    return [f"which {phrase}?", f"what are the {phrase}?", f"what is the {phrase}?",
            f"what is {phrase}?", f"who are the {phrase}?", *owned]


# question words that ask: those that only ask, and any first in a clause (after a noun,
# the others begin a clause describing it: "the deputy secretary who spoke at ...")
_ONLY_ASKING = re.compile(r"\b(?:what|how)\b|(?:^|[,;:\u2013\u2014]\s*|\s-\s)" + WH_WORDS + r"\b",
                          re.IGNORECASE)


def _asks(phrase: str) -> bool:
    """Whether ``phrase`` has a question word that asks: first in it or in a clause of
    it, or one that only asks ("what", "how")."""
    return bool(_ONLY_ASKING.search(phrase))


def _topic(text: str) -> tuple[str, str] | None:
    """The topic and what is asked of it, of a question set off from its topic by a dash
    or a colon; None when not so shaped."""
    cuts = list(SPLIT.finditer(text)) or [
        m for m in _LAST_COMMA.finditer(text) if len(text[m.end():].split()) <= MAX_LABEL
        and text[:m.start()].count("(") == text[:m.start()].count(")")]  # (not in brackets)
    if not cuts:
        return None
    last = cuts[-1]
    topic, asked = _bare(text[:last.start()]).strip(" ,"), _bare(text[last.end():])
    if not topic or not asked or WH.search(topic) or len(topic.split()) > MAX_WORDS:
        return None
    return topic, asked


def headed(question: str) -> bool:
    """True when ``question`` is a topic and, after a dash or a colon, a noun phrase asked
    of it ("the summit -- principals in attendance?"): its readings as a note come before
    its reading as typed, which would take the noun phrase's words for no more than noise."""
    split = _topic(question.strip())
    return split is not None and not WH.search(split[1]) and not _ASKING.match(split[1])


def readings(question: str) -> list[str]:
    """The questions ``question`` may stand for when typed as a note, the likelier first;
    none when it is typed as a question (a question word and no topic before it)."""
    from kgraph.ask.lexicon import is_participle, past_of

    text = question.strip()
    split = _topic(text)
    if split is None:
        return noun_phrase(text)
    topic, asked = split
    the = "" if _DETERMINER.match(topic) or _OWNED.match(topic) else "the "
    doer = _DOER.match(asked)
    if doer and is_participle(doer["verb"].lower()):
        # "the summit -- hosted by?": who did it (a verb's form, not its meaning)
        past = past_of(doer["verb"].lower())
        return [f"who {past} {the}{topic}?", f"what {past} {the}{topic}?"]
    joined = [f"{asked} {join} {the}{topic}" for join in _JOINS]
    if asked.lower() in _BARE:  # "Sessions mtgs March 2017, who": who took part in them
        joined = [_BARE[asked.lower()].format(f"{the}{topic}"), *joined]
    if WH.search(asked) or _ASKING.match(asked):
        pointers = [m.group(0).lower() for m in POINTER.finditer(asked)]
        if len(pointers) == 1:  # "DOJ office that ... -- which division is it under?"
            form = POINTING[pointers[0]].format(t=the + topic)
            return [POINTER.sub(lambda _: form, asked, count=1) + "?"]
        return [] if pointers else [f"{q}?" for q in joined]
    # "principals in attendance?": a noun phrase, of the topic (each join asked first the
    # likeliest way, then the others)
    owned = [] if topic.endswith(("'s", "’s", "s'")) else [
        f"{topic}'s {_DETERMINER.sub('', asked, count=1)}"]
    found = [noun_phrase(j) for j in [*owned, *joined, f"{topic} {asked}"]]
    # (a short label of plain words, "need:", "confirm date:", after the likeliest reading
    # of each join: the label's readings are few, the topic's many)
    ordered = [q for k in range(max(map(len, found))) for qs in found for q in qs[k:k + 1]]
    ordered[len(found):len(found)] = _labelled(topic, asked)
    return list({q.lower(): q for q in reversed(ordered)}.values())[::-1]


def _labelled(label: str, asked: str) -> list[str]:
    """The readings of a note under a short label of plain words ("need: city of the
    first working group", "confirm date: the second dialogue"), after those of the label
    as a topic: the label's last words, then fewer, as what is asked of the phrase ("date
    of the second dialogue"), and the phrase alone."""
    words = label.split()
    if not 0 < len(words) <= MAX_LABEL or any(not w.isalpha() or not w.islower() for w in words) \
            or _DETERMINER.match(label):
        return []
    heads = [" ".join(words[k:]) for k in range(1, len(words))]
    out: list[str] = []
    for text in [*(f"{head} of {asked}" for head in heads), asked]:
        out += [f"{text}?", *noun_phrase(text)]
    return out


def noted(question: str, read: Reader,
          unread: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list[str]] | None:
    """The answer to the first of the questions a note stands for (:func:`readings`) that
    reads whole, with a note saying how it was read; None when none does (``read``: a
    question's result and the ids beyond it; ``unread``: its errors of a question not read
    or found). Whole: no text match, nothing partial or left out, and some relation read
    (any relation at all would leave out a noun of the note)."""
    for text in readings(question)[:MAX_TRIED]:
        try:
            result, more = read(text)
        except unread:
            continue
        how = result["interpretation"]
        if result.get("match") == "text" or result.get("partial") or how.get("ignored") \
                or how["intent"] == "relation" and not how["relations"]:
            continue
        result.setdefault("notes", []).insert(0, f"read as: '{text}'")
        result["question"] = question
        return result, more
    return None
