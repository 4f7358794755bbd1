"""The values a parsed YAML file is made of: mappings, lists and scalars that remember
their ``line:col``, the YAML 1.2 core schema for plain scalars, and the compact form the
per-file parse cache keeps them in.

Both parsers (:mod:`kgraph.fastyaml` and PyYAML's, in :mod:`kgraph.loader`) produce these,
so neither needs the other.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from kgraph.errors import Problem

MAX_DEPTH = 64
MAX_NODES = 2_000_000
MAX_SCALAR = 10 * 1024 * 1024

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INF = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}
_NINF = {"-.inf", "-.Inf", "-.INF"}
_NAN = {".nan", ".NaN", ".NAN"}
# a plain scalar can resolve to something other than text only when it starts with one of
# these (null '~', 'null'; 'true'/'false'; numbers, '.inf', '.nan'): see resolve_plain
MAYBE_NOT_TEXT = frozenset("~nNtTfF.+-0123456789")


class YMap(dict):  # type: ignore[type-arg]
    """A mapping that remembers its own position and the position of each key and value."""

    __slots__ = ("col", "keypos", "line", "valpos")

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line = line
        self.col = col
        self.keypos: dict[str, tuple[int, int]] = {}
        self.valpos: dict[str, tuple[int, int]] = {}

    def pos(self, key: str | None = None, *, value: bool = True) -> tuple[int, int]:
        """Position of ``key``'s value (or of the key), falling back to the mapping's own."""
        if key is None:
            return (self.line, self.col)
        table = self.valpos if value else self.keypos
        return table.get(key) or self.keypos.get(key) or (self.line, self.col)


class YList(list):  # type: ignore[type-arg]
    """A list that remembers its own position and the position of each item."""

    __slots__ = ("col", "itempos", "line")

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line = line
        self.col = col
        self.itempos: list[tuple[int, int]] = []

    def pos(self, index: int | None = None) -> tuple[int, int]:
        if index is None or index >= len(self.itempos):
            return (self.line, self.col)
        return self.itempos[index]


@dataclass
class LoadedFile:
    path: str
    root: Any = None
    problems: list[Problem] = field(default_factory=list)


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text, 8)
    if _HEX.match(text):
        return int(text, 16)
    if _FLOAT.match(text):
        return float(text)
    if text in _INF:
        return math.inf
    if text in _NINF:
        return -math.inf
    if text in _NAN:
        return math.nan
    return text


# -- mappings whose positions are worked out when first asked for -------------------------

_KEYPOS = YMap.__dict__["keypos"]  # the slots of YMap, set through their descriptors
_VALPOS = YMap.__dict__["valpos"]


def _get_keypos(self: LazyMap) -> dict[str, tuple[int, int]]:
    try:
        return _KEYPOS.__get__(self)  # type: ignore[no-any-return]
    except AttributeError:
        self._materialize()
        return _KEYPOS.__get__(self)  # type: ignore[no-any-return]


def _get_valpos(self: LazyMap) -> dict[str, tuple[int, int]]:
    try:
        return _VALPOS.__get__(self)  # type: ignore[no-any-return]
    except AttributeError:
        self._materialize()
        return _VALPOS.__get__(self)  # type: ignore[no-any-return]


class LazyMap(YMap):
    """A :class:`~kgraph.loader.YMap` of a block mapping that works out ``keypos`` and
    ``valpos`` when they are first read, from a compact form: most records are read for
    their values only, and two position tuples per key would double the memory a large
    dataset takes.

    ``_packed`` is ``None`` when every key is on its own line, one after the other from
    the mapping's first line, with its value on the same line after ``key: ``; otherwise
    it holds, per key in order, the key's line and its value's line (both relative to the
    mapping's line) and the value's column. Keys are at the mapping's column.
    """

    __slots__ = ("_done", "_packed")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self._packed: tuple[int, ...] | None = None
        self._done = False  # keypos and valpos built

    keypos = property(_get_keypos, _KEYPOS.__set__)  # type: ignore[assignment]
    valpos = property(_get_valpos, _VALPOS.__set__)  # type: ignore[assignment]

    def pos(self, key: str | None = None, *, value: bool = True) -> tuple[int, int]:
        """As :meth:`YMap.pos`, without building the position tables for one answer."""
        if key is None or key not in self:
            return (self.line, self.col)
        if self._done:
            return YMap.pos(self, key, value=value)
        n = list(dict.keys(self)).index(key)
        packed = self._packed
        if packed is None:
            return (self.line + n, self.col + len(key) + 2 if value else self.col)
        if value:
            return (self.line + packed[3 * n + 1], packed[3 * n + 2])
        return (self.line + packed[3 * n], self.col)

    def _materialize(self) -> None:
        line, col, packed = self.line, self.col, self._packed
        keypos: dict[str, tuple[int, int]] = {}
        valpos: dict[str, tuple[int, int]] = {}
        for n, key in enumerate(dict.keys(self)):
            if packed is None:
                keypos[key] = (line + n, col)
                valpos[key] = (line + n, col + len(key) + 2)
            else:
                keypos[key] = (line + packed[3 * n], col)
                valpos[key] = (line + packed[3 * n + 1], packed[3 * n + 2])
        _KEYPOS.__set__(self, keypos)
        _VALPOS.__set__(self, valpos)
        self._done = True

    def __reduce_ex__(self, protocol: Any) -> Any:  # pickled and copied as a plain YMap
        return (_ymap, (self.line, self.col, list(self.items()), self.keypos, self.valpos))


def _ymap(line: int, col: int, items: list[tuple[str, Any]], keypos: dict[str, Any],
          valpos: dict[str, Any]) -> YMap:
    out = YMap(line, col)
    out.update(items)
    out.keypos = dict(keypos)
    out.valpos = dict(valpos)
    return out


# -- a compact, marshal-able form of parsed values (for the per-file parse cache) -----------

_LAZY, _MAP, _LIST = 0, 1, 2


def encode(value: Any) -> Any:
    """``value`` (as :func:`parse` or :func:`kgraph.loader.parse_text` give it) as nested
    tuples of plain values that :mod:`marshal` can store; :func:`decode` turns it back
    into equal values with the same positions. Scalars stay as they are (never tuples)."""
    if isinstance(value, LazyMap):
        values, nested = _encode_items(value.values())
        return (_LAZY, value.line, value.col, tuple(value), values, value._packed, nested)
    if isinstance(value, YMap):
        values, nested = _encode_items(value.values())
        return (_MAP, value.line, value.col, tuple(value), values, nested,
                tuple(value.keypos[k] for k in value), tuple(value.valpos[k] for k in value))
    if isinstance(value, YList):
        values, nested = _encode_items(value)
        return (_LIST, value.line, value.col, values, nested, tuple(value.itempos))
    return value


def _encode_items(items: Any) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    values = tuple(items)
    if not any(map(isinstance, values, repeat((dict, list)))):
        return values, ()  # (most records: scalars only, looked at in one built-in loop)
    out = []
    nested = []
    for i, v in enumerate(values):
        if isinstance(v, (dict, list)):
            nested.append(i)
            out.append(encode(v))
        else:
            out.append(v)
    return tuple(out), tuple(nested)


def decode(value: Any) -> Any:
    """The values :func:`encode` encoded."""
    if type(value) is not tuple:
        return value
    tag = value[0]
    if tag == _LAZY:
        _, line, col, keys, values, packed, nested = value
        lazy = LazyMap(line, col)
        if nested:
            values = list(values)
            for i in nested:
                values[i] = decode(values[i])
        dict.update(lazy, zip(keys, values))
        lazy._packed = packed
        return lazy
    if tag == _MAP:
        _, line, col, keys, values, nested, keypos, valpos = value
        out = YMap(line, col)
        if nested:
            values = list(values)
            for i in nested:
                values[i] = decode(values[i])
        out.update(zip(keys, values))
        out.keypos = dict(zip(keys, keypos))
        out.valpos = dict(zip(keys, valpos))
        return out
    _, line, col, values, nested, itempos = value
    seq = YList(line, col)
    if nested:
        values = list(values)
        for i in nested:
            values[i] = decode(values[i])
    seq.extend(values)
    seq.itempos = list(itempos)
    return seq
