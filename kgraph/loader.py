"""YAML -> plain values that remember where they came from.

Files are parsed with PyYAML's composer (the C one when available) into a node tree, and
the tree is turned into :class:`YMap` / :class:`YList` / scalars by our own code. That lets
us

* keep the ``line:col`` of every key and value,
* report duplicate keys (PyYAML silently keeps the last one),
* refuse tags that construct objects (``!!python/object``) and bound alias expansion,
* resolve plain scalars by the YAML 1.2 core schema: ``no`` and ``on`` stay strings and
  ``2017-12-06`` stays the string a date field expects.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kgraph.errors import Problem

try:  # libyaml is much faster; fall back to the pure-Python composer when absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 64
MAX_NODES = 2_000_000
MAX_SCALAR = 10 * 1024 * 1024

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_SAFE_TAGS = _SCALAR_TAGS | {_TAG + "map", _TAG + "seq"}

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INF = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}
_NINF = {"-.inf", "-.Inf", "-.INF"}
_NAN = {".nan", ".NaN", ".NAN"}


class YMap(dict):  # type: ignore[type-arg]
    """A mapping that remembers its own position and the position of each key and value."""

    __slots__ = ("line", "col", "keypos", "valpos")

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

    __slots__ = ("line", "col", "itempos")

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
    if _FLOAT.match(text):
        return float(text)
    if text in _INF:
        return math.inf
    if text in _NINF:
        return -math.inf
    if text in _NAN:
        return math.nan
    return text


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.nodes = 0
        self.expanded: dict[int, int] = {}

    def problem(self, node: yaml.Node, message: str, rule: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.path, m.line + 1, m.column + 1, message, rule))

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(node, f"more than {MAX_NODES:,} values (alias expansion?)")
        if depth > MAX_DEPTH:
            raise _TooBig(node, f"nesting deeper than {MAX_DEPTH} levels")
        if node.tag not in _SAFE_TAGS and not node.tag.startswith("!"):
            self.problem(node, f"tag '{node.tag}' is not allowed: kgraph data holds only "
                         "mappings, lists and plain values", "yaml-tag")
            return None
        if node.tag.startswith("!"):
            self.problem(node, f"local tag '{node.tag}' is not allowed; remove it", "yaml-tag")
            return None
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.MappingNode):
            out = YMap(line, col)
            for knode, vnode in node.value:
                key = self.convert(knode, depth + 1)
                if isinstance(key, (list, dict)) or key is None:
                    self.problem(knode, "a key must be a plain text value", "yaml-key")
                    continue
                key = str(key) if not isinstance(key, str) else key
                kpos = (knode.start_mark.line + 1, knode.start_mark.column + 1)
                if key in out:
                    first = out.keypos[key]
                    self.problem(knode, f"duplicate key '{key}' (first given at line {first[0]}); "
                                 "remove one of them", "duplicate-key")
                    continue
                out[key] = self.convert(vnode, depth + 1)
                out.keypos[key] = kpos
                out.valpos[key] = (vnode.start_mark.line + 1, vnode.start_mark.column + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            seq = YList(line, col)
            for item in node.value:
                seq.itempos.append((item.start_mark.line + 1, item.start_mark.column + 1))
                seq.append(self.convert(item, depth + 1))
            return seq
        text = node.value
        if len(text) > MAX_SCALAR:
            raise _TooBig(node, f"a value longer than {MAX_SCALAR // (1024 * 1024)} MiB")
        if node.style or node.tag == _TAG + "str":  # C composer: plain style is ""
            return text  # quoted, block, or plain text that is no number/bool/null
        # PyYAML resolved this plain scalar by YAML 1.1 (yes/no, dates...); use YAML 1.2
        return resolve_plain(text)
        if node.tag == _TAG + "str":
            return text if node.style is not None else resolve_plain(text) if False else text
        return resolve_plain(text)


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, what: str) -> None:
        self.node = node
        self.what = what


def _decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Problem(path, line, col,
                             f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                             "encoding")


def parse_text(path: str, text: str) -> LoadedFile:
    """Parse YAML text into YMap/YList/scalars, collecting problems instead of raising."""
    out = LoadedFile(path)
    if "\t" in text:
        # tabs are fine inside values but YAML forbids them in indentation; libyaml's
        # message for that is cryptic, so say it plainly.
        for lineno, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                col = len(line) - len(stripped) + 1
                out.problems.append(Problem(path, lineno, col,
                                            "tab used for indentation; indent with spaces",
                                            "yaml-syntax"))
                return out
    try:
        docs = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context and exc.problem:
            what = f"{exc.problem} ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        out.problems.append(Problem(path, line, col, f"YAML syntax error: {what}", "yaml-syntax"))
        return out
    except yaml.YAMLError as exc:  # reader errors (control characters) and the like
        mark = getattr(exc, "position", None)
        line, col = _offset_to_pos(text, mark) if isinstance(mark, int) else (1, 1)
        out.problems.append(Problem(path, line, col, f"YAML error: {exc}", "yaml-syntax"))
        return out
    except RecursionError:
        out.problems.append(Problem(path, 1, 1, "YAML nested too deeply", "yaml-depth"))
        return out
    if len(docs) > 1:
        m = docs[1].start_mark
        out.problems.append(Problem(path, m.line + 1, m.column + 1,
                                    "more than one YAML document in the file; keep one "
                                    "(remove the '---' separator)", "top-level"))
        return out
    if not docs:
        out.root = None
        return out
    conv = _Converter(path)
    try:
        out.root = conv.convert(docs[0])
    except _TooBig as exc:
        m = exc.node.start_mark
        out.problems.append(Problem(path, m.line + 1, m.column + 1,
                                    f"refusing to load {exc.what}", "yaml-limit"))
        out.root = None
    except RecursionError:
        out.problems.append(Problem(path, 1, 1, "YAML nested too deeply", "yaml-depth"))
        out.root = None
    out.problems.extend(conv.problems)
    return out


def _offset_to_pos(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and parse one YAML file; I/O and encoding problems become Problems."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return LoadedFile(name, None, [Problem(name, 0, 0, f"cannot read file: {exc.strerror}",
                                               "io")])
    text, problem = _decode(name, raw)
    if problem is not None:
        return LoadedFile(name, None, [problem])
    assert text is not None
    return parse_text(name, text)
