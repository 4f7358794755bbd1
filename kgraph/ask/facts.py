"""Figures and other attribute values as answers: "how many were charged", "what is the
motto of", "how much money was committed".

Every attribute of every entity (and every record in a list of them, such as a figure
with its measure, unit and scope) is a fact described by words: the attribute's name, the
record's text fields, the entity's name, and the quotes that state it. A question is
matched against those words; the best fact answers, with its value and its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kgraph.ask.words import FUNCTION_WORDS, same_word
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.atom import Atom
    from kgraph.graph import KnowledgeGraph

# words that ask for a sum, and the words a figure's scope says it is one with
TOTAL_WORDS = frozenset({"total", "together", "overall", "combined", "all", "told", "sum",
                         "altogether", "cumulative"})
STANDARD = frozenset({"name", "type", "aliases", "description", "evidence", "date", "start",
                      "end", "inferred", "notes", "where", "id", "claim"})
VALUE_KEYS = ("value", "count", "amount", "number", "figure", "total")
TEXT_KEYS_SKIPPED = frozenset({"quote", "source", "evidence", "notes", "claim", "inferred",
                               "attributed_to"})


@dataclass
class Fact:
    node: str
    attribute: str
    value: Any
    words: list[str]  # what the fact is about: attribute and record words
    quotes: list[dict[str, Any]]  # evidence that states it
    record: dict[str, Any] | None = None
    about: tuple[str, ...] = ()  # the entities it concerns: its own, what it counts, where


def _words(text: Any) -> list[str]:
    return [w for w in fold(str(text).replace("_", " ")).split() if w not in FUNCTION_WORDS]


def _number_in(value: Any) -> str | None:
    digits = re.sub(r"[^0-9.]", "", str(value))
    return digits.rstrip(".") or None


def _quotes_for(attrs: dict[str, Any], value: Any, record: dict[str, Any] | None
                ) -> list[dict[str, Any]]:
    if record is not None and record.get("quote"):
        return [{"source": record.get("source", ""), "quote": record["quote"]}]
    if record is not None and isinstance(record.get("evidence"), list) and record["evidence"]:
        return [ev for ev in record["evidence"] if isinstance(ev, dict) and ev.get("quote")]
    evs = attrs.get("evidence") or []
    number = _number_in(value)
    if number:
        with_it = [ev for ev in evs
                   if number in re.sub(r"(?<=\d)[,\u202f\u00a0](?=\d{3})", "", ev["quote"])]
        if with_it:
            return with_it
    return list(evs[:1])


class FactTable:
    """Every fact of a graph (:func:`facts`) as rows of plain values, which the compiled
    cache keeps between runs (a list of records it cannot)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.rows = [(f.node, f.attribute, f.value, f.words, f.quotes, f.record, f.about)
                     for f in facts(kg)]


def all_facts(kg: KnowledgeGraph) -> list[Fact]:
    """Every fact of ``kg``: built once, and kept in the compiled cache."""
    from kgraph.graph import derived

    found: list[Fact] | None = kg.__dict__.get("_ask_fact_list")
    if found is None:
        found = [Fact(*row) for row in derived(kg, "_ask_facts", FactTable).rows]
        kg.__dict__["_ask_fact_list"] = found
    return found


def measure_words(kg: KnowledgeGraph, name: str) -> list[str]:
    """A measure's name, reading and synonyms from the schema ("charged", "indicted")."""
    measure = getattr(kg.schema, "measures", {}).get(name)
    if measure is None:
        return []
    return [w for text in (measure.reading, *measure.synonyms) for w in _words(text)]


