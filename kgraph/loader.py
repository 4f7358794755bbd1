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

import re
from pathlib import Path
from typing import Any

import yaml

from kgraph import yamlvalues
from kgraph.errors import Problem
from kgraph.yamlvalues import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_SCALAR,
    LoadedFile,
    YList,
    YMap,
    resolve_plain,
)

__all__ = ["MAX_DEPTH", "MAX_NODES", "MAX_SCALAR", "LoadedFile", "YList", "YMap", "load_file",
           "parse_text", "resolve_plain"]

try:  # libyaml is much faster; fall back to the pure-Python composer when absent
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader
_C_READER = _Base is not yaml.SafeLoader  # libyaml reports reader errors at byte offsets

_TAG = "tag:yaml.org,2002:"
_PLAIN = "tag:kgraph,2024:plain"  # an untagged plain scalar, resolved by resolve_plain
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_SAFE_TAGS = _SCALAR_TAGS | {_TAG + "map", _TAG + "seq", _PLAIN}
# explicit core tags on scalars (`!!int "12"`): the types their text may resolve to
_EXPLICIT: dict[str, tuple[type, ...]] = {_TAG + "int": (int,), _TAG + "float": (float, int),
                                          _TAG + "bool": (bool,), _TAG + "null": (type(None),)}

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, except that no plain scalar is resolved by YAML 1.1 rules:
    each gets the ``_PLAIN`` tag and :func:`resolve_plain` applies YAML 1.2 instead.
    Explicit tags are kept, so ``!!str 12`` stays distinguishable from ``12``."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.nodes = 0

    def problem(self, node: yaml.Node, message: str, rule: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.path, m.line + 1, m.column + 1, message, rule))

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.nodes += 1
        limit, deepest = yamlvalues.MAX_NODES, yamlvalues.MAX_DEPTH  # (one place to tune)
        if self.nodes > limit:
            raise _TooBig(node, f"more than {limit:,} values (alias expansion?)")
        if depth > deepest:
            raise _TooBig(node, f"nesting deeper than {deepest} levels", "yaml-depth")
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
                reported = len(self.problems)
                key = self.convert(knode, depth + 1)
                if len(self.problems) > reported:  # a refused tag, already reported
                    continue
                if isinstance(key, (list, dict)) or key is None:
                    self.problem(knode, "a key must be a plain text value", "yaml-key")
                    continue
                if knode.tag == _PLAIN and key == "<<":
                    self.problem(knode, "merge keys ('<<') are not supported; write the "
                                 "fields out", "yaml-key")
                    continue
                if not isinstance(key, str):
                    key = knode.value  # `1:` or `true:` as written, not str(True)
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
        if len(text) > yamlvalues.MAX_SCALAR:
            raise _TooBig(node, f"a value longer than {yamlvalues.MAX_SCALAR >> 20} MiB")
        if node.tag == _PLAIN:
            return resolve_plain(text)
        if node.tag in _EXPLICIT:
            value = resolve_plain(text)
            if type(value) not in _EXPLICIT[node.tag]:
                self.problem(node, f"{text!r} is not a valid '!!{node.tag[len(_TAG):]}' value",
                             "yaml-tag")
                return None
            return float(value) if node.tag == _TAG + "float" else value
        return text  # quoted, block, or tagged !!str / !!timestamp (dates stay text)


class _TooBig(Exception):
    def __init__(self, node: yaml.Node | yaml.Event, what: str, rule: str = "yaml-limit"
                 ) -> None:
        self.node = node
        self.what = what
        self.rule = rule


def _decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # columns count characters, as YAML positions do; the line so far is valid UTF-8
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        what = f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            what = "the file is UTF-16, not UTF-8"  # Windows' "Unicode" encoding
        return None, Problem(path, line, col, f"{what}; save the file as UTF-8", "encoding")


def parse_text(path: str, text: str, fast: bool = True) -> LoadedFile:
    """Parse YAML text into YMap/YList/scalars, collecting problems instead of raising.

    ``fast``: try :mod:`kgraph.fastyaml` first (the same values and positions, several
    times faster); it hands anything outside its subset, and every problem, to PyYAML."""
    if fast:
        from kgraph.fastyaml import parse as parse_fast

        quick = parse_fast(path, text)
        if quick is not None:
            return quick
    out = LoadedFile(path)
    try:
        # the composer recurses once per nesting level (in C with libyaml, where too deep
        # a document crashes the process), so measure the depth on the event stream first
        _check_depth(text)
        docs = list(yaml.compose_all(text, Loader=_Loader))
    except _TooBig as exc:
        m = exc.node.start_mark
        out.problems.append(Problem(path, m.line + 1, m.column + 1,
                                    f"refusing to load {exc.what}", exc.rule))
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        start = exc.context_mark
        if exc.context == "while scanning a simple key" and start:
            mark = start  # a key without its ':' - point at the key, not where it ended
        what = exc.problem or "invalid YAML"
        if exc.context and exc.problem:
            # where what was left unclosed opened, when that is on another line
            where = f" at line {start.line + 1}" if start and mark and start.line != mark.line \
                else ""
            what = f"{exc.problem} ({exc.context}{where})"
            if "duplicate anchor" in exc.context and start:
                what = (f"an anchor is defined twice (first at line {start.line + 1}); "
                        "rename one of them")
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark and _tab_indent(text, mark.line, mark.column):
            # libyaml's message for this is cryptic, so say it plainly
            what = "tab used for indentation; indent with spaces"
        out.problems.append(Problem(path, line, col, f"YAML syntax error: {what}", "yaml-syntax"))
        return out
    except yaml.reader.ReaderError as exc:  # control characters and the like
        offset = exc.position
        if _C_READER:  # a byte offset into the UTF-8 text
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        line, col = _offset_to_pos(text, offset)
        out.problems.append(Problem(path, line, col, f"YAML error: character "
                                    f"U+{exc.character:04X} is not allowed ({exc.reason}); "
                                    "remove it", "yaml-syntax"))
        return out
    except yaml.YAMLError as exc:  # pragma: no cover - every YAMLError subclass is above
        out.problems.append(Problem(path, 1, 1, f"YAML error: {' '.join(str(exc).split())}",
                                    "yaml-syntax"))
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
                                    f"refusing to load {exc.what}", exc.rule))
        out.root = None
    except RecursionError:
        out.problems.append(Problem(path, 1, 1, "YAML nested too deeply", "yaml-depth"))
        out.root = None
    out.problems.extend(conv.problems)
    return out


