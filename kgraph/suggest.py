"""Help to read a new document: which known entities it mentions (names and aliases,
accent- and case-insensitively), which sentences name two of them (candidate relations,
with the relation types the schema allows between their types), and which capitalised
names and acronyms it has that the data does not know (candidate entities).

Everything comes back as values, and as YAML stubs with verbatim quotes for a person to
review (:func:`as_yaml`); nothing is written to the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph
    from kgraph.schema import Schema

# sentence ends: . ! ? (and a closing quote or bracket), then space and a capital or quote;
# not after an initial (U.S., H.R.) or a common abbreviation
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "jr", "sr", "inc", "co", "corp", "ltd", "dept", "approx", "fig",
}
_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")
_CAPITALISED = re.compile(
    r"(?:[A-Z][\w\u2019'-]*|[A-Z]{2,}(?:-\d+)?)"
    r"(?:\s+(?:(?:of|the|for|on|against|de|del|la|las|los|da|do|dos|van|von|al|el)\s+)*"
    r"(?:[A-Z][\w\u2019'-]*|[A-Z]{2,}(?:-\d+)?|\d+))*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]*[A-Z0-9]\Z")
# capitalised words that start sentences or are capitalised for other reasons
_COMMON = {
    "the", "a", "an", "in", "on", "at", "by", "for", "from", "with", "to", "of", "and", "or",
    "but", "as", "after", "before", "during", "when", "while", "since", "until", "this",
    "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "our", "my", "your", "also", "however", "according", "there", "here",
    "both", "each", "all", "some", "many", "most", "more", "other", "such", "if", "so",
    "thus", "then", "yet", "not", "no", "one", "two", "three", "first", "second", "third",
    "last", "next", "new", "said", "says", "mr", "mrs", "ms", "dr", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "today", "yesterday", "tomorrow", "what", "who", "which", "where", "why", "how", "via",
    "under", "over", "about", "into", "than", "further", "furthermore", "moreover",
    "meanwhile", "following", "among", "despite", "through", "between", "within", "without",
}


@dataclass
class Sentence:
    text: str  # as written, whitespace runs as one space
    start: int  # offset in the document
    line: int  # 1-based


@dataclass
class Mention:
    id: str
    name: str
    type: str
    matched: list[str] = field(default_factory=list)  # the document's words for it
    count: int = 0
    line: int = 0  # of the first mention


@dataclass
class CandidateRelation:
    sentence: Sentence
    source: str  # entity id
    target: str
    types: list[str]  # relation types the schema allows from source to target
    cued: list[str]  # of those, the ones whose words the sentence uses
    known: list[str]  # relation types already recorded between the two, this way round


@dataclass
class CandidateEntity:
    name: str
    count: int
    sentence: Sentence
    type: str | None  # guessed from a word of a type's label ("Operation X")
    acronym: bool


@dataclass
class Suggestions:
    mentions: list[Mention]
    relations: list[CandidateRelation]
    entities: list[CandidateEntity]
    ambiguous: dict[str, list[str]]  # words that name several entities -> their ids


def sentences(text: str) -> Iterator[Sentence]:
    """The document's sentences (split at paragraph breaks and sentence ends)."""
    for para in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        start = para.start()
        chunk = para.group()
        pos = 0
        for end in _END.finditer(chunk):
            before = re.search(r"(\w+)\.?$", chunk[pos:end.start() + 1])
            word = before.group(1) if before else ""
            if len(word) == 1 or word.lower() in _ABBREVIATIONS:
                continue  # an initial or an abbreviation, not a sentence end
            yield _sentence(text, start + pos, chunk[pos:end.end()])
            pos = end.end()
        if chunk[pos:].strip():
            yield _sentence(text, start + pos, chunk[pos:])


def _sentence(text: str, start: int, raw: str) -> Sentence:
    return Sentence(" ".join(raw.split()), start, text.count("\n", 0, start) + 1)


