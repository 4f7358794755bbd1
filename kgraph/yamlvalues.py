"""The values a parsed YAML file is made of: mappings, lists and scalars that remember
their ``line:col``, and the YAML 1.2 core schema for plain scalars.

Both parsers (:mod:`kgraph.fastyaml` and PyYAML's, in :mod:`kgraph.loader`) produce these,
so neither needs the other.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
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
