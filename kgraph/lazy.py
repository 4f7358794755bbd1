"""Lazily built dictionaries over the compiled arrays of :class:`kgraph.graph.Compiled`.

``graph._node``, ``graph._succ`` and ``graph._pred`` of a compiled graph are these
mappings: each node's attributes and each pair's edges are decoded when first read. A
write turns the touched mapping into a plain dict of everything it held (and marks the
arrays as out of date). :class:`Table` is the same for a large stored dict (the name
index).
"""

from __future__ import annotations

import marshal
from collections.abc import ItemsView, Iterator, MutableMapping, ValuesView
from typing import Any

Compiled = Any  # kgraph.graph.Compiled (which imports this module)


class _Lazy(MutableMapping):  # type: ignore[type-arg]
    """A mapping read from compiled arrays until someone writes to it: then it becomes
    (and stays) a plain dict of everything it held."""

    __slots__ = ("_own",)
    _own: dict[Any, Any] | None

    def _plain(self) -> dict[Any, Any]:
        if self._own is None:
            compiled = getattr(self, "_c", None)
            if compiled is not None:
                compiled.changed = True
            self._own = dict(self._items())
        return self._own

    def _items(self) -> Iterator[tuple[Any, Any]]:
        raise NotImplementedError

    def __setitem__(self, key: Any, value: Any) -> None:
        self._plain()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._plain()[key]

    def items(self) -> ItemsView[Any, Any]:
        return _ItemsView(self)

    def values(self) -> ValuesView[Any]:
        return _ValuesView(self)

    def copy(self) -> dict[Any, Any]:
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Lazy):
            other = dict(other.items())
        return dict(self.items()) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (and deep-copied) as a plain dict
        return (dict, (list(self.items()),))


class _ItemsView(ItemsView):  # type: ignore[type-arg]
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        lazy: _Lazy = self._mapping  # type: ignore[attr-defined]
        if lazy._own is not None:
            return iter(lazy._own.items())
        return lazy._items()


class _ValuesView(ValuesView):  # type: ignore[type-arg]
    def __iter__(self) -> Iterator[Any]:
        return (v for _, v in _ItemsView(self._mapping))  # type: ignore[attr-defined]


class _ById(_Lazy):
    """A lazy mapping keyed by every node id of the compiled graph."""

    __slots__ = ()
    _c: Compiled

    def __contains__(self, n: object) -> bool:
        if self._own is not None:
            return n in self._own
        return n in self._c.index

    def __iter__(self) -> Iterator[Any]:
        return iter(self._own if self._own is not None else self._c.ids)

    def __len__(self) -> int:
        return len(self._own if self._own is not None else self._c.ids)


class _Nodes(_ById):
    """``graph._node``: id -> attribute dict, each built from its blob when first read."""

    __slots__ = ("_c",)

    def __init__(self, compiled: Compiled) -> None:
        self._c = compiled
        self._own = None

    def __getitem__(self, n: Any) -> dict[str, Any]:
        if self._own is not None:
            return self._own[n]
        return self._c.node(self._c.index[n])

    def _items(self) -> Iterator[tuple[Any, Any]]:
        c = self._c
        node = c.node
        return ((n, node(i)) for i, n in enumerate(c.ids))


class _Adjacency(_ById):
    """``graph._succ`` or ``graph._pred``: id -> its neighbours (a :class:`_Neighbours`)."""

    __slots__ = ("_c", "_made", "_side")

    def __init__(self, compiled: Compiled, side: str) -> None:
        self._c = compiled
        self._side = side
        self._own = None
        self._made: dict[int, _Neighbours] = {}

    def _at(self, i: int) -> _Neighbours:
        made = self._made.get(i)
        if made is None:
            made = self._made[i] = _Neighbours(self._c, self._side, i)
        return made

    def __getitem__(self, n: Any) -> Any:
        if self._own is not None:
            return self._own[n]
        return self._at(self._c.index[n])

    def _items(self) -> Iterator[tuple[Any, Any]]:
        at = self._at
        return ((n, at(i)) for i, n in enumerate(self._c.ids))


class _Neighbours(_Lazy):
    """One node's neighbours in one direction: neighbour id -> {edge key: attributes}.
    The keyed edge dicts are shared by both directions, as networkx's are."""

    __slots__ = ("_c", "_hi", "_lo", "_nbr", "_pairs", "_where")

    def __init__(self, compiled: Compiled, side: str, i: int) -> None:
        start = compiled.start[side]
        self._c = compiled
        self._lo, self._hi = start[i], start[i + 1]
        self._nbr = compiled.nbr[side]
        self._pairs = compiled.pairs[side]
        self._where: dict[int, int] | None = None  # neighbour index -> pair
        self._own = None

    def _pair_of(self, n: Any) -> int:
        where = self._where
        if where is None:
            lo, hi = self._lo, self._hi
            where = self._where = dict(zip(self._nbr[lo:hi], self._pairs[lo:hi]))
        return where[self._c.index[n]]

    def __getitem__(self, n: Any) -> dict[str, dict[str, Any]]:
        if self._own is not None:
            return self._own[n]
        return self._c.pair(self._pair_of(n))

    def __contains__(self, n: object) -> bool:
        if self._own is not None:
            return n in self._own
        try:
            self._pair_of(n)
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[Any]:
        if self._own is not None:
            return iter(self._own)
        ids = self._c.ids
        return (ids[j] for j in self._nbr[self._lo:self._hi])

    def __len__(self) -> int:
        return len(self._own) if self._own is not None else self._hi - self._lo

    def _items(self) -> Iterator[tuple[Any, Any]]:
        c = self._c
        ids, pair = c.ids, c.pair
        lo, hi = self._lo, self._hi
        return ((ids[j], pair(p)) for j, p in zip(self._nbr[lo:hi], self._pairs[lo:hi]))


class Table(_Lazy):
    """A large dict stored as its keys (in order) and one marshal blob per value, as the
    compiled cache keeps the name index: a lookup reads one value, not all of them."""

    __slots__ = ("_blob", "_keys", "_off", "_pos", "_values")

    def __init__(self, keys: list[Any], off: Any, blob: Any) -> None:
        self._keys = keys
        self._pos: dict[Any, int] | None = None
        self._off = off
        self._blob = blob
        self._values: dict[int, Any] = {}
        self._own = None

    def _value(self, i: int) -> Any:
        value = self._values.get(i)
        if value is None:
            from kgraph.errors import DamagedCache
            from kgraph.store import Damaged

            off = self._off
            try:
                value = self._values[i] = marshal.loads(self._blob[off[i]:off[i + 1]])
            except (Damaged, ValueError, EOFError, TypeError):
                raise DamagedCache("a table in the cache is damaged; run 'kgraph cache "
                                   "clear' and try again") from None
        return value

    def _at(self, key: Any) -> int:
        pos = self._pos
        if pos is None:
            pos = self._pos = dict(zip(self._keys, range(len(self._keys))))
        return pos[key]

    def __getitem__(self, key: Any) -> Any:
        if self._own is not None:
            return self._own[key]
        return self._value(self._at(key))

    def __contains__(self, key: object) -> bool:
        if self._own is not None:
            return key in self._own
        try:
            self._at(key)
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[Any]:
        return iter(self._own if self._own is not None else self._keys)

    def __len__(self) -> int:
        return len(self._own if self._own is not None else self._keys)

    def _items(self) -> Iterator[tuple[Any, Any]]:
        value = self._value
        return ((k, value(i)) for i, k in enumerate(self._keys))