def _check_depth(text: str) -> None:
    """Raise :class:`_TooBig` at the first collection nested deeper than ``MAX_DEPTH``.

    libyaml's parser is not recursive, and stopping at the first too-deep collection also
    spares its scanner the work (quadratic in the depth) of the rest of the input.
    Syntax errors are left for the composer to raise with the same position.
    """
    cut = _flow_cut(text)
    if cut is not None:
        # PyYAML's scanner reads a whole run of nested '[' / '{' before the parser sees the
        # first of them, and newer releases refuse it at their own depth (1000) with their
        # own message: give it only the text up to a depth it reads in every release, so
        # that the limit and its position here are kgraph's
        text = text[:cut]
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > yamlvalues.MAX_DEPTH:
                raise _TooBig(event, f"nesting deeper than {yamlvalues.MAX_DEPTH} levels",
                              "yaml-depth")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


FLOW_SCAN_LIMIT = 4 * MAX_DEPTH  # far below any YAML library's own limit
_FLOW_MARKS = re.compile(r"[\[\]{}\"'#\n]")


def _flow_cut(text: str) -> int | None:
    """The offset of the first flow collection ('[' or '{') nested deeper than
    ``FLOW_SCAN_LIMIT`` flow levels, or ``None``. Quoted scalars and comments are skipped;
    in block context only a '[' or '{' that starts a value opens a collection (elsewhere it
    is part of a plain scalar)."""
    if text.count("[") + text.count("{") <= FLOW_SCAN_LIMIT:
        return None
    depth = 0
    i = 0
    while (m := _FLOW_MARKS.search(text, i)) is not None:
        j = m.start()
        c = text[j]
        i = j + 1
        if c in "[{":
            if depth or _starts_value(text, j):
                depth += 1
                if depth > FLOW_SCAN_LIMIT:
                    return j
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c == "#":
            if j == 0 or text[j - 1] in " \t\n":
                end = text.find("\n", j)
                if end < 0:
                    return None
                i = end
        elif c in "\"'" and (_starts_value(text, j) if not depth
                             else text[:j].rstrip(" \t\n")[-1:] in ("[", "{", ",", ":", "")):
            i = _after_quoted(text, j)
    return None


def _starts_value(text: str, j: int) -> bool:
    """True when only indentation, '- ' or 'key: ' precede offset ``j`` on its line."""
    before = text[text.rfind("\n", 0, j) + 1: j].rstrip(" \t")
    return before == "" or before.endswith((":", "-", "?"))


def _after_quoted(text: str, j: int) -> int:
    """The offset just after the quoted scalar that starts at ``j`` (or the end)."""
    quote = text[j]
    k = j + 1
    while True:
        end = text.find(quote, k)
        if end < 0:
            return len(text)
        if quote == "'" and text.startswith("''", end):
            k = end + 2
            continue
        if quote == '"':
            slashes = len(text[k:end]) - len(text[k:end].rstrip("\\"))
            if slashes % 2:
                k = end + 1
                continue
        return end + 1


def _tab_indent(text: str, line: int, col: int) -> bool:
    """True when the 0-based ``line:col`` is a tab with only whitespace before it."""
    pos = 0
    for _ in range(line):
        m = _BREAK.search(text, pos)
        if m is None:
            return False
        pos = m.end()
    return text[pos + col: pos + col + 1] == "\t" and not text[pos: pos + col].strip(" \t")


def _offset_to_pos(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line_start = max((m.end() for m in _BREAK.finditer(before)), default=0)
    return len(_BREAK.findall(before)) + 1, offset - line_start + 1


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and parse one YAML file; I/O and encoding problems become Problems."""
    from kgraph.project import read_data_file

    name = display or str(path)
    raw, why = read_data_file(path)
    if raw is None:
        return LoadedFile(name, None, [Problem(name, 0, 0, f"cannot read file: {why}", "io")])
    text, problem = _decode(name, raw)
    if problem is not None:
        return LoadedFile(name, None, [problem])
    assert text is not None
    return parse_text(name, text)
