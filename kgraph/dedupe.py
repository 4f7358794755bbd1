"""Probable duplicate entities — two records for one person, agency or event, typically
after merging colleagues' files — each pair with the evidence that makes it probable:
similar names or aliases, an acronym of the other's name, the same type, shared
neighbours; and what speaks against it (a relation between the two).

Pairs are found by blocking (entities that share a rare name word, or whose initials
spell the other's name) and scored with rapidfuzz, so that large datasets are not
compared pair by pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any

from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

MIN_SCORE = 0.7
MAX_BLOCK = 60  # a name word shared by more entities than this is too common to pair on
_STOP = {"the", "of", "and", "for", "on", "in", "de", "del", "la", "el", "y", "a", "an", "to",
         "against", "with", "los", "las", "da", "do"}
NEIGHBOUR_WEIGHT = 0.2  # of the score, what shared neighbours can add to a name's
RELATED_PENALTY = 0.3


@dataclass
class Pair:
    a: str
    b: str
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Entity:
    id: str
    type: str
    names: list[str]  # name first, then aliases
    folded: list[str]
    initials: set[str] = field(default_factory=set)  # of its names of two words or more
    neighbours: set[str] | None = None  # (found when first needed)

    def __post_init__(self) -> None:
        self.initials = {i for i in map(_initials, self.folded) if i}


@lru_cache(maxsize=1 << 16)
def _initials(folded: str) -> str:
    words = [w for w in folded.split() if w not in _STOP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def find_duplicates(kg: KnowledgeGraph, min_score: float = MIN_SCORE,
                    types: Iterable[str] | None = None) -> list[Pair]:
    """Probable duplicates, most probable first."""
    schema = kg.schema
    wanted = set(types) if types else None
    entities: dict[str, _Entity] = {}
    for node, attrs in kg.graph.nodes(data=True):
        etype = attrs.get("type", "")
        if wanted is not None and not any(schema.is_a(etype, t) for t in wanted):
            continue
        names = [str(attrs.get("name", node)), *(str(a) for a in attrs.get("aliases", ()))]
        entities[node] = _Entity(node, etype, names, [fold(n) for n in names])
    pairs = _candidates(entities)
    weights = _Weights(entities.values())
    related: dict[tuple[str, str], bool] = {}
    out = []
    for a, b in sorted(pairs):
        ea, eb = entities[a], entities[b]
        fits = related.get((ea.type, eb.type))
        if fits is None:
            fits = related[(ea.type, eb.type)] = (schema.is_a(ea.type, eb.type)
                                                  or schema.is_a(eb.type, ea.type))
        if not fits or not _worth_scoring(ea, eb, min_score):
            continue
        pair = _score(kg, ea, eb, weights)
        if pair.score >= min_score:
            out.append(pair)
    out.sort(key=lambda p: (-p.score, p.a, p.b))
    return out


def _worth_scoring(a: _Entity, b: _Entity, min_score: float) -> bool:
    """A quick look (rapidfuzz's token set ratio, in C) that leaves out the pairs whose
    names share too little to reach ``min_score`` (an acronym always gets scored)."""
    from rapidfuzz import fuzz

    if a.initials & set(b.folded) or b.initials & set(a.folded):
        return True
    cutoff = 100 * min_score * PREFILTER
    return any(fuzz.token_set_ratio(fa, fb, score_cutoff=cutoff)
               for fa in a.folded for fb in b.folded)


PREFILTER = 0.7  # names whose token set ratio is under this share of --min-score: left out


def _candidates(entities: dict[str, _Entity]) -> set[tuple[str, str]]:
    """Pairs worth scoring: a rare name word in common, or initials that spell a name."""
    by_word: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = defaultdict(set)
    for e in entities.values():
        for f in e.folded:
            by_name[f].add(e.id)
            for word in f.split():
                if len(word) >= 3 and word not in _STOP:
                    by_word[word].add(e.id)
    pairs: set[tuple[str, str]] = set()
    for ids in (*by_word.values(), *by_name.values()):
        if 1 < len(ids) <= MAX_BLOCK:
            pairs.update(combinations(sorted(ids), 2))
    for e in entities.values():
        for initials in e.initials:
            for other in by_name.get(initials, ()):
                if other != e.id:
                    pairs.add(tuple(sorted((e.id, other))))  # type: ignore[arg-type]
    return pairs


class _Weights:
    """How telling each name word is (inverse document frequency over the entities'
    names): 'eastern' tells two offices apart, 'office' does not."""

    def __init__(self, entities: Iterable[_Entity]) -> None:
        import math

        counts: dict[str, int] = defaultdict(int)
        n = 0
        for e in entities:
            n += 1
            for word in {w for f in e.folded for w in f.split()}:
                counts[word] += 1
        self.idf = {w: math.log(1 + n / c) for w, c in counts.items()}
        self.unknown = math.log(1 + n)

    def __call__(self, word: str) -> float:
        return 0.1 if word in _STOP else self.idf.get(word, self.unknown)


def _covered(words: list[str], others: list[str], weight: _Weights) -> tuple[float, bool]:
    """How much of ``words`` (weighted by how telling each is) ``others`` has, a word
    misspelt counting nearly as the word (Jaro-Winkler, from rapidfuzz); and whether it
    has every one of them."""
    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler

    total = 0.0
    got = 0.0
    every = True
    there = set(others)
    for w in words:
        wt = weight(w)
        total += wt
        if w in there:
            got += wt
            continue
        found = process.extractOne(w, others, scorer=JaroWinkler.similarity)
        if found is None or found[1] < TYPO:  # (its score_cutoff rounds: compared here)
            every = False
        else:
            got += wt * found[1]
    if not total:
        return 0.0, False
    return got / total, every


TYPO = 0.92  # word similarity from which two words are one word misspelt


def name_similarity(fa: str, fb: str, weight: _Weights) -> tuple[float, str]:
    """How alike two folded names are, and how: 'similar names' (the same words, some
    misspelt), 'one name within the other' or 'acronym'."""
    if fa == fb:
        return 1.0, "same name"
    wa, wb = fa.split(), fb.split()
    (ab, a_all), (ba, b_all) = _covered(wa, wb, weight), _covered(wb, wa, weight)
    if a_all and b_all:
        options = [(min(ab, ba), "the same words, some misspelt")]
    elif a_all or b_all:  # one name's words all in the other's: 'Néstor Martínez'
        options = [(SUBSET + (1 - SUBSET - 0.1) * min(ab, ba), "one name within the other")]
    else:  # each has telling words the other lacks: 'Eastern' / 'Western District'
        options = [(min(ab, ba) ** 2, "some words in common")]
    if fa.replace(" ", "") == _initials(fb) or fb.replace(" ", "") == _initials(fa):
        options.append((ACRONYM, "acronym"))  # (few pairs come here: no need to cache)
    return max(options)


SUBSET = 0.6  # one name within the other: from this, up to 0.9 as it covers more of it
ACRONYM = 0.8


def _score(kg: KnowledgeGraph, a: _Entity, b: _Entity, weight: _Weights) -> Pair:
    evidence: list[dict[str, Any]] = []
    best, best_names, how = 0.0, ("", ""), ""
    for na, fa in zip(a.names, a.folded):
        for nb, fb in zip(b.names, b.folded):
            if not fa or not fb:
                continue
            score, kind = name_similarity(fa, fb, weight)
            if score > best:
                best, best_names, how = score, (na, nb), kind
    evidence.append({"kind": "name", "how": how, "a": best_names[0], "b": best_names[1],
                     "similarity": round(best, 3)})
    if a.type == b.type:
        evidence.append({"kind": "type", "how": "same type", "type": a.type})
    else:
        evidence.append({"kind": "type", "how": "related types", "a": a.type, "b": b.type})
    around_a, around_b = _neighbours(kg, a), _neighbours(kg, b)
    shared = sorted((around_a & around_b) - {a.id, b.id})
    union = (around_a | around_b) - {a.id, b.id}
    # shared neighbours raise the score, the more of them the more; none to go by: neutral
    overlap = len(shared) / (len(union) + 1) if union else 0.5
    if shared:
        evidence.append({"kind": "neighbours", "how": "shared neighbours", "shared": shared,
                         "of": len(union), "overlap": round(overlap, 3)})
    score = best * (1 - NEIGHBOUR_WEIGHT + NEIGHBOUR_WEIGHT * overlap)
    related = _between(kg, a.id, b.id)
    if related:
        evidence.append({"kind": "related", "how": "related to each other (two entities, "
                         "most likely)", "relations": related})
        score -= RELATED_PENALTY
    return Pair(a.id, b.id, round(max(score, 0.0), 3), evidence)


def _neighbours(kg: KnowledgeGraph, entity: _Entity) -> set[str]:
    if entity.neighbours is None:
        from kgraph.queries import edges_of

        entity.neighbours = {other for other, _ in edges_of(kg, entity.id)}
    return entity.neighbours


def _between(kg: KnowledgeGraph, a: str, b: str) -> list[str]:
    from kgraph.queries import edges_of

    return sorted({str(edge[3].get("type")) for other, edge in edges_of(kg, a) if other == b})


def as_dict(kg: KnowledgeGraph, pair: Pair) -> dict[str, Any]:
    def entity(node: str) -> dict[str, Any]:
        attrs = kg.graph.nodes[node]
        out = {"id": node, "name": attrs.get("name", node), "type": attrs.get("type", "")}
        if attrs.get("where"):
            out["defined_at"] = str(attrs["where"])
        return out

    return {"a": entity(pair.a), "b": entity(pair.b), "score": pair.score,
            "evidence": pair.evidence}
