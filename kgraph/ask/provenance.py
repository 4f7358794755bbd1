"""Which source a question asks to hear it from: "according to the Latin News report",
"the foreign minister mentioned in the Latin News piece", "in the December 8 article".

Such a phrase names no entity the answer is related to; it says which documents the answer
must rest on. It is taken out of the question before plans are made, and the answers are
then kept to those whose evidence is quoted from one of the documents it names (all are
kept, and that said, when none is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kgraph.ask.atom import Atom
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

# words for a document, and the verbs that say a text names something ("mentioned in")
DOCUMENT_NOUNS = frozenset({"report", "article", "piece", "release", "post", "story",
                            "statement", "document", "declaration", "blog", "announcement",
                            "readout", "news", "text", "source", "account", "coverage",
                            "reporting", "writeup", "write", "transcript", "remarks",
                            "speech", "interview", "newsletter", "bulletin", "briefing",
                            "communique", "editorial", "press"})
# prepositions inside a phrase describing a document, once it has its noun ("the coverage
# of Sessions's meeting with ...")
_INNER = frozenset({"of", "on", "about", "with"})
CITING = frozenset({"mentioned", "cited", "named", "quoted", "reported", "identified",
                    "listed", "described", "referred", "featured", "according", "per"})
_STOP = frozenset({"the", "a", "an", "of", "on", "to", "in", "by", "s", "and", "from"})


@dataclass
class Provenance:
    """The sources a question names, and the question's tokens that name them."""

    sources: list[str] = field(default_factory=list)
    tokens: set[int] = field(default_factory=set)
    text: str = ""
    unchecked: bool = False  # "according to the Deputy Secretary": no document, a speaker


def provenance(kg: KnowledgeGraph, tokens: list[Token], atoms: list[Atom]
               ) -> tuple[list[Atom], Provenance]:
    """``atoms`` without the phrase that names the sources, and the sources it names."""
    if not kg.sources:
        return atoms, Provenance()
    for k, a in enumerate(atoms[:-2]):
        # "the country LatinNews calls the world's largest producer": who calls it so
        # (and "the Latin News piece describes as": its document noun too)
        doc = atoms[k + 1] if tokens[atoms[k + 1].start].norm in DOCUMENT_NOUNS \
            and atoms[k + 1].end - atoms[k + 1].start == 1 else None
        j = k + 2 if doc is not None else k + 1
        if a.kind in ("entity", "word") and j + 1 < len(atoms) and atoms[j].kind == "filler" \
                and atoms[j + 1].kind == "quote" and atoms[j + 1].word == "described":
            found = named_sources(kg, tokens, [a] + ([doc] if doc is not None else []),
                                  by_quotes=doc is not None)
            if found:
                span = [a] + ([doc] if doc is not None else [])
                where = {i for b in span for i in range(b.start, b.end)}
                text = " ".join(tokens[i].text for i in sorted(where))
                return [b for b in atoms if b not in span], Provenance(found, where, text)
    for k, a in enumerate(atoms):
        word = tokens[a.start].norm
        lead = a.kind in ("word", "relation", "filler") and word in CITING
        if not (lead or a.kind == "prep" and word in ("in", "from", "by")):
            continue
        j = k + 1
        while j < len(atoms) and atoms[j].kind == "prep":  # "according to", "mentioned in"
            j += 1
        linked = word == "per" or tokens[a.end - 1].norm in ("to", "in", "by") or \
            j > k + 1 and tokens[atoms[k + 1].start].norm in ("to", "in", "by")
        if lead and not linked:
            continue  # ("identified as ...": not a source)
        end = j
        noun = False
        while end < len(atoms) and (atoms[end].kind in ("entity", "type", "word", "filler",
                                                        "date", "number")
                                    or tokens[atoms[end].start].norm in DOCUMENT_NOUNS
                                    or noun and atoms[end].kind == "prep"
                                    and atoms[end].word in _INNER
                                    and end + 1 < len(atoms)) \
                and tokens[atoms[end].start].norm not in CITING:
            noun = noun or tokens[atoms[end].start].norm in DOCUMENT_NOUNS
            end += 1
        phrase = atoms[j:end]
        # "in the Latin News report": a word for a document, not the name of one the
        # question is about ("the principles in their joint declaration")
        nouns = {tokens[b.start].norm for b in phrase if b.kind != "entity"}
        if not phrase or not (lead or nouns & DOCUMENT_NOUNS):
            continue
        # (a document named by what it is about, "the Cartagena article": by its quotes)
        found = named_sources(kg, tokens, phrase, by_quotes=bool(nouns & DOCUMENT_NOUNS))
        closed = end == len(atoms) or atoms[end].kind == "wh" and atoms[end].word not in (
            "who", "whom", "whose", "that")  # (not "the official who spoke at X")
        if not found and word in ("according", "per") and closed and any(
                b.kind == "entity" and not _documents(kg, [b]) for b in phrase):
            # "according to the Deputy Secretary": who said it, not a document; the data
            # does not record who said each relation, so it is told, not checked
            span = atoms[k:end]
            where = {i for b in span for i in range(b.start, b.end)}
            text = " ".join(tokens[i].text for i in sorted(where))
            return [b for b in atoms if b not in span], Provenance([], where, text, True)
        if not found:
            continue
        span = atoms[k:end]
        where = {i for b in span for i in range(b.start, b.end)}
        text = " ".join(tokens[i].text for i in sorted(where))
        return [b for b in atoms if b not in span], Provenance(found, where, text)
    return atoms, Provenance()


