"""Probable duplicate entities — two records for one person, agency or event, typically
after merging colleagues' files — each pair with the evidence that makes it probable:
similar names or aliases, an acronym of the other's name, the same type, shared
neighbours; and what speaks against it (a relation between the two).

Pairs are found by blocking (entities that share a rare name word or a word but for one
letter, or whose initials spell the other's name) and scored with rapidfuzz, so that large
datasets are not compared pair by pair.

Two names are compared word by word (``word_match``): the same word; a word misspelt (an
edit or two, by the words' length); a word shortened ('Dept.' / 'Department'); an initial
('F.' / 'Fitzgerald'); initials standing for several words ('U.S.' / 'United States').
Each word weighs by how rare it is among the dataset's names, so that a missing common
word ('U.S.', 'the', a middle initial) costs little and a missing rare one much.
``python benchmarks/dedupe_calibration.py`` measures this on duplicates planted in the
bundled data; MIN_SCORE is set from what it prints.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any

from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

MIN_SCORE = 0.65  # from benchmarks/dedupe_calibration.py (kgraph dedupe's --min-score)
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


@dataclass(frozen=True)
class Words:
    """A name's words, folded, with runs of single letters joined ('U.S.' -> 'us', 'H. R.'
    -> 'hr'); those that are acronyms (joined letters, or capitals: 'DOJ'); and those
    written with a full stop after them ('Dept.': shortened)."""

    folded: str
    words: tuple[str, ...]
    acronyms: frozenset[str] = frozenset()
    dotted: frozenset[str] = frozenset()
    content: tuple[bool, ...] = ()  # each word: not a stop word


_DOTTED = re.compile(r"(\w+)\.")
_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")


@lru_cache(maxsize=1 << 16)
def words_of(name: str) -> Words:
    """The words of a name as the comparison sees them."""
    folded = fold(name)
    out: list[str] = []
    acronyms: set[str] = set()
    run: list[str] = []  # single letters in a row
    for w in [*folded.split(), ""]:
        if len(w) == 1 and w.isalpha():
            run.append(w)
            continue
        if len(run) > 1:
            acronyms.add("".join(run))
        out.extend(["".join(run)] if run else [])  # (one letter alone stays an initial)
        run = []
        if w:
            out.append(w)
    if not name.isupper() or len(out) == 1:  # (capitals throughout: not acronyms)
        acronyms.update(fold(m) for m in _CAPITALS.findall(name))
    dotted = frozenset(f for m in _DOTTED.findall(name) for f in fold(m).split() if len(f) > 1)
    return Words(folded, tuple(out), frozenset(acronyms), dotted,
                 tuple(not _stop(w) for w in out))


@dataclass
class _Entity:
    id: str
    type: str
    names: list[str]  # name first, then aliases
    folded: list[str]
    words: list[Words] = field(default_factory=list)  # of each name
    initials: set[str] = field(default_factory=set)  # of its names of two words or more
    neighbours: set[str] | None = None  # (found when first needed)

    def __post_init__(self) -> None:
        self.words = [words_of(n) for n in self.names]
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
        pair = _score(kg, ea, eb, weights, min_score)
        if pair is not None and pair.score >= min_score:
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
    """Pairs worth scoring: a rare name word in common, or one but for a letter (a word
    and its variants with one letter left out, the first kept: 'sesions' and 'sessions'
    share 'sesions'), or initials that spell a name."""
    by_word: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = defaultdict(set)
    for e in entities.values():
        for f, words in zip(e.folded, e.words):
            by_name[f].add(e.id)
            for word in words.words:
                if len(word) < 3 or word in _STOP:
                    continue
                by_word[word].add(e.id)
                if len(word) >= TYPO_MIN and word.isalpha():
                    for i in range(1, len(word)):
                        by_word["~" + word[:i] + word[i + 1:]].add(e.id)
                    by_word["~" + word].add(e.id)
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
    names): 'eastern' tells two offices apart, 'office' does not; an initial, one letter,
    tells little."""

    def __init__(self, entities: Iterable[_Entity]) -> None:
        import math

        counts: dict[str, int] = defaultdict(int)
        n = 0
        for e in entities:
            n += 1
            for word in {w for ws in e.words for w in ws.words}:
                counts[word] += 1
        self.idf = {w: math.log(1 + n / c) for w, c in counts.items()}
        self.idf.update({w: 0.1 for w in _STOP if len(w) > 1})
        self.unknown = math.log(1 + n)

    def __call__(self, word: str) -> float:
        return INITIAL_WEIGHT if len(word) == 1 else self.idf.get(word, self.unknown)


INITIAL_WEIGHT = 1.0  # an initial's weight (a rare word's is about 5 in 200 entities)


