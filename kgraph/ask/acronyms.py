"""Acronyms the dataset never spells as such: "the Trilateral Summit Against TOC" for
"... Against Transnational Organized Crime", "the first TCO WG" for "... Working Group".

An acronym in a question that the dataset does not know (all capitals, two to six letters)
is read as the words of the dataset's names whose first letters spell it: a run of
capitalised words in an entity's name or alias ("Working Group"; "of" and the like may be
spelt or not: "Government of Mexico" is GOM and GM), or else of as many lower-case words
("law enforcement"). The run the names use most is taken; none: the acronym stays as typed.
(Names only, not descriptions or quotes: the table is built once per graph, and a graph of
100,000 entities has far more prose than names.)"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph

_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'.-]*")
# an acronym as typed (a plural "s" may follow: "TCOs")
_ACRONYM = re.compile(r"\b([A-Z]{2,6})(s?)\b")
# words a run of capitalised words may hold without starting or ending on them
_LINKS = frozenset({"of", "and", "the", "for", "on", "against", "de", "la", "del", "y", "in"})
MAX_RUN = 6


def _letters(word: str) -> str:
    """The letters a word gives an acronym: its first, or each of a dotted one's ("U.S.")."""
    parts = [p for p in word.split(".") if p]
    return "".join(p[0] for p in parts).upper() if "." in word.strip(".") else word[0].upper()


def _runs(text: str, found: Counter[tuple[str, str]]) -> None:
    words = _WORD.findall(text)
    for i, first in enumerate(words):
        if not first[0].isupper():
            if first.isalpha() and first.lower() not in _LINKS:
                # lower-case runs: as many content words as letters
                run = []
                for w in words[i:i + MAX_RUN]:
                    if not w.isalpha() or w.lower() in _LINKS or not w.islower():
                        break
                    run.append(w)
                    if len(run) > 1:
                        found["".join(x[0] for x in run).upper(), " ".join(run)] += 1
            continue
        if i and words[i - 1][0].isupper() and words[i - 1].lower() not in _LINKS:
            continue  # (the middle of a run: "General of Mexico" in "Attorney General ...")
        spelt, plain = "", ""
        for j in range(i, min(len(words), i + MAX_RUN + 3)):
            w = words[j]
            if w[0].isupper():
                spelt += _letters(w)
                plain += _letters(w)
            elif w.lower() in _LINKS:
                spelt += w[0].upper()
                continue
            else:
                break
            if j > i:
                phrase = " ".join(words[i:j + 1])
                found[plain, phrase] += 1
                if spelt != plain:
                    found[spelt, phrase] += 1


def table(kg: KnowledgeGraph) -> dict[str, str]:
    """Each acronym the dataset's texts can spell, and the words it stands for (the run
    used most)."""
    found: Counter[tuple[str, str]] = Counter()
    for _, data in kg.graph.nodes(data=True):
        _runs(str(data.get("name") or ""), found)
        for alias in data.get("aliases") or []:
            _runs(str(alias), found)
    best: dict[str, tuple[int, str]] = {}
    for (letters, phrase), n in found.items():
        if 2 <= len(letters) <= MAX_RUN and n > best.get(letters, (0, ""))[0]:
            best[letters] = (n, phrase)
    return {letters: phrase for letters, (_, phrase) in best.items()}


def spelt_out(kg: KnowledgeGraph, lex: Lexicon, question: str) -> tuple[str, list[str]]:
    """``question`` with each acronym the dataset does not know spelt out as its texts do,
    and the notes that say so."""
    from kgraph.graph import derived

    if not _ACRONYM.search(question):
        return question, []
    known = derived(kg, "_ask_acronyms", table)
    notes: list[str] = []

    def spell(m: re.Match[str]) -> str:
        letters, plural = m.group(1), m.group(2)
        if lex.known(letters.lower()) or lex.known((letters + plural).lower()) \
                or letters not in known:
            return m.group(0)
        words = known[letters] + plural
        notes.append(f"read '{m.group(0)}' as '{words}'")
        return words

    return _ACRONYM.sub(spell, question), notes