def _documents(kg: KnowledgeGraph, phrase: list[Atom]) -> list[str]:
    """The sources of the documents the phrase names as entities."""
    out = []
    for a in phrase:
        for n in a.ids if a.kind == "entity" else ():
            attrs = kg.graph.nodes[n] if n in kg.graph else {}
            if kg.schema.is_a(str(attrs.get("type", "")), "document") \
                    and attrs.get("source") in kg.sources:
                out.append(str(attrs["source"]))
    return out


def named_sources(kg: KnowledgeGraph, tokens: list[Token], phrase: list[Atom],
             by_quotes: bool = False) -> list[str]:
    """The source records the phrase fits best: by the documents it names, else by the
    words of their title, publisher and id, and their date."""
    named = _documents(kg, phrase)
    if named:
        return sorted(set(named))
    words = {fold(tokens[i].norm) for a in phrase if a.kind != "date"
             for i in range(a.start, a.end)} - _STOP
    dates = [a.period for a in phrase if a.kind == "date" and a.period]
    scores: dict[str, float] = {}
    for sid, record in kg.sources.items():
        title = set(fold(str(record.get("title", ""))).replace("-", " ").split())
        # (who published it says more than a word its headline happens to have)
        publisher = set(fold(str(record.get("publisher", ""))).replace("-", " ").split()) | {
            w for w in sid.split("-") if not w.isdigit()}
        score = len(words & title - publisher) + 2.0 * len(words & publisher)
        date = str(record.get("date", ""))
        if dates and date and any(_within(date, p) for p in dates):
            score += 1.5
        if score:
            scores[sid] = score
    if not scores and by_quotes:
        scores = _quoting(kg, phrase)
    if not scores:
        return []
    best = max(scores.values())
    return sorted(s for s, v in scores.items() if v == best)


def _quoting(kg: KnowledgeGraph, phrase: list[Atom]) -> dict[str, float]:
    """"The Cartagena article": no title has the name; the documents are scored by how
    many of their quotes name what the phrase names (in the evidence of it and of its
    relations)."""
    from kgraph import described as q

    scores: dict[str, float] = {}
    for a in phrase:
        if a.kind != "entity":
            continue
        for n in a.ids:
            if n not in kg.graph:
                continue
            names = {fold(str(kg.graph.nodes[n].get("name", n))), fold(a.text)}
            evidence = list(kg.graph.nodes[n].get("evidence") or [])
            for _, edge in q.edges_of(kg, n, "both"):
                evidence += edge[3].get("evidence") or []
            for ev in evidence:
                quote = fold(str(ev.get("quote", "")))
                if ev.get("source") in kg.sources and any(x and x in quote for x in names):
                    scores[ev["source"]] = scores.get(ev["source"], 0) + 1
    return scores


def _within(date: str, period: tuple[str, str]) -> bool:
    lo, hi = period
    if lo.startswith("0000-00"):
        return len(date) >= 10 and date[7:10] == lo[7:10]
    if lo.startswith("0000"):
        return date[4:7] == lo[4:7] and (len(lo) < 10 or date[7:10] == lo[7:10])
    return lo[:len(date)] <= date[:len(lo)] <= hi[:len(date)] or date.startswith(lo)


def keep_from(kg: KnowledgeGraph, answers: list[dict[str, Any]], prov: Provenance
              ) -> tuple[list[dict[str, Any]], str, bool]:
    """The answers whose evidence is quoted from one of the sources, a note to tell, and
    whether any was (when none is, every answer is kept)."""
    if not prov.sources:
        return answers, "", True
    titles = ", ".join(f"'{kg.sources[s].get('title', s)}'" for s in prov.sources)

    def sources_of(a: dict[str, Any]) -> set[str]:
        found = {str(ev.get("source")) for ev in a.get("evidence") or []}
        attrs = kg.graph.nodes[a["id"]] if a.get("id") in kg.graph else {}
        found.add(str(attrs.get("source")))
        found |= {str(ev.get("source")) for ev in attrs.get("evidence") or []}
        return found

    kept = [a for a in answers if sources_of(a) & set(prov.sources)]
    if kept:
        return kept, f"from {titles} ('{prov.text}')", True
    return answers, f"none of these is recorded from {titles}: shown from every source", False