def facts(kg: KnowledgeGraph) -> list[Fact]:
    """Every attribute value of every entity, as facts (a figure record is one fact, with
    the words of its measure, unit, scope and the names of what it counts and where)."""
    out: list[Fact] = []
    g = kg.graph
    for node, attrs in g.nodes(data=True):
        for key, value in attrs.items():
            if key in STANDARD or key.startswith("_"):
                continue
            records = value if isinstance(value, list) else [value]
            for item in records:
                if isinstance(item, dict):
                    val = next((item[k] for k in VALUE_KEYS if k in item), None)
                    about = [node]
                    words = _words(key)
                    for k, v in item.items():
                        if k in TEXT_KEYS_SKIPPED or k in VALUE_KEYS or not isinstance(v, str):
                            continue
                        if k in ("of", "where") and v in g:  # an entity: its name counts
                            about.append(v)
                            words += _words(g.nodes[v].get("name", v))
                        else:
                            words += _words(v)
                        if k == "measure":
                            words += measure_words(kg, v)
                    said = item.get("attributed_to")  # whose claim it is counts too
                    for who in (said if isinstance(said, list) else [said] if said else []):
                        who = who.get("id") if isinstance(who, dict) else who
                        if isinstance(who, str) and who in g:
                            about.append(who)
                    out.append(Fact(node, key, val if val is not None else item, words,
                                    _quotes_for(attrs, val, item), item, tuple(about)))
                else:
                    out.append(Fact(node, key, item, _words(key) + measure_words(kg, key),
                                    _quotes_for(attrs, item, None), None, (node,)))
    return out


def parts_where(kg: KnowledgeGraph, fact: Fact) -> set[str]:
    """A figure that sums others ("the 214 and the 53 together"): the places its parts
    were counted in ("counting both the U.S. sweep and the arrests in El Salvador")."""
    record = fact.record or {}
    if not TOTAL_WORDS & set(fact.words) or not record.get("measure"):
        return set()
    siblings = kg.graph.nodes[fact.node].get(fact.attribute) or []
    return {r["where"] for r in siblings if isinstance(r, dict) and r is not record
            and r.get("measure") == record["measure"] and isinstance(r.get("where"), str)}


@dataclass
class Found:
    fact: Fact
    score: float
    matched: set[str]  # question words the fact explains


def best_facts(kg: KnowledgeGraph, words: list[str], mentioned: set[str],
               numeric: bool, phrases: list[str] | None = None) -> list[Found]:
    """Facts ranked by how well they match the question's content ``words`` (folded),
    the entities it names (``mentioned``) and, when ``numeric``, whether they are figures."""
    table = all_facts(kg)
    found: list[Found] = []
    g = kg.graph
    kinds = {str(g.nodes[n].get("type")) for n in mentioned if n in g}
    for f in table:
        if numeric and _number_in(f.value) is None:
            continue
        counted = (f.record or {}).get("of")
        if isinstance(counted, str) and counted in g and counted not in mentioned \
                and str(g.nodes[counted].get("type")) in kinds:
            continue  # "kilograms of heroin": not the figure for cocaine
        matched: set[str] = set()
        score = 0.0
        value_digits = _number_in(f.value)
        for w in words:
            if w.startswith("#"):  # a number the question gives: this figure's value?
                if value_digits is not None and w[1:] == value_digits:
                    matched.add(w)
                    score += 6
                continue
            if w in TOTAL_WORDS and TOTAL_WORDS & set(f.words):
                matched.add(w)  # "in total": of what the question names, says which figure
                score += 6 if mentioned & set(f.about) else 3
            elif any(same_word(w, x) for x in f.words):
                matched.add(w)
                score += 3
        value_text = fold(str(f.value))
        for phrase in phrases or []:  # 'kill, rape, control': the value itself
            if fold(phrase) and (fold(phrase) in value_text or value_text in fold(phrase)):
                matched.add("\0" + phrase)
                score += 6
        if not matched - TOTAL_WORDS:
            continue  # ("in total" alone says nothing of what is counted)
        name_words = _words(g.nodes[f.node].get("name", f.node))
        if mentioned & set(f.about):
            score += 4 * len(mentioned & set(f.about))
            if f.node in mentioned:
                score += 1  # (its own figure, before one that only counts it: a membership
                # before the arrests of its members)
            matched |= {w for w in words if any(same_word(w, x) for x in name_words)}
        where = (f.record or {}).get("where")
        if isinstance(where, str) and where in g and where not in mentioned:
            score -= 0.5  # (counted in a place the question does not name: a narrower figure)
        parts = parts_where(kg, f) & mentioned
        if len(parts) > 1:  # the places of two of its parts named: the sum is asked for
            score += 4 * len(parts)
        quote_words = {x for ev in f.quotes for x in _words(ev.get("quote", ""))}
        for w in words:
            if w not in matched and any(same_word(w, x) for x in quote_words):
                matched.add(w)
                score += 1
        found.append(Found(f, score / max(len(words), 1), matched))
    # of figures that fit as well, the one that sums the others: a question that names the
    # parts and the whole ("counting both the U.S. sweep and the arrests in El Salvador")
    # asks for the whole
    found.sort(key=lambda x: (-x.score, not TOTAL_WORDS & set(x.fact.words)))
    return found


