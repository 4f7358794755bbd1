"""A description inside a question that is a question of its own: "Who was the foreign
minister of *the country whose attorney general signed the declaration*?", "Which deputy
secretary spoke at *the dialogue that built on Tillerson's meetings*?", "How many members
does *the gang whose members were charged under Operation Regional Shield* have?".

Such a phrase (a noun with "the" before it and a clause of "whose", "that", "which" or
"who" after it, up to a mark or the end) is asked first as the question it stands for
("which country's attorney general signed the declaration?"). So is a clause of describing
without a relative word: "the country described as the largest producer of cocaine",
"the country LatinNews calls a major route into the US" (which country is described as
..., which country does LatinNews call ...). A clause may end before a phrase of place or
time that says something of the question rather than of the noun ("... at the summit"):
it is asked as typed first, then without each such phrase, the longest first. When that
finds one to three
entities, and finds them whole (no text match, nothing partial), they stand in for the
phrase and the question is asked again. The answer says what the phrase was read as and
how. It is tried when the question as typed finds nothing, or only loosely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader
    from kgraph.graph import KnowledgeGraph


# a clause: up to a mark, a quotation whole ("whose motto is 'kill, rape, control'")
_CLAUSE = (r"(?:(?<!\w)'[^']*'(?!\w)|(?<!\w)\"[^\"]*\"|\u2018[^\u2019]*\u2019|\u201c[^\u201d]*\u201d"
           r"|[^,;:?!()\u2013\u2014])+?")
# "the country whose ...", "the dialogue that ...", "the official who ...": the article, a
# few words of noun, the relative word, and the clause up to a mark or the end
_PHRASE = re.compile(
    r"\b(?P<the>the|a|an)\s+(?P<noun>(?:[\w.'\u2019-]+\s+){0,3}?[\w.'\u2019-]+)\s+"
    r"(?P<rel>whose|that|which|who)\s+(?P<clause>" + _CLAUSE + ")"
    r"(?=\s*(?:[,;:?!()\u2013\u2014]|\s-\s|$))", re.IGNORECASE)
# "the country described as ...", "the country LatinNews calls ...": a verb of describing
# as a participle, or in a clause with a name as its subject, and no relative word
_DESCRIBED = re.compile(
    r"\b(?P<the>the|a|an)\s+(?P<noun>(?:[\w.'\u2019-]+\s+){0,3}?[\w.'\u2019-]+)\s+(?:"
    r"(?P<part>described|characteri[sz]ed|portrayed|labell?ed|branded|dubbed|called|termed"
    r"|regarded|considered|known)\s+(?P<as>as\s+)?"
    r"|(?P<subject>(?:[Tt]he\s+)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}"
    r"|the\s+[a-z][\w'\u2019-]*)\s+"
    r"(?P<verb>calls|describes|characteri[sz]es|labels|dubs|terms|brands|considers|regards"
    r"|portrays)\s+(?P<verb_as>(?:it\s+)?as\s+)?)"
    r"(?P<clause>" + _CLAUSE + ")"
    r"(?=\s*(?:[,;:?!()\u2013\u2014]|\s-\s|$))")
# words that may begin a phrase of place or time after a clause ("... at the summit")
_AFTER = re.compile(r"\s+(?:at|in|during|on|before|after|when|while|since)\s+", re.IGNORECASE)
# "whose motto is '...'": what it has, and its value (quoted, or a number)
_HAS = re.compile(r"^(?P<what>\S+(?:\s\S+)?)\s+(?:is|was|are|were)\s+"
                  r"(?P<value>['\"\u2018\u201c][^'\"\u2019\u201d]+['\"\u2019\u201d]|[\d,.]+)$")
MAX_STANDING = 3  # entities that may stand in for a phrase
_INVERTED = re.compile(r"\b(?:does|did|do)\s+$", re.IGNORECASE)  # an auxiliary put first
_VERBISH = frozenset({"is", "was", "are", "were", "has", "had", "have", "did", "does", "do"})


@dataclass
class Nested:
    """A phrase of the question, and the question it stands for."""

    start: int
    end: int
    phrase: str
    questions: list[str]  # (its readings as a question, the likelier first)
    ends: list[int] = field(default_factory=list)  # (where each reading's phrase ends)
    by: str = ""  # (who calls it so: "the country LatinNews calls ...", said in the reading)

    def readings(self) -> list[tuple[str, int]]:
        """Each reading as a question, and where in the question its phrase ends."""
        return list(zip(self.questions, self.ends or [self.end] * len(self.questions)))


def nested(question: str) -> list[Nested]:
    """The phrases of ``question`` that are questions of their own, the last first."""
    out = []
    for m in _PHRASE.finditer(question):
        noun, rel, clause = m.group("noun"), m.group("rel").lower(), m.group("clause").strip()
        if len(clause.split()) < 2 or noun.split()[-1].lower() in _VERBISH:
            continue
        ends: list[int] = []
        if rel == "whose":  # "the country whose attorney general signed": which country's
            asked = [f"which {noun}'s {clause}?"]
            has = _HAS.match(clause)
            if has:  # "the gang whose motto is 'kill ...'": which gang has the motto '...'
                asked.append(f"which {noun} has the {has['what']} {has['value']}?")
        else:  # "the dialogue that built on": which dialogue built on; "the group that
            # OPDAT launched": which group did OPDAT launch (as typed, either)
            cuts = [(clause, m.end())]
            if _INVERTED.search(question[:m.start()]):
                # "does the office that spearheads the group coordinate the event with":
                # the subject of an inverted question, whose clause ends before the
                # question's own verb, somewhere: each end tried, the longest first
                words = list(re.finditer(r"\S+", clause))
                cuts += [(clause[:w.end()], m.start("clause") + w.end())
                         for w in reversed(words[1:-1])]
            asked = [q for cut, _ in cuts for q in (f"which {noun} {cut}?",
                                                    f"which {noun} did {cut}?")]
            ends = [end for _, end in cuts for _ in range(2)]
        out.append(Nested(m.start(), m.end(), m.group(0), asked, ends))
    taken = [(n.start, n.end) for n in out]
    for m in _DESCRIBED.finditer(question):
        if m.group("noun").split()[-1].lower() in _VERBISH or any(
                a < m.end() and m.start() < b for a, b in taken):
            continue
        asked, ends = [], []
        for clause, end in _shorter(m.group("clause"), m.start("clause")):
            if m.group("part"):  # "the country described as ...": which country is
                asked.append(f"which {m.group('noun')} is {m.group('part')} "
                             f"{m.group('as') or ''}{clause}?")
            else:  # "the country LatinNews calls ...": which country does LatinNews call
                asked.append(f"which {m.group('noun')} does {m.group('subject')} "
                             f"{m.group('verb')[:-1]} {m.group('verb_as') or ''}{clause}?")
            ends.append(end)
        out.append(Nested(m.start(), m.end(), m.group(0), asked, ends,
                          m.group("subject") or ""))
    out.sort(key=lambda n: n.start)
    return out[::-1]


def _shorter(clause: str, at: int) -> list[tuple[str, int]]:
    """``clause`` (that begins at ``at``) as typed, then without each phrase of place or
    time at its end, the longest first, each with where it ends."""
    out = [(clause, at + len(clause))]
    for m in reversed(list(_AFTER.finditer(clause))):
        if len(clause[:m.start()].split()) >= 2:
            out.append((clause[:m.start()], at + m.start()))
    return out


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
    loose: tuple[dict[str, Any], list[str]] | None = None  # (a partial answer, if no other)
    for part in nested(question):
        if any(not t.capital and not t.quoted and t.norm not in FUNCTION_WORDS
               and not t.norm.isdigit() and not lex.known(t.norm)
               for t in tokenize(part.phrase.replace(part.by, " ", 1) if part.by else part.phrase)):
            continue  # (a word the data never uses would be left out of it unsaid; a
            # quoted one is a value the reading checks)
        tried: set[int] = set()
        for asked, end in part.readings():
            if end in tried:
                continue  # (what stands in for it was read in that place already)
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
            again = question[:part.start] + names + question[end:]
            tried.add(end)
            try:
                outer, outer_more = read(again)
            except unread:
                continue  # (a shorter phrase may; else the question as typed says why)
            if outer.get("match") == "text" or outer["interpretation"].get("ignored"):
                continue  # (read loosely: the question as typed says what it can)
            note = (f"'{question[part.start:end]}' read as {names} "
                    f"({inner['interpretation']['text']})")
            interpretation = dict(outer["interpretation"])
            interpretation["command"] = list(inner["interpretation"].get("command", [])) + [
                c for c in interpretation.get("command", [])
                if c not in inner["interpretation"].get("command", [])]
            interpretation["text"] = (f"{interpretation['text']}, where {names} is "
                                      f"{inner['interpretation']['text']}")
            result = {**outer, "interpretation": interpretation,
                      "notes": [note, *outer.get("notes", [])]}
            if not outer.get("partial"):
                return result, outer_more
            loose = loose or (result, outer_more)  # (a shorter phrase may read it whole)
    return loose


def _typed(kg: KnowledgeGraph, result: dict[str, Any]) -> bool:
    """Whether the answers are of the type the question asks for, when it asks for one
    ("which adviser": not a country)."""
    plan = result["interpretation"].get("plan") or {}
    sets = plan.get("sets") or []
    at = plan.get("answer")
    types = set(sets[at].get("types") or []) if isinstance(at, int) and at < len(sets) else set()
    return not types or all(any(kg.schema.is_a(str(a.get("type", "")), t) for t in types)
                            for a in result["answers"])
