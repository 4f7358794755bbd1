"""Names to entities: ids, names and aliases, case- and accent-insensitively, with
"did you mean" for typos and a candidate list for ambiguous names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kgraph.errors import UsageError
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph

_LEADING = ("the ", "a ", "an ")


@dataclass(frozen=True)
class Match:
    id: str
    name: str
    type: str
    score: float
    matched: str  # the name or alias that matched
    type_label: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "type": self.type,
                "type_label": self.type_label or self.type,
                "score": round(self.score, 3), "matched": self.matched}


class Index:
    """Folded names and aliases -> entity ids, built once per graph."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.keys: dict[str, set[str]] = {}
        self.label: dict[str, str] = {}  # folded key -> the text as written
        for node, attrs in kg.graph.nodes(data=True):
            # names and aliases first: a key shared with an id is shown as written
            # ('Óscar Núñez', not 'oscar-nunez')
            self._add(attrs.get("name", node), node)
            for alias in attrs.get("aliases", ()):
                self._add(alias, node)
        for node in kg.graph:
            self._add(node, node)
        self.sorted_keys = sorted(self.keys)  # for prefix lookups (see with_prefix)

    def with_prefix(self, prefix: str) -> list[str]:
        """The keys that start with ``prefix``, in sorted order (a binary search)."""
        import bisect

        keys = self.sorted_keys
        start = bisect.bisect_left(keys, prefix)
        end = start
        while end < len(keys) and keys[end].startswith(prefix):
            end += 1
        return keys[start:end]

    def _add(self, text: str, node: str) -> None:
        key = fold(str(text))
        if key:
            self.keys.setdefault(key, set()).add(node)
            self.label.setdefault(key, str(text))

    def key_list(self) -> list[str]:
        """Every folded name and alias, as a list (built on first use)."""
        found = self.__dict__.get("_key_list")
        if found is None:
            found = self.__dict__["_key_list"] = list(self.keys)
        return found  # type: ignore[no-any-return]

    def names_of(self, node: str) -> list[str]:
        """The folded names and aliases of ``node`` (a reverse map, built on first use)."""
        reverse = self.__dict__.get("_reverse")
        if reverse is None:
            reverse = {}
            for key, nodes in self.keys.items():
                for n in nodes:
                    reverse.setdefault(n, []).append(key)
            self.__dict__["_reverse"] = reverse
        return list(reverse.get(node, []))

    def exact(self, text: str) -> set[str]:
        key = fold(text)
        found = self.keys.get(key)
        if found:
            return found
        for lead in _LEADING:
            if key.startswith(lead) and key[len(lead):] in self.keys:
                return self.keys[key[len(lead):]]
        return set()

    def by_words(self, text: str, among: Iterable[str] | None = None) -> set[str]:
        """Entities one of whose names has every word of ``text`` in the same order, with
        words left out: "nestor martinez" for "Néstor Humberto Martínez Neira". At least
        two words, so that one common word does not pick an entity. ``among``: only these
        entities can be it (a caller that knows which names have the words need not have
        every name read)."""
        words = fold(text).split()
        if words and f"{words[0]} " in _LEADING:
            words = words[1:]
        if len(words) < 2:
            return set()
        if among is not None:
            g = self.kg.graph
            return {n for n in among if n in g and any(
                in_order(words, fold(str(name)).split()) for name in (
                    g.nodes[n].get("name", n), *(g.nodes[n].get("aliases") or ()), n))}
        found: set[str] = set()
        for key, nodes in self.keys.items():
            if in_order(words, key.split()):
                found |= nodes
        return found


def in_order(words: list[str], key: list[str]) -> bool:
    """Every one of ``words`` in ``key``, in the same order, others between allowed."""
    rest = iter(key)
    return all(word in rest for word in words)


def index(kg: KnowledgeGraph) -> Index:
    from kgraph.graph import derived  # built once per graph, kept in the compiled cache

    return derived(kg, "_name_index", Index)  # type: ignore[no-any-return]


def _describe(kg: KnowledgeGraph, node: str) -> str:
    attrs = kg.graph.nodes[node]
    return f"{attrs.get('name', node)} [{attrs.get('type', '?')}] (id: {node})"