class _Names:
    """Folded names and aliases -> entity ids; an all-capitals name (an acronym) matches
    only words written in capitals ('ICE', not 'ice')."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.keys: dict[tuple[str, ...], set[str]] = {}
        self.caps: set[tuple[str, ...]] = set()
        self.longest = 1
        for node, attrs in kg.graph.nodes(data=True):
            for text in (attrs.get("name", node), *attrs.get("aliases", ())):
                words = tuple(fold(str(text)).split())
                if not words:
                    continue
                self.keys.setdefault(words, set()).add(node)
                if _ACRONYM.match(str(text)) and len(words) == 1:
                    self.caps.add(words)
                self.longest = max(self.longest, len(words))

    def find(self, sentence: str) -> Iterator[tuple[int, int, set[str]]]:
        """(start, end, the entities named) for each name in the sentence, the longest
        name first where names overlap."""
        tokens = list(_WORD.finditer(sentence))
        folded = [fold(m.group()) for m in tokens]
        i = 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                key = tuple(w for f in folded[i:i + n] for w in f.split())
                ids = self.keys.get(key)
                if not ids:
                    continue
                if key in self.caps and not all(m.group().isupper() for m in tokens[i:i + n]):
                    continue
                yield tokens[i].start(), tokens[i + n - 1].end(), ids
                i += n - 1
                break
            i += 1


def suggest(kg: KnowledgeGraph, text: str) -> Suggestions:
    """What ``text`` (a document) says that the data knows, or may want to know."""
    names = _Names(kg)
    mentions: dict[str, Mention] = {}
    ambiguous: dict[str, list[str]] = {}
    relations: list[CandidateRelation] = []
    unknown: dict[str, CandidateEntity] = {}
    allowed_between: dict[tuple[str, str, bool], list[str]] = {}
    for sentence in sentences(text):
        order: list[str] = []
        spans: list[tuple[int, int]] = []
        for start, end, ids in names.find(sentence.text):
            spans.append((start, end))
            written = sentence.text[start:end]
            if len(ids) > 1:
                ambiguous.setdefault(written, sorted(ids))
                continue
            (node,) = ids
            m = mentions.get(node)
            if m is None:
                attrs = kg.graph.nodes[node]
                m = mentions[node] = Mention(node, attrs.get("name", node),
                                             attrs.get("type", ""), line=sentence.line)
            m.count += 1
            if written not in m.matched:
                m.matched.append(written)
            if node not in order:
                order.append(node)
        relations.extend(_pairs(kg, sentence, order, allowed_between))
        for name in _capitalised(sentence.text, spans, names):
            found = unknown.get(name)
            if found is None:
                unknown[name] = CandidateEntity(name, 1, sentence, _guess_type(kg.schema, name),
                                                bool(_ACRONYM.match(name)))
            else:
                found.count += 1
    candidates = [c for c in unknown.values()
                  if c.acronym or " " in c.name or c.count > 1 or c.type is not None]
    candidates.sort(key=lambda c: (-c.count, c.sentence.start))
    ranked = sorted(mentions.values(), key=lambda m: (-m.count, m.line))
    return Suggestions(ranked, relations, candidates, ambiguous)


def _pairs(kg: KnowledgeGraph, sentence: Sentence, order: list[str],
           memo: dict[tuple[str, str, bool], list[str]]) -> Iterator[CandidateRelation]:
    """Candidate relations between the entities a sentence names, in both directions, for
    the relation types the schema allows; those whose words the sentence uses first."""
    schema = kg.schema
    said = f" {fold(sentence.text)} "
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            for src, dst in ((a, b), (b, a)):
                backwards = src != a  # named in the other order: 'X was attended by Y'
                ta, tb = kg.graph.nodes[src].get("type", ""), kg.graph.nodes[dst].get("type", "")
                allowed = memo.get((ta, tb, backwards))
                if allowed is None:  # (the relation types allowed between two types)
                    allowed = memo[(ta, tb, backwards)] = [
                        name for name, rt in schema.relation_types.items()
                        if any(schema.is_a(ta, t) for t in rt.source)
                        and any(schema.is_a(tb, t) for t in rt.target)
                        and not (backwards and rt.symmetric)]
                if not allowed:
                    continue
                cued = [name for name in allowed if _cued(schema, name, said, backwards)]
                if backwards and not cued:
                    continue  # the other way round only when the words say so
                known = _recorded(kg, src, dst)
                yield CandidateRelation(sentence, src, dst, allowed, cued, known)


def _recorded(kg: KnowledgeGraph, a: str, b: str) -> list[str]:
    """The relation types the data has from ``a`` to ``b``."""
    from kgraph.queries import edges_of

    return sorted({str(edge[3].get("type")) for other, edge in edges_of(kg, a, "out")
                   if other == b})


def _cued(schema: Schema, name: str, said: str, backwards: bool) -> bool:
    """Whether the sentence uses the relation type's words (its inverse reading and
    synonyms when the entities come in the other order)."""
    rt = schema.relation_types[name]
    phrases = ((rt.inverse_reading, *rt.inverse_synonyms) if backwards
               else (rt.reading, *rt.synonyms, name.replace("_", " ")))
    for phrase in phrases:
        key = fold(phrase)
        if key and f" {key} " in said:
            return True
    return False


def _capitalised(sentence: str, spans: list[tuple[int, int]], names: _Names
                 ) -> Iterator[str]:
    """Capitalised names and acronyms of a sentence that are not known names."""
    for start, end in spans:  # known names are not candidates, nor parts of them
        sentence = sentence[:start] + "|" * (end - start) + sentence[end:]
    for m in _CAPITALISED.finditer(sentence):
        words = m.group().split()
        while words and words[0].lower() in _COMMON:
            words = words[1:]
        while words and words[-1].lower() in _COMMON:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        key = tuple(fold(name).split())
        if not key or key in names.keys:
            continue
        if (len(words) == 1 and len(name) < 3) or not any(c.isalpha() for c in name):
            continue
        yield name


def _guess_type(schema: Schema, name: str) -> str | None:
    """An entity type whose label's first word starts or ends the name: 'Operation
    Raging Bull' -> operation, 'Mexican Navy Summit' -> summit."""
    words = fold(name).split()
    if not words:
        return None
    for type_name, et in sorted(schema.entity_types.items(),
                                key=lambda kv: -len(schema.ancestors(kv[0]))):
        label = fold(et.label).split()
        if label and (words[0] == label[0] or words[-1] == label[0]) and len(words) > 1:
            return type_name
    return None