def saying(kg: KnowledgeGraph, phrases: list[str], words: list[str]
           ) -> tuple[set[str], set[str]]:
    """Entities one of whose values (a motto, a slogan, a title) or names has every one
    of the quoted ``phrases``; and which of the describing ``words`` name the attribute
    that has it ("the gang with the motto '...'")."""
    want = [fold(p) for p in phrases if fold(p)]
    if not want:
        return set(), set()
    found: set[str] = set()
    named: set[str] = set()
    for f in all_facts(kg):
        text = fold(str(f.value))
        if all(p in text for p in want):
            found.add(f.node)
            named |= {w for w in words if any(same_word(w, x) for x in f.words)}
    for node, attrs in kg.graph.nodes(data=True):
        texts = [attrs.get("name", node), *(attrs.get("aliases") or ())]
        if any(all(p in fold(str(t)) for p in want) for t in texts):
            found.add(node)
    return found, named


def with_number(kg: KnowledgeGraph, numbers: list[str], about: list[str] | None = None
                ) -> set[str]:
    """Entities a figure of which is one of ``numbers`` (a fact's value, or a number
    in a quote of theirs), and about or by one of ``about`` when given."""
    want = {n.replace(",", "") for n in numbers}
    found = [f for f in all_facts(kg)
             if _number_in(f.value) in want
             or any(x in want for ev in f.quotes for x in _numbers(ev.get("quote", "")))]
    if about:
        near = [f for f in found if set(about) & set(f.about)]
        found = near or found
    return {f.node for f in found}


def _numbers(text: str) -> list[str]:
    return [m.replace(",", "") for m in re.findall(r"\d[\d,]*", text)]


def owner_fits(kg: KnowledgeGraph, atoms: list[Atom], fact: Fact) -> bool:
    """True when the thing a figure is of is of the kind the question word asks for:
    "which operation arrested 214 members" (an operation), "before which judge were they
    arraigned" (nothing the data describes as a judge is any figure's); or when the
    question word names no kind, or names the figure itself ("what role did she play")."""
    from kgraph.ask.phrases import wh_phrase

    wh = wh_phrase(atoms)
    if wh is None or atoms[wh[0]].word not in ("which", "what"):
        return True
    head = [a for a in atoms[wh[0] + 1:wh[1]] if a.kind in ("type", "word")]
    if not head or all(a.kind == "word" and any(same_word(a.word, w) for w in fact.words)
                       for a in head):
        return True
    attrs = kg.graph.nodes[fact.node]
    types = [t for a in head if a.kind == "type" for t in a.types]
    if types:
        return any(kg.schema.is_a(str(attrs.get("type", "")), t) for t in types)
    text = fold(" ".join(str(attrs.get(k) or "") for k in ("name", "description", "role")))
    return all(any(same_word(a.word, w) for w in text.split()) for a in head)
