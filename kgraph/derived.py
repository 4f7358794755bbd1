"""Derived tables: what queries build from a compiled graph (the name index, a question
vocabulary), kept in the cache beside it (``derived-<key>-<name>-<code>.kgd``).

A table is stored as plain data, without knowing who uses it: a dict (a large one as a
lazy :class:`kgraph.lazy.Table`, read entry by entry), or an instance of the class its
builder names in the running code, whose ``__dict__`` holds such values; reading one
never runs code from the file. ``<code>`` is a fingerprint of the builder's module, so
that another version of it builds its table again.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.graph import STORE_KEY, KnowledgeGraph
from kgraph.inputs import COMPILING, code_of, fingerprint
from kgraph.store import (
    MARSHAL,
    Damaged,
    Sections,
    cache_dir,
    offsets,
    open_sections,
    sections,
    write,
)

if TYPE_CHECKING:
    from kgraph.model import Dataset

DERIVED_MAGIC = b"KGDERIV2"

Builders = Callable[[], Sequence[Callable[[KnowledgeGraph], Any]]]

TABLE_ABOVE = 512  # dicts with more entries than this are stored as lazy tables


def attach_store(kg: KnowledgeGraph, key: str) -> None:
    """Let :func:`kgraph.graph.derived` find and keep, for ``kg``, what queries build."""

    def store(attr: str, build: Callable[[KnowledgeGraph], Any]) -> Any:
        path = cache_dir() / f"derived-{key}-{attr.strip('_')}-{_code(build)}.kgd"
        found = _load_derived(path, kg, build)
        if found is not None:
            return found
        made = build(kg)
        chunks = _encode_derived(made, kg, build)
        if chunks is not None:
            write(path, chunks)
        return made

    kg.__dict__[STORE_KEY] = store


def _code(build: Callable[..., Any]) -> str:
    """A fingerprint of the code that builds a derived table: its module's source."""
    module = sys.modules.get(getattr(build, "__module__", "") or "")
    h = hashlib.sha256(fingerprint(COMPILING))
    h.update(code_of(getattr(module, "__file__", None)))
    h.update(getattr(build, "__qualname__", "").encode())
    return h.hexdigest()[:16]


def _table_parts(name: str, table: dict[Any, Any]) -> dict[str, bytes | list[bytes]]:
    parts = list(map(marshal.dumps, table.values(), itertools.repeat(MARSHAL)))
    return {f"{name}.keys": marshal.dumps(list(table), MARSHAL), f"{name}.off": offsets(parts),
            f"{name}.blob": parts}


def _table(name: str, found: Sections) -> Any:
    from kgraph.lazy import Table

    keys = found.value(f"{name}.keys")
    off = found.array(f"{name}.off", "q")
    blob = found.blob(f"{name}.blob")
    if not isinstance(keys, list) or len(off) != len(keys) + 1 or off[-1] != len(blob):
        raise Damaged("inconsistent table")
    return Table(keys, off, blob)


def _encode_derived(obj: Any, kg: KnowledgeGraph, build: Callable[..., Any]
                    ) -> list[bytes] | None:
    """A structure built from the graph, as plain data, or None when it cannot be
    stored: a dict (large ones as a lazy :class:`kgraph.graph.Table`), or an instance of
    the class ``build`` whose ``__dict__`` holds such values (and maybe ``kg`` itself)."""
    try:
        if isinstance(obj, dict):
            return sections({"head": marshal.dumps(("table",), MARSHAL),
                             **_table_parts("value", obj)}, DERIVED_MAGIC)
        state = getattr(obj, "__dict__", None)
        cls = _made_by(build)
        if state is None or cls is None or type(obj) is not cls:
            return None
        refs = [k for k, v in state.items() if v is kg]
        tables = [k for k, v in state.items()
                  if type(v) is dict and len(v) > TABLE_ABOVE and k not in refs]
        plain = {k: v for k, v in state.items() if k not in refs and k not in tables}
        parts: dict[str, bytes | list[bytes]] = {"head": marshal.dumps(
            ("object", cls.__qualname__, plain, refs, tables), MARSHAL)}
        for name in tables:
            parts.update(_table_parts(name, state[name]))
        return sections(parts, DERIVED_MAGIC)
    except ValueError:
        return None


def _made_by(build: Callable[..., Any]) -> type | None:
    """The class whose instances ``build`` makes, when it says so: the class itself, or
    a class method of it; None for any other function (what it makes is not stored)."""
    if isinstance(build, type):
        return build
    owner = getattr(build, "__self__", None)
    return owner if isinstance(owner, type) else None


def _load_derived(path: Path, kg: KnowledgeGraph, build: Callable[..., Any]) -> Any:
    """A stored derived table; the object, if it is one, is an instance of the class
    ``build`` makes (see :func:`_made_by`: the file names no code, it only holds
    values)."""
    found = open_sections(path, DERIVED_MAGIC)
    if found is None:
        return None
    try:
        head = found.value("head")
        if head == ("table",):
            return _table("value", found)
        kind, qualname, plain, refs, tables = head
        cls = _made_by(build)
        if (kind != "object" or cls is None or qualname != cls.__qualname__
                or not isinstance(plain, dict)):
            return None
        obj: Any = object.__new__(cls)  # (no __init__: the values are set below)
        obj.__dict__.update(plain)
        for name in tables:
            obj.__dict__[name] = _table(name, found)
        for ref in refs:
            obj.__dict__[ref] = kg
        return obj
    except (Damaged, ValueError, TypeError, IndexError, KeyError, AttributeError):
        return None


def prebuild(kg: KnowledgeGraph, key: str, builders: Builders | None) -> None:
    """Build and store the derived tables ``builders`` give for ``kg``."""
    if builders is None:
        return
    attach_store(kg, key)
    for make in builders():
        make(kg)


def index_names(key: str, builders: Builders | None) -> Callable[[Dataset], None]:
    """What a process of its own does during a large cold compile, once the worker's half
    is in: build and store the derived tables ``builders`` give (the name index and
    such), so that the first query is as fast as the next. They may read the entities and the schema only:
    a graph of the nodes is enough (tests/test_scale_cache.py checks they equal those
    built from the whole graph)."""

    def after(ds: Dataset) -> None:
        from kgraph.build import build_graph
        from kgraph.model import Dataset

        graph = build_graph(Dataset(schema=ds.schema, sources=ds.sources,
                                    entities=ds.entities))
        prebuild(KnowledgeGraph(graph, ds.schema, graph.graph["sources"]), key, builders)

    return after
