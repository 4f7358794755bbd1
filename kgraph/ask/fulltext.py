"""Full-text search over everything the graph says in words — names, aliases,
descriptions, attribute values and the evidence quotes of entities and relations — with
SQLite's FTS5 (in the standard library): the last resort for a question no structured
plan fits ("which gang's motto is ...", "who said ...")."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kgraph.ask.words import FUNCTION_WORDS
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


@dataclass
class Hit:
    entities: list[str]  # the entity, or a relation's two ends (source first)
    field: str  # name, alias, description, an attribute's name, or "quote"
    text: str
    source: str  # the quote's source, if it is a quote
    rank: float
    relation: tuple[str, str, str] | None = None  # (from, to, key) for a relation's quote


class TextIndex:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @staticmethod
    def build(kg: KnowledgeGraph) -> sqlite3.Connection:
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE t USING fts5(body, field UNINDEXED, "
                   "ids UNINDEXED, source UNINDEXED, rel UNINDEXED, "
                   "tokenize='porter unicode61 remove_diacritics 2')")
        rows: list[tuple[str, str, str, str, str]] = []
        g = kg.graph
        for node, attrs in g.nodes(data=True):
            rows.append((str(attrs.get("name", node)), "name", node, "", ""))
            for alias in attrs.get("aliases") or ():
                rows.append((str(alias), "alias", node, "", ""))
            for key, value in attrs.items():
                if key in ("name", "aliases", "type", "evidence", "inferred", "where",
                           "notes") or key.startswith("_"):
                    continue
                if isinstance(value, (str, int, float)):
                    rows.append((str(value), key, node, "", ""))
                elif isinstance(value, list):
                    for item in value:
                        text = " ".join(str(v) for v in item.values()) \
                            if isinstance(item, dict) else str(item)
                        rows.append((text, key, node, "", ""))
            for ev in attrs.get("evidence") or ():
                rows.append((ev["quote"], "quote", node, ev.get("source", ""), ""))
        for u, v, key, attrs in g.edges(keys=True, data=True):
            for ev in attrs.get("evidence") or ():
                rows.append((ev["quote"], "quote", f"{u}\t{v}", ev.get("source", ""),
                             f"{u}\t{v}\t{key}"))
        db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
        db.commit()  # (a database serialised with its transaction open is no database)
        return db

    def search(self, text: str, limit: int = 10) -> list[Hit]:
        every = fold(text).split()
        words = [w for w in every if w not in FUNCTION_WORDS and len(w) > 1]
        if not words:
            return []
        phrase = " ".join(every)  # (a phrase is matched word for word)
        queries = [f'"{phrase}"', " AND ".join(f'"{w}"' for w in words),
                   " OR ".join(f'"{w}"' for w in words)]
        for query in queries:
            try:
                rows = self.db.execute(
                    "SELECT body, field, ids, source, rel, bm25(t) FROM t WHERE t MATCH ? "
                    "ORDER BY bm25(t) LIMIT ?", (query, limit)).fetchall()
            except sqlite3.OperationalError:
                continue
            if rows:
                hits = [Hit(ids.split("\t"), fld, body, src, rank,
                            tuple(rel.split("\t")) if rel else None)  # type: ignore[arg-type]
                        for body, fld, ids, src, rel, rank in rows]
                strength = "phrase" if query is queries[0] else \
                    "all" if query is queries[1] else "some"
                for h in hits:
                    h.strength = strength  # type: ignore[attr-defined]
                return hits
        return []


def _serialized(kg: KnowledgeGraph) -> dict[str, bytes]:
    """The index, as the bytes of its database (kept beside the compiled graph: built
    once, it is read back in a fraction of the time)."""
    return {"db": TextIndex.build(kg).serialize()}


def text_index(kg: KnowledgeGraph) -> TextIndex:
    """The full-text index of ``kg``: built once per graph, and kept in the compiled
    cache (see :func:`kgraph.graph.derived`)."""
    from kgraph.graph import derived

    found: Any = kg.__dict__.get("_ask_text")
    if found is None:
        db = sqlite3.connect(":memory:")
        db.deserialize(derived(kg, "_ask_text_db", _serialized)["db"])
        found = kg.__dict__["_ask_text"] = TextIndex(db)
    return found  # type: ignore[no-any-return]