def search(kg: KnowledgeGraph, text: str, types: list[str] | None = None,
           limit: int = 20) -> list[Match]:
    """Ranked matches for ``text`` among ids, names and aliases."""
    idx = index(kg)
    q = fold(text)
    if not q:
        return []
    qwords = set(q.split())
    best: dict[str, Match] = {}
    for key, nodes in idx.keys.items():
        if key == q:
            score = 1.0
        elif key.startswith(q) or q.startswith(key + " "):
            score = 0.9 * min(len(q), len(key)) / max(len(q), len(key)) + 0.05
        elif q in key:
            score = 0.75 * len(q) / len(key) + 0.1
        else:
            words = set(key.split())
            common = qwords & words
            if common:
                score = 0.6 * len(common) / max(len(qwords), len(words))
            else:
                continue
        for node in nodes:
            if types and not any(kg.schema.is_a(kg.graph.nodes[node]["type"], t) for t in types):
                continue
            if node not in best or best[node].score < score:
                attrs = kg.graph.nodes[node]
                best[node] = Match(node, attrs.get("name", node), attrs.get("type", ""), score,
                                   idx.label[key])
    if len(best) < limit:
        import difflib

        for key in difflib.get_close_matches(q, list(idx.keys), n=limit, cutoff=0.75):
            ratio = difflib.SequenceMatcher(None, q, key).ratio() * 0.7
            for node in idx.keys[key]:
                if types and not any(kg.schema.is_a(kg.graph.nodes[node]["type"], t)
                                     for t in types):
                    continue
                if node not in best:
                    attrs = kg.graph.nodes[node]
                    best[node] = Match(node, attrs.get("name", node), attrs.get("type", ""),
                                       ratio, idx.label[key])
    ranked = sorted(best.values(), key=lambda m: (-m.score, m.name.casefold(), m.id))
    from dataclasses import replace

    return [replace(m, type_label=kg.schema.label(m.type)) for m in ranked[:limit]]


def resolve_entity(kg: KnowledgeGraph, text: str, types: list[str] | None = None,
                   notes: list[str] | None = None) -> str:
    """The id of the one entity ``text`` names; :class:`UsageError` otherwise.

    The same tolerance as questions have: an id, a name or an alias (any case, accents,
    spelling), the words of a longer name in order, or a name with a small typo. When the
    entity was found other than by one of its names, a sentence saying how is appended to
    ``notes`` (the command line prints it), so that a guess is never silent."""
    if text in kg.graph:
        return text
    idx = index(kg)

    def typed(nodes: set[str]) -> set[str]:
        if not types:
            return nodes
        return {n for n in nodes if any(kg.schema.is_a(kg.graph.nodes[n]["type"], t)
                                        for t in types)}

    found = typed(idx.exact(text))
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:
        names = "; ".join(_describe(kg, n) for n in sorted(found))
        raise UsageError(f"'{text}' is ambiguous: {names}. Use the id.")
    shortened = typed(idx.by_words(text))
    if len(shortened) == 1:
        node = next(iter(shortened))
        _note(kg, notes, text, node, "the only name with those words")
        return node
    close = _closest(kg, text, types)
    if close and close[0][1] >= 88 and (len(close) == 1 or close[1][1] < close[0][1] - 3):
        node = close[0][0]
        _note(kg, notes, text, node, "the closest name")
        return node
    if close:
        names = ", ".join(f"'{kg.graph.nodes[n].get('name', n)}' ({n})" for n, _ in close[:3])
        raise UsageError(f"unknown entity '{text}' (did you mean {names}?)")
    raise UsageError(f"unknown entity '{text}'; try 'kgraph search {text.split()[0]}'"
                     if text.split() else "empty entity name")


def _note(kg: KnowledgeGraph, notes: list[str] | None, text: str, node: str, why: str) -> None:
    if notes is not None:
        notes.append(f"'{text}' taken as '{kg.graph.nodes[node].get('name', node)}' ({node}), "
                     f"{why}")


def _closest(kg: KnowledgeGraph, text: str, types: list[str] | None) -> list[tuple[str, float]]:
    """Entities by how close one of their names is to ``text`` (rapidfuzz), best first."""
    from rapidfuzz import fuzz, process

    idx = index(kg)
    query = fold(text)
    if not query:
        return []
    best: dict[str, float] = {}
    for key, score, _ in process.extract(query, idx.key_list(), scorer=fuzz.WRatio, limit=12,
                                         score_cutoff=60):
        plain = fuzz.ratio(query, key)
        for node in idx.keys[key]:
            if types and not any(kg.schema.is_a(kg.graph.nodes[node]["type"], t) for t in types):
                continue
            best[node] = max(best.get(node, 0.0), max(plain, score * 0.9))
    return sorted(best.items(), key=lambda x: (-x[1], x[0]))
