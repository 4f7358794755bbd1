"""A question that asks whether: "Did Sessions meet Beltrán?", "Was the DEA at the working
group?", "Did any Mexican officials attend the summit?", "Has Colombia signed the
declaration?", "Did Sessions meet any Honduran officials?".

It is read as the question of who or what did it: the subject named is put as a question
word ("who met Beltrán?", and the answer is yes when Sessions is among its answers), a
subject of "any" becomes "which" ("which Mexican officials attended the summit?", yes when
it has answers), and so does an object of "any" ("Sessions met which Honduran officials?").
The answer is the answers that make it yes, each with its evidence. When the subject is not
among the answers the answer is not "no" but "not recorded", with what is: a record that
says less than the question cannot say no.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kgraph.errors import NotFound

if TYPE_CHECKING:
    from kgraph.ask.candidate import Reader
    from kgraph.graph import KnowledgeGraph


# what a subject of any kind opens with, and the question word it becomes
_ANY = {"any": "which", "some": "which", "anyone": "who", "anybody": "who", "someone": "who",
        "somebody": "who", "anything": "what", "something": "what"}
_DO = frozenset({"do", "does", "did"})
_NOT_SUBJECT = frozenset({"there", "it", "this", "that", "these", "those", "you", "we", "i",
                          "they", "he", "she"})
_SUBJECT_KINDS = frozenset({"entity", "type", "filler", "and", "both"})
# a second question after it that asks for the list ("..., and if so which force?", "? which
# one")
_FOLLOW = re.compile(r"(?:\?|,|;|\s-|\s\u2013|\s\u2014)\s*(?:and\s+)?(?:if\s+so,?\s+)?"
                     r"(?:which|who|what|whom)\b[^,?;]{0,30}\??\s*$", re.IGNORECASE)


class NotAmong(NotFound):
    """The question was read, and what it asks about is not among its answers."""


@dataclass
class Polar:
    """The question asked instead, and the entities its answers must include."""

    question: str
    subject: list[str] = field(default_factory=list)  # (none: any answer makes it yes)
    names: str = ""  # the subject as typed


def polar(kg: KnowledgeGraph, question: str) -> Polar | None:
    """``question`` as the question of who or what, when it asks whether; else None."""
    from kgraph.ask import parse
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.plan import WHO_TYPES
    from kgraph.ask.words import AUXILIARIES, COPULAS, tokenize

    opening = tokenize(question[:40])
    if not opening or opening[0].norm not in AUXILIARIES | COPULAS:
        return None  # (a question that asks whether starts with its verb)
    follow = _FOLLOW.search(question)
    if follow is not None:  # "did any ... attend X, and if so which force?": the list asked
        question = question[:follow.start()].rstrip(" ,;?") + "?"
    tokens, atoms = parse.atoms(kg, question, lexicon(kg))
    if len(atoms) < 3 or atoms[0].kind not in ("aux", "copula") or atoms[0].start != 0 \
            or tokens[atoms[1].start].norm in _NOT_SUBJECT:
        return None
    aux = tokens[0]
    end = 1
    while end < len(atoms) and (atoms[end].kind in _SUBJECT_KINDS or atoms[end].kind == "prep"
                                and tokens[atoms[1].start].norm in _ANY
                                or atoms[end].kind == "word" and any(  # ("the US drug agency")
                                    a.kind == "type" for a in atoms[end + 1:end + 3])):
        end += 1
    if end == 1 or end == len(atoms):
        return None
    subject, rest = atoms[1:end], question[tokens[atoms[end].start].start:]
    kept_aux = "" if aux.norm in _DO else aux.text.lower() + " "
    first = tokens[subject[0].start].norm
    if first in _ANY:  # "did any Mexican officials attend": which Mexican officials did
        after = question[tokens[subject[0].end - 1].end:tokens[atoms[end].start].start].strip()
        wh = _ANY[first] if not after or first not in ("any", "some") else "which"
        return Polar(f"{wh.capitalize()} {after + ' ' if after else ''}{kept_aux}{rest}")
    named = [a for a in subject if a.kind == "entity"]
    if any(a.kind == "type" for a in subject):  # "was the US drug agency at X": which
        lead = next(k for k, a in enumerate(subject) if a.kind != "filler")
        described = question[tokens[subject[lead].start].start:tokens[subject[-1].end - 1].end]
        return Polar(f"Which {described} {kept_aux}{rest}")
    if not named or any(a.match == "adjective" for a in subject):
        return None
    names = question[tokens[subject[0].start].start:tokens[subject[-1].end - 1].end]
    at = next((k for k in range(end, len(atoms)) if tokens[atoms[k].start].norm in _ANY), None)
    if at is not None:
        # "did Sessions meet any Honduran officials": which Honduran officials did he meet
        stop = at + 1
        while stop < len(atoms) and atoms[stop].kind in ("entity", "type", "word", "filler"):
            stop += 1
        word = tokens[atoms[at].start].norm
        np = question[tokens[atoms[at].end - 1].end:tokens[atoms[stop - 1].end - 1].end] \
            .strip() if stop > at + 1 else ""
        verb = question[tokens[atoms[end].start].start:tokens[atoms[at].start].start].strip()
        after = question[tokens[atoms[stop - 1].end - 1].end:].strip() if stop < len(atoms) \
            else "?"
        wh = "which" if np else ("whom" if _ANY[word] == "who" else _ANY[word])
        return Polar(f"{wh.capitalize()} {np + ' ' if np else ''}{aux.text.lower()} {names} "
                     f"{verb} {after}".replace(" ?", "?"))
    ids = [a.ids[0] for a in named if a.ids]
    types = [str(kg.graph.nodes[n].get("type", "")) for n in ids if n in kg.graph]
    who = all(any(kg.schema.is_a(t, w) for w in WHO_TYPES) for t in types)
    return Polar(f"{'Who' if who else 'What'} {kept_aux}{rest}", ids, names)


def answered_polar(kg: KnowledgeGraph, asked: Polar, read: Reader
                   ) -> tuple[dict[str, Any], list[str]]:
    """Yes, with the answers of ``asked``'s question that make it so; raises
    :class:`NotAmong` when its subject is not among them, and the question's own error (a
    text match is no answer to whether)."""
    result, more = read(asked.question)
    if result.get("match") == "text" or result.get("value") is not None:
        raise NotFound(f"understood: whether; but no relation answers '{asked.question}'")
    text = result["interpretation"]["text"]
    answers = result["answers"]
    notes = [f"read as: {asked.question}", *result.get("notes", [])]
    be = "are" if len(asked.subject) > 1 else "is"
    if asked.subject:
        found = {str(a["id"]) for a in answers} | set(more)
        # (a body or a country did it through what belongs to it: "has Colombia signed the
        # declaration": its attorney general did)
        through = {n: _belonging(kg, n) & found for n in asked.subject if n not in found}
        missing = [n for n, by in through.items() if not by]
        if missing:
            shown = ", ".join(str(a["name"]) for a in answers[:5])
            raise NotAmong(f"not recorded: {asked.names} {be} not among {text} (those "
                           f"recorded are {shown}{', ...' if len(found) > 5 else ''})")
        keep = set(asked.subject) | {m for by in through.values() for m in by}
        answers = [a for a in answers if str(a["id"]) in keep]
        more = []
        for n, by in through.items():
            names = ", ".join(str(a["name"]) for a in answers if str(a["id"]) in by)
            notes.append(f"{kg.graph.nodes[n].get('name', n)} through what belongs to it: "
                         f"{names}")
    interpretation = dict(result["interpretation"])
    interpretation["text"] = f"whether {asked.names + f' {be} among ' if asked.names else ''}{text}"
    return {**result, "interpretation": interpretation, "answers": answers, "value": "yes",
            "notes": notes, "alternatives": []}, more


def _belonging(kg: KnowledgeGraph, node: str) -> set[str]:
    """What belongs to ``node``: its parts, the bodies linked to it, the people who hold its
    offices or head its bodies (none for a person, an event or a document)."""
    from kgraph.ask.execute import Runner
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.plan import BODIES

    runner = Runner(kg, lexicon(kg))
    if node not in kg.graph or not runner.is_a(node, BODIES):
        return set()
    return runner.affiliated([node]) - {node}