# -- as data and as YAML --------------------------------------------------------------------


def as_dict(s: Suggestions, kg: KnowledgeGraph) -> dict[str, Any]:
    def sentence(x: Sentence) -> dict[str, Any]:
        return {"text": x.text, "line": x.line}

    return {
        "mentions": [{"id": m.id, "name": m.name, "type": m.type, "matched": m.matched,
                      "count": m.count, "line": m.line} for m in s.mentions],
        "relations": [{"from": r.source, "to": r.target,
                       "from_name": kg.graph.nodes[r.source].get("name", r.source),
                       "to_name": kg.graph.nodes[r.target].get("name", r.target),
                       "types": r.types, "cued": r.cued, "known": r.known,
                       "sentence": sentence(r.sentence)} for r in s.relations],
        "entities": [{"name": c.name, "count": c.count, "type": c.type, "acronym": c.acronym,
                      "sentence": sentence(c.sentence)} for c in s.entities],
        "ambiguous": s.ambiguous,
    }


def as_yaml(s: Suggestions, kg: KnowledgeGraph, source: str, document: str,
            types_shown: int = 6) -> str:
    """The suggestions as YAML stubs with comments, for a person to review and paste."""
    from kgraph.roundtrip import Layout, render

    layout = Layout()
    out = [(f"# kgraph suggest {document}: {len(s.mentions)} known entities mentioned, "
            f"{len(s.relations)} candidate relations, {len(s.entities)} candidate entities."),
           ("# Nothing here is in the data: review each stub, choose its type, check the "
            "quote, then paste it"), "# (or use 'kgraph add').", ""]
    if s.mentions:
        out.append("# Known entities it mentions:")
        for m in s.mentions:
            words = ", ".join(f"'{w}'" for w in m.matched)
            out.append(f"#   {m.id} ({m.name}, {m.type}): {m.count}x as {words}; "
                       f"first on line {m.line}")
        out.append("")
    for words, ids in s.ambiguous.items():
        out.append(f"# '{words}' names several entities: {', '.join(ids)}")
    if s.ambiguous:
        out.append("")
    out.append("relations:")
    for r in s.relations:
        names = (kg.graph.nodes[r.source].get("name", r.source),
                 kg.graph.nodes[r.target].get("name", r.target))
        chosen = r.cued[0] if r.cued else None
        others = [t for t in r.types if t != chosen]
        out.append(f"  # line {r.sentence.line}: {names[0]} -> {names[1]}")
        if r.cued:
            out.append(f"  # the sentence says: {', '.join(r.cued)}")
        shown = ", ".join(others[:types_shown]) + (
            f" and {len(others) - types_shown} more" if len(others) > types_shown else "")
        if others:
            out.append(f"  # {'or' if chosen else 'choose'}: {shown}")
        if r.known:
            out.append(f"  # already recorded: {', '.join(r.known)}")
        record = {"from": r.source, "type": chosen, "to": r.target, "source": source,
                  "quote": r.sentence.text}
        out.append(render(record, layout).rstrip("\n"))
        out.append("")
    if not s.relations:
        out.append("  []")
        out.append("")
    out.append("entities:")
    for c in s.entities:
        where = f"line {c.sentence.line}" + (f", {c.count}x" if c.count > 1 else "")
        out.append(f"  # {where}" + ("; type guessed from its name" if c.type else
                                       "; choose its type (kgraph schema)"))
        from kgraph.curate import slug

        record = {"id": slug(c.name) or None, "type": c.type, "name": c.name,
                  "source": source, "quote": c.sentence.text}
        out.append(render(record, layout).rstrip("\n"))
        out.append("")
    if not s.entities:
        out.append("  []")
    return "\n".join(out).rstrip("\n") + "\n"