@lru_cache(maxsize=1 << 16)
def word_match(w: str, v: str, dotted: bool = False, acronym: bool = False) -> float:
    """How far word ``v`` is word ``w``: 1 the same word; else SHORTENED, INITIAL or, for a
    word misspelt, 1 less the share of letters to change (Damerau-Levenshtein distance, no
    more than an edit for words of 5 to 8 letters, two from 9; the first letter right: it
    is rarely the one mistyped); 0 another word. ``dotted``: the shorter was written with a
    full stop after it ('Dept.'); ``acronym``: the shorter is an acronym, which is neither
    shortened nor misspelt ('INL' is not 'international'; 'SPDCA' and 'SPDCJ' are two
    bodies)."""
    if w == v:
        return 1.0
    short, long = (w, v) if len(w) <= len(v) else (v, w)
    if not short.isalpha() or not long.isalpha() or short[0] != long[0]:
        return 0.0  # (numbers are not misspelt: '13773' and '13778' are two orders)
    if len(short) == 1:
        return INITIAL
    if acronym:
        return 0.0
    if _shortened(short, long, dotted):
        return SHORTENED
    edits = min(2, (len(short) - 1) // 4)  # 5-8 letters: one; 9 and more: two
    if not edits:
        return 0.0
    from rapidfuzz.distance import OSA

    d = OSA.distance(short, long, score_cutoff=edits)
    return 1 - d / len(long) if d <= edits else 0.0


INITIAL = 0.9  # 'f' and 'fitzgerald'
SHORTENED = 0.9  # 'dept' and 'department'
TYPO_MIN = 5  # letters of the shorter word from which it may be misspelt


def _shortened(short: str, long: str, dotted: bool) -> bool:
    """'Dept.' for 'department', 'natl' for 'national': its letters in order, the first
    and last kept, three fewer at least; without a full stop after it, four letters or more
    and at most one vowel after the first letter (a shortening drops vowels: 'lane' is not
    'lawrence'). With a full stop, any beginning of the word too ('Univ.', 'Gen.')."""
    if dotted and len(short) >= 2 and long.startswith(short):
        return True
    if len(long) < len(short) + 3 or short[-1] != long[-1] or not dotted and (
            len(short) < 4 or sum(ch in "aeiou" for ch in short[1:]) > 1):
        return False
    at = 0
    for ch in short:
        at = long.find(ch, at) + 1
        if not at:
            return False
    return True


def _compare(a: Words, b: Words, weight: _Weights) -> tuple[float, float, bool, bool]:
    """The share of ``a``'s words ``b`` has, each word weighted by how telling it is and
    counted by how well ``b`` has it; the same of ``b``'s; whether ``b`` has every word of
    ``a`` that tells (stop words aside); whether ``a`` has every one of ``b``'s.

    Words are paired one to one: an acronym with the words it stands for ('U.S.' with
    'United States', SHORTENED), the same words, then the closest (``word_match``). A word
    paired with an initial only ('Fitzgerald' and 'F.') counts as much as the initial and is
    not had: 'J. Kelly' is within 'John Kelly', not the same name."""
    wa, wb = a.words, b.words
    ca, cb = [0.0] * len(wa), [0.0] * len(wb)
    had_a, had_b = [False] * len(wa), [False] * len(wb)
    for x, cx, hx, y, cy, hy in ((a, ca, had_a, b, cb, had_b), (b, cb, had_b, a, ca, had_a)):
        if not x.acronyms or len(x.words) == 1:
            continue
        for i, t in enumerate(x.words):
            # (an acronym alone is ACRONYM's: 'AG' is not 'Attorney General of Mexico')
            run = _spelt(t, y) if t in x.acronyms and not hx[i] else []
            if run and not any(hy[j] for j in run):
                cx[i], hx[i] = SHORTENED, True
                for j in run:
                    cy[j], hy[j] = SHORTENED, True
    for i, w in enumerate(wa):
        j = next((j for j, v in enumerate(wb) if v == w and not had_b[j]), -1)
        if not had_a[i] and j >= 0:
            ca[i] = cb[j] = 1.0
            had_a[i] = had_b[j] = True
    dotted, acronyms = a.dotted | b.dotted, a.acronyms | b.acronyms
    close = []
    for i, w in enumerate(wa):
        for j, v in enumerate(wb):
            if w[0] == v[0] and not had_a[i] and not had_b[j]:  # (else no match: word_match)
                short = min(w, v, key=len)
                s = word_match(w, v, short in dotted, short in acronyms)
                if s:
                    close.append((s, i, j))
    for s, i, j in sorted(close, reverse=True):
        if had_a[i] or had_b[j]:
            continue
        ca[i], cb[j] = s, s
        had_a[i] = had_b[j] = True
        for word, other, k, c, h in ((wa[i], wb[j], i, ca, had_a), (wb[j], wa[i], j, cb, had_b)):
            if len(other) == 1 < len(word):  # had by its initial only
                c[k] = s * min(1.0, INITIAL_WEIGHT / weight(word))
                h[k] = False
    # an initial the other name lacks weighs little (a middle initial left out), one where
    # the other has a different initial much: 'P. Wood' and 'V. Wood' are two people
    clash = all(any(len(w) == 1 and not h for w, h in zip(ws, had))
                for ws, had in ((wa, had_a), (wb, had_b)))
    return (_covered(wa, ca, weight, clash), _covered(wb, cb, weight, clash),
            all(h for h, c in zip(had_a, a.content) if c),
            all(h for h, c in zip(had_b, b.content) if c))


def _stop(word: str) -> bool:
    """A stop word ('of', 'the'); a letter alone is an initial ('A. Ruiz')."""
    return word in _STOP and len(word) > 1


def _spelt(t: str, words: Words) -> list[int]:
    """Where acronym ``t`` is the initials of a run of two or more of ``words`` (stop words
    inside it skipped, an acronym giving all its letters: 'usa' in 'united states of
    america', 'usao' in 'us attorney office') and ``words`` has more than that run: the
    run's indices (else none: a name all acronym is ACRONYM's)."""
    ws = words.words
    if t in ws:
        return []
    content = [i for i, w in enumerate(ws) if not _stop(w)]
    for k in range(len(content) - 1):
        letters = ""
        for n, i in enumerate(content[k:], k):
            letters += ws[i] if ws[i] in words.acronyms else ws[i][0]
            if len(letters) >= len(t):
                break
        if letters == t and k < n and n - k + 1 < len(content):
            return list(range(content[k], content[n] + 1))
    return []


def name_similarity(a: Words, b: Words, weight: _Weights) -> tuple[float, str]:
    """How alike two names are, and how: 'same name', 'the same words' (in another order,
    stop words aside), 'the same words, some misspelt or shortened', 'one name within the
    other', 'some words in common' or 'acronym'."""
    if a.words == b.words:
        return 1.0, "same name"
    ab, ba, a_all, b_all = _compare(a, b, weight)
    if a_all and b_all:
        same = sorted(w for w in a.words if not _stop(w)) == sorted(
            w for w in b.words if not _stop(w))  # ('Sison, Michele'; 'The Caribbean')
        options = [(min(ab, ba), "the same words" if same else
                    "the same words, some misspelt or shortened")]
    elif a_all or b_all:  # one name's words all in the other's: 'Néstor Martínez'
        options = [(SUBSET + (1 - SUBSET - 0.1) * min(ab, ba), "one name within the other")]
    else:  # each has telling words the other lacks: 'Eastern' / 'Western District'
        options = [(min(ab, ba) ** 2, "some words in common")]
    for x, y in ((a, b), (b, a)):
        letters = x.folded.replace(" ", "")
        if letters == _initials(y.folded):
            options.append((ACRONYM if len(letters) > 2 else ACRONYM_2, "acronym"))
    return max(options)


def _covered(words: tuple[str, ...], credits: list[float], weight: _Weights,
             clash: bool = False) -> float:
    """The share of ``words`` the other name has, each word weighted by how telling it is
    and counted by how well the other has it (``clash``: an initial not had weighs as a
    word never seen)."""
    get, unknown = weight.idf.get, weight.unknown
    weights = [get(w, unknown) if len(w) > 1 else unknown if clash and not c
               else INITIAL_WEIGHT for w, c in zip(words, credits)]
    total = sum(weights)
    return sum(wt * c for wt, c in zip(weights, credits)) / total if total else 0.0


SUBSET = 0.6  # one name within the other: from this, up to 0.9 as it covers more of it
ACRONYM = 0.8
ACRONYM_2 = 0.6  # two letters spell many names: 'LA', Los Angeles or Latin America


def _score(kg: KnowledgeGraph, a: _Entity, b: _Entity, weight: _Weights,
           min_score: float = 0.0) -> Pair | None:
    """The pair with its evidence; None when its names are too far apart for it to reach
    ``min_score`` (the neighbours can only lower theirs)."""
    evidence: list[dict[str, Any]] = []
    best, best_names, how = 0.0, ("", ""), ""
    for na, wa in zip(a.names, a.words):
        for nb, wb in zip(b.names, b.words):
            if not wa.words or not wb.words:
                continue
            score, kind = name_similarity(wa, wb, weight)
            if score > best:
                best, best_names, how = score, (na, nb), kind
    if best < min_score:
        return None
    evidence.append({"kind": "name", "how": how, "a": best_names[0], "b": best_names[1],
                     "similarity": round(best, 3)})
    if a.type == b.type:
        evidence.append({"kind": "type", "how": "same type", "type": a.type})
    else:
        evidence.append({"kind": "type", "how": "related types", "a": a.type, "b": b.type})
    around_a = _neighbours(kg, a) - {b.id}
    around_b = _neighbours(kg, b) - {a.id}
    shared = sorted(around_a & around_b)
    fewer = min(len(around_a), len(around_b))
    # the share of the fewer neighbours (a colleague records some of the facts) the other
    # has too raises the score; none to go by (one has no neighbours): neutral
    overlap = len(shared) / fewer if fewer else 0.5
    if shared:
        evidence.append({"kind": "neighbours", "how": "shared neighbours", "shared": shared,
                         "of": fewer, "overlap": round(overlap, 3)})
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
